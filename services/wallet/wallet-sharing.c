/* wallet-sharing.c: answering OpenID4VP requests, and the sharing history
 *
 *   GET  /authorize?client_id=…&request_uri=…   the consent page
 *   POST /authorize   decision=approve|decline, request, csrf → direct_post
 *   GET,POST /scan    uri=openid4vp://?… (what a QR scan gives) → /authorize
 *   GET  /history     every sharing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "wallet.h"

#define REQUEST_MAX_SIZE (64 * 1024)
#define RESPONSE_MAX_SIZE (64 * 1024)
/* A consent page left open this long must be opened again. */
#define PENDING_SECONDS (10 * 60)
#define PENDING_MAX 64

typedef struct {
  VneidOpenid4vpRequest *request;
  VneidOpenid4vpConsent *consent;
  JsonObject            *summary;
  gint64                 created_at;
} WalletPending;

void
wallet_pending_free (gpointer data)
{
  WalletPending *pending = data;

  g_object_unref (pending->request);
  g_object_unref (pending->consent);
  json_object_unref (pending->summary);
  g_free (pending);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
is_stale (gpointer key,
          gpointer value,
          gpointer data)
{
  WalletPending *pending = value;

  return pending->created_at + PENDING_SECONDS < now ();
}

static char *
random_id (void)
{
  unsigned char bytes[16];

  randombytes_buf (bytes, sizeof bytes);
  return g_base64_encode (bytes, sizeof bytes);
}

/* ---- the request and the consent ---- */

static VneidOpenid4vpRequest *
fetch_request (WalletServer  *server,
               const char    *client_id,
               const char    *request_uri,
               GError       **error)
{
  g_autoptr(GBytes) bytes = wallet_http_get (server, request_uri, REQUEST_MAX_SIZE, error);
  g_autofree char *text = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = NULL;

  if (bytes == NULL)
    {
      g_prefix_error (error, "fetching the request object: ");
      if ((*error)->domain != SERVICE_ERROR)
        service_error_reclassify (*error, SERVICE_ERROR_UPSTREAM);
      return NULL;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  request = vneid_openid4vp_request_parse (g_strstrip (text), error);
  if (request == NULL ||
      !vneid_openid4vp_request_verify (request, server->attesters, 0, error))
    return NULL;
  /* The citizen is shown who asks from the attestation: an unattested
   * (redirect_uri:) client is for development tools, not this wallet. */
  if (vneid_openid4vp_request_get_attestation (request) == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST,
                   "the service is not registered: its request carries no verifier attestation");
      return NULL;
    }
  if (g_strcmp0 (vneid_openid4vp_request_get_client_id (request), client_id) != 0)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST,
                   "the request object names another client_id than the link");
      return NULL;
    }
  return g_steal_pointer (&request);
}

static VneidOpenid4vpConsent *
match_credentials (WalletServer           *server,
                   VneidOpenid4vpRequest  *request,
                   GError                **error)
{
  g_autoptr(GPtrArray) stored = wallet_store_list_credentials (server->config.store);
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < stored->len; i++)
    {
      WalletCredential *entry = g_ptr_array_index (stored, i);
      VneidCredential *credential = vneid_credential_new (entry->text, NULL);

      if (credential != NULL)
        g_ptr_array_add (credentials, credential);
    }
  return vneid_openid4vp_consent_new (request, (VneidCredential * const *) credentials->pdata,
                                      credentials->len, error);
}

static const char *
verifier_member (JsonObject *summary,
                 const char *name)
{
  JsonNode *verifier = json_object_get_member (summary, "verifier");

  if (verifier == NULL || !JSON_NODE_HOLDS_OBJECT (verifier))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (verifier), name, NULL);
}

static void
append_value (GString  *html,
              JsonNode *value)
{
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    service_html_append (html, json_node_get_string (value));
  else if (value != NULL)
    {
      g_autofree char *text = json_to_string (value, FALSE);

      service_html_append (html, text);
    }
}

