/* vneid-jws-compact.c: the compact JWS encoding, without policy
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-jws-compact-private.h"
#include "vneid-util-private.h"

void
vneid_jws_clear (VneidJws *jws)
{
  g_clear_pointer (&jws->header_node, json_node_unref);
  g_clear_pointer (&jws->payload_node, json_node_unref);
  g_clear_pointer (&jws->header_json, g_free);
  g_clear_pointer (&jws->payload_json, g_free);
  jws->header = NULL;
  jws->payload = NULL;
}

static const char *const header_names[] = { "alg", "typ", "kid", "jwk", "x5c", "x5u", "jku", "crit" };
G_STATIC_ASSERT (G_N_ELEMENTS (header_names) == VNEID_JWS_N_HEADER_MEMBERS);

/* A part's decoded text, or NULL, setting no error: the label for errors
 * is made only when there is one to report. */
static char *
decode_quietly (const char *text,
                gsize       len,
                gsize      *json_len)
{
  return (char *) vneid_b64url_decode (text, len, json_len, NULL, NULL);
}

/* Decodes and parses a part the general way, which says what is wrong with
 * it, if anything. */
static JsonNode *
parse_in_full (const char *text,
               gsize       len,
               const char *what,
               const char *part,
               GError    **error)
{
  g_autofree char *label = g_strdup_printf ("%s %s", what, part);
  g_autofree guint8 *json = NULL;
  gsize json_len;

  json = vneid_b64url_decode (text, len, &json_len, label, error);
  if (json == NULL)
    return NULL;
  return vneid_json_parse_object ((const char *) json, json_len, label, error);
}

/* A part as a tree; with @sd_arrays, its decoded text is kept in *kept. */
static JsonNode *
decode_tree (const char        *text,
             gsize              len,
             const char        *what,
             const char        *part,
             VneidJsonSdArrays *sd_arrays,
             char             **kept,
             GError           **error)
{
  gsize json_len;
  g_autofree char *json = decode_quietly (text, len, &json_len);
  JsonNode *node = json ? vneid_json_parse_object_sd (json, json_len, NULL, sd_arrays, NULL) : NULL;

  if (node == NULL)
    return parse_in_full (text, len, what, part, error);
  if (sd_arrays != NULL)
    *kept = g_steal_pointer (&json);
  return node;
}

/* Some members of a part, read without a tree from its decoded text,
 * kept in *kept; a part the fast reader leaves is parsed in full into
 * *tree, which they then point into. */
static gboolean
decode_members (const char         *text,
                gsize               len,
                const char         *what,
                const char         *part,
                const char *const  *names,
                guint               n_names,
                VneidJsonScalar    *values,
                char              **kept,
                JsonNode          **tree,
                GError            **error)
{
  gsize json_len;
  char *json = decode_quietly (text, len, &json_len);

  if (json != NULL && vneid_json_read_members (json, json_len, names, n_names, values))
    {
      *kept = json;
      return TRUE;
    }
  g_free (json);
  if ((*tree = parse_in_full (text, len, what, part, error)) == NULL)
    return FALSE;
  vneid_json_object_read_members (json_node_get_object (*tree), names, n_names, values);
  return TRUE;
}

static gboolean
decode_header (VneidJws              *jws,
               const char            *text,
               gsize                  len,
               const char            *what,
               const VneidJwsReading *how,
               GError               **error)
{
  if (how->header_tree)
    {
      if ((jws->header_node = decode_tree (text, len, what, "header", NULL, NULL, error)) == NULL)
        return FALSE;
      vneid_json_object_read_members (json_node_get_object (jws->header_node), header_names,
                                      VNEID_JWS_N_HEADER_MEMBERS, jws->header_members);
    }
  else if (!decode_members (text, len, what, "header", header_names, VNEID_JWS_N_HEADER_MEMBERS,
                            jws->header_members, &jws->header_json, &jws->header_node, error))
    return FALSE;
  jws->header = jws->header_node ? json_node_get_object (jws->header_node) : NULL;
  return how->check == NULL || how->check (jws, how->check_data, what, error);
}

