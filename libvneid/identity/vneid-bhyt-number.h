/* vneid-bhyt-number.h: the 15-character Vietnamese health insurance card number
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"

G_BEGIN_DECLS

#define VNEID_TYPE_BHYT_NUMBER (vneid_bhyt_number_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidBhytNumber, vneid_bhyt_number, VNEID, BHYT_NUMBER, GObject)

VNEID_AVAILABLE_IN_ALL
VneidBhytNumber *vneid_bhyt_number_parse                       (const char       *number,
                                                                GError          **error);

VNEID_AVAILABLE_IN_ALL
const char      *vneid_bhyt_number_get_number                  (VneidBhytNumber  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_bhyt_number_get_participant_type        (VneidBhytNumber  *self);
VNEID_AVAILABLE_IN_ALL
int              vneid_bhyt_number_get_benefit_level           (VneidBhytNumber  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_bhyt_number_get_province_code           (VneidBhytNumber  *self);
VNEID_AVAILABLE_IN_ALL
const char      *vneid_bhyt_number_get_social_insurance_number (VneidBhytNumber  *self);

VNEID_AVAILABLE_IN_ALL
gboolean         vneid_bhyt_number_check_benefit_level         (VneidBhytNumber  *self,
                                                                int               level,
                                                                GError          **error);

VNEID_AVAILABLE_IN_ALL
int              vneid_bhyt_benefit_percentage                 (int               benefit_level);

G_END_DECLS
