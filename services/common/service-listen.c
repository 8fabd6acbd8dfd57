/* service-listen.c: listening on HOST:PORT, the "listening on" line, signals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib-unix.h>
#include <sys/socket.h>
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

/* A listening socket with the system's largest backlog: soup_server_listen()
 * keeps GLib's default of 10 pending connections, and a crowd arriving at
 * once (tests/load: 200 transactions) then waits on SYN retransmissions, up
 * to a minute, before it is even accepted. */
static GSocket *
listening_socket (GSocketAddress  *address,
                  GError         **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL || !g_socket_bind (socket, address, TRUE, error))
    return NULL;
  g_socket_set_listen_backlog (socket, SOMAXCONN);
  if (!g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

char *
service_listen (SoupServer  *soup,
                const char  *listen,
                GError     **error)
{
  g_autoptr(GSocketAddress) address = service_parse_listen (listen, error);
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;
  char *url = NULL;

  if (address == NULL || (socket = listening_socket (address, error)) == NULL ||
      !soup_server_listen_socket (soup, socket, 0, error))
    return NULL;
  uris = soup_server_get_uris (soup);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (url == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "listening on %s gave no address", listen);
  return url;
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  /* Kept until service_serve_until_signal() removes both. */
  return G_SOURCE_CONTINUE;
}

void
service_serve_until_signal (const char *name,
                            const char *url,
                            const char *suffix)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  /* The handlers come before the line: whoever reads it may signal at once. */
  guint sigint = g_unix_signal_add (SIGINT, quit_loop, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, quit_loop, loop);

  printf ("%s: listening on %s%s\n", name, url, suffix != NULL ? suffix : "");
  fflush (stdout);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}
