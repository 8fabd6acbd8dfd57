/* vneid-verify.c: `vneid verify`, one presentation or a batch of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

typedef struct {
  char   **trust_paths;
  char   **status_list_paths;
  char   **allowed;
  char    *nonce;
  char    *audience;
  char    *at;
  gboolean skip_status;
  gboolean batch;
  gboolean quiet;
} VerifyOptions;

static void
verify_options_clear (VerifyOptions *options)
{
  g_strfreev (options->trust_paths);
  g_strfreev (options->status_list_paths);
  g_strfreev (options->allowed);
  g_free (options->nonce);
  g_free (options->audience);
  g_free (options->at);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VerifyOptions, verify_options_clear)

/* Each element is a GStrv { vct, issuer }. */
static GPtrArray *
parse_allowed_pairs (char    **texts,
                     GError  **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (char **text = texts; text != NULL && *text != NULL; text++)
    {
      char **pair = g_new0 (char *, 3);

      g_ptr_array_add (pairs, pair);
      if (!vneid_tool_split_assignment ("--allow", *text, &pair[0], &pair[1], error))
        return NULL;
    }
  return g_steal_pointer (&pairs);
}

static gboolean
check_verify_options (VerifyOptions  *options,
                      gint64         *at,
                      GPtrArray     **allowed_pairs,
                      GError        **error)
{
  if (!vneid_tool_require_option ("--trust", options->trust_paths, error) ||
      !vneid_tool_require_together ("--nonce", options->nonce, "--audience", options->audience, error))
    return FALSE;

  if (options->quiet && !options->batch)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "--quiet only applies to --batch");
      return FALSE;
    }
  if (!vneid_tool_parse_time ("--at", options->at, at, error))
    return FALSE;

  *allowed_pairs = parse_allowed_pairs (options->allowed, error);
  return *allowed_pairs != NULL;
}

/* Without --allow, every trusted issuer may issue any vct. */
static gboolean
allow_issuer_types (VneidTrustStore  *store,
                    GPtrArray        *allowed_pairs,
                    GError          **error)
{
  g_auto(GStrv) issuers = vneid_trust_store_list_issuers (store);

  if (allowed_pairs->len == 0)
    {
      for (char **issuer = issuers; *issuer != NULL; issuer++)
        vneid_trust_store_allow_all_types (store, *issuer);
      return TRUE;
    }

  for (guint i = 0; i < allowed_pairs->len; i++)
    {
      char **pair = g_ptr_array_index (allowed_pairs, i);

      /* Most likely a typo; the credentials would all be rejected anyway. */
      if (!g_strv_contains ((const char * const *) issuers, pair[1]))
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                       "--allow %s=%s: no --trust metadata is for issuer “%s”",
                       pair[0], pair[1], pair[1]);
          return FALSE;
        }
      vneid_trust_store_allow (store, pair[0], pair[1]);
    }
  return TRUE;
}

static VneidTrustStore *
load_trust_store (char      **trust_paths,
                  GPtrArray  *allowed_pairs,
                  GError    **error)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();

  for (char **path = trust_paths; *path != NULL; path++)
    if (!vneid_trust_store_add_metadata_file (store, *path, error))
      return NULL;

  if (!allow_issuer_types (store, allowed_pairs, error))
    return NULL;
  return g_steal_pointer (&store);
}

static gboolean
add_status_lists (VneidVerifier  *verifier,
                  char          **paths,
                  GError        **error)
{
  for (char **path = paths; path != NULL && *path != NULL; path++)
    {
      g_autofree char *token = vneid_tool_read_text (*path, error);

      if (token == NULL)
        return FALSE;
      if (!vneid_verifier_add_status_list (verifier, token, error))
        {
          g_prefix_error (error, "status list %s: ", *path);
          return FALSE;
        }
    }
  return TRUE;
}

static VneidVerifier *
make_verifier (VerifyOptions  *options,
               gint64          at,
               GPtrArray      *allowed_pairs,
               GError        **error)
{
  g_autoptr(VneidTrustStore) store = load_trust_store (options->trust_paths, allowed_pairs, error);
  g_autoptr(VneidVerifier) verifier = NULL;

  if (store == NULL)
    return NULL;

  verifier = vneid_verifier_new (store);
  /* The clock comes first: status list tokens are checked against it. */
  if (at != VNEID_TOOL_TIME_UNSET)
    vneid_verifier_set_time (verifier, at);
  if (options->skip_status)
    vneid_verifier_set_check_status (verifier, FALSE);
  if (options->nonce != NULL)
    vneid_verifier_require_key_binding (verifier, options->nonce, options->audience);

  if (!add_status_lists (verifier, options->status_list_paths, error))
    return NULL;
  return g_steal_pointer (&verifier);
}

static gboolean
verify_one (VneidVerifier  *verifier,
            const char     *path,
            GError        **error)
{
  g_autofree char *presentation = vneid_tool_read_text (path, error);
  g_autoptr(VneidVerifiedCredential) credential = NULL;
  g_autofree char *json = NULL;

  if (presentation == NULL)
    return FALSE;

  credential = vneid_verifier_verify (verifier, presentation, error);
  if (credential == NULL)
    {
      g_prefix_error (error, "rejected: ");
      return FALSE;
    }

  json = vneid_verified_credential_to_json (credential, FALSE);
  vneid_tool_print_line (json);
  return TRUE;
}

static void
print_batch_rejection (const char *message,
                       guint64     line_number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, (gint64) line_number);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  vneid_tool_print_json (root);
}

typedef struct {
  guint64 verified;
  guint64 rejected;
} BatchCounts;

