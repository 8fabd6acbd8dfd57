/* vneid-attribute.h: one verified attribute of a citizen, and who vouched for it
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

/**
 * VneidSourceKind:
 * @VNEID_SOURCE_KIND_POPULATION_DB: the National Population Database, through
 *   the VNeID PID credential
 * @VNEID_SOURCE_KIND_CCCD_CHIP: the chip of the citizen ID card, through the
 *   e-CCCD credential
 * @VNEID_SOURCE_KIND_BHYT_DB: the health insurance database of Vietnam Social
 *   Security
 * @VNEID_SOURCE_KIND_SELF_ASSERTED: what the citizen declared in the VNeID
 *   account and confirmed by one-time code (phone, e-mail); not verified
 *   against a government register
 *
 * Who vouched for an attribute. Values are only ever appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_SOURCE_KIND_POPULATION_DB,
  VNEID_SOURCE_KIND_CCCD_CHIP,
  VNEID_SOURCE_KIND_BHYT_DB,
  VNEID_SOURCE_KIND_SELF_ASSERTED,
} VneidSourceKind;

VNEID_AVAILABLE_IN_ALL
const char *vneid_source_kind_to_string (VneidSourceKind kind);

#define VNEID_TYPE_ATTRIBUTE (vneid_attribute_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidAttribute, vneid_attribute, VNEID, ATTRIBUTE, GObject)

VNEID_AVAILABLE_IN_ALL
const char      *vneid_attribute_get_path        (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
JsonNode        *vneid_attribute_get_value       (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_attribute_get_string      (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
char            *vneid_attribute_to_string       (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_attribute_get_claim       (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_attribute_get_vct         (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_attribute_get_issuer      (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
gint64           vneid_attribute_get_issued_at   (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
VneidSourceKind  vneid_attribute_get_source_kind (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_attribute_get_verified    (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
GPtrArray       *vneid_attribute_get_conflicts   (VneidAttribute *self);
VNEID_AVAILABLE_IN_ALL
JsonObject      *vneid_attribute_to_json         (VneidAttribute *self);

G_END_DECLS
