/* vneid-dcql-query.c: a DCQL query (OpenID4VP 1.0 section 6)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-dcql-query.h"
#include "vneid-dcql-private.h"
#include "vneid-openid4vp-private.h"
#include "vneid-util-private.h"

/**
 * VneidDcqlQuery:
 *
 * A Digital Credentials Query Language query (OpenID4VP 1.0 section 6):
 * which credentials, and which claims of them, a verifier asks a wallet
 * for. Parsed from JSON with every rule of the section enforced (unique
 * `id`s of the allowed characters, claims path pointers of strings, nulls
 * and non-negative integers, `claim_sets` naming claim ids,
 * `credential_sets` options naming credential query ids, `meta.vct_values`
 * for `dc+sd-jwt`, the types of `multiple`, `required`,
 * `require_cryptographic_holder_binding`, `values`, `trusted_authorities`);
 * errors say where (`credentials[1].claims[0].path[2]`).
 *
 * [ctor@Vneid.DcqlQuery.new_for_forms] derives a query from the forms a
 * portal fills (docs/openid4vp.md explains how). A query is immutable.
 *
 * Since: 0.2
 */
struct _VneidDcqlQuery
{
  GObject    parent_instance;

  JsonNode  *json;              /* the query as given, deep-copied */
  GPtrArray *credentials;       /* VneidDcqlCredential */
  GPtrArray *credential_sets;   /* VneidDcqlCredentialSet, or NULL */
};

G_DEFINE_FINAL_TYPE (VneidDcqlQuery, vneid_dcql_query, G_TYPE_OBJECT)

/* Bounds on what a query may hold. */
#define MAX_CREDENTIALS 64
#define MAX_CLAIMS      256
#define MAX_SETS        256
#define MAX_QUERY_SIZE  (64 * 1024)

static void
claim_free (VneidDcqlClaim *claim)
{
  g_free (claim->dotted);
  g_free (claim);
}

static void
credential_free (VneidDcqlCredential *credential)
{
  g_ptr_array_unref (credential->vct_values);
  g_clear_pointer (&credential->claims, g_ptr_array_unref);
  g_clear_pointer (&credential->claim_sets, g_ptr_array_unref);
  g_free (credential);
}

static void
credential_set_free (VneidDcqlCredentialSet *set)
{
  g_ptr_array_unref (set->options);
  g_free (set);
}

static void
vneid_dcql_query_finalize (GObject *object)
{
  VneidDcqlQuery *self = VNEID_DCQL_QUERY (object);

  g_ptr_array_unref (self->credentials);
  g_clear_pointer (&self->credential_sets, g_ptr_array_unref);
  g_clear_pointer (&self->json, json_node_unref);
  G_OBJECT_CLASS (vneid_dcql_query_parent_class)->finalize (object);
}

static void
vneid_dcql_query_class_init (VneidDcqlQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_dcql_query_finalize;
}

static void
vneid_dcql_query_init (VneidDcqlQuery *self)
{
  self->credentials = g_ptr_array_new_with_free_func ((GDestroyNotify) credential_free);
}

/* ---- validation helpers ------------------------------------------------- */

/* Every rule broken is INVALID_QUERY, said where. */
#define fail(error, where, ...) \
  vneid_openid4vp_fail ((error), VNEID_OPENID4VP_ERROR_INVALID_QUERY, "dcql_query", (where), __VA_ARGS__)

