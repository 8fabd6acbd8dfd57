/* vneid-openid4vp-error.c: the error domain of OpenID4VP and DCQL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-openid4vp-private.h"

G_DEFINE_QUARK (vneid-openid4vp-error-quark, vneid_openid4vp_error)

gboolean
vneid_openid4vp_fail (GError     **error,
                      gint         code,
                      const char  *context,
                      const char  *where,
                      const char  *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (where != NULL)
    g_set_error (error, VNEID_OPENID4VP_ERROR, code, "%s: %s: %s", context, where, message);
  else
    g_set_error (error, VNEID_OPENID4VP_ERROR, code, "%s: %s", context, message);
  return FALSE;
}
