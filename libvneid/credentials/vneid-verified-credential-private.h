/* vneid-verified-credential-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-verified-credential.h"

G_BEGIN_DECLS

typedef struct {
  JsonNode *payload;        /* the processed payload */
  VneidKey *issuer_key;
  VneidKey *holder_key;     /* from cnf.jwk, or NULL */
  gboolean  key_bound;
  gboolean  status_checked;
  guint     disclosure_count;
} VneidVerification;

/* Takes what @verification holds (payload and keys). */
VneidVerifiedCredential *vneid_verified_credential_new (VneidVerification *verification);

G_END_DECLS
