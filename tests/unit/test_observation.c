/* test_observation.c - written observations (issue 10; para 35, R86, C43,
 * C47, C12): made only after submission, on a question of the phase's
 * questionnaires, by the reviewing States (a supplementary reviewer only
 * on its instruments' questions) and answered by the reviewed State;
 * archived (sealed, append-only, audited reads), notified to the
 * Secretariat without the content; the deadline six months after receipt
 * with the end-of-month clamp, reminders once each in the recipient's
 * language and the overdue flag.  Bad input writes nothing. */
#include "testutil.h"
#include "tu_people.h"

#include <sodium.h>

#include "accounts/account.h"
#include "core/refdata.h"
#include "dialogue/dialogue.h"
#include "dialogue/observation.h"
#include "i18n/i18n.h"
#include "questionnaire/qdef.h"
#include "util/xmalloc.h"

static struct account sec, fp_nga, ex_nga_tip, ob_nga, ex_fra, ex_bra, ex_deu;

static void mk(struct account *u, int64_t id, enum account_role r, const char *state,
	       const char *email)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	u->role = r;
	snprintf(u->state, sizeof u->state, "%s", state);
	snprintf(u->email, sizeof u->email, "%s", email);
}

static struct access_actor actor(struct account *u)
{
	struct access_actor a = { ACCESS_SIGNED_IN, u, 0 };
	return a;
}

/* NGA reviewed by FRA (every instrument) and BRA, the supplementary
 * reviewer in charge of the Trafficking Protocol only. */
static const char *const nga_rv[] = { "FRA", "BRA" };
static const char *const nga_inst[] = { "", "tip" };
static const struct access_review nga = { .reviewed = "NGA", .reviewers = nga_rv,
					  .nreviewers = 2, .reviewer_instruments = nga_inst };

#define QU "untoc-c1-a2-q1"
#define QT "tip-c1-a3-q1"

struct fx {
	char *dir;
	char db[512];
	struct store *s;
	struct qdef_table1 t1;
	struct response_qn qn[2];
	struct response_qns qs;
	struct observation_ctx c;
};

static void load_def(struct fx *f, size_t i, const char *instrument)
{
	char path[512];
	struct qdef_errors e = { 0 };
	snprintf(path, sizeof path, RM_SRCDIR "/data/questionnaires/%s-c1.json", instrument);
	if (qdef_load(path, &f->t1, &f->qn[i].def, &e) != 0)
		fail_msg("%s: %s", path, e.n ? e.msg[0] : "?");
	qdef_errors_free(&e);
	snprintf(f->qn[i].instrument, sizeof f->qn[i].instrument, "%s", instrument);
}

