/* test-openid4vp.c: DCQL, verifier attestations, requests, the wallet and the portal's checks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-test-util.h"

#define AUTHORITY     "https://dangky.vneid.example"
#define CLIENT        "verifier_attestation:dichvucong.example"
#define RESPONSE_URI  "https://dichvucong.example/openid4vp/response"

/* ---- DCQL: parse and validate ------------------------------------------- */

#define SD "\"format\": \"dc+sd-jwt\", \"meta\": {\"vct_values\": [\"urn:vn:vneid:pid:1\"]}"

static const struct {
  const char *json;
  const char *where;   /* what the message must name */
} bad_queries[] = {
  { "[]", "(top)" },
  { "{}", "“credentials” is missing" },
  { "{\"credentials\": []}", "must not be empty" },
  { "{\"credentials\": [{" SD "}]}", "credentials[0]: “id” is missing" },
  { "{\"credentials\": [{\"id\": \"a b\", " SD "}]}", "credentials[0]: “id” “a b”" },
  { "{\"credentials\": [{\"id\": \"\", " SD "}]}", "credentials[0]: “id”" },
  { "{\"credentials\": [{\"id\": 7, " SD "}]}", "must be a string" },
  { "{\"credentials\": [{\"id\": \"a\", " SD "}, {\"id\": \"a\", " SD "}]}", "credentials[1]: credential query id “a” is used twice" },
  { "{\"credentials\": [{\"id\": \"a\", \"meta\": {}}]}", "credentials[0]: “format”" },
  { "{\"credentials\": [{\"id\": \"a\", \"format\": \"dc+sd-jwt\"}]}", "credentials[0]: “meta” is missing" },
  { "{\"credentials\": [{\"id\": \"a\", \"format\": \"dc+sd-jwt\", \"meta\": []}]}", "“meta” must be an object" },
  { "{\"credentials\": [{\"id\": \"a\", \"format\": \"dc+sd-jwt\", \"meta\": {}}]}", "credentials[0].meta: “vct_values” is missing" },
  { "{\"credentials\": [{\"id\": \"a\", \"format\": \"dc+sd-jwt\", \"meta\": {\"vct_values\": []}}]}", "“vct_values” must not be empty" },
  { "{\"credentials\": [{\"id\": \"a\", \"format\": \"dc+sd-jwt\", \"meta\": {\"vct_values\": [1]}}]}", "vct_values[0]" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"multiple\": \"yes\"}]}", "“multiple” must be a boolean" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"require_cryptographic_holder_binding\": 1}]}", "“require_cryptographic_holder_binding” must be a boolean" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": []}]}", "“claims” must not be empty" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": []}]}]}", "claims[0]: “path” must not be empty" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [\"x\", -1]}]}]}", "claims[0].path[1]: an array index must not be negative" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [1.5]}]}]}", "claims[0].path[0]" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [{}]}]}]}", "claims[0].path[0]" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [null]}]}]}", "must start with a claim name" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [\"x\"]}, {\"path\": [\"x\"]}]}]}", "claims[1]: asks for the claim “x” a second time" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"id\": \"c\", \"path\": [\"x\"]}, {\"id\": \"c\", \"path\": [\"y\"]}]}]}", "claim id “c” is used twice" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"id\": \"c!\", \"path\": [\"x\"]}]}]}", "claims[0]: “id”" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [\"x\"], \"values\": []}]}]}", "“values” must not be empty" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [\"x\"], \"values\": [{}]}]}]}", "claims[0].values[0]" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claim_sets\": [[\"c\"]]}]}", "“claim_sets” without “claims”" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"path\": [\"x\"]}], \"claim_sets\": [[\"c\"]]}]}", "claims[0]: “id” is missing" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"id\": \"c\", \"path\": [\"x\"]}], \"claim_sets\": [[\"d\"]]}]}", "claim_sets[0]: names “d”, which is no claim id" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"id\": \"c\", \"path\": [\"x\"]}], \"claim_sets\": [[]]}]}", "claim_sets[0]: must not be empty" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"claims\": [{\"id\": \"c\", \"path\": [\"x\"]}], \"claim_sets\": [\"c\"]}]}", "claim_sets[0]: must be an array" },
  { "{\"credentials\": [{\"id\": \"a\", " SD ", \"trusted_authorities\": [{\"type\": \"aki\"}]}]}", "trusted_authorities[0]: “values” is missing" },
  { "{\"credentials\": [{\"id\": \"a\", " SD "}], \"credential_sets\": []}", "“credential_sets” must not be empty" },
  { "{\"credentials\": [{\"id\": \"a\", " SD "}], \"credential_sets\": [{}]}", "credential_sets[0]: “options” is missing" },
  { "{\"credentials\": [{\"id\": \"a\", " SD "}], \"credential_sets\": [{\"options\": [[\"b\"]]}]}", "credential_sets[0].options[0]: names “b”, which is no credential query id" },
  { "{\"credentials\": [{\"id\": \"a\", " SD "}], \"credential_sets\": [{\"options\": [[]]}]}", "options[0]: must not be empty" },
  { "{\"credentials\": [{\"id\": \"a\", " SD "}], \"credential_sets\": [{\"options\": [[\"a\"]], \"required\": \"no\"}]}", "“required” must be a boolean" },
};

START_TEST (test_dcql_rejects)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDcqlQuery) query = vneid_dcql_query_new_from_json (bad_queries[_i].json, &error);

  ck_assert_ptr_null (query);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_QUERY, bad_queries[_i].where);
}
END_TEST

