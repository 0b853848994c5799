/* test_people.c - the people of the country reviews and their
 * consultations (issue 9): one focal point at a time and the Permanent
 * Representative until then (para 18, R17-R18), experts with instruments
 * their State is party to (para 27, R19), shares of a review within a
 * reviewer's charge (para 32, R20, para 28 b), deadlines from the cohort's
 * launch with notices queued once (2 and 4 weeks), the directory (C44),
 * and consultations: one or two languages, three only exceptionally, never
 * four; the responses deadline within six months of the phase's opening
 * (R83-R85, C12).  Refusals change nothing. */
#include "testutil.h"

#include "accounts/account.h"
#include "core/refdata.h"
#include "review/consult.h"
#include "review/country.h"
#include "review/people.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/util.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

#define Z64 "'0000000000000000000000000000000000000000000000000000000000000000'"

static void user(struct store *s, const char *email, const char *role, const char *state)
{
	char err[256];
	if (account_create(s, email, role, state, NULL, err, sizeof err) <= 0)
		fail_msg("account_create %s: %s", email, err);
}

/* FRA (cohort 1) reviewed by USA (same region, not party to the Firearms
 * Protocol), BRA, and CHE (additional, Firearms only). */
static struct store *setup(char **dir)
{
	char path[600], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "people");
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
		 "(1, 'BRA', 2)");
	exec1(s, "INSERT INTO lots_assignments (draw_id, event_id, reviewed, reviewer, slot, role, "
		 "instruments, valid_from) VALUES "
		 "(1, 1, 'FRA', 'USA', 0, 'same_region', 'untoc tip som', '2025-01-01'), "
		 "(1, 1, 'FRA', 'BRA', 1, 'other_region', 'untoc tip som firearms', '2025-01-01'), "
		 "(1, 1, 'FRA', 'CHE', 2, 'additional', 'firearms', '2025-01-01')");
	user(s, "fp@fra.example", "focal_point", "FRA");
	user(s, "fp2@fra.example", "focal_point", "FRA");
	user(s, "ex@fra.example", "expert", "FRA");
	user(s, "ob@fra.example", "observer", "FRA");
	user(s, "ex@usa.example", "expert", "USA");
	user(s, "ex2@usa.example", "expert", "USA");
	user(s, "fp@usa.example", "focal_point", "USA");
	return s;
}

static long long count(struct store *s, const char *sql, const char *arg)
{
	return store_count(s, sql, arg);
}