static void fx_open(struct fx *f, const char *name)
{
	char err[512], key[600];
	memset(f, 0, sizeof *f);
	mk(&sec, 1, ROLE_SECRETARIAT, "", "sec@unodc.example");
	mk(&fp_nga, 2, ROLE_FOCAL_POINT, "NGA", "fp@nga.example");
	mk(&ex_nga_tip, 3, ROLE_EXPERT, "NGA", "tip@nga.example");
	snprintf(ex_nga_tip.instruments, sizeof ex_nga_tip.instruments, "tip");
	mk(&ob_nga, 4, ROLE_OBSERVER, "NGA", "ob@nga.example");
	mk(&ex_fra, 5, ROLE_EXPERT, "FRA", "ex@fra.example");
	mk(&ex_bra, 6, ROLE_EXPERT, "BRA", "ex@bra.example");
	mk(&ex_deu, 7, ROLE_EXPERT, "DEU", "ex@deu.example");
	f->dir = tu_tmpdir();
	tu_db(f->db, sizeof f->db, f->dir, name);
	f->s = store_open(f->db, STORE_CREATE, err, sizeof err);
	if (!f->s)
		fail_msg("%s", err);
	assert_int_equal(store_migrate(f->s), 0);
	if (refdata_load(f->s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	snprintf(key, sizeof key, "%s/k.archive.key", f->dir);
	archive_key_unload();
	assert_int_equal(archive_key_load(key, 1, err, sizeof err), 0);
	int64_t a = account_create(f->s, "sec@unodc.example", "secretariat", NULL, NULL, err,
				   sizeof err);
	int64_t b = account_create(f->s, "fp@bra.example", "focal_point", "BRA", NULL, err,
				   sizeof err);
	int64_t c = account_create(f->s, "fp@fra.example", "focal_point", "FRA", NULL, err,
				   sizeof err);
	assert_true(a > 0 && b > 0 && c > 0);
	assert_true(account_set_lang(f->s, a, "es") >= 0);
	assert_true(account_set_lang(f->s, b, "fr") >= 0);
	assert_int_equal(qdef_table1_load(RM_SRCDIR "/data", &f->t1, err, sizeof err), 0);
	load_def(f, 0, "untoc");
	load_def(f, 1, "tip");
	f->qs.q = f->qn;
	f->qs.n = 2;
	f->c.review = &nga;
	f->c.phase = 1;
	f->c.phase_started = 1;
	f->c.submitted = 1;
	f->c.received = "2026-08-31T10:00:00Z";
	f->c.qs = &f->qs;
}

static void exec1(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

/* Para 18: NGA's focal point replies only as the one named for NGA
 * (access.c, acting_focal_point): its account, named; fp_nga takes its id. */
static void fx_name_fp(struct fx *f)
{
	fp_nga.id = tu_name_focal_point(f->s, "NGA", "fp@nga.example");
}

static void fx_close(struct fx *f)
{
	qdef_free(f->qn[0].def);
	qdef_free(f->qn[1].def);
	store_close(f->s);
	archive_key_unload();
	tu_rmdir(f->dir);
}

static int64_t obs(struct fx *f, struct account *u, const char *q, const char *type,
		   const char *text, int64_t reply_to)
{
	char err[256];
	struct access_actor a = actor(u);
	int64_t r = observation_post(f->s, &a, "192.0.2.1", &f->c, q, type, text, reply_to, err,
				     sizeof err);
	if (r < 0) {
		assert_true(err[0]); /* every refusal says why */
		if (getenv("OBS_DEBUG"))
			fprintf(stderr, "%s: %s\n", u->email, err);
	}
	return r;
}

static long long rows(struct fx *f)
{
	return store_count(f->s, "SELECT COUNT(*) FROM dialogue_observations", NULL);
}

static void test_only_after_submission(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, "obs1");
	f.c.submitted = 0;
	f.c.received = "";
	assert_int_equal(obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, "Too early.", -1),
			 DIALOGUE_CLOSED);
	assert_int_equal(rows(&f), 0);
	assert_int_equal(archive_size(f.s), 0);
	struct observation_due d;
	assert_int_equal(observation_due_get(f.s, &f.c, "2026-09-01", &d), 0);
	assert_string_equal(d.deadline, "");
	assert_int_equal(d.overdue, 0);
	fx_close(&f);
}

static void test_post_by_part_and_bad_input(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, "obs2");
	fx_name_fp(&f);
	long long mail0 = store_count(f.s, "SELECT COUNT(*) FROM outbox", NULL);
	int64_t c1 = obs(&f, &ex_fra, QU, OBSERVATION_COMMENT,
			 "The answer does not say which authority executes confiscation orders.", -1);
	assert_true(c1 >= 0);
	int64_t s1 = obs(&f, &ex_bra, QT, OBSERVATION_SUPPLEMENTARY,
			 "How many victims were identified in 2025?", -1);
	assert_true(s1 > c1);
	int64_t r1 = obs(&f, &fp_nga, NULL, OBSERVATION_REPLY,
			 "The Asset Recovery Office executes them.", c1);
	assert_true(r1 > s1);
	int64_t k1 = obs(&f, &ex_fra, QT, OBSERVATION_CLARIFICATION, "Please clarify.", -1);
	assert_true(k1 > r1);
	assert_int_equal(rows(&f), 4);
	long long n0 = archive_size(f.s);
	/* C47: BRA only on TIP questions; outsiders, observers, the
	 * Secretariat make none; the reviewed State only replies. */
	assert_int_equal(obs(&f, &ex_bra, QU, OBSERVATION_COMMENT, "x", -1), DIALOGUE_FORBIDDEN);
	assert_int_equal(obs(&f, &ex_deu, QU, OBSERVATION_COMMENT, "x", -1), DIALOGUE_FORBIDDEN);
	assert_int_equal(obs(&f, &sec, QU, OBSERVATION_COMMENT, "x", -1), DIALOGUE_FORBIDDEN);
	assert_int_equal(obs(&f, &fp_nga, QU, OBSERVATION_COMMENT, "x", -1), DIALOGUE_FORBIDDEN);
	assert_int_equal(obs(&f, &ob_nga, NULL, OBSERVATION_REPLY, "x", c1), DIALOGUE_FORBIDDEN);
	assert_int_equal(obs(&f, &ex_nga_tip, NULL, OBSERVATION_REPLY, "x", c1),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(obs(&f, &ex_fra, NULL, OBSERVATION_REPLY, "x", c1), DIALOGUE_FORBIDDEN);
	/* Bad input: a clear error, nothing written. */
	assert_int_equal(obs(&f, &ex_fra, "untoc-c1-a2-q999", OBSERVATION_COMMENT, "x", -1),
			 DIALOGUE_NOT_FOUND);
	assert_int_equal(obs(&f, &fp_nga, NULL, OBSERVATION_REPLY, "x", 9999), DIALOGUE_NOT_FOUND);
	assert_int_equal(obs(&f, &fp_nga, QU, OBSERVATION_REPLY, "x", -1), DIALOGUE_BAD);
	assert_int_equal(obs(&f, &fp_nga, QT, OBSERVATION_REPLY, "x", c1), DIALOGUE_BAD);
	assert_int_equal(obs(&f, &ex_fra, QU, "praise", "x", -1), DIALOGUE_BAD);
	assert_int_equal(obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, "", -1), DIALOGUE_BAD);
	char *big = xmalloc(OBSERVATION_MAX_TEXT + 2);
	memset(big, 'a', OBSERVATION_MAX_TEXT + 1);
	big[OBSERVATION_MAX_TEXT + 1] = '\0';
	assert_int_equal(obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, big, -1), DIALOGUE_BAD);
	big[OBSERVATION_MAX_TEXT] = '\0'; /* exactly the limit: accepted */
	assert_true(obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, big, -1) > k1);
	free(big);
	assert_int_equal(obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, "\xff\xfe", -1), DIALOGUE_BAD);
	assert_int_equal(rows(&f), 5);
	/* The observation and its row's metadata (migration 0053). */
	assert_int_equal(archive_size(f.s), n0 + 2);
	/* One thread per instrument, with the reviewers in charge (C47). */
	int64_t tu = dialogue_thread_find(f.s, "NGA", 1, "untoc");
	int64_t tt = dialogue_thread_find(f.s, "NGA", 1, "tip");
	struct archive_thread th;
	assert_true(tu > 0 && tt > 0 && tu != tt);
	assert_int_equal(archive_thread_get(f.s, tu, &th), 1);
	assert_string_equal(th.reviewers, "FRA");
	assert_int_equal(archive_thread_get(f.s, tt, &th), 1);
	assert_string_equal(th.reviewers, "FRA,BRA");
	/* C43: the Secretariat (one active account) told of each, without
	 * the content, in Spanish. */
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'sec@unodc.example'", NULL), 5);
	/* ... and NGA's named focal point of the four it did not write. */
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'fp@nga.example'", NULL), 4);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox", NULL), mail0 + 9);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE body LIKE "
					  "'%confiscation%' OR body LIKE '%victims%'", NULL), 0);
	/* Once sent, unchanged forever. */
	assert_int_not_equal(store_exec(f.s, "UPDATE dialogue_observations SET type = 'comment'"), 0);
	assert_int_not_equal(store_exec(f.s, "DELETE FROM dialogue_observations"), 0);
	assert_int_equal(rows(&f), 5);
	fx_close(&f);
}

