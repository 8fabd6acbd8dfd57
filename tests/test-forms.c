/* test-forms.c: form schemas (loading and every load-time error), field
 * value checks, filled forms (statuses, level gating, typed values, group
 * rows, completeness, validation, JSON) and the form mapper interface
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vneid-test-util.h"
#include "vneid-filled-form-private.h"
#include "vneid-form-json-private.h"

#define SRC "bad.schema.json"

/* ---- helpers ---------------------------------------------------------- */

/* The error is @domain/@code and its message contains every one of the
 * NULL-terminated substrings (case-sensitively: they name fields). */
static void
assert_error_says (const GError *error,
                   int           code,
                   ...)
{
  va_list args;
  const char *part;

  ck_assert_msg (error != NULL, "expected an error, got success");
  ck_assert_msg (error->domain == VNEID_FORM_ERROR && error->code == code,
                 "expected VNEID_FORM_ERROR code %d, got %s code %d: %s",
                 code, g_quark_to_string (error->domain), error->code, error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  va_start (args, code);
  while ((part = va_arg (args, const char *)) != NULL)
    ck_assert_msg (strstr (error->message, part) != NULL,
                   "message does not contain “%s”: %s", part, error->message);
  va_end (args);
}

static VneidFormSchema *
schema_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  VneidFormSchema *schema = vneid_form_schema_new_from_json (json, "ok.schema.json", &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (schema);
  return schema;
}

/* A schema whose fields are @fields (the text of the array's contents). */
static char *
schema_with_fields (const char *fields)
{
  return g_strdup_printf ("{\"id\": \"vn.test.form\", \"version\": \"1\", \"title\": \"T\", "
                          "\"authority\": \"A\", \"fields\": [%s]}", fields);
}

static VneidFormField *
field_ok (VneidFormSchema **holder,
          const char       *field_json)
{
  g_autofree char *json = schema_with_fields (field_json);

  *holder = schema_ok (json);
  return g_ptr_array_index (vneid_form_schema_get_fields (*holder), 0);
}

#define FULL_SCHEMA \
  "{" \
  "  \"id\": \"vn.bca.ct01\"," \
  "  \"version\": \"2023.1\"," \
  "  \"title\": \"Tờ khai thay đổi thông tin cư trú (CT01)\"," \
  "  \"authority\": \"Bộ Công an — Thông tư 66/2023/TT-BCA\"," \
  "  \"min_level\": 1," \
  "  \"fields\": [" \
  "    { \"name\": \"full_name\", \"label\": \"Họ, chữ đệm và tên\", \"type\": \"string\"," \
  "      \"required\": true, \"max_length\": 100, \"description\": \"Viết in hoa\" }," \
  "    { \"name\": \"birth_date\", \"label\": \"Ngày, tháng, năm sinh\", \"type\": \"date\"," \
  "      \"format\": \"dd/MM/yyyy\", \"required\": true }," \
  "    { \"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"enum\", \"required\": true," \
  "      \"enum\": [ { \"code\": \"1\", \"label\": \"Nam\" }, { \"code\": \"2\", \"label\": \"Nữ\" } ] }," \
  "    { \"name\": \"personal_id\", \"label\": \"Số định danh cá nhân\", \"type\": \"string\"," \
  "      \"required\": true, \"pattern\": \"^[0-9]{12}$\" }," \
  "    { \"name\": \"card_issue_date\", \"label\": \"Ngày cấp\", \"type\": \"date\"," \
  "      \"format\": \"dd/MM/yyyy\", \"min_level\": 2 }," \
  "    { \"name\": \"is_head\", \"label\": \"Là chủ hộ\", \"type\": \"boolean\" }," \
  "    { \"name\": \"household_size\", \"label\": \"Số người\", \"type\": \"number\" }," \
  "    { \"name\": \"email\", \"label\": \"Thư điện tử\", \"type\": \"string\" }," \
  "    { \"name\": \"country\", \"label\": \"Quốc gia\", \"type\": \"string\" }," \
  "    { \"name\": \"members\", \"label\": \"Thành viên hộ gia đình cùng thay đổi\", \"type\": \"group\"," \
  "      \"fields\": [ { \"name\": \"full_name\", \"label\": \"Họ, chữ đệm và tên\", \"type\": \"string\"," \
  "                      \"required\": true, \"max_length\": 10 }," \
  "                    { \"name\": \"relationship\", \"label\": \"Quan hệ với chủ hộ\", \"type\": \"string\" } ] }" \
  "  ]" \
  "}"

/* ---- schema loading ----------------------------------------------------- */

START_TEST (test_schema_full)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  GPtrArray *fields = vneid_form_schema_get_fields (schema);
  VneidFormField *field;
  g_auto(GStrv) codes = NULL;

  ck_assert_str_eq (vneid_form_schema_get_id (schema), "vn.bca.ct01");
  ck_assert_str_eq (vneid_form_schema_get_version (schema), "2023.1");
  ck_assert_str_eq (vneid_form_schema_get_title (schema), "Tờ khai thay đổi thông tin cư trú (CT01)");
  ck_assert_str_eq (vneid_form_schema_get_authority (schema), "Bộ Công an — Thông tư 66/2023/TT-BCA");
  ck_assert_uint_eq (vneid_form_schema_get_min_level (schema), 1);
  ck_assert_uint_eq (fields->len, 10);

  field = vneid_form_schema_lookup_field (schema, "full_name");
  ck_assert_ptr_eq (field, g_ptr_array_index (fields, 0));
  ck_assert_str_eq (vneid_form_field_get_label (field), "Họ, chữ đệm và tên");
  ck_assert_str_eq (vneid_form_field_get_description (field), "Viết in hoa");
  ck_assert_int_eq (vneid_form_field_get_field_type (field), VNEID_FIELD_TYPE_STRING);
  ck_assert (vneid_form_field_get_required (field));
  ck_assert_uint_eq (vneid_form_field_get_max_length (field), 100);
  ck_assert_ptr_null (vneid_form_field_get_pattern (field));
  ck_assert_ptr_null (vneid_form_field_get_date_format (field));
  ck_assert_ptr_null (vneid_form_field_get_enum_codes (field));
  ck_assert_ptr_null (vneid_form_field_get_fields (field));
  ck_assert_uint_eq (vneid_form_field_get_min_level (field), 1);

  field = vneid_form_schema_lookup_field (schema, "birth_date");
  ck_assert_int_eq (vneid_form_field_get_field_type (field), VNEID_FIELD_TYPE_DATE);
  ck_assert_str_eq (vneid_form_field_get_date_format (field), "dd/MM/yyyy");
  ck_assert_ptr_null (vneid_form_field_get_description (field));

  field = vneid_form_schema_lookup_field (schema, "sex");
  ck_assert_int_eq (vneid_form_field_get_field_type (field), VNEID_FIELD_TYPE_ENUM);
  codes = vneid_form_field_get_enum_codes (field);
  ck_assert_uint_eq (g_strv_length (codes), 2);
  ck_assert_str_eq (codes[0], "1");
  ck_assert_str_eq (codes[1], "2");
  ck_assert_str_eq (vneid_form_field_get_enum_label (field, "2"), "Nữ");
  ck_assert_ptr_null (vneid_form_field_get_enum_label (field, "3"));

  field = vneid_form_schema_lookup_field (schema, "personal_id");
  ck_assert_str_eq (vneid_form_field_get_pattern (field), "^[0-9]{12}$");

  field = vneid_form_schema_lookup_field (schema, "card_issue_date");
  ck_assert_uint_eq (vneid_form_field_get_min_level (field), 2);
  ck_assert (!vneid_form_field_get_required (field));

  ck_assert_int_eq (vneid_form_field_get_field_type (vneid_form_schema_lookup_field (schema, "is_head")),
                    VNEID_FIELD_TYPE_BOOLEAN);
  ck_assert_int_eq (vneid_form_field_get_field_type (vneid_form_schema_lookup_field (schema, "household_size")),
                    VNEID_FIELD_TYPE_NUMBER);

  field = vneid_form_schema_lookup_field (schema, "members");
  ck_assert_int_eq (vneid_form_field_get_field_type (field), VNEID_FIELD_TYPE_GROUP);
  ck_assert_uint_eq (vneid_form_field_get_fields (field)->len, 2);
  ck_assert_ptr_eq (vneid_form_schema_lookup_field (schema, "members.full_name"),
                    g_ptr_array_index (vneid_form_field_get_fields (field), 0));
  ck_assert_uint_eq (vneid_form_field_get_max_length (vneid_form_schema_lookup_field (schema, "members.full_name")), 10);
  ck_assert_ptr_null (vneid_form_schema_lookup_field (schema, "members.nope"));
  ck_assert_ptr_null (vneid_form_schema_lookup_field (schema, "sex.code"));
  ck_assert_ptr_null (vneid_form_schema_lookup_field (schema, "nope"));
  ck_assert_ptr_null (vneid_form_schema_lookup_field (schema, "full"));
}
END_TEST

START_TEST (test_schema_defaults)
{
  g_autoptr(VneidFormSchema) schema =
    schema_ok ("{\"id\": \"vn.x.a-b\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", "
               "\"fields\": [{\"name\": \"d\", \"label\": \"D\", \"type\": \"date\"}, "
               "{\"name\": \"n2\", \"label\": \"N\", \"type\": \"string\", \"required\": false}]}");
  VneidFormField *d = vneid_form_schema_lookup_field (schema, "d");

  ck_assert_uint_eq (vneid_form_schema_get_min_level (schema), 1);
  ck_assert_str_eq (vneid_form_field_get_date_format (d), "dd/MM/yyyy");
  ck_assert (!vneid_form_field_get_required (d));
  ck_assert_uint_eq (vneid_form_field_get_max_length (vneid_form_schema_lookup_field (schema, "n2")), 0);
}
END_TEST

