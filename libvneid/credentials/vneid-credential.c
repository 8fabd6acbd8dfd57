/* vneid-credential.c: the holder side, an issued SD-JWT VC and its presentations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-credential.h"
#include "vneid-sd-jwt-private.h"

/**
 * VneidCredential:
 *
 * An issued SD-JWT VC as its holder keeps it: the issuer-signed JWT and all
 * of its disclosures. The holder chooses which claims to disclose to a
 * verifier and proves possession of the bound key with a KB-JWT
 * ([method@Vneid.Credential.present]).
 *
 * Loading a credential checks its structure as a verifier would (RFC 9901
 * section 7.1), but not its signature: a wallet that wants to know whether
 * the issuer is genuine verifies it with a [class@Vneid.Verifier].
 *
 * Since: 0.1
 */
struct _VneidCredential
{
  GObject     parent_instance;

  char       *text;
  VneidSdJwt  sd;
  const char *issuer;
  const char *vct;
  VneidKey   *holder_key;  /* from cnf.jwk, or NULL */
};

G_DEFINE_FINAL_TYPE (VneidCredential, vneid_credential, G_TYPE_OBJECT)

static void
vneid_credential_finalize (GObject *object)
{
  VneidCredential *self = VNEID_CREDENTIAL (object);

  vneid_sd_jwt_clear (&self->sd);
  g_free (self->text);
  g_clear_object (&self->holder_key);

  G_OBJECT_CLASS (vneid_credential_parent_class)->finalize (object);
}

static void
vneid_credential_class_init (VneidCredentialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_credential_finalize;
}

static void
vneid_credential_init (VneidCredential *self)
{
}

/**
 * vneid_credential_new:
 * @compact: an issued SD-JWT VC, `<JWT>~<disclosure>~…~`
 * @error: return location for a #GError
 *
 * Loads an issued credential. It must carry no KB-JWT: key binding belongs
 * to a presentation, not to the credential.
 *
 * Returns: (transfer full): the credential, or %NULL on error
 *
 * Since: 0.1
 */
VneidCredential *
vneid_credential_new (const char *compact,
                      GError    **error)
{
  g_autoptr(VneidCredential) self = NULL;
  g_autofree char *unusable = NULL;   /* a holder key the holder cannot bind with */
  VneidHolderKey holder_key;

  g_return_val_if_fail (compact != NULL, NULL);

  self = g_object_new (VNEID_TYPE_CREDENTIAL, NULL);
  self->text = g_strdup (compact);
  if (!vneid_sd_jwt_parse (&self->sd, self->text, strlen (self->text), error))
    return NULL;
  if (self->sd.kb_len != 0)
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                           "this is a presentation with a KB-JWT, not an issued credential");
      return NULL;
    }
  if (!vneid_sd_jwt_process (&self->sd, VNEID_SD_JWT_PLACE_WITH_PATHS, error) ||
      !vneid_json_get_string (self->sd.jws.payload, "iss", TRUE, &self->issuer,
                              "issuer-signed JWT", error) ||
      !vneid_json_get_string (self->sd.jws.payload, "vct", TRUE, &self->vct,
                              "issuer-signed JWT", error) ||
      !vneid_sd_jwt_read_holder_key (self->sd.jws.payload, &holder_key, &unusable, error))
    return NULL;
  if (holder_key.present)
    self->holder_key = vneid_key_new_public (holder_key.public_key, holder_key.kid);

  return g_steal_pointer (&self);
}

/**
 * vneid_credential_get_issuer:
 * @self: a #VneidCredential
 *
 * Gets the issuer identifier (`iss`).
 *
 * Returns: the issuer identifier (`iss`)
 *
 * Since: 0.1
 */
const char *
vneid_credential_get_issuer (VneidCredential *self)
{
  g_return_val_if_fail (VNEID_IS_CREDENTIAL (self), NULL);
  return self->issuer;
}

/**
 * vneid_credential_get_vct:
 * @self: a #VneidCredential
 *
 * Gets the credential type (`vct`).
 *
 * Returns: the credential type (`vct`)
 *
 * Since: 0.1
 */
const char *
vneid_credential_get_vct (VneidCredential *self)
{
  g_return_val_if_fail (VNEID_IS_CREDENTIAL (self), NULL);
  return self->vct;
}

/**
 * vneid_credential_get_claims:
 * @self: a #VneidCredential
 *
 * The claims with every disclosure in place: what a verifier would see if
 * the holder disclosed everything.
 *
 * Returns: (transfer none): the processed payload
 *
 * Since: 0.1
 */
JsonObject *
vneid_credential_get_claims (VneidCredential *self)
{
  g_return_val_if_fail (VNEID_IS_CREDENTIAL (self), NULL);
  return self->sd.jws.payload;
}

/**
 * vneid_credential_get_disclosable_paths:
 * @self: a #VneidCredential
 *
 * Gets the claim paths of all selectively disclosable claims, in the order of
 * the disclosures.
 *
 * Returns: (transfer full) (array zero-terminated=1): the claim paths of all
 *   selectively disclosable claims, in the order of the disclosures
 *
 * Since: 0.1
 */
