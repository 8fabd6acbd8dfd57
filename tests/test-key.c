/* test-key.c: Ed25519 keys, their JWK form, RFC 7638 thumbprints, RFC 8037 vectors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "vneid-test-util.h"

/* RFC 8037 appendix A.1/A.2/A.3/A.4 */
#define RFC8037_D   "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
#define RFC8037_X   "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
#define RFC8037_TP  "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
#define RFC8037_A4_INPUT "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
#define RFC8037_A4_SIG \
  "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"

static JsonObject *
jwk_of (VneidKey *key,
        gboolean  include_private)
{
  g_autofree char *text = vneid_key_to_jwk (key, include_private);

  ck_assert_ptr_nonnull (text);
  return vt_json_object (text);
}

static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint n = 0;

  for (const char *const *m = expected; *m != NULL; m++, n++)
    ck_assert_msg (json_object_has_member (object, *m), "JWK lacks member “%s”", *m);
  ck_assert_uint_eq (g_list_length (members), n);
}

static void
assert_import_fails (const char *jwk,
                     const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) key = vneid_key_new_from_jwk (jwk, &error);

  ck_assert_msg (key == NULL, "JWK was accepted but should not be: %s", jwk);
  vt_assert_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK, reason);
}

static VneidKey *
import_ok (const char *jwk)
{
  g_autoptr(GError) error = NULL;
  VneidKey *key = vneid_key_new_from_jwk (jwk, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (key);
  return key;
}

/* ---- generation and export -------------------------------------------- */

START_TEST (test_generate_with_kid)
{
  g_autoptr(VneidKey) key = vt_key_new ("k-2026-01");
  g_autoptr(JsonObject) pub = jwk_of (key, FALSE);
  g_autoptr(JsonObject) priv = jwk_of (key, TRUE);
  static const char *const pub_members[] = { "kty", "crv", "x", "kid", NULL };
  static const char *const priv_members[] = { "kty", "crv", "x", "d", "kid", NULL };

  ck_assert (vneid_key_has_private (key));
  ck_assert_str_eq (vneid_key_get_kid (key), "k-2026-01");

  assert_members (pub, pub_members);
  ck_assert_str_eq (json_object_get_string_member (pub, "kty"), "OKP");
  ck_assert_str_eq (json_object_get_string_member (pub, "crv"), "Ed25519");
  ck_assert_str_eq (json_object_get_string_member (pub, "kid"), "k-2026-01");
  ck_assert_uint_eq (strlen (json_object_get_string_member (pub, "x")), 43);

  assert_members (priv, priv_members);
  ck_assert_str_eq (json_object_get_string_member (priv, "x"),
                    json_object_get_string_member (pub, "x"));
  ck_assert_uint_eq (strlen (json_object_get_string_member (priv, "d")), 43);
}
END_TEST

START_TEST (test_generate_without_kid)
{
  g_autoptr(VneidKey) key = vt_key_new (NULL);
  g_autoptr(JsonObject) pub = jwk_of (key, FALSE);
  static const char *const pub_members[] = { "kty", "crv", "x", NULL };

  ck_assert_ptr_null (vneid_key_get_kid (key));
  assert_members (pub, pub_members);
}
END_TEST

START_TEST (test_generate_distinct)
{
  g_autoptr(VneidKey) a = vt_key_new (NULL);
  g_autoptr(VneidKey) b = vt_key_new (NULL);

  ck_assert (!vneid_key_equal (a, b));
  ck_assert (vneid_key_equal (a, a));
}
END_TEST

START_TEST (test_properties)
{
  g_autoptr(VneidKey) key = vt_key_new ("prop-kid");
  g_autoptr(VneidKey) pub = vneid_key_dup_public (key);
  g_autofree char *kid = NULL;
  gboolean has_private = FALSE;

  g_object_get (key, "kid", &kid, "has-private", &has_private, NULL);
  ck_assert_str_eq (kid, "prop-kid");
  ck_assert (has_private);
  g_object_get (pub, "has-private", &has_private, NULL);
  ck_assert (!has_private);
}
END_TEST

START_TEST (test_private_not_in_public_jwk)
{
  g_autoptr(VneidKey) key = vt_rfc8037_key ();
  g_autofree char *pub = vneid_key_to_jwk (key, FALSE);
  g_autofree char *priv = vneid_key_to_jwk (key, TRUE);
  g_autoptr(VneidKey) public_only = vneid_key_dup_public (key);
  g_autofree char *pub_priv = vneid_key_to_jwk (public_only, TRUE);

  ck_assert_ptr_null (strstr (pub, RFC8037_D));
  ck_assert_ptr_null (strstr (pub, "\"d\""));
  ck_assert_ptr_nonnull (strstr (priv, RFC8037_D));
  /* asking for the private part of a public key yields the public JWK */
  ck_assert_ptr_null (strstr (pub_priv, "\"d\""));
  ck_assert_str_eq (pub_priv, pub);
}
END_TEST

START_TEST (test_jwk_is_compact)
{
  g_autoptr(VneidKey) key = vt_rfc8037_key ();
  g_autofree char *pub = vneid_key_to_jwk (key, FALSE);

  ck_assert_ptr_null (strchr (pub, '\n'));
  ck_assert_ptr_null (strchr (pub, ' '));
  ck_assert_ptr_nonnull (strstr (pub, "\"x\":\"" RFC8037_X "\""));
}
END_TEST

/* ---- round trips ------------------------------------------------------- */

START_TEST (test_roundtrip_public)
{
  g_autoptr(VneidKey) key = vt_key_new ("pub-rt");
  g_autofree char *text = vneid_key_to_jwk (key, FALSE);
  g_autoptr(VneidKey) back = import_ok (text);
  g_autofree char *again = vneid_key_to_jwk (back, FALSE);

  ck_assert (!vneid_key_has_private (back));
  ck_assert (vneid_key_equal (key, back));
  ck_assert_str_eq (vneid_key_get_kid (back), "pub-rt");
  ck_assert_str_eq (again, text);
}
END_TEST

START_TEST (test_roundtrip_private)
{
  static const guint8 msg[] = "Cổng dịch vụ công quốc gia";
  g_autoptr(VneidKey) key = vt_key_new ("priv-rt");
  g_autofree char *text = vneid_key_to_jwk (key, TRUE);
  g_autoptr(VneidKey) back = import_ok (text);
  g_autofree char *again = vneid_key_to_jwk (back, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig1 = vneid_key_sign (key, msg, sizeof msg - 1, &error);
  g_autoptr(GBytes) sig2 = NULL;

  vt_assert_no_error (error);
  sig2 = vneid_key_sign (back, msg, sizeof msg - 1, &error);
  vt_assert_no_error (error);

  ck_assert (vneid_key_has_private (back));
  ck_assert (vneid_key_equal (key, back));
  ck_assert_str_eq (again, text);
  /* Ed25519 is deterministic: the same key gives the same signature */
  ck_assert (g_bytes_equal (sig1, sig2));
}
END_TEST

START_TEST (test_roundtrip_object)
{
  g_autoptr(VneidKey) key = vt_key_new ("obj-rt");
  g_autoptr(JsonObject) jwk = vneid_key_to_jwk_object (key, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) back = vneid_key_new_from_jwk_object (jwk, &error);

  vt_assert_no_error (error);
  ck_assert (vneid_key_has_private (back));
  ck_assert (vneid_key_equal (key, back));
  ck_assert_str_eq (vneid_key_get_kid (back), "obj-rt");
}
END_TEST

START_TEST (test_from_file)
{
  g_autoptr(VneidKey) key = vt_key_new ("file-kid");
  g_autofree char *text = vneid_key_to_jwk (key, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VneidKey) back = NULL;
  int fd;

  fd = g_file_open_tmp ("vneid-test-key-XXXXXX.jwk", &path, &error);
  vt_assert_no_error (error);
  close (fd);
  ck_assert (g_file_set_contents (path, text, -1, &error));
  back = vneid_key_new_from_file (path, &error);
  vt_assert_no_error (error);
  ck_assert (vneid_key_has_private (back));
  ck_assert (vneid_key_equal (key, back));
  ck_assert_str_eq (vneid_key_get_kid (back), "file-kid");

  /* a file with a broken JWK is an INVALID_JWK error */
  g_clear_object (&back);
  ck_assert (g_file_set_contents (path, "{\"kty\":\"OKP\",", -1, &error));
  back = vneid_key_new_from_file (path, &error);
  ck_assert_ptr_null (back);
  vt_assert_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK, "json");
  g_clear_error (&error);

  g_unlink (path);
  back = vneid_key_new_from_file (path, &error);
  ck_assert_ptr_null (back);
  ck_assert_msg (error != NULL && error->domain == G_FILE_ERROR &&
                 error->code == G_FILE_ERROR_NOENT,
                 "missing file: %s", error ? error->message : "no error");
}
END_TEST

START_TEST (test_dup_public)
{
  g_autoptr(VneidKey) key = vt_key_new ("dup");
  g_autoptr(VneidKey) pub = vneid_key_dup_public (key);
  g_autoptr(GBytes) a = vneid_key_get_public_bytes (key);
  g_autoptr(GBytes) b = vneid_key_get_public_bytes (pub);

  ck_assert (!vneid_key_has_private (pub));
  ck_assert (vneid_key_has_private (key));
  ck_assert (vneid_key_equal (key, pub));
  ck_assert_str_eq (vneid_key_get_kid (pub), "dup");
  ck_assert_uint_eq (g_bytes_get_size (a), 32);
  ck_assert (g_bytes_equal (a, b));
}
END_TEST

/* ---- known answers ----------------------------------------------------- */

START_TEST (test_rfc8037_public_key)
{
  g_autoptr(VneidKey) key = vt_rfc8037_key ();
  g_autoptr(JsonObject) pub = jwk_of (key, FALSE);
  g_autoptr(JsonObject) priv = jwk_of (key, TRUE);
  g_autoptr(GBytes) bytes = vneid_key_get_public_bytes (key);
  const guint8 *data = g_bytes_get_data (bytes, NULL);

  ck_assert (vneid_key_has_private (key));
  ck_assert_ptr_null (vneid_key_get_kid (key));
  ck_assert_str_eq (json_object_get_string_member (pub, "x"), RFC8037_X);
  ck_assert_str_eq (json_object_get_string_member (priv, "d"), RFC8037_D);
  /* RFC 8032 section 7.1 TEST 1 public key d75a9801… */
  ck_assert_uint_eq (g_bytes_get_size (bytes), 32);
  ck_assert_uint_eq (data[0], 0xd7);
  ck_assert_uint_eq (data[1], 0x5a);
  ck_assert_uint_eq (data[31], 0x1a);
}
END_TEST

START_TEST (test_thumbprint_kat)
{
  g_autoptr(VneidKey) key = vt_rfc8037_key ();
  g_autoptr(VneidKey) pub = import_ok ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\"}");
  /* member order, kid, alg and use do not change the thumbprint */
  g_autoptr(VneidKey) decorated = import_ok ("{\"x\":\"" RFC8037_X "\",\"use\":\"sig\",\"kid\":\"rfc\","
                                             "\"alg\":\"EdDSA\",\"crv\":\"Ed25519\",\"kty\":\"OKP\"}");
  g_autofree char *tp1 = vneid_key_get_thumbprint (key);
  g_autofree char *tp2 = vneid_key_get_thumbprint (pub);
  g_autofree char *tp3 = vneid_key_get_thumbprint (decorated);

  ck_assert_str_eq (tp1, RFC8037_TP);
  ck_assert_str_eq (tp2, RFC8037_TP);
  ck_assert_str_eq (tp3, RFC8037_TP);
  ck_assert_str_eq (vneid_key_get_kid (decorated), "rfc");
}
END_TEST

