/* vneid-filled-form.c: a form filled from a verified profile
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-filled-form.h"
#include "vneid-error.h"
#include "vneid-filled-field-private.h"
#include "vneid-filled-form-private.h"
#include "vneid-form-field-private.h"
#include "vneid-transforms.h"

/**
 * VneidFilledForm:
 *
 * A form of a [class@Vneid.FormSchema] being filled: one
 * [class@Vneid.FilledField] per schema field, in schema order, each with
 * its value, status, read-only flag and provenance. A
 * [iface@Vneid.FormMapper] fills it from a profile with
 * [method@Vneid.FilledForm.fill]; the citizen then types what is missing
 * ([method@Vneid.FilledForm.set_typed_value]), and
 * [method@Vneid.FilledForm.validate] says whether it can be submitted.
 *
 * ## Level gating
 *
 * A field whose `min_level`, or whose form's `min_level`, exceeds the
 * profile's level starts %VNEID_FIELD_STATUS_NEEDS_LEVEL_2 with a message
 * saying that it needs a level-2 VNeID account. Such a field is never filled
 * from the profile: [method@Vneid.FilledForm.fill] leaves it as it is and
 * succeeds, so that a mapper need not know the rule. The citizen may still
 * type a value (it is then self-asserted).
 *
 * ## Groups
 *
 * A group field (household members) starts with no rows;
 * [method@Vneid.FilledForm.add_row] appends one, made of a field per child
 * named `group[i].child`, placed after the group and its earlier rows. The
 * group's own field has no value; its status sums up its rows: missing
 * while no row has a value, verified when every value of its rows is,
 * otherwise self-asserted. A required group needs a row with a value; a
 * required child is required in every row.
 *
 * Invalid data is a state of the form, not a failure: a value that breaks
 * its field's constraints is kept with status %VNEID_FIELD_STATUS_INVALID
 * and a message naming the rule.
 *
 * A filled form is not thread-safe.
 *
 * Since: 0.1
 */
struct _VneidFilledForm
{
  GObject          parent_instance;

  VneidFormSchema *schema;
  guint            level;
  GPtrArray       *fields;    /* VneidFilledField, in form order */
  GHashTable      *by_name;   /* name → VneidFilledField, borrowed */
  GHashTable      *groups;    /* row field → its group's VneidFilledField, borrowed */
};

G_DEFINE_FINAL_TYPE (VneidFilledForm, vneid_filled_form, G_TYPE_OBJECT)

static void
vneid_filled_form_finalize (GObject *object)
{
  VneidFilledForm *self = VNEID_FILLED_FORM (object);

  g_hash_table_unref (self->groups);
  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->fields);
  g_clear_object (&self->schema);

  G_OBJECT_CLASS (vneid_filled_form_parent_class)->finalize (object);
}

static void
vneid_filled_form_class_init (VneidFilledFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_filled_form_finalize;
}

static void
vneid_filled_form_init (VneidFilledForm *self)
{
  self->fields = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->groups = g_hash_table_new (NULL, NULL);
}

/* ---- states ------------------------------------------------------------- */

static gboolean
is_filled (VneidFilledField *field)
{
  VneidFieldStatus status = vneid_filled_field_get_status (field);

  return status == VNEID_FIELD_STATUS_VERIFIED || status == VNEID_FIELD_STATUS_SELF_ASSERTED;
}

static gboolean
is_group (VneidFilledField *field)
{
  return vneid_form_field_get_field_type (vneid_filled_field_get_field (field)) ==
         VNEID_FIELD_TYPE_GROUP;
}

/* The state a field starts in: missing, or needs-level-2 when the form, its
 * group (for a row field) or the field itself needs more than the level. */
static void
reset_field (VneidFilledForm  *self,
             VneidFilledField *field,
             VneidFormField   *group)
{
  VneidFormField *schema_field = vneid_filled_field_get_field (field);
  g_autofree char *message = NULL;

  if (vneid_form_schema_get_min_level (self->schema) > self->level)
    message = g_strdup_printf ("the form needs a level-2 VNeID account; the profile is level %u",
                               self->level);
  else if ((group != NULL && vneid_form_field_get_min_level (group) > self->level) ||
           vneid_form_field_get_min_level (schema_field) > self->level)
    message = g_strdup_printf ("needs a level-2 VNeID account; the profile is level %u",
                               self->level);

  vneid_filled_field_set (field,
                          message ? VNEID_FIELD_STATUS_NEEDS_LEVEL_2 : VNEID_FIELD_STATUS_MISSING,
                          NULL, NULL, message);
}

