/* test-threads.c: one verifier, trust store and plugin registry shared by
 * many threads
 *
 * The portal's setup, done once from one thread: a trust store filled from
 * the demo issuers' metadata, a verifier over it with its clock and a status
 * list, a plugin registry with the bundled plugins (VNEID_PLUGIN_PATH, set
 * by tests/meson.build). Then N threads (4 and 8) share those three objects,
 * and each, for a bounded number of rounds over several demo citizens,
 * presents every credential of the citizen with a nonce of its own,
 * verifies it with vneid_verifier_verify_with_nonce(), builds the profile,
 * fills every bundled form — and also reads profiles and verified
 * credentials built before the threads started, which are shared between
 * them. Every result must be, as JSON text, what the single-threaded run
 * produced before; every rejection (a tampered signature, a replayed nonce,
 * a revoked credential) must still reject with the same error.
 *
 * The threads never call ck_assert (Check is not thread-safe): each records
 * its mismatches, and the main thread asserts once they are joined.
 *
 * This suite also runs under ThreadSanitizer (build.sh, build-tsan/).
 * VNEID_TEST_THREAD_ROUNDS overrides the number of rounds (default 3).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vneid-test-util.h"

#define VCT_PID      "urn:vn:vneid:pid:1"
#define VCT_CCCD     "urn:vn:vneid:cccd:1"
#define VCT_CONTACT  "urn:vn:vneid:contact:1"
#define VCT_BHYT     "urn:vn:bhyt:card:1"
#define POP_ISSUER   "https://id.vneid.example"
#define VSS_ISSUER   "https://bhyt.baohiemxahoi.example"
#define STATUS_URI   "https://id.vneid.example/status/threads"
#define REVOKED_IDX  7
#define VALID_IDX    3

typedef enum { PID, CCCD, CONTACT, BHYT, N_KINDS } Kind;

static const char *const kind_names[N_KINDS] = { "pid", "cccd", "contact", "bhyt" };
static const char *const kind_vcts[N_KINDS] = { VCT_PID, VCT_CCCD, VCT_CONTACT, VCT_BHYT };
static const gint64 kind_iat[N_KINDS] = { VT_IAT, VT_IAT - 1000, VT_IAT - 2000, VT_IAT - 3000 };

/* Citizens of every shape: level 1 and 2, with and without BHYT card,
 * contact, e-CCCD; one with an expired card, one child. */
static const struct {
  const char *slug;
  const char *kinds;
} citizens[] = {
  { "tran-thi-mai",  "pid cccd contact bhyt" },
  { "le-bao-ngoc",   "pid bhyt" },
  { "vu-dinh-thanh", "pid cccd bhyt" },
  { "pham-quoc-bao", "pid cccd contact bhyt" },
  { "bui-thi-hoa",   "pid contact" },
  { "vang-thi-my",   "pid cccd" },
};
#define N_CITIZENS G_N_ELEMENTS (citizens)

/* A rejection of each kind, each checked against its single-threaded error. */
typedef enum { REJECT_TAMPERED, REJECT_REPLAYED_NONCE, REJECT_REVOKED, N_REJECTIONS } Rejection;

typedef struct {
  VneidKey                *wallet;
  char                    *pid_claims;               /* JSON text */
  guint                    n_credentials;
  Kind                     kinds[N_KINDS];
  char                    *issued[N_KINDS];          /* compact SD-JWT VCs */
  char                    *expected_verified[N_KINDS];
  char                    *expected_profile;
  char                   **expected_forms;           /* one per form id */
  /* built before the threads start, then shared by all of them */
  VneidVerifiedCredential *shared_verified[N_KINDS];
  VneidProfile            *shared_profile;
} Citizen;

/* Everything shared. Filled by setup(), only read by the threads. */
static struct {
  VneidTrustStore     *store;
  VneidVerifier       *verifier;
  VneidPluginRegistry *registry;
  char               **forms;
  guint                n_forms;
  Citizen              citizens[N_CITIZENS];
  /* rejections: a presentation, the nonce to verify it with, the error */
  char                *reject_presentation[N_REJECTIONS];
  char                *reject_nonce[N_REJECTIONS];
  char                *reject_expected[N_REJECTIONS];
  /* a status-checked credential that is not revoked */
  char                *status_ok_presentation;
  char                *status_ok_expected;
  guint                rounds;
  GTimeZone           *vietnam;
  VneidKey            *pid_issuer_key;           /* shared: threads issue too */
} fx;

