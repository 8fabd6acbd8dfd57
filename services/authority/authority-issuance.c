/* authority-issuance.c: OpenID4VCI 1.0 issuance, pre-authorized code flow
 *
 * A logged-in citizen (POST /api/v1/credential-offers) or an officer at the
 * counter (`vneid-authority offer`) gets a credential offer passed by value
 * (`openid-credential-offer://?credential_offer=…`) whose pre-authorized
 * code needs the transaction code that goes to the account's phone by SMS.
 * The wallet then walks the flow on these routes:
 *
 *   GET  /.well-known/openid-credential-issuer     credential issuer metadata
 *   GET  /.well-known/oauth-authorization-server   RFC 8414 (token endpoint)
 *   POST /openid4vci/token       pre-authorized_code + tx_code → access token
 *   POST /openid4vci/nonce       → c_nonce
 *   POST /openid4vci/credential  Bearer token, key proof → the SD-JWT VC
 *
 * The codes are secrets at rest: the database keeps only their BLAKE2b
 * hashes (the transaction code hashed with its pre-authorized code). A
 * pre-authorized code lives AUTHORITY_OFFER_LIFETIME and works once; after
 * AUTHORITY_TX_CODE_MAX_FAILURES wrong transaction codes it is blocked. The
 * access token lives AUTHORITY_ACCESS_TOKEN_LIFETIME and obtains one
 * credential; a c_nonce lives AUTHORITY_NONCE_LIFETIME and answers one
 * proof. Every state change is one transaction; the conditions that make a
 * code single use are in the UPDATE's WHERE, so two racing requests cannot
 * both win.
 *
 * The credential: the population record's claims for the kind (PID with
 * the account's vneid_level), every claim selectively disclosable but
 * vneid_level, bound to the proof's key (cnf.jwk), a fresh status list
 * entry, exp one year on, signed by the kind's issuer (the BHYT card by the
 * BHYT issuer's key), exactly as the demo authority issues them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <sodium.h>

#include "authority-issuance-private.h"
#include "authority-service-private.h"


#define TOKEN_PATH      "/openid4vci/token"
#define NONCE_PATH      "/openid4vci/nonce"
#define CREDENTIAL_PATH "/openid4vci/credential"

/* The wallet shows this beside the input (at most 300 characters). */
#define TX_CODE_DESCRIPTION \
  "Nhập mã 6 chữ số VNeID vừa gửi qua SMS đến số điện thoại của tài khoản. " \
  "Enter the 6-digit code VNeID sent by SMS to the account's phone."

const ServiceMigration authority_issuance_migrations[] = {
  { 100, "OpenID4VCI offers (pre-authorized codes) and nonces",
    "CREATE TABLE credential_offers ("
    "  personal_id TEXT NOT NULL,"
    "  offer_id TEXT NOT NULL UNIQUE,"
    "  credential TEXT NOT NULL CHECK (credential IN ('pid', 'cccd', 'contact', 'bhyt')),"
    "  code_hash TEXT NOT NULL UNIQUE,"
    "  tx_code_hash TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL,"
    "  expires_at BIGINT NOT NULL,"
    "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
    "  state TEXT NOT NULL DEFAULT 'offered' CHECK (state IN ('offered', 'redeemed', 'blocked', 'issued')),"
    "  token_hash TEXT UNIQUE,"
    "  token_expires_at BIGINT,"
    "  issued_at BIGINT,"
    "  PRIMARY KEY (personal_id, offer_id));"
    "CREATE TABLE credential_nonces ("
    "  nonce_hash TEXT PRIMARY KEY,"
    "  expires_at BIGINT NOT NULL);"
    "CREATE INDEX credential_nonces_expiry ON credential_nonces (expires_at);",
    NULL, NULL },
  { 0, NULL, NULL, NULL, NULL },
};

typedef struct {
  const char *name;          /* the --credential word and the configuration id */
  const char *vct;
  const char *display_name;
} Kind;

static const Kind kinds[] = {
  { "pid", VNEID_VCT_PID, "Căn cước điện tử (PID) · Personal ID" },
  { "cccd", VNEID_VCT_CCCD, "Thẻ Căn cước (e-CCCD) · Identity card" },
  { "contact", VNEID_VCT_CONTACT, "Liên hệ · Contact (phone, email)" },
  { "bhyt", VNEID_VCT_BHYT, "Thẻ BHYT · Health insurance card" },
};

