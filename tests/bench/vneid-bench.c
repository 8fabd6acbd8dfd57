/* vneid-bench.c: verification throughput against its cryptographic floor
 *
 * The hot path of a portal is "verify a presentation". Its floor is the
 * cryptography it cannot skip: two Ed25519 verifications (issuer JWT and
 * KB-JWT) and one SHA-256 per disclosure plus the sd_hash. This program
 * measures the library and that floor in the same run, in alternating
 * batches so that both see the same machine noise, and reports the medians
 * and their ratio.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <vneid.h>

#define ISSUER   "https://id.vneid.example"
#define PID_VCT  VNEID_VCT_PID
#define NONCE    "bench-nonce-4f1c"
#define AUDIENCE "https://dichvucong.example"

/* A level-2 PID as the population database would issue it: 19 disclosable
 * claims, nested addresses and household. */
static const char pid_claims[] =
  "{"
  "\"personal_administrative_number\":\"001090012345\","
  "\"name\":\"Nguyễn Văn An\",\"family_name\":\"Nguyễn\",\"middle_name\":\"Văn\",\"given_name\":\"An\","
  "\"birthdate\":\"1990-05-17\",\"sex\":1,\"nationalities\":[\"VN\"],"
  "\"ethnicity\":\"Kinh\",\"religion\":\"Không\","
  "\"place_of_birth\":\"Hà Nội\",\"place_of_origin\":\"Xã Đông Hội, Huyện Đông Anh, Hà Nội\","
  "\"address\":{\"formatted\":\"Số 12 Phố Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội\","
  "\"street_address\":\"Số 12 Phố Hàng Bài\",\"locality\":\"Phường Hoàn Kiếm\","
  "\"region\":\"Thành phố Hà Nội\",\"country\":\"VN\"},"
  "\"current_address\":{\"formatted\":\"Số 12 Phố Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội\"},"
  "\"household\":{\"head_name\":\"Nguyễn Văn Bình\",\"head_personal_administrative_number\":\"001060004321\","
  "\"relationship_to_head\":\"Con\"},"
  "\"vneid_level\":2"
  "}";

static const char *const disclosed[] = {
  "personal_administrative_number", "name", "family_name", "middle_name", "given_name",
  "birthdate", "sex", "nationalities", "ethnicity", "religion", "place_of_birth",
  "place_of_origin", "address.formatted", "address.street_address", "address.locality",
  "address.region", "address.country", "current_address", "household", NULL,
};

#define FORM_ID "vn.bca.ct01"

typedef struct {
  VneidVerifier *verifier;
  VneidProfile  *profile;   /* for the fill batches */
  VneidFormMapper *mapper;  /* NULL when the plugin is not found */
  const char    *presentation;
  /* the floor's inputs, split out of the presentation beforehand */
  guint8         issuer_pk[32], holder_pk[32];
  guint8         issuer_sig[64], kb_sig[64];
  char          *issuer_input, *kb_input;
  gsize          issuer_input_len, kb_input_len;
  char         **disclosures;
  gsize          presented_len;
} Bench;

