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
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "portal.h"
#include "portal-resources.h"

#define OFFICER_LIST_LIMIT 200

struct _PortalServer {
  PortalConfig    *config;
  ServiceStore    *store;
  ServiceSessions *sessions;
  PortalStatus    *status;
  SoupServer      *soup;
};

/* ---- small helpers ---- */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
hash_text (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Constant time: both are SHA-256 hex digests. */
static gboolean
hashes_equal (const char *a,
              const char *b)
{
  return a != NULL && b != NULL && strlen (a) == strlen (b) && sodium_memcmp (a, b, strlen (a)) == 0;
}

static char *
session_hash (PortalServer      *server,
              SoupServerMessage *msg)
{
  g_autofree char *id = service_sessions_get_id (server->sessions, msg);

  return hash_text (id);
}

static void
reply_page (SoupServerMessage *msg,
            guint              status,
            const char        *title,
            const char        *body)
{
  service_reply_page (msg, status, PORTAL_TITLE, title, body, NULL);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message_vi,
             const char        *message_en)
{
  service_reply_error_page (msg, status, PORTAL_TITLE, message_vi, message_en);
}

static void
reply_internal (SoupServerMessage *msg,
                const GError      *error)
{
  g_autofree char *shown = service_clean_for_log (error != NULL ? error->message : "unknown error");

  g_warning ("%s: %s", PORTAL_NAME, shown);
  reply_error (msg, 500, "Cổng dịch vụ không xử lý được yêu cầu, vui lòng thử lại sau.",
               "The portal could not complete the request: please try again later.");
}

/* The page of template @name (resource /vn/vneid/portal/NAME) with the
 * NULL-terminated name/value pairs that follow: {{name}} escaped,
 * {{{name}}} HTML the caller built with escaping. */
static void
reply_template (SoupServerMessage *msg,
                guint              status,
                const char        *title,
                const char        *name,
                ...) G_GNUC_NULL_TERMINATED;

static void
reply_template (SoupServerMessage *msg,
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
      reply_internal (msg, error);
      return;
    }
  reply_page (msg, status, title, body);
}

static gboolean
require_method (SoupServerMessage *msg,
                const char        *method)
{
  if (g_str_equal (soup_server_message_get_method (msg), method))
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", method);
  reply_error (msg, 405, "Yêu cầu không hợp lệ cho trang này.", "This page does not accept that request method.");
  return FALSE;
}

/* The POSTed form with a valid CSRF token, or NULL once refused. */
static GHashTable *
read_checked_form (PortalServer      *server,
                   SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = service_read_form (msg, SERVICE_MAX_FORM_BODY, &error);

  if (form == NULL || !service_sessions_check_csrf (server->sessions, msg, form, &error))
    {
      g_autofree char *shown = service_clean_for_log (error->message);

      g_message ("%s: refused a form: %s", PORTAL_NAME, shown);
      reply_error (msg, service_error_http_status (error),
                   "Phiên làm việc không hợp lệ hoặc đã hết hạn: vui lòng tải lại trang và thử lại.",
                   "The page's session is missing or expired: reload the page and try again.");
      return NULL;
    }
  return g_steal_pointer (&form);
}

/* The path segment after @prefix, up to the next "/" (or the end), and what
 * follows it in @rest; NULL when empty or not a plain token. */
