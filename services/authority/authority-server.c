/* authority-server.c: the citizen-facing JSON API (docs/authority.md)
 *
 *   POST /api/v1/registrations      {"personal_id","phone","email"[,"level"]} → 202 {"id","status"}
 *   POST /api/v1/activate           {"personal_id","otp","password"}          → 200
 *   POST /api/v1/resend-otp         {"personal_id"}                           → 200
 *   POST /api/v1/login              {"personal_id","password"}                → 200 {"session"}
 *   with Authorization: Bearer SESSION:
 *   GET  /api/v1/account, POST /api/v1/logout, /api/v1/password, /api/v1/lock,
 *   /api/v1/card-lost, /api/v1/credential-offers {"credential"}
 *   GET  /status/N                  the status list token (application/statuslist+jwt)
 *   GET  /.well-known/jwt-vc-issuer the issuer's keys
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority.h"

struct _AuthorityServer {
  AuthorityService *service;
  SoupServer       *soup;
};

/* ---- small helpers ---- */

/* @name's string value; NULL (no error) when absent, NULL with an error
 * when it is not a string. */
static gboolean
get_string (JsonObject   *object,
            const char   *name,
            const char  **value,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST, "%s must be a string", name);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
require_string (JsonObject   *object,
                const char   *name,
                const char  **value,
                GError      **error)
{
  if (!get_string (object, name, value, error))
    return FALSE;
  if (*value == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST, "%s is missing", name);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
read_post_json (SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (!authority_http_require_method (msg, "POST"))
    return NULL;
  object = authority_http_read_json (msg, AUTHORITY_MAX_BODY, &error);
  if (object == NULL)
    authority_http_reply_error (msg, error);
  return object;
}

static void
reply_object (SoupServerMessage *msg,
              guint              status,
              JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  authority_http_reply_json (msg, status, node);
}

static void
reply_status (SoupServerMessage *msg,
              const char        *status)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "status", status);
  reply_object (msg, 200, object);
}

char *
authority_http_authenticate (AuthorityServer   *server,
                             SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autoptr(GError) error = NULL;
  char *personal_id;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    header += 7;
  else
    header = NULL;
  personal_id = authority_service_authenticate (server->service, header, &error);
  if (personal_id == NULL)
    authority_http_reply_error (msg, error);
  return personal_id;
}

/* ---- routes ---- */

static void
handle_registrations (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonObject) request = read_post_json (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *personal_id, *phone, *email;
  gint64 level = 1;
  JsonObject *reply;

  if (request == NULL)
    return;
  if (json_object_has_member (request, "level"))
    {
      JsonNode *node = json_object_get_member (request, "level");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        level = 0;   /* refused by the service with its message */
      else
        level = json_node_get_int (node);
    }
  if (!require_string (request, "personal_id", &personal_id, &error) ||
      !require_string (request, "phone", &phone, &error) ||
      !require_string (request, "email", &email, &error) ||
      (id = authority_service_register (server->service, personal_id, phone, email,
                                        (level == 1 || level == 2) ? (int) level : 0, &error)) == NULL)
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply = json_object_new ();
  json_object_set_string_member (reply, "id", id);
  json_object_set_string_member (reply, "status", "pending");
  reply_object (msg, 202, reply);
}

static void
handle_activate (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonObject) request = read_post_json (msg);
  g_autoptr(GError) error = NULL;
  const char *personal_id, *otp, *password;

  if (request == NULL)
    return;
  if (!require_string (request, "personal_id", &personal_id, &error) ||
      !require_string (request, "otp", &otp, &error) ||
      !require_string (request, "password", &password, &error) ||
      !authority_service_activate (server->service, personal_id, otp, password, &error))
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply_status (msg, "active");
}

static void
handle_resend_otp (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonObject) request = read_post_json (msg);
  g_autoptr(GError) error = NULL;
  const char *personal_id;

  if (request == NULL)
    return;
  if (!require_string (request, "personal_id", &personal_id, &error) ||
      !authority_service_resend_otp (server->service, personal_id, &error))
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply_status (msg, "sent");
}

