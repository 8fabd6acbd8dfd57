/* vneid-forms.c: `vneid forms`, the form plugins and the forms they fill
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

/* ---- vneid forms ---------------------------------------------------------- */

static guint
count_fields (VneidFormSchema *schema)
{
  return vneid_form_schema_get_fields (schema)->len;
}

/* The plugin that provides @form_id, or NULL for a mapper registered at
 * run time. */
static const char *
find_plugin (VneidPluginRegistry *registry,
             char               **plugins,
             const char          *form_id)
{
  for (char **name = plugins; *name != NULL; name++)
    {
      VneidPluginInfo *info = vneid_plugin_registry_get_plugin_info (registry, *name);

      if (g_strv_contains (vneid_plugin_info_get_forms (info), form_id))
        return *name;
    }
  return NULL;
}

static void
add_plugin_info (JsonBuilder     *builder,
                 VneidPluginInfo *info)
{
  const char *module = vneid_plugin_info_get_module_name (info);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, vneid_plugin_info_get_name (info));
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, vneid_plugin_info_get_version (info));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, vneid_plugin_info_get_description (info));
  json_builder_set_member_name (builder, "forms");
  json_builder_begin_array (builder);
  for (const char * const *id = vneid_plugin_info_get_forms (info); *id != NULL; id++)
    json_builder_add_string_value (builder, *id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "folder");
  json_builder_add_string_value (builder, vneid_plugin_info_get_folder (info));
  json_builder_set_member_name (builder, "module");
  if (module != NULL)
    json_builder_add_string_value (builder, module);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static JsonNode *
forms_to_json (VneidPluginRegistry *registry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) plugins = vneid_plugin_registry_list_plugins (registry);
  g_auto(GStrv) forms = vneid_plugin_registry_list_forms (registry);
  g_auto(GStrv) errors = vneid_plugin_registry_list_errors (registry);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "plugins");
  json_builder_begin_array (builder);
  for (char **name = plugins; *name != NULL; name++)
    json_builder_add_string_value (builder, *name);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "plugin_info");
  json_builder_begin_array (builder);
  for (char **name = plugins; *name != NULL; name++)
    add_plugin_info (builder, vneid_plugin_registry_get_plugin_info (registry, *name));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "forms");
  json_builder_begin_array (builder);
  for (char **id = forms; *id != NULL; id++)
    {
      VneidFormSchema *schema = vneid_form_mapper_get_schema (vneid_plugin_registry_lookup (registry, *id));
      const char *plugin = find_plugin (registry, plugins, *id);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, *id);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, vneid_form_schema_get_version (schema));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, vneid_form_schema_get_title (schema));
      json_builder_set_member_name (builder, "authority");
      json_builder_add_string_value (builder, vneid_form_schema_get_authority (schema));
      json_builder_set_member_name (builder, "min_level");
      json_builder_add_int_value (builder, vneid_form_schema_get_min_level (schema));
      json_builder_set_member_name (builder, "fields");
      json_builder_add_int_value (builder, count_fields (schema));
      json_builder_set_member_name (builder, "plugin");
      if (plugin != NULL)
        json_builder_add_string_value (builder, plugin);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (char **message = errors; *message != NULL; message++)
    json_builder_add_string_value (builder, *message);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* "Plugins (N): a, b", then one row per plugin: name, version, kind,
 * forms, description. */
static void
print_plugins (VneidPluginRegistry *registry)
{
  static const char * const headings[] = { "PLUGIN", "VERSION", "KIND", "FORMS", "DESCRIPTION" };
  static const guint max_widths[] = { 40, 16, 11, 60, 80 };
  g_auto(GStrv) plugins = vneid_plugin_registry_list_plugins (registry);
  g_autofree char *plugin_list = g_strjoinv (", ", plugins);
  g_autofree char *plugin_line = g_strdup_printf ("Plugins (%u): %s", g_strv_length (plugins), plugin_list);
  g_autoptr(VneidToolTable) table = vneid_tool_table_new (headings, max_widths, G_N_ELEMENTS (headings));

  /* Plugin names are plain ([A-Za-z0-9._-]); the other texts of key files
   * are made printable by the table's cells. */
  vneid_tool_print_line (plugin_line);
  for (char **name = plugins; *name != NULL; name++)
    {
      VneidPluginInfo *info = vneid_plugin_registry_get_plugin_info (registry, *name);
      g_autofree char *forms = g_strjoinv (", ", (char **) vneid_plugin_info_get_forms (info));
      const char *cells[] = {
        *name, vneid_plugin_info_get_version (info),
        vneid_plugin_info_get_module_name (info) != NULL ? "C module" : "declarative",
        forms, vneid_plugin_info_get_description (info),
      };

      vneid_tool_table_add_row (table, cells);
    }
  vneid_tool_table_print (table, "");
}

