/* test_workplan.c - the workplan of table 2 and the cohort offsets
 * versioned with the Conference decision that set them (issue 9; R33,
 * R38, appendix B2.1, C1), the version a phase keeps from its start, and
 * C14: a cohort's phase does not open before its scheduled date unless
 * the Conference decides otherwise. */
#include "testutil.h"

#include "core/refdata.h"
#include "review/phase.h"
#include "review/programme.h"
#include "review/workplan.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

/* Reference data and a current draw with FRA, DEU in cohort 1, BRA in 2. */
static struct store *setup(char **dir)
{
	char path[512], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "w");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	exec1(s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		 "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', '', '{}')");
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'FRA', 1), "
		 "(1, 'DEU', 1), (1, 'BRA', 2)");
	return s;
}

static const char v2_stages[] =
	"stage,cluster,first_year,last_year\n0,,1,2\n1,C1,3,4\n2,C3,5,6\n3,C4,7,8\n4,C2,9,11\n";

/* Version 1 is what data/ ships, under resolution 9/1 (R33, B2.1). */
static void test_version_one_is_the_annex(void **state)
{
	(void)state;
	char *dir;
	struct store *s = setup(&dir);
	struct workplan w;
	assert_int_equal(workplan_current(s), 1);
	assert_int_equal(workplan_get(s, 0, &w), 0);
	assert_int_equal(w.version, 1);
	assert_string_equal(w.decision, "resolution 9/1 (annex)");
	static const char *const cl[] = { "", "C1", "C4", "C3", "C2" };
	for (int k = 0; k < WORKPLAN_STAGES; k++) {
		assert_string_equal(w.stage[k].cluster, cl[k]);
		assert_int_equal(w.stage[k].first_year, 2 * k + 1);
		assert_int_equal(w.stage[k].last_year, 2 * k + 2);
	}
	for (int c = 0; c < 3; c++)
		assert_int_equal(w.offset[c], c);
	/* B2.1: cohort 3's phase 4 is years 11-12; the preparatory stage is
	 * common to all cohorts. */
	int a, b;
	workplan_years(&w, 3, 4, &a, &b);
	assert_int_equal(a, 11);
	assert_int_equal(b, 12);
	workplan_years(&w, 3, 0, &a, &b);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(workplan_get(s, 7, &w), 1);
	store_close(s);
	tu_rmdir(dir);
}

/* A new version needs the decision; bad tables are refused with a reason
 * and change nothing (R38). */
static void test_record_checks_and_audits(void **state)
{
	(void)state;
	char *dir, err[700];
	struct store *s = setup(&dir);
	struct workplan w;
	assert_int_equal(workplan_get(s, 0, &w), 0);
	assert_int_equal(workplan_parse(&w, v2_stages, NULL, err, sizeof err), 0);
	w.decision[0] = '\0';
	util_strlcpy(w.decided_on, "2026-10-20", sizeof w.decided_on);
	assert_int_equal(workplan_record(s, &w, "sec", "local", err, sizeof err), -1);
	assert_non_null(strstr(err, "Conference decision"));
	util_strlcpy(w.decision, "CTOC/COP/2026/3", sizeof w.decision);
	util_strlcpy(w.decided_on, "2026-02-30", sizeof w.decided_on);
	assert_int_equal(workplan_record(s, &w, "sec", "local", err, sizeof err), -1);
	assert_non_null(strstr(err, "not a date"));
	util_strlcpy(w.decided_on, "2026-10-20", sizeof w.decided_on);

	struct workplan bad = w;
	assert_int_equal(workplan_parse(&bad, "stage,cluster,first_year,last_year\n0,,1,2\n"
					"1,C1,3,4\n2,C4,4,6\n3,C3,7,8\n4,C2,9,10\n", NULL, err,
					sizeof err), 0);
	assert_int_equal(workplan_record(s, &bad, "sec", "local", err, sizeof err), -1);
	assert_non_null(strstr(err, "before stage 1 ends"));
	bad = w;
	util_strlcpy(bad.stage[3].cluster, "C1", sizeof bad.stage[3].cluster);
	assert_int_equal(workplan_record(s, &bad, "sec", "local", err, sizeof err), -1);
	assert_non_null(strstr(err, "cluster C1 is in phases 1 and 3"));
	bad = w;
	util_strlcpy(bad.stage[3].cluster, "C9", sizeof bad.stage[3].cluster);
	assert_int_equal(workplan_record(s, &bad, "sec", "local", err, sizeof err), -1);
	assert_non_null(strstr(err, "not a cluster of table 1"));
	bad = w;
	assert_int_equal(workplan_parse(&bad, NULL, "cohort,offset_years\n1,0\n2,1\n", err,
					sizeof err), 0);
	assert_int_equal(workplan_record(s, &bad, "sec", "local", err, sizeof err), -1);
	assert_non_null(strstr(err, "cohort 3: no offset"));
	bad = w;
	assert_int_equal(workplan_parse(&bad, "stage,cluster,first_year\n0,,1\n", NULL, err,
					sizeof err), -1);
	assert_non_null(strstr(err, "header"));
	assert_int_equal(workplan_parse(&bad, "stage,cluster,first_year,last_year\n7,,1,2\n",
					NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 2, column 1 (stage)"));
	assert_int_equal(workplan_current(s), 1);
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = ?",
				     "programme.workplan"), 0);

	assert_int_equal(workplan_record(s, &w, "sec", "local", err, sizeof err), 0);
	assert_int_equal(w.version, 2);
	assert_int_equal(workplan_current(s), 2);
	struct workplan back;
	assert_int_equal(workplan_get(s, 2, &back), 0);
	assert_string_equal(back.decision, "CTOC/COP/2026/3");
	assert_string_equal(back.decided_on, "2026-10-20");
	assert_string_equal(back.recorded_by, "sec");
	assert_string_equal(back.stage[2].cluster, "C3");
	assert_int_equal(back.stage[4].last_year, 11);
	/* Version 1 is never changed. */
	assert_int_equal(workplan_get(s, 1, &back), 0);
	assert_string_equal(back.stage[2].cluster, "C4");
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = ?",
				     "programme.workplan"), 1);
	struct buf out = { 0 };
	assert_int_equal(workplan_list(s, &out), 0);
	assert_non_null(strstr(buf_str(&out), "version 2: decision CTOC/COP/2026/3 of 2026-10-20"));
	assert_non_null(strstr(buf_str(&out), "(in force)"));
	buf_free(&out);
	store_close(s);
	tu_rmdir(dir);
}

