/* vneid-form-field.c: one field of a form schema
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "vneid-form-field.h"
#include "vneid-date.h"
#include "vneid-form-field-private.h"
#include "vneid-form-json-private.h"

/**
 * VneidFormField:
 *
 * One field of a [class@Vneid.FormSchema]: its name, the label printed on
 * the form, its type and its constraints, as docs/forms.md describes them.
 * A field of type %VNEID_FIELD_TYPE_GROUP holds the fields of one row of a
 * repeating group, such as the members of a household.
 *
 * Fields come only from schemas; they are immutable and may be shared
 * between threads.
 *
 * Since: 0.1
 */

/* What vneid_date_format() writes for a date known to the day, month or
 * year only, with the pattern's digits marked: the value must have the same
 * bytes where the kind is SHAPE_LITERAL and an ASCII digit elsewhere. */
typedef enum {
  SHAPE_LITERAL,
  SHAPE_YEAR,
  SHAPE_MONTH,
  SHAPE_DAY,
} ShapeKind;

typedef struct {
  char   *text;
  guint8 *kinds;
  gsize   len;
} DateShape;

#define N_DATE_SHAPES 3

struct _VneidFormField
{
  GObject          parent_instance;

  char            *name;
  char            *label;
  char            *description;
  VneidFieldType   type;
  gboolean         required;
  guint            max_length;
  char            *pattern;
  pcre2_code      *whole_code;    /* (?:pattern)\z, anchored, as GRegex compiled it */
  gboolean         shares_frames; /* may match with its thread's match data */
  char            *date_format;
  DateShape        shapes[N_DATE_SHAPES];
  guint            min_level;
  GStrv            enum_codes;
  GStrv            enum_labels;
  GHashTable      *enum_index;    /* code → label, both owned by the Strvs */
  GPtrArray       *fields;        /* group children, or NULL */
  guint            position;      /* in its list: the schema's fields, or its group's */
  GHashTable      *children;      /* child name → field, or NULL */
};

G_DEFINE_FINAL_TYPE (VneidFormField, vneid_form_field, G_TYPE_OBJECT)

#define DEFAULT_DATE_FORMAT "dd/MM/yyyy"

/* The work one pattern match may do (PCRE2's match and depth limits), and
 * the longest value checked against a pattern: together they keep a match
 * under a millisecond whatever the pattern (docs/forms.md). */
#define PATTERN_MATCH_LIMIT 10000
#define PATTERN_DEPTH_LIMIT 250
#define PATTERN_MAX_VALUE 1024

/* A thread keeps one PCRE2 match data block, and PCRE2 (10.41 and later)
 * keeps the block's backtracking frames (20 KiB at first) from one match to
 * the next, so a match allocates nothing; GRegex allocated both for every
 * match. A frame holds every capture group of its pattern, and a match
 * uses at most PATTERN_DEPTH_LIMIT of them: a pattern whose frames could
 * grow the block past this size matches with a block of its own, freed
 * after the match, so that no thread keeps megabytes. */
#define PATTERN_SHARED_FRAMES_MAX (256 * 1024)

static void
match_data_free (gpointer data)
{
  pcre2_match_data_free (data);
}

static GPrivate thread_match_data = G_PRIVATE_INIT (match_data_free);

static const char *const type_names[] = {
  [VNEID_FIELD_TYPE_STRING] = "string",
  [VNEID_FIELD_TYPE_DATE] = "date",
  [VNEID_FIELD_TYPE_ENUM] = "enum",
  [VNEID_FIELD_TYPE_BOOLEAN] = "boolean",
  [VNEID_FIELD_TYPE_NUMBER] = "number",
  [VNEID_FIELD_TYPE_GROUP] = "group",
};

static const char *const field_members[] = {
  "name", "label", "type", "required", "description", "max_length", "pattern",
  "format", "enum", "min_level", "fields",
};

static void
vneid_form_field_finalize (GObject *object)
{
  VneidFormField *self = VNEID_FORM_FIELD (object);

  g_free (self->name);
  g_free (self->label);
  g_free (self->description);
  g_free (self->pattern);
  pcre2_code_free (self->whole_code);
  g_free (self->date_format);
  for (guint i = 0; i < N_DATE_SHAPES; i++)
    {
      g_free (self->shapes[i].text);
      g_free (self->shapes[i].kinds);
    }
  g_clear_pointer (&self->enum_index, g_hash_table_unref);
  g_strfreev (self->enum_codes);
  g_strfreev (self->enum_labels);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (vneid_form_field_parent_class)->finalize (object);
}

static void
vneid_form_field_class_init (VneidFormFieldClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_form_field_finalize;
}

