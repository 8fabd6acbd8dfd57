/* vneid-verifier-attestation.h: a registration authority vouches for a portal
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
#include "vneid-trust-store.h"
#include "vneid-dcql-query.h"

G_BEGIN_DECLS

/**
 * VNEID_VERIFIER_ATTESTATION_PREFIX:
 *
 * The client identifier prefix of portals that authenticate with a
 * verifier attestation.
 *
 * Since: 0.2
 */
#define VNEID_VERIFIER_ATTESTATION_PREFIX "verifier_attestation:"

#define VNEID_TYPE_VERIFIER_ATTESTATION (vneid_verifier_attestation_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidVerifierAttestation, vneid_verifier_attestation, VNEID, VERIFIER_ATTESTATION, GObject)

VNEID_AVAILABLE_IN_ALL
char        *vneid_verifier_attestation_issue            (VneidKey           *authority_key,
                                                          const char         *issuer,
                                                          const char         *client_id,
                                                          VneidKey           *portal_key,
                                                          const char         *registered_name,
                                                          const char         *purpose,
                                                          const char * const *allowed_paths,
                                                          const char * const *allowed_vcts,
                                                          gint64              issued_at,
                                                          gint64              expires_at,
                                                          GError            **error);
VNEID_AVAILABLE_IN_ALL
VneidVerifierAttestation *vneid_verifier_attestation_verify (const char      *jwt,
                                                          VneidTrustStore    *authorities,
                                                          gint64              now,
                                                          GError            **error);

VNEID_AVAILABLE_IN_ALL
const char  *vneid_verifier_attestation_get_issuer       (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_verifier_attestation_get_subject      (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
VneidKey    *vneid_verifier_attestation_get_key          (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_verifier_attestation_get_registered_name (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
const char  *vneid_verifier_attestation_get_purpose      (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
const char * const *vneid_verifier_attestation_get_allowed_paths (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
const char * const *vneid_verifier_attestation_get_allowed_vcts  (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
gint64       vneid_verifier_attestation_get_expires_at   (VneidVerifierAttestation *self);
VNEID_AVAILABLE_IN_ALL
gboolean     vneid_verifier_attestation_check_query      (VneidVerifierAttestation *self,
                                                          VneidDcqlQuery     *query,
                                                          GError            **error);

G_END_DECLS
