/* test_response.c - self-assessment responses (issue 9): the questionnaire
 * a review keeps (R70), answers in a working language (R72) with versions
 * and conflicts that lose nothing, R73 references, completion per section
 * and instrument (R76, R41), submission once and only when complete with
 * the phase moved and notices queued in the same transaction (R24, R77,
 * para 34), the note of para 42 (R78), the deadline with end-of-month
 * clamp (C12) and its reminders (R91), attachments judged by content with
 * SHA-256 (R74), national consultations (R75). */
#include "testutil.h"

#include <sodium.h>

#include "accounts/account.h"
#include "cli/reminders.h"
#include "i18n/i18n.h"
#include "core/refdata.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "response/attachment.h"
#include "response/response.h"
#include "response/seal.h"
#include "response/submit.h"
#include "review/consult.h"
#include "review/phase.h"
#include "store/store.h"
#include "web/multipart.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

static long long count(struct store *s, const char *sql)
{
	return store_count(s, sql, NULL);
}

/* Reference data, the shipped questionnaires (draft), a current draw with
 * FRA and DEU in cohort 1 (FRA reviewed by DEU and ESP), accounts. */
static struct store *setup(char **dir)
{
	char path[600], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "resp");
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
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'FRA', 1), "
		 "(1, 'DEU', 1)");
	assert_true(account_create(s, "fp@fra.example", "focal_point", "FRA", NULL, err,
				   sizeof err) > 0);
	assert_true(account_create(s, "ex@fra.example", "expert", "FRA", NULL, err, sizeof err) > 0);
	assert_true(account_create(s, "fp@deu.example", "focal_point", "DEU", NULL, err,
				   sizeof err) > 0);
	assert_true(account_create(s, "sec@un.example", "secretariat", NULL, NULL, err,
				   sizeof err) > 0);
	return s;
}

static void adopt_all(struct store *s)
{
	exec1(s, "UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
		 "adopted_on = '2026-01-01'");
}

/* Opens phase 1 for cohort 1 and the questionnaire of FRA. */
static void open_fra(struct store *s, struct response_review *rv)
{
	char err[600];
	assert_int_equal(phase_open(s, 1, 1, "sec@un.example", NULL, NULL, err, sizeof err), 0);
	assert_int_equal(response_review_load(s, "FRA", 1, rv), 1);
	assert_int_equal(response_open(s, rv, "sec@un.example", err, sizeof err), 0);
	assert_int_equal(response_review_load(s, "FRA", 1, rv), 1);
}

static void test_add_months_clamps(void **state)
{
	(void)state;
	char out[11];
	static const char *const cases[][3] = {
		{ "2025-08-31", "6", "2026-02-28" },
		{ "2027-08-31", "6", "2028-02-29" },   /* leap year */
		{ "2025-01-31", "1", "2025-02-28" },
		{ "2025-03-15", "6", "2025-09-15" },
		{ "2025-12-31", "6", "2026-06-30" },
		{ "2025-07-31", "6", "2026-01-31" },
		{ "2099-10-31T12:00:00Z", "4", "2100-02-28" }, /* 2100 is not a leap year */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(response_add_months(cases[i][0], (int)strtol(cases[i][1], NULL, 10),
						     out), 0);
		assert_string_equal(out, cases[i][2]);
	}
	assert_int_equal(response_add_months("2025-02-30", 6, out), -1);
	assert_int_equal(response_add_months("2025-13-01", 6, out), -1);
	assert_int_equal(response_add_months("yesterday", 6, out), -1);
	assert_int_equal(response_days_between("2026-02-28", "2026-03-01"), 1);
	assert_int_equal(response_days_between("2028-02-28", "2028-03-01"), 2);
}

static void test_open_needs_adopted_and_keeps_version(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	assert_int_equal(response_review_load(s, "FRA", 1, &rv), 1);
	assert_string_equal(rv.cluster, "C1");
	assert_string_equal(rv.instruments, "untoc,tip,som,firearms");
	assert_int_equal(rv.uncac_party, 1);
	assert_int_equal(response_review_load(s, "ITA", 1, &rv), 0); /* not in the draw */
	assert_int_equal(response_review_load(s, "FRA", 1, &rv), 1);
	/* The phase is not open for the cohort yet. */
	assert_int_equal(response_open(s, &rv, "sec@un.example", err, sizeof err), -1);
	assert_non_null(strstr(err, "not open"));
	assert_int_equal(phase_open(s, 1, 1, "sec@un.example", NULL, NULL, err, sizeof err), 0);
	/* Only drafts stored: refused (R70), nothing written. */
	assert_int_equal(response_open(s, &rv, "sec@un.example", err, sizeof err), -1);
	assert_non_null(strstr(err, "R70"));
	assert_int_equal(count(s, "SELECT COUNT(*) FROM response_questionnaires"), 0);
	assert_int_equal(phase_review_state(s, "FRA", 1), PHASE_NOT_STARTED);
	adopt_all(s);
	long long mails = count(s, "SELECT COUNT(*) FROM outbox");
	assert_int_equal(response_open(s, &rv, "sec@un.example", err, sizeof err), 0);
	assert_int_equal(phase_review_state(s, "FRA", 1), PHASE_QUESTIONNAIRE);
	/* Notices to FRA's focal point and expert, in the same transaction. */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox") - mails, 2);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE recipient = 'fp@deu.example'"),
			 0);
	/* Opened once. */
	assert_int_equal(response_open(s, &rv, "sec@un.example", err, sizeof err), -1);
	assert_non_null(strstr(err, "already open"));
	/* The deadline: the phase's start + 6 months (C12). */
	struct response_status st;
	assert_int_equal(response_status_get(s, &rv, NULL, &st), 0);
	assert_true(st.opened);
	char start[32], want[11];
	struct store_stmt *q = store_prepare(s, "SELECT started_at FROM cohort_phases");
	assert_int_equal(store_step(q), STORE_ROW);
	snprintf(start, sizeof start, "%s", store_col_text(q, 0));
	store_finalize(q);
	assert_int_equal(response_add_months(start, 6, want), 0);
	assert_string_equal(st.deadline, want);
	assert_false(st.overdue);
	assert_false(st.submitted);
	response_status_free(&st);
	/* A newer adopted version loaded later: the review keeps 1.0. */
	exec1(s, "INSERT INTO questionnaires (id, version, instrument, cluster, status, decision, "
		 "adopted_on, content, loaded_at) SELECT id, '1.1', instrument, cluster, status, "
		 "decision, adopted_on, content, loaded_at FROM questionnaires WHERE id = 'tip-c1'");
	struct response_qns qs;
	assert_int_equal(response_qns_load(s, &rv, &qs), 4);
	assert_string_equal(qs.q[1].instrument, "tip");
	assert_string_equal(qs.q[1].qversion, "1.0");
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

