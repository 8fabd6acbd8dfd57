/* vneid-openid4vp-request.c: an OpenID4VP authorization request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vp-request.h"
#include "vneid-dcql-private.h"
#include "vneid-jwt.h"
#include "vneid-openid4vp-private.h"
#include "vneid-util-private.h"

/**
 * VneidOpenid4vpRequest:
 *
 * An OpenID4VP 1.0 authorization request for presentations:
 * `response_type` `vp_token`, `response_mode` `direct_post` to
 * `response_uri`, a fresh `nonce` (256 bits) and `state` (128 bits), the
 * `dcql_query`, and `client_metadata` advertising `dc+sd-jwt` with the
 * fully-specified algorithm `Ed25519`.
 *
 * A portal with the client identifier prefix `verifier_attestation:`
 * signs it as a request object (JWS `typ` `oauth-authz-req+jwt`) with
 * the key its [class@Vneid.VerifierAttestation] binds, the attestation in
 * the `jwt` header, and passes it by reference
 * ([method@Vneid.Openid4vpRequest.make_link]). The prefix
 * `redirect_uri:` sends it unsigned, for local development only.
 *
 * The wallet parses a request ([ctor@Vneid.Openid4vpRequest.parse]) and
 * checks it ([method@Vneid.Openid4vpRequest.verify]) before anything else.
 *
 * Since: 0.2
 */
struct _VneidOpenid4vpRequest
{
  GObject                   parent_instance;

  char                     *client_id;
  char                     *response_uri;
  char                     *nonce;
  char                     *state;
  VneidDcqlQuery           *query;
  gint64                    issued_at;
  gint64                    expires_at;
  VneidJwt                 *jwt;           /* when parsed from a request object */
  VneidVerifierAttestation *attestation;   /* once verified */
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vpRequest, vneid_openid4vp_request, G_TYPE_OBJECT)

#define REQUEST_TYP "oauth-authz-req+jwt"
#define LEEWAY 60
#define MAX_PARAMETER_LENGTH 2048

static void
vneid_openid4vp_request_finalize (GObject *object)
{
  VneidOpenid4vpRequest *self = VNEID_OPENID4VP_REQUEST (object);

  g_free (self->client_id);
  g_free (self->response_uri);
  g_free (self->nonce);
  g_free (self->state);
  g_clear_object (&self->query);
  g_clear_object (&self->jwt);
  g_clear_object (&self->attestation);
  G_OBJECT_CLASS (vneid_openid4vp_request_parent_class)->finalize (object);
}

static void
vneid_openid4vp_request_class_init (VneidOpenid4vpRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vp_request_finalize;
}

static void
vneid_openid4vp_request_init (VneidOpenid4vpRequest *self)
{
}

static char *
random_text (gsize bytes)
{
  guint8 buffer[32];

  g_assert (bytes <= sizeof buffer);
  randombytes_buf (buffer, bytes);
  return vneid_b64url_encode (buffer, bytes);
}

#define set_request_error(error, code, ...) \
  vneid_openid4vp_fail ((error), (code), "request", NULL, __VA_ARGS__)

/* The two prefixes this library speaks; the part after it is not empty. */
static gboolean
check_client_id (const char *client_id,
                 GError    **error)
{
  const char *rest = NULL;
  g_autofree char *shown = vneid_shorten_for_message (client_id, 80);

  if (g_str_has_prefix (client_id, VNEID_VERIFIER_ATTESTATION_PREFIX))
    rest = client_id + strlen (VNEID_VERIFIER_ATTESTATION_PREFIX);
  else if (g_str_has_prefix (client_id, VNEID_REDIRECT_URI_PREFIX))
    rest = client_id + strlen (VNEID_REDIRECT_URI_PREFIX);
  if (rest == NULL || *rest == '\0')
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                              "client_id “%s” has neither the prefix verifier_attestation: nor redirect_uri:",
                              shown);
  if (strlen (client_id) > MAX_PARAMETER_LENGTH)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST, "client_id is too long");
  return TRUE;
}

static gboolean
is_redirect_uri_client (const char *client_id)
{
  return g_str_has_prefix (client_id, VNEID_REDIRECT_URI_PREFIX);
}

/* A redirect_uri: client is its response URI (section 5.9.3). */
static gboolean
check_response_uri (VneidOpenid4vpRequest *self,
                    GError               **error)
{
  if (is_redirect_uri_client (self->client_id) &&
      g_strcmp0 (self->response_uri, self->client_id + strlen (VNEID_REDIRECT_URI_PREFIX)) != 0)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                              "a redirect_uri: client identifier must be the response_uri");
  return TRUE;
}