/* One row per attribute the answer would disclose. */
static char *
attributes_html (JsonObject *summary)
{
  JsonArray *credentials = json_object_get_array_member (summary, "credentials");
  GString *html = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (credentials); i++)
    {
      JsonObject *credential = json_array_get_object_element (credentials, i);
      JsonArray *claims = json_object_get_array_member (credential, "claims");
      g_autofree char *source = g_strdup_printf ("%s (%s)",
                                                 json_object_get_string_member_with_default (credential, "issuer", ""),
                                                 json_object_get_string_member_with_default (credential, "vct", ""));

      for (guint j = 0; j < json_array_get_length (claims); j++)
        {
          JsonObject *claim = json_array_get_object_element (claims, j);
          gboolean required = json_object_get_boolean_member_with_default (claim, "required", TRUE);

          g_string_append (html, "<tr data-attribute=\"");
          service_html_append (html, json_object_get_string_member_with_default (claim, "path", ""));
          g_string_append (html, "\"><th scope=\"row\">");
          service_html_append (html, json_object_get_string_member_with_default (claim, "path", ""));
          g_string_append (html, "</th><td>");
          append_value (html, json_object_get_member (claim, "value"));
          g_string_append (html, "</td><td>");
          service_html_append (html, source);
          g_string_append_printf (html, "</td><td>%s</td></tr>\n",
                                  required ? "<span class=\"badge\">Bắt buộc / Required</span>"
                                           : "<span class=\"badge optional\">Tùy chọn / Optional</span>");
        }
    }
  return g_string_free (html, FALSE);
}

/* "scheme://host[:port]" of @uri, for the consent page's form-action. */
static char *
origin_of (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  if (parsed == NULL || g_uri_get_host (parsed) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 && g_strcmp0 (g_uri_get_scheme (parsed), "https") != 0))
    return NULL;
  if (g_uri_get_port (parsed) < 0)
    return g_strdup_printf ("%s://%s", g_uri_get_scheme (parsed), g_uri_get_host (parsed));
  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (parsed), g_uri_get_host (parsed), g_uri_get_port (parsed));
}

static void
reply_consent_page (WalletServer      *server,
                    SoupServerMessage *msg,
                    const char        *id,
                    WalletPending     *pending)
{
  g_autofree char *attributes = attributes_html (pending->summary);
  const char *response_uri = vneid_openid4vp_request_get_response_uri (pending->request);
  g_autofree char *origin = origin_of (response_uri);
  const char *name = verifier_member (pending->summary, "registered_name");
  g_autofree char *body =
    service_render_form (server->sessions, msg, WALLET_TEMPLATE ("consent.html"), NULL,
                        "request", id,
                        "registered_name", name,
                        "purpose", verifier_member (pending->summary, "purpose"),
                        "authority", verifier_member (pending->summary, "authority"),
                        "client_id", vneid_openid4vp_request_get_client_id (pending->request),
                        "response_uri", response_uri,
                        "attributes", attributes, NULL);

  wallet_reply_page (server, msg, 200, "Chia sẻ thông tin / Share your data", body, origin);
}

