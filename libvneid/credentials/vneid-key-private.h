/* vneid-key-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sodium.h>

#include "vneid-key.h"

G_BEGIN_DECLS

#define VNEID_SIGNATURE_BYTES crypto_sign_BYTES
#define VNEID_PUBLIC_KEY_BYTES crypto_sign_PUBLICKEYBYTES

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
/* The check of vneid_key_verify_detached() with the public key's bytes,
 * for a key that has no object (yet). */
gboolean      vneid_verify_detached_with (const guint8  public_key[VNEID_PUBLIC_KEY_BYTES],
                                          const char   *data,
                                          gsize         len,
                                          const guint8  signature[VNEID_SIGNATURE_BYTES]);
/* Reads a public Ed25519 JWK as vneid_key_new_from_jwk_object() does,
 * without making its object; @kid (nullable) points into @jwk. */
gboolean      vneid_jwk_read_public     (JsonObject   *jwk,
                                         guint8        public_key[VNEID_PUBLIC_KEY_BYTES],
                                         const char  **kid,
                                         GError      **error);
VneidKey     *vneid_key_new_public      (const guint8  public_key[VNEID_PUBLIC_KEY_BYTES],
                                         const char   *kid);

/* Why a JWK is of no use for verifying signatures here, though it may be
 * a sound key (RFC 7517 section 5: keys a reader does not understand are
 * to be ignored): not Ed25519, `use` other than `sig`, or `key_ops`
 * without `verify`. NULL when it is an Ed25519 signature key (which may
 * still be malformed). Free the reason with g_free(). */
char         *vneid_jwk_why_unusable    (JsonObject   *jwk);

G_END_DECLS
