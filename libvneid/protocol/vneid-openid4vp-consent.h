/* vneid-openid4vp-consent.h: the wallet side, what a request would take and the vp_token
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
#include "vneid-credential.h"
#include "vneid-key.h"
#include "vneid-openid4vp-request.h"

G_BEGIN_DECLS

#define VNEID_TYPE_OPENID4VP_CONSENT (vneid_openid4vp_consent_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vpConsent, vneid_openid4vp_consent, VNEID, OPENID4VP_CONSENT, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vpConsent *vneid_openid4vp_consent_new      (VneidOpenid4vpRequest   *request,
                                                         VneidCredential * const *credentials,
                                                         gsize                    n_credentials,
                                                         GError                 **error);
VNEID_AVAILABLE_IN_ALL
JsonObject  *vneid_openid4vp_consent_to_json_object     (VneidOpenid4vpConsent   *self);
VNEID_AVAILABLE_IN_ALL
char        *vneid_openid4vp_consent_to_json            (VneidOpenid4vpConsent   *self,
                                                         gboolean                 pretty);
VNEID_AVAILABLE_IN_ALL
char        *vneid_openid4vp_consent_build_vp_token     (VneidOpenid4vpConsent   *self,
                                                         VneidKey                *holder_key,
                                                         gint64                   iat,
                                                         GError                 **error);

G_END_DECLS
