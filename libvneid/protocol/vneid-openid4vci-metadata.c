/* vneid-openid4vci-metadata.c: credential issuer and authorization server metadata
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vci-metadata.h"
#include "vneid-openid4vci-offer.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

#define METADATA_WHAT "credential issuer metadata"
#define AS_METADATA_WHAT "authorization server metadata"
#define metadata_error(error, what, message) \
  vneid_openid4vci_fail ((error), VNEID_OPENID4VCI_ERROR_INVALID_METADATA, (what), "%s", (message))
/* No real issuer offers more kinds of credentials than this. */
#define MAX_CONFIGURATIONS 256

/**
 * VneidOpenid4vciMetadata:
 *
 * What a wallet needs to know about a credential issuer (OpenID4VCI 1.0
 * section 12.2, served at `/.well-known/openid-credential-issuer`) and
 * about the OAuth authorization server that hands out its access tokens
 * (RFC 8414, `/.well-known/oauth-authorization-server`): the credential,
 * nonce and token endpoints and the credential configurations on offer.
 *
 * An issuer describes itself with [ctor@Vneid.Openid4vciMetadata.new],
 * the setters and [method@Vneid.Openid4vciMetadata.add_configuration], and
 * serves [method@Vneid.Openid4vciMetadata.to_json] and
 * [method@Vneid.Openid4vciMetadata.to_authorization_server_json]. Every
 * configuration it adds is an SD-JWT VC (`dc+sd-jwt`) of one `vct`, bound
 * to the holder's key given as a JWK in a `jwt` key proof signed with
 * EdDSA, the only algorithm libvneid speaks.
 *
 * A wallet reads the documents with
 * [ctor@Vneid.Openid4vciMetadata.new_from_json] and
 * [method@Vneid.Openid4vciMetadata.read_authorization_server]; it keeps
 * only the configurations it can use (SD-JWT VC with a `vct`, EdDSA `jwt`
 * proofs), so [method@Vneid.Openid4vciMetadata.get_configuration_vct]
 * answers %NULL for any other.
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciMetadata
{
  GObject     parent_instance;

  char       *credential_issuer;
  char       *authorization_server;  /* NULL: the credential issuer */
  char       *credential_endpoint;
  char       *nonce_endpoint;
  char       *token_endpoint;
  GPtrArray  *configuration_ids;     /* in the order added */
  GHashTable *configurations;        /* id -> Configuration */
};

typedef struct {
  char *vct;
  char *display_name;
} Configuration;

G_DEFINE_FINAL_TYPE (VneidOpenid4vciMetadata, vneid_openid4vci_metadata, G_TYPE_OBJECT)

static void
configuration_free (gpointer data)
{
  Configuration *configuration = data;

  g_free (configuration->vct);
  g_free (configuration->display_name);
  g_free (configuration);
}

static void
vneid_openid4vci_metadata_finalize (GObject *object)
{
  VneidOpenid4vciMetadata *self = VNEID_OPENID4VCI_METADATA (object);

  g_free (self->credential_issuer);
  g_free (self->authorization_server);
  g_free (self->credential_endpoint);
  g_free (self->nonce_endpoint);
  g_free (self->token_endpoint);
  g_ptr_array_unref (self->configuration_ids);
  g_hash_table_unref (self->configurations);

  G_OBJECT_CLASS (vneid_openid4vci_metadata_parent_class)->finalize (object);
}

static void
vneid_openid4vci_metadata_class_init (VneidOpenid4vciMetadataClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_metadata_finalize;
}

static void
vneid_openid4vci_metadata_init (VneidOpenid4vciMetadata *self)
{
  self->configuration_ids = g_ptr_array_new_with_free_func (g_free);
  self->configurations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, configuration_free);
}

/**
 * vneid_openid4vci_metadata_new:
 * @credential_issuer: the credential issuer identifier, an `https` URL
 *
 * Starts an issuer's description of itself, with no endpoints and no
 * configurations yet.
 *
 * Returns: (transfer full): the metadata
 *
 * Since: 0.2
 */
VneidOpenid4vciMetadata *
vneid_openid4vci_metadata_new (const char *credential_issuer)
{
  VneidOpenid4vciMetadata *self;

  g_return_val_if_fail (credential_issuer != NULL, NULL);
  self = g_object_new (VNEID_TYPE_OPENID4VCI_METADATA, NULL);
  self->credential_issuer = g_strdup (credential_issuer);
  return self;
}

