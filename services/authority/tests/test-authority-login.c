/* test-authority-login.c: passwords (policy, Argon2id parameters), login
 * throttling and lockout timing with an injected clock, sessions, password
 * change — on SQLite or PostgreSQL (AUTHORITY_TEST_BACKEND)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "authority-test-util.h"
#include "authority-service-private.h"

START_TEST (test_password_policy)
{
  static const struct {
    const char *password;
    gboolean    accepted;
  } cases[] = {
    { "Mật-khẩu 2026", TRUE },      /* Vietnamese letters count as letters */
    { "Abcdef1!", TRUE },            /* exactly 8 */
    { "Abcde1!", FALSE },            /* 7 */
    { "abcdefg1!", FALSE },          /* no uppercase */
    { "ABCDEFG1!", FALSE },          /* no lowercase */
    { "Abcdefgh!", FALSE },          /* no digit */
    { "Abcdefgh1", FALSE },          /* nothing but letters and digits */
    { "Ab1!001185034517", FALSE },   /* holds the personal ID */
    { "Abcdef1!\x01", FALSE },       /* control character */
    { "Aa1!aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRUE },   /* 64 */
    { "Aa1!aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", FALSE },  /* 65 */
    { "Ab1!\xff\xfe" "abcd", FALSE },   /* not UTF-8 */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean accepted = authority_password_check_policy (AT_MAI, cases[i].password, &error);

      ck_assert_msg (accepted == cases[i].accepted, "case %" G_GSIZE_FORMAT ": %s", i,
                     error ? error->message : "accepted");
    }
}
END_TEST

START_TEST (test_password_hash_parameters)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *test_hash = authority_password_hash (at.service, AT_PASSWORD, &error);
  g_autofree char *interactive = NULL;

  /* The test cost: Argon2id at libsodium's minimum (8 KiB, 1 pass). */
  ck_assert (g_str_has_prefix (test_hash, "$argon2id$v=19$m=8,t=1,p=1$"));
  ck_assert (authority_password_verify (test_hash, AT_PASSWORD));
  ck_assert (!authority_password_verify (test_hash, "Mật-khẩu 2027"));
  /* The default: the interactive limits, 64 MiB and 2 passes. */
  at.service->pwhash_cost = AUTHORITY_PWHASH_INTERACTIVE;
  interactive = authority_password_hash (at.service, AT_PASSWORD, &error);
  ck_assert (g_str_has_prefix (interactive, "$argon2id$v=19$m=65536,t=2,p=1$"));
  ck_assert (authority_password_verify (interactive, AT_PASSWORD));
  /* Salted: the same password never hashes the same. */
  at.service->pwhash_cost = AUTHORITY_PWHASH_TEST;
  {
    g_autofree char *again = authority_password_hash (at.service, AT_PASSWORD, &error);
    ck_assert_str_ne (again, test_hash);
  }
  /* The stored hash of an activated account is Argon2id. */
  at_make_active (AT_MAI, "0912345678");
  ck_assert_int_eq (at_count ("SELECT count(*) FROM accounts WHERE password_hash LIKE '$argon2id$%'"), 1);
}
END_TEST

START_TEST (test_login_and_session)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  g_autofree char *who = NULL;
  g_autofree char *hash = NULL;

  at_make_active (AT_MAI, "0912345678");
  session = at_login (AT_MAI);
  ck_assert_int_ge (strlen (session), 43);   /* 256 random bits */
  who = authority_service_authenticate (at.service, session, &error);
  ck_assert_str_eq (who, AT_MAI);
  /* Stored as its hash only. */
  {
    const char *params[] = { session };
    g_autoptr(ServiceRows) rows = service_store_query (at.store,
                                                       "SELECT count(*) FROM sessions WHERE token_hash = $1",
                                                       params, 1, &error);
    ck_assert_int_eq (service_rows_get_int (rows, 0, 0), 0);
  }
  hash = authority_hash_secret (session);
  {
    const char *params[] = { hash };
    g_autoptr(ServiceRows) rows = service_store_query (at.store,
                                                       "SELECT count(*) FROM sessions WHERE token_hash = $1",
                                                       params, 1, &error);
    ck_assert_int_eq (service_rows_get_int (rows, 0, 0), 1);
  }
  ck_assert_ptr_null (authority_service_authenticate (at.service, "not-a-session", &error));
  at_assert_error (error, AUTHORITY_ERROR_UNAUTHORIZED);
  ck_assert_ptr_null (authority_service_authenticate (at.service, NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_UNAUTHORIZED);
  /* Sessions last an hour. */
  at.now += 3600;
  ck_assert_ptr_null (authority_service_authenticate (at.service, session, &error));
  at_assert_error (error, AUTHORITY_ERROR_UNAUTHORIZED);
}
END_TEST

