/* authority-status.c: Token Status Lists, one entry per issued credential
 *
 * Each signing issuer (the population database; the BHYT issuer) has its
 * own lists, 2 bits per entry (0 valid, 1 revoked, 2 suspended), 131072
 * entries each, at random free indexes (a credential's index tells nothing
 * of when it was issued). A list is republished — re-signed and stored with
 * the change, in the same transaction — whenever an entry changes, and
 * re-signed when served if it is older than an hour; tokens carry iat,
 * exp = iat + 1 day and ttl = 5 minutes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "authority-service-private.h"

#define STATUS_LIST_TTL          300
#define STATUS_LIST_LIFETIME     86400
#define STATUS_LIST_RESIGN_AFTER 3600
/* Random indexes tried in a list before starting a new one. */
#define INDEX_TRIES              16

static const char *
signer_of (const char *credential)
{
  return g_strcmp0 (credential, "bhyt") == 0 ? "vss-bhyt" : "population-db";
}

static char *
list_uri (AuthorityService *service,
          const char       *list_id)
{
  return g_strconcat (authority_service_get_issuer_url (service), "/status/", list_id, NULL);
}

/* Re-signs list @list_id from its entries; inside the caller's transaction. */
static gboolean
republish (AuthorityService  *service,
           const char        *list_id,
           GError           **error)
{
  AuthorityStore *store = authority_service_get_store (service);
  gint64 now = authority_service_now (service);
  g_autofree char *iat = authority_int_text (now);
  g_autofree char *exp = authority_int_text (now + STATUS_LIST_LIFETIME);
  g_autofree char *uri = list_uri (service, list_id);
  g_autofree char *token = NULL;
  const char *params[] = { list_id, NULL, iat, exp };
  g_autoptr(AuthorityRows) list_rows = NULL;
  g_autoptr(AuthorityRows) entries = NULL;
  g_autoptr(VneidStatusList) list = NULL;
  const char *signer;

  /* Bumping the version locks the row (PostgreSQL): two transactions
   * republishing one list take turns, and the second sees the first's
   * entries. */
  list_rows = authority_store_query (store,
                                     "UPDATE status_lists SET version = version + 1 WHERE list_id = $1"
                                     " RETURNING bits, size, signer", params, 1, error);
  if (list_rows == NULL)
    return FALSE;
  if (authority_rows_get_n_rows (list_rows) == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_NOT_FOUND, "no status list %s", list_id);
      return FALSE;
    }
  entries = authority_store_query (store, "SELECT idx, status FROM credentials WHERE list_id = $1 AND status <> 0",
                                   params, 1, error);
  list = vneid_status_list_new (authority_rows_get_int (list_rows, 0, 0), authority_rows_get_int (list_rows, 0, 1), error);
  if (entries == NULL || list == NULL)
    return FALSE;
  for (guint i = 0; i < authority_rows_get_n_rows (entries); i++)
    if (!vneid_status_list_set (list, authority_rows_get_int (entries, i, 0),
                                authority_rows_get_int (entries, i, 1), error))
      return FALSE;
  /* A credential kind the list's signer signs stands for the signer. */
  signer = g_str_equal (authority_rows_get (list_rows, 0, 2), "vss-bhyt") ? "bhyt" : "pid";
  token = vneid_status_list_to_token_with_ttl (list,
                                               authority_service_get_signing_key (service, signer),
                                               authority_service_get_issuer_for (service, signer),
                                               uri, now, now + STATUS_LIST_LIFETIME, STATUS_LIST_TTL, error);
  if (token == NULL)
    return FALSE;
  params[1] = token;
  return authority_store_exec (store, "UPDATE status_lists SET token = $2, iat = $3, exp = $4 WHERE list_id = $1",
                               params, G_N_ELEMENTS (params), NULL, error);
}

/* The moves an entry may make: a valid credential is suspended (a locked
 * account) or revoked; a suspended one is valid again (unlocked) or
 * revoked; a revoked one stays revoked. */
static const char *
status_change_condition (VneidStatus status)
{
  switch (status)
    {
    case VNEID_STATUS_VALID:
      return " AND status = 2";
    case VNEID_STATUS_SUSPENDED:
      return " AND status = 0";
    default:
      return " AND status IN (0, 2)";
    }
}

gboolean
authority_status_set_for_account (AuthorityService   *service,
                                  const char         *personal_id,
                                  const char * const *credentials,
                                  VneidStatus         status,
                                  GError            **error)
{
  g_autofree char *status_text = authority_int_text (status);
  g_autofree char *now = authority_int_text (authority_service_now (service));
  g_autoptr(GString) sql = g_string_new ("UPDATE credentials SET status = $2, changed_at = $3 WHERE personal_id = $1");
  const char *params[8] = { personal_id, status_text, now };
  guint n_params = 3;
  g_autoptr(AuthorityRows) rows = NULL;
  g_autoptr(GHashTable) lists = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer list_id;

  g_string_append (sql, status_change_condition (status));
  if (credentials != NULL)
    {
      g_string_append (sql, " AND credential IN (");
      for (guint i = 0; credentials[i] != NULL && n_params < G_N_ELEMENTS (params); i++)
        {
          params[n_params++] = credentials[i];
          g_string_append_printf (sql, "%s$%u", i > 0 ? ", " : "", n_params);
        }
      g_string_append (sql, ")");
    }
  g_string_append (sql, " RETURNING list_id");
  rows = authority_store_query (authority_service_get_store (service), sql->str, params, n_params, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < authority_rows_get_n_rows (rows); i++)
    g_hash_table_add (lists, (gpointer) authority_rows_get (rows, i, 0));
  g_hash_table_iter_init (&iter, lists);
  while (g_hash_table_iter_next (&iter, &list_id, NULL))
    if (!republish (service, list_id, error))
      return FALSE;
  return TRUE;
}

