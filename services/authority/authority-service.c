/* authority-service.c: accounts — registration, police decisions, levels,
 * locking — each one transaction on the store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sodium.h>

#include "authority-service-private.h"

#define MAX_EMAIL  254
#define MAX_REASON 500
#define MAX_NAME   200
#define VIETNAM_UTC_OFFSET (7 * 3600)

static const char * const account_status_names[] = {
  [AUTHORITY_ACCOUNT_PENDING] = "pending",
  [AUTHORITY_ACCOUNT_REJECTED] = "rejected",
  [AUTHORITY_ACCOUNT_APPROVED] = "approved",
  [AUTHORITY_ACCOUNT_ACTIVE] = "active",
  [AUTHORITY_ACCOUNT_LOCKED] = "locked",
};

const char *
authority_account_status_to_string (AuthorityAccountStatus status)
{
  return account_status_names[status];
}

static AuthorityAccountStatus
account_status_from_string (const char *text)
{
  for (gsize i = 0; i < G_N_ELEMENTS (account_status_names); i++)
    if (g_strcmp0 (text, account_status_names[i]) == 0)
      return i;
  return AUTHORITY_ACCOUNT_LOCKED;   /* a CHECK constraint allows no other */
}

void
authority_account_free (AuthorityAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->registration_id);
  g_free (account->personal_id);
  g_free (account->phone);
  g_free (account->email);
  g_free (account->decided_by);
  g_free (account->decision_reason);
  g_free (account->card_number);
  g_free (account);
}

AuthorityAccount *
authority_account_from_row (AuthorityRows *rows,
                            guint          row)
{
  AuthorityAccount *account = g_new0 (AuthorityAccount, 1);

  account->registration_id = g_strdup (authority_rows_get (rows, row, 0));
  account->personal_id = g_strdup (authority_rows_get (rows, row, 1));
  account->phone = g_strdup (authority_rows_get (rows, row, 2));
  account->email = g_strdup (authority_rows_get (rows, row, 3));
  account->status = account_status_from_string (authority_rows_get (rows, row, 4));
  account->level = authority_rows_get_int (rows, row, 5);
  account->requested_level = authority_rows_get_int (rows, row, 6);
  account->created_at = authority_rows_get_int (rows, row, 7);
  account->decision_due = authority_rows_get_int (rows, row, 8);
  account->decided_at = authority_rows_get_int (rows, row, 9);
  account->decided_by = g_strdup (authority_rows_get (rows, row, 10));
  account->decision_reason = g_strdup (authority_rows_get (rows, row, 11));
  account->locked_until = authority_rows_get_int (rows, row, 12);
  account->card_number = g_strdup (authority_rows_get (rows, row, 13));
  return account;
}

/* ---- small shared helpers ---- */

char *
authority_int_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

char *
authority_random_token (gsize n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);
  gsize length = sodium_base64_encoded_len (n_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *token = g_malloc (length);

  randombytes_buf (bytes, n_bytes);
  sodium_bin2base64 (token, length, bytes, n_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, n_bytes);
  return token;
}

char *
authority_hash_secret (const char *text)
{
  guchar hash[32];
  char *hex = g_malloc (2 * sizeof hash + 1);

  crypto_generichash (hash, sizeof hash, (const guchar *) text, strlen (text), NULL, 0);
  sodium_bin2hex (hex, 2 * sizeof hash + 1, hash, sizeof hash);
  return hex;
}

gboolean
authority_secret_equal (const char *a,
                        const char *b)
{
  guchar hash_a[32], hash_b[32];

  if (a == NULL || b == NULL)
    return FALSE;
  /* Hashing first makes the comparison independent of both lengths. */
  crypto_generichash (hash_a, sizeof hash_a, (const guchar *) a, strlen (a), NULL, 0);
  crypto_generichash (hash_b, sizeof hash_b, (const guchar *) b, strlen (b), NULL, 0);
  return sodium_memcmp (hash_a, hash_b, sizeof hash_a) == 0;
}

void
authority_service_set_internal_error (GError **error,
                                      GError  *store_error)
{
  if (store_error->domain == AUTHORITY_ERROR)
    {
      g_propagate_error (error, store_error);
      return;
    }
  /* The details are for the operator's log, not for the client. */
  g_warning ("vneid-authority: %s", store_error->message);
  g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INTERNAL,
               "the authority could not complete the request: try again later");
  g_error_free (store_error);
}

gboolean
authority_service_finish (gboolean   ok,
                          GError   **local_error,
                          GError   **error)
{
  if (!ok)
    authority_service_set_internal_error (error, g_steal_pointer (local_error));
  return ok;
}

