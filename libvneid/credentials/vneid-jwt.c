/* vneid-jwt.c: a signed JWT (compact JWS, EdDSA) of any type
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-jwt.h"
#include "vneid-jws-private.h"
#include "vneid-util-private.h"

/**
 * VneidJwt:
 *
 * A signed JWT in compact form, for the protocols built on credentials
 * (request objects, verifier attestations): the same rules as every JWS
 * libvneid reads — `alg` `EdDSA` (or its fully-specified name `Ed25519`),
 * the expected `typ`, no key carried in the header, no `crit` — with the
 * signature checked separately against a key the caller trusts.
 *
 * Since: 0.2
 */
struct _VneidJwt
{
  GObject   parent_instance;

  char     *compact;
  VneidJws  jws;
};

G_DEFINE_FINAL_TYPE (VneidJwt, vneid_jwt, G_TYPE_OBJECT)

static void
vneid_jwt_finalize (GObject *object)
{
  VneidJwt *self = VNEID_JWT (object);

  vneid_jws_clear (&self->jws);
  g_free (self->compact);
  G_OBJECT_CLASS (vneid_jwt_parent_class)->finalize (object);
}

static void
vneid_jwt_class_init (VneidJwtClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_jwt_finalize;
}

static void
vneid_jwt_init (VneidJwt *self)
{
}

/**
 * vneid_jwt_parse:
 * @compact: the JWT in compact serialization
 * @expected_typ: the `typ` its header must carry
 * @error: return location for a #GError
 *
 * Decodes a JWT and checks its header; the signature is not checked
 * (see [method@Vneid.Jwt.verify]). Input over 64 KiB is refused.
 *
 * Returns: (transfer full): the JWT, or %NULL with @error set in
 *   %VNEID_CREDENTIAL_ERROR
 *
 * Since: 0.2
 */
VneidJwt *
vneid_jwt_parse (const char  *compact,
                 const char  *expected_typ,
                 GError     **error)
{
  g_autoptr(VneidJwt) self = NULL;
  gsize len;

  g_return_val_if_fail (compact != NULL, NULL);
  g_return_val_if_fail (expected_typ != NULL, NULL);

  len = strlen (compact);
  if (len > VNEID_MAX_PRESENTATION_SIZE)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "%s JWT: over %d bytes", expected_typ, VNEID_MAX_PRESENTATION_SIZE);
      return NULL;
    }
  self = g_object_new (VNEID_TYPE_JWT, NULL);
  self->compact = g_strdup (compact);
  if (!vneid_jws_parse (&self->jws, self->compact, len, expected_typ, expected_typ, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_jwt_get_header:
 * @self: a #VneidJwt
 *
 * Returns: (transfer none): the decoded JOSE header
 *
 * Since: 0.2
 */
JsonObject *
vneid_jwt_get_header (VneidJwt *self)
{
  g_return_val_if_fail (VNEID_IS_JWT (self), NULL);
  return self->jws.header;
}

/**
 * vneid_jwt_get_payload:
 * @self: a #VneidJwt
 *
 * Returns: (transfer none): the decoded payload; trust it only after
 *   [method@Vneid.Jwt.verify]
 *
 * Since: 0.2
 */
JsonObject *
vneid_jwt_get_payload (VneidJwt *self)
{
  g_return_val_if_fail (VNEID_IS_JWT (self), NULL);
  return self->jws.payload;
}

/**
 * vneid_jwt_verify:
 * @self: a #VneidJwt
 * @key: the public key that must have signed it
 *
 * Returns: whether @key's signature is valid over the JWT
 *
 * Since: 0.2
 */
gboolean
vneid_jwt_verify (VneidJwt *self,
                  VneidKey *key)
{
  g_return_val_if_fail (VNEID_IS_JWT (self), FALSE);
  g_return_val_if_fail (VNEID_IS_KEY (key), FALSE);
  return vneid_jws_verify (&self->jws, key);
}

/**
 * vneid_jwt_sign:
 * @typ: the `typ` header
 * @extra_header: (nullable): more header members (such as `jwt`)
 * @payload: the claims
 * @key: the private signing key; its `kid`, if any, goes in the header
 * @error: return location for a #GError
 *
 * Signs @payload as a compact JWS with `alg` `EdDSA`.
 *
 * Returns: (transfer full): the JWT, or %NULL with @error set
 *
 * Since: 0.2
 */
char *
vneid_jwt_sign (const char  *typ,
                JsonObject  *extra_header,
                JsonObject  *payload,
                VneidKey    *key,
                GError     **error)
{
  g_return_val_if_fail (typ != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (VNEID_IS_KEY (key), NULL);

  return vneid_jws_sign_with_header (typ, extra_header, payload, key, error);
}
