/* test_country.c - the country review of a reviewed State (issue 9): its
 * reviewers from the draw after redraws with roles and instruments (R43,
 * R65, para 28 b), the instruments snapshotted when a phase opens (C5) with
 * the UNCAC footnote from the status at that moment (R41, C27) and the
 * empty Firearms cell (R42, C28), the phase states of R90 and their
 * transitions, and the access module's view of it (C47). */
#include "testutil.h"

#include "access/access.h"
#include "core/refdata.h"
#include "review/country.h"
#include "review/phase.h"
#include "store/store.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

#define Z64 "'0000000000000000000000000000000000000000000000000000000000000000'"

/* Reference data and a current draw: FRA and ITA in cohort 1, BRA in
 * cohort 2.  FRA is reviewed by USA (same region, not party to the
 * Firearms Protocol), BRA (other region) and CHE (additional, Firearms
 * only, para 28 b). */
static struct store *setup(char **dir)
{
	char path[600], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "country");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	exec1(s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		 "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', " Z64 ", " Z64
		 ", '', '{}')");
	exec1(s, "INSERT INTO lots_events (id, draw_id, seq, kind, created_at, seed, algorithm, "
		 "inputs, output) VALUES (1, 1, 0, 'lots', '2025-01-01T00:00:00Z', " Z64
		 ", 't', '{}', '{}')");
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'FRA', 1), "
		 "(1, 'ITA', 1), (1, 'BRA', 2)");
	exec1(s, "INSERT INTO lots_assignments (draw_id, event_id, reviewed, reviewer, slot, role, "
		 "instruments, valid_from) VALUES "
		 "(1, 1, 'FRA', 'USA', 0, 'same_region', 'untoc tip som', '2025-01-01'), "
		 "(1, 1, 'FRA', 'BRA', 1, 'other_region', 'untoc tip som firearms', '2025-01-01'), "
		 "(1, 1, 'FRA', 'CHE', 2, 'additional', 'firearms', '2025-01-01'), "
		 "(1, 1, 'ITA', 'DEU', 0, 'same_region', 'untoc tip som firearms', '2025-01-01'), "
		 "(1, 1, 'ITA', 'ARG', 1, 'other_region', 'untoc tip som firearms', '2025-01-01')");
	return s;
}

