/* test-authority-issuance.c: OpenID4VCI issuance rules with an injected
 * clock — offers, single-use and short-lived codes, the tx_code cap, nonces,
 * access tokens, proofs, the credential issued — on SQLite or PostgreSQL
 * (AUTHORITY_TEST_BACKEND)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "authority-issuance-private.h"
#include "authority-test-util.h"

#define ISSUER      "https://id.vneid.example"
#define BHYT_ISSUER "https://bhyt.baohiemxahoi.example"
#define HOA         "017195002483"   /* no BHYT card on record */
#define VCI         VNEID_OPENID4VCI_ERROR

typedef struct {
  char *code;
  char *tx_code;
} Offer;

static void
offer_clear (Offer *offer)
{
  g_free (offer->code);
  g_free (offer->tx_code);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Offer, offer_clear)

/* An offer of @kind for @personal_id, its pre-authorized code read back
 * from the offer URI and its tx_code from the SMS. */
static Offer
make_offer (const char *personal_id,
            const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = authority_issuance_create_offer (at.service, personal_id, kind, &error);
  g_autoptr(VneidOpenid4vciOffer) offer = NULL;
  g_autofree char *to = NULL, *sms = NULL;
  Offer made;

  at_assert_ok (uri != NULL, error);
  at_assert_ok (vneid_openid4vci_offer_parse_uri (uri, &offer, NULL, &error), error);
  ck_assert_str_eq (vneid_openid4vci_offer_get_credential_issuer (offer), ISSUER);
  ck_assert_str_eq (vneid_openid4vci_offer_get_credential_configuration_ids (offer)[0], kind);
  ck_assert (vneid_openid4vci_offer_get_tx_code_required (offer));
  ck_assert_uint_eq (vneid_openid4vci_offer_get_tx_code_length (offer), AUTHORITY_TX_CODE_DIGITS);
  sms = at_last_sms (&to);
  ck_assert_ptr_nonnull (strstr (sms, kind));
  made.code = g_strdup (vneid_openid4vci_offer_get_pre_authorized_code (offer));
  made.tx_code = at_last_code ();
  return made;
}

static char *
token_for (const char *code,
           const char *tx_code,
           GError    **error)
{
  g_autoptr(VneidOpenid4vciTokenRequest) request = vneid_openid4vci_token_request_new (code, tx_code);
  g_autofree char *form = vneid_openid4vci_token_request_to_form (request);

  return authority_issuance_token (at.service, form, error);
}

static char *
nonce (void)
{
  g_autoptr(GError) error = NULL;
  char *c_nonce = authority_issuance_nonce (at.service, &error);

  at_assert_ok (c_nonce != NULL, error);
  return c_nonce;
}

/* A credential request for @kind with a proof by @holder for @audience and
 * @c_nonce, made now. */
static char *
credential_for (const char *token,
                const char *kind,
                VneidKey   *holder,
                const char *audience,
                const char *c_nonce,
                GError    **error)
{
  g_autoptr(GError) proof_error = NULL;
  g_autofree char *proof = vneid_openid4vci_proof_build (holder, audience, c_nonce, at.now, &proof_error);
  g_autoptr(VneidOpenid4vciCredentialRequest) request = NULL;
  g_autofree char *body = NULL;

  at_assert_ok (proof != NULL, proof_error);
  request = vneid_openid4vci_credential_request_new (kind, proof);
  body = vneid_openid4vci_credential_request_to_json (request);
  return authority_issuance_credential (at.service, token, body, error);
}

