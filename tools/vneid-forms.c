/* vneid-forms.c: `vneid forms` and `vneid fill`, e-government forms filled from a verified profile
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

/* ---- plugins ------------------------------------------------------------ */

VneidPluginRegistry *
vneid_tool_load_plugins (const char  *folder,
                         GError     **error)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) plugins = NULL;

  if (folder != NULL)
    {
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                       "%s: not a folder of form plugins", folder);
          return NULL;
        }
      vneid_plugin_registry_load_path (registry, folder);
    }
  else
    vneid_plugin_registry_load_default (registry);

  errors = vneid_plugin_registry_list_errors (registry);
  for (char **message = errors; *message != NULL; message++)
    {
      g_autofree char *line = g_strdup (*message);

      g_strdelimit (line, "\r\n", ' ');
      fprintf (stderr, "vneid: warning: plugin skipped: %s\n", line);
    }

  plugins = vneid_plugin_registry_list_plugins (registry);
  if (plugins[0] == NULL)
    {
      if (folder != NULL)
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                     "no form plugin loaded from %s", folder);
      else
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                     "no form plugin loaded from VNEID_PLUGIN_PATH (%s) nor from the installed "
                     "plugin folder", g_getenv ("VNEID_PLUGIN_PATH") ? g_getenv ("VNEID_PLUGIN_PATH") : "unset");
      return NULL;
    }
  return g_steal_pointer (&registry);
}

static VneidFormMapper *
lookup_mapper (VneidPluginRegistry  *registry,
               const char           *form_id,
               GError              **error)
{
  VneidFormMapper *mapper = vneid_plugin_registry_lookup (registry, form_id);
  g_auto(GStrv) forms = NULL;
  g_autofree char *known = NULL;

  if (mapper != NULL)
    return mapper;
  forms = vneid_plugin_registry_list_forms (registry);
  known = g_strjoinv (", ", forms);
  g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
               "no plugin fills the form “%s” (known forms: %s)", form_id, known);
  return NULL;
}

static GParamSpec *
find_construct_property (VneidFormMapper *mapper,
                         const char      *name,
                         GType            value_type)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (mapper), name);

  if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE) ||
      !(pspec->flags & (G_PARAM_CONSTRUCT | G_PARAM_CONSTRUCT_ONLY)) ||
      !g_type_is_a (value_type, G_PARAM_SPEC_VALUE_TYPE (pspec)))
    return NULL;
  return pspec;
}

gboolean
vneid_tool_mapper_has_visit_date (VneidFormMapper *mapper)
{
  return find_construct_property (mapper, "visit-date", VNEID_TYPE_DATE) != NULL;
}

VneidFormMapper *
vneid_tool_configure_mapper (VneidPluginRegistry  *registry,
                             const char           *form_id,
                             const char           *facility_code,
                             const VneidDate      *visit_date,
                             GError              **error)
{
  VneidFormMapper *mapper = lookup_mapper (registry, form_id, error);
  const char *names[2];
  GValue values[2] = { G_VALUE_INIT, G_VALUE_INIT };
  guint n = 0;
  GObject *configured;

  if (mapper == NULL)
    return NULL;
  if (facility_code == NULL && visit_date == NULL)
    return g_object_ref (mapper);

  /* Construct-only properties: a mapper never changes once made, so the
   * registry's instance is left alone and a configured one made beside it
   * (plugins/bhyt-checkin/README.md). */
  if (facility_code != NULL)
    {
      if (find_construct_property (mapper, "facility-code", G_TYPE_STRING) == NULL)
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                       "--facility-code: the form %s has no facility code to set", form_id);
          return NULL;
        }
      names[n] = "facility-code";
      g_value_init (&values[n], G_TYPE_STRING);
      g_value_set_string (&values[n], facility_code);
      n++;
    }
  if (visit_date != NULL)
    {
      if (!vneid_tool_mapper_has_visit_date (mapper))
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                       "--visit-date: the form %s has no visit date to set", form_id);
          for (guint i = 0; i < n; i++)
            g_value_unset (&values[i]);
          return NULL;
        }
      names[n] = "visit-date";
      g_value_init (&values[n], VNEID_TYPE_DATE);
      g_value_set_boxed (&values[n], visit_date);
      n++;
    }

  configured = g_object_new_with_properties (G_OBJECT_TYPE (mapper), n, names, values);
  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);
  return VNEID_FORM_MAPPER (configured);
}

