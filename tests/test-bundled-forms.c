/* test-bundled-forms.c: the bundled forms, filled field by field for the
 * demo citizens
 *
 * The bundled plugins are loaded from the build tree (VNEID_PLUGIN_PATH is
 * build/plugins, set by tests/meson.build). Each citizen's credentials are
 * issued here from the claims files examples/data/citizens/<slug>/KIND.json with the demo keys,
 * presented (everything, or chosen claims), verified at the fixed clock and
 * merged into a profile (vt_citizen_credential(), vt_citizen_profile()).
 *
 * The expectations of the declarative forms are the tables of
 * plugins/EXPECTED.md, row for row; those of vn.bhxh.bhyt-checkin follow
 * plugins/bhyt-checkin/README.md and the claims files. Every table lists
 * every field of the form in form order, so a field added to a schema, or
 * a value that changes, fails here until the table (and EXPECTED.md)
 * follow.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <check.h>

#include <vneid.h>

#include "vneid-test-util.h"

#define CT01 "vn.bca.ct01"
#define TK01 "vn.bca.tk01"
#define BANK "vn.sbv.bank-account"
#define SIM  "vn.mic.sim-registration"
#define BHYT "vn.bhxh.bhyt-checkin"

/* Sources: the source kind of a field's first source attribute, as
 * vneid_source_kind_to_string() writes it. The vct follows from it. */
#define POP  "population-db"
#define CHIP "cccd-chip"
#define VSS  "bhyt-db"
#define SELF "self-asserted"

/* Statuses. A field is read-only exactly when it is verified
 * (docs/forms.md, "Field status"); the tables rely on that. */
#define V   VNEID_FIELD_STATUS_VERIFIED
#define S   VNEID_FIELD_STATUS_SELF_ASSERTED
#define M   VNEID_FIELD_STATUS_MISSING
#define L2  VNEID_FIELD_STATUS_NEEDS_LEVEL_2

#define CCCD_AUTHORITY "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
#define MAI_ADDRESS    "Số 18 Phố Hàng Chuối, Phường Hai Bà Trưng, Thành phố Hà Nội"
#define THANH_ADDRESS  "Xóm 3, Xã Xuân Ngọc, Huyện Xuân Trường, Tỉnh Nam Định"

/* One field of a filled form: its value (NULL: none), status, the source
 * kind of its first source (NULL: no source) and, when non-NULL, a text its
 * message must contain. */
typedef struct {
  const char       *field;
  const char       *value;
  VneidFieldStatus  status;
  const char       *source;
  const char       *message;
} Expect;

/* ---- the registry ---------------------------------------------------------- */

static const char *const bundled_forms[] = { CT01, TK01, BANK, SIM, BHYT };

/* The first folder of VNEID_PLUGIN_PATH: build/plugins. */
static char *
build_plugins_dir (void)
{
  const char *path = g_getenv ("VNEID_PLUGIN_PATH");
  g_auto(GStrv) folders = NULL;

  ck_assert_msg (path != NULL && path[0] != '\0', "VNEID_PLUGIN_PATH is not set");
  folders = g_strsplit (path, ":", 2);
  return g_strdup (folders[0]);
}

static VneidPluginRegistry *
bundled_registry (void)
{
  VneidPluginRegistry *registry = vneid_plugin_registry_new ();
  g_autofree char *dir = build_plugins_dir ();
  g_auto(GStrv) errors = NULL;

  vneid_plugin_registry_load_path (registry, dir);
  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_msg (errors[0] == NULL, "a bundled plugin is broken: %s", errors[0]);
  return registry;
}

static VneidFormMapper *
lookup_mapper (VneidPluginRegistry *registry,
               const char          *form_id)
{
  VneidFormMapper *mapper = vneid_plugin_registry_lookup (registry, form_id);

  ck_assert_msg (mapper != NULL, "form %s is not registered", form_id);
  return mapper;
}

START_TEST (test_registry)
{
  /* The default search: VNEID_PLUGIN_PATH first. */
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) forms = NULL;
  g_auto(GStrv) plugins = NULL;
  static const char *const bundled_plugins[] = {
    "bank-account", "bhyt-checkin", "ct01", "sim-registration", "tk01",
  };

  vneid_plugin_registry_load_default (registry);
  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_msg (errors[0] == NULL, "a bundled plugin is broken: %s", errors[0]);

  forms = vneid_plugin_registry_list_forms (registry);
  plugins = vneid_plugin_registry_list_plugins (registry);
  for (gsize i = 0; i < G_N_ELEMENTS (bundled_forms); i++)
    {
      VneidFormMapper *mapper = lookup_mapper (registry, bundled_forms[i]);

      ck_assert_msg (g_strv_contains ((const char * const *) forms, bundled_forms[i]),
                     "%s is not listed", bundled_forms[i]);
      ck_assert_str_eq (vneid_form_schema_get_id (vneid_form_mapper_get_schema (mapper)),
                        bundled_forms[i]);
      /* the four declarative ones are declarative; bhyt-checkin is C */
      ck_assert_int_eq (VNEID_IS_DECLARATIVE_MAPPER (mapper), strcmp (bundled_forms[i], BHYT) != 0);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bundled_plugins); i++)
    ck_assert_msg (g_strv_contains ((const char * const *) plugins, bundled_plugins[i]),
                   "plugin %s is not listed", bundled_plugins[i]);
}
END_TEST

/* ---- assertions ------------------------------------------------------------- */

static const char *
vct_of_source (const char *source)
{
  if (strcmp (source, POP) == 0)
    return "urn:vn:vneid:pid:1";
  if (strcmp (source, CHIP) == 0)
    return "urn:vn:vneid:cccd:1";
  if (strcmp (source, VSS) == 0)
    return "urn:vn:bhyt:card:1";
  if (strcmp (source, SELF) == 0)
    return "urn:vn:vneid:contact:1";
  ck_abort_msg ("unknown source kind %s", source);
  return NULL;
}

static const char *
or_null (const char *s)
{
  return s ? s : "(null)";
}