char **
vneid_credential_get_disclosable_paths (VneidCredential *self)
{
  GStrvBuilder *builder;
  char **paths;

  g_return_val_if_fail (VNEID_IS_CREDENTIAL (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->sd.n_disclosures; i++)
    g_strv_builder_add (builder, self->sd.disclosures[i].path);
  paths = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return paths;
}

/* Whether @path is @prefix or lies below it (`a` covers `a.b` and `a[0]`). */
static gboolean
path_covers (const char *prefix,
             const char *path)
{
  gsize len = strlen (prefix);

  return strncmp (prefix, path, len) == 0 &&
         (path[len] == '\0' || path[len] == '.' || path[len] == '[');
}

static void
keep_with_ancestors (VneidCredential *self,
                     gboolean        *keep,
                     gint             index)
{
  for (; index >= 0 && !keep[index]; index = self->sd.disclosures[index].parent)
    keep[index] = TRUE;
}

/* Resolves a claim path in the processed claims, to tell a plain claim
 * from a path that names nothing. */
static gboolean
claim_exists (JsonObject *claims,
              const char *path)
{
  JsonNode *node = NULL;
  JsonObject *object = claims;
  const char *p = path;

  while (*p != '\0')
    {
      gsize len = strcspn (p, ".[");
      g_autofree char *name = g_strndup (p, len);

      if (object == NULL || (node = json_object_get_member (object, name)) == NULL)
        return FALSE;
      p += len;
      while (*p == '[')
        {
          guint64 index;
          char *end;

          index = g_ascii_strtoull (p + 1, &end, 10);
          if (*end != ']' || !JSON_NODE_HOLDS_ARRAY (node) ||
              index >= json_array_get_length (json_node_get_array (node)))
            return FALSE;
          node = json_array_get_element (json_node_get_array (node), (guint) index);
          p = end + 1;
        }
      if (*p == '.')
        p++;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node != NULL;
}

static gboolean
select_disclosures (VneidCredential    *self,
                    const char * const *paths,
                    gboolean           *keep,
                    GError            **error)
{
  for (gsize i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (!claim_exists (self->sd.jws.payload, paths[i]))
        {
          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                       "the credential has no claim at path “%s”", paths[i]);
          return FALSE;
        }
      /* the claim itself, what lies below it, and what holds it */
      for (guint j = 0; j < self->sd.n_disclosures; j++)
        if (path_covers (paths[i], self->sd.disclosures[j].path) ||
            path_covers (self->sd.disclosures[j].path, paths[i]))
          keep_with_ancestors (self, keep, (gint) j);
    }
  return TRUE;
}

static char *
make_key_binding_jwt (VneidCredential *self,
                      const char      *presented,
                      VneidKey        *holder_key,
                      const char      *nonce,
                      const char      *audience,
                      gint64           iat,
                      GError         **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  char sd_hash[VNEID_DIGEST_B64_LEN + 1];

  if (self->holder_key == NULL)
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                           "the credential is bound to no holder key this library can use (no “cnf.jwk” of Ed25519)");
      return NULL;
    }
  if (holder_key == NULL || !vneid_key_equal (holder_key, self->holder_key))
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                           "key binding needs the private key that “cnf” names");
      return NULL;
    }

  vneid_sha256_b64url (presented, strlen (presented), sd_hash);
  json_object_set_int_member (payload, "iat", iat ? iat : g_get_real_time () / G_USEC_PER_SEC);
  json_object_set_string_member (payload, "aud", audience);
  json_object_set_string_member (payload, "nonce", nonce);
  json_object_set_string_member (payload, "sd_hash", sd_hash);
  return vneid_jws_sign ("kb+jwt", payload, holder_key, error);
}

/**
 * vneid_credential_present:
 * @self: a #VneidCredential
 * @paths: (nullable) (array zero-terminated=1): the claim paths to disclose
 * @holder_key: (nullable): the holder's private key, needed for key binding
 * @nonce: (nullable): the verifier's nonce
 * @audience: (nullable): the verifier's identifier
 * @iat: the KB-JWT's issuance time in seconds since the epoch, or 0 for now
 * @error: return location for a #GError
 *
 * Makes a presentation that discloses the claims at @paths: for each, the
 * disclosures of the claim, of what lies below it, and of the claims that
 * hold it. A path to a claim that is always visible needs no disclosure; a
 * path that names no claim is an error.
 *
 * With @nonce and @audience, the presentation ends in a KB-JWT signed with
 * @holder_key, which must be the key the credential is bound to.
 *
 * Returns: (transfer full): the presentation, or %NULL on error
 *
 * Since: 0.1
 */
char *
vneid_credential_present (VneidCredential    *self,
                          const char * const *paths,
                          VneidKey           *holder_key,
                          const char         *nonce,
                          const char         *audience,
                          gint64              iat,
                          GError            **error)
{
  g_autofree gboolean *keep = NULL;
  g_autoptr(GString) presented = NULL;
  g_autofree char *kb_jwt = NULL;

  g_return_val_if_fail (VNEID_IS_CREDENTIAL (self), NULL);
  g_return_val_if_fail (holder_key == NULL || VNEID_IS_KEY (holder_key), NULL);

  if ((nonce == NULL) != (audience == NULL))
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                           "key binding needs both a nonce and an audience");
      return NULL;
    }

  keep = g_new0 (gboolean, self->sd.n_disclosures + 1);
  if (!select_disclosures (self, paths, keep, error))
    return NULL;

  /* the issuer-signed JWT and its '~' */
  presented = g_string_new_len (self->text, strchr (self->text, '~') - self->text + 1);
  for (guint i = 0; i < self->sd.n_disclosures; i++)
    if (keep[i])
      {
        g_string_append_len (presented, self->sd.disclosures[i].encoded,
                             (gssize) self->sd.disclosures[i].encoded_len);
        g_string_append_c (presented, '~');
      }

  if (nonce == NULL)
    return g_string_free (g_steal_pointer (&presented), FALSE);

  kb_jwt = make_key_binding_jwt (self, presented->str, holder_key, nonce, audience, iat, error);
  if (kb_jwt == NULL)
    return NULL;
  g_string_append (presented, kb_jwt);
  return g_string_free (g_steal_pointer (&presented), FALSE);
}
