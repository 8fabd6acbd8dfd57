/* load-http.c: HTTP and HTML helpers of the scripted wallet
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "load-wallet.h"

void
load_reply_clear (LoadReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->location, g_free);
  g_clear_error (&reply->error);
  reply->status = 0;
}

SoupSession *
load_session_new (void)
{
  /* 60 s: 200 transactions at once on 2 shared cores queue for a while */
  SoupSession *session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60, NULL);

  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  return session;
}

static char *
resolve_location (SoupMessage *msg)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Location");
  g_autoptr(GUri) resolved = NULL;

  if (location == NULL)
    return NULL;
  resolved = g_uri_parse_relative (soup_message_get_uri (msg), location, G_URI_FLAGS_ENCODED, NULL);
  return resolved ? g_uri_to_string (resolved) : NULL;
}

void
load_http (SoupSession *session,
           const char  *uri,
           char        *form,
           LoadReply   *reply)
{
  g_autoptr(SoupMessage) msg = NULL;

  load_reply_clear (reply);
  msg = form ? soup_message_new_from_encoded_form ("POST", uri, form)
             : soup_message_new ("GET", uri);
  if (msg == NULL)
    {
      g_set_error (&reply->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "not a URI: %s", uri);
      return;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  reply->body = soup_session_send_and_read (session, msg, NULL, &reply->error);
  if (reply->body == NULL)
    return;
  reply->status = soup_message_get_status (msg);
  reply->location = resolve_location (msg);
}

const char *
load_reply_text (LoadReply *reply)
{
  gsize size = 0;
  const char *data = reply->body ? g_bytes_get_data (reply->body, &size) : NULL;

  /* soup_session_send_and_read() bodies are not NUL-terminated: copy once */
  if (data == NULL)
    return "";
  if (size == 0 || data[size - 1] != '\0')
    {
      GBytes *terminated;
      char *copy = g_malloc (size + 1);

      memcpy (copy, data, size);
      copy[size] = '\0';
      terminated = g_bytes_new_take (copy, size + 1);
      g_bytes_unref (reply->body);
      reply->body = terminated;
      data = copy;
    }
  return data;
}

gboolean
load_reply_is_transport_failure (LoadReply *reply)
{
  return reply->status == 0 || reply->status == 502 || reply->status == 503;
}

static char *
html_unescape (const char *text,
               gsize       length)
{
  static const struct { const char *entity; char c; } entities[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
    { "&#39;", '\'' }, { "&#x27;", '\'' }, { "&#34;", '"' },
  };
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      gboolean decoded = FALSE;

      /* an entity never holds a quote, so it never runs past the value */
      for (guint e = 0; text[i] == '&' && e < G_N_ELEMENTS (entities) && !decoded; e++)
        if (g_str_has_prefix (text + i, entities[e].entity))
          {
            g_string_append_c (out, entities[e].c);
            i += strlen (entities[e].entity) - 1;
            decoded = TRUE;
          }
      if (!decoded)
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

char *
load_html_attribute (const char *html,
                     const char *marker,
                     const char *attribute)
{
  const char *found = strstr (html, marker);
  const char *start, *end, *value, *close;
  g_autofree char *needle = g_strdup_printf (" %s=", attribute);
  char quote;

  if (found == NULL)
    return NULL;
  for (start = found; start > html && *start != '<'; start--)
    ;
  end = strchr (found, '>');
  if (end == NULL)
    return NULL;
  for (value = start; (value = strstr (value, needle)) != NULL && value < end; value++)
    {
      value += strlen (needle);
      quote = *value;
      if (quote != '"' && quote != '\'')
        return NULL;
      close = strchr (value + 1, quote);
      return close ? html_unescape (value + 1, (gsize) (close - value - 1)) : NULL;
    }
  return NULL;
}

guint
load_count (const char *text,
            const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

char *
load_query_parameter (const char *uri,
                      const char *name)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *query = parsed ? g_uri_get_query (parsed) : NULL;

  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  return params ? g_strdup (g_hash_table_lookup (params, name)) : NULL;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least @fraction of them at or below. */
double
load_percentile (double *values,
                 guint   n,
                 double  fraction)
{
  guint rank;

  if (n == 0)
    return 0;
  qsort (values, n, sizeof *values, compare_doubles);
  rank = (guint) (fraction * n + 0.999999);
  return values[CLAMP (rank, 1, n) - 1];
}

GPtrArray *
load_read_texts (char   **paths,
                 GError **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (char **path = paths; *path != NULL; path++)
    {
      char *text = NULL;

      if (!g_file_get_contents (*path, &text, NULL, error))
        return NULL;
      g_ptr_array_add (texts, g_strstrip (text));
    }
  return g_steal_pointer (&texts);
}

/* Parsed per transaction: credentials lend JSON that threads must not share
 * (docs/threads.md). */
GPtrArray *
load_parse_credentials (GPtrArray  *texts,
                        GError    **error)
{
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < texts->len; i++)
    {
      VneidCredential *credential = vneid_credential_new (texts->pdata[i], error);

      if (credential == NULL)
        {
          g_prefix_error (error, "credential %u: ", i + 1);
          return NULL;
        }
      g_ptr_array_add (credentials, credential);
    }
  return g_steal_pointer (&credentials);
}
