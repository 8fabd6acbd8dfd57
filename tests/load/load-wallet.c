/* load-wallet.c: vneid-load-wallet, the scripted wallet of the portal load test
 *
 *   vneid-load-wallet run   --portal URL --form ID --holder KEY --attesters META... \
 *                           [--count N] [--duplicate-every K] --records FILE CREDENTIAL...
 *   vneid-load-wallet check --records FILE
 *   vneid-load-wallet bench --form ID --holder KEY --trust META... --status-list FILE... CREDENTIAL...
 *
 * `run` starts N transactions at once, one thread each (one browser each,
 * with its own cookies): form page -> "Điền từ VNeID" (csrf) -> waiting page
 * (the same-device link) -> request object (verified against the attesters)
 * -> consent -> vp_token posted to the response_uri -> the filled form.
 * Every K-th transaction posts its answer twice at once: exactly one may be
 * accepted. A request that gets no answer (the portal restarting) is
 * repeated; a transaction the restart cut (its session, its csrf, or an
 * answer whose acknowledgement was lost and whose repetition is refused as
 * a replay) is started again, as a citizen would. It prints `ack N` as each
 * answer is acknowledged (for the test driver, which restarts the portal
 * mid-run), then one JSON summary line; the records go to FILE.
 *
 * `check` takes the records of acknowledged answers: each filled form must
 * still be there (through its response_code, without the browser's cookie),
 * with as many verified fields as before, and posting the same answer again
 * must be refused. `bench` prints the library's own verify+fill rate.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "load-wallet.h"

#define MAX_ATTEMPTS        3
#define NO_ANSWER_PATIENCE  (90 * G_USEC_PER_SEC)   /* a restart takes seconds */
#define VERIFIED_MARKER     "data-status=\"verified\""

typedef struct {
  const char  *portal, *form_id;
  VneidKey    *holder;
  VneidTrustStore *attesters;
  GPtrArray   *credential_texts;
  guint        duplicate_every;
  GMutex       print_lock;
  gint         no_answers;     /* requests that got no answer, all threads */
  guint        acknowledged;
  gint64       started;        /* when every thread is released */
  GMutex       start_lock;
  GCond        start_cond;
  gboolean     go;
} Run;

typedef struct {
  Run     *run;
  guint    index;
  /* the transaction that completed (or the last one tried) */
  char    *tx_id, *response_uri, *vp_token, *state, *redirect_uri;
  guint    verified_fields;
  guint    attempts, repeated_requests;
  gboolean acknowledged, completed;
  int      duplicate_accepted;   /* -1 not checked, else how many of two were accepted */
  double   latency_ms, response_ms;
  char    *failure;
  char    *cut_by;               /* why the first attempt was given up, if it was */
} Tx;

typedef enum { STEP_OK, STEP_AGAIN, STEP_FAILED } Step;

static void
tx_reset (Tx *tx)
{
  g_clear_pointer (&tx->tx_id, g_free);
  g_clear_pointer (&tx->response_uri, g_free);
  g_clear_pointer (&tx->vp_token, g_free);
  g_clear_pointer (&tx->state, g_free);
  g_clear_pointer (&tx->redirect_uri, g_free);
  g_clear_pointer (&tx->failure, g_free);
  tx->verified_fields = 0;
  tx->duplicate_accepted = -1;
}

/* The request again while the portal gives no answer (restarting). */
static void
http_patiently (Tx          *tx,
                SoupSession *session,
                const char  *uri,
                const char  *form,
                LoadReply   *reply)
{
  gint64 give_up = g_get_monotonic_time () + NO_ANSWER_PATIENCE;

  for (;;)
    {
      load_http (session, uri, g_strdup (form), reply);
      if (!load_reply_is_transport_failure (reply) || g_get_monotonic_time () > give_up)
        return;
      g_atomic_int_inc (&tx->run->no_answers);
      tx->repeated_requests++;
      g_usleep (G_USEC_PER_SEC / 5);
    }
}

/* A step's unexpected answer: a restart since the attempt began explains it
 * (start again); otherwise it is the portal's failure. */
static Step
unexpected (Tx         *tx,
            gint        no_answers_before,
            LoadReply  *reply,
            const char *what)
{
  g_free (tx->failure);
  tx->failure = reply->error
    ? g_strdup_printf ("%s: no answer: %s", what, reply->error->message)
    : g_strdup_printf ("%s: HTTP %u: %.200s", what, reply->status, load_reply_text (reply));
  return g_atomic_int_get (&tx->run->no_answers) != no_answers_before ? STEP_AGAIN : STEP_FAILED;
}