static void
add_field (VneidFilledForm  *self,
           VneidFilledField *field,
           VneidFilledField *group,
           guint             position)
{
  g_ptr_array_insert (self->fields, (gint) position, field);
  g_hash_table_insert (self->by_name, (gpointer) vneid_filled_field_get_name (field), field);
  if (group != NULL)
    g_hash_table_insert (self->groups, field, group);
  reset_field (self, field, group ? vneid_filled_field_get_field (group) : NULL);
}

/* A group's own status sums up its rows' values. */
static void
update_group (VneidFilledForm  *self,
              VneidFilledField *group)
{
  gboolean any = FALSE, all_verified = TRUE;
  GHashTableIter iter;
  gpointer key, value;

  if (vneid_filled_field_get_status (group) == VNEID_FIELD_STATUS_NEEDS_LEVEL_2 ||
      vneid_filled_field_get_rows (group) == 0)
    return;

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value == group && is_filled (key))
      {
        any = TRUE;
        if (vneid_filled_field_get_status (key) != VNEID_FIELD_STATUS_VERIFIED)
          all_verified = FALSE;
      }

  if (!any)
    vneid_filled_field_set (group, VNEID_FIELD_STATUS_MISSING, NULL, NULL,
                            "no row has a value yet");
  else
    vneid_filled_field_set (group,
                            all_verified ? VNEID_FIELD_STATUS_VERIFIED
                                         : VNEID_FIELD_STATUS_SELF_ASSERTED,
                            NULL, NULL, NULL);
}

static void
field_changed (VneidFilledForm  *self,
               VneidFilledField *field)
{
  VneidFilledField *group = g_hash_table_lookup (self->groups, field);

  if (group != NULL)
    update_group (self, group);
}

/* Sets @value (checked) with @status; an invalid value is kept as such. */
static void
set_value (VneidFilledForm  *self,
           VneidFilledField *field,
           const char       *value,
           VneidFieldStatus  status,
           GPtrArray        *sources)
{
  g_autoptr(GError) check_error = NULL;

  if (!vneid_form_field_check_value_as (vneid_filled_field_get_field (field), value,
                                        vneid_filled_field_get_name (field), &check_error))
    vneid_filled_field_set (field, VNEID_FIELD_STATUS_INVALID, value, sources,
                            check_error->message);
  else
    vneid_filled_field_set (field, status, value, sources, NULL);
  field_changed (self, field);
}

/* A date field given an ISO date (the way claims carry dates) gets it
 * written in the field's format, as a declarative mapping would write it;
 * NULL when @value fits the field already, or is no ISO date (it is then
 * checked, and found invalid, as it is). */
static char *
iso_date_in_field_format (VneidFilledField *field,
                          const char       *value)
{
  VneidFormField *schema_field = vneid_filled_field_get_field (field);

  if (vneid_form_field_get_field_type (schema_field) != VNEID_FIELD_TYPE_DATE ||
      vneid_form_field_check_value (schema_field, value, NULL))
    return NULL;
  return vneid_transforms_date (value, vneid_form_field_get_date_format (schema_field), NULL);
}

/* The field @name, or an error; groups are refused unless @allow_group. */
static VneidFilledField *
lookup_or_fail (VneidFilledForm  *self,
                const char       *name,
                gboolean          allow_group,
                GError          **error)
{
  VneidFilledField *field = g_hash_table_lookup (self->by_name, name);

  if (field == NULL)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_UNKNOWN_FIELD,
                   "form %s has no field “%s”", vneid_form_schema_get_id (self->schema), name);
      return NULL;
    }
  if (!allow_group && is_group (field))
    {
      g_autofree char *what = vneid_form_field_describe (vneid_filled_field_get_field (field));

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                   "%s is a group: it has no value of its own; add rows and fill "
                   "their fields (%s[0].…)", what, name);
      return NULL;
    }
  return field;
}

/* ---- API ------------------------------------------------------------------ */

