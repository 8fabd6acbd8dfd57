/* vneid-dcql-forms.c: a DCQL query derived from the forms a portal fills
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-claims.h"
#include "vneid-dcql-query.h"
#include "vneid-dcql-private.h"
#include "vneid-form-mapper.h"
#include "vneid-openid4vp-error.h"
#include "vneid-util-private.h"

typedef struct {
  const char *vct;
  const char *query_id;   /* the credential query's id in built queries */
  guint       level;      /* the account level that has the credential */
} CredentialType;

static const CredentialType types[] = {
  { VNEID_VCT_PID,     "pid",     1 },
  { VNEID_VCT_CCCD,    "cccd",    2 },
  { VNEID_VCT_CONTACT, "contact", 0 },
  { VNEID_VCT_BHYT,    "bhyt",    0 },
};

/* Claims a credential of its type may lack (docs/claims.md): a name
 * without a middle name, no temporary residence, a card without expiry
 * (issued after 60), no former CMND, contact data with one of the two.
 * They are asked for with claim_sets that let the wallet leave them out. */
static const char *const may_be_absent[] = {
  "middle_name", "temporary_address", "date_of_expiry", "former_id_number",
  "phone_number", "email",
};

/* Bounds on what a form may make a query ask. */
#define MAX_OPTIONAL_CLAIMS 6
#define MAX_CLAIM_SETS      64

static const CredentialType *
type_of (const char *vct)
{
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (strcmp (types[i].vct, vct) == 0)
      return &types[i];
  g_assert_not_reached ();
}

/* ---- planning ------------------------------------------------------------ */

typedef struct {
  char     *path;
  gboolean  optional;
  gint      group;     /* first_of alternatives within one query: ≥ 0 */
} PlannedClaim;

typedef struct {
  const CredentialType *type;
  gboolean              required;   /* in a required credential set */
  gboolean              alone;      /* wanted on its own (an optional set) */
  GPtrArray            *claims;     /* PlannedClaim */
  gint                  n_groups;
} PlannedCredential;

typedef struct {
  PlannedCredential  credentials[G_N_ELEMENTS (types)];
  GPtrArray         *alternatives;   /* GStrv of vcts: optional sets of options */
  guint              level;
} Plan;

static void
planned_claim_free (PlannedClaim *claim)
{
  g_free (claim->path);
  g_free (claim);
}

static void
plan_clear (Plan *plan)
{
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    g_clear_pointer (&plan->credentials[i].claims, g_ptr_array_unref);
  g_clear_pointer (&plan->alternatives, g_ptr_array_unref);
}

static PlannedCredential *
planned (Plan       *plan,
         const char *vct)
{
  return &plan->credentials[type_of (vct) - types];
}

static gboolean
is_covered (GPtrArray  *claims,
            const char *path)
{
  for (guint i = 0; i < claims->len; i++)
    {
      const char *have = ((PlannedClaim *) g_ptr_array_index (claims, i))->path;
      gsize len = strlen (have);

      if (strncmp (have, path, len) == 0 && (path[len] == '\0' || path[len] == '.'))
        return TRUE;
    }
  return FALSE;
}

static gboolean
may_lack (const char *path)
{
  for (gsize i = 0; i < G_N_ELEMENTS (may_be_absent); i++)
    if (strcmp (may_be_absent[i], path) == 0)
      return TRUE;
  return FALSE;
}

static void
add_claim (PlannedCredential *credential,
           const char        *path,
           gboolean           optional,
           gint               group)
{
  PlannedClaim *claim;

  if (is_covered (credential->claims, path))
    return;
  claim = g_new0 (PlannedClaim, 1);
  claim->path = g_strdup (path);
  claim->optional = optional || may_lack (path);
  claim->group = group;
  g_ptr_array_add (credential->claims, claim);
}

/* The best required supplier of @path, else NULL. */
static const char *
required_supplier (Plan              *plan,
                   const char *const *suppliers)
{
  for (const char *const *s = suppliers; *s != NULL; s++)
    if (planned (plan, *s)->required)
      return *s;
  return NULL;
}

static void
add_alternatives (Plan              *plan,
                  const char *const *suppliers)
{
  for (guint i = 0; i < plan->alternatives->len; i++)
    if (g_strv_equal (g_ptr_array_index (plan->alternatives, i), (const char *const *) suppliers))
      return;
  g_ptr_array_add (plan->alternatives, g_strdupv ((char **) suppliers));
}

/* One path: from its best required supplier; else from its only supplier;
 * else from any of them, the wallet's choice in that order (the claim
 * registry's, best first: the credential a profile would keep it from). */