/* ---- fields, for people ------------------------------------------------- */

/* "household_members[0].full_name" → 0, or -1 for a field outside rows */
static int
row_index (VneidFilledField *field)
{
  const char *bracket = strchr (vneid_filled_field_get_name (field), '[');

  return bracket != NULL ? (int) g_ascii_strtoull (bracket + 1, NULL, 10) : -1;
}

static gboolean
is_group (VneidFilledField *field)
{
  return vneid_form_field_get_field_type (vneid_filled_field_get_field (field)) == VNEID_FIELD_TYPE_GROUP;
}

char *
vneid_tool_field_label (VneidFilledField *field)
{
  const char *label = vneid_form_field_get_label (vneid_filled_field_get_field (field));
  int row = row_index (field);

  if (row < 0)
    return g_strdup (label);
  return g_strdup_printf ("  #%d %s", row + 1, label);
}

/* The value as printed on the form, an enum's code with its label. */
char *
vneid_tool_field_value (VneidFilledField *field)
{
  VneidFormField *schema_field = vneid_filled_field_get_field (field);
  const char *value = vneid_filled_field_get_value (field);
  const char *label;

  if (value == NULL)
    return g_strdup ("");
  if (vneid_form_field_get_field_type (schema_field) == VNEID_FIELD_TYPE_ENUM &&
      (label = vneid_form_field_get_enum_label (schema_field, value)) != NULL)
    return g_strdup_printf ("%s (%s)", value, label);
  return g_strdup (value);
}

char *
vneid_tool_field_source (VneidFilledField *field,
                         gboolean          with_vct)
{
  GPtrArray *sources = vneid_filled_field_get_sources (field);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      VneidAttribute *attribute = g_ptr_array_index (sources, i);
      const char *kind = vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute));
      char *part = with_vct ? g_strdup_printf ("%s %s", kind, vneid_attribute_get_vct (attribute))
                            : g_strdup (kind);

      if (g_ptr_array_find_with_equal_func (parts, part, g_str_equal, NULL))
        g_free (part);
      else
        g_ptr_array_add (parts, part);
    }
  if (parts->len > 0)
    {
      g_ptr_array_add (parts, NULL);
      return g_strjoinv (", ", (char **) parts->pdata);
    }

  switch (vneid_filled_field_get_status (field))
    {
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
      /* A value with no profile attribute behind it: the mapper's own. */
      return g_strdup ("constant");
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
      return g_strdup ("level-2 account needed");
    case VNEID_FIELD_STATUS_VERIFIED:
    case VNEID_FIELD_STATUS_INVALID:
      return g_strdup ("");
    case VNEID_FIELD_STATUS_MISSING:
    default:
      return g_strdup ("typed by the citizen");
    }
}

