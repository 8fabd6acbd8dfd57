/* authority-login.c: passwords, activation, login protection, sessions
 *
 * Passwords: Argon2id (crypto_pwhash_str_alg, ALG_ARGON2ID13) at the
 * interactive limits by default (opslimit 2, memlimit 64 MiB); see
 * docs/authority.md for the policy, the lockout and the test-only cost.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "authority-service-private.h"

/* Addresses remembered for throttling before old windows are swept. */
#define MAX_SOURCES 65536

/* ---- passwords ---- */

char *
authority_password_hash (AuthorityService  *service,
                         const char        *password,
                         GError           **error)
{
  char hash[crypto_pwhash_STRBYTES];
  unsigned long long opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

  if (service->pwhash_cost == AUTHORITY_PWHASH_MODERATE)
    {
      opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
    }
  else if (service->pwhash_cost == AUTHORITY_PWHASH_TEST)
    {
      opslimit = crypto_pwhash_OPSLIMIT_MIN;
      memlimit = crypto_pwhash_MEMLIMIT_MIN;
    }
  if (crypto_pwhash_str_alg (hash, password, strlen (password), opslimit, memlimit,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INTERNAL,
                   "password hashing ran out of memory: try again later");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
authority_password_verify (const char *hash,
                           const char *password)
{
  return hash != NULL && password != NULL &&
         crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

gboolean
authority_password_check_policy (const char  *personal_id,
                                 const char  *password,
                                 GError     **error)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  glong length;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "password is missing or not UTF-8 text");
      return FALSE;
    }
  length = g_utf8_strlen (password, -1);
  for (const char *c = password; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (g_unichar_iscntrl (u))
        {
          g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WEAK_PASSWORD,
                       "the password must not hold control characters");
          return FALSE;
        }
      lower |= g_unichar_islower (u);
      upper |= g_unichar_isupper (u);
      digit |= g_unichar_isdigit (u);
      other |= !g_unichar_isalnum (u);
    }
  if (length < AUTHORITY_PASSWORD_MIN || length > AUTHORITY_PASSWORD_MAX ||
      !lower || !upper || !digit || !other)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WEAK_PASSWORD,
                   "choose a password of %d to %d characters with a lowercase letter, an uppercase "
                   "letter, a digit and another character (such as !, # or a space)",
                   AUTHORITY_PASSWORD_MIN, AUTHORITY_PASSWORD_MAX);
      return FALSE;
    }
  if (personal_id != NULL && strstr (password, personal_id) != NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WEAK_PASSWORD,
                   "the password must not contain your personal ID: choose another");
      return FALSE;
    }
  return TRUE;
}

/* ---- activation ---- */

typedef struct {
  AuthorityService *service;
  const char       *personal_id;
  const char       *otp_hash;
  const char       *password_hash;
} Activation;

static gboolean
activate_body (ServiceStore    *store,
               gpointer         data,
               GError         **error)
{
  Activation *activation = data;
  g_autofree char *now = authority_int_text (authority_service_now (activation->service));
  const char *params[] = { activation->personal_id, activation->otp_hash, activation->password_hash, now };
  gint64 changes = 0;

  /* The stored hash in the WHERE makes the code work once, even when two
   * activations race. */
  if (!service_store_exec (store,
                           "UPDATE accounts SET status = 'active', password_hash = $3, password_changed_at = $4,"
                           " otp_hash = NULL, otp_attempts = 0 WHERE personal_id = $1 AND status = 'approved'"
                           " AND otp_hash = $2 AND otp_expires_at > $4",
                           params, G_N_ELEMENTS (params), &changes, error))
    return FALSE;
  if (changes == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_OTP,
                   "the activation code was just used or expired: ask for a new one");
      return FALSE;
    }
  return authority_audit (activation->service, activation->personal_id, "citizen", "activated",
                          NULL, NULL, error);
}

static void
count_wrong_otp (AuthorityService *service,
                 const char       *personal_id)
{
  const char *params[] = { personal_id };
  g_autoptr(GError) error = NULL;

  if (!service_store_exec (service->store,
                           "UPDATE accounts SET otp_attempts = otp_attempts + 1 WHERE personal_id = $1",
                           params, 1, NULL, &error))
    g_warning ("vneid-authority: counting a wrong activation code: %s", error->message);
}