/* ---- fixtures ----------------------------------------------------------- */

static VneidKey *
issuer_key (Kind kind)
{
  g_autofree char *path = vt_examples_path ("keys", kind == BHYT ? "vss-bhyt.jwk" : "population-db.jwk",
                                         NULL);

  return vt_load_key (path);
}

static JsonObject *
claims_of (const char *slug,
           Kind        kind)
{
  g_autofree char *file = g_strconcat (kind_names[kind], ".json", NULL);
  g_autofree char *path = vt_examples_path ("citizens", slug, file, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, &error), "%s: %s", path,
                 error ? error->message : "?");
  return vt_json_object (text);
}

/* @slug's credential of @kind, every claim disclosable, bound to @holder;
 * with a status reference when @status_idx >= 0. */
/* The builder of @claims as @kind, as every credential here is issued. */
static VneidCredentialBuilder *
builder_new (Kind        kind,
             JsonObject *claims,
             VneidKey   *holder)
{
  VneidCredentialBuilder *builder = vneid_credential_builder_new (kind_vcts[kind], claims);

  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_max_decoys (builder, 0);
  vneid_credential_builder_set_issued_at (builder, kind_iat[kind]);
  vneid_credential_builder_set_expires_at (builder, VT_EXP);
  vneid_credential_builder_set_holder_key (builder, holder);
  return builder;
}

static char *
issue (const char *slug,
       Kind        kind,
       VneidKey   *holder,
       int         status_idx)
{
  g_autoptr(JsonObject) claims = claims_of (slug, kind);
  g_autoptr(VneidKey) key = issuer_key (kind);
  g_autoptr(VneidCredentialBuilder) builder = builder_new (kind, claims, holder);
  g_autoptr(GError) error = NULL;
  char *issued;

  if (status_idx >= 0)
    vneid_credential_builder_set_status (builder, STATUS_URI, (guint) status_idx);
  issued = vneid_credential_builder_build (builder, key, kind == BHYT ? VSS_ISSUER : POP_ISSUER,
                                           &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (issued);
  return issued;
}

/* ---- what every thread does, and the single-threaded run ---------------- */

/* A result as text: "ok <json>" or "error <domain> <code> <message>". */
static char *
describe_error (const GError *error)
{
  return g_strdup_printf ("error %s %d %s", g_quark_to_string (error->domain), error->code,
                          error->message);
}

static char *
describe_verified (VneidVerifiedCredential *verified,
                   const GError            *error)
{
  g_autofree char *json = NULL;

  if (verified == NULL)
    return describe_error (error);
  json = vneid_verified_credential_to_json (verified, FALSE);
  return g_strdup_printf ("ok key-bound=%d status-checked=%d %s",
                          vneid_verified_credential_get_key_bound (verified),
                          vneid_verified_credential_get_status_checked (verified), json);
}

static char *
describe_profile (VneidProfile *profile,
                  const GError *error)
{
  g_autofree char *json = NULL;

  if (profile == NULL)
    return describe_error (error);
  json = vneid_profile_to_json (profile, FALSE);
  return g_strdup_printf ("ok %s", json);
}

static char *
describe_form (VneidFilledForm *form,
               const GError    *error)
{
  g_autofree char *json = NULL;

  if (form == NULL)
    return describe_error (error);
  json = vneid_filled_form_to_json (form, FALSE);
  return g_strdup_printf ("ok %s", json);
}

/* Presents @issued disclosing everything, key-bound to @nonce. */
static char *
present_all (const char *issued,
             VneidKey   *holder,
             const char *nonce,
             GError    **error)
{
  g_autoptr(VneidCredential) credential = vneid_credential_new (issued, error);
  g_auto(GStrv) paths = NULL;

  if (credential == NULL)
    return NULL;
  paths = vneid_credential_get_disclosable_paths (credential);
  return vneid_credential_present (credential, (const char * const *) paths, holder, nonce,
                                   VT_AUDIENCE, VT_NOW, error);
}

static VneidVerifiedCredential *
present_and_verify (const char *issued,
                    VneidKey   *holder,
                    const char *nonce,
                    GError    **error)
{
  g_autofree char *presentation = present_all (issued, holder, nonce, error);

  if (presentation == NULL)
    return NULL;
  return vneid_verifier_verify_with_nonce (fx.verifier, presentation, nonce, VT_AUDIENCE, error);
}

static char *
verify_describe (const char *presentation,
                 const char *nonce)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified =
    vneid_verifier_verify_with_nonce (fx.verifier, presentation, nonce, VT_AUDIENCE, &error);

  return describe_verified (verified, error);
}

