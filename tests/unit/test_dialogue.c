/* test_dialogue.c - the written dialogue (issue 10; paras 21, 33, 35, 36;
 * R93-R96, C43, C47): threads per review, phase and instrument with the
 * reviewers in charge of it, items archived (sealed, audited reads), the
 * Secretariat reading every thread and notified of every item in its
 * language without the content, a supplementary reviewer seeing only the
 * threads of its instruments, an expert narrowed to other instruments and
 * observers (read only), stakeholders and outsiders refused. */
#include "testutil.h"
#include "tu_people.h"

#include <sodium.h>

#include "accounts/account.h"
#include "core/refdata.h"
#include "dialogue/dialogue.h"
#include "i18n/i18n.h"
#include "mail/outbox.h"
#include "review/disclosure.h"
#include "util/xmalloc.h"

static struct account sec, fp_nga, ex_nga_tip, ob_nga, ex_fra, ex_bra, ex_deu, sh;

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

/* NGA reviewed by FRA (in charge of every instrument) and BRA, the
 * supplementary reviewer in charge of the Firearms Protocol only. */
static const struct dialogue_reviewer nga_rv[] = { { "FRA", "" }, { "BRA", "firearms" } };
static const struct dialogue_review nga = { "NGA", nga_rv, 2 };

struct fx {
	char *dir;
	char db[512];
	struct store *s;
};

static void fx_open(struct fx *f, const char *name)
{
	char err[512], key[600];
	mk(&sec, 1, ROLE_SECRETARIAT, "", "sec@unodc.example");
	mk(&fp_nga, 2, ROLE_FOCAL_POINT, "NGA", "fp@nga.example");
	mk(&ex_nga_tip, 3, ROLE_EXPERT, "NGA", "tip@nga.example");
	snprintf(ex_nga_tip.instruments, sizeof ex_nga_tip.instruments, "tip");
	mk(&ob_nga, 4, ROLE_OBSERVER, "NGA", "ob@nga.example");
	mk(&ex_fra, 5, ROLE_EXPERT, "FRA", "ex@fra.example");
	mk(&ex_bra, 6, ROLE_EXPERT, "BRA", "ex@bra.example");
	mk(&ex_deu, 7, ROLE_EXPERT, "DEU", "ex@deu.example");
	mk(&sh, 8, ROLE_STAKEHOLDER, "", "ngo@example.org");
	f->dir = tu_tmpdir();
	tu_db(f->db, sizeof f->db, f->dir, name);
	f->s = store_open(f->db, STORE_CREATE, err, sizeof err);
	if (!f->s)
		fail_msg("%s", err);
	assert_int_equal(store_migrate(f->s), 0);
	snprintf(key, sizeof key, "%s/k.archive.key", f->dir);
	archive_key_unload();
	assert_int_equal(archive_key_load(key, 1, err, sizeof err), 0);
	/* Two Secretariat accounts (French and Spanish), one disabled. */
	int64_t a = account_create(f->s, "sec@unodc.example", "secretariat", NULL, NULL, err,
				   sizeof err);
	int64_t b = account_create(f->s, "sec2@unodc.example", "secretariat", NULL, NULL, err,
				   sizeof err);
	int64_t c = account_create(f->s, "gone@unodc.example", "secretariat", NULL, NULL, err,
				   sizeof err);
	assert_true(a > 0 && b > 0 && c > 0);
	assert_true(account_set_lang(f->s, a, "fr") >= 0);
	assert_true(account_set_lang(f->s, b, "es") >= 0);
	assert_true(account_set_disabled(f->s, "gone@unodc.example", 1) >= 0);
}

static void fx_close(struct fx *f)
{
	store_close(f->s);
	archive_key_unload();
	tu_rmdir(f->dir);
}

