/* vneid-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-error.h"

/**
 * vneid_key_error_quark:
 *
 * The error domain of keys and JWKs ([error@Vneid.KeyError]).
 *
 * Returns: the error domain's quark
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (vneid-key-error-quark, vneid_key_error)
/**
 * vneid_credential_error_quark:
 *
 * The error domain of credentials and presentations: the rule a verifier applied ([error@Vneid.CredentialError]).
 *
 * Returns: the error domain's quark
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (vneid-credential-error-quark, vneid_credential_error)
/**
 * vneid_identity_error_quark:
 *
 * The error domain of identity numbers and dates ([error@Vneid.IdentityError]).
 *
 * Returns: the error domain's quark
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (vneid-identity-error-quark, vneid_identity_error)
/**
 * vneid_profile_error_quark:
 *
 * The error domain of building a profile ([error@Vneid.ProfileError]).
 *
 * Returns: the error domain's quark
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (vneid-profile-error-quark, vneid_profile_error)
/**
 * vneid_form_error_quark:
 *
 * The error domain of form schemas, mappings, plugins and filling ([error@Vneid.FormError]).
 *
 * Returns: the error domain's quark
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (vneid-form-error-quark, vneid_form_error)
/**
 * vneid_openid4vci_error_quark:
 *
 * The error domain of OpenID4VCI issuance ([error@Vneid.Openid4vciError]).
 *
 * Returns: the error domain's quark
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (vneid-openid4vci-error-quark, vneid_openid4vci_error)
