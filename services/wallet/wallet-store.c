/* wallet-store.c: the wallet's SQLite file (account, credentials, history)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sqlite3.h>

#include "wallet.h"

struct _WalletStore {
  sqlite3 *db;
};

static const char schema[] =
  "PRAGMA journal_mode = WAL;"
  "PRAGMA synchronous = NORMAL;"
  "CREATE TABLE IF NOT EXISTS account (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS credentials (kind TEXT PRIMARY KEY, text TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
  "  client_id TEXT NOT NULL, verifier_name TEXT NOT NULL, attributes TEXT NOT NULL,"
  "  outcome TEXT NOT NULL, detail TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS history_at ON history (at);";

static gboolean
set_sqlite_error (WalletStore  *store,
                  const char   *what,
                  GError      **error)
{
  g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_INTERNAL, "wallet database: %s: %s",
               what, sqlite3_errmsg (store->db));
  return FALSE;
}

WalletStore *
wallet_store_open (const char  *path,
                   GError     **error)
{
  WalletStore *store = g_new0 (WalletStore, 1);
  char *message = NULL;

  if (sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      set_sqlite_error (store, path, error);
      wallet_store_free (store);
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);
  if (sqlite3_exec (store->db, schema, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_INTERNAL, "wallet database %s: %s", path, message);
      sqlite3_free (message);
      wallet_store_free (store);
      return NULL;
    }
  return store;
}

void
wallet_store_free (WalletStore *store)
{
  if (store == NULL)
    return;
  sqlite3_close (store->db);
  g_free (store);
}

/* NULL (logged) only for a bug in the SQL text. */
static sqlite3_stmt *
prepare (WalletStore *store,
         const char  *sql)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &statement, NULL) != SQLITE_OK)
    g_warning ("%s: %s", WALLET_NAME, sqlite3_errmsg (store->db));
  return statement;
}

static gboolean
finish (WalletStore   *store,
        sqlite3_stmt  *statement,
        const char    *what,
        GError       **error)
{
  int status = statement != NULL ? sqlite3_step (statement) : SQLITE_ERROR;

  sqlite3_finalize (statement);
  if (status != SQLITE_DONE)
    return set_sqlite_error (store, what, error);
  return TRUE;
}

char *
wallet_store_get (WalletStore *store,
                  const char  *name)
{
  sqlite3_stmt *statement = prepare (store, "SELECT value FROM account WHERE name = ?1");
  char *value = NULL;

  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (statement) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  return value;
}

gboolean
wallet_store_set (WalletStore  *store,
                  const char   *name,
                  const char   *value,
                  GError      **error)
{
  sqlite3_stmt *statement = prepare (store, "INSERT INTO account (name, value) VALUES (?1, ?2)"
                                            " ON CONFLICT (name) DO UPDATE SET value = excluded.value");

  if (statement != NULL)
    {
      sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, value, -1, SQLITE_STATIC);
    }
  return finish (store, statement, "saving the account", error);
}

gboolean
wallet_store_add_credential (WalletStore  *store,
                             const char   *kind,
                             const char   *text,
                             GError      **error)
{
  sqlite3_stmt *statement = prepare (store, "INSERT INTO credentials (kind, text, received_at) VALUES (?1, ?2, ?3)"
                                            " ON CONFLICT (kind) DO UPDATE SET text = excluded.text,"
                                            " received_at = excluded.received_at");

  if (statement != NULL)
    {
      sqlite3_bind_text (statement, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 3, g_get_real_time () / G_USEC_PER_SEC);
    }
  return finish (store, statement, "saving the credential", error);
}

static void
credential_free (gpointer data)
{
  WalletCredential *credential = data;

  g_free (credential->kind);
  g_free (credential->text);
  g_free (credential);
}

GPtrArray *
wallet_store_list_credentials (WalletStore *store)
{
  GPtrArray *credentials = g_ptr_array_new_with_free_func (credential_free);
  sqlite3_stmt *statement = prepare (store, "SELECT kind, text, received_at FROM credentials ORDER BY"
                                            " CASE kind WHEN 'pid' THEN 0 WHEN 'cccd' THEN 1"
                                            " WHEN 'contact' THEN 2 WHEN 'bhyt' THEN 3 ELSE 4 END, kind");

  while (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      WalletCredential *credential = g_new0 (WalletCredential, 1);

      credential->kind = g_strdup ((const char *) sqlite3_column_text (statement, 0));
      credential->text = g_strdup ((const char *) sqlite3_column_text (statement, 1));
      credential->received_at = sqlite3_column_int64 (statement, 2);
      g_ptr_array_add (credentials, credential);
    }
  sqlite3_finalize (statement);
  return credentials;
}

gboolean
wallet_store_add_share (WalletStore        *store,
                        const WalletShare  *share,
                        GError            **error)
{
  sqlite3_stmt *statement = prepare (store, "INSERT INTO history (at, client_id, verifier_name, attributes,"
                                            " outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  sqlite3_stmt *purge;

  if (statement != NULL)
    {
      sqlite3_bind_int64 (statement, 1, share->at);
      sqlite3_bind_text (statement, 2, share->client_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 3, share->verifier_name != NULL ? share->verifier_name : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 4, share->attributes != NULL ? share->attributes : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 5, share->outcome, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 6, share->detail != NULL ? share->detail : "", -1, SQLITE_STATIC);
    }
  if (!finish (store, statement, "recording the sharing", error))
    return FALSE;
  purge = prepare (store, "DELETE FROM history WHERE at < ?1");
  if (purge != NULL)
    sqlite3_bind_int64 (purge, 1, share->at - WALLET_HISTORY_SECONDS);
  return finish (store, purge, "purging old history", error);
}

static void
share_free (gpointer data)
{
  WalletShare *share = data;

  g_free (share->client_id);
  g_free (share->verifier_name);
  g_free (share->attributes);
  g_free (share->outcome);
  g_free (share->detail);
  g_free (share);
}

GPtrArray *
wallet_store_list_shares (WalletStore *store)
{
  GPtrArray *shares = g_ptr_array_new_with_free_func (share_free);
  sqlite3_stmt *statement = prepare (store, "SELECT at, client_id, verifier_name, attributes, outcome, detail"
                                            " FROM history ORDER BY at DESC, id DESC");

  while (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      WalletShare *share = g_new0 (WalletShare, 1);

      share->at = sqlite3_column_int64 (statement, 0);
      share->client_id = g_strdup ((const char *) sqlite3_column_text (statement, 1));
      share->verifier_name = g_strdup ((const char *) sqlite3_column_text (statement, 2));
      share->attributes = g_strdup ((const char *) sqlite3_column_text (statement, 3));
      share->outcome = g_strdup ((const char *) sqlite3_column_text (statement, 4));
      share->detail = g_strdup ((const char *) sqlite3_column_text (statement, 5));
      g_ptr_array_add (shares, share);
    }
  sqlite3_finalize (statement);
  return shares;
}
