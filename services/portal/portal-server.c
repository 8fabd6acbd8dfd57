/* portal-server.c: the portal's pages and its OpenID4VP endpoints
 * (docs/portal.md)
 *
 *   GET  /                             the forms
 *   GET  /forms/FORM_ID                the empty form, "Điền từ VNeID"
 *   POST /forms/FORM_ID/vneid          a transaction → 303 /tx/TX_ID
 *   GET  /tx/TX_ID                     waiting: wallet link, QR code (410 expired)
 *   GET  /openid4vp/request/TX_ID      the signed request object
 *   POST /openid4vp/response           direct_post from the wallet (JSON answers)
 *   GET  /tx/TX_ID/form                the filled form
 *   POST /tx/TX_ID/submit              checked, stored → 303 /submissions/REF
 *   GET  /submissions/REF              the receipt
 *   GET  /officer/submissions          every submission, per field its source
 *
 * Here: the helpers the route files share, the forms, the transactions and
 * the waiting page; the wallet's answer in portal-response.c; the filled
 * form, submissions, receipts and the officer's list in portal-submit.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "portal-server-private.h"
#include "portal-resources.h"

/* ---- small helpers ---- */

gint64
portal_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
portal_hash_text (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Constant time: both are SHA-256 hex digests. */
gboolean
portal_hashes_equal (const char *a,
                     const char *b)
{
  return a != NULL && b != NULL && strlen (a) == strlen (b) && sodium_memcmp (a, b, strlen (a)) == 0;
}

char *
portal_session_hash (PortalServer      *server,
                     SoupServerMessage *msg)
{
  g_autofree char *id = service_sessions_get_id (server->sessions, msg);

  return portal_hash_text (id);
}

void
portal_reply_page (SoupServerMessage *msg,
                   guint              status,
                   const char        *title,
                   const char        *body)
{
  service_reply_page (msg, status, PORTAL_TITLE, title, body, NULL);
}

void
portal_reply_error (SoupServerMessage *msg,
                    guint              status,
                    const char        *message_vi,
                    const char        *message_en)
{
  service_reply_error_page (msg, status, PORTAL_TITLE, message_vi, message_en);
}

void
portal_reply_internal (SoupServerMessage *msg,
                       const GError      *error)
{
  g_autofree char *shown = service_clean_for_log (error != NULL ? error->message : "unknown error");

  g_warning ("%s: %s", PORTAL_NAME, shown);
  portal_reply_error (msg, 500, "Cổng dịch vụ không xử lý được yêu cầu, vui lòng thử lại sau.",
                      "The portal could not complete the request: please try again later.");
}

void
portal_reply_template (SoupServerMessage *msg,
                       guint              status,
                       const char        *title,
                       const char        *name,
                       ...)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = g_strconcat ("/vn/vneid/portal/", name, ".html", NULL);
  g_autofree char *template_text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  const char *key;
  va_list args;

  va_start (args, name);
  while ((key = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (values, (gpointer) key, va_arg (args, char *));
  va_end (args);
  if ((template_text = service_resource_text (path, &error)) == NULL ||
      (body = service_template_render (template_text, values, &error)) == NULL)
    {
      portal_reply_internal (msg, error);
      return;
    }
  portal_reply_page (msg, status, title, body);
}

gboolean
portal_require_method (SoupServerMessage *msg,
                       const char        *method)
{
  if (g_str_equal (soup_server_message_get_method (msg), method))
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", method);
  portal_reply_error (msg, 405, "Yêu cầu không hợp lệ cho trang này.", "This page does not accept that request method.");
  return FALSE;
}

/* The POSTed form with a valid CSRF token, or NULL once refused. */
GHashTable *
portal_read_checked_form (PortalServer      *server,
                          SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = service_read_form (msg, SERVICE_MAX_FORM_BODY, &error);

  if (form == NULL || !service_sessions_check_csrf (server->sessions, msg, form, &error))
    {
      g_autofree char *shown = service_clean_for_log (error->message);

      g_message ("%s: refused a form: %s", PORTAL_NAME, shown);
      portal_reply_error (msg, service_error_http_status (error),
                          "Phiên làm việc không hợp lệ hoặc đã hết hạn: vui lòng tải lại trang và thử lại.",
                          "The page's session is missing or expired: reload the page and try again.");
      return NULL;
    }
  return g_steal_pointer (&form);
}

/* The path segment after @prefix, up to the next "/" (or the end), and what
 * follows it in @rest; NULL when empty or not a plain token. */
char *
portal_path_segment (const char  *path,
                     const char  *prefix,
                     const char **rest)
{
  const char *start = path + strlen (prefix);
  const char *end = strchr (start, '/');
  gsize length = end != NULL ? (gsize) (end - start) : strlen (start);

  *rest = start + length;
  if (length == 0 || length > 128)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (start[i]) && start[i] != '-' && start[i] != '_' && start[i] != '.')
      return NULL;
  return g_strndup (start, length);
}

VneidFormMapper *
portal_lookup_form (PortalServer *server,
                    const char   *form_id)
{
  return form_id != NULL ? vneid_plugin_registry_lookup (server->config->registry, form_id) : NULL;
}

static void
reply_no_form (SoupServerMessage *msg)
{
  portal_reply_error (msg, 404, "Không có biểu mẫu này.", "There is no such form.");
}

void
portal_reply_no_transaction (SoupServerMessage *msg)
{
  portal_reply_error (msg, 404, "Không tìm thấy yêu cầu điền từ VNeID này.", "There is no such VNeID request.");
}

/* Why a level-2 form is out of reach of a level-@level citizen, or "". */
char *
portal_level2_notice (VneidFormSchema *schema,
                      guint            level)
{
  if (schema == NULL || vneid_form_schema_get_min_level (schema) < 2 || level >= 2)
    return g_strdup ("");
  return service_resource_text ("/vn/vneid/portal/level2.html", NULL);
}

/* ---- GET / ---- */

static void
handle_index (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  PortalServer *server = data;
  g_auto(GStrv) forms = NULL;
  g_autoptr(GString) body = g_string_new (NULL);

  if (!g_str_equal (path, "/"))
    {
      portal_reply_error (msg, 404, "Không có trang này.", "There is no such page.");
      return;
    }
  if (!portal_require_method (msg, "GET"))
    return;
  forms = vneid_plugin_registry_list_forms (server->config->registry);
  for (char **id = forms; *id != NULL; id++)
    {
      VneidFormSchema *schema = vneid_form_mapper_get_schema (portal_lookup_form (server, *id));

      g_string_append (body, "<li><a href=\"/forms/");
      service_html_append (body, *id);
      g_string_append (body, "\">");
      service_html_append (body, vneid_form_schema_get_title (schema));
      g_string_append (body, "</a> <span class=\"en\">");
      service_html_append (body, vneid_form_schema_get_authority (schema));
      if (vneid_form_schema_get_min_level (schema) >= 2)
        g_string_append (body, " · cần tài khoản mức 2 / needs a level-2 account");
      g_string_append (body, "</span></li>\n");
    }
  portal_reply_template (msg, 200, "Biểu mẫu / Forms", "index", "forms", body->str, NULL);
}

/* ---- /forms/FORM_ID and POST /forms/FORM_ID/vneid ---- */

static void
show_empty_form (PortalServer      *server,
                 SoupServerMessage *msg,
                 VneidFormSchema   *schema)
{
  g_autoptr(VneidFilledForm) empty = vneid_filled_form_new (schema, 2);
  g_autoptr(JsonObject) json = vneid_filled_form_to_json_object (empty);
  g_autofree char *fields = portal_form_fields_html (schema, json_object_get_array_member (json, "fields"), NULL);
  g_autofree char *csrf = service_sessions_csrf_token (server->sessions, msg);
  g_autofree char *level2 = portal_level2_notice (schema, 0);

  portal_reply_template (msg, 200, vneid_form_schema_get_title (schema), "form",
                         "authority", vneid_form_schema_get_authority (schema),
                         "form_id", vneid_form_schema_get_id (schema),
                         "level2", level2, "csrf", csrf, "fields", fields, NULL);
}

static char *
make_request_object (PortalServer  *server,
                     const char    *form_id,
                     const char    *tx_id,
                     gint64         now,
                     GError       **error)
{
  const char *forms[] = { form_id, NULL };
  g_autoptr(VneidDcqlQuery) query = vneid_dcql_query_new_for_forms (server->config->registry, forms, error);
  g_autofree char *response_uri = g_strconcat (server->config->public_url, "/openid4vp/response", NULL);
  g_autoptr(VneidOpenid4vpRequest) request = NULL;

  if (query == NULL)
    return NULL;
  request = vneid_openid4vp_request_new (server->config->client_id, response_uri, query, now, error);
  if (request == NULL || !vneid_openid4vp_request_set_state (request, tx_id, error))
    return NULL;
  return vneid_openid4vp_request_sign (request, server->config->key, server->config->attestation, error);
}

static void
start_transaction (PortalServer      *server,
                   SoupServerMessage *msg,
                   const char        *form_id)
{
  g_autoptr(GHashTable) form = portal_read_checked_form (server, msg);
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  if (form == NULL)
    return;
  tx = g_new0 (PortalTransaction, 1);
  tx->tx_id = service_random_token (16);
  tx->form_id = g_strdup (form_id);
  tx->session_hash = portal_session_hash (server, msg);
  tx->created_at = portal_now ();
  tx->expires_at = tx->created_at + server->config->lifetime;
  tx->request_object = make_request_object (server, form_id, tx->tx_id, tx->created_at, &error);
  if (tx->request_object == NULL || !portal_store_add_transaction (server->store, tx, &error))
    {
      portal_reply_internal (msg, error);
      return;
    }
  location = g_strconcat ("/tx/", tx->tx_id, NULL);
  service_reply_redirect (msg, location);
}

static void
handle_forms (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  PortalServer *server = data;
  const char *rest = NULL;
  g_autofree char *form_id = portal_path_segment (path, "/forms/", &rest);
  VneidFormMapper *mapper = portal_lookup_form (server, form_id);

  if (mapper == NULL)
    {
      reply_no_form (msg);
      return;
    }
  if (*rest == '\0')
    {
      if (portal_require_method (msg, "GET"))
        show_empty_form (server, msg, vneid_form_mapper_get_schema (mapper));
    }
  else if (g_str_equal (rest, "/vneid"))
    {
      if (portal_require_method (msg, "POST"))
        start_transaction (server, msg, form_id);
    }
  else
    reply_no_form (msg);
}

/* ---- GET /openid4vp/request/TX_ID ---- */

static void
handle_request_object (SoupServer        *soup,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           data)
{
  PortalServer *server = data;
  const char *rest = NULL;
  g_autofree char *tx_id = portal_path_segment (path, "/openid4vp/request/", &rest);
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;

  if (!portal_require_method (msg, "GET"))
    return;
  if (tx_id != NULL && *rest == '\0')
    tx = portal_store_get_transaction (server->store, tx_id, &error);
  if (error != NULL)
    {
      portal_reply_internal (msg, error);
      return;
    }
  if (tx == NULL)
    {
      portal_reply_no_transaction (msg);
      return;
    }
  /* Gone once answered or expired: the wallet says so before it asks the
   * citizen to consent to a request that can no longer be answered. */
  if (tx->used || portal_now () > tx->expires_at)
    {
      portal_reply_error (msg, 410, "Yêu cầu này đã hết hạn hoặc đã được trả lời.",
                          "This request has expired or was already answered.");
      return;
    }
  service_set_common_headers (msg);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/oauth-authz-req+jwt", SOUP_MEMORY_COPY,
                                    tx->request_object, strlen (tx->request_object));
}

