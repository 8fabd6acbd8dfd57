/* test-secrets.c: private keys in JWK form, and what is left of them in
 * freed heap memory
 *
 * What this suite checks, and what it cannot:
 *
 * - The public JWK never carries "d", whatever key it comes from; the
 *   private JWK round-trips (same public key, thumbprint, kid, signatures).
 *
 * - Residue: this program replaces free() and realloc() (it defines them;
 *   the dynamic linker binds every library's calls to the program's
 *   definitions — no LD_PRELOAD, no hook in libvneid). While a window is
 *   open, every block handed to free(), and every block realloc() gives up
 *   (the replacement always moves, as a growing realloc usually does), is
 *   copied aside before it is released. After the window the copies are
 *   searched for any 16-character run of the key's base64url "d" and any
 *   16-byte run of the raw seed. That covers g_free() and g_realloc() from
 *   libvneid, json-glib and GLib (GString growth included), which is where
 *   a JWK's text and its parsed tree live.
 *
 *   Not covered: libsodium's own memory (sodium_malloc/sodium_free: the
 *   private key and seeds; libsodium wipes it before unmapping, which a
 *   test cannot observe without reading unmapped pages), stack copies,
 *   memory the caller is given (the private JWK text or object is the
 *   caller's to wipe), and copies made inside libc that never reach free().
 *   Under AddressSanitizer, ThreadSanitizer or valgrind the sanitizer owns
 *   malloc; the replacement steps aside, the residue tests say so on
 *   stderr and check only what they can (the self-test proves whether the
 *   replacement is live).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vneid-test-util.h"

/* The RFC 8037 appendix A key. */
#define RFC_D "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
#define RFC_X "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
#define RUN   16

/* ---- free() and realloc(), replaced ------------------------------------ */

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define REPLACE_FREE 0
#else
#define REPLACE_FREE 1
#endif

/* The copies of freed blocks, taken while the window is open. */
#define RECORD_SIZE (16u << 20)
static guchar   record[RECORD_SIZE];
static gsize    record_len;
static gboolean record_overflow;
static volatile gboolean window_open;
static gboolean replacement_usable = REPLACE_FREE;

#if REPLACE_FREE
extern void  __libc_free    (void *ptr);
extern void *__libc_malloc  (size_t size);

static void
record_block (void *ptr)
{
  size_t size = malloc_usable_size (ptr);

  if (record_len + size + 1 > RECORD_SIZE)
    {
      record_overflow = TRUE;
      return;
    }
  memcpy (record + record_len, ptr, size);
  record_len += size;
  record[record_len++] = 0; /* no run spans two blocks */
}

void
free (void *ptr)
{
  if (ptr != NULL && window_open && replacement_usable)
    record_block (ptr);
  __libc_free (ptr);
}

void *
realloc (void *ptr,
         size_t size)
{
  void *moved;
  size_t old;

  if (ptr == NULL)
    return __libc_malloc (size);
  if (size == 0)
    {
      free (ptr);
      return NULL;
    }
  moved = __libc_malloc (size);
  if (moved == NULL)
    return NULL;
  old = malloc_usable_size (ptr);
  memcpy (moved, ptr, MIN (old, size));
  free (ptr);
  return moved;
}
#endif

static void
window_begin (void)
{
  sodium_memzero (record, record_len);
  record_len = 0;
  record_overflow = FALSE;
  window_open = TRUE;
}

/* How many runs of @d_b64 / @seed the record holds. */
static guint
record_scan (const char   *d_b64,
             const guint8 *seed)
{
  gsize d_len = strlen (d_b64);
  guint hits = 0;

  ck_assert_msg (!record_overflow, "more freed memory than the record holds");
  for (gsize i = 0; i + RUN <= d_len; i++)
    if (memmem (record, record_len, d_b64 + i, RUN) != NULL)
      hits++;
  for (gsize i = 0; i + RUN <= crypto_sign_SEEDBYTES; i++)
    if (memmem (record, record_len, seed + i, RUN) != NULL)
      hits++;
  return hits;
}

static void
record_clear (void)
{
  sodium_memzero (record, record_len);
  record_len = 0;
}

