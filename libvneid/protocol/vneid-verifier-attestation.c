/* vneid-verifier-attestation.c: a registration authority vouches for a portal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-verifier-attestation.h"
#include "vneid-dcql-private.h"
#include "vneid-jwt.h"
#include "vneid-openid4vp-private.h"
#include "vneid-util-private.h"

/**
 * VneidVerifierAttestation:
 *
 * A Verifier Attestation JWT (OpenID4VP 1.0 section 12; header `typ`
 * `verifier-attestation+jwt`): a registration authority — in Vietnam the
 * police's identification system — says which portal (`sub`, the client
 * identifier without its `verifier_attestation:` prefix) signs requests
 * with which key (`cnf.jwk`), under which registered name
 * (`registered_name`), for which purpose (`purpose`), and which claims
 * (`allowed_claims`, profile paths) of which credential types
 * (`allowed_vcts`) it may ask for, until `exp`.
 *
 * Wallets trust registration authorities the way verifiers trust
 * issuers: from JWT VC Issuer Metadata documents in a
 * [class@Vneid.TrustStore].
 *
 * Since: 0.2
 */
struct _VneidVerifierAttestation
{
  GObject   parent_instance;

  VneidJwt *jwt;
  char     *issuer;
  char     *subject;
  VneidKey *key;
  char     *registered_name;
  char     *purpose;
  GStrv     allowed_paths;
  GStrv     allowed_vcts;     /* NULL: any type */
  gint64    expires_at;
};

G_DEFINE_FINAL_TYPE (VneidVerifierAttestation, vneid_verifier_attestation, G_TYPE_OBJECT)

#define ATTESTATION_TYP "verifier-attestation+jwt"
/* Clock skew allowed on exp and nbf. */
#define LEEWAY 60

static void
vneid_verifier_attestation_finalize (GObject *object)
{
  VneidVerifierAttestation *self = VNEID_VERIFIER_ATTESTATION (object);

  g_clear_object (&self->jwt);
  g_clear_object (&self->key);
  g_free (self->issuer);
  g_free (self->subject);
  g_free (self->registered_name);
  g_free (self->purpose);
  g_strfreev (self->allowed_paths);
  g_strfreev (self->allowed_vcts);
  G_OBJECT_CLASS (vneid_verifier_attestation_parent_class)->finalize (object);
}

static void
vneid_verifier_attestation_class_init (VneidVerifierAttestationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_verifier_attestation_finalize;
}

static void
vneid_verifier_attestation_init (VneidVerifierAttestation *self)
{
}

static const char *
strip_prefix (const char *client_id)
{
  if (g_str_has_prefix (client_id, VNEID_VERIFIER_ATTESTATION_PREFIX))
    return client_id + strlen (VNEID_VERIFIER_ATTESTATION_PREFIX);
  return client_id;
}

static void
set_strings (JsonObject         *payload,
             const char         *member,
             const char * const *strings)
{
  JsonArray *array = json_array_new ();

  for (const char *const *s = strings; s != NULL && *s != NULL; s++)
    json_array_add_string_element (array, *s);
  json_object_set_array_member (payload, member, array);
}

/**
 * vneid_verifier_attestation_issue:
 * @authority_key: the registration authority's private key
 * @issuer: the authority's identifier (`iss`), as in its metadata
 * @client_id: the portal's client identifier, with or without the
 *   `verifier_attestation:` prefix (`sub` is without)
 * @portal_key: the key the portal signs its requests with (its public part
 *   goes in `cnf.jwk`)
 * @registered_name: the portal's registered name
 * @purpose: what the portal asks citizens' data for
 * @allowed_paths: (array zero-terminated=1): the claims (profile paths such
 *   as `name` or `address`; a path allows what lies below it) the portal
 *   may ask for
 * @allowed_vcts: (nullable) (array zero-terminated=1): the credential types
 *   it may ask for, or %NULL for any
 * @issued_at: `iat`, Unix time (0 for now)
 * @expires_at: `exp`, Unix time, after @issued_at
 * @error: return location for a #GError
 *
 * Issues a Verifier Attestation JWT for a portal.
 *
 * Returns: (transfer full): the JWT, or %NULL with @error set
 *
 * Since: 0.2
 */
