/* test-mapping.c: declarative mappings — every transform on Vietnamese data,
 * the built-in tables (every ethnicity code), every load-time error, and
 * forms filled from real verified profiles
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vneid-test-util.h"
#include "vneid-claims-private.h"
#include "vneid-transforms-private.h"

#define VT_VCT_CONTACT "urn:vn:vneid:contact:1"

/* ---- helpers ------------------------------------------------------------ */

static char *
nfd (const char *text)
{
  return g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
}

static char *
nfc (const char *text)
{
  return g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
}

#define assert_str_owned(expr, expected) \
  G_STMT_START { \
    g_autofree char *actual_ = (expr); \
    ck_assert_msg (actual_ != NULL && strcmp (actual_, (expected)) == 0, \
                   "%s: got “%s”, expected “%s”", #expr, actual_ ? actual_ : "(null)", (expected)); \
  } G_STMT_END

/* ---- upper, lower, fold ------------------------------------------------- */

/* Every Vietnamese vowel with each of the five tones (and none), then đ:
 * the precomposed characters, written out by hand. */
static const char vowels_lower[] =
  "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ "
  "e è é ẻ ẽ ẹ ê ề ế ể ễ ệ "
  "i ì í ỉ ĩ ị "
  "o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ "
  "u ù ú ủ ũ ụ ư ừ ứ ử ữ ự "
  "y ỳ ý ỷ ỹ ỵ đ";
static const char vowels_upper[] =
  "A À Á Ả Ã Ạ Ă Ằ Ắ Ẳ Ẵ Ặ Â Ầ Ấ Ẩ Ẫ Ậ "
  "E È É Ẻ Ẽ Ẹ Ê Ề Ế Ể Ễ Ệ "
  "I Ì Í Ỉ Ĩ Ị "
  "O Ò Ó Ỏ Õ Ọ Ô Ồ Ố Ổ Ỗ Ộ Ơ Ờ Ớ Ở Ỡ Ợ "
  "U Ù Ú Ủ Ũ Ụ Ư Ừ Ứ Ử Ữ Ự "
  "Y Ỳ Ý Ỷ Ỹ Ỵ Đ";
static const char vowels_folded[] =
  "a a a a a a a a a a a a a a a a a a "
  "e e e e e e e e e e e e "
  "i i i i i i "
  "o o o o o o o o o o o o o o o o o o "
  "u u u u u u u u u u u u "
  "y y y y y y d";

START_TEST (test_upper_all_vowels)
{
  g_autofree char *decomposed = nfd (vowels_lower);

  assert_str_owned (vneid_transforms_upper (vowels_lower), vowels_upper);
  /* combining sequences come out precomposed */
  ck_assert_str_ne (decomposed, vowels_lower);
  assert_str_owned (vneid_transforms_upper (decomposed), vowels_upper);
  assert_str_owned (vneid_transforms_upper (vowels_upper), vowels_upper);
}
END_TEST

START_TEST (test_lower_all_vowels)
{
  g_autofree char *decomposed = nfd (vowels_upper);

  assert_str_owned (vneid_transforms_lower (vowels_upper), vowels_lower);
  assert_str_owned (vneid_transforms_lower (decomposed), vowels_lower);
}
END_TEST

START_TEST (test_fold_all_vowels)
{
  g_autofree char *decomposed = nfd (vowels_lower);
  g_autofree char *upper_folded = g_ascii_strup (vowels_folded, -1);

  assert_str_owned (vneid_transforms_fold (vowels_lower), vowels_folded);
  assert_str_owned (vneid_transforms_fold (decomposed), vowels_folded);
  assert_str_owned (vneid_transforms_fold (vowels_upper), upper_folded);
}
END_TEST

/* Each base vowel × each tone mark, built from combining sequences. */
START_TEST (test_case_fold_every_tone)
{
  static const char *const bases[][3] = {
    /* lower, upper, folded */
    { "a", "A", "a" }, { "ă", "Ă", "a" }, { "â", "Â", "a" }, { "e", "E", "e" },
    { "ê", "Ê", "e" }, { "i", "I", "i" }, { "o", "O", "o" }, { "ô", "Ô", "o" },
    { "ơ", "Ơ", "o" }, { "u", "U", "u" }, { "ư", "Ư", "u" }, { "y", "Y", "y" },
  };
  /* none, huyền, sắc, hỏi, ngã, nặng */
  static const char *const tones[] = { "", "\xcc\x80", "\xcc\x81", "\xcc\x89", "\xcc\x83", "\xcc\xa3" };
  guint checked = 0;

  for (gsize b = 0; b < G_N_ELEMENTS (bases); b++)
    for (gsize t = 0; t < G_N_ELEMENTS (tones); t++)
      {
        g_autofree char *lower_seq = g_strconcat (bases[b][0], tones[t], NULL);
        g_autofree char *upper_seq = g_strconcat (bases[b][1], tones[t], NULL);
        g_autofree char *lower = nfc (lower_seq);
        g_autofree char *upper = nfc (upper_seq);

        /* one precomposed character each */
        ck_assert_int_eq (g_utf8_strlen (lower, -1), 1);
        ck_assert_int_eq (g_utf8_strlen (upper, -1), 1);
        assert_str_owned (vneid_transforms_upper (lower_seq), upper);
        assert_str_owned (vneid_transforms_upper (lower), upper);
        assert_str_owned (vneid_transforms_lower (upper_seq), lower);
        assert_str_owned (vneid_transforms_fold (lower_seq), bases[b][2]);
        {
          char folded_upper[2] = { g_ascii_toupper (bases[b][2][0]), '\0' };

          assert_str_owned (vneid_transforms_fold (upper), folded_upper);
        }
        checked++;
      }
  ck_assert_uint_eq (checked, 72);
}
END_TEST

START_TEST (test_upper_fold_names)
{
  g_autofree char *decomposed = nfd ("Nguyễn Văn Đức");
  g_autofree char *folded = NULL;

  assert_str_owned (vneid_transforms_upper ("đ ư ơ"), "Đ Ư Ơ");
  assert_str_owned (vneid_transforms_upper ("Nguyễn Văn Đức"), "NGUYỄN VĂN ĐỨC");
  assert_str_owned (vneid_transforms_upper ("Trần Thị Mai"), "TRẦN THỊ MAI");
  assert_str_owned (vneid_transforms_fold ("Nguyễn Văn Đức"), "Nguyen Van Duc");
  assert_str_owned (vneid_transforms_fold (decomposed), "Nguyen Van Duc");
  folded = vneid_transforms_fold ("Nguyễn Văn Đức");
  assert_str_owned (vneid_transforms_upper (folded), "NGUYEN VAN DUC");
  assert_str_owned (vneid_transforms_fold ("ĐẶNG THỊ ÚT, Phường Hoàn Kiếm"), "DANG THI UT, Phuong Hoan Kiem");
  /* the same in every locale: no dotted capital I */
  assert_str_owned (vneid_transforms_upper ("Minh Chí"), "MINH CHÍ");
  assert_str_owned (vneid_transforms_lower ("LÊ THỊ ÍT"), "lê thị ít");
  /* letters with no decomposition stay */
  assert_str_owned (vneid_transforms_fold ("Øre"), "Øre");
  assert_str_owned (vneid_transforms_upper (""), "");
}
END_TEST

/* ---- name parts --------------------------------------------------------- */

START_TEST (test_name_parts)
{
  static const struct { const char *name, *family, *middle, *given; } cases[] = {
    { "Nguyễn Văn An", "Nguyễn", "Văn", "An" },
    { "Tôn Nữ Thị Ngọc Hân", "Tôn", "Nữ Thị Ngọc", "Hân" },
    { "  Lê   Thị  Hồng  ", "Lê", "Thị", "Hồng" },
    { "Lê Na", "Lê", NULL, "Na" },
    { "Rinh", NULL, NULL, "Rinh" },
    { "", NULL, NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *family = vneid_transforms_name_part (cases[i].name, VNEID_NAME_PART_FAMILY);
      g_autofree char *middle = vneid_transforms_name_part (cases[i].name, VNEID_NAME_PART_MIDDLE);
      g_autofree char *given = vneid_transforms_name_part (cases[i].name, VNEID_NAME_PART_GIVEN);

      ck_assert_pstr_eq (family, cases[i].family);
      ck_assert_pstr_eq (middle, cases[i].middle);
      ck_assert_pstr_eq (given, cases[i].given);
    }
}
END_TEST

/* ---- tables ------------------------------------------------------------- */

START_TEST (test_lookup_sex)
{
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_SEX, "1"), "Nam");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_SEX, "2"), "Nữ");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_SEX, "0"), NULL);
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_SEX, "9"), NULL);
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_SEX, "Nam"), NULL);
}
END_TEST

START_TEST (test_lookup_country)
{
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "VN"), "Việt Nam");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "vn"), "Việt Nam");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "LA"), "Lào");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "KH"), "Campuchia");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "CN"), "Trung Quốc");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "TH"), "Thái Lan");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "JP"), "Nhật Bản");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "KR"), "Hàn Quốc");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "US"), "Hoa Kỳ");
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "VNM"), NULL);
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, "XX"), NULL);
  ck_assert_pstr_eq (vneid_transforms_lookup (VNEID_LOOKUP_COUNTRY, ""), NULL);
}
END_TEST

static const char *
ethnicity_code (const char *name)
{
  return vneid_transforms_lookup (VNEID_LOOKUP_ETHNICITY, name);
}

/* The General Statistics Office's list, QĐ 121-TCTK/PPCĐ (1979), typed
 * again here from the published list, independently of the library's
 * table. */
