/* service-store.c: one SQL interface over SQLite and PostgreSQL, and the
 * versioned migrations of each service's schema
 *
 * SQL text uses $1..$N placeholders and passes every parameter as text; both
 * databases convert text to the column's type. Integers come back as text
 * too (service_rows_get_int() parses them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "service-store-private.h"

G_DEFINE_QUARK (service-store-error-quark, service_store_error)

/* How often a transaction that lost a race (busy, serialization failure,
 * deadlock) is run again before the error reaches the caller. */
#define TRANSACTION_ATTEMPTS 8

struct _ServiceRows {
  guint      n_columns;
  GPtrArray *values;   /* row-major, NULL for SQL NULL */
};

ServiceRows *
service_rows_new (guint n_columns)
{
  ServiceRows *rows = g_new0 (ServiceRows, 1);

  rows->n_columns = n_columns;
  rows->values = g_ptr_array_new_with_free_func (g_free);
  return rows;
}

void
service_rows_add_row (ServiceRows    *rows,
                      const char    **values)
{
  for (guint i = 0; i < rows->n_columns; i++)
    g_ptr_array_add (rows->values, g_strdup (values[i]));
}

guint
service_rows_get_n_rows (ServiceRows *rows)
{
  return rows->n_columns == 0 ? 0 : rows->values->len / rows->n_columns;
}

const char *
service_rows_get (ServiceRows   *rows,
                  guint          row,
                  guint          column)
{
  g_return_val_if_fail (column < rows->n_columns, NULL);
  g_return_val_if_fail (row < service_rows_get_n_rows (rows), NULL);
  return g_ptr_array_index (rows->values, row * rows->n_columns + column);
}

gint64
service_rows_get_int (ServiceRows   *rows,
                      guint          row,
                      guint          column)
{
  const char *text = service_rows_get (rows, row, column);

  return text == NULL ? 0 : g_ascii_strtoll (text, NULL, 10);
}

void
service_rows_free (ServiceRows *rows)
{
  if (rows == NULL)
    return;
  g_ptr_array_unref (rows->values);
  g_free (rows);
}

static gboolean
is_postgresql_uri (const char *uri)
{
  return g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://");
}

static gboolean
lock_migrations (ServiceStore    *store,
                 gboolean         lock,
                 GError         **error)
{
  /* Two processes starting on one new PostgreSQL database must not both
   * create the tables; SQLite's BEGIN IMMEDIATE serializes them already. */
  if (!service_store_is_postgresql (store))
    return TRUE;
  return service_store_exec (store,
                             lock ? "SELECT pg_advisory_lock (727201)" : "SELECT pg_advisory_unlock (727201)",
                             NULL, 0, NULL, error);
}

static gboolean
apply_migration (ServiceStore              *store,
                 const ServiceMigration    *migration,
                 GError                   **error)
{
  g_autofree char *version = g_strdup_printf ("%d", migration->version);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  const char *params[] = { version, migration->description, now };
  const char *specific = service_store_is_postgresql (store) ? migration->postgresql_sql : migration->sqlite_sql;
  g_autoptr(ServiceRows) applied = NULL;

  if (!service_store_begin (store, error))
    return FALSE;
  applied = service_store_query (store, "SELECT 1 FROM schema_migrations WHERE version = $1",
                                 params, 1, error);
  if (applied == NULL)
    goto fail;
  if (service_rows_get_n_rows (applied) > 0)
    {
      service_store_rollback (store);
      return TRUE;
    }
  if (!store->backend->exec_script (store, migration->sql, error) ||
      (specific != NULL && !store->backend->exec_script (store, specific, error)) ||
      !service_store_exec (store,
                           "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)",
                           params, 3, NULL, error))
    goto fail;
  return service_store_commit (store, error);

fail:
  service_store_rollback (store);
  g_prefix_error (error, "schema migration %d (%s): ", migration->version, migration->description);
  return FALSE;
}

static gboolean
apply_migrations (ServiceStore                  *store,
                  const ServiceMigration *const *migrations,
                  GError                       **error)
{
  for (gsize list = 0; migrations[list] != NULL; list++)
    for (gsize i = 0; migrations[list][i].version != 0; i++)
      if (!apply_migration (store, &migrations[list][i], error))
        return FALSE;
  return TRUE;
}

static int
newest_known_version (const ServiceMigration *const *migrations)
{
  int newest = 0;

  for (gsize list = 0; migrations[list] != NULL; list++)
    for (gsize i = 0; migrations[list][i].version != 0; i++)
      newest = MAX (newest, migrations[list][i].version);
  return newest;
}

