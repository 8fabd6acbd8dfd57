/* wallet-server.c: the account, receiving credentials and the cards
 *
 *   GET  /                home: account state, level, cards, links
 *   GET,POST /register    personal_id, phone, email → the authority
 *   GET,POST /activate    otp, password
 *   GET,POST /login       password (and personal_id when the wallet has none)
 *   POST /lock
 *   GET,POST /receive     credential=pid|cccd|contact|bhyt or offer=URI,
 *                         then tx_code → OpenID4VCI
 *   GET  /cards           the credentials, each attribute with its source
 * The sharing routes are in wallet-sharing.c. Every POST form has "csrf".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wallet.h"

#define AUTHORITY_MAX_REPLY (256 * 1024)

/* ---- pages ---- */

void
wallet_reply_page (WalletServer      *server,
                   SoupServerMessage *msg,
                   guint              status,
                   const char        *title,
                   const char        *body_html,
                   const char        *form_action)
{
  g_autofree char *nav = service_render (WALLET_TEMPLATE ("nav.html"), NULL, "body", body_html, NULL);

  service_reply_page (msg, status, WALLET_NAME, title, nav != NULL ? nav : body_html, form_action);
}

void
wallet_reply_error (SoupServerMessage *msg,
                    const char        *message_vi,
                    const GError      *error)
{
  g_autofree char *logged = service_clean_for_log (error->message);

  g_message ("%s: %s %s: %s", WALLET_NAME, soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)), logged);
  service_reply_error_page (msg, service_error_http_status (error), WALLET_NAME, message_vi,
                            error->domain == SERVICE_ERROR && error->code != SERVICE_ERROR_INTERNAL
                              ? error->message : "The wallet could not complete this: see its log.");
}

GHashTable *
wallet_read_post (WalletServer      *server,
                  SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = service_read_form (msg, SERVICE_MAX_FORM_BODY, &error);

  if (form == NULL)
    {
      wallet_reply_error (msg, "Biểu mẫu gửi lên không hợp lệ.", error);
      return NULL;
    }
  if (!service_sessions_check_csrf (server->sessions, msg, form, &error))
    {
      wallet_reply_error (msg, "Phiên làm việc không hợp lệ: hãy mở lại trang và thử lại.", error);
      return NULL;
    }
  return g_steal_pointer (&form);
}

static gboolean
is_post (SoupServerMessage *msg)
{
  return g_str_equal (soup_server_message_get_method (msg), "POST");
}

/* Only GET and POST (and HEAD, answered as GET by libsoup). */
static gboolean
require_get_or_post (SoupServerMessage *msg,
                     gboolean           post_allowed)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD") || (post_allowed && g_str_equal (method, "POST")))
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                post_allowed ? "GET, POST" : "GET");
  service_reply_error_page (msg, 405, WALLET_NAME, "Phương thức không được hỗ trợ.", "Method not allowed.");
  return FALSE;
}

/* A route that shows a form on GET and acts on its POST: replies the page
 * (GET) or the refusal of a bad post and returns NULL, else the post's
 * checked fields. */
static GHashTable *
show_page_or_read_post (WalletServer      *server,
                        SoupServerMessage *msg,
                        const char        *template,
                        const char        *title)
{
  g_autofree char *body = NULL;

  if (!require_get_or_post (msg, TRUE))
    return NULL;
  if (is_post (msg))
    return wallet_read_post (server, msg);
  body = service_render_form (server->sessions, msg, template, NULL, NULL);
  wallet_reply_page (server, msg, 200, title, body, NULL);
  return NULL;
}

/* ---- HTTP client ---- */

