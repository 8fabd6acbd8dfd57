/* vneid-jws.c: compact JWS with EdDSA, the only algorithm libvneid speaks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-jws-private.h"
#include "vneid-util-private.h"

static gboolean
check_header (const VneidJws *jws,
              gpointer        user_data,
              const char     *what,
              GError        **error)
{
  static const VneidJwsHeaderMember key_carrying[] = {
    VNEID_JWS_JWK, VNEID_JWS_X5C, VNEID_JWS_X5U, VNEID_JWS_JKU
  };
  static const char *const key_carrying_names[] = { "jwk", "x5c", "x5u", "jku" };
  const VneidJsonScalar *header = jws->header_members;
  const char *expected_typ = user_data;
  const char *alg, *typ;

  if (!vneid_json_scalar_get_string (&header[VNEID_JWS_ALG], "alg", TRUE, &alg, what, error))
    return FALSE;
  /* Ed25519 is EdDSA's fully-specified name (RFC 9864): the same algorithm. */
  if (strcmp (alg, "EdDSA") != 0 && strcmp (alg, "Ed25519") != 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM,
                   "%s: algorithm “%s” is not accepted (only EdDSA, also named Ed25519)", what, alg);
      return FALSE;
    }

  if (!vneid_json_scalar_get_string (&header[VNEID_JWS_TYP], "typ", FALSE, &typ, what, error))
    return FALSE;
  if (typ == NULL || !vneid_media_type_equal (typ, expected_typ))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_WRONG_TYPE,
                   "%s: header typ is “%s”, expected “%s”", what,
                   typ ? typ : "(none)", expected_typ);
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (key_carrying); i++)
    if (header[key_carrying[i]].kind != VNEID_JSON_ABSENT)
      {
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY,
                     "%s: header “%s” offers a key of its own; keys come only from the trust store",
                     what, key_carrying_names[i]);
        return FALSE;
      }

  if (header[VNEID_JWS_CRIT].kind != VNEID_JSON_ABSENT)
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
  return vneid_jws_parse_as (jws, compact, len, expected_typ, what,
                             (VneidJwsReading) { .header_tree = TRUE }, error);
}

gboolean
vneid_jws_parse_as (VneidJws        *jws,
                    const char      *compact,
                    gsize            len,
                    const char      *expected_typ,
                    const char      *what,
                    VneidJwsReading  how,
                    GError         **error)
{
  how.check = check_header;
  how.check_data = (gpointer) expected_typ;
  return vneid_jws_decode (jws, compact, len, what, &how, error);
}

gboolean
vneid_jws_verify (VneidJws *jws,
                  VneidKey *key)
{
  return vneid_key_verify_detached (key, jws->compact, jws->signing_input_len, jws->signature);
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
  g_autofree char *signing_input = NULL;
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

  signing_input = vneid_jws_signing_input (header, payload);
  if (!vneid_key_sign_detached (key, signing_input, strlen (signing_input), signature, error))
    return NULL;
  return vneid_jws_join (signing_input, signature);
}