/* Offer → token → nonce → credential, everything expected to work. */
static char *
obtain (const char *personal_id,
        const char *kind,
        VneidKey   *holder)
{
  g_auto(Offer) offer = make_offer (personal_id, kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = token_for (offer.code, offer.tx_code, &error);
  g_autofree char *c_nonce = NULL;
  char *credential;

  at_assert_ok (token != NULL, error);
  c_nonce = nonce ();
  credential = credential_for (token, kind, holder, ISSUER, c_nonce, &error);
  at_assert_ok (credential != NULL, error);
  return credential;
}

static VneidVerifiedCredential *
verify (const char *credential)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidTrustStore) trust = vneid_trust_store_new ();
  g_autofree char *population = g_build_filename (g_getenv ("VNEID_EXAMPLES_DATA"), "population-db.metadata.json", NULL);
  g_autofree char *bhyt = g_build_filename (g_getenv ("VNEID_EXAMPLES_DATA"), "vss-bhyt.metadata.json", NULL);
  g_autoptr(VneidVerifier) verifier = NULL;
  VneidVerifiedCredential *verified;

  at_assert_ok (vneid_trust_store_add_metadata_file (trust, population, &error), error);
  at_assert_ok (vneid_trust_store_add_metadata_file (trust, bhyt, &error), error);
  /* each issuer only its own types, as a verifier should */
  vneid_trust_store_allow (trust, "urn:vn:vneid:pid:1", ISSUER);
  vneid_trust_store_allow (trust, "urn:vn:vneid:cccd:1", ISSUER);
  vneid_trust_store_allow (trust, "urn:vn:vneid:contact:1", ISSUER);
  vneid_trust_store_allow (trust, "urn:vn:bhyt:card:1", BHYT_ISSUER);
  verifier = vneid_verifier_new (trust);
  vneid_verifier_set_time (verifier, at.now);
  vneid_verifier_set_check_status (verifier, FALSE);
  verified = vneid_verifier_verify (verifier, credential, &error);
  at_assert_ok (verified != NULL, error);
  return verified;
}

