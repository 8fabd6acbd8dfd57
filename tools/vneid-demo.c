/* vneid-demo.c: `vneid demo`, demo citizens' credentials issued, presented, verified and filled into every form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "vneid-tool.h"

#define PORTAL "https://dichvucong.gov.vn.example"
#define LINE_WIDTH 100
#define VALUE_WIDTH 64
/* Credentials live a year; their cards' own validity is in their claims. */
#define CREDENTIAL_LIFETIME (365 * 24 * 3600)

static const char * const default_citizens[] = { "tran-thi-mai", "le-minh-khoa", "pham-quoc-bao", NULL };

/* The demo data's name for each credential type: its claims are in
 * citizens/SLUG/TYPE.json. */
typedef struct {
  const char *type;
  const char *vct;
  const char *what;
} CredentialKind;

static const CredentialKind kinds[] = {
  { "pid", VNEID_VCT_PID, "PID" },
  { "cccd", VNEID_VCT_CCCD, "e-CCCD" },
  { "contact", VNEID_VCT_CONTACT, "contact" },
  { "bhyt", VNEID_VCT_BHYT, "BHYT card" },
};

/* The demo authority: two issuers, their keys, and a portal trusting each
 * for its own credential types. */
typedef struct {
  char          *data;
  char          *pdb_issuer;
  char          *vss_issuer;
  VneidKey      *pdb_key;
  VneidKey      *vss_key;
  VneidVerifier *verifier;
  char          *nonce;
  gint64         now;
  VneidDate     *today;
} Demo;

static void
demo_clear (Demo *demo)
{
  g_free (demo->data);
  g_free (demo->pdb_issuer);
  g_free (demo->vss_issuer);
  g_clear_object (&demo->pdb_key);
  g_clear_object (&demo->vss_key);
  g_clear_object (&demo->verifier);
  g_free (demo->nonce);
  g_clear_pointer (&demo->today, vneid_date_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

/* ---- output -------------------------------------------------------------- */

static void
print_step (const char *title)
{
  g_autofree char *line = g_strdup_printf ("\n== %s", title);

  vneid_tool_print_line (line);
}

/* Prints @head then the @items separated by " · ", wrapped at LINE_WIDTH
 * columns with continuation lines indented under the first item. */
static void
print_wrapped (const char *head,
               GPtrArray  *items)
{
  g_autoptr(GString) line = g_string_new (head);
  guint indent = vneid_tool_display_width (head);
  guint width = indent;

  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);
      guint item_width = vneid_tool_display_width (item);
      gboolean last = i + 1 == items->len;
      guint needed = item_width + (last ? 0 : 2);

      if (width > indent && width + needed > LINE_WIDTH)
        {
          while (line->len > 0 && line->str[line->len - 1] == ' ')
            g_string_truncate (line, line->len - 1);
          vneid_tool_print_line (line->str);
          g_string_truncate (line, 0);
          for (guint pad = 0; pad < indent; pad++)
            g_string_append_c (line, ' ');
          width = indent;
        }
      g_string_append (line, item);
      width += item_width;
      if (!last)
        {
          g_string_append (line, " · ");
          width += 3;
        }
    }
  vneid_tool_print_line (line->str);
}

/* ---- setting up ------------------------------------------------------------ */