static void
show_consent (WalletServer      *server,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  const char *client_id = query != NULL ? g_hash_table_lookup (query, "client_id") : NULL;
  const char *request_uri = query != NULL ? g_hash_table_lookup (query, "request_uri") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidOpenid4vpRequest) request = NULL;
  g_autoptr(VneidOpenid4vpConsent) consent = NULL;
  WalletPending *pending;
  g_autofree char *id = NULL;

  if (client_id == NULL || request_uri == NULL)
    {
      g_set_error (&error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST, "the link needs client_id and request_uri");
      wallet_reply_error (msg, "Đường dẫn yêu cầu chia sẻ không đầy đủ.", error);
      return;
    }
  if ((request = fetch_request (server, client_id, request_uri, &error)) == NULL)
    {
      g_prefix_error (&error, "the request was refused: ");
      if (error->domain != SERVICE_ERROR)
        service_error_reclassify (error, SERVICE_ERROR_BAD_REQUEST);
      wallet_reply_error (msg, "Yêu cầu chia sẻ không hợp lệ, đã hết hạn hoặc không đáng tin cậy.", error);
      return;
    }
  if ((consent = match_credentials (server, request, &error)) == NULL)
    {
      g_prefix_error (&error, "your wallet cannot answer: ");
      service_error_reclassify (error, SERVICE_ERROR_BAD_REQUEST);
      wallet_reply_error (msg, "Ví chưa có đủ giấy tờ mà bên yêu cầu cần.", error);
      return;
    }
  g_hash_table_foreach_remove (server->pending, is_stale, NULL);
  if (g_hash_table_size (server->pending) >= PENDING_MAX)
    g_hash_table_remove_all (server->pending);
  pending = g_new0 (WalletPending, 1);
  pending->request = g_steal_pointer (&request);
  pending->consent = g_steal_pointer (&consent);
  pending->summary = vneid_openid4vp_consent_to_json_object (pending->consent);
  pending->created_at = now ();
  id = random_id ();
  g_hash_table_insert (server->pending, g_strdup (id), pending);
  reply_consent_page (server, msg, id, pending);
}

/* ---- the answer ---- */

static char *
requested_paths (JsonObject *summary)
{
  JsonArray *credentials = json_object_get_array_member (summary, "credentials");
  GString *paths = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (credentials); i++)
    {
      JsonArray *claims = json_object_get_array_member (json_array_get_object_element (credentials, i), "claims");

      for (guint j = 0; j < json_array_get_length (claims); j++)
        g_string_append_printf (paths, "%s%s", paths->len > 0 ? ", " : "",
                                json_object_get_string_member_with_default (json_array_get_object_element (claims, j),
                                                                            "path", ""));
    }
  return g_string_free (paths, FALSE);
}

/* POSTs @fields form-encoded to the response_uri (direct_post); the status
 * and the JSON object answered (NULL when not JSON). */
static guint
post_response (WalletServer   *server,
               const char     *response_uri,
               GHashTable     *fields,
               JsonObject    **answer,
               GError        **error)
{
  g_autoptr(SoupMessage) message = soup_message_new_from_encoded_form ("POST", response_uri,
                                                                        soup_form_encode_hash (fields));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  *answer = NULL;
  if (message == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST, "the response_uri is not a valid URL");
      return 0;
    }
  bytes = soup_session_send_and_read (server->http, message, NULL, error);
  if (bytes == NULL)
    return 0;
  if (g_bytes_get_size (bytes) <= RESPONSE_MAX_SIZE &&
      json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    *answer = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return soup_message_get_status (message);
}

static void
record_share (WalletServer  *server,
              WalletPending *pending,
              const char    *outcome,
              const char    *detail)
{
  g_autofree char *attributes = requested_paths (pending->summary);
  const char *name = verifier_member (pending->summary, "registered_name");
  WalletShare share = {
    .at = now (),
    .client_id = (char *) vneid_openid4vp_request_get_client_id (pending->request),
    .verifier_name = (char *) (name != NULL ? name : ""),
    .attributes = attributes,
    .outcome = (char *) outcome,
    .detail = (char *) detail,
  };
  g_autoptr(GError) error = NULL;

  if (!wallet_store_add_share (server->config.store, &share, &error))
    g_warning ("%s: %s", WALLET_NAME, error->message);
}

static gboolean
is_web_url (const char *uri)
{
  g_autofree char *origin = uri != NULL ? origin_of (uri) : NULL;

  return origin != NULL;
}

