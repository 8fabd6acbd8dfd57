/* vneid-openid4vp-consent.c: the wallet side, what a request would take and the vp_token
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vp-consent.h"
#include "vneid-dcql-private.h"
#include "vneid-openid4vp-error.h"
#include "vneid-util-private.h"

/**
 * VneidOpenid4vpConsent:
 *
 * What the wallet would send for a request, for the citizen to consent
 * to: who asks (client identifier, the registered name and purpose from
 * the verifier attestation, the registration authority), and for each
 * credential it would present, each claim with its value, whether the
 * portal requires it, and from which credential.
 *
 * It matches the request's DCQL query against the wallet's credentials
 * (OpenID4VP 1.0 section 6.4): the first credential of a requested type
 * that has the claims of the first claim set it can satisfy; credential
 * sets take their first satisfiable option; a required set that cannot be
 * satisfied fails. On consent, [method@Vneid.Openid4vpConsent.build_vp_token]
 * presents exactly the selected claims (and the disclosures that hold
 * them), each with a KB-JWT for the request's nonce and full client
 * identifier.
 *
 * Since: 0.2
 */
struct _VneidOpenid4vpConsent
{
  GObject                parent_instance;

  VneidOpenid4vpRequest *request;
  GPtrArray             *matches;   /* Match, in query order */
};

typedef struct {
  VneidDcqlCredential *query;
  VneidCredential     *credential;
  GPtrArray           *claims;      /* VneidDcqlClaim, the selected ones */
} Match;

G_DEFINE_FINAL_TYPE (VneidOpenid4vpConsent, vneid_openid4vp_consent, G_TYPE_OBJECT)

static void
match_free (Match *match)
{
  if (match == NULL)
    return;
  g_object_unref (match->credential);
  g_ptr_array_unref (match->claims);
  g_free (match);
}

static void
vneid_openid4vp_consent_finalize (GObject *object)
{
  VneidOpenid4vpConsent *self = VNEID_OPENID4VP_CONSENT (object);

  g_clear_object (&self->request);
  g_ptr_array_unref (self->matches);
  G_OBJECT_CLASS (vneid_openid4vp_consent_parent_class)->finalize (object);
}

static void
vneid_openid4vp_consent_class_init (VneidOpenid4vpConsentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vp_consent_finalize;
}

static void
vneid_openid4vp_consent_init (VneidOpenid4vpConsent *self)
{
  self->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) match_free);
}

/* The first credential that satisfies @query, or NULL. */
static Match *
match_query (VneidDcqlCredential     *query,
             VneidCredential * const *credentials,
             gsize                    n_credentials)
{
  for (gsize i = 0; i < n_credentials; i++)
    {
      GPtrArray *claims;
      Match *match;

      if (!vneid_dcql_credential_accepts_vct (query, vneid_credential_get_vct (credentials[i])))
        continue;
      claims = vneid_dcql_credential_select_claims (query, vneid_credential_get_claims (credentials[i]));
      if (claims == NULL)
        continue;
      match = g_new0 (Match, 1);
      match->query = query;
      match->credential = g_object_ref (credentials[i]);
      match->claims = claims;
      return match;
    }
  return NULL;
}

static gboolean
option_matched (GHashTable *found,
                GPtrArray  *option)
{
  for (guint i = 0; i < option->len; i++)
    if (!g_hash_table_contains (found, g_ptr_array_index (option, i)))
      return FALSE;
  return TRUE;
}

static char *
describe_query (VneidDcqlCredential *query)
{
  g_autofree char *types = NULL;

  g_ptr_array_add (query->vct_values, NULL);
  types = g_strjoinv (", ", (char **) query->vct_values->pdata);
  g_ptr_array_remove_index (query->vct_values, query->vct_values->len - 1);
  return g_strdup_printf ("%s (%s%s%s)", query->id, query->format, *types ? ": " : "", types);
}

/* The credential query ids to answer: all of them without
 * credential_sets, else the first satisfiable option of each set. */