/* One "yes" for the whole run (borrowed by each save). */
static json_t *yes_value;
static json_t *yes(void)
{
	if (!yes_value)
		yes_value = json_string("yes");
	return yes_value;
}

static void test_save_versions_conflict_history(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct response_qns qs;
	struct response_answer cur, a;
	int v = 0;
	adopt_all(s);
	open_fra(s, &rv);
	assert_int_equal(response_qns_load(s, &rv, &qs), 4);
	const char *q1 = "tip-c1-a3-q1";
	json_t *t1 = json_string("Articles 225-4-1 ff. of the Penal Code.");
	assert_int_equal(response_save(s, &rv, &qs, q1, 0, "fr", yes(), NULL, "ex@fra.example", &v,
				       NULL, err, sizeof err), RESPONSE_OK);
	assert_int_equal(v, 1);
	/* Two experts start from version 1; the first saves, the second gets
	 * a conflict with the first's text and nothing of its own is lost
	 * (it still has it, and the store still has version 2 intact). */
	json_t *partly = json_string("partly");
	assert_int_equal(response_save(s, &rv, &qs, q1, 1, "fr", partly, NULL, "fp@fra.example", &v,
				       NULL, err, sizeof err), RESPONSE_OK);
	assert_int_equal(v, 2);
	json_t *no = json_string("no");
	assert_int_equal(response_save(s, &rv, &qs, q1, 1, "en", no, NULL, "ex@fra.example", &v,
				       &cur, err, sizeof err), RESPONSE_CONFLICT);
	assert_int_equal(cur.version, 2);
	assert_string_equal(cur.saved_by, "fp@fra.example");
	assert_non_null(strstr(cur.answer, "\"partly\""));
	assert_non_null(strstr(err, "version 2"));
	response_answer_free(&cur);
	assert_int_equal(response_answer_get(s, &rv, q1, &a), 1);
	assert_int_equal(a.version, 2);
	assert_string_equal(a.lang, "fr");
	response_answer_free(&a);
	/* History: both versions, comparable. */
	struct response_answer *h;
	size_t n;
	assert_int_equal(response_history(s, &rv, q1, &h, &n), 0);
	assert_int_equal(n, 2);
	assert_non_null(strstr(h[0].answer, "\"yes\""));
	assert_non_null(strstr(h[1].answer, "\"partly\""));
	response_answers_free(h, n);
	assert_int_equal(response_version_get(s, &rv, q1, 1, &a), 1);
	assert_non_null(strstr(a.answer, "\"yes\""));
	response_answer_free(&a);
	assert_int_equal(response_version_get(s, &rv, q1, 9, &a), 0);
	/* R73: references to another mechanism's material. */
	json_error_t je;
	json_t *refs = json_loads("[{\"mechanism\": \"UNCAC Implementation Review Mechanism\", "
				  "\"document\": \"Self-assessment, cycle 1, art. 23\", "
				  "\"date\": \"2012-05-04\"}]", 0, &je);
	assert_int_equal(response_save(s, &rv, &qs, q1, 2, "fr", yes(), refs, "ex@fra.example", &v,
				       NULL, err, sizeof err), RESPONSE_OK);
	assert_int_equal(response_answer_get(s, &rv, q1, &a), 1);
	assert_non_null(strstr(a.answer, "UNCAC Implementation Review Mechanism"));
	response_answer_free(&a);
	json_t *badref = json_loads("[{\"mechanism\": \"UNCAC\", \"document\": \"x\", "
				    "\"date\": \"May 2012\"}]", 0, &je);
	assert_int_equal(response_save(s, &rv, &qs, q1, 3, "fr", yes(), badref, "ex@fra.example",
				       &v, NULL, err, sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "YYYY-MM-DD"));
	/* Bad input: a clear error, nothing written. */
	long long before = count(s, "SELECT COUNT(*) FROM response_versions");
	assert_int_equal(response_save(s, &rv, &qs, "tip-c1-a99-q1", 0, "fr", yes(), NULL, "x",
				       &v, NULL, err, sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "unknown question"));
	json_t *maybe = json_string("maybe");
	assert_int_equal(response_save(s, &rv, &qs, q1, 3, "fr", maybe, NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "\"partly\""));
	/* A free-text question: over its max_length refused. */
	const char *ft = NULL;
	long maxlen = 0;
	for (size_t i = 0; i < qs.q[1].def->nquestions && !ft; i++)
		if (qs.q[1].def->questions[i].type == QDEF_FREE_TEXT) {
			ft = qs.q[1].def->questions[i].id;
			maxlen = qs.q[1].def->questions[i].max_length;
		}
	assert_non_null(ft);
	char *longtext = malloc((size_t)maxlen + 2);
	memset(longtext, 'a', (size_t)maxlen + 1);
	longtext[maxlen + 1] = '\0';
	json_t *lt = json_string(longtext);
	assert_int_equal(response_save(s, &rv, &qs, ft, 0, "fr", lt, NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "longer than"));
	longtext[maxlen] = '\0'; /* exactly max_length: accepted */
	json_t *ok = json_string(longtext);
	assert_int_equal(response_save(s, &rv, &qs, ft, 0, "fr", ok, NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_OK);
	free(longtext);
	/* Working languages agreed (R72, R84): another one refused. */
	struct response_review agreed = rv;
	snprintf(agreed.languages[0], 3, "fr");
	snprintf(agreed.languages[1], 3, "en");
	agreed.nlanguages = 2;
	assert_int_equal(response_save(s, &agreed, &qs, q1, 3, "ru", yes(), NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "R72"));
	assert_int_equal(response_save(s, &rv, &qs, q1, 3, "xx", yes(), NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_BAD);
	/* Article 8 of the Convention applies only to States not party to
	 * UNCAC (R41): FRA is. */
	assert_int_equal(response_save(s, &rv, &qs, "untoc-c1-a8-q1", 0, "fr", yes(), NULL, "x", &v,
				       NULL, err, sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "R41"));
	/* ... and response_question_find says so (response.h: applies). */
	struct response_question a8;
	assert_int_equal(response_question_find(&qs, "untoc-c1-a8-q1", &a8), 1);
	assert_int_equal(a8.applies, 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM response_versions"), before + 1);
	/* A question of an instrument not under review is unknown here. */
	struct response_qns only_tip = { &qs.q[1], 1, qs.uncac_party };
	assert_int_equal(response_save(s, &rv, &only_tip, "som-c1-a3-q1", 0, "fr", yes(), NULL, "x",
				       &v, NULL, err, sizeof err), RESPONSE_BAD);
	json_decref(t1);
	json_decref(partly);
	json_decref(no);
	json_decref(refs);
	json_decref(badref);
	json_decref(maybe);
	json_decref(lt);
	json_decref(ok);
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

/* A valid answer for question q of type t. */
static json_t *answer_for(const struct qdef_question *q)
{
	switch (q->type) {
	case QDEF_YES_NO_PARTLY: return json_string("yes");
	case QDEF_FREE_TEXT: return json_string("Réponse");
	case QDEF_LEGISLATION_REFS:
		return json_pack("[{s:s,s:s}]", "citation", "Code pénal, art. 225-4-1", "link",
				 "https://www.legifrance.gouv.fr/");
	case QDEF_ATTACHMENTS: return json_array();
	case QDEF_TA_NEEDS: return json_pack("[{s:s,s:s}]", "description", "Formation", "priority",
					     "high");
	}
	return json_null();
}

/* Answers every question of the review that is due, in order (show_if
 * questions become due as their condition is answered yes). */
static void answer_all(struct store *s, const struct response_review *rv,
		       const struct response_qns *qs, const char *skip_instrument)
{
	char err[600];
	for (size_t i = 0; i < qs->n; i++) {
		if (skip_instrument && !strcmp(qs->q[i].instrument, skip_instrument))
			continue;
		const struct qdef *d = qs->q[i].def;
		for (size_t k = 0; k < d->nsections; k++) {
			if (d->sections[k].uncac_only && rv->uncac_party)
				continue;
			for (size_t j = 0; j < d->sections[k].nquestions; j++) {
				const struct qdef_question *q = &d->questions[d->sections[k].first_question + j];
				json_t *v = answer_for(q);
				int nv, base = 0;
				struct response_answer cur;
				if (response_answer_get(s, rv, q->id, &cur) == 1)
					base = cur.version;
				response_answer_free(&cur);
				enum response_rc rc = response_save(s, rv, qs, q->id, base, "fr", v, NULL,
								    "ex@fra.example", &nv, NULL, err,
								    sizeof err);
				if (rc != RESPONSE_OK)
					fail_msg("%s: %s", q->id, err);
				json_decref(v);
			}
		}
	}
}

static void test_completion_and_submission(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct response_qns qs;
	adopt_all(s);
	open_fra(s, &rv);
	assert_int_equal(response_qns_load(s, &rv, &qs), 4);
	static const char *const reviewers[] = { "DEU" };
	/* Nothing answered: refused, with the counts. */
	assert_int_equal(response_submit(s, &rv, &qs, reviewers, 1, "fp@fra.example", err,
					 sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "not complete"));
	answer_all(s, &rv, &qs, "firearms");
	struct response_completion *c;
	size_t nc;
	assert_int_equal(response_completion(s, &rv, &qs, &c, &nc), 0);
	assert_int_equal(nc, 4);
	for (size_t i = 0; i < nc; i++) {
		int fa = !strcmp(c[i].instrument, "firearms");
		assert_int_equal(c[i].complete, !fa);
		assert_true(c[i].due > 0);
		assert_int_equal(c[i].answered, fa ? 0 : c[i].due);
		/* Per section too. */
		for (size_t k = 0; k < c[i].nsections; k++)
			assert_int_equal(c[i].sections[k].answered, fa ? 0 : c[i].sections[k].due);
		if (!strcmp(c[i].instrument, "untoc")) {
			/* Articles 8 and 9 do not apply to FRA (UNCAC party). */
			for (size_t k = 0; k < c[i].nsections; k++)
				assert_null(strstr(c[i].sections[k].section, "-a8"));
			assert_int_equal(c[i].nsections, 6);
		}
	}
	response_completion_free(c, nc);
	/* The instrument's completion is recorded (R76). */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM response_questionnaires WHERE "
				  "completed_at IS NOT NULL"), 3);
	assert_int_equal(response_submit(s, &rv, &qs, reviewers, 1, "fp@fra.example", err,
					 sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "firearms"));
	assert_int_equal(phase_review_state(s, "FRA", 1), PHASE_QUESTIONNAIRE);
	answer_all(s, &rv, &qs, "untoc");
	/* A "no" on a question others depend on makes them not due. */
	long long mails = count(s, "SELECT COUNT(*) FROM outbox");
	assert_int_equal(response_submit(s, &rv, &qs, reviewers, 1, "fp@fra.example", err,
					 sizeof err), RESPONSE_OK);
	assert_int_equal(phase_review_state(s, "FRA", 1), PHASE_RESPONSES);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM review_transitions WHERE reviewed = 'FRA' "
				  "AND to_state = 'responses_submitted' AND by_whom = "
				  "'fp@fra.example'"), 1);
	/* Notices: FRA's focal point, DEU's focal point, the Secretariat. */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox") - mails, 3);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE recipient = 'fp@deu.example'"),
			 1);
	/* Twice: refused, naming when and by whom. */
	assert_int_equal(response_submit(s, &rv, &qs, reviewers, 1, "fp@fra.example", err,
					 sizeof err), RESPONSE_CLOSED);
	assert_non_null(strstr(err, "already submitted"));
	/* No change after submission. */
	int v;
	json_t *no = json_string("no");
	assert_int_equal(response_save(s, &rv, &qs, "tip-c1-a3-q1", 1, "fr", no, NULL, "x", &v, NULL,
				       err, sizeof err), RESPONSE_CLOSED);
	json_decref(no);
	struct response_status st;
	assert_int_equal(response_status_get(s, &rv, NULL, &st), 0);
	assert_true(st.submitted);
	assert_string_equal(st.submitted_by, "fp@fra.example");
	assert_string_equal(st.note, "");
	response_status_free(&st);
	/* The note of para 42, after submission only. */
	assert_int_equal(response_note_set(s, &rv, "", "fp@fra.example", err, sizeof err),
			 RESPONSE_BAD);
	assert_int_equal(response_note_set(s, &rv, "Consultations nationales utiles.",
					   "fp@fra.example", err, sizeof err), RESPONSE_OK);
	assert_int_equal(response_status_get(s, &rv, NULL, &st), 0);
	assert_string_equal(st.note, "Consultations nationales utiles.");
	response_status_free(&st);
	struct response_review deu;
	assert_int_equal(response_review_load(s, "DEU", 1, &deu), 1);
	assert_int_equal(response_note_set(s, &deu, "x", "fp@deu.example", err, sizeof err),
			 RESPONSE_CLOSED);
	/* b18x: before submission, an empty note too is refused as such
	 * (not as bad input), so the page and the API answer alike. */
	assert_int_equal(response_note_set(s, &deu, "", "fp@deu.example", err, sizeof err),
			 RESPONSE_CLOSED);
	assert_non_null(strstr(err, "para 42"));
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