START_TEST (test_schema_from_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vneid-forms-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ct01.schema.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "nope.schema.json", NULL);
  g_autoptr(VneidFormSchema) schema = NULL;

  ck_assert (g_file_set_contents (path, FULL_SCHEMA, -1, NULL));
  schema = vneid_form_schema_new_from_file (path, &error);
  vt_assert_no_error (error);
  ck_assert_str_eq (vneid_form_schema_get_id (schema), "vn.bca.ct01");

  ck_assert_ptr_null (vneid_form_schema_new_from_file (missing, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_SCHEMA, "nope.schema.json", NULL);
  g_clear_error (&error);

  /* errors name the file */
  ck_assert (g_file_set_contents (path, "{\"id\": \"vn.a\", \"colour\": 1}", -1, NULL));
  ck_assert_ptr_null (vneid_form_schema_new_from_file (path, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_SCHEMA, "ct01.schema.json", "“colour”", NULL);
  g_clear_error (&error);

  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_schema_too_large)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vneid-forms-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.schema.json", NULL);
  gsize size = 1024 * 1024 + 1;
  g_autofree char *text = g_malloc (size + 1);

  /* valid JSON, one byte over the limit */
  memset (text, ' ', size);
  text[0] = '{';
  text[size - 1] = '}';
  text[size] = '\0';
  ck_assert (g_file_set_contents (path, text, (gssize) size, NULL));
  ck_assert_ptr_null (vneid_form_schema_new_from_file (path, &error));
  assert_error_says (error, VNEID_FORM_ERROR_TOO_LARGE, "huge.schema.json", "1 MiB", NULL);
  g_clear_error (&error);

  ck_assert_ptr_null (vneid_form_schema_new_from_json (text, "big.json", &error));
  assert_error_says (error, VNEID_FORM_ERROR_TOO_LARGE, "big.json", "1 MiB", NULL);
  g_clear_error (&error);

  /* exactly 1 MiB is read (and then fails for what it says, not its size) */
  ck_assert (g_file_set_contents (path, text, (gssize) size - 1, NULL));
  ck_assert_ptr_null (vneid_form_schema_new_from_file (path, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_SCHEMA, "huge.schema.json", NULL);

  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_schema_too_deep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\"id\": \"vn.a.b\", \"version\": ");

  for (int i = 0; i < 40; i++)
    g_string_append_c (json, '[');
  for (int i = 0; i < 40; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');
  ck_assert_ptr_null (vneid_form_schema_new_from_json (json->str, SRC, &error));
  assert_error_says (error, VNEID_FORM_ERROR_TOO_LARGE, SRC, "32", NULL);
}
END_TEST

/* Each case: fields (or a whole schema when it starts with '{' or is not
 * an array's contents), the code, and the substrings the message holds. */
typedef struct {
  const char *json;        /* a whole schema */
  const char *fields;      /* or the fields of one */
  int         code;
  const char *says[3];
} BadSchema;

static const BadSchema bad_schemas[] = {
  /* 0: not JSON */
  { "{\"id\": ", NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "not valid JSON" } },
  { "[1, 2]", NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "must be a JSON object" } },
  /* unknown members */
  { "{\"id\": \"vn.a.b\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", "
    "\"fields\": [{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}], \"colour\": 1}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "unknown member “colour”" } },
  { NULL, "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}, "
          "{\"name\": \"sex\", \"label\": \"S\", \"type\": \"string\", \"colour\": \"red\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[1] (“sex”)", "unknown member “colour”" } },
  /* missing members */
  { "{\"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", \"fields\": []}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "“id” is missing" } },
  { "{\"id\": \"vn.a.b\", \"title\": \"T\", \"authority\": \"A\", \"fields\": []}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "“version” is missing" } },
  { "{\"id\": \"vn.a.b\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\"}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "“fields” is missing" } },
  { NULL, "", VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields", "is empty" } },
  { NULL, "{\"label\": \"A\", \"type\": \"string\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0]", "“name” is missing" } },
  { NULL, "{\"name\": \"full_name\", \"type\": \"string\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“full_name”)", "“label” is missing" } },
  /* 10 */
  { NULL, "{\"name\": \"full_name\", \"label\": \"A\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“full_name”)", "“type” is missing" } },
  { NULL, "{\"name\": \"full_name\", \"label\": \"A\", \"type\": \"text\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“full_name”)", "unknown type “text”" } },
  { NULL, "{\"name\": \"full_name\", \"label\": \"A\", \"type\": 1}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“full_name”)", "“type” must be a string" } },
  /* duplicate names */
  { NULL, "{\"name\": \"sex\", \"label\": \"A\", \"type\": \"string\"}, "
          "{\"name\": \"b\", \"label\": \"B\", \"type\": \"string\"}, "
          "{\"name\": \"sex\", \"label\": \"C\", \"type\": \"string\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[2]", "duplicate field name “sex”" } },
  /* patterns */
  { NULL, "{\"name\": \"pid\", \"label\": \"P\", \"type\": \"string\", \"pattern\": \"^[0-9{12}$\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“pid”)", "“pattern” is not a valid regular expression" } },
  { NULL, "{\"name\": \"pid\", \"label\": \"P\", \"type\": \"string\", \"pattern\": \"(a\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“pid”)", "“pattern”" } },
  /* date formats */
  { NULL, "{\"name\": \"d\", \"label\": \"D\", \"type\": \"date\", \"format\": \"dd/MM/yy\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“d”)", "“yy”", "not a token" } },
  { NULL, "{\"name\": \"d\", \"label\": \"D\", \"type\": \"date\", \"format\": \"dd/MM\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“d”)", "no year" } },
  { NULL, "{\"name\": \"d\", \"label\": \"D\", \"type\": \"date\", \"format\": \"ddd MM yyyy\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“d”)", "“ddd”" } },
  { NULL, "{\"name\": \"d\", \"label\": \"D\", \"type\": \"date\", \"format\": \"yyyy/yyyy\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“d”)", "twice" } },
  /* 20: enums */
  { NULL, "{\"name\": \"sex\", \"label\": \"S\", \"type\": \"enum\", \"enum\": []}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“sex”)", "“enum” is empty" } },
  { NULL, "{\"name\": \"sex\", \"label\": \"S\", \"type\": \"enum\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“sex”)", "needs “enum”" } },
  { NULL, "{\"name\": \"sex\", \"label\": \"S\", \"type\": \"enum\", \"enum\": "
          "[{\"code\": \"1\", \"label\": \"Nam\"}, {\"code\": \"1\", \"label\": \"Nữ\"}]}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“sex”)", "code “1” twice" } },
  { NULL, "{\"name\": \"sex\", \"label\": \"S\", \"type\": \"enum\", \"enum\": [{\"label\": \"Nam\"}]}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“sex”)", "“enum”[0]", "“code”" } },
  { NULL, "{\"name\": \"sex\", \"label\": \"S\", \"type\": \"enum\", \"enum\": [\"1\"]}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“sex”)", "“enum”[0] must be an object" } },
  /* groups */
  { NULL, "{\"name\": \"members\", \"label\": \"M\", \"type\": \"group\", \"fields\": "
          "[{\"name\": \"inner\", \"label\": \"I\", \"type\": \"group\", \"fields\": "
          "[{\"name\": \"x\", \"label\": \"X\", \"type\": \"string\"}]}]}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "members.inner", "no nested groups" } },
  { NULL, "{\"name\": \"members\", \"label\": \"M\", \"type\": \"group\", \"fields\": []}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0].fields", "is empty" } },
  { NULL, "{\"name\": \"members\", \"label\": \"M\", \"type\": \"group\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“members”)", "needs “fields”" } },
  { NULL, "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}, "
          "{\"name\": \"members\", \"label\": \"M\", \"type\": \"group\", \"fields\": "
          "[{\"name\": \"full_name\", \"label\": \"F\", \"type\": \"string\", \"max_length\": 0}]}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[1].fields[0] (“members.full_name”)", "“max_length”" } },
  { NULL, "{\"name\": \"members\", \"label\": \"M\", \"type\": \"group\", \"fields\": "
          "[{\"name\": \"x\", \"label\": \"X\", \"type\": \"string\"}, "
          "{\"name\": \"x\", \"label\": \"Y\", \"type\": \"string\"}]}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0].fields[1]", "duplicate field name “members.x”" } },
  /* 30: levels */
  { "{\"id\": \"vn.a.b\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", \"min_level\": 3, "
    "\"fields\": [{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}]}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "“min_level” must be 1 or 2, not 3" } },
  { NULL, "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\", \"min_level\": 3}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“a”)", "“min_level” must be 1 or 2, not 3" } },
  { NULL, "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\", \"min_level\": \"2\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“a”)", "“min_level” must be 1 or 2" } },
  /* constraints on the wrong type */
  { NULL, "{\"name\": \"d\", \"label\": \"D\", \"type\": \"date\", \"max_length\": 10}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“d”)", "“max_length” applies to string fields only" } },
  { NULL, "{\"name\": \"s\", \"label\": \"S\", \"type\": \"string\", \"format\": \"dd/MM/yyyy\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“s”)", "“format” applies to date fields only" } },
  { NULL, "{\"name\": \"s\", \"label\": \"S\", \"type\": \"string\", \"enum\": "
          "[{\"code\": \"1\", \"label\": \"Nam\"}]}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“s”)", "“enum” applies to enum fields only" } },
  { NULL, "{\"name\": \"b\", \"label\": \"B\", \"type\": \"boolean\", \"pattern\": \"x\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“b”)", "“pattern” applies to string fields only" } },
  { NULL, "{\"name\": \"b\", \"label\": \"B\", \"type\": \"string\", \"fields\": []}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“b”)", "“fields” applies to group fields only" } },
  /* shapes of names and values */
  { "{\"id\": \"VN.A\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", "
    "\"fields\": [{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}]}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "“id” “VN.A”" } },
  { "{\"id\": \"ct01\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", "
    "\"fields\": [{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}]}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "“id” “ct01”" } },
  /* 40 */
  { NULL, "{\"name\": \"Full-Name\", \"label\": \"A\", \"type\": \"string\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0]", "“Full-Name” is not a field name" } },
  { NULL, "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\", \"required\": \"yes\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“a”)", "“required” must be true or false" } },
  { NULL, "{\"name\": \"a\", \"label\": \"\", \"type\": \"string\"}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“a”)", "“label” is empty" } },
  { NULL, "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\", \"max_length\": 1.5}",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0] (“a”)", "“max_length” must be a whole number" } },
  { NULL, "\"a\"",
    VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields[0]", "must be an object" } },
  { "{\"id\": \"vn.a.b\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", \"fields\": {}}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "fields", "must be an array" } },
  { "{\"id\": \"vn.a.b\", \"id\": \"vn.a.c\"}",
    NULL, VNEID_FORM_ERROR_INVALID_SCHEMA, { "duplicate member" } },
};

START_TEST (test_schema_errors)
{
  const BadSchema *bad = &bad_schemas[_i];
  g_autoptr(GError) error = NULL;
  g_autofree char *json = bad->json ? g_strdup (bad->json) : schema_with_fields (bad->fields);
  g_autoptr(VneidFormSchema) schema = vneid_form_schema_new_from_json (json, SRC, &error);

  ck_assert_msg (schema == NULL, "case %d: schema accepted: %s", _i, json);
  assert_error_says (error, bad->code, SRC, bad->says[0], bad->says[1], bad->says[2], NULL);
}
END_TEST

/* ---- check_value ---------------------------------------------------------- */

static void
assert_value_ok (VneidFormField *field,
                 const char     *value)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vneid_form_field_check_value (field, value, &error),
                 "“%s” refused for %s: %s", value, vneid_form_field_get_name (field),
                 error ? error->message : "");
}

static void
assert_value_bad (VneidFormField *field,
                  const char     *value,
                  const char     *says)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (!vneid_form_field_check_value (field, value, &error),
                 "“%s” accepted for %s", value, vneid_form_field_get_name (field));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, vneid_form_field_get_label (field),
                     vneid_form_field_get_name (field), says ? says : "", NULL);
}

/* ---- what a third-party schema may declare ------------------------------- */

/* @n string fields named f0, f1, …, each with @extra members. */
static char *
many_fields (guint       n,
             const char *extra)
{
  g_autoptr(GString) fields = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (fields, "%s{\"name\": \"f%u\", \"label\": \"F\", \"type\": \"string\"%s}",
                            i > 0 ? ", " : "", i, extra);
  return schema_with_fields (fields->str);
}