static const char *const ethnic_groups[54] = {
  "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai",
  "Ngái", "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
  "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co",
  "Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá",
  "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Co Lao", "Cống", "Bố Y", "Si La",
  "Pu Péo", "Brâu", "Ơ-đu", "Rơ-măm",
};

/* Looped over the 54 codes. */
START_TEST (test_ethnicity_code)
{
  g_autofree char *code = g_strdup_printf ("%02d", _i + 1);
  const char *name = ethnic_groups[_i];
  g_autofree char *upper = vneid_transforms_upper (name);
  g_autofree char *lower = vneid_transforms_lower (name);
  g_autofree char *decomposed = nfd (name);
  g_auto(GStrv) words = g_strsplit_set (name, "- ", -1);
  g_autofree char *spaced = g_strjoinv (" ", words);
  g_autofree char *glued = g_strjoinv ("", words);
  g_autofree char *folded = vneid_transforms_fold (name);

  ck_assert_pstr_eq (vneid_ethnicity_name (code), name);
  ck_assert_pstr_eq (ethnicity_code (name), code);
  ck_assert_pstr_eq (ethnicity_code (code), code);
  ck_assert_pstr_eq (ethnicity_code (upper), code);
  ck_assert_pstr_eq (ethnicity_code (lower), code);
  ck_assert_pstr_eq (ethnicity_code (decomposed), code);
  ck_assert_pstr_eq (ethnicity_code (spaced), code);
  ck_assert_pstr_eq (ethnicity_code (glued), code);
  /* diacritics count: a folded name is another name (or none) */
  if (strcmp (folded, name) != 0)
    ck_assert_pstr_ne (ethnicity_code (folded), code);
}
END_TEST

START_TEST (test_ethnicity_variants)
{
  static const struct { const char *name, *code; } cases[] = {
    { "Mông", "08" }, { "H'Mông", "08" }, { "H’Mông", "08" }, { "Hmông", "08" }, { "H'MÔNG", "08" },
    { "Khmer", "05" }, { "Khơ Me", "05" }, { "Gia Rai", "10" }, { "Giarai", "10" },
    { "Ê Đê", "12" }, { "Ba Na", "13" }, { "K'Ho", "16" }, { "Cơ Ho", "16" }, { "M'Nông", "20" },
    { "Raglai", "21" }, { "X'Tiêng", "22" }, { "Bru - Vân Kiều", "23" }, { "Giẻ Triêng", "27" },
    { "Cờ Lao", "47" }, { "Việt", "01" }, { "Hán", "04" },
  };
  static const char *const unknown[] = {
    "Thai", "Kinh (Việt)", "", " ", "55", "00", "1", "Mèo", "Khác",
  };
  GHashTable *codes = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    ck_assert_msg (g_strcmp0 (ethnicity_code (cases[i].name), cases[i].code) == 0,
                   "“%s” gives %s, expected %s", cases[i].name,
                   ethnicity_code (cases[i].name), cases[i].code);
  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    ck_assert_msg (ethnicity_code (unknown[i]) == NULL, "“%s” gives %s", unknown[i],
                   ethnicity_code (unknown[i]));
  /* 54 distinct codes, no more */
  for (int i = 1; i <= 54; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02d", i);

      ck_assert_ptr_nonnull (vneid_ethnicity_name (code));
      g_hash_table_add (codes, (gpointer) vneid_ethnicity_name (code));
    }
  ck_assert_uint_eq (g_hash_table_size (codes), 54);
  ck_assert_ptr_null (vneid_ethnicity_name ("55"));
  g_hash_table_unref (codes);
}
END_TEST

/* ---- transforms as JSON ------------------------------------------------- */

static char *
apply_json (const char  *transform_json,
            const char  *text,
            GError     **error)
{
  g_autoptr(JsonNode) node = vt_json_node (transform_json);
  g_autoptr(VneidTransform) transform = NULL;
  g_autoptr(GError) local = NULL;

  transform = vneid_transform_new_from_json (node, &local);
  vt_assert_no_error (local);
  return vneid_transform_apply (transform, text, error);
}

START_TEST (test_transform_apply)
{
  g_autoptr(GError) error = NULL;
  char *result;

  assert_str_owned (apply_json ("\"upper\"", "Phạm Quốc Bảo", NULL), "PHẠM QUỐC BẢO");
  assert_str_owned (apply_json ("\"lower\"", "PHẠM QUỐC BẢO", NULL), "phạm quốc bảo");
  assert_str_owned (apply_json ("\"fold\"", "Phạm Quốc Bảo", NULL), "Pham Quoc Bao");
  assert_str_owned (apply_json ("\"address\"", "Xã Kim Liên, Tỉnh Nghệ An", NULL),
                    "Xã Kim Liên, Tỉnh Nghệ An");
  assert_str_owned (apply_json ("{\"date\": \"dd/MM/yyyy\"}", "1990-05-17", NULL), "17/05/1990");
  assert_str_owned (apply_json ("{\"date\": \"Ngày dd tháng MM năm yyyy\"}", "1990-05-17", NULL),
                    "Ngày 17 tháng 05 năm 1990");
  assert_str_owned (apply_json ("{\"date\": \"dd/MM/yyyy\"}", "1950", NULL), "1950");
  assert_str_owned (apply_json ("{\"date\": \"yyyyMMdd\"}", "2024-02-29", NULL), "20240229");
  assert_str_owned (apply_json ("{\"lookup\": \"sex\"}", "2", NULL), "Nữ");
  assert_str_owned (apply_json ("{\"lookup\": \"country\"}", "VN", NULL), "Việt Nam");
  assert_str_owned (apply_json ("{\"lookup\": \"ethnicity\"}", "Tày", NULL), "02");
  assert_str_owned (apply_json ("{\"map\": {\"Con đẻ\": \"03\", \"Chủ hộ\": \"01\"}}", "Con đẻ", NULL), "03");
  {
    /* map keys and values compare as NFC */
    g_autofree char *key = nfd ("Con đẻ");
    assert_str_owned (apply_json ("{\"map\": {\"Con đẻ\": \"03\"}}", key, NULL), "03");
  }
  assert_str_owned (apply_json ("{\"name_part\": \"family\"}", "Nguyễn Văn An", NULL), "Nguyễn");
  assert_str_owned (apply_json ("{\"name_part\": \"middle\"}", "Nguyễn Văn An", NULL), "Văn");
  assert_str_owned (apply_json ("{\"name_part\": \"given\"}", "Nguyễn Văn An", NULL), "An");
  assert_str_owned (apply_json ("{\"name_part\": \"middle\"}", "Lê Na", NULL), "");

  result = apply_json ("{\"map\": {\"1\": \"Nam\"}}", "2", &error);
  ck_assert_ptr_null (result);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE, "map: “2” is not in the table");
  g_clear_error (&error);

  result = apply_json ("{\"date\": \"dd/MM/yyyy\"}", "17/05/1990", &error);
  ck_assert_ptr_null (result);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE, "not of the form YYYY");
  g_clear_error (&error);

  result = apply_json ("{\"lookup\": \"country\"}", "ZZ", &error);
  ck_assert_ptr_null (result);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE, "lookup country: “ZZ”");
  g_clear_error (&error);

  result = apply_json ("{\"lookup\": \"ethnicity\"}", "Thai", &error);
  ck_assert_ptr_null (result);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE, "lookup ethnicity");
}
END_TEST