static VneidProfile *
profile_new (VneidVerifiedCredential **verified,
             guint                     n,
             GError                  **error)
{
  return vneid_profile_new ((VneidVerifiedCredential * const *) verified, n, error);
}

static char *
fill_describe (const char   *form_id,
               VneidProfile *profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFilledForm) form = vneid_plugin_registry_fill (fx.registry, form_id, profile, &error);

  return describe_form (form, error);
}

/* ---- setup -------------------------------------------------------------- */

static void
setup (void)
{
  g_autofree char *pop = vt_examples_path ("population-db.metadata.json", NULL);
  g_autofree char *vss = vt_examples_path ("vss-bhyt.metadata.json", NULL);
  g_autoptr(VneidKey) pop_key = issuer_key (PID);
  g_autoptr(VneidStatusList) list = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) plugin_errors = NULL;
  g_autoptr(GError) error = NULL;
  const char *rounds = g_getenv ("VNEID_TEST_THREAD_ROUNDS");

  /* GLib caches time zones in a table guarded by a futex lock that
   * ThreadSanitizer cannot see; a zone leaves the table when its last
   * reference goes, and the next fill puts it back. Holding one reference
   * for the whole test keeps the table still, so that TSan does not take
   * GLib's locked cache for a race. (vneid_date_new_in_vietnam() and the
   * bhyt-checkin plugin look the zone up on every call.) */
  fx.vietnam = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  fx.pid_issuer_key = g_object_ref (pop_key);

  fx.rounds = rounds != NULL ? (guint) g_ascii_strtoull (rounds, NULL, 10) : 3;
  if (fx.rounds == 0)
    fx.rounds = 1;

  /* the trust store: filled once */
  fx.store = vneid_trust_store_new ();
  ck_assert (vneid_trust_store_add_metadata_file (fx.store, pop, &error));
  ck_assert (vneid_trust_store_add_metadata_file (fx.store, vss, &error));
  vneid_trust_store_allow (fx.store, VCT_PID, POP_ISSUER);
  vneid_trust_store_allow (fx.store, VCT_CCCD, POP_ISSUER);
  vneid_trust_store_allow (fx.store, VCT_CONTACT, POP_ISSUER);
  vneid_trust_store_allow (fx.store, VCT_BHYT, VSS_ISSUER);

  /* the verifier: settings and status lists, then shared */
  fx.verifier = vt_verifier_new (fx.store);
  list = vneid_status_list_new (1, 64, &error);
  vt_assert_no_error (error);
  ck_assert (vneid_status_list_set (list, REVOKED_IDX, 1, &error));
  token = vneid_status_list_to_token (list, pop_key, POP_ISSUER, STATUS_URI, VT_IAT, VT_EXP, &error);
  vt_assert_no_error (error);
  ck_assert (vneid_verifier_add_status_list (fx.verifier, token, &error));
  vt_assert_no_error (error);

  /* the registry: the bundled plugins, loaded once */
  fx.registry = vneid_plugin_registry_new ();
  vneid_plugin_registry_load_default (fx.registry);
  plugin_errors = vneid_plugin_registry_list_errors (fx.registry);
  ck_assert_msg (plugin_errors == NULL || plugin_errors[0] == NULL, "a bundled plugin failed: %s",
                 plugin_errors[0]);
  fx.forms = vneid_plugin_registry_list_forms (fx.registry);
  fx.n_forms = g_strv_length (fx.forms);
  ck_assert_msg (fx.n_forms >= 5, "only %u bundled forms", fx.n_forms);

  /* the citizens and the single-threaded results */
  for (guint c = 0; c < N_CITIZENS; c++)
    {
      Citizen *citizen = &fx.citizens[c];
      g_autofree char *wallet = vt_examples_path ("citizens", citizens[c].slug, "wallet.jwk", NULL);
      g_auto(GStrv) names = g_strsplit (citizens[c].kinds, " ", -1);
      VneidVerifiedCredential *verified[N_KINDS];
      g_autoptr(VneidProfile) profile = NULL;

      citizen->wallet = vt_load_key (wallet);
      {
        g_autoptr(JsonObject) claims = claims_of (citizens[c].slug, PID);

        citizen->pid_claims = vt_json_text (claims);
      }
      for (char **n = names; *n != NULL; n++)
        {
          guint i = citizen->n_credentials++;

          for (Kind k = 0; k < N_KINDS; k++)
            if (strcmp (kind_names[k], *n) == 0)
              citizen->kinds[i] = k;
          citizen->issued[i] = issue (citizens[c].slug, citizen->kinds[i], citizen->wallet, -1);
          verified[i] = present_and_verify (citizen->issued[i], citizen->wallet, "setup", &error);
          vt_assert_no_error (error);
          citizen->expected_verified[i] = describe_verified (verified[i], NULL);
        }

      profile = profile_new (verified, citizen->n_credentials, &error);
      citizen->expected_profile = describe_profile (profile, error);
      ck_assert_msg (profile != NULL, "%s: %s", citizens[c].slug, citizen->expected_profile);

      citizen->expected_forms = g_new0 (char *, fx.n_forms + 1);
      for (guint f = 0; f < fx.n_forms; f++)
        citizen->expected_forms[f] = fill_describe (fx.forms[f], profile);

      /* shared with every thread from now on; the profile a new one
       * that nobody has read yet, so that the threads make its attribute
       * objects (made on first lookup) at the same time */
      for (guint i = 0; i < citizen->n_credentials; i++)
        citizen->shared_verified[i] = verified[i];
      g_clear_object (&profile);
      citizen->shared_profile = profile_new (verified, citizen->n_credentials, &error);
      vt_assert_no_error (error);
    }

  /* a tampered presentation: one character of the issuer signature */
  {
    g_autofree char *good = present_all (fx.citizens[0].issued[0], fx.citizens[0].wallet,
                                         "tampered", &error);
    const char *tilde = strchr (good, '~');
    gsize pos = (gsize) (tilde - good) - 5;

    vt_assert_no_error (error);
    fx.reject_presentation[REJECT_TAMPERED] =
      vt_replace_char (good, pos, good[pos] == 'A' ? 'B' : 'A');
    fx.reject_nonce[REJECT_TAMPERED] = g_strdup ("tampered");
  }
  /* a presentation made for one nonce, replayed to a request with another */
  fx.reject_presentation[REJECT_REPLAYED_NONCE] =
    present_all (fx.citizens[1].issued[0], fx.citizens[1].wallet, "first-request", &error);
  vt_assert_no_error (error);
  fx.reject_nonce[REJECT_REPLAYED_NONCE] = g_strdup ("second-request");
  /* a revoked credential, and one the same list says is valid */
  {
    g_autofree char *revoked = issue (citizens[2].slug, PID, fx.citizens[2].wallet, REVOKED_IDX);
    g_autofree char *valid = issue (citizens[2].slug, PID, fx.citizens[2].wallet, VALID_IDX);

    fx.reject_presentation[REJECT_REVOKED] =
      present_all (revoked, fx.citizens[2].wallet, "revoked", &error);
    vt_assert_no_error (error);
    fx.reject_nonce[REJECT_REVOKED] = g_strdup ("revoked");
    fx.status_ok_presentation = present_all (valid, fx.citizens[2].wallet, "status", &error);
    vt_assert_no_error (error);
    fx.status_ok_expected = verify_describe (fx.status_ok_presentation, "status");
    ck_assert_msg (g_str_has_prefix (fx.status_ok_expected, "ok key-bound=1 status-checked=1 "),
                   "%s", fx.status_ok_expected);
  }
  for (Rejection r = 0; r < N_REJECTIONS; r++)
    {
      static const char *const codes[N_REJECTIONS] = { "BAD_SIGNATURE", "NONCE_MISMATCH", "REVOKED" };
      static const int code_values[N_REJECTIONS] = {
        VNEID_CREDENTIAL_ERROR_BAD_SIGNATURE,
        VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH,
        VNEID_CREDENTIAL_ERROR_REVOKED,
      };
      g_autofree char *prefix = g_strdup_printf ("error %s %d ",
                                                 g_quark_to_string (VNEID_CREDENTIAL_ERROR),
                                                 code_values[r]);

      fx.reject_expected[r] = verify_describe (fx.reject_presentation[r], fx.reject_nonce[r]);
      ck_assert_msg (g_str_has_prefix (fx.reject_expected[r], prefix), "expected %s, got %s",
                     codes[r], fx.reject_expected[r]);
    }
}