static char *
path_segment (const char  *path,
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

static VneidFormMapper *
lookup_form (PortalServer *server,
             const char   *form_id)
{
  return form_id != NULL ? vneid_plugin_registry_lookup (server->config->registry, form_id) : NULL;
}

static void
reply_no_form (SoupServerMessage *msg)
{
  reply_error (msg, 404, "Không có biểu mẫu này.", "There is no such form.");
}

static void
reply_no_transaction (SoupServerMessage *msg)
{
  reply_error (msg, 404, "Không tìm thấy yêu cầu điền từ VNeID này.", "There is no such VNeID request.");
}

/* Why a level-2 form is out of reach of a level-@level citizen, or "". */
static char *
level2_notice (VneidFormSchema *schema,
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
      reply_error (msg, 404, "Không có trang này.", "There is no such page.");
      return;
    }
  if (!require_method (msg, "GET"))
    return;
  forms = vneid_plugin_registry_list_forms (server->config->registry);
  for (char **id = forms; *id != NULL; id++)
    {
      VneidFormSchema *schema = vneid_form_mapper_get_schema (lookup_form (server, *id));

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
  reply_template (msg, 200, "Biểu mẫu / Forms", "index", "forms", body->str, NULL);
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
  g_autofree char *level2 = level2_notice (schema, 0);

  reply_template (msg, 200, vneid_form_schema_get_title (schema), "form",
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
  g_autoptr(GHashTable) form = read_checked_form (server, msg);
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  if (form == NULL)
    return;
  tx = g_new0 (PortalTransaction, 1);
  tx->tx_id = service_random_token (16);
  tx->form_id = g_strdup (form_id);
  tx->session_hash = session_hash (server, msg);
  tx->created_at = now_seconds ();
  tx->expires_at = tx->created_at + server->config->lifetime;
  tx->request_object = make_request_object (server, form_id, tx->tx_id, tx->created_at, &error);
  if (tx->request_object == NULL || !portal_store_add_transaction (server->store, tx, &error))
    {
      reply_internal (msg, error);
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
  g_autofree char *form_id = path_segment (path, "/forms/", &rest);
  VneidFormMapper *mapper = lookup_form (server, form_id);

  if (mapper == NULL)
    {
      reply_no_form (msg);
      return;
    }
  if (*rest == '\0')
    {
      if (require_method (msg, "GET"))
        show_empty_form (server, msg, vneid_form_mapper_get_schema (mapper));
    }
  else if (g_str_equal (rest, "/vneid"))
    {
      if (require_method (msg, "POST"))
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
  g_autofree char *tx_id = path_segment (path, "/openid4vp/request/", &rest);
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_method (msg, "GET"))
    return;
  if (tx_id != NULL && *rest == '\0')
    tx = portal_store_get_transaction (server->store, tx_id, &error);
  if (error != NULL)
    {
      reply_internal (msg, error);
      return;
    }
  if (tx == NULL)
    {
      reply_no_transaction (msg);
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
      reply_internal (msg, error);
      return;
    }
  /* No script: the page reloads itself until the wallet has answered. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Refresh", "2");
  reply_template (msg, 200, "Điền từ VNeID / Fill from VNeID", "waiting",
                  "wallet_link", wallet_link, "vp_link", vp_link, "qr", qr, "expires", expires_text, NULL);
}

static void
show_expired (SoupServerMessage *msg,
              PortalTransaction *tx)
{
  reply_template (msg, 410, "Đã hết hạn / Expired", "expired", "form_id", tx->form_id, NULL);
}

static void show_filled_form (PortalServer *server, SoupServerMessage *msg, PortalTransaction *tx,
                              GHashTable *query);
static void submit_form (PortalServer *server, SoupServerMessage *msg, PortalTransaction *tx);

static void
handle_tx (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  PortalServer *server = data;
  const char *rest = NULL;
  g_autofree char *tx_id = path_segment (path, "/tx/", &rest);
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;

  if (tx_id != NULL)
    tx = portal_store_get_transaction (server->store, tx_id, &error);
  if (error != NULL)
    {
      reply_internal (msg, error);
      return;
    }
  if (tx == NULL)
    reply_no_transaction (msg);
  else if (*rest == '\0' && require_method (msg, "GET"))
    {
      g_autofree char *form = g_strconcat ("/tx/", tx->tx_id, "/form", NULL);

      if (tx->outcome != PORTAL_OUTCOME_WAITING)
        service_reply_redirect (msg, form);
      else if (now_seconds () > tx->expires_at)
        show_expired (msg, tx);
      else
        show_waiting (server, msg, tx);
    }
  else if (g_str_equal (rest, "/form") && require_method (msg, "GET"))
    show_filled_form (server, msg, tx, query);
  else if (g_str_equal (rest, "/submit") && require_method (msg, "POST"))
    submit_form (server, msg, tx);
  else if (*rest != '\0' && !g_str_equal (rest, "/form") && !g_str_equal (rest, "/submit"))
    reply_no_transaction (msg);
}

/* ---- POST /openid4vp/response ---- */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  service_set_common_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
reply_refusal (SoupServerMessage *msg,
               const char        *error_name,
               const char        *message_vi,
               const char        *message_en)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *description = g_strconcat (message_vi, " / ", message_en, NULL);

  json_object_set_string_member (object, "error", error_name);
  json_object_set_string_member (object, "error_description", description);
  reply_json (msg, 400, object);
}

/* The citizen-readable reason a response was refused. */
typedef struct {
  const char *error;
  const char *vi;
  const char *en;
} Refusal;

static const Refusal refusal_replay = {
  "invalid_request",
  "Yêu cầu này đã được trả lời; một phản hồi chỉ được dùng một lần. Vui lòng bắt đầu lại từ biểu mẫu.",
  "This request was already answered; a response is accepted only once. Please start again from the form.",
};
static const Refusal refusal_expired = {
  "invalid_request",
  "Yêu cầu điền từ VNeID đã hết hạn. Vui lòng bắt đầu lại từ biểu mẫu.",
  "The VNeID request expired. Please start again from the form.",
};
static const Refusal refusal_revoked = {
  "invalid_request",
  "Giấy tờ trong ví đã bị thu hồi hoặc tạm khóa (ví dụ tài khoản định danh đã bị khóa), nên không thể dùng để điền biểu mẫu.",
  "A credential in the wallet has been revoked or suspended (for example, the VNeID account was locked), so it cannot fill the form.",
};
static const Refusal refusal_level2 = {
  "invalid_request",
  "Biểu mẫu này cần tài khoản định danh điện tử mức 2 (thẻ Căn cước điện tử); ví của bạn chưa gửi thẻ này.",
  "This form needs a level-2 VNeID account (the electronic ID card); your wallet did not send it.",
};
static const Refusal refusal_missing = {
  "invalid_request",
  "Ví chưa gửi đủ dữ liệu biểu mẫu cần.",
  "The wallet did not send all the data the form needs.",
};
static const Refusal refusal_invalid = {
  "invalid_request",
  "Dữ liệu ví gửi không kiểm tra được (chữ ký, thời hạn hoặc nguồn cấp không hợp lệ).",
  "The data the wallet sent could not be verified (signature, validity or issuer).",
};
static const Refusal refusal_status = {
  "server_error",
  "Không kiểm tra được tình trạng thu hồi của giấy tờ lúc này. Vui lòng thử lại sau.",
  "The credential's revocation status cannot be checked right now. Please try again later.",
};

/* @lists_available: whether every status list the response refers to
 * could be fetched; when not, a presentation refused for another reason
 * than those below was refused for its unknown status. */
static const Refusal *
classify_refusal (const GError    *error,
                  VneidFormSchema *schema,
                  gboolean         lists_available)
{
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_REPLAY))
    return &refusal_replay;
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_EXPIRED))
    return &refusal_expired;
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_REVOKED))
    return &refusal_revoked;
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL))
    return vneid_form_schema_get_min_level (schema) >= 2 ? &refusal_level2 : &refusal_missing;
  if (!lists_available)
    return &refusal_status;
  return &refusal_invalid;
}

