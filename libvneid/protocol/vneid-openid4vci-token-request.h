/* vneid-openid4vci-token-request.h: the token request of the pre-authorized code flow
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

#define VNEID_TYPE_OPENID4VCI_TOKEN_REQUEST (vneid_openid4vci_token_request_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciTokenRequest, vneid_openid4vci_token_request, VNEID, OPENID4VCI_TOKEN_REQUEST, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciTokenRequest *vneid_openid4vci_token_request_new           (const char *pre_authorized_code,
                                                                           const char *tx_code);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciTokenRequest *vneid_openid4vci_token_request_new_from_form (const char *body,
                                                                           GError    **error);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_token_request_get_pre_authorized_code (VneidOpenid4vciTokenRequest *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_token_request_get_tx_code             (VneidOpenid4vciTokenRequest *self);
VNEID_AVAILABLE_IN_ALL
gboolean    vneid_openid4vci_token_request_check_tx_code_presence  (VneidOpenid4vciTokenRequest *self,
                                                                    gboolean                     required,
                                                                    GError                     **error);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_token_request_to_form                 (VneidOpenid4vciTokenRequest *self);

G_END_DECLS
