/* vneid-filled-form.h: a form filled from a verified profile
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "vneid-version.h"
#include "vneid-attribute.h"
#include "vneid-filled-field.h"
#include "vneid-form-schema.h"

G_BEGIN_DECLS

#define VNEID_TYPE_FILLED_FORM (vneid_filled_form_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidFilledForm, vneid_filled_form, VNEID, FILLED_FORM, GObject)

VNEID_AVAILABLE_IN_ALL
VneidFilledForm  *vneid_filled_form_new               (VneidFormSchema   *schema,
                                                       guint              level);

VNEID_AVAILABLE_IN_ALL
VneidFormSchema  *vneid_filled_form_get_schema        (VneidFilledForm   *self);
VNEID_AVAILABLE_IN_ALL
guint             vneid_filled_form_get_level         (VneidFilledForm   *self);
VNEID_AVAILABLE_IN_ALL
GPtrArray        *vneid_filled_form_get_fields        (VneidFilledForm   *self);
VNEID_AVAILABLE_IN_ALL
VneidFilledField *vneid_filled_form_lookup            (VneidFilledForm   *self,
                                                       const char        *name);

VNEID_AVAILABLE_IN_ALL
gboolean          vneid_filled_form_fill              (VneidFilledForm   *self,
                                                       const char        *name,
                                                       const char        *value,
                                                       GPtrArray         *sources,
                                                       GError           **error);
VNEID_AVAILABLE_IN_ALL
gboolean          vneid_filled_form_add_row           (VneidFilledForm   *self,
                                                       const char        *group,
                                                       guint             *index,
                                                       GError           **error);
VNEID_AVAILABLE_IN_ALL
gboolean          vneid_filled_form_set_missing       (VneidFilledForm   *self,
                                                       const char        *name,
                                                       const char        *reason,
                                                       GError           **error);
VNEID_AVAILABLE_IN_ALL
gboolean          vneid_filled_form_set_typed_value   (VneidFilledForm   *self,
                                                       const char        *name,
                                                       const char        *value,
                                                       GError           **error);

VNEID_AVAILABLE_IN_ALL
double            vneid_filled_form_get_completeness  (VneidFilledForm   *self);
VNEID_AVAILABLE_IN_ALL
char            **vneid_filled_form_list_missing      (VneidFilledForm   *self);
VNEID_AVAILABLE_IN_ALL
gboolean          vneid_filled_form_validate          (VneidFilledForm   *self,
                                                       GError           **error);

VNEID_AVAILABLE_IN_ALL
JsonObject       *vneid_filled_form_to_json_object    (VneidFilledForm   *self);
VNEID_AVAILABLE_IN_ALL
char             *vneid_filled_form_to_json           (VneidFilledForm   *self,
                                                       gboolean           pretty);

G_END_DECLS