GBytes *
wallet_http_get (WalletServer  *server,
                 const char    *url,
                 gsize          max_size,
                 GError       **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST, "only http and https URLs are fetched");
      return NULL;
    }
  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST, "not a valid URL");
      return NULL;
    }
  bytes = soup_session_send_and_read (server->http, message, NULL, error);
  if (bytes == NULL)
    return NULL;
  if (soup_message_get_status (message) == 404 || soup_message_get_status (message) == 410)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_NOT_FOUND,
                   "the server answered HTTP %u: it has expired or is no longer there",
                   soup_message_get_status (message));
      return NULL;
    }
  if (soup_message_get_status (message) != 200 || g_bytes_get_size (bytes) > max_size)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_UPSTREAM, "the server answered HTTP %u%s",
                   soup_message_get_status (message),
                   g_bytes_get_size (bytes) > max_size ? " with too large a body" : "");
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* Calls the authority's JSON API: POST @path with @body (owned; NULL: an
 * empty object), or GET @path when @body is NULL and @get. The JSON object
 * answered. A refusal becomes SERVICE_ERROR_BAD_REQUEST with the
 * authority's message; an expired session forgets the bearer. */
static JsonObject *
authority_request (WalletServer  *server,
                   gboolean       get,
                   const char    *path,
                   JsonObject    *body,
                   gboolean       with_bearer,
                   GError       **error)
{
  g_autofree char *url = g_strconcat (server->authority_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (get ? "GET" : "POST", url);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  guint status;

  json_node_take_object (node, body != NULL ? body : json_object_new ());
  if (message == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_INTERNAL, "--authority is not a valid URL");
      return NULL;
    }
  if (with_bearer)
    {
      g_autofree char *header = g_strconcat ("Bearer ", server->bearer != NULL ? server->bearer : "", NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", header);
    }
  if (!get)
    {
      text = json_to_string (node, FALSE);
      soup_message_set_request_body_from_bytes (message, "application/json", g_bytes_new_static (text, strlen (text)));
    }
  reply = soup_session_send_and_read (server->http, message, NULL, error);
  if (reply == NULL)
    {
      g_prefix_error (error, "the authority at %s did not answer: ", server->authority_url);
      service_error_reclassify (*error, SERVICE_ERROR_UPSTREAM);
      return NULL;
    }
  status = soup_message_get_status (message);
  if (g_bytes_get_size (reply) > AUTHORITY_MAX_REPLY ||
      !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_UPSTREAM, "the authority answered HTTP %u without JSON", status);
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (status >= 300)
    {
      if (status == 401 && with_bearer)
        g_clear_pointer (&server->bearer, g_free);
      g_set_error (error, SERVICE_ERROR, status >= 500 ? SERVICE_ERROR_UPSTREAM : SERVICE_ERROR_BAD_REQUEST,
                   "%s", json_object_get_string_member_with_default (object, "message", "refused"));
      return NULL;
    }
  return json_object_ref (object);
}

static JsonObject *
authority_call (WalletServer  *server,
                const char    *path,
                JsonObject    *body,
                gboolean       with_bearer,
                GError       **error)
{
  return authority_request (server, FALSE, path, body, with_bearer, error);
}

/* ---- account ---- */

static const char *
state_label (const char *status)
{
  if (status == NULL)
    return "Chưa có tài khoản / No account";
  if (g_str_equal (status, "pending"))
    return "Chờ duyệt / Pending approval";
  if (g_str_equal (status, "active"))
    return "Đang hoạt động / Active";
  if (g_str_equal (status, "locked"))
    return "Đã khóa / Locked";
  return status;
}

static char *cards_html (WalletServer *server);

static void
handle_home (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  WalletServer *server = data;
  g_autofree char *status = wallet_store_get (server->config.store, "status");
  g_autofree char *personal_id = wallet_store_get (server->config.store, "personal_id");
  g_autofree char *level = wallet_store_get (server->config.store, "level");
  g_autofree char *cards = NULL;
  g_autofree char *body = NULL;

  if (!g_str_equal (path, "/"))
    {
      service_reply_error_page (msg, 404, WALLET_NAME, "Không tìm thấy trang này.", "No such page.");
      return;
    }
  if (!require_get_or_post (msg, FALSE))
    return;
  cards = cards_html (server);
  body = service_render_form (server->sessions, msg, WALLET_TEMPLATE ("home.html"), NULL,
                             "state", status != NULL ? status : "none",
                             "state_label", state_label (status),
                             "personal_id", personal_id != NULL ? personal_id : "—",
                             "level", level != NULL ? level : "—",
                             "logged_in", server->bearer != NULL ? "Đã đăng nhập / Logged in"
                                                                 : "Chưa đăng nhập / Not logged in",
                             "cards", cards, NULL);
  wallet_reply_page (server, msg, 200, "Ví VNeID / VNeID wallet", body, NULL);
}

static gboolean
save_account (WalletServer  *server,
              const char   **names_values,
              GError       **error)
{
  for (guint i = 0; names_values[i] != NULL; i += 2)
    if (names_values[i + 1] != NULL && !wallet_store_set (server->config.store, names_values[i], names_values[i + 1], error))
      return FALSE;
  return TRUE;
}

static const char *
field (GHashTable *form,
       const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return value != NULL ? value : "";
}

static void
handle_register (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  WalletServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  JsonObject *request;

  if ((form = show_page_or_read_post (server, msg, WALLET_TEMPLATE ("register.html"), "Đăng ký / Register")) == NULL)
    return;
  request = json_object_new ();
  json_object_set_string_member (request, "personal_id", field (form, "personal_id"));
  json_object_set_string_member (request, "phone", field (form, "phone"));
  json_object_set_string_member (request, "email", field (form, "email"));
  reply = authority_call (server, "/api/v1/registrations", request, FALSE, &error);
  if (reply == NULL ||
      !save_account (server, (const char *[]) { "personal_id", field (form, "personal_id"),
                                                "phone", field (form, "phone"), "email", field (form, "email"),
                                                "registration_id", json_object_get_string_member_with_default (reply, "id", ""),
                                                "status", "pending", NULL }, &error))
    {
      wallet_reply_error (msg, "Đăng ký không thành công.", error);
      return;
    }
  body = service_render (WALLET_TEMPLATE ("pending.html"), NULL,
                         "registration_id", json_object_get_string_member_with_default (reply, "id", ""), NULL);
  wallet_reply_page (server, msg, 202, "Chờ duyệt / Pending approval", body, NULL);
}

static void
handle_activate (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  WalletServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *personal_id = wallet_store_get (server->config.store, "personal_id");
  JsonObject *request;

  if ((form = show_page_or_read_post (server, msg, WALLET_TEMPLATE ("activate.html"), "Kích hoạt / Activate")) == NULL)
    return;
  if (personal_id == NULL)
    {
      g_set_error (&error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST, "register first: this wallet has no account");
      wallet_reply_error (msg, "Hãy đăng ký trước.", error);
      return;
    }
  request = json_object_new ();
  json_object_set_string_member (request, "personal_id", personal_id);
  json_object_set_string_member (request, "otp", field (form, "otp"));
  json_object_set_string_member (request, "password", field (form, "password"));
  reply = authority_call (server, "/api/v1/activate", request, FALSE, &error);
  if (reply == NULL || !wallet_store_set (server->config.store, "status", "active", &error))
    {
      wallet_reply_error (msg, "Kích hoạt không thành công.", error);
      return;
    }
  service_reply_redirect (msg, "/login");
}

/* After a login: the account's status and level as the authority has them. */
static gboolean
refresh_account (WalletServer  *server,
                 GError       **error)
{
  g_autoptr(JsonObject) account = authority_request (server, TRUE, "/api/v1/account", NULL, TRUE, error);
  g_autofree char *level = NULL;

  if (account == NULL)
    return FALSE;
  level = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (account, "level", 1));
  return save_account (server, (const char *[]) {
                         "status", json_object_get_string_member_with_default (account, "status", "active"),
                         "level", level, NULL }, error);
}

