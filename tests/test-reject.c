/* test-reject.c: every rejection rule and limit of docs/verifier.md
 *
 * Each test forges exactly the malicious structure it needs (payload,
 * disclosures, headers, KB-JWT) and asserts the error code and that the
 * message names the reason. A control test shows that the forging itself
 * yields presentations the verifier accepts, so each rejection is caused by
 * the one thing the test changed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-test-util.h"

#define REJECT(env, presentation, code, reason) \
  vt_verify_fails ((env)->verifier, (presentation), code, (reason))

typedef struct {
  VneidKey        *issuer;
  VneidKey        *holder;
  VneidTrustStore *store;
  VneidVerifier   *verifier;
} Env;

static Env *
env_new (void)
{
  Env *env = g_new0 (Env, 1);

  env->issuer = vt_key_new (VT_ISSUER_KID);
  env->holder = vt_key_new (NULL);
  env->store = vt_trust_store_new (env->issuer, VT_ISSUER, VT_VCT_PID);
  env->verifier = vt_verifier_new (env->store);
  return env;
}

static void
env_free (Env *env)
{
  g_object_unref (env->issuer);
  g_object_unref (env->holder);
  g_object_unref (env->store);
  g_object_unref (env->verifier);
  g_free (env);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Env, env_free)

/* Two ordinary disclosures and their digests. */
#define D_GIVEN  "[\"2GLC42sKQveCfGfryNRN9w\", \"given_name\", \"An\"]"
#define D_FAMILY "[\"eluV5Og3gSNII8EYnsxA_A\", \"family_name\", \"Nguyễn\"]"

static char *
given (void)
{
  return vt_disclosure ("2GLC42sKQveCfGfryNRN9w", "given_name", "\"An\"");
}

static char *
family (void)
{
  return vt_disclosure ("eluV5Og3gSNII8EYnsxA_A", "family_name", "\"Nguyễn\"");
}

/* A payload with cnf of the holder, `_sd` = @digests, and two plain claims
 * (ethnicity, vneid_level) that the payload-editing tests may touch. */
static JsonObject *
payload_with (Env                *env,
              const char * const *digests)
{
  JsonObject *payload = vt_payload_new (VT_ISSUER, VT_VCT_PID, env->holder, digests);

  json_object_set_string_member (payload, "ethnicity", "Kinh");
  json_object_set_int_member (payload, "vneid_level", 2);
  return payload;
}

/* Signs @payload as the trusted issuer and appends @disclosures. */
static char *
forge (Env                *env,
       JsonObject         *payload,
       const char * const *disclosures)
{
  return vt_forge (NULL, payload, env->issuer, disclosures, NULL);
}

/* Appends a correct KB-JWT (holder key, VT_NONCE, VT_AUDIENCE, iat VT_NOW). */
static char *
with_kb (Env        *env,
         const char *sd_jwt)
{
  g_autofree char *kb = vt_forge_kb (sd_jwt, env->holder, NULL, NULL, VT_NONCE, VT_AUDIENCE,
                                     VT_NOW, NULL);

  return g_strconcat (sd_jwt, kb, NULL);
}

/* Asserts the rejection both of @sd_jwt and of @sd_jwt with a correct
 * KB-JWT under a key-binding policy. */
#define REJECT_BOTH(env, sd_jwt, code, reason) \
  reject_both_at (__FILE__, __LINE__, (env), (sd_jwt), (code), #code, (reason))
static void
reject_both_at (const char *file,
                int         line,
                Env        *env,
                const char *sd_jwt,
                int         code,
                const char *code_name,
                const char *reason)
{
  g_autofree char *bound = with_kb (env, sd_jwt);

  vt_verify_fails_at (file, line, env->verifier, sd_jwt, NULL, NULL, FALSE, code, code_name, reason);
  vt_verify_fails_at (file, line, env->verifier, bound, VT_NONCE, VT_AUDIENCE, TRUE, code,
                      code_name, reason);
}

/* The standard forged credential: given_name and family_name disclosable. */
static char *
forge_standard (Env *env)
{
  g_autofree char *g = given ();
  g_autofree char *f = family ();
  g_autofree char *dg = vt_digest (g);
  g_autofree char *df = vt_digest (f);
  const char *digests[] = { dg, df, NULL };
  const char *disclosures[] = { g, f, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);

  return forge (env, payload, disclosures);
}

/* ---- control ------------------------------------------------------------ */

START_TEST (test_control_forged_ok)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *bound = with_kb (env, sd_jwt);
  g_autoptr(VneidVerifiedCredential) v1 = vt_verify_ok (env->verifier, sd_jwt);
  g_autoptr(VneidVerifiedCredential) v2 = vt_verify_ok_nonce (env->verifier, bound, VT_NONCE,
                                                              VT_AUDIENCE);
  g_autoptr(JsonObject) cnf_jwk = vneid_key_to_jwk_object (env->holder, FALSE);
  g_autofree char *jwk_text = vt_json_text (cnf_jwk);
  g_autofree char *expected = g_strdup_printf (
    "{\"iss\": \"" VT_ISSUER "\", \"vct\": \"" VT_VCT_PID "\", \"iat\": %" G_GINT64_FORMAT ","
    " \"exp\": %" G_GINT64_FORMAT ", \"cnf\": {\"jwk\": %s}, \"ethnicity\": \"Kinh\","
    " \"vneid_level\": 2, \"given_name\": \"An\", \"family_name\": \"Nguyễn\"}",
    VT_IAT, VT_EXP, jwk_text);

  vt_assert_json_equal (vneid_verified_credential_get_payload (v1), expected);
  vt_assert_json_equal (vneid_verified_credential_get_payload (v2), expected);
  ck_assert (vneid_verified_credential_get_key_bound (v2));
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (v1), 2);
}
END_TEST

/* ---- signatures and keys ---------------------------------------------- */

static gboolean
json_objects_equal_except (JsonObject *a,
                           JsonObject *b,
                           const char *except)
{
  g_autoptr(GList) ma = json_object_get_members (a);
  g_autoptr(GList) mb = json_object_get_members (b);

  if (g_list_length (ma) != g_list_length (mb))
    return FALSE;
  for (GList *l = ma; l != NULL; l = l->next)
    {
      JsonNode *other = json_object_get_member (b, l->data);

      if (other == NULL)
        return FALSE;
      if (strcmp (l->data, except) != 0 && !json_node_equal (json_object_get_member (a, l->data), other))
        return FALSE;
    }
  return TRUE;
}

/* Flips one base64url character of the issuer JWT payload so that the
 * payload still decodes to a JSON object which differs only in the member
 * "ethnicity". */
static char *
flip_payload_char (const char *compact)
{
  const char *dot1 = strchr (compact, '.');
  const char *dot2 = strchr (dot1 + 1, '.');
  g_autoptr(JsonObject) original = vt_jwt_payload (compact);
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  for (const char *p = dot1 + 1; p < dot2; p++)
    for (const char *c = alphabet; *c != '\0'; c++)
      {
        g_autofree char *copy = NULL;
        g_autofree guint8 *json = NULL;
        g_autoptr(JsonNode) node = NULL;
        gsize len;

        if (*c == *p)
          continue;
        copy = vt_replace_char (compact, (gsize) (p - compact), *c);
        json = vneid_b64url_decode (copy + (dot1 + 1 - compact), (gsize) (dot2 - dot1 - 1),
                                    &len, "flip", NULL);
        if (json == NULL)
          continue;
        node = vneid_json_parse_object ((const char *) json, len, "flip", NULL);
        if (node == NULL)
          continue;
        if (json_objects_equal_except (json_node_get_object (node), original, "ethnicity") &&
            g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                     "ethnicity", NULL), "Kinh") != 0)
          return g_steal_pointer (&copy);
      }
  ck_abort_msg ("no single-character flip of the payload keeps it valid");
  return NULL;
}

START_TEST (test_edited_payload_flip)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *flipped = flip_payload_char (sd_jwt);

  REJECT_BOTH (env, flipped, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE, "signature");
}
END_TEST

START_TEST (test_edited_payload_claim)
{
  /* a cleanly re-encoded payload with the old signature */
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_auto(GStrv) parts = vt_split (sd_jwt);
  g_auto(GStrv) jws = g_strsplit (parts[0], ".", -1);
  g_autoptr(JsonObject) payload = vt_jwt_payload (sd_jwt);
  g_autofree char *payload_json = NULL;
  g_autofree char *payload_b64 = NULL;
  g_autofree char *jwt = NULL;
  g_autofree char *edited = NULL;

  json_object_set_int_member (payload, "vneid_level", 3);
  payload_json = vt_json_text (payload);
  payload_b64 = vt_b64 (payload_json);
  jwt = g_strjoin (".", jws[0], payload_b64, jws[2], NULL);
  edited = vt_join (jwt, (const char *const *) parts + 1, NULL);
  /* vt_join adds a '~' after the trailing empty element: drop it */
  edited[strlen (edited) - 1] = '\0';

  REJECT_BOTH (env, edited, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE, "signature");
}
END_TEST

START_TEST (test_edited_signature)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  const char *sig = strrchr (strchr (sd_jwt, '.') + 1, '.') + 1;
  gsize pos = (gsize) (sig - sd_jwt) + 5;
  g_autofree char *edited = vt_replace_char (sd_jwt, pos, sd_jwt[pos] == 'A' ? 'B' : 'A');

  REJECT_BOTH (env, edited, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE, "signature");
}
END_TEST

START_TEST (test_signature_missing)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *payload_json = vt_json_text (payload);
  g_autofree char *jwt = vt_forge_jws ("{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\"}",
                                       payload_json, NULL);
  g_autofree char *sd_jwt = vt_join (jwt, NULL, NULL);

  ck_assert (g_str_has_suffix (jwt, "."));
  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_MALFORMED, "signature");
}
END_TEST

START_TEST (test_signed_by_other_key_same_kid)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) impostor = vt_key_new (VT_ISSUER_KID);
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *sd_jwt = vt_forge (NULL, payload, impostor, NULL, NULL);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE, "signature");
}
END_TEST

START_TEST (test_signed_by_other_key_no_kid)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) impostor = vt_key_new (NULL);
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *sd_jwt = vt_forge (NULL, payload, impostor, NULL, NULL);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE, "signature");
}
END_TEST

START_TEST (test_untrusted_kid)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) unknown = vt_key_new ("kid-nobody-trusts");
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *sd_jwt = vt_forge (NULL, payload, unknown, NULL, NULL);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY, "kid|kid-nobody-trusts");
}
END_TEST

START_TEST (test_key_carrying_headers)
{
  static const char *const members[] = { "jwk", "x5c", "jku", "x5u", NULL };
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) attacker = vt_key_new (NULL);
  g_autofree char *attacker_jwk = vneid_key_to_jwk (attacker, FALSE);
  g_autoptr(JsonObject) payload = payload_with (env, NULL);

  for (const char *const *m = members; *m != NULL; m++)
    {
      g_autofree char *value = strcmp (*m, "jwk") == 0 ? g_strdup (attacker_jwk)
                             : strcmp (*m, "x5c") == 0 ? g_strdup ("[\"MIIBszCCAVmgAwIBAgIU\"]")
                             : g_strdup ("\"https://evil.example/keys\"");
      g_autofree char *header = NULL;
      g_autofree char *sd_jwt = NULL;

      /* signed by the attacker's key, and once by the real issuer too */
      header = g_strdup_printf ("{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"%s\":%s}", *m, value);
      sd_jwt = vt_forge (header, payload, attacker, NULL, NULL);
      REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY, *m);
      g_free (sd_jwt);
      g_free (header);
      header = g_strdup_printf ("{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\",\"%s\":%s}",
                                *m, value);
      sd_jwt = vt_forge (header, payload, env->issuer, NULL, NULL);
      REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY, *m);
    }
}
END_TEST

START_TEST (test_untrusted_issuer)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = vt_payload_new ("https://evil.example", VT_VCT_PID, env->holder, NULL);
  g_autofree char *sd_jwt = forge (env, payload, NULL);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER, "evil.example|issuer");
}
END_TEST

START_TEST (test_vct_not_allowed)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = vt_payload_new (VT_ISSUER, VT_VCT_BHYT, env->holder, NULL);
  g_autofree char *sd_jwt = forge (env, payload, NULL);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER, VT_VCT_BHYT "|vct");
}
END_TEST