static const char *
type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_boolean (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* Section 6.1 and 6.3: non-empty, alphanumeric, `_` or `-`. */
static gboolean
is_valid_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
read_id (JsonObject *object,
         gboolean    required,
         const char *where,
         const char **out,
         GError    **error)
{
  JsonNode *node = json_object_get_member (object, "id");
  g_autofree char *shown = NULL;

  *out = NULL;
  if (node == NULL)
    return required ? fail (error, where, "“id” is missing") : TRUE;
  if (!is_string (node))
    return fail (error, where, "“id” must be a string, not %s", type_name (node));
  if (!is_valid_id (json_node_get_string (node)))
    {
      shown = vneid_shorten_for_message (json_node_get_string (node), 40);
      return fail (error, where, "“id” “%s” must be a non-empty string of letters, digits, “_” and “-”", shown);
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_optional_boolean (JsonObject *object,
                       const char *member,
                       gboolean    fallback,
                       const char *where,
                       gboolean   *out,
                       GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL)
    return TRUE;
  if (!is_boolean (node))
    return fail (error, where, "“%s” must be a boolean, not %s", member, type_name (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A member that must be a non-empty array when present; *out stays NULL
 * when absent. */
static gboolean
read_nonempty_array (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     const char  *where,
                     JsonArray  **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return required ? fail (error, where, "“%s” is missing", member) : TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, "“%s” must be an array, not %s", member, type_name (node));
  if (json_array_get_length (json_node_get_array (node)) == 0)
    return fail (error, where, "“%s” must not be empty", member);
  *out = json_node_get_array (node);
  return TRUE;
}

/* ---- claims ------------------------------------------------------------- */

/* Section 7: a non-empty array of strings, nulls and non-negative
 * integers. The dotted form keeps the leading names, for messages and for
 * matching against registrations. */
static gboolean
check_path (JsonArray  *path,
            const char *where,
            char      **dotted,
            GError    **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean names = TRUE;

  for (guint i = 0; i < json_array_get_length (path); i++)
    {
      JsonNode *element = json_array_get_element (path, i);
      g_autofree char *place = g_strdup_printf ("%s.path[%u]", where, i);

      if (is_string (element))
        {
          if (names)
            g_string_append_printf (text, "%s%s", text->len ? "." : "", json_node_get_string (element));
        }
      else if (is_integer (element))
        {
          if (json_node_get_int (element) < 0)
            return fail (error, place, "an array index must not be negative");
          names = FALSE;
        }
      else if (JSON_NODE_HOLDS_NULL (element))
        names = FALSE;
      else
        return fail (error, place, "a claims path holds strings, null and non-negative integers, not %s",
                     type_name (element));
    }
  if (text->len == 0)
    return fail (error, where, "“path” must start with a claim name (a string)");
  *dotted = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static gboolean
check_values (JsonArray  *values,
              const char *where,
              GError    **error)
{
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *value = json_array_get_element (values, i);

      if (!is_string (value) && !is_integer (value) && !is_boolean (value))
        {
          g_autofree char *place = g_strdup_printf ("%s.values[%u]", where, i);

          return fail (error, place, "values are strings, integers or booleans, not %s", type_name (value));
        }
    }
  return TRUE;
}

static gboolean
same_path (JsonArray *a,
           JsonArray *b)
{
  g_autoptr(JsonNode) x = json_node_init_array (json_node_alloc (), a);
  g_autoptr(JsonNode) y = json_node_init_array (json_node_alloc (), b);

  return json_node_equal (x, y);
}

static gboolean
parse_claim (JsonNode         *node,
             const char       *where,
             gboolean          id_required,
             GPtrArray        *claims,
             GError          **error)
{
  JsonObject *object;
  VneidDcqlClaim *claim;
  JsonArray *path, *values;
  const char *id;
  char *dotted = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, "a claims query must be an object, not %s", type_name (node));
  object = json_node_get_object (node);
  if (!read_id (object, id_required, where, &id, error) ||
      !read_nonempty_array (object, "path", TRUE, where, &path, error) ||
      !check_path (path, where, &dotted, error))
    return FALSE;
  claim = g_new0 (VneidDcqlClaim, 1);
  claim->id = id;
  claim->path = path;
  claim->dotted = dotted;
  g_ptr_array_add (claims, claim);
  if (!read_nonempty_array (object, "values", FALSE, where, &values, error) ||
      (values != NULL && !check_values (values, where, error)))
    return FALSE;
  claim->values = values;

  for (guint i = 0; i + 1 < claims->len; i++)
    {
      VneidDcqlClaim *other = g_ptr_array_index (claims, i);

      if (id != NULL && g_strcmp0 (other->id, id) == 0)
        return fail (error, where, "claim id “%s” is used twice", id);
      if (same_path (other->path, path))
        return fail (error, where, "asks for the claim “%s” a second time", dotted);
    }
  return TRUE;
}

static gboolean
parse_id_list (JsonNode    *node,
               const char  *where,
               const char  *what,
               GPtrArray  **out,
               GError     **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, "must be an array of %s ids, not %s", what, type_name (node));
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return fail (error, where, "must not be empty");
  *out = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *id = json_array_get_element (array, i);

      if (!is_string (id))
        {
          g_autofree char *place = g_strdup_printf ("%s[%u]", where, i);

          return fail (error, place, "must be a %s id (a string), not %s", what, type_name (id));
        }
      g_ptr_array_add (*out, (gpointer) json_node_get_string (id));
    }
  return TRUE;
}

static gboolean
parse_claim_sets (VneidDcqlCredential *credential,
                  JsonArray           *sets,
                  const char          *where,
                  GError             **error)
{
  credential->claim_sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  if (json_array_get_length (sets) > MAX_SETS)
    return fail (error, where, "more than %d claim sets", MAX_SETS);
  for (guint i = 0; i < json_array_get_length (sets); i++)
    {
      g_autofree char *place = g_strdup_printf ("%s.claim_sets[%u]", where, i);
      GPtrArray *ids = NULL;

      if (!parse_id_list (json_array_get_element (sets, i), place, "claim", &ids, error))
        {
          if (ids != NULL)
            g_ptr_array_unref (ids);
          return FALSE;
        }
      g_ptr_array_add (credential->claim_sets, ids);
      for (guint j = 0; j < ids->len; j++)
        if (vneid_dcql_credential_lookup_claim (credential, g_ptr_array_index (ids, j)) == NULL)
          {
            g_autofree char *shown = vneid_shorten_for_message (g_ptr_array_index (ids, j), 40);

            return fail (error, place, "names “%s”, which is no claim id of this credential query", shown);
          }
    }
  return TRUE;
}

static gboolean
parse_claims (VneidDcqlCredential *credential,
              JsonObject          *object,
              const char          *where,
              GError             **error)
{
  JsonArray *claims, *sets;

  if (!read_nonempty_array (object, "claims", FALSE, where, &claims, error) ||
      !read_nonempty_array (object, "claim_sets", FALSE, where, &sets, error))
    return FALSE;
  if (sets != NULL && claims == NULL)
    return fail (error, where, "“claim_sets” without “claims”");
  if (claims == NULL)
    return TRUE;
  if (json_array_get_length (claims) > MAX_CLAIMS)
    return fail (error, where, "more than %d claims", MAX_CLAIMS);

  credential->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) claim_free);
  for (guint i = 0; i < json_array_get_length (claims); i++)
    {
      g_autofree char *place = g_strdup_printf ("%s.claims[%u]", where, i);

      if (!parse_claim (json_array_get_element (claims, i), place, sets != NULL, credential->claims, error))
        return FALSE;
    }
  return sets == NULL || parse_claim_sets (credential, sets, where, error);
}

