/* vneid-openid4vci-credential-response.c: the credential response
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-openid4vci-credential-response.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

#define RESPONSE_WHAT "credential response"
/* Sets the error and gives NULL, for the constructors to return. */
#define response_error(error, message) \
  (vneid_openid4vci_fail ((error), VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, RESPONSE_WHAT, "%s", (message)), NULL)

/**
 * VneidOpenid4vciCredentialResponse:
 *
 * An immediate credential response (OpenID4VCI 1.0 section 8.3):
 * `{"credentials": [{"credential": SD-JWT-VC}]}`, one credential, as
 * libvneid issues one per key proof and takes one proof per request.
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciCredentialResponse
{
  GObject  parent_instance;

  char    *credential;
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vciCredentialResponse, vneid_openid4vci_credential_response, G_TYPE_OBJECT)

static void
vneid_openid4vci_credential_response_finalize (GObject *object)
{
  VneidOpenid4vciCredentialResponse *self = VNEID_OPENID4VCI_CREDENTIAL_RESPONSE (object);

  g_free (self->credential);

  G_OBJECT_CLASS (vneid_openid4vci_credential_response_parent_class)->finalize (object);
}

static void
vneid_openid4vci_credential_response_class_init (VneidOpenid4vciCredentialResponseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_credential_response_finalize;
}

static void
vneid_openid4vci_credential_response_init (VneidOpenid4vciCredentialResponse *self)
{
}

/**
 * vneid_openid4vci_credential_response_new:
 * @credential: the issued SD-JWT VC
 *
 * Creates a credential response.
 *
 * Returns: (transfer full): the credential response
 *
 * Since: 0.2
 */
VneidOpenid4vciCredentialResponse *
vneid_openid4vci_credential_response_new (const char *credential)
{
  VneidOpenid4vciCredentialResponse *self;

  g_return_val_if_fail (credential != NULL, NULL);
  self = g_object_new (VNEID_TYPE_OPENID4VCI_CREDENTIAL_RESPONSE, NULL);
  self->credential = g_strdup (credential);
  return self;
}

/**
 * vneid_openid4vci_credential_response_new_from_json:
 * @json: the credential endpoint's answer
 *
 * Reads an immediate credential response holding exactly one credential,
 * a string (an SD-JWT VC). A deferred answer (`transaction_id`) is
 * refused: libvneid wallets do not poll.
 *
 * Returns: (transfer full): the response, or %NULL with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE)
 *
 * Since: 0.2
 */
VneidOpenid4vciCredentialResponse *
vneid_openid4vci_credential_response_new_from_json (const char *json,
                                                    GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonNode *credentials, *entry, *credential;

  node = vneid_openid4vci_parse_object (json, VNEID_OPENID4VCI_MAX_RESPONSE_SIZE, RESPONSE_WHAT,
                                        VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, error);
  if (node == NULL)
    return NULL;
  object = json_node_get_object (node);

  if (json_object_has_member (object, "transaction_id"))
    return response_error (error, "deferred issuance (transaction_id) is not supported");
  credentials = json_object_get_member (object, "credentials");
  if (credentials == NULL || !JSON_NODE_HOLDS_ARRAY (credentials)
      || json_array_get_length (json_node_get_array (credentials)) != 1)
    return response_error (error, "credentials must be an array of exactly one credential");
  entry = json_array_get_element (json_node_get_array (credentials), 0);
  if (!JSON_NODE_HOLDS_OBJECT (entry))
    return response_error (error, "credentials[0] is not an object");
  credential = json_object_get_member (json_node_get_object (entry), "credential");
  if (credential == NULL || !JSON_NODE_HOLDS_VALUE (credential)
      || json_node_get_value_type (credential) != G_TYPE_STRING || json_node_get_string (credential)[0] == '\0')
    return response_error (error, "credentials[0].credential is not a non-empty string");
  return vneid_openid4vci_credential_response_new (json_node_get_string (credential));
}

/**
 * vneid_openid4vci_credential_response_get_credential:
 * @self: a credential response
 *
 * Gets the issued credential, not yet verified.
 *
 * Returns: the issued credential, not yet verified
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_credential_response_get_credential (VneidOpenid4vciCredentialResponse *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_CREDENTIAL_RESPONSE (self), NULL);
  return self->credential;
}

/**
 * vneid_openid4vci_credential_response_to_json:
 * @self: a credential response
 *
 * Serializes the credential response as JSON.
 *
 * Returns: (transfer full): the response body, `application/json` (send it
 *   with `Cache-Control: no-store`)
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_credential_response_to_json (VneidOpenid4vciCredentialResponse *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *entry = json_object_new ();
  JsonArray *credentials = json_array_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_CREDENTIAL_RESPONSE (self), NULL);
  json_object_set_string_member (entry, "credential", self->credential);
  json_array_add_object_element (credentials, entry);
  json_object_set_array_member (object, "credentials", credentials);
  return vneid_json_object_to_string (object);
}