static void test_lists_by_reader(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, "obs3");
	fx_name_fp(&f);
	int64_t c1 = obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, "Which authority?", -1);
	assert_true(obs(&f, &ex_bra, QT, OBSERVATION_SUPPLEMENTARY, "How many victims?", -1) > c1);
	assert_true(obs(&f, &fp_nga, NULL, OBSERVATION_REPLY, "The Asset Recovery Office.", c1) > 0);
	struct { struct account *u; size_t n; } want[] = {
		{ &sec, 3 }, { &fp_nga, 3 }, { &ob_nga, 3 }, { &ex_fra, 3 }, { &ex_bra, 1 },
		{ &ex_nga_tip, 1 }, { &ex_deu, 0 },
	};
	long long reads = 0;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct access_actor a = actor(want[i].u);
		struct observation *o;
		size_t n;
		assert_int_equal(observation_list(f.s, &a, "::1", &f.c, NULL, &o, &n), 0);
		if (n != want[i].n)
			fail_msg("%s reads %zu observations, expected %zu", want[i].u->email, n,
				 want[i].n);
		reads += (long long)n;
		if (want[i].u == &ex_bra) {
			assert_string_equal(o[0].instrument, "tip");
			assert_string_equal(o[0].text, "How many victims?");
			assert_string_equal(o[0].state, "BRA");
			assert_string_equal(o[0].author, "ex@bra.example");
		}
		if (want[i].u == &sec) {
			assert_string_equal(o[2].type, "reply");
			assert_int_equal(o[2].reply_to, c1);
			assert_string_equal(o[2].question, QU);
			assert_string_equal(o[2].part, "reviewed");
		}
		observation_list_free(o, n);
	}
	/* Every observation opened was an audited read. */
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					  "'read.archive'", NULL), reads);
	struct access_actor a = actor(&ex_fra);
	struct observation *o;
	size_t n;
	assert_int_equal(observation_list(f.s, &a, "::1", &f.c, "tip", &o, &n), 0);
	assert_int_equal(n, 1);
	observation_list_free(o, n);
	fx_close(&f);
}

