/* vneid-status-list.c: `vneid status-list`, an issuer's signed Token Status List
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

typedef struct {
  char  *key_path;
  char  *issuer;
  char  *uri;
  char  *bits;
  char  *size;
  char **assignments;
  char  *iat;
  char  *exp;
} StatusListOptions;

static void
status_list_options_clear (StatusListOptions *options)
{
  g_free (options->key_path);
  g_free (options->issuer);
  g_free (options->uri);
  g_free (options->bits);
  g_free (options->size);
  g_strfreev (options->assignments);
  g_free (options->iat);
  g_free (options->exp);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StatusListOptions, status_list_options_clear)

typedef struct {
  guint  bits;
  guint  size;
  gint64 iat;
  gint64 exp;
} StatusListNumbers;

static gboolean
check_status_list_options (StatusListOptions  *options,
                           StatusListNumbers  *numbers,
                           GError            **error)
{
  guint64 bits, size;

  if (!vneid_tool_require_option ("--key", options->key_path, error) ||
      !vneid_tool_require_option ("--iss", options->issuer, error) ||
      !vneid_tool_require_option ("--uri", options->uri, error) ||
      !vneid_tool_require_option ("--bits", options->bits, error) ||
      !vneid_tool_require_option ("--size", options->size, error) ||
      !vneid_tool_parse_uint ("--bits", options->bits, 1, 8, &bits, error) ||
      !vneid_tool_parse_uint ("--size", options->size, 1, G_MAXUINT, &size, error) ||
      !vneid_tool_parse_time ("--iat", options->iat, &numbers->iat, error) ||
      !vneid_tool_parse_time ("--exp", options->exp, &numbers->exp, error))
    return FALSE;

  numbers->bits = (guint) bits;
  numbers->size = (guint) size;
  if (numbers->iat == VNEID_TOOL_TIME_UNSET)
    numbers->iat = vneid_tool_now ();
  return TRUE;
}

static gboolean
parse_status_assignment (const char  *text,
                         guint       *index,
                         guint       *value,
                         GError     **error)
{
  g_autofree char *index_text = NULL;
  g_autofree char *value_text = NULL;
  guint64 parsed_index, parsed_value;

  if (!vneid_tool_split_assignment ("--set", text, &index_text, &value_text, error) ||
      !vneid_tool_parse_uint ("--set", index_text, 0, G_MAXUINT, &parsed_index, error) ||
      !vneid_tool_parse_uint ("--set", value_text, 0, 255, &parsed_value, error))
    return FALSE;

  *index = (guint) parsed_index;
  *value = (guint) parsed_value;
  return TRUE;
}

typedef struct {
  guint index;
  guint value;
} StatusAssignment;

static GArray *
parse_status_assignments (char    **texts,
                          GError  **error)
{
  g_autoptr(GArray) assignments = g_array_new (FALSE, FALSE, sizeof (StatusAssignment));

  for (char **text = texts; text != NULL && *text != NULL; text++)
    {
      StatusAssignment assignment;

      if (!parse_status_assignment (*text, &assignment.index, &assignment.value, error))
        return NULL;
      g_array_append_val (assignments, assignment);
    }
  return g_steal_pointer (&assignments);
}

static char *
make_status_list_token (StatusListOptions  *options,
                        StatusListNumbers  *numbers,
                        GArray             *assignments,
                        GError            **error)
{
  g_autoptr(VneidKey) key = NULL;
  g_autoptr(VneidStatusList) list = NULL;

  key = vneid_key_new_from_file (options->key_path, error);
  if (key == NULL)
    return NULL;

  list = vneid_status_list_new (numbers->bits, numbers->size, error);
  if (list == NULL)
    return NULL;

  for (guint i = 0; i < assignments->len; i++)
    {
      const StatusAssignment *assignment = &g_array_index (assignments, StatusAssignment, i);

      if (!vneid_status_list_set (list, assignment->index, assignment->value, error))
        return NULL;
    }

  return vneid_status_list_to_token (list, key, options->issuer, options->uri,
                                     numbers->iat,
                                     numbers->exp == VNEID_TOOL_TIME_UNSET ? 0 : numbers->exp,
                                     error);
}

static gboolean
run_status_list (const VneidCommand  *command,
                 char               **args,
                 GError             **error)
{
  g_auto(StatusListOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options.key_path, "The issuer's private JWK (required)", "KEY.jwk" },
    { "iss", 0, 0, VNEID_TOOL_ARG_TEXT, &options.issuer, "The issuer identifier (required)", "URL" },
    { "uri", 0, 0, VNEID_TOOL_ARG_TEXT, &options.uri, "The list's URI, its \"sub\" (required)", "URI" },
    { "bits", 0, 0, VNEID_TOOL_ARG_TEXT, &options.bits, "Bits per entry: 1, 2, 4 or 8 (required)", "N" },
    { "size", 0, 0, VNEID_TOOL_ARG_TEXT, &options.size, "Number of entries (required)", "N" },
    { "set", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options.assignments, "Set entry IDX to VALUE (repeatable; others stay 0)", "IDX=VALUE" },
    { "iat", 0, 0, VNEID_TOOL_ARG_TEXT, &options.iat, "Issued at (Unix time; default now)", "UNIX" },
    { "exp", 0, 0, VNEID_TOOL_ARG_TEXT, &options.exp, "Expires at (Unix time; default none)", "UNIX" },
    G_OPTION_ENTRY_NULL
  };
  StatusListNumbers numbers;
  g_autoptr(GArray) assignments = NULL;
  g_autofree char *token = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !check_status_list_options (&options, &numbers, error) ||
      !vneid_tool_check_arguments (args, 0, 0, error))
    return FALSE;

  assignments = parse_status_assignments (options.assignments, error);
  if (assignments == NULL)
    return FALSE;

  token = make_status_list_token (&options, &numbers, assignments, error);
  if (token == NULL)
    return FALSE;

  vneid_tool_print_line (token);
  return TRUE;
}

const VneidCommand vneid_command_status_list = {
  .name = "status-list",
  .parameter_string = NULL,
  .summary = "Print a signed Token Status List (typ statuslist+jwt).",
  .description =
    "Entry values: 0 valid, 1 invalid (revoked), 2 suspended; lists of 2, 4\n"
    "or 8 bits may hold other values too. A credential refers to entry IDX\n"
    "through `vneid issue --status-uri URI --status-idx IDX`.\n"
    "\n"
    "Example:\n"
    "  vneid status-list --key issuer.jwk --iss https://id.vneid.example \\\n"
    "      --uri https://id.vneid.example/status/1 --bits 2 --size 1024 \\\n"
    "      --set 7=1 --set 8=2 > status-1.jwt\n",
  .run = run_status_list,
};