gboolean
authority_audit (AuthorityService  *service,
                 const char        *personal_id,
                 const char        *actor,
                 const char        *action,
                 const char        *detail,
                 const char        *source,
                 GError           **error)
{
  g_autofree char *at = authority_int_text (authority_service_now (service));
  /* Real microseconds, then randomness: unique, and in order within a second. */
  g_autofree char *event_id = g_strdup_printf ("%016" G_GINT64_MODIFIER "x%08x",
                                               g_get_real_time (), g_random_int ());
  const char *params[] = { personal_id, event_id, at, actor, action, detail, source };

  return authority_store_exec (service->store,
                               "INSERT INTO audit_log (personal_id, event_id, at, actor, action, detail, source)"
                               " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                               params, G_N_ELEMENTS (params), NULL, error);
}

/* ---- the service object ---- */

static gint64
real_clock (gpointer data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static VneidKey *
load_key (const char  *keys_dir,
          const char  *name,
          GError     **error)
{
  g_autofree char *path = g_build_filename (keys_dir, name, NULL);
  VneidKey *key = vneid_key_new_from_file (path, error);

  if (key != NULL && !vneid_key_has_private (key))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "%s: a public key; the authority needs the private key to sign", path);
      g_clear_object (&key);
    }
  return key;
}

AuthorityService *
authority_service_new (const AuthorityServiceConfig  *config,
                       GError                       **error)
{
  g_autoptr(VneidKey) population_key = NULL;
  g_autoptr(VneidKey) bhyt_key = NULL;
  AuthorityService *service;

  if (sodium_init () < 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INTERNAL, "libsodium failed to initialize");
      return NULL;
    }
  population_key = load_key (config->keys_dir, "population-db.jwk", error);
  if (population_key == NULL)
    return NULL;
  bhyt_key = load_key (config->keys_dir, "vss-bhyt.jwk", error);
  if (bhyt_key == NULL)
    return NULL;

  service = g_new0 (AuthorityService, 1);
  service->issuer_url = g_strdup (config->issuer_url);
  /* No trailing slash: paths are appended to it. */
  while (g_str_has_suffix (service->issuer_url, "/"))
    service->issuer_url[strlen (service->issuer_url) - 1] = '\0';
  service->store = config->store;
  service->population = config->population;
  service->sms = config->sms;
  service->pwhash_cost = config->pwhash_cost;
  service->clock = config->clock != NULL ? config->clock : real_clock;
  service->clock_data = config->clock_data;
  service->population_key = g_steal_pointer (&population_key);
  service->bhyt_key = g_steal_pointer (&bhyt_key);
  service->source_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return service;
}

void
authority_service_free (AuthorityService *service)
{
  if (service == NULL)
    return;
  g_free (service->issuer_url);
  g_clear_object (&service->population_key);
  g_clear_object (&service->bhyt_key);
  g_hash_table_unref (service->source_failures);
  g_free (service->dummy_hash);
  g_free (service);
}

gint64
authority_service_now (AuthorityService *service)
{
  return service->clock (service->clock_data);
}

AuthorityStore *
authority_service_get_store (AuthorityService *service)
{
  return service->store;
}

AuthorityPopulation *
authority_service_get_population (AuthorityService *service)
{
  return service->population;
}

const char *
authority_service_get_issuer_url (AuthorityService *service)
{
  return service->issuer_url;
}

VneidKey *
authority_service_get_signing_key (AuthorityService *service,
                                   const char       *credential)
{
  return g_strcmp0 (credential, "bhyt") == 0 ? service->bhyt_key : service->population_key;
}

const char *
authority_service_get_issuer_for (AuthorityService *service,
                                  const char       *credential)
{
  return g_strcmp0 (credential, "bhyt") == 0 ? AUTHORITY_BHYT_ISSUER : service->issuer_url;
}

JsonNode *
authority_service_get_issuer_metadata (AuthorityService *service)
{
  JsonObject *metadata = json_object_new ();
  JsonObject *jwks = json_object_new ();
  JsonArray *keys = json_array_new ();
  JsonNode *node;

  json_array_add_object_element (keys, vneid_key_to_jwk_object (service->population_key, FALSE));
  json_object_set_array_member (jwks, "keys", keys);
  json_object_set_string_member (metadata, "issuer", service->issuer_url);
  json_object_set_object_member (metadata, "jwks", jwks);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, metadata);
  return node;
}

/* ---- input rules ---- */

gboolean
authority_check_personal_id (const char  *personal_id,
                             GError     **error)
{
  g_autoptr(VneidPersonalId) parsed = NULL;
  g_autoptr(GError) local_error = NULL;

  if (personal_id == NULL || *personal_id == '\0')
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "personal_id is missing: give the 12-digit personal identification number");
      return FALSE;
    }
  parsed = vneid_personal_id_parse (personal_id, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "personal_id is not a valid personal identification number: %s",
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* 0XXXXXXXXX, 84XXXXXXXXX or +84XXXXXXXXX, spaces, dots and hyphens
 * allowed between digits (9 digits after the country code, not starting
 * with 0) → +84XXXXXXXXX. Whether the number is really the citizen's is
 * what the activation code sent to it proves. */
static char *
normalize_phone (const char  *phone,
                 GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *national = NULL;

  if (phone != NULL && strlen (phone) <= 32 && strspn (phone, "+0123456789 .-") == strlen (phone) &&
      strrchr (phone, '+') <= phone)
    {
      for (const char *c = phone; *c != '\0'; c++)
        if (g_ascii_isdigit (*c) || *c == '+')
          g_string_append_c (digits, *c);
      if (g_str_has_prefix (digits->str, "+84"))
        national = digits->str + 3;
      else if (g_str_has_prefix (digits->str, "84") && digits->len == 11)
        national = digits->str + 2;
      else if (digits->str[0] == '0')
        national = digits->str + 1;
    }
  if (national == NULL || strlen (national) != 9 || strspn (national, "0123456789") != 9 || national[0] == '0')
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "phone is not a Vietnamese phone number: give your own number as "
                   "0XXXXXXXXX or +84XXXXXXXXX");
      return NULL;
    }
  return g_strconcat ("+84", national, NULL);
}

