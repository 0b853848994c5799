/* test_disclosure.c - the disclosure choices of a reviewed State (issue
 * 10; paras 37, 40, 41; R98-R103): refusals of bad input with nothing
 * written, the log with who and when, the choices in force (the latest per
 * scope, withdrawals drop out, a portal request opens nothing until the
 * Secretariat publishes, R98), item-scoped choices (R101), the log
 * append-only, and the access module reading them through
 * struct access_review. */
#include "response/seal.h"
#include "testutil.h"

#include "access/access.h"
#include "core/refdata.h"
#include "review/disclosure.h"
#include "store/store.h"
#include "util/util.h"

static int rec(struct store *s, const char *what, int phase, const char *inst,
	       const char *choice, char *err, size_t n)
{
	return disclosure_record(s, "FRA", what, phase, inst, choice, "", 3, "fp@fra.example",
				 NULL, err, n);
}

static void test_record_current_and_effect(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[600];
	tu_db(path, sizeof path, dir, "d");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);

	/* Bad input: refused, the field named, nothing written. */
	assert_int_equal(rec(s, "letters", 1, NULL, "public", err, sizeof err), DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "what"));
	assert_int_equal(rec(s, "dialogue", 5, NULL, "public", err, sizeof err), DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "phase"));
	assert_int_equal(rec(s, "dialogue", 1, "uncac", "public", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_int_equal(rec(s, "dialogue", 1, NULL, "everyone", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_int_equal(rec(s, "responses", 1, NULL, "states", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "paragraph 40"));
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 0);

	/* Choices: dialogue phase 1 opened to States then made public; the
	 * documents of every phase asked for the portal; responses of untoc
	 * public then withdrawn. */
	assert_int_equal(rec(s, "dialogue", 1, NULL, "states", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "dialogue", 1, NULL, "public", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "documents", 0, "", "portal", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "responses", 1, "untoc", "public", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "responses", 1, "untoc", "withdraw", err, sizeof err),
			 DISCLOSURE_OK);
	struct disclosure_entry *log = NULL;
	size_t n = 0;
	assert_int_equal(disclosure_log(s, "FRA", &log, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(log[0].choice, "states");
	assert_string_equal(log[0].by, "fp@fra.example");
	assert_int_equal(log[0].by_id, 3);
	assert_true(strlen(log[0].at) >= 20);
	disclosure_log_free(log, n);

	struct access_disclosure cur[8];
	/* disc (R98): the portal request alone opens nothing. */
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cur[0].what, ACCESS_DISCLOSED_DIALOGUE);
	/* Only under a portal request in force: not under the public choice
	 * of the dialogue (row 2), nor a withdrawn scope (row 5). */
	assert_int_equal(disclosure_publish(s, "FRA", 2, NULL, "", 9, "sec@un.example", NULL, err,
					    sizeof err), DISCLOSURE_NO_REQUEST);
	assert_int_equal(disclosure_publish(s, "FRA", 99, NULL, "", 9, "sec@un.example", NULL,
					    err, sizeof err), DISCLOSURE_NO_REQUEST);
	assert_int_equal(disclosure_publish(s, "DEU", 3, NULL, "", 9, "sec@un.example", NULL,
					    err, sizeof err), DISCLOSURE_NO_REQUEST);
	assert_int_equal(disclosure_publish(s, "FRA", 3, NULL, "", 9, "sec@un.example", NULL,
					    err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 2);
	int dialogue = -1, documents = -1;
	for (size_t i = 0; i < n; i++) {
		if (cur[i].what == ACCESS_DISCLOSED_DIALOGUE)
			dialogue = (int)i;
		if (cur[i].what == ACCESS_DISCLOSED_DOCUMENTS)
			documents = (int)i;
		assert_int_not_equal(cur[i].what, ACCESS_DISCLOSED_RESPONSES);
	}
	assert_true(dialogue >= 0 && documents >= 0);
	assert_int_equal(cur[dialogue].audience, ACCESS_OPEN_PUBLIC);
	assert_int_equal(cur[dialogue].phase, 1);
	assert_int_equal(cur[documents].audience, ACCESS_OPEN_PUBLIC);
	assert_int_equal(cur[documents].phase, 0);
	assert_string_equal(cur[documents].instrument, "");
	assert_int_equal(disclosure_current(s, "DEU", cur, 8, &n), 0);
	assert_int_equal(n, 0);

	/* The effect, through the access module only: an anonymous visitor
	 * reads the phase-1 dialogue and the submitted documents, not the
	 * answers (withdrawn) nor the phase-2 dialogue. */
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	static const char *const rv[] = { "DEU" };
	struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 1,
				   .disclosures = cur, .ndisclosures = n };
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct access_object o = { .review = &r, .instrument = "untoc", .phase = 1,
				   .submitted = 1 };
	assert_true(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o));
	assert_true(access_allowed(&anon, ACCESS_ATTACHMENT_READ, &o));
	assert_false(access_allowed(&anon, ACCESS_RESPONSE_READ, &o));
	assert_false(access_allowed(&anon, ACCESS_DIALOGUE_POST, &o));
	o.phase = 2;
	assert_false(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o));
	assert_true(access_allowed(&anon, ACCESS_ATTACHMENT_READ, &o));
	o.submitted = 0;
	assert_false(access_allowed(&anon, ACCESS_ATTACHMENT_READ, &o));

	/* Append-only. */
	assert_true(store_exec(s, "UPDATE disclosures SET choice = 'public'") != 0);
	assert_true(store_exec(s, "DELETE FROM disclosures") != 0);
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 5);
	assert_true(store_exec(s, "UPDATE portal_publications SET item = 'x'") != 0);
	assert_true(store_exec(s, "DELETE FROM portal_publications") != 0);
	assert_int_equal(store_count(s, "SELECT count(*) FROM portal_publications", NULL), 1);

	/* The State's withdrawal ends what the Secretariat published. */
	assert_int_equal(rec(s, "documents", 0, "", "withdraw", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 1);
	struct disclosure_publication *pub = NULL;
	assert_int_equal(disclosure_publications(s, "FRA", &pub, &n), 0);
	assert_int_equal(n, 1);
	assert_false(pub[0].in_force);
	assert_string_equal(pub[0].by, "sec@un.example");
	disclosure_publications_free(pub, n);
	store_close(s);
	tu_rmdir(dir);
}

static int item(struct store *s, const char *what, int phase, const char *inst,
		const char *key, const char *choice, char *err, size_t n)
{
	return disclosure_record_item(s, "FRA", what, phase, inst, key, choice, "", 3,
				      "fp@fra.example", NULL, err, n);
}

/* disc (R101, para 41 "tout ou partie"): one answer, one thread; the
 * item's siblings stay closed; a portal request of one scope published
 * item by item (R98). */
static void test_items_and_portal(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[600], t1[24], t2[24], tf[24];
	tu_db(path, sizeof path, dir, "i");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	assert_int_equal(store_exec(s, "INSERT INTO archive_threads (reviewed, phase, instrument, "
				       "reviewers, created) VALUES ('FRA', 1, 'untoc', 'DEU', 'x'), "
				       "('FRA', 1, 'untoc', 'DEU', 'x'), ('DEU', 1, 'untoc', '', 'x')"), 0);
	snprintf(t1, sizeof t1, "%lld", store_count(s, "SELECT MIN(id) FROM archive_threads "
						       "WHERE reviewed = ?", "FRA"));
	snprintf(t2, sizeof t2, "%lld", store_count(s, "SELECT MAX(id) FROM archive_threads "
						       "WHERE reviewed = ?", "FRA"));
	snprintf(tf, sizeof tf, "%lld", store_count(s, "SELECT MAX(id) FROM archive_threads "
						       "WHERE reviewed = ?", "DEU"));
	assert_int_equal(store_exec(s, "INSERT INTO responses (reviewed, phase, question, "
				       "instrument, version, lang, answer, saved_at, saved_by) VALUES "
				       "('FRA', 1, 'q1', 'tip', 1, 'fr', '{}', 'x', 'x'), "
				       "('FRA', 1, 'q2', 'tip', 1, 'fr', '{}', 'x', 'x'), "
				       "('FRA', 2, 'q9', 'tip', 1, 'fr', '{}', 'x', 'x')"), 0);
	assert_int_equal(store_exec(s, "INSERT INTO response_submissions (reviewed, phase, "
				       "submitted_at, submitted_by) VALUES ('FRA', 1, 'x', 'x')"), 0);

	/* Refusals, nothing written. */
	assert_int_equal(item(s, "dialogue", 0, NULL, "999999", "public", err, sizeof err),
			 DISCLOSURE_NO_ITEM);
	assert_int_equal(item(s, "dialogue", 0, NULL, "abc", "public", err, sizeof err),
			 DISCLOSURE_NO_ITEM);
	assert_int_equal(item(s, "dialogue", 0, NULL, tf, "public", err, sizeof err),
			 DISCLOSURE_NOT_THEIRS);
	assert_non_null(strstr(err, "another State"));
	assert_int_equal(item(s, "responses", 2, NULL, "q9", "public", err, sizeof err),
			 DISCLOSURE_DRAFT);
	assert_int_equal(item(s, "responses", 0, NULL, "q1", "public", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_int_equal(item(s, "responses", 1, "untoc", "q1", "public", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_int_equal(item(s, "documents", 1, NULL, "0123456789abcdef0123456789abcdef",
			      "public", err, sizeof err), DISCLOSURE_NO_ITEM);
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 0);

	/* One answer public, one thread to the States parties. */
	assert_int_equal(item(s, "responses", 1, NULL, "q1", "public", err, sizeof err),
			 DISCLOSURE_OK);
	assert_int_equal(item(s, "dialogue", 0, NULL, t1, "states", err, sizeof err), DISCLOSURE_OK);
	struct access_disclosure cur[8];
	size_t n = 0;
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 2);
	static const char *const rv[] = { "DEU" };
	struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 1,
				   .disclosures = cur, .ndisclosures = n };
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct account other = { .id = 50, .role = ROLE_FOCAL_POINT };
	snprintf(other.state, sizeof other.state, "ITA");
	struct access_actor ita = { ACCESS_SIGNED_IN, &other, 0 };
	struct access_object o = { .review = &r, .instrument = "tip", .phase = 1, .submitted = 1,
				   .item = "q1" };
	/* table: object -> anonymous, another State party */
	struct { const char *inst, *item; int act, anon, ita; } cases[] = {
		{ "tip", "q1", ACCESS_RESPONSE_READ, 1, 1 },
		{ "tip", "q2", ACCESS_RESPONSE_READ, 0, 1 },   /* a sibling: para 40 only */
		{ "tip", NULL, ACCESS_RESPONSE_READ, 0, 1 },   /* the instrument as a whole */
		{ NULL, NULL, ACCESS_RESPONSE_READ, 1, 1 },    /* a listing, filtered after */
		/* another kind of material; disc3 (F14, para 40, B18): the
		 * documents are not another State party's without a choice */
		{ "tip", "q1", ACCESS_ATTACHMENT_READ, 0, 0 },
		{ "untoc", t1, ACCESS_DIALOGUE_READ, 0, 1 },
		{ "untoc", t2, ACCESS_DIALOGUE_READ, 0, 0 },   /* the sibling thread */
		{ "untoc", NULL, ACCESS_DIALOGUE_READ, 0, 0 }, /* the instrument's dialogue */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		o.instrument = cases[i].inst;
		o.item = cases[i].item;
		assert_int_equal(access_allowed(&anon, cases[i].act, &o), cases[i].anon);
		assert_int_equal(access_allowed(&ita, cases[i].act, &o), cases[i].ita);
	}
	o.instrument = "untoc";
	o.item = t1;
	assert_false(access_allowed(&ita, ACCESS_DIALOGUE_POST, &o));

	/* The log names the item, with the item's phase and instrument. */
	struct disclosure_entry *log = NULL;
	assert_int_equal(disclosure_log(s, "FRA", &log, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(log[0].item, "q1");
	assert_string_equal(log[0].instrument, "tip");
	assert_int_equal(log[1].phase, 1);
	assert_string_equal(log[1].item, t1);
	disclosure_log_free(log, n);

	/* Withdrawn: the item's own scope only. */
	assert_int_equal(item(s, "responses", 1, NULL, "q1", "withdraw", err, sizeof err),
			 DISCLOSURE_OK);
	/* The portal: the State asks for phase 1's answers, the Secretariat
	 * publishes q2 alone. */
	int64_t req = 0;
	assert_int_equal(disclosure_record_item(s, "FRA", "responses", 1, NULL, NULL, "portal", "",
						3, "fp@fra.example", &req, err, sizeof err),
			 DISCLOSURE_OK);
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 1); /* the thread only */
	/* q9 is of phase 2: not an answer of the phase requested. */
	assert_int_equal(disclosure_publish(s, "FRA", req, "q9", "", 9, "sec@un.example", NULL,
					    err, sizeof err), DISCLOSURE_NO_ITEM);
	assert_int_equal(disclosure_publish(s, "FRA", req, "nope", "", 9, "sec@un.example", NULL,
					    err, sizeof err), DISCLOSURE_NO_ITEM);
	assert_int_equal(disclosure_publish(s, "FRA", req, "q2", "", 9, "sec@un.example", NULL,
					    err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 2);
	r.ndisclosures = n;
	o.instrument = "tip";
	o.item = "q2";
	assert_true(access_allowed(&anon, ACCESS_RESPONSE_READ, &o));
	o.item = "q1";
	assert_false(access_allowed(&anon, ACCESS_RESPONSE_READ, &o));
	o.item = NULL;
	assert_false(access_allowed(&anon, ACCESS_RESPONSE_READ, &o));
	store_close(s);
	tu_rmdir(dir);
}

/* disc2 (R101): a message choice names one archived record of a thread
 * ("message:<id>"), takes its phase and instrument, and is refused for a
 * record that does not exist (404), of another State's review (422), or
 * that is no message, document or record of a call (a written
 * observation, an agreement: 400); the access module then opens that
 * record only, never the thread, its siblings or an observation. */
static void test_message_items(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[600], t1[24];
	tu_db(path, sizeof path, dir, "m");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	assert_int_equal(store_exec(s, "INSERT INTO archive_threads (reviewed, phase, instrument, "
				       "reviewers, created) VALUES ('FRA', 2, 'tip', 'DEU', 'x'), "
				       "('DEU', 1, 'untoc', '', 'x')"), 0);
	long long tf = store_count(s, "SELECT MAX(id) FROM archive_threads WHERE reviewed = ?",
				   "DEU");
	long long tt = store_count(s, "SELECT MAX(id) FROM archive_threads WHERE reviewed = ?",
				   "FRA");
	snprintf(t1, sizeof t1, "%lld", tt);
	/* The envelopes only: the tree is not needed to resolve an item. */
	char q[600];
	snprintf(q, sizeof q, "INSERT INTO archive_records (seq, kind, reviewed, phase, instrument, "
			      "thread, author, at, sealed) VALUES "
			      "(0, 'message', 'FRA', 2, 'tip', %lld, 'a', 'x', ''), "
			      "(1, 'attachment', 'FRA', 2, 'tip', %lld, 'a', 'x', ''), "
			      "(2, 'observation', 'FRA', 2, 'tip', %lld, 'a', 'x', ''), "
			      "(3, 'message', 'DEU', 1, 'untoc', %lld, 'a', 'x', ''), "
			      "(4, 'agreement', 'FRA', 2, 'tip', %lld, 'a', 'x', '')",
		 tt, tt, tt, tf, tt);
	assert_int_equal(store_exec(s, q), 0);
	/* table: item -> result (nothing written unless OK) */
	struct { const char *item; int phase; const char *inst; int rc; } cases[] = {
		{ "message:99", 0, NULL, DISCLOSURE_NO_ITEM },
		{ "message:x", 0, NULL, DISCLOSURE_NO_ITEM },
		{ "message:", 0, NULL, DISCLOSURE_NO_ITEM },
		{ "message:3", 0, NULL, DISCLOSURE_NOT_THEIRS },
		{ "message:2", 0, NULL, DISCLOSURE_INVALID },   /* an observation */
		{ "message:4", 0, NULL, DISCLOSURE_INVALID },   /* an agreement */
		{ "message:0", 1, NULL, DISCLOSURE_INVALID },   /* not its phase */
		{ "message:0", 0, "untoc", DISCLOSURE_INVALID }, /* not its instrument */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err[0] = '\0';
		assert_int_equal(item(s, "dialogue", cases[i].phase, cases[i].inst, cases[i].item,
				      "public", err, sizeof err), cases[i].rc);
		assert_true(err[0] != '\0');
	}
	assert_non_null(strstr(err, "phase or instrument"));
	assert_int_equal(item(s, "dialogue", 0, NULL, "message:2", "public", err, sizeof err),
			 DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "written observations"));
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 0);

	/* message:0 public, message:1 to the States parties. */
	assert_int_equal(item(s, "dialogue", 0, NULL, "message:0", "public", err, sizeof err),
			 DISCLOSURE_OK);
	assert_int_equal(item(s, "dialogue", 2, "tip", "message:1", "states", err, sizeof err),
			 DISCLOSURE_OK);
	struct disclosure_entry *log = NULL;
	size_t n = 0;
	assert_int_equal(disclosure_log(s, "FRA", &log, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(log[0].what, "dialogue");
	assert_string_equal(log[0].item, "message:0");
	assert_int_equal(log[0].phase, 2);
	assert_string_equal(log[0].instrument, "tip");
	disclosure_log_free(log, n);
	struct access_disclosure cur[8];
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 2);
	static const char *const rv[] = { "DEU" };
	struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 1,
				   .disclosures = cur, .ndisclosures = n };
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct account other = { .id = 50, .role = ROLE_FOCAL_POINT };
	snprintf(other.state, sizeof other.state, "ITA");
	struct access_actor ita = { ACCESS_SIGNED_IN, &other, 0 };
	struct access_object o = { .review = &r, .instrument = "tip", .phase = 2, .submitted = 1 };
	/* table: thread item, record, action -> anonymous, another State party */
	struct { const char *item, *record; int act, anon, ita; } acc[] = {
		{ t1, "0", ACCESS_DIALOGUE_READ, 1, 1 },
		{ t1, "1", ACCESS_DIALOGUE_READ, 0, 1 },     /* to the States parties only */
		{ t1, "5", ACCESS_DIALOGUE_READ, 0, 0 },     /* a sibling record */
		{ t1, NULL, ACCESS_DIALOGUE_READ, 0, 0 },    /* the thread as a whole */
		{ NULL, NULL, ACCESS_DIALOGUE_READ, 0, 0 },  /* the instrument's dialogue */
		{ "0", NULL, ACCESS_DIALOGUE_READ, 0, 0 },   /* a thread numbered as the record */
		{ NULL, "0", ACCESS_OBSERVATION_READ, 0, 0 }, /* never an observation */
		{ t1, "0", ACCESS_RESPONSE_READ, 0, 1 },     /* another kind: para 40 only */
	};
	for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++) {
		o.item = acc[i].item;
		o.record = acc[i].record;
		assert_int_equal(access_allowed(&anon, acc[i].act, &o), acc[i].anon);
		assert_int_equal(access_allowed(&ita, acc[i].act, &o), acc[i].ita);
	}
	o.item = t1;
	o.record = "0";
	assert_false(access_allowed(&ita, ACCESS_DIALOGUE_POST, &o));
	o.phase = 1;
	assert_false(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o)); /* another phase */
	store_close(s);
	tu_rmdir(dir);
}

