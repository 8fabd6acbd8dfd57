/* vneid-openid4vci-credential-request.c: the credential request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vci-credential-request.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

#define REQUEST_WHAT "credential request"
#define request_error(error, code, message) \
  vneid_openid4vci_fail ((error), (code), REQUEST_WHAT, "%s", (message))

/**
 * VneidOpenid4vciCredentialRequest:
 *
 * A credential request (OpenID4VCI 1.0 section 8.2), posted as JSON with
 * the access token to the credential endpoint: the
 * `credential_configuration_id` wanted and one key proof,
 * `{"proofs": {"jwt": [PROOF]}}`. libvneid issues one credential per
 * request (no batch issuance, no encrypted responses, no credential
 * identifiers from `authorization_details`).
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciCredentialRequest
{
  GObject  parent_instance;

  char    *configuration_id;
  char    *proof;
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vciCredentialRequest, vneid_openid4vci_credential_request, G_TYPE_OBJECT)

static void
vneid_openid4vci_credential_request_finalize (GObject *object)
{
  VneidOpenid4vciCredentialRequest *self = VNEID_OPENID4VCI_CREDENTIAL_REQUEST (object);

  g_free (self->configuration_id);
  g_free (self->proof);

  G_OBJECT_CLASS (vneid_openid4vci_credential_request_parent_class)->finalize (object);
}

static void
vneid_openid4vci_credential_request_class_init (VneidOpenid4vciCredentialRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_credential_request_finalize;
}

static void
vneid_openid4vci_credential_request_init (VneidOpenid4vciCredentialRequest *self)
{
}

/**
 * vneid_openid4vci_credential_request_new:
 * @credential_configuration_id: the configuration wanted
 * @proof_jwt: the key proof (see [func@Vneid.Openid4vciProof.build])
 *
 * Creates a credential request.
 *
 * Returns: (transfer full): the credential request
 *
 * Since: 0.2
 */
VneidOpenid4vciCredentialRequest *
vneid_openid4vci_credential_request_new (const char *credential_configuration_id,
                                         const char *proof_jwt)
{
  VneidOpenid4vciCredentialRequest *self;

  g_return_val_if_fail (credential_configuration_id != NULL, NULL);
  g_return_val_if_fail (proof_jwt != NULL, NULL);
  self = g_object_new (VNEID_TYPE_OPENID4VCI_CREDENTIAL_REQUEST, NULL);
  self->configuration_id = g_strdup (credential_configuration_id);
  self->proof = g_strdup (proof_jwt);
  return self;
}

static gboolean
read_configuration_id (VneidOpenid4vciCredentialRequest *self,
                       JsonObject                       *object,
                       GError                          **error)
{
  const char *id;

  if (json_object_has_member (object, "credential_identifier"))
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                          "credential_identifier is not used by this issuer; send credential_configuration_id");
  if (!vneid_openid4vci_get_string (object, "credential_configuration_id", TRUE, &id, REQUEST_WHAT,
                                    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, error))
    return FALSE;
  if (id[0] == '\0')
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                          "credential_configuration_id is empty");
  self->configuration_id = g_strdup (id);
  return TRUE;
}

/* Section 8.2: `proofs` holds exactly one proof type; a missing one is
 * invalid_proof (section 8.3.1.2). One key, one credential. */
static gboolean
read_proofs (VneidOpenid4vciCredentialRequest *self,
             JsonObject                       *object,
             GError                          **error)
{
  JsonNode *proofs = json_object_get_member (object, "proofs");
  JsonNode *jwt, *element;
  JsonArray *array;

  if (json_object_has_member (object, "proof"))
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                          "“proof” is from drafts before OpenID4VCI 1.0; send “proofs”: {“jwt”: [PROOF]}");
  if (proofs == NULL)
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "proofs is missing");
  if (!JSON_NODE_HOLDS_OBJECT (proofs) || json_object_get_size (json_node_get_object (proofs)) != 1)
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                          "proofs must be an object with exactly one proof type");
  jwt = json_object_get_member (json_node_get_object (proofs), "jwt");
  if (jwt == NULL)
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_PROOF,
                          "the only proof type supported is jwt");
  if (!JSON_NODE_HOLDS_ARRAY (jwt) || json_array_get_length (array = json_node_get_array (jwt)) == 0)
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                          "proofs.jwt must be a non-empty array");
  if (json_array_get_length (array) > 1)
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                          "batch issuance is not supported: send one proof per request");
  element = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
    return request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "proofs.jwt[0] is not a string");
  self->proof = g_strdup (json_node_get_string (element));
  return TRUE;
}

/**
 * vneid_openid4vci_credential_request_new_from_json:
 * @json: the request body
 *
 * Reads a credential request as the credential endpoint receives it. A
 * body over 64 KiB or not a JSON object, a missing or empty
 * `credential_configuration_id`, a `credential_identifier`, the pre-1.0
 * `proof` member, more than one proof, or a `credential_response_encryption`
 * (not supported) is %VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST; a
 * missing `proofs`, or a proof type other than `jwt`, is
 * %VNEID_OPENID4VCI_ERROR_INVALID_PROOF. The proof itself is checked with
 * [ctor@Vneid.Openid4vciProof.new_from_jwt].
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 *
 * Since: 0.2
 */
VneidOpenid4vciCredentialRequest *
vneid_openid4vci_credential_request_new_from_json (const char *json,
                                                   GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VneidOpenid4vciCredentialRequest) self = NULL;
  JsonObject *object;

  node = vneid_openid4vci_parse_object (json, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, REQUEST_WHAT,
                                        VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, error);
  if (node == NULL)
    return NULL;
  object = json_node_get_object (node);

  if (json_object_has_member (object, "credential_response_encryption"))
    {
      request_error (error, VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                     "encrypted credential responses are not supported");
      return NULL;
    }
  self = g_object_new (VNEID_TYPE_OPENID4VCI_CREDENTIAL_REQUEST, NULL);
  if (!read_configuration_id (self, object, error) || !read_proofs (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_openid4vci_credential_request_get_credential_configuration_id:
 * @self: a credential request
 *
 * Gets the configuration wanted.
 *
 * Returns: the configuration wanted
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_credential_request_get_credential_configuration_id (VneidOpenid4vciCredentialRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_CREDENTIAL_REQUEST (self), NULL);
  return self->configuration_id;
}

/**
 * vneid_openid4vci_credential_request_get_proof:
 * @self: a credential request
 *
 * Gets the key proof, not yet checked.
 *
 * Returns: the key proof, not yet checked
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_credential_request_get_proof (VneidOpenid4vciCredentialRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_CREDENTIAL_REQUEST (self), NULL);
  return self->proof;
}

/**
 * vneid_openid4vci_credential_request_to_json:
 * @self: a credential request
 *
 * Serializes the credential request as JSON.
 *
 * Returns: (transfer full): the request body, `application/json`
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_credential_request_to_json (VneidOpenid4vciCredentialRequest *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *proofs = json_object_new ();
  JsonArray *jwt = json_array_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_CREDENTIAL_REQUEST (self), NULL);
  json_object_set_string_member (object, "credential_configuration_id", self->configuration_id);
  json_array_add_string_element (jwt, self->proof);
  json_object_set_array_member (proofs, "jwt", jwt);
  json_object_set_object_member (object, "proofs", proofs);
  return vneid_json_object_to_string (object);
}