#define assert_vci_error(error, code_, reason)                                          \
  G_STMT_START {                                                                        \
    ck_assert_msg ((error) != NULL, "expected " #code_ ", got success");               \
    ck_assert_msg ((error)->domain == VCI && (error)->code == (code_),                  \
                   "expected " #code_ ", got %s %d: %s", g_quark_to_string ((error)->domain), \
                   (error)->code, (error)->message);                                    \
    ck_assert_msg (strstr ((error)->message, (reason)) != NULL,                         \
                   "“%s” does not say “%s”", (error)->message, (reason));              \
    g_clear_error (&(error));                                                           \
  } G_STMT_END

START_TEST (test_offer_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = authority_issuance_create_offer (at.service, AT_MAI, "passport", &error);
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  uri = authority_issuance_create_offer (at.service, AT_MAI, "pid", &error);
  at_assert_error (error, AUTHORITY_ERROR_NOT_FOUND);
  g_free (at_register (AT_MAI, "0912345678"));
  uri = authority_issuance_create_offer (at.service, AT_MAI, "pid", &error);
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  at_approve (AT_MAI);
  at_activate (AT_MAI);
  uri = authority_issuance_create_offer (at.service, AT_MAI, "cccd", &error);
  at_assert_error (error, AUTHORITY_ERROR_LEVEL_REQUIRED);
  at_make_active (HOA, "0912000111");
  uri = authority_issuance_create_offer (at.service, HOA, "bhyt", &error);
  at_assert_error (error, AUTHORITY_ERROR_NOT_FOUND);
  at_assert_ok (authority_service_lock (at.service, AT_MAI, "citizen", &error), error);
  uri = authority_issuance_create_offer (at.service, AT_MAI, "pid", &error);
  at_assert_error (error, AUTHORITY_ERROR_LOCKED);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM credential_offers"), 0);
}
END_TEST

START_TEST (test_credential_is_bound_and_listed)
{
  g_autoptr(VneidKey) holder = vneid_key_generate ("wallet", NULL);
  g_autofree char *credential = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;
  JsonObject *payload, *status;

  at_make_active (AT_MAI, "0912345678");
  credential = obtain (AT_MAI, "pid", holder);
  verified = verify (credential);
  payload = vneid_verified_credential_get_payload (verified);
  ck_assert_str_eq (vneid_verified_credential_get_issuer (verified), ISSUER);
  ck_assert_str_eq (vneid_verified_credential_get_vct (verified), "urn:vn:vneid:pid:1");
  ck_assert (vneid_key_equal (vneid_verified_credential_get_holder_key (verified), holder));
  ck_assert_int_eq (vneid_verified_credential_get_issued_at (verified), at.now);
  ck_assert_int_eq (vneid_verified_credential_get_expires_at (verified), at.now + AUTHORITY_CREDENTIAL_LIFETIME);
  ck_assert_int_eq (json_object_get_int_member (payload, "vneid_level"), 1);
  ck_assert_str_eq (json_object_get_string_member (payload, "personal_administrative_number"), AT_MAI);
  status = json_object_get_object_member (json_object_get_object_member (payload, "status"), "status_list");
  ck_assert_str_eq (json_object_get_string_member (status, "uri"), ISSUER "/status/1");
  ck_assert_int_eq (at_count ("SELECT count(*) FROM credential_offers WHERE state = 'issued'"), 1);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM credential_nonces"), 0);
}
END_TEST

START_TEST (test_bhyt_and_cccd)
{
  g_autoptr(VneidKey) holder = vneid_key_generate (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bhyt = NULL, *cccd = NULL, *pid = NULL;
  g_autoptr(VneidVerifiedCredential) verified_bhyt = NULL, verified_cccd = NULL, verified_pid = NULL;

  at_make_active (AT_MAI, "0912345678");
  bhyt = obtain (AT_MAI, "bhyt", holder);
  verified_bhyt = verify (bhyt);
  ck_assert_str_eq (vneid_verified_credential_get_issuer (verified_bhyt), BHYT_ISSUER);
  ck_assert_str_eq (vneid_verified_credential_get_vct (verified_bhyt), "urn:vn:bhyt:card:1");

  at_assert_ok (authority_service_upgrade (at.service, AT_MAI, "police-hn-01", AT_MAI, &error), error);
  cccd = obtain (AT_MAI, "cccd", holder);
  verified_cccd = verify (cccd);
  ck_assert_str_eq (vneid_verified_credential_get_vct (verified_cccd), "urn:vn:vneid:cccd:1");
  pid = obtain (AT_MAI, "pid", holder);
  verified_pid = verify (pid);
  ck_assert_int_eq (json_object_get_int_member (vneid_verified_credential_get_payload (verified_pid), "vneid_level"), 2);
}
END_TEST

START_TEST (test_codes_stored_hashed)
{
  g_auto(Offer) offer = { NULL, NULL };
  g_autofree char *sql = NULL;

  at_make_active (AT_MAI, "0912345678");
  offer = make_offer (AT_MAI, "pid");
  sql = g_strdup_printf ("SELECT count(*) FROM credential_offers WHERE code_hash = '%s' OR tx_code_hash = '%s'"
                         " OR code_hash LIKE '%%%s%%'", offer.code, offer.tx_code, offer.tx_code);
  ck_assert_int_eq (at_count (sql), 0);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM credential_offers WHERE state = 'offered'"), 1);
}
END_TEST

START_TEST (test_tx_code_cap)
{
  g_auto(Offer) offer = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL, *token = NULL;

  at_make_active (AT_MAI, "0912345678");
  offer = make_offer (AT_MAI, "pid");
  wrong = g_strdup_printf ("%06d", (atoi (offer.tx_code) + 1) % 1000000);
  for (int i = 0; i < AUTHORITY_TX_CODE_MAX_FAILURES; i++)
    {
      token = token_for (offer.code, wrong, &error);
      ck_assert_ptr_null (token);
      assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_GRANT, "tx_code");
      ck_assert_int_eq (at_count ("SELECT max(failed_attempts) FROM credential_offers"), i + 1);
    }
  ck_assert_int_eq (at_count ("SELECT count(*) FROM credential_offers WHERE state = 'blocked'"), 1);
  token = token_for (offer.code, offer.tx_code, &error);
  ck_assert_ptr_null (token);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_GRANT, "blocked");
}
END_TEST

