/* test-identity.c: Vietnamese identity checks — partial dates, personal ID
 * numbers (every century/sex digit, every province code of the data file),
 * BHYT card numbers, and the contradictions between them
 *
 * The province table compiled into the library is checked against the data
 * file itself, libvneid/identity/data/vn-id-province-codes.tsv, whose path the test
 * environment gives in VNEID_PROVINCE_CODES_TSV.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vneid-claims-private.h"
#include "vneid-test-util.h"

/* ---- the province data file ------------------------------------------- */

typedef struct {
  char *code;
  char *name;
} ProvinceRow;

static GArray *province_rows;      /* of ProvinceRow, in file order */
static GHashTable *province_names; /* code → name, borrowed from the rows */

static void
load_province_rows (void)
{
  const char *path = g_getenv ("VNEID_PROVINCE_CODES_TSV");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      fprintf (stderr, "Bail out! VNEID_PROVINCE_CODES_TSV is not set (run through meson test)\n");
      exit (1);
    }
  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      fprintf (stderr, "Bail out! %s\n", error->message);
      exit (1);
    }

  province_rows = g_array_new (FALSE, FALSE, sizeof (ProvinceRow));
  province_names = g_hash_table_new (g_str_hash, g_str_equal);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++) /* line 0 is the header */
    {
      g_auto(GStrv) fields = NULL;
      ProvinceRow row;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (fields) != 2)
        {
          fprintf (stderr, "Bail out! %s:%u: not two fields\n", path, i + 1);
          exit (1);
        }
      row.code = g_strdup (fields[0]);
      row.name = g_strdup (fields[1]);
      g_array_append_val (province_rows, row);
      g_hash_table_insert (province_names, row.code, row.name);
    }
}

/* ---- helpers ------------------------------------------------------------ */

static VneidDate *
date_ok (const char *iso)
{
  g_autoptr(GError) error = NULL;
  VneidDate *date = vneid_date_parse (iso, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (date);
  return date;
}

static void
assert_date_fails (const char *iso,
                   const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDate) date = vneid_date_parse (iso, &error);

  ck_assert_msg (date == NULL, "date “%s” was accepted", iso);
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE, reason);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
}

static void
assert_date_fields (const VneidDate *date,
                    int              year,
                    int              month,
                    int              day)
{
  ck_assert_int_eq (vneid_date_get_year (date), year);
  ck_assert_int_eq (vneid_date_get_month (date), month);
  ck_assert_int_eq (vneid_date_get_day (date), day);
}

static void
assert_format (const char *iso,
               const char *pattern,
               const char *expected)
{
  g_autoptr(VneidDate) date = date_ok (iso);
  g_autofree char *text = vneid_date_format (date, pattern);

  ck_assert_msg (g_strcmp0 (text, expected) == 0,
                 "format of %s with “%s”: expected “%s”, got “%s”", iso, pattern, expected, text);
}

static VneidPersonalId *
pid_ok (const char *number)
{
  g_autoptr(GError) error = NULL;
  VneidPersonalId *pid = vneid_personal_id_parse (number, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (pid);
  return pid;
}

static void
assert_pid_fails (const char *number,
                  const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidPersonalId) pid = vneid_personal_id_parse (number, &error);

  ck_assert_msg (pid == NULL, "personal ID number “%s” was accepted", number);
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID, reason);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
}

static VneidBhytNumber *
bhyt_ok (const char *number)
{
  g_autoptr(GError) error = NULL;
  VneidBhytNumber *bhyt = vneid_bhyt_number_parse (number, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (bhyt);
  return bhyt;
}

static void
assert_bhyt_fails (const char *number,
                   const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidBhytNumber) bhyt = vneid_bhyt_number_parse (number, &error);

  ck_assert_msg (bhyt == NULL, "BHYT number “%s” was accepted", number);
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER, reason);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
}

/* ---- dates: parsing ------------------------------------------------------ */

START_TEST (test_sex_names)
{
  ck_assert_str_eq (vneid_sex_to_string (VNEID_SEX_MALE), "male");
  ck_assert_str_eq (vneid_sex_to_string (VNEID_SEX_FEMALE), "female");
  ck_assert_str_eq (vneid_sex_to_string (VNEID_SEX_UNKNOWN), "unknown");
  ck_assert_str_eq (vneid_sex_to_string ((VneidSex) 9), "unknown");
}
END_TEST

START_TEST (test_date_year_only)
{
  g_autoptr(VneidDate) date = date_ok ("1950");
  g_autofree char *text = vneid_date_to_string (date);

  assert_date_fields (date, 1950, 0, 0);
  ck_assert (!vneid_date_is_complete (date));
  ck_assert_str_eq (text, "1950");
}
END_TEST

START_TEST (test_date_year_month)
{
  g_autoptr(VneidDate) date = date_ok ("1950-03");
  g_autofree char *text = vneid_date_to_string (date);

  assert_date_fields (date, 1950, 3, 0);
  ck_assert (!vneid_date_is_complete (date));
  ck_assert_str_eq (text, "1950-03");
}
END_TEST

START_TEST (test_date_full)
{
  g_autoptr(VneidDate) date = date_ok ("1990-05-17");
  g_autofree char *text = vneid_date_to_string (date);

  assert_date_fields (date, 1990, 5, 17);
  ck_assert (vneid_date_is_complete (date));
  ck_assert_str_eq (text, "1990-05-17");
}
END_TEST

