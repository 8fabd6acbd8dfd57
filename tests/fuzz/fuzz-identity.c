/* fuzz-identity.c: personal ID numbers, BHYT card numbers, ISO dates
 *
 * The input's first line is parsed as a 12-digit personal identification
 * number, a BHYT card number and an ISO 8601 date (complete or partial);
 * what parses is checked against what else parsed (birth date and sex
 * against the ID, the benefit level of the card) and written back. The
 * rest of the input, after the first newline, is a date_format pattern
 * applied to that date and to three fixed dates (complete, month, year).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

static void
format_with (const VneidDate *date,
             const char      *pattern)
{
  g_autofree char *text = vneid_date_format (date, pattern);

  /* Literal text is copied as it is: UTF-8 in, UTF-8 out. */
  if (text == NULL)
    fuzz_die ("vneid_date_format", "gave no text");
  if (g_utf8_validate (pattern, -1, NULL) && !g_utf8_validate (text, -1, NULL))
    fuzz_die ("vneid_date_format", "made text that is not UTF-8 from a UTF-8 pattern");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_text (data, size);
  char *newline = strchr (text, '\n');
  const char *pattern = NULL;
  g_autoptr(GError) id_error = NULL, card_error = NULL, date_error = NULL;
  g_autoptr(VneidPersonalId) id = NULL;
  g_autoptr(VneidBhytNumber) card = NULL;
  g_autoptr(VneidDate) date = NULL;

  if (newline != NULL)
    {
      *newline = '\0';
      pattern = newline + 1;
    }

  id = vneid_personal_id_parse (text, &id_error);
  fuzz_check_result ("vneid_personal_id_parse", id, id_error);
  card = vneid_bhyt_number_parse (text, &card_error);
  fuzz_check_result ("vneid_bhyt_number_parse", card, card_error);
  date = vneid_date_parse (text, &date_error);
  fuzz_check_result ("vneid_date_parse", date, date_error);

  if (id != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidPersonalId) again = vneid_personal_id_parse (vneid_personal_id_get_number (id), &error);

      if (again == NULL)
        fuzz_die ("a parsed ID's number does not parse again", error->message);
      (void) vneid_personal_id_get_province_name (id);
      (void) vneid_personal_id_get_serial (id);
      for (int sex = VNEID_SEX_UNKNOWN; sex <= VNEID_SEX_FEMALE; sex++)
        {
          gboolean ok = vneid_personal_id_check_sex (id, sex, &error);
          fuzz_check_result ("vneid_personal_id_check_sex", ok ? "" : NULL, error);
          g_clear_error (&error);
        }
      if (date != NULL)
        {
          gboolean ok = vneid_personal_id_check_birthdate (id, date, &error);
          fuzz_check_result ("vneid_personal_id_check_birthdate", ok ? "" : NULL, error);
        }
    }

  if (card != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidBhytNumber) again = vneid_bhyt_number_parse (vneid_bhyt_number_get_number (card), &error);

      if (again == NULL)
        fuzz_die ("a parsed card's number does not parse again", error->message);
      (void) vneid_bhyt_number_get_participant_type (card);
      (void) vneid_bhyt_number_get_province_code (card);
      (void) vneid_bhyt_number_get_social_insurance_number (card);
      (void) vneid_bhyt_benefit_percentage (vneid_bhyt_number_get_benefit_level (card));
      for (int level = -1; level <= 6; level++)
        {
          gboolean ok = vneid_bhyt_number_check_benefit_level (card, level, &error);
          fuzz_check_result ("vneid_bhyt_number_check_benefit_level", ok ? "" : NULL, error);
          g_clear_error (&error);
        }
    }

  if (date != NULL)
    {
      g_autofree char *iso = vneid_date_to_string (date);
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidDate) again = vneid_date_parse (iso, &error);

      if (again == NULL)
        fuzz_die ("a parsed date's string does not parse again", error->message);
      if (!vneid_date_equal (date, again))
        fuzz_die ("a parsed date's string parses to another date", iso);
      (void) vneid_date_compare (date, again);
      (void) vneid_date_contains (date, again);
      format_with (date, "dd/MM/yyyy");
    }

  if (pattern != NULL)
    {
      g_autoptr(VneidDate) full = vneid_date_new (1990, 5, 17, NULL);
      g_autoptr(VneidDate) month = vneid_date_new (1990, 5, 0, NULL);
      g_autoptr(VneidDate) year = vneid_date_new (1950, 0, 0, NULL);

      if (full == NULL || month == NULL || year == NULL)
        fuzz_die ("making the fixed dates", NULL);
      format_with (full, pattern);
      format_with (month, pattern);
      format_with (year, pattern);
      if (date != NULL)
        format_with (date, pattern);
    }
  return 0;
}
