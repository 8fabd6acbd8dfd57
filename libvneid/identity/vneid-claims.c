/* vneid-claims.c: the claim registry: credential types, claim names, which
 * claims are dates and which are addresses, written once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-claims-private.h"

#define PID     VNEID_CLAIM_IN_PID
#define CCCD    VNEID_CLAIM_IN_CCCD
#define CONTACT VNEID_CLAIM_IN_CONTACT
#define BHYT    VNEID_CLAIM_IN_BHYT

/* docs/claims.md, in its order. Ranks: see the merge rule in the
 * documentation of VneidProfile. */
static const VneidCredentialType credential_types[] = {
  { VNEID_VCT_PID,     VNEID_SOURCE_KIND_POPULATION_DB, PID,     3, 4 },
  { VNEID_VCT_CCCD,    VNEID_SOURCE_KIND_CCCD_CHIP,     CCCD,    4, 3 },
  { VNEID_VCT_CONTACT, VNEID_SOURCE_KIND_SELF_ASSERTED, CONTACT, 1, 1 },
  { VNEID_VCT_BHYT,    VNEID_SOURCE_KIND_BHYT_DB,       BHYT,    2, 2 },
};

static const char *const address_members[] = {
  "formatted", "street_address", "locality", "district", "region", "country", NULL,
};

static const char *const household_members[] = {
  "head_name", "head_personal_administrative_number", "relationship_to_head", NULL,
};

static const char *const facility_members[] = {
  "code", "name", NULL,
};

/* docs/claims.md, in its order, which is the order of a profile's
 * attributes. The address claims come in the order of VneidAddressKind.
 * The e-CCCD carries "the card's printed identity claims" besides its own:
 * the number, the full name (not its parts), date of birth, sex,
 * nationality, place of origin and permanent address, marked CCCD too;
 * ethnicity, religion and place of birth are not printed on the card.
 * Adding a claim is adding a line here. */
static const VneidClaimInfo claims[] = {
  { "personal_administrative_number", VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, FALSE, NULL },
  { "name",                           VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, FALSE, NULL },
  { "family_name",                    VNEID_CLAIM_SCALAR,  PID,               FALSE, NULL },
  { "middle_name",                    VNEID_CLAIM_SCALAR,  PID,               FALSE, NULL },
  { "given_name",                     VNEID_CLAIM_SCALAR,  PID,               FALSE, NULL },
  { "birthdate",                      VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, TRUE,  NULL },
  { "sex",                            VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, FALSE, NULL },
  { "nationalities",                  VNEID_CLAIM_ARRAY,   PID | CCCD,        FALSE, NULL },
  { "ethnicity",                      VNEID_CLAIM_SCALAR,  PID,               FALSE, NULL },
  { "religion",                       VNEID_CLAIM_SCALAR,  PID,               FALSE, NULL },
  { "place_of_birth",                 VNEID_CLAIM_PLACE,   PID,               FALSE, address_members },
  { "place_of_origin",                VNEID_CLAIM_PLACE,   PID | CCCD,        FALSE, address_members },
  { "address",                        VNEID_CLAIM_ADDRESS, PID | CCCD,        FALSE, address_members },
  { "temporary_address",              VNEID_CLAIM_ADDRESS, PID,               FALSE, address_members },
  { "current_address",                VNEID_CLAIM_ADDRESS, PID,               FALSE, address_members },
  { "household",                      VNEID_CLAIM_OBJECT,  PID,               FALSE, household_members },
  { "vneid_level",                    VNEID_CLAIM_SCALAR,  PID,               FALSE, NULL },
  { "document_number",                VNEID_CLAIM_SCALAR,  CCCD,              FALSE, NULL },
  { "date_of_issuance",               VNEID_CLAIM_SCALAR,  CCCD,              TRUE,  NULL },
  { "date_of_expiry",                 VNEID_CLAIM_SCALAR,  CCCD,              TRUE,  NULL },
  { "issuing_authority",              VNEID_CLAIM_SCALAR,  CCCD,              FALSE, NULL },
  { "issuing_country",                VNEID_CLAIM_SCALAR,  CCCD,              FALSE, NULL },
  { "former_id_number",               VNEID_CLAIM_SCALAR,  CCCD,              FALSE, NULL },
  { "identifying_features",           VNEID_CLAIM_SCALAR,  CCCD,              FALSE, NULL },
  { "phone_number",                   VNEID_CLAIM_SCALAR,  CONTACT,           FALSE, NULL },
  { "email",                          VNEID_CLAIM_SCALAR,  CONTACT,           FALSE, NULL },
  { "bhyt_number",                    VNEID_CLAIM_SCALAR,  BHYT,              FALSE, NULL },
  { "benefit_level",                  VNEID_CLAIM_SCALAR,  BHYT,              FALSE, NULL },
  { "registered_facility",            VNEID_CLAIM_OBJECT,  BHYT,              FALSE, facility_members },
  { "valid_from",                     VNEID_CLAIM_SCALAR,  BHYT,              TRUE,  NULL },
  { "valid_until",                    VNEID_CLAIM_SCALAR,  BHYT,              TRUE,  NULL },
  { "five_year_continuous_from",      VNEID_CLAIM_SCALAR,  BHYT,              TRUE,  NULL },
};

