/* vneid-filled-field.h: one field of a filled form, and where its value came from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-attribute.h"
#include "vneid-form-field.h"

G_BEGIN_DECLS

/**
 * VneidFieldStatus:
 * @VNEID_FIELD_STATUS_VERIFIED: filled from government-verified data;
 *   read-only on the form
 * @VNEID_FIELD_STATUS_SELF_ASSERTED: filled from self-asserted data, or
 *   typed by the citizen
 * @VNEID_FIELD_STATUS_MISSING: not filled: the profile lacks the data, or
 *   nothing maps to the field; the citizen types it
 * @VNEID_FIELD_STATUS_NEEDS_LEVEL_2: not filled because the form or field
 *   needs a level-2 account and the profile is level 1
 * @VNEID_FIELD_STATUS_INVALID: a value was found but breaks the field's
 *   constraints
 *
 * The state of a field on a filled form. Values are only ever appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_FIELD_STATUS_VERIFIED,
  VNEID_FIELD_STATUS_SELF_ASSERTED,
  VNEID_FIELD_STATUS_MISSING,
  VNEID_FIELD_STATUS_NEEDS_LEVEL_2,
  VNEID_FIELD_STATUS_INVALID,
} VneidFieldStatus;

VNEID_AVAILABLE_IN_ALL
const char *vneid_field_status_to_string (VneidFieldStatus status);

#define VNEID_TYPE_FILLED_FIELD (vneid_filled_field_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidFilledField, vneid_filled_field, VNEID, FILLED_FIELD, GObject)

VNEID_AVAILABLE_IN_ALL
const char       *vneid_filled_field_get_name       (VneidFilledField *self);
VNEID_AVAILABLE_IN_ALL
VneidFormField   *vneid_filled_field_get_field      (VneidFilledField *self);
VNEID_AVAILABLE_IN_ALL
const char       *vneid_filled_field_get_value      (VneidFilledField *self);
VNEID_AVAILABLE_IN_ALL
VneidFieldStatus  vneid_filled_field_get_status     (VneidFilledField *self);
VNEID_AVAILABLE_IN_ALL
gboolean          vneid_filled_field_get_read_only  (VneidFilledField *self);
VNEID_AVAILABLE_IN_ALL
GPtrArray        *vneid_filled_field_get_sources    (VneidFilledField *self);
VNEID_AVAILABLE_IN_ALL
const char       *vneid_filled_field_get_message    (VneidFilledField *self);

G_END_DECLS
