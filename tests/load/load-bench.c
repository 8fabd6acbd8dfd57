/* load-bench.c: the library's own verify+fill rate, in process
 *
 * What the portal cannot avoid per transaction is the library's work on the
 * wallet's answer: verify the vp_token against its transaction (every
 * presentation, key binding, status) and fill the form from the profile.
 * This measures exactly that, single-threaded, on the same credentials the
 * scripted wallet sends, so that the HTTP throughput can be read as a
 * fraction of it (as tests/bench/vneid-bench.c does for one presentation).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "load-wallet.h"

#define BENCH_CLIENT_ID    "verifier_attestation:load.vneid.example"
#define BENCH_RESPONSE_URI "http://127.0.0.1/openid4vp/response"

typedef struct {
  VneidOpenid4vpTransaction *transaction;
  char                      *vp_token;
} Answer;

typedef struct {
  VneidVerifier   *verifier;
  VneidFormMapper *mapper;
  VneidDcqlQuery  *query;
  GPtrArray       *credentials;
  VneidKey        *holder;
} Bench;

static void
bench_clear (Bench *b)
{
  g_clear_object (&b->verifier);
  g_clear_object (&b->mapper);
  g_clear_object (&b->query);
  g_clear_pointer (&b->credentials, g_ptr_array_unref);
  g_clear_object (&b->holder);
}

static VneidVerifier *
make_verifier (char   **trust_paths,
               char   **status_paths,
               GError **error)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autoptr(VneidVerifier) verifier = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_auto(GStrv) issuers = NULL;

  for (char **path = trust_paths; path && *path; path++)
    if (!vneid_trust_store_add_metadata_file (store, *path, error))
      return NULL;
  issuers = vneid_trust_store_list_issuers (store);
  for (char **issuer = issuers; *issuer != NULL; issuer++)
    vneid_trust_store_allow_all_types (store, *issuer);
  verifier = vneid_verifier_new (store);
  tokens = status_paths ? load_read_texts (status_paths, error) : g_ptr_array_new ();
  if (tokens == NULL)
    return NULL;
  for (guint i = 0; i < tokens->len; i++)
    if (!vneid_verifier_add_status_list (verifier, tokens->pdata[i], error))
      return NULL;
  return g_steal_pointer (&verifier);
}

static gboolean
bench_setup (Bench       *b,
             const char  *form_id,
             char       **credential_paths,
             const char  *holder_path,
             char       **trust_paths,
             char       **status_paths,
             GError     **error)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autoptr(GPtrArray) texts = NULL;
  const char *form_ids[] = { form_id, NULL };
  VneidFormMapper *mapper;

  vneid_plugin_registry_load_default (registry);
  mapper = vneid_plugin_registry_lookup (registry, form_id);
  if (mapper == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no plugin fills %s (VNEID_PLUGIN_PATH)", form_id);
      return FALSE;
    }
  b->mapper = g_object_ref (mapper);
  b->query = vneid_dcql_query_new_for_forms (registry, form_ids, error);
  b->verifier = make_verifier (trust_paths, status_paths, error);
  b->holder = b->verifier ? vneid_key_new_from_file (holder_path, error) : NULL;
  if (b->query == NULL || b->holder == NULL)
    return FALSE;
  texts = load_read_texts (credential_paths, error);
  b->credentials = texts ? load_parse_credentials (texts, error) : NULL;
  return b->credentials != NULL;
  return TRUE;
}

/* A fresh request and its wallet answer, as the portal will receive it. */
static gboolean
make_answer (Bench   *b,
             Answer  *answer,
             GError **error)
{
  g_autoptr(VneidOpenid4vpRequest) request =
    vneid_openid4vp_request_new (BENCH_CLIENT_ID, BENCH_RESPONSE_URI, b->query, 0, error);
  g_autoptr(VneidOpenid4vpConsent) consent = NULL;

  if (request == NULL ||
      (consent = vneid_openid4vp_consent_new (request, (VneidCredential *const *) b->credentials->pdata,
                                              b->credentials->len, error)) == NULL ||
      (answer->vp_token = vneid_openid4vp_consent_build_vp_token (consent, b->holder, 0, error)) == NULL)
    return FALSE;
  answer->transaction = vneid_openid4vp_transaction_new (request);
  return TRUE;
}

/* Verifies and fills @n answers; adds the time spent verifying to @verifying. */
static gboolean
verify_and_fill (Bench   *b,
                 Answer  *answers,
                 guint    n,
                 gint64  *verifying,
                 GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      VneidOpenid4vpRequest *request = vneid_openid4vp_transaction_get_request (answers[i].transaction);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(VneidProfile) profile =
        vneid_openid4vp_transaction_verify_response (answers[i].transaction, b->verifier,
                                                     answers[i].vp_token,
                                                     vneid_openid4vp_request_get_state (request), error);
      g_autoptr(VneidFilledForm) form = NULL;

      *verifying += g_get_monotonic_time () - start;
      if (profile == NULL || (form = vneid_form_mapper_fill (b->mapper, profile, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
free_answers (Answer *answers,
              guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      g_clear_object (&answers[i].transaction);
      g_free (answers[i].vp_token);
    }
  g_free (answers);
}

/* One batch: answers made untimed, then verified and filled timed. */
static gboolean
run_batch (Bench   *b,
           guint    n,
           double  *per_s,
           double  *verify_per_s,
           GError **error)
{
  Answer *answers = g_new0 (Answer, n);
  gint64 verifying = 0, start;
  gboolean ok = TRUE;

  for (guint i = 0; i < n && ok; i++)
    ok = make_answer (b, &answers[i], error);
  start = g_get_monotonic_time ();
  ok = ok && verify_and_fill (b, answers, n, &verifying, error);
  *per_s = n * (double) G_USEC_PER_SEC / MAX (1, g_get_monotonic_time () - start);
  *verify_per_s = n * (double) G_USEC_PER_SEC / MAX (1, verifying);
  free_answers (answers, n);
  return ok;
}

gboolean
load_bench_run (const char  *form_id,
                char       **credential_paths,
                const char  *holder_path,
                char       **trust_paths,
                char       **status_paths,
                LoadBench   *result,
                GError     **error)
{
  g_autofree double *rates = g_new (double, result->batches);
  g_autofree double *verify_rates = g_new (double, result->batches);
  Bench b = { 0 };
  double warm, warm_verify;
  gboolean ok;

  ok = bench_setup (&b, form_id, credential_paths, holder_path, trust_paths, status_paths, error) &&
       run_batch (&b, MAX (1, result->per_batch / 4), &warm, &warm_verify, error);  /* warm caches */
  for (guint i = 0; ok && i < result->batches; i++)
    ok = run_batch (&b, result->per_batch, &rates[i], &verify_rates[i], error);
  if (ok)
    {
      result->per_s = load_percentile (rates, result->batches, 0.5);
      result->verify_per_s = load_percentile (verify_rates, result->batches, 0.5);
    }
  bench_clear (&b);
  return ok;
}
