/* vneid-verify.c: `vneid verify`, one presentation or a batch of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

static gboolean
verify_one (VneidVerifier  *verifier,
            const char     *path,
            GError        **error)
{
  g_autofree char *presentation = vneid_tool_read_text (path, error);
  g_autoptr(VneidVerifiedCredential) credential = NULL;
  g_autofree char *json = NULL;

  if (presentation == NULL)
    return FALSE;

  credential = vneid_verifier_verify (verifier, presentation, error);
  if (credential == NULL)
    {
      g_prefix_error (error, "rejected: ");
      return FALSE;
    }

  json = vneid_verified_credential_to_json (credential, FALSE);
  vneid_tool_print_line (json);
  return TRUE;
}

static void
print_batch_rejection (const char *message,
                       guint64     line_number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, (gint64) line_number);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  vneid_tool_print_json (root);
}

typedef struct {
  guint64 verified;
  guint64 rejected;
} BatchCounts;

static void
report_batch_result (VneidVerifiedCredential *credential,
                     const GError            *rejection,
                     guint64                  line_number,
                     gboolean                 quiet,
                     BatchCounts             *counts)
{
  if (credential != NULL)
    counts->verified++;
  else
    counts->rejected++;

  if (quiet)
    return;

  if (credential != NULL)
    {
      g_autofree char *json = vneid_verified_credential_to_json (credential, FALSE);

      vneid_tool_print_line (json);
    }
  else
    print_batch_rejection (rejection->message, line_number);
  fflush (stdout);
}

/* Lines read in blocks: GDataInputStream's read_line() looks at one byte
 * at a time and cost about 4 % of a verification per line. A read returns
 * what a pipe holds, so a producer streaming presentations still sees each
 * answer as soon as its line has arrived. */
typedef struct {
  GInputStream *input;
  GByteArray   *buffer;
  gsize         start;   /* of the next line in buffer */
  gboolean      eof;
} LineReader;

#define LINE_READ_BLOCK 65536

/* The next line, its "\n" replaced by a NUL, valid until the next call; NULL
 * at the end of the input or with @error set. */
static char *
line_reader_next (LineReader  *reader,
                  gsize       *length,
                  GError     **error)
{
  for (;;)
    {
      guint8 *begin = reader->buffer->data + reader->start;
      gsize available = reader->buffer->len - reader->start;
      guint8 *newline = available > 0 ? memchr (begin, '\n', available) : NULL;
      gssize n;

      if (newline != NULL)
        {
          *newline = '\0';
          *length = (gsize) (newline - begin);
          reader->start += *length + 1;
          return (char *) begin;
        }
      if (reader->eof)
        {
          if (available == 0)
            return NULL;
          g_byte_array_append (reader->buffer, (const guint8 *) "\n", 1);  /* a last line without one */
          continue;
        }
      /* keep the unfinished line, drop the lines already read (once per
       * line: a long line read in many blocks is not moved again) */
      if (reader->start > 0)
        {
          memmove (reader->buffer->data, begin, available);
          reader->start = 0;
        }
      g_byte_array_set_size (reader->buffer, available + LINE_READ_BLOCK);
      n = g_input_stream_read (reader->input, reader->buffer->data + available, LINE_READ_BLOCK,
                               NULL, error);
      g_byte_array_set_size (reader->buffer, available + MAX (n, 0));
      if (n < 0)
        return NULL;
      reader->eof = n == 0;
    }
}

/* Reads line by line, so that a producer can stream presentations through
 * a pipe and see each answer as soon as it is made. */
static gboolean
verify_batch (VneidVerifier  *verifier,
              const char     *path,
              gboolean        quiet,
              GError        **error)
{
  g_autoptr(GInputStream) input = vneid_tool_open_input (path, error);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  LineReader lines = { input, buffer, 0, FALSE };
  BatchCounts counts = { 0, 0 };
  guint64 line_number = 0;

  if (input == NULL)
    return FALSE;

  for (;;)
    {
      gsize length = 0;
      g_autoptr(GError) local_error = NULL;
      char *line = line_reader_next (&lines, &length, &local_error);
      g_autoptr(VneidVerifiedCredential) credential = NULL;

      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "%s: ", vneid_tool_input_name (path));
          return FALSE;
        }
      if (line == NULL)
        break;

      line_number++;
      /* An embedded NUL would hide the rest of the line from the library,
       * which could then accept a prefix of what was sent. */
      if (memchr (line, '\0', length) != NULL)
        g_set_error_literal (&local_error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                             "the line contains a NUL byte");
      else if (*g_strstrip (line) == '\0')
        continue;
      else
        credential = vneid_verifier_verify (verifier, line, &local_error);

      report_batch_result (credential, local_error, line_number, quiet, &counts);
    }

  if (quiet)
    {
      g_autofree char *summary = g_strdup_printf ("verified %" G_GUINT64_FORMAT ", rejected %" G_GUINT64_FORMAT,
                                                  counts.verified, counts.rejected);

      vneid_tool_print_line (summary);
    }

  if (counts.rejected > 0)
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                   "rejected %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " presentations",
                   counts.rejected, counts.verified + counts.rejected);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_verify (const VneidCommand  *command,
            char               **args,
            GError             **error)
{
  g_auto(VneidToolVerifierOptions) options = { 0 };
  gboolean batch = FALSE, quiet = FALSE;
  const GOptionEntry entries[] = {
    { "batch", 0, 0, G_OPTION_ARG_NONE, &batch, "Verify one presentation per line", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "With --batch: print only the closing count", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(VneidVerifier) verifier = NULL;

  if (!vneid_tool_parse_verifier_options (command, &options, entries, &args, error))
    return FALSE;
  if (quiet && !batch)
    {
      g_set_error_literal (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                           "--quiet only applies to --batch");
      return FALSE;
    }
  if (!vneid_tool_check_arguments (args, 1, 1, error))
    return FALSE;

  verifier = vneid_tool_make_verifier (&options, error);
  if (verifier == NULL)
    return FALSE;

  if (batch)
    return verify_batch (verifier, args[1], quiet, error);
  return verify_one (verifier, args[1], error);
}

const VneidCommand vneid_command_verify = {
  .name = "verify",
  .parameter_string = "FILE|-",
  .summary = "Verify an SD-JWT VC presentation and print its processed claims as JSON.",
  .description =
    "Trust: each --trust document trusts its issuer's keys. Without --allow,\n"
    "a trusted issuer may issue any credential type (vct); with --allow, only\n"
    "the VCT=ISSUER pairs given are accepted.\n"
    "\n"
    "Key binding is required exactly when --nonce and --audience are given.\n"
    "A credential with a \"status\" claim is rejected unless a --status-list for\n"
    "its URI is given, or --skip-status.\n"
    "\n"
    "Output: the processed payload as one JSON object on one line. With\n"
    "--batch, one line per input line: the payload, or {\"error\": MESSAGE,\n"
    "\"line\": N} for a rejected one (empty lines are skipped); with --quiet,\n"
    "only `verified N, rejected M`.\n"
    "\n"
    "Exit status: 0 verified (with --batch: all of them), 1 rejected or\n"
    "invalid input, 2 usage error.\n"
    "\n"
    "Example:\n"
    "  vneid verify --trust issuer-metadata.json --status-list status-1.jwt \\\n"
    "      --nonce n-123 --audience https://dichvucong.gov.vn.example presentation.txt\n",
  .run = run_verify,
};