char *
vneid_verifier_attestation_issue (VneidKey           *authority_key,
                                  const char         *issuer,
                                  const char         *client_id,
                                  VneidKey           *portal_key,
                                  const char         *registered_name,
                                  const char         *purpose,
                                  const char * const *allowed_paths,
                                  const char * const *allowed_vcts,
                                  gint64              issued_at,
                                  gint64              expires_at,
                                  GError            **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  JsonObject *cnf = json_object_new ();

  g_return_val_if_fail (VNEID_IS_KEY (authority_key), NULL);
  g_return_val_if_fail (issuer != NULL && client_id != NULL, NULL);
  g_return_val_if_fail (VNEID_IS_KEY (portal_key), NULL);
  g_return_val_if_fail (registered_name != NULL && purpose != NULL, NULL);
  g_return_val_if_fail (allowed_paths != NULL, NULL);

  if (issued_at <= 0)
    issued_at = g_get_real_time () / G_USEC_PER_SEC;
  if (expires_at <= issued_at || *strip_prefix (client_id) == '\0')
    {
      g_set_error_literal (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                           expires_at <= issued_at ? "the attestation would expire before it is issued"
                                                   : "the client identifier is empty");
      json_object_unref (cnf);
      return NULL;
    }
  json_object_set_string_member (payload, "iss", issuer);
  json_object_set_string_member (payload, "sub", strip_prefix (client_id));
  json_object_set_int_member (payload, "iat", issued_at);
  json_object_set_int_member (payload, "exp", expires_at);
  json_object_set_object_member (cnf, "jwk", vneid_key_to_jwk_object (portal_key, FALSE));
  json_object_set_object_member (payload, "cnf", cnf);
  json_object_set_string_member (payload, "registered_name", registered_name);
  json_object_set_string_member (payload, "purpose", purpose);
  set_strings (payload, "allowed_claims", allowed_paths);
  if (allowed_vcts != NULL)
    set_strings (payload, "allowed_vcts", allowed_vcts);
  return vneid_jwt_sign (ATTESTATION_TYP, NULL, payload, authority_key, error);
}

#define fail(error, code, ...) \
  vneid_openid4vp_fail ((error), (code), "verifier attestation", NULL, __VA_ARGS__)

/* Signed by a key the authority named in `iss` publishes; `kid` picks
 * the key when given. */
static gboolean
check_signature (VneidVerifierAttestation *self,
                 VneidTrustStore          *authorities,
                 GError                  **error)
{
  g_autoptr(GPtrArray) keys = vneid_trust_store_get_keys (authorities, self->issuer);
  const char *kid = NULL;
  g_autofree char *shown = vneid_shorten_for_message (self->issuer, 80);

  if (keys->len == 0)
    return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION,
                 "issued by “%s”, which is no trusted registration authority", shown);
  if (json_object_has_member (vneid_jwt_get_header (self->jwt), "kid"))
    kid = json_object_get_string_member_with_default (vneid_jwt_get_header (self->jwt), "kid", NULL);
  for (guint i = 0; i < keys->len; i++)
    {
      VneidKey *key = g_ptr_array_index (keys, i);

      if ((kid == NULL || g_strcmp0 (kid, vneid_key_get_kid (key)) == 0) && vneid_jwt_verify (self->jwt, key))
        return TRUE;
    }
  return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION,
               "the signature does not verify with a key of “%s”", shown);
}

static gboolean
check_times (JsonObject *payload,
             gint64      now,
             gint64     *expires_at,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 nbf = 0;

  if (!vneid_json_get_numeric_date (payload, "exp", TRUE, expires_at, "verifier attestation", &local_error) ||
      !vneid_json_get_numeric_date (payload, "nbf", FALSE, &nbf, "verifier attestation", &local_error))
    return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "%s", local_error->message);
  if (now > *expires_at + LEEWAY)
    return fail (error, VNEID_OPENID4VP_ERROR_ATTESTATION_EXPIRED,
                 "expired at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")", *expires_at, now);
  if (nbf != 0 && nbf > now + LEEWAY)
    return fail (error, VNEID_OPENID4VP_ERROR_ATTESTATION_EXPIRED,
                 "not valid before %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")", nbf, now);
  return TRUE;
}