static gboolean
check_email (const char  *email,
             GError     **error)
{
  const char *at = email != NULL ? strchr (email, '@') : NULL;
  gboolean valid = at != NULL && at != email && strchr (at + 1, '@') == NULL &&
                   strchr (at + 1, '.') != NULL && at[1] != '.' &&
                   !g_str_has_suffix (email, ".") && strlen (email) <= MAX_EMAIL;

  for (const char *c = email; valid && *c != '\0'; c++)
    valid = g_ascii_isgraph (*c);
  if (!valid)
    g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                 "email is not an e-mail address (name@domain, at most %d characters): "
                 "give an address you read", MAX_EMAIL);
  return valid;
}

static gboolean
check_text (const char  *field,
            const char  *text,
            gsize        max_length,
            GError     **error)
{
  if (text == NULL || *text == '\0' || strlen (text) > max_length ||
      !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "%s must be UTF-8 text of 1 to %" G_GSIZE_FORMAT " bytes", field, max_length);
      return FALSE;
    }
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    if (g_unichar_iscntrl (g_utf8_get_char (c)))
      {
        g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                     "%s must not hold control characters", field);
        return FALSE;
      }
  return TRUE;
}

static gboolean
is_officer_id (const char *officer)
{
  gsize length = officer != NULL ? strlen (officer) : 0;

  return length >= 1 && length <= 64 &&
         strspn (officer, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-") == length;
}

gboolean
authority_check_officer (AuthorityService  *service,
                         const char        *officer,
                         GError           **error)
{
  const char *params[] = { officer };
  g_autoptr(AuthorityRows) rows = NULL;

  if (!is_officer_id (officer))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "--officer must name the deciding officer: 1 to 64 letters, digits, '.', '_', '@' or '-'");
      return FALSE;
    }
  rows = authority_store_query (service->store,
                                "SELECT (SELECT count(*) FROM officers),"
                                " (SELECT count(*) FROM officers WHERE officer_id = $1)",
                                params, 1, error);
  if (rows == NULL)
    return FALSE;
  if (authority_rows_get_int (rows, 0, 0) > 0 && authority_rows_get_int (rows, 0, 1) == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_FORBIDDEN,
                   "officer %s is not enrolled: enroll the officer with "
                   "`vneid-authority officer-add %s --name NAME` first", officer, officer);
      return FALSE;
    }
  return TRUE;
}

gboolean
authority_service_add_officer (AuthorityService  *service,
                               const char        *officer,
                               const char        *name,
                               GError           **error)
{
  g_autofree char *now = authority_int_text (authority_service_now (service));
  const char *params[] = { officer, name, now };
  g_autoptr(GError) local_error = NULL;

  if (!is_officer_id (officer))
    return authority_check_officer (service, officer, error);
  if (!check_text ("name", name, MAX_NAME, error))
    return FALSE;
  if (!authority_store_exec (service->store,
                             "INSERT INTO officers (officer_id, name, created_at) VALUES ($1, $2, $3)",
                             params, 3, NULL, &local_error))
    {
      if (g_error_matches (local_error, AUTHORITY_STORE_ERROR, AUTHORITY_STORE_ERROR_CONSTRAINT))
        {
          g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WRONG_STATE,
                       "officer %s is already enrolled", officer);
          return FALSE;
        }
      return authority_service_finish (FALSE, &local_error, error);
    }
  return TRUE;
}

/* Decree 69/2024: citizens from 14 register themselves; younger ones
 * through a parent's or guardian's account. A birthdate of a year only
 * counts from the year's last day. */
static gboolean
check_age (AuthorityService  *service,
           JsonObject        *pid,
           GError           **error)
{
  const char *birthdate = json_object_get_string_member_with_default (pid, "birthdate", NULL);
  g_autoptr(VneidDate) born = birthdate != NULL ? vneid_date_parse (birthdate, NULL) : NULL;
  g_autoptr(VneidDate) today = vneid_date_new_in_vietnam (authority_service_now (service));
  int month, day, year;

  if (born == NULL || today == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_UNKNOWN_CITIZEN,
                   "the population record has no usable birthdate: ask the police to correct it");
      return FALSE;
    }
  year = vneid_date_get_year (born) + 14;
  month = vneid_date_is_complete (born) ? vneid_date_get_month (born) : 12;
  day = vneid_date_is_complete (born) ? vneid_date_get_day (born) : 31;
  if (vneid_date_get_year (today) < year ||
      (vneid_date_get_year (today) == year &&
       (vneid_date_get_month (today) < month ||
        (vneid_date_get_month (today) == month && vneid_date_get_day (today) < day))))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_TOO_YOUNG,
                   "citizens under 14 cannot register themselves (Decree 69/2024/NĐ-CP): "
                   "a parent or guardian registers the child through their own level 2 account");
      return FALSE;
    }
  return TRUE;
}