/* ---- GET /tx/TX_ID: the waiting page ---- */

static char *
link_query (PortalServer *server,
            const char   *tx_id)
{
  g_autofree char *request_uri = g_strconcat (server->config->public_url, "/openid4vp/request/", tx_id, NULL);
  g_autofree char *client = g_uri_escape_string (server->config->client_id, NULL, FALSE);
  g_autofree char *uri = g_uri_escape_string (request_uri, NULL, FALSE);

  return g_strconcat ("client_id=", client, "&request_uri=", uri, NULL);
}

static void
show_waiting (PortalServer      *server,
              SoupServerMessage *msg,
              PortalTransaction *tx)
{
  g_autofree char *query = link_query (server, tx->tx_id);
  g_autofree char *wallet_link = g_strconcat (server->config->wallet_url, "/authorize?", query, NULL);
  g_autofree char *vp_link = g_strconcat ("openid4vp://?", query, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *qr = portal_qr_svg (vp_link, &error);
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_local (tx->expires_at);
  g_autofree char *expires_text = expires != NULL ? g_date_time_format (expires, "%H:%M:%S") : g_strdup ("");

  if (qr == NULL)
    {
      portal_reply_internal (msg, error);
      return;
    }
  /* No script: the page reloads itself until the wallet has answered. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Refresh", "2");
  portal_reply_template (msg, 200, "Điền từ VNeID / Fill from VNeID", "waiting",
                         "wallet_link", wallet_link, "vp_link", vp_link, "qr", qr, "expires", expires_text, NULL);
}

static void
show_expired (SoupServerMessage *msg,
              PortalTransaction *tx)
{
  portal_reply_template (msg, 410, "Đã hết hạn / Expired", "expired", "form_id", tx->form_id, NULL);
}

static void
handle_tx (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  PortalServer *server = data;
  const char *rest = NULL;
  g_autofree char *tx_id = portal_path_segment (path, "/tx/", &rest);
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;

  if (tx_id != NULL)
    tx = portal_store_get_transaction (server->store, tx_id, &error);
  if (error != NULL)
    {
      portal_reply_internal (msg, error);
      return;
    }
  if (tx == NULL)
    portal_reply_no_transaction (msg);
  else if (*rest == '\0' && portal_require_method (msg, "GET"))
    {
      g_autofree char *form = g_strconcat ("/tx/", tx->tx_id, "/form", NULL);

      if (tx->outcome != PORTAL_OUTCOME_WAITING)
        service_reply_redirect (msg, form);
      else if (portal_now () > tx->expires_at)
        show_expired (msg, tx);
      else
        show_waiting (server, msg, tx);
    }
  else if (g_str_equal (rest, "/form") && portal_require_method (msg, "GET"))
    portal_show_filled_form (server, msg, tx, query);
  else if (g_str_equal (rest, "/submit") && portal_require_method (msg, "POST"))
    portal_submit_form (server, msg, tx);
  else if (*rest != '\0' && !g_str_equal (rest, "/form") && !g_str_equal (rest, "/submit"))
    portal_reply_no_transaction (msg);
}

/* ---- the server ---- */

PortalServer *
portal_server_new (PortalConfig  *config,
                   ServiceStore  *store,
                   GError       **error)
{
  PortalServer *server = g_new0 (PortalServer, 1);
  static const struct {
    const char         *path;
    SoupServerCallback  callback;
  } routes[] = {
    { "/", handle_index },
    { "/forms/", handle_forms },
    { "/tx/", handle_tx },
    { "/openid4vp/request/", handle_request_object },
    { "/openid4vp/response", portal_handle_response },
    { "/submissions/", portal_handle_receipt },
    { "/officer/submissions", portal_handle_officer },
  };

  server->config = config;
  server->store = store;
  server->sessions = service_sessions_new ();
  server->status = portal_status_new (config->trust, config->status_bases);
  server->soup = soup_server_new ("server-header", PORTAL_NAME, NULL);
  /* A reference keeps the templates' object file in the link (a static
   * library's resource constructor alone would be dropped). */
  (void) portal_get_resource ();
  service_add_body_cap (server->soup, "/", SERVICE_MAX_FORM_BODY);
  service_add_body_cap (server->soup, "/openid4vp/response", PORTAL_MAX_RESPONSE_BODY);
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    soup_server_add_handler (server->soup, routes[i].path, routes[i].callback, server, NULL);
  service_add_static_routes (server->soup);
  return server;
}

void
portal_server_free (PortalServer *server)
{
  if (server == NULL)
    return;
  soup_server_disconnect (server->soup);
  g_object_unref (server->soup);
  portal_status_free (server->status);
  service_sessions_free (server->sessions);
  g_free (server);
}

SoupServer *
portal_server_get_soup (PortalServer *server)
{
  return server->soup;
}