static void
handle_login (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonObject) request = read_post_json (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  const char *personal_id, *password;
  JsonObject *reply;

  if (request == NULL)
    return;
  if (!require_string (request, "personal_id", &personal_id, &error) ||
      !require_string (request, "password", &password, &error) ||
      (session = authority_service_login (server->service, personal_id, password,
                                          soup_server_message_get_remote_host (msg), &error)) == NULL)
    {
      if (g_error_matches (error, AUTHORITY_ERROR, AUTHORITY_ERROR_THROTTLED))
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "60");
      authority_http_reply_error (msg, error);
      return;
    }
  reply = json_object_new ();
  json_object_set_string_member (reply, "session", session);
  json_object_set_string_member (reply, "token_type", "Bearer");
  reply_object (msg, 200, reply);
}

/* A POST with a bearer session: the citizen's personal ID and the body
 * (an empty body is an empty object), or NULL once refused. */
static char *
authenticated_post (AuthorityServer    *server,
                    SoupServerMessage  *msg,
                    JsonObject        **request)
{
  g_autofree char *personal_id = NULL;
  g_autoptr(GError) error = NULL;

  if (!authority_http_require_method (msg, "POST"))
    return NULL;
  personal_id = authority_http_authenticate (server, msg);
  if (personal_id == NULL)
    return NULL;
  if (soup_server_message_get_request_body (msg)->length == 0)
    *request = json_object_new ();
  else if ((*request = authority_http_read_json (msg, AUTHORITY_MAX_BODY, &error)) == NULL)
    {
      authority_http_reply_error (msg, error);
      return NULL;
    }
  return g_steal_pointer (&personal_id);
}

static void
handle_account (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  AuthorityServer *server = data;
  g_autofree char *personal_id = NULL;
  g_autoptr(AuthorityAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *reply;

  if (!authority_http_require_method (msg, "GET") ||
      (personal_id = authority_http_authenticate (server, msg)) == NULL)
    return;
  account = authority_service_get_account (server->service, personal_id, &error);
  if (account == NULL)
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply = json_object_new ();
  json_object_set_string_member (reply, "personal_id", account->personal_id);
  json_object_set_string_member (reply, "status", authority_account_status_to_string (account->status));
  json_object_set_int_member (reply, "level", account->level);
  json_object_set_string_member (reply, "phone", account->phone);
  json_object_set_string_member (reply, "email", account->email);
  reply_object (msg, 200, reply);
}

static void
handle_logout (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *personal_id = authenticated_post (server, msg, &request);
  const char *header;
  g_autoptr(GError) error = NULL;

  if (personal_id == NULL)
    return;
  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") + 7;
  if (!authority_service_logout (server->service, header, &error))
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply_status (msg, "logged_out");
}

static void
handle_password (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *personal_id = authenticated_post (server, msg, &request);
  g_autoptr(GError) error = NULL;
  const char *current, *replacement;

  if (personal_id == NULL)
    return;
  if (!require_string (request, "current_password", &current, &error) ||
      !require_string (request, "new_password", &replacement, &error) ||
      !authority_service_change_password (server->service, personal_id, current, replacement, &error))
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply_status (msg, "password_changed");
}

/* A citizen's own action on the account (lock it, report the card lost):
 * the same bearer-authenticated POST, one service call, one status word. */
typedef gboolean (*CitizenAction) (AuthorityService *service,
                                   const char       *personal_id,
                                   const char       *actor,
                                   GError          **error);

static void
reply_citizen_action (AuthorityServer   *server,
                      SoupServerMessage *msg,
                      CitizenAction      action,
                      const char        *status)
{
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *personal_id = authenticated_post (server, msg, &request);
  g_autoptr(GError) error = NULL;

  if (personal_id == NULL)
    return;
  if (!action (server->service, personal_id, "citizen", &error))
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply_status (msg, status);
}

static void
handle_lock (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  reply_citizen_action (data, msg, authority_service_lock, "locked");
}

static void
handle_card_lost (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  reply_citizen_action (data, msg, authority_service_report_card_lost, "card_reported_lost");
}

static void
handle_credential_offers (SoupServer        *soup,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *personal_id = authenticated_post (server, msg, &request);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  const char *credential;
  JsonObject *reply;

  if (personal_id == NULL)
    return;
  if (!require_string (request, "credential", &credential, &error) ||
      (uri = authority_issuance_create_offer (server->service, personal_id, credential, &error)) == NULL)
    {
      authority_http_reply_error (msg, error);
      return;
    }
  reply = json_object_new ();
  json_object_set_string_member (reply, "credential_offer_uri", uri);
  reply_object (msg, 200, reply);
}

static void
handle_status_list (SoupServer        *soup,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           data)
{
  AuthorityServer *server = data;
  const char *number = path + strlen ("/status/");
  guint64 list_id = 0;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (!authority_http_require_method (msg, "GET"))
    return;
  if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXINT32, &list_id, NULL))
    {
      authority_http_reply_refusal (msg, 404, "not_found", "no such status list: the URI is /status/N");
      return;
    }
  token = authority_service_get_status_list (server->service, list_id, &error);
  if (token == NULL)
    {
      authority_http_reply_error (msg, error);
      return;
    }
  /* Public and cacheable, but only as long as the token's ttl. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "public, max-age=300");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/statuslist+jwt", SOUP_MEMORY_COPY, token, strlen (token));
}

static void
handle_jwt_vc_issuer (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           data)
{
  AuthorityServer *server = data;
  g_autoptr(JsonNode) metadata = NULL;

  if (!authority_http_require_method (msg, "GET"))
    return;
  metadata = authority_service_get_issuer_metadata (server->service);
  authority_http_reply_json (msg, 200, metadata);
}

static void
handle_not_found (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  authority_http_reply_refusal (msg, 404, "not_found",
                                "no such path: see docs/authority.md for the API");
}

/* Refuses an oversized or unbounded body before libsoup reads it. */
static void
check_body_size (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    authority_http_reply_refusal (msg, 411, "length_required",
                                  "send the body with a Content-Length (at most 16384 bytes)");
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > AUTHORITY_MAX_BODY)
    authority_http_reply_refusal (msg, 413, "too_large",
                                  "the request body is larger than 16384 bytes");
}

