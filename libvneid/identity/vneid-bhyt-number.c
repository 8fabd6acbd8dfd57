/* vneid-bhyt-number.c: the 15-character Vietnamese health insurance card number
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-bhyt-number.h"
#include "vneid-error.h"
#include "vneid-identity-private.h"

/**
 * VneidBhytNumber:
 *
 * The number on a health insurance (bảo hiểm y tế, BHYT) card, in the
 * 15-character form of Decision 1351/QĐ-BHXH of Vietnam Social Security:
 *
 * - 2 upper-case letters: the participant type (mã đối tượng), such as
 *   `DN` for employees of enterprises, `HT` for pensioners or `TE` for
 *   children under six;
 * - 1 digit, 1 to 5: the benefit level (mức hưởng), see
 *   vneid_bhyt_benefit_percentage();
 * - 2 digits, 01 to 99: the code of the province that issued the card;
 * - 10 digits: the holder's social insurance number (mã số BHXH).
 *
 * For example `DN4010123456789` is type `DN`, level 4, province `01`,
 * social insurance number `0123456789`.
 *
 * Parsing checks the shape only. The list of participant types changes
 * with the law and is not checked: any two letters A–Z are accepted. The
 * province code is not looked up either.
 *
 * Objects are immutable. Error messages name the offending character or
 * part, never the whole number.
 *
 * Since: 0.1
 */
struct _VneidBhytNumber
{
  GObject parent_instance;

  char number[16];
  char participant_type[3];
  char province_code[3];
  char social_insurance_number[11];
  int  benefit_level;
};

G_DEFINE_FINAL_TYPE (VneidBhytNumber, vneid_bhyt_number, G_TYPE_OBJECT)

#define WHAT "BHYT number"
#define N_CHARS 15
#define MIN_LEVEL 1
#define MAX_LEVEL 5

