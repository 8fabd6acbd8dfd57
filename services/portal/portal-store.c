/* portal-store.c: the portal's transactions and submissions
 *
 * One SQL text for SQLite and PostgreSQL (service-store.h). The
 * transaction id leads every primary key (it is what portals shard on);
 * one response per transaction and one submission per transaction are the
 * database's job (UPDATE … WHERE used = 0, the submissions' primary key).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "portal.h"

static const ServiceMigration portal_migrations[] = {
  { 1, "transactions and submissions",
    "CREATE TABLE transactions ("
    "  tx_id TEXT PRIMARY KEY,"
    "  form_id TEXT NOT NULL,"
    "  session_hash TEXT NOT NULL,"
    "  request_object TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL,"
    "  expires_at BIGINT NOT NULL,"
    "  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),"
    "  outcome TEXT NOT NULL DEFAULT 'waiting'"
    "    CHECK (outcome IN ('waiting', 'verified', 'declined', 'refused')),"
    "  message_vi TEXT,"
    "  message_en TEXT,"
    "  response_code_hash TEXT,"
    "  filled_form TEXT,"
    "  level INTEGER NOT NULL DEFAULT 0,"
    "  holder_name TEXT,"
    "  answered_at BIGINT"
    ");"
    "CREATE INDEX transactions_by_expiry ON transactions (expires_at);"
    "CREATE TABLE submissions ("
    "  tx_id TEXT NOT NULL REFERENCES transactions (tx_id),"
    "  reference TEXT NOT NULL UNIQUE,"
    "  form_id TEXT NOT NULL,"
    "  submitted_at BIGINT NOT NULL,"
    "  fields TEXT NOT NULL,"
    "  PRIMARY KEY (tx_id)"
    ");"
    "CREATE INDEX submissions_by_time ON submissions (submitted_at);",
    NULL, NULL },
  { 0 }
};

static const char *const outcome_names[] = { "waiting", "verified", "declined", "refused" };

ServiceStore *
portal_store_open (const char  *uri,
                   GError     **error)
{
  static const ServiceMigration *const migrations[] = { portal_migrations, NULL };

  return service_store_open (uri, PORTAL_NAME, migrations, error);
}

void
portal_transaction_free (PortalTransaction *tx)
{
  if (tx == NULL)
    return;
  g_free (tx->tx_id);
  g_free (tx->form_id);
  g_free (tx->session_hash);
  g_free (tx->request_object);
  g_free (tx->message_vi);
  g_free (tx->message_en);
  g_free (tx->response_code_hash);
  g_free (tx->filled_form);
  g_free (tx->holder_name);
  g_free (tx);
}

void
portal_submission_free (PortalSubmission *submission)
{
  if (submission == NULL)
    return;
  g_free (submission->reference);
  g_free (submission->tx_id);
  g_free (submission->form_id);
  g_free (submission->fields);
  g_free (submission);
}

static char *
int_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

gboolean
portal_store_add_transaction (ServiceStore       *store,
                              PortalTransaction  *tx,
                              GError            **error)
{
  g_autofree char *created = int_text (tx->created_at);
  g_autofree char *expires = int_text (tx->expires_at);
  const char *params[] = { tx->tx_id, tx->form_id, tx->session_hash, tx->request_object, created, expires };

  return service_store_exec (store,
                             "INSERT INTO transactions (tx_id, form_id, session_hash, request_object,"
                             " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
                             params, G_N_ELEMENTS (params), NULL, error);
}

static PortalOutcome
outcome_from_text (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (text, outcome_names[i]) == 0)
      return i;
  return PORTAL_OUTCOME_WAITING;
}

PortalTransaction *
portal_store_get_transaction (ServiceStore  *store,
                              const char    *tx_id,
                              GError       **error)
{
  const char *params[] = { tx_id };
  g_autoptr(ServiceRows) rows = service_store_query (store,
    "SELECT tx_id, form_id, session_hash, request_object, created_at, expires_at, used, outcome,"
    " message_vi, message_en, response_code_hash, filled_form, level, holder_name"
    " FROM transactions WHERE tx_id = $1", params, 1, error);
  PortalTransaction *tx;

  if (rows == NULL || service_rows_get_n_rows (rows) == 0)
    return NULL;
  tx = g_new0 (PortalTransaction, 1);
  tx->tx_id = g_strdup (service_rows_get (rows, 0, 0));
  tx->form_id = g_strdup (service_rows_get (rows, 0, 1));
  tx->session_hash = g_strdup (service_rows_get (rows, 0, 2));
  tx->request_object = g_strdup (service_rows_get (rows, 0, 3));
  tx->created_at = service_rows_get_int (rows, 0, 4);
  tx->expires_at = service_rows_get_int (rows, 0, 5);
  tx->used = service_rows_get_int (rows, 0, 6) != 0;
  tx->outcome = outcome_from_text (service_rows_get (rows, 0, 7));
  tx->message_vi = g_strdup (service_rows_get (rows, 0, 8));
  tx->message_en = g_strdup (service_rows_get (rows, 0, 9));
  tx->response_code_hash = g_strdup (service_rows_get (rows, 0, 10));
  tx->filled_form = g_strdup (service_rows_get (rows, 0, 11));
  tx->level = service_rows_get_int (rows, 0, 12);
  tx->holder_name = g_strdup (service_rows_get (rows, 0, 13));
  return tx;
}

gboolean
portal_store_claim_response (ServiceStore  *store,
                             const char    *tx_id,
                             gint64         now,
                             gboolean      *claimed,
                             GError       **error)
{
  g_autofree char *now_text = int_text (now);
  const char *params[] = { tx_id, now_text };
  gint64 changes = 0;

  if (!service_store_exec (store,
                           "UPDATE transactions SET used = 1, answered_at = $2"
                           " WHERE tx_id = $1 AND used = 0 AND expires_at >= $2",
                           params, 2, &changes, error))
    return FALSE;
  *claimed = changes == 1;
  return TRUE;
}

gboolean
portal_store_set_outcome (ServiceStore       *store,
                          PortalTransaction  *tx,
                          GError            **error)
{
  g_autofree char *level = int_text (tx->level);
  const char *params[] = {
    tx->tx_id, outcome_names[tx->outcome], tx->message_vi, tx->message_en,
    tx->response_code_hash, tx->filled_form, level, tx->holder_name,
  };

  return service_store_exec (store,
                             "UPDATE transactions SET outcome = $2, message_vi = $3, message_en = $4,"
                             " response_code_hash = $5, filled_form = $6, level = $7, holder_name = $8"
                             " WHERE tx_id = $1 AND used = 1",
                             params, G_N_ELEMENTS (params), NULL, error);
}

gboolean
portal_store_add_submission (ServiceStore      *store,
                             PortalSubmission  *submission,
                             GError           **error)
{
  g_autofree char *at = int_text (submission->submitted_at);
  const char *params[] = { submission->tx_id, submission->reference, submission->form_id, at,
                           submission->fields };

  return service_store_exec (store,
                             "INSERT INTO submissions (tx_id, reference, form_id, submitted_at, fields)"
                             " VALUES ($1, $2, $3, $4, $5)",
                             params, G_N_ELEMENTS (params), NULL, error);
}

#define SUBMISSION_COLUMNS "SELECT reference, tx_id, form_id, submitted_at, fields FROM submissions "

static PortalSubmission *
submission_from_row (ServiceRows *rows,
                     guint        row)
{
  PortalSubmission *submission = g_new0 (PortalSubmission, 1);

  submission->reference = g_strdup (service_rows_get (rows, row, 0));
  submission->tx_id = g_strdup (service_rows_get (rows, row, 1));
  submission->form_id = g_strdup (service_rows_get (rows, row, 2));
  submission->submitted_at = service_rows_get_int (rows, row, 3);
  submission->fields = g_strdup (service_rows_get (rows, row, 4));
  return submission;
}

static PortalSubmission *
get_one_submission (ServiceStore  *store,
                    const char    *sql,
                    const char    *key,
                    GError       **error)
{
  const char *params[] = { key };
  g_autoptr(ServiceRows) rows = service_store_query (store, sql, params, 1, error);

  if (rows == NULL || service_rows_get_n_rows (rows) == 0)
    return NULL;
  return submission_from_row (rows, 0);
}

PortalSubmission *
portal_store_get_submission (ServiceStore  *store,
                             const char    *reference,
                             GError       **error)
{
  return get_one_submission (store, SUBMISSION_COLUMNS "WHERE reference = $1", reference, error);
}

PortalSubmission *
portal_store_get_submission_of (ServiceStore  *store,
                                const char    *tx_id,
                                GError       **error)
{
  return get_one_submission (store, SUBMISSION_COLUMNS "WHERE tx_id = $1", tx_id, error);
}

GPtrArray *
portal_store_list_submissions (ServiceStore  *store,
                               guint          limit,
                               GError       **error)
{
  g_autofree char *limit_text = int_text (limit);
  const char *params[] = { limit_text };
  g_autoptr(ServiceRows) rows = service_store_query (store,
    SUBMISSION_COLUMNS "ORDER BY submitted_at DESC, reference DESC LIMIT $1", params, 1, error);
  GPtrArray *list;

  if (rows == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) portal_submission_free);
  for (guint i = 0; i < service_rows_get_n_rows (rows); i++)
    g_ptr_array_add (list, submission_from_row (rows, i));
  return list;
}
