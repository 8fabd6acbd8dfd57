/* vneid-request.c: `vneid request`, a portal's OpenID4VP request for the data its forms read
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

typedef struct {
  char  *client_id;
  char  *response_uri;
  char **forms;
  char  *key_path;
  char  *attestation_path;
  char  *nonce;
  char  *state;
  char  *at;
  gboolean json;
} RequestOptions;

static void
request_options_clear (RequestOptions *options)
{
  g_free (options->client_id);
  g_free (options->response_uri);
  g_strfreev (options->forms);
  g_free (options->key_path);
  g_free (options->attestation_path);
  g_free (options->nonce);
  g_free (options->state);
  g_free (options->at);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RequestOptions, request_options_clear)

/* With --key, a bare client identifier means verifier_attestation:. */
static char *
full_client_id (RequestOptions  *options,
                GError         **error)
{
  gboolean attested = g_str_has_prefix (options->client_id, VNEID_VERIFIER_ATTESTATION_PREFIX);
  gboolean local = g_str_has_prefix (options->client_id, VNEID_REDIRECT_URI_PREFIX);

  if (options->key_path != NULL && local)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "a redirect_uri: request is unsigned: drop --key and --attestation");
      return NULL;
    }
  if (options->key_path == NULL && !local)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "without --key only a redirect_uri: client id is allowed (local development)");
      return NULL;
    }
  if (options->key_path != NULL && !attested)
    return g_strconcat (VNEID_VERIFIER_ATTESTATION_PREFIX, options->client_id, NULL);
  return g_strdup (options->client_id);
}

static VneidOpenid4vpRequest *
make_request (RequestOptions  *options,
              const char      *client_id,
              gint64           at,
              GError         **error)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_tool_load_plugins (NULL, error);
  g_autoptr(VneidDcqlQuery) query = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = NULL;

  if (registry == NULL)
    return NULL;
  query = vneid_dcql_query_new_for_forms (registry, (const char *const *) options->forms, error);
  if (query == NULL)
    return NULL;
  request = vneid_openid4vp_request_new (client_id, options->response_uri, query,
                                         at == VNEID_TOOL_TIME_UNSET ? 0 : at, error);
  if (request == NULL ||
      (options->nonce != NULL && !vneid_openid4vp_request_set_nonce (request, options->nonce, error)) ||
      (options->state != NULL && !vneid_openid4vp_request_set_state (request, options->state, error)))
    return NULL;
  return g_steal_pointer (&request);
}

static char *
sign_request (VneidOpenid4vpRequest  *request,
              RequestOptions         *options,
              GError                **error)
{
  g_autoptr(VneidKey) key = vneid_key_new_from_file (options->key_path, error);
  g_autofree char *attestation = NULL;

  if (key == NULL)
    return NULL;
  attestation = vneid_tool_read_text (options->attestation_path, error);
  if (attestation == NULL)
    return NULL;
  return vneid_openid4vp_request_sign (request, key, g_strstrip (attestation), error);
}

static gboolean
run_request (const VneidCommand  *command,
             char               **args,
             GError             **error)
{
  g_auto(RequestOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "client-id", 0, 0, VNEID_TOOL_ARG_TEXT, &options.client_id, "The portal's client identifier: verifier_attestation:… (with --key) or redirect_uri:… (required)", "ID" },
    { "response-uri", 0, 0, VNEID_TOOL_ARG_TEXT, &options.response_uri, "Where the wallet posts its response (required)", "URI" },
    { "form", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options.forms, "Ask for what this form reads (required, repeatable)", "FORM_ID" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options.key_path, "The portal's private JWK: sign the request object (with --attestation)", "PORTAL.jwk" },
    { "attestation", 0, 0, G_OPTION_ARG_FILENAME, &options.attestation_path, "The portal's Verifier Attestation JWT (with --key)", "FILE" },
    { "nonce", 0, 0, VNEID_TOOL_ARG_TEXT, &options.nonce, "Use this nonce (default 256 random bits)", "N" },
    { "state", 0, 0, VNEID_TOOL_ARG_TEXT, &options.state, "Use this state (default 128 random bits)", "S" },
    { "at", 0, 0, VNEID_TOOL_ARG_TEXT, &options.at, "The request's time, iat (Unix time; default now); it expires 300 s later", "UNIX" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, "Print the request's parameters as JSON instead of the signed object", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidOpenid4vpRequest) request = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *output = NULL;
  gint64 at;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_require_option ("--client-id", options.client_id, error) ||
      !vneid_tool_require_option ("--response-uri", options.response_uri, error) ||
      !vneid_tool_require_option ("--form", options.forms, error) ||
      !vneid_tool_require_together ("--key", options.key_path, "--attestation", options.attestation_path, error) ||
      !vneid_tool_parse_time ("--at", options.at, &at, error) ||
      !vneid_tool_check_arguments (args, 0, 0, error) ||
      (client_id = full_client_id (&options, error)) == NULL)
    return FALSE;

  request = make_request (&options, client_id, at, error);
  if (request == NULL)
    return FALSE;
  if (options.json || options.key_path == NULL)
    output = vneid_openid4vp_request_to_json (request, FALSE);
  else
    output = sign_request (request, &options, error);
  if (output == NULL)
    return FALSE;
  vneid_tool_print_line (output);
  return TRUE;
}

const VneidCommand vneid_command_request = {
  .name = "request",
  .parameter_string = NULL,
  .summary = "Make an OpenID4VP request (DCQL) for exactly what the given forms read.",
  .description =
    "The DCQL query asks for the claims the --form mappings read, each from\n"
    "the credential type a profile keeps it from (docs/openid4vp.md).\n"
    "The request: response_type vp_token, response_mode direct_post to\n"
    "--response-uri, nonce, state, dcql_query, client_metadata (dc+sd-jwt,\n"
    "Ed25519), iat and exp (300 s later).\n"
    "\n"
    "With --key and --attestation the client identifier is\n"
    "verifier_attestation:ID and the output is the signed request object\n"
    "(JWS typ oauth-authz-req+jwt, the attestation in its jwt header); --json\n"
    "prints its payload instead. Without --key only a redirect_uri: client\n"
    "identifier is allowed (local development) and the payload is printed.\n"
    "\n"
    "Example:\n"
    "  vneid request --client-id verifier_attestation:dichvucong.example \\\n"
    "      --response-uri https://dichvucong.example/openid4vp/response \\\n"
    "      --form vn.bca.ct01 --key portal.jwk --attestation portal.va.jwt > request.jwt\n",
  .run = run_request,
};