START_TEST (test_dcql_not_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDcqlQuery) query = vneid_dcql_query_new_from_json ("{\"credentials\": [", &error);

  ck_assert_ptr_null (query);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_QUERY, NULL);
}
END_TEST

/* The example of OpenID4VP 1.0 section 6.4 (shortened), with unknown
 * members that must be ignored. */
START_TEST (test_dcql_valid)
{
  const char *json =
    "{\"credentials\": [{\"id\": \"pid\", \"format\": \"dc+sd-jwt\", \"meta\": {\"vct_values\": [\"urn:vn:vneid:pid:1\"]},"
    "  \"claims\": [{\"id\": \"a\", \"path\": [\"address\", \"region\"]}, {\"id\": \"n\", \"path\": [\"nationalities\", null]},"
    "              {\"id\": \"s\", \"path\": [\"sex\"], \"values\": [1, 2]}],"
    "  \"claim_sets\": [[\"a\", \"n\"], [\"s\"]], \"multiple\": false, \"future\": {}},"
    " {\"id\": \"other\", \"format\": \"mso_mdoc\", \"meta\": {\"doctype_value\": \"org.iso.18013.5.1.mDL\"}}],"
    " \"credential_sets\": [{\"options\": [[\"pid\"], [\"other\"]], \"required\": true}], \"later\": 1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDcqlQuery) query = vneid_dcql_query_new_from_json (json, &error);
  g_autoptr(VneidDcqlQuery) again = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *text = NULL;

  vt_assert_no_error (error);
  ids = vneid_dcql_query_list_credential_ids (query);
  ck_assert_uint_eq (g_strv_length (ids), 2);
  ck_assert_str_eq (ids[1], "other");
  paths = vneid_dcql_query_list_claim_paths (query);
  ck_assert_uint_eq (g_strv_length (paths), 3);
  ck_assert_str_eq (paths[0], "address.region");
  ck_assert_str_eq (paths[1], "nationalities");
  text = vneid_dcql_query_to_json (query, FALSE);
  again = vneid_dcql_query_new_from_json (text, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (again);
  ck_assert_ptr_nonnull (strstr (text, "\"later\""));
}
END_TEST

/* ---- DCQL from forms ------------------------------------------------------ */

static VneidPluginRegistry *
bundled_registry (void)
{
  VneidPluginRegistry *registry = vneid_plugin_registry_new ();
  g_auto(GStrv) forms = NULL;

  vneid_plugin_registry_load_default (registry);
  forms = vneid_plugin_registry_list_forms (registry);
  ck_assert_msg (g_strv_contains ((const char *const *) forms, "vn.bca.ct01"), "bundled plugins not found");
  return registry;
}

static JsonObject *
query_json (VneidDcqlQuery *query)
{
  g_autoptr(JsonNode) node = vneid_dcql_query_to_json_node (query);

  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
credential_query (JsonObject *query,
                  const char *id)
{
  JsonArray *credentials = json_object_get_array_member (query, "credentials");

  for (guint i = 0; i < json_array_get_length (credentials); i++)
    {
      JsonObject *credential = json_array_get_object_element (credentials, i);

      if (strcmp (json_object_get_string_member (credential, "id"), id) == 0)
        return credential;
    }
  return NULL;
}

/* Each bundled form: a valid query that asks for the mapper's paths only,
 * every claim from a type that carries it. */
START_TEST (test_dcql_each_form)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_auto(GStrv) forms = vneid_plugin_registry_list_forms (registry);

  for (char **form = forms; *form != NULL; form++)
    {
      const char *ids[] = { *form, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidDcqlQuery) query = vneid_dcql_query_new_for_forms (registry, ids, &error);
      g_autoptr(VneidDcqlQuery) reparsed = NULL;
      g_auto(GStrv) reads = vneid_form_mapper_list_profile_paths (vneid_plugin_registry_lookup (registry, *form));
      g_auto(GStrv) asked = NULL;
      g_autofree char *text = NULL;

      vt_assert_no_error (error);
      ck_assert_uint_gt (g_strv_length (reads), 0);
      asked = vneid_dcql_query_list_claim_paths (query);
      for (char **a = asked; *a != NULL; a++)
        ck_assert_msg (g_strv_contains ((const char *const *) reads, *a), "%s: asks for %s, which it does not read",
                       *form, *a);
      for (char **r = reads; *r != NULL; r++)
        ck_assert_msg (g_strv_contains ((const char *const *) asked, *r), "%s: reads %s, not asked", *form, *r);
      text = vneid_dcql_query_to_json (query, FALSE);
      reparsed = vneid_dcql_query_new_from_json (text, &error);
      vt_assert_no_error (error);
    }
}
END_TEST

START_TEST (test_dcql_levels)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  const char *ct01[] = { "vn.bca.ct01", NULL };
  const char *bank[] = { "vn.sbv.bank-account", NULL };
  const char *bhyt[] = { "vn.bhxh.bhyt-checkin", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDcqlQuery) q1 = vneid_dcql_query_new_for_forms (registry, ct01, &error);
  g_autoptr(VneidDcqlQuery) q2 = vneid_dcql_query_new_for_forms (registry, bank, &error);
  g_autoptr(VneidDcqlQuery) q3 = vneid_dcql_query_new_for_forms (registry, bhyt, &error);
  g_autoptr(JsonObject) j1 = query_json (q1);
  g_autoptr(JsonObject) j2 = query_json (q2);
  g_autoptr(JsonObject) j3 = query_json (q3);
  g_autofree char *t1 = vneid_dcql_query_to_json (q1, FALSE);
  g_autofree char *t2 = vneid_dcql_query_to_json (q2, FALSE);
  g_autofree char *t3 = vneid_dcql_query_to_json (q3, FALSE);

  vt_assert_no_error (error);
  /* level 1: the PID required, the contact optional; no e-CCCD */
  ck_assert_ptr_nonnull (credential_query (j1, "pid"));
  ck_assert_ptr_nonnull (credential_query (j1, "contact"));
  ck_assert_ptr_null (credential_query (j1, "cccd"));
  ck_assert_ptr_nonnull (strstr (t1, "{\"options\":[[\"pid\"]]}"));
  ck_assert_ptr_nonnull (strstr (t1, "{\"options\":[[\"contact\"]],\"required\":false}"));
  /* level 2: the e-CCCD required, and the card's data from it; addresses
   * from the PID */
  ck_assert_ptr_nonnull (strstr (t2, "{\"options\":[[\"cccd\"]]}"));
  ck_assert_ptr_nonnull (strstr (t2, "\"id\":\"cccd\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"urn:vn:vneid:cccd:1\"]},\"claims\":[{\"id\":\"name\""));
  ck_assert_ptr_nonnull (strstr (t2, "{\"id\":\"current_address\",\"path\":[\"current_address\"]}"));
  /* the BHYT card for the check-in form, the PID for the level */
  ck_assert_ptr_nonnull (credential_query (j3, "bhyt"));
  ck_assert_ptr_nonnull (credential_query (j3, "pid"));
  ck_assert_ptr_nonnull (strstr (t3, "\"id\":\"bhyt\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"urn:vn:bhyt:card:1\"]},\"claims\":[{\"id\":\"bhyt_number\""));
  /* the name as a profile keeps it: the PID's before the card's */
  ck_assert_ptr_nonnull (strstr (t3, "\"id\":\"pid\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"urn:vn:vneid:pid:1\"]},\"claims\":[{\"id\":\"name\""));
}
END_TEST

