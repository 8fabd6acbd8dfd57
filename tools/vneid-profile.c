/* vneid-profile.c: `vneid profile`, a citizen's verified profile from presentations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

/* ---- the day BHYT validity is judged on -------------------------------- */

/* @text (the value of @option, YYYY-MM-DD), else the --at day, else today,
 * all in Vietnam. */
VneidDate *
vneid_tool_parse_day (const char  *option,
                      const char  *text,
                      gint64       at,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VneidDate) day = NULL;

  if (text == NULL)
    {
      day = vneid_date_new_in_vietnam (at != VNEID_TOOL_TIME_UNSET ? at : vneid_tool_now ());
      /* 9999-12-31 23:59:59 UTC is already the year 10000 in Vietnam. */
      if (day == NULL)
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                     "invalid value for --at: no calendar day in Vietnam; give %s", option);
      return g_steal_pointer (&day);
    }

  day = vneid_date_parse (text, &local_error);
  if (day == NULL)
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                   "invalid value for %s: %s", option, local_error->message);
      return NULL;
    }
  if (!vneid_date_is_complete (day))
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                   "invalid value for %s: “%s” is not a whole day (YYYY-MM-DD)", option, text);
      return NULL;
    }
  return g_steal_pointer (&day);
}

/* ---- the table --------------------------------------------------------- */

#define NOT_DISCLOSED "(not disclosed)"

static char *
describe_bhyt (VneidProfile    *profile,
               const VneidDate *day)
{
  VneidBhytNumber *number = vneid_profile_get_bhyt_number (profile);
  g_autoptr(VneidDate) from = vneid_profile_dup_bhyt_valid_from (profile);
  g_autoptr(VneidDate) until = vneid_profile_dup_bhyt_valid_until (profile);
  g_autofree char *day_text = vneid_date_to_string (day);
  g_autofree char *from_text = from != NULL ? vneid_date_to_string (from) : g_strdup ("?");
  g_autofree char *until_text = until != NULL ? vneid_date_to_string (until) : g_strdup ("?");
  g_autofree char *card = NULL;
  const char *state;

  switch (vneid_profile_get_bhyt_validity (profile, day))
    {
    case VNEID_BHYT_VALIDITY_VALID:
      state = "valid";
      break;
    case VNEID_BHYT_VALIDITY_EXPIRED:
      state = "EXPIRED";
      break;
    case VNEID_BHYT_VALIDITY_NOT_YET_VALID:
      state = "NOT YET VALID";
      break;
    case VNEID_BHYT_VALIDITY_NO_CARD:
    default:
      return number != NULL
        ? g_strdup_printf ("%s, validity not disclosed", vneid_bhyt_number_get_number (number))
        : g_strdup ("no card disclosed");
    }

  if (number != NULL)
    {
      int level = vneid_bhyt_number_get_benefit_level (number);

      card = g_strdup_printf ("%s (benefit level %d, %d%%), ", vneid_bhyt_number_get_number (number),
                              level, vneid_bhyt_benefit_percentage (level));
    }
  return g_strdup_printf ("%s%s on %s (%s to %s)", card != NULL ? card : "", state, day_text,
                          from_text, until_text);
}

static void
print_header (VneidProfile    *profile,
              const VneidDate *day)
{
  VneidPersonalId *id = vneid_profile_get_personal_id (profile);
  const char *name = vneid_profile_get_name (profile);
  guint level = vneid_profile_get_level (profile);
  g_autofree char *name_cell = vneid_tool_make_cell (name != NULL ? name : "(name not disclosed)", 72);
  g_autofree char *number = NULL;
  g_autofree char *province = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *bhyt = describe_bhyt (profile, day);
  g_autofree char *text = NULL;

  if (id != NULL)
    {
      number = g_strdup_printf ("%s (%s, born %d)", vneid_personal_id_get_number (id),
                                vneid_sex_to_string (vneid_personal_id_get_sex (id)),
                                vneid_personal_id_get_birth_year (id));
      province = g_strdup_printf ("%s %s (birth registration, from the personal number)",
                                  vneid_personal_id_get_province_code (id),
                                  vneid_personal_id_get_province_name (id));
    }
  if (level == 0)
    level_text = g_strdup ("unknown (no PID credential)");
  else
    level_text = g_strdup_printf ("%u", level);

  text = g_strdup_printf ("%s\n"
                          "  personal number    %s\n"
                          "  VNeID level        %s\n"
                          "  province of birth  %s\n"
                          "  health insurance   %s\n",
                          name_cell,
                          number != NULL ? number : NOT_DISCLOSED,
                          level_text,
                          province != NULL ? province : NOT_DISCLOSED,
                          bhyt);
  vneid_tool_print_line (text);
}

