/* portal-server-private.h: what the portal's route files share
 * (portal-server.c: forms, transactions, the waiting page;
 * portal-response.c: the wallet's answer; portal-submit.c: the filled form,
 * submissions, receipts, the officer's list)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "portal.h"

G_BEGIN_DECLS

struct _PortalServer {
  PortalConfig    *config;
  ServiceStore    *store;
  ServiceSessions *sessions;
  PortalStatus    *status;
  SoupServer      *soup;
};

gint64           portal_now                  (void);
/* SHA-256 hex of @text: how sessions and response codes are stored. */
char            *portal_hash_text            (const char        *text);
/* Constant time, for two SHA-256 hex digests (FALSE when one is NULL). */
gboolean         portal_hashes_equal         (const char        *a,
                                              const char        *b);
/* The hash of the browser's session (made when it has none). */
char            *portal_session_hash         (PortalServer      *server,
                                              SoupServerMessage *msg);

void             portal_reply_page           (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *title,
                                              const char        *body);
void             portal_reply_error          (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *message_vi,
                                              const char        *message_en);
/* 500 with a page that says nothing more; @error (nullable) to the log. */
void             portal_reply_internal       (SoupServerMessage *msg,
                                              const GError      *error);
/* The page of template @name (resource /vn/vneid/portal/NAME.html) with the
 * NULL-terminated name/value pairs that follow: {{name}} escaped,
 * {{{name}}} HTML the caller built with escaping. */
void             portal_reply_template       (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *title,
                                              const char        *name,
                                              ...) G_GNUC_NULL_TERMINATED;
void             portal_reply_no_transaction (SoupServerMessage *msg);
/* FALSE, once answered 405, when @msg's method is not @method. */
gboolean         portal_require_method       (SoupServerMessage *msg,
                                              const char        *method);
/* The POSTed form with a valid CSRF token, or NULL once refused. */
GHashTable      *portal_read_checked_form    (PortalServer      *server,
                                              SoupServerMessage *msg);
/* The path segment after @prefix, up to the next "/" (or the end), and
 * what follows it in @rest; NULL when empty or not a plain token. */
char            *portal_path_segment         (const char        *path,
                                              const char        *prefix,
                                              const char       **rest);
/* The mapper of @form_id (nullable), or NULL. (transfer none) */
VneidFormMapper *portal_lookup_form          (PortalServer      *server,
                                              const char        *form_id);
/* Why a level-2 form is out of reach of a level-@level citizen, or "". */
char            *portal_level2_notice        (VneidFormSchema   *schema,
                                              guint              level);

/* The routes of portal-response.c and portal-submit.c. */
void portal_handle_response  (SoupServer        *soup,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query,
                              gpointer           data);
void portal_show_filled_form (PortalServer      *server,
                              SoupServerMessage *msg,
                              PortalTransaction *tx,
                              GHashTable        *query);
void portal_submit_form      (PortalServer      *server,
                              SoupServerMessage *msg,
                              PortalTransaction *tx);
void portal_handle_receipt   (SoupServer        *soup,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query,
                              gpointer           data);
void portal_handle_officer   (SoupServer        *soup,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query,
                              gpointer           data);

G_END_DECLS