/* The account's code, checked: its hash when @otp is right. */
static char *
check_otp (AuthorityService  *service,
           const char        *personal_id,
           const char        *otp,
           GError           **error)
{
  const char *params[] = { personal_id };
  g_autoptr(ServiceRows) rows = NULL;
  GError *local_error = NULL;
  const char *stored;
  g_autofree char *given = NULL;
  gint64 attempts;

  rows = service_store_query (service->store,
                              "SELECT status, otp_hash, otp_expires_at, otp_attempts FROM accounts"
                              " WHERE personal_id = $1", params, 1, &local_error);
  if (rows == NULL)
    return authority_service_finish (FALSE, &local_error, error), NULL;
  if (service_rows_get_n_rows (rows) == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_NOT_FOUND,
                   "no registration for personal ID %s: register first", personal_id);
      return NULL;
    }
  if (g_strcmp0 (service_rows_get (rows, 0, 0), "approved") != 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WRONG_STATE,
                   "the account is %s: only an approved account waiting for activation is activated%s",
                   service_rows_get (rows, 0, 0),
                   g_strcmp0 (service_rows_get (rows, 0, 0), "pending") == 0
                   ? " (wait for the police's decision; the code comes by SMS)" : "");
      return NULL;
    }
  stored = service_rows_get (rows, 0, 1);
  attempts = service_rows_get_int (rows, 0, 3);
  if (stored == NULL || attempts >= AUTHORITY_OTP_MAX_ATTEMPTS ||
      service_rows_get_int (rows, 0, 2) <= authority_service_now (service))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_OTP,
                   "the activation code has expired or was tried too often: ask for a new one "
                   "(POST /api/v1/resend-otp)");
      return NULL;
    }
  given = authority_hash_secret_otp (personal_id, otp != NULL ? otp : "");
  if (!authority_secret_equal (given, stored))
    {
      count_wrong_otp (service, personal_id);
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_OTP,
                   "wrong activation code: %" G_GINT64_FORMAT " attempts left; check the SMS",
                   AUTHORITY_OTP_MAX_ATTEMPTS - attempts - 1);
      return NULL;
    }
  return g_strdup (stored);
}

gboolean
authority_service_activate (AuthorityService  *service,
                            const char        *personal_id,
                            const char        *otp,
                            const char        *password,
                            GError           **error)
{
  g_autofree char *otp_hash = NULL;
  g_autofree char *password_hash = NULL;
  Activation activation = { service, personal_id, NULL, NULL };
  GError *local_error = NULL;

  if (!authority_check_personal_id (personal_id, error))
    return FALSE;
  if (otp == NULL || *otp == '\0')
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "otp is missing: give the activation code sent by SMS");
      return FALSE;
    }
  /* A weak password does not use up an attempt at the code. */
  if (!authority_password_check_policy (personal_id, password, error))
    return FALSE;
  otp_hash = check_otp (service, personal_id, otp, error);
  if (otp_hash == NULL)
    return FALSE;
  password_hash = authority_password_hash (service, password, error);
  if (password_hash == NULL)
    return FALSE;
  activation.otp_hash = otp_hash;
  activation.password_hash = password_hash;
  return authority_service_finish (service_store_transact (service->store, activate_body, &activation, &local_error), &local_error, error);
}

/* ---- login protection ---- */

typedef struct {
  gint64 window_start;
  guint  failures;
} SourceWindow;

static void
sweep_sources (AuthorityService *service,
               gint64            now)
{
  GHashTableIter iter;
  SourceWindow *window;

  g_hash_table_iter_init (&iter, service->source_failures);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &window))
    if (now - window->window_start >= AUTHORITY_SOURCE_WINDOW)
      g_hash_table_iter_remove (&iter);
  /* Still full (a flood from many addresses): forget them all rather than
   * grow without bound. */
  if (g_hash_table_size (service->source_failures) >= MAX_SOURCES)
    g_hash_table_remove_all (service->source_failures);
}

static gboolean
check_source (AuthorityService  *service,
              const char        *source,
              GError           **error)
{
  SourceWindow *window = source != NULL ? g_hash_table_lookup (service->source_failures, source) : NULL;
  gint64 now = authority_service_now (service);

  if (window == NULL || now - window->window_start >= AUTHORITY_SOURCE_WINDOW ||
      window->failures < AUTHORITY_SOURCE_MAX_FAILURES)
    return TRUE;
  g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_THROTTLED,
               "too many failed logins from this address: try again in %" G_GINT64_FORMAT " seconds",
               window->window_start + AUTHORITY_SOURCE_WINDOW - now);
  return FALSE;
}

