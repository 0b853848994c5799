/* test_uncac.c - q9 (issue 9): the Secretariat's override of the UNCAC
 * status of a review's phase (C27, R41): the status in force for the
 * review, the sections that apply, answers kept when hidden, audited,
 * refused before the phase starts, on a cluster without the condition and
 * after submission, bad input; the references to other review mechanisms
 * added one at a time (R73); the start of the country-review phase per
 * instrument, set once (R43, R76). */
#include "response/seal.h"
#include "testutil.h"

#include "accounts/account.h"
#include "core/refdata.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "response/response.h"
#include "response/submit.h"
#include "response/uncac.h"
#include "review/country.h"
#include "review/phase.h"
#include "store/store.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

/* FRA (party to UNCAC) reviewed in cohort 1, phase 1 open, its
 * questionnaire adopted and opened. */
static struct store *setup(char **dir, struct response_review *rv)
{
	char path[600], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "uncac");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	if (qstore_load_dir(s, RM_SRCDIR "/data", NULL, err, sizeof err) != 0)
		fail_msg("qstore_load_dir: %s", err);
	exec1(s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		 "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', '', '{}')");
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'FRA', 1)");
	assert_true(account_create(s, "fp@fra.example", "focal_point", "FRA", NULL, err,
				   sizeof err) > 0);
	exec1(s, "UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
		 "adopted_on = '2026-01-01'");
	exec1(s, "UPDATE parties SET uncac = 1 WHERE code = 'FRA'");
	/* Before the phase starts there is nothing to override. */
	assert_int_equal(response_review_load(s, "FRA", 1, rv), 1);
	assert_int_equal(response_uncac_override(s, rv, 0, "REF", "why", "sec", "t", err,
						 sizeof err), UNCAC_REFUSED);
	assert_non_null(strstr(err, "has not started"));
	assert_int_equal(phase_open(s, 1, 1, "sec@un.example", NULL, NULL, err, sizeof err), 0);
	assert_int_equal(response_review_load(s, "FRA", 1, rv), 1);
	assert_int_equal(response_open(s, rv, "sec@un.example", err, sizeof err), 0);
	assert_int_equal(response_review_load(s, "FRA", 1, rv), 1);
	return s;
}

static int untoc_due(struct store *s, const struct response_review *rv)
{
	struct response_qns qs;
	struct response_completion *c = NULL;
	size_t nc = 0;
	assert_true(response_qns_load(s, rv, &qs) > 0);
	assert_int_equal(response_completion(s, rv, &qs, &c, &nc), 0);
	int due = c[0].due;
	response_completion_free(c, nc);
	response_qns_free(&qs);
	return due;
}

/* The id of the first question of a section for States not party. */
static const char *footnote_question(const struct response_qns *qs)
{
	const struct qdef *d = qs->q[0].def;
	for (size_t k = 0; k < d->nsections; k++)
		if (d->sections[k].uncac_only)
			return d->questions[d->sections[k].first_question].id;
	return NULL;
}

