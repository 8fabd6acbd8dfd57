/* vneid-openid4vp-request.h: an OpenID4VP authorization request
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
#include "vneid-trust-store.h"
#include "vneid-dcql-query.h"
#include "vneid-verifier-attestation.h"

G_BEGIN_DECLS

/**
 * VNEID_REDIRECT_URI_PREFIX:
 *
 * The client identifier prefix of unsigned requests, for local
 * development only.
 *
 * Since: 0.2
 */
#define VNEID_REDIRECT_URI_PREFIX "redirect_uri:"

/**
 * VNEID_OPENID4VP_MAX_LIFETIME:
 *
 * The longest a request (and the transaction it starts) lives: 5 minutes.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VP_MAX_LIFETIME 300

#define VNEID_TYPE_OPENID4VP_REQUEST (vneid_openid4vp_request_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vpRequest, vneid_openid4vp_request, VNEID, OPENID4VP_REQUEST, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vpRequest *vneid_openid4vp_request_new     (const char             *client_id,
                                                        const char             *response_uri,
                                                        VneidDcqlQuery         *query,
                                                        gint64                  issued_at,
                                                        GError                **error);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vpRequest *vneid_openid4vp_request_parse   (const char             *text,
                                                        GError                **error);

VNEID_AVAILABLE_IN_ALL
gboolean     vneid_openid4vp_request_set_nonce         (VneidOpenid4vpRequest  *self,
                                                        const char             *nonce,
                                                        GError                **error);
VNEID_AVAILABLE_IN_ALL
gboolean     vneid_openid4vp_request_set_state         (VneidOpenid4vpRequest  *self,
                                                        const char             *state,
                                                        GError                **error);

VNEID_AVAILABLE_IN_ALL
const char  *vneid_openid4vp_request_get_client_id     (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_openid4vp_request_get_response_uri  (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_openid4vp_request_get_nonce         (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_openid4vp_request_get_state         (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
VneidDcqlQuery *vneid_openid4vp_request_get_query      (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
gint64       vneid_openid4vp_request_get_issued_at     (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
gint64       vneid_openid4vp_request_get_expires_at    (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
gboolean     vneid_openid4vp_request_is_signed         (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
VneidVerifierAttestation *vneid_openid4vp_request_get_attestation (VneidOpenid4vpRequest *self);

VNEID_AVAILABLE_IN_ALL
JsonObject  *vneid_openid4vp_request_to_json_object    (VneidOpenid4vpRequest  *self);
VNEID_AVAILABLE_IN_ALL
char        *vneid_openid4vp_request_to_json           (VneidOpenid4vpRequest  *self,
                                                        gboolean                pretty);
VNEID_AVAILABLE_IN_ALL
char        *vneid_openid4vp_request_sign              (VneidOpenid4vpRequest  *self,
                                                        VneidKey               *portal_key,
                                                        const char             *attestation,
                                                        GError                **error);
VNEID_AVAILABLE_IN_ALL
char        *vneid_openid4vp_request_make_link         (VneidOpenid4vpRequest  *self,
                                                        const char             *request_uri);

VNEID_AVAILABLE_IN_ALL
gboolean     vneid_openid4vp_request_verify            (VneidOpenid4vpRequest  *self,
                                                        VneidTrustStore        *authorities,
                                                        gint64                  now,
                                                        GError                **error);

G_END_DECLS