START_TEST (test_date_calendar_edges)
{
  static const char *const good[] = {
    "0001", "0001-01-01", "9999", "9999-12-31", "2024-02-29", "2000-02-29",
    "1990-01-31", "1990-04-30", "1990-12-31",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(VneidDate) date = date_ok (good[i]);
      g_autofree char *text = vneid_date_to_string (date);

      ck_assert_str_eq (text, good[i]);
    }
}
END_TEST

static const struct {
  const char *iso;
  const char *reason;
} bad_dates[] = {
  { "2023-02-29", "no day 29|february" },
  { "1900-02-29", "no day 29|february" },
  { "1990-04-31", "no day 31|april" },
  { "1990-13-01", "month 13" },
  { "1990-00-10", "month 00" },
  { "1990-05-00", "day 00" },
  { "0000", "year 0" },
  { "0000-01-01", "year 0" },
  { "90", "YYYY" },
  { "1990-5-17", "“1990-5-17”" },
  { "1990-05-17T00:00", "YYYY-MM-DD" },
  { "1990-05-17Z", "YYYY-MM-DD" },
  { "19900517", "YYYY" },
  { "1990/05/17", "YYYY" },
  { "17/05/1990", "YYYY" },
  { "1990-1", "YYYY" },
  { "1990-05-1", "YYYY" },
  { "", "YYYY" },
  { " 1990", "YYYY" },
  { "1990 ", "YYYY" },
  { "+1990", "YYYY" },
  { "-990", "YYYY" },
  { "199O", "YYYY" },
  { "１９９０", "YYYY" },
  { "10000", "YYYY" },
};

START_TEST (test_date_invalid)
{
  assert_date_fails (bad_dates[_i].iso, bad_dates[_i].reason);
}
END_TEST

START_TEST (test_date_untrusted_text_not_echoed)
{
  g_autofree char *long_text = g_strnfill (5000, '7');
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDate) date = NULL;

  assert_date_fails (long_text, "5000-byte");
  assert_date_fails ("\xff\xfe\xfd\xfc", "not valid UTF-8");
  assert_date_fails ("1990\n", "non-printable");

  date = vneid_date_parse (long_text, &error);
  ck_assert_ptr_null (date);
  ck_assert (strstr (error->message, "7777777777") == NULL);
}
END_TEST

START_TEST (test_date_new)
{
  static const struct { int y, m, d; } good[] = {
    { 1950, 0, 0 }, { 1950, 3, 0 }, { 1990, 5, 17 }, { 2024, 2, 29 }, { 1, 1, 1 }, { 9999, 12, 31 },
  };
  static const struct { int y, m, d; const char *reason; } bad[] = {
    { 1990, 0, 10, "without a month" },
    { 1990, 13, 0, "month 13" },
    { 1990, -1, 0, "month -1" },
    { 1990, 5, -1, "day -1" },
    { 1990, 2, 30, "no day 30" },
    { 2023, 2, 29, "no day 29" },
    { 0, 1, 1, "year 0" },
    { 10000, 0, 0, "year 10000" },
    { -5, 0, 0, "year -5" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidDate) date = vneid_date_new (good[i].y, good[i].m, good[i].d, &error);

      vt_assert_no_error (error);
      assert_date_fields (date, good[i].y, good[i].m, good[i].d);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidDate) date = vneid_date_new (bad[i].y, bad[i].m, bad[i].d, &error);

      ck_assert_ptr_null (date);
      vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                       bad[i].reason);
    }
}
END_TEST

START_TEST (test_date_roundtrip_and_copy)
{
  static const char *const dates[] = { "1950", "1950-03", "1990-05-17", "0001", "2024-02-29" };

  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(VneidDate) date = date_ok (dates[i]);
      g_autoptr(VneidDate) copy = vneid_date_copy (date);
      g_autoptr(VneidDate) boxed = g_boxed_copy (VNEID_TYPE_DATE, date);
      g_autofree char *text = vneid_date_to_string (copy);
      g_autoptr(VneidDate) again = date_ok (text);

      ck_assert (copy != date);
      ck_assert (vneid_date_equal (date, copy));
      ck_assert (vneid_date_equal (date, boxed));
      ck_assert (vneid_date_equal (date, again));
      ck_assert_str_eq (text, dates[i]);
    }
}
END_TEST

/* ---- dates: formatting ---------------------------------------------------- */

START_TEST (test_date_format_full)
{
  assert_format ("1990-05-17", "dd/MM/yyyy", "17/05/1990");
  assert_format ("1990-05-17", "yyyy-MM-dd", "1990-05-17");
  assert_format ("1990-05-17", "dd.MM.yyyy", "17.05.1990");
  assert_format ("1990-05-17", "Ngày dd tháng MM năm yyyy", "Ngày 17 tháng 05 năm 1990");
  assert_format ("0005-01-02", "dd/MM/yyyy", "02/01/0005");
  assert_format ("1990-05-17", "MM/yyyy", "05/1990");
  assert_format ("1990-05-17", "yyyyMMdd", "19900517");
  assert_format ("1990-05-17", "", "");
  assert_format ("1990-05-17", "no tokens", "no tokens");
  assert_format ("1990-05-17", "ddd", "17d");
  assert_format ("1990-05-17", "yyy", "yyy");
}
END_TEST