START_TEST (test_code_single_use_and_short_lived)
{
  g_auto(Offer) first = { NULL, NULL };
  g_auto(Offer) second = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *again = NULL, *late = NULL;

  at_make_active (AT_MAI, "0912345678");
  first = make_offer (AT_MAI, "pid");
  token = token_for (first.code, first.tx_code, &error);
  at_assert_ok (token != NULL, error);
  again = token_for (first.code, first.tx_code, &error);
  ck_assert_ptr_null (again);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_GRANT, "used");

  second = make_offer (AT_MAI, "contact");
  at.now += AUTHORITY_OFFER_LIFETIME + 1;
  late = token_for (second.code, second.tx_code, &error);
  ck_assert_ptr_null (late);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_GRANT, "expired");
  late = token_for ("no-such-code", second.tx_code, &error);
  ck_assert_ptr_null (late);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_GRANT, "unknown");
}
END_TEST

START_TEST (test_token_request_refusals)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = authority_issuance_token (at.service, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code"
                                                "&pre-authorized_code=abc", &error);
  ck_assert_ptr_null (token);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "tx_code");
  token = authority_issuance_token (at.service, "grant_type=password&username=a", &error);
  ck_assert_ptr_null (token);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE, "grant type");
}
END_TEST

START_TEST (test_access_token_single_use_and_short_lived)
{
  g_autoptr(VneidKey) holder = vneid_key_generate (NULL, NULL);
  g_auto(Offer) first = { NULL, NULL };
  g_auto(Offer) second = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *n1 = NULL, *n2 = NULL, *n3 = NULL, *credential = NULL, *again = NULL;
  g_autofree char *late_token = NULL, *late = NULL;

  at_make_active (AT_MAI, "0912345678");
  first = make_offer (AT_MAI, "pid");
  token = token_for (first.code, first.tx_code, &error);
  n1 = nonce ();
  credential = credential_for (token, "pid", holder, ISSUER, n1, &error);
  at_assert_ok (credential != NULL, error);
  n2 = nonce ();
  again = credential_for (token, "pid", holder, ISSUER, n2, &error);
  ck_assert_ptr_null (again);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_TOKEN, "used");
  again = credential_for ("forged-token", "pid", holder, ISSUER, n2, &error);
  ck_assert_ptr_null (again);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_TOKEN, "unknown");

  second = make_offer (AT_MAI, "contact");
  late_token = token_for (second.code, second.tx_code, &error);
  at_assert_ok (late_token != NULL, error);
  at.now += AUTHORITY_ACCESS_TOKEN_LIFETIME + 1;
  n3 = nonce ();
  late = credential_for (late_token, "contact", holder, ISSUER, n3, &error);
  ck_assert_ptr_null (late);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_TOKEN, "expired");
}
END_TEST

START_TEST (test_nonces)
{
  g_autoptr(VneidKey) holder = vneid_key_generate (NULL, NULL);
  g_auto(Offer) offer = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *stale = NULL, *fresh = NULL, *credential = NULL, *none = NULL;

  at_make_active (AT_MAI, "0912345678");
  stale = nonce ();
  at.now += AUTHORITY_NONCE_LIFETIME + 1;
  offer = make_offer (AT_MAI, "pid");
  token = token_for (offer.code, offer.tx_code, &error);
  none = credential_for (token, "pid", holder, ISSUER, "made-up-nonce", &error);
  ck_assert_ptr_null (none);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_NONCE, "c_nonce");
  none = credential_for (token, "pid", holder, ISSUER, stale, &error);
  ck_assert_ptr_null (none);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_NONCE, "expired");

  /* refused proofs spend nothing: the token still works with a fresh nonce */
  fresh = nonce ();
  credential = credential_for (token, "pid", holder, ISSUER, fresh, &error);
  at_assert_ok (credential != NULL, error);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM credential_nonces"), 0);
}
END_TEST

