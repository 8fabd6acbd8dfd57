/* authority-issuance.c: OpenID4VCI issuance (pre-authorized code flow)
 *
 * PLACEHOLDER: the issuance work replaces this file entirely (see the seam
 * at the end of authority.h). Until then offers are refused.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority.h"

const AuthorityMigration authority_issuance_migrations[] = {
  { 0, NULL, NULL },
};

gboolean
authority_issuance_register (AuthorityServer  *server,
                             GError          **error)
{
  return TRUE;
}

char *
authority_issuance_create_offer (AuthorityService *service,
                                 const char       *personal_id,
                                 const char       *credential,
                                 GError          **error)
{
  g_set_error (error, AUTHORITY_ERROR, AUTHORITY_ERROR_INTERNAL,
               "credential offers are not available in this build");
  return NULL;
}
