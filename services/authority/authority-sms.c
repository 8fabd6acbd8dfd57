/* authority-sms.c: the default SMS gateway, an outbox folder
 *
 * One JSON file per message, {"to": E.164, "text": …, "at": Unix seconds},
 * named AT-SEQUENCE-RANDOM.json so that names sort by time; written to a
 * hidden temporary name first and renamed, so a reader never sees half a
 * message. A real gateway is one more AuthoritySmsGateway.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib/gstdio.h>

#include "authority.h"

typedef struct {
  AuthoritySmsGateway parent;
  char               *folder;
  guint64             sequence;
} SmsOutbox;

static gboolean
outbox_send (AuthoritySmsGateway  *gateway,
             const char           *to,
             const char           *text,
             gint64                at,
             GError              **error)
{
  SmsOutbox *outbox = (SmsOutbox *) gateway;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "at");
  json_builder_add_int_value (builder, at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  /* The real time in microseconds keeps names in sending order even when
   * the service's clock is a test's fixed one. */
  name = g_strdup_printf ("%020" G_GINT64_FORMAT "-%06" G_GUINT64_FORMAT "-%08x.json",
                          g_get_real_time (), ++outbox->sequence % 1000000, g_random_int ());
  path = g_build_filename (outbox->folder, name, NULL);
  /* g_file_set_contents writes a temporary file in the folder, fsyncs and
   * renames it: a reader sees the whole message or nothing. */
  if (!g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, "SMS outbox: ");
      return FALSE;
    }
  return TRUE;
}

static void
outbox_free (AuthoritySmsGateway *gateway)
{
  SmsOutbox *outbox = (SmsOutbox *) gateway;

  g_free (outbox->folder);
  g_free (outbox);
}

AuthoritySmsGateway *
authority_sms_outbox_new (const char  *folder,
                          GError     **error)
{
  SmsOutbox *outbox;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "SMS outbox %s: %s", folder, g_strerror (saved_errno));
      return NULL;
    }
  outbox = g_new0 (SmsOutbox, 1);
  outbox->parent.send = outbox_send;
  outbox->parent.free = outbox_free;
  outbox->folder = g_strdup (folder);
  return &outbox->parent;
}