static void
vneid_form_field_init (VneidFormField *self)
{
  self->min_level = 1;
}

/* ---- date shapes ------------------------------------------------------- */

static char *
format_ymd (const char *format,
            int         year,
            int         month,
            int         day)
{
  g_autoptr(VneidDate) date = vneid_date_new (year, month, day, NULL);

  g_assert (date != NULL);
  return vneid_date_format (date, format);
}

/* Learns the shape of vneid_date_format()'s output at one precision from
 * the formatter itself, so that the two never disagree: dates that differ
 * in every digit tell the token positions from the literal text, and dates
 * that differ in one part only tell which part a position holds. */
static void
learn_date_shape (DateShape  *shape,
                  const char *format,
                  gboolean    with_month,
                  gboolean    with_day)
{
  int m1 = with_month ? 10 : 0, m2 = with_month ? 1 : 0;
  int d1 = with_day ? 12 : 0, d2 = with_day ? 23 : 0;
  g_autofree char *base = format_ymd (format, 1234, m1, d1);
  g_autofree char *all = format_ymd (format, 5678, m2, d2);
  g_autofree char *day = format_ymd (format, 1234, m1, d2);
  g_autofree char *month = format_ymd (format, 1234, m2, d1);

  shape->len = strlen (base);
  g_assert (strlen (all) == shape->len && strlen (day) == shape->len &&
            strlen (month) == shape->len);
  shape->kinds = g_new0 (guint8, shape->len);
  for (gsize i = 0; i < shape->len; i++)
    {
      if (base[i] == all[i])
        shape->kinds[i] = SHAPE_LITERAL;
      else if (base[i] != day[i])
        shape->kinds[i] = SHAPE_DAY;
      else if (base[i] != month[i])
        shape->kinds[i] = SHAPE_MONTH;
      else
        shape->kinds[i] = SHAPE_YEAR;
    }
  shape->text = g_steal_pointer (&base);
}

/* Whether @value has @shape and names a real date. */
static gboolean
matches_date_shape (const DateShape *shape,
                    const char      *value,
                    gsize            len)
{
  int parts[SHAPE_DAY + 1] = { 0 };
  gboolean has[SHAPE_DAY + 1] = { FALSE };
  g_autoptr(VneidDate) date = NULL;

  if (len != shape->len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (shape->kinds[i] == SHAPE_LITERAL)
        {
          if (value[i] != shape->text[i])
            return FALSE;
        }
      else
        {
          if (!g_ascii_isdigit (value[i]))
            return FALSE;
          parts[shape->kinds[i]] = parts[shape->kinds[i]] * 10 + (value[i] - '0');
          has[shape->kinds[i]] = TRUE;
        }
    }
  /* 0 means "unknown" to vneid_date_new(); a printed part is known */
  for (guint kind = SHAPE_YEAR; kind <= SHAPE_DAY; kind++)
    if (has[kind] && parts[kind] == 0)
      return FALSE;
  date = vneid_date_new (parts[SHAPE_YEAR], parts[SHAPE_MONTH], parts[SHAPE_DAY], NULL);
  return date != NULL;
}

/* ---- parsing -------------------------------------------------------------- */

typedef struct {
  const char *source;
  const char *where;    /* "fields[3] (“sex”)" */
  GError    **error;
} Ctx;

