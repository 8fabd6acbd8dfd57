/* vneid-trust-store.h: the issuers a verifier trusts, and what each may issue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-key.h"

G_BEGIN_DECLS

#define VNEID_TYPE_TRUST_STORE (vneid_trust_store_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidTrustStore, vneid_trust_store, VNEID, TRUST_STORE, GObject)

VNEID_AVAILABLE_IN_ALL
VneidTrustStore *vneid_trust_store_new                (void);

VNEID_AVAILABLE_IN_ALL
gboolean         vneid_trust_store_add_metadata       (VneidTrustStore *self,
                                                       const char      *metadata,
                                                       GError         **error);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_trust_store_add_metadata_file  (VneidTrustStore *self,
                                                       const char      *path,
                                                       GError         **error);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_trust_store_add_key            (VneidTrustStore *self,
                                                       const char      *issuer,
                                                       VneidKey        *key,
                                                       GError         **error);

VNEID_AVAILABLE_IN_ALL
void             vneid_trust_store_allow              (VneidTrustStore *self,
                                                       const char      *vct,
                                                       const char      *issuer);
VNEID_AVAILABLE_IN_ALL
void             vneid_trust_store_allow_all_types    (VneidTrustStore *self,
                                                       const char      *issuer);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_trust_store_is_allowed         (VneidTrustStore *self,
                                                       const char      *vct,
                                                       const char      *issuer);

VNEID_AVAILABLE_IN_ALL
char           **vneid_trust_store_list_issuers       (VneidTrustStore *self);
VNEID_AVAILABLE_IN_ALL
GPtrArray       *vneid_trust_store_get_keys           (VneidTrustStore *self,
                                                       const char      *issuer);
VNEID_AVAILABLE_IN_ALL
char           **vneid_trust_store_get_warnings       (VneidTrustStore *self);

G_END_DECLS
