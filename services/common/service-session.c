/* service-session.c: the browser session cookie and its CSRF token
 *
 * The session is a random ID in an HttpOnly SameSite=Lax cookie; the CSRF
 * token is a keyed BLAKE2b hash of it under a per-process secret, so the
 * server keeps no table: a form posted from another site has the cookie
 * (at most, on a top-level navigation) but cannot read the token.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>
#include <string.h>

#include "service-common.h"

struct _ServiceSessions {
  unsigned char secret[crypto_generichash_KEYBYTES];
};

ServiceSessions *
service_sessions_new (void)
{
  ServiceSessions *sessions = g_new0 (ServiceSessions, 1);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  randombytes_buf (sessions->secret, sizeof sessions->secret);
  return sessions;
}

void
service_sessions_free (ServiceSessions *sessions)
{
  if (sessions == NULL)
    return;
  sodium_memzero (sessions->secret, sizeof sessions->secret);
  g_free (sessions);
}

static char *
base64url (const unsigned char *bytes,
           gsize                length)
{
  char *text = g_malloc (sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_URLSAFE_NO_PADDING));

  return sodium_bin2base64 (text, sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                            bytes, length, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

char *
service_sessions_token_for (ServiceSessions *sessions,
                            const char      *session_id)
{
  unsigned char hash[32];

  crypto_generichash (hash, sizeof hash, (const unsigned char *) session_id, strlen (session_id),
                      sessions->secret, sizeof sessions->secret);
  return base64url (hash, sizeof hash);
}

gboolean
service_sessions_token_matches (ServiceSessions *sessions,
                                const char      *session_id,
                                const char      *token)
{
  g_autofree char *expected = NULL;

  if (session_id == NULL || token == NULL)
    return FALSE;
  expected = service_sessions_token_for (sessions, session_id);
  /* The length is public (always 43); the bytes are compared in constant time. */
  return strlen (token) == strlen (expected) &&
         sodium_memcmp (token, expected, strlen (expected)) == 0;
}

char *
service_cookie_value (const char *header,
                      const char *name)
{
  g_auto(GStrv) pairs = NULL;
  gsize name_length = strlen (name);

  if (header == NULL)
    return NULL;
  pairs = g_strsplit (header, ";", 64);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = pairs[i];

      while (*pair == ' ' || *pair == '\t')
        pair++;
      if (strncmp (pair, name, name_length) == 0 && pair[name_length] == '=')
        return g_strdup (pair + name_length + 1);
    }
  return NULL;
}

/* A session ID we made: 32 base64url characters; anything else is ignored. */
static gboolean
is_session_id (const char *id)
{
  if (id == NULL || strlen (id) != 43)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
request_session_id (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Cookie");
  g_autofree char *id = service_cookie_value (header, SERVICE_SESSION_COOKIE);

  return is_session_id (id) ? g_steal_pointer (&id) : NULL;
}

char *
service_sessions_get_id (ServiceSessions   *sessions,
                         SoupServerMessage *msg)
{
  char *id = request_session_id (msg);
  unsigned char random[32];
  g_autofree char *cookie = NULL;

  if (id != NULL)
    return id;
  randombytes_buf (random, sizeof random);
  id = base64url (random, sizeof random);
  cookie = g_strdup_printf ("%s=%s; HttpOnly; SameSite=Lax; Path=/", SERVICE_SESSION_COOKIE, id);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
  return id;
}

char *
service_sessions_csrf_token (ServiceSessions   *sessions,
                             SoupServerMessage *msg)
{
  g_autofree char *id = service_sessions_get_id (sessions, msg);

  return service_sessions_token_for (sessions, id);
}

gboolean
service_sessions_check_csrf (ServiceSessions   *sessions,
                             SoupServerMessage *msg,
                             GHashTable        *form,
                             GError           **error)
{
  g_autofree char *id = request_session_id (msg);

  if (service_sessions_token_matches (sessions, id, form != NULL ? g_hash_table_lookup (form, "csrf") : NULL))
    return TRUE;
  g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_FORBIDDEN,
               id == NULL ? "no session cookie: the form was not sent from this site's page"
                          : "the form's csrf token is missing or wrong");
  return FALSE;
}
