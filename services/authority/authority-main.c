/* authority-main.c: the vneid-authority command
 *
 *   vneid-authority serve --database URI --listen HOST:PORT --issuer-url URL
 *                         --keys DIR --sms-outbox DIR [--population DIR]
 *   vneid-authority registrations [--pending] [--overdue] [--json]
 *   vneid-authority approve ID --officer OFFICER [--card-number N]
 *   vneid-authority reject ID --officer OFFICER --reason TEXT
 *   vneid-authority upgrade PERSONAL_ID --officer OFFICER --card-number N
 *   vneid-authority downgrade PERSONAL_ID --officer OFFICER --reason TEXT
 *   vneid-authority card-lost PERSONAL_ID [--officer OFFICER]
 *   vneid-authority lock PERSONAL_ID [--officer OFFICER]
 *   vneid-authority unlock PERSONAL_ID --officer OFFICER
 *   vneid-authority offer PERSONAL_ID --credential pid|cccd|contact|bhyt
 *   vneid-authority officer-add OFFICER --name NAME
 *   vneid-authority audit [PERSONAL_ID] [--json]
 *
 * `serve` records its settings in the database, so the officer verbs need
 * only --database (or nothing: VNEID_AUTHORITY_DATABASE, else the
 * database of the last `serve`). Exit status: 0 done, 1 refused or
 * failed, 2 bad command line.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <stdio.h>

#include "authority.h"

enum { EXIT_DONE = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

typedef struct {
  /* shared */
  char     *database;
  char     *issuer_url;
  char     *keys;
  char     *sms_outbox;
  char     *population;
  char     *pwhash_cost;
  /* serve */
  char     *listen;
  /* verbs */
  char     *officer;
  char     *reason;
  char     *card_number;
  char     *credential;
  char     *name;
  gboolean  pending;
  gboolean  overdue;
  gboolean  json;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->database);
  g_free (options->issuer_url);
  g_free (options->keys);
  g_free (options->sms_outbox);
  g_free (options->population);
  g_free (options->pwhash_cost);
  g_free (options->listen);
  g_free (options->officer);
  g_free (options->reason);
  g_free (options->card_number);
  g_free (options->credential);
  g_free (options->name);
}

typedef struct {
  Options             options;
  AuthorityStore      *store;
  AuthorityPopulation *population;
  AuthoritySmsGateway *sms;
  AuthorityService    *service;
} Context;

static void
context_clear (Context *context)
{
  authority_service_free (context->service);
  if (context->sms != NULL)
    context->sms->free (context->sms);
  authority_population_free (context->population);
  authority_store_free (context->store);
  options_clear (&context->options);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Context, context_clear)

/* ---- the database of the last serve, and the settings it recorded ---- */

static char *
last_database_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "vneid-authority", "last-database", NULL);
}

