/* authority-store.c: one SQL interface over SQLite and PostgreSQL
 *
 * SQL text uses $1..$N placeholders and passes every parameter as text; both
 * databases convert text to the column's type. Integers come back as text
 * too (authority_rows_get_int() parses them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority-store-private.h"

G_DEFINE_QUARK (authority-store-error-quark, authority_store_error)

/* How often a transaction that lost a race (busy, serialization failure,
 * deadlock) is run again before the error reaches the caller. */
#define TRANSACTION_ATTEMPTS 8

struct _AuthorityRows {
  guint      n_columns;
  GPtrArray *values;   /* row-major, NULL for SQL NULL */
};

AuthorityRows *
authority_rows_new (guint n_columns)
{
  AuthorityRows *rows = g_new0 (AuthorityRows, 1);

  rows->n_columns = n_columns;
  rows->values = g_ptr_array_new_with_free_func (g_free);
  return rows;
}

void
authority_rows_add_row (AuthorityRows  *rows,
                        const char    **values)
{
  for (guint i = 0; i < rows->n_columns; i++)
    g_ptr_array_add (rows->values, g_strdup (values[i]));
}

guint
authority_rows_get_n_rows (AuthorityRows *rows)
{
  return rows->n_columns == 0 ? 0 : rows->values->len / rows->n_columns;
}

const char *
authority_rows_get (AuthorityRows *rows,
                    guint          row,
                    guint          column)
{
  g_return_val_if_fail (column < rows->n_columns, NULL);
  g_return_val_if_fail (row < authority_rows_get_n_rows (rows), NULL);
  return g_ptr_array_index (rows->values, row * rows->n_columns + column);
}

gint64
authority_rows_get_int (AuthorityRows *rows,
                        guint          row,
                        guint          column)
{
  const char *text = authority_rows_get (rows, row, column);

  return text == NULL ? 0 : g_ascii_strtoll (text, NULL, 10);
}

void
authority_rows_free (AuthorityRows *rows)
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

AuthorityStore *
authority_store_open (const char  *uri,
                      GError     **error)
{
  AuthorityStore *store = g_new0 (AuthorityStore, 1);
  gboolean opened;

  g_return_val_if_fail (uri != NULL, NULL);

  if (is_postgresql_uri (uri))
    opened = authority_store_postgresql_open (store, uri, error);
  else
    opened = authority_store_sqlite_open (store,
                                          g_str_has_prefix (uri, "sqlite:") ? uri + strlen ("sqlite:") : uri,
                                          error);
  if (!opened || !authority_schema_migrate (store, error))
    {
      authority_store_free (store);
      return NULL;
    }
  return store;
}

void
authority_store_free (AuthorityStore *store)
{
  if (store == NULL)
    return;
  if (store->backend != NULL)
    store->backend->close (store);
  g_clear_pointer (&store->statements, g_hash_table_unref);
  g_free (store);
}

gboolean
authority_store_is_postgresql (AuthorityStore *store)
{
  return store->postgresql;
}

gboolean
authority_store_begin (AuthorityStore  *store,
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
authority_store_commit (AuthorityStore  *store,
                        GError         **error)
{
  gboolean committed;

  g_return_val_if_fail (store->in_transaction, FALSE);
  committed = store->backend->exec_script (store, "COMMIT", error);
  if (!committed)
    authority_store_rollback (store);
  store->in_transaction = FALSE;
  return committed;
}

void
authority_store_rollback (AuthorityStore *store)
{
  if (!store->in_transaction)
    return;
  /* Nothing useful to do when even the rollback fails: the connection
   * rolls back on close anyway. */
  store->backend->exec_script (store, "ROLLBACK", NULL);
  store->in_transaction = FALSE;
}

gboolean
authority_store_transact (AuthorityStore           *store,
                          AuthorityTransactionFunc  body,
                          gpointer                  data,
                          GError                  **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (authority_store_begin (store, &local_error) &&
          body (store, data, &local_error) &&
          authority_store_commit (store, &local_error))
        return TRUE;

      authority_store_rollback (store);
      if (attempt >= TRANSACTION_ATTEMPTS ||
          !g_error_matches (local_error, AUTHORITY_STORE_ERROR, AUTHORITY_STORE_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Lost a race: back off a little, with jitter, and run it again. */
      g_usleep (g_random_int_range (1000, 5000) * attempt);
    }
}

gboolean
authority_store_exec (AuthorityStore     *store,
                      const char         *sql,
                      const char * const *params,
                      guint               n_params,
                      gint64             *changes,
                      GError            **error)
{
  g_autoptr(AuthorityRows) rows = store->backend->run (store, sql, params, n_params, changes, error);

  return rows != NULL;
}

AuthorityRows *
authority_store_query (AuthorityStore     *store,
                       const char         *sql,
                       const char * const *params,
                       guint               n_params,
                       GError            **error)
{
  return store->backend->run (store, sql, params, n_params, NULL, error);
}