START_TEST (test_date_format_partial)
{
  /* Unknown parts are left out with the literal text between them and
   * their neighbour tokens; text at the ends of the pattern stays. */
  assert_format ("1990-05", "dd/MM/yyyy", "05/1990");
  assert_format ("1950", "dd/MM/yyyy", "1950");
  assert_format ("1990-05", "yyyy-MM-dd", "1990-05");
  assert_format ("1950", "yyyy-MM-dd", "1950");
  assert_format ("1950", "(dd/MM/yyyy)", "(1950)");
  assert_format ("1990-05", "[dd/MM/yyyy]", "[05/1990]");
  assert_format ("1990-05", "MM/yyyy", "05/1990");
  assert_format ("1950", "MM/yyyy", "1950");
  assert_format ("1990-05", "Ngày dd tháng MM năm yyyy", "Ngày 05 năm 1990");
  assert_format ("1950", "Ngày dd tháng MM năm yyyy", "Ngày 1950");
  assert_format ("1950", "dd", "");
  assert_format ("1950", "dd/MM", "");
  assert_format ("1990-05", "dd/MM", "05");
  assert_format ("1950", "yyyy", "1950");
}
END_TEST

/* ---- dates: comparing ----------------------------------------------------- */

START_TEST (test_date_compare)
{
  /* Sorted; the same order as the ISO texts. */
  static const char *const sorted[] = {
    "0001", "1989-12-31", "1990", "1990-01", "1990-01-01", "1990-01-02", "1990-02", "1990-12-31", "1991",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sorted); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (sorted); j++)
      {
        g_autoptr(VneidDate) a = date_ok (sorted[i]);
        g_autoptr(VneidDate) b = date_ok (sorted[j]);
        int expected = (i > j) - (i < j);
        int got = vneid_date_compare (a, b);

        ck_assert_msg ((got > 0) - (got < 0) == expected,
                       "compare (%s, %s) = %d, expected sign %d", sorted[i], sorted[j], got, expected);
        ck_assert_int_eq (strcmp (sorted[i], sorted[j]) < 0, expected < 0);
        ck_assert_int_eq (vneid_date_equal (a, b), i == j);
      }
}
END_TEST

START_TEST (test_date_contains)
{
  static const struct {
    const char *outer, *inner;
    gboolean    contains;
  } cases[] = {
    { "1990", "1990", TRUE },
    { "1990", "1990-05", TRUE },
    { "1990", "1990-05-17", TRUE },
    { "1990-05", "1990-05-17", TRUE },
    { "1990-05", "1990-05", TRUE },
    { "1990-05-17", "1990-05-17", TRUE },
    { "1990-05", "1990", FALSE },
    { "1990-05-17", "1990", FALSE },
    { "1990-05-17", "1990-05", FALSE },
    { "1990", "1991-05-17", FALSE },
    { "1990-05", "1990-06-01", FALSE },
    { "1990-05-17", "1990-05-18", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VneidDate) outer = date_ok (cases[i].outer);
      g_autoptr(VneidDate) inner = date_ok (cases[i].inner);

      ck_assert_msg (vneid_date_contains (outer, inner) == cases[i].contains,
                     "contains (%s, %s) should be %d", cases[i].outer, cases[i].inner,
                     cases[i].contains);
    }
}
END_TEST

/* ---- personal ID numbers --------------------------------------------------- */

START_TEST (test_pid_example)
{
  g_autoptr(VneidPersonalId) pid = pid_ok ("001090012345");
  g_autofree char *number = NULL, *code = NULL, *name = NULL, *serial = NULL;
  VneidSex sex;
  int century, birth_year;

  ck_assert_str_eq (vneid_personal_id_get_number (pid), "001090012345");
  ck_assert_str_eq (vneid_personal_id_get_province_code (pid), "001");
  ck_assert_str_eq (vneid_personal_id_get_province_name (pid), "Hà Nội");
  ck_assert_int_eq (vneid_personal_id_get_sex (pid), VNEID_SEX_MALE);
  ck_assert_int_eq (vneid_personal_id_get_century (pid), 1900);
  ck_assert_int_eq (vneid_personal_id_get_birth_year (pid), 1990);
  ck_assert_str_eq (vneid_personal_id_get_serial (pid), "012345");

  g_object_get (pid, "number", &number, "province-code", &code, "province-name", &name,
                "sex", &sex, "century", &century, "birth-year", &birth_year,
                "serial", &serial, NULL);
  ck_assert_str_eq (number, "001090012345");
  ck_assert_str_eq (code, "001");
  ck_assert_str_eq (name, "Hà Nội");
  ck_assert_int_eq (sex, VNEID_SEX_MALE);
  ck_assert_int_eq (century, 1900);
  ck_assert_int_eq (birth_year, 1990);
  ck_assert_str_eq (serial, "012345");
}
END_TEST

START_TEST (test_pid_sex_type)
{
  GEnumClass *klass = g_type_class_ref (VNEID_TYPE_SEX);

  ck_assert_int_eq (VNEID_SEX_UNKNOWN, 0);
  ck_assert_int_eq (VNEID_SEX_MALE, 1);
  ck_assert_int_eq (VNEID_SEX_FEMALE, 2);
  ck_assert_uint_eq (klass->n_values, 3);
  ck_assert_str_eq (g_enum_get_value (klass, VNEID_SEX_FEMALE)->value_nick, "female");
  g_type_class_unref (klass);
}
END_TEST

