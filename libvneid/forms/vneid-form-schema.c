/* vneid-form-schema.c: the description of one e-government form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-form-schema.h"
#include "vneid-form-schema-private.h"
#include "vneid-form-field-private.h"
#include "vneid-form-json-private.h"

/**
 * VneidFormSchema:
 *
 * The description of one e-government form, read from JSON as
 * docs/forms.md describes it: the form's `id` (such as `vn.bca.ct01`),
 * `version`, `title` and `authority`, the VNeID account level it needs
 * (`min_level`) and its ordered [class@Vneid.FormField]s.
 *
 * Loading is strict: unknown members, a wrong type, a bad pattern or date
 * format, a duplicate name or a constraint on the wrong type of field are
 * %VNEID_FORM_ERROR_INVALID_SCHEMA errors whose message names the source,
 * the field (`fields[3] (“sex”)`, `fields[6].fields[0] (“members.full_name”)`)
 * and what is wrong. Texts over 1 MiB are refused with
 * %VNEID_FORM_ERROR_TOO_LARGE, and so is JSON nested deeper than 32 levels.
 *
 * A schema is immutable and may be shared between threads.
 *
 * Since: 0.1
 */
struct _VneidFormSchema
{
  GObject     parent_instance;

  char       *id;
  char       *version;
  char       *title;
  char       *authority;
  guint       min_level;
  GPtrArray  *fields;   /* VneidFormField */
  GHashTable *by_name;  /* top-level field name → VneidFormField */
};

G_DEFINE_FINAL_TYPE (VneidFormSchema, vneid_form_schema, G_TYPE_OBJECT)

static const char *const schema_members[] = {
  "id", "version", "title", "authority", "min_level", "fields",
};

static void
vneid_form_schema_finalize (GObject *object)
{
  VneidFormSchema *self = VNEID_FORM_SCHEMA (object);

  g_free (self->id);
  g_free (self->version);
  g_free (self->title);
  g_free (self->authority);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (vneid_form_schema_parent_class)->finalize (object);
}

static void
vneid_form_schema_class_init (VneidFormSchemaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_form_schema_finalize;
}

static void
vneid_form_schema_init (VneidFormSchema *self)
{
  self->min_level = 1;
}

/* ---- loading ------------------------------------------------------------- */

static gboolean
get_required_string (JsonObject  *object,
                     const char  *member,
                     const char  *source,
                     char       **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                                 "“%s” is missing", member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                                 "“%s” must be a string, not %s", member,
                                 vneid_form_json_type_name (node));
  if (*json_node_get_string (node) == '\0')
    return vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                                 "“%s” is empty", member);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static VneidFormSchema *
schema_new_from_node (JsonNode    *root,
                      const char  *source,
                      GError     **error)
{
  g_autoptr(VneidFormSchema) self = g_object_new (VNEID_TYPE_FORM_SCHEMA, NULL);
  guint budget = VNEID_FORM_MAX_FIELDS;
  JsonObject *object;
  JsonNode *node;
  GList *members;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                            "a schema must be a JSON object, not %s",
                            vneid_form_json_type_name (root));
      return NULL;
    }
  object = json_node_get_object (root);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (schema_members) && !known; i++)
        known = strcmp (l->data, schema_members[i]) == 0;
      if (!known)
        {
          vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                                "unknown member “%s”", (const char *) l->data);
          g_list_free (members);
          return NULL;
        }
    }
  g_list_free (members);

  if (!get_required_string (object, "id", source, &self->id, error))
    return NULL;
  if (!vneid_form_is_valid_id (self->id))
    {
      vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                            "“id” “%s” is not a form id (lower case, dotted, such as "
                            "“vn.bca.ct01”)", self->id);
      return NULL;
    }
  if (!get_required_string (object, "version", source, &self->version, error) ||
      !get_required_string (object, "title", source, &self->title, error) ||
      !get_required_string (object, "authority", source, &self->authority, error))
    return NULL;

  node = json_object_get_member (object, "min_level");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          (json_node_get_int (node) != 1 && json_node_get_int (node) != 2))
        {
          g_autofree char *text = json_to_string (node, FALSE);

          vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                                "“min_level” must be 1 or 2, not %s", text);
          return NULL;
        }
      self->min_level = (guint) json_node_get_int (node);
    }

  node = json_object_get_member (object, "fields");
  if (node == NULL)
    {
      vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, NULL,
                            "“fields” is missing");
      return NULL;
    }
  self->fields = vneid_form_fields_parse (node, source, "fields", NULL, TRUE, &budget, error);
  if (self->fields == NULL)
    return NULL;
  self->by_name = vneid_form_fields_index (self->fields);

  return g_steal_pointer (&self);
}

