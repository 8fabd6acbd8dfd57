/* vneid-plugin-module.c: a C plugin's shared module, opened once and kept
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include <gmodule.h>

#include "vneid-error.h"
#include "vneid-plugin-module-private.h"

/* A GTypeModule over one shared object. Plugins register their mapper
 * types with it (G_DEFINE_DYNAMIC_TYPE and friends), so it must outlive
 * every instance of those types: it is used once and never unused, its
 * GModule is made resident, and the object itself lives in a process-wide
 * table until exit. Unloading plugin code is not worth the risk of a
 * dangling vtable. */
struct _VneidPluginModule
{
  GTypeModule parent_instance;

  char                    *path;        /* canonical: one module per file */
  GModule                 *module;
  VneidPluginRegisterFunc  register_func;
  GError                  *load_error;  /* why load() failed, for _get() */
};

G_DEFINE_FINAL_TYPE (VneidPluginModule, vneid_plugin_module, G_TYPE_TYPE_MODULE)

/* canonical path → VneidPluginModule, never freed (see above) */
static GHashTable *modules;
G_LOCK_DEFINE_STATIC (modules);

static gboolean
vneid_plugin_module_load (GTypeModule *type_module)
{
  VneidPluginModule *self = VNEID_PLUGIN_MODULE (type_module);
  gpointer symbol = NULL;

  g_clear_error (&self->load_error);

  /* LOCAL: two plugins may use the same helper names without clashing;
   * LAZY: a plugin pays only for the symbols it calls. */
  self->module = g_module_open (self->path, G_MODULE_BIND_LOCAL | G_MODULE_BIND_LAZY);
  if (self->module == NULL)
    {
      g_set_error (&self->load_error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "cannot open the module: %s", g_module_error ());
      return FALSE;
    }

  if (!g_module_symbol (self->module, VNEID_PLUGIN_REGISTER_SYMBOL, &symbol) ||
      symbol == NULL)
    {
      g_set_error (&self->load_error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "the module does not export the entry point %s()",
                   VNEID_PLUGIN_REGISTER_SYMBOL);
      g_module_close (self->module);
      self->module = NULL;
      return FALSE;
    }

  self->register_func = (VneidPluginRegisterFunc) symbol;
  g_module_make_resident (self->module);
  return TRUE;
}

static void
vneid_plugin_module_unload (GTypeModule *type_module)
{
  /* Not reached: the module is never unused. Were it reached, the
   * resident GModule stays mapped and only our handle goes. */
  VneidPluginModule *self = VNEID_PLUGIN_MODULE (type_module);

  g_clear_pointer (&self->module, g_module_close);
  self->register_func = NULL;
}

static void
vneid_plugin_module_finalize (GObject *object)
{
  VneidPluginModule *self = VNEID_PLUGIN_MODULE (object);

  /* Only modules that never loaded are finalized. */
  g_clear_error (&self->load_error);
  g_free (self->path);

  G_OBJECT_CLASS (vneid_plugin_module_parent_class)->finalize (object);
}

static void
vneid_plugin_module_class_init (VneidPluginModuleClass *klass)
{
  GTypeModuleClass *module_class = G_TYPE_MODULE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vneid_plugin_module_finalize;
  module_class->load = vneid_plugin_module_load;
  module_class->unload = vneid_plugin_module_unload;
}

static void
vneid_plugin_module_init (VneidPluginModule *self)
{
}

VneidPluginModule *
vneid_plugin_module_get (const char  *path,
                         GError     **error)
{
  VneidPluginModule *self;
  char *canonical;

  g_return_val_if_fail (path != NULL, NULL);

  /* The same file by two names is still one module: a second GTypeModule
   * could not register the same type names. */
  canonical = realpath (path, NULL);
  if (canonical == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "cannot open the module: %s", g_strerror (saved_errno));
      return NULL;
    }

  G_LOCK (modules);

  if (modules == NULL)
    modules = g_hash_table_new (g_str_hash, g_str_equal);

  self = g_hash_table_lookup (modules, canonical);
  if (self == NULL)
    {
      self = g_object_new (VNEID_TYPE_PLUGIN_MODULE, NULL);
      self->path = g_strdup (canonical);
      g_type_module_set_name (G_TYPE_MODULE (self), self->path);

      /* Used once, never unused: see the type's comment. */
      if (!g_type_module_use (G_TYPE_MODULE (self)))
        {
          g_propagate_error (error, g_steal_pointer (&self->load_error));
          g_object_unref (self);
          self = NULL;
        }
      else
        g_hash_table_insert (modules, self->path, self);
    }

  G_UNLOCK (modules);

  free (canonical);
  return self;
}

gboolean
vneid_plugin_module_register (VneidPluginModule    *self,
                              VneidPluginRegistry  *registry,
                              GError              **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (VNEID_IS_PLUGIN_MODULE (self), FALSE);
  g_return_val_if_fail (self->register_func != NULL, FALSE);

  if (!self->register_func (registry, G_TYPE_MODULE (self), &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                     "%s() failed without saying why", VNEID_PLUGIN_REGISTER_SYMBOL);
      g_propagate_prefixed_error (error, local_error, "%s() failed: ",
                                  VNEID_PLUGIN_REGISTER_SYMBOL);
      return FALSE;
    }

  /* A function that succeeds and sets an error broke its contract; the
   * success stands. */
  g_clear_error (&local_error);
  return TRUE;
}