static gboolean
ctx_fail (Ctx        *ctx,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static gboolean
ctx_fail (Ctx        *ctx,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return vneid_form_set_error (ctx->error, VNEID_FORM_ERROR_INVALID_SCHEMA, ctx->source,
                               ctx->where, "%s", message);
}

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* @out is set when the member is present; absent is fine unless @required. */
static gboolean
get_string (Ctx         *ctx,
            JsonObject  *object,
            const char  *member,
            gboolean     required,
            gboolean     non_empty,
            const char **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return required ? ctx_fail (ctx, "“%s” is missing", member) : TRUE;
  if (!is_string_node (node))
    return ctx_fail (ctx, "“%s” must be a string, not %s", member, vneid_form_json_type_name (node));
  *out = json_node_get_string (node);
  if (non_empty && **out == '\0')
    return ctx_fail (ctx, "“%s” is empty", member);
  return TRUE;
}

static gboolean
get_positive_int (Ctx        *ctx,
                  JsonObject *object,
                  const char *member,
                  gint64      max,
                  gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1 || json_node_get_int (node) > max)
    {
      g_autofree char *text = json_to_string (node, FALSE);

      return ctx_fail (ctx, "“%s” must be a whole number from 1 to %" G_GINT64_FORMAT ", not %s",
                       member, max, text);
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_min_level (Ctx        *ctx,
                 JsonObject *object,
                 guint      *out)
{
  JsonNode *node = json_object_get_member (object, "min_level");

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (json_node_get_int (node) != 1 && json_node_get_int (node) != 2))
    {
      g_autofree char *text = json_to_string (node, FALSE);

      return ctx_fail (ctx, "“min_level” must be 1 or 2, not %s", text);
    }
  *out = (guint) json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_type (Ctx            *ctx,
            JsonObject     *object,
            VneidFieldType *out)
{
  const char *type;

  if (!get_string (ctx, object, "type", TRUE, FALSE, &type))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (type, type_names[i]) == 0)
      {
        *out = (VneidFieldType) i;
        return TRUE;
      }
  return ctx_fail (ctx, "unknown type “%s” (string, date, enum, boolean, number or group)", type);
}

/* A constraint on a type it does not apply to is an error. */
static gboolean
check_applies (Ctx            *ctx,
               JsonObject     *object,
               const char     *member,
               VneidFieldType  type,
               VneidFieldType  wanted)
{
  if (json_object_has_member (object, member) && type != wanted)
    return ctx_fail (ctx, "“%s” applies to %s fields only, and this one is a %s",
                     member, type_names[wanted], type_names[type]);
  return TRUE;
}

/* Whether @pattern has a "(*" construct outside escapes and character
 * classes: a backtracking verb such as (*ACCEPT), which ends a match
 * early and so defeats the whole-value anchor, or a start-of-pattern option
 * such as (*LIMIT_MATCH=…). Errs on the side of refusing: a "(*" inside a
 * POSIX class or an (?x) comment counts too. */
static gboolean
pattern_has_verb (const char *p)
{
  gboolean in_class = FALSE, quoted = FALSE;

  for (; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (p[0] == '\\' && p[1] == 'E')
            quoted = FALSE, p++;
          continue;
        }
      if (*p == '\\')
        {
          if (p[1] == 'Q')
            quoted = TRUE;
          if (p[1] != '\0')
            p++;
          continue;
        }
      if (in_class)
        {
          if (*p == ']')
            in_class = FALSE;
          continue;
        }
      if (*p == '[')
        {
          /* "[]…]" and "[^]…]": a first "]" is literal */
          in_class = TRUE;
          if (p[1] == '^')
            p++;
          if (p[1] == ']')
            p++;
          continue;
        }
      if (p[0] == '(' && p[1] == '*')
        return TRUE;
    }
  return FALSE;
}

/* Compiles @whole as g_regex_new (@whole, G_REGEX_ANCHORED, 0) did in
 * GLib 2.74 (PCRE2 options UTF, UCP and ANCHORED; any newline sequence is a
 * newline; \R matches any Unicode line break), so that patterns mean what
 * they meant with GRegex. */
static pcre2_code *
compile_whole (const char *whole,
               char       *message,
               gsize       message_size)
{
  pcre2_compile_context *context = pcre2_compile_context_create (NULL);
  pcre2_code *code = NULL;
  PCRE2_SIZE offset = 0;
  int code_error = PCRE2_ERROR_NOMEMORY;

  if (context != NULL &&
      pcre2_set_newline (context, PCRE2_NEWLINE_ANY) == 0 &&
      pcre2_set_bsr (context, PCRE2_BSR_UNICODE) == 0)
    code = pcre2_compile ((PCRE2_SPTR) whole, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &code_error, &offset, context);
  pcre2_compile_context_free (context);
  if (code == NULL && pcre2_get_error_message (code_error, (PCRE2_UCHAR *) message, message_size) < 0)
    g_strlcpy (message, "PCRE2 refused it", message_size);
  return code;
}

static gboolean
parse_pattern (Ctx            *ctx,
               VneidFormField *self,
               const char     *pattern)
{
  g_autoptr(GError) regex_error = NULL;
  g_autoptr(GRegex) plain = NULL;
  g_autofree char *whole = NULL;
  char message[256];
  size_t frame_size = 0;

  if (pattern_has_verb (pattern))
    return ctx_fail (ctx, "“pattern” uses a (*…) verb or option, such as (*ACCEPT): "
                     "these are not allowed");
  /* GRegex says what is wrong with a pattern in its own words */
  plain = g_regex_new (pattern, 0, 0, &regex_error);
  if (plain == NULL)
    return ctx_fail (ctx, "“pattern” is not a valid regular expression: %s", regex_error->message);
  /* The whole value must match: anchored at the start, \z at the very end
   * (not $, which allows a final newline). The limits bound the work of
   * one match, whatever the pattern: hitting them is an error, not a
   * mismatch. */
  whole = g_strdup_printf ("(*LIMIT_MATCH=%d)(*LIMIT_DEPTH=%d)(?:%s)\\z",
                           PATTERN_MATCH_LIMIT, PATTERN_DEPTH_LIMIT, pattern);
  self->whole_code = compile_whole (whole, message, sizeof message);
  if (self->whole_code == NULL)
    return ctx_fail (ctx, "“pattern” cannot be anchored to the whole value: %s", message);
  pcre2_pattern_info (self->whole_code, PCRE2_INFO_FRAMESIZE, &frame_size);
  self->shares_frames = frame_size <= PATTERN_SHARED_FRAMES_MAX / PATTERN_DEPTH_LIMIT;
  self->pattern = g_strdup (pattern);
  return TRUE;
}

