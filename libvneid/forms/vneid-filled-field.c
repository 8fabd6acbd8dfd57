/* vneid-filled-field.c: one field of a filled form, and where its value came from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-filled-field.h"
#include "vneid-filled-field-private.h"

/**
 * VneidFilledField:
 *
 * One field of a [class@Vneid.FilledForm]: the value as the form prints
 * it, its [enum@Vneid.FieldStatus], whether the form shows it read-only
 * (government-verified data is not editable), the profile attributes it
 * came from ([class@Vneid.Attribute], with their provenance) and, for a
 * field not filled or invalid, a message that says why.
 *
 * A field of a group's row is named `group[i].child`, after the group's
 * name, the row's index from 0 and the child's name.
 *
 * Filled fields belong to their form, which changes them; read them
 * through the form.
 *
 * Since: 0.1
 */
struct _VneidFilledField
{
  GObject           parent_instance;

  char             *name;
  VneidFormField   *field;
  char             *value;
  VneidFieldStatus  status;
  GPtrArray        *sources;   /* VneidAttribute */
  char             *message;
  guint             rows;
};

G_DEFINE_FINAL_TYPE (VneidFilledField, vneid_filled_field, G_TYPE_OBJECT)

/**
 * vneid_field_status_to_string:
 * @status: a #VneidFieldStatus
 *
 * Gets the status's name as docs/forms.md spells it: `verified`,
 * `self-asserted`, `missing`, `needs-level-2` or `invalid`.
 *
 * Returns: the status's name as docs/forms.md spells it: `verified`,
 *   `self-asserted`, `missing`, `needs-level-2` or `invalid`
 *
 * Since: 0.1
 */
const char *
vneid_field_status_to_string (VneidFieldStatus status)
{
  switch (status)
    {
    case VNEID_FIELD_STATUS_VERIFIED:
      return "verified";
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
      return "self-asserted";
    case VNEID_FIELD_STATUS_MISSING:
      return "missing";
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
      return "needs-level-2";
    case VNEID_FIELD_STATUS_INVALID:
      return "invalid";
    default:
      g_return_val_if_reached ("unknown");
    }
}

static void
vneid_filled_field_finalize (GObject *object)
{
  VneidFilledField *self = VNEID_FILLED_FIELD (object);

  g_free (self->name);
  g_clear_object (&self->field);
  g_free (self->value);
  g_ptr_array_unref (self->sources);
  g_free (self->message);

  G_OBJECT_CLASS (vneid_filled_field_parent_class)->finalize (object);
}

static void
vneid_filled_field_class_init (VneidFilledFieldClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_filled_field_finalize;
}

static void
vneid_filled_field_init (VneidFilledField *self)
{
  self->status = VNEID_FIELD_STATUS_MISSING;
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
}

VneidFilledField *
vneid_filled_field_new (VneidFormField *field,
                        const char     *name)
{
  VneidFilledField *self = g_object_new (VNEID_TYPE_FILLED_FIELD, NULL);

  self->field = g_object_ref (field);
  self->name = g_strdup (name);
  return self;
}

void
vneid_filled_field_set (VneidFilledField *self,
                        VneidFieldStatus  status,
                        const char       *value,
                        GPtrArray        *sources,
                        const char       *message)
{
  char *old_value = self->value;
  char *old_message = self->message;

  self->status = status;
  self->value = g_strdup (value);
  self->message = g_strdup (message);
  g_free (old_value);
  g_free (old_message);

  g_ptr_array_set_size (self->sources, 0);
  if (sources != NULL)
    for (guint i = 0; i < sources->len; i++)
      g_ptr_array_add (self->sources, g_object_ref (g_ptr_array_index (sources, i)));
}

void
vneid_filled_field_set_rows (VneidFilledField *self,
                             guint             rows)
{
  self->rows = rows;
}

guint
vneid_filled_field_get_rows (VneidFilledField *self)
{
  return self->rows;
}