START_TEST (test_issuer_allowed_nothing)
{
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autofree char *metadata = vt_issuer_metadata (VT_ISSUER, issuer);
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autoptr(VneidVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = vt_issue_pid (issuer, NULL);

  ck_assert (vneid_trust_store_add_metadata (store, metadata, &error));
  verifier = vt_verifier_new (store);
  vt_verify_fails (verifier, issued, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER,
                   VT_VCT_PID "|vct|allowed|" VT_ISSUER);

  /* allowing another type does not help */
  vneid_trust_store_allow (store, VT_VCT_BHYT, VT_ISSUER);
  vt_verify_fails (verifier, issued, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER,
                   VT_VCT_PID "|vct|allowed");
}
END_TEST

START_TEST (test_key_of_another_issuer)
{
  /* the store trusts issuer A's key for A only; a token claiming to come
   * from B, signed with A's key, must not verify */
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) b_key = vt_key_new ("bhyt-key");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = vt_payload_new (VT_OTHER_ISSUER, VT_VCT_PID, env->holder, NULL);
  g_autofree char *sd_jwt = NULL;

  ck_assert (vneid_trust_store_add_key (env->store, VT_OTHER_ISSUER, b_key, &error));
  vneid_trust_store_allow_all_types (env->store, VT_OTHER_ISSUER);
  sd_jwt = forge (env, payload, NULL);
  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY, "kid|" VT_ISSUER_KID);
}
END_TEST

/* ---- algorithms and types --------------------------------------------- */

START_TEST (test_alg_none)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *payload_json = vt_json_text (payload);
  g_autofree char *jwt = vt_forge_jws ("{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}", payload_json, NULL);
  g_autofree char *sd_jwt = vt_join (jwt, NULL, NULL);
  /* alg none with an EdDSA signature attached anyway */
  g_autofree char *sd_jwt2 = vt_forge ("{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\"}",
                                       payload, env->issuer, NULL, NULL);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM, "none");
  REJECT_BOTH (env, sd_jwt2, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM, "none");
}
END_TEST

START_TEST (test_alg_other)
{
  static const char *const algs[] = { "ES256", "RS256", "HS256", "eddsa", "EdDSA ", "Ed448", NULL };
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);

  for (const char *const *a = algs; *a != NULL; a++)
    {
      g_autofree char *header = g_strdup_printf ("{\"alg\":\"%s\",\"typ\":\"dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\"}", *a);
      g_autofree char *sd_jwt = vt_forge (header, payload, env->issuer, NULL, NULL);

      REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM, *a);
    }
}
END_TEST

START_TEST (test_sd_alg_other)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *dg = vt_digest (g);
  const char *digests[] = { dg, NULL };
  const char *disclosures[] = { g, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = NULL;

  json_object_set_string_member (payload, "_sd_alg", "sha-512");
  sd_jwt = forge (env, payload, disclosures);
  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM, "sha-512|_sd_alg");
}
END_TEST

START_TEST (test_typ_wrong)
{
  static const char *const headers[] = {
    "{\"alg\":\"EdDSA\",\"typ\":\"vc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\"}",
    "{\"alg\":\"EdDSA\",\"kid\":\"" VT_ISSUER_KID "\"}",
    "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" VT_ISSUER_KID "\"}",
    "{\"alg\":\"EdDSA\",\"typ\":\"kb+jwt\",\"kid\":\"" VT_ISSUER_KID "\"}",
    "{\"alg\":\"EdDSA\",\"typ\":\"application/dc+sd-jwt+x\",\"kid\":\"" VT_ISSUER_KID "\"}",
    "{\"alg\":\"EdDSA\",\"typ\":\"application/\",\"kid\":\"" VT_ISSUER_KID "\"}",
    NULL
  };
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);

  for (const char *const *h = headers; *h != NULL; h++)
    {
      g_autofree char *sd_jwt = vt_forge (*h, payload, env->issuer, NULL, NULL);

      REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_WRONG_TYPE, "typ");
    }
}
END_TEST

START_TEST (test_crit_header)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *sd_jwt = vt_forge ("{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\","
                                      "\"crit\":[\"x-vn\"],\"x-vn\":1}", payload, env->issuer, NULL, NULL);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_MALFORMED, "crit");
}
END_TEST

/* ---- disclosures -------------------------------------------------------- */

START_TEST (test_edited_disclosure)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *dg = vt_digest (g);
  g_autofree char *forged_g = vt_disclosure ("2GLC42sKQveCfGfryNRN9w", "given_name", "\"Bình\"");
  const char *digests[] = { dg, NULL };
  const char *disclosures[] = { forged_g, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE,
               "not referenced|unreferenced|digest");
}
END_TEST

START_TEST (test_edited_disclosure_flip)
{
  /* one base64url character of a disclosure changed, still valid JSON */
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_auto(GStrv) parts = vt_split (sd_jwt);
  gsize start = strlen (parts[0]) + 1;
  gsize len = strlen (parts[1]);
  g_autofree char *edited = NULL;

  for (gsize pos = start + len - 6; pos > start && edited == NULL; pos--)
    {
      char c = sd_jwt[pos] == 'x' ? 'y' : 'x';
      g_autofree char *copy = vt_replace_char (sd_jwt, pos, c);
      g_autofree char *d = g_strndup (copy + start, len);
      g_autofree guint8 *json = NULL;
      g_autoptr(JsonNode) node = NULL;
      gsize out_len;

      json = vneid_b64url_decode (d, len, &out_len, "flip", NULL);
      if (json == NULL)
        continue;
      node = vneid_json_parse ((const char *) json, out_len, "flip", NULL);
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
          json_array_get_length (json_node_get_array (node)) == 3)
        edited = g_steal_pointer (&copy);
    }
  ck_assert_ptr_nonnull (edited);
  REJECT_BOTH (env, edited, VNEID_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE,
               "not referenced|unreferenced|digest");
}
END_TEST

START_TEST (test_unreferenced_disclosure)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *f = family ();
  g_autofree char *dg = vt_digest (g);
  const char *digests[] = { dg, NULL };
  const char *disclosures[] = { g, f, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE,
               "not referenced|unreferenced|digest");
}
END_TEST

START_TEST (test_unreferenced_nested_without_parent)
{
  /* a member disclosure whose digest sits only inside an undisclosed parent */
  g_autoptr(Env) env = env_new ();
  g_autofree char *region = vt_disclosure ("6Ij7tM-a5iVPGboS5tmvVA", "region", "\"Thành phố Hà Nội\"");
  g_autofree char *d_region = vt_digest (region);
  g_autofree char *address_value = g_strdup_printf ("{\"_sd\": [\"%s\"], \"country\": \"VN\"}", d_region);
  g_autofree char *address = vt_disclosure ("Qg_O64zqAxe412a108iroA", "address", address_value);
  g_autofree char *d_address = vt_digest (address);
  const char *digests[] = { d_address, NULL };
  const char *only_region[] = { region, NULL };
  const char *both[] = { address, region, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *bad = forge (env, payload, only_region);
  g_autofree char *good = forge (env, payload, both);
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  REJECT_BOTH (env, bad, VNEID_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE,
               "not referenced|unreferenced|digest");
  verified = vt_verify_ok (env->verifier, good);
  ck_assert_str_eq (json_object_get_string_member (
                      json_object_get_object_member (vneid_verified_credential_get_payload (verified),
                                                     "address"), "region"), "Thành phố Hà Nội");
}
END_TEST

START_TEST (test_duplicate_disclosure)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *f = family ();
  g_autofree char *dg = vt_digest (g);
  g_autofree char *df = vt_digest (f);
  const char *digests[] = { dg, df, NULL };
  const char *disclosures[] = { g, f, g, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_DUPLICATE_DISCLOSURE,
               "twice|more than once|duplicate|repeated");
}
END_TEST

START_TEST (test_duplicate_digest_in_sd)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *dg = vt_digest (g);
  const char *digests[] = { dg, dg, NULL };
  const char *disclosures[] = { g, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST,
               "twice|more than once|duplicate|repeated");
}
END_TEST

/* Many decoys: the digest table grows while the payload is processed, and
 * still finds the disclosure's digest and a decoy repeated at the end. */
static char *
forge_with_decoys (Env        *env,
                   guint       n_decoys,
                   const char *repeat)
{
  g_autofree char *g = given ();
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  const char *disclosures[] = { g, NULL };
  g_autoptr(JsonObject) payload = NULL;

  for (guint i = 0; i < n_decoys; i++)
    g_ptr_array_add (digests, g_strdup_printf ("decoy-%u-%s", i, i % 2 ? "x" : "digest-of-some-length"));
  g_ptr_array_add (digests, vt_digest (g));
  if (repeat != NULL)
    g_ptr_array_add (digests, g_strdup (repeat));
  g_ptr_array_add (digests, NULL);
  payload = payload_with (env, (const char * const *) digests->pdata);
  return forge (env, payload, disclosures);
}

START_TEST (test_many_decoys)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_with_decoys (env, 500, NULL);
  g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (env->verifier, sd_jwt);

  ck_assert_str_eq (json_object_get_string_member (vneid_verified_credential_get_payload (verified),
                                                   "given_name"), "An");
}
END_TEST

START_TEST (test_many_decoys_one_repeated)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *early = forge_with_decoys (env, 500, "decoy-3-x");
  g_autofree char *late = forge_with_decoys (env, 500, "decoy-498-digest-of-some-length");

  REJECT_BOTH (env, early, VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST, "more than once");
  REJECT_BOTH (env, late, VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST, "more than once");
}
END_TEST

START_TEST (test_duplicate_digest_undisclosed)
{
  /* RFC 9901 7.1: any digest found more than once in the payload rejects
   * the SD-JWT, whether or not its disclosure is presented */
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *f = family ();
  g_autofree char *dg = vt_digest (g);
  g_autofree char *df = vt_digest (f);
  const char *digests[] = { dg, df, df, NULL };
  const char *disclosures[] = { g, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST,
               "twice|more than once|duplicate|repeated");
}
END_TEST

START_TEST (test_duplicate_digest_two_places)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *region = vt_disclosure ("6Ij7tM-a5iVPGboS5tmvVA", "region", "\"Hà Nội\"");
  g_autofree char *d_region = vt_digest (region);
  const char *digests[] = { d_region, NULL };
  const char *disclosures[] = { region, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autoptr(JsonObject) address = json_object_new ();
  JsonArray *inner = json_array_new ();
  g_autofree char *sd_jwt = NULL;

  /* the same digest at the top level and inside address */
  json_array_add_string_element (inner, d_region);
  json_object_set_array_member (address, "_sd", inner);
  json_object_set_string_member (address, "country", "VN");
  json_object_set_object_member (payload, "address", json_object_ref (address));
  sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST,
               "twice|more than once|duplicate|repeated");
}
END_TEST

START_TEST (test_duplicate_digest_via_disclosure)
{
  /* a digest in the payload repeated inside a disclosed object's `_sd` */
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *dg = vt_digest (g);
  g_autofree char *household_value = g_strdup_printf ("{\"_sd\": [\"%s\"]}", dg);
  g_autofree char *household = vt_disclosure ("Pc33JM2LchcU_lHggv_ufQ", "household", household_value);
  g_autofree char *dh = vt_digest (household);
  const char *digests[] = { dg, dh, NULL };
  const char *disclosures[] = { household, g, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST,
               "twice|more than once|duplicate|repeated");
}
END_TEST