static const char *
default_data_folder (void)
{
  g_autofree char *installed = g_build_filename (VNEID_DEMO_DATA_DIR, "citizens", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return VNEID_DEMO_DATA_DIR;
  return VNEID_DEMO_SOURCE_DATA_DIR;
}

/* Trusts the issuer metadata at @path; returns its issuer. */
static char *
trust_metadata (VneidTrustStore  *store,
                const char       *path,
                GError          **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  const char *issuer;

  if ((text = vneid_file_read_bounded (path, VNEID_TOOL_MAX_INPUT_SIZE, "issuer metadata", NULL, error)) == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, text, -1, error) ||
      !vneid_trust_store_add_metadata (store, text, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  root = json_parser_get_root (parser);
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  issuer = object != NULL ? json_object_get_string_member_with_default (object, "issuer", NULL) : NULL;
  return g_strdup (issuer);
}

/* Vietnam Social Security issues the card of its own database; the
 * population database every other credential. */
static gboolean
issued_by_vss (const char *vct)
{
  VneidSourceKind source = VNEID_SOURCE_KIND_POPULATION_DB;

  return vneid_claims_get_source_kind (vct, &source) && source == VNEID_SOURCE_KIND_BHYT_DB;
}

static VneidKey *
load_key (const char  *data,
          const char  *name,
          GError     **error)
{
  g_autofree char *path = g_build_filename (data, "keys", name, NULL);
  VneidKey *key = vneid_key_new_from_file (path, error);

  if (key == NULL)
    g_prefix_error (error, "%s: ", path);
  return key;
}

static gboolean
demo_setup (Demo        *demo,
            const char  *data,
            GError     **error)
{
  g_autofree char *pdb_metadata = g_build_filename (data, "population-db.metadata.json", NULL);
  g_autofree char *vss_metadata = g_build_filename (data, "vss-bhyt.metadata.json", NULL);
  g_autofree char *citizens = g_build_filename (data, "citizens", NULL);
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autofree char *uuid = g_uuid_string_random ();

  if (!g_file_test (citizens, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                   "no demo data in %s (no citizens folder); give --data, the examples/data "
                   "folder of libvneid's source tree", data);
      return FALSE;
    }
  demo->data = g_strdup (data);
  if ((demo->pdb_issuer = trust_metadata (store, pdb_metadata, error)) == NULL ||
      (demo->vss_issuer = trust_metadata (store, vss_metadata, error)) == NULL ||
      (demo->pdb_key = load_key (data, "population-db.jwk", error)) == NULL ||
      (demo->vss_key = load_key (data, "vss-bhyt.jwk", error)) == NULL)
    return FALSE;

  /* The portal names who may vouch for what. */
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    vneid_trust_store_allow (store, kinds[i].vct, issued_by_vss (kinds[i].vct) ? demo->vss_issuer : demo->pdb_issuer);

  demo->now = vneid_tool_now ();
  demo->today = vneid_date_new_in_vietnam (demo->now);
  demo->nonce = g_strdup_printf ("n-%s", uuid);
  demo->verifier = vneid_verifier_new (store);
  vneid_verifier_set_time (demo->verifier, demo->now);
  return TRUE;
}

/* ---- a citizen's credentials --------------------------------------------- */

static char *
issue_and_present (Demo                 *demo,
                   const CredentialKind *kind,
                   const char           *claims_path,
                   VneidKey             *wallet,
                   GError              **error)
{
  g_autofree char *claims = NULL;
  g_autoptr(VneidCredentialBuilder) builder = NULL;
  g_autofree char *compact = NULL;
  g_autoptr(VneidCredential) credential = NULL;
  g_auto(GStrv) paths = NULL;
  gboolean vss;
  char *presentation;

  if ((claims = vneid_file_read_bounded (claims_path, VNEID_TOOL_MAX_INPUT_SIZE, "claims", NULL, error)) == NULL)
    return NULL;
  builder = vneid_credential_builder_new_from_json (kind->vct, claims, error);
  if (builder == NULL)
    {
      g_prefix_error (error, "%s: ", claims_path);
      return NULL;
    }
  /* The issuer: every claim selectively disclosable, bound to the wallet. */
  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_holder_key (builder, wallet);
  vneid_credential_builder_set_issued_at (builder, demo->now);
  vneid_credential_builder_set_expires_at (builder, demo->now + CREDENTIAL_LIFETIME);
  vss = issued_by_vss (kind->vct);
  compact = vneid_credential_builder_build (builder, vss ? demo->vss_key : demo->pdb_key,
                                            vss ? demo->vss_issuer : demo->pdb_issuer, error);
  if (compact == NULL)
    {
      g_prefix_error (error, "issuing %s: ", claims_path);
      return NULL;
    }

  /* The wallet: discloses everything, with a KB-JWT for the portal's nonce. */
  credential = vneid_credential_new (compact, error);
  if (credential == NULL)
    return NULL;
  paths = vneid_credential_get_disclosable_paths (credential);
  presentation = vneid_credential_present (credential, (const char * const *) paths, wallet,
                                           demo->nonce, PORTAL, demo->now, error);
  if (presentation == NULL)
    g_prefix_error (error, "presenting %s: ", claims_path);
  return presentation;
}

/* The citizen's wallet key, which the credentials are bound to. */
static VneidKey *
load_wallet (Demo        *demo,
             const char  *slug,
             const char  *folder,
             GError     **error)
{
  g_autofree char *path = g_build_filename (folder, "wallet.jwk", NULL);
  VneidKey *wallet;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                   "no demo citizen “%s” in %s", slug, demo->data);
      return NULL;
    }
  wallet = vneid_key_new_from_file (path, error);
  if (wallet == NULL)
    g_prefix_error (error, "%s: ", path);
  return wallet;
}