static void test_show_if_makes_due(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct response_qns qs;
	adopt_all(s);
	open_fra(s, &rv);
	assert_int_equal(response_qns_load(s, &rv, &qs), 4);
	/* Find a question with show_if and its condition question. */
	const struct qdef *d = qs.q[1].def;
	const struct qdef_question *dep = NULL;
	for (size_t i = 0; i < d->nquestions && !dep; i++)
		if (d->questions[i].show_if)
			dep = &d->questions[i];
	assert_non_null(dep);
	struct response_question qq;
	assert_int_equal(response_question_find(&qs, dep->id, &qq), 1);
	/* response.h: the question's section applies to FRA (b18x: it was
	 * never filled, always 0). */
	assert_int_equal(qq.applies, 1);
	json_t *ans = json_object();
	assert_false(response_question_due(&qs, &qq, ans));
	json_object_set_new(ans, dep->show_if, json_pack("{s:s}", "value", "yes"));
	int due_yes = response_question_due(&qs, &qq, ans);
	json_object_set_new(ans, dep->show_if, json_pack("{s:s}", "value", "no"));
	int due_no = response_question_due(&qs, &qq, ans);
	assert_true(due_yes != due_no);
	json_decref(ans);
	(void)err;
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

static void test_attachments(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct response_qns qs;
	struct attachment_meta m, g;
	adopt_all(s);
	open_fra(s, &rv);
	assert_int_equal(response_qns_load(s, &rv, &qs), 4);
	/* Types by content. */
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 };
	static const unsigned char jpg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10 };
	static const unsigned char elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
	static const char odt[] = "PK\3\4\24\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
				  "mimetypeapplication/vnd.oasis.opendocument.text";
	static const char docx[] = "PK\3\4....[Content_Types].xml....word/document.xml....";
	static const char zip[] = "PK\3\4....evil.exe....";
	assert_string_equal(attachment_sniff((const unsigned char *)"%PDF-1.7\n", 9),
			    "application/pdf");
	assert_string_equal(attachment_sniff(png, sizeof png), "image/png");
	assert_string_equal(attachment_sniff(jpg, sizeof jpg), "image/jpeg");
	assert_string_equal(attachment_sniff((const unsigned char *)odt, sizeof odt - 1),
			    "application/vnd.oasis.opendocument.text");
	assert_non_null(strstr(attachment_sniff((const unsigned char *)docx, sizeof docx - 1),
			       "wordprocessingml"));
	assert_null(attachment_sniff((const unsigned char *)zip, sizeof zip - 1));
	assert_null(attachment_sniff(elf, sizeof elf));
	assert_string_equal(attachment_sniff((const unsigned char *)"Loi n° 2013-711\n", 17),
			    "text/plain; charset=utf-8");
	assert_null(attachment_sniff((const unsigned char *)"a\0b", 3));
	assert_null(attachment_sniff((const unsigned char *)"\xc3(", 2));
	/* The attachments question of a TIP section. */
	const char *aq = NULL, *yq = NULL;
	for (size_t i = 0; i < qs.q[1].def->nquestions; i++) {
		if (!aq && qs.q[1].def->questions[i].type == QDEF_ATTACHMENTS)
			aq = qs.q[1].def->questions[i].id;
		if (!yq && qs.q[1].def->questions[i].type == QDEF_YES_NO_PARTLY)
			yq = qs.q[1].def->questions[i].id;
	}
	assert_non_null(aq);
	const unsigned char pdf[] = "%PDF-1.4\n% a small law\n";
	assert_int_equal(attachment_add(s, &rv, &qs, aq, "C:\\lois\\loi\"2013\".pdf", pdf,
					sizeof pdf - 1, "ex@fra.example", &m, err, sizeof err),
			 RESPONSE_OK);
	assert_int_equal(strlen(m.id), 32);
	char id[ATTACHMENT_ID_LEN];
	snprintf(id, sizeof id, "%s", m.id);
	assert_string_equal(m.filename, "loi_2013_.pdf");
	unsigned char h[32];
	char hex[65];
	crypto_hash_sha256(h, pdf, sizeof pdf - 1);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_string_equal(m.sha256, hex);
	assert_int_equal(attachment_get(s, m.id, &g), 1);
	assert_string_equal(g.ctype, "application/pdf");
	assert_string_equal(g.instrument, "tip");
	unsigned char *data;
	size_t len;
	assert_int_equal(attachment_content(s, m.id, &data, &len), 1);
	assert_int_equal(len, sizeof pdf - 1);
	assert_memory_equal(data, pdf, len);
	free(data);
	assert_int_equal(attachment_get(s, "../../etc/passwd", &g), 0);
	assert_int_equal(attachment_get(s, "00000000000000000000000000000000", &g), 0);
	/* Refusals: type, size, empty, a question that takes no documents. */
	long long before = count(s, "SELECT COUNT(*) FROM attachments");
	assert_int_equal(attachment_add(s, &rv, &qs, aq, "a.exe", elf, sizeof elf, "x", &m, err,
					sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "not accepted"));
	unsigned char *big = calloc(1, ATTACHMENT_MAX + 1);
	memcpy(big, "%PDF-", 5);
	assert_int_equal(attachment_add(s, &rv, &qs, aq, "big.pdf", big, ATTACHMENT_MAX + 1, "x", &m,
					err, sizeof err), RESPONSE_BAD);
	assert_non_null(strstr(err, "larger"));
	free(big);
	assert_int_equal(attachment_add(s, &rv, &qs, aq, "e.txt", pdf, 0, "x", &m, err, sizeof err),
			 RESPONSE_BAD);
	assert_int_equal(attachment_add(s, &rv, &qs, yq, "a.pdf", pdf, sizeof pdf - 1, "x", &m, err,
					sizeof err), RESPONSE_BAD);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM attachments"), before);
	/* An answer lists the documents by id; a foreign id is refused. */
	int v;
	json_t *ids = json_pack("[s]", id);
	assert_int_equal(response_save(s, &rv, &qs, aq, 0, "fr", ids, NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_OK);
	json_t *forged = json_pack("[s]", "0123456789abcdef0123456789abcdef");
	assert_int_equal(response_save(s, &rv, &qs, aq, 1, "fr", forged, NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_BAD);
	json_decref(ids);
	json_decref(forged);
	json_t *list = attachment_list_json(s, &rv, NULL);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

static void test_reminders_and_overdue(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	adopt_all(s);
	open_fra(s, &rv);
	struct response_status st;
	assert_int_equal(response_status_get(s, &rv, NULL, &st), 0);
	char deadline[11], d20[11], after[11];
	snprintf(deadline, sizeof deadline, "%s", st.deadline);
	response_status_free(&st);
	/* 20 days before: the 30-day reminder, once. */
	int y, mo, d;
	assert_int_equal(sscanf(deadline, "%4d-%2d-%2d", &y, &mo, &d), 3);
	/* The first of the deadline's month minus nothing: at most 30 days
	 * before it. */
	snprintf(d20, sizeof d20, "%04d-%02d-01", y, mo);
	assert_true(response_days_between(d20, deadline) <= 30);
	long long mails = count(s, "SELECT COUNT(*) FROM outbox");
	int sent = response_remind(s, d20, err, sizeof err);
	assert_int_equal(sent, 1);
	assert_int_equal(response_remind(s, d20, err, sizeof err), 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox") - mails, 1);
	/* Months before: nothing due. */
	assert_int_equal(response_remind(s, "2000-01-01", err, sizeof err), 0);
	/* The day after: overdue, flagged, the Secretariat told too. */
	assert_int_equal(response_add_months(deadline, 1, after), 0);
	assert_int_equal(response_remind(s, after, err, sizeof err), 1);
	assert_int_equal(response_status_get(s, &rv, after, &st), 0);
	assert_true(st.overdue);
	assert_true(st.days_left < 0);
	response_status_free(&st);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE recipient = 'sec@un.example'"),
			 1);
	store_close(s);
	tu_rmdir(dir);
}

/* R41, C27: the sections that apply follow the UNCAC status the State had
 * when its phase started (the snapshot of review/country), not the
 * parties' table of today. */
static void test_uncac_status_snapshotted(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct response_qns qs;
	struct response_completion *c = NULL;
	size_t nc = 0;
	adopt_all(s);
	open_fra(s, &rv);
	assert_int_equal(rv.uncac_party, 1);
	assert_true(response_qns_load(s, &rv, &qs) > 0);
	assert_int_equal(response_completion(s, &rv, &qs, &c, &nc), 0);
	int due = c[0].due;
	response_completion_free(c, nc);
	/* A question of a section for States not party to UNCAC (art. 8-9). */
	const char *only = NULL;
	for (size_t k = 0; k < qs.q[0].def->nsections && !only; k++)
		if (qs.q[0].def->sections[k].uncac_only)
			only = qs.q[0].def->questions[qs.q[0].def->sections[k].first_question].id;
	assert_non_null(only);
	/* FRA leaves UNCAC after its phase started: nothing changes. */
	exec1(s, "UPDATE parties SET uncac = 0 WHERE code = 'FRA'");
	struct response_review now;
	assert_int_equal(response_review_load(s, "FRA", 1, &now), 1);
	assert_int_equal(now.uncac_party, 1);
	assert_int_equal(response_completion(s, &now, &qs, &c, &nc), 0);
	assert_int_equal(c[0].due, due);
	response_completion_free(c, nc);
	int v;
	json_t *yes = json_string("yes");
	assert_int_equal(response_save(s, &now, &qs, only, 0, "fr", yes, NULL, "ex@fra.example", &v,
				       NULL, err, sizeof err), RESPONSE_BAD);
	json_decref(yes);
	assert_non_null(strstr(err, "does not apply"));
	/* A phase that has not started has no snapshot: today's status. */
	assert_int_equal(response_review_load(s, "FRA", 2, &now), 1);
	assert_int_equal(now.uncac_party, 0);
	response_qns_free(&qs);
	store_close(s);
	tu_rmdir(dir);
}

/* The notices of the responses are in each recipient's language (issue
 * 9: questionnaire opened, reminders), through the catalogues. */
static void test_notices_in_recipient_language(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct account u;
	assert_true(i18n_load(RM_SRCDIR "/po", err, sizeof err) >= 0);
	assert_int_equal(account_by_email(s, "fp@fra.example", &u), 1);
	assert_int_equal(account_set_lang(s, u.id, "fr"), 0);
	assert_int_equal(account_by_email(s, "ex@fra.example", &u), 1);
	assert_int_equal(account_set_lang(s, u.id, "ar"), 0);
	adopt_all(s);
	open_fra(s, &rv);
	const char *open_fr = i18n_get("fr", "The self-assessment questionnaire is open");
	const char *open_ar = i18n_get("ar", "The self-assessment questionnaire is open");
	assert_string_not_equal(open_fr, "The self-assessment questionnaire is open");
	struct store_stmt *st = store_prepare(s, "SELECT recipient, subject, body, lang FROM outbox "
					      "ORDER BY id");
	int seen = 0;
	while (store_step(st) == STORE_ROW) {
		const char *to = store_col_text(st, 0), *subj = store_col_text(st, 1);
		const char *body = store_col_text(st, 2);
		if (!strcmp(to, "fp@fra.example")) {
			assert_string_equal(subj, open_fr);
			assert_non_null(strstr(body, i18n_get("fr", "Deadline")));
			assert_non_null(strstr(body, "France (FRA)"));
			assert_null(strstr(body, "Deadline"));
			seen |= 1;
		} else if (!strcmp(to, "ex@fra.example")) {
			assert_string_equal(subj, open_ar);
			assert_string_equal(store_col_text(st, 3), "ar");
			seen |= 2;
		}
	}
	store_finalize(st);
	assert_int_equal(seen, 3);
	/* A reminder, once however often the runs come (cli/reminders.h). */
	struct response_status stt;
	assert_int_equal(response_status_get(s, &rv, NULL, &stt), 0);
	char at[32];
	int y, mo, d;
	assert_int_equal(sscanf(stt.deadline, "%4d-%2d-%2d", &y, &mo, &d), 3);
	response_status_free(&stt);
	snprintf(at, sizeof at, "%04d-%02d-01T09:00:00Z", y, mo);
	int people, responses;
	assert_int_equal(reminders_run(s, at, &people, &responses, err, sizeof err), 0);
	assert_int_equal(responses, 1);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(reminders_run(s, at, &people, &responses, err, sizeof err), 0);
		assert_int_equal(responses, 0);
		assert_int_equal(people, 0);
	}
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM outbox WHERE subject = ?",
				     i18n_get("fr", "Reminder: responses due")), 1);
	i18n_free();
	store_close(s);
	tu_rmdir(dir);
}

