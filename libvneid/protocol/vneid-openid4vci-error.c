/* vneid-openid4vci-error.c: OpenID4VCI error codes and error responses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-openid4vci-error.h"
#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

/* The longest `error_description` sent: enough for one sentence. */
#define MAX_DESCRIPTION_CHARS 300

typedef struct {
  VneidOpenid4vciError  code;
  const char           *name;
  guint                 status;
} ErrorCode;

/* RFC 6749 section 5.2 (token endpoint), RFC 6750 section 3.1 (access
 * tokens) and OpenID4VCI section 8.3.1.2 (credential endpoint). */
static const ErrorCode error_codes[] = {
  { VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, "invalid_request", 400 },
  { VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE, "unsupported_grant_type", 400 },
  { VNEID_OPENID4VCI_ERROR_INVALID_GRANT, "invalid_grant", 400 },
  { VNEID_OPENID4VCI_ERROR_INVALID_TOKEN, "invalid_token", 401 },
  { VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST, "invalid_credential_request", 400 },
  { VNEID_OPENID4VCI_ERROR_UNKNOWN_CREDENTIAL_CONFIGURATION, "unknown_credential_configuration", 400 },
  { VNEID_OPENID4VCI_ERROR_INVALID_PROOF, "invalid_proof", 400 },
  { VNEID_OPENID4VCI_ERROR_INVALID_NONCE, "invalid_nonce", 400 },
  { VNEID_OPENID4VCI_ERROR_CREDENTIAL_REQUEST_DENIED, "credential_request_denied", 400 },
};

static const ErrorCode *
find_code (const GError *error)
{
  if (error == NULL || error->domain != VNEID_OPENID4VCI_ERROR)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (error_codes); i++)
    if ((int) error_codes[i].code == error->code)
      return &error_codes[i];
  return NULL;
}

/**
 * vneid_openid4vci_error_get_code:
 * @error: an error
 *
 * The OAuth / OpenID4VCI error code an issuer answers with for @error, such
 * as `invalid_grant` or `invalid_proof`. An error that has no code of its
 * own (another domain, or one of the client-side codes of
 * [error@Vneid.Openid4vciError]) is `invalid_request`.
 *
 * Returns: the code, a static string
 *
 * Since: 0.2
 */
const char *
vneid_openid4vci_error_get_code (const GError *error)
{
  const ErrorCode *found = find_code (error);

  return found ? found->name : "invalid_request";
}

/**
 * vneid_openid4vci_error_get_http_status:
 * @error: an error
 *
 * The HTTP status an issuer answers with for @error: 401 for
 * `invalid_token` (with a `WWW-Authenticate: Bearer` header, RFC 6750),
 * 400 for everything else.
 *
 * Returns: the HTTP status code
 *
 * Since: 0.2
 */
guint
vneid_openid4vci_error_get_http_status (const GError *error)
{
  const ErrorCode *found = find_code (error);

  return found ? found->status : 400;
}

/* error_description may only hold %x20-21 / %x23-5B / %x5D-7E: printable
 * ASCII without `"` and `\`. Typographic quotes become `'`, anything else
 * outside the set `?`, so the sentence stays readable. */
static char *
clean_description (const char *message)
{
  GString *out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = message; *p != '\0' && n < MAX_DESCRIPTION_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')
        g_string_append_c (out, (char) c);
      else if (c == '"' || c == 0x201c || c == 0x201d || c == 0x2018 || c == 0x2019)
        g_string_append_c (out, '\'');
      else
        g_string_append_c (out, '?');
    }
  return g_string_free (out, FALSE);
}

/**
 * vneid_openid4vci_error_to_json:
 * @error: an error
 *
 * The body of the error response for @error:
 * `{"error": CODE, "error_description": TEXT}`, with the code of
 * [func@Vneid.Openid4vciError.get_code] and the error's message cut to
 * 300 characters of the ASCII the specification allows.
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_error_to_json (const GError *error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *description = clean_description (error && error->message ? error->message : "");

  json_object_set_string_member (object, "error", vneid_openid4vci_error_get_code (error));
  if (description[0] != '\0')
    json_object_set_string_member (object, "error_description", description);
  return vneid_json_object_to_string (object);
}

static int
code_from_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (error_codes); i++)
    if (strcmp (error_codes[i].name, name) == 0)
      return (int) error_codes[i].code;
  return VNEID_OPENID4VCI_ERROR_SERVER_ERROR;
}

gboolean
vneid_openid4vci_set_error_from_response (guint       status,
                                          const char *body,
                                          gsize       body_len,
                                          const char *what,
                                          GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *name = NULL, *description = NULL;
  g_autofree char *name_clean = NULL, *description_clean = NULL;

  if (body != NULL && body_len <= VNEID_OPENID4VCI_MAX_MESSAGE_SIZE)
    node = vneid_json_parse_object (body, body_len, what, NULL);
  object = node ? json_node_get_object (node) : NULL;
  if (object != NULL)
    {
      vneid_json_get_string (object, "error", FALSE, &name, what, NULL);
      vneid_json_get_string (object, "error_description", FALSE, &description, what, NULL);
      /* servers that speak their own error format beside OAuth's */
      if (description == NULL)
        vneid_json_get_string (object, "message", FALSE, &description, what, NULL);
    }
  if (name == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_SERVER_ERROR,
                   "%s: HTTP status %u without an OAuth error code", what, status);
      return FALSE;
    }

  name_clean = clean_description (name);
  description_clean = description ? clean_description (description) : NULL;
  g_set_error (error, VNEID_OPENID4VCI_ERROR, code_from_name (name),
               "%s: %s (HTTP %u)%s%s", what, name_clean, status,
               description_clean ? ": " : "", description_clean ? description_clean : "");
  return FALSE;
}
