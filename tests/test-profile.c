/* test-profile.c: verified citizen profiles merged from the demo citizens'
 * credentials
 *
 * Every credential is issued here, from the claims files of the demo
 * citizens (examples/data/citizens/<slug>/), with the demo issuer keys,
 * bound to the citizen's wallet key and with every claim selectively
 * disclosable; it is presented (all or chosen paths), verified at the fixed
 * clock VT_NOW against a trust store that allows the population database
 * the PID, e-CCCD and contact types and Vietnam Social Security the BHYT
 * type, and merged into a VneidProfile. The expected values are the facts
 * of examples/data/citizens/README.md and docs/claims.md.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "vneid-test-util.h"

#define VCT_PID      "urn:vn:vneid:pid:1"
#define VCT_CCCD     "urn:vn:vneid:cccd:1"
#define VCT_CONTACT  "urn:vn:vneid:contact:1"
#define VCT_BHYT     "urn:vn:bhyt:card:1"
#define POP_ISSUER   "https://id.vneid.example"
#define VSS_ISSUER   "https://bhyt.baohiemxahoi.example"
#define CCCD_AUTHORITY "Cục Cảnh sát quản lý hành chính về trật tự xã hội"

typedef enum { PID, CCCD, CONTACT, BHYT, N_KINDS } Kind;

static const char *const kind_names[N_KINDS] = { "pid", "cccd", "contact", "bhyt" };
static const char *const kind_vcts[N_KINDS] = { VCT_PID, VCT_CCCD, VCT_CONTACT, VCT_BHYT };
/* distinct issuance times, so that provenance says which credential won */
static const gint64 kind_iat[N_KINDS] = { VT_IAT, VT_IAT - 1000, VT_IAT - 2000, VT_IAT - 3000 };

/* ---- fixtures ---------------------------------------------------------- */

static VneidKey *
wallet_key (const char *slug)
{
  g_autofree char *path = vt_examples_path ("citizens", slug, "wallet.jwk", NULL);

  return vt_load_key (path);
}

static VneidKey *
issuer_key (Kind kind)
{
  g_autofree char *path = vt_examples_path ("keys", kind == BHYT ? "vss-bhyt.jwk" : "population-db.jwk",
                                         NULL);

  return vt_load_key (path);
}

static const char *
issuer_of (Kind kind)
{
  return kind == BHYT ? VSS_ISSUER : POP_ISSUER;
}

/* The claims file of @slug's credential of @kind. Returns: (transfer full) */
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

/* Sets @name to the JSON @value_json (or removes it when NULL). */
static void
set_claim (JsonObject *claims,
           const char *name,
           const char *value_json)
{
  if (value_json == NULL)
    json_object_remove_member (claims, name);
  else
    json_object_set_member (claims, name, vt_json_node (value_json));
}

/* Issues @claims as @vct with the issuer of @kind, every claim disclosable,
 * bound to @holder when non-NULL. */
static char *
issue_as (Kind        kind,
          const char *vct,
          JsonObject *claims,
          VneidKey   *holder)
{
  g_autoptr(VneidKey) key = issuer_key (kind);
  g_autoptr(VneidCredentialBuilder) builder = vneid_credential_builder_new (vct, claims);
  g_autoptr(GError) error = NULL;
  char *issued;

  vneid_credential_builder_set_all_disclosable (builder, TRUE);
  vneid_credential_builder_set_max_decoys (builder, 0);
  vneid_credential_builder_set_issued_at (builder, kind_iat[kind]);
  vneid_credential_builder_set_expires_at (builder, VT_EXP);
  if (holder != NULL)
    vneid_credential_builder_set_holder_key (builder, holder);
  issued = vneid_credential_builder_build (builder, key, issuer_of (kind), &error);
  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (issued);
  return issued;
}

static char *
issue (Kind        kind,
       JsonObject *claims,
       VneidKey   *holder)
{
  return issue_as (kind, kind_vcts[kind], claims, holder);
}

/* A presentation of @issued disclosing @paths, or everything when @paths is
 * NULL; with a KB-JWT when @nonce is non-NULL. */
static char *
present (const char         *issued,
         const char * const *paths,
         VneidKey           *holder,
         const char         *nonce,
         const char         *audience)
{
  g_autoptr(VneidCredential) credential = vt_credential_new (issued);
  g_auto(GStrv) all = NULL;

  if (paths == NULL)
    {
      all = vneid_credential_get_disclosable_paths (credential);
      paths = (const char * const *) all;
    }
  return vt_present (credential, paths, nonce ? holder : NULL, nonce, audience, VT_NOW);
}

/* The verifier every test uses: the demo issuers' metadata, each issuer
 * allowed only its own types, at the fixed clock. */
static VneidVerifier *
verifier_new (void)
{
  g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
  g_autofree char *pop = vt_examples_path ("population-db.metadata.json", NULL);
  g_autofree char *vss = vt_examples_path ("vss-bhyt.metadata.json", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (vneid_trust_store_add_metadata_file (store, pop, &error));
  vt_assert_no_error (error);
  ck_assert (vneid_trust_store_add_metadata_file (store, vss, &error));
  vt_assert_no_error (error);
  vneid_trust_store_allow (store, VCT_PID, POP_ISSUER);
  vneid_trust_store_allow (store, VCT_CCCD, POP_ISSUER);
  vneid_trust_store_allow (store, VCT_CONTACT, POP_ISSUER);
  vneid_trust_store_allow (store, VCT_BHYT, VSS_ISSUER);
  return vt_verifier_new (store);
}

/* Issues @claims, presents @paths (NULL: all), verifies. */
static VneidVerifiedCredential *
verified_from (Kind                kind,
               JsonObject         *claims,
               VneidKey           *holder,
               const char * const *paths)
{
  g_autoptr(VneidVerifier) verifier = verifier_new ();
  g_autofree char *issued = issue (kind, claims, holder);
  g_autofree char *presentation = present (issued, paths, holder, NULL, NULL);

  return vt_verify_ok (verifier, presentation);
}

/* @slug's credential of @kind, as in the claims file, all disclosed. */
static VneidVerifiedCredential *
citizen_credential (const char *slug,
                    Kind        kind)
{
  g_autoptr(JsonObject) claims = claims_of (slug, kind);
  g_autoptr(VneidKey) holder = wallet_key (slug);

  return verified_from (kind, claims, holder, NULL);
}

static Kind
kind_from_name (const char *name)
{
  for (int k = 0; k < N_KINDS; k++)
    if (strcmp (kind_names[k], name) == 0)
      return (Kind) k;
  ck_abort_msg ("no credential kind %s", name);
  return N_KINDS;
}

/* @slug's credentials named in @kinds ("pid cccd contact bhyt"), in that
 * order. Returns: (transfer full) (element-type VneidVerifiedCredential) */
static GPtrArray *
citizen_credentials (const char *slug,
                     const char *kinds)
{
  g_auto(GStrv) names = g_strsplit (kinds, " ", -1);
  GPtrArray *credentials = g_ptr_array_new_with_free_func (g_object_unref);

  for (char **n = names; *n != NULL; n++)
    g_ptr_array_add (credentials, citizen_credential (slug, kind_from_name (*n)));
  return credentials;
}

#define profile_ok(credentials) \
  profile_ok_at (__FILE__, __LINE__, (credentials))
static VneidProfile *
profile_ok_at (const char *file,
               int         line,
               GPtrArray  *credentials)
{
  g_autoptr(GError) error = NULL;
  VneidProfile *profile = vneid_profile_new ((VneidVerifiedCredential * const *) credentials->pdata,
                                             credentials->len, &error);

  vt_assert_no_error_at (file, line, error);
  ck_assert_msg (profile != NULL, "%s:%d: no profile", file, line);
  return profile;
}

#define profile_fails(credentials, domain, code, reason) \
  profile_fails_at (__FILE__, __LINE__, (credentials), (domain), (code), #code, (reason))
static void
profile_fails_at (const char *file,
                  int         line,
                  GPtrArray  *credentials,
                  GQuark      domain,
                  int         code,
                  const char *code_name,
                  const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile =
    vneid_profile_new ((VneidVerifiedCredential * const *) credentials->pdata, credentials->len,
                       &error);

  ck_assert_msg (profile == NULL, "%s:%d: profile built, expected %s", file, line, code_name);
  vt_assert_error_at (file, line, error, domain, code, code_name, reason);
}

static VneidProfile *
citizen_profile (const char *slug,
                 const char *kinds)
{
  g_autoptr(GPtrArray) credentials = citizen_credentials (slug, kinds);

  return profile_ok (credentials);
}

/* @slug's claims of @kind with @name set to @value_json, verified. */
static VneidVerifiedCredential *
forged_credential (const char *slug,
                   Kind        kind,
                   const char *name,
                   const char *value_json)
{
  g_autoptr(JsonObject) claims = claims_of (slug, kind);
  g_autoptr(VneidKey) holder = wallet_key (slug);

  set_claim (claims, name, value_json);
  return verified_from (kind, claims, holder, NULL);
}

/* ---- assertions -------------------------------------------------------- */

#define assert_date(date, y, m, d) assert_date_at (__FILE__, __LINE__, (date), (y), (m), (d))
/* Takes @date. */
static void
assert_date_at (const char *file,
                int         line,
                VneidDate  *date,
                int         year,
                int         month,
                int         day)
{
  ck_assert_msg (date != NULL, "%s:%d: no date, expected %04d-%02d-%02d", file, line, year, month, day);
  ck_assert_msg (vneid_date_get_year (date) == year && vneid_date_get_month (date) == month &&
                 vneid_date_get_day (date) == day,
                 "%s:%d: date %d-%d-%d, expected %d-%d-%d", file, line, vneid_date_get_year (date),
                 vneid_date_get_month (date), vneid_date_get_day (date), year, month, day);
  vneid_date_free (date);
}

static VneidDate *
day_of (const char *iso)
{
  g_autoptr(GError) error = NULL;
  VneidDate *date = vneid_date_parse (iso, &error);

  vt_assert_no_error (error);
  return date;
}

static VneidBhytValidity
validity_on (VneidProfile *profile,
             const char   *iso)
{
  g_autoptr(VneidDate) day = day_of (iso);

  return vneid_profile_get_bhyt_validity (profile, day);
}

#define assert_provenance(profile, path, kind, vct, iss, iat) \
  assert_provenance_at (__FILE__, __LINE__, (profile), (path), (kind), (vct), (iss), (iat))
static void
assert_provenance_at (const char     *file,
                      int             line,
                      VneidProfile   *profile,
                      const char     *path,
                      VneidSourceKind kind,
                      const char     *vct,
                      const char     *issuer,
                      gint64          iat)
{
  VneidAttribute *attribute = vneid_profile_lookup (profile, path);

  ck_assert_msg (attribute != NULL, "%s:%d: no attribute %s", file, line, path);
  ck_assert_str_eq (vneid_attribute_get_path (attribute), path);
  ck_assert_str_eq (vneid_attribute_get_claim (attribute), path);
  ck_assert_msg (vneid_attribute_get_source_kind (attribute) == kind,
                 "%s:%d: %s comes from %s, expected %s", file, line, path,
                 vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute)),
                 vneid_source_kind_to_string (kind));
  ck_assert_msg (g_strcmp0 (vneid_attribute_get_vct (attribute), vct) == 0,
                 "%s:%d: %s has vct %s, expected %s", file, line, path,
                 vneid_attribute_get_vct (attribute), vct);
  ck_assert_str_eq (vneid_attribute_get_issuer (attribute), issuer);
  ck_assert_msg (vneid_attribute_get_issued_at (attribute) == iat,
                 "%s:%d: %s issued at %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, file,
                 line, path, vneid_attribute_get_issued_at (attribute), iat);
  ck_assert_msg (vneid_attribute_get_verified (attribute) == (kind != VNEID_SOURCE_KIND_SELF_ASSERTED),
                 "%s:%d: %s verified flag wrong", file, line, path);
}

#define assert_strv(actual, ...) \
  assert_strv_at (__FILE__, __LINE__, (const char * const *) (actual), \
                  (const char * const []) { __VA_ARGS__, NULL })
static void
assert_strv_at (const char         *file,
                int                 line,
                const char * const *actual,
                const char * const *expected)
{
  g_autofree char *a = g_strjoinv (", ", (char **) actual);
  g_autofree char *e = g_strjoinv (", ", (char **) expected);

  ck_assert_msg (g_strv_equal (actual, expected), "%s:%d:\n  got      [%s]\n  expected [%s]",
                 file, line, a, e);
}

/* The same strings in any order. */
#define assert_strv_set(actual, ...) \
  assert_strv_set_at (__FILE__, __LINE__, (const char * const *) (actual), \
                      (const char * const []) { __VA_ARGS__, NULL })
static void
assert_strv_set_at (const char         *file,
                    int                 line,
                    const char * const *actual,
                    const char * const *expected)
{
  g_autofree char *a = g_strjoinv (", ", (char **) actual);
  g_autofree char *e = g_strjoinv (", ", (char **) expected);
  gboolean same = g_strv_length ((char **) actual) == g_strv_length ((char **) expected);

  for (const char * const *x = expected; same && *x != NULL; x++)
    same = g_strv_contains (actual, *x);
  ck_assert_msg (same, "%s:%d:\n  got      {%s}\n  expected {%s}", file, line, a, e);
}

