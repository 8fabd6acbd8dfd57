/* vneid-util.c: encoding, hashing and parsing helpers shared inside libvneid
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-util-private.h"

gboolean
vneid_crypto_init (GError **error)
{
  static gsize initialized = 0;
  static int result;

  if (g_once_init_enter (&initialized))
    {
      result = sodium_init ();
      g_once_init_leave (&initialized, 1);
    }

  if (result < 0)
    {
      g_set_error_literal (error, VNEID_KEY_ERROR, VNEID_KEY_ERROR_CRYPTO,
                           "libsodium could not be initialized");
      return FALSE;
    }
  return TRUE;
}

char *
vneid_b64url_encode (const guint8 *data,
                     gsize         len)
{
  gsize out_len = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = g_malloc (out_len);

  sodium_bin2base64 (out, out_len, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

static gboolean
decode_into (const char *text,
             gsize       text_len,
             guint8     *out,
             gsize       out_capacity,
             gsize      *out_len,
             const char *what,
             GError    **error)
{
  const char *end = NULL;

  /* libsodium rejects bad characters and non-zero trailing bits; we also
   * insist that the whole input was consumed. */
  if (sodium_base642bin (out, out_capacity, text, text_len, NULL, out_len, &end,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text + text_len)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is not valid base64url (at offset %" G_GSIZE_FORMAT ")",
                   what, end ? (gsize) (end - text) : (gsize) 0);
      return FALSE;
    }
  return TRUE;
}

/* base64url alphabet → 6-bit value; 0xFF for anything else. */
static const guint8 b64url_values[256] = {
#define X 0xFF
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, 62, X, X,
  52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X, X, X, X, X, X,
  X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
  15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X, X, X, X, 63,
  X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
#undef X
};

/* Table-driven decoding for public token parts, several times faster than
 * libsodium's constant-time decoder, which stays in use for key material.
 * Strict like it: no padding, no stray characters, no non-zero spare bits. */
gboolean
vneid_b64url_decode_into (const char *text,
                          gsize       text_len,
                          guint8     *out,
                          gsize      *out_len,
                          const char *what,
                          GError    **error)
{
  guint32 acc = 0;
  guint bits = 0;
  gsize len = 0, i;

  if (text_len == 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is empty", what);
      return FALSE;
    }

  /* Four characters make three bytes. Valid values are below 64, so OR-ing
   * them shows an invalid character (0xFF); the slow loop then says where. */
  for (i = 0; i + 4 <= text_len; i += 4)
    {
      const guchar *q = (const guchar *) text + i;
      guint8 a = b64url_values[q[0]], b = b64url_values[q[1]];
      guint8 c = b64url_values[q[2]], d = b64url_values[q[3]];
      guint32 block;

      if (((a | b | c | d) & 0xC0) != 0)
        break;
      block = ((guint32) a << 18) | ((guint32) b << 12) | ((guint32) c << 6) | d;
      out[len++] = (guint8) (block >> 16);
      out[len++] = (guint8) (block >> 8);
      out[len++] = (guint8) block;
    }
  for (; i < text_len; i++)
    {
      guint8 v = b64url_values[(guchar) text[i]];

      if (v == 0xFF)
        {
          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "%s is not valid base64url (at offset %" G_GSIZE_FORMAT ")", what, i);
          return FALSE;
        }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8)
        {
          bits -= 8;
          out[len++] = (guint8) (acc >> bits);
        }
    }
  /* 2 or 4 spare bits are fine when zero; 6 means a dangling character */
  if (bits == 6 || (acc & ((1u << bits) - 1)) != 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is not valid base64url (bad length or trailing bits)", what);
      return FALSE;
    }
  *out_len = len;
  return TRUE;
}

guint8 *
vneid_b64url_decode (const char *text,
                     gsize       text_len,
                     gsize      *out_len,
                     const char *what,
                     GError    **error)
{
  g_autofree guint8 *out = g_malloc (text_len / 4 * 3 + 3);

  if (!vneid_b64url_decode_into (text, text_len, out, out_len, what, error))
    return NULL;
  out[*out_len] = '\0';
  return g_steal_pointer (&out);
}

gboolean
vneid_b64url_decode_exact (const char *text,
                           gsize       text_len,
                           guint8     *out,
                           gsize       out_len,
                           const char *what,
                           GError    **error)
{
  gsize len = 0;

  if (!decode_into (text, text_len, out, out_len, &len, what, error))
    return FALSE;
  if (len != out_len)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s decodes to %" G_GSIZE_FORMAT " bytes, expected %" G_GSIZE_FORMAT,
                   what, len, out_len);
      return FALSE;
    }
  return TRUE;
}

