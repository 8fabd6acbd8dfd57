/* test-tamper.c: no one-byte change to a presentation changes what it proves
 *
 * A valid PID presentation (every one of its 21 disclosable claims
 * disclosed, 4–5 KiB) is changed one byte at a time, at every position,
 * and each result is verified again. Each must be rejected with a
 * VNEID_CREDENTIAL_ERROR — or, only where the byte lands in a place the
 * verifier ignores, verify to exactly the same claims. A changed claim value
 * never gets through.
 *
 * The substitutes: at a base64url character, the character whose 6-bit
 * value differs in the lowest bit and the one differing in the highest bit
 * (so every decoded byte under it changes, and the last character of a
 * segment also gets a change that lands only in the unused stray bits);
 * at '.' or '~', a base64url character and the other separator. Every
 * position also gets '~', '.' and a byte that is no base64url ('!'), and
 * every 16th position a non-ASCII byte (0xC3) and a NUL. A NUL ends the C
 * string: the prefix left may verify only without key binding and when it
 * ends at a "~" (a presentation of fewer disclosures, which a holder may
 * always make), and then to a part of the original claims. With and without
 * key binding: a loop test for each presentation and class of substitute.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-test-util.h"

/* Under valgrind (build.sh runs the Check suites through memcheck), where
 * everything is some 50 times slower: every 16th position only (memory
 * errors do not depend on where the byte is; a complete run is the one
 * without valgrind). */
#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
#  define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
# endif
#endif
#ifndef UNDER_VALGRIND
# define UNDER_VALGRIND() FALSE
#endif

static const char b64url[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

typedef struct {
  VneidKey        *issuer;
  VneidKey        *holder;
  VneidTrustStore *store;
  VneidVerifier   *verifier;
  char            *presentation;
  JsonNode        *claims;     /* the verified payload of the untouched presentation */
  gboolean         key_bound;
} Fixture;

static Fixture *
fixture_new (gboolean key_bound)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *issued = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  f->key_bound = key_bound;
  f->issuer = vt_key_new (VT_ISSUER_KID);
  f->holder = vt_key_new ("holder");
  f->store = vt_trust_store_new (f->issuer, VT_ISSUER, VT_VCT_PID);
  f->verifier = vt_verifier_new (f->store);
  issued = vt_issue_pid (f->issuer, key_bound ? f->holder : NULL);
  credential = vt_credential_new (issued);
  if (key_bound)
    f->presentation = vt_present (credential, vt_pid_disclosable_paths (), f->holder,
                                  VT_NONCE, VT_AUDIENCE, VT_NOW);
  else
    f->presentation = vt_present (credential, vt_pid_disclosable_paths (), NULL,
                                  NULL, NULL, VT_NOW);
  verified = key_bound
    ? vt_verify_ok_nonce (f->verifier, f->presentation, VT_NONCE, VT_AUDIENCE)
    : vt_verify_ok (f->verifier, f->presentation);
  ck_assert_uint_ge (vneid_verified_credential_get_disclosure_count (verified), 20);
  ck_assert (vneid_verified_credential_get_key_bound (verified) == key_bound);
  f->claims = json_node_init_object (json_node_alloc (),
                                     vneid_verified_credential_get_payload (verified));
  return f;
}

static void
fixture_free (Fixture *f)
{
  g_object_unref (f->issuer);
  g_object_unref (f->holder);
  g_object_unref (f->store);
  g_object_unref (f->verifier);
  g_free (f->presentation);
  json_node_unref (f->claims);
  g_free (f);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

typedef struct {
  guint tried;
  guint rejected;
  guint same_claims;
  guint fewer_claims;   /* NUL only: a prefix that drops trailing disclosures */
  guint codes[VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT + 1];
} Tally;

/* Whether @part is @whole with some claims left out: objects with fewer
 * members, arrays with fewer elements (in the same order), and every value
 * that is there the same. */
static gboolean
json_contained (JsonNode *part,
                JsonNode *whole)
{
  if (JSON_NODE_TYPE (part) != JSON_NODE_TYPE (whole))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (part))
    {
      JsonObject *p = json_node_get_object (part), *w = json_node_get_object (whole);
      g_autoptr(GList) members = json_object_get_members (p);

      for (GList *m = members; m != NULL; m = m->next)
        if (!json_object_has_member (w, m->data) ||
            !json_contained (json_object_get_member (p, m->data),
                             json_object_get_member (w, m->data)))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (part))
    {
      JsonArray *p = json_node_get_array (part), *w = json_node_get_array (whole);
      guint j = 0;

      for (guint i = 0; i < json_array_get_length (p); i++)
        {
          while (j < json_array_get_length (w) &&
                 !json_node_equal (json_array_get_element (p, i), json_array_get_element (w, j)))
            j++;
          if (j == json_array_get_length (w))
            return FALSE;
          j++;
        }
      return TRUE;
    }
  return json_node_equal (part, whole);
}

