/* wallet.h: what the parts of vneid-wallet share (internal, not installed)
 *
 * vneid-wallet is one citizen's phone, in a browser (docs/wallet.md):
 *   WalletStore   the SQLite file in the state folder: the account as the
 *                 wallet knows it, the credentials, the sharing history;
 *   WalletServer  the pages on a SoupServer; it talks to vneid-authority's
 *                 JSON API, receives credentials over OpenID4VCI and answers
 *                 OpenID4VP requests with the library.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <vneid.h>

#include "service-common.h"

G_BEGIN_DECLS

#define WALLET_NAME "vneid-wallet"
/* A page template of the wallet's GResource. */
#define WALLET_TEMPLATE(name) "/vn/vneid/wallet/" name

/* ---- the store (wallet-store.c) ---- */

typedef struct _WalletStore WalletStore;

typedef struct {
  char   *kind;          /* "pid", "cccd", "contact", "bhyt" (the configuration id) */
  char   *text;          /* the SD-JWT VC as issued */
  gint64  received_at;
} WalletCredential;

typedef struct {
  gint64  at;
  char   *client_id;
  char   *verifier_name; /* the attested registered name, "" when none */
  char   *attributes;    /* claim paths, ", "-separated */
  char   *outcome;       /* "sent", "declined", "refused" */
  char   *detail;        /* the portal's message, or "" */
} WalletShare;

/* Sharings older than this are deleted (the app keeps 5 years of use). */
#define WALLET_HISTORY_SECONDS ((gint64) 5 * 366 * 24 * 3600)

/* @path: the SQLite file (created, WAL). */
WalletStore *wallet_store_open          (const char   *path,
                                         GError      **error);
void         wallet_store_free          (WalletStore  *store);

/* The account as the wallet knows it: names "personal_id", "phone",
 * "email", "registration_id", "status" (pending, active, locked), "level". */
char        *wallet_store_get           (WalletStore  *store,
                                         const char   *name);
gboolean     wallet_store_set           (WalletStore  *store,
                                         const char   *name,
                                         const char   *value,
                                         GError      **error);

/* Keeps the newest credential of each kind. */
gboolean     wallet_store_add_credential (WalletStore *store,
                                          const char  *kind,
                                          const char  *text,
                                          GError     **error);
/* Of WalletCredential, in kind order pid, cccd, contact, bhyt. */
GPtrArray   *wallet_store_list_credentials (WalletStore *store);

gboolean     wallet_store_add_share     (WalletStore       *store,
                                         const WalletShare *share,
                                         GError           **error);
/* Of WalletShare, newest first. */
GPtrArray   *wallet_store_list_shares   (WalletStore  *store);

/* ---- the server (wallet-server.c, wallet-sharing.c) ---- */

typedef struct {
  char           **attesters;      /* JWT VC Issuer Metadata files */
  const char      *authority_url;  /* e.g. http://127.0.0.1:8480 */
  WalletStore     *store;
  VneidKey        *holder_key;
} WalletConfig;

typedef struct _WalletServer WalletServer;

WalletServer *wallet_server_new      (const WalletConfig *config,
                                      GError            **error);
void          wallet_server_free     (WalletServer       *server);
SoupServer   *wallet_server_get_soup (WalletServer       *server);

/* What the handlers share (wallet-server.c). */
struct _WalletServer {
  WalletConfig      config;
  char             *authority_url;
  SoupServer       *soup;
  SoupSession      *http;
  ServiceSessions  *sessions;
  VneidTrustStore  *attesters;
  char             *bearer;          /* the authority session, kept server-side */
  GHashTable       *pending;         /* request id → WalletPending (wallet-sharing.c) */
};

/* A page of the wallet: the navigation, then @body_html. */
void      wallet_reply_page   (WalletServer      *server,
                               SoupServerMessage *msg,
                               guint              status,
                               const char        *title,
                               const char        *body_html,
                               const char        *form_action);
/* An error page from @error (its message shown in English, escaped, and
 * logged cleaned). */
void      wallet_reply_error  (SoupServerMessage *msg,
                               const char        *message_vi,
                               const GError      *error);
/* A POST form with its csrf checked, or NULL once an error page is sent. */
GHashTable *wallet_read_post  (WalletServer      *server,
                               SoupServerMessage *msg);
/* Bytes of GET @url (http/https), at most @max_size; NULL with an error. */
GBytes   *wallet_http_get     (WalletServer      *server,
                               const char        *url,
                               gsize              max_size,
                               GError           **error);

/* The sharing routes: /authorize, /scan, /history (wallet-sharing.c). */
void      wallet_sharing_register (WalletServer  *server);
void      wallet_pending_free     (gpointer       pending);

G_END_DECLS