static gboolean
strv_has (const char *const *strv,
          const char        *s,
          gsize              len)
{
  for (; strv != NULL && *strv != NULL; strv++)
    if (strlen (*strv) == len && strncmp (*strv, s, len) == 0)
      return TRUE;
  return FALSE;
}

const VneidClaimInfo *
vneid_claim_lookup (const char *path,
                    gboolean   *is_member)
{
  const char *dot;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  dot = strchr (path, '.');
  len = dot ? (gsize) (dot - path) : strlen (path);
  if (is_member != NULL)
    *is_member = FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (claims); i++)
    {
      const VneidClaimInfo *info = &claims[i];

      if (strlen (info->name) != len || strncmp (info->name, path, len) != 0)
        continue;
      if (dot == NULL)
        return info;
      if (info->members == NULL || !strv_has (info->members, dot + 1, strlen (dot + 1)))
        return NULL;
      if (is_member != NULL)
        *is_member = TRUE;
      return info;
    }
  return NULL;
}

const VneidCredentialType *
vneid_credential_type_lookup (const char *vct)
{
  for (gsize i = 0; i < G_N_ELEMENTS (credential_types); i++)
    if (strcmp (credential_types[i].vct, vct) == 0)
      return &credential_types[i];
  return NULL;
}

int
vneid_credential_type_precedence (const VneidCredentialType *type,
                                  const char                *claim)
{
  const VneidClaimInfo *info = vneid_claim_lookup (claim, NULL);

  return info != NULL && info->kind == VNEID_CLAIM_ADDRESS ? type->address_rank : type->rank;
}

guint
vneid_claim_rank (const char *name,
                  gsize       len)
{
  for (gsize i = 0; i < G_N_ELEMENTS (claims); i++)
    if (strncmp (claims[i].name, name, len) == 0 && claims[i].name[len] == '\0')
      return (guint) i;
  return G_N_ELEMENTS (claims);
}

/* The members of every object claim, each once, in the table's order. */
static const char *const *
member_order (guint *n)
{
  static GPtrArray *order;

  if (g_once_init_enter (&order))
    {
      GPtrArray *list = g_ptr_array_new ();

      for (gsize i = 0; i < G_N_ELEMENTS (claims); i++)
        for (const char *const *m = claims[i].members; m != NULL && *m != NULL; m++)
          if (!g_ptr_array_find_with_equal_func (list, *m, g_str_equal, NULL))
            g_ptr_array_add (list, (gpointer) *m);
      g_once_init_leave (&order, list);
    }
  *n = order->len;
  return (const char *const *) order->pdata;
}