/* One field against its row. */
static void
assert_field_at (const char       *where,
                 VneidFilledForm  *form,
                 const Expect     *e)
{
  VneidFilledField *field = vneid_filled_form_lookup (form, e->field);
  const char *value, *message;
  VneidFieldStatus status;
  GPtrArray *sources;

  ck_assert_msg (field != NULL, "%s: no field %s", where, e->field);
  value = vneid_filled_field_get_value (field);
  message = vneid_filled_field_get_message (field);
  status = vneid_filled_field_get_status (field);
  sources = vneid_filled_field_get_sources (field);

  ck_assert_msg (status == e->status, "%s: %s is %s (“%s”; %s), expected %s", where, e->field,
                 vneid_field_status_to_string (status), or_null (value), or_null (message),
                 vneid_field_status_to_string (e->status));
  ck_assert_msg (g_strcmp0 (value, e->value) == 0, "%s: %s is “%s”, expected “%s”", where,
                 e->field, or_null (value), or_null (e->value));
  ck_assert_msg (vneid_filled_field_get_read_only (field) == (e->status == V),
                 "%s: %s read-only is %d", where, e->field, vneid_filled_field_get_read_only (field));

  if (e->source == NULL)
    ck_assert_msg (sources->len == 0, "%s: %s has %u sources, expected none (first: %s)", where,
                   e->field, sources->len,
                   sources->len ? vneid_attribute_get_path (g_ptr_array_index (sources, 0)) : "");
  else
    {
      VneidAttribute *first;
      const char *kind;

      ck_assert_msg (sources->len > 0, "%s: %s has no source, expected %s", where, e->field, e->source);
      first = g_ptr_array_index (sources, 0);
      kind = vneid_source_kind_to_string (vneid_attribute_get_source_kind (first));
      ck_assert_msg (strcmp (kind, e->source) == 0, "%s: %s comes from %s (%s), expected %s", where,
                     e->field, kind, vneid_attribute_get_path (first), e->source);
      ck_assert_msg (strcmp (vneid_attribute_get_vct (first), vct_of_source (e->source)) == 0,
                     "%s: %s's source has vct %s, expected %s", where, e->field,
                     vneid_attribute_get_vct (first), vct_of_source (e->source));
      /* a verified field has only verified sources */
      for (guint i = 0; i < sources->len; i++)
        ck_assert_msg (vneid_attribute_get_verified (g_ptr_array_index (sources, i)) == (e->status == V),
                       "%s: %s's source %u is%s verified", where, e->field, i,
                       e->status == V ? " not" : "");
    }

  if (e->message != NULL)
    ck_assert_msg (message != NULL && strstr (message, e->message) != NULL,
                   "%s: %s's message “%s” does not say “%s”", where, e->field, or_null (message),
                   e->message);
  if (e->status == L2)
    ck_assert_msg (message != NULL && strstr (message, "level-2") != NULL,
                   "%s: %s's message “%s” does not say level-2", where, e->field, or_null (message));
  if (e->status == V || e->status == S)
    ck_assert_msg (message == NULL, "%s: %s is filled with a message “%s”", where, e->field, message);
}

/* Every field of @form, in form order, against @rows (terminated by a row
 * without a field); with @exhaustive FALSE, only the rows given. */
static void
assert_fields (const char   *where,
               VneidFilledForm *form,
               const Expect *rows,
               gboolean      exhaustive)
{
  GPtrArray *fields = vneid_filled_form_get_fields (form);
  guint n = 0;

  for (const Expect *e = rows; e->field != NULL; e++, n++)
    {
      assert_field_at (where, form, e);
      if (exhaustive)
        ck_assert_msg (n < fields->len &&
                       strcmp (vneid_filled_field_get_name (g_ptr_array_index (fields, n)), e->field) == 0,
                       "%s: field %u is %s, expected %s", where, n,
                       n < fields->len ? vneid_filled_field_get_name (g_ptr_array_index (fields, n)) : "(none)",
                       e->field);
    }
  if (exhaustive)
    ck_assert_msg (fields->len == n, "%s: the form has %u fields, the table %u", where, fields->len, n);
}

static void
assert_missing (const char      *where,
                VneidFilledForm *form,
                const char      *expected)
{
  g_auto(GStrv) missing = vneid_filled_form_list_missing (form);
  g_autofree char *joined = g_strjoinv (",", missing);

  ck_assert_msg (strcmp (joined, expected) == 0, "%s: list_missing is “%s”, expected “%s”", where,
                 joined, expected);
}

static void
assert_validate (const char      *where,
                 VneidFilledForm *form,
                 const char      *problem)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vneid_filled_form_validate (form, &error);

  if (problem == NULL)
    {
      ck_assert_msg (ok, "%s: validate() failed: %s", where, error ? error->message : "?");
      ck_assert_ptr_null (error);
    }
  else
    {
      ck_assert_msg (!ok, "%s: validate() passed, expected “%s”", where, problem);
      ck_assert_msg (error != NULL && error->domain == VNEID_FORM_ERROR &&
                     error->code == VNEID_FORM_ERROR_INVALID_VALUE,
                     "%s: validate() error is not VNEID_FORM_ERROR_INVALID_VALUE", where);
      ck_assert_msg (strcmp (error->message, problem) == 0, "%s: validate() says “%s”, expected “%s”",
                     where, error->message, problem);
    }
}

/* The JSON output parses, and agrees with the form's own accessors. */
static void
assert_json_agrees (const char      *where,
                    VneidFilledForm *form)
{
  g_autofree char *text = vneid_filled_form_to_json (form, TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = vneid_filled_form_list_missing (form);
  GPtrArray *fields = vneid_filled_form_get_fields (form);
  VneidFormSchema *schema = vneid_filled_form_get_schema (form);
  JsonObject *root;
  JsonArray *json_missing, *json_fields;

  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error), "%s: the JSON does not parse: %s",
                 where, error ? error->message : "?");
  ck_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));

  ck_assert_str_eq (json_object_get_string_member (root, "form"), vneid_form_schema_get_id (schema));
  ck_assert_str_eq (json_object_get_string_member (root, "version"), vneid_form_schema_get_version (schema));
  ck_assert_str_eq (json_object_get_string_member (root, "title"), vneid_form_schema_get_title (schema));
  ck_assert_int_eq (json_object_get_int_member (root, "level"), vneid_filled_form_get_level (form));
  ck_assert_int_eq (json_object_get_boolean_member (root, "complete"), vneid_filled_form_validate (form, NULL));
  ck_assert_double_eq_tol (json_object_get_double_member (root, "completeness"),
                           vneid_filled_form_get_completeness (form), 1e-9);

  json_missing = json_object_get_array_member (root, "missing");
  ck_assert_uint_eq (json_array_get_length (json_missing), g_strv_length (missing));
  for (guint i = 0; missing[i] != NULL; i++)
    ck_assert_str_eq (json_array_get_string_element (json_missing, i), missing[i]);

  json_fields = json_object_get_array_member (root, "fields");
  ck_assert_msg (json_array_get_length (json_fields) == fields->len, "%s: %u JSON fields, %u fields", where,
                 json_array_get_length (json_fields), fields->len);
  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);
      VneidFormField *schema_field = vneid_filled_field_get_field (field);
      JsonObject *object = json_array_get_object_element (json_fields, i);
      const char *name = vneid_filled_field_get_name (field);
      const char *value = vneid_filled_field_get_value (field);
      const char *message = vneid_filled_field_get_message (field);
      GPtrArray *sources = vneid_filled_field_get_sources (field);
      JsonArray *json_sources = json_object_get_array_member (object, "sources");

      ck_assert_str_eq (json_object_get_string_member (object, "name"), name);
      ck_assert_str_eq (json_object_get_string_member (object, "label"), vneid_form_field_get_label (schema_field));
      if (value == NULL)
        ck_assert_msg (json_object_get_null_member (object, "value"), "%s: %s: JSON value is not null", where, name);
      else
        ck_assert_str_eq (json_object_get_string_member (object, "value"), value);
      ck_assert_str_eq (json_object_get_string_member (object, "status"),
                        vneid_field_status_to_string (vneid_filled_field_get_status (field)));
      ck_assert_int_eq (json_object_get_boolean_member (object, "read_only"),
                        vneid_filled_field_get_read_only (field));
      ck_assert_int_eq (json_object_get_boolean_member (object, "required"),
                        vneid_form_field_get_required (schema_field));
      if (message == NULL)
        ck_assert_msg (!json_object_has_member (object, "message"), "%s: %s: a JSON message", where, name);
      else
        ck_assert_str_eq (json_object_get_string_member (object, "message"), message);
      if (vneid_form_field_get_field_type (schema_field) == VNEID_FIELD_TYPE_GROUP)
        ck_assert_int_eq (json_object_get_int_member (object, "rows"), 0);

      ck_assert_uint_eq (json_array_get_length (json_sources), sources->len);
      for (guint s = 0; s < sources->len; s++)
        {
          VneidAttribute *attribute = g_ptr_array_index (sources, s);
          JsonObject *source = json_array_get_object_element (json_sources, s);

          ck_assert_str_eq (json_object_get_string_member (source, "source"),
                            vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute)));
          ck_assert_str_eq (json_object_get_string_member (source, "vct"), vneid_attribute_get_vct (attribute));
          ck_assert_str_eq (json_object_get_string_member (source, "claim"), vneid_attribute_get_path (attribute));
          ck_assert_int_eq (json_object_get_boolean_member (source, "verified"),
                            vneid_attribute_get_verified (attribute));
        }
    }

  /* The compact text is the same document. */
  {
    g_autofree char *compact = vneid_filled_form_to_json (form, FALSE);
    g_autoptr(JsonParser) again = json_parser_new ();

    ck_assert (json_parser_load_from_data (again, compact, -1, NULL));
    ck_assert (json_node_equal (json_parser_get_root (again), json_parser_get_root (parser)));
  }
}

