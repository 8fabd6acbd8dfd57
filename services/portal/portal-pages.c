/* portal-pages.c: the HTML the portal builds field by field: a form's
 * inputs (verified, self-asserted, to type, level 2), and the QR code
 *
 * Every text printed goes through service_html_append(): field labels and
 * hints come from plugins, values from credentials, both untrusted.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <qrencode.h>

#include "portal.h"

/* ---- the QR code --------------------------------------------------------- */

#define QR_QUIET_ZONE 4

char *
portal_qr_svg (const char  *text,
               GError     **error)
{
  QRcode *code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  GString *svg;
  int size;

  if (code == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_INTERNAL, "the link is too long for a QR code");
      return NULL;
    }
  size = code->width + 2 * QR_QUIET_ZONE;
  svg = g_string_new (NULL);
  g_string_append_printf (svg,
                          "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                          " width=\"264\" height=\"264\" shape-rendering=\"crispEdges\" role=\"img\""
                          " aria-label=\"Mã QR để quét bằng ví VNeID / QR code to scan with the VNeID wallet\">"
                          "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                          size, size, size, size);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        g_string_append_printf (svg, "M%d %dh1v1h-1z", x + QR_QUIET_ZONE, y + QR_QUIET_ZONE);
  g_string_append (svg, "\"/></svg>");
  QRcode_free (code);
  return g_string_free (svg, FALSE);
}

/* ---- a form's fields ----------------------------------------------------- */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
member_or_empty (JsonObject *object,
                 const char *name)
{
  const char *value = member_string (object, name);

  return value != NULL ? value : "";
}

/* "population-db (urn:vn:vneid:pid:1), issuer https://…", once each: an
 * address joins several claims of one credential. */
static void
append_sources (GString    *html,
                JsonObject *field)
{
  JsonNode *node = json_object_get_member (field, "sources");
  JsonArray *sources = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (sources == NULL || json_array_get_length (sources) == 0)
    return;
  g_string_append (html, "<p class=\"source\">Nguồn / source: ");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonNode *element = json_array_get_element (sources, i);
      JsonObject *source;
      char *key;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      source = json_node_get_object (element);
      key = g_strdup_printf ("%s\n%s\n%s", member_or_empty (source, "source"), member_or_empty (source, "vct"),
                             member_or_empty (source, "iss"));
      if (!g_hash_table_add (seen, key))
        continue;
      if (g_hash_table_size (seen) > 1)
        g_string_append (html, "; ");
      service_html_append (html, member_string (source, "source"));
      g_string_append (html, " (");
      service_html_append (html, member_string (source, "vct"));
      g_string_append (html, "), cấp bởi / issuer <span class=\"issuer\">");
      service_html_append (html, member_string (source, "iss"));
      g_string_append (html, "</span>");
    }
  g_string_append (html, "</p>\n");
}