static Step
start_transaction (Tx          *tx,
                   SoupSession *session,
                   gint         mark,
                   char       **waiting_page)
{
  g_autofree char *form_uri = g_strdup_printf ("%s/forms/%s", tx->run->portal, tx->run->form_id);
  g_autofree char *start_uri = g_strdup_printf ("%s/vneid", form_uri);
  g_autofree char *csrf = NULL;
  g_autofree char *body = NULL;
  g_auto(LoadReply) reply = { 0 };

  http_patiently (tx, session, form_uri, NULL, &reply);
  if (reply.status != 200 ||
      (csrf = load_html_attribute (load_reply_text (&reply), "name=\"csrf\"", "value")) == NULL)
    return unexpected (tx, mark, &reply, "the form page (with a csrf input)");
  body = soup_form_encode ("csrf", csrf, NULL);
  http_patiently (tx, session, start_uri, body, &reply);
  if (reply.status != 303 || reply.location == NULL)
    return unexpected (tx, mark, &reply, "POST /forms/FORM/vneid (303 to the waiting page)");
  tx->tx_id = g_path_get_basename (reply.location);
  *waiting_page = g_strdup (reply.location);
  return STEP_OK;
}

/* The waiting page's same-device link gives the request_uri. */
static Step
fetch_request (Tx          *tx,
               SoupSession *session,
               gint         mark,
               const char  *waiting_page,
               char       **request_object)
{
  g_auto(LoadReply) reply = { 0 };
  g_autofree char *link = NULL;
  g_autofree char *request_uri = NULL;

  http_patiently (tx, session, waiting_page, NULL, &reply);
  if (reply.status != 200 ||
      (link = load_html_attribute (load_reply_text (&reply), "data-wallet-link", "href")) == NULL ||
      (request_uri = load_query_parameter (link, "request_uri")) == NULL)
    return unexpected (tx, mark, &reply, "the waiting page (with data-wallet-link)");
  http_patiently (tx, session, request_uri, NULL, &reply);
  if (reply.status != 200)
    return unexpected (tx, mark, &reply, "the request object");
  *request_object = g_strdup (g_strstrip ((char *) load_reply_text (&reply)));
  return STEP_OK;
}

/* The wallet's half: verify the request, consent, build the vp_token. */
static Step
answer_request (Tx         *tx,
                const char *request_object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = vneid_openid4vp_request_parse (request_object, &error);
  g_autoptr(GPtrArray) credentials = NULL;
  g_autoptr(VneidOpenid4vpConsent) consent = NULL;

  if (request == NULL || !vneid_openid4vp_request_verify (request, tx->run->attesters, 0, &error) ||
      (credentials = load_parse_credentials (tx->run->credential_texts, &error)) == NULL ||
      (consent = vneid_openid4vp_consent_new (request, (VneidCredential *const *) credentials->pdata,
                                              credentials->len, &error)) == NULL ||
      (tx->vp_token = vneid_openid4vp_consent_build_vp_token (consent, tx->run->holder, 0, &error)) == NULL)
    {
      tx->failure = g_strdup_printf ("the wallet refused the request: %s", error->message);
      return STEP_FAILED;
    }
  tx->response_uri = g_strdup (vneid_openid4vp_request_get_response_uri (request));
  tx->state = g_strdup (vneid_openid4vp_request_get_state (request));
  return STEP_OK;
}

static char *
redirect_of (LoadReply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (reply->status != 200 || !json_parser_load_from_data (parser, load_reply_text (reply), -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "redirect_uri", NULL));
}

typedef struct {
  const char *uri, *body;
  LoadReply   reply;
} Post;

static gpointer
post_once (gpointer data)
{
  Post *post = data;
  g_autoptr(SoupSession) session = load_session_new ();

  load_http (session, post->uri, g_strdup (post->body), &post->reply);
  return NULL;
}

/* The same answer twice at once: at most one may be accepted. */
static void
post_twice (Tx         *tx,
            const char *body,
            LoadReply  *reply)
{
  Post twin = { tx->response_uri, body, { 0 } };
  GThread *thread = g_thread_new ("duplicate", post_once, &twin);
  Post mine = { tx->response_uri, body, { 0 } };
  guint accepted;

  post_once (&mine);
  g_thread_join (thread);
  accepted = (mine.reply.status == 200) + (twin.reply.status == 200);
  if (!load_reply_is_transport_failure (&mine.reply) && !load_reply_is_transport_failure (&twin.reply))
    tx->duplicate_accepted = (int) accepted;
  *reply = twin.reply.status == 200 ? twin.reply : mine.reply;
  load_reply_clear (twin.reply.status == 200 ? &mine.reply : &twin.reply);
}

