/* vneid-openid4vci-proof.c: OpenID4VCI key proofs (`openid4vci-proof+jwt`)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vci-proof.h"
#include "vneid-openid4vci-private.h"
#include "vneid-jws-compact-private.h"
#include "vneid-util-private.h"

#define PROOF_WHAT "key proof"
#define proof_error(error, ...) \
  vneid_openid4vci_fail ((error), VNEID_OPENID4VCI_ERROR_INVALID_PROOF, PROOF_WHAT, __VA_ARGS__)
/* A proof is a header with one Ed25519 JWK and four short claims. */
#define MAX_PROOF_SIZE (8 * 1024)
/* How far ahead of the issuer's clock a wallet's `iat` may be. */
#define PROOF_FUTURE_LEEWAY 60

/**
 * VneidOpenid4vciProof:
 *
 * A key proof of OpenID4VCI 1.0 (appendix F.1, proof type `jwt`): a JWT
 * with header `typ` `openid4vci-proof+jwt`, `alg` `EdDSA` and the holder's
 * public key as `jwk`, and claims `aud` (the credential issuer), `iat` and
 * `nonce` (the issuer's `c_nonce`), signed with the holder's private key.
 * It proves the wallet holds the key the credential is then bound to
 * (`cnf.jwk`).
 *
 * A wallet makes one with [func@Vneid.Openid4vciProof.build]; an issuer
 * checks one with [ctor@Vneid.Openid4vciProof.new_from_jwt] and then looks
 * the proof's nonce up among the `c_nonce` values it handed out.
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciProof
{
  GObject   parent_instance;

  VneidKey *holder_key;
  char     *nonce;
  gint64    issued_at;
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vciProof, vneid_openid4vci_proof, G_TYPE_OBJECT)

static void
vneid_openid4vci_proof_finalize (GObject *object)
{
  VneidOpenid4vciProof *self = VNEID_OPENID4VCI_PROOF (object);

  g_clear_object (&self->holder_key);
  g_free (self->nonce);

  G_OBJECT_CLASS (vneid_openid4vci_proof_parent_class)->finalize (object);
}

static void
vneid_openid4vci_proof_class_init (VneidOpenid4vciProofClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_proof_finalize;
}

static void
vneid_openid4vci_proof_init (VneidOpenid4vciProof *self)
{
}

/**
 * vneid_openid4vci_proof_build:
 * @holder_key: the wallet's key, with its private part
 * @audience: the credential issuer identifier
 * @nonce: (nullable): the `c_nonce` from the issuer's nonce endpoint, or
 *   %NULL when the issuer has none
 * @issued_at: the proof's `iat`, seconds since the epoch
 *
 * Makes a key proof for a credential request. The header carries the
 * public part of @holder_key as `jwk` (never its `kid`, which the
 * specification forbids beside `jwk`); there is no `iss`, as the
 * pre-authorized code flow is anonymous.
 *
 * Returns: (transfer full): the compact JWT, or %NULL with @error set
 *   (%VNEID_KEY_ERROR_NO_PRIVATE_KEY when @holder_key is public only)
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_proof_build (VneidKey   *holder_key,
                              const char *audience,
                              const char *nonce,
                              gint64      issued_at,
                              GError    **error)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonObject) jwk = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *signing_input = NULL;

  g_return_val_if_fail (VNEID_IS_KEY (holder_key), NULL);
  g_return_val_if_fail (audience != NULL, NULL);

  jwk = vneid_key_to_jwk_object (holder_key, FALSE);
  json_object_remove_member (jwk, "kid");
  json_object_set_string_member (header, "alg", "EdDSA");
  json_object_set_string_member (header, "typ", VNEID_OPENID4VCI_PROOF_TYP);
  json_object_set_object_member (header, "jwk", json_object_ref (jwk));

  json_object_set_string_member (payload, "aud", audience);
  json_object_set_int_member (payload, "iat", issued_at);
  if (nonce != NULL)
    json_object_set_string_member (payload, "nonce", nonce);

  signing_input = vneid_jws_signing_input (header, payload);
  signature = vneid_key_sign (holder_key, (const guint8 *) signing_input, strlen (signing_input), error);
  if (signature == NULL)
    return NULL;
  return vneid_jws_join (signing_input, g_bytes_get_data (signature, NULL));
}

/* The header rules of appendix F.1 and F.4: explicitly typed, a signature
 * algorithm libvneid accepts, the key as a public `jwk` and nothing else
 * that names a key, no critical extensions. */
