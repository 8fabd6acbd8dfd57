/* vneid-date.c: calendar dates that may be known to the year or month only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-date.h"
#include "vneid-identity-private.h"

/**
 * VneidDate:
 *
 * A day of the (proleptic Gregorian) calendar that may be known only to the
 * year or to the month, as dates of birth in old Vietnamese records often
 * are (`"1950"`, `"1950-03"`).
 *
 * A date has a year from 1 to 9999, a month from 1 to 12 or 0 when it is
 * unknown, and a day valid for that month or 0 when it is unknown; a date
 * with a day always has a month. Its text form is ISO 8601 at the same
 * precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 *
 * Dates are immutable values: they are validated when made and never
 * change afterwards.
 *
 * Since: 0.1
 */
struct _VneidDate
{
  int year;
  int month; /* 0 = unknown */
  int day;   /* 0 = unknown */
};

G_DEFINE_BOXED_TYPE (VneidDate, vneid_date, vneid_date_copy, vneid_date_free)

#define MIN_YEAR 1
#define MAX_YEAR 9999

/* ---- validation -------------------------------------------------------- */

static const char *const month_names[] = {
  NULL, "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};

static gboolean
validate_ymd (int      year,
              int      month,
              int      day,
              GError **error)
{
  if (year < MIN_YEAR || year > MAX_YEAR)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                   "year %d is not between %d and %d", year, MIN_YEAR, MAX_YEAR);
      return FALSE;
    }
  if (month < 0 || month > 12)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                   "month %d is not between 1 and 12", month);
      return FALSE;
    }
  if (day != 0 && month == 0)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                   "day %d is given without a month", day);
      return FALSE;
    }
  if (day < 0 || (month != 0 && day > g_date_get_days_in_month (month, year)))
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                   "%s %d has no day %d", month_names[month], year, day);
      return FALSE;
    }
  return TRUE;
}

static VneidDate *
date_new_unchecked (int year,
                    int month,
                    int day)
{
  VneidDate *self = g_new (VneidDate, 1);

  self->year = year;
  self->month = month;
  self->day = day;
  return self;
}

/**
 * vneid_date_new:
 * @year: the year, 1 to 9999
 * @month: the month, 1 to 12, or 0 when unknown
 * @day: the day of the month, or 0 when unknown
 * @error: return location for a #GError
 *
 * Makes a date, checking that it exists in the calendar: @day must exist in
 * @month of @year (29 February only in leap years), and a known day needs a
 * known month.
 *
 * Returns: (transfer full): the new date, or %NULL with
 *   %VNEID_IDENTITY_ERROR_INVALID_DATE when there is no such date
 *
 * Since: 0.1
 */
VneidDate *
vneid_date_new (int      year,
                int      month,
                int      day,
                GError **error)
{
  if (!validate_ymd (year, month, day, error))
    return NULL;
  return date_new_unchecked (year, month, day);
}

/* ---- parsing ----------------------------------------------------------- */