static void
handle_login (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  WalletServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *personal_id = wallet_store_get (server->config.store, "personal_id");
  g_autofree char *body = NULL;
  JsonObject *request;

  if (!require_get_or_post (msg, TRUE))
    return;
  if (!is_post (msg))
    {
      /* A wallet that registered knows the personal ID; one restored asks. */
      body = service_render_form (server->sessions, msg,
                                  personal_id != NULL ? WALLET_TEMPLATE ("login.html") : WALLET_TEMPLATE ("login-id.html"),
                                  NULL, "personal_id", personal_id, NULL);
      wallet_reply_page (server, msg, 200, "Đăng nhập / Log in", body, NULL);
      return;
    }
  if ((form = wallet_read_post (server, msg)) == NULL)
    return;
  if (personal_id == NULL)
    personal_id = g_strdup (field (form, "personal_id"));
  request = json_object_new ();
  json_object_set_string_member (request, "personal_id", personal_id);
  json_object_set_string_member (request, "password", field (form, "password"));
  reply = authority_call (server, "/api/v1/login", request, FALSE, &error);
  if (reply != NULL)
    {
      g_free (server->bearer);
      server->bearer = g_strdup (json_object_get_string_member_with_default (reply, "session", ""));
    }
  if (reply == NULL || !wallet_store_set (server->config.store, "personal_id", personal_id, &error) ||
      !refresh_account (server, &error))
    {
      wallet_reply_error (msg, "Đăng nhập không thành công.", error);
      return;
    }
  service_reply_redirect (msg, "/");
}