static gboolean
check_proof_header (const VneidJws *jws,
                    gpointer        user_data,
                    const char     *what,
                    GError        **error)
{
  JsonObject *header = jws->header;
  static const char *const other_keys[] = { "kid", "x5c", "x5u", "jku", "trust_chain", "key_attestation" };
  const char *alg = vneid_openid4vci_peek_string (header, "alg");
  const char *typ = vneid_openid4vci_peek_string (header, "typ");
  JsonNode *jwk = json_object_get_member (header, "jwk");

  /* RFC 9864's fully-specified name is accepted beside EdDSA. */
  if (g_strcmp0 (alg, "EdDSA") != 0 && g_strcmp0 (alg, "Ed25519") != 0)
    return proof_error (error, "alg must be EdDSA");
  if (typ == NULL || !vneid_media_type_equal (typ, VNEID_OPENID4VCI_PROOF_TYP))
    return proof_error (error, "typ must be %s", VNEID_OPENID4VCI_PROOF_TYP);
  if (jwk == NULL || !JSON_NODE_HOLDS_OBJECT (jwk))
    return proof_error (error, "the header must carry the holder's key as a jwk object");
  if (json_object_has_member (json_node_get_object (jwk), "d"))
    return proof_error (error, "the jwk holds a private key");
  for (gsize i = 0; i < G_N_ELEMENTS (other_keys); i++)
    if (json_object_has_member (header, other_keys[i]))
      return proof_error (error, "the header has “%s” beside jwk (not supported)", other_keys[i]);
  if (json_object_has_member (header, "crit"))
    return proof_error (error, "the header has critical extensions (“crit”) that are not understood");
  return TRUE;
}

static gboolean
check_claims (VneidOpenid4vciProof *self,
              JsonObject           *payload,
              const char           *audience,
              gint64                now,
              guint                 max_age,
              GError              **error)
{
  JsonNode *aud = json_object_get_member (payload, "aud");
  JsonNode *nonce = json_object_get_member (payload, "nonce");
  GError *inner = NULL;

  if (aud == NULL || !JSON_NODE_HOLDS_VALUE (aud) || json_node_get_value_type (aud) != G_TYPE_STRING)
    return proof_error (error, "aud must be a string, the credential issuer");
  if (strcmp (json_node_get_string (aud), audience) != 0)
    return proof_error (error, "aud is not this credential issuer");

  if (!vneid_json_get_numeric_date (payload, "iat", TRUE, &self->issued_at, PROOF_WHAT, &inner))
    {
      proof_error (error, "%s", inner->message);
      g_error_free (inner);
      return FALSE;
    }
  if (self->issued_at > now + PROOF_FUTURE_LEEWAY)
    return proof_error (error, "iat lies in the future");
  if (self->issued_at < now - (gint64) max_age)
    return proof_error (error, "iat is older than %u seconds; make a new proof", max_age);

  /* libvneid issuers always run a nonce endpoint (section 7), so a proof
   * without a nonce is invalid_proof, one with a wrong nonce invalid_nonce. */
  if (nonce == NULL || !JSON_NODE_HOLDS_VALUE (nonce) || json_node_get_value_type (nonce) != G_TYPE_STRING
      || json_node_get_string (nonce)[0] == '\0')
    return proof_error (error, "nonce (the c_nonce) is missing");
  self->nonce = g_strdup (json_node_get_string (nonce));
  return TRUE;
}

static gboolean
check_signature (VneidOpenid4vciProof *self,
                 VneidJws             *jws,
                 GError              **error)
{
  GError *inner = NULL;

  self->holder_key = vneid_key_new_from_jwk_object (json_object_get_object_member (jws->header, "jwk"), &inner);
  if (self->holder_key == NULL)
    {
      proof_error (error, "the jwk is not an Ed25519 public key: %s", inner->message);
      g_error_free (inner);
      return FALSE;
    }
  if (!vneid_key_verify (self->holder_key, (const guint8 *) jws->compact, jws->signing_input_len,
                         jws->signature, sizeof jws->signature))
    return proof_error (error, "the signature does not verify with the key in its header");
  return TRUE;
}

