/* vneid-bench-lines.c: distinct presentations for tests/bench/batch.sh
 *
 * Prints COUNT presentations, one per line, of the benchmarks' PID (every
 * claim disclosable, 19 claims disclosed, a KB-JWT), each with its own
 * holder key, salts and personal identification number. `vneid issue` and
 * `vneid present` make the same presentations, but at two process starts
 * per line they take minutes for thousands of lines. Not a test.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vneid.h>

#include "bench-common.h"

#define BENCH_PID_NUMBER "001090012345"

/* The bench's PID with a personal identification number of its own:
 * province 001, born 1990, serial @serial. */
static char *
claims_for (guint serial)
{
  g_autofree char *number = g_strdup_printf ("001090%06u", serial % 1000000);
  g_auto(GStrv) halves = g_strsplit (bench_pid_claims, BENCH_PID_NUMBER, 2);

  return g_strconcat (halves[0], number, halves[1], NULL);
}

static char *
make_presentation (VneidKey *issuer_key, const char *issuer, guint serial, gint64 iat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) holder_key = vneid_key_generate (NULL, &error);
  g_autofree char *claims = claims_for (serial);
  g_autoptr(VneidCredentialBuilder) builder = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autofree char *issued = NULL;
  char *presentation;

  if (holder_key == NULL)
    bench_die ("a holder key", error);
  builder = vneid_credential_builder_new_from_json (VNEID_VCT_PID, claims, &error);
  if (builder == NULL)
    bench_die ("claims", error);
  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_holder_key (builder, holder_key);
  vneid_credential_builder_set_issued_at (builder, iat);
  issued = vneid_credential_builder_build (builder, issuer_key, issuer, &error);
  if (issued == NULL || (credential = vneid_credential_new (issued, &error)) == NULL)
    bench_die ("issuing", error);
  presentation = vneid_credential_present (credential, bench_pid_disclosed, holder_key,
                                           BENCH_NONCE, BENCH_AUDIENCE, iat, &error);
  if (presentation == NULL)
    bench_die ("presenting", error);
  return presentation;
}

int
main (int argc, char **argv)
{
  g_autofree char *key_path = NULL, *issuer = NULL;
  gint64 iat = 0;
  int count = 0;
  GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, "The issuer's private JWK (required)", "KEY.jwk" },
    { "iss", 0, 0, G_OPTION_ARG_STRING, &issuer, "The issuer (default " BENCH_ISSUER ")", "URL" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Presentations to print (required)", "N" },
    { "iat", 0, 0, G_OPTION_ARG_INT64, &iat, "Issued at, for the credential and the KB-JWT (default now)", "UNIX" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) issuer_key = NULL;

  g_option_context_set_summary (context,
    "Prints N distinct presentations of a PID, one per line: every claim\n"
    "disclosable, 19 disclosed (25 disclosures), a KB-JWT with nonce\n"
    "\"" BENCH_NONCE "\" and audience \"" BENCH_AUDIENCE "\"; each line has\n"
    "its own holder key, salts and personal identification number.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      fprintf (stderr, "vneid-bench-lines: %s\n", error ? error->message : "no arguments expected");
      return 2;
    }
  if (key_path == NULL || count <= 0)
    {
      fprintf (stderr, "vneid-bench-lines: --key and a positive --count are required\n");
      return 2;
    }
  if ((issuer_key = vneid_key_new_from_file (key_path, &error)) == NULL)
    bench_die (key_path, error);
  if (iat == 0)
    iat = g_get_real_time () / G_USEC_PER_SEC;

  for (int i = 0; i < count; i++)
    {
      g_autofree char *presentation = make_presentation (issuer_key, issuer ? issuer : BENCH_ISSUER,
                                                         (guint) i, iat);

      puts (presentation);
    }
  return fflush (stdout) == 0 && !ferror (stdout) ? 0 : 1;
}
