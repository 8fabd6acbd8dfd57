/* vneid-fill-html.c: the static HTML page of `vneid fill --html`
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

/* ---- vneid fill: the HTML page --------------------------------------------- */

static const char html_style[] =
  "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;"
  "background:#f3f5f8;color:#1c2430;margin:0;padding:2rem 1rem;line-height:1.45}\n"
  "main{max-width:46rem;margin:0 auto;background:#fff;border:1px solid #d5dbe3;border-radius:8px;"
  "padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}\n"
  "header{border-bottom:2px solid #b3261e;margin-bottom:1.25rem;padding-bottom:.75rem}\n"
  ".authority{font-size:.85rem;color:#5a6675;margin:0;text-transform:uppercase;letter-spacing:.02em}\n"
  "h1{font-size:1.35rem;margin:.35rem 0}\n"
  ".meta{font-size:.85rem;color:#5a6675;margin:.25rem 0 0}\n"
  ".field{margin:0 0 1rem}\n"
  "label{display:block;font-weight:600;font-size:.95rem;margin-bottom:.2rem}\n"
  ".req{color:#b3261e;margin-left:.2rem}\n"
  ".row{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}\n"
  "input{flex:1;min-width:14rem;font:inherit;padding:.4rem .55rem;border:1px solid #aab4c0;border-radius:4px;background:#fff}\n"
  "input[readonly]{background:#eef6ef;border-color:#7bb487;color:#123c1c}\n"
  ".s-invalid input{border-color:#b3261e;background:#fdf0ef}\n"
  ".badge{font-size:.75rem;font-weight:600;padding:.15rem .5rem;border-radius:999px;white-space:nowrap}\n"
  ".b-verified{background:#1e7b34;color:#fff}\n"
  ".b-self-asserted{background:#fff4d6;color:#6b4e00;border:1px solid #e5c766}\n"
  ".b-missing{background:#eef1f5;color:#3d4957;border:1px solid #c4ccd6}\n"
  ".b-needs-level-2{background:#e8eefc;color:#1d3d8f;border:1px solid #a9bbef}\n"
  ".b-invalid{background:#b3261e;color:#fff}\n"
  ".enum{font-size:.85rem;color:#3d4957}\n"
  ".caption{font-size:.75rem;color:#5a6675;margin:.2rem 0 0}\n"
  ".hint{font-size:.8rem;color:#3d4957;margin:.2rem 0 0}\n"
  ".note{font-size:.8rem;margin:.25rem 0 0;padding:.3rem .5rem;border-left:3px solid #1d3d8f;background:#f2f5fd}\n"
  ".s-invalid .note{border-color:#b3261e;background:#fdf0ef}\n"
  "fieldset{border:1px solid #d5dbe3;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem}\n"
  "legend{font-weight:600;padding:0 .3rem}\n"
  "footer{border-top:1px solid #d5dbe3;margin-top:1.5rem;padding-top:.75rem;font-size:.85rem;color:#3d4957}\n";

/* g_markup_escape_text() covers & < > ' " and so both text and attributes.
 * The text is made printable first, as in the table: a bidi override or a
 * zero-width character from a plugin or a claim shows as U+FFFD instead of
 * reordering or hiding what sits next to a "verified" badge. */
static void
append_escaped (GString    *page,
                const char *text)
{
  g_autofree char *shown = vneid_tool_printable (text != NULL ? text : "");
  g_autofree char *escaped = g_markup_escape_text (shown, -1);

  g_string_append (page, escaped);
}

static void
append_badge (GString          *page,
              VneidFilledField *field)
{
  const char *status = vneid_field_status_to_string (vneid_filled_field_get_status (field));
  const char *text;

  switch (vneid_filled_field_get_status (field))
    {
    case VNEID_FIELD_STATUS_VERIFIED:
      text = "Đã xác thực / verified";
      break;
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
      text = "Tự khai / self-asserted";
      break;
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
      text = "Cần tài khoản mức 2 / needs level 2";
      break;
    case VNEID_FIELD_STATUS_INVALID:
      text = "Không hợp lệ / invalid";
      break;
    case VNEID_FIELD_STATUS_MISSING:
    default:
      text = "Cần nhập / to type";
      break;
    }
  g_string_append_printf (page, "<span class=\"badge b-%s\">%s</span>", status, text);
}

