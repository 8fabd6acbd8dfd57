/* vneid-personal-id.c: the 12-digit Vietnamese personal identification number
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vneid-personal-id.h"
#include "vneid-enums.h"
#include "vneid-error.h"
#include "vneid-identity-private.h"
/* Generated at build time from data/vn-id-province-codes.tsv. */
#include "vneid-province-table.h"

/**
 * VneidPersonalId:
 *
 * A personal identification number (số định danh cá nhân), the 12 digits
 * that name a Vietnamese citizen in the National Population Database, on
 * the chip citizen ID card and as the VNeID account's user name.
 *
 * The digits read, from the left:
 *
 * - 3 digits: the code of the province or city where the birth was
 *   registered, from the table of the 63 provinces as they were before
 *   they merged on 2025-07-01;
 * - 1 digit: the century of birth and the sex, 0 and 1 for men and women
 *   born in the 1900s, 2 and 3 in the 2000s, 4 and 5 in the 2100s, 6 and 7
 *   in the 2200s, 8 and 9 in the 2300s;
 * - 2 digits: the year of birth within that century;
 * - 6 digits: a serial number.
 *
 * There is no check digit, so a well-formed number may still be one that
 * was never issued: parsing proves the shape and the province code only.
 * What the digits encode can be checked against the `birthdate` and `sex`
 * claims with vneid_personal_id_check_birthdate() and
 * vneid_personal_id_check_sex().
 *
 * Objects are immutable. Error messages name the offending character or
 * digits, never the whole number.
 *
 * Since: 0.1
 */
struct _VneidPersonalId
{
  GObject parent_instance;

  char        number[13];
  char        province_code[4];
  const char *province_name; /* static, from the generated table */
  char        serial[7];
  VneidSex    sex;
  int         century;
  int         birth_year;
};

G_DEFINE_FINAL_TYPE (VneidPersonalId, vneid_personal_id, G_TYPE_OBJECT)