/* Verifies @f's presentation with byte @pos replaced by @c. */
static void
try_one (Fixture *f,
         gsize    pos,
         char     c,
         Tally   *tally)
{
  g_autofree char *tampered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified = NULL;

  if (f->presentation[pos] == c)
    return;
  tampered = g_strdup (f->presentation);
  tampered[pos] = c;
  verified = f->key_bound
    ? vneid_verifier_verify_with_nonce (f->verifier, tampered, VT_NONCE, VT_AUDIENCE, &error)
    : vneid_verifier_verify (f->verifier, tampered, &error);
  tally->tried++;

  if (verified == NULL)
    {
      ck_assert_msg (error != NULL, "byte %" G_GSIZE_FORMAT " → 0x%02x: no result and no error",
                     pos, (guint8) c);
      ck_assert_msg (error->domain == VNEID_CREDENTIAL_ERROR,
                     "byte %" G_GSIZE_FORMAT " → 0x%02x: error outside VNEID_CREDENTIAL_ERROR: %s",
                     pos, (guint8) c, error->message);
      ck_assert_msg (error->message[0] != '\0' && g_utf8_validate (error->message, -1, NULL),
                     "byte %" G_GSIZE_FORMAT ": empty or non-UTF-8 message", pos);
      ck_assert_int_ge (error->code, 0);
      ck_assert_int_le (error->code, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT);
      tally->codes[error->code]++;
      tally->rejected++;
      return;
    }

  ck_assert_ptr_null (error);
  {
    g_autoptr(JsonNode) claims =
      json_node_init_object (json_node_alloc (), vneid_verified_credential_get_payload (verified));
    g_autofree char *expected = json_to_string (f->claims, FALSE);
    g_autofree char *actual = json_to_string (claims, FALSE);

    if (c == '\0')
      {
        /* A NUL ends the C string: what is left is a prefix, which is a
         * valid presentation of fewer disclosures when it ends at a "~"
         * and nothing binds the disclosures (a holder may always drop
         * some). Then the claims must be a part of the original's. */
        ck_assert_msg (!f->key_bound && pos > 0 && f->presentation[pos - 1] == '~',
                       "NUL at byte %" G_GSIZE_FORMAT " (“%c”): the prefix verified", pos,
                       f->presentation[pos]);
        ck_assert_msg (json_contained (claims, f->claims),
                       "NUL at byte %" G_GSIZE_FORMAT ": the prefix verified to claims that "
                       "are not a part of the original's: expected a part of %s, got %s",
                       pos, expected, actual);
        tally->fewer_claims++;
        return;
      }
    ck_assert_msg (json_node_equal (claims, f->claims),
                   "byte %" G_GSIZE_FORMAT " (“%c”) → 0x%02x verified to other claims: "
                   "expected %s, got %s",
                   pos, f->presentation[pos], (guint8) c, expected, actual);
  }
  tally->same_claims++;
}

static void
report (Fixture     *f,
        const char  *what,
        const Tally *tally)
{
  static const char *const names[] = {
    "MALFORMED", "TOO_LARGE", "UNSUPPORTED_ALGORITHM", "WRONG_TYPE", "UNTRUSTED_ISSUER",
    "UNTRUSTED_KEY", "BAD_SIGNATURE", "BAD_DISCLOSURE", "RESERVED_CLAIM_NAME",
    "UNREFERENCED_DISCLOSURE", "DUPLICATE_DIGEST", "DUPLICATE_DISCLOSURE", "CLAIM_COLLISION",
    "NOT_DISCLOSABLE", "EXPIRED", "NOT_YET_VALID", "KEY_BINDING_REQUIRED",
    "KEY_BINDING_INVALID", "NONCE_MISMATCH", "AUDIENCE_MISMATCH", "KEY_BINDING_STALE",
    "REVOKED", "SUSPENDED", "STATUS_UNAVAILABLE", "INVALID_ARGUMENT",
  };
  g_autoptr(GString) line = g_string_new (NULL);

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT + 1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (tally->codes[i] > 0)
      g_string_append_printf (line, " %s %u", names[i], tally->codes[i]);
  /* A TAP comment (Check's own output goes elsewhere). */
  printf ("# %s, %s: %zu bytes, %u tampered, %u rejected (%s ), %u with the same claims, "
          "%u prefixes with fewer\n",
          f->key_bound ? "key-bound" : "no key binding", what, strlen (f->presentation),
          tally->tried, tally->rejected, line->str, tally->same_claims, tally->fewer_claims);
  fflush (stdout);
  ck_assert_uint_eq (tally->rejected + tally->same_claims + tally->fewer_claims, tally->tried);
  ck_assert_uint_gt (tally->tried, 0);
}

