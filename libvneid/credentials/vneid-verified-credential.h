/* vneid-verified-credential.h: what a successful verification yields
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "vneid-version.h"
#include "vneid-key.h"

G_BEGIN_DECLS

#define VNEID_TYPE_VERIFIED_CREDENTIAL (vneid_verified_credential_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidVerifiedCredential, vneid_verified_credential, VNEID, VERIFIED_CREDENTIAL, GObject)

VNEID_AVAILABLE_IN_ALL
JsonObject  *vneid_verified_credential_get_payload        (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
char        *vneid_verified_credential_to_json            (VneidVerifiedCredential *self,
                                                           gboolean                 pretty);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_verified_credential_get_issuer         (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_verified_credential_get_vct            (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
gint64       vneid_verified_credential_get_issued_at      (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
gint64       vneid_verified_credential_get_expires_at     (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
VneidKey    *vneid_verified_credential_get_issuer_key     (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
VneidKey    *vneid_verified_credential_get_holder_key     (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
gboolean     vneid_verified_credential_get_key_bound      (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
gboolean     vneid_verified_credential_get_status_checked (VneidVerifiedCredential *self);
VNEID_AVAILABLE_IN_ALL
guint        vneid_verified_credential_get_disclosure_count (VneidVerifiedCredential *self);

G_END_DECLS