static void test_reviewers_and_redraws(void **state)
{
	(void)state;
	char *dir;
	struct store *s = setup(&dir);
	struct country_review cr;
	assert_int_equal(country_review_load(s, "FRA", &cr), 1);
	assert_int_equal(cr.cohort, 1);
	assert_int_equal(cr.nreviewers, 3);
	assert_string_equal(cr.reviewers[0].state, "USA");
	assert_string_equal(cr.reviewers[0].role, "same_region");
	assert_string_equal(cr.reviewers[0].instruments, "untoc,tip,som");
	assert_string_equal(cr.reviewers[1].instruments, "untoc,tip,som,firearms");
	assert_string_equal(cr.reviewers[2].role, "additional");
	assert_string_equal(cr.reviewers[2].instruments, "firearms");
	for (int p = 0; p < 4; p++) {
		assert_int_equal(cr.phase_state[p], -1);
		assert_string_equal(cr.instruments[p], "");
	}
	assert_int_equal(cr.nlanguages, 0);
	/* No review: a party outside the draw, an unknown code, a bad one. */
	assert_int_equal(country_review_load(s, "DEU", &cr), 0);
	assert_int_equal(country_review_load(s, "XXX", &cr), 0);
	assert_int_equal(country_review_load(s, "FR", &cr), 0);

	/* A redraw replaces BRA by ARG (para 28 d): the review has the new
	 * reviewer in the old one's role, and the history names both. */
	exec1(s, "UPDATE lots_assignments SET status = 'replaced', valid_to = '2025-03-01' "
		 "WHERE reviewed = 'FRA' AND reviewer = 'BRA'");
	exec1(s, "INSERT INTO lots_events (id, draw_id, seq, kind, created_at, seed, algorithm, "
		 "inputs, output) VALUES (2, 1, 1, 'redraw', '2025-03-01T00:00:00Z', " Z64
		 ", 't', '{}', '{}')");
	exec1(s, "INSERT INTO lots_assignments (draw_id, event_id, reviewed, reviewer, slot, role, "
		 "instruments, valid_from) VALUES (1, 2, 'FRA', 'ARG', 1, 'other_region', "
		 "'untoc tip som firearms', '2025-03-01')");
	exec1(s, "INSERT INTO lots_redraws (draw_id, event_id, reviewed, role, old_reviewer, "
		 "new_reviewer, requested_by, reason, counted, seed, created_at) VALUES (1, 2, 'FRA', "
		 "'other_region', 'BRA', 'ARG', 'FRA', 'language', 1, " Z64 ", '2025-03-01T00:00:00Z')");
	assert_int_equal(country_review_load(s, "FRA", &cr), 1);
	assert_int_equal(cr.nreviewers, 3);
	assert_string_equal(cr.reviewers[1].state, "ARG");
	assert_string_equal(cr.reviewers[1].role, "other_region");
	assert_null(country_reviewer_of(&cr, "BRA"));
	assert_non_null(country_reviewer_of(&cr, "CHE"));
	struct country_redraw *w;
	size_t n;
	assert_int_equal(country_redraws(s, "FRA", &w, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(w[0].old_reviewer, "BRA");
	assert_string_equal(w[0].new_reviewer, "ARG");
	assert_string_equal(w[0].reason, "language");
	free(w);
	assert_int_equal(country_redraws(s, "ITA", &w, &n), 0);
	assert_int_equal(n, 0);
	free(w);

	/* The access module's view: the additional reviewer is in charge of
	 * the Firearms Protocol only (C47), the same-region reviewer of all
	 * but it. */
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	struct access_review ar;
	country_review_access(&cr, &ar, ptrs, sizeof ptrs / sizeof ptrs[0]);
	assert_string_equal(ar.reviewed, "FRA");
	assert_int_equal(ar.nreviewers, 3);
	assert_true(access_review_in_charge(&ar, "CHE", "firearms"));
	assert_false(access_review_in_charge(&ar, "CHE", "tip"));
	assert_false(access_review_in_charge(&ar, "USA", "firearms"));
	assert_true(access_review_in_charge(&ar, "USA", "som"));
	assert_true(access_review_in_charge(&ar, "FRA", "firearms"));
	assert_false(access_review_in_charge(&ar, "BRA", "untoc"));
	assert_int_equal(ar.nphases, 4);
	assert_int_equal(ar.phase_states[0], -1);
	store_close(s);
	tu_rmdir(dir);
}

static int has_article(const int *a, size_t n, int art)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] == art)
			return 1;
	return 0;
}

