/* portal-submit.c: the filled form, its submission checked against what was
 * verified, the receipt and the officer's list
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "portal-server-private.h"

#define OFFICER_LIST_LIMIT 200

/* The browser session that started the transaction, or whoever holds its
 * response code (the browser the wallet redirected). */
static gboolean
may_see (PortalServer      *server,
         SoupServerMessage *msg,
         PortalTransaction *tx,
         const char        *response_code)
{
  g_autofree char *session = portal_session_hash (server, msg);
  g_autofree char *code_hash = response_code != NULL ? portal_hash_text (response_code) : NULL;

  return portal_hashes_equal (session, tx->session_hash) ||
         (code_hash != NULL && portal_hashes_equal (code_hash, tx->response_code_hash));
}

static void
show_answer_message (SoupServerMessage *msg,
                     PortalTransaction *tx,
                     VneidFormSchema   *schema)
{
  gboolean declined = tx->outcome == PORTAL_OUTCOME_DECLINED;
  g_autofree char *level2 = portal_level2_notice (schema, 0);

  portal_reply_template (msg, 200, declined ? "Đã từ chối / Declined" : "Không điền được / Not filled", "answer",
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
  VneidFormMapper *mapper = portal_lookup_form (server, tx->form_id);
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
      portal_reply_internal (msg, NULL);
      return;
    }
  fields = portal_form_fields_html (schema, json_object_get_array_member (filled, "fields"), typed);
  csrf = service_sessions_csrf_token (server->sessions, msg);
  level = g_strdup_printf ("%u", tx->level);
  level2 = portal_level2_notice (schema, tx->level);
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
  portal_reply_template (msg, status, vneid_form_schema_get_title (schema), "filled",
                         "authority", vneid_form_schema_get_authority (schema),
                         "form_id", vneid_form_schema_get_id (schema), "problem", problem->str,
                         "level", level, "holder", tx->holder_name != NULL ? tx->holder_name : "—",
                         "level2", level2, "tx_id", tx->tx_id, "csrf", csrf, "response_code", code->str,
                         "fields", fields, NULL);
}

void
portal_show_filled_form (PortalServer      *server,
                         SoupServerMessage *msg,
                         PortalTransaction *tx,
                         GHashTable        *query)
{
  const char *code = query != NULL ? g_hash_table_lookup (query, "response_code") : NULL;
  VneidFormMapper *mapper = portal_lookup_form (server, tx->form_id);

  if (!may_see (server, msg, tx, code))
    {
      portal_reply_error (msg, 403, "Biểu mẫu này thuộc phiên làm việc khác. Vui lòng mở từ trình duyệt đã bắt đầu.",
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
  submission->submitted_at = portal_now ();
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
          portal_reply_error (msg, 409, "Hồ sơ này đã được nộp; mỗi lần điền từ VNeID chỉ nộp được một lần.",
                              "This form was already submitted; each VNeID fill can be submitted once.");
          return;
        }
      if (attempt >= 3 || !g_error_matches (error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_CONSTRAINT))
        {
          portal_reply_internal (msg, error);
          return;
        }
    }
  location = g_strconcat ("/submissions/", submission->reference, NULL);
  service_reply_redirect (msg, location);
}

void
portal_submit_form (PortalServer      *server,
                    SoupServerMessage *msg,
                    PortalTransaction *tx)
{
  g_autoptr(GHashTable) typed = portal_read_checked_form (server, msg);
  VneidFormMapper *mapper = portal_lookup_form (server, tx->form_id);
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
      portal_reply_error (msg, 403, "Biểu mẫu này thuộc phiên làm việc khác.", "This form belongs to another browser session.");
      return;
    }
  filled = parse_object (tx->filled_form);
  if (tx->outcome != PORTAL_OUTCOME_VERIFIED || mapper == NULL || filled == NULL)
    {
      portal_reply_error (msg, 409, "Biểu mẫu chưa được điền từ VNeID nên chưa nộp được.",
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
  VneidFormMapper *mapper = portal_lookup_form (server, form_id);

  return mapper != NULL ? vneid_form_schema_get_title (vneid_form_mapper_get_schema (mapper)) : form_id;
}

void
portal_handle_receipt (SoupServer        *soup,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           data)
{
  PortalServer *server = data;
  const char *rest = NULL;
  g_autofree char *reference = portal_path_segment (path, "/submissions/", &rest);
  g_autoptr(PortalSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *submitted_at = NULL;

  if (!portal_require_method (msg, "GET"))
    return;
  if (reference != NULL && *rest == '\0')
    submission = portal_store_get_submission (server->store, reference, &error);
  if (error != NULL)
    {
      portal_reply_internal (msg, error);
      return;
    }
  if (submission == NULL)
    {
      portal_reply_error (msg, 404, "Không có hồ sơ với số này.", "There is no submission with this number.");
      return;
    }
  submitted_at = format_time (submission->submitted_at);
  portal_reply_template (msg, 200, "Biên nhận / Receipt", "receipt", "reference", submission->reference,
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

void
portal_handle_officer (SoupServer        *soup,
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

  if (!portal_require_method (msg, "GET"))
    return;
  submissions = portal_store_list_submissions (server->store, OFFICER_LIST_LIMIT, &error);
  if (submissions == NULL)
    {
      portal_reply_internal (msg, error);
      return;
    }
  count = g_strdup_printf ("%u", submissions->len);
  for (guint i = 0; i < submissions->len; i++)
    append_submission (body, server, g_ptr_array_index (submissions, i));
  portal_reply_template (msg, 200, "Hồ sơ đã nộp / Submissions", "officer", "count", count,
                         "submissions", body->str, NULL);
}

