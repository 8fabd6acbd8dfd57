/* vneid-claims.c: the claim paths a citizen profile may hold
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

static const char *const address_members[] = {
  "formatted", "street_address", "locality", "district", "region", "country", NULL,
};

static const char *const household_members[] = {
  "head_name", "head_personal_administrative_number", "relationship_to_head", NULL,
};

static const char *const facility_members[] = {
  "code", "name", NULL,
};

/* docs/claims.md, in its order. The e-CCCD carries "the card's printed
 * identity claims" besides its own: those are marked CCCD too. */
static const VneidClaimInfo claims[] = {
  { "personal_administrative_number", VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, FALSE, NULL },
  { "name",                           VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, FALSE, NULL },
  { "family_name",                    VNEID_CLAIM_SCALAR,  PID | CCCD,        FALSE, NULL },
  { "middle_name",                    VNEID_CLAIM_SCALAR,  PID | CCCD,        FALSE, NULL },
  { "given_name",                     VNEID_CLAIM_SCALAR,  PID | CCCD,        FALSE, NULL },
  { "birthdate",                      VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, TRUE,  NULL },
  { "sex",                            VNEID_CLAIM_SCALAR,  PID | CCCD | BHYT, FALSE, NULL },
  { "nationalities",                  VNEID_CLAIM_ARRAY,   PID | CCCD,        FALSE, NULL },
  { "ethnicity",                      VNEID_CLAIM_SCALAR,  PID | CCCD,        FALSE, NULL },
  { "religion",                       VNEID_CLAIM_SCALAR,  PID | CCCD,        FALSE, NULL },
  { "place_of_birth",                 VNEID_CLAIM_PLACE,   PID | CCCD,        FALSE, address_members },
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

const char *const *
vneid_claim_list_paths (void)
{
  static GPtrArray *paths;

  if (g_once_init_enter (&paths))
    {
      GPtrArray *list = g_ptr_array_new ();

      for (gsize i = 0; i < G_N_ELEMENTS (claims); i++)
        {
          g_ptr_array_add (list, (gpointer) claims[i].name);
          for (const char *const *m = claims[i].members; m != NULL && *m != NULL; m++)
            {
              g_autofree char *path = g_strconcat (claims[i].name, ".", *m, NULL);

              g_ptr_array_add (list, (gpointer) g_intern_string (path));
            }
        }
      g_ptr_array_add (list, NULL);
      g_once_init_leave (&paths, list);
    }
  return (const char *const *) paths->pdata;
}

const char *const *
vneid_claim_address_members (void)
{
  return address_members;
}
