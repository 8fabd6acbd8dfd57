/* test-authority-status.c: status list entries per issued credential,
 * suspension on lock (undone by unlock), revocation on card lost or level
 * lowered, the published tokens
 * (iat, exp, ttl, signer) — on SQLite or PostgreSQL (AUTHORITY_TEST_BACKEND)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "authority-test-util.h"

typedef struct {
  char  *uri;
  guint  index;
} Issued;

static Issued
issue (const char *personal_id,
       const char *credential)
{
  g_autoptr(GError) error = NULL;
  Issued issued = { NULL, 0 };

  at_assert_ok (authority_service_record_credential (at.service, personal_id, credential, NULL,
                                                     &issued.uri, &issued.index, &error), error);
  return issued;
}

/* The list at @uri as a verifier sees it, through the served token. */
static VneidStatusList *
fetch_list (const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidTrustStore) trust = vneid_trust_store_new ();
  g_autofree char *keys = g_build_filename (g_getenv ("VNEID_EXAMPLES_DATA"), NULL);
  g_autofree char *population = g_build_filename (keys, "population-db.metadata.json", NULL);
  g_autofree char *bhyt = g_build_filename (keys, "vss-bhyt.metadata.json", NULL);
  const char *number = strrchr (uri, '/') + 1;
  g_autofree char *token = authority_service_get_status_list (at.service, atoi (number), &error);
  VneidStatusList *list;

  at_assert_ok (token != NULL, error);
  at_assert_ok (vneid_trust_store_add_metadata_file (trust, population, &error), error);
  at_assert_ok (vneid_trust_store_add_metadata_file (trust, bhyt, &error), error);
  list = vneid_status_list_new_from_token (token, trust, at.now, &error);
  at_assert_ok (list != NULL, error);
  ck_assert_str_eq (vneid_status_list_get_uri (list), uri);
  return list;
}

static guint
status_of (Issued issued)
{
  g_autoptr(VneidStatusList) list = fetch_list (issued.uri);
  g_autoptr(GError) error = NULL;
  guint value = 99;

  at_assert_ok (vneid_status_list_get (list, issued.index, &value, &error), error);
  return value;
}

static void
free_issued (Issued *issued)
{
  g_free (issued->uri);
}

START_TEST (test_entries_are_distinct)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  at_make_active (AT_MAI, "0912345678");
  for (int i = 0; i < 200; i++)
    {
      Issued issued = issue (AT_MAI, i % 2 ? "pid" : "contact");
      char *key = g_strdup_printf ("%s#%u", issued.uri, issued.index);

      ck_assert_msg (!g_hash_table_contains (seen, key), "entry %s given twice", key);
      g_hash_table_add (seen, key);
      ck_assert_str_eq (issued.uri, "https://id.vneid.example/status/1");
      ck_assert_uint_lt (issued.index, 131072);
      ck_assert_uint_eq (status_of (issued), VNEID_STATUS_VALID);
      free_issued (&issued);
    }
  ck_assert_int_eq (at_count ("SELECT count(*) FROM credentials"), 200);
}
END_TEST

START_TEST (test_bhyt_has_its_own_list)
{
  Issued pid, bhyt;
  g_autoptr(VneidStatusList) list = NULL;

  at_make_active (AT_MAI, "0912345678");
  pid = issue (AT_MAI, "pid");
  bhyt = issue (AT_MAI, "bhyt");
  /* Signed by the BHYT issuer, as its credentials are. */
  ck_assert_str_eq (bhyt.uri, "https://id.vneid.example/status/2");
  list = fetch_list (bhyt.uri);
  ck_assert_str_eq (vneid_status_list_get_issuer (list), AUTHORITY_BHYT_ISSUER);
  g_clear_object (&list);
  list = fetch_list (pid.uri);
  ck_assert_str_eq (vneid_status_list_get_issuer (list), "https://id.vneid.example");
  free_issued (&pid);
  free_issued (&bhyt);
}
END_TEST

