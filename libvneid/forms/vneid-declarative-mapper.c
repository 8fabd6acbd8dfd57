/* vneid-declarative-mapper.c: a form mapper described in JSON
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-declarative-mapper.h"
#include "vneid-declarative-mapper-private.h"
#include "vneid-claims-private.h"
#include "vneid-error.h"
#include "vneid-filled-form-private.h"
#include "vneid-form-json-private.h"
#include "vneid-transforms-private.h"
#include "vneid-util-private.h"

/**
 * VneidDeclarativeMapper:
 *
 * A [iface@Vneid.FormMapper] described by a JSON mapping, the format of
 * `docs/forms.md`: for each field of a form, where its value comes from in
 * the citizen's profile and the transforms it goes through.
 *
 * ```json
 * {
 *   "form": "vn.bca.ct01",
 *   "fields": {
 *     "full_name":  { "from": "name", "transforms": ["upper"] },
 *     "birth_date": { "from": "birthdate" },
 *     "address":    { "from": "address", "transforms": ["address"] },
 *     "ethnicity":  { "from": "ethnicity", "transforms": [{ "lookup": "ethnicity" }] }
 *   }
 * }
 * ```
 *
 * ## Loading
 *
 * Everything is checked when the mapping loads, never while a form is
 * filled: the text is strict JSON of at most 1 MiB and 32 levels; `form` must
 * be the schema's id; every key of `fields` must be a field of the schema
 * (the fields of a repeating group's rows cannot be mapped declaratively:
 * `group.child` keys and group fields are refused); each entry has exactly
 * one source (`from`, `first_of`, `join` with an optional `separator`, or
 * `constant`); every profile path must be a claim path of docs/claims.md, section
 * 4 (`name`, `address.region`, `household.head_name`,
 * `registered_facility.code`, …); an address object (`address`,
 * `temporary_address`, `current_address`) may be named whole only when its
 * first transform is `address`, and never in a `join`; object claims that are
 * not addresses (`household`, `registered_facility`) are named by their
 * members; every transform, lookup table and name part must be known, and
 * `map` values must be strings. Unknown members are errors everywhere. Each
 * error is %VNEID_FORM_ERROR_INVALID_MAPPING (or
 * %VNEID_FORM_ERROR_TOO_LARGE) and its message names the source, the field
 * and what is wrong.
 *
 * ## Filling
 *
 * For each mapped field not held back for a level-2 account:
 *
 * - the source is looked up in the profile. An address object is gathered
 *   from the members the citizen disclosed (`address.street_address`, …) and
 *   written on one line by vneid_address_format(): street to province, with
 *   the district only on a pre-2025 address. `place_of_birth` and
 *   `place_of_origin` may be a text or such an object. An array
 *   (`nationalities`) is transformed element by element and joined with
 *   “, ”; numbers become decimal text (`sex` 1 → `1`, the code an enum field
 *   wants).
 * - When nothing is disclosed, the field stays missing with the reason
 *   `not disclosed: PATH`.
 * - The transforms apply in order; then a date field's value, unless a
 *   `{"date": FORMAT}` transform was given, is written in the field's own
 *   format (a year-only `birthdate` stays a year: `1950`).
 * - A transform that cannot apply (a code not in its table, a date that
 *   does not parse) makes the field invalid, holding the value as found, and
 *   the message says why. A name without the asked part (the middle name of
 *   `Lê Na`) leaves the field missing.
 * - Otherwise the value goes to [method@Vneid.FilledForm.fill] with the
 *   attributes it came from, which decide whether the field is verified or
 *   self-asserted; a `constant` has none.
 *
 * A mapper is immutable once loaded and may fill forms from several
 * threads at once.
 *
 * Since: 0.1
 */

/* Where an entry's value comes from: the member that names its source. */
typedef enum {
  ENTRY_FROM,
  ENTRY_FIRST_OF,
  ENTRY_JOIN,
  ENTRY_CONSTANT,
} EntryKind;

static const char *const entry_kind_names[] = { "from", "first_of", "join", "constant" };

typedef struct {
  char       *field;          /* the schema field's name */
  EntryKind   kind;
  GStrv       paths;          /* from (one), first_of, join */
  char       *separator;      /* join */
  char       *constant;       /* constant */
  GPtrArray  *transforms;     /* VneidTransform */
  gboolean    explicit_date;  /* a {"date"} transform is among them */
} Entry;

