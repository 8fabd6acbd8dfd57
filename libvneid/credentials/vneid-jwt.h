/* vneid-jwt.h: a signed JWT (compact JWS, EdDSA) of any type
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
#include "vneid-key.h"

G_BEGIN_DECLS

#define VNEID_TYPE_JWT (vneid_jwt_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidJwt, vneid_jwt, VNEID, JWT, GObject)

VNEID_AVAILABLE_IN_ALL
VneidJwt   *vneid_jwt_parse       (const char  *compact,
                                   const char  *expected_typ,
                                   GError     **error);
VNEID_AVAILABLE_IN_ALL
JsonObject *vneid_jwt_get_header  (VneidJwt    *self);
VNEID_AVAILABLE_IN_ALL
JsonObject *vneid_jwt_get_payload (VneidJwt    *self);
VNEID_AVAILABLE_IN_ALL
gboolean    vneid_jwt_verify      (VneidJwt    *self,
                                   VneidKey    *key);

VNEID_AVAILABLE_IN_ALL
char       *vneid_jwt_sign        (const char  *typ,
                                   JsonObject  *extra_header,
                                   JsonObject  *payload,
                                   VneidKey    *key,
                                   GError     **error);

G_END_DECLS