/**
 * vneid_openid4vci_metadata_build_well_known_url:
 * @identifier: a credential issuer or authorization server identifier
 * @well_known_name: %VNEID_OPENID4VCI_WELL_KNOWN_ISSUER or
 *   %VNEID_OPENID4VCI_WELL_KNOWN_AUTHORIZATION_SERVER
 *
 * The URL of a metadata document: `/.well-known/NAME` inserted between the
 * identifier's host and its path, so `https://example.com/tenant` gives
 * `https://example.com/.well-known/NAME/tenant`.
 *
 * Returns: (transfer full): the URL, or %NULL with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_METADATA) when @identifier is not an
 *   `https` URL (or `http` to this machine) without query or fragment
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_metadata_build_well_known_url (const char *identifier,
                                                const char *well_known_name,
                                                GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tail = NULL;

  g_return_val_if_fail (well_known_name != NULL, NULL);

  if (!vneid_openid4vci_check_url (identifier, "issuer identifier",
                                   VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error))
    return NULL;
  uri = g_uri_parse (identifier, G_URI_FLAGS_ENCODED, NULL);
  if (g_uri_get_query (uri) != NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_METADATA,
                   "issuer identifier may not have a query");
      return NULL;
    }
  tail = g_strdup (g_uri_get_path (uri));
  if (g_str_has_suffix (tail, "/"))
    tail[strlen (tail) - 1] = '\0';
  path = g_strconcat ("/.well-known/", well_known_name, tail, NULL);
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), path, NULL, NULL);
}

/**
 * vneid_openid4vci_metadata_set_credential_endpoint:
 * @self: metadata
 * @url: the credential endpoint
 *
 * Sets the credential endpoint.
 *
 * Since: 0.2
 */
void
vneid_openid4vci_metadata_set_credential_endpoint (VneidOpenid4vciMetadata *self,
                                                   const char              *url)
{
  g_return_if_fail (VNEID_IS_OPENID4VCI_METADATA (self));
  g_free (self->credential_endpoint);
  self->credential_endpoint = g_strdup (url);
}

/**
 * vneid_openid4vci_metadata_set_nonce_endpoint:
 * @self: metadata
 * @url: the nonce endpoint
 *
 * Sets the nonce endpoint.
 *
 * Since: 0.2
 */
void
vneid_openid4vci_metadata_set_nonce_endpoint (VneidOpenid4vciMetadata *self,
                                              const char              *url)
{
  g_return_if_fail (VNEID_IS_OPENID4VCI_METADATA (self));
  g_free (self->nonce_endpoint);
  self->nonce_endpoint = g_strdup (url);
}

/**
 * vneid_openid4vci_metadata_set_token_endpoint:
 * @self: metadata
 * @url: the token endpoint of the authorization server
 *
 * Sets the token endpoint.
 *
 * Since: 0.2
 */
void
vneid_openid4vci_metadata_set_token_endpoint (VneidOpenid4vciMetadata *self,
                                              const char              *url)
{
  g_return_if_fail (VNEID_IS_OPENID4VCI_METADATA (self));
  g_free (self->token_endpoint);
  self->token_endpoint = g_strdup (url);
}

/**
 * vneid_openid4vci_metadata_add_configuration:
 * @self: metadata
 * @id: the configuration's identifier, as credential offers name it
 * @vct: the SD-JWT VC type issued under it
 * @display_name: (nullable): a name for wallets to show
 *
 * Adds (or replaces) a credential configuration: an SD-JWT VC of type
 * @vct, signed with EdDSA, bound to the holder's JWK by a `jwt` key proof.
 *
 * Since: 0.2
 */
void
vneid_openid4vci_metadata_add_configuration (VneidOpenid4vciMetadata *self,
                                             const char              *id,
                                             const char              *vct,
                                             const char              *display_name)
{
  Configuration *configuration;

  g_return_if_fail (VNEID_IS_OPENID4VCI_METADATA (self));
  g_return_if_fail (id != NULL && vct != NULL);

  configuration = g_new0 (Configuration, 1);
  configuration->vct = g_strdup (vct);
  configuration->display_name = g_strdup (display_name);
  if (!g_hash_table_contains (self->configurations, id))
    g_ptr_array_add (self->configuration_ids, g_strdup (id));
  g_hash_table_insert (self->configurations, g_strdup (id), configuration);
}

