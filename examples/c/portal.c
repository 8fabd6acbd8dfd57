/* portal.c: what a bank's portal does with libvneid, start to finish.
 *
 *   portal DATA_DIR NONCE AUDIENCE PRESENTATION_FILE...
 *
 * Trusts the demo population database and Vietnam Social Security (their
 * issuer metadata in DATA_DIR, e.g. examples/data), verifies one citizen's
 * presentations (made by the wallet for NONCE and AUDIENCE), builds the
 * verified profile, fills the bank-account opening form vn.sbv.bank-account
 * with the installed plugins (or those of VNEID_PLUGIN_PATH), and prints
 * which fields are verified (read-only on the form) and which the citizen
 * must type. A rejected presentation is explained by its error code.
 *
 * Build against an installed libvneid:
 *   cc portal.c $(pkg-config --cflags --libs libvneid-1) -o portal
 *
 * Exit status: 0 form filled, 1 presentation rejected, 2 usage or setup error.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>

#include <vneid.h>

#define FORM_ID "vn.sbv.bank-account"
#define POPULATION_DB "https://id.vneid.example"
#define SOCIAL_SECURITY "https://bhyt.baohiemxahoi.example"

/* Whom the portal trusts, and for which credential types. Set up once,
 * before any request; afterwards the store is only read (thread-safe). */
static VneidTrustStore *
portal_trust_store (const char *data_dir,
                    GError    **error)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autofree char *pdb = g_build_filename (data_dir, "population-db.metadata.json", NULL);
  g_autofree char *vss = g_build_filename (data_dir, "vss-bhyt.metadata.json", NULL);

  if (!vneid_trust_store_add_metadata_file (store, pdb, error) ||
      !vneid_trust_store_add_metadata_file (store, vss, error))
    return NULL;
  /* Each issuer only for its own types: a BHYT card from the population
   * database, or a PID from social security, is rejected. */
  vneid_trust_store_allow (store, "urn:vn:vneid:pid:1", POPULATION_DB);
  vneid_trust_store_allow (store, "urn:vn:vneid:cccd:1", POPULATION_DB);
  vneid_trust_store_allow (store, "urn:vn:vneid:contact:1", POPULATION_DB);
  vneid_trust_store_allow (store, "urn:vn:bhyt:card:1", SOCIAL_SECURITY);
  return g_steal_pointer (&store);
}

/* What to tell the citizen, by the rule the presentation broke. */
static const char *
rejection_advice (const GError *error)
{
  if (error->domain == VNEID_PROFILE_ERROR)
    return "the credentials do not belong together (one citizen, one of each type)";
  if (error->domain != VNEID_CREDENTIAL_ERROR)
    return "the presentation could not be read";
  switch (error->code)
    {
    case VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH:
    case VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH:
    case VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE:
      return "made for another request: scan this request's QR code again";
    case VNEID_CREDENTIAL_ERROR_EXPIRED:
    case VNEID_CREDENTIAL_ERROR_REVOKED:
    case VNEID_CREDENTIAL_ERROR_SUSPENDED:
      return "the credential is no longer valid: renew it in the VNeID app";
    case VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER:
    case VNEID_CREDENTIAL_ERROR_UNTRUSTED_KEY:
      return "not issued by an authority this portal trusts";
    default:
      return "the presentation is not valid";
    }
}

/* Reads the presentations, one compact SD-JWT per file. */
static GStrv
read_presentations (char  **paths,
                    int     n_paths,
                    GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (int i = 0; i < n_paths; i++)
    {
      g_autofree char *text = NULL;

      if (!g_file_get_contents (paths[i], &text, NULL, error))
        return NULL;
      g_strv_builder_add (builder, g_strstrip (text));
    }
  return g_strv_builder_end (builder);
}

static void
print_form (VneidFilledForm *form)
{
  GPtrArray *fields = vneid_filled_form_get_fields (form);
  g_auto(GStrv) missing = vneid_filled_form_list_missing (form);

  printf ("%s: %s\n", FORM_ID, vneid_form_schema_get_title (vneid_filled_form_get_schema (form)));
  for (guint i = 0; i < fields->len; i++)
    {
      VneidFilledField *field = g_ptr_array_index (fields, i);
      const char *value = vneid_filled_field_get_value (field);
      const char *label = vneid_form_field_get_label (vneid_filled_field_get_field (field));

      /* Labels are Vietnamese: printf pads bytes, not characters, so no columns. */
      if (vneid_filled_field_get_read_only (field))
        printf ("  [verified, read-only] %s: %s\n", label, value);
      else if (value != NULL)
        printf ("  [editable, %s] %s: %s\n",
                vneid_field_status_to_string (vneid_filled_field_get_status (field)), label, value);
      else
        printf ("  [to type, %s] %s\n",
                vneid_field_status_to_string (vneid_filled_field_get_status (field)), label);
    }
  printf ("the citizen must type:");
  for (char **name = missing; *name != NULL; name++)
    printf (" %s", *name);
  printf ("%s\n", missing[0] == NULL ? " nothing" : "");
  printf ("required fields filled: %.0f%%\n", 100 * vneid_filled_form_get_completeness (form));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidTrustStore) store = NULL;
  g_autoptr(VneidVerifier) verifier = NULL;
  g_autoptr(VneidPluginRegistry) registry = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  g_auto(GStrv) presentations = NULL;

  if (argc < 5)
    {
      fprintf (stderr, "usage: %s DATA_DIR NONCE AUDIENCE PRESENTATION_FILE...\n", argv[0]);
      return 2;
    }

  store = portal_trust_store (argv[1], &error);
  presentations = store ? read_presentations (argv + 4, argc - 4, &error) : NULL;
  if (presentations == NULL)
    {
      fprintf (stderr, "portal: %s\n", error->message);
      return 2;
    }
  /* The verifier keeps its own reference to the store. */
  verifier = vneid_verifier_new (store);

  /* Form plugins: VNEID_PLUGIN_PATH, then the installed ones. */
  registry = vneid_plugin_registry_new ();
  vneid_plugin_registry_load_default (registry);

  /* One request: the nonce and audience are arguments, never verifier
   * state, so one verifier serves many threads. */
  profile = vneid_profile_new_from_presentations (verifier, (const char * const *) presentations,
                                                  argv[2], argv[3], &error);
  if (profile == NULL)
    {
      printf ("rejected: %s\n  (%s)\n", rejection_advice (error), error->message);
      return 1;
    }
  printf ("%s, level %u, verified from %u presentation(s)\n",
          vneid_profile_get_name (profile), vneid_profile_get_level (profile), argc - 4);

  form = vneid_plugin_registry_fill (registry, FORM_ID, profile, &error);
  if (form == NULL)
    {
      fprintf (stderr, "portal: %s\n", error->message);
      return 2;
    }
  print_form (form);
  return 0;
}