/* The public form of the date transform, for mappers in C and Python. */
START_TEST (test_transforms_date)
{
  static const struct { const char *iso, *format, *expected; } cases[] = {
    { "1990-05-17", "dd/MM/yyyy", "17/05/1990" },
    { "1990-05-17", "Ngày dd tháng MM năm yyyy", "Ngày 17 tháng 05 năm 1990" },
    { "2024-02-29", "yyyyMMdd", "20240229" },
    { "1990-05", "dd/MM/yyyy", "05/1990" },
    { "1950", "dd/MM/yyyy", "1950" },
  };
  static const struct { const char *iso, *format; int code; const char *reason; } failures[] = {
    { "17/05/1990", "dd/MM/yyyy", VNEID_FORM_ERROR_INVALID_VALUE, "not of the form YYYY" },
    { "1990-02-30", "dd/MM/yyyy", VNEID_FORM_ERROR_INVALID_VALUE, "1990-02-30" },
    { "", "dd/MM/yyyy", VNEID_FORM_ERROR_INVALID_VALUE, "not of the form YYYY" },
    { "1990-05-17", "dd/MM", VNEID_FORM_ERROR_INVALID_MAPPING, "no year" },
    { "1990-05-17", "d/M/yy", VNEID_FORM_ERROR_INVALID_MAPPING, "“yy” is not a token" },
    { "1990-05-17", "", VNEID_FORM_ERROR_INVALID_MAPPING, "date format is empty" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      assert_str_owned (vneid_transforms_date (cases[i].iso, cases[i].format, &error), cases[i].expected);
      vt_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autoptr(GError) error = NULL;
      char *result = vneid_transforms_date (failures[i].iso, failures[i].format, &error);

      ck_assert_msg (result == NULL, "%s in %s gave “%s”", failures[i].iso, failures[i].format, result);
      vt_assert_error (error, VNEID_FORM_ERROR, failures[i].code, failures[i].reason);
    }
}
END_TEST

START_TEST (test_transforms_text_bad_utf8)
{
  ck_assert_ptr_null (vneid_transforms_upper ("\xff"));
  ck_assert_ptr_null (vneid_transforms_lower ("a\xc3"));
  ck_assert_ptr_null (vneid_transforms_fold ("\xed\xa0\x80"));
  assert_str_owned (vneid_transforms_fold (""), "");
}
END_TEST

START_TEST (test_transform_parse_errors)
{
  static const struct { const char *json, *reason; } cases[] = {
    { "\"uper\"", "unknown transform “uper”" },
    { "{\"lookup\": \"religion\"}", "unknown lookup table “religion”" },
    { "{\"lookup\": 1}", "takes a string" },
    { "{\"name_part\": \"last\"}", "unknown name part “last”" },
    { "{\"map\": {\"1\": 1}}", "value for “1” is not a string" },
    { "{\"map\": {}}", "“map” is empty" },
    { "{\"map\": [\"a\"]}", "object of strings" },
    { "{\"date\": \"dd/MM\"}", "no year" },
    { "{\"date\": \"d/M/yy\"}", "“yy” is not a token" },
    { "{\"date\": \"dd/MM/yyyy dd\"}", "twice" },
    { "{\"date\": \"dd/yyyy\"}", "no month" },
    { "{\"date\": \"dd\", \"map\": {}}", "exactly one member" },
    { "{\"upper\": true}", "takes no argument" },
    { "{\"trim\": true}", "unknown transform “trim”" },
    { "1", "a string or an object" },
    { "[\"upper\"]", "a string or an object" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = vt_json_node (cases[i].json);
      g_autoptr(GError) error = NULL;
      VneidTransform *transform = vneid_transform_new_from_json (node, &error);

      ck_assert_msg (transform == NULL, "%s parsed", cases[i].json);
      vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING, cases[i].reason);
    }
}
END_TEST

/* ---- known paths -------------------------------------------------------- */

START_TEST (test_claim_paths)
{
  static const char *const known[] = {
    "personal_administrative_number", "name", "birthdate", "sex", "nationalities",
    "address", "address.region", "address.district", "temporary_address.locality",
    "current_address.street_address", "place_of_birth", "place_of_birth.region",
    "household.head_name", "household.head_personal_administrative_number",
    "household.relationship_to_head", "document_number", "date_of_issuance",
    "former_id_number", "phone_number", "email", "bhyt_number", "benefit_level",
    "registered_facility.code", "registered_facility.name", "five_year_continuous_from",
    "vneid_level",
  };
  static const char *const unknown[] = {
    "", "nam", "address.street", "household.name", "registered_facility.address",
    "name.given", "address.", ".region", "iss", "cnf", "nationalities[0]", "Name",
  };
  const char *const *all = vneid_claims_list_paths ();
  gboolean is_member = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    ck_assert_msg (vneid_claim_lookup (known[i], NULL) != NULL, "%s unknown", known[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    ck_assert_msg (vneid_claim_lookup (unknown[i], NULL) == NULL, "%s known", unknown[i]);

  ck_assert_int_eq (vneid_claim_lookup ("address", &is_member)->kind, VNEID_CLAIM_ADDRESS);
  ck_assert (!is_member);
  ck_assert_str_eq (vneid_claim_lookup ("household.head_name", &is_member)->name, "household");
  ck_assert (is_member);
  ck_assert_int_eq (vneid_claim_lookup ("registered_facility", NULL)->kind, VNEID_CLAIM_OBJECT);
  ck_assert_int_eq (vneid_claim_lookup ("nationalities", NULL)->kind, VNEID_CLAIM_ARRAY);
  ck_assert (vneid_claim_lookup ("valid_until", NULL)->credentials == VNEID_CLAIM_IN_BHYT);
  ck_assert (vneid_claim_lookup ("email", NULL)->credentials == VNEID_CLAIM_IN_CONTACT);

  /* every listed path is known, and there are 32 claims and their members */
  ck_assert_uint_eq (g_strv_length ((char **) all), 32 + 5 * 6 + 3 + 2);
  for (gsize i = 0; all[i] != NULL; i++)
    ck_assert_msg (vneid_claim_lookup (all[i], NULL) != NULL, "%s unknown", all[i]);
}
END_TEST

/* ---- the test form ------------------------------------------------------ */

static const char schema_json[] =
  "{"
  " \"id\": \"vn.test.mapping\", \"version\": \"1\", \"title\": \"Tờ khai thử\","
  " \"authority\": \"libvneid tests\","
  " \"fields\": ["
  "  {\"name\": \"full_name\", \"label\": \"Họ, chữ đệm và tên\", \"type\": \"string\", \"required\": true},"
  "  {\"name\": \"name_upper\", \"label\": \"HỌ VÀ TÊN\", \"type\": \"string\"},"
  "  {\"name\": \"name_ascii\", \"label\": \"Họ tên không dấu\", \"type\": \"string\", \"pattern\": \"^[A-Z ]+$\"},"
  "  {\"name\": \"family\", \"label\": \"Họ\", \"type\": \"string\"},"
  "  {\"name\": \"middle\", \"label\": \"Chữ đệm\", \"type\": \"string\"},"
  "  {\"name\": \"given\", \"label\": \"Tên\", \"type\": \"string\"},"
  "  {\"name\": \"name_joined\", \"label\": \"Họ tên ghép\", \"type\": \"string\"},"
  "  {\"name\": \"birth_date\", \"label\": \"Ngày sinh\", \"type\": \"date\", \"format\": \"dd/MM/yyyy\"},"
  "  {\"name\": \"birth_iso\", \"label\": \"Ngày sinh (ISO)\", \"type\": \"string\"},"
  "  {\"name\": \"birth_words\", \"label\": \"Ngày sinh bằng chữ\", \"type\": \"date\","
  "   \"format\": \"Ngày dd tháng MM năm yyyy\"},"
  "  {\"name\": \"sex\", \"label\": \"Giới tính\", \"type\": \"enum\","
  "   \"enum\": [{\"code\": \"1\", \"label\": \"Nam\"}, {\"code\": \"2\", \"label\": \"Nữ\"}]},"
  "  {\"name\": \"sex_label\", \"label\": \"Giới tính (chữ)\", \"type\": \"string\"},"
  "  {\"name\": \"sex_mapped\", \"label\": \"Giới tính (mã M/F)\", \"type\": \"string\"},"
  "  {\"name\": \"ethnicity_code\", \"label\": \"Mã dân tộc\", \"type\": \"string\", \"pattern\": \"^[0-9]{2}$\"},"
  "  {\"name\": \"nationality\", \"label\": \"Quốc tịch\", \"type\": \"string\"},"
  "  {\"name\": \"personal_id\", \"label\": \"Số định danh cá nhân\", \"type\": \"string\","
  "   \"pattern\": \"^[0-9]{12}$\"},"
  "  {\"name\": \"permanent_address\", \"label\": \"Nơi thường trú\", \"type\": \"string\"},"
  "  {\"name\": \"current_or_permanent\", \"label\": \"Nơi ở hiện tại\", \"type\": \"string\"},"
  "  {\"name\": \"place_of_birth\", \"label\": \"Nơi sinh\", \"type\": \"string\"},"
  "  {\"name\": \"region\", \"label\": \"Tỉnh, thành phố\", \"type\": \"string\"},"
  "  {\"name\": \"head_name\", \"label\": \"Họ tên chủ hộ\", \"type\": \"string\"},"
  "  {\"name\": \"country\", \"label\": \"Quốc gia\", \"type\": \"string\"},"
  "  {\"name\": \"phone\", \"label\": \"Số điện thoại\", \"type\": \"string\"},"
  "  {\"name\": \"religion\", \"label\": \"Tôn giáo\", \"type\": \"string\"},"
  "  {\"name\": \"card_number\", \"label\": \"Số CCCD\", \"type\": \"string\", \"min_level\": 2},"
  "  {\"name\": \"typed_by_citizen\", \"label\": \"Nghề nghiệp\", \"type\": \"string\"},"
  "  {\"name\": \"members\", \"label\": \"Thành viên\", \"type\": \"group\","
  "   \"fields\": [{\"name\": \"full_name\", \"label\": \"Họ tên\", \"type\": \"string\"}]}"
  " ]"
  "}";

static const char mapping_json[] =
  "{"
  " \"form\": \"vn.test.mapping\","
  " \"fields\": {"
  "  \"full_name\":   { \"from\": \"name\" },"
  "  \"name_upper\":  { \"from\": \"name\", \"transforms\": [\"upper\"] },"
  "  \"name_ascii\":  { \"from\": \"name\", \"transforms\": [\"fold\", \"upper\"] },"
  "  \"family\":      { \"from\": \"name\", \"transforms\": [{ \"name_part\": \"family\" }] },"
  "  \"middle\":      { \"from\": \"name\", \"transforms\": [{ \"name_part\": \"middle\" }] },"
  "  \"given\":       { \"from\": \"name\", \"transforms\": [{ \"name_part\": \"given\" }] },"
  "  \"name_joined\": { \"join\": [\"family_name\", \"middle_name\", \"given_name\"], \"separator\": \" \","
  "                     \"transforms\": [\"upper\"] },"
  "  \"birth_date\":  { \"from\": \"birthdate\" },"
  "  \"birth_iso\":   { \"from\": \"birthdate\" },"
  "  \"birth_words\": { \"from\": \"birthdate\" },"
  "  \"sex\":         { \"from\": \"sex\" },"
  "  \"sex_label\":   { \"from\": \"sex\", \"transforms\": [{ \"lookup\": \"sex\" }] },"
  "  \"sex_mapped\":  { \"from\": \"sex\", \"transforms\": [{ \"map\": { \"1\": \"M\" } }] },"
  "  \"ethnicity_code\": { \"from\": \"ethnicity\", \"transforms\": [{ \"lookup\": \"ethnicity\" }] },"
  "  \"nationality\": { \"from\": \"nationalities\", \"transforms\": [{ \"lookup\": \"country\" }] },"
  "  \"personal_id\": { \"from\": \"personal_administrative_number\" },"
  "  \"permanent_address\": { \"from\": \"address\", \"transforms\": [\"address\"] },"
  "  \"current_or_permanent\": { \"first_of\": [\"current_address\", \"address\"],"
  "                              \"transforms\": [\"address\", \"upper\"] },"
  "  \"place_of_birth\": { \"from\": \"place_of_birth\" },"
  "  \"region\":      { \"from\": \"address.region\" },"
  "  \"head_name\":   { \"first_of\": [\"household.head_name\", \"name\"] },"
  "  \"country\":     { \"constant\": \"Việt Nam\" },"
  "  \"phone\":       { \"from\": \"phone_number\" },"
  "  \"religion\":    { \"from\": \"religion\" },"
  "  \"card_number\": { \"from\": \"document_number\" }"
  " }"
  "}";

static VneidFormSchema *
test_schema (void)
{
  g_autoptr(GError) error = NULL;
  VneidFormSchema *schema = vneid_form_schema_new_from_json (schema_json, "test.schema.json", &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (schema);
  return schema;
}

static VneidDeclarativeMapper *
test_mapper (VneidFormSchema *schema)
{
  g_autoptr(GError) error = NULL;
  VneidDeclarativeMapper *mapper =
    vneid_declarative_mapper_new_from_json (schema, mapping_json, "test.mapping.json", &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (mapper);
  return mapper;
}

/* ---- load errors -------------------------------------------------------- */

/* Loads @mapping against the test schema and expects @code and @reason. */
static void
load_fails_at (const char *file,
               int         line,
               const char *mapping,
               int         code,
               const char *code_name,
               const char *reason)
{
  g_autoptr(VneidFormSchema) schema = test_schema ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDeclarativeMapper) mapper =
    vneid_declarative_mapper_new_from_json (schema, mapping, "bad.mapping.json", &error);

  ck_assert_msg (mapper == NULL, "%s:%d: the mapping loaded:\n%s", file, line, mapping);
  vt_assert_error_at (file, line, error, VNEID_FORM_ERROR, code, code_name, reason);
  vt_assert_error_at (file, line, error, VNEID_FORM_ERROR, code, code_name, "bad.mapping.json");
}

#define load_fails(mapping, code, reason) \
  load_fails_at (__FILE__, __LINE__, (mapping), (code), #code, (reason))

#define ONE_FIELD(entry) "{\"form\": \"vn.test.mapping\", \"fields\": {" entry "}}"

START_TEST (test_load_errors)
{
  /* the eleven the contract names */
  load_fails (ONE_FIELD ("\"nickname\": {\"from\": \"name\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "field “nickname”: form “vn.test.mapping” has no field “nickname”");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"nam\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "field “full_name”: “from” names “nam”, which is not a profile path");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"transforms\": [\"uper\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "field “full_name”: transforms[0]: unknown transform “uper”");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"religion\", \"transforms\": [{\"lookup\": \"religion\"}]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "field “full_name”: transforms[0]: unknown lookup table “religion”");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"constant\": \"X\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "field “full_name”: two sources, “from” and “constant”");
  load_fails (ONE_FIELD ("\"full_name\": {\"first_of\": [\"name\"], \"join\": [\"name\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "two sources, “first_of” and “join”");
  load_fails (ONE_FIELD ("\"full_name\": {\"transforms\": [\"upper\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "field “full_name”: no source");
  load_fails ("{\"form\": \"vn.test.mapping\", \"fields\": {", VNEID_FORM_ERROR_INVALID_MAPPING, "bad.mapping.json");
  load_fails ("{\"form\": \"vn.test.mapping\", \"fields\": {}, }", VNEID_FORM_ERROR_INVALID_MAPPING, "bad.mapping.json");
  load_fails ("{\"form\": \"vn.bca.ct01\", \"fields\": {}}",
              VNEID_FORM_ERROR_INVALID_MAPPING, "“form” is “vn.bca.ct01”, but the schema is “vn.test.mapping”");
  load_fails (ONE_FIELD ("\"permanent_address\": {\"from\": \"address\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING,
              "field “permanent_address”: “address” is an address object: it needs the “address” transform first");
  load_fails (ONE_FIELD ("\"permanent_address\": {\"from\": \"address\", \"transforms\": [\"upper\", \"address\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "transforms[1]: “address” must be the first transform");

  /* and the rest */
  load_fails ("{\"form\": \"vn.test.mapping\", \"fields\": {}, \"version\": 1}",
              VNEID_FORM_ERROR_INVALID_MAPPING, "unknown member “version”");
  load_fails ("{\"fields\": {}}", VNEID_FORM_ERROR_INVALID_MAPPING, "“form” must be the form's id");
  load_fails ("{\"form\": \"vn.test.mapping\"}", VNEID_FORM_ERROR_INVALID_MAPPING, "“fields” must be an object");
  load_fails ("{\"form\": \"vn.test.mapping\", \"fields\": []}", VNEID_FORM_ERROR_INVALID_MAPPING, "“fields” must be an object");
  load_fails ("[]", VNEID_FORM_ERROR_INVALID_MAPPING, "a mapping is a JSON object");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\"}, \"full_name\": {\"from\": \"name\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "duplicate member");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"tranforms\": []}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "field “full_name”: unknown member “tranforms”");
  load_fails (ONE_FIELD ("\"full_name\": \"name\""), VNEID_FORM_ERROR_INVALID_MAPPING, "an entry must be an object");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": [\"name\"]}"), VNEID_FORM_ERROR_INVALID_MAPPING, "“from” must be a profile path");
  load_fails (ONE_FIELD ("\"full_name\": {\"first_of\": []}"), VNEID_FORM_ERROR_INVALID_MAPPING, "“first_of” is empty");
  load_fails (ONE_FIELD ("\"full_name\": {\"first_of\": [\"name\", 1]}"), VNEID_FORM_ERROR_INVALID_MAPPING, "“first_of”[1]");
  load_fails (ONE_FIELD ("\"full_name\": {\"join\": [\"name\", \"name\"]}"), VNEID_FORM_ERROR_INVALID_MAPPING, "names “name” twice");
  load_fails (ONE_FIELD ("\"full_name\": {\"join\": [\"name\", \"nam\"]}"), VNEID_FORM_ERROR_INVALID_MAPPING, "“join” names “nam”");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"separator\": \" \"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“separator” goes with “join” only");
  load_fails (ONE_FIELD ("\"full_name\": {\"join\": [\"name\"], \"separator\": 1}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“separator” must be a string");
  load_fails (ONE_FIELD ("\"full_name\": {\"constant\": 1}"), VNEID_FORM_ERROR_INVALID_MAPPING, "“constant” must be a string");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"transforms\": \"upper\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“transforms” must be an array");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"sex\", \"transforms\": [{\"map\": {\"1\": 1}}]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "transforms[0]: transform “map”: the value for “1” is not a string");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"transforms\": [{\"name_part\": \"last\"}]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "unknown name part “last”");
  load_fails (ONE_FIELD ("\"head_name\": {\"from\": \"household\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“household” is an object: name one of its members (household.head_name");
  load_fails (ONE_FIELD ("\"head_name\": {\"from\": \"registered_facility\", \"transforms\": [\"address\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“registered_facility” is an object");
  load_fails (ONE_FIELD ("\"region\": {\"from\": \"address.region\", \"transforms\": [\"address\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "the “address” transform needs an address path");
  load_fails (ONE_FIELD ("\"country\": {\"constant\": \"Hà Nội\", \"transforms\": [\"address\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "needs an address path");
  load_fails (ONE_FIELD ("\"region\": {\"join\": [\"address\", \"current_address\"], \"transforms\": [\"address\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“join” cannot take the address object “address”");
  load_fails (ONE_FIELD ("\"region\": {\"first_of\": [\"address\", \"name\"], \"transforms\": [\"address\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "mixes address objects and single values");
  load_fails (ONE_FIELD ("\"members\": {\"from\": \"name\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“members” is a group");
  load_fails (ONE_FIELD ("\"members.full_name\": {\"from\": \"name\"}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "the fields of a group's rows cannot be mapped declaratively");
  load_fails (ONE_FIELD ("\"birth_date\": {\"from\": \"birthdate\", \"transforms\": [{\"date\": \"MM/yy\"}]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "“yy” is not a token");
}
END_TEST

/* The four faults of a plugin author's first try each say where and what
 * was meant: a misspelt claim path, an unknown transform, a trailing comma,
 * a value that can never fit its field. */
static const char fit_schema_json[] =
  "{\"id\": \"vn.test.fit\", \"version\": \"1\", \"title\": \"t\", \"authority\": \"a\","
  " \"fields\": ["
  "  {\"name\": \"agrees\", \"label\": \"Đồng ý\", \"type\": \"boolean\"},"
  "  {\"name\": \"count\", \"label\": \"Số\", \"type\": \"number\"},"
  "  {\"name\": \"born\", \"label\": \"Ngày sinh\", \"type\": \"date\", \"format\": \"dd/MM/yyyy\"},"
  "  {\"name\": \"text\", \"label\": \"Chữ\", \"type\": \"string\"}"
  " ]}";

static void
fit_fails (const char *entry,
           const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFormSchema) schema = vneid_form_schema_new_from_json (fit_schema_json, "fit.schema.json", &error);
  g_autofree char *mapping = g_strdup_printf ("{\"form\": \"vn.test.fit\", \"fields\": {%s}}", entry);
  g_autoptr(VneidDeclarativeMapper) mapper = NULL;

  vt_assert_no_error (error);
  mapper = vneid_declarative_mapper_new_from_json (schema, mapping, "fit.mapping.json", &error);
  ck_assert_msg (mapper == NULL, "loaded: %s", mapping);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING, reason);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING, "fit.mapping.json: field “");
}

START_TEST (test_load_errors_teach)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFormSchema) schema = NULL;
  g_autoptr(VneidDeclarativeMapper) mapper = NULL;

  /* a misspelt claim path: the nearest path, and where the list is */
  load_fails (ONE_FIELD ("\"birth_date\": {\"from\": \"birth_date\"}"), VNEID_FORM_ERROR_INVALID_MAPPING,
              "field “birth_date”: “from” names “birth_date”, which is not a profile path: did you mean “birthdate”?");
  load_fails (ONE_FIELD ("\"birth_date\": {\"from\": \"birth_date\"}"), VNEID_FORM_ERROR_INVALID_MAPPING,
              "`vneid claims` lists the claim paths");
  load_fails (ONE_FIELD ("\"region\": {\"join\": [\"name\", \"adress.region\"]}"), VNEID_FORM_ERROR_INVALID_MAPPING,
              "did you mean “address.region”?");
  /* nothing near: no guess */
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"favourite_colour\"}"), VNEID_FORM_ERROR_INVALID_MAPPING,
              "not a profile path: (`vneid claims`");

  /* an unknown transform: the nearest, and the list */
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"transforms\": [\"uper\"]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING,
              "field “full_name”: transforms[0]: unknown transform “uper”: did you mean “upper”? (the transforms: \"upper\", \"lower\"");
  load_fails (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"transforms\": [{\"dates\": \"dd/MM/yyyy\"}]}"),
              VNEID_FORM_ERROR_INVALID_MAPPING, "unknown transform “dates”: did you mean “date”?");

  /* a trailing comma: line and column, and what to do */
  load_fails ("{\n  \"form\": \"vn.test.mapping\",\n  \"fields\": {},\n}\n", VNEID_FORM_ERROR_INVALID_MAPPING,
              "bad.mapping.json is not valid JSON: a comma before “}” (JSON allows no trailing comma: remove it) "
              "at line 4, column 1");
  load_fails ("{\"form\": \"vn.test.mapping\",\n \"fields\": {\"full_name\": {\"first_of\": [\"name\", ]}}}",
              VNEID_FORM_ERROR_INVALID_MAPPING, "a comma before “]” (JSON allows no trailing comma: remove it) at line 2, column 48");
  /* columns count characters, not bytes */
  load_fails ("{\"form\": \"Tờ\" x}", VNEID_FORM_ERROR_INVALID_MAPPING, "at line 1, column 15");
  schema = vneid_form_schema_new_from_json ("{\"id\": \"vn.test.x\",\n\"fields\": [],\n}", "x.schema.json", &error);
  ck_assert_ptr_null (schema);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_SCHEMA,
                   "x.schema.json is not valid JSON: a comma before “}” (JSON allows no trailing comma: remove it) at line 3, column 1");

  /* values that can never fit their field */
  fit_fails ("\"agrees\": {\"from\": \"birthdate\", \"transforms\": [{\"date\": \"dd/MM/yyyy\"}]}",
             "field “agrees”: a {\"date\"} transform writes a date, which a boolean field can never hold: "
             "map it into a string field");
  fit_fails ("\"count\": {\"join\": [\"family_name\", \"given_name\"]}", "“join” writes values joined into one text, which a number field can never hold");
  fit_fails ("\"count\": {\"from\": \"nationalities\"}", "a list claim is written as its elements joined with “, ”, which a number field");
  fit_fails ("\"born\": {\"from\": \"address\", \"transforms\": [\"address\"]}", "which a date field can never hold");
  fit_fails ("\"agrees\": {\"from\": \"name\", \"transforms\": [{\"name_part\": \"given\"}]}", "a boolean field");

  /* what may fit is kept */
  g_clear_object (&schema);
  g_clear_error (&error);
  schema = vneid_form_schema_new_from_json (fit_schema_json, "fit.schema.json", &error);
  vt_assert_no_error (error);
  mapper = vneid_declarative_mapper_new_from_json (schema,
    "{\"form\": \"vn.test.fit\", \"fields\": {\"born\": {\"from\": \"birthdate\", \"transforms\": [{\"date\": \"dd/MM/yyyy\"}]},"
    " \"text\": {\"from\": \"nationalities\"}, \"count\": {\"from\": \"sex\"},"
    " \"agrees\": {\"from\": \"sex\", \"transforms\": [{\"map\": {\"1\": \"true\"}}]}}}", "ok.mapping.json", &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (mapper);
}
END_TEST

/* What a third-party mapping may declare: a bounded number of paths and
 * transforms, and separators of fixed punctuation only, since a joined value
 * is marked verified. */
START_TEST (test_load_third_party_rules)
{
  g_autoptr(GString) paths = g_string_new (NULL);
  g_autoptr(GString) transforms = g_string_new (NULL);
  g_autoptr(VneidFormSchema) schema = test_schema ();
  static const char *const separators_ok[] = { "", " ", ", ", " - ", "/", " – ", "(", "; " };
  static const char *const separators_refused[] = {
    "ĐÃ XÁC MINH: ", " và ", "x", "\\u0301", "\\u00a0", "\\u202e", "\\n", "     ", " , , ",
  };
  g_autofree char *join = NULL;
  g_autofree char *many = NULL;

  for (guint i = 0; i < 33; i++)
    g_string_append_printf (paths, "%s\"%s\"", i > 0 ? ", " : "", i % 2 ? "name" : "given_name");
  join = g_strdup_printf (ONE_FIELD ("\"full_name\": {\"join\": [%s]}"), paths->str);
  load_fails (join, VNEID_FORM_ERROR_TOO_LARGE, "“join” has 33 paths, more than the 32 allowed");

  for (guint i = 0; i < 17; i++)
    g_string_append_printf (transforms, "%s\"upper\"", i > 0 ? ", " : "");
  many = g_strdup_printf (ONE_FIELD ("\"full_name\": {\"from\": \"name\", \"transforms\": [%s]}"), transforms->str);
  load_fails (many, VNEID_FORM_ERROR_TOO_LARGE, "17 transforms, more than the 16 allowed");

  for (gsize i = 0; i < G_N_ELEMENTS (separators_ok); i++)
    {
      g_autofree char *mapping = g_strdup_printf (ONE_FIELD ("\"name_joined\": {\"join\": [\"family_name\", "
                                                             "\"given_name\"], \"separator\": \"%s\"}"),
                                                  separators_ok[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidDeclarativeMapper) mapper =
        vneid_declarative_mapper_new_from_json (schema, mapping, "ok.mapping.json", &error);

      ck_assert_msg (mapper != NULL, "separator “%s” refused: %s", separators_ok[i], error->message);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (separators_refused); i++)
    {
      g_autofree char *mapping = g_strdup_printf (ONE_FIELD ("\"name_joined\": {\"join\": [\"family_name\", "
                                                             "\"given_name\"], \"separator\": \"%s\"}"),
                                                  separators_refused[i]);

      load_fails (mapping, VNEID_FORM_ERROR_INVALID_MAPPING,
                  "field “name_joined”: “separator” may hold only spaces and the punctuation");
    }
}
END_TEST

START_TEST (test_load_too_large)
{
  g_autoptr(GString) big = g_string_new ("{\"form\": \"vn.test.mapping\", \"fields\": {\"full_name\": {\"constant\": \"");
  g_autoptr(VneidFormSchema) schema = test_schema ();
  g_autoptr(VneidDeclarativeMapper) mapper = NULL;
  g_autoptr(GError) error = NULL;

  while (big->len <= 1024 * 1024)
    g_string_append (big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (big, "\"}}}");
  mapper = vneid_declarative_mapper_new_from_json (schema, big->str, "big.mapping.json", &error);
  ck_assert_ptr_null (mapper);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_TOO_LARGE, "big.mapping.json");
  g_clear_error (&error);

  /* just under the limit loads */
  g_string_truncate (big, 0);
  g_string_append (big, "{\"form\": \"vn.test.mapping\", \"fields\": {\"full_name\": {\"constant\": \"");
  while (big->len < 1024 * 1024 - 64)
    g_string_append_c (big, 'x');
  g_string_append (big, "\"}}}");
  mapper = vneid_declarative_mapper_new_from_json (schema, big->str, "big.mapping.json", &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (mapper);
}
END_TEST

START_TEST (test_load_too_deep)
{
  g_autoptr(GString) deep = g_string_new ("{\"form\": \"vn.test.mapping\", \"fields\": {\"full_name\": "
                                          "{\"from\": \"sex\", \"transforms\": [{\"map\": {\"1\": ");
  g_autoptr(VneidFormSchema) schema = test_schema ();
  g_autoptr(VneidDeclarativeMapper) mapper = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 40; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 40; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}]}}}");
  mapper = vneid_declarative_mapper_new_from_json (schema, deep->str, NULL, &error);
  ck_assert_ptr_null (mapper);
  ck_assert (g_error_matches (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_TOO_LARGE) ||
             g_error_matches (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING));
}
END_TEST

START_TEST (test_load_from_file)
{
  g_autoptr(VneidFormSchema) schema = test_schema ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vneid-mapping-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *absent = NULL;
  g_autoptr(VneidDeclarativeMapper) mapper = NULL;
  VneidDeclarativeMapper *failed;

  vt_assert_no_error (error);
  path = g_build_filename (dir, "vn.test.mapping.mapping.json", NULL);
  bad = g_build_filename (dir, "bad.mapping.json", NULL);
  absent = g_build_filename (dir, "absent.mapping.json", NULL);
  ck_assert (g_file_set_contents (path, mapping_json, -1, NULL));
  ck_assert (g_file_set_contents (bad, ONE_FIELD ("\"full_name\": {\"from\": \"nam\"}"), -1, NULL));

  mapper = vneid_declarative_mapper_new_from_file (schema, path, &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (mapper);
  ck_assert_ptr_eq (vneid_form_mapper_get_schema (VNEID_FORM_MAPPER (mapper)), schema);

  failed = vneid_declarative_mapper_new_from_file (schema, bad, &error);
  ck_assert_ptr_null (failed);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING, "bad.mapping.json: field “full_name”");
  g_clear_error (&error);

  failed = vneid_declarative_mapper_new_from_file (schema, absent, &error);
  ck_assert_ptr_null (failed);
  ck_assert_ptr_nonnull (error);
  g_clear_error (&error);

  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_load_bundled_plugins)
{
  /* the mappings shipped in plugins/ load against their schemas */
  static const char *const forms[][2] = {
    { "ct01", "vn.bca.ct01" },
    { "tk01", "vn.bca.tk01" },
    { "bank-account", "vn.sbv.bank-account" },
    { "sim-registration", "vn.mic.sim-registration" },
  };
  const char *plugins = g_getenv ("VNEID_TEST_PLUGINS");

  if (plugins == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *schema_name = g_strconcat (forms[i][1], ".schema.json", NULL);
      g_autofree char *mapping_name = g_strconcat (forms[i][1], ".mapping.json", NULL);
      g_autofree char *schema_path = g_build_filename (plugins, forms[i][0], schema_name, NULL);
      g_autofree char *mapping_path = g_build_filename (plugins, forms[i][0], mapping_name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidFormSchema) schema = NULL;
      g_autoptr(VneidDeclarativeMapper) mapper = NULL;

      if (!g_file_test (schema_path, G_FILE_TEST_EXISTS))
        continue;
      schema = vneid_form_schema_new_from_file (schema_path, &error);
      vt_assert_no_error (error);
      mapper = vneid_declarative_mapper_new_from_file (schema, mapping_path, &error);
      vt_assert_no_error (error);
      ck_assert_ptr_nonnull (mapper);
    }
}
END_TEST

/* ---- profiles ----------------------------------------------------------- */

typedef struct {
  VneidKey        *issuer_key;
  VneidKey        *holder_key;
  VneidVerifier   *verifier;
} Authority;

static void
authority_init (Authority *authority)
{
  g_autoptr(VneidTrustStore) store = NULL;

  authority->issuer_key = vt_key_new (VT_ISSUER_KID);
  authority->holder_key = vt_key_new ("holder");
  store = vt_trust_store_new (authority->issuer_key, VT_ISSUER, NULL);
  authority->verifier = vt_verifier_new (store);
}

static void
authority_clear (Authority *authority)
{
  g_clear_object (&authority->issuer_key);
  g_clear_object (&authority->holder_key);
  g_clear_object (&authority->verifier);
}

/* Issues a credential of @vct with @claims (all disclosable), presents the
 * claims in @paths, and verifies the presentation. */
static VneidVerifiedCredential *
issue_and_verify (Authority          *authority,
                  const char         *vct,
                  const char         *claims,
                  const char * const *paths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidCredentialBuilder) builder = vneid_credential_builder_new_from_json (vct, claims, &error);
  g_autofree char *compact = NULL;
  g_autofree char *presentation = NULL;
  g_autoptr(VneidCredential) credential = NULL;

  vt_assert_no_error (error);
  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_holder_key (builder, authority->holder_key);
  vneid_credential_builder_set_issued_at (builder, VT_IAT);
  vneid_credential_builder_set_expires_at (builder, VT_EXP);
  compact = vneid_credential_builder_build (builder, authority->issuer_key, VT_ISSUER, &error);
  vt_assert_no_error (error);
  credential = vt_credential_new (compact);
  presentation = vt_present (credential, paths, authority->holder_key, NULL, NULL, 0);
  return vt_verify_ok (authority->verifier, presentation);
}

/* Profile A: the fixture PID (level 2, post-2025 address, full birthdate),
 * without ethnicity and household, and a contact credential. */
static VneidProfile *
profile_a (Authority *authority)
{
  static const char *const pid_paths[] = {
    "personal_administrative_number", "name", "family_name", "middle_name", "given_name",
    "birthdate", "sex", "nationalities", "place_of_birth", "place_of_origin", "address",
    "current_address", "vneid_level", NULL,
  };
  static const char *const contact_paths[] = { "phone_number", "email", NULL };
  g_autoptr(VneidVerifiedCredential) pid =
    issue_and_verify (authority, VT_VCT_PID, vt_pid_claims_json (), pid_paths);
  g_autoptr(VneidVerifiedCredential) contact =
    issue_and_verify (authority, VT_VCT_CONTACT,
                      "{\"phone_number\": \"+84912345678\", \"email\": \"an.nguyen@example.vn\"}",
                      contact_paths);
  VneidVerifiedCredential *credentials[] = { pid, contact };
  g_autoptr(GError) error = NULL;
  VneidProfile *profile = vneid_profile_new (credentials, G_N_ELEMENTS (credentials), &error);

  vt_assert_no_error (error);
  return profile;
}

/* Profile B: a level-1 PID of a woman born in 1950 (year only), with a
 * pre-2025 address (district), an ethnic minority, a household head, no
 * religion disclosed, one-word place of birth, and no contact data. */
static const char pid_b_claims[] =
  "{"
  "\"personal_administrative_number\": \"002150001234\","
  "\"name\": \"Hoàng Thị Ngọc Ánh\","
  "\"family_name\": \"Hoàng\","
  "\"middle_name\": \"Thị Ngọc\","
  "\"given_name\": \"Ánh\","
  "\"birthdate\": \"1950\","
  "\"sex\": 2,"
  "\"nationalities\": [\"VN\"],"
  "\"ethnicity\": \"Tày\","
  "\"religion\": \"Không\","
  "\"place_of_birth\": \"Tỉnh Hà Giang\","
  "\"address\": {"
    "\"formatted\": \"Số 7 ngõ 12 phố Vọng, Phường Đồng Tâm, Quận Hai Bà Trưng, Thành phố Hà Nội\","
    "\"street_address\": \"Số 7 ngõ 12 phố Vọng\","
    "\"locality\": \"Phường Đồng Tâm\","
    "\"district\": \"Quận Hai Bà Trưng\","
    "\"region\": \"Thành phố Hà Nội\","
    "\"country\": \"VN\"},"
  "\"household\": {"
    "\"head_name\": \"Nông Văn Tư\","
    "\"relationship_to_head\": \"Vợ\"},"
  "\"vneid_level\": 1"
  "}";

static VneidProfile *
profile_b (Authority *authority)
{
  static const char *const pid_paths[] = {
    "personal_administrative_number", "name", "family_name", "middle_name", "given_name",
    "birthdate", "sex", "nationalities", "ethnicity", "place_of_birth", "address",
    "household", "vneid_level", NULL,
  };
  g_autoptr(VneidVerifiedCredential) pid =
    issue_and_verify (authority, VT_VCT_PID, pid_b_claims, pid_paths);
  VneidVerifiedCredential *credentials[] = { pid };
  g_autoptr(GError) error = NULL;
  VneidProfile *profile = vneid_profile_new (credentials, 1, &error);

  vt_assert_no_error (error);
  return profile;
}

static VneidFilledForm *
fill (VneidProfile *profile)
{
  g_autoptr(VneidFormSchema) schema = test_schema ();
  g_autoptr(VneidDeclarativeMapper) mapper = test_mapper (schema);
  g_autoptr(GError) error = NULL;
  VneidFilledForm *form = vneid_form_mapper_fill (VNEID_FORM_MAPPER (mapper), profile, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (form);
  return form;
}

static void
assert_field_at (const char       *file,
                 int               line,
                 VneidFilledForm  *form,
                 const char       *name,
                 const char       *value,
                 VneidFieldStatus  status)
{
  VneidFilledField *field = vneid_filled_form_lookup (form, name);

  ck_assert_msg (field != NULL, "%s:%d: no field %s", file, line, name);
  ck_assert_msg (vneid_filled_field_get_status (field) == status &&
                 g_strcmp0 (vneid_filled_field_get_value (field), value) == 0,
                 "%s:%d: %s is “%s” (%s: %s), expected “%s” (%s)", file, line, name,
                 vneid_filled_field_get_value (field),
                 vneid_field_status_to_string (vneid_filled_field_get_status (field)),
                 vneid_filled_field_get_message (field),
                 value, vneid_field_status_to_string (status));
}

#define assert_field(form, name, value, status) \
  assert_field_at (__FILE__, __LINE__, (form), (name), (value), (status))

/* The source attributes' paths joined with "," and the kind of each. */
static void
assert_sources_at (const char      *file,
                   int              line,
                   VneidFilledForm *form,
                   const char      *name,
                   const char      *paths,
                   VneidSourceKind  kind)
{
  VneidFilledField *field = vneid_filled_form_lookup (form, name);
  GPtrArray *sources = vneid_filled_field_get_sources (field);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      VneidAttribute *attribute = g_ptr_array_index (sources, i);

      g_string_append_printf (joined, "%s%s", i ? "," : "", vneid_attribute_get_path (attribute));
      ck_assert_msg (vneid_attribute_get_source_kind (attribute) == kind,
                     "%s:%d: %s comes from %s", file, line, vneid_attribute_get_path (attribute),
                     vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute)));
    }
  ck_assert_msg (strcmp (joined->str, paths) == 0, "%s:%d: %s comes from “%s”, expected “%s”",
                 file, line, name, joined->str, paths);
}

#define assert_sources(form, name, paths, kind) \
  assert_sources_at (__FILE__, __LINE__, (form), (name), (paths), (kind))

static void
assert_message (VneidFilledForm *form,
                const char      *name,
                const char      *part)
{
  const char *message = vneid_filled_field_get_message (vneid_filled_form_lookup (form, name));

  ck_assert_msg (message != NULL && strstr (message, part) != NULL,
                 "%s: message “%s” lacks “%s”", name, message, part);
}

START_TEST (test_fill_profile_a)
{
  Authority authority;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFilledForm) form = NULL;

  authority_init (&authority);
  profile = profile_a (&authority);
  form = fill (profile);

  assert_field (form, "full_name", "Nguyễn Văn An", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "full_name", "name", VNEID_SOURCE_KIND_POPULATION_DB);
  ck_assert (vneid_filled_field_get_read_only (vneid_filled_form_lookup (form, "full_name")));
  assert_field (form, "name_upper", "NGUYỄN VĂN AN", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "name_ascii", "NGUYEN VAN AN", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "family", "Nguyễn", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "middle", "Văn", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "given", "An", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "name_joined", "NGUYỄN VĂN AN", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "name_joined", "family_name,middle_name,given_name", VNEID_SOURCE_KIND_POPULATION_DB);
  assert_field (form, "birth_date", "17/05/1990", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "birth_iso", "1990-05-17", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "birth_words", "Ngày 17 tháng 05 năm 1990", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "sex", "1", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "sex_label", "Nam", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "sex_mapped", "M", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "nationality", "Việt Nam", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "nationality", "nationalities", VNEID_SOURCE_KIND_POPULATION_DB);
  assert_field (form, "personal_id", "001090012345", VNEID_FIELD_STATUS_VERIFIED);
  /* post-2025: no district */
  assert_field (form, "permanent_address",
                "Số 12 phố Hàng Bông, Phường Hoàn Kiếm, Thành phố Hà Nội", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "permanent_address",
                  "address.street_address,address.locality,address.region", VNEID_SOURCE_KIND_POPULATION_DB);
  assert_field (form, "current_or_permanent",
                "SỐ 5 ĐƯỜNG LÊ LỢI, PHƯỜNG BẾN THÀNH, THÀNH PHỐ HỒ CHÍ MINH", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "current_or_permanent",
                  "current_address.street_address,current_address.locality,current_address.region",
                  VNEID_SOURCE_KIND_POPULATION_DB);
  /* the fixture's place of birth is an object: written as an address */
  assert_field (form, "place_of_birth", "Phường Ba Đình, Thành phố Hà Nội", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "region", "Thành phố Hà Nội", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "region", "address.region", VNEID_SOURCE_KIND_POPULATION_DB);
  /* household not disclosed: first_of falls back to the name */
  assert_field (form, "head_name", "Nguyễn Văn An", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "head_name", "name", VNEID_SOURCE_KIND_POPULATION_DB);
  /* a constant is not verified data */
  assert_field (form, "country", "Việt Nam", VNEID_FIELD_STATUS_SELF_ASSERTED);
  assert_sources (form, "country", "", VNEID_SOURCE_KIND_SELF_ASSERTED);
  /* the contact credential is self-asserted */
  assert_field (form, "phone", "+84912345678", VNEID_FIELD_STATUS_SELF_ASSERTED);
  assert_sources (form, "phone", "phone_number", VNEID_SOURCE_KIND_SELF_ASSERTED);
  ck_assert (!vneid_filled_field_get_read_only (vneid_filled_form_lookup (form, "phone")));
  /* not disclosed */
  assert_field (form, "ethnicity_code", NULL, VNEID_FIELD_STATUS_MISSING);
  assert_message (form, "ethnicity_code", "not disclosed: ethnicity");
  assert_field (form, "religion", NULL, VNEID_FIELD_STATUS_MISSING);
  assert_message (form, "religion", "not disclosed: religion");
  /* level 2, but no e-CCCD presented */
  assert_field (form, "card_number", NULL, VNEID_FIELD_STATUS_MISSING);
  assert_message (form, "card_number", "not disclosed: document_number");
  /* not mapped */
  assert_field (form, "typed_by_citizen", NULL, VNEID_FIELD_STATUS_MISSING);

  authority_clear (&authority);
}
END_TEST

START_TEST (test_fill_profile_b)
{
  Authority authority;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFilledForm) form = NULL;

  authority_init (&authority);
  profile = profile_b (&authority);
  form = fill (profile);

  assert_field (form, "full_name", "Hoàng Thị Ngọc Ánh", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "name_upper", "HOÀNG THỊ NGỌC ÁNH", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "name_ascii", "HOANG THI NGOC ANH", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "family", "Hoàng", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "middle", "Thị Ngọc", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "given", "Ánh", VNEID_FIELD_STATUS_VERIFIED);
  /* a year-only birthdate stays a year, in every format */
  assert_field (form, "birth_date", "1950", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "birth_iso", "1950", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "sex", "2", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "sex_label", "Nữ", VNEID_FIELD_STATUS_VERIFIED);
  /* the map has no "2": invalid, keeping what was found */
  assert_field (form, "sex_mapped", "2", VNEID_FIELD_STATUS_INVALID);
  assert_message (form, "sex_mapped", "map: “2” is not in the table");
  ck_assert (!vneid_filled_field_get_read_only (vneid_filled_form_lookup (form, "sex_mapped")));
  assert_field (form, "ethnicity_code", "02", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "ethnicity_code", "ethnicity", VNEID_SOURCE_KIND_POPULATION_DB);
  /* pre-2025: the district stays */
  assert_field (form, "permanent_address",
                "Số 7 ngõ 12 phố Vọng, Phường Đồng Tâm, Quận Hai Bà Trưng, Thành phố Hà Nội",
                VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "permanent_address",
                  "address.street_address,address.locality,address.district,address.region",
                  VNEID_SOURCE_KIND_POPULATION_DB);
  /* no current address: first_of takes the permanent one */
  assert_field (form, "current_or_permanent",
                "SỐ 7 NGÕ 12 PHỐ VỌNG, PHƯỜNG ĐỒNG TÂM, QUẬN HAI BÀ TRƯNG, THÀNH PHỐ HÀ NỘI",
                VNEID_FIELD_STATUS_VERIFIED);
  /* a place of birth given as text */
  assert_field (form, "place_of_birth", "Tỉnh Hà Giang", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "place_of_birth", "place_of_birth", VNEID_SOURCE_KIND_POPULATION_DB);
  assert_field (form, "head_name", "Nông Văn Tư", VNEID_FIELD_STATUS_VERIFIED);
  assert_sources (form, "head_name", "household.head_name", VNEID_SOURCE_KIND_POPULATION_DB);
  /* religion was in the credential but not disclosed */
  assert_field (form, "religion", NULL, VNEID_FIELD_STATUS_MISSING);
  assert_message (form, "religion", "not disclosed: religion");
  /* no contact credential */
  assert_field (form, "phone", NULL, VNEID_FIELD_STATUS_MISSING);
  assert_message (form, "phone", "not disclosed: phone_number");
  /* level 1: the card field is held back, never "not disclosed" */
  assert_field (form, "card_number", NULL, VNEID_FIELD_STATUS_NEEDS_LEVEL_2);

  authority_clear (&authority);
}
END_TEST

/* Transform failures at fill time make the field invalid, never the fill
 * fail; a missing name part leaves the field missing. */
/* The source paths of @sources joined with ",". */
static char *
source_paths (GPtrArray *sources)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < sources->len; i++)
    g_string_append_printf (joined, "%s%s", i ? "," : "",
                            vneid_attribute_get_path (g_ptr_array_index (sources, i)));
  return g_string_free (joined, FALSE);
}

static void
assert_address_at (const char   *file,
                   int           line,
                   VneidProfile *profile,
                   const char   *path,
                   const char   *expected,
                   const char   *expected_sources)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *address = vneid_transforms_address (profile, path, &sources);
  g_autofree char *paths = source_paths (sources);

  ck_assert_msg (g_strcmp0 (address, expected) == 0, "%s:%d: %s is “%s”, expected “%s”",
                 file, line, path, address, expected);
  ck_assert_msg (strcmp (paths, expected_sources) == 0, "%s:%d: %s comes from “%s”, expected “%s”",
                 file, line, path, paths, expected_sources);
}

#define assert_address(profile, path, expected, sources) \
  assert_address_at (__FILE__, __LINE__, (profile), (path), (expected), (sources))

/* The public form of the address transform: the line a mapping writes,
 * with the attributes it is made of. */
START_TEST (test_transforms_address)
{
  Authority authority;
  g_autoptr(VneidProfile) a = NULL;
  g_autoptr(VneidProfile) b = NULL;

  authority_init (&authority);
  a = profile_a (&authority);
  b = profile_b (&authority);

  assert_address (a, "address", "Số 12 phố Hàng Bông, Phường Hoàn Kiếm, Thành phố Hà Nội",
                  "address.street_address,address.locality,address.region");
  assert_address (a, "current_address", "Số 5 đường Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh",
                  "current_address.street_address,current_address.locality,current_address.region");
  /* a place given as an object is written as an address... */
  assert_address (a, "place_of_birth", "Phường Ba Đình, Thành phố Hà Nội",
                  "place_of_birth.locality,place_of_birth.region");
  /* ...and one given as text is that text */
  assert_address (b, "place_of_birth", "Tỉnh Hà Giang", "place_of_birth");
  /* a pre-2025 address keeps its district */
  assert_address (b, "address", "Số 7 ngõ 12 phố Vọng, Phường Đồng Tâm, Quận Hai Bà Trưng, Thành phố Hà Nội",
                  "address.street_address,address.locality,address.district,address.region");
  /* not disclosed, or not an address */
  assert_address (a, "temporary_address", NULL, "");
  assert_address (b, "current_address", NULL, "");
  assert_address (a, "name", NULL, "");
  assert_address (a, "address.region", NULL, "");
  assert_address (a, "no_such_claim", NULL, "");
  /* the sources are optional */
  {
    g_autofree char *line = vneid_transforms_address (a, "address", NULL);

    ck_assert_pstr_eq (line, "Số 12 phố Hàng Bông, Phường Hoàn Kiếm, Thành phố Hà Nội");
  }
  authority_clear (&authority);
}
END_TEST

START_TEST (test_fill_invalid_and_parts)
{
  static const char mapping[] =
    "{\"form\": \"vn.test.mapping\", \"fields\": {"
    " \"full_name\":  { \"from\": \"place_of_birth\", \"transforms\": [{ \"lookup\": \"country\" }] },"
    " \"birth_date\": { \"from\": \"name\" },"
    " \"birth_iso\":  { \"from\": \"name\", \"transforms\": [{ \"date\": \"yyyy\" }] },"
    " \"sex\":        { \"from\": \"sex\", \"transforms\": [{ \"lookup\": \"sex\" }] },"
    " \"middle\":     { \"from\": \"given_name\", \"transforms\": [{ \"name_part\": \"middle\" }] },"
    " \"family\":     { \"from\": \"given_name\", \"transforms\": [{ \"name_part\": \"family\" }] },"
    " \"given\":      { \"from\": \"given_name\", \"transforms\": [{ \"name_part\": \"given\" }] },"
    " \"ethnicity_code\": { \"constant\": \"Kinh\", \"transforms\": [{ \"lookup\": \"ethnicity\" }] },"
    " \"nationality\": { \"from\": \"ethnicity\", \"transforms\": [{ \"lookup\": \"ethnicity\" }] }"
    "}}";
  Authority authority;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFormSchema) schema = test_schema ();
  g_autoptr(VneidDeclarativeMapper) mapper = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GError) error = NULL;

  authority_init (&authority);
  profile = profile_b (&authority);
  mapper = vneid_declarative_mapper_new_from_json (schema, mapping, NULL, &error);
  vt_assert_no_error (error);
  form = vneid_form_mapper_fill (VNEID_FORM_MAPPER (mapper), profile, &error);
  vt_assert_no_error (error);

  assert_field (form, "full_name", "Tỉnh Hà Giang", VNEID_FIELD_STATUS_INVALID);
  assert_message (form, "full_name", "lookup country");
  assert_sources (form, "full_name", "place_of_birth", VNEID_SOURCE_KIND_POPULATION_DB);
  /* a name in a date field does not parse */
  assert_field (form, "birth_date", "Hoàng Thị Ngọc Ánh", VNEID_FIELD_STATUS_INVALID);
  assert_message (form, "birth_date", "not of the form YYYY");
  assert_field (form, "birth_iso", "Hoàng Thị Ngọc Ánh", VNEID_FIELD_STATUS_INVALID);
  /* "Nữ" is not a code of the enum: the schema check makes it invalid */
  assert_field (form, "sex", "Nữ", VNEID_FIELD_STATUS_INVALID);
  /* a one-word name has only a given part */
  assert_field (form, "given", "Ánh", VNEID_FIELD_STATUS_VERIFIED);
  assert_field (form, "family", NULL, VNEID_FIELD_STATUS_MISSING);
  assert_message (form, "family", "has no such part");
  assert_field (form, "middle", NULL, VNEID_FIELD_STATUS_MISSING);
  assert_field (form, "ethnicity_code", "01", VNEID_FIELD_STATUS_SELF_ASSERTED);
  assert_field (form, "nationality", "02", VNEID_FIELD_STATUS_VERIFIED);

  authority_clear (&authority);
}
END_TEST

START_TEST (test_fill_is_repeatable)
{
  Authority authority;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFormSchema) schema = test_schema ();
  g_autoptr(VneidDeclarativeMapper) mapper = test_mapper (schema);

  authority_init (&authority);
  profile = profile_a (&authority);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidFilledForm) form = vneid_form_mapper_fill (VNEID_FORM_MAPPER (mapper), profile, &error);

      vt_assert_no_error (error);
      assert_field (form, "name_upper", "NGUYỄN VĂN AN", VNEID_FIELD_STATUS_VERIFIED);
    }
  authority_clear (&authority);
}
END_TEST

