/* test_util.c - strict UTF-8 (issue 8, outside probe: overlong forms,
 * surrogates and code points above U+10FFFF were accepted) and the
 * redaction and escaping of paths for logs. */
#include "testutil.h"

#include "util/util.h"
#include "web/webutil.h"

static void test_utf8_strict(void **state)
{
	(void)state;
	assert_int_equal(util_utf8_len("abc"), 3);
	assert_int_equal(util_utf8_len("\xC3\xA9t\xC3\xA9"), 3);        /* été */
	assert_int_equal(util_utf8_len("\xE4\xB8\xAD\xE6\x96\x87"), 2); /* 中文 */
	assert_int_equal(util_utf8_len("\xF0\x9F\x98\x80"), 1);         /* U+1F600 */
	assert_int_equal(util_utf8_len("\xF4\x8F\xBF\xBF"), 1);         /* U+10FFFF */
	assert_int_equal(util_utf8_len("\xED\x9F\xBF"), 1);             /* U+D7FF */
	assert_int_equal(util_utf8_len("\xC0\xAF"), -1);     /* overlong '/' */
	assert_int_equal(util_utf8_len("\xC1\xBF"), -1);
	assert_int_equal(util_utf8_len("\xE0\x80\xAF"), -1); /* overlong, 3 bytes */
	assert_int_equal(util_utf8_len("\xE0\x9F\xBF"), -1);
	assert_int_equal(util_utf8_len("\xF0\x80\x80\xAF"), -1); /* overlong, 4 bytes */
	assert_int_equal(util_utf8_len("\xF0\x8F\xBF\xBF"), -1);
	assert_int_equal(util_utf8_len("\xED\xA0\x80"), -1); /* U+D800 surrogate */
	assert_int_equal(util_utf8_len("\xED\xBF\xBF"), -1); /* U+DFFF */
	assert_int_equal(util_utf8_len("\xF4\x90\x80\x80"), -1); /* U+110000 */
	assert_int_equal(util_utf8_len("\xF5\x80\x80\x80"), -1);
	assert_int_equal(util_utf8_len("\x80"), -1);
	assert_int_equal(util_utf8_len("\xC3"), -1); /* cut short */
}

static void test_path_redact(void **state)
{
	(void)state;
	char out[256];
	web_path_redact("/invite/abc", out, sizeof out);
	assert_string_equal(out, "/invite/[redacted]");
	web_path_redact("/reset/0123456789abcdef0123/x", out, sizeof out);
	assert_string_equal(out, "/reset/[redacted]/x");
	web_path_redact("/api/v1/tokens/17", out, sizeof out);
	assert_string_equal(out, "/api/v1/tokens/17");
	web_path_redact("/a/0123456789ABCDEFabcd/b", out, sizeof out);
	assert_string_equal(out, "/a/[redacted]/b");
	web_path_redact("/dashboard", out, sizeof out);
	assert_string_equal(out, "/dashboard");
	web_path_redact("/", out, sizeof out);
	assert_string_equal(out, "/");
}

static void test_log_safe(void **state)
{
	(void)state;
	struct buf b = { 0 };
	web_put_log_safe(&b, "/a b\\\n\x1b[2J\xC2\x9B\xC3\xA9\xFF");
	assert_string_equal(buf_str(&b), "/a\\x20b\\x5c\\x0a\\x1b[2J\\xc2\\x9b\xC3\xA9\\xff");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_strict),
		cmocka_unit_test(test_path_redact),
		cmocka_unit_test(test_log_safe),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