/* meta: an object; for dc+sd-jwt, vct_values a non-empty array of strings. */
static gboolean
parse_meta (VneidDcqlCredential *credential,
            JsonObject          *object,
            const char          *where,
            GError             **error)
{
  JsonNode *meta = json_object_get_member (object, "meta");
  g_autofree char *place = g_strdup_printf ("%s.meta", where);
  JsonArray *vcts;

  if (meta == NULL)
    return fail (error, where, "“meta” is missing");
  if (!JSON_NODE_HOLDS_OBJECT (meta))
    return fail (error, where, "“meta” must be an object, not %s", type_name (meta));
  if (strcmp (credential->format, VNEID_DCQL_FORMAT_SD_JWT) != 0)
    return TRUE;
  if (!read_nonempty_array (json_node_get_object (meta), "vct_values", TRUE, place, &vcts, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (vcts); i++)
    {
      JsonNode *vct = json_array_get_element (vcts, i);

      if (!is_string (vct) || *json_node_get_string (vct) == '\0')
        {
          g_autofree char *at = g_strdup_printf ("%s.vct_values[%u]", place, i);

          return fail (error, at, "must be a non-empty string, not %s", type_name (vct));
        }
      g_ptr_array_add (credential->vct_values, (gpointer) json_node_get_string (vct));
    }
  return TRUE;
}

static gboolean
check_trusted_authorities (JsonObject *object,
                           const char *where,
                           GError    **error)
{
  JsonArray *list;

  if (!read_nonempty_array (object, "trusted_authorities", FALSE, where, &list, error))
    return FALSE;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *entry = json_array_get_element (list, i);
      g_autofree char *place = g_strdup_printf ("%s.trusted_authorities[%u]", where, i);
      JsonArray *values;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return fail (error, place, "must be an object, not %s", type_name (entry));
      if (!is_string (json_object_get_member (json_node_get_object (entry), "type")))
        return fail (error, place, "“type” must be a string");
      if (!read_nonempty_array (json_node_get_object (entry), "values", TRUE, place, &values, error))
        return FALSE;
      for (guint j = 0; j < json_array_get_length (values); j++)
        if (!is_string (json_array_get_element (values, j)))
          return fail (error, place, "“values” holds strings only");
    }
  return TRUE;
}