static void test_focal_point_and_representative(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	struct people_contact c;
	assert_int_equal(people_contact(s, "FRA", &c), 0);
	/* Bad input is refused with a reason, and stores nothing. */
	assert_int_equal(people_representative_set(s, "FRA", "Amb. X", "not-mail", "fr", "sec",
						   err, sizeof err), -1);
	assert_non_null(strstr(err, "e-mail"));
	assert_int_equal(people_representative_set(s, "FRA", "Amb. X", "pr@fra.example", "de",
						   "sec", err, sizeof err), -1);
	assert_int_equal(people_representative_set(s, "XXX", "Amb. X", "pr@x.example", "fr",
						   "sec", err, sizeof err), -1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM representatives", NULL), 0);
	assert_int_equal(people_representative_set(s, "FRA", "Amb. Dupont", "PR@fra.example", "fr",
						   "sec@un.example", err, sizeof err), 0);
	/* R18: until a focal point is named, the representative, temporary. */
	assert_int_equal(people_contact(s, "FRA", &c), 1);
	assert_string_equal(c.email, "pr@fra.example");
	assert_string_equal(c.lang, "fr");
	assert_true(c.temporary);

	/* Only a focal-point account of the State can be named. */
	assert_int_equal(people_focal_name(s, "FRA", "ex@fra.example", "sec", err, sizeof err), -1);
	assert_int_equal(people_focal_name(s, "FRA", "fp@usa.example", "sec", err, sizeof err), -1);
	assert_int_equal(people_focal_name(s, "FRA", "nobody@fra.example", "sec", err, sizeof err),
			 -1);
	assert_int_equal(people_focal_name(s, "FRA", "FP@fra.example", "sec", err, sizeof err), 0);
	assert_int_equal(people_contact(s, "FRA", &c), 1);
	assert_string_equal(c.email, "fp@fra.example");
	assert_false(c.temporary);
	/* One at a time (para 18): a second is refused, the first stays. */
	assert_int_equal(people_focal_name(s, "FRA", "fp2@fra.example", "sec", err, sizeof err), -1);
	assert_non_null(strstr(err, "one at a time"));
	assert_int_equal(people_contact(s, "FRA", &c), 1);
	assert_string_equal(c.email, "fp@fra.example");
	assert_int_equal(people_focal_end(s, "FRA", "sec", err, sizeof err), 0);
	assert_int_equal(people_focal_end(s, "FRA", "sec", err, sizeof err), -1);
	assert_int_equal(people_contact(s, "FRA", &c), 1);
	assert_true(c.temporary);
	assert_int_equal(people_focal_name(s, "FRA", "fp2@fra.example", "sec", err, sizeof err), 0);
	/* Every change is recorded with who made it. */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM people_events WHERE state = ?", "FRA"), 4);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM people_events WHERE by_whom = ?",
			       "sec@un.example"), 1);
	struct people_state ps;
	assert_int_equal(people_load(s, "FRA", "2030-01-01T00:00:00Z", &ps), 0);
	assert_true(ps.has_focal);
	assert_string_equal(ps.focal.email, "fp2@fra.example");
	assert_true(ps.has_rep);
	assert_int_equal(ps.nobservers, 1);
	assert_string_equal(ps.observers[0].email, "ob@fra.example");
	assert_string_equal(ps.launched, ""); /* no cohort launched yet */
	people_state_free(&ps);
	assert_int_equal(people_load(s, "XXX", NULL, &ps), 1);
	store_close(s);
	tu_rmdir(dir);
}

