/* test-status-list.c: Token Status Lists (draft-ietf-oauth-status-list)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <check.h>
#include <gio/gio.h>

#include <vneid.h>

#include "vneid-test-util.h"

#include "vneid-jws-private.h"
#include "vneid-key-private.h"
#include "vneid-status-list-private.h"
#include "vneid-util-private.h"

#define ISSUER "https://issuer.example"
#define LIST_URI "https://issuer.example/statuslists/1"
#define NOW ((gint64) 1700000000)

/* draft-ietf-oauth-status-list, section 4.1: 1-bit list of 16 entries
 * (bytes B9 A3) and 2-bit list of 12 entries (bytes C9 44 F9). */
#define KAT_1BIT_LST "eNrbuRgAAhcBXQ"
#define KAT_2BIT_LST "eNo76fITAAPfAgc"
static const guint kat_1bit[16] = { 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1 };
static const guint kat_2bit[12] = { 1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3 };

/* Checks that @error is set, in @domain with @code, and clears it. */
#define assert_error(error, error_domain, error_code)                               \
  G_STMT_START {                                                                   \
    ck_assert_msg ((error) != NULL, "expected an error, got success");             \
    ck_assert_msg ((error)->domain == (error_domain) &&                            \
                   (error)->code == (int) (error_code),                            \
                   "expected error code %d, got %s/%d: %s", (int) (error_code),    \
                   g_quark_to_string ((error)->domain), (error)->code,             \
                   (error)->message);                                              \
    g_clear_error (&(error));                                                      \
  } G_STMT_END

#define assert_no_error(error)                                                     \
  ck_assert_msg ((error) == NULL, "unexpected error: %s", (error) ? (error)->message : "")

/* zlib (RFC 1950) compression of @data with GIO, at @level. */
static GBytes *
zlib_compress (const guint8 *data,
               gsize         len,
               int           level)
{
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, level));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 chunk[16384];
  gsize pos = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (compressor, data + pos, len - pos, chunk, sizeof chunk,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &error);
      ck_assert_msg (result != G_CONVERTER_ERROR, "compression failed: %s",
                     error ? error->message : "");
      pos += read;
      g_byte_array_append (out, chunk, (guint) written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* zlib of @total zero bytes, fed in small pieces so that the zeros are
 * never all in memory. */
static GBytes *
zlib_zeros (gsize total)
{
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const guint8 zeros[65536];
  guint8 chunk[65536];
  gsize fed = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize piece = MIN (sizeof zeros, total - fed);
      gboolean last = fed + piece == total;
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (compressor, zeros, piece, chunk, sizeof chunk,
                                    last ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &read, &written, &error);
      ck_assert_msg (result != G_CONVERTER_ERROR, "compression failed: %s",
                     error ? error->message : "");
      fed += read;
      g_byte_array_append (out, chunk, (guint) written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static char *
b64_of_bytes (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return vneid_b64url_encode (data, len);
}

static void
assert_entries (VneidStatusList *list,
                const guint     *expected,
                guint            n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      guint value = 99;

      ck_assert (vneid_status_list_get (list, i, &value, &error));
      assert_no_error (error);
      ck_assert_msg (value == expected[i], "entry %u is %u, expected %u", i, value, expected[i]);
    }
}

static VneidStatusList *
list_from_values (guint        bits,
                  const guint *values,
                  guint        n)
{
  g_autoptr(GError) error = NULL;
  VneidStatusList *list = vneid_status_list_new (bits, n, &error);

  assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      ck_assert (vneid_status_list_set (list, i, values[i], &error));
      assert_no_error (error);
    }
  return list;
}

/* ---- known answers ---- */

START_TEST (test_kat_1bit_decode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new_from_encoded (1, KAT_1BIT_LST, &error);

  assert_no_error (error);
  ck_assert_uint_eq (vneid_status_list_get_bits (list), 1);
  ck_assert_uint_eq (vneid_status_list_get_size (list), 16);
  ck_assert_ptr_null (vneid_status_list_get_uri (list));
  ck_assert_ptr_null (vneid_status_list_get_issuer (list));
  assert_entries (list, kat_1bit, G_N_ELEMENTS (kat_1bit));
}
END_TEST

START_TEST (test_kat_1bit_encode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = list_from_values (1, kat_1bit, G_N_ELEMENTS (kat_1bit));
  g_autofree char *lst = vneid_status_list_encode (list, &error);

  assert_no_error (error);
  ck_assert_str_eq (lst, KAT_1BIT_LST);
}
END_TEST

START_TEST (test_kat_2bit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) decoded = vneid_status_list_new_from_encoded (2, KAT_2BIT_LST, &error);
  g_autoptr(VneidStatusList) built = NULL;
  g_autofree char *lst = NULL;

  assert_no_error (error);
  /* three bytes hold 12 entries of 2 bits */
  ck_assert_uint_eq (vneid_status_list_get_size (decoded), 12);
  assert_entries (decoded, kat_2bit, G_N_ELEMENTS (kat_2bit));

  built = list_from_values (2, kat_2bit, G_N_ELEMENTS (kat_2bit));
  lst = vneid_status_list_encode (built, &error);
  assert_no_error (error);
  ck_assert_str_eq (lst, KAT_2BIT_LST);
}
END_TEST

