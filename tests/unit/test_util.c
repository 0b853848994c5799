/* test_util.c - strict UTF-8 (issue 8, outside probe: overlong forms,
 * surrogates and code points above U+10FFFF were accepted) and the
 * redaction and escaping of paths for logs. */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* One check of dates for every module that takes one from input. */
static void test_date_valid(void **state)
{
	(void)state;
	assert_true(util_date_valid("2026-12-02"));
	assert_true(util_date_valid("2024-02-29"));
	assert_false(util_date_valid("2026-02-29"));
	assert_false(util_date_valid("2026-02-30"));
	assert_false(util_date_valid("2026-13-01"));
	assert_false(util_date_valid("2026-1-01"));
	assert_false(util_date_valid("2026-01-01T00:00:00Z"));
	assert_false(util_date_valid("2026-0a-01"));
	assert_false(util_date_valid("+026-01-01"));
	assert_false(util_date_valid(""));
	assert_false(util_date_valid(NULL));
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

/* util_file_create_private() (issue 10, durability of the key files): the
 * whole content or no file, mode 0600 whatever the umask; an existing file
 * is left as it is; a temporary file left by a crashed attempt is no
 * obstacle and none is left behind; processes racing to create one key
 * file all end with the same, whole file. */
static void test_file_create_private(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], tmp[600], err[300];
	struct stat sb;
	char *got = NULL;
	size_t n = 0;
	snprintf(path, sizeof path, "%s/k.key", dir);
	mode_t old = umask(0);
	assert_int_equal(util_file_create_private(path, "abc\n", 4, err, sizeof err), 0);
	umask(old);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(util_read_file(path, 100, &got, &n, err, sizeof err), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(got, "abc\n", 4);
	free(got);
	assert_int_equal(util_file_create_private(path, "other", 5, err, sizeof err), 1);
	assert_int_equal(util_read_file(path, 100, &got, &n, err, sizeof err), 0);
	assert_int_equal(n, 4);
	free(got);
	/* A crashed attempt's temporary file (same pid) does not block. */
	snprintf(path, sizeof path, "%s/j.key", dir);
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	assert_non_null(f);
	fputs("half", f);
	fclose(f);
	assert_int_equal(util_file_create_private(path, "whole\n", 6, err, sizeof err), 0);
	assert_int_equal(access(tmp, F_OK), -1);
	/* Racing creators: one wins, all see its whole file. */
	snprintf(path, sizeof path, "%s/race.key", dir);
	enum { KIDS = 6 };
	pid_t kids[KIDS];
	for (int i = 0; i < KIDS; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			char body[64];
			memset(body, 'a' + i, sizeof body);
			_exit(util_file_create_private(path, body, sizeof body, err, sizeof err) + 1);
		}
	}
	int created = 0;
	for (int i = 0; i < KIDS; i++) {
		int st = 0;
		assert_int_equal(waitpid(kids[i], &st, 0), kids[i]);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) >= 1);
		created += WEXITSTATUS(st) == 1;
	}
	assert_int_equal(created, 1);
	assert_int_equal(util_read_file(path, 100, &got, &n, err, sizeof err), 0);
	assert_int_equal(n, 64);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(got[i], got[0]);
	free(got);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_strict),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_path_redact),
		cmocka_unit_test(test_log_safe),
		cmocka_unit_test(test_file_create_private),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