/**
 * vneid_openid4vci_proof_new_from_jwt:
 * @jwt: the compact key proof from the credential request
 * @audience: this credential issuer's identifier
 * @now: the time to check `iat` against, seconds since the epoch
 * @max_age: how old `iat` may be, in seconds (see
 *   %VNEID_OPENID4VCI_PROOF_MAX_AGE); up to 60 seconds in the future are
 *   allowed for clock skew
 *
 * Checks a key proof as section F.4 says: `typ` `openid4vci-proof+jwt`,
 * `alg` `EdDSA` (or `Ed25519`), the holder's public key as `jwk` and no
 * other key reference, a signature that verifies with that key, `aud`
 * equal to @audience, a fresh `iat`, and a `nonce`. Whether the nonce is
 * one the issuer handed out, and still live, is the caller's check
 * ([method@Vneid.Openid4vciProof.get_nonce]; refuse with
 * %VNEID_OPENID4VCI_ERROR_INVALID_NONCE).
 *
 * Returns: (transfer full): the checked proof, or %NULL with @error set
 *   (%VNEID_OPENID4VCI_ERROR_INVALID_PROOF)
 *
 * Since: 0.2
 */
VneidOpenid4vciProof *
vneid_openid4vci_proof_new_from_jwt (const char *jwt,
                                     const char *audience,
                                     gint64      now,
                                     guint       max_age,
                                     GError    **error)
{
  g_autoptr(VneidOpenid4vciProof) self = NULL;
  const VneidJwsReading proof_reading = { check_proof_header, NULL, .header_tree = TRUE };
  VneidJws jws;
  GError *inner = NULL;
  gboolean ok;
  gsize len;

  g_return_val_if_fail (audience != NULL, NULL);

  if (jwt == NULL || (len = strnlen (jwt, MAX_PROOF_SIZE + 1)) > MAX_PROOF_SIZE)
    {
      proof_error (error, "missing, or larger than %d bytes", MAX_PROOF_SIZE);
      return NULL;
    }
  if (!vneid_jws_decode (&jws, jwt, len, PROOF_WHAT, &proof_reading, &inner))
    {
      if (inner->domain == VNEID_OPENID4VCI_ERROR)
        g_propagate_error (error, inner);
      else
        {
          g_set_error_literal (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_PROOF,
                               inner->message);
          g_error_free (inner);
        }
      return NULL;
    }

  self = g_object_new (VNEID_TYPE_OPENID4VCI_PROOF, NULL);
  ok = check_signature (self, &jws, error)
       && check_claims (self, jws.payload, audience, now, max_age, error);
  vneid_jws_clear (&jws);
  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * vneid_openid4vci_proof_get_holder_key:
 * @self: a checked proof
 *
 * Gets the holder's public key from the proof's header.
 *
 * Returns: (transfer none): the holder's public key, to bind the
 *   credential to (`cnf.jwk`)
 *
 * Since: 0.2
 */
VneidKey *
vneid_openid4vci_proof_get_holder_key (VneidOpenid4vciProof *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_PROOF (self), NULL);
  return self->holder_key;
}

/**
 * vneid_openid4vci_proof_get_nonce:
 * @self: a checked proof
 *
 * Gets the proof's `nonce`, the `c_nonce` it claims to answer.
 *
 * Returns: the proof's `nonce`, the `c_nonce` it claims to answer
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_proof_get_nonce (VneidOpenid4vciProof *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_PROOF (self), NULL);
  return self->nonce;
}

/**
 * vneid_openid4vci_proof_get_issued_at:
 * @self: a checked proof
 *
 * Gets the proof's `iat`.
 *
 * Returns: the proof's `iat`
 *
 * Since: 0.2
 */
gint64
vneid_openid4vci_proof_get_issued_at (VneidOpenid4vciProof *self)
{
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_PROOF (self), 0);
  return self->issued_at;
}
