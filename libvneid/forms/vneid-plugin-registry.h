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
char               **vneid_plugin_registry_list_errors       (VneidPluginRegistry *self);

VNEID_AVAILABLE_IN_ALL
VneidFilledForm     *vneid_plugin_registry_fill              (VneidPluginRegistry *self,
                                                              const char          *form_id,
                                                              VneidProfile        *profile,
                                                              GError             **error);

G_END_DECLS
