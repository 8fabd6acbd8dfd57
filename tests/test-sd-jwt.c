/* test-sd-jwt.c: issuing, presenting, processing and verifying SD-JWT VCs
 *
 * Known answers from RFC 9901, round trips through the builder, the holder's
 * presentation and the verifier, with exact processed payloads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-test-util.h"

#define RFC_ISSUER "https://issuer.example.com"
#define RFC_VCT    "https://credentials.example.com/identity_credential"

/* RFC 9901 section 5.1: the issuer-signed JWT payload, decoded byte for byte */
static const char rfc_s51_payload[] =
  "{\"_sd\": [\"CrQe7S5kqBAHt-nMYXgc6bdt2SH5aTY1sU_M-PgkjPI\", \"JzYjH4svliH0R"
  "3PyEMfeZu6Jt69u5qehZo7F7EPYlSE\", \"PorFbpKuVu6xymJagvkFsFXAbRoc2JGlAUA2"
  "BA4o7cI\", \"TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo\", \"XQ_3kPKt1XyX"
  "7KANkqVR6yZ2Va5NrPIvPYbyMvRKBMM\", \"XzFrzwscM6Gn6CJDc6vVK8BkMnfG8vOSKfp"
  "PIZdAfdE\", \"gbOsI4Edq2x2Kw-w5wPEzakob9hV1cRD0ATN3oQL9JM\", \"jsu9yVulwQQ"
  "lhFlM_3JlzMaSFzglhQG0DpfayQwLUK4\"], \"iss\": \"https://issuer.example.com"
  "\", \"iat\": 1683000000, \"exp\": 1883000000, \"sub\": \"user_42\", \"nationalit"
  "ies\": [{\"...\": \"pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo\"}, {\"...\":"
  " \"7Cf6JkPudry3lcbwHgeZ8khAv1U1OSlerP0VkBJrWZ0\"}], \"_sd_alg\": \"sha-256\""
  ", \"cnf\": {\"jwk\": {\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"TCAER19Zvu3OHF4j4"
  "W4vfSVoHIP1ILilDls7vCeGemc\", \"y\": \"ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4"
  "jT9F2HZQ\"}}}"
  ;

/* RFC 9901 section 5.1: the ten disclosures, each with the digest the RFC prints */
static const struct { const char *disclosure; const char *digest; } rfc_s51_disclosures[] = {
  { "WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd",
    "jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4" },
  { "WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgImZhbWlseV9uYW1lIiwgIkRvZSJd",
    "TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo" },
  { "WyI2SWo3dE0tYTVpVlBHYm9TNXRtdlZBIiwgImVtYWlsIiwgImpvaG5kb2VAZXhhbXBsZS5jb20iXQ",
    "JzYjH4svliH0R3PyEMfeZu6Jt69u5qehZo7F7EPYlSE" },
  { "WyJlSThaV205UW5LUHBOUGVOZW5IZGhRIiwgInBob25lX251bWJlciIsICIrMS0yMDItNTU1LTAxMDEiXQ",
    "PorFbpKuVu6xymJagvkFsFXAbRoc2JGlAUA2BA4o7cI" },
  { "WyJRZ19PNjR6cUF4ZTQxMmExMDhpcm9BIiwgInBob25lX251bWJlcl92ZXJpZmllZCIsIHRydWVd",
    "XQ_3kPKt1XyX7KANkqVR6yZ2Va5NrPIvPYbyMvRKBMM" },
  { "WyJBSngtMDk1VlBycFR0TjRRTU9xUk9BIiwgImFkZHJlc3MiLCB7InN0cmVldF9hZGRyZXNzIjogIjEyMyBNYWluIFN0IiwgImxvY2FsaXR5IjogIkFueXRvd24iLCAicmVnaW9uIjogIkFueXN0YXRlIiwgImNvdW50cnkiOiAiVVMifV0",
    "XzFrzwscM6Gn6CJDc6vVK8BkMnfG8vOSKfpPIZdAfdE" },
  { "WyJQYzMzSk0yTGNoY1VfbEhnZ3ZfdWZRIiwgImJpcnRoZGF0ZSIsICIxOTQwLTAxLTAxIl0",
    "gbOsI4Edq2x2Kw-w5wPEzakob9hV1cRD0ATN3oQL9JM" },
  { "WyJHMDJOU3JRZmpGWFE3SW8wOXN5YWpBIiwgInVwZGF0ZWRfYXQiLCAxNTcwMDAwMDAwXQ",
    "CrQe7S5kqBAHt-nMYXgc6bdt2SH5aTY1sU_M-PgkjPI" },
  { "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIlVTIl0",
    "pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo" },
  { "WyJuUHVvUW5rUkZxM0JJZUFtN0FuWEZBIiwgIkRFIl0",
    "7Cf6JkPudry3lcbwHgeZ8khAv1U1OSlerP0VkBJrWZ0" },
};

/* RFC 9901 section 6.3: a recursively disclosable address; the address
 * disclosure holds the digests of the four disclosures of section 6.2. */
static const char rfc_s63_payload[] =
  "{\"_sd\": [\"HvrKX6fPV0v9K_yCVFBiLFHsMaxcD_114Em6VT8x1lg\"],"
  " \"iss\": \"https://issuer.example.com\", \"iat\": 1683000000, \"exp\": 1883000000,"
  " \"sub\": \"6c5c0a49-b589-431d-bae7-219122a9ec2c\", \"_sd_alg\": \"sha-256\"}";

static const struct { const char *disclosure; const char *digest; } rfc_s63_disclosures[] = {
  { "WyJRZ19PNjR6cUF4ZTQxMmExMDhpcm9BIiwgImFkZHJlc3MiLCB7Il9zZCI6IFsi"
    "NnZoOWJxLXpTNEdLTV83R3BnZ1ZiWXp6dTZvT0dYcm1OVkdQSFA3NVVkMCIsICI5"
    "Z2pWdVh0ZEZST0NnUnJ0TmNHVVhtRjY1cmRlemlfNkVyX2o3NmttWXlNIiwgIktV"
    "UkRQaDRaQzE5LTN0aXotRGYzOVY4ZWlkeTFvVjNhM0gxRGEyTjBnODgiLCAiV045"
    "cjlkQ0JKOEhUQ3NTMmpLQVN4VGpFeVc1bTV4NjVfWl8ycm8yamZYTSJdfV0",
    "HvrKX6fPV0v9K_yCVFBiLFHsMaxcD_114Em6VT8x1lg" },
  { "WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgInN0cmVldF9hZGRyZXNzIiwgIlNjaHVsc3RyLiAxMiJd",
    "9gjVuXtdFROCgRrtNcGUXmF65rdezi_6Er_j76kmYyM" },
  { "WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgImxvY2FsaXR5IiwgIlNjaHVscGZvcnRhIl0",
    "6vh9bq-zS4GKM_7GpggVbYzzu6oOGXrmNVGPHP75Ud0" },
  { "WyI2SWo3dE0tYTVpVlBHYm9TNXRtdlZBIiwgInJlZ2lvbiIsICJTYWNoc2VuLUFuaGFsdCJd",
    "KURDPh4ZC19-3tiz-Df39V8eidy1oV3a3H1Da2N0g88" },
  { "WyJlSThaV205UW5LUHBOUGVOZW5IZGhRIiwgImNvdW50cnkiLCAiREUiXQ",
    "WN9r9dCBJ8HTCsS2jKASxTjEyW5m5x65_Z_2ro2jfXM" },
};