static void
print_attributes (VneidProfile *profile)
{
  static const char * const headings[] = { "PATH", "VALUE", "SOURCE", "VCT", "ISSUER" };
  static const guint max_widths[] = { 48, 40, 16, 32, 40 };
  g_autoptr(VneidToolTable) table = vneid_tool_table_new (headings, max_widths, G_N_ELEMENTS (headings));
  g_auto(GStrv) paths = vneid_profile_list_paths (profile);

  for (char **path = paths; *path != NULL; path++)
    {
      VneidAttribute *attribute = vneid_profile_lookup (profile, *path);
      g_autofree char *value = vneid_attribute_to_string (attribute);
      const char *cells[] = {
        *path, value, vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute)),
        vneid_attribute_get_vct (attribute), vneid_attribute_get_issuer (attribute),
      };

      vneid_tool_table_add_row (table, cells);
    }
  vneid_tool_table_print (table, "");
}

static char *
json_value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("(absent)");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return vneid_tool_json_to_line (node);
}

static char *
source_text (const char *source,
             const char *vct,
             const char *issuer)
{
  g_autofree char *text = g_strdup_printf ("[%s: %s from %s]", source, vct, issuer);

  return vneid_tool_make_cell (text, 100);
}

/* One block per value that lost the merge: the path, the value kept and
 * its source, the value lost and its source. Values are shown nearly whole
 * here, as the difference may lie anywhere in them. */
static void
print_conflicts (VneidProfile *profile)
{
  g_autoptr(JsonObject) object = vneid_profile_to_json_object (profile);
  JsonArray *conflicts = json_object_get_array_member (object, "conflicts");
  guint n = json_array_get_length (conflicts);
  g_autofree char *title = NULL;

  if (n == 0)
    return;

  title = g_strdup_printf ("\nConflicts: %u value%s from other credentials lost the merge", n,
                           n == 1 ? "" : "s");
  vneid_tool_print_line (title);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (conflicts, i);
      const char *path = json_object_get_string_member (entry, "path");
      VneidAttribute *kept = vneid_profile_lookup (profile, path);
      g_autofree char *path_cell = vneid_tool_make_cell (path, 100);
      g_autofree char *kept_value = json_value_text (json_object_get_member (entry, "kept"));
      g_autofree char *lost_value = json_value_text (json_object_get_member (entry, "value"));
      g_autofree char *kept_cell = vneid_tool_make_cell (kept_value, 96);
      g_autofree char *lost_cell = vneid_tool_make_cell (lost_value, 96);
      g_autofree char *kept_source = NULL;
      g_autofree char *lost_source =
        source_text (json_object_get_string_member (entry, "source"),
                     json_object_get_string_member (entry, "vct"),
                     json_object_get_string_member (entry, "iss"));
      g_autofree char *text = NULL;

      if (kept != NULL)
        kept_source = source_text (vneid_source_kind_to_string (vneid_attribute_get_source_kind (kept)),
                                   vneid_attribute_get_vct (kept), vneid_attribute_get_issuer (kept));
      text = g_strdup_printf ("  %s\n"
                              "    kept  %s%s%s\n"
                              "    lost  %s  %s",
                              path_cell,
                              kept_cell, kept_source != NULL ? "  " : "",
                              kept_source != NULL ? kept_source : "",
                              lost_cell, lost_source);
      vneid_tool_print_line (text);
    }
}

/* ---- the command ------------------------------------------------------- */

/* The library numbers the presentations from 0 in its messages
 * ("presentation 1: …", "credentials 0 and 1 are both of type …"); name
 * the files instead. */
static void
name_the_file (GError     *error,
               char      **paths,
               guint       n)
{
  guint first, second;
  int end = -1;

  if (g_error_matches (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_DUPLICATE_CREDENTIAL) &&
      sscanf (error->message, "credentials %u and %u are both of type %n", &first, &second, &end) == 2 &&
      end > 0 && first < n && second < n)
    {
      char *message = g_strdup_printf ("%s and %s hold credentials of the same type, %s",
                                       vneid_tool_input_name (paths[first]), vneid_tool_input_name (paths[second]),
                                       error->message + end);

      g_free (error->message);
      error->message = message;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("presentation %u: ", i);

      if (g_str_has_prefix (error->message, prefix))
        {
          char *message = g_strdup_printf ("%s: rejected: %s", vneid_tool_input_name (paths[i]),
                                           error->message + strlen (prefix));

          g_free (error->message);
          error->message = message;
          return;
        }
    }
}

static gboolean
check_one_stdin (char    **paths,
                 GError  **error)
{
  guint dashes = 0;

  for (char **path = paths; *path != NULL; path++)
    dashes += vneid_tool_is_standard_input (*path);
  if (dashes <= 1)
    return TRUE;
  g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                       "standard input (-) can be read only once");
  return FALSE;
}

