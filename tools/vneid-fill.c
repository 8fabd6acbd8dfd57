/* vneid-fill.c: `vneid fill`, an e-government form filled from a verified
 * profile, printed as a table (or JSON, or the page of vneid-fill-html.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

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
  g_autofree char *version = vneid_tool_make_cell (vneid_form_schema_get_version (schema), 40);
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
                          title, vneid_form_schema_get_id (schema), version,
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
  g_autofree char *labels = vneid_tool_missing_labels (form);
  g_autofree char *missing = vneid_tool_printable (labels);
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
                             vneid_tool_percent (vneid_filled_form_get_completeness (form)));
  vneid_tool_print_line (summary);
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
  gboolean declarative_only = FALSE;
  const GOptionEntry entries[] = {
    { "form", 0, 0, VNEID_TOOL_ARG_TEXT, &form_id, "The form to fill, such as vn.bca.ct01 (required; see `vneid forms`)", "ID" },
    { "facility-code", 0, 0, VNEID_TOOL_ARG_TEXT, &facility_code, "The clinic's BHYT facility code, for forms that ask (vn.bhxh.bhyt-checkin)", "CODE" },
    { "visit-date", 0, 0, VNEID_TOOL_ARG_TEXT, &visit_text, "The day of the visit, for forms that ask (default: the --at day, else today, in Vietnam)", "YYYY-MM-DD" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the filled form as one JSON object on one line", NULL },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, "Write the filled form as a static HTML page to FILE (- for standard output)", "FILE" },
    { "declarative-only", 0, 0, G_OPTION_ARG_NONE, &declarative_only, "Load declarative (JSON) plugins only: refuse, unopened, any plugin that ships code", NULL },
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

  registry = vneid_tool_load_plugins_full (NULL, declarative_only, error);
  if (registry == NULL)
    return FALSE;
  shared = vneid_tool_lookup_mapper (registry, form_id, error);
  if (shared == NULL)
    return FALSE;
  /* Verifying "as of" --at fills the form as of that day too. */
  if (visit_date == NULL && options.at != VNEID_TOOL_TIME_UNSET && vneid_tool_has_visit_date (shared) &&
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
    return vneid_tool_write_form_html (html, form, profile, error);

  if (visit_date == NULL && vneid_tool_has_visit_date (mapper))
    visit_date = vneid_tool_parse_day ("--visit-date", NULL, VNEID_TOOL_TIME_UNSET, NULL);
  print_form_header (form, profile, facility_code, vneid_tool_has_visit_date (mapper) ? visit_date : NULL);
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
    "form), missing (to be typed by the citizen), needs-level-2 (the form or\n"
    "field needs a level-2 account), invalid (a value breaking the field's\n"
    "rules; the message says which). Then the required fields still to type\n"
    "(\"; \"-separated) and the share of required fields filled. With --json,\n"
    "the filled form as one JSON object on one line; with --html FILE, a\n"
    "static page (UTF-8, no external assets) showing the prefilled form,\n"
    "verified inputs read-only.\n"
    "\n"
    "Forms that ask for them (vn.bhxh.bhyt-checkin) take --facility-code, the\n"
    "clinic's BHYT facility code, which fills at_registered_facility, and\n"
    "--visit-date, the day the card's validity is judged on.\n"
    "With --declarative-only, plugins that ship code are not loaded (see\n"
    "`vneid forms`).\n"
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