struct _VneidDeclarativeMapper
{
  GObject          parent_instance;

  VneidFormSchema *schema;
  GPtrArray       *entries;   /* Entry, in schema field order */
};

static void vneid_declarative_mapper_form_mapper_init (VneidFormMapperInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VneidDeclarativeMapper, vneid_declarative_mapper, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VNEID_TYPE_FORM_MAPPER,
                                                      vneid_declarative_mapper_form_mapper_init))

static void
entry_free (Entry *entry)
{
  g_free (entry->field);
  g_strfreev (entry->paths);
  g_free (entry->separator);
  g_free (entry->constant);
  g_clear_pointer (&entry->transforms, g_ptr_array_unref);
  g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_free)

static void
vneid_declarative_mapper_finalize (GObject *object)
{
  VneidDeclarativeMapper *self = VNEID_DECLARATIVE_MAPPER (object);

  g_clear_object (&self->schema);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (vneid_declarative_mapper_parent_class)->finalize (object);
}

static void
vneid_declarative_mapper_class_init (VneidDeclarativeMapperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_declarative_mapper_finalize;
}

static void
vneid_declarative_mapper_init (VneidDeclarativeMapper *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

/* ---- loading ------------------------------------------------------------ */

typedef struct {
  const char  *source;   /* the mapping's name in messages */
  char        *where;    /* "field “name”" */
  GError     **error;
} Loader;

#define fail(loader, ...) \
  vneid_form_set_error ((loader)->error, VNEID_FORM_ERROR_INVALID_MAPPING, (loader)->source, \
                        (loader)->where, __VA_ARGS__)

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A list of profile paths: a non-empty array of distinct strings, at most
 * VNEID_FORM_MAX_SOURCE_PATHS, counted before any is read. */
static GStrv
read_paths (Loader     *loader,
            const char *member,
            JsonNode   *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (loader, "“%s” must be an array of profile paths, not %s", member,
            vneid_form_json_type_name (node));
      return NULL;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    {
      fail (loader, "“%s” is empty", member);
      return NULL;
    }
  if (n > VNEID_FORM_MAX_SOURCE_PATHS)
    {
      vneid_form_set_error (loader->error, VNEID_FORM_ERROR_TOO_LARGE, loader->source,
                            loader->where, "“%s” has %u paths, more than the %d allowed",
                            member, n, VNEID_FORM_MAX_SOURCE_PATHS);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element))
        {
          fail (loader, "“%s”[%u] must be a profile path (a string), not %s", member, i,
                vneid_form_json_type_name (element));
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer) json_node_get_string (element)))
        {
          fail (loader, "“%s” names “%s” twice", member, json_node_get_string (element));
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/* An unknown path, with the nearest known one when it looks like a typo. */
static gboolean
fail_unknown_path (Loader     *loader,
                   Entry      *entry,
                   const char *path)
{
  const char *nearest = vneid_nearest_string (path, vneid_claims_list_paths ());
  g_autofree char *hint = nearest != NULL ? g_strdup_printf ("did you mean “%s”? ", nearest)
                                          : g_strdup ("");

  return fail (loader, "“%s” names “%s”, which is not a profile path: %s(`vneid claims` "
               "lists the claim paths, as does docs/claims.md)",
               entry_kind_names[entry->kind], path, hint);
}

static const char *
address_paths_hint (void)
{
  return "address, temporary_address, current_address, place_of_birth, place_of_origin";
}

/* Checks the paths of @entry against the claim table, and the "address"
 * transform against the paths. */
static gboolean
check_paths (Loader *loader,
             Entry  *entry)
{
  gboolean first_is_address = entry->transforms->len > 0 &&
    vneid_transform_get_kind (g_ptr_array_index (entry->transforms, 0)) == VNEID_TRANSFORM_ADDRESS;
  gboolean any_address = FALSE, any_place = FALSE, any_single = FALSE;

  for (guint i = 1; i < entry->transforms->len; i++)
    if (vneid_transform_get_kind (g_ptr_array_index (entry->transforms, i)) == VNEID_TRANSFORM_ADDRESS)
      return fail (loader, "transforms[%u]: “address” must be the first transform", i);

  for (char **p = entry->paths; p != NULL && *p != NULL; p++)
    {
      gboolean is_member = FALSE;
      const VneidClaimInfo *info = vneid_claim_lookup (*p, &is_member);

      if (info == NULL)
        return fail_unknown_path (loader, entry, *p);
      if (is_member || info->kind == VNEID_CLAIM_SCALAR || info->kind == VNEID_CLAIM_ARRAY)
        {
          any_single = TRUE;
          continue;
        }
      switch (info->kind)
        {
        case VNEID_CLAIM_OBJECT:
          {
            g_autofree char *members = g_strjoinv (", ", (char **) info->members);

            return fail (loader, "“%s” is an object: name one of its members (%s.%s)",
                         *p, *p, members);
          }
        case VNEID_CLAIM_ADDRESS:
          if (entry->kind == ENTRY_JOIN)
            return fail (loader, "“join” cannot take the address object “%s”; "
                         "join its members (%s.street_address, …) instead", *p, *p);
          if (!first_is_address)
            return fail (loader, "“%s” is an address object: it needs the “address” "
                         "transform first", *p);
          any_address = TRUE;
          break;
        case VNEID_CLAIM_PLACE:
          any_place = TRUE;
          break;
        case VNEID_CLAIM_SCALAR:
        case VNEID_CLAIM_ARRAY:
        default:
          g_assert_not_reached ();
        }
    }

  if (any_address && any_single)
    return fail (loader, "“%s” mixes address objects and single values", entry_kind_names[entry->kind]);
  if (first_is_address && !any_address && !any_place)
    return fail (loader, "the “address” transform needs an address path (%s)", address_paths_hint ());
  return TRUE;
}

/* The schema field an entry fills: a top-level field that is not a group. */
static gboolean
check_target (Loader          *loader,
              VneidFormSchema *schema,
              const char      *name)
{
  VneidFormField *field;

  if (strchr (name, '.') != NULL || strchr (name, '[') != NULL)
    return fail (loader, "the fields of a group's rows cannot be mapped declaratively "
                 "(a module mapper can add rows)");
  field = vneid_form_schema_lookup_field (schema, name);
  if (field == NULL)
    return fail (loader, "form “%s” has no field “%s”", vneid_form_schema_get_id (schema), name);
  if (vneid_form_field_get_field_type (field) == VNEID_FIELD_TYPE_GROUP)
    return fail (loader, "“%s” is a group: its rows cannot be mapped declaratively", name);
  return TRUE;
}

/* Refuses unknown members and finds the entry's one source member. */
static gboolean
read_entry_kind (Loader     *loader,
                 JsonObject *object,
                 EntryKind  *kind)
{
  static const char *const members[] = {
    "from", "first_of", "join", "separator", "constant", "transforms",
  };
  const char *source = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      gboolean known = FALSE;

      for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
        known = known || strcmp (member, members[i]) == 0;
      if (!known)
        return fail (loader, "unknown member “%s” (an entry has from, first_of, join, "
                     "separator, constant, transforms)", member);
      for (gsize i = 0; i < G_N_ELEMENTS (entry_kind_names); i++)
        if (strcmp (member, entry_kind_names[i]) == 0)
          {
            if (source != NULL)
              return fail (loader, "two sources, “%s” and “%s”: an entry takes exactly one",
                           source, member);
            source = entry_kind_names[i];
            *kind = (EntryKind) i;
          }
    }
  if (source == NULL)
    return fail (loader, "no source: an entry takes one of from, first_of, join, constant");
  return TRUE;
}