VneidProfile *
vneid_tool_load_profile (VneidToolVerifierOptions  *options,
                         char                     **paths,
                         GError                   **error)
{
  g_autoptr(GPtrArray) presentations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VneidVerifier) verifier = NULL;
  VneidProfile *profile;

  if (!check_one_stdin (paths, error))
    return NULL;

  for (char **path = paths; *path != NULL; path++)
    {
      char *text = vneid_tool_read_text (*path, error);

      if (text == NULL)
        return NULL;
      g_ptr_array_add (presentations, text);
      /* Said plainly, not as the verifier's "not an SD-JWT". */
      if (*text == '\0')
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                       "%s: empty file, no presentation in it", vneid_tool_input_name (*path));
          return NULL;
        }
    }
  g_ptr_array_add (presentations, NULL);

  verifier = vneid_tool_make_verifier (options, error);
  if (verifier == NULL)
    return NULL;

  profile = vneid_profile_new_from_presentations (verifier,
                                                  (const char * const *) presentations->pdata,
                                                  options->nonce, options->audience, error);
  if (profile == NULL && error != NULL && *error != NULL)
    name_the_file (*error, paths, presentations->len - 1);
  return profile;
}

static gboolean
run_profile (const VneidCommand  *command,
             char               **args,
             GError             **error)
{
  g_auto(VneidToolVerifierOptions) options = { 0 };
  gboolean json = FALSE;
  g_autofree char *on = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the profile as one JSON object on one line", NULL },
    { "on", 0, 0, VNEID_TOOL_ARG_TEXT, &on, "Judge the BHYT card's validity on this day (default: the --at day, else today, in Vietnam)", "YYYY-MM-DD" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidDate) day = NULL;
  g_autoptr(VneidProfile) profile = NULL;

  if (!vneid_tool_parse_verifier_options (command, &options, entries, &args, error))
    return FALSE;
  if (json && on != NULL)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "--on only applies to the table, not to --json");
      return FALSE;
    }
  if ((day = vneid_tool_parse_day ("--on", on, options.at, error)) == NULL ||
      !vneid_tool_check_arguments (args, 1, -1, error))
    return FALSE;
  profile = vneid_tool_load_profile (&options, args + 1, error);
  if (profile == NULL)
    return FALSE;

  if (json)
    {
      g_autofree char *text = vneid_profile_to_json (profile, FALSE);

      vneid_tool_print_line (text);
      return TRUE;
    }
  print_header (profile, day);
  print_attributes (profile);
  print_conflicts (profile);
  return TRUE;
}

const VneidCommand vneid_command_profile = {
  .name = "profile",
  .parameter_string = "PRESENTATION…",
  .summary = "Verify one citizen's presentations and print the merged, verified profile.",
  .description =
    "Each PRESENTATION (a file, or - once for standard input) is verified as\n"
    "`vneid verify` would, with one verifier and the same options; then the\n"
    "credentials are merged into one profile: PID (population-db), e-CCCD\n"
    "(cccd-chip), contact (self-asserted), BHYT card (bhyt-db), each type at\n"
    "most once, all about the same personal identification number. The\n"
    "profile refuses credentials about different people, an e-CCCD beside the\n"
    "PID of a level-1 account, and identity data that contradict the number.\n"
    "\n"
    "Trust: each --trust document trusts its issuer's keys. Without --allow,\n"
    "a trusted issuer may issue any credential type (vct), as with `vneid\n"
    "verify`; a portal should pass --allow for each pairing it accepts, such\n"
    "as the PID, e-CCCD and contact types from the population database and\n"
    "the BHYT card from Vietnam Social Security.\n"
    "\n"
    "Output: a header (name, personal number, VNeID level, province of birth,\n"
    "the health insurance card's validity on the --on day), one row per\n"
    "attribute (path, value, source, vct, issuer; long values are cut with\n"
    "\"…\"), then the conflicts: where two credentials disagreed, the value\n"
    "kept and the one that lost with its source. With --json, the profile as\n"
    "one JSON object on one line: personal_administrative_number, level,\n"
    "attributes (each with its value and provenance), conflicts, credentials.\n"
    "\n"
    "Exit status: 0 a profile was built, 1 a presentation was rejected or the\n"
    "credentials do not make one profile, 2 usage error.\n"
    "\n"
    "Example:\n"
    "  vneid profile --trust population-db.metadata.json --trust vss-bhyt.metadata.json \\\n"
    "      --allow " VNEID_VCT_PID "=https://id.vneid.example \\\n"
    "      --allow " VNEID_VCT_BHYT "=https://bhyt.baohiemxahoi.example \\\n"
    "      --nonce n-123 --audience https://dichvucong.gov.vn.example pid.txt bhyt.txt\n",
  .run = run_profile,
};
