/* test-openid4vci.c: the OpenID4VCI 1.0 messages and key proofs, and every
 * refusal of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "vneid-test-util.h"
#include "vneid-openid4vci-private.h"

#define ISSUER     "https://id.vneid.example"
#define CODE       "SplxlOBeZQQYbYS6WxSbIA"
#define C_NONCE    "wKI4LT17ac15ES9bw8ac4"
#define VCI        VNEID_OPENID4VCI_ERROR

/* ---- credential offers ------------------------------------------------ */

static VneidOpenid4vciOffer *
offer_new (void)
{
  const char *ids[] = { "pid", "contact", NULL };
  VneidOpenid4vciOffer *offer = vneid_openid4vci_offer_new (ISSUER, ids, CODE);

  vneid_openid4vci_offer_set_tx_code (offer, "numeric", 6, "Mã gồm 6 chữ số đã gửi qua SMS");
  return offer;
}

static void
assert_same_offer (VneidOpenid4vciOffer *offer)
{
  const char * const *ids = vneid_openid4vci_offer_get_credential_configuration_ids (offer);

  ck_assert_str_eq (vneid_openid4vci_offer_get_credential_issuer (offer), ISSUER);
  ck_assert_uint_eq (g_strv_length ((char **) ids), 2);
  ck_assert_str_eq (ids[0], "pid");
  ck_assert_str_eq (ids[1], "contact");
  ck_assert_str_eq (vneid_openid4vci_offer_get_pre_authorized_code (offer), CODE);
  ck_assert (vneid_openid4vci_offer_get_tx_code_required (offer));
  ck_assert_str_eq (vneid_openid4vci_offer_get_tx_code_input_mode (offer), "numeric");
  ck_assert_uint_eq (vneid_openid4vci_offer_get_tx_code_length (offer), 6);
  ck_assert_str_eq (vneid_openid4vci_offer_get_tx_code_description (offer), "Mã gồm 6 chữ số đã gửi qua SMS");
}

/* JSON text equal to @expected, member order aside. */
static void
assert_json_text_equal_at (const char *file,
                           int         line,
                           const char *actual,
                           const char *expected)
{
  g_autoptr(JsonObject) object = vt_json_object (actual);

  vt_assert_json_equal_at (file, line, object, expected);
}
#define assert_json_text_equal(actual, expected) \
  assert_json_text_equal_at (__FILE__, __LINE__, (actual), (expected))

START_TEST (test_offer_json_round_trip)
{
  g_autoptr(VneidOpenid4vciOffer) offer = offer_new ();
  g_autofree char *json = vneid_openid4vci_offer_to_json (offer);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciOffer) back = vneid_openid4vci_offer_new_from_json (json, &error);

  vt_assert_no_error (error);
  assert_same_offer (back);
  assert_json_text_equal (json,
    "{\"credential_issuer\": \"https://id.vneid.example\","
    " \"credential_configuration_ids\": [\"pid\", \"contact\"],"
    " \"grants\": {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\":"
    "   {\"pre-authorized_code\": \"SplxlOBeZQQYbYS6WxSbIA\","
    "    \"tx_code\": {\"input_mode\": \"numeric\", \"length\": 6,"
    "                \"description\": \"Mã gồm 6 chữ số đã gửi qua SMS\"}}}}");
}
END_TEST

START_TEST (test_offer_uri_by_value)
{
  g_autoptr(VneidOpenid4vciOffer) offer = offer_new ();
  g_autofree char *uri = vneid_openid4vci_offer_to_uri (offer);
  g_autoptr(VneidOpenid4vciOffer) back = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (g_str_has_prefix (uri, "openid-credential-offer://?credential_offer=%7B"));
  ck_assert (vneid_openid4vci_offer_parse_uri (uri, &back, &url, &error));
  vt_assert_no_error (error);
  ck_assert_ptr_null (url);
  assert_same_offer (back);
}
END_TEST

START_TEST (test_offer_uri_by_reference)
{
  g_autofree char *uri = vneid_openid4vci_offer_uri_for_reference ("https://id.vneid.example/credential-offer/abc?x=1");
  g_autoptr(VneidOpenid4vciOffer) offer = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_str_eq (uri, "openid-credential-offer://?credential_offer_uri="
                         "https%3A%2F%2Fid.vneid.example%2Fcredential-offer%2Fabc%3Fx%3D1");
  ck_assert (vneid_openid4vci_offer_parse_uri (uri, &offer, &url, &error));
  vt_assert_no_error (error);
  ck_assert_ptr_null (offer);
  ck_assert_str_eq (url, "https://id.vneid.example/credential-offer/abc?x=1");
}
END_TEST

START_TEST (test_offer_minimal_and_loopback)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciOffer) offer = vneid_openid4vci_offer_new_from_json (
    "{\"credential_issuer\": \"http://127.0.0.1:8080\", \"credential_configuration_ids\": [\"pid\"],"
    " \"grants\": {\"authorization_code\": {}, \"urn:ietf:params:oauth:grant-type:pre-authorized_code\":"
    " {\"pre-authorized_code\": \"c\", \"tx_code\": {}}}, \"unknown\": 1}", &error);

  vt_assert_no_error (error);
  ck_assert (vneid_openid4vci_offer_get_tx_code_required (offer));
  ck_assert_str_eq (vneid_openid4vci_offer_get_tx_code_input_mode (offer), "numeric");
  ck_assert_uint_eq (vneid_openid4vci_offer_get_tx_code_length (offer), 0);
  ck_assert_ptr_null (vneid_openid4vci_offer_get_tx_code_description (offer));

  g_clear_object (&offer);
  offer = vneid_openid4vci_offer_new_from_json (
    "{\"credential_issuer\": \"https://a.example/tenant\", \"credential_configuration_ids\": [\"x\"]}", &error);
  vt_assert_no_error (error);
  ck_assert_ptr_null (vneid_openid4vci_offer_get_pre_authorized_code (offer));
  ck_assert (!vneid_openid4vci_offer_get_tx_code_required (offer));
}
END_TEST

