/* vneid-trust-store-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-trust-store.h"
#include "vneid-jws-private.h"

G_BEGIN_DECLS

/* Finds the trusted key of @issuer that signed @jws (by its `kid` header
 * when it has one) and checks the signature. @what names the token. */
VneidKey *vneid_trust_store_verify_jws (VneidTrustStore *self,
                                        const char      *issuer,
                                        VneidJws        *jws,
                                        const char      *what,
                                        GError         **error);

G_END_DECLS