static void
remember_database (const char *uri)
{
  g_autofree char *path = last_database_path ();
  g_autofree char *folder = g_path_get_dirname (path);

  /* A convenience for the officer verbs: failing to write it is harmless. */
  if (g_mkdir_with_parents (folder, 0700) == 0)
    g_file_set_contents_full (path, uri, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

static gboolean
find_database (Options  *options,
               GError  **error)
{
  g_autofree char *path = NULL;
  g_autofree char *remembered = NULL;

  if (options->database != NULL)
    return TRUE;
  if (g_getenv ("VNEID_AUTHORITY_DATABASE") != NULL)
    {
      options->database = g_strdup (g_getenv ("VNEID_AUTHORITY_DATABASE"));
      return TRUE;
    }
  path = last_database_path ();
  if (g_file_get_contents (path, &remembered, NULL, NULL) && *g_strstrip (remembered) != '\0')
    {
      options->database = g_steal_pointer (&remembered);
      return TRUE;
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
               "which database? give --database URI (or set VNEID_AUTHORITY_DATABASE)");
  return FALSE;
}

/* "listen": issuance names the loopback address it serves on as the
 * OpenID4VCI credential issuer (authority-issuance.c), for the verbs too. */
static const char * const setting_names[] = { "issuer_url", "keys", "sms_outbox", "population", "listen" };

static char **
setting_slot (Options    *options,
              const char *name)
{
  if (g_str_equal (name, "issuer_url"))
    return &options->issuer_url;
  if (g_str_equal (name, "keys"))
    return &options->keys;
  if (g_str_equal (name, "sms_outbox"))
    return &options->sms_outbox;
  if (g_str_equal (name, "listen"))
    return &options->listen;
  return &options->population;
}

/* Options given win; the others come from the database's settings. */
static gboolean
load_settings (Context  *context,
               GError  **error)
{
  g_autoptr(AuthorityRows) rows = authority_store_query (context->store, "SELECT name, value FROM settings",
                                                         NULL, 0, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < authority_rows_get_n_rows (rows); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (setting_names); j++)
      {
        char **slot = setting_slot (&context->options, setting_names[j]);

        if (g_str_equal (authority_rows_get (rows, i, 0), setting_names[j]) && *slot == NULL)
          *slot = g_strdup (authority_rows_get (rows, i, 1));
      }
  return TRUE;
}

static gboolean
save_settings (Context  *context,
               GError  **error)
{
  if (!authority_store_begin (context->store, error))
    return FALSE;
  for (gsize j = 0; j < G_N_ELEMENTS (setting_names); j++)
    {
      const char *params[] = { setting_names[j], *setting_slot (&context->options, setting_names[j]) };

      if (params[1] != NULL &&
          !authority_store_exec (context->store,
                                 "INSERT INTO settings (name, value) VALUES ($1, $2)"
                                 " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                                 params, 2, NULL, error))
        {
          authority_store_rollback (context->store);
          return FALSE;
        }
    }
  return authority_store_commit (context->store, error);
}

/* ---- setting up the service ---- */

static char *
demo_data_path (const char *name)
{
  char *path = g_build_filename (AUTHORITY_DEMO_DATA_DIR, name, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return path;
  g_free (path);
  return g_build_filename (AUTHORITY_SOURCE_DATA_DIR, name, NULL);
}

static gboolean
parse_pwhash_cost (const char          *text,
                   AuthorityPwhashCost *cost,
                   GError             **error)
{
  if (text == NULL)
    text = g_getenv ("VNEID_AUTHORITY_PWHASH_COST");
  if (text == NULL || g_str_equal (text, "interactive"))
    *cost = AUTHORITY_PWHASH_INTERACTIVE;
  else if (g_str_equal (text, "moderate"))
    *cost = AUTHORITY_PWHASH_MODERATE;
  else if (g_str_equal (text, "test"))
    *cost = AUTHORITY_PWHASH_TEST;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--pwhash-cost must be interactive, moderate or test");
      return FALSE;
    }
  return TRUE;
}

/* Paths recorded for the other verbs must not depend on the folder they
 * run in. */
static void
make_absolute (char **path)
{
  char *absolute;

  if (*path == NULL || g_path_is_absolute (*path))
    return;
  absolute = g_canonicalize_filename (*path, NULL);
  g_free (*path);
  *path = absolute;
}

static void
make_database_absolute (char **uri)
{
  g_autofree char *path = NULL;

  if (*uri == NULL || g_str_has_prefix (*uri, "postgres") || g_str_has_prefix (*uri, "file:"))
    return;
  path = g_strdup (g_str_has_prefix (*uri, "sqlite:") ? *uri + strlen ("sqlite:") : *uri);
  make_absolute (&path);
  g_free (*uri);
  *uri = g_strconcat ("sqlite:", path, NULL);
}

static gboolean
open_service (Context   *context,
              gboolean   serving,
              GError   **error)
{
  Options *options = &context->options;
  AuthorityServiceConfig config = { 0 };

  if (!find_database (options, error) ||
      !parse_pwhash_cost (options->pwhash_cost, &config.pwhash_cost, error))
    return FALSE;
  make_database_absolute (&options->database);
  make_absolute (&options->keys);
  make_absolute (&options->sms_outbox);
  make_absolute (&options->population);
  context->store = authority_store_open (options->database, error);
  if (context->store == NULL || (!serving && !load_settings (context, error)))
    return FALSE;
  if (options->keys == NULL)
    options->keys = demo_data_path ("keys");
  if (options->population == NULL)
    options->population = demo_data_path ("citizens");
  if (options->issuer_url == NULL)
    options->issuer_url = g_strdup ("https://id.vneid.example");
  if (!g_str_has_prefix (options->issuer_url, "https://") ||
      options->issuer_url[strlen ("https://")] == '\0')
    {
      /* Refused here rather than as a 500 at the first credential request. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--issuer-url must be an https URL: it is the iss of every credential, "
                   "which verifiers look up in their trust store (the service itself may "
                   "listen on plain HTTP on 127.0.0.1 with --listen)");
      return FALSE;
    }
  if (serving && !save_settings (context, error))
    return FALSE;

  context->population = authority_population_load (options->population, error);
  if (context->population == NULL)
    return FALSE;
  if (options->sms_outbox == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "no SMS outbox: give --sms-outbox DIR (serve records it for the other verbs)");
      return FALSE;
    }
  context->sms = authority_sms_outbox_new (options->sms_outbox, error);
  if (context->sms == NULL)
    return FALSE;
  config.issuer_url = options->issuer_url;
  config.keys_dir = options->keys;
  config.store = context->store;
  config.population = context->population;
  config.sms = context->sms;
  context->service = authority_service_new (&config, error);
  return context->service != NULL;
}

/* ---- the verbs ---- */

typedef struct _Verb Verb;
struct _Verb {
  const char *name;
  const char *arguments;   /* "ID", "PERSONAL_ID", "[PERSONAL_ID]" or NULL */
  const char *summary;
  const char *required;    /* options that must be given, space-separated */
  gboolean  (*run) (Context *context, const char *argument, GError **error);
};

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = unix_time > 0 ? g_date_time_new_from_unix_utc (unix_time) : NULL;

  return time != NULL ? g_date_time_format_iso8601 (time) : g_strdup ("");
}

static JsonObject *
registration_to_json (AuthorityAccount *account,
                      gint64            now)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", account->registration_id);
  json_object_set_string_member (object, "personal_id", account->personal_id);
  json_object_set_string_member (object, "phone", account->phone);
  json_object_set_string_member (object, "email", account->email);
  json_object_set_string_member (object, "status", authority_account_status_to_string (account->status));
  json_object_set_int_member (object, "level", account->level);
  json_object_set_int_member (object, "requested_level", account->requested_level);
  json_object_set_int_member (object, "created_at", account->created_at);
  json_object_set_int_member (object, "decision_due", account->decision_due);
  json_object_set_boolean_member (object, "overdue",
                                  account->status == AUTHORITY_ACCOUNT_PENDING && now > account->decision_due);
  if (account->decided_at != 0)
    {
      json_object_set_int_member (object, "decided_at", account->decided_at);
      json_object_set_string_member (object, "decided_by", account->decided_by);
    }
  if (account->decision_reason != NULL)
    json_object_set_string_member (object, "reason", account->decision_reason);
  return object;
}

static void
print_json_array (GPtrArray *objects)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  g_autofree char *text = NULL;

  for (guint i = 0; i < objects->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (objects, i)));
  json_node_take_array (node, array);
  text = json_to_string (node, TRUE);
  printf ("%s\n", text);
}

static gboolean
run_registrations (Context     *context,
                   const char  *argument,
                   GError     **error)
{
  Options *options = &context->options;
  gint64 now = authority_service_now (context->service);
  g_autoptr(GPtrArray) accounts =
    authority_service_list_registrations (context->service, options->pending || options->overdue, error);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (accounts == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len; i++)
    {
      AuthorityAccount *account = g_ptr_array_index (accounts, i);

      if (!options->overdue || now > account->decision_due)
        g_ptr_array_add (objects, registration_to_json (account, now));
    }
  if (options->json)
    {
      print_json_array (objects);
      return TRUE;
    }
  printf ("%-27s %-12s %-9s %-5s %-13s %-20s %s\n", "ID", "PERSONAL_ID", "STATUS", "LEVEL", "PHONE",
          "CREATED (UTC)", "DUE");
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);
      g_autofree char *created = format_time (json_object_get_int_member (object, "created_at"));
      g_autofree char *due = format_time (json_object_get_int_member (object, "decision_due"));

      printf ("%-27s %-12s %-9s %-5" G_GINT64_FORMAT " %-13s %-20s %s%s\n",
              json_object_get_string_member (object, "id"),
              json_object_get_string_member (object, "personal_id"),
              json_object_get_string_member (object, "status"),
              json_object_get_int_member (object, "level"),
              json_object_get_string_member (object, "phone"), created, due,
              json_object_get_boolean_member (object, "overdue") ? " OVERDUE" : "");
    }
  return TRUE;
}