static char *
redirect_after_answer (PortalServer      *server,
                       PortalTransaction *tx)
{
  g_autofree char *code = service_random_token (32);

  tx->response_code_hash = hash_text (code);
  return g_strconcat (server->config->public_url, "/tx/", tx->tx_id, "/form?response_code=", code, NULL);
}

static void
reply_redirect_uri (SoupServerMessage *msg,
                    const char        *redirect_uri)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "redirect_uri", redirect_uri);
  reply_json (msg, 200, object);
}

static VneidFilledForm *
fill_form (PortalServer  *server,
           const char    *form_id,
           VneidProfile  *profile,
           GError       **error)
{
  VneidFormMapper *shared = lookup_form (server, form_id);
  g_autoptr(VneidFormMapper) mapper = NULL;
  GParamSpec *facility;

  if (shared == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_NOT_FOUND, "no plugin fills %s any more", form_id);
      return NULL;
    }
  /* The BHYT check-in takes the clinic's own facility code (the visit is
   * today, the mapper's default). */
  facility = g_object_class_find_property (G_OBJECT_GET_CLASS (shared), VNEID_FORM_MAPPER_PROP_FACILITY_CODE);
  if (facility != NULL && server->config->facility_code != NULL)
    mapper = g_object_new (G_OBJECT_TYPE (shared), VNEID_FORM_MAPPER_PROP_FACILITY_CODE,
                           server->config->facility_code, NULL);
  else
    mapper = g_object_ref (shared);
  return vneid_form_mapper_fill (mapper, profile, error);
}