static void
print_forms (VneidPluginRegistry *registry)
{
  static const char * const headings[] = { "FORM", "LEVEL", "FIELDS", "TITLE", "AUTHORITY" };
  static const guint max_widths[] = { 40, 5, 6, 60, 60 };
  g_autoptr(VneidToolTable) table = vneid_tool_table_new (headings, max_widths, G_N_ELEMENTS (headings));
  g_auto(GStrv) forms = vneid_plugin_registry_list_forms (registry);

  for (char **id = forms; *id != NULL; id++)
    {
      VneidFormSchema *schema = vneid_form_mapper_get_schema (vneid_plugin_registry_lookup (registry, *id));
      g_autofree char *level = g_strdup_printf ("%u", vneid_form_schema_get_min_level (schema));
      g_autofree char *count = g_strdup_printf ("%u", count_fields (schema));
      const char *cells[] = {
        *id, level, count, vneid_form_schema_get_title (schema), vneid_form_schema_get_authority (schema),
      };

      vneid_tool_table_add_row (table, cells);
    }
  vneid_tool_table_print (table, "");
}

/* ---- vneid forms --check ---------------------------------------------------- */

/* Whether @folder is a plugin folder itself (it holds a .plugin key file),
 * rather than a folder of plugin folders. */
static gboolean
is_plugin_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".plugin"))
      return TRUE;
  return FALSE;
}

/* Loads each of @folders strictly: every reason a plugin is skipped goes to
 * standard error, and the command fails when any plugin is skipped. */
static gboolean
check_plugins (char       **folders,
               gboolean     declarative_only,
               GError     **error)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) plugins = NULL;
  g_autofree char *summary = NULL;

  vneid_plugin_registry_set_declarative_only (registry, declarative_only);
  for (char **folder = folders; *folder != NULL; folder++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!g_file_test (*folder, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (skipped, g_strdup_printf ("%s: not a folder", *folder));
      else if (!is_plugin_folder (*folder))
        vneid_plugin_registry_load_path (registry, *folder);
      else if (!vneid_plugin_registry_load_plugin (registry, *folder, &local_error))
        g_ptr_array_add (skipped, g_strdup (local_error->message));
    }
  errors = vneid_plugin_registry_list_errors (registry);
  for (char **message = errors; *message != NULL; message++)
    g_ptr_array_add (skipped, g_strdup (*message));

  for (guint i = 0; i < skipped->len; i++)
    {
      g_autofree char *line = vneid_tool_printable (skipped->pdata[i]);

      fprintf (stderr, "vneid: plugin skipped: %s\n", line);
    }
  plugins = vneid_plugin_registry_list_plugins (registry);
  summary = g_strdup_printf ("%u plugin(s) loaded, %u skipped", g_strv_length (plugins), skipped->len);
  vneid_tool_print_line (summary);
  if (skipped->len > 0 || plugins[0] == NULL)
    {
      if (skipped->len > 0)
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                     "check failed: %u plugin(s) skipped", skipped->len);
      else
        g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                             "check failed: no plugin found");
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_forms (const VneidCommand  *command,
           char               **args,
           GError             **error)
{
  gboolean json = FALSE;
  gboolean declarative_only = FALSE;
  gboolean check = FALSE;
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Load the plugins in the folders DIR… only, print every reason one is skipped, and fail (exit 1) if any is", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the plugins and forms as one JSON object on one line", NULL },
    { "declarative-only", 0, 0, G_OPTION_ARG_NONE, &declarative_only, "Load declarative (JSON) plugins only: refuse, unopened, any plugin that ships code", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidPluginRegistry) registry = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error))
    return FALSE;
  if (check)
    {
      if (args[1] == NULL)
        {
          g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                               "--check needs at least one plugin folder");
          return FALSE;
        }
      return check_plugins (args + 1, declarative_only, error);
    }
  if (!vneid_tool_check_arguments (args, 0, 0, error))
    return FALSE;
  registry = vneid_tool_load_plugins_full (NULL, declarative_only, error);
  if (registry == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonNode) root = forms_to_json (registry);

      vneid_tool_print_json (root);
      return TRUE;
    }
  print_plugins (registry);
  vneid_tool_print_line ("");
  print_forms (registry);
  return TRUE;
}