/* Streams other encoders write at other levels decode the same. */
START_TEST (test_kat_other_levels)
{
  static const guint8 bytes[] = { 0xB9, 0xA3 };

  for (int level = 0; level <= 9; level++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) z = zlib_compress (bytes, sizeof bytes, level);
      g_autofree char *lst = b64_of_bytes (z);
      g_autoptr(VneidStatusList) list = vneid_status_list_new_from_encoded (1, lst, &error);

      assert_no_error (error);
      ck_assert_uint_eq (vneid_status_list_get_size (list), 16);
      assert_entries (list, kat_1bit, G_N_ELEMENTS (kat_1bit));
    }
}
END_TEST

/* ---- entries ---- */

/* The packing is least-significant bit first within each byte. */
START_TEST (test_packing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (4, 4, &error);
  g_autofree char *lst = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autofree char *expected_lst = NULL;
  static const guint8 bytes[] = { 0x21, 0xF0 };

  assert_no_error (error);
  ck_assert (vneid_status_list_set (list, 0, 1, &error));
  ck_assert (vneid_status_list_set (list, 1, 2, &error));
  ck_assert (vneid_status_list_set (list, 3, 15, &error));
  assert_no_error (error);

  lst = vneid_status_list_encode (list, &error);
  assert_no_error (error);
  expected = zlib_compress (bytes, sizeof bytes, 9);
  expected_lst = b64_of_bytes (expected);
  ck_assert_str_eq (lst, expected_lst);
}
END_TEST

START_TEST (test_set_get_round_trip)
{
  static const guint widths[] = { 1, 2, 4, 8 };
  guint bits = widths[_i];
  guint size = 1001; /* not a multiple of any entries-per-byte */
  guint mask = (1u << bits) - 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (bits, size, &error);
  g_autoptr(VneidStatusList) decoded = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42 + bits);
  g_autofree guint *values = g_new0 (guint, size);
  g_autofree char *lst = NULL;

  assert_no_error (error);
  ck_assert_uint_eq (vneid_status_list_get_bits (list), bits);
  ck_assert_uint_eq (vneid_status_list_get_size (list), size);

  /* a new list is all VALID */
  assert_entries (list, values, size);

  /* every value at every position, in a random order of writes */
  for (guint round = 0; round < 4; round++)
    for (guint n = 0; n < size; n++)
      {
        guint i = (guint) g_rand_int_range (rand, 0, (gint32) size);
        guint v = (guint) g_rand_int_range (rand, 0, (gint32) mask + 1);

        ck_assert (vneid_status_list_set (list, i, v, &error));
        assert_no_error (error);
        values[i] = v;
      }
  for (guint v = 0; v <= mask; v++)
    {
      ck_assert (vneid_status_list_set (list, v, v, &error));
      values[v] = v;
    }
  ck_assert (vneid_status_list_set (list, size - 1, mask, &error));
  values[size - 1] = mask;
  assert_no_error (error);
  assert_entries (list, values, size);

  /* encode → decode keeps every entry; the decoded list may be longer by
   * the padding of the last byte, which stays 0 */
  lst = vneid_status_list_encode (list, &error);
  assert_no_error (error);
  decoded = vneid_status_list_new_from_encoded (bits, lst, &error);
  assert_no_error (error);
  ck_assert_uint_eq (vneid_status_list_get_size (decoded), (size * bits + 7) / 8 * 8 / bits);
  assert_entries (decoded, values, size);
  for (guint i = size; i < vneid_status_list_get_size (decoded); i++)
    {
      guint v = 99;
      ck_assert (vneid_status_list_get (decoded, i, &v, &error));
      ck_assert_uint_eq (v, 0);
    }
}
END_TEST