/* Where each part starts in the number. */
#define TYPE_AT     0
#define LEVEL_AT    2
#define PROVINCE_AT 3
#define SIN_AT      5

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_PARTICIPANT_TYPE,
  PROP_BENEFIT_LEVEL,
  PROP_PROVINCE_CODE,
  PROP_SOCIAL_INSURANCE_NUMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vneid_bhyt_number_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VneidBhytNumber *self = VNEID_BHYT_NUMBER (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_PARTICIPANT_TYPE:
      g_value_set_string (value, self->participant_type);
      break;
    case PROP_BENEFIT_LEVEL:
      g_value_set_int (value, self->benefit_level);
      break;
    case PROP_PROVINCE_CODE:
      g_value_set_string (value, self->province_code);
      break;
    case PROP_SOCIAL_INSURANCE_NUMBER:
      g_value_set_string (value, self->social_insurance_number);
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

static void
vneid_bhyt_number_class_init (VneidBhytNumberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vneid_bhyt_number_get_property;

  /**
   * VneidBhytNumber:number:
   *
   * The 15 characters of the number.
   *
   * Since: 0.1
   */
  properties[PROP_NUMBER] = string_property ("number");

  /**
   * VneidBhytNumber:participant-type:
   *
   * The two-letter participant type, such as `DN`.
   *
   * Since: 0.1
   */
  properties[PROP_PARTICIPANT_TYPE] = string_property ("participant-type");

  /**
   * VneidBhytNumber:benefit-level:
   *
   * The benefit level, 1 to 5.
   *
   * Since: 0.1
   */
  properties[PROP_BENEFIT_LEVEL] =
    g_param_spec_int ("benefit-level", NULL, NULL, 0, MAX_LEVEL, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VneidBhytNumber:province-code:
   *
   * The two-digit code of the province that issued the card.
   *
   * Since: 0.1
   */
  properties[PROP_PROVINCE_CODE] = string_property ("province-code");

  /**
   * VneidBhytNumber:social-insurance-number:
   *
   * The holder's ten-digit social insurance number.
   *
   * Since: 0.1
   */
  properties[PROP_SOCIAL_INSURANCE_NUMBER] = string_property ("social-insurance-number");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vneid_bhyt_number_init (VneidBhytNumber *self)
{
}

/* ---- parsing ----------------------------------------------------------- */

static gboolean
is_ascii_upper (char c)
{
  return c >= 'A' && c <= 'Z';
}

/* What the character at @pos must be, or NULL when it is fine. */
static const char *
expected_at (glong pos,
             char  c)
{
  if (pos < LEVEL_AT)
    return is_ascii_upper (c) ? NULL : "an upper-case letter A–Z";
  if (pos == LEVEL_AT)
    return c >= '0' + MIN_LEVEL && c <= '0' + MAX_LEVEL ? NULL : "a benefit level 1–5";
  return g_ascii_isdigit (c) ? NULL : "a digit 0–9";
}

/* @number has passed vneid_identity_check_length(). */
static gboolean
check_characters (const char  *number,
                  GError     **error)
{
  glong pos = 0;

  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p), pos++)
    {
      const char *expected = expected_at (pos, *p);

      if (expected != NULL)
        {
          vneid_identity_set_bad_char (error, VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER,
                                       WHAT, number, pos, expected);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_province_code (const char  *number,
                     GError     **error)
{
  if (number[PROVINCE_AT] != '0' || number[PROVINCE_AT + 1] != '0')
    return TRUE;

  g_set_error_literal (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER,
                       WHAT ": province code “00” (characters 4–5) is not between 01 and 99");
  return FALSE;
}

/**
 * vneid_bhyt_number_parse:
 * @number: the 15 characters, without spaces or other separators
 * @error: return location for a #GError
 *
 * Parses and checks the shape of a health insurance card number: two
 * upper-case ASCII letters, a benefit level digit 1–5, a province code
 * 01–99 and ten digits. Lower case is an error, not something to fix up:
 * the number is compared as it was issued. The error says what is wrong
 * and where: the length, or the first wrong character (counted from 1) and
 * what it should have been.
 *
 * Returns: (transfer full): the number, or %NULL with
 *   %VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER
 *
 * Since: 0.1
 */
VneidBhytNumber *
vneid_bhyt_number_parse (const char  *number,
                         GError     **error)
{
  VneidBhytNumber *self;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vneid_identity_check_length (number, N_CHARS, WHAT,
                                    VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER, error) ||
      !check_characters (number, error) ||
      !check_province_code (number, error))
    return NULL;

  self = g_object_new (VNEID_TYPE_BHYT_NUMBER, NULL);
  memcpy (self->number, number, N_CHARS + 1);
  memcpy (self->participant_type, number + TYPE_AT, 2);
  self->benefit_level = number[LEVEL_AT] - '0';
  memcpy (self->province_code, number + PROVINCE_AT, 2);
  memcpy (self->social_insurance_number, number + SIN_AT, 10);
  return self;
}

/* ---- accessors --------------------------------------------------------- */

/**
 * vneid_bhyt_number_get_number:
 * @self: a BHYT number
 *
 * Gets the whole number.
 *
 * Returns: (transfer none): the 15 characters
 *
 * Since: 0.1
 */
const char *
vneid_bhyt_number_get_number (VneidBhytNumber *self)
{
  g_return_val_if_fail (VNEID_IS_BHYT_NUMBER (self), NULL);

  return self->number;
}

/**
 * vneid_bhyt_number_get_participant_type:
 * @self: a BHYT number
 *
 * Gets the participant type, the first two characters, such as `DN`.
 *
 * Returns: (transfer none): two upper-case letters
 *
 * Since: 0.1
 */
const char *
vneid_bhyt_number_get_participant_type (VneidBhytNumber *self)
{
  g_return_val_if_fail (VNEID_IS_BHYT_NUMBER (self), NULL);

  return self->participant_type;
}

/**
 * vneid_bhyt_number_get_benefit_level:
 * @self: a BHYT number
 *
 * Gets the benefit level, the third character.
 *
 * Returns: the benefit level, 1 to 5
 *
 * Since: 0.1
 */
int
vneid_bhyt_number_get_benefit_level (VneidBhytNumber *self)
{
  g_return_val_if_fail (VNEID_IS_BHYT_NUMBER (self), 0);

  return self->benefit_level;
}

/**
 * vneid_bhyt_number_get_province_code:
 * @self: a BHYT number
 *
 * Gets the code of the province that issued the card, the fourth and
 * fifth characters. These are Vietnam Social Security's two-digit codes,
 * not the three-digit codes of the personal ID number.
 *
 * Returns: (transfer none): two digits, `01` to `99`
 *
 * Since: 0.1
 */
const char *
vneid_bhyt_number_get_province_code (VneidBhytNumber *self)
{
  g_return_val_if_fail (VNEID_IS_BHYT_NUMBER (self), NULL);

  return self->province_code;
}

/**
 * vneid_bhyt_number_get_social_insurance_number:
 * @self: a BHYT number
 *
 * Gets the holder's social insurance number, the last ten digits.
 *
 * Returns: (transfer none): ten digits
 *
 * Since: 0.1
 */
const char *
vneid_bhyt_number_get_social_insurance_number (VneidBhytNumber *self)
{
  g_return_val_if_fail (VNEID_IS_BHYT_NUMBER (self), NULL);

  return self->social_insurance_number;
}

/* ---- consistency ------------------------------------------------------- */

/**
 * vneid_bhyt_number_check_benefit_level:
 * @self: a BHYT number
 * @level: the benefit level claimed for the same card, such as the
 *   `benefit_level` claim of a BHYT credential
 * @error: return location for a #GError
 *
 * Checks that @level is the benefit level the number encodes. A level
 * outside 1–5 fails too.
 *
 * Returns: %TRUE when they agree; %FALSE with
 *   %VNEID_IDENTITY_ERROR_MISMATCH, naming both levels, otherwise
 *
 * Since: 0.1
 */
gboolean
vneid_bhyt_number_check_benefit_level (VneidBhytNumber  *self,
                                       int               level,
                                       GError          **error)
{
  g_return_val_if_fail (VNEID_IS_BHYT_NUMBER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (level < MIN_LEVEL || level > MAX_LEVEL)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
                   "benefit level %d is not between %d and %d (the " WHAT " gives %d)",
                   level, MIN_LEVEL, MAX_LEVEL, self->benefit_level);
      return FALSE;
    }
  if (level == self->benefit_level)
    return TRUE;

  g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
               "benefit level %d contradicts the " WHAT ", which gives %d",
               level, self->benefit_level);
  return FALSE;
}

/**
 * vneid_bhyt_benefit_percentage:
 * @benefit_level: a benefit level, 1 to 5
 *
 * Gives the share of covered medical costs the health insurance fund pays
 * at a benefit level, as Article 22 of the Law on Health Insurance sets it
 * and Decision 1351/QĐ-BHXH encodes it on the card:
 *
 * - 1: 100%, without the caps on some drugs, supplies and technical
 *   services (for example types `CC`, `TE`);
 * - 2: 100%, within those caps;
 * - 3: 95% (for example `HT`, `CN`);
 * - 4: 80% (for example `DN`, `HC`, `HS`, `GD`);
 * - 5: 100%, including some costs outside the usual scope (`QN`, `CA`,
 *   `CY`).
 *
 * This is the general rate only. The law pays more in some cases the card
 * number does not show — care at commune level, a visit costing less than
 * 15% of the base salary, five years of continuous cover — and less for
 * care outside the registered facility; this function knows none of them.
 *
 * Returns: the percentage (100, 95 or 80), or -1 when @benefit_level is not
 *   1 to 5
 *
 * Since: 0.1
 */
int
vneid_bhyt_benefit_percentage (int benefit_level)
{
  static const int percentages[] = { 100, 100, 95, 80, 100 };

  if (benefit_level < MIN_LEVEL || benefit_level > MAX_LEVEL)
    return -1;
  return percentages[benefit_level - MIN_LEVEL];
}