/* Closes the window; returns how many runs of @d_b64 / @seed were found. */
static guint
window_end (const char   *d_b64,
            const guint8 *seed)
{
  guint hits;

  window_open = FALSE;
  hits = record_scan (d_b64, seed);
  record_clear ();
  return hits;
}

/* A private JWK's "d" and its 32 bytes. */
typedef struct {
  char   d[64];
  guint8 seed[crypto_sign_SEEDBYTES];
} Secret;

static void
secret_from_d (Secret     *secret,
               const char *d)
{
  size_t len = 0;

  g_strlcpy (secret->d, d, sizeof secret->d);
  ck_assert_int_eq (sodium_base642bin (secret->seed, sizeof secret->seed, d, strlen (d), NULL, &len,
                                       NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
  ck_assert_uint_eq (len, crypto_sign_SEEDBYTES);
}

static void
secret_from_key (Secret   *secret,
                 VneidKey *key)
{
  g_autoptr(JsonObject) jwk = vneid_key_to_jwk_object (key, TRUE);

  secret_from_d (secret, json_object_get_string_member (jwk, "d"));
}

/* The RFC key's private JWK text, in sodium memory (so that the test's own
 * copy never goes through free()). Free with sodium_free(). */
static char *
rfc_jwk_text (const char *kid)
{
  g_autofree char *text = g_strdup_printf ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"%s\","
                                           "\"x\":\"%s\",\"kid\":\"%s\"}", RFC_D, RFC_X, kid);
  char *secure = sodium_malloc (strlen (text) + 1);

  memcpy (secure, text, strlen (text) + 1);
  sodium_memzero (text, strlen (text)); /* no secret: the RFC's key */
  return secure;
}

/* Whether the residue tests can run; says why not on stderr. */
static gboolean
residue_checkable (const char *test)
{
  if (!replacement_usable)
    fprintf (stderr, "# %s: free() is the sanitizer's or valgrind's here: residue not checked\n",
             test);
  return replacement_usable;
}

/* ---- the self-test: the replacement sees GLib's frees ------------------- */

START_TEST (test_replacement_sees_frees)
{
  Secret secret;
  char *copy;
  GString *growing;

  if (!residue_checkable ("self-test"))
    return;
  secret_from_d (&secret, RFC_D);

  /* g_free() from GLib */
  window_begin ();
  copy = g_strdup (secret.d);
  g_free (copy);
  ck_assert_uint_gt (window_end (secret.d, secret.seed), 0);

  /* a GString that grows past the secret: realloc from inside GLib */
  window_begin ();
  growing = g_string_new (secret.d);
  for (int i = 0; i < 200; i++)
    g_string_append (growing, "................");
  sodium_memzero (growing->str, growing->len);
  g_string_free (growing, TRUE);
  ck_assert_uint_gt (window_end (secret.d, secret.seed), 0);

  /* the raw seed */
  window_begin ();
  copy = g_memdup2 (secret.seed, sizeof secret.seed);
  g_free (copy);
  ck_assert_uint_gt (window_end (secret.d, secret.seed), 0);

  /* and a wiped copy leaves nothing */
  window_begin ();
  copy = g_strdup (secret.d);
  sodium_memzero (copy, strlen (copy));
  g_free (copy);
  ck_assert_uint_eq (window_end (secret.d, secret.seed), 0);
}
END_TEST

/* ---- the JWK forms ----------------------------------------------------- */

static void
assert_public_only (VneidKey *key)
{
  g_autofree char *text = vneid_key_to_jwk (key, FALSE);
  g_autoptr(JsonObject) jwk = vt_json_object (text);
  g_autoptr(JsonObject) object = vneid_key_to_jwk_object (key, FALSE);

  ck_assert (!json_object_has_member (jwk, "d"));
  ck_assert (!json_object_has_member (object, "d"));
  ck_assert_str_eq (json_object_get_string_member (jwk, "kty"), "OKP");
  ck_assert_str_eq (json_object_get_string_member (jwk, "crv"), "Ed25519");
  ck_assert (json_object_has_member (jwk, "x"));
}

START_TEST (test_public_jwk_has_no_d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) generated = vneid_key_generate ("gen", &error);
  g_autoptr(VneidKey) rfc = vt_rfc8037_key ();
  g_autoptr(VneidKey) public_copy = vneid_key_dup_public (generated);
  g_autofree char *public_text = vneid_key_to_jwk (generated, FALSE);
  g_autoptr(VneidKey) imported_public = vneid_key_new_from_jwk (public_text, &error);
  g_autofree char *asked_private = NULL;

  vt_assert_no_error (error);
  assert_public_only (generated);
  assert_public_only (rfc);
  assert_public_only (public_copy);
  assert_public_only (imported_public);

  /* a key without its private part has no "d" to give, even when asked */
  ck_assert (!vneid_key_has_private (public_copy));
  ck_assert (!vneid_key_has_private (imported_public));
  asked_private = vneid_key_to_jwk (public_copy, TRUE);
  ck_assert_ptr_null (strstr (asked_private, "\"d\""));
  g_clear_pointer (&asked_private, g_free);
  asked_private = vneid_key_to_jwk (imported_public, TRUE);
  ck_assert_ptr_null (strstr (asked_private, "\"d\""));
}
END_TEST