const VneidCommand vneid_command_forms = {
  .name = "forms",
  .parameter_string = "[--check DIR…]",
  .summary = "List the form plugins and the forms they fill, or check plugins.",
  .description =
    "Loads the form plugins from each folder of VNEID_PLUGIN_PATH (':'-separated),\n"
    "then from the installed plugin folder, and lists the plugins that loaded\n"
    "(name, version, kind, forms and description, from their .plugin key\n"
    "files) and their forms: id, the VNeID account level the form needs, the\n"
    "number of fields, title and authority. A broken plugin is skipped and\n"
    "reported on standard error as \"vneid: warning: plugin skipped: FOLDER:\n"
    "why\". With --json: {\"plugins\": [NAME…], \"plugin_info\": [{\"name\",\n"
    "\"version\", \"description\", \"forms\", \"folder\", \"module\"}],\n"
    "\"forms\": [{\"id\", \"version\", \"title\", \"authority\", \"min_level\",\n"
    "\"fields\", \"plugin\"}], \"errors\"} on one line.\n"
    "With --declarative-only, a plugin that ships code (Module= in its key\n"
    "file) is refused and reported without being opened, as a portal loading\n"
    "plugins from others should.\n"
    "\n"
    "With --check DIR…, for a plugin author's tests: loads only the plugins in\n"
    "the folders given (a plugin folder, or a folder of plugin folders), prints\n"
    "every reason a plugin is skipped as \"vneid: plugin skipped: FOLDER: why\"\n"
    "on standard error and \"N plugin(s) loaded, M skipped\" on standard\n"
    "output, and exits 1 if any plugin was skipped (or none was found).\n"
    "\n"
    "Exit status: 0 at least one plugin loaded (with --check: every plugin\n"
    "loaded), 1 otherwise, 2 usage error.\n"
    "\n"
    "Example:\n"
    "  VNEID_PLUGIN_PATH=build/plugins vneid forms\n"
    "  vneid forms --check my-plugin\n",
  .run = run_forms,
};

/* ---- vneid claims ---------------------------------------------------------- */

/* One row per claim path a mapping may name: the path, the credential
 * types that carry it, and whether it is a date. */
static gboolean
run_claims (const VneidCommand  *command,
            char               **args,
            GError             **error)
{
  static const char * const headings[] = { "PATH", "DATE", "VCT" };
  static const guint max_widths[] = { 60, 4, 120 };
  g_autoptr(VneidToolTable) table = NULL;
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_check_arguments (args, 0, 0, error))
    return FALSE;
  table = vneid_tool_table_new (headings, max_widths, G_N_ELEMENTS (headings));
  for (const char * const *path = vneid_claims_list_paths (); *path != NULL; path++)
    {
      g_auto(GStrv) vcts = vneid_claims_list_vcts_for_path (*path);
      g_autofree char *vct_list = g_strjoinv (", ", vcts);
      const char *cells[] = { *path, vneid_claims_is_date (*path) ? "yes" : "", vct_list };

      vneid_tool_table_add_row (table, cells);
    }
  vneid_tool_table_print (table, "");
  return TRUE;
}

const VneidCommand vneid_command_claims = {
  .name = "claims",
  .parameter_string = NULL,
  .summary = "List the claim paths a form mapping may name.",
  .description =
    "Lists every claim path of the claim registry (docs/claims.md), one per\n"
    "line: the path a declarative mapping names in from, first_of or join,\n"
    "whether it is a date, and the credential types (vct) that carry it.\n"
    "\n"
    "Exit status: 0, 2 usage error.\n"
    "\n"
    "Example:\n"
    "  vneid claims | grep birth\n",
  .run = run_claims,
};