static void
reject_disclosure_json (Env        *env,
                        const char *json,
                        gboolean    in_array,
                        int         code,
                        const char *code_name,
                        const char *reason,
                        int         line)
{
  g_autofree char *d = vt_b64 (json);
  g_autofree char *digest = vt_digest (d);
  const char *digests[] = { digest, NULL };
  const char *disclosures[] = { d, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, in_array ? NULL : digests);
  g_autofree char *sd_jwt = NULL;

  if (in_array)
    {
      JsonArray *array = json_array_new ();
      JsonObject *slot = json_object_new ();

      json_object_set_string_member (slot, "...", digest);
      json_array_add_object_element (array, slot);
      json_object_set_array_member (payload, "nationalities", array);
    }
  sd_jwt = forge (env, payload, disclosures);
  reject_both_at (__FILE__, line, env, sd_jwt, code, code_name, reason);
}
#define REJECT_DISCLOSURE(env, json, in_array, code, reason) \
  reject_disclosure_json ((env), (json), (in_array), (code), #code, (reason), __LINE__)

START_TEST (test_wrong_size_disclosure)
{
  g_autoptr(Env) env = env_new ();

  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\"]", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "element|size|array|1");
  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", \"given_name\", \"An\", \"extra\"]", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "element|size|array|4");
  REJECT_DISCLOSURE (env, "[]", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "element|size|array|0");
  /* the same in an array slot */
  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\"]", TRUE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "element|size|array|1");
  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", \"nationality\", \"VN\", \"x\"]", TRUE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "element|size|array|4");
}
END_TEST

START_TEST (test_disclosure_not_array)
{
  g_autoptr(Env) env = env_new ();

  REJECT_DISCLOSURE (env, "{\"salt\": \"x\", \"given_name\": \"An\"}", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "array");
  REJECT_DISCLOSURE (env, "\"given_name\"", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "array");
}
END_TEST

START_TEST (test_disclosure_bad_members)
{
  g_autoptr(Env) env = env_new ();

  /* the claim name must be a string */
  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", 42, \"An\"]", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "name|string");
  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", null, \"An\"]", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "name|string");
  /* and so must the salt */
  REJECT_DISCLOSURE (env, "[12345, \"given_name\", \"An\"]", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "salt|string");
}
END_TEST

START_TEST (test_disclosure_kind_mismatch)
{
  g_autoptr(Env) env = env_new ();

  /* an array-element disclosure referenced from an object's _sd */
  REJECT_DISCLOSURE (env, "[\"lklxF5jMYlGTPUovMNIvCA\", \"VN\"]", FALSE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "array|element|object|_sd|2");
  /* an object-property disclosure referenced from an array slot */
  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", \"given_name\", \"An\"]", TRUE,
                     VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, "array|element|object|...|3");
}
END_TEST

START_TEST (test_disclosure_not_json)
{
  g_autoptr(Env) env = env_new ();

  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", \"given_name\", \"An\"", FALSE,
                     VNEID_CREDENTIAL_ERROR_MALFORMED, "json");
  REJECT_DISCLOSURE (env, "given_name=An", FALSE,
                     VNEID_CREDENTIAL_ERROR_MALFORMED, "json");
}
END_TEST

START_TEST (test_reserved_claim_names)
{
  g_autoptr(Env) env = env_new ();

  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", \"_sd\", [\"X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0\"]]",
                     FALSE, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME, "_sd");
  REJECT_DISCLOSURE (env, "[\"2GLC42sKQveCfGfryNRN9w\", \"...\", \"X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0\"]",
                     FALSE, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME, "...");
}
END_TEST

START_TEST (test_claim_collision_plain)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *dg = vt_digest (g);
  const char *digests[] = { dg, NULL };
  const char *disclosures[] = { g, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = NULL;

  json_object_set_string_member (payload, "given_name", "Bình");
  sd_jwt = forge (env, payload, disclosures);
  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION, "given_name");
}
END_TEST

START_TEST (test_claim_collision_two_disclosures)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g1 = given ();
  g_autofree char *g2 = vt_disclosure ("nPuoQnkRFq3BIeAm7AnXFA", "given_name", "\"Bình\"");
  g_autofree char *d1 = vt_digest (g1);
  g_autofree char *d2 = vt_digest (g2);
  const char *digests[] = { d1, d2, NULL };
  const char *disclosures[] = { g1, g2, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION, "given_name");
}
END_TEST

START_TEST (test_claim_collision_nested)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *region = vt_disclosure ("6Ij7tM-a5iVPGboS5tmvVA", "region", "\"Hà Nội\"");
  g_autofree char *d_region = vt_digest (region);
  const char *disclosures[] = { region, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *address = g_strdup_printf ("{\"_sd\": [\"%s\"], \"region\": \"Huế\"}", d_region);
  g_autofree char *sd_jwt = NULL;

  json_object_set_object_member (payload, "address", vt_json_object (address));
  sd_jwt = forge (env, payload, disclosures);
  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION, "region");
}
END_TEST

/* A disclosed top-level @name with @value_json; @keep_plain leaves the
 * payload's own plain claim of that name in place. */
static char *
forge_disclosed_reserved (Env        *env,
                          const char *name,
                          const char *value_json)
{
  g_autofree char *d = vt_disclosure ("2GLC42sKQveCfGfryNRN9w", name, value_json);
  g_autofree char *digest = vt_digest (d);
  const char *digests[] = { digest, NULL };
  const char *disclosures[] = { d, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);

  /* the plain claims that must not come from a disclosure go; iss and vct
   * stay, so that the token can be attributed and its signature checked */
  if (strcmp (name, "iss") != 0 && strcmp (name, "vct") != 0)
    json_object_remove_member (payload, name);
  return forge (env, payload, disclosures);
}

START_TEST (test_not_disclosable)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) cnf_jwk = vneid_key_to_jwk_object (env->holder, FALSE);
  g_autofree char *jwk_text = vt_json_text (cnf_jwk);
  g_autofree char *cnf_value = g_strdup_printf ("{\"jwk\": %s}", jwk_text);
  g_autofree char *exp_value = g_strdup_printf ("%" G_GINT64_FORMAT, VT_EXP);
  g_autofree char *nbf_value = g_strdup_printf ("%" G_GINT64_FORMAT, VT_IAT);
  struct { const char *name; const char *value; gboolean with_kb; } cases[] = {
    { "nbf", nbf_value, TRUE },
    { "exp", exp_value, TRUE },
    { "status", "{\"status_list\": {\"idx\": 0, \"uri\": \"" VT_STATUS_URI "\"}}", TRUE },
    { "vneid_level", "2", TRUE },
    { "cnf", cnf_value, FALSE },
    { "iss", "\"" VT_ISSUER "\"", TRUE },
    { "vct", "\"" VT_VCT_PID "\"", TRUE },
  };

  vneid_verifier_set_check_status (env->verifier, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sd_jwt = forge_disclosed_reserved (env, cases[i].name, cases[i].value);

      if (cases[i].with_kb)
        REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE, cases[i].name);
      else
        REJECT (env, sd_jwt, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE, cases[i].name);
    }
}
END_TEST

START_TEST (test_reserved_names_nested_are_fine)
{
  /* only the top-level JWT claims are protected: a document's own "exp"
   * member may be selectively disclosed */
  g_autoptr(Env) env = env_new ();
  g_autofree char *d = vt_disclosure ("2GLC42sKQveCfGfryNRN9w", "exp", "\"2031-05-17\"");
  g_autofree char *digest = vt_digest (d);
  g_autofree char *document = g_strdup_printf ("{\"_sd\": [\"%s\"], \"type\": \"CCCD\"}", digest);
  const char *disclosures[] = { d, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *sd_jwt = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  JsonObject *doc;

  json_object_set_object_member (payload, "document", vt_json_object (document));
  sd_jwt = forge (env, payload, disclosures);
  verified = vt_verify_ok (env->verifier, sd_jwt);
  doc = json_object_get_object_member (vneid_verified_credential_get_payload (verified), "document");
  ck_assert_str_eq (json_object_get_string_member (doc, "exp"), "2031-05-17");
  ck_assert_str_eq (json_object_get_string_member (doc, "type"), "CCCD");
  ck_assert_int_eq (vneid_verified_credential_get_expires_at (verified), VT_EXP);
}
END_TEST

/* ---- time ----------------------------------------------------------------- */

static char *
forge_times (Env   *env,
             gint64 iat,
             gint64 nbf,
             gint64 exp)
{
  g_autoptr(JsonObject) payload = payload_with (env, NULL);

  json_object_set_int_member (payload, "iat", iat);
  if (nbf != 0)
    json_object_set_int_member (payload, "nbf", nbf);
  if (exp != 0)
    json_object_set_int_member (payload, "exp", exp);
  else
    json_object_remove_member (payload, "exp");
  return forge (env, payload, NULL);
}

START_TEST (test_expired)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_times (env, VT_NOW - 86400, 0, VT_NOW - 3600);

  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_EXPIRED, "exp");
}
END_TEST

START_TEST (test_expiry_leeway)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *recent = forge_times (env, VT_NOW - 86400, 0, VT_NOW - 30);
  g_autofree char *older = forge_times (env, VT_NOW - 86400, 0, VT_NOW - 90);
  g_autoptr(VneidVerifiedCredential) ok = NULL;
  g_autoptr(VneidVerifiedCredential) ok_wide = NULL;

  ck_assert_uint_eq (vneid_verifier_get_leeway (env->verifier), 60);
  ok = vt_verify_ok (env->verifier, recent);
  ck_assert_int_eq (vneid_verified_credential_get_expires_at (ok), VT_NOW - 30);
  REJECT_BOTH (env, older, VNEID_CREDENTIAL_ERROR_EXPIRED, "exp");

  vneid_verifier_set_leeway (env->verifier, 0);
  REJECT_BOTH (env, recent, VNEID_CREDENTIAL_ERROR_EXPIRED, "exp");
  vneid_verifier_set_leeway (env->verifier, 120);
  ok_wide = vt_verify_ok (env->verifier, older);
  ck_assert (ok_wide != NULL);
}
END_TEST

START_TEST (test_not_yet_valid)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *future = forge_times (env, VT_NOW - 60, VT_NOW + 3600, VT_EXP);
  g_autofree char *soon = forge_times (env, VT_NOW - 60, VT_NOW + 30, VT_EXP);
  g_autofree char *later = forge_times (env, VT_NOW - 60, VT_NOW + 90, VT_EXP);
  g_autoptr(VneidVerifiedCredential) ok = NULL;

  REJECT_BOTH (env, future, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID, "nbf|not valid before|not yet");
  REJECT_BOTH (env, later, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID, "nbf|not valid before|not yet");
  ok = vt_verify_ok (env->verifier, soon);
  ck_assert (ok != NULL);
}
END_TEST

START_TEST (test_issued_in_future)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *future = forge_times (env, VT_NOW + 3600, 0, VT_EXP);
  g_autofree char *slightly = forge_times (env, VT_NOW + 30, 0, VT_EXP);
  g_autoptr(VneidVerifiedCredential) ok = NULL;

  REJECT_BOTH (env, future, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID, "iat|issued");
  ok = vt_verify_ok (env->verifier, slightly);
  ck_assert (ok != NULL);
}
END_TEST

/* ---- key binding ---------------------------------------------------------- */

/* The standard SD-JWT with a KB-JWT made of the given parts. */
static char *
forge_kb (Env        *env,
          VneidKey   *key,
          const char *typ,
          const char *nonce,
          const char *aud,
          gint64      iat)
{
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *kb = vt_forge_kb (sd_jwt, key, NULL, typ, nonce, aud, iat, NULL);

  return g_strconcat (sd_jwt, kb, NULL);
}

#define REJECT_KB(env, presentation, code, reason) \
  vt_verify_fails_nonce ((env)->verifier, (presentation), VT_NONCE, VT_AUDIENCE, code, (reason))

START_TEST (test_kb_wrong_nonce)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *p = forge_kb (env, env->holder, NULL, "an-old-nonce", VT_AUDIENCE, VT_NOW);

  REJECT_KB (env, p, VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH, "nonce");
  /* the standing policy works the same */
  vneid_verifier_require_key_binding (env->verifier, VT_NONCE, VT_AUDIENCE);
  REJECT (env, p, VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH, "nonce");
}
END_TEST

START_TEST (test_kb_wrong_audience)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *p = forge_kb (env, env->holder, NULL, VT_NONCE, "https://evil.example", VT_NOW);
  /* a prefix of the expected audience is no match either */
  g_autofree char *p2 = forge_kb (env, env->holder, NULL, VT_NONCE, "https://dichvucong.example", VT_NOW);

  REJECT_KB (env, p, VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH, "aud");
  REJECT_KB (env, p2, VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH, "aud");
}
END_TEST

