/* authority-test-util.h: fixtures for the vneid-authority suites
 *
 * Every suite runs against the backend named by AUTHORITY_TEST_BACKEND
 * ("sqlite", the default, or "postgresql"). For PostgreSQL, at_backend_start()
 * starts a throw-away cluster (pg-cluster.sh) in a temporary folder, and each
 * test gets an empty schema.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <check.h>

#include "authority.h"

G_BEGIN_DECLS

/* Friday 2026-11-27 03:00 UTC (10:00 in Vietnam). */
#define AT_START ((gint64) 1795748400)

#define AT_MAI   "001185034517"   /* level 2 data, card 001185034517, bhyt */
#define AT_KHOA  "001207012864"   /* born 2007-09-02, no card */
#define AT_NGOC  "001321005932"   /* born 2021: under 14 */
#define AT_THANH "036038001276"   /* birthdate "1938" */
#define AT_BAO   "079092018843"
#define AT_LAN   "004198003561"
#define AT_PASSWORD "Mật-khẩu 2026"

typedef struct {
  char                *dir;
  char                *uri;
  char                *outbox;
  ServiceStore        *store;
  AuthorityPopulation *population;
  AuthoritySmsGateway *sms;
  AuthorityService    *service;
  gint64               now;
} AtFixture;

extern AtFixture at;

/* Starts the PostgreSQL cluster when the backend is PostgreSQL; 77 (skip)
 * is never returned on CI: a missing server fails. */
void        at_backend_start   (void);
void        at_backend_stop    (void);
gboolean    at_backend_is_postgresql (void);
/* A fresh empty database URI for one test. */
char       *at_fresh_database  (const char *dir);

void        at_setup           (void);
void        at_teardown        (void);
/* The service again on the same database (a restart). */
void        at_reopen          (void);

char       *at_register        (const char *personal_id,
                                const char *phone);
void        at_approve         (const char *personal_id);
/* The newest SMS: its text, and its first number (the code). */
char       *at_last_sms        (char      **to);
char       *at_last_code       (void);
void        at_activate        (const char *personal_id);
/* Registered, approved and activated with AT_PASSWORD. */
void        at_make_active     (const char *personal_id,
                                const char *phone);
char       *at_login           (const char *personal_id);
gint64      at_count           (const char *sql);
guint       at_count_sms       (void);

#define at_assert_error(error, code_)                                             \
  G_STMT_START {                                                                  \
    ck_assert_msg ((error) != NULL, "expected error %s, got success",             \
                   authority_error_name (code_));                                 \
    ck_assert_msg ((error)->domain == AUTHORITY_ERROR && (error)->code == (int) (code_), \
                   "expected %s, got %s %d: %s", authority_error_name (code_),    \
                   g_quark_to_string ((error)->domain), (error)->code,            \
                   (error)->message);                                             \
    g_clear_error (&(error));                                                     \
  } G_STMT_END

#define at_assert_ok(ok, error)                                                   \
  ck_assert_msg ((ok), "unexpected error: %s", (error) ? (error)->message : "?")

int         at_run_suite       (Suite *suite);

G_END_DECLS
