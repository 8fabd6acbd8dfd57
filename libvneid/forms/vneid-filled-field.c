/* vneid-filled-field.c: one field of a filled form, and where its value came from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-filled-field.h"
#include "vneid-filled-field-private.h"
#include "vneid-util-private.h"

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
 * through the form. The form makes a field's object when it is first asked
 * for it ([method@Vneid.FilledForm.lookup],
 * [method@Vneid.FilledForm.get_fields]) and returns that same object
 * afterwards; an object kept after its form is gone keeps the field's last
 * state.
 *
 * Since: 0.1
 */
struct _VneidFilledField
{
  GObject         parent_instance;

  VneidFieldSlot *slot;      /* the form's; &own once the form is gone */
  VneidFieldSlot  own;
  GPtrArray      *sources;   /* VneidAttribute: the slot's, as get_sources() lends them */
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

/* ---- the form's records ------------------------------------------------ */

static void
slot_free_state (VneidFieldSlot *slot)
{
  g_free (slot->owned_name);
  g_free (slot->value);
  g_free (slot->message);
  for (guint i = 0; i < slot->n_sources; i++)
    g_object_unref (slot->sources[i]);
  g_free (slot->sources);
}

void
vneid_field_slot_init (VneidFieldSlot *slot,
                       VneidFormField *field,
                       const char     *name,
                       VneidFieldSlot *group)
{
  memset (slot, 0, sizeof *slot);
  slot->field = field;
  slot->owned_name = g_strdup (name);
  slot->name = name != NULL ? slot->owned_name : vneid_form_field_get_name (field);
  slot->group = group;
  slot->status = VNEID_FIELD_STATUS_MISSING;
}

/* The object's array follows the slot's sources. */
static void
sync_sources (VneidFilledField *self)
{
  g_ptr_array_set_size (self->sources, 0);
  for (guint i = 0; i < self->slot->n_sources; i++)
    g_ptr_array_add (self->sources, g_object_ref (self->slot->sources[i]));
}

void
vneid_field_slot_set (VneidFieldSlot   *slot,
                      VneidFieldStatus  status,
                      const char       *value,
                      GPtrArray        *sources,
                      const char       *message)
{
  VneidFieldSlot old = *slot;
  VneidFilledField *object = g_atomic_pointer_get (&slot->object);

  slot->status = status;
  slot->value = g_strdup (value);
  slot->message = g_strdup (message);
  slot->n_sources = sources != NULL ? sources->len : 0;
  slot->sources = slot->n_sources > 0 ? g_new (VneidAttribute *, slot->n_sources) : NULL;
  for (guint i = 0; i < slot->n_sources; i++)
    slot->sources[i] = g_object_ref (g_ptr_array_index (sources, i));
  /* the old state goes after the new one is made: @value may be the old value */
  old.owned_name = NULL;
  slot_free_state (&old);
  if (object != NULL)
    sync_sources (object);
}

VneidFilledField *
vneid_field_slot_get_object (VneidFieldSlot *slot)
{
  VneidFilledField *object = g_atomic_pointer_get (&slot->object);

  if (object != NULL)
    return object;
  object = g_object_new (VNEID_TYPE_FILLED_FIELD, NULL);
  object->slot = slot;
  object->sources = g_ptr_array_new_full (slot->n_sources, g_object_unref);
  sync_sources (object);
  return vneid_publish_once ((gpointer *) &slot->object, object, g_object_unref);
}

void
vneid_field_slot_clear (VneidFieldSlot *slot)
{
  VneidFilledField *object = slot->object;

  if (object == NULL)
    {
      slot_free_state (slot);
      return;
    }
  /* The object may outlive the form (a binding holds it): it takes the
   * state over, and a reference on the schema field, which the form's
   * schema held until now; the field owns the name when the slot does not. */
  object->own = *slot;
  object->own.group = NULL;
  object->own.object = NULL;
  g_object_ref (object->own.field);
  object->slot = &object->own;
  g_object_unref (object);
}

JsonObject *
vneid_field_slot_to_json (const VneidFieldSlot *slot)
{
  JsonObject *object = json_object_new ();
  JsonArray *sources = json_array_new ();
  VneidFieldType type = vneid_form_field_get_field_type (slot->field);
  static const char *const type_names[] = {
    "string", "date", "enum", "boolean", "number", "group",
  };

  json_object_set_string_member (object, "name", slot->name);
  json_object_set_string_member (object, "label", vneid_form_field_get_label (slot->field));
  json_object_set_string_member (object, "type",
                                 (guint) type < G_N_ELEMENTS (type_names) ? type_names[type] : "unknown");
  if (slot->value != NULL)
    json_object_set_string_member (object, "value", slot->value);
  else
    json_object_set_null_member (object, "value");
  json_object_set_string_member (object, "status", vneid_field_status_to_string (slot->status));
  json_object_set_boolean_member (object, "read_only", slot->status == VNEID_FIELD_STATUS_VERIFIED);
  json_object_set_boolean_member (object, "required", vneid_form_field_get_required (slot->field));
  if (type == VNEID_FIELD_TYPE_GROUP)
    json_object_set_int_member (object, "rows", slot->rows);
  if (slot->message != NULL)
    json_object_set_string_member (object, "message", slot->message);
  for (guint i = 0; i < slot->n_sources; i++)
    json_array_add_object_element (sources, vneid_attribute_to_json (slot->sources[i]));
  json_object_set_array_member (object, "sources", sources);
  return object;
}

/* ---- the object ----------------------------------------------------------- */

static void
vneid_filled_field_finalize (GObject *object)
{
  VneidFilledField *self = VNEID_FILLED_FIELD (object);

  /* attached to a form, the slot is the form's (only a thread that lost
   * the race to make the object finalizes it then) */
  if (self->slot == &self->own)
    {
      slot_free_state (&self->own);
      g_object_unref (self->own.field);
    }
  g_clear_pointer (&self->sources, g_ptr_array_unref);

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
  return self->slot->name;
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
  return self->slot->field;
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
  return self->slot->value;
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
  return self->slot->status;
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
  return self->slot->status == VNEID_FIELD_STATUS_VERIFIED;
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
  return self->slot->message;
}
