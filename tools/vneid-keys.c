/* vneid-keys.c: `vneid keygen`, `vneid pubkey` and `vneid issuer-metadata`
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

static gboolean
run_keygen (const VneidCommand  *command,
            char               **args,
            GError             **error)
{
  g_autofree char *kid = NULL;
  const GOptionEntry entries[] = {
    { "kid", 0, 0, VNEID_TOOL_ARG_TEXT, &kid, "Key ID (\"kid\") to give the key", "KID" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidKey) key = NULL;
  g_auto(VneidToolSecret) jwk = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_check_arguments (args, 0, 0, error))
    return FALSE;

  key = vneid_key_generate (kid, error);
  if (key == NULL)
    return FALSE;

  jwk = vneid_key_to_jwk (key, TRUE);
  vneid_tool_print_line (jwk);
  return TRUE;
}

const VneidCommand vneid_command_keygen = {
  .name = "keygen",
  .parameter_string = NULL,
  .summary = "Generate an Ed25519 key pair and print it as a private JWK (one line).",
  .description =
    "The JWK holds the private key (\"d\"): keep the file secret, and publish\n"
    "only what `vneid pubkey` or `vneid issuer-metadata` make of it.\n"
    "\n"
    "Example:\n"
    "  vneid keygen --kid issuer-2025 > issuer.jwk\n",
  .run = run_keygen,
};

static gboolean
run_pubkey (const VneidCommand  *command,
            char               **args,
            GError             **error)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(VneidKey) key = NULL;
  g_autofree char *jwk = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_check_arguments (args, 1, 1, error))
    return FALSE;

  key = vneid_key_new_from_file (args[1], error);
  if (key == NULL)
    return FALSE;

  jwk = vneid_key_to_jwk (key, FALSE);
  vneid_tool_print_line (jwk);
  return TRUE;
}

const VneidCommand vneid_command_pubkey = {
  .name = "pubkey",
  .parameter_string = "KEY.jwk",
  .summary = "Print the public part of a JWK (without \"d\").",
  .description =
    "Example:\n"
    "  vneid pubkey holder.jwk > holder.pub.jwk\n",
  .run = run_pubkey,
};

static JsonNode *
build_issuer_metadata (const char  *issuer,
                       char       **key_paths,
                       GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, issuer);
  json_builder_set_member_name (builder, "jwks");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "keys");
  json_builder_begin_array (builder);

  for (char **path = key_paths; *path != NULL; path++)
    {
      g_autoptr(VneidKey) key = vneid_key_new_from_file (*path, error);
      g_autoptr(JsonObject) jwk = NULL;

      if (key == NULL)
        return NULL;
      jwk = vneid_key_to_jwk_object (key, FALSE);
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), jwk));
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Loading the document into a trust store catches, here and now, anything
 * `vneid verify --trust` would refuse later. */
static gboolean
check_issuer_metadata (JsonNode  *metadata,
                       GError   **error)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autofree char *text = vneid_tool_json_to_line (metadata);

  return vneid_trust_store_add_metadata (store, text, error);
}

static gboolean
run_issuer_metadata (const VneidCommand  *command,
                     char               **args,
                     GError             **error)
{
  g_autofree char *issuer = NULL;
  const GOptionEntry entries[] = {
    { "issuer", 0, 0, VNEID_TOOL_ARG_TEXT, &issuer, "The issuer identifier (required)", "URL" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(JsonNode) metadata = NULL;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_require_option ("--issuer", issuer, error) ||
      !vneid_tool_check_arguments (args, 1, -1, error))
    return FALSE;

  metadata = build_issuer_metadata (issuer, args + 1, error);
  if (metadata == NULL || !check_issuer_metadata (metadata, error))
    return FALSE;

  vneid_tool_print_json (metadata);
  return TRUE;
}

const VneidCommand vneid_command_issuer_metadata = {
  .name = "issuer-metadata",
  .parameter_string = "KEY.jwk…",
  .summary = "Print JWT VC Issuer Metadata ({\"issuer\", \"jwks\"}) for an issuer's keys.",
  .description =
    "This is the document an issuer serves at /.well-known/jwt-vc-issuer and\n"
    "what `vneid verify --trust` reads. Only public keys go into it, even when\n"
    "the key files are private JWKs.\n"
    "\n"
    "Example:\n"
    "  vneid issuer-metadata --issuer https://id.vneid.example issuer.jwk > issuer-metadata.json\n",
  .run = run_issuer_metadata,
};