static JsonArray *
string_array (const char *only)
{
  JsonArray *array = json_array_new ();

  json_array_add_string_element (array, only);
  return array;
}

static JsonObject *
configuration_to_object (Configuration *configuration)
{
  JsonObject *object = json_object_new ();
  JsonObject *proof_types = json_object_new ();
  JsonObject *jwt = json_object_new ();

  json_object_set_string_member (object, "format", VNEID_OPENID4VCI_FORMAT_SD_JWT_VC);
  json_object_set_string_member (object, "vct", configuration->vct);
  json_object_set_array_member (object, "cryptographic_binding_methods_supported", string_array ("jwk"));
  json_object_set_array_member (object, "credential_signing_alg_values_supported", string_array ("EdDSA"));
  json_object_set_array_member (jwt, "proof_signing_alg_values_supported", string_array ("EdDSA"));
  json_object_set_object_member (proof_types, "jwt", jwt);
  json_object_set_object_member (object, "proof_types_supported", proof_types);
  if (configuration->display_name != NULL)
    {
      JsonObject *credential_metadata = json_object_new ();
      JsonObject *display = json_object_new ();
      JsonArray *displays = json_array_new ();

      json_object_set_string_member (display, "name", configuration->display_name);
      json_array_add_object_element (displays, display);
      json_object_set_array_member (credential_metadata, "display", displays);
      json_object_set_object_member (object, "credential_metadata", credential_metadata);
    }
  return object;
}

/**
 * vneid_openid4vci_metadata_to_json:
 * @self: metadata
 *
 * The credential issuer metadata document, for
 * `/.well-known/openid-credential-issuer` (`application/json`).
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_metadata_to_json (VneidOpenid4vciMetadata *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *configurations = json_object_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);

  json_object_set_string_member (object, "credential_issuer", self->credential_issuer);
  if (self->credential_endpoint != NULL)
    json_object_set_string_member (object, "credential_endpoint", self->credential_endpoint);
  if (self->nonce_endpoint != NULL)
    json_object_set_string_member (object, "nonce_endpoint", self->nonce_endpoint);
  for (guint i = 0; i < self->configuration_ids->len; i++)
    {
      const char *id = g_ptr_array_index (self->configuration_ids, i);

      json_object_set_object_member (configurations, id,
                                     configuration_to_object (g_hash_table_lookup (self->configurations, id)));
    }
  json_object_set_object_member (object, "credential_configurations_supported", configurations);
  return vneid_json_object_to_string (object);
}

/**
 * vneid_openid4vci_metadata_to_authorization_server_json:
 * @self: metadata
 *
 * The authorization server metadata document (RFC 8414), for
 * `/.well-known/oauth-authorization-server`: the credential issuer acting
 * as its own authorization server, with the token endpoint, the
 * pre-authorized code grant as the only grant type, and anonymous access
 * to it (no client authentication).
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_metadata_to_authorization_server_json (VneidOpenid4vciMetadata *self)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);

  json_object_set_string_member (object, "issuer", self->credential_issuer);
  if (self->token_endpoint != NULL)
    json_object_set_string_member (object, "token_endpoint", self->token_endpoint);
  json_object_set_array_member (object, "grant_types_supported",
                                string_array (VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE));
  json_object_set_array_member (object, "token_endpoint_auth_methods_supported", string_array ("none"));
  json_object_set_boolean_member (object, "pre-authorized_grant_anonymous_access_supported", TRUE);
  return vneid_json_object_to_string (object);
}

static gboolean
read_url (JsonObject  *object,
          const char  *member,
          gboolean     required,
          char       **out,
          const char  *what,
          GError     **error)
{
  const char *url;
  g_autofree char *label = g_strdup_printf ("%s %s", what, member);

  if (!vneid_openid4vci_get_string (object, member, required, &url, what,
                                    VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error))
    return FALSE;
  if (url == NULL)
    return TRUE;
  if (!vneid_openid4vci_check_url (url, label, VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error))
    return FALSE;
  *out = g_strdup (url);
  return TRUE;
}

static gboolean
array_holds_string (JsonNode   *node,
                    const char *wanted)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
          && strcmp (json_node_get_string (element), wanted) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether the wallet can use a configuration: SD-JWT VC with a vct, and if
 * it asks for key proofs, `jwt` ones signed with EdDSA. */
