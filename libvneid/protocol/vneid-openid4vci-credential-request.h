/* vneid-openid4vci-credential-request.h: the credential request
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

#define VNEID_TYPE_OPENID4VCI_CREDENTIAL_REQUEST (vneid_openid4vci_credential_request_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciCredentialRequest, vneid_openid4vci_credential_request, VNEID, OPENID4VCI_CREDENTIAL_REQUEST, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciCredentialRequest *vneid_openid4vci_credential_request_new           (const char *credential_configuration_id,
                                                                                     const char *proof_jwt);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciCredentialRequest *vneid_openid4vci_credential_request_new_from_json (const char *json,
                                                                                     GError    **error);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_credential_request_get_credential_configuration_id (VneidOpenid4vciCredentialRequest *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_credential_request_get_proof (VneidOpenid4vciCredentialRequest *self);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_credential_request_to_json   (VneidOpenid4vciCredentialRequest *self);

G_END_DECLS
