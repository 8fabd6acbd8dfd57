/* vneid-credential-builder.c: the issuer side, making SD-JWT VCs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-credential-builder.h"
#include "vneid-jws-private.h"
#include "vneid-sd-jwt-private.h"
#include "vneid-util-private.h"

/**
 * VneidCredentialBuilder:
 *
 * Makes SD-JWT VCs (RFC 9901, SD-JWT VC): the issuer side.
 *
 * A builder holds the claims of one credential, which of them are
 * selectively disclosable, the holder's key for key binding, a status list
 * reference and the validity period. [method@Vneid.CredentialBuilder.build]
 * signs it with EdDSA into the compact form
 * `<issuer JWT>~<disclosure>~…~`.
 *
 * Claim paths name a claim by its members joined with dots, and an array
 * element by its index in brackets: `address.region`, `nationalities[0]`.
 * Every disclosure gets a fresh 128-bit salt, every `_sd` array a random
 * number of decoy digests, and digests are sorted so that their order says
 * nothing about the claims.
 *
 * ```c
 * g_autoptr(VneidCredentialBuilder) builder =
 *   vneid_credential_builder_new_from_json (VNEID_VCT_PID, claims, &error);
 * vneid_credential_builder_set_all_disclosable (builder, TRUE);
 * vneid_credential_builder_set_holder_key (builder, holder_key);
 * vneid_credential_builder_set_expires_at (builder, time (NULL) + 86400);
 * credential = vneid_credential_builder_build (builder, issuer_key,
 *                                              "https://id.vneid.example", &error);
 * ```
 *
 * Since: 0.1
 */
struct _VneidCredentialBuilder
{
  GObject     parent_instance;

  char       *vct;
  JsonObject *claims;
  GHashTable *disclosable;   /* set of claim paths */
  gboolean    all_disclosable;
  guint       max_decoys;
  VneidKey   *holder_key;
  char       *status_uri;
  guint       status_index;
  gint64      iat;
  gint64      nbf;
  gint64      exp;
};

G_DEFINE_FINAL_TYPE (VneidCredentialBuilder, vneid_credential_builder, G_TYPE_OBJECT)

#define DEFAULT_MAX_DECOYS 3

/* Claims the builder sets itself; the claims object may not carry them. */
static const char *const builder_claims[] = {
  "iss", "vct", "cnf", "status", "iat", "nbf", "exp", "_sd_alg",
};

static void
vneid_credential_builder_finalize (GObject *object)
{
  VneidCredentialBuilder *self = VNEID_CREDENTIAL_BUILDER (object);

  g_free (self->vct);
  json_object_unref (self->claims);
  g_hash_table_unref (self->disclosable);
  g_clear_object (&self->holder_key);
  g_free (self->status_uri);

  G_OBJECT_CLASS (vneid_credential_builder_parent_class)->finalize (object);
}

static void
vneid_credential_builder_class_init (VneidCredentialBuilderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_credential_builder_finalize;
}

static void
vneid_credential_builder_init (VneidCredentialBuilder *self)
{
  self->disclosable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_decoys = DEFAULT_MAX_DECOYS;
}

/**
 * vneid_credential_builder_new:
 * @vct: the credential type, such as %VNEID_VCT_PID
 * @claims: the credential's claims; the builder keeps its own copy
 *
 * Creates a new builder.
 *
 * Returns: (transfer full): a new builder
 *
 * Since: 0.1
 */
VneidCredentialBuilder *
vneid_credential_builder_new (const char *vct,
                              JsonObject *claims)
{
  VneidCredentialBuilder *self;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (vct != NULL, NULL);
  g_return_val_if_fail (claims != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), claims);
  copy = vneid_json_deep_copy (node);

  self = g_object_new (VNEID_TYPE_CREDENTIAL_BUILDER, NULL);
  self->vct = g_strdup (vct);
  self->claims = json_node_dup_object (copy);
  return self;
}