/* The upload page's body (issue 9): text fields as a form, the document's
 * bytes as they are, NUL bytes included; malformed bodies refused. */
static void test_upload_multipart(void **state)
{
	(void)state;
	static const char head[] =
		"--B0\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--B0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sch\xc3\xa9ma.png\"\r\n"
		"Content-Type: image/png\r\n\r\n";
	static const char tail[] = "\r\n--B0--\r\n";
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', 0, 0, '\r', '\n', 0, 7 };
	char body[512];
	size_t n = 0;
	memcpy(body, head, sizeof head - 1);
	n += sizeof head - 1;
	memcpy(body + n, png, sizeof png);
	n += sizeof png;
	memcpy(body + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;
	const char *ct = "multipart/form-data; boundary=B0";
	struct web_form f;
	/* Both parsers keep the text fields and leave a file part holding
	 * NUL bytes to web_multipart_file() (the dialogue page's form uses
	 * the plain one, the questionnaire page's upload route the other). */
	assert_int_equal(web_form_parse_multipart(&f, ct, body, n), 0);
	assert_string_equal(web_form_get(&f, "csrf"), "abc");
	assert_null(web_form_get(&f, "file"));
	web_form_free(&f);
	assert_int_equal(web_form_parse_multipart_upload(&f, ct, body, n), 0);
	assert_string_equal(web_form_get(&f, "csrf"), "abc");
	assert_null(web_form_get(&f, "file"));
	web_form_free(&f);
	const char *data;
	size_t len;
	char name[64];
	assert_int_equal(web_multipart_file(ct, body, n, "file", &data, &len, name, sizeof name), 1);
	assert_int_equal(len, sizeof png);
	assert_memory_equal(data, png, sizeof png);
	assert_string_equal(name, "sch\xc3\xa9ma.png");
	assert_int_equal(web_multipart_file(ct, body, n, "csrf", &data, &len, name, sizeof name), 0);
	assert_int_equal(web_multipart_file(ct, body, n, "other", &data, &len, name, sizeof name), 0);
	/* Cut, wrong boundary, no boundary: malformed. */
	assert_int_equal(web_multipart_file(ct, body, n - 12, "file", &data, &len, name, sizeof name),
			 -1);
	assert_int_equal(web_multipart_file("multipart/form-data; boundary=B1", body, n, "file",
					    &data, &len, name, sizeof name), -1);
	assert_int_equal(web_form_parse_multipart_upload(&f, "multipart/form-data", body, n), -1);
	assert_int_equal(web_form_parse_multipart_upload(&f, ct, body, n - 12), -1);
	/* A NUL in a text field is still refused. */
	body[strstr(head, "abc") - head + 1] = '\0';
	assert_int_equal(web_form_parse_multipart_upload(&f, ct, body, n), -1);
}

static void test_consultations(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	adopt_all(s);
	open_fra(s, &rv);
	assert_true(response_consultation_add(s, &rv, "2026-03-02", "academia,ngo",
					      "Atelier avec les ONG et les universités.",
					      "fp@fra.example", err, sizeof err) > 0);
	assert_int_equal(response_consultation_add(s, &rv, "2026-03-02", "press", "x", "x", err,
						   sizeof err), -1);
	assert_int_equal(response_consultation_add(s, &rv, "mars", "ngo", "x", "x", err,
						   sizeof err), -1);
	assert_int_equal(response_consultation_add(s, &rv, "2026-03-02", "ngo", "", "x", err,
						   sizeof err), -1);
	json_t *a = response_consultations_json(s, &rv);
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "sectors")),
			    "ngo,academia");
	json_decref(a);
	store_close(s);
	tu_rmdir(dir);
}

