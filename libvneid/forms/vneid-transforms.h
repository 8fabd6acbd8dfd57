/* vneid-transforms.h: the transforms of declarative mappings, for mappers
 * written in C or Python
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib.h>

#include "vneid-version.h"
#include "vneid-profile.h"

G_BEGIN_DECLS

/**
 * VneidLookupTable:
 * @VNEID_LOOKUP_SEX: ISO 5218 codes (`1`, `2`) to `Nam`, `Nữ`
 * @VNEID_LOOKUP_COUNTRY: ISO 3166-1 alpha-2 codes (`VN`, either case) to
 *   the Vietnamese name (`Việt Nam`)
 * @VNEID_LOOKUP_ETHNICITY: the name of one of the 54 ethnic groups (or its
 *   code) to its two-digit code, `01` (Kinh) to `54` (Rơ-măm)
 *
 * The built-in code tables of [func@Vneid.transforms_lookup], as a mapping
 * names them in `{"lookup": "sex"}`. Values are only ever appended.
 *
 * Since: 0.2
 */
typedef enum {
  VNEID_LOOKUP_SEX,
  VNEID_LOOKUP_COUNTRY,
  VNEID_LOOKUP_ETHNICITY,
} VneidLookupTable;

/**
 * VneidNamePart:
 * @VNEID_NAME_PART_FAMILY: the first word (họ)
 * @VNEID_NAME_PART_MIDDLE: the words between the first and the last (chữ
 *   đệm)
 * @VNEID_NAME_PART_GIVEN: the last word (tên)
 *
 * A part of a Vietnamese full name, for [func@Vneid.transforms_name_part].
 * Values are only ever appended.
 *
 * Since: 0.2
 */
typedef enum {
  VNEID_NAME_PART_FAMILY,
  VNEID_NAME_PART_MIDDLE,
  VNEID_NAME_PART_GIVEN,
} VneidNamePart;

VNEID_AVAILABLE_IN_ALL
char       *vneid_transforms_upper     (const char       *text);
VNEID_AVAILABLE_IN_ALL
char       *vneid_transforms_lower     (const char       *text);
VNEID_AVAILABLE_IN_ALL
char       *vneid_transforms_fold      (const char       *text);
VNEID_AVAILABLE_IN_ALL
char       *vneid_transforms_name_part (const char       *name,
                                        VneidNamePart     part);
VNEID_AVAILABLE_IN_ALL
char       *vneid_transforms_date      (const char       *iso,
                                        const char       *format,
                                        GError          **error);
VNEID_AVAILABLE_IN_ALL
const char *vneid_transforms_lookup    (VneidLookupTable  table,
                                        const char       *code);
VNEID_AVAILABLE_IN_ALL
char       *vneid_transforms_address   (VneidProfile     *profile,
                                        const char       *path,
                                        GPtrArray       **sources);

G_END_DECLS