START_TEST (test_out_of_range)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (2, 16, &error);
  guint value = 7;

  assert_no_error (error);

  ck_assert (!vneid_status_list_get (list, 16, &value, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_str_eq (error->message, "index 16 lies outside the status list (size 16)");
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE);
  ck_assert (!vneid_status_list_get (list, G_MAXUINT, &value, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE);
  ck_assert_uint_eq (value, 7);

  ck_assert (!vneid_status_list_set (list, 16, 1, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert (!vneid_status_list_set (list, 0, 4, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert (!vneid_status_list_set (list, 0, G_MAXUINT, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert (vneid_status_list_set (list, 15, 3, &error));
  assert_no_error (error);

  /* nothing else changed */
  for (guint i = 0; i < 15; i++)
    {
      ck_assert (vneid_status_list_get (list, i, &value, &error));
      ck_assert_uint_eq (value, 0);
    }
}
END_TEST

START_TEST (test_new_arguments)
{
  static const guint bad_bits[] = { 0, 3, 5, 6, 7, 9, 16, 32 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) largest = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_bits); i++)
    {
      ck_assert_ptr_null (vneid_status_list_new (bad_bits[i], 8, &error));
      assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
      ck_assert_ptr_null (vneid_status_list_new_from_encoded (bad_bits[i], KAT_1BIT_LST, &error));
      assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
    }
  ck_assert_ptr_null (vneid_status_list_new (1, 0, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert_ptr_null (vneid_status_list_new (8, VNEID_STATUS_LIST_MAX_ENTRIES + 1, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);

  largest = vneid_status_list_new (8, VNEID_STATUS_LIST_MAX_ENTRIES, &error);
  assert_no_error (error);
  ck_assert (vneid_status_list_set (largest, VNEID_STATUS_LIST_MAX_ENTRIES - 1, 255, &error));
  assert_no_error (error);
}
END_TEST

START_TEST (test_properties)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (4, 10, &error);
  g_autofree char *uri = NULL;
  guint bits = 0, size = 0;

  assert_no_error (error);
  g_object_get (list, "bits", &bits, "size", &size, "uri", &uri, NULL);
  ck_assert_uint_eq (bits, 4);
  ck_assert_uint_eq (size, 10);
  ck_assert_ptr_null (uri);
}
END_TEST

/* ---- bad lst ---- */

static void
assert_lst_rejected (guint       bits,
                     const char *lst,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  VneidStatusList *list = vneid_status_list_new_from_encoded (bits, lst, &error);

  ck_assert_msg (list == NULL, "lst “%.40s” was accepted", lst);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_str_has_prefix (error->message, "status list: "),
                 "message does not say where: %s", error->message);
  assert_error (error, VNEID_CREDENTIAL_ERROR, code);
}

static char *
lst_of (const guint8 *data,
        gsize         len)
{
  return vneid_b64url_encode (data, len);
}

START_TEST (test_lst_not_base64url)
{
  assert_lst_rejected (1, "", VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, "eNrbuRgAAhcBXQ==", VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, "eNrb+RgAAhcBXQ", VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, "eNrb/RgAAhcBXQ", VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, "eNrbuRgA AhcBXQ", VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, "eNrbuRgAAhcBXQ\n", VNEID_CREDENTIAL_ERROR_MALFORMED);
  /* stray bits in the last character */
  assert_lst_rejected (1, "eNrbuRgAAhcBXR", VNEID_CREDENTIAL_ERROR_MALFORMED);
}
END_TEST

START_TEST (test_lst_not_zlib)
{
  static const guint8 bytes[] = { 0xB9, 0xA3 };
  static const guint8 zeros[] = { 0, 0, 0, 0 };
  g_autoptr(GBytes) raw_deflate = NULL;
  g_autoptr(GBytes) gzip = NULL;
  g_autofree char *lst_zeros = lst_of (zeros, sizeof zeros);
  g_autofree char *lst_plain = lst_of (bytes, sizeof bytes);
  g_autofree char *lst_raw = NULL;
  g_autofree char *lst_gzip = NULL;
  g_autofree char *lst_text = NULL;

  {
    g_autoptr(GConverter) c = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 9));
    guint8 out[64];
    gsize r, w;

    ck_assert_int_eq (g_converter_convert (c, bytes, sizeof bytes, out, sizeof out,
                                           G_CONVERTER_INPUT_AT_END, &r, &w, NULL),
                      G_CONVERTER_FINISHED);
    raw_deflate = g_bytes_new (out, w);
  }
  {
    g_autoptr(GConverter) c = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9));
    guint8 out[64];
    gsize r, w;

    ck_assert_int_eq (g_converter_convert (c, bytes, sizeof bytes, out, sizeof out,
                                           G_CONVERTER_INPUT_AT_END, &r, &w, NULL),
                      G_CONVERTER_FINISHED);
    gzip = g_bytes_new (out, w);
  }
  lst_raw = b64_of_bytes (raw_deflate);
  lst_gzip = b64_of_bytes (gzip);
  lst_text = lst_of ((const guint8 *) "hello, world", 12);

  assert_lst_rejected (1, lst_zeros, VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, lst_plain, VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, lst_raw, VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, lst_gzip, VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, lst_text, VNEID_CREDENTIAL_ERROR_MALFORMED);
  assert_lst_rejected (1, "AA", VNEID_CREDENTIAL_ERROR_MALFORMED);
}
END_TEST

START_TEST (test_lst_corrupt_zlib)
{
  static const guint8 bytes[] = { 0xB9, 0xA3, 0x00, 0x12, 0x34 };
  g_autoptr(GBytes) z = zlib_compress (bytes, sizeof bytes, 9);
  gsize len;
  const guint8 *data = g_bytes_get_data (z, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);

  /* every truncation fails */
  for (gsize cut = 1; cut < len; cut++)
    {
      g_autofree char *lst = lst_of (data, cut);
      assert_lst_rejected (1, lst, VNEID_CREDENTIAL_ERROR_MALFORMED);
    }

  /* a wrong Adler-32 checksum fails */
  copy[len - 1] ^= 0x01;
  {
    g_autofree char *lst = lst_of (copy, len);
    assert_lst_rejected (1, lst, VNEID_CREDENTIAL_ERROR_MALFORMED);
  }
}
END_TEST

START_TEST (test_lst_trailing_garbage)
{
  static const guint8 bytes[] = { 0xB9, 0xA3 };
  g_autoptr(GBytes) z = zlib_compress (bytes, sizeof bytes, 9);
  gsize len;
  const guint8 *data = g_bytes_get_data (z, &len);
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autofree char *lst_one = NULL;
  g_autofree char *lst_two = NULL;

  g_byte_array_append (buf, data, (guint) len);
  g_byte_array_append (buf, (const guint8 *) "\0", 1);
  lst_one = lst_of (buf->data, buf->len);
  assert_lst_rejected (1, lst_one, VNEID_CREDENTIAL_ERROR_MALFORMED);

  /* a second zlib stream is trailing data too */
  g_byte_array_set_size (buf, (guint) len);
  g_byte_array_append (buf, data, (guint) len);
  lst_two = lst_of (buf->data, buf->len);
  assert_lst_rejected (1, lst_two, VNEID_CREDENTIAL_ERROR_MALFORMED);
}
END_TEST

START_TEST (test_lst_empty_list)
{
  g_autoptr(GBytes) z = zlib_compress ((const guint8 *) "", 0, 9);
  g_autofree char *lst = b64_of_bytes (z);

  assert_lst_rejected (1, lst, VNEID_CREDENTIAL_ERROR_MALFORMED);
}
END_TEST

/* ---- size limits ---- */

static glong
max_rss_kib (void)
{
  struct rusage usage;

  ck_assert_int_eq (getrusage (RUSAGE_SELF, &usage), 0);
  return usage.ru_maxrss;
}

START_TEST (test_decompression_bomb)
{
  static const guint widths[] = { 1, 8 };
  guint bits = widths[_i];
  gsize bomb_size = (gsize) 64 * 1024 * 1024;
  g_autoptr(GBytes) bomb = zlib_zeros (bomb_size);
  g_autofree char *lst = b64_of_bytes (bomb);
  g_autoptr(GError) error = NULL;
  VneidStatusList *list;
  gint64 start;
  glong rss_before, rss_after;

  ck_assert_uint_lt (g_bytes_get_size (bomb), 128 * 1024);

  rss_before = max_rss_kib ();
  start = g_get_monotonic_time ();
  list = vneid_status_list_new_from_encoded (bits, lst, &error);
  ck_assert_ptr_null (list);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_str_has_prefix (error->message, "status list: "), "%s", error->message);
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE);
  ck_assert_msg (g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC,
                 "the bomb took %" G_GINT64_FORMAT " ms",
                 (g_get_monotonic_time () - start) / 1000);
  /* Memory stays far below the 64 MiB of the bomb, and even below the
   * limit (2 MiB at 1 bit, 16 MiB at 8 bits): the stream is measured in a
   * small buffer before anything of its size is allocated. */
  rss_after = max_rss_kib ();
  ck_assert_msg (rss_after - rss_before < 2 * 1024,
                   "peak memory grew by %ld KiB", rss_after - rss_before);
}
END_TEST