START_TEST (test_kb_wrong_holder_key)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) thief = vt_key_new (NULL);
  g_autofree char *p = forge_kb (env, thief, NULL, VT_NONCE, VT_AUDIENCE, VT_NOW);

  REJECT_KB (env, p, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, "signature|holder|cnf|key");
}
END_TEST

START_TEST (test_kb_edited)
{
  /* a KB-JWT for another audience, edited to name ours, keeps its old signature */
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *kb = vt_forge_kb (sd_jwt, env->holder, NULL, NULL, VT_NONCE,
                                     "https://evil.example", VT_NOW, NULL);
  g_auto(GStrv) kb_parts = g_strsplit (kb, ".", -1);
  g_autoptr(JsonObject) kb_payload = vt_jwt_payload (kb);
  g_autofree char *json = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *edited_kb = NULL;
  g_autofree char *p = NULL;

  json_object_set_string_member (kb_payload, "aud", VT_AUDIENCE);
  json = vt_json_text (kb_payload);
  b64 = vt_b64 (json);
  edited_kb = g_strjoin (".", kb_parts[0], b64, kb_parts[2], NULL);
  p = g_strconcat (sd_jwt, edited_kb, NULL);
  REJECT_KB (env, p, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, "signature");
}
END_TEST

START_TEST (test_kb_missing)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);

  REJECT_KB (env, sd_jwt, VNEID_CREDENTIAL_ERROR_KEY_BINDING_REQUIRED, "key binding|kb");
  vneid_verifier_require_key_binding (env->verifier, VT_NONCE, VT_AUDIENCE);
  REJECT (env, sd_jwt, VNEID_CREDENTIAL_ERROR_KEY_BINDING_REQUIRED, "key binding|kb");
}
END_TEST

START_TEST (test_kb_stale)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *old = forge_kb (env, env->holder, NULL, VT_NONCE, VT_AUDIENCE, VT_NOW - 3600);
  g_autofree char *future = forge_kb (env, env->holder, NULL, VT_NONCE, VT_AUDIENCE, VT_NOW + 3600);
  g_autofree char *recent = forge_kb (env, env->holder, NULL, VT_NONCE, VT_AUDIENCE, VT_NOW - 200);
  g_autoptr(VneidVerifiedCredential) ok = NULL;

  ck_assert_uint_eq (vneid_verifier_get_key_binding_max_age (env->verifier), 300);
  REJECT_KB (env, old, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE, "iat|fresh|stale|old|window|issued at");
  REJECT_KB (env, future, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE, "iat|fresh|stale|future|window|issued at");
  ok = vt_verify_ok_nonce (env->verifier, recent, VT_NONCE, VT_AUDIENCE);
  ck_assert (vneid_verified_credential_get_key_bound (ok));

  vneid_verifier_set_key_binding_max_age (env->verifier, 100);
  REJECT_KB (env, recent, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE, "iat|fresh|stale|old|window|issued at");
}
END_TEST

START_TEST (test_kb_sd_hash_mismatch)
{
  /* a KB-JWT taken from a presentation with other disclosures */
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (env->holder);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = vneid_credential_builder_build (builder, env->issuer, VT_ISSUER, &error);
  g_autoptr(VneidCredential) credential = NULL;
  static const char *const small[] = { "given_name", NULL };
  static const char *const large[] = { "given_name", "birthdate", "address", NULL };
  g_autofree char *p_small = NULL;
  g_autofree char *p_large = NULL;
  g_autofree char *spliced = NULL;
  g_autofree char *jwt_only_kb = NULL;
  const char *kb_small;
  g_auto(GStrv) parts = NULL;

  vt_assert_no_error (error);
  credential = vt_credential_new (issued);
  p_small = vt_present (credential, small, env->holder, VT_NONCE, VT_AUDIENCE, VT_NOW);
  p_large = vt_present (credential, large, env->holder, VT_NONCE, VT_AUDIENCE, VT_NOW);
  kb_small = strrchr (p_small, '~') + 1;
  /* the large presentation's disclosures with the small one's KB-JWT */
  {
    g_autofree char *prefix = g_strndup (p_large, (gsize) (strrchr (p_large, '~') + 1 - p_large));
    spliced = g_strconcat (prefix, kb_small, NULL);
  }
  REJECT_KB (env, spliced, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, "sd_hash");

  /* and the other way round: disclosures dropped after binding */
  {
    const char *kb_large = strrchr (p_large, '~') + 1;
    g_autofree char *prefix = g_strndup (p_small, (gsize) (strrchr (p_small, '~') + 1 - p_small));
    g_autofree char *dropped = g_strconcat (prefix, kb_large, NULL);

    REJECT_KB (env, dropped, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, "sd_hash");
  }

  /* a KB-JWT over the issuer JWT alone */
  parts = vt_split (p_large);
  {
    g_autofree char *jwt_tilde = g_strconcat (parts[0], "~", NULL);
    g_autofree char *kb = vt_forge_kb (jwt_tilde, env->holder, NULL, NULL, VT_NONCE, VT_AUDIENCE,
                                       VT_NOW, NULL);
    g_autofree char *prefix = g_strndup (p_large, (gsize) (strrchr (p_large, '~') + 1 - p_large));

    jwt_only_kb = g_strconcat (prefix, kb, NULL);
    REJECT_KB (env, jwt_only_kb, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, "sd_hash");
  }
}
END_TEST

START_TEST (test_kb_sd_hash_missing)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *kb = vt_forge_jws ("{\"alg\":\"EdDSA\",\"typ\":\"kb+jwt\"}",
                                      "{\"iat\":1767225600,\"aud\":\"" VT_AUDIENCE "\","
                                      "\"nonce\":\"" VT_NONCE "\"}", env->holder);
  g_autofree char *p = g_strconcat (sd_jwt, kb, NULL);

  REJECT_KB (env, p, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, "sd_hash");
}
END_TEST

START_TEST (test_kb_wrong_typ)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *p1 = forge_kb (env, env->holder, "JWT", VT_NONCE, VT_AUDIENCE, VT_NOW);
  g_autofree char *p2 = forge_kb (env, env->holder, "dc+sd-jwt", VT_NONCE, VT_AUDIENCE, VT_NOW);
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *kb3 = vt_forge_kb (sd_jwt, env->holder, "{\"alg\":\"EdDSA\"}", NULL, VT_NONCE,
                                      VT_AUDIENCE, VT_NOW, NULL);
  g_autofree char *p3 = g_strconcat (sd_jwt, kb3, NULL);

  REJECT_KB (env, p1, VNEID_CREDENTIAL_ERROR_WRONG_TYPE, "typ");
  REJECT_KB (env, p2, VNEID_CREDENTIAL_ERROR_WRONG_TYPE, "typ");
  REJECT_KB (env, p3, VNEID_CREDENTIAL_ERROR_WRONG_TYPE, "typ");
}
END_TEST

START_TEST (test_kb_alg_none)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *kb = vt_forge_kb (sd_jwt, NULL, "{\"alg\":\"none\",\"typ\":\"kb+jwt\"}", NULL,
                                     VT_NONCE, VT_AUDIENCE, VT_NOW, NULL);
  g_autofree char *p = g_strconcat (sd_jwt, kb, NULL);

  REJECT_KB (env, p, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM, "none");
}
END_TEST

START_TEST (test_kb_without_cnf)
{
  /* key binding demanded of a credential that names no holder key */
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = vt_payload_new (VT_ISSUER, VT_VCT_PID, NULL, NULL);
  g_autofree char *sd_jwt = forge (env, payload, NULL);
  g_autofree char *p = with_kb (env, sd_jwt);

  REJECT_KB (env, p, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, "cnf|holder");
}
END_TEST

/* ---- status --------------------------------------------------------------- */

static char *
status_token (VneidKey   *key,
              const char *issuer,
              guint       index,
              guint       value,
              guint       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (2, size, &error);
  char *token;

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (list);
  if (value != 0)
    {
      ck_assert (vneid_status_list_set (list, index, value, &error));
      vt_assert_no_error (error);
    }
  token = vneid_status_list_to_token (list, key, issuer, VT_STATUS_URI, VT_NOW - 60,
                                      VT_NOW + 86400, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (token);
  return token;
}

static char *
issue_with_status (Env  *env,
                   guint index)
{
  g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (env->holder);
  g_autoptr(GError) error = NULL;
  char *issued;

  vneid_credential_builder_set_status (builder, VT_STATUS_URI, index);
  issued = vneid_credential_builder_build (builder, env->issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);
  return issued;
}

static void
add_list (Env        *env,
          const char *token)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vneid_verifier_add_status_list (env->verifier, token, &error),
                 "add_status_list: %s", error ? error->message : "?");
}

START_TEST (test_status_revoked)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *issued = issue_with_status (env, 37);
  g_autofree char *token = status_token (env->issuer, VT_ISSUER, 37, VNEID_STATUS_INVALID, 1024);

  add_list (env, token);
  REJECT_BOTH (env, issued, VNEID_CREDENTIAL_ERROR_REVOKED, "revoked|invalid");
}
END_TEST

START_TEST (test_status_suspended)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *issued = issue_with_status (env, 1000);
  g_autofree char *token = status_token (env->issuer, VT_ISSUER, 1000, VNEID_STATUS_SUSPENDED, 1024);

  add_list (env, token);
  REJECT_BOTH (env, issued, VNEID_CREDENTIAL_ERROR_SUSPENDED, "suspended");
}
END_TEST

START_TEST (test_status_valid)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *issued = issue_with_status (env, 36);
  /* index 37 revoked, ours (36) valid */
  g_autofree char *token = status_token (env->issuer, VT_ISSUER, 37, VNEID_STATUS_INVALID, 1024);
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  JsonObject *status_list;

  add_list (env, token);
  verified = vt_verify_ok (env->verifier, issued);
  ck_assert (vneid_verified_credential_get_status_checked (verified));
  status_list = json_object_get_object_member (
    json_object_get_object_member (vneid_verified_credential_get_payload (verified), "status"),
    "status_list");
  ck_assert_int_eq (json_object_get_int_member (status_list, "idx"), 36);
  ck_assert_str_eq (json_object_get_string_member (status_list, "uri"), VT_STATUS_URI);
}
END_TEST

START_TEST (test_status_unavailable)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *issued = issue_with_status (env, 5);
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  ck_assert (vneid_verifier_get_check_status (env->verifier));
  REJECT_BOTH (env, issued, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE, "status|" VT_STATUS_URI);

  /* unless the policy says to skip status checks */
  vneid_verifier_set_check_status (env->verifier, FALSE);
  verified = vt_verify_ok (env->verifier, issued);
  ck_assert (!vneid_verified_credential_get_status_checked (verified));
}
END_TEST

/* A status list index is a whole number: 1.5 is no entry, not entry 1. */
START_TEST (test_status_index_fraction)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = vt_payload_new (VT_ISSUER, VT_VCT_PID, NULL, NULL);
  g_autofree char *token = status_token (env->issuer, VT_ISSUER, 0, 0, 1024);
  g_autofree char *sd_jwt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  json_object_set_object_member (payload, "status",
    vt_json_object ("{\"status_list\": {\"idx\": 1.5, \"uri\": \"" VT_STATUS_URI "\"}}"));
  sd_jwt = vt_forge (NULL, payload, env->issuer, NULL, NULL);
  add_list (env, token);
  verified = vneid_verifier_verify (env->verifier, sd_jwt, &error);
  ck_assert_ptr_null (verified);
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "idx");
}
END_TEST

START_TEST (test_status_index_outside_list)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *issued = issue_with_status (env, 5000);
  g_autofree char *token = status_token (env->issuer, VT_ISSUER, 0, 0, 1024);

  add_list (env, token);
  REJECT_BOTH (env, issued, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE, "index|idx|outside|range|5000");
}
END_TEST

START_TEST (test_status_list_untrusted)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) rogue = vt_key_new ("rogue");
  g_autofree char *token = status_token (rogue, "https://evil.example", 0, 0, 1024);
  g_autofree char *token2 = status_token (rogue, VT_ISSUER, 0, 0, 1024);
  g_autoptr(GError) error = NULL;

  ck_assert (!vneid_verifier_add_status_list (env->verifier, token, &error));
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER,
                   "evil.example|issuer");
  g_clear_error (&error);
  ck_assert (!vneid_verifier_add_status_list (env->verifier, token2, &error));
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY, "kid|rogue");
}
END_TEST