START_TEST (test_dcql_alternatives)
{
  const char *first_of[] = { "household.head_name|name", "email", NULL };
  const char *any_source[] = { "name", NULL };
  const char *nothing[] = { "no_such_claim", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDcqlQuery) q1 = vneid_dcql_query_new_for_paths (first_of, 1, &error);
  g_autoptr(VneidDcqlQuery) q2 = vneid_dcql_query_new_for_paths (any_source, 0, &error);
  g_autoptr(VneidDcqlQuery) q3 = NULL;
  g_autofree char *t1 = vneid_dcql_query_to_json (q1, FALSE);
  g_autofree char *t2 = vneid_dcql_query_to_json (q2, FALSE);

  vt_assert_no_error (error);
  /* first_of within the PID: a claim set per alternative, in order */
  ck_assert_ptr_nonnull (strstr (t1, "\"claim_sets\":[[\"household_head_name\"],[\"name\"]]"));
  /* a claim several types carry, at level 0: the e-CCCD, else the PID,
   * else the BHYT card */
  ck_assert_ptr_nonnull (strstr (t2, "{\"options\":[[\"cccd\"],[\"pid\"],[\"bhyt\"]],\"required\":false}"));
  q3 = vneid_dcql_query_new_for_paths (nothing, 1, &error);
  ck_assert_ptr_null (q3);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_QUERY, "no_such_claim");
}
END_TEST

START_TEST (test_dcql_unknown_form)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  const char *ids[] = { "vn.example.nope", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDcqlQuery) query = vneid_dcql_query_new_for_forms (registry, ids, &error);

  ck_assert_ptr_null (query);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_UNKNOWN_FORM, "vn.example.nope");
}
END_TEST

/* ---- attestations and requests ---------------------------------------------- */

typedef struct {
  VneidKey        *authority;
  VneidKey        *portal;
  VneidTrustStore *authorities;
  VneidPluginRegistry *registry;
  char            *attestation;   /* for ct01 */
} Fixture;

static Fixture fx;

static char *
attest_for (const char *const *paths,
            const char *const *vcts,
            gint64              exp)
{
  g_autoptr(GError) error = NULL;
  char *jwt = vneid_verifier_attestation_issue (fx.authority, AUTHORITY, CLIENT, fx.portal, "Cổng Dịch vụ công",
                                                "Đăng ký cư trú", paths, vcts, MIN (VT_NOW, exp) - 60, exp, &error);

  vt_assert_no_error (error);
  return jwt;
}

static VneidDcqlQuery *
form_query (const char *form)
{
  const char *ids[] = { form, NULL };
  g_autoptr(GError) error = NULL;
  VneidDcqlQuery *query = vneid_dcql_query_new_for_forms (fx.registry, ids, &error);

  vt_assert_no_error (error);
  return query;
}

static void
setup (void)
{
  g_autofree char *metadata = NULL;
  g_autoptr(VneidDcqlQuery) query = NULL;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) vcts = NULL;
  g_autoptr(GError) error = NULL;

  fx.authority = vt_key_new ("authority-1");
  fx.portal = vt_key_new ("portal-1");
  metadata = vt_issuer_metadata (AUTHORITY, fx.authority);
  fx.authorities = vneid_trust_store_new ();
  ck_assert (vneid_trust_store_add_metadata (fx.authorities, metadata, &error));
  fx.registry = bundled_registry ();
  query = form_query ("vn.bca.ct01");
  paths = vneid_dcql_query_list_claim_paths (query);
  vcts = vneid_dcql_query_list_vcts (query);
  fx.attestation = attest_for ((const char *const *) paths, (const char *const *) vcts, VT_NOW + 86400);
}