#define assert_address(address, formatted, street, locality, district, region) \
  assert_address_at (__FILE__, __LINE__, (address), (formatted), (street), (locality), \
                     (district), (region))
/* Takes @address. */
static void
assert_address_at (const char   *file,
                   int           line,
                   VneidAddress *address,
                   const char   *formatted,
                   const char   *street,
                   const char   *locality,
                   const char   *district,
                   const char   *region)
{
  ck_assert_msg (address != NULL, "%s:%d: no address", file, line);
  ck_assert_str_eq (vneid_address_get_formatted (address), formatted);
  ck_assert_str_eq (vneid_address_get_street_address (address), street);
  ck_assert_str_eq (vneid_address_get_locality (address), locality);
  ck_assert_msg (g_strcmp0 (vneid_address_get_district (address), district) == 0,
                 "%s:%d: district “%s”, expected “%s”", file, line,
                 vneid_address_get_district (address) ? vneid_address_get_district (address) : "(null)",
                 district ? district : "(null)");
  ck_assert_str_eq (vneid_address_get_region (address), region);
  ck_assert_str_eq (vneid_address_get_country (address), "VN");
  ck_assert_msg (vneid_address_is_pre_2025 (address) == (district != NULL),
                 "%s:%d: is_pre_2025 wrong", file, line);
  vneid_address_free (address);
}

static gboolean
strv_has_prefix (char **paths, const char *prefix)
{
  for (char **p = paths; *p != NULL; p++)
    if (g_str_has_prefix (*p, prefix))
      return TRUE;
  return FALSE;
}

/* ---- the citizens, one by one ----------------------------------------- */

START_TEST (test_mai)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "pid cccd contact bhyt");
  VneidPersonalId *id = vneid_profile_get_personal_id (profile);
  VneidBhytNumber *bhyt = vneid_profile_get_bhyt_number (profile);

  ck_assert_uint_eq (vneid_profile_get_level (profile), 2);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), "001185034517");
  ck_assert_ptr_nonnull (id);
  ck_assert_str_eq (vneid_personal_id_get_number (id), "001185034517");
  ck_assert_str_eq (vneid_personal_id_get_province_code (id), "001");
  ck_assert_str_eq (vneid_personal_id_get_province_name (id), "Hà Nội");
  ck_assert_int_eq (vneid_personal_id_get_sex (id), VNEID_SEX_FEMALE);
  ck_assert_int_eq (vneid_personal_id_get_birth_year (id), 1985);
  ck_assert_str_eq (vneid_personal_id_get_serial (id), "034517");

  ck_assert_str_eq (vneid_profile_get_name (profile), "Trần Thị Mai");
  ck_assert_str_eq (vneid_profile_get_family_name (profile), "Trần");
  ck_assert_str_eq (vneid_profile_get_middle_name (profile), "Thị");
  ck_assert_str_eq (vneid_profile_get_given_name (profile), "Mai");
  assert_date (vneid_profile_dup_birthdate (profile), 1985, 3, 8);
  ck_assert_int_eq (vneid_profile_get_sex (profile), VNEID_SEX_FEMALE);
  ck_assert_str_eq (vneid_profile_get_nationality (profile), "VN");
  ck_assert_str_eq (vneid_profile_get_string (profile, "ethnicity"), "Kinh");
  ck_assert_str_eq (vneid_profile_get_string (profile, "religion"), "Phật giáo");
  ck_assert_str_eq (vneid_profile_get_string (profile, "household.relationship_to_head"), "Chủ hộ");
  ck_assert_str_eq (vneid_profile_get_string (profile, "household.head_personal_administrative_number"),
                    "001185034517");

  /* post-2025: no district, although her CCCD printed one */
  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT),
                  "Số 18 Phố Hàng Chuối, Phường Hai Bà Trưng, Thành phố Hà Nội",
                  "Số 18 Phố Hàng Chuối", "Phường Hai Bà Trưng", NULL, "Thành phố Hà Nội");
  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_CURRENT),
                  "Số 18 Phố Hàng Chuối, Phường Hai Bà Trưng, Thành phố Hà Nội",
                  "Số 18 Phố Hàng Chuối", "Phường Hai Bà Trưng", NULL, "Thành phố Hà Nội");
  ck_assert_ptr_null (vneid_profile_dup_address (profile, VNEID_ADDRESS_TEMPORARY));

  ck_assert_str_eq (vneid_profile_get_cccd_number (profile), "001185034517");
  assert_date (vneid_profile_dup_cccd_date_of_issuance (profile), 2023, 6, 20);
  assert_date (vneid_profile_dup_cccd_date_of_expiry (profile), 2045, 3, 8);
  ck_assert_str_eq (vneid_profile_get_string (profile, "former_id_number"), "013579246");
  ck_assert_str_eq (vneid_profile_get_string (profile, "issuing_authority"), CCCD_AUTHORITY);

  ck_assert_ptr_nonnull (bhyt);
  ck_assert_str_eq (vneid_bhyt_number_get_number (bhyt), "DN4010104523817");
  ck_assert_str_eq (vneid_bhyt_number_get_participant_type (bhyt), "DN");
  ck_assert_int_eq (vneid_bhyt_number_get_benefit_level (bhyt), 4);
  ck_assert_str_eq (vneid_bhyt_number_get_province_code (bhyt), "01");
  ck_assert_str_eq (vneid_bhyt_number_get_social_insurance_number (bhyt), "0104523817");
  ck_assert_str_eq (vneid_profile_get_registered_facility_code (profile), "01013");
  ck_assert_str_eq (vneid_profile_get_registered_facility_name (profile), "Bệnh viện Thanh Nhàn");
  assert_date (vneid_profile_dup_bhyt_valid_from (profile), 2026, 1, 1);
  assert_date (vneid_profile_dup_bhyt_valid_until (profile), 2026, 12, 31);
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), VNEID_BHYT_VALIDITY_VALID);
  ck_assert_int_eq (validity_on (profile, "2025-12-31"), VNEID_BHYT_VALIDITY_NOT_YET_VALID);
  ck_assert_int_eq (validity_on (profile, "2026-01-01"), VNEID_BHYT_VALIDITY_VALID);
  ck_assert_int_eq (validity_on (profile, "2026-12-31"), VNEID_BHYT_VALIDITY_VALID);
  ck_assert_int_eq (validity_on (profile, "2027-01-01"), VNEID_BHYT_VALIDITY_EXPIRED);

  ck_assert_str_eq (vneid_profile_get_string (profile, "phone_number"), "+84912000185");
  ck_assert_str_eq (vneid_profile_get_string (profile, "email"), "tran.thi.mai@example.com");
}
END_TEST

START_TEST (test_thanh_elder)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("vu-dinh-thanh", "pid cccd bhyt");
  VneidPersonalId *id = vneid_profile_get_personal_id (profile);
  VneidBhytNumber *bhyt = vneid_profile_get_bhyt_number (profile);
  g_autoptr(VneidDate) birthdate = vneid_profile_dup_birthdate (profile);
  g_autofree char *text = NULL;

  ck_assert_uint_eq (vneid_profile_get_level (profile), 2);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), "036038001276");
  ck_assert_str_eq (vneid_personal_id_get_province_code (id), "036");
  ck_assert_str_eq (vneid_personal_id_get_province_name (id), "Nam Định");
  ck_assert_int_eq (vneid_personal_id_get_sex (id), VNEID_SEX_MALE);
  ck_assert_int_eq (vneid_personal_id_get_century (id), 1900);
  ck_assert_int_eq (vneid_personal_id_get_birth_year (id), 1938);
  ck_assert_str_eq (vneid_profile_get_name (profile), "Vũ Đình Thành");
  ck_assert_str_eq (vneid_profile_get_family_name (profile), "Vũ");
  ck_assert_str_eq (vneid_profile_get_middle_name (profile), "Đình");
  ck_assert_str_eq (vneid_profile_get_given_name (profile), "Thành");

  /* year-only birthdate */
  ck_assert_ptr_nonnull (birthdate);
  ck_assert_int_eq (vneid_date_get_year (birthdate), 1938);
  ck_assert_int_eq (vneid_date_get_month (birthdate), 0);
  ck_assert_int_eq (vneid_date_get_day (birthdate), 0);
  ck_assert (!vneid_date_is_complete (birthdate));
  text = vneid_date_to_string (birthdate);
  ck_assert_str_eq (text, "1938");
  ck_assert_str_eq (vneid_profile_get_string (profile, "birthdate"), "1938");

  ck_assert_int_eq (vneid_profile_get_sex (profile), VNEID_SEX_MALE);
  ck_assert_str_eq (vneid_profile_get_nationality (profile), "VN");
  ck_assert_str_eq (vneid_profile_get_string (profile, "religion"), "Công giáo");

  /* pre-2025 address, with its district, on PID and CCCD alike */
  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT),
                  "Xóm 3, Xã Xuân Ngọc, Huyện Xuân Trường, Tỉnh Nam Định", "Xóm 3",
                  "Xã Xuân Ngọc", "Huyện Xuân Trường", "Tỉnh Nam Định");
  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_CURRENT),
                  "Xóm 3, Xã Xuân Ngọc, Huyện Xuân Trường, Tỉnh Nam Định", "Xóm 3",
                  "Xã Xuân Ngọc", "Huyện Xuân Trường", "Tỉnh Nam Định");
  ck_assert_ptr_null (vneid_profile_dup_address (profile, VNEID_ADDRESS_TEMPORARY));

  /* the card "Không thời hạn": no expiry */
  ck_assert_str_eq (vneid_profile_get_cccd_number (profile), "036038001276");
  assert_date (vneid_profile_dup_cccd_date_of_issuance (profile), 2021, 5, 12);
  ck_assert_ptr_null (vneid_profile_dup_cccd_date_of_expiry (profile));
  ck_assert_ptr_null (vneid_profile_lookup (profile, "date_of_expiry"));
  ck_assert_ptr_null (vneid_profile_lookup (profile, "former_id_number"));

  ck_assert_str_eq (vneid_bhyt_number_get_number (bhyt), "HT3363601283745");
  ck_assert_str_eq (vneid_bhyt_number_get_participant_type (bhyt), "HT");
  ck_assert_int_eq (vneid_bhyt_number_get_benefit_level (bhyt), 3);
  ck_assert_str_eq (vneid_bhyt_number_get_province_code (bhyt), "36");
  ck_assert_str_eq (vneid_bhyt_number_get_social_insurance_number (bhyt), "3601283745");
  ck_assert_str_eq (vneid_profile_get_registered_facility_code (profile), "36011");
  ck_assert_str_eq (vneid_profile_get_registered_facility_name (profile),
                    "Bệnh viện Đa khoa huyện Xuân Trường");
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), VNEID_BHYT_VALIDITY_VALID);

  /* no conflicts: PID and CCCD agree on everything they share */
  {
    g_auto(GStrv) conflicts = vneid_profile_list_conflicts (profile);

    ck_assert_uint_eq (g_strv_length (conflicts), 0);
  }
}
END_TEST

START_TEST (test_bao_expired_card)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("pham-quoc-bao", "pid cccd contact bhyt");
  VneidBhytNumber *bhyt = vneid_profile_get_bhyt_number (profile);

  ck_assert_uint_eq (vneid_profile_get_level (profile), 2);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), "079092018843");
  ck_assert_str_eq (vneid_personal_id_get_province_name (vneid_profile_get_personal_id (profile)),
                    "TP Hồ Chí Minh");
  ck_assert_str_eq (vneid_profile_get_name (profile), "Phạm Quốc Bảo");
  ck_assert_str_eq (vneid_profile_get_family_name (profile), "Phạm");
  ck_assert_str_eq (vneid_profile_get_middle_name (profile), "Quốc");
  ck_assert_str_eq (vneid_profile_get_given_name (profile), "Bảo");
  assert_date (vneid_profile_dup_birthdate (profile), 1992, 11, 20);
  ck_assert_int_eq (vneid_profile_get_sex (profile), VNEID_SEX_MALE);
  ck_assert_str_eq (vneid_profile_get_nationality (profile), "VN");

  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT),
                  "Số 45 Đường Lê Thánh Tôn, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
                  "Số 45 Đường Lê Thánh Tôn", "Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh");

  ck_assert_str_eq (vneid_profile_get_cccd_number (profile), "079092018843");
  assert_date (vneid_profile_dup_cccd_date_of_issuance (profile), 2021, 8, 3);
  assert_date (vneid_profile_dup_cccd_date_of_expiry (profile), 2032, 11, 20);

  ck_assert_str_eq (vneid_bhyt_number_get_participant_type (bhyt), "GD");
  ck_assert_int_eq (vneid_bhyt_number_get_benefit_level (bhyt), 4);
  ck_assert_str_eq (vneid_bhyt_number_get_province_code (bhyt), "79");
  ck_assert_str_eq (vneid_bhyt_number_get_social_insurance_number (bhyt), "7910938457");
  ck_assert_str_eq (vneid_profile_get_registered_facility_code (profile), "79031");
  ck_assert_str_eq (vneid_profile_get_registered_facility_name (profile), "Bệnh viện Đa khoa Sài Gòn");
  assert_date (vneid_profile_dup_bhyt_valid_until (profile), 2025, 12, 31);
  /* the credential verified; its data says the card has expired */
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), VNEID_BHYT_VALIDITY_EXPIRED);
  ck_assert_int_eq (validity_on (profile, "2026-01-01"), VNEID_BHYT_VALIDITY_EXPIRED);
  ck_assert_int_eq (validity_on (profile, "2025-12-31"), VNEID_BHYT_VALIDITY_VALID);
  ck_assert_int_eq (validity_on (profile, "2024-12-31"), VNEID_BHYT_VALIDITY_NOT_YET_VALID);
  ck_assert_str_eq (vneid_profile_get_string (profile, "email"), "pham.quoc.bao@example.com");
}
END_TEST

