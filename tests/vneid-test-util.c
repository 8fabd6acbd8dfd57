/* vneid-test-util.c: fixtures and helpers shared by the Check suites
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "vneid-test-util.h"

/* ---- claims ------------------------------------------------------------ */

static const char pid_claims_json[] =
  "{"
  "\"personal_administrative_number\": \"001090012345\","
  "\"name\": \"Nguyễn Văn An\","
  "\"family_name\": \"Nguyễn\","
  "\"middle_name\": \"Văn\","
  "\"given_name\": \"An\","
  "\"birthdate\": \"1990-05-17\","
  "\"sex\": 1,"
  "\"nationalities\": [\"VN\"],"
  "\"ethnicity\": \"Kinh\","
  "\"place_of_birth\": {\"locality\": \"Phường Ba Đình\", \"region\": \"Thành phố Hà Nội\", \"country\": \"VN\"},"
  "\"place_of_origin\": \"Xã Kim Liên, Tỉnh Nghệ An\","
  "\"address\": {"
    "\"formatted\": \"Số 12 phố Hàng Bông, Phường Hoàn Kiếm, Thành phố Hà Nội\","
    "\"street_address\": \"Số 12 phố Hàng Bông\","
    "\"locality\": \"Phường Hoàn Kiếm\","
    "\"region\": \"Thành phố Hà Nội\","
    "\"country\": \"VN\"},"
  "\"current_address\": {"
    "\"formatted\": \"Số 5 đường Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh\","
    "\"street_address\": \"Số 5 đường Lê Lợi\","
    "\"locality\": \"Phường Bến Thành\","
    "\"region\": \"Thành phố Hồ Chí Minh\","
    "\"country\": \"VN\"},"
  "\"household\": {"
    "\"head_name\": \"Nguyễn Văn Bình\","
    "\"head_personal_administrative_number\": \"001060001234\","
    "\"relationship_to_head\": \"Con đẻ\"},"
  "\"vneid_level\": 2"
  "}";

static const char *const pid_disclosable_paths[] = {
  "personal_administrative_number",
  "name",
  "family_name",
  "middle_name",
  "given_name",
  "birthdate",
  "sex",
  "nationalities[0]",
  "ethnicity",
  "place_of_birth",
  "place_of_origin",
  "address",
  "address.formatted",
  "address.street_address",
  "address.locality",
  "address.region",
  "current_address",
  "household",
  "household.head_name",
  "household.head_personal_administrative_number",
  "household.relationship_to_head",
  NULL
};

const char *
vt_pid_claims_json (void)
{
  return pid_claims_json;
}

JsonObject *
vt_pid_claims (void)
{
  return vt_json_object (pid_claims_json);
}

const char *const *
vt_pid_disclosable_paths (void)
{
  return pid_disclosable_paths;
}

guint
vt_pid_disclosable_count (void)
{
  return g_strv_length ((char **) pid_disclosable_paths);
}

/* ---- JSON --------------------------------------------------------------- */

JsonNode *
vt_json_node (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error),
                 "test fixture JSON does not parse: %s\n%s",
                 error ? error->message : "?", text);
  return json_parser_steal_root (parser);
}

JsonObject *
vt_json_object (const char *text)
{
  g_autoptr(JsonNode) node = vt_json_node (text);

  ck_assert_msg (JSON_NODE_HOLDS_OBJECT (node), "test fixture JSON is not an object: %s", text);
  return json_object_ref (json_node_get_object (node));
}

char *
vt_json_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

JsonObject *
vt_object_copy (JsonObject *object)
{
  g_autofree char *text = vt_json_text (object);

  return vt_json_object (text);
}

/* ---- keys, trust, verifier -------------------------------------------- */

