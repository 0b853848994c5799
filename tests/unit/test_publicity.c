/* test_publicity.c - each State's setting for the directory of focal
 * points and experts (issue 9; paras 18, 27; C44): the default, bad input
 * refused with nothing written, the log with who, when and the reference,
 * the setting in force (the latest per State), the log append-only, and
 * the access module showing a State's entries by it. */
#include "testutil.h"

#include "access/access.h"
#include "core/refdata.h"
#include "review/publicity.h"
#include "store/store.h"

static void test_setting_log_and_effect(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[600], longref[260];
	tu_db(path, sizeof path, dir, "p");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);

	/* The default: States parties only, nothing recorded. */
	struct publicity_entry p;
	assert_int_equal(publicity_get(s, "FRA", &p), 0);
	assert_int_equal(p.publicity, ACCESS_PUBLICITY_STATES);
	assert_int_equal(p.id, 0);
	assert_string_equal(publicity_name(p.publicity), "states_parties");
	assert_int_equal(publicity_parse("public"), ACCESS_PUBLICITY_PUBLIC);
	assert_int_equal(publicity_parse("Public"), -1);
	assert_int_equal(publicity_parse(NULL), -1);

	/* Bad input: refused, said, nothing written. */
	assert_int_equal(publicity_set(s, "FRA", "everyone", "", 3, "fp@fra", err, sizeof err), -1);
	assert_non_null(strstr(err, "states_parties or public"));
	assert_int_equal(publicity_set(s, "FRA", NULL, "", 3, "fp@fra", err, sizeof err), -1);
	assert_int_equal(publicity_set(s, "ZZZ", "public", "", 3, "fp@fra", err, sizeof err), -1);
	assert_non_null(strstr(err, "ZZZ is not a State party"));
	assert_int_equal(publicity_set(s, "FR", "public", "", 3, "fp@fra", err, sizeof err), -1);
	memset(longref, 'x', 201);
	longref[201] = '\0';
	assert_int_equal(publicity_set(s, "FRA", "public", longref, 1, "sec", err, sizeof err), -1);
	assert_non_null(strstr(err, "at most 200 bytes"));
	assert_int_equal(publicity_set(s, "FRA", "public", "NV\n2", 1, "sec", err, sizeof err), -1);
	assert_int_equal(publicity_set(s, "FRA", "public", "\xff", 1, "sec", err, sizeof err), -1);
	assert_int_equal(store_count(s, "SELECT count(*) FROM directory_publicity", NULL), 0);

	/* Changes: FRA public by the Secretariat on request, then back by its
	 * focal point; DEU public. */
	assert_int_equal(publicity_set(s, "FRA", "public", "NV/2026/17", 1, "sec@un", err,
				       sizeof err), 0);
	assert_int_equal(publicity_set(s, "FRA", "states_parties", NULL, 3, "fp@fra", err,
				       sizeof err), 0);
	assert_int_equal(publicity_set(s, "DEU", "public", "", 12, "fp@deu", err, sizeof err), 0);
	assert_int_equal(publicity_get(s, "FRA", &p), 1);
	assert_int_equal(p.publicity, ACCESS_PUBLICITY_STATES);
	assert_string_equal(p.by, "fp@fra");
	assert_int_equal(p.by_id, 3);
	assert_non_null(strchr(p.at, 'T'));
	struct publicity_entry *h = NULL, *cur = NULL;
	size_t n = 0, nc = 0;
	assert_int_equal(publicity_history(s, "FRA", &h, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].reference, "NV/2026/17");
	assert_string_equal(h[0].by, "sec@un");
	assert_int_equal(h[0].publicity, ACCESS_PUBLICITY_PUBLIC);
	assert_string_equal(h[1].reference, "");
	free(h);
	assert_int_equal(publicity_current(s, &cur, &nc), 0);
	assert_int_equal(nc, 2);
	assert_string_equal(cur[0].state, "DEU");
	assert_int_equal(publicity_of(cur, nc, "DEU"), ACCESS_PUBLICITY_PUBLIC);
	assert_int_equal(publicity_of(cur, nc, "FRA"), ACCESS_PUBLICITY_STATES);
	assert_int_equal(publicity_of(cur, nc, "ITA"), ACCESS_PUBLICITY_STATES);

	/* The effect is access/'s: an anonymous caller sees DEU's entries,
	 * not FRA's; a State party's expert both. */
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct account ex = { .id = 4, .role = ROLE_EXPERT, .state = "ITA" };
	struct access_actor exa = { ACCESS_SIGNED_IN, &ex, 0 };
	const char *st[] = { "DEU", "FRA" };
	for (int i = 0; i < 2; i++) {
		struct access_object o = { .state = st[i], .publicity = publicity_of(cur, nc, st[i]) };
		assert_int_equal(access_allowed(&anon, ACCESS_DIRECTORY_STATE_READ, &o), i == 0);
		assert_true(access_allowed(&exa, ACCESS_DIRECTORY_STATE_READ, &o));
	}
	free(cur);

	/* Append-only. */
	assert_true(store_exec(s, "UPDATE directory_publicity SET setting = 'public'") != 0);
	assert_true(store_exec(s, "DELETE FROM directory_publicity") != 0);
	assert_int_equal(store_count(s, "SELECT count(*) FROM directory_publicity", NULL), 3);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setting_log_and_effect),
	};
	return cmocka_run_group_tests_name("publicity", tests, NULL, NULL);
}