START_TEST (test_schema_field_bound)
{
  g_autofree char *at_limit = many_fields (1000, "");
  g_autofree char *over = many_fields (1001, "");
  g_autofree char *group = NULL;
  g_autoptr(GString) children = g_string_new (NULL);
  g_autoptr(VneidFormSchema) schema = schema_ok (at_limit);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFormSchema) refused = vneid_form_schema_new_from_json (over, SRC, &error);

  /* lookups by name find every field, the last as the first */
  ck_assert_int_eq (vneid_form_schema_get_fields (schema)->len, 1000);
  ck_assert_ptr_nonnull (vneid_form_schema_lookup_field (schema, "f0"));
  ck_assert_str_eq (vneid_form_field_get_name (vneid_form_schema_lookup_field (schema, "f999")), "f999");
  ck_assert_ptr_null (vneid_form_schema_lookup_field (schema, "f1000"));

  ck_assert_ptr_null (refused);
  assert_error_says (error, VNEID_FORM_ERROR_TOO_LARGE, SRC, "too many fields", "at most 1000", NULL);
  g_clear_error (&error);

  /* a group's fields count too: 2 + 999 */
  for (guint i = 0; i < 999; i++)
    g_string_append_printf (children, "%s{\"name\": \"c%u\", \"label\": \"C\", \"type\": \"string\"}",
                            i > 0 ? ", " : "", i);
  group = g_strdup_printf ("{\"id\": \"vn.test.form\", \"version\": \"1\", \"title\": \"T\", \"authority\": \"A\", "
                           "\"fields\": [{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}, "
                           "{\"name\": \"g\", \"label\": \"G\", \"type\": \"group\", \"fields\": [%s]}]}",
                           children->str);
  g_clear_object (&refused);
  refused = vneid_form_schema_new_from_json (group, SRC, &error);
  ck_assert_ptr_null (refused);
  assert_error_says (error, VNEID_FORM_ERROR_TOO_LARGE, "fields[1].fields", "too many fields", NULL);
}
END_TEST

START_TEST (test_schema_enum_bound)
{
  g_autoptr(GString) codes = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autoptr(VneidFormSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (codes, "%s{\"code\": \"%u\", \"label\": \"L\"}", i > 0 ? ", " : "", i);
  json = g_strdup_printf ("{\"name\": \"e\", \"label\": \"E\", \"type\": \"enum\", \"enum\": [%s]}", codes->str);
  {
    g_autofree char *whole = schema_with_fields (json);

    schema = vneid_form_schema_new_from_json (whole, SRC, &error);
  }
  ck_assert_ptr_null (schema);
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_SCHEMA, "“enum” has 1001 codes, more than the 1000 allowed", NULL);
}
END_TEST

/* The whole-value rule cannot be defeated by a verb, nor lifted by an option;
 * a literal "(" followed by "*" is no verb. */
START_TEST (test_pattern_verbs)
{
  static const char *const refused[] = {
    "a(*ACCEPT)", "(*COMMIT)a", "(*LIMIT_MATCH=100000000)a", "(*UTF)a", "a|(*F)", "(?:x(*ACCEPT))?y",
  };
  g_autoptr(VneidFormSchema) s1 = NULL, s2 = NULL, s3 = NULL;
  VneidFormField *paren = field_ok (&s1, "{\"name\": \"p\", \"label\": \"P\", \"type\": \"string\", \"pattern\": \"\\\\(*x\"}");
  VneidFormField *class = field_ok (&s2, "{\"name\": \"c\", \"label\": \"C\", \"type\": \"string\", \"pattern\": \"[(*]x\"}");
  VneidFormField *quoted = field_ok (&s3, "{\"name\": \"q\", \"label\": \"Q\", \"type\": \"string\", \"pattern\": \"\\\\Q(*\\\\E\"}");

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *pattern = g_strescape (refused[i], NULL);
      g_autofree char *field = g_strdup_printf ("{\"name\": \"v\", \"label\": \"V\", \"type\": \"string\", "
                                                "\"pattern\": \"%s\"}", pattern);
      g_autofree char *json = schema_with_fields (field);
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidFormSchema) schema = vneid_form_schema_new_from_json (json, SRC, &error);

      ck_assert_msg (schema == NULL, "pattern %s loaded", refused[i]);
      assert_error_says (error, VNEID_FORM_ERROR_INVALID_SCHEMA, "fields[0] (“v”)", "(*…) verb", NULL);
    }
  assert_value_ok (paren, "((x");
  assert_value_ok (class, "*x");
  assert_value_ok (quoted, "(*");
  assert_value_bad (quoted, "(*x", "does not match");
}
END_TEST

/* A pattern that backtracks without end gives up within its limit, and
 * says so: that is not "does not match". */
START_TEST (test_pattern_match_limit)
{
  g_autoptr(VneidFormSchema) s1 = NULL, s2 = NULL;
  VneidFormField *name = field_ok (&s1, "{\"name\": \"n\", \"label\": \"Họ tên\", \"type\": \"string\", "
                                        "\"pattern\": \"^(\\\\p{L}+ ?)+$\"}");
  VneidFormField *digits = field_ok (&s2, "{\"name\": \"d\", \"label\": \"D\", \"type\": \"string\", "
                                          "\"pattern\": \"[0-9]+\"}");
  g_autofree char *long_value = g_strnfill (1025, '7');
  gint64 start = g_get_monotonic_time ();
  gint64 took;

  assert_value_ok (name, "Nguyễn Văn Anh");
  assert_value_bad (name, "Nguyễn Văn An1", NULL);
  assert_value_bad (name, "NguyễnVănAnhNguyễnVănAnhNguyễnVănAnh!", "gave up");
  took = g_get_monotonic_time () - start;
  /* a generous bound: the limit makes it about a millisecond */
  ck_assert_msg (took < G_USEC_PER_SEC / 2, "three matches took %" G_GINT64_FORMAT " µs", took);

  long_value[1024] = '\0';
  assert_value_ok (digits, long_value);
  long_value[1024] = '7';
  assert_value_bad (digits, long_value, "too long to check against the pattern");
}
END_TEST

/* Patterns mean what they meant when GRegex ran them. The bundled forms'
 * patterns, and patterns whose meaning hangs on the options GRegex used
 * (UTF-8; Unicode properties for \d, \s, \w and POSIX classes; any newline
 * sequence for ".", "$" and "^"; \R for any line break), give on every
 * value of the corpus the answer GRegex gives with the whole-value pattern
 * the field is built from: a match, no match, or giving up. */
static const char *const corpus_patterns[] = {
  "^[0-9]{12}$", "^(\\+84|0)[0-9]{9}$", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
  "^[A-Z]{2}[1-5][0-9]{12}$", "^[0-9]{5}$", "^[A-Z][0-9]{7}$",
  "\\d+", "\\w+ \\w+", "a\\sb", "[[:alpha:] ]+", "(?i)đức", "a.b", "(?s)a.b", "a\\Rb",
  "^\\p{L}+( \\p{L}+)*$", ".*\\bVN\\b", "x$", "(?m)a$\\n?b?", "^(\\p{L}+ ?)+$", "(a|aa)+$",
  "[^a]", "\\X", "\\N\\N", "(?x) a \\  b", "[a-zà-ỹ ]+", "(?i)[A-ZĐ ]+",
};

static const char *const corpus_values[] = {
  "", "012345678901", "01234567890", "0123456789012", "+84912345678", "0912345678",
  "an.nguyen@example.vn", "an nguyen@example.vn", "an\u00a0nguyen@x.vn", "DN4010123456789",
  "12345", "B1234567", "\xd9\xa0\xd9\xa1\xd9\xa2", "Nguyễn Văn Đức", "NGUYỄN VĂN ĐỨC", "đức",
  "ĐỨC", "a\nb", "a\rb", "a\r\nb", "a\u2028b", "a\xc2\x85" "b", "a\u00a0b", "a b", "a\tb",
  "x\n", "x", "x\u2028", "VN", "xVN", "mã VN", "NguyễnVănAnhNguyễnVănAnhNguyễnVănAnh!",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "e\xcc\x81", "\xf0\x9f\x98\x80", "ab",
};

/* 0 no match, 1 a match, 2 gave up, as GRegex says for the whole-value
 * pattern of the field (built as the field builds it). */
static int
gregex_answer (const char *pattern,
               const char *value)
{
  g_autofree char *whole = g_strdup_printf ("(*LIMIT_MATCH=10000)(*LIMIT_DEPTH=250)(?:%s)\\z",
                                            pattern);
  g_autoptr(GRegex) regex = g_regex_new (whole, G_REGEX_ANCHORED, 0, NULL);
  g_autoptr(GError) error = NULL;
  gboolean matched;

  ck_assert_ptr_nonnull (regex);
  matched = g_regex_match_full (regex, value, -1, 0, 0, NULL, &error);
  return matched ? 1 : error != NULL ? 2 : 0;
}

static int
field_answer (VneidFormField *field,
              const char     *value)
{
  g_autoptr(GError) error = NULL;

  if (vneid_form_field_check_value (field, value, &error))
    return 1;
  ck_assert_ptr_nonnull (error);
  if (strstr (error->message, "gave up") != NULL)
    return 2;
  ck_assert_msg (strstr (error->message, "does not match") != NULL, "%s", error->message);
  return 0;
}

static VneidFormField *
pattern_field (VneidFormSchema **holder,
               const char       *pattern)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "v");
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, "V");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  json_builder_set_member_name (builder, "pattern");
  json_builder_add_string_value (builder, pattern);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  return field_ok (holder, json);
}

static void
assert_patterns_as_gregex (const char *pattern,
                           guint      *answers)
{
  g_autoptr(VneidFormSchema) schema = NULL;
  VneidFormField *field = pattern_field (&schema, pattern);

  for (guint v = 0; v < G_N_ELEMENTS (corpus_values); v++)
    {
      int expected = gregex_answer (pattern, corpus_values[v]);
      int got = field_answer (field, corpus_values[v]);

      ck_assert_msg (got == expected, "pattern %s on “%s”: %d, GRegex says %d",
                     pattern, corpus_values[v], got, expected);
      answers[got]++;
    }
}

START_TEST (test_pattern_as_gregex)
{
  g_autoptr(GString) many_groups = g_string_new (NULL);
  guint answers[3] = { 0, 0, 0 };

  for (guint p = 0; p < G_N_ELEMENTS (corpus_patterns); p++)
    assert_patterns_as_gregex (corpus_patterns[p], answers);
  /* 200 capture groups: frames too big to keep, a match data block of its own */
  for (guint i = 0; i < 200; i++)
    g_string_append (many_groups, "(a?)");
  g_string_append (many_groups, "[^@\\s]+@[^@\\s]+");
  assert_patterns_as_gregex (many_groups->str, answers);

  /* the corpus exercises all three answers */
  ck_assert_uint_gt (answers[0], 100);
  ck_assert_uint_gt (answers[1], 50);
  ck_assert_uint_gt (answers[2], 0);
}
END_TEST

/* Codes, patterns and labels written decomposed match the NFC values the
 * profile holds. */
START_TEST (test_schema_nfc)
{
  g_autoptr(VneidFormSchema) s1 = NULL, s2 = NULL;
  /* "Nữ" and "Việt" with combining marks */
  VneidFormField *sex = field_ok (&s1, "{\"name\": \"s\", \"label\": \"Giới tính\", \"type\": \"enum\", "
                                       "\"enum\": [{\"code\": \"Nu\\u031b\\u0303\", \"label\": \"Nu\\u031b\\u0303\"}]}");
  VneidFormField *country = field_ok (&s2, "{\"name\": \"c\", \"label\": \"Vie\\u0323\\u0302t\", \"type\": \"string\", "
                                           "\"pattern\": \"^Vie\\u0323\\u0302t Nam$\"}");

  assert_value_ok (sex, "Nữ");
  ck_assert_str_eq (vneid_form_field_get_enum_label (sex, "Nữ"), "Nữ");
  assert_value_ok (country, "Việt Nam");
  ck_assert_str_eq (vneid_form_field_get_label (country), "Việt");
  ck_assert_str_eq (vneid_form_field_get_pattern (country), "^Việt Nam$");
}
END_TEST