/* _i is the century/sex digit, 0 to 9. */
START_TEST (test_pid_century_sex_digit)
{
  static const struct { int century; VneidSex sex; } expected[10] = {
    { 1900, VNEID_SEX_MALE }, { 1900, VNEID_SEX_FEMALE },
    { 2000, VNEID_SEX_MALE }, { 2000, VNEID_SEX_FEMALE },
    { 2100, VNEID_SEX_MALE }, { 2100, VNEID_SEX_FEMALE },
    { 2200, VNEID_SEX_MALE }, { 2200, VNEID_SEX_FEMALE },
    { 2300, VNEID_SEX_MALE }, { 2300, VNEID_SEX_FEMALE },
  };
  static const char *const two_digits[] = { "00", "07", "99" };

  for (gsize y = 0; y < G_N_ELEMENTS (two_digits); y++)
    {
      g_autofree char *number = g_strdup_printf ("079%d%s654321", _i, two_digits[y]);
      g_autoptr(VneidPersonalId) pid = pid_ok (number);
      int year = expected[_i].century + atoi (two_digits[y]);

      ck_assert_int_eq (vneid_personal_id_get_century (pid), expected[_i].century);
      ck_assert_int_eq (vneid_personal_id_get_sex (pid), expected[_i].sex);
      ck_assert_int_eq (vneid_personal_id_get_birth_year (pid), year);
      ck_assert_str_eq (vneid_personal_id_get_province_code (pid), "079");
      ck_assert_str_eq (vneid_personal_id_get_serial (pid), "654321");
    }
}
END_TEST

/* _i indexes the rows of the data file. */
START_TEST (test_pid_every_province_code)
{
  const ProvinceRow *row = &g_array_index (province_rows, ProvinceRow, _i);
  g_autofree char *number = g_strconcat (row->code, "190000001", NULL);
  g_autoptr(VneidPersonalId) pid = pid_ok (number);

  ck_assert_str_eq (vneid_personal_id_get_province_code (pid), row->code);
  ck_assert_str_eq (vneid_personal_id_get_province_name (pid), row->name);
}
END_TEST

/* _i is a three-digit code, 0 to 999: accepted exactly when it is in the
 * data file, so the compiled-in table has no code the file lacks. */
START_TEST (test_pid_province_code_sweep)
{
  g_autofree char *code = g_strdup_printf ("%03d", _i);
  g_autofree char *number = g_strconcat (code, "090012345", NULL);
  g_autofree char *quoted = g_strdup_printf ("“%s”", code);
  const char *name = g_hash_table_lookup (province_names, code);

  if (name != NULL)
    {
      g_autoptr(VneidPersonalId) pid = pid_ok (number);

      ck_assert_str_eq (vneid_personal_id_get_province_name (pid), name);
    }
  else
    {
      assert_pid_fails (number, "unknown province code");
      assert_pid_fails (number, quoted);
    }
}
END_TEST

START_TEST (test_pid_province_file_shape)
{
  /* The 63 provinces and cities before 2025-07-01. */
  ck_assert_uint_eq (province_rows->len, 63);
  ck_assert_uint_eq (g_hash_table_size (province_names), province_rows->len);
}
END_TEST

START_TEST (test_pid_wrong_length)
{
  g_autofree char *long_number = g_strnfill (4096, '1');

  assert_pid_fails ("", "12 characters long, not 0");
  assert_pid_fails ("00109001234", "12 characters long, not 11");
  assert_pid_fails ("0010900123456", "12 characters long, not 13");
  assert_pid_fails ("001 090 012 345", "12 characters long, not 15");
  assert_pid_fails ("001090012345\n", "not 13");
  assert_pid_fails (long_number, "not 4096 bytes");
}
END_TEST

START_TEST (test_pid_non_digits)
{
  assert_pid_fails ("A01090012345", "character 1 (“A”)");
  assert_pid_fails ("00109001234A", "character 12 (“A”)");
  assert_pid_fails ("001-09001234", "character 4 (“-”)");
  assert_pid_fails ("001 09001234", "character 4 (“ ”)");
  assert_pid_fails ("00109001234５", "character 12 (“５”)");
  assert_pid_fails ("0010900+2345", "character 8");
  assert_pid_fails ("00109001234\t", "character 12 (U+0009)");
  assert_pid_fails ("0010900123\xff\xfe", "not valid UTF-8");
}
END_TEST

START_TEST (test_pid_unknown_province)
{
  assert_pid_fails ("000090012345", "unknown province code “000”");
  assert_pid_fails ("003090012345", "unknown province code “003”");
  assert_pid_fails ("097090012345", "unknown province code “097”");
  assert_pid_fails ("999090012345", "unknown province code “999”");
}
END_TEST