static const Kind *
find_kind (const char *name)
{
  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, name))
      return &kinds[i];
  return NULL;
}

/* ---- the credential issuer identifier --------------------------------- */

static gboolean
is_loopback_listen (const char *listen)
{
  g_autoptr(GSocketConnectable) address = g_network_address_parse (listen, 0, NULL);
  const char *host = address ? g_network_address_get_hostname (G_NETWORK_ADDRESS (address)) : NULL;
  g_autoptr(GInetAddress) inet = host ? g_inet_address_new_from_string (host) : NULL;

  return host != NULL && (g_ascii_strcasecmp (host, "localhost") == 0
                          || (inet != NULL && g_inet_address_get_is_loopback (inet)));
}

/* The OpenID4VCI credential issuer identifier: the URL wallets reach this
 * service at, which names its metadata, endpoints and the audience of key
 * proofs. It is --issuer-url (the `iss` of the credentials), except when
 * the service listens on a loopback address only (the demo and the tests,
 * without TLS): then it is http://HOST:PORT of --listen, which `serve`
 * records for the officer verbs. The credentials still carry --issuer-url
 * as `iss`; OpenID4VCI lets the two differ (section 12.2.4 and the
 * implementation considerations). */
static char *
credential_issuer_id (AuthorityService *service)
{
  const char *params[] = { "listen" };
  g_autoptr(ServiceRows) rows = service_store_query (authority_service_get_store (service),
                                                     "SELECT value FROM settings WHERE name = $1",
                                                     params, 1, NULL);
  const char *listen = rows && service_rows_get_n_rows (rows) > 0 ? service_rows_get (rows, 0, 0) : NULL;

  if (listen != NULL && is_loopback_listen (listen))
    return g_strdup_printf ("http://%s", listen);
  return g_strdup (authority_service_get_issuer_url (service));
}

/* ---- offers ------------------------------------------------------------ */

/* The transaction code is stored hashed together with its pre-authorized
 * code (as an activation code is with its personal ID), so a stolen row
 * does not tell the six digits of another offer. */
static char *
hash_tx_code (const char *code,
              const char *tx_code)
{
  return authority_hash_secret_otp (code, tx_code);
}

