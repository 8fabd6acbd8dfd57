/* vneid-verify-response.c: `vneid verify-response`, the portal checking a wallet's vp_token
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>

#include "vneid-tool.h"

/* VP_TOKEN.json holds the vp_token object, or the whole response
 * {"vp_token": {…}, "state": "…"}. */
static char *
read_response (const char  *path,
               char       **state,
               GError     **error)
{
  g_autofree char *text = vneid_tool_read_text (path, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *token;

  if (text == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, text, -1, error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED, "%s: not a JSON object", path);
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  token = json_object_get_member (object, "vp_token");
  if (token == NULL)
    return g_steal_pointer (&text);
  if (*state == NULL && json_object_has_member (object, "state"))
    *state = g_strdup (json_object_get_string_member_with_default (object, "state", ""));
  if (JSON_NODE_HOLDS_VALUE (token) && json_node_get_value_type (token) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (token));
  return vneid_tool_json_to_line (token);
}

static void
report_dropped (VneidOpenid4vpTransaction *transaction)
{
  g_auto(GStrv) dropped = vneid_openid4vp_transaction_list_dropped_claims (transaction);

  for (char **d = dropped; *d != NULL; d++)
    {
      g_autofree char *cell = vneid_tool_make_cell (*d, 200);

      fprintf (stderr, "vneid: note: dropped a claim the request did not ask for: %s\n", cell);
    }
}

static gboolean
print_form (VneidProfile  *profile,
            const char    *form_id,
            gint64         at,
            GError       **error)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_tool_load_plugins (NULL, error);
  g_autoptr(VneidDate) visit_date = NULL;
  g_autoptr(VneidFormMapper) mapper = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  g_autofree char *json = NULL;
  VneidFormMapper *shared;

  if (registry == NULL)
    return FALSE;
  shared = vneid_plugin_registry_lookup (registry, form_id);
  if (shared == NULL)
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED, "no plugin fills the form “%s”", form_id);
      return FALSE;
    }
  /* as `vneid fill` does: the visit is on the --at day */
  if (at != VNEID_TOOL_TIME_UNSET && vneid_tool_has_visit_date (shared) &&
      (visit_date = vneid_tool_parse_day ("--visit-date", NULL, at, error)) == NULL)
    return FALSE;
  mapper = vneid_tool_configure_mapper (registry, form_id, NULL, visit_date, error);
  if (mapper == NULL || (form = vneid_form_mapper_fill (mapper, profile, error)) == NULL)
    return FALSE;
  json = vneid_filled_form_to_json (form, FALSE);
  vneid_tool_print_line (json);
  return TRUE;
}

static gboolean
run_verify_response (const VneidCommand  *command,
                     char               **args,
                     GError             **error)
{
  g_auto(VneidToolVerifierOptions) options = { 0 };
  g_autofree char *request_path = NULL;
  g_autofree char *form_id = NULL;
  g_autofree char *state = NULL;
  const GOptionEntry entries[] = {
    { "request", 0, 0, G_OPTION_ARG_FILENAME, &request_path, "The request the portal sent: the request object or its JSON (required)", "REQUEST" },
    { "form", 0, 0, VNEID_TOOL_ARG_TEXT, &form_id, "Print this form filled from the profile instead of the profile", "FORM_ID" },
    { "state", 0, 0, VNEID_TOOL_ARG_TEXT, &state, "The posted state (default: from the response file, else the request's)", "S" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidVerifier) verifier = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = NULL;
  g_autoptr(VneidOpenid4vpTransaction) transaction = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_autofree char *request_text = NULL;
  g_autofree char *vp_token = NULL;
  g_autofree char *json = NULL;

  if (!vneid_tool_parse_verifier_options (command, &options, entries, &args, error) ||
      !vneid_tool_require_option ("--request", request_path, error) ||
      !vneid_tool_check_arguments (args, 1, 1, error))
    return FALSE;

  if ((verifier = vneid_tool_make_verifier (&options, error)) == NULL ||
      (request_text = vneid_tool_read_text (request_path, error)) == NULL ||
      (request = vneid_openid4vp_request_parse (request_text, error)) == NULL ||
      (vp_token = read_response (args[1], &state, error)) == NULL)
    return FALSE;
  transaction = vneid_openid4vp_transaction_new (request);
  profile = vneid_openid4vp_transaction_verify_response (transaction, verifier, vp_token,
                                                         state ? state : vneid_openid4vp_request_get_state (request),
                                                         error);
  if (profile == NULL)
    {
      g_prefix_error (error, "rejected: ");
      return FALSE;
    }
  report_dropped (transaction);
  if (form_id != NULL)
    return print_form (profile, form_id, options.at, error);
  json = vneid_profile_to_json (profile, FALSE);
  vneid_tool_print_line (json);
  return TRUE;
}

const VneidCommand vneid_command_verify_response = {
  .name = "verify-response",
  .parameter_string = "VP_TOKEN.json",
  .summary = "Verify a wallet's vp_token against the request sent, and build the profile (or fill a form).",
  .description =
    "VP_TOKEN.json is the posted vp_token (a JSON object keyed by credential\n"
    "query id), or the response {\"vp_token\": …, \"state\": …}. Checks the state\n"
    "and the request's expiry (by --at), every presentation with the request's\n"
    "nonce and full client id as KB-JWT audience (trust as `vneid verify`:\n"
    "--trust, --allow, --status-list, --skip-status), and that the DCQL query\n"
    "is satisfied; claims the query did not ask for are dropped from the\n"
    "profile, each noted on standard error.\n"
    "\n"
    "Output: the verified profile as JSON, or with --form the filled form as\n"
    "JSON (as `vneid fill --json`).\n"
    "\n"
    "Exit status: 0 verified; 1 rejected (the reason on standard error); 2\n"
    "usage error.\n"
    "\n"
    "Example:\n"
    "  vneid verify-response --request request.jwt --trust population-db.metadata.json \\\n"
    "      --skip-status --form vn.bca.ct01 vp_token.json\n",
  .run = run_verify_response,
};