/* Para 34, C12 (api9): a responses date agreed in the consultations (para
 * 31) is the deadline shown, reminded and flagged overdue, whether it was
 * recorded before the questionnaire opened or after; a later record
 * without one gives back the six months; one past them is refused and
 * changes nothing. */
static void test_deadline_from_agreed_calendar(void **state)
{
	(void)state;
	char *dir, err[600], start[32], agreed[11], later[11], six[11], past[11], day[11];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct response_status st;
	adopt_all(s);
	assert_int_equal(phase_open(s, 1, 1, "sec@un.example", NULL, NULL, err, sizeof err), 0);
	struct store_stmt *q = store_prepare(s, "SELECT started_at FROM cohort_phases WHERE "
					     "cohort = 1 AND phase = 1");
	assert_non_null(q);
	assert_int_equal(store_step(q), STORE_ROW);
	snprintf(start, sizeof start, "%.10s", store_col_text(q, 0));
	store_finalize(q);
	assert_int_equal(response_add_months(start, 2, agreed), 0);
	assert_int_equal(response_add_months(start, 4, later), 0);
	assert_int_equal(response_add_months(start, 6, six), 0);
	assert_int_equal(response_add_months(start, 7, past), 0);
	struct consult_input in = { .reviewed = "FRA", .phase = 1, .languages = "fr",
				    .responses_due = agreed };
	if (consult_record(s, &in, "fp@fra.example", err, sizeof err) <= 0)
		fail_msg("consult_record: %s", err);
	/* Recorded before the opening: the opening takes it. */
	assert_int_equal(response_review_load(s, "FRA", 1, &rv), 1);
	assert_int_equal(response_open(s, &rv, "sec@un.example", err, sizeof err), 0);
	assert_int_equal(response_review_load(s, "FRA", 1, &rv), 1);
	assert_int_equal(response_status_get(s, &rv, start, &st), 0);
	assert_string_equal(st.deadline, agreed);
	response_status_free(&st);
	/* The day after the agreed date (long before the six months): overdue,
	 * and the overdue notice goes out. */
	assert_int_equal(response_add_months(agreed, 0, day), 0);
	day[9] = (char)(day[9] == '9' ? '0' : day[9] + 1); /* a later day of the month */
	if (day[9] == '0')
		day[8] = (char)(day[8] + 1);
	if (strcmp(day, agreed) <= 0 || response_days_between(agreed, day) < 1)
		assert_int_equal(response_add_months(agreed, 1, day), 0);
	assert_int_equal(response_status_get(s, &rv, day, &st), 0);
	assert_true(st.overdue && st.days_left < 0);
	response_status_free(&st);
	assert_true(strcmp(day, six) < 0);
	assert_int_equal(response_remind(s, day, err, sizeof err), 1);
	/* Recorded after the opening: a later agreed date moves it. */
	in.responses_due = later;
	assert_true(consult_record(s, &in, "fp@fra.example", err, sizeof err) > 0);
	assert_int_equal(response_status_get(s, &rv, day, &st), 0);
	assert_string_equal(st.deadline, later);
	assert_false(st.overdue);
	response_status_free(&st);
	/* Past the six months: refused, the deadline unchanged. */
	in.responses_due = past;
	assert_int_equal(consult_record(s, &in, "fp@fra.example", err, sizeof err), -1);
	assert_non_null(strstr(err, "six months"));
	assert_int_equal(response_status_get(s, &rv, day, &st), 0);
	assert_string_equal(st.deadline, later);
	response_status_free(&st);
	/* No date agreed in the record in force: six months (C12). */
	in.responses_due = NULL;
	assert_true(consult_record(s, &in, "fp@fra.example", err, sizeof err) > 0);
	assert_int_equal(response_status_get(s, &rv, day, &st), 0);
	assert_string_equal(st.deadline, six);
	response_status_free(&st);
	store_close(s);
	tu_rmdir(dir);
}

