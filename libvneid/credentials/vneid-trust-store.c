/* vneid-trust-store.c: the issuers a verifier trusts, and what each may issue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-trust-store-private.h"
#include "vneid-util-private.h"

/**
 * VneidTrustStore:
 *
 * The issuers a verifier trusts: their keys, taken from JWT VC Issuer
 * Metadata documents (`{"issuer": "https://…", "jwks": {"keys": […]}}`, as
 * served at `/.well-known/jwt-vc-issuer`), and a policy of which credential
 * types (`vct`) each issuer may issue.
 *
 * Trust is never taken from a token: an issuer's key is looked up by `iss`
 * (and `kid`) in this store only. An issuer may issue nothing until
 * [method@Vneid.TrustStore.allow] or
 * [method@Vneid.TrustStore.allow_all_types] says so.
 *
 * ## Ownership and threads
 *
 * [ctor@Vneid.Verifier.new] takes its own reference to the store. The
 * array [method@Vneid.TrustStore.get_keys] returns is the caller's; the
 * keys in it stay the store's.
 *
 * A trust store is filled once, from one thread
 * ([method@Vneid.TrustStore.add_metadata],
 * [method@Vneid.TrustStore.add_metadata_file],
 * [method@Vneid.TrustStore.allow]), and then only read: once it is handed
 * to a [class@Vneid.Verifier], it may be shared by any number of threads as
 * long as nobody changes it any more (docs/threads.md).
 *
 * Since: 0.1
 */
struct _VneidTrustStore
{
  GObject     parent_instance;

  /* issuer → GPtrArray of VneidKey */
  GHashTable *keys;
  /* issuer → GHashTable set of vct; a NULL value means every vct */
  GHashTable *allowed;
};

G_DEFINE_FINAL_TYPE (VneidTrustStore, vneid_trust_store, G_TYPE_OBJECT)

/* An issuer publishes a handful of keys (current, next, a few retired);
 * the caps keep a hostile or broken metadata document from costing more. */
#define MAX_ISSUER_KEYS     64
#define MAX_METADATA_SIZE   (64 * 1024)

static void
vneid_trust_store_finalize (GObject *object)
{
  VneidTrustStore *self = VNEID_TRUST_STORE (object);

  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->allowed);

  G_OBJECT_CLASS (vneid_trust_store_parent_class)->finalize (object);
}

static void
vneid_trust_store_class_init (VneidTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_trust_store_finalize;
}

static void
unref_if_set (gpointer table)
{
  if (table != NULL)
    g_hash_table_unref (table);
}

static void
vneid_trust_store_init (VneidTrustStore *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  self->allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_if_set);
}

/**
 * vneid_trust_store_new:
 *
 * Creates a new, empty trust store.
 *
 * Returns: (transfer full): a new, empty trust store
 *
 * Since: 0.1
 */
VneidTrustStore *
vneid_trust_store_new (void)
{
  return g_object_new (VNEID_TYPE_TRUST_STORE, NULL);
}

static gboolean
check_issuer_identifier (const char *issuer,
                         GError    **error)
{
  if (!g_str_has_prefix (issuer, "https://") || issuer[strlen ("https://")] == '\0')
    {
      g_autofree char *shown = vneid_shorten_for_message (issuer, 200);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "issuer “%s” is not an https URL", shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * vneid_trust_store_add_key:
 * @self: a #VneidTrustStore
 * @issuer: the issuer identifier, an `https` URL as in `iss`
 * @key: a key of that issuer; only its public part is kept
 * @error: return location for a #GError
 *
 * Trusts @key for tokens whose `iss` is @issuer. Two keys of one issuer may
 * not share a `kid`.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vneid_trust_store_add_key (VneidTrustStore *self,
                           const char      *issuer,
                           VneidKey        *key,
                           GError         **error)
{
  GPtrArray *keys;
  const char *kid;

  g_return_val_if_fail (VNEID_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (issuer != NULL, FALSE);
  g_return_val_if_fail (VNEID_IS_KEY (key), FALSE);

  if (!check_issuer_identifier (issuer, error))
    return FALSE;

  keys = g_hash_table_lookup (self->keys, issuer);
  if (keys == NULL)
    {
      keys = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->keys, g_strdup (issuer), keys);
    }

  kid = vneid_key_get_kid (key);
  for (guint i = 0; i < keys->len; i++)
    {
      VneidKey *known = g_ptr_array_index (keys, i);

      if (vneid_key_equal (known, key) ||
          (kid != NULL && g_strcmp0 (vneid_key_get_kid (known), kid) == 0))
        {
          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "issuer %s: key %s is already trusted", issuer, kid ? kid : "(no kid)");
          return FALSE;
        }
    }

  g_ptr_array_add (keys, vneid_key_dup_public (key));
  return TRUE;
}

static GPtrArray *
parse_metadata_keys (JsonObject *metadata,
                     const char *issuer,
                     GError    **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *jwks = json_object_get_member (metadata, "jwks");
  JsonNode *list;

  if (jwks == NULL)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "issuer metadata for %s has no “jwks”%s", issuer,
                   json_object_has_member (metadata, "jwks_uri")
                     ? " (“jwks_uri” is not fetched: libvneid does no HTTP; embed the keys)" : "");
      return NULL;
    }
  list = JSON_NODE_HOLDS_OBJECT (jwks)
    ? json_object_get_member (json_node_get_object (jwks), "keys") : NULL;
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list) &&
      json_array_get_length (json_node_get_array (list)) > MAX_ISSUER_KEYS)
    {
      g_autofree char *shown = vneid_shorten_for_message (issuer, 200);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "issuer metadata for %s: %u keys, over the limit of %d", shown,
                   json_array_get_length (json_node_get_array (list)), MAX_ISSUER_KEYS);
      return NULL;
    }
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      json_array_get_length (json_node_get_array (list)) == 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "issuer metadata for %s: “jwks” needs a non-empty “keys” array", issuer);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *jwk = json_array_get_element (json_node_get_array (list), i);
      g_autoptr(GError) local_error = NULL;
      VneidKey *key;

      key = JSON_NODE_HOLDS_OBJECT (jwk)
        ? vneid_key_new_from_jwk_object (json_node_get_object (jwk), &local_error) : NULL;
      if (key == NULL || vneid_key_has_private (key))
        {
          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "issuer metadata for %s: key %u: %s", issuer, i,
                       key ? "holds a private key; metadata must publish public keys only"
                           : local_error ? local_error->message : "not a JSON object");
          g_clear_object (&key);
          return NULL;
        }
      g_ptr_array_add (keys, key);
    }
  return g_steal_pointer (&keys);
}

