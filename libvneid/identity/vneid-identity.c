/* vneid-identity.c: text helpers shared by the Vietnamese identity parsers
 * (VneidDate, VneidPersonalId, VneidBhytNumber): quoting untrusted input in
 * messages, length and character checks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-identity-private.h"

#define QUOTE_MAX_CHARS 32

static gboolean
is_printable_utf8 (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
vneid_identity_quote (const char *text)
{
  gsize len = strlen (text);

  if (!g_utf8_validate (text, len, NULL))
    return g_strdup ("text that is not valid UTF-8");
  if (g_utf8_strlen (text, len) > QUOTE_MAX_CHARS)
    return g_strdup_printf ("a %" G_GSIZE_FORMAT "-byte text", len);
  if (!is_printable_utf8 (text))
    return g_strdup ("text with non-printable characters");
  return g_strdup_printf ("“%s”", text);
}

gboolean
vneid_identity_check_length (const char  *text,
                             glong        n_chars,
                             const char  *what,
                             int          code,
                             GError     **error)
{
  gsize len = strlen (text);
  glong found;

  if (len > VNEID_IDENTITY_MAX_INPUT)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, code,
                   "%s must be %ld characters long, not %" G_GSIZE_FORMAT " bytes",
                   what, n_chars, len);
      return FALSE;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, code,
                   "%s is not valid UTF-8", what);
      return FALSE;
    }
  found = g_utf8_strlen (text, len);
  if (found != n_chars)
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, code,
                   "%s must be %ld characters long, not %ld",
                   what, n_chars, found);
      return FALSE;
    }
  return TRUE;
}

void
vneid_identity_set_bad_char (GError     **error,
                             int          code,
                             const char  *what,
                             const char  *text,
                             glong        pos,
                             const char  *expected)
{
  gunichar c = g_utf8_get_char (g_utf8_offset_to_pointer (text, pos));
  char shown[8] = { 0 };

  if (g_unichar_isprint (c))
    {
      g_unichar_to_utf8 (c, shown);
      g_set_error (error, VNEID_IDENTITY_ERROR, code,
                   "%s: character %ld (“%s”) is not %s", what, pos + 1, shown, expected);
    }
  else
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, code,
                   "%s: character %ld (U+%04X) is not %s", what, pos + 1, c, expected);
    }
}
