/* service-form.c: form-encoded bodies, size caps
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "service-common.h"

/* One name or value: '+' is a space, then %XX escapes; NUL refused. */
static char *
decode_component (const char *text,
                  gsize       length)
{
  g_autofree char *plus = g_strndup (text, length);

  g_strdelimit (plus, "+", ' ');
  return g_uri_unescape_string (plus, NULL);
}

GHashTable *
service_form_parse (const char  *data,
                    gsize        length,
                    gsize        max_size,
                    GError     **error)
{
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *end = data + length;
  const char *p = data;

  if (length > max_size)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_TOO_LARGE,
                   "the form is larger than %" G_GSIZE_FORMAT " bytes", max_size);
      return NULL;
    }
  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *stop = amp != NULL ? amp : end;
      const char *eq = memchr (p, '=', stop - p);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (stop > p)
        {
          name = decode_component (p, (eq != NULL ? eq : stop) - p);
          value = eq != NULL ? decode_component (eq + 1, stop - eq - 1) : g_strdup ("");
          if (name == NULL || value == NULL || !g_utf8_validate (name, -1, NULL) ||
              !g_utf8_validate (value, -1, NULL) || memchr (p, '\0', stop - p) != NULL)
            {
              g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST,
                           "the form is not well-formed UTF-8 form encoding");
              return NULL;
            }
          if (g_hash_table_contains (form, name))
            {
              g_autofree char *shown = g_strescape (name, NULL);

              g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST,
                           "the form gives %.64s more than once", shown);
              return NULL;
            }
          g_hash_table_insert (form, g_steal_pointer (&name), g_steal_pointer (&value));
        }
      p = stop + 1;
    }
  return g_steal_pointer (&form);
}

GHashTable *
service_read_form (SoupServerMessage  *msg,
                   gsize               max_size,
                   GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  if (type == NULL || g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_UNSUPPORTED_MEDIA,
                   "send the request body as application/x-www-form-urlencoded");
      return NULL;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);
  return service_form_parse (data != NULL ? data : "", length, max_size, error);
}

typedef struct {
  gsize max_size;
} BodyCap;

/* Refuses an oversized or unbounded body before libsoup reads it. */
static void
check_body_size (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  BodyCap *cap = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  g_autofree char *name = NULL;

  /* The service's name, for the page: its Server header. */
  g_object_get (soup, "server-header", &name, NULL);
  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    service_reply_error_page (msg, 411, name != NULL ? name : "vneid", "Yêu cầu thiếu độ dài nội dung.",
                              "Send the body with a Content-Length.");
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
           (guint64) soup_message_headers_get_content_length (headers) > cap->max_size)
    service_reply_error_page (msg, 413, name != NULL ? name : "vneid", "Dữ liệu gửi lên quá lớn.",
                              "The request is too large.");
}

void
service_add_body_cap (SoupServer *soup,
                      const char *path,
                      gsize       max_size)
{
  BodyCap *cap = g_new0 (BodyCap, 1);

  cap->max_size = max_size;
  soup_server_add_early_handler (soup, path, check_body_size, cap, g_free);
}
