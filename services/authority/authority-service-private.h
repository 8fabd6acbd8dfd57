/* authority-service-private.h: what the service's source files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "authority.h"

/* Activation one-time password: digits, lifetime, wrong tries allowed,
 * and the least time between two resends. */
#define AUTHORITY_OTP_DIGITS        6
#define AUTHORITY_OTP_LIFETIME      (24 * 3600)
#define AUTHORITY_OTP_MAX_ATTEMPTS  5
#define AUTHORITY_OTP_RESEND_AFTER  60

/* Login protection (docs/authority.md, "Login and lockout"). */
#define AUTHORITY_THROTTLE_AFTER    5       /* failures before a wait is imposed */
#define AUTHORITY_THROTTLE_BASE     60      /* first wait, doubling per failure */
#define AUTHORITY_LOCKOUT_AFTER     10      /* failures before the lockout */
#define AUTHORITY_LOCKOUT_DURATION  (30 * 60)
#define AUTHORITY_SOURCE_MAX_FAILURES 30    /* per source address … */
#define AUTHORITY_SOURCE_WINDOW     (10 * 60) /* … in this window */
#define AUTHORITY_SESSION_LIFETIME  3600

#define AUTHORITY_PASSWORD_MIN      8
#define AUTHORITY_PASSWORD_MAX      64      /* characters */

struct _AuthorityService {
  char                *issuer_url;
  AuthorityStore      *store;
  AuthorityPopulation *population;
  AuthoritySmsGateway *sms;
  AuthorityPwhashCost  pwhash_cost;
  AuthorityClock       clock;
  gpointer             clock_data;
  VneidKey            *population_key;
  VneidKey            *bhyt_key;
  char                *dummy_hash;       /* verified for unknown IDs: same timing */
  GHashTable          *source_failures;  /* address → SourceWindow */
};

/* Text of an integer, for SQL parameters. */
char       *authority_int_text        (gint64            value);
/* A random URL-safe token of @n_bytes random bytes. */
char       *authority_random_token    (gsize             n_bytes);
/* Hex of BLAKE2b-256 of @text: how tokens and OTPs are stored. */
char       *authority_hash_secret     (const char       *text);
/* AUTHORITY_OTP_DIGITS random digits: activation codes, OpenID4VCI tx_codes. */
char       *authority_make_otp        (void);
/* How an activation code is stored: hashed with the personal ID. */
char       *authority_hash_secret_otp (const char       *personal_id,
                                       const char       *otp);
/* Constant-time equality of two NUL-terminated strings. */
gboolean    authority_secret_equal    (const char       *a,
                                       const char       *b);

gboolean    authority_audit           (AuthorityService *service,
                                       const char       *personal_id,
                                       const char       *actor,
                                       const char       *action,
                                       const char       *detail,
                                       const char       *source,
                                       GError          **error);
/* Maps a store error to the AUTHORITY_ERROR a client sees. */
void        authority_service_set_internal_error (GError **error,
                                                  GError  *store_error);
/* @ok, setting @error from *@local_error when not: an AUTHORITY_ERROR
 * passes, a storage error is logged and becomes AUTHORITY_ERROR_INTERNAL.
 * @local_error is taken by address so that its value is read after @ok
 * was computed (arguments are evaluated in no set order). */
gboolean    authority_service_finish (gboolean   ok,
                                      GError   **local_error,
                                      GError   **error);
AuthorityAccount *authority_account_from_row (AuthorityRows *rows,
                                              guint          row);
#define AUTHORITY_ACCOUNT_COLUMNS \
  "registration_id, personal_id, phone, email, status, level, requested_level, " \
  "created_at, decision_due, decided_at, decided_by, decision_reason, locked_until, card_number"

gboolean    authority_check_personal_id (const char *personal_id,
                                         GError    **error);
gboolean    authority_check_officer     (AuthorityService *service,
                                         const char       *officer,
                                         GError          **error);

/* Password hashing with the configured Argon2id cost. */
char       *authority_password_hash     (AuthorityService *service,
                                         const char       *password,
                                         GError          **error);
gboolean    authority_password_verify   (const char       *hash,
                                         const char       *password);
gboolean    authority_password_check_policy (const char   *personal_id,
                                             const char   *password,
                                             GError      **error);

/* Status lists (authority-status.c), inside the caller's transaction:
 * moves the entries of @personal_id's credentials of the kinds in
 * @credentials (NULL-terminated; NULL for all) to @status — suspending
 * valid ones, making suspended ones valid again, or revoking either — and
 * republishes the lists that changed. */
gboolean    authority_status_set_for_account (AuthorityService   *service,
                                              const char         *personal_id,
                                              const char * const *credentials,
                                              VneidStatus         status,
                                              GError            **error);
