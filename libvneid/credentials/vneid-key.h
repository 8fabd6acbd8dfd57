/* vneid-key.h: Ed25519 keys and their JWK form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "vneid-version.h"

G_BEGIN_DECLS

#define VNEID_TYPE_KEY (vneid_key_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidKey, vneid_key, VNEID, KEY, GObject)

VNEID_AVAILABLE_IN_ALL
VneidKey   *vneid_key_generate             (const char   *kid,
                                            GError      **error);
VNEID_AVAILABLE_IN_ALL
VneidKey   *vneid_key_new_from_jwk         (const char   *jwk,
                                            GError      **error);
VNEID_AVAILABLE_IN_ALL
VneidKey   *vneid_key_new_from_jwk_object  (JsonObject   *jwk,
                                            GError      **error);
VNEID_AVAILABLE_IN_ALL
VneidKey   *vneid_key_new_from_file        (const char   *path,
                                            GError      **error);

VNEID_AVAILABLE_IN_ALL
const char *vneid_key_get_kid              (VneidKey     *self);
VNEID_AVAILABLE_IN_ALL
gboolean    vneid_key_has_private          (VneidKey     *self);
VNEID_AVAILABLE_IN_ALL
GBytes     *vneid_key_get_public_bytes     (VneidKey     *self);
VNEID_AVAILABLE_IN_ALL
VneidKey   *vneid_key_dup_public           (VneidKey     *self);

VNEID_AVAILABLE_IN_ALL
char       *vneid_key_to_jwk               (VneidKey     *self,
                                            gboolean      include_private);
VNEID_AVAILABLE_IN_ALL
JsonObject *vneid_key_to_jwk_object        (VneidKey     *self,
                                            gboolean      include_private);
VNEID_AVAILABLE_IN_ALL
char       *vneid_key_get_thumbprint       (VneidKey     *self);
VNEID_AVAILABLE_IN_ALL
gboolean    vneid_key_equal                (VneidKey     *self,
                                            VneidKey     *other);

VNEID_AVAILABLE_IN_ALL
GBytes     *vneid_key_sign                 (VneidKey     *self,
                                            const guint8 *data,
                                            gsize         data_len,
                                            GError      **error);
VNEID_AVAILABLE_IN_ALL
gboolean    vneid_key_verify               (VneidKey     *self,
                                            const guint8 *data,
                                            gsize         data_len,
                                            const guint8 *signature,
                                            gsize         signature_len);

G_END_DECLS