START_TEST (test_pid_birthdate)
{
  g_autoptr(VneidPersonalId) pid = pid_ok ("001090012345");
  g_autoptr(VneidPersonalId) pid_2005 = pid_ok ("079305000001");
  static const char *const agreeing[] = { "1990", "1990-05", "1990-05-17", "1990-12-31" };
  static const char *const contradicting[] = { "1991", "1989-12-31", "2090-05-17", "1890" };

  for (gsize i = 0; i < G_N_ELEMENTS (agreeing); i++)
    {
      g_autoptr(VneidDate) date = date_ok (agreeing[i]);
      g_autoptr(GError) error = NULL;

      ck_assert (vneid_personal_id_check_birthdate (pid, date, &error));
      vt_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (contradicting); i++)
    {
      g_autoptr(VneidDate) date = date_ok (contradicting[i]);
      g_autoptr(GError) error = NULL;

      ck_assert (!vneid_personal_id_check_birthdate (pid, date, &error));
      vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "1990");
      vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, contradicting[i]);
      ck_assert (strstr (error->message, "001090012345") == NULL);
    }

  {
    g_autoptr(VneidDate) date = date_ok ("2005-01-01");
    g_autoptr(VneidDate) wrong_century = date_ok ("1905-01-01");
    g_autoptr(GError) error = NULL;

    ck_assert (vneid_personal_id_check_birthdate (pid_2005, date, NULL));
    ck_assert (!vneid_personal_id_check_birthdate (pid_2005, wrong_century, &error));
    vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "2005");
  }
}
END_TEST

START_TEST (test_pid_sex)
{
  g_autoptr(VneidPersonalId) man = pid_ok ("001090012345");
  g_autoptr(VneidPersonalId) woman = pid_ok ("001190012345");
  g_autoptr(GError) error = NULL;

  ck_assert (vneid_personal_id_check_sex (man, VNEID_SEX_MALE, NULL));
  ck_assert (vneid_personal_id_check_sex (woman, VNEID_SEX_FEMALE, NULL));
  ck_assert (vneid_personal_id_check_sex (man, VNEID_SEX_UNKNOWN, NULL));
  ck_assert (vneid_personal_id_check_sex (woman, VNEID_SEX_UNKNOWN, NULL));

  ck_assert (!vneid_personal_id_check_sex (man, VNEID_SEX_FEMALE, &error));
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "2 (female)");
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "1 (male)");
  ck_assert (strstr (error->message, "001090012345") == NULL);
  g_clear_error (&error);

  ck_assert (!vneid_personal_id_check_sex (woman, VNEID_SEX_MALE, &error));
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "1 (male)");
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "2 (female)");
  g_clear_error (&error);

  /* Not an ISO 5218 code this library knows, as an untrusted claim could be. */
  ck_assert (!vneid_personal_id_check_sex (man, (VneidSex) 9, &error));
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "sex 9");
}
END_TEST

/* ---- BHYT numbers ----------------------------------------------------------- */

START_TEST (test_bhyt_example)
{
  g_autoptr(VneidBhytNumber) bhyt = bhyt_ok ("DN4010123456789");
  g_autofree char *number = NULL, *type = NULL, *province = NULL, *sin = NULL;
  int level;

  ck_assert_str_eq (vneid_bhyt_number_get_number (bhyt), "DN4010123456789");
  ck_assert_str_eq (vneid_bhyt_number_get_participant_type (bhyt), "DN");
  ck_assert_int_eq (vneid_bhyt_number_get_benefit_level (bhyt), 4);
  ck_assert_str_eq (vneid_bhyt_number_get_province_code (bhyt), "01");
  ck_assert_str_eq (vneid_bhyt_number_get_social_insurance_number (bhyt), "0123456789");

  g_object_get (bhyt, "number", &number, "participant-type", &type, "benefit-level", &level,
                "province-code", &province, "social-insurance-number", &sin, NULL);
  ck_assert_str_eq (number, "DN4010123456789");
  ck_assert_str_eq (type, "DN");
  ck_assert_int_eq (level, 4);
  ck_assert_str_eq (province, "01");
  ck_assert_str_eq (sin, "0123456789");
}
END_TEST

START_TEST (test_bhyt_shapes)
{
  static const char *const good[] = {
    "TE1790123456789", "CK2010000000000", "HT3990000000001", "HS4480123456789",
    "CA5010123456789", "ZZ4010123456789", /* unknown types are not rejected */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(VneidBhytNumber) bhyt = bhyt_ok (good[i]);

      ck_assert_int_eq (vneid_bhyt_number_get_benefit_level (bhyt), good[i][2] - '0');
    }
}
END_TEST

START_TEST (test_bhyt_wrong_length)
{
  g_autofree char *long_number = g_strnfill (1000, 'D');

  assert_bhyt_fails ("", "15 characters long, not 0");
  assert_bhyt_fails ("DN401012345678", "15 characters long, not 14");
  assert_bhyt_fails ("DN40101234567890", "15 characters long, not 16");
  assert_bhyt_fails ("DN4 01 0123456789", "not 17");
  assert_bhyt_fails (long_number, "not 1000 bytes");
}
END_TEST