/* The texts the runs give back: a without the inserts, b without the
 * deletes. */
static void check_runs(json_t *runs, const char *a, const char *b)
{
	struct buf ra = { 0 }, rb = { 0 };
	size_t i;
	json_t *e;
	json_array_foreach(runs, i, e) {
		const char *op = json_string_value(json_object_get(e, "op"));
		const char *t = json_string_value(json_object_get(e, "text"));
		assert_non_null(op);
		assert_true(t && *t);
		if (i > 0)
			assert_string_not_equal(op, json_string_value(json_object_get(
				json_array_get(runs, i - 1), "op")));
		if (strcmp(op, "insert"))
			buf_puts(&ra, t);
		if (strcmp(op, "delete"))
			buf_puts(&rb, t);
	}
	assert_string_equal(buf_str(&ra), a);
	assert_string_equal(buf_str(&rb), b);
	buf_free(&ra);
	buf_free(&rb);
}

/* Issue 9, "a version history that can be compared" (api9): word-level
 * runs, UTF-8 kept whole, the bound on the table respected by falling
 * back to lines, then to one delete and one insert. */
static void test_compare_versions(void **state)
{
	(void)state;
	json_t *r = response_compare_text("La loi punit le blanchiment.",
					  "La loi n° 12 punit sévèrement le blanchiment.");
	check_runs(r, "La loi punit le blanchiment.", "La loi n° 12 punit sévèrement le blanchiment.");
	assert_int_equal(json_array_size(r), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 1), "op")), "insert");
	/* Only the words added are marked (with one space beside them). */
	const char *i1 = json_string_value(json_object_get(json_array_get(r, 1), "text"));
	const char *i3 = json_string_value(json_object_get(json_array_get(r, 3), "text"));
	assert_true(strlen(i1) == strlen("n° 12 ") && strstr(i1, "n° 12"));
	assert_true(strlen(i3) == strlen(" sévèrement") && strstr(i3, "sévèrement"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 3), "op")), "insert");
	json_decref(r);
	r = response_compare_text("oui", "non");
	check_runs(r, "oui", "non");
	assert_int_equal(json_array_size(r), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 0), "op")), "delete");
	json_decref(r);
	r = response_compare_text("", "texte nouveau");
	check_runs(r, "", "texte nouveau");
	json_decref(r);
	r = response_compare_text("même", "même");
	check_runs(r, "même", "même");
	assert_int_equal(json_array_size(r), 1);
	json_decref(r);
	/* Large texts that differ everywhere: more than the bound of cells
	 * word by word, so by lines, then whole. */
	struct buf a = { 0 }, b = { 0 };
	for (int i = 0; i < 3000; i++) {
		buf_printf(&a, "a%d ", i);
		buf_printf(&b, "b%d%s", i, i % 100 == 99 ? "\n" : " ");
	}
	buf_puts(&a, "\nfin commune\n");
	buf_puts(&b, "\nfin commune\n");
	r = response_compare_text(buf_str(&a), buf_str(&b));
	check_runs(r, buf_str(&a), buf_str(&b));
	json_decref(r);
	buf_free(&a);
	buf_free(&b);
	/* The value of a list answer as its lines. */
	json_t *v = json_pack("[{s:s,s:s},{s:s}]", "citation", "Code pénal, art. 1", "link",
			      "https://example.org", "citation", "Loi 2", NULL);
	struct buf t = { 0 };
	response_value_text(v, &t);
	assert_string_equal(buf_str(&t), "Code pénal, art. 1 | https://example.org\nLoi 2\n");
	buf_free(&t);
	json_decref(v);
}

