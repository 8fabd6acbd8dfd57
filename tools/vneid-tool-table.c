/* vneid-tool-table.c: text cells and aligned tables for the `vneid` command's output
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "vneid-tool.h"

/* ---- text cells -------------------------------------------------------- */

/* Columns on a terminal: East Asian wide characters take two, combining
 * marks none. Rough, as the brief allows: no grapheme clusters. */
static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

guint
vneid_tool_display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* Data from credentials must not move the cursor or reorder the line:
 * line breaks and tabs become spaces, other control and format characters
 * (bidirectional overrides among them) U+FFFD. */
static gunichar
printable (gunichar c)
{
  if (c == '\n' || c == '\r' || c == '\t')
    return ' ';
  if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
    return 0xFFFD;
  return c;
}

char *
vneid_tool_make_cell (const char *text,
                      guint       max_width)
{
  GString *cell = g_string_new (NULL);
  gboolean fits = vneid_tool_display_width (text) <= max_width;
  guint limit = fits ? max_width : max_width - 1;
  guint used = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = printable (g_utf8_get_char (p));
      guint width = char_width (c);

      if (used + width > limit)
        break;
      g_string_append_unichar (cell, c);
      used += width;
    }
  if (!fits)
    g_string_append (cell, "…");
  return g_string_free (cell, FALSE);
}

char *
vneid_tool_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return vneid_tool_make_cell (valid, G_MAXUINT);
}

/* ---- tables ------------------------------------------------------------ */

struct _VneidToolTable {
  guint        n_columns;
  const guint *max_widths;
  guint       *widths;
  GPtrArray   *rows;   /* of GStrv, n_columns cells each */
};

VneidToolTable *
vneid_tool_table_new (const char * const *headings,
                      const guint        *max_widths,
                      guint               n_columns)
{
  VneidToolTable *table = g_new0 (VneidToolTable, 1);
  char **row = g_new0 (char *, n_columns + 1);

  table->n_columns = n_columns;
  table->max_widths = max_widths;
  table->widths = g_new0 (guint, n_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < n_columns; i++)
    {
      row[i] = g_strdup (headings[i]);
      table->widths[i] = vneid_tool_display_width (row[i]);
    }
  g_ptr_array_add (table->rows, row);
  return table;
}

void
vneid_tool_table_free (VneidToolTable *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table->widths);
  g_free (table);
}

void
vneid_tool_table_add_row (VneidToolTable     *table,
                          const char * const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    {
      row[i] = vneid_tool_make_cell (cells[i] != NULL ? cells[i] : "", table->max_widths[i]);
      table->widths[i] = MAX (table->widths[i], vneid_tool_display_width (row[i]));
    }
  g_ptr_array_add (table->rows, row);
}

void
vneid_tool_table_print (VneidToolTable *table,
                        const char     *indent)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (indent);

      for (guint i = 0; i < table->n_columns; i++)
        {
          g_string_append (line, row[i]);
          if (i + 1 < table->n_columns)
            for (guint pad = vneid_tool_display_width (row[i]); pad < table->widths[i] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      /* No trailing blanks when the last cells are empty. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      vneid_tool_print_line (line->str);
    }
}