#define WHAT "personal ID number"
#define N_DIGITS 12

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_PROVINCE_CODE,
  PROP_PROVINCE_NAME,
  PROP_SEX,
  PROP_CENTURY,
  PROP_BIRTH_YEAR,
  PROP_SERIAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vneid_personal_id_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VneidPersonalId *self = VNEID_PERSONAL_ID (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_PROVINCE_CODE:
      g_value_set_string (value, self->province_code);
      break;
    case PROP_PROVINCE_NAME:
      g_value_set_string (value, self->province_name);
      break;
    case PROP_SEX:
      g_value_set_enum (value, self->sex);
      break;
    case PROP_CENTURY:
      g_value_set_int (value, self->century);
      break;
    case PROP_BIRTH_YEAR:
      g_value_set_int (value, self->birth_year);
      break;
    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
int_property (const char *name)
{
  return g_param_spec_int (name, NULL, NULL, 0, G_MAXINT, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
vneid_personal_id_class_init (VneidPersonalIdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vneid_personal_id_get_property;

  /**
   * VneidPersonalId:number:
   *
   * The 12 digits of the number.
   *
   * Since: 0.1
   */
  properties[PROP_NUMBER] = string_property ("number");

  /**
   * VneidPersonalId:province-code:
   *
   * The first three digits: the code of the province where the birth was
   * registered.
   *
   * Since: 0.1
   */
  properties[PROP_PROVINCE_CODE] = string_property ("province-code");

  /**
   * VneidPersonalId:province-name:
   *
   * The name of that province as it was before 2025-07-01.
   *
   * Since: 0.1
   */
  properties[PROP_PROVINCE_NAME] = string_property ("province-name");

  /**
   * VneidPersonalId:sex:
   *
   * The sex the fourth digit encodes: male or female, never unknown.
   *
   * Since: 0.1
   */
  properties[PROP_SEX] =
    g_param_spec_enum ("sex", NULL, NULL, VNEID_TYPE_SEX, VNEID_SEX_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VneidPersonalId:century:
   *
   * The first year of the century of birth the fourth digit encodes: 1900,
   * 2000, 2100, 2200 or 2300.
   *
   * Since: 0.1
   */
  properties[PROP_CENTURY] = int_property ("century");

  /**
   * VneidPersonalId:birth-year:
   *
   * The full year of birth: the century plus the fifth and sixth digits.
   *
   * Since: 0.1
   */
  properties[PROP_BIRTH_YEAR] = int_property ("birth-year");

  /**
   * VneidPersonalId:serial:
   *
   * The last six digits.
   *
   * Since: 0.1
   */
  properties[PROP_SERIAL] = string_property ("serial");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vneid_personal_id_init (VneidPersonalId *self)
{
}

/* ---- parsing ----------------------------------------------------------- */

static int
compare_province_code (const void *key,
                       const void *entry)
{
  return strcmp (key, ((const VneidProvinceEntry *) entry)->code);
}

static const char *
lookup_province_name (const char *code)
{
  const VneidProvinceEntry *entry =
    bsearch (code, vneid_province_table, G_N_ELEMENTS (vneid_province_table),
             sizeof vneid_province_table[0], compare_province_code);

  return entry != NULL ? entry->name : NULL;
}

/* @number has passed vneid_identity_check_length(). */
static gboolean
check_all_digits (const char  *number,
                  GError     **error)
{
  glong pos = 0;

  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p), pos++)
    if (!g_ascii_isdigit (*p))
      {
        vneid_identity_set_bad_char (error, VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID,
                                     WHAT, number, pos, "a digit 0–9");
        return FALSE;
      }
  return TRUE;
}

static VneidSex
sex_of_digit (int digit)
{
  return digit % 2 == 0 ? VNEID_SEX_MALE : VNEID_SEX_FEMALE;
}

static int
century_of_digit (int digit)
{
  return 1900 + 100 * (digit / 2);
}

/**
 * vneid_personal_id_parse:
 * @number: the 12 digits, without spaces or other separators
 * @error: return location for a #GError
 *
 * Parses and checks a personal identification number: it must be exactly
 * 12 ASCII digits whose first three are a known province code. The error
 * says what is wrong and where: the length, the first character that is
 * not a digit (counted from 1), or the unknown province code.
 *
 * Returns: (transfer full): the number, or %NULL with
 *   %VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID
 *
 * Since: 0.1
 */
VneidPersonalId *
vneid_personal_id_parse (const char  *number,
                         GError     **error)
{
  VneidPersonalId *self;
  const char *province_name;
  char code[4];
  int digit;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vneid_identity_check_length (number, N_DIGITS, WHAT,
                                    VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID, error) ||
      !check_all_digits (number, error))
    return NULL;

  g_strlcpy (code, number, sizeof code);
  province_name = lookup_province_name (code);
  if (province_name == NULL)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID,
                   WHAT ": unknown province code “%s” (digits 1–3)", code);
      return NULL;
    }

  self = g_object_new (VNEID_TYPE_PERSONAL_ID, NULL);
  memcpy (self->number, number, N_DIGITS + 1);
  memcpy (self->province_code, code, sizeof code);
  self->province_name = province_name;
  digit = number[3] - '0';
  self->sex = sex_of_digit (digit);
  self->century = century_of_digit (digit);
  self->birth_year = self->century + (number[4] - '0') * 10 + (number[5] - '0');
  memcpy (self->serial, number + 6, sizeof self->serial);
  return self;
}

/* ---- accessors --------------------------------------------------------- */

/**
 * vneid_personal_id_get_number:
 * @self: a personal ID number
 *
 * Gets the number as its 12 digits.
 *
 * Returns: (transfer none): the 12 digits
 *
 * Since: 0.1
 */
const char *
vneid_personal_id_get_number (VneidPersonalId *self)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), NULL);

  return self->number;
}

/**
 * vneid_personal_id_get_province_code:
 * @self: a personal ID number
 *
 * Gets the first three digits, the code of the province or city where the
 * birth was registered, such as `001` for Hà Nội.
 *
 * Returns: (transfer none): the three-digit province code
 *
 * Since: 0.1
 */
const char *
vneid_personal_id_get_province_code (VneidPersonalId *self)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), NULL);

  return self->province_code;
}

/**
 * vneid_personal_id_get_province_name:
 * @self: a personal ID number
 *
 * Gets the name of the province or city of the province code, as it was
 * before the provinces merged on 2025-07-01, in Vietnamese, such as
 * `Hà Nội`. It names where the birth was registered, which need not be
 * where the person lives, and the province may since have merged into
 * another.
 *
 * Returns: (transfer none): the province name
 *
 * Since: 0.1
 */
const char *
vneid_personal_id_get_province_name (VneidPersonalId *self)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), NULL);

  return self->province_name;
}

/**
 * vneid_personal_id_get_sex:
 * @self: a personal ID number
 *
 * Gets the sex the fourth digit encodes: even digits are men, odd digits
 * women.
 *
 * Returns: %VNEID_SEX_MALE or %VNEID_SEX_FEMALE
 *
 * Since: 0.1
 */
