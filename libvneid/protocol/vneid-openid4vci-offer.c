/* vneid-openid4vci-offer.c: OpenID4VCI credential offers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vci-offer.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

#define OFFER_WHAT "credential offer"
#define offer_error(error, ...) \
  vneid_openid4vci_fail ((error), VNEID_OPENID4VCI_ERROR_INVALID_OFFER, OFFER_WHAT, __VA_ARGS__)
/* More configurations than this in one offer is not a real offer. */
#define MAX_CONFIGURATION_IDS 64
/* A transaction code longer than this is not typed in by a person. */
#define MAX_TX_CODE_LENGTH 64

/**
 * VneidOpenid4vciOffer:
 *
 * A credential offer of OpenID for Verifiable Credential Issuance 1.0
 * (section 4.1): which credential issuer offers which credential
 * configurations, and the grant to obtain them with. libvneid speaks the
 * pre-authorized code flow: the offer carries a `pre-authorized_code` and,
 * when the issuer sends a transaction code over another channel (an SMS),
 * a `tx_code` object describing it.
 *
 * An issuer builds one with [ctor@Vneid.Openid4vciOffer.new] and
 * [method@Vneid.Openid4vciOffer.set_tx_code], and hands it over as JSON
 * ([method@Vneid.Openid4vciOffer.to_json], served at a
 * `credential_offer_uri`) or as an `openid-credential-offer://` URI. A
 * wallet reads the URI with [func@Vneid.Openid4vciOffer.parse_uri] and the
 * JSON with [ctor@Vneid.Openid4vciOffer.new_from_json], which refuse
 * anything the specification does not allow (error
 * %VNEID_OPENID4VCI_ERROR_INVALID_OFFER).
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciOffer
{
  GObject  parent_instance;

  char    *credential_issuer;
  GStrv    configuration_ids;
  char    *pre_authorized_code;
  gboolean tx_code_required;
  char    *tx_code_input_mode;
  guint    tx_code_length;
  char    *tx_code_description;
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vciOffer, vneid_openid4vci_offer, G_TYPE_OBJECT)

static void
vneid_openid4vci_offer_finalize (GObject *object)
{
  VneidOpenid4vciOffer *self = VNEID_OPENID4VCI_OFFER (object);

  g_free (self->credential_issuer);
  g_strfreev (self->configuration_ids);
  g_free (self->pre_authorized_code);
  g_free (self->tx_code_input_mode);
  g_free (self->tx_code_description);

  G_OBJECT_CLASS (vneid_openid4vci_offer_parent_class)->finalize (object);
}

static void
vneid_openid4vci_offer_class_init (VneidOpenid4vciOfferClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_offer_finalize;
}

static void
vneid_openid4vci_offer_init (VneidOpenid4vciOffer *self)
{
}

/**
 * vneid_openid4vci_offer_new:
 * @credential_issuer: the credential issuer identifier (an `https` URL)
 * @credential_configuration_ids: (array zero-terminated=1): the offered
 *   credential configurations, keys of the issuer's
 *   `credential_configurations_supported`
 * @pre_authorized_code: (nullable): the pre-authorized code, or %NULL for
 *   an offer without grants
 *
 * Makes a credential offer, without a transaction code until
 * [method@Vneid.Openid4vciOffer.set_tx_code] asks for one.
 *
 * Returns: (transfer full): the offer
 *
 * Since: 0.2
 */
VneidOpenid4vciOffer *
vneid_openid4vci_offer_new (const char         *credential_issuer,
                            const char * const *credential_configuration_ids,
                            const char         *pre_authorized_code)
{
  VneidOpenid4vciOffer *self;

  g_return_val_if_fail (credential_issuer != NULL, NULL);
  g_return_val_if_fail (credential_configuration_ids != NULL, NULL);

  self = g_object_new (VNEID_TYPE_OPENID4VCI_OFFER, NULL);
  self->credential_issuer = g_strdup (credential_issuer);
  self->configuration_ids = g_strdupv ((char **) credential_configuration_ids);
  self->pre_authorized_code = g_strdup (pre_authorized_code);
  return self;
}