static gboolean
choose (VneidDcqlQuery  *query,
        GHashTable      *found,
        GHashTable      *chosen,
        GError         **error)
{
  GPtrArray *sets = vneid_dcql_query_get_credential_sets (query);
  GPtrArray *credentials = vneid_dcql_query_get_credentials (query);

  if (sets == NULL)
    {
      for (guint i = 0; i < credentials->len; i++)
        {
          VneidDcqlCredential *credential = g_ptr_array_index (credentials, i);
          g_autofree char *described = NULL;

          if (g_hash_table_contains (found, credential->id))
            {
              g_hash_table_add (chosen, (gpointer) credential->id);
              continue;
            }
          described = describe_query (credential);
          g_set_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_UNSATISFIABLE,
                       "no credential in the wallet satisfies credential query %s", described);
          return FALSE;
        }
      return TRUE;
    }
  for (guint i = 0; i < sets->len; i++)
    {
      VneidDcqlCredentialSet *set = g_ptr_array_index (sets, i);
      gboolean done = FALSE;

      for (guint j = 0; j < set->options->len && !done; j++)
        if (option_matched (found, g_ptr_array_index (set->options, j)))
          {
            GPtrArray *option = g_ptr_array_index (set->options, j);

            for (guint k = 0; k < option->len; k++)
              g_hash_table_add (chosen, g_ptr_array_index (option, k));
            done = TRUE;
          }
      if (!done && set->required)
        {
          GPtrArray *first = g_ptr_array_index (set->options, 0);
          g_autofree char *described = describe_query (vneid_dcql_query_lookup_credential (query, g_ptr_array_index (first, 0)));

          g_set_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_UNSATISFIABLE,
                       "the wallet cannot satisfy required credential set %u (first option: %s)", i, described);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * vneid_openid4vp_consent_new:
 * @request: a request the wallet has verified
 *   ([method@Vneid.Openid4vpRequest.verify])
 * @credentials: (array length=n_credentials): the wallet's credentials
 * @n_credentials: the number of @credentials
 * @error: return location for a #GError
 *
 * Matches the request's query against the wallet's credentials.
 *
 * Returns: (transfer full): what the wallet would present, or %NULL with
 *   %VNEID_OPENID4VP_ERROR_UNSATISFIABLE naming what is missing
 *
 * Since: 0.2
 */
VneidOpenid4vpConsent *
vneid_openid4vp_consent_new (VneidOpenid4vpRequest    *request,
                             VneidCredential * const  *credentials,
                             gsize                     n_credentials,
                             GError                  **error)
{
  g_autoptr(VneidOpenid4vpConsent) self = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) match_free);
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);
  VneidDcqlQuery *query;
  GPtrArray *queries;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (request), NULL);
  g_return_val_if_fail (credentials != NULL || n_credentials == 0, NULL);

  query = vneid_openid4vp_request_get_query (request);
  queries = vneid_dcql_query_get_credentials (query);
  for (guint i = 0; i < queries->len; i++)
    {
      VneidDcqlCredential *credential = g_ptr_array_index (queries, i);
      Match *match = match_query (credential, credentials, n_credentials);

      if (match != NULL)
        g_hash_table_insert (found, (gpointer) credential->id, match);
    }
  if (!choose (query, found, chosen, error))
    return NULL;

  self = g_object_new (VNEID_TYPE_OPENID4VP_CONSENT, NULL);
  self->request = g_object_ref (request);
  for (guint i = 0; i < queries->len; i++)
    {
      VneidDcqlCredential *credential = g_ptr_array_index (queries, i);
      gpointer match;

      if (g_hash_table_contains (chosen, credential->id) &&
          g_hash_table_steal_extended (found, credential->id, NULL, &match))
        g_ptr_array_add (self->matches, match);
    }
  return g_steal_pointer (&self);
}

static gboolean
claim_required (VneidDcqlCredential *query,
                VneidDcqlClaim      *claim)
{
  if (query->claim_sets == NULL)
    return TRUE;
  for (guint i = 0; i < query->claim_sets->len; i++)
    {
      GPtrArray *set = g_ptr_array_index (query->claim_sets, i);
      gboolean in_set = FALSE;

      for (guint j = 0; j < set->len; j++)
        in_set |= g_strcmp0 (g_ptr_array_index (set, j), claim->id) == 0;
      if (!in_set)
        return FALSE;
    }
  return TRUE;
}

static JsonNode *
claim_value (VneidDcqlClaim  *claim,
             VneidCredential *credential)
{
  g_autoptr(GPtrArray) selected = vneid_dcql_select (vneid_credential_get_claims (credential), claim->path);
  JsonArray *values;

  if (selected == NULL)
    return json_node_init_null (json_node_alloc ());
  if (selected->len == 1)
    return vneid_json_deep_copy (g_ptr_array_index (selected, 0));
  values = json_array_new ();
  for (guint i = 0; i < selected->len; i++)
    json_array_add_element (values, vneid_json_deep_copy (g_ptr_array_index (selected, i)));
  return json_node_init_array (json_node_alloc (), values);
}

static JsonObject *
match_to_json (VneidOpenid4vpConsent *self,
               Match                 *match)
{
  JsonObject *object = json_object_new ();
  JsonArray *claims = json_array_new ();
  VneidDcqlQuery *query = vneid_openid4vp_request_get_query (self->request);

  json_object_set_string_member (object, "id", match->query->id);
  json_object_set_string_member (object, "vct", vneid_credential_get_vct (match->credential));
  json_object_set_string_member (object, "issuer", vneid_credential_get_issuer (match->credential));
  json_object_set_boolean_member (object, "required", vneid_dcql_query_is_required (query, match->query->id));
  for (guint i = 0; i < match->claims->len; i++)
    {
      VneidDcqlClaim *claim = g_ptr_array_index (match->claims, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "path", claim->dotted);
      json_object_set_member (entry, "value", claim_value (claim, match->credential));
      json_object_set_boolean_member (entry, "required", claim_required (match->query, claim));
      json_array_add_object_element (claims, entry);
    }
  json_object_set_array_member (object, "claims", claims);
  return object;
}

