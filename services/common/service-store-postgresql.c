/* service-store-postgresql.c: PostgreSQL through libpq, for authorities
 * that outgrow one machine; the same schema and SQL as SQLite.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <libpq-fe.h>

#include <string.h>

#include "service-store-private.h"

static void
set_result_error (PGconn          *connection,
                  const PGresult  *result,
                  GError         **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *constraint = result != NULL ? PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME) : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (connection);
  g_autofree char *text = g_strchomp (g_strdup (message != NULL ? message : "unknown error"));
  int code = SERVICE_STORE_ERROR_FAILED;

  /* Class 23: integrity constraint violation. 40001 serialization failure
   * and 40P01 deadlock: the transaction may simply be run again. */
  if (state != NULL && g_str_has_prefix (state, "23"))
    code = SERVICE_STORE_ERROR_CONSTRAINT;
  else if (g_strcmp0 (state, "40001") == 0 || g_strcmp0 (state, "40P01") == 0)
    code = SERVICE_STORE_ERROR_BUSY;
  g_set_error (error, SERVICE_STORE_ERROR, code, "PostgreSQL: %s%s%s", text,
               constraint != NULL ? " constraint " : "", constraint != NULL ? constraint : "");
}

static gboolean
result_ok (PGconn    *connection,
           PGresult  *result,
           GError   **error)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  set_result_error (connection, result, error);
  return FALSE;
}

static gboolean
postgresql_exec_script (ServiceStore    *store,
                        const char      *sql,
                        GError         **error)
{
  PGresult *result = PQexec (store->handle, sql);
  gboolean ok = result_ok (store->handle, result, error);

  PQclear (result);
  return ok;
}

static ServiceRows *
collect_rows (PGresult *result)
{
  guint n_columns = PQnfields (result);
  int n_rows = PQntuples (result);
  ServiceRows *rows = service_rows_new (n_columns);
  g_autofree const char **values = g_new0 (const char *, n_columns + 1);

  for (int row = 0; row < n_rows; row++)
    {
      for (guint i = 0; i < n_columns; i++)
        values[i] = PQgetisnull (result, row, i) ? NULL : PQgetvalue (result, row, i);
      service_rows_add_row (rows, values);
    }
  return rows;
}

/* The text type's fixed OID (pg_type.h, not installed for clients). */
#define TEXTOID 25

static gboolean
sql_uses_parameter (const char *sql,
                    guint       number)
{
  for (const char *p = strchr (sql, '$'); p != NULL; p = strchr (p + 1, '$'))
    {
      char *end;
      guint64 value = g_ascii_strtoull (p + 1, &end, 10);

      if (end != p + 1 && value == number)
        return TRUE;
    }
  return FALSE;
}

static ServiceRows *
postgresql_run (ServiceStore        *store,
                const char          *sql,
                const char * const  *params,
                guint                n_params,
                gint64              *changes,
                GError             **error)
{
  g_autofree Oid *types = g_new0 (Oid, n_params + 1);
  PGresult *result;
  ServiceRows *rows = NULL;

  /* The server infers each parameter's type from where the SQL uses it;
   * one given but not used has nowhere to infer it from: call it text. */
  for (guint i = 0; i < n_params; i++)
    if (!sql_uses_parameter (sql, i + 1))
      types[i] = TEXTOID;
  result = PQexecParams (store->handle, sql, n_params, types, (const char * const *) params,
                         NULL, NULL, 0);
  if (result_ok (store->handle, result, error))
    {
      rows = collect_rows (result);
      if (changes != NULL)
        *changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
    }
  PQclear (result);
  return rows;
}

static void
postgresql_close (ServiceStore *store)
{
  PQfinish (store->handle);
  store->handle = NULL;
}

static const ServiceStoreBackend postgresql_backend = {
  .exec_script = postgresql_exec_script,
  .run = postgresql_run,
  .close = postgresql_close,
};

static void
ignore_notice (void       *data,
               const char *message)
{
  /* "relation already exists, skipping" and the like: not for the terminal. */
}

gboolean
service_store_postgresql_open (ServiceStore    *store,
                               const char      *uri,
                               GError         **error)
{
  PGconn *connection = PQconnectdb (uri);

  if (PQstatus (connection) != CONNECTION_OK)
    {
      g_autofree char *message = g_strchomp (g_strdup (PQerrorMessage (connection)));

      g_set_error (error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_FAILED,
                   "PostgreSQL: cannot connect: %s", message);
      PQfinish (connection);
      return FALSE;
    }
  PQsetNoticeProcessor (connection, ignore_notice, NULL);
  store->backend = &postgresql_backend;
  store->handle = connection;
  store->postgresql = TRUE;
  return TRUE;
}