/* The largest list that fits decodes; one byte more does not. */
START_TEST (test_size_limit_boundary)
{
  gsize max_bytes = VNEID_STATUS_LIST_MAX_ENTRIES / 8; /* at 1 bit per entry */
  g_autoptr(GBytes) exact = zlib_zeros (max_bytes);
  g_autoptr(GBytes) over = zlib_zeros (max_bytes + 1);
  g_autofree char *lst_exact = b64_of_bytes (exact);
  g_autofree char *lst_over = b64_of_bytes (over);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = NULL;
  guint value = 9;

  list = vneid_status_list_new_from_encoded (1, lst_exact, &error);
  assert_no_error (error);
  ck_assert_uint_eq (vneid_status_list_get_size (list), VNEID_STATUS_LIST_MAX_ENTRIES);
  ck_assert (vneid_status_list_get (list, VNEID_STATUS_LIST_MAX_ENTRIES - 1, &value, &error));
  ck_assert_uint_eq (value, 0);

  assert_lst_rejected (1, lst_over, VNEID_CREDENTIAL_ERROR_TOO_LARGE);
  /* the same bytes are within the limit at 2 bits per entry */
  g_clear_object (&list);
  list = vneid_status_list_new_from_encoded (2, lst_over, &error);
  assert_no_error (error);
  ck_assert_uint_eq (vneid_status_list_get_size (list), (max_bytes + 1) * 4);
}
END_TEST

/* ---- tokens ---- */

typedef struct {
  VneidKey        *key;
  VneidTrustStore *store;
} Fixture;

static Fixture fx;

static void
setup_trust (void)
{
  g_autoptr(GError) error = NULL;

  fx.key = vneid_key_generate ("list-key-1", &error);
  assert_no_error (error);
  fx.store = vneid_trust_store_new ();
  ck_assert (vneid_trust_store_add_key (fx.store, ISSUER, fx.key, &error));
  assert_no_error (error);
  vneid_trust_store_allow_all_types (fx.store, ISSUER);
}

static void
teardown_trust (void)
{
  g_clear_object (&fx.key);
  g_clear_object (&fx.store);
}

static char *
b64_of_text (const char *text)
{
  return vneid_b64url_encode ((const guint8 *) text, strlen (text));
}

/* A token with exactly this header and payload text, signed by @key. */
static char *
make_token (VneidKey   *key,
            const char *header_json,
            const char *payload_json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *header = b64_of_text (header_json);
  g_autofree char *payload = b64_of_text (payload_json);
  g_autofree char *input = g_strconcat (header, ".", payload, NULL);
  g_autofree char *sig = NULL;
  guint8 signature[VNEID_SIGNATURE_BYTES];

  ck_assert (vneid_key_sign_detached (key, input, strlen (input), signature, &error));
  assert_no_error (error);
  sig = vneid_b64url_encode (signature, sizeof signature);
  return g_strconcat (input, ".", sig, NULL);
}

#define GOOD_HEADER "{\"alg\":\"EdDSA\",\"typ\":\"statuslist+jwt\",\"kid\":\"list-key-1\"}"

static char *
payload_with (const char *status_list_json,
              const char *extra)
{
  return g_strdup_printf ("{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"iat\":%" G_GINT64_FORMAT
                          ",\"exp\":%" G_GINT64_FORMAT ",\"status_list\":%s%s}",
                          NOW, NOW + 3600, status_list_json, extra ? extra : "");
}

static void
assert_token_rejected (const char *token,
                       int         code)
{
  g_autoptr(GError) error = NULL;
  VneidStatusList *list = vneid_status_list_new_from_token (token, fx.store, NOW + 60, &error);

  ck_assert_msg (list == NULL, "token was accepted");
  ck_assert_ptr_nonnull (error);
  /* "status list token: …", or "status list token header …" and the like
   * from the JWS layer */
  ck_assert_msg (g_str_has_prefix (error->message, "status list token"),
                 "message does not say where: %s", error->message);
  assert_error (error, VNEID_CREDENTIAL_ERROR, code);
}

