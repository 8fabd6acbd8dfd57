/* vneid-file.h: reading small files from outside, with a size limit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib.h>

#include "vneid-version.h"

G_BEGIN_DECLS

/**
 * VNEID_FILE_ERROR:
 *
 * Error domain for [func@Vneid.file_read_bounded]'s own refusals. Errors
 * in this domain are from the [error@Vneid.FileError] enumeration; what
 * the system refuses (no such file, no permission) is a %G_FILE_ERROR.
 *
 * Since: 0.2
 */
#define VNEID_FILE_ERROR (vneid_file_error_quark ())

/**
 * VneidFileError:
 * @VNEID_FILE_ERROR_TOO_LARGE: the file is over the size limit
 * @VNEID_FILE_ERROR_NOT_REGULAR: the file is not a regular file (a
 *   directory, a FIFO, a device)
 *
 * Errors from [func@Vneid.file_read_bounded]. Values are only ever
 * appended.
 *
 * Since: 0.2
 */
typedef enum {
  VNEID_FILE_ERROR_TOO_LARGE,
  VNEID_FILE_ERROR_NOT_REGULAR,
} VneidFileError;

VNEID_AVAILABLE_IN_ALL
GQuark vneid_file_error_quark (void);

VNEID_AVAILABLE_IN_ALL
char *vneid_file_read_bounded (const char  *path,
                               gsize        max_size,
                               const char  *what,
                               gsize       *length,
                               GError     **error);

G_END_DECLS
