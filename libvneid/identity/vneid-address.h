/* vneid-address.h: a Vietnamese address, before or after the 2025 reform
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
 * VneidAddressKind:
 * @VNEID_ADDRESS_PERMANENT: the permanent residence (`address`, thường trú)
 * @VNEID_ADDRESS_TEMPORARY: the temporary residence (`temporary_address`,
 *   tạm trú)
 * @VNEID_ADDRESS_CURRENT: where the citizen lives now (`current_address`,
 *   nơi ở hiện tại)
 *
 * The addresses a PID credential may carry.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_ADDRESS_PERMANENT,
  VNEID_ADDRESS_TEMPORARY,
  VNEID_ADDRESS_CURRENT,
} VneidAddressKind;

#define VNEID_TYPE_ADDRESS (vneid_address_get_type ())

typedef struct _VneidAddress VneidAddress;

VNEID_AVAILABLE_IN_ALL
GType         vneid_address_get_type           (void) G_GNUC_CONST;

VNEID_AVAILABLE_IN_ALL
VneidAddress *vneid_address_new_from_json      (JsonObject         *object);
VNEID_AVAILABLE_IN_ALL
VneidAddress *vneid_address_copy               (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
void          vneid_address_free               (VneidAddress       *self);

VNEID_AVAILABLE_IN_ALL
const char   *vneid_address_get_formatted      (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
const char   *vneid_address_get_street_address (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
const char   *vneid_address_get_locality       (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
const char   *vneid_address_get_district       (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
const char   *vneid_address_get_region         (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
const char   *vneid_address_get_country        (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
gboolean      vneid_address_is_pre_2025        (const VneidAddress *self);
VNEID_AVAILABLE_IN_ALL
char         *vneid_address_format             (const VneidAddress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VneidAddress, vneid_address_free)

G_END_DECLS