/* Verifies the vp_token of a claimed transaction and records the outcome. */
static void
verify_answer (PortalServer      *server,
               SoupServerMessage *msg,
               PortalTransaction *tx,
               const char        *vp_token)
{
  g_autoptr(VneidVerifier) verifier = vneid_verifier_new (server->config->trust);
  g_autoptr(VneidOpenid4vpRequest) request = NULL;
  g_autoptr(VneidOpenid4vpTransaction) transaction = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFilledForm) filled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;
  VneidFormMapper *mapper = lookup_form (server, tx->form_id);
  gboolean lists_available = portal_status_add_lists (server->status, verifier, vp_token);

  request = vneid_openid4vp_request_parse (tx->request_object, &error);
  if (request != NULL)
    {
      transaction = vneid_openid4vp_transaction_new (request);
      profile = vneid_openid4vp_transaction_verify_response (transaction, verifier, vp_token, tx->tx_id, &error);
    }
  if (profile != NULL)
    filled = fill_form (server, tx->form_id, profile, &error);
  if (filled == NULL)
    {
      const Refusal *refusal = mapper != NULL ? classify_refusal (error, vneid_form_mapper_get_schema (mapper),
                                                                  lists_available)
                                              : &refusal_invalid;
      g_autofree char *shown = service_clean_for_log (error->message);

      g_message ("%s: refused the response to %s: %s", PORTAL_NAME, tx->tx_id, shown);
      tx->outcome = PORTAL_OUTCOME_REFUSED;
      tx->message_vi = g_strdup (refusal->vi);
      tx->message_en = g_strdup (refusal->en);
      g_clear_error (&error);
      if (!portal_store_set_outcome (server->store, tx, &error))
        reply_internal (msg, error);
      else
        reply_refusal (msg, refusal->error, refusal->vi, refusal->en);
      return;
    }
  tx->outcome = PORTAL_OUTCOME_VERIFIED;
  tx->level = vneid_profile_get_level (profile);
  tx->holder_name = g_strdup (vneid_profile_get_name (profile));
  tx->filled_form = vneid_filled_form_to_json (filled, FALSE);
  redirect = redirect_after_answer (server, tx);
  if (!portal_store_set_outcome (server->store, tx, &error))
    reply_internal (msg, error);
  else
    reply_redirect_uri (msg, redirect);
}

static void
record_declined (PortalServer      *server,
                 SoupServerMessage *msg,
                 PortalTransaction *tx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;

  tx->outcome = PORTAL_OUTCOME_DECLINED;
  tx->message_vi = g_strdup ("Bạn đã từ chối chia sẻ dữ liệu từ ví VNeID. Bạn vẫn có thể tự điền biểu mẫu.");
  tx->message_en = g_strdup ("You declined to share data from the VNeID wallet. You can still fill the form yourself.");
  redirect = redirect_after_answer (server, tx);
  if (!portal_store_set_outcome (server->store, tx, &error))
    reply_internal (msg, error);
  else
    reply_redirect_uri (msg, redirect);
}

static void
handle_response (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  PortalServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;
  const char *state, *vp_token, *answer_error;
  gboolean claimed = FALSE;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      reply_refusal (msg, "invalid_request", "Chỉ nhận POST.", "Use POST (direct_post).");
      soup_server_message_set_status (msg, 405, NULL);
      return;
    }
  form = service_read_form (msg, PORTAL_MAX_RESPONSE_BODY, &error);
  if (form == NULL)
    {
      reply_refusal (msg, "invalid_request", "Phản hồi của ví không đọc được.",
                     "The wallet's response could not be read (application/x-www-form-urlencoded).");
      soup_server_message_set_status (msg, service_error_http_status (error), NULL);
      return;
    }
  state = g_hash_table_lookup (form, "state");
  vp_token = g_hash_table_lookup (form, "vp_token");
  answer_error = g_hash_table_lookup (form, "error");
  if (state != NULL && strlen (state) <= 128)
    tx = portal_store_get_transaction (server->store, state, &error);
  if (error != NULL)
    {
      reply_internal (msg, error);
      return;
    }
  if (tx == NULL || (vp_token == NULL && answer_error == NULL))
    {
      reply_refusal (msg, "invalid_request", "Phản hồi không thuộc yêu cầu nào đang chờ.",
                     "The response belongs to no pending request (state, vp_token or error missing or unknown).");
      return;
    }
  if (!portal_store_claim_response (server->store, tx->tx_id, now_seconds (), &claimed, &error))
    {
      reply_internal (msg, error);
      return;
    }
  if (!claimed)
    {
      const Refusal *refusal = tx->used ? &refusal_replay : &refusal_expired;

      reply_refusal (msg, refusal->error, refusal->vi, refusal->en);
      return;
    }
  if (answer_error != NULL)
    record_declined (server, msg, tx);
  else
    verify_answer (server, msg, tx, vp_token);
}

