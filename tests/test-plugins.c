/* test-plugins.c: the plugin registry, broken plugins, and the bhyt-checkin plugin
 *
 * The bundled plugins are loaded from the build tree (VNEID_PLUGIN_PATH is
 * build/plugins, set by tests/meson.build). Each broken plugin is written to
 * a temporary folder of its own, beside a good plugin that must still load.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <glib/gstdio.h>

#include <vneid.h>

#include "vneid-test-util.h"

#define BHYT_FORM "vn.bhxh.bhyt-checkin"
#define GOOD_FORM "vn.test.good"

/* ---- folders ------------------------------------------------------------ */

/* The first folder of VNEID_PLUGIN_PATH: build/plugins. */
static char *
build_plugins_dir (void)
{
  const char *path = g_getenv ("VNEID_PLUGIN_PATH");
  g_auto(GStrv) folders = NULL;

  ck_assert_msg (path != NULL && path[0] != '\0', "VNEID_PLUGIN_PATH is not set");
  folders = g_strsplit (path, ":", 2);
  return g_strdup (folders[0]);
}

static char *
bhyt_module_path (void)
{
  g_autofree char *dir = build_plugins_dir ();

  return g_build_filename (dir, "bhyt-checkin", "libbhyt-checkin.so", NULL);
}

static const char *
test_module (const char *variable)
{
  const char *path = g_getenv (variable);

  ck_assert_msg (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR),
                 "%s does not name a built module", variable);
  return path;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vneid-plugins-XXXXXX", &error);

  vt_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
remove_plugin (const char *root,
               const char *plugin)
{
  g_autofree char *dir = g_build_filename (root, plugin, NULL);

  remove_tree (dir);
}

/* Writes @text to @root/@plugin/@file, making the plugin folder. */
static void
write_file (const char *root,
            const char *plugin,
            const char *file,
            const char *text)
{
  g_autofree char *dir = g_build_filename (root, plugin, NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  g_file_set_contents (path, text, -1, &error);
  vt_assert_no_error (error);
}

/* @root/@plugin/@link → @target */
static void
link_file (const char *root,
           const char *plugin,
           const char *link,
           const char *target)
{
  g_autofree char *dir = g_build_filename (root, plugin, NULL);
  g_autofree char *path = g_build_filename (dir, link, NULL);

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  ck_assert_msg (symlink (target, path) == 0, "symlink %s: %s", path, g_strerror (errno));
}

static void
write_key_file (const char *root,
                const char *plugin,
                const char *forms,
                const char *module)
{
  g_autofree char *file = g_strconcat (plugin, ".plugin", NULL);
  g_autofree char *text = g_strdup_printf ("[Plugin]\nName=%s\nVersion=1.0\n"
                                           "Description=A test plugin\nForms=%s\n%s%s%s",
                                           plugin, forms,
                                           module ? "Module=" : "", module ? module : "",
                                           module ? "\n" : "");

  write_file (root, plugin, file, text);
}

/* A minimal schema for @form_id: two fields. */
static char *
schema_json (const char *form_id)
{
  return g_strdup_printf (
    "{ \"id\": \"%s\", \"version\": \"1\", \"title\": \"Test form\", \"authority\": \"Tests\",\n"
    "  \"fields\": [\n"
    "    { \"name\": \"full_name\", \"label\": \"Họ và tên\", \"type\": \"string\", \"required\": true },\n"
    "    { \"name\": \"birth_date\", \"label\": \"Ngày sinh\", \"type\": \"date\" } ] }\n",
    form_id);
}

static char *
mapping_json (const char *form_id,
              const char *full_name_entry)
{
  return g_strdup_printf ("{ \"form\": \"%s\", \"fields\": { \"full_name\": %s, "
                          "\"birth_date\": { \"from\": \"birthdate\" } } }\n",
                          form_id, full_name_entry);
}

/* A declarative plugin @plugin in @root filling @form_id; @schema and
 * @mapping replace the good texts when non-NULL. */
static void
write_declarative (const char *root,
                   const char *plugin,
                   const char *form_id,
                   const char *schema,
                   const char *mapping)
{
  g_autofree char *schema_file = g_strconcat (form_id, ".schema.json", NULL);
  g_autofree char *mapping_file = g_strconcat (form_id, ".mapping.json", NULL);
  g_autofree char *good_schema = schema_json (form_id);
  g_autofree char *good_mapping = mapping_json (form_id, "{ \"from\": \"name\" }");

  write_key_file (root, plugin, form_id, NULL);
  write_file (root, plugin, schema_file, schema ? schema : good_schema);
  write_file (root, plugin, mapping_file, mapping ? mapping : good_mapping);
}

/* ---- registry assertions ------------------------------------------------ */

static gboolean
strv_has (char **strv,
          const char *s)
{
  return g_strv_contains ((const char * const *) strv, s);
}

static void
assert_forms (VneidPluginRegistry *registry,
              const char          *expected)
{
  g_auto(GStrv) forms = vneid_plugin_registry_list_forms (registry);
  g_autofree char *joined = g_strjoinv (",", forms);

  ck_assert_str_eq (joined, expected);
}

/* Loads @root, which holds the good plugin and one broken one, and checks
 * that exactly one error was recorded, naming @plugin's folder and
 * containing each '|'-free piece of @reasons ("a&b" means both). */
static void
assert_broken_at (const char *file,
                  int         line,
                  const char *root,
                  const char *plugin,
                  const char *reasons,
                  const char *broken_form)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autofree char *plugin_dir = g_build_filename (root, plugin, NULL);
  g_autofree char *prefix = g_strconcat (plugin_dir, ": ", NULL);
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) plugins = NULL;
  g_auto(GStrv) pieces = g_strsplit (reasons, "&", -1);

  vneid_plugin_registry_load_path (registry, root);
  errors = vneid_plugin_registry_list_errors (registry);
  plugins = vneid_plugin_registry_list_plugins (registry);

  /* VNEID_TEST_VERBOSE=1 shows the messages, to judge them by eye. */
  if (g_getenv ("VNEID_TEST_VERBOSE") != NULL)
    for (gsize i = 0; errors[i] != NULL; i++)
      g_printerr ("# %s\n", errors[i]);

  ck_assert_msg (g_strv_length (errors) == 1, "%s:%d: %u errors, expected 1 (first: %s)",
                 file, line, g_strv_length (errors), errors[0] ? errors[0] : "none");
  ck_assert_msg (g_str_has_prefix (errors[0], prefix), "%s:%d: “%s” does not start with “%s”",
                 file, line, errors[0], prefix);
  for (gsize i = 0; pieces[i] != NULL; i++)
    ck_assert_msg (strstr (errors[0], pieces[i]) != NULL, "%s:%d: “%s” does not say “%s”",
                   file, line, errors[0], pieces[i]);

  /* The good plugin still loads; nothing of the broken one remains. */
  ck_assert_msg (vneid_plugin_registry_lookup (registry, GOOD_FORM) != NULL,
                 "%s:%d: the good plugin did not load", file, line);
  ck_assert_msg (strv_has (plugins, "good"), "%s:%d: good is not listed", file, line);
  ck_assert_msg (!strv_has (plugins, plugin), "%s:%d: %s is listed", file, line, plugin);
  if (broken_form != NULL)
    ck_assert_msg (vneid_plugin_registry_lookup (registry, broken_form) == NULL,
                   "%s:%d: %s was registered by a broken plugin", file, line, broken_form);
}
#define assert_broken(root, plugin, reasons, broken_form) \
  assert_broken_at (__FILE__, __LINE__, (root), (plugin), (reasons), (broken_form))