static gboolean
parse_credential (VneidDcqlQuery *self,
                  JsonNode       *node,
                  const char     *where,
                  GError        **error)
{
  VneidDcqlCredential *credential;
  JsonObject *object;
  const char *id;
  JsonNode *format;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, "a credential query must be an object, not %s", type_name (node));
  object = json_node_get_object (node);
  if (!read_id (object, TRUE, where, &id, error))
    return FALSE;
  if (vneid_dcql_query_lookup_credential (self, id) != NULL)
    return fail (error, where, "credential query id “%s” is used twice", id);
  format = json_object_get_member (object, "format");
  if (!is_string (format))
    return fail (error, where, "“format” must be a string, not %s", format ? type_name (format) : "missing");

  credential = g_new0 (VneidDcqlCredential, 1);
  credential->id = id;
  credential->format = json_node_get_string (format);
  credential->vct_values = g_ptr_array_new ();
  g_ptr_array_add (self->credentials, credential);

  return read_optional_boolean (object, "multiple", FALSE, where, &credential->multiple, error) &&
         read_optional_boolean (object, "require_cryptographic_holder_binding", TRUE, where,
                                &credential->require_binding, error) &&
         parse_meta (credential, object, where, error) &&
         check_trusted_authorities (object, where, error) &&
         parse_claims (credential, object, where, error);
}

static gboolean
parse_credential_set (VneidDcqlQuery *self,
                      JsonNode       *node,
                      const char     *where,
                      GError        **error)
{
  VneidDcqlCredentialSet *set;
  JsonArray *options;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, "a credential set query must be an object, not %s", type_name (node));
  object = json_node_get_object (node);
  if (!read_nonempty_array (object, "options", TRUE, where, &options, error))
    return FALSE;

  set = g_new0 (VneidDcqlCredentialSet, 1);
  set->options = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (self->credential_sets, set);
  if (!read_optional_boolean (object, "required", TRUE, where, &set->required, error))
    return FALSE;
  if (json_array_get_length (options) > MAX_SETS)
    return fail (error, where, "more than %d options", MAX_SETS);

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      g_autofree char *place = g_strdup_printf ("%s.options[%u]", where, i);
      GPtrArray *ids = NULL;

      if (!parse_id_list (json_array_get_element (options, i), place, "credential query", &ids, error))
        {
          if (ids != NULL)
            g_ptr_array_unref (ids);
          return FALSE;
        }
      g_ptr_array_add (set->options, ids);
      for (guint j = 0; j < ids->len; j++)
        if (vneid_dcql_query_lookup_credential (self, g_ptr_array_index (ids, j)) == NULL)
          {
            g_autofree char *shown = vneid_shorten_for_message (g_ptr_array_index (ids, j), 40);

            return fail (error, place, "names “%s”, which is no credential query id", shown);
          }
    }
  return TRUE;
}

