/* vneid-json.c: a strict JSON reader for untrusted input
 *
 * json-glib's parser is lenient (GScanner accepts more than RFC 8259),
 * keeps the last of duplicate member names, has no nesting limit and
 * dominates verification time. Tokens from outside come through this
 * reader instead: RFC 8259 exactly, UTF-8 only, no duplicate member names
 * (RFC 7515 section 5.2 lets a JWS parser reject them, and a verifier must
 * not see a different claim than the signer meant), the nesting limit of
 * the limits of docs/verifier.md. It builds ordinary json-glib nodes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vneid-util-private.h"

typedef struct {
  const char *start;
  const char *p;
  const char *end;
  const char *what;
  GString    *scratch;
  GError    **error;
  VneidJsonSdArrays *sd_arrays; /* NULL: `_sd` arrays are ordinary members */
} Reader;

static JsonNode *read_value (Reader *r, guint depth);
static void skip_space (Reader *r);

/* Sets the error (the first one only) and returns NULL. The place is a
 * line and a column (in characters, both from 1), counted only here: the
 * text before r->p is valid UTF-8. */
static gpointer
fail (Reader     *r,
      gint        code,
      const char *reason)
{
  const char *line_start = r->start;
  gsize line = 1;

  if (r->error == NULL || *r->error != NULL)
    return NULL;
  for (const char *q = r->start; q < r->p; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }
  g_set_error (r->error, VNEID_CREDENTIAL_ERROR, code,
               "%s is not valid JSON: %s at line %" G_GSIZE_FORMAT ", column %ld",
               r->what, reason, line, g_utf8_strlen (line_start, r->p - line_start) + 1);
  return NULL;
}

/* After a ",": a closing @bracket is a trailing comma, which JSON does not
 * allow (and editors often leave). */
static gboolean
refuse_trailing_comma (Reader *r,
                       char    bracket)
{
  skip_space (r);
  if (r->p < r->end && *r->p == bracket)
    {
      fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED,
            bracket == '}' ? "a comma before “}” (JSON allows no trailing comma: remove it)"
                           : "a comma before “]” (JSON allows no trailing comma: remove it)");
      return FALSE;
    }
  return TRUE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
expect_literal (Reader     *r,
                const char *literal)
{
  gsize len = strlen (literal);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, literal, len) != 0)
    { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "unexpected character"); return FALSE; }
  r->p += len;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  *out = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int v = hex_value (r->p[i]);

      if (v < 0)
        return FALSE;
      *out = (*out << 4) | (gunichar) v;
    }
  r->p += 4;
  return TRUE;
}

static gboolean
read_unicode_escape (Reader *r)
{
  gunichar c, low;

  if (!read_hex4 (r, &c))
    { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "bad \\u escape"); return FALSE; }
  if (c >= 0xDC00 && c <= 0xDFFF)
    { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "lone low surrogate"); return FALSE; }
  if (c >= 0xD800 && c <= 0xDBFF)
    {
      if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
        { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "lone high surrogate"); return FALSE; }
      r->p += 2;
      if (!read_hex4 (r, &low) || low < 0xDC00 || low > 0xDFFF)
        { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "bad surrogate pair"); return FALSE; }
      c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
    }
  if (c == 0)
    { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "\\u0000 in a string"); return FALSE; }
  g_string_append_unichar (r->scratch, c);
  return TRUE;
}

static gboolean
read_escape (Reader *r)
{
  char c;

  if (r->p >= r->end)
    { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "unterminated string"); return FALSE; }
  c = *r->p++;
  switch (c)
    {
    case '"': case '\\': case '/':
      g_string_append_c (r->scratch, c);
      return TRUE;
    case 'b': g_string_append_c (r->scratch, '\b'); return TRUE;
    case 'f': g_string_append_c (r->scratch, '\f'); return TRUE;
    case 'n': g_string_append_c (r->scratch, '\n'); return TRUE;
    case 'r': g_string_append_c (r->scratch, '\r'); return TRUE;
    case 't': g_string_append_c (r->scratch, '\t'); return TRUE;
    case 'u':
      return read_unicode_escape (r);
    default:
      r->p--;
      { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "unknown escape"); return FALSE; }
    }
}

/* Eight bytes at a time (SWAR): a word with no byte equal to zero, with
 * none below 0x20, or with one of them; exact for the word as a whole. */
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define HAS_ZERO_BYTE(w)     (((w) - ONES) & ~(w) & HIGHS)
#define HAS_BYTE_BELOW_20(w) (((w) - 0x20 * ONES) & ~(w) & HIGHS)
#define HAS_BYTE(w, c)       HAS_ZERO_BYTE ((w) ^ ((c) * ONES))