static gboolean
is_ascii_digits (const char *text,
                 gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static int
digits_value (const char *text,
              gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

/* YYYY, YYYY-MM or YYYY-MM-DD, ASCII digits, nothing more. */
static gboolean
has_iso_date_shape (const char *iso,
                    gsize       len)
{
  if (len != 4 && len != 7 && len != 10)
    return FALSE;
  if (!is_ascii_digits (iso, 4))
    return FALSE;
  if (len >= 7 && (iso[4] != '-' || !is_ascii_digits (iso + 5, 2)))
    return FALSE;
  if (len == 10 && (iso[7] != '-' || !is_ascii_digits (iso + 8, 2)))
    return FALSE;
  return TRUE;
}

/* In the text form, a part is either absent or written out: "00" is never
 * "unknown". */
static gboolean
check_written_parts (int      month,
                     int      day,
                     gsize    len,
                     GError **error)
{
  if (len >= 7 && month == 0)
    {
      g_set_error_literal (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                           "month 00 is not between 01 and 12");
      return FALSE;
    }
  if (len == 10 && day == 0)
    {
      g_set_error_literal (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                           "day 00 does not exist");
      return FALSE;
    }
  return TRUE;
}

/**
 * vneid_date_new_in_vietnam:
 * @unix_time: seconds since the epoch
 *
 * The calendar day in Vietnam (Asia/Ho_Chi_Minh, UTC+7) at @unix_time: the
 * day a Vietnamese card's validity is judged on.
 *
 * Returns: (transfer full) (nullable): the day, or %NULL when it falls
 *   outside the years 1–9999
 *
 * Since: 0.1
 */
VneidDate *
vneid_date_new_in_vietnam (gint64 unix_time)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (zone == NULL) /* no tzdata: Vietnam has kept UTC+7 since 1975 */
    zone = g_time_zone_new_offset (7 * 3600);
  if (utc == NULL || (local = g_date_time_to_timezone (utc, zone)) == NULL)
    return NULL;
  return vneid_date_new (g_date_time_get_year (local), g_date_time_get_month (local),
                         g_date_time_get_day_of_month (local), NULL);
}

/**
 * vneid_date_parse:
 * @iso: an ISO 8601 calendar date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
 * @error: return location for a #GError
 *
 * Parses a date as SD-JWT VC claims such as `birthdate` carry it. Only the
 * three extended forms above are accepted, with a four-digit year from
 * `0001` to `9999` and two-digit month and day: no time, no time zone, no
 * week or ordinal dates, no white space, no `00` month or day.
 *
 * Returns: (transfer full): the date, at the precision of @iso, or %NULL
 *   with %VNEID_IDENTITY_ERROR_INVALID_DATE
 *
 * Since: 0.1
 */
VneidDate *
vneid_date_parse (const char  *iso,
                  GError     **error)
{
  g_autofree char *quoted = NULL;
  gsize len;
  int year, month = 0, day = 0;

  g_return_val_if_fail (iso != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (iso);
  if (!has_iso_date_shape (iso, len))
    {
      quoted = vneid_identity_quote (iso);
      g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                   "date %s is not of the form YYYY, YYYY-MM or YYYY-MM-DD", quoted);
      return NULL;
    }

  year = digits_value (iso, 4);
  if (len >= 7)
    month = digits_value (iso + 5, 2);
  if (len == 10)
    day = digits_value (iso + 8, 2);

  if (!check_written_parts (month, day, len, error) ||
      !validate_ymd (year, month, day, error))
    {
      quoted = vneid_identity_quote (iso);
      g_prefix_error (error, "date %s: ", quoted);
      return NULL;
    }
  return date_new_unchecked (year, month, day);
}

/**
 * vneid_date_copy:
 * @self: a date
 *
 * Copies a date.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 0.1
 */
VneidDate *
vneid_date_copy (const VneidDate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * vneid_date_free:
 * @self: (nullable): a date
 *
 * Frees a date. Does nothing when @self is %NULL.
 *
 * Since: 0.1
 */
void
vneid_date_free (VneidDate *self)
{
  g_free (self);
}

/* ---- accessors --------------------------------------------------------- */

/**
 * vneid_date_get_year:
 * @self: a date
 *
 * Gets the year, which is always known.
 *
 * Returns: the year, 1 to 9999
 *
 * Since: 0.1
 */
int
vneid_date_get_year (const VneidDate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->year;
}

/**
 * vneid_date_get_month:
 * @self: a date
 *
 * Gets the month.
 *
 * Returns: the month, 1 to 12, or 0 when the date is known to the year only
 *
 * Since: 0.1
 */
int
vneid_date_get_month (const VneidDate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->month;
}

/**
 * vneid_date_get_day:
 * @self: a date
 *
 * Gets the day of the month.
 *
 * Returns: the day, 1 to 31, or 0 when the date is known to the year or
 *   month only
 *
 * Since: 0.1
 */
int
vneid_date_get_day (const VneidDate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->day;
}

/**
 * vneid_date_is_complete:
 * @self: a date
 *
 * Whether the date is known to the day.
 *
 * Returns: %TRUE when year, month and day are all known
 *
 * Since: 0.1
 */
gboolean
vneid_date_is_complete (const VneidDate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->day != 0;
}

/* ---- text -------------------------------------------------------------- */

/**
 * vneid_date_to_string:
 * @self: a date
 *
 * Writes the date in ISO 8601 at its own precision: `1950`, `1950-03` or
 * `1990-05-17`. vneid_date_parse() reads it back.
 *
 * Returns: (transfer full): the ISO 8601 text
 *
 * Since: 0.1
 */
char *
vneid_date_to_string (const VneidDate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->month == 0)
    return g_strdup_printf ("%04d", self->year);
  if (self->day == 0)
    return g_strdup_printf ("%04d-%02d", self->year, self->month);
  return g_strdup_printf ("%04d-%02d-%02d", self->year, self->month, self->day);
}

typedef enum {
  SEGMENT_LITERAL,
  SEGMENT_DAY,
  SEGMENT_MONTH,
  SEGMENT_YEAR,
} SegmentKind;

typedef struct {
  SegmentKind kind;
  const char *start; /* literals only */
  gsize       len;   /* literals only */
} Segment;

static SegmentKind
token_at (const char *p,
          gsize      *token_len)
{
  static const struct {
    const char  *token;
    SegmentKind  kind;
  } tokens[] = {
    { "yyyy", SEGMENT_YEAR },
    { "MM", SEGMENT_MONTH },
    { "dd", SEGMENT_DAY },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      *token_len = strlen (tokens[i].token);
      if (strncmp (p, tokens[i].token, *token_len) == 0)
        return tokens[i].kind;
    }
  *token_len = 1;
  return SEGMENT_LITERAL;
}

/* Splits @pattern into tokens and runs of literal text between them. */
static GArray *
split_pattern (const char *pattern)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  const char *p = pattern;

  while (*p != '\0')
    {
      gsize len;
      SegmentKind kind = token_at (p, &len);
      Segment *last = segments->len > 0 ?
        &g_array_index (segments, Segment, segments->len - 1) : NULL;

      if (kind == SEGMENT_LITERAL && last != NULL && last->kind == SEGMENT_LITERAL)
        last->len += len;
      else
        g_array_append_val (segments, ((Segment) { kind, p, len }));
      p += len;
    }
  return segments;
}

