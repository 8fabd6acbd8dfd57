/* vneid-openid4vci-offer.h: OpenID4VCI credential offers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"

G_BEGIN_DECLS

/**
 * VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE:
 *
 * The OAuth grant type of the pre-authorized code flow.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_GRANT_PRE_AUTHORIZED_CODE "urn:ietf:params:oauth:grant-type:pre-authorized_code"

/**
 * VNEID_OPENID4VCI_OFFER_SCHEME:
 *
 * The URI scheme that hands a credential offer to a wallet.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_OFFER_SCHEME "openid-credential-offer"

#define VNEID_TYPE_OPENID4VCI_OFFER (vneid_openid4vci_offer_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciOffer, vneid_openid4vci_offer, VNEID, OPENID4VCI_OFFER, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciOffer *vneid_openid4vci_offer_new           (const char            *credential_issuer,
                                                            const char * const    *credential_configuration_ids,
                                                            const char            *pre_authorized_code);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciOffer *vneid_openid4vci_offer_new_from_json (const char            *json,
                                                            GError               **error);
VNEID_AVAILABLE_IN_ALL
gboolean              vneid_openid4vci_offer_parse_uri     (const char            *uri,
                                                            VneidOpenid4vciOffer **offer,
                                                            char                 **offer_url,
                                                            GError               **error);
VNEID_AVAILABLE_IN_ALL
char                 *vneid_openid4vci_offer_uri_for_reference (const char        *offer_url);

VNEID_AVAILABLE_IN_ALL
void        vneid_openid4vci_offer_set_tx_code              (VneidOpenid4vciOffer *self,
                                                             const char           *input_mode,
                                                             guint                 length,
                                                             const char           *description);

VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_offer_get_credential_issuer    (VneidOpenid4vciOffer *self);
VNEID_AVAILABLE_IN_ALL
const char * const *vneid_openid4vci_offer_get_credential_configuration_ids (VneidOpenid4vciOffer *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_offer_get_pre_authorized_code  (VneidOpenid4vciOffer *self);
VNEID_AVAILABLE_IN_ALL
gboolean    vneid_openid4vci_offer_get_tx_code_required     (VneidOpenid4vciOffer *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_offer_get_tx_code_input_mode   (VneidOpenid4vciOffer *self);
VNEID_AVAILABLE_IN_ALL
guint       vneid_openid4vci_offer_get_tx_code_length       (VneidOpenid4vciOffer *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_offer_get_tx_code_description  (VneidOpenid4vciOffer *self);

VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_offer_to_json                  (VneidOpenid4vciOffer *self);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_offer_to_uri                   (VneidOpenid4vciOffer *self);

G_END_DECLS