static void
assert_round_trip (VneidKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vneid_key_to_jwk (key, TRUE);
  g_autoptr(VneidKey) copy = vneid_key_new_from_jwk (text, &error);
  g_autofree char *thumbprint = vneid_key_get_thumbprint (key);
  g_autofree char *copy_thumbprint = NULL;
  static const guint8 message[] = "Cộng hòa xã hội chủ nghĩa Việt Nam";
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) copy_signature = NULL;

  vt_assert_no_error (error);
  ck_assert (vneid_key_has_private (copy));
  ck_assert (vneid_key_equal (key, copy));
  ck_assert_pstr_eq (vneid_key_get_kid (copy), vneid_key_get_kid (key));
  copy_thumbprint = vneid_key_get_thumbprint (copy);
  ck_assert_str_eq (copy_thumbprint, thumbprint);

  /* Ed25519 is deterministic: the same seed signs alike */
  signature = vneid_key_sign (key, message, sizeof message, &error);
  vt_assert_no_error (error);
  copy_signature = vneid_key_sign (copy, message, sizeof message, &error);
  vt_assert_no_error (error);
  ck_assert (g_bytes_equal (signature, copy_signature));
  ck_assert (vneid_key_verify (key, message, sizeof message,
                               g_bytes_get_data (copy_signature, NULL), g_bytes_get_size (copy_signature)));
  sodium_memzero (text, strlen (text));
}

START_TEST (test_private_jwk_round_trips)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) generated = vneid_key_generate ("gen", &error);
  g_autoptr(VneidKey) rfc = vt_rfc8037_key ();
  g_autoptr(JsonObject) rfc_jwk = vneid_key_to_jwk_object (rfc, TRUE);

  vt_assert_no_error (error);
  assert_round_trip (generated);
  assert_round_trip (rfc);
  /* the RFC's own values */
  ck_assert_str_eq (json_object_get_string_member (rfc_jwk, "d"), RFC_D);
  ck_assert_str_eq (json_object_get_string_member (rfc_jwk, "x"), RFC_X);
}
END_TEST

/* ---- residue ------------------------------------------------------------ */

/* Importing a private JWK from text: the parse, the key, its end. */
START_TEST (test_import_leaves_no_copy)
{
  Secret secret;
  char *text = rfc_jwk_text ("rfc8037");
  g_autoptr(GError) error = NULL;
  VneidKey *key;
  guint hits;

  secret_from_d (&secret, RFC_D);
  window_begin ();
  key = vneid_key_new_from_jwk (text, &error);
  ck_assert_ptr_nonnull (key);
  g_object_unref (key);
  hits = window_end (secret.d, secret.seed);
  sodium_free (text);
  vt_assert_no_error (error);
  if (residue_checkable ("import"))
    ck_assert_msg (hits == 0, "importing a private JWK left %u runs of the private key in freed "
                   "heap memory", hits);
}
END_TEST

