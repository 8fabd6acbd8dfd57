/* vneid-personal-id.h: the 12-digit Vietnamese personal identification number
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-date.h"

G_BEGIN_DECLS

/**
 * VneidSex:
 * @VNEID_SEX_UNKNOWN: not known (ISO 5218 code 0)
 * @VNEID_SEX_MALE: male (ISO 5218 code 1)
 * @VNEID_SEX_FEMALE: female (ISO 5218 code 2)
 *
 * Sex, valued as ISO 5218 codes, the way the `sex` claim of SD-JWT VC
 * credentials carries it.
 *
 * Since: 0.1
 */
typedef enum {
  VNEID_SEX_UNKNOWN = 0,
  VNEID_SEX_MALE = 1,
  VNEID_SEX_FEMALE = 2,
} VneidSex;

VNEID_AVAILABLE_IN_ALL
const char      *vneid_sex_to_string (VneidSex sex);

#define VNEID_TYPE_PERSONAL_ID (vneid_personal_id_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidPersonalId, vneid_personal_id, VNEID, PERSONAL_ID, GObject)

VNEID_AVAILABLE_IN_ALL
VneidPersonalId *vneid_personal_id_parse             (const char       *number,
                                                      GError          **error);

VNEID_AVAILABLE_IN_ALL
const char      *vneid_personal_id_get_number        (VneidPersonalId  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_personal_id_get_province_code (VneidPersonalId  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_personal_id_get_province_name (VneidPersonalId  *self);
VNEID_AVAILABLE_IN_ALL
VneidSex         vneid_personal_id_get_sex           (VneidPersonalId  *self);
VNEID_AVAILABLE_IN_ALL
int              vneid_personal_id_get_century       (VneidPersonalId  *self);
VNEID_AVAILABLE_IN_ALL
int              vneid_personal_id_get_birth_year    (VneidPersonalId  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_personal_id_get_serial        (VneidPersonalId  *self);

VNEID_AVAILABLE_IN_ALL
gboolean         vneid_personal_id_check_birthdate   (VneidPersonalId  *self,
                                                      const VneidDate  *birthdate,
                                                      GError          **error);
VNEID_AVAILABLE_IN_ALL
gboolean         vneid_personal_id_check_sex         (VneidPersonalId  *self,
                                                      VneidSex          sex,
                                                      GError          **error);

G_END_DECLS