/* R93, R97 (para 21): answers and documents sealed at rest; seal and
 * open, a wrong key or an altered box refused; a plaintext database (as
 * written before migration 52) sealed whole by respseal_seal_all(), every
 * value still read as it was. */
static void test_sealed_at_rest(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	struct response_review rv;
	struct response_qns qs;
	struct response_answer a;
	struct attachment_meta m;
	int v = 0;
	/* seal/open of a text and of a document */
	char *box = respseal_seal_text("{\"value\":\"Loi secrète\"}");
	assert_non_null(box);
	assert_true(respseal_text_sealed(box));
	assert_null(strstr(box, "secr"));
	char *back = respseal_open_text(box);
	assert_string_equal(back, "{\"value\":\"Loi secrète\"}");
	free(back);
	char *box2 = respseal_seal_text("{\"value\":\"Loi secrète\"}");
	assert_string_not_equal(box, box2); /* a random nonce each time */
	free(box2);
	box[10] = box[10] == 'A' ? 'B' : 'A';
	assert_null(respseal_open_text(box));
	free(box);
	unsigned char *b = NULL, *o = NULL;
	size_t bl = 0, ol = 0;
	assert_int_equal(respseal_seal_blob((const unsigned char *)"%PDF-1.4 x", 10, &b, &bl), 0);
	assert_true(respseal_blob_sealed(b, bl));
	assert_int_equal(respseal_open_blob(b, bl, &o, &ol), 0);
	assert_int_equal(ol, 10);
	assert_memory_equal(o, "%PDF-1.4 x", 10);
	free(o);
	uint8_t other[32] = { 7 };
	respseal_set_key(other);
	assert_int_equal(respseal_open_blob(b, bl, &o, &ol), -1);
	free(b);
	uint8_t k0[32] = { 1 };
	respseal_set_key(k0);

	adopt_all(s);
	open_fra(s, &rv);
	assert_int_equal(response_qns_load(s, &rv, &qs), 4);
	const char *ft = NULL, *aq = NULL;
	for (size_t i = 0; i < qs.q[1].def->nquestions; i++) {
		if (!ft && qs.q[1].def->questions[i].type == QDEF_FREE_TEXT)
			ft = qs.q[1].def->questions[i].id;
		if (!aq && qs.q[1].def->questions[i].type == QDEF_ATTACHMENTS)
			aq = qs.q[1].def->questions[i].id;
	}
	assert_non_null(ft);
	assert_non_null(aq);
	/* Saved through the module: stored sealed, read back in plain text. */
	json_t *t = json_string("Article 225-4-1 du code pénal, version scellée");
	assert_int_equal(response_save(s, &rv, &qs, ft, 0, "fr", t, NULL, "x", &v, NULL, err,
				       sizeof err), RESPONSE_OK);
	json_decref(t);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM responses WHERE answer LIKE '%225-4-1%'"),
			 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM response_versions WHERE answer LIKE "
			      "'%225-4-1%'"), 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM responses WHERE answer LIKE 'rs1:%'"), 1);
	assert_int_equal(response_answer_get(s, &rv, ft, &a), 1);
	assert_non_null(strstr(a.answer, "225-4-1 du code pénal, version scellée"));
	response_answer_free(&a);
	const unsigned char doc[] = "Loi 2013-711 texte du document joint\n";
	assert_int_equal(attachment_add(s, &rv, &qs, aq, "loi.txt", doc, sizeof doc - 1, "x", &m,
					err, sizeof err), RESPONSE_OK);
	assert_int_equal(attachment_content(s, m.id, &o, &ol), 1);
	assert_int_equal(ol, sizeof doc - 1);
	assert_memory_equal(o, doc, ol);
	free(o);
	/* A plaintext database, as main wrote it before migration 52: an
	 * answer, two versions of it, a document; each sealed once, in one
	 * transaction; nothing lost. */
	exec1(s, "UPDATE responses SET answer = '{\"references\":[],\"value\":\"ancien texte "
		 "clair\"}'");
	exec1(s, "INSERT INTO response_versions (reviewed, phase, question, version, lang, answer, "
		 "saved_at, saved_by) SELECT reviewed, phase, question, 2, lang, answer, saved_at, "
		 "saved_by FROM responses");
	exec1(s, "UPDATE responses SET version = 2");
	struct store_stmt *st = store_prepare(s, "UPDATE attachments SET content = ?");
	assert_non_null(st);
	store_bind_blob(st, 1, doc, sizeof doc - 1);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM responses WHERE answer NOT LIKE 'rs1:%'"),
			 1);
	/* Read both ways before it is sealed. */
	assert_int_equal(response_answer_get(s, &rv, ft, &a), 1);
	assert_non_null(strstr(a.answer, "ancien texte clair"));
	response_answer_free(&a);
	/* SQLite: a long answer, on overflow pages, as old databases hold. */
	if (!tu_pg())
		exec1(s, "UPDATE responses SET answer = '{\"references\":[],\"value\":\"' || "
			 "replace(hex(zeroblob(2000)), '00', 'ancien texte clair ') || '\"}'");
	respseal_unload_key();
	assert_int_equal(respseal_seal_all(s, err, sizeof err), -1);
	assert_non_null(strstr(err, "not loaded"));
	respseal_set_key(k0);
	assert_int_equal(respseal_seal_all(s, err, sizeof err), 3);
	assert_int_equal(respseal_seal_all(s, err, sizeof err), 0); /* idempotent */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM responses WHERE answer NOT LIKE 'rs1:%'"),
			 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM response_versions WHERE answer NOT LIKE "
			      "'rs1:%'"), 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM response_versions"), 2);
	assert_int_equal(response_answer_get(s, &rv, ft, &a), 1);
	assert_int_equal(a.version, 2);
	assert_non_null(strstr(a.answer, "ancien texte clair"));
	response_answer_free(&a);
	struct response_answer *h = NULL;
	size_t hn = 0;
	assert_int_equal(response_history(s, &rv, ft, &h, &hn), 0);
	assert_int_equal(hn, 2);
	assert_non_null(strstr(h[0].answer, "225-4-1"));
	assert_non_null(strstr(h[1].answer, "ancien texte clair"));
	response_answers_free(h, hn);
	assert_int_equal(attachment_content(s, m.id, &o, &ol), 1);
	assert_memory_equal(o, doc, sizeof doc - 1);
	free(o);
	st = store_prepare(s, "SELECT content FROM attachments");
	assert_int_equal(store_step(st), STORE_ROW);
	size_t n = 0;
	const unsigned char *raw = store_col_blob(st, 0, &n);
	assert_true(respseal_blob_sealed(raw, n));
	store_finalize(st);
	/* Under another key nothing opens: an error, never garbage. */
	respseal_set_key(other);
	assert_int_equal(response_answer_get(s, &rv, ft, &a), -1);
	assert_int_equal(attachment_content(s, m.id, &o, &ol), -1);
	respseal_set_key(k0);
	response_qns_free(&qs);
	store_close(s);
	/* SQLite: the plaintext replaced is not left in the free space of
	 * its pages (secure_delete while sealing); the file once closed
	 * (WAL checkpointed) holds none of it. */
	if (!tu_pg()) {
		char path[600];
		tu_db(path, sizeof path, dir, "resp");
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		size_t cap = 1 << 20, got = 0, r;
		unsigned char *all = malloc(cap);
		while ((r = fread(all + got, 1, cap - got, f)) > 0)
			if ((got += r) == cap)
				all = realloc(all, cap *= 2);
		fclose(f);
		assert_true(got > 0);
		assert_null(memmem(all, got, "ancien texte clair", 18));
		assert_null(memmem(all, got, "texte du document joint", 23));
		free(all);
	}
	tu_rmdir(dir);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	/* Answers and documents are sealed (seal.h): a test key. */
	static const uint8_t test_key[32] = { 1 };
	respseal_set_key(test_key);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_months_clamps),
		cmocka_unit_test(test_open_needs_adopted_and_keeps_version),
		cmocka_unit_test(test_save_versions_conflict_history),
		cmocka_unit_test(test_completion_and_submission),
		cmocka_unit_test(test_show_if_makes_due),
		cmocka_unit_test(test_attachments),
		cmocka_unit_test(test_reminders_and_overdue),
		cmocka_unit_test(test_consultations),
		cmocka_unit_test(test_uncac_status_snapshotted),
		cmocka_unit_test(test_upload_multipart),
		cmocka_unit_test(test_notices_in_recipient_language),
		cmocka_unit_test(test_deadline_from_agreed_calendar),
		cmocka_unit_test(test_compare_versions),
		cmocka_unit_test(test_sealed_at_rest),
	};
	int rc = cmocka_run_group_tests_name("response", tests, NULL, NULL);
	json_decref(yes_value);
	return rc;
}
