/* vneid-form-json.c: the rules every JSON file of a form plugin is read by
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-file-private.h"
#include "vneid-form-json-private.h"
#include "vneid-util-private.h"

/* ---- errors and reading ----------------------------------------------- */

gboolean
vneid_form_set_error (GError        **error,
                      VneidFormError  code,
                      const char     *source,
                      const char     *where,
                      const char     *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (where != NULL)
    g_set_error (error, VNEID_FORM_ERROR, code, "%s: %s: %s", source, where, message);
  else
    g_set_error (error, VNEID_FORM_ERROR, code, "%s: %s", source, message);
  return FALSE;
}

/* A reader's error in VNEID_FORM_ERROR: over the limit is
 * VNEID_FORM_ERROR_TOO_LARGE, anything else @code. */
static void
set_read_error (GError         **error,
                VneidFormError   code,
                const GError    *file_error)
{
  g_set_error_literal (error, VNEID_FORM_ERROR,
                       g_error_matches (file_error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE)
                         ? VNEID_FORM_ERROR_TOO_LARGE : code,
                       file_error->message);
}

char *
vneid_form_read_file (const char     *path,
                      VneidFormError  code,
                      gsize          *len,
                      GError        **error)
{
  g_autoptr(GError) file_error = NULL;
  char *text = vneid_file_read_bounded (path, VNEID_FORM_MAX_FILE_SIZE, NULL, len, &file_error);

  if (text == NULL)
    set_read_error (error, code, file_error);
  return text;
}

char *
vneid_form_read_plugin_file (const char     *directory,
                             const char     *name,
                             VneidFormError  code,
                             gsize          *len,
                             GError        **error)
{
  g_autoptr(GError) file_error = NULL;
  char *text = vneid_file_read_bounded_in_folder (directory, name, VNEID_FORM_MAX_FILE_SIZE, NULL,
                                                  len, &file_error);

  if (text != NULL)
    return text;
  if (g_error_matches (file_error, G_FILE_ERROR, G_FILE_ERROR_LOOP))
    g_set_error (error, VNEID_FORM_ERROR, code, "%s is a symbolic link: a plugin's files must "
                 "be regular files in its own folder", name);
  else if (g_error_matches (file_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, VNEID_FORM_ERROR, code, "%s is missing", name);
  else
    set_read_error (error, code, file_error);
  return NULL;
}

/* Every string value of @node in NFC, so that codes, patterns and labels
 * written decomposed (NFD) compare equal to the NFC values they are meant
 * for. Depth is bounded by the parser's nesting limit. */
static void
normalize_strings (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        normalize_strings (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        normalize_strings (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

      if (nfc != NULL && strcmp (nfc, text) != 0)
        json_node_set_string (node, nfc);
    }
}

JsonNode *
vneid_form_json_parse (const char     *text,
                       gsize           len,
                       const char     *source,
                       VneidFormError  code,
                       GError        **error)
{
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;

  if (len > VNEID_FORM_MAX_FILE_SIZE)
    {
      vneid_form_set_error (error, VNEID_FORM_ERROR_TOO_LARGE, source, NULL,
                            "%" G_GSIZE_FORMAT " bytes, over the limit of 1 MiB", len);
      return NULL;
    }
  root = vneid_json_parse (text, len, source, &json_error);
  if (root == NULL)
    {
      /* vneid_json_parse() speaks the credential domain; its messages already
       * start with @source. */
      g_set_error_literal (error, VNEID_FORM_ERROR,
                           g_error_matches (json_error, VNEID_CREDENTIAL_ERROR,
                                            VNEID_CREDENTIAL_ERROR_TOO_LARGE)
                             ? VNEID_FORM_ERROR_TOO_LARGE : code,
                           json_error->message);
      return NULL;
    }
  normalize_strings (root);
  return root;
}

/* ---- names -------------------------------------------------------------- */

gboolean
vneid_form_is_valid_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]))
    return FALSE;
  for (const char *p = name + 1; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
vneid_form_is_valid_id (const char *id)
{
  const char *p = id;
  guint labels = 0;

  if (id == NULL)
    return FALSE;
  /* the first label: [a-z0-9]+ */
  while (g_ascii_islower (*p) || g_ascii_isdigit (*p))
    p++;
  if (p == id)
    return FALSE;
  /* then one or more (\.[a-z0-9-]+) */
  while (*p == '.')
    {
      const char *start = ++p;

      while (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-')
        p++;
      if (p == start)
        return FALSE;
      labels++;
    }
  return *p == '\0' && labels > 0;
}

const char *
vneid_form_json_type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return "a string";
        if (type == G_TYPE_BOOLEAN)
          return "a boolean";
        if (type == G_TYPE_INT64)
          return "an integer";
        return "a number";
      }
    }
}

/* ---- date formats ------------------------------------------------------- */

/* Only dd, MM and yyyy are tokens; one d, M or y alone is literal text (the
 * y of "Ngày"), a longer run that is not a token is an error; each token at
 * most once, a year always, no day without a month. Schemas and mappings
 * share these rules. */
gboolean
vneid_form_check_date_format (const char      *format,
                              VneidFormError   code,
                              GError         **error)
{
  gboolean seen_day = FALSE, seen_month = FALSE, seen_year = FALSE;
  const char *p = format;

  if (*format == '\0')
    {
      g_set_error_literal (error, VNEID_FORM_ERROR, code, "date format is empty");
      return FALSE;
    }
  while (*p != '\0')
    {
      char c = *p;
      gsize run = 0;
      gboolean *seen;

      if (c != 'd' && c != 'M' && c != 'y')
        {
          p++;
          continue;
        }
      while (p[run] == c)
        run++;
      p += run;
      if (run == 1)
        continue;

      seen = c == 'd' ? &seen_day : c == 'M' ? &seen_month : &seen_year;
      if (run != (c == 'y' ? 4u : 2u) || *seen)
        {
          g_set_error (error, VNEID_FORM_ERROR, code, "date format “%s”: “%.*s” is %s",
                       format, (int) run, p - run,
                       *seen ? "there twice" : "not a token (the tokens are dd, MM and yyyy)");
          return FALSE;
        }
      *seen = TRUE;
    }
  if (!seen_year || (seen_day && !seen_month))
    {
      g_set_error (error, VNEID_FORM_ERROR, code, "date format “%s” has %s", format,
                   !seen_year ? "no year (yyyy)" : "a day (dd) but no month (MM)");
      return FALSE;
    }
  return TRUE;
}