static void
answer (WalletServer      *server,
        SoupServerMessage *msg,
        WalletPending     *pending,
        gboolean           approve)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = vneid_openid4vp_request_get_state (pending->request);
  const char *redirect;
  g_autofree char *body = NULL;
  guint status;

  if (approve)
    {
      char *vp_token = vneid_openid4vp_consent_build_vp_token (pending->consent, server->config.holder_key, 0, &error);

      if (vp_token == NULL)
        {
          wallet_reply_error (msg, "Ví không tạo được câu trả lời.", error);
          return;
        }
      g_hash_table_insert (fields, "vp_token", vp_token);
    }
  else
    {
      g_hash_table_insert (fields, "error", g_strdup ("access_denied"));
      g_hash_table_insert (fields, "error_description", g_strdup ("the citizen declined to share"));
    }
  if (state != NULL)
    g_hash_table_insert (fields, "state", g_strdup (state));
  status = post_response (server, vneid_openid4vp_request_get_response_uri (pending->request), fields, &reply, &error);
  if (status == 0)
    {
      g_prefix_error (&error, "the service did not receive the answer: ");
      service_error_reclassify (error, SERVICE_ERROR_UPSTREAM);
      wallet_reply_error (msg, "Không gửi được câu trả lời tới bên yêu cầu.", error);
      return;
    }
  if (status >= 300)
    {
      const char *message = reply != NULL ? json_object_get_string_member_with_default (reply, "error_description", NULL) : NULL;
      g_autofree char *detail = g_strdup_printf ("HTTP %u: %s", status, message != NULL ? message : "refused");

      record_share (server, pending, "refused", detail);
      g_set_error (&error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST, "the service refused the answer: %s",
                   message != NULL ? message : "no reason given");
      wallet_reply_error (msg, "Bên yêu cầu đã từ chối câu trả lời.", error);
      return;
    }
  record_share (server, pending, approve ? "sent" : "declined", "");
  redirect = reply != NULL ? json_object_get_string_member_with_default (reply, "redirect_uri", NULL) : NULL;
  if (is_web_url (redirect))
    {
      service_reply_redirect (msg, redirect);
      return;
    }
  body = service_render (WALLET_TEMPLATE ("sent.html"), NULL, "outcome",
                         approve ? "Đã gửi / Sent" : "Đã từ chối / Declined", NULL);
  wallet_reply_page (server, msg, 200, approve ? "Đã gửi / Sent" : "Đã từ chối / Declined", body, NULL);
}

static void
take_decision (WalletServer      *server,
               SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = wallet_read_post (server, msg);
  g_autoptr(GError) error = NULL;
  const char *decision, *id;
  gpointer key = NULL, value = NULL;

  if (form == NULL)
    return;
  decision = g_hash_table_lookup (form, "decision");
  id = g_hash_table_lookup (form, "request");
  if (decision == NULL || (!g_str_equal (decision, "approve") && !g_str_equal (decision, "decline")))
    {
      g_set_error (&error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST, "decision must be approve or decline");
      wallet_reply_error (msg, "Hãy chọn Đồng ý hoặc Từ chối.", error);
      return;
    }
  /* One answer per request: taken out of the table before answering. */
  if (id == NULL || !g_hash_table_steal_extended (server->pending, id, &key, &value) ||
      is_stale (NULL, value, NULL))
    {
      g_free (key);
      if (value != NULL)
        wallet_pending_free (value);
      g_set_error (&error, SERVICE_ERROR, SERVICE_ERROR_NOT_FOUND,
                   "this request was already answered or has expired: open the link again");
      wallet_reply_error (msg, "Yêu cầu này đã được trả lời hoặc đã hết hạn.", error);
      return;
    }
  answer (server, msg, value, g_str_equal (decision, "approve"));
  g_free (key);
  wallet_pending_free (value);
}

static void
handle_authorize (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "POST"))
    take_decision (data, msg);
  else if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    show_consent (data, msg, query);
  else
    service_reply_error_page (msg, 405, WALLET_NAME, "Phương thức không được hỗ trợ.", "Method not allowed.");
}

/* ---- scanning a QR code: a pasted openid4vp:// URI ---- */