/**
 * vneid_openid4vp_request_new:
 * @client_id: the portal's client identifier, with its prefix
 *   (`verifier_attestation:` or `redirect_uri:`)
 * @response_uri: (nullable): where the wallet posts the response; %NULL
 *   for a `redirect_uri:` client, whose identifier it is
 * @query: what to ask for
 * @issued_at: the request's time (Unix time; 0 for now); it expires
 *   %VNEID_OPENID4VP_MAX_LIFETIME seconds later
 * @error: return location for a #GError
 *
 * Makes a request with a fresh nonce and state from libsodium's random
 * generator.
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 *
 * Since: 0.2
 */
VneidOpenid4vpRequest *
vneid_openid4vp_request_new (const char      *client_id,
                             const char      *response_uri,
                             VneidDcqlQuery  *query,
                             gint64           issued_at,
                             GError         **error)
{
  g_autoptr(VneidOpenid4vpRequest) self = NULL;

  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (VNEID_IS_DCQL_QUERY (query), NULL);

  if (!check_client_id (client_id, error) || !vneid_crypto_init (error))
    return NULL;
  self = g_object_new (VNEID_TYPE_OPENID4VP_REQUEST, NULL);
  self->client_id = g_strdup (client_id);
  if (response_uri == NULL && is_redirect_uri_client (client_id))
    response_uri = client_id + strlen (VNEID_REDIRECT_URI_PREFIX);
  if (response_uri == NULL || *response_uri == '\0')
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST, "no response_uri"), NULL;
  self->response_uri = g_strdup (response_uri);
  if (!check_response_uri (self, error))
    return NULL;
  self->query = g_object_ref (query);
  self->nonce = random_text (32);
  self->state = random_text (16);
  self->issued_at = issued_at > 0 ? issued_at : g_get_real_time () / G_USEC_PER_SEC;
  self->expires_at = self->issued_at + VNEID_OPENID4VP_MAX_LIFETIME;
  return g_steal_pointer (&self);
}

/* Printable ASCII without spaces, as URL parameters carry it. */
static gboolean
check_token (const char *name,
             const char *value,
             GError    **error)
{
  gsize len = strlen (value);

  if (len == 0 || len > 256)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST, "%s must have 1 to 256 characters", name);
  for (const char *p = value; *p != '\0'; p++)
    if (*p <= ' ' || *p > '~')
      return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                                "%s must be printable ASCII without spaces", name);
  return TRUE;
}

/**
 * vneid_openid4vp_request_set_nonce:
 * @self: a #VneidOpenid4vpRequest
 * @nonce: the nonce to use instead of the random one (tests, replays of a
 *   recorded exchange)
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE when @nonce is empty, over 256 characters, or
 *   not printable ASCII
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vp_request_set_nonce (VneidOpenid4vpRequest  *self,
                                   const char             *nonce,
                                   GError                **error)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), FALSE);
  g_return_val_if_fail (nonce != NULL, FALSE);

  if (!check_token ("nonce", nonce, error))
    return FALSE;
  g_free (self->nonce);
  self->nonce = g_strdup (nonce);
  return TRUE;
}

/**
 * vneid_openid4vp_request_set_state:
 * @self: a #VneidOpenid4vpRequest
 * @state: the state to use instead of the random one
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE when @state is empty, over 256 characters, or
 *   not printable ASCII
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vp_request_set_state (VneidOpenid4vpRequest  *self,
                                   const char             *state,
                                   GError                **error)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  if (!check_token ("state", state, error))
    return FALSE;
  g_free (self->state);
  self->state = g_strdup (state);
  return TRUE;
}

/* ---- parsing ------------------------------------------------------------- */

static gboolean
read_string (JsonObject  *payload,
             const char  *member,
             gboolean     required,
             const char **out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!vneid_json_get_string (payload, member, required, out, "request", &local_error))
    {
      g_set_error_literal (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                           local_error->message);
      return FALSE;
    }
  if (*out != NULL && strlen (*out) > MAX_PARAMETER_LENGTH)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST, "%s is too long", member);
  return TRUE;
}

static gboolean
expect_value (JsonObject *payload,
              const char *member,
              const char *expected,
              GError    **error)
{
  const char *value;

  if (!read_string (payload, member, TRUE, &value, error))
    return FALSE;
  if (strcmp (value, expected) != 0)
    {
      g_autofree char *shown = vneid_shorten_for_message (value, 40);

      return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                                "%s is “%s”; only “%s” is supported", member, shown, expected);
    }
  return TRUE;
}