static void
append_provenance (GString          *page,
                   VneidFilledField *field)
{
  GPtrArray *sources = vneid_filled_field_get_sources (field);

  if (sources == NULL || sources->len == 0)
    {
      if (vneid_filled_field_get_status (field) == VNEID_FIELD_STATUS_SELF_ASSERTED)
        g_string_append (page, "<p class=\"caption\">Nguồn / source: giá trị cố định của mẫu / constant</p>\n");
      return;
    }
  g_string_append (page, "<p class=\"caption\">Nguồn / source: ");
  for (guint i = 0; i < sources->len; i++)
    {
      VneidAttribute *attribute = g_ptr_array_index (sources, i);

      if (i > 0)
        g_string_append (page, "; ");
      append_escaped (page, vneid_attribute_get_path (attribute));
      g_string_append (page, " — ");
      append_escaped (page, vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute)));
      g_string_append (page, ", ");
      append_escaped (page, vneid_attribute_get_vct (attribute));
      g_string_append (page, ", issuer ");
      append_escaped (page, vneid_attribute_get_issuer (attribute));
    }
  g_string_append (page, "</p>\n");
}

static void
append_field (GString          *page,
              VneidFilledField *field)
{
  VneidFormField *schema_field = vneid_filled_field_get_field (field);
  VneidFieldStatus status = vneid_filled_field_get_status (field);
  const char *value = vneid_filled_field_get_value (field);
  const char *message = vneid_filled_field_get_message (field);
  g_autofree char *label = vneid_tool_field_label (field);
  g_autofree char *id = g_strconcat ("f-", vneid_filled_field_get_name (field), NULL);
  const char *enum_label = NULL;

  g_strstrip (label);
  g_string_append_printf (page, "<div class=\"field s-%s\">\n<label for=\"", vneid_field_status_to_string (status));
  append_escaped (page, id);
  g_string_append (page, "\">");
  append_escaped (page, label);
  if (vneid_form_field_get_required (schema_field))
    g_string_append (page, "<span class=\"req\" title=\"bắt buộc / required\">*</span>");
  g_string_append (page, "</label>\n<div class=\"row\"><input type=\"text\" id=\"");
  append_escaped (page, id);
  g_string_append (page, "\" name=\"");
  append_escaped (page, vneid_filled_field_get_name (field));
  g_string_append (page, "\" value=\"");
  append_escaped (page, value);
  g_string_append (page, "\"");
  if (vneid_filled_field_get_read_only (field))
    g_string_append (page, " readonly");
  if (value == NULL)
    g_string_append (page, " placeholder=\"Công dân tự nhập / to be typed by the citizen\"");
  g_string_append (page, ">");
  if (value != NULL && vneid_form_field_get_field_type (schema_field) == VNEID_FIELD_TYPE_ENUM)
    enum_label = vneid_form_field_get_enum_label (schema_field, value);
  if (enum_label != NULL)
    {
      g_string_append (page, "<span class=\"enum\">= ");
      append_escaped (page, enum_label);
      g_string_append (page, "</span>");
    }
  append_badge (page, field);
  g_string_append (page, "</div>\n");

  switch (status)
    {
    case VNEID_FIELD_STATUS_MISSING:
      g_string_append (page, "<p class=\"hint\">Chưa có trong hồ sơ đã xác thực — công dân tự nhập / not in the verified profile: the citizen types it");
      if (message != NULL)
        {
          g_string_append (page, " (");
          append_escaped (page, message);
          g_string_append (page, ")");
        }
      g_string_append (page, "</p>\n");
      break;
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
    case VNEID_FIELD_STATUS_INVALID:
      g_string_append (page, "<p class=\"note\">");
      append_escaped (page, message != NULL ? message : "");
      g_string_append (page, "</p>\n");
      break;
    case VNEID_FIELD_STATUS_VERIFIED:
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
    default:
      break;
    }
  if (status != VNEID_FIELD_STATUS_MISSING && status != VNEID_FIELD_STATUS_NEEDS_LEVEL_2)
    append_provenance (page, field);
  g_string_append (page, "</div>\n");
}