static gboolean
parse_enum (Ctx            *ctx,
            VneidFormField *self,
            JsonObject     *object)
{
  JsonNode *node = json_object_get_member (object, "enum");
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL)
    return ctx_fail (ctx, "an enum field needs “enum”, its code list");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return ctx_fail (ctx, "“enum” must be an array, not %s", vneid_form_json_type_name (node));
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return ctx_fail (ctx, "“enum” is empty: an enum field needs at least one code");
  if (json_array_get_length (array) > VNEID_FORM_MAX_ENUM_CODES)
    return ctx_fail (ctx, "“enum” has %u codes, more than the %d allowed",
                     json_array_get_length (array), VNEID_FORM_MAX_ENUM_CODES);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      JsonObject *entry_object;
      JsonNode *code, *label;
      GList *members;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return ctx_fail (ctx, "“enum”[%u] must be an object {\"code\", \"label\"}, not %s",
                         i, vneid_form_json_type_name (entry));
      entry_object = json_node_get_object (entry);
      members = json_object_get_members (entry_object);
      for (GList *l = members; l != NULL; l = l->next)
        if (strcmp (l->data, "code") != 0 && strcmp (l->data, "label") != 0)
          {
            gboolean ok = ctx_fail (ctx, "“enum”[%u] has an unknown member “%s”",
                                    i, (const char *) l->data);
            g_list_free (members);
            return ok;
          }
      g_list_free (members);

      code = json_object_get_member (entry_object, "code");
      label = json_object_get_member (entry_object, "label");
      if (code == NULL || !is_string_node (code) || *json_node_get_string (code) == '\0')
        return ctx_fail (ctx, "“enum”[%u] needs a “code”, a non-empty string", i);
      if (label == NULL || !is_string_node (label))
        return ctx_fail (ctx, "“enum”[%u] (“%s”) needs a “label”, a string",
                         i, json_node_get_string (code));
      if (!g_hash_table_add (seen, (gpointer) json_node_get_string (code)))
        return ctx_fail (ctx, "“enum” has the code “%s” twice", json_node_get_string (code));
      g_strv_builder_add (codes, json_node_get_string (code));
      g_strv_builder_add (labels, json_node_get_string (label));
    }
  self->enum_codes = g_strv_builder_end (codes);
  self->enum_labels = g_strv_builder_end (labels);
  self->enum_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; self->enum_codes[i] != NULL; i++)
    g_hash_table_insert (self->enum_index, self->enum_codes[i], self->enum_labels[i]);
  return TRUE;
}

static gboolean
check_members (Ctx        *ctx,
               JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (field_members) && !known; i++)
        known = strcmp (l->data, field_members[i]) == 0;
      if (!known)
        return ctx_fail (ctx, "unknown member “%s”", (const char *) l->data);
    }
  return TRUE;
}

static gboolean
parse_required (Ctx            *ctx,
                JsonObject     *object,
                gboolean       *out)
{
  JsonNode *required = json_object_get_member (object, "required");

  if (required == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (required) || json_node_get_value_type (required) != G_TYPE_BOOLEAN)
    return ctx_fail (ctx, "“required” must be true or false, not %s",
                     vneid_form_json_type_name (required));
  *out = json_node_get_boolean (required);
  return TRUE;
}

/* What every field has: label, type, description, min_level, required. */
static gboolean
parse_common (Ctx            *ctx,
              VneidFormField *self,
              JsonObject     *object)
{
  const char *label, *description;

  if (!get_string (ctx, object, "label", TRUE, TRUE, &label) ||
      !parse_type (ctx, object, &self->type) ||
      !get_string (ctx, object, "description", FALSE, FALSE, &description) ||
      !parse_min_level (ctx, object, &self->min_level))
    return FALSE;
  self->label = g_strdup (label);
  self->description = g_strdup (description);
  return parse_required (ctx, object, &self->required);
}