typedef struct {
  AuthorityService *service;
  const char       *personal_id;
  const char       *credential;
  const char       *credential_id;
  char             *list_id;     /* out */
  guint             index;       /* out */
} Entry;

/* A new list for @signer when the newest is full; a concurrent
 * transaction doing the same makes this one's insert a no-op. */
static gboolean
add_list (AuthorityStore  *store,
          const char      *signer,
          GError         **error)
{
  const char *params[] = { signer };

  return authority_store_exec (store,
                               "INSERT INTO status_lists (list_id, signer, bits, size)"
                               " SELECT max(list_id) + 1, $1, 2, 131072 FROM status_lists"
                               " ON CONFLICT (list_id) DO NOTHING", params, 1, NULL, error);
}

static gboolean
try_list (AuthorityStore  *store,
          Entry           *entry,
          const char      *list_id,
          guint            size,
          gboolean        *placed,
          GError         **error)
{
  g_autofree char *issued = authority_int_text (authority_service_now (entry->service));

  for (guint attempt = 0; attempt < INDEX_TRIES && !*placed; attempt++)
    {
      guint index = randombytes_uniform (size);
      g_autofree char *index_text = authority_int_text (index);
      const char *params[] = { entry->personal_id, entry->credential_id, entry->credential,
                               list_id, index_text, issued };
      g_autoptr(AuthorityRows) rows =
        authority_store_query (store,
                               "INSERT INTO credentials (personal_id, credential_id, credential, list_id, idx, issued_at)"
                               " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (list_id, idx) DO NOTHING RETURNING idx",
                               params, G_N_ELEMENTS (params), error);

      if (rows == NULL)
        return FALSE;
      if (authority_rows_get_n_rows (rows) > 0)
        {
          *placed = TRUE;
          entry->index = index;
          g_free (entry->list_id);
          entry->list_id = g_strdup (list_id);
        }
    }
  return TRUE;
}

static gboolean
record_body (AuthorityStore  *store,
             gpointer         data,
             GError         **error)
{
  Entry *entry = data;
  const char *params[] = { signer_of (entry->credential) };
  gboolean placed = FALSE;

  for (guint round = 0; round < 3 && !placed; round++)
    {
      g_autoptr(AuthorityRows) rows =
        authority_store_query (store, "SELECT list_id, size FROM status_lists WHERE signer = $1"
                                      " ORDER BY list_id DESC LIMIT 1", params, 1, error);

      if (rows == NULL)
        return FALSE;
      if (authority_rows_get_n_rows (rows) > 0 &&
          !try_list (store, entry, authority_rows_get (rows, 0, 0), authority_rows_get_int (rows, 0, 1),
                     &placed, error))
        return FALSE;
      if (!placed && !add_list (store, params[0], error))
        return FALSE;
    }
  if (!placed)
    g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INTERNAL,
                 "no free status list entry found: try again");
  return placed;
}

gboolean
authority_service_record_credential (AuthorityService  *service,
                                     const char        *personal_id,
                                     const char        *credential,
                                     const char        *credential_id,
                                     char             **status_uri,
                                     guint             *status_index,
                                     GError           **error)
{
  g_autofree char *generated_id = credential_id == NULL ? authority_random_token (16) : NULL;
  Entry entry = { service, personal_id, credential, credential_id ? credential_id : generated_id, NULL, 0 };
  GError *local_error = NULL;

  if (!authority_store_transact (authority_service_get_store (service), record_body, &entry, &local_error))
    {
      g_free (entry.list_id);
      authority_service_set_internal_error (error, local_error);
      return FALSE;
    }
  *status_uri = list_uri (service, entry.list_id);
  *status_index = entry.index;
  g_free (entry.list_id);
  return TRUE;
}

typedef struct {
  AuthorityService *service;
  const char       *list_id;
} Republish;

static gboolean
republish_body (AuthorityStore  *store,
                gpointer         data,
                GError         **error)
{
  Republish *republishing = data;

  return republish (republishing->service, republishing->list_id, error);
}

char *
authority_service_get_status_list (AuthorityService  *service,
                                   guint              list_id,
                                   GError           **error)
{
  g_autofree char *id = authority_int_text (list_id);
  const char *params[] = { id };
  gint64 now = authority_service_now (service);
  Republish republishing = { service, id };
  GError *local_error = NULL;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(AuthorityRows) rows =
        authority_store_query (authority_service_get_store (service),
                               "SELECT token, iat, exp FROM status_lists WHERE list_id = $1", params, 1, &local_error);

      if (rows == NULL)
        break;
      if (authority_rows_get_n_rows (rows) == 0)
        {
          g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_NOT_FOUND, "no status list %u here", list_id);
          return NULL;
        }
      if (authority_rows_get (rows, 0, 0) != NULL &&
          now < authority_rows_get_int (rows, 0, 1) + STATUS_LIST_RESIGN_AFTER &&
          now >= authority_rows_get_int (rows, 0, 1) && now < authority_rows_get_int (rows, 0, 2))
        return g_strdup (authority_rows_get (rows, 0, 0));
      if (!authority_store_transact (authority_service_get_store (service), republish_body, &republishing, &local_error))
        break;
    }
  if (local_error == NULL)
    g_set_error (&local_error, AUTHORITY_ERROR, AUTHORITY_ERROR_INTERNAL, "status list %u could not be signed", list_id);
  authority_service_set_internal_error (error, local_error);
  return NULL;
}
