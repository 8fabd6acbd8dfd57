/* authority.h: what the parts of vneid-authority share (internal, not installed)
 *
 * The service is three layers:
 *   AuthorityStore    the database (SQLite or PostgreSQL), SQL text with $1..$N
 *                     parameters passed as text, versioned migrations;
 *   AuthorityService  the rules (accounts, OTP, passwords, sessions, levels,
 *                     status lists) on the store, the population records, the
 *                     SMS gateway, the issuer keys and an injectable clock;
 *   AuthorityServer   the JSON HTTP API on a SoupServer.
 * The CLI verbs call AuthorityService directly on the same database.
 *
 * OpenID4VCI issuance (authority-issuance.c) plugs in through the functions
 * marked "issuance seam" at the end of this file.
 *
 * Nothing here is thread-safe: one service per thread (the server runs on
 * the GLib main loop; the CLI is another process on the same database).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <vneid.h>

#include "service-common.h"

G_BEGIN_DECLS

/* ---- errors: every refusal is one of these, with an HTTP status ---- */

#define AUTHORITY_ERROR (authority_error_quark ())
GQuark authority_error_quark (void);

/* Values only appended. authority_error_name() is the JSON "error" word,
 * authority_error_http_status() the 4xx/5xx status of the reply. */
typedef enum {
  AUTHORITY_ERROR_INVALID_REQUEST,      /* 400 invalid_request: bad JSON, missing or malformed field */
  AUTHORITY_ERROR_UNKNOWN_CITIZEN,      /* 404 unknown_citizen: no population record for the ID */
  AUTHORITY_ERROR_TOO_YOUNG,            /* 422 too_young: under 14 (Decree 69/2024) */
  AUTHORITY_ERROR_ALREADY_REGISTERED,   /* 409 already_registered: a pending or live account for the ID */
  AUTHORITY_ERROR_PHONE_TAKEN,          /* 409 phone_taken: the phone is bound to another account */
  AUTHORITY_ERROR_NOT_FOUND,            /* 404 not_found: no such registration / account */
  AUTHORITY_ERROR_WRONG_STATE,          /* 409 wrong_state: the transition is not allowed now */
  AUTHORITY_ERROR_INVALID_OTP,          /* 401 invalid_otp: wrong, used or expired one-time password */
  AUTHORITY_ERROR_WEAK_PASSWORD,        /* 422 weak_password: the password policy refuses it */
  AUTHORITY_ERROR_INVALID_CREDENTIALS,  /* 401 invalid_credentials: wrong personal ID or password */
  AUTHORITY_ERROR_THROTTLED,            /* 429 throttled: too many attempts, retry later */
  AUTHORITY_ERROR_LOCKED,               /* 423 account_locked: locked (by the citizen, or lockout) */
  AUTHORITY_ERROR_UNAUTHORIZED,         /* 401 unauthorized: no, unknown or expired session */
  AUTHORITY_ERROR_FORBIDDEN,            /* 403 forbidden: e.g. level 2 needed, officer unknown */
  AUTHORITY_ERROR_TOO_LARGE,            /* 413 too_large: request body over the cap */
  AUTHORITY_ERROR_UNSUPPORTED_MEDIA,    /* 415 unsupported_media_type: not application/json */
  AUTHORITY_ERROR_INTERNAL,             /* 500 internal_error: storage or signing failed */
  AUTHORITY_ERROR_LEVEL_REQUIRED,       /* 403 level_2_required */
} AuthorityErrorCode;

const char *authority_error_name        (int code);
guint       authority_error_http_status (int code);

/* ---- the store ---- */

typedef struct _AuthorityStore AuthorityStore;
typedef struct _AuthorityRows  AuthorityRows;

#define AUTHORITY_STORE_ERROR (authority_store_error_quark ())
GQuark authority_store_error_quark (void);

typedef enum {
  AUTHORITY_STORE_ERROR_FAILED,
  AUTHORITY_STORE_ERROR_CONSTRAINT,   /* a UNIQUE/CHECK/FK constraint refused the change;
                                         the message names the constraint or column */
  AUTHORITY_STORE_ERROR_BUSY,         /* serialization failure / database busy: retry */
} AuthorityStoreError;

