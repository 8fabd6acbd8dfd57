/* vneid-present.c: `vneid present`, the holder choosing what to disclose
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

typedef struct {
  char    *key_path;
  char   **paths;
  gboolean all;
  char    *nonce;
  char    *audience;
  char    *iat;
} PresentOptions;

static void
present_options_clear (PresentOptions *options)
{
  g_free (options->key_path);
  g_strfreev (options->paths);
  g_free (options->nonce);
  g_free (options->audience);
  g_free (options->iat);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PresentOptions, present_options_clear)

static gboolean
check_present_options (PresentOptions  *options,
                       gint64          *iat,
                       GError         **error)
{
  if (!vneid_tool_require_together ("--nonce", options->nonce, "--audience", options->audience, error))
    return FALSE;
  if (options->nonce != NULL && options->key_path == NULL)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "missing required option --key (a KB-JWT is signed with the holder key)");
      return FALSE;
    }
  if (!vneid_tool_parse_time ("--iat", options->iat, iat, error))
    return FALSE;
  if (*iat == VNEID_TOOL_TIME_UNSET)
    *iat = vneid_tool_now ();
  return TRUE;
}

static char *
present_credential (PresentOptions  *options,
                    gint64           iat,
                    const char      *credential_path,
                    GError         **error)
{
  const char * const no_paths[] = { NULL };
  g_autoptr(VneidKey) holder_key = NULL;
  g_autofree char *compact = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_auto(GStrv) all_paths = NULL;
  const char * const *paths = no_paths;
  gboolean key_binding = options->nonce != NULL;

  /* A key given without nonce and audience is not used, but a wrong path
   * is still worth reporting. */
  if (options->key_path != NULL)
    {
      holder_key = vneid_key_new_from_file (options->key_path, error);
      if (holder_key == NULL)
        return NULL;
    }

  compact = vneid_tool_read_text (credential_path, error);
  if (compact == NULL)
    return NULL;
  credential = vneid_credential_new (compact, error);
  if (credential == NULL)
    return NULL;

  if (options->all)
    {
      all_paths = vneid_credential_get_disclosable_paths (credential);
      paths = (const char * const *) all_paths;
    }
  else if (options->paths != NULL)
    paths = (const char * const *) options->paths;

  return vneid_credential_present (credential, paths,
                                   key_binding ? holder_key : NULL,
                                   options->nonce, options->audience,
                                   iat, error);
}

static gboolean
run_present (const VneidCommand  *command,
             char               **args,
             GError             **error)
{
  g_auto(PresentOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options.key_path, "The holder's private JWK (needed for a KB-JWT)", "HOLDER.jwk" },
    { "disclose", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options.paths, "Disclose this claim (repeatable)", "PATH" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, "Disclose every selectively disclosable claim", NULL },
    { "nonce", 0, 0, VNEID_TOOL_ARG_TEXT, &options.nonce, "The verifier's nonce (with --audience: adds a KB-JWT)", "NONCE" },
    { "audience", 0, 0, VNEID_TOOL_ARG_TEXT, &options.audience, "The verifier's identifier (KB-JWT aud)", "AUDIENCE" },
    { "iat", 0, 0, VNEID_TOOL_ARG_TEXT, &options.iat, "KB-JWT issued at (Unix time; default now)", "UNIX" },
    G_OPTION_ENTRY_NULL
  };
  gint64 iat;
  g_autofree char *presentation = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !check_present_options (&options, &iat, error) ||
      !vneid_tool_check_arguments (args, 1, 1, error))
    return FALSE;

  presentation = present_credential (&options, iat, args[1], error);
  if (presentation == NULL)
    return FALSE;

  vneid_tool_print_line (presentation);
  return TRUE;
}

const VneidCommand vneid_command_present = {
  .name = "present",
  .parameter_string = "CREDENTIAL|-",
  .summary = "Make a presentation of an SD-JWT VC that discloses only the chosen claims.",
  .description =
    "Nothing selectively disclosable is disclosed unless --disclose or --all\n"
    "asks for it; disclosing a nested claim discloses its parents too. With\n"
    "--nonce and --audience the presentation ends with a KB-JWT signed by\n"
    "--key; without them it ends with an empty KB-JWT slot (\"~\").\n"
    "\n"
    "Example:\n"
    "  vneid present --key holder.jwk --disclose given_name \\\n"
    "      --disclose address.region --nonce n-123 \\\n"
    "      --audience https://dichvucong.gov.vn.example pid.sdjwt\n",
  .run = run_present,
};
