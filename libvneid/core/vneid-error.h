/* vneid-error.h: error domains of libvneid
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
 * VNEID_KEY_ERROR:
 *
 * Error domain for key handling. Errors in this domain are from the
 * [error@Vneid.KeyError] enumeration.
 *
 * Since: 0.1
 */
#define VNEID_KEY_ERROR (vneid_key_error_quark ())

/**
 * VneidKeyError:
 * @VNEID_KEY_ERROR_INVALID_JWK: the JWK is malformed, of an unsupported key
 *   type or curve, or its key material has the wrong size
 * @VNEID_KEY_ERROR_NO_PRIVATE_KEY: the operation needs a private key and the
 *   key is public only
 * @VNEID_KEY_ERROR_CRYPTO: the cryptographic library failed
 *
 * Errors from [class@Vneid.Key]. Values are only ever appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_KEY_ERROR_INVALID_JWK,
  VNEID_KEY_ERROR_NO_PRIVATE_KEY,
  VNEID_KEY_ERROR_CRYPTO,
} VneidKeyError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_key_error_quark (void);

/**
 * VNEID_CREDENTIAL_ERROR:
 *
 * Error domain for issuing, presenting and verifying credentials. Each code
 * names the rule that failed; the message says where.
 *
 * Since: 0.1
 */
#define VNEID_CREDENTIAL_ERROR (vneid_credential_error_quark ())

/**
 * VneidCredentialError:
 * @VNEID_CREDENTIAL_ERROR_MALFORMED: the input is not a well-formed SD-JWT,
 *   JWT, base64url or JSON text, or lacks a required claim
 * @VNEID_CREDENTIAL_ERROR_TOO_LARGE: the input exceeds a size, count or
 *   nesting limit
 * @VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM: `alg` is not `EdDSA`, or
 *   `_sd_alg` is not `sha-256`
 * @VNEID_CREDENTIAL_ERROR_WRONG_TYPE: the `typ` header is not the expected one
 * @VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER: the issuer is not in the trust
 *   store, or may not issue this `vct`
 * @VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY: no trusted key of the issuer matches,
 *   or the token tries to carry its own key (`jwk`, `x5c`, `jku` headers)
 * @VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE: a signature does not verify
 * @VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE: a disclosure is not an array of the
 *   right size, or its claim name is not a usable string
 * @VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME: a disclosure names the claim
 *   `_sd` or `...`
 * @VNEID_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE: a disclosure's digest is
 *   not referenced anywhere in the credential
 * @VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST: a digest appears more than once
 * @VNEID_CREDENTIAL_ERROR_DUPLICATE_DISCLOSURE: the same disclosure is
 *   presented more than once
 * @VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION: a disclosed claim name collides
 *   with a claim already present at that level
 * @VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE: `iss`, `nbf`, `exp`, `cnf`, `vct`
 *   or `status` was made selectively disclosable
 * @VNEID_CREDENTIAL_ERROR_EXPIRED: `exp` has passed
 * @VNEID_CREDENTIAL_ERROR_NOT_YET_VALID: `nbf` (or `iat`) lies in the future
 * @VNEID_CREDENTIAL_ERROR_KEY_BINDING_REQUIRED: the policy requires key
 *   binding and the presentation carries no KB-JWT
 * @VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID: the KB-JWT is malformed, not
 *   signed by the holder key in `cnf`, or its `sd_hash` does not match
 * @VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH: the KB-JWT `nonce` is not the
 *   expected one
 * @VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH: the KB-JWT `aud` is not the
 *   expected one
 * @VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE: the KB-JWT `iat` is outside the
 *   freshness window
 * @VNEID_CREDENTIAL_ERROR_REVOKED: the status list marks the credential
 *   invalid (revoked)
 * @VNEID_CREDENTIAL_ERROR_SUSPENDED: the status list marks the credential
 *   suspended
 * @VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE: the credential has a `status`
 *   claim and no status list for its `uri` was supplied, or the index lies
 *   outside the list
 * @VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT: the caller asked for something
 *   impossible, such as disclosing a claim path the credential does not have
 *
 * Errors from issuing, presenting and verifying credentials. Values are only
 * ever appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_CREDENTIAL_ERROR_MALFORMED,
  VNEID_CREDENTIAL_ERROR_TOO_LARGE,
  VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM,
  VNEID_CREDENTIAL_ERROR_WRONG_TYPE,
  VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER,
  VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY,
  VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE,
  VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE,
  VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME,
  VNEID_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE,
  VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST,
  VNEID_CREDENTIAL_ERROR_DUPLICATE_DISCLOSURE,
  VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION,
  VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE,
  VNEID_CREDENTIAL_ERROR_EXPIRED,
  VNEID_CREDENTIAL_ERROR_NOT_YET_VALID,
  VNEID_CREDENTIAL_ERROR_KEY_BINDING_REQUIRED,
  VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
  VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH,
  VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH,
  VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE,
  VNEID_CREDENTIAL_ERROR_REVOKED,
  VNEID_CREDENTIAL_ERROR_SUSPENDED,
  VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE,
  VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
} VneidCredentialError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_credential_error_quark (void);

/**
 * VNEID_IDENTITY_ERROR:
 *
 * Error domain for the Vietnamese identity checks: dates, personal ID
 * numbers, health insurance card numbers, and whether they agree with each
 * other. Errors in this domain are from the [error@Vneid.IdentityError]
 * enumeration.
 *
 * Since: 0.1
 */
