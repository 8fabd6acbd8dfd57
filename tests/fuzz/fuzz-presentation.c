/* fuzz-presentation.c: SD-JWT VC presentations, verifier and holder side
 *
 * Each input is verified as it is, and again with its issuer JWT signed anew
 * by the population database's demo key (see fuzz_resign()), so that
 * mutated payloads get past the signature to the claims processing; then
 * once more with its KB-JWT signed anew by the demo wallet that `cnf` names
 * and its `sd_hash` made right (resign_kb()), so that mutated nonces,
 * audiences, times and types reach the checks after the KB signature. Each
 * is verified by three verifiers over the same trust store (the two demo
 * issuers) at the fixed clock: without key binding, with key
 * binding required (FUZZ_NONCE, FUZZ_AUDIENCE), and with status checks on
 * a status list the population database signed (FUZZ_STATUS_URI: entry 7
 * revoked, 8 suspended). Then it is parsed as a holder's credential; when
 * that succeeds, every disclosable claim is presented again (no key
 * binding) and the presentation must parse back. A verified credential
 * must hold no `_sd` or `_sd_alg` anywhere, and say key-bound exactly when
 * its verifier required key binding.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz-common.h"

#include "vneid-util-private.h"

static VneidVerifier *plain, *bound, *with_status;
static VneidKey *issuer_key;
/* the holder keys of the seed corpus (make-seeds.sh) */
static const char *const wallet_files[] = {
  "keys/citizen-wallet.jwk", "citizens/tran-thi-mai/wallet.jwk",
  "citizens/vu-dinh-thanh/wallet.jwk", "citizens/bui-thi-hoa/wallet.jwk",
};
static VneidKey *wallets[G_N_ELEMENTS (wallet_files)];

/* Whether an object anywhere below @node has a member @a or @b. */
static gboolean
has_member_anywhere (JsonNode   *node,
                     const char *a,
                     const char *b)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (strcmp (name, a) == 0 || strcmp (name, b) == 0 || has_member_anywhere (member, a, b))
          return TRUE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (has_member_anywhere (json_array_get_element (array, i), a, b))
          return TRUE;
    }
  return FALSE;
}

static void
exercise_verified (VneidVerifiedCredential *verified,
                   gboolean                 key_binding_required)
{
  g_autofree char *json = vneid_verified_credential_to_json (verified, FALSE);
  JsonObject *payload = vneid_verified_credential_get_payload (verified);
  g_autoptr(JsonNode) root = NULL;

  if (json == NULL || payload == NULL || vneid_verified_credential_get_issuer (verified) == NULL)
    fuzz_die ("a verified credential", "lacks its JSON, payload or issuer");
  root = json_node_init_object (json_node_alloc (), payload);
  if (has_member_anywhere (root, "_sd", "_sd_alg"))
    fuzz_die ("a verified credential", "still holds _sd or _sd_alg somewhere");
  if (vneid_verified_credential_get_key_bound (verified) != key_binding_required)
    fuzz_die ("a verified credential", "says key-bound without a checked nonce and audience, "
              "or not key-bound though key binding was required");
}

/* The demo wallet whose public key `cnf.jwk.x` of the issuer payload of
 * @text names, or NULL. */
static VneidKey *
holder_of (const char *text)
{
  const char *end = strchr (text, '~');
  const char *dot1 = end ? memchr (text, '.', (gsize) (end - text)) : NULL;
  const char *dot2 = dot1 ? memchr (dot1 + 1, '.', (gsize) (end - dot1 - 1)) : NULL;
  g_autofree guint8 *json = NULL;
  g_autoptr(JsonNode) payload = NULL;
  JsonNode *cnf, *jwk, *x;
  gsize len;

  if (dot2 == NULL ||
      (json = vneid_b64url_decode (dot1 + 1, (gsize) (dot2 - dot1 - 1), &len, "payload", NULL)) == NULL ||
      (payload = vneid_json_parse_object ((const char *) json, len, "payload", NULL)) == NULL ||
      (cnf = json_object_get_member (json_node_get_object (payload), "cnf")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (cnf) ||
      (jwk = json_object_get_member (json_node_get_object (cnf), "jwk")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (jwk) ||
      (x = json_object_get_member (json_node_get_object (jwk), "x")) == NULL ||
      json_node_get_value_type (x) != G_TYPE_STRING)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (wallets); i++)
    {
      g_autoptr(JsonObject) public_jwk = vneid_key_to_jwk_object (wallets[i], FALSE);

      if (g_strcmp0 (json_object_get_string_member (public_jwk, "x"), json_node_get_string (x)) == 0)
        return wallets[i];
    }
  return NULL;
}

/* @text with its KB-JWT (after the last "~") signed anew by the wallet
 * `cnf` names, its `sd_hash` set to the hash of what precedes it; the
 * header and the other claims stay as mutated. NULL when there is no
 * KB-JWT with a JSON object payload, or no known wallet. */
static char *
resign_kb (const char *text)
{
  const char *last = strrchr (text, '~');
  const char *dot1 = last ? strchr (last + 1, '.') : NULL;
  const char *dot2 = dot1 ? strchr (dot1 + 1, '.') : NULL;
  VneidKey *holder = holder_of (text);
  char sd_hash[VNEID_DIGEST_B64_LEN + 1];
  g_autofree guint8 *json = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *payload_b64 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature_b64 = NULL;
  g_autoptr(GBytes) signature = NULL;
  gsize len;

  if (holder == NULL || dot2 == NULL ||
      (json = vneid_b64url_decode (dot1 + 1, (gsize) (dot2 - dot1 - 1), &len, "KB", NULL)) == NULL ||
      (payload = vneid_json_parse_object ((const char *) json, len, "KB", NULL)) == NULL)
    return NULL;
  vneid_sha256_b64url (text, (gsize) (last - text) + 1, sd_hash);
  json_object_set_string_member (json_node_get_object (payload), "sd_hash", sd_hash);
  payload_text = vneid_json_to_string (payload);
  payload_b64 = vneid_b64url_encode ((const guint8 *) payload_text, strlen (payload_text));
  input = g_strdup_printf ("%.*s.%s", (int) (dot1 - last - 1), last + 1, payload_b64);
  signature = vneid_key_sign (holder, (const guint8 *) input, strlen (input), NULL);
  if (signature == NULL)
    fuzz_die ("signing with a demo wallet", NULL);
  signature_b64 = vneid_b64url_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  return g_strdup_printf ("%.*s%s.%s", (int) (last - text) + 1, text, input, signature_b64);
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
  for (guint i = 0; i < G_N_ELEMENTS (wallet_files); i++)
    {
      g_autofree char *path = g_build_filename (FUZZ_EXAMPLES_DATA, wallet_files[i], NULL);

      if ((wallets[i] = vneid_key_new_from_file (path, &error)) == NULL)
        fuzz_die ("loading a demo wallet", error->message);
    }

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
        exercise_verified (verified, verifiers[i] == bound);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_text (data, size);
  g_autofree char *resigned = fuzz_resign (text, issuer_key);
  g_autofree char *kb_resigned = resign_kb (resigned ? resigned : text);

  verify_all (text);
  if (resigned != NULL && strcmp (resigned, text) != 0)
    verify_all (resigned);
  if (kb_resigned != NULL)
    verify_all (kb_resigned);

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
