/* vneid-status-list-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-status-list.h"

G_BEGIN_DECLS

/* vneid_status_list_new_from_token() with the verifier's clock leeway for
 * `exp`, `nbf` and `iat` in place of the default VNEID_DEFAULT_LEEWAY (60 s).
 * @now as there: seconds since the Epoch, 0 for the system clock. */
VneidStatusList *vneid_status_list_new_from_token_full (const char       *token,
                                                        VneidTrustStore  *trust_store,
                                                        gint64            now,
                                                        guint             leeway,
                                                        GError          **error);
/* The token's `iat` and `exp` (0: none), for a list from a token. */
gint64           vneid_status_list_get_issued_at       (VneidStatusList  *self);
gint64           vneid_status_list_get_expires_at      (VneidStatusList  *self);
/* Same issuer, URI and entries. */
gboolean         vneid_status_list_same                (VneidStatusList  *self,
                                                        VneidStatusList  *other);

G_END_DECLS