START_TEST (test_logout)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  g_autofree char *other = NULL;
  g_autofree char *who = NULL;

  at_make_active (AT_MAI, "0912345678");
  session = at_login (AT_MAI);
  other = at_login (AT_MAI);
  at_assert_ok (authority_service_logout (at.service, session, &error), error);
  ck_assert_ptr_null (authority_service_authenticate (at.service, session, &error));
  at_assert_error (error, AUTHORITY_ERROR_UNAUTHORIZED);
  ck_assert (!authority_service_logout (at.service, session, &error));
  at_assert_error (error, AUTHORITY_ERROR_UNAUTHORIZED);
  /* The other session stays. */
  who = authority_service_authenticate (at.service, other, &error);
  ck_assert_str_eq (who, AT_MAI);
}
END_TEST

START_TEST (test_login_refusals)
{
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (authority_service_login (at.service, "12", AT_PASSWORD, NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  /* Unknown ID and wrong password look the same. */
  ck_assert_ptr_null (authority_service_login (at.service, AT_BAO, AT_PASSWORD, NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_CREDENTIALS);
  g_free (at_register (AT_MAI, "0912345678"));
  ck_assert_ptr_null (authority_service_login (at.service, AT_MAI, AT_PASSWORD, NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  at_approve (AT_MAI);
  ck_assert_ptr_null (authority_service_login (at.service, AT_MAI, AT_PASSWORD, NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  at_activate (AT_MAI);
  ck_assert_ptr_null (authority_service_login (at.service, AT_MAI, "Mật-khẩu 2027", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_CREDENTIALS);
  ck_assert_ptr_null (authority_service_login (at.service, AT_MAI, NULL, NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
}
END_TEST

static void
fail_login (const char        *personal_id,
            AuthorityErrorCode code)
{
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (authority_service_login (at.service, personal_id, "Wrong-pass 1", "192.0.2.1", &error));
  at_assert_error (error, code);
}

static void
login_refused (const char        *personal_id,
               AuthorityErrorCode code)
{
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (authority_service_login (at.service, personal_id, AT_PASSWORD, "192.0.2.1", &error));
  at_assert_error (error, code);
}

START_TEST (test_throttle_then_lockout)
{
  g_autoptr(GError) error = NULL;

  at_make_active (AT_MAI, "0912345678");
  /* Four failures cost nothing but the failure. */
  for (int i = 0; i < 4; i++)
    fail_login (AT_MAI, AUTHORITY_ERROR_INVALID_CREDENTIALS);
  {
    g_autofree char *session = at_login (AT_MAI);   /* a success resets the count */
  }
  for (int i = 0; i < 5; i++)
    fail_login (AT_MAI, AUTHORITY_ERROR_INVALID_CREDENTIALS);
  /* The fifth imposes 60 s: even the right password waits. */
  login_refused (AT_MAI, AUTHORITY_ERROR_THROTTLED);
  at.now += 59;
  login_refused (AT_MAI, AUTHORITY_ERROR_THROTTLED);
  at.now += 1;
  /* Then 120, 240, 480, 960 s after each further failure … */
  for (int n = 6; n < 10; n++)
    {
      gint64 wait = (gint64) 60 << (n - 5);

      fail_login (AT_MAI, AUTHORITY_ERROR_INVALID_CREDENTIALS);
      at.now += wait - 1;
      login_refused (AT_MAI, AUTHORITY_ERROR_THROTTLED);
      at.now += 1;
    }
  /* … and the tenth locks the account for 30 minutes. */
  fail_login (AT_MAI, AUTHORITY_ERROR_LOCKED);
  login_refused (AT_MAI, AUTHORITY_ERROR_LOCKED);
  at.now += 30 * 60 - 1;
  login_refused (AT_MAI, AUTHORITY_ERROR_LOCKED);
  at.now += 1;
  {
    g_autofree char *session = at_login (AT_MAI);
  }
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log WHERE action = 'locked out after failed logins'"), 1);
}
END_TEST

START_TEST (test_officer_ends_lockout)
{
  g_autoptr(GError) error = NULL;

  at_make_active (AT_MAI, "0912345678");
  for (int n = 0; n < 10; n++)
    {
      fail_login (AT_MAI, n == 9 ? AUTHORITY_ERROR_LOCKED : AUTHORITY_ERROR_INVALID_CREDENTIALS);
      at.now += 1000;
    }
  login_refused (AT_MAI, AUTHORITY_ERROR_LOCKED);
  at_assert_ok (authority_service_unlock (at.service, AT_MAI, "officer-1", &error), error);
  {
    g_autofree char *session = at_login (AT_MAI);
  }
}
END_TEST

START_TEST (test_throttle_per_source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;

  at_make_active (AT_MAI, "0912345678");
  /* Thirty failures from one address, spread over unknown IDs. */
  for (int i = 0; i < 30; i++)
    {
      ck_assert_ptr_null (authority_service_login (at.service, AT_BAO, "Wrong-pass 1", "198.51.100.7", &error));
      at_assert_error (error, AUTHORITY_ERROR_INVALID_CREDENTIALS);
    }
  ck_assert_ptr_null (authority_service_login (at.service, AT_MAI, AT_PASSWORD, "198.51.100.7", &error));
  at_assert_error (error, AUTHORITY_ERROR_THROTTLED);
  /* Another address is not held back, and the window passes. */
  session = authority_service_login (at.service, AT_MAI, AT_PASSWORD, "198.51.100.8", &error);
  at_assert_ok (session != NULL, error);
  at.now += 600;
  g_free (session);
  session = authority_service_login (at.service, AT_MAI, AT_PASSWORD, "198.51.100.7", &error);
  at_assert_ok (session != NULL, error);
}
END_TEST

START_TEST (test_change_password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  g_autofree char *fresh = NULL;

  at_make_active (AT_MAI, "0912345678");
  session = at_login (AT_MAI);
  ck_assert (!authority_service_change_password (at.service, AT_MAI, AT_PASSWORD, "weak", &error));
  at_assert_error (error, AUTHORITY_ERROR_WEAK_PASSWORD);
  ck_assert (!authority_service_change_password (at.service, AT_MAI, "Wrong-pass 1", "Mới-2027 mật", &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_CREDENTIALS);
  at_assert_ok (authority_service_change_password (at.service, AT_MAI, AT_PASSWORD, "Mới-2027 mật", &error), error);
  /* Every session ends; the old password no longer works. */
  ck_assert_ptr_null (authority_service_authenticate (at.service, session, &error));
  at_assert_error (error, AUTHORITY_ERROR_UNAUTHORIZED);
  login_refused (AT_MAI, AUTHORITY_ERROR_INVALID_CREDENTIALS);
  fresh = authority_service_login (at.service, AT_MAI, "Mới-2027 mật", NULL, &error);
  at_assert_ok (fresh != NULL, error);
}
END_TEST

START_TEST (test_secret_comparison)
{
  ck_assert (authority_secret_equal ("123456", "123456"));
  ck_assert (!authority_secret_equal ("123456", "123457"));
  ck_assert (!authority_secret_equal ("123456", "1234567"));
  ck_assert (!authority_secret_equal ("123456", NULL));
  ck_assert (!authority_secret_equal (NULL, NULL));
}
END_TEST

static Suite *
login_suite (void)
{
  Suite *s = suite_create (at_backend_is_postgresql () ? "authority-login (PostgreSQL)"
                                                       : "authority-login (SQLite)");
  TCase *tc = tcase_create ("login");

  tcase_add_checked_fixture (tc, at_setup, at_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_password_policy);
  tcase_add_test (tc, test_password_hash_parameters);
  tcase_add_test (tc, test_login_and_session);
  tcase_add_test (tc, test_logout);
  tcase_add_test (tc, test_login_refusals);
  tcase_add_test (tc, test_throttle_then_lockout);
  tcase_add_test (tc, test_officer_ends_lockout);
  tcase_add_test (tc, test_throttle_per_source);
  tcase_add_test (tc, test_change_password);
  tcase_add_test (tc, test_secret_comparison);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return at_run_suite (login_suite ());
}
