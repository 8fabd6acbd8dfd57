/* vneid-openid4vci-error.h: OpenID4VCI error codes and error responses
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
const char *vneid_openid4vci_error_get_code        (const GError *error);
VNEID_AVAILABLE_IN_ALL
guint       vneid_openid4vci_error_get_http_status (const GError *error);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_error_to_json         (const GError *error);

G_END_DECLS