/* phase_years() and the programme pages follow the version in force; a
 * phase already open keeps the version it started under (R38). */
static void test_phase_keeps_its_version(void **state)
{
	(void)state;
	char *dir, err[700];
	struct store *s = setup(&dir);
	int a, b;
	assert_int_equal(phase_open(s, 1, 1, "sec", NULL, NULL, err, sizeof err), 0);
	assert_int_equal(store_count(s, "SELECT workplan_version FROM cohort_phases WHERE "
				     "cohort = 1 AND phase = 1", NULL), 1);
	struct workplan w;
	assert_int_equal(workplan_get(s, 0, &w), 0);
	/* A decision moves every review phase a year later. */
	assert_int_equal(workplan_parse(&w, "stage,cluster,first_year,last_year\n0,,1,3\n"
					"1,C1,4,5\n2,C4,6,7\n3,C3,8,9\n4,C2,10,11\n", NULL, err,
					sizeof err), 0);
	util_strlcpy(w.decision, "CTOC/COP/2026/3", sizeof w.decision);
	util_strlcpy(w.decided_on, "2026-10-20", sizeof w.decided_on);
	assert_int_equal(workplan_record(s, &w, "sec", "local", err, sizeof err), 0);

	assert_int_equal(phase_years(s, 1, 1, &a, &b, err, sizeof err), 0);
	assert_int_equal(a, 3); /* opened under version 1 */
	assert_int_equal(b, 4);
	assert_int_equal(phase_years(s, 1, 2, &a, &b, err, sizeof err), 0);
	assert_int_equal(a, 6); /* not open: version 2 */
	assert_int_equal(phase_years(s, 2, 1, &a, &b, err, sizeof err), 0);
	assert_int_equal(a, 5);
	assert_int_equal(b, 6);

	struct programme_phase ph[8];
	size_t n;
	assert_int_equal(programme_phases(s, 1, ph, 8, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(ph[0].last_year, 3);
	assert_int_equal(ph[1].first_year, 3);
	assert_int_equal(ph[1].first_cal, programme_start_year(s) + 2);
	assert_int_equal(ph[2].first_year, 6);
	assert_string_equal(ph[4].cluster, "C2");

	assert_int_equal(phase_open(s, 2, 1, "sec", NULL, NULL, err, sizeof err), 0);
	assert_int_equal(store_count(s, "SELECT workplan_version FROM cohort_phases WHERE "
				     "cohort = 2 AND phase = 1", NULL), 2);
	store_close(s);
	tu_rmdir(dir);
}

/* C14: a phase does not open before the 1 January of its first calendar
 * year unless a Conference decision is recorded (reference, date, who). */
static void test_not_before_schedule(void **state)
{
	(void)state;
	char *dir, err[700];
	struct store *s = setup(&dir);
	struct phase_status ps;
	assert_int_equal(programme_set_start_year(s, 2100, err, sizeof err), 0);
	assert_int_equal(phase_open(s, 1, 1, "sec", NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "scheduled from 2102-01-01"));
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM cohort_phases", NULL), 0);
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM review_phase_states", NULL), 0);
	assert_int_equal(phase_open(s, 1, 1, "sec2", "CTOC/COP/2099/1", "2099-10-20", err,
				    sizeof err), 0);
	assert_int_equal(phase_status_get(s, 1, 1, &ps), 0);
	assert_true(ps.started);
	assert_string_equal(ps.decision_ref, "CTOC/COP/2099/1");
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM cohort_phases WHERE decision_by = ? "
				     "AND decision_date = '2099-10-20'", "sec2"), 1);
	/* Cohort 2 too, whose phase 1 is a year later. */
	assert_int_equal(phase_open(s, 2, 1, "sec", NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "scheduled from 2103-01-01"));
	/* On schedule (process year 1 in 2019: phase 1 in 2021-2023), no
	 * decision is needed. */
	assert_int_equal(programme_set_start_year(s, 2019, err, sizeof err), 0);
	assert_int_equal(phase_open(s, 2, 1, "sec", NULL, NULL, err, sizeof err), 0);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_one_is_the_annex),
		cmocka_unit_test(test_record_checks_and_audits),
		cmocka_unit_test(test_phase_keeps_its_version),
		cmocka_unit_test(test_not_before_schedule),
	};
	return cmocka_run_group_tests_name("workplan", tests, NULL, NULL);
}