/* disc3 (F5, F6; paras 40, 41, R99, R103): a withdrawal ends every
 * choice within its scope, whatever the audience (phase 0 holds every
 * phase, instrument "" every instrument, item "" every item), not the
 * choices of another kind of material nor outside its phase; a withdrawal
 * that ends nothing is refused with nothing written.  F15: a choice
 * opens what existed when it was made (struct access_object.since). */
static void test_withdraw_scope_and_since(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[600];
	tu_db(path, sizeof path, dir, "w");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	struct access_disclosure cur[8];
	size_t n = 0;

	/* F6: nothing in force -> refused, nothing written. */
	assert_int_equal(rec(s, "dialogue", 0, "", "withdraw", err, sizeof err),
			 DISCLOSURE_NOTHING);
	assert_non_null(strstr(err, "nothing to withdraw"));
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 0);

	assert_int_equal(rec(s, "dialogue", 1, "tip", "public", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "dialogue", 2, "", "states", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "documents", 1, "som", "states", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(rec(s, "dialogue", 1, "untoc", "portal", err, sizeof err), DISCLOSURE_OK);
	/* Another phase or kind of material: ends nothing, refused. */
	assert_int_equal(rec(s, "dialogue", 3, "", "withdraw", err, sizeof err),
			 DISCLOSURE_NOTHING);
	assert_int_equal(rec(s, "responses", 0, "", "withdraw", err, sizeof err),
			 DISCLOSURE_NOTHING);
	assert_int_equal(rec(s, "dialogue", 2, "tip", "withdraw", err, sizeof err),
			 DISCLOSURE_NOTHING); /* narrower than the phase-2 choice */
	assert_int_equal(store_count(s, "SELECT count(*) FROM disclosures", NULL), 4);
	struct disclosure_entry *log = NULL, w;
	assert_int_equal(disclosure_log(s, "FRA", &log, &n), 0);
	memset(&w, 0, sizeof w);
	util_strlcpy(w.what, "dialogue", sizeof w.what);
	assert_int_equal(disclosure_withdraw_count(log, n, &w), 3);
	disclosure_log_free(log, n);

	/* F5: "every phase, every instrument" ends the three dialogue
	 * choices (public, states, portal), not the documents. */
	assert_int_equal(rec(s, "dialogue", 0, "", "withdraw", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cur[0].what, ACCESS_DISCLOSED_DOCUMENTS);
	/* A second one ends nothing more. */
	assert_int_equal(rec(s, "dialogue", 0, "", "withdraw", err, sizeof err),
			 DISCLOSURE_NOTHING);
	/* A new choice after the withdrawal is in force again. */
	assert_int_equal(rec(s, "dialogue", 1, "tip", "public", err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	assert_int_equal(n, 2);

	/* F15: the choice's time against the material's. */
	struct access_disclosure d = { ACCESS_DISCLOSED_DIALOGUE, 1, "tip", ACCESS_OPEN_PUBLIC, "",
				       "2026-05-01T10:00:00Z" };
	static const char *const rv[] = { "DEU" };
	struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 1,
				   .disclosures = &d, .ndisclosures = 1 };
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct access_object o = { .review = &r, .instrument = "tip", .phase = 1,
				   .record = "7", .since = "2026-05-01T09:59:59Z" };
	assert_true(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o));
	o.since = "2026-05-01T10:00:00Z"; /* the same second: existing */
	assert_true(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o));
	o.since = "2026-05-01T10:00:01Z"; /* archived after the choice */
	assert_false(access_allowed(&anon, ACCESS_DIALOGUE_READ, &o));
	/* Answers submitted after a choice made on drafts. */
	d.what = ACCESS_DISCLOSED_RESPONSES;
	o.submitted = 1;
	o.record = NULL;
	assert_false(access_allowed(&anon, ACCESS_RESPONSE_READ, &o));
	o.since = "2026-04-30T08:00:00Z";
	assert_true(access_allowed(&anon, ACCESS_RESPONSE_READ, &o));
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	/* Answers and documents are sealed (response/seal.h): a test key. */
	static const uint8_t test_key[32] = { 1 };
	respseal_set_key(test_key);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_current_and_effect),
		cmocka_unit_test(test_items_and_portal),
		cmocka_unit_test(test_message_items),
		cmocka_unit_test(test_withdraw_scope_and_since),
	};
	return cmocka_run_group_tests_name("disclosure", tests, NULL, NULL);
}