static void exec1(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

/* Para 18: NGA's focal point writes only once it is the one named for NGA
 * (access.c, acting_focal_point): its account, named; fp_nga takes its id.
 * Returns the account's id. */
static int64_t fx_name_fp(struct fx *f)
{
	exec1(f->s, "INSERT INTO parties (code, name) SELECT 'NGA', 'Nigeria' WHERE NOT EXISTS "
		    "(SELECT 1 FROM parties WHERE code = 'NGA')");
	fp_nga.id = tu_name_focal_point(f->s, "NGA", "fp@nga.example");
	return fp_nga.id;
}

static int64_t post(struct fx *f, struct account *u, int64_t thread, const char *text, char *err,
		    size_t errlen)
{
	struct access_actor a = actor(u);
	struct dialogue_item it = { ARCHIVE_KIND_MESSAGE, "Question", "text/plain", text,
				    strlen(text) };
	return dialogue_post(f->s, &a, "192.0.2.1", thread, &it, err, errlen);
}

static void test_threads_and_parts(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	fx_open(&f, "dlg1");
	fx_name_fp(&f);
	struct access_actor a_fp = actor(&fp_nga), a_sh = actor(&sh), a_deu = actor(&ex_deu);
	struct access_actor a_bra = actor(&ex_bra), a_ob = actor(&ob_nga), a_sec = actor(&sec);
	/* The UNTOC thread: FRA only (BRA is in charge of firearms, C47). */
	int64_t untoc = dialogue_thread_open(f.s, &a_fp, &nga, 1, "untoc", err, sizeof err);
	assert_true(untoc > 0);
	struct archive_thread th;
	assert_int_equal(archive_thread_get(f.s, untoc, &th), 1);
	assert_string_equal(th.reviewers, "FRA");
	int64_t fire = dialogue_thread_open(f.s, &a_sec, &nga, 1, "firearms", err, sizeof err);
	assert_true(fire > 0);
	assert_int_equal(archive_thread_get(f.s, fire, &th), 1);
	assert_string_equal(th.reviewers, "FRA,BRA");
	/* BRA cannot open a UNTOC thread; outsiders and stakeholders none. */
	assert_int_equal(dialogue_thread_open(f.s, &a_bra, &nga, 1, "untoc", err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_thread_open(f.s, &a_deu, &nga, 1, "untoc", err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_thread_open(f.s, &a_sh, &nga, 1, "untoc", err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_thread_open(f.s, &a_ob, &nga, 1, "untoc", err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_thread_open(f.s, &a_fp, &nga, 7, "untoc", err, sizeof err),
			 DIALOGUE_ERROR);

	/* The list of observations' agreements live in a thread of their own
	 * (findings/agree.c): not a dialogue thread, listed to nobody. */
	assert_true(archive_thread_create(f.s, "NGA", 1, ARCHIVE_THREAD_LIST_AGREEMENTS, "FRA,BRA",
					  err, sizeof err) > 0);
	/* Who sees which threads. */
	struct { struct account *u; size_t n; } want[] = {
		{ &sec, 2 }, { &fp_nga, 2 }, { &ob_nga, 2 }, { &ex_fra, 2 }, { &ex_bra, 1 },
		{ &ex_nga_tip, 0 }, { &ex_deu, 0 }, { &sh, 0 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct access_actor a = actor(want[i].u);
		struct archive_thread *t;
		size_t n;
		assert_int_equal(dialogue_threads(f.s, &a, "NGA", 0, &t, &n), 0);
		if (n != want[i].n)
			fail_msg("%s sees %zu threads, expected %zu", want[i].u->email, n, want[i].n);
		if (want[i].u == &ex_bra)
			assert_int_equal(t[0].id, fire);
		free(t);
	}
	struct archive_thread *t;
	size_t n;
	assert_int_equal(dialogue_threads(f.s, &a_sec, "NGA", 2, &t, &n), 0);
	assert_int_equal(n, 0);
	free(t);
	fx_close(&f);
}

static void test_post_read_notify(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	struct archive_record r;
	fx_open(&f, "dlg2");
	fx_name_fp(&f);
	struct access_actor a_fp = actor(&fp_nga), a_fra = actor(&ex_fra), a_bra = actor(&ex_bra);
	struct access_actor a_sec = actor(&sec), a_ob = actor(&ob_nga), a_sh = actor(&sh);
	struct access_actor a_tip = actor(&ex_nga_tip), a_deu = actor(&ex_deu);
	int64_t untoc = dialogue_thread_open(f.s, &a_fp, &nga, 1, "untoc", err, sizeof err);
	assert_true(untoc > 0);
	long long mail0 = store_count(f.s, "SELECT COUNT(*) FROM outbox", NULL);
	long long notes0 = store_count(f.s, "SELECT COALESCE(MAX(id), 0) FROM outbox", NULL);
	/* The reviewer asks, the reviewed State answers, with a call record. */
	int64_t q = post(&f, &ex_fra, untoc, "How many confiscation orders were executed?", err,
			 sizeof err);
	assert_true(q >= 0);
	int64_t ans = post(&f, &fp_nga, untoc, "Forty-two, see the attached table.", err,
			   sizeof err);
	assert_true(ans > q);
	static const char notes[] = "Video call of 3 March: the reviewers and the focal point";
	struct dialogue_item call = { ARCHIVE_KIND_CALL, "Call of 3 March", "text/plain", notes,
				      sizeof notes - 1 };
	int64_t cr = dialogue_post(f.s, &a_sec, "192.0.2.9", untoc, &call, err, sizeof err);
	assert_true(cr > ans);
	/* Refused: BRA (not in charge of UNTOC), observers, outsiders,
	 * stakeholders, an NGA expert acting for TIP only. */
	assert_int_equal(post(&f, &ex_bra, untoc, "x", err, sizeof err), DIALOGUE_FORBIDDEN);
	assert_int_equal(post(&f, &ob_nga, untoc, "x", err, sizeof err), DIALOGUE_FORBIDDEN);
	assert_int_equal(post(&f, &ex_deu, untoc, "x", err, sizeof err), DIALOGUE_FORBIDDEN);
	assert_int_equal(post(&f, &sh, untoc, "x", err, sizeof err), DIALOGUE_FORBIDDEN);
	assert_int_equal(post(&f, &ex_nga_tip, untoc, "x", err, sizeof err), DIALOGUE_FORBIDDEN);
	assert_int_equal(post(&f, &fp_nga, 999, "x", err, sizeof err), DIALOGUE_NOT_FOUND);
	assert_int_equal(post(&f, &fp_nga, untoc, "", err, sizeof err), DIALOGUE_BAD);
	struct dialogue_item agree = { ARCHIVE_KIND_AGREEMENT, "t", "text/plain", "x", 1 };
	assert_int_equal(dialogue_post(f.s, &a_fp, "::1", untoc, &agree, err, sizeof err),
			 DIALOGUE_BAD);
	/* Three items and the thread's envelope (migration 0053). */
	assert_int_equal(archive_size(f.s), 3 + 1);

	/* C43: each active Secretariat account got one notice per item, in
	 * its language, naming the item and never its content. */
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox", NULL), mail0 + 8);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'gone@unodc.example'", NULL), 0);
	/* ... and NGA's named focal point of the two items it did not write. */
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'fp@nga.example'", NULL), 2);
	/* Each of these e-mails to an active account is also that account's
	 * notification, with its text (the ids come from the recipients'
	 * query, not from a second look-up by address: issue 10 bench), and
	 * no notification went to anyone else. */
	char since[24];
	snprintf(since, sizeof since, "%lld", notes0);
	long long to_accounts = store_count(f.s, "SELECT COUNT(*) FROM outbox o JOIN users u ON "
					    "u.email = o.recipient AND u.disabled = 0 WHERE o.id > "
					    "CAST(? AS INTEGER)", since);
	assert_true(to_accounts >= 2);   /* NGA's focal point's two at least */
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM notifications n JOIN outbox o ON "
					  "o.id = n.outbox_id JOIN users u ON u.id = n.user_id "
					  "WHERE u.email = o.recipient AND u.disabled = 0 AND "
					  "n.subject = o.subject AND n.body = o.body AND o.id > "
					  "CAST(? AS INTEGER)", since), to_accounts);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM notifications WHERE outbox_id > "
					  "CAST(? AS INTEGER)", since), to_accounts);
	struct store_stmt *st = store_prepare(f.s, "SELECT recipient, lang, subject, body FROM "
						   "outbox WHERE recipient LIKE '%@unodc.example' "
						   "ORDER BY id");
	assert_non_null(st);
	int seen = 0;
	while (store_step(st) == STORE_ROW) {
		const char *body = store_col_text(st, 3);
		assert_null(strstr(body, "confiscation"));
		assert_null(strstr(body, "Forty-two"));
		assert_null(strstr(body, "Video call"));
		assert_non_null(strstr(body, "NGA"));
		/* In the recipient's language (po/fr.po, po/es.po). */
		if (!strcmp(store_col_text(st, 0), "sec@unodc.example")) {
			assert_string_equal(store_col_text(st, 1), "fr");
			assert_string_equal(store_col_text(st, 2), "Nouvel élément dans un dialogue d’examen");
		} else {
			assert_string_equal(store_col_text(st, 0), "sec2@unodc.example");
			assert_string_equal(store_col_text(st, 2), "Nuevo elemento en un diálogo de examen");
		}
		seen++;
	}
	store_finalize(st);
	assert_int_equal(seen, 6);

	/* Reads: allowed ones open the item and are audited. */
	struct access_actor *readers[] = { &a_sec, &a_fp, &a_fra, &a_ob };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(dialogue_read(f.s, readers[i], "192.0.2.2", q, &r, err, sizeof err),
				 DIALOGUE_OK);
		assert_string_equal((const char *)r.body, "How many confiscation orders were executed?");
		assert_string_equal(r.author, "ex@fra.example");
		archive_record_free(&r);
	}
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					  "'read.archive'", NULL), 4);
	struct access_actor *refused[] = { &a_bra, &a_deu, &a_sh, &a_tip };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(dialogue_read(f.s, refused[i], "192.0.2.3", q, &r, err, sizeof err),
				 DIALOGUE_FORBIDDEN);
		assert_null(r.body);
	}
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					  "'read.archive'", NULL), 4);
	assert_int_equal(dialogue_read(f.s, &a_sec, "::1", 77, &r, err, sizeof err),
			 DIALOGUE_NOT_FOUND);
	int64_t *ids;
	size_t n;
	assert_int_equal(dialogue_items(f.s, &a_fra, untoc, &ids, &n, err, sizeof err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], q);
	assert_int_equal(ids[2], cr);
	free(ids);
	assert_int_equal(dialogue_items(f.s, &a_bra, untoc, &ids, &n, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	/* Posting is audited with the item's id. */
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					  "'dialogue.post'", NULL), 3);
	fx_close(&f);
}

