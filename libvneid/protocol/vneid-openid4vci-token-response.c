/* vneid-openid4vci-token-response.c: the token response
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vci-token-response.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

#define TOKEN_RESPONSE_WHAT "token response"
/* Sets the error and gives NULL, for the constructors to return. */
#define response_error(error, message) \
  (vneid_openid4vci_fail ((error), VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, TOKEN_RESPONSE_WHAT, "%s", (message)), NULL)

/**
 * VneidOpenid4vciTokenResponse:
 *
 * A successful token response (RFC 6749 section 5.1, OpenID4VCI 1.0
 * section 6.2): a `Bearer` access token for the credential endpoint and
 * how many seconds it lives. (Since OpenID4VCI 1.0 the `c_nonce` comes
 * from the nonce endpoint, not from here.)
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciTokenResponse
{
  GObject  parent_instance;

  char    *access_token;
  guint    expires_in;
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vciTokenResponse, vneid_openid4vci_token_response, G_TYPE_OBJECT)

static void
vneid_openid4vci_token_response_finalize (GObject *object)
{
  VneidOpenid4vciTokenResponse *self = VNEID_OPENID4VCI_TOKEN_RESPONSE (object);

  if (self->access_token != NULL)
    sodium_memzero (self->access_token, strlen (self->access_token));
  g_free (self->access_token);

  G_OBJECT_CLASS (vneid_openid4vci_token_response_parent_class)->finalize (object);
}

static void
vneid_openid4vci_token_response_class_init (VneidOpenid4vciTokenResponseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_token_response_finalize;
}

static void
vneid_openid4vci_token_response_init (VneidOpenid4vciTokenResponse *self)
{
}

/**
 * vneid_openid4vci_token_response_new:
 * @access_token: the access token
 * @expires_in: its lifetime in seconds, or 0 to leave `expires_in` out
 *
 * Creates a token response.
 *
 * Returns: (transfer full): the token response
 *
 * Since: 0.2
 */
VneidOpenid4vciTokenResponse *
vneid_openid4vci_token_response_new (const char *access_token,
                                     guint       expires_in)
{
  VneidOpenid4vciTokenResponse *self;

  g_return_val_if_fail (access_token != NULL, NULL);
  self = g_object_new (VNEID_TYPE_OPENID4VCI_TOKEN_RESPONSE, NULL);
  self->access_token = g_strdup (access_token);
  self->expires_in = expires_in;
  return self;
}

/**
 * vneid_openid4vci_token_response_new_from_json:
 * @json: the token endpoint's answer
 *
 * Reads a token response: `access_token` a non-empty string, `token_type`
 * `Bearer` (in any case; sender-constrained DPoP tokens are not
 * supported), `expires_in`, when present, a positive whole number.
 *
 * Returns: (transfer full): the response, or %NULL with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE)
 *
 * Since: 0.2
 */
VneidOpenid4vciTokenResponse *
vneid_openid4vci_token_response_new_from_json (const char *json,
                                               GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *access_token, *token_type;
  gint64 expires_in = 0;
  GError *inner = NULL;

  node = vneid_openid4vci_parse_object (json, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, TOKEN_RESPONSE_WHAT,
                                        VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, error);
  if (node == NULL)
    return NULL;
  object = json_node_get_object (node);

  if (!vneid_openid4vci_get_string (object, "access_token", TRUE, &access_token, TOKEN_RESPONSE_WHAT,
                                    VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, error)
      || !vneid_openid4vci_get_string (object, "token_type", TRUE, &token_type, TOKEN_RESPONSE_WHAT,
                                       VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, error))
    return NULL;
  if (access_token[0] == '\0')
    return response_error (error, "access_token is empty");
  if (g_ascii_strcasecmp (token_type, "Bearer") != 0)
    return response_error (error, "token_type is not Bearer");
  if (!vneid_json_get_integer (object, "expires_in", FALSE, &expires_in, TOKEN_RESPONSE_WHAT, &inner))
    {
      g_set_error_literal (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, inner->message);
      g_error_free (inner);
      return NULL;
    }
  if (json_object_has_member (object, "expires_in") && (expires_in <= 0 || expires_in > G_MAXUINT))
    return response_error (error, "expires_in is not a positive number of seconds");
  return vneid_openid4vci_token_response_new (access_token, (guint) expires_in);
}

/**
 * vneid_openid4vci_token_response_get_access_token:
 * @self: a token response
 *
 * Gets the access token.
 *
 * Returns: the access token
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_token_response_get_access_token (VneidOpenid4vciTokenResponse *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_TOKEN_RESPONSE (self), NULL);
  return self->access_token;
}

/**
 * vneid_openid4vci_token_response_get_expires_in:
 * @self: a token response
 *
 * Gets the access token's lifetime in seconds, or 0 when not given.
 *
 * Returns: the access token's lifetime in seconds, or 0 when not given
 *
 * Since: 0.2
 */
guint
vneid_openid4vci_token_response_get_expires_in (VneidOpenid4vciTokenResponse *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_TOKEN_RESPONSE (self), 0);
  return self->expires_in;
}

/**
 * vneid_openid4vci_token_response_to_json:
 * @self: a token response
 *
 * Serializes the token response as JSON.
 *
 * Returns: (transfer full): the response body (send it with
 *   `Cache-Control: no-store`)
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_token_response_to_json (VneidOpenid4vciTokenResponse *self)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_TOKEN_RESPONSE (self), NULL);
  json_object_set_string_member (object, "access_token", self->access_token);
  json_object_set_string_member (object, "token_type", "Bearer");
  if (self->expires_in > 0)
    json_object_set_int_member (object, "expires_in", self->expires_in);
  return vneid_json_object_to_string (object);
}
