/* vneid-receive.c: `vneid receive`, the wallet side of OpenID4VCI
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

#if VNEID_HAS_OPENID4VCI_CLIENT
static gboolean
receive (const char  *offer_uri,
         const char  *tx_code,
         const char  *holder_path,
         const char  *configuration_id,
         GError     **error)
{
  g_autoptr(VneidKey) holder = vneid_key_new_from_file (holder_path, error);
  g_autoptr(VneidOpenid4vciClient) client = vneid_openid4vci_client_new ();
  g_autoptr(VneidOpenid4vciOffer) offer = NULL;
  g_autofree char *credential = NULL;

  if (holder == NULL)
    return FALSE;
  offer = vneid_openid4vci_client_resolve_offer (client, offer_uri, NULL, error);
  if (offer == NULL)
    return FALSE;
  credential = vneid_openid4vci_client_receive (client, offer, configuration_id, tx_code, holder, NULL, error);
  if (credential == NULL)
    return FALSE;
  vneid_tool_print_line (credential);
  return TRUE;
}
#endif

static gboolean
run_receive (const VneidCommand  *command,
             char               **args,
             GError             **error)
{
  g_autofree char *holder_path = NULL;
  g_autofree char *tx_code = NULL;
  g_autofree char *configuration_id = NULL;
  const GOptionEntry entries[] = {
    { "holder", 0, 0, G_OPTION_ARG_FILENAME, &holder_path, "The wallet's private key; the credential is bound to it", "HOLDER.jwk" },
    { "tx-code", 0, 0, VNEID_TOOL_ARG_TEXT, &tx_code, "The transaction code the issuer sent (by SMS)", "CODE" },
    { "credential", 0, 0, VNEID_TOOL_ARG_TEXT, &configuration_id, "Which of the offered credential configurations (default: the first)", "ID" },
    G_OPTION_ENTRY_NULL
  };

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_check_arguments (args, 1, 1, error) ||
      !vneid_tool_require_option ("--holder", holder_path, error))
    return FALSE;
#if VNEID_HAS_OPENID4VCI_CLIENT
  return receive (args[1], tx_code, holder_path, configuration_id, error);
#else
  g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
               "this vneid was built without the OpenID4VCI client (meson option http_client, libsoup 3)");
  return FALSE;
#endif
}

const VneidCommand vneid_command_receive = {
  .name = "receive",
  .parameter_string = "OFFER_URI",
  .summary = "Obtain a credential from an OpenID4VCI credential offer (pre-authorized code).",
  .description =
    "Walks the pre-authorized code flow of OpenID4VCI 1.0 as a wallet: reads the\n"
    "offer (openid-credential-offer://…, fetched when passed by reference), the\n"
    "issuer's metadata, trades the code and --tx-code for an access token, gets\n"
    "a c_nonce, and requests the credential with a key proof of --holder. Prints\n"
    "the issued SD-JWT VC (one line); it is not verified: run `vneid verify`.\n"
    "Only https URLs are used (plain http only to this machine).\n"
    "\n"
    "Example:\n"
    "  vneid receive 'openid-credential-offer://?credential_offer=…' \\\n"
    "      --tx-code 493536 --holder wallet.jwk > pid.sd-jwt\n",
  .run = run_receive,
};
