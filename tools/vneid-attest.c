/* vneid-attest.c: `vneid attest`, a registration authority's Verifier Attestation JWT for a portal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

/* One year, when --exp is not given. */
#define DEFAULT_VALIDITY (365 * 24 * 3600)

typedef struct {
  char  *key_path;
  char  *issuer;
  char  *client_id;
  char  *portal_key_path;
  char  *name;
  char  *purpose;
  char **forms;
  char **allowed;
  char  *exp;
} AttestOptions;

static void
attest_options_clear (AttestOptions *options)
{
  g_free (options->key_path);
  g_free (options->issuer);
  g_free (options->client_id);
  g_free (options->portal_key_path);
  g_free (options->name);
  g_free (options->purpose);
  g_strfreev (options->forms);
  g_strfreev (options->allowed);
  g_free (options->exp);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AttestOptions, attest_options_clear)

static void
add_unique (GPtrArray *list,
            char     **strings)
{
  for (char **s = strings; *s != NULL; s++)
    if (!g_ptr_array_find_with_equal_func (list, *s, g_str_equal, NULL))
      g_ptr_array_add (list, g_strdup (*s));
}

/* What the query derived for @query_of asks: its claims and types. */
static void
add_query (GPtrArray      *paths,
           GPtrArray      *vcts,
           VneidDcqlQuery *query)
{
  g_auto(GStrv) query_paths = vneid_dcql_query_list_claim_paths (query);
  g_auto(GStrv) query_vcts = vneid_dcql_query_list_vcts (query);

  add_unique (paths, query_paths);
  add_unique (vcts, query_vcts);
}

/* --form: what the form's query asks; --allow: the paths, and the types
 * that can supply them. */
static gboolean
collect_registration (AttestOptions  *options,
                      GPtrArray      *paths,
                      GPtrArray      *vcts,
                      GError        **error)
{
  if (options->forms != NULL)
    {
      g_autoptr(VneidPluginRegistry) registry = vneid_tool_load_plugins (NULL, error);
      g_autoptr(VneidDcqlQuery) query = NULL;

      if (registry == NULL)
        return FALSE;
      query = vneid_dcql_query_new_for_forms (registry, (const char *const *) options->forms, error);
      if (query == NULL)
        return FALSE;
      add_query (paths, vcts, query);
    }
  if (options->allowed != NULL)
    {
      g_autoptr(VneidDcqlQuery) query = vneid_dcql_query_new_for_paths ((const char *const *) options->allowed,
                                                                        0, error);

      if (query == NULL)
        return FALSE;
      add_unique (paths, options->allowed);
      add_query (paths, vcts, query);
    }
  return TRUE;
}

static gboolean
run_attest (const VneidCommand  *command,
            char               **args,
            GError             **error)
{
  g_auto(AttestOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options.key_path, "The registration authority's private JWK (required)", "AUTHORITY.jwk" },
    { "iss", 0, 0, VNEID_TOOL_ARG_TEXT, &options.issuer, "The authority's identifier, as in its metadata (required)", "URL" },
    { "client-id", 0, 0, VNEID_TOOL_ARG_TEXT, &options.client_id, "The portal's client identifier, with or without verifier_attestation: (required)", "ID" },
    { "portal-key", 0, 0, G_OPTION_ARG_FILENAME, &options.portal_key_path, "The portal's request-signing JWK (its public part is attested; required)", "PORTAL.jwk" },
    { "name", 0, 0, VNEID_TOOL_ARG_TEXT, &options.name, "The portal's registered name (required)", "NAME" },
    { "purpose", 0, 0, VNEID_TOOL_ARG_TEXT, &options.purpose, "What the portal asks the data for (required)", "TEXT" },
    { "form", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options.forms, "Allow what this form's query asks (repeatable)", "FORM_ID" },
    { "allow", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &options.allowed, "Allow this profile path and what lies below it (repeatable)", "PATH" },
    { "exp", 0, 0, VNEID_TOOL_ARG_TEXT, &options.exp, "Expires at (Unix time; default a year from now)", "UNIX" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) vcts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VneidKey) authority_key = NULL;
  g_autoptr(VneidKey) portal_key = NULL;
  g_autofree char *jwt = NULL;
  gint64 now = vneid_tool_now (), exp;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_require_option ("--key", options.key_path, error) ||
      !vneid_tool_require_option ("--iss", options.issuer, error) ||
      !vneid_tool_require_option ("--client-id", options.client_id, error) ||
      !vneid_tool_require_option ("--portal-key", options.portal_key_path, error) ||
      !vneid_tool_require_option ("--name", options.name, error) ||
      !vneid_tool_require_option ("--purpose", options.purpose, error) ||
      !vneid_tool_parse_time ("--exp", options.exp, &exp, error) ||
      !vneid_tool_check_arguments (args, 0, 0, error))
    return FALSE;
  if (options.forms == NULL && options.allowed == NULL)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "give at least one --form or --allow: what the portal may ask for");
      return FALSE;
    }
  if (exp == VNEID_TOOL_TIME_UNSET)
    exp = now + DEFAULT_VALIDITY;

  if (!collect_registration (&options, paths, vcts, error) ||
      (authority_key = vneid_key_new_from_file (options.key_path, error)) == NULL ||
      (portal_key = vneid_key_new_from_file (options.portal_key_path, error)) == NULL)
    return FALSE;
  g_ptr_array_add (paths, NULL);
  g_ptr_array_add (vcts, NULL);
  jwt = vneid_verifier_attestation_issue (authority_key, options.issuer, options.client_id, portal_key,
                                          options.name, options.purpose, (const char *const *) paths->pdata,
                                          (const char *const *) vcts->pdata, MIN (now, exp - 1), exp, error);
  if (jwt == NULL)
    return FALSE;
  vneid_tool_print_line (jwt);
  return TRUE;
}

const VneidCommand vneid_command_attest = {
  .name = "attest",
  .parameter_string = NULL,
  .summary = "Issue a Verifier Attestation JWT: a registration authority vouches for a portal.",
  .description =
    "The attestation (header typ verifier-attestation+jwt, signed with --key)\n"
    "names the portal (sub: --client-id without its verifier_attestation:\n"
    "prefix), binds its request-signing key (cnf.jwk: the public part of\n"
    "--portal-key), and records its registered name, purpose, the claims it\n"
    "may ask for (allowed_claims: what each --form's DCQL query asks, and each\n"
    "--allow path) and the credential types that supply them (allowed_vcts).\n"
    "Wallets trust the authority through its JWT VC Issuer Metadata\n"
    "(`vneid issuer-metadata`), given to `vneid wallet respond --attesters`.\n"
    "\n"
    "Example:\n"
    "  vneid attest --key authority.jwk --iss https://dangky.vneid.example \\\n"
    "      --client-id verifier_attestation:dichvucong.example --portal-key portal.jwk \\\n"
    "      --name 'Cổng Dịch vụ công' --purpose 'Đăng ký thường trú' --form vn.bca.ct01 > portal.va.jwt\n",
  .run = run_attest,
};