START_TEST (test_check_string)
{
  g_autoptr(VneidFormSchema) s1 = NULL, s2 = NULL, s3 = NULL, s4 = NULL;
  VneidFormField *len = field_ok (&s1, "{\"name\": \"name\", \"label\": \"Tên\", \"type\": \"string\", \"max_length\": 6}");
  VneidFormField *pid = field_ok (&s2, "{\"name\": \"pid\", \"label\": \"Số\", \"type\": \"string\", \"pattern\": \"^[0-9]{12}$\"}");
  VneidFormField *loose = field_ok (&s3, "{\"name\": \"code\", \"label\": \"Mã\", \"type\": \"string\", \"pattern\": \"[0-9]{3}\"}");
  VneidFormField *alt = field_ok (&s4, "{\"name\": \"alt\", \"label\": \"Alt\", \"type\": \"string\", \"pattern\": \"a|ab\"}");

  /* characters, not bytes: “Nguyễn” is 6 characters, 9 bytes */
  assert_value_ok (len, "Nguyễn");
  assert_value_ok (len, "");
  assert_value_bad (len, "Nguyễnn", "7 characters, more than the 6 allowed");

  assert_value_ok (pid, "001090012345");
  assert_value_bad (pid, "00109001234", "does not match the pattern");
  assert_value_bad (pid, "0010900123456", "does not match");
  assert_value_bad (pid, "001090012345\n", "does not match");

  /* the whole value must match, anchored or not */
  assert_value_ok (loose, "123");
  assert_value_bad (loose, "1234", "does not match");
  assert_value_bad (loose, "x123", "does not match");
  assert_value_ok (alt, "a");
  assert_value_ok (alt, "ab");
  assert_value_bad (alt, "abb", "does not match");

  assert_value_bad (len, "\xff", "UTF-8");
}
END_TEST

START_TEST (test_check_date)
{
  g_autoptr(VneidFormSchema) s1 = NULL, s2 = NULL, s3 = NULL;
  VneidFormField *d = field_ok (&s1, "{\"name\": \"d\", \"label\": \"Ngày sinh\", \"type\": \"date\"}");
  VneidFormField *words = field_ok (&s2, "{\"name\": \"w\", \"label\": \"Ngày\", \"type\": \"date\", "
                                         "\"format\": \"Ngày dd tháng MM năm yyyy\"}");
  VneidFormField *iso = field_ok (&s3, "{\"name\": \"i\", \"label\": \"ISO\", \"type\": \"date\", "
                                       "\"format\": \"(yyyy-MM-dd)\"}");
  static const char *const formats[] = {
    "dd/MM/yyyy", "yyyy-MM-dd", "(dd/MM/yyyy)", "Ngày dd tháng MM năm yyyy", "MM/yyyy", "yyyy",
    "dd.MM.yyyy г.",
  };
  static const char *const dates[] = { "1990-05-17", "1990-05", "1950", "2000-02-29", "0999-12-31" };

  assert_value_ok (d, "17/05/1990");
  assert_value_ok (d, "29/02/2000");
  /* what vneid_date_format() writes for partial dates */
  assert_value_ok (d, "05/1990");
  assert_value_ok (d, "1950");
  assert_value_bad (d, "31/02/1990", "not a date in the format dd/MM/yyyy");
  assert_value_bad (d, "29/02/1900", "not a date");
  assert_value_bad (d, "17-05-1990", "not a date");
  assert_value_bad (d, "1990-05-17", "not a date");
  assert_value_bad (d, "7/5/1990", "not a date");
  assert_value_bad (d, "17/13/1990", "not a date");
  assert_value_bad (d, "17/05/199a", "not a date");
  assert_value_bad (d, "00/05/1990", "not a date");
  assert_value_bad (d, "0000", "not a date");
  assert_value_bad (d, "", "not a date");

  assert_value_ok (words, "Ngày 17 tháng 05 năm 1990");
  assert_value_bad (words, "Ngày 17 thang 05 năm 1990", "not a date");
  assert_value_ok (iso, "(1990-05-17)");
  assert_value_ok (iso, "(1990-05)");
  assert_value_ok (iso, "(1990)");
  assert_value_bad (iso, "1990-05-17", "not a date");

  /* every format accepts what vneid_date_format() makes of every date */
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *field_json =
        g_strdup_printf ("{\"name\": \"x\", \"label\": \"X\", \"type\": \"date\", \"format\": \"%s\"}",
                         formats[f]);
      g_autoptr(VneidFormSchema) schema = NULL;
      VneidFormField *field = field_ok (&schema, field_json);

      for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
        {
          g_autoptr(VneidDate) date = vneid_date_parse (dates[i], NULL);
          g_autofree char *text = vneid_date_format (date, formats[f]);

          assert_value_ok (field, text);
        }
    }
}
END_TEST

START_TEST (test_check_enum_boolean_number)
{
  g_autoptr(VneidFormSchema) s1 = NULL, s2 = NULL, s3 = NULL, s4 = NULL;
  VneidFormField *sex = field_ok (&s1, "{\"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"enum\", "
                                       "\"enum\": [{\"code\": \"1\", \"label\": \"Nam\"}, {\"code\": \"2\", \"label\": \"Nữ\"}]}");
  VneidFormField *b = field_ok (&s2, "{\"name\": \"is_head\", \"label\": \"Là chủ hộ\", \"type\": \"boolean\"}");
  VneidFormField *n = field_ok (&s3, "{\"name\": \"size\", \"label\": \"Số người\", \"type\": \"number\"}");
  VneidFormField *g = field_ok (&s4, "{\"name\": \"members\", \"label\": \"TV\", \"type\": \"group\", "
                                     "\"fields\": [{\"name\": \"x\", \"label\": \"X\", \"type\": \"string\"}]}");

  assert_value_ok (sex, "1");
  assert_value_ok (sex, "2");
  assert_value_bad (sex, "3", "“3” is not one of the codes 1, 2");
  assert_value_bad (sex, "Nam", "not one of the codes");

  assert_value_ok (b, "true");
  assert_value_ok (b, "false");
  assert_value_bad (b, "TRUE", "not true or false");
  assert_value_bad (b, "1", "not true or false");

  assert_value_ok (n, "12");
  assert_value_ok (n, "0");
  assert_value_ok (n, "-3.5");
  assert_value_ok (n, "1000000.25");
  assert_value_bad (n, "1e3", "not a decimal number");
  assert_value_bad (n, "0x10", "not a decimal number");
  assert_value_bad (n, " 1", "not a decimal number");
  assert_value_bad (n, "1.", "not a decimal number");
  assert_value_bad (n, ".5", "not a decimal number");
  assert_value_bad (n, "nan", "not a decimal number");
  assert_value_bad (n, "", "not a decimal number");
  assert_value_bad (n, "1,5", "not a decimal number");

  assert_value_bad (g, "x", "a group has no value");
}
END_TEST

/* ---- profiles ------------------------------------------------------------- */

/* A verified profile of the PID fixture at @level, with a contact
 * credential (self-asserted phone and e-mail) bound to the same holder. */
static VneidProfile *
profile_new (gint64 level)
{
  g_autoptr(VneidKey) issuer = vt_key_new (VT_ISSUER_KID);
  g_autoptr(VneidKey) holder = vt_key_new ("holder");
  g_autoptr(VneidTrustStore) store = vt_trust_store_new (issuer, VT_ISSUER, NULL);
  g_autoptr(VneidVerifier) verifier = vt_verifier_new (store);
  g_autoptr(VneidCredentialBuilder) pid_builder = NULL;
  g_autoptr(VneidCredentialBuilder) contact_builder = NULL;
  g_autoptr(JsonObject) claims = vt_pid_claims ();
  g_autoptr(JsonObject) contact = vt_json_object ("{\"phone_number\": \"0912345678\", "
                                                  "\"email\": \"an.nguyen@example.vn\"}");
  g_autoptr(VneidVerifiedCredential) v_pid = NULL, v_contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_compact = NULL, *contact_compact = NULL;
  VneidVerifiedCredential *credentials[2];
  VneidProfile *profile;

  json_object_set_int_member (claims, "vneid_level", level);
  pid_builder = vneid_credential_builder_new (VT_VCT_PID, claims);
  for (const char *const *p = vt_pid_disclosable_paths (); *p != NULL; p++)
    vneid_credential_builder_add_disclosable (pid_builder, *p);
  vneid_credential_builder_set_issued_at (pid_builder, VT_IAT);
  vneid_credential_builder_set_expires_at (pid_builder, VT_EXP);
  vneid_credential_builder_set_holder_key (pid_builder, holder);
  pid_compact = vneid_credential_builder_build (pid_builder, issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);

  contact_builder = vneid_credential_builder_new ("urn:vn:vneid:contact:1", contact);
  vneid_credential_builder_set_all_disclosable (contact_builder, TRUE);
  vneid_credential_builder_set_issued_at (contact_builder, VT_IAT);
  vneid_credential_builder_set_expires_at (contact_builder, VT_EXP);
  vneid_credential_builder_set_holder_key (contact_builder, holder);
  contact_compact = vneid_credential_builder_build (contact_builder, issuer, VT_ISSUER, &error);
  vt_assert_no_error (error);

  v_pid = vt_verify_ok (verifier, pid_compact);
  v_contact = vt_verify_ok (verifier, contact_compact);
  credentials[0] = v_pid;
  credentials[1] = v_contact;
  profile = vneid_profile_new (credentials, 2, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (profile);
  ck_assert_uint_eq (vneid_profile_get_level (profile), (guint) level);
  return profile;
}

static VneidProfile *shared_profile;

static void
profile_setup (void)
{
  shared_profile = profile_new (2);
}

static void
profile_teardown (void)
{
  g_clear_object (&shared_profile);
}

/* The attributes at @path…, NULL-terminated. */
static GPtrArray *
sources_of (VneidProfile *profile,
            ...)
{
  GPtrArray *sources = g_ptr_array_new ();
  const char *path;
  va_list args;

  va_start (args, profile);
  while ((path = va_arg (args, const char *)) != NULL)
    {
      VneidAttribute *attribute = vneid_profile_lookup (profile, path);

      ck_assert_msg (attribute != NULL, "profile has no %s", path);
      g_ptr_array_add (sources, attribute);
    }
  va_end (args);
  return sources;
}

static VneidFilledField *
field_of (VneidFilledForm *form,
          const char      *name)
{
  VneidFilledField *field = vneid_filled_form_lookup (form, name);

  ck_assert_msg (field != NULL, "form has no field %s", name);
  return field;
}

static void
assert_status (VneidFilledForm  *form,
               const char       *name,
               VneidFieldStatus  status,
               const char       *value)
{
  VneidFilledField *field = field_of (form, name);

  ck_assert_msg (vneid_filled_field_get_status (field) == status,
                 "%s: status %s, expected %s (%s)", name,
                 vneid_field_status_to_string (vneid_filled_field_get_status (field)),
                 vneid_field_status_to_string (status),
                 vneid_filled_field_get_message (field) ? vneid_filled_field_get_message (field) : "");
  ck_assert_str_eq (vneid_filled_field_get_name (field), name);
  if (value == NULL)
    ck_assert_ptr_null (vneid_filled_field_get_value (field));
  else
    ck_assert_str_eq (vneid_filled_field_get_value (field), value);
  ck_assert (vneid_filled_field_get_read_only (field) == (status == VNEID_FIELD_STATUS_VERIFIED));
}

static void
fill_ok (VneidFilledForm *form,
         const char      *name,
         const char      *value,
         GPtrArray       *sources)
{
  g_autoptr(GError) error = NULL;

  ck_assert (vneid_filled_form_fill (form, name, value, sources, &error));
  vt_assert_no_error (error);
}

/* ---- filled forms --------------------------------------------------------- */

START_TEST (test_status_strings)
{
  ck_assert_str_eq (vneid_field_status_to_string (VNEID_FIELD_STATUS_VERIFIED), "verified");
  ck_assert_str_eq (vneid_field_status_to_string (VNEID_FIELD_STATUS_SELF_ASSERTED), "self-asserted");
  ck_assert_str_eq (vneid_field_status_to_string (VNEID_FIELD_STATUS_MISSING), "missing");
  ck_assert_str_eq (vneid_field_status_to_string (VNEID_FIELD_STATUS_NEEDS_LEVEL_2), "needs-level-2");
  ck_assert_str_eq (vneid_field_status_to_string (VNEID_FIELD_STATUS_INVALID), "invalid");
  ck_assert (g_type_is_a (VNEID_TYPE_FIELD_STATUS, G_TYPE_ENUM));
  ck_assert (g_type_is_a (VNEID_TYPE_FIELD_TYPE, G_TYPE_ENUM));
}
END_TEST

START_TEST (test_form_new)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form1 = vneid_filled_form_new (schema, 1);
  g_autoptr(VneidFilledForm) form2 = vneid_filled_form_new (schema, 2);
  GPtrArray *fields = vneid_filled_form_get_fields (form1);
  VneidFilledField *card;

  ck_assert_ptr_eq (vneid_filled_form_get_schema (form1), schema);
  ck_assert_uint_eq (vneid_filled_form_get_level (form1), 1);
  ck_assert_uint_eq (fields->len, 10);
  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);

      ck_assert_ptr_eq (vneid_filled_field_get_field (field),
                        g_ptr_array_index (vneid_form_schema_get_fields (schema), i));
      ck_assert_uint_eq (vneid_filled_field_get_sources (field)->len, 0);
    }
  assert_status (form1, "full_name", VNEID_FIELD_STATUS_MISSING, NULL);
  ck_assert_ptr_null (vneid_filled_field_get_message (field_of (form1, "full_name")));
  /* field min_level 2 at level 1 */
  assert_status (form1, "card_issue_date", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  card = field_of (form1, "card_issue_date");
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (card), "needs a level-2 VNeID account"));
  assert_status (form2, "card_issue_date", VNEID_FIELD_STATUS_MISSING, NULL);
  assert_status (form1, "members", VNEID_FIELD_STATUS_MISSING, NULL);
  ck_assert_ptr_null (vneid_filled_form_lookup (form1, "members[0].full_name"));
  ck_assert_ptr_null (vneid_filled_form_lookup (form1, "nope"));
}
END_TEST

