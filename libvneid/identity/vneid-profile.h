/* vneid-profile.h: a citizen's verified profile, merged from credentials
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-address.h"
#include "vneid-attribute.h"
#include "vneid-bhyt-number.h"
#include "vneid-date.h"
#include "vneid-personal-id.h"
#include "vneid-verified-credential.h"
#include "vneid-verifier.h"

G_BEGIN_DECLS

/**
 * VneidBhytValidity:
 * @VNEID_BHYT_VALIDITY_NO_CARD: the profile holds no health insurance card
 *   validity (`valid_from`/`valid_until` not disclosed)
 * @VNEID_BHYT_VALIDITY_VALID: the card is valid on that day
 * @VNEID_BHYT_VALIDITY_EXPIRED: the card's `valid_until` has passed
 * @VNEID_BHYT_VALIDITY_NOT_YET_VALID: the card's `valid_from` lies ahead
 *
 * Whether a BHYT card is valid on a given day.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_BHYT_VALIDITY_NO_CARD,
  VNEID_BHYT_VALIDITY_VALID,
  VNEID_BHYT_VALIDITY_EXPIRED,
  VNEID_BHYT_VALIDITY_NOT_YET_VALID,
} VneidBhytValidity;

#define VNEID_TYPE_PROFILE (vneid_profile_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidProfile, vneid_profile, VNEID, PROFILE, GObject)

VNEID_AVAILABLE_IN_ALL
VneidProfile    *vneid_profile_new                   (VneidVerifiedCredential * const *credentials,
                                                      gsize                     n_credentials,
                                                      GError                  **error);
VNEID_AVAILABLE_IN_ALL
VneidProfile    *vneid_profile_new_from_presentations (VneidVerifier           *verifier,
                                                      const char * const       *presentations,
                                                      const char               *nonce,
                                                      const char               *audience,
                                                      GError                  **error);

VNEID_AVAILABLE_IN_ALL
VneidAttribute  *vneid_profile_lookup                (VneidProfile      *self,
                                                      const char        *path);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_string            (VneidProfile      *self,
                                                      const char        *path);
VNEID_AVAILABLE_IN_ALL
char           **vneid_profile_list_paths            (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
GPtrArray       *vneid_profile_get_credentials       (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
char           **vneid_profile_list_conflicts        (VneidProfile      *self);

VNEID_AVAILABLE_IN_ALL
guint            vneid_profile_get_level             (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_personal_administrative_number (VneidProfile *self);
VNEID_AVAILABLE_IN_ALL
VneidPersonalId *vneid_profile_get_personal_id       (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_name              (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_family_name       (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_middle_name       (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_given_name        (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
VneidDate       *vneid_profile_dup_birthdate         (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
VneidSex         vneid_profile_get_sex               (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_nationality       (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
VneidAddress    *vneid_profile_dup_address           (VneidProfile      *self,
                                                      VneidAddressKind   kind);

VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_cccd_number       (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
VneidDate       *vneid_profile_dup_cccd_date_of_issuance (VneidProfile  *self);
VNEID_AVAILABLE_IN_ALL
VneidDate       *vneid_profile_dup_cccd_date_of_expiry (VneidProfile    *self);

VNEID_AVAILABLE_IN_ALL
VneidBhytNumber *vneid_profile_get_bhyt_number       (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
VneidDate       *vneid_profile_dup_bhyt_valid_from   (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
VneidDate       *vneid_profile_dup_bhyt_valid_until  (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_registered_facility_code (VneidProfile *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_profile_get_registered_facility_name (VneidProfile *self);
VNEID_AVAILABLE_IN_ALL
VneidBhytValidity vneid_profile_get_bhyt_validity    (VneidProfile      *self,
                                                      const VneidDate   *day);

VNEID_AVAILABLE_IN_ALL
JsonObject      *vneid_profile_to_json_object        (VneidProfile      *self);
VNEID_AVAILABLE_IN_ALL
char            *vneid_profile_to_json               (VneidProfile      *self,
                                                      gboolean           pretty);

G_END_DECLS