/* ---- suite -------------------------------------------------------------- */

/* vneid_form_nfc() copies the text it finds in NFC without the
 * normalizer: its answer is the normalizer's for every character of the
 * range it trusts (U+00A0 to U+024F, U+1EA0 to U+1EF9), every pair of them
 * (nothing composes across two of them), each of them beside characters
 * that do compose or reorder, and decomposed Vietnamese. */
static void
assert_nfc_as_glib (const char *text)
{
  g_autofree char *expected = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_autofree char *got = vneid_form_nfc (text);

  ck_assert_msg (g_strcmp0 (got, expected) == 0, "NFC of “%s”: “%s”, GLib gives “%s”",
                 text, got, expected);
}

static gsize
append_char (char     *out,
             gunichar  c)
{
  return (gsize) g_unichar_to_utf8 (c, out);
}

START_TEST (test_nfc_fast_path)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  static const gunichar others[] = {
    0x41, 0x61, 0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31b, 0x323, 0x327, 0x1100, 0x1161,
    0xac00, 0x11a8, 0x2126, 0x212b, 0x340, 0x1e9b, 0x1ef9 + 1, 0x1e9f, 0x3099, 0x0cd5,
  };
  static const char *const texts[] = {
    "", "Nguyễn Văn Đức", "Nguye\xcc\x82\xcc\x83n", "ĐƯỜNG LÊ LỢI, PHƯỜNG BẾN THÀNH",
    "A\xcc\x81", "\xc3\x80\xcc\x81", "\xe1\xbb\xb9\xcc\x81", "\xc3\xa0\xcc\x9b",
    "Phu\xcc\x9bo\xcc\x9b\xcc\x80ng", "\xe2\x84\xa6", "\xc3\x85\xcc\x8a",
  };
  guint pairs = 0;

  for (gunichar c = 0x01; c < 0x80; c++)
    g_array_append_val (chars, c);
  for (gunichar c = 0xa0; c <= 0x24f; c++)
    g_array_append_val (chars, c);
  for (gunichar c = 0x1ea0; c <= 0x1ef9; c++)
    g_array_append_val (chars, c);

  for (guint i = 0; i < chars->len; i++)
    {
      gunichar a = g_array_index (chars, gunichar, i);
      char text[32];
      gsize n = append_char (text, a);

      text[n] = '\0';
      assert_nfc_as_glib (text);
      ck_assert_int_eq (g_unichar_combining_class (a), 0);
      /* a, b0, a, b1, … holds every pair with a, either way round */
      {
        g_autoptr(GString) every_pair = g_string_new (NULL);
        g_autofree char *expected = NULL;

        for (guint j = 0; j < chars->len; j++)
          {
            g_string_append_unichar (every_pair, a);
            g_string_append_unichar (every_pair, g_array_index (chars, gunichar, j));
          }
        expected = g_utf8_normalize (every_pair->str, -1, G_NORMALIZE_NFC);
        /* no pair composes: every character comes out as it went in */
        ck_assert_msg (strcmp (expected, every_pair->str) == 0, "a pair with U+%04X composes", a);
        pairs += chars->len;
      }
      for (guint k = 0; k < G_N_ELEMENTS (others); k++)
        {
          gsize m = n + append_char (text + n, others[k]);
          char reversed[32];
          gsize r = append_char (reversed, others[k]);

          text[m] = '\0';
          assert_nfc_as_glib (text);
          memcpy (reversed + r, text, n);
          reversed[r + n] = '\0';
          assert_nfc_as_glib (reversed);
        }
    }
  ck_assert_uint_eq (pairs, chars->len * chars->len);
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    assert_nfc_as_glib (texts[t]);
}
END_TEST