START_TEST (test_thumbprint_matches_definition)
{
  /* RFC 7638: SHA-256 over {"crv":"Ed25519","kty":"OKP","x":"…"} */
  g_autoptr(VneidKey) key = vt_key_new ("tp");
  g_autoptr(JsonObject) pub = jwk_of (key, FALSE);
  g_autofree char *canonical = g_strdup_printf ("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}",
                                                json_object_get_string_member (pub, "x"));
  g_autofree char *expected = vt_digest (canonical);
  g_autofree char *tp = vneid_key_get_thumbprint (key);

  ck_assert_str_eq (tp, expected);
}
END_TEST

START_TEST (test_rfc8037_signature_kat)
{
  g_autoptr(VneidKey) key = vt_rfc8037_key ();
  g_autoptr(VneidKey) pub = import_ok ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = vneid_key_sign (key, (const guint8 *) RFC8037_A4_INPUT,
                                          strlen (RFC8037_A4_INPUT), &error);
  g_autofree char *sig_b64 = NULL;
  guint8 expected[64];

  vt_assert_no_error (error);
  ck_assert_uint_eq (g_bytes_get_size (sig), 64);
  sig_b64 = vneid_b64url_encode (g_bytes_get_data (sig, NULL), 64);
  ck_assert_str_eq (sig_b64, RFC8037_A4_SIG);

  ck_assert (vneid_b64url_decode_exact (RFC8037_A4_SIG, strlen (RFC8037_A4_SIG), expected,
                                        sizeof expected, "sig", NULL));
  ck_assert (vneid_key_verify (pub, (const guint8 *) RFC8037_A4_INPUT,
                               strlen (RFC8037_A4_INPUT), expected, sizeof expected));
}
END_TEST