static gboolean
parse_string_constraints (Ctx            *ctx,
                          VneidFormField *self,
                          JsonObject     *object)
{
  const char *pattern = NULL;
  gint64 max_length = 0;

  if (!get_positive_int (ctx, object, "max_length", G_MAXINT32, &max_length) ||
      !get_string (ctx, object, "pattern", FALSE, TRUE, &pattern))
    return FALSE;
  self->max_length = (guint) max_length;
  return pattern == NULL || parse_pattern (ctx, self, pattern);
}

static gboolean
parse_date_format (Ctx            *ctx,
                   VneidFormField *self,
                   JsonObject     *object)
{
  g_autoptr(GError) local_error = NULL;
  const char *format = NULL;

  if (!get_string (ctx, object, "format", FALSE, FALSE, &format))
    return FALSE;
  if (format == NULL)
    format = DEFAULT_DATE_FORMAT;
  if (!vneid_form_check_date_format (format, VNEID_FORM_ERROR_INVALID_SCHEMA, &local_error))
    return ctx_fail (ctx, "%s", local_error->message);
  self->date_format = g_strdup (format);
  learn_date_shape (&self->shapes[0], format, TRUE, TRUE);
  learn_date_shape (&self->shapes[1], format, TRUE, FALSE);
  learn_date_shape (&self->shapes[2], format, FALSE, FALSE);
  return TRUE;
}

/* @where is the field's place without its name ("fields[6]"), for the
 * children's places ("fields[6].fields[0]"). */
static gboolean
parse_group_fields (Ctx            *ctx,
                    VneidFormField *self,
                    JsonObject     *object,
                    const char     *where,
                    guint          *budget)
{
  JsonNode *fields = json_object_get_member (object, "fields");
  g_autofree char *fields_where = g_strdup_printf ("%s.fields", where);

  if (fields == NULL)
    return ctx_fail (ctx, "a group needs “fields”, the fields of one row");
  self->fields = vneid_form_fields_parse (fields, ctx->source, fields_where, self->name, FALSE,
                                          budget, ctx->error);
  if (self->fields == NULL)
    return FALSE;
  self->children = vneid_form_fields_index (self->fields);
  return TRUE;
}

/* The constraints of the field's type; a constraint of another type is an
 * error. */
static gboolean
parse_constraints (Ctx            *ctx,
                   VneidFormField *self,
                   JsonObject     *object,
                   const char     *where,
                   guint          *budget)
{
  if (!check_applies (ctx, object, "max_length", self->type, VNEID_FIELD_TYPE_STRING) ||
      !check_applies (ctx, object, "pattern", self->type, VNEID_FIELD_TYPE_STRING) ||
      !check_applies (ctx, object, "format", self->type, VNEID_FIELD_TYPE_DATE) ||
      !check_applies (ctx, object, "enum", self->type, VNEID_FIELD_TYPE_ENUM) ||
      !check_applies (ctx, object, "fields", self->type, VNEID_FIELD_TYPE_GROUP))
    return FALSE;

  switch (self->type)
    {
    case VNEID_FIELD_TYPE_STRING:
      return parse_string_constraints (ctx, self, object);
    case VNEID_FIELD_TYPE_DATE:
      return parse_date_format (ctx, self, object);
    case VNEID_FIELD_TYPE_ENUM:
      return parse_enum (ctx, self, object);
    case VNEID_FIELD_TYPE_GROUP:
      return parse_group_fields (ctx, self, object, where, budget);
    case VNEID_FIELD_TYPE_BOOLEAN:
    case VNEID_FIELD_TYPE_NUMBER:
    default:
      return TRUE;
    }
}

