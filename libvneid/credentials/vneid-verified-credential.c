/* vneid-verified-credential.c: what a successful verification yields
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-verified-credential-private.h"
#include <string.h>

#include "vneid-util-private.h"

/**
 * VneidVerifiedCredential:
 *
 * A credential that passed every check of a [class@Vneid.Verifier]: its
 * processed payload (RFC 9901 section 7.1: the disclosed claims in place;
 * `_sd`, `_sd_alg` and undisclosed digests gone), the trusted key that
 * verified it, and how it was bound to its holder.
 *
 * A verified credential is immutable and may be shared between threads.
 *
 * Since: 0.1
 */
struct _VneidVerifiedCredential
{
  GObject      parent_instance;

  VneidVerification v;
  /* borrowed from v.payload, set once v.pending is placed: a verification
   * only checks the disclosed claims, and a caller that never asks for
   * them (a batch counting valid lines) has no nodes made for them */
  JsonObject  *payload;
  VneidKey    *holder_key;  /* made from v.holder on first request */
  const char  *issuer;      /* borrowed from the payload */
  const char  *vct;
  gint64       issued_at;
  gint64       expires_at;
};

G_DEFINE_FINAL_TYPE (VneidVerifiedCredential, vneid_verified_credential, G_TYPE_OBJECT)

static void
vneid_verified_credential_finalize (GObject *object)
{
  VneidVerifiedCredential *self = VNEID_VERIFIED_CREDENTIAL (object);

  json_node_unref (self->v.payload);
  g_clear_pointer (&self->v.pending, vneid_pending_claims_free);
  g_clear_object (&self->v.issuer_key);
  g_clear_object (&self->holder_key);

  G_OBJECT_CLASS (vneid_verified_credential_parent_class)->finalize (object);
}

static void
vneid_verified_credential_class_init (VneidVerifiedCredentialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_verified_credential_finalize;
}

static void
vneid_verified_credential_init (VneidVerifiedCredential *self)
{
}

VneidVerifiedCredential *
vneid_verified_credential_new (VneidVerification *verification)
{
  VneidVerifiedCredential *self = g_object_new (VNEID_TYPE_VERIFIED_CREDENTIAL, NULL);
  JsonObject *in_the_clear;

  self->v = *verification;
  memset (verification, 0, sizeof *verification);
  /* The verifier checked these claims' types already; none of them but
   * `iat` may be disclosed. */
  in_the_clear = json_node_get_object (self->v.payload);
  self->issuer = json_object_get_string_member (in_the_clear, "iss");
  self->vct = json_object_get_string_member (in_the_clear, "vct");
  self->issued_at = self->v.issued_at;
  vneid_json_get_numeric_date (in_the_clear, "exp", FALSE, &self->expires_at, "payload", NULL);
  return self;
}

/* The payload with every disclosed claim in place, placed on the first
 * request from any thread. */
static JsonObject *
processed_payload (VneidVerifiedCredential *self)
{
  if (g_once_init_enter (&self->payload))
    {
      g_clear_pointer (&self->v.pending, vneid_pending_claims_place);
      g_once_init_leave (&self->payload, json_node_get_object (self->v.payload));
    }
  return self->payload;
}

/**
 * vneid_verified_credential_get_payload:
 * @self: a #VneidVerifiedCredential
 *
 * The processed payload: the plain claims (`iss`, `vct`, `iat`, `cnf`,
 * `status`, …) and the disclosed ones.
 *
 * Verification checks the disclosed claims; they are placed in the payload
 * on the first call to this function or to
 * [method@Vneid.VerifiedCredential.to_json], once, whichever thread calls.
 *
 * Returns: (transfer none): the payload; do not modify it
 *
 * Since: 0.1
 */
JsonObject *
vneid_verified_credential_get_payload (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), NULL);
  return processed_payload (self);
}

/**
 * vneid_verified_credential_to_json:
 * @self: a #VneidVerifiedCredential
 * @pretty: whether to indent the output
 *
 * Gets the processed payload as JSON text.
 *
 * Returns: (transfer full): the processed payload as JSON text
 *
 * Since: 0.1
 */
char *
vneid_verified_credential_to_json (VneidVerifiedCredential *self,
                                   gboolean                 pretty)
{
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), NULL);
  /* json_to_string() takes a reference to the root's object, without
   * atomics: give it a copy of our own, as the credential may be shared
   * between threads */
  processed_payload (self);
  copy = vneid_json_deep_copy (self->v.payload);
  return json_to_string (copy, pretty);
}