/* ---- helpers ----------------------------------------------------------- */

/* The processed payload when nothing selectively disclosable is revealed:
 * the JWT claims, cnf, the plain vneid_level and the emptied nationalities. */
static JsonObject *
base_expected (VneidKey *holder)
{
  JsonObject *expected = json_object_new ();

  json_object_set_string_member (expected, "iss", VT_ISSUER);
  json_object_set_string_member (expected, "vct", VT_VCT_PID);
  json_object_set_int_member (expected, "iat", VT_IAT);
  json_object_set_int_member (expected, "exp", VT_EXP);
  if (holder != NULL)
    {
      JsonObject *cnf = json_object_new ();

      json_object_set_object_member (cnf, "jwk", vneid_key_to_jwk_object (holder, FALSE));
      json_object_set_object_member (expected, "cnf", cnf);
    }
  json_object_set_int_member (expected, "vneid_level", 2);
  json_object_set_array_member (expected, "nationalities", json_array_new ());
  return expected;
}

static void
add_claim (JsonObject *expected,
           const char *name)
{
  g_autoptr(JsonObject) claims = vt_pid_claims ();

  json_object_set_member (expected, name, json_node_copy (json_object_get_member (claims, name)));
}

static JsonObject *
full_expected (VneidKey *holder)
{
  JsonObject *expected = base_expected (holder);
  g_autoptr(JsonObject) claims = vt_pid_claims ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, claims);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (expected, name, json_node_copy (node));
  return expected;
}

static void
assert_payload (VneidVerifiedCredential *verified,
                JsonObject              *expected)
{
  g_autofree char *text = vt_json_text (expected);
  JsonObject *payload = vneid_verified_credential_get_payload (verified);

  vt_assert_json_equal (payload, text);
  vt_assert_no_sd_artifacts (payload);
}

typedef struct {
  VneidKey        *issuer;
  VneidKey        *holder;
  VneidTrustStore *store;
  VneidVerifier   *verifier;
  char            *issued;
  VneidCredential *credential;
} Pid;

static Pid *
pid_new (void)
{
  Pid *pid = g_new0 (Pid, 1);

  pid->issuer = vt_key_new (VT_ISSUER_KID);
  pid->holder = vt_key_new (NULL);
  pid->store = vt_trust_store_new (pid->issuer, VT_ISSUER, VT_VCT_PID);
  pid->verifier = vt_verifier_new (pid->store);
  pid->issued = vt_issue_pid (pid->issuer, pid->holder);
  pid->credential = vt_credential_new (pid->issued);
  return pid;
}

static void
pid_free (Pid *pid)
{
  g_object_unref (pid->issuer);
  g_object_unref (pid->holder);
  g_object_unref (pid->store);
  g_object_unref (pid->verifier);
  g_free (pid->issued);
  g_object_unref (pid->credential);
  g_free (pid);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pid, pid_free)

static VneidVerifiedCredential *
present_and_verify (Pid                *pid,
                    const char * const *paths)
{
  g_autofree char *presentation = vt_present (pid->credential, paths, NULL, NULL, NULL, 0);

  return vt_verify_ok (pid->verifier, presentation);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static guint
count_disclosures (const char *presentation)
{
  g_auto(GStrv) parts = vt_split (presentation);
  guint n = g_strv_length (parts);

  /* jwt, disclosures…, KB or "" */
  ck_assert_uint_ge (n, 2);
  return n - 2;
}

/* Re-signs an RFC payload (decoded JSON text) as an EdDSA dc+sd-jwt: the
 * EC cnf goes, a vct comes; the `_sd` digests stay the RFC's. */
static char *
rfc_issuer_jwt (const char *payload_json,
                VneidKey   *key)
{
  g_autoptr(JsonObject) payload = vt_json_object (payload_json);
  g_autoptr(GError) error = NULL;
  char *jwt;

  json_object_remove_member (payload, "cnf");
  json_object_set_string_member (payload, "vct", RFC_VCT);
  jwt = vneid_jws_sign ("dc+sd-jwt", payload, key, &error);
  vt_assert_no_error (error);
  return jwt;
}

/* ---- RFC 9901 known answers ------------------------------------------- */

START_TEST (test_digest_kat_object)
{
  g_autofree char *d = vt_digest ("WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0");
  char out[VNEID_DIGEST_B64_LEN + 1];
  static const char disclosure[] = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0";

  vneid_sha256_b64url (disclosure, strlen (disclosure), out);
  ck_assert_str_eq (out, "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
  ck_assert_str_eq (d, "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
  ck_assert_uint_eq (strlen (out), VNEID_DIGEST_B64_LEN);
}
END_TEST

START_TEST (test_digest_kat_array_element)
{
  char out[VNEID_DIGEST_B64_LEN + 1];
  static const char disclosure[] = "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0";
  g_autoptr(JsonArray) array = vt_disclosure_decode (disclosure);

  vneid_sha256_b64url (disclosure, strlen (disclosure), out);
  ck_assert_str_eq (out, "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs");
  ck_assert_uint_eq (json_array_get_length (array), 2);
  ck_assert_str_eq (json_array_get_string_element (array, 0), "lklxF5jMYlGTPUovMNIvCA");
  ck_assert_str_eq (json_array_get_string_element (array, 1), "FR");
}
END_TEST

START_TEST (test_digest_kat_rfc_examples)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rfc_s51_disclosures); i++)
    {
      g_autofree char *d = vt_digest (rfc_s51_disclosures[i].disclosure);
      ck_assert_str_eq (d, rfc_s51_disclosures[i].digest);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (rfc_s63_disclosures); i++)
    {
      g_autofree char *d = vt_digest (rfc_s63_disclosures[i].disclosure);
      ck_assert_str_eq (d, rfc_s63_disclosures[i].digest);
    }
}
END_TEST

static const char rfc_s51_processed[] =
  "{\"iss\": \"https://issuer.example.com\", \"iat\": 1683000000, \"exp\": 1883000000,"
  " \"vct\": \"" RFC_VCT "\", \"sub\": \"user_42\","
  " \"given_name\": \"John\", \"family_name\": \"Doe\", \"email\": \"johndoe@example.com\","
  " \"phone_number\": \"+1-202-555-0101\", \"phone_number_verified\": true,"
  " \"address\": {\"street_address\": \"123 Main St\", \"locality\": \"Anytown\","
  "   \"region\": \"Anystate\", \"country\": \"US\"},"
  " \"birthdate\": \"1940-01-01\", \"updated_at\": 1570000000,"
  " \"nationalities\": [\"US\", \"DE\"]}";

/* RFC 9901 section 5.2, without cnf, with vct */
static const char rfc_s52_processed[] =
  "{\"iss\": \"https://issuer.example.com\", \"iat\": 1683000000, \"exp\": 1883000000,"
  " \"vct\": \"" RFC_VCT "\", \"sub\": \"user_42\", \"nationalities\": [\"US\"],"
  " \"family_name\": \"Doe\","
  " \"address\": {\"street_address\": \"123 Main St\", \"locality\": \"Anytown\","
  "   \"region\": \"Anystate\", \"country\": \"US\"},"
  " \"given_name\": \"John\"}";