START_TEST (test_lan_three_addresses)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("hoang-thi-lan", "pid cccd contact bhyt");
  VneidBhytNumber *bhyt = vneid_profile_get_bhyt_number (profile);

  ck_assert_uint_eq (vneid_profile_get_level (profile), 2);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), "004198003561");
  ck_assert_str_eq (vneid_profile_get_name (profile), "Hoàng Thị Lan");
  ck_assert_str_eq (vneid_profile_get_given_name (profile), "Lan");
  assert_date (vneid_profile_dup_birthdate (profile), 1998, 6, 14);
  ck_assert_int_eq (vneid_profile_get_sex (profile), VNEID_SEX_FEMALE);
  ck_assert_str_eq (vneid_profile_get_string (profile, "ethnicity"), "Tày");

  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT),
                  "Tổ 5, Phường Thục Phán, Tỉnh Cao Bằng", "Tổ 5", "Phường Thục Phán", NULL,
                  "Tỉnh Cao Bằng");
  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_TEMPORARY),
                  "Phòng 304, Số 9 Đường Tôn Đức Thắng, Phường Sài Gòn, Thành phố Hồ Chí Minh",
                  "Phòng 304, Số 9 Đường Tôn Đức Thắng", "Phường Sài Gòn", NULL,
                  "Thành phố Hồ Chí Minh");
  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_CURRENT),
                  "Phòng 304, Số 9 Đường Tôn Đức Thắng, Phường Sài Gòn, Thành phố Hồ Chí Minh",
                  "Phòng 304, Số 9 Đường Tôn Đức Thắng", "Phường Sài Gòn", NULL,
                  "Thành phố Hồ Chí Minh");

  ck_assert_str_eq (vneid_profile_get_cccd_number (profile), "004198003561");
  assert_date (vneid_profile_dup_cccd_date_of_issuance (profile), 2022, 1, 10);
  assert_date (vneid_profile_dup_cccd_date_of_expiry (profile), 2038, 6, 14);

  ck_assert_str_eq (vneid_bhyt_number_get_number (bhyt), "DN4790412873650");
  ck_assert_str_eq (vneid_bhyt_number_get_province_code (bhyt), "79");
  ck_assert_str_eq (vneid_profile_get_registered_facility_code (profile), "79025");
  ck_assert_str_eq (vneid_profile_get_registered_facility_name (profile), "Bệnh viện Nhân dân 115");
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), VNEID_BHYT_VALIDITY_VALID);
}
END_TEST

START_TEST (test_ngoc_child)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("le-bao-ngoc", "pid bhyt");
  VneidPersonalId *id = vneid_profile_get_personal_id (profile);
  VneidBhytNumber *bhyt = vneid_profile_get_bhyt_number (profile);

  ck_assert_uint_eq (vneid_profile_get_level (profile), 1);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), "001321005932");
  ck_assert_int_eq (vneid_personal_id_get_century (id), 2000);
  ck_assert_int_eq (vneid_personal_id_get_sex (id), VNEID_SEX_FEMALE);
  ck_assert_int_eq (vneid_personal_id_get_birth_year (id), 2021);
  ck_assert_str_eq (vneid_profile_get_name (profile), "Lê Bảo Ngọc");
  ck_assert_str_eq (vneid_profile_get_family_name (profile), "Lê");
  ck_assert_str_eq (vneid_profile_get_middle_name (profile), "Bảo");
  ck_assert_str_eq (vneid_profile_get_given_name (profile), "Ngọc");
  assert_date (vneid_profile_dup_birthdate (profile), 2021, 5, 10);
  ck_assert_int_eq (vneid_profile_get_sex (profile), VNEID_SEX_FEMALE);
  ck_assert_str_eq (vneid_profile_get_string (profile, "household.head_name"), "Trần Thị Mai");
  ck_assert_ptr_null (vneid_profile_get_cccd_number (profile));
  ck_assert_ptr_null (vneid_profile_dup_cccd_date_of_issuance (profile));

  ck_assert_str_eq (vneid_bhyt_number_get_participant_type (bhyt), "TE");
  ck_assert_int_eq (vneid_bhyt_number_get_benefit_level (bhyt), 1);
  ck_assert_str_eq (vneid_profile_get_registered_facility_code (profile), "01016");
  ck_assert_str_eq (vneid_profile_get_registered_facility_name (profile), "Bệnh viện Nhi Trung ương");
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), VNEID_BHYT_VALIDITY_VALID);
  ck_assert_int_eq (validity_on (profile, "2021-05-09"), VNEID_BHYT_VALIDITY_NOT_YET_VALID);
  ck_assert_int_eq (validity_on (profile, "2021-05-10"), VNEID_BHYT_VALIDITY_VALID);
  ck_assert_int_eq (validity_on (profile, "2027-05-09"), VNEID_BHYT_VALIDITY_VALID);
  ck_assert_int_eq (validity_on (profile, "2027-05-10"), VNEID_BHYT_VALIDITY_EXPIRED);
}
END_TEST

START_TEST (test_no_bhyt_card)
{
  g_autoptr(VneidProfile) my = citizen_profile ("vang-thi-my", "pid cccd");
  g_autoptr(VneidProfile) hoa = citizen_profile ("bui-thi-hoa", "pid contact");
  g_autoptr(VneidProfile) sa_rinh = citizen_profile ("thach-sa-rinh", "pid cccd contact");

  ck_assert_int_eq (validity_on (my, "2026-11-27"), VNEID_BHYT_VALIDITY_NO_CARD);
  ck_assert_int_eq (vneid_profile_get_bhyt_validity (my, NULL), VNEID_BHYT_VALIDITY_NO_CARD);
  ck_assert_ptr_null (vneid_profile_get_bhyt_number (my));
  ck_assert_ptr_null (vneid_profile_get_registered_facility_code (my));
  ck_assert_ptr_null (vneid_profile_dup_bhyt_valid_from (my));
  ck_assert_uint_eq (vneid_profile_get_level (my), 2);
  ck_assert_str_eq (vneid_profile_get_string (my, "ethnicity"), "Mông");
  /* the PID's post-2025 address wins over the card's Hà Giang one */
  assert_address (vneid_profile_dup_address (my, VNEID_ADDRESS_PERMANENT),
                  vneid_profile_get_string (my, "address.formatted"),
                  vneid_profile_get_string (my, "address.street_address"), "Xã Lũng Cú", NULL,
                  "Tỉnh Tuyên Quang");

  ck_assert_int_eq (validity_on (hoa, "2026-11-27"), VNEID_BHYT_VALIDITY_NO_CARD);
  ck_assert_uint_eq (vneid_profile_get_level (hoa), 1);
  ck_assert_str_eq (vneid_profile_get_string (hoa, "ethnicity"), "Mường");
  ck_assert_ptr_null (vneid_profile_get_cccd_number (hoa));

  /* no middle name, a two-word given name, phone without e-mail */
  ck_assert_int_eq (validity_on (sa_rinh, "2026-11-27"), VNEID_BHYT_VALIDITY_NO_CARD);
  ck_assert_str_eq (vneid_profile_get_name (sa_rinh), "Thạch Sa Rinh");
  ck_assert_str_eq (vneid_profile_get_family_name (sa_rinh), "Thạch");
  ck_assert_ptr_null (vneid_profile_get_middle_name (sa_rinh));
  ck_assert_str_eq (vneid_profile_get_given_name (sa_rinh), "Sa Rinh");
  ck_assert_ptr_nonnull (vneid_profile_get_string (sa_rinh, "phone_number"));
  ck_assert_ptr_null (vneid_profile_lookup (sa_rinh, "email"));
  assert_date (vneid_profile_dup_cccd_date_of_expiry (sa_rinh), 2028, 12, 5);
}
END_TEST

/* Every citizen, every credential: the README's table. */
static const struct {
  const char *slug;
  const char *kinds;
  const char *number;
  guint level;
  const char *name;
  const char *birthdate;
  VneidSex sex;
  int century;
  const char *province;
  const char *bhyt_number;
  VneidBhytValidity validity;
  const char *district;
} citizens[] = {
  { "tran-thi-mai", "pid cccd contact bhyt", "001185034517", 2, "Trần Thị Mai", "1985-03-08",
    VNEID_SEX_FEMALE, 1900, "Hà Nội", "DN4010104523817", VNEID_BHYT_VALIDITY_VALID, NULL },
  { "le-minh-khoa", "pid bhyt", "001207012864", 1, "Lê Minh Khoa", "2007-09-02",
    VNEID_SEX_MALE, 2000, "Hà Nội", "SV4010107812645", VNEID_BHYT_VALIDITY_VALID, NULL },
  { "le-bao-ngoc", "pid bhyt", "001321005932", 1, "Lê Bảo Ngọc", "2021-05-10",
    VNEID_SEX_FEMALE, 2000, "Hà Nội", "TE1010112043871", VNEID_BHYT_VALIDITY_VALID, NULL },
  { "vu-dinh-thanh", "pid cccd bhyt", "036038001276", 2, "Vũ Đình Thành", "1938",
    VNEID_SEX_MALE, 1900, "Nam Định", "HT3363601283745", VNEID_BHYT_VALIDITY_VALID,
    "Huyện Xuân Trường" },
  { "pham-quoc-bao", "pid cccd contact bhyt", "079092018843", 2, "Phạm Quốc Bảo", "1992-11-20",
    VNEID_SEX_MALE, 1900, "TP Hồ Chí Minh", "GD4797910938457", VNEID_BHYT_VALIDITY_EXPIRED,
    "Quận 1" },
  { "hoang-thi-lan", "pid cccd contact bhyt", "004198003561", 2, "Hoàng Thị Lan", "1998-06-14",
    VNEID_SEX_FEMALE, 1900, "Cao Bằng", "DN4790412873650", VNEID_BHYT_VALIDITY_VALID, NULL },
  { "lo-van-son", "pid bhyt", "014079006327", 1, "Lò Văn Sơn", "1979-02-10",
    VNEID_SEX_MALE, 1900, "Sơn La", "DT2141407936248", VNEID_BHYT_VALIDITY_VALID,
    "Thành phố Sơn La" },
  { "vang-thi-my", "pid cccd", "002303004718", 2, "Vàng Thị Mỷ", "2003-04-21",
    VNEID_SEX_FEMALE, 2000, "Hà Giang", NULL, VNEID_BHYT_VALIDITY_NO_CARD, NULL },
  { "thach-sa-rinh", "pid cccd contact", "084068009154", 2, "Thạch Sa Rinh", "1968-12-05",
    VNEID_SEX_MALE, 1900, "Trà Vinh", NULL, VNEID_BHYT_VALIDITY_NO_CARD, "Huyện Châu Thành" },
  { "bui-thi-hoa", "pid contact", "017195002483", 1, "Bùi Thị Hoa", "1995-07-30",
    VNEID_SEX_FEMALE, 1900, "Hòa Bình", NULL, VNEID_BHYT_VALIDITY_NO_CARD, NULL },
  { "do-ngoc-anh-thu", "pid cccd contact bhyt", "075300011209", 2, "Đỗ Ngọc Anh Thư", "2000-10-09",
    VNEID_SEX_FEMALE, 2000, "Đồng Nai", "DN4757512094836", VNEID_BHYT_VALIDITY_VALID, NULL },
};

