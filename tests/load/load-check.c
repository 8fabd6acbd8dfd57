/* load-check.c: `vneid-load-wallet check`, nothing acknowledged is lost
 *
 * After the portal restarted, every answer it acknowledged (200 from the
 * response endpoint) must still have its filled form, reachable with the
 * response_code alone (a fresh browser, no cookie), with as many verified
 * fields as the wallet saw; and the same answer posted again must be
 * refused (400 with an error): one response per transaction, even across a
 * restart.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>

#include "load-wallet.h"

#define CHECK_THREADS 8

typedef struct {
  JsonObject *record;
  gboolean    form_kept, replay_refused;
  char       *failure;
} Check;

static const char *
member (JsonObject *record,
        const char *name)
{
  return json_object_get_string_member_with_default (record, name, NULL);
}

static gboolean
is_refusal (LoadReply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (reply->status != 400 || !json_parser_load_from_data (parser, load_reply_text (reply), -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) &&
         json_object_get_string_member_with_default (json_node_get_object (root), "error", NULL) != NULL;
}

static void
check_one (gpointer data,
           gpointer user_data)
{
  Check *check = data;
  g_autoptr(SoupSession) session = load_session_new ();
  g_auto(LoadReply) reply = { 0 };
  gint64 fields = json_object_get_int_member_with_default (check->record, "verified_fields", 0);

  if (member (check->record, "redirect_uri") == NULL || member (check->record, "response_uri") == NULL ||
      member (check->record, "vp_token") == NULL || member (check->record, "state") == NULL)
    {
      check->failure = g_strdup ("a record without redirect_uri, response_uri, vp_token or state");
      return;
    }
  load_http (session, member (check->record, "redirect_uri"), NULL, &reply);
  check->form_kept = reply.status == 200 &&
                     load_count (load_reply_text (&reply), "data-status=\"verified\"") == fields;
  if (!check->form_kept)
    check->failure = g_strdup_printf ("the filled form %s: HTTP %u, not %" G_GINT64_FORMAT " verified fields",
                                      member (check->record, "redirect_uri"), reply.status, fields);
  load_http (session, member (check->record, "response_uri"),
             soup_form_encode ("vp_token", member (check->record, "vp_token"),
                               "state", member (check->record, "state"), NULL),
             &reply);
  check->replay_refused = is_refusal (&reply);
  if (!check->replay_refused && check->failure == NULL)
    check->failure = g_strdup_printf ("the answer of %s posted again: HTTP %u: %.200s",
                                      member (check->record, "tx_id"), reply.status, load_reply_text (&reply));
}

static JsonArray *
read_records (const char  *path,
              JsonParser  *parser,
              GError     **error)
{
  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a JSON array", path);
      return NULL;
    }
  return json_node_get_array (json_parser_get_root (parser));
}

int
load_check (const char *records_path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (Check));
  JsonArray *records = read_records (records_path, parser, &error);
  GThreadPool *pool;
  guint kept = 0, refused = 0;

  if (records == NULL)
    {
      fprintf (stderr, "vneid-load-wallet: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      Check check = { record };

      if (record != NULL && json_object_get_boolean_member_with_default (record, "acknowledged", FALSE))
        g_array_append_val (checks, check);
    }
  pool = g_thread_pool_new (check_one, NULL, CHECK_THREADS, TRUE, NULL);
  for (guint i = 0; i < checks->len; i++)
    g_thread_pool_push (pool, &g_array_index (checks, Check, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  for (guint i = 0; i < checks->len; i++)
    {
      Check *check = &g_array_index (checks, Check, i);

      kept += check->form_kept;
      refused += check->replay_refused;
      if (check->failure)
        {
          g_autofree char *line = g_strescape (check->failure, NULL);

          fprintf (stderr, "vneid-load-wallet: check: %s\n", line);
          g_free (check->failure);
        }
    }
  printf ("{\"acknowledged\":%u,\"forms_kept\":%u,\"replays_refused\":%u}\n", checks->len, kept, refused);
  return kept == checks->len && refused == checks->len ? 0 : 1;
}