static long long mails_to(struct fx *f, const char *to)
{
	return store_count(f->s, "SELECT COUNT(*) FROM outbox WHERE recipient = ?", to);
}

static void test_deadline_reminders_overdue(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	struct observation_due d;
	fx_open(&f, "obs4");
	/* 31 August + 6 months is clamped to 28 February (C12). */
	assert_int_equal(observation_due_get(f.s, &f.c, "2026-09-01", &d), 0);
	assert_string_equal(d.deadline, "2027-02-28");
	assert_int_equal(d.days_left, 180);
	assert_int_equal(d.nreviewers, 2);
	assert_int_equal(observation_remind(f.s, &f.c, "2026-09-01", err, sizeof err), 0);
	assert_true(obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, "Which authority?", -1) >= 0);
	/* 27 days before: BRA (none made) is reminded once, in French. */
	assert_int_equal(observation_remind(f.s, &f.c, "2027-02-01", err, sizeof err), 1);
	assert_int_equal(observation_remind(f.s, &f.c, "2027-02-01", err, sizeof err), 0);
	assert_int_equal(mails_to(&f, "fp@bra.example"), 1);
	assert_int_equal(mails_to(&f, "fp@fra.example"), 0);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'fp@bra.example' AND lang = 'fr' AND subject = "
					  "'Rappel : observations écrites attendues'", NULL), 1);
	assert_int_equal(observation_remind(f.s, &f.c, "2027-02-24", err, sizeof err), 1);
	assert_int_equal(mails_to(&f, "fp@bra.example"), 2);
	long long sec0 = mails_to(&f, "sec@unodc.example");
	assert_int_equal(observation_due_get(f.s, &f.c, "2027-02-28", &d), 0);
	assert_int_equal(d.overdue, 0);
	/* After the deadline: the overdue flag, BRA and the Secretariat told. */
	assert_int_equal(observation_due_get(f.s, &f.c, "2027-03-01", &d), 0);
	assert_int_equal(d.days_left, -1);
	assert_int_equal(d.overdue, 1);
	assert_string_equal(d.reviewers[0].state, "FRA");
	assert_int_equal(d.reviewers[0].made, 1);
	assert_int_equal(d.reviewers[0].overdue, 0);
	assert_int_equal(d.reviewers[1].overdue, 1);
	assert_int_equal(observation_remind(f.s, &f.c, "2027-03-01", err, sizeof err), 1);
	assert_int_equal(observation_remind(f.s, &f.c, "2027-03-02", err, sizeof err), 0);
	assert_int_equal(mails_to(&f, "fp@bra.example"), 3);
	assert_int_equal(mails_to(&f, "sec@unodc.example"), sec0 + 1);
	/* Late observations are still taken (the flag goes for that State). */
	assert_true(obs(&f, &ex_bra, QT, OBSERVATION_COMMENT, "Late, but here.", -1) >= 0);
	assert_int_equal(observation_due_get(f.s, &f.c, "2027-03-02", &d), 0);
	assert_int_equal(d.overdue, 0);
	fx_close(&f);
}