guint
vneid_claim_member_rank (const char *name,
                         gsize       len)
{
  guint n;
  const char *const *order = member_order (&n);

  for (guint i = 0; i < n; i++)
    if (strncmp (order[i], name, len) == 0 && order[i][len] == '\0')
      return i;
  return n;
}

/* A NULL-terminated list made once from the table; @func picks and names
 * the entries of one claim. */
typedef void (*CollectFunc) (const VneidClaimInfo *info, GPtrArray *list);

static const char *const *
collect_once (GPtrArray   **cache,
              CollectFunc   func)
{
  if (g_once_init_enter (cache))
    {
      GPtrArray *list = g_ptr_array_new ();

      for (gsize i = 0; i < G_N_ELEMENTS (claims); i++)
        func (&claims[i], list);
      g_ptr_array_add (list, NULL);
      g_once_init_leave (cache, list);
    }
  return (const char *const *) (*cache)->pdata;
}

static void
collect_dates (const VneidClaimInfo *info,
               GPtrArray            *list)
{
  if (info->is_date)
    g_ptr_array_add (list, (gpointer) info->name);
}

const char *const *
vneid_claim_list_dates (void)
{
  static GPtrArray *dates;

  return collect_once (&dates, collect_dates);
}

const char *
vneid_claim_address_name (VneidAddressKind kind)
{
  guint seen = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (claims); i++)
    if (claims[i].kind == VNEID_CLAIM_ADDRESS && seen++ == (guint) kind)
      return claims[i].name;
  g_return_val_if_reached (NULL);
}

const char *const *
vneid_claim_address_members (void)
{
  return address_members;
}

/* ---- public ---------------------------------------------------------------- */

static void
collect_paths (const VneidClaimInfo *info,
               GPtrArray            *list)
{
  g_ptr_array_add (list, (gpointer) info->name);
  for (const char *const *m = info->members; m != NULL && *m != NULL; m++)
    {
      g_autofree char *path = g_strconcat (info->name, ".", *m, NULL);

      g_ptr_array_add (list, (gpointer) g_intern_string (path));
    }
}

/**
 * vneid_claims_list_paths:
 *
 * Every claim path libvneid knows: the top-level claims of its credential
 * types and the members of their object claims (`address.region`), in the
 * order of docs/claims.md, which is the order of a profile's attributes.
 * Mappings may name these paths; a profile holds those the citizen
 * disclosed.
 *
 * Returns: (transfer none) (array zero-terminated=1): the paths
 *
 * Since: 0.2
 */
const char *const *
vneid_claims_list_paths (void)
{
  static GPtrArray *paths;

  return collect_once (&paths, collect_paths);
}

/**
 * vneid_claims_list_vcts:
 *
 * The credential types a citizen profile is built from: %VNEID_VCT_PID,
 * %VNEID_VCT_CCCD, %VNEID_VCT_CONTACT and %VNEID_VCT_BHYT, in that order.
 *
 * Returns: (transfer none) (array zero-terminated=1): the `vct` values
 *
 * Since: 0.2
 */
const char *const *
vneid_claims_list_vcts (void)
{
  static GPtrArray *vcts;

  if (g_once_init_enter (&vcts))
    {
      GPtrArray *list = g_ptr_array_new ();

      for (gsize i = 0; i < G_N_ELEMENTS (credential_types); i++)
        g_ptr_array_add (list, (gpointer) credential_types[i].vct);
      g_ptr_array_add (list, NULL);
      g_once_init_leave (&vcts, list);
    }
  return (const char *const *) vcts->pdata;
}

/**
 * vneid_claims_list_vcts_for_path:
 * @path: a claim path, such as `address.region` or `birthdate`
 *
 * The credential types that carry @path, which a verifier may ask for
 * when it needs that path; the e-CCCD counts for the identity claims
 * printed on the card.
 *
 * Returns: (transfer full) (array zero-terminated=1): the `vct` values, in
 *   the order of [func@Vneid.claims_list_vcts]; empty when @path is unknown
 *
 * Since: 0.2
 */
