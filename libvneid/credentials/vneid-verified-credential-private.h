/* vneid-verified-credential-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-verified-credential.h"
#include "vneid-sd-jwt-private.h"

G_BEGIN_DECLS

typedef struct {
  /* the processed payload, once the pending claims are placed in it */
  JsonNode *payload;
  VneidPendingClaims *pending;
  gint64    issued_at;      /* `iat`, 0 when there is none */
  VneidKey *issuer_key;
  /* from cnf.jwk; its object is made when a caller asks for it */
  VneidHolderKey holder;
  gboolean  key_bound;
  gboolean  status_checked;
  guint     disclosure_count;
} VneidVerification;

/* Takes what @verification holds (payload, pending claims and keys). */
VneidVerifiedCredential *vneid_verified_credential_new (VneidVerification *verification);

G_END_DECLS