static void test_override_sets_status_keeps_answers(void **state)
{
	(void)state;
	char *dir, err[600];
	struct response_review rv;
	struct store *s = setup(&dir, &rv);
	assert_int_equal(rv.uncac_party, 1);
	int due_party = untoc_due(s, &rv);
	/* Bad input: nothing recorded. */
	assert_int_equal(response_uncac_override(s, &rv, 2, "R", "why", "sec", "t", err, sizeof err),
			 UNCAC_BAD);
	assert_int_equal(response_uncac_override(s, &rv, 0, "", "why", "sec", "t", err, sizeof err),
			 UNCAC_BAD);
	assert_non_null(strstr(err, "reference"));
	assert_int_equal(response_uncac_override(s, &rv, 0, "R", " \n", "sec", "t", err, sizeof err),
			 UNCAC_BAD);
	assert_non_null(strstr(err, "reason"));
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM uncac_overrides", NULL), 0);
	/* Not party: arts. 8 and 9 due. */
	int64_t id = response_uncac_override(s, &rv, 0, "CTOC/COP/2026/1", "Never ratified.",
					     "sec@un.example", "127.0.0.1", err, sizeof err);
	assert_true(id > 0);
	struct country_snapshot snap;
	assert_int_equal(country_phase_snapshot(s, "FRA", 1, &snap), 1);
	assert_int_equal(snap.uncac, 0);
	assert_int_equal(snap.uncac_at_start, 1);
	assert_int_equal(snap.override_id, id);
	assert_string_equal(snap.override_ref, "CTOC/COP/2026/1");
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = "
				     "'response.uncac_override' AND object = ?", "FRA"), 1);
	struct response_review now;
	assert_int_equal(response_review_load(s, "FRA", 1, &now), 1);
	assert_int_equal(now.uncac_party, 0);
	int due_not = untoc_due(s, &now);
	assert_true(due_not > due_party);
	/* Articles of the phase: 8 and 9 now under review (C27). */
	int arts[32];
	size_t na = 0;
	assert_int_equal(country_phase_articles(s, "FRA", 1, "untoc", arts, 32, &na), 0);
	int eight = 0;
	for (size_t i = 0; i < na; i++)
		eight |= arts[i] == 8;
	assert_true(eight);
	/* An answer while shown, kept once hidden, back after. */
	struct response_qns qs;
	assert_true(response_qns_load(s, &now, &qs) > 0);
	const char *only = footnote_question(&qs);
	assert_non_null(only);
	int v;
	json_t *val = json_string("partly");
	assert_int_equal(response_save(s, &now, &qs, only, 0, "fr", val, NULL, "fp@fra.example", &v,
				       NULL, err, sizeof err), RESPONSE_OK);
	json_decref(val);
	assert_true(response_uncac_override(s, &now, 1, "CTOC/COP/2026/2", "Ratified.",
					    "sec@un.example", "t", err, sizeof err) > 0);
	assert_int_equal(response_review_load(s, "FRA", 1, &now), 1);
	assert_int_equal(now.uncac_party, 1);
	assert_int_equal(untoc_due(s, &now), due_party);
	struct response_answer a;
	assert_int_equal(response_answer_get(s, &now, only, &a), 1);
	assert_non_null(strstr(a.answer, "partly"));
	response_answer_free(&a);
	json_t *j = response_uncac_json(s, &now);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "applies")));
	assert_true(json_is_true(json_object_get(j, "at_start")));
	assert_true(json_is_true(json_object_get(j, "in_force")));
	assert_int_equal(json_array_size(json_object_get(j, "decisions")), 2);
	json_decref(j);
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

/* R73 and R43: references added one at a time to an answer; the start of
 * an instrument's country-review phase at its first completion, kept;
 * the override refused after submission. */