/* A temporary plugin folder holding the good plugin. */
static char *
root_with_good (void)
{
  char *root = make_temp_dir ();

  write_declarative (root, "good", GOOD_FORM, NULL, NULL);
  return root;
}

/* ---- profiles ------------------------------------------------------------ */

static VneidKey *pid_issuer_key;
static VneidKey *bhyt_issuer_key;
static VneidVerifier *verifier;

static void
setup_issuers (void)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autoptr(GError) error = NULL;

  pid_issuer_key = vt_key_new ("population-db-test");
  bhyt_issuer_key = vt_key_new ("vss-bhyt-test");
  ck_assert (vneid_trust_store_add_key (store, VT_ISSUER, pid_issuer_key, &error));
  ck_assert (vneid_trust_store_add_key (store, VT_OTHER_ISSUER, bhyt_issuer_key, &error));
  vt_assert_no_error (error);
  vneid_trust_store_allow (store, VT_VCT_PID, VT_ISSUER);
  vneid_trust_store_allow (store, VT_VCT_BHYT, VT_OTHER_ISSUER);
  verifier = vt_verifier_new (store);
}

static void
teardown_issuers (void)
{
  g_clear_object (&verifier);
  g_clear_object (&pid_issuer_key);
  g_clear_object (&bhyt_issuer_key);
}

/* Issues the claims of examples/data/citizens/@citizen/@kind.json (every
 * claim visible) and verifies the result. */
static VneidVerifiedCredential *
issue (const char *citizen,
       const char *kind)
{
  const char *data = g_getenv ("VNEID_EXAMPLES_DATA");
  gboolean bhyt = strcmp (kind, "bhyt") == 0;
  g_autofree char *file = g_strconcat (kind, ".json", NULL);
  g_autofree char *path = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *compact = NULL;
  g_autoptr(VneidCredentialBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_msg (data != NULL, "VNEID_EXAMPLES_DATA is not set");
  path = g_build_filename (data, "citizens", citizen, file, NULL);
  g_file_get_contents (path, &claims, NULL, &error);
  vt_assert_no_error (error);

  builder = vneid_credential_builder_new_from_json (bhyt ? VT_VCT_BHYT : VT_VCT_PID, claims, &error);
  vt_assert_no_error (error);
  vneid_credential_builder_set_issued_at (builder, VT_IAT);
  vneid_credential_builder_set_expires_at (builder, VT_EXP);
  compact = vneid_credential_builder_build (builder, bhyt ? bhyt_issuer_key : pid_issuer_key,
                                            bhyt ? VT_OTHER_ISSUER : VT_ISSUER, &error);
  vt_assert_no_error (error);
  return vt_verify_ok (verifier, compact);
}

/* The profile of @citizen from their PID and (when @with_bhyt) BHYT card. */
static VneidProfile *
citizen_profile (const char *citizen,
                 gboolean    with_bhyt)
{
  g_autoptr(VneidVerifiedCredential) pid = issue (citizen, "pid");
  g_autoptr(VneidVerifiedCredential) bhyt = with_bhyt ? issue (citizen, "bhyt") : NULL;
  VneidVerifiedCredential *credentials[] = { pid, bhyt };
  g_autoptr(GError) error = NULL;
  VneidProfile *profile = vneid_profile_new (credentials, with_bhyt ? 2 : 1, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (profile);
  return profile;
}

/* ---- tests: the bundled plugins ------------------------------------------ */

static VneidPluginRegistry *
bundled_registry (void)
{
  VneidPluginRegistry *registry = vneid_plugin_registry_new ();
  g_autofree char *dir = build_plugins_dir ();
  g_auto(GStrv) errors = NULL;

  vneid_plugin_registry_load_path (registry, dir);
  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_msg (errors[0] == NULL, "a bundled plugin failed: %s", errors[0]);
  return registry;
}

START_TEST (test_bundled)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autofree char *dir = build_plugins_dir ();
  g_auto(GStrv) plugins = vneid_plugin_registry_list_plugins (registry);
  g_auto(GStrv) forms = vneid_plugin_registry_list_forms (registry);
  /* The declarative plugins are someone else's; they load when present. */
  static const struct { const char *plugin, *form; } declarative[] = {
    { "bank-account", "vn.sbv.bank-account" },
    { "ct01", "vn.bca.ct01" },
    { "sim-registration", "vn.mic.sim-registration" },
    { "tk01", "vn.bca.tk01" },
  };

  ck_assert (strv_has (plugins, "bhyt-checkin"));
  ck_assert (strv_has (forms, BHYT_FORM));
  ck_assert_ptr_nonnull (vneid_plugin_registry_lookup (registry, BHYT_FORM));

  for (gsize i = 0; i < G_N_ELEMENTS (declarative); i++)
    {
      g_autofree char *folder = g_build_filename (dir, declarative[i].plugin, NULL);

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        continue;
      ck_assert_msg (strv_has (plugins, declarative[i].plugin), "%s not loaded", declarative[i].plugin);
      ck_assert_msg (strv_has (forms, declarative[i].form), "%s not registered", declarative[i].form);
    }

  /* Both lists are sorted. */
  for (gsize i = 1; forms[i] != NULL; i++)
    ck_assert_int_lt (strcmp (forms[i - 1], forms[i]), 0);
  for (gsize i = 1; plugins[i] != NULL; i++)
    ck_assert_int_lt (strcmp (plugins[i - 1], plugins[i]), 0);
}
END_TEST

/* What the key files say is kept: name, version, description, forms,
 * folder, module. */
START_TEST (test_plugin_info)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autofree char *dir = build_plugins_dir ();
  g_autofree char *bhyt_dir = g_build_filename (dir, "bhyt-checkin", NULL);
  g_autofree char *root = root_with_good ();
  g_autofree char *good_dir = g_build_filename (root, "good", NULL);
  g_autoptr(VneidPluginRegistry) own = vneid_plugin_registry_new ();
  VneidPluginInfo *info = vneid_plugin_registry_get_plugin_info (registry, "bhyt-checkin");
  const char * const bhyt_forms[] = { BHYT_FORM, NULL };
  const char * const good_forms[] = { GOOD_FORM, NULL };

  ck_assert_ptr_nonnull (info);
  ck_assert_str_eq (vneid_plugin_info_get_name (info), "bhyt-checkin");
  ck_assert_str_eq (vneid_plugin_info_get_version (info), "1.0");
  ck_assert (g_str_has_prefix (vneid_plugin_info_get_description (info), "Tiếp đón người bệnh"));
  ck_assert (g_strv_equal (vneid_plugin_info_get_forms (info), bhyt_forms));
  ck_assert_str_eq (vneid_plugin_info_get_folder (info), bhyt_dir);
  ck_assert_str_eq (vneid_plugin_info_get_module_name (info), "bhyt-checkin");
  ck_assert_ptr_null (vneid_plugin_registry_get_plugin_info (registry, "no-such-plugin"));

  /* A declarative plugin has no module; a broken one has no info. */
  write_key_file (root, "broken", "vn.test.broken", NULL);
  vneid_plugin_registry_load_path (own, root);
  info = vneid_plugin_registry_get_plugin_info (own, "good");
  ck_assert_ptr_nonnull (info);
  ck_assert_str_eq (vneid_plugin_info_get_version (info), "1.0");
  ck_assert_str_eq (vneid_plugin_info_get_description (info), "A test plugin");
  ck_assert (g_strv_equal (vneid_plugin_info_get_forms (info), good_forms));
  ck_assert_str_eq (vneid_plugin_info_get_folder (info), good_dir);
  ck_assert_ptr_null (vneid_plugin_info_get_module_name (info));
  ck_assert_ptr_null (vneid_plugin_registry_get_plugin_info (own, "broken"));
  remove_tree (root);
}
END_TEST

