/* authority-http.c: JSON in and out, refusals, body caps, bearer sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority.h"

void
authority_http_reply_json (SoupServerMessage *msg,
                           guint              status,
                           JsonNode          *body)
{
  g_autofree char *text = json_to_string (body, FALSE);

  service_set_common_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

void
authority_http_reply_refusal (SoupServerMessage *msg,
                              guint              status,
                              const char        *name,
                              const char        *message)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "error", name);
  json_object_set_string_member (object, "message", message);
  json_node_take_object (node, object);
  authority_http_reply_json (msg, status, node);
}

void
authority_http_reply_error (SoupServerMessage *msg,
                            const GError      *error)
{
  if (error->domain != AUTHORITY_ERROR)
    {
      g_warning ("vneid-authority: %s", error->message);
      authority_http_reply_refusal (msg, 500, "internal_error",
                                    "the authority could not complete the request: try again later");
      return;
    }
  if (error->code == AUTHORITY_ERROR_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"vneid-authority\"");
  authority_http_reply_refusal (msg, authority_error_http_status (error->code),
                                authority_error_name (error->code), error->message);
}

gboolean
authority_http_require_method (SoupServerMessage *msg,
                               const char        *method)
{
  g_autofree char *message = NULL;

  if (g_str_equal (soup_server_message_get_method (msg), method))
    return TRUE;
  message = g_strdup_printf ("use %s on this path", method);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", method);
  authority_http_reply_refusal (msg, 405, "method_not_allowed", message);
  return FALSE;
}

static GBytes *
read_body (SoupServerMessage  *msg,
           const char         *content_type,
           gsize               max_size,
           GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GBytes *bytes;

  if (type == NULL || g_ascii_strcasecmp (type, content_type) != 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_UNSUPPORTED_MEDIA,
                   "send the request body as %s (Content-Type: %s)", content_type, content_type);
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  if (g_bytes_get_size (bytes) > max_size)
    {
      g_bytes_unref (bytes);
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_TOO_LARGE,
                   "the request body is larger than %" G_GSIZE_FORMAT " bytes", max_size);
      return NULL;
    }
  return bytes;
}

JsonObject *
authority_http_read_json (SoupServerMessage  *msg,
                          gsize               max_size,
                          GError            **error)
{
  g_autoptr(GBytes) bytes = read_body (msg, "application/json", max_size, error);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  gsize length;
  const char *data;
  JsonNode *root;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  parser = json_parser_new_immutable ();
  if (length == 0 || !g_utf8_validate (data, length, NULL) ||
      !json_parser_load_from_data (parser, data, length, &parse_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "the request body is not a JSON object%s%s",
                   parse_error != NULL ? ": " : "", parse_error != NULL ? parse_error->message : "");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* The common parser's refusals, as the authority's own. */
static int
authority_code_of (const GError *error)
{
  switch (error->code)
    {
    case SERVICE_ERROR_TOO_LARGE: return AUTHORITY_ERROR_TOO_LARGE;
    case SERVICE_ERROR_UNSUPPORTED_MEDIA: return AUTHORITY_ERROR_UNSUPPORTED_MEDIA;
    default: return AUTHORITY_ERROR_INVALID_REQUEST;
    }
}

GHashTable *
authority_http_read_form (SoupServerMessage  *msg,
                          gsize               max_size,
                          GError            **error)
{
  g_autoptr(GError) form_error = NULL;
  GHashTable *form = service_read_form (msg, max_size, &form_error);

  if (form == NULL)
    g_set_error_literal (error, AUTHORITY_ERROR, authority_code_of (form_error), form_error->message);
  return form;
}