static gboolean
check_offer_allowed (AuthorityService *service,
                     const char       *personal_id,
                     const Kind       *kind,
                     GError          **error)
{
  g_autoptr(AuthorityAccount) account = authority_service_get_account (service, personal_id, error);

  if (account == NULL)
    return FALSE;
  if (account->status == AUTHORITY_ACCOUNT_LOCKED)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_LOCKED,
                   "the account of %s is locked: an officer must unlock it before credentials are issued",
                   personal_id);
      return FALSE;
    }
  if (account->status != AUTHORITY_ACCOUNT_ACTIVE)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_WRONG_STATE,
                   "the account of %s is %s, not active: activate it first", personal_id,
                   authority_account_status_to_string (account->status));
      return FALSE;
    }
  if (g_str_equal (kind->name, "cccd") && account->level < 2)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_LEVEL_REQUIRED,
                   "the e-CCCD credential needs a level-2 account: have the card checked in person at the police");
      return FALSE;
    }
  if (authority_population_get_claims (authority_service_get_population (service), personal_id, kind->name) == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_NOT_FOUND,
                   "the population records hold no %s data for %s", kind->name, personal_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_offer (AuthorityService *service,
             const char       *personal_id,
             const Kind       *kind,
             const char       *code,
             const char       *tx_code,
             GError          **error)
{
  g_autofree char *offer_id = authority_random_token (16);
  g_autofree char *code_hash = authority_hash_secret (code);
  g_autofree char *tx_code_hash = hash_tx_code (code, tx_code);
  gint64 now = authority_service_now (service);
  g_autofree char *created = authority_int_text (now);
  g_autofree char *expires = authority_int_text (now + AUTHORITY_OFFER_LIFETIME);
  const char *params[] = { personal_id, offer_id, kind->name, code_hash, tx_code_hash, created, expires };
  GError *local_error = NULL;

  if (!service_store_exec (authority_service_get_store (service),
                           "INSERT INTO credential_offers (personal_id, offer_id, credential, code_hash,"
                           " tx_code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                           params, G_N_ELEMENTS (params), NULL, &local_error))
    {
      authority_service_set_internal_error (error, local_error);
      return FALSE;
    }
  return authority_audit (service, personal_id, "system", "credential_offered", kind->name, NULL, error);
}

char *
authority_issuance_create_offer (AuthorityService *service,
                                 const char       *personal_id,
                                 const char       *credential,
                                 GError          **error)
{
  const Kind *kind = find_kind (credential);
  const char *ids[] = { credential, NULL };
  g_autofree char *code = NULL, *tx_code = NULL, *text = NULL, *issuer = NULL;
  g_autoptr(VneidOpenid4vciOffer) offer = NULL;

  if (kind == NULL)
    {
      g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INVALID_REQUEST,
                   "credential must be one of pid, cccd, contact, bhyt");
      return NULL;
    }
  if (!authority_check_personal_id (personal_id, error)
      || !check_offer_allowed (service, personal_id, kind, error))
    return NULL;

  code = vneid_openid4vci_generate_secret ();
  tx_code = authority_make_otp ();
  if (!store_offer (service, personal_id, kind, code, tx_code, error))
    return NULL;
  /* The code first, as in every VNeID message: phones offer to copy it. */
  text = g_strdup_printf ("%s là mã nhận giấy tờ %s vào ví VNeID, có hiệu lực %d phút. Không chia sẻ mã này. "
                          "/ %s is your code to receive the %s credential (%d min).",
                          tx_code, kind->name, AUTHORITY_OFFER_LIFETIME / 60,
                          tx_code, kind->name, AUTHORITY_OFFER_LIFETIME / 60);
  if (!authority_service_send_sms (service, personal_id, text, error))
    return NULL;

  issuer = credential_issuer_id (service);
  offer = vneid_openid4vci_offer_new (issuer, ids, code);
  vneid_openid4vci_offer_set_tx_code (offer, "numeric", AUTHORITY_TX_CODE_DIGITS, TX_CODE_DESCRIPTION);
  return vneid_openid4vci_offer_to_uri (offer);
}

/* ---- replies ----------------------------------------------------------- */

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Tokens, nonces and credentials: never cached (sections 6.2, 7.2, 8.3). */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* The OAuth error body {"error", "error_description"} OpenID4VCI clients
 * read, with the authority's "message" beside it (the same text). An
 * AUTHORITY_ERROR (storage, signing) is answered as the rest of the API
 * answers it. */
static void
reply_error (SoupServerMessage *msg,
             const GError      *error)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  if (error->domain != VNEID_OPENID4VCI_ERROR)
    {
      authority_http_reply_error (msg, error);
      return;
    }
  json = vneid_openid4vci_error_to_json (error);
  node = json_from_string (json, NULL);
  json_object_set_string_member (json_node_get_object (node), "message", error->message);
  status = vneid_openid4vci_error_get_http_status (error);
  if (status == 401)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer error=\"invalid_token\"");
  g_free (json);
  json = json_to_string (node, FALSE);
  reply_text (msg, status, json);
}

/* The body as text, when its Content-Type is @content_type. The route's
 * early handler has already capped its size (AUTHORITY_MAX_BODY). */
static char *
read_body_text (SoupServerMessage *msg,
                const char        *content_type,
                int                code,
                GError           **error)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  if (type == NULL || g_ascii_strcasecmp (type, content_type) != 0)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, code, "send the request body as %s", content_type);
      return NULL;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &len);
  if (len > 0 && memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, code, "the request body holds a NUL byte");
      return NULL;
    }
  return g_strndup (data, len);
}

/* ---- token endpoint ---------------------------------------------------- */

typedef struct {
  AuthorityService            *service;
  VneidOpenid4vciTokenRequest *request;
  char                        *access_token;  /* out */
  GError                      *refusal;       /* out: a wrong tx_code, counted */
} Redemption;

/* Counts a wrong transaction code, blocking the offer at the cap. Returns
 * the error for the wallet; the count is committed all the same. */