START_TEST (test_load_default)
{
  g_autofree char *dir = build_plugins_dir ();
  g_autofree char *saved = g_strdup (g_getenv ("VNEID_PLUGIN_PATH"));
  g_autofree char *root = root_with_good ();
  g_autofree char *path = g_strconcat (":", root, "::/nonexistent/vneid::", dir, ":", NULL);
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_auto(GStrv) errors = NULL;

  /* Empty and absent folders are skipped; both real ones load. */
  g_setenv ("VNEID_PLUGIN_PATH", path, TRUE);
  vneid_plugin_registry_load_default (registry);
  g_setenv ("VNEID_PLUGIN_PATH", saved, TRUE);

  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_msg (errors[0] == NULL, "%s", errors[0]);
  ck_assert_ptr_nonnull (vneid_plugin_registry_lookup (registry, GOOD_FORM));
  ck_assert_ptr_nonnull (vneid_plugin_registry_lookup (registry, BHYT_FORM));
  remove_tree (root);
}
END_TEST

START_TEST (test_two_registries)
{
  /* The module is opened once per process; a second registry gets the
   * same module, its register function called again. */
  g_autoptr(VneidPluginRegistry) first = bundled_registry ();
  g_autoptr(VneidPluginRegistry) second = bundled_registry ();
  VneidFormMapper *a = vneid_plugin_registry_lookup (first, BHYT_FORM);
  VneidFormMapper *b = vneid_plugin_registry_lookup (second, BHYT_FORM);

  ck_assert_ptr_nonnull (a);
  ck_assert_ptr_nonnull (b);
  ck_assert_ptr_ne (a, b);
  ck_assert (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));
  ck_assert_ptr_eq (vneid_form_mapper_get_schema (a), vneid_form_mapper_get_schema (b));
}
END_TEST

/* The same plugin in two folders: neither wins silently. Both are refused
 * and reported, and so is a third copy; asking for one by folder fails. */
START_TEST (test_duplicate_plugins)
{
  g_autofree char *first = root_with_good ();
  g_autofree char *second = root_with_good ();
  g_autofree char *third = root_with_good ();
  g_autofree char *good_dir = g_build_filename (third, "good", NULL);
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autoptr(GError) error = NULL;

  vneid_plugin_registry_load_path (registry, first);
  ck_assert_ptr_nonnull (vneid_plugin_registry_lookup (registry, GOOD_FORM));
  vneid_plugin_registry_load_path (registry, second);
  ck_assert_ptr_null (vneid_plugin_registry_lookup (registry, GOOD_FORM));
  ck_assert_ptr_null (vneid_plugin_registry_get_plugin_info (registry, "good"));
  {
    g_auto(GStrv) errors = vneid_plugin_registry_list_errors (registry);
    g_autofree char *one = g_build_filename (first, "good", NULL);
    g_autofree char *two = g_build_filename (second, "good", NULL);

    ck_assert_uint_eq (g_strv_length (errors), 2);
    ck_assert_ptr_nonnull (strstr (errors[0], "neither is loaded"));
    ck_assert_ptr_nonnull (strstr (errors[1], "neither is loaded"));
    ck_assert (g_str_has_prefix (errors[0], one) || g_str_has_prefix (errors[1], one));
    ck_assert (g_str_has_prefix (errors[0], two) || g_str_has_prefix (errors[1], two));
  }

  ck_assert (!vneid_plugin_registry_load_plugin (registry, good_dir, &error));
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_DUPLICATE_FORM, "conflicts with the plugin name good");
  ck_assert (g_str_has_prefix (error->message, good_dir));
  ck_assert_ptr_null (vneid_plugin_registry_lookup (registry, GOOD_FORM));

  remove_tree (first);
  remove_tree (second);
  remove_tree (third);
}
END_TEST

/* Asked for by folder, a plugin named like a loaded one is an error, and
 * the loaded one goes too. */
START_TEST (test_duplicate_plugin_direct)
{
  g_autofree char *first = root_with_good ();
  g_autofree char *second = root_with_good ();
  g_autofree char *one = g_build_filename (first, "good", NULL);
  g_autofree char *two = g_build_filename (second, "good", NULL);
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) errors = NULL;

  ck_assert (vneid_plugin_registry_load_plugin (registry, one, &error));
  ck_assert (!vneid_plugin_registry_load_plugin (registry, two, &error));
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_DUPLICATE_FORM, "neither is loaded");
  ck_assert (g_str_has_prefix (error->message, two));
  ck_assert_ptr_null (vneid_plugin_registry_lookup (registry, GOOD_FORM));
  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_uint_eq (g_strv_length (errors), 1);
  ck_assert (g_str_has_prefix (errors[0], one));
  remove_tree (first);
  remove_tree (second);
}
END_TEST

START_TEST (test_load_plugin_direct)
{
  g_autofree char *root = root_with_good ();
  g_autofree char *good_dir = g_build_filename (root, "good", NULL);
  g_autofree char *bad_dir = NULL;
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) errors = NULL;

  ck_assert (vneid_plugin_registry_load_plugin (registry, good_dir, &error));
  vt_assert_no_error (error);

  write_declarative (root, "bad", "vn.test.bad", "{ \"id\": ", NULL);
  bad_dir = g_build_filename (root, "bad", NULL);
  ck_assert (!vneid_plugin_registry_load_plugin (registry, bad_dir, &error));
  ck_assert (g_str_has_prefix (error->message, bad_dir));
  ck_assert (error->domain == VNEID_FORM_ERROR);

  /* Returned, not recorded. */
  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_ptr_null (errors[0]);
  remove_tree (root);
}
END_TEST

