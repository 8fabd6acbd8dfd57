/* test-files.c: the bounded file reader and the readers built on it (keys,
 * issuer metadata, form schemas)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <glib/gstdio.h>

#include "vneid-test-util.h"

/* Every refusal here is decided before anything is read, in microseconds;
 * a reader that waits for a FIFO's writer never returns. The bound leaves
 * room for valgrind. */
#define FAST_USEC (5 * G_USEC_PER_SEC)
#define FAST_START() gint64 fast_start_ = g_get_monotonic_time ()
#define ASSERT_FAST(what)                                                        \
  G_STMT_START {                                                                 \
    gint64 took_ = g_get_monotonic_time () - fast_start_;                        \
    ck_assert_msg (took_ < FAST_USEC, "%s took %" G_GINT64_FORMAT " ms", (what), \
                   took_ / 1000);                                                \
  } G_STMT_END

static char *folder;

static void
make_folder (void)
{
  folder = g_dir_make_tmp ("vneid-files-XXXXXX", NULL);
  ck_assert_ptr_nonnull (folder);
}

static void
remove_folder (void)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_rmdir (path) != 0)
        g_unlink (path);
    }
  g_rmdir (folder);
  g_clear_pointer (&folder, g_free);
}

/* A file of @size bytes of @c in the test folder. */
static char *
file_of_size (const char *name,
              gsize       size,
              char        c)
{
  g_autofree char *text = g_malloc (size + 1);
  char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  memset (text, c, size);
  ck_assert_msg (g_file_set_contents (path, text, (gssize) size, &error), "%s", error ? error->message : "");
  return path;
}

static char *
fifo_path (void)
{
  char *path = g_build_filename (folder, "fifo", NULL);

  ck_assert_int_eq (mkfifo (path, 0600), 0);
  return path;
}

static void
assert_mentions (const GError *error,
                 const char   *text)
{
  ck_assert_msg (strstr (error->message, text) != NULL, "“%s” does not mention “%s”", error->message, text);
}

/* ---- vneid_file_read_bounded ------------------------------------------- */

START_TEST (test_read_whole)
{
  g_autofree char *path = g_build_filename (folder, "small.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 99;

  ck_assert (g_file_set_contents (path, "h\0llo", 5, NULL));
  text = vneid_file_read_bounded (path, 5, "test file", &len, &error);
  vt_assert_no_error (error);
  ck_assert_uint_eq (len, 5);
  ck_assert_mem_eq (text, "h\0llo", 6);  /* and the NUL after it */

  /* an empty file is "" */
  ck_assert (g_file_set_contents (path, "", 0, NULL));
  g_free (text);
  text = vneid_file_read_bounded (path, 0, NULL, &len, &error);
  vt_assert_no_error (error);
  ck_assert_uint_eq (len, 0);
  ck_assert_str_eq (text, "");
}
END_TEST

/* Exactly the limit is read; one byte more is refused, naming the file and
 * the limit. Sizes around the first buffer and its doublings. */
START_TEST (test_limit_exact)
{
  static const gsize limits[] = { 1, 1000, 4094, 4095, 4096, 65536, 1024 * 1024 };
  gsize limit = limits[_i];
  g_autofree char *at = file_of_size ("at", limit, 'a');
  g_autofree char *over = file_of_size ("over", limit + 1, 'o');
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *refused = NULL;
  gsize len = 0;

  text = vneid_file_read_bounded (at, limit, "test file", &len, &error);
  vt_assert_no_error (error);
  ck_assert_uint_eq (len, limit);
  ck_assert_int_eq (text[limit - 1], 'a');
  ck_assert_int_eq (text[limit], '\0');

  refused = vneid_file_read_bounded (over, limit, "test file", &len, &error);
  ck_assert_ptr_null (refused);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE, "over the limit");
  assert_mentions (error, "test file ");
  assert_mentions (error, over);
  assert_mentions (error, limit == 65536 ? "64 KiB" : limit == 1024 * 1024 ? "1 MiB" : "bytes");
}
END_TEST

START_TEST (test_limit_names)
{
  g_autofree char *path = file_of_size ("two-mib", 2 * 1024 * 1024, 'x');
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vneid_file_read_bounded (path, 1000, NULL, NULL, &error);

  ck_assert_ptr_null (text);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE,
                   "2097152 bytes, over the limit of 1000 bytes");
}
END_TEST

/* A file whose size says nothing (/proc): read through the growing
 * buffer, and still cut at the limit. */
START_TEST (test_unknown_size)
{
  const char *path = "/proc/self/maps";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cut = NULL;
  gsize len = 0;
  GStatBuf st;

  ck_assert_msg (g_stat (path, &st) == 0 && st.st_size == 0, "%s: not a file of unknown size here", path);
  text = vneid_file_read_bounded (path, 4 * 1024 * 1024, NULL, &len, &error);
  vt_assert_no_error (error);
  ck_assert_uint_eq (strlen (text), len);
  ck_assert_uint_gt (len, 0);

  cut = vneid_file_read_bounded (path, 10, NULL, &len, &error);
  ck_assert_ptr_null (cut);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE, "over the limit of 10 bytes");
}
END_TEST

