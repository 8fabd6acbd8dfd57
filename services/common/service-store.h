/* service-store.h: one SQL interface over SQLite and PostgreSQL, shared by
 * the services (internal, not installed)
 *
 * SQL text uses $1..$N placeholders and passes every parameter as text; both
 * databases convert text to the column's type. Times are Unix seconds from
 * the service's clock, never the database's. Nothing here is thread-safe:
 * one store per thread.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- the store ---- */

typedef struct _ServiceStore ServiceStore;
typedef struct _ServiceRows  ServiceRows;

#define SERVICE_STORE_ERROR (service_store_error_quark ())
GQuark service_store_error_quark (void);

typedef enum {
  SERVICE_STORE_ERROR_FAILED,
  SERVICE_STORE_ERROR_CONSTRAINT,   /* a UNIQUE/CHECK/FK constraint refused the change;
                                         the message names the constraint or column */
  SERVICE_STORE_ERROR_BUSY,         /* serialization failure / database busy: retry */
} ServiceStoreError;

/* A versioned schema step; applied once, in version order, each in its own
 * transaction, recorded in schema_migrations. Each program numbers its
 * own (vneid-authority: 1..99 accounts, 100..199 issuance; vneid-portal
 * its own database). @sql may hold several statements;
 * it must be valid for both SQLite and PostgreSQL (use TEXT, BIGINT,
 * INTEGER, no AUTOINCREMENT/SERIAL). */
typedef struct {
  int         version;
  const char *description;
  const char *sql;              /* for both databases */
  const char *sqlite_sql;       /* then this on SQLite only (nullable) */
  const char *postgresql_sql;   /* or this on PostgreSQL only (nullable) */
} ServiceMigration;

/* @uri: "postgresql://…" / "postgres://…" → libpq; "sqlite:PATH", a
 * "file:" URI or a plain path → SQLite (WAL, foreign keys on, busy
 * timeout). Applies @migrations: a NULL-terminated list of arrays of
 * migrations, each array ending with a version 0; a database migrated
 * past the newest version known is refused (@program names who to
 * upgrade in that message). */
ServiceStore   *service_store_open     (const char                    *uri,
                                        const char                    *program,
                                        const ServiceMigration *const *migrations,
                                        GError                       **error);
void            service_store_free     (ServiceStore    *store);
gboolean        service_store_is_postgresql (ServiceStore *store);

/* One transaction: begin, then commit or rollback. Every state change of
 * the service is exactly one transaction. */
gboolean        service_store_begin    (ServiceStore    *store,
                                        GError         **error);
gboolean        service_store_commit   (ServiceStore    *store,
                                        GError         **error);
void            service_store_rollback (ServiceStore    *store);

/* Runs @body in one transaction, committed when it returns TRUE, rolled
 * back when FALSE; retried (up to a few times) when the database reports
 * SERVICE_STORE_ERROR_BUSY (SQLite busy, PostgreSQL serialization failure
 * or deadlock), so @body must be safe to run again. */
typedef gboolean (*ServiceTransactionFunc) (ServiceStore   *store,
                                            gpointer        data,
                                            GError        **error);
gboolean        service_store_transact (ServiceStore             *store,
                                        ServiceTransactionFunc    body,
                                        gpointer                  data,
                                        GError                  **error);

/* @sql with $1..$n placeholders; @params n texts (NULL for SQL NULL).
 * exec: @changes (nullable) receives the number of rows changed.
 * query: the result rows (also for INSERT/UPDATE … RETURNING). */
gboolean        service_store_exec     (ServiceStore       *store,
                                        const char         *sql,
                                        const char * const *params,
                                        guint               n_params,
                                        gint64             *changes,
                                        GError            **error);
ServiceRows    *service_store_query    (ServiceStore       *store,
                                        const char         *sql,
                                        const char * const *params,
                                        guint               n_params,
                                        GError            **error);
guint           service_rows_get_n_rows (ServiceRows   *rows);
/* The value as text (integers in decimal), NULL for SQL NULL. */
const char     *service_rows_get        (ServiceRows   *rows,
                                         guint          row,
                                         guint          column);
gint64          service_rows_get_int    (ServiceRows   *rows,
                                         guint          row,
                                         guint          column);
void            service_rows_free       (ServiceRows   *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServiceRows, service_rows_free)

G_END_DECLS