START_TEST (test_rfc9901_s51_processing)
{
  g_autoptr(VneidKey) key = vt_key_new (NULL);
  g_autofree char *jwt = rfc_issuer_jwt (rfc_s51_payload, key);
  const char *disclosures[G_N_ELEMENTS (rfc_s51_disclosures) + 1] = { NULL };
  g_autofree char *compact = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (key, RFC_ISSUER, RFC_VCT);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  g_auto(GStrv) paths = NULL;
  JsonObject *claims;

  for (gsize i = 0; i < G_N_ELEMENTS (rfc_s51_disclosures); i++)
    disclosures[i] = rfc_s51_disclosures[i].disclosure;
  compact = vt_join (jwt, disclosures, NULL);

  /* the holder's processing (no signature check) */
  credential = vt_credential_new (compact);
  ck_assert_str_eq (vneid_credential_get_issuer (credential), RFC_ISSUER);
  ck_assert_str_eq (vneid_credential_get_vct (credential), RFC_VCT);
  claims = vneid_credential_get_claims (credential);
  ck_assert_ptr_nonnull (claims);
  vt_assert_no_sd_artifacts (claims);
  ck_assert_str_eq (json_object_get_string_member (claims, "given_name"), "John");
  ck_assert_str_eq (json_object_get_string_member (claims, "family_name"), "Doe");
  ck_assert_str_eq (json_object_get_string_member (claims, "sub"), "user_42");
  ck_assert_int_eq (json_object_get_int_member (claims, "updated_at"), 1570000000);
  ck_assert (json_object_get_boolean_member (claims, "phone_number_verified"));
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (claims, "address"),
                                                   "locality"), "Anytown");
  ck_assert_str_eq (json_array_get_string_element (json_object_get_array_member (claims, "nationalities"), 1),
                    "DE");

  paths = vneid_credential_get_disclosable_paths (credential);
  ck_assert_uint_eq (g_strv_length (paths), 10);
  ck_assert (g_strv_contains ((const char *const *) paths, "given_name"));
  ck_assert (g_strv_contains ((const char *const *) paths, "updated_at"));
  ck_assert (g_strv_contains ((const char *const *) paths, "address"));
  ck_assert (g_strv_contains ((const char *const *) paths, "nationalities[0]"));
  ck_assert (g_strv_contains ((const char *const *) paths, "nationalities[1]"));

  /* the verifier's processing of the issued form: RFC 9901 section 7.1 */
  verified = vt_verify_ok (verifier, compact);
  vt_assert_json_equal (vneid_verified_credential_get_payload (verified), rfc_s51_processed);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 10);
}
END_TEST

START_TEST (test_rfc9901_s52_presentation)
{
  static const char *const selection[] = { "family_name", "address", "given_name",
                                           "nationalities[0]", NULL };
  g_autoptr(VneidKey) key = vt_key_new (NULL);
  g_autofree char *jwt = rfc_issuer_jwt (rfc_s51_payload, key);
  const char *disclosures[G_N_ELEMENTS (rfc_s51_disclosures) + 1] = { NULL };
  g_autofree char *compact = NULL;
  g_autofree char *presentation = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (key, RFC_ISSUER, RFC_VCT);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  g_auto(GStrv) parts = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (rfc_s51_disclosures); i++)
    disclosures[i] = rfc_s51_disclosures[i].disclosure;
  compact = vt_join (jwt, disclosures, NULL);
  credential = vt_credential_new (compact);

  presentation = vt_present (credential, selection, NULL, NULL, NULL, 0);
  ck_assert (g_str_has_prefix (presentation, jwt));
  ck_assert (g_str_has_suffix (presentation, "~"));
  /* exactly the four disclosures of section 5.2, as the issuer wrote them */
  parts = vt_split (presentation);
  ck_assert_uint_eq (g_strv_length (parts), 6);
  for (guint i = 1; i <= 4; i++)
    ck_assert_msg (g_strv_contains ((const char *const *) disclosures, parts[i]),
                   "presented disclosure %s is not one the issuer wrote", parts[i]);
  ck_assert (g_strv_contains ((const char *const *) parts, rfc_s51_disclosures[0].disclosure));
  ck_assert (g_strv_contains ((const char *const *) parts, rfc_s51_disclosures[1].disclosure));
  ck_assert (g_strv_contains ((const char *const *) parts, rfc_s51_disclosures[5].disclosure));
  ck_assert (g_strv_contains ((const char *const *) parts, rfc_s51_disclosures[8].disclosure));

  verified = vt_verify_ok (verifier, presentation);
  vt_assert_json_equal (vneid_verified_credential_get_payload (verified), rfc_s52_processed);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 4);
}
END_TEST

START_TEST (test_rfc9901_s63_recursive)
{
  g_autoptr(VneidKey) key = vt_key_new (NULL);
  g_autofree char *jwt = rfc_issuer_jwt (rfc_s63_payload, key);
  const char *disclosures[G_N_ELEMENTS (rfc_s63_disclosures) + 1] = { NULL };
  g_autofree char *compact = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (key, RFC_ISSUER, RFC_VCT);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  g_autoptr(VneidVerifiedCredential) verified_region = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  static const char *const region[] = { "address.region", NULL };

  for (gsize i = 0; i < G_N_ELEMENTS (rfc_s63_disclosures); i++)
    disclosures[i] = rfc_s63_disclosures[i].disclosure;
  compact = vt_join (jwt, disclosures, NULL);

  verified = vt_verify_ok (verifier, compact);
  vt_assert_json_equal (vneid_verified_credential_get_payload (verified),
    "{\"iss\": \"https://issuer.example.com\", \"iat\": 1683000000, \"exp\": 1883000000,"
    " \"vct\": \"" RFC_VCT "\", \"sub\": \"6c5c0a49-b589-431d-bae7-219122a9ec2c\","
    " \"address\": {\"street_address\": \"Schulstr. 12\", \"locality\": \"Schulpforta\","
    "   \"region\": \"Sachsen-Anhalt\", \"country\": \"DE\"}}");

  /* disclosing address.region brings its parent along, and nothing else */
  credential = vt_credential_new (compact);
  partial = vt_present (credential, region, NULL, NULL, NULL, 0);
  ck_assert_uint_eq (count_disclosures (partial), 2);
  verified_region = vt_verify_ok (verifier, partial);
  vt_assert_json_equal (vneid_verified_credential_get_payload (verified_region),
    "{\"iss\": \"https://issuer.example.com\", \"iat\": 1683000000, \"exp\": 1883000000,"
    " \"vct\": \"" RFC_VCT "\", \"sub\": \"6c5c0a49-b589-431d-bae7-219122a9ec2c\","
    " \"address\": {\"region\": \"Sachsen-Anhalt\"}}");
}
END_TEST

/* ---- issuance ---------------------------------------------------------- */