static char *
missing_labels (VneidFilledForm *form)
{
  g_auto(GStrv) missing = vneid_filled_form_list_missing (form);
  g_autoptr(GString) text = g_string_new (NULL);

  for (char **name = missing; *name != NULL; name++)
    {
      VneidFilledField *field = vneid_filled_form_lookup (form, *name);
      g_autofree char *label = field != NULL ? vneid_tool_field_label (field) : g_strdup (*name);

      g_strstrip (label);
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
percent (double share)
{
  return (int) (share * 100 + 0.5);
}

/* ---- vneid forms ---------------------------------------------------------- */

static guint
count_fields (VneidFormSchema *schema)
{
  return vneid_form_schema_get_fields (schema)->len;
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

  json_builder_set_member_name (builder, "forms");
  json_builder_begin_array (builder);
  for (char **id = forms; *id != NULL; id++)
    {
      VneidFormSchema *schema = vneid_form_mapper_get_schema (vneid_plugin_registry_lookup (registry, *id));

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

static gboolean
run_forms (const VneidCommand  *command,
           char               **args,
           GError             **error)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the plugins and forms as one JSON object on one line", NULL },
    G_OPTION_ENTRY_NULL
  };
  static const char * const headings[] = { "FORM", "LEVEL", "FIELDS", "TITLE", "AUTHORITY" };
  static const guint max_widths[] = { 40, 5, 6, 60, 60 };
  g_autoptr(VneidPluginRegistry) registry = NULL;
  g_autoptr(VneidToolTable) table = NULL;
  g_auto(GStrv) plugins = NULL;
  g_auto(GStrv) forms = NULL;
  g_autofree char *plugin_list = NULL;
  g_autofree char *plugin_line = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_check_arguments (args, 0, 0, error))
    return FALSE;
  registry = vneid_tool_load_plugins (NULL, error);
  if (registry == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonNode) root = forms_to_json (registry);

      vneid_tool_print_json (root);
      return TRUE;
    }

  plugins = vneid_plugin_registry_list_plugins (registry);
  forms = vneid_plugin_registry_list_forms (registry);
  plugin_list = g_strjoinv (", ", plugins);
  plugin_line = g_strdup_printf ("Plugins (%u): %s\n", g_strv_length (plugins), plugin_list);
  vneid_tool_print_line (plugin_line);

  table = vneid_tool_table_new (headings, max_widths, G_N_ELEMENTS (headings));
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
  return TRUE;
}

const VneidCommand vneid_command_forms = {
  .name = "forms",
  .parameter_string = NULL,
  .summary = "List the form plugins and the forms they fill.",
  .description =
    "Loads the form plugins from each folder of VNEID_PLUGIN_PATH (':'-separated),\n"
    "then from the installed plugin folder, and lists the plugins that loaded\n"
    "and their forms: id, the VNeID account level the form needs, the number\n"
    "of fields, title and authority. A broken plugin is skipped and reported\n"
    "on standard error as \"vneid: warning: plugin skipped: FOLDER: why\".\n"
    "With --json: {\"plugins\", \"forms\": [{\"id\", \"version\", \"title\",\n"
    "\"authority\", \"min_level\", \"fields\"}], \"errors\"} on one line.\n"
    "\n"
    "Exit status: 0 at least one plugin loaded, 1 none did, 2 usage error.\n"
    "\n"
    "Example:\n"
    "  VNEID_PLUGIN_PATH=build/plugins vneid forms\n",
  .run = run_forms,
};

/* ---- vneid fill: the table ------------------------------------------------ */

#define READ_ONLY_MARK "[RO]"

static void
print_form_header (VneidFilledForm *form,
                   VneidProfile    *profile,
                   const char      *facility_code,
                   const VneidDate *visit_date)
{
  VneidFormSchema *schema = vneid_filled_form_get_schema (form);
  const char *name = vneid_profile_get_name (profile);
  const char *number = vneid_profile_get_personal_administrative_number (profile);
  g_autofree char *title = vneid_tool_make_cell (vneid_form_schema_get_title (schema), 120);
  g_autofree char *authority = vneid_tool_make_cell (vneid_form_schema_get_authority (schema), 120);
  g_autofree char *citizen = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) clinic = g_string_new (NULL);

  citizen = g_strdup_printf ("%s, %s, VNeID level %u", name != NULL ? name : "(name not disclosed)",
                             number != NULL ? number : "(number not disclosed)",
                             vneid_filled_form_get_level (form));
  {
    g_autofree char *cell = vneid_tool_make_cell (citizen, 120);

    g_free (citizen);
    citizen = g_steal_pointer (&cell);
  }
  if (visit_date != NULL)
    {
      g_autofree char *day = vneid_date_to_string (visit_date);

      g_string_append_printf (clinic, "  visit date   %s\n", day);
    }
  if (facility_code != NULL)
    {
      g_autofree char *code = vneid_tool_make_cell (facility_code, 40);

      g_string_append_printf (clinic, "  facility     %s (the clinic's BHYT facility code)\n", code);
    }

  text = g_strdup_printf ("%s\n"
                          "  form         %s, version %s, for VNeID level %u and up\n"
                          "  authority    %s\n"
                          "  citizen      %s\n"
                          "%s",
                          title, vneid_form_schema_get_id (schema), vneid_form_schema_get_version (schema),
                          vneid_form_schema_get_min_level (schema), authority, citizen, clinic->str);
  vneid_tool_print_line (text);
  if (vneid_form_schema_get_min_level (schema) > vneid_filled_form_get_level (form))
    {
      g_autofree char *note = g_strdup_printf ("This form needs a level-%u VNeID account; the profile is level %u,\n"
                                               "so nothing on it was filled from the profile.\n",
                                               vneid_form_schema_get_min_level (schema),
                                               vneid_filled_form_get_level (form));

      vneid_tool_print_line (note);
    }
}