START_TEST (test_bhyt_bad_characters)
{
  assert_bhyt_fails ("dn4010123456789", "character 1 (“d”) is not an upper-case letter");
  assert_bhyt_fails ("Dn4010123456789", "character 2 (“n”) is not an upper-case letter");
  assert_bhyt_fails ("D14010123456789", "character 2 (“1”)");
  assert_bhyt_fails ("ĐN4010123456789", "character 1 (“Đ”)");
  assert_bhyt_fails ("DN0010123456789", "character 3 (“0”) is not a benefit level 1–5");
  assert_bhyt_fails ("DN6010123456789", "character 3 (“6”) is not a benefit level 1–5");
  assert_bhyt_fails ("DN9010123456789", "character 3 (“9”)");
  assert_bhyt_fails ("DNX010123456789", "character 3 (“X”)");
  assert_bhyt_fails ("DN4A10123456789", "character 4 (“A”) is not a digit");
  assert_bhyt_fails ("DN40101234567B9", "character 14 (“B”) is not a digit");
  assert_bhyt_fails ("DN401012345678 ", "character 15 (“ ”)");
  assert_bhyt_fails ("DN40101234567８9", "character 14 (“８”)");
  assert_bhyt_fails ("DN40101234567\x01" "9", "character 14 (U+0001)");
  assert_bhyt_fails ("DN4010123456\xff\xff\xff", "not valid UTF-8");
}
END_TEST

START_TEST (test_bhyt_province_zero)
{
  assert_bhyt_fails ("DN4000123456789", "province code “00”");
}
END_TEST

START_TEST (test_bhyt_benefit_level_check)
{
  g_autoptr(VneidBhytNumber) bhyt = bhyt_ok ("DN4010123456789");
  static const int out_of_range[] = { 0, 6, -1, 40 };
  g_autoptr(GError) error = NULL;

  ck_assert (vneid_bhyt_number_check_benefit_level (bhyt, 4, &error));
  vt_assert_no_error (error);

  ck_assert (!vneid_bhyt_number_check_benefit_level (bhyt, 3, &error));
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "benefit level 3");
  vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "gives 4");
  ck_assert (strstr (error->message, "0123456789") == NULL);
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (out_of_range); i++)
    {
      g_autofree char *reason = g_strdup_printf ("benefit level %d is not between 1 and 5",
                                                 out_of_range[i]);

      ck_assert (!vneid_bhyt_number_check_benefit_level (bhyt, out_of_range[i], &error));
      vt_assert_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, reason);
      g_clear_error (&error);
    }
}
END_TEST

START_TEST (test_bhyt_benefit_percentage)
{
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (1), 100);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (2), 100);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (3), 95);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (4), 80);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (5), 100);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (0), -1);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (6), -1);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (-1), -1);
  ck_assert_int_eq (vneid_bhyt_benefit_percentage (G_MININT), -1);
}
END_TEST

START_TEST (test_error_domain)
{
  ck_assert_str_eq (g_quark_to_string (VNEID_IDENTITY_ERROR), "vneid-identity-error-quark");
  ck_assert (G_TYPE_IS_ENUM (VNEID_TYPE_IDENTITY_ERROR));
}
END_TEST

/* ---- the claim registry ------------------------------------------------- */

static void
assert_strv (const char *const *actual,
             const char *const *expected)
{
  g_autofree char *a = g_strjoinv (", ", (char **) actual);
  g_autofree char *e = g_strjoinv (", ", (char **) expected);

  ck_assert_msg (g_strv_equal (actual, expected), "[%s], expected [%s]", a, e);
}

/* The public constants are the credential types of docs/claims.md. */
START_TEST (test_registry_vct_constants)
{
  static const char *const expected[] = {
    "urn:vn:vneid:pid:1", "urn:vn:vneid:cccd:1", "urn:vn:vneid:contact:1", "urn:vn:bhyt:card:1", NULL,
  };
  const char *const constants[] = { VNEID_VCT_PID, VNEID_VCT_CCCD, VNEID_VCT_CONTACT, VNEID_VCT_BHYT, NULL };

  assert_strv (constants, expected);
  assert_strv (vneid_claims_list_vcts (), expected);
}
END_TEST

START_TEST (test_registry_source_kinds)
{
  static const struct { const char *vct; VneidSourceKind kind; } cases[] = {
    { VNEID_VCT_PID, VNEID_SOURCE_KIND_POPULATION_DB },
    { VNEID_VCT_CCCD, VNEID_SOURCE_KIND_CCCD_CHIP },
    { VNEID_VCT_CONTACT, VNEID_SOURCE_KIND_SELF_ASSERTED },
    { VNEID_VCT_BHYT, VNEID_SOURCE_KIND_BHYT_DB },
  };
  VneidSourceKind kind = VNEID_SOURCE_KIND_POPULATION_DB;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ck_assert (vneid_claims_get_source_kind (cases[i].vct, &kind));
      ck_assert_int_eq (kind, cases[i].kind);
      ck_assert (vneid_claims_get_source_kind (cases[i].vct, NULL));
    }
  kind = VNEID_SOURCE_KIND_BHYT_DB;
  ck_assert (!vneid_claims_get_source_kind ("urn:vn:vneid:pid:2", &kind));
  ck_assert_int_eq (kind, VNEID_SOURCE_KIND_BHYT_DB);
  ck_assert (!vneid_claims_get_source_kind ("", NULL));
}
END_TEST