/* The issuers and the wallet: each credential the citizen has claims for
 * is issued and presented; @presentations and @issued (its name) get one
 * entry each, and a NULL at the end. */
static gboolean
issue_credentials (Demo        *demo,
                   const char  *folder,
                   VneidKey    *wallet,
                   GPtrArray   *presentations,
                   GPtrArray   *issued,
                   GError     **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *file = g_strconcat (kinds[i].type, ".json", NULL);
      g_autofree char *claims_path = g_build_filename (folder, file, NULL);
      char *presentation;

      if (!g_file_test (claims_path, G_FILE_TEST_EXISTS))
        continue;
      presentation = issue_and_present (demo, &kinds[i], claims_path, wallet, error);
      if (presentation == NULL)
        return FALSE;
      g_ptr_array_add (presentations, presentation);
      g_ptr_array_add (issued, (gpointer) kinds[i].what);
    }
  g_ptr_array_add (presentations, NULL);
  g_ptr_array_add (issued, NULL);
  return TRUE;
}

static void
print_citizen (VneidProfile *profile,
               const char   *slug,
               GPtrArray    *issued)
{
  const char *name = vneid_profile_get_name (profile);
  g_autofree char *list = g_strjoinv (", ", (char **) issued->pdata);
  g_auto(GStrv) paths = vneid_profile_list_paths (profile);
  g_auto(GStrv) conflicts = vneid_profile_list_conflicts (profile);
  g_autofree char *line = NULL;

  line = g_strdup_printf ("\n-- %s (%s), VNeID level %u\n"
                          "   issued    %s: every claim selectively disclosable, bound to the wallet key\n"
                          "   presented all %u to %s with a KB-JWT for the nonce\n"
                          "   verified  one profile: %u attributes, %u conflict%s between sources",
                          name != NULL ? name : slug,
                          vneid_profile_get_personal_administrative_number (profile),
                          vneid_profile_get_level (profile), list, issued->len - 1, PORTAL,
                          g_strv_length (paths), g_strv_length (conflicts),
                          g_strv_length (conflicts) == 1 ? "" : "s");
  vneid_tool_print_line (line);
}

/* Issues, presents and verifies the credentials of citizen @slug, and
 * prints what happened. */
static VneidProfile *
citizen_profile (Demo        *demo,
                 const char  *slug,
                 GError     **error)
{
  g_autofree char *folder = g_build_filename (demo->data, "citizens", slug, NULL);
  g_autoptr(VneidKey) wallet = NULL;
  g_autoptr(GPtrArray) presentations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) issued = g_ptr_array_new ();
  VneidProfile *profile;

  if ((wallet = load_wallet (demo, slug, folder, error)) == NULL ||
      !issue_credentials (demo, folder, wallet, presentations, issued, error))
    return NULL;

  /* The portal: verifies each (issuer, signature, disclosures, KB-JWT) and
   * merges them into one profile. */
  profile = vneid_profile_new_from_presentations (demo->verifier,
                                                  (const char * const *) presentations->pdata,
                                                  demo->nonce, PORTAL, error);
  if (profile == NULL)
    {
      g_prefix_error (error, "%s: ", slug);
      return NULL;
    }
  print_citizen (profile, slug, issued);
  return profile;
}

/* ---- a form's summary ------------------------------------------------------ */

typedef struct {
  int        rank;
  char      *head;
  GPtrArray *items;
} Group;

static void
group_free (Group *group)
{
  g_free (group->head);
  g_ptr_array_unref (group->items);
  g_free (group);
}

static Group *
find_group (GPtrArray  *groups,
            int         rank,
            const char *head)
{
  Group *group;

  for (guint i = 0; i < groups->len; i++)
    {
      group = g_ptr_array_index (groups, i);
      if (g_str_equal (group->head, head))
        return group;
    }
  group = g_new0 (Group, 1);
  group->rank = rank;
  group->head = g_strdup (head);
  group->items = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (groups, group);
  return group;
}

/* Where the field belongs in the summary: its status, and for filled
 * fields their source; @rank orders the groups (verified first, what the
 * citizen must still do last). */