static void test_experts_and_tasks(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	/* The USA is not party to the Firearms Protocol: refused, nothing
	 * named and its instruments unchanged. */
	assert_int_equal(people_expert_name(s, "USA", "ex@usa.example", "untoc,firearms", "fp", err,
					    sizeof err), -1);
	assert_non_null(strstr(err, "not party"));
	assert_int_equal(count(s, "SELECT COUNT(*) FROM experts", NULL), 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM users WHERE instruments <> ''", NULL), 0);
	assert_int_equal(people_expert_name(s, "USA", "ex@fra.example", "", "fp", err, sizeof err),
			 -1);
	assert_int_equal(people_expert_name(s, "USA", "ex@usa.example", "tip,untoc", "fp", err,
					    sizeof err), 0);
	assert_int_equal(people_expert_name(s, "USA", "ex2@usa.example", "", "fp", err, sizeof err),
			 0);
	struct people_state ps;
	assert_int_equal(people_load(s, "USA", NULL, &ps), 0);
	assert_int_equal(ps.nexperts, 2);
	assert_string_equal(ps.experts[1].instruments, "untoc,tip"); /* by e-mail */
	assert_string_equal(ps.experts[0].instruments, "");
	people_state_free(&ps);

	/* Shares of FRA's review (R20) within the USA's charge (para 28 b). */
	assert_int_equal(people_task_add(s, "FRA", "USA", "ex@usa.example", "firearms", "", 0, "fp",
					 err, sizeof err), -1);
	assert_non_null(strstr(err, "in charge"));
	assert_int_equal(people_task_add(s, "FRA", "USA", "ex@usa.example", "som", "", 0, "fp", err,
					 sizeof err), -1); /* the expert does not act for som */
	assert_int_equal(people_task_add(s, "FRA", "USA", "ex@usa.example", "untoc", "C1", 99, "fp",
					 err, sizeof err), -1);
	assert_int_equal(people_task_add(s, "FRA", "USA", "ex@usa.example", "untoc", "C9", 0, "fp",
					 err, sizeof err), -1);
	assert_int_equal(people_task_add(s, "BRA", "USA", "ex@usa.example", "untoc", "", 0, "fp",
					 err, sizeof err), -1); /* the USA does not review BRA */
	assert_int_equal(people_task_add(s, "FRA", "USA", "ex@usa.example", "untoc", "C1", 5, "fp",
					 err, sizeof err), 0);
	assert_int_equal(people_task_add(s, "FRA", "USA", "ex@usa.example", "untoc", "C1", 5, "fp",
					 err, sizeof err), -1);
	assert_int_equal(people_task_add(s, "FRA", "USA", "ex2@usa.example", "som", "", 0, "fp", err,
					 sizeof err), 0);
	struct people_task *t;
	size_t n;
	assert_int_equal(people_tasks(s, "FRA", &t, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].email, "ex2@usa.example");
	assert_string_equal(t[1].cluster, "C1");
	assert_int_equal(t[1].article, 5);
	int64_t id = t[1].id;
	free(t);
	assert_int_equal(people_task_remove(s, id, "FRA", "fp", err, sizeof err), -1);
	assert_int_equal(people_task_remove(s, id, "USA", "fp", err, sizeof err), 0);
	/* Removing an expert removes its shares. */
	assert_int_equal(people_expert_remove(s, "USA", "ex2@usa.example", "fp", err, sizeof err), 0);
	assert_int_equal(people_expert_remove(s, "USA", "ex2@usa.example", "fp", err, sizeof err), -1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM expert_tasks", NULL), 0);

	/* The directory: focal points (or representatives, temporary) and
	 * experts, by State. */
	assert_int_equal(people_representative_set(s, "FRA", "Amb. Dupont", "pr@fra.example", "fr",
						   "sec", err, sizeof err), 0);
	assert_int_equal(people_focal_name(s, "USA", "fp@usa.example", "sec", err, sizeof err), 0);
	struct people_entry *e;
	assert_int_equal(people_directory(s, &e, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].state, "FRA");
	assert_string_equal(e[0].role, "representative");
	assert_string_equal(e[1].role, "focal_point");
	assert_string_equal(e[2].role, "expert");
	assert_string_equal(e[2].instruments, "untoc,tip");
	free(e);
	store_close(s);
	tu_rmdir(dir);
}

static void test_deadlines_and_notices(void **state)
{
	(void)state;
	char *dir, err[512];
	struct store *s = setup(&dir);
	assert_int_equal(people_representative_set(s, "FRA", "Amb. Dupont", "pr@fra.example", "fr",
						   "sec", err, sizeof err), 0);
	assert_int_equal(people_focal_name(s, "USA", "fp@usa.example", "sec", err, sizeof err), 0);
	if (phase_open(s, 1, 1, "sec", NULL, NULL, err, sizeof err) < 0)
		fail_msg("phase_open: %s", err);
	/* The launch invites: FRA's representative (temporary) to name a focal
	 * point and experts; the USA's focal point to name experts; BRA and
	 * CHE, with nobody to write to, nothing yet. */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE recipient = ?",
			       "pr@fra.example"), 2);
	/* notif (issue 9): the USA's focal point was also told when named. */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE recipient = ?",
			       "fp@usa.example"), 2);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM people_notices WHERE temporary = 1", NULL),
			 2);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE lang = ?", "fr"), 2);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox", NULL), 4);
	struct people_state ps;
	char launched[32], at[32];
	assert_int_equal(people_load(s, "FRA", NULL, &ps), 0);
	assert_true(ps.launched[0]);
	util_strlcpy(launched, ps.launched, sizeof launched);
	char want[32];
	people_due(launched, 14, want, sizeof want);
	assert_string_equal(ps.focal_due, want);
	people_due(launched, 28, want, sizeof want);
	assert_string_equal(ps.experts_due, want);
	assert_false(ps.focal_overdue);
	people_state_free(&ps);
	people_due(launched, 15, at, sizeof at);
	assert_int_equal(people_load(s, "FRA", at, &ps), 0);
	assert_true(ps.focal_overdue);
	assert_false(ps.experts_overdue);
	people_state_free(&ps);
	/* Reminders: none yet a week in; from three days before each
	 * deadline, once. */
	people_due(launched, 7, at, sizeof at);
	assert_int_equal(people_remind(s, at, err, sizeof err), 0);
	people_due(launched, 12, at, sizeof at);
	assert_int_equal(people_remind(s, at, err, sizeof err), 1);
	assert_int_equal(people_remind(s, at, err, sizeof err), 0);
	people_due(launched, 26, at, sizeof at);
	assert_int_equal(people_remind(s, at, err, sizeof err), 2); /* FRA, USA: experts */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox", NULL), 7);
	/* ... and each notice to an account is also its notification (the
	 * representative, without one, has the e-mails only). */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications", NULL),
			 count(s, "SELECT COUNT(*) FROM outbox WHERE recipient = ?",
			       "fp@usa.example"));
	store_close(s);
	tu_rmdir(dir);
}

