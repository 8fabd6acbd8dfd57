/* vneid-attribute-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-attribute.h"
#include "vneid-verified-credential.h"

G_BEGIN_DECLS

/* @value belongs to @credential's payload, which the attribute keeps alive
 * by holding @credential; the provenance comes from @credential too. */
VneidAttribute *vneid_attribute_new          (const char              *path,
                                              JsonNode                *value,
                                              VneidVerifiedCredential *credential,
                                              VneidSourceKind          source_kind);
/* Records a differing value from another source, which lost the merge. */
void            vneid_attribute_add_conflict (VneidAttribute          *self,
                                              VneidAttribute          *other);

G_END_DECLS