static const struct {
  const char *json;
  const char *reason;
} bad_offers[] = {
  { "[1]", "object" },
  { "{", "JSON|parse|invalid" },
  { "{\"credential_configuration_ids\": [\"pid\"]}", "credential_issuer" },
  { "{\"credential_issuer\": 7, \"credential_configuration_ids\": [\"pid\"]}", "credential_issuer" },
  { "{\"credential_issuer\": \"http://id.vneid.example\", \"credential_configuration_ids\": [\"pid\"]}", "https" },
  { "{\"credential_issuer\": \"https://a.example/?q=1\", \"credential_configuration_ids\": [\"pid\"]}", "query" },
  { "{\"credential_issuer\": \"https://a.example#f\", \"credential_configuration_ids\": [\"pid\"]}", "fragment" },
  { "{\"credential_issuer\": \"id.vneid.example\", \"credential_configuration_ids\": [\"pid\"]}", "absolute" },
  { "{\"credential_issuer\": \"https://a.example\"}", "credential_configuration_ids" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": []}", "1 to" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": \"pid\"}", "array" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [1]}", "[0]" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"\"]}", "[0]" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\", \"a\"]}", "twice" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\": []}", "grants" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": \"c\"}}", "object" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": {}}}", "pre-authorized_code" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": {\"pre-authorized_code\": \"\"}}}", "empty" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": {\"pre-authorized_code\": \"c\", \"tx_code\": 6}}}",
    "tx_code" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": {\"pre-authorized_code\": \"c\","
    " \"tx_code\": {\"input_mode\": \"alpha\"}}}}", "input_mode" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": {\"pre-authorized_code\": \"c\","
    " \"tx_code\": {\"length\": 0}}}}", "length" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": {\"pre-authorized_code\": \"c\","
    " \"tx_code\": {\"length\": 6.5}}}}", "length|whole|integer" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configuration_ids\": [\"a\"], \"grants\":"
    " {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\": {\"pre-authorized_code\": \"c\","
    " \"tx_code\": {\"description\": 3}}}}", "description" },
};

START_TEST (test_offer_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciOffer) offer = vneid_openid4vci_offer_new_from_json (bad_offers[_i].json, &error);

  ck_assert_ptr_null (offer);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_OFFER, bad_offers[_i].reason);
}
END_TEST

START_TEST (test_offer_refuses_long_description)
{
  g_autoptr(GString) json = g_string_new ("{\"credential_issuer\": \"https://a.example\","
    " \"credential_configuration_ids\": [\"a\"], \"grants\": {\"urn:ietf:params:oauth:grant-type:pre-authorized_code\":"
    " {\"pre-authorized_code\": \"c\", \"tx_code\": {\"description\": \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciOffer) offer = NULL;

  for (int i = 0; i < 301; i++)
    g_string_append (json, "ữ");
  g_string_append (json, "\"}}}}");
  offer = vneid_openid4vci_offer_new_from_json (json->str, &error);
  ck_assert_ptr_null (offer);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_OFFER, "300");
}
END_TEST

static const struct {
  const char *uri;
  const char *reason;
} bad_uris[] = {
  { "openid-credential-offer://", "no query" },
  { "openid-credential-offer://?", "exactly one" },
  { "openid-credential-offer://?foo=bar", "exactly one" },
  { "openid-credential-offer://?credential_offer=%7B%7D&credential_offer_uri=https%3A%2F%2Fa.example", "exactly one" },
  { "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fa.example&credential_offer_uri=https%3A%2F%2Fb.example",
    "repeats" },
  { "openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fa.example%2Fo", "https" },
  { "openid-credential-offer://?credential_offer_uri=%ZZ", "escape" },
  { "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fa.example%00x", "escape" },
  { "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A1%7D", "credential_issuer" },
  { "openid-credential-offer://?credential_offer=%FF", "UTF-8" },
};

START_TEST (test_offer_uri_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciOffer) offer = NULL;
  g_autofree char *url = NULL;

  ck_assert (!vneid_openid4vci_offer_parse_uri (bad_uris[_i].uri, &offer, &url, &error));
  ck_assert_ptr_null (offer);
  ck_assert_ptr_null (url);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_OFFER, bad_uris[_i].reason);
}
END_TEST

/* ---- metadata --------------------------------------------------------- */

static VneidOpenid4vciMetadata *
metadata_new (void)
{
  VneidOpenid4vciMetadata *metadata = vneid_openid4vci_metadata_new (ISSUER);

  vneid_openid4vci_metadata_set_credential_endpoint (metadata, ISSUER "/openid4vci/credential");
  vneid_openid4vci_metadata_set_nonce_endpoint (metadata, ISSUER "/openid4vci/nonce");
  vneid_openid4vci_metadata_set_token_endpoint (metadata, ISSUER "/openid4vci/token");
  vneid_openid4vci_metadata_add_configuration (metadata, "pid", "urn:vn:vneid:pid:1", "Căn cước điện tử (PID)");
  vneid_openid4vci_metadata_add_configuration (metadata, "bhyt", "urn:vn:bhyt:card:1", NULL);
  return metadata;
}