START_TEST (test_token_round_trip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = list_from_values (2, kat_2bit, G_N_ELEMENTS (kat_2bit));
  g_autoptr(VneidStatusList) parsed = NULL;
  g_autofree char *token = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *issuer = NULL;
  VneidJws jws;
  const char *lst;

  token = vneid_status_list_to_token (list, fx.key, ISSUER, LIST_URI, NOW, NOW + 3600, &error);
  assert_no_error (error);
  ck_assert_ptr_nonnull (token);

  /* the token says what it should */
  ck_assert (vneid_jws_parse (&jws, token, strlen (token), "statuslist+jwt", "test", &error));
  assert_no_error (error);
  ck_assert_str_eq (json_object_get_string_member (jws.header, "alg"), "EdDSA");
  ck_assert_str_eq (json_object_get_string_member (jws.header, "kid"), "list-key-1");
  ck_assert_str_eq (json_object_get_string_member (jws.payload, "iss"), ISSUER);
  ck_assert_str_eq (json_object_get_string_member (jws.payload, "sub"), LIST_URI);
  ck_assert_int_eq (json_object_get_int_member (jws.payload, "iat"), NOW);
  ck_assert_int_eq (json_object_get_int_member (jws.payload, "exp"), NOW + 3600);
  ck_assert_int_eq (json_object_get_int_member (json_object_get_object_member (jws.payload, "status_list"), "bits"), 2);
  lst = json_object_get_string_member (json_object_get_object_member (jws.payload, "status_list"), "lst");
  ck_assert_str_eq (lst, KAT_2BIT_LST);
  vneid_jws_clear (&jws);

  parsed = vneid_status_list_new_from_token (token, fx.store, NOW + 10, &error);
  assert_no_error (error);
  ck_assert_uint_eq (vneid_status_list_get_bits (parsed), 2);
  ck_assert_uint_eq (vneid_status_list_get_size (parsed), 12);
  ck_assert_str_eq (vneid_status_list_get_uri (parsed), LIST_URI);
  ck_assert_str_eq (vneid_status_list_get_issuer (parsed), ISSUER);
  assert_entries (parsed, kat_2bit, G_N_ELEMENTS (kat_2bit));

  g_object_get (parsed, "uri", &uri, "issuer", &issuer, NULL);
  ck_assert_str_eq (uri, LIST_URI);
  ck_assert_str_eq (issuer, ISSUER);
}
END_TEST

/* iat 0 is now, exp 0 is left out; now 0 is the system clock. */
START_TEST (test_token_defaults)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = list_from_values (1, kat_1bit, G_N_ELEMENTS (kat_1bit));
  g_autoptr(VneidStatusList) parsed = NULL;
  g_autofree char *token = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  VneidJws jws;

  token = vneid_status_list_to_token (list, fx.key, ISSUER, LIST_URI, 0, 0, &error);
  assert_no_error (error);
  ck_assert (vneid_jws_parse (&jws, token, strlen (token), "statuslist+jwt", "test", &error));
  ck_assert (!json_object_has_member (jws.payload, "exp"));
  ck_assert_int_ge (json_object_get_int_member (jws.payload, "iat"), before);
  ck_assert_int_le (json_object_get_int_member (jws.payload, "iat"), before + 5);
  vneid_jws_clear (&jws);

  parsed = vneid_status_list_new_from_token (token, fx.store, 0, &error);
  assert_no_error (error);
  assert_entries (parsed, kat_1bit, G_N_ELEMENTS (kat_1bit));
}
END_TEST

/* An issuer that republishes its lists states how long to cache them. */
START_TEST (test_token_ttl)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = list_from_values (2, kat_2bit, G_N_ELEMENTS (kat_2bit));
  g_autoptr(VneidStatusList) parsed = NULL;
  g_autofree char *token = NULL;
  g_autofree char *without = NULL;
  VneidJws jws;

  token = vneid_status_list_to_token_with_ttl (list, fx.key, ISSUER, LIST_URI, NOW, NOW + 3600, 300, &error);
  assert_no_error (error);
  ck_assert (vneid_jws_parse (&jws, token, strlen (token), "statuslist+jwt", "test", &error));
  ck_assert_int_eq (json_object_get_int_member (jws.payload, "ttl"), 300);
  ck_assert_int_eq (json_object_get_int_member (jws.payload, "exp"), NOW + 3600);
  vneid_jws_clear (&jws);
  parsed = vneid_status_list_new_from_token (token, fx.store, NOW + 10, &error);
  assert_no_error (error);
  assert_entries (parsed, kat_2bit, G_N_ELEMENTS (kat_2bit));

  /* ttl 0 leaves the claim out, as vneid_status_list_to_token() does. */
  without = vneid_status_list_to_token_with_ttl (list, fx.key, ISSUER, LIST_URI, NOW, 0, 0, &error);
  assert_no_error (error);
  ck_assert (vneid_jws_parse (&jws, without, strlen (without), "statuslist+jwt", "test", &error));
  ck_assert (!json_object_has_member (jws.payload, "ttl"));
  vneid_jws_clear (&jws);
}
END_TEST