/* ---- sign / verify ----------------------------------------------------- */

START_TEST (test_sign_verify)
{
  static const char msg[] = "{\"iss\":\"https://id.vneid.example\"}";
  g_autoptr(VneidKey) key = vt_key_new ("s");
  g_autoptr(VneidKey) pub = vneid_key_dup_public (key);
  g_autoptr(VneidKey) other = vt_key_new ("s");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = vneid_key_sign (key, (const guint8 *) msg, strlen (msg), &error);
  guint8 bad[64];
  char tampered[sizeof msg];

  vt_assert_no_error (error);
  ck_assert_uint_eq (g_bytes_get_size (sig), 64);
  ck_assert (vneid_key_verify (key, (const guint8 *) msg, strlen (msg),
                               g_bytes_get_data (sig, NULL), 64));
  ck_assert (vneid_key_verify (pub, (const guint8 *) msg, strlen (msg),
                               g_bytes_get_data (sig, NULL), 64));
  ck_assert (!vneid_key_verify (other, (const guint8 *) msg, strlen (msg),
                                g_bytes_get_data (sig, NULL), 64));

  memcpy (tampered, msg, sizeof msg);
  tampered[5] ^= 1;
  ck_assert (!vneid_key_verify (pub, (const guint8 *) tampered, strlen (tampered),
                                g_bytes_get_data (sig, NULL), 64));
  /* a message that is a prefix of the signed one */
  ck_assert (!vneid_key_verify (pub, (const guint8 *) msg, strlen (msg) - 1,
                                g_bytes_get_data (sig, NULL), 64));

  memcpy (bad, g_bytes_get_data (sig, NULL), 64);
  bad[10] ^= 0x80;
  ck_assert (!vneid_key_verify (pub, (const guint8 *) msg, strlen (msg), bad, 64));
  memcpy (bad, g_bytes_get_data (sig, NULL), 64);
  ck_assert (!vneid_key_verify (pub, (const guint8 *) msg, strlen (msg), bad, 63));
  ck_assert (!vneid_key_verify (pub, (const guint8 *) msg, strlen (msg), NULL, 0));
  memset (bad, 0, sizeof bad);
  ck_assert (!vneid_key_verify (pub, (const guint8 *) msg, strlen (msg), bad, 64));
}
END_TEST