START_TEST (test_metadata_round_trip)
{
  g_autoptr(VneidOpenid4vciMetadata) metadata = metadata_new ();
  g_autofree char *json = vneid_openid4vci_metadata_to_json (metadata);
  g_autofree char *as_json = vneid_openid4vci_metadata_to_authorization_server_json (metadata);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciMetadata) back = vneid_openid4vci_metadata_new_from_json (json, ISSUER, &error);
  g_autoptr(JsonObject) object = vt_json_object (json);
  JsonObject *pid;

  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_metadata_get_credential_issuer (back), ISSUER);
  ck_assert_str_eq (vneid_openid4vci_metadata_get_authorization_server (back), ISSUER);
  ck_assert_str_eq (vneid_openid4vci_metadata_get_credential_endpoint (back), ISSUER "/openid4vci/credential");
  ck_assert_str_eq (vneid_openid4vci_metadata_get_nonce_endpoint (back), ISSUER "/openid4vci/nonce");
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_token_endpoint (back));
  ck_assert_str_eq (vneid_openid4vci_metadata_get_configuration_vct (back, "pid"), "urn:vn:vneid:pid:1");
  ck_assert_str_eq (vneid_openid4vci_metadata_get_configuration_vct (back, "bhyt"), "urn:vn:bhyt:card:1");
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_configuration_vct (back, "cccd"));

  pid = json_object_get_object_member (json_object_get_object_member (object, "credential_configurations_supported"), "pid");
  vt_assert_json_equal (pid,
    "{\"format\": \"dc+sd-jwt\", \"vct\": \"urn:vn:vneid:pid:1\","
    " \"cryptographic_binding_methods_supported\": [\"jwk\"],"
    " \"credential_signing_alg_values_supported\": [\"EdDSA\"],"
    " \"proof_types_supported\": {\"jwt\": {\"proof_signing_alg_values_supported\": [\"EdDSA\"]}},"
    " \"credential_metadata\": {\"display\": [{\"name\": \"Căn cước điện tử (PID)\"}]}}");

  ck_assert (vneid_openid4vci_metadata_read_authorization_server (back, as_json, &error));
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_metadata_get_token_endpoint (back), ISSUER "/openid4vci/token");
  assert_json_text_equal (as_json,
    "{\"issuer\": \"https://id.vneid.example\", \"token_endpoint\": \"https://id.vneid.example/openid4vci/token\","
    " \"grant_types_supported\": [\"urn:ietf:params:oauth:grant-type:pre-authorized_code\"],"
    " \"token_endpoint_auth_methods_supported\": [\"none\"],"
    " \"pre-authorized_grant_anonymous_access_supported\": true}");
}
END_TEST

START_TEST (test_metadata_skips_unusable_configurations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciMetadata) metadata = vneid_openid4vci_metadata_new_from_json (
    "{\"credential_issuer\": \"https://a.example\", \"credential_endpoint\": \"https://a.example/c\","
    " \"authorization_servers\": [\"https://as.example\"],"
    " \"credential_configurations_supported\": {"
    "  \"w3c\": {\"format\": \"jwt_vc_json\"},"
    "  \"es256\": {\"format\": \"dc+sd-jwt\", \"vct\": \"v\", \"proof_types_supported\":"
    "            {\"jwt\": {\"proof_signing_alg_values_supported\": [\"ES256\"]}}},"
    "  \"novct\": {\"format\": \"dc+sd-jwt\", \"vct\": 5},"
    "  \"format\": {\"format\": 5},"
    "  \"notobject\": 7,"
    "  \"plain\": {\"format\": \"dc+sd-jwt\", \"vct\": \"urn:x\"}}}", "https://a.example", &error);

  vt_assert_no_error (error);
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_configuration_vct (metadata, "w3c"));
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_configuration_vct (metadata, "es256"));
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_configuration_vct (metadata, "novct"));
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_configuration_vct (metadata, "format"));
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_configuration_vct (metadata, "notobject"));
  ck_assert_str_eq (vneid_openid4vci_metadata_get_configuration_vct (metadata, "plain"), "urn:x");
  ck_assert_str_eq (vneid_openid4vci_metadata_get_authorization_server (metadata), "https://as.example");
  ck_assert_ptr_null (vneid_openid4vci_metadata_get_nonce_endpoint (metadata));
}
END_TEST

static const struct {
  const char *json;
  const char *reason;
} bad_metadata[] = {
  { "\"x\"", "object" },
  { "{\"credential_endpoint\": \"https://a.example/c\", \"credential_configurations_supported\": {}}", "credential_issuer" },
  { "{\"credential_issuer\": \"https://b.example\", \"credential_endpoint\": \"https://a.example/c\","
    " \"credential_configurations_supported\": {}}", "not the one" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_configurations_supported\": {}}", "credential_endpoint" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_endpoint\": \"http://a.example/c\","
    " \"credential_configurations_supported\": {}}", "https" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_endpoint\": \"https://a.example/c\","
    " \"nonce_endpoint\": \"ftp://a.example/n\", \"credential_configurations_supported\": {}}", "https" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_endpoint\": \"https://a.example/c\"}",
    "credential_configurations_supported" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_endpoint\": \"https://a.example/c\","
    " \"authorization_servers\": [], \"credential_configurations_supported\": {}}", "authorization_servers" },
  { "{\"credential_issuer\": \"https://a.example\", \"credential_endpoint\": \"https://a.example/c\","
    " \"authorization_servers\": [3], \"credential_configurations_supported\": {}}", "authorization_servers" },
};

START_TEST (test_metadata_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciMetadata) metadata =
    vneid_openid4vci_metadata_new_from_json (bad_metadata[_i].json, "https://a.example", &error);

  ck_assert_ptr_null (metadata);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_METADATA, bad_metadata[_i].reason);
}
END_TEST

static const struct {
  const char *json;
  const char *reason;
} bad_as_metadata[] = {
  { "[]", "object" },
  { "{\"token_endpoint\": \"https://id.vneid.example/t\"}", "issuer" },
  { "{\"issuer\": \"https://evil.example\", \"token_endpoint\": \"https://id.vneid.example/t\"}", "fetched for" },
  { "{\"issuer\": \"https://id.vneid.example\"}", "token_endpoint" },
  { "{\"issuer\": \"https://id.vneid.example\", \"token_endpoint\": \"http://id.vneid.example/t\"}", "https" },
  { "{\"issuer\": \"https://id.vneid.example\", \"token_endpoint\": \"https://id.vneid.example/t\","
    " \"grant_types_supported\": [\"authorization_code\"]}", "pre-authorized" },
};