START_TEST (test_every_citizen)
{
  g_autoptr(VneidProfile) profile = citizen_profile (citizens[_i].slug, citizens[_i].kinds);
  VneidPersonalId *id = vneid_profile_get_personal_id (profile);
  g_autoptr(VneidDate) birthdate = vneid_profile_dup_birthdate (profile);
  g_autofree char *birthdate_text = NULL;
  g_autoptr(VneidAddress) address = vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT);
  g_autoptr(JsonObject) pid = claims_of (citizens[_i].slug, PID);
  g_auto(GStrv) name_parts = NULL;

  ck_assert_uint_eq (vneid_profile_get_level (profile), citizens[_i].level);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), citizens[_i].number);
  ck_assert_int_eq (vneid_personal_id_get_century (id), citizens[_i].century);
  ck_assert_int_eq (vneid_personal_id_get_sex (id), citizens[_i].sex);
  ck_assert_str_eq (vneid_personal_id_get_province_name (id), citizens[_i].province);
  ck_assert_str_eq (vneid_profile_get_name (profile), citizens[_i].name);
  ck_assert_str_eq (vneid_profile_get_family_name (profile),
                    json_object_get_string_member (pid, "family_name"));
  ck_assert_str_eq (vneid_profile_get_given_name (profile),
                    json_object_get_string_member (pid, "given_name"));
  ck_assert_pstr_eq (vneid_profile_get_middle_name (profile),
                     json_object_get_string_member_with_default (pid, "middle_name", NULL));
  /* name = family + middle + given */
  name_parts = g_strsplit (citizens[_i].name, " ", 2);
  ck_assert_str_eq (name_parts[0], vneid_profile_get_family_name (profile));
  birthdate_text = vneid_date_to_string (birthdate);
  ck_assert_str_eq (birthdate_text, citizens[_i].birthdate);
  ck_assert_int_eq (vneid_personal_id_get_birth_year (id), vneid_date_get_year (birthdate));
  ck_assert_int_eq (vneid_profile_get_sex (profile), citizens[_i].sex);
  ck_assert_str_eq (vneid_profile_get_nationality (profile), "VN");
  ck_assert_ptr_nonnull (address);
  ck_assert_pstr_eq (vneid_address_get_district (address), citizens[_i].district);
  ck_assert_str_eq (vneid_address_get_formatted (address),
                    json_object_get_string_member (json_object_get_object_member (pid, "address"),
                                                   "formatted"));
  ck_assert_str_eq (vneid_profile_get_string (profile, "place_of_birth"),
                    json_object_get_string_member (pid, "place_of_birth"));
  if (strstr (citizens[_i].kinds, "cccd") != NULL)
    ck_assert_str_eq (vneid_profile_get_cccd_number (profile), citizens[_i].number);
  else
    ck_assert_ptr_null (vneid_profile_get_cccd_number (profile));
  if (citizens[_i].bhyt_number != NULL)
    ck_assert_str_eq (vneid_bhyt_number_get_number (vneid_profile_get_bhyt_number (profile)),
                      citizens[_i].bhyt_number);
  else
    ck_assert_ptr_null (vneid_profile_get_bhyt_number (profile));
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), citizens[_i].validity);
  {
    g_auto(GStrv) kinds = g_strsplit (citizens[_i].kinds, " ", -1);

    ck_assert_uint_eq (vneid_profile_get_credentials (profile)->len, g_strv_length (kinds));
  }
}
END_TEST

/* ---- provenance -------------------------------------------------------- */

START_TEST (test_provenance_each_type)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "pid cccd contact bhyt");
  GPtrArray *credentials = vneid_profile_get_credentials (profile);

  ck_assert_str_eq (vneid_source_kind_to_string (VNEID_SOURCE_KIND_POPULATION_DB), "population-db");
  ck_assert_str_eq (vneid_source_kind_to_string (VNEID_SOURCE_KIND_CCCD_CHIP), "cccd-chip");
  ck_assert_str_eq (vneid_source_kind_to_string (VNEID_SOURCE_KIND_BHYT_DB), "bhyt-db");
  ck_assert_str_eq (vneid_source_kind_to_string (VNEID_SOURCE_KIND_SELF_ASSERTED), "self-asserted");

  /* PID-only claims */
  assert_provenance (profile, "family_name", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                     kind_iat[PID]);
  assert_provenance (profile, "ethnicity", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                     kind_iat[PID]);
  assert_provenance (profile, "household.head_name", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID,
                     POP_ISSUER, kind_iat[PID]);
  assert_provenance (profile, "vneid_level", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                     kind_iat[PID]);
  /* CCCD-only claims */
  assert_provenance (profile, "document_number", VNEID_SOURCE_KIND_CCCD_CHIP, VCT_CCCD, POP_ISSUER,
                     kind_iat[CCCD]);
  assert_provenance (profile, "date_of_expiry", VNEID_SOURCE_KIND_CCCD_CHIP, VCT_CCCD, POP_ISSUER,
                     kind_iat[CCCD]);
  assert_provenance (profile, "former_id_number", VNEID_SOURCE_KIND_CCCD_CHIP, VCT_CCCD, POP_ISSUER,
                     kind_iat[CCCD]);
  /* BHYT-only claims */
  assert_provenance (profile, "bhyt_number", VNEID_SOURCE_KIND_BHYT_DB, VCT_BHYT, VSS_ISSUER,
                     kind_iat[BHYT]);
  assert_provenance (profile, "registered_facility.code", VNEID_SOURCE_KIND_BHYT_DB, VCT_BHYT,
                     VSS_ISSUER, kind_iat[BHYT]);
  assert_provenance (profile, "valid_until", VNEID_SOURCE_KIND_BHYT_DB, VCT_BHYT, VSS_ISSUER,
                     kind_iat[BHYT]);
  /* contact: self-asserted, not verified */
  assert_provenance (profile, "phone_number", VNEID_SOURCE_KIND_SELF_ASSERTED, VCT_CONTACT,
                     POP_ISSUER, kind_iat[CONTACT]);
  assert_provenance (profile, "email", VNEID_SOURCE_KIND_SELF_ASSERTED, VCT_CONTACT, POP_ISSUER,
                     kind_iat[CONTACT]);
  ck_assert (!vneid_attribute_get_verified (vneid_profile_lookup (profile, "email")));
  ck_assert (vneid_attribute_get_verified (vneid_profile_lookup (profile, "bhyt_number")));

  /* the credentials, in the order given */
  ck_assert_uint_eq (credentials->len, 4);
  for (guint i = 0; i < 4; i++)
    {
      static const Kind order[] = { PID, CCCD, CONTACT, BHYT };
      VneidVerifiedCredential *c = g_ptr_array_index (credentials, i);

      ck_assert_str_eq (vneid_verified_credential_get_vct (c), kind_vcts[order[i]]);
      ck_assert_int_eq (vneid_verified_credential_get_issued_at (c), kind_iat[order[i]]);
    }
}
END_TEST

START_TEST (test_provenance_values)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("le-minh-khoa", "pid bhyt");
  VneidAttribute *sex = vneid_profile_lookup (profile, "sex");
  VneidAttribute *nationalities = vneid_profile_lookup (profile, "nationalities");
  VneidAttribute *benefit = vneid_profile_lookup (profile, "benefit_level");
  g_autofree char *sex_text = NULL;
  g_autofree char *benefit_text = NULL;
  g_autoptr(JsonObject) json = NULL;

  /* the PID wins over the BHYT card for the identity claims; equal values
   * are no conflict */
  assert_provenance (profile, "name", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                     kind_iat[PID]);
  assert_provenance (profile, "birthdate", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                     kind_iat[PID]);
  assert_provenance (profile, "personal_administrative_number", VNEID_SOURCE_KIND_POPULATION_DB,
                     VCT_PID, POP_ISSUER, kind_iat[PID]);
  ck_assert_uint_eq (vneid_attribute_get_conflicts (vneid_profile_lookup (profile, "name"))->len, 0);

  ck_assert_ptr_nonnull (sex);
  ck_assert_int_eq (json_node_get_int (vneid_attribute_get_value (sex)), 1);
  ck_assert_ptr_null (vneid_attribute_get_string (sex));
  sex_text = vneid_attribute_to_string (sex);
  ck_assert_str_eq (sex_text, "1");
  ck_assert_ptr_nonnull (nationalities);
  ck_assert (JSON_NODE_HOLDS_ARRAY (vneid_attribute_get_value (nationalities)));
  benefit_text = vneid_attribute_to_string (benefit);
  ck_assert_str_eq (benefit_text, "4");
  assert_provenance (profile, "benefit_level", VNEID_SOURCE_KIND_BHYT_DB, VCT_BHYT, VSS_ISSUER,
                     kind_iat[BHYT]);

  json = vneid_attribute_to_json (vneid_profile_lookup (profile, "valid_from"));
  {
    g_autofree char *expected = g_strdup_printf (
      "{\"value\": \"2026-01-01\", \"source\": \"bhyt-db\", \"verified\": true,"
      " \"claim\": \"valid_from\", \"vct\": \"" VCT_BHYT "\", \"iss\": \"" VSS_ISSUER "\","
      " \"iat\": %" G_GINT64_FORMAT "}", kind_iat[BHYT]);

    vt_assert_json_equal (json, expected);
  }
}
END_TEST

/* ---- merging ----------------------------------------------------------- */

START_TEST (test_merge_card_claims_from_chip)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "pid cccd");
  static const char *const card_claims[] = {
    "personal_administrative_number", "name", "birthdate", "sex", "nationalities",
    "place_of_origin", NULL,
  };
  static const char *const address_members[] = {
    "address.formatted", "address.street_address", "address.locality", "address.region",
    "address.country", NULL,
  };

  for (const char *const *c = card_claims; *c != NULL; c++)
    assert_provenance (profile, *c, VNEID_SOURCE_KIND_CCCD_CHIP, VCT_CCCD, POP_ISSUER,
                       kind_iat[CCCD]);
  ck_assert_str_eq (vneid_profile_get_string (profile, "place_of_origin"),
                    "Xã Phù Đổng, Huyện Gia Lâm, Thành phố Hà Nội");
  for (const char *const *m = address_members; *m != NULL; m++)
    assert_provenance (profile, *m, VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                       kind_iat[PID]);
  assert_provenance (profile, "current_address.locality", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID,
                     POP_ISSUER, kind_iat[PID]);
  assert_provenance (profile, "family_name", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                     kind_iat[PID]);
  /* the order of the credentials does not matter */
  {
    g_autoptr(VneidProfile) reversed = citizen_profile ("tran-thi-mai", "cccd pid");
    g_auto(GStrv) a = vneid_profile_list_paths (profile);
    g_auto(GStrv) b = vneid_profile_list_paths (reversed);
    g_auto(GStrv) ca = vneid_profile_list_conflicts (profile);
    g_auto(GStrv) cb = vneid_profile_list_conflicts (reversed);

    assert_strv_at (__FILE__, __LINE__, (const char * const *) b, (const char * const *) a);
    assert_strv_set_at (__FILE__, __LINE__, (const char * const *) cb, (const char * const *) ca);
    assert_provenance (reversed, "name", VNEID_SOURCE_KIND_CCCD_CHIP, VCT_CCCD, POP_ISSUER,
                       kind_iat[CCCD]);
    assert_provenance (reversed, "address.locality", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID,
                       POP_ISSUER, kind_iat[PID]);
    ck_assert_ptr_null (vneid_profile_lookup (reversed, "address.district"));
  }
}
END_TEST

static JsonObject *
conflict_entry (JsonArray  *conflicts,
                const char *path)
{
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonObject *entry = json_array_get_object_element (conflicts, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "path", NULL), path) == 0)
        return entry;
    }
  ck_abort_msg ("no conflict entry for %s", path);
  return NULL;
}

/* Attribute objects are made on the first lookup: the same object every
 * time, with its conflicts, and alive after the profile and the
 * credentials are gone (it holds the credential its value belongs to). */
START_TEST (test_attribute_made_on_lookup)
{
  VneidProfile *profile = citizen_profile ("tran-thi-mai", "pid cccd contact bhyt");
  VneidAttribute *locality = vneid_profile_lookup (profile, "address.locality");
  g_autoptr(VneidAttribute) kept = NULL;
  g_autoptr(VneidAttribute) lost = NULL;

  ck_assert_ptr_nonnull (locality);
  ck_assert_ptr_eq (vneid_profile_lookup (profile, "address.locality"), locality);
  ck_assert_uint_eq (vneid_attribute_get_conflicts (locality)->len, 1);
  kept = g_object_ref (locality);
  lost = g_object_ref (g_ptr_array_index (vneid_attribute_get_conflicts (locality), 0));
  g_object_unref (profile);

  ck_assert_str_eq (vneid_attribute_get_string (kept), "Phường Hai Bà Trưng");
  ck_assert_str_eq (vneid_attribute_get_vct (kept), VCT_PID);
  ck_assert_str_eq (vneid_attribute_get_string (lost), "Phường Phạm Đình Hổ");
  ck_assert_str_eq (vneid_attribute_get_vct (lost), VCT_CCCD);
}
END_TEST