/* ---- malformed input ------------------------------------------------------ */

START_TEST (test_empty_and_no_tilde)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_auto(GStrv) parts = vt_split (sd_jwt);

  REJECT (env, "", VNEID_CREDENTIAL_ERROR_MALFORMED, "empty|sd-jwt|jws|~");
  REJECT_KB (env, "", VNEID_CREDENTIAL_ERROR_MALFORMED, "empty|sd-jwt|jws|~");
  REJECT (env, "~", VNEID_CREDENTIAL_ERROR_MALFORMED, "empty|jws|jwt|part");
  REJECT (env, "~~", VNEID_CREDENTIAL_ERROR_MALFORMED, "empty|jws|jwt|part");
  /* the issuer JWT alone, without any '~' */
  REJECT (env, parts[0], VNEID_CREDENTIAL_ERROR_MALFORMED, "~|tilde|sd-jwt|separator");
  REJECT_KB (env, parts[0], VNEID_CREDENTIAL_ERROR_MALFORMED, "~|tilde|sd-jwt|separator");
}
END_TEST

START_TEST (test_jws_shape)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_auto(GStrv) parts = vt_split (sd_jwt);
  g_auto(GStrv) jws = g_strsplit (parts[0], ".", -1);
  g_autofree char *two = g_strconcat (jws[0], ".", jws[1], "~", NULL);
  g_autofree char *four = g_strconcat (parts[0], ".", jws[2], "~", NULL);
  g_autofree char *empty_header = g_strconcat (".", jws[1], ".", jws[2], "~", NULL);

  REJECT (env, two, VNEID_CREDENTIAL_ERROR_MALFORMED, "jws|jwt|part|three");
  REJECT (env, four, VNEID_CREDENTIAL_ERROR_MALFORMED, "jws|jwt|part|three");
  REJECT (env, empty_header, VNEID_CREDENTIAL_ERROR_MALFORMED, "header|empty");
}
END_TEST

START_TEST (test_non_base64)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  gsize payload_pos = strchr (sd_jwt, '.') - sd_jwt + 10;
  gsize disclosure_pos = strchr (sd_jwt, '~') - sd_jwt + 10;
  static const char bad[] = { '*', '+', '/', '=', ' ', '\n', '%' };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *p1 = vt_replace_char (sd_jwt, payload_pos, bad[i]);
      g_autofree char *p2 = vt_replace_char (sd_jwt, disclosure_pos, bad[i]);

      REJECT_BOTH (env, p1, VNEID_CREDENTIAL_ERROR_MALFORMED, "base64");
      REJECT_BOTH (env, p2, VNEID_CREDENTIAL_ERROR_MALFORMED, "base64");
    }
}
END_TEST

START_TEST (test_padding)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *g = given ();
  g_autofree char *padded = g_strconcat (g, "==", NULL);
  g_autofree char *d = vt_digest (padded);
  const char *digests[] = { d, NULL };
  const char *disclosures[] = { padded, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *sd_jwt = forge (env, payload, disclosures);

  /* even referenced by its digest, a padded disclosure is not base64url */
  REJECT_BOTH (env, sd_jwt, VNEID_CREDENTIAL_ERROR_MALFORMED, "base64");
}
END_TEST

START_TEST (test_empty_disclosure)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_auto(GStrv) parts = vt_split (sd_jwt);
  g_autofree char *p = g_strconcat (parts[0], "~~", parts[1], "~", NULL);

  REJECT_BOTH (env, p, VNEID_CREDENTIAL_ERROR_MALFORMED, "empty|disclosure");
}
END_TEST

START_TEST (test_payload_shape)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) no_iss = payload_with (env, NULL);
  g_autoptr(JsonObject) no_vct = payload_with (env, NULL);
  g_autoptr(JsonObject) iss_number = payload_with (env, NULL);
  g_autoptr(JsonObject) sd_string = payload_with (env, NULL);
  g_autoptr(JsonObject) sd_number_element = payload_with (env, NULL);
  g_autoptr(JsonObject) exp_string = payload_with (env, NULL);
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL, *p6 = NULL;
  g_autofree char *array_jwt = NULL, *p7 = NULL;
  JsonArray *sd = json_array_new ();

  json_object_remove_member (no_iss, "iss");
  json_object_remove_member (no_vct, "vct");
  json_object_set_int_member (iss_number, "iss", 42);
  json_object_set_string_member (sd_string, "_sd", "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
  json_array_add_int_element (sd, 7);
  json_object_set_array_member (sd_number_element, "_sd", sd);
  json_object_set_string_member (exp_string, "exp", "2027-01-01");

  p1 = forge (env, no_iss, NULL);
  p2 = forge (env, no_vct, NULL);
  p3 = forge (env, iss_number, NULL);
  p4 = forge (env, sd_string, NULL);
  p5 = forge (env, sd_number_element, NULL);
  p6 = forge (env, exp_string, NULL);
  array_jwt = vt_forge_jws ("{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\"}",
                            "[\"" VT_ISSUER "\"]", env->issuer);
  p7 = vt_join (array_jwt, NULL, NULL);

  REJECT_BOTH (env, p1, VNEID_CREDENTIAL_ERROR_MALFORMED, "iss");
  REJECT_BOTH (env, p2, VNEID_CREDENTIAL_ERROR_MALFORMED, "vct");
  REJECT_BOTH (env, p3, VNEID_CREDENTIAL_ERROR_MALFORMED, "iss");
  REJECT_BOTH (env, p4, VNEID_CREDENTIAL_ERROR_MALFORMED, "_sd");
  REJECT_BOTH (env, p5, VNEID_CREDENTIAL_ERROR_MALFORMED, "_sd|digest");
  REJECT_BOTH (env, p6, VNEID_CREDENTIAL_ERROR_MALFORMED, "exp");
  REJECT_BOTH (env, p7, VNEID_CREDENTIAL_ERROR_MALFORMED, "object");
}
END_TEST

/* Whether @a is @b with parts left out: objects by member, arrays by
 * in-order subsequence, values exactly. */
static gboolean
is_subset (JsonNode *a,
           JsonNode *b)
{
  if (JSON_NODE_HOLDS_OBJECT (a) && JSON_NODE_HOLDS_OBJECT (b))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (a));
      while (json_object_iter_next (&iter, &name, &child))
        {
          JsonNode *other = json_object_get_member (json_node_get_object (b), name);
          if (other == NULL || !is_subset (child, other))
            return FALSE;
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    {
      JsonArray *aa = json_node_get_array (a), *bb = json_node_get_array (b);
      guint j = 0;

      for (guint i = 0; i < json_array_get_length (aa); i++)
        {
          while (j < json_array_get_length (bb) &&
                 !is_subset (json_array_get_element (aa, i), json_array_get_element (bb, j)))
            j++;
          if (j == json_array_get_length (bb))
            return FALSE;
          j++;
        }
      return TRUE;
    }
  return json_node_equal (a, b);
}

static void
check_prefixes (Env        *env,
                const char *presentation,
                gboolean    key_binding)
{
  g_autoptr(VneidVerifiedCredential) full = NULL;
  g_autoptr(JsonNode) full_node = NULL;
  gsize len = strlen (presentation);
  guint accepted = 0;

  full = key_binding ? vt_verify_ok_nonce (env->verifier, presentation, VT_NONCE, VT_AUDIENCE)
                     : vt_verify_ok (env->verifier, presentation);
  full_node = json_node_init_object (json_node_alloc (), vneid_verified_credential_get_payload (full));

  for (gsize n = 0; n < len; n++)
    {
      g_autofree char *prefix = g_strndup (presentation, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified = NULL;
      g_autoptr(JsonNode) node = NULL;

      verified = key_binding
        ? vneid_verifier_verify_with_nonce (env->verifier, prefix, VT_NONCE, VT_AUDIENCE, &error)
        : vneid_verifier_verify (env->verifier, prefix, &error);
      if (verified == NULL)
        {
          ck_assert_msg (error != NULL && error->domain == VNEID_CREDENTIAL_ERROR,
                         "prefix %zu rejected without a credential error", n);
          ck_assert_msg (error->message != NULL && error->message[0] != '\0',
                         "prefix %zu rejected with an empty message", n);
          continue;
        }
      ck_assert_msg (error == NULL, "prefix %zu: result and error", n);
      accepted++;
      ck_assert_msg (!key_binding, "prefix %zu of a key-bound presentation was accepted", n);
      ck_assert_msg (n > 0 && prefix[n - 1] == '~',
                     "prefix %zu not ending in '~' was accepted: …%s", n, prefix + (n > 20 ? n - 20 : 0));
      node = json_node_init_object (json_node_alloc (), vneid_verified_credential_get_payload (verified));
      ck_assert_msg (is_subset (node, full_node), "prefix %zu changed claim values", n);
      ck_assert_uint_lt (vneid_verified_credential_get_disclosure_count (verified),
                         vneid_verified_credential_get_disclosure_count (full));
    }
  if (!key_binding)
    ck_assert_uint_ge (accepted, 1); /* at least the issuer JWT with '~' */
}

START_TEST (test_truncated)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (env->holder);
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = vneid_credential_builder_build (builder, env->issuer, VT_ISSUER, &error);
  g_autoptr(VneidCredential) credential = NULL;
  static const char *const paths[] = { "given_name", "address.region", "nationalities[0]", NULL };
  g_autofree char *plain = NULL;
  g_autofree char *bound = NULL;

  vt_assert_no_error (error);
  credential = vt_credential_new (issued);
  plain = vt_present (credential, paths, NULL, NULL, NULL, 0);
  bound = vt_present (credential, paths, env->holder, VT_NONCE, VT_AUDIENCE, VT_NOW);
  check_prefixes (env, plain, FALSE);
  check_prefixes (env, bound, TRUE);
}
END_TEST

/* ---- limits --------------------------------------------------------------- */

/* A valid credential whose one disclosure is padded so that the whole
 * presentation is exactly @total bytes long. */
static char *
forge_of_size (Env  *env,
               gsize total)
{
  const char *probe_digests[] = { "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0", NULL };

  /* base64url lengths ≡ 1 (mod 4) do not exist, so the issuer JWT's length
   * is varied too, with a plain padding claim; the JWT's length does not
   * depend on the digest's value */
  for (gsize pad = 0; pad < 8; pad++)
    {
      g_autofree char *pad_text = g_strnfill (pad, 'p');
      g_autoptr(JsonObject) probe_payload = payload_with (env, probe_digests);
      g_autofree char *probe = NULL;
      gsize jwt_len, want, raw;

      json_object_set_string_member (probe_payload, "pad", pad_text);
      probe = forge (env, probe_payload, NULL);
      jwt_len = strlen (probe) - 1;
      if (jwt_len + 2 + 100 > total)
        continue;
      want = total - jwt_len - 2;       /* the disclosure's length */
      if (want % 4 == 1)
        continue;
      raw = want / 4 * 3 + (want % 4 == 0 ? 0 : want % 4 - 1);
      {
        /* raw = 14 + 22 (salt) + 2 + k */
        g_autofree char *text = g_strnfill (raw - 14 - 22 - 2, 'A');
        g_autofree char *value = g_strdup_printf ("\"%s\"", text);
        g_autofree char *d = vt_disclosure ("ssssssssssssssssssssss", "blob", value);
        g_autofree char *digest = vt_digest (d);
        const char *digests[] = { digest, NULL };
        const char *disclosures[] = { d, NULL };
        g_autoptr(JsonObject) payload = payload_with (env, digests);
        char *out;

        ck_assert_uint_eq (strlen (d), want);
        json_object_set_string_member (payload, "pad", pad_text);
        out = forge (env, payload, disclosures);
        ck_assert_uint_eq (strlen (out), total);
        return out;
      }
    }
  ck_abort_msg ("cannot forge a presentation of %zu bytes", total);
  return NULL;
}

START_TEST (test_size_limit)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *at_limit = forge_of_size (env, 65536);
  g_autofree char *over = forge_of_size (env, 65537);
  g_autofree char *big = forge_of_size (env, 65 * 1024);
  g_autoptr(VneidVerifiedCredential) ok = NULL;

  ok = vt_verify_ok (env->verifier, at_limit);
  ck_assert_uint_eq (vneid_verified_credential_get_disclosure_count (ok), 1);
  REJECT (env, over, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "65536|64|size|large|bytes|limit");
  REJECT (env, big, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "65536|64|size|large|bytes|limit");
  REJECT_KB (env, big, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "65536|64|size|large|bytes|limit");
}
END_TEST