START_TEST (test_issued_structure)
{
  g_autoptr(Pid) pid = pid_new ();
  g_autoptr(JsonObject) header = vt_jwt_header (pid->issued);
  g_autoptr(JsonObject) payload = vt_jwt_payload (pid->issued);
  g_autoptr(JsonObject) holder_jwk = vneid_key_to_jwk_object (pid->holder, FALSE);
  g_auto(GStrv) parts = vt_split (pid->issued);
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) salts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  guint n = g_strv_length (parts);
  guint array_disclosures = 0;
  JsonObject *cnf_jwk;
  JsonArray *sd, *nationalities;
  static const char *const allowed_plain[] = { "_sd", "_sd_alg", "iss", "vct", "iat", "exp",
                                               "cnf", "vneid_level", "nationalities", NULL };
  g_autoptr(GList) members = NULL;

  /* header */
  ck_assert_str_eq (json_object_get_string_member (header, "typ"), "dc+sd-jwt");
  ck_assert_str_eq (json_object_get_string_member (header, "alg"), "EdDSA");
  ck_assert_str_eq (json_object_get_string_member (header, "kid"), VT_ISSUER_KID);

  /* payload: always-visible claims */
  ck_assert_str_eq (json_object_get_string_member (payload, "iss"), VT_ISSUER);
  ck_assert_str_eq (json_object_get_string_member (payload, "vct"), VT_VCT_PID);
  ck_assert_int_eq (json_object_get_int_member (payload, "iat"), VT_IAT);
  ck_assert_int_eq (json_object_get_int_member (payload, "exp"), VT_EXP);
  ck_assert_str_eq (json_object_get_string_member (payload, "_sd_alg"), "sha-256");
  ck_assert_int_eq (json_object_get_int_member (payload, "vneid_level"), 2);
  ck_assert (!json_object_has_member (payload, "nbf"));
  ck_assert (!json_object_has_member (payload, "status"));
  cnf_jwk = json_object_get_object_member (json_object_get_object_member (payload, "cnf"), "jwk");
  ck_assert_str_eq (json_object_get_string_member (cnf_jwk, "kty"), "OKP");
  ck_assert_str_eq (json_object_get_string_member (cnf_jwk, "crv"), "Ed25519");
  ck_assert_str_eq (json_object_get_string_member (cnf_jwk, "x"),
                    json_object_get_string_member (holder_jwk, "x"));
  ck_assert (!json_object_has_member (cnf_jwk, "d"));

  /* nothing selectively disclosable is visible in the clear */
  members = json_object_get_members (payload);
  for (GList *l = members; l != NULL; l = l->next)
    ck_assert_msg (g_strv_contains (allowed_plain, l->data),
                   "claim “%s” is in the clear in the issuer JWT", (const char *) l->data);

  /* 13 top-level disclosures, no decoys */
  sd = json_object_get_array_member (payload, "_sd");
  ck_assert_uint_eq (json_array_get_length (sd), 13);
  for (guint i = 0; i < json_array_get_length (sd); i++)
    {
      const char *d = json_array_get_string_element (sd, i);
      ck_assert_uint_eq (strlen (d), VNEID_DIGEST_B64_LEN);
      ck_assert_msg (g_hash_table_add (referenced, g_strdup (d)), "digest %s twice", d);
    }
  nationalities = json_object_get_array_member (payload, "nationalities");
  ck_assert_uint_eq (json_array_get_length (nationalities), 1);
  {
    JsonObject *placeholder = json_array_get_object_element (nationalities, 0);
    g_autoptr(GList) ph_members = json_object_get_members (placeholder);

    ck_assert_uint_eq (g_list_length (ph_members), 1);
    ck_assert_msg (g_hash_table_add (referenced,
                                     g_strdup (json_object_get_string_member (placeholder, "..."))),
                   "array digest twice");
  }

  /* the compact form: jwt ~ 21 disclosures ~ (no KB) */
  ck_assert (g_str_has_suffix (pid->issued, "~"));
  ck_assert_uint_eq (n, 1 + 21 + 1);
  ck_assert_str_eq (parts[n - 1], "");
  for (guint i = 1; i < n - 1; i++)
    {
      JsonArray *array = vt_disclosure_decode (parts[i]);
      const char *salt = json_array_get_string_element (array, 0);
      guint len = json_array_get_length (array);

      g_ptr_array_add (arrays, array);
      ck_assert_msg (len == 2 || len == 3, "disclosure of %u elements", len);
      /* >= 128 bits of salt, never reused */
      ck_assert_uint_ge (strlen (salt), 22);
      ck_assert_msg (g_hash_table_add (salts, (gpointer) salt), "salt %s reused", salt);
      if (len == 2)
        {
          array_disclosures++;
          ck_assert_str_eq (json_array_get_string_element (array, 1), "VN");
        }
      else
        {
          JsonNode *value = json_array_get_element (array, 2);
          const char *name = json_array_get_string_element (array, 1);

          if (strcmp (name, "address") == 0 || strcmp (name, "household") == 0)
            {
              JsonObject *object = json_node_get_object (value);
              JsonArray *inner = json_object_get_array_member (object, "_sd");

              ck_assert_uint_eq (json_array_get_length (inner),
                                 strcmp (name, "address") == 0 ? 4 : 3);
              for (guint j = 0; j < json_array_get_length (inner); j++)
                ck_assert (g_hash_table_add (referenced,
                                             g_strdup (json_array_get_string_element (inner, j))));
              if (strcmp (name, "address") == 0)
                {
                  g_autoptr(GList) inner_members = json_object_get_members (object);
                  ck_assert_str_eq (json_object_get_string_member (object, "country"), "VN");
                  ck_assert_uint_eq (g_list_length (inner_members), 2);
                }
              else
                {
                  g_autoptr(GList) inner_members = json_object_get_members (object);
                  ck_assert_uint_eq (g_list_length (inner_members), 1);
                }
            }
        }
    }
  ck_assert_uint_eq (array_disclosures, 1);
  /* every disclosure is referenced exactly once, and every digest has its disclosure */
  ck_assert_uint_eq (g_hash_table_size (referenced), 21);
  for (guint i = 1; i < n - 1; i++)
    {
      g_autofree char *d = vt_digest (parts[i]);
      ck_assert_msg (g_hash_table_contains (referenced, d), "disclosure %u is not referenced", i);
    }
}
END_TEST

START_TEST (test_issued_without_kid)
{
  g_autoptr(VneidKey) issuer = vt_key_new (NULL);
  g_autofree char *issued = vt_issue_pid (issuer, NULL);
  g_autoptr(JsonObject) header = vt_jwt_header (issued);
  g_autoptr(JsonObject) payload = vt_jwt_payload (issued);
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (issuer, VT_ISSUER, VT_VCT_PID);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  g_autoptr(JsonObject) expected = full_expected (NULL);

  ck_assert (!json_object_has_member (header, "kid"));
  ck_assert (!json_object_has_member (payload, "cnf"));
  verified = vt_verify_ok (verifier, issued);
  assert_payload (verified, expected);
  ck_assert_ptr_null (vneid_verified_credential_get_holder_key (verified));
}
END_TEST

START_TEST (test_issued_status_and_nbf)
{
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = NULL;
  g_autoptr(JsonObject) payload = NULL;
  JsonObject *status_list;

  vneid_credential_builder_set_status (builder, VT_STATUS_URI, 4242);
  vneid_credential_builder_set_not_before (builder, VT_IAT + 10);
  issued = vneid_credential_builder_build (builder, issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);
  payload = vt_jwt_payload (issued);
  status_list = json_object_get_object_member (json_object_get_object_member (payload, "status"),
                                               "status_list");
  ck_assert_int_eq (json_object_get_int_member (status_list, "idx"), 4242);
  ck_assert_str_eq (json_object_get_string_member (status_list, "uri"), VT_STATUS_URI);
  ck_assert_int_eq (json_object_get_int_member (payload, "nbf"), VT_IAT + 10);
}
END_TEST

