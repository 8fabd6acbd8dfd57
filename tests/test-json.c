/* test-json.c: the strict JSON reader's fast paths agree with the rules
 *
 * The reader checks UTF-8 and string bytes eight at a time, reads SD-JWT
 * disclosures without building their array, and leaves `_sd` arrays of
 * digests out of their objects as spans. These tests hold each fast path
 * to a slow reference: GLib's UTF-8 validator, a byte-by-byte reading of
 * the string rules, and the reader's full parse of the same text.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-test-util.h"

/* Pieces of string contents: ASCII runs of several lengths (to cross the
 * eight-byte words at every offset), valid multibyte characters, and
 * everything UTF-8 and JSON forbid inside a string. */
static const char *const pieces[] = {
  "a", "bc", "defghij", "klmnopqrstuvwxyz", " ", "\x7f",
  "\xc3\xa9", "\xe1\xbb\x85", "\xf0\x9f\x98\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
  "\xc3", "\xa9", "\xe1\xbb", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
  "\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xff", "\xfe", "\xf8\x88\x80\x80\x80",
  "\x01", "\x1f", "\t", "\n", "\x00",
};

/* What the reader must do with `"<bytes>"`: accept exactly valid UTF-8
 * with no quote, backslash or control character, and give the bytes back. */
static gboolean
string_is_valid (const char *bytes,
                 gsize       len)
{
  if (!g_utf8_validate_len (bytes, len, NULL))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (bytes[i] == '"' || bytes[i] == '\\' || (guchar) bytes[i] < 0x20)
      return FALSE;
  return TRUE;
}

static void
check_string (const char *bytes,
              gsize       len)
{
  g_autoptr(GByteArray) text = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean valid = string_is_valid (bytes, len);
  g_autofree char *shown = g_strescape (bytes, NULL);

  g_byte_array_append (text, (const guint8 *) "\"", 1);
  g_byte_array_append (text, (const guint8 *) bytes, (guint) len);
  g_byte_array_append (text, (const guint8 *) "\"", 1);
  node = vneid_json_parse ((const char *) text->data, text->len, "test", &error);

  ck_assert_msg ((node != NULL) == valid, "\"%s\" (%zu bytes): %s, expected %s", shown, len,
                 node ? "accepted" : error->message, valid ? "accepted" : "rejected");
  if (node != NULL)
    {
      ck_assert_uint_eq (strlen (json_node_get_string (node)), len);
      ck_assert (memcmp (json_node_get_string (node), bytes, len) == 0);
    }
  else
    ck_assert_msg (error != NULL && error->code == VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "\"%s\": no MALFORMED error", shown);
}

/* Every piece after every ASCII prefix of 0 to 16 bytes, followed by ASCII. */
START_TEST (test_string_pieces)
{
  for (guint prefix = 0; prefix <= 16; prefix++)
    for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
      {
        g_autoptr(GString) bytes = g_string_new (NULL);
        gsize piece_len = pieces[i][0] == '\0' ? 1 : strlen (pieces[i]);

        for (guint k = 0; k < prefix; k++)
          g_string_append_c (bytes, (char) ('a' + k));
        g_string_append_len (bytes, pieces[i], (gssize) piece_len);
        g_string_append (bytes, "tail-of-ascii");
        check_string (bytes->str, bytes->len);
      }
}
END_TEST

/* Random sequences of pieces, from a fixed seed. */
START_TEST (test_string_random)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) bytes = g_string_new (NULL);
      guint n = (guint) g_rand_int_range (rand, 0, 12);

      for (guint k = 0; k < n; k++)
        {
          /* mostly valid pieces, so that long valid strings come up too */
          guint i = (guint) g_rand_int_range (rand, 0, g_rand_int_range (rand, 0, 4) ? 11
                                                                                    : G_N_ELEMENTS (pieces));
          gsize piece_len = pieces[i][0] == '\0' ? 1 : strlen (pieces[i]);

          g_string_append_len (bytes, pieces[i], (gssize) piece_len);
        }
      check_string (bytes->str, bytes->len);
    }
}
END_TEST

/* A quote ends the string, a backslash escapes, at every offset. */
START_TEST (test_string_quote_and_escape)
{
  for (guint prefix = 0; prefix <= 17; prefix++)
    {
      g_autofree char *x = g_strnfill (prefix, 'x');
      g_autofree char *escaped = g_strdup_printf ("\"%s\\n%s\"", x, x);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"%s\"", x, x);
      g_autofree char *expected = g_strdup_printf ("%s\n%s", x, x);
      g_autoptr(JsonNode) node = vneid_json_parse (escaped, strlen (escaped), "test", NULL);
      g_autoptr(JsonNode) none = vneid_json_parse (quoted, strlen (quoted), "test", NULL);

      ck_assert_ptr_nonnull (node);
      ck_assert_str_eq (json_node_get_string (node), expected);
      /* "xx"xx": a string, then trailing characters */
      ck_assert_ptr_null (none);
    }
}
END_TEST

