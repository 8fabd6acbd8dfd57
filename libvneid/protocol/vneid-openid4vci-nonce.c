/* vneid-openid4vci-nonce.c: the nonce endpoint's answer, and fresh secrets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-openid4vci-nonce.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

#define NONCE_WHAT "nonce response"
/* 256 bits: pre-authorized codes, access tokens and nonces are bearer
 * secrets or replay guards, never guessed. */
#define SECRET_BYTES 32

/**
 * vneid_openid4vci_generate_secret:
 *
 * A fresh unpredictable value of 256 bits from the system's random source,
 * base64url without padding (43 characters): for pre-authorized codes,
 * access tokens and `c_nonce` values.
 *
 * Returns: (transfer full): the value
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_generate_secret (void)
{
  guint8 bytes[SECRET_BYTES];

  /* sodium_init() picks the random source; failing, randombytes still works. */
  vneid_crypto_init (NULL);
  randombytes_buf (bytes, sizeof bytes);
  return vneid_b64url_encode (bytes, sizeof bytes);
}

/**
 * vneid_openid4vci_nonce_response_to_json:
 * @c_nonce: the nonce
 *
 * The nonce endpoint's answer (OpenID4VCI 1.0 section 7.2),
 * `{"c_nonce": …}`; send it with `Cache-Control: no-store`.
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_nonce_response_to_json (const char *c_nonce)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (c_nonce != NULL, NULL);
  json_object_set_string_member (object, "c_nonce", c_nonce);
  return vneid_json_object_to_string (object);
}

/**
 * vneid_openid4vci_nonce_response_parse:
 * @json: the nonce endpoint's answer
 *
 * Reads the `c_nonce` out of a nonce response.
 *
 * Returns: (transfer full): the nonce, or %NULL with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE) when the answer is not an
 *   object with a non-empty string `c_nonce`
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_nonce_response_parse (const char *json,
                                       GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  const char *c_nonce;

  node = vneid_openid4vci_parse_object (json, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, NONCE_WHAT,
                                        VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, error);
  if (node == NULL
      || !vneid_openid4vci_get_string (json_node_get_object (node), "c_nonce", TRUE, &c_nonce, NONCE_WHAT,
                                       VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, error))
    return NULL;
  if (c_nonce[0] == '\0')
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE,
                   "%s: c_nonce is empty", NONCE_WHAT);
      return NULL;
    }
  return g_strdup (c_nonce);
}