START_TEST (test_issued_at_defaults_to_now)
{
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = NULL;
  g_autoptr(JsonObject) payload = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC, after;

  vneid_credential_builder_set_issued_at (builder, 0);
  vneid_credential_builder_set_expires_at (builder, 0);
  issued = vneid_credential_builder_build (builder, issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);
  after = g_get_real_time () / G_USEC_PER_SEC;
  payload = vt_jwt_payload (issued);
  ck_assert_int_ge (json_object_get_int_member (payload, "iat"), before);
  ck_assert_int_le (json_object_get_int_member (payload, "iat"), after);
  ck_assert (!json_object_has_member (payload, "exp"));
}
END_TEST

START_TEST (test_decoys)
{
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autoptr(VneidKey) holder = vt_key_new (NULL);
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (issuer, VT_ISSUER, VT_VCT_PID);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(JsonObject) expected = full_expected (holder);
  guint max_top = 0, min_top = G_MAXUINT, max_address = 0;

  for (int round = 0; round < 40; round++)
    {
      g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (holder);
      g_autoptr(GError) error = NULL;
      g_autofree char *issued = NULL;
      g_autoptr(JsonObject) payload = NULL;
      g_autoptr(VneidVerifiedCredential) verified = NULL;
      g_autoptr(VneidCredential) credential = NULL;
      g_auto(GStrv) paths = NULL;
      JsonArray *sd;
      guint top;

      vneid_credential_builder_set_max_decoys (builder, 3);
      issued = vneid_credential_builder_build (builder, issuer, VT_ISSUER, &error);
      vt_assert_no_error (error);
      ck_assert_uint_eq (count_disclosures (issued), 21);
      payload = vt_jwt_payload (issued);
      sd = json_object_get_array_member (payload, "_sd");
      top = json_array_get_length (sd);
      ck_assert_uint_ge (top, 13);
      ck_assert_uint_le (top, 13 + 3);
      for (guint i = 0; i < top; i++)
        ck_assert_uint_eq (strlen (json_array_get_string_element (sd, i)), VNEID_DIGEST_B64_LEN);
      max_top = MAX (max_top, top);
      min_top = MIN (min_top, top);

      /* the address disclosure's own _sd may carry decoys too */
      {
        g_auto(GStrv) parts = vt_split (issued);
        for (char **p = parts + 1; *p != NULL && **p != '\0'; p++)
          {
            g_autoptr(JsonArray) array = vt_disclosure_decode (*p);
            if (json_array_get_length (array) == 3 &&
                strcmp (json_array_get_string_element (array, 1), "address") == 0)
              {
                JsonObject *value = json_array_get_object_element (array, 2);
                guint n = json_array_get_length (json_object_get_array_member (value, "_sd"));
                ck_assert_uint_ge (n, 4);
                ck_assert_uint_le (n, 4 + 3);
                max_address = MAX (max_address, n);
              }
          }
      }

      /* decoys never show, neither to the verifier nor to the holder */
      verified = vt_verify_ok (verifier, issued);
      assert_payload (verified, expected);
      ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 21);
      credential = vt_credential_new (issued);
      paths = vneid_credential_get_disclosable_paths (credential);
      ck_assert_uint_eq (g_strv_length (paths), 21);
    }
  /* 40 rounds of 0..3 decoys: all-zero has probability 4^-40 */
  ck_assert_uint_gt (max_top, 13);
  ck_assert_uint_gt (max_address, 4);
  ck_assert_uint_lt (min_top, max_top);
}
END_TEST

START_TEST (test_all_disclosable)
{
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autoptr(VneidKey) holder = vt_key_new (NULL);
  g_autoptr(JsonObject) claims = vt_pid_claims ();
  g_autoptr(VneidCredentialBuilder) builder = vneid_credential_builder_new (VT_VCT_PID, claims);
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (issuer, VT_ISSUER, VT_VCT_PID);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(JsonObject) expected = full_expected (holder);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  g_autoptr(VneidVerifiedCredential) verified_none = NULL;
  g_autofree char *none = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GList) members = NULL;
  static const char *const plain[] = { "_sd", "_sd_alg", "iss", "vct", "iat", "exp", "cnf",
                                       "vneid_level", NULL };
  static const char *const must_have[] = {
    "personal_administrative_number", "name", "nationalities", "nationalities[0]",
    "address", "address.formatted", "address.street_address", "address.locality",
    "address.region", "address.country", "current_address.region",
    "place_of_birth", "place_of_birth.region", "household", "household.head_name",
    "household.head_personal_administrative_number", "household.relationship_to_head",
    NULL };
  g_autoptr(JsonObject) expected_none = NULL;

  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_max_decoys (builder, 0);
  vneid_credential_builder_set_holder_key (builder, holder);
  vneid_credential_builder_set_issued_at (builder, VT_IAT);
  vneid_credential_builder_set_expires_at (builder, VT_EXP);
  issued = vneid_credential_builder_build (builder, issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);

  payload = vt_jwt_payload (issued);
  members = json_object_get_members (payload);
  for (GList *l = members; l != NULL; l = l->next)
    ck_assert_msg (g_strv_contains (plain, l->data),
                   "claim “%s” is in the clear although all claims are disclosable",
                   (const char *) l->data);
  ck_assert_int_eq (json_object_get_int_member (payload, "vneid_level"), 2);

  credential = vt_credential_new (issued);
  paths = vneid_credential_get_disclosable_paths (credential);
  for (const char *const *p = must_have; *p != NULL; p++)
    ck_assert_msg (g_strv_contains ((const char *const *) paths, *p), "path %s is not disclosable", *p);
  ck_assert (!g_strv_contains ((const char *const *) paths, "vneid_level"));
  ck_assert (!g_strv_contains ((const char *const *) paths, "iss"));

  verified = vt_verify_ok (verifier, issued);
  assert_payload (verified, expected);

  /* presenting nothing leaves only the JWT claims and the level */
  none = vt_present (credential, NULL, NULL, NULL, NULL, 0);
  verified_none = vt_verify_ok (verifier, none);
  expected_none = base_expected (holder);
  json_object_remove_member (expected_none, "nationalities");
  assert_payload (verified_none, expected_none);
}
END_TEST

