/* vneid-plugin-registry.h: where form mappers are found
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-form-mapper.h"
#include "vneid-plugin-info.h"

G_BEGIN_DECLS

/**
 * VNEID_PLUGIN_REGISTER_SYMBOL:
 *
 * The name of the function a C plugin module exports, of type
 * [callback@Vneid.PluginRegisterFunc].
 *
 * Since: 0.1
 */
#define VNEID_PLUGIN_REGISTER_SYMBOL "vneid_plugin_register"

/**
 * VNEID_FORM_MAPPER_PROP_FACILITY_CODE:
 *
 * The name of a string property a form mapper may have, construct-only:
 * the BHYT code of the clinic filling the form (5 digits, such as
 * `01010`). The mapper of the bundled `bhyt-checkin` plugin has it; an
 * application finds it with g_object_class_find_property() and makes a
 * configured mapper of the same type with g_object_new().
 *
 * Since: 0.2
 */
#define VNEID_FORM_MAPPER_PROP_FACILITY_CODE "facility-code"

/**
 * VNEID_FORM_MAPPER_PROP_VISIT_DATE:
 *
 * The name of a #VneidDate property a form mapper may have,
 * construct-only: the day the form is filled for (the day of a clinic
 * visit), when it is not today in Vietnam. The mapper of the bundled
 * `bhyt-checkin` plugin has it.
 *
 * Since: 0.2
 */
#define VNEID_FORM_MAPPER_PROP_VISIT_DATE "visit-date"

#define VNEID_TYPE_PLUGIN_REGISTRY (vneid_plugin_registry_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidPluginRegistry, vneid_plugin_registry, VNEID, PLUGIN_REGISTRY, GObject)

/**
 * VneidPluginRegisterFunc:
 * @registry: the registry loading the module
 * @module: the module, for types the plugin registers dynamically
 * @error: return location for a #GError
 *
 * What a C plugin module exports as `vneid_plugin_register`: it registers
 * its mappers with [method@Vneid.PluginRegistry.register_mapper].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
typedef gboolean (*VneidPluginRegisterFunc) (VneidPluginRegistry *registry,
                                             GTypeModule         *module,
                                             GError             **error);

VNEID_AVAILABLE_IN_ALL
VneidPluginRegistry *vneid_plugin_registry_new               (void);

VNEID_AVAILABLE_IN_ALL
void                 vneid_plugin_registry_set_declarative_only (VneidPluginRegistry *self,
                                                                 gboolean             declarative_only);
VNEID_AVAILABLE_IN_ALL
gboolean             vneid_plugin_registry_get_declarative_only (VneidPluginRegistry *self);

VNEID_AVAILABLE_IN_ALL
void                 vneid_plugin_registry_load_default      (VneidPluginRegistry *self);
VNEID_AVAILABLE_IN_ALL
void                 vneid_plugin_registry_load_path         (VneidPluginRegistry *self,
                                                              const char          *path);
VNEID_AVAILABLE_IN_ALL
gboolean             vneid_plugin_registry_load_plugin       (VneidPluginRegistry *self,
                                                              const char          *directory,
                                                              GError             **error);
VNEID_AVAILABLE_IN_ALL
gboolean             vneid_plugin_registry_register_mapper   (VneidPluginRegistry *self,
                                                              VneidFormMapper     *mapper,
                                                              GError             **error);

VNEID_AVAILABLE_IN_ALL
VneidFormMapper     *vneid_plugin_registry_lookup            (VneidPluginRegistry *self,
                                                              const char          *form_id);
VNEID_AVAILABLE_IN_ALL
char               **vneid_plugin_registry_list_forms        (VneidPluginRegistry *self);
VNEID_AVAILABLE_IN_ALL
char               **vneid_plugin_registry_list_plugins      (VneidPluginRegistry *self);
VNEID_AVAILABLE_IN_ALL
VneidPluginInfo     *vneid_plugin_registry_get_plugin_info   (VneidPluginRegistry *self,
                                                              const char          *name);
VNEID_AVAILABLE_IN_ALL
char               **vneid_plugin_registry_list_errors       (VneidPluginRegistry *self);

VNEID_AVAILABLE_IN_ALL
VneidFilledForm     *vneid_plugin_registry_fill              (VneidPluginRegistry *self,
                                                              const char          *form_id,
                                                              VneidProfile        *profile,
                                                              GError             **error);

G_END_DECLS