START_TEST (test_merge_mai_address_conflicts)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "pid cccd contact bhyt");
  g_auto(GStrv) conflicts = vneid_profile_list_conflicts (profile);
  g_auto(GStrv) paths = vneid_profile_list_paths (profile);
  VneidAttribute *locality = vneid_profile_lookup (profile, "address.locality");
  VneidAttribute *formatted = vneid_profile_lookup (profile, "address.formatted");
  VneidAttribute *street = vneid_profile_lookup (profile, "address.street_address");
  VneidAttribute *lost;
  g_autofree char *text = vneid_profile_to_json (profile, FALSE);
  g_autoptr(JsonNode) root = vt_json_node (text);
  JsonArray *json_conflicts;
  JsonObject *entry;

  /* the card's pre-2025 address lost to the PID's post-2025 one: only the
   * members that differ are conflicts */
  assert_strv_set (conflicts, "address.formatted", "address.locality", "address.district");

  ck_assert_ptr_nonnull (locality);
  ck_assert_str_eq (vneid_attribute_get_string (locality), "Phường Hai Bà Trưng");
  ck_assert_uint_eq (vneid_attribute_get_conflicts (locality)->len, 1);
  lost = g_ptr_array_index (vneid_attribute_get_conflicts (locality), 0);
  ck_assert_str_eq (vneid_attribute_get_string (lost), "Phường Phạm Đình Hổ");
  ck_assert_str_eq (vneid_attribute_get_path (lost), "address.locality");
  ck_assert_int_eq (vneid_attribute_get_source_kind (lost), VNEID_SOURCE_KIND_CCCD_CHIP);
  ck_assert_str_eq (vneid_attribute_get_vct (lost), VCT_CCCD);
  ck_assert_int_eq (vneid_attribute_get_issued_at (lost), kind_iat[CCCD]);

  ck_assert_uint_eq (vneid_attribute_get_conflicts (formatted)->len, 1);
  ck_assert_str_eq (vneid_attribute_get_string (g_ptr_array_index (vneid_attribute_get_conflicts (formatted), 0)),
                    "Số 18 Phố Hàng Chuối, Phường Phạm Đình Hổ, Quận Hai Bà Trưng, Thành phố Hà Nội");
  ck_assert_uint_eq (vneid_attribute_get_conflicts (street)->len, 0);

  /* no district mixed into the kept address */
  ck_assert_ptr_null (vneid_profile_lookup (profile, "address.district"));
  ck_assert (!g_strv_contains ((const char * const *) paths, "address.district"));
  assert_address (vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT),
                  "Số 18 Phố Hàng Chuối, Phường Hai Bà Trưng, Thành phố Hà Nội",
                  "Số 18 Phố Hàng Chuối", "Phường Hai Bà Trưng", NULL, "Thành phố Hà Nội");

  /* and in JSON */
  json_conflicts = json_object_get_array_member (json_node_get_object (root), "conflicts");
  ck_assert_uint_eq (json_array_get_length (json_conflicts), 3);
  entry = conflict_entry (json_conflicts, "address.locality");
  ck_assert_str_eq (json_object_get_string_member (entry, "kept"), "Phường Hai Bà Trưng");
  ck_assert_str_eq (json_object_get_string_member (entry, "value"), "Phường Phạm Đình Hổ");
  ck_assert_str_eq (json_object_get_string_member (entry, "source"), "cccd-chip");
  ck_assert_str_eq (json_object_get_string_member (entry, "vct"), VCT_CCCD);
  ck_assert (json_object_get_boolean_member (entry, "verified"));
  entry = conflict_entry (json_conflicts, "address.district");
  ck_assert (json_object_has_member (entry, "kept"));
  ck_assert (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "kept")));
  ck_assert_str_eq (json_object_get_string_member (entry, "value"), "Quận Hai Bà Trưng");
  entry = conflict_entry (json_conflicts, "address.formatted");
  ck_assert_str_eq (json_object_get_string_member (entry, "kept"),
                    "Số 18 Phố Hàng Chuối, Phường Hai Bà Trưng, Thành phố Hà Nội");
  {
    JsonObject *attributes = json_object_get_object_member (json_node_get_object (root), "attributes");
    JsonObject *kept = json_object_get_object_member (attributes, "address.locality");
    JsonArray *on_attribute = json_object_get_array_member (kept, "conflicts");

    ck_assert_ptr_nonnull (on_attribute);
    ck_assert_uint_eq (json_array_get_length (on_attribute), 1);
    ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (on_attribute, 0),
                                                     "value"), "Phường Phạm Đình Hổ");
    ck_assert (!json_object_has_member (attributes, "address.district"));
    ck_assert (!json_object_has_member (json_object_get_object_member (attributes, "name"),
                                        "conflicts"));
  }
}
END_TEST

START_TEST (test_merge_bhyt_name_conflict)
{
  g_autoptr(GPtrArray) credentials = citizen_credentials ("tran-thi-mai", "pid");
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) conflicts = NULL;
  VneidAttribute *name;
  VneidAttribute *lost;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *entry;

  g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", BHYT, "name", "\"Tran Thi Mai\""));
  profile = profile_ok (credentials);
  conflicts = vneid_profile_list_conflicts (profile);
  assert_strv (conflicts, "name");

  ck_assert_str_eq (vneid_profile_get_name (profile), "Trần Thị Mai");
  assert_provenance (profile, "name", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID, POP_ISSUER,
                     kind_iat[PID]);
  name = vneid_profile_lookup (profile, "name");
  ck_assert_uint_eq (vneid_attribute_get_conflicts (name)->len, 1);
  lost = g_ptr_array_index (vneid_attribute_get_conflicts (name), 0);
  ck_assert_str_eq (vneid_attribute_get_string (lost), "Tran Thi Mai");
  ck_assert_int_eq (vneid_attribute_get_source_kind (lost), VNEID_SOURCE_KIND_BHYT_DB);
  ck_assert_str_eq (vneid_attribute_get_issuer (lost), VSS_ISSUER);
  ck_assert (vneid_attribute_get_verified (lost));

  json = vneid_profile_to_json_object (profile);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (json, "conflicts")), 1);
  entry = conflict_entry (json_object_get_array_member (json, "conflicts"), "name");
  {
    g_autofree char *expected = g_strdup_printf (
      "{\"path\": \"name\", \"kept\": \"Trần Thị Mai\", \"value\": \"Tran Thi Mai\","
      " \"source\": \"bhyt-db\", \"verified\": true, \"claim\": \"name\","
      " \"vct\": \"" VCT_BHYT "\", \"iss\": \"" VSS_ISSUER "\", \"iat\": %" G_GINT64_FORMAT "}",
      kind_iat[BHYT]);

    vt_assert_json_equal (entry, expected);
  }
}
END_TEST

START_TEST (test_merge_three_way_name)
{
  /* CCCD over PID over BHYT: the chip's name is kept, only the BHYT
   * spelling is a conflict (the PID agrees with the chip) */
  g_autoptr(GPtrArray) credentials = citizen_credentials ("tran-thi-mai", "bhyt pid");
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) conflicts = NULL;

  g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", CCCD, "name", "\"TRẦN THỊ MAI\""));
  profile = profile_ok (credentials);
  ck_assert_str_eq (vneid_profile_get_name (profile), "TRẦN THỊ MAI");
  assert_provenance (profile, "name", VNEID_SOURCE_KIND_CCCD_CHIP, VCT_CCCD, POP_ISSUER,
                     kind_iat[CCCD]);
  conflicts = vneid_profile_list_conflicts (profile);
  /* the PID's and the BHYT's "Trần Thị Mai" both lost; plus the address */
  ck_assert_uint_eq (vneid_attribute_get_conflicts (vneid_profile_lookup (profile, "name"))->len, 2);
  ck_assert (g_strv_contains ((const char * const *) conflicts, "name"));
}
END_TEST

/* One person per profile: a PID that withholds its number and another
 * person's BHYT card bound to the same holder key are two people, not a
 * profile with conflicts. */
START_TEST (test_one_person_per_profile)
{
  g_autoptr(VneidKey) mai_key = wallet_key ("tran-thi-mai");
  g_autoptr(JsonObject) pid = claims_of ("tran-thi-mai", PID);
  /* another woman of Hà Nội born in 1985: her number, name and birth
   * date all agree with each other, none with Mai's */
  g_autoptr(JsonObject) other_bhyt = vt_json_object (
    "{\"personal_administrative_number\": \"001185099911\", \"name\": \"Lê Thị Hoa\","
    " \"birthdate\": \"1985-11-20\", \"sex\": 2, \"bhyt_number\": \"DN4010199887766\","
    " \"benefit_level\": 4}");
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) renamed = citizen_credentials ("tran-thi-mai", "pid");
  g_autoptr(GPtrArray) spaced = citizen_credentials ("tran-thi-mai", "pid");
  g_autoptr(GPtrArray) year_only = citizen_credentials ("tran-thi-mai", "bhyt");
  g_autoptr(VneidProfile) same = NULL;
  g_autoptr(VneidProfile) by_year = NULL;

  json_object_remove_member (pid, "personal_administrative_number");
  g_ptr_array_add (credentials, verified_from (PID, pid, mai_key, NULL));
  g_ptr_array_add (credentials, verified_from (BHYT, other_bhyt, mai_key, NULL));
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                 "not the same person");

  /* another name on the card is another person */
  g_ptr_array_add (renamed, forged_credential ("tran-thi-mai", BHYT, "name", "\"Trần Thị Mây\""));
  profile_fails (renamed, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH, "name");

  /* letter case and spacing are the clerk's to ignore (a conflict of
   * spelling, no error); a year-only birth date agrees with its full date */
  g_ptr_array_add (spaced, forged_credential ("tran-thi-mai", BHYT, "name", "\"  TRẦN   THỊ MAI \""));
  same = profile_ok (spaced);
  ck_assert_str_eq (vneid_profile_get_name (same), "Trần Thị Mai");
  g_ptr_array_add (year_only, forged_credential ("tran-thi-mai", PID, "birthdate", "\"1985\""));
  by_year = profile_ok (year_only);
  ck_assert_ptr_nonnull (by_year);
}
END_TEST

START_TEST (test_merge_partial_address_not_mixed)
{
  /* the PID discloses only the region of the address; the card's whole
   * pre-2025 address does not fill the gaps */
  static const char *const pid_paths[] = { "personal_administrative_number", "address.region", NULL };
  g_autoptr(JsonObject) claims = claims_of ("tran-thi-mai", PID);
  g_autoptr(VneidKey) holder = wallet_key ("tran-thi-mai");
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(VneidAddress) address = NULL;

  g_ptr_array_add (credentials, verified_from (PID, claims, holder, pid_paths));
  g_ptr_array_add (credentials, citizen_credential ("tran-thi-mai", CCCD));
  profile = profile_ok (credentials);
  paths = vneid_profile_list_paths (profile);
  ck_assert (g_strv_contains ((const char * const *) paths, "address.region"));
  ck_assert_ptr_null (vneid_profile_lookup (profile, "address.district"));
  ck_assert_ptr_null (vneid_profile_lookup (profile, "address.locality"));
  ck_assert_ptr_null (vneid_profile_lookup (profile, "address.street_address"));
  assert_provenance (profile, "address.region", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID,
                     POP_ISSUER, kind_iat[PID]);
  address = vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT);
  ck_assert_ptr_nonnull (address);
  ck_assert_str_eq (vneid_address_get_region (address), "Thành phố Hà Nội");
  ck_assert_ptr_null (vneid_address_get_district (address));
  ck_assert_ptr_null (vneid_address_get_locality (address));
  /* the card's name etc. still come from the chip */
  assert_provenance (profile, "name", VNEID_SOURCE_KIND_CCCD_CHIP, VCT_CCCD, POP_ISSUER,
                     kind_iat[CCCD]);
}
END_TEST

/* ---- selective disclosure ---------------------------------------------- */

START_TEST (test_undisclosed_absent)
{
  static const char *const pid_paths[] = {
    "personal_administrative_number", "name", "birthdate", "sex", "address.region", NULL,
  };
  static const char *const absent[] = {
    "family_name", "middle_name", "given_name", "nationalities", "ethnicity", "religion",
    "place_of_birth", "place_of_origin", "address.formatted", "address.locality",
    "address.street_address", "address.country", "current_address.region", "household.head_name",
    "document_number", "bhyt_number", NULL,
  };
  g_autoptr(JsonObject) claims = claims_of ("tran-thi-mai", PID);
  g_autoptr(VneidKey) holder = wallet_key ("tran-thi-mai");
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(VneidAddress) address = NULL;

  g_ptr_array_add (credentials, verified_from (PID, claims, holder, pid_paths));
  profile = profile_ok (credentials);
  paths = vneid_profile_list_paths (profile);
  assert_strv (paths, "personal_administrative_number", "name", "birthdate", "sex",
               "address.region", "vneid_level");
  for (const char *const *a = absent; *a != NULL; a++)
    {
      ck_assert_msg (vneid_profile_lookup (profile, *a) == NULL, "%s present", *a);
      ck_assert_ptr_null (vneid_profile_get_string (profile, *a));
    }
  ck_assert_uint_eq (vneid_profile_get_level (profile), 2);
  ck_assert_str_eq (vneid_profile_get_name (profile), "Trần Thị Mai");
  ck_assert_ptr_null (vneid_profile_get_family_name (profile));
  ck_assert_ptr_null (vneid_profile_get_middle_name (profile));
  ck_assert_ptr_null (vneid_profile_get_given_name (profile));
  ck_assert_ptr_null (vneid_profile_get_nationality (profile));
  ck_assert_ptr_null (vneid_profile_get_cccd_number (profile));
  ck_assert_ptr_null (vneid_profile_dup_cccd_date_of_expiry (profile));
  ck_assert_ptr_null (vneid_profile_get_bhyt_number (profile));
  ck_assert_ptr_null (vneid_profile_get_registered_facility_name (profile));
  ck_assert_ptr_null (vneid_profile_dup_address (profile, VNEID_ADDRESS_CURRENT));
  ck_assert_ptr_null (vneid_profile_dup_address (profile, VNEID_ADDRESS_TEMPORARY));
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), VNEID_BHYT_VALIDITY_NO_CARD);
  address = vneid_profile_dup_address (profile, VNEID_ADDRESS_PERMANENT);
  ck_assert_ptr_nonnull (address);
  ck_assert_str_eq (vneid_address_get_region (address), "Thành phố Hà Nội");
  ck_assert_ptr_null (vneid_address_get_locality (address));
  ck_assert_ptr_null (vneid_address_get_district (address));
  ck_assert_ptr_null (vneid_address_get_street_address (address));
}
END_TEST

START_TEST (test_undisclosed_sex_and_birthdate)
{
  /* nothing to check the number against: not disclosed is not a mismatch */
  static const char *const pid_paths[] = { "personal_administrative_number", "given_name", NULL };
  g_autoptr(JsonObject) claims = claims_of ("vu-dinh-thanh", PID);
  g_autoptr(VneidKey) holder = wallet_key ("vu-dinh-thanh");
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) paths = NULL;

  g_ptr_array_add (credentials, verified_from (PID, claims, holder, pid_paths));
  profile = profile_ok (credentials);
  ck_assert_ptr_null (vneid_profile_dup_birthdate (profile));
  ck_assert_int_eq (vneid_profile_get_sex (profile), VNEID_SEX_UNKNOWN);
  ck_assert_ptr_nonnull (vneid_profile_get_personal_id (profile));
  paths = vneid_profile_list_paths (profile);
  assert_strv (paths, "personal_administrative_number", "given_name", "vneid_level");
}
END_TEST

