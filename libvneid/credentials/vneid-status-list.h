/* vneid-status-list.h: Token Status Lists (draft-ietf-oauth-status-list)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-key.h"
#include "vneid-trust-store.h"

G_BEGIN_DECLS

/**
 * VneidStatus:
 * @VNEID_STATUS_VALID: the credential is valid (0x00)
 * @VNEID_STATUS_INVALID: the credential is revoked for good (0x01)
 * @VNEID_STATUS_SUSPENDED: the credential is suspended for now (0x02)
 *
 * The status values the Token Status List defines; lists with 2, 4 or 8
 * bits per entry may hold other, application-specific values too.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_STATUS_VALID = 0,
  VNEID_STATUS_INVALID = 1,
  VNEID_STATUS_SUSPENDED = 2,
} VneidStatus;

/**
 * VNEID_STATUS_LIST_MAX_ENTRIES:
 *
 * The largest number of entries a status list may have (2^24), which bounds
 * the memory a list token from outside can make the library allocate
 * (16 MiB at 8 bits per entry).
 *
 * Since: 0.1
 */
#define VNEID_STATUS_LIST_MAX_ENTRIES (1u << 24)

#define VNEID_TYPE_STATUS_LIST (vneid_status_list_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidStatusList, vneid_status_list, VNEID, STATUS_LIST, GObject)

VNEID_AVAILABLE_IN_ALL
VneidStatusList *vneid_status_list_new              (guint             bits,
                                                     guint             size,
                                                     GError          **error);
VNEID_AVAILABLE_IN_ALL
VneidStatusList *vneid_status_list_new_from_encoded (guint             bits,
                                                     const char       *lst,
                                                     GError          **error);
VNEID_AVAILABLE_IN_ALL
VneidStatusList *vneid_status_list_new_from_token   (const char       *token,
                                                     VneidTrustStore  *trust_store,
                                                     gint64            now,
                                                     GError          **error);

VNEID_AVAILABLE_IN_ALL
guint            vneid_status_list_get_bits         (VneidStatusList  *self);
VNEID_AVAILABLE_IN_ALL
guint            vneid_status_list_get_size         (VneidStatusList  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_status_list_get_uri          (VneidStatusList  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_status_list_get_issuer       (VneidStatusList  *self);

VNEID_AVAILABLE_IN_ALL
gboolean         vneid_status_list_get              (VneidStatusList  *self,
                                                     guint             index,
                                                     guint            *value,
                                                     GError          **error);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_status_list_set              (VneidStatusList  *self,
                                                     guint             index,
                                                     guint             value,
                                                     GError          **error);

VNEID_AVAILABLE_IN_ALL
char            *vneid_status_list_encode           (VneidStatusList  *self,
                                                     GError          **error);
VNEID_AVAILABLE_IN_ALL
char            *vneid_status_list_to_token         (VneidStatusList  *self,
                                                     VneidKey         *key,
                                                     const char       *issuer,
                                                     const char       *uri,
                                                     gint64            iat,
                                                     gint64            exp,
                                                     GError          **error);
VNEID_AVAILABLE_IN_ALL
char            *vneid_status_list_to_token_with_ttl (VneidStatusList *self,
                                                      VneidKey        *key,
                                                      const char      *issuer,
                                                      const char      *uri,
                                                      gint64           iat,
                                                      gint64           exp,
                                                      guint            ttl,
                                                      GError         **error);

G_END_DECLS
