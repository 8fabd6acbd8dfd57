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

/* The header members the rules read (RFC 7515 section 4.1), by index in
 * VneidJws.header_members. */
typedef enum {
  VNEID_JWS_ALG,
  VNEID_JWS_TYP,
  VNEID_JWS_KID,
  VNEID_JWS_JWK,
  VNEID_JWS_X5C,
  VNEID_JWS_X5U,
  VNEID_JWS_JKU,
  VNEID_JWS_CRIT,
  VNEID_JWS_N_HEADER_MEMBERS
} VneidJwsHeaderMember;

typedef struct {
  /* The compact text, not owned; the signing input is its first
   * signing_input_len bytes (`header.payload`). */
  const char *compact;
  gsize       signing_input_len;
  /* The header's members the rules read, always; the header as a tree
   * only when it was asked for. */
  VneidJsonScalar header_members[VNEID_JWS_N_HEADER_MEMBERS];
  JsonNode   *header_node;
  JsonObject *header;
  /* The payload as a tree, unless only some of its members were read. */
  JsonNode   *payload_node;
  JsonObject *payload;
  /* Decoded header and payload, kept while something points into them
   * (header members, payload members, `_sd` arrays). */
  char       *header_json;
  char       *payload_json;
  guint8      signature[VNEID_JWS_SIGNATURE_BYTES];
} VneidJws;

/* The caller's rules for a header, run as soon as it is decoded so that a
 * refused header (`alg` `none` above all) is reported before anything about
 * the rest of the token. */
typedef gboolean (*VneidJwsHeaderCheck) (const VneidJws *jws,
                                         gpointer        user_data,
                                         const char     *what,
                                         GError        **error);

/* How vneid_jws_decode() reads a token; zero-initialised, it reads the
 * header's members (not its tree) and the payload as a tree. */
typedef struct {
  VneidJwsHeaderCheck check;       /* nullable */
  gpointer            check_data;
  gboolean            header_tree; /* set jws->header too */
  /* an SD-JWT's issuer JWT: the payload's `_sd` arrays are left out into
   * it (see VneidJsonSdArrays), pointing into jws->payload_json */
  VneidJsonSdArrays  *sd_arrays;
  /* Set: no payload tree is made when it can be helped; the members named
   * are read into payload_values (see vneid_json_read_members()). */
  const char *const  *payload_names;
  guint               n_payload_names;
  VneidJsonScalar    *payload_values;
} VneidJwsReading;

/* Splits @compact into its three parts and decodes them: header and payload
 * must be base64url JSON objects (nesting limit applies), the signature 64
 * bytes. Errors are VNEID_CREDENTIAL_ERROR_MALFORMED (or _TOO_LARGE) naming
 * @what, or whatever the check sets. On failure @jws is cleared. */
gboolean  vneid_jws_decode         (VneidJws              *jws,
                                    const char            *compact,
                                    gsize                  len,
                                    const char            *what,
                                    const VneidJwsReading *how,
                                    GError               **error);
void      vneid_jws_clear          (VneidJws    *jws);

/* `base64url(header).base64url(payload)`, the text a signature covers. */
char     *vneid_jws_signing_input  (JsonObject  *header,
                                    JsonObject  *payload);
/* @signing_input + "." + base64url(@signature). */
char     *vneid_jws_join           (const char  *signing_input,
                                    const guint8 signature[VNEID_JWS_SIGNATURE_BYTES]);

G_END_DECLS