/**
 * vneid_openid4vci_offer_set_tx_code:
 * @self: an offer
 * @input_mode: (nullable): `numeric` or `text`, or %NULL to leave it out
 *   (the wallet then assumes `numeric`)
 * @length: the code's length, or 0 to leave it out
 * @description: (nullable): how the holder gets the code (at most 300
 *   characters), or %NULL
 *
 * Makes the offer require a transaction code with the token request,
 * described by the given parameters.
 *
 * Since: 0.2
 */
void
vneid_openid4vci_offer_set_tx_code (VneidOpenid4vciOffer *self,
                                    const char           *input_mode,
                                    guint                 length,
                                    const char           *description)
{
  g_return_if_fail (VNEID_IS_OPENID4VCI_OFFER (self));

  self->tx_code_required = TRUE;
  g_free (self->tx_code_input_mode);
  self->tx_code_input_mode = g_strdup (input_mode);
  self->tx_code_length = length;
  g_free (self->tx_code_description);
  self->tx_code_description = g_strdup (description);
}

static gboolean
read_issuer (VneidOpenid4vciOffer *self,
             JsonObject           *object,
             GError              **error)
{
  const char *issuer;

  if (!vneid_openid4vci_get_string (object, "credential_issuer", TRUE, &issuer, OFFER_WHAT,
                                    VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error)
      || !vneid_openid4vci_check_url (issuer, OFFER_WHAT " credential_issuer",
                                      VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error))
    return FALSE;
  if (strchr (issuer, '?') != NULL)
    return offer_error (error, "credential_issuer may not have a query");
  self->credential_issuer = g_strdup (issuer);
  return TRUE;
}

static gboolean
read_configuration_ids (VneidOpenid4vciOffer *self,
                        JsonObject           *object,
                        GError              **error)
{
  JsonNode *node = json_object_get_member (object, "credential_configuration_ids");
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return offer_error (error, "credential_configuration_ids must be an array");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0 || n > MAX_CONFIGURATION_IDS)
    return offer_error (error, "credential_configuration_ids must hold 1 to %d entries, not %u",
                        MAX_CONFIGURATION_IDS, n);

  self->configuration_ids = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || (id = json_node_get_string (element))[0] == '\0')
        return offer_error (error, "credential_configuration_ids[%u] is not a non-empty string", i);
      if (g_strv_contains ((const char * const *) self->configuration_ids, id))
        {
          g_autofree char *shown = vneid_shorten_for_message (id, 40);
          return offer_error (error, "credential_configuration_ids names “%s” twice", shown);
        }
      self->configuration_ids[i] = g_strdup (id);
    }
  return TRUE;
}

static gboolean
read_tx_code (VneidOpenid4vciOffer *self,
              JsonNode             *node,
              GError              **error)
{
  JsonObject *tx_code;
  const char *input_mode, *description;
  gint64 length = 0;
  GError *inner = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return offer_error (error, "tx_code must be an object");
  tx_code = json_node_get_object (node);

  if (!vneid_openid4vci_get_string (tx_code, "input_mode", FALSE, &input_mode, OFFER_WHAT " tx_code",
                                    VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error)
      || !vneid_openid4vci_get_string (tx_code, "description", FALSE, &description,
                                       OFFER_WHAT " tx_code", VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error))
    return FALSE;
  if (input_mode != NULL && strcmp (input_mode, "numeric") != 0 && strcmp (input_mode, "text") != 0)
    return offer_error (error, "tx_code input_mode must be “numeric” or “text”");
  if (description != NULL && g_utf8_strlen (description, -1) > VNEID_OPENID4VCI_MAX_TX_DESCRIPTION)
    return offer_error (error, "tx_code description is longer than %d characters",
                        VNEID_OPENID4VCI_MAX_TX_DESCRIPTION);
  if (!vneid_json_get_integer (tx_code, "length", FALSE, &length, OFFER_WHAT " tx_code", &inner))
    {
      offer_error (error, "%s", inner->message);
      g_error_free (inner);
      return FALSE;
    }
  if (json_object_has_member (tx_code, "length") && (length < 1 || length > MAX_TX_CODE_LENGTH))
    return offer_error (error, "tx_code length must be 1 to %d", MAX_TX_CODE_LENGTH);

  vneid_openid4vci_offer_set_tx_code (self, input_mode, (guint) length, description);
  return TRUE;
}