/**
 * vneid_filled_form_new:
 * @schema: the form's schema
 * @level: the VNeID account level of the profile the form is filled from
 *   (1 or 2; 0 for a profile without a PID)
 *
 * Makes an empty form: every field %VNEID_FIELD_STATUS_MISSING, or
 * %VNEID_FIELD_STATUS_NEEDS_LEVEL_2 where the form's or the field's
 * `min_level` exceeds @level. Groups have no rows.
 *
 * Mappers get their form from [method@Vneid.FormMapper.fill]; this is for
 * mapper implementations, tests, and forms filled by hand.
 *
 * Returns: (transfer full): the new form
 *
 * Since: 0.1
 */
VneidFilledForm *
vneid_filled_form_new (VneidFormSchema *schema,
                       guint            level)
{
  VneidFilledForm *self;
  GPtrArray *fields;

  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (schema), NULL);

  self = g_object_new (VNEID_TYPE_FILLED_FORM, NULL);
  self->schema = g_object_ref (schema);
  self->level = level;

  fields = vneid_form_schema_get_fields (schema);
  for (guint i = 0; i < fields->len; i++)
    {
      VneidFormField *field = g_ptr_array_index (fields, i);

      add_field (self, vneid_filled_field_new (field, vneid_form_field_get_name (field)), NULL,
                 self->fields->len);
    }
  return self;
}

/**
 * vneid_filled_form_get_schema:
 * @self: a #VneidFilledForm
 *
 * Gets the form's schema.
 *
 * Returns: (transfer none): the form's schema
 *
 * Since: 0.1
 */
VneidFormSchema *
vneid_filled_form_get_schema (VneidFilledForm *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);
  return self->schema;
}

/**
 * vneid_filled_form_get_level:
 * @self: a #VneidFilledForm
 *
 * Gets the account level of the profile the form is filled from.
 *
 * Returns: the account level of the profile the form is filled from
 *
 * Since: 0.1
 */
guint
vneid_filled_form_get_level (VneidFilledForm *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), 0);
  return self->level;
}

/**
 * vneid_filled_form_get_fields:
 * @self: a #VneidFilledForm
 *
 * Gets the fields in form order, each group followed by the fields of its
 * rows.
 *
 * Returns: (transfer none) (element-type VneidFilledField): the fields in
 *   form order, each group followed by the fields of its rows
 *
 * Since: 0.1
 */
GPtrArray *
vneid_filled_form_get_fields (VneidFilledForm *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);
  return self->fields;
}

/**
 * vneid_filled_form_lookup:
 * @self: a #VneidFilledForm
 * @name: a field name, or `group[i].child` for a field of a row
 *
 * Gets the field, or %NULL when the form has none of that name.
 *
 * Returns: (transfer none) (nullable): the field, or %NULL when the form
 *   has none of that name
 *
 * Since: 0.1
 */
VneidFilledField *
vneid_filled_form_lookup (VneidFilledForm *self,
                          const char      *name)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->by_name, name);
}

/**
 * vneid_filled_form_fill:
 * @self: a #VneidFilledForm
 * @name: a field name, or `group[i].child` for a field of a row
 * @value: the value as the form prints it; an empty text makes the field
 *   missing
 * @sources: (nullable) (element-type VneidAttribute) (transfer none): the
 *   profile attributes the value came from; %NULL or empty for a constant,
 *   which is not verified data
 * @error: return location for a #GError
 *
 * Fills a field from the profile. The status is
 * %VNEID_FIELD_STATUS_VERIFIED when every source is verified
 * ([method@Vneid.Attribute.get_verified]), else
 * %VNEID_FIELD_STATUS_SELF_ASSERTED (a self-asserted source, or no source
 * at all). The value is then checked
 * ([method@Vneid.FormField.check_value]); one that breaks the field's
 * constraints is kept with %VNEID_FIELD_STATUS_INVALID and the error's
 * message, and the call still succeeds: invalid data is a state of the
 * form, not a failure of the mapper.
 *
 * A date field takes its value in its own format (`17/05/1990` for
 * `dd/MM/yyyy`) or as an ISO 8601 date, the way claims carry dates
 * (`1990-05-17`, `1990-05`, `1950`), which is written in the field's format
 * ([func@Vneid.transforms_date]), so that a mapper can pass a profile's
 * date as it is. (Since 0.2; before, an ISO date was invalid there.)
 *
 * A field that needs a level-2 account the profile lacks is not filled from
 * it: the call succeeds and the field stays
 * %VNEID_FIELD_STATUS_NEEDS_LEVEL_2, its message saying why.
 *
 * Returns: %TRUE, or %FALSE with %VNEID_FORM_ERROR_UNKNOWN_FIELD when the
 *   form has no such field, %VNEID_FORM_ERROR_INVALID_VALUE when @name is a
 *   group (fill the fields of its rows)
 *
 * Since: 0.1
 */
