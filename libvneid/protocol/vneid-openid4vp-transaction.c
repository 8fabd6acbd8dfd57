/* vneid-openid4vp-transaction.c: the verifier side, one request awaiting its response
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vp-transaction.h"
#include "vneid-dcql-private.h"
#include "vneid-openid4vp-private.h"
#include "vneid-util-private.h"

/**
 * VneidOpenid4vpTransaction:
 *
 * What a portal keeps of a request it sent (nonce, state, client
 * identifier, query, expiry at most %VNEID_OPENID4VP_MAX_LIFETIME after
 * the request) until the wallet's `direct_post` response arrives, and
 * the checks of that response
 * ([method@Vneid.Openid4vpTransaction.verify_response]). A transaction
 * takes one response, once.
 *
 * Since: 0.2
 */
struct _VneidOpenid4vpTransaction
{
  GObject                parent_instance;

  VneidOpenid4vpRequest *request;
  gint64                 expires_at;
  gboolean               used;
  GPtrArray             *dropped;   /* "vct: path" */
  GMutex                 lock;      /* guards used */
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vpTransaction, vneid_openid4vp_transaction, G_TYPE_OBJECT)

/* Claims about the credential rather than the citizen, and the account
 * level (never selectively disclosable): kept whether asked or not. */
static const char *const always_kept[] = {
  "iss", "iat", "nbf", "exp", "vct", "vct#integrity", "cnf", "status", "sub", "jti", "aud",
  "vneid_level",
};

static void
vneid_openid4vp_transaction_finalize (GObject *object)
{
  VneidOpenid4vpTransaction *self = VNEID_OPENID4VP_TRANSACTION (object);

  g_clear_object (&self->request);
  g_ptr_array_unref (self->dropped);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vneid_openid4vp_transaction_parent_class)->finalize (object);
}

static void
vneid_openid4vp_transaction_class_init (VneidOpenid4vpTransactionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vp_transaction_finalize;
}

static void
vneid_openid4vp_transaction_init (VneidOpenid4vpTransaction *self)
{
  self->dropped = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
}

/**
 * vneid_openid4vp_transaction_new:
 * @request: the request the portal sent
 *
 * Starts a transaction. It expires with the request, and never later than
 * %VNEID_OPENID4VP_MAX_LIFETIME seconds after the request was made (now,
 * when the request does not say).
 *
 * Returns: (transfer full): the transaction
 *
 * Since: 0.2
 */
VneidOpenid4vpTransaction *
vneid_openid4vp_transaction_new (VneidOpenid4vpRequest *request)
{
  VneidOpenid4vpTransaction *self;
  gint64 issued_at, expires_at;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (request), NULL);

  self = g_object_new (VNEID_TYPE_OPENID4VP_TRANSACTION, NULL);
  self->request = g_object_ref (request);
  issued_at = vneid_openid4vp_request_get_issued_at (request);
  if (issued_at == 0)
    issued_at = g_get_real_time () / G_USEC_PER_SEC;
  expires_at = vneid_openid4vp_request_get_expires_at (request);
  self->expires_at = issued_at + VNEID_OPENID4VP_MAX_LIFETIME;
  if (expires_at != 0 && expires_at < self->expires_at)
    self->expires_at = expires_at;
  return self;
}

/**
 * vneid_openid4vp_transaction_get_request:
 * @self: a #VneidOpenid4vpTransaction
 *
 * Gets the request.
 *
 * Returns: (transfer none): the request
 *
 * Since: 0.2
 */
VneidOpenid4vpRequest *
vneid_openid4vp_transaction_get_request (VneidOpenid4vpTransaction *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_TRANSACTION (self), NULL);
  return self->request;
}

/**
 * vneid_openid4vp_transaction_get_expires_at:
 * @self: a #VneidOpenid4vpTransaction
 *
 * Gets when the transaction expires, Unix time.
 *
 * Returns: when the transaction expires, Unix time
 *
 * Since: 0.2
 */
gint64
vneid_openid4vp_transaction_get_expires_at (VneidOpenid4vpTransaction *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_TRANSACTION (self), 0);
  return self->expires_at;
}