static void
print_form_table (VneidFilledForm *form)
{
  static const char * const headings[] = { "", "FIELD", "VALUE", "STATUS", "SOURCE" };
  static const guint max_widths[] = { 4, 50, 50, 13, 90 };
  g_autoptr(VneidToolTable) table = vneid_tool_table_new (headings, max_widths, G_N_ELEMENTS (headings));
  GPtrArray *fields = vneid_filled_form_get_fields (form);
  g_autofree char *missing = missing_labels (form);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);
      g_autofree char *label = vneid_tool_field_label (field);
      g_autofree char *value = vneid_tool_field_value (field);
      g_autofree char *source = vneid_tool_field_source (field, TRUE);
      const char *message = vneid_filled_field_get_message (field);
      g_autofree char *note = NULL;
      const char *cells[5];

      if (vneid_form_field_get_required (vneid_filled_field_get_field (field)))
        {
          char *starred = g_strconcat (label, " *", NULL);

          g_free (label);
          label = starred;
        }
      /* A field that needs level 2 says why; others add the why to where. */
      if (message != NULL && *message != '\0')
        note = *source != '\0' && vneid_filled_field_get_status (field) != VNEID_FIELD_STATUS_NEEDS_LEVEL_2
          ? g_strdup_printf ("%s: %s", source, message) : g_strdup (message);
      cells[0] = vneid_filled_field_get_read_only (field) ? READ_ONLY_MARK : "";
      cells[1] = label;
      cells[2] = value;
      cells[3] = vneid_field_status_to_string (vneid_filled_field_get_status (field));
      cells[4] = note != NULL ? note : source;
      vneid_tool_table_add_row (table, cells);
    }
  vneid_tool_table_print (table, "");

  summary = g_strdup_printf ("\n" READ_ONLY_MARK " verified by a government source: read-only on the form.  * required\n"
                             "Still to type: %s\n"
                             "Completeness: %d%% of the required fields filled",
                             *missing != '\0' ? missing : "nothing, every required field is filled",
                             percent (vneid_filled_form_get_completeness (form)));
  vneid_tool_print_line (summary);
}

/* ---- vneid fill: the HTML page --------------------------------------------- */

