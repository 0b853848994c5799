/* test_phase.c - the programme engine (issue 9): the 70 % gate in integer
 * arithmetic with the denominator frozen at the phase's start (R37, C14),
 * phase years per cohort (B2.1, R34), the state machine of R90 with every
 * transition recorded, a Conference decision opening a phase (R37). */
#include "testutil.h"

#include "core/refdata.h"
#include "review/phase.h"
#include "store/store.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

static const char *const cohort1[] = { "FRA", "DEU", "ITA", "ESP", "PRT", "BEL", "NLD",
				       "AUT", "CHE", "POL" };

/* A database with reference data and a current draw: the ten States above
 * in cohort 1, BRA and ARG in cohort 2. */
static struct store *setup(char **dir)
{
	char path[512], err[600], sql[512];
	*dir = tu_tmpdir();
	snprintf(path, sizeof path, "%s/p.db", *dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	exec1(s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		 "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', '', '{}')");
	for (size_t i = 0; i < sizeof cohort1 / sizeof cohort1[0]; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO lots_reviews (draw_id, reviewed, year) "
			 "VALUES (1, '%s', 1)", cohort1[i]);
		exec1(s, sql);
	}
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'BRA', 2), "
		 "(1, 'ARG', 2)");
	return s;
}

static void test_gate_arithmetic(void **state)
{
	(void)state;
	assert_true(phase_gate_open(10, 7));
	assert_false(phase_gate_open(10, 6));
	assert_false(phase_gate_open(3, 2));  /* 66.7 % */
	assert_true(phase_gate_open(3, 3));
	assert_true(phase_gate_open(7, 5));   /* 71.4 % */
	assert_false(phase_gate_open(1000, 699));
	assert_true(phase_gate_open(1000, 700));
	assert_true(phase_gate_open(0, 0));
	assert_false(phase_gate_open(64, 44)); /* 68.75 %: no rounding up */
	assert_true(phase_gate_open(64, 45));
}

static void test_years_per_cohort(void **state)
{
	(void)state;
	char *dir, err[256];
	struct store *s = setup(&dir);
	int first, last;
	static const int want[3][4][2] = {
		{ { 3, 4 }, { 5, 6 }, { 7, 8 }, { 9, 10 } },
		{ { 4, 5 }, { 6, 7 }, { 8, 9 }, { 10, 11 } },
		{ { 5, 6 }, { 7, 8 }, { 9, 10 }, { 11, 12 } },
	};
	for (int c = 1; c <= 3; c++)
		for (int p = 1; p <= 4; p++) {
			assert_int_equal(phase_years(s, c, p, &first, &last, err, sizeof err), 0);
			assert_int_equal(first, want[c - 1][p - 1][0]);
			assert_int_equal(last, want[c - 1][p - 1][1]);
		}
	assert_int_equal(phase_years(s, 4, 1, &first, &last, err, sizeof err), -1);
	assert_int_equal(phase_years(s, 1, 5, &first, &last, err, sizeof err), -1);
	assert_non_null(strstr(err, "phases 1-4"));
	store_close(s);
	tu_rmdir(dir);
}

static void test_state_machine(void **state)
{
	(void)state;
	for (int st = PHASE_NOT_STARTED; st < PHASE_SUMMARY_AGREED; st++) {
		assert_true(phase_transition_allowed(st, st + 1, -1));
		assert_false(phase_transition_allowed(st, st + 2 <= PHASE_SUMMARY_AGREED ? st + 2 : st, -1));
		assert_string_equal(phase_state_name(phase_state_parse(phase_state_name(st))),
				    phase_state_name(st));
	}
	assert_false(phase_transition_allowed(PHASE_DIALOGUE, PHASE_RESPONSES, -1)); /* no way back */
	assert_true(phase_transition_allowed(PHASE_DIALOGUE, PHASE_SUSPENDED, -1));
	assert_false(phase_transition_allowed(PHASE_LIST_AGREED, PHASE_SUSPENDED, -1));
	assert_true(phase_transition_allowed(PHASE_SUSPENDED, PHASE_DIALOGUE, PHASE_DIALOGUE));
	assert_false(phase_transition_allowed(PHASE_SUSPENDED, PHASE_DRAFT_LIST, PHASE_DIALOGUE));
	assert_int_equal(phase_state_parse("finished"), -1);
	assert_true(phase_state_completed(PHASE_LIST_AGREED));
	assert_true(phase_state_completed(PHASE_SUMMARY_AGREED));
	assert_false(phase_state_completed(PHASE_DRAFT_LIST));
}

/* Takes a review from not_started to list_agreed, one step at a time. */
static void complete(struct store *s, const char *code, int phase)
{
	char err[256];
	for (int st = PHASE_QUESTIONNAIRE; st <= PHASE_LIST_AGREED; st++)
		if (phase_review_move(s, code, phase, st, "sec@example.org", "", err, sizeof err) < 0)
			fail_msg("%s -> %s: %s", code, phase_state_name(st), err);
}