static GStrv
read_strings (JsonObject  *payload,
              const char  *member,
              gboolean     required,
              GError     **error)
{
  JsonNode *node = json_object_get_member (payload, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node == NULL && !required)
    return NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION,
                 "“%s” must be an array of strings", member), NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION,
                     "“%s”[%u] is not a string", member, i), NULL;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static gboolean
read_claims (VneidVerifierAttestation *self,
             GError                  **error)
{
  JsonObject *payload = vneid_jwt_get_payload (self->jwt);
  g_autoptr(GError) local_error = NULL;
  const char *sub, *name, *purpose;
  JsonNode *cnf, *jwk;

  if (!vneid_json_get_string (payload, "sub", TRUE, &sub, "verifier attestation", &local_error) ||
      !vneid_json_get_string (payload, "registered_name", TRUE, &name, "verifier attestation", &local_error) ||
      !vneid_json_get_string (payload, "purpose", TRUE, &purpose, "verifier attestation", &local_error))
    return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "%s", local_error->message);
  cnf = json_object_get_member (payload, "cnf");
  jwk = cnf != NULL && JSON_NODE_HOLDS_OBJECT (cnf) ? json_object_get_member (json_node_get_object (cnf), "jwk") : NULL;
  if (jwk == NULL || !JSON_NODE_HOLDS_OBJECT (jwk))
    return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "“cnf.jwk” is missing");
  self->key = vneid_key_new_from_jwk_object (json_node_get_object (jwk), &local_error);
  if (self->key == NULL)
    return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "cnf.jwk: %s", local_error->message);
  self->subject = g_strdup (sub);
  self->registered_name = g_strdup (name);
  self->purpose = g_strdup (purpose);
  self->allowed_paths = read_strings (payload, "allowed_claims", TRUE, error);
  if (self->allowed_paths == NULL)
    return FALSE;
  self->allowed_vcts = read_strings (payload, "allowed_vcts", FALSE, error);
  return self->allowed_vcts != NULL || !json_object_has_member (payload, "allowed_vcts");
}

/**
 * vneid_verifier_attestation_verify:
 * @jwt: the Verifier Attestation JWT
 * @authorities: the registration authorities the wallet trusts
 * @now: the time to check `exp` against (Unix time; 0 for now), with 60
 *   seconds of leeway
 * @error: return location for a #GError
 *
 * Checks an attestation: its header, its signature by a trusted
 * authority's key, its times and its claims.
 *
 * Returns: (transfer full): the attestation, or %NULL with @error set:
 *   %VNEID_OPENID4VP_ERROR_ATTESTATION_EXPIRED when it expired,
 *   %VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION otherwise
 *
 * Since: 0.2
 */
VneidVerifierAttestation *
vneid_verifier_attestation_verify (const char       *jwt,
                                   VneidTrustStore  *authorities,
                                   gint64            now,
                                   GError          **error)
{
  g_autoptr(VneidVerifierAttestation) self = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *iss;

  g_return_val_if_fail (jwt != NULL, NULL);
  g_return_val_if_fail (VNEID_IS_TRUST_STORE (authorities), NULL);

  if (now <= 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  self = g_object_new (VNEID_TYPE_VERIFIER_ATTESTATION, NULL);
  self->jwt = vneid_jwt_parse (jwt, ATTESTATION_TYP, &local_error);
  if (self->jwt == NULL ||
      !vneid_json_get_string (vneid_jwt_get_payload (self->jwt), "iss", TRUE, &iss, "verifier attestation", &local_error))
    return fail (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "%s", local_error->message), NULL;
  self->issuer = g_strdup (iss);
  if (!check_signature (self, authorities, error) ||
      !check_times (vneid_jwt_get_payload (self->jwt), now, &self->expires_at, error) ||
      !read_claims (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_verifier_attestation_get_issuer:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: the registration authority (`iss`)
 *
 * Since: 0.2
 */
const char *
vneid_verifier_attestation_get_issuer (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), NULL);
  return self->issuer;
}

/**
 * vneid_verifier_attestation_get_subject:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: the portal's client identifier without its prefix (`sub`)
 *
 * Since: 0.2
 */
const char *
vneid_verifier_attestation_get_subject (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), NULL);
  return self->subject;
}

/**
 * vneid_verifier_attestation_get_key:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: (transfer none): the portal's request-signing key (`cnf.jwk`)
 *
 * Since: 0.2
 */