static const char html_style[] =
  "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;"
  "background:#f3f5f8;color:#1c2430;margin:0;padding:2rem 1rem;line-height:1.45}\n"
  "main{max-width:46rem;margin:0 auto;background:#fff;border:1px solid #d5dbe3;border-radius:8px;"
  "padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}\n"
  "header{border-bottom:2px solid #b3261e;margin-bottom:1.25rem;padding-bottom:.75rem}\n"
  ".authority{font-size:.85rem;color:#5a6675;margin:0;text-transform:uppercase;letter-spacing:.02em}\n"
  "h1{font-size:1.35rem;margin:.35rem 0}\n"
  ".meta{font-size:.85rem;color:#5a6675;margin:.25rem 0 0}\n"
  ".field{margin:0 0 1rem}\n"
  "label{display:block;font-weight:600;font-size:.95rem;margin-bottom:.2rem}\n"
  ".req{color:#b3261e;margin-left:.2rem}\n"
  ".row{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}\n"
  "input{flex:1;min-width:14rem;font:inherit;padding:.4rem .55rem;border:1px solid #aab4c0;border-radius:4px;background:#fff}\n"
  "input[readonly]{background:#eef6ef;border-color:#7bb487;color:#123c1c}\n"
  ".s-invalid input{border-color:#b3261e;background:#fdf0ef}\n"
  ".badge{font-size:.75rem;font-weight:600;padding:.15rem .5rem;border-radius:999px;white-space:nowrap}\n"
  ".b-verified{background:#1e7b34;color:#fff}\n"
  ".b-self-asserted{background:#fff4d6;color:#6b4e00;border:1px solid #e5c766}\n"
  ".b-missing{background:#eef1f5;color:#3d4957;border:1px solid #c4ccd6}\n"
  ".b-needs-level-2{background:#e8eefc;color:#1d3d8f;border:1px solid #a9bbef}\n"
  ".b-invalid{background:#b3261e;color:#fff}\n"
  ".enum{font-size:.85rem;color:#3d4957}\n"
  ".caption{font-size:.75rem;color:#5a6675;margin:.2rem 0 0}\n"
  ".hint{font-size:.8rem;color:#3d4957;margin:.2rem 0 0}\n"
  ".note{font-size:.8rem;margin:.25rem 0 0;padding:.3rem .5rem;border-left:3px solid #1d3d8f;background:#f2f5fd}\n"
  ".s-invalid .note{border-color:#b3261e;background:#fdf0ef}\n"
  "fieldset{border:1px solid #d5dbe3;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem}\n"
  "legend{font-weight:600;padding:0 .3rem}\n"
  "footer{border-top:1px solid #d5dbe3;margin-top:1.5rem;padding-top:.75rem;font-size:.85rem;color:#3d4957}\n";

/* g_markup_escape_text() covers & < > ' " and so both text and attributes. */
static void
append_escaped (GString    *page,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (page, escaped);
}

static void
append_badge (GString          *page,
              VneidFilledField *field)
{
  const char *status = vneid_field_status_to_string (vneid_filled_field_get_status (field));
  const char *text;

  switch (vneid_filled_field_get_status (field))
    {
    case VNEID_FIELD_STATUS_VERIFIED:
      text = "Đã xác thực / verified";
      break;
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
      text = "Tự khai / self-asserted";
      break;
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
      text = "Cần tài khoản mức 2 / needs level 2";
      break;
    case VNEID_FIELD_STATUS_INVALID:
      text = "Không hợp lệ / invalid";
      break;
    case VNEID_FIELD_STATUS_MISSING:
    default:
      text = "Cần nhập / to type";
      break;
    }
  g_string_append_printf (page, "<span class=\"badge b-%s\">%s</span>", status, text);
}

static void
append_provenance (GString          *page,
                   VneidFilledField *field)
{
  GPtrArray *sources = vneid_filled_field_get_sources (field);

  if (sources == NULL || sources->len == 0)
    {
      if (vneid_filled_field_get_status (field) == VNEID_FIELD_STATUS_SELF_ASSERTED)
        g_string_append (page, "<p class=\"caption\">Nguồn / source: giá trị cố định của mẫu / constant</p>\n");
      return;
    }
  g_string_append (page, "<p class=\"caption\">Nguồn / source: ");
  for (guint i = 0; i < sources->len; i++)
    {
      VneidAttribute *attribute = g_ptr_array_index (sources, i);

      if (i > 0)
        g_string_append (page, "; ");
      append_escaped (page, vneid_attribute_get_path (attribute));
      g_string_append (page, " — ");
      append_escaped (page, vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute)));
      g_string_append (page, ", ");
      append_escaped (page, vneid_attribute_get_vct (attribute));
      g_string_append (page, ", issuer ");
      append_escaped (page, vneid_attribute_get_issuer (attribute));
    }
  g_string_append (page, "</p>\n");
}

