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
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <vneid.h>

#include "bench-common.h"

#define ISSUER   BENCH_ISSUER
#define PID_VCT  VNEID_VCT_PID
#define NONCE    BENCH_NONCE
#define AUDIENCE BENCH_AUDIENCE

#define FORM_ID "vn.bca.ct01"

typedef struct {
  VneidTrustStore *trust;
  VneidVerifier *verifier;
  VneidProfile  *profile;   /* for the fill batches */
  VneidFormMapper *mapper;  /* NULL when the plugin is not found */
  const char    *presentation;
  BenchFloor     floor;     /* its inputs, split out of the presentation beforehand */
} Bench;

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
  char *presentation;

  builder = vneid_credential_builder_new_from_json (PID_VCT, bench_pid_claims, &error);
  if (builder == NULL)
    bench_die ("claims", error);
  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_holder_key (builder, holder_key);
  issued = vneid_credential_builder_build (builder, issuer_key, ISSUER, &error);
  if (issued == NULL || (credential = vneid_credential_new (issued, &error)) == NULL)
    bench_die ("issuing", error);
  presentation = vneid_credential_present (credential, bench_pid_disclosed, holder_key, NONCE, AUDIENCE,
                                           0, &error);
  if (presentation == NULL)
    bench_die ("presenting", error);

  if (!vneid_trust_store_add_key (trust, ISSUER, issuer_key, &error))
    bench_die ("trust store", error);
  vneid_trust_store_allow (trust, PID_VCT, ISSUER);
  b->trust = g_object_ref (trust);
  b->verifier = vneid_verifier_new (trust);
  b->presentation = presentation;

  if (!bench_floor_prepare (&b->floor, presentation, strlen (presentation), &error))
    bench_die ("splitting the presentation", error);
  bench_public_key (issuer_key, b->floor.issuer_public);
  bench_public_key (holder_key, b->floor.holder_public);
}

/* not inlined: tests/bench/callgrind.sh counts its instructions */
static G_GNUC_NO_INLINE void
run_library (Bench *b, guint iterations)
{
  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified =
        vneid_verifier_verify_with_nonce (b->verifier, b->presentation, NONCE, AUDIENCE, &error);

      if (verified == NULL)
        bench_die ("verifying", error);
    }
}

/* not inlined: tests/bench/callgrind.sh counts its instructions */
static G_GNUC_NO_INLINE void
run_floor (Bench *b, guint iterations)
{
  for (guint i = 0; i < iterations; i++)
    if (!bench_floor_run (&b->floor))
      bench_die ("floor verification", NULL);
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
    bench_die ("verifying", error);
  b->profile = vneid_profile_new (&verified, 1, &error);
  if (b->profile == NULL)
    bench_die ("building the profile", error);

  vneid_plugin_registry_load_default (registry);
  mapper = vneid_plugin_registry_lookup (registry, FORM_ID);
  b->mapper = mapper ? g_object_ref (mapper) : NULL;
}

/* not inlined: tests/bench/callgrind.sh counts its instructions */
static G_GNUC_NO_INLINE void
run_fill (Bench *b, guint iterations)
{
  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidFilledForm) form = vneid_form_mapper_fill (b->mapper, b->profile, &error);

      if (form == NULL)
        bench_die ("filling", error);
    }
}

/* The whole hot path of a portal: verify, build the profile, fill the form. */
/* not inlined: tests/bench/callgrind.sh counts its instructions */
static G_GNUC_NO_INLINE void
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
        bench_die ("verifying and filling", error);
    }
}

typedef struct {
  VneidVerifier    *verifier;
  const char       *presentation;
  const BenchFloor *floor;      /* set: the floor's work instead */
  guint             iterations;
} Worker;

static gpointer
run_worker (gpointer data)
{
  Worker *worker = data;

  for (guint i = 0; i < worker->iterations && worker->floor != NULL; i++)
    if (!bench_floor_run (worker->floor))
      bench_die ("floor verification in a thread", NULL);
  for (guint i = 0; i < worker->iterations && worker->floor == NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified =
        vneid_verifier_verify_with_nonce (worker->verifier, worker->presentation, NONCE,
                                          AUDIENCE, &error);

      if (verified == NULL)
        bench_die ("verifying in a thread", error);
    }
  return NULL;
}