static void
plan_path (Plan       *plan,
           const char *path,
           gboolean    optional,
           gint        group)
{
  g_auto(GStrv) vcts = vneid_claims_list_suppliers (path);
  const char *const *suppliers = (const char *const *) vcts;
  const char *vct = required_supplier (plan, suppliers);

  if (vct == NULL && suppliers[1] == NULL)
    vct = suppliers[0];
  if (vct != NULL)
    {
      PlannedCredential *credential = planned (plan, vct);

      if (!credential->required)
        credential->alone = TRUE;
      add_claim (credential, path, optional, group);
      return;
    }
  add_alternatives (plan, suppliers);
  for (const char *const *s = suppliers; *s != NULL; s++)
    add_claim (planned (plan, *s), path, optional, -1);
}

/* first_of: alternatives in one credential become a claim_sets choice;
 * spread over several, each is optional where it is asked. */
static void
plan_first_of (Plan  *plan,
               char **paths)
{
  const char *vct = NULL;
  gboolean one_credential = TRUE;

  for (char **p = paths; *p != NULL; p++)
    {
      g_auto(GStrv) suppliers = vneid_claims_list_suppliers (*p);
      const char *own = required_supplier (plan, (const char *const *) suppliers);

      own = own ? own : (suppliers[1] == NULL ? suppliers[0] : NULL);
      if (own == NULL || (vct != NULL && strcmp (own, vct) != 0))
        one_credential = FALSE;
      /* the type's own string: @suppliers is freed */
      vct = own ? type_of (own)->vct : NULL;
    }
  if (one_credential)
    {
      PlannedCredential *credential = planned (plan, vct);
      gint group = credential->n_groups++;

      for (char **p = paths; *p != NULL; p++)
        plan_path (plan, *p, FALSE, group);
      return;
    }
  for (char **p = paths; *p != NULL; p++)
    plan_path (plan, *p, TRUE, -1);
}

static gboolean
check_paths (char      **paths,
             const char *source,
             GError    **error)
{
  for (char **p = paths; *p != NULL; p++)
    {
      g_auto(GStrv) alternatives = g_strsplit (*p, "|", -1);

      for (char **a = alternatives; *a != NULL; a++)
        {
          g_auto(GStrv) suppliers = vneid_claims_list_suppliers (*a);
          g_autofree char *shown = NULL;

          if (suppliers[0] != NULL)
            continue;
          shown = vneid_shorten_for_message (*a, 60);
          g_set_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_QUERY,
                       "%s reads “%s”, which no credential type carries", source, shown);
          return FALSE;
        }
    }
  return TRUE;
}

/* Gathers every form's paths; the level is the highest form level. */
static GPtrArray *
collect_paths (VneidPluginRegistry *registry,
               const char * const  *form_ids,
               guint               *level,
               GError             **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);

  *level = 0;
  for (const char *const *id = form_ids; *id != NULL; id++)
    {
      VneidFormMapper *mapper = vneid_plugin_registry_lookup (registry, *id);
      g_auto(GStrv) paths = NULL;

      if (mapper == NULL)
        {
          g_autofree char *shown = vneid_shorten_for_message (*id, 60);

          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_UNKNOWN_FORM,
                       "no plugin fills the form “%s”", shown);
          return NULL;
        }
      *level = MAX (*level, vneid_form_schema_get_min_level (vneid_form_mapper_get_schema (mapper)));
      paths = vneid_form_mapper_list_profile_paths (mapper);
      {
        g_autofree char *source = g_strdup_printf ("form %s", *id);

        if (!check_paths (paths, source, error))
          return NULL;
      }
      for (char **p = paths; *p != NULL; p++)
        g_ptr_array_add (all, g_strdup (*p));
    }
  return g_steal_pointer (&all);
}

static void
make_plan (Plan      *plan,
           GPtrArray *paths)
{
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      plan->credentials[i].type = &types[i];
      plan->credentials[i].claims = g_ptr_array_new_with_free_func ((GDestroyNotify) planned_claim_free);
      /* The PID carries the account level a form needs; the e-CCCD is
       * what level 2 has that level 1 does not. */
      plan->credentials[i].required = types[i].level >= 1 && types[i].level <= plan->level;
    }
  plan->alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < paths->len; i++)
    {
      g_auto(GStrv) alternatives = g_strsplit (g_ptr_array_index (paths, i), "|", -1);

      if (alternatives[1] == NULL)
        plan_path (plan, alternatives[0], FALSE, -1);
      else
        plan_first_of (plan, alternatives);
    }
}

/* ---- writing the query ----------------------------------------------------- */

static char *
claim_id (const char *path)
{
  char *id = g_strdup (path);

  g_strdelimit (id, ".", '_');
  return id;
}

