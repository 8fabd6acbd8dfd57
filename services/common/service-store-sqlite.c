/* service-store-sqlite.c: the embedded default, one SQLite file in WAL mode
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sqlite3.h>

#include "service-store-private.h"

/* How long a writer waits for another process's transaction (the CLI
 * beside a running server) before the attempt counts as busy. */
#define BUSY_TIMEOUT_MS 10000

static void
set_sqlite_error (sqlite3     *db,
                  int          status,
                  const char  *what,
                  GError     **error)
{
  int primary = status & 0xff;
  int code = SERVICE_STORE_ERROR_FAILED;

  if (primary == SQLITE_CONSTRAINT)
    code = SERVICE_STORE_ERROR_CONSTRAINT;
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    code = SERVICE_STORE_ERROR_BUSY;
  g_set_error (error, SERVICE_STORE_ERROR, code, "SQLite: %s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (status));
}

static gboolean
sqlite_exec_script (ServiceStore    *store,
                    const char      *sql,
                    GError         **error)
{
  int status = sqlite3_exec (store->handle, sql, NULL, NULL, NULL);

  if (status != SQLITE_OK)
    {
      set_sqlite_error (store->handle, status, "executing", error);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
get_statement (ServiceStore    *store,
               const char      *sql,
               GError         **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (store->statements, sql);
  int status;

  if (statement != NULL)
    return statement;
  status = sqlite3_prepare_v2 (store->handle, sql, -1, &statement, NULL);
  if (status != SQLITE_OK)
    {
      set_sqlite_error (store->handle, status, "preparing a statement", error);
      return NULL;
    }
  g_hash_table_insert (store->statements, g_strdup (sql), statement);
  return statement;
}

/* Binds $k to params[k-1], by name, so that SQL may use them in any order. */
static gboolean
bind_parameters (ServiceStore        *store,
                 sqlite3_stmt        *statement,
                 const char * const  *params,
                 guint                n_params,
                 GError             **error)
{
  int count = sqlite3_bind_parameter_count (statement);

  for (int i = 1; i <= count; i++)
    {
      const char *name = sqlite3_bind_parameter_name (statement, i);
      guint64 number = 0;

      if (name == NULL || name[0] != '$' ||
          !g_ascii_string_to_unsigned (name + 1, 10, 1, n_params, &number, NULL))
        {
          g_set_error (error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_FAILED,
                       "SQLite: parameter %s has no value (%u given)", name ? name : "?", n_params);
          return FALSE;
        }
      if (sqlite3_bind_text (statement, i, params[number - 1], -1, SQLITE_TRANSIENT) != SQLITE_OK)
        {
          set_sqlite_error (store->handle, SQLITE_ERROR, "binding", error);
          return FALSE;
        }
    }
  return TRUE;
}

static ServiceRows *
collect_rows (ServiceStore    *store,
              sqlite3_stmt    *statement,
              GError         **error)
{
  guint n_columns = sqlite3_column_count (statement);
  g_autoptr(ServiceRows) rows = service_rows_new (n_columns);
  g_autofree const char **values = g_new0 (const char *, n_columns + 1);
  int status;

  while ((status = sqlite3_step (statement)) == SQLITE_ROW)
    {
      for (guint i = 0; i < n_columns; i++)
        values[i] = (const char *) sqlite3_column_text (statement, i);
      service_rows_add_row (rows, values);
    }
  if (status != SQLITE_DONE)
    {
      set_sqlite_error (store->handle, status, "running a statement", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static ServiceRows *
sqlite_run (ServiceStore        *store,
            const char          *sql,
            const char * const  *params,
            guint                n_params,
            gint64              *changes,
            GError             **error)
{
  sqlite3_stmt *statement = get_statement (store, sql, error);
  ServiceRows *rows = NULL;

  if (statement == NULL)
    return NULL;
  if (bind_parameters (store, statement, params, n_params, error))
    rows = collect_rows (store, statement, error);
  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
  if (rows != NULL && changes != NULL)
    *changes = sqlite3_changes (store->handle);
  return rows;
}

static void
sqlite_close (ServiceStore *store)
{
  g_clear_pointer (&store->statements, g_hash_table_unref);
  sqlite3_close_v2 (store->handle);
  store->handle = NULL;
}

static void
finalize_statement (gpointer statement)
{
  sqlite3_finalize (statement);
}

static const ServiceStoreBackend sqlite_backend = {
  .exec_script = sqlite_exec_script,
  .run = sqlite_run,
  .close = sqlite_close,
};

gboolean
service_store_sqlite_open (ServiceStore    *store,
                           const char      *path,
                           GError         **error)
{
  sqlite3 *db = NULL;
  int status;

  status = sqlite3_open_v2 (path, &db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (status != SQLITE_OK)
    {
      set_sqlite_error (db, status, path, error);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  store->backend = &sqlite_backend;
  store->handle = db;
  store->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             finalize_statement);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  /* WAL: readers never block the writer; synchronous=FULL: a transaction
   * acknowledged is on disk (the restart test kills the server). */
  return sqlite_exec_script (store,
                             "PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = FULL;"
                             "PRAGMA foreign_keys = ON;",
                             error);
}