static inline guint64
load_word (const char *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return word;
}

/* Past the bytes a string holds as they are: not a quote, a backslash or
 * a control character. Strings are mostly such bytes. */
static const char *
skip_plain_string_bytes (const char *p,
                         const char *end)
{
  for (; end - p >= 8; p += 8)
    {
      guint64 w = load_word (p);

      if (HAS_BYTE (w, '"') | HAS_BYTE (w, '\\') | HAS_BYTE_BELOW_20 (w))
        break;
    }
  while (p < end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
    p++;
  return p;
}

/* g_utf8_validate_len(), with runs of ASCII checked eight bytes at a
 * time; the rest, runs of bytes of 0x80 and above, goes to GLib. Only
 * such bytes make up a multibyte character, so a valid one never spans
 * two runs, and a run that ends inside one is invalid. */
static gboolean
validate_utf8 (const char  *text,
               gsize        len,
               const char **invalid)
{
  const char *p = text, *end = text + len;

  while (p < end)
    {
      const char *run;

      while (end - p >= 8 && ((load_word (p) | (load_word (p) - ONES)) & HIGHS) == 0)
        p += 8;
      if (p == end)
        break;
      if (*p == '\0')
        {
          *invalid = p;
          return FALSE;
        }
      if ((guchar) *p < 0x80)
        {
          p++;
          continue;
        }
      for (run = p; p < end && (guchar) *p >= 0x80; p++)
        ;
      if (!g_utf8_validate_len (run, (gsize) (p - run), invalid))
        return FALSE;
    }
  return TRUE;
}

/* g_string_append_len() without its call and checks when the text fits,
 * as it nearly always does: the scratch buffer only grows. */
static inline void
append_to_scratch (GString    *scratch,
                   const char *text,
                   gsize       len)
{
  if (scratch->len + len >= scratch->allocated_len)
    {
      g_string_append_len (scratch, text, (gssize) len);
      return;
    }
  memcpy (scratch->str + scratch->len, text, len);
  scratch->len += len;
  scratch->str[scratch->len] = '\0';
}

/* Reads a string into r->scratch; the input was checked to be UTF-8. */
static gboolean
read_string (Reader *r)
{
  g_string_truncate (r->scratch, 0);
  r->p++; /* the opening quote */

  while (r->p < r->end)
    {
      const char *run = r->p;

      r->p = skip_plain_string_bytes (r->p, r->end);
      append_to_scratch (r->scratch, run, (gsize) (r->p - run));
      if (r->p >= r->end)
        break;
      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }
      if (*r->p != '\\')
        { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "control character in a string"); return FALSE; }
      r->p++;
      if (!read_escape (r))
        return FALSE;
    }
  { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "unterminated string"); return FALSE; }
}

static gboolean
skip_digits (Reader *r)
{
  const char *start = r->p;

  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
  return r->p > start;
}

typedef struct {
  gboolean integral;   /* fits a gint64: @i, else @d */
  gint64   i;
  double   d;
} Number;

static gboolean
scan_number (Reader *r,
             Number *n)
{
  const char *start = r->p;
  char buffer[64];
  gsize len;
  char *end;

  n->integral = TRUE;
  if (*r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (!skip_digits (r))
    { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "bad number"); return FALSE; }
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      n->integral = FALSE;
      if (!skip_digits (r))
        { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "bad number"); return FALSE; }
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      n->integral = FALSE;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!skip_digits (r))
        { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "bad number"); return FALSE; }
    }

  len = (gsize) (r->p - start);
  if (len >= sizeof buffer)
    { fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "number too long"); return FALSE; }
  memcpy (buffer, start, len);
  buffer[len] = '\0';

  if (n->integral && g_ascii_string_to_signed (buffer, 10, G_MININT64, G_MAXINT64, &n->i, NULL))
    return TRUE;
  /* fractions, exponents and integers beyond 64 bits; RFC 8259 section 6
   * has no infinities, and one would be written back as `inf.0` */
  n->integral = FALSE;
  n->d = g_ascii_strtod (buffer, &end);
  if (!isfinite (n->d))
    {
      r->p = start;
      fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "number out of range");
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
read_number (Reader *r)
{
  Number n;

  if (!scan_number (r, &n))
    return NULL;
  return n.integral ? json_node_init_int (json_node_alloc (), n.i)
                    : json_node_init_double (json_node_alloc (), n.d);
}