VneidSex
vneid_personal_id_get_sex (VneidPersonalId *self)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), VNEID_SEX_UNKNOWN);

  return self->sex;
}

/**
 * vneid_personal_id_get_century:
 * @self: a personal ID number
 *
 * Gets the century of birth the fourth digit encodes, as its first year:
 * digits 0 and 1 give 1900, 2 and 3 give 2000, and so on up to 2300.
 *
 * Returns: 1900, 2000, 2100, 2200 or 2300
 *
 * Since: 0.1
 */
int
vneid_personal_id_get_century (VneidPersonalId *self)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), 0);

  return self->century;
}

/**
 * vneid_personal_id_get_birth_year:
 * @self: a personal ID number
 *
 * Gets the full year of birth: the century plus the fifth and sixth
 * digits, such as 1990 for `…090…`.
 *
 * Returns: the year of birth
 *
 * Since: 0.1
 */
int
vneid_personal_id_get_birth_year (VneidPersonalId *self)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), 0);

  return self->birth_year;
}

/**
 * vneid_personal_id_get_serial:
 * @self: a personal ID number
 *
 * Gets the last six digits, a serial number with no further structure.
 *
 * Returns: (transfer none): the six digits
 *
 * Since: 0.1
 */
const char *
vneid_personal_id_get_serial (VneidPersonalId *self)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), NULL);

  return self->serial;
}

/* ---- consistency ------------------------------------------------------- */

/**
 * vneid_personal_id_check_birthdate:
 * @self: a personal ID number
 * @birthdate: the date of birth claimed for the same person, possibly
 *   known to the year only
 * @error: return location for a #GError
 *
 * Checks that the year of @birthdate is the year of birth the number
 * encodes. Only the year can be checked: the number says nothing about
 * the month or day.
 *
 * Returns: %TRUE when they agree; %FALSE with
 *   %VNEID_IDENTITY_ERROR_MISMATCH, naming both years, when they do not
 *
 * Since: 0.1
 */
gboolean
vneid_personal_id_check_birthdate (VneidPersonalId  *self,
                                   const VneidDate  *birthdate,
                                   GError          **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), FALSE);
  g_return_val_if_fail (birthdate != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (vneid_date_get_year (birthdate) == self->birth_year)
    return TRUE;

  text = vneid_date_to_string (birthdate);
  g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
               "birthdate %s contradicts the " WHAT ", which gives birth year %d",
               text, self->birth_year);
  return FALSE;
}

/**
 * vneid_sex_to_string:
 * @sex: a #VneidSex
 *
 * Gets `male`, `female` or `unknown`.
 *
 * Returns: `male`, `female` or `unknown`
 *
 * Since: 0.1
 */
const char *
vneid_sex_to_string (VneidSex sex)
{
  switch (sex)
    {
    case VNEID_SEX_MALE:
      return "male";
    case VNEID_SEX_FEMALE:
      return "female";
    case VNEID_SEX_UNKNOWN:
    default:
      return "unknown";
    }
}

/**
 * vneid_personal_id_check_sex:
 * @self: a personal ID number
 * @sex: the sex claimed for the same person
 * @error: return location for a #GError
 *
 * Checks that @sex is the sex the number encodes. %VNEID_SEX_UNKNOWN
 * contradicts nothing and passes. A value that is not an ISO 5218 code
 * this library knows (such as one cast from an untrusted integer) fails.
 *
 * Returns: %TRUE when they agree or @sex is unknown; %FALSE with
 *   %VNEID_IDENTITY_ERROR_MISMATCH, naming both values, otherwise
 *
 * Since: 0.1
 */
gboolean
vneid_personal_id_check_sex (VneidPersonalId  *self,
                             VneidSex          sex,
                             GError          **error)
{
  g_return_val_if_fail (VNEID_IS_PERSONAL_ID (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sex != VNEID_SEX_UNKNOWN && sex != VNEID_SEX_MALE && sex != VNEID_SEX_FEMALE)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
                   "sex %d is not an ISO 5218 code (0, 1 or 2)", (int) sex);
      return FALSE;
    }
  if (sex == VNEID_SEX_UNKNOWN || sex == self->sex)
    return TRUE;

  g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
               "sex %d (%s) contradicts the " WHAT ", which gives %d (%s)",
               (int) sex, vneid_sex_to_string (sex), (int) self->sex, vneid_sex_to_string (self->sex));
  return FALSE;
}