START_TEST (test_registry_vcts_for_path)
{
  static const char *const identity[] = { VNEID_VCT_PID, VNEID_VCT_CCCD, VNEID_VCT_BHYT, NULL };
  static const char *const address[] = { VNEID_VCT_PID, VNEID_VCT_CCCD, NULL };
  static const char *const pid_only[] = { VNEID_VCT_PID, NULL };
  static const char *const contact[] = { VNEID_VCT_CONTACT, NULL };
  static const char *const bhyt[] = { VNEID_VCT_BHYT, NULL };
  static const char *const none[] = { NULL };
  static const struct { const char *path; const char *const *vcts; } cases[] = {
    { "personal_administrative_number", identity },
    { "birthdate", identity },
    { "address", address },
    { "address.region", address },
    { "current_address.locality", pid_only },
    { "household.head_name", pid_only },
    { "email", contact },
    { "registered_facility.code", bhyt },
    { "valid_until", bhyt },
    { "address.postcode", none },
    { "nope", none },
    { "", none },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) vcts = vneid_claims_list_vcts_for_path (cases[i].path);

      ck_assert_ptr_nonnull (vcts);
      assert_strv ((const char *const *) vcts, cases[i].vcts);
      ck_assert_int_eq (vneid_claims_is_known_path (cases[i].path), cases[i].vcts[0] != NULL);
    }
}
END_TEST

/* Best first: the credential a profile keeps a claim from. */
START_TEST (test_registry_suppliers)
{
  static const char *const card[] = { VNEID_VCT_CCCD, VNEID_VCT_PID, VNEID_VCT_BHYT, NULL };
  static const char *const printed[] = { VNEID_VCT_CCCD, VNEID_VCT_PID, NULL };
  static const char *const address[] = { VNEID_VCT_PID, VNEID_VCT_CCCD, NULL };
  static const char *const pid_only[] = { VNEID_VCT_PID, NULL };
  static const char *const cccd_only[] = { VNEID_VCT_CCCD, NULL };
  static const char *const contact[] = { VNEID_VCT_CONTACT, NULL };
  static const char *const bhyt[] = { VNEID_VCT_BHYT, NULL };
  static const char *const none[] = { NULL };
  static const struct { const char *path; const char *const *vcts; } cases[] = {
    { "personal_administrative_number", card },
    { "name", card },
    { "birthdate", card },
    { "sex", card },
    { "nationalities", printed },
    { "place_of_origin", printed },
    { "place_of_origin.region", printed },
    /* the population database follows a move: the PID first */
    { "address", address },
    { "address.locality", address },
    { "current_address", pid_only },
    /* not printed on the card */
    { "family_name", pid_only },
    { "given_name", pid_only },
    { "ethnicity", pid_only },
    { "religion", pid_only },
    { "place_of_birth", pid_only },
    { "household.head_name", pid_only },
    { "vneid_level", pid_only },
    { "date_of_expiry", cccd_only },
    { "phone_number", contact },
    { "registered_facility.code", bhyt },
    { "address.postcode", none },
    { "nope", none },
    { "", none },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) vcts = vneid_claims_list_suppliers (cases[i].path);
      g_auto(GStrv) carriers = vneid_claims_list_vcts_for_path (cases[i].path);

      ck_assert_ptr_nonnull (vcts);
      assert_strv ((const char *const *) vcts, cases[i].vcts);
      /* the same types as vneid_claims_list_vcts_for_path(), in another order */
      ck_assert_uint_eq (g_strv_length (vcts), g_strv_length (carriers));
      for (char **v = vcts; *v != NULL; v++)
        ck_assert (g_strv_contains ((const char *const *) carriers, *v));
    }
}
END_TEST

START_TEST (test_registry_paths)
{
  const char *const *paths = vneid_claims_list_paths ();
  guint n = g_strv_length ((char **) paths);

  /* 32 claims, 6 members in each of 5 address and place claims, 3 of the
   * household, 2 of the registered facility */
  ck_assert_uint_eq (n, 32 + 5 * 6 + 3 + 2);
  ck_assert_str_eq (paths[0], "personal_administrative_number");
  ck_assert_str_eq (paths[n - 1], "five_year_continuous_from");
  ck_assert (g_strv_contains (paths, "address.region"));
  ck_assert (g_strv_contains (paths, "household.head_personal_administrative_number"));
  ck_assert (!g_strv_contains (paths, "household.x"));
  for (guint i = 0; i < n; i++)
    ck_assert_msg (vneid_claims_is_known_path (paths[i]), "%s", paths[i]);
  ck_assert_ptr_eq (paths, vneid_claims_list_paths ());
}
END_TEST

START_TEST (test_registry_dates)
{
  static const char *const dates[] = {
    "birthdate", "date_of_issuance", "date_of_expiry", "valid_from", "valid_until",
    "five_year_continuous_from", NULL,
  };

  assert_strv (vneid_claim_list_dates (), dates);
  for (const char *const *d = dates; *d != NULL; d++)
    ck_assert_msg (vneid_claims_is_date (*d), "%s", *d);
  ck_assert (!vneid_claims_is_date ("name"));
  ck_assert (!vneid_claims_is_date ("address.region"));
  ck_assert (!vneid_claims_is_date ("birthdate.year"));
  ck_assert (!vneid_claims_is_date ("date_of_birth"));
}
END_TEST

/* The address claims, in the order of VneidAddressKind; the merge's ranks
 * (the rule in VneidProfile's documentation). */
