/* test_support.c - the reviewed State's requests for the Secretariat's
 * support on its draft responses (probe s8 F23; appendix B18 "Draft
 * responses": the Secretariat "on request (support)"; para 34): asked and
 * ended with a reason, the latest row in force, refusals that write
 * nothing, the record append-only on both backends (migration 0051). */
#include "testutil.h"

#include "core/refdata.h"
#include "response/support.h"
#include "store/store.h"

static struct store *setup(char **dir)
{
	char path[600], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "support");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	return s;
}

static long long rows(struct store *s)
{
	return store_count(s, "SELECT COUNT(*) FROM response_support_requests", NULL);
}

static void test_ask_end_and_refusals(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	assert_int_equal(response_support_open(s, "FRA", 1), 0);
	/* Bad input and nothing to end: refused, nothing written. */
	assert_int_equal(response_support_change(s, "FRA", 1, "ask", "", 3, "fp@fra", err,
						 sizeof err), -2);
	assert_non_null(strstr(err, "reason"));
	assert_int_equal(response_support_change(s, "FRA", 1, "ask", NULL, 3, "fp@fra", err,
						 sizeof err), -2);
	char big[1100];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(response_support_change(s, "FRA", 1, "ask", big, 3, "fp@fra", err,
						 sizeof err), -2);
	assert_int_equal(response_support_change(s, "FRA", 1, "ask", "\xff\xfe", 3, "fp@fra", err,
						 sizeof err), -2);
	assert_int_equal(response_support_change(s, "FRA", 1, "open", "x", 3, "fp@fra", err,
						 sizeof err), -2);
	assert_int_equal(response_support_change(s, "FRA", 1, "end", "x", 3, "fp@fra", err,
						 sizeof err), -4);
	assert_non_null(strstr(err, "FRA"));
	assert_int_equal(rows(s), 0);
	/* Asked: in force for that phase only; a second ask refused. */
	assert_int_equal(response_support_change(s, "FRA", 1, "ask", "Aide sur l'article 5", 3,
						 "fp@fra", err, sizeof err), 0);
	assert_int_equal(response_support_open(s, "FRA", 1), 1);
	assert_int_equal(response_support_open(s, "FRA", 2), 0);
	assert_int_equal(response_support_open(s, "DEU", 1), 0);
	assert_int_equal(response_support_change(s, "FRA", 1, "ask", "encore", 4, "ex@fra", err,
						 sizeof err), -4);
	assert_int_equal(rows(s), 1);
	/* Ended, asked again: every step kept, the latest in force. */
	assert_int_equal(response_support_change(s, "FRA", 1, "end", "Merci", 4, "ex@fra", err,
						 sizeof err), 0);
	assert_int_equal(response_support_open(s, "FRA", 1), 0);
	assert_int_equal(response_support_change(s, "FRA", 1, "ask", "Encore une question", 3,
						 "fp@fra", err, sizeof err), 0);
	assert_int_equal(response_support_open(s, "FRA", 1), 1);
	json_t *h = response_support_history(s, "FRA", 1);
	assert_non_null(h);
	assert_int_equal(json_array_size(h), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "kind")), "end");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "reason")),
			    "Merci");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "by")), "ex@fra");
	assert_true(json_string_length(json_object_get(json_array_get(h, 0), "at")) > 0);
	json_decref(h);
	/* Append-only: neither changed nor removed (triggers, both backends). */
	assert_int_not_equal(store_exec(s, "UPDATE response_support_requests SET kind = 'end'"), 0);
	assert_int_not_equal(store_exec(s, "DELETE FROM response_support_requests"), 0);
	assert_int_equal(rows(s), 3);
	assert_int_equal(response_support_open(s, "FRA", 1), 1);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ask_end_and_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
