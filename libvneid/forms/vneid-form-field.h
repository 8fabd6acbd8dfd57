/* vneid-form-field.h: one field of a form schema
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"

G_BEGIN_DECLS

/**
 * VneidFieldType:
 * @VNEID_FIELD_TYPE_STRING: text
 * @VNEID_FIELD_TYPE_DATE: a date, printed in the field's format
 * @VNEID_FIELD_TYPE_ENUM: a code from the field's code list
 * @VNEID_FIELD_TYPE_BOOLEAN: `true` or `false`
 * @VNEID_FIELD_TYPE_NUMBER: a decimal number
 * @VNEID_FIELD_TYPE_GROUP: a repeating group of fields, such as household
 *   members
 *
 * The type of a form field. Values are only ever appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_FIELD_TYPE_STRING,
  VNEID_FIELD_TYPE_DATE,
  VNEID_FIELD_TYPE_ENUM,
  VNEID_FIELD_TYPE_BOOLEAN,
  VNEID_FIELD_TYPE_NUMBER,
  VNEID_FIELD_TYPE_GROUP,
} VneidFieldType;

#define VNEID_TYPE_FORM_FIELD (vneid_form_field_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidFormField, vneid_form_field, VNEID, FORM_FIELD, GObject)

VNEID_AVAILABLE_IN_ALL
const char     *vneid_form_field_get_name         (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
const char     *vneid_form_field_get_label        (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
const char     *vneid_form_field_get_description  (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
VneidFieldType  vneid_form_field_get_field_type   (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
gboolean        vneid_form_field_get_required     (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
guint           vneid_form_field_get_max_length   (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
const char     *vneid_form_field_get_pattern      (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
const char     *vneid_form_field_get_date_format  (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
guint           vneid_form_field_get_min_level    (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
char          **vneid_form_field_get_enum_codes   (VneidFormField *self);
VNEID_AVAILABLE_IN_ALL
const char     *vneid_form_field_get_enum_label   (VneidFormField *self,
                                                   const char     *code);
VNEID_AVAILABLE_IN_ALL
GPtrArray      *vneid_form_field_get_fields       (VneidFormField *self);

VNEID_AVAILABLE_IN_ALL
gboolean        vneid_form_field_check_value      (VneidFormField *self,
                                                   const char     *value,
                                                   GError        **error);

G_END_DECLS