VneidKey *
vneid_verifier_attestation_get_key (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), NULL);
  return self->key;
}

/**
 * vneid_verifier_attestation_get_registered_name:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: the portal's registered name
 *
 * Since: 0.2
 */
const char *
vneid_verifier_attestation_get_registered_name (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), NULL);
  return self->registered_name;
}

/**
 * vneid_verifier_attestation_get_purpose:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: the registered purpose
 *
 * Since: 0.2
 */
const char *
vneid_verifier_attestation_get_purpose (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), NULL);
  return self->purpose;
}

/**
 * vneid_verifier_attestation_get_allowed_paths:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: (transfer none) (array zero-terminated=1): the claims the portal
 *   may ask for
 *
 * Since: 0.2
 */
const char * const *
vneid_verifier_attestation_get_allowed_paths (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), NULL);
  return (const char * const *) self->allowed_paths;
}

/**
 * vneid_verifier_attestation_get_allowed_vcts:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   credential types the portal may ask for, or %NULL for any
 *
 * Since: 0.2
 */
const char * const *
vneid_verifier_attestation_get_allowed_vcts (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), NULL);
  return (const char * const *) self->allowed_vcts;
}

/**
 * vneid_verifier_attestation_get_expires_at:
 * @self: a #VneidVerifierAttestation
 *
 * Returns: `exp`, Unix time
 *
 * Since: 0.2
 */
gint64
vneid_verifier_attestation_get_expires_at (VneidVerifierAttestation *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), 0);
  return self->expires_at;
}

static gboolean
is_allowed_path (VneidVerifierAttestation *self,
                 const char               *path)
{
  for (char **allowed = self->allowed_paths; *allowed != NULL; allowed++)
    {
      gsize len = strlen (*allowed);

      if (strncmp (*allowed, path, len) == 0 && (path[len] == '\0' || path[len] == '.'))
        return TRUE;
    }
  return FALSE;
}

/**
 * vneid_verifier_attestation_check_query:
 * @self: a #VneidVerifierAttestation
 * @query: the query of a request under this attestation
 * @error: return location for a #GError
 *
 * Checks that @query stays within the registration: every credential type
 * it names is allowed, and every claim lies at or below an allowed path.
 *
 * Returns: %TRUE, or %FALSE with %VNEID_OPENID4VP_ERROR_BEYOND_REGISTRATION
 *   naming the first claim or type beyond it
 *
 * Since: 0.2
 */
gboolean
vneid_verifier_attestation_check_query (VneidVerifierAttestation  *self,
                                        VneidDcqlQuery            *query,
                                        GError                   **error)
{
  GPtrArray *credentials;

  g_return_val_if_fail (VNEID_IS_VERIFIER_ATTESTATION (self), FALSE);
  g_return_val_if_fail (VNEID_IS_DCQL_QUERY (query), FALSE);

  credentials = vneid_dcql_query_get_credentials (query);
  for (guint i = 0; i < credentials->len; i++)
    {
      VneidDcqlCredential *credential = g_ptr_array_index (credentials, i);

      for (guint j = 0; j < credential->vct_values->len; j++)
        {
          const char *vct = g_ptr_array_index (credential->vct_values, j);

          if (self->allowed_vcts != NULL && !g_strv_contains ((const char *const *) self->allowed_vcts, vct))
            {
              g_autofree char *shown = vneid_shorten_for_message (vct, 80);

              g_set_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_BEYOND_REGISTRATION,
                           "the request asks for credential type “%s” (credential query %s), "
                           "which “%s” is not registered for", shown, credential->id, self->registered_name);
              return FALSE;
            }
        }
      for (guint j = 0; credential->claims != NULL && j < credential->claims->len; j++)
        {
          VneidDcqlClaim *claim = g_ptr_array_index (credential->claims, j);

          if (!is_allowed_path (self, claim->dotted))
            {
              g_autofree char *shown = vneid_shorten_for_message (claim->dotted, 80);

              g_set_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_BEYOND_REGISTRATION,
                           "the request asks for the claim “%s” (credential query %s), "
                           "which “%s” is not registered for", shown, credential->id, self->registered_name);
              return FALSE;
            }
        }
    }
  return TRUE;
}
