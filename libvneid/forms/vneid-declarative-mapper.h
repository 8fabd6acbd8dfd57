/* vneid-declarative-mapper.h: a form mapper described in JSON
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"
#include "vneid-form-mapper.h"
#include "vneid-form-schema.h"

G_BEGIN_DECLS

#define VNEID_TYPE_DECLARATIVE_MAPPER (vneid_declarative_mapper_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidDeclarativeMapper, vneid_declarative_mapper, VNEID, DECLARATIVE_MAPPER, GObject)

VNEID_AVAILABLE_IN_ALL
VneidDeclarativeMapper *vneid_declarative_mapper_new_from_json (VneidFormSchema *schema,
                                                                const char      *mapping,
                                                                const char      *source_name,
                                                                GError         **error);
VNEID_AVAILABLE_IN_ALL
VneidDeclarativeMapper *vneid_declarative_mapper_new_from_file (VneidFormSchema *schema,
                                                                const char      *path,
                                                                GError         **error);

G_END_DECLS