/* A digest is public: table-driven encoding, several times faster than
 * libsodium's constant-time encoder (which stays in use for key material,
 * in vneid_b64url_encode()). */
static void
encode_digest (const guint8 digest[crypto_hash_sha256_BYTES],
               char         out[VNEID_DIGEST_B64_LEN + 1])
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char *o = out;
  gsize i;

  for (i = 0; i + 3 <= crypto_hash_sha256_BYTES; i += 3)
    {
      guint32 block = ((guint32) digest[i] << 16) | ((guint32) digest[i + 1] << 8) | digest[i + 2];

      *o++ = alphabet[block >> 18];
      *o++ = alphabet[(block >> 12) & 63];
      *o++ = alphabet[(block >> 6) & 63];
      *o++ = alphabet[block & 63];
    }
  /* 32 bytes: two left, three characters */
  {
    guint32 block = ((guint32) digest[i] << 8) | digest[i + 1];

    *o++ = alphabet[block >> 10];
    *o++ = alphabet[(block >> 4) & 63];
    *o++ = alphabet[(block << 2) & 63];
  }
  *o = '\0';
}

void
vneid_sha256_b64url (const char *data,
                     gsize       len,
                     char        out[VNEID_DIGEST_B64_LEN + 1])
{
  guint8 digest[crypto_hash_sha256_BYTES];

  crypto_hash_sha256 (digest, (const guint8 *) data, len);
  encode_digest (digest, out);
}

gboolean
vneid_str_equal_const_time (const char *a,
                            const char *b)
{
  gsize len = strlen (a);

  if (len != strlen (b))
    return FALSE;
  return sodium_memcmp (a, b, len) == 0;
}

/* RFC 7515 section 4.1.9: a `typ` without "/" stands for "application/"
 * and itself, and media type names ignore letter case (RFC 2045), so
 * `application/dc+sd-jwt` and `DC+SD-JWT` name `dc+sd-jwt`. */
gboolean
vneid_media_type_equal (const char *typ,
                        const char *expected)
{
  static const char prefix[] = "application/";

  if (g_ascii_strncasecmp (typ, prefix, strlen (prefix)) == 0 &&
      strchr (typ + strlen (prefix), '/') == NULL)
    typ += strlen (prefix);
  return g_ascii_strcasecmp (typ, expected) == 0;
}

gpointer
vneid_publish_once (gpointer       *slot,
                    gpointer        made,
                    GDestroyNotify  free_made)
{
  if (g_atomic_pointer_compare_and_exchange (slot, NULL, made))
    return made;
  free_made (made);
  return g_atomic_pointer_get (slot);
}

JsonNode *
vneid_json_parse_object (const char *text,
                         gsize       len,
                         const char *what,
                         GError    **error)
{
  return vneid_json_parse_object_sd (text, len, what, NULL, error);
}

char *
vneid_json_to_string (JsonNode *node)
{
  /* json_to_string() copies its root, which counts a reference to the
   * node's value, object or array without atomics: serialize a copy of our
   * own, as @node may belong to an object shared between threads */
  g_autoptr(JsonNode) copy = vneid_json_deep_copy (node);

  return json_to_string (copy, FALSE);
}

