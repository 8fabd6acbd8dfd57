/* vneid-floor-lines.c: the cryptographic floor of a file of presentations
 *
 * `vneid verify --batch` verifies one presentation per line. Its floor on
 * the same lines is what no verifier can skip: for each line, the issuer
 * JWT's and the KB-JWT's Ed25519 signatures, one SHA-256 per disclosure as
 * received and the SHA-256 of the sd_hash input. This program prepares
 * every line's inputs beforehand, untimed (splitting on '~', signing inputs,
 * decoded signatures, the issuer's key from the --trust metadata, the
 * holder's from the line's cnf.jwk), then times only the floor over all the
 * lines, ROUNDS times, and prints the median lines per second.
 * tests/bench/batch.sh runs it in alternation with `vneid verify --batch`.
 * Not a test.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vneid.h>

#include "bench-common.h"

/* The trusted key of the issuer that signed @jwt: the one whose signature
 * verifies, whatever the kid says (the library's own lookup is not what is
 * measured here). */
static VneidKey *
issuer_key_of (VneidTrustStore *trust, VneidJwt *jwt, GError **error)
{
  JsonObject *payload = vneid_jwt_get_payload (jwt);
  const char *issuer = json_object_get_string_member_with_default (payload, "iss", NULL);
  g_autoptr(GPtrArray) keys = issuer ? vneid_trust_store_get_keys (trust, issuer) : NULL;

  for (guint i = 0; keys != NULL && i < keys->len; i++)
    if (vneid_jwt_verify (jwt, g_ptr_array_index (keys, i)))
      return g_object_ref (g_ptr_array_index (keys, i));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "no --trust key of issuer %s verifies the issuer JWT", issuer ? issuer : "(none)");
  return NULL;
}

static VneidKey *
holder_key_of (VneidJwt *jwt, GError **error)
{
  JsonObject *payload = vneid_jwt_get_payload (jwt);
  JsonObject *cnf = json_object_has_member (payload, "cnf")
                    ? json_object_get_object_member (payload, "cnf") : NULL;

  if (cnf == NULL || !json_object_has_member (cnf, "jwk") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (cnf, "jwk")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no cnf.jwk in the issuer JWT");
      return NULL;
    }
  return vneid_key_new_from_jwk_object (json_object_get_object_member (cnf, "jwk"), error);
}

/* Untimed: everything the floor needs from one line. */
static gboolean
prepare_line (BenchFloor *floor, VneidTrustStore *trust, const char *line, GError **error)
{
  g_autofree char *issuer_jws = NULL;
  g_autoptr(VneidJwt) jwt = NULL;
  g_autoptr(VneidKey) issuer_key = NULL;
  g_autoptr(VneidKey) holder_key = NULL;

  if (!bench_floor_prepare (floor, line, strlen (line), error))
    return FALSE;
  if (floor->kb_input.length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "no KB-JWT: the floor is two signatures");
      return FALSE;
    }
  issuer_jws = g_strndup (line, strcspn (line, "~"));
  if ((jwt = vneid_jwt_parse (issuer_jws, "dc+sd-jwt", error)) == NULL ||
      (issuer_key = issuer_key_of (trust, jwt, error)) == NULL ||
      (holder_key = holder_key_of (jwt, error)) == NULL)
    return FALSE;
  bench_public_key (issuer_key, floor->issuer_public);
  bench_public_key (holder_key, floor->holder_public);
  return TRUE;
}

/* Lines as `vneid verify --batch` reads them: blank ones skipped, the
 * others stripped of surrounding white space (in place in @text). */
static GArray *
prepare_lines (VneidTrustStore *trust, char *text)
{
  GArray *floors = g_array_new (FALSE, TRUE, sizeof (BenchFloor));
  char *next = text;
  guint line_number = 0;

  g_array_set_clear_func (floors, (GDestroyNotify) bench_floor_clear);
  while (next != NULL)
    {
      char *line = next, *newline = strchr (next, '\n');
      g_autoptr(GError) error = NULL;
      BenchFloor floor;

      line_number++;
      if (newline != NULL)
        *newline = '\0';
      next = newline ? newline + 1 : NULL;
      if (*g_strstrip (line) == '\0')
        continue;
      if (!prepare_line (&floor, trust, line, &error))
        {
          g_autofree char *where = g_strdup_printf ("line %u", line_number);

          bench_floor_clear (&floor);
          bench_die (where, error);
        }
      g_array_append_val (floors, floor);
    }
  return floors;
}