static void
note_acknowledged (Tx *tx)
{
  Run *run = tx->run;

  g_mutex_lock (&run->print_lock);
  printf ("ack %u\n", ++run->acknowledged);
  fflush (stdout);
  g_mutex_unlock (&run->print_lock);
}

static Step
post_answer (Tx          *tx,
             SoupSession *session,
             gint         mark)
{
  g_autofree char *body = soup_form_encode ("vp_token", tx->vp_token, "state", tx->state, NULL);
  g_auto(LoadReply) reply = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint repeated = tx->repeated_requests;

  if (tx->run->duplicate_every > 0 && tx->index % tx->run->duplicate_every == 0)
    post_twice (tx, body, &reply);
  else
    load_http (session, tx->response_uri, g_strdup (body), &reply);
  if (load_reply_is_transport_failure (&reply))
    {
      g_atomic_int_inc (&tx->run->no_answers);
      tx->repeated_requests++;
      http_patiently (tx, session, tx->response_uri, body, &reply);
    }
  tx->response_ms = (g_get_monotonic_time () - start) / 1000.0;
  tx->redirect_uri = redirect_of (&reply);
  if (tx->redirect_uri == NULL)
    {
      /* a repeated post refused as a replay: the first one was taken, its
       * acknowledgement lost in the restart; the citizen starts again */
      if (reply.status == 400 && tx->repeated_requests > repeated)
        {
          unexpected (tx, mark, &reply, "the answer posted again after no answer");
          return STEP_AGAIN;
        }
      return unexpected (tx, mark, &reply, "POST the vp_token (200 with redirect_uri)");
    }
  tx->acknowledged = TRUE;
  note_acknowledged (tx);
  return STEP_OK;
}

static Step
open_filled_form (Tx          *tx,
                  SoupSession *session)
{
  g_auto(LoadReply) reply = { 0 };

  http_patiently (tx, session, tx->redirect_uri, NULL, &reply);
  if (reply.status == 200)
    tx->verified_fields = load_count (load_reply_text (&reply), VERIFIED_MARKER);
  if (tx->verified_fields == 0)
    {
      /* acknowledged, so a restart must not have lost it: always a failure */
      unexpected (tx, 0, &reply, "the filled form (with verified fields) after a 200");
      return STEP_FAILED;
    }
  return STEP_OK;
}

static Step
attempt (Tx *tx)
{
  g_autoptr(SoupSession) session = load_session_new ();
  g_autofree char *waiting_page = NULL;
  g_autofree char *request_object = NULL;
  gint mark = g_atomic_int_get (&tx->run->no_answers);
  Step step;

  tx_reset (tx);
  tx->attempts++;
  if ((step = start_transaction (tx, session, mark, &waiting_page)) != STEP_OK ||
      (step = fetch_request (tx, session, mark, waiting_page, &request_object)) != STEP_OK ||
      (step = answer_request (tx, request_object)) != STEP_OK ||
      (step = post_answer (tx, session, mark)) != STEP_OK)
    return step;
  return open_filled_form (tx, session);
}

static gpointer
run_transaction (gpointer data)
{
  Tx *tx = data;
  Run *run = tx->run;
  Step step = STEP_AGAIN;

  g_mutex_lock (&run->start_lock);
  while (!run->go)
    g_cond_wait (&run->start_cond, &run->start_lock);
  g_mutex_unlock (&run->start_lock);

  while (step == STEP_AGAIN && tx->attempts < MAX_ATTEMPTS)
    {
      step = attempt (tx);
      if (step == STEP_AGAIN && tx->cut_by == NULL)
        tx->cut_by = g_strdup (tx->failure);
    }
  tx->completed = step == STEP_OK;
  tx->latency_ms = (g_get_monotonic_time () - run->started) / 1000.0;
  return NULL;
}

/* ---- records and summary ------------------------------------------------- */

static JsonNode *
tx_to_json (Tx *tx)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "index");
  json_builder_add_int_value (b, tx->index);
