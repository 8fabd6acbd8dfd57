/* vneid-declarative-mapper-private.h: mappings read from text the caller
 * has read
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-declarative-mapper.h"

G_BEGIN_DECLS

/* vneid_declarative_mapper_new_from_json() on @len bytes of @text (a NUL
 * inside is an error, not the end), @source naming it in messages; for the
 * plugin registry, which reads plugin files itself. */
VneidDeclarativeMapper *vneid_declarative_mapper_new_from_data (VneidFormSchema  *schema,
                                                                const char       *text,
                                                                gsize             len,
                                                                const char       *source,
                                                                GError          **error);

G_END_DECLS