static void
append_badge (GString    *html,
              const char *status)
{
  static const struct { const char *status, *text; } badges[] = {
    { "verified", "Đã xác thực / Verified" },
    { "self-asserted", "Tự khai / Self-asserted" },
    { "needs-level-2", "Cần tài khoản mức 2 / Needs level 2" },
    { "invalid", "Không hợp lệ / Invalid" },
    { "missing", "Cần nhập / To type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    if (g_strcmp0 (status, badges[i].status) == 0)
      {
        g_string_append_printf (html, "<span class=\"badge b-%s\">%s</span>", badges[i].status, badges[i].text);
        return;
      }
}

/* Under the input: what the citizen should know about this field. */
static void
append_note (GString    *html,
             const char *status,
             const char *message)
{
  if (g_strcmp0 (status, "needs-level-2") == 0)
    {
      g_string_append (html, "<p class=\"note\">Trường này chỉ được điền từ tài khoản định danh điện tử "
                             "mức 2 (đăng ký trực tiếp tại cơ quan Công an). Bạn có thể tự nhập, giá trị "
                             "sẽ là tự khai. / This field is filled only from a level-2 VNeID account "
                             "(registered in person at the police). You may type it; it is then self-asserted.</p>\n");
      return;
    }
  if (g_strcmp0 (status, "missing") == 0)
    {
      g_string_append (html, "<p class=\"hint\">Chưa có trong hồ sơ đã xác thực — vui lòng tự nhập"
                             " / Not in the verified profile: please type it");
      if (message != NULL)
        {
          g_string_append (html, " (");
          service_html_append (html, message);
          g_string_append (html, ")");
        }
      g_string_append (html, "</p>\n");
      return;
    }
  if (g_strcmp0 (status, "invalid") == 0 && message != NULL)
    {
      g_string_append (html, "<p class=\"note\">");
      service_html_append (html, message);
      g_string_append (html, "</p>\n");
    }
}

/* An enum field: the label of its value ("2" = "Nữ") when verified, else
 * the codes the citizen may type. */
static void
append_enum_hint (GString         *html,
                  VneidFormSchema *schema,
                  const char      *name,
                  const char      *value,
                  gboolean         verified)
{
  VneidFormField *field = vneid_form_schema_lookup_field (schema, name);
  g_auto(GStrv) codes = NULL;

  if (field == NULL || vneid_form_field_get_field_type (field) != VNEID_FIELD_TYPE_ENUM)
    return;
  if (verified)
    {
      g_string_append (html, "<span class=\"enum\">= ");
      service_html_append (html, value != NULL ? vneid_form_field_get_enum_label (field, value) : NULL);
      g_string_append (html, "</span>\n");
      return;
    }
  codes = vneid_form_field_get_enum_codes (field);
  g_string_append (html, "<p class=\"hint\">Mã / codes: ");
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (html, ", ");
      service_html_append (html, codes[i]);
      g_string_append (html, " = ");
      service_html_append (html, vneid_form_field_get_enum_label (field, codes[i]));
    }
  g_string_append (html, "</p>\n");
}

static void
append_field (GString         *html,
              VneidFormSchema *schema,
              JsonObject      *field,
              GHashTable      *typed)
{
  const char *name = member_string (field, "name");
  const char *status = member_string (field, "status");
  const char *value = member_string (field, "value");
  gboolean verified = g_strcmp0 (status, "verified") == 0;
  gboolean required = json_object_get_boolean_member_with_default (field, "required", FALSE);

  if (name == NULL)
    return;
  if (!verified && typed != NULL && g_hash_table_contains (typed, name))
    value = g_hash_table_lookup (typed, name);
  g_string_append_printf (html, "<div class=\"field s-%s\">\n<label for=\"f-", status ? status : "missing");
  service_html_append (html, name);
  g_string_append (html, "\">");
  service_html_append (html, member_string (field, "label"));
  if (required)
    g_string_append (html, " <span class=\"req\" title=\"bắt buộc / required\">*</span>");
  g_string_append (html, "</label>\n<input type=\"text\" id=\"f-");
  service_html_append (html, name);
  g_string_append (html, "\" name=\"");
  service_html_append (html, name);
  g_string_append (html, "\" value=\"");
  service_html_append (html, value);
  g_string_append (html, "\"");
  if (required)
    g_string_append (html, " aria-required=\"true\"");
  if (verified)
    g_string_append (html, " readonly data-status=\"verified\"");
  else if (status != NULL)
    {
      g_string_append (html, " data-status=\"");
      service_html_append (html, status);
      g_string_append (html, "\"");
    }
  g_string_append (html, ">\n");
  if (status != NULL && g_strcmp0 (status, "missing") != 0)
    append_badge (html, status);
  append_note (html, status, member_string (field, "message"));
  append_enum_hint (html, schema, name, value, verified);
  append_sources (html, field);
  g_string_append (html, "</div>\n");
}

char *
portal_form_fields_html (VneidFormSchema *schema,
                         JsonArray       *fields,
                         GHashTable      *typed)
{
  GString *html = g_string_new (NULL);
  gboolean in_group = FALSE;

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonNode *node = json_array_get_element (fields, i);
      JsonObject *field;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      field = json_node_get_object (node);
      name = member_string (field, "name");
      if (in_group && (name == NULL || strchr (name, '[') == NULL))
        {
          g_string_append (html, "</fieldset>\n");
          in_group = FALSE;
        }
      if (g_strcmp0 (member_string (field, "type"), "group") == 0)
        {
          g_string_append (html, "<fieldset>\n<legend>");
          service_html_append (html, member_string (field, "label"));
          g_string_append (html, "</legend>\n");
          if (json_object_get_int_member_with_default (field, "rows", 0) == 0)
            g_string_append (html, "<p class=\"hint\">Không có dòng nào điền sẵn / no rows prefilled</p>\n");
          in_group = TRUE;
          continue;
        }
      append_field (html, schema, field, typed);
    }
  if (in_group)
    g_string_append (html, "</fieldset>\n");
  return g_string_free (html, FALSE);
}
