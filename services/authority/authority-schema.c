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
#include "authority-store-private.h"

static const AuthorityMigration core_migrations[] = {
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
};

static gboolean
lock_migrations (AuthorityStore  *store,
                 gboolean         lock,
                 GError         **error)
{
  /* Two processes starting on one new PostgreSQL database must not both
   * create the tables; SQLite's BEGIN IMMEDIATE serializes them already. */
  if (!authority_store_is_postgresql (store))
    return TRUE;
  return authority_store_exec (store,
                               lock ? "SELECT pg_advisory_lock (727201)" : "SELECT pg_advisory_unlock (727201)",
                               NULL, 0, NULL, error);
}

static gboolean
apply_migration (AuthorityStore            *store,
                 const AuthorityMigration  *migration,
                 GError                   **error)
{
  g_autofree char *version = g_strdup_printf ("%d", migration->version);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  const char *params[] = { version, migration->description, now };
  const char *specific = authority_store_is_postgresql (store) ? migration->postgresql_sql : migration->sqlite_sql;
  g_autoptr(AuthorityRows) applied = NULL;

  if (!authority_store_begin (store, error))
    return FALSE;
  applied = authority_store_query (store, "SELECT 1 FROM schema_migrations WHERE version = $1",
                                   params, 1, error);
  if (applied == NULL)
    goto fail;
  if (authority_rows_get_n_rows (applied) > 0)
    {
      authority_store_rollback (store);
      return TRUE;
    }
  if (!store->backend->exec_script (store, migration->sql, error) ||
      (specific != NULL && !store->backend->exec_script (store, specific, error)) ||
      !authority_store_exec (store,
                             "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)",
                             params, 3, NULL, error))
    goto fail;
  return authority_store_commit (store, error);

fail:
  authority_store_rollback (store);
  g_prefix_error (error, "schema migration %d (%s): ", migration->version, migration->description);
  return FALSE;
}

static gboolean
apply_migrations (AuthorityStore            *store,
                  const AuthorityMigration  *migrations,
                  gsize                      n_migrations,
                  GError                   **error)
{
  for (gsize i = 0; i < n_migrations && migrations[i].version != 0; i++)
    if (!apply_migration (store, &migrations[i], error))
      return FALSE;
  return TRUE;
}

static int
newest_known_version (void)
{
  int newest = core_migrations[G_N_ELEMENTS (core_migrations) - 1].version;

  for (gsize i = 0; authority_issuance_migrations[i].version != 0; i++)
    newest = MAX (newest, authority_issuance_migrations[i].version);
  return newest;
}

/* A database migrated by a newer program may hold what this one does not
 * understand: refuse it rather than write into it. */
static gboolean
check_not_newer (AuthorityStore  *store,
                 GError         **error)
{
  g_autoptr(AuthorityRows) rows = authority_store_query (store, "SELECT max(version) FROM schema_migrations",
                                                         NULL, 0, error);
  gint64 newest;

  if (rows == NULL)
    return FALSE;
  newest = authority_rows_get_int (rows, 0, 0);
  if (newest > newest_known_version ())
    {
      g_set_error (error, AUTHORITY_STORE_ERROR, AUTHORITY_STORE_ERROR_FAILED,
                   "the database schema is at version %" G_GINT64_FORMAT
                   ", newer than this program knows (%d): use a newer vneid-authority",
                   newest, newest_known_version ());
      return FALSE;
    }
  return TRUE;
}

gboolean
authority_schema_migrate (AuthorityStore  *store,
                          GError         **error)
{
  gboolean ok;

  if (!lock_migrations (store, TRUE, error))
    return FALSE;
  ok = store->backend->exec_script (store,
                                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                    "  version INTEGER PRIMARY KEY,"
                                    "  description TEXT NOT NULL,"
                                    "  applied_at BIGINT NOT NULL)",
                                    error) &&
       check_not_newer (store, error) &&
       apply_migrations (store, core_migrations, G_N_ELEMENTS (core_migrations), error) &&
       apply_migrations (store, authority_issuance_migrations, G_MAXSIZE, error);
  lock_migrations (store, FALSE, NULL);
  return ok;
}