START_TEST (test_garbage_size_limit)
{
  /* the size limit comes before any parsing */
  g_autoptr(Env) env = env_new ();
  g_autofree char *garbage = g_strnfill (65 * 1024, '~');

  REJECT (env, garbage, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "65536|64|size|large|bytes|limit");
}
END_TEST

START_TEST (test_disclosure_count_limit)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autoptr(GPtrArray) disclosures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sd_jwt = NULL;

  for (guint i = 0; i < 1025; i++)
    {
      g_autofree char *salt = g_strdup_printf ("s%u", i);
      g_ptr_array_add (disclosures, vt_disclosure (salt, NULL, "1"));
    }
  g_ptr_array_add (disclosures, NULL);
  sd_jwt = forge (env, payload, (const char *const *) disclosures->pdata);
  ck_assert_uint_lt (strlen (sd_jwt), 64 * 1024);
  REJECT (env, sd_jwt, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "1024|disclosures");
}
END_TEST

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  g_string_append_c (s, '1');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

START_TEST (test_nesting_limit_payload)
{
  /* the payload object is depth 1, so 31 arrays inside make 32 */
  g_autoptr(Env) env = env_new ();
  g_autofree char *ok_value = nested (31);
  g_autofree char *deep_value = nested (32);
  g_autoptr(JsonObject) ok_payload = payload_with (env, NULL);
  g_autoptr(JsonObject) deep_payload = payload_with (env, NULL);
  g_autofree char *ok = NULL, *deep = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  json_object_set_member (ok_payload, "deep", vt_json_node (ok_value));
  json_object_set_member (deep_payload, "deep", vt_json_node (deep_value));
  ok = forge (env, ok_payload, NULL);
  deep = forge (env, deep_payload, NULL);

  verified = vt_verify_ok (env->verifier, ok);
  ck_assert (verified != NULL);
  REJECT_BOTH (env, deep, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "nest|deep|depth|32");
}
END_TEST

START_TEST (test_nesting_limit_disclosure)
{
  /* the disclosure array is depth 1, so 31 arrays inside make 32 */
  g_autoptr(Env) env = env_new ();
  g_autofree char *ok_value = nested (31);
  g_autofree char *deep_value = nested (32);
  g_autofree char *d_ok = vt_disclosure ("2GLC42sKQveCfGfryNRN9w", "deep", ok_value);
  g_autofree char *d_deep = vt_disclosure ("2GLC42sKQveCfGfryNRN9w", "deep", deep_value);
  g_autofree char *dig_ok = vt_digest (d_ok);
  g_autofree char *dig_deep = vt_digest (d_deep);
  const char *digests_ok[] = { dig_ok, NULL };
  const char *digests_deep[] = { dig_deep, NULL };
  const char *disc_ok[] = { d_ok, NULL };
  const char *disc_deep[] = { d_deep, NULL };
  g_autoptr(JsonObject) payload_ok = payload_with (env, digests_ok);
  g_autoptr(JsonObject) payload_deep = payload_with (env, digests_deep);
  g_autofree char *ok = forge (env, payload_ok, disc_ok);
  g_autofree char *deep = forge (env, payload_deep, disc_deep);
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  verified = vt_verify_ok (env->verifier, ok);
  ck_assert (verified != NULL);
  REJECT_BOTH (env, deep, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "nest|deep|depth|32");
}
END_TEST

/* ---- the adversarial review (docs/verifier.md, "What a verifier tolerates") */

/* @payload with one disclosure of @name = @value_json whose digest sits in
 * the `_sd` of the object at @object_path (a dotted path of objects below
 * the payload, created as needed); signed as the trusted issuer. */
static char *
forge_nested_disclosure (Env        *env,
                         JsonObject *payload,
                         const char *object_path,
                         const char *name,
                         const char *value_json)
{
  g_autofree char *d = vt_disclosure ("QU5fYWR2ZXJzYXJpYWxfcmV2", name, value_json);
  g_autofree char *digest = vt_digest (d);
  g_auto(GStrv) steps = g_strsplit (object_path, ".", -1);
  const char *disclosures[] = { d, NULL };
  JsonObject *object = payload;
  JsonArray *sd;

  for (char **s = steps; *s != NULL; s++)
    {
      if (!json_object_has_member (object, *s))
        json_object_set_object_member (object, *s, json_object_new ());
      object = json_object_get_object_member (object, *s);
    }
  sd = json_array_new ();
  json_array_add_string_element (sd, digest);
  json_object_set_array_member (object, "_sd", sd);
  return forge (env, payload, disclosures);
}

/* Rule 1: sub-claims of cnf and status are no more disclosable than the
 * claims themselves (SD-JWT VC section 3.2.2.2). */
START_TEST (test_review_subclaims_in_the_clear)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) jwk = vneid_key_to_jwk_object (env->holder, FALSE);
  g_autofree char *jwk_text = vt_json_text (jwk);
  g_autoptr(JsonObject) p1 = payload_with (env, NULL);
  g_autoptr(JsonObject) p2 = payload_with (env, NULL);
  g_autoptr(JsonObject) p3 = payload_with (env, NULL);
  g_autoptr(JsonObject) p4 = payload_with (env, NULL);
  g_autofree char *cnf_jwk = NULL, *status_list = NULL, *idx = NULL, *decoy = NULL;

  vneid_verifier_set_check_status (env->verifier, FALSE);
  json_object_remove_member (p1, "cnf");
  cnf_jwk = forge_nested_disclosure (env, p1, "cnf", "jwk", jwk_text);
  REJECT (env, cnf_jwk, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE, "cnf.jwk");

  status_list = forge_nested_disclosure (env, p2, "status", "status_list",
                                         "{\"idx\": 0, \"uri\": \"" VT_STATUS_URI "\"}");
  REJECT_BOTH (env, status_list, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE, "status.status_list");

  json_object_set_object_member (p3, "status",
    vt_json_object ("{\"status_list\": {\"uri\": \"" VT_STATUS_URI "\"}}"));
  idx = forge_nested_disclosure (env, p3, "status.status_list", "idx", "0");
  REJECT_BOTH (env, idx, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE, "status.status_list.idx");

  /* a digest the holder withheld (or a decoy) is just as forbidden */
  {
    JsonArray *withheld = json_array_new ();

    json_array_add_string_element (withheld, "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
    json_object_set_array_member (json_object_get_object_member (p4, "cnf"), "_sd", withheld);
  }
  decoy = forge (env, p4, NULL);
  REJECT_BOTH (env, decoy, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE, "cnf");
}
END_TEST

/* Rule 1, the issuer's side: no path below cnf or status is disclosable. */
START_TEST (test_review_builder_subclaims)
{
  static const char *const paths[] = { "cnf.jwk", "status.status_list", "status.status_list.idx",
                                       "cnf", NULL };
  g_autoptr(Env) env = env_new ();

  for (const char *const *path = paths; *path != NULL; path++)
    {
      g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (env->holder);
      g_autoptr(GError) error = NULL;
      g_autofree char *issued = NULL;

      vneid_credential_builder_set_status (builder, VT_STATUS_URI, 3);
      vneid_credential_builder_add_disclosable (builder, *path);
      issued = vneid_credential_builder_build (builder, env->issuer, VT_ISSUER, &error);
      ck_assert_msg (issued == NULL, "%s was made disclosable", *path);
      vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE, *path);
    }
}
END_TEST

/* A KB-JWT over @sd_jwt by the holder with VT_NONCE, VT_AUDIENCE, iat
 * VT_NOW and @extra (`,"exp":…`). */
static char *
with_kb_claims (Env        *env,
                const char *sd_jwt,
                const char *extra)
{
  g_autofree char *sd_hash = vt_digest (sd_jwt);
  g_autofree char *payload = g_strdup_printf (
    "{\"iat\":%" G_GINT64_FORMAT ",\"aud\":\"" VT_AUDIENCE "\",\"nonce\":\"" VT_NONCE "\","
    "\"sd_hash\":\"%s\"%s}", VT_NOW, sd_hash, extra);
  g_autofree char *kb = vt_forge_jws ("{\"alg\":\"EdDSA\",\"typ\":\"kb+jwt\"}", payload, env->holder);

  return g_strconcat (sd_jwt, kb, NULL);
}

/* Rule 2: a KB-JWT past its exp or before its nbf (RFC 7519 4.1.4-4.1.5),
 * with or without a key binding policy. */
START_TEST (test_review_kb_times)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *expired = with_kb_claims (env, sd_jwt, ",\"exp\":1767225000");
  g_autofree char *early = with_kb_claims (env, sd_jwt, ",\"nbf\":1767229200");
  g_autofree char *fine = with_kb_claims (env, sd_jwt, ",\"exp\":1767225700,\"nbf\":1767225500");
  g_autofree char *edge = with_kb_claims (env, sd_jwt, ",\"exp\":1767225541");
  g_autofree char *bad = with_kb_claims (env, sd_jwt, ",\"exp\":\"soon\"");
  g_autoptr(VneidVerifiedCredential) ok = NULL;
  g_autoptr(VneidVerifiedCredential) ok_edge = NULL;

  REJECT_KB (env, expired, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE, "KB-JWT expired");
  REJECT (env, expired, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE, "KB-JWT expired");
  REJECT_KB (env, early, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE, "KB-JWT not valid before");
  REJECT (env, early, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE, "KB-JWT not valid before");
  REJECT (env, bad, VNEID_CREDENTIAL_ERROR_MALFORMED, "exp");
  ok = vt_verify_ok_nonce (env->verifier, fine, VT_NONCE, VT_AUDIENCE);
  ok_edge = vt_verify_ok_nonce (env->verifier, edge, VT_NONCE, VT_AUDIENCE);
  ck_assert (vneid_verified_credential_get_key_bound (ok) && ok_edge != NULL);
}
END_TEST

/* Rule 3: a private key in cnf.jwk is refused, and not shown. */
START_TEST (test_review_private_holder_key)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autoptr(JsonObject) cnf = json_object_new ();
  g_autofree char *sd_jwt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  json_object_set_object_member (cnf, "jwk", vneid_key_to_jwk_object (env->holder, TRUE));
  json_object_set_object_member (payload, "cnf", json_object_ref (cnf));
  sd_jwt = forge (env, payload, NULL);
  verified = vneid_verifier_verify (env->verifier, sd_jwt, &error);
  ck_assert_ptr_null (verified);
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "private");
  ck_assert_ptr_null (strstr (error->message,
    json_object_get_string_member (json_object_get_object_member (cnf, "jwk"), "d")));
}
END_TEST

/* Rule 5: `_sd_alg` disclosed beside the plain one collides (RFC 9901
 * 7.1, step 3.3.2.3 before 3.6), and never survives processing. */
START_TEST (test_review_sd_alg_disclosed)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) beside = payload_with (env, NULL);
  g_autoptr(JsonObject) alone = payload_with (env, NULL);
  g_autoptr(JsonObject) nested = payload_with (env, NULL);
  g_autoptr(JsonObject) plain_nested = payload_with (env, NULL);
  g_autofree char *p1 = forge_nested_disclosure (env, beside, "", "_sd_alg", "\"sha-256\"");
  g_autofree char *p2 = NULL, *p3 = NULL, *p4 = NULL;

  REJECT_BOTH (env, p1, VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION, "_sd_alg");
  json_object_remove_member (alone, "_sd_alg");
  p2 = forge_nested_disclosure (env, alone, "", "_sd_alg", "\"sha-256\"");
  REJECT_BOTH (env, p2, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME, "_sd_alg");
  p3 = forge_nested_disclosure (env, nested, "address", "_sd_alg", "\"sha-256\"");
  REJECT_BOTH (env, p3, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME, "_sd_alg");
  json_object_set_object_member (plain_nested, "address", vt_json_object ("{\"_sd_alg\": \"x\"}"));
  p4 = forge (env, plain_nested, NULL);
  REJECT_BOTH (env, p4, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME, "address");
}
END_TEST