/**
 * vneid_trust_store_add_metadata:
 * @self: a #VneidTrustStore
 * @metadata: a JWT VC Issuer Metadata document as JSON text
 * @error: return location for a #GError
 *
 * Trusts the keys an issuer publishes in its metadata (`jwks`; `jwks_uri`
 * is refused, since the library does no HTTP). Nothing is added unless the
 * whole document is valid. The issuer may issue no credential type until
 * allowed to. A document is at most 64 KiB with at most 64 keys
 * (%VNEID_CREDENTIAL_ERROR_TOO_LARGE).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vneid_trust_store_add_metadata (VneidTrustStore *self,
                                const char      *metadata,
                                GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(VneidTrustStore) staged = NULL;
  const char *issuer;
  JsonObject *object;
  gsize len;

  g_return_val_if_fail (VNEID_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (metadata != NULL, FALSE);

  len = strlen (metadata);
  if (len > MAX_METADATA_SIZE)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "issuer metadata is %" G_GSIZE_FORMAT " bytes, over the limit of %d",
                   len, MAX_METADATA_SIZE);
      return FALSE;
    }
  root = vneid_json_parse_object (metadata, len, "issuer metadata", error);
  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);
  if (!vneid_json_get_string (object, "issuer", TRUE, &issuer, "issuer metadata", error) ||
      !check_issuer_identifier (issuer, error))
    return FALSE;

  keys = parse_metadata_keys (object, issuer, error);
  if (keys == NULL)
    return FALSE;

  /* Check every key against what is trusted already before adding any. */
  staged = vneid_trust_store_new ();
  {
    GPtrArray *known = g_hash_table_lookup (self->keys, issuer);
    for (guint i = 0; known != NULL && i < known->len; i++)
      vneid_trust_store_add_key (staged, issuer, g_ptr_array_index (known, i), NULL);
  }
  for (guint i = 0; i < keys->len; i++)
    if (!vneid_trust_store_add_key (staged, issuer, g_ptr_array_index (keys, i), error))
      return FALSE;

  g_hash_table_replace (self->keys, g_strdup (issuer),
                        g_ptr_array_ref (g_hash_table_lookup (staged->keys, issuer)));
  return TRUE;
}

/**
 * vneid_trust_store_add_metadata_file:
 * @self: a #VneidTrustStore
 * @path: (type filename): a file holding a JWT VC Issuer Metadata document
 * @error: return location for a #GError
 *
 * Like [method@Vneid.TrustStore.add_metadata], from a file.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vneid_trust_store_add_metadata_file (VneidTrustStore *self,
                                     const char      *path,
                                     GError         **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (VNEID_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  if (!vneid_trust_store_add_metadata (self, text, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

/**
 * vneid_trust_store_allow:
 * @self: a #VneidTrustStore
 * @vct: a credential type, such as `urn:vn:vneid:pid:1`
 * @issuer: an issuer identifier
 *
 * Allows @issuer to issue credentials of type @vct.
 *
 * Since: 0.1
 */
