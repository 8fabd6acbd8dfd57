/* test-service-common.c: escaping, templates, CSRF tokens, form bodies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <string.h>

#include "service-common.h"

START_TEST (test_escape)
{
  g_autofree char *html = service_html_escape ("<script>alert(\"x\" & 'y')</script>");
  g_autofree char *null = service_html_escape (NULL);
  g_autofree char *controls = service_html_escape ("a\x01" "b\tc\nd\xe2\x80\xae" "e");
  g_autofree char *invalid = service_html_escape ("Nguy\xff\xfe" "n");
  g_autofree char *vietnamese = service_html_escape ("Nguyễn Văn An");

  ck_assert_str_eq (html, "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
  ck_assert_str_eq (null, "");
  /* C0 controls and the bidi override become U+FFFD; tab and newline stay. */
  ck_assert_str_eq (controls, "a\xef\xbf\xbd" "b\tc\nd\xef\xbf\xbd" "e");
  ck_assert (g_utf8_validate (invalid, -1, NULL));
  ck_assert (strstr (invalid, "Nguy") == invalid && g_str_has_suffix (invalid, "n"));
  ck_assert_str_eq (vietnamese, "Nguyễn Văn An");
}
END_TEST

START_TEST (test_clean_for_log)
{
  g_autofree char *long_text = g_strnfill (300, 'x');
  g_autofree char *clean = service_clean_for_log ("a\nb\x1b[31m");
  g_autofree char *cut = service_clean_for_log (long_text);

  ck_assert_str_eq (clean, "a?b?[31m");
  ck_assert (g_str_has_suffix (cut, "…"));
  ck_assert_int_eq (g_utf8_strlen (cut, -1), 201);
}
END_TEST

START_TEST (test_template)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *unclosed = NULL;

  g_hash_table_insert (values, "name", "<b>An</b>");
  g_hash_table_insert (values, "list", "<li>ok</li>");
  html = service_template_render ("<p>{{name}}</p><ul>{{{list}}}</ul>{{ missing }}.", values, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (html, "<p>&lt;b&gt;An&lt;/b&gt;</p><ul><li>ok</li></ul>.");
  unclosed = service_template_render ("<p>{{name</p>", values, &error);
  ck_assert_ptr_null (unclosed);
  ck_assert (g_error_matches (error, SERVICE_ERROR, SERVICE_ERROR_INTERNAL));
}
END_TEST

START_TEST (test_resource_layout)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = service_render ("/vn/vneid/service/error.html", &error,
                                          "message_vi", "Lỗi <x>", "message_en", "Error", NULL);

  ck_assert_ptr_nonnull (page);
  ck_assert (strstr (page, "Lỗi &lt;x&gt;") != NULL);
  ck_assert_ptr_null (service_render ("/vn/vneid/service/none.html", &error, NULL));
  ck_assert_ptr_nonnull (error);
}
END_TEST

START_TEST (test_csrf)
{
  ServiceSessions *sessions = service_sessions_new ();
  ServiceSessions *other = service_sessions_new ();
  const char *id = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  g_autofree char *token = service_sessions_token_for (sessions, id);
  g_autofree char *again = service_sessions_token_for (sessions, id);
  g_autofree char *tampered = g_strdup (token);

  ck_assert_str_eq (token, again);
  ck_assert_int_eq (strlen (token), 43);
  ck_assert (service_sessions_token_matches (sessions, id, token));
  /* Another session, another server secret, a changed or cut token, none. */
  ck_assert (!service_sessions_token_matches (sessions, "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", token));
  ck_assert (!service_sessions_token_matches (other, id, token));
  tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
  ck_assert (!service_sessions_token_matches (sessions, id, tampered));
  tampered[0] = token[0];
  tampered[42] = '\0';
  ck_assert (!service_sessions_token_matches (sessions, id, tampered));
  ck_assert (!service_sessions_token_matches (sessions, id, ""));
  ck_assert (!service_sessions_token_matches (sessions, id, NULL));
  ck_assert (!service_sessions_token_matches (sessions, NULL, token));
  service_sessions_free (sessions);
  service_sessions_free (other);
}
END_TEST