static void
add_claims (JsonBuilder       *builder,
            PlannedCredential *credential)
{
  json_builder_set_member_name (builder, "claims");
  json_builder_begin_array (builder);
  for (guint i = 0; i < credential->claims->len; i++)
    {
      PlannedClaim *claim = g_ptr_array_index (credential->claims, i);
      g_auto(GStrv) names = g_strsplit (claim->path, ".", -1);
      g_autofree char *id = claim_id (claim->path);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "path");
      json_builder_begin_array (builder);
      for (char **n = names; *n != NULL; n++)
        json_builder_add_string_value (builder, *n);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* One claim set: for each first_of group the alternative @choice picks
 * (mixed radix), the optional claims of @subset (a bit mask), and every
 * other claim. An empty set is left out: a credential is presented for
 * what it discloses. */
static void
add_claim_set (JsonBuilder       *builder,
               PlannedCredential *credential,
               guint              choice,
               guint              subset)
{
  g_autofree guint *picked = g_new0 (guint, credential->n_groups + 1);
  g_autofree guint *seen = g_new0 (guint, credential->n_groups + 1);
  guint optional_index = 0;

  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (gint g = 0; g < credential->n_groups; g++)
    {
      guint size = 0;

      for (guint i = 0; i < credential->claims->len; i++)
        size += ((PlannedClaim *) g_ptr_array_index (credential->claims, i))->group == g;
      picked[g] = choice % MAX (size, 1);
      choice /= MAX (size, 1);
    }
  for (guint i = 0; i < credential->claims->len; i++)
    {
      PlannedClaim *claim = g_ptr_array_index (credential->claims, i);
      g_autofree char *id = claim_id (claim->path);
      gboolean wanted = TRUE;

      if (claim->group >= 0)
        wanted = seen[claim->group]++ == picked[claim->group];
      else if (claim->optional && optional_index < MAX_OPTIONAL_CLAIMS)
        wanted = (subset >> optional_index++) & 1;
      if (wanted)
        g_ptr_array_add (ids, g_steal_pointer (&id));
    }
  if (ids->len == 0)
    return;
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (ids, i));
  json_builder_end_array (builder);
}

static guint
count_choices (PlannedCredential *credential,
               guint             *n_optional)
{
  guint choices = 1;

  *n_optional = 0;
  for (gint g = 0; g < credential->n_groups; g++)
    {
      guint size = 0;

      for (guint i = 0; i < credential->claims->len; i++)
        size += ((PlannedClaim *) g_ptr_array_index (credential->claims, i))->group == g;
      choices *= MAX (size, 1);
    }
  for (guint i = 0; i < credential->claims->len; i++)
    {
      PlannedClaim *claim = g_ptr_array_index (credential->claims, i);

      *n_optional += claim->group < 0 && claim->optional;
    }
  *n_optional = MIN (*n_optional, MAX_OPTIONAL_CLAIMS);
  return choices;
}

/* Preference: the first first_of alternative before the next; within one,
 * all optional claims, then fewer (most present first). */
static gboolean
add_claim_sets (JsonBuilder       *builder,
                PlannedCredential *credential,
                GError           **error)
{
  guint n_optional, choices = count_choices (credential, &n_optional);
  guint subsets = 1u << n_optional;

  if (choices == 1 && n_optional == 0)
    return TRUE;
  if (choices * subsets > MAX_CLAIM_SETS)
    {
      g_set_error (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_QUERY,
                   "the forms' alternatives for %s make more than %d claim sets",
                   credential->type->query_id, MAX_CLAIM_SETS);
      return FALSE;
    }
  json_builder_set_member_name (builder, "claim_sets");
  json_builder_begin_array (builder);
  for (guint c = 0; c < choices; c++)
    for (guint bits = n_optional + 1; bits-- > 0;)
      for (guint subset = subsets; subset-- > 0;)
        if (__builtin_popcount (subset) == (int) bits)
          add_claim_set (builder, credential, c, subset);
  json_builder_end_array (builder);
  return TRUE;
}

static gboolean
is_asked (PlannedCredential *credential)
{
  return credential->required || credential->claims->len > 0;
}

static gboolean
add_credential (JsonBuilder       *builder,
                PlannedCredential *credential,
                GError           **error)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, credential->type->query_id);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, VNEID_DCQL_FORMAT_SD_JWT);
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "vct_values");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, credential->type->vct);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (credential->claims->len > 0)
    {
      add_claims (builder, credential);
      if (!add_claim_sets (builder, credential, error))
        return FALSE;
    }
  json_builder_end_object (builder);
  return TRUE;
}

static void
add_set (JsonBuilder        *builder,
         const char * const *query_ids,
         gboolean            required)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_array (builder);
  for (const char *const *id = query_ids; *id != NULL; id++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, *id);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  if (!required)
    {
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, FALSE);
    }
  json_builder_end_object (builder);
}

/* Required credentials each in a required set; the others optional, on
 * their own or as alternatives. Omitted when everything is required. */