/* @start plus @days working days (Monday to Friday, Vietnam time; public
 * holidays are not modelled), at the same time of day. */
static gint64
add_working_days (gint64 start,
                  int    days)
{
  gint64 t = start;

  while (days > 0)
    {
      gint64 weekday;

      t += 86400;
      weekday = ((t + VIETNAM_UTC_OFFSET) / 86400 + 4) % 7;   /* 1970-01-01 was a Thursday; 0 = Sunday */
      if (weekday != 0 && weekday != 6)
        days--;
    }
  return t;
}

/* ---- registration ---- */

typedef struct {
  AuthorityService *service;
  const char       *personal_id;
  const char       *phone;
  const char       *email;
  int               level;
  char             *registration_id;   /* out */
} Registration;

static gboolean
register_body (AuthorityStore  *store,
               gpointer         data,
               GError         **error)
{
  Registration *registration = data;
  gint64 now = authority_service_now (registration->service);
  g_autofree char *random = authority_random_token (16);
  g_autofree char *id = g_strconcat ("reg-", random, NULL);
  g_autofree char *level = authority_int_text (registration->level);
  g_autofree char *created = authority_int_text (now);
  g_autofree char *due = authority_int_text (add_working_days (now, registration->level == 2 ? 3 : 1));
  const char *params[] = { registration->personal_id, id, registration->phone, registration->email,
                           level, created, due };
  g_autoptr(AuthorityRows) rows = NULL;
  g_autoptr(GError) local_error = NULL;

  /* The primary key allows one account per ID; a rejected registration is
   * replaced. The partial unique index binds a phone to one account. */
  rows = authority_store_query (store,
    "INSERT INTO accounts (personal_id, registration_id, phone, email, status, level, requested_level,"
    " created_at, decision_due) VALUES ($1, $2, $3, $4, 'pending', 1, $5, $6, $7)"
    " ON CONFLICT (personal_id) DO UPDATE SET registration_id = excluded.registration_id,"
    " phone = excluded.phone, email = excluded.email, status = 'pending', level = 1,"
    " requested_level = excluded.requested_level, created_at = excluded.created_at,"
    " decision_due = excluded.decision_due, decided_at = NULL, decided_by = NULL,"
    " decision_reason = NULL, otp_hash = NULL, otp_attempts = 0, password_hash = NULL,"
    " failed_logins = 0, throttled_until = 0, locked_until = 0, card_number = NULL"
    " WHERE accounts.status = 'rejected'"
    " RETURNING registration_id",
    params, G_N_ELEMENTS (params), &local_error);
  if (rows == NULL)
    {
      if (g_error_matches (local_error, AUTHORITY_STORE_ERROR, AUTHORITY_STORE_ERROR_CONSTRAINT) &&
          strstr (local_error->message, "phone") != NULL)
        {
          g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_PHONE_TAKEN,
                       "this phone number is already bound to another account (one phone number "
                       "per account): register with your own phone number");
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (authority_rows_get_n_rows (rows) == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_ALREADY_REGISTERED,
                   "personal ID %s already has an account or a registration waiting for the police: "
                   "log in, or ask the police if you did not register", registration->personal_id);
      return FALSE;
    }
  g_free (registration->registration_id);
  registration->registration_id = g_strdup (id);
  return authority_audit (registration->service, registration->personal_id, "citizen", "registered",
                          registration->level == 2 ? "level 2 at the police counter" : "level 1 in the app",
                          NULL, error);
}

char *
authority_service_register (AuthorityService  *service,
                            const char        *personal_id,
                            const char        *phone,
                            const char        *email,
                            int                level,
                            GError           **error)
{
  g_autofree char *normalized_phone = NULL;
  Registration registration = { service, personal_id, NULL, email, level, NULL };
  JsonObject *pid;
  GError *local_error = NULL;

  if (!authority_check_personal_id (personal_id, error))
    return NULL;
  normalized_phone = normalize_phone (phone, error);
  if (normalized_phone == NULL || !check_email (email, error))
    return NULL;
  if (level != 1 && level != 2)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "level must be 1 (registered in the app) or 2 (at the police counter)");
      return NULL;
    }
  pid = authority_population_get_claims (service->population, personal_id, "pid");
  if (pid == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_UNKNOWN_CITIZEN,
                   "personal ID %s is not in the population database: check the number on your "
                   "citizen identity card, or ask the police of your commune", personal_id);
      return NULL;
    }
  if (!check_age (service, pid, error))
    return NULL;

  registration.phone = normalized_phone;
  if (!authority_store_transact (service->store, register_body, &registration, &local_error))
    {
      g_free (registration.registration_id);
      authority_service_set_internal_error (error, local_error);
      return NULL;
    }
  return registration.registration_id;
}

static AuthorityAccount *
query_account (AuthorityService  *service,
               const char        *where,
               const char        *value,
               GError           **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " AUTHORITY_ACCOUNT_COLUMNS " FROM accounts WHERE ", where, NULL);
  const char *params[] = { value };
  g_autoptr(AuthorityRows) rows = authority_store_query (service->store, sql, params, 1, error);

  if (rows == NULL)
    return NULL;
  if (authority_rows_get_n_rows (rows) == 0)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_NOT_FOUND,
                   "no account or registration for %s: check the number, or register first", value);
      return NULL;
    }
  return authority_account_from_row (rows, 0);
}