START_TEST (test_as_metadata_refusals)
{
  g_autoptr(VneidOpenid4vciMetadata) metadata = metadata_new ();
  g_autoptr(GError) error = NULL;

  ck_assert (!vneid_openid4vci_metadata_read_authorization_server (metadata, bad_as_metadata[_i].json, &error));
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_METADATA, bad_as_metadata[_i].reason);
  ck_assert_str_eq (vneid_openid4vci_metadata_get_token_endpoint (metadata), ISSUER "/openid4vci/token");
}
END_TEST

START_TEST (test_well_known_url)
{
  static const struct { const char *identifier, *expected; } cases[] = {
    { "https://id.vneid.example", "https://id.vneid.example/.well-known/openid-credential-issuer" },
    { "https://id.vneid.example/", "https://id.vneid.example/.well-known/openid-credential-issuer" },
    { "https://issuer.example.com/tenant", "https://issuer.example.com/.well-known/openid-credential-issuer/tenant" },
    { "http://127.0.0.1:8443", "http://127.0.0.1:8443/.well-known/openid-credential-issuer" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = vneid_openid4vci_metadata_build_well_known_url (cases[i].identifier,
                                                                            VNEID_OPENID4VCI_WELL_KNOWN_ISSUER, &error);
      vt_assert_no_error (error);
      ck_assert_str_eq (url, cases[i].expected);
    }
  bad = vneid_openid4vci_metadata_build_well_known_url ("https://a.example/?x", "openid-credential-issuer", &error);
  ck_assert_ptr_null (bad);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_METADATA, "query");
  g_clear_error (&error);
  bad = vneid_openid4vci_metadata_build_well_known_url ("http://id.vneid.example", "openid-credential-issuer", &error);
  ck_assert_ptr_null (bad);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_METADATA, "https");
}
END_TEST

/* ---- token ------------------------------------------------------------ */

START_TEST (test_token_request_round_trip)
{
  g_autoptr(VneidOpenid4vciTokenRequest) request = vneid_openid4vci_token_request_new ("a+b/c=", "493536");
  g_autofree char *form = vneid_openid4vci_token_request_to_form (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciTokenRequest) back = vneid_openid4vci_token_request_new_from_form (form, &error);

  ck_assert_str_eq (form, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code"
                          "&pre-authorized_code=a%2Bb%2Fc%3D&tx_code=493536");
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_token_request_get_pre_authorized_code (back), "a+b/c=");
  ck_assert_str_eq (vneid_openid4vci_token_request_get_tx_code (back), "493536");
  ck_assert (vneid_openid4vci_token_request_check_tx_code_presence (back, TRUE, &error));
  vt_assert_no_error (error);
  ck_assert (!vneid_openid4vci_token_request_check_tx_code_presence (back, FALSE, &error));
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "has none");
  g_clear_error (&error);

  g_clear_object (&back);
  /* unescaped ':' as the spec's own example writes it, '+' for a space, extra parameters ignored */
  back = vneid_openid4vci_token_request_new_from_form (
    "grant_type=urn:ietf:params:oauth:grant-type:pre-authorized_code&pre-authorized_code=x+y&client_id=w&&", &error);
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_token_request_get_pre_authorized_code (back), "x y");
  ck_assert_ptr_null (vneid_openid4vci_token_request_get_tx_code (back));
  ck_assert (!vneid_openid4vci_token_request_check_tx_code_presence (back, TRUE, &error));
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "missing");
}
END_TEST

#define GRANT "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code"

static const struct {
  const char *form;
  int code;
  const char *reason;
} bad_token_requests[] = {
  { "", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "grant_type" },
  { "pre-authorized_code=c", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "grant_type" },
  { "grant_type=authorization_code&code=c", VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE, "only" },
  { GRANT, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "pre-authorized_code" },
  { GRANT "&pre-authorized_code=", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "pre-authorized_code" },
  { GRANT "&pre-authorized_code=a&pre-authorized_code=b", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "repeats" },
  { GRANT "&pre-authorized_code=a&tx_code=1&tx_code=2", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "repeats" },
  { GRANT "&pre-authorized_code=%G1", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "escape" },
  { GRANT "&pre-authorized_code=a%00b", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "escape" },
  { GRANT "&pre-authorized_code=%C3", VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "UTF-8" },
};

START_TEST (test_token_request_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciTokenRequest) request =
    vneid_openid4vci_token_request_new_from_form (bad_token_requests[_i].form, &error);

  ck_assert_ptr_null (request);
  vt_assert_error (error, VCI, bad_token_requests[_i].code, bad_token_requests[_i].reason);
}
END_TEST

START_TEST (test_token_request_too_large)
{
  g_autofree char *body = g_strnfill (VNEID_OPENID4VCI_MAX_MESSAGE_SIZE + 1, 'a');
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciTokenRequest) request = vneid_openid4vci_token_request_new_from_form (body, &error);

  ck_assert_ptr_null (request);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "larger");
}
END_TEST

START_TEST (test_token_response_round_trip)
{
  g_autoptr(VneidOpenid4vciTokenResponse) response = vneid_openid4vci_token_response_new ("tok", 300);
  g_autofree char *json = vneid_openid4vci_token_response_to_json (response);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciTokenResponse) back = vneid_openid4vci_token_response_new_from_json (json, &error);

  assert_json_text_equal (json, "{\"access_token\": \"tok\", \"token_type\": \"Bearer\", \"expires_in\": 300}");
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_token_response_get_access_token (back), "tok");
  ck_assert_uint_eq (vneid_openid4vci_token_response_get_expires_in (back), 300);

  g_clear_object (&back);
  back = vneid_openid4vci_token_response_new_from_json ("{\"access_token\": \"t\", \"token_type\": \"bearer\","
                                                        " \"c_nonce\": \"old drafts\"}", &error);
  vt_assert_no_error (error);
  ck_assert_uint_eq (vneid_openid4vci_token_response_get_expires_in (back), 0);
}
END_TEST