START_TEST (test_sign_empty_message)
{
  g_autoptr(VneidKey) key = vt_key_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = vneid_key_sign (key, NULL, 0, &error);

  vt_assert_no_error (error);
  ck_assert (vneid_key_verify (key, NULL, 0, g_bytes_get_data (sig, NULL), 64));
}
END_TEST

START_TEST (test_sign_needs_private)
{
  static const guint8 msg[] = "x";
  g_autoptr(VneidKey) key = vt_key_new ("p");
  g_autoptr(VneidKey) pub = vneid_key_dup_public (key);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = vneid_key_sign (pub, msg, 1, &error);

  ck_assert_ptr_null (sig);
  vt_assert_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_NO_PRIVATE_KEY, "private");
}
END_TEST

/* ---- import errors ----------------------------------------------------- */

START_TEST (test_import_wrong_kty)
{
  assert_import_fails ("{\"kty\":\"EC\",\"crv\":\"P-256\","
                       "\"x\":\"TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc\","
                       "\"y\":\"ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ\"}",
                       "OKP|kty|key type|EC");
  /* these have no crv either; naming that is fine too */
  assert_import_fails ("{\"kty\":\"RSA\",\"n\":\"0vx7\",\"e\":\"AQAB\"}", "OKP|kty|key type|RSA|crv");
  assert_import_fails ("{\"kty\":\"oct\",\"k\":\"GawgguFyGrWKav7AX4VKUg\"}", "OKP|kty|key type|oct|crv");
  assert_import_fails ("{\"kty\":\"okp\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\"}",
                       "OKP|kty|key type");
}
END_TEST

