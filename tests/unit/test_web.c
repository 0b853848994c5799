/* test_web.c - unit tests of the web platform's pure parts (issue 4):
 * HMAC/HOTP/TOTP against the RFC vectors, base32, form decoding, HTML
 * escaping, password policy, .po catalogues, date and number formats. */
#include "testutil.h"

#include "util/buf.h"
#include "accounts/account.h"
#include "i18n/i18n.h"
#include "accounts/totp.h"
#include "util/token.h"
#include "util/util.h"
#include "web/multipart.h"
#include "web/webutil.h"

/* HMAC-SHA-1 through the public HOTP function (liboath since issue 8):
 * RFC 2202 test case 1 is HMAC(0x0b x 20, "Hi There") =
 * b617318655057264e28bc0b6fb378c8ef146be00, and "Hi There" is 8 bytes,
 * i.e. an HOTP counter; its dynamic truncation (offset 0: b6173186) is
 * 07489670.  Keys of 64 bytes (one block) and 80 bytes (hashed first,
 * RFC 2104) against values from Python's hmac module. */
static void test_hotp_hmac_vectors(void **state)
{
	(void)state;
	unsigned char key[80];
	uint64_t hi_there = 0;
	for (const char *p = "Hi There"; *p; p++)
		hi_there = hi_there << 8 | (unsigned char)*p;
	memset(key, 0x0b, 20);
	assert_int_equal(totp_hotp(key, 20, hi_there, 8), 7489670);
	assert_int_equal(totp_hotp(key, 20, hi_there, 6), 489670);
	memset(key, 0xaa, sizeof key);
	assert_int_equal(totp_hotp(key, 64, 7, 8), 6592213);
	assert_int_equal(totp_hotp(key, 80, 0x0102030405060708ULL, 8), 72395183);
	/* Out of range digit counts match no code. */
	assert_int_equal(totp_hotp(key, 20, 1, 5), UINT32_MAX);
	assert_int_equal(totp_hotp(key, 20, 1, 9), UINT32_MAX);
}

/* RFC 4226 appendix D and RFC 6238 appendix B (SHA-1, 8 digits). */
static void test_hotp_totp_vectors(void **state)
{
	(void)state;
	const unsigned char *k = (const unsigned char *)"12345678901234567890";
	static const uint32_t hotp[] = { 755224, 287082, 359152, 969429, 338314,
					 254676, 287922, 162583, 399871, 520489 };
	for (uint64_t c = 0; c < 10; c++)
		assert_int_equal(totp_hotp(k, 20, c, 6), hotp[c]);
	assert_int_equal(totp_hotp(k, 20, 59 / 30, 8), 94287082);
	assert_int_equal(totp_hotp(k, 20, 1111111109 / 30, 8), 7081804);
	assert_int_equal(totp_hotp(k, 20, 1234567890 / 30, 8), 89005924);
	assert_int_equal(totp_hotp(k, 20, 20000000000ULL / 30, 8), 65353130);
}