static const struct {
  const char *json;
  const char *reason;
} bad_token_responses[] = {
  { "nope", "JSON|parse|invalid" },
  { "{\"token_type\": \"Bearer\"}", "access_token" },
  { "{\"access_token\": \"\", \"token_type\": \"Bearer\"}", "empty" },
  { "{\"access_token\": 5, \"token_type\": \"Bearer\"}", "access_token" },
  { "{\"access_token\": \"t\"}", "token_type" },
  { "{\"access_token\": \"t\", \"token_type\": \"DPoP\"}", "Bearer" },
  { "{\"access_token\": \"t\", \"token_type\": \"Bearer\", \"expires_in\": 0}", "positive" },
  { "{\"access_token\": \"t\", \"token_type\": \"Bearer\", \"expires_in\": -5}", "positive" },
  { "{\"access_token\": \"t\", \"token_type\": \"Bearer\", \"expires_in\": 1.5}", "expires_in" },
};

START_TEST (test_token_response_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciTokenResponse) response =
    vneid_openid4vci_token_response_new_from_json (bad_token_responses[_i].json, &error);

  ck_assert_ptr_null (response);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, bad_token_responses[_i].reason);
}
END_TEST

/* ---- nonce ------------------------------------------------------------ */

START_TEST (test_nonce)
{
  g_autofree char *a = vneid_openid4vci_generate_secret ();
  g_autofree char *b = vneid_openid4vci_generate_secret ();
  g_autofree char *json = vneid_openid4vci_nonce_response_to_json (C_NONCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *back = vneid_openid4vci_nonce_response_parse (json, &error);
  static const char *const bad[] = { "{}", "{\"c_nonce\": 1}", "{\"c_nonce\": \"\"}", "[]", "" };

  ck_assert_uint_eq (strlen (a), 43);
  ck_assert_str_ne (a, b);
  vt_assert_no_error (error);
  ck_assert_str_eq (back, C_NONCE);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *none = vneid_openid4vci_nonce_response_parse (bad[i], &error);
      ck_assert_ptr_null (none);
      vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, "c_nonce|object|JSON|parse|empty|invalid");
      g_clear_error (&error);
    }
}
END_TEST

/* ---- key proofs ------------------------------------------------------- */

START_TEST (test_proof_round_trip)
{
  g_autoptr(VneidKey) holder = vt_key_new ("wallet-1");
  g_autoptr(GError) error = NULL;
  g_autofree char *jwt = vneid_openid4vci_proof_build (holder, ISSUER, C_NONCE, VT_NOW, &error);
  g_autoptr(VneidOpenid4vciProof) proof = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) payload = NULL;

  vt_assert_no_error (error);
  header = vt_jwt_header (jwt);
  payload = vt_jwt_payload (jwt);
  ck_assert_str_eq (json_object_get_string_member (header, "typ"), "openid4vci-proof+jwt");
  ck_assert_str_eq (json_object_get_string_member (header, "alg"), "EdDSA");
  ck_assert (!json_object_has_member (header, "kid"));
  ck_assert (!json_object_has_member (json_object_get_object_member (header, "jwk"), "d"));
  vt_assert_json_equal (payload, "{\"aud\": \"https://id.vneid.example\", \"iat\": 1767225600,"
                                             " \"nonce\": \"wKI4LT17ac15ES9bw8ac4\"}");

  proof = vneid_openid4vci_proof_new_from_jwt (jwt, ISSUER, VT_NOW + 10, VNEID_OPENID4VCI_PROOF_MAX_AGE, &error);
  vt_assert_no_error (error);
  ck_assert (vneid_key_equal (vneid_openid4vci_proof_get_holder_key (proof), holder));
  ck_assert (!vneid_key_has_private (vneid_openid4vci_proof_get_holder_key (proof)));
  ck_assert_str_eq (vneid_openid4vci_proof_get_nonce (proof), C_NONCE);
  ck_assert_int_eq (vneid_openid4vci_proof_get_issued_at (proof), VT_NOW);
}
END_TEST

START_TEST (test_proof_needs_private_key)
{
  g_autoptr(VneidKey) holder = vt_key_new ("wallet-1");
  g_autoptr(VneidKey) public_only = vneid_key_dup_public (holder);
  g_autoptr(GError) error = NULL;
  g_autofree char *jwt = vneid_openid4vci_proof_build (public_only, ISSUER, C_NONCE, VT_NOW, &error);

  ck_assert_ptr_null (jwt);
  vt_assert_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_NO_PRIVATE_KEY, "private");
}
END_TEST

/* A proof with header @header_json (each @JWK@ in it replaced by the
 * holder's public JWK; NULL: a good header), @payload_json, signed by
 * @signer (or the holder). */
static char *
forge_proof (VneidKey   *holder,
             const char *header_json,
             const char *payload_json,
             VneidKey   *signer)
{
  g_autofree char *jwk = vneid_key_to_jwk (holder, FALSE);
  g_auto(GStrv) parts = g_strsplit (header_json ? header_json
                                                : "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\", \"jwk\": @JWK@}",
                                    "@JWK@", -1);
  g_autofree char *header = g_strjoinv (jwk, parts);

  return vt_forge_jws (header, payload_json, signer ? signer : holder);
}

#define GOOD_PAYLOAD "{\"aud\": \"https://id.vneid.example\", \"iat\": 1767225600, \"nonce\": \"n\"}"