static JsonNode *
read_array (Reader *r,
            guint   depth)
{
  g_autoptr(JsonArray) array = json_array_new ();

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return json_node_init_array (json_node_alloc (), array);
    }
  for (;;)
    {
      JsonNode *element = read_value (r, depth);

      if (element == NULL)
        return NULL;
      json_array_add_element (array, element);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          if (!refuse_trailing_comma (r, ']'))
            return NULL;
        }
      else if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          return json_node_init_array (json_node_alloc (), array);
        }
      else
        return fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "expected “,” or “]”");
    }
}

static void
add_sd_array (VneidJsonSdArrays *a,
              JsonObject        *object,
              guint              first)
{
  if (a->n_arrays == a->arrays_size)
    {
      a->arrays_size = MAX (8, 2 * a->arrays_size);
      a->arrays = g_renew (VneidJsonSdArray, a->arrays, a->arrays_size);
    }
  a->arrays[a->n_arrays++] = (VneidJsonSdArray) { object, first, a->n_spans - first };
}

static void
add_span (VneidJsonSdArrays *a,
          const char        *text,
          gsize              len)
{
  if (a->n_spans == a->spans_size)
    {
      a->spans_size = MAX (64, 2 * a->spans_size);
      a->spans = g_renew (VneidJsonSpan, a->spans, a->spans_size);
    }
  a->spans[a->n_spans++] = (VneidJsonSpan) { text, len };
}

/* The value of @object's `_sd` member at r->p, when it is an array of
 * strings without escapes: its strings become spans of the text. For
 * anything else it reads nothing and returns FALSE, and the ordinary
 * reader reads the value, and reports what is wrong with it. */
static gboolean
read_sd_array (Reader     *r,
               JsonObject *object)
{
  VneidJsonSdArrays *a = r->sd_arrays;
  const char *start = r->p;
  guint first = a->n_spans;

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    goto end;
  for (;;)
    {
      const char *text = r->p + 1;

      if (r->p >= r->end || *r->p != '"')
        break;
      r->p = skip_plain_string_bytes (text, r->end);
      if (r->p >= r->end || *r->p != '"')
        break;
      add_span (a, text, (gsize) (r->p - text));
      r->p++;
      skip_space (r);
      if (r->p < r->end && *r->p == ']')
        goto end;
      if (r->p >= r->end || *r->p != ',')
        break;
      r->p++;
      skip_space (r);
    }
  r->p = start;
  a->n_spans = first;
  return FALSE;

end:
  r->p++;
  add_sd_array (a, object, first);
  return TRUE;
}

static gboolean
is_sd_member (Reader *r)
{
  return r->sd_arrays != NULL && r->scratch->len == 3 && memcmp (r->scratch->str, "_sd", 3) == 0;
}

static JsonNode *
read_object (Reader *r,
             guint   depth)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gboolean sd_left_out = FALSE;

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return json_node_init_object (json_node_alloc (), object);
    }
  for (;;)
    {
      /* the name is kept while the value reuses r->scratch; most fit here */
      char short_name[64];
      g_autofree char *long_name = NULL;
      const char *name;
      gboolean is_sd;
      JsonNode *value;

      if (r->p >= r->end || *r->p != '"')
        return fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "expected a member name");
      if (!read_string (r))
        return NULL;
      is_sd = is_sd_member (r);
      if ((is_sd && sd_left_out) || json_object_has_member (object, r->scratch->str))
        return fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "duplicate member name");
      if (r->scratch->len < sizeof short_name)
        name = memcpy (short_name, r->scratch->str, r->scratch->len + 1);
      else
        name = long_name = g_strndup (r->scratch->str, r->scratch->len);
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        return fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "expected “:”");
      r->p++;
      skip_space (r);
      if (is_sd && depth < VNEID_MAX_JSON_DEPTH && r->p < r->end && *r->p == '[' &&
          read_sd_array (r, object))
        sd_left_out = TRUE;
      else if ((value = read_value (r, depth)) == NULL)
        return NULL;
      else
        json_object_set_member (object, name, value);

      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          if (!refuse_trailing_comma (r, '}'))
            return NULL;
        }
      else if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          return json_node_init_object (json_node_alloc (), object);
        }
      else
        return fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "expected “,” or “}”");
    }
}

