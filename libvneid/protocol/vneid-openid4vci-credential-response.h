/* vneid-openid4vci-credential-response.h: the credential response
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

#define VNEID_TYPE_OPENID4VCI_CREDENTIAL_RESPONSE (vneid_openid4vci_credential_response_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciCredentialResponse, vneid_openid4vci_credential_response, VNEID, OPENID4VCI_CREDENTIAL_RESPONSE, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciCredentialResponse *vneid_openid4vci_credential_response_new           (const char *credential);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciCredentialResponse *vneid_openid4vci_credential_response_new_from_json (const char *json,
                                                                                       GError    **error);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_credential_response_get_credential (VneidOpenid4vciCredentialResponse *self);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_credential_response_to_json    (VneidOpenid4vciCredentialResponse *self);

G_END_DECLS