#define VNEID_IDENTITY_ERROR (vneid_identity_error_quark ())

/**
 * VneidIdentityError:
 * @VNEID_IDENTITY_ERROR_INVALID_DATE: the text is not an ISO 8601 date of
 *   the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or there is no such day in
 *   the calendar
 * @VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID: the personal identification
 *   number is not 12 digits, or its province code is unknown
 * @VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER: the health insurance card
 *   number does not have the 15-character shape of two letters, a benefit
 *   level 1–5, a province code and ten digits
 * @VNEID_IDENTITY_ERROR_MISMATCH: two pieces of identity data about the
 *   same person contradict each other, such as the birth year a personal
 *   ID number encodes and the `birthdate` claim
 *
 * Errors from [struct@Vneid.Date], [class@Vneid.PersonalId] and
 * [class@Vneid.BhytNumber]. Values are only ever appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_IDENTITY_ERROR_INVALID_DATE,
  VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID,
  VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER,
  VNEID_IDENTITY_ERROR_MISMATCH,
} VneidIdentityError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_identity_error_quark (void);

/**
 * VNEID_PROFILE_ERROR:
 *
 * Error domain for building a [class@Vneid.Profile]. Errors in this domain
 * are from the [error@Vneid.ProfileError] enumeration; contradictions in
 * the identity data itself come as %VNEID_IDENTITY_ERROR.
 *
 * Since: 0.1
 */
#define VNEID_PROFILE_ERROR (vneid_profile_error_quark ())

/**
 * VneidProfileError:
 * @VNEID_PROFILE_ERROR_NO_CREDENTIALS: no credential was given
 * @VNEID_PROFILE_ERROR_UNSUPPORTED_CREDENTIAL: a credential's type (`vct`)
 *   has no place in a citizen profile
 * @VNEID_PROFILE_ERROR_DUPLICATE_CREDENTIAL: two credentials of one type
 * @VNEID_PROFILE_ERROR_SUBJECT_MISMATCH: the credentials name different
 *   personal identification numbers, or one of them cannot be tied to the
 *   person (no personal identification number, and another holder key)
 * @VNEID_PROFILE_ERROR_LEVEL: the PID's `vneid_level` is not 1 or 2, or an
 *   e-CCCD credential came with a level-1 account's PID
 * @VNEID_PROFILE_ERROR_INVALID_CLAIM_NAME: a claim name is empty or holds a
 *   dot, so no profile path can name it
 *
 * Errors from building a [class@Vneid.Profile]. Values are only ever
 * appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_PROFILE_ERROR_NO_CREDENTIALS,
  VNEID_PROFILE_ERROR_UNSUPPORTED_CREDENTIAL,
  VNEID_PROFILE_ERROR_DUPLICATE_CREDENTIAL,
  VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
  VNEID_PROFILE_ERROR_LEVEL,
  VNEID_PROFILE_ERROR_INVALID_CLAIM_NAME,
} VneidProfileError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_profile_error_quark (void);

/**
 * VNEID_FORM_ERROR:
 *
 * Error domain for form schemas, mappings, plugins and filled forms.
 * Errors in this domain are from the [error@Vneid.FormError] enumeration.
 *
 * Since: 0.1
 */
#define VNEID_FORM_ERROR (vneid_form_error_quark ())

