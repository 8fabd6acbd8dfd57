/* vneid-plugin-registry.c: where form mappers are found
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vneid-declarative-mapper-private.h"
#include "vneid-form-schema-private.h"
#include "vneid-error.h"
#include "vneid-form-json-private.h"
#include "vneid-plugin-info-private.h"
#include "vneid-plugin-module-private.h"
#include "vneid-plugin-registry.h"

/**
 * VneidPluginRegistry:
 *
 * The form mappers an application can use, by form id, and the plugins
 * they came from.
 *
 * A plugin is a folder holding one key file `NAME.plugin`:
 *
 * ```ini
 * [Plugin]
 * Name=ct01
 * Version=1.0
 * Description=Tờ khai thay đổi thông tin cư trú (CT01)
 * Forms=vn.bca.ct01
 * # Module=bhyt-checkin
 * ```
 *
 * `Name`, `Version`, `Description` and `Forms` (a `;`-separated list of
 * form ids, `[a-z0-9]+(\.[a-z0-9-]+)+`) are required; other keys and
 * groups are ignored. Without `Module`, the plugin is **declarative**: for
 * each form id `ID` of `Forms` it ships `ID.schema.json` and
 * `ID.mapping.json` beside the key file (see
 * [ctor@Vneid.DeclarativeMapper.new_from_file]). With `Module=NAME`
 * (`[A-Za-z0-9_-]+`) it is a **C plugin**: `libNAME.so` beside the key
 * file exports [callback@Vneid.PluginRegisterFunc] as
 * `vneid_plugin_register`, which registers its mappers with
 * [method@Vneid.PluginRegistry.register_mapper]. Modules are opened once
 * per process and stay resident. Either way the plugin must provide
 * exactly the forms its `Forms` key lists.
 *
 * File names are built only from validated form ids and module names;
 * nothing read from a plugin is used as a path or a format. A plugin's
 * key file, schemas and mappings are read without following links: a
 * symbolic link is refused wherever it points. What the key file says is
 * kept: see [method@Vneid.PluginRegistry.get_plugin_info].
 *
 * Plugins from others: with
 * [property@Vneid.PluginRegistry:declarative-only] set, a plugin with a
 * `Module` key is refused before its module is opened, so loading runs no
 * code from a plugin. Declarative plugins are bounded (docs/forms.md, "What
 * a JSON plugin can and cannot do"): fields, enum codes, paths per `join`,
 * transforms, pattern work and separators.
 *
 * [method@Vneid.PluginRegistry.load_default] looks for plugin folders in
 * each folder of the `:`-separated `VNEID_PLUGIN_PATH`, then in the
 * installed plugin folder (`$libdir/vneid-1/plugins`). Two plugins with
 * the same `Name`, or listing the same form id, never replace one another
 * silently: an installed plugin is kept and the other refused (or unloaded
 * if it came first); between two of the same standing, neither is kept,
 * nor any later one with that name or form. Each is reported in
 * [method@Vneid.PluginRegistry.list_errors]. A broken plugin (unreadable
 * key file, missing key, bad JSON, unknown profile path or transform,
 * missing entry point, registration failure, a form a mapper registered at
 * run time holds, a form it does not provide) is skipped whole — none of
 * its forms is registered — and recorded there too; the others load.
 *
 * ## Ownership and threads
 *
 * The registry keeps a reference to every mapper registered with it
 * (plugin modules stay loaded for the life of the process);
 * [method@Vneid.PluginRegistry.lookup] lends one, and each
 * [method@Vneid.PluginRegistry.fill] returns a new
 * [class@Vneid.FilledForm] that the caller owns and that one thread at a
 * time uses.
 *
 * Load plugins and register mappers first, from one thread; after that
 * the registry is not changed and may be used from any number of threads
 * ([method@Vneid.PluginRegistry.lookup],
 * [method@Vneid.PluginRegistry.fill] and the lists). Loading or
 * registering while other threads look up is not supported
 * (docs/threads.md).
 *
 * Since: 0.1
 */