static void
teardown (void)
{
  for (guint c = 0; c < N_CITIZENS; c++)
    {
      Citizen *citizen = &fx.citizens[c];

      for (guint i = 0; i < citizen->n_credentials; i++)
        {
          g_free (citizen->issued[i]);
          g_free (citizen->expected_verified[i]);
          g_clear_object (&citizen->shared_verified[i]);
        }
      g_free (citizen->expected_profile);
      g_strfreev (citizen->expected_forms);
      g_clear_object (&citizen->shared_profile);
      g_clear_object (&citizen->wallet);
      g_free (citizen->pid_claims);
    }
  for (Rejection r = 0; r < N_REJECTIONS; r++)
    {
      g_free (fx.reject_presentation[r]);
      g_free (fx.reject_nonce[r]);
      g_free (fx.reject_expected[r]);
    }
  g_free (fx.status_ok_presentation);
  g_free (fx.status_ok_expected);
  g_strfreev (fx.forms);
  g_clear_object (&fx.registry);
  g_clear_object (&fx.verifier);
  g_clear_object (&fx.store);
  g_clear_pointer (&fx.vietnam, g_time_zone_unref);
  g_clear_object (&fx.pid_issuer_key);
  memset (&fx, 0, sizeof fx);
}

/* ---- the threads -------------------------------------------------------- */