static Suite *
mapping_suite (void)
{
  Suite *s = suite_create ("mapping");
  TCase *tc;

  tc = tcase_create ("text");
  tcase_add_test (tc, test_upper_all_vowels);
  tcase_add_test (tc, test_lower_all_vowels);
  tcase_add_test (tc, test_fold_all_vowels);
  tcase_add_test (tc, test_case_fold_every_tone);
  tcase_add_test (tc, test_upper_fold_names);
  tcase_add_test (tc, test_name_parts);
  tcase_add_test (tc, test_nfc_fast_path);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tables");
  tcase_add_test (tc, test_lookup_sex);
  tcase_add_test (tc, test_lookup_country);
  tcase_add_loop_test (tc, test_ethnicity_code, 0, 54);
  tcase_add_test (tc, test_ethnicity_variants);
  tcase_add_test (tc, test_transform_apply);
  tcase_add_test (tc, test_transform_parse_errors);
  tcase_add_test (tc, test_transforms_date);
  tcase_add_test (tc, test_transforms_text_bad_utf8);
  tcase_add_test (tc, test_claim_paths);
  suite_add_tcase (s, tc);

  tc = tcase_create ("load");
  tcase_add_test (tc, test_load_errors);
  tcase_add_test (tc, test_load_errors_teach);
  tcase_add_test (tc, test_load_third_party_rules);
  tcase_add_test (tc, test_load_too_large);
  tcase_add_test (tc, test_load_too_deep);
  tcase_add_test (tc, test_load_from_file);
  tcase_add_test (tc, test_load_bundled_plugins);
  suite_add_tcase (s, tc);

  tc = tcase_create ("fill");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_fill_profile_a);
  tcase_add_test (tc, test_fill_profile_b);
  tcase_add_test (tc, test_transforms_address);
  tcase_add_test (tc, test_fill_invalid_and_parts);
  tcase_add_test (tc, test_fill_is_repeatable);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (mapping_suite ());
}
