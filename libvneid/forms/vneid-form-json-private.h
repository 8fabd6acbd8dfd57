/* vneid-form-json-private.h: the rules every JSON file of a form plugin is
 * read by
 *
 * Schemas, mappings and plugins all read small JSON files from outside
 * under the same rules (docs/verifier.md, "Limits"; docs/forms.md): at most
 * 1 MiB, at most 32 levels deep, every error in VNEID_FORM_ERROR naming
 * the source, the place in it and what is wrong. The helpers here depend on
 * no form class, so that every class can use them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-error.h"

G_BEGIN_DECLS

/* The size limit of schema and mapping files (and texts). */
#define VNEID_FORM_MAX_FILE_SIZE (1024 * 1024)

/* What a plugin may declare (docs/forms.md, "What a JSON plugin can and
 * cannot do"): bounds that keep loading and filling fast whatever the
 * plugin's shape. */
#define VNEID_FORM_MAX_FIELDS 1000        /* per schema, groups' fields included */
#define VNEID_FORM_MAX_ENUM_CODES 1000    /* per enum field */
#define VNEID_FORM_MAX_SOURCE_PATHS 32    /* per "join" or "first_of" */
#define VNEID_FORM_MAX_TRANSFORMS 16      /* per mapping entry */

/* Reads @path whole, refusing a file over VNEID_FORM_MAX_FILE_SIZE with
 * VNEID_FORM_ERROR_TOO_LARGE; other failures (no such file, …) are
 * VNEID_FORM_ERROR_@code. The text is NUL-terminated; @len may be NULL. */
char     *vneid_form_read_file       (const char     *path,
                                      VneidFormError  code,
                                      gsize          *len,
                                      GError        **error);

/* Reads @name, a plain file name, in the plugin folder @directory as
 * vneid_form_read_file() does, without following a link: a symbolic link is
 * refused wherever it points. A missing file is "NAME is missing", with no
 * source prefix, so that callers can say why it was wanted. */
char     *vneid_form_read_plugin_file (const char     *directory,
                                       const char     *name,
                                       VneidFormError  code,
                                       gsize          *len,
                                       GError        **error);

/* vneid_json_parse() with its errors moved into VNEID_FORM_ERROR: too deep
 * becomes VNEID_FORM_ERROR_TOO_LARGE, anything else @code; @source names the
 * input. Also refuses a text over VNEID_FORM_MAX_FILE_SIZE. Every string
 * value of the result is in NFC. */
JsonNode *vneid_form_json_parse      (const char     *text,
                                      gsize           len,
                                      const char     *source,
                                      VneidFormError  code,
                                      GError        **error);

/* Sets "SOURCE: WHERE: MESSAGE" (or "SOURCE: MESSAGE" when @where is NULL)
 * in VNEID_FORM_ERROR with @code; returns FALSE. */
gboolean  vneid_form_set_error       (GError        **error,
                                      VneidFormError  code,
                                      const char     *source,
                                      const char     *where,
                                      const char     *format,
                                      ...) G_GNUC_PRINTF (5, 6);

/* The rules of a date "format" (docs/forms.md), for schemas and mappings. */
gboolean  vneid_form_check_date_format (const char     *format,
                                        VneidFormError  code,
                                        GError        **error);

/* Names as docs/forms.md allows them. */
gboolean  vneid_form_is_valid_name   (const char     *name);  /* [a-z][a-z0-9_]* */
gboolean  vneid_form_is_valid_id     (const char     *id);    /* [a-z0-9]+(\.[a-z0-9-]+)+ */
/* The JSON type of @node for messages: "a string", "an array", "null", … */
const char *vneid_form_json_type_name (JsonNode      *node);

G_END_DECLS
