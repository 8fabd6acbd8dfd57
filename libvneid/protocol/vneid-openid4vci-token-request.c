/* vneid-openid4vci-token-request.c: the token request of the pre-authorized code flow
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vci-token-request.h"
#include "vneid-openid4vci-offer.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

#define TOKEN_REQUEST_WHAT "token request"

/**
 * VneidOpenid4vciTokenRequest:
 *
 * The token request of the pre-authorized code flow (OpenID4VCI 1.0
 * section 6.1, RFC 6749 section 4.1.3): form-encoded `grant_type`
 * `urn:ietf:params:oauth:grant-type:pre-authorized_code`, the
 * `pre-authorized_code` from the offer, and the `tx_code` the holder typed
 * in when the offer asked for one. The wallet sends it anonymously (no
 * client authentication).
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciTokenRequest
{
  GObject  parent_instance;

  char    *pre_authorized_code;
  char    *tx_code;
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vciTokenRequest, vneid_openid4vci_token_request, G_TYPE_OBJECT)

static void
vneid_openid4vci_token_request_finalize (GObject *object)
{
  VneidOpenid4vciTokenRequest *self = VNEID_OPENID4VCI_TOKEN_REQUEST (object);

  g_free (self->pre_authorized_code);
  if (self->tx_code != NULL)
    sodium_memzero (self->tx_code, strlen (self->tx_code));
  g_free (self->tx_code);

  G_OBJECT_CLASS (vneid_openid4vci_token_request_parent_class)->finalize (object);
}

static void
vneid_openid4vci_token_request_class_init (VneidOpenid4vciTokenRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_token_request_finalize;
}

static void
vneid_openid4vci_token_request_init (VneidOpenid4vciTokenRequest *self)
{
}

/**
 * vneid_openid4vci_token_request_new:
 * @pre_authorized_code: the pre-authorized code of the offer
 * @tx_code: (nullable): the transaction code, when the offer asks for one
 *
 * Creates a token request.
 *
 * Returns: (transfer full): the token request
 *
 * Since: 0.2
 */
VneidOpenid4vciTokenRequest *
vneid_openid4vci_token_request_new (const char *pre_authorized_code,
                                    const char *tx_code)
{
  VneidOpenid4vciTokenRequest *self;

  g_return_val_if_fail (pre_authorized_code != NULL, NULL);
  self = g_object_new (VNEID_TYPE_OPENID4VCI_TOKEN_REQUEST, NULL);
  self->pre_authorized_code = g_strdup (pre_authorized_code);
  self->tx_code = g_strdup (tx_code);
  return self;
}

/**
 * vneid_openid4vci_token_request_new_from_form:
 * @body: the request body, `application/x-www-form-urlencoded`
 *
 * Reads a token request as the token endpoint receives it. A body over
 * 64 KiB, a parameter given twice, a missing `grant_type` or
 * `pre-authorized_code` is %VNEID_OPENID4VCI_ERROR_INVALID_REQUEST; a
 * `grant_type` other than the pre-authorized code is
 * %VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE. Other parameters
 * (`client_id`, `authorization_details`, …) are ignored.
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 *
 * Since: 0.2
 */
VneidOpenid4vciTokenRequest *
vneid_openid4vci_token_request_new_from_form (const char *body,
                                              GError    **error)
{
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type, *code;
  gsize len;

  if (body == NULL || (len = strnlen (body, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE + 1)) > VNEID_OPENID4VCI_MAX_MESSAGE_SIZE)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST,
                   "%s: missing, or larger than %d bytes", TOKEN_REQUEST_WHAT, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE);
      return NULL;
    }
  form = vneid_openid4vci_parse_form (body, len, TOKEN_REQUEST_WHAT, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, error);
  if (form == NULL)
    return NULL;

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (grant_type == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST,
                   "%s: grant_type is missing", TOKEN_REQUEST_WHAT);
      return NULL;
    }
  if (strcmp (grant_type, VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE) != 0)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE,
                   "%s: only the grant type %s is supported", TOKEN_REQUEST_WHAT,
                   VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE);
      return NULL;
    }
  code = g_hash_table_lookup (form, "pre-authorized_code");
  if (code == NULL || code[0] == '\0')
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST,
                   "%s: pre-authorized_code is missing", TOKEN_REQUEST_WHAT);
      return NULL;
    }
  return vneid_openid4vci_token_request_new (code, g_hash_table_lookup (form, "tx_code"));
}

/**
 * vneid_openid4vci_token_request_get_pre_authorized_code:
 * @self: a token request
 *
 * Gets the pre-authorized code.
 *
 * Returns: the pre-authorized code
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_token_request_get_pre_authorized_code (VneidOpenid4vciTokenRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_TOKEN_REQUEST (self), NULL);
  return self->pre_authorized_code;
}

/**
 * vneid_openid4vci_token_request_get_tx_code:
 * @self: a token request
 *
 * Gets the transaction code.
 *
 * Returns: (nullable): the transaction code, or %NULL when none was sent
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_token_request_get_tx_code (VneidOpenid4vciTokenRequest *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_TOKEN_REQUEST (self), NULL);
  return self->tx_code;
}

/**
 * vneid_openid4vci_token_request_check_tx_code_presence:
 * @self: a token request
 * @required: whether the offer asked for a transaction code
 *
 * Section 6.3: a transaction code sent when the offer asked for none, or
 * missing when it asked for one, is `invalid_request` (a wrong one is
 * `invalid_grant`, which only the issuer's records can tell).
 *
 * Returns: %TRUE, or %FALSE with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_REQUEST)
 *
 * Since: 0.2
 */
gboolean
vneid_openid4vci_token_request_check_tx_code_presence (VneidOpenid4vciTokenRequest *self,
                                                       gboolean                     required,
                                                       GError                     **error)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_TOKEN_REQUEST (self), FALSE);

  if (required && self->tx_code == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST,
                   "%s: tx_code is missing; send the code the issuer sent by SMS", TOKEN_REQUEST_WHAT);
      return FALSE;
    }
  if (!required && self->tx_code != NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST,
                   "%s: tx_code was sent but this offer has none", TOKEN_REQUEST_WHAT);
      return FALSE;
    }
  return TRUE;
}

static void
append_parameter (GString    *form,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", name, escaped);
}

/**
 * vneid_openid4vci_token_request_to_form:
 * @self: a token request
 *
 * Encodes the token request as form fields.
 *
 * Returns: (transfer full): the request body,
 *   `application/x-www-form-urlencoded`
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_token_request_to_form (VneidOpenid4vciTokenRequest *self)
{
  GString *form = g_string_new (NULL);

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_TOKEN_REQUEST (self), NULL);

  append_parameter (form, "grant_type", VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE);
  append_parameter (form, "pre-authorized_code", self->pre_authorized_code);
  if (self->tx_code != NULL)
    append_parameter (form, "tx_code", self->tx_code);
  return g_string_free (form, FALSE);
}