static const struct {
  const char *header;   /* @JWK@: the holder's public JWK */
  const char *payload;
  gboolean    other_signer;
  const char *reason;
} bad_proofs[] = {
  { "{\"typ\": \"JWT\", \"alg\": \"EdDSA\", \"jwk\": @JWK@}", GOOD_PAYLOAD, FALSE, "typ" },
  { "{\"alg\": \"EdDSA\", \"jwk\": @JWK@}", GOOD_PAYLOAD, FALSE, "typ" },
  { "{\"typ\": 5, \"alg\": \"EdDSA\", \"jwk\": @JWK@}", GOOD_PAYLOAD, FALSE, "typ" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"none\", \"jwk\": @JWK@}", GOOD_PAYLOAD, FALSE, "alg" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"ES256\", \"jwk\": @JWK@}", GOOD_PAYLOAD, FALSE, "alg" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": [\"EdDSA\"], \"jwk\": @JWK@}", GOOD_PAYLOAD, FALSE, "alg" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\", \"kid\": \"k\", \"x\": @JWK@}", GOOD_PAYLOAD, FALSE, "jwk" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\", \"jwk\": \"k\"}", GOOD_PAYLOAD, FALSE, "jwk" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\", \"jwk\": @JWK@, \"kid\": \"k\"}", GOOD_PAYLOAD, FALSE, "kid" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\", \"jwk\": @JWK@, \"x5c\": [\"MII\"]}", GOOD_PAYLOAD, FALSE, "x5c" },
  { "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\", \"jwk\": @JWK@, \"crit\": [\"b64\"]}", GOOD_PAYLOAD, FALSE, "crit" },
  { NULL, GOOD_PAYLOAD, TRUE, "signature" },
  { NULL, "{\"aud\": \"https://evil.example\", \"iat\": 1767225600, \"nonce\": \"n\"}", FALSE, "aud" },
  { NULL, "{\"aud\": [\"https://id.vneid.example\"], \"iat\": 1767225600, \"nonce\": \"n\"}", FALSE, "aud" },
  { NULL, "{\"iat\": 1767225600, \"nonce\": \"n\"}", FALSE, "aud" },
  { NULL, "{\"aud\": \"https://id.vneid.example\", \"nonce\": \"n\"}", FALSE, "iat" },
  { NULL, "{\"aud\": \"https://id.vneid.example\", \"iat\": \"1767225600\", \"nonce\": \"n\"}", FALSE, "iat" },
  { NULL, "{\"aud\": \"https://id.vneid.example\", \"iat\": 1767225661, \"nonce\": \"n\"}", FALSE, "future" },
  { NULL, "{\"aud\": \"https://id.vneid.example\", \"iat\": 1767225299, \"nonce\": \"n\"}", FALSE, "older" },
  { NULL, "{\"aud\": \"https://id.vneid.example\", \"iat\": 1767225600}", FALSE, "nonce" },
  { NULL, "{\"aud\": \"https://id.vneid.example\", \"iat\": 1767225600, \"nonce\": \"\"}", FALSE, "nonce" },
  { NULL, "{\"aud\": \"https://id.vneid.example\", \"iat\": 1767225600, \"nonce\": 7}", FALSE, "nonce" },
};

START_TEST (test_proof_refusals)
{
  g_autoptr(VneidKey) holder = vt_key_new (NULL);
  g_autoptr(VneidKey) other = vt_key_new (NULL);
  g_autofree char *jwt = forge_proof (holder, bad_proofs[_i].header, bad_proofs[_i].payload,
                                      bad_proofs[_i].other_signer ? other : NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciProof) proof =
    vneid_openid4vci_proof_new_from_jwt (jwt, ISSUER, VT_NOW, 300, &error);

  ck_assert_ptr_null (proof);
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, bad_proofs[_i].reason);
}
END_TEST

START_TEST (test_proof_refuses_private_jwk_and_bad_shapes)
{
  g_autoptr(VneidKey) holder = vt_key_new (NULL);
  g_autofree char *private_jwk = vneid_key_to_jwk (holder, TRUE);
  g_autofree char *header = g_strdup_printf ("{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\", \"jwk\": %s}", private_jwk);
  g_autofree char *with_d = vt_forge_jws (header, GOOD_PAYLOAD, holder);
  g_autofree char *ec = vt_forge_jws ("{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"EdDSA\","
                                      " \"jwk\": {\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"AA\", \"y\": \"AA\"}}",
                                      GOOD_PAYLOAD, holder);
  g_autofree char *huge = g_strnfill (8 * 1024 + 1, 'a');
  static const char *const malformed[] = { "", "a.b", "a.b.c.d", "e30.e30.", "!!.e30.AA" };
  GError *error = NULL;

  ck_assert_ptr_null (vneid_openid4vci_proof_new_from_jwt (with_d, ISSUER, VT_NOW, 300, &error));
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "private");
  g_clear_error (&error);
  ck_assert_ptr_null (vneid_openid4vci_proof_new_from_jwt (ec, ISSUER, VT_NOW, 300, &error));
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "Ed25519");
  g_clear_error (&error);
  ck_assert_ptr_null (vneid_openid4vci_proof_new_from_jwt (huge, ISSUER, VT_NOW, 300, &error));
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "larger");
  g_clear_error (&error);
  ck_assert_ptr_null (vneid_openid4vci_proof_new_from_jwt (NULL, ISSUER, VT_NOW, 300, &error));
  vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "missing");
  g_clear_error (&error);
  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      ck_assert_ptr_null (vneid_openid4vci_proof_new_from_jwt (malformed[i], ISSUER, VT_NOW, 300, &error));
      vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "key proof");
      g_clear_error (&error);
    }
}
END_TEST

START_TEST (test_proof_accepts_ed25519_alg)
{
  g_autoptr(VneidKey) holder = vt_key_new (NULL);
  g_autofree char *jwt = forge_proof (holder, "{\"typ\": \"openid4vci-proof+jwt\", \"alg\": \"Ed25519\", \"jwk\": @JWK@}",
                                      GOOD_PAYLOAD, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciProof) proof = vneid_openid4vci_proof_new_from_jwt (jwt, ISSUER, VT_NOW, 300, &error);

  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_proof_get_nonce (proof), "n");
}
END_TEST

