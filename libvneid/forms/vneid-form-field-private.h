/* vneid-form-field-private.h: how schemas build their fields, and what the
 * filled form asks of a field
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-form-field.h"

G_BEGIN_DECLS

/* Parses a list of fields (a JSON array node) of schema @source. @where is
 * the place of the list in messages ("fields"); @name_prefix is NULL at the
 * top, or the group's name ("members"), which makes children's messages say
 * `fields[0] (“members.full_name”)`. Groups are refused when @allow_groups
 * is FALSE (inside a group). Checks that names are unique and the list is not
 * empty. *@budget is the number of fields the schema may still have
 * (VNEID_FORM_MAX_FIELDS at the start), lowered by each field parsed; a list
 * longer than it is refused before any of it is parsed.
 * Returns: (transfer full) (element-type VneidFormField) */
GPtrArray      *vneid_form_fields_parse          (JsonNode    *node,
                                                  const char  *source,
                                                  const char  *where,
                                                  const char  *name_prefix,
                                                  gboolean     allow_groups,
                                                  guint       *budget,
                                                  GError     **error);
/* One field object; @where such as "fields[3]". */
VneidFormField *vneid_form_field_new_from_json   (JsonNode    *node,
                                                  const char  *source,
                                                  const char  *where,
                                                  const char  *name_prefix,
                                                  gboolean     allow_groups,
                                                  guint       *budget,
                                                  GError     **error);
/* The field's index in its list: the schema's fields, or its group's. */
guint           vneid_form_field_get_position    (VneidFormField *self);
/* Name → field (transfer none) over @fields (element-type VneidFormField),
 * for lookups in constant time. Returns: (transfer full) */
GHashTable     *vneid_form_fields_index          (GPtrArray   *fields);
/* A child of a group field by name, or NULL. (transfer none) */
VneidFormField *vneid_form_field_lookup_child    (VneidFormField *group,
                                                  const char     *name);
/* vneid_form_field_check_value() with @name in the message in place of the
 * field's own (`members[0].full_name` for a row). */
gboolean        vneid_form_field_check_value_as  (VneidFormField *self,
                                                  const char     *value,
                                                  const char     *name,
                                                  GError        **error);
/* The field's label and name for messages: “Giới tính” (sex). */
char           *vneid_form_field_describe        (VneidFormField *self);

G_END_DECLS
