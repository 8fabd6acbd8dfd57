/* vneid-filled-field-private.h: how a filled form changes its fields
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-filled-field.h"

G_BEGIN_DECLS

/* A filled field named @name (the field's name, or `group[i].child` for a
 * row), status MISSING, no value. */
VneidFilledField *vneid_filled_field_new         (VneidFormField   *field,
                                                  const char       *name);
/* Replaces the state: @value and @message may be NULL; @sources
 * (element-type VneidAttribute) may be NULL for none; its attributes are
 * referenced, not the array. read_only follows from @status. */
void              vneid_filled_field_set         (VneidFilledField *self,
                                                  VneidFieldStatus  status,
                                                  const char       *value,
                                                  GPtrArray        *sources,
                                                  const char       *message);
/* For group fields: the number of rows, shown in JSON. */
void              vneid_filled_field_set_rows    (VneidFilledField *self,
                                                  guint             rows);
guint             vneid_filled_field_get_rows    (VneidFilledField *self);
/* The field's JSON object for vneid_filled_form_to_json_object(). */
JsonObject       *vneid_filled_field_to_json     (VneidFilledField *self);

G_END_DECLS
