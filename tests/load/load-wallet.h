/* load-wallet.h: the scripted wallet of the portal load test
 *
 * vneid-load-wallet plays, for each transaction, both the citizen's browser
 * (the form page, "Điền từ VNeID", the waiting page, the filled form, with
 * its own cookie jar) and the citizen's wallet (the request object, consent,
 * the vp_token posted to the response_uri), over HTTP on 127.0.0.1, as the
 * contract of vneid-portal describes it (docs/load.md).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <vneid.h>

G_BEGIN_DECLS

/* ---- HTTP (load-http.c) ------------------------------------------------ */

/* One answer: status 0 and @error set when no HTTP answer came at all
 * (connection refused or reset: the portal restarting). */
typedef struct {
  guint    status;
  GBytes  *body;
  char    *location;   /* Location header, resolved against the request URI */
  GError  *error;
} LoadReply;

void        load_reply_clear        (LoadReply *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoadReply, load_reply_clear)

/* A browser of its own: cookie jar, no automatic redirects. */
SoupSession *load_session_new       (void);
/* GET @uri, or POST @form (urlencoded, owned by the call) when non-NULL. */
void        load_http               (SoupSession *session,
                                     const char  *uri,
                                     char        *form,
                                     LoadReply   *reply);
/* The reply body as text (never NULL). */
const char *load_reply_text         (LoadReply   *reply);
/* Whether the portal did not answer or answered "unavailable" (restarting). */
gboolean    load_reply_is_transport_failure (LoadReply *reply);

/* ---- HTML (load-http.c) ------------------------------------------------ */

/* The value of @attribute in the first tag containing @marker (such as
 * `name="csrf"` or `data-wallet-link`), HTML entities decoded; NULL if none. */
char       *load_html_attribute     (const char *html,
                                     const char *marker,
                                     const char *attribute);
/* How many times @needle occurs in @text. */
guint       load_count              (const char *text,
                                     const char *needle);
/* A query parameter of @uri, decoded; NULL if absent. */
char       *load_query_parameter    (const char *uri,
                                     const char *name);

/* ---- inputs (load-http.c) ----------------------------------------------- */

/* Each file's text, stripped; NULL and @error on the first unreadable one. */
GPtrArray  *load_read_texts         (char      **paths,
                                     GError    **error);
/* Credentials parsed from @texts (a new array each call). */
GPtrArray  *load_parse_credentials  (GPtrArray  *texts,
                                     GError    **error);

/* ---- the in-process rate (load-bench.c) --------------------------------- */

typedef struct {
  guint   batches, per_batch;
  double  per_s;          /* median of the batches */
  double  verify_per_s;   /* the verification alone, median */
} LoadBench;

gboolean    load_bench_run          (const char  *form_id,
                                     char       **credential_paths,
                                     const char  *holder_path,
                                     char       **trust_paths,
                                     char       **status_paths,
                                     LoadBench   *result,
                                     GError     **error);

/* ---- `check` (load-check.c) ---------------------------------------------- */

int         load_check              (const char *records_path);

/* ---- statistics ---------------------------------------------------------- */

double      load_percentile         (double *values,
                                     guint   n,
                                     double  fraction);

G_END_DECLS