/* A versioned schema step; applied once, in version order, each in its own
 * transaction, recorded in schema_migrations. Versions 1..99 are the
 * accounts service's, 100..199 issuance's. @sql may hold several statements;
 * it must be valid for both SQLite and PostgreSQL (use TEXT, BIGINT,
 * INTEGER, no AUTOINCREMENT/SERIAL). */
typedef struct {
  int         version;
  const char *description;
  const char *sql;              /* for both databases */
  const char *sqlite_sql;       /* then this on SQLite only (nullable) */
  const char *postgresql_sql;   /* or this on PostgreSQL only (nullable) */
} AuthorityMigration;

/* @uri: "postgresql://…" / "postgres://…" → libpq; "sqlite:PATH", a
 * "file:" URI or a plain path → SQLite (WAL, foreign keys on, busy
 * timeout). Applies the migrations. */
AuthorityStore *authority_store_open     (const char      *uri,
                                          GError         **error);
void            authority_store_free     (AuthorityStore  *store);
gboolean        authority_store_is_postgresql (AuthorityStore *store);

/* One transaction: begin, then commit or rollback. Every state change of
 * the service is exactly one transaction. */
gboolean        authority_store_begin    (AuthorityStore  *store,
                                          GError         **error);
gboolean        authority_store_commit   (AuthorityStore  *store,
                                          GError         **error);
void            authority_store_rollback (AuthorityStore  *store);

/* Runs @body in one transaction, committed when it returns TRUE, rolled
 * back when FALSE; retried (up to a few times) when the database reports
 * AUTHORITY_STORE_ERROR_BUSY (SQLite busy, PostgreSQL serialization failure
 * or deadlock), so @body must be safe to run again. */
typedef gboolean (*AuthorityTransactionFunc) (AuthorityStore *store,
                                              gpointer        data,
                                              GError        **error);
gboolean        authority_store_transact (AuthorityStore           *store,
                                          AuthorityTransactionFunc  body,
                                          gpointer                  data,
                                          GError                  **error);

/* @sql with $1..$n placeholders; @params n texts (NULL for SQL NULL).
 * exec: @changes (nullable) receives the number of rows changed.
 * query: the result rows (also for INSERT/UPDATE … RETURNING). */
gboolean        authority_store_exec     (AuthorityStore     *store,
                                          const char         *sql,
                                          const char * const *params,
                                          guint               n_params,
                                          gint64             *changes,
                                          GError            **error);
AuthorityRows  *authority_store_query    (AuthorityStore     *store,
                                          const char         *sql,
                                          const char * const *params,
                                          guint               n_params,
                                          GError            **error);
guint           authority_rows_get_n_rows (AuthorityRows *rows);
/* The value as text (integers in decimal), NULL for SQL NULL. */
const char     *authority_rows_get        (AuthorityRows *rows,
                                           guint          row,
                                           guint          column);
gint64          authority_rows_get_int    (AuthorityRows *rows,
                                           guint          row,
                                           guint          column);
void            authority_rows_free       (AuthorityRows *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuthorityRows, authority_rows_free)

/* ---- population records ---- */

typedef struct _AuthorityPopulation AuthorityPopulation;

/* @folder holds one folder per citizen with pid.json (required) and
 * cccd.json, contact.json, bhyt.json (optional), as examples/data/citizens/;
 * the citizen is keyed by pid.json's personal_administrative_number. */
AuthorityPopulation *authority_population_load  (const char          *folder,
                                                 GError             **error);
void                 authority_population_free  (AuthorityPopulation *population);
guint                authority_population_get_size (AuthorityPopulation *population);
/* The claims of @credential ("pid", "cccd", "contact", "bhyt") for the
 * citizen, or NULL when there is no record. Borrowed; do not modify (the
 * issuer sets vneid_level from the ACCOUNT's level, not from this record). */
JsonObject          *authority_population_get_claims (AuthorityPopulation *population,
                                                      const char          *personal_id,
                                                      const char          *credential);

/* ---- SMS ---- */

typedef struct _AuthoritySmsGateway AuthoritySmsGateway;

struct _AuthoritySmsGateway {
  /* Sends @text to @to (E.164); FALSE with an error when it could not. */
  gboolean (*send) (AuthoritySmsGateway *gateway,
                    const char          *to,
                    const char          *text,
                    gint64               at,
                    GError             **error);
  void     (*free) (AuthoritySmsGateway *gateway);
};