/* A FIFO with no writer: opening it must not wait, reading it must not
 * start. */
START_TEST (test_fifo)
{
  g_autofree char *path = fifo_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  FAST_START ();

  text = vneid_file_read_bounded (path, 1024, "test file", NULL, &error);
  ASSERT_FAST ("refusing a FIFO");
  ck_assert_ptr_null (text);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_NOT_REGULAR, "not a regular file (a FIFO)");
  assert_mentions (error, path);
}
END_TEST

START_TEST (test_directory)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vneid_file_read_bounded (folder, 1024, NULL, NULL, &error);

  ck_assert_ptr_null (text);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_NOT_REGULAR, "not a regular file (a directory)");
  assert_mentions (error, folder);
}
END_TEST

/* A device that never ends. */
START_TEST (test_device)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  FAST_START ();

  text = vneid_file_read_bounded ("/dev/zero", 1024, NULL, NULL, &error);
  ASSERT_FAST ("refusing /dev/zero");
  ck_assert_ptr_null (text);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_NOT_REGULAR, "/dev/zero: not a regular file");
}
END_TEST

START_TEST (test_missing)
{
  g_autofree char *path = g_build_filename (folder, "no-such-file", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vneid_file_read_bounded (path, 1024, "test file", NULL, &error);

  ck_assert_ptr_null (text);
  vt_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "cannot open");
  assert_mentions (error, path);
}
END_TEST

/* ---- the readers built on it ------------------------------------------- */

START_TEST (test_key_file_limit)
{
  /* a key file was read whole, whatever its size */
  g_autofree char *path = file_of_size ("huge.jwk", 64 * 1024 + 1, ' ');
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) key = NULL;
  FAST_START ();

  key = vneid_key_new_from_file (path, &error);
  ASSERT_FAST ("refusing a huge key file");
  ck_assert_ptr_null (key);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE, "64 KiB");
  assert_mentions (error, "key file ");
  assert_mentions (error, path);
}
END_TEST

START_TEST (test_key_file_not_regular)
{
  g_autofree char *fifo = fifo_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) key = NULL;
  FAST_START ();

  key = vneid_key_new_from_file (fifo, &error);
  ASSERT_FAST ("refusing a FIFO as a key file");
  ck_assert_ptr_null (key);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_NOT_REGULAR, "FIFO");
  g_clear_error (&error);

  key = vneid_key_new_from_file (folder, &error);
  ck_assert_ptr_null (key);
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_NOT_REGULAR, "directory");
}
END_TEST

START_TEST (test_metadata_file)
{
  g_autofree char *huge = file_of_size ("huge.metadata.json", 64 * 1024 + 1, ' ');
  g_autofree char *fifo = fifo_path ();
  g_autofree char *missing = g_build_filename (folder, "missing.json", NULL);
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autoptr(GError) error = NULL;
  FAST_START ();

  ck_assert (!vneid_trust_store_add_metadata_file (store, huge, &error));
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_TOO_LARGE, "issuer metadata");
  assert_mentions (error, "64 KiB");
  g_clear_error (&error);
  ck_assert (!vneid_trust_store_add_metadata_file (store, fifo, &error));
  vt_assert_error (error, VNEID_FILE_ERROR, VNEID_FILE_ERROR_NOT_REGULAR, "issuer metadata");
  g_clear_error (&error);
  ck_assert (!vneid_trust_store_add_metadata_file (store, missing, &error));
  vt_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "issuer metadata");
  ASSERT_FAST ("refusing three metadata files");
}
END_TEST

/* Schemas keep their own error domain; a FIFO hung the schema reader. */
START_TEST (test_schema_file)
{
  g_autofree char *fifo = fifo_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFormSchema) schema = NULL;
  FAST_START ();

  schema = vneid_form_schema_new_from_file (fifo, &error);
  ASSERT_FAST ("refusing a FIFO as a schema");
  ck_assert_ptr_null (schema);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_SCHEMA, "not a regular file");
}
END_TEST

static Suite *
files_suite (void)
{
  Suite *s = suite_create ("files");
  TCase *tc;

  tc = tcase_create ("read-bounded");
  tcase_add_checked_fixture (tc, make_folder, remove_folder);
  tcase_add_test (tc, test_read_whole);
  tcase_add_loop_test (tc, test_limit_exact, 0, 7);
  tcase_add_test (tc, test_limit_names);
  tcase_add_test (tc, test_unknown_size);
  tcase_add_test (tc, test_fifo);
  tcase_add_test (tc, test_directory);
  tcase_add_test (tc, test_device);
  tcase_add_test (tc, test_missing);
  suite_add_tcase (s, tc);

  tc = tcase_create ("readers");
  tcase_add_checked_fixture (tc, make_folder, remove_folder);
  tcase_add_test (tc, test_key_file_limit);
  tcase_add_test (tc, test_key_file_not_regular);
  tcase_add_test (tc, test_metadata_file);
  tcase_add_test (tc, test_schema_file);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (files_suite ());
}