static gboolean
count_failure (ServiceStore   *store,
               const char     *code_hash,
               GError        **error)
{
  g_autofree char *cap = authority_int_text (AUTHORITY_TX_CODE_MAX_FAILURES);
  const char *params[] = { code_hash, cap };
  GError *local_error = NULL;

  if (!service_store_exec (store,
                           "UPDATE credential_offers SET failed_attempts = failed_attempts + 1,"
                           " state = CASE WHEN failed_attempts + 1 >= CAST($2 AS INTEGER) THEN 'blocked' ELSE state END"
                           " WHERE code_hash = $1 AND state = 'offered'",
                           params, G_N_ELEMENTS (params), NULL, &local_error))
    {
      authority_service_set_internal_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Why a pre-authorized code no longer works, when it does not: each case
 * tells the wallet to ask for a new offer. */
static gboolean
check_offer_state (ServiceRows   *rows,
                   gint64         now,
                   GError       **error)
{
  const char *state = service_rows_get_n_rows (rows) > 0 ? service_rows_get (rows, 0, 1) : NULL;
  const char *why = NULL;

  if (state == NULL)
    why = "the pre-authorized code is unknown";
  else if (g_str_equal (state, "blocked"))
    why = "the offer is blocked after too many wrong transaction codes";
  else if (!g_str_equal (state, "offered"))
    why = "the pre-authorized code was already used";
  else if (service_rows_get_int (rows, 0, 2) < now)
    why = "the pre-authorized code has expired";
  if (why == NULL)
    return TRUE;
  g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_GRANT,
               "%s: ask for a new credential offer", why);
  return FALSE;
}

/* Moves an offer one state on with @sql, whose WHERE names the state it
 * leaves: a request that raced this one already moved it, so no row
 * changed, and this one is refused with @code. */
static gboolean
advance_offer (ServiceStore         *store,
               const char           *sql,
               const char * const   *params,
               guint                 n_params,
               VneidOpenid4vciError  code,
               const char           *raced,
               GError              **error)
{
  GError *local_error = NULL;
  gint64 changes = 0;

  if (!service_store_exec (store, sql, params, n_params, &changes, &local_error))
    {
      authority_service_set_internal_error (error, local_error);
      return FALSE;
    }
  if (changes != 1)
    {
      g_set_error_literal (error, VNEID_OPENID4VCI_ERROR, code, raced);
      return FALSE;
    }
  return TRUE;
}

static gboolean
redeem_body (ServiceStore   *store,
             gpointer        data,
             GError        **error)
{
  Redemption *redemption = data;
  const char *code = vneid_openid4vci_token_request_get_pre_authorized_code (redemption->request);
  const char *tx_code = vneid_openid4vci_token_request_get_tx_code (redemption->request);
  g_autofree char *code_hash = authority_hash_secret (code);
  g_autofree char *tx_code_hash = hash_tx_code (code, tx_code);
  gint64 now = authority_service_now (redemption->service);
  g_autofree char *token = vneid_openid4vci_generate_secret ();
  g_autofree char *token_hash = authority_hash_secret (token);
  g_autofree char *token_expires = authority_int_text (now + AUTHORITY_ACCESS_TOKEN_LIFETIME);
  const char *find_params[] = { code_hash };
  const char *redeem_params[] = { code_hash, token_hash, token_expires };
  g_autoptr(ServiceRows) rows = NULL;
  GError *local_error = NULL;

  rows = service_store_query (store, "SELECT tx_code_hash, state, expires_at FROM credential_offers"
                                       " WHERE code_hash = $1", find_params, 1, &local_error);
  if (rows == NULL)
    {
      authority_service_set_internal_error (error, local_error);
      return FALSE;
    }
  if (!check_offer_state (rows, now, error))
    return FALSE;
  g_clear_error (&redemption->refusal);  /* from a try that was rolled back */
  if (!authority_secret_equal (service_rows_get (rows, 0, 0), tx_code_hash))
    {
      if (!count_failure (store, code_hash, error))
        return FALSE;
      g_set_error (&redemption->refusal, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_GRANT,
                   "the transaction code (tx_code) is wrong: type the code from the SMS; after %d wrong codes the offer is blocked",
                   AUTHORITY_TX_CODE_MAX_FAILURES);
      return TRUE;  /* commit the count; the refusal is the wallet's answer */
    }
  if (!advance_offer (store, "UPDATE credential_offers SET state = 'redeemed', token_hash = $2,"
                             " token_expires_at = CAST($3 AS BIGINT) WHERE code_hash = $1 AND state = 'offered'",
                      redeem_params, G_N_ELEMENTS (redeem_params), VNEID_OPENID4VCI_ERROR_INVALID_GRANT,
                      "the pre-authorized code was used at the same time by another request", error))
    return FALSE;
  redemption->access_token = g_steal_pointer (&token);
  return TRUE;
}

static char *
redeem (AuthorityService            *service,
        VneidOpenid4vciTokenRequest *request,
        GError                     **error)
{
  Redemption redemption = { service, request, NULL, NULL };

  /* A wrong tx_code commits its count and still fails: the body returns
   * TRUE with the refusal set. */
  if (!service_store_transact (authority_service_get_store (service), redeem_body, &redemption, error))
    {
      g_clear_error (&redemption.refusal);
      g_free (redemption.access_token);
      return NULL;
    }
  if (redemption.refusal != NULL)
    {
      g_propagate_error (error, redemption.refusal);
      g_free (redemption.access_token);
      return NULL;
    }
  return redemption.access_token;
}

char *
authority_issuance_token (AuthorityService *service,
                          const char       *body,
                          GError          **error)
{
  g_autoptr(VneidOpenid4vciTokenRequest) request = vneid_openid4vci_token_request_new_from_form (body, error);

  if (request == NULL || !vneid_openid4vci_token_request_check_tx_code_presence (request, TRUE, error))
    return NULL;
  return redeem (service, request, error);
}

static void
handle_token (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  AuthorityService *service = authority_server_get_service (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL, *token = NULL, *json = NULL;
  g_autoptr(VneidOpenid4vciTokenResponse) response = NULL;

  if (!authority_http_require_method (msg, "POST"))
    return;
  if ((body = read_body_text (msg, "application/x-www-form-urlencoded",
                              VNEID_OPENID4VCI_ERROR_INVALID_REQUEST, &error)) == NULL
      || (token = authority_issuance_token (service, body, &error)) == NULL)
    {
      reply_error (msg, error);
      return;
    }
  response = vneid_openid4vci_token_response_new (token, AUTHORITY_ACCESS_TOKEN_LIFETIME);
  json = vneid_openid4vci_token_response_to_json (response);
  reply_text (msg, 200, json);
  sodium_memzero (json, strlen (json));
  sodium_memzero (token, strlen (token));
}

/* ---- nonce endpoint ---------------------------------------------------- */

char *
authority_issuance_nonce (AuthorityService *service,
                          GError          **error)
{
  ServiceStore *store = authority_service_get_store (service);
  g_autofree char *nonce = vneid_openid4vci_generate_secret ();
  g_autofree char *nonce_hash = authority_hash_secret (nonce);
  gint64 now = authority_service_now (service);
  g_autofree char *now_text = authority_int_text (now);
  g_autofree char *expires = authority_int_text (now + AUTHORITY_NONCE_LIFETIME);
  const char *insert_params[] = { nonce_hash, expires };
  const char *purge_params[] = { now_text };
  GError *local_error = NULL;

  /* Each statement is its own transaction: the purge of expired nonces
   * and the new one do not depend on each other. */
  if (!service_store_exec (store, "DELETE FROM credential_nonces WHERE expires_at < CAST($1 AS BIGINT)",
                           purge_params, 1, NULL, &local_error)
      || !service_store_exec (store, "INSERT INTO credential_nonces (nonce_hash, expires_at)"
                                       " VALUES ($1, CAST($2 AS BIGINT))", insert_params, 2, NULL, &local_error))
    {
      authority_service_set_internal_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&nonce);
}

static void
handle_nonce (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nonce = NULL, *json = NULL;

  if (!authority_http_require_method (msg, "POST"))
    return;
  nonce = authority_issuance_nonce (authority_server_get_service (data), &error);
  if (nonce == NULL)
    {
      authority_http_reply_error (msg, error);
      return;
    }
  json = vneid_openid4vci_nonce_response_to_json (nonce);
  reply_text (msg, 200, json);
}

/* ---- credential endpoint ----------------------------------------------- */

typedef struct {
  AuthorityService *service;
  const char       *token_hash;
  const char       *nonce_hash;
  const char       *configuration_id;
  char             *personal_id;   /* out */
} Spending;

static gboolean
spend_nonce (ServiceStore   *store,
             Spending       *spending,
             gint64          now,
             GError        **error)
{
  const char *params[] = { spending->nonce_hash };
  g_autoptr(ServiceRows) rows = NULL;
  GError *local_error = NULL;

  rows = service_store_query (store, "DELETE FROM credential_nonces WHERE nonce_hash = $1 RETURNING expires_at",
                              params, 1, &local_error);
  if (rows == NULL)
    {
      authority_service_set_internal_error (error, local_error);
      return FALSE;
    }
  if (service_rows_get_n_rows (rows) == 0 || service_rows_get_int (rows, 0, 0) < now)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_NONCE,
                   service_rows_get_n_rows (rows) == 0
                   ? "the proof's nonce is not a c_nonce of this issuer, or was used: get a new c_nonce from the nonce endpoint"
                   : "the proof's c_nonce has expired: get a new c_nonce from the nonce endpoint");
      return FALSE;
    }
  return TRUE;
}