/* ---- the cases ------------------------------------------------------------ */

/* A citizen and what the filled form must hold: the fields, list_missing
 * (joined by ","), the completeness as required fields filled / required
 * fields, and validate()'s message (NULL: passes). */
typedef struct {
  const char   *form;
  const char   *slug;
  const char   *kinds;
  const Expect *fields;
  const char   *missing;
  guint         required_filled;
  guint         required;
  const char   *problem;
} Case;

static void
check_case (const Case      *c,
            VneidFilledForm *form,
            guint            level,
            gboolean         exhaustive)
{
  g_autofree char *where = g_strdup_printf ("%s for %s", c->form, c->slug);

  ck_assert_str_eq (vneid_form_schema_get_id (vneid_filled_form_get_schema (form)), c->form);
  ck_assert_uint_eq (vneid_filled_form_get_level (form), level);
  assert_fields (where, form, c->fields, exhaustive);
  assert_missing (where, form, c->missing);
  ck_assert_msg (G_APPROX_VALUE (vneid_filled_form_get_completeness (form),
                                 (double) c->required_filled / c->required, 1e-9),
                 "%s: completeness %g, expected %u/%u", where, vneid_filled_form_get_completeness (form),
                 c->required_filled, c->required);
  assert_validate (where, form, c->problem);
  assert_json_agrees (where, form);
}

/* ---- vn.bca.ct01 (EXPECTED.md) ---------------------------------------------- */

#define NOT_DISCLOSED "not disclosed: "

static const Expect ct01_mai[] = {
  { "recipient_authority", NULL, M, NULL, NULL },
  { "full_name", "Trần Thị Mai", V, CHIP, NULL },
  { "birth_date", "08/03/1985", V, CHIP, NULL },
  { "sex", "2", V, CHIP, NULL },
  { "personal_id", "001185034517", V, CHIP, NULL },
  { "phone", "+84912000185", S, SELF, NULL },
  { "email", "tran.thi.mai@example.com", S, SELF, NULL },
  { "household_head_name", "Trần Thị Mai", V, POP, NULL },
  { "relationship_to_head", "Chủ hộ", V, POP, NULL },
  { "household_head_id", "001185034517", V, POP, NULL },
  { "request_content", NULL, M, NULL, NULL },
  { "household_members", NULL, M, NULL, NULL },
  { NULL },
};