static JsonNode *
read_value (Reader *r,
            guint   depth)
{
  skip_space (r);
  if (r->p >= r->end)
    return fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "unexpected end");

  switch (*r->p)
    {
    case '{':
    case '[':
      if (depth >= VNEID_MAX_JSON_DEPTH)
        return fail (r, VNEID_CREDENTIAL_ERROR_TOO_LARGE, "nesting deeper than 32 levels");
      return *r->p == '{' ? read_object (r, depth + 1) : read_array (r, depth + 1);
    case '"':
      if (!read_string (r))
        return NULL;
      return json_node_init_string (json_node_alloc (), r->scratch->str);
    case 't':
      return expect_literal (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return expect_literal (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return expect_literal (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return read_number (r);
      return fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "unexpected character");
    }
}

static JsonNode *
parse_with (const char        *text,
            gsize              len,
            const char        *what,
            GString           *scratch,
            VneidJsonSdArrays *sd_arrays,
            GError           **error)
{
  Reader r = { text, text, text + len, what, scratch, error, sd_arrays };
  const char *invalid = NULL;
  JsonNode *root;

  if (!validate_utf8 (text, len, &invalid))
    {
      r.p = invalid;
      return fail (&r, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   *invalid == '\0' ? "NUL byte" : "invalid UTF-8");
    }

  root = read_value (&r, 0);
  if (root == NULL)
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    {
      json_node_unref (root);
      return fail (&r, VNEID_CREDENTIAL_ERROR_MALFORMED, "trailing characters");
    }
  return root;
}

void
vneid_json_sd_arrays_clear (VneidJsonSdArrays *arrays)
{
  g_free (arrays->arrays);
  g_free (arrays->spans);
  memset (arrays, 0, sizeof *arrays);
}

const VneidJsonSdArray *
vneid_json_sd_arrays_find (const VneidJsonSdArrays *arrays,
                           JsonObject              *object)
{
  for (guint i = 0; i < arrays->n_arrays; i++)
    if (arrays->arrays[i].object == object)
      return &arrays->arrays[i];
  return NULL;
}

/* Forgets what a failed read recorded: its objects are gone. */
static void
sd_arrays_truncate (VneidJsonSdArrays *arrays,
                    guint              n_arrays,
                    guint              n_spans)
{
  if (arrays != NULL)
    {
      arrays->n_arrays = n_arrays;
      arrays->n_spans = n_spans;
    }
}

/* Past this size a thread's scratch buffer is freed after a parse rather
 * than kept (and wiped in full after every parse). */
#define MAX_KEPT_SCRATCH 1024

static void
free_scratch (gpointer data)
{
  GString *scratch = data;

  /* The text may have been a private JWK: leave none of its strings
   * behind in freed memory. */
  sodium_memzero (scratch->str, scratch->allocated_len);
  g_string_free (scratch, TRUE);
}

/* Each thread's buffer for the strings being read, kept from one parse to
 * the next: a verification parses four JWS parts. */
static GPrivate thread_scratch = G_PRIVATE_INIT (free_scratch);

static GString *
thread_scratch_get (void)
{
  GString *scratch = g_private_get (&thread_scratch);

  if (scratch == NULL)
    g_private_set (&thread_scratch, scratch = g_string_sized_new (MAX_KEPT_SCRATCH / 4));
  return scratch;
}

/* Wipes the first @used bytes of the thread's buffer, or replaces it when
 * it grew past the size kept. */
static void
thread_scratch_wipe (GString *scratch,
                     gsize    used)
{
  if (scratch->allocated_len > MAX_KEPT_SCRATCH)
    g_private_replace (&thread_scratch, g_string_sized_new (MAX_KEPT_SCRATCH / 4));
  else
    {
      sodium_memzero (scratch->str, MIN (used, scratch->allocated_len));
      g_string_truncate (scratch, 0);
    }
}

static JsonNode *
parse_text (const char        *text,
            gsize              len,
            const char        *what,
            VneidJsonSdArrays *sd_arrays,
            GError           **error)
{
  GString *scratch = thread_scratch_get ();
  JsonNode *root = parse_with (text, len, what, scratch, sd_arrays, error);

  thread_scratch_wipe (scratch, scratch->allocated_len);
  return root;
}

JsonNode *
vneid_json_read_scalar (const VneidJsonSpan *scalar)
{
  GString *scratch = thread_scratch_get ();
  Reader r = { scalar->text, scalar->text, scalar->text + scalar->len, NULL, scratch, NULL, NULL };
  JsonNode *node = read_value (&r, VNEID_MAX_JSON_DEPTH);

  /* one string at most was read, and scratch->len is its length */
  thread_scratch_wipe (scratch, scratch->len + 1);
  if (node != NULL && r.p != r.end)
    g_clear_pointer (&node, json_node_unref);
  return node;
}

JsonNode *
vneid_json_parse (const char *text,
                  gsize       len,
                  const char *what,
                  GError    **error)
{
  return parse_text (text, len, what, NULL, error);
}

JsonNode *
vneid_json_parse_object_sd (const char        *text,
                            gsize              len,
                            const char        *what,
                            VneidJsonSdArrays *sd_arrays,
                            GError           **error)
{
  guint n_arrays = sd_arrays ? sd_arrays->n_arrays : 0, n_spans = sd_arrays ? sd_arrays->n_spans : 0;
  JsonNode *root = parse_text (text, len, what, sd_arrays, error);

  if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is not a JSON object", what);
      g_clear_pointer (&root, json_node_unref);
    }
  if (root == NULL)
    sd_arrays_truncate (sd_arrays, n_arrays, n_spans);
  return root;
}