START_TEST (test_bhyt_without_validity)
{
  static const char *const bhyt_paths[] = {
    "personal_administrative_number", "bhyt_number", "benefit_level", "registered_facility.code", NULL,
  };
  g_autoptr(JsonObject) claims = claims_of ("le-minh-khoa", BHYT);
  g_autoptr(VneidKey) holder = wallet_key ("le-minh-khoa");
  g_autoptr(GPtrArray) credentials = citizen_credentials ("le-minh-khoa", "pid");
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) paths = NULL;
  VneidBhytNumber *bhyt;

  g_ptr_array_add (credentials, verified_from (BHYT, claims, holder, bhyt_paths));
  profile = profile_ok (credentials);
  bhyt = vneid_profile_get_bhyt_number (profile);
  ck_assert_ptr_nonnull (bhyt);
  ck_assert_str_eq (vneid_bhyt_number_get_participant_type (bhyt), "SV");
  ck_assert_int_eq (vneid_bhyt_number_get_benefit_level (bhyt), 4);
  ck_assert_str_eq (vneid_bhyt_number_get_province_code (bhyt), "01");
  ck_assert_str_eq (vneid_bhyt_number_get_social_insurance_number (bhyt), "0107812645");
  ck_assert_str_eq (vneid_profile_get_registered_facility_code (profile), "01013");
  ck_assert_ptr_null (vneid_profile_get_registered_facility_name (profile));
  ck_assert_ptr_null (vneid_profile_dup_bhyt_valid_from (profile));
  ck_assert_int_eq (validity_on (profile, "2026-11-27"), VNEID_BHYT_VALIDITY_NO_CARD);
  paths = vneid_profile_list_paths (profile);
  ck_assert (!strv_has_prefix (paths, "valid_"));
  ck_assert (!g_strv_contains ((const char * const *) paths, "registered_facility.name"));
  ck_assert (!g_strv_contains ((const char * const *) paths, "five_year_continuous_from"));
}
END_TEST

/* ---- one person -------------------------------------------------------- */

START_TEST (test_subject_mismatch)
{
  g_autoptr(GPtrArray) credentials = citizen_credentials ("tran-thi-mai", "pid");

  g_ptr_array_add (credentials, citizen_credential ("le-minh-khoa", BHYT));
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                 "001207012864|001185034517");
}
END_TEST

START_TEST (test_subject_mismatch_cccd)
{
  /* a CCCD about someone else, bound to the same wallet */
  g_autoptr(GPtrArray) credentials = citizen_credentials ("pham-quoc-bao", "pid");
  g_autoptr(JsonObject) cccd = claims_of ("tran-thi-mai", CCCD);
  g_autoptr(VneidKey) holder = wallet_key ("pham-quoc-bao");

  g_ptr_array_add (credentials, verified_from (CCCD, cccd, holder, NULL));
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                 "001185034517|079092018843");
}
END_TEST

START_TEST (test_contact_same_key)
{
  g_autoptr(GPtrArray) credentials = citizen_credentials ("tran-thi-mai", "pid contact");
  g_autoptr(GPtrArray) contact_first = citizen_credentials ("tran-thi-mai", "contact bhyt pid");
  g_autoptr(VneidProfile) profile = profile_ok (credentials);
  g_autoptr(VneidProfile) profile2 = profile_ok (contact_first);

  ck_assert_str_eq (vneid_profile_get_string (profile, "phone_number"), "+84912000185");
  ck_assert_str_eq (vneid_profile_get_string (profile2, "email"), "tran.thi.mai@example.com");
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile2), "001185034517");
  ck_assert_uint_eq (vneid_profile_get_level (profile2), 2);
}
END_TEST

START_TEST (test_contact_other_key)
{
  g_autoptr(GPtrArray) credentials = citizen_credentials ("tran-thi-mai", "pid");
  g_autoptr(GPtrArray) contact_first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) contact = claims_of ("tran-thi-mai", CONTACT);
  g_autoptr(VneidKey) other = wallet_key ("le-minh-khoa");

  /* Mai's contact data, bound to Khoa's wallet */
  g_ptr_array_add (credentials, verified_from (CONTACT, contact, other, NULL));
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                 "key|holder|bound");

  /* the same, contact first */
  g_ptr_array_add (contact_first, verified_from (CONTACT, contact, other, NULL));
  g_ptr_array_add (contact_first, citizen_credential ("tran-thi-mai", PID));
  profile_fails (contact_first, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                 "key|holder|bound");
}
END_TEST

START_TEST (test_contact_unbound)
{
  /* a contact credential bound to no key: nothing ties it to the PID */
  g_autoptr(GPtrArray) credentials = citizen_credentials ("tran-thi-mai", "pid");
  g_autoptr(JsonObject) contact = claims_of ("tran-thi-mai", CONTACT);

  g_ptr_array_add (credentials, verified_from (CONTACT, contact, NULL, NULL));
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                 "key|holder|bound");
}
END_TEST

START_TEST (test_duplicate_credential)
{
  g_autoptr(GPtrArray) two_pids = citizen_credentials ("tran-thi-mai", "pid bhyt pid");
  g_autoptr(GPtrArray) two_contacts = citizen_credentials ("tran-thi-mai", "contact contact");

  profile_fails (two_pids, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_DUPLICATE_CREDENTIAL,
                 VCT_PID);
  profile_fails (two_contacts, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_DUPLICATE_CREDENTIAL,
                 VCT_CONTACT);
}
END_TEST

START_TEST (test_unsupported_credential)
{
  g_autoptr(VneidVerifier) verifier = verifier_new ();
  g_autoptr(JsonObject) claims = vt_json_object ("{\"personal_administrative_number\": \"001185034517\","
                                                 " \"library_card\": \"HN-2026-0001\"}");
  g_autoptr(VneidKey) holder = wallet_key ("tran-thi-mai");
  g_autofree char *issued = issue_as (PID, "urn:vn:example:library-card:1", claims, holder);
  g_autofree char *presentation = present (issued, NULL, holder, NULL, NULL);
  g_autoptr(GPtrArray) credentials = citizen_credentials ("tran-thi-mai", "pid");

  vneid_trust_store_allow (vneid_verifier_get_trust_store (verifier),
                           "urn:vn:example:library-card:1", POP_ISSUER);
  g_ptr_array_add (credentials, vt_verify_ok (verifier, presentation));
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_UNSUPPORTED_CREDENTIAL,
                 "urn:vn:example:library-card:1");
  /* alone, too */
  g_ptr_array_remove_index (credentials, 0);
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_UNSUPPORTED_CREDENTIAL,
                 "urn:vn:example:library-card:1");
}
END_TEST

START_TEST (test_no_credentials)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(VneidVerifier) verifier = verifier_new ();
  static const char *const no_presentations[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile = NULL;

  profile_fails (none, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_NO_CREDENTIALS, "credential");
  profile = vneid_profile_new (NULL, 0, &error);
  ck_assert_ptr_null (profile);
  vt_assert_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_NO_CREDENTIALS, "credential");
  g_clear_error (&error);
  profile = vneid_profile_new_from_presentations (verifier, no_presentations, NULL, NULL, &error);
  ck_assert_ptr_null (profile);
  vt_assert_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_NO_CREDENTIALS, "credential");
}
END_TEST

/* ---- levels ------------------------------------------------------------ */

START_TEST (test_level_1_with_cccd)
{
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", PID, "vneid_level", "1"));
  g_ptr_array_add (credentials, citizen_credential ("tran-thi-mai", CCCD));
  profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_LEVEL, "level");
}
END_TEST

START_TEST (test_level_1_without_cccd)
{
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VneidProfile) profile = NULL;

  g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", PID, "vneid_level", "1"));
  g_ptr_array_add (credentials, citizen_credential ("tran-thi-mai", BHYT));
  profile = profile_ok (credentials);
  ck_assert_uint_eq (vneid_profile_get_level (profile), 1);
}
END_TEST

START_TEST (test_level_bad_values)
{
  static const char *const values[] = { "3", "0", "-1", "\"2\"", "2.0", "true", "null", NULL };

  for (const char *const *v = values; *v != NULL; v++)
    {
      g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", PID, "vneid_level", *v));
      profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_LEVEL, "level");
    }
  {
    /* missing altogether */
    g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", PID, "vneid_level", NULL));
    profile_fails (credentials, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_LEVEL, "level");
  }
}
END_TEST

START_TEST (test_level_without_pid)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "bhyt contact");
  g_autoptr(VneidProfile) contact_only = citizen_profile ("tran-thi-mai", "contact");

  ck_assert_uint_eq (vneid_profile_get_level (profile), 0);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), "001185034517");
  ck_assert_str_eq (vneid_profile_get_name (profile), "Trần Thị Mai");
  assert_provenance (profile, "name", VNEID_SOURCE_KIND_BHYT_DB, VCT_BHYT, VSS_ISSUER,
                     kind_iat[BHYT]);
  ck_assert_ptr_null (vneid_profile_lookup (profile, "vneid_level"));
  ck_assert_uint_eq (vneid_profile_get_level (contact_only), 0);
  ck_assert_ptr_null (vneid_profile_get_personal_administrative_number (contact_only));
  ck_assert_ptr_null (vneid_profile_get_personal_id (contact_only));
}
END_TEST

/* ---- identity contradictions ------------------------------------------- */

typedef struct {
  Kind kind;
  const char *claim;
  const char *value_json;
  int code;
  const char *code_name;
  const char *reason;
} Forgery;

#define MISMATCH VNEID_IDENTITY_ERROR_MISMATCH, "VNEID_IDENTITY_ERROR_MISMATCH"
#define INVALID_DATE VNEID_IDENTITY_ERROR_INVALID_DATE, "VNEID_IDENTITY_ERROR_INVALID_DATE"
#define INVALID_ID VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID, "VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID"
#define INVALID_BHYT VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER, "VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER"

/* Mai's PID, CCCD and BHYT with one claim of one of them forged. */
static const Forgery forgeries[] = {
  /* birth-year digits (85) vs birthdate */
  { PID, "birthdate", "\"1986-03-08\"", MISMATCH, "birthdate|year|1986" },
  { PID, "birthdate", "\"1986\"", MISMATCH, "birthdate|year|1986" },
  /* right year digits, wrong century: digit 1 means the 1900s */
  { PID, "birthdate", "\"2085-03-08\"", MISMATCH, "birthdate|century|2085" },
  /* century/sex digit 1 = female vs sex */
  { PID, "sex", "1", MISMATCH, "sex" },
  { CCCD, "sex", "1", MISMATCH, "sex" },
  { BHYT, "sex", "1", MISMATCH, "sex" },
  { PID, "sex", "\"2\"", MISMATCH, "sex" },
  /* a contradiction in another credential fails as well */
  { BHYT, "birthdate", "\"1984-03-08\"", MISMATCH, "birthdate|year|1984" },
  { CCCD, "birthdate", "\"1995-03-08\"", MISMATCH, "birthdate|year|1995" },
  /* benefit digit 4 vs benefit_level */
  { BHYT, "benefit_level", "3", MISMATCH, "benefit" },
  { BHYT, "benefit_level", "5", MISMATCH, "benefit" },
  { BHYT, "benefit_level", "\"4\"", MISMATCH, "benefit" },
  /* dates that are not dates */
  { PID, "birthdate", "\"1985-02-30\"", INVALID_DATE, "birthdate|february|30" },
  { PID, "birthdate", "\"08/03/1985\"", INVALID_DATE, "birthdate" },
  { PID, "birthdate", "\"1985-13-08\"", INVALID_DATE, "birthdate|month" },
  { PID, "birthdate", "1985", INVALID_DATE, "birthdate" },
  { CCCD, "date_of_issuance", "\"2023-06-31\"", INVALID_DATE, "date_of_issuance|june|31" },
  { CCCD, "date_of_expiry", "\"khong thoi han\"", INVALID_DATE, "date_of_expiry" },
  { BHYT, "valid_from", "\"2026-1-1\"", INVALID_DATE, "valid_from" },
  { BHYT, "valid_until", "\"2026-12-32\"", INVALID_DATE, "valid_until" },
  { BHYT, "five_year_continuous_from", "\"2016-00-01\"", INVALID_DATE, "five_year_continuous_from|month" },
  /* BHYT numbers that are not */
  { BHYT, "bhyt_number", "\"DN401010452381\"", INVALID_BHYT, "15|length|DN401010452381" },
  { BHYT, "bhyt_number", "\"DN9010104523817\"", INVALID_BHYT, "benefit|9" },
};

START_TEST (test_identity_forgery)
{
  const Forgery *f = &forgeries[_i];
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

  for (int k = PID; k < N_KINDS; k++)
    {
      if (k == CONTACT)
        continue;
      if ((Kind) k == f->kind)
        g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", f->kind, f->claim, f->value_json));
      else
        g_ptr_array_add (credentials, citizen_credential ("tran-thi-mai", (Kind) k));
    }
  profile_fails_at (__FILE__, __LINE__, credentials, VNEID_IDENTITY_ERROR, f->code, f->code_name,
                    f->reason);
}
END_TEST