static void
append_field (GString          *page,
              VneidFilledField *field)
{
  VneidFormField *schema_field = vneid_filled_field_get_field (field);
  VneidFieldStatus status = vneid_filled_field_get_status (field);
  const char *value = vneid_filled_field_get_value (field);
  const char *message = vneid_filled_field_get_message (field);
  g_autofree char *label = vneid_tool_field_label (field);
  g_autofree char *id = g_strconcat ("f-", vneid_filled_field_get_name (field), NULL);
  const char *enum_label = NULL;

  g_strstrip (label);
  g_string_append_printf (page, "<div class=\"field s-%s\">\n<label for=\"", vneid_field_status_to_string (status));
  append_escaped (page, id);
  g_string_append (page, "\">");
  append_escaped (page, label);
  if (vneid_form_field_get_required (schema_field))
    g_string_append (page, "<span class=\"req\" title=\"bắt buộc / required\">*</span>");
  g_string_append (page, "</label>\n<div class=\"row\"><input type=\"text\" id=\"");
  append_escaped (page, id);
  g_string_append (page, "\" name=\"");
  append_escaped (page, vneid_filled_field_get_name (field));
  g_string_append (page, "\" value=\"");
  append_escaped (page, value);
  g_string_append (page, "\"");
  if (vneid_filled_field_get_read_only (field))
    g_string_append (page, " readonly");
  if (value == NULL)
    g_string_append (page, " placeholder=\"Công dân tự nhập / to be typed by the citizen\"");
  g_string_append (page, ">");
  if (value != NULL && vneid_form_field_get_field_type (schema_field) == VNEID_FIELD_TYPE_ENUM)
    enum_label = vneid_form_field_get_enum_label (schema_field, value);
  if (enum_label != NULL)
    {
      g_string_append (page, "<span class=\"enum\">= ");
      append_escaped (page, enum_label);
      g_string_append (page, "</span>");
    }
  append_badge (page, field);
  g_string_append (page, "</div>\n");

  switch (status)
    {
    case VNEID_FIELD_STATUS_MISSING:
      g_string_append (page, "<p class=\"hint\">Chưa có trong hồ sơ đã xác thực — công dân tự nhập / not in the verified profile: the citizen types it");
      if (message != NULL)
        {
          g_string_append (page, " (");
          append_escaped (page, message);
          g_string_append (page, ")");
        }
      g_string_append (page, "</p>\n");
      break;
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
    case VNEID_FIELD_STATUS_INVALID:
      g_string_append (page, "<p class=\"note\">");
      append_escaped (page, message != NULL ? message : "");
      g_string_append (page, "</p>\n");
      break;
    case VNEID_FIELD_STATUS_VERIFIED:
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
    default:
      break;
    }
  if (status != VNEID_FIELD_STATUS_MISSING && status != VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    append_provenance (page, field);
  g_string_append (page, "</div>\n");
}

static char *
form_to_html (VneidFilledForm *form,
              VneidProfile    *profile)
{
  VneidFormSchema *schema = vneid_filled_form_get_schema (form);
  GPtrArray *fields = vneid_filled_form_get_fields (form);
  g_autofree char *missing = missing_labels (form);
  const char *name = vneid_profile_get_name (profile);
  GString *page = g_string_new (NULL);
  gboolean in_group = FALSE;

  g_string_append (page, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  append_escaped (page, vneid_form_schema_get_title (schema));
  g_string_append_printf (page, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<header>\n<p class=\"authority\">",
                          html_style);
  append_escaped (page, vneid_form_schema_get_authority (schema));
  g_string_append (page, "</p>\n<h1>");
  append_escaped (page, vneid_form_schema_get_title (schema));
  g_string_append (page, "</h1>\n<p class=\"meta\">Mẫu / form ");
  append_escaped (page, vneid_form_schema_get_id (schema));
  g_string_append (page, ", phiên bản / version ");
  append_escaped (page, vneid_form_schema_get_version (schema));
  g_string_append_printf (page, " · điền sẵn từ hồ sơ VNeID mức %u / prefilled from a level-%u VNeID profile",
                          vneid_filled_form_get_level (form), vneid_filled_form_get_level (form));
  if (name != NULL)
    {
      g_string_append (page, " · ");
      append_escaped (page, name);
    }
  g_string_append (page, "</p>\n</header>\n<form action=\"#\" method=\"post\">\n");

  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);

      if (in_group && row_index (field) < 0)
        {
          g_string_append (page, "</fieldset>\n");
          in_group = FALSE;
        }
      if (is_group (field))
        {
          VneidFormField *schema_field = vneid_filled_field_get_field (field);

          g_string_append (page, "<fieldset>\n<legend>");
          append_escaped (page, vneid_form_field_get_label (schema_field));
          g_string_append (page, "</legend>\n");
          if (i + 1 >= fields->len || row_index (g_ptr_array_index (fields, i + 1)) < 0)
            g_string_append (page, "<p class=\"hint\">Không có dòng nào điền sẵn — công dân tự thêm / no rows prefilled: the citizen adds them</p>\n");
          in_group = TRUE;
          continue;
        }
      append_field (page, field);
    }
  if (in_group)
    g_string_append (page, "</fieldset>\n");

  g_string_append_printf (page, "</form>\n<footer>\n<p>Mức độ hoàn thành / completeness: <strong>%d%%</strong> "
                                "các trường bắt buộc / of the required fields.</p>\n<p>Còn phải nhập / still to type: ",
                          percent (vneid_filled_form_get_completeness (form)));
  append_escaped (page, *missing != '\0' ? missing : "—");
  g_string_append (page, "</p>\n<p>Trường có nhãn “Đã xác thực” lấy từ dữ liệu đã được cơ quan nhà nước xác thực và không sửa được trên mẫu. "
                         "/ Fields marked verified come from government-verified data and are read-only.</p>\n"
                         "</footer>\n</main>\n</body>\n</html>\n");
  return g_string_free (page, FALSE);
}

