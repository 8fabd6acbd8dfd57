/* vneid-verifier.h: the verifier side, a policy that checks presentations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-trust-store.h"
#include "vneid-status-list.h"
#include "vneid-verified-credential.h"

G_BEGIN_DECLS

/**
 * VNEID_DEFAULT_LEEWAY:
 *
 * The default clock leeway for `exp`, `nbf` and `iat`, in seconds.
 *
 * Since: 0.1
 */
#define VNEID_DEFAULT_LEEWAY 60

/**
 * VNEID_DEFAULT_KEY_BINDING_MAX_AGE:
 *
 * The default freshness window of a KB-JWT's `iat`, in seconds.
 *
 * Since: 0.1
 */
#define VNEID_DEFAULT_KEY_BINDING_MAX_AGE 300

#define VNEID_TYPE_VERIFIER (vneid_verifier_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidVerifier, vneid_verifier, VNEID, VERIFIER, GObject)

VNEID_AVAILABLE_IN_ALL
VneidVerifier   *vneid_verifier_new                  (VneidTrustStore *trust_store);

VNEID_AVAILABLE_IN_ALL
VneidTrustStore *vneid_verifier_get_trust_store      (VneidVerifier   *self);
VNEID_AVAILABLE_IN_ALL
void             vneid_verifier_set_time             (VneidVerifier   *self,
                                                      gint64           unix_time);
VNEID_AVAILABLE_IN_ALL
gint64           vneid_verifier_get_time             (VneidVerifier   *self);
VNEID_AVAILABLE_IN_ALL
void             vneid_verifier_set_leeway           (VneidVerifier   *self,
                                                      guint            seconds);
VNEID_AVAILABLE_IN_ALL
guint            vneid_verifier_get_leeway           (VneidVerifier   *self);
VNEID_AVAILABLE_IN_ALL
void             vneid_verifier_set_key_binding_max_age (VneidVerifier *self,
                                                      guint            seconds);
VNEID_AVAILABLE_IN_ALL
guint            vneid_verifier_get_key_binding_max_age (VneidVerifier *self);
VNEID_AVAILABLE_IN_ALL
void             vneid_verifier_require_key_binding  (VneidVerifier   *self,
                                                      const char      *nonce,
                                                      const char      *audience);
VNEID_AVAILABLE_IN_ALL
void             vneid_verifier_set_check_status     (VneidVerifier   *self,
                                                      gboolean         check_status);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_verifier_get_check_status     (VneidVerifier   *self);

VNEID_AVAILABLE_IN_ALL
gboolean         vneid_verifier_add_status_list      (VneidVerifier   *self,
                                                      const char      *token,
                                                      GError         **error);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_verifier_add_status_list_object (VneidVerifier *self,
                                                      VneidStatusList *list,
                                                      GError         **error);

VNEID_AVAILABLE_IN_ALL
VneidVerifiedCredential *vneid_verifier_verify       (VneidVerifier   *self,
                                                      const char      *presentation,
                                                      GError         **error);
VNEID_AVAILABLE_IN_ALL
VneidVerifiedCredential *vneid_verifier_verify_with_nonce (VneidVerifier *self,
                                                      const char      *presentation,
                                                      const char      *nonce,
                                                      const char      *audience,
                                                      GError         **error);

G_END_DECLS