static void
handle_lock (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  WalletServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_get_or_post (msg, TRUE))
    return;
  if (!is_post (msg))
    {
      service_reply_redirect (msg, "/");
      return;
    }
  if ((form = wallet_read_post (server, msg)) == NULL)
    return;
  reply = authority_call (server, "/api/v1/lock", NULL, TRUE, &error);
  if (reply == NULL || !wallet_store_set (server->config.store, "status", "locked", &error))
    {
      wallet_reply_error (msg, "Không khóa được tài khoản (hãy đăng nhập trước).", error);
      return;
    }
  g_clear_pointer (&server->bearer, g_free);
  service_reply_redirect (msg, "/");
}

/* ---- receiving credentials ---- */

static const char * const credential_kinds[] = { "pid", "cccd", "contact", "bhyt" };

static gboolean
is_credential_kind (const char *kind)
{
  return g_strv_contains ((const char * const *) credential_kinds, kind);
}

static void
reply_tx_code_page (WalletServer      *server,
                    SoupServerMessage *msg,
                    const char        *offer)
{
  g_autofree char *body = service_render_form (server->sessions, msg, WALLET_TEMPLATE ("tx-code.html"), NULL,
                                               "offer", offer, NULL);

  wallet_reply_page (server, msg, 200, "Mã xác nhận / Transaction code", body, NULL);
}

/* OpenID4VCI with the library's client: the configuration offered first. */
static gboolean
receive_credential (WalletServer  *server,
                    const char    *offer_uri,
                    const char    *tx_code,
                    GError       **error)
{
  g_autoptr(VneidOpenid4vciClient) client = vneid_openid4vci_client_new ();
  g_autoptr(VneidOpenid4vciOffer) offer = vneid_openid4vci_client_resolve_offer (client, offer_uri, NULL, error);
  g_autofree char *text = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  const char *kind;

  if (offer == NULL ||
      (text = vneid_openid4vci_client_receive (client, offer, NULL, *tx_code != '\0' ? tx_code : NULL,
                                               server->config.holder_key, NULL, error)) == NULL ||
      (credential = vneid_credential_new (text, error)) == NULL)
    return FALSE;
  kind = vneid_openid4vci_offer_get_credential_configuration_ids (offer)[0];
  return wallet_store_add_credential (server->config.store, kind, text, error);
}

static void
handle_receive (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  WalletServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind, *offer;

  form = show_page_or_read_post (server, msg, WALLET_TEMPLATE ("receive.html"), "Nhận giấy tờ / Receive a credential");
  if (form == NULL)
    return;
  kind = g_hash_table_lookup (form, "credential");
  offer = g_hash_table_lookup (form, "offer");
  if (offer != NULL && *offer != '\0' && g_hash_table_contains (form, "tx_code"))
    {
      if (!receive_credential (server, offer, field (form, "tx_code"), &error))
        {
          /* The issuer's refusal (a wrong or used code…) is the citizen's to read. */
          if (error->domain != SERVICE_ERROR)
            service_error_reclassify (error, SERVICE_ERROR_BAD_REQUEST);
          wallet_reply_error (msg, "Không nhận được giấy tờ.", error);
          return;
        }
      service_reply_redirect (msg, "/cards");
      return;
    }
  if (offer != NULL && *offer != '\0')
    {
      reply_tx_code_page (server, msg, offer);
      return;
    }
  if (kind != NULL && is_credential_kind (kind))
    {
      JsonObject *request = json_object_new ();
      g_autoptr(JsonObject) reply = NULL;

      json_object_set_string_member (request, "credential", kind);
      reply = authority_call (server, "/api/v1/credential-offers", request, TRUE, &error);
      if (reply == NULL)
        {
          wallet_reply_error (msg, "Cơ quan cấp không tạo được đề nghị cấp (hãy đăng nhập).", error);
          return;
        }
      reply_tx_code_page (server, msg, json_object_get_string_member_with_default (reply, "credential_offer_uri", ""));
      return;
    }
  g_set_error (&error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST,
               "choose a credential (pid, cccd, contact, bhyt) or paste an offer");
  wallet_reply_error (msg, "Hãy chọn giấy tờ hoặc dán đường dẫn đề nghị cấp.", error);
}