gboolean
vneid_filled_form_fill (VneidFilledForm  *self,
                        const char       *name,
                        const char       *value,
                        GPtrArray        *sources,
                        GError          **error)
{
  VneidFilledField *field;
  g_autofree char *date = NULL;
  gboolean verified;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (sources != NULL)
    for (guint i = 0; i < sources->len; i++)
      g_return_val_if_fail (VNEID_IS_ATTRIBUTE (g_ptr_array_index (sources, i)), FALSE);

  field = lookup_or_fail (self, name, FALSE, error);
  if (field == NULL)
    return FALSE;
  if (vneid_filled_field_get_status (field) == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    return TRUE;

  if (*value == '\0')
    {
      vneid_filled_field_set (field, VNEID_FIELD_STATUS_MISSING, NULL, NULL,
                              "the profile gives an empty value");
      field_changed (self, field);
      return TRUE;
    }

  verified = sources != NULL && sources->len > 0;
  for (guint i = 0; verified && i < sources->len; i++)
    verified = vneid_attribute_get_verified (g_ptr_array_index (sources, i));

  date = iso_date_in_field_format (field, value);
  set_value (self, field, date != NULL ? date : value,
             verified ? VNEID_FIELD_STATUS_VERIFIED : VNEID_FIELD_STATUS_SELF_ASSERTED,
             sources);
  return TRUE;
}

gboolean
vneid_filled_form_set_invalid (VneidFilledForm  *self,
                               const char       *name,
                               const char       *value,
                               GPtrArray        *sources,
                               const char       *message,
                               GError          **error)
{
  VneidFilledField *field;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  field = lookup_or_fail (self, name, FALSE, error);
  if (field == NULL)
    return FALSE;
  if (vneid_filled_field_get_status (field) == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    return TRUE;
  vneid_filled_field_set (field, VNEID_FIELD_STATUS_INVALID, value, sources, message);
  field_changed (self, field);
  return TRUE;
}

/**
 * vneid_filled_form_add_row:
 * @self: a #VneidFilledForm
 * @group: the name of a group field
 * @index: (out) (optional): the index of the new row, from 0
 * @error: return location for a #GError
 *
 * Appends a row to a group: one field per child of the group, named
 * `group[i].child`, placed after the group's earlier rows, each missing (or
 * needing a level-2 account, as the form, the group or the child says).
 *
 * Returns: (skip): %TRUE, or %FALSE with %VNEID_FORM_ERROR_UNKNOWN_FIELD when the
 *   form has no field @group, %VNEID_FORM_ERROR_INVALID_VALUE when it is
 *   not a group
 *
 * Since: 0.1
 */
gboolean
vneid_filled_form_add_row (VneidFilledForm  *self,
                           const char       *group,
                           guint            *index,
                           GError          **error)
{
  VneidFilledField *group_field;
  VneidFormField *schema_group;
  GPtrArray *children;
  guint rows, position;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (group != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group_field = lookup_or_fail (self, group, TRUE, error);
  if (group_field == NULL)
    return FALSE;
  schema_group = vneid_filled_field_get_field (group_field);
  if (!is_group (group_field))
    {
      g_autofree char *what = vneid_form_field_describe (schema_group);

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                   "%s is not a group: it has no rows", what);
      return FALSE;
    }

  children = vneid_form_field_get_fields (schema_group);
  rows = vneid_filled_field_get_rows (group_field);
  g_ptr_array_find (self->fields, group_field, &position);
  position += 1 + rows * children->len;

  for (guint i = 0; i < children->len; i++)
    {
      VneidFormField *child = g_ptr_array_index (children, i);
      g_autofree char *name = g_strdup_printf ("%s[%u].%s", group, rows,
                                               vneid_form_field_get_name (child));

      add_field (self, vneid_filled_field_new (child, name), group_field, position + i);
    }
  vneid_filled_field_set_rows (group_field, rows + 1);
  update_group (self, group_field);

  if (index != NULL)
    *index = rows;
  return TRUE;
}

/**
 * vneid_filled_form_set_missing:
 * @self: a #VneidFilledForm
 * @name: a field name, or `group[i].child` for a field of a row
 * @reason: (nullable): why, for the citizen: "not disclosed", …
 * @error: return location for a #GError
 *
 * Empties a field and says why it is missing. A field that needs a level-2
 * account keeps that status (and its message): that is the reason.
 *
 * Returns: %TRUE, or %FALSE with %VNEID_FORM_ERROR_UNKNOWN_FIELD when the
 *   form has no such field
 *
 * Since: 0.1
 */
gboolean
vneid_filled_form_set_missing (VneidFilledForm  *self,
                               const char       *name,
                               const char       *reason,
                               GError          **error)
{
  VneidFilledField *field;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  field = lookup_or_fail (self, name, TRUE, error);
  if (field == NULL)
    return FALSE;
  if (vneid_filled_field_get_status (field) == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    return TRUE;

  vneid_filled_field_set (field, VNEID_FIELD_STATUS_MISSING, NULL, NULL, reason);
  field_changed (self, field);
  return TRUE;
}

/**
 * vneid_filled_form_set_typed_value:
 * @self: a #VneidFilledForm
 * @name: a field name, or `group[i].child` for a field of a row
 * @value: (nullable): what the citizen typed; %NULL or empty clears the
 *   field back to its starting state
 * @error: return location for a #GError
 *
 * Sets a value the citizen typed: %VNEID_FIELD_STATUS_SELF_ASSERTED, with
 * no sources, and checked like [method@Vneid.FilledForm.fill] (a value
 * that breaks the constraints is kept as %VNEID_FIELD_STATUS_INVALID and
 * the call succeeds), except that a date is taken only in the field's own
 * format: what the citizen typed is not rewritten. Verified data is
 * read-only and cannot be overwritten.
 * A field that needs a level-2 account may be typed; it is then
 * self-asserted, not verified.
 *
 * Returns: %TRUE, or %FALSE with %VNEID_FORM_ERROR_UNKNOWN_FIELD when the
 *   form has no such field, %VNEID_FORM_ERROR_INVALID_VALUE when the field
 *   is read-only or a group
 *
 * Since: 0.1
 */
gboolean
vneid_filled_form_set_typed_value (VneidFilledForm  *self,
                                   const char       *name,
                                   const char       *value,
                                   GError          **error)
{
  VneidFilledField *field;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  field = lookup_or_fail (self, name, FALSE, error);
  if (field == NULL)
    return FALSE;
  if (vneid_filled_field_get_read_only (field))
    {
      g_autofree char *what = vneid_form_field_describe (vneid_filled_field_get_field (field));

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                   "%s holds verified data and is read-only (field %s)", what, name);
      return FALSE;
    }

  if (value == NULL || *value == '\0')
    {
      VneidFilledField *group = g_hash_table_lookup (self->groups, field);

      reset_field (self, field, group ? vneid_filled_field_get_field (group) : NULL);
      field_changed (self, field);
      return TRUE;
    }
  set_value (self, field, value, VNEID_FIELD_STATUS_SELF_ASSERTED, NULL);
  return TRUE;
}

/**
 * vneid_filled_form_get_completeness:
 * @self: a #VneidFilledForm
 *
 * Gets the share of the required fields (the fields of rows included) that
 * hold a value, verified or self-asserted: from 0 to 1, and 1 when the form
 * requires nothing.
 *
 * Returns: the share of the required fields (the fields of rows included)
 *   that hold a value, verified or self-asserted: from 0 to 1, and 1 when
 *   the form requires nothing
 *
 * Since: 0.1
 */
double
vneid_filled_form_get_completeness (VneidFilledForm *self)
{
  guint required = 0, filled = 0;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), 0.0);

  for (guint i = 0; i < self->fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (self->fields, i);

      if (!vneid_form_field_get_required (vneid_filled_field_get_field (field)))
        continue;
      required++;
      if (is_filled (field))
        filled++;
    }
  return required == 0 ? 1.0 : (double) filled / required;
}