typedef struct {
  VneidFormMapper *mapper;
  char            *plugin;   /* the plugin's name; NULL when registered at run time */
} FormEntry;

struct _VneidPluginRegistry
{
  GObject parent_instance;

  GHashTable *forms;      /* form id → FormEntry */
  GHashTable *plugins;    /* plugin name → VneidPluginInfo */
  GPtrArray  *errors;     /* "PLUGIN_DIR: what is wrong", in the order found */
  /* Names and form ids two plugins of the same standing claimed: neither
   * was kept, and no later plugin gets them either. */
  GHashTable *contested;  /* "name NAME" or "form ID" */
  gboolean    declarative_only;

  /* While a C plugin's register function runs: form id → FormEntry, the
   * mappers it registered so far, committed only if the whole plugin
   * loads; and the plugin's name for them. */
  GHashTable *staging;
  const char *staging_plugin;
};

G_DEFINE_FINAL_TYPE (VneidPluginRegistry, vneid_plugin_registry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DECLARATIVE_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FormEntry *
form_entry_new (VneidFormMapper *mapper,
                const char      *plugin)
{
  FormEntry *entry = g_new0 (FormEntry, 1);

  entry->mapper = g_object_ref (mapper);
  entry->plugin = g_strdup (plugin);
  return entry;
}

static void
form_entry_free (gpointer data)
{
  FormEntry *entry = data;

  g_object_unref (entry->mapper);
  g_free (entry->plugin);
  g_free (entry);
}

static GHashTable *
form_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, form_entry_free);
}

static void
vneid_plugin_registry_finalize (GObject *object)
{
  VneidPluginRegistry *self = VNEID_PLUGIN_REGISTRY (object);

  g_hash_table_unref (self->forms);
  g_hash_table_unref (self->plugins);
  g_ptr_array_unref (self->errors);
  g_hash_table_unref (self->contested);
  g_clear_pointer (&self->staging, g_hash_table_unref);

  G_OBJECT_CLASS (vneid_plugin_registry_parent_class)->finalize (object);
}

static void
vneid_plugin_registry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VneidPluginRegistry *self = VNEID_PLUGIN_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_DECLARATIVE_ONLY:
      g_value_set_boolean (value, self->declarative_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vneid_plugin_registry_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VneidPluginRegistry *self = VNEID_PLUGIN_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_DECLARATIVE_ONLY:
      vneid_plugin_registry_set_declarative_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vneid_plugin_registry_class_init (VneidPluginRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vneid_plugin_registry_finalize;
  object_class->get_property = vneid_plugin_registry_get_property;
  object_class->set_property = vneid_plugin_registry_set_property;

  /**
   * VneidPluginRegistry:declarative-only:
   *
   * Whether the registry loads declarative plugins only: JSON schemas and
   * mappings, never code. A plugin whose key file has a `Module` key is
   * then refused before its module file is looked at, so no library is
   * ever opened. Set it before loading plugins from folders others
   * provide.
   *
   * Since: 0.2
   */
  properties[PROP_DECLARATIVE_ONLY] =
    g_param_spec_boolean ("declarative-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vneid_plugin_registry_init (VneidPluginRegistry *self)
{
  self->forms = form_table_new ();
  self->plugins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->errors = g_ptr_array_new_with_free_func (g_free);
  self->contested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * vneid_plugin_registry_new:
 *
 * Creates an empty registry: no plugin is loaded until
 * [method@Vneid.PluginRegistry.load_default] (or
 * [method@Vneid.PluginRegistry.load_path]) is called.
 *
 * Returns: (transfer full): a new #VneidPluginRegistry
 *
 * Since: 0.1
 */
VneidPluginRegistry *
vneid_plugin_registry_new (void)
{
  return g_object_new (VNEID_TYPE_PLUGIN_REGISTRY, NULL);
}

/**
 * vneid_plugin_registry_set_declarative_only:
 * @self: a #VneidPluginRegistry
 * @declarative_only: %TRUE to refuse every plugin that ships code
 *
 * Sets [property@Vneid.PluginRegistry:declarative-only]: the plugins loaded
 * from then on must be declarative (JSON only); one with a `Module` key is
 * refused, and reported, without its module being opened. Plugins loaded
 * before are not affected.
 *
 * Since: 0.2
 */
void
vneid_plugin_registry_set_declarative_only (VneidPluginRegistry *self,
                                            gboolean             declarative_only)
{
  g_return_if_fail (VNEID_IS_PLUGIN_REGISTRY (self));

  declarative_only = !!declarative_only;
  if (self->declarative_only == declarative_only)
    return;
  self->declarative_only = declarative_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECLARATIVE_ONLY]);
}

/**
 * vneid_plugin_registry_get_declarative_only:
 * @self: a #VneidPluginRegistry
 *
 * Tells whether the registry loads declarative plugins only.
 *
 * Returns: whether the registry loads declarative plugins only
 *
 * Since: 0.2
 */
gboolean
vneid_plugin_registry_get_declarative_only (VneidPluginRegistry *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), FALSE);

  return self->declarative_only;
}

