/* vneid-test-util.h: fixtures and helpers shared by the Check suites
 *
 * Nothing in here decides whether a test passes: the helpers build inputs
 * (claims, keys, trust stores, forged tokens) and the assertion helpers fail
 * loudly. Every helper that can fail aborts the test with a message.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <check.h>
#include <vneid.h>

#include "vneid-util-private.h"
#include "vneid-jws-private.h"
#include "vneid-key-private.h"

G_BEGIN_DECLS

/* A fixed clock for every verifier the tests make: 2026-01-01T00:00:00Z. */
#define VT_NOW            ((gint64) 1767225600)
#define VT_ISSUER         "https://id.vneid.example"
#define VT_OTHER_ISSUER   "https://bhyt.baohiemxahoi.example"
#define VT_VCT_PID        "urn:vn:vneid:pid:1"
#define VT_VCT_BHYT       "urn:vn:bhyt:card:1"
#define VT_ISSUER_KID     "vneid-issuer-2026"
#define VT_NONCE          "n-0S6_WzA2Mj-vneid"
#define VT_AUDIENCE       "https://dichvucong.example/portal"
#define VT_STATUS_URI     "https://id.vneid.example/status/1"

/* Issued-credential times the PID fixture uses. */
#define VT_IAT            (VT_NOW - 3600)
#define VT_EXP            (VT_NOW + 365 * 86400)

/* ---- claims ------------------------------------------------------------ */

/* A realistic PID claims object (no iss/vct/cnf/status/iat/nbf/exp).
 * Returns: (transfer full) */
JsonObject  *vt_pid_claims            (void);
const char  *vt_pid_claims_json       (void);
/* The paths the PID fixture makes selectively disclosable (21 of them,
 * NULL-terminated): top-level claims, "nationalities[0]", and the members of
 * the recursively disclosable "address" and "household". */
const char *const *vt_pid_disclosable_paths (void);
guint        vt_pid_disclosable_count (void);

/* ---- keys, trust, verifier -------------------------------------------- */

VneidKey        *vt_key_new               (const char *kid);
/* The RFC 8037 appendix A key (private). */
VneidKey        *vt_rfc8037_key           (void);
/* Issuer metadata text {"issuer": issuer, "jwks": {"keys": [public jwk]}}. */
char            *vt_issuer_metadata       (const char *issuer,
                                           VneidKey   *key);
/* A trust store holding @key for @issuer (through issuer metadata) that
 * allows @vct (or every type when @vct is NULL). */
VneidTrustStore *vt_trust_store_new       (VneidKey   *issuer_key,
                                           const char *issuer,
                                           const char *vct);
/* A verifier over @store at the fixed clock VT_NOW. */
VneidVerifier   *vt_verifier_new          (VneidTrustStore *store);

/* The PID builder: claims, the 21 disclosable paths, iat VT_IAT, exp VT_EXP,
 * no decoys (deterministic digest counts), holder key when non-NULL. */
VneidCredentialBuilder *vt_pid_builder    (VneidKey *holder_key);
/* Builds with vt_pid_builder() and @issuer_key for VT_ISSUER; asserts
 * success. */
char            *vt_issue_pid             (VneidKey *issuer_key,
                                           VneidKey *holder_key);
/* Parses @compact as a holder credential; asserts success. */
VneidCredential *vt_credential_new        (const char *compact);
/* Presents; asserts success. @paths may be NULL. */
char            *vt_present               (VneidCredential    *credential,
                                           const char * const *paths,
                                           VneidKey           *holder_key,
                                           const char         *nonce,
                                           const char         *audience,
                                           gint64              iat);

/* ---- the demo citizens ------------------------------------------------ */

/* The demo citizens of examples/data/citizens/<slug>/ (VNEID_EXAMPLES_DATA),
 * issued with the demo keys of examples/data/keys/: the PID, e-CCCD and
 * contact types by https://id.vneid.example, the BHYT card by
 * https://bhyt.baohiemxahoi.example. */

/* Loads a JWK file; the test fails if it does not load. */
VneidKey                *vt_load_key           (const char *path);
/* VNEID_EXAMPLES_DATA/@first/...; asserts the variable is set. */
char                    *vt_examples_path      (const char *first,
                                                ...) G_GNUC_NULL_TERMINATED;
/* A verifier at VT_NOW trusting the demo issuers' metadata, each issuer
 * allowed only its own types. */