static const char *
usable_vct (JsonNode *node)
{
  JsonObject *object, *proof_types;
  JsonNode *vct, *jwt;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (g_strcmp0 (vneid_openid4vci_peek_string (object, "format"),
                 VNEID_OPENID4VCI_FORMAT_SD_JWT_VC) != 0)
    return NULL;
  vct = json_object_get_member (object, "vct");
  if (vct == NULL || !JSON_NODE_HOLDS_VALUE (vct) || json_node_get_value_type (vct) != G_TYPE_STRING)
    return NULL;
  if (!json_object_has_member (object, "proof_types_supported"))
    return json_node_get_string (vct);
  if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "proof_types_supported")))
    return NULL;
  proof_types = json_object_get_object_member (object, "proof_types_supported");
  jwt = json_object_get_member (proof_types, "jwt");
  if (jwt == NULL || !JSON_NODE_HOLDS_OBJECT (jwt)
      || !array_holds_string (json_object_get_member (json_node_get_object (jwt),
                                                      "proof_signing_alg_values_supported"), "EdDSA"))
    return NULL;
  return json_node_get_string (vct);
}

static gboolean
read_configurations (VneidOpenid4vciMetadata *self,
                     JsonObject              *object,
                     GError                 **error)
{
  JsonNode *node = json_object_get_member (object, "credential_configurations_supported");
  JsonObjectIter iter;
  const char *id;
  JsonNode *configuration;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return metadata_error (error, METADATA_WHAT, "credential_configurations_supported must be an object");
  if (json_object_get_size (json_node_get_object (node)) > MAX_CONFIGURATIONS)
    return metadata_error (error, METADATA_WHAT, "credential_configurations_supported has too many entries");

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &id, &configuration))
    {
      const char *vct = usable_vct (configuration);
      if (vct != NULL)
        vneid_openid4vci_metadata_add_configuration (self, id, vct, NULL);
    }
  return TRUE;
}

static gboolean
read_authorization_servers (VneidOpenid4vciMetadata *self,
                            JsonObject              *object,
                            GError                 **error)
{
  JsonNode *node = json_object_get_member (object, "authorization_servers");
  JsonNode *first;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return metadata_error (error, METADATA_WHAT, "authorization_servers must be a non-empty array");
  first = json_array_get_element (json_node_get_array (node), 0);
  if (!JSON_NODE_HOLDS_VALUE (first) || json_node_get_value_type (first) != G_TYPE_STRING)
    return metadata_error (error, METADATA_WHAT, "authorization_servers[0] is not a string");
  if (!vneid_openid4vci_check_url (json_node_get_string (first), METADATA_WHAT " authorization_servers[0]",
                                   VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error))
    return FALSE;
  self->authorization_server = g_strdup (json_node_get_string (first));
  return TRUE;
}

/**
 * vneid_openid4vci_metadata_new_from_json:
 * @json: the credential issuer metadata document
 * @expected_issuer: (nullable): the identifier the document was fetched
 *   for, or %NULL not to check it
 *
 * Reads credential issuer metadata. `credential_issuer` must equal
 * @expected_issuer exactly (the specification forbids using the document
 * otherwise), `credential_endpoint` must be an `https` URL, and so must
 * `nonce_endpoint` and the first of `authorization_servers` when present.
 * Configurations the wallet cannot use are left out.
 *
 * Returns: (transfer full): the metadata, or %NULL with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_METADATA)
 *
 * Since: 0.2
 */