/* Time that the CPUs spent idle, and all their time, in clock ticks since
 * boot (the "cpu" line of /proc/stat: user nice system idle iowait ...). */
typedef struct {
  guint64 idle, total;
} CpuTicks;

static CpuTicks
cpu_ticks (void)
{
  g_autofree char *stat = NULL;
  guint64 v[8] = { 0 };
  CpuTicks ticks = { 0, 0 };

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL) ||
      sscanf (stat, "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
              " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
              " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
    return ticks;
  ticks.idle = v[3] + v[4];
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    ticks.total += v[i];
  return ticks;
}

typedef struct {
  double one, shared, own;   /* verifications per second, medians */
  double floor_one, floor_two;  /* the floor's, what the machine gives */
  double cpu_one, cpu_shared, cpu_own;  /* CPU microseconds per verification, medians */
  double other_idle;         /* idle share of the other cores while one thread ran */
  double load_before, load_after;
} Scaling;

/* Verifications per second with @n_threads threads, on one shared verifier
 * or one verifier per thread (@verifiers), or the floor's work when
 * @verifiers is NULL, and the CPU time each took
 * (@cpu_us): contention (locks, cache lines bouncing between cores) makes
 * each verification cost more CPU, whereas a busy machine only makes the
 * threads wait. While a single thread runs, the machine's idle time says
 * whether the other cores were free: a free machine is idle (n - 1) / n of
 * the time. */
static double
threaded_rate (Bench *b, VneidVerifier **verifiers, guint n_threads, guint iterations,
               double *cpu_us, double *other_idle)
{
  g_autofree GThread **threads = g_new (GThread *, n_threads);
  g_autofree Worker *workers = g_new (Worker, n_threads);
  CpuTicks before = cpu_ticks (), after;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = bench_process_cpu_seconds ();
  double seconds;

  for (guint i = 0; i < n_threads; i++)
    {
      workers[i] = verifiers ? (Worker) { verifiers[i], b->presentation, NULL, iterations }
                             : (Worker) { NULL, NULL, &b->floor, iterations };
      threads[i] = g_thread_new ("verify", run_worker, &workers[i]);
    }
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *cpu_us = (bench_process_cpu_seconds () - cpu_start) * 1e6 / (n_threads * iterations);
  after = cpu_ticks ();
  if (other_idle != NULL && after.total > before.total && g_get_num_processors () > 1)
    *other_idle = (double) (after.idle - before.idle) / (after.total - before.total)
                  * g_get_num_processors () / (g_get_num_processors () - 1);
  return n_threads * iterations / seconds;
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  return g_file_get_contents ("/proc/loadavg", &text, NULL, NULL) ? g_ascii_strtod (text, NULL) : -1;
}

/* 1 thread, 2 threads sharing the verifier, 2 threads with a verifier each,
 * and the floor in 1 and 2 threads, in alternating rounds; medians. */
