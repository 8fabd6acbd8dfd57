/* vneid-file.c: reading small files from outside, with a size limit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "vneid-file.h"
#include "vneid-file-private.h"

G_DEFINE_QUARK (vneid-file-error-quark, vneid_file_error)

#define KIB 1024
#define MIB (1024 * 1024)
/* The first buffer when the file's size says little (/proc, a file that grows). */
#define MIN_BUFFER 4096

/* "1 MiB", "64 KiB", "1000 bytes" */
static char *
format_limit (gsize max_size)
{
  if (max_size >= MIB && max_size % MIB == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", max_size / MIB);
  if (max_size >= KIB && max_size % KIB == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " KiB", max_size / KIB);
  return g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", max_size);
}

/* Buffers may hold a private key (key files): wiped before they are freed. */
static void
wipe_and_free (char  *buffer,
               gsize  size)
{
  if (buffer == NULL)
    return;
  sodium_memzero (buffer, size);
  g_free (buffer);
}

typedef struct {
  const char *path;
  const char *what;      /* "key file", for messages; may be NULL */
  gsize       max_size;
  char       *buffer;
  gsize       capacity;  /* at most max_size + 2: one byte past the limit, one NUL */
  gsize       used;
} Reading;

/* "WHAT PATH: MESSAGE". Made only on failure: on success the reader
 * allocates nothing but the buffer it returns. */
G_GNUC_PRINTF (5, 6)
static gboolean
fail (Reading     *reading,
      GError     **error,
      GQuark       domain,
      gint         code,
      const char  *format,
      ...)
{
  g_autofree char *display = g_filename_display_name (reading->path);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (reading->what != NULL)
    g_set_error (error, domain, code, "%s %s: %s", reading->what, display, message);
  else
    g_set_error (error, domain, code, "%s: %s", display, message);
  return FALSE;
}

static gboolean
fail_errno (Reading     *reading,
            GError     **error,
            const char  *doing,
            int          saved_errno)
{
  return fail (reading, error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "cannot %s: %s",
               doing, g_strerror (saved_errno));
}

static gboolean
fail_too_large (Reading  *reading,
                gint64    size,
                GError  **error)
{
  g_autofree char *limit = format_limit (reading->max_size);

  if (size >= 0)
    return fail (reading, error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE,
                 "%" G_GINT64_FORMAT " bytes, over the limit of %s", size, limit);
  return fail (reading, error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE,
               "over the limit of %s", limit);
}

/* Doubles the buffer, up to max_size + 2 bytes. Not g_realloc(): the old
 * buffer is wiped. */
static void
grow (Reading *reading)
{
  gsize capacity = MIN (reading->capacity * 2, reading->max_size + 2);
  char *buffer = g_malloc0 (capacity);

  memcpy (buffer, reading->buffer, reading->used);
  wipe_and_free (reading->buffer, reading->capacity);
  reading->buffer = buffer;
  reading->capacity = capacity;
}

/* Reads to the end of the file, or to one byte past the limit: the file
 * may have grown since it was measured. */
static gboolean
read_all (Reading  *reading,
          int       fd,
          GError  **error)
{
  for (;;)
    {
      gssize n;

      if (reading->used == reading->capacity - 1)
        {
          if (reading->used > reading->max_size)
            return fail_too_large (reading, -1, error);
          grow (reading);
        }
      n = read (fd, reading->buffer + reading->used, reading->capacity - 1 - reading->used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail_errno (reading, error, "read", errno);
      if (n == 0)
        break;
      reading->used += (gsize) n;
    }
  if (reading->used > reading->max_size)
    return fail_too_large (reading, -1, error);
  return TRUE;
}

/* Only regular files: a FIFO or a device could block the reader forever or
 * never end. */
static gboolean
check_regular (Reading      *reading,
               struct stat  *st,
               GError      **error)
{
  if (S_ISREG (st->st_mode))
    return TRUE;
  return fail (reading, error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_NOT_REGULAR, "not a regular file%s",
               S_ISDIR (st->st_mode) ? " (a directory)" : S_ISFIFO (st->st_mode) ? " (a FIFO)" : "");
}

static int
open_for_reading (Reading     *reading,
                  const char  *path,
                  GError     **error)
{
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused
   * once fstat() says what it is. It changes nothing for regular files. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);

  if (fd < 0)
    fail_errno (reading, error, "open", errno);
  return fd;
}

/* Measures and reads the file open on @fd, which it closes. */
static char *
read_open_file (Reading  *reading,
                int       fd,
                gsize    *length,
                GError  **error)
{
  struct stat st;
  gboolean ok;

  if ((fstat (fd, &st) != 0 && !fail_errno (reading, error, "read", errno)) ||
      !check_regular (reading, &st, error) ||
      ((gsize) st.st_size > reading->max_size && !fail_too_large (reading, (gint64) st.st_size, error)))
    {
      close (fd);
      return NULL;
    }

  reading->capacity = MIN (MAX ((gsize) st.st_size + 2, MIN_BUFFER), reading->max_size + 2);
  /* zeroed: the caller wipes what was read, and nothing else of the heap's
   * past (another's secret) may ride along */
  reading->buffer = g_malloc0 (reading->capacity);
  ok = read_all (reading, fd, error);
  close (fd);
  if (!ok)
    {
      wipe_and_free (reading->buffer, reading->capacity);
      return NULL;
    }
  reading->buffer[reading->used] = '\0';
  if (length != NULL)
    *length = reading->used;
  return reading->buffer;
}

/**
 * vneid_file_read_bounded:
 * @path: (type filename): the file to read
 * @max_size: the largest size accepted, in bytes
 * @what: (nullable): what the file is, for messages ("key file", "issuer
 *   metadata"), or %NULL
 * @length: (out) (optional): where to store the number of bytes read
 * @error: return location for a #GError
 *
 * Reads a whole file that comes from outside, refusing one over @max_size
 * bytes or one that is not a regular file (a directory, a FIFO, a device)
 * without reading it. The file is opened once and measured and read through
 * that one descriptor; at most one byte past the limit is ever read, even
 * when the file grows meanwhile. Buffers left behind are wiped, since the
 * file may hold a private key.
 *
 Every message names @what and @path: %VNEID_FILE_ERROR_TOO_LARGE over
 * the limit (the message names the limit), %VNEID_FILE_ERROR_NOT_REGULAR
 * for a file that is not a regular file, and a %G_FILE_ERROR for what the
 * system refuses (%G_FILE_ERROR_NOENT, %G_FILE_ERROR_ACCES, …).
 *
 * Returns: (transfer full) (array length=length) (element-type guint8):
 *   the contents, followed by a NUL byte that @length does not count, or
 *   %NULL with @error set
 *
 * Since: 0.2
 */
char *
vneid_file_read_bounded (const char  *path,
                         gsize        max_size,
                         const char  *what,
                         gsize       *length,
                         GError     **error)
{
  Reading reading = { path, what, max_size, NULL, 0, 0 };
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_size < G_MAXSIZE - 2, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_for_reading (&reading, path, error);
  if (fd < 0)
    return NULL;
  return read_open_file (&reading, fd, length, error);
}

char *
vneid_file_read_bounded_in_folder (const char  *directory,
                                   const char  *name,
                                   gsize        max_size,
                                   const char  *what,
                                   gsize       *length,
                                   GError     **error)
{
  Reading reading = { name, what, max_size, NULL, 0, 0 };
  int dir_fd, fd, saved;

  g_return_val_if_fail (directory != NULL && name != NULL && strchr (name, '/') == NULL, NULL);
  g_return_val_if_fail (max_size < G_MAXSIZE - 2, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir_fd = g_open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir_fd < 0)
    {
      reading.path = directory;
      fail_errno (&reading, error, "open", errno);
      return NULL;
    }
  /* O_NOFOLLOW: a link is refused (ELOOP), wherever it points. */
  fd = openat (dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
  saved = errno;
  close (dir_fd);
  if (fd < 0)
    {
      fail_errno (&reading, error, "open", saved);
      return NULL;
    }
  return read_open_file (&reading, fd, length, error);
}