AuthorityAccount *
authority_service_get_account (AuthorityService  *service,
                               const char        *personal_id,
                               GError           **error)
{
  GError *local_error = NULL;
  AuthorityAccount *account = query_account (service, "personal_id = $1", personal_id, &local_error);

  if (account == NULL)
    authority_service_set_internal_error (error, local_error);
  return account;
}

GPtrArray *
authority_service_list_registrations (AuthorityService  *service,
                                      gboolean           pending_only,
                                      GError           **error)
{
  g_autoptr(AuthorityRows) rows = NULL;
  GPtrArray *accounts;
  GError *local_error = NULL;

  rows = authority_store_query (service->store,
                                pending_only
                                ? "SELECT " AUTHORITY_ACCOUNT_COLUMNS " FROM accounts WHERE status = 'pending'"
                                  " ORDER BY created_at, personal_id"
                                : "SELECT " AUTHORITY_ACCOUNT_COLUMNS " FROM accounts ORDER BY created_at, personal_id",
                                NULL, 0, &local_error);
  if (rows == NULL)
    {
      authority_service_set_internal_error (error, local_error);
      return NULL;
    }
  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) authority_account_free);
  for (guint i = 0; i < authority_rows_get_n_rows (rows); i++)
    g_ptr_array_add (accounts, authority_account_from_row (rows, i));
  return accounts;
}

/* ---- police decisions ---- */

static gboolean
send_sms_to (AuthorityService  *service,
             const char        *phone,
             const char        *text,
             GError           **error)
{
  return service->sms->send (service->sms, phone, text, authority_service_now (service), error);
}

gboolean
authority_service_send_sms (AuthorityService  *service,
                            const char        *personal_id,
                            const char        *text,
                            GError           **error)
{
  g_autoptr(AuthorityAccount) account = authority_service_get_account (service, personal_id, error);
  g_autoptr(GError) local_error = NULL;

  if (account == NULL)
    return FALSE;
  if (!send_sms_to (service, account->phone, text, &local_error))
    return authority_service_finish (FALSE, &local_error, error);
  return TRUE;
}

char *
authority_make_otp (void)
{
  char otp[AUTHORITY_OTP_DIGITS + 1];

  for (int i = 0; i < AUTHORITY_OTP_DIGITS; i++)
    otp[i] = '0' + randombytes_uniform (10);
  otp[AUTHORITY_OTP_DIGITS] = '\0';
  return g_strdup (otp);
}

/* The OTP is stored hashed with the personal ID (a leaked row does not
 * give it away directly; six digits are guessable offline, which is why
 * it also expires and allows few attempts). */
char *
authority_hash_secret_otp (const char *personal_id,
                           const char *otp)
{
  g_autofree char *text = g_strconcat (personal_id, ":", otp, NULL);

  return authority_hash_secret (text);
}

/* Gives the account a new activation OTP and sends it; inside a transaction. */
static gboolean
issue_otp (AuthorityService  *service,
           const char        *personal_id,
           const char        *phone,
           GError           **error)
{
  gint64 now = authority_service_now (service);
  g_autofree char *otp = authority_make_otp ();
  g_autofree char *hash = authority_hash_secret_otp (personal_id, otp);
  g_autofree char *expires = authority_int_text (now + AUTHORITY_OTP_LIFETIME);
  g_autofree char *sent = authority_int_text (now);
  g_autofree char *text = NULL;
  const char *params[] = { personal_id, hash, expires, sent };

  if (!authority_store_exec (service->store,
                             "UPDATE accounts SET otp_hash = $2, otp_expires_at = $3, otp_attempts = 0,"
                             " otp_sent_at = $4 WHERE personal_id = $1",
                             params, G_N_ELEMENTS (params), NULL, error))
    return FALSE;
  /* The code comes first and is the message's only number. */
  text = g_strdup_printf ("%s là mã kích hoạt tài khoản định danh điện tử VNeID của bạn, có hiệu lực "
                          "trong một ngày, chỉ dùng một lần. Không chia sẻ mã này. / %s is your VNeID "
                          "activation code, valid for one day, single use. Do not share it.",
                          otp, otp);
  /* Sent before the commit: if sending fails the decision is rolled back. */
  return send_sms_to (service, phone, text, error);
}

typedef struct {
  AuthorityService *service;
  const char       *id;
  const char       *officer;
  const char       *card_number;
  const char       *reason;
  gboolean          approve;
} Decision;

static gboolean
refuse_decision (AuthorityService  *service,
                 const char        *id,
                 GError           **error)
{
  g_autoptr(AuthorityAccount) account =
    query_account (service, strlen (id) == 12 ? "personal_id = $1" : "registration_id = $1", id, error);

  if (account == NULL)
    return FALSE;
  g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WRONG_STATE,
               "registration %s is %s, not pending: only pending registrations are decided",
               id, authority_account_status_to_string (account->status));
  return FALSE;
}