START_TEST (test_lock_suspends_everything)
{
  g_autoptr(GError) error = NULL;
  Issued pid, contact, bhyt, other;

  at_make_active (AT_MAI, "0912345678");
  at_make_active (AT_KHOA, "0987654321");
  pid = issue (AT_MAI, "pid");
  contact = issue (AT_MAI, "contact");
  bhyt = issue (AT_MAI, "bhyt");
  other = issue (AT_KHOA, "pid");
  at.now += 10;
  at_assert_ok (authority_service_lock (at.service, AT_MAI, "citizen", &error), error);
  ck_assert_uint_eq (status_of (pid), VNEID_STATUS_SUSPENDED);
  ck_assert_uint_eq (status_of (contact), VNEID_STATUS_SUSPENDED);
  ck_assert_uint_eq (status_of (bhyt), VNEID_STATUS_SUSPENDED);
  ck_assert_uint_eq (status_of (other), VNEID_STATUS_VALID);
  at_assert_ok (authority_service_unlock (at.service, AT_MAI, "officer-1", &error), error);
  ck_assert_uint_eq (status_of (pid), VNEID_STATUS_VALID);
  ck_assert_uint_eq (status_of (contact), VNEID_STATUS_VALID);
  ck_assert_uint_eq (status_of (bhyt), VNEID_STATUS_VALID);
  free_issued (&pid);
  free_issued (&contact);
  free_issued (&bhyt);
  free_issued (&other);
}
END_TEST

/* Revocation is final: a card lost while the account is locked stays
 * revoked when the account is unlocked. */
START_TEST (test_unlock_keeps_revocations)
{
  g_autoptr(GError) error = NULL;
  Issued pid, cccd;

  at_make_active (AT_MAI, "0912345678");
  at_assert_ok (authority_service_upgrade (at.service, AT_MAI, "officer-1", AT_MAI, &error), error);
  pid = issue (AT_MAI, "pid");
  cccd = issue (AT_MAI, "cccd");
  at_assert_ok (authority_service_lock (at.service, AT_MAI, "citizen", &error), error);
  at_assert_ok (authority_service_report_card_lost (at.service, AT_MAI, "officer-1", &error), error);
  ck_assert_uint_eq (status_of (cccd), VNEID_STATUS_INVALID);
  ck_assert_uint_eq (status_of (pid), VNEID_STATUS_SUSPENDED);
  at_assert_ok (authority_service_unlock (at.service, AT_MAI, "officer-1", &error), error);
  ck_assert_uint_eq (status_of (cccd), VNEID_STATUS_INVALID);
  ck_assert_uint_eq (status_of (pid), VNEID_STATUS_VALID);
  free_issued (&pid);
  free_issued (&cccd);
}
END_TEST

START_TEST (test_card_lost_revokes_cccd)
{
  g_autoptr(GError) error = NULL;
  Issued pid, cccd;

  at_make_active (AT_MAI, "0912345678");
  at_assert_ok (authority_service_upgrade (at.service, AT_MAI, "officer-1", AT_MAI, &error), error);
  pid = issue (AT_MAI, "pid");
  cccd = issue (AT_MAI, "cccd");
  at_assert_ok (authority_service_report_card_lost (at.service, AT_MAI, "citizen", &error), error);
  ck_assert_uint_eq (status_of (cccd), VNEID_STATUS_INVALID);
  ck_assert_uint_eq (status_of (pid), VNEID_STATUS_VALID);
  free_issued (&pid);
  free_issued (&cccd);
}
END_TEST