static void test_references_starts_and_after_submission(void **state)
{
	(void)state;
	char *dir, err[600];
	struct response_review rv;
	struct store *s = setup(&dir, &rv);
	struct response_qns qs;
	assert_true(response_qns_load(s, &rv, &qs) > 0);
	const struct qdef *d = qs.q[0].def;
	const char *q0 = d->questions[d->sections[0].first_question].id;
	int v = 0;
	assert_int_equal(response_reference_add(s, &rv, &qs, q0, 0, "GRECO", "Report", "2024-01-02",
						"fp@fra.example", &v, err, sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "answer the question first"));
	assert_int_equal(response_reference_add(s, &rv, &qs, "nope", 0, "GRECO", "Report",
						"2024-01-02", "fp@fra.example", &v, err, sizeof err),
			 RESPONSE_BAD);
	/* Every question of the sections that apply answered. */
	json_t *starts = response_review_starts_json(s, "FRA", 1);
	assert_non_null(starts);
	assert_true(json_array_size(starts) == qs.n);
	assert_true(json_is_null(json_object_get(json_array_get(starts, 0), "started_at")));
	json_decref(starts);
	for (size_t i = 0; i < qs.n; i++) {
		const struct qdef *qd = qs.q[i].def;
		for (size_t k = 0; k < qd->nquestions; k++) {
			struct response_question qq;
			assert_int_equal(response_question_find(&qs, qd->questions[k].id, &qq), 1);
			if (!qq.applies) /* show_if ones too: saving is allowed */
				continue;
			json_t *val = qd->questions[k].type == QDEF_YES_NO_PARTLY ? json_string("no")
				: qd->questions[k].type == QDEF_FREE_TEXT ? json_string("Texte.")
				: json_array();
			if (response_save(s, &rv, &qs, qd->questions[k].id, 0, "fr", val, NULL,
					  "fp@fra.example", &v, NULL, err, sizeof err) != RESPONSE_OK)
				fail_msg("%s: %s", qd->questions[k].id, err);
			json_decref(val);
		}
	}
	starts = response_review_starts_json(s, "FRA", 1);
	const char *t0 = json_string_value(json_object_get(json_array_get(starts, 0), "started_at"));
	assert_non_null(t0);
	char first[32];
	snprintf(first, sizeof first, "%s", t0);
	json_decref(starts);
	/* R73: a reference, then a second; a bad date refused; a stale base
	 * version a conflict. */
	assert_int_equal(response_reference_add(s, &rv, &qs, q0, 1, "UNCAC IRM", "Replies, art. 23",
						"2024-05-02", "fp@fra.example", &v, err, sizeof err),
			 RESPONSE_OK);
	assert_int_equal(v, 2);
	assert_int_equal(response_reference_add(s, &rv, &qs, q0, 2, "FATF", "MER", "2024-02-30",
						"fp@fra.example", &v, err, sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "YYYY-MM-DD"));
	assert_int_equal(response_reference_add(s, &rv, &qs, q0, 2, "", "MER", "2024-02-03",
						"fp@fra.example", &v, err, sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "mechanism"));
	assert_int_equal(response_reference_add(s, &rv, &qs, q0, 1, "FATF", "MER", "2024-02-03",
						"fp@fra.example", &v, err, sizeof err),
			 RESPONSE_CONFLICT);
	assert_int_equal(response_reference_add(s, &rv, &qs, q0, 2, "FATF", "MER", "2024-02-03",
						"fp@fra.example", &v, err, sizeof err), RESPONSE_OK);
	struct response_answer a;
	assert_int_equal(response_answer_get(s, &rv, q0, &a), 1);
	json_t *doc = json_loads(a.answer, 0, NULL);
	json_t *refs = json_object_get(doc, "references");
	assert_int_equal(json_array_size(refs), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(refs, 0),
							      "mechanism")), "UNCAC IRM");
	assert_string_equal(json_string_value(json_object_get(json_array_get(refs, 1), "date")),
			    "2024-02-03");
	json_decref(doc);
	response_answer_free(&a);
	/* An override that makes arts. 8 and 9 due: incomplete again, the
	 * start kept (R43: set once). */
	assert_true(response_uncac_override(s, &rv, 0, "R1", "why", "sec", "t", err, sizeof err) > 0);
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM response_questionnaires WHERE "
				     "reviewed = 'FRA' AND instrument = 'untoc' AND completed_at IS "
				     "NULL", NULL), 1);
	starts = response_review_starts_json(s, "FRA", 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(starts, 0),
							      "started_at")), first);
	json_decref(starts);
	/* Back to party, complete, submitted: no more override. */
	assert_true(response_uncac_override(s, &rv, 1, "R2", "why", "sec", "t", err, sizeof err) > 0);
	assert_int_equal(response_review_load(s, "FRA", 1, &rv), 1);
	exec1(s, "INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
		 "VALUES ('FRA', 1, '2026-05-01T00:00:00Z', 'fp@fra.example')");
	assert_int_equal(response_uncac_override(s, &rv, 0, "R3", "why", "sec", "t", err,
						 sizeof err), UNCAC_REFUSED);
	assert_non_null(strstr(err, "submitted"));
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM uncac_overrides", NULL), 2);
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	/* Answers and documents are sealed (response/seal.h): a test key. */
	static const uint8_t test_key[32] = { 1 };
	respseal_set_key(test_key);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_override_sets_status_keeps_answers),
		cmocka_unit_test(test_references_starts_and_after_submission),
	};
	return cmocka_run_group_tests_name("uncac", tests, NULL, NULL);
}