static void
teardown (void)
{
  g_clear_object (&fx.authority);
  g_clear_object (&fx.portal);
  g_clear_object (&fx.authorities);
  g_clear_object (&fx.registry);
  g_clear_pointer (&fx.attestation, g_free);
}

static VneidOpenid4vpRequest *
new_request (const char *client_id,
             const char *form)
{
  g_autoptr(VneidDcqlQuery) query = form_query (form);
  g_autoptr(GError) error = NULL;
  VneidOpenid4vpRequest *request = vneid_openid4vp_request_new (client_id, RESPONSE_URI, query, VT_NOW, &error);

  vt_assert_no_error (error);
  return request;
}

static char *
signed_request (const char *client_id,
                const char *form,
                VneidKey   *key,
                const char *attestation)
{
  g_autoptr(VneidOpenid4vpRequest) request = new_request (client_id, form);
  g_autoptr(GError) error = NULL;
  char *jwt = vneid_openid4vp_request_sign (request, key, attestation, &error);

  vt_assert_no_error (error);
  return jwt;
}

/* Parses and verifies as the wallet does; returns the error. */
static GError *
wallet_check (const char *text)
{
  GError *error = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = vneid_openid4vp_request_parse (text, &error);

  if (request != NULL)
    vneid_openid4vp_request_verify (request, fx.authorities, VT_NOW, &error);
  return error;
}

START_TEST (test_attestation_round_trip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifierAttestation) va = vneid_verifier_attestation_verify (fx.attestation, fx.authorities,
                                                                               VT_NOW, &error);
  g_autoptr(JsonObject) header = NULL;
  const char *const *paths;

  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_verifier_attestation_get_issuer (va), AUTHORITY);
  ck_assert_str_eq (vneid_verifier_attestation_get_subject (va), "dichvucong.example");
  ck_assert_str_eq (vneid_verifier_attestation_get_registered_name (va), "Cổng Dịch vụ công");
  ck_assert_str_eq (vneid_verifier_attestation_get_purpose (va), "Đăng ký cư trú");
  ck_assert (vneid_key_equal (vneid_verifier_attestation_get_key (va), fx.portal));
  ck_assert_int_eq (vneid_verifier_attestation_get_expires_at (va), VT_NOW + 86400);
  paths = vneid_verifier_attestation_get_allowed_paths (va);
  ck_assert (g_strv_contains (paths, "household.head_name"));
  ck_assert (g_strv_contains (vneid_verifier_attestation_get_allowed_vcts (va), "urn:vn:vneid:pid:1"));
  header = vt_jwt_header (fx.attestation);
  ck_assert_str_eq (json_object_get_string_member (header, "typ"), "verifier-attestation+jwt");
}
END_TEST

START_TEST (test_attestation_refusals)
{
  const char *paths[] = { "name", NULL };
  g_autofree char *expired = attest_for (paths, NULL, VT_NOW - 3600);
  g_autoptr(VneidKey) stranger = vt_key_new ("authority-1");
  g_autofree char *forged = vneid_verifier_attestation_issue (stranger, AUTHORITY, CLIENT, fx.portal, "x", "y",
                                                              paths, NULL, VT_NOW - 60, VT_NOW + 60, NULL);
  g_autofree char *unknown = vneid_verifier_attestation_issue (fx.authority, "https://other.example", CLIENT,
                                                               fx.portal, "x", "y", paths, NULL, VT_NOW - 60,
                                                               VT_NOW + 60, NULL);
  GError *error = NULL;

  ck_assert_ptr_null (vneid_verifier_attestation_verify (expired, fx.authorities, VT_NOW, &error));
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_ATTESTATION_EXPIRED, "expired");
  g_clear_error (&error);
  ck_assert_ptr_null (vneid_verifier_attestation_verify (forged, fx.authorities, VT_NOW, &error));
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "signature");
  g_clear_error (&error);
  ck_assert_ptr_null (vneid_verifier_attestation_verify (unknown, fx.authorities, VT_NOW, &error));
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "no trusted registration authority");
  g_clear_error (&error);
  /* a request object is no attestation */
  {
    g_autofree char *request = signed_request (CLIENT, "vn.bca.ct01", fx.portal, fx.attestation);

    ck_assert_ptr_null (vneid_verifier_attestation_verify (request, fx.authorities, VT_NOW, &error));
    vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION, "typ");
    g_clear_error (&error);
  }
}
END_TEST

