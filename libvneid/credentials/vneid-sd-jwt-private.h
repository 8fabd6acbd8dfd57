/* vneid-sd-jwt-private.h: SD-JWT parsing and disclosure processing (RFC 9901)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-jws-private.h"
#include "vneid-util-private.h"

G_BEGIN_DECLS

typedef struct {
  /* The disclosure as received, a slice of the SD-JWT text; its digest is
   * taken over exactly these bytes and never over a re-encoding. */
  const char *encoded;
  gsize       encoded_len;
  char        digest[VNEID_DIGEST_B64_LEN + 1];
  /* Read straight from the decoded bytes, the name in VneidSdJwt.decoded;
   * only a disclosure read the general way keeps its whole array, which
   * then holds the name. */
  JsonNode   *array;
  const char *name;   /* NULL for an array element */
  /* Owned; a string, number or literal read the fast way has no node
   * until one is asked for, only its JSON text in `decoded`. */
  JsonNode   *value;
  VneidJsonSpan scalar;
  gboolean    used;
  /* Where processing put the value (`a.b`, `a[2]`), and the index of the
   * disclosure whose value held its digest (-1 for the issuer payload).
   * Filled only when paths are recorded. */
  char       *path;
  gint        parent;
} VneidDisclosure;

/* Digests by their text, disclosed or met in the payload: open addressing
 * in one block, so that looking one up allocates nothing. */
typedef struct VneidDigestSlot VneidDigestSlot;
typedef struct {
  VneidDigestSlot *slots;
  guint            mask;        /* slots - 1; their number is a power of two */
  guint            used;
} VneidDigestTable;

/* A disclosed claim checked but not yet put in its object. */
typedef struct {
  JsonObject      *object;
  VneidDisclosure *disclosure;
} VneidPlacement;

/* What processing for a verifier leaves to be done on first request: the
 * disclosed claims to place, in order, and what their names and values
 * are kept in. */
typedef struct {
  VneidDisclosure *disclosures;
  guint            n_disclosures;
  char            *decoded;
  VneidPlacement  *placements;
  guint            n_placements;
} VneidPendingClaims;

typedef struct {
  const char      *text;        /* not owned */
  gsize            text_len;
  VneidJws         jws;
  VneidDisclosure *disclosures;
  guint            n_disclosures;
  /* The disclosures' decoded JSON, one after the other, in one block */
  char            *decoded;
  /* The `_sd` arrays of the payload and of the disclosed values, left out
   * of their objects as spans of jws.payload_json and of decoded. */
  VneidJsonSdArrays sd_arrays;
  /* the disclosures' digests; processing adds the payload's, which are
   * valid only while it runs */
  VneidDigestTable digests;
  /* The KB-JWT slice; kb_len is 0 when there is none. */
  const char      *kb;
  gsize            kb_len;
  /* Length of `<issuer JWT>~<disclosures>~`, the input of sd_hash. */
  gsize            presented_len;
  /* Disclosed claims checked by vneid_sd_jwt_process(), in the order they
   * take their places, when it was asked to leave them out */
  VneidPlacement  *placements;
  guint            n_placements;
} VneidSdJwt;

typedef enum {
  /* the holder's credential: disclosed claims in place, with their paths */
  VNEID_SD_JWT_PLACE_WITH_PATHS,
  /* a verifier: every rule checked, the disclosed claims recorded in
   * sd->placements and placed when someone asks for the payload */
  VNEID_SD_JWT_PLACE_LATER,
} VneidSdJwtPlacing;

/* Splits a compact SD-JWT and parses the issuer JWT (typ dc+sd-jwt) and
 * every disclosure, enforcing the size and count limits. @text must outlive
 * @sd. */
gboolean vneid_sd_jwt_parse   (VneidSdJwt   *sd,
                               const char   *text,
                               gsize         len,
                               GError      **error);
/* Replaces the digests in the issuer payload by the disclosed claims, in
 * place (RFC 9901 section 7.1), and rejects every structural violation;
 * with VNEID_SD_JWT_PLACE_LATER the claims of disclosures that stand for
 * object members are checked but not yet placed. */
gboolean vneid_sd_jwt_process (VneidSdJwt        *sd,
                               VneidSdJwtPlacing  placing,
                               GError           **error);
void     vneid_sd_jwt_clear   (VneidSdJwt   *sd);

/* A claim of the processed payload, placed or still pending: what a
 * verifier reads before it hands the payload over (`iat`, which may be
 * disclosed). NULL when there is none. */
JsonNode *vneid_sd_jwt_get_claim (VneidSdJwt *sd,
                                  const char *name);
/* Takes the claims left to place out of @sd (NULL when there are none). */
VneidPendingClaims *vneid_sd_jwt_steal_pending (VneidSdJwt *sd);
/* Places the pending claims in the payload they were checked against, in
 * order, and frees them. */
void     vneid_pending_claims_place (VneidPendingClaims *pending);
void     vneid_pending_claims_free  (VneidPendingClaims *pending);

/* The holder's public key from `cnf.jwk`, read without making its object
 * (a verification needs only its bytes). */
typedef struct {
  gboolean    present;
  guint8      public_key[VNEID_PUBLIC_KEY_BYTES];
  const char *kid;      /* in the payload, or NULL */
} VneidHolderKey;

/* Reads the holder's key from `cnf.jwk`. key->present stays FALSE when the
 * payload has no `cnf`, and also when its `cnf` names a key this library
 * cannot use (a `kid` only, a key other than Ed25519): then *unusable says
 * why. A malformed `cnf` or a private key in `cnf.jwk` is an error. */
gboolean vneid_sd_jwt_read_holder_key (JsonObject     *payload,
                                       VneidHolderKey *key,
                                       char          **unusable,
                                       GError        **error);

/* Claims that must never be selectively disclosed, nor their sub-claims. */
gboolean vneid_sd_jwt_is_never_disclosable (const char *name);

G_END_DECLS
