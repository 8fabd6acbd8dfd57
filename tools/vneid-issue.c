/* vneid-issue.c: `vneid issue`, the issuer making an SD-JWT VC
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

typedef struct {
  char    *key_path;
  char    *issuer;
  char    *vct;
  char    *holder_path;
  char   **sd_paths;
  gboolean sd_all;
  char    *iat;
  char    *exp;
  char    *nbf;
  char    *status_uri;
  char    *status_idx;
} IssueOptions;

static void
issue_options_clear (IssueOptions *options)
{
  g_free (options->key_path);
  g_free (options->issuer);
  g_free (options->vct);
  g_free (options->holder_path);
  g_strfreev (options->sd_paths);
  g_free (options->iat);
  g_free (options->exp);
  g_free (options->nbf);
  g_free (options->status_uri);
  g_free (options->status_idx);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IssueOptions, issue_options_clear)

static gboolean
check_issue_options (IssueOptions  *options,
                     GError       **error)
{
  return vneid_tool_require_option ("--key", options->key_path, error) &&
         vneid_tool_require_option ("--iss", options->issuer, error) &&
         vneid_tool_require_option ("--vct", options->vct, error) &&
         vneid_tool_require_together ("--status-uri", options->status_uri,
                                      "--status-idx", options->status_idx, error);
}

typedef struct {
  gint64 iat;
  gint64 exp;
  gint64 nbf;
  guint  status_idx;
} IssueNumbers;

static gboolean
parse_issue_numbers (IssueOptions  *options,
                     IssueNumbers  *numbers,
                     GError       **error)
{
  guint64 status_idx = 0;

  if (!vneid_tool_parse_time ("--iat", options->iat, &numbers->iat, error) ||
      !vneid_tool_parse_time ("--exp", options->exp, &numbers->exp, error) ||
      !vneid_tool_parse_time ("--nbf", options->nbf, &numbers->nbf, error) ||
      (options->status_idx != NULL &&
       !vneid_tool_parse_uint ("--status-idx", options->status_idx, 0, G_MAXUINT, &status_idx, error)))
    return FALSE;

  numbers->status_idx = (guint) status_idx;
  return TRUE;
}

static void
apply_issue_numbers (VneidCredentialBuilder *builder,
                     IssueOptions           *options,
                     IssueNumbers           *numbers)
{
  if (numbers->iat != VNEID_TOOL_TIME_UNSET)
    vneid_credential_builder_set_issued_at (builder, numbers->iat);
  if (numbers->exp != VNEID_TOOL_TIME_UNSET)
    vneid_credential_builder_set_expires_at (builder, numbers->exp);
  if (numbers->nbf != VNEID_TOOL_TIME_UNSET)
    vneid_credential_builder_set_not_before (builder, numbers->nbf);
  if (options->status_uri != NULL)
    vneid_credential_builder_set_status (builder, options->status_uri, numbers->status_idx);
}

/* cnf carries the public key only, whichever JWK the holder handed over. */
static gboolean
apply_holder_key (VneidCredentialBuilder  *builder,
                  const char              *holder_path,
                  GError                 **error)
{
  g_autoptr(VneidKey) key = NULL;
  g_autoptr(VneidKey) public_key = NULL;

  if (holder_path == NULL)
    return TRUE;

  key = vneid_key_new_from_file (holder_path, error);
  if (key == NULL)
    return FALSE;
  public_key = vneid_key_dup_public (key);
  vneid_credential_builder_set_holder_key (builder, public_key);
  return TRUE;
}

static char *
issue_credential (IssueOptions  *options,
                  IssueNumbers  *numbers,
                  const char    *claims_path,
                  GError       **error)
{
  g_autoptr(VneidKey) issuer_key = NULL;
  g_autoptr(VneidCredentialBuilder) builder = NULL;
  g_autofree char *claims = NULL;

  issuer_key = vneid_key_new_from_file (options->key_path, error);
  if (issuer_key == NULL)
    return NULL;

  claims = vneid_tool_read_text (claims_path, error);
  if (claims == NULL)
    return NULL;

  builder = vneid_credential_builder_new_from_json (options->vct, claims, error);
  if (builder == NULL || !apply_holder_key (builder, options->holder_path, error))
    return NULL;

  apply_issue_numbers (builder, options, numbers);

  for (char **path = options->sd_paths; path != NULL && *path != NULL; path++)
    vneid_credential_builder_add_disclosable (builder, *path);
  vneid_credential_builder_set_all_disclosable (builder, options->sd_all);

  return vneid_credential_builder_build (builder, issuer_key, options->issuer, error);
}

static gboolean
run_issue (const VneidCommand  *command,
           char               **args,
           GError             **error)
{
  g_auto(IssueOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options.key_path, "The issuer's private JWK (required)", "KEY.jwk" },
    { "iss", 0, 0, VNEID_TOOL_ARG_TEXT, &options.issuer, "The issuer identifier (required)", "URL" },
    { "vct", 0, 0, VNEID_TOOL_ARG_TEXT, &options.vct, "The credential type (required)", "VCT" },
    { "holder", 0, 0, G_OPTION_ARG_FILENAME, &options.holder_path, "Bind to this holder key (cnf.jwk; its public part only)", "HOLDER.jwk" },
    { "sd", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options.sd_paths, "Make this claim selectively disclosable (repeatable)", "PATH" },
    { "sd-all", 0, 0, G_OPTION_ARG_NONE, &options.sd_all, "Make every claim the rules allow selectively disclosable", NULL },
    { "iat", 0, 0, VNEID_TOOL_ARG_TEXT, &options.iat, "Issued at (Unix time; default now)", "UNIX" },
    { "exp", 0, 0, VNEID_TOOL_ARG_TEXT, &options.exp, "Expires at (Unix time)", "UNIX" },
    { "nbf", 0, 0, VNEID_TOOL_ARG_TEXT, &options.nbf, "Not valid before (Unix time)", "UNIX" },
    { "status-uri", 0, 0, VNEID_TOOL_ARG_TEXT, &options.status_uri, "Status list URI (with --status-idx)", "URI" },
    { "status-idx", 0, 0, VNEID_TOOL_ARG_TEXT, &options.status_idx, "Index in that status list", "N" },
    G_OPTION_ENTRY_NULL
  };
  IssueNumbers numbers;
  g_autofree char *credential = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !check_issue_options (&options, error) ||
      !parse_issue_numbers (&options, &numbers, error) ||
      !vneid_tool_check_arguments (args, 1, 1, error))
    return FALSE;

  credential = issue_credential (&options, &numbers, args[1], error);
  if (credential == NULL)
    return FALSE;

  vneid_tool_print_line (credential);
  return TRUE;
}

const VneidCommand vneid_command_issue = {
  .name = "issue",
  .parameter_string = "CLAIMS.json|-",
  .summary = "Issue an SD-JWT VC (typ dc+sd-jwt, EdDSA) over the claims of a JSON object.",
  .description =
    "PATH names a claim with dots for nested objects and [N] for array\n"
    "elements, e.g. address.region or nationalities[0]. Claims not made\n"
    "selectively disclosable are always visible. The compact credential is\n"
    "printed on one line.\n"
    "\n"
    "Example:\n"
    "  vneid issue --key issuer.jwk --iss https://id.vneid.example \\\n"
    "      --vct " VNEID_VCT_PID " --holder holder.jwk --sd-all \\\n"
    "      --exp $(date -d '+1 year' +%s) claims.json > pid.sdjwt\n",
  .run = run_issue,
};