/* _i: bit 0 key binding; bits 1–2 the class of substitutes. */
enum { SUBST_BASE64URL, SUBST_SEPARATORS, SUBST_OTHER, N_SUBST };

START_TEST (test_every_byte)
{
  gboolean key_bound = (_i & 1) != 0;
  guint subst = _i >> 1;
  g_autoptr(Fixture) f = fixture_new (key_bound);
  gsize len = strlen (f->presentation);
  Tally tally = { 0 };
  const char *what = NULL;
  gsize stride = UNDER_VALGRIND () ? 16 : 1;

  for (gsize pos = _i % stride; pos < len; pos += stride)
    {
      char orig = f->presentation[pos];
      const char *at = strchr (b64url, orig);

      switch (subst)
        {
        case SUBST_BASE64URL:
          what = "base64url substitutes";
          if (at != NULL && orig != '\0')
            {
              guint v = at - b64url;
              try_one (f, pos, b64url[v ^ 1], &tally);
              try_one (f, pos, b64url[v ^ 32], &tally);
            }
          else
            {
              ck_assert_msg (orig == '.' || orig == '~', "unexpected byte 0x%02x", (guint8) orig);
              try_one (f, pos, 'A', &tally);
              try_one (f, pos, 'w', &tally);
            }
          break;
        case SUBST_SEPARATORS:
          what = "'~' and '.'";
          try_one (f, pos, '~', &tally);
          try_one (f, pos, '.', &tally);
          break;
        case SUBST_OTHER:
          what = "'!', 0xC3 and NUL";
          try_one (f, pos, '!', &tally);
          if (pos % 16 == 0 || stride > 1)
            {
              try_one (f, pos, (char) 0xC3, &tally);
              try_one (f, pos, '\0', &tally);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  report (f, what, &tally);
}
END_TEST

/* Dropping one character anywhere (a shorter segment, a merged pair of
 * segments) is rejected or changes nothing too. */
START_TEST (test_every_deletion)
{
  g_autoptr(Fixture) f = fixture_new (_i == 1);
  gsize len = strlen (f->presentation);
  Tally tally = { 0 };
  gsize stride = UNDER_VALGRIND () ? 16 : 1;

  for (gsize pos = _i % stride; pos < len; pos += stride)
    {
      g_autofree char *shorter = g_strdup (f->presentation);
      g_autoptr(GError) error = NULL;
      g_autoptr(VneidVerifiedCredential) verified = NULL;

      memmove (shorter + pos, shorter + pos + 1, len - pos);
      verified = f->key_bound
        ? vneid_verifier_verify_with_nonce (f->verifier, shorter, VT_NONCE, VT_AUDIENCE, &error)
        : vneid_verifier_verify (f->verifier, shorter, &error);
      tally.tried++;
      if (verified == NULL)
        {
          ck_assert_ptr_nonnull (error);
          ck_assert_msg (error->domain == VNEID_CREDENTIAL_ERROR, "%s", error->message);
          tally.codes[error->code]++;
          tally.rejected++;
        }
      else
        {
          g_autoptr(JsonNode) claims =
            json_node_init_object (json_node_alloc (), vneid_verified_credential_get_payload (verified));

          /* Only the trailing '~' of a presentation without key binding
           * may go, and then the input is no SD-JWT any more. */
          ck_assert_msg (json_node_equal (claims, f->claims),
                         "deleting byte %" G_GSIZE_FORMAT " verified to other claims", pos);
          tally.same_claims++;
        }
    }
  report (f, "every deletion", &tally);
}
END_TEST

static Suite *
tamper_suite (void)
{
  Suite *s = suite_create ("tamper");
  TCase *tc = tcase_create ("bytes");

  /* Some thousands of verifications each; slow only under the sanitizers. */
  tcase_set_timeout (tc, 300);
  tcase_add_loop_test (tc, test_every_byte, 0, 2 * N_SUBST);
  tcase_add_loop_test (tc, test_every_deletion, 0, 2);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return vt_run_suite (tamper_suite ());
}
