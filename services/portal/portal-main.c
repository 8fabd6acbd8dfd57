/* portal-main.c: the vneid-portal command
 *
 *   vneid-portal serve --listen HOST:PORT --database URI --public-url URL
 *       --client-id verifier_attestation:ID --key PORTAL.jwk
 *       --attestation ATTESTATION.jwt --trust METADATA.json...
 *       [--allow VCT=ISSUER]... --wallet-url URL
 *       [--status-base ISSUER_URL=LOCAL_URL]... [--transaction-lifetime S]
 *       [--facility-code CODE]
 *
 * Exit status: 0 stopped by SIGINT/SIGTERM (or --help), 1 failed to start,
 * 2 bad command line.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <stdio.h>

#include "portal.h"

enum { EXIT_DONE = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

typedef struct {
  char  *listen;
  char  *database;
  char  *public_url;
  char  *client_id;
  char  *key;
  char  *attestation;
  char **trust;
  char **allow;
  char  *wallet_url;
  char **status_base;
  int    lifetime;
  char  *facility_code;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->listen);
  g_free (options->database);
  g_free (options->public_url);
  g_free (options->client_id);
  g_free (options->key);
  g_free (options->attestation);
  g_strfreev (options->trust);
  g_strfreev (options->allow);
  g_free (options->wallet_url);
  g_strfreev (options->status_base);
  g_free (options->facility_code);
}

void
portal_config_clear (PortalConfig *config)
{
  g_free (config->public_url);
  g_free (config->client_id);
  g_clear_object (&config->key);
  g_free (config->attestation);
  g_clear_object (&config->trust);
  g_free (config->wallet_url);
  g_clear_pointer (&config->status_bases, g_ptr_array_unref);
  g_free (config->facility_code);
  g_clear_object (&config->registry);
}

static gboolean
usage_error (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
usage_error (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, format, args));
  va_end (args);
  return FALSE;
}

/* "http(s)://…" without its trailing slashes. */
static char *
base_url (const char  *option,
          const char  *value,
          GError     **error)
{
  g_autofree char *url = NULL;

  if (value == NULL)
    return usage_error (error, "%s is required", option), NULL;
  if (!g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL) ||
      (!g_str_has_prefix (value, "http://") && !g_str_has_prefix (value, "https://")))
    return usage_error (error, "%s %s: not an http(s) URL", option, value), NULL;
  url = g_strdup (value);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return g_steal_pointer (&url);
}

/* NAME=VALUE, both non-empty. */
static char **
split_pair (const char  *option,
            const char  *text,
            GError     **error)
{
  const char *equals = strchr (text, '=');

  if (equals == NULL || equals == text || equals[1] == '\0')
    return usage_error (error, "%s %s: expected NAME=VALUE", option, text), NULL;
  return g_strsplit (text, "=", 2);
}

static gboolean
load_trust (PortalConfig  *config,
            Options       *options,
            GError       **error)
{
  config->trust = vneid_trust_store_new ();
  if (options->trust == NULL)
    return usage_error (error, "--trust METADATA.json is required (the issuers whose credentials fill forms)");
  for (char **path = options->trust; *path != NULL; path++)
    if (!vneid_trust_store_add_metadata_file (config->trust, *path, error))
      return FALSE;
  if (options->allow == NULL)
    {
      g_auto(GStrv) issuers = vneid_trust_store_list_issuers (config->trust);

      for (char **issuer = issuers; *issuer != NULL; issuer++)
        vneid_trust_store_allow_all_types (config->trust, *issuer);
      return TRUE;
    }
  for (char **allow = options->allow; *allow != NULL; allow++)
    {
      g_auto(GStrv) pair = split_pair ("--allow", *allow, error);

      if (pair == NULL)
        return FALSE;
      vneid_trust_store_allow (config->trust, pair[0], pair[1]);   /* VCT=ISSUER */
    }
  return TRUE;
}

static gboolean
load_status_bases (PortalConfig  *config,
                   Options       *options,
                   GError       **error)
{
  config->status_bases = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (char **base = options->status_base; base != NULL && *base != NULL; base++)
    {
      char **pair = split_pair ("--status-base", *base, error);

      if (pair == NULL)
        return FALSE;
      g_ptr_array_add (config->status_bases, pair);
    }
  return TRUE;
}

static gboolean
load_plugins (PortalConfig  *config,
              GError       **error)
{
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) forms = NULL;

  config->registry = vneid_plugin_registry_new ();
  vneid_plugin_registry_load_default (config->registry);
  errors = vneid_plugin_registry_list_errors (config->registry);
  for (char **message = errors; *message != NULL; message++)
    {
      g_autofree char *shown = service_clean_for_log (*message);

      g_printerr ("%s: warning: plugin skipped: %s\n", PORTAL_NAME, shown);
    }
  forms = vneid_plugin_registry_list_forms (config->registry);
  if (forms[0] == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_INTERNAL,
                   "no form plugin loaded (VNEID_PLUGIN_PATH and the installed plugin folder)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_config (PortalConfig  *config,
             Options       *options,
             GError       **error)
{
  gsize length = 0;

  if (options->client_id == NULL || !g_str_has_prefix (options->client_id, VNEID_VERIFIER_ATTESTATION_PREFIX))
    return usage_error (error, "--client-id verifier_attestation:ID is required");
  if (options->key == NULL || options->attestation == NULL)
    return usage_error (error, "--key PORTAL.jwk and --attestation ATTESTATION.jwt are required");
  if (options->lifetime < 1 || options->lifetime > VNEID_OPENID4VP_MAX_LIFETIME)
    return usage_error (error, "--transaction-lifetime %d: between 1 and %d seconds", options->lifetime,
                        VNEID_OPENID4VP_MAX_LIFETIME);
  /* Without --public-url, the address bound (serve sets it once listening). */
  if ((options->public_url != NULL &&
       (config->public_url = base_url ("--public-url", options->public_url, error)) == NULL) ||
      (config->wallet_url = base_url ("--wallet-url", options->wallet_url, error)) == NULL)
    return FALSE;
  config->client_id = g_strdup (options->client_id);
  config->lifetime = options->lifetime;
  config->facility_code = g_strdup (options->facility_code);
  if ((config->key = vneid_key_new_from_file (options->key, error)) == NULL ||
      !g_file_get_contents (options->attestation, &config->attestation, &length, error))
    return FALSE;
  g_strstrip (config->attestation);
  return load_trust (config, options, error) &&
         load_status_bases (config, options, error) &&
         load_plugins (config, error);
}