static gboolean
run_approve (Context     *context,
             const char  *argument,
             GError     **error)
{
  if (!authority_service_approve (context->service, argument, context->options.officer,
                                  context->options.card_number, error))
    return FALSE;
  printf ("approved %s: the activation code went by SMS\n", argument);
  return TRUE;
}

static gboolean
run_reject (Context     *context,
            const char  *argument,
            GError     **error)
{
  if (!authority_service_reject (context->service, argument, context->options.officer,
                                 context->options.reason, error))
    return FALSE;
  printf ("rejected %s\n", argument);
  return TRUE;
}

static gboolean
run_upgrade (Context     *context,
             const char  *argument,
             GError     **error)
{
  if (!authority_service_upgrade (context->service, argument, context->options.officer,
                                  context->options.card_number, error))
    return FALSE;
  printf ("%s is level 2\n", argument);
  return TRUE;
}

static gboolean
run_downgrade (Context     *context,
               const char  *argument,
               GError     **error)
{
  if (!authority_service_downgrade (context->service, argument, context->options.officer,
                                    context->options.reason, error))
    return FALSE;
  printf ("%s is level 1; its e-CCCD and PID credentials are revoked\n", argument);
  return TRUE;
}

static gboolean
run_card_lost (Context     *context,
               const char  *argument,
               GError     **error)
{
  const char *actor = context->options.officer != NULL ? context->options.officer : "citizen";

  if (!authority_service_report_card_lost (context->service, argument, actor, error))
    return FALSE;
  printf ("%s: card reported lost; its e-CCCD credentials are revoked\n", argument);
  return TRUE;
}