typedef struct {
  guint      index;
  guint      n_verified;    /* successful verifications */
  guint      n_issued;      /* credentials issued and verified */
  guint      n_rejected;    /* rejections checked */
  guint      n_filled;      /* forms compared */
  guint      n_failures;
  GString   *failures;      /* the first few, for the message */
} Worker;

/* The starting line. pthread's, not GMutex/GCond: GLib's own are futexes
 * that ThreadSanitizer does not see, so it would take this start for a
 * data race. */
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  start_cond = PTHREAD_COND_INITIALIZER;
static gboolean        started;

static void
wait_for_start (void)
{
  pthread_mutex_lock (&start_lock);
  while (!started)
    pthread_cond_wait (&start_cond, &start_lock);
  pthread_mutex_unlock (&start_lock);
}

static void
start_all (void)
{
  pthread_mutex_lock (&start_lock);
  started = TRUE;
  pthread_cond_broadcast (&start_cond);
  pthread_mutex_unlock (&start_lock);
}

static void
mismatch (Worker     *worker,
          const char *what,
          const char *expected,
          const char *actual)
{
  if (worker->n_failures++ < 3)
    g_string_append_printf (worker->failures,
                            "\n  thread %u, %s:\n    expected %.400s\n    got      %.400s",
                            worker->index, what, expected, actual);
}

#define check_same(worker, what, expected, actual) \
  G_STMT_START { \
    g_autofree char *actual_ = (actual); \
    if (g_strcmp0 ((expected), actual_) != 0) \
      mismatch ((worker), (what), (expected), actual_); \
  } G_STMT_END

/* Whether two verified-credential descriptions are the same up to the order
 * of members in the payload, which follows the order of the disclosures
 * (shuffled by the issuer, so different for every issuance). */
static gboolean
same_up_to_member_order (const char *expected,
                         const char *actual)
{
  const char *e = strchr (expected, '{'), *a = actual != NULL ? strchr (actual, '{') : NULL;
  g_autoptr(JsonNode) expected_node = NULL;
  g_autoptr(JsonNode) actual_node = NULL;

  if (e == NULL || a == NULL || e - expected != a - actual || strncmp (expected, actual, e - expected) != 0)
    return FALSE;
  expected_node = json_from_string (e, NULL);
  actual_node = json_from_string (a, NULL);
  return expected_node != NULL && actual_node != NULL && json_node_equal (expected_node, actual_node);
}