static void test_snapshots_per_phase(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	struct country_review cr;
	int arts[32];
	size_t n;
	/* Before the phase opens there is nothing to review yet. */
	assert_int_equal(country_phase_articles(s, "FRA", 1, "untoc", arts, 32, &n), 1);
	/* FRA is party to UNCAC (data), ITA is made not to be. */
	exec1(s, "UPDATE parties SET uncac = 0 WHERE code = 'ITA'");
	if (phase_open(s, 1, 1, "sec@example.org", NULL, NULL, err, sizeof err) < 0)
		fail_msg("phase_open: %s", err);
	assert_int_equal(country_review_load(s, "FRA", &cr), 1);
	assert_string_equal(cr.instruments[0], "untoc,tip,som,firearms");
	assert_string_equal(cr.instruments[1], "");
	assert_int_equal(cr.phase_state[0], PHASE_NOT_STARTED);
	assert_int_equal(cr.phase_state[1], -1);
	struct country_snapshot snap;
	assert_int_equal(country_phase_snapshot(s, "FRA", 1, &snap), 1);
	assert_string_equal(snap.cluster, "C1");
	assert_int_equal(snap.uncac, 1);
	assert_int_equal(country_phase_snapshot(s, "BRA", 1, &snap), 0); /* cohort 2 */

	/* Footnote a (C27): Convention articles 8 and 9 only for a State not
	 * party to UNCAC at the phase's start. */
	assert_int_equal(country_phase_articles(s, "FRA", 1, "untoc", arts, 32, &n), 0);
	assert_true(has_article(arts, n, 5));
	assert_true(has_article(arts, n, 23));
	assert_false(has_article(arts, n, 8));
	assert_false(has_article(arts, n, 9));
	assert_int_equal(n, 6);
	assert_int_equal(country_phase_articles(s, "ITA", 1, "untoc", arts, 32, &n), 0);
	assert_true(has_article(arts, n, 8));
	assert_true(has_article(arts, n, 9));
	assert_int_equal(n, 8);
	/* The snapshot, not today's status, decides (C5, C27). */
	exec1(s, "UPDATE parties SET uncac = 1 WHERE code = 'ITA'");
	assert_int_equal(country_phase_articles(s, "ITA", 1, "untoc", arts, 32, &n), 0);
	assert_int_equal(n, 8);
	assert_int_equal(country_phase_articles(s, "FRA", 1, "tip", arts, 32, &n), 0);
	assert_int_equal(n, 2); /* articles 3 and 5 */
	assert_int_equal(country_phase_articles(s, "FRA", 1, "nope", arts, 32, &n), 1);

	/* FRA leaves the Smuggling of Migrants Protocol during phase 1: the
	 * running phase keeps its instruments, the next takes the new set. */
	exec1(s, "DELETE FROM party_instruments WHERE party = 'FRA' AND instrument = 'som'");
	if (phase_open(s, 1, 2, "sec@example.org", "CTOC/COP/2030/1", "2030-10-20", err,
		       sizeof err) < 0)
		fail_msg("phase_open 2: %s", err);
	assert_int_equal(country_review_load(s, "FRA", &cr), 1);
	assert_string_equal(cr.instruments[0], "untoc,tip,som,firearms");
	assert_string_equal(cr.instruments[1], "untoc,tip,firearms");
	/* Phase 3 is law enforcement (C3): the Firearms cell of table 1 is
	 * empty (R42, C28), so the Protocol is not under review there. */
	if (phase_open(s, 1, 3, "sec@example.org", "CTOC/COP/2032/1", "2032-10-20", err,
		       sizeof err) < 0)
		fail_msg("phase_open 3: %s", err);
	assert_int_equal(country_review_load(s, "FRA", &cr), 1);
	assert_string_equal(cr.instruments[2], "untoc,tip");
	assert_int_equal(country_phase_articles(s, "FRA", 3, "firearms", arts, 32, &n), 1);
	assert_int_equal(n, 0);
	/* A phase opened again does not take a second snapshot. */
	assert_int_equal(phase_open(s, 1, 3, "sec@example.org", "X", "2032-10-21", err, sizeof err),
			 -1);
	store_close(s);
	tu_rmdir(dir);
}

static void test_states_and_transitions(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	struct country_review cr;
	if (phase_open(s, 1, 1, "sec@example.org", NULL, NULL, err, sizeof err) < 0)
		fail_msg("phase_open: %s", err);
	assert_int_equal(phase_review_move(s, "FRA", 1, PHASE_QUESTIONNAIRE, "fp@fra.example", "go",
					   err, sizeof err), 0);
	assert_int_equal(phase_review_move(s, "FRA", 1, PHASE_SUSPENDED, "sec@example.org",
					   "para 30", err, sizeof err), 0);
	assert_int_equal(country_review_load(s, "FRA", &cr), 1);
	assert_int_equal(cr.phase_state[0], PHASE_SUSPENDED);
	assert_int_equal(country_review_load(s, "ITA", &cr), 1);
	assert_int_equal(cr.phase_state[0], PHASE_NOT_STARTED);
	struct country_transition *t;
	size_t n;
	assert_int_equal(country_transitions(s, "FRA", &t, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].from, "not_started");
	assert_string_equal(t[0].to, "questionnaire_in_progress");
	assert_string_equal(t[0].by, "fp@fra.example");
	assert_string_equal(t[1].to, "suspended");
	assert_string_equal(t[1].note, "para 30");
	assert_int_equal(t[1].phase, 1);
	free(t);
	store_close(s);
	tu_rmdir(dir);
}

static void test_list_has(void **state)
{
	(void)state;
	assert_true(country_list_has("untoc,tip", "tip"));
	assert_false(country_list_has("untoc,tip", "ti"));
	assert_false(country_list_has("untoc,tip", "som"));
	assert_true(country_list_has("", "som"));
	assert_false(country_list_has("untoc", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reviewers_and_redraws),
		cmocka_unit_test(test_snapshots_per_phase),
		cmocka_unit_test(test_states_and_transitions),
		cmocka_unit_test(test_list_has),
	};
	return cmocka_run_group_tests_name("country", tests, NULL, NULL);
}