/* The value of the source member: the paths, or the constant. */
static gboolean
read_source (Loader   *loader,
             Entry    *entry,
             JsonNode *value)
{
  switch (entry->kind)
    {
    case ENTRY_FROM:
      if (!is_string (value))
        return fail (loader, "“from” must be a profile path (a string), not %s",
                     vneid_form_json_type_name (value));
      entry->paths = g_new0 (char *, 2);
      entry->paths[0] = g_strdup (json_node_get_string (value));
      return TRUE;
    case ENTRY_FIRST_OF:
    case ENTRY_JOIN:
      entry->paths = read_paths (loader, entry_kind_names[entry->kind], value);
      return entry->paths != NULL;
    case ENTRY_CONSTANT:
      if (!is_string (value))
        return fail (loader, "“constant” must be a string, not %s", vneid_form_json_type_name (value));
      entry->constant = g_utf8_normalize (json_node_get_string (value), -1, G_NORMALIZE_NFC);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* What a "join" separator may hold: it lands inside values marked
 * verified, so it may add punctuation and spaces, never words. Each of
 * these is NFC on its own and composes with nothing. */
#define SEPARATOR_ASCII " ,;:-/.()"
#define SEPARATOR_DASH 0x2013   /* – */
#define SEPARATOR_MAX_CHARS 4

static gboolean
is_fixed_punctuation (const char *text)
{
  glong n = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c != SEPARATOR_DASH && (c >= 0x80 || strchr (SEPARATOR_ASCII, (int) c) == NULL))
        return FALSE;
    }
  return n <= SEPARATOR_MAX_CHARS;
}

