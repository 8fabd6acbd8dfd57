/* vneid-claims-private.h: the claim registry, inside libvneid
 *
 * The credential types and claim names of docs/claims.md, the members of
 * the object claims among them, which are dates and which are addresses,
 * in one table (vneid-claims.c). The profile orders, merges and checks its
 * attributes by it; mappings are checked against it when they load.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "vneid-address.h"
#include "vneid-attribute.h"
#include "vneid-claims.h"

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

/* A credential type and its place in the profile's merge (the rule is in
 * the documentation of VneidProfile): higher ranks win. */
typedef struct {
  const char            *vct;
  VneidSourceKind        source_kind;
  VneidClaimCredentials  bit;
  int                    rank;          /* for claims about the person */
  int                    address_rank;  /* for VNEID_CLAIM_ADDRESS claims */
} VneidCredentialType;

/* The type @vct, or NULL when it has no place in a citizen profile. */
const VneidCredentialType *vneid_credential_type_lookup (const char *vct);
/* The rank of @type for @claim (a claim or a member path): higher wins a
 * profile's merge; address claims have ranks of their own. */
int                        vneid_credential_type_precedence (const VneidCredentialType *type,
                                                             const char                *claim);

/* The claim at @path, a top-level claim (`address`) or a member of an
 * object claim (`address.region`, `household.head_name`), or NULL when the
 * path is unknown. For a member, the parent claim's info is returned and
 * *@is_member (nullable) is set to TRUE; members are always scalars. */
const VneidClaimInfo *vneid_claim_lookup          (const char      *path,
                                                   gboolean        *is_member);
/* The position of the top-level claim @name (@len bytes, not
 * NUL-terminated) in the registry's order; unknown names come after all. */
guint                 vneid_claim_rank            (const char      *name,
                                                   gsize            len);
/* The same for a member of an object claim: the members of all object
 * claims in one list, in the registry's order. */
guint                 vneid_claim_member_rank     (const char      *name,
                                                   gsize            len);
/* The top-level claims that are dates (NULL-terminated, static). */
const char *const    *vneid_claim_list_dates      (void);
/* The claim holding the address of @kind (`address`, …). */
const char           *vneid_claim_address_name    (VneidAddressKind kind);
/* The members of an address object, in the order docs/claims.md lists them. */
const char *const    *vneid_claim_address_members (void);

G_END_DECLS