static gboolean
check_card_number (AuthorityService  *service,
                   const char        *personal_id,
                   const char        *card_number,
                   GError           **error)
{
  JsonObject *cccd = authority_population_get_claims (service->population, personal_id, "cccd");
  const char *on_record = cccd != NULL ? json_object_get_string_member_with_default (cccd, "document_number", NULL) : NULL;

  if (on_record == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_FORBIDDEN,
                   "the population database holds no chip-based citizen identity card for %s: "
                   "the citizen needs a card before level 2", personal_id);
      return FALSE;
    }
  if (card_number == NULL || !authority_secret_equal (card_number, on_record))
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "card number %s is not the card on record for %s: check the card in hand",
                   card_number ? card_number : "(none)", personal_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
decide_body (AuthorityStore  *store,
             gpointer         data,
             GError         **error)
{
  Decision *decision = data;
  AuthorityService *service = decision->service;
  g_autofree char *now = authority_int_text (authority_service_now (service));
  const char *params[] = { decision->id, now, decision->officer, decision->reason, decision->card_number };
  g_autoptr(AuthorityRows) rows = NULL;
  const char *personal_id, *phone;
  int requested_level;

  rows = authority_store_query (store,
    decision->approve
    ? "UPDATE accounts SET status = 'approved', decided_at = $2, decided_by = $3, decision_reason = $4,"
      " level = CASE WHEN CAST($5 AS TEXT) IS NULL THEN 1 ELSE requested_level END, card_number = $5,"
      " in_person_at = CASE WHEN CAST($5 AS TEXT) IS NULL THEN NULL ELSE CAST($2 AS BIGINT) END,"
      " in_person_officer = CASE WHEN CAST($5 AS TEXT) IS NULL THEN NULL ELSE $3 END"
      " WHERE (registration_id = $1 OR personal_id = $1) AND status = 'pending'"
      " RETURNING personal_id, phone, requested_level"
    : "UPDATE accounts SET status = 'rejected', decided_at = $2, decided_by = $3, decision_reason = $4"
      " WHERE (registration_id = $1 OR personal_id = $1) AND status = 'pending'"
      " RETURNING personal_id, phone, requested_level",
    params, G_N_ELEMENTS (params), error);
  if (rows == NULL)
    return FALSE;
  if (authority_rows_get_n_rows (rows) == 0)
    return refuse_decision (service, decision->id, error);
  personal_id = authority_rows_get (rows, 0, 0);
  phone = authority_rows_get (rows, 0, 1);
  requested_level = authority_rows_get_int (rows, 0, 2);

  if (decision->card_number != NULL &&
      (requested_level != 2 || !check_card_number (service, personal_id, decision->card_number, error)))
    {
      if (requested_level != 2)
        g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                     "--card-number is for level 2 registrations; this one asked for level 1 "
                     "(raise it afterwards with `vneid-authority upgrade`)");
      return FALSE;
    }
  if (!authority_audit (service, personal_id, decision->officer,
                        decision->approve ? "approved" : "rejected", decision->reason, NULL, error))
    return FALSE;
  if (decision->approve)
    return issue_otp (service, personal_id, phone, error);
  {
    g_autofree char *text = g_strdup_printf ("Đăng ký tài khoản định danh điện tử bị từ chối: %s / "
                                             "Your VNeID registration was rejected: %s",
                                             decision->reason, decision->reason);
    return send_sms_to (service, phone, text, error);
  }
}

static gboolean
decide (Decision  *decision,
        GError   **error)
{
  GError *local_error = NULL;

  if (decision->id == NULL || *decision->id == '\0')
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "name the registration: its ID (reg-…) or the personal ID");
      return FALSE;
    }
  if (!authority_check_officer (decision->service, decision->officer, &local_error))
    return authority_service_finish (FALSE, &local_error, error);
  if (!decision->approve && !check_text ("--reason", decision->reason, MAX_REASON, error))
    return FALSE;
  return authority_service_finish (authority_store_transact (decision->service->store, decide_body, decision, &local_error), &local_error, error);
}

gboolean
authority_service_approve (AuthorityService  *service,
                           const char        *id,
                           const char        *officer,
                           const char        *card_number,
                           GError           **error)
{
  Decision decision = { service, id, officer, card_number, NULL, TRUE };

  return decide (&decision, error);
}

gboolean
authority_service_reject (AuthorityService  *service,
                          const char        *id,
                          const char        *officer,
                          const char        *reason,
                          GError           **error)
{
  Decision decision = { service, id, officer, NULL, reason, FALSE };

  return decide (&decision, error);
}