/* ---- registering --------------------------------------------------------- */

/* Who holds @form_id already, in @self or the plugin being loaded. */
static FormEntry *
lookup_entry (VneidPluginRegistry *self,
              const char          *form_id)
{
  FormEntry *entry = g_hash_table_lookup (self->forms, form_id);

  if (entry == NULL && self->staging != NULL)
    entry = g_hash_table_lookup (self->staging, form_id);
  return entry;
}

static gboolean
set_duplicate_error (GError     **error,
                     const char  *form_id,
                     FormEntry   *holder)
{
  if (holder->plugin != NULL)
    g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_DUPLICATE_FORM,
                 "form %s is registered already, by plugin %s", form_id, holder->plugin);
  else
    g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_DUPLICATE_FORM,
                 "form %s is registered already", form_id);
  return FALSE;
}

/* Adds @mapper for @form_id to @table, unless @self or the staging table
 * has that form. */
static gboolean
add_mapper (VneidPluginRegistry *self,
            GHashTable          *table,
            const char          *form_id,
            VneidFormMapper     *mapper,
            const char          *plugin,
            GError             **error)
{
  FormEntry *holder = lookup_entry (self, form_id);

  if (holder != NULL)
    return set_duplicate_error (error, form_id, holder);
  g_hash_table_insert (table, g_strdup (form_id), form_entry_new (mapper, plugin));
  return TRUE;
}

/**
 * vneid_plugin_registry_register_mapper:
 * @self: a #VneidPluginRegistry
 * @mapper: the mapper to add
 * @error: return location for a #GError
 *
 * Adds @mapper for the form of its schema (the id of
 * [method@Vneid.FormMapper.get_schema]). A C plugin calls this from its
 * `vneid_plugin_register` function; an application or a Python program may
 * call it too, to add a mapper of its own — before it shares the registry
 * with other threads.
 *
 * A form has one mapper: if another already fills that form, @mapper is
 * refused with %VNEID_FORM_ERROR_DUPLICATE_FORM.
 *
 * Returns: %TRUE if @mapper was added
 *
 * Since: 0.1
 */
gboolean
vneid_plugin_registry_register_mapper (VneidPluginRegistry  *self,
                                       VneidFormMapper      *mapper,
                                       GError              **error)
{
  VneidFormSchema *schema;
  const char *form_id;

  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), FALSE);
  g_return_val_if_fail (VNEID_IS_FORM_MAPPER (mapper), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  schema = vneid_form_mapper_get_schema (mapper);
  if (schema == NULL)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_FAILED,
                   "the %s mapper has no schema", G_OBJECT_TYPE_NAME (mapper));
      return FALSE;
    }
  form_id = vneid_form_schema_get_id (schema);

  /* While a C plugin registers, its mappers wait in the staging table
   * until the whole plugin has loaded. */
  if (self->staging != NULL)
    return add_mapper (self, self->staging, form_id, mapper, self->staging_plugin, error);
  return add_mapper (self, self->forms, form_id, mapper, NULL, error);
}

