/* vneid-trust-store.c: the issuers a verifier trusts, and what each may issue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-file.h"
#include "vneid-trust-store-private.h"
#include "vneid-key-private.h"
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
  /* what reading metadata skipped, for the caller to show */
  GPtrArray  *warnings;
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
  g_ptr_array_unref (self->warnings);

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
  self->warnings = g_ptr_array_new_with_free_func (g_free);
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

/* SD-JWT VC section 5: the issuer identifier is an https URL without query
 * or fragment, since the metadata lives at a path derived from it. */
static gboolean
check_issuer_identifier (const char *issuer,
                         GError    **error)
{
  const char *problem = NULL;

  if (!g_str_has_prefix (issuer, "https://") || issuer[strlen ("https://")] == '\0')
    problem = "is not an https URL";
  else if (strpbrk (issuer, "?#") != NULL)
    problem = "has a query or fragment";
  if (problem != NULL)
    {
      g_autofree char *shown = vneid_shorten_for_message (issuer, 200);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "issuer “%s” %s", shown, problem);
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

static gpointer
ref_key (gconstpointer key,
         gpointer      user_data)
{
  return g_object_ref ((gpointer) key);
}

/* The key array of a metadata document, or NULL with @error set. */
static JsonArray *
metadata_key_list (JsonObject *metadata,
                   const char *issuer,
                   GError    **error)
{
  JsonNode *jwks = json_object_get_member (metadata, "jwks");
  gboolean has_uri = json_object_has_member (metadata, "jwks_uri");
  JsonNode *list;

  if (jwks == NULL || has_uri)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "issuer metadata for %s %s", issuer,
                   jwks != NULL ? "has both “jwks” and “jwks_uri” (SD-JWT VC section 5.2: one or the other)"
                   : has_uri ? "has no “jwks” (“jwks_uri” is not fetched: libvneid does no HTTP; embed the keys)"
                   : "has no “jwks”");
      return NULL;
    }
  list = JSON_NODE_HOLDS_OBJECT (jwks)
    ? json_object_get_member (json_node_get_object (jwks), "keys") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      json_array_get_length (json_node_get_array (list)) == 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "issuer metadata for %s: “jwks” needs a non-empty “keys” array", issuer);
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (list)) > MAX_ISSUER_KEYS)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "issuer metadata for %s: %u keys, over the limit of %d", issuer,
                   json_array_get_length (json_node_get_array (list)), MAX_ISSUER_KEYS);
      return NULL;
    }
  return json_node_get_array (list);
}

/* The Ed25519 signature keys of a metadata document. Keys of other kinds
 * are skipped with a line in @warnings: RFC 7517 section 5 says to ignore
 * keys a reader does not understand, and one of them must not make the
 * issuer untrusted. A broken Ed25519 key or a private key fails the whole
 * document. */
static GPtrArray *
parse_metadata_keys (JsonObject *metadata,
                     const char *issuer,
                     GPtrArray  *warnings,
                     GError    **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *list = metadata_key_list (metadata, issuer, error);

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *jwk = json_array_get_element (list, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *why = NULL;
      VneidKey *key;

      if (JSON_NODE_HOLDS_OBJECT (jwk) &&
          (why = vneid_jwk_why_unusable (json_node_get_object (jwk))) != NULL)
        {
          g_ptr_array_add (warnings, g_strdup_printf ("issuer metadata for %s: key %u skipped: %s",
                                                      issuer, i, why));
          continue;
        }
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
  if (keys->len == 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "issuer metadata for %s: none of its %u keys is an Ed25519 signature key",
                   issuer, json_array_get_length (list));
      return NULL;
    }
  return g_steal_pointer (&keys);
}

/* Appends @fresh to @trusted, skipping keys trusted already (a document
 * read again). Keys may share a `kid` (RFC 7517 section 4.5 only says they
 * SHOULD differ): a token with that kid is checked against each of them,
 * in the order they were added. */