/* `typ` is a media type (RFC 7515 section 4.1.9): the "application/" form
 * and other letter cases name the same type, a different subtype does not. */
static const struct {
  const char *typ;
  gboolean    accepted;
} proof_typs[] = {
  { "application/openid4vci-proof+jwt", TRUE },
  { "OpenID4VCI-Proof+JWT", TRUE },
  { "application/openid4vci-proof+jwt/x", FALSE },
  { "text/openid4vci-proof+jwt", FALSE },
  { "openid4vci-proof+jwt ", FALSE },
};

START_TEST (test_proof_typ_is_a_media_type)
{
  g_autoptr(VneidKey) holder = vt_key_new (NULL);
  g_autofree char *header = g_strdup_printf ("{\"typ\": \"%s\", \"alg\": \"EdDSA\", \"jwk\": @JWK@}",
                                             proof_typs[_i].typ);
  g_autofree char *jwt = forge_proof (holder, header, GOOD_PAYLOAD, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciProof) proof = vneid_openid4vci_proof_new_from_jwt (jwt, ISSUER, VT_NOW, 300, &error);

  if (proof_typs[_i].accepted)
    vt_assert_no_error (error);
  else
    vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "typ");
}
END_TEST

/* ---- credential request and response --------------------------------- */

START_TEST (test_credential_request_round_trip)
{
  g_autoptr(VneidOpenid4vciCredentialRequest) request = vneid_openid4vci_credential_request_new ("pid", "a.b.c");
  g_autofree char *json = vneid_openid4vci_credential_request_to_json (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciCredentialRequest) back = vneid_openid4vci_credential_request_new_from_json (json, &error);

  assert_json_text_equal (json, "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"jwt\": [\"a.b.c\"]}}");
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_credential_request_get_credential_configuration_id (back), "pid");
  ck_assert_str_eq (vneid_openid4vci_credential_request_get_proof (back), "a.b.c");
}
END_TEST

static const struct {
  const char *json;
  int code;
  const char *reason;
} bad_credential_requests[] = {
  { "[]", VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "object" },
  { "{\"proofs\": {\"jwt\": [\"p\"]}}", VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "credential_configuration_id" },
  { "{\"credential_configuration_id\": \"\", \"proofs\": {\"jwt\": [\"p\"]}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "empty" },
  { "{\"credential_configuration_id\": 1, \"proofs\": {\"jwt\": [\"p\"]}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "credential_configuration_id" },
  { "{\"credential_identifier\": \"x\", \"proofs\": {\"jwt\": [\"p\"]}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "credential_identifier" },
  { "{\"credential_configuration_id\": \"pid\"}", VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "proofs" },
  { "{\"credential_configuration_id\": \"pid\", \"proof\": {\"proof_type\": \"jwt\", \"jwt\": \"p\"}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "drafts" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": []}", VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "exactly one" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"jwt\": [\"p\"], \"di_vp\": [{}]}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "exactly one" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"attestation\": [\"a\"]}}",
    VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "only proof type" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"jwt\": []}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "non-empty" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"jwt\": \"p\"}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "non-empty" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"jwt\": [\"p\", \"q\"]}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "batch" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"jwt\": [{}]}}", VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "string" },
  { "{\"credential_configuration_id\": \"pid\", \"proofs\": {\"jwt\": [\"p\"]},"
    " \"credential_response_encryption\": {\"jwk\": {}, \"enc\": \"A128GCM\"}}",
    VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "encrypted" },
};

START_TEST (test_credential_request_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciCredentialRequest) request =
    vneid_openid4vci_credential_request_new_from_json (bad_credential_requests[_i].json, &error);

  ck_assert_ptr_null (request);
  vt_assert_error (error, VCI, bad_credential_requests[_i].code, bad_credential_requests[_i].reason);
}
END_TEST

START_TEST (test_credential_response)
{
  g_autoptr(VneidOpenid4vciCredentialResponse) response = vneid_openid4vci_credential_response_new ("jwt~d~");
  g_autofree char *json = vneid_openid4vci_credential_response_to_json (response);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vciCredentialResponse) back = vneid_openid4vci_credential_response_new_from_json (json, &error);
  static const char *const bad[] = {
    "{\"transaction_id\": \"t\", \"interval\": 5}",
    "{\"credentials\": []}",
    "{\"credentials\": [{\"credential\": \"a\"}, {\"credential\": \"b\"}]}",
    "{\"credentials\": [\"a\"]}",
    "{\"credentials\": [{\"credential\": {\"a\": 1}}]}",
    "{\"credentials\": [{\"credential\": \"\"}]}",
    "{\"credential\": \"old drafts\"}",
    "42",
  };

  assert_json_text_equal (json, "{\"credentials\": [{\"credential\": \"jwt~d~\"}]}");
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_openid4vci_credential_response_get_credential (back), "jwt~d~");
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VneidOpenid4vciCredentialResponse) none = vneid_openid4vci_credential_response_new_from_json (bad[i], &error);
      ck_assert_ptr_null (none);
      vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE, "credential|deferred|object|JSON|parse|invalid");
      g_clear_error (&error);
    }
}
END_TEST

/* ---- errors ----------------------------------------------------------- */