/* ---- loading ------------------------------------------------------------- */

/* One declarative form: ID.schema.json and ID.mapping.json in @directory,
 * read without following links. */
static gboolean
load_declarative_form (VneidPluginRegistry  *self,
                       GHashTable           *staging,
                       const char           *directory,
                       VneidPluginInfo      *info,
                       const char           *form_id,
                       GError              **error)
{
  g_autofree char *schema_name = g_strconcat (form_id, ".schema.json", NULL);
  g_autofree char *mapping_name = g_strconcat (form_id, ".mapping.json", NULL);
  /* Messages name the files within the plugin folder, which the caller
   * names once. */
  g_autofree char *schema_display = g_filename_display_name (schema_name);
  g_autofree char *mapping_display = g_filename_display_name (mapping_name);
  g_autofree char *schema_text = NULL;
  g_autofree char *mapping_text = NULL;
  g_autoptr(VneidFormSchema) schema = NULL;
  g_autoptr(VneidDeclarativeMapper) mapper = NULL;
  gsize schema_len = 0, mapping_len = 0;
  const char *schema_id;

  if ((schema_text = vneid_form_read_plugin_file (directory, schema_name, VNEID_FORM_ERROR_INVALID_SCHEMA,
                                                  &schema_len, error)) == NULL ||
      (mapping_text = vneid_form_read_plugin_file (directory, mapping_name, VNEID_FORM_ERROR_INVALID_MAPPING,
                                                   &mapping_len, error)) == NULL)
    return FALSE;

  /* The schema and mapping errors name their file already. */
  schema = vneid_form_schema_new_from_data (schema_text, schema_len, schema_display, error);
  if (schema == NULL)
    return FALSE;

  schema_id = vneid_form_schema_get_id (schema);
  if (strcmp (schema_id, form_id) != 0)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: the schema's id is %s, not %s", schema_name, schema_id, form_id);
      return FALSE;
    }

  mapper = vneid_declarative_mapper_new_from_data (schema, mapping_text, mapping_len, mapping_display,
                                                   error);
  if (mapper == NULL)
    return FALSE;

  return add_mapper (self, staging, form_id, VNEID_FORM_MAPPER (mapper),
                     vneid_plugin_info_get_name (info), error);
}

static gboolean
load_module (VneidPluginRegistry  *self,
             GHashTable           *staging,
             const char           *directory,
             VneidPluginInfo      *info,
             GError              **error)
{
  g_autofree char *file_name = g_strconcat ("lib", vneid_plugin_info_get_module_name (info), ".so", NULL);
  g_autofree char *path = g_build_filename (directory, file_name, NULL);
  VneidPluginModule *module;
  gboolean ok;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "Module=%s, and %s is missing", vneid_plugin_info_get_module_name (info), file_name);
      return FALSE;
    }

  module = vneid_plugin_module_get (path, error);
  if (module == NULL)
    {
      g_prefix_error (error, "%s: ", file_name);
      return FALSE;
    }

  /* The plugin's register_mapper() calls land in @staging. */
  self->staging = g_hash_table_ref (staging);
  self->staging_plugin = vneid_plugin_info_get_name (info);
  ok = vneid_plugin_module_register (module, self, error);
  self->staging_plugin = NULL;
  g_clear_pointer (&self->staging, g_hash_table_unref);

  if (!ok)
    g_prefix_error (error, "%s: ", file_name);
  return ok;
}

/* The plugin must provide exactly the forms its key file lists. */
static gboolean
check_forms (GHashTable        *staging,
             VneidPluginInfo   *info,
             GError           **error)
{
  g_autofree const char **provided = NULL;
  guint n_provided = 0;

  const char * const *forms = vneid_plugin_info_get_forms (info);

  for (gsize i = 0; forms[i] != NULL; i++)
    if (!g_hash_table_contains (staging, forms[i]))
      {
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                     "Forms lists %s, and the plugin does not provide it", forms[i]);
        return FALSE;
      }

  provided = (const char **) g_hash_table_get_keys_as_array (staging, &n_provided);
  for (guint i = 0; i < n_provided; i++)
    if (!g_strv_contains (forms, provided[i]))
      {
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                     "the plugin provides %s, which its Forms key does not list", provided[i]);
        return FALSE;
      }
  return TRUE;
}

