/* vneid-form-schema-private.h: schemas read from text the caller has read
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-form-schema.h"

G_BEGIN_DECLS

/* vneid_form_schema_new_from_json() on @len bytes of @text (a NUL inside is
 * an error, not the end), @source naming it in messages; for the plugin
 * registry, which reads plugin files itself. */
VneidFormSchema *vneid_form_schema_new_from_data (const char  *text,
                                                  gsize        len,
                                                  const char  *source,
                                                  GError     **error);

G_END_DECLS
