/* portal-status.c: the issuers' Token Status Lists, fetched over HTTP and
 * cached (Token Status List section 8)
 *
 * The verifying core does no network I/O: it is handed verified lists.
 * Here the portal reads which lists the presentations of a response refer
 * to (status.status_list.uri of each issuer JWT), fetches each with
 * `Accept: application/statuslist+jwt`, verifies it against the trusted
 * issuers, and keeps it until iat + ttl (bounded; a default when the
 * token has no ttl), never past its exp. Only URLs of trusted issuers, or
 * mapped by --status-base to a local URL, are fetched: a presentation
 * cannot make the portal fetch an address of its choosing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "portal.h"

/* A status list token is a few KiB; this only bounds a wrong answer. */
#define MAX_TOKEN_SIZE (1024 * 1024)
/* Lists fetched for one response at most: a vp_token holds a presentation
 * or two per credential type, each with one list. */
#define MAX_LISTS_PER_RESPONSE 8
#define FETCH_TIMEOUT_S 10

typedef struct {
  VneidStatusList *list;
  gint64           fresh_until;
} CachedList;

struct _PortalStatus {
  VneidTrustStore *trust;
  GPtrArray       *bases;   /* borrowed, of GStrv { issuer prefix, local prefix } */
  SoupSession     *session;
  GHashTable      *cache;   /* uri → CachedList */
};

static void
cached_list_free (CachedList *cached)
{
  g_object_unref (cached->list);
  g_free (cached);
}

PortalStatus *
portal_status_new (VneidTrustStore *trust,
                   GPtrArray       *status_bases)
{
  PortalStatus *status = g_new0 (PortalStatus, 1);

  status->trust = g_object_ref (trust);
  status->bases = status_bases;
  status->session = soup_session_new_with_options ("timeout", FETCH_TIMEOUT_S,
                                                   "user-agent", PORTAL_NAME, NULL);
  status->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) cached_list_free);
  return status;
}

void
portal_status_free (PortalStatus *status)
{
  if (status == NULL)
    return;
  g_object_unref (status->trust);
  g_object_unref (status->session);
  g_hash_table_unref (status->cache);
  g_free (status);
}

char *
portal_status_fetch_url (PortalStatus *status,
                         const char   *uri)
{
  g_auto(GStrv) issuers = NULL;

  for (guint i = 0; status->bases != NULL && i < status->bases->len; i++)
    {
      char **pair = g_ptr_array_index (status->bases, i);

      if (g_str_has_prefix (uri, pair[0]))
        return g_strconcat (pair[1], uri + strlen (pair[0]), NULL);
    }
  if (!g_str_has_prefix (uri, "https://"))
    return NULL;
  issuers = vneid_trust_store_list_issuers (status->trust);
  for (char **issuer = issuers; *issuer != NULL; issuer++)
    {
      g_autofree char *prefix = g_str_has_suffix (*issuer, "/") ? g_strdup (*issuer)
                                                                  : g_strconcat (*issuer, "/", NULL);

      if (g_str_has_prefix (uri, prefix))
        return g_strdup (uri);
    }
  return NULL;
}

/* The JSON payload of a compact JWT, not verified: only to read claims
 * of a token that is verified elsewhere. */
static JsonObject *
peek_payload (const char *jwt,
              gsize       length)
{
  const char *first = memchr (jwt, '.', length);
  const char *second = first != NULL ? memchr (first + 1, '.', length - (first + 1 - jwt)) : NULL;
  g_autofree char *encoded = NULL;
  g_autofree guchar *decoded = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize decoded_length = 0;
  JsonNode *root;

  if (second == NULL)
    return NULL;
  encoded = g_strndup (first + 1, second - first - 1);
  g_strdelimit (encoded, "-", '+');
  g_strdelimit (encoded, "_", '/');
  {
    g_autoptr(GString) padded = g_string_new (encoded);

    while (padded->len % 4 != 0)
      g_string_append_c (padded, '=');
    decoded = g_base64_decode (padded->str, &decoded_length);
  }
  if (decoded == NULL || decoded_length == 0 ||
      !json_parser_load_from_data (parser, (const char *) decoded, decoded_length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static const char *
status_uri_of (JsonObject *payload)
{
  JsonObject *status, *list;

  if (!json_object_has_member (payload, "status") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "status")))
    return NULL;
  status = json_object_get_object_member (payload, "status");
  if (!json_object_has_member (status, "status_list") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (status, "status_list")))
    return NULL;
  list = json_object_get_object_member (status, "status_list");
  return json_object_get_string_member_with_default (list, "uri", NULL);
}