/* One transaction: the access token must be live and unspent and for this
 * configuration; the proof's c_nonce is spent with it. */
static gboolean
spend_body (ServiceStore   *store,
            gpointer        data,
            GError        **error)
{
  Spending *spending = data;
  gint64 now = authority_service_now (spending->service);
  g_autofree char *now_text = authority_int_text (now);
  const char *params[] = { spending->token_hash, now_text };
  g_autoptr(ServiceRows) rows = NULL;
  GError *local_error = NULL;

  rows = service_store_query (store, "SELECT personal_id, credential, state, token_expires_at FROM credential_offers"
                                       " WHERE token_hash = $1", params, 1, &local_error);
  if (rows == NULL)
    {
      authority_service_set_internal_error (error, local_error);
      return FALSE;
    }
  if (service_rows_get_n_rows (rows) == 0 || !g_str_equal (service_rows_get (rows, 0, 2), "redeemed")
      || service_rows_get_int (rows, 0, 3) < now)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_TOKEN,
                   "the access token %s: start again from a new credential offer",
                   service_rows_get_n_rows (rows) == 0 ? "is unknown"
                   : !g_str_equal (service_rows_get (rows, 0, 2), "redeemed") ? "was already used" : "has expired");
      return FALSE;
    }
  if (!g_str_equal (service_rows_get (rows, 0, 1), spending->configuration_id))
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_UNKNOWN_CREDENTIAL_CONFIGURATION,
                   "this access token is for the credential configuration %s", service_rows_get (rows, 0, 1));
      return FALSE;
    }
  if (!spend_nonce (store, spending, now, error))
    return FALSE;
  if (!advance_offer (store, "UPDATE credential_offers SET state = 'issued', issued_at = CAST($2 AS BIGINT)"
                             " WHERE token_hash = $1 AND state = 'redeemed'",
                      params, G_N_ELEMENTS (params), VNEID_OPENID4VCI_ERROR_INVALID_TOKEN,
                      "the access token was used at the same time by another request", error))
    return FALSE;
  spending->personal_id = g_strdup (service_rows_get (rows, 0, 0));
  return TRUE;
}

