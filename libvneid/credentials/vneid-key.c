/* vneid-key.c: Ed25519 keys and their JWK form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-file.h"
#include "vneid-key-private.h"
#include "vneid-util-private.h"

/* A JWK is some hundred bytes; a key file over this is not one. */
#define MAX_KEY_FILE_SIZE (64 * 1024)

/**
 * VneidKey:
 *
 * An Ed25519 key (RFC 8037), public or private, with its JWK form.
 *
 * Keys are immutable once made and safe to share between threads. The
 * private part lives in memory from `sodium_malloc()`, guarded and wiped
 * when the key is finalized; it leaves that memory only when the caller
 * asks for the private JWK.
 *
 * Since: 0.1
 */
struct _VneidKey
{
  GObject parent_instance;

  char   *kid;
  guint8  public_key[crypto_sign_PUBLICKEYBYTES];
  /* seed || public key, as libsodium wants it; NULL for public keys */
  guint8 *secret_key;
};

G_DEFINE_FINAL_TYPE (VneidKey, vneid_key, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KID,
  PROP_HAS_PRIVATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vneid_key_finalize (GObject *object)
{
  VneidKey *self = VNEID_KEY (object);

  g_free (self->kid);
  if (self->secret_key != NULL)
    sodium_free (self->secret_key); /* wipes before it unmaps */

  G_OBJECT_CLASS (vneid_key_parent_class)->finalize (object);
}

static void
vneid_key_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VneidKey *self = VNEID_KEY (object);

  switch (prop_id)
    {
    case PROP_KID:
      g_value_set_string (value, self->kid);
      break;
    case PROP_HAS_PRIVATE:
      g_value_set_boolean (value, self->secret_key != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vneid_key_class_init (VneidKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vneid_key_finalize;
  object_class->get_property = vneid_key_get_property;

  /**
   * VneidKey:kid:
   *
   * The key identifier (JWK `kid`), or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_KID] =
    g_param_spec_string ("kid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VneidKey:has-private:
   *
   * Whether the key holds its private part and so can sign.
   *
   * Since: 0.1
   */
  properties[PROP_HAS_PRIVATE] =
    g_param_spec_boolean ("has-private", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vneid_key_init (VneidKey *self)
{
}

/* Guarded memory from libsodium, wiped when freed with sodium_free(). */
static gpointer
secure_alloc (gsize    size,
              GError **error)
{
  gpointer memory;

  if (!vneid_crypto_init (error))
    return NULL;
  memory = sodium_malloc (size);
  if (memory == NULL)
    g_set_error_literal (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_CRYPTO,
                         "could not allocate secure memory for a private key");
  return memory;
}

static VneidKey *
key_new_from_seed (const guint8 seed[crypto_sign_SEEDBYTES],
                   const char  *kid,
                   GError     **error)
{
  g_autoptr(VneidKey) self = g_object_new (VNEID_TYPE_KEY, NULL);

  self->secret_key = secure_alloc (crypto_sign_SECRETKEYBYTES, error);
  if (self->secret_key == NULL)
    return NULL;
  crypto_sign_seed_keypair (self->public_key, self->secret_key, seed);
  self->kid = g_strdup (kid);
  return g_steal_pointer (&self);
}

/**
 * vneid_key_generate:
 * @kid: (nullable): the key identifier to give the key
 * @error: return location for a #GError
 *
 * Generates a new Ed25519 key pair from the system's random source.
 *
 * Returns: (transfer full): the new private key, or %NULL on error
 *
 * Since: 0.1
 */
VneidKey *
vneid_key_generate (const char *kid,
                    GError    **error)
{
  guint8 *seed = secure_alloc (crypto_sign_SEEDBYTES, error);
  VneidKey *key;

  if (seed == NULL)
    return NULL;
  randombytes_buf (seed, crypto_sign_SEEDBYTES);
  key = key_new_from_seed (seed, kid, error);
  sodium_free (seed);
  return key;
}

static gboolean
get_jwk_string (JsonObject  *jwk,
                const char  *member,
                gboolean     required,
                const char **out,
                GError     **error)
{
  JsonNode *node = json_object_get_member (jwk, member);

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        g_set_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                     "JWK: member “%s” is missing", member);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                   "JWK: member “%s” is not a string", member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
decode_jwk_bytes (const char *text,
                  const char *member,
                  guint8     *out,
                  gsize       out_len,
                  GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!vneid_b64url_decode_exact (text, strlen (text), out, out_len, member, &local_error))
    {
      g_set_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                   "JWK: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_jwk_kind (JsonObject *jwk,
                GError    **error)
{
  const char *kty, *crv, *alg, *use;

  if (!get_jwk_string (jwk, "kty", TRUE, &kty, error))
    return FALSE;
  if (strcmp (kty, "OKP") != 0)
    {
      g_autofree char *shown = vneid_shorten_for_message (kty, 32);

      g_set_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                   "JWK: key type “%s” is not supported (only OKP with Ed25519)", shown);
      return FALSE;
    }
  if (!get_jwk_string (jwk, "crv", TRUE, &crv, error) ||
      !get_jwk_string (jwk, "alg", FALSE, &alg, error) ||
      !get_jwk_string (jwk, "use", FALSE, &use, error))
    return FALSE;
  if (strcmp (crv, "Ed25519") != 0)
    {
      g_autofree char *shown = vneid_shorten_for_message (crv, 32);

      g_set_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                   "JWK: curve “%s” is not supported (only Ed25519)", shown);
      return FALSE;
    }
  if (alg != NULL && strcmp (alg, "EdDSA") != 0 && strcmp (alg, "Ed25519") != 0)
    {
      g_set_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                   "JWK: “alg” %s does not fit an Ed25519 key", alg);
      return FALSE;
    }
  if (use != NULL && strcmp (use, "sig") != 0)
    {
      g_set_error (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                   "JWK: “use” is %s, not sig", use);
      return FALSE;
    }
  return TRUE;
}

static const char *
jwk_string_or_null (JsonObject *jwk,
                    const char *member)
{
  JsonNode *node = json_object_get_member (jwk, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
key_ops_allow_verify (JsonNode *key_ops)
{
  JsonArray *ops;

  if (!JSON_NODE_HOLDS_ARRAY (key_ops))
    return FALSE;
  ops = json_node_get_array (key_ops);
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonNode *op = json_array_get_element (ops, i);

      if (JSON_NODE_HOLDS_VALUE (op) && json_node_get_value_type (op) == G_TYPE_STRING &&
          strcmp (json_node_get_string (op), "verify") == 0)
        return TRUE;
    }
  return FALSE;
}

char *
vneid_jwk_why_unusable (JsonObject *jwk)
{
  const char *kty = jwk_string_or_null (jwk, "kty");
  const char *crv = jwk_string_or_null (jwk, "crv");
  const char *use = jwk_string_or_null (jwk, "use");
  JsonNode *key_ops = json_object_get_member (jwk, "key_ops");

  if (kty == NULL)
    return NULL; /* malformed: the parser says why */
  if (strcmp (kty, "OKP") != 0 || crv == NULL || strcmp (crv, "Ed25519") != 0)
    {
      g_autofree char *shown_kty = vneid_shorten_for_message (kty, 32);
      g_autofree char *shown_crv = crv ? vneid_shorten_for_message (crv, 32) : NULL;

      return g_strdup_printf ("kty %s%s%s: not an Ed25519 key", shown_kty,
                              shown_crv ? ", crv " : "", shown_crv ? shown_crv : "");
    }
  if (use != NULL && strcmp (use, "sig") != 0)
    {
      g_autofree char *shown = vneid_shorten_for_message (use, 32);

      return g_strdup_printf ("“use” is %s, not sig", shown);
    }
  if (key_ops != NULL && !key_ops_allow_verify (key_ops))
    return g_strdup ("“key_ops” does not include verify");
  return NULL;
}

static VneidKey *
key_new_from_private_jwk (const char  *d,
                          const guint8 x[crypto_sign_PUBLICKEYBYTES],
                          const char  *kid,
                          GError     **error)
{
  g_autoptr(VneidKey) self = NULL;
  guint8 *seed = secure_alloc (crypto_sign_SEEDBYTES, error);

  if (seed == NULL)
    return NULL;
  if (decode_jwk_bytes (d, "d", seed, crypto_sign_SEEDBYTES, error))
    self = key_new_from_seed (seed, kid, error);
  sodium_free (seed);

  if (self != NULL && sodium_memcmp (self->public_key, x, crypto_sign_PUBLICKEYBYTES) != 0)
    {
      g_set_error_literal (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                           "JWK: private part “d” does not belong to public part “x”");
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * vneid_key_new_from_jwk_object:
 * @jwk: a JWK as a JSON object
 * @error: return location for a #GError
 *
 * Imports an Ed25519 JWK (RFC 8037: `kty` `OKP`, `crv` `Ed25519`, `x`, and
 * `d` for a private key). A private key's `d` must match its `x`.
 *
 * Returns: (transfer full): the key, or %NULL with @error set to a
 *   %VNEID_KEY_ERROR_INVALID_JWK error
 *
 * Since: 0.1
 */
VneidKey *
vneid_key_new_from_jwk_object (JsonObject *jwk,
                               GError    **error)
{
  const char *d_text, *kid;
  guint8 x[VNEID_PUBLIC_KEY_BYTES];

  g_return_val_if_fail (jwk != NULL, NULL);

  if (!vneid_jwk_read_public (jwk, x, &kid, error) ||
      !get_jwk_string (jwk, "d", FALSE, &d_text, error))
    return NULL;
  if (d_text != NULL)
    return key_new_from_private_jwk (d_text, x, kid, error);
  return vneid_key_new_public (x, kid);
}

gboolean
vneid_jwk_read_public (JsonObject  *jwk,
                       guint8       public_key[VNEID_PUBLIC_KEY_BYTES],
                       const char **kid,
                       GError     **error)
{
  const char *x_text;

  return check_jwk_kind (jwk, error) &&
         get_jwk_string (jwk, "x", TRUE, &x_text, error) &&
         get_jwk_string (jwk, "kid", FALSE, kid, error) &&
         decode_jwk_bytes (x_text, "x", public_key, VNEID_PUBLIC_KEY_BYTES, error) &&
         vneid_crypto_init (error);
}

VneidKey *
vneid_key_new_public (const guint8  public_key[VNEID_PUBLIC_KEY_BYTES],
                      const char   *kid)
{
  VneidKey *self = g_object_new (VNEID_TYPE_KEY, NULL);

  memcpy (self->public_key, public_key, VNEID_PUBLIC_KEY_BYTES);
  self->kid = g_strdup (kid);
  return self;
}

/* Wipes the text of @member in @object, when it is a string: json-glib
 * frees strings without wiping them. */
static void
wipe_string_member (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      char *text = (char *) json_node_get_string (node); /* the node's own copy */

      sodium_memzero (text, strlen (text));
    }
}

/**
 * vneid_key_new_from_jwk:
 * @jwk: a JWK as JSON text
 * @error: return location for a #GError
 *
 * Imports an Ed25519 JWK from its JSON text. See
 * [ctor@Vneid.Key.new_from_jwk_object].
 *
 * Returns: (transfer full): the key, or %NULL on error
 *
 * Since: 0.1
 */
VneidKey *
vneid_key_new_from_jwk (const char *jwk,
                        GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  VneidKey *key;

  g_return_val_if_fail (jwk != NULL, NULL);

  root = vneid_json_parse_object (jwk, strlen (jwk), "JWK", &local_error);
  if (root == NULL)
    {
      g_set_error_literal (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_INVALID_JWK,
                           local_error->message);
      return NULL;
    }
  key = vneid_key_new_from_jwk_object (json_node_get_object (root), error);
  /* our parse of the text holds the private part: wipe it before it is freed */
  wipe_string_member (json_node_get_object (root), "d");
  return key;
}

/**
 * vneid_key_new_from_file:
 * @path: (type filename): a file holding a JWK
 * @error: return location for a #GError
 *
 * Reads a JWK from a file of at most 64 KiB (a key is far smaller), read
 * with [func@Vneid.file_read_bounded], whose errors it returns. The text read is wiped from memory afterwards, since it may hold
 * a private key.
 *
 * Returns: (transfer full): the key, or %NULL on error
 *
 * Since: 0.1
 */
VneidKey *
vneid_key_new_from_file (const char *path,
                         GError    **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr(GError) local_error = NULL;
  VneidKey *key;

  g_return_val_if_fail (path != NULL, NULL);

  text = vneid_file_read_bounded (path, MAX_KEY_FILE_SIZE, "key file", &len, error);
  if (text == NULL)
    return NULL;
  key = vneid_key_new_from_jwk (text, &local_error);
  sodium_memzero (text, len);
  if (key == NULL)
    g_set_error (error, VNEID_KEY_ERROR, local_error->code, "%s: %s", path, local_error->message);
  return key;
}

/**
 * vneid_key_get_kid:
 * @self: a #VneidKey
 *
 * Gets the key identifier (`kid`).
 *
 * Returns: (nullable): the key identifier (`kid`)
 *
 * Since: 0.1
 */
const char *
vneid_key_get_kid (VneidKey *self)
{
  g_return_val_if_fail (VNEID_IS_KEY (self), NULL);
  return self->kid;
}

/**
 * vneid_key_has_private:
 * @self: a #VneidKey
 *
 * Tells whether the key holds its private part.
 *
 * Returns: whether the key holds its private part
 *
 * Since: 0.1
 */
gboolean
vneid_key_has_private (VneidKey *self)
{
  g_return_val_if_fail (VNEID_IS_KEY (self), FALSE);
  return self->secret_key != NULL;
}

/**
 * vneid_key_get_public_bytes:
 * @self: a #VneidKey
 *
 * Gets the 32 bytes of the Ed25519 public key.
 *
 * Returns: (transfer full): the 32 bytes of the Ed25519 public key
 *
 * Since: 0.1
 */
GBytes *
vneid_key_get_public_bytes (VneidKey *self)
{
  g_return_val_if_fail (VNEID_IS_KEY (self), NULL);
  return g_bytes_new (self->public_key, sizeof self->public_key);
}

const guint8 *
vneid_key_peek_public (VneidKey *self)
{
  return self->public_key;
}

/**
 * vneid_key_dup_public:
 * @self: a #VneidKey
 *
 * Gets a key with the same public part and `kid`, and no private part.
 *
 * Returns: (transfer full): a key with the same public part and `kid`, and no
 *   private part
 *
 * Since: 0.1
 */
VneidKey *
vneid_key_dup_public (VneidKey *self)
{
  VneidKey *copy;

  g_return_val_if_fail (VNEID_IS_KEY (self), NULL);

  copy = g_object_new (VNEID_TYPE_KEY, NULL);
  memcpy (copy->public_key, self->public_key, sizeof self->public_key);
  copy->kid = g_strdup (self->kid);
  return copy;
}

static void
set_b64_member (JsonObject   *object,
                const char   *member,
                const guint8 *data,
                gsize         len)
{
  char *text = vneid_b64url_encode (data, len);

  json_object_set_string_member (object, member, text);
  /* the text may be the private part: leave no copy of ours behind */
  sodium_memzero (text, strlen (text));
  g_free (text);
}

/**
 * vneid_key_to_jwk_object:
 * @self: a #VneidKey
 * @include_private: whether to include the private part `d`
 *
 * Exports the key as a JWK object. The private part is exported only when
 * asked for and present.
 *
 * Returns: (transfer full): the JWK
 *
 * Since: 0.1
 */
JsonObject *
vneid_key_to_jwk_object (VneidKey *self,
                         gboolean  include_private)
{
  JsonObject *jwk;

  g_return_val_if_fail (VNEID_IS_KEY (self), NULL);

  jwk = json_object_new ();
  json_object_set_string_member (jwk, "kty", "OKP");
  json_object_set_string_member (jwk, "crv", "Ed25519");
  set_b64_member (jwk, "x", self->public_key, sizeof self->public_key);
  if (include_private && self->secret_key != NULL)
    set_b64_member (jwk, "d", self->secret_key, crypto_sign_SEEDBYTES);
  if (self->kid != NULL)
    json_object_set_string_member (jwk, "kid", self->kid);
  return jwk;
}

/**
 * vneid_key_to_jwk:
 * @self: a #VneidKey
 * @include_private: whether to include the private part `d`
 *
 * Gets the JWK as compact JSON text.
 *
 * Returns: (transfer full): the JWK as compact JSON text
 *
 * Since: 0.1
 */
char *
vneid_key_to_jwk (VneidKey *self,
                  gboolean  include_private)
{
  g_autoptr(JsonObject) jwk = NULL;
  g_autofree char *public_text = NULL;
  g_autofree char *x = NULL;
  g_autofree char *head = NULL;
  const char *after_x;
  char *d, *text;

  g_return_val_if_fail (VNEID_IS_KEY (self), NULL);

  jwk = vneid_key_to_jwk_object (self, FALSE);
  public_text = vneid_json_object_to_string (jwk);
  if (!include_private || self->secret_key == NULL)
    return g_steal_pointer (&public_text);

  /* The private JWK is the public one with "d" after "x", put together in
   * one allocation: a JSON generator would grow its buffer and leave
   * copies of "d" behind in freed memory. */
  x = vneid_b64url_encode (self->public_key, sizeof self->public_key);
  after_x = strstr (public_text, x) + strlen (x) + 1; /* past the closing quote */
  head = g_strndup (public_text, (gsize) (after_x - public_text));
  d = vneid_b64url_encode (self->secret_key, crypto_sign_SEEDBYTES);
  text = g_strconcat (head, ",\"d\":\"", d, "\"", after_x, NULL);
  sodium_memzero (d, strlen (d));
  g_free (d);
  return text;
}

/**
 * vneid_key_get_thumbprint:
 * @self: a #VneidKey
 *
 * Computes the RFC 7638 JWK thumbprint with SHA-256: the hash of
 * `{"crv":"Ed25519","kty":"OKP","x":"…"}`, the required members in
 * lexicographic order and without white space.
 *
 * Returns: (transfer full): the base64url thumbprint
 *
 * Since: 0.1
 */
char *
vneid_key_get_thumbprint (VneidKey *self)
{
  g_autofree char *x = NULL;
  g_autofree char *canonical = NULL;
  char digest[VNEID_DIGEST_B64_LEN + 1];

  g_return_val_if_fail (VNEID_IS_KEY (self), NULL);

  x = vneid_b64url_encode (self->public_key, sizeof self->public_key);
  canonical = g_strdup_printf ("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", x);
  vneid_sha256_b64url (canonical, strlen (canonical), digest);
  return g_strdup (digest);
}

/**
 * vneid_key_equal:
 * @self: a #VneidKey
 * @other: another #VneidKey
 *
 * Tells whether both keys have the same public part.
 *
 * Returns: whether both keys have the same public part
 *
 * Since: 0.1
 */
gboolean
vneid_key_equal (VneidKey *self,
                 VneidKey *other)
{
  g_return_val_if_fail (VNEID_IS_KEY (self), FALSE);
  g_return_val_if_fail (VNEID_IS_KEY (other), FALSE);

  return sodium_memcmp (self->public_key, other->public_key, sizeof self->public_key) == 0;
}

gboolean
vneid_key_sign_detached (VneidKey   *self,
                         const char *data,
                         gsize       len,
                         guint8      signature[VNEID_SIGNATURE_BYTES],
                         GError    **error)
{
  if (self->secret_key == NULL)
    {
      g_set_error_literal (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_NO_PRIVATE_KEY,
                           "the key has no private part and cannot sign");
      return FALSE;
    }
  if (crypto_sign_detached (signature, NULL, (const guint8 *) data, len, self->secret_key) != 0)
    {
      g_set_error_literal (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_CRYPTO,
                           "Ed25519 signing failed");
      return FALSE;
    }
  return TRUE;
}

gboolean
vneid_key_verify_detached (VneidKey     *self,
                           const char   *data,
                           gsize         len,
                           const guint8  signature[VNEID_SIGNATURE_BYTES])
{
  return vneid_verify_detached_with (self->public_key, data, len, signature);
}

gboolean
vneid_verify_detached_with (const guint8  public_key[VNEID_PUBLIC_KEY_BYTES],
                            const char   *data,
                            gsize         len,
                            const guint8  signature[VNEID_SIGNATURE_BYTES])
{
  return crypto_sign_verify_detached (signature, (const guint8 *) data, len, public_key) == 0;
}

/**
 * vneid_key_sign:
 * @self: a private #VneidKey
 * @data: (array length=data_len): the message
 * @data_len: the length of @data
 * @error: return location for a #GError
 *
 * Signs @data with Ed25519.
 *
 * Returns: (transfer full): the 64-byte signature, or %NULL on error
 *
 * Since: 0.1
 */
GBytes *
vneid_key_sign (VneidKey     *self,
                const guint8 *data,
                gsize         data_len,
                GError      **error)
{
  guint8 signature[VNEID_SIGNATURE_BYTES];

  g_return_val_if_fail (VNEID_IS_KEY (self), NULL);
  g_return_val_if_fail (data != NULL || data_len == 0, NULL);

  if (!vneid_key_sign_detached (self, (const char *) data, data_len, signature, error))
    return NULL;
  return g_bytes_new (signature, sizeof signature);
}

/**
 * vneid_key_verify:
 * @self: a #VneidKey
 * @data: (array length=data_len): the message
 * @data_len: the length of @data
 * @signature: (array length=signature_len): the signature
 * @signature_len: the length of @signature
 *
 * Checks an Ed25519 signature of @data.
 *
 * Returns: %TRUE if @signature is a valid signature of @data by this key
 *
 * Since: 0.1
 */
gboolean
vneid_key_verify (VneidKey     *self,
                  const guint8 *data,
                  gsize         data_len,
                  const guint8 *signature,
                  gsize         signature_len)
{
  g_return_val_if_fail (VNEID_IS_KEY (self), FALSE);
  g_return_val_if_fail (data != NULL || data_len == 0, FALSE);

  if (signature == NULL || signature_len != VNEID_SIGNATURE_BYTES)
    return FALSE;
  return vneid_key_verify_detached (self, (const char *) data, data_len, signature);
}