VneidVerifier           *vt_demo_verifier_new  (void);
/* The credential @kind ("pid", "cccd", "contact" or "bhyt") of @slug,
 * issued from its claims file with every claim disclosable and bound to the
 * citizen's wallet key, presented disclosing @paths (NULL: everything) and
 * verified; asserts each step. */
/* The credential @kind of @slug as the wallet holds it: every claim
 * disclosable, bound to the citizen's wallet key, iat VT_IAT. */
VneidCredential         *vt_citizen_issue      (const char *slug,
                                                const char *kind);
/* The same with a status list entry: index @status_index of
 * VT_STATUS_URI (none when negative). */
VneidCredential         *vt_citizen_issue_with_status (const char *slug,
                                                       const char *kind,
                                                       int         status_index);
VneidVerifiedCredential *vt_citizen_credential (const char         *slug,
                                                const char         *kind,
                                                const char * const *paths);
/* The profile of @slug from the credentials named in @kinds
 * ("pid cccd contact bhyt"), everything disclosed; asserts success. */
VneidProfile            *vt_citizen_profile    (const char *slug,
                                                const char *kinds);

/* ---- forging ---------------------------------------------------------- */

/* base64url of raw JSON text, byte for byte. */
char        *vt_b64 (const char *text);
/* A disclosure: base64url of `["salt", "name", value_json]` (or of
 * `["salt", value_json]` when @name is NULL), with the RFC's spacing. */
char        *vt_disclosure            (const char *salt,
                                       const char *name,
                                       const char *value_json);
/* base64url(SHA-256(ASCII of @disclosure)). */
char        *vt_digest                (const char *disclosure);
/* A compact JWS `b64(header).b64(payload).b64(sig)` of raw texts signed by
 * @key over the ASCII signing input; @key NULL gives an empty signature
 * (for alg none). */
char        *vt_forge_jws             (const char *header_json,
                                       const char *payload_json,
                                       VneidKey   *key);
/* A compact SD-JWT: the issuer JWT of @payload (header from vneid_jws_sign
 * with typ dc+sd-jwt when @header_json is NULL, else @header_json verbatim),
 * then each of @disclosures (NULL-terminated, used verbatim), then "~" and
 * @kb when non-NULL. */
char        *vt_forge                 (const char         *header_json,
                                       JsonObject         *payload,
                                       VneidKey           *issuer_key,
                                       const char * const *disclosures,
                                       const char         *kb);
/* Joins an issuer JWT and disclosures into `jwt~d1~...~dn~` (+ @kb). */
char        *vt_join                  (const char         *jwt,
                                       const char * const *disclosures,
                                       const char         *kb);
/* A KB-JWT over @sd_jwt (which must end in '~'): sd_hash computed from it
 * unless @sd_hash is non-NULL; @typ NULL means "kb+jwt"; @nonce/@aud NULL
 * leave the claim out; @header_json non-NULL replaces the whole header. */
char        *vt_forge_kb              (const char *sd_jwt,
                                       VneidKey   *holder_key,
                                       const char *header_json,
                                       const char *typ,
                                       const char *nonce,
                                       const char *aud,
                                       gint64      iat,
                                       const char *sd_hash);
/* The usual payload skeleton: iss, vct, iat VT_IAT, exp VT_EXP, _sd_alg
 * sha-256, cnf.jwk of @holder_key when non-NULL; an `_sd` array with
 * @digests (NULL-terminated, may be NULL for none). */
JsonObject  *vt_payload_new           (const char         *issuer,
                                       const char         *vct,
                                       VneidKey           *holder_key,
                                       const char * const *digests);
/* JSON text → object; asserts it parses. */
JsonObject  *vt_json_object           (const char *text);
JsonNode    *vt_json_node             (const char *text);
char        *vt_json_text             (JsonObject *object);
JsonObject  *vt_object_copy           (JsonObject *object);

/* ---- inspecting tokens ------------------------------------------------ */

/* Splits `jwt~d1~...~dn~kb` at '~'. */
char       **vt_split                 (const char *compact);
/* The decoded header / payload of the issuer JWT of @compact. */
JsonObject  *vt_jwt_header            (const char *compact);
JsonObject  *vt_jwt_payload           (const char *compact);
/* The decoded JSON array of one disclosure. */
JsonArray   *vt_disclosure_decode     (const char *disclosure);
/* Whether any object anywhere below @node has member @name. */
gboolean     vt_json_has_member_anywhere (JsonNode   *node,
                                          const char *name);