/**
 * vneid_credential_builder_new_from_json:
 * @vct: the credential type
 * @claims: the claims as a JSON object text
 * @error: return location for a #GError
 *
 * Creates a new builder, or %NULL if @claims is not a JSON object.
 *
 * Returns: (transfer full): a new builder, or %NULL if @claims is not a JSON
 *   object
 *
 * Since: 0.1
 */
VneidCredentialBuilder *
vneid_credential_builder_new_from_json (const char *vct,
                                        const char *claims,
                                        GError    **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (vct != NULL, NULL);
  g_return_val_if_fail (claims != NULL, NULL);

  root = vneid_json_parse_object (claims, strlen (claims), "claims", error);
  if (root == NULL)
    return NULL;
  return vneid_credential_builder_new (vct, json_node_get_object (root));
}

/**
 * vneid_credential_builder_add_disclosable:
 * @self: a #VneidCredentialBuilder
 * @path: a claim path, such as `address.region` or `nationalities[0]`
 *
 * Makes the claim at @path selectively disclosable. A path that names no
 * claim makes [method@Vneid.CredentialBuilder.build] fail.
 *
 * Since: 0.1
 */
void
vneid_credential_builder_add_disclosable (VneidCredentialBuilder *self,
                                          const char             *path)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));
  g_return_if_fail (path != NULL);

  g_hash_table_add (self->disclosable, g_strdup (path));
}

/**
 * vneid_credential_builder_set_all_disclosable:
 * @self: a #VneidCredentialBuilder
 * @all: whether every claim is selectively disclosable
 *
 * Makes every claim, at every depth and every array element, selectively
 * disclosable, except those that must stay in the clear (`iss`, `nbf`,
 * `exp`, `cnf`, `vct`, `status`, and VNeID's `vneid_level`).
 *
 * Since: 0.1
 */
void
vneid_credential_builder_set_all_disclosable (VneidCredentialBuilder *self,
                                              gboolean                all)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));
  self->all_disclosable = !!all;
}

/**
 * vneid_credential_builder_set_max_decoys:
 * @self: a #VneidCredentialBuilder
 * @max_decoys: the most decoy digests to add to each `_sd` array
 *
 * Each `_sd` array gets a random number of decoy digests between 0 and
 * @max_decoys (3 by default), so that the number of digests does not tell
 * how many claims there are.
 *
 * Since: 0.1
 */
void
vneid_credential_builder_set_max_decoys (VneidCredentialBuilder *self,
                                         guint                   max_decoys)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));
  self->max_decoys = max_decoys;
}

/**
 * vneid_credential_builder_set_holder_key:
 * @self: a #VneidCredentialBuilder
 * @holder_key: (nullable): the holder's key; only its public part is used
 *
 * Binds the credential to the holder's key (`cnf.jwk`), so that
 * presentations can prove possession with a KB-JWT.
 *
 * Since: 0.1
 */
void
vneid_credential_builder_set_holder_key (VneidCredentialBuilder *self,
                                         VneidKey               *holder_key)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));
  g_return_if_fail (holder_key == NULL || VNEID_IS_KEY (holder_key));

  g_clear_object (&self->holder_key);
  if (holder_key != NULL)
    self->holder_key = vneid_key_dup_public (holder_key);
}

/**
 * vneid_credential_builder_set_status:
 * @self: a #VneidCredentialBuilder
 * @uri: (nullable): the URI of the status list token, or %NULL for none
 * @index: the credential's index in that list
 *
 * References the credential's entry in a Token Status List
 * (`status.status_list`).
 *
 * Since: 0.1
 */
void
vneid_credential_builder_set_status (VneidCredentialBuilder *self,
                                     const char             *uri,
                                     guint                   index)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));

  g_free (self->status_uri);
  self->status_uri = g_strdup (uri);
  self->status_index = index;
}

