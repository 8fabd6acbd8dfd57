/* vneid-openid4vp-error.h: the error domain of OpenID4VP and DCQL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib.h>
#include "vneid-version.h"

G_BEGIN_DECLS

/**
 * VNEID_OPENID4VP_ERROR:
 *
 * Error domain for OpenID4VP requests and responses and DCQL queries.
 * Errors in this domain are from the [error@Vneid.Openid4vpError]
 * enumeration.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VP_ERROR (vneid_openid4vp_error_quark ())

/**
 * VneidOpenid4vpError:
 * @VNEID_OPENID4VP_ERROR_INVALID_QUERY: a DCQL query breaks a rule of
 *   OpenID4VP 1.0 section 6; the message says where
 * @VNEID_OPENID4VP_ERROR_INVALID_REQUEST: an authorization request is
 *   malformed or lacks a parameter
 * @VNEID_OPENID4VP_ERROR_BAD_REQUEST_SIGNATURE: the request object is not
 *   signed by the key the verifier attestation binds (`cnf.jwk`)
 * @VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION: the verifier attestation is
 *   malformed, from an authority the wallet does not trust, or its
 *   signature does not verify
 * @VNEID_OPENID4VP_ERROR_ATTESTATION_EXPIRED: the verifier attestation has
 *   expired (or is not valid yet)
 * @VNEID_OPENID4VP_ERROR_CLIENT_ID_MISMATCH: the request's `client_id` is
 *   not `verifier_attestation:` followed by the attestation's `sub`
 * @VNEID_OPENID4VP_ERROR_BEYOND_REGISTRATION: the query asks for a claim or
 *   credential type the verifier is not registered for
 * @VNEID_OPENID4VP_ERROR_UNSATISFIABLE: the wallet's credentials cannot
 *   satisfy the query
 * @VNEID_OPENID4VP_ERROR_WRONG_STATE: the response's `state` is not the
 *   transaction's
 * @VNEID_OPENID4VP_ERROR_EXPIRED: the transaction has expired
 * @VNEID_OPENID4VP_ERROR_REPLAY: the transaction already had its response,
 *   or a presentation was made for another request (another nonce)
 * @VNEID_OPENID4VP_ERROR_MISADDRESSED: a presentation's KB-JWT names
 *   another audience than the transaction's client id
 * @VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL: the response lacks a required
 *   credential or claim, so the query is not satisfied
 * @VNEID_OPENID4VP_ERROR_INVALID_RESPONSE: the `vp_token` is malformed, or
 *   a presentation in it is rejected (the message says why)
 * @VNEID_OPENID4VP_ERROR_REVOKED: a presentation's credential is revoked
 *   or suspended by its issuer's status list (Since: 0.2)
 *
 * Errors from OpenID4VP and DCQL. Values are only ever appended.
 *
 * Since: 0.2
 */
typedef enum {
  VNEID_OPENID4VP_ERROR_INVALID_QUERY,
  VNEID_OPENID4VP_ERROR_INVALID_REQUEST,
  VNEID_OPENID4VP_ERROR_BAD_REQUEST_SIGNATURE,
  VNEID_OPENID4VP_ERROR_UNTRUSTED_ATTESTATION,
  VNEID_OPENID4VP_ERROR_ATTESTATION_EXPIRED,
  VNEID_OPENID4VP_ERROR_CLIENT_ID_MISMATCH,
  VNEID_OPENID4VP_ERROR_BEYOND_REGISTRATION,
  VNEID_OPENID4VP_ERROR_UNSATISFIABLE,
  VNEID_OPENID4VP_ERROR_WRONG_STATE,
  VNEID_OPENID4VP_ERROR_EXPIRED,
  VNEID_OPENID4VP_ERROR_REPLAY,
  VNEID_OPENID4VP_ERROR_MISADDRESSED,
  VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL,
  VNEID_OPENID4VP_ERROR_INVALID_RESPONSE,
  VNEID_OPENID4VP_ERROR_REVOKED,
} VneidOpenid4vpError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_openid4vp_error_quark (void);

G_END_DECLS
