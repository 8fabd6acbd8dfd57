/* vneid-claims-private.h: the claim paths a citizen profile may hold
 *
 * The claim names of docs/claims.md, for the four credential types, and
 * the members of the object claims among them. Mappings are checked against
 * this table when they load; the profile may use it too.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which credential types carry a claim (a bit mask). */
typedef enum {
  VNEID_CLAIM_IN_PID     = 1 << 0,
  VNEID_CLAIM_IN_CCCD    = 1 << 1,
  VNEID_CLAIM_IN_CONTACT = 1 << 2,
  VNEID_CLAIM_IN_BHYT    = 1 << 3,
} VneidClaimCredentials;

typedef enum {
  /* a string, number or boolean (a profile attribute of its own) */
  VNEID_CLAIM_SCALAR,
  /* an array of scalars, one attribute (`nationalities`) */
  VNEID_CLAIM_ARRAY,
  /* an object whose members are the attributes (`household`) */
  VNEID_CLAIM_OBJECT,
  /* an address object (docs/claims.md) */
  VNEID_CLAIM_ADDRESS,
  /* a place: a plain text, or an address object (`place_of_birth`,
   * `place_of_origin`) */
  VNEID_CLAIM_PLACE,
} VneidClaimKind;

typedef struct {
  const char            *name;
  VneidClaimKind         kind;
  VneidClaimCredentials  credentials;
  gboolean               is_date;     /* an ISO 8601 date */
  const char *const     *members;     /* objects and addresses: NULL-terminated */
} VneidClaimInfo;

/* The claim at @path, a top-level claim (`address`) or a member of an
 * object claim (`address.region`, `household.head_name`), or NULL when the
 * path is unknown. For a member, the parent claim's info is returned and
 * *@is_member (nullable) is set to TRUE; members are always scalars. */
const VneidClaimInfo *vneid_claim_lookup          (const char      *path,
                                                   gboolean        *is_member);
/* Every known path, top-level claims and their members, in the order of docs/claims.md
 * (NULL-terminated, static). */
const char *const    *vneid_claim_list_paths      (void);
/* The members of an address object, in the order docs/claims.md lists them. */
const char *const    *vneid_claim_address_members (void);

G_END_DECLS