/**
 * vneid_credential_builder_set_issued_at:
 * @self: a #VneidCredentialBuilder
 * @iat: the issuance time in seconds since the epoch, or 0 for the time of
 *   building
 *
 * Sets the issuance time in seconds since the epoch, or 0 for the time of
 * building.
 *
 * Since: 0.1
 */
void
vneid_credential_builder_set_issued_at (VneidCredentialBuilder *self,
                                        gint64                  iat)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));
  self->iat = iat;
}

/**
 * vneid_credential_builder_set_not_before:
 * @self: a #VneidCredentialBuilder
 * @nbf: the start of validity in seconds since the epoch, or 0 for none
 *
 * Sets the start of validity in seconds since the epoch, or 0 for none.
 *
 * Since: 0.1
 */
void
vneid_credential_builder_set_not_before (VneidCredentialBuilder *self,
                                         gint64                  nbf)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));
  self->nbf = nbf;
}

/**
 * vneid_credential_builder_set_expires_at:
 * @self: a #VneidCredentialBuilder
 * @exp: the end of validity in seconds since the epoch, or 0 for none
 *
 * Sets the end of validity in seconds since the epoch, or 0 for none.
 *
 * Since: 0.1
 */
void
vneid_credential_builder_set_expires_at (VneidCredentialBuilder *self,
                                         gint64                  exp)
{
  g_return_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self));
  self->exp = exp;
}

typedef struct {
  VneidCredentialBuilder *builder;
  GHashTable             *unmatched;    /* requested paths not found yet */
  GString                *disclosures;  /* `~d1~d2…` */
} Building;

static gboolean conceal_node (Building *b, JsonNode *node, const char *path, GError **error);

static gboolean
is_disclosable (Building   *b,
                const char *path,
                gboolean    top,
                const char *name)
{
  if (g_hash_table_remove (b->unmatched, path))
    return TRUE;
  return b->builder->all_disclosable && !(top && vneid_sd_jwt_is_never_disclosable (name));
}

/* Turns [salt, (name,) value] into a disclosure, appends it to the output
 * and returns its digest. */
static void
add_disclosure (Building   *b,
                const char *name,
                JsonNode   *value,
                char        digest[VNEID_DIGEST_B64_LEN + 1])
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *salt = vneid_random_salt ();
  g_autofree char *json = NULL;
  g_autofree char *encoded = NULL;

  json_array_add_string_element (array, salt);
  if (name != NULL)
    json_array_add_string_element (array, name);
  json_array_add_element (array, json_node_ref (value));

  node = json_node_init_array (json_node_alloc (), array);
  json = vneid_json_to_string (node);
  encoded = vneid_b64url_encode ((const guint8 *) json, strlen (json));
  vneid_sha256_b64url (encoded, strlen (encoded), digest);

  g_string_append_c (b->disclosures, '~');
  g_string_append (b->disclosures, encoded);
}