/* "separator": with "join" only, a single space when absent. */
static gboolean
read_separator (Loader   *loader,
                Entry    *entry,
                JsonNode *value)
{
  if (value == NULL)
    {
      if (entry->kind == ENTRY_JOIN)
        entry->separator = g_strdup (" ");
      return TRUE;
    }
  if (entry->kind != ENTRY_JOIN)
    return fail (loader, "“separator” goes with “join” only");
  if (!is_string (value))
    return fail (loader, "“separator” must be a string, not %s", vneid_form_json_type_name (value));
  if (!is_fixed_punctuation (json_node_get_string (value)))
    return fail (loader, "“separator” may hold only spaces and the punctuation “" SEPARATOR_ASCII "–”"
                 ", at most %d characters: the joined value is marked verified, so it "
                 "holds nothing but verified data and such punctuation", SEPARATOR_MAX_CHARS);
  entry->separator = g_strdup (json_node_get_string (value));
  return TRUE;
}

static gboolean
read_transforms (Loader   *loader,
                 Entry    *entry,
                 JsonNode *value)
{
  JsonArray *array;

  if (value == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (value))
    return fail (loader, "“transforms” must be an array, not %s", vneid_form_json_type_name (value));
  array = json_node_get_array (value);
  if (json_array_get_length (array) > VNEID_FORM_MAX_TRANSFORMS)
    return vneid_form_set_error (loader->error, VNEID_FORM_ERROR_TOO_LARGE, loader->source,
                                 loader->where, "%u transforms, more than the %d allowed",
                                 json_array_get_length (array), VNEID_FORM_MAX_TRANSFORMS);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local = NULL;
      VneidTransform *transform = vneid_transform_new_from_json (json_array_get_element (array, i),
                                                                 &local);

      if (transform == NULL)
        return fail (loader, "transforms[%u]: %s", i, local->message);
      if (vneid_transform_get_kind (transform) == VNEID_TRANSFORM_DATE)
        entry->explicit_date = TRUE;
      g_ptr_array_add (entry->transforms, transform);
    }
  return TRUE;
}

/* A constant has no address to format; paths are checked by check_paths(). */
static gboolean
check_constant (Loader *loader,
                Entry  *entry)
{
  if (entry->transforms->len > 0 &&
      vneid_transform_get_kind (g_ptr_array_index (entry->transforms, 0)) == VNEID_TRANSFORM_ADDRESS)
    return fail (loader, "the “address” transform needs an address path (%s), not a constant",
                 address_paths_hint ());
  return TRUE;
}

/* What @entry writes that a field of @type can never hold: NULL when it
 * may fit. A boolean or number field takes no date, list, address, name
 * or name of a code; a date field takes no list or address. */
static const char *
find_misfit (const Entry    *entry,
             VneidFieldType  type)
{
  gboolean scalar_field = type == VNEID_FIELD_TYPE_BOOLEAN || type == VNEID_FIELD_TYPE_NUMBER;

  if (type != VNEID_FIELD_TYPE_BOOLEAN && type != VNEID_FIELD_TYPE_NUMBER && type != VNEID_FIELD_TYPE_DATE)
    return NULL;
  if (entry->kind == ENTRY_JOIN)
    return "“join” writes values joined into one text";
  for (char **p = entry->paths; p != NULL && *p != NULL; p++)
    {
      gboolean is_member = FALSE;
      const VneidClaimInfo *info = vneid_claim_lookup (*p, &is_member);

      if (info != NULL && !is_member && info->kind == VNEID_CLAIM_ARRAY)
        return "a list claim is written as its elements joined with “, ”";
    }
  for (guint i = 0; i < entry->transforms->len; i++)
    switch (vneid_transform_get_kind (g_ptr_array_index (entry->transforms, i)))
      {
      case VNEID_TRANSFORM_ADDRESS:
        return "the “address” transform writes an address line";
      case VNEID_TRANSFORM_DATE:
        if (scalar_field)
          return "a {\"date\"} transform writes a date";
        break;
      case VNEID_TRANSFORM_NAME_PART:
        if (scalar_field)
          return "a {\"name_part\"} transform writes a name";
        break;
      default:
        break;
      }
  return NULL;
}

