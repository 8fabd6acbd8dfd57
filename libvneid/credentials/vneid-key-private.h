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

G_END_DECLS