static void
count_source_failure (AuthorityService *service,
                      const char       *source)
{
  gint64 now = authority_service_now (service);
  SourceWindow *window;

  if (source == NULL)
    return;
  window = g_hash_table_lookup (service->source_failures, source);
  if (window == NULL)
    {
      if (g_hash_table_size (service->source_failures) >= MAX_SOURCES)
        sweep_sources (service, now);
      window = g_new0 (SourceWindow, 1);
      g_hash_table_insert (service->source_failures, g_strdup (source), window);
    }
  if (now - window->window_start >= AUTHORITY_SOURCE_WINDOW)
    {
      window->window_start = now;
      window->failures = 0;
    }
  window->failures++;
}

typedef struct {
  AuthorityService *service;
  const char       *personal_id;
  const char       *source;
  gint64            failures;       /* out: after this one */
} Failure;

static gboolean
failure_body (ServiceStore    *store,
              gpointer         data,
              GError         **error)
{
  Failure *failure = data;
  gint64 now = authority_service_now (failure->service);
  const char *params[3] = { failure->personal_id };
  g_autoptr(ServiceRows) rows = NULL;
  g_autofree char *until = NULL;

  rows = service_store_query (store,
                              "UPDATE accounts SET failed_logins = failed_logins + 1 WHERE personal_id = $1"
                              " RETURNING failed_logins", params, 1, error);
  if (rows == NULL || service_rows_get_n_rows (rows) == 0)
    return rows != NULL;
  failure->failures = service_rows_get_int (rows, 0, 0);
  if (failure->failures >= AUTHORITY_LOCKOUT_AFTER)
    {
      until = authority_int_text (now + AUTHORITY_LOCKOUT_DURATION);
      params[1] = until;
      if (!service_store_exec (store,
                               "UPDATE accounts SET locked_until = $2, failed_logins = 0, throttled_until = 0"
                               " WHERE personal_id = $1", params, 2, NULL, error))
        return FALSE;
    }
  else if (failure->failures >= AUTHORITY_THROTTLE_AFTER)
    {
      until = authority_int_text (now + ((gint64) AUTHORITY_THROTTLE_BASE << (failure->failures - AUTHORITY_THROTTLE_AFTER)));
      params[1] = until;
      if (!service_store_exec (store, "UPDATE accounts SET throttled_until = $2 WHERE personal_id = $1",
                               params, 2, NULL, error))
        return FALSE;
    }
  return authority_audit (failure->service, failure->personal_id, "citizen",
                          failure->failures >= AUTHORITY_LOCKOUT_AFTER ? "locked out after failed logins"
                                                                       : "login failed",
                          NULL, failure->source, error);
}

static void
refuse_wrong_password (AuthorityService  *service,
                       const char        *personal_id,
                       const char        *source,
                       GError           **error)
{
  Failure failure = { service, personal_id, source, 0 };
  GError *local_error = NULL;

  count_source_failure (service, source);
  if (!service_store_transact (service->store, failure_body, &failure, &local_error))
    {
      authority_service_set_internal_error (error, local_error);
      return;
    }
  if (failure.failures >= AUTHORITY_LOCKOUT_AFTER)
    g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_LOCKED,
                 "wrong password %d times: the account is locked for %d minutes; an officer can "
                 "unlock it sooner", AUTHORITY_LOCKOUT_AFTER, AUTHORITY_LOCKOUT_DURATION / 60);
  else if (failure.failures >= AUTHORITY_THROTTLE_AFTER)
    g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_CREDENTIALS,
                 "wrong personal ID or password: wait %d seconds before the next attempt "
                 "(%" G_GINT64_FORMAT " more failures lock the account)",
                 AUTHORITY_THROTTLE_BASE << (failure.failures - AUTHORITY_THROTTLE_AFTER),
                 AUTHORITY_LOCKOUT_AFTER - failure.failures);
  else
    g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_CREDENTIALS,
                 "wrong personal ID or password: check both and try again");
}

/* Why @rows' account may not log in now, or TRUE. Columns: status,
 * password_hash, locked_until, throttled_until. */