JsonNode *
vneid_json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (object, name, vneid_json_deep_copy (member));
      copy = json_node_init_object (json_node_alloc (), object);
      json_object_unref (object);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      JsonArray *array = json_array_sized_new (json_array_get_length (source));

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (array, vneid_json_deep_copy (json_array_get_element (source, i)));
      copy = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      /* not json_node_copy(): it shares the JsonValue and counts the
       * reference without atomics, and @node may be shared between threads */
      copy = json_node_alloc ();
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          json_node_init_string (copy, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          json_node_init_int (copy, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          json_node_init_double (copy, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          json_node_init_boolean (copy, json_node_get_boolean (node));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  else
    copy = json_node_init_null (json_node_alloc ());
  return copy;
}

char *
vneid_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

void
vneid_json_scalar_from_node (JsonNode        *node,
                             VneidJsonScalar *value)
{
  GType type = node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  *value = (VneidJsonScalar) { node ? VNEID_JSON_OTHER : VNEID_JSON_ABSENT, NULL, 0, 0 };
  if (type == G_TYPE_STRING)
    *value = (VneidJsonScalar) { VNEID_JSON_STRING, json_node_get_string (node), 0, 0 };
  else if (type == G_TYPE_INT64)
    *value = (VneidJsonScalar) { VNEID_JSON_INTEGER, NULL, json_node_get_int (node), 0 };
  else if (type == G_TYPE_DOUBLE)
    *value = (VneidJsonScalar) { VNEID_JSON_DOUBLE, NULL, 0, json_node_get_double (node) };
}

/* Checks @value, that of @member, as an optional or required string or
 * number. Returns FALSE on error; TRUE with an absent @value when an
 * optional member is absent. */
static gboolean
check_scalar (const VneidJsonScalar *value,
              const char            *member,
              gboolean               required,
              gboolean               numeric,
              const char            *what,
              GError               **error)
{
  if (value->kind == VNEID_JSON_ABSENT)
    {
      if (!required)
        return TRUE;
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: required claim “%s” is missing", what, member);
      return FALSE;
    }
  if (numeric ? (value->kind != VNEID_JSON_INTEGER && value->kind != VNEID_JSON_DOUBLE)
              : value->kind != VNEID_JSON_STRING)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: claim “%s” is not a %s", what, member, numeric ? "number" : "string");
      return FALSE;
    }
  return TRUE;
}

gboolean
vneid_json_scalar_get_string (const VneidJsonScalar *value,
                              const char            *member,
                              gboolean               required,
                              const char           **out,
                              const char            *what,
                              GError               **error)
{
  if (!check_scalar (value, member, required, FALSE, what, error))
    return FALSE;
  *out = value->string;
  return TRUE;
}

gboolean
vneid_json_scalar_get_numeric_date (const VneidJsonScalar *value,
                                    const char            *member,
                                    gboolean               required,
                                    gint64                *out,
                                    const char            *what,
                                    GError               **error)
{
  if (!check_scalar (value, member, required, TRUE, what, error))
    return FALSE;
  if (value->kind == VNEID_JSON_INTEGER)
    *out = value->integer;
  else if (value->kind == VNEID_JSON_DOUBLE)
    {
      /* NumericDate may be fractional; what is not finite or in range is no date. */
      if (!(value->real > -9.2e18 && value->real < 9.2e18))
        {
          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "%s: claim “%s” is out of range", what, member);
          return FALSE;
        }
      *out = (gint64) value->real;
    }
  return TRUE;
}

gboolean
vneid_json_get_string (JsonObject  *object,
                       const char  *member,
                       gboolean     required,
                       const char **out,
                       const char  *what,
                       GError     **error)
{
  VneidJsonScalar value;

  vneid_json_scalar_from_node (json_object_get_member (object, member), &value);
  return vneid_json_scalar_get_string (&value, member, required, out, what, error);
}

gboolean
vneid_json_get_integer (JsonObject *object,
                        const char *member,
                        gboolean    required,
                        gint64     *out,
                        const char *what,
                        GError    **error)
{
  VneidJsonScalar value;

  vneid_json_scalar_from_node (json_object_get_member (object, member), &value);
  if (!check_scalar (&value, member, required, TRUE, what, error))
    return FALSE;
  if (value.kind == VNEID_JSON_DOUBLE)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: claim “%s” is not an integer", what, member);
      return FALSE;
    }
  if (value.kind == VNEID_JSON_INTEGER)
    *out = value.integer;
  return TRUE;
}

gboolean
vneid_json_get_numeric_date (JsonObject *object,
                             const char *member,
                             gboolean    required,
                             gint64     *out,
                             const char *what,
                             GError    **error)
{
  VneidJsonScalar value;

  vneid_json_scalar_from_node (json_object_get_member (object, member), &value);
  return vneid_json_scalar_get_numeric_date (&value, member, required, out, what, error);
}

char *
vneid_random_salt (void)
{
  guint8 salt[16]; /* 128 bits, RFC 9901 section 9.3 */

  randombytes_buf (salt, sizeof salt);
  return vneid_b64url_encode (salt, sizeof salt);
}

char *
vneid_shorten_for_message (const char *text,
                           glong       max_chars)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  head = g_utf8_substring (text, 0, max_chars);
  return g_strconcat (head, "…", NULL);
}

/* Levenshtein distance of two short strings, byte by byte (names, paths
 * and transforms are ASCII). */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint best = MIN (above, row[j - 1]) + 1;

          row[j] = MIN (best, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
          diagonal = above;
        }
    }
  return row[lb];
}

const char *
vneid_nearest_string (const char        *word,
                      const char * const *candidates)
{
  const char *nearest = NULL;
  guint best = G_MAXUINT;
  gsize len = strlen (word);

  /* Suggestions are for typos: a word longer than any name is none. */
  if (len > 64)
    return NULL;
  for (const char * const *c = candidates; *c != NULL; c++)
    {
      guint d = edit_distance (word, *c);

      if (d < best)
        {
          best = d;
          nearest = *c;
        }
    }
  /* Close enough to be a typo: a third of the word, at least 2 edits. */
  return best <= MAX (2, len / 3) ? nearest : NULL;
}