/**
 * vneid_openid4vp_transaction_get_used:
 * @self: a #VneidOpenid4vpTransaction
 *
 * Tells whether a response with the right state arrived already.
 *
 * Returns: whether a response with the right state arrived already
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vp_transaction_get_used (VneidOpenid4vpTransaction *self)
{
  gboolean used;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_TRANSACTION (self), FALSE);
  g_mutex_lock (&self->lock);
  used = self->used;
  g_mutex_unlock (&self->lock);
  return used;
}

/**
 * vneid_openid4vp_transaction_list_dropped_claims:
 * @self: a #VneidOpenid4vpTransaction
 *
 * Gets the claims the last verified response disclosed although the query did
 * not ask for them, as `VCT: PATH`.
 *
 * Returns: (transfer full) (array zero-terminated=1): the claims the last
 *   verified response disclosed although the query did not ask for them,
 *   as `VCT: PATH`; they were left out of the profile
 *
 * Since: 0.2
 */
char **
vneid_openid4vp_transaction_list_dropped_claims (VneidOpenid4vpTransaction *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VP_TRANSACTION (self), NULL);
  for (guint i = 0; i < self->dropped->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->dropped, i));
  return g_strv_builder_end (builder);
}

#define response_error(error, code, ...) \
  vneid_openid4vp_fail ((error), (code), "response", NULL, __VA_ARGS__)

/* State, expiry, once: checked in this order, and a response with the
 * right state uses the transaction up whatever follows. */
static gboolean
admit (VneidOpenid4vpTransaction *self,
       const char                *state,
       gint64                     now,
       GError                   **error)
{
  const char *expected = vneid_openid4vp_request_get_state (self->request);
  gboolean was_used;

  if (expected != NULL && (state == NULL || !vneid_str_equal_const_time (state, expected)))
    return response_error (error, VNEID_OPENID4VP_ERROR_WRONG_STATE, "state is not this transaction's");
  if (now > self->expires_at)
    return response_error (error, VNEID_OPENID4VP_ERROR_EXPIRED,
                           "the transaction expired at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                           self->expires_at, now);
  g_mutex_lock (&self->lock);
  was_used = self->used;
  self->used = TRUE;
  g_mutex_unlock (&self->lock);
  if (was_used)
    return response_error (error, VNEID_OPENID4VP_ERROR_REPLAY, "the transaction already had its response");
  return TRUE;
}

/* Key binding failures that say the token was made for another request. */
static gint
classify (const GError *error)
{
  if (g_error_matches (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH))
    return VNEID_OPENID4VP_ERROR_MISADDRESSED;
  if (g_error_matches (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH))
    return VNEID_OPENID4VP_ERROR_REPLAY;
  /* A portal tells the citizen why: the card was revoked or suspended. */
  if (g_error_matches (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_REVOKED) ||
      g_error_matches (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_SUSPENDED))
    return VNEID_OPENID4VP_ERROR_REVOKED;
  return VNEID_OPENID4VP_ERROR_INVALID_RESPONSE;
}

static VneidVerifiedCredential *
verify_one (VneidOpenid4vpTransaction *self,
            VneidVerifier             *verifier,
            VneidDcqlCredential       *query,
            JsonNode                  *node,
            guint                      index,
            GError                   **error)
{
  g_autoptr(VneidVerifiedCredential) credential = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) claims = NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return response_error (error, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE,
                           "vp_token.%s[%u] is not a presentation string", query->id, index), NULL;
  credential = vneid_verifier_verify_with_nonce (verifier, json_node_get_string (node),
                                                 vneid_openid4vp_request_get_nonce (self->request),
                                                 vneid_openid4vp_request_get_client_id (self->request),
                                                 &local_error);
  if (credential == NULL)
    return response_error (error, classify (local_error), "vp_token.%s[%u]: %s", query->id, index,
                           local_error->message), NULL;
  if (!vneid_dcql_credential_accepts_vct (query, vneid_verified_credential_get_vct (credential)))
    return response_error (error, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE,
                           "vp_token.%s[%u] is a %s, not a type the query asked for", query->id, index,
                           vneid_verified_credential_get_vct (credential)), NULL;
  claims = vneid_dcql_credential_select_claims (query, vneid_verified_credential_get_payload (credential));
  if (claims == NULL)
    return response_error (error, VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL,
                           "vp_token.%s[%u] lacks claims its credential query requires", query->id, index), NULL;
  return g_steal_pointer (&credential);
}