void
vneid_trust_store_allow (VneidTrustStore *self,
                         const char      *vct,
                         const char      *issuer)
{
  GHashTable *types;

  g_return_if_fail (VNEID_IS_TRUST_STORE (self));
  g_return_if_fail (vct != NULL);
  g_return_if_fail (issuer != NULL);

  if (!g_hash_table_lookup_extended (self->allowed, issuer, NULL, (gpointer *) &types))
    {
      types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->allowed, g_strdup (issuer), types);
    }
  if (types != NULL)
    g_hash_table_add (types, g_strdup (vct));
}

/**
 * vneid_trust_store_allow_all_types:
 * @self: a #VneidTrustStore
 * @issuer: an issuer identifier
 *
 * Allows @issuer to issue credentials of any type. Meant for tools and
 * tests; a portal should name the types it accepts from each issuer with
 * [method@Vneid.TrustStore.allow].
 *
 * Since: 0.1
 */
void
vneid_trust_store_allow_all_types (VneidTrustStore *self,
                                   const char      *issuer)
{
  g_return_if_fail (VNEID_IS_TRUST_STORE (self));
  g_return_if_fail (issuer != NULL);

  g_hash_table_replace (self->allowed, g_strdup (issuer), NULL);
}

/**
 * vneid_trust_store_is_allowed:
 * @self: a #VneidTrustStore
 * @vct: a credential type
 * @issuer: an issuer identifier
 *
 * Tells whether @issuer is trusted and allowed to issue @vct.
 *
 * Returns: whether @issuer is trusted and allowed to issue @vct
 *
 * Since: 0.1
 */
gboolean
vneid_trust_store_is_allowed (VneidTrustStore *self,
                              const char      *vct,
                              const char      *issuer)
{
  GHashTable *types;

  g_return_val_if_fail (VNEID_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (vct != NULL, FALSE);
  g_return_val_if_fail (issuer != NULL, FALSE);

  if (!g_hash_table_contains (self->keys, issuer) ||
      !g_hash_table_lookup_extended (self->allowed, issuer, NULL, (gpointer *) &types))
    return FALSE;
  return types == NULL || g_hash_table_contains (types, vct);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * vneid_trust_store_list_issuers:
 * @self: a #VneidTrustStore
 *
 * Gets the identifiers of the issuers with trusted keys, sorted.
 *
 * Returns: (transfer full) (array zero-terminated=1): the identifiers of the
 *   issuers with trusted keys, sorted
 *
 * Since: 0.1
 */
char **
vneid_trust_store_list_issuers (VneidTrustStore *self)
{
  g_autofree gpointer *names = NULL;
  guint n = 0;
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (VNEID_IS_TRUST_STORE (self), NULL);

  names = g_hash_table_get_keys_as_array (self->keys, &n);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, names[i]);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  g_qsort_with_data (result, (gint) n, sizeof (char *), compare_names, NULL);
  return result;
}

static gpointer
ref_key (gconstpointer key,
         gpointer      user_data)
{
  return g_object_ref ((gpointer) key);
}

/**
 * vneid_trust_store_get_keys:
 * @self: a #VneidTrustStore
 * @issuer: an issuer identifier
 *
 * Gets the public keys trusted for @issuer, possibly none.
 *
 * Returns: (transfer container) (element-type VneidKey): the public keys
 *   trusted for @issuer, possibly none
 *
 * Since: 0.1
 */
GPtrArray *
vneid_trust_store_get_keys (VneidTrustStore *self,
                            const char      *issuer)
{
  GPtrArray *keys;

  g_return_val_if_fail (VNEID_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (issuer != NULL, NULL);

  keys = g_hash_table_lookup (self->keys, issuer);
  return keys ? g_ptr_array_copy (keys, ref_key, NULL)
              : g_ptr_array_new_with_free_func (g_object_unref);
}

VneidKey *
vneid_trust_store_verify_jws (VneidTrustStore *self,
                              const char      *issuer,
                              VneidJws        *jws,
                              const char      *what,
                              GError         **error)
{
  GPtrArray *keys = g_hash_table_lookup (self->keys, issuer);
  const char *kid = NULL;
  gboolean kid_matched = FALSE;

  if (keys == NULL)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER,
                   "%s: issuer %s is not in the trust store", what, issuer);
      return NULL;
    }
  if (!vneid_json_get_string (jws->header, "kid", FALSE, &kid, what, error))
    return NULL;

  for (guint i = 0; i < keys->len; i++)
    {
      VneidKey *key = g_ptr_array_index (keys, i);

      if (kid != NULL && g_strcmp0 (vneid_key_get_kid (key), kid) != 0)
        continue;
      kid_matched = TRUE;
      if (vneid_jws_verify (jws, key))
        return key;
    }

  if (!kid_matched)
    g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY,
                 "%s: issuer %s has no trusted key with kid “%s”", what, issuer, kid);
  else
    g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE,
                 "%s: signature does not verify with the trusted key of %s", what, issuer);
  return NULL;
}