START_TEST (test_array_elements)
{
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autoptr(VneidCredentialBuilder) builder = NULL;
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (issuer, VT_ISSUER, "urn:test:languages");
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *presentation = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  g_autoptr(VneidVerifiedCredential) verified_all = NULL;
  g_autoptr(JsonObject) payload = NULL;
  JsonArray *languages;
  static const char *const second[] = { "languages[2]", NULL };

  builder = vneid_credential_builder_new_from_json ("urn:test:languages",
                                                    "{\"languages\": [\"vi\", \"en\", \"fr\"]}", &error);
  vt_assert_no_error (error);
  vneid_credential_builder_add_disclosable (builder, "languages[0]");
  vneid_credential_builder_add_disclosable (builder, "languages[2]");
  vneid_credential_builder_set_max_decoys (builder, 0);
  vneid_credential_builder_set_issued_at (builder, VT_IAT);
  issued = vneid_credential_builder_build (builder, issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);

  /* the plain element stays in place between two placeholders */
  payload = vt_jwt_payload (issued);
  languages = json_object_get_array_member (payload, "languages");
  ck_assert_uint_eq (json_array_get_length (languages), 3);
  ck_assert (json_object_has_member (json_array_get_object_element (languages, 0), "..."));
  ck_assert_str_eq (json_array_get_string_element (languages, 1), "en");
  ck_assert (json_object_has_member (json_array_get_object_element (languages, 2), "..."));

  verified_all = vt_verify_ok (verifier, issued);
  vt_assert_json_equal (vneid_verified_credential_get_payload (verified_all),
                        "{\"iss\": \"" VT_ISSUER "\", \"vct\": \"urn:test:languages\","
                        " \"iat\": 1767222000, \"languages\": [\"vi\", \"en\", \"fr\"]}");

  credential = vt_credential_new (issued);
  presentation = vt_present (credential, second, NULL, NULL, NULL, 0);
  ck_assert_uint_eq (count_disclosures (presentation), 1);
  verified = vt_verify_ok (verifier, presentation);
  vt_assert_json_equal (vneid_verified_credential_get_payload (verified),
                        "{\"iss\": \"" VT_ISSUER "\", \"vct\": \"urn:test:languages\","
                        " \"iat\": 1767222000, \"languages\": [\"en\", \"fr\"]}");
}
END_TEST

/* ---- the holder ---------------------------------------------------------- */

START_TEST (test_holder_view)
{
  g_autoptr(Pid) pid = pid_new ();
  g_autoptr(JsonObject) claims = vt_pid_claims ();
  JsonObject *view = vneid_credential_get_claims (pid->credential);
  g_auto(GStrv) paths = vneid_credential_get_disclosable_paths (pid->credential);
  g_autofree char **expected = g_memdup2 (vt_pid_disclosable_paths (),
                                          sizeof (char *) * (vt_pid_disclosable_count () + 1));
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  ck_assert_str_eq (vneid_credential_get_issuer (pid->credential), VT_ISSUER);
  ck_assert_str_eq (vneid_credential_get_vct (pid->credential), VT_VCT_PID);

  /* every claim, with every disclosure applied, and no SD-JWT machinery */
  ck_assert_ptr_nonnull (view);
  vt_assert_no_sd_artifacts (view);
  json_object_iter_init (&iter, claims);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode *got = json_object_get_member (view, name);
      ck_assert_msg (got != NULL, "holder view lacks %s", name);
      ck_assert_msg (json_node_equal (got, node), "holder view differs at %s", name);
    }

  /* exactly the 21 disclosable paths */
  ck_assert_uint_eq (g_strv_length (paths), vt_pid_disclosable_count ());
  qsort (paths, g_strv_length (paths), sizeof (char *), compare_strings);
  qsort (expected, vt_pid_disclosable_count (), sizeof (char *), compare_strings);
  for (guint i = 0; i < vt_pid_disclosable_count (); i++)
    ck_assert_str_eq (paths[i], expected[i]);
}
END_TEST

START_TEST (test_holder_rejects_garbage)
{
  static const char *const inputs[] = { "", "~", "not-a-jwt~", "a.b.c~", NULL };

  for (const char *const *in = inputs; *in != NULL; in++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidCredential) credential = vneid_credential_new (*in, &error);

      ck_assert_msg (credential == NULL, "“%s” was accepted", *in);
      vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "jws|jwt|base64|json|empty|sd-jwt|malformed|header|part");
    }
}
END_TEST

/* ---- presentation and verification ------------------------------------ */

START_TEST (test_verify_issued)
{
  g_autoptr(Pid) pid = pid_new ();
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, pid->issued);
  g_autoptr(JsonObject) expected = full_expected (pid->holder);
  g_autofree char *json = vneid_verified_credential_to_json (verified, FALSE);
  g_autofree char *pretty = vneid_verified_credential_to_json (verified, TRUE);
  g_autofree char *expected_text = vt_json_text (expected);
  g_autoptr(JsonObject) reparsed = NULL;
  VneidKey *issuer_key, *holder_key;

  assert_payload (verified, expected);
  ck_assert_str_eq (vneid_verified_credential_get_issuer (verified), VT_ISSUER);
  ck_assert_str_eq (vneid_verified_credential_get_vct (verified), VT_VCT_PID);
  ck_assert_int_eq (vneid_verified_credential_get_issued_at (verified), VT_IAT);
  ck_assert_int_eq (vneid_verified_credential_get_expires_at (verified), VT_EXP);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 21);
  ck_assert (!vneid_verified_credential_get_key_bound (verified));
  ck_assert (!vneid_verified_credential_get_status_checked (verified));
  issuer_key = vneid_verified_credential_get_issuer_key (verified);
  ck_assert_ptr_nonnull (issuer_key);
  ck_assert (vneid_key_equal (issuer_key, pid->issuer));
  ck_assert (!vneid_key_has_private (issuer_key));
  holder_key = vneid_verified_credential_get_holder_key (verified);
  ck_assert_ptr_nonnull (holder_key);
  ck_assert (vneid_key_equal (holder_key, pid->holder));

  reparsed = vt_json_object (json);
  vt_assert_json_equal (reparsed, expected_text);
  ck_assert_ptr_null (strchr (json, '\n'));
  ck_assert_ptr_nonnull (strchr (pretty, '\n'));
}
END_TEST

START_TEST (test_present_all)
{
  g_autoptr(Pid) pid = pid_new ();
  g_autoptr(VneidVerifiedCredential) verified = present_and_verify (pid, vt_pid_disclosable_paths ());
  g_autoptr(JsonObject) expected = full_expected (pid->holder);

  assert_payload (verified, expected);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 21);
}
END_TEST

START_TEST (test_present_none)
{
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, NULL, NULL, NULL, NULL, 0);
  g_auto(GStrv) parts = vt_split (pid->issued);
  g_autofree char *jwt_only = g_strconcat (parts[0], "~", NULL);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, presentation);
  g_autoptr(JsonObject) expected = base_expected (pid->holder);

  ck_assert_str_eq (presentation, jwt_only);
  assert_payload (verified, expected);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 0);
}
END_TEST

START_TEST (test_present_subset)
{
  static const char *const paths[] = { "given_name", "birthdate", "nationalities[0]", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, paths, NULL, NULL, NULL, 0);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, presentation);
  g_autoptr(JsonObject) expected = base_expected (pid->holder);
  g_autoptr(JsonObject) claims = vt_pid_claims ();
  JsonObject *payload = vneid_verified_credential_get_payload (verified);
  g_auto(GStrv) issued_parts = vt_split (pid->issued);
  g_auto(GStrv) parts = vt_split (presentation);

  add_claim (expected, "given_name");
  add_claim (expected, "birthdate");
  add_claim (expected, "nationalities");
  assert_payload (verified, expected);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 3);

  /* the undisclosed are simply absent */
  ck_assert (!json_object_has_member (payload, "name"));
  ck_assert (!json_object_has_member (payload, "personal_administrative_number"));
  ck_assert (!json_object_has_member (payload, "address"));
  ck_assert (!json_object_has_member (payload, "household"));

  /* the presented disclosures are the issued strings, unchanged */
  ck_assert_uint_eq (g_strv_length (parts), 5);
  ck_assert_str_eq (parts[0], issued_parts[0]);
  for (guint i = 1; i <= 3; i++)
    ck_assert (g_strv_contains ((const char *const *) issued_parts, parts[i]));
  ck_assert_str_eq (parts[4], "");
}
END_TEST