static char *
form_to_html (VneidFilledForm *form,
              VneidProfile    *profile)
{
  VneidFormSchema *schema = vneid_filled_form_get_schema (form);
  GPtrArray *fields = vneid_filled_form_get_fields (form);
  g_autofree char *missing = vneid_tool_missing_labels (form);
  const char *name = vneid_profile_get_name (profile);
  GString *page = g_string_new (NULL);
  gboolean in_group = FALSE;

  g_string_append (page, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  append_escaped (page, vneid_form_schema_get_title (schema));
  g_string_append_printf (page, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<header>\n<p class=\"authority\">",
                          html_style);
  append_escaped (page, vneid_form_schema_get_authority (schema));
  g_string_append (page, "</p>\n<h1>");
  append_escaped (page, vneid_form_schema_get_title (schema));
  g_string_append (page, "</h1>\n<p class=\"meta\">Mẫu / form ");
  append_escaped (page, vneid_form_schema_get_id (schema));
  g_string_append (page, ", phiên bản / version ");
  append_escaped (page, vneid_form_schema_get_version (schema));
  g_string_append_printf (page, " · điền sẵn từ hồ sơ VNeID mức %u / prefilled from a level-%u VNeID profile",
                          vneid_filled_form_get_level (form), vneid_filled_form_get_level (form));
  if (name != NULL)
    {
      g_string_append (page, " · ");
      append_escaped (page, name);
    }
  g_string_append (page, "</p>\n</header>\n<form action=\"#\" method=\"post\">\n");

  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);

      if (in_group && vneid_tool_field_row (field) < 0)
        {
          g_string_append (page, "</fieldset>\n");
          in_group = FALSE;
        }
      if (vneid_tool_field_is_group (field))
        {
          VneidFormField *schema_field = vneid_filled_field_get_field (field);

          g_string_append (page, "<fieldset>\n<legend>");
          append_escaped (page, vneid_form_field_get_label (schema_field));
          g_string_append (page, "</legend>\n");
          if (i + 1 >= fields->len || vneid_tool_field_row (g_ptr_array_index (fields, i + 1)) < 0)
            g_string_append (page, "<p class=\"hint\">Không có dòng nào điền sẵn — công dân tự thêm / no rows prefilled: the citizen adds them</p>\n");
          in_group = TRUE;
          continue;
        }
      append_field (page, field);
    }
  if (in_group)
    g_string_append (page, "</fieldset>\n");

  g_string_append_printf (page, "</form>\n<footer>\n<p>Mức độ hoàn thành / completeness: <strong>%d%%</strong> "
                                "các trường bắt buộc / of the required fields.</p>\n<p>Còn phải nhập / still to type: ",
                          vneid_tool_percent (vneid_filled_form_get_completeness (form)));
  append_escaped (page, *missing != '\0' ? missing : "—");
  g_string_append (page, "</p>\n<p>Trường có nhãn “Đã xác thực” lấy từ dữ liệu đã được cơ quan nhà nước xác thực và không sửa được trên mẫu. "
                         "/ Fields marked verified come from government-verified data and are read-only.</p>\n"
                         "</footer>\n</main>\n</body>\n</html>\n");
  return g_string_free (page, FALSE);
}

gboolean
vneid_tool_write_form_html (const char       *path,
                            VneidFilledForm  *form,
                            VneidProfile     *profile,
                            GError          **error)
{
  g_autofree char *page = form_to_html (form, profile);
  g_autoptr(GError) local_error = NULL;
  const char *reason;

  if (g_str_equal (path, "-"))
    {
      fputs (page, stdout);
      return TRUE;
    }
  if (g_file_set_contents (path, page, -1, &local_error))
    return TRUE;
  /* GLib writes a temporary file next to PATH and names that one
   * ("Failed to create file “PATH.XXXXXX”: reason"); name the path given. */
  reason = g_strrstr (local_error->message, "”: ");
  reason = reason != NULL ? reason + strlen ("”: ") : local_error->message;
  g_set_error (error, local_error->domain, local_error->code, "--html %s: cannot write the page: %s", path, reason);
  return FALSE;
}