static void
commit (VneidPluginRegistry *self,
        GHashTable          *staging,
        VneidPluginInfo     *info)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, staging);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->forms, key, value);
    }
  g_hash_table_insert (self->plugins, g_strdup (vneid_plugin_info_get_name (info)), g_object_ref (info));
}

/* ---- two plugins, one name or form ---------------------------------------- */

static gboolean
set_conflict_error (GError     **error,
                    const char  *format,
                    ...) G_GNUC_PRINTF (2, 3);

/* Sets "conflicts with …" in VNEID_FORM_ERROR_DUPLICATE_FORM, unless an
 * error is set already. */
static gboolean
set_conflict_error (GError     **error,
                    const char  *format,
                    ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (error != NULL && *error != NULL)
    return FALSE;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_DUPLICATE_FORM,
               "conflicts with %s", what);
  return FALSE;
}

/* Whether @directory is a folder of the installed plugin folder: there only
 * the system's administrator puts plugins. */
static gboolean
is_installed (const char *directory)
{
  g_autofree char *parent = g_path_get_dirname (directory);
  g_autofree char *canonical = g_canonicalize_filename (parent, NULL);
  g_autofree char *installed = g_canonicalize_filename (VNEID_PLUGIN_DIR, NULL);

  return strcmp (canonical, installed) == 0;
}

static void
contest (VneidPluginRegistry *self,
         VneidPluginInfo     *info)
{
  g_hash_table_add (self->contested, g_strconcat ("name ", vneid_plugin_info_get_name (info), NULL));
  for (const char * const *id = vneid_plugin_info_get_forms (info); *id != NULL; id++)
    g_hash_table_add (self->contested, g_strconcat ("form ", *id, NULL));
}

/* Fails when @info's name or one of its forms was contested before. */
static gboolean
check_not_contested (VneidPluginRegistry  *self,
                     VneidPluginInfo      *info,
                     GError              **error)
{
  g_autofree char *name = g_strconcat ("name ", vneid_plugin_info_get_name (info), NULL);

  if (g_hash_table_contains (self->contested, name))
    return set_conflict_error (error, "the plugin name %s", vneid_plugin_info_get_name (info));
  for (const char * const *id = vneid_plugin_info_get_forms (info); *id != NULL; id++)
    {
      g_autofree char *form = g_strconcat ("form ", *id, NULL);

      if (g_hash_table_contains (self->contested, form))
        return set_conflict_error (error, "the form %s", *id);
    }
  return TRUE;
}

/* The loaded plugins with @info's name or one of its forms. */
static GPtrArray *
find_rivals (VneidPluginRegistry *self,
             VneidPluginInfo     *info)
{
  GPtrArray *rivals = g_ptr_array_new ();
  VneidPluginInfo *same_name = g_hash_table_lookup (self->plugins, vneid_plugin_info_get_name (info));

  if (same_name != NULL)
    g_ptr_array_add (rivals, same_name);
  for (const char * const *id = vneid_plugin_info_get_forms (info); *id != NULL; id++)
    {
      FormEntry *entry = g_hash_table_lookup (self->forms, *id);
      VneidPluginInfo *holder = entry && entry->plugin ? g_hash_table_lookup (self->plugins, entry->plugin) : NULL;

      if (holder != NULL && !g_ptr_array_find (rivals, holder, NULL))
        g_ptr_array_add (rivals, holder);
    }
  return rivals;
}

/* Removes the loaded plugin @info and its forms, saying why in the list
 * of errors. */
static void
unload (VneidPluginRegistry *self,
        VneidPluginInfo     *info,
        const char          *why)
{
  g_autoptr(VneidPluginInfo) held = g_object_ref (info);

  for (const char * const *id = vneid_plugin_info_get_forms (held); *id != NULL; id++)
    g_hash_table_remove (self->forms, *id);
  g_hash_table_remove (self->plugins, vneid_plugin_info_get_name (held));
  g_ptr_array_add (self->errors, g_strdup_printf ("%s: %s", vneid_plugin_info_get_folder (held), why));
}

