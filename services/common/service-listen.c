/* service-listen.c: listening on HOST:PORT, the "listening on" line, signals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "service-common.h"

GSocketAddress *
service_parse_listen (const char  *text,
                      GError     **error)
{
  const char *colon = text != NULL ? strrchr (text, ':') : NULL;
  g_autofree char *host = NULL;
  guint64 port;
  GSocketAddress *address = NULL;

  if (colon != NULL && g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      host = g_strndup (text, colon - text);
      if (host[0] == '[' && g_str_has_suffix (host, "]"))
        {
          memmove (host, host + 1, strlen (host));
          host[strlen (host) - 1] = '\0';
        }
      address = g_inet_socket_address_new_from_string (host, port);
    }
  if (address == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--listen must be HOST:PORT with HOST an IP address, such as 127.0.0.1:8080");
  return address;
}

char *
service_listen (SoupServer  *soup,
                const char  *listen,
                GError     **error)
{
  g_autoptr(GSocketAddress) address = service_parse_listen (listen, error);
  GSList *uris;
  char *url = NULL;

  if (address == NULL || !soup_server_listen (soup, address, 0, error))
    return NULL;
  uris = soup_server_get_uris (soup);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (url == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "listening on %s gave no address", listen);
  return url;
}

void
service_print_listening (const char *name,
                         const char *url,
                         const char *suffix)
{
  printf ("%s: listening on %s%s\n", name, url, suffix != NULL ? suffix : "");
  fflush (stdout);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  /* Kept until service_run_until_signal() removes both. */
  return G_SOURCE_CONTINUE;
}

void
service_run_until_signal (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint sigint = g_unix_signal_add (SIGINT, quit_loop, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, quit_loop, loop);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}
