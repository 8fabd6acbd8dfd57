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
  g_clear_pointer (&jws->payload_json, g_free);
  jws->header = NULL;
  jws->payload = NULL;
}

/* With @sd_arrays, the decoded JSON they point into goes to @kept. */
static JsonNode *
decode_json_part (const char        *text,
                  gsize              len,
                  const char        *what,
                  const char        *part,
                  VneidJsonSdArrays *sd_arrays,
                  char             **kept,
                  GError           **error)
{
  g_autofree char *label = NULL;
  g_autofree guint8 *json = NULL;
  JsonNode *node = NULL;
  gsize json_len;

  /* the label is for errors: made only when there is one to report */
  json = vneid_b64url_decode (text, len, &json_len, NULL, NULL);
  if (json != NULL)
    node = vneid_json_parse_object_sd ((const char *) json, json_len, NULL, sd_arrays, NULL);
  if (node != NULL)
    {
      if (sd_arrays != NULL)
        *kept = (char *) g_steal_pointer (&json);
      return node;
    }

  label = g_strdup_printf ("%s %s", what, part);
  g_clear_pointer (&json, g_free);
  json = vneid_b64url_decode (text, len, &json_len, label, error);
  if (json == NULL)
    return NULL;
  return vneid_json_parse_object ((const char *) json, json_len, label, error);
}

/* A signature is public: the table-driven decoder reads it, and
 * libsodium's strict one says what is wrong with one it does not accept. */
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
vneid_jws_decode (VneidJws            *jws,
                  const char          *compact,
                  gsize                len,
                  const char          *what,
                  VneidJwsHeaderCheck  check,
                  gpointer             user_data,
                  VneidJsonSdArrays   *sd_arrays,
                  GError             **error)
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

  jws->header_node = decode_json_part (compact, (gsize) (dot1 - compact), what, "header", NULL,
                                       NULL, error);
  if (jws->header_node == NULL)
    goto fail;
  jws->header = json_node_get_object (jws->header_node);
  if (check != NULL && !check (jws->header, user_data, what, error))
    goto fail;

  jws->payload_node = decode_json_part (dot1 + 1, (gsize) (dot2 - dot1 - 1), what, "payload",
                                        sd_arrays, &jws->payload_json, error);
  if (jws->payload_node == NULL)
    goto fail;
  jws->payload = json_node_get_object (jws->payload_node);

  if (!decode_signature (dot2 + 1, (gsize) (end - dot2 - 1), jws->signature, what, error))
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