static gboolean
run_lock (Context     *context,
          const char  *argument,
          GError     **error)
{
  const char *actor = context->options.officer != NULL ? context->options.officer : "citizen";

  if (!authority_service_lock (context->service, argument, actor, error))
    return FALSE;
  printf ("%s is locked; its credentials are suspended until an officer unlocks it\n", argument);
  return TRUE;
}

static gboolean
run_unlock (Context     *context,
            const char  *argument,
            GError     **error)
{
  if (!authority_service_unlock (context->service, argument, context->options.officer, error))
    return FALSE;
  printf ("%s is unlocked\n", argument);
  return TRUE;
}

static gboolean
run_offer (Context     *context,
           const char  *argument,
           GError     **error)
{
  g_autofree char *uri = authority_issuance_create_offer (context->service, argument,
                                                          context->options.credential, error);

  if (uri == NULL)
    return FALSE;
  printf ("%s\n", uri);
  return TRUE;
}

static gboolean
run_officer_add (Context     *context,
                 const char  *argument,
                 GError     **error)
{
  if (!authority_service_add_officer (context->service, argument, context->options.name, error))
    return FALSE;
  printf ("officer %s enrolled\n", argument);
  return TRUE;
}

static gboolean
run_audit (Context     *context,
           const char  *argument,
           GError     **error)
{
  g_autoptr(GPtrArray) entries = authority_service_list_audit (context->service, argument, error);

  if (entries == NULL)
    return FALSE;
  if (context->options.json)
    {
      print_json_array (entries);
      return TRUE;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      g_autofree char *at = format_time (json_object_get_int_member (entry, "at"));
      const char *detail = json_object_get_string_member (entry, "detail");

      printf ("%s  %s  %-20s %s%s%s\n", at, json_object_get_string_member (entry, "personal_id"),
              json_object_get_string_member (entry, "actor"), json_object_get_string_member (entry, "action"),
              detail != NULL ? ": " : "", detail != NULL ? detail : "");
    }
  return TRUE;
}