/* A copy of @compact with the character at @pos replaced by @c. */
char        *vt_replace_char          (const char *compact,
                                       gsize       pos,
                                       char        c);

/* ---- assertions ------------------------------------------------------- */

/* Asserts that @error is set, in @domain with @code, and that its message
 * contains (case-insensitively) at least one of the '|'-separated
 * alternatives in @reason. Prints the message when not. Frees nothing. */
#define vt_assert_error(error, domain, code, reason) \
  vt_assert_error_at (__FILE__, __LINE__, (error), (domain), (code), #code, (reason))
void         vt_assert_error_at       (const char *file,
                                       int         line,
                                       const GError *error,
                                       GQuark      domain,
                                       int         code,
                                       const char *code_name,
                                       const char *reason);
/* Asserts @error is NULL, printing its message when not. */
#define vt_assert_no_error(error) vt_assert_no_error_at (__FILE__, __LINE__, (error))
void         vt_assert_no_error_at    (const char   *file,
                                       int           line,
                                       const GError *error);
/* Deep JSON equality (object member order ignored, array order kept);
 * prints both on failure. */
#define vt_assert_json_equal(actual, expected_json) \
  vt_assert_json_equal_at (__FILE__, __LINE__, (actual), (expected_json))
void         vt_assert_json_equal_at  (const char *file,
                                       int         line,
                                       JsonObject *actual,
                                       const char *expected_json);
/* The `_sd`, `_sd_alg` and `...` names appear nowhere below @object. */
#define vt_assert_no_sd_artifacts(object) \
  vt_assert_no_sd_artifacts_at (__FILE__, __LINE__, (object))
void         vt_assert_no_sd_artifacts_at (const char *file,
                                           int         line,
                                           JsonObject *object);

/* Verifies @presentation and asserts success; the caller owns the result. */
#define vt_verify_ok(verifier, presentation) \
  vt_verify_ok_at (__FILE__, __LINE__, (verifier), (presentation), NULL, NULL, FALSE)
#define vt_verify_ok_nonce(verifier, presentation, nonce, aud) \
  vt_verify_ok_at (__FILE__, __LINE__, (verifier), (presentation), (nonce), (aud), TRUE)
VneidVerifiedCredential *vt_verify_ok_at (const char    *file,
                                          int            line,
                                          VneidVerifier *verifier,
                                          const char    *presentation,
                                          const char    *nonce,
                                          const char    *audience,
                                          gboolean       with_nonce);
/* Verifies @presentation and asserts failure with @code / @reason. */
#define vt_verify_fails(verifier, presentation, code, reason) \
  vt_verify_fails_at (__FILE__, __LINE__, (verifier), (presentation), NULL, NULL, FALSE, \
                      (code), #code, (reason))
#define vt_verify_fails_nonce(verifier, presentation, nonce, aud, code, reason) \
  vt_verify_fails_at (__FILE__, __LINE__, (verifier), (presentation), (nonce), (aud), TRUE, \
                      (code), #code, (reason))
void         vt_verify_fails_at       (const char    *file,
                                       int            line,
                                       VneidVerifier *verifier,
                                       const char    *presentation,
                                       const char    *nonce,
                                       const char    *audience,
                                       gboolean       with_nonce,
                                       int            code,
                                       const char    *code_name,
                                       const char    *reason);

/* The CPU time this process has used, in µs: what a "fails fast" bound
 * measures, since on a busy machine the wall clock counts other programs. */
gint64 vt_cpu_time_usec (void);

/* Runs a Check suite in one process (TAP as the environment says), prints
 * a closing "# N passed, N failed" comment, and returns the exit status.
 * Cases must not depend on each other (valgrind runs every suite so too).
 * A fork per case is what costs under ASan on a loaded machine: test-forms
 * 34 s forked, 1.5 s not; test-identity's 1,126 cases over its 120 s
 * timeout forked, 1.5 s not. CK_FORK=yes in the environment forks again. */
int vt_run_suite (Suite *suite);

/* The same with a process per case (unless CK_FORK=no), for suites whose
 * cases measure the process itself, such as its peak memory. */
int vt_run_suite_forked (Suite *suite);

G_END_DECLS
