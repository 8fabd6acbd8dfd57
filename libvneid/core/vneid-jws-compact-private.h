/* vneid-jws-compact-private.h: the compact JWS encoding, without policy
 *
 * Splitting `header.payload.signature` and decoding its parts is the same
 * for every JWT libvneid reads (credentials, KB-JWTs, status lists, and the
 * protocol layer's proofs and requests); what a header may carry and which
 * key verifies the signature is each caller's rule.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sodium.h>

#include "vneid-error.h"
#include "vneid-util-private.h"

G_BEGIN_DECLS

/* An Ed25519 signature, the only kind libvneid makes or checks. */
#define VNEID_JWS_SIGNATURE_BYTES crypto_sign_BYTES

typedef struct {
  /* The compact text, not owned; the signing input is its first
   * signing_input_len bytes (`header.payload`). */
  const char *compact;
  gsize       signing_input_len;
  JsonNode   *header_node;
  JsonNode   *payload_node;
  JsonObject *header;
  JsonObject *payload;
  /* The decoded payload, kept while `_sd` arrays point into it. */
  char       *payload_json;
  guint8      signature[VNEID_JWS_SIGNATURE_BYTES];
} VneidJws;

/* The caller's rules for a header, run as soon as it is decoded so that a
 * refused header (`alg` `none` above all) is reported before anything about
 * the rest of the token. */
typedef gboolean (*VneidJwsHeaderCheck) (JsonObject  *header,
                                         gpointer     user_data,
                                         const char  *what,
                                         GError     **error);

/* Splits @compact into its three parts and decodes them: header and payload
 * must be base64url JSON objects (nesting limit applies), the signature 64
 * bytes. Errors are VNEID_CREDENTIAL_ERROR_MALFORMED (or _TOO_LARGE) naming
 * @what, or whatever @check (nullable) sets. On failure @jws is cleared.
 * With @sd_arrays (an SD-JWT's issuer JWT), the payload's `_sd` arrays are
 * left out into it (see VneidJsonSdArrays), pointing into jws->payload_json. */
gboolean  vneid_jws_decode         (VneidJws            *jws,
                                    const char          *compact,
                                    gsize                len,
                                    const char          *what,
                                    VneidJwsHeaderCheck  check,
                                    gpointer             user_data,
                                    VneidJsonSdArrays   *sd_arrays,
                                    GError             **error);
void      vneid_jws_clear          (VneidJws    *jws);

/* `base64url(header).base64url(payload)`, the text a signature covers. */
char     *vneid_jws_signing_input  (JsonObject  *header,
                                    JsonObject  *payload);
/* @signing_input + "." + base64url(@signature). */
char     *vneid_jws_join           (const char  *signing_input,
                                    const guint8 signature[VNEID_JWS_SIGNATURE_BYTES]);

G_END_DECLS
