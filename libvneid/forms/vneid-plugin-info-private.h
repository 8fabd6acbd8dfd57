/* vneid-plugin-info-private.h: reading a plugin folder's key file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-plugin-info.h"

G_BEGIN_DECLS

/* Finds the one `*.plugin` key file of @directory and reads it, checking
 * every key (the class description of VneidPluginRegistry). Errors are
 * VNEID_FORM_ERROR_INVALID_PLUGIN and say what is wrong only: the caller
 * names the folder. */
VneidPluginInfo *vneid_plugin_info_new_from_folder (const char  *directory,
                                                    GError     **error);

G_END_DECLS
