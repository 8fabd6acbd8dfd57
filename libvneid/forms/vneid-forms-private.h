/* vneid-forms-private.h: what the form classes share inside libvneid
 *
 * Schemas, mappings and plugins all read small JSON files from outside
 * under the same rules (docs/verifier.md, "Limits"; docs/forms.md): at most
 * 1 MiB, at most 32 levels deep, every error in VNEID_FORM_ERROR naming
 * the source, the place in it and what is wrong.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-error.h"
#include "vneid-filled-field.h"
#include "vneid-filled-form.h"
#include "vneid-form-field.h"
#include "vneid-form-schema.h"

G_BEGIN_DECLS

/* The size limit of schema and mapping files (and texts). */
#define VNEID_FORM_MAX_FILE_SIZE (1024 * 1024)

/* ---- reading ------------------------------------------------------------ */

/* Reads @path whole, refusing a file over VNEID_FORM_MAX_FILE_SIZE with
 * VNEID_FORM_ERROR_TOO_LARGE; other failures (no such file, …) are
 * VNEID_FORM_ERROR_@code. The text is NUL-terminated; @len may be NULL. */
char     *vneid_form_read_file       (const char     *path,
                                      VneidFormError  code,
                                      gsize          *len,
                                      GError        **error);

/* vneid_json_parse() with its errors moved into VNEID_FORM_ERROR: too deep
 * becomes VNEID_FORM_ERROR_TOO_LARGE, anything else @code; @source names the
 * input. Also refuses a text over VNEID_FORM_MAX_FILE_SIZE. */
JsonNode *vneid_form_json_parse      (const char     *text,
                                      gsize           len,
                                      const char     *source,
                                      VneidFormError  code,
                                      GError        **error);

/* Sets "SOURCE: WHERE: MESSAGE" (or "SOURCE: MESSAGE" when @where is NULL)
 * in VNEID_FORM_ERROR with @code; returns FALSE. */
gboolean  vneid_form_set_error       (GError        **error,
                                      VneidFormError  code,
                                      const char     *source,
                                      const char     *where,
                                      const char     *format,
                                      ...) G_GNUC_PRINTF (5, 6);

/* The rules of a date "format" (docs/forms.md), for schemas and mappings. */
gboolean  vneid_form_check_date_format (const char     *format,
                                        VneidFormError  code,
                                        GError        **error);

/* Names as docs/forms.md allows them. */
gboolean  vneid_form_is_valid_name   (const char     *name);  /* [a-z][a-z0-9_]* */
gboolean  vneid_form_is_valid_id     (const char     *id);    /* [a-z0-9]+(\.[a-z0-9-]+)+ */
/* The JSON type of @node for messages: "a string", "an array", "null", … */
const char *vneid_form_json_type_name (JsonNode      *node);

/* ---- schema fields ------------------------------------------------------ */

/* Parses a list of fields (a JSON array node) of schema @source. @where is
 * the place of the list in messages ("fields"); @name_prefix is NULL at the
 * top, or the group's name ("members"), which makes children's messages say
 * `fields[0] (“members.full_name”)`. Groups are refused when @allow_groups
 * is FALSE (inside a group). Checks that names are unique and the list is not
 * empty. Returns: (transfer full) (element-type VneidFormField) */
GPtrArray      *vneid_form_fields_parse          (JsonNode    *node,
                                                  const char  *source,
                                                  const char  *where,
                                                  const char  *name_prefix,
                                                  gboolean     allow_groups,
                                                  GError     **error);
/* One field object; @where such as "fields[3]". */
VneidFormField *vneid_form_field_new_from_json   (JsonNode    *node,
                                                  const char  *source,
                                                  const char  *where,
                                                  const char  *name_prefix,
                                                  gboolean     allow_groups,
                                                  GError     **error);
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

/* ---- filled fields ------------------------------------------------------ */

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
/* ---- filled forms ------------------------------------------------------- */

/* Marks a field invalid for a reason found before any value existed (a
 * transform that failed, a date that does not parse), keeping @value (may be
 * NULL) and @sources (element-type VneidAttribute, may be NULL) as found.
 * Like vneid_filled_form_fill(): a field that needs a level-2 account is left
 * alone (and TRUE returned), groups are refused, a row updates its group.
 * Prefer this to vneid_filled_field_set() on a form's field. */
gboolean          vneid_filled_form_set_invalid  (VneidFilledForm  *self,
                                                  const char       *name,
                                                  const char       *value,
                                                  GPtrArray        *sources,
                                                  const char       *message,
                                                  GError          **error);

/* The field's JSON object for vneid_filled_form_to_json_object(). */
JsonObject       *vneid_filled_field_to_json     (VneidFilledField *self);

G_END_DECLS