static void
die (const char *what, GError *error)
{
  fprintf (stderr, "vneid-bench: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
decode_signature (const char *jws, gsize len, guint8 out[64], char **input, gsize *input_len)
{
  const char *dot = jws + len;

  while (*--dot != '.')
    ;
  if (sodium_base642bin (out, 64, dot + 1, (gsize) (jws + len - dot - 1), NULL, NULL, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    die ("decoding a signature", NULL);
  *input = g_strndup (jws, (gsize) (dot - jws));
  *input_len = (gsize) (dot - jws);
}

static void
public_bytes (VneidKey *key, guint8 out[32])
{
  g_autoptr(GBytes) bytes = vneid_key_get_public_bytes (key);

  memcpy (out, g_bytes_get_data (bytes, NULL), 32);
}

static void
setup (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) issuer_key = vneid_key_generate ("population-db-2026", &error);
  g_autoptr(VneidKey) holder_key = vneid_key_generate (NULL, &error);
  g_autoptr(VneidCredentialBuilder) builder = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autoptr(VneidTrustStore) trust = vneid_trust_store_new ();
  g_autofree char *issued = NULL;
  char *presentation, *last_tilde;
  g_auto(GStrv) parts = NULL;
  guint n;

  builder = vneid_credential_builder_new_from_json (PID_VCT, pid_claims, &error);
  if (builder == NULL)
    die ("claims", error);
  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_holder_key (builder, holder_key);
  issued = vneid_credential_builder_build (builder, issuer_key, ISSUER, &error);
  if (issued == NULL || (credential = vneid_credential_new (issued, &error)) == NULL)
    die ("issuing", error);
  presentation = vneid_credential_present (credential, disclosed, holder_key, NONCE, AUDIENCE,
                                           0, &error);
  if (presentation == NULL)
    die ("presenting", error);

  if (!vneid_trust_store_add_key (trust, ISSUER, issuer_key, &error))
    die ("trust store", error);
  vneid_trust_store_allow (trust, PID_VCT, ISSUER);
  b->verifier = vneid_verifier_new (trust);
  b->presentation = presentation;

  public_bytes (issuer_key, b->issuer_pk);
  public_bytes (holder_key, b->holder_pk);
  parts = g_strsplit (presentation, "~", -1);
  n = g_strv_length (parts);
  decode_signature (parts[0], strlen (parts[0]), b->issuer_sig, &b->issuer_input, &b->issuer_input_len);
  decode_signature (parts[n - 1], strlen (parts[n - 1]), b->kb_sig, &b->kb_input, &b->kb_input_len);
  b->disclosures = g_new0 (char *, n - 1);
  for (guint i = 1; i + 1 < n; i++)
    b->disclosures[i - 1] = g_strdup (parts[i]);
  last_tilde = strrchr (presentation, '~');
  b->presented_len = (gsize) (last_tilde - presentation) + 1;
}

static void
run_library (Bench *b, guint iterations)
{
  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified =
        vneid_verifier_verify_with_nonce (b->verifier, b->presentation, NONCE, AUDIENCE, &error);

      if (verified == NULL)
        die ("verifying", error);
    }
}

static void
run_floor (Bench *b, guint iterations)
{
  guint8 digest[crypto_hash_sha256_BYTES];

  for (guint i = 0; i < iterations; i++)
    {
      if (crypto_sign_verify_detached (b->issuer_sig, (const guint8 *) b->issuer_input,
                                       b->issuer_input_len, b->issuer_pk) != 0 ||
          crypto_sign_verify_detached (b->kb_sig, (const guint8 *) b->kb_input,
                                       b->kb_input_len, b->holder_pk) != 0)
        die ("floor verification", NULL);
      for (char **d = b->disclosures; *d != NULL; d++)
        crypto_hash_sha256 (digest, (const guint8 *) *d, strlen (*d));
      crypto_hash_sha256 (digest, (const guint8 *) b->presentation, b->presented_len);
    }
}

/* Filling needs the bundled plugins: VNEID_PLUGIN_PATH or the installed folder. */
static void
setup_fill (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified =
    vneid_verifier_verify_with_nonce (b->verifier, b->presentation, NONCE, AUDIENCE, &error);
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  VneidFormMapper *mapper;

  if (verified == NULL)
    die ("verifying", error);
  b->profile = vneid_profile_new (&verified, 1, &error);
  if (b->profile == NULL)
    die ("building the profile", error);

  vneid_plugin_registry_load_default (registry);
  mapper = vneid_plugin_registry_lookup (registry, FORM_ID);
  b->mapper = mapper ? g_object_ref (mapper) : NULL;
}

static void
run_fill (Bench *b, guint iterations)
{
  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidFilledForm) form = vneid_form_mapper_fill (b->mapper, b->profile, &error);

      if (form == NULL)
        die ("filling", error);
    }
}

/* The whole hot path of a portal: verify, build the profile, fill the form. */
static void
run_verify_fill (Bench *b, guint iterations)
{
  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified =
        vneid_verifier_verify_with_nonce (b->verifier, b->presentation, NONCE, AUDIENCE, &error);
      g_autoptr(VneidProfile) profile = NULL;
      g_autoptr(VneidFilledForm) form = NULL;

      if (verified == NULL || (profile = vneid_profile_new (&verified, 1, &error)) == NULL ||
          (form = vneid_form_mapper_fill (b->mapper, profile, &error)) == NULL)
        die ("verifying and filling", error);
    }
}

typedef struct {
  Bench *bench;
  guint  iterations;
} Worker;

static gpointer
run_worker (gpointer data)
{
  Worker *worker = data;

  run_library (worker->bench, worker->iterations);
  return NULL;
}

/* Verifications per second with @n_threads sharing one verifier. */
static double
threaded_rate (Bench *b, guint n_threads, guint iterations)
{
  g_autofree GThread **threads = g_new (GThread *, n_threads);
  Worker worker = { b, iterations };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n_threads; i++)
    threads[i] = g_thread_new ("verify", run_worker, &worker);
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);
  return n_threads * iterations / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (gsize) sysconf (_SC_PAGESIZE);
}

/* Resident memory that each verified profile kept alive costs, over @n. */
static double
bytes_per_profile (Bench *b, guint n)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  gsize before = resident_bytes ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified =
        vneid_verifier_verify_with_nonce (b->verifier, b->presentation, NONCE, AUDIENCE, &error);
      VneidProfile *profile;

      if (verified == NULL || (profile = vneid_profile_new (&verified, 1, &error)) == NULL)
        die ("building profiles", error);
      g_ptr_array_add (kept, profile);
    }
  return ((double) resident_bytes () - (double) before) / n;
}