START_TEST (test_missing_path)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) forms = NULL;

  vneid_plugin_registry_load_path (registry, "/nonexistent/vneid/plugins");
  errors = vneid_plugin_registry_list_errors (registry);
  forms = vneid_plugin_registry_list_forms (registry);
  ck_assert_ptr_null (errors[0]);
  ck_assert_ptr_null (forms[0]);
}
END_TEST

/* ---- tests: broken plugins ------------------------------------------------ */

START_TEST (test_broken_schema_json)
{
  g_autofree char *root = root_with_good ();

  write_declarative (root, "bad-schema", "vn.test.bad", "{ \"id\": \"vn.test.bad\", ", NULL);
  assert_broken (root, "bad-schema", "vn.test.bad.schema.json", "vn.test.bad");
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_schema_id)
{
  g_autofree char *root = root_with_good ();
  g_autofree char *other = schema_json ("vn.test.other");

  write_declarative (root, "wrong-id", "vn.test.bad", other, NULL);
  assert_broken (root, "wrong-id", "vn.test.other&vn.test.bad", "vn.test.bad");
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_unknown_transform)
{
  g_autofree char *root = root_with_good ();
  g_autofree char *mapping = mapping_json ("vn.test.bad",
                                           "{ \"from\": \"name\", \"transforms\": [\"shout\"] }");

  write_declarative (root, "bad-transform", "vn.test.bad", NULL, mapping);
  assert_broken (root, "bad-transform", "vn.test.bad.mapping.json&shout", "vn.test.bad");
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_unknown_path)
{
  g_autofree char *root = root_with_good ();
  g_autofree char *mapping = mapping_json ("vn.test.bad", "{ \"from\": \"nickname\" }");

  write_declarative (root, "bad-path", "vn.test.bad", NULL, mapping);
  assert_broken (root, "bad-path", "vn.test.bad.mapping.json&nickname", "vn.test.bad");
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_key_file)
{
  /* One broken key file per loop iteration. */
  static const struct { const char *text, *reason; } cases[] = {
    { "[Plugin]\nName=broken\nDescription=x\nForms=vn.test.bad\n", "has no Version key" },
    { "[Plugin]\nName=broken\nVersion=1\nForms=vn.test.bad\n", "has no Description key" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\n", "has no Forms key" },
    { "[Plugin]\nVersion=1\nDescription=x\nForms=vn.test.bad\n", "has no Name key" },
    { "[Plugin]\nName=\nVersion=1\nDescription=x\nForms=vn.test.bad\n", "Name is empty" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=\n", "Forms lists no form" },
    { "[Other]\nName=broken\n", "no [Plugin] group" },
    { "Name=broken\n", "not a key file" },
    { "[Plugin]\nName=a/b\nVersion=1\nDescription=x\nForms=vn.test.bad\n", "is not a plugin name" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=../../etc/passwd\n", "is not a form id" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=vn.test..bad\n", "is not a form id" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=vn/test.bad\n", "is not a form id" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=vn.test.bad;vn.test.bad\n", "twice" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=vn.test.bad\nModule=../evil\n",
      "Module “../evil” is not a module name" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=vn.test.bad\nModule=a/b\n",
      "is not a module name" },
    { "[Plugin]\nName=broken\nVersion=1\nDescription=x\nForms=vn.test.bad\nModule=\n",
      "Module is empty" },
  };
  g_autofree char *root = root_with_good ();
  g_autofree char *schema = schema_json ("vn.test.bad");
  g_autofree char *mapping = mapping_json ("vn.test.bad", "{ \"from\": \"name\" }");

  write_file (root, "broken", "broken.plugin", cases[_i].text);
  write_file (root, "broken", "vn.test.bad.schema.json", schema);
  write_file (root, "broken", "vn.test.bad.mapping.json", mapping);
  assert_broken (root, "broken", cases[_i].reason, "vn.test.bad");
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_key_file_count)
{
  g_autofree char *root = root_with_good ();

  /* No key file at all, then two. */
  write_file (root, "empty", "README", "nothing here\n");
  assert_broken (root, "empty", "no .plugin key file", NULL);

  write_key_file (root, "twice", GOOD_FORM, NULL);
  write_file (root, "twice", "other.plugin", "[Plugin]\n");
  remove_plugin (root, "empty");
  assert_broken (root, "twice", "more than one .plugin key file&other.plugin&twice.plugin", NULL);
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_missing_files)
{
  g_autofree char *root = root_with_good ();

  /* Forms lists two forms; the second one's files are absent. */
  write_declarative (root, "half", "vn.test.first", NULL, NULL);
  write_key_file (root, "half", "vn.test.first;vn.test.second", NULL);
  assert_broken (root, "half", "vn.test.second.schema.json is missing", "vn.test.first");
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_no_entry_point)
{
  g_autofree char *root = root_with_good ();

  write_key_file (root, "noentry", "vn.test.bad", "noentry");
  link_file (root, "noentry", "libnoentry.so", test_module ("VNEID_TEST_MODULE_NOENTRY"));
  assert_broken (root, "noentry", "libnoentry.so&does not export&vneid_plugin_register", NULL);
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_register_fails)
{
  g_autofree char *root = root_with_good ();

  write_key_file (root, "failing", "vn.test.bad", "failing");
  link_file (root, "failing", "libfailing.so", test_module ("VNEID_TEST_MODULE_FAILING"));
  assert_broken (root, "failing", "libfailing.so&vneid_plugin_register() failed&no database today",
                 "vn.test.bad");
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_missing_module)
{
  g_autofree char *root = root_with_good ();

  write_key_file (root, "nomodule", "vn.test.bad", "nomodule");
  assert_broken (root, "nomodule", "libnomodule.so is missing", NULL);
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_not_a_module)
{
  g_autofree char *root = root_with_good ();

  write_key_file (root, "garbage", "vn.test.bad", "garbage");
  write_file (root, "garbage", "libgarbage.so", "this is not an ELF file\n");
  assert_broken (root, "garbage", "libgarbage.so&cannot open the module", NULL);
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_duplicate_form)
{
  g_autofree char *root = root_with_good ();
  g_autofree char *good_dir = g_build_filename (root, "good", NULL);
  g_autofree char *other_dir = g_build_filename (root, "other", NULL);
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_auto(GStrv) errors = NULL;

  /* "good" sorts before "other", which takes the same form: that used to
   * leave the form to the first in alphabetical order. Neither is kept. */
  write_declarative (root, "other", GOOD_FORM, NULL, NULL);
  vneid_plugin_registry_load_path (registry, root);
  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_uint_eq (g_strv_length (errors), 2);
  ck_assert (g_str_has_prefix (errors[0], good_dir) || g_str_has_prefix (errors[1], good_dir));
  ck_assert (g_str_has_prefix (errors[0], other_dir) || g_str_has_prefix (errors[1], other_dir));
  ck_assert_ptr_nonnull (strstr (errors[0], "neither is loaded"));
  ck_assert_ptr_nonnull (strstr (errors[1], "neither is loaded"));
  ck_assert_ptr_null (vneid_plugin_registry_lookup (registry, GOOD_FORM));
  ck_assert_ptr_null (vneid_plugin_registry_get_plugin_info (registry, "good"));
  ck_assert_ptr_null (vneid_plugin_registry_get_plugin_info (registry, "other"));
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_module_forms)
{
  /* The bhyt-checkin module under a key file that lists one more form than
   * it provides, and one that lists another form: the module registers its
   * mapper into staging, and nothing of it may remain. */
  g_autofree char *root = root_with_good ();
  g_autofree char *module = bhyt_module_path ();

  write_key_file (root, "more", BHYT_FORM ";vn.test.absent", "bhyt-checkin");
  link_file (root, "more", "libbhyt-checkin.so", module);
  assert_broken (root, "more", "Forms lists vn.test.absent, and the plugin does not provide it",
                 BHYT_FORM);
  remove_plugin (root, "more");

  write_key_file (root, "fewer", "vn.test.other", "bhyt-checkin");
  link_file (root, "fewer", "libbhyt-checkin.so", module);
  assert_broken (root, "fewer", "Forms lists vn.test.other", BHYT_FORM);
  remove_tree (root);
}
END_TEST

START_TEST (test_broken_module_duplicate)
{
  /* A C plugin whose key file lists a form a declarative plugin took
   * first: neither is kept (the module is not even opened). */
  g_autofree char *root = root_with_good ();
  g_autofree char *schema = schema_json (BHYT_FORM);
  g_autofree char *mapping = mapping_json (BHYT_FORM, "{ \"from\": \"name\" }");
  g_autofree char *module = bhyt_module_path ();

  write_declarative (root, "a-first", BHYT_FORM, schema, mapping);
  write_key_file (root, "b-module", BHYT_FORM, "bhyt-checkin");
  link_file (root, "b-module", "libbhyt-checkin.so", module);
  {
    g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
    g_auto(GStrv) errors = NULL;
    VneidFormMapper *mapper;

    vneid_plugin_registry_load_path (registry, root);
    errors = vneid_plugin_registry_list_errors (registry);
    ck_assert_uint_eq (g_strv_length (errors), 2);
    ck_assert_msg (strstr (errors[0], "a-first: plugin b-module") && strstr (errors[0], "neither is loaded"),
                   "%s", errors[0]);
    ck_assert_msg (strstr (errors[1], "b-module: conflicts with plugin a-first"), "%s", errors[1]);
    mapper = vneid_plugin_registry_lookup (registry, BHYT_FORM);
    ck_assert_ptr_null (mapper);
  }
  remove_tree (root);
}
END_TEST

/* ---- tests: third-party plugins ------------------------------------------- */

/* A "JSON" plugin that adds Module= and ships a library whose constructor
 * runs on open: a declarative-only registry refuses it without opening it. */
START_TEST (test_declarative_only)
{
  g_autofree char *root = root_with_good ();
  g_autofree char *schema = schema_json ("vn.test.json");
  g_autofree char *mapping = mapping_json ("vn.test.json", "{ \"from\": \"name\" }");
  g_autoptr(VneidPluginRegistry) registry = g_object_new (VNEID_TYPE_PLUGIN_REGISTRY,
                                                          "declarative-only", TRUE, NULL);
  g_autoptr(VneidPluginRegistry) ordinary = vneid_plugin_registry_new ();
  g_autoptr(VneidPluginRegistry) set_later = vneid_plugin_registry_new ();
  g_autofree char *json_dir = g_build_filename (root, "json", NULL);
  g_autoptr(GError) error = NULL;

  write_declarative (root, "json", "vn.test.json", schema, mapping);
  write_key_file (root, "json", "vn.test.json", "json");
  link_file (root, "json", "libjson.so", test_module ("VNEID_TEST_MODULE_CONSTRUCTOR"));
  g_unsetenv ("VNEID_TEST_CONSTRUCTOR_RAN");

  ck_assert (vneid_plugin_registry_get_declarative_only (registry));
  vneid_plugin_registry_load_path (registry, root);
  {
    g_auto(GStrv) errors = vneid_plugin_registry_list_errors (registry);

    ck_assert_uint_eq (g_strv_length (errors), 1);
    ck_assert (g_str_has_prefix (errors[0], json_dir));
    ck_assert_msg (strstr (errors[0], "Module=json: this registry loads declarative plugins only") &&
                   strstr (errors[0], "not opened"), "%s", errors[0]);
  }
  ck_assert_ptr_nonnull (vneid_plugin_registry_lookup (registry, GOOD_FORM));
  ck_assert_ptr_null (vneid_plugin_registry_lookup (registry, "vn.test.json"));

  vneid_plugin_registry_set_declarative_only (set_later, TRUE);
  ck_assert (!vneid_plugin_registry_load_plugin (set_later, json_dir, &error));
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN, "declarative plugins only");
  ck_assert_msg (g_getenv ("VNEID_TEST_CONSTRUCTOR_RAN") == NULL,
                 "a declarative-only registry opened the module");

  /* The check can fail: an ordinary registry opens it, and its
   * constructor runs before the missing entry point is noticed. */
  vneid_plugin_registry_load_path (ordinary, root);
  ck_assert_ptr_nonnull (g_getenv ("VNEID_TEST_CONSTRUCTOR_RAN"));
  g_unsetenv ("VNEID_TEST_CONSTRUCTOR_RAN");
  remove_tree (root);
}
END_TEST

/* Plugin files are not read through links; nothing of a file elsewhere
 * reaches a message. */
START_TEST (test_symlinked_files)
{
  static const char *const files[] = { "vn.test.bad.schema.json", "vn.test.bad.mapping.json", "bad.plugin" };
  g_autofree char *root = root_with_good ();
  g_autofree char *secret_dir = make_temp_dir ();
  g_autofree char *secret = g_build_filename (secret_dir, "secret.json", NULL);
  g_autoptr(GError) error = NULL;

  /* readable, and its content would make a fine error message */
  g_file_set_contents (secret, "{ \"SECRET-TOKEN-42\": \"SECRET-VALUE\" }\n[Plugin]\nSECRET=1\n", -1, &error);
  vt_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
      g_autofree char *path = g_build_filename (root, "bad", files[i], NULL);
      g_auto(GStrv) errors = NULL;

      write_declarative (root, "bad", "vn.test.bad", NULL, NULL);
      g_unlink (path);
      link_file (root, "bad", files[i], secret);
      assert_broken (root, "bad", "is a symbolic link", "vn.test.bad");
      vneid_plugin_registry_load_path (registry, root);
      errors = vneid_plugin_registry_list_errors (registry);
      ck_assert_msg (strstr (errors[0], files[i]) != NULL, "%s", errors[0]);
      ck_assert_msg (strstr (errors[0], "SECRET") == NULL, "%s", errors[0]);
      remove_plugin (root, "bad");
    }
  remove_tree (root);
  remove_tree (secret_dir);
}
END_TEST

