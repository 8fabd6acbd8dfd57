/* vneid-filled-form-private.h: what mappers may do to a filled form beyond
 * its public API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-filled-form.h"

G_BEGIN_DECLS

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

/* Whether the field @name exists and waits for a level-2 account (and so
 * is not filled from the profile): for mappers that skip its work. */
gboolean          vneid_filled_form_needs_level_2 (VneidFilledForm *self,
                                                   const char      *name);

G_END_DECLS