static char *
bearer_token (SoupServerMessage *msg,
              GError           **error)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization");

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0
      || authorization[7] == '\0')
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_TOKEN,
                   "send the access token from the token endpoint as Authorization: Bearer TOKEN");
      return NULL;
    }
  return g_strdup (authorization + 7);
}

/* The account may have been locked, or lowered to level 1, since the
 * offer was made. */
static gboolean
check_still_allowed (AuthorityService *service,
                     const char       *personal_id,
                     const Kind       *kind,
                     GError          **error)
{
  g_autoptr(GError) refusal = NULL;

  if (check_offer_allowed (service, personal_id, kind, &refusal))
    return TRUE;
  if (refusal->domain == AUTHORITY_ERROR && refusal->code == AUTHORITY_ERROR_INTERNAL)
    {
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }
  g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_CREDENTIAL_REQUEST_DENIED,
               "%s", refusal->message);
  return FALSE;
}

/* A copy of the population record's claims for @kind (the record is
 * shared), with the PID's vneid_level taken from the account. */
static JsonObject *
credential_claims (AuthorityService *service,
                   const char       *personal_id,
                   const Kind       *kind)
{
  JsonObject *record = authority_population_get_claims (authority_service_get_population (service),
                                                        personal_id, kind->name);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);
  JsonObject *claims = json_object_ref (json_node_get_object (copy));

  if (g_str_equal (kind->name, "pid"))
    {
      g_autoptr(AuthorityAccount) account = authority_service_get_account (service, personal_id, NULL);
      json_object_set_int_member (claims, "vneid_level", account ? account->level : 1);
    }
  return claims;
}

