/* vneid.c: the `vneid` command: issue, present and verify SD-JWT VCs, build profiles, fill forms
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>

#include "vneid-tool.h"

static const VneidCommand * const commands[] = {
  &vneid_command_keygen,
  &vneid_command_pubkey,
  &vneid_command_issuer_metadata,
  &vneid_command_issue,
  &vneid_command_present,
  &vneid_command_verify,
  &vneid_command_status_list,
  &vneid_command_id,
  &vneid_command_profile,
  &vneid_command_forms,
  &vneid_command_claims,
  &vneid_command_fill,
  &vneid_command_demo,
  &vneid_command_attest,
  &vneid_command_request,
  &vneid_command_wallet,
  &vneid_command_verify_response,
  &vneid_command_receive,
};

static const VneidCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i]->name, name))
      return commands[i];
  return NULL;
}

static void
print_usage (FILE *stream)
{
  fputs ("Usage: vneid COMMAND [OPTION…] [ARGUMENT…]\n"
         "\n"
         "Issue, present and verify SD-JWT VC credentials (EdDSA), build verified\n"
         "citizen profiles from them, and fill e-government forms from those, with\n"
         "libvneid. `vneid demo` shows it all.\n"
         "\n"
         "Commands:\n", stream);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-16s %s\n", commands[i]->name, commands[i]->summary);
  fputs ("\n"
         "Run 'vneid COMMAND --help' for a command's options and an example.\n"
         "Exit status: 0 success, 1 rejected or invalid input, 2 usage error.\n"
         "\n"
         "Example, from keys to a verified presentation:\n"
         "  vneid keygen --kid issuer-1 > issuer.jwk\n"
         "  vneid keygen > holder.jwk\n"
         "  vneid issuer-metadata --issuer https://id.vneid.example issuer.jwk > trust.json\n"
         "  vneid issue --key issuer.jwk --iss https://id.vneid.example --vct " VNEID_VCT_PID " \\\n"
         "      --holder holder.jwk --sd-all claims.json > pid.sdjwt\n"
         "  vneid present --key holder.jwk --disclose given_name --nonce n1 --audience https://rp.example \\\n"
         "      pid.sdjwt > presentation.txt\n"
         "  vneid verify --trust trust.json --nonce n1 --audience https://rp.example presentation.txt\n",
         stream);
}

/* Messages from below (json-glib, GIO) may span lines; scripts expect one.
 * They may quote plugins and claims: no control or bidi character of theirs
 * reaches the terminal. */
static void
print_error_line (const char *prefix,
                  const char *message)
{
  g_autofree char *line = vneid_tool_printable (message);

  fprintf (stderr, "%s: %s\n", prefix, line);
}

static int
report_usage_error (const VneidCommand *command,
                    const char         *message)
{
  g_autofree char *prefix = g_strdup_printf ("vneid %s", command->name);

  print_error_line (prefix, message);
  fprintf (stderr, "Usage: vneid %s [OPTION…]%s%s\n"
           "Try 'vneid %s --help' for more information.\n",
           command->name,
           command->parameter_string != NULL ? " " : "",
           command->parameter_string != NULL ? command->parameter_string : "",
           command->name);
  return VNEID_EXIT_USAGE;
}

static int
report_unknown_command (const char *name)
{
  fprintf (stderr, "vneid: unknown command “%s”\n", name);
  print_usage (stderr);
  return VNEID_EXIT_USAGE;
}

static gboolean
is_usage_error (const GError *error)
{
  return error->domain == G_OPTION_ERROR ||
         g_error_matches (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE);
}

/* GOptionContext's usage line starts with the prgname. */
static void
set_program_name (const VneidCommand *command)
{
  g_autofree char *prgname = g_strdup_printf ("vneid %s", command->name);

  g_set_prgname (prgname);
}

/* argv: from the command's name on, NULL-terminated */
static int
run_command (const VneidCommand  *command,
             char               **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GError) error = NULL;

  set_program_name (command);
  if (command->run (command, args, &error))
    return VNEID_EXIT_OK;
  if (g_error_matches (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_HELP_SHOWN))
    return VNEID_EXIT_OK;
  if (is_usage_error (error))
    return report_usage_error (command, error->message);

  print_error_line ("vneid", error->message);
  return VNEID_EXIT_FAILED;
}

/* `vneid help COMMAND` is `vneid COMMAND --help`. */
static int
run_help (int    argc,
          char **argv)
{
  const VneidCommand *command;
  char *help_argv[] = { NULL, (char *) "--help", NULL };

  if (argc < 3)
    {
      print_usage (stdout);
      return VNEID_EXIT_OK;
    }

  command = find_command (argv[2]);
  if (command == NULL)
    return report_unknown_command (argv[2]);
  help_argv[0] = argv[2];
  return run_command (command, help_argv);
}

static int
dispatch (int    argc,
          char **argv)
{
  const char *name = argv[1];
  const VneidCommand *command;

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h"))
    {
      print_usage (stdout);
      return VNEID_EXIT_OK;
    }
  if (g_str_equal (name, "help"))
    return run_help (argc, argv);
  if (g_str_equal (name, "--version"))
    {
      printf ("vneid %s\n", VNEID_VERSION_S);
      return VNEID_EXIT_OK;
    }

  command = find_command (name);
  if (command == NULL)
    return report_unknown_command (name);

  return run_command (command, argv + 1);
}

/* A full disk or a closed pipe must not pass for success. */
static int
finish_output (int status)
{
  if (fflush (stdout) == 0 && !ferror (stdout))
    return status;
  fprintf (stderr, "vneid: cannot write the output: %s\n", g_strerror (errno));
  return status == VNEID_EXIT_OK ? VNEID_EXIT_FAILED : status;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return VNEID_EXIT_USAGE;
    }

  return finish_output (dispatch (argc, argv));
}
