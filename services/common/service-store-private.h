/* service-store-private.h: the store's two backends
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "service-store.h"

typedef struct {
  /* Several statements without parameters (migrations, BEGIN, COMMIT). */
  gboolean     (*exec_script) (ServiceStore *store, const char *sql, GError **error);
  /* One statement; rows (possibly none) or NULL with an error. */
  ServiceRows *(*run)         (ServiceStore *store, const char *sql,
                               const char * const *params, guint n_params,
                               gint64 *changes, GError **error);
  void         (*close)       (ServiceStore *store);
} ServiceStoreBackend;

struct _ServiceStore {
  const ServiceStoreBackend *backend;
  gpointer                   handle;      /* sqlite3 * or PGconn * */
  GHashTable                *statements;  /* SQLite: sql → prepared statement */
  gboolean                   postgresql;
  gboolean                   in_transaction;
};

ServiceRows   *service_rows_new      (guint           n_columns);
/* Appends one row of n_columns values (copied; NULL for SQL NULL). */
void           service_rows_add_row  (ServiceRows    *rows,
                                      const char    **values);

gboolean service_store_sqlite_open     (ServiceStore   *store,
                                        const char     *path,
                                        GError        **error);
gboolean service_store_postgresql_open (ServiceStore   *store,
                                        const char     *uri,
                                        GError        **error);