/**
 * vneid_verified_credential_get_issuer:
 * @self: a #VneidVerifiedCredential
 *
 * Gets the issuer identifier (`iss`).
 *
 * Returns: the issuer identifier (`iss`)
 *
 * Since: 0.1
 */
const char *
vneid_verified_credential_get_issuer (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), NULL);
  return self->issuer;
}

/**
 * vneid_verified_credential_get_vct:
 * @self: a #VneidVerifiedCredential
 *
 * Gets the credential type (`vct`).
 *
 * Returns: the credential type (`vct`)
 *
 * Since: 0.1
 */
const char *
vneid_verified_credential_get_vct (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), NULL);
  return self->vct;
}

/**
 * vneid_verified_credential_get_issued_at:
 * @self: a #VneidVerifiedCredential
 *
 * Gets the issuance time (`iat`) in seconds since the epoch, or 0.
 *
 * Returns: the issuance time (`iat`) in seconds since the epoch, or 0
 *
 * Since: 0.1
 */
gint64
vneid_verified_credential_get_issued_at (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), 0);
  return self->issued_at;
}

/**
 * vneid_verified_credential_get_expires_at:
 * @self: a #VneidVerifiedCredential
 *
 * Gets the expiry time (`exp`) in seconds since the epoch, or 0 if the
 * credential does not expire.
 *
 * Returns: the expiry time (`exp`) in seconds since the epoch, or 0 if the
 *   credential does not expire
 *
 * Since: 0.1
 */
gint64
vneid_verified_credential_get_expires_at (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), 0);
  return self->expires_at;
}

/**
 * vneid_verified_credential_get_issuer_key:
 * @self: a #VneidVerifiedCredential
 *
 * Gets the trusted issuer key that verified the signature.
 *
 * Returns: (transfer none): the trusted issuer key that verified the
 *   signature
 *
 * Since: 0.1
 */
VneidKey *
vneid_verified_credential_get_issuer_key (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), NULL);
  return self->v.issuer_key;
}

/**
 * vneid_verified_credential_get_holder_key:
 * @self: a #VneidVerifiedCredential
 *
 * Gets the holder key the credential is bound to (`cnf.jwk`), or %NULL.
 *
 * Returns: (transfer none) (nullable): the holder key the credential is
 *   bound to (`cnf.jwk`), or %NULL when it names none this library can use
 *   (no `cnf`, a `cnf` with only a `kid`, a key other than Ed25519)
 *
 * Since: 0.1
 */
VneidKey *
vneid_verified_credential_get_holder_key (VneidVerifiedCredential *self)
{
  VneidKey *key;

  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), NULL);

  if (!self->v.holder.present)
    return NULL;
  key = g_atomic_pointer_get (&self->holder_key);
  if (key != NULL)
    return key;
  return vneid_publish_once ((gpointer *) &self->holder_key,
                             vneid_key_new_public (self->v.holder.public_key, self->v.holder.kid),
                             g_object_unref);
}

/**
 * vneid_verified_credential_get_key_bound:
 * @self: a #VneidVerifiedCredential
 *
 * Tells whether the presentation carried a KB-JWT that verified with the
 * holder key.
 *
 * Returns: whether the presentation carried a KB-JWT that verified with the
 *   holder key and carried the nonce and audience the verifier expected;
 *   a KB-JWT checked without a key binding policy does not count, since it
 *   could be replayed from another request
 *
 * Since: 0.1
 */
gboolean
vneid_verified_credential_get_key_bound (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), FALSE);
  return self->v.key_bound;
}

/**
 * vneid_verified_credential_get_status_checked:
 * @self: a #VneidVerifiedCredential
 *
 * Tells whether the credential's status was checked against a status list
 * (%FALSE when it has no `status` claim or the policy skips status).
 *
 * Returns: whether the credential's status was checked against a status
 *   list (%FALSE when it has no `status` claim or the policy skips status)
 *
 * Since: 0.1
 */
gboolean
vneid_verified_credential_get_status_checked (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), FALSE);
  return self->v.status_checked;
}

/**
 * vneid_verified_credential_get_disclosure_count:
 * @self: a #VneidVerifiedCredential
 *
 * Gets how many disclosures the presentation carried.
 *
 * Returns: how many disclosures the presentation carried
 *
 * Since: 0.1
 */
guint
vneid_verified_credential_get_disclosure_count (VneidVerifiedCredential *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (self), 0);
  return self->v.disclosure_count;
}
