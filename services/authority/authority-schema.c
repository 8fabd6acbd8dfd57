/* authority-schema.c: the database schema as numbered migrations
 *
 * One SQL text for both databases (TEXT, INTEGER, BIGINT; times are Unix
 * seconds from the service's clock, never the database's). The personal ID
 * leads every primary key that will shard. Uniqueness is the database's
 * job: one live account per personal ID (the primary key), one phone per
 * account (a partial unique index), one status list entry per credential.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority.h"

static const ServiceMigration core_migrations[] = {
  { 1, "accounts, officers, audit log, sessions",
    "CREATE TABLE accounts ("
    "  personal_id TEXT PRIMARY KEY CHECK (length(personal_id) = 12),"
    "  registration_id TEXT NOT NULL UNIQUE,"
    "  phone TEXT NOT NULL,"
    "  email TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('pending', 'rejected', 'approved', 'active', 'locked')),"
    "  level INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1, 2)),"
    "  requested_level INTEGER NOT NULL DEFAULT 1 CHECK (requested_level IN (1, 2)),"
    "  created_at BIGINT NOT NULL,"
    "  decision_due BIGINT NOT NULL,"
    "  decided_at BIGINT,"
    "  decided_by TEXT,"
    "  decision_reason TEXT,"
    "  otp_hash TEXT,"
    "  otp_expires_at BIGINT NOT NULL DEFAULT 0,"
    "  otp_attempts INTEGER NOT NULL DEFAULT 0,"
    "  otp_sent_at BIGINT NOT NULL DEFAULT 0,"
    "  password_hash TEXT,"
    "  password_changed_at BIGINT,"
    "  failed_logins INTEGER NOT NULL DEFAULT 0,"
    "  throttled_until BIGINT NOT NULL DEFAULT 0,"
    "  locked_until BIGINT NOT NULL DEFAULT 0,"
    "  card_number TEXT,"
    "  in_person_at BIGINT,"
    "  in_person_officer TEXT"
    ");"
    /* A rejected registration leaves its phone free for another. */
    "CREATE UNIQUE INDEX accounts_phone_unique ON accounts (phone) WHERE status <> 'rejected';"
    "CREATE INDEX accounts_by_status ON accounts (status, decision_due);"
    "CREATE TABLE officers ("
    "  officer_id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL"
    ");"
    /* Append-only (triggers below): who, what, when, why. */
    "CREATE TABLE audit_log ("
    "  personal_id TEXT NOT NULL,"
    "  event_id TEXT NOT NULL,"
    "  at BIGINT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  detail TEXT,"
    "  source TEXT,"
    "  PRIMARY KEY (personal_id, event_id)"
    ");"
    "CREATE INDEX audit_log_by_time ON audit_log (at);"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY,"
    "  personal_id TEXT NOT NULL REFERENCES accounts (personal_id),"
    "  created_at BIGINT NOT NULL,"
    "  expires_at BIGINT NOT NULL"
    ");"
    "CREATE INDEX sessions_by_account ON sessions (personal_id);"
    /* What `serve` was started with (issuer URL, keys, SMS outbox,
     * population), so that the officer verbs need only the database. */
    "CREATE TABLE settings ("
    "  name TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    "CREATE FUNCTION audit_log_append_only () RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;"
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION audit_log_append_only ();" },
  { 2, "status lists and issued credentials",
    "CREATE TABLE status_lists ("
    "  list_id INTEGER PRIMARY KEY,"
    "  signer TEXT NOT NULL CHECK (signer IN ('population-db', 'vss-bhyt')),"
    "  bits INTEGER NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  version BIGINT NOT NULL DEFAULT 0,"
    "  token TEXT,"
    "  iat BIGINT NOT NULL DEFAULT 0,"
    "  exp BIGINT NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE credentials ("
    "  personal_id TEXT NOT NULL REFERENCES accounts (personal_id),"
    "  credential_id TEXT NOT NULL,"
    "  credential TEXT NOT NULL CHECK (credential IN ('pid', 'cccd', 'contact', 'bhyt')),"
    "  list_id INTEGER NOT NULL REFERENCES status_lists (list_id),"
    "  idx INTEGER NOT NULL,"
    "  status INTEGER NOT NULL DEFAULT 0,"
    "  issued_at BIGINT NOT NULL,"
    "  changed_at BIGINT,"
    "  PRIMARY KEY (personal_id, credential_id),"
    "  UNIQUE (list_id, idx)"
    ");"
    "CREATE INDEX credentials_by_status ON credentials (list_id, status);"
    /* One list per signing issuer to begin with; more when one fills up. */
    "INSERT INTO status_lists (list_id, signer, bits, size) VALUES"
    " (1, 'population-db', 2, 131072), (2, 'vss-bhyt', 2, 131072);",
    NULL, NULL },
  { 0 }
};

ServiceStore *
authority_store_open (const char  *uri,
                      GError     **error)
{
  static const ServiceMigration *const migrations[] = {
    core_migrations, authority_issuance_migrations, NULL,
  };

  return service_store_open (uri, "vneid-authority", migrations, error);
}