/* Reads a string at r->p into r->scratch and, when @out is set, writes it
 * unescaped and NUL-terminated over its own text, from the opening quote
 * on: unescaping never lengthens a JSON string, so it fits before the
 * closing quote. */
static gboolean
read_string_in_place (Reader *r,
                      char  **out)
{
  char *start = (char *) r->p;

  if (r->p >= r->end || *r->p != '"' || !read_string (r))
    return FALSE;
  if (out != NULL)
    {
      memcpy (start, r->scratch->str, r->scratch->len + 1);
      *out = start;
    }
  return TRUE;
}

static gboolean
expect_char (Reader *r,
             char    c)
{
  skip_space (r);
  if (r->p >= r->end || *r->p != c)
    return FALSE;
  r->p++;
  skip_space (r);
  return TRUE;
}

/* An object's or an array's node; a string, number or literal is only
 * checked, by the same rules, and left in the text as @scalar. */
static gboolean
read_value_or_scalar (Reader        *r,
                      guint          depth,
                      JsonNode     **node,
                      VneidJsonSpan *scalar)
{
  const char *start;
  gboolean ok;
  Number number;

  skip_space (r);
  start = r->p;
  if (r->p >= r->end || *r->p == '{' || *r->p == '[')
    return (*node = read_value (r, depth)) != NULL;
  switch (*r->p)
    {
    case '"': ok = read_string (r); break;
    case 't': ok = expect_literal (r, "true"); break;
    case 'f': ok = expect_literal (r, "false"); break;
    case 'n': ok = expect_literal (r, "null"); break;
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        ok = scan_number (r, &number);
      else
        {
          fail (r, VNEID_CREDENTIAL_ERROR_MALFORMED, "unexpected character");
          ok = FALSE;
        }
    }
  if (ok)
    *scalar = (VneidJsonSpan) { start, (gsize) (r->p - start) };
  return ok;
}

/* The middle element of `[salt, name, value]`, or the last of `[salt,
 * value]`: a string is a name only when a value follows it. */
static gboolean
read_name_or_value (Reader        *r,
                    char         **name,
                    JsonNode     **value,
                    VneidJsonSpan *scalar)
{
  const char *start = r->p;

  *name = NULL;
  if (r->p < r->end && *r->p == '"')
    {
      if (!read_string (r))
        return FALSE;
      *scalar = (VneidJsonSpan) { start, (gsize) (r->p - start) };
      skip_space (r);
      if (r->p >= r->end || *r->p != ',')
        return TRUE;
      r->p = start;
      *scalar = (VneidJsonSpan) { NULL, 0 };
      if (!read_string_in_place (r, name) || !expect_char (r, ','))
        return FALSE;
    }
  return read_value_or_scalar (r, 1, value, scalar);
}

