/* vneid-tool-verifier.c: the verifier options `vneid verify` and `vneid profile` share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>

#include "vneid-tool.h"

void
vneid_tool_verifier_options_clear (VneidToolVerifierOptions *options)
{
  g_strfreev (options->trust_paths);
  g_strfreev (options->status_list_paths);
  g_strfreev (options->allowed);
  g_free (options->nonce);
  g_free (options->audience);
  g_free (options->at_text);
  g_clear_pointer (&options->allowed_pairs, g_ptr_array_unref);
}

gboolean
vneid_tool_parse_verifier_options (const VneidCommand        *command,
                                   VneidToolVerifierOptions  *options,
                                   const GOptionEntry        *entries,
                                   char                    ***args,
                                   GError                   **error)
{
  const GOptionEntry verifier_entries[] = {
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->trust_paths, "Trust the issuer of this JWT VC Issuer Metadata (required, repeatable)", "METADATA.json" },
    { "allow", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options->allowed, "Accept credential type VCT from ISSUER only (repeatable)", "VCT=ISSUER" },
    { "status-list", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->status_list_paths, "A status list token to check credentials against (repeatable)", "FILE" },
    { "skip-status", 0, 0, G_OPTION_ARG_NONE, &options->skip_status, "Do not check credential status", NULL },
    { "nonce", 0, 0, VNEID_TOOL_ARG_TEXT, &options->nonce, "Require key binding with this nonce (with --audience)", "NONCE" },
    { "audience", 0, 0, VNEID_TOOL_ARG_TEXT, &options->audience, "Require key binding to this audience (with --nonce)", "AUDIENCE" },
    { "at", 0, 0, VNEID_TOOL_ARG_TEXT, &options->at_text, "Verify as of this time (Unix time; default now)", "UNIX" },
    G_OPTION_ENTRY_NULL
  };

  if (!vneid_tool_parse_options_with (command, verifier_entries, entries, args, error) ||
      !vneid_tool_require_option ("--trust", options->trust_paths, error) ||
      !vneid_tool_require_together ("--nonce", options->nonce, "--audience", options->audience, error) ||
      !vneid_tool_parse_time ("--at", options->at_text, &options->at, error))
    return FALSE;

  /* Each element is a GStrv { vct, issuer }. */
  options->allowed_pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (char **text = options->allowed; text != NULL && *text != NULL; text++)
    {
      char **pair = g_new0 (char *, 3);

      g_ptr_array_add (options->allowed_pairs, pair);
      if (!vneid_tool_split_assignment ("--allow", *text, &pair[0], &pair[1], error))
        return FALSE;
    }
  return TRUE;
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

/* The metadata keys the store skipped are not errors, but a verification
 * that then fails for want of a key is baffling without them. */
static void
print_trust_store_warnings (VneidTrustStore *store)
{
  g_auto(GStrv) warnings = vneid_trust_store_get_warnings (store);

  for (char **warning = warnings; *warning != NULL; warning++)
    {
      g_autofree char *line = vneid_tool_printable (*warning);

      fprintf (stderr, "vneid: warning: %s\n", line);
    }
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

  print_trust_store_warnings (store);
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

VneidVerifier *
vneid_tool_make_verifier (VneidToolVerifierOptions  *options,
                          GError                   **error)
{
  g_autoptr(VneidTrustStore) store = load_trust_store (options->trust_paths, options->allowed_pairs, error);
  g_autoptr(VneidVerifier) verifier = NULL;

  if (store == NULL)
    return NULL;

  verifier = vneid_verifier_new (store);
  /* The clock comes first: status list tokens are checked against it. */
  if (options->at != VNEID_TOOL_TIME_UNSET)
    vneid_verifier_set_time (verifier, options->at);
  if (options->skip_status)
    vneid_verifier_set_check_status (verifier, FALSE);
  if (options->nonce != NULL)
    vneid_verifier_require_key_binding (verifier, options->nonce, options->audience);

  if (!add_status_lists (verifier, options->status_list_paths, error))
    return NULL;
  return g_steal_pointer (&verifier);
}