static Scaling
measure_scaling (Bench *b, guint rounds, guint iterations)
{
  g_autoptr(VneidVerifier) second = vneid_verifier_new (b->trust);
  VneidVerifier *shared[2] = { b->verifier, b->verifier }, *own[2] = { b->verifier, second };
  g_autofree double *one = g_new (double, rounds), *two_shared = g_new (double, rounds);
  g_autofree double *two_own = g_new (double, rounds), *idle = g_new (double, rounds);
  g_autofree double *cpu = g_new (double, 3 * rounds), *floor_cpu = g_new (double, 2 * rounds);
  g_autofree double *floor_one = g_new (double, rounds), *floor_two = g_new (double, rounds);
  Scaling s = { 0 };

  s.load_before = load_average ();
  for (guint i = 0; i < rounds; i++)
    {
      idle[i] = 0;
      one[i] = threaded_rate (b, shared, 1, iterations, &cpu[i], &idle[i]);
      two_shared[i] = threaded_rate (b, shared, 2, iterations, &cpu[rounds + i], NULL);
      two_own[i] = threaded_rate (b, own, 2, iterations, &cpu[2 * rounds + i], NULL);
      floor_one[i] = threaded_rate (b, NULL, 1, iterations, &floor_cpu[i], NULL);
      floor_two[i] = threaded_rate (b, NULL, 2, iterations, &floor_cpu[rounds + i], NULL);
    }
  s.load_after = load_average ();
  s.one = bench_median (one, rounds);
  s.shared = bench_median (two_shared, rounds);
  s.own = bench_median (two_own, rounds);
  s.floor_one = bench_median (floor_one, rounds);
  s.floor_two = bench_median (floor_two, rounds);
  s.other_idle = bench_median (idle, rounds);
  s.cpu_one = bench_median (cpu, rounds);
  s.cpu_shared = bench_median (cpu + rounds, rounds);
  s.cpu_own = bench_median (cpu + 2 * rounds, rounds);
  return s;
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
        bench_die ("building profiles", error);
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

/* Medians of alternating batches of each kind. */
typedef struct {
  double library, floor, fill, whole;
} Rates;

static Rates
measure_rates (Bench *b, guint batches, guint iterations)
{
  g_autofree double *library = g_new (double, batches), *floor_rates = g_new (double, batches);
  g_autofree double *fill = g_new0 (double, batches), *whole = g_new0 (double, batches);
  Rates r;

  run_library (b, iterations / 4 + 1);  /* warm caches and allocator */
  run_floor (b, iterations / 4 + 1);
  for (guint i = 0; i < batches; i++)
    {
      library[i] = time_batch (b, run_library, iterations);
      floor_rates[i] = time_batch (b, run_floor, iterations);
      if (b->mapper != NULL)
        {
          fill[i] = time_batch (b, run_fill, iterations);
          whole[i] = time_batch (b, run_verify_fill, iterations);
        }
    }
  r.library = bench_median (library, batches);
  r.floor = bench_median (floor_rates, batches);
  r.fill = bench_median (fill, batches);
  r.whole = bench_median (whole, batches);
  return r;
}

/* The other cores count as free when they were idle 90 % of the time while
 * one thread verified. */
#define FREE_IDLE_SHARE 0.9

static void
print_json (Bench *b, guint batches, guint iterations, const Rates *r, const Scaling *s,
            double profile_bytes)
{
  g_autofree char *scaling = NULL;

  if (s->one > 0)
    scaling = g_strdup_printf (
      "\"thread_scaling\":%.3f,\"thread_scaling_own_verifiers\":%.3f,\"threads\":2,"
      "\"one_thread_per_s\":%.0f,\"two_threads_shared_per_s\":%.0f,"
      "\"two_threads_own_per_s\":%.0f,\"other_cores_idle\":%.3f,\"second_core_free\":%s,"
      "\"loadavg_before\":%.2f,\"loadavg_after\":%.2f,\"cpu_us_one_thread\":%.1f,"
      "\"cpu_us_two_threads_shared\":%.1f,\"cpu_us_two_threads_own\":%.1f,"
      "\"floor_thread_scaling\":%.3f,",
      s->shared / s->one, s->own / s->one, s->one, s->shared, s->own, s->other_idle,
      s->other_idle >= FREE_IDLE_SHARE ? "true" : "false", s->load_before, s->load_after,
      s->cpu_one, s->cpu_shared, s->cpu_own, s->floor_two / s->floor_one);
  printf ("{\"presentation_bytes\":%zu,\"disclosures\":%u,\"batches\":%u,\"iterations\":%u,"
          "\"verify_ratio\":%.3f,\"whole_path_ratio\":%.3f,%s"
          "\"library_per_s\":%.0f,\"floor_per_s\":%.0f,\"fill_per_s\":%.0f,"
          "\"verify_fill_per_s\":%.0f,\"fill_over_verify\":%.3f,\"bytes_per_profile\":%.0f}\n",
          strlen (b->presentation), b->floor.disclosures->len, batches, iterations,
          r->library / r->floor, r->whole / r->floor, scaling ? scaling : "",
          r->library, r->floor, r->fill, r->whole,
          r->fill > 0 ? r->library / r->fill : 0.0, profile_bytes);
}

static void
print_text (Bench *b, guint batches, guint iterations, const Rates *r, const Scaling *s,
            double profile_bytes)
{
  printf ("presentation: %zu bytes, %u disclosures, KB-JWT\n",
          strlen (b->presentation), b->floor.disclosures->len);
  printf ("batches: %u x %u of each kind, alternating, medians\n", batches, iterations);
  printf ("library verify: %8.0f /s  (%.1f us each)\n", r->library, 1e6 / r->library);
  printf ("crypto floor:   %8.0f /s  (%.1f us each)\n", r->floor, 1e6 / r->floor);
  printf ("ratio library/floor: %.3f\n", r->library / r->floor);
  if (b->mapper != NULL)
    {
      printf ("fill %s:   %8.0f /s  (%.1f us each, %.1f%% of a verification)\n", FORM_ID,
              r->fill, 1e6 / r->fill, 100.0 * r->library / r->fill);
      printf ("verify+profile+fill: %8.0f /s  (ratio to the floor %.3f)\n",
              r->whole, r->whole / r->floor);
    }
  else
    printf ("fill: skipped, no plugin fills %s (set VNEID_PLUGIN_PATH, e.g. build/plugins)\n",
            FORM_ID);
  if (s->one > 0)
    {
      printf ("threads: 1 -> %.0f /s; 2 sharing one verifier -> %.0f /s, scaling %.2fx; "
              "2 with a verifier each -> %.0f /s, scaling %.2fx\n",
              s->one, s->shared, s->shared / s->one, s->own, s->own / s->one);
      printf ("other cores idle %.0f%% while one thread ran (load average %.2f -> %.2f): %s\n",
              100 * s->other_idle, s->load_before, s->load_after,
              s->other_idle >= FREE_IDLE_SHARE ? "second core free"
                                               : "second core busy: scaling not conclusive");
      printf ("CPU per verification: 1 thread %.1f us; 2 sharing %.1f us; 2 with their own %.1f us "
              "(equal when the threads do not contend)\n", s->cpu_one, s->cpu_shared, s->cpu_own);
      printf ("the floor alone: 2 threads %.2fx one (what this machine gives two threads)\n",
              s->floor_two / s->floor_one);
    }
  printf ("memory: %.1f KiB resident per verified profile kept alive\n", profile_bytes / 1024);
}

/* --count N: N of each kind, untimed, for callgrind (tests/bench/callgrind.sh). */
static void
run_counted (Bench *b, guint count)
{
  run_library (b, count);
  run_floor (b, count);
  if (b->mapper != NULL)
    run_verify_fill (b, count);
}

int
main (int argc, char **argv)
{
  guint batches = 21, iterations = 200, count = 0;
  gboolean json = FALSE, no_threads = FALSE;
  GOptionEntry entries[] = {
    { "batches", 'b', 0, G_OPTION_ARG_INT, &batches, "Batches of each kind (default 21)", "N" },
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Verifications per batch (default 200)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the figures as one JSON object", NULL },
    { "no-threads", 0, 0, G_OPTION_ARG_NONE, &no_threads, "Do not measure thread scaling", NULL },
    { "count", 0, 0, G_OPTION_ARG_INT, &count,
      "Run N verifications, N floors and N whole paths, untimed, and exit (for callgrind)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  Rates rates;
  Scaling scaling = { 0 };
  double profile_bytes;
  Bench b = { 0 };

  g_option_context_set_summary (context,
    "Measures presentation verification (a PID with 19 disclosures and a KB-JWT)\n"
    "against its cryptographic floor (two Ed25519 verifications and the SHA-256\n"
    "digests), in alternating batches, and prints the medians and their ratio;\n"
    "then filling the CT01 form from the verified profile (plugins from\n"
    "VNEID_PLUGIN_PATH, then the installed folder), the whole path (verify +\n"
    "profile + fill) against the same floor, and 2 threads against 1.");
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
  if (count > 0)
    run_counted (&b, count);
  else
    {
      rates = measure_rates (&b, batches, iterations);
      if (!no_threads)
        scaling = measure_scaling (&b, MAX (3, batches / 3), iterations);
      profile_bytes = bytes_per_profile (&b, 2000);
      if (json)
        print_json (&b, batches, iterations, &rates, &scaling, profile_bytes);
      else
        print_text (&b, batches, iterations, &rates, &scaling, profile_bytes);
    }

  bench_floor_clear (&b.floor);
  g_free ((char *) b.presentation);
  g_clear_object (&b.mapper);
  g_clear_object (&b.profile);
  g_object_unref (b.verifier);
  g_object_unref (b.trust);
  return 0;
}