/* A database migrated by a newer program may hold what this one does not
 * understand: refuse it rather than write into it. */
static gboolean
check_not_newer (ServiceStore                  *store,
                 const char                    *program,
                 const ServiceMigration *const *migrations,
                 GError                       **error)
{
  g_autoptr(ServiceRows) rows = service_store_query (store, "SELECT max(version) FROM schema_migrations",
                                                     NULL, 0, error);
  gint64 newest;

  if (rows == NULL)
    return FALSE;
  newest = service_rows_get_int (rows, 0, 0);
  if (newest > newest_known_version (migrations))
    {
      g_set_error (error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_FAILED,
                   "the database schema is at version %" G_GINT64_FORMAT
                   ", newer than this program knows (%d): use a newer %s",
                   newest, newest_known_version (migrations), program);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (ServiceStore                  *store,
         const char                    *program,
         const ServiceMigration *const *migrations,
         GError                       **error)
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
       check_not_newer (store, program, migrations, error) &&
       apply_migrations (store, migrations, error);
  lock_migrations (store, FALSE, NULL);
  return ok;
}


ServiceStore *
service_store_open (const char                    *uri,
                    const char                    *program,
                    const ServiceMigration *const *migrations,
                    GError                       **error)
{
  ServiceStore *store = g_new0 (ServiceStore, 1);
  gboolean opened;

  g_return_val_if_fail (uri != NULL, NULL);

  if (is_postgresql_uri (uri))
    opened = service_store_postgresql_open (store, uri, error);
  else
    opened = service_store_sqlite_open (store,
                                        g_str_has_prefix (uri, "sqlite:") ? uri + strlen ("sqlite:") : uri,
                                        error);
  if (!opened || !migrate (store, program, migrations, error))
    {
      service_store_free (store);
      return NULL;
    }
  return store;
}

void
service_store_free (ServiceStore *store)
{
  if (store == NULL)
    return;
  if (store->backend != NULL)
    store->backend->close (store);
  g_clear_pointer (&store->statements, g_hash_table_unref);
  g_free (store);
}

gboolean
service_store_is_postgresql (ServiceStore *store)
{
  return store->postgresql;
}

gboolean
service_store_begin (ServiceStore    *store,
                     GError         **error)
{
  g_return_val_if_fail (!store->in_transaction, FALSE);

  /* SQLite: IMMEDIATE takes the write lock now, so that a transaction that
   * reads then writes cannot deadlock against another such transaction. */
  if (!store->backend->exec_script (store, store->postgresql ? "BEGIN" : "BEGIN IMMEDIATE", error))
    return FALSE;
  store->in_transaction = TRUE;
  return TRUE;
}

gboolean
service_store_commit (ServiceStore    *store,
                      GError         **error)
{
  gboolean committed;

  g_return_val_if_fail (store->in_transaction, FALSE);
  committed = store->backend->exec_script (store, "COMMIT", error);
  if (!committed)
    service_store_rollback (store);
  store->in_transaction = FALSE;
  return committed;
}

void
service_store_rollback (ServiceStore *store)
{
  if (!store->in_transaction)
    return;
  /* Nothing useful to do when even the rollback fails: the connection
   * rolls back on close anyway. */
  store->backend->exec_script (store, "ROLLBACK", NULL);
  store->in_transaction = FALSE;
}

gboolean
service_store_transact (ServiceStore             *store,
                        ServiceTransactionFunc    body,
                        gpointer                  data,
                        GError                  **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (service_store_begin (store, &local_error) &&
          body (store, data, &local_error) &&
          service_store_commit (store, &local_error))
        return TRUE;

      service_store_rollback (store);
      if (attempt >= TRANSACTION_ATTEMPTS ||
          !g_error_matches (local_error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Lost a race: back off a little, with jitter, and run it again. */
      g_usleep (g_random_int_range (1000, 5000) * attempt);
    }
}

gboolean
service_store_exec (ServiceStore       *store,
                    const char         *sql,
                    const char * const *params,
                    guint               n_params,
                    gint64             *changes,
                    GError            **error)
{
  g_autoptr(ServiceRows) rows = store->backend->run (store, sql, params, n_params, changes, error);

  return rows != NULL;
}

ServiceRows *
service_store_query (ServiceStore       *store,
                     const char         *sql,
                     const char * const *params,
                     guint               n_params,
                     GError            **error)
{
  return store->backend->run (store, sql, params, n_params, NULL, error);
}