gboolean
vneid_json_read_disclosure (char              *text,
                            gsize              len,
                            GString           *scratch,
                            VneidJsonSdArrays *sd_arrays,
                            const char       **name,
                            JsonNode         **value,
                            VneidJsonSpan     *scalar)
{
  Reader r = { text, text, text + len, NULL, scratch, NULL, sd_arrays };
  guint n_arrays = sd_arrays ? sd_arrays->n_arrays : 0, n_spans = sd_arrays ? sd_arrays->n_spans : 0;
  const char *invalid;
  char *read_name;

  *name = NULL;
  *value = NULL;
  *scalar = (VneidJsonSpan) { NULL, 0 };
  if (!validate_utf8 (text, len, &invalid))
    return FALSE;
  skip_space (&r);
  if (!expect_char (&r, '[') || !read_string_in_place (&r, NULL) || !expect_char (&r, ','))
    return FALSE;
  /* the array itself is the first level of nesting */
  if (!read_name_or_value (&r, &read_name, value, scalar) || !expect_char (&r, ']') || r.p != r.end)
    {
      g_clear_pointer (value, json_node_unref);
      *scalar = (VneidJsonSpan) { NULL, 0 };
      sd_arrays_truncate (sd_arrays, n_arrays, n_spans);
      return FALSE;
    }
  *name = read_name;
  return TRUE;
}

/* A member's value: a string or a number into @value (nullable: a member
 * nobody asked for), anything else only checked. */
static gboolean
read_member_value (Reader          *r,
                   VneidJsonScalar *value)
{
  VneidJsonScalar read = { VNEID_JSON_OTHER, NULL, 0, 0 };
  VneidJsonSpan scalar;
  JsonNode *node = NULL;
  char *string;
  Number number;

  skip_space (r);
  if (r->p < r->end && *r->p == '"')
    {
      if (!read_string_in_place (r, &string))
        return FALSE;
      read = (VneidJsonScalar) { VNEID_JSON_STRING, string, 0, 0 };
    }
  else if (r->p < r->end && (*r->p == '-' || g_ascii_isdigit (*r->p)))
    {
      if (!scan_number (r, &number))
        return FALSE;
      read = number.integral ? (VneidJsonScalar) { VNEID_JSON_INTEGER, NULL, number.i, 0 }
                             : (VneidJsonScalar) { VNEID_JSON_DOUBLE, NULL, 0, number.d };
    }
  else
    {
      /* a member of the top-level object is at the first level of nesting */
      if (!read_value_or_scalar (r, 1, &node, &scalar))
        return FALSE;
      g_clear_pointer (&node, json_node_unref);
    }
  if (value != NULL)
    *value = read;
  return TRUE;
}

static gint
find_name (const char *const *names,
           guint              n_names,
           const char        *name)
{
  for (guint i = 0; i < n_names; i++)
    if (strcmp (names[i], name) == 0)
      return (gint) i;
  return -1;
}

static gboolean
read_members (Reader             *r,
              const char *const  *names,
              guint               n_names,
              VneidJsonScalar    *values)
{
  const char *seen[VNEID_JSON_MAX_READ_MEMBERS];
  guint n_seen = 0;

  if (!expect_char (r, '{'))
    return FALSE;
  if (r->p < r->end && *r->p == '}')
    r->p++;
  else
    for (;;)
      {
        char *name;
        gint wanted;

        if (n_seen == G_N_ELEMENTS (seen) || r->p >= r->end || *r->p != '"' ||
            !read_string_in_place (r, &name))
          return FALSE;
        /* RFC 7515 section 5.2 lets a JWS parser reject duplicate names */
        if (find_name (seen, n_seen, name) >= 0)
          return FALSE;
        seen[n_seen++] = name;
        wanted = find_name (names, n_names, name);
        if (!expect_char (r, ':') || !read_member_value (r, wanted >= 0 ? &values[wanted] : NULL))
          return FALSE;
        skip_space (r);
        if (r->p < r->end && *r->p == '}')
          {
            r->p++;
            break;
          }
        if (!expect_char (r, ','))
          return FALSE;
      }
  skip_space (r);
  return r->p == r->end;
}

gboolean
vneid_json_read_members (char               *text,
                         gsize               len,
                         const char *const  *names,
                         guint               n_names,
                         VneidJsonScalar    *values)
{
  GString *scratch = thread_scratch_get ();
  Reader r = { text, text, text + len, NULL, scratch, NULL, NULL };
  const char *invalid;
  gboolean ok;

  for (guint i = 0; i < n_names; i++)
    values[i] = (VneidJsonScalar) { VNEID_JSON_ABSENT, NULL, 0, 0 };
  ok = validate_utf8 (text, len, &invalid) && read_members (&r, names, n_names, values);
  thread_scratch_wipe (scratch, scratch->allocated_len);
  return ok;
}

void
vneid_json_object_read_members (JsonObject         *object,
                                const char *const  *names,
                                guint               n_names,
                                VneidJsonScalar    *values)
{
  for (guint i = 0; i < n_names; i++)
    vneid_json_scalar_from_node (json_object_get_member (object, names[i]), &values[i]);
}