START_TEST (test_form_fill_statuses)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);
  g_autoptr(GPtrArray) name = sources_of (shared_profile, "name", NULL);
  g_autoptr(GPtrArray) email = sources_of (shared_profile, "email", NULL);
  g_autoptr(GPtrArray) mixed = sources_of (shared_profile, "name", "phone_number", NULL);
  g_autoptr(GPtrArray) pan = sources_of (shared_profile, "personal_administrative_number", NULL);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  VneidFilledField *field;

  /* verified: every source is */
  fill_ok (form, "full_name", "NGUYỄN VĂN AN", name);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_VERIFIED, "NGUYỄN VĂN AN");
  field = field_of (form, "full_name");
  ck_assert_uint_eq (vneid_filled_field_get_sources (field)->len, 1);
  ck_assert_ptr_eq (g_ptr_array_index (vneid_filled_field_get_sources (field), 0),
                    vneid_profile_lookup (shared_profile, "name"));
  ck_assert_ptr_null (vneid_filled_field_get_message (field));

  /* self-asserted: a self-asserted source, or any among verified ones */
  fill_ok (form, "email", "an.nguyen@example.vn", email);
  assert_status (form, "email", VNEID_FIELD_STATUS_SELF_ASSERTED, "an.nguyen@example.vn");
  fill_ok (form, "email", "mixed", mixed);
  assert_status (form, "email", VNEID_FIELD_STATUS_SELF_ASSERTED, "mixed");
  ck_assert_uint_eq (vneid_filled_field_get_sources (field_of (form, "email"))->len, 2);

  /* a constant: no sources, not verified */
  fill_ok (form, "country", "Việt Nam", NULL);
  assert_status (form, "country", VNEID_FIELD_STATUS_SELF_ASSERTED, "Việt Nam");
  fill_ok (form, "country", "Việt Nam", empty);
  assert_status (form, "country", VNEID_FIELD_STATUS_SELF_ASSERTED, "Việt Nam");

  /* invalid: kept, with the rule; the fill itself succeeds */
  fill_ok (form, "personal_id", "00109001234", pan);
  assert_status (form, "personal_id", VNEID_FIELD_STATUS_INVALID, "00109001234");
  field = field_of (form, "personal_id");
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (field), "does not match the pattern"));
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (field), "personal_id"));
  ck_assert_uint_eq (vneid_filled_field_get_sources (field)->len, 1);
  fill_ok (form, "personal_id", "001090012345", pan);
  assert_status (form, "personal_id", VNEID_FIELD_STATUS_VERIFIED, "001090012345");
  ck_assert_ptr_null (vneid_filled_field_get_message (field));

  fill_ok (form, "sex", "3", NULL);
  assert_status (form, "sex", VNEID_FIELD_STATUS_INVALID, "3");
  fill_ok (form, "is_head", "yes", NULL);
  assert_status (form, "is_head", VNEID_FIELD_STATUS_INVALID, "yes");
  fill_ok (form, "household_size", "4", NULL);
  assert_status (form, "household_size", VNEID_FIELD_STATUS_SELF_ASSERTED, "4");

  /* an empty value is missing */
  fill_ok (form, "birth_date", "", name);
  assert_status (form, "birth_date", VNEID_FIELD_STATUS_MISSING, NULL);

  /* set_missing says why */
  ck_assert (vneid_filled_form_set_missing (form, "email", "not disclosed", NULL));
  assert_status (form, "email", VNEID_FIELD_STATUS_MISSING, NULL);
  ck_assert_str_eq (vneid_filled_field_get_message (field_of (form, "email")), "not disclosed");
  ck_assert_uint_eq (vneid_filled_field_get_sources (field_of (form, "email"))->len, 0);
}
END_TEST

/* A mapper may pass a profile's date as the claim carries it (ISO 8601):
 * the form writes it in the field's format. Anything else is checked as it
 * is. */
START_TEST (test_form_fill_iso_date)
{
  static const struct { const char *format, *value, *expected; VneidFieldStatus status; } cases[] = {
    { "dd/MM/yyyy", "1990-05-17", "17/05/1990", VNEID_FIELD_STATUS_VERIFIED },
    { "dd/MM/yyyy", "1990-05", "05/1990", VNEID_FIELD_STATUS_VERIFIED },
    { "dd/MM/yyyy", "1950", "1950", VNEID_FIELD_STATUS_VERIFIED },
    { "Ngày dd tháng MM năm yyyy", "1990-05-17", "Ngày 17 tháng 05 năm 1990", VNEID_FIELD_STATUS_VERIFIED },
    { "yyyyMMdd", "2024-02-29", "20240229", VNEID_FIELD_STATUS_VERIFIED },
    /* already in the field's format, or ISO as the format */
    { "dd/MM/yyyy", "17/05/1990", "17/05/1990", VNEID_FIELD_STATUS_VERIFIED },
    { "yyyy-MM-dd", "1990-05-17", "1990-05-17", VNEID_FIELD_STATUS_VERIFIED },
    /* neither: kept as it is, invalid */
    { "dd/MM/yyyy", "17.05.1990", "17.05.1990", VNEID_FIELD_STATUS_INVALID },
    { "dd/MM/yyyy", "1990-02-30", "1990-02-30", VNEID_FIELD_STATUS_INVALID },
    { "dd/MM/yyyy", "1990-5-17", "1990-5-17", VNEID_FIELD_STATUS_INVALID },
    { "dd/MM/yyyy", "1990-05-17T00:00:00Z", "1990-05-17T00:00:00Z", VNEID_FIELD_STATUS_INVALID },
    { "dd/MM/yyyy", "hôm qua", "hôm qua", VNEID_FIELD_STATUS_INVALID },
  };
  g_autoptr(GPtrArray) birthdate = sources_of (shared_profile, "birthdate", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"id\": \"vn.example.date\", \"version\": \"1\", \"title\": \"t\", \"authority\": \"a\","
        " \"fields\": [{\"name\": \"born\", \"label\": \"Ngày sinh\", \"type\": \"date\","
        " \"format\": \"%s\"}]}", cases[i].format);
      g_autoptr(VneidFormSchema) schema = schema_ok (json);
      g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);

      fill_ok (form, "born", cases[i].value, birthdate);
      assert_status (form, "born", cases[i].status, cases[i].expected);
      if (cases[i].status == VNEID_FIELD_STATUS_INVALID)
        ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (field_of (form, "born")),
                                       "is not a date in the format"));
    }

  /* a string field takes the text as it is */
  {
    g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
    g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);

    fill_ok (form, "full_name", "1990-05-17", NULL);
    assert_status (form, "full_name", VNEID_FIELD_STATUS_SELF_ASSERTED, "1990-05-17");
    /* a typed value is the citizen's, checked as typed */
    ck_assert (vneid_filled_form_set_typed_value (form, "birth_date", "1990-05-17", NULL));
    assert_status (form, "birth_date", VNEID_FIELD_STATUS_INVALID, "1990-05-17");
  }
}
END_TEST

START_TEST (test_form_fill_errors)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);
  g_autoptr(GError) error = NULL;

  ck_assert (!vneid_filled_form_fill (form, "nope", "x", NULL, &error));
  assert_error_says (error, VNEID_FORM_ERROR_UNKNOWN_FIELD, "vn.bca.ct01", "“nope”", NULL);
  g_clear_error (&error);
  ck_assert (!vneid_filled_form_fill (form, "members[0].full_name", "x", NULL, &error));
  assert_error_says (error, VNEID_FORM_ERROR_UNKNOWN_FIELD, "members[0].full_name", NULL);
  g_clear_error (&error);
  ck_assert (!vneid_filled_form_fill (form, "members", "x", NULL, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "members", "is a group", NULL);
  g_clear_error (&error);
  ck_assert (!vneid_filled_form_set_missing (form, "nope", NULL, &error));
  assert_error_says (error, VNEID_FORM_ERROR_UNKNOWN_FIELD, "“nope”", NULL);
  g_clear_error (&error);
  ck_assert (!vneid_filled_form_set_typed_value (form, "nope", "x", &error));
  assert_error_says (error, VNEID_FORM_ERROR_UNKNOWN_FIELD, "“nope”", NULL);
  g_clear_error (&error);
  ck_assert (!vneid_filled_form_add_row (form, "nope", NULL, &error));
  assert_error_says (error, VNEID_FORM_ERROR_UNKNOWN_FIELD, "“nope”", NULL);
  g_clear_error (&error);
  ck_assert (!vneid_filled_form_add_row (form, "sex", NULL, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "(sex)", "not a group", NULL);
}
END_TEST

START_TEST (test_form_level_gating)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 1);
  g_autoptr(GPtrArray) name = sources_of (shared_profile, "name", NULL);
  g_autoptr(GError) error = NULL;
  VneidFilledField *card = field_of (form, "card_issue_date");

  /* a field needing level 2 is not filled from a level-1 profile */
  ck_assert (vneid_filled_form_fill (form, "card_issue_date", "01/01/2021", name, &error));
  vt_assert_no_error (error);
  assert_status (form, "card_issue_date", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  ck_assert_uint_eq (vneid_filled_field_get_sources (card)->len, 0);
  ck_assert (vneid_filled_form_set_missing (form, "card_issue_date", "not disclosed", NULL));
  assert_status (form, "card_issue_date", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (card), "level-2"));

  /* the citizen may type it: self-asserted; clearing restores the gate */
  ck_assert (vneid_filled_form_set_typed_value (form, "card_issue_date", "01/01/2021", NULL));
  assert_status (form, "card_issue_date", VNEID_FIELD_STATUS_SELF_ASSERTED, "01/01/2021");
  ck_assert (vneid_filled_form_set_typed_value (form, "card_issue_date", NULL, NULL));
  assert_status (form, "card_issue_date", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);

  /* other fields fill as usual */
  fill_ok (form, "full_name", "An", name);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_VERIFIED, "An");
}
END_TEST