static gboolean
read_grants (VneidOpenid4vciOffer *self,
             JsonObject           *object,
             GError              **error)
{
  JsonNode *grants = json_object_get_member (object, "grants");
  JsonNode *grant, *tx_code;
  JsonObject *grant_object;
  const char *code;

  if (grants == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (grants))
    return offer_error (error, "grants must be an object");
  grant = json_object_get_member (json_node_get_object (grants), VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE);
  if (grant == NULL)
    return TRUE;  /* other grants are for flows libvneid does not speak */
  if (!JSON_NODE_HOLDS_OBJECT (grant))
    return offer_error (error, "the pre-authorized code grant must be an object");
  grant_object = json_node_get_object (grant);

  if (!vneid_openid4vci_get_string (grant_object, "pre-authorized_code", TRUE, &code, OFFER_WHAT,
                                    VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error))
    return FALSE;
  if (code[0] == '\0')
    return offer_error (error, "pre-authorized_code is empty");
  self->pre_authorized_code = g_strdup (code);

  tx_code = json_object_get_member (grant_object, "tx_code");
  return tx_code == NULL || read_tx_code (self, tx_code, error);
}

/**
 * vneid_openid4vci_offer_new_from_json:
 * @json: the credential offer object, as JSON text
 *
 * Reads a credential offer. `credential_issuer` must be an `https` URL
 * without query (plain `http` only to this machine, for tests),
 * `credential_configuration_ids` a non-empty array of distinct strings,
 * and a pre-authorized code grant, when present, must carry a non-empty
 * `pre-authorized_code` and may describe a `tx_code` (`input_mode`
 * `numeric` or `text`, a `length` of 1 to 64, a `description` of at most
 * 300 characters). Unknown members and other grants are ignored, as the
 * specification says.
 *
 * Returns: (transfer full): the offer, or %NULL with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_OFFER)
 *
 * Since: 0.2
 */