START_TEST (test_import_wrong_crv)
{
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" RFC8037_X "\"}",
                       "Ed25519|crv|curve|X25519");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"" RFC8037_X "\"}",
                       "Ed25519|crv|curve|Ed448");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"ed25519\",\"x\":\"" RFC8037_X "\"}",
                       "Ed25519|crv|curve");
}
END_TEST

START_TEST (test_import_missing_members)
{
  assert_import_fails ("{\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\"}", "kty");
  assert_import_fails ("{\"kty\":\"OKP\",\"x\":\"" RFC8037_X "\"}", "crv");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}", "\"x\"|“x”|'x'| x ");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"" RFC8037_D "\"}",
                       "\"x\"|“x”|'x'| x ");
  assert_import_fails ("{}", "kty");
}
END_TEST

START_TEST (test_import_wrong_member_types)
{
  assert_import_fails ("{\"kty\":1,\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\"}", "kty");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":[\"Ed25519\"],\"x\":\"" RFC8037_X "\"}", "crv");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":null}", "\"x\"|“x”|'x'| x ");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"kid\":7}",
                       "kid");
}
END_TEST

START_TEST (test_import_wrong_size)
{
  /* 31 and 33 bytes instead of 32 */
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                       "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUQ\"}",
                       "bytes|size|length|32");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                       "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoA\"}",
                       "bytes|size|length|32|base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                       "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
                       "bytes|size|length|32|base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"\"}",
                       "bytes|size|length|32|empty");
  /* d of the wrong size */
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\","
                       "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2\"}",
                       "bytes|size|length|32|base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\","
                       "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2AnWGx\"}",
                       "bytes|size|length|32|base64");
}
END_TEST

START_TEST (test_import_bad_base64)
{
  /* padding, standard-alphabet characters, white space, garbage */
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "=\"}", "base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                       "\"x\":\"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}", "base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                       "\"x\":\"11qYAYKxCrfVS+7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}", "base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                       "\"x\":\"11qYAYKxCrfVS_7TyWQH Og7hcvPapiMlrwIaaPcHURo\"}", "base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"!!!!\"}", "base64");
  /* non-zero trailing bits: "Rp" instead of "Ro" decodes to the same bytes
   * in a lax decoder */
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                       "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp\"}", "base64");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\","
                       "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\"}", "base64");
}
END_TEST

START_TEST (test_import_d_mismatch)
{
  g_autoptr(VneidKey) other = vt_key_new (NULL);
  g_autoptr(JsonObject) other_jwk = jwk_of (other, FALSE);
  g_autofree char *jwk = g_strdup_printf ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\","
                                          "\"d\":\"" RFC8037_D "\"}",
                                          json_object_get_string_member (other_jwk, "x"));

  assert_import_fails (jwk, "does not belong|does not match|mismatch|match");
}
END_TEST

