/* vneid-openid4vci-nonce.h: the nonce endpoint's answer, and fresh secrets
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

VNEID_AVAILABLE_IN_ALL
char *vneid_openid4vci_generate_secret     (void);
VNEID_AVAILABLE_IN_ALL
char *vneid_openid4vci_nonce_response_to_json (const char *c_nonce);
VNEID_AVAILABLE_IN_ALL
char *vneid_openid4vci_nonce_response_parse   (const char *json,
                                               GError    **error);

G_END_DECLS