static gboolean
run_serve (Context     *context,
           const char  *argument,
           GError     **error)
{
  g_autoptr(GSocketAddress) address = service_parse_listen (context->options.listen, error);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  g_autofree char *suffix = NULL;
  AuthorityServer *server;
  AuthorityPwhashCost cost;

  if (address == NULL || !parse_pwhash_cost (context->options.pwhash_cost, &cost, error))
    return FALSE;
  /* The test cost makes passwords cheap to guess: never off this machine. */
  if (cost == AUTHORITY_PWHASH_TEST &&
      !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address))))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "the test password-hashing cost is only allowed on a loopback address");
      return FALSE;
    }
  server = authority_server_new (context->service, error);
  if (server == NULL)
    return FALSE;
  url = service_listen (authority_server_get_soup (server), context->options.listen, error);
  if (url == NULL || (uri = g_uri_parse (url, G_URI_FLAGS_NONE, error)) == NULL)
    {
      authority_server_free (server);
      return FALSE;
    }
  remember_database (context->options.database);
  /* The address bound (port 0 picks one), for the credential offers of a
   * loopback service (authority-issuance.c). */
  g_free (context->options.listen);
  context->options.listen = g_strdup_printf (strchr (g_uri_get_host (uri), ':') ? "[%s]:%d" : "%s:%d",
                                             g_uri_get_host (uri), g_uri_get_port (uri));
  if (!save_settings (context, error))
    {
      authority_server_free (server);
      return FALSE;
    }
  suffix = g_strdup_printf (" (issuer %s, %u citizens)", context->options.issuer_url,
                            authority_population_get_size (context->population));
  service_print_listening ("vneid-authority", url, suffix);
  service_run_until_signal ();
  authority_server_free (server);
  return TRUE;
}

static const Verb verbs[] = {
  { "serve", NULL, "Run the HTTP API", "--database --listen --issuer-url --keys --sms-outbox", run_serve },
  { "registrations", NULL, "List registrations (all, --pending or --overdue)", NULL, run_registrations },
  { "approve", "ID", "Approve a pending registration (ID or personal ID); the code goes by SMS", "--officer", run_approve },
  { "reject", "ID", "Reject a pending registration with a reason", "--officer --reason", run_reject },
  { "upgrade", "PERSONAL_ID", "Record the in-person check and raise the account to level 2", "--officer --card-number", run_upgrade },
  { "downgrade", "PERSONAL_ID", "Lower a level 2 account to level 1", "--officer --reason", run_downgrade },
  { "card-lost", "PERSONAL_ID", "Record that the card was lost (revokes the e-CCCD)", NULL, run_card_lost },
  { "lock", "PERSONAL_ID", "Lock an account (suspends its credentials)", NULL, run_lock },
  { "unlock", "PERSONAL_ID", "Unlock a locked or locked-out account", "--officer", run_unlock },
  { "offer", "PERSONAL_ID", "Print a credential offer URI; the tx_code goes by SMS", "--credential", run_offer },
  { "officer-add", "OFFICER", "Enroll an officer (then only enrolled officers decide)", "--name", run_officer_add },
  { "audit", "[PERSONAL_ID]", "Print the audit log (of one citizen)", NULL, run_audit },
};

static gboolean
check_required (const Verb  *verb,
                Options     *options,
                GError     **error)
{
  const struct { const char *name; gpointer value; } given[] = {
    { "--database", options->database }, { "--listen", options->listen },
    { "--issuer-url", options->issuer_url }, { "--keys", options->keys },
    { "--sms-outbox", options->sms_outbox }, { "--officer", options->officer },
    { "--reason", options->reason }, { "--card-number", options->card_number },
    { "--credential", options->credential }, { "--name", options->name },
  };
  g_auto(GStrv) required = g_strsplit (verb->required != NULL ? verb->required : "", " ", -1);

  for (guint i = 0; required[i] != NULL; i++)
    for (gsize j = 0; j < G_N_ELEMENTS (given); j++)
      if (g_str_equal (required[i], given[j].name) && given[j].value == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "%s: %s is required",
                       verb->name, required[i]);
          return FALSE;
        }
  return TRUE;
}