START_TEST (test_request_round_trip)
{
  g_autoptr(VneidOpenid4vpRequest) sent = new_request (CLIENT, "vn.bca.ct01");
  g_autoptr(VneidOpenid4vpRequest) other = new_request (CLIENT, "vn.bca.ct01");
  g_autoptr(GError) error = NULL;
  g_autofree char *jwt = vneid_openid4vp_request_sign (sent, fx.portal, fx.attestation, &error);
  g_autoptr(VneidOpenid4vpRequest) got = vneid_openid4vp_request_parse (jwt, &error);
  g_autoptr(JsonObject) header = vt_jwt_header (jwt);
  g_autoptr(JsonObject) payload = vt_jwt_payload (jwt);
  g_autofree char *link = vneid_openid4vp_request_make_link (sent, "https://dichvucong.example/r/1");
  JsonObject *formats;

  vt_assert_no_error (error);
  ck_assert (vneid_openid4vp_request_verify (got, fx.authorities, VT_NOW, &error));
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vp_request_get_client_id (got), CLIENT);
  ck_assert_str_eq (vneid_openid4vp_request_get_nonce (got), vneid_openid4vp_request_get_nonce (sent));
  ck_assert_str_eq (vneid_openid4vp_request_get_state (got), vneid_openid4vp_request_get_state (sent));
  ck_assert_str_eq (vneid_openid4vp_request_get_response_uri (got), RESPONSE_URI);
  ck_assert_int_eq (vneid_openid4vp_request_get_expires_at (got), VT_NOW + VNEID_OPENID4VP_MAX_LIFETIME);
  ck_assert (vneid_openid4vp_request_is_signed (got));
  ck_assert_str_eq (vneid_verifier_attestation_get_registered_name (vneid_openid4vp_request_get_attestation (got)),
                    "Cổng Dịch vụ công");
  /* 256-bit nonces, 128-bit states, fresh each time */
  ck_assert_uint_ge (strlen (vneid_openid4vp_request_get_nonce (sent)), 43);
  ck_assert_uint_ge (strlen (vneid_openid4vp_request_get_state (sent)), 22);
  ck_assert_str_ne (vneid_openid4vp_request_get_nonce (sent), vneid_openid4vp_request_get_nonce (other));
  ck_assert_str_eq (json_object_get_string_member (header, "typ"), "oauth-authz-req+jwt");
  ck_assert_str_eq (json_object_get_string_member (header, "jwt"), fx.attestation);
  ck_assert_str_eq (json_object_get_string_member (payload, "response_type"), "vp_token");
  ck_assert_str_eq (json_object_get_string_member (payload, "response_mode"), "direct_post");
  formats = json_object_get_object_member (json_object_get_object_member (payload, "client_metadata"),
                                           "vp_formats_supported");
  ck_assert_str_eq (json_array_get_string_element (json_object_get_array_member (
                      json_object_get_object_member (formats, "dc+sd-jwt"), "kb-jwt_alg_values"), 0), "Ed25519");
  ck_assert_str_eq (link, "openid4vp://?client_id=verifier_attestation%3Adichvucong.example"
                          "&request_uri=https%3A%2F%2Fdichvucong.example%2Fr%2F1");
}
END_TEST

/* The request object with another response_uri, the signature kept. */
static char *
tamper (const char *jwt)
{
  g_auto(GStrv) parts = g_strsplit (jwt, ".", -1);
  g_autoptr(JsonObject) payload = vt_jwt_payload (jwt);
  g_autofree char *text = NULL;
  g_autofree char *encoded = NULL;

  json_object_set_string_member (payload, "response_uri", "https://evil.example/steal");
  text = vt_json_text (payload);
  encoded = vt_b64 (text);
  return g_strjoin (".", parts[0], encoded, parts[2], NULL);
}

START_TEST (test_request_refusals)
{
  g_autofree char *good = signed_request (CLIENT, "vn.bca.ct01", fx.portal, fx.attestation);
  g_autofree char *tampered = tamper (good);
  g_autoptr(VneidKey) rogue = vt_key_new ("portal-1");
  g_autofree char *wrong_key = signed_request (CLIENT, "vn.bca.ct01", rogue, fx.attestation);
  g_autofree char *wrong_client = signed_request ("verifier_attestation:evil.example", "vn.bca.ct01", fx.portal,
                                                  fx.attestation);
  g_autofree char *beyond = signed_request (CLIENT, "vn.bca.tk01", fx.portal, fx.attestation);
  const char *paths[] = { "name", NULL };
  g_autofree char *expired_va = attest_for (paths, NULL, VT_NOW - 3600);
  g_autofree char *expired = signed_request (CLIENT, "vn.bca.ct01", fx.portal, expired_va);
  g_autoptr(VneidOpenid4vpRequest) unsigned_request = new_request (CLIENT, "vn.bca.ct01");
  g_autofree char *unsigned_json = vneid_openid4vp_request_to_json (unsigned_request, FALSE);
  GError *error;

  error = wallet_check (tampered);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_BAD_REQUEST_SIGNATURE, "signature");
  g_clear_error (&error);
  error = wallet_check (wrong_key);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_BAD_REQUEST_SIGNATURE, "attested key");
  g_clear_error (&error);
  error = wallet_check (unsigned_json);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_BAD_REQUEST_SIGNATURE, "signed");
  g_clear_error (&error);
  error = wallet_check (wrong_client);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_CLIENT_ID_MISMATCH, "evil.example");
  g_clear_error (&error);
  error = wallet_check (beyond);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_BEYOND_REGISTRATION,
                   "“place_of_birth”|“ethnicity”|“religion”|“address”|“date_of_issuance”|credential type");
  g_clear_error (&error);
  error = wallet_check (expired);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_ATTESTATION_EXPIRED, "expired");
  g_clear_error (&error);
  /* the request itself, five minutes on */
  {
    g_autoptr(VneidOpenid4vpRequest) request = vneid_openid4vp_request_parse (good, NULL);

    ck_assert (!vneid_openid4vp_request_verify (request, fx.authorities, VT_NOW + 3600, &error));
    vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_EXPIRED, "expired");
    g_clear_error (&error);
  }
}
END_TEST

