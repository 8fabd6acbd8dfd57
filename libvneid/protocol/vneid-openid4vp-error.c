/* vneid-openid4vp-error.c: the error domain of OpenID4VP and DCQL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-openid4vp-error.h"

G_DEFINE_QUARK (vneid-openid4vp-error-quark, vneid_openid4vp_error)