/* How long a token may be kept: iat + ttl (bounded), never past exp. */
static gint64
fresh_until (const char *token)
{
  g_autoptr(JsonObject) payload = peek_payload (token, strlen (token));
  gint64 iat, ttl, exp, until;

  if (payload == NULL)
    return 0;
  iat = json_object_get_int_member_with_default (payload, "iat", 0);
  ttl = json_object_get_int_member_with_default (payload, "ttl", PORTAL_STATUS_DEFAULT_TTL);
  exp = json_object_get_int_member_with_default (payload, "exp", 0);
  until = iat + CLAMP (ttl, 1, PORTAL_STATUS_MAX_TTL);
  if (exp > 0)
    until = MIN (until, exp);
  return until;
}

static char *
fetch_token (PortalStatus  *status,
             const char    *url,
             GError       **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) body = NULL;
  gsize length;
  const char *data;

  if (msg == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_UPSTREAM, "not a URL: %s", url);
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/statuslist+jwt");
  body = soup_session_send_and_read (status->session, msg, NULL, error);
  if (body == NULL)
    return NULL;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_UPSTREAM, "%s answered %u", url,
                   soup_message_get_status (msg));
      return NULL;
    }
  data = g_bytes_get_data (body, &length);
  if (length == 0 || length > MAX_TOKEN_SIZE || memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_UPSTREAM, "%s: not a status list token", url);
      return NULL;
    }
  return g_strstrip (g_strndup (data, length));
}

/* The list for @uri, from the cache while fresh, else fetched and
 * verified; NULL (logged) when it cannot be had. */
static VneidStatusList *
lookup_list (PortalStatus *status,
             const char   *uri,
             gint64        now)
{
  CachedList *cached = g_hash_table_lookup (status->cache, uri);
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  VneidStatusList *list;

  if (cached != NULL && now < cached->fresh_until)
    return g_object_ref (cached->list);
  url = portal_status_fetch_url (status, uri);
  if (url == NULL)
    {
      g_autofree char *shown = service_clean_for_log (uri);

      g_message ("%s: not fetching the status list %s: not a trusted issuer's URL", PORTAL_NAME, shown);
      return NULL;
    }
  token = fetch_token (status, url, &error);
  list = token != NULL ? vneid_status_list_new_from_token (token, status->trust, now, &error) : NULL;
  if (list == NULL)
    {
      g_autofree char *shown = service_clean_for_log (error->message);

      g_message ("%s: status list unavailable: %s", PORTAL_NAME, shown);
      return NULL;
    }
  cached = g_new0 (CachedList, 1);
  cached->list = g_object_ref (list);
  cached->fresh_until = fresh_until (token);
  g_hash_table_replace (status->cache, g_strdup (uri), cached);
  {
    g_autofree char *shown = service_clean_for_log (uri);

    g_message ("%s: fetched the status list %s, kept %" G_GINT64_FORMAT " s", PORTAL_NAME, shown,
               MAX (cached->fresh_until - now, 0));
  }
  return list;
}

/* Each presentation string of the vp_token {id: [presentation…]}. */
static void
collect_uris (JsonNode   *token,
              GHashTable *uris)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;

  json_object_iter_init (&iter, json_node_get_object (token));
  while (json_object_iter_next (&iter, &id, &entry))
    {
      if (!JSON_NODE_HOLDS_ARRAY (entry))
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (entry)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (entry), i);
          const char *presentation, *tilde, *uri;
          g_autoptr(JsonObject) payload = NULL;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          presentation = json_node_get_string (element);
          tilde = strchr (presentation, '~');
          payload = peek_payload (presentation, tilde != NULL ? (gsize) (tilde - presentation)
                                                              : strlen (presentation));
          if (payload != NULL && (uri = status_uri_of (payload)) != NULL &&
              g_hash_table_size (uris) < MAX_LISTS_PER_RESPONSE)
            g_hash_table_add (uris, g_strdup (uri));
        }
    }
}

gboolean
portal_status_add_lists (PortalStatus  *status,
                         VneidVerifier *verifier,
                         const char    *vp_token)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  const char *uri;
  gboolean all = TRUE;

  if (!json_parser_load_from_data (parser, vp_token, -1, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return TRUE;   /* the transaction refuses it with its own message */
  collect_uris (json_parser_get_root (parser), uris);
  g_hash_table_iter_init (&iter, uris);
  while (g_hash_table_iter_next (&iter, (gpointer *) &uri, NULL))
    {
      g_autoptr(VneidStatusList) list = lookup_list (status, uri, now);

      if (list == NULL || !vneid_verifier_add_status_list_object (verifier, list, NULL))
        all = FALSE;
    }
  return all;
}
