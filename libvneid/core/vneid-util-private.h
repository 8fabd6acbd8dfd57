/* vneid-util-private.h: encoding, hashing and parsing helpers shared inside libvneid
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sodium.h>

#include "vneid-error.h"

G_BEGIN_DECLS

/* Limits on untrusted input (docs/verifier.md, "Limits"). */
#define VNEID_MAX_PRESENTATION_SIZE (64 * 1024)
#define VNEID_MAX_DISCLOSURES       1024
#define VNEID_MAX_JSON_DEPTH        32

/* Length of a base64url (no padding) SHA-256 digest. */
#define VNEID_DIGEST_B64_LEN 43

gboolean  vneid_crypto_init          (GError      **error);

char     *vneid_b64url_encode        (const guint8 *data,
                                      gsize         len);
/* Decodes strictly: no padding, no white space, no stray bits. @what names the
 * input in the error message. Returns a g_malloc'd buffer with a trailing NUL
 * that is not counted in @out_len, so JSON parsers may read it as a string. */
guint8   *vneid_b64url_decode        (const char   *text,
                                      gsize         text_len,
                                      gsize        *out_len,
                                      const char   *what,
                                      GError      **error);
/* Same as vneid_b64url_decode() into @out, which has room for
 * @text_len / 4 * 3 + 3 bytes, without the trailing NUL. */
gboolean  vneid_b64url_decode_into   (const char   *text,
                                      gsize         text_len,
                                      guint8       *out,
                                      gsize        *out_len,
                                      const char   *what,
                                      GError      **error);
/* Same as vneid_b64url_decode() into a caller buffer of exactly @out_len bytes. */
gboolean  vneid_b64url_decode_exact  (const char   *text,
                                      gsize         text_len,
                                      guint8       *out,
                                      gsize         out_len,
                                      const char   *what,
                                      GError      **error);

/* base64url(SHA-256(data)) into @out (VNEID_DIGEST_B64_LEN + 1 bytes). */
void      vneid_sha256_b64url        (const char   *data,
                                      gsize         len,
                                      char          out[VNEID_DIGEST_B64_LEN + 1]);

gboolean  vneid_str_equal_const_time (const char   *a,
                                      const char   *b);

/* Whether a JOSE header `typ` names the media type @expected (given
 * without "application/"), as RFC 7515 section 4.1.9 compares them. */
gboolean  vneid_media_type_equal     (const char   *typ,
                                      const char   *expected);

/* The string of @candidates (NULL-terminated) nearest to @word by edit
 * distance, when close enough to be a typo of it; else NULL. For "did you
 * mean" hints in error messages. */
const char *vneid_nearest_string     (const char        *word,
                                      const char * const *candidates);

/* For what is made on first request and shared between threads: stores
 * @made in *@slot unless another thread stored something first, in which
 * case @made is freed with @free_made. Returns what *@slot holds. */
gpointer  vneid_publish_once         (gpointer       *slot,
                                      gpointer        made,
                                      GDestroyNotify  free_made);

/* Parses JSON text with the nesting limit; @what names the input in errors. */
JsonNode *vneid_json_parse           (const char   *text,
                                      gsize         len,
                                      const char   *what,
                                      GError      **error);
JsonNode *vneid_json_parse_object    (const char   *text,
                                      gsize         len,
                                      const char   *what,
                                      GError      **error);
/* The `_sd` arrays of an SD-JWT (RFC 9901 section 4.2.4.1), read without a
 * node per digest: a parse given a VneidJsonSdArrays leaves out of each
 * object an `_sd` member that is an array of strings without escapes, and
 * records here the object and its digests as spans of the parsed text,
 * which must outlive them. Any other `_sd` (not an array, an escape, a
 * number among the strings) stays a member, for the caller to judge. */
typedef struct {
  const char *text;   /* not NUL-terminated */
  gsize       len;
} VneidJsonSpan;

typedef struct {
  JsonObject *object; /* not owned */
  guint       first;  /* its digests: spans[first] to spans[first + n - 1] */
  guint       n;
} VneidJsonSdArray;

typedef struct {
  VneidJsonSdArray *arrays;
  guint             n_arrays, arrays_size;
  VneidJsonSpan    *spans;
  guint             n_spans, spans_size;
} VneidJsonSdArrays;

void      vneid_json_sd_arrays_clear (VneidJsonSdArrays *arrays);
/* The `_sd` array recorded for @object, or NULL. */
const VneidJsonSdArray *vneid_json_sd_arrays_find (const VneidJsonSdArrays *arrays,
                                                   JsonObject              *object);
/* vneid_json_parse_object() leaving `_sd` arrays out into @sd_arrays
 * (nullable); a failed parse records nothing. */
JsonNode *vneid_json_parse_object_sd (const char        *text,
                                      gsize              len,
                                      const char        *what,
                                      VneidJsonSdArrays *sd_arrays,
                                      GError           **error);