VneidKey *
vt_key_new (const char *kid)
{
  g_autoptr(GError) error = NULL;
  VneidKey *key = vneid_key_generate (kid, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (key);
  return key;
}

VneidKey *
vt_rfc8037_key (void)
{
  g_autoptr(GError) error = NULL;
  VneidKey *key = vneid_key_new_from_jwk (
      "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
      "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
      "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}", &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (key);
  return key;
}

char *
vt_issuer_metadata (const char *issuer,
                    VneidKey   *key)
{
  g_autofree char *jwk = vneid_key_to_jwk (key, FALSE);

  return g_strdup_printf ("{\"issuer\":\"%s\",\"jwks\":{\"keys\":[%s]}}", issuer, jwk);
}

VneidTrustStore *
vt_trust_store_new (VneidKey   *issuer_key,
                    const char *issuer,
                    const char *vct)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *metadata = vt_issuer_metadata (issuer, issuer_key);
  VneidTrustStore *store = vneid_trust_store_new ();

  ck_assert_msg (vneid_trust_store_add_metadata (store, metadata, &error),
                 "fixture: add_metadata failed: %s", error ? error->message : "(no error)");
  if (vct != NULL)
    vneid_trust_store_allow (store, vct, issuer);
  else
    vneid_trust_store_allow_all_types (store, issuer);
  return store;
}

VneidVerifier *
vt_verifier_new (VneidTrustStore *store)
{
  VneidVerifier *verifier = vneid_verifier_new (store);

  vneid_verifier_set_time (verifier, VT_NOW);
  return verifier;
}

VneidCredentialBuilder *
vt_pid_builder (VneidKey *holder_key)
{
  g_autoptr(JsonObject) claims = vt_pid_claims ();
  VneidCredentialBuilder *builder = vneid_credential_builder_new (VT_VCT_PID, claims);

  for (const char *const *p = pid_disclosable_paths; *p != NULL; p++)
    vneid_credential_builder_add_disclosable (builder, *p);
  vneid_credential_builder_set_max_decoys (builder, 0);
  vneid_credential_builder_set_issued_at (builder, VT_IAT);
  vneid_credential_builder_set_expires_at (builder, VT_EXP);
  if (holder_key != NULL)
    vneid_credential_builder_set_holder_key (builder, holder_key);
  return builder;
}

char *
vt_issue_pid (VneidKey *issuer_key,
              VneidKey *holder_key)
{
  g_autoptr(VneidCredentialBuilder) builder = vt_pid_builder (holder_key);
  g_autoptr(GError) error = NULL;
  char *compact = vneid_credential_builder_build (builder, issuer_key, VT_ISSUER, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (compact);
  return compact;
}

VneidCredential *
vt_credential_new (const char *compact)
{
  g_autoptr(GError) error = NULL;
  VneidCredential *credential = vneid_credential_new (compact, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (credential);
  return credential;
}

char *
vt_present (VneidCredential    *credential,
            const char * const *paths,
            VneidKey           *holder_key,
            const char         *nonce,
            const char         *audience,
            gint64              iat)
{
  g_autoptr(GError) error = NULL;
  char *presentation = vneid_credential_present (credential, paths, holder_key, nonce,
                                                 audience, iat, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (presentation);
  return presentation;
}

/* ---- the demo citizens ------------------------------------------------ */

#define DEMO_POP_ISSUER "https://id.vneid.example"
#define DEMO_VSS_ISSUER "https://bhyt.baohiemxahoi.example"

static const struct {
  const char *kind, *vct, *issuer, *key_file;
} demo_kinds[] = {
  { "pid", "urn:vn:vneid:pid:1", DEMO_POP_ISSUER, "population-db.jwk" },
  { "cccd", "urn:vn:vneid:cccd:1", DEMO_POP_ISSUER, "population-db.jwk" },
  { "contact", "urn:vn:vneid:contact:1", DEMO_POP_ISSUER, "population-db.jwk" },
  { "bhyt", "urn:vn:bhyt:card:1", DEMO_VSS_ISSUER, "vss-bhyt.jwk" },
};

char *
vt_examples_path (const char *first,
                  ...)
{
  const char *root = g_getenv ("VNEID_EXAMPLES_DATA");
  g_autofree char *rest = NULL;
  va_list args;

  ck_assert_msg (root != NULL && root[0] != '\0', "VNEID_EXAMPLES_DATA is not set");
  va_start (args, first);
  rest = g_build_filename_valist (first, &args);
  va_end (args);
  return g_build_filename (root, rest, NULL);
}

VneidKey *
vt_load_key (const char *path)
{
  g_autoptr(GError) error = NULL;
  VneidKey *key = vneid_key_new_from_file (path, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (key);
  return key;
}

VneidVerifier *
vt_demo_verifier_new (void)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autofree char *pop = vt_examples_path ("population-db.metadata.json", NULL);
  g_autofree char *vss = vt_examples_path ("vss-bhyt.metadata.json", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (vneid_trust_store_add_metadata_file (store, pop, &error));
  vt_assert_no_error (error);
  ck_assert (vneid_trust_store_add_metadata_file (store, vss, &error));
  vt_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (demo_kinds); i++)
    vneid_trust_store_allow (store, demo_kinds[i].vct, demo_kinds[i].issuer);
  return vt_verifier_new (store);
}

VneidCredential *
vt_citizen_issue (const char *slug,
                  const char *kind)
{
  return vt_citizen_issue_with_status (slug, kind, -1);
}

VneidCredential *
vt_citizen_issue_with_status (const char *slug,
                              const char *kind,
                              int         status_index)
{
  gsize k;
  g_autofree char *file = g_strconcat (kind, ".json", NULL);
  g_autofree char *claims_path = vt_examples_path ("citizens", slug, file, NULL);
  g_autofree char *wallet_path = vt_examples_path ("citizens", slug, "wallet.jwk", NULL);
  g_autofree char *issuer_key_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *issued = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(VneidKey) holder = NULL;
  g_autoptr(VneidKey) issuer_key = NULL;
  g_autoptr(VneidCredentialBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  for (k = 0; k < G_N_ELEMENTS (demo_kinds); k++)
    if (strcmp (demo_kinds[k].kind, kind) == 0)
      break;
  ck_assert_msg (k < G_N_ELEMENTS (demo_kinds), "no credential kind %s", kind);

  ck_assert_msg (g_file_get_contents (claims_path, &text, NULL, &error), "%s: %s", claims_path,
                 error ? error->message : "?");
  claims = vt_json_object (text);
  holder = vt_load_key (wallet_path);
  issuer_key_path = vt_examples_path ("keys", demo_kinds[k].key_file, NULL);
  issuer_key = vt_load_key (issuer_key_path);

  builder = vneid_credential_builder_new (demo_kinds[k].vct, claims);
  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_max_decoys (builder, 0);
  vneid_credential_builder_set_issued_at (builder, VT_IAT);
  vneid_credential_builder_set_expires_at (builder, VT_EXP);
  vneid_credential_builder_set_holder_key (builder, holder);
  if (status_index >= 0)
    vneid_credential_builder_set_status (builder, VT_STATUS_URI, status_index);
  issued = vneid_credential_builder_build (builder, issuer_key, demo_kinds[k].issuer, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (issued);
  return vt_credential_new (issued);
}

VneidVerifiedCredential *
vt_citizen_credential (const char         *slug,
                       const char         *kind,
                       const char * const *paths)
{
  g_autoptr(VneidCredential) credential = vt_citizen_issue (slug, kind);
  g_autofree char *presentation = NULL;
  g_autoptr(VneidVerifier) verifier = NULL;
  g_auto(GStrv) all = NULL;

  if (paths == NULL)
    {
      all = vneid_credential_get_disclosable_paths (credential);
      paths = (const char * const *) all;
    }
  presentation = vt_present (credential, paths, NULL, NULL, NULL, VT_NOW);
  verifier = vt_demo_verifier_new ();
  return vt_verify_ok (verifier, presentation);
}

VneidProfile *
vt_citizen_profile (const char *slug,
                    const char *kinds)
{
  g_auto(GStrv) names = g_strsplit (kinds, " ", -1);
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  VneidProfile *profile;

  for (char **n = names; *n != NULL; n++)
    if (**n != '\0')
      g_ptr_array_add (credentials, vt_citizen_credential (slug, *n, NULL));
  profile = vneid_profile_new ((VneidVerifiedCredential * const *) credentials->pdata,
                               credentials->len, &error);
  vt_assert_no_error (error);
  ck_assert_msg (profile != NULL, "no profile for %s (%s)", slug, kinds);
  return profile;
}

/* ---- forging ---------------------------------------------------------- */

char *
vt_b64 (const char *text)
{
  return vneid_b64url_encode ((const guint8 *) text, strlen (text));
}

char *
vt_disclosure (const char *salt,
               const char *name,
               const char *value_json)
{
  g_autofree char *json = NULL;

  if (name != NULL)
    json = g_strdup_printf ("[\"%s\", \"%s\", %s]", salt, name, value_json);
  else
    json = g_strdup_printf ("[\"%s\", %s]", salt, value_json);
  return vt_b64 (json);
}

char *
vt_digest (const char *disclosure)
{
  char out[VNEID_DIGEST_B64_LEN + 1];

  vneid_sha256_b64url (disclosure, strlen (disclosure), out);
  return g_strdup (out);
}

char *
vt_forge_jws (const char *header_json,
              const char *payload_json,
              VneidKey   *key)
{
  g_autofree char *header_b64 = vt_b64 (header_json);
  g_autofree char *payload_b64 = vt_b64 (payload_json);
  g_autofree char *input = g_strconcat (header_b64, ".", payload_b64, NULL);
  g_autofree char *sig_b64 = NULL;

  if (key != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) sig = vneid_key_sign (key, (const guint8 *) input, strlen (input), &error);
      gsize len;
      const guint8 *data;

      vt_assert_no_error (error);
      ck_assert_ptr_nonnull (sig);
      data = g_bytes_get_data (sig, &len);
      sig_b64 = vneid_b64url_encode (data, len);
    }
  else
    sig_b64 = g_strdup ("");
  return g_strconcat (input, ".", sig_b64, NULL);
}

char *
vt_join (const char         *jwt,
         const char * const *disclosures,
         const char         *kb)
{
  GString *out = g_string_new (jwt);

  g_string_append_c (out, '~');
  for (const char *const *d = disclosures; d != NULL && *d != NULL; d++)
    {
      g_string_append (out, *d);
      g_string_append_c (out, '~');
    }
  if (kb != NULL)
    g_string_append (out, kb);
  return g_string_free (out, FALSE);
}

char *
vt_forge (const char         *header_json,
          JsonObject         *payload,
          VneidKey           *issuer_key,
          const char * const *disclosures,
          const char         *kb)
{
  g_autofree char *jwt = NULL;

  if (header_json == NULL)
    {
      g_autoptr(GError) error = NULL;

      jwt = vneid_jws_sign ("dc+sd-jwt", payload, issuer_key, &error);
      vt_assert_no_error (error);
      ck_assert_ptr_nonnull (jwt);
    }
  else
    {
      g_autofree char *payload_json = vt_json_text (payload);

      jwt = vt_forge_jws (header_json, payload_json, issuer_key);
    }
  return vt_join (jwt, disclosures, kb);
}

char *
vt_forge_kb (const char *sd_jwt,
             VneidKey   *holder_key,
             const char *header_json,
             const char *typ,
             const char *nonce,
             const char *aud,
             gint64      iat,
             const char *sd_hash)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *computed = NULL;
  g_autofree char *header = NULL;
  g_autofree char *payload_json = NULL;

  ck_assert_msg (g_str_has_suffix (sd_jwt, "~"), "vt_forge_kb: SD-JWT must end in '~'");
  if (sd_hash == NULL)
    sd_hash = computed = vt_digest (sd_jwt);

  json_object_set_int_member (payload, "iat", iat);
  if (aud != NULL)
    json_object_set_string_member (payload, "aud", aud);
  if (nonce != NULL)
    json_object_set_string_member (payload, "nonce", nonce);
  json_object_set_string_member (payload, "sd_hash", sd_hash);

  header = header_json != NULL
    ? g_strdup (header_json)
    : g_strdup_printf ("{\"alg\":\"EdDSA\",\"typ\":\"%s\"}", typ ? typ : "kb+jwt");
  payload_json = vt_json_text (payload);
  return vt_forge_jws (header, payload_json, holder_key);
}

JsonObject *
vt_payload_new (const char         *issuer,
                const char         *vct,
                VneidKey           *holder_key,
                const char * const *digests)
{
  JsonObject *payload = json_object_new ();

  if (digests != NULL)
    {
      JsonArray *sd = json_array_new ();

      for (const char *const *d = digests; *d != NULL; d++)
        json_array_add_string_element (sd, *d);
      json_object_set_array_member (payload, "_sd", sd);
    }
  json_object_set_string_member (payload, "iss", issuer);
  json_object_set_string_member (payload, "vct", vct);
  json_object_set_int_member (payload, "iat", VT_IAT);
  json_object_set_int_member (payload, "exp", VT_EXP);
  json_object_set_string_member (payload, "_sd_alg", "sha-256");
  if (holder_key != NULL)
    {
      JsonObject *cnf = json_object_new ();

      json_object_set_object_member (cnf, "jwk", vneid_key_to_jwk_object (holder_key, FALSE));
      json_object_set_object_member (payload, "cnf", cnf);
    }
  return payload;
}

/* ---- inspecting tokens ------------------------------------------------ */

char **
vt_split (const char *compact)
{
  return g_strsplit (compact, "~", -1);
}

static JsonObject *
decode_jwt_part (const char *compact,
                 guint       part)
{
  g_auto(GStrv) tilde = vt_split (compact);
  g_auto(GStrv) dots = g_strsplit (tilde[0], ".", -1);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *json = NULL;
  gsize len = 0;

  ck_assert_uint_eq (g_strv_length (dots), 3);
  json = vneid_b64url_decode (dots[part], strlen (dots[part]), &len, "test JWT part", &error);
  vt_assert_no_error (error);
  return vt_json_object ((const char *) json);
}

JsonObject *
vt_jwt_header (const char *compact)
{
  return decode_jwt_part (compact, 0);
}

JsonObject *
vt_jwt_payload (const char *compact)
{
  return decode_jwt_part (compact, 1);
}

JsonArray *
vt_disclosure_decode (const char *disclosure)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize len = 0;

  json = vneid_b64url_decode (disclosure, strlen (disclosure), &len, "test disclosure", &error);
  vt_assert_no_error (error);
  node = vt_json_node ((const char *) json);
  ck_assert_msg (JSON_NODE_HOLDS_ARRAY (node), "disclosure is not a JSON array: %s", json);
  return json_array_ref (json_node_get_array (node));
}

gboolean
vt_json_has_member_anywhere (JsonNode   *node,
                             const char *name)
{
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      if (json_object_has_member (object, name))
        return TRUE;
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &member, &child))
        if (vt_json_has_member_anywhere (child, name))
          return TRUE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (vt_json_has_member_anywhere (json_array_get_element (array, i), name))
          return TRUE;
    }
  return FALSE;
}