/* A key file with a NUL byte (GKeyFile would cut the value there and load
 * the rest), with lines or values that would reach a terminal raw. */
START_TEST (test_key_file_text)
{
  static const struct { const char *text; gsize len; const char *reason; } cases[] = {
    { "[Plugin]\nName=bad\0evil\nVersion=1\nDescription=x\nForms=vn.test.bad\n", 65, "NUL byte" },
    { "[Plugin]\nName=bad\nVersion=1\\nCitizen: verified\nDescription=x\nForms=vn.test.bad\n", 0,
      "Version must be one line of text" },
    { "[Plugin]\nName=bad\nVersion=1\nDescription=\x1b]0;pwned\x07\x1b[2J\nForms=vn.test.bad\n", 0,
      "Description must be one line of text&no control or formatting" },
    { "[Plugin]\nName=bad\nVersion=1\nDescription=right\xe2\x80\xaeleft\nForms=vn.test.bad\n", 0,
      "Description must be one line" },
    { "[Plugin]\nName=bad\nSECRET garbage line\n", 0, "a line is neither" },
  };
  g_autofree char *root = root_with_good ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  write_declarative (root, "bad", "vn.test.bad", NULL, NULL);
  path = g_build_filename (root, "bad", "bad.plugin", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
      g_auto(GStrv) errors = NULL;

      g_file_set_contents (path, cases[i].text, cases[i].len ? (gssize) cases[i].len : -1, &error);
      vt_assert_no_error (error);
      assert_broken (root, "bad", cases[i].reason, "vn.test.bad");
      vneid_plugin_registry_load_path (registry, root);
      errors = vneid_plugin_registry_list_errors (registry);
      ck_assert_msg (strstr (errors[0], "SECRET") == NULL && strchr (errors[0], '\x1b') == NULL,
                     "%s", errors[0]);
    }
  remove_tree (root);
}
END_TEST