static void
report_batch_result (VneidVerifiedCredential *credential,
                     const GError            *rejection,
                     guint64                  line_number,
                     gboolean                 quiet,
                     BatchCounts             *counts)
{
  if (credential != NULL)
    counts->verified++;
  else
    counts->rejected++;

  if (quiet)
    return;

  if (credential != NULL)
    {
      g_autofree char *json = vneid_verified_credential_to_json (credential, FALSE);

      vneid_tool_print_line (json);
    }
  else
    print_batch_rejection (rejection->message, line_number);
  fflush (stdout);
}

/* Reads line by line, so that a producer can stream presentations through
 * a pipe and see each answer as soon as it is made. */
static gboolean
verify_batch (VneidVerifier  *verifier,
              const char     *path,
              gboolean        quiet,
              GError        **error)
{
  g_autoptr(GInputStream) input = vneid_tool_open_input (path, error);
  g_autoptr(GDataInputStream) lines = NULL;
  BatchCounts counts = { 0, 0 };
  guint64 line_number = 0;

  if (input == NULL)
    return FALSE;
  lines = g_data_input_stream_new (input);
  g_data_input_stream_set_newline_type (lines, G_DATA_STREAM_NEWLINE_TYPE_LF);

  for (;;)
    {
      gsize length = 0;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = g_data_input_stream_read_line (lines, &length, NULL, &local_error);
      g_autoptr(VneidVerifiedCredential) credential = NULL;

      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "%s: ", g_str_equal (path, "-") ? "standard input" : path);
          return FALSE;
        }
      if (line == NULL)
        break;

      line_number++;
      /* An embedded NUL would hide the rest of the line from the library,
       * which could then accept a prefix of what was sent. */
      if (memchr (line, '\0', length) != NULL)
        g_set_error_literal (&local_error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                             "the line contains a NUL byte");
      else if (*g_strstrip (line) == '\0')
        continue;
      else
        credential = vneid_verifier_verify (verifier, line, &local_error);

      report_batch_result (credential, local_error, line_number, quiet, &counts);
    }

  if (quiet)
    {
      g_autofree char *summary = g_strdup_printf ("verified %" G_GUINT64_FORMAT ", rejected %" G_GUINT64_FORMAT,
                                                  counts.verified, counts.rejected);

      vneid_tool_print_line (summary);
    }

  if (counts.rejected > 0)
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                   "rejected %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " presentations",
                   counts.rejected, counts.verified + counts.rejected);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_verify (const VneidCommand  *command,
            char               **args,
            GError             **error)
{
  g_auto(VerifyOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.trust_paths, "Trust the issuer of this JWT VC Issuer Metadata (required, repeatable)", "METADATA.json" },
    { "allow", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options.allowed, "Accept credential type VCT from ISSUER only (repeatable)", "VCT=ISSUER" },
    { "status-list", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.status_list_paths, "A status list token to check credentials against (repeatable)", "FILE" },
    { "skip-status", 0, 0, G_OPTION_ARG_NONE, &options.skip_status, "Do not check credential status", NULL },
    { "nonce", 0, 0, VNEID_TOOL_ARG_TEXT, &options.nonce, "Require key binding with this nonce (with --audience)", "NONCE" },
    { "audience", 0, 0, VNEID_TOOL_ARG_TEXT, &options.audience, "Require key binding to this audience (with --nonce)", "AUDIENCE" },
    { "at", 0, 0, VNEID_TOOL_ARG_TEXT, &options.at, "Verify as of this time (Unix time; default now)", "UNIX" },
    { "batch", 0, 0, G_OPTION_ARG_NONE, &options.batch, "Verify one presentation per line", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options.quiet, "With --batch: print only the closing count", NULL },
    G_OPTION_ENTRY_NULL
  };
  gint64 at;
  g_autoptr(GPtrArray) allowed_pairs = NULL;
  g_autoptr(VneidVerifier) verifier = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !check_verify_options (&options, &at, &allowed_pairs, error) ||
      !vneid_tool_check_arguments (args, 1, 1, error))
    return FALSE;

  verifier = make_verifier (&options, at, allowed_pairs, error);
  if (verifier == NULL)
    return FALSE;

  if (options.batch)
    return verify_batch (verifier, args[1], options.quiet, error);
  return verify_one (verifier, args[1], error);
}

const VneidCommand vneid_command_verify = {
  .name = "verify",
  .parameter_string = "FILE|-",
  .summary = "Verify an SD-JWT VC presentation and print its processed claims as JSON.",
  .description =
    "Trust: each --trust document trusts its issuer's keys. Without --allow,\n"
    "a trusted issuer may issue any credential type (vct); with --allow, only\n"
    "the VCT=ISSUER pairs given are accepted.\n"
    "\n"
    "Key binding is required exactly when --nonce and --audience are given.\n"
    "A credential with a \"status\" claim is rejected unless a --status-list for\n"
    "its URI is given, or --skip-status.\n"
    "\n"
    "Output: the processed payload as one JSON object on one line. With\n"
    "--batch, one line per input line: the payload, or {\"error\": MESSAGE,\n"
    "\"line\": N} for a rejected one (empty lines are skipped); with --quiet,\n"
    "only `verified N, rejected M`.\n"
    "\n"
    "Exit status: 0 verified (with --batch: all of them), 1 rejected or\n"
    "invalid input, 2 usage error.\n"
    "\n"
    "Example:\n"
    "  vneid verify --trust issuer-metadata.json --status-list status-1.jwt \\\n"
    "      --nonce n-123 --audience https://dichvucong.gov.vn.example presentation.txt\n",
  .run = run_verify,
};