/* ---- disclosures ---------------------------------------------------------- */

static const char *const disclosures[] = {
  "[\"2GLC42sKQveCfGfryNRN9w\", \"given_name\", \"An\"]",
  "[\"salt\",\"nationalities\",[\"VN\"]]",
  "[\"salt\", \"VN\"]",
  "[\"salt\", 17]",
  "[\"salt\", {\"a\": 1, \"b\": [true, null, 1.5e3, -0]}]",
  " [ \"s\\u0061lt\" ,\t\"n\\u00e9\\\"x\\ud83d\\ude00\" ,\n{\"x\":\"y\"} ] ",
  "[\"salt\", \"household\", {\"head_name\": \"Nguyễn Văn Bình\", \"n\": 1}]",
  "[\"salt\", \"\", \"\"]",
  "[\"salt\", 1, 2]",
  "[\"salt\", \"a\", \"b\", \"c\"]",
  "[\"salt\"]",
  "[]",
  "{\"a\": 1}",
  "[17, \"name\", \"value\"]",
  "[\"s\", \"n\", {\"a\": 1, \"a\": 2}]",
  "[\"s\", \"n\", {\"a\": 1, \"\\u0061\": 2}]",
  "[\"s\", \"n\",]",
  "[\"s\", \"n\", \"v\"] x",
  "[\"s\", \"address\", {\"_sd\": [\"d1\", \"d2\"], \"country\": \"VN\"}]",
  "[\"s\", {\"_sd\": [], \"a\": {\"_sd\": [\"x\"]}}]",
  "[\"s\", \"n\", {\"_sd\": [\"d\"], \"_sd\": [\"e\"]}]",
};

/* The disclosure shape in a full parse: name and value, or FALSE. */
static gboolean
full_disclosure (JsonNode    *root,
                 const char **name,
                 JsonNode   **value)
{
  JsonArray *array;
  guint n;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  array = json_node_get_array (root);
  n = json_array_get_length (array);
  if ((n != 2 && n != 3) || json_node_get_value_type (json_array_get_element (array, 0)) != G_TYPE_STRING)
    return FALSE;
  if (n == 3 && json_node_get_value_type (json_array_get_element (array, 1)) != G_TYPE_STRING)
    return FALSE;
  *name = n == 3 ? json_array_get_string_element (array, 1) : NULL;
  *value = json_array_get_element (array, n - 1);
  return TRUE;
}

/* Puts the `_sd` arrays a parse left out back into their objects, as the
 * string arrays the full parse builds; each span must lie in @text. */
static void
put_back_sd_arrays (VneidJsonSdArrays *arrays,
                    const char        *text,
                    gsize              len)
{
  for (guint i = 0; i < arrays->n_arrays; i++)
    {
      const VneidJsonSdArray *left_out = &arrays->arrays[i];
      JsonArray *digests = json_array_new ();

      ck_assert (!json_object_has_member (left_out->object, "_sd"));
      for (guint k = 0; k < left_out->n; k++)
        {
          const VneidJsonSpan *span = &arrays->spans[left_out->first + k];
          g_autofree char *digest = g_strndup (span->text, span->len);

          ck_assert (span->text >= text && span->text + span->len <= text + len);
          json_array_add_string_element (digests, digest);
        }
      json_object_set_array_member (left_out->object, "_sd", digests);
    }
}

/* The fast path accepts exactly what the full parse reads as a disclosure,
 * with the same name and value, with and without leaving `_sd` out. */