static char *
authorize_location (const char  *uri,
                    GError     **error)
{
  const char *question = uri != NULL ? strchr (uri, '?') : NULL;
  g_autoptr(GHashTable) query = NULL;
  const char *client_id, *request_uri;
  g_autofree char *client_escaped = NULL;
  g_autofree char *request_escaped = NULL;

  if (question == NULL || (query = service_form_parse (question + 1, strlen (question + 1), 8192, error)) == NULL ||
      (client_id = g_hash_table_lookup (query, "client_id")) == NULL ||
      (request_uri = g_hash_table_lookup (query, "request_uri")) == NULL)
    {
      g_clear_error (error);
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST,
                   "paste an openid4vp://?client_id=…&request_uri=… link");
      return NULL;
    }
  client_escaped = g_uri_escape_string (client_id, NULL, FALSE);
  request_escaped = g_uri_escape_string (request_uri, NULL, FALSE);
  return g_strdup_printf ("/authorize?client_id=%s&request_uri=%s", client_escaped, request_escaped);
}

static void
handle_scan (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  WalletServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *body = NULL;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      body = service_render_form (server->sessions, msg, WALLET_TEMPLATE ("scan.html"), NULL, NULL);
      wallet_reply_page (server, msg, 200, "Quét mã QR / Scan a QR code", body, NULL);
      return;
    }
  if ((form = wallet_read_post (server, msg)) == NULL)
    return;
  location = authorize_location (g_hash_table_lookup (form, "uri"), &error);
  if (location == NULL)
    {
      wallet_reply_error (msg, "Mã QR không phải là yêu cầu chia sẻ VNeID.", error);
      return;
    }
  service_reply_redirect (msg, location);
}

/* ---- history ---- */

static const char *
outcome_label (const char *outcome)
{
  if (g_str_equal (outcome, "sent"))
    return "Đã gửi / Sent";
  if (g_str_equal (outcome, "declined"))
    return "Đã từ chối / Declined";
  return "Bị bên nhận từ chối / Refused by the service";
}

static void
handle_history (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  WalletServer *server = data;
  g_autoptr(GPtrArray) shares = wallet_store_list_shares (server->config.store);
  g_autoptr(GString) html = g_string_new (NULL);

  if (shares->len == 0)
    g_string_append (html, "<p>Chưa chia sẻ lần nào / Nothing shared yet.</p>\n");
  else
    g_string_append (html, "<table><thead><tr><th scope=\"col\">Khi nào / When</th><th scope=\"col\">Cho ai / To whom</th>"
                           "<th scope=\"col\">Thông tin / What</th><th scope=\"col\">Kết quả / Outcome</th></tr></thead><tbody>\n");
  for (guint i = 0; i < shares->len; i++)
    {
      WalletShare *share = g_ptr_array_index (shares, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (share->at);
      g_autofree char *when = at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("");

      g_string_append (html, "<tr data-outcome=\"");
      service_html_append (html, share->outcome);
      g_string_append (html, "\"><td>");
      service_html_append (html, when);
      g_string_append (html, "</td><td>");
      service_html_append (html, share->verifier_name);
      g_string_append (html, "<br><small>");
      service_html_append (html, share->client_id);
      g_string_append (html, "</small></td><td>");
      service_html_append (html, share->attributes);
      g_string_append (html, "</td><td>");
      service_html_append (html, outcome_label (share->outcome));
      if (*share->detail != '\0')
        {
          g_string_append (html, "<br><small>");
          service_html_append (html, share->detail);
          g_string_append (html, "</small>");
        }
      g_string_append (html, "</td></tr>\n");
    }
  if (shares->len > 0)
    g_string_append (html, "</tbody></table>\n");
  wallet_reply_page (server, msg, 200, "Lịch sử chia sẻ / Sharing history", html->str, NULL);
}

void
wallet_sharing_register (WalletServer *server)
{
  service_add_body_cap (server->soup, "/authorize", SERVICE_MAX_FORM_BODY);
  service_add_body_cap (server->soup, "/scan", SERVICE_MAX_FORM_BODY);
  service_add_body_cap (server->soup, "/history", SERVICE_MAX_FORM_BODY);
  soup_server_add_handler (server->soup, "/authorize", handle_authorize, server, NULL);
  soup_server_add_handler (server->soup, "/scan", handle_scan, server, NULL);
  soup_server_add_handler (server->soup, "/history", handle_history, server, NULL);
}