static gboolean
check_may_log_in (AuthorityService  *service,
                  ServiceRows       *rows,
                  GError           **error)
{
  const char *status = service_rows_get (rows, 0, 0);
  gint64 now = authority_service_now (service);
  gint64 locked_until = service_rows_get_int (rows, 0, 2);
  gint64 throttled_until = service_rows_get_int (rows, 0, 3);

  if (g_strcmp0 (status, "locked") == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_LOCKED,
                   "the account is locked: to unlock it, visit the police with your identity card");
      return FALSE;
    }
  if (g_strcmp0 (status, "active") != 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WRONG_STATE,
                   "the account is %s, not active: %s", status,
                   g_strcmp0 (status, "approved") == 0 ? "activate it with the code sent by SMS first"
                   : g_strcmp0 (status, "pending") == 0 ? "wait for the police's decision"
                   : "register again");
      return FALSE;
    }
  if (locked_until > now)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_LOCKED,
                   "the account is locked after repeated wrong passwords for %" G_GINT64_FORMAT
                   " more seconds; an officer can unlock it sooner", locked_until - now);
      return FALSE;
    }
  if (throttled_until > now)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_THROTTLED,
                   "too many wrong passwords: try again in %" G_GINT64_FORMAT " seconds",
                   throttled_until - now);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  AuthorityService *service;
  const char       *personal_id;
  const char       *source;
  char             *token;          /* out */
} Login;

static gboolean
login_body (ServiceStore    *store,
            gpointer         data,
            GError         **error)
{
  Login *login = data;
  gint64 now = authority_service_now (login->service);
  g_autofree char *token = authority_random_token (32);
  g_autofree char *token_hash = authority_hash_secret (token);
  g_autofree char *created = authority_int_text (now);
  g_autofree char *expires = authority_int_text (now + AUTHORITY_SESSION_LIFETIME);
  const char *params[] = { login->personal_id, token_hash, created, expires };
  gint64 changes = 0;

  /* Still active and not locked out: a lock may have landed meanwhile. */
  if (!service_store_exec (store,
                           "UPDATE accounts SET failed_logins = 0, throttled_until = 0"
                           " WHERE personal_id = $1 AND status = 'active' AND locked_until <= $3",
                           params, G_N_ELEMENTS (params), &changes, error))
    return FALSE;
  if (changes == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_LOCKED,
                   "the account was locked meanwhile: to unlock it, visit the police");
      return FALSE;
    }
  if (!service_store_exec (store,
                           "INSERT INTO sessions (token_hash, personal_id, created_at, expires_at)"
                           " VALUES ($2, $1, $3, $4)", params, G_N_ELEMENTS (params), NULL, error) ||
      !authority_audit (login->service, login->personal_id, "citizen", "logged in", NULL, login->source, error))
    return FALSE;
  g_free (login->token);
  login->token = g_steal_pointer (&token);
  return TRUE;
}

char *
authority_service_login (AuthorityService  *service,
                         const char        *personal_id,
                         const char        *password,
                         const char        *source,
                         GError           **error)
{
  const char *params[] = { personal_id };
  g_autoptr(ServiceRows) rows = NULL;
  Login login = { service, personal_id, source, NULL };
  GError *local_error = NULL;

  if (!authority_check_personal_id (personal_id, error))
    return NULL;
  if (password == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST, "password is missing");
      return NULL;
    }
  if (!check_source (service, source, error))
    return NULL;
  rows = service_store_query (service->store,
                              "SELECT status, password_hash, locked_until, throttled_until FROM accounts"
                              " WHERE personal_id = $1", params, 1, &local_error);
  if (rows == NULL)
    return authority_service_finish (FALSE, &local_error, error), NULL;
  if (service_rows_get_n_rows (rows) == 0)
    {
      /* As slow as a real check, so that timing does not tell which IDs
       * have accounts. */
      if (service->dummy_hash == NULL)
        service->dummy_hash = authority_password_hash (service, "not anyone's password", NULL);
      authority_password_verify (service->dummy_hash, password);
      count_source_failure (service, source);
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_CREDENTIALS,
                   "wrong personal ID or password: check both and try again");
      return NULL;
    }
  if (!check_may_log_in (service, rows, error))
    return NULL;
  if (!authority_password_verify (service_rows_get (rows, 0, 1), password))
    {
      refuse_wrong_password (service, personal_id, source, error);
      return NULL;
    }
  if (!service_store_transact (service->store, login_body, &login, &local_error))
    return authority_service_finish (FALSE, &local_error, error), NULL;
  return login.token;
}