/* Rule 6: metadata with both jwks and jwks_uri; issuers with a query or a
 * fragment; a key whose key_ops exclude verify. */
START_TEST (test_review_metadata_refused)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autofree char *jwk = vneid_key_to_jwk (env->issuer, FALSE);
  g_autofree char *both = g_strdup_printf ("{\"issuer\":\"https://a.example\",\"jwks\":{\"keys\":[%s]},"
                                           "\"jwks_uri\":\"https://a.example/jwks\"}", jwk);
  g_autofree char *query = g_strdup_printf ("{\"issuer\":\"https://a.example/?x=1\",\"jwks\":{\"keys\":[%s]}}", jwk);
  g_autofree char *fragment = g_strdup_printf ("{\"issuer\":\"https://a.example/#f\",\"jwks\":{\"keys\":[%s]}}", jwk);
  g_autoptr(GError) error = NULL;

  ck_assert (!vneid_trust_store_add_metadata (store, both, &error));
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "jwks_uri");
  g_clear_error (&error);
  ck_assert (!vneid_trust_store_add_metadata (store, query, &error));
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "query or fragment");
  g_clear_error (&error);
  ck_assert (!vneid_trust_store_add_metadata (store, fragment, &error));
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "query or fragment");
  g_clear_error (&error);
  ck_assert (!vneid_trust_store_add_key (store, "https://a.example/?x=1", env->issuer, &error));
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "query or fragment");
  {
    g_auto(GStrv) issuers = vneid_trust_store_list_issuers (store);

    ck_assert_ptr_null (issuers[0]);
  }
}
END_TEST

/* A trust store from metadata whose keys are @keys_json, VT_ISSUER allowed
 * every type; asserts it is accepted. */
static VneidTrustStore *
store_from_keys (const char *keys_json)
{
  g_autofree char *metadata = g_strdup_printf ("{\"issuer\":\"" VT_ISSUER "\",\"jwks\":{\"keys\":[%s]}}",
                                               keys_json);
  VneidTrustStore *store = vneid_trust_store_new ();
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vneid_trust_store_add_metadata (store, metadata, &error),
                 "metadata refused: %s", error ? error->message : "?");
  vneid_trust_store_allow_all_types (store, VT_ISSUER);
  return store;
}

/* @key's public JWK text with @extra members (`,"use":"enc"`). */
static char *
jwk_with (VneidKey   *key,
          const char *extra)
{
  g_autofree char *jwk = vneid_key_to_jwk (key, FALSE);

  return g_strdup_printf ("%.*s%s}", (int) strlen (jwk) - 1, jwk, extra);
}

#define EC_P256_JWK "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"ec-1\"," \
  "\"x\":\"TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc\",\"y\":\"ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ\"}"

/* Rules 6 and 7: keys the library does not verify with are skipped, with
 * a warning, and the Ed25519 keys stay trusted; key_ops without verify
 * makes a key useless for signatures. */
START_TEST (test_review_metadata_tolerated)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) enc = vt_key_new ("enc-1");
  g_autoptr(VneidKey) sign_only = vt_key_new ("ops-1");
  g_autofree char *good = vneid_key_to_jwk (env->issuer, FALSE);
  g_autofree char *enc_jwk = jwk_with (enc, ",\"use\":\"enc\"");
  g_autofree char *ops_jwk = jwk_with (sign_only, ",\"key_ops\":[\"sign\"]");
  g_autofree char *keys = g_strdup_printf ("%s,%s,%s,%s", EC_P256_JWK, enc_jwk, ops_jwk, good);
  g_autoptr(VneidTrustStore) store = store_from_keys (keys);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_auto(GStrv) warnings = vneid_trust_store_get_warnings (store);
  g_autoptr(GPtrArray) trusted = vneid_trust_store_get_keys (store, VT_ISSUER);
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *by_issuer = forge (env, payload, NULL);
  g_autofree char *by_ops = vt_forge (NULL, payload, sign_only, NULL, NULL);
  g_autofree char *by_enc = vt_forge (NULL, payload, enc, NULL, NULL);
  g_autoptr(VneidVerifiedCredential) ok = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidTrustStore) none = vneid_trust_store_new ();
  g_autofree char *only_ec = g_strdup_printf ("{\"issuer\":\"" VT_ISSUER "\",\"jwks\":{\"keys\":[%s]}}",
                                              EC_P256_JWK);

  ck_assert_uint_eq (trusted->len, 1);
  ck_assert_uint_eq (g_strv_length (warnings), 3);
  ck_assert (strstr (warnings[0], "EC") != NULL && strstr (warnings[0], "key 0") != NULL);
  ck_assert (strstr (warnings[1], "use") != NULL && strstr (warnings[2], "key_ops") != NULL);
  ok = vt_verify_ok (verifier, by_issuer);
  ck_assert (ok != NULL);
  vt_verify_fails (verifier, by_ops, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY, "ops-1");
  vt_verify_fails (verifier, by_enc, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY, "enc-1");

  /* nothing usable at all: refused, naming why */
  ck_assert (!vneid_trust_store_add_metadata (none, only_ec, &error));
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "Ed25519");
}
END_TEST

/* Rule 7: two keys sharing a kid (RFC 7517 4.5 says SHOULD differ) void
 * nothing: a token with that kid is checked against each, in turn. */
START_TEST (test_review_shared_kid)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) twin = vt_key_new (VT_ISSUER_KID);
  g_autofree char *a = vneid_key_to_jwk (twin, FALSE);
  g_autofree char *b = vneid_key_to_jwk (env->issuer, FALSE);
  g_autofree char *ab = g_strdup_printf ("%s,%s", a, b);
  g_autofree char *ba = g_strdup_printf ("%s,%s", b, a);
  g_autoptr(JsonObject) payload = payload_with (env, NULL);
  g_autofree char *by_issuer = forge (env, payload, NULL);
  g_autofree char *by_twin = vt_forge (NULL, payload, twin, NULL, NULL);
  const char *orders[] = { ab, ba };

  for (gsize i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(VneidTrustStore) store = store_from_keys (orders[i]);
      g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
      g_auto(GStrv) warnings = vneid_trust_store_get_warnings (store);
      g_autoptr(VneidVerifiedCredential) one = vt_verify_ok (verifier, by_issuer);
      g_autoptr(VneidVerifiedCredential) two = vt_verify_ok (verifier, by_twin);

      ck_assert (vneid_key_equal (vneid_verified_credential_get_issuer_key (one), env->issuer));
      ck_assert (vneid_key_equal (vneid_verified_credential_get_issuer_key (two), twin));
      ck_assert_uint_eq (g_strv_length (warnings), 1);
      ck_assert (strstr (warnings[0], VT_ISSUER_KID) != NULL);
    }
}
END_TEST

/* @payload with cnf = @cnf_json, signed; no disclosures. */
static char *
forge_with_cnf (Env        *env,
                const char *cnf_json)
{
  g_autoptr(JsonObject) payload = payload_with (env, NULL);

  json_object_set_object_member (payload, "cnf", vt_json_object (cnf_json));
  return forge (env, payload, NULL);
}

/* Rule 8: a cnf this verifier cannot use (only a kid, an EC key) is fine
 * until key binding is asked for. */
START_TEST (test_review_cnf_unusable)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *kid_only = forge_with_cnf (env, "{\"kid\": \"wallet-key-7\"}");
  g_autofree char *ec = forge_with_cnf (env, "{\"jwk\": " EC_P256_JWK "}");
  g_autofree char *broken = forge_with_cnf (env, "{\"jwk\": {\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAA\"}}");
  const char *unusable[] = { kid_only, ec };

  for (gsize i = 0; i < G_N_ELEMENTS (unusable); i++)
    {
      g_autoptr(VneidVerifiedCredential) verified = vt_verify_ok (env->verifier, unusable[i]);
      g_autofree char *bound = with_kb (env, unusable[i]);

      ck_assert_ptr_null (vneid_verified_credential_get_holder_key (verified));
      ck_assert (!vneid_verified_credential_get_key_bound (verified));
      REJECT_KB (env, unusable[i], VNEID_CREDENTIAL_ERROR_KEY_BINDING_REQUIRED, "no KB-JWT");
      REJECT_KB (env, bound, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID, i == 0 ? "no “jwk”" : "EC");
    }
  REJECT (env, broken, VNEID_CREDENTIAL_ERROR_MALFORMED, "cnf.jwk");
}
END_TEST

/* Rule 9: media type names are case-insensitive and `application/` may be
 * written out (RFC 7515 4.1.9), for all three token types. */
START_TEST (test_review_typ_spellings)
{
  static const char *const spellings[] = { "application/dc+sd-jwt", "DC+SD-JWT", "Application/Dc+Sd-Jwt" };
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonObject) payload = payload_with (env, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autofree char *header = g_strdup_printf ("{\"alg\":\"EdDSA\",\"typ\":\"%s\",\"kid\":\"" VT_ISSUER_KID "\"}",
                                                 spellings[i]);
      g_autofree char *sd_jwt = vt_forge (header, payload, env->issuer, NULL, NULL);
      g_autofree char *kb = vt_forge_kb (sd_jwt, env->holder, NULL, i ? "KB+JWT" : "application/kb+jwt",
                                         VT_NONCE, VT_AUDIENCE, VT_NOW, NULL);
      g_autofree char *bound = g_strconcat (sd_jwt, kb, NULL);
      g_autoptr(VneidVerifiedCredential) one = vt_verify_ok (env->verifier, sd_jwt);
      g_autoptr(VneidVerifiedCredential) two = vt_verify_ok_nonce (env->verifier, bound, VT_NONCE, VT_AUDIENCE);

      ck_assert (one != NULL && vneid_verified_credential_get_key_bound (two));
    }
  {
    g_autofree char *other = vt_forge ("{\"alg\":\"EdDSA\",\"typ\":\"text/dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\"}",
                                       payload, env->issuer, NULL, NULL);
    REJECT (env, other, VNEID_CREDENTIAL_ERROR_WRONG_TYPE, "typ");
  }
}
END_TEST

/* Rule 10: numbers beyond double range are no JSON numbers (RFC 8259 6). */
START_TEST (test_review_non_finite_numbers)
{
  static const char *const numbers[] = { "1e400", "-1e999", "[1E+309]" };
  g_autoptr(Env) env = env_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *payload = g_strdup_printf (
        "{\"iss\":\"" VT_ISSUER "\",\"vct\":\"" VT_VCT_PID "\",\"iat\":%" G_GINT64_FORMAT
        ",\"height\":%s}", VT_IAT, numbers[i]);
      g_autofree char *jwt = vt_forge_jws ("{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"kid\":\"" VT_ISSUER_KID "\"}",
                                           payload, env->issuer);
      g_autofree char *sd_jwt = g_strconcat (jwt, "~", NULL);
      g_autofree char *d = vt_disclosure ("c2FsdHNhbHRzYWx0c2FsdA", "height", numbers[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = vneid_json_parse (numbers[i], strlen (numbers[i]), "number", &error);

      REJECT (env, sd_jwt, VNEID_CREDENTIAL_ERROR_MALFORMED, "out of range");
      ck_assert_ptr_null (node);
      vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "out of range");
      ck_assert_ptr_nonnull (d);
    }
  /* tiny numbers are only rounded, and stay valid */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = vneid_json_parse ("1e-400", 6, "number", &error);

    vt_assert_no_error (error);
    ck_assert (json_node_get_double (node) == 0.0);
  }
}
END_TEST

/* Rule 12: key-bound only when checked against an expected nonce and
 * audience. */
START_TEST (test_review_key_bound_only_when_checked)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *sd_jwt = forge_standard (env);
  g_autofree char *kb = vt_forge_kb (sd_jwt, env->holder, NULL, NULL, NULL, NULL, VT_NOW - 86400, NULL);
  g_autofree char *bare = g_strconcat (sd_jwt, kb, NULL);
  g_autofree char *good = with_kb (env, sd_jwt);
  g_autoptr(VneidVerifiedCredential) unchecked = vt_verify_ok (env->verifier, bare);
  g_autoptr(VneidVerifiedCredential) unchecked_good = vt_verify_ok (env->verifier, good);
  g_autoptr(VneidVerifiedCredential) checked = vt_verify_ok_nonce (env->verifier, good, VT_NONCE, VT_AUDIENCE);

  ck_assert (!vneid_verified_credential_get_key_bound (unchecked));
  ck_assert (!vneid_verified_credential_get_key_bound (unchecked_good));
  ck_assert (vneid_verified_credential_get_key_bound (checked));
}
END_TEST

