/* vneid-form-schema.h: the description of one e-government form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-form-field.h"

G_BEGIN_DECLS

#define VNEID_TYPE_FORM_SCHEMA (vneid_form_schema_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidFormSchema, vneid_form_schema, VNEID, FORM_SCHEMA, GObject)

VNEID_AVAILABLE_IN_ALL
VneidFormSchema *vneid_form_schema_new_from_json  (const char      *json,
                                                   const char      *source_name,
                                                   GError         **error);
VNEID_AVAILABLE_IN_ALL
VneidFormSchema *vneid_form_schema_new_from_file  (const char      *path,
                                                   GError         **error);

VNEID_AVAILABLE_IN_ALL
const char      *vneid_form_schema_get_id         (VneidFormSchema *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_form_schema_get_version    (VneidFormSchema *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_form_schema_get_title      (VneidFormSchema *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_form_schema_get_authority  (VneidFormSchema *self);
VNEID_AVAILABLE_IN_ALL
guint            vneid_form_schema_get_min_level  (VneidFormSchema *self);
VNEID_AVAILABLE_IN_ALL
GPtrArray       *vneid_form_schema_get_fields     (VneidFormSchema *self);
VNEID_AVAILABLE_IN_ALL
VneidFormField  *vneid_form_schema_lookup_field   (VneidFormSchema *self,
                                                   const char      *name);

G_END_DECLS