/* Two plugins with one name or form id: neither wins silently. An
 * installed plugin is kept over one from elsewhere (which is refused, or
 * unloaded); between two of the same standing, neither is kept, and both
 * are reported. Returns FALSE when @info must not load. */
static gboolean
settle_rivals (VneidPluginRegistry  *self,
               VneidPluginInfo      *info,
               GError              **error)
{
  g_autoptr(GPtrArray) rivals = find_rivals (self, info);
  gboolean installed = is_installed (vneid_plugin_info_get_folder (info));
  const char *name = vneid_plugin_info_get_name (info);
  const char *folder = vneid_plugin_info_get_folder (info);
  gboolean refused = FALSE;

  for (guint i = 0; i < rivals->len; i++)
    if (is_installed (vneid_plugin_info_get_folder (rivals->pdata[i])) && !installed)
      return set_conflict_error (error, "the installed plugin %s (%s), which is kept: it has "
                                 "this plugin's name or one of its forms",
                                 vneid_plugin_info_get_name (rivals->pdata[i]),
                                 vneid_plugin_info_get_folder (rivals->pdata[i]));

  for (guint i = 0; i < rivals->len; i++)
    {
      VneidPluginInfo *rival = rivals->pdata[i];
      g_autofree char *why = NULL;

      if (installed && !is_installed (vneid_plugin_info_get_folder (rival)))
        {
          why = g_strdup_printf ("replaced by the installed plugin %s (%s), which has this "
                                 "plugin's name or one of its forms", name, folder);
          unload (self, rival, why);   /* frees @rival */
          continue;
        }
      why = g_strdup_printf ("plugin %s (%s) has this plugin's name or one of its forms: "
                             "neither is loaded", name, folder);
      set_conflict_error (error, "plugin %s (%s), which has this plugin's name or one of its "
                          "forms: neither is loaded", vneid_plugin_info_get_name (rival),
                          vneid_plugin_info_get_folder (rival));
      refused = TRUE;
      contest (self, rival);
      contest (self, info);
      unload (self, rival, why);   /* frees @rival */
    }
  return !refused;
}

/* Loads the plugin in @directory. Errors say what is wrong; the caller
 * names the folder. */
static gboolean
load_plugin (VneidPluginRegistry  *self,
             const char           *directory,
             GError              **error)
{
  g_autoptr(VneidPluginInfo) info = NULL;
  g_autoptr(GHashTable) staging = NULL;
  const char * const *forms;

  /* A register function loading plugins would mix two plugins' staging. */
  if (self->staging != NULL)
    {
      g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                           "a plugin cannot be loaded while another plugin registers");
      return FALSE;
    }

  info = vneid_plugin_info_new_from_folder (directory, error);
  if (info == NULL)
    return FALSE;

  /* Refused before the module file is even looked at. */
  if (self->declarative_only && vneid_plugin_info_get_module_name (info) != NULL)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "Module=%s: this registry loads declarative plugins only (JSON, no code); "
                   "the module was not opened", vneid_plugin_info_get_module_name (info));
      return FALSE;
    }
  if (!check_not_contested (self, info, error) || !settle_rivals (self, info, error))
    return FALSE;

  /* Everything the plugin registers waits here until it all loaded. */
  staging = form_table_new ();

  forms = vneid_plugin_info_get_forms (info);
  if (vneid_plugin_info_get_module_name (info) != NULL)
    {
      if (!load_module (self, staging, directory, info, error))
        return FALSE;
    }
  else
    {
      for (gsize i = 0; forms[i] != NULL; i++)
        if (!load_declarative_form (self, staging, directory, info, forms[i], error))
          return FALSE;
    }

  if (!check_forms (staging, info, error))
    return FALSE;

  commit (self, staging, info);
  return TRUE;
}