START_TEST (test_request_malformed)
{
  static const struct { const char *json; const char *reason; } bad[] = {
    { "{\"response_type\": \"code\"}", "response_type" },
    { "{\"response_type\": \"vp_token\", \"response_mode\": \"fragment\"}", "response_mode" },
    { "{\"response_type\": \"vp_token\", \"response_mode\": \"direct_post\", \"client_id\": \"https://x\"}", "prefix" },
    { "{\"response_type\": \"vp_token\", \"response_mode\": \"direct_post\", \"client_id\": \"redirect_uri:https://a\","
      " \"response_uri\": \"https://b\", \"nonce\": \"n\", \"dcql_query\": {\"credentials\": [{\"id\": \"a\", " SD "}]}}",
      "must be the response_uri" },
    { "{\"response_type\": \"vp_token\", \"response_mode\": \"direct_post\", \"client_id\": \"redirect_uri:https://a\","
      " \"nonce\": \"n\"}", "dcql_query" },
    { "{\"response_type\": \"vp_token\", \"response_mode\": \"direct_post\", \"client_id\": \"redirect_uri:https://a\","
      " \"dcql_query\": {}}", "nonce" },
    { "not a request", "request" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidOpenid4vpRequest) request = vneid_openid4vp_request_parse (bad[i].json, &error);

      ck_assert_ptr_null (request);
      vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_REQUEST, bad[i].reason);
    }
}
END_TEST

/* ---- the wallet and the portal ---------------------------------------------- */

static GPtrArray *
mai_credentials (void)
{
  GPtrArray *credentials = g_ptr_array_new_with_free_func (g_object_unref);
  static const char *const kinds[] = { "pid", "cccd", "contact", "bhyt" };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_ptr_array_add (credentials, vt_citizen_issue ("tran-thi-mai", kinds[i]));
  return credentials;
}

static VneidKey *
mai_key (void)
{
  g_autofree char *path = vt_examples_path ("citizens", "tran-thi-mai", "wallet.jwk", NULL);

  return vt_load_key (path);
}

/* The wallet's answer to @request with @credentials. */
static char *
answer (VneidOpenid4vpRequest *request,
        GPtrArray             *credentials)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) key = mai_key ();
  g_autoptr(VneidOpenid4vpConsent) consent = vneid_openid4vp_consent_new (request,
                                                                          (VneidCredential *const *) credentials->pdata,
                                                                          credentials->len, &error);
  char *token;

  vt_assert_no_error (error);
  token = vneid_openid4vp_consent_build_vp_token (consent, key, VT_NOW, &error);
  vt_assert_no_error (error);
  return token;
}

START_TEST (test_wallet_consent)
{
  g_autoptr(GPtrArray) credentials = mai_credentials ();
  g_autofree char *jwt = signed_request (CLIENT, "vn.bca.ct01", fx.portal, fx.attestation);
  g_autoptr(VneidOpenid4vpRequest) request = vneid_openid4vp_request_parse (jwt, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vpConsent) consent = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) vp = NULL;
  JsonArray *listed;
  JsonObject *pid;

  ck_assert (vneid_openid4vp_request_verify (request, fx.authorities, VT_NOW, &error));
  consent = vneid_openid4vp_consent_new (request, (VneidCredential *const *) credentials->pdata, credentials->len, &error);
  vt_assert_no_error (error);
  summary = vneid_openid4vp_consent_to_json_object (consent);
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (summary, "verifier"), "purpose"),
                    "Đăng ký cư trú");
  listed = json_object_get_array_member (summary, "credentials");
  ck_assert_uint_eq (json_array_get_length (listed), 2);
  pid = json_array_get_object_element (listed, 0);
  ck_assert_str_eq (json_object_get_string_member (pid, "vct"), "urn:vn:vneid:pid:1");
  ck_assert (json_object_get_boolean_member (pid, "required"));
  ck_assert (!json_object_get_boolean_member (json_array_get_object_element (listed, 1), "required"));
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (
                      json_object_get_array_member (pid, "claims"), 0), "value"), "Trần Thị Mai");

  token = answer (request, credentials);
  vp = vt_json_object (token);
  ck_assert (json_object_has_member (vp, "pid"));
  ck_assert (json_object_has_member (vp, "contact"));
  ck_assert (!json_object_has_member (vp, "bhyt"));
  {
    /* the KB-JWT: aud the full client id, nonce the request's */
    const char *presentation = json_array_get_string_element (json_object_get_array_member (vp, "pid"), 0);
    const char *kb = strrchr (presentation, '~') + 1;
    g_autoptr(JsonObject) kb_payload = vt_jwt_payload (kb);

    ck_assert_str_eq (json_object_get_string_member (kb_payload, "aud"), CLIENT);
    ck_assert_str_eq (json_object_get_string_member (kb_payload, "nonce"), vneid_openid4vp_request_get_nonce (request));
  }
}
END_TEST

START_TEST (test_wallet_unsatisfiable)
{
  g_autoptr(GPtrArray) credentials = mai_credentials ();
  g_autoptr(VneidOpenid4vpRequest) request = new_request (CLIENT, "vn.bca.ct01");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vpConsent) consent = NULL;

  g_ptr_array_remove_index (credentials, 0);   /* no PID */
  consent = vneid_openid4vp_consent_new (request, (VneidCredential *const *) credentials->pdata, credentials->len, &error);
  ck_assert_ptr_null (consent);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_UNSATISFIABLE, "pid");
}
END_TEST