START_TEST (test_cookie_value)
{
  g_autofree char *one = service_cookie_value ("a=1; vneid_session=xyz; b=2", "vneid_session");
  g_autofree char *first = service_cookie_value ("vneid_session=abc", "vneid_session");
  g_autofree char *prefix = service_cookie_value ("xvneid_session=abc; vneid_sessionx=1", "vneid_session");

  ck_assert_str_eq (one, "xyz");
  ck_assert_str_eq (first, "abc");
  ck_assert_ptr_null (prefix);
  ck_assert_ptr_null (service_cookie_value (NULL, "vneid_session"));
}
END_TEST

static GHashTable *
parse (const char *text,
       GError    **error)
{
  return service_form_parse (text, strlen (text), 64, error);
}

START_TEST (test_form_parse)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = parse ("a=1&b=Nguy%E1%BB%85n+V%C4%83n&empty=&flag&&c=%3Cx%3E", &error);

  ck_assert_ptr_null (error);
  ck_assert_str_eq (g_hash_table_lookup (form, "a"), "1");
  ck_assert_str_eq (g_hash_table_lookup (form, "b"), "Nguyễn Văn");
  ck_assert_str_eq (g_hash_table_lookup (form, "empty"), "");
  ck_assert_str_eq (g_hash_table_lookup (form, "flag"), "");
  ck_assert_str_eq (g_hash_table_lookup (form, "c"), "<x>");
  ck_assert_int_eq (g_hash_table_size (form), 5);
}
END_TEST

START_TEST (test_form_refusals)
{
  const char *bad[] = { "a=1&a=2", "a=%00", "a=%ff", "a=%zz", "%61=1&a=2" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) form = parse (bad[i], &error);

      ck_assert_msg (form == NULL, "%s accepted", bad[i]);
      ck_assert (g_error_matches (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST));
      ck_assert_int_eq (service_error_http_status (error), 400);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *big = g_strnfill (65, 'a');
    g_autoptr(GHashTable) form = parse (big, &error);

    ck_assert_ptr_null (form);
    ck_assert (g_error_matches (error, SERVICE_ERROR, SERVICE_ERROR_TOO_LARGE));
    ck_assert_int_eq (service_error_http_status (error), 413);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) form = service_form_parse ("a=1\0b", 5, 64, &error);

    ck_assert_ptr_null (form);
    ck_assert (g_error_matches (error, SERVICE_ERROR, SERVICE_ERROR_BAD_REQUEST));
  }
}
END_TEST

START_TEST (test_parse_listen)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) v4 = service_parse_listen ("127.0.0.1:0", &error);
  g_autoptr(GSocketAddress) v6 = service_parse_listen ("[::1]:8080", &error);
  g_autoptr(GSocketAddress) name = service_parse_listen ("localhost:80", &error);

  ck_assert_ptr_nonnull (v4);
  ck_assert_ptr_nonnull (v6);
  ck_assert_int_eq (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (v6)), 8080);
  ck_assert_ptr_null (name);
  ck_assert (g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE));
}
END_TEST

static Suite *
common_suite (void)
{
  Suite *s = suite_create ("service-common");
  TCase *tc = tcase_create ("common");

  tcase_add_test (tc, test_escape);
  tcase_add_test (tc, test_clean_for_log);
  tcase_add_test (tc, test_template);
  tcase_add_test (tc, test_resource_layout);
  tcase_add_test (tc, test_csrf);
  tcase_add_test (tc, test_cookie_value);
  tcase_add_test (tc, test_form_parse);
  tcase_add_test (tc, test_form_refusals);
  tcase_add_test (tc, test_parse_listen);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (common_suite ());
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