/* The default gateway: one JSON file {"to","text","at"} per message in
 * @folder (created when missing), written atomically, named so that names
 * sort by time. */
AuthoritySmsGateway *authority_sms_outbox_new (const char *folder,
                                               GError    **error);

/* ---- the service ---- */

typedef struct _AuthorityService AuthorityService;
typedef gint64 (*AuthorityClock) (gpointer data);   /* seconds since the Epoch */

typedef enum {
  AUTHORITY_PWHASH_INTERACTIVE,  /* crypto_pwhash OPSLIMIT/MEMLIMIT_INTERACTIVE (default) */
  AUTHORITY_PWHASH_MODERATE,     /* crypto_pwhash OPSLIMIT/MEMLIMIT_MODERATE */
  AUTHORITY_PWHASH_TEST,         /* OPSLIMIT_MIN/MEMLIMIT_MIN: tests only, refused off loopback */
} AuthorityPwhashCost;

typedef struct {
  const char          *issuer_url;   /* e.g. https://id.vneid.example */
  const char          *keys_dir;     /* population-db.jwk, vss-bhyt.jwk */
  AuthorityStore      *store;        /* owned by the caller, outlives the service */
  AuthorityPopulation *population;   /* idem */
  AuthoritySmsGateway *sms;          /* idem */
  AuthorityPwhashCost  pwhash_cost;
  AuthorityClock       clock;        /* NULL: real time */
  gpointer             clock_data;
} AuthorityServiceConfig;

AuthorityService *authority_service_new  (const AuthorityServiceConfig *config,
                                          GError                      **error);
void              authority_service_free (AuthorityService *service);
gint64            authority_service_now  (AuthorityService *service);
AuthorityStore   *authority_service_get_store      (AuthorityService *service);
AuthorityPopulation *authority_service_get_population (AuthorityService *service);
const char       *authority_service_get_issuer_url (AuthorityService *service);

typedef enum {
  AUTHORITY_ACCOUNT_PENDING,     /* registered, waiting for the police */
  AUTHORITY_ACCOUNT_REJECTED,    /* refused; the citizen may register again */
  AUTHORITY_ACCOUNT_APPROVED,    /* approved, activation OTP sent, no password yet */
  AUTHORITY_ACCOUNT_ACTIVE,
  AUTHORITY_ACCOUNT_LOCKED,      /* locked by the citizen (or an officer); an officer unlocks */
} AuthorityAccountStatus;

typedef struct {
  char                  *registration_id;
  char                  *personal_id;
  char                  *phone;          /* E.164 */
  char                  *email;
  AuthorityAccountStatus status;
  int                    level;          /* 1 or 2 */
  int                    requested_level;
  gint64                 created_at;
  gint64                 decision_due;   /* deadline for the police decision */
  gint64                 decided_at;     /* 0 while pending */
  char                  *decided_by;     /* the officer */
  char                  *decision_reason;
  gint64                 locked_until;   /* lockout after failed logins; 0 none */
  char                  *card_number;    /* level 2: the card checked in person */
} AuthorityAccount;

void              authority_account_free (AuthorityAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuthorityAccount, authority_account_free)
const char       *authority_account_status_to_string (AuthorityAccountStatus status);

/* NULL with AUTHORITY_ERROR_NOT_FOUND when there is none. */
AuthorityAccount *authority_service_get_account (AuthorityService *service,
                                                 const char       *personal_id,
                                                 GError          **error);

/* ---- the account rules (authority-service.c, authority-login.c) ----
 * @officer: an officer ID ([A-Za-z0-9._@-], 1..64); once any officer is
 * enrolled (authority_service_add_officer), only enrolled officers decide.
 * Each call is one transaction; refusals are AUTHORITY_ERROR codes. */

gboolean   authority_service_add_officer   (AuthorityService *service,
                                            const char       *officer,
                                            const char       *name,
                                            GError          **error);
/* Checks the request against the population record and queues it as
 * pending; returns the registration ID. @level 1 (in the app) or 2 (at
 * the police counter): the decision is due in 1 or 3 working days. */
char      *authority_service_register      (AuthorityService *service,
                                            const char       *personal_id,
                                            const char       *phone,
                                            const char       *email,
                                            int               level,
                                            GError          **error);
