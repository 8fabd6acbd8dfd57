/* vneid-jws-private.h: compact JWS with EdDSA, the only algorithm libvneid speaks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-jws-compact-private.h"
#include "vneid-key-private.h"

G_BEGIN_DECLS


/* Splits and decodes a compact JWS and checks its header: `alg` must be
 * EdDSA, `typ` must equal @expected_typ, and the header may not carry its
 * own key (`jwk`, `x5c`, `x5u`, `jku`) nor critical extensions. The
 * signature is not checked here; vneid_jws_clear() frees the parts. */
gboolean  vneid_jws_parse  (VneidJws    *jws,
                            const char  *compact,
                            gsize        len,
                            const char  *expected_typ,
                            const char  *what,
                            GError     **error);
/* vneid_jws_parse() read as @how says (its check is always the header
 * rules above): no header tree unless @how asks for one; an SD-JWT's
 * issuer JWT with its `_sd` arrays left out, a KB-JWT's payload read for
 * some members only (see VneidJwsReading). */
gboolean  vneid_jws_parse_as (VneidJws        *jws,
                              const char      *compact,
                              gsize            len,
                              const char      *expected_typ,
                              const char      *what,
                              VneidJwsReading  how,
                              GError         **error);
gboolean  vneid_jws_verify (VneidJws    *jws,
                            VneidKey    *key);

char     *vneid_jws_sign   (const char  *typ,
                            JsonObject  *payload,
                            VneidKey    *key,
                            GError     **error);
/* vneid_jws_sign() with @extra_header's members (nullable) added to the
 * header after alg, typ and kid. */
char     *vneid_jws_sign_with_header (const char  *typ,
                                      JsonObject  *extra_header,
                                      JsonObject  *payload,
                                      VneidKey    *key,
                                      GError     **error);

G_END_DECLS