static double
time_batch (Bench *b, void (*run) (Bench *, guint), guint iterations)
{
  gint64 start = g_get_monotonic_time ();

  run (b, iterations);
  return iterations / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  guint batches = 21, iterations = 200;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "batches", 'b', 0, G_OPTION_ARG_INT, &batches, "Batches of each kind (default 21)", "N" },
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Verifications per batch (default 200)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the figures as one JSON object", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree double *library = NULL, *floor_rates = NULL, *fill_rates = NULL, *both_rates = NULL;
  double lib_median, floor_median, fill_median = 0, both_median = 0;
  double one_thread, all_threads, profile_bytes;
  guint n_threads = MAX (2, g_get_num_processors ());
  Bench b = { 0 };

  g_option_context_set_summary (context,
    "Measures presentation verification (a PID with 19 disclosures and a KB-JWT)\n"
    "against its cryptographic floor (two Ed25519 verifications and the SHA-256\n"
    "digests), in alternating batches, and prints the medians and their ratio;\n"
    "then filling the CT01 form from the verified profile (plugins from\n"
    "VNEID_PLUGIN_PATH, then the installed folder).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "vneid-bench: %s\n", error->message);
      return 2;
    }
  if (batches == 0 || iterations == 0)
    {
      fprintf (stderr, "vneid-bench: --batches and --iterations must be positive\n");
      return 2;
    }

  setup (&b);
  setup_fill (&b);
  library = g_new (double, batches);
  floor_rates = g_new (double, batches);
  fill_rates = g_new (double, batches);
  both_rates = g_new (double, batches);
  run_library (&b, iterations / 4 + 1);  /* warm caches and allocator */
  run_floor (&b, iterations / 4 + 1);
  for (guint i = 0; i < batches; i++)
    {
      library[i] = time_batch (&b, run_library, iterations);
      floor_rates[i] = time_batch (&b, run_floor, iterations);
      if (b.mapper != NULL)
        {
          fill_rates[i] = time_batch (&b, run_fill, iterations);
          both_rates[i] = time_batch (&b, run_verify_fill, iterations);
        }
    }
  lib_median = median (library, batches);
  floor_median = median (floor_rates, batches);
  if (b.mapper != NULL)
    {
      fill_median = median (fill_rates, batches);
      both_median = median (both_rates, batches);
    }
  one_thread = threaded_rate (&b, 1, iterations * 4);
  all_threads = threaded_rate (&b, n_threads, iterations * 4);
  profile_bytes = bytes_per_profile (&b, 2000);

  if (json)
    printf ("{\"presentation_bytes\":%zu,\"disclosures\":%u,\"library_per_s\":%.0f,"
            "\"floor_per_s\":%.0f,\"ratio\":%.3f,\"fill_per_s\":%.0f,"
            "\"fill_over_verify\":%.3f,\"verify_fill_per_s\":%.0f,\"verify_fill_ratio\":%.3f,"
            "\"threads\":%u,\"one_thread_per_s\":%.0f,\"all_threads_per_s\":%.0f,"
            "\"scaling\":%.2f,\"bytes_per_profile\":%.0f}\n",
            strlen (b.presentation), g_strv_length (b.disclosures), lib_median, floor_median,
            lib_median / floor_median, fill_median,
            fill_median > 0 ? lib_median / fill_median : 0.0,
            both_median, both_median / floor_median, n_threads, one_thread, all_threads,
            all_threads / one_thread, profile_bytes);
  else
    {
      printf ("presentation: %zu bytes, %u disclosures, KB-JWT\n",
              strlen (b.presentation), g_strv_length (b.disclosures));
      printf ("batches: %u x %u verifications each, medians\n", batches, iterations);
      printf ("library verify: %8.0f /s  (%.1f us each)\n", lib_median, 1e6 / lib_median);
      printf ("crypto floor:   %8.0f /s  (%.1f us each)\n", floor_median, 1e6 / floor_median);
      printf ("ratio library/floor: %.3f\n", lib_median / floor_median);
      if (b.mapper != NULL)
        {
          printf ("fill %s:   %8.0f /s  (%.1f us each, %.1f%% of a verification)\n", FORM_ID,
                  fill_median, 1e6 / fill_median, 100.0 * lib_median / fill_median);
          printf ("verify+profile+fill: %8.0f /s  (ratio to the floor %.3f)\n",
                  both_median, both_median / floor_median);
        }
      else
        printf ("fill: skipped, no plugin fills %s (set VNEID_PLUGIN_PATH, e.g. build/plugins)\n",
                FORM_ID);
    }

  if (!json)
    {
      printf ("threads: 1 -> %.0f /s, %u -> %.0f /s, scaling %.2fx (one verifier shared)\n",
              one_thread, n_threads, all_threads, all_threads / one_thread);
      printf ("memory: %.1f KiB resident per verified profile kept alive\n", profile_bytes / 1024);
    }

  g_strfreev (b.disclosures);
  g_free (b.issuer_input);
  g_free (b.kb_input);
  g_free ((char *) b.presentation);
  g_clear_object (&b.mapper);
  g_clear_object (&b.profile);
  g_object_unref (b.verifier);
  return 0;
}