#define STRING_MEMBER(name) \
  json_builder_set_member_name (b, #name); \
  if (tx->name) json_builder_add_string_value (b, tx->name); else json_builder_add_null_value (b);
  STRING_MEMBER (tx_id) STRING_MEMBER (response_uri) STRING_MEMBER (state)
  STRING_MEMBER (vp_token) STRING_MEMBER (redirect_uri) STRING_MEMBER (failure) STRING_MEMBER (cut_by)
#undef STRING_MEMBER
  json_builder_set_member_name (b, "acknowledged");
  json_builder_add_boolean_value (b, tx->acknowledged);
  json_builder_set_member_name (b, "completed");
  json_builder_add_boolean_value (b, tx->completed);
  json_builder_set_member_name (b, "verified_fields");
  json_builder_add_int_value (b, tx->verified_fields);
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, tx->attempts);
  json_builder_set_member_name (b, "repeated_requests");
  json_builder_add_int_value (b, tx->repeated_requests);
  json_builder_set_member_name (b, "duplicate_accepted");
  json_builder_add_int_value (b, tx->duplicate_accepted);
  json_builder_set_member_name (b, "latency_ms");
  json_builder_add_double_value (b, tx->latency_ms);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_records (const char *path,
               Tx         *txs,
               guint       n,
               GError    **error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_sized_new (n);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  for (guint i = 0; i < n; i++)
    json_array_add_element (array, tx_to_json (&txs[i]));
  json_node_set_array (root, array);
  json_generator_set_root (generator, root);
  return json_generator_to_file (generator, path, error);
}

static void
print_summary (Tx     *txs,
               guint   n,
               double  seconds)
{
  g_autofree double *latencies = g_new (double, n);
  g_autofree double *responses = g_new (double, n);
  guint completed = 0, acknowledged = 0, started_again = 0, repeated = 0;
  guint duplicate_checks = 0, duplicates_accepted = 0, failed = 0;

  for (guint i = 0; i < n; i++)
    {
      Tx *tx = &txs[i];

      if (tx->completed)
        {
          latencies[completed] = tx->latency_ms;
          responses[completed++] = tx->response_ms;
        }
      failed += !tx->completed;
      acknowledged += tx->acknowledged;
      started_again += tx->attempts > 1;
      repeated += tx->repeated_requests;
      duplicate_checks += tx->duplicate_accepted >= 0;
      duplicates_accepted += tx->duplicate_accepted > 1;
      if (!tx->completed && tx->failure)
        {
          g_autofree char *line = g_strescape (tx->failure, NULL);

          fprintf (stderr, "vneid-load-wallet: transaction %u: %s\n", tx->index, line);
        }
    }
  printf ("{\"transactions\":%u,\"completed\":%u,\"failed\":%u,\"acknowledged\":%u,"
          "\"started_again\":%u,\"repeated_requests\":%u,\"duplicate_checks\":%u,"
          "\"duplicates_accepted\":%u,\"seconds\":%.3f,\"per_s\":%.1f,"
          "\"latency_ms\":{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
          "\"response_ms\":{\"p50\":%.1f,\"p99\":%.1f}}\n",
          n, completed, failed, acknowledged, started_again, repeated, duplicate_checks,
          duplicates_accepted, seconds, completed / MAX (seconds, 1e-6),
          load_percentile (latencies, completed, 0.50), load_percentile (latencies, completed, 0.99),
          load_percentile (latencies, completed, 1.0),
          load_percentile (responses, completed, 0.50), load_percentile (responses, completed, 0.99));
  fflush (stdout);
}

/* ---- subcommands ----------------------------------------------------------- */

static gboolean
load_wallet_inputs (Run         *run,
                    const char  *holder_path,
                    char       **attester_paths,
                    char       **credential_paths,
                    GError     **error)
{
  run->attesters = vneid_trust_store_new ();
  for (char **path = attester_paths; path && *path; path++)
    if (!vneid_trust_store_add_metadata_file (run->attesters, *path, error))
      return FALSE;
  if ((run->holder = vneid_key_new_from_file (holder_path, error)) == NULL)
    return FALSE;
  run->credential_texts = load_read_texts (credential_paths, error);
  return run->credential_texts != NULL;
}