/* ---- cards ---- */

static const char *
card_title (const char *kind)
{
  if (g_str_equal (kind, "pid"))
    return "Thông tin định danh (PID) / Personal identification";
  if (g_str_equal (kind, "cccd"))
    return "Căn cước điện tử (CCCD) / Electronic ID card";
  if (g_str_equal (kind, "contact"))
    return "Liên hệ / Contact";
  if (g_str_equal (kind, "bhyt"))
    return "Thẻ BHYT / Health insurance card";
  return kind;
}

/* Claims about the credential, not the citizen: not shown as attributes. */
static gboolean
is_technical_claim (const char *name)
{
  static const char * const names[] = { "iss", "vct", "cnf", "status", "_sd", "_sd_alg", "iat", "nbf", "exp",
                                        "sub", "jti", NULL };

  return g_strv_contains (names, name);
}

static void
append_value_rows (GString    *html,
                   const char *path,
                   JsonNode   *node,
                   const char *source)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          g_autofree char *child = g_strconcat (path, ".", name, NULL);

          if (!g_str_equal (name, "_sd"))
            append_value_rows (html, child, member, source);
        }
      return;
    }
  g_string_append (html, "<tr data-attribute=\"");
  service_html_append (html, path);
  g_string_append (html, "\"><th scope=\"row\">");
  service_html_append (html, path);
  g_string_append (html, "</th><td>");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    service_html_append (html, json_node_get_string (node));
  else
    {
      g_autofree char *text = json_to_string (node, FALSE);

      service_html_append (html, text);
    }
  g_string_append (html, "</td><td>");
  service_html_append (html, source);
  g_string_append (html, "</td></tr>\n");
}

/* The card's own validity, as printed on it: BHYT from/until, the CCCD's expiry. */
static void
append_validity (GString    *html,
                 JsonObject *claims)
{
  const char *from = json_object_get_string_member_with_default (claims, "valid_from", NULL);
  const char *until = json_object_get_string_member_with_default (claims, "valid_until", NULL);
  const char *expiry = json_object_get_string_member_with_default (claims, "date_of_expiry", NULL);

  if (from == NULL && until == NULL && expiry == NULL)
    return;
  g_string_append (html, "<p class=\"validity\">Giá trị sử dụng / Valid: ");
  if (from != NULL)
    {
      service_html_append (html, from);
      g_string_append (html, " – ");
    }
  service_html_append (html, until != NULL ? until : expiry);
  g_string_append (html, "</p>\n");
}