/* The fast path for an SD-JWT disclosure (RFC 9901 section 4.2), decoded:
 * reads `[salt, name, value]` or `[salt, value]` straight from @text with
 * the rules of vneid_json_parse(). A value that is an object or an array
 * becomes a node in *value; any other value is only checked, and *scalar
 * says where its JSON text lies in @text (*value NULL): a verifier that
 * is never asked for it builds nothing. The name (NULL for `[salt,
 * value]`) is unescaped in place in @text, which must outlive both.
 * Returns FALSE, setting no error, for anything else or anything invalid:
 * the caller then parses the text in full to say what is wrong. @scratch
 * is a buffer for strings, reused from call to call; @sd_arrays
 * (nullable) receives the value's `_sd` arrays. */
gboolean  vneid_json_read_disclosure (char         *text,
                                      gsize         len,
                                      GString      *scratch,
                                      VneidJsonSdArrays *sd_arrays,
                                      const char  **name,
                                      JsonNode    **value,
                                      VneidJsonSpan *scalar);
/* The node of a scalar vneid_json_read_disclosure() left as text, read
 * again by the same rules; NULL for anything that is not a JSON string,
 * number or literal alone (read_disclosure gives none such). */
JsonNode *vneid_json_read_scalar     (const VneidJsonSpan *scalar);
char     *vneid_json_to_string       (JsonNode     *node);
/* json_node_copy() shares objects and arrays; this copies all the way down. */
JsonNode *vneid_json_deep_copy       (JsonNode     *node);
char     *vneid_json_object_to_string (JsonObject  *object);

/* Typed member access that distinguishes absent from wrong type. */
gboolean  vneid_json_get_string      (JsonObject   *object,
                                      const char   *member,
                                      gboolean      required,
                                      const char  **out,
                                      const char   *what,
                                      GError      **error);
/* A whole number, refusing fractions: for counts and indexes. */
gboolean  vneid_json_get_integer     (JsonObject   *object,
                                      const char   *member,
                                      gboolean      required,
                                      gint64       *out,
                                      const char   *what,
                                      GError      **error);
/* A NumericDate: a number, fractions cut off. */
gboolean  vneid_json_get_numeric_date (JsonObject *object,
                                       const char *member,
                                       gboolean    required,
                                       gint64     *out,
                                       const char *what,
                                       GError    **error);

/* A member's value as the typed getters judge it: from a node, or read
 * straight from the text by vneid_json_read_members(). */
typedef enum {
  VNEID_JSON_ABSENT,
  VNEID_JSON_STRING,
  VNEID_JSON_INTEGER,
  VNEID_JSON_DOUBLE,
  VNEID_JSON_OTHER,     /* true, false, null, an object or an array */
} VneidJsonKind;

typedef struct {
  VneidJsonKind kind;
  const char   *string;   /* not owned */
  gint64        integer;
  double        real;
} VneidJsonScalar;

/* @node may be NULL (an absent member). */
void      vneid_json_scalar_from_node (JsonNode        *node,
                                       VneidJsonScalar *value);
/* vneid_json_get_string() and vneid_json_get_numeric_date() for the value
 * of @member. */
gboolean  vneid_json_scalar_get_string (const VneidJsonScalar *value,
                                        const char            *member,
                                        gboolean               required,
                                        const char           **out,
                                        const char            *what,
                                        GError               **error);
gboolean  vneid_json_scalar_get_numeric_date (const VneidJsonScalar *value,
                                              const char            *member,
                                              gboolean               required,
                                              gint64                *out,
                                              const char            *what,
                                              GError               **error);

/* At most this many members for vneid_json_read_members(): it compares
 * every name with the others. */
#define VNEID_JSON_MAX_READ_MEMBERS 32

/* Reads the JSON object in @text with the rules of vneid_json_parse() and
 * makes no node: values[i] receives the value of the member named names[i]
 * (kind ABSENT when there is none); the other members are checked and
 * left. Names and strings are unescaped in place in @text, which must
 * outlive @values. Returns FALSE, setting no error, for anything else,
 * anything invalid, or more than VNEID_JSON_MAX_READ_MEMBERS members: the
 * caller then parses the text in full. */
gboolean  vneid_json_read_members    (char               *text,
                                      gsize               len,
                                      const char *const  *names,
                                      guint               n_names,
                                      VneidJsonScalar    *values);
/* The same from @object, parsed in full; @values point into it. */
void      vneid_json_object_read_members (JsonObject         *object,
                                          const char *const  *names,
                                          guint               n_names,
                                          VneidJsonScalar    *values);

char     *vneid_random_salt          (void);

/* Untrusted UTF-8 text for an error message: cut after @max_chars
 * characters (with "…"), never inside one. */
char     *vneid_shorten_for_message  (const char   *text,
                                      glong         max_chars);

G_END_DECLS
