/* test-authority-accounts.c: the account rules of vneid-authority — every
 * transition and every refusal — on SQLite or PostgreSQL
 * (AUTHORITY_TEST_BACKEND), with an injected clock
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib/gstdio.h>
#include <stdlib.h>

#include "authority-test-util.h"

/* ---- registration ---- */

START_TEST (test_register_queues_pending)
{
  g_autofree char *id = at_register (AT_MAI, "0912345678");
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) account = authority_service_get_account (at.service, AT_MAI, &error);
  g_autoptr(GPtrArray) pending = authority_service_list_registrations (at.service, TRUE, &error);

  ck_assert (g_str_has_prefix (id, "reg-"));
  ck_assert_ptr_nonnull (account);
  ck_assert_str_eq (account->registration_id, id);
  ck_assert_int_eq (account->status, AUTHORITY_ACCOUNT_PENDING);
  ck_assert_int_eq (account->level, 1);
  /* Normalized to E.164. */
  ck_assert_str_eq (account->phone, "+84912345678");
  ck_assert_int_eq (pending->len, 1);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log WHERE action = 'registered'"), 1);
}
END_TEST

static void
assert_register_refused (const char        *personal_id,
                         const char        *phone,
                         const char        *email,
                         int                level,
                         AuthorityErrorCode code)
{
  g_autoptr(GError) error = NULL;
  gint64 accounts = at_count ("SELECT count(*) FROM accounts");
  gint64 audit = at_count ("SELECT count(*) FROM audit_log");
  g_autofree char *id = authority_service_register (at.service, personal_id, phone, email, level, &error);

  ck_assert_ptr_null (id);
  ck_assert_msg (error != NULL && error->message[0] != '\0', "a refusal says why");
  at_assert_error (error, code);
  /* Nothing half-stored. */
  ck_assert_int_eq (at_count ("SELECT count(*) FROM accounts"), accounts);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log"), audit);
}

