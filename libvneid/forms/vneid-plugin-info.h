/* vneid-plugin-info.h: what a plugin's key file says about it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"

G_BEGIN_DECLS

#define VNEID_TYPE_PLUGIN_INFO (vneid_plugin_info_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidPluginInfo, vneid_plugin_info, VNEID, PLUGIN_INFO, GObject)

VNEID_AVAILABLE_IN_ALL
const char         *vneid_plugin_info_get_name         (VneidPluginInfo *self);
VNEID_AVAILABLE_IN_ALL
const char         *vneid_plugin_info_get_version      (VneidPluginInfo *self);
VNEID_AVAILABLE_IN_ALL
const char         *vneid_plugin_info_get_description  (VneidPluginInfo *self);
VNEID_AVAILABLE_IN_ALL
const char * const *vneid_plugin_info_get_forms        (VneidPluginInfo *self);
VNEID_AVAILABLE_IN_ALL
const char         *vneid_plugin_info_get_folder       (VneidPluginInfo *self);
VNEID_AVAILABLE_IN_ALL
const char         *vneid_plugin_info_get_module_name  (VneidPluginInfo *self);

G_END_DECLS