VneidOpenid4vciOffer *
vneid_openid4vci_offer_new_from_json (const char *json,
                                      GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VneidOpenid4vciOffer) self = NULL;
  JsonObject *object;

  node = vneid_openid4vci_parse_object (json, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, OFFER_WHAT,
                                        VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error);
  if (node == NULL)
    return NULL;
  object = json_node_get_object (node);

  self = g_object_new (VNEID_TYPE_OPENID4VCI_OFFER, NULL);
  if (!read_issuer (self, object, error)
      || !read_configuration_ids (self, object, error)
      || !read_grants (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_openid4vci_offer_parse_uri:
 * @uri: the URI a wallet was handed, `openid-credential-offer://?…` (any
 *   scheme is read the same way, for wallets reached through an `https`
 *   link)
 * @offer: (out) (optional) (nullable) (transfer full): the offer, when
 *   @uri carries it by value (`credential_offer`)
 * @offer_url: (out) (optional) (nullable) (transfer full): the URL to
 *   fetch the offer from, when @uri carries it by reference
 *   (`credential_offer_uri`)
 *
 * Reads the query of a credential offer URI. It must hold exactly one of
 * `credential_offer` (the offer's JSON) and `credential_offer_uri` (an
 * `https` URL); on success exactly one of @offer and @offer_url is set.
 * The offer fetched from @offer_url is read with
 * [ctor@Vneid.Openid4vciOffer.new_from_json].
 *
 * Returns: %TRUE, or %FALSE with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_OFFER)
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vci_offer_parse_uri (const char            *uri,
                                  VneidOpenid4vciOffer **offer,
                                  char                 **offer_url,
                                  GError               **error)
{
  g_autoptr(GHashTable) query = NULL;
  const char *question, *by_value, *by_reference;
  gsize len;

  g_return_val_if_fail (uri != NULL, FALSE);

  len = strnlen (uri, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE + 1);
  if (len > VNEID_OPENID4VCI_MAX_MESSAGE_SIZE)
    return offer_error (error, "the offer URI is longer than %d bytes", VNEID_OPENID4VCI_MAX_MESSAGE_SIZE);
  question = strchr (uri, '?');
  if (question == NULL)
    return offer_error (error, "the offer URI has no query (credential_offer or credential_offer_uri)");
  {
    const char *hash = strchr (question, '#');
    query = vneid_openid4vci_parse_form (question + 1, (gsize) ((hash ? hash : uri + len) - question - 1),
                                         OFFER_WHAT " URI", VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error);
  }
  if (query == NULL)
    return FALSE;

  by_value = g_hash_table_lookup (query, "credential_offer");
  by_reference = g_hash_table_lookup (query, "credential_offer_uri");
  if ((by_value == NULL) == (by_reference == NULL))
    return offer_error (error, "the offer URI must have exactly one of credential_offer and credential_offer_uri");

  if (by_reference != NULL)
    {
      if (!vneid_openid4vci_check_url (by_reference, OFFER_WHAT " credential_offer_uri",
                                       VNEID_OPENID4VCI_ERROR_INVALID_OFFER, error))
        return FALSE;
      if (offer_url != NULL)
        *offer_url = g_strdup (by_reference);
      if (offer != NULL)
        *offer = NULL;
      return TRUE;
    }

  {
    VneidOpenid4vciOffer *parsed = vneid_openid4vci_offer_new_from_json (by_value, error);
    if (parsed == NULL)
      return FALSE;
    if (offer != NULL)
      *offer = parsed;
    else
      g_object_unref (parsed);
    if (offer_url != NULL)
      *offer_url = NULL;
  }
  return TRUE;
}

/**
 * vneid_openid4vci_offer_uri_for_reference:
 * @offer_url: the `https` URL where the offer's JSON is served
 *
 * The URI that passes an offer by reference:
 * `openid-credential-offer://?credential_offer_uri=…`.
 *
 * Returns: (transfer full): the URI
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_offer_uri_for_reference (const char *offer_url)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (offer_url != NULL, NULL);
  escaped = g_uri_escape_string (offer_url, NULL, FALSE);
  return g_strconcat (VNEID_OPENID4VCI_OFFER_SCHEME "://?credential_offer_uri=", escaped, NULL);
}

/**
 * vneid_openid4vci_offer_get_credential_issuer:
 * @self: an offer
 *
 * Gets the credential issuer identifier.
 *
 * Returns: the credential issuer identifier
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_offer_get_credential_issuer (VneidOpenid4vciOffer *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), NULL);
  return self->credential_issuer;
}

/**
 * vneid_openid4vci_offer_get_credential_configuration_ids:
 * @self: an offer
 *
 * Gets the offered credential configuration ids.
 *
 * Returns: (array zero-terminated=1) (transfer none): the offered
 *   credential configurations
 *
 * Since: 0.2
 */
const char * const *
vneid_openid4vci_offer_get_credential_configuration_ids (VneidOpenid4vciOffer *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), NULL);
  return (const char * const *) self->configuration_ids;
}