/* ---- GET /tx/TX_ID/form ---- */

/* The browser session that started the transaction, or whoever holds its
 * response code (the browser the wallet redirected). */
static gboolean
may_see (PortalServer      *server,
         SoupServerMessage *msg,
         PortalTransaction *tx,
         const char        *response_code)
{
  g_autofree char *session = session_hash (server, msg);
  g_autofree char *code_hash = response_code != NULL ? hash_text (response_code) : NULL;

  return hashes_equal (session, tx->session_hash) ||
         (code_hash != NULL && hashes_equal (code_hash, tx->response_code_hash));
}

static void
show_answer_message (SoupServerMessage *msg,
                     PortalTransaction *tx,
                     VneidFormSchema   *schema)
{
  gboolean declined = tx->outcome == PORTAL_OUTCOME_DECLINED;
  g_autofree char *level2 = level2_notice (schema, 0);

  reply_template (msg, 200, declined ? "Đã từ chối / Declined" : "Không điền được / Not filled", "answer",
                  "kind", declined ? "notice" : "error", "message_vi", tx->message_vi,
                  "message_en", tx->message_en, "level2", level2, "form_id", tx->form_id, NULL);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static void
render_filled_form (PortalServer      *server,
                    SoupServerMessage *msg,
                    PortalTransaction *tx,
                    const char        *response_code,
                    GHashTable        *typed,
                    guint              status,
                    const char        *problem_vi,
                    const char        *problem_en)
{
  VneidFormMapper *mapper = lookup_form (server, tx->form_id);
  VneidFormSchema *schema = mapper != NULL ? vneid_form_mapper_get_schema (mapper) : NULL;
  g_autoptr(JsonObject) filled = parse_object (tx->filled_form);
  g_autofree char *csrf = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *level = NULL;
  g_autofree char *level2 = NULL;
  g_autoptr(GString) problem = g_string_new (NULL);
  g_autoptr(GString) code = g_string_new (NULL);

  if (schema == NULL || filled == NULL || !json_object_has_member (filled, "fields"))
    {
      reply_internal (msg, NULL);
      return;
    }
  fields = portal_form_fields_html (schema, json_object_get_array_member (filled, "fields"), typed);
  csrf = service_sessions_csrf_token (server->sessions, msg);
  level = g_strdup_printf ("%u", tx->level);
  level2 = level2_notice (schema, tx->level);
  if (problem_vi != NULL)
    {
      g_string_append (problem, "<div class=\"error\" role=\"alert\"><p lang=\"vi\">");
      service_html_append (problem, problem_vi);
      g_string_append (problem, "</p><p lang=\"en\" class=\"en\">");
      service_html_append (problem, problem_en);
      g_string_append (problem, "</p></div>");
    }
  if (response_code != NULL)
    {
      g_string_append (code, "<input type=\"hidden\" name=\"response_code\" value=\"");
      service_html_append (code, response_code);
      g_string_append (code, "\">");
    }
  reply_template (msg, status, vneid_form_schema_get_title (schema), "filled",
                  "authority", vneid_form_schema_get_authority (schema),
                  "form_id", vneid_form_schema_get_id (schema), "problem", problem->str,
                  "level", level, "holder", tx->holder_name != NULL ? tx->holder_name : "—",
                  "level2", level2, "tx_id", tx->tx_id, "csrf", csrf, "response_code", code->str,
                  "fields", fields, NULL);
}

static void
show_filled_form (PortalServer      *server,
                  SoupServerMessage *msg,
                  PortalTransaction *tx,
                  GHashTable        *query)
{
  const char *code = query != NULL ? g_hash_table_lookup (query, "response_code") : NULL;
  VneidFormMapper *mapper = lookup_form (server, tx->form_id);

  if (!may_see (server, msg, tx, code))
    {
      reply_error (msg, 403, "Biểu mẫu này thuộc phiên làm việc khác. Vui lòng mở từ trình duyệt đã bắt đầu.",
                   "This form belongs to another browser session: open it from the browser that started it.");
      return;
    }
  if (tx->outcome == PORTAL_OUTCOME_WAITING)
    {
      g_autofree char *waiting = g_strconcat ("/tx/", tx->tx_id, NULL);

      service_reply_redirect (msg, waiting);
    }
  else if (tx->outcome != PORTAL_OUTCOME_VERIFIED)
    show_answer_message (msg, tx, mapper != NULL ? vneid_form_mapper_get_schema (mapper) : NULL);
  else
    render_filled_form (server, msg, tx, code, NULL, 200, NULL, NULL);
}

/* ---- POST /tx/TX_ID/submit ---- */

/* Adds the rows the filled form had, so that its row fields exist. */
static gboolean
add_rows (VneidFilledForm  *form,
          JsonArray        *fields,
          GError          **error)
{
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      gint64 rows = json_object_get_int_member_with_default (field, "rows", 0);

      if (g_strcmp0 (json_object_get_string_member_with_default (field, "type", NULL), "group") != 0)
        continue;
      for (gint64 r = 0; r < rows; r++)
        if (!vneid_filled_form_add_row (form, json_object_get_string_member (field, "name"), NULL, error))
          return FALSE;
    }
  return TRUE;
}