static gboolean
write_html (const char       *path,
            VneidFilledForm  *form,
            VneidProfile     *profile,
            GError          **error)
{
  g_autofree char *page = form_to_html (form, profile);

  if (g_str_equal (path, "-"))
    {
      fputs (page, stdout);
      return TRUE;
    }
  if (!g_file_set_contents (path, page, -1, error))
    {
      g_prefix_error (error, "--html: ");
      return FALSE;
    }
  return TRUE;
}

/* ---- vneid fill ------------------------------------------------------------- */

static gboolean
run_fill (const VneidCommand  *command,
          char               **args,
          GError             **error)
{
  g_auto(VneidToolVerifierOptions) options = { 0 };
  g_autofree char *form_id = NULL;
  g_autofree char *facility_code = NULL;
  g_autofree char *visit_text = NULL;
  g_autofree char *html = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "form", 0, 0, VNEID_TOOL_ARG_TEXT, &form_id, "The form to fill, such as vn.bca.ct01 (required; see `vneid forms`)", "ID" },
    { "facility-code", 0, 0, VNEID_TOOL_ARG_TEXT, &facility_code, "The clinic's BHYT facility code, for forms that ask (vn.bhxh.bhyt-checkin)", "CODE" },
    { "visit-date", 0, 0, VNEID_TOOL_ARG_TEXT, &visit_text, "The day of the visit, for forms that ask (default: the --at day, else today, in Vietnam)", "YYYY-MM-DD" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the filled form as one JSON object on one line", NULL },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, "Write the filled form as a static HTML page to FILE (- for standard output)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidDate) visit_date = NULL;
  g_autoptr(VneidPluginRegistry) registry = NULL;
  g_autoptr(VneidFormMapper) mapper = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  VneidFormMapper *shared;

  if (!vneid_tool_parse_verifier_options (command, &options, entries, &args, error) ||
      !vneid_tool_require_option ("--form", form_id, error) ||
      !vneid_tool_check_arguments (args, 1, -1, error))
    return FALSE;
  if (json && html != NULL)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "--json and --html go separately");
      return FALSE;
    }
  if (visit_text != NULL &&
      (visit_date = vneid_tool_parse_day ("--visit-date", visit_text, options.at, error)) == NULL)
    return FALSE;

  registry = vneid_tool_load_plugins (NULL, error);
  if (registry == NULL)
    return FALSE;
  shared = lookup_mapper (registry, form_id, error);
  if (shared == NULL)
    return FALSE;
  /* Verifying "as of" --at fills the form as of that day too. */
  if (visit_date == NULL && options.at != VNEID_TOOL_TIME_UNSET && vneid_tool_mapper_has_visit_date (shared) &&
      (visit_date = vneid_tool_parse_day ("--visit-date", NULL, options.at, error)) == NULL)
    return FALSE;
  mapper = vneid_tool_configure_mapper (registry, form_id, facility_code, visit_date, error);
  if (mapper == NULL)
    return FALSE;

  profile = vneid_tool_load_profile (&options, args + 1, error);
  if (profile == NULL)
    return FALSE;
  form = vneid_form_mapper_fill (mapper, profile, error);
  if (form == NULL)
    {
      g_prefix_error (error, "%s: ", form_id);
      return FALSE;
    }

  if (json)
    {
      g_autofree char *text = vneid_filled_form_to_json (form, FALSE);

      vneid_tool_print_line (text);
      return TRUE;
    }
  if (html != NULL)
    return write_html (html, form, profile, error);

  if (visit_date == NULL && vneid_tool_mapper_has_visit_date (mapper))
    visit_date = vneid_tool_parse_day ("--visit-date", NULL, VNEID_TOOL_TIME_UNSET, NULL);
  print_form_header (form, profile, facility_code, vneid_tool_mapper_has_visit_date (mapper) ? visit_date : NULL);
  print_form_table (form);
  return TRUE;
}