/* ---- tests: registering at run time ----------------------------------------- */

static VneidFormMapper *
runtime_mapper (const char *form_id)
{
  g_autofree char *schema_text = schema_json (form_id);
  g_autofree char *mapping_text = mapping_json (form_id, "{ \"from\": \"name\" }");
  g_autoptr(VneidFormSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  VneidDeclarativeMapper *mapper;

  schema = vneid_form_schema_new_from_json (schema_text, "runtime schema", &error);
  vt_assert_no_error (error);
  mapper = vneid_declarative_mapper_new_from_json (schema, mapping_text, "runtime mapping", &error);
  vt_assert_no_error (error);
  return VNEID_FORM_MAPPER (mapper);
}

START_TEST (test_register_mapper)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidFormMapper) mapper = runtime_mapper ("vn.test.runtime");
  g_autoptr(VneidFormMapper) again = runtime_mapper ("vn.test.runtime");
  g_autoptr(VneidFormMapper) bhyt = runtime_mapper (BHYT_FORM);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) plugins_before = vneid_plugin_registry_list_plugins (registry);
  g_auto(GStrv) plugins_after = NULL;

  ck_assert (vneid_plugin_registry_register_mapper (registry, mapper, &error));
  vt_assert_no_error (error);
  ck_assert_ptr_eq (vneid_plugin_registry_lookup (registry, "vn.test.runtime"), mapper);

  ck_assert (!vneid_plugin_registry_register_mapper (registry, again, &error));
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_DUPLICATE_FORM,
                   "form vn.test.runtime is registered already");
  g_clear_error (&error);
  ck_assert_ptr_eq (vneid_plugin_registry_lookup (registry, "vn.test.runtime"), mapper);

  /* A plugin's form is taken too, and the message names the plugin. */
  ck_assert (!vneid_plugin_registry_register_mapper (registry, bhyt, &error));
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_DUPLICATE_FORM,
                   "by plugin bhyt-checkin");

  /* Run-time mappers belong to no plugin. */
  plugins_after = vneid_plugin_registry_list_plugins (registry);
  ck_assert_uint_eq (g_strv_length (plugins_before), g_strv_length (plugins_after));
}
END_TEST

START_TEST (test_fill_unknown_form)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autoptr(VneidProfile) profile = citizen_profile ("le-bao-ngoc", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFilledForm) form = NULL;

  form = vneid_plugin_registry_fill (registry, "vn.test.nothing", profile, &error);
  ck_assert_ptr_null (form);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_UNKNOWN_FORM, "vn.test.nothing");
}
END_TEST

/* ---- tests: the bhyt-checkin mapper ---------------------------------------- */

/* A clinic's own instance of the plugin's mapper type. */
static VneidFormMapper *
clinic_mapper (VneidPluginRegistry *registry,
               const char          *visit_iso,
               const char          *facility_code)
{
  VneidFormMapper *shared = vneid_plugin_registry_lookup (registry, BHYT_FORM);
  g_autoptr(VneidDate) visit = NULL;

  ck_assert_ptr_nonnull (shared);
  if (visit_iso != NULL)
    {
      g_autoptr(GError) error = NULL;

      visit = vneid_date_parse (visit_iso, &error);
      vt_assert_no_error (error);
    }
  return g_object_new (G_OBJECT_TYPE (shared), VNEID_FORM_MAPPER_PROP_VISIT_DATE, visit,
                       VNEID_FORM_MAPPER_PROP_FACILITY_CODE, facility_code, NULL);
}

static VneidFilledForm *
checkin (const char *citizen,
         gboolean    with_bhyt,
         const char *visit_iso,
         const char *facility_code)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidFormMapper) mapper = clinic_mapper (registry, visit_iso, facility_code);
  g_autoptr(VneidProfile) profile = citizen_profile (citizen, with_bhyt);
  g_autoptr(GError) error = NULL;
  VneidFilledForm *form = vneid_form_mapper_fill (mapper, profile, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (form);
  return form;
}

static void
assert_field_at (const char       *file,
                 int               line,
                 VneidFilledForm  *form,
                 const char       *name,
                 const char       *value,
                 VneidFieldStatus  status)
{
  VneidFilledField *field = vneid_filled_form_lookup (form, name);
  const char *actual;

  ck_assert_msg (field != NULL, "%s:%d: no field %s", file, line, name);
  actual = vneid_filled_field_get_value (field);
  ck_assert_msg (vneid_filled_field_get_status (field) == status,
                 "%s:%d: %s is %s (“%s”, %s), not %s", file, line, name,
                 vneid_field_status_to_string (vneid_filled_field_get_status (field)),
                 actual ? actual : "(null)",
                 vneid_filled_field_get_message (field) ? vneid_filled_field_get_message (field) : "",
                 vneid_field_status_to_string (status));
  ck_assert_msg (g_strcmp0 (actual, value) == 0, "%s:%d: %s is “%s”, not “%s”", file, line, name,
                 actual ? actual : "(null)", value ? value : "(null)");
}
#define assert_field(form, name, value, status) \
  assert_field_at (__FILE__, __LINE__, (form), (name), (value), (status))

