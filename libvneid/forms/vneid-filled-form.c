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
#include "vneid-util-private.h"

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
 * A filled form is changed from one thread at a time. Reading it from
 * several threads at once is safe: a field's object is made once, on the
 * first request ([method@Vneid.FilledForm.lookup],
 * [method@Vneid.FilledForm.get_fields]), and every thread gets that one.
 *
 * Since: 0.1
 */
struct _VneidFilledForm
{
  GObject          parent_instance;

  VneidFormSchema *schema;
  guint            level;
  VneidFieldSlot  *top;         /* one per schema field, in schema order */
  guint            n_top;
  VneidFieldSlot **order;       /* every slot in form order: each group, then its rows' fields */
  guint            n_order;
  guint            order_size;
  GHashTable      *rows;        /* `group[i].child` → its slot (owned); NULL until a row is added */
  GPtrArray       *fields;      /* the slots' objects in form order (borrowed), made on request */
};

G_DEFINE_FINAL_TYPE (VneidFilledForm, vneid_filled_form, G_TYPE_OBJECT)

static void
row_slot_free (gpointer data)
{
  vneid_field_slot_clear (data);
  g_free (data);
}

static void
vneid_filled_form_finalize (GObject *object)
{
  VneidFilledForm *self = VNEID_FILLED_FORM (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  for (guint i = 0; i < self->n_top; i++)
    vneid_field_slot_clear (&self->top[i]);
  g_free (self->top);
  g_free (self->order);
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
}

/* ---- states ------------------------------------------------------------- */

static gboolean
is_filled (const VneidFieldSlot *slot)
{
  return slot->status == VNEID_FIELD_STATUS_VERIFIED ||
         slot->status == VNEID_FIELD_STATUS_SELF_ASSERTED;
}

static gboolean
is_group (const VneidFieldSlot *slot)
{
  return vneid_form_field_get_field_type (slot->field) == VNEID_FIELD_TYPE_GROUP;
}

/* The state a field starts in: missing, or needs-level-2 when the form, its
 * group (for a row field) or the field itself needs more than the level. */
static void
reset_field (VneidFilledForm *self,
             VneidFieldSlot  *slot)
{
  g_autofree char *message = NULL;

  if (vneid_form_schema_get_min_level (self->schema) > self->level)
    message = g_strdup_printf ("the form needs a level-2 VNeID account; the profile is level %u",
                               self->level);
  else if ((slot->group != NULL && vneid_form_field_get_min_level (slot->group->field) > self->level) ||
           vneid_form_field_get_min_level (slot->field) > self->level)
    message = g_strdup_printf ("needs a level-2 VNeID account; the profile is level %u",
                               self->level);

  vneid_field_slot_set (slot,
                        message ? VNEID_FIELD_STATUS_NEEDS_LEVEL_2 : VNEID_FIELD_STATUS_MISSING,
                        NULL, NULL, message);
}

/* Puts @slot at @position of the form order (and of the objects' array,
 * once made). */
static void
insert_slot (VneidFilledForm *self,
             VneidFieldSlot  *slot,
             guint            position)
{
  if (self->n_order == self->order_size)
    {
      self->order_size = MAX (8, self->order_size * 2);
      self->order = g_renew (VneidFieldSlot *, self->order, self->order_size);
    }
  memmove (self->order + position + 1, self->order + position,
           (self->n_order - position) * sizeof *self->order);
  self->order[position] = slot;
  self->n_order++;
  if (self->fields != NULL)
    g_ptr_array_insert (self->fields, (gint) position, vneid_field_slot_get_object (slot));
}

/* A group's own status sums up its rows' values. */
static void
update_group (VneidFilledForm *self,
              VneidFieldSlot  *group)
{
  gboolean any = FALSE, all_verified = TRUE;

  if (group->status == VNEID_FIELD_STATUS_NEEDS_LEVEL_2 || group->rows == 0)
    return;

  for (guint i = 0; i < self->n_order; i++)
    if (self->order[i]->group == group && is_filled (self->order[i]))
      {
        any = TRUE;
        if (self->order[i]->status != VNEID_FIELD_STATUS_VERIFIED)
          all_verified = FALSE;
      }

  if (!any)
    vneid_field_slot_set (group, VNEID_FIELD_STATUS_MISSING, NULL, NULL,
                          "no row has a value yet");
  else
    vneid_field_slot_set (group,
                          all_verified ? VNEID_FIELD_STATUS_VERIFIED
                                       : VNEID_FIELD_STATUS_SELF_ASSERTED,
                          NULL, NULL, NULL);
}

static void
field_changed (VneidFilledForm *self,
               VneidFieldSlot  *slot)
{
  if (slot->group != NULL)
    update_group (self, slot->group);
}

/* Sets @value (checked) with @status; an invalid value is kept as such. */
static void
set_value (VneidFilledForm  *self,
           VneidFieldSlot   *slot,
           const char       *value,
           VneidFieldStatus  status,
           GPtrArray        *sources)
{
  g_autoptr(GError) check_error = NULL;

  if (!vneid_form_field_check_value_as (slot->field, value, slot->name, &check_error))
    vneid_field_slot_set (slot, VNEID_FIELD_STATUS_INVALID, value, sources,
                          check_error->message);
  else
    vneid_field_slot_set (slot, status, value, sources, NULL);
  field_changed (self, slot);
}

/* A date field given an ISO date (the way claims carry dates) gets it
 * written in the field's format, as a declarative mapping would write it;
 * NULL when @value fits the field already, or is no ISO date (it is then
 * checked, and found invalid, as it is). */
static char *
iso_date_in_field_format (const VneidFieldSlot *slot,
                          const char           *value)
{
  if (vneid_form_field_get_field_type (slot->field) != VNEID_FIELD_TYPE_DATE ||
      vneid_form_field_check_value (slot->field, value, NULL))
    return NULL;
  return vneid_transforms_date (value, vneid_form_field_get_date_format (slot->field), NULL);
}

/* The slot of the field @name, or NULL: a schema field by the schema's own
 * index, a row's field (`group[i].child`) by the rows' table. */
static VneidFieldSlot *
lookup_slot (VneidFilledForm *self,
             const char      *name)
{
  VneidFormField *field;
  guint position;

  if (strchr (name, '[') != NULL)
    return self->rows != NULL ? g_hash_table_lookup (self->rows, name) : NULL;
  /* `group.child` names a schema field, but no field of the form */
  if (strchr (name, '.') != NULL)
    return NULL;
  field = vneid_form_schema_lookup_field (self->schema, name);
  if (field == NULL)
    return NULL;
  position = vneid_form_field_get_position (field);
  return position < self->n_top && self->top[position].field == field ? &self->top[position] : NULL;
}

/* The field @name, or an error; groups are refused unless @allow_group. */
static VneidFieldSlot *
lookup_or_fail (VneidFilledForm  *self,
                const char       *name,
                gboolean          allow_group,
                GError          **error)
{
  VneidFieldSlot *slot = lookup_slot (self, name);

  if (slot == NULL)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_UNKNOWN_FIELD,
                   "form %s has no field “%s”", vneid_form_schema_get_id (self->schema), name);
      return NULL;
    }
  if (!allow_group && is_group (slot))
    {
      g_autofree char *what = vneid_form_field_describe (slot->field);

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                   "%s is a group: it has no value of its own; add rows and fill "
                   "their fields (%s[0].…)", what, name);
      return NULL;
    }
  return slot;
}