/**
 * vneid_filled_form_list_missing:
 * @self: a #VneidFilledForm
 *
 * Gets the names of the required fields that hold no acceptable value
 * (missing, needing a level-2 account, or invalid), in form order.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   required fields that hold no acceptable value (missing, needing a
 *   level-2 account, or invalid), in form order; empty when none
 *
 * Since: 0.1
 */
char **
vneid_filled_form_list_missing (VneidFilledForm *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (self->fields, i);

      if (vneid_form_field_get_required (vneid_filled_field_get_field (field)) && !is_filled (field))
        g_strv_builder_add (names, vneid_filled_field_get_name (field));
    }
  return g_strv_builder_end (names);
}

/**
 * vneid_filled_form_validate:
 * @self: a #VneidFilledForm
 * @error: return location for a #GError
 *
 * Checks that the form can be submitted: every required field holds a
 * value (verified or self-asserted), and no field is invalid.
 *
 * Returns: %TRUE if so, else %FALSE with %VNEID_FORM_ERROR_INVALID_VALUE
 *   describing the first problem in form order, naming the field's label
 *   and name
 *
 * Since: 0.1
 */
gboolean
vneid_filled_form_validate (VneidFilledForm  *self,
                            GError          **error)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (self->fields, i);
      VneidFormField *schema_field = vneid_filled_field_get_field (field);
      VneidFieldStatus status = vneid_filled_field_get_status (field);
      const char *label = vneid_form_field_get_label (schema_field);
      const char *name = vneid_filled_field_get_name (field);

      if (status == VNEID_FIELD_STATUS_INVALID)
        {
          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                       "%s", vneid_filled_field_get_message (field));
          return FALSE;
        }
      if (!vneid_form_field_get_required (schema_field) || is_filled (field))
        continue;
      if (status == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                     "“%s” (%s) is required, and %s", label, name,
                     vneid_filled_field_get_message (field));
      else if (is_group (field) && vneid_filled_field_get_rows (field) == 0)
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                     "“%s” (%s) is required and has no rows", label, name);
      else
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                     "“%s” (%s) is required and missing", label, name);
      return FALSE;
    }
  return TRUE;
}