static char *
group_head (VneidFilledField *field,
            int              *rank)
{
  g_autofree char *source = vneid_tool_field_source (field, FALSE);

  switch (vneid_filled_field_get_status (field))
    {
    case VNEID_FIELD_STATUS_VERIFIED:
      *rank = 0;
      return g_strdup_printf ("%s %s", vneid_filled_field_get_read_only (field) ? "[RO]" : "verified", source);
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
      if (g_str_equal (source, "constant"))
        {
          *rank = 2;
          return g_strdup ("constant");
        }
      *rank = 1;
      return g_str_equal (source, "self-asserted") ? g_strdup ("self-asserted")
                                                   : g_strdup_printf ("self-asserted %s", source);
    case VNEID_FIELD_STATUS_INVALID:
      *rank = 3;
      return g_strdup ("INVALID");
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
      *rank = 5;
      return g_strdup ("needs level 2");
    case VNEID_FIELD_STATUS_MISSING:
    default:
      *rank = 4;
      return g_strdup ("to type");
    }
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const Group *x = *(Group * const *) a, *y = *(Group * const *) b;

  return x->rank - y->rank;
}

static char *
summary_item (VneidFilledField *field)
{
  const char *name = vneid_filled_field_get_name (field);
  const char *value = vneid_filled_field_get_value (field);
  const char *message = vneid_filled_field_get_message (field);
  const char *star = vneid_form_field_get_required (vneid_filled_field_get_field (field)) ? "*" : "";
  g_autofree char *text = NULL;
  g_autofree char *cell = NULL;
  g_autofree char *note = NULL;

  switch (vneid_filled_field_get_status (field))
    {
    case VNEID_FIELD_STATUS_VERIFIED:
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
      text = vneid_tool_field_value (field);
      cell = vneid_tool_make_cell (text, VALUE_WIDTH);
      return g_strdup_printf ("%s=%s", name, cell);
    case VNEID_FIELD_STATUS_INVALID:
      cell = vneid_tool_make_cell (value != NULL ? value : "", VALUE_WIDTH);
      note = vneid_tool_make_cell (message != NULL ? message : "", 60);
      return g_strdup_printf ("%s%s=%s (%s)", name, star, cell, note);
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
    case VNEID_FIELD_STATUS_MISSING:
    default:
      return g_strdup_printf ("%s%s", name, star);
    }
}

static void
print_form_summary (VneidFilledForm *form,
                    const char      *extra)
{
  VneidFormSchema *schema = vneid_filled_form_get_schema (form);
  GPtrArray *fields = vneid_filled_form_get_fields (form);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autofree char *title = vneid_tool_make_cell (vneid_form_schema_get_title (schema), 64);
  g_autofree char *line = NULL;
  double share = vneid_filled_form_get_completeness (form);

  line = g_strdup_printf ("\n   [%s] %s\n     %d%% of the required fields filled%s%s",
                          vneid_form_schema_get_id (schema), title, (int) (share * 100 + 0.5),
                          extra != NULL ? "\n     " : "", extra != NULL ? extra : "");
  vneid_tool_print_line (line);
  if (vneid_form_schema_get_min_level (schema) > vneid_filled_form_get_level (form))
    {
      g_autofree char *note = g_strdup_printf ("     the form needs a level-%u account, the profile is level %u: "
                                               "nothing filled from it",
                                               vneid_form_schema_get_min_level (schema),
                                               vneid_filled_form_get_level (form));

      vneid_tool_print_line (note);
    }

  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);
      int rank = 0;
      g_autofree char *head = group_head (field, &rank);

      g_ptr_array_add (find_group (groups, rank, head)->items, summary_item (field));
    }
  /* g_ptr_array_sort() is stable from GLib 2.76 only: ranks tie-break on
   * first appearance by an insertion sort here. */
  for (guint i = 1; i < groups->len; i++)
    for (guint j = i; j > 0 && compare_groups (&groups->pdata[j - 1], &groups->pdata[j]) > 0; j--)
      {
        gpointer swap = groups->pdata[j];

        groups->pdata[j] = groups->pdata[j - 1];
        groups->pdata[j - 1] = swap;
      }
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      g_autofree char *cell = vneid_tool_make_cell (group->head, 40);
      /* Padded by columns, not bytes: the heads are ASCII today, sources
       * may not be tomorrow. */
      g_autofree char *head = g_strdup_printf ("     %s%*s", cell, MAX (1, 23 - (int) vneid_tool_display_width (cell)), "");
      print_wrapped (head, group->items);
    }
}