/**
 * vneid_openid4vci_offer_get_pre_authorized_code:
 * @self: an offer
 *
 * Gets the pre-authorized code.
 *
 * Returns: (nullable): the pre-authorized code, or %NULL when the offer has
 *   no pre-authorized code grant
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_offer_get_pre_authorized_code (VneidOpenid4vciOffer *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), NULL);
  return self->pre_authorized_code;
}

/**
 * vneid_openid4vci_offer_get_tx_code_required:
 * @self: an offer
 *
 * Gets whether the token request must carry a transaction code.
 *
 * Returns: whether the token request must carry a transaction code
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vci_offer_get_tx_code_required (VneidOpenid4vciOffer *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), FALSE);
  return self->tx_code_required;
}

/**
 * vneid_openid4vci_offer_get_tx_code_input_mode:
 * @self: an offer
 *
 * Gets the transaction code's input mode.
 *
 * Returns: the transaction code's input mode: `numeric` (also when the
 *   offer does not say) or `text`
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_offer_get_tx_code_input_mode (VneidOpenid4vciOffer *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), NULL);
  return self->tx_code_input_mode ? self->tx_code_input_mode : "numeric";
}

/**
 * vneid_openid4vci_offer_get_tx_code_length:
 * @self: an offer
 *
 * Gets the transaction code's length, or 0 when the offer does not say.
 *
 * Returns: the transaction code's length, or 0 when the offer does not say
 *
 * Since: 0.2
 */
guint
vneid_openid4vci_offer_get_tx_code_length (VneidOpenid4vciOffer *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), 0);
  return self->tx_code_length;
}

/**
 * vneid_openid4vci_offer_get_tx_code_description:
 * @self: an offer
 *
 * Gets the offer's description of how the holder gets the transaction code.
 *
 * Returns: (nullable): how the holder gets the transaction code, text from
 *   the issuer to show beside the input (clean it before printing it)
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_offer_get_tx_code_description (VneidOpenid4vciOffer *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), NULL);
  return self->tx_code_description;
}

static JsonObject *
grant_to_object (VneidOpenid4vciOffer *self)
{
  JsonObject *grant = json_object_new ();

  json_object_set_string_member (grant, "pre-authorized_code", self->pre_authorized_code);
  if (self->tx_code_required)
    {
      JsonObject *tx_code = json_object_new ();

      if (self->tx_code_input_mode != NULL)
        json_object_set_string_member (tx_code, "input_mode", self->tx_code_input_mode);
      if (self->tx_code_length > 0)
        json_object_set_int_member (tx_code, "length", self->tx_code_length);
      if (self->tx_code_description != NULL)
        json_object_set_string_member (tx_code, "description", self->tx_code_description);
      json_object_set_object_member (grant, "tx_code", tx_code);
    }
  return grant;
}

/**
 * vneid_openid4vci_offer_to_json:
 * @self: an offer
 *
 * The offer as the JSON object of section 4.1.1, as served at a
 * `credential_offer_uri` (with `Content-Type: application/json`).
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_offer_to_json (VneidOpenid4vciOffer *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *ids = json_array_new ();

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), NULL);

  json_object_set_string_member (object, "credential_issuer", self->credential_issuer);
  for (guint i = 0; self->configuration_ids[i] != NULL; i++)
    json_array_add_string_element (ids, self->configuration_ids[i]);
  json_object_set_array_member (object, "credential_configuration_ids", ids);
  if (self->pre_authorized_code != NULL)
    {
      JsonObject *grants = json_object_new ();

      json_object_set_object_member (grants, VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE,
                                     grant_to_object (self));
      json_object_set_object_member (object, "grants", grants);
    }
  return vneid_json_object_to_string (object);
}

/**
 * vneid_openid4vci_offer_to_uri:
 * @self: an offer
 *
 * The offer passed by value:
 * `openid-credential-offer://?credential_offer=…` with the offer's JSON
 * percent-encoded.
 *
 * Returns: (transfer full): the URI
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_offer_to_uri (VneidOpenid4vciOffer *self)
{
  g_autofree char *json = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (self), NULL);
  json = vneid_openid4vci_offer_to_json (self);
  escaped = g_uri_escape_string (json, NULL, FALSE);
  return g_strconcat (VNEID_OPENID4VCI_OFFER_SCHEME "://?credential_offer=", escaped, NULL);
}