/* not inlined: callgrind can count it */
static G_GNUC_NO_INLINE void
run_floor_lines (GArray *floors)
{
  for (guint i = 0; i < floors->len; i++)
    if (!bench_floor_run (&g_array_index (floors, BenchFloor, i)))
      {
        g_autofree char *where = g_strdup_printf ("presentation %u", i + 1);

        bench_die (where, NULL);
      }
}

/* Lines per second of wall clock, and per second of CPU in @cpu_rate. */
static double
time_round (GArray *floors, double *cpu_rate)
{
  gint64 start = g_get_monotonic_time ();
  double cpu_start = bench_process_cpu_seconds ();

  run_floor_lines (floors);
  *cpu_rate = floors->len / (bench_process_cpu_seconds () - cpu_start);
  return floors->len / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static guint
count_disclosures (GArray *floors)
{
  guint n = 0;

  for (guint i = 0; i < floors->len; i++)
    n += g_array_index (floors, BenchFloor, i).disclosures->len;
  return n;
}

int
main (int argc, char **argv)
{
  g_auto(GStrv) trust_paths = NULL;
  int rounds = 7;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust_paths,
      "JWT VC Issuer Metadata of the issuers (required, repeatable; as for vneid verify)", "METADATA.json" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Timed rounds over all the lines (default 7)", "R" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the figures as one JSON object", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidTrustStore) trust = vneid_trust_store_new ();
  g_autoptr(GArray) floors = NULL;
  g_autofree double *rates = NULL, *cpu_rates = NULL;
  g_autofree char *text = NULL;
  double median, cpu_median;

  g_option_context_set_summary (context,
    "Times the cryptographic floor of verifying FILE, one presentation per\n"
    "line: two Ed25519 verifications, a SHA-256 per disclosure and one for\n"
    "the sd_hash per line, all inputs prepared untimed. Prints the median\n"
    "lines per second of ROUNDS rounds over all the lines (of wall clock and\n"
    "of the process's CPU time).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      trust_paths == NULL || rounds <= 0)
    {
      fprintf (stderr, "vneid-floor-lines: %s\n",
               error ? error->message : "usage: vneid-floor-lines --trust METADATA.json... [--rounds R] [--json] FILE");
      return 2;
    }
  for (char **path = trust_paths; *path != NULL; path++)
    if (!vneid_trust_store_add_metadata_file (trust, *path, &error))
      bench_die (*path, error);
  if (!g_file_get_contents (argv[1], &text, NULL, &error))
    bench_die (argv[1], error);
  floors = prepare_lines (trust, text);
  if (floors->len == 0)
    {
      fprintf (stderr, "vneid-floor-lines: %s: no presentations\n", argv[1]);
      return 1;
    }

  run_floor_lines (floors);  /* warm caches, and check every signature */
  rates = g_new (double, rounds);
  cpu_rates = g_new (double, rounds);
  for (int i = 0; i < rounds; i++)
    rates[i] = time_round (floors, &cpu_rates[i]);
  median = bench_median (rates, (guint) rounds);
  cpu_median = bench_median (cpu_rates, (guint) rounds);

  if (json)
    printf ("{\"lines\":%u,\"disclosures\":%u,\"rounds\":%d,\"floor_lines_per_s\":%.1f,"
            "\"floor_lines_per_cpu_s\":%.1f}\n",
            floors->len, count_disclosures (floors), rounds, median, cpu_median);
  else
    printf ("floor: %u lines, %u disclosures, median of %d rounds: %.0f lines/s (%.1f us a line), "
            "%.0f lines per CPU second\n",
            floors->len, count_disclosures (floors), rounds, median, 1e6 / median, cpu_median);
  return 0;
}