static void
add_decoys (Building *b,
            GPtrArray *digests)
{
  guint n = randombytes_uniform (b->builder->max_decoys + 1);

  for (guint i = 0; i < n; i++)
    {
      guint8 noise[32];
      char *digest = g_malloc (VNEID_DIGEST_B64_LEN + 1);

      randombytes_buf (noise, sizeof noise);
      vneid_sha256_b64url ((const char *) noise, sizeof noise, digest);
      g_ptr_array_add (digests, digest);
    }
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
check_member_name (const char *name,
                   const char *path,
                   GError    **error)
{
  if (strcmp (name, "_sd") == 0 || strcmp (name, "...") == 0 || strcmp (name, "_sd_alg") == 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "claims: member “%s” at %s is reserved by SD-JWT", name, path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
conceal_object (Building   *b,
                JsonObject *object,
                const char *path,
                gboolean    top,
                GError    **error)
{
  g_autoptr(GList) names = json_object_get_members (object);
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *child = path ? g_strconcat (path, ".", name, NULL) : g_strdup (name);
      JsonNode *value = json_object_get_member (object, name);

      if (!check_member_name (name, child, error) ||
          !conceal_node (b, value, child, error))
        return FALSE;

      if (is_disclosable (b, child, top, name))
        {
          char *digest = g_malloc (VNEID_DIGEST_B64_LEN + 1);

          add_disclosure (b, name, value, digest);
          g_ptr_array_add (digests, digest);
          json_object_remove_member (object, name);
        }
    }

  if (digests->len == 0)
    return TRUE;

  add_decoys (b, digests);
  g_ptr_array_sort (digests, compare_strings);
  {
    JsonArray *sd = json_array_sized_new (digests->len);

    for (guint i = 0; i < digests->len; i++)
      json_array_add_string_element (sd, g_ptr_array_index (digests, i));
    json_object_set_array_member (object, "_sd", sd);
  }
  return TRUE;
}

/* Rebuilds the array with a `{"...": digest}` placeholder in place of each
 * disclosable element (json-glib cannot turn a node into another kind). */
static gboolean
conceal_array (Building   *b,
               JsonNode   *node,
               const char *path,
               GError    **error)
{
  JsonArray *array = json_node_get_array (node);
  guint n = json_array_get_length (array);
  g_autoptr(JsonArray) concealed = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);
      JsonNode *element = json_array_get_element (array, i);
      char digest[VNEID_DIGEST_B64_LEN + 1];
      JsonObject *placeholder;

      if (!conceal_node (b, element, child, error))
        return FALSE;
      if (!is_disclosable (b, child, FALSE, NULL))
        {
          json_array_add_element (concealed, json_node_ref (element));
          continue;
        }

      add_disclosure (b, NULL, element, digest);
      placeholder = json_object_new ();
      json_object_set_string_member (placeholder, "...", digest);
      json_array_add_object_element (concealed, placeholder);
    }

  json_node_take_array (node, g_steal_pointer (&concealed));
  return TRUE;
}

static gboolean
conceal_node (Building   *b,
              JsonNode   *node,
              const char *path,
              GError    **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return conceal_object (b, json_node_get_object (node), path, FALSE, error);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return conceal_array (b, node, path, error);
  return TRUE;
}

static gboolean
check_requested_paths (VneidCredentialBuilder *self,
                       GError                **error)
{
  GHashTableIter iter;
  const char *path;

  g_hash_table_iter_init (&iter, self->disclosable);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
    {
      g_autofree char *top = g_strndup (path, strcspn (path, ".["));

      /* SD-JWT VC section 3.2.2.2: "including any of their sub-claims" */
      if (vneid_sd_jwt_is_never_disclosable (top))
        {
          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE,
                       "claim “%s” must not be selectively disclosable, nor any of its sub-claims",
                       path);
          return FALSE;
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (builder_claims); i++)
    if (json_object_has_member (self->claims, builder_claims[i]))
      {
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                     "claims: “%s” is set by the builder and may not be among the claims",
                     builder_claims[i]);
        return FALSE;
      }
  return TRUE;
}

static JsonObject *
build_payload (VneidCredentialBuilder *self,
               const char             *issuer,
               JsonObject             *concealed)
{
  JsonObject *payload = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_set_string_member (payload, "iss", issuer);
  json_object_set_int_member (payload, "iat",
                              self->iat ? self->iat : g_get_real_time () / G_USEC_PER_SEC);
  if (self->nbf != 0)
    json_object_set_int_member (payload, "nbf", self->nbf);
  if (self->exp != 0)
    json_object_set_int_member (payload, "exp", self->exp);
  json_object_set_string_member (payload, "vct", self->vct);

  if (self->holder_key != NULL)
    {
      JsonObject *cnf = json_object_new ();

      json_object_set_object_member (cnf, "jwk", vneid_key_to_jwk_object (self->holder_key, FALSE));
      json_object_set_object_member (payload, "cnf", cnf);
    }
  if (self->status_uri != NULL)
    {
      JsonObject *status = json_object_new ();
      JsonObject *reference = json_object_new ();

      json_object_set_int_member (reference, "idx", self->status_index);
      json_object_set_string_member (reference, "uri", self->status_uri);
      json_object_set_object_member (status, "status_list", reference);
      json_object_set_object_member (payload, "status", status);
    }

  json_object_iter_init_ordered (&iter, concealed);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    json_object_set_member (payload, name, json_node_ref (value));
  json_object_set_string_member (payload, "_sd_alg", "sha-256");
  return payload;
}