START_TEST (test_present_nested_pulls_parent)
{
  static const char *const paths[] = { "address.region", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, paths, NULL, NULL, NULL, 0);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, presentation);
  g_autoptr(JsonObject) expected = base_expected (pid->holder);

  json_object_set_object_member (expected, "address",
                                 vt_json_object ("{\"region\": \"Thành phố Hà Nội\", \"country\": \"VN\"}"));
  assert_payload (verified, expected);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 2);
  ck_assert_uint_eq (count_disclosures (presentation), 2);
}
END_TEST

START_TEST (test_present_object_pulls_children)
{
  static const char *const paths[] = { "address", "household", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, paths, NULL, NULL, NULL, 0);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, presentation);
  g_autoptr(JsonObject) expected = base_expected (pid->holder);

  add_claim (expected, "address");
  add_claim (expected, "household");
  assert_payload (verified, expected);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 5 + 4);
}
END_TEST

START_TEST (test_present_recursive_member)
{
  static const char *const paths[] = { "household.head_name", "place_of_birth", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, paths, NULL, NULL, NULL, 0);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, presentation);
  g_autoptr(JsonObject) expected = base_expected (pid->holder);

  json_object_set_object_member (expected, "household",
                                 vt_json_object ("{\"head_name\": \"Nguyễn Văn Bình\"}"));
  add_claim (expected, "place_of_birth");
  assert_payload (verified, expected);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 3);
}
END_TEST

START_TEST (test_present_repeated_paths)
{
  static const char *const paths[] = { "given_name", "address.region", "given_name", "address",
                                       "address.locality", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, paths, NULL, NULL, NULL, 0);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, presentation);
  g_autoptr(JsonObject) expected = base_expected (pid->holder);

  add_claim (expected, "given_name");
  add_claim (expected, "address");
  assert_payload (verified, expected);
  ck_assert_uint_eq (count_disclosures (presentation), 1 + 5);
}
END_TEST

START_TEST (test_present_plain_path)
{
  static const char *const paths[] = { "vneid_level", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, paths, NULL, NULL, NULL, 0);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (pid->verifier, presentation);
  g_autoptr(JsonObject) expected = base_expected (pid->holder);

  assert_payload (verified, expected);
  ck_assert_uint_eq (count_disclosures (presentation), 0);
}
END_TEST

START_TEST (test_present_unknown_path)
{
  static const char *const bad[] = { "no_such_claim", "address.postal_code", "nationalities[3]",
                                     "household.head_name.first", "given_name[0]", "", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autoptr(GString) accepted = g_string_new (NULL);

  for (const char *const *b = bad; *b != NULL; b++)
    {
      const char *paths[] = { "given_name", *b, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *presentation = vneid_credential_present (pid->credential, paths, NULL,
                                                                NULL, NULL, 0, &error);

      if (presentation != NULL)
        {
          g_string_append_printf (accepted, " “%s” (%u disclosures)", *b,
                                  count_disclosures (presentation));
          continue;
        }
      vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                       **b ? *b : "path");
    }
  ck_assert_msg (accepted->len == 0, "paths with no claim were accepted:%s", accepted->str);
}
END_TEST

/* ---- key binding ------------------------------------------------------- */

START_TEST (test_key_binding)
{
  static const char *const paths[] = { "name", "birthdate", NULL };
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, paths, pid->holder,
                                              VT_NONCE, VT_AUDIENCE, VT_NOW - 5);
  g_auto(GStrv) parts = vt_split (presentation);
  guint n = g_strv_length (parts);
  const char *kb = parts[n - 1];
  g_autofree char *sd_jwt = g_strndup (presentation, strlen (presentation) - strlen (kb));
  g_autofree char *sd_hash = vt_digest (sd_jwt);
  g_autoptr(JsonObject) kb_header = vt_jwt_header (kb);
  g_autoptr(JsonObject) kb_payload = vt_jwt_payload (kb);
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  g_autoptr(VneidVerifiedCredential) verified2 = NULL;
  g_autoptr(JsonObject) expected = base_expected (pid->holder);

  ck_assert_uint_eq (n, 1 + 2 + 1);
  ck_assert_str_ne (kb, "");
  ck_assert_str_eq (json_object_get_string_member (kb_header, "typ"), "kb+jwt");
  ck_assert_str_eq (json_object_get_string_member (kb_header, "alg"), "EdDSA");
  ck_assert_int_eq (json_object_get_int_member (kb_payload, "iat"), VT_NOW - 5);
  ck_assert_str_eq (json_object_get_string_member (kb_payload, "aud"), VT_AUDIENCE);
  ck_assert_str_eq (json_object_get_string_member (kb_payload, "nonce"), VT_NONCE);
  ck_assert_str_eq (json_object_get_string_member (kb_payload, "sd_hash"), sd_hash);

  add_claim (expected, "name");
  add_claim (expected, "birthdate");

  verified = vt_verify_ok_nonce (pid->verifier, presentation, VT_NONCE, VT_AUDIENCE);
  assert_payload (verified, expected);
  ck_assert (vneid_verified_credential_get_key_bound (verified));
  ck_assert (vneid_key_equal (vneid_verified_credential_get_holder_key (verified), pid->holder));
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 2);

  /* the same through the verifier's standing policy */
  vneid_verifier_require_key_binding (pid->verifier, VT_NONCE, VT_AUDIENCE);
  verified2 = vt_verify_ok (pid->verifier, presentation);
  ck_assert (vneid_verified_credential_get_key_bound (verified2));
  assert_payload (verified2, expected);
}
END_TEST

START_TEST (test_key_binding_no_disclosures)
{
  g_autoptr(Pid) pid = pid_new ();
  g_autofree char *presentation = vt_present (pid->credential, NULL, pid->holder,
                                              VT_NONCE, VT_AUDIENCE, VT_NOW);
  g_auto(GStrv) parts = vt_split (presentation);
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  /* jwt ~ kb */
  ck_assert_uint_eq (g_strv_length (parts), 2);
  verified = vt_verify_ok_nonce (pid->verifier, presentation, VT_NONCE, VT_AUDIENCE);
  ck_assert (vneid_verified_credential_get_key_bound (verified));
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (verified), 0);
}
END_TEST