static void test_consultations(void **state)
{
	(void)state;
	char *dir, err[512], out[11];
	struct store *s = setup(&dir);
	assert_int_equal(consult_add_months("2025-08-31", 6, out), 0);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(consult_add_months("2027-08-31", 6, out), 0);
	assert_string_equal(out, "2028-02-29");
	assert_int_equal(consult_add_months("2025-12-15", 6, out), 0);
	assert_string_equal(out, "2026-06-15");
	assert_int_equal(consult_add_months("2025-02-30", 6, out), -1);

	struct consult_input in = { .reviewed = "FRA", .phase = 1, .languages = "en,fr,ru,es" };
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	assert_non_null(strstr(err, "at most three"));
	in.exceptional = 1;
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1); /* never four */
	in.exceptional = 0;
	in.languages = "en,fr,ru";
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	assert_non_null(strstr(err, "exceptional"));
	in.languages = "en,en";
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	in.languages = "en,de";
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	in.languages = "";
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	in.languages = "fr";
	in.reviewed = "DEU";
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1); /* no review */
	in.reviewed = "FRA";
	in.phase = 5;
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	in.phase = 1;
	in.responses_due = "2030-13-01";
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM consultations", NULL), 0);

	/* C12: from the phase's opening, six months at most. */
	if (phase_open(s, 1, 1, "sec", NULL, NULL, err, sizeof err) < 0)
		fail_msg("phase_open: %s", err);
	char start[32], late[11], ok[11];
	util_now_iso(start, sizeof start);
	consult_add_months(start, 7, late);
	consult_add_months(start, 5, ok);
	in.responses_due = late;
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	assert_non_null(strstr(err, "six months"));
	in.responses_due = ok;
	in.observations_due = "2000-01-01";
	assert_int_equal(consult_record(s, &in, "fp", err, sizeof err), -1);
	in.observations_due = NULL;
	in.languages = "en, fr";
	int64_t id = consult_record(s, &in, "fp@fra.example", err, sizeof err);
	if (id <= 0)
		fail_msg("consult_record: %s", err);
	in.languages = "en,fr,ar";
	in.exceptional = 1;
	in.note = "the reviewers asked for Arabic too";
	assert_true(consult_record(s, &in, "sec@un.example", err, sizeof err) > id);
	struct country_review cr;
	assert_int_equal(country_review_load(s, "FRA", &cr), 1);
	assert_int_equal(cr.nlanguages, 3);
	assert_string_equal(cr.languages[2], "ar");
	assert_true(cr.languages_exceptional);
	struct consult_record r;
	assert_int_equal(consult_latest(s, "FRA", 1, &r), 1);
	assert_string_equal(r.languages, "en,fr,ar");
	assert_string_equal(r.responses_due, ok);
	assert_string_equal(r.recorded_by, "sec@un.example");
	assert_int_equal(consult_latest(s, "FRA", 2, &r), 0);
	struct consult_record *h;
	size_t n;
	assert_int_equal(consult_history(s, "FRA", &h, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[1].languages, "en,fr");
	assert_false(h[1].exceptional);
	free(h);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_focal_point_and_representative),
		cmocka_unit_test(test_experts_and_tasks),
		cmocka_unit_test(test_deadlines_and_notices),
		cmocka_unit_test(test_consultations),
	};
	return cmocka_run_group_tests_name("people", tests, NULL, NULL);
}