VneidOpenid4vciMetadata *
vneid_openid4vci_metadata_new_from_json (const char *json,
                                         const char *expected_issuer,
                                         GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VneidOpenid4vciMetadata) self = NULL;
  JsonObject *object;
  const char *issuer;

  node = vneid_openid4vci_parse_object (json, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, METADATA_WHAT,
                                        VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error);
  if (node == NULL)
    return NULL;
  object = json_node_get_object (node);

  if (!vneid_openid4vci_get_string (object, "credential_issuer", TRUE, &issuer, METADATA_WHAT,
                                    VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error))
    return NULL;
  if (expected_issuer != NULL && strcmp (issuer, expected_issuer) != 0)
    {
      g_autofree char *shown = vneid_shorten_for_message (issuer, 80);
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_METADATA,
                   "%s names the issuer “%s”, not the one it was fetched for", METADATA_WHAT, shown);
      return NULL;
    }

  self = vneid_openid4vci_metadata_new (issuer);
  if (!read_url (object, "credential_endpoint", TRUE, &self->credential_endpoint, METADATA_WHAT, error)
      || !read_url (object, "nonce_endpoint", FALSE, &self->nonce_endpoint, METADATA_WHAT, error)
      || !read_authorization_servers (self, object, error)
      || !read_configurations (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_openid4vci_metadata_read_authorization_server:
 * @self: metadata read from an issuer
 * @json: the authorization server metadata document (RFC 8414)
 *
 * Reads the token endpoint from the authorization server's metadata. Its
 * `issuer` must equal [method@Vneid.Openid4vciMetadata.get_authorization_server],
 * `token_endpoint` must be an `https` URL, and `grant_types_supported`,
 * when present, must list the pre-authorized code grant.
 *
 * Returns: %TRUE, or %FALSE with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_METADATA)
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vci_metadata_read_authorization_server (VneidOpenid4vciMetadata *self,
                                                     const char              *json,
                                                     GError                 **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonNode *grants;
  const char *issuer;
  g_autofree char *token_endpoint = NULL;

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), FALSE);

  node = vneid_openid4vci_parse_object (json, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, AS_METADATA_WHAT,
                                        VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error);
  if (node == NULL)
    return FALSE;
  object = json_node_get_object (node);
  if (!vneid_openid4vci_get_string (object, "issuer", TRUE, &issuer, AS_METADATA_WHAT,
                                    VNEID_OPENID4VCI_ERROR_INVALID_METADATA, error))
    return FALSE;
  if (strcmp (issuer, vneid_openid4vci_metadata_get_authorization_server (self)) != 0)
    return metadata_error (error, AS_METADATA_WHAT, "issuer is not the authorization server it was fetched for");
  grants = json_object_get_member (object, "grant_types_supported");
  if (grants != NULL && !array_holds_string (grants, VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE))
    return metadata_error (error, AS_METADATA_WHAT, "grant_types_supported does not list the pre-authorized code grant");
  if (!read_url (object, "token_endpoint", TRUE, &token_endpoint, AS_METADATA_WHAT, error))
    return FALSE;
  g_free (self->token_endpoint);
  self->token_endpoint = g_steal_pointer (&token_endpoint);
  return TRUE;
}

/**
 * vneid_openid4vci_metadata_get_credential_issuer:
 * @self: metadata
 *
 * Gets the credential issuer identifier.
 *
 * Returns: the credential issuer identifier
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_metadata_get_credential_issuer (VneidOpenid4vciMetadata *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);
  return self->credential_issuer;
}

/**
 * vneid_openid4vci_metadata_get_authorization_server:
 * @self: metadata
 *
 * Gets the authorization server identifier.
 *
 * Returns: the authorization server identifier: the first of
 *   `authorization_servers`, or the credential issuer itself
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_metadata_get_authorization_server (VneidOpenid4vciMetadata *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);
  return self->authorization_server ? self->authorization_server : self->credential_issuer;
}

/**
 * vneid_openid4vci_metadata_get_credential_endpoint:
 * @self: metadata
 *
 * Gets the credential endpoint.
 *
 * Returns: (nullable): the credential endpoint
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_metadata_get_credential_endpoint (VneidOpenid4vciMetadata *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);
  return self->credential_endpoint;
}

/**
 * vneid_openid4vci_metadata_get_nonce_endpoint:
 * @self: metadata
 *
 * Gets the nonce endpoint.
 *
 * Returns: (nullable): the nonce endpoint, or %NULL when the issuer has none
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_metadata_get_nonce_endpoint (VneidOpenid4vciMetadata *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);
  return self->nonce_endpoint;
}

/**
 * vneid_openid4vci_metadata_get_token_endpoint:
 * @self: metadata
 *
 * Gets the token endpoint.
 *
 * Returns: (nullable): the token endpoint, once set or read from the
 *   authorization server's metadata
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_metadata_get_token_endpoint (VneidOpenid4vciMetadata *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);
  return self->token_endpoint;
}

/**
 * vneid_openid4vci_metadata_get_configuration_vct:
 * @self: metadata
 * @id: a credential configuration identifier
 *
 * Gets the `vct` of configuration @id.
 *
 * Returns: (nullable): the `vct` of configuration @id, or %NULL when there
 *   is no such configuration (or none the wallet can use)
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_metadata_get_configuration_vct (VneidOpenid4vciMetadata *self,
                                                 const char              *id)
{
  Configuration *configuration;

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_METADATA (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  configuration = g_hash_table_lookup (self->configurations, id);
  return configuration ? configuration->vct : NULL;
}