static void
merge_keys (GPtrArray  *trusted,
            GPtrArray  *fresh,
            const char *issuer,
            GPtrArray  *warnings)
{
  for (guint i = 0; i < fresh->len; i++)
    {
      VneidKey *key = g_ptr_array_index (fresh, i);
      const char *kid = vneid_key_get_kid (key);
      gboolean known = FALSE, shared = FALSE;

      for (guint j = 0; j < trusted->len; j++)
        {
          VneidKey *other = g_ptr_array_index (trusted, j);
          gboolean same_kid = g_strcmp0 (vneid_key_get_kid (other), kid) == 0;

          known |= same_kid && vneid_key_equal (other, key);
          shared |= same_kid && kid != NULL;
        }
      if (known)
        continue;
      if (shared)
        g_ptr_array_add (warnings, g_strdup_printf ("issuer metadata for %s: several keys have kid "
                                                    "“%s”; each is tried in turn", issuer, kid));
      g_ptr_array_add (trusted, g_object_ref (key));
    }
}

/**
 * vneid_trust_store_add_metadata:
 * @self: a #VneidTrustStore
 * @metadata: a JWT VC Issuer Metadata document as JSON text
 * @error: return location for a #GError
 *
 * Trusts the Ed25519 keys an issuer publishes in its metadata (`jwks`;
 * `jwks_uri` is refused, since the library does no HTTP, and so is a
 * document with both). Keys the library does not verify with (other key
 * types, `use` other than `sig`, `key_ops` without `verify`) are skipped,
 * each with a line in [method@Vneid.TrustStore.get_warnings]; a document
 * with no usable key is refused. Keys may share a `kid`: a token naming it
 * is checked against each of them in document order. Nothing is added
 * unless the whole document is valid. The issuer may issue no credential
 * type until allowed to. A document is at most 64 KiB with at most 64 keys
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
  g_autoptr(GPtrArray) trusted = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shown = NULL;
  GPtrArray *known;
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

  shown = vneid_shorten_for_message (issuer, 200);
  keys = parse_metadata_keys (object, shown, warnings, error);
  if (keys == NULL)
    return FALSE;

  known = g_hash_table_lookup (self->keys, issuer);
  trusted = known ? g_ptr_array_copy (known, ref_key, NULL)
                  : g_ptr_array_new_with_free_func (g_object_unref);
  merge_keys (trusted, keys, shown, warnings);
  g_hash_table_replace (self->keys, g_strdup (issuer), g_steal_pointer (&trusted));
  g_ptr_array_extend_and_steal (self->warnings, g_steal_pointer (&warnings));
  return TRUE;
}

/**
 * vneid_trust_store_get_warnings:
 * @self: a #VneidTrustStore
 *
 * What reading issuer metadata skipped or noticed without refusing the
 * document: keys of a kind the library does not verify with, keys sharing
 * a `kid`. One line each, in the order they came.
 *
 * Returns: (transfer full) (array zero-terminated=1): the warnings,
 *   possibly none
 *
 * Since: 0.2
 */
char **
vneid_trust_store_get_warnings (VneidTrustStore *self)
{
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (VNEID_IS_TRUST_STORE (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->warnings->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->warnings, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/**
 * vneid_trust_store_add_metadata_file:
 * @self: a #VneidTrustStore
 * @path: (type filename): a file holding a JWT VC Issuer Metadata document
 * @error: return location for a #GError
 *
 * Like [method@Vneid.TrustStore.add_metadata], from a file, read with
 * [func@Vneid.file_read_bounded] with the 64 KiB limit of a metadata
 * document, whose errors it returns.
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

  text = vneid_file_read_bounded (path, MAX_METADATA_SIZE, "issuer metadata", NULL, error);
  if (text == NULL)
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
 * @vct: a credential type, such as %VNEID_VCT_PID
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
  if (!vneid_json_scalar_get_string (&jws->header_members[VNEID_JWS_KID], "kid", FALSE, &kid, what, error))
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