START_TEST (test_response_accepted_once)
{
  g_autoptr(GPtrArray) credentials = mai_credentials ();
  g_autoptr(VneidOpenid4vpRequest) request = new_request (CLIENT, "vn.bca.ct01");
  g_autoptr(VneidOpenid4vpTransaction) transaction = vneid_openid4vp_transaction_new (request);
  g_autoptr(VneidVerifier) verifier = vt_demo_verifier_new ();
  g_autofree char *token = answer (request, credentials);
  const char *state = vneid_openid4vp_request_get_state (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidProfile) again = NULL;
  g_auto(GStrv) dropped = NULL;

  ck_assert_int_le (vneid_openid4vp_transaction_get_expires_at (transaction), VT_NOW + 300);
  profile = vneid_openid4vp_transaction_verify_response (transaction, verifier, token, state, &error);
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_profile_get_name (profile), "Trần Thị Mai");
  ck_assert_uint_eq (vneid_profile_get_level (profile), 2);
  ck_assert_ptr_null (vneid_profile_lookup (profile, "religion"));
  ck_assert_ptr_null (vneid_profile_lookup (profile, "bhyt_number"));
  dropped = vneid_openid4vp_transaction_list_dropped_claims (transaction);
  ck_assert_uint_eq (g_strv_length (dropped), 0);
  ck_assert (vneid_openid4vp_transaction_get_used (transaction));

  again = vneid_openid4vp_transaction_verify_response (transaction, verifier, token, state, &error);
  ck_assert_ptr_null (again);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_REPLAY, "already");
}
END_TEST

/* The population database's status list at VT_STATUS_URI, @index set to
 * @value. */
static char *
status_list_token (guint index,
                   guint value)
{
  g_autofree char *key_path = vt_examples_path ("keys", "population-db.jwk", NULL);
  g_autoptr(VneidKey) key = vt_load_key (key_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list = vneid_status_list_new (2, 64, &error);
  char *token;

  ck_assert (vneid_status_list_set (list, index, value, &error));
  token = vneid_status_list_to_token (list, key, "https://id.vneid.example", VT_STATUS_URI, VT_NOW - 60,
                                      VT_NOW + 3600, &error);
  vt_assert_no_error (error);
  return token;
}

/* A PID its status list marks revoked, or suspended: REVOKED, so that a
 * portal can tell the citizen why; valid, accepted. */
START_TEST (test_response_revoked)
{
  static const struct { guint value; const char *reason; } cases[] = {
    { VNEID_STATUS_INVALID, "revoked" },
    { VNEID_STATUS_SUSPENDED, "suspended" },
    { VNEID_STATUS_VALID, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) credentials = mai_credentials ();
      g_autoptr(VneidOpenid4vpRequest) request = new_request (CLIENT, "vn.bca.ct01");
      g_autoptr(VneidOpenid4vpTransaction) transaction = vneid_openid4vp_transaction_new (request);
      g_autoptr(VneidVerifier) verifier = vt_demo_verifier_new ();
      g_autofree char *list = status_list_token (5, cases[i].value);
      g_autofree char *token = NULL;
      g_autoptr(VneidProfile) profile = NULL;
      g_autoptr(GError) error = NULL;

      g_ptr_array_remove_index (credentials, 0);
      g_ptr_array_insert (credentials, 0, vt_citizen_issue_with_status ("tran-thi-mai", "pid", 5));
      token = answer (request, credentials);
      ck_assert (vneid_verifier_add_status_list (verifier, list, &error));
      profile = vneid_openid4vp_transaction_verify_response (transaction, verifier, token,
                                                             vneid_openid4vp_request_get_state (request), &error);
      if (cases[i].reason == NULL)
        {
          vt_assert_no_error (error);
          ck_assert_ptr_nonnull (profile);
        }
      else
        {
          ck_assert_ptr_null (profile);
          vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_REVOKED, cases[i].reason);
        }
    }
}
END_TEST

/* Misuses of a good vp_token, each against a fresh transaction. */
START_TEST (test_response_refusals)
{
  g_autoptr(GPtrArray) credentials = mai_credentials ();
  g_autoptr(VneidOpenid4vpRequest) request = new_request (CLIENT, "vn.bca.ct01");
  g_autoptr(VneidOpenid4vpRequest) later = new_request (CLIENT, "vn.bca.ct01");
  g_autoptr(VneidOpenid4vpRequest) elsewhere = new_request ("verifier_attestation:other.example", "vn.bca.ct01");
  g_autoptr(VneidVerifier) verifier = vt_demo_verifier_new ();
  g_autofree char *token = answer (request, credentials);
  const char *state = vneid_openid4vp_request_get_state (request);
  g_autoptr(JsonObject) without_pid = vt_json_object (token);
  g_autofree char *no_pid = NULL;
  GError *error = NULL;

  ck_assert (vneid_openid4vp_request_set_state (later, state, NULL));
  ck_assert (vneid_openid4vp_request_set_state (elsewhere, state, NULL));
  ck_assert (vneid_openid4vp_request_set_nonce (elsewhere, vneid_openid4vp_request_get_nonce (request), NULL));
  json_object_remove_member (without_pid, "pid");
  no_pid = vt_json_text (without_pid);

#define REFUSED(req, tok, st, code, reason) G_STMT_START { \
    g_autoptr(VneidOpenid4vpTransaction) t = vneid_openid4vp_transaction_new (req); \
    g_autoptr(VneidProfile) p = vneid_openid4vp_transaction_verify_response (t, verifier, tok, st, &error); \
    ck_assert_ptr_null (p); \
    vt_assert_error (error, VNEID_OPENID4VP_ERROR, code, reason); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (request, token, "another-state", VNEID_OPENID4VP_ERROR_WRONG_STATE, "state");
  REFUSED (request, token, NULL, VNEID_OPENID4VP_ERROR_WRONG_STATE, "state");
  REFUSED (later, token, state, VNEID_OPENID4VP_ERROR_REPLAY, "nonce");
  REFUSED (elsewhere, token, state, VNEID_OPENID4VP_ERROR_MISADDRESSED, "aud");
  REFUSED (request, no_pid, state, VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL, "required credential");
  REFUSED (request, "[]", state, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE, NULL);
  REFUSED (request, "{\"bhyt\": [\"x\"]}", state, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE, "no credential query");
  REFUSED (request, "{\"pid\": []}", state, VNEID_OPENID4VP_ERROR_INVALID_RESPONSE, "non-empty array");
  vneid_verifier_set_time (verifier, VT_NOW + 600);
  REFUSED (request, token, state, VNEID_OPENID4VP_ERROR_EXPIRED, "expired");
#undef REFUSED
}
END_TEST