START_TEST (test_nonce_single_use)
{
  g_autoptr(VneidKey) holder = vneid_key_generate (NULL, NULL);
  g_auto(Offer) first = { NULL, NULL };
  g_auto(Offer) second = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL, *c_nonce = NULL, *credential = NULL, *replayed = NULL;

  at_make_active (AT_MAI, "0912345678");
  first = make_offer (AT_MAI, "pid");
  t1 = token_for (first.code, first.tx_code, &error);
  second = make_offer (AT_MAI, "contact");
  t2 = token_for (second.code, second.tx_code, &error);
  c_nonce = nonce ();
  credential = credential_for (t1, "pid", holder, ISSUER, c_nonce, &error);
  at_assert_ok (credential != NULL, error);
  replayed = credential_for (t2, "contact", holder, ISSUER, c_nonce, &error);
  ck_assert_ptr_null (replayed);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_NONCE, "used");
}
END_TEST

START_TEST (test_proof_and_configuration_refusals)
{
  g_autoptr(VneidKey) holder = vneid_key_generate (NULL, NULL);
  g_auto(Offer) offer = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *n1 = NULL, *n2 = NULL, *none = NULL, *credential = NULL;

  at_make_active (AT_MAI, "0912345678");
  offer = make_offer (AT_MAI, "pid");
  token = token_for (offer.code, offer.tx_code, &error);
  n1 = nonce ();
  none = credential_for (token, "pid", holder, "https://evil.example", n1, &error);
  ck_assert_ptr_null (none);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "aud");
  none = credential_for (token, "contact", holder, ISSUER, n1, &error);
  ck_assert_ptr_null (none);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_UNKNOWN_CREDENTIAL_CONFIGURATION, "pid");
  none = authority_issuance_credential (at.service, token, "{\"credential_configuration_id\": \"pid\"}", &error);
  ck_assert_ptr_null (none);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "proofs");
  /* none of that spent the token or the nonce */
  credential = credential_for (token, "pid", holder, ISSUER, n1, &error);
  at_assert_ok (credential != NULL, error);
  n2 = nonce ();
}
END_TEST

START_TEST (test_locked_after_token)
{
  g_autoptr(VneidKey) holder = vneid_key_generate (NULL, NULL);
  g_auto(Offer) offer = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *c_nonce = NULL, *none = NULL;

  at_make_active (AT_MAI, "0912345678");
  offer = make_offer (AT_MAI, "pid");
  token = token_for (offer.code, offer.tx_code, &error);
  at_assert_ok (authority_service_lock (at.service, AT_MAI, "citizen", &error), error);
  c_nonce = nonce ();
  none = credential_for (token, "pid", holder, ISSUER, c_nonce, &error);
  ck_assert_ptr_null (none);
  assert_vci_error (error, VNEID_OPENID4VCI_ERROR_CREDENTIAL_REQUEST_DENIED, "locked");
}
END_TEST

static Suite *
issuance_suite (void)
{
  Suite *s = suite_create ("authority-issuance");
  TCase *tc = tcase_create ("issuance");

  tcase_add_checked_fixture (tc, at_setup, at_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_offer_refusals);
  tcase_add_test (tc, test_credential_is_bound_and_listed);
  tcase_add_test (tc, test_bhyt_and_cccd);
  tcase_add_test (tc, test_codes_stored_hashed);
  tcase_add_test (tc, test_tx_code_cap);
  tcase_add_test (tc, test_code_single_use_and_short_lived);
  tcase_add_test (tc, test_token_request_refusals);
  tcase_add_test (tc, test_access_token_single_use_and_short_lived);
  tcase_add_test (tc, test_nonces);
  tcase_add_test (tc, test_nonce_single_use);
  tcase_add_test (tc, test_proof_and_configuration_refusals);
  tcase_add_test (tc, test_locked_after_token);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return at_run_suite (issuance_suite ());
}
