/* test_disclosure.c - the disclosure choices of a reviewed State (issue
 * 10; paras 37, 40, 41; R98-R103): refusals of bad input with nothing
 * written, the log with who and when, the choices in force (the latest per
 * scope, withdrawals drop out, portal counts as public), the log
 * append-only, and the access module reading them through
 * struct access_review. */
#include "testutil.h"

#include "access/access.h"
#include "core/refdata.h"
#include "review/disclosure.h"
#include "store/store.h"

static int rec(struct store *s, const char *what, int phase, const char *inst,
	       const char *choice, char *err, size_t n)
{
	return disclosure_record(s, "FRA", what, phase, inst, choice, "", 3, "fp@fra.example",
				 NULL, err, n);
}

static void test_record_current_and_effect(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[600];
	tu_db(path, sizeof path, dir, "d");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);

	/* Bad input: refused, the field named, nothing written. */
	assert_int_equal(rec(s, "letters", 1, NULL, "public", err, sizeof err), DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "what"));
	assert_int_equal(rec(s, "dialogue", 5, NULL, "public", err, sizeof err), DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "phase"));
	assert_int_equal(rec(s, "dialogue", 1, "uncac", "public", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_int_equal(rec(s, "dialogue", 1, NULL, "everyone", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_int_equal(rec(s, "responses", 1, NULL, "states", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "paragraph 40"));
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 0);

	/* Choices: dialogue phase 1 opened to States then made public; the
	 * documents of every phase asked for the portal; responses of untoc
	 * public then withdrawn. */
	assert_int_equal(rec(s, "dialogue", 1, NULL, "states", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "dialogue", 1, NULL, "public", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "documents", 0, "", "portal", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "responses", 1, "untoc", "public", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "responses", 1, "untoc", "withdraw", err, sizeof err),
			 DISCLOSURE_OK);
	struct disclosure_entry *log = NULL;
	size_t n = 0;
	assert_int_equal(disclosure_log(s, "FRA", &log, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(log[0].choice, "states");
	assert_string_equal(log[0].by, "fp@fra.example");
	assert_int_equal(log[0].by_id, 3);
	assert_true(strlen(log[0].at) >= 20);
	disclosure_log_free(log, n);

	struct access_disclosure cur[8];
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 2);
	int dialogue = -1, documents = -1;
	for (size_t i = 0; i < n; i++) {
		if (cur[i].what == ACCESS_DISCLOSED_DIALOGUE)
			dialogue = (int)i;
		if (cur[i].what == ACCESS_DISCLOSED_DOCUMENTS)
			documents = (int)i;
		assert_int_not_equal(cur[i].what, ACCESS_DISCLOSED_RESPONSES);
	}
	assert_true(dialogue >= 0 && documents >= 0);
	assert_int_equal(cur[dialogue].audience, ACCESS_OPEN_PUBLIC);
	assert_int_equal(cur[dialogue].phase, 1);
	assert_int_equal(cur[documents].audience, ACCESS_OPEN_PUBLIC);
	assert_int_equal(cur[documents].phase, 0);
	assert_string_equal(cur[documents].instrument, "");
	assert_int_equal(disclosure_current(s, "DEU", cur, 8, &n), 0);
	assert_int_equal(n, 0);

	/* The effect, through the access module only: an anonymous visitor
	 * reads the phase-1 dialogue and the submitted documents, not the
	 * answers (withdrawn) nor the phase-2 dialogue. */
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	static const char *const rv[] = { "DEU" };
	struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 1,
				   .disclosures = cur, .ndisclosures = n };
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct access_object o = { .review = &r, .instrument = "untoc", .phase = 1,
				   .submitted = 1 };
	assert_true(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o));
	assert_true(access_allowed(&anon, ACCESS_ATTACHMENT_READ, &o));
	assert_false(access_allowed(&anon, ACCESS_RESPONSE_READ, &o));
	assert_false(access_allowed(&anon, ACCESS_DIALOGUE_POST, &o));
	o.phase = 2;
	assert_false(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o));
	assert_true(access_allowed(&anon, ACCESS_ATTACHMENT_READ, &o));
	o.submitted = 0;
	assert_false(access_allowed(&anon, ACCESS_ATTACHMENT_READ, &o));

	/* Append-only. */
	assert_true(store_exec(s, "UPDATE disclosures SET choice = 'public'") != 0);
	assert_true(store_exec(s, "DELETE FROM disclosures") != 0);
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 5);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_current_and_effect),
	};
	return cmocka_run_group_tests_name("disclosure", tests, NULL, NULL);
}
