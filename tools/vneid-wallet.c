/* vneid-wallet.c: `vneid wallet respond`, the citizen's wallet answering an OpenID4VP request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>

#include "vneid-tool.h"

static VneidTrustStore *
load_authorities (char   **paths,
                  GError **error)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();

  for (char **path = paths; path != NULL && *path != NULL; path++)
    if (!vneid_trust_store_add_metadata_file (store, *path, error))
      return NULL;
  return g_steal_pointer (&store);
}

static GPtrArray *
load_credentials (char   **paths,
                  GError **error)
{
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

  for (char **path = paths; *path != NULL; path++)
    {
      g_autofree char *text = vneid_tool_read_text (*path, error);
      VneidCredential *credential;

      if (text == NULL)
        return NULL;
      credential = vneid_credential_new (text, error);
      if (credential == NULL)
        {
          g_prefix_error (error, "%s: ", *path);
          return NULL;
        }
      g_ptr_array_add (credentials, credential);
    }
  return g_steal_pointer (&credentials);
}

static VneidOpenid4vpRequest *
load_request (const char       *path,
              VneidTrustStore  *authorities,
              gint64            at,
              GError          **error)
{
  g_autofree char *text = vneid_tool_read_text (path, error);
  g_autoptr(VneidOpenid4vpRequest) request = NULL;

  if (text == NULL)
    return NULL;
  request = vneid_openid4vp_request_parse (text, error);
  if (request == NULL ||
      !vneid_openid4vp_request_verify (request, authorities, at == VNEID_TOOL_TIME_UNSET ? 0 : at, error))
    {
      g_prefix_error (error, "refused: ");
      return NULL;
    }
  return g_steal_pointer (&request);
}

static gboolean
respond (char   **args,
         char   **attester_paths,
         const char *key_path,
         gint64   at,
         GError **error)
{
  g_autoptr(VneidTrustStore) authorities = load_authorities (attester_paths, error);
  g_autoptr(VneidKey) holder_key = NULL;
  g_autoptr(GPtrArray) credentials = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = NULL;
  g_autoptr(VneidOpenid4vpConsent) consent = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *vp_token = NULL;

  if (authorities == NULL ||
      (holder_key = vneid_key_new_from_file (key_path, error)) == NULL ||
      (credentials = load_credentials (args + 2, error)) == NULL ||
      (request = load_request (args[1], authorities, at, error)) == NULL)
    return FALSE;
  consent = vneid_openid4vp_consent_new (request, (VneidCredential *const *) credentials->pdata,
                                         credentials->len, error);
  if (consent == NULL)
    {
      g_prefix_error (error, "cannot answer: ");
      return FALSE;
    }
  summary = vneid_openid4vp_consent_to_json (consent, TRUE);
  fprintf (stderr, "%s\n", summary);
  vp_token = vneid_openid4vp_consent_build_vp_token (consent, holder_key,
                                                     at == VNEID_TOOL_TIME_UNSET ? 0 : at, error);
  if (vp_token == NULL)
    return FALSE;
  vneid_tool_print_line (vp_token);
  return TRUE;
}

static gboolean
run_wallet (const VneidCommand  *command,
            char               **args,
            GError             **error)
{
  g_autofree char *key_path = NULL;
  g_auto(GStrv) attester_paths = NULL;
  g_autofree char *at_text = NULL;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, "The wallet's private JWK, the key the credentials are bound to (required)", "HOLDER.jwk" },
    { "attesters", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attester_paths, "Trust the registration authority of this metadata document (repeatable)", "METADATA.json" },
    { "at", 0, 0, VNEID_TOOL_ARG_TEXT, &at_text, "The wallet's clock and the KB-JWTs' iat (Unix time; default now)", "UNIX" },
    G_OPTION_ENTRY_NULL
  };
  gint64 at;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_require_option ("--key", key_path, error) ||
      !vneid_tool_parse_time ("--at", at_text, &at, error))
    return FALSE;
  if (args[1] == NULL || !g_str_equal (args[1], "respond"))
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "the wallet's action is missing: `vneid wallet respond REQUEST CREDENTIAL…`");
      return FALSE;
    }
  if (!vneid_tool_check_arguments (args + 1, 2, -1, error))
    return FALSE;
  return respond (args + 1, attester_paths, key_path, at, error);
}

const VneidCommand vneid_command_wallet = {
  .name = "wallet",
  .parameter_string = "respond REQUEST CREDENTIAL…",
  .summary = "Act as the citizen's wallet: answer an OpenID4VP request with a vp_token.",
  .description =
    "`respond` reads REQUEST (a signed request object, or its parameters as\n"
    "JSON) and checks it: a verifier_attestation: request must carry an\n"
    "attestation signed by an --attesters authority, not expired, be signed\n"
    "with the attested key, name the attested client id and ask for nothing\n"
    "beyond the registration; a redirect_uri: request is unsigned (local\n"
    "development). It matches the DCQL query against the CREDENTIAL files\n"
    "(issued SD-JWT VCs bound to --key), prints the consent summary (who\n"
    "asks, registered name, purpose, each claim with its value, credential,\n"
    "required or optional) as JSON on standard error, and the vp_token (a JSON\n"
    "object keyed by credential query id) on standard output: only the\n"
    "requested claims are disclosed, each presentation with a KB-JWT whose aud\n"
    "is the full client id and nonce the request's.\n"
    "\n"
    "Exit status: 0 answered; 1 the request is invalid, goes beyond its\n"
    "registration, or the credentials cannot satisfy it (the reason on\n"
    "standard error); 2 usage error.\n"
    "\n"
    "Example:\n"
    "  vneid wallet respond --key wallet.jwk --attesters authority.metadata.json \\\n"
    "      request.jwt pid.sdjwt contact.sdjwt > vp_token.json\n",
  .run = run_wallet,
};
