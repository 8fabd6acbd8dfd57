/* wallet-main.c: the vneid-wallet command
 *
 *   vneid-wallet serve --listen HOST:PORT --state DIR --authority URL
 *                      [--attesters METADATA.json]...
 *
 * Exit status: 0 stopped by SIGINT/SIGTERM, 1 failed to start, 2 bad
 * command line.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <stdio.h>

#include "wallet.h"

enum { EXIT_DONE = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

typedef struct {
  char  *listen;
  char  *state;
  char  *authority;
  char **attesters;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->listen);
  g_free (options->state);
  g_free (options->authority);
  g_strfreev (options->attesters);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static const char description[] =
  "The citizen's VNeID wallet as web pages (one wallet per citizen):\n"
  "register with the authority, activate with the SMS code, log in, lock the\n"
  "account; receive credentials over OpenID4VCI (an offer from the authority\n"
  "or a pasted openid-credential-offer:// URI, and the SMS tx_code); see them\n"
  "as cards; answer OpenID4VP requests (GET /authorize?client_id=…&request_uri=…\n"
  "or a pasted openid4vp:// URI at /scan) on a consent page; keep the history.\n"
  "\n"
  "--state DIR holds wallet.db (SQLite) and holder.jwk (the key credentials\n"
  "are bound to), both made on first start. On start it prints\n"
  "  vneid-wallet: listening on http://HOST:PORT/\n"
  "and serves until SIGINT or SIGTERM. See docs/wallet.md.\n"
  "\n"
  "Example:\n"
  "  vneid-wallet serve --listen 127.0.0.1:8481 --state ~/.local/state/vneid-wallet \\\n"
  "      --authority http://127.0.0.1:8480 --attesters authority.metadata.json\n";

static gboolean
parse_options (Options   *options,
               int       *argc,
               char    ***argv,
               GError   **error)
{
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options->listen, "Address to listen on (port 0 picks one)", "HOST:PORT" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &options->state, "Folder for wallet.db and holder.jwk (required)", "DIR" },
    { "authority", 0, 0, G_OPTION_ARG_STRING, &options->authority, "vneid-authority's base URL (required)", "URL" },
    { "attesters", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->attesters,
      "Trust verifier attestations of this registration authority (JWT VC Issuer Metadata; repeatable)", "METADATA.json" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("serve");

  g_option_context_set_summary (context, "Run the citizen's wallet (web pages on 127.0.0.1).");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc != 2 || !g_str_equal ((*argv)[1], "serve"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "the verb is `serve` (see --help)");
      return FALSE;
    }
  if (options->listen == NULL)
    options->listen = g_strdup ("127.0.0.1:0");
  if (options->state == NULL || options->authority == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "serve: --state and --authority are required");
      return FALSE;
    }
  return TRUE;
}

/* The holder key of the state folder, made (private, 0600) on first start. */
static VneidKey *
load_holder_key (const char  *state,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (state, "holder.jwk", NULL);
  g_autoptr(VneidKey) key = NULL;
  g_autofree char *jwk = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return vneid_key_new_from_file (path, error);
  key = vneid_key_generate ("wallet-holder", error);
  if (key == NULL)
    return NULL;
  jwk = vneid_key_to_jwk (key, TRUE);
  if (!g_file_set_contents_full (path, jwk, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_steal_pointer (&key);
}

static gboolean
serve (Options  *options,
       GError  **error)
{
  g_autofree char *db_path = g_build_filename (options->state, "wallet.db", NULL);
  g_autoptr(VneidKey) holder_key = NULL;
  WalletStore *store = NULL;
  WalletServer *server = NULL;
  g_autofree char *url = NULL;
  WalletConfig config = { 0 };

  if (g_mkdir_with_parents (options->state, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot create %s: %s",
                   options->state, g_strerror (errno));
      return FALSE;
    }
  if ((holder_key = load_holder_key (options->state, error)) == NULL ||
      (store = wallet_store_open (db_path, error)) == NULL)
    return FALSE;
  config.attesters = options->attesters;
  config.authority_url = options->authority;
  config.store = store;
  config.holder_key = holder_key;
  server = wallet_server_new (&config, error);
  if (server != NULL)
    url = service_listen (wallet_server_get_soup (server), options->listen, error);
  if (url != NULL)
    {
      service_print_listening (WALLET_NAME, url, NULL);
      service_run_until_signal ();
    }
  wallet_server_free (server);
  wallet_store_free (store);
  return url != NULL;
}

int
main (int    argc,
      char **argv)
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  if (!parse_options (&options, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", WALLET_NAME, error->message);
      return EXIT_USAGE;
    }
  if (!serve (&options, &error))
    {
      fprintf (stderr, "%s: %s\n", WALLET_NAME, error->message);
      return error->domain == G_OPTION_ERROR ? EXIT_USAGE : EXIT_FAILED;
    }
  return EXIT_DONE;
}