/* The verified field whose value the browser changed, or NULL. */
static JsonObject *
find_altered (JsonArray  *fields,
              GHashTable *typed)
{
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      const char *name = json_object_get_string_member_with_default (field, "name", NULL);

      if (g_strcmp0 (json_object_get_string_member_with_default (field, "status", NULL), "verified") == 0 &&
          g_strcmp0 (g_hash_table_lookup (typed, name),
                     json_object_get_string_member_with_default (field, "value", NULL)) != 0)
        return field;
    }
  return NULL;
}

/* The submission's fields: each with its value and where it came from. */
static char *
submission_fields (JsonArray  *fields,
                   GHashTable *typed)
{
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      const char *name = json_object_get_string_member_with_default (field, "name", NULL);
      const char *status = json_object_get_string_member_with_default (field, "status", NULL);
      const char *filled = json_object_get_string_member_with_default (field, "value", NULL);
      const char *value = g_hash_table_lookup (typed, name);
      gboolean verified = g_strcmp0 (status, "verified") == 0;
      JsonObject *entry;

      if (g_strcmp0 (json_object_get_string_member_with_default (field, "type", NULL), "group") == 0)
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "name", name);
      json_object_set_string_member (entry, "label", json_object_get_string_member_with_default (field, "label", ""));
      if (value != NULL && *value != '\0')
        json_object_set_string_member (entry, "value", value);
      else
        json_object_set_null_member (entry, "value");
      if (verified)
        {
          json_object_set_string_member (entry, "origin", "verified");
          json_object_set_member (entry, "sources", json_node_copy (json_object_get_member (field, "sources")));
        }
      else if (value == NULL || *value == '\0')
        json_object_set_string_member (entry, "origin", "empty");
      else if (g_strcmp0 (value, filled) == 0)
        json_object_set_string_member (entry, "origin", "form-default");
      else
        json_object_set_string_member (entry, "origin", "typed");
      json_array_add_object_element (out, entry);
    }
  json_node_set_array (node, out);
  return json_to_string (node, FALSE);
}

/* Every typed value set on a fresh form, then the schema's rules. */
static gboolean
validate_submission (VneidFormSchema  *schema,
                     guint             level,
                     JsonArray        *fields,
                     GHashTable       *typed,
                     GError          **error)
{
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, level);
  GHashTableIter iter;
  const char *name, *value;

  if (!add_rows (form, fields, error))
    return FALSE;
  g_hash_table_iter_init (&iter, typed);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      if (g_str_equal (name, "csrf") || g_str_equal (name, "response_code"))
        continue;
      if (!vneid_filled_form_set_typed_value (form, name, value, error))
        return FALSE;
    }
  return vneid_filled_form_validate (form, error);
}

static char *
make_reference (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");

  return g_strdup_printf ("HS-%s-%08u", day, randombytes_uniform (100000000));
}