#define VERIFIED VNEID_FIELD_STATUS_VERIFIED
#define MISSING  VNEID_FIELD_STATUS_MISSING

START_TEST (test_bhyt_expired)
{
  /* Phạm Quốc Bảo's household card GD4 ran out on 2025-12-31. */
  g_autoptr(VneidFilledForm) form = checkin ("pham-quoc-bao", TRUE, "2026-11-27", "79031");
  VneidFilledField *field;

  assert_field (form, "bhyt_number", "GD4797910938457", VERIFIED);
  assert_field (form, "full_name", "Phạm Quốc Bảo", VERIFIED);
  assert_field (form, "birth_date", "20/11/1992", VERIFIED);
  assert_field (form, "sex", "1", VERIFIED);
  assert_field (form, "registered_facility_code", "79031", VERIFIED);
  assert_field (form, "registered_facility_name", "Bệnh viện Đa khoa Sài Gòn", VERIFIED);
  assert_field (form, "card_valid_from", "01/01/2025", VERIFIED);
  assert_field (form, "card_valid_until", "31/12/2025", VERIFIED);
  assert_field (form, "visit_date", "27/11/2026", VNEID_FIELD_STATUS_SELF_ASSERTED);
  assert_field (form, "card_validity", "expired", VERIFIED);
  assert_field (form, "benefit_level", "4", VERIFIED);
  assert_field (form, "benefit_percentage", "80", VERIFIED);
  assert_field (form, "five_year_continuous_from", "01/01/2020", VERIFIED);
  assert_field (form, "five_year_continuous", "true", VERIFIED);
  assert_field (form, "at_registered_facility", "true", VERIFIED);

  /* Verified values are read-only and say where they came from. */
  field = vneid_filled_form_lookup (form, "card_validity");
  ck_assert (vneid_filled_field_get_read_only (field));
  ck_assert_uint_eq (vneid_filled_field_get_sources (field)->len, 2);
  ck_assert_int_eq (vneid_attribute_get_source_kind (
                      g_ptr_array_index (vneid_filled_field_get_sources (field), 0)),
                    VNEID_SOURCE_KIND_BHYT_DB);
  ck_assert (!vneid_filled_field_get_read_only (vneid_filled_form_lookup (form, "visit_date")));

  /* Every field is filled and valid: the desk can go on. */
  {
    g_autoptr(GError) error = NULL;

    ck_assert (vneid_filled_form_validate (form, &error));
    vt_assert_no_error (error);
  }
}
END_TEST

START_TEST (test_bhyt_child)
{
  /* Lê Bảo Ngọc's child card TE1 (100 %), valid 2021-05-10 to 2027-05-09,
   * five years continuous from 2026-05-10; her facility is 01016. */
  g_autoptr(VneidFilledForm) form = checkin ("le-bao-ngoc", TRUE, "2026-01-01", "79031");
  g_autoptr(VneidFilledForm) later = checkin ("le-bao-ngoc", TRUE, "2026-05-10", "01016");
  g_autoptr(VneidFilledForm) early = checkin ("le-bao-ngoc", TRUE, "2021-05-09", NULL);
  g_autoptr(VneidFilledForm) last_day = checkin ("le-bao-ngoc", TRUE, "2027-05-09", NULL);
  g_autoptr(VneidFilledForm) after = checkin ("le-bao-ngoc", TRUE, "2027-05-10", NULL);

  assert_field (form, "bhyt_number", "TE1010112043871", VERIFIED);
  assert_field (form, "birth_date", "10/05/2021", VERIFIED);
  assert_field (form, "sex", "2", VERIFIED);
  assert_field (form, "card_validity", "valid", VERIFIED);
  assert_field (form, "benefit_level", "1", VERIFIED);
  assert_field (form, "benefit_percentage", "100", VERIFIED);
  assert_field (form, "five_year_continuous", "false", VERIFIED);
  assert_field (form, "at_registered_facility", "false", VERIFIED);

  assert_field (later, "five_year_continuous", "true", VERIFIED);
  assert_field (later, "at_registered_facility", "true", VERIFIED);

  /* The validity bounds are both included. */
  assert_field (early, "card_validity", "not-yet-valid", VERIFIED);
  assert_field (last_day, "card_validity", "valid", VERIFIED);
  assert_field (after, "card_validity", "expired", VERIFIED);

  /* Without the clinic's facility code the desk answers. */
  assert_field (early, "at_registered_facility", NULL, MISSING);
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (
                                   vneid_filled_form_lookup (early, "at_registered_facility")),
                                 VNEID_FORM_MAPPER_PROP_FACILITY_CODE));
}
END_TEST

START_TEST (test_bhyt_bad_facility_code)
{
  g_autoptr(VneidFilledForm) form = checkin ("le-bao-ngoc", TRUE, "2026-01-01", "01016; DROP");

  assert_field (form, "at_registered_facility", NULL, MISSING);
  ck_assert_ptr_nonnull (strstr (vneid_filled_field_get_message (
                                   vneid_filled_form_lookup (form, "at_registered_facility")),
                                 "5-digit"));
}
END_TEST

START_TEST (test_bhyt_no_card)
{
  /* A profile without the BHYT credential: nothing about the card. */
  g_autoptr(VneidFilledForm) form = checkin ("le-bao-ngoc", FALSE, "2026-01-01", "01016");
  g_autoptr(GError) error = NULL;

  assert_field (form, "full_name", "Lê Bảo Ngọc", VERIFIED);
  assert_field (form, "birth_date", "10/05/2021", VERIFIED);
  assert_field (form, "visit_date", "01/01/2026", VNEID_FIELD_STATUS_SELF_ASSERTED);
  assert_field (form, "bhyt_number", NULL, MISSING);
  assert_field (form, "registered_facility_code", NULL, MISSING);
  assert_field (form, "card_validity", NULL, MISSING);
  assert_field (form, "benefit_percentage", NULL, MISSING);
  assert_field (form, "five_year_continuous", NULL, MISSING);
  assert_field (form, "at_registered_facility", NULL, MISSING);

  ck_assert (!vneid_filled_form_validate (form, &error));
  ck_assert (error->domain == VNEID_FORM_ERROR);
}
END_TEST

