/* vneid-openid4vci-util.c: what the OpenID4VCI messages share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "vneid-openid4vci-private.h"
#include "vneid-util-private.h"

static void
move_error (GError    **error,
            GError     *inner,
            int         code)
{
  g_set_error_literal (error, VNEID_OPENID4VCI_ERROR, code, inner->message);
  g_error_free (inner);
}

gboolean
vneid_openid4vci_fail (GError    **error,
                       int         code,
                       const char *what,
                       const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VNEID_OPENID4VCI_ERROR, code, "%s: %s", what, message);
  return FALSE;
}

JsonNode *
vneid_openid4vci_parse_object (const char *text,
                               gsize       max_size,
                               const char *what,
                               int         code,
                               GError    **error)
{
  GError *inner = NULL;
  JsonNode *node;
  gsize len;

  if (text == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, code, "%s is missing", what);
      return NULL;
    }
  len = strnlen (text, max_size + 1);
  if (len > max_size)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, code,
                   "%s is larger than %" G_GSIZE_FORMAT " bytes", what, max_size);
      return NULL;
    }
  node = vneid_json_parse_object (text, len, what, &inner);
  if (node == NULL)
    move_error (error, inner, code);
  return node;
}

gboolean
vneid_openid4vci_get_string (JsonObject  *object,
                             const char  *member,
                             gboolean     required,
                             const char **out,
                             const char  *what,
                             int          code,
                             GError     **error)
{
  GError *inner = NULL;

  if (vneid_json_get_string (object, member, required, out, what, &inner))
    return TRUE;
  move_error (error, inner, code);
  return FALSE;
}

const char *
vneid_openid4vci_peek_string (JsonObject *object,
                              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
vneid_openid4vci_check_url (const char *url,
                            const char *what,
                            int         code,
                            GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *shown = NULL;
  const char *scheme, *host;

  if (url == NULL || url[0] == '\0')
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, code, "%s is missing", what);
      return FALSE;
    }
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  shown = vneid_shorten_for_message (url, 80);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'
      || g_uri_get_userinfo (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, code,
                   "%s “%s” is not an absolute URL with a host (and no user or fragment)", what, shown);
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0
      || (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback_host (host)))
    return TRUE;
  g_set_error (error, VNEID_OPENID4VCI_ERROR, code,
               "%s “%s” must use https (plain http only to this machine)", what, shown);
  return FALSE;
}

static char *
unescape_form_part (const char *text,
                    gsize       len)
{
  g_autofree char *spaced = g_strndup (text, len);

  g_strdelimit (spaced, "+", ' ');
  /* A %00 would cut the value short unseen: refused with the bad escapes. */
  return g_uri_unescape_segment (spaced, NULL, "");
}

GHashTable *
vneid_openid4vci_parse_form (const char *text,
                             gsize       len,
                             const char *what,
                             int         code,
                             GError    **error)
{
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *end = text + len;

  for (const char *p = text; p < end;)
    {
      const char *amp = memchr (p, '&', (gsize) (end - p));
      const char *stop = amp ? amp : end;
      const char *eq = memchr (p, '=', (gsize) (stop - p));
      g_autofree char *name = NULL, *value = NULL;

      if (stop == p)
        {
          p = stop + 1;
          continue;
        }
      name = unescape_form_part (p, (gsize) ((eq ? eq : stop) - p));
      value = eq ? unescape_form_part (eq + 1, (gsize) (stop - eq - 1)) : g_strdup ("");
      if (name == NULL || value == NULL || !g_utf8_validate (name, -1, NULL)
          || !g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, VNEID_OPENID4VCI_ERROR, code,
                       "%s has a parameter that is not well-formed (bad %%-escape or not UTF-8)", what);
          return NULL;
        }
      if (g_hash_table_contains (form, name))
        {
          g_autofree char *shown = vneid_shorten_for_message (name, 40);
          g_set_error (error, VNEID_OPENID4VCI_ERROR, code,
                       "%s repeats the parameter “%s”", what, shown);
          return NULL;
        }
      g_hash_table_insert (form, g_steal_pointer (&name), g_steal_pointer (&value));
      p = stop + 1;
    }
  return g_steal_pointer (&form);
}