static void
store_submission (PortalServer      *server,
                  SoupServerMessage *msg,
                  PortalTransaction *tx,
                  JsonArray         *fields,
                  GHashTable        *typed)
{
  g_autoptr(PortalSubmission) submission = g_new0 (PortalSubmission, 1);
  g_autofree char *location = NULL;

  submission->tx_id = g_strdup (tx->tx_id);
  submission->form_id = g_strdup (tx->form_id);
  submission->submitted_at = now_seconds ();
  submission->fields = submission_fields (fields, typed);
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PortalSubmission) existing = NULL;

      g_free (submission->reference);
      submission->reference = make_reference ();
      if (portal_store_add_submission (server->store, submission, &error))
        break;
      existing = portal_store_get_submission_of (server->store, tx->tx_id, NULL);
      if (existing != NULL)
        {
          reply_error (msg, 409, "Hồ sơ này đã được nộp; mỗi lần điền từ VNeID chỉ nộp được một lần.",
                       "This form was already submitted; each VNeID fill can be submitted once.");
          return;
        }
      if (attempt >= 3 || !g_error_matches (error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_CONSTRAINT))
        {
          reply_internal (msg, error);
          return;
        }
    }
  location = g_strconcat ("/submissions/", submission->reference, NULL);
  service_reply_redirect (msg, location);
}

static void
submit_form (PortalServer      *server,
             SoupServerMessage *msg,
             PortalTransaction *tx)
{
  g_autoptr(GHashTable) typed = read_checked_form (server, msg);
  VneidFormMapper *mapper = lookup_form (server, tx->form_id);
  g_autoptr(JsonObject) filled = NULL;
  g_autoptr(GError) error = NULL;
  const char *code;
  JsonArray *fields;
  JsonObject *altered;

  if (typed == NULL)
    return;
  code = g_hash_table_lookup (typed, "response_code");
  if (!may_see (server, msg, tx, code))
    {
      reply_error (msg, 403, "Biểu mẫu này thuộc phiên làm việc khác.", "This form belongs to another browser session.");
      return;
    }
  filled = parse_object (tx->filled_form);
  if (tx->outcome != PORTAL_OUTCOME_VERIFIED || mapper == NULL || filled == NULL)
    {
      reply_error (msg, 409, "Biểu mẫu chưa được điền từ VNeID nên chưa nộp được.",
                   "The form was not filled from VNeID, so it cannot be submitted.");
      return;
    }
  fields = json_object_get_array_member (filled, "fields");
  altered = find_altered (fields, typed);
  if (altered != NULL)
    {
      g_autofree char *label = g_strdup (json_object_get_string_member_with_default (altered, "label", ""));
      g_autofree char *vi = g_strdup_printf ("Trường “%s” là dữ liệu đã xác thực và đã bị sửa trên trang: hồ sơ "
                                             "không được nộp. Dữ liệu đã xác thực không thể thay đổi.", label);
      g_autofree char *en = g_strdup_printf ("The verified field “%s” was changed in the page: nothing was "
                                             "submitted. Verified data cannot be altered.", label);

      g_message ("%s: refused a submission of %s: verified field %s altered", PORTAL_NAME, tx->tx_id,
                 json_object_get_string_member_with_default (altered, "name", "?"));
      render_filled_form (server, msg, tx, code, typed, 422, vi, en);
      return;
    }
  if (!validate_submission (vneid_form_mapper_get_schema (mapper), tx->level, fields, typed, &error))
    {
      g_autofree char *en = g_strdup_printf ("The form is not complete or not valid: %s", error->message);

      render_filled_form (server, msg, tx, code, typed, 422,
                          "Biểu mẫu chưa đầy đủ hoặc chưa hợp lệ; vui lòng sửa và nộp lại.", en);
      return;
    }
  store_submission (server, msg, tx, fields, typed);
}

/* ---- receipts and the officer's list ---- */