/* Anonymous and half-logged-in actors get nothing. */
static void test_unauthenticated(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	struct archive_record r;
	fx_open(&f, "dlg3");
	fx_name_fp(&f);
	struct access_actor a_fp = actor(&fp_nga);
	int64_t t = dialogue_thread_open(f.s, &a_fp, &nga, 1, "untoc", err, sizeof err);
	int64_t q = post(&f, &fp_nga, t, "Our answer.", err, sizeof err);
	assert_true(q >= 0);
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct access_actor half = { ACCESS_MFA_PENDING, &fp_nga, 0 };
	struct dialogue_item it = { ARCHIVE_KIND_MESSAGE, "t", "text/plain", "x", 1 };
	assert_int_equal(dialogue_post(f.s, &anon, "::1", t, &it, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_post(f.s, &half, "::1", t, &it, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_read(f.s, &anon, "::1", q, &r, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_read(f.s, &half, "::1", q, &r, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	fx_close(&f);
}

/* Threads open on first use from the start of the phase (para 31), one
 * per review, phase and instrument, with the reviewers in charge of it
 * (C47); typed texts are bounded UTF-8; nothing is written on a refusal. */
static void test_ensure_and_text_limits(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	fx_open(&f, "dlg4");
	fx_name_fp(&f);
	static const char *const rv[] = { "FRA", "BRA" };
	static const char *const inst[] = { "", "firearms" };
	struct access_review ar = { .reviewed = "NGA", .reviewers = rv, .nreviewers = 2,
				    .reviewer_instruments = inst };
	struct access_actor a_fp = actor(&fp_nga), a_bra = actor(&ex_bra), a_ob = actor(&ob_nga);
	assert_int_equal(dialogue_thread_find(f.s, "NGA", 1, "untoc"), 0);
	assert_int_equal(dialogue_thread_ensure(f.s, &a_fp, &ar, 1, 0, "untoc", err, sizeof err),
			 DIALOGUE_CLOSED);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM archive_threads", NULL), 0);
	assert_int_equal(dialogue_thread_ensure(f.s, &a_bra, &ar, 1, 1, "untoc", err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_thread_ensure(f.s, &a_ob, &ar, 1, 1, "untoc", err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM archive_threads", NULL), 0);
	int64_t t = dialogue_thread_ensure(f.s, &a_fp, &ar, 1, 1, "untoc", err, sizeof err);
	assert_true(t > 0);
	assert_int_equal(dialogue_thread_ensure(f.s, &a_fp, &ar, 1, 1, "untoc", err, sizeof err), t);
	assert_int_equal(dialogue_thread_find(f.s, "NGA", 1, "untoc"), t);
	struct archive_thread th;
	assert_int_equal(archive_thread_get(f.s, t, &th), 1);
	assert_string_equal(th.reviewers, "FRA");
	int64_t fire = dialogue_thread_ensure(f.s, &a_bra, &ar, 1, 1, "firearms", err, sizeof err);
	assert_true(fire > t);
	assert_int_equal(archive_thread_get(f.s, fire, &th), 1);
	assert_string_equal(th.reviewers, "FRA,BRA");
	/* A text of exactly DIALOGUE_MAX_TEXT characters (two bytes each)
	 * goes; one more, or bytes that are not UTF-8, do not. */
	size_t n = 2 * (DIALOGUE_MAX_TEXT + 1);
	char *big = xmalloc(n + 1);
	for (size_t i = 0; i < n; i += 2) {
		big[i] = (char)0xc3;
		big[i + 1] = (char)0xa9; /* e acute */
	}
	big[n] = '\0';
	struct dialogue_item it = { ARCHIVE_KIND_MESSAGE, "Long", "text/plain", big, n };
	assert_int_equal(dialogue_post(f.s, &a_fp, "::1", t, &it, err, sizeof err), DIALOGUE_BAD);
	assert_non_null(strstr(err, "longer than"));
	it.body_len = n - 2;
	assert_true(dialogue_post(f.s, &a_fp, "::1", t, &it, err, sizeof err) >= 0);
	it.body = "\xff\xfe";
	it.body_len = 2;
	assert_int_equal(dialogue_post(f.s, &a_fp, "::1", t, &it, err, sizeof err), DIALOGUE_BAD);
	it.body = "a\0b";
	it.body_len = 3;
	assert_int_equal(dialogue_post(f.s, &a_fp, "::1", t, &it, err, sizeof err), DIALOGUE_BAD);
	free(big);
	assert_int_equal(archive_size(f.s), 1 + 2); /* and the two threads' envelopes */
	fx_close(&f);
}

#define Z64 "'0000000000000000000000000000000000000000000000000000000000000000'"

/* NGA reviewed by FRA (every instrument) and BRA (firearms, C47) in the
 * stored draw, as review/country reads it. */
static void fx_draw(struct fx *f)
{
	char err[512];
	if (refdata_load(f->s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	exec1(f->s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		    "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', " Z64 ", " Z64
		    ", '', '{}')");
	exec1(f->s, "INSERT INTO lots_events (id, draw_id, seq, kind, created_at, seed, algorithm, "
		    "inputs, output) VALUES (1, 1, 0, 'lots', '2025-01-01T00:00:00Z', " Z64
		    ", 't', '{}', '{}')");
	exec1(f->s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'NGA', 1)");
	exec1(f->s, "INSERT INTO lots_assignments (draw_id, event_id, reviewed, reviewer, slot, "
		    "role, instruments, valid_from) VALUES "
		    "(1, 1, 'NGA', 'FRA', 0, 'other_region', 'untoc tip som firearms', '2025-01-01'), "
		    "(1, 1, 'NGA', 'BRA', 1, 'additional', 'firearms', '2025-01-01')");
}

/* Para 30 and C47: after a redraw replaces FRA by DEU, the thread opened
 * with FRA follows the review's current reviewers: DEU reads the whole
 * thread (FRA's message included), FRA no longer reads it, the message
 * stays archived and the archive's rows are unchanged. */
static void test_redraw_moves_participants(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	struct archive_record r;
	struct archive_thread th, *t = NULL;
	size_t nt = 0;
	int64_t *ids = NULL;
	size_t n = 0;
	fx_open(&f, "dlg5");
	fx_draw(&f);
	fx_name_fp(&f);
	struct access_actor a_fp = actor(&fp_nga), a_fra = actor(&ex_fra), a_deu = actor(&ex_deu);
	int64_t untoc = dialogue_thread_open(f.s, &a_fp, &nga, 1, "untoc", err, sizeof err);
	assert_true(untoc > 0);
	int64_t q = post(&f, &ex_fra, untoc, "Which authority executes confiscation orders?", err,
			 sizeof err);
	assert_true(q >= 0);
	assert_int_equal(dialogue_threads(f.s, &a_deu, "NGA", 1, &t, &nt), DIALOGUE_OK);
	assert_int_equal(nt, 0);
	free(t);

	exec1(f.s, "UPDATE lots_assignments SET status = 'replaced', valid_to = '2025-03-01' "
		   "WHERE reviewed = 'NGA' AND reviewer = 'FRA'");
	exec1(f.s, "INSERT INTO lots_events (id, draw_id, seq, kind, created_at, seed, algorithm, "
		   "inputs, output) VALUES (2, 1, 1, 'redraw', '2025-03-01T00:00:00Z', " Z64
		   ", 't', '{}', '{}')");
	exec1(f.s, "INSERT INTO lots_assignments (draw_id, event_id, reviewed, reviewer, slot, "
		   "role, instruments, valid_from) VALUES (1, 2, 'NGA', 'DEU', 0, 'other_region', "
		   "'untoc tip som firearms', '2025-03-01')");

	/* The replacement sees the thread, with DEU as its participant, and
	 * reads what FRA posted. */
	assert_int_equal(dialogue_threads(f.s, &a_deu, "NGA", 1, &t, &nt), DIALOGUE_OK);
	assert_int_equal(nt, 1);
	assert_string_equal(t[0].reviewers, "DEU");
	free(t);
	assert_int_equal(dialogue_items(f.s, &a_deu, untoc, &ids, &n, err, sizeof err), DIALOGUE_OK);
	assert_int_equal(n, 1);
	free(ids);
	assert_int_equal(dialogue_read(f.s, &a_deu, "::1", q, &r, err, sizeof err), DIALOGUE_OK);
	assert_memory_equal(r.body, "Which authority", 15);
	archive_record_free(&r);
	assert_true(post(&f, &ex_deu, untoc, "A follow-up question.", err, sizeof err) > q);
	/* The replaced State lost access from the redraw on. */
	assert_int_equal(dialogue_threads(f.s, &a_fra, "NGA", 1, &t, &nt), DIALOGUE_OK);
	assert_int_equal(nt, 0);
	free(t);
	assert_int_equal(dialogue_items(f.s, &a_fra, untoc, &ids, &n, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(dialogue_read(f.s, &a_fra, "::1", q, &r, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(post(&f, &ex_fra, untoc, "x", err, sizeof err), DIALOGUE_FORBIDDEN);
	/* Nothing deleted or rewritten: the archive keeps the thread as
	 * opened, both messages, and verifies. */
	assert_int_equal(archive_thread_get(f.s, untoc, &th), 1);
	assert_string_equal(th.reviewers, "FRA");
	assert_int_equal(archive_size(f.s), 2 + 1); /* and the thread's envelope */
	fx_close(&f);
}

/* The participants are told of each item (C43 for them too): the reviewed
 * State's contact (its Permanent Representative while no focal point is
 * named, R18; then the focal point) and each reviewing State's in charge
 * of the instrument, in their language, without the content; not BRA
 * (firearms only), not the author. */
static void test_participants_notified(void **state)
{
	(void)state;
	struct fx f;
	char err[256];
	fx_open(&f, "dlg6");
	fx_draw(&f);
	exec1(f.s, "INSERT INTO representatives (state, name, email, lang, entered_at, entered_by) "
		   "VALUES ('NGA', 'PR of Nigeria', 'pr@nga.example', 'fr', '2025-01-01', 'sec'), "
		   "('FRA', 'PR of France', 'pr@fra.example', 'es', '2025-01-01', 'sec'), "
		   "('BRA', 'PR of Brazil', 'pr@bra.example', 'en', '2025-01-01', 'sec')");
	/* No focal point named yet: a reviewer opens the thread; an unnamed
	 * focal-point account of NGA could not (para 18). */
	struct access_actor a_fp = actor(&fp_nga), a_fra = actor(&ex_fra);
	assert_true(dialogue_thread_open(f.s, &a_fp, &nga, 1, "untoc", err, sizeof err) < 0);
	int64_t untoc = dialogue_thread_open(f.s, &a_fra, &nga, 1, "untoc", err, sizeof err);
	assert_true(untoc > 0);
	static const char secret[] = "The confidential figure is 4711.";
	assert_true(post(&f, &ex_fra, untoc, secret, err, sizeof err) >= 0);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'pr@nga.example' AND lang = 'fr'", NULL), 1);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'pr@fra.example' AND lang = 'es'", NULL), 1);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'pr@bra.example'", NULL), 0);
	struct store_stmt *st = store_prepare(f.s, "SELECT subject, body FROM outbox WHERE "
						   "recipient = 'pr@nga.example'");
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_string_equal(store_col_text(st, 0),
			    i18n_get("fr", "New item in a review dialogue"));
	assert_non_null(strstr(store_col_text(st, 1), i18n_get("fr", "A new item was posted in the "
		"dialogue of a country review your State takes part in.")));
	assert_non_null(strstr(store_col_text(st, 1), "/reviews/NGA/phases/1/dialogue"));
	assert_null(strstr(store_col_text(st, 1), "4711"));
	store_finalize(st);
	/* NGA names its focal point: from then on it is told, not the
	 * representative; the author (here the focal point) is not told of
	 * its own post. */
	int64_t uid = fx_name_fp(&f);
	assert_true(account_set_lang(f.s, uid, "ru") >= 0);
	assert_true(post(&f, &ex_fra, untoc, "Second question.", err, sizeof err) >= 0);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'fp@nga.example' AND lang = 'ru'", NULL), 1);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'pr@nga.example'", NULL), 1);
	assert_true(post(&f, &fp_nga, untoc, "An answer.", err, sizeof err) >= 0);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'fp@nga.example'", NULL), 1);
	assert_int_equal(store_count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = "
					  "'pr@fra.example'", NULL), 3);
	fx_close(&f);
}

/* disc2 (R101, para 41; paras 35, 40): one message of a thread disclosed
 * alone -- the thread is listed to the public with that record only, its
 * sibling refused; a written observation of the thread stays closed under
 * a thread or message choice and opens with the dialogue of its phase and
 * instrument (docs/disclosure.md). */
static void test_message_disclosed_alone(void **state)
{
	(void)state;
	struct fx f;
	char err[256], item[40];
	fx_open(&f, "dlg7");
	fx_name_fp(&f);
	struct access_actor a_fp = actor(&fp_nga), a_sh = actor(&sh), a_fra = actor(&ex_fra);
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	int64_t th = dialogue_thread_open(f.s, &a_fp, &nga, 1, "untoc", err, sizeof err);
	assert_true(th > 0);
	int64_t m1 = post(&f, &fp_nga, th, "Le message divulgue", err, sizeof err);
	int64_t m2 = post(&f, &ex_fra, th, "Son voisin", err, sizeof err);
	assert_true(m1 >= 0 && m2 > m1);
	/* A document sent with each message (migration 0046); refusals
	 * first, nothing written: a message sent "with" a message, a message
	 * of another thread, a document, none; a stakeholder (access first). */
	struct dialogue_item doc = { ARCHIVE_KIND_ATTACHMENT, "loi.pdf", "application/pdf",
				     "%PDF-1.4 x", 10 };
	struct dialogue_item msgi = { ARCHIVE_KIND_MESSAGE, "t", "text/plain", "x", 1 };
	int64_t fire = dialogue_thread_open(f.s, &a_fp, &nga, 1, "firearms", err, sizeof err);
	assert_true(fire > 0);
	int64_t mf = post(&f, &fp_nga, fire, "Un message sur les armes", err, sizeof err);
	assert_true(mf > m2);
	int64_t size0 = archive_size(f.s);
	assert_int_equal(dialogue_post_with(f.s, &a_fp, "-", th, &msgi, m1, err, sizeof err),
			 DIALOGUE_BAD);
	assert_int_equal(dialogue_post_with(f.s, &a_fp, "-", th, &doc, mf, err, sizeof err),
			 DIALOGUE_NOT_FOUND);
	assert_non_null(strstr(err, "no such message in this thread"));
	assert_int_equal(dialogue_post_with(f.s, &a_fp, "-", th, &doc, 999999, err, sizeof err),
			 DIALOGUE_NOT_FOUND);
	assert_int_equal(dialogue_post_with(f.s, &a_sh, "-", th, &doc, m1, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(archive_size(f.s), size0);
	int64_t d1 = dialogue_post_with(f.s, &a_fp, "-", th, &doc, m1, err, sizeof err);
	assert_true(d1 > mf);
	assert_int_equal(dialogue_post_with(f.s, &a_fp, "-", th, &doc, d1, err, sizeof err),
			 DIALOGUE_NOT_FOUND); /* a document is no message */
	int64_t d2 = dialogue_post_with(f.s, &a_fp, "-", th, &doc, m2, err, sizeof err);
	assert_true(d2 > d1);
	int64_t of = 0;
	assert_int_equal(dialogue_message_of(f.s, d1, &of), 1);
	assert_true(of == m1);
	assert_int_equal(dialogue_message_of(f.s, m1, &of), 0);
	assert_true(store_exec(f.s, "UPDATE dialogue_attachments SET message = 0") != 0);
	assert_true(store_exec(f.s, "DELETE FROM dialogue_attachments") != 0);
	/* An observation archived in the thread (observation.c writes them
	 * so; its row in dialogue_observations is not needed here). */
	struct archive_item oi = { ARCHIVE_KIND_OBSERVATION, th, "ex@fra.example", "q",
				   "text/plain", "Une observation", 15 };
	assert_int_equal(store_begin(f.s), 0);
	int64_t ob = archive_append(f.s, &oi, err, sizeof err);
	assert_true(ob > d2);
	assert_int_equal(store_commit(f.s), 0);

	/* Before any choice: nothing for the public. */
	struct archive_thread *t = NULL;
	size_t nt = 0;
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(dialogue_threads(f.s, &anon, "NGA", 1, &t, &nt), DIALOGUE_OK);
	assert_int_equal(nt, 0);
	free(t);

	snprintf(item, sizeof item, "message:%lld", (long long)m1);
	assert_int_equal(disclosure_record_item(f.s, "NGA", "dialogue", 0, NULL, item, "public",
						"", fp_nga.id, "fp@nga.example", NULL, err,
						sizeof err), DISCLOSURE_OK);
	/* table: actor -> threads listed, items of th given, m1, m2, ob, d1
	 * (sent with m1), d2 (with m2) read */
	struct { struct access_actor *a; size_t nt, n; int m1, m2, ob, d1, d2; } cases[] = {
		{ &anon, 1, 2, DIALOGUE_OK, DIALOGUE_FORBIDDEN, DIALOGUE_FORBIDDEN, DIALOGUE_OK,
		  DIALOGUE_FORBIDDEN },
		{ &a_sh, 1, 2, DIALOGUE_OK, DIALOGUE_FORBIDDEN, DIALOGUE_FORBIDDEN, DIALOGUE_OK,
		  DIALOGUE_FORBIDDEN },
		/* participants: both threads, every record */
		{ &a_fp, 2, 5, DIALOGUE_OK, DIALOGUE_OK, DIALOGUE_OK, DIALOGUE_OK, DIALOGUE_OK },
		{ &a_fra, 2, 5, DIALOGUE_OK, DIALOGUE_OK, DIALOGUE_OK, DIALOGUE_OK, DIALOGUE_OK },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct archive_record r;
		assert_int_equal(dialogue_threads(f.s, cases[i].a, "NGA", 1, &t, &nt), DIALOGUE_OK);
		assert_int_equal(nt, cases[i].nt);
		free(t);
		assert_int_equal(dialogue_items(f.s, cases[i].a, th, &ids, &n, err, sizeof err),
				 DIALOGUE_OK);
		assert_int_equal(n, cases[i].n);
		assert_true(ids[0] == m1);
		free(ids);
		int64_t which[5] = { m1, m2, ob, d1, d2 };
		int want[5] = { cases[i].m1, cases[i].m2, cases[i].ob, cases[i].d1, cases[i].d2 };
		for (int k = 0; k < 5; k++) {
			assert_int_equal(dialogue_read(f.s, cases[i].a, "-", which[k], &r, err,
						       sizeof err), want[k]);
			archive_record_free(&r);
		}
	}
	/* The whole thread: its messages, not its observation (para 35). */
	snprintf(item, sizeof item, "%lld", (long long)th);
	assert_int_equal(disclosure_record_item(f.s, "NGA", "dialogue", 0, NULL, item, "public",
						"", fp_nga.id, "fp@nga.example", NULL, err,
						sizeof err), DISCLOSURE_OK);
	struct archive_record r;
	assert_int_equal(dialogue_read(f.s, &anon, "-", m2, &r, err, sizeof err), DIALOGUE_OK);
	archive_record_free(&r);
	assert_int_equal(dialogue_read(f.s, &anon, "-", ob, &r, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	archive_record_free(&r);
	/* The dialogue of the phase and instrument: the observation too. */
	assert_int_equal(disclosure_record_item(f.s, "NGA", "dialogue", 1, "untoc", NULL,
						"public", "", fp_nga.id, "fp@nga.example", NULL,
						err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(dialogue_read(f.s, &anon, "-", ob, &r, err, sizeof err), DIALOGUE_OK);
	archive_record_free(&r);
	/* Reading never gives writing. */
	assert_true(post(&f, &sh, th, "non", err, sizeof err) == DIALOGUE_FORBIDDEN);
	fx_close(&f);
}

int main(void)
{
	char err[512];
	if (sodium_init() < 0 || i18n_load(RM_SRCDIR "/po", err, sizeof err) < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads_and_parts),
		cmocka_unit_test(test_post_read_notify),
		cmocka_unit_test(test_unauthenticated),
		cmocka_unit_test(test_ensure_and_text_limits),
		cmocka_unit_test(test_redraw_moves_participants),
		cmocka_unit_test(test_participants_notified),
		cmocka_unit_test(test_message_disclosed_alone),
	};
	int rc = cmocka_run_group_tests_name("dialogue", tests, NULL, NULL);
	i18n_free();
	return rc;
}