static void
check_disclosure (const char *text,
                  gsize       len)
{
  g_autoptr(JsonNode) root = vneid_json_parse (text, len, "test", NULL);
  g_autofree char *shown = g_strescape (text, NULL);
  const char *full_name = NULL;
  JsonNode *full_value = NULL;
  gboolean full = full_disclosure (root, &full_name, &full_value);

  for (guint with_sd_arrays = 0; with_sd_arrays <= 1; with_sd_arrays++)
    {
      g_autofree char *copy = g_memdup2 (text, len + 1);
      g_autoptr(GString) scratch = g_string_new (NULL);
      g_autoptr(JsonNode) fast_value = NULL;
      VneidJsonSdArrays arrays = { 0 };
      VneidJsonSpan scalar;
      const char *fast_name = NULL;
      gboolean fast = vneid_json_read_disclosure (copy, len, scratch, with_sd_arrays ? &arrays : NULL,
                                                  &fast_name, &fast_value, &scalar);

      ck_assert_msg (fast == full, "%s: fast path %s, full parse %s", shown,
                     fast ? "accepts" : "refuses", full ? "accepts" : "refuses");
      if (!fast)
        {
          ck_assert_uint_eq (arrays.n_arrays, 0);
          vneid_json_sd_arrays_clear (&arrays);
          continue;
        }
      ck_assert_str_eq (fast_name ? fast_name : "(none)", full_name ? full_name : "(none)");
      /* objects and arrays come as nodes, anything else as its text */
      ck_assert_msg ((fast_value == NULL) ==
                     (JSON_NODE_HOLDS_VALUE (full_value) || JSON_NODE_HOLDS_NULL (full_value)),
                     "%s: value read the wrong way", shown);
      if (fast_value == NULL)
        {
          ck_assert (scalar.text > copy && scalar.text + scalar.len < copy + len);
          fast_value = vneid_json_parse (scalar.text, scalar.len, "test", NULL);
          ck_assert_ptr_nonnull (fast_value);
        }
      put_back_sd_arrays (&arrays, copy, len);
      ck_assert_msg (json_node_equal (fast_value, full_value), "%s: values differ", shown);
      vneid_json_sd_arrays_clear (&arrays);
    }
}

START_TEST (test_disclosure_corpus)
{
  for (guint i = 0; i < G_N_ELEMENTS (disclosures); i++)
    check_disclosure (disclosures[i], strlen (disclosures[i]));
}
END_TEST

/* Every byte of every @corpus entry replaced by each of @replacements, and
 * every byte deleted, each text given to @check. */
static void
check_mutations (const char *const *corpus,
                 gsize               n,
                 const char         *replacements,
                 void              (*check) (const char *, gsize))
{
  for (gsize i = 0; i < n; i++)
    {
      gsize len = strlen (corpus[i]);

      for (gsize at = 0; at < len; at++)
        {
          g_autofree char *text = g_strdup (corpus[i]);

          for (const char *r = replacements; *r != '\0'; r++)
            {
              text[at] = *r;
              check (text, len);
            }
          memmove (text + at, corpus[i] + at + 1, len - at);
          check (text, len - 1);
        }
    }
}

/* bytes that matter to JSON */
START_TEST (test_disclosure_mutations)
{
  check_mutations (disclosures, G_N_ELEMENTS (disclosures), "\"\\,[]{}: a0-e.\x01\x80\xc3",
                   check_disclosure);
}
END_TEST

/* The nesting limit holds inside the value: the array is the first level. */
START_TEST (test_disclosure_depth)
{
  for (guint depth = 30; depth <= 33; depth++)
    {
      g_autoptr(GString) text = g_string_new ("[\"s\", \"n\", ");

      for (guint k = 0; k < depth - 1; k++)
        g_string_append_c (text, '[');
      for (guint k = 0; k < depth - 1; k++)
        g_string_append_c (text, ']');
      g_string_append_c (text, ']');
      check_disclosure (text->str, text->len);
    }
}
END_TEST

/* ---- `_sd` arrays left out of payloads ----------------------------------- */

static const char *const payloads[] = {
  "{\"_sd\": [\"a\", \"b\"], \"x\": 1}",
  "{\"_sd\": []}",
  "{ \"_sd\" : [ \"a\" , \"b\" ] , \"_sd_alg\": \"sha-256\" }",
  "{\"a\": {\"_sd\": [\"x\"], \"b\": {\"_sd\": [\"y\", \"z\"]}}, \"_sd\": [\"w\"]}",
  "{\"_sd\": [\"\u00e9\"]}",
  "{\"_sd\": [\"é\"]}",
  "{\"_sd\": [\"a\\u0041\"]}",
  "{\"_sd\": [1, \"a\"]}",
  "{\"_sd\": [\"a\", null]}",
  "{\"_sd\": \"a\"}",
  "{\"_sd\": {\"a\": 1}}",
  "{\"_sd\": [[\"a\"]]}",
  "{\"_sd\": [\"a\"], \"_sd\": [\"b\"]}",
  "{\"_sd\": [\"a\"], \"_sd\": 1}",
  "{\"_sd\": 1, \"_sd\": [\"a\"]}",
  "{\"_s\\u0064\": [\"a\"], \"_sd\": [\"b\"]}",
  "{\"_sd\": [\"a\",]}",
  "{\"_sd\": [\"a\" \"b\"]}",
  "{\"_sd\": [\"a\"",
  "{\"_sd\": [\"a\tb\"]}",
  "{\"arr\": [{\"_sd\": [\"q\"]}, {\"...\": \"r\"}]}",
  "[{\"_sd\": [\"a\"]}]",
};