gboolean
authority_service_resend_otp (AuthorityService  *service,
                              const char        *personal_id,
                              GError           **error)
{
  g_autoptr(AuthorityAccount) account = NULL;
  g_autoptr(AuthorityRows) rows = NULL;
  g_autofree char *earliest = authority_int_text (authority_service_now (service) - AUTHORITY_OTP_RESEND_AFTER);
  const char *params[] = { personal_id, earliest };
  GError *local_error = NULL;
  gboolean ok;

  if (!authority_check_personal_id (personal_id, error))
    return FALSE;
  account = authority_service_get_account (service, personal_id, error);
  if (account == NULL)
    return FALSE;
  if (account->status != AUTHORITY_ACCOUNT_APPROVED)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WRONG_STATE,
                   "the account is %s: an activation code is only sent to an approved account "
                   "that is not activated yet", authority_account_status_to_string (account->status));
      return FALSE;
    }
  ok = authority_store_begin (service->store, &local_error) &&
       (rows = authority_store_query (service->store,
                                      "UPDATE accounts SET otp_sent_at = otp_sent_at"
                                      " WHERE personal_id = $1 AND status = 'approved' AND otp_sent_at <= $2"
                                      " RETURNING phone", params, 2, &local_error)) != NULL;
  if (ok && authority_rows_get_n_rows (rows) == 0)
    {
      authority_store_rollback (service->store);
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_THROTTLED,
                   "an activation code was sent less than %d seconds ago: wait, then ask again",
                   AUTHORITY_OTP_RESEND_AFTER);
      return FALSE;
    }
  ok = ok && issue_otp (service, personal_id, authority_rows_get (rows, 0, 0), &local_error) &&
       authority_audit (service, personal_id, "citizen", "activation code resent", NULL, NULL, &local_error) &&
       authority_store_commit (service->store, &local_error);
  if (!ok)
    authority_store_rollback (service->store);
  return authority_service_finish (ok, &local_error, error);
}

/* ---- lock, unlock, levels ---- */

typedef struct {
  AuthorityService   *service;
  const char         *personal_id;
  const char         *actor;
  const char         *detail;
  const char         *update_sql;      /* $1 personal ID, $2 now, $3 actor, $4 detail */
  const char         *action;
  const char         *refusal;         /* printf: the account's status */
  const char * const *credentials;     /* kinds whose status changes, or NULL */
  gboolean            all_credentials;
  VneidStatus         new_status;      /* what they become */
  gboolean            end_sessions;
  const char         *sms_text;        /* nullable */
} AccountChange;

static gboolean
change_body (AuthorityStore  *store,
             gpointer         data,
             GError         **error)
{
  AccountChange *change = data;
  AuthorityService *service = change->service;
  g_autofree char *now = authority_int_text (authority_service_now (service));
  const char *params[] = { change->personal_id, now, change->actor, change->detail };
  g_autoptr(AuthorityRows) rows = authority_store_query (store, change->update_sql, params,
                                                         G_N_ELEMENTS (params), error);

  if (rows == NULL)
    return FALSE;
  if (authority_rows_get_n_rows (rows) == 0)
    {
      g_autoptr(AuthorityAccount) account = query_account (service, "personal_id = $1", change->personal_id, error);

      /* change->refusal is one of this file's literals, "%s … %d". */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      if (account != NULL)
        g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WRONG_STATE, change->refusal,
                     authority_account_status_to_string (account->status), account->level);
#pragma GCC diagnostic pop
      return FALSE;
    }
  if (change->end_sessions &&
      !authority_store_exec (store, "DELETE FROM sessions WHERE personal_id = $1", params, 1, NULL, error))
    return FALSE;
  if ((change->credentials != NULL || change->all_credentials) &&
      !authority_status_set_for_account (service, change->personal_id, change->credentials,
                                         change->new_status, error))
    return FALSE;
  if (!authority_audit (service, change->personal_id, change->actor, change->action, change->detail, NULL, error))
    return FALSE;
  return change->sms_text == NULL || send_sms_to (service, authority_rows_get (rows, 0, 0), change->sms_text, error);
}

static gboolean
change_account (AccountChange  *change,
                gboolean        by_officer,
                GError        **error)
{
  GError *local_error = NULL;

  if (!authority_check_personal_id (change->personal_id, error))
    return FALSE;
  if (by_officer && !authority_check_officer (change->service, change->actor, &local_error))
    return authority_service_finish (FALSE, &local_error, error);
  return authority_service_finish (authority_store_transact (change->service->store, change_body, change, &local_error), &local_error, error);
}

gboolean
authority_service_lock (AuthorityService  *service,
                        const char        *personal_id,
                        const char        *actor,
                        GError           **error)
{
  AccountChange change = {
    .service = service, .personal_id = personal_id, .actor = actor, .action = "locked",
    .update_sql = "UPDATE accounts SET status = 'locked' WHERE personal_id = $1 AND status = 'active'"
                  " RETURNING phone",
    .refusal = "the account is %s: only an active account can be locked",
    .all_credentials = TRUE, .new_status = VNEID_STATUS_SUSPENDED, .end_sessions = TRUE,
    .sms_text = "Tài khoản định danh điện tử VNeID của bạn đã bị khóa; các giấy tờ điện tử bị tạm dừng. "
                "Để mở khóa, hãy đến cơ quan công an. / Your VNeID account is locked and its credentials "
                "suspended. To unlock it, visit the police.",
  };

  return change_account (&change, !g_str_equal (actor, "citizen"), error);
}