static gboolean
parse_query (VneidDcqlQuery *self,
             GError        **error)
{
  JsonObject *object;
  JsonArray *credentials, *sets;

  if (!JSON_NODE_HOLDS_OBJECT (self->json))
    return fail (error, "(top)", "a DCQL query must be an object, not %s", type_name (self->json));
  object = json_node_get_object (self->json);
  if (!read_nonempty_array (object, "credentials", TRUE, "(top)", &credentials, error) ||
      !read_nonempty_array (object, "credential_sets", FALSE, "(top)", &sets, error))
    return FALSE;
  if (json_array_get_length (credentials) > MAX_CREDENTIALS)
    return fail (error, "credentials", "more than %d credential queries", MAX_CREDENTIALS);

  for (guint i = 0; i < json_array_get_length (credentials); i++)
    {
      g_autofree char *place = g_strdup_printf ("credentials[%u]", i);

      if (!parse_credential (self, json_array_get_element (credentials, i), place, error))
        return FALSE;
    }
  if (sets == NULL)
    return TRUE;
  if (json_array_get_length (sets) > MAX_SETS)
    return fail (error, "credential_sets", "more than %d credential set queries", MAX_SETS);
  self->credential_sets = g_ptr_array_new_with_free_func ((GDestroyNotify) credential_set_free);
  for (guint i = 0; i < json_array_get_length (sets); i++)
    {
      g_autofree char *place = g_strdup_printf ("credential_sets[%u]", i);

      if (!parse_credential_set (self, json_array_get_element (sets, i), place, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * vneid_dcql_query_new_from_json_node:
 * @node: the query as JSON
 * @error: return location for a #GError
 *
 * Validates a DCQL query (see the class documentation). Unknown members
 * are ignored, as the specification requires. @node is copied.
 *
 * Returns: (transfer full): the query, or %NULL with @error set
 *   (%VNEID_OPENID4VP_ERROR_INVALID_QUERY)
 *
 * Since: 0.2
 */
VneidDcqlQuery *
vneid_dcql_query_new_from_json_node (JsonNode  *node,
                                     GError   **error)
{
  g_autoptr(VneidDcqlQuery) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (VNEID_TYPE_DCQL_QUERY, NULL);
  self->json = vneid_json_deep_copy (node);
  if (!parse_query (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_dcql_query_new_from_json:
 * @json: the query as JSON text (at most 64 KiB, 32 levels deep)
 * @error: return location for a #GError
 *
 * Parses and validates a DCQL query.
 *
 * Returns: (transfer full): the query, or %NULL with @error set
 *   (%VNEID_OPENID4VP_ERROR_INVALID_QUERY)
 *
 * Since: 0.2
 */
VneidDcqlQuery *
vneid_dcql_query_new_from_json (const char  *json,
                                GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (json != NULL, NULL);

  len = strlen (json);
  if (len > MAX_QUERY_SIZE)
    return fail (error, "(top)", "over %d bytes", MAX_QUERY_SIZE), NULL;
  node = vneid_json_parse (json, len, "dcql_query", &local_error);
  if (node == NULL)
    {
      g_set_error_literal (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_QUERY,
                           local_error->message);
      return NULL;
    }
  return vneid_dcql_query_new_from_json_node (node, error);
}

/**
 * vneid_dcql_query_to_json_node:
 * @self: a #VneidDcqlQuery
 *
 * Returns: (transfer full): the query as JSON
 *
 * Since: 0.2
 */
JsonNode *
vneid_dcql_query_to_json_node (VneidDcqlQuery *self)
{
  g_return_val_if_fail (VNEID_IS_DCQL_QUERY (self), NULL);
  return vneid_json_deep_copy (self->json);
}

/**
 * vneid_dcql_query_to_json:
 * @self: a #VneidDcqlQuery
 * @pretty: whether to indent
 *
 * Returns: (transfer full): the query as JSON text
 *
 * Since: 0.2
 */
char *
vneid_dcql_query_to_json (VneidDcqlQuery *self,
                          gboolean        pretty)
{
  g_return_val_if_fail (VNEID_IS_DCQL_QUERY (self), NULL);
  return json_to_string (self->json, pretty);
}

/**
 * vneid_dcql_query_list_credential_ids:
 * @self: a #VneidDcqlQuery
 *
 * Returns: (transfer full) (array zero-terminated=1): the credential query
 *   ids, in order
 *
 * Since: 0.2
 */
char **
vneid_dcql_query_list_credential_ids (VneidDcqlQuery *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VNEID_IS_DCQL_QUERY (self), NULL);
  for (guint i = 0; i < self->credentials->len; i++)
    g_strv_builder_add (builder, ((VneidDcqlCredential *) g_ptr_array_index (self->credentials, i))->id);
  return g_strv_builder_end (builder);
}

/**
 * vneid_dcql_query_list_claim_paths:
 * @self: a #VneidDcqlQuery
 *
 * Returns: (transfer full) (array zero-terminated=1): every claim path the
 *   query names, as a profile path (`address.region`: the path's leading
 *   names joined with dots), without repeats
 *
 * Since: 0.2
 */
char **
vneid_dcql_query_list_claim_paths (VneidDcqlQuery *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (VNEID_IS_DCQL_QUERY (self), NULL);
  for (guint i = 0; i < self->credentials->len; i++)
    {
      VneidDcqlCredential *credential = g_ptr_array_index (self->credentials, i);

      for (guint j = 0; credential->claims != NULL && j < credential->claims->len; j++)
        {
          VneidDcqlClaim *claim = g_ptr_array_index (credential->claims, j);

          if (g_hash_table_add (seen, claim->dotted))
            g_strv_builder_add (builder, claim->dotted);
        }
    }
  return g_strv_builder_end (builder);
}

/**
 * vneid_dcql_query_list_vcts:
 * @self: a #VneidDcqlQuery
 *
 * Returns: (transfer full) (array zero-terminated=1): every credential type
 *   (`meta.vct_values`) the query names, without repeats
 *
 * Since: 0.2
 */
char **
vneid_dcql_query_list_vcts (VneidDcqlQuery *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (VNEID_IS_DCQL_QUERY (self), NULL);
  for (guint i = 0; i < self->credentials->len; i++)
    {
      VneidDcqlCredential *credential = g_ptr_array_index (self->credentials, i);

      for (guint j = 0; j < credential->vct_values->len; j++)
        if (g_hash_table_add (seen, g_ptr_array_index (credential->vct_values, j)))
          g_strv_builder_add (builder, g_ptr_array_index (credential->vct_values, j));
    }
  return g_strv_builder_end (builder);
}

/* ---- inside protocol/ ---------------------------------------------------- */

GPtrArray *
vneid_dcql_query_get_credentials (VneidDcqlQuery *self)
{
  return self->credentials;
}

GPtrArray *
vneid_dcql_query_get_credential_sets (VneidDcqlQuery *self)
{
  return self->credential_sets;
}

VneidDcqlCredential *
vneid_dcql_query_lookup_credential (VneidDcqlQuery *self,
                                    const char     *id)
{
  for (guint i = 0; i < self->credentials->len; i++)
    {
      VneidDcqlCredential *credential = g_ptr_array_index (self->credentials, i);

      if (strcmp (credential->id, id) == 0)
        return credential;
    }
  return NULL;
}

VneidDcqlClaim *
vneid_dcql_credential_lookup_claim (VneidDcqlCredential *credential,
                                    const char          *id)
{
  for (guint i = 0; credential->claims != NULL && i < credential->claims->len; i++)
    {
      VneidDcqlClaim *claim = g_ptr_array_index (credential->claims, i);

      if (g_strcmp0 (claim->id, id) == 0)
        return claim;
    }
  return NULL;
}

gboolean
vneid_dcql_credential_accepts_vct (VneidDcqlCredential *credential,
                                   const char          *vct)
{
  if (strcmp (credential->format, VNEID_DCQL_FORMAT_SD_JWT) != 0)
    return FALSE;
  for (guint i = 0; i < credential->vct_values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (credential->vct_values, i), vct) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
ids_contain (GPtrArray  *ids,
             const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (strcmp (g_ptr_array_index (ids, i), id) == 0)
      return TRUE;
  return FALSE;
}

gboolean
vneid_dcql_query_is_required (VneidDcqlQuery *self,
                              const char     *credential_id)
{
  if (self->credential_sets == NULL)
    return TRUE;
  for (guint i = 0; i < self->credential_sets->len; i++)
    {
      VneidDcqlCredentialSet *set = g_ptr_array_index (self->credential_sets, i);

      /* required in every option of a required set */
      if (!set->required)
        continue;
      for (guint j = 0; j < set->options->len; j++)
        if (!ids_contain (g_ptr_array_index (set->options, j), credential_id))
          goto next;
      return TRUE;
    next:
      ;
    }
  return FALSE;
}

/* Section 7.1, step by step: the selection is a list of nodes. */
GPtrArray *
vneid_dcql_select (JsonObject *root,
                   JsonArray  *path)
{
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  g_autoptr(JsonNode) top = json_node_init_object (json_node_alloc (), root);

  g_ptr_array_add (selected, top);
  for (guint i = 0; i < json_array_get_length (path); i++)
    {
      JsonNode *component = json_array_get_element (path, i);
      g_autoptr(GPtrArray) next = g_ptr_array_new ();

      for (guint j = 0; j < selected->len; j++)
        {
          JsonNode *node = g_ptr_array_index (selected, j);

          if (is_string (component))
            {
              if (!JSON_NODE_HOLDS_OBJECT (node))
                return NULL;
              if (json_object_has_member (json_node_get_object (node), json_node_get_string (component)))
                g_ptr_array_add (next, json_object_get_member (json_node_get_object (node),
                                                               json_node_get_string (component)));
              continue;
            }
          if (!JSON_NODE_HOLDS_ARRAY (node))
            return NULL;
          if (JSON_NODE_HOLDS_NULL (component))
            for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
              g_ptr_array_add (next, json_array_get_element (json_node_get_array (node), k));
          else if ((guint64) json_node_get_int (component) < json_array_get_length (json_node_get_array (node)))
            g_ptr_array_add (next, json_array_get_element (json_node_get_array (node),
                                                           (guint) json_node_get_int (component)));
        }
      g_ptr_array_unref (selected);
      selected = g_steal_pointer (&next);
      if (selected->len == 0)
        return NULL;
    }
  /* the root itself is never a claim: paths are non-empty */
  return g_steal_pointer (&selected);
}

static gboolean
value_matches (JsonNode  *node,
               JsonArray *values)
{
  for (guint i = 0; i < json_array_get_length (values); i++)
    if (JSON_NODE_HOLDS_VALUE (node) && json_node_equal (node, json_array_get_element (values, i)))
      return TRUE;
  return FALSE;
}

gboolean
vneid_dcql_claim_matches (VneidDcqlClaim *claim,
                          JsonObject     *root)
{
  g_autoptr(GPtrArray) selected = vneid_dcql_select (root, claim->path);

  if (selected == NULL)
    return FALSE;
  if (claim->values == NULL)
    return TRUE;
  for (guint i = 0; i < selected->len; i++)
    if (value_matches (g_ptr_array_index (selected, i), claim->values))
      return TRUE;
  return FALSE;
}

GPtrArray *
vneid_dcql_credential_select_claims (VneidDcqlCredential *credential,
                                     JsonObject          *root)
{
  GPtrArray *chosen = g_ptr_array_new ();

  if (credential->claims == NULL)
    return chosen;
  if (credential->claim_sets == NULL)
    {
      for (guint i = 0; i < credential->claims->len; i++)
        {
          VneidDcqlClaim *claim = g_ptr_array_index (credential->claims, i);

          if (!vneid_dcql_claim_matches (claim, root))
            return g_ptr_array_unref (chosen), NULL;
          g_ptr_array_add (chosen, claim);
        }
      return chosen;
    }
  for (guint i = 0; i < credential->claim_sets->len; i++)
    {
      GPtrArray *set = g_ptr_array_index (credential->claim_sets, i);

      g_ptr_array_set_size (chosen, 0);
      for (guint j = 0; j < set->len; j++)
        {
          VneidDcqlClaim *claim = vneid_dcql_credential_lookup_claim (credential, g_ptr_array_index (set, j));

          if (!vneid_dcql_claim_matches (claim, root))
            break;
          g_ptr_array_add (chosen, claim);
        }
      if (chosen->len == set->len)
        return chosen;
    }
  g_ptr_array_unref (chosen);
  return NULL;
}

char *
vneid_dcql_claim_to_present_path (VneidDcqlClaim *claim)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (claim->path); i++)
    {
      JsonNode *component = json_array_get_element (claim->path, i);

      if (JSON_NODE_HOLDS_NULL (component))
        break;
      if (is_string (component))
        g_string_append_printf (text, "%s%s", i ? "." : "", json_node_get_string (component));
      else
        g_string_append_printf (text, "[%" G_GINT64_FORMAT "]", json_node_get_int (component));
    }
  return g_string_free (text, FALSE);
}