static void
append_card (GString          *html,
             WalletCredential *stored)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidCredential) credential = vneid_credential_new (stored->text, &error);
  g_autofree char *source = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonObject *claims;

  g_string_append (html, "<section class=\"card\" data-credential=\"");
  service_html_append (html, stored->kind);
  g_string_append (html, "\">\n<h2>");
  service_html_append (html, card_title (stored->kind));
  g_string_append (html, "</h2>\n");
  if (credential == NULL)
    {
      g_string_append (html, "<p class=\"error\">Không đọc được giấy tờ / Unreadable credential</p></section>\n");
      return;
    }
  claims = vneid_credential_get_claims (credential);
  source = g_strdup_printf ("%s (%s)", vneid_credential_get_issuer (credential), vneid_credential_get_vct (credential));
  append_validity (html, claims);
  if (json_object_has_member (claims, "exp"))
    {
      g_autoptr(GDateTime) expiry = g_date_time_new_from_unix_utc (json_object_get_int_member (claims, "exp"));
      g_autofree char *text = expiry != NULL ? g_date_time_format (expiry, "%Y-%m-%d") : NULL;

      g_string_append (html, "<p>Giấy tờ số hết hạn / Credential expires: ");
      service_html_append (html, text);
      g_string_append (html, "</p>\n");
    }
  g_string_append (html, "<table><thead><tr><th scope=\"col\">Thuộc tính / Attribute</th>"
                         "<th scope=\"col\">Giá trị / Value</th><th scope=\"col\">Nguồn / Source</th></tr></thead><tbody>\n");
  json_object_iter_init (&iter, claims);
  while (json_object_iter_next (&iter, &name, &member))
    if (!is_technical_claim (name))
      append_value_rows (html, name, member, source);
  g_string_append (html, "</tbody></table></section>\n");
}

static char *
cards_html (WalletServer *server)
{
  g_autoptr(GPtrArray) credentials = wallet_store_list_credentials (server->config.store);
  GString *html = g_string_new (NULL);

  if (credentials->len == 0)
    g_string_append (html, "<p>Chưa có giấy tờ nào / No credentials yet. "
                           "<a href=\"/receive\">Nhận giấy tờ / Receive one</a></p>\n");
  for (guint i = 0; i < credentials->len; i++)
    append_card (html, g_ptr_array_index (credentials, i));
  return g_string_free (html, FALSE);
}

static void
handle_cards (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  WalletServer *server = data;
  g_autofree char *cards = NULL;

  if (!require_get_or_post (msg, FALSE))
    return;
  cards = cards_html (server);
  wallet_reply_page (server, msg, 200, "Giấy tờ / Cards", cards, NULL);
}

/* ---- the server ---- */

static const struct {
  const char         *path;
  SoupServerCallback  callback;
} routes[] = {
  { "/", handle_home },
  { "/register", handle_register },
  { "/activate", handle_activate },
  { "/login", handle_login },
  { "/lock", handle_lock },
  { "/receive", handle_receive },
  { "/cards", handle_cards },
};

static VneidTrustStore *
load_attesters (char   **paths,
                GError **error)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();

  for (char **path = paths; path != NULL && *path != NULL; path++)
    if (!vneid_trust_store_add_metadata_file (store, *path, error))
      return NULL;
  return g_steal_pointer (&store);
}

WalletServer *
wallet_server_new (const WalletConfig  *config,
                   GError             **error)
{
  g_autoptr(VneidTrustStore) attesters = load_attesters (config->attesters, error);
  WalletServer *server;

  if (attesters == NULL)
    return NULL;
  server = g_new0 (WalletServer, 1);
  server->config = *config;
  server->authority_url = g_strdup (config->authority_url);
  /* "http://host:port/" and "http://host:port" name the same API. */
  while (g_str_has_suffix (server->authority_url, "/"))
    server->authority_url[strlen (server->authority_url) - 1] = '\0';
  server->attesters = g_steal_pointer (&attesters);
  server->sessions = service_sessions_new ();
  server->http = soup_session_new_with_options ("timeout", 30, "user-agent", WALLET_NAME, NULL);
  server->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wallet_pending_free);
  server->soup = soup_server_new ("server-header", WALLET_NAME, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      service_add_body_cap (server->soup, routes[i].path, SERVICE_MAX_FORM_BODY);
      soup_server_add_handler (server->soup, routes[i].path, routes[i].callback, server, NULL);
    }
  service_add_static_routes (server->soup);
  wallet_sharing_register (server);
  return server;
}

void
wallet_server_free (WalletServer *server)
{
  if (server == NULL)
    return;
  soup_server_disconnect (server->soup);
  g_object_unref (server->soup);
  g_object_unref (server->http);
  g_object_unref (server->attesters);
  g_hash_table_unref (server->pending);
  service_sessions_free (server->sessions);
  g_free (server->authority_url);
  g_free (server->bearer);
  g_free (server);
}

SoupServer *
wallet_server_get_soup (WalletServer *server)
{
  return server->soup;
}