static gboolean
segment_is_known (const VneidDate *self,
                  const Segment   *segment)
{
  switch (segment->kind)
    {
    case SEGMENT_DAY:
      return self->day != 0;
    case SEGMENT_MONTH:
      return self->month != 0;
    case SEGMENT_YEAR:
    case SEGMENT_LITERAL:
    default:
      return TRUE;
    }
}

/* Tokens are written when the date knows their part. Literal text at
 * either end of the pattern is always written; literal text between two
 * tokens only when both are: "(dd/MM/yyyy)" of a year-month date is
 * "(05/1990)". */
static gboolean
segment_is_kept (const VneidDate *self,
                 GArray          *segments,
                 guint            i)
{
  const Segment *segment = &g_array_index (segments, Segment, i);

  if (segment->kind != SEGMENT_LITERAL)
    return segment_is_known (self, segment);
  if (i == 0 || i + 1 == segments->len)
    return TRUE;
  return segment_is_known (self, &g_array_index (segments, Segment, i - 1)) &&
         segment_is_known (self, &g_array_index (segments, Segment, i + 1));
}

static void
append_segment (GString         *out,
                const VneidDate *self,
                const Segment   *segment)
{
  switch (segment->kind)
    {
    case SEGMENT_DAY:
      g_string_append_printf (out, "%02d", self->day);
      break;
    case SEGMENT_MONTH:
      g_string_append_printf (out, "%02d", self->month);
      break;
    case SEGMENT_YEAR:
      g_string_append_printf (out, "%04d", self->year);
      break;
    case SEGMENT_LITERAL:
    default:
      g_string_append_len (out, segment->start, segment->len);
      break;
    }
}