/**
 * vneid_plugin_registry_load_plugin:
 * @self: a #VneidPluginRegistry
 * @directory: (type filename): a plugin folder: the one holding the
 *   `.plugin` key file
 * @error: return location for a #GError
 *
 * Loads one plugin and registers its forms, all or none. A plugin with
 * the `Name` or a form id of one loaded already is settled as the class
 * description says: refused here with %VNEID_FORM_ERROR_DUPLICATE_FORM
 * (the loaded one, unless installed, is unloaded too and listed in
 * [method@Vneid.PluginRegistry.list_errors]).
 *
 * Unlike [method@Vneid.PluginRegistry.load_path], the error is only
 * returned, not added to [method@Vneid.PluginRegistry.list_errors].
 *
 * Returns: %TRUE if the plugin loaded; %FALSE with @error, in
 *   %VNEID_FORM_ERROR, starting with @directory and saying what is wrong
 *
 * Since: 0.1
 */
gboolean
vneid_plugin_registry_load_plugin (VneidPluginRegistry  *self,
                                   const char           *directory,
                                   GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (load_plugin (self, directory, &local_error))
    return TRUE;
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", directory);
  return FALSE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * vneid_plugin_registry_load_path:
 * @self: a #VneidPluginRegistry
 * @path: (type filename): a folder holding plugin folders
 *
 * Loads every plugin folder in @path, in the order of their names. Broken
 * plugins are skipped and recorded in
 * [method@Vneid.PluginRegistry.list_errors], and so are plugins that share
 * a `Name` or a form id (see the class description). A @path that does
 * not exist is skipped silently, as on a search path.
 *
 * Since: 0.1
 */
void
vneid_plugin_registry_load_path (VneidPluginRegistry *self,
                                 const char          *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *entry;

  g_return_if_fail (VNEID_IS_PLUGIN_REGISTRY (self));
  g_return_if_fail (path != NULL);

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_ptr_array_add (self->errors, g_strdup_printf ("%s: cannot read the plugin folder: %s",
                                                        path, local_error->message));
      return;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (entry[0] != '.')
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *directory = g_build_filename (path, names->pdata[i], NULL);
      g_autoptr(GError) plugin_error = NULL;

      /* Plugin folders only; other files may sit beside them (a README). */
      if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
        continue;
      if (!load_plugin (self, directory, &plugin_error))
        g_ptr_array_add (self->errors,
                         g_strdup_printf ("%s: %s", directory, plugin_error->message));
    }
}

/**
 * vneid_plugin_registry_load_default:
 * @self: a #VneidPluginRegistry
 *
 * Loads the plugins of each folder of the `VNEID_PLUGIN_PATH` environment
 * variable (`:`-separated; empty entries are ignored), then of the
 * installed plugin folder, `$libdir/vneid-1/plugins`, with
 * [method@Vneid.PluginRegistry.load_path]. Two plugins with one name or
 * form id: the installed one is kept, else neither (class description).
 *
 * Since: 0.1
 */
void
vneid_plugin_registry_load_default (VneidPluginRegistry *self)
{
  const char *env;

  g_return_if_fail (VNEID_IS_PLUGIN_REGISTRY (self));

  env = g_getenv ("VNEID_PLUGIN_PATH");
  if (env != NULL)
    {
      g_auto(GStrv) folders = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);

      for (gsize i = 0; folders[i] != NULL; i++)
        if (folders[i][0] != '\0')
          vneid_plugin_registry_load_path (self, folders[i]);
    }

  vneid_plugin_registry_load_path (self, VNEID_PLUGIN_DIR);
}

/* ---- using ----------------------------------------------------------------- */

/**
 * vneid_plugin_registry_lookup:
 * @self: a #VneidPluginRegistry
 * @form_id: a form id, such as `vn.bca.ct01`
 *
 * The mapper that fills @form_id.
 *
 * Returns: (transfer none) (nullable): the mapper, or %NULL if no plugin
 *   fills that form
 *
 * Since: 0.1
 */
