/* vneid-openid4vp-private.h: what the protocol classes share inside libvneid
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "vneid-openid4vp-error.h"

G_BEGIN_DECLS

/* Sets "CONTEXT: WHERE: MESSAGE" (or "CONTEXT: MESSAGE" when @where is
 * NULL) in VNEID_OPENID4VP_ERROR with @code; returns FALSE. */
gboolean vneid_openid4vp_fail (GError     **error,
                               gint         code,
                               const char  *context,
                               const char  *where,
                               const char  *format,
                               ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
