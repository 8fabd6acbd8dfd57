/* vneid-openid4vp-transaction.h: the verifier side, one request awaiting its response
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-profile.h"
#include "vneid-verifier.h"
#include "vneid-openid4vp-request.h"

G_BEGIN_DECLS

#define VNEID_TYPE_OPENID4VP_TRANSACTION (vneid_openid4vp_transaction_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vpTransaction, vneid_openid4vp_transaction, VNEID, OPENID4VP_TRANSACTION, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vpTransaction *vneid_openid4vp_transaction_new (VneidOpenid4vpRequest *request);

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vpRequest *vneid_openid4vp_transaction_get_request  (VneidOpenid4vpTransaction *self);
VNEID_AVAILABLE_IN_ALL
gint64         vneid_openid4vp_transaction_get_expires_at     (VneidOpenid4vpTransaction *self);
VNEID_AVAILABLE_IN_ALL
gboolean       vneid_openid4vp_transaction_get_used           (VneidOpenid4vpTransaction *self);
VNEID_AVAILABLE_IN_ALL
VneidProfile  *vneid_openid4vp_transaction_verify_response    (VneidOpenid4vpTransaction *self,
                                                               VneidVerifier             *verifier,
                                                               const char                *vp_token,
                                                               const char                *state,
                                                               GError                   **error);
VNEID_AVAILABLE_IN_ALL
char         **vneid_openid4vp_transaction_list_dropped_claims (VneidOpenid4vpTransaction *self);

G_END_DECLS