static const Expect ct01_khoa[] = {
  { "recipient_authority", NULL, M, NULL, NULL },
  { "full_name", "Lê Minh Khoa", V, POP, NULL },
  { "birth_date", "02/09/2007", V, POP, NULL },
  { "sex", "1", V, POP, NULL },
  { "personal_id", "001207012864", V, POP, NULL },
  { "phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { "household_head_name", "Trần Thị Mai", V, POP, NULL },
  { "relationship_to_head", "Con", V, POP, NULL },
  { "household_head_id", "001185034517", V, POP, NULL },
  { "request_content", NULL, M, NULL, NULL },
  { "household_members", NULL, M, NULL, NULL },
  { NULL },
};

static const Expect ct01_thanh[] = {
  { "recipient_authority", NULL, M, NULL, NULL },
  { "full_name", "Vũ Đình Thành", V, CHIP, NULL },
  { "birth_date", "1938", V, CHIP, NULL },
  { "sex", "1", V, CHIP, NULL },
  { "personal_id", "036038001276", V, CHIP, NULL },
  { "phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { "household_head_name", "Vũ Đình Thành", V, POP, NULL },
  { "relationship_to_head", "Chủ hộ", V, POP, NULL },
  { "household_head_id", "036038001276", V, POP, NULL },
  { "request_content", NULL, M, NULL, NULL },
  { "household_members", NULL, M, NULL, NULL },
  { NULL },
};

#define CT01_PROBLEM "“Kính gửi” (recipient_authority) is required and missing"

/* ---- vn.bca.tk01 (EXPECTED.md) ---------------------------------------------- */

/* The twelve fields TK01 leaves to the citizen, always missing. */
#define TK01_UNMAPPED \
  { "occupation", NULL, M, NULL, NULL }, \
  { "employer", NULL, M, NULL, NULL }, \
  { "father_name", NULL, M, NULL, NULL }, \
  { "father_birth_date", NULL, M, NULL, NULL }, \
  { "mother_name", NULL, M, NULL, NULL }, \
  { "mother_birth_date", NULL, M, NULL, NULL }, \
  { "spouse_name", NULL, M, NULL, NULL }, \
  { "spouse_birth_date", NULL, M, NULL, NULL }, \
  { "last_passport_number", NULL, M, NULL, NULL }, \
  { "last_passport_issue_date", NULL, M, NULL, NULL }, \
  { "request_content", NULL, M, NULL, NULL }, \
  { "electronic_chip", NULL, M, NULL, NULL }, \
  { NULL }

static const Expect tk01_mai[] = {
  { "full_name", "TRẦN THỊ MAI", V, CHIP, NULL },
  { "sex", "2", V, CHIP, NULL },
  { "birth_date", "08/03/1985", V, CHIP, NULL },
  { "place_of_birth", "Thành phố Hà Nội", V, POP, NULL },
  { "personal_id", "001185034517", V, CHIP, NULL },
  { "card_issue_date", "20/06/2023", V, CHIP, NULL },
  { "ethnicity", "Kinh", V, POP, NULL },
  { "religion", "Phật giáo", V, POP, NULL },
  { "phone", "+84912000185", S, SELF, NULL },
  { "email", "tran.thi.mai@example.com", S, SELF, NULL },
  { "permanent_address", MAI_ADDRESS, V, POP, NULL },
  { "temporary_address", NULL, M, NULL, NOT_DISCLOSED "temporary_address" },
  TK01_UNMAPPED,
};

static const Expect tk01_khoa[] = {
  { "full_name", "LÊ MINH KHOA", V, POP, NULL },
  { "sex", "1", V, POP, NULL },
  { "birth_date", "02/09/2007", V, POP, NULL },
  { "place_of_birth", "Thành phố Hà Nội", V, POP, NULL },
  { "personal_id", "001207012864", V, POP, NULL },
  { "card_issue_date", NULL, L2, NULL, NULL },
  { "ethnicity", "Kinh", V, POP, NULL },
  { "religion", "Không", V, POP, NULL },
  { "phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { "permanent_address", MAI_ADDRESS, V, POP, NULL },
  { "temporary_address", NULL, M, NULL, NOT_DISCLOSED "temporary_address" },
  TK01_UNMAPPED,
};

static const Expect tk01_thanh[] = {
  { "full_name", "VŨ ĐÌNH THÀNH", V, CHIP, NULL },
  { "sex", "1", V, CHIP, NULL },
  { "birth_date", "1938", V, CHIP, NULL },
  { "place_of_birth", "Tỉnh Nam Định", V, POP, NULL },
  { "personal_id", "036038001276", V, CHIP, NULL },
  { "card_issue_date", "12/05/2021", V, CHIP, NULL },
  { "ethnicity", "Kinh", V, POP, NULL },
  { "religion", "Công giáo", V, POP, NULL },
  { "phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { "permanent_address", THANH_ADDRESS, V, POP, NULL },
  { "temporary_address", NULL, M, NULL, NOT_DISCLOSED "temporary_address" },
  TK01_UNMAPPED,
};

static const Expect tk01_lan[] = {
  { "full_name", "HOÀNG THỊ LAN", V, CHIP, NULL },
  { "sex", "2", V, CHIP, NULL },
  { "birth_date", "14/06/1998", V, CHIP, NULL },
  { "place_of_birth", "Tỉnh Cao Bằng", V, POP, NULL },
  { "personal_id", "004198003561", V, CHIP, NULL },
  { "card_issue_date", "10/01/2022", V, CHIP, NULL },
  { "ethnicity", "Tày", V, POP, NULL },
  { "religion", "Không", V, POP, NULL },
  { "phone", "+84987000498", S, SELF, NULL },
  { "email", "hoang.thi.lan@example.com", S, SELF, NULL },
  { "permanent_address", "Tổ 5, Phường Thục Phán, Tỉnh Cao Bằng", V, POP, NULL },
  { "temporary_address",
    "Phòng 304, Số 9 Đường Tôn Đức Thắng, Phường Sài Gòn, Thành phố Hồ Chí Minh", V, POP, NULL },
  TK01_UNMAPPED,
};

#define TK01_NO_OCCUPATION "“Nghề nghiệp” (occupation) is required and missing"
#define TK01_NO_PHONE      "“Số điện thoại” (phone) is required and missing"

/* ---- vn.sbv.bank-account (EXPECTED.md) -------------------------------------- */

static const Expect bank_mai[] = {
  { "full_name", "Trần Thị Mai", V, CHIP, NULL },
  { "birth_date", "08/03/1985", V, CHIP, NULL },
  { "sex", "2", V, CHIP, NULL },
  { "nationality", "Việt Nam", V, CHIP, NULL },
  { "personal_id", "001185034517", V, CHIP, NULL },
  { "id_card_number", "001185034517", V, CHIP, NULL },
  { "id_card_issue_date", "20/06/2023", V, CHIP, NULL },
  { "id_card_issuing_authority", CCCD_AUTHORITY, V, CHIP, NULL },
  { "id_card_expiry_date", "08/03/2045", V, CHIP, NULL },
  { "permanent_address", MAI_ADDRESS, V, POP, NULL },
  { "current_address", MAI_ADDRESS, V, POP, NULL },
  { "phone", "+84912000185", S, SELF, NULL },
  { "email", "tran.thi.mai@example.com", S, SELF, NULL },
  { "occupation", NULL, M, NULL, NULL },
  { "position", NULL, M, NULL, NULL },
  { NULL },
};

/* A level-1 profile fills nothing on a level-2 form. */
#define FORM_L2 "the form needs a level-2 VNeID account; the profile is level 1"
static const Expect bank_khoa[] = {
  { "full_name", NULL, L2, NULL, FORM_L2 },
  { "birth_date", NULL, L2, NULL, FORM_L2 },
  { "sex", NULL, L2, NULL, FORM_L2 },
  { "nationality", NULL, L2, NULL, FORM_L2 },
  { "personal_id", NULL, L2, NULL, FORM_L2 },
  { "id_card_number", NULL, L2, NULL, FORM_L2 },
  { "id_card_issue_date", NULL, L2, NULL, FORM_L2 },
  { "id_card_issuing_authority", NULL, L2, NULL, FORM_L2 },
  { "id_card_expiry_date", NULL, L2, NULL, FORM_L2 },
  { "permanent_address", NULL, L2, NULL, FORM_L2 },
  { "current_address", NULL, L2, NULL, FORM_L2 },
  { "phone", NULL, L2, NULL, FORM_L2 },
  { "email", NULL, L2, NULL, FORM_L2 },
  { "occupation", NULL, L2, NULL, FORM_L2 },
  { "position", NULL, L2, NULL, FORM_L2 },
  { NULL },
};

static const Expect bank_thanh[] = {
  { "full_name", "Vũ Đình Thành", V, CHIP, NULL },
  { "birth_date", "1938", V, CHIP, NULL },
  { "sex", "1", V, CHIP, NULL },
  { "nationality", "Việt Nam", V, CHIP, NULL },
  { "personal_id", "036038001276", V, CHIP, NULL },
  { "id_card_number", "036038001276", V, CHIP, NULL },
  { "id_card_issue_date", "12/05/2021", V, CHIP, NULL },
  { "id_card_issuing_authority", CCCD_AUTHORITY, V, CHIP, NULL },
  { "id_card_expiry_date", NULL, M, NULL, NOT_DISCLOSED "date_of_expiry" },
  { "permanent_address", THANH_ADDRESS, V, POP, NULL },
  { "current_address", THANH_ADDRESS, V, POP, NULL },
  { "phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { "occupation", NULL, M, NULL, NULL },
  { "position", NULL, M, NULL, NULL },
  { NULL },
};

#define BANK_NO_OCCUPATION "“Nghề nghiệp” (occupation) is required and missing"
#define BANK_NO_PHONE      "“Số điện thoại” (phone) is required and missing"
#define BANK_LEVEL_1 "“Họ và tên” (full_name) is required, and " FORM_L2
#define BANK_ALL_MISSING \
  "full_name,birth_date,sex,nationality,personal_id,id_card_number,id_card_issue_date," \
  "id_card_issuing_authority,permanent_address,current_address,phone,occupation"

/* ---- vn.mic.sim-registration (EXPECTED.md) ---------------------------------- */

static const Expect sim_mai[] = {
  { "subscriber_number", NULL, M, NULL, NULL },
  { "full_name", "Trần Thị Mai", V, CHIP, NULL },
  { "birth_date", "08/03/1985", V, CHIP, NULL },
  { "sex", "2", V, CHIP, NULL },
  { "nationality", "Việt Nam", V, CHIP, NULL },
  { "personal_id", "001185034517", V, CHIP, NULL },
  { "document_number", "001185034517", V, CHIP, NULL },
  { "document_issue_date", "20/06/2023", V, CHIP, NULL },
  { "document_issuing_authority", CCCD_AUTHORITY, V, CHIP, NULL },
  { "residence_address", MAI_ADDRESS, V, POP, NULL },
  { "contact_phone", "+84912000185", S, SELF, NULL },
  { "email", "tran.thi.mai@example.com", S, SELF, NULL },
  { NULL },
};

#define FIELD_L2 "needs a level-2 VNeID account; the profile is level 1"
static const Expect sim_khoa[] = {
  { "subscriber_number", NULL, M, NULL, NULL },
  { "full_name", "Lê Minh Khoa", V, POP, NULL },
  { "birth_date", "02/09/2007", V, POP, NULL },
  { "sex", "1", V, POP, NULL },
  { "nationality", "Việt Nam", V, POP, NULL },
  { "personal_id", "001207012864", V, POP, NULL },
  { "document_number", NULL, L2, NULL, FIELD_L2 },
  { "document_issue_date", NULL, L2, NULL, FIELD_L2 },
  { "document_issuing_authority", NULL, L2, NULL, FIELD_L2 },
  { "residence_address", MAI_ADDRESS, V, POP, NULL },
  { "contact_phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { NULL },
};

static const Expect sim_thanh[] = {
  { "subscriber_number", NULL, M, NULL, NULL },
  { "full_name", "Vũ Đình Thành", V, CHIP, NULL },
  { "birth_date", "1938", V, CHIP, NULL },
  { "sex", "1", V, CHIP, NULL },
  { "nationality", "Việt Nam", V, CHIP, NULL },
  { "personal_id", "036038001276", V, CHIP, NULL },
  { "document_number", "036038001276", V, CHIP, NULL },
  { "document_issue_date", "12/05/2021", V, CHIP, NULL },
  { "document_issuing_authority", CCCD_AUTHORITY, V, CHIP, NULL },
  { "residence_address", THANH_ADDRESS, V, POP, NULL },
  { "contact_phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { NULL },
};

static const Expect sim_sa_rinh[] = {
  { "subscriber_number", NULL, M, NULL, NULL },
  { "full_name", "Thạch Sa Rinh", V, CHIP, NULL },
  { "birth_date", "05/12/1968", V, CHIP, NULL },
  { "sex", "1", V, CHIP, NULL },
  { "nationality", "Việt Nam", V, CHIP, NULL },
  { "personal_id", "084068009154", V, CHIP, NULL },
  { "document_number", "084068009154", V, CHIP, NULL },
  { "document_issue_date", "22/03/2021", V, CHIP, NULL },
  { "document_issuing_authority", CCCD_AUTHORITY, V, CHIP, NULL },
  { "residence_address", "Ấp Ô Chích A, Xã Lương Hòa, Huyện Châu Thành, Tỉnh Trà Vinh", V, POP, NULL },
  { "contact_phone", "+84944000684", S, SELF, NULL },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { NULL },
};

#define SIM_PROBLEM "“Số thuê bao” (subscriber_number) is required and missing"

/* ---- the declarative cases --------------------------------------------------- */

#define ALL "pid cccd contact bhyt"

static const Case declarative_cases[] = {
  { CT01, "tran-thi-mai", ALL, ct01_mai, "recipient_authority,request_content", 4, 6, CT01_PROBLEM },
  { CT01, "le-minh-khoa", "pid bhyt", ct01_khoa, "recipient_authority,request_content", 4, 6, CT01_PROBLEM },
  { CT01, "vu-dinh-thanh", "pid cccd bhyt", ct01_thanh, "recipient_authority,request_content", 4, 6,
    CT01_PROBLEM },

  { TK01, "tran-thi-mai", ALL, tk01_mai, "occupation,request_content", 9, 11, TK01_NO_OCCUPATION },
  { TK01, "le-minh-khoa", "pid bhyt", tk01_khoa, "phone,occupation,request_content", 8, 11, TK01_NO_PHONE },
  { TK01, "vu-dinh-thanh", "pid cccd bhyt", tk01_thanh, "phone,occupation,request_content", 8, 11,
    TK01_NO_PHONE },
  { TK01, "hoang-thi-lan", ALL, tk01_lan, "occupation,request_content", 9, 11, TK01_NO_OCCUPATION },

  { BANK, "tran-thi-mai", ALL, bank_mai, "occupation", 11, 12, BANK_NO_OCCUPATION },
  { BANK, "le-minh-khoa", "pid bhyt", bank_khoa, BANK_ALL_MISSING, 0, 12, BANK_LEVEL_1 },
  { BANK, "vu-dinh-thanh", "pid cccd bhyt", bank_thanh, "phone,occupation", 10, 12, BANK_NO_PHONE },

  { SIM, "tran-thi-mai", ALL, sim_mai, "subscriber_number", 8, 9, SIM_PROBLEM },
  { SIM, "le-minh-khoa", "pid bhyt", sim_khoa,
    "subscriber_number,document_number,document_issue_date,document_issuing_authority", 5, 9, SIM_PROBLEM },
  { SIM, "vu-dinh-thanh", "pid cccd bhyt", sim_thanh, "subscriber_number", 8, 9, SIM_PROBLEM },
  { SIM, "thach-sa-rinh", "pid cccd contact", sim_sa_rinh, "subscriber_number", 8, 9, SIM_PROBLEM },
};

static guint
level_of (const char *kinds)
{
  return strstr (kinds, "cccd") != NULL ? 2 : 1;
}

START_TEST (test_declarative)
{
  const Case *c = &declarative_cases[_i];
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidProfile) profile = vt_citizen_profile (c->slug, c->kinds);
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(VneidFilledForm) direct = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_uint_eq (vneid_profile_get_level (profile), level_of (c->kinds));

  /* through the registry … */
  form = vneid_plugin_registry_fill (registry, c->form, profile, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (form);
  check_case (c, form, level_of (c->kinds), TRUE);

  /* … and through the mapper: the same form */
  direct = vneid_form_mapper_fill (lookup_mapper (registry, c->form), profile, &error);
  vt_assert_no_error (error);
  {
    g_autofree char *a = vneid_filled_form_to_json (form, FALSE);
    g_autofree char *b = vneid_filled_form_to_json (direct, FALSE);

    ck_assert_str_eq (a, b);
  }
}
END_TEST

/* ---- vn.bhxh.bhyt-checkin: configured instances --------------------------------- */

/* A clinic's own instance of the plugin's mapper type (README.md). */
static VneidFormMapper *
clinic_mapper (VneidPluginRegistry *registry,
               const char          *visit_iso,
               const char          *facility_code)
{
  VneidFormMapper *shared = lookup_mapper (registry, BHYT);
  g_autoptr(VneidDate) visit = NULL;
  VneidFormMapper *mapper;

  if (visit_iso != NULL)
    {
      g_autoptr(GError) error = NULL;

      visit = vneid_date_parse (visit_iso, &error);
      vt_assert_no_error (error);
    }
  mapper = g_object_new (G_OBJECT_TYPE (shared), VNEID_FORM_MAPPER_PROP_VISIT_DATE, visit, VNEID_FORM_MAPPER_PROP_FACILITY_CODE, facility_code, NULL);
  ck_assert (VNEID_IS_FORM_MAPPER (mapper));
  ck_assert_ptr_ne (mapper, shared);
  return mapper;
}

typedef struct {
  Case        c;
  const char *visit;
  const char *facility;
} BhytCase;

/* Trần Thị Mai at her own registered facility, Bệnh viện Thanh Nhàn
 * (01013), on the citizens' reference date: a valid DN4 card (80 %). */
static const Expect bhyt_mai[] = {
  { "bhyt_number", "DN4010104523817", V, VSS, NULL },
  { "full_name", "Trần Thị Mai", V, CHIP, NULL },
  { "birth_date", "08/03/1985", V, CHIP, NULL },
  { "sex", "2", V, CHIP, NULL },
  { "registered_facility_code", "01013", V, VSS, NULL },
  { "registered_facility_name", "Bệnh viện Thanh Nhàn", V, VSS, NULL },
  { "card_valid_from", "01/01/2026", V, VSS, NULL },
  { "card_valid_until", "31/12/2026", V, VSS, NULL },
  { "visit_date", "27/11/2026", S, NULL, NULL },
  { "card_validity", "valid", V, VSS, NULL },
  { "benefit_level", "4", V, VSS, NULL },
  { "benefit_percentage", "80", V, VSS, NULL },
  { "five_year_continuous_from", "01/01/2016", V, VSS, NULL },
  { "five_year_continuous", "true", V, VSS, NULL },
  { "at_registered_facility", "true", V, VSS, NULL },
  { NULL },
};

/* Phạm Quốc Bảo's GD4 card ran out on 2025-12-31. */
static const Expect bhyt_bao[] = {
  { "bhyt_number", "GD4797910938457", V, VSS, NULL },
  { "full_name", "Phạm Quốc Bảo", V, CHIP, NULL },
  { "birth_date", "20/11/1992", V, CHIP, NULL },
  { "sex", "1", V, CHIP, NULL },
  { "registered_facility_code", "79031", V, VSS, NULL },
  { "registered_facility_name", "Bệnh viện Đa khoa Sài Gòn", V, VSS, NULL },
  { "card_valid_from", "01/01/2025", V, VSS, NULL },
  { "card_valid_until", "31/12/2025", V, VSS, NULL },
  { "visit_date", "27/11/2026", S, NULL, NULL },
  { "card_validity", "expired", V, VSS, NULL },
  { "benefit_level", "4", V, VSS, NULL },
  { "benefit_percentage", "80", V, VSS, NULL },
  { "five_year_continuous_from", "01/01/2020", V, VSS, NULL },
  { "five_year_continuous", "true", V, VSS, NULL },
  { "at_registered_facility", "true", V, VSS, NULL },
  { NULL },
};

/* Lê Bảo Ngọc (level 1, no CCCD): a child's TE1 card (100 %), at Bệnh
 * viện Thanh Nhàn (01013), not her registered Bệnh viện Nhi Trung ương. */
static const Expect bhyt_ngoc[] = {
  { "bhyt_number", "TE1010112043871", V, VSS, NULL },
  { "full_name", "Lê Bảo Ngọc", V, POP, NULL },
  { "birth_date", "10/05/2021", V, POP, NULL },
  { "sex", "2", V, POP, NULL },
  { "registered_facility_code", "01016", V, VSS, NULL },
  { "registered_facility_name", "Bệnh viện Nhi Trung ương", V, VSS, NULL },
  { "card_valid_from", "10/05/2021", V, VSS, NULL },
  { "card_valid_until", "09/05/2027", V, VSS, NULL },
  { "visit_date", "27/11/2026", S, NULL, NULL },
  { "card_validity", "valid", V, VSS, NULL },
  { "benefit_level", "1", V, VSS, NULL },
  { "benefit_percentage", "100", V, VSS, NULL },
  { "five_year_continuous_from", "10/05/2026", V, VSS, NULL },
  { "five_year_continuous", "true", V, VSS, NULL },
  { "at_registered_facility", "false", V, VSS, NULL },
  { NULL },
};

/* The same child on 2026-05-09, the day before her five years, at her own
 * facility. */
static const Expect bhyt_ngoc_early[] = {
  { "bhyt_number", "TE1010112043871", V, VSS, NULL },
  { "full_name", "Lê Bảo Ngọc", V, POP, NULL },
  { "birth_date", "10/05/2021", V, POP, NULL },
  { "sex", "2", V, POP, NULL },
  { "registered_facility_code", "01016", V, VSS, NULL },
  { "registered_facility_name", "Bệnh viện Nhi Trung ương", V, VSS, NULL },
  { "card_valid_from", "10/05/2021", V, VSS, NULL },
  { "card_valid_until", "09/05/2027", V, VSS, NULL },
  { "visit_date", "09/05/2026", S, NULL, NULL },
  { "card_validity", "valid", V, VSS, NULL },
  { "benefit_level", "1", V, VSS, NULL },
  { "benefit_percentage", "100", V, VSS, NULL },
  { "five_year_continuous_from", "10/05/2026", V, VSS, NULL },
  { "five_year_continuous", "false", V, VSS, NULL },
  { "at_registered_facility", "true", V, VSS, NULL },
  { NULL },
};

/* Vũ Đình Thành: year-only birthdate, retiree card HT3 (95 %), and an
 * instance without a facility code: the desk answers that one. */
static const Expect bhyt_thanh[] = {
  { "bhyt_number", "HT3363601283745", V, VSS, NULL },
  { "full_name", "Vũ Đình Thành", V, CHIP, NULL },
  { "birth_date", "1938", V, CHIP, NULL },
  { "sex", "1", V, CHIP, NULL },
  { "registered_facility_code", "36011", V, VSS, NULL },
  { "registered_facility_name", "Bệnh viện Đa khoa huyện Xuân Trường", V, VSS, NULL },
  { "card_valid_from", "01/01/2026", V, VSS, NULL },
  { "card_valid_until", "31/12/2026", V, VSS, NULL },
  { "visit_date", "27/11/2026", S, NULL, NULL },
  { "card_validity", "valid", V, VSS, NULL },
  { "benefit_level", "3", V, VSS, NULL },
  { "benefit_percentage", "95", V, VSS, NULL },
  { "five_year_continuous_from", "01/01/1999", V, VSS, NULL },
  { "five_year_continuous", "true", V, VSS, NULL },
  { "at_registered_facility", NULL, M, NULL, "facility-code" },
  { NULL },
};

static const BhytCase bhyt_cases[] = {
  { { BHYT, "tran-thi-mai", ALL, bhyt_mai, "", 7, 7, NULL }, "2026-11-27", "01013" },
  { { BHYT, "pham-quoc-bao", ALL, bhyt_bao, "", 7, 7, NULL }, "2026-11-27", "79031" },
  { { BHYT, "le-bao-ngoc", "pid bhyt", bhyt_ngoc, "", 7, 7, NULL }, "2026-11-27", "01013" },
  { { BHYT, "le-bao-ngoc", "pid bhyt", bhyt_ngoc_early, "", 7, 7, NULL }, "2026-05-09", "01016" },
  { { BHYT, "vu-dinh-thanh", "pid cccd bhyt", bhyt_thanh, "", 7, 7, NULL }, "2026-11-27", NULL },
};

START_TEST (test_bhyt_checkin)
{
  const BhytCase *b = &bhyt_cases[_i];
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidFormMapper) clinic = clinic_mapper (registry, b->visit, b->facility);
  g_autoptr(VneidProfile) profile = vt_citizen_profile (b->c.slug, b->c.kinds);
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GError) error = NULL;

  form = vneid_form_mapper_fill (clinic, profile, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (form);
  check_case (&b->c, form, level_of (b->c.kinds), TRUE);

  /* the computed card_validity names both validity dates as its sources */
  {
    GPtrArray *sources = vneid_filled_field_get_sources (vneid_filled_form_lookup (form, "card_validity"));

    ck_assert_uint_eq (sources->len, 2);
    ck_assert_str_eq (vneid_attribute_get_path (g_ptr_array_index (sources, 0)), "valid_from");
    ck_assert_str_eq (vneid_attribute_get_path (g_ptr_array_index (sources, 1)), "valid_until");
  }
}
END_TEST

/* ---- selective disclosure ------------------------------------------------------ */

/* One credential of a partial presentation: its kind and the claims shown
 * (NULL: everything). */
typedef struct {
  const char         *kind;
  const char * const *paths;
} Shown;

typedef struct {
  Case         c;          /* c.kinds unused: the credentials are in shown */
  const Shown *shown;      /* terminated by a NULL kind */
  const char  *visit;      /* bhyt-checkin only */
  const char  *facility;
} PartialCase;

static VneidProfile *
partial_profile (const PartialCase *p)
{
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  VneidProfile *profile;

  for (const Shown *s = p->shown; s->kind != NULL; s++)
    g_ptr_array_add (credentials, vt_citizen_credential (p->c.slug, s->kind, s->paths));
  profile = vneid_profile_new ((VneidVerifiedCredential * const *) credentials->pdata, credentials->len,
                               &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (profile);
  return profile;
}

/* CT01: Khoa shows his identity and the head's name, not the rest of his
 * household entry. */
static const char *const ct01_khoa_pid[] = {
  "personal_administrative_number", "name", "birthdate", "sex", "household.head_name", NULL,
};
static const Shown ct01_khoa_shown[] = { { "pid", ct01_khoa_pid }, { NULL } };
static const Expect ct01_khoa_partial[] = {
  { "full_name", "Lê Minh Khoa", V, POP, NULL },
  { "birth_date", "02/09/2007", V, POP, NULL },
  { "sex", "1", V, POP, NULL },
  { "personal_id", "001207012864", V, POP, NULL },
  { "household_head_name", "Trần Thị Mai", V, POP, NULL },
  { "relationship_to_head", NULL, M, NULL, NOT_DISCLOSED "household.relationship_to_head" },
  { "household_head_id", NULL, M, NULL, NOT_DISCLOSED "household.head_personal_administrative_number" },
  { "phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { NULL },
};

/* TK01: Mai keeps her birthplace, religion, address, the card's issue date
 * and her e-mail to herself. */
static const char *const tk01_mai_pid[] = {
  "personal_administrative_number", "name", "birthdate", "sex", "ethnicity", NULL,
};
static const char *const tk01_mai_cccd[] = {
  "personal_administrative_number", "document_number", "name", NULL,
};
static const char *const tk01_mai_contact[] = { "phone_number", NULL };
static const Shown tk01_mai_shown[] = {
  { "pid", tk01_mai_pid }, { "cccd", tk01_mai_cccd }, { "contact", tk01_mai_contact }, { NULL },
};
static const Expect tk01_mai_partial[] = {
  { "full_name", "TRẦN THỊ MAI", V, CHIP, NULL },
  { "sex", "2", V, POP, NULL },
  { "birth_date", "08/03/1985", V, POP, NULL },
  { "place_of_birth", NULL, M, NULL, NOT_DISCLOSED "place_of_birth" },
  { "personal_id", "001185034517", V, CHIP, NULL },
  { "card_issue_date", NULL, M, NULL, NOT_DISCLOSED "date_of_issuance" },
  { "ethnicity", "Kinh", V, POP, NULL },
  { "religion", NULL, M, NULL, NOT_DISCLOSED "religion" },
  { "phone", "+84912000185", S, SELF, NULL },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { "permanent_address", NULL, M, NULL, NOT_DISCLOSED "address" },
  { NULL },
};

/* Bank account: Mai hides her nationality, the card's issuing authority,
 * her current address and her phone number. */
static const char *const bank_mai_pid[] = {
  "personal_administrative_number", "name", "birthdate", "sex", "address", NULL,
};
static const char *const bank_mai_cccd[] = {
  "personal_administrative_number", "document_number", "date_of_issuance", "date_of_expiry",
  "name", "birthdate", "sex", NULL,
};
static const char *const bank_mai_contact[] = { "email", NULL };
static const Shown bank_mai_shown[] = {
  { "pid", bank_mai_pid }, { "cccd", bank_mai_cccd }, { "contact", bank_mai_contact }, { NULL },
};
static const Expect bank_mai_partial[] = {
  { "full_name", "Trần Thị Mai", V, CHIP, NULL },
  { "birth_date", "08/03/1985", V, CHIP, NULL },
  { "sex", "2", V, CHIP, NULL },
  { "nationality", NULL, M, NULL, NOT_DISCLOSED "nationalities" },
  { "personal_id", "001185034517", V, CHIP, NULL },
  { "id_card_number", "001185034517", V, CHIP, NULL },
  { "id_card_issue_date", "20/06/2023", V, CHIP, NULL },
  { "id_card_issuing_authority", NULL, M, NULL, NOT_DISCLOSED "issuing_authority" },
  { "id_card_expiry_date", "08/03/2045", V, CHIP, NULL },
  { "permanent_address", MAI_ADDRESS, V, POP, NULL },
  { "current_address", NULL, M, NULL, NOT_DISCLOSED "current_address" },
  { "phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", "tran.thi.mai@example.com", S, SELF, NULL },
  { NULL },
};

/* SIM: Sa Rinh shows no address (on neither credential), not the card's
 * issue data, and nothing of his contact credential. */
static const char *const sim_sa_rinh_pid[] = {
  "personal_administrative_number", "name", "birthdate", "sex", "nationalities", NULL,
};
static const char *const sim_sa_rinh_cccd[] = {
  "personal_administrative_number", "document_number", "name", NULL,
};
static const char *const nothing[] = { NULL };
static const Shown sim_sa_rinh_shown[] = {
  { "pid", sim_sa_rinh_pid }, { "cccd", sim_sa_rinh_cccd }, { "contact", nothing }, { NULL },
};
static const Expect sim_sa_rinh_partial[] = {
  { "subscriber_number", NULL, M, NULL, NULL },
  { "full_name", "Thạch Sa Rinh", V, CHIP, NULL },
  { "birth_date", "05/12/1968", V, POP, NULL },
  { "sex", "1", V, POP, NULL },
  { "nationality", "Việt Nam", V, POP, NULL },
  { "personal_id", "084068009154", V, CHIP, NULL },
  { "document_number", "084068009154", V, CHIP, NULL },
  { "document_issue_date", NULL, M, NULL, NOT_DISCLOSED "date_of_issuance" },
  { "document_issuing_authority", NULL, M, NULL, NOT_DISCLOSED "issuing_authority" },
  { "residence_address", NULL, M, NULL, NOT_DISCLOSED "address" },
  { "contact_phone", NULL, M, NULL, NOT_DISCLOSED "phone_number" },
  { "email", NULL, M, NULL, NOT_DISCLOSED "email" },
  { NULL },
};

/* BHYT check-in: Ngọc's card shows who she is and its number, not its
 * facility, its validity dates, its benefit level or its five years. Each
 * absent claim is missing with the path that was not disclosed, like the
 * declarative mappers say it. The benefit level comes from the card number
 * when the claim is withheld. */
static const char *const bhyt_ngoc_card[] = {
  "personal_administrative_number", "bhyt_number", "name", "birthdate", "sex", NULL,
};
static const Shown bhyt_ngoc_shown[] = { { "pid", NULL }, { "bhyt", bhyt_ngoc_card }, { NULL } };
static const Expect bhyt_ngoc_partial[] = {
  { "bhyt_number", "TE1010112043871", V, VSS, NULL },
  { "full_name", "Lê Bảo Ngọc", V, POP, NULL },
  { "registered_facility_code", NULL, M, NULL, "not disclosed: registered_facility.code" },
  { "registered_facility_name", NULL, M, NULL, "not disclosed: registered_facility.name" },
  { "card_valid_from", NULL, M, NULL, "not disclosed: valid_from" },
  { "card_valid_until", NULL, M, NULL, "not disclosed: valid_until" },
  { "visit_date", "27/11/2026", S, NULL, NULL },
  { "card_validity", NULL, M, NULL, "validity dates were not disclosed" },
  { "benefit_level", "1", V, VSS, NULL },
  { "benefit_percentage", "100", V, VSS, NULL },
  { "five_year_continuous_from", NULL, M, NULL, "not disclosed: five_year_continuous_from" },
  { "five_year_continuous", NULL, M, NULL, "not disclosed: five_year_continuous_from" },
  { "at_registered_facility", NULL, M, NULL, "not disclosed: registered_facility.code" },
  { NULL },
};

static const PartialCase partial_cases[] = {
  { { CT01, "le-minh-khoa", NULL, ct01_khoa_partial, "recipient_authority,request_content", 4, 6,
      CT01_PROBLEM }, ct01_khoa_shown, NULL, NULL },
  { { TK01, "tran-thi-mai", NULL, tk01_mai_partial,
      "place_of_birth,religion,permanent_address,occupation,request_content", 6, 11,
      "“Nơi sinh (tỉnh, thành phố)” (place_of_birth) is required and missing" }, tk01_mai_shown, NULL, NULL },
  { { BANK, "tran-thi-mai", NULL, bank_mai_partial,
      "nationality,id_card_issuing_authority,current_address,phone,occupation", 7, 12,
      "“Quốc tịch” (nationality) is required and missing" }, bank_mai_shown, NULL, NULL },
  { { SIM, "thach-sa-rinh", NULL, sim_sa_rinh_partial,
      "subscriber_number,document_issue_date,document_issuing_authority", 6, 9, SIM_PROBLEM },
    sim_sa_rinh_shown, NULL, NULL },
  { { BHYT, "le-bao-ngoc", NULL, bhyt_ngoc_partial, "registered_facility_code,card_validity", 5, 7,
      "“Mã nơi đăng ký KCB ban đầu” (registered_facility_code) is required and missing" },
    bhyt_ngoc_shown, "2026-11-27", "01016" },
};

START_TEST (test_partial)
{
  const PartialCase *p = &partial_cases[_i];
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidProfile) profile = partial_profile (p);
  g_autoptr(VneidFormMapper) clinic = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GError) error = NULL;
  guint level = 1;

  for (const Shown *s = p->shown; s->kind != NULL; s++)
    if (strcmp (s->kind, "cccd") == 0)
      level = 2;

  if (strcmp (p->c.form, BHYT) == 0)
    {
      clinic = clinic_mapper (registry, p->visit, p->facility);
      form = vneid_form_mapper_fill (clinic, profile, &error);
    }
  else
    form = vneid_plugin_registry_fill (registry, p->c.form, profile, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (form);
  check_case (&p->c, form, level, FALSE);

  /* an undisclosed field is missing and never read-only */
  for (const Expect *e = p->c.fields; e->field != NULL; e++)
    if (e->status == M)
      ck_assert (!vneid_filled_field_get_read_only (vneid_filled_form_lookup (form, e->field)));
}
END_TEST

/* ---- the suite ---------------------------------------------------------------- */

static Suite *
bundled_forms_suite (void)
{
  Suite *s = suite_create ("bundled-forms");
  TCase *tc;

  tc = tcase_create ("registry");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_registry);
  suite_add_tcase (s, tc);

  tc = tcase_create ("declarative");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_declarative, 0, G_N_ELEMENTS (declarative_cases));
  suite_add_tcase (s, tc);

  tc = tcase_create ("bhyt-checkin");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_bhyt_checkin, 0, G_N_ELEMENTS (bhyt_cases));
  suite_add_tcase (s, tc);

  tc = tcase_create ("selective-disclosure");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_partial, 0, G_N_ELEMENTS (partial_cases));
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (bundled_forms_suite ());
}