static gboolean
read_times (VneidOpenid4vpRequest *self,
            JsonObject            *payload,
            GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!vneid_json_get_numeric_date (payload, "iat", FALSE, &self->issued_at, "request", &local_error) ||
      !vneid_json_get_numeric_date (payload, "exp", FALSE, &self->expires_at, "request", &local_error))
    {
      g_set_error_literal (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                           local_error->message);
      return FALSE;
    }
  if (self->expires_at == 0 && self->issued_at != 0)
    self->expires_at = self->issued_at + VNEID_OPENID4VP_MAX_LIFETIME;
  return TRUE;
}

static gboolean
read_payload (VneidOpenid4vpRequest *self,
              JsonObject            *payload,
              GError               **error)
{
  const char *client_id, *response_uri, *nonce, *state;
  JsonNode *query;

  if (!expect_value (payload, "response_type", "vp_token", error) ||
      !expect_value (payload, "response_mode", "direct_post", error) ||
      !read_string (payload, "client_id", TRUE, &client_id, error) ||
      !check_client_id (client_id, error) ||
      !read_string (payload, "response_uri", !is_redirect_uri_client (client_id), &response_uri, error) ||
      !read_string (payload, "nonce", TRUE, &nonce, error) ||
      !check_token ("nonce", nonce, error) ||
      !read_string (payload, "state", FALSE, &state, error) ||
      (state != NULL && !check_token ("state", state, error)) ||
      !read_times (self, payload, error))
    return FALSE;
  query = json_object_get_member (payload, "dcql_query");
  if (query == NULL)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST, "dcql_query is missing");
  self->query = vneid_dcql_query_new_from_json_node (query, error);
  if (self->query == NULL)
    return FALSE;
  self->client_id = g_strdup (client_id);
  self->response_uri = g_strdup (response_uri ? response_uri : client_id + strlen (VNEID_REDIRECT_URI_PREFIX));
  self->nonce = g_strdup (nonce);
  self->state = g_strdup (state);
  return check_response_uri (self, error);
}

/**
 * vneid_openid4vp_request_parse:
 * @text: a signed request object (compact JWS), or the request's
 *   parameters as a JSON object
 * @error: return location for a #GError
 *
 * Reads a request and checks its form: the parameters this library
 * speaks, a valid DCQL query, a client identifier with a known prefix.
 * Nothing is trusted yet: a wallet then calls
 * [method@Vneid.Openid4vpRequest.verify].
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 *
 * Since: 0.2
 */
VneidOpenid4vpRequest *
vneid_openid4vp_request_parse (const char  *text,
                               GError     **error)
{
  g_autoptr(VneidOpenid4vpRequest) self = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = NULL;
  JsonObject *payload;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  self = g_object_new (VNEID_TYPE_OPENID4VP_REQUEST, NULL);
  if (trimmed[0] == '{')
    {
      node = vneid_json_parse_object (trimmed, strlen (trimmed), "request", &local_error);
      payload = node ? json_node_get_object (node) : NULL;
    }
  else
    {
      self->jwt = vneid_jwt_parse (trimmed, REQUEST_TYP, &local_error);
      payload = self->jwt ? vneid_jwt_get_payload (self->jwt) : NULL;
    }
  if (payload == NULL)
    {
      g_set_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                   "request: %s", local_error->message);
      return NULL;
    }
  if (!read_payload (self, payload, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- the wallet's checks ----------------------------------------------------- */

static gboolean
verify_attested (VneidOpenid4vpRequest  *self,
                 VneidTrustStore        *authorities,
                 gint64                  now,
                 GError                **error)
{
  const char *attestation = NULL;
  const char *sub;

  if (self->jwt == NULL)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_BAD_REQUEST_SIGNATURE,
                              "a verifier_attestation: request must be a signed request object");
  attestation = json_object_get_string_member_with_default (vneid_jwt_get_header (self->jwt), "jwt", NULL);
  if (attestation == NULL)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION,
                              "the request object carries no verifier attestation (“jwt” header)");
  self->attestation = vneid_verifier_attestation_verify (attestation, authorities, now, error);
  if (self->attestation == NULL)
    return FALSE;
  if (!vneid_jwt_verify (self->jwt, vneid_verifier_attestation_get_key (self->attestation)))
    return set_request_error (error, VNEID_OPENID4VP_ERROR_BAD_REQUEST_SIGNATURE,
                              "the request object's signature does not verify with the attested key");
  sub = vneid_verifier_attestation_get_subject (self->attestation);
  if (strcmp (self->client_id + strlen (VNEID_VERIFIER_ATTESTATION_PREFIX), sub) != 0)
    {
      g_autofree char *shown = vneid_shorten_for_message (self->client_id, 80);
      g_autofree char *shown_sub = vneid_shorten_for_message (sub, 80);

      return set_request_error (error, VNEID_OPENID4VP_ERROR_CLIENT_ID_MISMATCH,
                                "client_id “%s” is not the attested “%s%s”", shown,
                                VNEID_VERIFIER_ATTESTATION_PREFIX, shown_sub);
    }
  return TRUE;
}

