/* test-module-noentry.c: a plugin module without the vneid_plugin_register entry point
 *
 * test-plugins links it into a plugin folder: the registry must report the
 * missing entry point and skip the plugin.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gmodule.h>

G_MODULE_EXPORT int vneid_plugin_registr (void);

/* A near miss of the entry point's name, exported. */
G_MODULE_EXPORT int
vneid_plugin_registr (void)
{
  return 0;
}
