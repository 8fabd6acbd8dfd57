/* service-common.h: what the vneid services share (internal, not installed)
 *
 * The HTTP services (vneid-authority, vneid-wallet, vneid-portal) link this
 * small static library for the pieces every web page or API needs:
 *   - HTML escaping and a tiny {{name}} template renderer over GResource
 *     templates, the common page layout and the error page;
 *   - the security headers (Content-Security-Policy, no-store, nosniff…);
 *   - a browser session in an HttpOnly SameSite=Lax cookie and the CSRF
 *     token bound to it (keyed BLAKE2b, compared in constant time);
 *   - form-encoded bodies, size-capped, duplicate parameters refused;
 *   - listening on HOST:PORT and printing "NAME: listening on URL".
 *
 * Nothing here is thread-safe beyond what GLib gives: one server per main
 * loop.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* ---- errors: a refused request, with its HTTP status ---- */

#define SERVICE_ERROR (service_error_quark ())
GQuark service_error_quark (void);

/* Values only appended; service_error_http_status() gives the status. */
typedef enum {
  SERVICE_ERROR_BAD_REQUEST,        /* 400 malformed body or parameter */
  SERVICE_ERROR_FORBIDDEN,          /* 403 e.g. CSRF token missing or wrong */
  SERVICE_ERROR_NOT_FOUND,          /* 404 */
  SERVICE_ERROR_TOO_LARGE,          /* 413 body over the cap */
  SERVICE_ERROR_UNSUPPORTED_MEDIA,  /* 415 wrong Content-Type */
  SERVICE_ERROR_UPSTREAM,           /* 502 another service refused or failed */
  SERVICE_ERROR_INTERNAL,           /* 500 */
} ServiceErrorCode;

guint service_error_http_status (const GError *error);

/* Makes @error (of any domain) a SERVICE_ERROR @code, keeping its message:
 * for a library's refusal the page should show (and not hide as a 500). */
void  service_error_reclassify  (GError           *error,
                                 ServiceErrorCode  code);

/* ---- HTML ---- */

/* @text (nullable: "") made valid UTF-8, control characters other than
 * tab and newline replaced by U+FFFD, and & < > " ' escaped: safe in element
 * content and in quoted attribute values. */
char *service_html_escape (const char *text);

/* A GString-friendly variant: appends the escaped @text. */
void  service_html_append (GString    *html,
                           const char *text);

/* Renders @template_text: {{name}} is replaced by the value of @name
 * escaped, {{{name}}} by the value as is (HTML the caller built with
 * escaping). @values maps names to values; a name without a value renders
 * as nothing. Returns NULL with SERVICE_ERROR_INTERNAL for an unclosed
 * {{. */
char *service_template_render (const char  *template_text,
                               GHashTable  *values,
                               GError     **error);

/* The text of a GResource at @path (e.g. "/vn/vneid/wallet/home.html"), or
 * NULL with an error. */
char *service_resource_text   (const char  *path,
                               GError     **error);

/* Renders the GResource template at @path with the NULL-terminated
 * name/value pairs that follow (values are C strings, nullable; no pairs:
 * just NULL). */
char *service_render          (const char  *path,
                               GError     **error,
                               ...) G_GNUC_NULL_TERMINATED;

/* service_render() for a page with POST forms: "csrf" is filled with the
 * CSRF token of @msg's session (service_sessions_csrf_token()). */
typedef struct _ServiceSessions ServiceSessions;
char *service_render_form     (ServiceSessions   *sessions,
                               SoupServerMessage *msg,
                               const char        *path,
                               GError           **error,
                               ...) G_GNUC_NULL_TERMINATED;

/* ---- replies ---- */

/* no-store, nosniff, no referrer, frame-ancestors: on every reply. */
void service_set_common_headers   (SoupServerMessage *msg);

/* The common headers plus the Content-Security-Policy of the pages:
 * default-src 'none'; style-src 'self'; img-src 'self' data:;
 * form-action 'self' @form_action (nullable: extra space-separated sources);
 * frame-ancestors 'none'; base-uri 'none'. */
void service_set_page_headers     (SoupServerMessage *msg,
                                   const char        *form_action);

/* Replies @status with the common layout (resource
 * /vn/vneid/service/layout.html) around @body_html: @title escaped, the
 * page's CSP allowing forms to post to @form_action too (nullable). */