/**
 * vneid_date_format:
 * @self: a date
 * @pattern: a pattern such as `dd/MM/yyyy`
 *
 * Writes the date the way a form wants it. In @pattern, `dd` stands for the
 * two-digit day, `MM` for the two-digit month and `yyyy` for the four-digit
 * year; every other character is copied as it is. There is no escaping:
 * patterns are written by programmers and form authors, not taken from
 * credentials.
 *
 * A date not known to the day leaves out what it does not know instead of
 * making it up: a token for an unknown part is not written, and neither is
 * the literal text between it and the next or previous token; literal text
 * at the start or end of the pattern is always written. With `dd/MM/yyyy`,
 * 1990-05-17 gives `17/05/1990`, 1990-05 gives `05/1990` and 1950 gives
 * `1950`; with `(dd/MM/yyyy)`, 1950 gives `(1950)`. Patterns whose literal
 * text labels the parts (`Ngày dd tháng MM năm yyyy`) cannot be shortened
 * meaningfully this way: a form that needs a full date should check
 * vneid_date_is_complete() first.
 *
 * Returns: (transfer full): the formatted date
 *
 * Since: 0.1
 */
char *
vneid_date_format (const VneidDate *self,
                   const char      *pattern)
{
  g_autoptr(GArray) segments = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (pattern != NULL, NULL);

  segments = split_pattern (pattern);
  out = g_string_new (NULL);
  for (guint i = 0; i < segments->len; i++)
    if (segment_is_kept (self, segments, i))
      append_segment (out, self, &g_array_index (segments, Segment, i));
  return g_string_free (out, FALSE);
}

/* ---- comparing --------------------------------------------------------- */

/**
 * vneid_date_equal:
 * @a: a date
 * @b: another date
 *
 * Whether two dates are the same at the same precision: `1990` is not equal
 * to `1990-05-17`.
 *
 * Returns: %TRUE when year, month and day all match
 *
 * Since: 0.1
 */
gboolean
vneid_date_equal (const VneidDate *a,
                  const VneidDate *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->year == b->year && a->month == b->month && a->day == b->day;
}

static int
compare_int (int a,
             int b)
{
  return (a > b) - (a < b);
}

/**
 * vneid_date_compare:
 * @a: a date
 * @b: another date
 *
 * Orders dates by year, then month, then day, an unknown month or day
 * sorting before every known one. This is a total order, the same as that
 * of the ISO 8601 texts, fit for sorting: `1989-12-31` < `1990` <
 * `1990-01` < `1990-01-01`.
 *
 * For partial dates it does not say which came first in time (`1990` may
 * be later than `1990-01-01`); use vneid_date_contains() to ask whether
 * two dates can be the same day.
 *
 * Returns: a negative number, 0 or a positive number as @a sorts before,
 *   with or after @b
 *
 * Since: 0.1
 */
int
vneid_date_compare (const VneidDate *a,
                    const VneidDate *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if (a->year != b->year)
    return compare_int (a->year, b->year);
  if (a->month != b->month)
    return compare_int (a->month, b->month);
  return compare_int (a->day, b->day);
}

/**
 * vneid_date_contains:
 * @self: a date, possibly partial
 * @other: another date
 *
 * Whether @other lies within the period @self stands for: `1990` contains
 * `1990`, `1990-05` and `1990-05-17`; `1990-05` contains `1990-05-17` but
 * not `1990`. A complete date contains only itself.
 *
 * This is how a birth date known to the year only is checked against a
 * full one from another credential: they agree when the less precise one
 * contains the other.
 *
 * Returns: %TRUE when every part @self knows equals that part of @other
 *
 * Since: 0.1
 */
gboolean
vneid_date_contains (const VneidDate *self,
                     const VneidDate *other)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  if (self->year != other->year)
    return FALSE;
  if (self->month == 0)
    return TRUE;
  if (self->month != other->month)
    return FALSE;
  return self->day == 0 || self->day == other->day;
}