static gboolean
verify_entry (VneidOpenid4vpTransaction *self,
              VneidVerifier             *verifier,
              const char                *id,
              JsonNode                  *entry,
              GHashTable                *by_query,
              GError                   **error)
{
  VneidDcqlCredential *query = vneid_dcql_query_lookup_credential (vneid_openid4vp_request_get_query (self->request), id);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  g_hash_table_insert (by_query, (gpointer) id, list);
  if (query == NULL)
    {
      g_autofree char *shown = vneid_shorten_for_message (id, 40);

      return response_error (error, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE,
                             "vp_token has “%s”, which is no credential query of the request", shown);
    }
  if (!JSON_NODE_HOLDS_ARRAY (entry) || json_array_get_length (json_node_get_array (entry)) == 0)
    return response_error (error, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE,
                           "vp_token.%s must be a non-empty array of presentations", id);
  array = json_node_get_array (entry);
  if (!query->multiple && json_array_get_length (array) != 1)
    return response_error (error, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE,
                           "vp_token.%s holds %u presentations; the query asked for one", id,
                           json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      VneidVerifiedCredential *credential = verify_one (self, verifier, query, json_array_get_element (array, i),
                                                        i, error);

      if (credential == NULL)
        return FALSE;
      g_ptr_array_add (list, credential);
    }
  return TRUE;
}

static gboolean
check_sets (VneidDcqlQuery *query,
            GHashTable     *by_query,
            GError        **error)
{
  GPtrArray *sets = vneid_dcql_query_get_credential_sets (query);
  GPtrArray *credentials = vneid_dcql_query_get_credentials (query);

  if (sets == NULL)
    {
      for (guint i = 0; i < credentials->len; i++)
        {
          VneidDcqlCredential *credential = g_ptr_array_index (credentials, i);

          if (!g_hash_table_contains (by_query, credential->id))
            return response_error (error, VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL,
                                   "vp_token lacks the required credential %s", credential->id);
        }
      return TRUE;
    }
  for (guint i = 0; i < sets->len; i++)
    {
      VneidDcqlCredentialSet *set = g_ptr_array_index (sets, i);
      gboolean satisfied = !set->required;

      for (guint j = 0; j < set->options->len && !satisfied; j++)
        {
          GPtrArray *option = g_ptr_array_index (set->options, j);

          satisfied = TRUE;
          for (guint k = 0; k < option->len; k++)
            satisfied &= g_hash_table_contains (by_query, g_ptr_array_index (option, k));
        }
      if (!satisfied)
        {
          GPtrArray *first = g_ptr_array_index (set->options, 0);

          return response_error (error, VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL,
                                 "vp_token does not satisfy required credential set %u (such as credential %s)",
                                 i, (const char *) g_ptr_array_index (first, 0));
        }
    }
  return TRUE;
}

/* ---- dropping what was not asked ---------------------------------------------- */

static gboolean
is_always_kept (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (always_kept); i++)
    if (strcmp (always_kept[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* How @path (dotted, below @prefix) relates to the asked paths: 2 asked
 * (or below an asked one), 1 above an asked one, 0 not asked. */
static int
asked (GPtrArray  *paths,
       const char *path)
{
  gsize len = strlen (path);
  int best = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      const char *have = g_ptr_array_index (paths, i);
      gsize have_len = strlen (have);

      if (strncmp (have, path, have_len) == 0 && (path[have_len] == '\0' || path[have_len] == '.'))
        return 2;
      if (strncmp (have, path, len) == 0 && have[len] == '.')
        best = 1;
    }
  return best;
}

static void
drop_unasked (VneidOpenid4vpTransaction *self,
              JsonObject                *object,
              const char                *prefix,
              GPtrArray                 *paths,
              const char                *vct)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = prefix ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
      JsonNode *member = json_object_get_member (object, name);
      int how;

      if (prefix == NULL && is_always_kept (name))
        continue;
      how = asked (paths, path);
      if (how == 1 && JSON_NODE_HOLDS_OBJECT (member))
        drop_unasked (self, json_node_get_object (member), path, paths, vct);
      else if (how != 2)
        {
          g_ptr_array_add (self->dropped, g_strdup_printf ("%s: %s", vct, path));
          json_object_remove_member (object, name);
        }
    }
}

/* The presentations are this transaction's own, fresh from the verifier:
 * removing claims from their payloads leaves nothing shared behind. */