static void
add_credential_sets (JsonBuilder *builder,
                     Plan        *plan)
{
  gboolean all_required = plan->alternatives->len == 0;

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (is_asked (&plan->credentials[i]) && !plan->credentials[i].required)
      all_required = FALSE;
  if (all_required)
    return;

  json_builder_set_member_name (builder, "credential_sets");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      PlannedCredential *credential = &plan->credentials[i];
      const char *ids[] = { credential->type->query_id, NULL };

      if (credential->required || credential->alone)
        add_set (builder, ids, credential->required);
    }
  for (guint i = 0; i < plan->alternatives->len; i++)
    {
      char **vcts = g_ptr_array_index (plan->alternatives, i);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      for (char **v = vcts; *v != NULL; v++)
        g_ptr_array_add (ids, (gpointer) type_of (*v)->query_id);
      g_ptr_array_add (ids, NULL);
      add_set (builder, (const char *const *) ids->pdata, FALSE);
    }
  json_builder_end_array (builder);
}

static JsonNode *
write_plan (Plan    *plan,
            GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "credentials");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (is_asked (&plan->credentials[i]) && !add_credential (builder, &plan->credentials[i], error))
      return NULL;
  json_builder_end_array (builder);
  add_credential_sets (builder, plan);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * vneid_dcql_query_new_for_forms:
 * @registry: the registry that holds the forms' mappers
 * @form_ids: (array zero-terminated=1): the forms the portal fills
 * @error: return location for a #GError
 *
 * Derives the DCQL query that asks a wallet for exactly what the forms'
 * mappers read ([method@Vneid.FormMapper.list_profile_paths]): one
 * credential query per credential type (`dc+sd-jwt`, `meta.vct_values`)
 * with the claims it supplies, each claim from the credential a profile
 * would keep it from. The PID is required whenever a form needs an
 * account level, the e-CCCD when a form needs level 2; other credentials
 * are optional, a claim several types carry (the name from the e-CCCD or
 * the PID) is asked as alternatives (`credential_sets`), `first_of`
 * alternatives and claims a credential may lack become `claim_sets`.
 * docs/openid4vp.md gives the details.
 *
 * Returns: (transfer full): the query, or %NULL with @error set: an
 *   unknown form (%VNEID_FORM_ERROR_UNKNOWN_FORM), or a path no credential
 *   carries (%VNEID_OPENID4VP_ERROR_INVALID_QUERY)
 *
 * Since: 0.2
 */
VneidDcqlQuery *
vneid_dcql_query_new_for_forms (VneidPluginRegistry  *registry,
                                const char * const   *form_ids,
                                GError              **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  guint level;

  g_return_val_if_fail (VNEID_IS_PLUGIN_REGISTRY (registry), NULL);
  g_return_val_if_fail (form_ids != NULL && form_ids[0] != NULL, NULL);

  paths = collect_paths (registry, form_ids, &level, error);
  if (paths == NULL)
    return NULL;
  g_ptr_array_add (paths, NULL);
  return vneid_dcql_query_new_for_paths ((const char *const *) paths->pdata, level, error);
}

/**
 * vneid_dcql_query_new_for_paths:
 * @paths: (array zero-terminated=1): profile paths, each possibly
 *   alternatives joined by `|`, as [method@Vneid.FormMapper.list_profile_paths]
 *   returns them
 * @level: the account level the data is for (0, 1 or 2): the PID is
 *   required from level 1, the e-CCCD at level 2
 * @error: return location for a #GError
 *
 * Derives a DCQL query for @paths, as [ctor@Vneid.DcqlQuery.new_for_forms]
 * does for the paths of forms.
 *
 * Returns: (transfer full): the query, or %NULL with @error set
 *   (%VNEID_OPENID4VP_ERROR_INVALID_QUERY for a path no credential carries)
 *
 * Since: 0.2
 */
VneidDcqlQuery *
vneid_dcql_query_new_for_paths (const char * const  *paths,
                                guint                level,
                                GError             **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) json = NULL;
  Plan plan = { 0 };

  g_return_val_if_fail (paths != NULL, NULL);

  if (!check_paths ((char **) paths, "the query", error))
    return NULL;
  for (const char *const *p = paths; *p != NULL; p++)
    g_ptr_array_add (list, g_strdup (*p));
  if (list->len == 0 && level == 0)
    {
      g_set_error_literal (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_INVALID_QUERY,
                           "nothing to ask for: no profile path and no account level");
      return NULL;
    }
  plan.level = MIN (level, 2);
  make_plan (&plan, list);
  json = write_plan (&plan, error);
  plan_clear (&plan);
  if (json == NULL)
    return NULL;
  return vneid_dcql_query_new_from_json_node (json, error);
}