/**
 * vneid_filled_form_to_json_object:
 * @self: a #VneidFilledForm
 *
 * The form as JSON: `{"form", "version", "title", "level", "complete",
 * "completeness", "missing", "fields"}`, where `complete` says whether
 * [method@Vneid.FilledForm.validate] passes, `missing` is
 * [method@Vneid.FilledForm.list_missing], and each field is `{"name",
 * "label", "type", "value" (or null), "status", "read_only", "required",
 * "message" (when there is one), "rows" (groups only), "sources"}`, the
 * sources as [method@Vneid.Attribute.to_json] writes them.
 *
 * Returns: (transfer full): the JSON object
 *
 * Since: 0.1
 */
JsonObject *
vneid_filled_form_to_json_object (VneidFilledForm *self)
{
  JsonObject *object;
  JsonArray *missing, *fields;
  g_auto(GStrv) missing_names = NULL;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "form", vneid_form_schema_get_id (self->schema));
  json_object_set_string_member (object, "version", vneid_form_schema_get_version (self->schema));
  json_object_set_string_member (object, "title", vneid_form_schema_get_title (self->schema));
  json_object_set_int_member (object, "level", self->level);
  json_object_set_boolean_member (object, "complete", vneid_filled_form_validate (self, NULL));
  json_object_set_double_member (object, "completeness", vneid_filled_form_get_completeness (self));

  missing = json_array_new ();
  missing_names = vneid_filled_form_list_missing (self);
  for (guint i = 0; missing_names[i] != NULL; i++)
    json_array_add_string_element (missing, missing_names[i]);
  json_object_set_array_member (object, "missing", missing);

  fields = json_array_new ();
  for (guint i = 0; i < self->fields->len; i++)
    json_array_add_object_element (fields, vneid_filled_field_to_json (g_ptr_array_index (self->fields, i)));
  json_object_set_array_member (object, "fields", fields);
  return object;
}

/**
 * vneid_filled_form_to_json:
 * @self: a #VneidFilledForm
 * @pretty: whether to indent
 *
 * Gets [method@Vneid.FilledForm.to_json_object] as text.
 *
 * Returns: (transfer full): [method@Vneid.FilledForm.to_json_object] as
 *   text
 *
 * Since: 0.1
 */
char *
vneid_filled_form_to_json (VneidFilledForm *self,
                           gboolean         pretty)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);

  object = vneid_filled_form_to_json_object (self);
  root = json_node_init_object (json_node_alloc (), object);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