START_TEST (test_form_level_gating_whole_form)
{
  g_autofree char *json = g_strdup (FULL_SCHEMA);
  g_autoptr(VneidFormSchema) schema = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  GPtrArray *fields;
  guint row;

  /* the same form, needing level 2 as a whole */
  memcpy (strstr (json, "\"min_level\": 1"), "\"min_level\": 2", strlen ("\"min_level\": 2"));
  schema = schema_ok (json);
  ck_assert_uint_eq (vneid_form_schema_get_min_level (schema), 2);
  form = vneid_filled_form_new (schema, 1);
  ck_assert (vneid_filled_form_add_row (form, "members", &row, NULL));
  fields = vneid_filled_form_get_fields (form);
  ck_assert_uint_eq (fields->len, 12);
  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);

      ck_assert_int_eq (vneid_filled_field_get_status (field), VNEID_FIELD_STATUS_NEEDS_LEVEL_2);
      ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (field),
                                     "the form needs a level-2 VNeID account"));
    }
  ck_assert (vneid_filled_form_fill (form, "full_name", "An", NULL, NULL));
  assert_status (form, "full_name", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);

  g_clear_object (&form);
  form = vneid_filled_form_new (schema, 2);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_MISSING, NULL);
}
END_TEST

START_TEST (test_form_typed_values)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);
  g_autoptr(GPtrArray) name = sources_of (shared_profile, "name", NULL);
  g_autoptr(GPtrArray) email = sources_of (shared_profile, "email", NULL);
  g_autoptr(GError) error = NULL;

  fill_ok (form, "full_name", "NGUYỄN VĂN AN", name);
  ck_assert (!vneid_filled_form_set_typed_value (form, "full_name", "Someone else", &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "Họ, chữ đệm và tên", "full_name",
                     "read-only", NULL);
  g_clear_error (&error);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_VERIFIED, "NGUYỄN VĂN AN");
  ck_assert (!vneid_filled_form_set_typed_value (form, "full_name", NULL, &error));
  g_clear_error (&error);

  /* self-asserted values may be corrected */
  fill_ok (form, "email", "an.nguyen@example.vn", email);
  ck_assert (vneid_filled_form_set_typed_value (form, "email", "an@example.vn", &error));
  vt_assert_no_error (error);
  assert_status (form, "email", VNEID_FIELD_STATUS_SELF_ASSERTED, "an@example.vn");
  ck_assert_uint_eq (vneid_filled_field_get_sources (field_of (form, "email"))->len, 0);

  /* typed values are checked like filled ones */
  ck_assert (vneid_filled_form_set_typed_value (form, "birth_date", "31/02/1990", &error));
  vt_assert_no_error (error);
  assert_status (form, "birth_date", VNEID_FIELD_STATUS_INVALID, "31/02/1990");
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (field_of (form, "birth_date")),
                                 "not a date in the format dd/MM/yyyy"));
  ck_assert (vneid_filled_form_set_typed_value (form, "birth_date", "17/05/1990", NULL));
  assert_status (form, "birth_date", VNEID_FIELD_STATUS_SELF_ASSERTED, "17/05/1990");
  /* an invalid field is not read-only */
  ck_assert (vneid_filled_form_set_typed_value (form, "sex", "9", NULL));
  assert_status (form, "sex", VNEID_FIELD_STATUS_INVALID, "9");
  ck_assert (vneid_filled_form_set_typed_value (form, "sex", "2", NULL));
  assert_status (form, "sex", VNEID_FIELD_STATUS_SELF_ASSERTED, "2");
  /* clearing */
  ck_assert (vneid_filled_form_set_typed_value (form, "sex", "", NULL));
  assert_status (form, "sex", VNEID_FIELD_STATUS_MISSING, NULL);

  ck_assert (!vneid_filled_form_set_typed_value (form, "members", "x", &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "is a group", NULL);
}
END_TEST

START_TEST (test_form_rows)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);
  g_autoptr(GPtrArray) head = sources_of (shared_profile, "household.head_name", NULL);
  g_auto(GStrv) missing = NULL;
  GPtrArray *fields;
  guint row = 99;

  ck_assert (vneid_filled_form_add_row (form, "members", &row, NULL));
  ck_assert_uint_eq (row, 0);
  ck_assert (vneid_filled_form_add_row (form, "members", &row, NULL));
  ck_assert_uint_eq (row, 1);

  /* rows follow their group, in order */
  fields = vneid_filled_form_get_fields (form);
  ck_assert_uint_eq (fields->len, 14);
  ck_assert_str_eq (vneid_filled_field_get_name (g_ptr_array_index (fields, 9)), "members");
  ck_assert_str_eq (vneid_filled_field_get_name (g_ptr_array_index (fields, 10)), "members[0].full_name");
  ck_assert_str_eq (vneid_filled_field_get_name (g_ptr_array_index (fields, 11)), "members[0].relationship");
  ck_assert_str_eq (vneid_filled_field_get_name (g_ptr_array_index (fields, 12)), "members[1].full_name");
  ck_assert_str_eq (vneid_filled_field_get_name (g_ptr_array_index (fields, 13)), "members[1].relationship");
  ck_assert_ptr_eq (vneid_filled_field_get_field (field_of (form, "members[1].full_name")),
                    vneid_form_schema_lookup_field (schema, "members.full_name"));
  assert_status (form, "members", VNEID_FIELD_STATUS_MISSING, NULL);

  /* the group sums its rows up */
  fill_ok (form, "members[0].full_name", "Bình", head);
  assert_status (form, "members[0].full_name", VNEID_FIELD_STATUS_VERIFIED, "Bình");
  assert_status (form, "members", VNEID_FIELD_STATUS_VERIFIED, NULL);
  ck_assert (vneid_filled_form_set_typed_value (form, "members[0].relationship", "Chủ hộ", NULL));
  assert_status (form, "members", VNEID_FIELD_STATUS_SELF_ASSERTED, NULL);

  /* row children are checked with the row's name */
  fill_ok (form, "members[1].full_name", "Nguyễn Thị Hoa Hồng", NULL);
  assert_status (form, "members[1].full_name", VNEID_FIELD_STATUS_INVALID, "Nguyễn Thị Hoa Hồng");
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (field_of (form, "members[1].full_name")),
                                 "(members[1].full_name)"));
  missing = vneid_filled_form_list_missing (form);
  ck_assert_ptr_nonnull (g_strv_contains ((const char *const *) missing, "members[1].full_name") ? missing : NULL);
  ck_assert (!g_strv_contains ((const char *const *) missing, "members[0].full_name"));
  ck_assert (!g_strv_contains ((const char *const *) missing, "members[1].relationship"));

  /* clearing every value of the rows makes the group missing again */
  ck_assert (vneid_filled_form_set_typed_value (form, "members[0].relationship", NULL, NULL));
  ck_assert (vneid_filled_form_set_missing (form, "members[0].full_name", "gone", NULL));
  assert_status (form, "members", VNEID_FIELD_STATUS_MISSING, NULL);
}
END_TEST

/* A field's object is made on first request and is the same afterwards,
 * from lookup() as from get_fields(); it follows later changes, and keeps
 * the field's last state once its form is gone. */
START_TEST (test_form_field_objects)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);
  g_autoptr(GPtrArray) head = sources_of (shared_profile, "household.head_name", NULL);
  g_autoptr(VneidFilledField) kept = NULL;
  g_autoptr(VneidFilledField) kept_row = NULL;
  VneidFilledField *name, *row;
  GPtrArray *fields;

  ck_assert_ptr_null (vneid_filled_form_lookup (form, "members.full_name"));
  ck_assert_ptr_null (vneid_filled_form_lookup (form, "members[0].full_name"));
  ck_assert_ptr_null (vneid_filled_form_lookup (form, "nope"));
  name = vneid_filled_form_lookup (form, "full_name");
  ck_assert_ptr_eq (vneid_filled_form_lookup (form, "full_name"), name);
  ck_assert_ptr_eq (vneid_filled_field_get_field (name), vneid_form_schema_lookup_field (schema, "full_name"));
  ck_assert_uint_eq (vneid_filled_field_get_sources (name)->len, 0);

  /* the object made before the value follows it, sources included */
  fill_ok (form, "full_name", "Bình", head);
  ck_assert_str_eq (vneid_filled_field_get_value (name), "Bình");
  ck_assert_int_eq (vneid_filled_field_get_status (name), VNEID_FIELD_STATUS_VERIFIED);
  ck_assert_uint_eq (vneid_filled_field_get_sources (name)->len, 1);
  ck_assert_ptr_eq (g_ptr_array_index (vneid_filled_field_get_sources (name), 0), g_ptr_array_index (head, 0));

  /* get_fields() holds the same objects; rows added later join it in place */
  fields = vneid_filled_form_get_fields (form);
  ck_assert_ptr_eq (g_ptr_array_index (fields, 0), name);
  ck_assert (vneid_filled_form_add_row (form, "members", NULL, NULL));
  ck_assert_ptr_eq (vneid_filled_form_get_fields (form), fields);
  ck_assert_uint_eq (fields->len, 12);
  row = vneid_filled_form_lookup (form, "members[0].full_name");
  ck_assert_ptr_eq (g_ptr_array_index (fields, 10), row);
  ck_assert_ptr_eq (g_ptr_array_index (fields, 11), vneid_filled_form_lookup (form, "members[0].relationship"));
  fill_ok (form, "members[0].full_name", "Hoa", head);
  ck_assert_str_eq (vneid_filled_field_get_value (row), "Hoa");

  /* kept past the form */
  kept = g_object_ref (name);
  kept_row = g_object_ref (row);
  g_clear_object (&form);
  g_clear_object (&schema);
  g_clear_pointer (&head, g_ptr_array_unref);
  ck_assert_str_eq (vneid_filled_field_get_name (kept), "full_name");
  ck_assert_str_eq (vneid_filled_field_get_value (kept), "Bình");
  ck_assert (vneid_filled_field_get_read_only (kept));
  ck_assert_str_eq (vneid_form_field_get_label (vneid_filled_field_get_field (kept)), "Họ, chữ đệm và tên");
  ck_assert_uint_eq (vneid_filled_field_get_sources (kept)->len, 1);
  ck_assert_str_eq (vneid_filled_field_get_name (kept_row), "members[0].full_name");
  ck_assert_str_eq (vneid_filled_field_get_value (kept_row), "Hoa");
}
END_TEST

