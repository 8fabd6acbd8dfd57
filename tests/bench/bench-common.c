/* bench-common.c: the benchmarks' presentation, floor and median
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "bench-common.h"

const char bench_pid_claims[] =
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

const char *const bench_pid_disclosed[] = {
  "personal_administrative_number", "name", "family_name", "middle_name", "given_name",
  "birthdate", "sex", "nationalities", "ethnicity", "religion", "place_of_birth",
  "place_of_origin", "address.formatted", "address.street_address", "address.locality",
  "address.region", "address.country", "current_address", "household", NULL,
};

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints "PROGRAM: WHAT: why" and exits 1. */
void
bench_die (const char *what,
           GError     *error)
{
  fprintf (stderr, "%s: %s: %s\n", g_get_prgname (), what, error ? error->message : "failed");
  exit (1);
}

void
bench_public_key (VneidKey *key,
                  guint8    out[crypto_sign_PUBLICKEYBYTES])
{
  g_autoptr(GBytes) bytes = vneid_key_get_public_bytes (key);

  memcpy (out, g_bytes_get_data (bytes, NULL), crypto_sign_PUBLICKEYBYTES);
}

/* Sorts @values. */
double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Splits a compact JWS at its last '.' into its signing input and its
 * decoded signature. */
static gboolean
split_jws (const char  *text,
           BenchSpan    jws,
           BenchSpan   *input,
           guint8       signature[crypto_sign_BYTES],
           GError     **error)
{
  const char *start = text + jws.offset;
  const char *dot = g_strrstr_len (start, (gssize) jws.length, ".");
  gsize decoded = 0;

  if (dot == NULL ||
      sodium_base642bin (signature, crypto_sign_BYTES, dot + 1, (gsize) (start + jws.length - dot - 1),
                         NULL, &decoded, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      decoded != crypto_sign_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "a JWS of %zu bytes at offset %zu has no 64-byte Ed25519 signature",
                   jws.length, jws.offset);
      return FALSE;
    }
  input->offset = jws.offset;
  input->length = (gsize) (dot - start);
  return TRUE;
}

/*
 * bench_floor_prepare:
 * Splits @presentation (`<issuer JWT>~<disclosure>~...~<KB-JWT or empty>`,
 * @length bytes, kept alive by the caller) into the floor's inputs. The
 * public keys are the caller's to fill in.
 */
gboolean
bench_floor_prepare (BenchFloor  *floor,
                     const char  *presentation,
                     gsize        length,
                     GError     **error)
{
  const char *end = presentation + length;
  const char *first = memchr (presentation, '~', length);
  const char *last = g_strrstr_len (presentation, (gssize) length, "~");
  BenchSpan issuer_jws, kb_jws;

  memset (floor, 0, sizeof *floor);
  floor->presentation = (const guint8 *) presentation;
  floor->disclosures = g_array_new (FALSE, FALSE, sizeof (BenchSpan));
  if (first == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no '~' in the presentation");
      return FALSE;
    }
  issuer_jws = (BenchSpan) { 0, (gsize) (first - presentation) };
  kb_jws = (BenchSpan) { (gsize) (last + 1 - presentation), (gsize) (end - last - 1) };
  floor->presented = (BenchSpan) { 0, (gsize) (last + 1 - presentation) };
  for (const char *d = first + 1; d < last; )
    {
      const char *tilde = memchr (d, '~', (gsize) (last + 1 - d));
      BenchSpan span = { (gsize) (d - presentation), (gsize) (tilde - d) };

      g_array_append_val (floor->disclosures, span);
      d = tilde + 1;
    }

  if (!split_jws (presentation, issuer_jws, &floor->issuer_input, floor->issuer_signature, error))
    return FALSE;
  return kb_jws.length == 0 ||
         split_jws (presentation, kb_jws, &floor->kb_input, floor->kb_signature, error);
}

void
bench_floor_clear (BenchFloor *floor)
{
  g_clear_pointer (&floor->disclosures, g_array_unref);
}

/*
 * bench_floor_run:
 * Computes the floor once. Returns FALSE when a signature does not verify
 * (the inputs or keys were wrong: the floor was not measured).
 */
gboolean
bench_floor_run (const BenchFloor *floor)
{
  const guint8 *text = floor->presentation;
  guint8 digest[crypto_hash_sha256_BYTES];

  if (crypto_sign_verify_detached (floor->issuer_signature, text + floor->issuer_input.offset,
                                   floor->issuer_input.length, floor->issuer_public) != 0)
    return FALSE;
  for (guint i = 0; i < floor->disclosures->len; i++)
    {
      const BenchSpan *d = &g_array_index (floor->disclosures, BenchSpan, i);

      crypto_hash_sha256 (digest, text + d->offset, d->length);
    }
  if (floor->kb_input.length == 0)
    return TRUE;
  crypto_hash_sha256 (digest, text + floor->presented.offset, floor->presented.length);
  return crypto_sign_verify_detached (floor->kb_signature, text + floor->kb_input.offset,
                                      floor->kb_input.length, floor->holder_public) == 0;
}

double
bench_process_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}