char *
vt_replace_char (const char *compact,
                 gsize       pos,
                 char        c)
{
  char *copy = g_strdup (compact);

  ck_assert_uint_lt (pos, strlen (copy));
  copy[pos] = c;
  return copy;
}

/* ---- assertions ------------------------------------------------------- */

static gboolean
message_names_reason (const char *message,
                      const char *reason)
{
  g_autofree char *folded = g_utf8_strdown (message, -1);
  g_auto(GStrv) alternatives = g_strsplit (reason, "|", -1);

  for (char **alt = alternatives; *alt != NULL; alt++)
    {
      g_autofree char *needle = g_utf8_strdown (*alt, -1);

      if (strstr (folded, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

void
vt_assert_error_at (const char   *file,
                    int           line,
                    const GError *error,
                    GQuark        domain,
                    int           code,
                    const char   *code_name,
                    const char   *reason)
{
  ck_assert_msg (error != NULL,
                 "%s:%d: expected error %s (%s), but the call succeeded",
                 file, line, code_name, reason);
  ck_assert_msg (error->domain == domain && error->code == code,
                 "%s:%d: expected %s %s (%d), got %s code %d: %s",
                 file, line, g_quark_to_string (domain), code_name, code,
                 g_quark_to_string (error->domain), error->code, error->message);
  ck_assert_msg (reason == NULL || message_names_reason (error->message, reason),
                 "%s:%d: %s message does not name the reason (any of “%s”): %s",
                 file, line, code_name, reason, error->message);
}

void
vt_assert_no_error_at (const char   *file,
                       int           line,
                       const GError *error)
{
  ck_assert_msg (error == NULL, "%s:%d: unexpected error %s %d: %s", file, line,
                 error ? g_quark_to_string (error->domain) : "",
                 error ? error->code : 0, error ? error->message : "");
}

void
vt_assert_json_equal_at (const char *file,
                         int         line,
                         JsonObject *actual,
                         const char *expected_json)
{
  g_autoptr(JsonNode) expected = vt_json_node (expected_json);
  g_autoptr(JsonNode) actual_node = NULL;
  g_autofree char *actual_text = NULL;
  g_autofree char *expected_text = NULL;

  ck_assert_msg (actual != NULL, "%s:%d: JSON object is NULL", file, line);
  actual_node = json_node_init_object (json_node_alloc (), actual);
  if (json_node_equal (actual_node, expected))
    return;
  actual_text = json_to_string (actual_node, TRUE);
  expected_text = json_to_string (expected, TRUE);
  ck_abort_msg ("%s:%d: JSON differs\nactual:\n%s\nexpected:\n%s",
                file, line, actual_text, expected_text);
}

void
vt_assert_no_sd_artifacts_at (const char *file,
                              int         line,
                              JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  static const char *const names[] = { "_sd", "_sd_alg", "..." };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (vt_json_has_member_anywhere (node, names[i]))
      {
        g_autofree char *text = json_to_string (node, TRUE);
        ck_abort_msg ("%s:%d: processed JSON still holds “%s”:\n%s", file, line, names[i], text);
      }
}

VneidVerifiedCredential *
vt_verify_ok_at (const char    *file,
                 int            line,
                 VneidVerifier *verifier,
                 const char    *presentation,
                 const char    *nonce,
                 const char    *audience,
                 gboolean       with_nonce)
{
  g_autoptr(GError) error = NULL;
  VneidVerifiedCredential *verified;

  verified = with_nonce
    ? vneid_verifier_verify_with_nonce (verifier, presentation, nonce, audience, &error)
    : vneid_verifier_verify (verifier, presentation, &error);
  vt_assert_no_error_at (file, line, error);
  ck_assert_msg (verified != NULL, "%s:%d: verify returned NULL without an error", file, line);
  return verified;
}

void
vt_verify_fails_at (const char    *file,
                    int            line,
                    VneidVerifier *verifier,
                    const char    *presentation,
                    const char    *nonce,
                    const char    *audience,
                    gboolean       with_nonce,
                    int            code,
                    const char    *code_name,
                    const char    *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  verified = with_nonce
    ? vneid_verifier_verify_with_nonce (verifier, presentation, nonce, audience, &error)
    : vneid_verifier_verify (verifier, presentation, &error);
  ck_assert_msg (verified == NULL || error == NULL,
                 "%s:%d: verify returned both a result and an error", file, line);
  if (verified != NULL)
    {
      g_autofree char *json = vneid_verified_credential_to_json (verified, TRUE);
      ck_abort_msg ("%s:%d: expected %s (%s), but verification succeeded:\n%s",
                    file, line, code_name, reason, json);
    }
  vt_assert_error_at (file, line, error, VNEID_CREDENTIAL_ERROR, code, code_name, reason);
}

gint64
vt_cpu_time_usec (void)
{
  struct timespec now;

  ck_assert_int_eq (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now), 0);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static int
run_suite (Suite   *suite,
           gboolean fork_each_case)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  if (!fork_each_case)
    srunner_set_fork_status (runner, CK_NOFORK);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  printf ("# %d passed, %d failed\n", srunner_ntests_run (runner) - failed, failed);
  srunner_free (runner);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int
vt_run_suite (Suite *suite)
{
  /* CK_FORK=yes (or no) in the environment still decides. */
  return run_suite (suite, g_getenv ("CK_FORK") != NULL);
}

int
vt_run_suite_forked (Suite *suite)
{
  return run_suite (suite, TRUE);
}