VneidFormField *
vneid_form_field_new_from_json (JsonNode    *node,
                                const char  *source,
                                const char  *where,
                                const char  *name_prefix,
                                gboolean     allow_groups,
                                guint       *budget,
                                GError     **error)
{
  g_autoptr(VneidFormField) self = NULL;
  g_autofree char *named_where = NULL;
  Ctx ctx = { source, where, error };
  JsonObject *object;
  const char *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ctx_fail (&ctx, "a field must be an object, not %s", vneid_form_json_type_name (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (&ctx, object, "name", TRUE, FALSE, &name))
    return NULL;
  if (!vneid_form_is_valid_name (name))
    {
      ctx_fail (&ctx, "name “%s” is not a field name (a lower-case letter, then lower-case "
                "letters, digits and “_”)", name);
      return NULL;
    }
  named_where = name_prefix ? g_strdup_printf ("%s (“%s.%s”)", where, name_prefix, name)
                            : g_strdup_printf ("%s (“%s”)", where, name);
  ctx.where = named_where;
  if (!check_members (&ctx, object))
    return NULL;

  self = g_object_new (VNEID_TYPE_FORM_FIELD, NULL);
  self->name = g_strdup (name);
  if (!parse_common (&ctx, self, object))
    return NULL;
  if (self->type == VNEID_FIELD_TYPE_GROUP && !allow_groups)
    {
      ctx_fail (&ctx, "a group cannot hold another group (no nested groups)");
      return NULL;
    }
  if (!parse_constraints (&ctx, self, object, where, budget))
    return NULL;
  return g_steal_pointer (&self);
}

GPtrArray *
vneid_form_fields_parse (JsonNode    *node,
                         const char  *source,
                         const char  *where,
                         const char  *name_prefix,
                         gboolean     allow_groups,
                         guint       *budget,
                         GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, where,
                            "must be an array of fields, not %s", vneid_form_json_type_name (node));
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    {
      vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, where,
                            "is empty: a %s needs at least one field",
                            name_prefix ? "group" : "form");
      return NULL;
    }
  /* Counted before anything is parsed: a list too long fails at once. */
  if (json_array_get_length (array) > *budget)
    {
      vneid_form_set_error (error, VNEID_FORM_ERROR_TOO_LARGE, source, where,
                            "too many fields: a schema has at most %d, groups' fields included",
                            VNEID_FORM_MAX_FIELDS);
      return NULL;
    }
  *budget -= json_array_get_length (array);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *field_where = g_strdup_printf ("%s[%u]", where, i);
      VneidFormField *field = vneid_form_field_new_from_json (json_array_get_element (array, i),
                                                              source, field_where, name_prefix,
                                                              allow_groups, budget, error);

      if (field == NULL)
        return NULL;
      field->position = i;
      g_ptr_array_add (fields, field);
      if (!g_hash_table_add (names, field->name))
        {
          g_autofree char *full = name_prefix ? g_strdup_printf ("%s.%s", name_prefix, field->name)
                                              : g_strdup (field->name);

          vneid_form_set_error (error, VNEID_FORM_ERROR_INVALID_SCHEMA, source, field_where,
                                "duplicate field name “%s”", full);
          return NULL;
        }
    }
  return g_steal_pointer (&fields);
}

guint
vneid_form_field_get_position (VneidFormField *self)
{
  return self->position;
}

GHashTable *
vneid_form_fields_index (GPtrArray *fields)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < fields->len; i++)
    {
      VneidFormField *field = g_ptr_array_index (fields, i);

      g_hash_table_insert (index, field->name, field);
    }
  return index;
}

VneidFormField *
vneid_form_field_lookup_child (VneidFormField *group,
                               const char     *name)
{
  if (group->children == NULL)
    return NULL;
  return g_hash_table_lookup (group->children, name);
}

char *
vneid_form_field_describe (VneidFormField *self)
{
  return g_strdup_printf ("“%s” (%s)", self->label, self->name);
}

/* ---- getters -------------------------------------------------------------- */

/**
 * vneid_form_field_get_name:
 * @self: a #VneidFormField
 *
 * Gets the field's name, unique among the fields of its list
 * (`[a-z][a-z0-9_]*`).
 *
 * Returns: the field's name, unique among the fields of its list
 *   (`[a-z][a-z0-9_]*`); a group's children are named within their group
 *
 * Since: 0.1
 */
const char *
vneid_form_field_get_name (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  return self->name;
}

/**
 * vneid_form_field_get_label:
 * @self: a #VneidFormField
 *
 * Gets the label printed on the form, such as `Họ, chữ đệm và tên`.
 *
 * Returns: the label printed on the form, such as `Họ, chữ đệm và tên`
 *
 * Since: 0.1
 */
const char *
vneid_form_field_get_label (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  return self->label;
}

/**
 * vneid_form_field_get_description:
 * @self: a #VneidFormField
 *
 * Gets the help text, if the schema gives one.
 *
 * Returns: (nullable): the help text, if the schema gives one
 *
 * Since: 0.1
 */
const char *
vneid_form_field_get_description (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  return self->description;
}

/**
 * vneid_form_field_get_field_type:
 * @self: a #VneidFormField
 *
 * Gets the field's type.
 *
 * Returns: the field's type
 *
 * Since: 0.1
 */
VneidFieldType
vneid_form_field_get_field_type (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), VNEID_FIELD_TYPE_STRING);
  return self->type;
}

/**
 * vneid_form_field_get_required:
 * @self: a #VneidFormField
 *
 * Tells whether the form cannot be submitted without the field.
 *
 * Returns: whether the form cannot be submitted without the field; a
 *   required group needs at least one row
 *
 * Since: 0.1
 */
gboolean
vneid_form_field_get_required (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), FALSE);
  return self->required;
}

/**
 * vneid_form_field_get_max_length:
 * @self: a #VneidFormField
 *
 * Gets the most characters (Unicode characters, not bytes) a string field
 * takes, or 0 for no limit.
 *
 * Returns: the most characters (Unicode characters, not bytes) a string
 *   field takes, or 0 for no limit
 *
 * Since: 0.1
 */