static void test_totp_verify_window_and_replay(void **state)
{
	(void)state;
	char secret[TOTP_SECRET_B32];
	unsigned char key[20];
	char code[8];
	totp_base32((const unsigned char *)"12345678901234567890", 20, secret);
	assert_string_equal(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	assert_int_equal(totp_base32_decode(secret, key, sizeof key), 20);
	int64_t now = 1111111109;
	snprintf(code, sizeof code, "%06u", totp_hotp(key, 20, (uint64_t)(now / 30), 6));
	assert_int_equal(totp_verify(secret, code, now, 0), now / 30);
	assert_int_equal(totp_verify(secret, code, now + 30, 0), now / 30);  /* drift */
	assert_int_equal(totp_verify(secret, code, now + 90, 0), -1);         /* too old */
	assert_int_equal(totp_verify(secret, code, now, now / 30), -1);       /* replay */
	assert_int_equal(totp_verify(secret, "12345", now, 0), -1);
	assert_int_equal(totp_verify(secret, "12345a", now, 0), -1);
	assert_int_equal(totp_verify(secret, NULL, now, 0), -1);
	totp_secret_new(secret);
	assert_int_equal(strlen(secret), 32);
}

static void test_form_and_url(void **state)
{
	(void)state;
	struct web_form f;
	const char body[] = "email=a%40b.org&password=p+w%26x&empty=&flag&csrf=%zz";
	assert_int_equal(web_form_parse(&f, body, strlen(body)), -1);
	web_form_free(&f);
	const char ok[] = "email=a%40b.org&password=p+w%26x&empty=&flag";
	assert_int_equal(web_form_parse(&f, ok, strlen(ok)), 0);
	assert_string_equal(web_form_get(&f, "email"), "a@b.org");
	assert_string_equal(web_form_get(&f, "password"), "p w&x");
	assert_string_equal(web_form_get(&f, "empty"), "");
	assert_string_equal(web_form_get(&f, "flag"), "");
	assert_null(web_form_get(&f, "missing"));
	web_form_free(&f);
	const char nul[] = "a=%00";
	assert_int_equal(web_form_parse(&f, nul, strlen(nul)), -1);
	web_form_free(&f);
}

static void test_html_escapes_by_default(void **state)
{
	(void)state;
	struct buf b = { 0 };
	web_html(&b, "<p title=\"%s\">%s %d %r %u%%</p>", "\"x'", "<b>&", 42, "<i>", "a b/c");
	assert_string_equal(buf_str(&b),
		"<p title=\"&quot;x&#39;\">&lt;b&gt;&amp; 42 <i> a%20b%2Fc%</p>");
	buf_free(&b);
}

static void test_password_policy(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(account_password_policy("short", NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "12"));
	assert_int_equal(account_password_policy("aaaaaaaaaaaaaaaa", NULL, err, sizeof err), -1);
	assert_int_equal(account_password_policy("Password1234", NULL, err, sizeof err), -1);
	assert_int_equal(account_password_policy("my jdoe@ passphrase", "jdoe@un.org", err, sizeof err), -1);
	assert_int_equal(account_password_policy("Correct horse battery 9", "jdoe@un.org", err, sizeof err), 0);
	/* Characters, not bytes: twelve Cyrillic letters pass. */
	assert_int_equal(account_password_policy("пароль-длинный", NULL, err, sizeof err), 0);
	assert_int_equal(account_password_policy("\xff\xfe invalid utf8 xx", NULL, err, sizeof err), -1);
	assert_int_equal(account_role_parse("focal_point"), ROLE_FOCAL_POINT);
	assert_int_equal(account_role_parse("root"), ROLE_NONE);
	assert_true(account_role_has_state(ROLE_EXPERT));
	assert_false(account_role_has_state(ROLE_STAKEHOLDER));
}

static void test_po_catalogues(void **state)
{
	(void)state;
	char err[512];
	assert_int_equal(i18n_load(RM_SRCDIR "/po", err, sizeof err), 0);
	assert_string_equal(i18n_get("fr", "Log in"), "Se connecter");
	assert_string_equal(i18n_get("ar", "Log in"), "تسجيل الدخول");
	assert_string_equal(i18n_get("fr", "no such msgid"), "no such msgid");
	assert_string_equal(i18n_get("xx", "Log in"), "Log in");
	/* English and French are complete. */
	assert_int_equal(i18n_count("en"), i18n_count("fr"));
	assert_true(i18n_count("zh") >= 40);
	assert_string_equal(i18n_find("ar")->dir, "rtl");
	assert_null(i18n_find("de"));
	i18n_free();
}

static void test_po_parser_edge_cases(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[512];
	static const char *const langs[] = { "ar", "zh", "en", "fr", "ru", "es" };
	for (size_t i = 0; i < 6; i++) {
		snprintf(path, sizeof path, "%s/%s.po", dir, langs[i]);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs("# comment\nmsgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
		      "msgid \"multi\"\n\"line\"\nmsgstr \"plu\"\n\"sieurs \\\"q\\\"\"\n\n"
		      "#, fuzzy\nmsgid \"fuzzy one\"\nmsgstr \"flou\"\n\n"
		      "msgctxt \"menu\"\nmsgid \"File\"\nmsgstr \"Fichier\"\n\n"
		      "msgid \"untranslated\"\nmsgstr \"\"\n", f);
		fclose(f);
	}
	assert_int_equal(i18n_load(dir, err, sizeof err), 0);
	assert_string_equal(i18n_get("fr", "multiline"), "plusieurs \"q\"");
	assert_string_equal(i18n_get("fr", "fuzzy one"), "fuzzy one");
	assert_string_equal(i18n_get("fr", "menu\004File"), "Fichier");
	assert_string_equal(i18n_get("fr", "untranslated"), "untranslated");
	snprintf(path, sizeof path, "%s/fr.po", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("msgid \"broken\nmsgstr \"x\"\n", f);
	fclose(f);
	assert_int_equal(i18n_load(dir, err, sizeof err), -1);
	assert_non_null(strstr(err, "fr.po:1"));
	i18n_free();
	tu_rmdir(dir);
}

static void test_dates_numbers(void **state)
{
	(void)state;
	struct buf b = { 0 };
	i18n_put_date(&b, "en", "2025-03-04T10:00:00Z");
	assert_string_equal(buf_str(&b), "4 March 2025");
	buf_reset(&b);
	i18n_put_date(&b, "fr", "2025-08-01");
	assert_string_equal(buf_str(&b), "1 août 2025");
	buf_reset(&b);
	i18n_put_date(&b, "zh", "2025-03-04");
	assert_string_equal(buf_str(&b), "2025年3月4日");
	buf_reset(&b);
	i18n_put_date(&b, "ru", "2025-03-04");
	assert_string_equal(buf_str(&b), "4 марта 2025 г.");
	buf_reset(&b);
	i18n_put_date(&b, "es", "2025-03-04");
	assert_string_equal(buf_str(&b), "4 de marzo de 2025");
	buf_reset(&b);
	i18n_put_date(&b, "ar", "2025-03-04");
	assert_string_equal(buf_str(&b), "٤ مارس ٢٠٢٥");
	buf_reset(&b);
	i18n_put_date(&b, "en", "<bad>");
	assert_string_equal(buf_str(&b), "&lt;bad&gt;");
	buf_reset(&b);
	i18n_put_number(&b, "en", 1234567);
	assert_string_equal(buf_str(&b), "1,234,567");
	buf_reset(&b);
	i18n_put_number(&b, "fr", -1234567);
	assert_string_equal(buf_str(&b), "-1\u202f234\u202f567");
	buf_reset(&b);
	i18n_put_number(&b, "es", 1234);
	assert_string_equal(buf_str(&b), "1234");
	buf_reset(&b);
	i18n_put_number(&b, "es", 12345);
	assert_string_equal(buf_str(&b), "12.345");
	buf_reset(&b);
	i18n_put_number(&b, "ar", 1980);
	assert_string_equal(buf_str(&b), "١٬٩٨٠");
	buf_free(&b);
}

static void test_tokens(void **state)
{
	(void)state;
	char a[TOKEN_HEX_LEN], b[TOKEN_HEX_LEN], h[TOKEN_HEX_LEN];
	token_new(a);
	token_new(b);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	token_hash("abc", h);
	/* BLAKE2b-256("abc") */
	assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	assert_true(token_equal(a, a));
	assert_false(token_equal(a, b));
	assert_false(token_equal("ab", "abc"));
	time_t t;
	assert_int_equal(util_time_parse("2025-03-04T10:00:00Z", &t), 0);
	char iso[32];
	util_time_iso(t, iso, sizeof iso);
	assert_string_equal(iso, "2025-03-04T10:00:00Z");
	assert_int_equal(util_time_parse("2025-03-04 10:00", &t), -1);
}

/* Issue 10: a browser's upload of a binary document (a PDF holds NUL
 * bytes): the file part is kept as bytes and length, out of the form of C
 * strings; the text fields stay, and a text field with a NUL byte or bad
 * UTF-8 is still refused. */
static void test_multipart_binary_file(void **state)
{
	(void)state;
	static const char pdf[] = "%PDF-1.4\n\x00\x01\x00\xff\n%%EOF\n";
	const size_t pdf_len = sizeof pdf - 1;
	static const char head[] =
		"--B0\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--B0\r\nContent-Disposition: form-data; name=\"instrument\"\r\n\r\nuntoc\r\n"
		"--B0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.pdf\"\r\n"
		"Content-Type: application/pdf\r\n\r\n";
	static const char tail[] = "\r\n--B0--\r\n";
	const char *ct = "multipart/form-data; boundary=B0";
	char body[512];
	size_t n = 0;
	memcpy(body, head, sizeof head - 1);
	n += sizeof head - 1;
	memcpy(body + n, pdf, pdf_len);
	n += pdf_len;
	memcpy(body + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;
	struct web_form f;
	assert_int_equal(web_form_parse_multipart(&f, ct, body, n), 0);
	assert_string_equal(web_form_get(&f, "csrf"), "abc");
	assert_string_equal(web_form_get(&f, "instrument"), "untoc");
	assert_null(web_form_get(&f, "file"));
	web_form_free(&f);
	const char *data;
	size_t len;
	char fname[64];
	assert_int_equal(web_multipart_file(ct, body, n, "file", &data, &len, fname, sizeof fname), 1);
	assert_int_equal(len, pdf_len);
	assert_memory_equal(data, pdf, pdf_len);
	assert_string_equal(fname, "note.pdf");
	assert_int_equal(web_multipart_file(ct, body, n, "other", &data, &len, fname, sizeof fname),
			 0);
	/* A NUL byte or bad UTF-8 in a text field: refused. */
	char bad[512];
	memcpy(bad, body, n);
	bad[strstr(body, "untoc") - body + 2] = '\0';
	assert_int_equal(web_form_parse_multipart(&f, ct, bad, n), -1);
	assert_null(web_form_get(&f, "csrf"));
	memcpy(bad, body, n);
	bad[strstr(body, "untoc") - body + 2] = '\xff';
	assert_int_equal(web_form_parse_multipart(&f, ct, bad, n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hotp_hmac_vectors),
		cmocka_unit_test(test_hotp_totp_vectors),
		cmocka_unit_test(test_totp_verify_window_and_replay),
		cmocka_unit_test(test_form_and_url),
		cmocka_unit_test(test_html_escapes_by_default),
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_po_catalogues),
		cmocka_unit_test(test_po_parser_edge_cases),
		cmocka_unit_test(test_dates_numbers),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_multipart_binary_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