/* Of AuthorityAccount, oldest first; @pending_only: status pending. */
GPtrArray *authority_service_list_registrations (AuthorityService *service,
                                                 gboolean          pending_only,
                                                 GError          **error);
/* @id: the registration ID or the personal ID. Sends the activation OTP.
 * @card_number (nullable): for a level-2 registration, the card checked. */
gboolean   authority_service_approve       (AuthorityService *service,
                                            const char       *id,
                                            const char       *officer,
                                            const char       *card_number,
                                            GError          **error);
gboolean   authority_service_reject        (AuthorityService *service,
                                            const char       *id,
                                            const char       *officer,
                                            const char       *reason,
                                            GError          **error);
gboolean   authority_service_activate      (AuthorityService *service,
                                            const char       *personal_id,
                                            const char       *otp,
                                            const char       *password,
                                            GError          **error);
gboolean   authority_service_resend_otp    (AuthorityService *service,
                                            const char       *personal_id,
                                            GError          **error);
/* Returns a new session token. @source: the client's address (throttling). */
char      *authority_service_login         (AuthorityService *service,
                                            const char       *personal_id,
                                            const char       *password,
                                            const char       *source,
                                            GError          **error);
gboolean   authority_service_logout        (AuthorityService *service,
                                            const char       *session_token,
                                            GError          **error);
gboolean   authority_service_change_password (AuthorityService *service,
                                              const char       *personal_id,
                                              const char       *current_password,
                                              const char       *new_password,
                                              GError          **error);
/* @actor: "citizen" or an officer ID. Revokes the account's credentials. */
gboolean   authority_service_lock          (AuthorityService *service,
                                            const char       *personal_id,
                                            const char       *actor,
                                            GError          **error);
gboolean   authority_service_unlock        (AuthorityService *service,
                                            const char       *personal_id,
                                            const char       *officer,
                                            GError          **error);
gboolean   authority_service_upgrade       (AuthorityService *service,
                                            const char       *personal_id,
                                            const char       *officer,
                                            const char       *card_number,
                                            GError          **error);
/* Level 2 → 1; revokes the e-CCCD and PID credentials (PID states the level). */
gboolean   authority_service_downgrade     (AuthorityService *service,
                                            const char       *personal_id,
                                            const char       *officer,
                                            const char       *reason,
                                            GError          **error);
/* Revokes the e-CCCD credentials; an officer records a new card (upgrade). */
gboolean   authority_service_report_card_lost (AuthorityService *service,
                                               const char       *personal_id,
                                               const char       *actor,
                                               GError          **error);
/* Audit log entries of @personal_id (NULL: all), oldest first, as JSON
 * objects {personal_id, at, actor, action, detail, source}. */
GPtrArray *authority_service_list_audit    (AuthorityService *service,
                                            const char       *personal_id,
                                            GError          **error);

/* The current status list token of list @list_id (iat, exp = iat + 1 day,
 * ttl 300 s), re-signed first when over an hour old; NULL with
 * AUTHORITY_ERROR_NOT_FOUND for no such list. */
char      *authority_service_get_status_list (AuthorityService *service,
                                              guint             list_id,
                                              GError          **error);
/* {"issuer", "jwks"} for /.well-known/jwt-vc-issuer. */
JsonNode  *authority_service_get_issuer_metadata (AuthorityService *service);

/* The citizen's personal ID for a bearer session token (checked against its
 * stored hash, not expired, account active), or NULL with
 * AUTHORITY_ERROR_UNAUTHORIZED (or _LOCKED). */
char             *authority_service_authenticate (AuthorityService *service,
                                                  const char       *session_token,
                                                  GError          **error);

/* Sends @text to the phone bound to @personal_id's account. */
gboolean          authority_service_send_sms     (AuthorityService *service,
                                                  const char       *personal_id,
                                                  const char       *text,
                                                  GError          **error);

/* The signing key of a credential type: "bhyt" → vss-bhyt.jwk (the BHYT
 * issuer's key, held for the demo), others → population-db.jwk. Borrowed. */
VneidKey         *authority_service_get_signing_key (AuthorityService *service,
                                                     const char       *credential);
/* The `iss` for a credential type: "bhyt" → AUTHORITY_BHYT_ISSUER, others →
 * the --issuer-url. Each issuer's credentials point to a status list that
 * issuer signs. */
