/* test_acct.c - the pure parts of issue 8's account items: profile field
 * rules (accounts/profile.c) and multipart/form-data bodies
 * (web/multipart.c, the CSV upload). */
#include "testutil.h"

#include "accounts/profile.h"
#include "web/multipart.h"

static void test_profile_rules(void **state)
{
	(void)state;
	char s[600];
	assert_int_equal(profile_check_field(PROFILE_NAME, "Ana Pérez-Müller 王芳"), PROFILE_OK);
	assert_int_equal(profile_check_field(PROFILE_NAME, NULL), PROFILE_OK);
	memset(s, 'x', 128);
	s[128] = '\0';
	assert_int_equal(profile_check_field(PROFILE_NAME, s), PROFILE_OK);
	s[128] = 'x';
	s[129] = '\0';
	assert_int_equal(profile_check_field(PROFILE_NAME, s), PROFILE_TOO_LONG);
	/* Bounds count characters, not bytes: 64 three-byte characters fit a title. */
	for (int i = 0; i < 65; i++)
		memcpy(s + 3 * i, "\xe7\x8e\x8b", 3); /* 王 */
	s[3 * 64] = '\0';
	assert_int_equal(profile_check_field(PROFILE_TITLE, s), PROFILE_OK);
	s[3 * 64] = '\xe7';
	s[3 * 65] = '\0';
	assert_int_equal(profile_check_field(PROFILE_TITLE, s), PROFILE_TOO_LONG);
	assert_int_equal(profile_check_field(PROFILE_ORGANISATION, "a\nb"), PROFILE_CONTROL);
	assert_int_equal(profile_check_field(PROFILE_ORGANISATION, "a\xc2\x85" "b"), PROFILE_CONTROL);
	assert_int_equal(profile_check_field(PROFILE_ORGANISATION, "a\xc2\xa0" "b"), PROFILE_OK);
	assert_int_equal(profile_check_field(PROFILE_NAME, "\xc0\xaf"), PROFILE_BAD_UTF8);
	assert_int_equal(profile_check_field(PROFILE_PHONE, "+43 (1) 26060-0"), PROFILE_OK);
	assert_int_equal(profile_check_field(PROFILE_PHONE, "+43 1 ext. 5"), PROFILE_BAD_PHONE);
	struct account_profile p;
	enum profile_field bad = PROFILE_NAME;
	assert_int_equal(profile_from_texts(&p, "  Ana  ", NULL, "UNODC ", "", &bad), PROFILE_OK);
	assert_string_equal(p.name, "Ana");
	assert_string_equal(p.organisation, "UNODC");
	assert_int_equal(profile_from_texts(&p, "Ana", "x", "y", "call me", &bad), PROFILE_BAD_PHONE);
	assert_int_equal(bad, PROFILE_PHONE);
}

static void test_multipart(void **state)
{
	(void)state;
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\nemail,role\r\na@b.org,observer\r\n\r\n"
		"--XyZ--\r\n";
	struct web_form f;
	assert_int_equal(web_form_parse_multipart(&f, "multipart/form-data; boundary=XyZ", body,
						  strlen(body)), 0);
	assert_string_equal(web_form_get(&f, "csrf"), "abc");
	/* The file's bytes as sent, its own line breaks included. */
	assert_string_equal(web_form_get(&f, "file"), "email,role\r\na@b.org,observer\r\n");
	assert_null(web_form_get(&f, "filename"));
	web_form_free(&f);
	assert_int_equal(web_form_parse_multipart(&f, "multipart/form-data; boundary=\"XyZ\"", body,
						  strlen(body)), 0);
	web_form_free(&f);
	/* No boundary, the wrong one, a cut body: refused (a NUL byte in a
	 * text field too; in a file part it is kept as bytes: test_web.c). */
	assert_int_equal(web_form_parse_multipart(&f, "multipart/form-data", body, strlen(body)), -1);
	assert_int_equal(web_form_parse_multipart(&f, "multipart/form-data; boundary=Q", body,
						  strlen(body)), -1);
	assert_int_equal(web_form_parse_multipart(&f, "multipart/form-data; boundary=XyZ", body,
						  strlen(body) - 30), -1);
	char nul[sizeof body];
	memcpy(nul, body, sizeof body);
	nul[strstr(body, "abc") - body + 1] = '\0';
	assert_int_equal(web_form_parse_multipart(&f, "multipart/form-data; boundary=XyZ", nul,
						  sizeof body - 1), -1);
	assert_null(web_form_get(&f, "csrf"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_rules),
		cmocka_unit_test(test_multipart),
	};
	return cmocka_run_group_tests_name("acct", tests, NULL, NULL);
}