/* vneid_json_parse_object_sd() accepts what vneid_json_parse_object() does,
 * refuses the rest in the same words, and reads the same tree once its
 * `_sd` arrays are put back. */
static void
check_payload (const char *text,
               gsize       len)
{
  g_autoptr(GError) full_error = NULL, sd_error = NULL;
  g_autoptr(JsonNode) full = vneid_json_parse_object (text, len, "payload", &full_error);
  VneidJsonSdArrays arrays = { 0 };
  g_autoptr(JsonNode) left_out = vneid_json_parse_object_sd (text, len, "payload", &arrays, &sd_error);
  g_autofree char *shown = g_strescape (text, NULL);

  ck_assert_msg ((full == NULL) == (left_out == NULL), "%s: one parse accepts, one refuses", shown);
  if (full == NULL)
    {
      ck_assert_str_eq (sd_error->message, full_error->message);
      ck_assert_uint_eq (arrays.n_arrays, 0);
      ck_assert_uint_eq (arrays.n_spans, 0);
      vneid_json_sd_arrays_clear (&arrays);
      return;
    }
  put_back_sd_arrays (&arrays, text, len);
  ck_assert_msg (json_node_equal (left_out, full), "%s: trees differ", shown);
  vneid_json_sd_arrays_clear (&arrays);
}

START_TEST (test_sd_arrays_corpus)
{
  g_autoptr(GError) error = NULL;
  const char *text = payloads[3];
  VneidJsonSdArrays arrays = { 0 };
  g_autoptr(JsonNode) root = vneid_json_parse_object_sd (text, strlen (text), "payload", &arrays, &error);
  JsonObject *top;

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    check_payload (payloads[i], strlen (payloads[i]));

  /* three arrays left out, found by their objects */
  ck_assert_ptr_nonnull (root);
  top = json_node_get_object (root);
  ck_assert_uint_eq (arrays.n_arrays, 3);
  ck_assert_uint_eq (vneid_json_sd_arrays_find (&arrays, top)->n, 1);
  ck_assert_uint_eq (vneid_json_sd_arrays_find (&arrays, json_object_get_object_member (top, "a"))->n, 1);
  ck_assert_ptr_null (vneid_json_sd_arrays_find (&arrays, NULL));
  vneid_json_sd_arrays_clear (&arrays);
}
END_TEST

START_TEST (test_sd_arrays_mutations)
{
  check_mutations (payloads, G_N_ELEMENTS (payloads), "\"\\,[]{}: a0.\x01\x80", check_payload);
}
END_TEST

/* An `_sd` array at the nesting limit is read by the ordinary reader, which
 * refuses it as it always did. */
START_TEST (test_sd_arrays_depth)
{
  for (guint depth = 30; depth <= 33; depth++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint k = 0; k < depth; k++)
        g_string_append (text, "{\"a\":");
      g_string_append (text, "{\"_sd\":[\"x\"]}");
      for (guint k = 0; k < depth; k++)
        g_string_append_c (text, '}');
      check_payload (text->str, text->len);
    }
}
END_TEST

/* JWS headers and KB-JWT payloads, read member by member without a tree */
static const char *const objects[] = {
  "{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"kid\":\"population-db-2026\"}",
  "{\"alg\":\"EdDSA\",\"typ\":\"kb+jwt\"}",
  "{\"iat\":1796207619,\"aud\":\"https://dichvucong.example\",\"nonce\":\"n-1\",\"sd_hash\":\"abc_-\"}",
  " { \"iat\" : 1.5e9 , \"exp\" : -0.25 , \"nbf\" : 12345678901234567890 } ",
  "{\"alg\":\"none\",\"crit\":[\"b64\"],\"jwk\":{\"kty\":\"OKP\",\"x\":\"q\"}}",
  "{\"typ\":\"kb\\u002bjwt\",\"kid\":\"k\\\"\\\\\\/\\n\\ud83d\\ude00\",\"x5u\":null,\"jku\":true}",
  "{\"aud\":[\"a\",\"b\"],\"nonce\":false,\"sd_hash\":{}}",
  "{\"kid\":\"Nguy\xe1\xbb\x85n\",\"alg\":\"EdDSA\",\"x5c\":[]}",
  "{}",
  "{\"alg\":\"EdDSA\",\"alg\":\"none\"}",
};