static char *
issue (AuthorityService *service,
       const char       *personal_id,
       const Kind       *kind,
       VneidKey         *holder_key,
       GError          **error)
{
  g_autoptr(JsonObject) claims = credential_claims (service, personal_id, kind);
  g_autoptr(VneidCredentialBuilder) builder = vneid_credential_builder_new (kind->vct, claims);
  g_autoptr(VneidKey) holder_public = vneid_key_dup_public (holder_key);
  g_autofree char *status_uri = NULL;
  guint status_index = 0;
  gint64 now = authority_service_now (service);
  g_autoptr(GError) build_error = NULL;
  char *credential;

  if (!authority_service_record_credential (service, personal_id, kind->name, NULL, &status_uri, &status_index, error))
    return NULL;
  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_holder_key (builder, holder_public);
  vneid_credential_builder_set_status (builder, status_uri, status_index);
  vneid_credential_builder_set_issued_at (builder, now);
  vneid_credential_builder_set_expires_at (builder, now + AUTHORITY_CREDENTIAL_LIFETIME);
  credential = vneid_credential_builder_build (builder, authority_service_get_signing_key (service, kind->name),
                                               authority_service_get_issuer_for (service, kind->name), &build_error);
  if (credential == NULL)
    g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INTERNAL, "signing the credential failed: %s",
                 build_error->message);
  return credential;
}

/* Reads the request and checks the proof; nothing is stored yet. */
static VneidOpenid4vciProof *
read_request (AuthorityService                  *service,
              const char                        *body,
              VneidOpenid4vciCredentialRequest **request,
              GError                           **error)
{
  g_autofree char *issuer = NULL;

  if ((*request = vneid_openid4vci_credential_request_new_from_json (body, error)) == NULL)
    return NULL;
  if (find_kind (vneid_openid4vci_credential_request_get_credential_configuration_id (*request)) == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_UNKNOWN_CREDENTIAL_CONFIGURATION,
                   "the credential configurations here are pid, cccd, contact and bhyt");
      return NULL;
    }
  issuer = credential_issuer_id (service);
  return vneid_openid4vci_proof_new_from_jwt (vneid_openid4vci_credential_request_get_proof (*request), issuer,
                                              authority_service_now (service), VNEID_OPENID4VCI_PROOF_MAX_AGE, error);
}

char *
authority_issuance_credential (AuthorityService *service,
                               const char       *access_token,
                               const char       *body,
                               GError          **error)
{
  g_autofree char *token_hash = NULL, *nonce_hash = NULL;
  g_autoptr(VneidOpenid4vciCredentialRequest) request = NULL;
  g_autoptr(VneidOpenid4vciProof) proof = NULL;
  Spending spending = { service, NULL, NULL, NULL, NULL };
  g_autofree char *personal_id = NULL;
  const Kind *kind;

  if ((proof = read_request (service, body, &request, error)) == NULL)
    return NULL;
  token_hash = authority_hash_secret (access_token);
  nonce_hash = authority_hash_secret (vneid_openid4vci_proof_get_nonce (proof));
  spending.token_hash = token_hash;
  spending.nonce_hash = nonce_hash;
  spending.configuration_id = vneid_openid4vci_credential_request_get_credential_configuration_id (request);
  if (!service_store_transact (authority_service_get_store (service), spend_body, &spending, error))
    return NULL;
  personal_id = spending.personal_id;
  kind = find_kind (spending.configuration_id);
  if (!check_still_allowed (service, personal_id, kind, error))
    return NULL;
  return issue (service, personal_id, kind, vneid_openid4vci_proof_get_holder_key (proof), error);
}