void
authority_server_add_route (AuthorityServer    *server,
                            const char         *path,
                            SoupServerCallback  callback,
                            gpointer            data)
{
  soup_server_add_early_handler (server->soup, path, check_body_size, NULL, NULL);
  soup_server_add_handler (server->soup, path, callback, data, NULL);
}

AuthorityServer *
authority_server_new (AuthorityService  *service,
                      GError           **error)
{
  AuthorityServer *server = g_new0 (AuthorityServer, 1);
  static const struct {
    const char         *path;
    SoupServerCallback  callback;
  } routes[] = {
    { "/", handle_not_found },
    { "/api/v1/registrations", handle_registrations },
    { "/api/v1/activate", handle_activate },
    { "/api/v1/resend-otp", handle_resend_otp },
    { "/api/v1/login", handle_login },
    { "/api/v1/account", handle_account },
    { "/api/v1/logout", handle_logout },
    { "/api/v1/password", handle_password },
    { "/api/v1/lock", handle_lock },
    { "/api/v1/card-lost", handle_card_lost },
    { "/api/v1/credential-offers", handle_credential_offers },
    { "/status/", handle_status_list },
    { "/.well-known/jwt-vc-issuer", handle_jwt_vc_issuer },
  };

  server->service = service;
  server->soup = soup_server_new ("server-header", "vneid-authority", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    authority_server_add_route (server, routes[i].path, routes[i].callback, server);
  if (!authority_issuance_register (server, error))
    {
      authority_server_free (server);
      return NULL;
    }
  return server;
}

void
authority_server_free (AuthorityServer *server)
{
  if (server == NULL)
    return;
  soup_server_disconnect (server->soup);
  g_object_unref (server->soup);
  g_free (server);
}

SoupServer *
authority_server_get_soup (AuthorityServer *server)
{
  return server->soup;
}

AuthorityService *
authority_server_get_service (AuthorityServer *server)
{
  return server->service;
}