/* A mapping whose value can never fit its field is refused now, not found
 * at fill time. */
static gboolean
check_fits (Loader          *loader,
            VneidFormSchema *schema,
            const Entry     *entry)
{
  VneidFieldType type = vneid_form_field_get_field_type (vneid_form_schema_lookup_field (schema, entry->field));
  const char *misfit = find_misfit (entry, type);

  if (misfit == NULL)
    return TRUE;
  return fail (loader, "%s, which a %s field can never hold: map it into a string field, "
               "or change the transforms", misfit,
               type == VNEID_FIELD_TYPE_BOOLEAN ? "boolean" : type == VNEID_FIELD_TYPE_NUMBER ? "number" : "date");
}

static Entry *
read_entry (Loader          *loader,
            VneidFormSchema *schema,
            const char      *name,
            JsonNode        *node)
{
  g_autoptr(Entry) entry = g_new0 (Entry, 1);
  JsonObject *object;

  entry->field = g_strdup (name);
  entry->transforms = g_ptr_array_new_with_free_func ((GDestroyNotify) vneid_transform_free);

  if (!check_target (loader, schema, name))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (loader, "an entry must be an object, not %s", vneid_form_json_type_name (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_entry_kind (loader, object, &entry->kind) ||
      !read_source (loader, entry, json_object_get_member (object, entry_kind_names[entry->kind])) ||
      !read_separator (loader, entry, json_object_get_member (object, "separator")) ||
      !read_transforms (loader, entry, json_object_get_member (object, "transforms")))
    return NULL;
  if (entry->kind == ENTRY_CONSTANT ? !check_constant (loader, entry) : !check_paths (loader, entry))
    return NULL;
  if (!check_fits (loader, schema, entry))
    return NULL;
  return g_steal_pointer (&entry);
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GHashTable *order = user_data;
  const Entry *x = *(const Entry *const *) a, *y = *(const Entry *const *) b;
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (order, x->field));
  guint j = GPOINTER_TO_UINT (g_hash_table_lookup (order, y->field));

  return (i > j) - (i < j);
}

static gboolean
load (VneidDeclarativeMapper *self,
      const char             *text,
      gsize                   len,
      const char             *source,
      GError                **error)
{
  Loader loader = { source, NULL, error };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) order = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  GPtrArray *fields;

  if (len > VNEID_FORM_MAX_FILE_SIZE)
    return vneid_form_set_error (error, VNEID_FORM_ERROR_TOO_LARGE, source, NULL,
                                 "the mapping has %" G_GSIZE_FORMAT " bytes, more than 1 MiB", len);
  root = vneid_form_json_parse (text, len, source, VNEID_FORM_ERROR_INVALID_MAPPING, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail (&loader, "a mapping is a JSON object, not %s", vneid_form_json_type_name (root));
  object = json_node_get_object (root);

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    if (strcmp (member, "form") != 0 && strcmp (member, "fields") != 0)
      return fail (&loader, "unknown member “%s” (a mapping has form and fields)", member);

  value = json_object_get_member (object, "form");
  if (value == NULL || !is_string (value))
    return fail (&loader, "“form” must be the form's id (a string)%s",
                 value == NULL ? ", and is missing" : "");
  if (strcmp (json_node_get_string (value), vneid_form_schema_get_id (self->schema)) != 0)
    return fail (&loader, "“form” is “%s”, but the schema is “%s”",
                 json_node_get_string (value), vneid_form_schema_get_id (self->schema));

  value = json_object_get_member (object, "fields");
  if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
    return fail (&loader, "“fields” must be an object of field entries%s",
                 value == NULL ? ", and is missing" : "");

  json_object_iter_init_ordered (&iter, json_node_get_object (value));
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      g_autofree char *where = g_strdup_printf ("field “%s”", member);
      Entry *entry;

      loader.where = where;
      entry = read_entry (&loader, self->schema, member, value);
      loader.where = NULL;
      if (entry == NULL)
        return FALSE;
      g_ptr_array_add (self->entries, entry);
    }

  /* fill in the form's order, so that messages come in that order */
  order = g_hash_table_new (g_str_hash, g_str_equal);
  fields = vneid_form_schema_get_fields (self->schema);
  for (guint i = 0; i < fields->len; i++)
    g_hash_table_insert (order, (gpointer) vneid_form_field_get_name (g_ptr_array_index (fields, i)),
                         GUINT_TO_POINTER (i));
  g_ptr_array_sort_with_data (self->entries, compare_entries, order);
  return TRUE;
}

