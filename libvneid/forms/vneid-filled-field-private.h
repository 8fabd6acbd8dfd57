/* vneid-filled-field-private.h: the state of a filled form's field, and the
 * object made for it on request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-filled-field.h"

G_BEGIN_DECLS

/* One field of a filled form, as the form keeps it: a plain record, no
 * object. Filling a form of twelve fields made twelve GObjects, each with
 * an array of sources and a reference on its schema field, and freed them
 * again; most forms are filled and serialized without anyone asking for a
 * field object. The object (a VneidFilledField reading this record) is made
 * on first request, once (vneid_field_slot_get_object()). */
typedef struct _VneidFieldSlot VneidFieldSlot;

struct _VneidFieldSlot
{
  VneidFormField   *field;       /* borrowed: the form holds its schema */
  const char       *name;        /* the schema field's name, or owned_name */
  char             *owned_name;  /* `group[i].child` for a row's field, else NULL */
  VneidFieldSlot   *group;       /* a row's field: its group's slot; else NULL */
  char             *value;
  char             *message;
  VneidAttribute  **sources;     /* n_sources references */
  guint             n_sources;
  VneidFieldStatus  status;
  guint             rows;        /* groups: the rows added */
  VneidFilledField *object;      /* made on first request, or NULL */
};

/* A slot for @field named @name (the field's own name when NULL, else a
 * row's `group[i].child`, copied), status MISSING, no value. */
void              vneid_field_slot_init        (VneidFieldSlot   *slot,
                                                VneidFormField   *field,
                                                const char       *name,
                                                VneidFieldSlot   *group);
/* Replaces the state: @value and @message may be NULL; @sources
 * (element-type VneidAttribute) may be NULL for none; its attributes are
 * referenced, not the array. read_only follows from @status. */
void              vneid_field_slot_set         (VneidFieldSlot   *slot,
                                                VneidFieldStatus  status,
                                                const char       *value,
                                                GPtrArray        *sources,
                                                const char       *message);
/* The slot's object, made on the first call (an atomic compare-and-swap:
 * two threads reading a form get the same object). (transfer none) */
VneidFilledField *vneid_field_slot_get_object  (VneidFieldSlot   *slot);
/* Frees the state, when the form goes. An object someone else still holds
 * takes the state over (and a reference on the schema field), so that it
 * stays readable without its form. */
void              vneid_field_slot_clear       (VneidFieldSlot   *slot);
/* The field's JSON object for vneid_filled_form_to_json_object(). */
JsonObject       *vneid_field_slot_to_json     (const VneidFieldSlot *slot);

G_END_DECLS