static const char *const member_names[] = {
  "alg", "typ", "kid", "jwk", "x5c", "x5u", "jku", "crit", "iat", "exp", "nbf", "aud", "nonce", "sd_hash",
};

static gboolean
scalar_equal (const VneidJsonScalar *a,
              const VneidJsonScalar *b)
{
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case VNEID_JSON_STRING:  return strcmp (a->string, b->string) == 0;
    case VNEID_JSON_INTEGER: return a->integer == b->integer;
    case VNEID_JSON_DOUBLE:  return a->real == b->real;
    default:                 return TRUE;
    }
}

/* The member reader accepts exactly the objects the full parse accepts
 * (up to its limit on members), with the same values. */
static void
check_members (const char *text,
               gsize       len)
{
  g_autoptr(JsonNode) root = vneid_json_parse (text, len, "test", NULL);
  g_autofree char *shown = g_strescape (text, NULL);
  g_autofree char *copy = g_memdup2 (text, len + 1);
  VneidJsonScalar fast[G_N_ELEMENTS (member_names)], full[G_N_ELEMENTS (member_names)];
  gboolean is_object = root != NULL && JSON_NODE_HOLDS_OBJECT (root);
  gboolean read = vneid_json_read_members (copy, len, member_names, G_N_ELEMENTS (member_names), fast);

  if (is_object && json_object_get_size (json_node_get_object (root)) > VNEID_JSON_MAX_READ_MEMBERS)
    {
      ck_assert_msg (!read, "%s: over the limit, yet read", shown);
      return;
    }
  ck_assert_msg (read == is_object, "%s: member reader %s, full parse %s", shown,
                 read ? "accepts" : "refuses", is_object ? "accepts" : "refuses");
  if (!read)
    return;
  vneid_json_object_read_members (json_node_get_object (root), member_names,
                                  G_N_ELEMENTS (member_names), full);
  for (guint i = 0; i < G_N_ELEMENTS (member_names); i++)
    ck_assert_msg (scalar_equal (&fast[i], &full[i]), "%s: “%s” differs", shown, member_names[i]);
}

START_TEST (test_members_corpus)
{
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    check_members (objects[i], strlen (objects[i]));
}
END_TEST

START_TEST (test_members_mutations)
{
  check_mutations (objects, G_N_ELEMENTS (objects), "\"\\,[]{}: a0-e.\x01\x80\xc3", check_members);
}
END_TEST

/* At the limit on members, and one over it (left to the full parse); the
 * nesting limit inside a member's value. */
START_TEST (test_members_limits)
{
  for (guint n = VNEID_JSON_MAX_READ_MEMBERS - 1; n <= VNEID_JSON_MAX_READ_MEMBERS + 1; n++)
    {
      g_autoptr(GString) text = g_string_new ("{\"alg\":\"EdDSA\"");

      for (guint k = 1; k < n; k++)
        g_string_append_printf (text, ",\"m%u\":%u", k, k);
      g_string_append_c (text, '}');
      check_members (text->str, text->len);
    }
  for (guint depth = 30; depth <= 33; depth++)
    {
      g_autoptr(GString) text = g_string_new ("{\"jwk\":");

      for (guint k = 1; k < depth; k++)
        g_string_append (text, "[");
      for (guint k = 1; k < depth; k++)
        g_string_append (text, "]");
      g_string_append_c (text, '}');
      check_members (text->str, text->len);
    }
}
END_TEST

static Suite *
json_suite (void)
{
  Suite *s = suite_create ("json");
  TCase *tc;

  tc = tcase_create ("strings");
  tcase_add_test (tc, test_string_pieces);
  tcase_add_test (tc, test_string_random);
  tcase_add_test (tc, test_string_quote_and_escape);
  suite_add_tcase (s, tc);

  tc = tcase_create ("disclosures");
  tcase_add_test (tc, test_disclosure_corpus);
  tcase_add_test (tc, test_disclosure_mutations);
  tcase_add_test (tc, test_disclosure_depth);
  suite_add_tcase (s, tc);

  tc = tcase_create ("sd-arrays");
  tcase_add_test (tc, test_sd_arrays_corpus);
  tcase_add_test (tc, test_sd_arrays_mutations);
  tcase_add_test (tc, test_sd_arrays_depth);
  suite_add_tcase (s, tc);

  tc = tcase_create ("members");
  tcase_add_test (tc, test_members_corpus);
  tcase_add_test (tc, test_members_mutations);
  tcase_add_test (tc, test_members_limits);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (json_suite ());
}