static void test_gate_between_phases(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	struct phase_status ps;
	assert_int_equal(phase_open(s, 1, 2, "sec", NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "not been opened"));
	assert_int_equal(phase_open(s, 1, 1, "sec", NULL, NULL, err, sizeof err), 0);
	assert_int_equal(phase_open(s, 1, 1, "sec", NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "already open"));
	assert_int_equal(phase_status_get(s, 1, 1, &ps), 0);
	assert_int_equal(ps.planned, 10);
	assert_int_equal(ps.completed, 0);
	assert_int_equal(phase_review_state(s, "FRA", 1), PHASE_NOT_STARTED);
	assert_int_equal(phase_review_state(s, "BRA", 1), -1); /* cohort 2: not open */

	/* Skipping a state is refused and changes nothing. */
	assert_int_equal(phase_review_move(s, "FRA", 1, PHASE_RESPONSES, "sec", "", err,
					   sizeof err), -1);
	assert_non_null(strstr(err, "cannot go to responses_submitted"));
	assert_int_equal(phase_review_state(s, "FRA", 1), PHASE_NOT_STARTED);

	for (int i = 0; i < 6; i++)
		complete(s, cohort1[i], 1);
	assert_int_equal(phase_status_get(s, 1, 1, &ps), 0);
	assert_int_equal(ps.completed, 6);
	assert_int_equal(ps.permille, 600);
	assert_int_equal(phase_open(s, 1, 2, "sec", NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "6 of 10 reviews completed (60.0 %)"));

	/* The denominator is frozen at the phase's start: a review added to
	 * the cohort afterwards does not move the gate. */
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'SWE', 1)");
	complete(s, cohort1[6], 1);
	assert_int_equal(phase_status_get(s, 1, 1, &ps), 0);
	assert_int_equal(ps.planned, 10);
	assert_int_equal(ps.completed, 7);
	assert_int_equal(phase_open(s, 1, 2, "sec", NULL, NULL, err, sizeof err), 0);
	assert_int_equal(phase_status_get(s, 1, 2, &ps), 0);
	assert_int_equal(ps.planned, 11);
	assert_false(ps.decision);
	/* Unfinished reviews of phase 1 continue (R46). */
	assert_int_equal(phase_review_move(s, cohort1[8], 1, PHASE_QUESTIONNAIRE, "sec", "", err,
					   sizeof err), 0);

	/* Every transition is recorded with who and when. */
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM review_transitions WHERE reviewed = ?",
				     "FRA"), 6);
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM review_transitions WHERE by_whom = ?",
				     "sec@example.org"), 42);
	store_close(s);
	tu_rmdir(dir);
}

static void test_conference_decision_and_suspension(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	struct phase_status ps;
	assert_int_equal(phase_open(s, 2, 1, "sec", NULL, NULL, err, sizeof err), 0);
	assert_int_equal(phase_open(s, 2, 2, "sec", "decision 12/3", "2032-10-1", err, sizeof err), -1);
	assert_non_null(strstr(err, "date"));
	assert_int_equal(phase_open(s, 2, 2, "sec", "decision 12/3", "2032-10-17", err, sizeof err), 0);
	assert_int_equal(phase_status_get(s, 2, 2, &ps), 0);
	assert_true(ps.decision);
	assert_string_equal(ps.decision_ref, "decision 12/3");
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM cohort_phases WHERE decision_by = ?",
				     "sec"), 1);
	/* Cohort 3 has no reviews: nothing to open. */
	assert_int_equal(phase_open(s, 3, 1, "sec", NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "no reviews"));

	/* Suspension (para 30) and resumption where it stopped. */
	assert_int_equal(phase_review_move(s, "BRA", 1, PHASE_QUESTIONNAIRE, "fp", "", err, sizeof err), 0);
	assert_int_equal(phase_review_move(s, "BRA", 1, PHASE_SUSPENDED, "sec", "reviewer replaced",
					   err, sizeof err), 0);
	assert_int_equal(phase_review_move(s, "BRA", 1, PHASE_RESPONSES, "fp", "", err, sizeof err), -1);
	assert_int_equal(phase_review_move(s, "BRA", 1, PHASE_QUESTIONNAIRE, "sec", "", err,
					   sizeof err), 0);
	assert_int_equal(phase_review_state(s, "BRA", 1), PHASE_QUESTIONNAIRE);
	assert_int_equal(phase_review_move(s, "BRA", 1, PHASE_RESPONSES, "", "", err, sizeof err), -1);
	assert_non_null(strstr(err, "named"));
	store_close(s);
	tu_rmdir(dir);
}