VneidFormMapper *
vneid_plugin_registry_lookup (VneidPluginRegistry *self,
                              const char          *form_id)
{
  FormEntry *entry;

  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);

  entry = g_hash_table_lookup (self->forms, form_id);
  return entry ? entry->mapper : NULL;
}

static char **
sorted_keys (GHashTable *table)
{
  char **keys = (char **) g_hash_table_get_keys_as_array (table, NULL);

  /* The table owns the strings; the caller gets copies. */
  for (gsize i = 0; keys[i] != NULL; i++)
    keys[i] = g_strdup (keys[i]);
  qsort (keys, g_strv_length (keys), sizeof (char *), compare_strings);
  return keys;
}

/**
 * vneid_plugin_registry_list_forms:
 * @self: a #VneidPluginRegistry
 *
 * The ids of the forms the registry can fill, sorted.
 *
 * Returns: (transfer full) (array zero-terminated=1): the form ids
 *
 * Since: 0.1
 */
char **
vneid_plugin_registry_list_forms (VneidPluginRegistry *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), NULL);

  return sorted_keys (self->forms);
}

/**
 * vneid_plugin_registry_list_plugins:
 * @self: a #VneidPluginRegistry
 *
 * The names of the plugins that loaded, sorted. Mappers registered at run
 * time belong to no plugin.
 *
 * Returns: (transfer full) (array zero-terminated=1): the plugin names
 *
 * Since: 0.1
 */
char **
vneid_plugin_registry_list_plugins (VneidPluginRegistry *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), NULL);

  return sorted_keys (self->plugins);
}

/**
 * vneid_plugin_registry_get_plugin_info:
 * @self: a #VneidPluginRegistry
 * @name: a plugin's name, as [method@Vneid.PluginRegistry.list_plugins]
 *   gives it
 *
 * What the key file of the loaded plugin @name says: its version,
 * description and forms, and the folder it came from.
 *
 * Returns: (transfer none) (nullable): the plugin's info, or %NULL if no
 *   plugin of that name loaded
 *
 * Since: 0.2
 */
VneidPluginInfo *
vneid_plugin_registry_get_plugin_info (VneidPluginRegistry *self,
                                       const char          *name)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->plugins, name);
}

/**
 * vneid_plugin_registry_list_errors:
 * @self: a #VneidPluginRegistry
 *
 * Why the plugins that were skipped did not load, one message each in the
 * order they were found: `PLUGIN_FOLDER: what is wrong`.
 *
 * Returns: (transfer full) (array zero-terminated=1): the messages
 *
 * Since: 0.1
 */
char **
vneid_plugin_registry_list_errors (VneidPluginRegistry *self)
{
  char **errors;

  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), NULL);

  errors = g_new0 (char *, self->errors->len + 1);
  for (guint i = 0; i < self->errors->len; i++)
    errors[i] = g_strdup (self->errors->pdata[i]);
  return errors;
}

/**
 * vneid_plugin_registry_fill:
 * @self: a #VneidPluginRegistry
 * @form_id: a form id, such as `vn.bca.ct01`
 * @profile: the citizen's verified profile
 * @error: return location for a #GError
 *
 * Fills form @form_id from @profile with its mapper, see
 * [method@Vneid.FormMapper.fill].
 *
 * Returns: (transfer full): the filled form, or %NULL with @error:
 *   %VNEID_FORM_ERROR_UNKNOWN_FORM if no plugin fills @form_id, or the
 *   mapper's error
 *
 * Since: 0.1
 */
VneidFilledForm *
vneid_plugin_registry_fill (VneidPluginRegistry  *self,
                            const char           *form_id,
                            VneidProfile         *profile,
                            GError              **error)
{
  VneidFormMapper *mapper;

  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);
  g_return_val_if_fail (VNEID_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mapper = vneid_plugin_registry_lookup (self, form_id);
  if (mapper == NULL)
    {
      g_autofree char *shown = g_strescape (form_id, NULL);

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_UNKNOWN_FORM,
                   "no plugin fills form “%s”", shown);
      return NULL;
    }
  return vneid_form_mapper_fill (mapper, profile, error);
}
