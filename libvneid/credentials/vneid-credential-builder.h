/* vneid-credential-builder.h: the issuer side, making SD-JWT VCs
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

#define VNEID_TYPE_CREDENTIAL_BUILDER (vneid_credential_builder_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidCredentialBuilder, vneid_credential_builder, VNEID, CREDENTIAL_BUILDER, GObject)

VNEID_AVAILABLE_IN_ALL
VneidCredentialBuilder *vneid_credential_builder_new            (const char             *vct,
                                                                 JsonObject             *claims);
VNEID_AVAILABLE_IN_ALL
VneidCredentialBuilder *vneid_credential_builder_new_from_json  (const char             *vct,
                                                                 const char             *claims,
                                                                 GError                **error);

VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_add_disclosable   (VneidCredentialBuilder *self,
                                                     const char             *path);
VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_set_all_disclosable (VneidCredentialBuilder *self,
                                                       gboolean                all);
VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_set_max_decoys    (VneidCredentialBuilder *self,
                                                     guint                   max_decoys);
VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_set_holder_key    (VneidCredentialBuilder *self,
                                                     VneidKey               *holder_key);
VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_set_status        (VneidCredentialBuilder *self,
                                                     const char             *uri,
                                                     guint                   index);
VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_set_issued_at     (VneidCredentialBuilder *self,
                                                     gint64                  iat);
VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_set_not_before    (VneidCredentialBuilder *self,
                                                     gint64                  nbf);
VNEID_AVAILABLE_IN_ALL
void     vneid_credential_builder_set_expires_at    (VneidCredentialBuilder *self,
                                                     gint64                  exp);

VNEID_AVAILABLE_IN_ALL
char    *vneid_credential_builder_build             (VneidCredentialBuilder *self,
                                                     VneidKey               *issuer_key,
                                                     const char             *issuer,
                                                     GError                **error);

G_END_DECLS
