/* vneid-date.h: calendar dates that may be known to the year or month only
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

#define VNEID_TYPE_DATE (vneid_date_get_type ())

typedef struct _VneidDate VneidDate;

VNEID_AVAILABLE_IN_ALL
GType      vneid_date_get_type      (void) G_GNUC_CONST;

VNEID_AVAILABLE_IN_ALL
VneidDate *vneid_date_new           (int              year,
                                     int              month,
                                     int              day,
                                     GError         **error);
VNEID_AVAILABLE_IN_ALL
VneidDate *vneid_date_parse         (const char      *iso,
                                     GError         **error);
VNEID_AVAILABLE_IN_ALL
VneidDate *vneid_date_new_in_vietnam (gint64          unix_time);
VNEID_AVAILABLE_IN_ALL
VneidDate *vneid_date_copy          (const VneidDate *self);
VNEID_AVAILABLE_IN_ALL
void       vneid_date_free          (VneidDate       *self);

VNEID_AVAILABLE_IN_ALL
int        vneid_date_get_year      (const VneidDate *self);
VNEID_AVAILABLE_IN_ALL
int        vneid_date_get_month     (const VneidDate *self);
VNEID_AVAILABLE_IN_ALL
int        vneid_date_get_day       (const VneidDate *self);
VNEID_AVAILABLE_IN_ALL
gboolean   vneid_date_is_complete   (const VneidDate *self);

VNEID_AVAILABLE_IN_ALL
char      *vneid_date_to_string     (const VneidDate *self);
VNEID_AVAILABLE_IN_ALL
char      *vneid_date_format        (const VneidDate *self,
                                     const char      *pattern);

VNEID_AVAILABLE_IN_ALL
gboolean   vneid_date_equal         (const VneidDate *a,
                                     const VneidDate *b);
VNEID_AVAILABLE_IN_ALL
int        vneid_date_compare       (const VneidDate *a,
                                     const VneidDate *b);
VNEID_AVAILABLE_IN_ALL
gboolean   vneid_date_contains      (const VneidDate *self,
                                     const VneidDate *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VneidDate, vneid_date_free)

G_END_DECLS