START_TEST (test_key_binding_real_clock)
{
  /* iat 0 means now, for the issuer and for the holder; the verifier's
   * real clock then accepts both */
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autoptr(VneidKey) holder = vt_key_new (NULL);
  g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (holder);
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (issuer, VT_ISSUER, VT_VCT_PID);
  g_autoptr(VneidVerifier) verifier = vneid_verifier_new (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *presentation = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  static const char *const paths[] = { "given_name", NULL };
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  vneid_credential_builder_set_issued_at (builder, 0);
  vneid_credential_builder_set_expires_at (builder, before + 3600);
  issued = vneid_credential_builder_build (builder, issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);
  credential = vt_credential_new (issued);
  presentation = vt_present (credential, paths, holder, VT_NONCE, VT_AUDIENCE, 0);
  verified = vt_verify_ok_nonce (verifier, presentation, VT_NONCE, VT_AUDIENCE);
  ck_assert (vneid_verified_credential_get_key_bound (verified));
  ck_assert_int_ge (vneid_verified_credential_get_issued_at (verified), before);
  ck_assert_int_le (vneid_verified_credential_get_issued_at (verified),
                    g_get_real_time () / G_USEC_PER_SEC);
}
END_TEST

START_TEST (test_present_key_binding_errors)
{
  g_autoptr(Pid) pid = pid_new ();
  g_autoptr(VneidKey) stranger = vt_key_new (NULL);
  g_autoptr(VneidKey) issuer = vt_key_new (NULL);
  g_autofree char *unbound = vt_issue_pid (issuer, NULL);
  g_autoptr(VneidCredential) unbound_credential = vt_credential_new (unbound);
  struct {
    VneidCredential *credential;
    VneidKey *key;
    const char *reason;
  } cases[] = {
    { pid->credential, NULL, "key" },
    { pid->credential, stranger, "key|cnf" },
    { unbound_credential, stranger, "cnf|key|bind" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *presentation = vneid_credential_present (cases[i].credential, NULL,
                                                                cases[i].key, VT_NONCE,
                                                                VT_AUDIENCE, VT_NOW, &error);

      ck_assert_msg (presentation == NULL, "case %zu: presented", i);
      vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                       cases[i].reason);
    }
}
END_TEST

/* ---- builder refusals -------------------------------------------------- */

static void
assert_build_fails (VneidCredentialBuilder *builder,
                    int                     code,
                    const char             *code_name,
                    const char             *reason)
{
  g_autoptr(VneidKey) issuer = vt_key_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = vneid_credential_builder_build (builder, issuer, VT_ISSUER, &error);

  ck_assert_msg (issued == NULL, "build succeeded but should fail with %s", code_name);
  vt_assert_error_at (__FILE__, __LINE__, error, VNEID_CREDENTIAL_ERROR, code, code_name, reason);
}

START_TEST (test_builder_not_disclosable)
{
  static const char *const names[] = { "iss", "vct", "cnf", "status", "exp", "nbf",
                                       "vneid_level", NULL };
  g_autoptr(VneidKey) holder = vt_key_new (NULL);

  for (const char *const *n = names; *n != NULL; n++)
    {
      g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (holder);

      vneid_credential_builder_set_status (builder, VT_STATUS_URI, 7);
      vneid_credential_builder_set_not_before (builder, VT_IAT);
      vneid_credential_builder_add_disclosable (builder, *n);
      assert_build_fails (builder, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE,
                          "VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE", *n);
    }
}
END_TEST

START_TEST (test_builder_unknown_path)
{
  static const char *const paths[] = { "no_such_claim", "address.postal_code",
                                       "nationalities[1]", "name[0]", "household.head_name.x",
                                       NULL };

  for (const char *const *p = paths; *p != NULL; p++)
    {
      g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (NULL);

      vneid_credential_builder_add_disclosable (builder, *p);
      assert_build_fails (builder, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                          "VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT", *p);
    }
}
END_TEST

START_TEST (test_builder_reserved_claims)
{
  static const struct { const char *claims; const char *reason; } cases[] = {
    { "{\"name\": \"An\", \"iss\": \"https://evil.example\"}", "iss" },
    { "{\"name\": \"An\", \"vct\": \"urn:other\"}", "vct" },
    { "{\"name\": \"An\", \"cnf\": {\"jwk\": {}}}", "cnf" },
    { "{\"name\": \"An\", \"status\": {}}", "status" },
    { "{\"name\": \"An\", \"iat\": 1}", "iat" },
    { "{\"name\": \"An\", \"nbf\": 1}", "nbf" },
    { "{\"name\": \"An\", \"exp\": 1}", "exp" },
    { "{\"name\": \"An\", \"_sd\": []}", "_sd" },
    { "{\"name\": \"An\", \"address\": {\"_sd\": [\"x\"]}}", "_sd" },
    { "{\"name\": \"An\", \"address\": {\"...\": \"x\"}}", "..." },
    { "{\"name\": \"An\", \"list\": [{\"...\": \"x\"}]}", "..." },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidCredentialBuilder) builder =
        vneid_credential_builder_new_from_json (VT_VCT_PID, cases[i].claims, &error);

      /* refused either at once or when building */
      if (builder == NULL)
        {
          vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                           cases[i].reason);
          continue;
        }
      vt_assert_no_error (error);
      vneid_credential_builder_add_disclosable (builder, "name");
      assert_build_fails (builder, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                          "VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT", cases[i].reason);
    }
}
END_TEST

START_TEST (test_builder_bad_json)
{
  static const char *const texts[] = { "", "{", "[\"a\"]", "42", "{\"a\": }", NULL };

  for (const char *const *t = texts; *t != NULL; t++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidCredentialBuilder) builder =
        vneid_credential_builder_new_from_json (VT_VCT_PID, *t, &error);

      ck_assert_msg (builder == NULL, "claims “%s” accepted", *t);
      vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "json|object|empty");
    }
}
END_TEST

static Suite *
sd_jwt_suite (void)
{
  Suite *s = suite_create ("sd-jwt");
  TCase *tc;

  tc = tcase_create ("rfc9901");
  tcase_add_test (tc, test_digest_kat_object);
  tcase_add_test (tc, test_digest_kat_array_element);
  tcase_add_test (tc, test_digest_kat_rfc_examples);
  tcase_add_test (tc, test_rfc9901_s51_processing);
  tcase_add_test (tc, test_rfc9901_s52_presentation);
  tcase_add_test (tc, test_rfc9901_s63_recursive);
  suite_add_tcase (s, tc);

  tc = tcase_create ("issue");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_issued_structure);
  tcase_add_test (tc, test_issued_without_kid);
  tcase_add_test (tc, test_issued_status_and_nbf);
  tcase_add_test (tc, test_issued_at_defaults_to_now);
  tcase_add_test (tc, test_decoys);
  tcase_add_test (tc, test_all_disclosable);
  tcase_add_test (tc, test_array_elements);
  suite_add_tcase (s, tc);

  tc = tcase_create ("holder");
  tcase_add_test (tc, test_holder_view);
  tcase_add_test (tc, test_holder_rejects_garbage);
  suite_add_tcase (s, tc);

  tc = tcase_create ("present");
  tcase_add_test (tc, test_verify_issued);
  tcase_add_test (tc, test_present_all);
  tcase_add_test (tc, test_present_none);
  tcase_add_test (tc, test_present_subset);
  tcase_add_test (tc, test_present_nested_pulls_parent);
  tcase_add_test (tc, test_present_object_pulls_children);
  tcase_add_test (tc, test_present_recursive_member);
  tcase_add_test (tc, test_present_repeated_paths);
  tcase_add_test (tc, test_present_plain_path);
  tcase_add_test (tc, test_present_unknown_path);
  suite_add_tcase (s, tc);

  tc = tcase_create ("key-binding");
  tcase_add_test (tc, test_key_binding);
  tcase_add_test (tc, test_key_binding_no_disclosures);
  tcase_add_test (tc, test_key_binding_real_clock);
  tcase_add_test (tc, test_present_key_binding_errors);
  suite_add_tcase (s, tc);

  tc = tcase_create ("builder");
  tcase_add_test (tc, test_builder_not_disclosable);
  tcase_add_test (tc, test_builder_unknown_path);
  tcase_add_test (tc, test_builder_reserved_claims);
  tcase_add_test (tc, test_builder_bad_json);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (sd_jwt_suite ());
}
