/* vneid-file-private.h: reading a file of a folder without following links
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "vneid-file.h"

G_BEGIN_DECLS

/* vneid_file_read_bounded() on the file @name (a plain name, no "/") of
 * @directory, opened with O_NOFOLLOW: a symbolic link is refused wherever it
 * points, as a %G_FILE_ERROR_LOOP. Messages name @name (with @what), not
 * the folder. For plugin folders, whose files must stay inside them. */
char *vneid_file_read_bounded_in_folder (const char  *directory,
                                         const char  *name,
                                         gsize        max_size,
                                         const char  *what,
                                         gsize       *length,
                                         GError     **error);

G_END_DECLS