START_TEST (test_token_arguments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (1, 8, &error);
  g_autoptr(VneidKey) public_key = vneid_key_dup_public (fx.key);

  ck_assert_ptr_null (vneid_status_list_to_token (list, fx.key, "", LIST_URI, NOW, 0, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert_ptr_null (vneid_status_list_to_token (list, fx.key, ISSUER, "", NOW, 0, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert_ptr_null (vneid_status_list_to_token (list, fx.key, ISSUER, LIST_URI, NOW, NOW, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert_ptr_null (vneid_status_list_to_token (list, fx.key, ISSUER, LIST_URI, -5, 0, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
  ck_assert_ptr_null (vneid_status_list_to_token (list, public_key, ISSUER, LIST_URI, NOW, 0, &error));
  assert_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_NO_PRIVATE_KEY);
}
END_TEST

START_TEST (test_token_wrong_typ)
{
  g_autofree char *payload = payload_with ("{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}", NULL);
  g_autofree char *jwt = make_token (fx.key, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"list-key-1\"}", payload);
  g_autofree char *none = make_token (fx.key, "{\"alg\":\"EdDSA\",\"kid\":\"list-key-1\"}", payload);
  g_autofree char *sd_jwt = make_token (fx.key, "{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\"}", payload);

  assert_token_rejected (jwt, VNEID_CREDENTIAL_ERROR_WRONG_TYPE);
  assert_token_rejected (none, VNEID_CREDENTIAL_ERROR_WRONG_TYPE);
  assert_token_rejected (sd_jwt, VNEID_CREDENTIAL_ERROR_WRONG_TYPE);
}
END_TEST

START_TEST (test_token_alg_none)
{
  g_autofree char *payload = payload_with ("{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}", NULL);
  g_autofree char *header = b64_of_text ("{\"alg\":\"none\",\"typ\":\"statuslist+jwt\"}");
  g_autofree char *body = b64_of_text (payload);
  g_autofree char *unsigned_token = g_strconcat (header, ".", body, ".", NULL);
  g_autofree char *hs256 = make_token (fx.key, "{\"alg\":\"HS256\",\"typ\":\"statuslist+jwt\"}", payload);
  g_autofree char *es256 = make_token (fx.key, "{\"alg\":\"ES256\",\"typ\":\"statuslist+jwt\"}", payload);

  assert_token_rejected (unsigned_token, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM);
  assert_token_rejected (hs256, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM);
  assert_token_rejected (es256, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM);
}
END_TEST

START_TEST (test_token_untrusted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) other_key = vneid_key_generate ("list-key-1", &error);
  g_autoptr(VneidStatusList) list = vneid_status_list_new (1, 16, &error);
  g_autofree char *other_issuer = vneid_status_list_to_token (list, fx.key, "https://other.example",
                                                              LIST_URI, NOW, 0, &error);
  g_autofree char *payload = payload_with ("{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}", NULL);
  g_autofree char *wrong_key = make_token (other_key, GOOD_HEADER, payload);
  g_autofree char *unknown_kid = make_token (fx.key, "{\"alg\":\"EdDSA\",\"typ\":\"statuslist+jwt\",\"kid\":\"nope\"}", payload);
  g_autofree char *jwk_header = NULL;
  g_autofree char *no_iss = make_token (fx.key, GOOD_HEADER,
                                        "{\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}");

  assert_no_error (error);
  assert_token_rejected (other_issuer, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER);
  assert_token_rejected (wrong_key, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE);
  assert_token_rejected (unknown_kid, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY);
  assert_token_rejected (no_iss, VNEID_CREDENTIAL_ERROR_MALFORMED);

  /* a key of its own in the header is never used */
  {
    g_autofree char *jwk = vneid_key_to_jwk (other_key, FALSE);
    g_autofree char *header = g_strdup_printf ("{\"alg\":\"EdDSA\",\"typ\":\"statuslist+jwt\",\"jwk\":%s}", jwk);
    jwk_header = make_token (other_key, header, payload);
  }
  assert_token_rejected (jwk_header, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY);
}
END_TEST

START_TEST (test_token_bad_signature)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (1, 16, &error);
  g_autofree char *token = vneid_status_list_to_token (list, fx.key, ISSUER, LIST_URI, NOW, 0, &error);
  g_auto(GStrv) parts = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *truncated_sig = NULL;
  gsize json_len;

  assert_no_error (error);
  parts = g_strsplit (token, ".", 3);
  ck_assert_uint_eq (g_strv_length (parts), 3);

  /* one character of the payload changed: revoke entry 0 */
  payload_json = (char *) vneid_b64url_decode (parts[1], strlen (parts[1]), &json_len, "test", &error);
  assert_no_error (error);
  {
    g_autoptr(GString) text = g_string_new (payload_json);
    g_autofree char *body = NULL;

    ck_assert_uint_eq (g_string_replace (text, "\"bits\":1", "\"bits\":2", 1), 1);
    body = b64_of_text (text->str);
    forged = g_strjoin (".", parts[0], body, parts[2], NULL);
  }
  assert_token_rejected (forged, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE);

  /* one character of the signature changed */
  {
    g_autofree char *flipped = g_strdup (token);
    char *last_part = strrchr (flipped, '.') + 1;

    last_part[5] = last_part[5] == 'A' ? 'B' : 'A';
    assert_token_rejected (flipped, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE);
  }

  truncated_sig = g_strndup (token, strlen (token) - 4);
  assert_token_rejected (truncated_sig, VNEID_CREDENTIAL_ERROR_MALFORMED);
}
END_TEST

START_TEST (test_token_bad_claims)
{
  static const struct {
    const char *payload;
    int         code;
  } cases[] = {
    /* sub missing, not a string, empty */
    { "{\"iss\":\"" ISSUER "\",\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":7,\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"\",\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    /* status_list missing or not an object */
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\"}", VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":\"" KAT_1BIT_LST "\"}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":[1,\"" KAT_1BIT_LST "\"]}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    /* bits wrong */
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":3,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":0,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":-1,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":4294967297,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1.5,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":\"1\",\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    /* lst missing, not a string, not base64url, not zlib */
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1,\"lst\":[185,163]}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1,\"lst\":\"eNrbuRgAAhcBXQ==\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1,\"lst\":\"eNrb+RgAAhcBXQ\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1,\"lst\":\"uaM\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"status_list\":{\"bits\":1,\"lst\":\"eNrbuRgAAhcB\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    /* times */
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"exp\":\"soon\",\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
    { "{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"iat\":null,\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}",
      VNEID_CREDENTIAL_ERROR_MALFORMED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *token = make_token (fx.key, GOOD_HEADER, cases[i].payload);
      g_autoptr(GError) error = NULL;
      VneidStatusList *list = vneid_status_list_new_from_token (token, fx.store, NOW, &error);

      ck_assert_msg (list == NULL, "case %" G_GSIZE_FORMAT " was accepted", i);
      ck_assert_msg (error->domain == VNEID_CREDENTIAL_ERROR && error->code == cases[i].code,
                     "case %" G_GSIZE_FORMAT ": code %d: %s", i, error->code, error->message);
      ck_assert_msg (g_str_has_prefix (error->message, "status list token: "),
                     "case %" G_GSIZE_FORMAT ": %s", i, error->message);
    }
}
END_TEST

/* A token with @times_json; an `iat` long ago unless @times_json has one
 * (the claim is required). */
static VneidStatusList *
parse_with_times (const char *times_json,
                  gint64      now,
                  GError    **error)
{
  g_autofree char *payload =
    g_strdup_printf ("{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\"%s%s,"
                     "\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}",
                     strstr (times_json, "\"iat\"") ? "" : ",\"iat\":1000", times_json);
  g_autofree char *token = make_token (fx.key, GOOD_HEADER, payload);

  return vneid_status_list_new_from_token (token, fx.store, now, error);
}

START_TEST (test_token_times)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exp = g_strdup_printf (",\"exp\":%" G_GINT64_FORMAT, NOW);
  g_autofree char *iat = g_strdup_printf (",\"iat\":%" G_GINT64_FORMAT, NOW);
  g_autofree char *nbf = g_strdup_printf (",\"nbf\":%" G_GINT64_FORMAT, NOW);
  VneidStatusList *list;

  /* exp: within the leeway, then past it (RFC 7519: now must be before exp) */
  list = parse_with_times (exp, NOW + 59, &error);
  assert_no_error (error);
  g_clear_object (&list);
  ck_assert_ptr_null (parse_with_times (exp, NOW + 60, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert (g_str_has_prefix (error->message, "status list token: "));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_EXPIRED);
  ck_assert_ptr_null (parse_with_times (",\"exp\":-9000000000000000000", NOW, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_EXPIRED);

  /* iat and nbf in the future */
  list = parse_with_times (iat, NOW - 60, &error);
  assert_no_error (error);
  g_clear_object (&list);
  ck_assert_ptr_null (parse_with_times (iat, NOW - 61, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID);
  ck_assert_ptr_null (parse_with_times (",\"iat\":9000000000000000000", NOW, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID);
  ck_assert_ptr_null (parse_with_times (nbf, NOW - 61, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID);

  /* a verifier's own leeway */
  {
    g_autofree char *payload =
      g_strdup_printf ("{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\",\"iat\":1000%s,"
                       "\"status_list\":{\"bits\":1,\"lst\":\"" KAT_1BIT_LST "\"}}", exp);
    g_autofree char *token = make_token (fx.key, GOOD_HEADER, payload);

    list = vneid_status_list_new_from_token_full (token, fx.store, NOW + 299, 300, &error);
    assert_no_error (error);
    g_clear_object (&list);
    ck_assert_ptr_null (vneid_status_list_new_from_token_full (token, fx.store, NOW + 1, 0, &error));
    assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_EXPIRED);
  }

  /* extreme clocks and claims overflow nothing */
  list = parse_with_times (",\"iat\":9000000000000000000,\"nbf\":-9000000000000000000", G_MAXINT64, &error);
  assert_no_error (error);
  g_clear_object (&list);
  ck_assert_ptr_null (parse_with_times (",\"exp\":9000000000000000000", G_MAXINT64, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_EXPIRED);
  ck_assert_ptr_null (parse_with_times (",\"nbf\":9000000000000000000", 1, &error));
  assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID);

  /* iat alone is enough */
  list = parse_with_times ("", NOW, &error);
  assert_no_error (error);
  g_clear_object (&list);
}
END_TEST

/* Token Status List section 5.1: `iat` is required; `ttl`, when present,
 * is a positive number of seconds (section 8.3 checks every claim). */
START_TEST (test_token_required_claims)
{
  static const char *const bad_ttl[] = { ",\"ttl\":0", ",\"ttl\":-5", ",\"ttl\":\"1h\"", ",\"ttl\":1.5",
                                         ",\"ttl\":null" };
  g_autoptr(GError) error = NULL;
  g_autofree char *no_iat = g_strdup_printf ("{\"iss\":\"" ISSUER "\",\"sub\":\"" LIST_URI "\","
                                             "\"exp\":%" G_GINT64_FORMAT ",\"status_list\":{\"bits\":1,"
                                             "\"lst\":\"" KAT_1BIT_LST "\"}}", NOW + 3600);
  g_autofree char *token = make_token (fx.key, GOOD_HEADER, no_iat);
  VneidStatusList *list;

  assert_token_rejected (token, VNEID_CREDENTIAL_ERROR_MALFORMED);
  ck_assert_ptr_null (vneid_status_list_new_from_token (token, fx.store, NOW, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "iat"));
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_ttl); i++)
    {
      ck_assert_ptr_null (parse_with_times (bad_ttl[i], NOW, &error));
      ck_assert_msg (error != NULL && strstr (error->message, "ttl") != NULL, "%s: %s", bad_ttl[i],
                     error ? error->message : "accepted");
      assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED);
    }
  list = parse_with_times (",\"ttl\":43200", NOW, &error);
  assert_no_error (error);
  g_clear_object (&list);
}
END_TEST

START_TEST (test_token_garbage)
{
  static const char *const garbage[] = {
    "",
    "not a token",
    "a.b",
    "a.b.c.d",
    "...",
  };
  g_autofree char *huge = g_malloc (4 * 1024 * 1024 + 2);

  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    assert_token_rejected (garbage[i], VNEID_CREDENTIAL_ERROR_MALFORMED);

  memset (huge, 'a', 4 * 1024 * 1024 + 1);
  huge[4 * 1024 * 1024 + 1] = '\0';
  assert_token_rejected (huge, VNEID_CREDENTIAL_ERROR_TOO_LARGE);
  /* at the limit it is parsed, and found no JWS */
  huge[4 * 1024 * 1024] = '\0';
  assert_token_rejected (huge, VNEID_CREDENTIAL_ERROR_MALFORMED);
}
END_TEST

START_TEST (test_token_bomb)
{
  g_autoptr(GBytes) bomb = zlib_zeros ((gsize) 64 * 1024 * 1024);
  g_autofree char *lst = b64_of_bytes (bomb);
  g_autofree char *status_list = g_strdup_printf ("{\"bits\":8,\"lst\":\"%s\"}", lst);
  g_autofree char *payload = payload_with (status_list, NULL);
  g_autofree char *token = make_token (fx.key, GOOD_HEADER, payload);
  gint64 start = g_get_monotonic_time ();

  assert_token_rejected (token, VNEID_CREDENTIAL_ERROR_TOO_LARGE);
  ck_assert_int_lt (g_get_monotonic_time () - start, 5 * G_USEC_PER_SEC);
}
END_TEST

START_TEST (test_token_trailing_garbage)
{
  static const guint8 bytes[] = { 0xB9, 0xA3 };
  g_autoptr(GBytes) z = zlib_compress (bytes, sizeof bytes, 9);
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autofree char *lst = NULL;
  g_autofree char *status_list = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *token = NULL;

  g_byte_array_append (buf, g_bytes_get_data (z, NULL), (guint) g_bytes_get_size (z));
  g_byte_array_append (buf, (const guint8 *) "junk", 4);
  lst = lst_of (buf->data, buf->len);
  status_list = g_strdup_printf ("{\"bits\":1,\"lst\":\"%s\"}", lst);
  payload = payload_with (status_list, NULL);
  token = make_token (fx.key, GOOD_HEADER, payload);

  assert_token_rejected (token, VNEID_CREDENTIAL_ERROR_MALFORMED);
}
END_TEST

static Suite *
status_list_suite (void)
{
  Suite *s = suite_create ("status-list");
  TCase *tc;

  tc = tcase_create ("known-answers");
  tcase_add_test (tc, test_kat_1bit_decode);
  tcase_add_test (tc, test_kat_1bit_encode);
  tcase_add_test (tc, test_kat_2bit);
  tcase_add_test (tc, test_kat_other_levels);
  suite_add_tcase (s, tc);

  tc = tcase_create ("entries");
  tcase_add_test (tc, test_packing);
  tcase_add_loop_test (tc, test_set_get_round_trip, 0, 4);
  tcase_add_test (tc, test_out_of_range);
  tcase_add_test (tc, test_new_arguments);
  tcase_add_test (tc, test_properties);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bad-lst");
  tcase_add_test (tc, test_lst_not_base64url);
  tcase_add_test (tc, test_lst_not_zlib);
  tcase_add_test (tc, test_lst_corrupt_zlib);
  tcase_add_test (tc, test_lst_trailing_garbage);
  tcase_add_test (tc, test_lst_empty_list);
  suite_add_tcase (s, tc);

  tc = tcase_create ("limits");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_decompression_bomb, 0, 2);
  tcase_add_test (tc, test_size_limit_boundary);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tokens");
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, setup_trust, teardown_trust);
  tcase_add_test (tc, test_token_round_trip);
  tcase_add_test (tc, test_token_defaults);
  tcase_add_test (tc, test_token_arguments);
  tcase_add_test (tc, test_token_wrong_typ);
  tcase_add_test (tc, test_token_alg_none);
  tcase_add_test (tc, test_token_untrusted);
  tcase_add_test (tc, test_token_bad_signature);
  tcase_add_test (tc, test_token_bad_claims);
  tcase_add_test (tc, test_token_times);
  tcase_add_test (tc, test_token_ttl);
  tcase_add_test (tc, test_token_required_claims);
  tcase_add_test (tc, test_token_garbage);
  tcase_add_test (tc, test_token_bomb);
  tcase_add_test (tc, test_token_trailing_garbage);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (status_list_suite ());
}