static void
citizen_round (Worker *worker,
               guint   round,
               guint   c)
{
  Citizen *citizen = &fx.citizens[c];
  VneidVerifiedCredential *verified[N_KINDS] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidProfile) from_shared = NULL;
  const char *slug = citizens[c].slug;

  /* per request: present with this request's nonce, verify with it */
  for (guint i = 0; i < citizen->n_credentials; i++)
    {
      g_autofree char *nonce = g_strdup_printf ("t%u-r%u-%s-%s", worker->index, round, slug,
                                                kind_names[citizen->kinds[i]]);
      g_autofree char *what = g_strdup_printf ("verify %s %s", slug, kind_names[citizen->kinds[i]]);

      g_clear_error (&error);
      verified[i] = present_and_verify (citizen->issued[i], citizen->wallet, nonce, &error);
      worker->n_verified += verified[i] != NULL;
      check_same (worker, what, citizen->expected_verified[i], describe_verified (verified[i], error));
    }

  /* a profile from this thread's credentials, and the forms it fills */
  g_clear_error (&error);
  for (guint i = 0; i < citizen->n_credentials; i++)
    if (verified[i] == NULL)
      goto shared; /* already counted as a mismatch */
  profile = profile_new (verified, citizen->n_credentials, &error);
  check_same (worker, slug, citizen->expected_profile, describe_profile (profile, error));
  if (profile != NULL)
    for (guint f = 0; f < fx.n_forms; f++)
      {
        g_autofree char *what = g_strdup_printf ("fill %s for %s", fx.forms[f], slug);

        check_same (worker, what, citizen->expected_forms[f], fill_describe (fx.forms[f], profile));
        worker->n_filled++;
      }
  for (guint i = 0; i < citizen->n_credentials; i++)
    g_clear_object (&verified[i]);

shared:
  /* objects shared by all threads: verified credentials, a profile */
  g_clear_error (&error);
  from_shared = profile_new (citizen->shared_verified, citizen->n_credentials, &error);
  check_same (worker, "profile from shared credentials", citizen->expected_profile,
              describe_profile (from_shared, error));
  check_same (worker, "shared profile", citizen->expected_profile,
              describe_profile (citizen->shared_profile, NULL));
  for (guint i = 0; i < citizen->n_credentials; i++)
    check_same (worker, "shared verified credential", citizen->expected_verified[i],
                describe_verified (citizen->shared_verified[i], NULL));
  for (guint f = 0; f < fx.n_forms; f++)
    {
      g_autofree char *what = g_strdup_printf ("fill %s from shared profile of %s", fx.forms[f], slug);

      check_same (worker, what, citizen->expected_forms[f],
                  fill_describe (fx.forms[f], citizen->shared_profile));
      worker->n_filled++;
    }
}

static gpointer
worker_run (gpointer data)
{
  Worker *worker = data;

  wait_for_start ();

  for (guint round = 0; round < fx.rounds; round++)
    {
      /* each thread starts at another citizen, so that they overlap */
      for (guint k = 0; k < N_CITIZENS; k++)
        citizen_round (worker, round, (worker->index + k) % N_CITIZENS);

      /* issuance from threads: a builder each, the issuer key shared,
       * fresh random salts (libsodium's randombytes) in every thread */
      {
        guint c = (worker->index + round) % N_CITIZENS;
        Citizen *citizen = &fx.citizens[c];
        g_autoptr(JsonObject) claims = vt_json_object (citizen->pid_claims);
        g_autoptr(VneidCredentialBuilder) builder = builder_new (PID, claims, citizen->wallet);
        g_autoptr(GError) error = NULL;
        g_autofree char *issued = vneid_credential_builder_build (builder, fx.pid_issuer_key,
                                                                  POP_ISSUER, &error);
        g_autofree char *nonce = g_strdup_printf ("t%u-r%u-issued", worker->index, round);
        g_autoptr(VneidVerifiedCredential) verified = NULL;

        if (issued != NULL)
          verified = present_and_verify (issued, citizen->wallet, nonce, &error);
        g_autofree char *actual = describe_verified (verified, error);

        worker->n_issued += verified != NULL;
        if (!same_up_to_member_order (citizen->expected_verified[0], actual))
          mismatch (worker, "issued in a thread", citizen->expected_verified[0], actual);
      }

      /* rejections still reject, in the middle of everything else */
      for (Rejection r = 0; r < N_REJECTIONS; r++)
        {
          check_same (worker, "rejection", fx.reject_expected[r],
                      verify_describe (fx.reject_presentation[r], fx.reject_nonce[r]));
          worker->n_rejected++;
        }
      check_same (worker, "status-checked credential", fx.status_ok_expected,
                  verify_describe (fx.status_ok_presentation, "status"));
    }
  return NULL;
}

static const guint thread_counts[] = { 4, 8 };