START_TEST (test_form_rows_gated)
{
  g_autofree char *json = schema_with_fields (
    "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}, "
    "{\"name\": \"cards\", \"label\": \"Thẻ\", \"type\": \"group\", \"min_level\": 2, "
    " \"fields\": [{\"name\": \"number\", \"label\": \"Số\", \"type\": \"string\"}]}, "
    "{\"name\": \"people\", \"label\": \"Người\", \"type\": \"group\", "
    " \"fields\": [{\"name\": \"name\", \"label\": \"Tên\", \"type\": \"string\"}, "
    "              {\"name\": \"card\", \"label\": \"Thẻ\", \"type\": \"string\", \"min_level\": 2}]}");
  g_autoptr(VneidFormSchema) schema = schema_ok (json);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 1);

  assert_status (form, "cards", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  ck_assert (vneid_filled_form_add_row (form, "cards", NULL, NULL));
  assert_status (form, "cards[0].number", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  fill_ok (form, "cards[0].number", "1", NULL);
  assert_status (form, "cards[0].number", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  assert_status (form, "cards", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);

  ck_assert (vneid_filled_form_add_row (form, "people", NULL, NULL));
  assert_status (form, "people[0].name", VNEID_FIELD_STATUS_MISSING, NULL);
  assert_status (form, "people[0].card", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  /* rows are inserted after their own group, before the next one */
  ck_assert_str_eq (vneid_filled_field_get_name (g_ptr_array_index (vneid_filled_form_get_fields (form), 2)),
                    "cards[0].number");
}
END_TEST

START_TEST (test_form_completeness)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 2);
  g_autoptr(VneidFormSchema) optional_schema = NULL;
  g_autoptr(VneidFilledForm) optional = NULL;
  g_autoptr(GPtrArray) name = sources_of (shared_profile, "name", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *optional_json = schema_with_fields (
    "{\"name\": \"a\", \"label\": \"A\", \"type\": \"string\"}");

  /* four required fields: full_name, birth_date, sex, personal_id */
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (form), 0.0, 1e-9);
  missing = vneid_filled_form_list_missing (form);
  ck_assert_uint_eq (g_strv_length (missing), 4);
  ck_assert_str_eq (missing[0], "full_name");
  ck_assert_str_eq (missing[1], "birth_date");
  ck_assert_str_eq (missing[2], "sex");
  ck_assert_str_eq (missing[3], "personal_id");
  g_clear_pointer (&missing, g_strfreev);
  ck_assert (!vneid_filled_form_validate (form, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "“Họ, chữ đệm và tên” (full_name)",
                     "required and missing", NULL);
  g_clear_error (&error);

  fill_ok (form, "full_name", "NGUYỄN VĂN AN", name);
  fill_ok (form, "sex", "1", name);
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (form), 0.5, 1e-9);
  missing = vneid_filled_form_list_missing (form);
  ck_assert_uint_eq (g_strv_length (missing), 2);
  ck_assert_str_eq (missing[0], "birth_date");
  ck_assert_str_eq (missing[1], "personal_id");
  g_clear_pointer (&missing, g_strfreev);

  /* an invalid value counts as not filled, and validate names it first */
  fill_ok (form, "personal_id", "12", NULL);
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (form), 0.5, 1e-9);
  fill_ok (form, "birth_date", "17/05/1990", name);
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (form), 0.75, 1e-9);
  ck_assert (!vneid_filled_form_validate (form, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "“Số định danh cá nhân” (personal_id)",
                     "does not match", NULL);
  g_clear_error (&error);

  /* an invalid optional field also fails validation */
  fill_ok (form, "personal_id", "001090012345", NULL);
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (form), 1.0, 1e-9);
  fill_ok (form, "household_size", "four", NULL);
  ck_assert (!vneid_filled_form_validate (form, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "(household_size)", "not a decimal number", NULL);
  g_clear_error (&error);
  ck_assert (vneid_filled_form_set_typed_value (form, "household_size", "4", NULL));
  ck_assert (vneid_filled_form_validate (form, &error));
  vt_assert_no_error (error);
  missing = vneid_filled_form_list_missing (form);
  ck_assert_uint_eq (g_strv_length (missing), 0);

  /* a form that requires nothing is complete */
  optional_schema = schema_ok (optional_json);
  optional = vneid_filled_form_new (optional_schema, 1);
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (optional), 1.0, 1e-9);
  ck_assert (vneid_filled_form_validate (optional, NULL));
}
END_TEST

START_TEST (test_form_validate_level_and_groups)
{
  g_autofree char *json = schema_with_fields (
    "{\"name\": \"card\", \"label\": \"Số thẻ\", \"type\": \"string\", \"required\": true, \"min_level\": 2}, "
    "{\"name\": \"members\", \"label\": \"Thành viên\", \"type\": \"group\", \"required\": true, "
    " \"fields\": [{\"name\": \"name\", \"label\": \"Tên\", \"type\": \"string\", \"required\": true}]}");
  g_autoptr(VneidFormSchema) schema = schema_ok (json);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;

  ck_assert (!vneid_filled_form_validate (form, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "“Số thẻ” (card)", "level-2", NULL);
  g_clear_error (&error);
  ck_assert (vneid_filled_form_set_typed_value (form, "card", "123", NULL));

  ck_assert (!vneid_filled_form_validate (form, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "“Thành viên” (members)", "no rows", NULL);
  g_clear_error (&error);

  ck_assert (vneid_filled_form_add_row (form, "members", NULL, NULL));
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (form), 1.0 / 3.0, 1e-9);
  missing = vneid_filled_form_list_missing (form);
  ck_assert_uint_eq (g_strv_length (missing), 2);
  ck_assert_str_eq (missing[0], "members");
  ck_assert_str_eq (missing[1], "members[0].name");
  ck_assert (!vneid_filled_form_validate (form, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "(members)", "required and missing", NULL);
  g_clear_error (&error);

  ck_assert (vneid_filled_form_set_typed_value (form, "members[0].name", "Hoa", NULL));
  ck_assert (vneid_filled_form_validate (form, &error));
  vt_assert_no_error (error);
  ck_assert_double_eq_tol (vneid_filled_form_get_completeness (form), 1.0, 1e-9);
}
END_TEST

START_TEST (test_form_json)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (
    "{\"id\": \"vn.test.json\", \"version\": \"2\", \"title\": \"Tờ khai\", \"authority\": \"A\", "
    "\"fields\": ["
    "{\"name\": \"full_name\", \"label\": \"Họ và tên\", \"type\": \"string\", \"required\": true}, "
    "{\"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"enum\", \"required\": true, "
    " \"enum\": [{\"code\": \"1\", \"label\": \"Nam\"}]}, "
    "{\"name\": \"card\", \"label\": \"Thẻ\", \"type\": \"string\", \"min_level\": 2}, "
    "{\"name\": \"country\", \"label\": \"Quốc gia\", \"type\": \"string\"}, "
    "{\"name\": \"kids\", \"label\": \"Con\", \"type\": \"group\", "
    " \"fields\": [{\"name\": \"name\", \"label\": \"Tên\", \"type\": \"string\"}]}]}");
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 1);
  g_autoptr(GPtrArray) name = sources_of (shared_profile, "name", NULL);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) expected_source = vneid_attribute_to_json (vneid_profile_lookup (shared_profile, "name"));
  g_autofree char *source_text = vt_json_text (expected_source);
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) reparsed = NULL;

  fill_ok (form, "full_name", "NGUYỄN VĂN AN", name);
  fill_ok (form, "sex", "9", NULL);
  fill_ok (form, "country", "Việt Nam", NULL);
  ck_assert (vneid_filled_form_add_row (form, "kids", NULL, NULL));

  expected = g_strdup_printf (
    "{\"form\": \"vn.test.json\", \"version\": \"2\", \"title\": \"Tờ khai\", \"level\": 1, "
    " \"complete\": false, \"completeness\": 0.5, \"missing\": [\"sex\"], \"fields\": ["
    " {\"name\": \"full_name\", \"label\": \"Họ và tên\", \"type\": \"string\", \"value\": \"NGUYỄN VĂN AN\", "
    "  \"status\": \"verified\", \"read_only\": true, \"required\": true, \"sources\": [%s]},"
    " {\"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"enum\", \"value\": \"9\", "
    "  \"status\": \"invalid\", \"read_only\": false, \"required\": true, "
    "  \"message\": \"“Giới tính” (sex): “9” is not one of the codes 1\", \"sources\": []},"
    " {\"name\": \"card\", \"label\": \"Thẻ\", \"type\": \"string\", \"value\": null, "
    "  \"status\": \"needs-level-2\", \"read_only\": false, \"required\": false, "
    "  \"message\": \"needs a level-2 VNeID account; the profile is level 1\", \"sources\": []},"
    " {\"name\": \"country\", \"label\": \"Quốc gia\", \"type\": \"string\", \"value\": \"Việt Nam\", "
    "  \"status\": \"self-asserted\", \"read_only\": false, \"required\": false, \"sources\": []},"
    " {\"name\": \"kids\", \"label\": \"Con\", \"type\": \"group\", \"value\": null, "
    "  \"status\": \"missing\", \"read_only\": false, \"required\": false, \"rows\": 1, "
    "  \"message\": \"no row has a value yet\", \"sources\": []},"
    " {\"name\": \"kids[0].name\", \"label\": \"Tên\", \"type\": \"string\", \"value\": null, "
    "  \"status\": \"missing\", \"read_only\": false, \"required\": false, \"sources\": []}"
    "]}", source_text);

  object = vneid_filled_form_to_json_object (form);
  vt_assert_json_equal (object, expected);
  ck_assert_str_eq (json_object_get_string_member (
                      json_array_get_object_element (
                        json_object_get_array_member (
                          json_array_get_object_element (json_object_get_array_member (object, "fields"), 0),
                          "sources"), 0), "source"), "population-db");

  text = vneid_filled_form_to_json (form, TRUE);
  reparsed = vt_json_object (text);
  vt_assert_json_equal (reparsed, expected);
  g_free (g_steal_pointer (&text));
  text = vneid_filled_form_to_json (form, FALSE);
  ck_assert_ptr_null (strchr (text, '\n'));
}
END_TEST

/* ---- the mapper interface -------------------------------------------------- */

typedef enum {
  MODE_FILL,
  MODE_FAIL_WITH_ERROR,
  MODE_FAIL_SILENTLY,
  MODE_NO_SCHEMA,
} TestMode;

#define TEST_TYPE_MAPPER (test_mapper_get_type ())
G_DECLARE_FINAL_TYPE (TestMapper, test_mapper, TEST, MAPPER, GObject)

struct _TestMapper
{
  GObject          parent_instance;
  VneidFormSchema *schema;
  TestMode         mode;
  guint            fill_calls;
};

static void test_mapper_iface_init (VneidFormMapperInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TestMapper, test_mapper, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (VNEID_TYPE_FORM_MAPPER, test_mapper_iface_init))

static void
test_mapper_finalize (GObject *object)
{
  g_clear_object (&TEST_MAPPER (object)->schema);
  G_OBJECT_CLASS (test_mapper_parent_class)->finalize (object);
}

static void
test_mapper_class_init (TestMapperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_mapper_finalize;
}

static void
test_mapper_init (TestMapper *self)
{
}