/**
 * vneid_openid4vp_request_verify:
 * @self: a parsed #VneidOpenid4vpRequest
 * @authorities: the registration authorities the wallet trusts
 * @now: the wallet's clock (Unix time; 0 for now)
 * @error: return location for a #GError
 *
 * The wallet's checks before it shows anything. A `verifier_attestation:`
 * request must be a request object whose attestation (the `jwt` header)
 * a trusted authority signed and has not expired, signed by the key the
 * attestation binds, whose `client_id` is the attested one, not expired
 * itself, and whose query stays within the registration. A
 * `redirect_uri:` request must be unsigned (local development only).
 *
 * Returns: %TRUE, or %FALSE with @error set, each failure with its own
 *   code
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vp_request_verify (VneidOpenid4vpRequest  *self,
                                VneidTrustStore        *authorities,
                                gint64                  now,
                                GError                **error)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), FALSE);
  g_return_val_if_fail (VNEID_IS_TRUST_STORE (authorities), FALSE);

  if (now <= 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  if (is_redirect_uri_client (self->client_id))
    {
      if (self->jwt != NULL)
        return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                                  "a redirect_uri: request cannot be signed");
    }
  else if (!verify_attested (self, authorities, now, error))
    return FALSE;
  if (self->expires_at != 0 && now > self->expires_at + LEEWAY)
    return set_request_error (error, VNEID_OPENID4VP_ERROR_EXPIRED,
                              "expired at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")", self->expires_at, now);
  return self->attestation == NULL ||
         vneid_verifier_attestation_check_query (self->attestation, self->query, error);
}

/* ---- getters and output -------------------------------------------------------- */

/**
 * vneid_openid4vp_request_get_client_id:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: the client identifier, with its prefix
 *
 * Since: 0.2
 */
const char *
vneid_openid4vp_request_get_client_id (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  return self->client_id;
}

/**
 * vneid_openid4vp_request_get_response_uri:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: where the wallet posts its response
 *
 * Since: 0.2
 */
const char *
vneid_openid4vp_request_get_response_uri (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  return self->response_uri;
}

/**
 * vneid_openid4vp_request_get_nonce:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: the nonce the KB-JWTs must carry
 *
 * Since: 0.2
 */
const char *
vneid_openid4vp_request_get_nonce (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  return self->nonce;
}

/**
 * vneid_openid4vp_request_get_state:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: (nullable): the state the response must carry back
 *
 * Since: 0.2
 */
const char *
vneid_openid4vp_request_get_state (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  return self->state;
}

/**
 * vneid_openid4vp_request_get_query:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: (transfer none): the DCQL query
 *
 * Since: 0.2
 */
VneidDcqlQuery *
vneid_openid4vp_request_get_query (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  return self->query;
}

/**
 * vneid_openid4vp_request_get_issued_at:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: `iat`, Unix time, or 0 when the request did not say
 *
 * Since: 0.2
 */
gint64
vneid_openid4vp_request_get_issued_at (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), 0);
  return self->issued_at;
}

/**
 * vneid_openid4vp_request_get_expires_at:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: `exp`, Unix time, or 0 when the request did not say
 *
 * Since: 0.2
 */
gint64
vneid_openid4vp_request_get_expires_at (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), 0);
  return self->expires_at;
}

/**
 * vneid_openid4vp_request_is_signed:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: whether the request was parsed from a signed request object
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vp_request_is_signed (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), FALSE);
  return self->jwt != NULL;
}

/**
 * vneid_openid4vp_request_get_attestation:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: (transfer none) (nullable): the verified attestation, after a
 *   successful [method@Vneid.Openid4vpRequest.verify] of a
 *   `verifier_attestation:` request
 *
 * Since: 0.2
 */
VneidVerifierAttestation *
vneid_openid4vp_request_get_attestation (VneidOpenid4vpRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  return self->attestation;
}