START_TEST (test_register_refusals)
{
  assert_register_refused (NULL, "0912345678", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused ("00118503451", "0912345678", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused ("00118503451x", "0912345678", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  /* A well-formed number nobody has in the population. */
  assert_register_refused ("001185099999", "0912345678", "a@example.com", 1, AUTHORITY_ERROR_UNKNOWN_CITIZEN);
  assert_register_refused (AT_NGOC, "0912345678", "a@example.com", 1, AUTHORITY_ERROR_TOO_YOUNG);
  assert_register_refused (AT_MAI, "12345", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0012345678", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "09123456789", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "+1 212 555 0100", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0912+345678", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0912x345678", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "+8491234567", "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, NULL, "a@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0912345678", "no-at-sign", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0912345678", "a@b@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0912345678", "a b@example.com", 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0912345678", NULL, 1, AUTHORITY_ERROR_INVALID_REQUEST);
  assert_register_refused (AT_MAI, "0912345678", "a@example.com", 3, AUTHORITY_ERROR_INVALID_REQUEST);
}
END_TEST

START_TEST (test_register_age_boundary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* Khoa turns 14 on 2021-09-02 (Vietnam time, UTC+7). */
  at.now = 1630515600 - 1;   /* 2021-09-01T23:59:59+07:00 */
  assert_register_refused (AT_KHOA, "0912345678", "k@example.com", 1, AUTHORITY_ERROR_TOO_YOUNG);
  at.now = 1630515600;       /* 2021-09-02T00:00:00+07:00 */
  id = authority_service_register (at.service, AT_KHOA, "0912345678", "k@example.com", 1, &error);
  at_assert_ok (id != NULL, error);
}
END_TEST

START_TEST (test_register_year_only_birthdate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* Born "1938": counted from 1938-12-31, so 14 only from 1952-12-31
   * (noon in Vietnam either side: its offset was not always UTC+7). */
  at.now = -536569200 - 12 * 3600;
  assert_register_refused (AT_THANH, "0912345678", "t@example.com", 1, AUTHORITY_ERROR_TOO_YOUNG);
  at.now = -536569200 + 12 * 3600;
  id = authority_service_register (at.service, AT_THANH, "0912345678", "t@example.com", 1, &error);
  at_assert_ok (id != NULL, error);
}
END_TEST

START_TEST (test_register_one_account_per_id)
{
  g_free (at_register (AT_MAI, "0912345678"));
  assert_register_refused (AT_MAI, "0987654321", "other@example.com", 1, AUTHORITY_ERROR_ALREADY_REGISTERED);
  at_approve (AT_MAI);
  assert_register_refused (AT_MAI, "0987654321", "other@example.com", 1, AUTHORITY_ERROR_ALREADY_REGISTERED);
  at_activate (AT_MAI);
  assert_register_refused (AT_MAI, "0987654321", "other@example.com", 1, AUTHORITY_ERROR_ALREADY_REGISTERED);
}
END_TEST

START_TEST (test_register_one_account_per_phone)
{
  g_free (at_register (AT_MAI, "0912345678"));
  /* The same number written four ways is one number. */
  assert_register_refused (AT_KHOA, "0912345678", "k@example.com", 1, AUTHORITY_ERROR_PHONE_TAKEN);
  assert_register_refused (AT_KHOA, "+84912345678", "k@example.com", 1, AUTHORITY_ERROR_PHONE_TAKEN);
  assert_register_refused (AT_KHOA, "84912345678", "k@example.com", 1, AUTHORITY_ERROR_PHONE_TAKEN);
  assert_register_refused (AT_KHOA, "091 234 56.78", "k@example.com", 1, AUTHORITY_ERROR_PHONE_TAKEN);
}
END_TEST

START_TEST (test_phone_uniqueness_is_a_constraint)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { AT_KHOA, "reg-x", "+84912345678" };

  g_free (at_register (AT_MAI, "0912345678"));
  /* Straight into the table, past every check in C. */
  ck_assert (!service_store_exec (at.store,
                                  "INSERT INTO accounts (personal_id, registration_id, phone, email, status,"
                                  " created_at, decision_due) VALUES ($1, $2, $3, 'x@example.com', 'pending', 0, 0)",
                                  params, 3, NULL, &error));
  ck_assert (g_error_matches (error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_CONSTRAINT));
  g_clear_error (&error);
  params[2] = "+84900000000";
  params[0] = AT_MAI;
  ck_assert (!service_store_exec (at.store,
                                  "INSERT INTO accounts (personal_id, registration_id, phone, email, status,"
                                  " created_at, decision_due) VALUES ($1, $2, $3, 'x@example.com', 'pending', 0, 0)",
                                  params, 3, NULL, &error));
  ck_assert (g_error_matches (error, SERVICE_STORE_ERROR, SERVICE_STORE_ERROR_CONSTRAINT));
}
END_TEST

START_TEST (test_register_after_rejection)
{
  g_autofree char *first = at_register (AT_MAI, "0912345678");
  g_autofree char *second = NULL;
  g_autofree char *khoa = NULL;
  g_autoptr(GError) error = NULL;

  at_assert_ok (authority_service_reject (at.service, first, "officer-1", "ảnh khuôn mặt không rõ", &error), error);
  /* A rejected registration frees the phone number … */
  khoa = at_register (AT_KHOA, "0912345678");
  /* … and the citizen may register again, under a new registration ID. */
  second = at_register (AT_MAI, "0987654321");
  ck_assert_str_ne (first, second);
  /* The rejection stays in the audit log. */
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log WHERE action = 'rejected'"), 1);
}
END_TEST

/* ---- police decisions ---- */

START_TEST (test_approve_sends_code)
{
  g_autofree char *id = at_register (AT_MAI, "0912345678");
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) account = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  at_assert_ok (authority_service_approve (at.service, id, "officer-1", NULL, &error), error);
  account = authority_service_get_account (at.service, AT_MAI, &error);
  ck_assert_int_eq (account->status, AUTHORITY_ACCOUNT_APPROVED);
  ck_assert_str_eq (account->decided_by, "officer-1");
  ck_assert (account->decided_at == at.now);
  text = at_last_sms (&to);
  ck_assert_str_eq (to, "+84912345678");
  ck_assert_int_eq (strspn (text, "0123456789"), 6);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log WHERE action = 'approved' AND actor = 'officer-1'"), 1);
  /* The code is stored hashed, not as sent. */
  {
    g_autofree char *code = at_last_code ();
    const char *params[] = { code };
    g_autoptr(ServiceRows) rows = service_store_query (at.store,
                                                       "SELECT count(*) FROM accounts WHERE otp_hash = $1",
                                                       params, 1, &error);
    ck_assert_int_eq (service_rows_get_int (rows, 0, 0), 0);
  }
}
END_TEST

START_TEST (test_decision_refusals)
{
  g_autofree char *id = at_register (AT_MAI, "0912345678");
  g_autoptr(GError) error = NULL;

  ck_assert (!authority_service_approve (at.service, "reg-nonexistent", "officer-1", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_NOT_FOUND);
  ck_assert (!authority_service_approve (at.service, id, "bad officer!", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  ck_assert (!authority_service_approve (at.service, id, "", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  ck_assert (!authority_service_reject (at.service, id, "officer-1", "", &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  ck_assert (!authority_service_reject (at.service, id, "officer-1", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  ck_assert (!authority_service_reject (at.service, id, "officer-1", "line\nbreak", &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  /* A card number is for level 2 registrations only. */
  ck_assert (!authority_service_approve (at.service, id, "officer-1", AT_MAI, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  ck_assert_int_eq (at_count_sms (), 0);

  at_assert_ok (authority_service_approve (at.service, id, "officer-1", NULL, &error), error);
  ck_assert (!authority_service_approve (at.service, id, "officer-1", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  ck_assert (!authority_service_reject (at.service, AT_MAI, "officer-1", "late", &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  ck_assert_int_eq (at_count_sms (), 1);
}
END_TEST

START_TEST (test_reject_tells_citizen)
{
  g_autofree char *id = at_register (AT_MAI, "0912345678");
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) account = NULL;
  g_autofree char *text = NULL;

  at_assert_ok (authority_service_reject (at.service, AT_MAI, "officer-2", "giấy tờ không khớp", &error), error);
  account = authority_service_get_account (at.service, AT_MAI, &error);
  ck_assert_int_eq (account->status, AUTHORITY_ACCOUNT_REJECTED);
  ck_assert_str_eq (account->decision_reason, "giấy tờ không khớp");
  text = at_last_sms (NULL);
  ck_assert (strstr (text, "giấy tờ không khớp") != NULL);
}
END_TEST

START_TEST (test_enrolled_officers_only)
{
  g_autofree char *id = at_register (AT_MAI, "0912345678");
  g_autoptr(GError) error = NULL;

  at_assert_ok (authority_service_add_officer (at.service, "police.hn-01", "Nguyễn Văn Công", &error), error);
  ck_assert (!authority_service_add_officer (at.service, "police.hn-01", "again", &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  ck_assert (!authority_service_approve (at.service, id, "officer-1", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_FORBIDDEN);
  at_assert_ok (authority_service_approve (at.service, id, "police.hn-01", NULL, &error), error);
}
END_TEST

START_TEST (test_deadlines_in_working_days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) mai = NULL;
  g_autoptr(AuthorityAccount) khoa = NULL;
  g_autofree char *id = NULL;

  /* Friday 10:00 in Vietnam: level 1 is due Monday 10:00, level 2 Wednesday. */
  g_free (at_register (AT_MAI, "0912345678"));
  id = authority_service_register (at.service, AT_KHOA, "0987654321", "k@example.com", 2, &error);
  at_assert_ok (id != NULL, error);
  mai = authority_service_get_account (at.service, AT_MAI, &error);
  khoa = authority_service_get_account (at.service, AT_KHOA, &error);
  ck_assert (mai->decision_due == AT_START + 3 * 86400);
  ck_assert (khoa->decision_due == AT_START + 5 * 86400);
  ck_assert_int_eq (khoa->requested_level, 2);
}
END_TEST

START_TEST (test_level_two_registration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) account = NULL;
  g_autofree char *id = authority_service_register (at.service, AT_MAI, "0912345678", "m@example.com", 2, &error);

  at_assert_ok (id != NULL, error);
  ck_assert (!authority_service_approve (at.service, id, "officer-1", "079092018843", &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  at_assert_ok (authority_service_approve (at.service, id, "officer-1", AT_MAI, &error), error);
  account = authority_service_get_account (at.service, AT_MAI, &error);
  ck_assert_int_eq (account->level, 2);
  ck_assert_str_eq (account->card_number, AT_MAI);
}
END_TEST

/* ---- activation ---- */

START_TEST (test_activate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) account = NULL;
  g_autofree char *code = NULL;

  g_free (at_register (AT_MAI, "0912345678"));
  ck_assert (!authority_service_activate (at.service, AT_MAI, "123456", AT_PASSWORD, &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);     /* still pending */
  at_approve (AT_MAI);
  code = at_last_code ();
  at_assert_ok (authority_service_activate (at.service, AT_MAI, code, AT_PASSWORD, &error), error);
  account = authority_service_get_account (at.service, AT_MAI, &error);
  ck_assert_int_eq (account->status, AUTHORITY_ACCOUNT_ACTIVE);
  /* Once only. */
  ck_assert (!authority_service_activate (at.service, AT_MAI, code, AT_PASSWORD, &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  ck_assert (!authority_service_activate (at.service, AT_KHOA, code, AT_PASSWORD, &error));
  at_assert_error (error, AUTHORITY_ERROR_NOT_FOUND);
}
END_TEST

START_TEST (test_code_attempts_are_capped)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  g_free (at_register (AT_MAI, "0912345678"));
  at_approve (AT_MAI);
  code = at_last_code ();
  wrong = g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);
  for (int i = 0; i < 5; i++)
    {
      ck_assert (!authority_service_activate (at.service, AT_MAI, wrong, AT_PASSWORD, &error));
      at_assert_error (error, AUTHORITY_ERROR_INVALID_OTP);
    }
  /* The right code no longer works after five wrong ones. */
  ck_assert (!authority_service_activate (at.service, AT_MAI, code, AT_PASSWORD, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_OTP);
}
END_TEST

START_TEST (test_code_expires)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_free (at_register (AT_MAI, "0912345678"));
  at_approve (AT_MAI);
  code = at_last_code ();
  at.now += 24 * 3600;
  ck_assert (!authority_service_activate (at.service, AT_MAI, code, AT_PASSWORD, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_OTP);
}
END_TEST

START_TEST (test_weak_password_keeps_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_free (at_register (AT_MAI, "0912345678"));
  at_approve (AT_MAI);
  code = at_last_code ();
  for (int i = 0; i < 6; i++)
    {
      ck_assert (!authority_service_activate (at.service, AT_MAI, code, "weak", &error));
      at_assert_error (error, AUTHORITY_ERROR_WEAK_PASSWORD);
    }
  at_assert_ok (authority_service_activate (at.service, AT_MAI, code, AT_PASSWORD, &error), error);
}
END_TEST

START_TEST (test_resend_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_free (at_register (AT_MAI, "0912345678"));
  ck_assert (!authority_service_resend_otp (at.service, AT_MAI, &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  at_approve (AT_MAI);
  first = at_last_code ();
  ck_assert (!authority_service_resend_otp (at.service, AT_MAI, &error));
  at_assert_error (error, AUTHORITY_ERROR_THROTTLED);
  at.now += 60;
  at_assert_ok (authority_service_resend_otp (at.service, AT_MAI, &error), error);
  second = at_last_code ();
  ck_assert_int_eq (at_count_sms (), 2);
  if (g_str_equal (first, second))   /* one chance in a million */
    return;
  ck_assert (!authority_service_activate (at.service, AT_MAI, first, AT_PASSWORD, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_OTP);
  at_assert_ok (authority_service_activate (at.service, AT_MAI, second, AT_PASSWORD, &error), error);
}
END_TEST

/* ---- lock, unlock, levels ---- */

START_TEST (test_lock_and_unlock)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  g_autofree char *again = NULL;

  g_free (at_register (AT_MAI, "0912345678"));
  ck_assert (!authority_service_lock (at.service, AT_MAI, "citizen", &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  at_approve (AT_MAI);
  at_activate (AT_MAI);
  session = at_login (AT_MAI);
  ck_assert (!authority_service_unlock (at.service, AT_MAI, "officer-1", &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);

  at_assert_ok (authority_service_lock (at.service, AT_MAI, "citizen", &error), error);
  /* Every session ends, and logging in says locked. */
  ck_assert_ptr_null (authority_service_authenticate (at.service, session, &error));
  at_assert_error (error, AUTHORITY_ERROR_UNAUTHORIZED);
  ck_assert_ptr_null (authority_service_login (at.service, AT_MAI, AT_PASSWORD, "192.0.2.1", &error));
  at_assert_error (error, AUTHORITY_ERROR_LOCKED);
  ck_assert (!authority_service_lock (at.service, AT_MAI, "citizen", &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  /* Only an officer unlocks. */
  ck_assert (!authority_service_unlock (at.service, AT_MAI, NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  at_assert_ok (authority_service_unlock (at.service, AT_MAI, "officer-1", &error), error);
  again = at_login (AT_MAI);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log WHERE action IN ('locked', 'unlocked')"), 2);
}
END_TEST

START_TEST (test_upgrade_and_downgrade)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) account = NULL;

  at_make_active (AT_MAI, "0912345678");
  at_make_active (AT_KHOA, "0987654321");
  /* No chip card on record for Khoa; a wrong card for Mai. */
  ck_assert (!authority_service_upgrade (at.service, AT_KHOA, "officer-1", AT_KHOA, &error));
  at_assert_error (error, AUTHORITY_ERROR_FORBIDDEN);
  ck_assert (!authority_service_upgrade (at.service, AT_MAI, "officer-1", "001185034518", &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  ck_assert (!authority_service_upgrade (at.service, AT_MAI, NULL, AT_MAI, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  at_assert_ok (authority_service_upgrade (at.service, AT_MAI, "officer-1", AT_MAI, &error), error);
  account = authority_service_get_account (at.service, AT_MAI, &error);
  ck_assert_int_eq (account->level, 2);
  ck_assert_str_eq (account->card_number, AT_MAI);
  ck_assert (!authority_service_upgrade (at.service, AT_MAI, "officer-1", AT_MAI, &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);

  ck_assert (!authority_service_downgrade (at.service, AT_MAI, "officer-1", NULL, &error));
  at_assert_error (error, AUTHORITY_ERROR_INVALID_REQUEST);
  at_assert_ok (authority_service_downgrade (at.service, AT_MAI, "officer-1", "thẻ bị thu hồi", &error), error);
  g_clear_pointer (&account, authority_account_free);
  account = authority_service_get_account (at.service, AT_MAI, &error);
  ck_assert_int_eq (account->level, 1);
  ck_assert (!authority_service_downgrade (at.service, AT_MAI, "officer-1", "again", &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
}
END_TEST

START_TEST (test_card_lost)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AuthorityAccount) account = NULL;

  at_make_active (AT_MAI, "0912345678");
  ck_assert (!authority_service_report_card_lost (at.service, AT_MAI, "citizen", &error));
  at_assert_error (error, AUTHORITY_ERROR_WRONG_STATE);
  at_assert_ok (authority_service_upgrade (at.service, AT_MAI, "officer-1", AT_MAI, &error), error);
  at_assert_ok (authority_service_report_card_lost (at.service, AT_MAI, "citizen", &error), error);
  account = authority_service_get_account (at.service, AT_MAI, &error);
  ck_assert_int_eq (account->level, 2);
  ck_assert_ptr_null (account->card_number);
  /* A new card is recorded with upgrade. */
  at_assert_ok (authority_service_upgrade (at.service, AT_MAI, "officer-1", AT_MAI, &error), error);
}
END_TEST

/* ---- the store ---- */

START_TEST (test_audit_log_is_append_only)
{
  g_autoptr(GError) error = NULL;

  g_free (at_register (AT_MAI, "0912345678"));
  ck_assert (!service_store_exec (at.store, "UPDATE audit_log SET actor = 'someone else'", NULL, 0, NULL, &error));
  g_clear_error (&error);
  ck_assert (!service_store_exec (at.store, "DELETE FROM audit_log", NULL, 0, NULL, &error));
  g_clear_error (&error);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log WHERE actor = 'citizen'"), 1);
}
END_TEST

START_TEST (test_migrations_are_versioned)
{
  g_autoptr(GError) error = NULL;
  ServiceStore *store;

  ck_assert_int_eq (at_count ("SELECT count(*) FROM schema_migrations WHERE version IN (1, 2)"), 2);
  g_free (at_register (AT_MAI, "0912345678"));
  /* Opening again applies nothing twice and keeps the data. */
  at_reopen ();
  ck_assert_int_eq (at_count ("SELECT count(*) FROM schema_migrations WHERE version IN (1, 2)"), 2);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM accounts"), 1);
  /* A database from a newer program is refused. */
  ck_assert (service_store_exec (at.store, "INSERT INTO schema_migrations VALUES (999, 'future', 0)",
                                 NULL, 0, NULL, &error));
  store = authority_store_open (at.uri, &error);
  ck_assert_ptr_null (store);
  ck_assert (strstr (error->message, "newer") != NULL);
}
END_TEST

START_TEST (test_transaction_rolls_back)
{
  g_autoptr(GError) error = NULL;

  /* An SMS that cannot be sent undoes the approval. */
  g_free (at_register (AT_MAI, "0912345678"));
  {
    g_autofree char *moved = g_strconcat (at.outbox, ".away", NULL);
    ck_assert_int_eq (g_rename (at.outbox, moved), 0);
    /* A file where the folder was: writing into it fails. */
    ck_assert (g_file_set_contents (at.outbox, "", 0, NULL));
    ck_assert (!authority_service_approve (at.service, AT_MAI, "officer-1", NULL, &error));
    g_clear_error (&error);
  }
  ck_assert_int_eq (at_count ("SELECT count(*) FROM accounts WHERE status = 'pending'"), 1);
  ck_assert_int_eq (at_count ("SELECT count(*) FROM audit_log WHERE action = 'approved'"), 0);
}
END_TEST

static void
write_record (const char *folder,
              const char *citizen,
              const char *text)
{
  g_autofree char *dir = g_build_filename (folder, citizen, NULL);
  g_autofree char *path = g_build_filename (dir, "pid.json", NULL);

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  ck_assert (g_file_set_contents (path, text, -1, NULL));
}

static void
assert_population_refused (const char *folder,
                           const char *expected)
{
  g_autoptr(GError) error = NULL;
  AuthorityPopulation *population = authority_population_load (folder, &error);

  ck_assert_ptr_null (population);
  ck_assert_msg (strstr (error->message, expected) != NULL, "%s", error->message);
}

START_TEST (test_population_records)
{
  g_autofree char *folder = g_build_filename (at.dir, "population", NULL);
  g_autofree char *big = g_strnfill (300 * 1024, ' ');
  g_autoptr(GError) error = NULL;
  AuthorityPopulation *population;

  ck_assert_int_eq (g_mkdir_with_parents (folder, 0700), 0);
  assert_population_refused (folder, "no citizen folder");
  write_record (folder, "a", "{\"personal_administrative_number\": \"001185034517\"}");
  population = authority_population_load (folder, &error);
  at_assert_ok (population != NULL, error);
  ck_assert_uint_eq (authority_population_get_size (population), 1);
  ck_assert_ptr_nonnull (authority_population_get_claims (population, AT_MAI, "pid"));
  ck_assert_ptr_null (authority_population_get_claims (population, AT_MAI, "cccd"));
  ck_assert_ptr_null (authority_population_get_claims (population, AT_KHOA, "pid"));
  authority_population_free (population);

  write_record (folder, "b", "{\"personal_administrative_number\": \"001185034517\"}");
  assert_population_refused (folder, "appears twice");
  write_record (folder, "b", "{\"personal_administrative_number\": \"0011850345\"}");
  assert_population_refused (folder, "not 12 digits");
  write_record (folder, "b", "[]");
  assert_population_refused (folder, "not a JSON object");
  write_record (folder, "b", big);
  assert_population_refused (folder, "limit");
}
END_TEST

static Suite *
accounts_suite (void)
{
  Suite *s = suite_create (at_backend_is_postgresql () ? "authority-accounts (PostgreSQL)"
                                                       : "authority-accounts (SQLite)");
  TCase *tc = tcase_create ("accounts");

  tcase_add_checked_fixture (tc, at_setup, at_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_register_queues_pending);
  tcase_add_test (tc, test_register_refusals);
  tcase_add_test (tc, test_register_age_boundary);
  tcase_add_test (tc, test_register_year_only_birthdate);
  tcase_add_test (tc, test_register_one_account_per_id);
  tcase_add_test (tc, test_register_one_account_per_phone);
  tcase_add_test (tc, test_phone_uniqueness_is_a_constraint);
  tcase_add_test (tc, test_register_after_rejection);
  tcase_add_test (tc, test_approve_sends_code);
  tcase_add_test (tc, test_decision_refusals);
  tcase_add_test (tc, test_reject_tells_citizen);
  tcase_add_test (tc, test_enrolled_officers_only);
  tcase_add_test (tc, test_deadlines_in_working_days);
  tcase_add_test (tc, test_level_two_registration);
  tcase_add_test (tc, test_activate);
  tcase_add_test (tc, test_code_attempts_are_capped);
  tcase_add_test (tc, test_code_expires);
  tcase_add_test (tc, test_weak_password_keeps_code);
  tcase_add_test (tc, test_resend_code);
  tcase_add_test (tc, test_lock_and_unlock);
  tcase_add_test (tc, test_upgrade_and_downgrade);
  tcase_add_test (tc, test_card_lost);
  tcase_add_test (tc, test_audit_log_is_append_only);
  tcase_add_test (tc, test_migrations_are_versioned);
  tcase_add_test (tc, test_transaction_rolls_back);
  tcase_add_test (tc, test_population_records);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return at_run_suite (accounts_suite ());
}
