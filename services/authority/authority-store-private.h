/* authority-store-private.h: the store's two backends
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "authority.h"

typedef struct {
  /* Several statements without parameters (migrations, BEGIN, COMMIT). */
  gboolean       (*exec_script) (AuthorityStore *store, const char *sql, GError **error);
  /* One statement; rows (possibly none) or NULL with an error. */
  AuthorityRows *(*run)         (AuthorityStore *store, const char *sql,
                                 const char * const *params, guint n_params,
                                 gint64 *changes, GError **error);
  void           (*close)       (AuthorityStore *store);
} AuthorityStoreBackend;

struct _AuthorityStore {
  const AuthorityStoreBackend *backend;
  gpointer                     handle;      /* sqlite3 * or PGconn * */
  GHashTable                  *statements;  /* SQLite: sql → prepared statement */
  gboolean                     postgresql;
  gboolean                     in_transaction;
};

AuthorityRows *authority_rows_new      (guint           n_columns);
/* Appends one row of n_columns values (copied; NULL for SQL NULL). */
void           authority_rows_add_row  (AuthorityRows  *rows,
                                        const char    **values);

gboolean authority_store_sqlite_open     (AuthorityStore *store,
                                          const char     *path,
                                          GError        **error);
gboolean authority_store_postgresql_open (AuthorityStore *store,
                                          const char     *uri,
                                          GError        **error);
/* Applies the migrations not applied yet (authority-schema.c). */
gboolean authority_schema_migrate        (AuthorityStore *store,
                                          GError        **error);