gboolean
vneid_filled_form_needs_level_2 (VneidFilledForm *self,
                                 const char      *name)
{
  VneidFieldSlot *slot = lookup_slot (self, name);

  return slot != NULL && slot->status == VNEID_FIELD_STATUS_NEEDS_LEVEL_2;
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
  self->n_top = self->n_order = self->order_size = fields->len;
  self->top = g_new (VneidFieldSlot, fields->len);
  self->order = g_new (VneidFieldSlot *, fields->len);
  for (guint i = 0; i < fields->len; i++)
    {
      vneid_field_slot_init (&self->top[i], g_ptr_array_index (fields, i), NULL, NULL);
      self->order[i] = &self->top[i];
      reset_field (self, &self->top[i]);
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
  GPtrArray *fields;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);

  fields = g_atomic_pointer_get (&self->fields);
  if (fields != NULL)
    return fields;
  fields = g_ptr_array_sized_new (self->n_order);
  for (guint i = 0; i < self->n_order; i++)
    g_ptr_array_add (fields, vneid_field_slot_get_object (self->order[i]));
  return vneid_publish_once ((gpointer *) &self->fields, fields,
                             (GDestroyNotify) g_ptr_array_unref);
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
  VneidFieldSlot *slot;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  slot = lookup_slot (self, name);
  return slot != NULL ? vneid_field_slot_get_object (slot) : NULL;
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
  VneidFieldSlot *field;
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
  if (field->status == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    return TRUE;

  if (*value == '\0')
    {
      vneid_field_slot_set (field, VNEID_FIELD_STATUS_MISSING, NULL, NULL,
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
  VneidFieldSlot *field;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  field = lookup_or_fail (self, name, FALSE, error);
  if (field == NULL)
    return FALSE;
  if (field->status == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    return TRUE;
  vneid_field_slot_set (field, VNEID_FIELD_STATUS_INVALID, value, sources, message);
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
  VneidFieldSlot *group_slot;
  GPtrArray *children;
  guint position = 0;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (group != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group_slot = lookup_or_fail (self, group, TRUE, error);
  if (group_slot == NULL)
    return FALSE;
  if (!is_group (group_slot))
    {
      g_autofree char *what = vneid_form_field_describe (group_slot->field);

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                   "%s is not a group: it has no rows", what);
      return FALSE;
    }

  children = vneid_form_field_get_fields (group_slot->field);
  while (self->order[position] != group_slot)
    position++;
  position += 1 + group_slot->rows * children->len;
  if (self->rows == NULL)
    self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, row_slot_free);

  for (guint i = 0; i < children->len; i++)
    {
      VneidFormField *child = g_ptr_array_index (children, i);
      g_autofree char *name = g_strdup_printf ("%s[%u].%s", group, group_slot->rows,
                                               vneid_form_field_get_name (child));
      VneidFieldSlot *slot = g_new (VneidFieldSlot, 1);

      vneid_field_slot_init (slot, child, name, group_slot);
      g_hash_table_insert (self->rows, (gpointer) slot->name, slot);
      insert_slot (self, slot, position + i);
      reset_field (self, slot);
    }
  if (index != NULL)
    *index = group_slot->rows;
  group_slot->rows++;
  update_group (self, group_slot);
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
  VneidFieldSlot *field;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  field = lookup_or_fail (self, name, TRUE, error);
  if (field == NULL)
    return FALSE;
  if (field->status == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    return TRUE;

  vneid_field_slot_set (field, VNEID_FIELD_STATUS_MISSING, NULL, NULL, reason);
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
  VneidFieldSlot *field;

  g_return_val_if_fail (VNEID_IS_FILLED_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  field = lookup_or_fail (self, name, FALSE, error);
  if (field == NULL)
    return FALSE;
  if (field->status == VNEID_FIELD_STATUS_VERIFIED)
    {
      g_autofree char *what = vneid_form_field_describe (field->field);

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                   "%s holds verified data and is read-only (field %s)", what, name);
      return FALSE;
    }

  if (value == NULL || *value == '\0')
    {
      reset_field (self, field);
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

  for (guint i = 0; i < self->n_order; i++)
    {
      VneidFieldSlot *field = self->order[i];

      if (!vneid_form_field_get_required (field->field))
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

  for (guint i = 0; i < self->n_order; i++)
    {
      VneidFieldSlot *field = self->order[i];

      if (vneid_form_field_get_required (field->field) && !is_filled (field))
        g_strv_builder_add (names, field->name);
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

  for (guint i = 0; i < self->n_order; i++)
    {
      VneidFieldSlot *field = self->order[i];
      VneidFormField *schema_field = field->field;
      VneidFieldStatus status = field->status;
      const char *label = vneid_form_field_get_label (schema_field);
      const char *name = field->name;

      if (status == VNEID_FIELD_STATUS_INVALID)
        {
          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                       "%s", field->message);
          return FALSE;
        }
      if (!vneid_form_field_get_required (schema_field) || is_filled (field))
        continue;
      if (status == VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
                     "“%s” (%s) is required, and %s", label, name,
                     field->message);
      else if (is_group (field) && field->rows == 0)
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
  for (guint i = 0; i < self->n_order; i++)
    json_array_add_object_element (fields, vneid_field_slot_to_json (self->order[i]));
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