/* R18: a reviewing State without a focal-point account is reminded
 * through its Permanent Representative, in the representative's language;
 * and the reviewed State's contact is told of each observation (without
 * its text), in the same transaction. */
static void test_reminders_reach_representative(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	fx_open(&f, "obs5");
	assert_true(account_set_disabled(f.s, "fp@bra.example", 1) >= 0);
	exec1(f.s, "INSERT INTO representatives (state, name, email, lang, entered_at, entered_by) "
		   "VALUES ('BRA', 'PR of Brazil', 'pr@bra.example', 'es', '2026-01-01', 'sec'), "
		   "('NGA', 'PR of Nigeria', 'pr@nga.example', 'ar', '2026-01-01', 'sec')");
	assert_true(obs(&f, &ex_fra, QU, OBSERVATION_COMMENT, "Which authority, secretly 4711?",
			-1) >= 0);
	assert_int_equal(mails_to(&f, "pr@nga.example"), 1);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'pr@nga.example' AND lang = 'ar' AND body LIKE "
					  "'%/reviews/NGA/phases/1/observations%' AND body NOT LIKE "
					  "'%4711%'", NULL), 1);
	assert_int_equal(observation_remind(f.s, &f.c, "2027-02-01", err, sizeof err), 1);
	assert_int_equal(mails_to(&f, "fp@bra.example"), 0);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'pr@bra.example' AND lang = 'es' AND subject = ?",
				     i18n_get("es", "Reminder: written observations due")), 1);
	fx_close(&f);
}

int main(void)
{
	char err[512];
	if (sodium_init() < 0 || i18n_load(RM_SRCDIR "/po", err, sizeof err) < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_after_submission),
		cmocka_unit_test(test_post_by_part_and_bad_input),
		cmocka_unit_test(test_lists_by_reader),
		cmocka_unit_test(test_deadline_reminders_overdue),
		cmocka_unit_test(test_reminders_reach_representative),
	};
	int rc = cmocka_run_group_tests_name("observation", tests, NULL, NULL);
	i18n_free();
	return rc;
}