const char       *authority_service_get_issuer_for  (AuthorityService *service,
                                                     const char       *credential);
#define AUTHORITY_BHYT_ISSUER "https://bhyt.baohiemxahoi.example"

/* Records a credential about to be issued to @personal_id and gives it a
 * fresh random entry in the status list (one transaction, committed before
 * returning): @status_uri (the list's URI, for status.status_list.uri) and
 * @status_index (its idx). @credential is "pid", "cccd", "contact" or
 * "bhyt"; @credential_id (nullable) a caller's identifier to keep. */
gboolean          authority_service_record_credential (AuthorityService *service,
                                                       const char       *personal_id,
                                                       const char       *credential,
                                                       const char       *credential_id,
                                                       char            **status_uri,
                                                       guint            *status_index,
                                                       GError          **error);

/* ---- HTTP helpers and the server ---- */

typedef struct _AuthorityServer AuthorityServer;

/* Request bodies larger than this are refused with 413. */
#define AUTHORITY_MAX_BODY (16 * 1024)

/* The body as a JSON object (Content-Type application/json, at most
 * @max_size bytes), or NULL with an AUTHORITY_ERROR. */
JsonObject *authority_http_read_json    (SoupServerMessage *msg,
                                         gsize              max_size,
                                         GError           **error);
/* The body as application/x-www-form-urlencoded fields (OpenID4VCI token
 * endpoint), at most @max_size bytes; a repeated parameter is refused
 * (service_form_parse()). */
GHashTable *authority_http_read_form    (SoupServerMessage *msg,
                                         gsize              max_size,
                                         GError           **error);
void        authority_http_reply_json   (SoupServerMessage *msg,
                                         guint              status,
                                         JsonNode          *body);
/* {"error": name, "message": error->message} with the error's HTTP status
 * (AUTHORITY_ERROR codes; other domains give 500 without details). */
void        authority_http_reply_error  (SoupServerMessage *msg,
                                         const GError      *error);
/* {"error": @name, "message": @message} with @status, for refusals that
 * are not an AUTHORITY_ERROR (404 no such path, 405 method). */
void        authority_http_reply_refusal (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *name,
                                          const char        *message);
/* TRUE when @msg's method is @method; else replies 405 and returns FALSE. */
gboolean    authority_http_require_method (SoupServerMessage *msg,
                                           const char        *method);
/* The bearer session's personal ID; on failure replies 401 itself and
 * returns NULL. */
char       *authority_http_authenticate (AuthorityServer   *server,
                                         SoupServerMessage *msg);

/* Adds @callback for requests under @path, after an early handler that
 * refuses a body over AUTHORITY_MAX_BODY (413) or without a length (411)
 * before it is read. Use this rather than soup_server_add_handler(). */
void        authority_server_add_route  (AuthorityServer    *server,
                                         const char         *path,
                                         SoupServerCallback  callback,
                                         gpointer            data);

AuthorityServer  *authority_server_new         (AuthorityService *service,
                                                GError          **error);
void              authority_server_free        (AuthorityServer  *server);
SoupServer       *authority_server_get_soup    (AuthorityServer  *server);
AuthorityService *authority_server_get_service (AuthorityServer  *server);

/* ---- issuance seam: defined in authority-issuance.c ---- */

/* Issuance's schema steps (versions 100..199), terminated by {0}. */
extern const AuthorityMigration authority_issuance_migrations[];

/* Adds the OpenID4VCI routes (/.well-known/openid-credential-issuer, token,
 * nonce, credential endpoints) to @server's SoupServer. Called once by
 * authority_server_new(). */
gboolean authority_issuance_register (AuthorityServer  *server,
                                      GError          **error);

/* Creates a pre-authorized credential offer of @credential ("pid", "cccd",
 * "contact", "bhyt") for @personal_id, sends the tx_code by SMS, and returns
 * the offer URI (openid-credential-offer://?credential_offer_uri=… or
 * …?credential_offer=…). Refuses cccd below level 2
 * (AUTHORITY_ERROR_LEVEL_REQUIRED) and accounts that are not active.
 * Used by POST /api/v1/credential-offers and `vneid-authority offer`. */
char    *authority_issuance_create_offer (AuthorityService *service,
                                          const char       *personal_id,
                                          const char       *credential,
                                          GError          **error);

G_END_DECLS