guint
vneid_form_field_get_max_length (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), 0);
  return self->max_length;
}

/**
 * vneid_form_field_get_pattern:
 * @self: a #VneidFormField
 *
 * Gets the regular expression (PCRE, as #GRegex) the whole value of a string
 * field must match, if any.
 *
 * Returns: (nullable): the regular expression (PCRE, as #GRegex) the whole
 *   value of a string field must match, if any
 *
 * Since: 0.1
 */
const char *
vneid_form_field_get_pattern (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  return self->pattern;
}

/**
 * vneid_form_field_get_date_format:
 * @self: a #VneidFormField
 *
 * The format a date field prints its value in, for
 * [method@Vneid.Date.format]: the tokens `dd`, `MM` and `yyyy` and literal
 * text; `dd/MM/yyyy` unless the schema says otherwise.
 *
 * Returns: (nullable): the format of a date field, %NULL for other types
 *
 * Since: 0.1
 */
const char *
vneid_form_field_get_date_format (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  return self->date_format;
}

/**
 * vneid_form_field_get_min_level:
 * @self: a #VneidFormField
 *
 * Gets the VNeID account level a profile needs to fill the field: 1, or 2 for
 * data only a level-2 account holds (card data).
 *
 * Returns: the VNeID account level a profile needs to fill the field: 1,
 *   or 2 for data only a level-2 account holds (card data)
 *
 * Since: 0.1
 */
guint
vneid_form_field_get_min_level (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), 1);
  return self->min_level;
}

/**
 * vneid_form_field_get_enum_codes:
 * @self: a #VneidFormField
 *
 * Gets the codes of an enum field in schema order, %NULL for other types.
 *
 * Returns: (transfer full) (nullable) (array zero-terminated=1): the codes
 *   of an enum field in schema order, %NULL for other types
 *
 * Since: 0.1
 */
char **
vneid_form_field_get_enum_codes (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  return g_strdupv (self->enum_codes);
}

/**
 * vneid_form_field_get_enum_label:
 * @self: a #VneidFormField
 * @code: a code of the field's code list
 *
 * Gets the label of @code, or %NULL when the field is not an enum or has no
 * such code.
 *
 * Returns: (nullable): the label of @code, or %NULL when the field is not
 *   an enum or has no such code
 *
 * Since: 0.1
 */
const char *
vneid_form_field_get_enum_label (VneidFormField *self,
                                 const char     *code)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (self->enum_index == NULL)
    return NULL;
  return g_hash_table_lookup (self->enum_index, code);
}

/**
 * vneid_form_field_get_fields:
 * @self: a #VneidFormField
 *
 * Gets the fields of one row of a group field, %NULL for other types.
 *
 * Returns: (transfer none) (nullable) (element-type VneidFormField): the
 *   fields of one row of a group field, %NULL for other types
 *
 * Since: 0.1
 */
GPtrArray *
vneid_form_field_get_fields (VneidFormField *self)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), NULL);
  return self->fields;
}

/* ---- checking values --------------------------------------------------- */

/* One check of a value against a field: what a failure names (the field's
 * label, and the name the value goes by: `members[0].full_name` for a row)
 * and where it goes. */
typedef struct {
  VneidFormField *field;
  const char     *name;
  GError        **error;
} ValueCheck;

