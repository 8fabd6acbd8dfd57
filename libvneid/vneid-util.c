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

guint8 *
vneid_b64url_decode (const char *text,
                     gsize       text_len,
                     gsize      *out_len,
                     const char *what,
                     GError    **error)
{
  gsize capacity = text_len / 4 * 3 + 3;
  g_autofree guint8 *out = g_malloc (capacity + 1);
  gsize len = 0;

  if (text_len == 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is empty", what);
      return NULL;
    }
  if (!decode_into (text, text_len, out, capacity, &len, what, error))
    return NULL;

  out[len] = '\0';
  *out_len = len;
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

void
vneid_sha256_b64url (const char *data,
                     gsize       len,
                     char        out[VNEID_DIGEST_B64_LEN + 1])
{
  guint8 digest[crypto_hash_sha256_BYTES];

  crypto_hash_sha256 (digest, (const guint8 *) data, len);
  sodium_bin2base64 (out, VNEID_DIGEST_B64_LEN + 1, digest, sizeof digest,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
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

/* json-glib has no nesting limit, so a scan bounds the depth (and refuses
 * NUL bytes, which would silently truncate the text) before it parses. */
static gboolean
check_json_shape (const char *text,
                  gsize       len,
                  const char *what,
                  GError    **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '\0')
        {
          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "%s: NUL byte at offset %" G_GSIZE_FORMAT, what, i);
          return FALSE;
        }
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > VNEID_MAX_JSON_DEPTH)
            {
              g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                           "%s: JSON nesting deeper than %d at offset %" G_GSIZE_FORMAT,
                           what, VNEID_MAX_JSON_DEPTH, i);
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
vneid_json_parse (const char *text,
                  gsize       len,
                  const char *what,
                  GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!check_json_shape (text, len, what, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is not valid JSON: %s", what, local_error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is empty", what);
      return NULL;
    }
  return root;
}

JsonNode *
vneid_json_parse_object (const char *text,
                         gsize       len,
                         const char *what,
                         GError    **error)
{
  JsonNode *root = vneid_json_parse (text, len, what, error);

  if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is not a JSON object", what);
      g_clear_pointer (&root, json_node_unref);
    }
  return root;
}

char *
vneid_json_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

char *
vneid_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* Looks up an optional or required scalar member. Returns FALSE on error;
 * *out_node is NULL when an optional member is absent. */
static gboolean
get_scalar_member (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   gboolean     numeric,
                   JsonNode   **out_node,
                   const char  *what,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *out_node = NULL;
  if (node == NULL)
    {
      if (!required)
        return TRUE;
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: required claim “%s” is missing", what, member);
      return FALSE;
    }

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (numeric ? (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) : type != G_TYPE_STRING)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: claim “%s” is not a %s", what, member, numeric ? "number" : "string");
      return FALSE;
    }
  *out_node = node;
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
  JsonNode *node;

  if (!get_scalar_member (object, member, required, FALSE, &node, what, error))
    return FALSE;
  *out = node ? json_node_get_string (node) : NULL;
  return TRUE;
}

gboolean
vneid_json_get_int (JsonObject *object,
                    const char *member,
                    gboolean    required,
                    gint64     *out,
                    const char *what,
                    GError    **error)
{
  JsonNode *node;
  double d;

  if (!get_scalar_member (object, member, required, TRUE, &node, what, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  /* NumericDate may be fractional; what is not finite or in range is no date. */
  d = json_node_get_double (node);
  if (!(d > -9.2e18 && d < 9.2e18))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: claim “%s” is out of range", what, member);
      return FALSE;
    }
  *out = (gint64) d;
  return TRUE;
}

char *
vneid_random_salt (void)
{
  guint8 salt[16]; /* 128 bits, RFC 9901 section 9.3 */

  randombytes_buf (salt, sizeof salt);
  return vneid_b64url_encode (salt, sizeof salt);
}