JsonObject *
vneid_filled_field_to_json (VneidFilledField *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *sources = json_array_new ();
  VneidFieldType type = vneid_form_field_get_field_type (self->field);
  static const char *const type_names[] = {
    "string", "date", "enum", "boolean", "number", "group",
  };

  json_object_set_string_member (object, "name", self->name);
  json_object_set_string_member (object, "label", vneid_form_field_get_label (self->field));
  json_object_set_string_member (object, "type",
                                 (guint) type < G_N_ELEMENTS (type_names) ? type_names[type] : "unknown");
  if (self->value != NULL)
    json_object_set_string_member (object, "value", self->value);
  else
    json_object_set_null_member (object, "value");
  json_object_set_string_member (object, "status", vneid_field_status_to_string (self->status));
  json_object_set_boolean_member (object, "read_only", vneid_filled_field_get_read_only (self));
  json_object_set_boolean_member (object, "required", vneid_form_field_get_required (self->field));
  if (type == VNEID_FIELD_TYPE_GROUP)
    json_object_set_int_member (object, "rows", self->rows);
  if (self->message != NULL)
    json_object_set_string_member (object, "message", self->message);
  for (guint i = 0; i < self->sources->len; i++)
    json_array_add_object_element (sources, vneid_attribute_to_json (g_ptr_array_index (self->sources, i)));
  json_object_set_array_member (object, "sources", sources);
  return object;
}

/**
 * vneid_filled_field_get_name:
 * @self: a #VneidFilledField
 *
 * Gets the field's name on the form: the schema field's name, or
 * `group[i].child` for a field of a group's row.
 *
 * Returns: the field's name on the form: the schema field's name, or
 *   `group[i].child` for a field of a group's row
 *
 * Since: 0.1
 */
const char *
vneid_filled_field_get_name (VneidFilledField *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FIELD (self), NULL);
  return self->name;
}

/**
 * vneid_filled_field_get_field:
 * @self: a #VneidFilledField
 *
 * Gets the schema field: its label, type and constraints.
 *
 * Returns: (transfer none): the schema field: its label, type and
 *   constraints
 *
 * Since: 0.1
 */
VneidFormField *
vneid_filled_field_get_field (VneidFilledField *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FIELD (self), NULL);
  return self->field;
}

/**
 * vneid_filled_field_get_value:
 * @self: a #VneidFilledField
 *
 * The value as the form prints it (a date in the field's format, an enum's
 * code, `true`/`false`, a decimal number). An invalid field keeps the value
 * that broke the constraints, so that the citizen sees what to correct.
 *
 * Returns: (nullable): the value, or %NULL when the field is missing or
 *   needs a level-2 account, and for a group
 *
 * Since: 0.1
 */
const char *
vneid_filled_field_get_value (VneidFilledField *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FIELD (self), NULL);
  return self->value;
}

/**
 * vneid_filled_field_get_status:
 * @self: a #VneidFilledField
 *
 * Gets the state of the field.
 *
 * Returns: the state of the field
 *
 * Since: 0.1
 */
VneidFieldStatus
vneid_filled_field_get_status (VneidFilledField *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FIELD (self), VNEID_FIELD_STATUS_MISSING);
  return self->status;
}

/**
 * vneid_filled_field_get_read_only:
 * @self: a #VneidFilledField
 *
 * Tells whether the form shows the field read-only: exactly when its status
 * is %VNEID_FIELD_STATUS_VERIFIED (for a group: when every value of its rows
 * is verified).
 *
 * Returns: whether the form shows the field read-only: exactly when its
 *   status is %VNEID_FIELD_STATUS_VERIFIED (for a group: when every value of
 *   its rows is verified)
 *
 * Since: 0.1
 */
gboolean
vneid_filled_field_get_read_only (VneidFilledField *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FIELD (self), FALSE);
  return self->status == VNEID_FIELD_STATUS_VERIFIED;
}

/**
 * vneid_filled_field_get_sources:
 * @self: a #VneidFilledField
 *
 * Gets the profile attributes the value came from, with their provenance.
 *
 * Returns: (transfer none) (element-type VneidAttribute): the profile
 *   attributes the value came from, with their provenance; empty for a
 *   constant, a typed value, or a field not filled
 *
 * Since: 0.1
 */
GPtrArray *
vneid_filled_field_get_sources (VneidFilledField *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FIELD (self), NULL);
  return self->sources;
}

/**
 * vneid_filled_field_get_message:
 * @self: a #VneidFilledField
 *
 * Gets why the field is missing, needs a level-2 account or is invalid (the
 * constraint the value breaks), when that is known.
 *
 * Returns: (nullable): why the field is missing, needs a level-2 account or
 *   is invalid (the constraint the value breaks), when that is known
 *
 * Since: 0.1
 */
const char *
vneid_filled_field_get_message (VneidFilledField *self)
{
  g_return_val_if_fail (VNEID_IS_FILLED_FIELD (self), NULL);
  return self->message;
}