static char *
format_time (gint64 at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (at);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

static const char *
form_title (PortalServer *server,
            const char   *form_id)
{
  VneidFormMapper *mapper = lookup_form (server, form_id);

  return mapper != NULL ? vneid_form_schema_get_title (vneid_form_mapper_get_schema (mapper)) : form_id;
}

static void
handle_receipt (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  PortalServer *server = data;
  const char *rest = NULL;
  g_autofree char *reference = path_segment (path, "/submissions/", &rest);
  g_autoptr(PortalSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *submitted_at = NULL;

  if (!require_method (msg, "GET"))
    return;
  if (reference != NULL && *rest == '\0')
    submission = portal_store_get_submission (server->store, reference, &error);
  if (error != NULL)
    {
      reply_internal (msg, error);
      return;
    }
  if (submission == NULL)
    {
      reply_error (msg, 404, "Không có hồ sơ với số này.", "There is no submission with this number.");
      return;
    }
  submitted_at = format_time (submission->submitted_at);
  reply_template (msg, 200, "Biên nhận / Receipt", "receipt", "reference", submission->reference,
                  "form_title", form_title (server, submission->form_id), "submitted_at", submitted_at, NULL);
}

static void
append_origin (GString    *html,
               JsonObject *field)
{
  const char *origin = json_object_get_string_member_with_default (field, "origin", "");
  JsonNode *sources = json_object_get_member (field, "sources");

  if (g_str_equal (origin, "verified") && sources != NULL && JSON_NODE_HOLDS_ARRAY (sources))
    {
      g_autoptr(JsonObject) wrapper = json_object_new ();

      json_object_set_member (wrapper, "sources", json_node_copy (sources));
      g_string_append (html, "<span class=\"badge\">Đã xác thực / verified</span> ");
      for (guint i = 0; i < json_array_get_length (json_node_get_array (sources)); i++)
        {
          JsonObject *source = json_array_get_object_element (json_node_get_array (sources), i);

          service_html_append (html, json_object_get_string_member_with_default (source, "source", ""));
          g_string_append (html, " · ");
          service_html_append (html, json_object_get_string_member_with_default (source, "vct", ""));
          g_string_append (html, " · ");
          service_html_append (html, json_object_get_string_member_with_default (source, "iss", ""));
        }
    }
  else if (g_str_equal (origin, "typed"))
    g_string_append (html, "công dân tự nhập / typed by the citizen");
  else if (g_str_equal (origin, "form-default"))
    g_string_append (html, "giá trị mặc định của mẫu / the form's default");
  else
    g_string_append (html, "để trống / left empty");
}

static void
append_submission (GString          *html,
                   PortalServer     *server,
                   PortalSubmission *submission)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *fields = NULL;

  if (json_parser_load_from_data (parser, submission->fields, -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    fields = json_node_get_array (json_parser_get_root (parser));
  g_string_append (html, "<section class=\"card submission\"><h2>");
  service_html_append (html, submission->reference);
  g_string_append (html, "</h2>\n<p>");
  service_html_append (html, form_title (server, submission->form_id));
  g_string_append (html, " · ");
  {
    g_autofree char *when = format_time (submission->submitted_at);

    service_html_append (html, when);
  }
  g_string_append (html, "</p>\n<table>\n<tr><th>Trường / field</th><th>Giá trị / value</th>"
                         "<th>Nguồn / source</th></tr>\n");
  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      g_string_append (html, "<tr data-field=\"");
      service_html_append (html, json_object_get_string_member_with_default (field, "name", ""));
      g_string_append (html, "\"><td>");
      service_html_append (html, json_object_get_string_member_with_default (field, "label", ""));
      g_string_append (html, "</td><td>");
      service_html_append (html, json_object_get_string_member_with_default (field, "value", ""));
      g_string_append (html, "</td><td>");
      append_origin (html, field);
      g_string_append (html, "</td></tr>\n");
    }
  g_string_append (html, "</table>\n</section>\n");
}

static void
handle_officer (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  PortalServer *server = data;
  g_autoptr(GPtrArray) submissions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *count = NULL;

  if (!require_method (msg, "GET"))
    return;
  submissions = portal_store_list_submissions (server->store, OFFICER_LIST_LIMIT, &error);
  if (submissions == NULL)
    {
      reply_internal (msg, error);
      return;
    }
  count = g_strdup_printf ("%u", submissions->len);
  for (guint i = 0; i < submissions->len; i++)
    append_submission (body, server, g_ptr_array_index (submissions, i));
  reply_template (msg, 200, "Hồ sơ đã nộp / Submissions", "officer", "count", count,
                  "submissions", body->str, NULL);
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
    { "/openid4vp/response", handle_response },
    { "/submissions/", handle_receipt },
    { "/officer/submissions", handle_officer },
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
