/* vneid-openid4vci-private.h: what the OpenID4VCI messages share inside libvneid
 *
 * Every message comes from the other side of a network: it is bounded
 * (VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, the JSON nesting limit), and every
 * error lands in VNEID_OPENID4VCI_ERROR with the code the protocol gives
 * that kind of refusal.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-error.h"

G_BEGIN_DECLS

/* The largest offer, metadata document, form body or JSON message read:
 * real ones are a few KiB; a credential response carries one SD-JWT VC,
 * itself capped at 64 KiB, so its limit is twice that. */
#define VNEID_OPENID4VCI_MAX_MESSAGE_SIZE    (64 * 1024)
#define VNEID_OPENID4VCI_MAX_RESPONSE_SIZE   (128 * 1024)
/* The spec's cap on the `tx_code` description. */
#define VNEID_OPENID4VCI_MAX_TX_DESCRIPTION  300

/* Parses @text (NUL-terminated, at most @max_size bytes) as one JSON
 * object; errors are @code of VNEID_OPENID4VCI_ERROR naming @what. */
JsonNode *vneid_openid4vci_parse_object   (const char   *text,
                                           gsize         max_size,
                                           const char   *what,
                                           int           code,
                                           GError      **error);

/* Sets "@what: MESSAGE" in VNEID_OPENID4VCI_ERROR with @code; returns FALSE. */
gboolean  vneid_openid4vci_fail           (GError      **error,
                                           int           code,
                                           const char   *what,
                                           const char   *format,
                                           ...) G_GNUC_PRINTF (4, 5);

/* vneid_json_get_string() with its error moved to @code. */
gboolean  vneid_openid4vci_get_string     (JsonObject   *object,
                                           const char   *member,
                                           gboolean      required,
                                           const char  **out,
                                           const char   *what,
                                           int           code,
                                           GError      **error);

/* The string value of @member, or NULL when it is absent or not a string. */
const char *vneid_openid4vci_peek_string  (JsonObject   *object,
                                           const char   *member);

/* An URL the protocol may point at: `https`, or `http` to this machine
 * (127.0.0.0/8, ::1, localhost) for tests and development; with a host,
 * no user info and no fragment. */
gboolean  vneid_openid4vci_check_url      (const char   *url,
                                           const char   *what,
                                           int           code,
                                           GError      **error);

/* Decodes `application/x-www-form-urlencoded` text (also a URI query):
 * name=value pairs joined by `&`, `+` for a space, %XX escapes. A name
 * given twice (RFC 6749 section 3.2), a bad escape, or a name or value that
 * is not UTF-8 or holds a NUL is @code of VNEID_OPENID4VCI_ERROR. Returns
 * a table of name to value, both owned. */
GHashTable *vneid_openid4vci_parse_form   (const char   *text,
                                           gsize         len,
                                           const char   *what,
                                           int           code,
                                           GError      **error);


/* Reads an error answer (RFC 6749 section 5.2 / OpenID4VCI section 8.3.1)
 * of HTTP status @status into @error, mapping its `error` code onto
 * VneidOpenid4vciError; @body may be anything (it is bounded and cleaned
 * before it goes into the message). Always returns FALSE. */
gboolean  vneid_openid4vci_set_error_from_response (guint         status,
                                                    const char   *body,
                                                    gsize         body_len,
                                                    const char   *what,
                                                    GError      **error);

G_END_DECLS