static gboolean
parse_verb_options (const Verb   *verb,
                    Options      *options,
                    int          *argc,
                    char       ***argv,
                    GError      **error)
{
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &options->database, "sqlite:PATH, a file path, or postgresql://…", "URI" },
    { "issuer-url", 0, 0, G_OPTION_ARG_FILENAME, &options->issuer_url, "The issuer identifier (iss), an https URL", "URL" },
    { "keys", 0, 0, G_OPTION_ARG_FILENAME, &options->keys, "Folder with population-db.jwk and vss-bhyt.jwk", "DIR" },
    { "sms-outbox", 0, 0, G_OPTION_ARG_FILENAME, &options->sms_outbox, "Folder the SMS gateway writes to", "DIR" },
    { "population", 0, 0, G_OPTION_ARG_FILENAME, &options->population, "Population records (NAME/pid.json …)", "DIR" },
    { "pwhash-cost", 0, 0, G_OPTION_ARG_STRING, &options->pwhash_cost, "Argon2id cost: interactive (default), moderate, test (loopback only)", "COST" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options->listen, "Address to listen on (serve)", "HOST:PORT" },
    { "officer", 0, 0, G_OPTION_ARG_FILENAME, &options->officer, "The officer deciding", "OFFICER" },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &options->reason, "Why (reject, downgrade)", "TEXT" },
    { "card-number", 0, 0, G_OPTION_ARG_FILENAME, &options->card_number, "The identity card checked in person", "N" },
    { "credential", 0, 0, G_OPTION_ARG_STRING, &options->credential, "pid, cccd, contact or bhyt (offer)", "TYPE" },
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &options->name, "The officer's name (officer-add)", "NAME" },
    { "pending", 0, 0, G_OPTION_ARG_NONE, &options->pending, "Only pending registrations", NULL },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &options->overdue, "Only pending registrations past their deadline", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, "Print JSON", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *parameter = g_strdup_printf ("%s%s%s", verb->name, verb->arguments ? " " : "",
                                                verb->arguments ? verb->arguments : "");
  g_autoptr(GOptionContext) option_context = g_option_context_new (parameter);

  g_option_context_set_summary (option_context, verb->summary);
  g_option_context_add_main_entries (option_context, entries, NULL);
  return g_option_context_parse (option_context, argc, argv, error) &&
         check_required (verb, options, error);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: vneid-authority VERB [OPTIONS]   (vneid-authority VERB --help)\n\n");
  for (gsize i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-14s %-14s %s\n", verbs[i].name, verbs[i].arguments ? verbs[i].arguments : "",
             verbs[i].summary);
}

static int
run_verb (const Verb  *verb,
          int          argc,
          char       **argv)
{
  g_auto(Context) context = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean optional = verb->arguments != NULL && verb->arguments[0] == '[';
  int wanted = verb->arguments == NULL ? 0 : 1;

  if (!parse_verb_options (verb, &context.options, &argc, &argv, &error))
    {
      fprintf (stderr, "vneid-authority: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc - 1 > wanted || (!optional && argc - 1 < wanted))
    {
      fprintf (stderr, "vneid-authority: %s takes %s\n", verb->name,
               wanted == 0 ? "no arguments" : verb->arguments);
      return EXIT_USAGE;
    }
  if (!open_service (&context, g_str_equal (verb->name, "serve"), &error) ||
      !verb->run (&context, argc > 1 ? argv[1] : NULL, &error))
    {
      fprintf (stderr, "vneid-authority: %s\n", error->message);
      return error->domain == G_OPTION_ERROR ? EXIT_USAGE : EXIT_REFUSED;
    }
  return EXIT_DONE;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_USAGE : EXIT_DONE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (argv[1], verbs[i].name))
      return run_verb (&verbs[i], argc - 1, argv + 1);
  fprintf (stderr, "vneid-authority: unknown verb %s\n", argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