static gboolean
check_unmatched (GHashTable *unmatched,
                 GError    **error)
{
  GHashTableIter iter;
  const char *path;

  g_hash_table_iter_init (&iter, unmatched);
  if (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "no claim at path “%s” to make selectively disclosable", path);
      return FALSE;
    }
  return TRUE;
}

/**
 * vneid_credential_builder_build:
 * @self: a #VneidCredentialBuilder
 * @issuer_key: the issuer's private key
 * @issuer: the issuer identifier (`iss`), an `https` URL
 * @error: return location for a #GError
 *
 * Signs the credential. Fails with %VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE
 * when a claim that must stay in the clear was made disclosable, and with
 * %VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT when a disclosable path names no
 * claim or the claims carry what the builder sets itself (`iss`, `vct`,
 * `cnf`, `status`, `iat`, `nbf`, `exp`) or the reserved names `_sd`,
 * `_sd_alg` and `...`. A path below a claim that must stay in the clear
 * (`cnf.jwk`, `status.status_list.idx`) is refused as well. The builder may be used again.
 *
 * Returns: (transfer full): the compact SD-JWT VC, `<JWT>~<disclosure>~…~`
 *
 * Since: 0.1
 */
char *
vneid_credential_builder_build (VneidCredentialBuilder *self,
                                VneidKey               *issuer_key,
                                const char             *issuer,
                                GError                **error)
{
  g_autoptr(JsonNode) claims = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GHashTable) unmatched = NULL;
  g_autoptr(GString) disclosures = g_string_new (NULL);
  g_autofree char *jwt = NULL;
  Building b;

  g_return_val_if_fail (VNEID_IS_CREDENTIAL_BUILDER (self), NULL);
  g_return_val_if_fail (VNEID_IS_KEY (issuer_key), NULL);
  g_return_val_if_fail (issuer != NULL, NULL);

  if (!g_str_has_prefix (issuer, "https://") || issuer[strlen ("https://")] == '\0' ||
      self->vct[0] == '\0')
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "%s", self->vct[0] == '\0' ? "the credential type (vct) is empty"
                                              : "the issuer (iss) must be an https URL");
      return NULL;
    }
  if (!vneid_crypto_init (error) || !check_requested_paths (self, error))
    return NULL;

  unmatched = g_hash_table_new (g_str_hash, g_str_equal);
  {
    GHashTableIter iter;
    gpointer path;

    g_hash_table_iter_init (&iter, self->disclosable);
    while (g_hash_table_iter_next (&iter, &path, NULL))
      g_hash_table_add (unmatched, path);
  }

  /* Conceal a copy, so that the builder can build again. */
  {
    g_autoptr(JsonNode) original = json_node_init_object (json_node_alloc (), self->claims);
    claims = vneid_json_deep_copy (original);
  }

  b = (Building) { self, unmatched, disclosures };
  if (!conceal_object (&b, json_node_get_object (claims), NULL, TRUE, error) ||
      !check_unmatched (unmatched, error))
    return NULL;

  payload = build_payload (self, issuer, json_node_get_object (claims));
  jwt = vneid_jws_sign ("dc+sd-jwt", payload, issuer_key, error);
  if (jwt == NULL)
    return NULL;
  return g_strconcat (jwt, disclosures->str, "~", NULL);
}
