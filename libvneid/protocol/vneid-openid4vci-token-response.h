/* vneid-openid4vci-token-response.h: the token response
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

#define VNEID_TYPE_OPENID4VCI_TOKEN_RESPONSE (vneid_openid4vci_token_response_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciTokenResponse, vneid_openid4vci_token_response, VNEID, OPENID4VCI_TOKEN_RESPONSE, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciTokenResponse *vneid_openid4vci_token_response_new           (const char *access_token,
                                                                             guint       expires_in);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciTokenResponse *vneid_openid4vci_token_response_new_from_json (const char *json,
                                                                             GError    **error);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_token_response_get_access_token (VneidOpenid4vciTokenResponse *self);
VNEID_AVAILABLE_IN_ALL
guint       vneid_openid4vci_token_response_get_expires_in   (VneidOpenid4vciTokenResponse *self);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_token_response_to_json          (VneidOpenid4vciTokenResponse *self);

G_END_DECLS
