/* vneid-form-mapper.h: the interface that turns a profile into a filled form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-filled-form.h"
#include "vneid-form-schema.h"
#include "vneid-profile.h"

G_BEGIN_DECLS

#define VNEID_TYPE_FORM_MAPPER (vneid_form_mapper_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (VneidFormMapper, vneid_form_mapper, VNEID, FORM_MAPPER, GObject)

/**
 * VneidFormMapperInterface:
 * @get_schema: returns the schema of the form the mapper fills
 * @fill: fills @form, whose fields all start `missing` (or `needs-level-2`
 *   where the profile's level is too low), from @profile with
 *   [method@Vneid.FilledForm.fill]; returns %FALSE with @error set only when
 *   the mapper itself fails, not for data the profile lacks
 * @list_profile_paths: returns the profile paths the mapper reads (see
 *   [method@Vneid.FormMapper.list_profile_paths]); may be %NULL. Since: 0.2
 *
 * The interface a form mapper implements: in C (a plugin module), or in
 * Python through GObject Introspection (`do_get_schema`, `do_fill`).
 *
 * Since: 0.1
 */
struct _VneidFormMapperInterface
{
  GTypeInterface parent_iface;

  VneidFormSchema *(*get_schema) (VneidFormMapper *self);
  gboolean         (*fill)       (VneidFormMapper *self,
                                  VneidProfile    *profile,
                                  VneidFilledForm *form,
                                  GError         **error);
  char           **(*list_profile_paths) (VneidFormMapper *self);

  /*< private >*/
  gpointer padding[7];
};

VNEID_AVAILABLE_IN_ALL
VneidFormSchema *vneid_form_mapper_get_schema (VneidFormMapper *self);
VNEID_AVAILABLE_IN_ALL
VneidFilledForm *vneid_form_mapper_fill       (VneidFormMapper *self,
                                               VneidProfile    *profile,
                                               GError         **error);
VNEID_AVAILABLE_IN_ALL
char           **vneid_form_mapper_list_profile_paths (VneidFormMapper *self);

G_END_DECLS