START_TEST (test_bhyt_today)
{
  /* The registry's own instance: today in Vietnam, no clinic. */
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidProfile) profile = citizen_profile ("pham-quoc-bao", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) before = g_date_time_new_now (zone);
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *today_before = g_date_time_format (before, "%d/%m/%Y");
  g_autofree char *today_after = NULL;
  const char *visit;

  form = vneid_plugin_registry_fill (registry, BHYT_FORM, profile, &error);
  vt_assert_no_error (error);
  after = g_date_time_new_now (zone);
  today_after = g_date_time_format (after, "%d/%m/%Y");

  visit = vneid_filled_field_get_value (vneid_filled_form_lookup (form, "visit_date"));
  ck_assert_msg (g_strcmp0 (visit, today_before) == 0 || g_strcmp0 (visit, today_after) == 0,
                 "visit date %s, today %s", visit, today_before);
  /* The card ran out at the end of 2025, before this test was written. */
  assert_field (form, "card_validity", "expired", VERIFIED);
  assert_field (form, "at_registered_facility", NULL, MISSING);
}
END_TEST

START_TEST (test_bhyt_properties)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidFormMapper) mapper = clinic_mapper (registry, "2026-11-27", "01016");
  VneidFormMapper *shared = vneid_plugin_registry_lookup (registry, BHYT_FORM);
  g_autoptr(VneidDate) visit = NULL;
  g_autofree char *code = NULL;
  g_autofree char *visit_text = NULL;

  g_object_get (mapper, VNEID_FORM_MAPPER_PROP_VISIT_DATE, &visit, VNEID_FORM_MAPPER_PROP_FACILITY_CODE, &code, NULL);
  visit_text = vneid_date_to_string (visit);
  ck_assert_str_eq (visit_text, "2026-11-27");
  ck_assert_str_eq (code, "01016");
  g_clear_pointer (&visit, vneid_date_free);
  g_clear_pointer (&code, g_free);

  g_object_get (shared, VNEID_FORM_MAPPER_PROP_VISIT_DATE, &visit, VNEID_FORM_MAPPER_PROP_FACILITY_CODE, &code, NULL);
  ck_assert_ptr_null (visit);
  ck_assert_ptr_null (code);

  ck_assert_str_eq (vneid_form_schema_get_id (vneid_form_mapper_get_schema (mapper)), BHYT_FORM);
}
END_TEST

START_TEST (test_bhyt_partial_visit_date)
{
  g_autoptr(VneidPluginRegistry) registry = bundled_registry ();
  g_autoptr(VneidProfile) profile = citizen_profile ("le-bao-ngoc", TRUE);
  g_autoptr(VneidDate) year = vneid_date_parse ("2026", NULL);
  g_autoptr(VneidFormMapper) mapper = NULL;
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_nonnull (year);
  mapper = g_object_new (G_OBJECT_TYPE (vneid_plugin_registry_lookup (registry, BHYT_FORM)),
                         VNEID_FORM_MAPPER_PROP_VISIT_DATE, year, NULL);
  form = vneid_form_mapper_fill (mapper, profile, &error);
  ck_assert_ptr_null (form);
  vt_assert_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_FAILED, "whole date");
}
END_TEST

/* ---- tests: the example plugins ------------------------------------------- */

START_TEST (test_examples)
{
  const char *dir = g_getenv ("VNEID_TEST_EXAMPLES_DIR");
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_autoptr(VneidProfile) profile = citizen_profile ("le-bao-ngoc", TRUE);
  g_autoptr(VneidFilledForm) hello = NULL;
  g_autoptr(VneidFilledForm) card = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) errors = NULL;

  ck_assert_msg (dir != NULL, "VNEID_TEST_EXAMPLES_DIR is not set");
  vneid_plugin_registry_load_path (registry, dir);
  errors = vneid_plugin_registry_list_errors (registry);
  ck_assert_msg (errors[0] == NULL, "%s", errors[0]);
  assert_forms (registry, "org.example.hello,org.example.library-card");

  hello = vneid_plugin_registry_fill (registry, "org.example.hello", profile, &error);
  vt_assert_no_error (error);
  assert_field (hello, "full_name", "Lê Bảo Ngọc", VERIFIED);
  assert_field (hello, "greeting", "Xin chào chị Ngọc!", VERIFIED);

  card = vneid_plugin_registry_fill (registry, "org.example.library-card", profile, &error);
  vt_assert_no_error (error);
  assert_field (card, "full_name", "LÊ BẢO NGỌC", VERIFIED);
  assert_field (card, "birth_date", "10/05/2021", VERIFIED);
  assert_field (card, "address", "Số 18 Phố Hàng Chuối, Phường Hai Bà Trưng, Thành phố Hà Nội",
                VERIFIED);
  assert_field (card, "phone", NULL, MISSING);
  assert_field (card, "reader_type", NULL, MISSING);
}
END_TEST

/* ---- the suite -------------------------------------------------------------- */

static Suite *
plugins_suite (void)
{
  Suite *s = suite_create ("plugins");
  TCase *tc;

  tc = tcase_create ("registry");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_bundled);
  tcase_add_test (tc, test_plugin_info);
  tcase_add_test (tc, test_load_default);
  tcase_add_test (tc, test_two_registries);
  tcase_add_test (tc, test_duplicate_plugins);
  tcase_add_test (tc, test_duplicate_plugin_direct);
  tcase_add_test (tc, test_load_plugin_direct);
  tcase_add_test (tc, test_missing_path);
  tcase_add_test (tc, test_register_mapper);
  suite_add_tcase (s, tc);

  tc = tcase_create ("broken");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_broken_schema_json);
  tcase_add_test (tc, test_broken_schema_id);
  tcase_add_test (tc, test_broken_unknown_transform);
  tcase_add_test (tc, test_broken_unknown_path);
  tcase_add_loop_test (tc, test_broken_key_file, 0, 16);
  tcase_add_test (tc, test_broken_key_file_count);
  tcase_add_test (tc, test_broken_missing_files);
  tcase_add_test (tc, test_broken_no_entry_point);
  tcase_add_test (tc, test_broken_register_fails);
  tcase_add_test (tc, test_broken_missing_module);
  tcase_add_test (tc, test_broken_not_a_module);
  tcase_add_test (tc, test_broken_duplicate_form);
  tcase_add_test (tc, test_broken_module_forms);
  tcase_add_test (tc, test_broken_module_duplicate);
  suite_add_tcase (s, tc);

  tc = tcase_create ("third-party");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_declarative_only);
  tcase_add_test (tc, test_symlinked_files);
  tcase_add_test (tc, test_key_file_text);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bhyt-checkin");
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, setup_issuers, teardown_issuers);
  tcase_add_test (tc, test_fill_unknown_form);
  tcase_add_test (tc, test_bhyt_expired);
  tcase_add_test (tc, test_bhyt_child);
  tcase_add_test (tc, test_bhyt_bad_facility_code);
  tcase_add_test (tc, test_bhyt_no_card);
  tcase_add_test (tc, test_bhyt_today);
  tcase_add_test (tc, test_bhyt_properties);
  tcase_add_test (tc, test_bhyt_partial_visit_date);
  tcase_add_test (tc, test_examples);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (plugins_suite ());
}