/**
 * vneid_form_schema_new_from_json:
 * @json: the schema, JSON text
 * @source_name: (nullable): what to call the schema in error messages,
 *   such as its file name; `schema` when %NULL
 * @error: return location for a #GError
 *
 * Reads a form schema (docs/forms.md) strictly.
 *
 * Returns: (transfer full): the schema, or %NULL with
 *   %VNEID_FORM_ERROR_INVALID_SCHEMA naming @source_name, the field and
 *   what is wrong, or %VNEID_FORM_ERROR_TOO_LARGE for a text over 1 MiB or
 *   nested deeper than 32 levels
 *
 * Since: 0.1
 */
VneidFormSchema *
vneid_form_schema_new_from_json (const char  *json,
                                 const char  *source_name,
                                 GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *source = source_name ? source_name : "schema";

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = vneid_form_json_parse (json, strlen (json), source, VNEID_FORM_ERROR_INVALID_SCHEMA,
                                error);
  if (root == NULL)
    return NULL;
  return schema_new_from_node (root, source, error);
}

/**
 * vneid_form_schema_new_from_file:
 * @path: (type filename): a schema file
 * @error: return location for a #GError
 *
 * Reads a form schema file; error messages name the file as @path gives it.
 * See [ctor@Vneid.FormSchema.new_from_json].
 *
 * Returns: (transfer full): the schema, or %NULL with a %VNEID_FORM_ERROR:
 *   %VNEID_FORM_ERROR_INVALID_SCHEMA also when the file cannot be read,
 *   %VNEID_FORM_ERROR_TOO_LARGE for a file over 1 MiB
 *
 * Since: 0.1
 */
VneidFormSchema *
vneid_form_schema_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = vneid_form_read_file (path, VNEID_FORM_ERROR_INVALID_SCHEMA, &len, error);
  if (text == NULL)
    return NULL;
  display = g_filename_display_name (path);
  return vneid_form_schema_new_from_data (text, len, display, error);
}

VneidFormSchema *
vneid_form_schema_new_from_data (const char  *text,
                                 gsize        len,
                                 const char  *source,
                                 GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  root = vneid_form_json_parse (text, len, source, VNEID_FORM_ERROR_INVALID_SCHEMA, error);
  if (root == NULL)
    return NULL;
  return schema_new_from_node (root, source, error);
}

/**
 * vneid_form_schema_get_id:
 * @self: a #VneidFormSchema
 *
 * Returns: the form's id, such as `vn.bca.ct01`
 *
 * Since: 0.1
 */
const char *
vneid_form_schema_get_id (VneidFormSchema *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (self), NULL);
  return self->id;
}

/**
 * vneid_form_schema_get_version:
 * @self: a #VneidFormSchema
 *
 * Returns: the version of the form, such as `2023.1`
 *
 * Since: 0.1
 */
const char *
vneid_form_schema_get_version (VneidFormSchema *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (self), NULL);
  return self->version;
}

/**
 * vneid_form_schema_get_title:
 * @self: a #VneidFormSchema
 *
 * Returns: the form's title as printed on it
 *
 * Since: 0.1
 */
const char *
vneid_form_schema_get_title (VneidFormSchema *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (self), NULL);
  return self->title;
}

/**
 * vneid_form_schema_get_authority:
 * @self: a #VneidFormSchema
 *
 * Returns: the authority that issues the form, and the regulation
 *
 * Since: 0.1
 */
const char *
vneid_form_schema_get_authority (VneidFormSchema *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (self), NULL);
  return self->authority;
}

/**
 * vneid_form_schema_get_min_level:
 * @self: a #VneidFormSchema
 *
 * Returns: the VNeID account level the whole form needs: 1 or 2
 *
 * Since: 0.1
 */
guint
vneid_form_schema_get_min_level (VneidFormSchema *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (self), 1);
  return self->min_level;
}

/**
 * vneid_form_schema_get_fields:
 * @self: a #VneidFormSchema
 *
 * Returns: (transfer none) (element-type VneidFormField): the form's fields
 *   in order; a group's children are reached through the group
 *
 * Since: 0.1
 */
GPtrArray *
vneid_form_schema_get_fields (VneidFormSchema *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (self), NULL);
  return self->fields;
}

/**
 * vneid_form_schema_lookup_field:
 * @self: a #VneidFormSchema
 * @name: a field name, or `group.child` for a field of a group's rows
 *
 * Returns: (transfer none) (nullable): the field, or %NULL if the schema
 *   has none of that name
 *
 * Since: 0.1
 */
VneidFormField *
vneid_form_schema_lookup_field (VneidFormSchema *self,
                                const char      *name)
{
  g_autofree char *head = NULL;
  VneidFormField *field;
  const char *dot;

  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  dot = strchr (name, '.');
  if (dot == NULL)
    return g_hash_table_lookup (self->by_name, name);
  head = g_strndup (name, (gsize) (dot - name));
  field = g_hash_table_lookup (self->by_name, head);
  return field != NULL ? vneid_form_field_lookup_child (field, dot + 1) : NULL;
}