START_TEST (test_error_codes)
{
  static const struct { int code; const char *name; guint status; } cases[] = {
    { VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "invalid_request", 400 },
    { VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE, "unsupported_grant_type", 400 },
    { VNEID_OPENID4VCI_ERROR_INVALID_GRANT, "invalid_grant", 400 },
    { VNEID_OPENID4VCI_ERROR_INVALID_TOKEN, "invalid_token", 401 },
    { VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "invalid_credential_request", 400 },
    { VNEID_OPENID4VCI_ERROR_UNKNOWN_CREDENTIAL_CONFIGURATION, "unknown_credential_configuration", 400 },
    { VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "invalid_proof", 400 },
    { VNEID_OPENID4VCI_ERROR_INVALID_NONCE, "invalid_nonce", 400 },
    { VNEID_OPENID4VCI_ERROR_CREDENTIAL_REQUEST_DENIED, "credential_request_denied", 400 },
    { VNEID_OPENID4VCI_ERROR_INVALID_OFFER, "invalid_request", 400 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (VCI, cases[i].code, "x");
      g_autoptr(GError) back = NULL;
      g_autofree char *json = vneid_openid4vci_error_to_json (error);

      ck_assert_str_eq (vneid_openid4vci_error_get_code (error), cases[i].name);
      ck_assert_uint_eq (vneid_openid4vci_error_get_http_status (error), cases[i].status);
      /* and the client side reads each code back */
      ck_assert (!vneid_openid4vci_set_error_from_response (cases[i].status, json, strlen (json), "test", &back));
      if (cases[i].code != VNEID_OPENID4VCI_ERROR_INVALID_OFFER)
        ck_assert_int_eq (back->code, cases[i].code);
      ck_assert_ptr_nonnull (strstr (back->message, cases[i].name));
    }
}
END_TEST

START_TEST (test_error_json_is_clean_ascii)
{
  g_autoptr(GError) error = g_error_new_literal (VCI, VNEID_OPENID4VCI_ERROR_INVALID_GRANT,
                                                 "mã “tx_code” sai \"x\" \\ \n\x01");
  g_autoptr(GError) other = g_error_new_literal (VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED, "bad");
  g_autofree char *json = vneid_openid4vci_error_to_json (error);
  g_autofree char *other_json = vneid_openid4vci_error_to_json (other);

  assert_json_text_equal (json,
                        "{\"error\": \"invalid_grant\", \"error_description\": \"m? 'tx_code' sai 'x' ? ??\"}");
  assert_json_text_equal (other_json, "{\"error\": \"invalid_request\", \"error_description\": \"bad\"}");
  ck_assert_uint_eq (vneid_openid4vci_error_get_http_status (other), 400);
}
END_TEST

START_TEST (test_error_from_odd_responses)
{
  static const char *const bodies[] = { "<html>", "{\"error\": 5}", "{}", "" };
  g_autoptr(GError) unknown = NULL;
  const char *body;

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      ck_assert (!vneid_openid4vci_set_error_from_response (502, bodies[i], strlen (bodies[i]), "token endpoint", &error));
      vt_assert_error (error, VCI, VNEID_OPENID4VCI_ERROR_SERVER_ERROR, "502");
    }
  body = "{\"error\": \"invalid_client\", \"error_description\": \"\\u0007no\"}";
  ck_assert (!vneid_openid4vci_set_error_from_response (400, body, strlen (body), "token endpoint", &unknown));
  vt_assert_error (unknown, VCI, VNEID_OPENID4VCI_ERROR_SERVER_ERROR, "invalid_client (HTTP 400): ?no");
}
END_TEST

static Suite *
openid4vci_suite (void)
{
  Suite *suite = suite_create ("openid4vci");
  TCase *tc = tcase_create ("offer");

  tcase_add_test (tc, test_offer_json_round_trip);
  tcase_add_test (tc, test_offer_uri_by_value);
  tcase_add_test (tc, test_offer_uri_by_reference);
  tcase_add_test (tc, test_offer_minimal_and_loopback);
  tcase_add_loop_test (tc, test_offer_refusals, 0, G_N_ELEMENTS (bad_offers));
  tcase_add_test (tc, test_offer_refuses_long_description);
  tcase_add_loop_test (tc, test_offer_uri_refusals, 0, G_N_ELEMENTS (bad_uris));
  suite_add_tcase (suite, tc);

  tc = tcase_create ("metadata");
  tcase_add_test (tc, test_metadata_round_trip);
  tcase_add_test (tc, test_metadata_skips_unusable_configurations);
  tcase_add_loop_test (tc, test_metadata_refusals, 0, G_N_ELEMENTS (bad_metadata));
  tcase_add_loop_test (tc, test_as_metadata_refusals, 0, G_N_ELEMENTS (bad_as_metadata));
  tcase_add_test (tc, test_well_known_url);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("token");
  tcase_add_test (tc, test_token_request_round_trip);
  tcase_add_loop_test (tc, test_token_request_refusals, 0, G_N_ELEMENTS (bad_token_requests));
  tcase_add_test (tc, test_token_request_too_large);
  tcase_add_test (tc, test_token_response_round_trip);
  tcase_add_loop_test (tc, test_token_response_refusals, 0, G_N_ELEMENTS (bad_token_responses));
  tcase_add_test (tc, test_nonce);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("proof");
  tcase_add_test (tc, test_proof_round_trip);
  tcase_add_test (tc, test_proof_needs_private_key);
  tcase_add_loop_test (tc, test_proof_refusals, 0, G_N_ELEMENTS (bad_proofs));
  tcase_add_test (tc, test_proof_refuses_private_jwk_and_bad_shapes);
  tcase_add_test (tc, test_proof_accepts_ed25519_alg);
  tcase_add_loop_test (tc, test_proof_typ_is_a_media_type, 0, G_N_ELEMENTS (proof_typs));
  suite_add_tcase (suite, tc);

  tc = tcase_create ("credential");
  tcase_add_test (tc, test_credential_request_round_trip);
  tcase_add_loop_test (tc, test_credential_request_refusals, 0, G_N_ELEMENTS (bad_credential_requests));
  tcase_add_test (tc, test_credential_response);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("errors");
  tcase_add_test (tc, test_error_codes);
  tcase_add_test (tc, test_error_json_is_clean_ascii);
  tcase_add_test (tc, test_error_from_odd_responses);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  return vt_run_suite (openid4vci_suite ());
}