/**
 * VneidFormError:
 * @VNEID_FORM_ERROR_INVALID_SCHEMA: a form schema is malformed; the message
 *   names the file, the field and what is wrong
 * @VNEID_FORM_ERROR_INVALID_MAPPING: a mapping is malformed, or names an
 *   unknown field, profile path, transform or table
 * @VNEID_FORM_ERROR_INVALID_PLUGIN: a plugin's key file or module is broken
 * @VNEID_FORM_ERROR_DUPLICATE_FORM: a form id is registered already
 * @VNEID_FORM_ERROR_UNKNOWN_FORM: no mapper fills that form
 * @VNEID_FORM_ERROR_UNKNOWN_FIELD: the form has no field of that name
 * @VNEID_FORM_ERROR_INVALID_VALUE: a value breaks a field's constraints, or
 *   a required field is still empty
 * @VNEID_FORM_ERROR_TOO_LARGE: a schema or mapping file is over 1 MiB, or its
 *   JSON is nested deeper than 32 levels
 * @VNEID_FORM_ERROR_FAILED: a mapper failed
 *
 * Errors from forms. Values are only ever appended.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_FORM_ERROR_INVALID_SCHEMA,
  VNEID_FORM_ERROR_INVALID_MAPPING,
  VNEID_FORM_ERROR_INVALID_PLUGIN,
  VNEID_FORM_ERROR_DUPLICATE_FORM,
  VNEID_FORM_ERROR_UNKNOWN_FORM,
  VNEID_FORM_ERROR_UNKNOWN_FIELD,
  VNEID_FORM_ERROR_INVALID_VALUE,
  VNEID_FORM_ERROR_TOO_LARGE,
  VNEID_FORM_ERROR_FAILED,
} VneidFormError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_form_error_quark (void);

/**
 * VNEID_OPENID4VCI_ERROR:
 *
 * Error domain for OpenID for Verifiable Credential Issuance 1.0: the
 * messages of the pre-authorized code flow, key proofs, and the answers of
 * a credential issuer. Each code that has an OAuth or OpenID4VCI error
 * code of its own maps to it (see [func@Vneid.Openid4vciError.get_code]).
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_ERROR (vneid_openid4vci_error_quark ())

/**
 * VneidOpenid4vciError:
 * @VNEID_OPENID4VCI_ERROR_INVALID_REQUEST: a token request is malformed,
 *   lacks a parameter or repeats one, or brings a `tx_code` where none
 *   is expected or none where one is (`invalid_request`)
 * @VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE: the token request's
 *   `grant_type` is not the pre-authorized code (`unsupported_grant_type`)
 * @VNEID_OPENID4VCI_ERROR_INVALID_GRANT: the pre-authorized code is
 *   unknown, used, expired or blocked, or the `tx_code` is wrong
 *   (`invalid_grant`)
 * @VNEID_OPENID4VCI_ERROR_INVALID_TOKEN: the access token is missing,
 *   unknown or expired (`invalid_token`, RFC 6750)
 * @VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST: a credential
 *   request is malformed (`invalid_credential_request`)
 * @VNEID_OPENID4VCI_ERROR_UNKNOWN_CREDENTIAL_CONFIGURATION: the credential
 *   configuration is unknown, or not the one the access token is for
 *   (`unknown_credential_configuration`)
 * @VNEID_OPENID4VCI_ERROR_INVALID_PROOF: the key proof is missing,
 *   malformed, of the wrong type or algorithm, not signed by the key in its
 *   header, for another audience, stale, or without a nonce
 *   (`invalid_proof`)
 * @VNEID_OPENID4VCI_ERROR_INVALID_NONCE: the key proof's `nonce` is not a
 *   live `c_nonce` of the issuer (`invalid_nonce`)
 * @VNEID_OPENID4VCI_ERROR_CREDENTIAL_REQUEST_DENIED: the issuer will not
 *   issue this credential to this holder (`credential_request_denied`)
 * @VNEID_OPENID4VCI_ERROR_INVALID_OFFER: a credential offer, or the URI that
 *   carries it, is malformed
 * @VNEID_OPENID4VCI_ERROR_INVALID_METADATA: credential issuer or
 *   authorization server metadata is malformed or names another issuer
 * @VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE: a response of the other side
 *   is not what OpenID4VCI says it must be
 * @VNEID_OPENID4VCI_ERROR_SERVER_ERROR: the other side answered with an
 *   error that has no code of its own here; the message gives its code
 * @VNEID_OPENID4VCI_ERROR_TRANSPORT: the HTTP exchange itself failed, or a
 *   URL is not one the client will send secrets to
 *
 * Errors of OpenID4VCI. Values are only ever appended.
 *
 * Since: 0.2
 */
typedef enum {
  VNEID_OPENID4VCI_ERROR_INVALID_REQUEST,
  VNEID_OPENID4VCI_ERROR_UNSUPPORTED_GRANT_TYPE,
  VNEID_OPENID4VCI_ERROR_INVALID_GRANT,
  VNEID_OPENID4VCI_ERROR_INVALID_TOKEN,
  VNEID_OPENID4VCI_ERROR_INVALID_CREDENTIAL_REQUEST,
  VNEID_OPENID4VCI_ERROR_UNKNOWN_CREDENTIAL_CONFIGURATION,
  VNEID_OPENID4VCI_ERROR_INVALID_PROOF,
  VNEID_OPENID4VCI_ERROR_INVALID_NONCE,
  VNEID_OPENID4VCI_ERROR_CREDENTIAL_REQUEST_DENIED,
  VNEID_OPENID4VCI_ERROR_INVALID_OFFER,
  VNEID_OPENID4VCI_ERROR_INVALID_METADATA,
  VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE,
  VNEID_OPENID4VCI_ERROR_SERVER_ERROR,
  VNEID_OPENID4VCI_ERROR_TRANSPORT,
} VneidOpenid4vciError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_openid4vci_error_quark (void);

G_END_DECLS