void service_reply_page           (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *service_name,
                                   const char        *title,
                                   const char        *body_html,
                                   const char        *form_action);

/* An error page: @message_vi and @message_en (citizen-readable, escaped),
 * a link home, @status. Details belong to the log, never here. */
void service_reply_error_page     (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *service_name,
                                   const char        *message_vi,
                                   const char        *message_en);

/* 303 See Other to @location. */
void service_reply_redirect       (SoupServerMessage *msg,
                                   const char        *location);

/* Serves /static/style.css (the common stylesheet) on @soup. */
void service_add_static_routes    (SoupServer        *soup);

/* @text for a log line: control characters replaced, at most 200
 * characters. */
char *service_clean_for_log       (const char        *text);

/* ---- form bodies ---- */

/* Decodes application/x-www-form-urlencoded @data (@length bytes): a table
 * of name → value (UTF-8, no NUL). Refuses (SERVICE_ERROR_BAD_REQUEST) a
 * repeated name, bad escapes, non-UTF-8 text; SERVICE_ERROR_TOO_LARGE over
 * @max_size bytes. */
GHashTable *service_form_parse    (const char         *data,
                                   gsize               length,
                                   gsize               max_size,
                                   GError            **error);

/* The request body of @msg as a form (Content-Type checked:
 * SERVICE_ERROR_UNSUPPORTED_MEDIA), at most @max_size bytes. */
GHashTable *service_read_form     (SoupServerMessage  *msg,
                                   gsize               max_size,
                                   GError            **error);

/* Refuses, before the body is read, a request under @path whose declared
 * body is over @max_size (413) or has no length (411), with an error page. */
void        service_add_body_cap  (SoupServer         *soup,
                                   const char         *path,
                                   gsize               max_size);

/* Bodies of HTML forms. */
#define SERVICE_MAX_FORM_BODY (64 * 1024)

/* ---- browser sessions and CSRF ---- */

#define SERVICE_SESSION_COOKIE "vneid_session"

/* A fresh random secret: tokens do not survive a restart, sessions are
 * just the cookie. */
ServiceSessions *service_sessions_new      (void);
void             service_sessions_free     (ServiceSessions   *sessions);

/* The browser's session ID (from the cookie); when it has none, a new one
 * and a Set-Cookie (HttpOnly; SameSite=Lax; Path=/) on @msg's response. */
char            *service_sessions_get_id   (ServiceSessions   *sessions,
                                            SoupServerMessage *msg);

/* The CSRF token for @msg's session (creating the session as above), for
 * a hidden input named "csrf". */
char            *service_sessions_csrf_token (ServiceSessions   *sessions,
                                              SoupServerMessage *msg);

/* TRUE when @form's "csrf" is the token of @msg's session cookie;
 * SERVICE_ERROR_FORBIDDEN otherwise (no cookie, no token, wrong token). */
gboolean         service_sessions_check_csrf (ServiceSessions   *sessions,
                                              SoupServerMessage *msg,
                                              GHashTable        *form,
                                              GError           **error);

/* The pure parts, for tests: the token of @session_id, and whether @token
 * is it (constant-time). */
char            *service_sessions_token_for  (ServiceSessions   *sessions,
                                              const char        *session_id);
gboolean         service_sessions_token_matches (ServiceSessions *sessions,
                                                 const char      *session_id,
                                                 const char      *token);

/* The value of cookie @name in a Cookie header, or NULL. */
char            *service_cookie_value        (const char        *header,
                                              const char        *name);

/* ---- listening ---- */

/* "HOST:PORT" ([IPv6]:PORT) with HOST an IP address, port 0 for any. */
GSocketAddress *service_parse_listen (const char  *text,
                                      GError     **error);

/* Listens on @listen; returns the base URL bound ("http://127.0.0.1:PORT/")
 * or NULL with an error. */
char           *service_listen       (SoupServer  *soup,
                                      const char  *listen,
                                      GError     **error);

/* Prints "@name: listening on @url@suffix" on standard output, flushed. */
void            service_print_listening (const char *name,
                                         const char *url,
                                         const char *suffix);

/* Runs the default main loop until SIGINT or SIGTERM. */
void            service_run_until_signal (void);

G_END_DECLS