static void
keep_asked_only (VneidOpenid4vpTransaction *self,
                 VneidDcqlCredential       *query,
                 GPtrArray                 *credentials)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; query->claims != NULL && i < query->claims->len; i++)
    g_ptr_array_add (paths, ((VneidDcqlClaim *) g_ptr_array_index (query->claims, i))->dotted);
  for (guint i = 0; i < credentials->len; i++)
    {
      VneidVerifiedCredential *credential = g_ptr_array_index (credentials, i);

      drop_unasked (self, vneid_verified_credential_get_payload (credential), NULL, paths,
                    vneid_verified_credential_get_vct (credential));
    }
}

static VneidProfile *
make_profile (VneidOpenid4vpTransaction *self,
              GHashTable                *by_query,
              GError                   **error)
{
  VneidDcqlQuery *query = vneid_openid4vp_request_get_query (self->request);
  GPtrArray *queries = vneid_dcql_query_get_credentials (query);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; i < queries->len; i++)
    {
      VneidDcqlCredential *credential = g_ptr_array_index (queries, i);
      GPtrArray *list = g_hash_table_lookup (by_query, credential->id);

      if (list == NULL)
        continue;
      keep_asked_only (self, credential, list);
      for (guint j = 0; j < list->len; j++)
        g_ptr_array_add (all, g_ptr_array_index (list, j));
    }
  return vneid_profile_new ((VneidVerifiedCredential *const *) all->pdata, all->len, error);
}

/**
 * vneid_openid4vp_transaction_verify_response:
 * @self: a #VneidOpenid4vpTransaction
 * @verifier: the verifier (trusted issuers, status lists, clock) to check
 *   the presentations with; its key binding policy is replaced by the
 *   transaction's nonce and client identifier for this call
 * @vp_token: the posted `vp_token` (a JSON object)
 * @state: (nullable): the posted `state`
 * @error: return location for a #GError
 *
 * Checks a `direct_post` response: the state, the expiry (by the
 * verifier's clock), that the transaction had no response yet; then every
 * presentation, key-bound to the request's nonce with the full client
 * identifier as audience; that the DCQL query is satisfied (each
 * presentation its credential query, every required credential set);
 * and builds the profile from the claims the query asked for only (the
 * others are dropped, see
 * [method@Vneid.Openid4vpTransaction.list_dropped_claims]).
 *
 * Returns: (transfer full): the profile, or %NULL with @error set:
 *   %VNEID_OPENID4VP_ERROR_WRONG_STATE, %VNEID_OPENID4VP_ERROR_EXPIRED,
 *   %VNEID_OPENID4VP_ERROR_REPLAY (a second response, or a presentation
 *   for another nonce), %VNEID_OPENID4VP_ERROR_MISADDRESSED (another
 *   audience), %VNEID_OPENID4VP_ERROR_REVOKED (a credential revoked or
 *   suspended), %VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL,
 *   %VNEID_OPENID4VP_ERROR_INVALID_RESPONSE, or a profile error
 *
 * Since: 0.2
 */
VneidProfile *
vneid_openid4vp_transaction_verify_response (VneidOpenid4vpTransaction  *self,
                                             VneidVerifier              *verifier,
                                             const char                 *vp_token,
                                             const char                 *state,
                                             GError                    **error)
{
  g_autoptr(GHashTable) by_query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(JsonNode) token = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;
  gint64 now;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_TRANSACTION (self), NULL);
  g_return_val_if_fail (VNEID_IS_VERIFIER (verifier), NULL);
  g_return_val_if_fail (vp_token != NULL, NULL);

  now = vneid_verifier_get_time (verifier);
  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  if (!admit (self, state, now, error))
    return NULL;
  g_ptr_array_set_size (self->dropped, 0);
  token = vneid_json_parse_object (vp_token, strlen (vp_token), "vp_token", &local_error);
  if (token == NULL)
    return response_error (error, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE, "%s", local_error->message), NULL;
  json_object_iter_init (&iter, json_node_get_object (token));
  while (json_object_iter_next (&iter, &id, &entry))
    if (!verify_entry (self, verifier, id, entry, by_query, error))
      return NULL;
  if (!check_sets (vneid_openid4vp_request_get_query (self->request), by_query, error))
    return NULL;
  return make_profile (self, by_query, error);
}