START_TEST (test_identity_alone)
{
  /* each credential is checked against the number even when it is the only
   * one: the BHYT card's own number vs its birthdate */
  g_autoptr(GPtrArray) bhyt = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) elder = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (bhyt, forged_credential ("tran-thi-mai", BHYT, "birthdate", "\"1958-03-08\""));
  profile_fails (bhyt, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "birthdate|year");
  /* a year-only birthdate must agree too */
  g_ptr_array_add (elder, forged_credential ("vu-dinh-thanh", PID, "birthdate", "\"1939\""));
  profile_fails (elder, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH, "birthdate|year|1939");
}
END_TEST

START_TEST (test_identity_century_2000)
{
  /* Anh Thư, born in 2000: digit 3; 1900 or 2100 contradict it */
  static const char *const wrong[] = { "\"1900-10-09\"", "\"2100-10-09\"", NULL };
  g_autoptr(VneidProfile) profile = citizen_profile ("do-ngoc-anh-thu", "pid");

  ck_assert_int_eq (vneid_personal_id_get_century (vneid_profile_get_personal_id (profile)), 2000);
  ck_assert_int_eq (vneid_personal_id_get_birth_year (vneid_profile_get_personal_id (profile)), 2000);
  for (const char *const *w = wrong; *w != NULL; w++)
    {
      g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (credentials, forged_credential ("do-ngoc-anh-thu", PID, "birthdate", *w));
      profile_fails (credentials, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
                     "birthdate|century|year");
    }
}
END_TEST

START_TEST (test_invalid_personal_number)
{
  /* PID alone, so that no other credential's number disagrees */
  static const char *const numbers[] = {
    "\"003185034517\"",   /* no province 003 */
    "\"000185034517\"",   /* no province 000 */
    "\"00118503451\"",    /* 11 digits */
    "\"0011850345170\"",  /* 13 digits */
    "\"00118503451X\"",
    "\"\"",
    NULL,
  };

  for (const char *const *n = numbers; *n != NULL; n++)
    {
      g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", PID,
                                                       "personal_administrative_number", *n));
      profile_fails (credentials, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID,
                     "personal_administrative_number");
    }
}
END_TEST

START_TEST (test_invalid_personal_number_type)
{
  /* a number that is not a string: leading zeros gone, nothing to check
   * birthdate and sex against; it must not pass as a valid profile */
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (credentials, forged_credential ("tran-thi-mai", PID,
                                                   "personal_administrative_number", "1185034517"));
  profile_fails (credentials, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID,
                 "personal_administrative_number");
}
END_TEST

START_TEST (test_numeric_number_other_person)
{
  /* Khoa's PID with its number as a JSON number, bound to Mai's wallet,
   * beside Mai's BHYT card: two people, which must not make one profile */
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) claims = claims_of ("le-minh-khoa", PID);
  g_autoptr(VneidKey) mai = wallet_key ("tran-thi-mai");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile = NULL;

  set_claim (claims, "personal_administrative_number", "1207012864");
  g_ptr_array_add (credentials, verified_from (PID, claims, mai, NULL));
  g_ptr_array_add (credentials, citizen_credential ("tran-thi-mai", BHYT));
  profile = vneid_profile_new ((VneidVerifiedCredential * const *) credentials->pdata,
                               credentials->len, &error);
  ck_assert_msg (profile == NULL, "a profile of Khoa's PID and Mai's BHYT card was built "
                 "(name %s, birthdate %s)", vneid_profile_get_name (profile),
                 vneid_profile_get_string (profile, "birthdate"));
  ck_assert_ptr_nonnull (error);
  ck_assert (error->domain == VNEID_PROFILE_ERROR || error->domain == VNEID_IDENTITY_ERROR);
}
END_TEST

START_TEST (test_dotted_claim_name)
{
  /* a top-level claim whose name contains a dot names the same path as a
   * member of an object claim; the profile must not hold two attributes
   * (or a freed one) under one path */
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) claims = claims_of ("tran-thi-mai", PID);
  g_autoptr(VneidKey) holder = wallet_key ("tran-thi-mai");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile = NULL;

  set_claim (claims, "address.region", "\"Tỉnh Khác\"");
  g_ptr_array_add (credentials, verified_from (PID, claims, holder, NULL));
  profile = vneid_profile_new ((VneidVerifiedCredential * const *) credentials->pdata,
                               credentials->len, &error);
  if (profile == NULL)
    {
      ck_assert_ptr_nonnull (error);
      return;
    }
  {
    g_auto(GStrv) paths = vneid_profile_list_paths (profile);
    g_autofree char *json = vneid_profile_to_json (profile, FALSE);
    guint n = 0;

    for (char **p = paths; *p != NULL; p++)
      n += strcmp (*p, "address.region") == 0;
    ck_assert_msg (n == 1, "address.region listed %u times", n);
    ck_assert_ptr_nonnull (vneid_profile_lookup (profile, "address.region"));
    ck_assert_ptr_nonnull (json);
  }
}
END_TEST

START_TEST (test_json_object_is_a_copy)
{
  /* the profile is immutable: what to_json_object returns is the caller's */
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "pid cccd");
  g_autoptr(JsonObject) object = vneid_profile_to_json_object (profile);
  JsonObject *attributes = json_object_get_object_member (object, "attributes");
  JsonArray *nationalities;
  g_auto(GStrv) conflicts = NULL;

  {
    JsonObject *injected = json_object_new ();

    json_object_set_string_member (injected, "path", "injected");
    json_array_add_object_element (json_object_get_array_member (object, "conflicts"), injected);
  }
  nationalities = json_object_get_array_member (json_object_get_object_member (attributes,
                                                                               "nationalities"),
                                                "value");
  json_array_add_string_element (nationalities, "XX");

  conflicts = vneid_profile_list_conflicts (profile);
  ck_assert_msg (g_strv_length (conflicts) == 3,
                 "editing the returned JSON changed the profile's conflicts: %u (%s)",
                 g_strv_length (conflicts), conflicts[g_strv_length (conflicts) - 1]);
  ck_assert_msg (json_array_get_length (json_node_get_array (vneid_attribute_get_value (
                   vneid_profile_lookup (profile, "nationalities")))) == 1,
                 "editing the returned JSON changed the profile's nationalities");
  ck_assert_str_eq (vneid_profile_get_nationality (profile), "VN");
}
END_TEST

/* ---- JSON -------------------------------------------------------------- */

START_TEST (test_json_mai)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "pid cccd contact bhyt");
  g_autofree char *text = vneid_profile_to_json (profile, TRUE);
  g_autofree char *compact = vneid_profile_to_json (profile, FALSE);
  g_autoptr(JsonNode) root = vt_json_node (text);
  g_autoptr(JsonNode) root2 = vt_json_node (compact);
  JsonObject *object = json_node_get_object (root);
  JsonObject *attributes;
  JsonArray *credentials;
  g_auto(GStrv) paths = vneid_profile_list_paths (profile);
  g_autoptr(GList) members = NULL;
  guint i = 0;

  ck_assert (json_node_equal (root, root2));
  ck_assert_str_eq (json_object_get_string_member (object, "personal_administrative_number"),
                    "001185034517");
  ck_assert_int_eq (json_object_get_int_member (object, "level"), 2);

  attributes = json_object_get_object_member (object, "attributes");
  ck_assert_ptr_nonnull (attributes);
  /* one member per path, in list_paths order */
  members = json_object_get_members (attributes);
  ck_assert_uint_eq (g_list_length (members), g_strv_length (paths));
  for (GList *l = members; l != NULL; l = l->next, i++)
    ck_assert_str_eq (l->data, paths[i]);

  {
    g_autofree char *name = g_strdup_printf (
      "{\"value\": \"Trần Thị Mai\", \"source\": \"cccd-chip\", \"verified\": true,"
      " \"claim\": \"name\", \"vct\": \"" VCT_CCCD "\", \"iss\": \"" POP_ISSUER "\","
      " \"iat\": %" G_GINT64_FORMAT "}", kind_iat[CCCD]);
    g_autofree char *phone = g_strdup_printf (
      "{\"value\": \"+84912000185\", \"source\": \"self-asserted\", \"verified\": false,"
      " \"claim\": \"phone_number\", \"vct\": \"" VCT_CONTACT "\", \"iss\": \"" POP_ISSUER "\","
      " \"iat\": %" G_GINT64_FORMAT "}", kind_iat[CONTACT]);
    g_autofree char *sex = g_strdup_printf (
      "{\"value\": 2, \"source\": \"cccd-chip\", \"verified\": true,"
      " \"claim\": \"sex\", \"vct\": \"" VCT_CCCD "\", \"iss\": \"" POP_ISSUER "\","
      " \"iat\": %" G_GINT64_FORMAT "}", kind_iat[CCCD]);
    g_autofree char *nationalities = g_strdup_printf (
      "{\"value\": [\"VN\"], \"source\": \"cccd-chip\", \"verified\": true,"
      " \"claim\": \"nationalities\", \"vct\": \"" VCT_CCCD "\", \"iss\": \"" POP_ISSUER "\","
      " \"iat\": %" G_GINT64_FORMAT "}", kind_iat[CCCD]);
    g_autofree char *head = g_strdup_printf (
      "{\"value\": \"Trần Thị Mai\", \"source\": \"population-db\", \"verified\": true,"
      " \"claim\": \"household.head_name\", \"vct\": \"" VCT_PID "\", \"iss\": \"" POP_ISSUER "\","
      " \"iat\": %" G_GINT64_FORMAT "}", kind_iat[PID]);
    g_autofree char *facility = g_strdup_printf (
      "{\"value\": \"Bệnh viện Thanh Nhàn\", \"source\": \"bhyt-db\", \"verified\": true,"
      " \"claim\": \"registered_facility.name\", \"vct\": \"" VCT_BHYT "\", \"iss\": \"" VSS_ISSUER "\","
      " \"iat\": %" G_GINT64_FORMAT "}", kind_iat[BHYT]);

    vt_assert_json_equal (json_object_get_object_member (attributes, "name"), name);
    vt_assert_json_equal (json_object_get_object_member (attributes, "phone_number"), phone);
    vt_assert_json_equal (json_object_get_object_member (attributes, "sex"), sex);
    vt_assert_json_equal (json_object_get_object_member (attributes, "nationalities"), nationalities);
    vt_assert_json_equal (json_object_get_object_member (attributes, "household.head_name"), head);
    vt_assert_json_equal (json_object_get_object_member (attributes, "registered_facility.name"),
                          facility);
  }

  /* conflicts: path and kept on each entry */
  {
    JsonArray *conflicts = json_object_get_array_member (object, "conflicts");

    ck_assert_uint_eq (json_array_get_length (conflicts), 3);
    for (guint c = 0; c < json_array_get_length (conflicts); c++)
      {
        JsonObject *entry = json_array_get_object_element (conflicts, c);

        ck_assert (json_object_has_member (entry, "path"));
        ck_assert (json_object_has_member (entry, "kept"));
        ck_assert (json_object_has_member (entry, "value"));
        ck_assert_str_eq (json_object_get_string_member (entry, "source"), "cccd-chip");
      }
  }

  credentials = json_object_get_array_member (object, "credentials");
  ck_assert_uint_eq (json_array_get_length (credentials), 4);
  {
    static const Kind order[] = { PID, CCCD, CONTACT, BHYT };
    static const char *const sources[] = { "population-db", "cccd-chip", "self-asserted", "bhyt-db" };

    for (guint c = 0; c < 4; c++)
      {
        JsonObject *entry = json_array_get_object_element (credentials, c);

        ck_assert_str_eq (json_object_get_string_member (entry, "vct"), kind_vcts[order[c]]);
        ck_assert_str_eq (json_object_get_string_member (entry, "iss"), issuer_of (order[c]));
        ck_assert_int_eq (json_object_get_int_member (entry, "iat"), kind_iat[order[c]]);
        ck_assert_str_eq (json_object_get_string_member (entry, "source"), sources[c]);
      }
  }
}
END_TEST

START_TEST (test_json_without_number)
{
  g_autoptr(VneidProfile) profile = citizen_profile ("tran-thi-mai", "contact");
  g_autofree char *text = vneid_profile_to_json (profile, FALSE);
  g_autoptr(JsonNode) root = vt_json_node (text);
  JsonObject *object = json_node_get_object (root);

  ck_assert (json_object_has_member (object, "personal_administrative_number"));
  ck_assert (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "personal_administrative_number")));
  ck_assert_int_eq (json_object_get_int_member (object, "level"), 0);
  ck_assert_uint_eq (json_object_get_size (json_object_get_object_member (object, "attributes")), 2);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (object, "conflicts")), 0);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (object, "credentials")), 1);
}
END_TEST