static gboolean
fill_forms (Demo                 *demo,
            VneidPluginRegistry  *registry,
            VneidProfile         *profile,
            guint                *n_filled,
            GError              **error)
{
  g_auto(GStrv) forms = vneid_plugin_registry_list_forms (registry);

  for (char **id = forms; *id != NULL; id++)
    {
      VneidFormMapper *shared = vneid_plugin_registry_lookup (registry, *id);
      g_autoptr(VneidFormMapper) mapper = NULL;
      g_autoptr(VneidFilledForm) form = NULL;
      g_autofree char *extra = NULL;
      gboolean facility = vneid_tool_has_facility_code (shared);
      gboolean visit = vneid_tool_has_visit_date (shared);

      /* A clinic's own instance of a mapper that asks for the clinic and
       * the day: here the citizen's registered facility, today. */
      if (facility || visit)
        {
          const char *code = facility ? vneid_profile_get_registered_facility_code (profile) : NULL;
          g_autofree char *day = vneid_date_to_string (demo->today);

          mapper = vneid_tool_configure_mapper (registry, *id, code, visit ? demo->today : NULL, error);
          if (code != NULL)
            extra = g_strdup_printf ("visit on %s at facility %s (registered)", day, code);
          else
            extra = g_strdup_printf ("visit on %s; no registered facility disclosed", day);
        }
      else
        mapper = g_object_ref (shared);
      if (mapper == NULL)
        return FALSE;

      form = vneid_form_mapper_fill (mapper, profile, error);
      if (form == NULL)
        {
          g_prefix_error (error, "%s: ", *id);
          return FALSE;
        }
      if (extra != NULL)
        {
          VneidFilledField *validity = vneid_filled_form_lookup (form, "card_validity");

          if (validity != NULL && vneid_filled_field_get_value (validity) != NULL)
            {
              char *more = g_strdup_printf ("%s; card %s that day", extra, vneid_filled_field_get_value (validity));

              g_free (extra);
              extra = more;
            }
        }
      print_form_summary (form, extra);
      (*n_filled)++;
    }
  return TRUE;
}

/* ---- the command ------------------------------------------------------------ */

static void
print_forms (VneidPluginRegistry *registry)
{
  g_auto(GStrv) plugins = vneid_plugin_registry_list_plugins (registry);
  g_auto(GStrv) forms = vneid_plugin_registry_list_forms (registry);
  g_autofree char *plugin_list = g_strjoinv (", ", plugins);
  g_autofree char *line = g_strdup_printf ("   %u plugins: %s", g_strv_length (plugins), plugin_list);

  vneid_tool_print_line (line);
  for (char **id = forms; *id != NULL; id++)
    {
      VneidFormSchema *schema = vneid_form_mapper_get_schema (vneid_plugin_registry_lookup (registry, *id));
      g_autofree char *title = vneid_tool_make_cell (vneid_form_schema_get_title (schema), 64);
      g_autofree char *row = g_strdup_printf ("   %-24s level %u  %2u fields  %s", *id,
                                              vneid_form_schema_get_min_level (schema),
                                              vneid_form_schema_get_fields (schema)->len, title);

      vneid_tool_print_line (row);
    }
}