static JsonObject *
client_metadata (void)
{
  JsonObject *metadata = json_object_new ();
  JsonObject *formats = json_object_new ();
  JsonObject *sd_jwt = json_object_new ();
  JsonArray *sd_algs = json_array_new ();
  JsonArray *kb_algs = json_array_new ();

  json_array_add_string_element (sd_algs, "Ed25519");
  json_array_add_string_element (kb_algs, "Ed25519");
  json_object_set_array_member (sd_jwt, "sd-jwt_alg_values", sd_algs);
  json_object_set_array_member (sd_jwt, "kb-jwt_alg_values", kb_algs);
  json_object_set_object_member (formats, VNEID_DCQL_FORMAT_SD_JWT, sd_jwt);
  json_object_set_object_member (metadata, "vp_formats_supported", formats);
  return metadata;
}

/**
 * vneid_openid4vp_request_to_json_object:
 * @self: a #VneidOpenid4vpRequest
 *
 * Returns: (transfer full): the request's parameters, the payload of its
 *   request object
 *
 * Since: 0.2
 */
JsonObject *
vneid_openid4vp_request_to_json_object (VneidOpenid4vpRequest *self)
{
  JsonObject *payload;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);

  payload = json_object_new ();
  json_object_set_string_member (payload, "response_type", "vp_token");
  json_object_set_string_member (payload, "response_mode", "direct_post");
  json_object_set_string_member (payload, "client_id", self->client_id);
  json_object_set_string_member (payload, "response_uri", self->response_uri);
  json_object_set_string_member (payload, "nonce", self->nonce);
  if (self->state != NULL)
    json_object_set_string_member (payload, "state", self->state);
  json_object_set_member (payload, "dcql_query", vneid_dcql_query_to_json_node (self->query));
  json_object_set_object_member (payload, "client_metadata", client_metadata ());
  if (self->issued_at != 0)
    json_object_set_int_member (payload, "iat", self->issued_at);
  if (self->expires_at != 0)
    json_object_set_int_member (payload, "exp", self->expires_at);
  return payload;
}

/**
 * vneid_openid4vp_request_to_json:
 * @self: a #VneidOpenid4vpRequest
 * @pretty: whether to indent
 *
 * Returns: (transfer full): the request's parameters as JSON text
 *
 * Since: 0.2
 */
char *
vneid_openid4vp_request_to_json (VneidOpenid4vpRequest *self,
                                 gboolean               pretty)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  payload = vneid_openid4vp_request_to_json_object (self);
  node = json_node_init_object (json_node_alloc (), payload);
  return json_to_string (node, pretty);
}

/**
 * vneid_openid4vp_request_sign:
 * @self: a #VneidOpenid4vpRequest with a `verifier_attestation:` client
 * @portal_key: the portal's private key, the one the attestation binds
 * @attestation: the portal's Verifier Attestation JWT
 * @error: return location for a #GError
 *
 * Makes the signed request object: JWS `typ` `oauth-authz-req+jwt`, the
 * attestation in the `jwt` header.
 *
 * Returns: (transfer full): the request object, or %NULL with @error set
 *
 * Since: 0.2
 */
char *
vneid_openid4vp_request_sign (VneidOpenid4vpRequest  *self,
                              VneidKey               *portal_key,
                              const char             *attestation,
                              GError                **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) header = json_object_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  g_return_val_if_fail (VNEID_IS_KEY (portal_key), NULL);
  g_return_val_if_fail (attestation != NULL, NULL);

  if (is_redirect_uri_client (self->client_id))
    return set_request_error (error, VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
                              "a redirect_uri: request cannot be signed"), NULL;
  payload = vneid_openid4vp_request_to_json_object (self);
  json_object_set_string_member (header, "jwt", attestation);
  return vneid_jwt_sign (REQUEST_TYP, header, payload, portal_key, error);
}

/**
 * vneid_openid4vp_request_make_link:
 * @self: a #VneidOpenid4vpRequest
 * @request_uri: where the wallet fetches the request object
 *
 * Returns: (transfer full): the link a wallet opens,
 *   `openid4vp://?client_id=…&request_uri=…`
 *
 * Since: 0.2
 */
char *
vneid_openid4vp_request_make_link (VneidOpenid4vpRequest *self,
                                   const char            *request_uri)
{
  g_autofree char *client_id = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (VNEID_IS_OPENID4VP_REQUEST (self), NULL);
  g_return_val_if_fail (request_uri != NULL, NULL);

  client_id = g_uri_escape_string (self->client_id, NULL, FALSE);
  uri = g_uri_escape_string (request_uri, NULL, FALSE);
  return g_strdup_printf ("openid4vp://?client_id=%s&request_uri=%s", client_id, uri);
}