char *
authority_service_authenticate (AuthorityService  *service,
                                const char        *session_token,
                                GError           **error)
{
  g_autofree char *token_hash = NULL;
  g_autofree char *now = authority_int_text (authority_service_now (service));
  const char *params[2] = { NULL, now };
  g_autoptr(ServiceRows) rows = NULL;
  GError *local_error = NULL;

  if (session_token == NULL || *session_token == '\0' || strlen (session_token) > 256)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_UNAUTHORIZED,
                   "log in first: send the session from POST /api/v1/login as Authorization: Bearer SESSION");
      return NULL;
    }
  /* Looked up by the token's hash: the table never holds a usable token. */
  token_hash = authority_hash_secret (session_token);
  params[0] = token_hash;
  rows = service_store_query (service->store,
                              "SELECT s.personal_id, a.status FROM sessions s JOIN accounts a"
                              " ON a.personal_id = s.personal_id WHERE s.token_hash = $1 AND s.expires_at > $2",
                              params, 2, &local_error);
  if (rows == NULL)
    return authority_service_finish (FALSE, &local_error, error), NULL;
  if (service_rows_get_n_rows (rows) == 0 || g_strcmp0 (service_rows_get (rows, 0, 1), "active") != 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_UNAUTHORIZED,
                   "the session is unknown, ended or expired: log in again");
      return NULL;
    }
  return g_strdup (service_rows_get (rows, 0, 0));
}

gboolean
authority_service_logout (AuthorityService  *service,
                          const char        *session_token,
                          GError           **error)
{
  g_autofree char *personal_id = authority_service_authenticate (service, session_token, error);
  g_autofree char *token_hash = NULL;
  const char *params[1];
  GError *local_error = NULL;

  if (personal_id == NULL)
    return FALSE;
  token_hash = authority_hash_secret (session_token);
  params[0] = token_hash;
  return authority_service_finish (service_store_exec (service->store, "DELETE FROM sessions WHERE token_hash = $1",
                                       params, 1, NULL, &local_error), &local_error, error);
}

typedef struct {
  AuthorityService *service;
  const char       *personal_id;
  const char       *password_hash;
} PasswordChange;

static gboolean
password_change_body (ServiceStore    *store,
                      gpointer         data,
                      GError         **error)
{
  PasswordChange *change = data;
  g_autofree char *now = authority_int_text (authority_service_now (change->service));
  const char *params[] = { change->personal_id, change->password_hash, now };

  /* Every session ends: whoever knew the old password is logged out. */
  return service_store_exec (store,
                             "UPDATE accounts SET password_hash = $2, password_changed_at = $3"
                             " WHERE personal_id = $1", params, 3, NULL, error) &&
         service_store_exec (store, "DELETE FROM sessions WHERE personal_id = $1", params, 1, NULL, error) &&
         authority_audit (change->service, change->personal_id, "citizen", "password changed", NULL, NULL, error);
}

gboolean
authority_service_change_password (AuthorityService  *service,
                                   const char        *personal_id,
                                   const char        *current_password,
                                   const char        *new_password,
                                   GError           **error)
{
  const char *params[] = { personal_id };
  g_autoptr(ServiceRows) rows = NULL;
  g_autofree char *hash = NULL;
  PasswordChange change = { service, personal_id, NULL };
  GError *local_error = NULL;

  if (!authority_password_check_policy (personal_id, new_password, error))
    return FALSE;
  rows = service_store_query (service->store,
                              "SELECT status, password_hash, locked_until, throttled_until FROM accounts"
                              " WHERE personal_id = $1", params, 1, &local_error);
  if (rows == NULL)
    return authority_service_finish (FALSE, &local_error, error);
  if (service_rows_get_n_rows (rows) == 0 || !check_may_log_in (service, rows, error))
    return FALSE;
  if (!authority_password_verify (service_rows_get (rows, 0, 1), current_password))
    {
      refuse_wrong_password (service, personal_id, NULL, error);
      return FALSE;
    }
  hash = authority_password_hash (service, new_password, error);
  if (hash == NULL)
    return FALSE;
  change.password_hash = hash;
  return authority_service_finish (service_store_transact (service->store, password_change_body, &change, &local_error), &local_error, error);
}
