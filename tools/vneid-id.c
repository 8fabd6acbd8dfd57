/* vneid-id.c: `vneid id`, what a personal identification number says
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

static void
print_json (VneidPersonalId *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, vneid_personal_id_get_number (id));
  json_builder_set_member_name (builder, "province_code");
  json_builder_add_string_value (builder, vneid_personal_id_get_province_code (id));
  json_builder_set_member_name (builder, "province_name");
  json_builder_add_string_value (builder, vneid_personal_id_get_province_name (id));
  json_builder_set_member_name (builder, "century");
  json_builder_add_int_value (builder, vneid_personal_id_get_century (id));
  json_builder_set_member_name (builder, "sex");
  json_builder_add_int_value (builder, vneid_personal_id_get_sex (id));
  json_builder_set_member_name (builder, "birth_year");
  json_builder_add_int_value (builder, vneid_personal_id_get_birth_year (id));
  json_builder_set_member_name (builder, "serial");
  json_builder_add_string_value (builder, vneid_personal_id_get_serial (id));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  vneid_tool_print_json (root);
}

static void
print_block (VneidPersonalId *id)
{
  const char *number = vneid_personal_id_get_number (id);
  VneidSex sex = vneid_personal_id_get_sex (id);
  int century = vneid_personal_id_get_century (id);
  g_autofree char *text =
    g_strdup_printf ("number       %s\n"
                     "province     %s %s (where the birth was registered; digits 1–3)\n"
                     "century      %d–%d (digit 4: %c)\n"
                     "sex          %s (ISO 5218: %d; digit 4: %c)\n"
                     "birth year   %d (digits 5–6: %.2s)\n"
                     "serial       %s (digits 7–12)",
                     number,
                     vneid_personal_id_get_province_code (id), vneid_personal_id_get_province_name (id),
                     century, century + 99, number[3],
                     vneid_sex_to_string (sex), (int) sex, number[3],
                     vneid_personal_id_get_birth_year (id), number + 4,
                     vneid_personal_id_get_serial (id));

  vneid_tool_print_line (text);
}

static gboolean
run_id (const VneidCommand  *command,
        char               **args,
        GError             **error)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object on one line", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidPersonalId) id = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_check_arguments (args, 1, 1, error))
    return FALSE;

  id = vneid_personal_id_parse (args[1], error);
  if (id == NULL)
    return FALSE;

  if (json)
    print_json (id);
  else
    print_block (id);
  return TRUE;
}

const VneidCommand vneid_command_id = {
  .name = "id",
  .parameter_string = "NUMBER",
  .summary = "Decode a 12-digit personal identification number (số định danh cá nhân).",
  .description =
    "The number is 3 digits of the province where the birth was registered,\n"
    "1 century/sex digit (1900s: 0 male, 1 female; 2000s: 2, 3; 2100s: 4, 5;\n"
    "2200s: 6, 7; 2300s: 8, 9), the last 2 digits of the birth year, and a\n"
    "6-digit serial. There is no check digit: a well-formed number may still\n"
    "belong to nobody.\n"
    "\n"
    "Output: a readable block; with --json, one object on one line:\n"
    "{\"number\", \"province_code\", \"province_name\", \"century\" (1900, 2000, …),\n"
    "\"sex\" (ISO 5218: 1 male, 2 female), \"birth_year\", \"serial\"}.\n"
    "\n"
    "Exit status: 0 a well-formed number, 1 not one (one line `vneid: …`\n"
    "saying what is wrong: the length, the first character that is not a\n"
    "digit, or an unknown province code), 2 usage error.\n"
    "\n"
    "Examples:\n"
    "  vneid id 001185034517\n"
    "  vneid id --json 079092018843\n",
  .run = run_id,
};