static int
run_load (Run        *run,
          guint       count,
          const char *records_path)
{
  g_autofree Tx *txs = g_new0 (Tx, count);
  g_autofree GThread **threads = g_new (GThread *, count);
  g_autoptr(GError) error = NULL;
  guint completed = 0;
  double seconds;

  for (guint i = 0; i < count; i++)
    {
      txs[i] = (Tx) { .run = run, .index = i, .duplicate_accepted = -1 };
      threads[i] = g_thread_new ("transaction", run_transaction, &txs[i]);
    }
  g_mutex_lock (&run->start_lock);
  run->started = g_get_monotonic_time ();
  run->go = TRUE;
  g_cond_broadcast (&run->start_cond);
  g_mutex_unlock (&run->start_lock);
  for (guint i = 0; i < count; i++)
    g_thread_join (threads[i]);
  seconds = (g_get_monotonic_time () - run->started) / (double) G_USEC_PER_SEC;

  if (!write_records (records_path, txs, count, &error))
    {
      fprintf (stderr, "vneid-load-wallet: %s: %s\n", records_path, error->message);
      return 1;
    }
  print_summary (txs, count, seconds);
  for (guint i = 0; i < count; i++)
    {
      completed += txs[i].completed;
      tx_reset (&txs[i]);
      g_free (txs[i].cut_by);
    }
  return completed == count ? 0 : 1;
}

static int
usage (GOptionContext *context,
       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "vneid-load-wallet: %s\n%s", message, help);
  return 2;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *portal = NULL, *form_id = NULL, *holder = NULL, *records = NULL;
  g_auto(GStrv) attesters = NULL, trust = NULL, status_lists = NULL, args = NULL;
  int count = 200, duplicate_every = 10, batches = 7, per_batch = 100;
  GOptionEntry entries[] = {
    { "portal", 0, 0, G_OPTION_ARG_STRING, &portal, "The portal's base URL (run)", "URL" },
    { "form", 0, 0, G_OPTION_ARG_STRING, &form_id, "The form to fill (run, bench)", "FORM_ID" },
    { "holder", 0, 0, G_OPTION_ARG_FILENAME, &holder, "The wallet's key the credentials are bound to", "KEY.jwk" },
    { "attesters", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attesters, "Registration authority metadata (run)", "META.json" },
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust, "Issuer metadata (bench)", "META.json" },
    { "status-list", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &status_lists, "A status list token (bench)", "FILE" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Transactions at once (run; default 200)", "N" },
    { "duplicate-every", 0, 0, G_OPTION_ARG_INT, &duplicate_every, "Post every K-th answer twice at once (run; default 10, 0 never)", "K" },
    { "records", 0, 0, G_OPTION_ARG_FILENAME, &records, "The transactions' records (run writes, check reads)", "FILE" },
    { "batches", 0, 0, G_OPTION_ARG_INT, &batches, "Batches (bench; default 7)", "N" },
    { "per-batch", 0, 0, G_OPTION_ARG_INT, &per_batch, "Transactions per batch (bench; default 100)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "run|check|bench CREDENTIAL…" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *command;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  command = args ? args[0] : NULL;
  if (g_strcmp0 (command, "check") == 0)
    return records ? load_check (records) : usage (context, "check needs --records");
  if (command == NULL || args[1] == NULL || form_id == NULL || holder == NULL)
    return usage (context, "run and bench need --form, --holder and credentials");
  if (g_str_equal (command, "bench"))
    {
      LoadBench bench = { .batches = MAX (batches, 1), .per_batch = MAX (per_batch, 1) };

      if (!load_bench_run (form_id, args + 1, holder, trust, status_lists, &bench, &error))
        {
          fprintf (stderr, "vneid-load-wallet: bench: %s\n", error->message);
          return 1;
        }
      printf ("{\"batches\":%u,\"per_batch\":%u,\"verify_fill_per_s\":%.1f,\"verify_per_s\":%.1f}\n",
              bench.batches, bench.per_batch, bench.per_s, bench.verify_per_s);
      return 0;
    }
  if (!g_str_equal (command, "run") || portal == NULL || records == NULL || count <= 0 || duplicate_every < 0)
    return usage (context, "run needs --portal, --records and a positive --count");
  {
    Run run = { .portal = portal, .form_id = form_id, .duplicate_every = (guint) duplicate_every };
    int status;

    if (!load_wallet_inputs (&run, holder, attesters, args + 1, &error))
      {
        fprintf (stderr, "vneid-load-wallet: %s\n", error->message);
        return 1;
      }
    status = run_load (&run, (guint) count, records);
    g_clear_object (&run.attesters);
    g_clear_object (&run.holder);
    g_clear_pointer (&run.credential_texts, g_ptr_array_unref);
    return status;
  }
}
