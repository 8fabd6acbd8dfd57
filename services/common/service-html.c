/* service-html.c: escaping, templates, pages and their headers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdarg.h>
#include <string.h>

#include "service-common.h"
#include "service-common-resources.h"

G_DEFINE_QUARK (service-error-quark, service_error)

guint
service_error_http_status (const GError *error)
{
  static const guint statuses[] = {
    [SERVICE_ERROR_BAD_REQUEST] = 400,
    [SERVICE_ERROR_FORBIDDEN] = 403,
    [SERVICE_ERROR_NOT_FOUND] = 404,
    [SERVICE_ERROR_TOO_LARGE] = 413,
    [SERVICE_ERROR_UNSUPPORTED_MEDIA] = 415,
    [SERVICE_ERROR_UPSTREAM] = 502,
    [SERVICE_ERROR_INTERNAL] = 500,
  };

  if (error == NULL || error->domain != SERVICE_ERROR || error->code < 0 ||
      (gsize) error->code >= G_N_ELEMENTS (statuses))
    return 500;
  return statuses[error->code];
}

void
service_error_reclassify (GError           *error,
                          ServiceErrorCode  code)
{
  if (error == NULL)
    return;
  error->domain = SERVICE_ERROR;
  error->code = code;
}

/* Untrusted text may be any bytes: valid UTF-8 first, then no control
 * characters that could hide or reorder what the page shows. */
static gboolean
is_unwanted_control (gunichar c)
{
  if (c == '\t' || c == '\n')
    return FALSE;
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

void
service_html_append (GString    *html,
                     const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (html, "&amp;"); break;
        case '<': g_string_append (html, "&lt;"); break;
        case '>': g_string_append (html, "&gt;"); break;
        case '"': g_string_append (html, "&quot;"); break;
        case '\'': g_string_append (html, "&#39;"); break;
        default:
          if (is_unwanted_control (c))
            g_string_append_unichar (html, 0xfffd);
          else
            g_string_append_len (html, p, g_utf8_next_char (p) - p);
        }
    }
}

char *
service_html_escape (const char *text)
{
  GString *html = g_string_new (NULL);

  service_html_append (html, text);
  return g_string_free (html, FALSE);
}

char *
service_clean_for_log (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *clean = g_string_new (NULL);
  const char *p = valid;

  for (guint count = 0; *p != '\0' && count < 200; p = g_utf8_next_char (p), count++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || is_unwanted_control (c))
        g_string_append_c (clean, '?');
      else
        g_string_append_len (clean, p, g_utf8_next_char (p) - p);
    }
  if (*p != '\0')
    g_string_append (clean, "…");
  return g_string_free (clean, FALSE);
}

char *
service_template_render (const char  *template_text,
                         GHashTable  *values,
                         GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = template_text;
  const char *open;

  while ((open = strstr (p, "{{")) != NULL)
    {
      gboolean raw = open[2] == '{';
      const char *name = open + (raw ? 3 : 2);
      const char *close = strstr (name, raw ? "}}}" : "}}");
      g_autofree char *key = NULL;
      const char *value;

      if (close == NULL)
        {
          g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_INTERNAL,
                       "template: unclosed {{ at offset %" G_GSIZE_FORMAT, (gsize) (open - template_text));
          return NULL;
        }
      g_string_append_len (out, p, open - p);
      key = g_strstrip (g_strndup (name, close - name));
      value = values != NULL ? g_hash_table_lookup (values, key) : NULL;
      if (raw)
        g_string_append (out, value != NULL ? value : "");
      else
        service_html_append (out, value);
      p = close + (raw ? 3 : 2);
    }
  g_string_append (out, p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
service_resource_text (const char  *path,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  /* Referencing the common resource keeps it linked from the static
   * library (its constructor registers it). */
  (void) service_common_get_resource ();
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* @csrf (nullable) is the value of "csrf"; @args the name/value pairs. */
static char *
render_valist (const char  *path,
               const char  *csrf,
               GError     **error,
               va_list      args)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = service_resource_text (path, error);

  if (text == NULL)
    return NULL;
  if (csrf != NULL)
    g_hash_table_insert (values, "csrf", (gpointer) csrf);
  for (const char *name = va_arg (args, const char *); name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        g_hash_table_insert (values, (gpointer) name, (gpointer) value);
    }
  return service_template_render (text, values, error);
}

char *
service_render (const char  *path,
                GError     **error,
                ...)
{
  va_list args;
  char *html;

  va_start (args, error);
  html = render_valist (path, NULL, error, args);
  va_end (args);
  return html;
}

char *
service_render_form (ServiceSessions   *sessions,
                     SoupServerMessage *msg,
                     const char        *path,
                     GError           **error,
                     ...)
{
  g_autofree char *csrf = service_sessions_csrf_token (sessions, msg);
  va_list args;
  char *html;

  va_start (args, error);
  html = render_valist (path, csrf, error, args);
  va_end (args);
  return html;
}

void
service_set_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Answers hold sessions and personal data: never cached, never sniffed,
   * never framed, never leaked through a Referer. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
}

void
service_set_page_headers (SoupServerMessage *msg,
                          const char        *form_action)
{
  g_autofree char *csp = g_strdup_printf ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                          "form-action 'self'%s%s; frame-ancestors 'none'; base-uri 'none'",
                                          form_action != NULL ? " " : "",
                                          form_action != NULL ? form_action : "");

  service_set_common_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Security-Policy", csp);
}

void
service_reply_page (SoupServerMessage *msg,
                    guint              status,
                    const char        *service_name,
                    const char        *title,
                    const char        *body_html,
                    const char        *form_action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = service_render ("/vn/vneid/service/layout.html", &error,
                                          "title", title, "service", service_name,
                                          "body", body_html, NULL);

  service_set_page_headers (msg, form_action);
  if (html == NULL)
    {
      /* Only a build without the resource gets here. */
      g_warning ("%s: %s", service_name, error->message);
      html = g_strdup ("<!DOCTYPE html><title>Lỗi / Error</title><p>Lỗi máy chủ / Server error</p>");
      status = 500;
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html, strlen (html));
}

void
service_reply_error_page (SoupServerMessage *msg,
                          guint              status,
                          const char        *service_name,
                          const char        *message_vi,
                          const char        *message_en)
{
  g_autofree char *body = service_render ("/vn/vneid/service/error.html", NULL,
                                          "message_vi", message_vi, "message_en", message_en, NULL);

  service_reply_page (msg, status, service_name, "Lỗi / Error",
                      body != NULL ? body : "", NULL);
}

void
service_reply_redirect (SoupServerMessage *msg,
                        const char        *location)
{
  service_set_common_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  soup_server_message_set_status (msg, 303, NULL);
}

static void
handle_style (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  g_autofree char *css = service_resource_text ("/vn/vneid/service/style.css", NULL);

  service_set_common_headers (msg);
  if (css == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "public, max-age=3600");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/css; charset=utf-8", SOUP_MEMORY_COPY, css, strlen (css));
}

void
service_add_static_routes (SoupServer *soup)
{
  soup_server_add_handler (soup, "/static/style.css", handle_style, NULL, NULL);
}
