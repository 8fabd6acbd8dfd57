/* vneid-openid4vci-client.h: the wallet side of the pre-authorized code flow, over HTTP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <gio/gio.h>

#include "vneid-version.h"
#include "vneid-key.h"
#include "vneid-openid4vci-offer.h"

G_BEGIN_DECLS

#define VNEID_TYPE_OPENID4VCI_CLIENT (vneid_openid4vci_client_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciClient, vneid_openid4vci_client, VNEID, OPENID4VCI_CLIENT, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciClient *vneid_openid4vci_client_new           (void);
VNEID_AVAILABLE_IN_ALL
void                   vneid_openid4vci_client_set_timeout   (VneidOpenid4vciClient *self,
                                                              guint                  seconds);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciOffer  *vneid_openid4vci_client_resolve_offer (VneidOpenid4vciClient *self,
                                                              const char            *offer_uri,
                                                              GCancellable          *cancellable,
                                                              GError               **error);
VNEID_AVAILABLE_IN_ALL
char                  *vneid_openid4vci_client_receive       (VneidOpenid4vciClient *self,
                                                              VneidOpenid4vciOffer  *offer,
                                                              const char            *credential_configuration_id,
                                                              const char            *tx_code,
                                                              VneidKey              *holder_key,
                                                              GCancellable          *cancellable,
                                                              GError               **error);

G_END_DECLS