/**
 * vneid_openid4vp_consent_to_json_object:
 * @self: a #VneidOpenid4vpConsent
 *
 * The consent summary: `client_id`, `response_uri`, `verifier` (the
 * attested `registered_name`, `purpose` and `authority`; %NULL for an
 * unattested `redirect_uri:` client), and `credentials`, each with its
 * query `id`, `vct`, `issuer`, `required`, and `claims`: `path`, `value`,
 * `required`.
 *
 * Returns: (transfer full): the summary
 *
 * Since: 0.2
 */
JsonObject *
vneid_openid4vp_consent_to_json_object (VneidOpenid4vpConsent *self)
{
  VneidVerifierAttestation *attestation;
  JsonObject *object;
  JsonArray *credentials;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_CONSENT (self), NULL);

  object = json_object_new ();
  credentials = json_array_new ();
  attestation = vneid_openid4vp_request_get_attestation (self->request);
  json_object_set_string_member (object, "client_id", vneid_openid4vp_request_get_client_id (self->request));
  json_object_set_string_member (object, "response_uri", vneid_openid4vp_request_get_response_uri (self->request));
  if (attestation != NULL)
    {
      JsonObject *verifier = json_object_new ();

      json_object_set_string_member (verifier, "registered_name",
                                     vneid_verifier_attestation_get_registered_name (attestation));
      json_object_set_string_member (verifier, "purpose", vneid_verifier_attestation_get_purpose (attestation));
      json_object_set_string_member (verifier, "authority", vneid_verifier_attestation_get_issuer (attestation));
      json_object_set_object_member (object, "verifier", verifier);
    }
  else
    json_object_set_null_member (object, "verifier");
  for (guint i = 0; i < self->matches->len; i++)
    json_array_add_object_element (credentials, match_to_json (self, g_ptr_array_index (self->matches, i)));
  json_object_set_array_member (object, "credentials", credentials);
  return object;
}

/**
 * vneid_openid4vp_consent_to_json:
 * @self: a #VneidOpenid4vpConsent
 * @pretty: whether to indent
 *
 * Returns: (transfer full): the consent summary as JSON text
 *
 * Since: 0.2
 */
char *
vneid_openid4vp_consent_to_json (VneidOpenid4vpConsent *self,
                                 gboolean               pretty)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_CONSENT (self), NULL);
  node = json_node_init_object (json_node_alloc (), vneid_openid4vp_consent_to_json_object (self));
  json_object_unref (json_node_get_object (node));
  return json_to_string (node, pretty);
}

static char *
present (VneidOpenid4vpConsent  *self,
         Match                  *match,
         VneidKey               *holder_key,
         gint64                  iat,
         GError                **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < match->claims->len; i++)
    g_ptr_array_add (paths, vneid_dcql_claim_to_present_path (g_ptr_array_index (match->claims, i)));
  g_ptr_array_add (paths, NULL);
  return vneid_credential_present (match->credential, (const char *const *) paths->pdata, holder_key,
                                   vneid_openid4vp_request_get_nonce (self->request),
                                   vneid_openid4vp_request_get_client_id (self->request), iat, error);
}

/**
 * vneid_openid4vp_consent_build_vp_token:
 * @self: a #VneidOpenid4vpConsent
 * @holder_key: the wallet's private key the credentials are bound to
 * @iat: the KB-JWTs' time (Unix time; 0 for now)
 * @error: return location for a #GError
 *
 * Makes the `vp_token`: an object keyed by credential query id, each value
 * an array of one presentation disclosing the selected claims only, with
 * a KB-JWT whose `aud` is the full client identifier and `nonce` the
 * request's.
 *
 * Returns: (transfer full): the `vp_token` as JSON text, or %NULL with
 *   @error set
 *
 * Since: 0.2
 */
char *
vneid_openid4vp_consent_build_vp_token (VneidOpenid4vpConsent  *self,
                                        VneidKey               *holder_key,
                                        gint64                  iat,
                                        GError                **error)
{
  g_autoptr(JsonObject) token = json_object_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VP_CONSENT (self), NULL);
  g_return_val_if_fail (VNEID_IS_KEY (holder_key), NULL);

  for (guint i = 0; i < self->matches->len; i++)
    {
      Match *match = g_ptr_array_index (self->matches, i);
      g_autofree char *presentation = present (self, match, holder_key, iat, error);
      JsonArray *list;

      if (presentation == NULL)
        {
          g_prefix_error (error, "%s: ", match->query->id);
          return NULL;
        }
      list = json_array_new ();
      json_array_add_string_element (list, presentation);
      json_object_set_array_member (token, match->query->id, list);
    }
  return vneid_json_object_to_string (token);
}
