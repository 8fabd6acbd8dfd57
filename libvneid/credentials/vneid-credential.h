/* vneid-credential.h: the holder side, an issued SD-JWT VC and its presentations
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

#define VNEID_TYPE_CREDENTIAL (vneid_credential_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidCredential, vneid_credential, VNEID, CREDENTIAL, GObject)

VNEID_AVAILABLE_IN_ALL
VneidCredential *vneid_credential_new                    (const char       *compact,
                                                          GError          **error);

VNEID_AVAILABLE_IN_ALL
const char      *vneid_credential_get_issuer             (VneidCredential  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_credential_get_vct                (VneidCredential  *self);
VNEID_AVAILABLE_IN_ALL
JsonObject      *vneid_credential_get_claims             (VneidCredential  *self);
VNEID_AVAILABLE_IN_ALL
char           **vneid_credential_get_disclosable_paths  (VneidCredential  *self);

VNEID_AVAILABLE_IN_ALL
char            *vneid_credential_present                (VneidCredential  *self,
                                                          const char * const *paths,
                                                          VneidKey         *holder_key,
                                                          const char       *nonce,
                                                          const char       *audience,
                                                          gint64            iat,
                                                          GError          **error);

G_END_DECLS
