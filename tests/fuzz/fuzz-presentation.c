/* fuzz-presentation.c: SD-JWT VC presentations, verifier and holder side
 *
 * Each input is verified as it is, and again with its issuer JWT signed anew
 * by the population database's demo key (see fuzz_resign()), so that
 * mutated payloads get past the signature to the claims processing. Each
 * is verified by three verifiers over the same trust store (the two demo
 * issuers) at the fixed clock: without key binding, with key
 * binding required (FUZZ_NONCE, FUZZ_AUDIENCE), and with status checks on
 * a status list the population database signed (FUZZ_STATUS_URI: entry 7
 * revoked, 8 suspended). Then it is parsed as a holder's credential; when
 * that succeeds, every disclosable claim is presented again (no key
 * binding) and the presentation must parse back.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz-common.h"

static VneidVerifier *plain, *bound, *with_status;
static VneidKey *issuer_key;

static void
exercise_verified (VneidVerifiedCredential *verified)
{
  g_autofree char *json = vneid_verified_credential_to_json (verified, FALSE);
  JsonObject *payload = vneid_verified_credential_get_payload (verified);

  if (json == NULL || payload == NULL || vneid_verified_credential_get_issuer (verified) == NULL)
    fuzz_die ("a verified credential", "lacks its JSON, payload or issuer");
  if (json_object_has_member (payload, "_sd") || json_object_has_member (payload, "_sd_alg"))
    fuzz_die ("a verified credential", "still holds _sd artifacts");
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(VneidTrustStore) store = NULL;
  g_autoptr(VneidStatusList) list = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init_glib ();
  store = fuzz_trust_store ();
  issuer_key = fuzz_load_key ("population-db.jwk");

  plain = vneid_verifier_new (store);
  vneid_verifier_set_time (plain, FUZZ_NOW);
  vneid_verifier_set_check_status (plain, FALSE);

  bound = vneid_verifier_new (store);
  vneid_verifier_set_time (bound, FUZZ_NOW);
  vneid_verifier_set_check_status (bound, FALSE);
  vneid_verifier_require_key_binding (bound, FUZZ_NONCE, FUZZ_AUDIENCE);

  list = vneid_status_list_new (2, 64, &error);
  if (list == NULL ||
      !vneid_status_list_set (list, 7, VNEID_STATUS_INVALID, &error) ||
      !vneid_status_list_set (list, 8, VNEID_STATUS_SUSPENDED, &error) ||
      (token = vneid_status_list_to_token (list, issuer_key, "https://id.vneid.example",
                                           FUZZ_STATUS_URI, FUZZ_NOW - 3600,
                                           FUZZ_NOW + 30 * 86400, &error)) == NULL)
    fuzz_die ("making the status list", error->message);
  with_status = vneid_verifier_new (store);
  vneid_verifier_set_time (with_status, FUZZ_NOW);
  if (!vneid_verifier_add_status_list (with_status, token, &error))
    fuzz_die ("adding the status list", error->message);
  return 0;
}

static void
verify_all (const char *text)
{
  VneidVerifier *verifiers[] = { plain, bound, with_status };

  for (guint i = 0; i < G_N_ELEMENTS (verifiers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified =
        vneid_verifier_verify (verifiers[i], text, &error);

      fuzz_check_result ("vneid_verifier_verify", verified, error);
      if (verified != NULL)
        exercise_verified (verified);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_text (data, size);
  g_autofree char *resigned = fuzz_resign (text, issuer_key);

  verify_all (text);
  if (resigned != NULL && strcmp (resigned, text) != 0)
    verify_all (resigned);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VneidCredential) credential = vneid_credential_new (text, &error);
    g_auto(GStrv) paths = NULL;
    g_autofree char *presented = NULL;

    fuzz_check_result ("vneid_credential_new", credential, error);
    if (credential == NULL)
      return 0;
    if (vneid_credential_get_claims (credential) == NULL)
      fuzz_die ("vneid_credential_get_claims", "returned NULL");
    paths = vneid_credential_get_disclosable_paths (credential);
    presented = vneid_credential_present (credential, (const char * const *) paths,
                                          NULL, NULL, NULL, 0, &error);
    fuzz_check_result ("vneid_credential_present", presented, error);
    if (presented != NULL)
      {
        g_autoptr(GError) again_error = NULL;
        g_autoptr(VneidCredential) again = vneid_credential_new (presented, &again_error);

        if (again == NULL)
          fuzz_die ("a presentation of a parsed credential does not parse back",
                    again_error->message);
      }
  }
  return 0;
}