char **
vneid_claims_list_vcts_for_path (const char *path)
{
  const VneidClaimInfo *info;
  GPtrArray *vcts;

  g_return_val_if_fail (path != NULL, NULL);

  info = vneid_claim_lookup (path, NULL);
  vcts = g_ptr_array_new ();
  for (gsize i = 0; info != NULL && i < G_N_ELEMENTS (credential_types); i++)
    if (info->credentials & credential_types[i].bit)
      g_ptr_array_add (vcts, g_strdup (credential_types[i].vct));
  g_ptr_array_add (vcts, NULL);
  return (char **) g_ptr_array_free (vcts, FALSE);
}

/**
 * vneid_claims_list_suppliers:
 * @path: a claim path, such as `address.region` or `birthdate`
 *
 * The credential types that carry @path, best first: the order in which a
 * profile keeps a claim that several of its credentials carry (the e-CCCD
 * chip, then the PID, then the BHYT card, then self-asserted data; for the
 * address claims the PID first, since the population database follows a
 * move). A verifier that needs @path asks for one of these, preferring the
 * first ([ctor@Vneid.DcqlQuery.new_for_forms] does).
 *
 * Returns: (transfer full) (array zero-terminated=1): the `vct` values,
 *   best first; empty when @path is unknown
 *
 * Since: 0.2
 */
char **
vneid_claims_list_suppliers (const char *path)
{
  const VneidCredentialType *carriers[G_N_ELEMENTS (credential_types)];
  const VneidClaimInfo *info;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  g_return_val_if_fail (path != NULL, NULL);

  info = vneid_claim_lookup (path, NULL);
  for (gsize i = 0; info != NULL && i < G_N_ELEMENTS (credential_types); i++)
    if (info->credentials & credential_types[i].bit)
      {
        /* insertion by precedence: four types at most */
        guint at = n++;

        for (; at > 0 && vneid_credential_type_precedence (carriers[at - 1], path) <
                         vneid_credential_type_precedence (&credential_types[i], path); at--)
          carriers[at] = carriers[at - 1];
        carriers[at] = &credential_types[i];
      }
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, carriers[i]->vct);
  return g_strv_builder_end (builder);
}

/**
 * vneid_claims_is_known_path:
 * @path: a claim path
 *
 * Tells whether @path is one of [func@Vneid.claims_list_paths].
 *
 * Returns: whether @path is one of [func@Vneid.claims_list_paths]
 *
 * Since: 0.2
 */
gboolean
vneid_claims_is_known_path (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return vneid_claim_lookup (path, NULL) != NULL;
}

/**
 * vneid_claims_is_date:
 * @path: a claim path
 *
 * Tells whether the claim at @path is an ISO 8601 date (`birthdate`,
 * `valid_until`, …), which a profile checks and which may be year-only.
 *
 * Returns: whether the claim at @path is an ISO 8601 date (`birthdate`,
 *   `valid_until`, …), which a profile checks and which may be year-only
 *
 * Since: 0.2
 */
gboolean
vneid_claims_is_date (const char *path)
{
  gboolean is_member = FALSE;
  const VneidClaimInfo *info;

  g_return_val_if_fail (path != NULL, FALSE);

  info = vneid_claim_lookup (path, &is_member);
  return info != NULL && !is_member && info->is_date;
}

/**
 * vneid_claims_get_source_kind:
 * @vct: a credential type
 * @kind: (out) (optional): where to store who vouches for the claims of
 *   @vct, as the profile records it
 *
 * Gets who vouches for the claims of a credential type.
 *
 * Returns: whether @vct is one of [func@Vneid.claims_list_vcts]
 *
 * Since: 0.2
 */
gboolean
vneid_claims_get_source_kind (const char      *vct,
                              VneidSourceKind *kind)
{
  const VneidCredentialType *type;

  g_return_val_if_fail (vct != NULL, FALSE);

  type = vneid_credential_type_lookup (vct);
  if (type != NULL && kind != NULL)
    *kind = type->source_kind;
  return type != NULL;
}