const VneidCommand vneid_command_fill = {
  .name = "fill",
  .parameter_string = "PRESENTATION…",
  .summary = "Fill an e-government form from one citizen's verified presentations.",
  .description =
    "Verifies the presentations and merges them into one profile exactly as\n"
    "`vneid profile` does (same options), then fills the --form with its\n"
    "plugin (see `vneid forms`; plugins come from VNEID_PLUGIN_PATH, then the\n"
    "installed plugin folder).\n"
    "\n"
    "Output: the form (title, authority, citizen), then one row per field:\n"
    "label (* required), value, status, source. Statuses: verified (from the\n"
    "population database, the e-CCCD chip or the BHYT database; marked [RO],\n"
    "read-only on the form), self-asserted (contact data, or a constant of the\n"
    "form), missing (typed by the citizen), needs-level-2 (the form or field\n"
    "needs a level-2 account), invalid (a value breaking the field's rules;\n"
    "the message says which). Then the required fields still to type and the\n"
    "share of required fields filled. With --json, the filled form as one\n"
    "JSON object on one line; with --html FILE, a static page (UTF-8, no\n"
    "external assets) showing the prefilled form, verified inputs read-only.\n"
    "\n"
    "Forms that ask for them (vn.bhxh.bhyt-checkin) take --facility-code, the\n"
    "clinic's BHYT facility code, which fills at_registered_facility, and\n"
    "--visit-date, the day the card's validity is judged on.\n"
    "\n"
    "Exit status: 0 the form was filled, even with fields left to type; 1 a\n"
    "presentation was rejected, the credentials do not make one profile, or\n"
    "no plugin fills the form; 2 usage error.\n"
    "\n"
    "Example:\n"
    "  vneid fill --form vn.bhxh.bhyt-checkin --facility-code 01010 \\\n"
    "      --trust population-db.metadata.json --trust vss-bhyt.metadata.json \\\n"
    "      --nonce n-123 --audience https://benhvien.example pid.txt bhyt.txt\n",
  .run = run_fill,
};
