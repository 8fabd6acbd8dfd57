/* portal.h: what the parts of vneid-portal share (internal, not installed)
 *
 *   PortalConfig   what `serve` was started with: URLs, the request-signing
 *                  key and attestation, trusted issuers, the form plugins;
 *   portal-store   transactions and submissions (SQLite or PostgreSQL);
 *   PortalStatus   the issuers' status lists, fetched over HTTP and cached;
 *   portal-pages   the HTML of the forms, the waiting page and receipts;
 *   PortalServer   the routes on a SoupServer (docs/portal.md).
 *
 * One server per main loop; nothing here is thread-safe.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <vneid.h>

#include "service-common.h"
#include "service-store.h"

G_BEGIN_DECLS

#define PORTAL_NAME "vneid-portal"
/* Cổng dịch vụ công: the name every page carries. */
#define PORTAL_TITLE "Cổng dịch vụ công VNeID / VNeID public services"

/* A wallet's direct_post: a vp_token holds a few presentations of at most
 * 64 KiB each. */
#define PORTAL_MAX_RESPONSE_BODY (1024 * 1024)

/* ---- configuration ---- */

typedef struct {
  char                *public_url;     /* without a trailing slash */
  char                *client_id;      /* verifier_attestation:ID */
  VneidKey            *key;            /* signs the request objects */
  char                *attestation;    /* the Verifier Attestation JWT */
  VneidTrustStore     *trust;          /* issuers of the credentials */
  char                *wallet_url;     /* without a trailing slash */
  GPtrArray           *status_bases;   /* of GStrv { issuer prefix, local prefix } */
  guint                lifetime;       /* transaction lifetime, ≤ 300 s */
  char                *facility_code;  /* the clinic's, for bhyt-checkin (nullable) */
  VneidPluginRegistry *registry;       /* the forms */
} PortalConfig;

void portal_config_clear (PortalConfig *config);

/* ---- the store ---- */

typedef enum {
  PORTAL_OUTCOME_WAITING,    /* no answer yet */
  PORTAL_OUTCOME_VERIFIED,   /* the form was filled from the response */
  PORTAL_OUTCOME_DECLINED,   /* the citizen said no in the wallet */
  PORTAL_OUTCOME_REFUSED,    /* the portal refused the response */
} PortalOutcome;

typedef struct {
  char          *tx_id;           /* also the request's state */
  char          *form_id;
  char          *session_hash;    /* of the browser session that started it */
  char          *request_object;  /* the signed request (JWS) */
  gint64         created_at;
  gint64         expires_at;
  gboolean       used;            /* a response was accepted for checking */
  PortalOutcome  outcome;
  char          *message_vi;      /* why, for the citizen (declined, refused) */
  char          *message_en;
  char          *response_code_hash;
  char          *filled_form;     /* JSON: the form as filled from the profile */
  guint          level;           /* the profile's level */
  char          *holder_name;
} PortalTransaction;

void portal_transaction_free (PortalTransaction *tx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortalTransaction, portal_transaction_free)

typedef struct {
  char   *reference;
  char   *tx_id;
  char   *form_id;
  gint64  submitted_at;
  char   *fields;   /* JSON array: name, label, value, status, source… */
} PortalSubmission;

void portal_submission_free (PortalSubmission *submission);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortalSubmission, portal_submission_free)

ServiceStore      *portal_store_open (const char *uri, GError **error);

gboolean           portal_store_add_transaction   (ServiceStore       *store,
                                                   PortalTransaction  *tx,
                                                   GError            **error);
/* NULL without an error when there is no such transaction. */
PortalTransaction *portal_store_get_transaction   (ServiceStore       *store,
                                                   const char         *tx_id,
                                                   GError            **error);
/* Marks the transaction as answered, once: FALSE without an error when it
 * already was (a replay), or expired by @now, or does not exist. The
 * database decides (UPDATE … WHERE used = 0), so that neither a restart nor
 * a second process can accept two responses. */
gboolean           portal_store_claim_response    (ServiceStore       *store,
                                                   const char         *tx_id,
                                                   gint64              now,
                                                   gboolean           *claimed,
                                                   GError            **error);
/* Records the outcome of a claimed transaction (the tx's outcome,
 * messages, response code hash, filled form, level, holder name). */
gboolean           portal_store_set_outcome       (ServiceStore       *store,
                                                   PortalTransaction  *tx,
                                                   GError            **error);
/* FALSE with SERVICE_STORE_ERROR_CONSTRAINT when the transaction already
 * has its submission (or the reference is taken). */
gboolean           portal_store_add_submission    (ServiceStore       *store,
                                                   PortalSubmission   *submission,
                                                   GError            **error);
PortalSubmission  *portal_store_get_submission    (ServiceStore       *store,
                                                   const char         *reference,
                                                   GError            **error);
PortalSubmission  *portal_store_get_submission_of (ServiceStore       *store,
                                                   const char         *tx_id,
                                                   GError            **error);
/* The newest @limit submissions (of PortalSubmission). */
GPtrArray         *portal_store_list_submissions  (ServiceStore       *store,
                                                   guint               limit,
                                                   GError            **error);

/* ---- status lists over HTTP ---- */

typedef struct _PortalStatus PortalStatus;

/* Caches a token until its iat + ttl (at most PORTAL_STATUS_MAX_TTL, a
 * default when it has none), never past its exp. */
#define PORTAL_STATUS_DEFAULT_TTL 300
#define PORTAL_STATUS_MAX_TTL     3600

PortalStatus *portal_status_new   (VneidTrustStore *trust,
                                   GPtrArray       *status_bases);
void          portal_status_free  (PortalStatus    *status);
/* Adds to @verifier the status lists the presentations of @vp_token refer
 * to, fetched (or from the cache). Only lists of trusted issuers' URLs (or
 * of a --status-base prefix) are fetched; a list that cannot be fetched is
 * left out, and the verifier then refuses the credential as its status is
 * unavailable: FALSE when a list is missing so. */
gboolean      portal_status_add_lists (PortalStatus  *status,
                                       VneidVerifier *verifier,
                                       const char    *vp_token);
/* The URL to fetch @uri from (mapped by --status-base), or NULL when the
 * portal does not fetch it. */
char         *portal_status_fetch_url (PortalStatus  *status,
                                       const char    *uri);

/* ---- pages ---- */

/* The waiting page's QR code of @text as an inline <svg> (libqrencode). */
char *portal_qr_svg (const char *text, GError **error);

/* The HTML of a form's fields: from @filled (the JSON of the filled form,
 * fields array) over @schema; @typed (nullable) the values
 * the citizen typed, kept when a submission is refused. */
char *portal_form_fields_html (VneidFormSchema *schema,
                               JsonArray       *filled,
                               GHashTable      *typed);

/* ---- the server ---- */

typedef struct _PortalServer PortalServer;

PortalServer *portal_server_new  (PortalConfig  *config,
                                  ServiceStore  *store,
                                  GError       **error);
void          portal_server_free (PortalServer  *server);
SoupServer   *portal_server_get_soup (PortalServer *server);

G_END_DECLS
