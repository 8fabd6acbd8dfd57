/* vneid-openid4vci-proof.h: OpenID4VCI key proofs (`openid4vci-proof+jwt`)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-key.h"

G_BEGIN_DECLS

/**
 * VNEID_OPENID4VCI_PROOF_TYP:
 *
 * The `typ` header of a key proof JWT.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_PROOF_TYP "openid4vci-proof+jwt"

/**
 * VNEID_OPENID4VCI_PROOF_MAX_AGE:
 *
 * The default freshness window of a key proof's `iat`, in seconds.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_PROOF_MAX_AGE 300

#define VNEID_TYPE_OPENID4VCI_PROOF (vneid_openid4vci_proof_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciProof, vneid_openid4vci_proof, VNEID, OPENID4VCI_PROOF, GObject)

VNEID_AVAILABLE_IN_ALL
char                 *vneid_openid4vci_proof_build        (VneidKey             *holder_key,
                                                           const char           *audience,
                                                           const char           *nonce,
                                                           gint64                issued_at,
                                                           GError              **error);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciProof *vneid_openid4vci_proof_new_from_jwt (const char           *jwt,
                                                           const char           *audience,
                                                           gint64                now,
                                                           guint                 max_age,
                                                           GError              **error);

VNEID_AVAILABLE_IN_ALL
VneidKey   *vneid_openid4vci_proof_get_holder_key         (VneidOpenid4vciProof *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_proof_get_nonce              (VneidOpenid4vciProof *self);
VNEID_AVAILABLE_IN_ALL
gint64      vneid_openid4vci_proof_get_issued_at          (VneidOpenid4vciProof *self);

G_END_DECLS
