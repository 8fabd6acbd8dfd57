/* authority-test-util.c: fixtures for the vneid-authority suites
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

#include "authority-test-util.h"

AtFixture at;

static char *pg_dir;
static char *pg_uri;

gboolean
at_backend_is_postgresql (void)
{
  return g_strcmp0 (g_getenv ("AUTHORITY_TEST_BACKEND"), "postgresql") == 0;
}

static char *
run_cluster_script (const char *action)
{
  const char *script = g_getenv ("AUTHORITY_PG_CLUSTER");
  const char *argv[] = { "/bin/sh", script, action, pg_dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (script == NULL ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    {
      fprintf (stderr, "Bail out! cannot run pg-cluster.sh: %s\n", error ? error->message : "AUTHORITY_PG_CLUSTER unset");
      exit (1);
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      /* No PostgreSQL server installed: that is a failure, never a pass. */
      fprintf (stderr, "Bail out! pg-cluster.sh %s failed: %s\n", action, err);
      exit (1);
    }
  return g_strdup (g_strstrip (out));
}

void
at_backend_start (void)
{
  g_autofree char *parent = NULL;

  if (!at_backend_is_postgresql ())
    return;
  parent = g_dir_make_tmp ("authority-pg-XXXXXX", NULL);
  g_assert (parent != NULL);
  /* The cluster's owner (nobody, when the tests run as root) must reach it. */
  g_chmod (parent, 0711);
  pg_dir = g_build_filename (parent, "cluster", NULL);
  pg_uri = run_cluster_script ("start");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
at_backend_stop (void)
{
  g_autofree char *parent = NULL;

  if (pg_dir == NULL)
    return;
  g_free (run_cluster_script ("stop"));
  parent = g_path_get_dirname (pg_dir);
  remove_tree (parent);
}

char *
at_fresh_database (const char *dir)
{
  PGconn *connection;
  PGresult *result;

  if (!at_backend_is_postgresql ())
    return g_build_filename (dir, "authority.db", NULL);
  connection = PQconnectdb (pg_uri);
  ck_assert_msg (PQstatus (connection) == CONNECTION_OK, "%s", PQerrorMessage (connection));
  result = PQexec (connection, "SET client_min_messages = warning;"
                               "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  ck_assert_msg (PQresultStatus (result) == PGRES_COMMAND_OK, "%s", PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (connection);
  return g_strdup (pg_uri);
}

static gint64
fixture_clock (gpointer data)
{
  return at.now;
}

static void
open_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = g_build_filename (g_getenv ("VNEID_EXAMPLES_DATA"), "keys", NULL);
  AuthorityServiceConfig config = {
    .issuer_url = "https://id.vneid.example",
    .keys_dir = keys,
    .pwhash_cost = AUTHORITY_PWHASH_TEST,
    .clock = fixture_clock,
  };

  at.store = authority_store_open (at.uri, &error);
  at_assert_ok (at.store != NULL, error);
  config.store = at.store;
  config.population = at.population;
  config.sms = at.sms;
  at.service = authority_service_new (&config, &error);
  at_assert_ok (at.service != NULL, error);
}

void
at_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *citizens = g_build_filename (g_getenv ("VNEID_EXAMPLES_DATA"), "citizens", NULL);

  at.now = AT_START;
  at.dir = g_dir_make_tmp ("authority-test-XXXXXX", NULL);
  at.uri = at_fresh_database (at.dir);
  at.outbox = g_build_filename (at.dir, "outbox", NULL);
  at.population = authority_population_load (citizens, &error);
  at_assert_ok (at.population != NULL, error);
  at.sms = authority_sms_outbox_new (at.outbox, &error);
  at_assert_ok (at.sms != NULL, error);
  open_service ();
}

void
at_reopen (void)
{
  authority_service_free (at.service);
  service_store_free (at.store);
  open_service ();
}

void
at_teardown (void)
{
  authority_service_free (at.service);
  service_store_free (at.store);
  at.sms->free (at.sms);
  authority_population_free (at.population);
  remove_tree (at.dir);
  g_free (at.dir);
  g_free (at.uri);
  g_free (at.outbox);
  memset (&at, 0, sizeof at);
}

char *
at_register (const char *personal_id,
             const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("c%s@example.com", personal_id);
  char *id = authority_service_register (at.service, personal_id, phone, email, 1, &error);

  at_assert_ok (id != NULL, error);
  return id;
}

void
at_approve (const char *personal_id)
{
  g_autoptr(GError) error = NULL;

  at_assert_ok (authority_service_approve (at.service, personal_id, "officer-1", NULL, &error), error);
}

static char *
newest_sms_path (void)
{
  g_autoptr(GDir) dir = g_dir_open (at.outbox, 0, NULL);
  const char *name;
  char *newest = NULL;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && (newest == NULL || strcmp (name, newest) > 0))
      {
        g_free (newest);
        newest = g_strdup (name);
      }
  ck_assert_msg (newest != NULL, "no SMS in the outbox");
  {
    char *path = g_build_filename (at.outbox, newest, NULL);
    g_free (newest);
    return path;
  }
}

guint
at_count_sms (void)
{
  g_autoptr(GDir) dir = g_dir_open (at.outbox, 0, NULL);
  guint count = 0;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    count += g_str_has_suffix (name, ".json");
  return count;
}

char *
at_last_sms (char **to)
{
  g_autofree char *path = newest_sms_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *message;

  at_assert_ok (json_parser_load_from_file (parser, path, &error), error);
  message = json_node_get_object (json_parser_get_root (parser));
  ck_assert_int_eq (json_object_get_size (message), 3);
  ck_assert (json_object_get_int_member (message, "at") == at.now);
  if (to != NULL)
    *to = g_strdup (json_object_get_string_member (message, "to"));
  return g_strdup (json_object_get_string_member (message, "text"));
}

char *
at_last_code (void)
{
  g_autofree char *text = at_last_sms (NULL);
  gsize length = strspn (text, "0123456789");

  ck_assert_int_eq (length, 6);
  return g_strndup (text, length);
}

void
at_activate (const char *personal_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = at_last_code ();

  at_assert_ok (authority_service_activate (at.service, personal_id, code, AT_PASSWORD, &error), error);
}

void
at_make_active (const char *personal_id,
                const char *phone)
{
  g_free (at_register (personal_id, phone));
  at_approve (personal_id);
  at_activate (personal_id);
}

char *
at_login (const char *personal_id)
{
  g_autoptr(GError) error = NULL;
  char *session = authority_service_login (at.service, personal_id, AT_PASSWORD, "192.0.2.1", &error);

  at_assert_ok (session != NULL, error);
  return session;
}

gint64
at_count (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ServiceRows) rows = service_store_query (at.store, sql, NULL, 0, &error);

  at_assert_ok (rows != NULL, error);
  return service_rows_get_int (rows, 0, 0);
}

int
at_run_suite (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  at_backend_start ();
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  at_backend_stop ();
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