/**
 * vneid_declarative_mapper_new_from_json:
 * @schema: the schema of the form the mapping fills
 * @mapping: the mapping, JSON text (docs/forms.md)
 * @source_name: (nullable): the mapping's name in error messages, such as
 *   its file name; `mapping` when %NULL
 * @error: return location for a #GError
 *
 * Reads a declarative mapping for the form @schema describes, checking all
 * of it: see the class description.
 *
 * Returns: (transfer full): the mapper, or %NULL with
 *   %VNEID_FORM_ERROR_INVALID_MAPPING or %VNEID_FORM_ERROR_TOO_LARGE
 *
 * Since: 0.1
 */
VneidDeclarativeMapper *
vneid_declarative_mapper_new_from_json (VneidFormSchema  *schema,
                                        const char       *mapping,
                                        const char       *source_name,
                                        GError          **error)
{
  g_autoptr(VneidDeclarativeMapper) self = NULL;

  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (schema), NULL);
  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VNEID_TYPE_DECLARATIVE_MAPPER, NULL);
  self->schema = g_object_ref (schema);
  if (!load (self, mapping, strlen (mapping), source_name ? source_name : "mapping", error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_declarative_mapper_new_from_file:
 * @schema: the schema of the form the mapping fills
 * @path: (type filename): the mapping file
 * @error: return location for a #GError
 *
 * Reads a declarative mapping from a file, as
 * [ctor@Vneid.DeclarativeMapper.new_from_json] does from text; messages
 * name the file. A file over 1 MiB is refused before it is read.
 *
 * Returns: (transfer full): the mapper, or %NULL with a
 *   %VNEID_FORM_ERROR (%VNEID_FORM_ERROR_INVALID_MAPPING when the file
 *   cannot be read)
 *
 * Since: 0.1
 */
VneidDeclarativeMapper *
vneid_declarative_mapper_new_from_file (VneidFormSchema  *schema,
                                        const char       *path,
                                        GError          **error)
{
  g_autofree char *text = NULL;
  g_autofree char *display = NULL;
  gsize len = 0;

  g_return_val_if_fail (VNEID_IS_FORM_SCHEMA (schema), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = vneid_form_read_file (path, VNEID_FORM_ERROR_INVALID_MAPPING, &len, error);
  if (text == NULL)
    return NULL;
  display = g_filename_display_name (path);
  return vneid_declarative_mapper_new_from_data (schema, text, len, display, error);
}

VneidDeclarativeMapper *
vneid_declarative_mapper_new_from_data (VneidFormSchema  *schema,
                                        const char       *text,
                                        gsize             len,
                                        const char       *source,
                                        GError          **error)
{
  g_autoptr(VneidDeclarativeMapper) self = g_object_new (VNEID_TYPE_DECLARATIVE_MAPPER, NULL);

  self->schema = g_object_ref (schema);
  if (!load (self, text, len, source, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- filling ------------------------------------------------------------ */

typedef struct {
  GPtrArray *texts;     /* char *: the value, element by element */
  GPtrArray *sources;   /* VneidAttribute */
} Value;

static void
value_clear (Value *value)
{
  g_clear_pointer (&value->texts, g_ptr_array_unref);
  g_clear_pointer (&value->sources, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Value, value_clear)

static void
value_init (Value *value)
{
  value->texts = g_ptr_array_new_with_free_func (g_free);
  value->sources = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Empty again: one Value serves every entry of a fill (each a slice
 * allocation less per entry). */
static void
value_reset (Value *value)
{
  g_ptr_array_set_size (value->texts, 0);
  g_ptr_array_set_size (value->sources, 0);
}

/* A scalar as form text: strings as they are (NFC), integers in decimal,
 * booleans as true/false; NULL for null. */
static char *
scalar_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return vneid_json_to_string (node);
  switch (json_node_get_value_type (node) == G_TYPE_STRING ? 's' :
          json_node_get_value_type (node) == G_TYPE_INT64 ? 'i' :
          json_node_get_value_type (node) == G_TYPE_BOOLEAN ? 'b' : 'd')
    {
    case 's':
      return vneid_form_nfc (json_node_get_string (node));
    case 'i':
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case 'b':
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return vneid_json_to_string (node);
    }
}

/* Adds the texts of @attribute's value (one, or one per array element). */
static gboolean
add_attribute (Value          *value,
               VneidAttribute *attribute)
{
  JsonNode *node = vneid_attribute_get_value (attribute);
  guint before = value->texts->len;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          char *text = scalar_text (json_array_get_element (array, i));

          if (text != NULL)
            g_ptr_array_add (value->texts, text);
        }
    }
  else
    {
      char *text = scalar_text (node);

      if (text != NULL)
        g_ptr_array_add (value->texts, text);
    }
  if (value->texts->len == before)
    return FALSE;
  g_ptr_array_add (value->sources, g_object_ref (attribute));
  return TRUE;
}

/* An address object gathered from the disclosed members of @path; its
 * sources are the members the line is made of. FALSE when @path is no
 * address claim, or the citizen disclosed none of it. */
static gboolean
add_address (Value        *value,
             VneidProfile *profile,
             const char   *path)
{
  g_autoptr(GPtrArray) members = NULL;
  char *line = vneid_transforms_address (profile, path, &members);

  if (line == NULL)
    return FALSE;
  g_ptr_array_add (value->texts, line);
  g_ptr_array_extend_and_steal (value->sources, g_steal_pointer (&members));
  return TRUE;
}

static gboolean
resolve_path (Value        *value,
              VneidProfile *profile,
              const char   *path)
{
  VneidAttribute *attribute = vneid_profile_lookup (profile, path);

  if (attribute != NULL)
    return add_attribute (value, attribute);
  /* an address object is not an attribute: its members are */
  return add_address (value, profile, path);
}

static gpointer
copy_source (gconstpointer source,
             gpointer      unused)
{
  return g_object_ref ((gpointer) source);
}

/* The source's value, or FALSE when the profile has none of it; @part is
 * scratch for the parts of a join. */
static gboolean
resolve (const Entry  *entry,
         VneidProfile *profile,
         Value        *value,
         Value        *part)
{
  switch (entry->kind)
    {
    case ENTRY_CONSTANT:
      g_ptr_array_add (value->texts, g_strdup (entry->constant));
      return TRUE;
    case ENTRY_FROM:
    case ENTRY_FIRST_OF:
      for (char **p = entry->paths; *p != NULL; p++)
        if (resolve_path (value, profile, *p))
          return TRUE;
      return FALSE;
    case ENTRY_JOIN:
      {
        g_autoptr(GString) joined = NULL;

        for (char **p = entry->paths; *p != NULL; p++)
          {
            g_autofree char *text = NULL;

            value_reset (part);
            if (!resolve_path (part, profile, *p))
              continue;
            g_ptr_array_add (part->texts, NULL);
            text = g_strjoinv (", ", (char **) part->texts->pdata);
            if (joined == NULL)
              joined = g_string_new (text);
            else
              g_string_append_printf (joined, "%s%s", entry->separator, text);
            g_ptr_array_extend (value->sources, part->sources, copy_source, NULL);
          }
        if (joined == NULL)
          return FALSE;
        g_ptr_array_add (value->texts, g_string_free (g_steal_pointer (&joined), FALSE));
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static char *
join_texts (GPtrArray *texts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (texts, i));
    }
  return g_string_free (out, FALSE);
}

static char *
describe_source (const Entry *entry)
{
  if (entry->kind == ENTRY_CONSTANT)
    return g_strdup ("the constant");
  return g_strjoinv (", ", entry->paths);
}

/* Fills @entry's field. @value and @part (for the parts of a join) are
 * the fill's, emptied and used again for each entry. */
static gboolean
fill_entry (const Entry     *entry,
            VneidFormField  *field,
            VneidProfile    *profile,
            VneidFilledForm *form,
            Value           *value,
            Value           *part,
            GError         **error)
{
  g_autofree char *found = NULL;   /* the value before it was changed, for messages */
  g_autofree char *result = NULL;
  g_autofree char *what = NULL;    /* the source, made only for a message */
  const VneidTransform *emptied_by = NULL;
  gboolean to_date = vneid_form_field_get_field_type (field) == VNEID_FIELD_TYPE_DATE &&
                     !entry->explicit_date;

  value_reset (value);
  if (!resolve (entry, profile, value, part))
    {
      g_autofree char *reason = NULL;

      what = describe_source (entry);
      reason = g_strconcat ("not disclosed: ", what, NULL);
      return vneid_filled_form_set_missing (form, entry->field, reason, error);
    }
  if (entry->transforms->len > 0 || to_date)
    found = join_texts (value->texts);

  for (guint t = 0; t < entry->transforms->len; t++)
    {
      const VneidTransform *transform = g_ptr_array_index (entry->transforms, t);

      for (guint i = 0; i < value->texts->len; i++)
        {
          g_autoptr(GError) local = NULL;
          char *next = vneid_transform_apply (transform, g_ptr_array_index (value->texts, i), &local);

          if (next == NULL)
            {
              g_autofree char *message = NULL;

              what = describe_source (entry);
              message = g_strdup_printf ("%s: %s", what, local->message);

              return vneid_filled_form_set_invalid (form, entry->field, found, value->sources, message, error);
            }
          if (*next == '\0' && *(const char *) g_ptr_array_index (value->texts, i) != '\0')
            emptied_by = transform;
          g_free (g_ptr_array_index (value->texts, i));
          g_ptr_array_index (value->texts, i) = next;
        }
    }

  if (to_date)
    {
      const char *format = vneid_form_field_get_date_format (field);

      for (guint i = 0; i < value->texts->len; i++)
        {
          g_autoptr(GError) local = NULL;
          char *date = vneid_transforms_date (g_ptr_array_index (value->texts, i), format, &local);

          if (date == NULL)
            {
              g_autofree char *message = NULL;

              what = describe_source (entry);
              message = g_strdup_printf ("%s: %s", what, local->message);

              return vneid_filled_form_set_invalid (form, entry->field, found, value->sources, message, error);
            }
          g_free (g_ptr_array_index (value->texts, i));
          g_ptr_array_index (value->texts, i) = date;
        }
    }

  result = join_texts (value->texts);
  if (*result == '\0')
    {
      g_autofree char *reason = NULL;

      what = describe_source (entry);
      if (emptied_by != NULL)
        reason = g_strdup_printf ("%s: “%s” has no such part (%s)", what, found,
                                  vneid_transform_describe (emptied_by));
      else
        reason = g_strdup_printf ("%s is empty", what);
      return vneid_filled_form_set_missing (form, entry->field, reason, error);
    }
  return vneid_filled_form_fill (form, entry->field, result, value->sources, error);
}

static gboolean
vneid_declarative_mapper_fill (VneidFormMapper *mapper,
                               VneidProfile    *profile,
                               VneidFilledForm *form,
                               GError         **error)
{
  VneidDeclarativeMapper *self = VNEID_DECLARATIVE_MAPPER (mapper);
  g_auto(Value) value = { NULL, NULL };
  g_auto(Value) part = { NULL, NULL };
  gboolean ok = TRUE;

  value_init (&value);
  value_init (&part);
  for (guint i = 0; ok && i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (!vneid_filled_form_needs_level_2 (form, entry->field))
        ok = fill_entry (entry, vneid_form_schema_lookup_field (self->schema, entry->field),
                         profile, form, &value, &part, error);
    }
  return ok;
}

static VneidFormSchema *
vneid_declarative_mapper_get_schema (VneidFormMapper *mapper)
{
  return VNEID_DECLARATIVE_MAPPER (mapper)->schema;
}

/* from: the path; join: each path; first_of: the alternatives as one
 * `a|b` string. Constants read nothing. */
static char **
vneid_declarative_mapper_list_profile_paths (VneidFormMapper *mapper)
{
  VneidDeclarativeMapper *self = VNEID_DECLARATIVE_MAPPER (mapper);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->kind == ENTRY_FIRST_OF)
        {
          g_autofree char *alternatives = g_strjoinv ("|", entry->paths);

          g_strv_builder_add (builder, alternatives);
        }
      else if (entry->paths != NULL)
        g_strv_builder_addv (builder, (const char **) entry->paths);
    }
  return g_strv_builder_end (builder);
}

static void
vneid_declarative_mapper_form_mapper_init (VneidFormMapperInterface *iface)
{
  iface->get_schema = vneid_declarative_mapper_get_schema;
  iface->fill = vneid_declarative_mapper_fill;
  iface->list_profile_paths = vneid_declarative_mapper_list_profile_paths;
}