START_TEST (test_shared_verifier_and_registry)
{
  guint n_threads = thread_counts[_i];
  g_autofree Worker *workers = g_new0 (Worker, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);
  guint expected_verified = 0, n_failures = 0;
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint c = 0; c < N_CITIZENS; c++)
    expected_verified += fx.citizens[c].n_credentials;
  expected_verified *= fx.rounds;

  started = FALSE;
  for (guint t = 0; t < n_threads; t++)
    {
      workers[t].index = t;
      workers[t].failures = g_string_new (NULL);
      threads[t] = g_thread_new ("vneid-test-worker", worker_run, &workers[t]);
    }
  start_all ();

  for (guint t = 0; t < n_threads; t++)
    {
      g_thread_join (threads[t]);
      n_failures += workers[t].n_failures;
      g_string_append (failures, workers[t].failures->str);
      g_string_free (workers[t].failures, TRUE);
    }
  if (n_failures > 0)
    fprintf (stderr, "%u threads: %u results differ from the single-threaded run:%s\n", n_threads,
             n_failures, failures->str);
  ck_assert_msg (n_failures == 0, "%u threads: %u results differ from the single-threaded run "
                 "(the first ones on stderr)", n_threads, n_failures);
  for (guint t = 0; t < n_threads; t++)
    {
      ck_assert_uint_eq (workers[t].n_verified, expected_verified);
      ck_assert_uint_eq (workers[t].n_issued, fx.rounds);
      ck_assert_uint_eq (workers[t].n_rejected, fx.rounds * N_REJECTIONS);
      ck_assert_uint_eq (workers[t].n_filled, fx.rounds * N_CITIZENS * fx.n_forms * 2);
    }
}
END_TEST

/* A verified credential makes its holder key on first request: threads
 * asking at once all get the one object, the wallet's key. */
static gpointer
ask_holder_key (gpointer data)
{
  wait_for_start ();
  return vneid_verified_credential_get_holder_key (data);
}

START_TEST (test_holder_key_made_once)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified =
    present_and_verify (fx.citizens[0].issued[0], fx.citizens[0].wallet, "holder-key", &error);
  GThread *threads[8];
  gpointer keys[G_N_ELEMENTS (threads)];

  vt_assert_no_error (error);
  started = FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("vneid-test-key", ask_holder_key, verified);
  start_all ();
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    keys[t] = g_thread_join (threads[t]);

  ck_assert_ptr_nonnull (keys[0]);
  ck_assert (vneid_key_equal (keys[0], fx.citizens[0].wallet));
  for (guint t = 1; t < G_N_ELEMENTS (threads); t++)
    ck_assert_ptr_eq (keys[t], keys[0]);
  ck_assert_ptr_eq (vneid_verified_credential_get_holder_key (verified), keys[0]);
}
END_TEST

/* A verified credential places its disclosed claims on the first request
 * for its payload: threads asking at once all get the one object, with
 * the claims the holder's credential has, in the same order (where the
 * holder's side places them as it processes). */
static gpointer
ask_payload (gpointer data)
{
  wait_for_start ();
  return vneid_verified_credential_get_payload (data);
}

START_TEST (test_payload_placed_once)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidVerifiedCredential) verified =
    present_and_verify (fx.citizens[0].issued[0], fx.citizens[0].wallet, "payload", &error);
  g_autoptr(VneidCredential) held = vneid_credential_new (fx.citizens[0].issued[0], &error);
  g_autoptr(JsonNode) held_claims = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *expected = NULL, *placed = NULL;
  GThread *threads[8];
  gpointer payloads[G_N_ELEMENTS (threads)];

  vt_assert_no_error (error);
  json_node_set_object (held_claims, vneid_credential_get_claims (held));
  expected = json_to_string (held_claims, FALSE);
  started = FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("vneid-test-payload", ask_payload, verified);
  start_all ();
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    payloads[t] = g_thread_join (threads[t]);

  ck_assert_ptr_nonnull (payloads[0]);
  for (guint t = 1; t < G_N_ELEMENTS (threads); t++)
    ck_assert_ptr_eq (payloads[t], payloads[0]);
  ck_assert_ptr_eq (vneid_verified_credential_get_payload (verified), payloads[0]);
  ck_assert (json_object_has_member (payloads[0], "given_name"));
  placed = vneid_verified_credential_to_json (verified, FALSE);
  ck_assert_str_eq (placed, expected);
}
END_TEST

/* A filled form's field objects are made on first request: threads asking
 * for them at once all get the same object per field, and the same array
 * from get_fields(), whose objects are those of lookup(). */
#define N_FIELD_THREADS 4

typedef struct {
  VneidFilledForm   *form;
  GPtrArray         *names;     /* the schema's field names */
  VneidFilledField **looked_up; /* one per name */
  GPtrArray         *fields;
  gboolean           list_first;
} FieldReader;