/* vneid_key_new_from_file() says it wipes the text it read. */
START_TEST (test_import_from_file_leaves_no_copy)
{
  Secret secret;
  char *text = rfc_jwk_text ("rfc8037-file");
  g_autofree char *dir = g_dir_make_tmp ("vneid-secrets-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VneidKey *key;
  FILE *file;
  guint hits;

  ck_assert_ptr_nonnull (dir);
  path = g_build_filename (dir, "key.jwk", NULL);
  file = fopen (path, "w");
  ck_assert_ptr_nonnull (file);
  ck_assert_int_eq (fputs (text, file) >= 0, 1);
  ck_assert_int_eq (fclose (file), 0);
  sodium_free (text);

  secret_from_d (&secret, RFC_D);
  window_begin ();
  key = vneid_key_new_from_file (path, &error);
  ck_assert_ptr_nonnull (key);
  g_object_unref (key);
  hits = window_end (secret.d, secret.seed);
  g_unlink (path);
  g_rmdir (dir);
  vt_assert_no_error (error);
  if (residue_checkable ("import from file"))
    ck_assert_msg (hits == 0, "reading a private JWK file left %u runs of the private key in "
                   "freed heap memory", hits);
}
END_TEST

/* Exporting the private JWK as text: the text is the caller's, and the
 * caller wipes it; the library's own working copies must not stay behind. */
START_TEST (test_export_leaves_no_copy)
{
  Secret secret;
  g_autoptr(VneidKey) key = vt_rfc8037_key ();
  char *text;
  guint hits;

  secret_from_key (&secret, key);
  window_begin ();
  text = vneid_key_to_jwk (key, TRUE);
  ck_assert_ptr_nonnull (strstr (text, secret.d));
  sodium_memzero (text, strlen (text));
  g_free (text);
  hits = window_end (secret.d, secret.seed);
  if (residue_checkable ("export"))
    ck_assert_msg (hits == 0, "exporting a private JWK left %u runs of the private key in freed "
                   "heap memory besides the caller's text", hits);
}
END_TEST

/* Generating a key and using it: issuing, presenting with key binding,
 * signing. Nothing of the seed may pass through the heap. */
START_TEST (test_use_leaves_no_copy)
{
  Secret issuer_secret, holder_secret;
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidKey) issuer = NULL;
  g_autoptr(VneidKey) holder = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *presentation = NULL;
  static const guint8 message[] = "message";
  guint hits;

  window_begin ();
  issuer = vneid_key_generate ("issuer", &error);
  holder = vneid_key_generate ("holder", &error);
  vt_assert_no_error (error);
  {
    g_autoptr(VneidCredential) credential = NULL;
    g_autoptr(GBytes) signature = NULL;

    issued = vt_issue_pid (issuer, holder);
    credential = vt_credential_new (issued);
    presentation = vt_present (credential, vt_pid_disclosable_paths (), holder, VT_NONCE,
                               VT_AUDIENCE, VT_NOW);
    signature = vneid_key_sign (holder, message, sizeof message, &error);
    vt_assert_no_error (error);
  }
  window_open = FALSE; /* the secrets are learnt only now, from the keys */
  secret_from_key (&issuer_secret, issuer);
  secret_from_key (&holder_secret, holder);
  hits = record_scan (issuer_secret.d, issuer_secret.seed) +
         record_scan (holder_secret.d, holder_secret.seed);
  record_clear ();
  if (residue_checkable ("use"))
    ck_assert_msg (hits == 0, "generating and using keys left %u runs of a private key in freed "
                   "heap memory", hits);
}
END_TEST

static Suite *
secrets_suite (void)
{
  Suite *suite = suite_create ("secrets");
  TCase *tc = tcase_create ("jwk");

  tcase_add_test (tc, test_public_jwk_has_no_d);
  tcase_add_test (tc, test_private_jwk_round_trips);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("residue");
  tcase_add_test (tc, test_replacement_sees_frees);
  tcase_add_test (tc, test_import_leaves_no_copy);
  tcase_add_test (tc, test_import_from_file_leaves_no_copy);
  tcase_add_test (tc, test_export_leaves_no_copy);
  tcase_add_test (tc, test_use_leaves_no_copy);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

  /* valgrind's malloc is not glibc's: do not hand its blocks to glibc */
  if (preload != NULL && strstr (preload, "vgpreload") != NULL)
    replacement_usable = FALSE;
  /* the tests' own sodium_malloc() may come before the library's first call */
  if (sodium_init () < 0)
    return EXIT_FAILURE;
  return vt_run_suite (secrets_suite ());
}
