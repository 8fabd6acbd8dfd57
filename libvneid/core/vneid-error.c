/* vneid-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-error.h"

G_DEFINE_QUARK (vneid-key-error-quark, vneid_key_error)
G_DEFINE_QUARK (vneid-credential-error-quark, vneid_credential_error)
G_DEFINE_QUARK (vneid-identity-error-quark, vneid_identity_error)
G_DEFINE_QUARK (vneid-profile-error-quark, vneid_profile_error)
G_DEFINE_QUARK (vneid-form-error-quark, vneid_form_error)
G_DEFINE_QUARK (vneid-openid4vci-error-quark, vneid_openid4vci_error)