static gpointer
field_reader_run (gpointer data)
{
  FieldReader *reader = data;

  wait_for_start ();

  /* half the threads list first, half look up first */
  if (reader->list_first)
    reader->fields = vneid_filled_form_get_fields (reader->form);
  for (guint i = 0; i < reader->names->len; i++)
    reader->looked_up[i] = vneid_filled_form_lookup (reader->form, g_ptr_array_index (reader->names, i));
  if (!reader->list_first)
    reader->fields = vneid_filled_form_get_fields (reader->form);
  return NULL;
}

START_TEST (test_lazy_fields_shared)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFilledForm) form = vneid_plugin_registry_fill (fx.registry, "vn.bca.ct01",
                                                                fx.citizens[0].shared_profile, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  FieldReader readers[N_FIELD_THREADS];
  GThread *threads[N_FIELD_THREADS];
  GPtrArray *schema_fields;

  vt_assert_no_error (error);
  schema_fields = vneid_form_schema_get_fields (vneid_filled_form_get_schema (form));
  for (guint i = 0; i < schema_fields->len; i++)
    g_ptr_array_add (names, (gpointer) vneid_form_field_get_name (g_ptr_array_index (schema_fields, i)));
  ck_assert_uint_ge (names->len, 10);

  started = FALSE;
  for (guint t = 0; t < N_FIELD_THREADS; t++)
    {
      readers[t] = (FieldReader) { form, names, g_new0 (VneidFilledField *, names->len),
                                   NULL, t % 2 == 1 };
      threads[t] = g_thread_new ("vneid-test-fields", field_reader_run, &readers[t]);
    }
  start_all ();
  for (guint t = 0; t < N_FIELD_THREADS; t++)
    g_thread_join (threads[t]);

  for (guint t = 0; t < N_FIELD_THREADS; t++)
    {
      ck_assert_ptr_eq (readers[t].fields, readers[0].fields);
      ck_assert_uint_eq (readers[t].fields->len, names->len);
      for (guint i = 0; i < names->len; i++)
        {
          ck_assert_ptr_nonnull (readers[t].looked_up[i]);
          ck_assert_ptr_eq (readers[t].looked_up[i], readers[0].looked_up[i]);
          ck_assert_ptr_eq (g_ptr_array_index (readers[t].fields, i), readers[0].looked_up[i]);
          ck_assert_str_eq (vneid_filled_field_get_name (readers[t].looked_up[i]),
                            g_ptr_array_index (names, i));
        }
    }
  /* and later requests get them again */
  for (guint i = 0; i < names->len; i++)
    ck_assert_ptr_eq (vneid_filled_form_lookup (form, g_ptr_array_index (names, i)),
                      readers[0].looked_up[i]);
  ck_assert_ptr_eq (vneid_filled_form_get_fields (form), readers[0].fields);
  for (guint t = 0; t < N_FIELD_THREADS; t++)
    g_free (readers[t].looked_up);
}
END_TEST

/* The single-threaded results themselves are worth a look: every citizen
 * verified, every form answered (filled, or refused for a reason). */
START_TEST (test_single_threaded_results)
{
  guint filled = 0;

  for (guint c = 0; c < N_CITIZENS; c++)
    {
      Citizen *citizen = &fx.citizens[c];

      for (guint i = 0; i < citizen->n_credentials; i++)
        ck_assert_msg (g_str_has_prefix (citizen->expected_verified[i], "ok key-bound=1 "), "%s",
                       citizen->expected_verified[i]);
      ck_assert_msg (g_str_has_prefix (citizen->expected_profile, "ok "), "%s",
                     citizen->expected_profile);
      for (guint f = 0; f < fx.n_forms; f++)
        filled += g_str_has_prefix (citizen->expected_forms[f], "ok ");
    }
  /* most forms fill for most citizens: the comparison is about something */
  ck_assert_uint_ge (filled, N_CITIZENS * fx.n_forms / 2);
}
END_TEST

static Suite *
threads_suite (void)
{
  Suite *suite = suite_create ("threads");
  TCase *tc = tcase_create ("shared");

  tcase_add_unchecked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_single_threaded_results);
  tcase_add_test (tc, test_lazy_fields_shared);
  tcase_add_test (tc, test_holder_key_made_once);
  tcase_add_test (tc, test_payload_placed_once);
  tcase_add_loop_test (tc, test_shared_verifier_and_registry, 0, G_N_ELEMENTS (thread_counts));
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  return vt_run_suite (threads_suite ());
}