START_TEST (test_paths_order)
{
  g_autoptr(VneidProfile) mai = citizen_profile ("tran-thi-mai", "bhyt contact cccd pid");
  g_autoptr(VneidProfile) thanh = citizen_profile ("vu-dinh-thanh", "bhyt cccd pid");
  g_autoptr(VneidProfile) lan = citizen_profile ("hoang-thi-lan", "pid");
  g_auto(GStrv) mai_paths = vneid_profile_list_paths (mai);
  g_auto(GStrv) thanh_paths = vneid_profile_list_paths (thanh);
  g_auto(GStrv) lan_paths = vneid_profile_list_paths (lan);

  assert_strv (mai_paths,
               "personal_administrative_number", "name", "family_name", "middle_name", "given_name",
               "birthdate", "sex", "nationalities", "ethnicity", "religion", "place_of_birth",
               "place_of_origin",
               "address.formatted", "address.street_address", "address.locality", "address.region",
               "address.country",
               "current_address.formatted", "current_address.street_address",
               "current_address.locality", "current_address.region", "current_address.country",
               "household.head_name", "household.head_personal_administrative_number",
               "household.relationship_to_head", "vneid_level",
               "document_number", "date_of_issuance", "date_of_expiry", "issuing_authority",
               "issuing_country", "former_id_number", "identifying_features",
               "phone_number", "email",
               "bhyt_number", "benefit_level", "registered_facility.code",
               "registered_facility.name", "valid_from", "valid_until",
               "five_year_continuous_from");
  assert_strv (thanh_paths,
               "personal_administrative_number", "name", "family_name", "middle_name", "given_name",
               "birthdate", "sex", "nationalities", "ethnicity", "religion", "place_of_birth",
               "place_of_origin",
               "address.formatted", "address.street_address", "address.locality",
               "address.district", "address.region", "address.country",
               "current_address.formatted", "current_address.street_address",
               "current_address.locality", "current_address.district", "current_address.region",
               "current_address.country",
               "household.head_name", "household.head_personal_administrative_number",
               "household.relationship_to_head", "vneid_level",
               "document_number", "date_of_issuance", "issuing_authority",
               "issuing_country", "identifying_features",
               "bhyt_number", "benefit_level", "registered_facility.code",
               "registered_facility.name", "valid_from", "valid_until",
               "five_year_continuous_from");
  /* temporary_address between address and current_address */
  ck_assert_str_eq (lan_paths[12], "address.formatted");
  ck_assert_str_eq (lan_paths[17], "temporary_address.formatted");
  ck_assert_str_eq (lan_paths[18], "temporary_address.street_address");
  ck_assert_str_eq (lan_paths[19], "temporary_address.locality");
  ck_assert_str_eq (lan_paths[20], "temporary_address.region");
  ck_assert_str_eq (lan_paths[21], "temporary_address.country");
  ck_assert_str_eq (lan_paths[22], "current_address.formatted");
}
END_TEST

START_TEST (test_paths_unknown_claims_last)
{
  /* claims docs/claims.md does not name come after the known ones, A to Z */
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) claims = claims_of ("bui-thi-hoa", CONTACT);
  g_autoptr(VneidKey) holder = wallet_key ("bui-thi-hoa");
  g_autoptr(VneidProfile) profile = NULL;
  g_auto(GStrv) paths = NULL;

  set_claim (claims, "zalo_id", "\"hoa95\"");
  set_claim (claims, "alt_phone", "\"+84900000000\"");
  g_ptr_array_add (credentials, citizen_credential ("bui-thi-hoa", PID));
  g_ptr_array_add (credentials, verified_from (CONTACT, claims, holder, NULL));
  profile = profile_ok (credentials);
  paths = vneid_profile_list_paths (profile);
  ck_assert_uint_ge (g_strv_length (paths), 3);
  ck_assert_str_eq (paths[0], "personal_administrative_number");
  ck_assert_str_eq (paths[g_strv_length (paths) - 2], "alt_phone");
  ck_assert_str_eq (paths[g_strv_length (paths) - 1], "zalo_id");
  ck_assert_str_eq (paths[g_strv_length (paths) - 3], "email");
}
END_TEST

/* ---- from presentations ------------------------------------------------ */

/* Mai's credentials of @kinds, presented in full with a KB-JWT over
 * @nonce/@audience (none when NULL). */
static GStrv
mai_presentations (const char *kinds,
                   const char *nonce,
                   const char *audience)
{
  g_auto(GStrv) names = g_strsplit (kinds, " ", -1);
  g_autoptr(VneidKey) holder = wallet_key ("tran-thi-mai");
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  for (char **n = names; *n != NULL; n++)
    {
      Kind kind = kind_from_name (*n);
      g_autoptr(JsonObject) claims = claims_of ("tran-thi-mai", kind);
      g_autofree char *issued = issue (kind, claims, holder);
      g_autofree char *presentation = present (issued, NULL, holder, nonce, audience);

      g_strv_builder_add (builder, presentation);
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

START_TEST (test_from_presentations_key_bound)
{
  g_autoptr(VneidVerifier) verifier = verifier_new ();
  g_auto(GStrv) presentations = mai_presentations ("pid cccd contact bhyt", VT_NONCE, VT_AUDIENCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile =
    vneid_profile_new_from_presentations (verifier, (const char * const *) presentations,
                                          VT_NONCE, VT_AUDIENCE, &error);
  GPtrArray *credentials;

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (profile);
  ck_assert_uint_eq (vneid_profile_get_level (profile), 2);
  ck_assert_str_eq (vneid_profile_get_personal_administrative_number (profile), "001185034517");
  ck_assert_str_eq (vneid_profile_get_cccd_number (profile), "001185034517");
  ck_assert_str_eq (vneid_bhyt_number_get_number (vneid_profile_get_bhyt_number (profile)),
                    "DN4010104523817");
  credentials = vneid_profile_get_credentials (profile);
  ck_assert_uint_eq (credentials->len, 4);
  for (guint i = 0; i < credentials->len; i++)
    ck_assert (vneid_verified_credential_get_key_bound (g_ptr_array_index (credentials, i)));
  assert_provenance (profile, "address.locality", VNEID_SOURCE_KIND_POPULATION_DB, VCT_PID,
                     POP_ISSUER, kind_iat[PID]);
}
END_TEST

START_TEST (test_from_presentations_without_binding)
{
  g_autoptr(VneidVerifier) verifier = verifier_new ();
  g_auto(GStrv) presentations = mai_presentations ("pid bhyt", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile =
    vneid_profile_new_from_presentations (verifier, (const char * const *) presentations,
                                          NULL, NULL, &error);

  vt_assert_no_error (error);
  ck_assert_ptr_nonnull (profile);
  ck_assert_str_eq (vneid_profile_get_name (profile), "Trần Thị Mai");
  ck_assert (!vneid_verified_credential_get_key_bound (g_ptr_array_index (vneid_profile_get_credentials (profile), 0)));
}
END_TEST

START_TEST (test_from_presentations_rejected)
{
  g_autoptr(VneidVerifier) verifier = verifier_new ();
  g_auto(GStrv) good = mai_presentations ("pid cccd bhyt", VT_NONCE, VT_AUDIENCE);
  g_auto(GStrv) other_nonce = mai_presentations ("cccd", "another-nonce", VT_AUDIENCE);
  g_auto(GStrv) unbound = mai_presentations ("bhyt", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  char *saved;

  /* the second presentation answers another request */
  saved = good[1];
  good[1] = other_nonce[0];
  profile = vneid_profile_new_from_presentations (verifier, (const char * const *) good,
                                                  VT_NONCE, VT_AUDIENCE, &error);
  good[1] = saved;
  ck_assert_ptr_null (profile);
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH, "nonce");
  ck_assert_msg (g_str_has_prefix (error->message, "presentation 1: "), "message: %s", error->message);
  g_clear_error (&error);

  /* the third has no KB-JWT although the request requires one */
  saved = good[2];
  good[2] = unbound[0];
  profile = vneid_profile_new_from_presentations (verifier, (const char * const *) good,
                                                  VT_NONCE, VT_AUDIENCE, &error);
  good[2] = saved;
  ck_assert_ptr_null (profile);
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_REQUIRED,
                   "key binding|kb");
  ck_assert_msg (g_str_has_prefix (error->message, "presentation 2: "), "message: %s", error->message);
  g_clear_error (&error);

  /* the first has a broken signature */
  {
    char *tampered;
    gsize dot = strchr (good[0], '.') - good[0];

    saved = good[0];
    /* flip a payload character: the signature no longer matches */
    tampered = vt_replace_char (saved, dot + 5, saved[dot + 5] == 'A' ? 'B' : 'A');
    good[0] = tampered;
    profile = vneid_profile_new_from_presentations (verifier, (const char * const *) good,
                                                    VT_NONCE, VT_AUDIENCE, &error);
    good[0] = saved;
    g_free (tampered);
    ck_assert_ptr_null (profile);
    ck_assert_ptr_nonnull (error);
    ck_assert (error->domain == VNEID_CREDENTIAL_ERROR);
    ck_assert_msg (g_str_has_prefix (error->message, "presentation 0: "), "message: %s",
                   error->message);
    g_clear_error (&error);
  }

  /* a profile error after verification is not prefixed */
  {
    g_auto(GStrv) two = mai_presentations ("pid pid", VT_NONCE, VT_AUDIENCE);

    profile = vneid_profile_new_from_presentations (verifier, (const char * const *) two,
                                                    VT_NONCE, VT_AUDIENCE, &error);
    ck_assert_ptr_null (profile);
    vt_assert_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_DUPLICATE_CREDENTIAL, VCT_PID);
  }
}
END_TEST

START_TEST (test_from_presentations_wrong_audience)
{
  g_autoptr(VneidVerifier) verifier = verifier_new ();
  g_auto(GStrv) presentations = mai_presentations ("pid contact", VT_NONCE, "https://other.example");
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidProfile) profile =
    vneid_profile_new_from_presentations (verifier, (const char * const *) presentations,
                                          VT_NONCE, VT_AUDIENCE, &error);

  ck_assert_ptr_null (profile);
  vt_assert_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH,
                   "aud");
  ck_assert_msg (g_str_has_prefix (error->message, "presentation 0: "), "message: %s", error->message);
}
END_TEST

/* ---- the suite --------------------------------------------------------- */

static Suite *
profile_suite (void)
{
  Suite *s = suite_create ("profile");
  TCase *tc;

  tc = tcase_create ("citizens");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_mai);
  tcase_add_test (tc, test_thanh_elder);
  tcase_add_test (tc, test_bao_expired_card);
  tcase_add_test (tc, test_lan_three_addresses);
  tcase_add_test (tc, test_ngoc_child);
  tcase_add_test (tc, test_no_bhyt_card);
  tcase_add_loop_test (tc, test_every_citizen, 0, G_N_ELEMENTS (citizens));
  suite_add_tcase (s, tc);

  tc = tcase_create ("provenance");
  tcase_add_test (tc, test_provenance_each_type);
  tcase_add_test (tc, test_provenance_values);
  suite_add_tcase (s, tc);

  tc = tcase_create ("merge");
  tcase_add_test (tc, test_merge_card_claims_from_chip);
  tcase_add_test (tc, test_merge_mai_address_conflicts);
  tcase_add_test (tc, test_attribute_made_on_lookup);
  tcase_add_test (tc, test_merge_bhyt_name_conflict);
  tcase_add_test (tc, test_merge_three_way_name);
  tcase_add_test (tc, test_one_person_per_profile);
  tcase_add_test (tc, test_merge_partial_address_not_mixed);
  suite_add_tcase (s, tc);

  tc = tcase_create ("disclosure");
  tcase_add_test (tc, test_undisclosed_absent);
  tcase_add_test (tc, test_undisclosed_sex_and_birthdate);
  tcase_add_test (tc, test_bhyt_without_validity);
  suite_add_tcase (s, tc);

  tc = tcase_create ("subject");
  tcase_add_test (tc, test_subject_mismatch);
  tcase_add_test (tc, test_subject_mismatch_cccd);
  tcase_add_test (tc, test_contact_same_key);
  tcase_add_test (tc, test_contact_other_key);
  tcase_add_test (tc, test_contact_unbound);
  tcase_add_test (tc, test_duplicate_credential);
  tcase_add_test (tc, test_unsupported_credential);
  tcase_add_test (tc, test_no_credentials);
  suite_add_tcase (s, tc);

  tc = tcase_create ("level");
  tcase_add_test (tc, test_level_1_with_cccd);
  tcase_add_test (tc, test_level_1_without_cccd);
  tcase_add_test (tc, test_level_bad_values);
  tcase_add_test (tc, test_level_without_pid);
  suite_add_tcase (s, tc);

  tc = tcase_create ("identity");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_identity_forgery, 0, G_N_ELEMENTS (forgeries));
  tcase_add_test (tc, test_identity_alone);
  tcase_add_test (tc, test_identity_century_2000);
  tcase_add_test (tc, test_invalid_personal_number);
  tcase_add_test (tc, test_invalid_personal_number_type);
  tcase_add_test (tc, test_numeric_number_other_person);
  tcase_add_test (tc, test_dotted_claim_name);
  suite_add_tcase (s, tc);

  tc = tcase_create ("json");
  tcase_add_test (tc, test_json_mai);
  tcase_add_test (tc, test_json_without_number);
  tcase_add_test (tc, test_paths_order);
  tcase_add_test (tc, test_paths_unknown_claims_last);
  tcase_add_test (tc, test_json_object_is_a_copy);
  suite_add_tcase (s, tc);

  tc = tcase_create ("presentations");
  tcase_add_test (tc, test_from_presentations_key_bound);
  tcase_add_test (tc, test_from_presentations_without_binding);
  tcase_add_test (tc, test_from_presentations_rejected);
  tcase_add_test (tc, test_from_presentations_wrong_audience);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return vt_run_suite (profile_suite ());
}
