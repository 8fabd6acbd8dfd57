/* test-module-failing.c: a plugin module whose entry point fails
 *
 * test-plugins links it into a plugin folder: the registry must report the
 * module's own error message and skip the plugin.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gmodule.h>
#include <vneid.h>

G_MODULE_EXPORT gboolean vneid_plugin_register (VneidPluginRegistry *registry,
                                                GTypeModule         *module,
                                                GError             **error);

G_MODULE_EXPORT gboolean
vneid_plugin_register (VneidPluginRegistry *registry,
                       GTypeModule         *module,
                       GError             **error)
{
  g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_FAILED,
                       "no database today");
  return FALSE;
}
