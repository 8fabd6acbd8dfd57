/* vneid-jws.c: compact JWS with EdDSA, the only algorithm libvneid speaks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-jws-private.h"
#include "vneid-util-private.h"

void
vneid_jws_clear (VneidJws *jws)
{
  g_clear_pointer (&jws->header_node, json_node_unref);
  g_clear_pointer (&jws->payload_node, json_node_unref);
  jws->header = NULL;
  jws->payload = NULL;
}

static JsonNode *
decode_json_part (const char *text,
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

/* RFC 7515 section 4.1.9: a `typ` without "/" stands for "application/"
 * and itself, and media type names ignore letter case (RFC 2045), so
 * `application/dc+sd-jwt` and `DC+SD-JWT` name `dc+sd-jwt`. */
static gboolean
media_type_equal (const char *typ,
                  const char *expected)
{
  static const char prefix[] = "application/";

  if (g_ascii_strncasecmp (typ, prefix, strlen (prefix)) == 0 &&
      strchr (typ + strlen (prefix), '/') == NULL)
    typ += strlen (prefix);
  return g_ascii_strcasecmp (typ, expected) == 0;
}

static gboolean
check_header (JsonObject *header,
              const char *expected_typ,
              const char *what,
              GError    **error)
{
  static const char *const key_carrying[] = { "jwk", "x5c", "x5u", "jku" };
  const char *alg, *typ;

  if (!vneid_json_get_string (header, "alg", TRUE, &alg, what, error))
    return FALSE;
  /* Ed25519 is EdDSA's fully-specified name (RFC 9864): the same algorithm. */
  if (strcmp (alg, "EdDSA") != 0 && strcmp (alg, "Ed25519") != 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM,
                   "%s: algorithm “%s” is not accepted (only EdDSA, also named Ed25519)", what, alg);
      return FALSE;
    }

  if (!vneid_json_get_string (header, "typ", FALSE, &typ, what, error))
    return FALSE;
  if (typ == NULL || !media_type_equal (typ, expected_typ))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_WRONG_TYPE,
                   "%s: header typ is “%s”, expected “%s”", what,
                   typ ? typ : "(none)", expected_typ);
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (key_carrying); i++)
    if (json_object_has_member (header, key_carrying[i]))
      {
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY,
                     "%s: header “%s” offers a key of its own; keys come only from the trust store",
                     what, key_carrying[i]);
        return FALSE;
      }

  if (json_object_has_member (header, "crit"))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: header has critical extensions (“crit”) that are not understood", what);
      return FALSE;
    }
  return TRUE;
}

gboolean
vneid_jws_parse (VneidJws   *jws,
                 const char *compact,
                 gsize       len,
                 const char *expected_typ,
                 const char *what,
                 GError    **error)
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

  jws->header_node = decode_json_part (compact, (gsize) (dot1 - compact), what, "header", error);
  if (jws->header_node == NULL)
    goto fail;
  jws->header = json_node_get_object (jws->header_node);
  if (!check_header (jws->header, expected_typ, what, error))
    goto fail;

  jws->payload_node = decode_json_part (dot1 + 1, (gsize) (dot2 - dot1 - 1), what, "payload", error);
  if (jws->payload_node == NULL)
    goto fail;
  jws->payload = json_node_get_object (jws->payload_node);

  {
    g_autofree char *label = g_strdup_printf ("%s signature", what);
    if (!vneid_b64url_decode_exact (dot2 + 1, (gsize) (end - dot2 - 1), jws->signature,
                                    sizeof jws->signature, label, error))
      goto fail;
  }

  jws->signing_input_len = (gsize) (dot2 - compact);
  return TRUE;

fail:
  vneid_jws_clear (jws);
  return FALSE;
}

gboolean
vneid_jws_verify (VneidJws *jws,
                  VneidKey *key)
{
  return vneid_key_verify_detached (key, jws->compact, jws->signing_input_len, jws->signature);
}

static char *
encode_json_part (JsonObject *object)
{
  g_autofree char *json = vneid_json_object_to_string (object);

  return vneid_b64url_encode ((const guint8 *) json, strlen (json));
}

char *
vneid_jws_sign (const char *typ,
                JsonObject *payload,
                VneidKey   *key,
                GError    **error)
{
  return vneid_jws_sign_with_header (typ, NULL, payload, key, error);
}

char *
vneid_jws_sign_with_header (const char *typ,
                            JsonObject *extra_header,
                            JsonObject *payload,
                            VneidKey   *key,
                            GError    **error)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autofree char *header_b64 = NULL;
  g_autofree char *payload_b64 = NULL;
  g_autofree char *signing_input = NULL;
  g_autofree char *signature_b64 = NULL;
  guint8 signature[VNEID_SIGNATURE_BYTES];

  json_object_set_string_member (header, "alg", "EdDSA");
  json_object_set_string_member (header, "typ", typ);
  if (vneid_key_get_kid (key) != NULL)
    json_object_set_string_member (header, "kid", vneid_key_get_kid (key));
  if (extra_header != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, extra_header);
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (header, name, vneid_json_deep_copy (member));
    }

  header_b64 = encode_json_part (header);
  payload_b64 = encode_json_part (payload);
  signing_input = g_strconcat (header_b64, ".", payload_b64, NULL);
  if (!vneid_key_sign_detached (key, signing_input, strlen (signing_input), signature, error))
    return NULL;

  signature_b64 = vneid_b64url_encode (signature, sizeof signature);
  return g_strconcat (signing_input, ".", signature_b64, NULL);
}