START_TEST (test_downgrade_revokes_pid_and_cccd)
{
  g_autoptr(GError) error = NULL;
  Issued pid, cccd, contact;

  at_make_active (AT_MAI, "0912345678");
  at_assert_ok (authority_service_upgrade (at.service, AT_MAI, "officer-1", AT_MAI, &error), error);
  pid = issue (AT_MAI, "pid");
  cccd = issue (AT_MAI, "cccd");
  contact = issue (AT_MAI, "contact");
  at_assert_ok (authority_service_downgrade (at.service, AT_MAI, "officer-1", "thẻ hết hạn", &error), error);
  ck_assert_uint_eq (status_of (cccd), VNEID_STATUS_INVALID);
  ck_assert_uint_eq (status_of (pid), VNEID_STATUS_INVALID);
  ck_assert_uint_eq (status_of (contact), VNEID_STATUS_VALID);
  free_issued (&pid);
  free_issued (&cccd);
  free_issued (&contact);
}
END_TEST

static JsonObject *
token_payload (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *padded = NULL;
  g_autofree guchar *payload = NULL;
  gsize length;

  ck_assert_int_eq (g_strv_length (parts), 3);
  /* base64url to base64 */
  padded = g_strdup_printf ("%s%.*s", parts[1], (int) ((4 - strlen (parts[1]) % 4) % 4), "===");
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  payload = g_base64_decode (padded, &length);
  ck_assert (json_parser_load_from_data (parser, (const char *) payload, length, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

START_TEST (test_token_claims_and_refresh)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = authority_service_get_status_list (at.service, 1, &error);
  g_autofree char *same = NULL;
  g_autofree char *later = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) later_payload = NULL;

  at_assert_ok (first != NULL, error);
  payload = token_payload (first);
  ck_assert (json_object_get_int_member (payload, "iat") == at.now);
  ck_assert (json_object_get_int_member (payload, "exp") == at.now + 86400);
  ck_assert (json_object_get_int_member (payload, "ttl") == 300);
  ck_assert_str_eq (json_object_get_string_member (payload, "sub"), "https://id.vneid.example/status/1");
  /* Served as stored within the hour; re-signed after it. */
  at.now += 3599;
  same = authority_service_get_status_list (at.service, 1, &error);
  ck_assert_str_eq (same, first);
  at.now += 1;
  later = authority_service_get_status_list (at.service, 1, &error);
  ck_assert_str_ne (later, first);
  later_payload = token_payload (later);
  ck_assert (json_object_get_int_member (later_payload, "iat") == at.now);
  ck_assert_ptr_null (authority_service_get_status_list (at.service, 77, &error));
  at_assert_error (error, AUTHORITY_ERROR_NOT_FOUND);
}
END_TEST

START_TEST (test_issuer_metadata)
{
  g_autoptr(JsonNode) node = authority_service_get_issuer_metadata (at.service);
  JsonObject *metadata = json_node_get_object (node);
  JsonArray *keys = json_object_get_array_member (json_object_get_object_member (metadata, "jwks"), "keys");
  JsonObject *key = json_array_get_object_element (keys, 0);

  ck_assert_str_eq (json_object_get_string_member (metadata, "issuer"), "https://id.vneid.example");
  ck_assert_int_eq (json_array_get_length (keys), 1);
  ck_assert_str_eq (json_object_get_string_member (key, "kid"), "demo-population-db-2026");
  /* Public only. */
  ck_assert (!json_object_has_member (key, "d"));
}
END_TEST

static Suite *
status_suite (void)
{
  Suite *s = suite_create (at_backend_is_postgresql () ? "authority-status (PostgreSQL)"
                                                       : "authority-status (SQLite)");
  TCase *tc = tcase_create ("status");

  tcase_add_checked_fixture (tc, at_setup, at_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_entries_are_distinct);
  tcase_add_test (tc, test_bhyt_has_its_own_list);
  tcase_add_test (tc, test_lock_suspends_everything);
  tcase_add_test (tc, test_unlock_keeps_revocations);
  tcase_add_test (tc, test_card_lost_revokes_cccd);
  tcase_add_test (tc, test_downgrade_revokes_pid_and_cccd);
  tcase_add_test (tc, test_token_claims_and_refresh);
  tcase_add_test (tc, test_issuer_metadata);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return at_run_suite (status_suite ());
}