/* Rule 13: errors inside nested objects and disclosures name the claim
 * path. */
START_TEST (test_review_errors_name_the_path)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *inner = vt_disclosure ("c2FsdHNhbHRzYWx0c2FsdA", "region", "\"Hà Nội\"");
  g_autofree char *inner_digest = vt_digest (inner);
  g_autofree char *address_value = g_strdup_printf ("{\"_sd\": [\"%s\"], \"region\": \"Huế\"}", inner_digest);
  g_autofree char *address = vt_disclosure ("YWRkcmVzc3NhbHRzYWx0cw", "address", address_value);
  g_autofree char *address_digest = vt_digest (address);
  const char *digests[] = { address_digest, NULL };
  const char *disclosures[] = { address, inner, NULL };
  g_autoptr(JsonObject) payload = payload_with (env, digests);
  g_autofree char *in_disclosure = forge (env, payload, disclosures);
  g_autoptr(JsonObject) deep = payload_with (env, NULL);
  g_autofree char *not_array = NULL;

  REJECT_BOTH (env, in_disclosure, VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION, "already present in address");
  json_object_set_object_member (deep, "household",
    vt_json_object ("{\"members\": [{\"_sd\": \"not an array\"}]}"));
  not_array = forge (env, deep, NULL);
  REJECT_BOTH (env, not_array, VNEID_CREDENTIAL_ERROR_MALFORMED, "household.members[0]");
}
END_TEST

/* Rule 14: a status list signed by another trusted issuer than the
 * credential's is not the credential's list. */
START_TEST (test_review_status_list_of_another_issuer)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(VneidKey) other = vt_key_new ("bhyt-2026");
  g_autofree char *metadata = vt_issuer_metadata (VT_OTHER_ISSUER, other);
  g_autofree char *issued = issue_with_status (env, 36);
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (vneid_trust_store_add_metadata (env->store, metadata, &error));
  vneid_trust_store_allow_all_types (env->store, VT_OTHER_ISSUER);
  token = status_token (other, VT_OTHER_ISSUER, 37, VNEID_STATUS_INVALID, 1024);
  add_list (env, token);
  REJECT_BOTH (env, issued, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE, VT_OTHER_ISSUER);
}
END_TEST

/* Rule 14: status values other than 0 (valid) and 2 (suspended) are not
 * valid; 3 is application-specific and cannot be accepted. */
START_TEST (test_review_status_unknown_value)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *issued = issue_with_status (env, 9);
  g_autofree char *token = status_token (env->issuer, VT_ISSUER, 9, 3, 1024);

  add_list (env, token);
  REJECT_BOTH (env, issued, VNEID_CREDENTIAL_ERROR_REVOKED, "status 3");
}
END_TEST

/* Rule 14: exp exactly at now minus the leeway has passed; one second
 * later it has not. */
START_TEST (test_review_expiry_boundary)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *at = forge_times (env, VT_NOW - 86400, 0, VT_NOW - 60);
  g_autofree char *after = forge_times (env, VT_NOW - 86400, 0, VT_NOW - 59);
  g_autoptr(VneidVerifiedCredential) ok = NULL;

  REJECT_BOTH (env, at, VNEID_CREDENTIAL_ERROR_EXPIRED, "expired");
  ok = vt_verify_ok (env->verifier, after);
  ck_assert (ok != NULL);
}
END_TEST

/* Rule 4 at the verifier: a list past its exp is never used, and of two
 * lists for one URI the newest by iat wins in either order. */
static char *
status_token_at (Env   *env,
                 guint  value,
                 gint64 iat,
                 gint64 exp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (2, 64, &error);
  char *token;

  ck_assert (vneid_status_list_set (list, 5, value, &error));
  token = vneid_status_list_to_token (list, env->issuer, VT_ISSUER, VT_STATUS_URI, iat, exp, &error);
  vt_assert_no_error (error);
  return token;
}

START_TEST (test_review_status_list_choice)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *issued = issue_with_status (env, 5);
  g_autofree char *older_revoked = status_token_at (env, VNEID_STATUS_INVALID, VT_NOW - 7200, VT_NOW + 3600);
  g_autofree char *newer_valid = status_token_at (env, VNEID_STATUS_VALID, VT_NOW - 600, VT_NOW + 3600);
  g_autofree char *same_time_suspended = status_token_at (env, VNEID_STATUS_SUSPENDED, VT_NOW - 600, VT_NOW + 3600);
  g_autofree char *short_lived = status_token_at (env, VNEID_STATUS_VALID, VT_NOW - 60, VT_NOW + 100);

  /* newest wins, in either order */
  for (int order = 0; order < 2; order++)
    {
      g_autoptr(VneidVerifier) verifier = vt_verifier_new (env->store);
      g_autoptr(VneidVerifiedCredential) ok = NULL;
      g_autoptr(GError) error = NULL;

      ck_assert (vneid_verifier_add_status_list (verifier, order ? newer_valid : older_revoked, &error));
      ck_assert (vneid_verifier_add_status_list (verifier, order ? older_revoked : newer_valid, &error));
      ok = vt_verify_ok (verifier, issued);
      ck_assert (vneid_verified_credential_get_status_checked (ok));
      /* a different list of the same iat makes the URI ambiguous */
      ck_assert (vneid_verifier_add_status_list (verifier, same_time_suspended, &error));
      vt_verify_fails (verifier, issued, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE, "same time");
      ck_assert (vneid_verifier_add_status_list (verifier, short_lived, &error));
      g_clear_object (&ok);
      ok = vt_verify_ok (verifier, issued);
      /* the list outlived: never used past its exp */
      vneid_verifier_set_time (verifier, VT_NOW + 1000);
      vt_verify_fails (verifier, issued, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE, "expired");
    }
}
END_TEST

static Suite *
reject_suite (void)
{
  Suite *s = suite_create ("reject");
  TCase *tc;

  tc = tcase_create ("control");
  tcase_add_test (tc, test_control_forged_ok);
  suite_add_tcase (s, tc);

  tc = tcase_create ("signature");
  tcase_add_test (tc, test_edited_payload_flip);
  tcase_add_test (tc, test_edited_payload_claim);
  tcase_add_test (tc, test_edited_signature);
  tcase_add_test (tc, test_signature_missing);
  tcase_add_test (tc, test_signed_by_other_key_same_kid);
  tcase_add_test (tc, test_signed_by_other_key_no_kid);
  tcase_add_test (tc, test_untrusted_kid);
  tcase_add_test (tc, test_key_carrying_headers);
  tcase_add_test (tc, test_untrusted_issuer);
  tcase_add_test (tc, test_vct_not_allowed);
  tcase_add_test (tc, test_issuer_allowed_nothing);
  tcase_add_test (tc, test_key_of_another_issuer);
  suite_add_tcase (s, tc);

  tc = tcase_create ("algorithm");
  tcase_add_test (tc, test_alg_none);
  tcase_add_test (tc, test_alg_other);
  tcase_add_test (tc, test_sd_alg_other);
  tcase_add_test (tc, test_typ_wrong);
  tcase_add_test (tc, test_crit_header);
  suite_add_tcase (s, tc);

  tc = tcase_create ("disclosure");
  tcase_add_test (tc, test_edited_disclosure);
  tcase_add_test (tc, test_edited_disclosure_flip);
  tcase_add_test (tc, test_unreferenced_disclosure);
  tcase_add_test (tc, test_unreferenced_nested_without_parent);
  tcase_add_test (tc, test_duplicate_disclosure);
  tcase_add_test (tc, test_duplicate_digest_in_sd);
  tcase_add_test (tc, test_duplicate_digest_undisclosed);
  tcase_add_test (tc, test_many_decoys);
  tcase_add_test (tc, test_many_decoys_one_repeated);
  tcase_add_test (tc, test_duplicate_digest_two_places);
  tcase_add_test (tc, test_duplicate_digest_via_disclosure);
  tcase_add_test (tc, test_wrong_size_disclosure);
  tcase_add_test (tc, test_disclosure_not_array);
  tcase_add_test (tc, test_disclosure_bad_members);
  tcase_add_test (tc, test_disclosure_kind_mismatch);
  tcase_add_test (tc, test_disclosure_not_json);
  tcase_add_test (tc, test_reserved_claim_names);
  tcase_add_test (tc, test_claim_collision_plain);
  tcase_add_test (tc, test_claim_collision_two_disclosures);
  tcase_add_test (tc, test_claim_collision_nested);
  tcase_add_test (tc, test_not_disclosable);
  tcase_add_test (tc, test_reserved_names_nested_are_fine);
  suite_add_tcase (s, tc);

  tc = tcase_create ("time");
  tcase_add_test (tc, test_expired);
  tcase_add_test (tc, test_expiry_leeway);
  tcase_add_test (tc, test_not_yet_valid);
  tcase_add_test (tc, test_issued_in_future);
  suite_add_tcase (s, tc);

  tc = tcase_create ("key-binding");
  tcase_add_test (tc, test_kb_wrong_nonce);
  tcase_add_test (tc, test_kb_wrong_audience);
  tcase_add_test (tc, test_kb_wrong_holder_key);
  tcase_add_test (tc, test_kb_edited);
  tcase_add_test (tc, test_kb_missing);
  tcase_add_test (tc, test_kb_stale);
  tcase_add_test (tc, test_kb_sd_hash_mismatch);
  tcase_add_test (tc, test_kb_sd_hash_missing);
  tcase_add_test (tc, test_kb_wrong_typ);
  tcase_add_test (tc, test_kb_alg_none);
  tcase_add_test (tc, test_kb_without_cnf);
  suite_add_tcase (s, tc);

  tc = tcase_create ("status");
  tcase_add_test (tc, test_status_revoked);
  tcase_add_test (tc, test_status_suspended);
  tcase_add_test (tc, test_status_valid);
  tcase_add_test (tc, test_status_unavailable);
  tcase_add_test (tc, test_status_index_fraction);
  tcase_add_test (tc, test_status_index_outside_list);
  tcase_add_test (tc, test_status_list_untrusted);
  suite_add_tcase (s, tc);

  tc = tcase_create ("malformed");
  tcase_set_timeout (tc, 100);
  tcase_add_test (tc, test_empty_and_no_tilde);
  tcase_add_test (tc, test_jws_shape);
  tcase_add_test (tc, test_non_base64);
  tcase_add_test (tc, test_padding);
  tcase_add_test (tc, test_empty_disclosure);
  tcase_add_test (tc, test_payload_shape);
  tcase_add_test (tc, test_truncated);
  suite_add_tcase (s, tc);

  tc = tcase_create ("review");
  tcase_add_test (tc, test_review_subclaims_in_the_clear);
  tcase_add_test (tc, test_review_builder_subclaims);
  tcase_add_test (tc, test_review_kb_times);
  tcase_add_test (tc, test_review_private_holder_key);
  tcase_add_test (tc, test_review_sd_alg_disclosed);
  tcase_add_test (tc, test_review_metadata_refused);
  tcase_add_test (tc, test_review_metadata_tolerated);
  tcase_add_test (tc, test_review_shared_kid);
  tcase_add_test (tc, test_review_cnf_unusable);
  tcase_add_test (tc, test_review_typ_spellings);
  tcase_add_test (tc, test_review_non_finite_numbers);
  tcase_add_test (tc, test_review_key_bound_only_when_checked);
  tcase_add_test (tc, test_review_errors_name_the_path);
  tcase_add_test (tc, test_review_status_list_of_another_issuer);
  tcase_add_test (tc, test_review_status_unknown_value);
  tcase_add_test (tc, test_review_expiry_boundary);
  tcase_add_test (tc, test_review_status_list_choice);
  suite_add_tcase (s, tc);

  tc = tcase_create ("limits");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_size_limit);
  tcase_add_test (tc, test_garbage_size_limit);
  tcase_add_test (tc, test_disclosure_count_limit);
  tcase_add_test (tc, test_nesting_limit_payload);
  tcase_add_test (tc, test_nesting_limit_disclosure);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (reject_suite ());
}