static void
handle_credential (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           data)
{
  AuthorityService *service = authority_server_get_service (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *body = NULL, *credential = NULL, *json = NULL;
  g_autoptr(VneidOpenid4vciCredentialResponse) response = NULL;

  if (!authority_http_require_method (msg, "POST"))
    return;
  if ((token = bearer_token (msg, &error)) == NULL
      || (body = read_body_text (msg, "application/json", VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
                                 &error)) == NULL
      || (credential = authority_issuance_credential (service, token, body, &error)) == NULL)
    {
      reply_error (msg, error);
      return;
    }
  response = vneid_openid4vci_credential_response_new (credential);
  json = vneid_openid4vci_credential_response_to_json (response);
  reply_text (msg, 200, json);
}

/* ---- metadata ---------------------------------------------------------- */

static VneidOpenid4vciMetadata *
make_metadata (AuthorityService *service)
{
  g_autofree char *issuer = credential_issuer_id (service);
  g_autofree char *base = g_str_has_suffix (issuer, "/") ? g_strndup (issuer, strlen (issuer) - 1) : g_strdup (issuer);
  g_autofree char *token = g_strconcat (base, TOKEN_PATH, NULL);
  g_autofree char *nonce = g_strconcat (base, NONCE_PATH, NULL);
  g_autofree char *credential = g_strconcat (base, CREDENTIAL_PATH, NULL);
  VneidOpenid4vciMetadata *metadata = vneid_openid4vci_metadata_new (issuer);

  vneid_openid4vci_metadata_set_token_endpoint (metadata, token);
  vneid_openid4vci_metadata_set_nonce_endpoint (metadata, nonce);
  vneid_openid4vci_metadata_set_credential_endpoint (metadata, credential);
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    vneid_openid4vci_metadata_add_configuration (metadata, kinds[i].name, kinds[i].vct, kinds[i].display_name);
  return metadata;
}

static void
handle_issuer_metadata (SoupServer        *soup,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           data)
{
  g_autoptr(VneidOpenid4vciMetadata) metadata = make_metadata (authority_server_get_service (data));
  g_autofree char *json = vneid_openid4vci_metadata_to_json (metadata);

  if (authority_http_require_method (msg, "GET"))
    reply_text (msg, 200, json);
}

static void
handle_authorization_server_metadata (SoupServer        *soup,
                                      SoupServerMessage *msg,
                                      const char        *path,
                                      GHashTable        *query,
                                      gpointer           data)
{
  g_autoptr(VneidOpenid4vciMetadata) metadata = make_metadata (authority_server_get_service (data));
  g_autofree char *json = vneid_openid4vci_metadata_to_authorization_server_json (metadata);

  if (authority_http_require_method (msg, "GET"))
    reply_text (msg, 200, json);
}

/* The path of @url, where this server answers it. */
static char *
url_path (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;

  return uri ? g_strdup (g_uri_get_path (uri)) : NULL;
}

gboolean
authority_issuance_register (AuthorityServer  *server,
                             GError          **error)
{
  AuthorityService *service = authority_server_get_service (server);
  g_autofree char *issuer = credential_issuer_id (service);
  g_autoptr(VneidOpenid4vciMetadata) metadata = make_metadata (service);
  g_autofree char *issuer_url = NULL, *as_url = NULL;
  const struct {
    const char         *url;
    SoupServerCallback  callback;
  } routes[] = {
    { issuer_url = vneid_openid4vci_metadata_build_well_known_url (issuer, VNEID_OPENID4VCI_WELL_KNOWN_ISSUER, error),
      handle_issuer_metadata },
    { as_url = vneid_openid4vci_metadata_build_well_known_url (issuer, VNEID_OPENID4VCI_WELL_KNOWN_AUTHORIZATION_SERVER, NULL),
      handle_authorization_server_metadata },
    { vneid_openid4vci_metadata_get_token_endpoint (metadata), handle_token },
    { vneid_openid4vci_metadata_get_nonce_endpoint (metadata), handle_nonce },
    { vneid_openid4vci_metadata_get_credential_endpoint (metadata), handle_credential },
  };

  if (issuer_url == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *path = url_path (routes[i].url);
      authority_server_add_route (server, path, routes[i].callback, server);
    }
  return TRUE;
}
