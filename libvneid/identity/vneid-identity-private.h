/* vneid-identity-private.h: helpers shared by the Vietnamese identity parsers
 * (VneidDate, VneidPersonalId, VneidBhytNumber); defined in vneid-identity.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "vneid-error.h"

G_BEGIN_DECLS

/* Longest input the identity parsers look at closely; anything longer is
 * rejected for its length alone. */
#define VNEID_IDENTITY_MAX_INPUT 64

/* @text, quoted (“…”), when it is short, valid UTF-8 and printable; else a
 * description of it ("a 300-byte text", "text that is not valid UTF-8"), so
 * that untrusted input never lands raw in an error message. */
char     *vneid_identity_quote         (const char  *text);

/* Checks that @text is valid UTF-8 of exactly @n_chars characters; sets a
 * VNEID_IDENTITY_ERROR @code error naming @what otherwise. */
gboolean  vneid_identity_check_length  (const char  *text,
                                        glong        n_chars,
                                        const char  *what,
                                        int          code,
                                        GError     **error);

/* Sets a VNEID_IDENTITY_ERROR @code error saying that character @pos
 * (0-based; reported 1-based) of @text, which passed
 * vneid_identity_check_length(), is not @expected. */
void      vneid_identity_set_bad_char  (GError     **error,
                                        int          code,
                                        const char  *what,
                                        const char  *text,
                                        glong        pos,
                                        const char  *expected);

G_END_DECLS