START_TEST (test_registry_addresses_and_ranks)
{
  const VneidCredentialType *pid = vneid_credential_type_lookup (VNEID_VCT_PID);
  const VneidCredentialType *cccd = vneid_credential_type_lookup (VNEID_VCT_CCCD);
  const VneidCredentialType *bhyt = vneid_credential_type_lookup (VNEID_VCT_BHYT);
  const VneidCredentialType *contact = vneid_credential_type_lookup (VNEID_VCT_CONTACT);

  ck_assert_str_eq (vneid_claim_address_name (VNEID_ADDRESS_PERMANENT), "address");
  ck_assert_str_eq (vneid_claim_address_name (VNEID_ADDRESS_TEMPORARY), "temporary_address");
  ck_assert_str_eq (vneid_claim_address_name (VNEID_ADDRESS_CURRENT), "current_address");
  ck_assert_int_eq (vneid_claim_lookup ("place_of_birth", NULL)->kind, VNEID_CLAIM_PLACE);

  ck_assert_ptr_null (vneid_credential_type_lookup ("urn:example:other"));
  ck_assert_int_gt (cccd->rank, pid->rank);
  ck_assert_int_gt (pid->rank, bhyt->rank);
  ck_assert_int_gt (bhyt->rank, contact->rank);
  ck_assert_int_gt (pid->address_rank, cccd->address_rank);
}
END_TEST

/* Profiles list attributes in the registry's order, members in theirs. */
START_TEST (test_registry_order)
{
  ck_assert_uint_eq (vneid_claim_rank ("personal_administrative_number", 30), 0);
  ck_assert_uint_lt (vneid_claim_rank ("sex", 3), vneid_claim_rank ("address", 7));
  ck_assert_uint_lt (vneid_claim_rank ("email", 5), vneid_claim_rank ("bhyt_number", 11));
  /* only @len bytes count; a prefix of a claim, or a claim as a prefix, is unknown */
  ck_assert_uint_eq (vneid_claim_rank ("address.region", 7), vneid_claim_rank ("address", 7));
  ck_assert_uint_eq (vneid_claim_rank ("addressXYZ", 10), 32);
  ck_assert_uint_eq (vneid_claim_rank ("nam", 3), 32);
  ck_assert_uint_eq (vneid_claim_rank ("unknown", 7), 32);

  ck_assert_uint_eq (vneid_claim_member_rank ("formatted", 9), 0);
  ck_assert_uint_lt (vneid_claim_member_rank ("district", 8), vneid_claim_member_rank ("region", 6));
  ck_assert_uint_lt (vneid_claim_member_rank ("region", 6), vneid_claim_member_rank ("head_name", 9));
  ck_assert_uint_lt (vneid_claim_member_rank ("code", 4), vneid_claim_member_rank ("name", 4));
  ck_assert_uint_eq (vneid_claim_member_rank ("zzz", 3), 11);
}
END_TEST

static Suite *
identity_suite (void)
{
  Suite *s = suite_create ("identity");
  TCase *tc;

  tc = tcase_create ("date");
  tcase_add_test (tc, test_sex_names);
  tcase_add_test (tc, test_date_year_only);
  tcase_add_test (tc, test_date_year_month);
  tcase_add_test (tc, test_date_full);
  tcase_add_test (tc, test_date_calendar_edges);
  tcase_add_loop_test (tc, test_date_invalid, 0, G_N_ELEMENTS (bad_dates));
  tcase_add_test (tc, test_date_untrusted_text_not_echoed);
  tcase_add_test (tc, test_date_new);
  tcase_add_test (tc, test_date_roundtrip_and_copy);
  tcase_add_test (tc, test_date_format_full);
  tcase_add_test (tc, test_date_format_partial);
  tcase_add_test (tc, test_date_compare);
  tcase_add_test (tc, test_date_contains);
  suite_add_tcase (s, tc);

  tc = tcase_create ("personal-id");
  tcase_add_test (tc, test_pid_example);
  tcase_add_test (tc, test_pid_sex_type);
  tcase_add_loop_test (tc, test_pid_century_sex_digit, 0, 10);
  tcase_add_test (tc, test_pid_province_file_shape);
  tcase_add_loop_test (tc, test_pid_every_province_code, 0, (int) province_rows->len);
  tcase_add_loop_test (tc, test_pid_province_code_sweep, 0, 1000);
  tcase_add_test (tc, test_pid_wrong_length);
  tcase_add_test (tc, test_pid_non_digits);
  tcase_add_test (tc, test_pid_unknown_province);
  tcase_add_test (tc, test_pid_birthdate);
  tcase_add_test (tc, test_pid_sex);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bhyt");
  tcase_add_test (tc, test_bhyt_example);
  tcase_add_test (tc, test_bhyt_shapes);
  tcase_add_test (tc, test_bhyt_wrong_length);
  tcase_add_test (tc, test_bhyt_bad_characters);
  tcase_add_test (tc, test_bhyt_province_zero);
  tcase_add_test (tc, test_bhyt_benefit_level_check);
  tcase_add_test (tc, test_bhyt_benefit_percentage);
  tcase_add_test (tc, test_error_domain);
  suite_add_tcase (s, tc);

  tc = tcase_create ("registry");
  tcase_add_test (tc, test_registry_vct_constants);
  tcase_add_test (tc, test_registry_source_kinds);
  tcase_add_test (tc, test_registry_vcts_for_path);
  tcase_add_test (tc, test_registry_suppliers);
  tcase_add_test (tc, test_registry_paths);
  tcase_add_test (tc, test_registry_dates);
  tcase_add_test (tc, test_registry_addresses_and_ranks);
  tcase_add_test (tc, test_registry_order);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  load_province_rows ();
  return vt_run_suite (identity_suite ());
}
