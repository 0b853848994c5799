/* test_overview.c - the Secretariat's overview (issue 10, R140): counts
 * per cohort, phase and R90 state from the current draw, with the gate's
 * figures; CSV.  No State named, nothing ranked. */
#include "testutil.h"

#include "core/refdata.h"
#include "review/overview.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

static const char *const cohort1[] = { "FRA", "DEU", "ITA", "ESP", "PRT", "BEL", "NLD",
				       "AUT", "CHE", "POL" };

static void test_counts_and_csv(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[600], sql[512];
	tu_db(path, sizeof path, dir, "o");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);

	struct overview o;
	assert_int_equal(overview_load(s, &o), 0);
	assert_false(o.available);
	assert_int_equal(o.cell[0][0].reviews, 0);

	exec1(s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		 "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', '', '{}')");
	for (size_t i = 0; i < sizeof cohort1 / sizeof cohort1[0]; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO lots_reviews (draw_id, reviewed, year) "
			 "VALUES (1, '%s', 1)", cohort1[i]);
		exec1(s, sql);
	}
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'BRA', 2)");
	assert_int_equal(phase_open(s, 1, 1, "sec@example.org", NULL, NULL, err, sizeof err), 0);
	/* Two reviews move on; one of them to the end of the list step. */
	static const enum phase_state path_fra[] = { PHASE_QUESTIONNAIRE, PHASE_RESPONSES,
		PHASE_OBSERVATIONS, PHASE_DIALOGUE, PHASE_DRAFT_LIST, PHASE_LIST_AGREED };
	for (size_t i = 0; i < sizeof path_fra / sizeof path_fra[0]; i++)
		if (phase_review_move(s, "FRA", 1, path_fra[i], "t", "", err, sizeof err) < 0)
			fail_msg("FRA: %s", err);
	assert_int_equal(phase_review_move(s, "DEU", 1, PHASE_QUESTIONNAIRE, "t", "", err,
					   sizeof err), 0);

	assert_int_equal(overview_load(s, &o), 0);
	assert_true(o.available);
	const struct overview_cell *c = &o.cell[0][0];
	assert_int_equal(c->reviews, 10);
	assert_int_equal(c->count[PHASE_NOT_STARTED], 8);
	assert_int_equal(c->count[PHASE_QUESTIONNAIRE], 1);
	assert_int_equal(c->count[PHASE_LIST_AGREED], 1);
	assert_int_equal(c->none, 0);
	assert_true(c->gate.started);
	assert_int_equal(c->gate.planned, 10);
	assert_int_equal(c->gate.completed, 1);
	assert_int_equal(c->gate.permille, 100);
	/* Cohort 2 is drawn but its phase 1 is not open: one review, no state. */
	assert_int_equal(o.cell[1][0].reviews, 1);
	assert_int_equal(o.cell[1][0].none, 1);
	assert_false(o.cell[1][0].gate.started);
	assert_int_equal(o.cell[0][1].none, 10);

	struct buf b = { 0 };
	overview_csv(&o, &b);
	const char *csv = buf_str(&b);
	assert_non_null(strstr(csv, "cohort,phase,reviews,planned,completed,percent,not_started,"));
	assert_non_null(strstr(csv, "\r\n1,1,10,10,1,10.0,8,1,0,0,0,0,1,0,0,0\r\n"));
	assert_non_null(strstr(csv, "\r\n2,1,1,,,,0,0,0,0,0,0,0,0,0,1\r\n"));
	assert_null(strstr(csv, "FRA")); /* counts only: no State named */
	int lines = 0;
	for (const char *p = csv; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 13);
	buf_free(&b);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
