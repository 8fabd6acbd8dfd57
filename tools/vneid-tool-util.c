/* vneid-tool-util.c: option parsing, input and output for the `vneid` command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <gio/gunixinputstream.h>

#include "vneid-tool.h"

G_DEFINE_QUARK (vneid-tool-error-quark, vneid_tool_error)

void
vneid_tool_secret_free (char *secret)
{
  volatile char *p = secret;

  if (secret == NULL)
    return;
  /* volatile, so that the compiler cannot drop the wipe of memory about to be freed */
  while (*p != '\0')
    *p++ = '\0';
  g_free (secret);
}

/* JSON and JWTs are UTF-8 whatever the locale: see VNEID_TOOL_ARG_TEXT. */
static gboolean
check_arguments_are_utf8 (char   **args,
                          GError **error)
{
  for (guint i = 0; args[i] != NULL; i++)
    if (!g_utf8_validate (args[i], -1, NULL))
      {
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                     "argument %u is not valid UTF-8", i);
        return FALSE;
      }
  return TRUE;
}

/* GOptionContext's own --help calls exit(), which would skip every
 * g_autoptr cleanup; so help is an ordinary option here, and the caller
 * learns about it through VNEID_TOOL_ERROR_HELP_SHOWN. */
gboolean
vneid_tool_parse_options (const VneidCommand  *command,
                          const GOptionEntry  *entries,
                          char              ***args,
                          GError             **error)
{
  return vneid_tool_parse_options_with (command, NULL, entries, args, error);
}

gboolean
vneid_tool_parse_options_with (const VneidCommand  *command,
                               const GOptionEntry  *shared_entries,
                               const GOptionEntry  *entries,
                               char              ***args,
                               GError             **error)
{
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show this help and exit", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (command->parameter_string);

  if (!check_arguments_are_utf8 (*args, error))
    return FALSE;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_description (context, command->description);
  if (shared_entries != NULL)
    g_option_context_add_main_entries (context, shared_entries, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, help_entries, NULL);

  if (!g_option_context_parse_strv (context, args, error))
    return FALSE;

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", text);
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_HELP_SHOWN, "help shown");
      return FALSE;
    }

  return TRUE;
}

/* args[0] is the subcommand's name, so the operands start at args[1];
 * max < 0 means no upper limit. */
gboolean
vneid_tool_check_arguments (char   **args,
                            int      min,
                            int      max,
                            GError **error)
{
  int operands = (int) g_strv_length (args) - 1;

  if (operands < min)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           min == 1 ? "missing the input argument" : "missing arguments");
      return FALSE;
    }
  if (max >= 0 && operands > max)
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                   "too many arguments (at most %d expected)", max);
      return FALSE;
    }
  return TRUE;
}

gboolean
vneid_tool_require_option (const char    *option,
                           gconstpointer  value,
                           GError       **error)
{
  if (value != NULL)
    return TRUE;
  g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE, "missing required option %s", option);
  return FALSE;
}

/* For option pairs that mean nothing alone, such as --nonce and --audience. */
gboolean
vneid_tool_require_together (const char    *option,
                             gconstpointer  value,
                             const char    *other_option,
                             gconstpointer  other_value,
                             GError       **error)
{
  if ((value == NULL) == (other_value == NULL))
    return TRUE;
  g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
               "%s and %s go together", option, other_option);
  return FALSE;
}

gboolean
vneid_tool_parse_uint (const char *option,
                       const char *text,
                       guint64     min,
                       guint64     max,
                       guint64    *out,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_ascii_string_to_unsigned (text, 10, min, max, out, &local_error))
    return TRUE;
  g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
               "invalid value for %s: %s", option, local_error->message);
  return FALSE;
}

/* A missing option (text NULL) yields VNEID_TOOL_TIME_UNSET. */
gboolean
vneid_tool_parse_time (const char *option,
                       const char *text,
                       gint64     *out,
                       GError    **error)
{
  guint64 value;

  if (text == NULL)
    {
      *out = VNEID_TOOL_TIME_UNSET;
      return TRUE;
    }
  if (!vneid_tool_parse_uint (option, text, 0, VNEID_TOOL_TIME_MAX, &value, error))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

/* Splits at the first '=', since the right-hand side may be a URL with a query. */
gboolean
vneid_tool_split_assignment (const char  *option,
                             const char  *text,
                             char       **name,
                             char       **value,
                             GError     **error)
{
  const char *equals = strchr (text, '=');

  if (equals == NULL || equals == text || equals[1] == '\0')
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                   "invalid value for %s: “%s” is not of the form NAME=VALUE", option, text);
      return FALSE;
    }
  *name = g_strndup (text, equals - text);
  *value = g_strdup (equals + 1);
  return TRUE;
}

gboolean
vneid_tool_is_standard_input (const char *path)
{
  return g_str_equal (path, "-");
}

const char *
vneid_tool_input_name (const char *path)
{
  return vneid_tool_is_standard_input (path) ? "standard input" : path;
}

GInputStream *
vneid_tool_open_input (const char  *path,
                       GError     **error)
{
  g_autofree char *display = NULL;
  int fd, saved_errno;

  if (vneid_tool_is_standard_input (path))
    return g_unix_input_stream_new (STDIN_FILENO, FALSE);

  /* open(), not GFile: GIO would set up its VFS for one plain file, about
   * a millisecond of every `vneid verify --batch` start */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd >= 0)
    return g_unix_input_stream_new (fd, TRUE);
  saved_errno = errno;
  display = g_filename_display_name (path);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "%s: cannot open: %s",
               display, g_strerror (saved_errno));
  return NULL;
}

/* Standard input is a pipe more often than a file: read in chunks, up to
 * the same limit as files. */
static char *
read_standard_input (gsize   *length,
                     GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 chunk[64 * 1024];
  gsize n;

  do
    {
      if (!g_input_stream_read_all (in, chunk, sizeof chunk, &n, NULL, error))
        {
          g_prefix_error (error, "standard input: ");
          return NULL;
        }
      g_byte_array_append (bytes, chunk, (guint) n);
      if (bytes->len > VNEID_TOOL_MAX_INPUT_SIZE)
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                       "standard input: over the limit of %d MiB", VNEID_TOOL_MAX_INPUT_SIZE / (1024 * 1024));
          return NULL;
        }
    }
  while (n == sizeof chunk);
  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

/* Reads a whole file, or standard input for "-", as text: trailing
 * whitespace (the newline editors and `echo` add) is stripped. */
char *
vneid_tool_read_text (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (vneid_tool_is_standard_input (path))
    contents = read_standard_input (&length, error);
  else
    contents = vneid_file_read_bounded (path, VNEID_TOOL_MAX_INPUT_SIZE, NULL, &length, error);

  if (contents == NULL)
    return NULL;

  /* The library takes NUL-terminated strings: an embedded NUL would silently
   * cut the input short. */
  if (memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                   "%s: contains a NUL byte", vneid_tool_input_name (path));
      return NULL;
    }

  return g_strchomp (g_steal_pointer (&contents));
}

/* Not g_print(): output is UTF-8 data, which must not be converted to the
 * locale's character set. */
void
vneid_tool_print_line (const char *text)
{
  fputs (text, stdout);
  fputc ('\n', stdout);
}

char *
vneid_tool_json_to_line (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

void
vneid_tool_print_json (JsonNode *node)
{
  g_autofree char *text = vneid_tool_json_to_line (node);

  vneid_tool_print_line (text);
}

gint64
vneid_tool_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}
