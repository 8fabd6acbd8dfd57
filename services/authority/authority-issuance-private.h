/* authority-issuance-private.h: the OpenID4VCI endpoints without HTTP
 *
 * What POST /openid4vci/token, /nonce and /credential do, on text in and
 * text out, so the suites can drive them with an injected clock. Errors
 * are VNEID_OPENID4VCI_ERROR (the wallet's answer) or AUTHORITY_ERROR
 * (storage, signing).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "authority-service-private.h"

G_BEGIN_DECLS

/* Lifetimes (seconds) and the transaction code (docs/openid4vci.md). */
#define AUTHORITY_OFFER_LIFETIME         (10 * 60)
#define AUTHORITY_TX_CODE_DIGITS         AUTHORITY_OTP_DIGITS
#define AUTHORITY_TX_CODE_MAX_FAILURES   5
#define AUTHORITY_ACCESS_TOKEN_LIFETIME  (5 * 60)
#define AUTHORITY_NONCE_LIFETIME         (5 * 60)
#define AUTHORITY_CREDENTIAL_LIFETIME    (365 * 24 * 3600)

/* The token request (form-encoded @body) → the access token. */
char *authority_issuance_token      (AuthorityService *service,
                                     const char       *body,
                                     GError          **error);
/* A fresh c_nonce. */
char *authority_issuance_nonce      (AuthorityService *service,
                                     GError          **error);
/* The credential request (JSON @body) with @access_token → the SD-JWT VC. */
char *authority_issuance_credential (AuthorityService *service,
                                     const char       *access_token,
                                     const char       *body,
                                     GError          **error);

G_END_DECLS