static gboolean
run_demo (const VneidCommand  *command,
          char               **args,
          GError             **error)
{
  g_autofree char *data = NULL;
  g_autofree char *plugins = NULL;
  g_auto(GStrv) citizens = NULL;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "The demo data: keys, issuer metadata, citizens (default: the installed demo data, else examples/data of the source tree)", "DIR" },
    { "plugins", 0, 0, G_OPTION_ARG_FILENAME, &plugins, "Load the form plugins of DIR only (default: VNEID_PLUGIN_PATH, then the installed plugins)", "DIR" },
    { "citizen", 0, 0, VNEID_TOOL_ARG_TEXT_ARRAY, &citizens, "A demo citizen, by folder name (repeatable; default: tran-thi-mai, le-minh-khoa, pham-quoc-bao)", "SLUG" },
    G_OPTION_ENTRY_NULL
  };
  g_auto(Demo) demo = { 0 };
  g_autoptr(VneidPluginRegistry) registry = NULL;
  const char * const *slugs;
  g_autofree char *today = NULL;
  g_autofree char *text = NULL;
  guint n_citizens = 0, n_filled = 0;

  if (!vneid_tool_parse_options (command, entries, &args, error) ||
      !vneid_tool_check_arguments (args, 0, 0, error))
    return FALSE;
  slugs = citizens != NULL ? (const char * const *) citizens : default_citizens;
  for (const char * const *slug = slugs; *slug != NULL; slug++)
    if (**slug == '\0' || strchr (*slug, '/') != NULL || g_str_equal (*slug, "..") || g_str_equal (*slug, "."))
      {
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                     "invalid value for --citizen: “%s” is not a folder name", *slug);
        return FALSE;
      }

  vneid_tool_print_line ("VNeID demo: verified credentials fill e-government forms without re-entry.\n"
                         "Demo keys and synthetic citizens only: never trust these issuers outside a demo.");

  print_step ("1. The form plugins");
  registry = vneid_tool_load_plugins (plugins, error);
  if (registry == NULL)
    return FALSE;
  print_forms (registry);

  print_step ("2. The demo authorities and the portal");
  if (!demo_setup (&demo, data != NULL ? data : default_data_folder (), error))
    return FALSE;
  today = vneid_date_to_string (demo.today);
  text = g_strdup_printf ("   data       %s\n"
                          "   issuers    %s (population database: PID, e-CCCD, contact)\n"
                          "              %s (Vietnam Social Security: BHYT card)\n"
                          "   portal     %s trusts each for its own credential types only,\n"
                          "              asks with the nonce %s; today in Vietnam: %s",
                          demo.data, demo.pdb_issuer, demo.vss_issuer, PORTAL, demo.nonce, today);
  vneid_tool_print_line (text);

  print_step ("3. Citizens: issue, present, verify, then fill every form");
  vneid_tool_print_line ("   Per form: [RO] verified and read-only on the form, by source; self-asserted;\n"
                         "   constant (the form's or the clinic's own); to type (the citizen; * required);\n"
                         "   needs level 2 (a level-2 account).");
  for (const char * const *slug = slugs; *slug != NULL; slug++)
    {
      g_autoptr(VneidProfile) profile = citizen_profile (&demo, *slug, error);

      if (profile == NULL || !fill_forms (&demo, registry, profile, &n_filled, error))
        return FALSE;
      n_citizens++;
    }

  g_free (text);
  text = g_strdup_printf ("\nDemo complete: %u citizen%s' credentials issued, presented with key binding and\n"
                          "verified into profiles; %u forms filled from them. One form in full, as a table or a page:\n"
                          "  vneid fill --form vn.bca.ct01 --trust METADATA.json… [--html FILE] PRESENTATION…",
                          n_citizens, n_citizens == 1 ? "" : "s", n_filled);
  vneid_tool_print_line (text);
  return TRUE;
}

const VneidCommand vneid_command_demo = {
  .name = "demo",
  .parameter_string = NULL,
  .summary = "Issue, present and verify demo citizens' credentials, and fill every form.",
  .description =
    "Everything happens in memory with the bundled demo authority (published\n"
    "demo keys: never trust them): for each citizen, the population database\n"
    "and Vietnam Social Security issue the citizen's credentials (PID, e-CCCD,\n"
    "contact, BHYT card, whichever the citizen has) bound to the citizen's\n"
    "wallet key; the wallet presents them with a KB-JWT for the portal's\n"
    "nonce; the portal verifies them into one profile and fills every form\n"
    "the plugins know. The BHYT check-in form is filled as a clinic would:\n"
    "visit today, at the citizen's registered facility.\n"
    "\n"
    "For each form: the share of required fields filled, then every field\n"
    "once, by status and source: [RO] verified (read-only on the form),\n"
    "self-asserted, constant, to type (* required), needs level 2, invalid.\n"
    "\n"
    "Demo data (--data): the installed copy ($datadir/vneid-1/demo) when it\n"
    "exists, else examples/data of the source tree this vneid was built from.\n"
    "Plugins: VNEID_PLUGIN_PATH, then the installed plugins, or --plugins DIR.\n"
    "\n"
    "Exit status: 0 every citizen verified and every form filled, 1 failure,\n"
    "2 usage error.\n"
    "\n"
    "Example:\n"
    "  VNEID_PLUGIN_PATH=build/plugins build/tools/vneid demo\n"
    "  vneid demo --citizen hoang-thi-lan --citizen vu-dinh-thanh\n",
  .run = run_demo,
};