/* phase_advance in its own transaction, as the domain writers call it. */
static int advance(struct store *s, const char *code, enum phase_state to)
{
	assert_int_equal(store_begin(s), 0);
	int r = phase_advance(s, code, 1, to, "rev@example.org");
	if (r < 0)
		fail_msg("phase_advance %s -> %s: %s", code, phase_state_name(to), store_errmsg(s));
	assert_int_equal(store_commit(s), 0);
	return r;
}

static long transitions(struct store *s, const char *code, const char *from, const char *to)
{
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM review_transitions WHERE reviewed = ? "
		 "AND phase = 1 AND from_state = '%s' AND to_state = '%s' AND by_whom = "
		 "'rev@example.org' AND at <> '' AND note <> ''", from, to);
	return store_count(s, sql, code);
}

/* R90: the state machine follows the work, forward only, idempotent,
 * skipping states only where the work allows it. */
static void test_advance_follows_the_work(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	assert_int_equal(phase_open(s, 1, 1, "sec", NULL, NULL, err, sizeof err), 0);
	/* Nothing before the responses are submitted: a message in a thread
	 * open from the phase's start, or a list, moves nothing. */
	assert_int_equal(advance(s, "FRA", PHASE_DIALOGUE), 0);
	assert_int_equal(advance(s, "FRA", PHASE_DRAFT_LIST), 0);
	assert_int_equal(advance(s, "FRA", PHASE_OBSERVATIONS), 0);
	assert_int_equal(phase_review_state(s, "FRA", 1), PHASE_NOT_STARTED);
	assert_int_equal(advance(s, "BRA", PHASE_OBSERVATIONS), 0); /* no state: phase not open */
	assert_int_equal(phase_review_state(s, "BRA", 1), -1);
	complete(s, "FRA", 1); /* FRA at list_agreed, by the Secretariat's moves */
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(phase_review_move(s, cohort1[i], 1, PHASE_QUESTIONNAIRE, "fp", "",
						   err, sizeof err), 0);
		assert_int_equal(phase_review_move(s, cohort1[i], 1, PHASE_RESPONSES, "fp", "", err,
						   sizeof err), 0);
	}
	/* DEU: observation, a second one, the reply, the list, its agreement. */
	assert_int_equal(advance(s, "DEU", PHASE_DIALOGUE), 0); /* no observation yet */
	assert_int_equal(phase_review_state(s, "DEU", 1), PHASE_RESPONSES);
	assert_int_equal(advance(s, "DEU", PHASE_OBSERVATIONS), 1);
	assert_int_equal(advance(s, "DEU", PHASE_OBSERVATIONS), 0);
	assert_int_equal(phase_review_state(s, "DEU", 1), PHASE_OBSERVATIONS);
	assert_int_equal(advance(s, "DEU", PHASE_SUMMARY_AGREED), 0); /* no agreed list */
	assert_int_equal(advance(s, "DEU", PHASE_DIALOGUE), 1);
	assert_int_equal(advance(s, "DEU", PHASE_OBSERVATIONS), 0); /* never backwards */
	assert_int_equal(phase_review_state(s, "DEU", 1), PHASE_DIALOGUE);
	assert_int_equal(advance(s, "DEU", PHASE_DRAFT_LIST), 1);
	assert_int_equal(advance(s, "DEU", PHASE_DIALOGUE), 0);
	assert_int_equal(advance(s, "DEU", PHASE_LIST_AGREED), 1);
	assert_int_equal(phase_review_state(s, "DEU", 1), PHASE_LIST_AGREED);
	assert_int_equal(advance(s, "DEU", PHASE_SUMMARY_AGREED), 1);
	assert_int_equal(phase_review_state(s, "DEU", 1), PHASE_SUMMARY_AGREED);
	assert_int_equal(advance(s, "DEU", PHASE_LIST_AGREED), 0);
	assert_int_equal(transitions(s, "DEU", "responses_submitted", "observations_submitted"), 1);
	assert_int_equal(transitions(s, "DEU", "observations_submitted", "dialogue"), 1);
	assert_int_equal(transitions(s, "DEU", "dialogue", "draft_list"), 1);
	assert_int_equal(transitions(s, "DEU", "draft_list", "list_agreed"), 1);
	assert_int_equal(transitions(s, "DEU", "list_agreed", "summary_agreed"), 1);
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM review_transitions WHERE "
				     "reviewed = ? AND by_whom = 'rev@example.org'", "DEU"), 5);

	/* ITA: the reviewers go straight to the list: one transition that
	 * skips forward; then the dialogue cannot take it back. */
	assert_int_equal(advance(s, "ITA", PHASE_DRAFT_LIST), 1);
	assert_int_equal(transitions(s, "ITA", "responses_submitted", "draft_list"), 1);
	assert_int_equal(advance(s, "ITA", PHASE_OBSERVATIONS), 0);
	assert_int_equal(advance(s, "ITA", PHASE_DIALOGUE), 0);
	assert_int_equal(phase_review_state(s, "ITA", 1), PHASE_DRAFT_LIST);
	/* Its summary was agreed by every party before its list: reaching
	 * list_agreed goes on to summary_agreed. */
	exec1(s, "INSERT INTO summaries (id, reviewed, phase, drafting, created_at, created_by) "
		 "VALUES (1, 'ITA', 1, 'en', '2026-01-01T00:00:00Z', 'sec')");
	exec1(s, "INSERT INTO summary_parties (summary_id, party, is_reviewed) VALUES "
		 "(1, 'ITA', 1), (1, 'FRA', 0)");
	exec1(s, "INSERT INTO summary_langs (summary_id, lang, status, version, based_on, "
		 "updated_at, updated_by) VALUES (1, 'en', 'original', 2, 0, "
		 "'2026-01-01T00:00:00Z', 'sec')");
	exec1(s, "INSERT INTO summary_agreements (summary_id, party, version, at, by_whom) VALUES "
		 "(1, 'ITA', 2, '2026-01-02T00:00:00Z', 'a'), (1, 'FRA', 1, "
		 "'2026-01-02T00:00:00Z', 'b')");
	assert_int_equal(advance(s, "ITA", PHASE_LIST_AGREED), 1); /* FRA agreed to v1 only */
	assert_int_equal(phase_review_state(s, "ITA", 1), PHASE_LIST_AGREED);
	assert_int_equal(phase_review_move(s, "ESP", 1, PHASE_OBSERVATIONS, "x", "", err,
					   sizeof err), 0);
	exec1(s, "INSERT INTO summaries (id, reviewed, phase, drafting, created_at, created_by) "
		 "VALUES (2, 'ESP', 1, 'fr', '2026-01-01T00:00:00Z', 'sec')");
	exec1(s, "INSERT INTO summary_parties (summary_id, party, is_reviewed) VALUES "
		 "(2, 'ESP', 1), (2, 'FRA', 0)");
	exec1(s, "INSERT INTO summary_langs (summary_id, lang, status, version, based_on, "
		 "updated_at, updated_by) VALUES (2, 'fr', 'original', 1, 0, "
		 "'2026-01-01T00:00:00Z', 'sec')");
	exec1(s, "INSERT INTO summary_agreements (summary_id, party, version, at, by_whom) VALUES "
		 "(2, 'ESP', 1, '2026-01-02T00:00:00Z', 'a'), (2, 'FRA', 1, "
		 "'2026-01-02T00:00:00Z', 'b')");
	assert_int_equal(advance(s, "ESP", PHASE_LIST_AGREED), 1);
	assert_int_equal(phase_review_state(s, "ESP", 1), PHASE_SUMMARY_AGREED);
	assert_int_equal(transitions(s, "ESP", "observations_submitted", "list_agreed"), 1);
	assert_int_equal(transitions(s, "ESP", "list_agreed", "summary_agreed"), 1);

	/* A suspended review (para 30) is left for the Secretariat to resume. */
	assert_int_equal(phase_review_move(s, "PRT", 1, PHASE_QUESTIONNAIRE, "fp", "", err,
					   sizeof err), 0);
	assert_int_equal(phase_review_move(s, "PRT", 1, PHASE_RESPONSES, "fp", "", err,
					   sizeof err), 0);
	assert_int_equal(phase_review_move(s, "PRT", 1, PHASE_SUSPENDED, "sec", "replaced", err,
					   sizeof err), 0);
	assert_int_equal(advance(s, "PRT", PHASE_OBSERVATIONS), 0);
	assert_int_equal(phase_review_state(s, "PRT", 1), PHASE_SUSPENDED);
	/* Only the work's own steps: none moves to suspended or not_started. */
	assert_int_equal(advance(s, "AUT", PHASE_SUSPENDED), 0);
	assert_int_equal(phase_advance_from(PHASE_NOT_STARTED), -1);
	/* The observations stay due until the list is drafted (para 35). */
	assert_false(phase_state_observing(PHASE_QUESTIONNAIRE));
	assert_true(phase_state_observing(PHASE_RESPONSES));
	assert_true(phase_state_observing(PHASE_DIALOGUE));
	assert_false(phase_state_observing(PHASE_DRAFT_LIST));
	assert_false(phase_state_observing(PHASE_SUSPENDED));
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_arithmetic),
		cmocka_unit_test(test_years_per_cohort),
		cmocka_unit_test(test_state_machine),
		cmocka_unit_test(test_gate_between_phases),
		cmocka_unit_test(test_conference_decision_and_suspension),
		cmocka_unit_test(test_advance_follows_the_work),
	};
	return cmocka_run_group_tests_name("phase", tests, NULL, NULL);
}