START_TEST (test_import_alg_and_use)
{
  g_autoptr(VneidKey) k1 = NULL;
  g_autoptr(VneidKey) k2 = NULL;
  g_autoptr(VneidKey) k3 = NULL;

  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"alg\":\"ES256\"}",
                       "alg");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"alg\":\"none\"}",
                       "alg");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"alg\":\"ECDH-ES\"}",
                       "alg");
  assert_import_fails ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"use\":\"enc\"}",
                       "use");

  k1 = import_ok ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"alg\":\"EdDSA\"}");
  k2 = import_ok ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"alg\":\"Ed25519\"}");
  k3 = import_ok ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC8037_X "\",\"use\":\"sig\"}");
  ck_assert (!vneid_key_has_private (k1));
  ck_assert (vneid_key_equal (k1, k2));
  ck_assert (vneid_key_equal (k2, k3));
}
END_TEST

START_TEST (test_import_malformed_json)
{
  assert_import_fails ("", "json|empty");
  assert_import_fails ("{", "json");
  assert_import_fails ("{\"kty\":\"OKP\",}", "json");
  assert_import_fails ("[]", "object");
  assert_import_fails ("null", "object|json");
  assert_import_fails ("\"" RFC8037_X "\"", "object");
  assert_import_fails ("{\"kty\":\"OKP\"} trailing", "json");
}
END_TEST

START_TEST (test_import_object_errors)
{
  g_autoptr(JsonObject) jwk = vt_json_object ("{\"kty\":\"OKP\",\"crv\":\"P-256\",\"x\":\"" RFC8037_X "\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) key = vneid_key_new_from_jwk_object (jwk, &error);

  ck_assert_ptr_null (key);
  vt_assert_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK, "Ed25519|crv|curve|P-256");
}
END_TEST

static Suite *
key_suite (void)
{
  Suite *s = suite_create ("key");
  TCase *tc;

  tc = tcase_create ("generate");
  tcase_add_test (tc, test_generate_with_kid);
  tcase_add_test (tc, test_generate_without_kid);
  tcase_add_test (tc, test_generate_distinct);
  tcase_add_test (tc, test_properties);
  tcase_add_test (tc, test_private_not_in_public_jwk);
  tcase_add_test (tc, test_jwk_is_compact);
  suite_add_tcase (s, tc);

  tc = tcase_create ("roundtrip");
  tcase_add_test (tc, test_roundtrip_public);
  tcase_add_test (tc, test_roundtrip_private);
  tcase_add_test (tc, test_roundtrip_object);
  tcase_add_test (tc, test_from_file);
  tcase_add_test (tc, test_dup_public);
  suite_add_tcase (s, tc);

  tc = tcase_create ("kat");
  tcase_add_test (tc, test_rfc8037_public_key);
  tcase_add_test (tc, test_thumbprint_kat);
  tcase_add_test (tc, test_thumbprint_matches_definition);
  tcase_add_test (tc, test_rfc8037_signature_kat);
  suite_add_tcase (s, tc);

  tc = tcase_create ("sign");
  tcase_add_test (tc, test_sign_verify);
  tcase_add_test (tc, test_sign_empty_message);
  tcase_add_test (tc, test_sign_needs_private);
  suite_add_tcase (s, tc);

  tc = tcase_create ("import-errors");
  tcase_add_test (tc, test_import_wrong_kty);
  tcase_add_test (tc, test_import_wrong_crv);
  tcase_add_test (tc, test_import_missing_members);
  tcase_add_test (tc, test_import_wrong_member_types);
  tcase_add_test (tc, test_import_wrong_size);
  tcase_add_test (tc, test_import_bad_base64);
  tcase_add_test (tc, test_import_d_mismatch);
  tcase_add_test (tc, test_import_alg_and_use);
  tcase_add_test (tc, test_import_malformed_json);
  tcase_add_test (tc, test_import_object_errors);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (key_suite ());
}