static VneidFormSchema *
test_mapper_get_schema (VneidFormMapper *mapper)
{
  TestMapper *self = TEST_MAPPER (mapper);

  return self->mode == MODE_NO_SCHEMA ? NULL : self->schema;
}

static gboolean
test_mapper_fill (VneidFormMapper *mapper,
                  VneidProfile    *profile,
                  VneidFilledForm *form,
                  GError         **error)
{
  TestMapper *self = TEST_MAPPER (mapper);
  g_autoptr(GPtrArray) name = NULL;
  g_autoptr(GPtrArray) email = NULL;
  VneidAttribute *attribute;

  self->fill_calls++;
  if (self->mode == MODE_FAIL_WITH_ERROR)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING, "test mapper broke");
      return FALSE;
    }
  if (self->mode == MODE_FAIL_SILENTLY)
    return FALSE;

  name = g_ptr_array_new ();
  g_ptr_array_add (name, vneid_profile_lookup (profile, "name"));
  if (!vneid_filled_form_fill (form, "full_name", vneid_profile_get_name (profile), name, error))
    return FALSE;
  attribute = vneid_profile_lookup (profile, "email");
  email = g_ptr_array_new ();
  g_ptr_array_add (email, attribute);
  if (!vneid_filled_form_fill (form, "email", vneid_attribute_get_string (attribute), email, error) ||
      !vneid_filled_form_fill (form, "country", "Việt Nam", NULL, error) ||
      !vneid_filled_form_fill (form, "card_issue_date", "01/02/2021", name, error) ||
      !vneid_filled_form_set_missing (form, "is_head", "not disclosed", error))
    return FALSE;
  return TRUE;
}

static void
test_mapper_iface_init (VneidFormMapperInterface *iface)
{
  iface->get_schema = test_mapper_get_schema;
  iface->fill = test_mapper_fill;
}

static TestMapper *
test_mapper_new (const char *schema_json,
                 TestMode    mode)
{
  TestMapper *self = g_object_new (TEST_TYPE_MAPPER, NULL);

  self->schema = schema_ok (schema_json);
  self->mode = mode;
  return self;
}

START_TEST (test_mapper_fills)
{
  g_autoptr(TestMapper) mapper = test_mapper_new (FULL_SCHEMA, MODE_FILL);
  g_autoptr(VneidProfile) level1 = profile_new (1);
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (VNEID_IS_FORM_MAPPER (mapper));
  ck_assert_ptr_eq (vneid_form_mapper_get_schema (VNEID_FORM_MAPPER (mapper)), mapper->schema);

  form = vneid_form_mapper_fill (VNEID_FORM_MAPPER (mapper), shared_profile, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (form);
  ck_assert_uint_eq (mapper->fill_calls, 1);
  ck_assert_ptr_eq (vneid_filled_form_get_schema (form), mapper->schema);
  ck_assert_uint_eq (vneid_filled_form_get_level (form), 2);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_VERIFIED, "Nguyễn Văn An");
  assert_status (form, "email", VNEID_FIELD_STATUS_SELF_ASSERTED, "an.nguyen@example.vn");
  assert_status (form, "country", VNEID_FIELD_STATUS_SELF_ASSERTED, "Việt Nam");
  assert_status (form, "card_issue_date", VNEID_FIELD_STATUS_VERIFIED, "01/02/2021");
  assert_status (form, "is_head", VNEID_FIELD_STATUS_MISSING, NULL);
  assert_status (form, "sex", VNEID_FIELD_STATUS_MISSING, NULL);
  g_clear_object (&form);

  /* a level-1 profile: the level-2 field is not filled from it */
  form = vneid_form_mapper_fill (VNEID_FORM_MAPPER (mapper), level1, &error);
  vt_assert_no_error (error);
  ck_assert_uint_eq (mapper->fill_calls, 2);
  ck_assert_uint_eq (vneid_filled_form_get_level (form), 1);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_VERIFIED, "Nguyễn Văn An");
  assert_status (form, "card_issue_date", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
}
END_TEST

START_TEST (test_mapper_whole_form_level)
{
  g_autofree char *json = g_strdup (FULL_SCHEMA);
  g_autoptr(TestMapper) mapper = NULL;
  g_autoptr(VneidProfile) level1 = profile_new (1);
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;

  memcpy (strstr (json, "\"min_level\": 1"), "\"min_level\": 2", strlen ("\"min_level\": 2"));
  mapper = test_mapper_new (json, MODE_FILL);

  /* not called: every field says why */
  form = vneid_form_mapper_fill (VNEID_FORM_MAPPER (mapper), level1, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (form);
  ck_assert_uint_eq (mapper->fill_calls, 0);
  fields = vneid_filled_form_get_fields (form);
  for (guint i = 0; i < fields->len; i++)
    ck_assert_int_eq (vneid_filled_field_get_status (g_ptr_array_index (fields, i)),
                      VNEID_FIELD_STATUS_NEEDS_LEVEL_2);
  g_clear_object (&form);

  form = vneid_form_mapper_fill (VNEID_FORM_MAPPER (mapper), shared_profile, &error);
  vt_assert_no_error (error);
  ck_assert_uint_eq (mapper->fill_calls, 1);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_VERIFIED, "Nguyễn Văn An");
}
END_TEST

START_TEST (test_mapper_failures)
{
  g_autoptr(TestMapper) broken = test_mapper_new (FULL_SCHEMA, MODE_FAIL_WITH_ERROR);
  g_autoptr(TestMapper) silent = test_mapper_new (FULL_SCHEMA, MODE_FAIL_SILENTLY);
  g_autoptr(TestMapper) schemaless = test_mapper_new (FULL_SCHEMA, MODE_NO_SCHEMA);
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (vneid_form_mapper_fill (VNEID_FORM_MAPPER (broken), shared_profile, &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_MAPPING, "test mapper broke", NULL);
  g_clear_error (&error);

  ck_assert_ptr_null (vneid_form_mapper_fill (VNEID_FORM_MAPPER (silent), shared_profile, &error));
  assert_error_says (error, VNEID_FORM_ERROR_FAILED, "TestMapper", "vn.bca.ct01", NULL);
  g_clear_error (&error);

  ck_assert_ptr_null (vneid_form_mapper_fill (VNEID_FORM_MAPPER (schemaless), shared_profile, &error));
  assert_error_says (error, VNEID_FORM_ERROR_FAILED, "TestMapper", "no schema", NULL);
}
END_TEST

/* ---- the private helpers the other form classes use ---------------------- */

START_TEST (test_private_helpers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  ck_assert (vneid_form_is_valid_id ("vn.bca.ct01"));
  ck_assert (vneid_form_is_valid_id ("vn.bhyt.check-in"));
  ck_assert (!vneid_form_is_valid_id ("vn"));
  ck_assert (!vneid_form_is_valid_id ("vn."));
  ck_assert (!vneid_form_is_valid_id (".vn.a"));
  ck_assert (!vneid_form_is_valid_id ("vn..a"));
  ck_assert (!vneid_form_is_valid_id ("vn-x.a"));
  ck_assert (!vneid_form_is_valid_id ("vn.A"));
  ck_assert (vneid_form_is_valid_name ("full_name2"));
  ck_assert (!vneid_form_is_valid_name ("2name"));
  ck_assert (!vneid_form_is_valid_name ("_name"));
  ck_assert (!vneid_form_is_valid_name (""));

  node = vneid_form_json_parse ("{\"a\": ", 6, "m.json", VNEID_FORM_ERROR_INVALID_MAPPING, &error);
  ck_assert_ptr_null (node);
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_MAPPING, "m.json", "not valid JSON", NULL);
}
END_TEST

START_TEST (test_form_set_invalid)
{
  g_autoptr(VneidFormSchema) schema = schema_ok (FULL_SCHEMA);
  g_autoptr(VneidFilledForm) form = vneid_filled_form_new (schema, 1);
  g_autoptr(GPtrArray) name = sources_of (shared_profile, "name", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (vneid_filled_form_set_invalid (form, "full_name", "??", name, "no transform", &error));
  vt_assert_no_error (error);
  assert_status (form, "full_name", VNEID_FIELD_STATUS_INVALID, "??");
  ck_assert_str_eq (vneid_filled_field_get_message (field_of (form, "full_name")), "no transform");
  ck_assert_uint_eq (vneid_filled_field_get_sources (field_of (form, "full_name"))->len, 1);
  /* gated fields stay gated */
  ck_assert (vneid_filled_form_set_invalid (form, "card_issue_date", "x", NULL, "bad", &error));
  assert_status (form, "card_issue_date", VNEID_FIELD_STATUS_NEEDS_LEVEL_2, NULL);
  ck_assert (!vneid_filled_form_set_invalid (form, "nope", NULL, NULL, "bad", &error));
  assert_error_says (error, VNEID_FORM_ERROR_UNKNOWN_FIELD, "“nope”", NULL);
  g_clear_error (&error);
  ck_assert (!vneid_filled_form_set_invalid (form, "members", NULL, NULL, "bad", &error));
  assert_error_says (error, VNEID_FORM_ERROR_INVALID_VALUE, "is a group", NULL);
}
END_TEST

static Suite *
forms_suite (void)
{
  Suite *s = suite_create ("forms");
  TCase *tc;

  tc = tcase_create ("schema");
  tcase_add_test (tc, test_schema_full);
  tcase_add_test (tc, test_schema_defaults);
  tcase_add_test (tc, test_schema_from_file);
  tcase_add_test (tc, test_schema_too_large);
  tcase_add_test (tc, test_schema_too_deep);
  tcase_add_loop_test (tc, test_schema_errors, 0, G_N_ELEMENTS (bad_schemas));
  tcase_add_test (tc, test_private_helpers);
  suite_add_tcase (s, tc);

  tc = tcase_create ("check_value");
  tcase_add_test (tc, test_check_string);
  tcase_add_test (tc, test_check_date);
  tcase_add_test (tc, test_check_enum_boolean_number);
  suite_add_tcase (s, tc);

  tc = tcase_create ("third_party");
  tcase_add_test (tc, test_schema_field_bound);
  tcase_add_test (tc, test_schema_enum_bound);
  tcase_add_test (tc, test_pattern_verbs);
  tcase_add_test (tc, test_pattern_match_limit);
  tcase_add_test (tc, test_pattern_as_gregex);
  tcase_add_test (tc, test_schema_nfc);
  suite_add_tcase (s, tc);

  tc = tcase_create ("filled_form");
  tcase_add_unchecked_fixture (tc, profile_setup, profile_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_status_strings);
  tcase_add_test (tc, test_form_new);
  tcase_add_test (tc, test_form_fill_statuses);
  tcase_add_test (tc, test_form_fill_iso_date);
  tcase_add_test (tc, test_form_fill_errors);
  tcase_add_test (tc, test_form_level_gating);
  tcase_add_test (tc, test_form_level_gating_whole_form);
  tcase_add_test (tc, test_form_typed_values);
  tcase_add_test (tc, test_form_rows);
  tcase_add_test (tc, test_form_field_objects);
  tcase_add_test (tc, test_form_rows_gated);
  tcase_add_test (tc, test_form_completeness);
  tcase_add_test (tc, test_form_validate_level_and_groups);
  tcase_add_test (tc, test_form_json);
  tcase_add_test (tc, test_form_set_invalid);
  tcase_add_test (tc, test_mapper_fills);
  tcase_add_test (tc, test_mapper_whole_form_level);
  tcase_add_test (tc, test_mapper_failures);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (forms_suite ());
}