static gboolean
decode_payload (VneidJws              *jws,
                const char            *text,
                gsize                  len,
                const char            *what,
                const VneidJwsReading *how,
                GError               **error)
{
  if (how->payload_names != NULL)
    {
      if (!decode_members (text, len, what, "payload", how->payload_names, how->n_payload_names,
                           how->payload_values, &jws->payload_json, &jws->payload_node, error))
        return FALSE;
    }
  else if ((jws->payload_node = decode_tree (text, len, what, "payload", how->sd_arrays,
                                             &jws->payload_json, error)) == NULL)
    return FALSE;
  jws->payload = jws->payload_node ? json_node_get_object (jws->payload_node) : NULL;
  return TRUE;
}

static gboolean
decode_signature (const char *text,
                  gsize       len,
                  guint8      signature[VNEID_JWS_SIGNATURE_BYTES],
                  const char *what,
                  GError    **error)
{
  guint8 decoded[VNEID_JWS_SIGNATURE_BYTES + 3];
  g_autofree char *label = NULL;
  gsize decoded_len;

  if (len / 4 * 3 + 3 <= sizeof decoded &&
      vneid_b64url_decode_into (text, len, decoded, &decoded_len, NULL, NULL) &&
      decoded_len == VNEID_JWS_SIGNATURE_BYTES)
    {
      memcpy (signature, decoded, VNEID_JWS_SIGNATURE_BYTES);
      return TRUE;
    }
  label = g_strdup_printf ("%s signature", what);
  return vneid_b64url_decode_exact (text, len, signature, VNEID_JWS_SIGNATURE_BYTES, label, error);
}

gboolean
vneid_jws_decode (VneidJws              *jws,
                  const char            *compact,
                  gsize                  len,
                  const char            *what,
                  const VneidJwsReading *how,
                  GError               **error)
{
  const char *end = compact + len;
  const char *dot1, *dot2;

  memset (jws, 0, sizeof *jws);
  jws->compact = compact;

  dot1 = memchr (compact, '.', len);
  dot2 = dot1 ? memchr (dot1 + 1, '.', (gsize) (end - dot1 - 1)) : NULL;
  if (dot2 == NULL || memchr (dot2 + 1, '.', (gsize) (end - dot2 - 1)) != NULL)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is not a compact JWS (three dot-separated parts)", what);
      return FALSE;
    }

  if (!decode_header (jws, compact, (gsize) (dot1 - compact), what, how, error) ||
      !decode_payload (jws, dot1 + 1, (gsize) (dot2 - dot1 - 1), what, how, error) ||
      !decode_signature (dot2 + 1, (gsize) (end - dot2 - 1), jws->signature, what, error))
    goto fail;

  jws->signing_input_len = (gsize) (dot2 - compact);
  return TRUE;

fail:
  vneid_jws_clear (jws);
  return FALSE;
}

static char *
encode_json_part (JsonObject *object)
{
  g_autofree char *json = vneid_json_object_to_string (object);

  return vneid_b64url_encode ((const guint8 *) json, strlen (json));
}

char *
vneid_jws_signing_input (JsonObject *header,
                         JsonObject *payload)
{
  g_autofree char *header_b64 = encode_json_part (header);
  g_autofree char *payload_b64 = encode_json_part (payload);

  return g_strconcat (header_b64, ".", payload_b64, NULL);
}

char *
vneid_jws_join (const char  *signing_input,
                const guint8 signature[VNEID_JWS_SIGNATURE_BYTES])
{
  g_autofree char *signature_b64 = vneid_b64url_encode (signature, VNEID_JWS_SIGNATURE_BYTES);

  return g_strconcat (signing_input, ".", signature_b64, NULL);
}
