/* vneid-plugin-module-private.h: a C plugin's shared module, opened once and kept
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "vneid-plugin-registry.h"

G_BEGIN_DECLS

#define VNEID_TYPE_PLUGIN_MODULE (vneid_plugin_module_get_type ())

G_DECLARE_FINAL_TYPE (VneidPluginModule, vneid_plugin_module, VNEID, PLUGIN_MODULE, GTypeModule)

/* The module of the shared object at @path, opened (G_MODULE_BIND_LOCAL |
 * G_MODULE_BIND_LAZY) and made resident on first use. One module per file
 * for the life of the process: a module that registered types may never go,
 * so the same file loaded by two registries gets the same module.
 * Returns: (transfer none): the process-wide module, or NULL with @error. */
VneidPluginModule *vneid_plugin_module_get       (const char           *path,
                                                  GError              **error);

/* Calls the module's VNEID_PLUGIN_REGISTER_SYMBOL function for @registry. */
gboolean           vneid_plugin_module_register  (VneidPluginModule    *self,
                                                  VneidPluginRegistry  *registry,
                                                  GError              **error);

G_END_DECLS