static gboolean
serve (Options  *options,
       GError  **error)
{
  PortalConfig config = { 0 };
  ServiceStore *store = NULL;
  PortalServer *server = NULL;
  g_autofree char *url = NULL;
  gboolean ok = FALSE;

  if (!make_config (&config, options, error))
    goto out;
  store = portal_store_open (options->database != NULL ? options->database : "portal.db", error);
  if (store == NULL)
    goto out;
  server = portal_server_new (&config, store, error);
  if (server == NULL ||
      (url = service_listen (portal_server_get_soup (server),
                             options->listen != NULL ? options->listen : "127.0.0.1:8490", error)) == NULL)
    goto out;
  if (config.public_url == NULL)
    config.public_url = base_url ("--public-url", url, NULL);
  service_serve_until_signal (PORTAL_NAME, url, "");
  ok = TRUE;

out:
  portal_server_free (server);
  service_store_free (store);
  portal_config_clear (&config);
  return ok;
}

static const char description[] =
  "A public-service portal: the bundled forms, filled from the citizen's\n"
  "VNeID wallet over OpenID4VP (a signed request with the portal's verifier\n"
  "attestation; the response verified, status lists fetched from the\n"
  "issuers), checked again on submission, stored with provenance.\n"
  "\n"
  "  --listen HOST:PORT          where to listen (default 127.0.0.1:8490; port 0: any)\n"
  "  --database URI              sqlite:PATH or PATH (default portal.db, WAL) or postgresql://…\n"
  "  --public-url URL            the portal's own base URL (response_uri = URL/openid4vp/response;\n"
  "                              default: the address listened on)\n"
  "  --client-id ID              verifier_attestation:ID, the attestation's sub\n"
  "  --key PORTAL.jwk            the private key that signs request objects\n"
  "  --attestation FILE          the Verifier Attestation JWT (vneid attest)\n"
  "  --trust METADATA.json       trusted issuer metadata (repeatable)\n"
  "  --allow VCT=ISSUER          only these types from these issuers (repeatable; default any)\n"
  "  --wallet-url URL            the wallet's base URL for the same-device link\n"
  "  --status-base ISSUER=LOCAL  fetch status lists under ISSUER from LOCAL instead (repeatable)\n"
  "  --transaction-lifetime S    seconds a request waits for its answer (default and at most 300)\n"
  "  --facility-code CODE        the clinic's facility code, for the BHYT check-in form\n"
  "\n"
  "Prints \"vneid-portal: listening on http://HOST:PORT/\" and serves until\n"
  "SIGINT or SIGTERM. See docs/portal.md.";

int
main (int    argc,
      char **argv)
{
  Options options = { .lifetime = VNEID_OPENID4VP_MAX_LIFETIME };
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen, "Address to listen on", "HOST:PORT" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &options.database, "sqlite:PATH, PATH or postgresql://…", "URI" },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &options.public_url, "The portal's base URL", "URL" },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &options.client_id, "verifier_attestation:ID", "ID" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options.key, "The request-signing private key", "PORTAL.jwk" },
    { "attestation", 0, 0, G_OPTION_ARG_FILENAME, &options.attestation, "The Verifier Attestation JWT", "FILE" },
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.trust, "Trusted issuer metadata", "METADATA.json" },
    { "allow", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.allow, "Allow a type from an issuer", "VCT=ISSUER" },
    { "wallet-url", 0, 0, G_OPTION_ARG_STRING, &options.wallet_url, "The wallet's base URL", "URL" },
    { "status-base", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.status_base, "Status list URL mapping", "ISSUER=LOCAL" },
    { "transaction-lifetime", 0, 0, G_OPTION_ARG_INT, &options.lifetime, "Seconds (at most 300)", "S" },
    { "facility-code", 0, 0, G_OPTION_ARG_STRING, &options.facility_code, "The clinic's facility code", "CODE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("serve");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_option_context_set_summary (context, "vneid-portal: a public-service portal filling forms from VNeID");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s (see --help)\n", PORTAL_NAME, error->message);
      options_clear (&options);
      return EXIT_USAGE;
    }
  if (argc != 2 || !g_str_equal (argv[1], "serve"))
    {
      g_printerr ("%s: usage: %s serve --listen HOST:PORT … (see --help)\n", PORTAL_NAME, PORTAL_NAME);
      options_clear (&options);
      return EXIT_USAGE;
    }
  if (serve (&options, &error))
    status = EXIT_DONE;
  else
    {
      g_autofree char *shown = service_clean_for_log (error->message);

      g_printerr ("%s: %s\n", PORTAL_NAME, shown);
      status = g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? EXIT_USAGE : EXIT_FAILED;
    }
  options_clear (&options);
  return status;
}
