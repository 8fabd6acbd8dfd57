/* vneid-key-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sodium.h>

#include "vneid-key.h"

G_BEGIN_DECLS

#define VNEID_SIGNATURE_BYTES crypto_sign_BYTES

gboolean      vneid_key_sign_detached   (VneidKey     *self,
                                         const char   *data,
                                         gsize         len,
                                         guint8        signature[VNEID_SIGNATURE_BYTES],
                                         GError      **error);
gboolean      vneid_key_verify_detached (VneidKey     *self,
                                         const char   *data,
                                         gsize         len,
                                         const guint8  signature[VNEID_SIGNATURE_BYTES]);
const guint8 *vneid_key_peek_public     (VneidKey     *self);

/* Why a JWK is of no use for verifying signatures here, though it may be
 * a sound key (RFC 7517 section 5: keys a reader does not understand are
 * to be ignored): not Ed25519, `use` other than `sig`, or `key_ops`
 * without `verify`. NULL when it is an Ed25519 signature key (which may
 * still be malformed). Free the reason with g_free(). */
char         *vneid_jwk_why_unusable    (JsonObject   *jwk);

G_END_DECLS
