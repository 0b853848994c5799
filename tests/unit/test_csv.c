/* test_csv.c - the RFC 4180 reader: quoting, line numbers, errors. */
#include "testutil.h"

#include "util/csv.h"

static int next(struct csv_reader *r, char *err)
{
	return csv_next(r, err, 200);
}

static void test_quoted_fields_and_lines(void **state)
{
	(void)state;
	const char *in = "a,b\r\n\"x,1\",\"he said \"\"hi\"\"\"\n\n\"multi\nline\",z\n";
	struct csv_reader r;
	char err[200];
	csv_open(&r, in, strlen(in));
	assert_int_equal(next(&r, err), 1);
	assert_int_equal(r.nfields, 2);
	assert_string_equal(r.fields[1], "b");
	assert_int_equal(next(&r, err), 1);
	assert_int_equal(r.record_line, 2);
	assert_string_equal(r.fields[0], "x,1");
	assert_string_equal(r.fields[1], "he said \"hi\"");
	assert_int_equal(next(&r, err), 1);
	assert_int_equal(r.record_line, 4);
	assert_string_equal(r.fields[0], "multi\nline");
	assert_int_equal(next(&r, err), 0);
	csv_close(&r);
}

static void test_errors_name_line_and_column(void **state)
{
	(void)state;
	const char *in = "a,b\nc,d\"e\n";
	struct csv_reader r;
	char err[200];
	csv_open(&r, in, strlen(in));
	assert_int_equal(next(&r, err), 1);
	assert_int_equal(next(&r, err), -1);
	assert_non_null(strstr(err, "line 2, column 2"));
	csv_close(&r);

	const char *open_q = "a,\"unterminated\n";
	csv_open(&r, open_q, strlen(open_q));
	assert_int_equal(next(&r, err), -1);
	assert_non_null(strstr(err, "line 1, column 2: unterminated"));
	csv_close(&r);
}

static void test_empty_trailing_field_and_bom(void **state)
{
	(void)state;
	const char *in = "\xEF\xBB\xBFx,\n";
	struct csv_reader r;
	char err[200];
	csv_open(&r, in, strlen(in));
	assert_int_equal(next(&r, err), 1);
	assert_int_equal(r.nfields, 2);
	assert_string_equal(r.fields[0], "x");
	assert_string_equal(r.fields[1], "");
	csv_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_fields_and_lines),
		cmocka_unit_test(test_errors_name_line_and_column),
		cmocka_unit_test(test_empty_trailing_field_and_bom),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