static gboolean
value_fail (ValueCheck *check,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static gboolean
value_fail (ValueCheck *check,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (check->error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
               "“%s” (%s): %s", check->field->label, check->name, message);
  return FALSE;
}

/* pcre2_match() of the whole pattern on @value (valid UTF-8): >= 0 when it
 * matches, PCRE2_ERROR_NOMATCH, or another error when it gave up. */
static int
match_whole (VneidFormField *self,
             const char     *value,
             gsize           len)
{
  pcre2_match_data *data = NULL, *own = NULL;
  int rc;

  if (self->shares_frames)
    {
      data = g_private_get (&thread_match_data);
      if (data == NULL)
        {
          data = pcre2_match_data_create (1, NULL);
          g_private_set (&thread_match_data, data);
        }
    }
  else
    data = own = pcre2_match_data_create (1, NULL);
  if (data == NULL)
    return PCRE2_ERROR_NOMEMORY;
  /* one pair of offsets is enough: a match with more groups returns 0 */
  rc = pcre2_match (self->whole_code, (PCRE2_SPTR) value, len, 0, PCRE2_NO_UTF_CHECK, data, NULL);
  if (own != NULL)
    pcre2_match_data_free (own);
  return rc;
}

static gboolean
check_pattern (ValueCheck *check,
               const char *value,
               gsize       len)
{
  VneidFormField *self = check->field;
  int rc;

  if (len > PATTERN_MAX_VALUE)
    return value_fail (check, "%" G_GSIZE_FORMAT " bytes, too long to check against the "
                       "pattern (at most %d)", len, PATTERN_MAX_VALUE);
  rc = match_whole (self, value, len);
  if (rc >= 0)
    return TRUE;
  if (rc != PCRE2_ERROR_NOMATCH)
    return value_fail (check, "the pattern %s gave up on “%s”: it needs more steps than a "
                       "pattern may take", self->pattern, value);
  return value_fail (check, "“%s” does not match the pattern %s", value, self->pattern);
}

/* Decimal: -?[0-9]+(\.[0-9]+)?, nothing else (no exponent, no hex, no
 * spaces, no inf/nan). */
static gboolean
is_decimal_number (const char *value)
{
  const char *p = value;
  char *end = NULL;
  double number;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;
  number = g_ascii_strtod (value, &end);
  return end != NULL && *end == '\0' && isfinite (number);
}

/**
 * vneid_form_field_check_value:
 * @self: a #VneidFormField
 * @value: a value as the form prints it
 * @error: return location for a #GError
 *
 * Checks a value against the field's type and constraints:
 *
 * - string: at most `max_length` characters (Unicode characters, not
 *   bytes), and the whole value matches `pattern`;
 * - date: the shape of the field's `format` with a real calendar date
 *   (`17/05/1990` for `dd/MM/yyyy`). A date known only to the month or
 *   year prints shorter ([method@Vneid.Date.format] leaves out what it does
 *   not know: `05/1990`, `1950`), and those shapes are accepted too, as
 *   old records often give only the year of birth;
 * - enum: one of the codes;
 * - boolean: `true` or `false`;
 * - number: a decimal number (`-12`, `3.5`; no exponent, no spaces).
 *
 * A group has no value of its own: any value is refused.
 *
 * Returns: %TRUE if the value is acceptable, else %FALSE with
 *   %VNEID_FORM_ERROR_INVALID_VALUE naming the field and the rule it breaks
 *
 * Since: 0.1
 */
gboolean
vneid_form_field_check_value (VneidFormField *self,
                              const char     *value,
                              GError        **error)
{
  g_return_val_if_fail (VNEID_IS_FORM_FIELD (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return vneid_form_field_check_value_as (self, value, self->name, error);
}

gboolean
vneid_form_field_check_value_as (VneidFormField *self,
                                 const char     *value,
                                 const char     *name,
                                 GError        **error)
{
  ValueCheck check = { self, name, error };
  ValueCheck *c = &check;
  gsize len;

  len = strlen (value);
  if (!g_utf8_validate_len (value, len, NULL))
    return value_fail (c, "the value is not valid UTF-8 text");

  switch (self->type)
    {
    case VNEID_FIELD_TYPE_STRING:
      if (self->max_length > 0)
        {
          glong n = g_utf8_strlen (value, (gssize) len);

          if ((gulong) n > self->max_length)
            return value_fail (c, "%ld characters, more than the %u allowed",
                               n, self->max_length);
        }
      return self->whole_code == NULL || check_pattern (c, value, len);

    case VNEID_FIELD_TYPE_DATE:
      for (guint i = 0; i < N_DATE_SHAPES; i++)
        if (matches_date_shape (&self->shapes[i], value, len))
          return TRUE;
      return value_fail (c, "“%s” is not a date in the format %s",
                         value, self->date_format);

    case VNEID_FIELD_TYPE_ENUM:
      if (vneid_form_field_get_enum_label (self, value) != NULL)
        return TRUE;
      {
        g_autoptr(GString) codes = g_string_new (NULL);

        /* Twenty codes say enough: the list may be long. */
        for (guint i = 0; self->enum_codes[i] != NULL; i++)
          {
            if (i == 20)
              {
                g_string_append (codes, ", …");
                break;
              }
            g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "", self->enum_codes[i]);
          }
        return value_fail (c, "“%s” is not one of the codes %s", value, codes->str);
      }

    case VNEID_FIELD_TYPE_BOOLEAN:
      if (strcmp (value, "true") == 0 || strcmp (value, "false") == 0)
        return TRUE;
      return value_fail (c, "“%s” is not true or false", value);

    case VNEID_FIELD_TYPE_NUMBER:
      if (is_decimal_number (value))
        return TRUE;
      return value_fail (c, "“%s” is not a decimal number", value);

    case VNEID_FIELD_TYPE_GROUP:
    default:
      return value_fail (c, "a group has no value of its own; its rows have");
    }
}