gboolean
authority_service_unlock (AuthorityService  *service,
                          const char        *personal_id,
                          const char        *officer,
                          GError           **error)
{
  /* Unlocks a locked account, or ends a lockout after failed logins; the
   * credentials the lock suspended are valid again. */
  AccountChange change = {
    .service = service, .personal_id = personal_id, .actor = officer, .action = "unlocked",
    .all_credentials = TRUE, .new_status = VNEID_STATUS_VALID,
    .update_sql = "UPDATE accounts SET status = CASE WHEN status = 'locked' THEN 'active' ELSE status END,"
                  " failed_logins = 0, throttled_until = 0, locked_until = 0"
                  " WHERE personal_id = $1 AND (status = 'locked' OR (status = 'active' AND locked_until > $2))"
                  " RETURNING phone",
    .refusal = "the account is %s and not locked out: nothing to unlock",
    .sms_text = "Tài khoản định danh điện tử VNeID của bạn đã được mở khóa. / Your VNeID account is unlocked.",
  };

  return change_account (&change, TRUE, error);
}

typedef struct {
  AuthorityService *service;
  const char       *personal_id;
  const char       *officer;
  const char       *card_number;
} Upgrade;

gboolean
authority_service_upgrade (AuthorityService  *service,
                           const char        *personal_id,
                           const char        *officer,
                           const char        *card_number,
                           GError           **error)
{
  /* Also records a new card for a level 2 account whose card was lost. */
  AccountChange change = {
    .service = service, .personal_id = personal_id, .actor = officer, .detail = card_number,
    .action = "raised to level 2 after the in-person check",
    .update_sql = "UPDATE accounts SET level = 2, card_number = $4, in_person_at = $2, in_person_officer = $3"
                  " WHERE personal_id = $1 AND status IN ('approved', 'active')"
                  " AND (level = 1 OR card_number IS NULL) RETURNING phone",
    .refusal = "the account is %s at level %d: only an approved or active level 1 account (or a level 2 "
               "one whose card was reported lost) is raised",
    .sms_text = "Tài khoản định danh điện tử VNeID của bạn đã lên mức 2. / Your VNeID account is now level 2.",
  };

  if (!authority_check_personal_id (personal_id, error) ||
      !check_card_number (service, personal_id, card_number, error))
    return FALSE;
  return change_account (&change, TRUE, error);
}

gboolean
authority_service_downgrade (AuthorityService  *service,
                             const char        *personal_id,
                             const char        *officer,
                             const char        *reason,
                             GError           **error)
{
  static const char * const revoked[] = { "pid", "cccd", NULL };
  AccountChange change = {
    .service = service, .personal_id = personal_id, .actor = officer, .detail = reason,
    .action = "lowered to level 1", .credentials = revoked, .new_status = VNEID_STATUS_INVALID,
    .update_sql = "UPDATE accounts SET level = 1, card_number = NULL WHERE personal_id = $1 AND level = 2"
                  " RETURNING phone",
    .refusal = "the account is %s at level %d: only a level 2 account is lowered",
    .sms_text = "Tài khoản định danh điện tử VNeID của bạn đã về mức 1. / Your VNeID account is now level 1.",
  };

  if (!check_text ("--reason", reason, MAX_REASON, error))
    return FALSE;
  return change_account (&change, TRUE, error);
}

gboolean
authority_service_report_card_lost (AuthorityService  *service,
                                    const char        *personal_id,
                                    const char        *actor,
                                    GError           **error)
{
  static const char * const revoked[] = { "cccd", NULL };
  AccountChange change = {
    .service = service, .personal_id = personal_id, .actor = actor,
    .action = "card reported lost", .credentials = revoked, .new_status = VNEID_STATUS_INVALID,
    .update_sql = "UPDATE accounts SET card_number = NULL WHERE personal_id = $1 AND card_number IS NOT NULL"
                  " RETURNING phone",
    .refusal = "the account is %s at level %d with no card on record: nothing to report",
    .sms_text = "Thẻ căn cước của bạn đã được báo mất; căn cước điện tử đã bị thu hồi. / Your identity card "
                "was reported lost; your e-CCCD credential is revoked.",
  };

  return change_account (&change, !g_str_equal (actor, "citizen"), error);
}

GPtrArray *
authority_service_list_audit (AuthorityService  *service,
                              const char        *personal_id,
                              GError           **error)
{
  const char *params[] = { personal_id };
  g_autoptr(AuthorityRows) rows = NULL;
  GError *local_error = NULL;
  GPtrArray *entries;

  rows = authority_store_query (service->store,
                                personal_id != NULL
                                ? "SELECT personal_id, at, actor, action, detail, source FROM audit_log"
                                  " WHERE personal_id = $1 ORDER BY at, event_id"
                                : "SELECT personal_id, at, actor, action, detail, source FROM audit_log"
                                  " ORDER BY at, event_id",
                                params, personal_id != NULL ? 1 : 0, &local_error);
  if (rows == NULL)
    {
      authority_service_set_internal_error (error, local_error);
      return NULL;
    }
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < authority_rows_get_n_rows (rows); i++)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "personal_id", authority_rows_get (rows, i, 0));
      json_object_set_int_member (entry, "at", authority_rows_get_int (rows, i, 1));
      json_object_set_string_member (entry, "actor", authority_rows_get (rows, i, 2));
      json_object_set_string_member (entry, "action", authority_rows_get (rows, i, 3));
      json_object_set_string_member (entry, "detail", authority_rows_get (rows, i, 4));
      json_object_set_string_member (entry, "source", authority_rows_get (rows, i, 5));
      g_ptr_array_add (entries, entry);
    }
  return entries;
}