/* A wallet that says more than asked: the extra claims stay out of the
 * profile, and are reported. */
START_TEST (test_response_drops_unasked)
{
  g_autoptr(GPtrArray) credentials = mai_credentials ();
  g_autoptr(VneidOpenid4vpRequest) request = new_request (CLIENT, "vn.bca.ct01");
  g_autoptr(VneidOpenid4vpTransaction) transaction = vneid_openid4vp_transaction_new (request);
  g_autoptr(VneidVerifier) verifier = vt_demo_verifier_new ();
  g_autoptr(VneidKey) key = mai_key ();
  const char *paths[] = { "name", "birthdate", "sex", "personal_administrative_number", "household", "religion", NULL };
  g_autofree char *pid = vt_present (g_ptr_array_index (credentials, 0), paths, key,
                                     vneid_openid4vp_request_get_nonce (request), CLIENT, VT_NOW);
  g_autofree char *token = g_strdup_printf ("{\"pid\": [\"%s\"]}", pid);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) dropped = NULL;

  profile = vneid_openid4vp_transaction_verify_response (transaction, verifier, token,
                                                         vneid_openid4vp_request_get_state (request), &error);
  vt_assert_no_error (error);
  ck_assert_ptr_null (vneid_profile_lookup (profile, "religion"));
  ck_assert_ptr_nonnull (vneid_profile_lookup (profile, "household.head_name"));
  dropped = vneid_openid4vp_transaction_list_dropped_claims (transaction);
  ck_assert (g_strv_contains ((const char *const *) dropped, "urn:vn:vneid:pid:1: religion"));
  ck_assert_uint_eq (g_strv_length (dropped), 1);
}
END_TEST

/* redirect_uri: unsigned, for local development; never signed. */
START_TEST (test_redirect_uri)
{
  g_autoptr(VneidDcqlQuery) query = form_query ("vn.bca.ct01");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = vneid_openid4vp_request_new ("redirect_uri:http://127.0.0.1:8080/cb", NULL,
                                                                          query, VT_NOW, &error);
  g_autofree char *json = vneid_openid4vp_request_to_json (request, FALSE);
  g_autoptr(VneidOpenid4vpRequest) parsed = vneid_openid4vp_request_parse (json, &error);
  g_autofree char *jwt = NULL;

  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vp_request_get_response_uri (request), "http://127.0.0.1:8080/cb");
  ck_assert (vneid_openid4vp_request_verify (parsed, fx.authorities, VT_NOW, &error));
  ck_assert_ptr_null (vneid_openid4vp_request_get_attestation (parsed));
  jwt = vneid_openid4vp_request_sign (request, fx.portal, fx.attestation, &error);
  ck_assert_ptr_null (jwt);
  vt_assert_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_REQUEST, "cannot be signed");
}
END_TEST

/* The mapper method: declarative entries, first_of as alternatives, and
 * nothing for mappers that do not say. */
START_TEST (test_mapper_paths)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_auto(GStrv) ct01 = vneid_form_mapper_list_profile_paths (vneid_plugin_registry_lookup (registry, "vn.bca.ct01"));
  g_auto(GStrv) bhyt = vneid_form_mapper_list_profile_paths (vneid_plugin_registry_lookup (registry, "vn.bhxh.bhyt-checkin"));

  ck_assert (g_strv_contains ((const char *const *) ct01, "household.head_name"));
  ck_assert (g_strv_contains ((const char *const *) ct01, "phone_number"));
  ck_assert (!g_strv_contains ((const char *const *) ct01, "religion"));
  ck_assert (g_strv_contains ((const char *const *) bhyt, "registered_facility.code"));
  ck_assert (g_strv_contains ((const char *const *) bhyt, "bhyt_number"));
}
END_TEST

static Suite *
openid4vp_suite (void)
{
  Suite *s = suite_create ("openid4vp");
  TCase *tc;

  tc = tcase_create ("dcql");
  tcase_add_loop_test (tc, test_dcql_rejects, 0, G_N_ELEMENTS (bad_queries));
  tcase_add_test (tc, test_dcql_not_json);
  tcase_add_test (tc, test_dcql_valid);
  tcase_add_test (tc, test_dcql_each_form);
  tcase_add_test (tc, test_dcql_levels);
  tcase_add_test (tc, test_dcql_alternatives);
  tcase_add_test (tc, test_dcql_unknown_form);
  tcase_add_test (tc, test_mapper_paths);
  suite_add_tcase (s, tc);

  tc = tcase_create ("requests");
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_attestation_round_trip);
  tcase_add_test (tc, test_attestation_refusals);
  tcase_add_test (tc, test_request_round_trip);
  tcase_add_test (tc, test_request_refusals);
  tcase_add_test (tc, test_request_malformed);
  tcase_add_test (tc, test_redirect_uri);
  suite_add_tcase (s, tc);

  tc = tcase_create ("responses");
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_wallet_consent);
  tcase_add_test (tc, test_wallet_unsatisfiable);
  tcase_add_test (tc, test_response_accepted_once);
  tcase_add_test (tc, test_response_refusals);
  tcase_add_test (tc, test_response_revoked);
  tcase_add_test (tc, test_response_drops_unasked);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return vt_run_suite (openid4vp_suite ());
}
