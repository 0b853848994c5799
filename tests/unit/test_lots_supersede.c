/* test_lots_supersede.c - the drawing-of-lots defects of probe s8 (issue
 * 12; paras 17, 28-30; R46, R51, R237; docs/draw.md "Replacing the
 * programme in force", "Seeds"):
 *   F21  a draw superseding the programme in force is refused once any of
 *        its reviews has begun (one case per kind of beginning), by every
 *        path that stores a draw (lots_db_draw_meta: CLI draw lots --db
 *        --supersede, draw record, the web's hold and cohorts), and by the
 *        hold's check;
 *   F12  one drawing event per meeting (prepare refused, and a second
 *        event of one meeting prepared before the fix cannot be held);
 *        seeds of fewer than 8 different bytes are weak;
 *   F10  the check calls write nothing.
 * On SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include <sodium.h>

#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"

static int64_t draws(struct store *s)
{
	return lots_tu_count(s, "SELECT COUNT(*) FROM lots_draws");
}

/* What a refusal must leave as it was. */
static int64_t changes(struct store *s)
{
	return lots_tu_count(s, "SELECT (SELECT COUNT(*) FROM lots_draws) * 1000000 + "
			     "(SELECT COUNT(*) FROM audit_log) * 1000 + "
			     "(SELECT COUNT(*) FROM lots_ceremonies WHERE status = 'held')");
}

static struct store *drawn(char **dir, char reviewed[8])
{
	char err[512];
	struct store *s = lots_tu_store(dir, "supersede");
	unsigned char seed[32];
	memset(seed, 7, sizeof seed);
	if (lots_db_draw(s, seed, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw: %s", err);
	if (lots_meeting_add(s, "WG 2026/1", "2026-05-01", "WG", "t", "local", err,
			     sizeof err) != LOTS_OK)
		fail_msg("lots_meeting_add: %s", err);
	char *r = lots_tu_text(s, "SELECT MAX(reviewed) FROM lots_reviews WHERE draw_id = 1");
	util_strlcpy(reviewed, r, 8);
	free(r);
	return s;
}

static void begin_review(struct store *s, const char *sql, const char *reviewed)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	store_bind_text(st, 1, reviewed);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

/* F21: each kind of beginning, alone, stops a supersede; a phase still
 * not_started does not. */
static void test_supersede_refused_once_begun(void **state)
{
	(void)state;
	static const struct {
		const char *what, *sql;
		int begun;
	} cases[] = {
		{ "nothing", NULL, 0 },
		{ "phase not_started", "INSERT INTO review_phase_states (reviewed, phase, state, "
		  "updated_at) VALUES (?, 1, 'not_started', '2026-01-01T00:00:00Z')", 0 },
		{ "phase open", "INSERT INTO review_phase_states (reviewed, phase, state, "
		  "updated_at) VALUES (?, 1, 'open', '2026-01-01T00:00:00Z')", 1 },
		{ "answer saved", "INSERT INTO responses (reviewed, phase, question, instrument, "
		  "version, lang, answer, saved_at, saved_by) VALUES (?, 1, 'q1', 'untoc', 1, 'en', "
		  "'yes', '2026-01-01T00:00:00Z', 'fp@x.test')", 1 },
		{ "dialogue thread", "INSERT INTO archive_threads (id, reviewed, phase, instrument, "
		  "created) VALUES (1, ?, 1, 'untoc', '2026-01-01T00:00:00Z')", 1 },
		{ "list of observations", "INSERT INTO obs_lists (id, reviewed, phase, created_at, "
		  "created_by) VALUES (1, ?, 1, '2026-01-01T00:00:00Z', 'ex@x.test')", 1 },
		{ "summary", "INSERT INTO summaries (id, reviewed, phase, drafting, created_at, "
		  "created_by) VALUES (1, ?, 1, 'en', '2026-01-01T00:00:00Z', 'sec@x.test')", 1 },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char *dir, err[1024], reviewed[8];
		struct store *s = drawn(&dir, reviewed);
		if (cases[c].sql)
			begin_review(s, cases[c].sql, reviewed);
		assert_int_equal(lots_db_reviews_begun(s, 1, NULL), cases[c].begun);
		unsigned char seed[32];
		memset(seed, 9, sizeof seed);
		struct lots_event_meta sup = { .run_by = "officer", .meeting = "WG 2026/1",
					       .actor = "cli:test", .ip = "local", .supersede = 1 };
		int64_t before = changes(s);
		int rc = lots_db_draw_meta(s, seed, &sup, NULL, NULL, err, sizeof err);
		if (cases[c].begun) {
			if (rc != LOTS_EEXISTS || !strstr(err, "have begun") || !strstr(err, reviewed) ||
			    !strstr(err, "redraw"))
				fail_msg("%s: rc %d: %s", cases[c].what, rc, err);
			assert_int_equal(changes(s), before);
			assert_int_equal(lots_tu_count(s, "SELECT id FROM lots_draws WHERE status = "
						       "'current'"), 1);
			assert_int_equal(lots_db_supersede_check(s, 1, err, sizeof err), LOTS_EEXISTS);
		} else {
			if (rc != LOTS_OK)
				fail_msg("%s: rc %d: %s", cases[c].what, rc, err);
			assert_int_equal(draws(s), 2);
		}
		/* Without supersede: refused whatever the reviews. */
		assert_int_equal(lots_db_supersede_check(s, 0, err, sizeof err), LOTS_EEXISTS);
		assert_non_null(strstr(err, "already stored"));
		store_close(s);
		tu_rmdir(dir);
	}
}

/* F21 through a ceremony; F10: the hold's check writes nothing; F12: one
 * drawing event per meeting. */
static void test_ceremony_checks(void **state)
{
	(void)state;
	char *dir, err[1024], reviewed[8], com[65];
	struct store *s = drawn(&dir, reviewed);
	unsigned char seed[32], wrong[32];
	randombytes_buf(seed, sizeof seed);
	memset(wrong, 0xab, sizeof wrong);
	lots_seed_commitment(seed, com);
	assert_int_equal(lots_ceremony_prepare_check(s, "WG 2026/1", "", com, NULL, err, sizeof err),
			 LOTS_OK);
	assert_int_equal(lots_ceremony_prepare_check(s, "WG 2026/1", "2026-13-45", com, NULL, err,
						     sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "date"));
	assert_int_equal(lots_tu_count(s, "SELECT COUNT(*) FROM lots_ceremonies"), 0);
	int64_t cid = 0;
	if (lots_ceremony_prepare(s, "WG 2026/1", "", com, NULL, "t", "local", &cid, err,
				  sizeof err) != LOTS_OK)
		fail_msg("prepare: %s", err);
	/* A second event for the same meeting: refused (F12). */
	int64_t before = lots_tu_count(s, "SELECT COUNT(*) FROM lots_ceremonies");
	assert_int_equal(lots_ceremony_prepare(s, "WG 2026/1", "", com, NULL, "t", "local", NULL,
					       err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "one drawing event per meeting"));
	assert_int_equal(lots_ceremony_prepare_check(s, "WG 2026/1", "", com, NULL, err, sizeof err),
			 LOTS_EINPUT);
	assert_int_equal(lots_tu_count(s, "SELECT COUNT(*) FROM lots_ceremonies"), before);
	/* The hold's check: refusals and a pass, nothing written. */
	before = changes(s);
	assert_int_equal(lots_ceremony_hold_check(s, cid, wrong, "", 1, err, sizeof err),
			 LOTS_EINPUT);
	assert_non_null(strstr(err, "commitment"));
	assert_int_equal(lots_ceremony_hold_check(s, 99, seed, "", 1, err, sizeof err), LOTS_EINPUT);
	assert_int_equal(lots_ceremony_hold_check(s, cid, seed, "", 0, err, sizeof err),
			 LOTS_EEXISTS);
	assert_int_equal(lots_ceremony_hold_check(s, cid, seed, "", 1, err, sizeof err), LOTS_OK);
	assert_int_equal(changes(s), before);
	/* A review begins: the hold is refused (F21), by the check and by
	 * the hold itself. */
	begin_review(s, "INSERT INTO review_phase_states (reviewed, phase, state, updated_at) "
		     "VALUES (?, 2, 'open', '2026-01-01T00:00:00Z')", reviewed);
	assert_int_equal(lots_ceremony_hold_check(s, cid, seed, "", 1, err, sizeof err),
			 LOTS_EEXISTS);
	assert_int_equal(lots_ceremony_hold(s, cid, seed, "", "t", "local", 1, NULL, NULL, err,
					    sizeof err), LOTS_EEXISTS);
	assert_non_null(strstr(err, "have begun"));
	assert_int_equal(changes(s), before);
	store_close(s);
	tu_rmdir(dir);
}

/* F12: an event of the same meeting prepared before the fix cannot be
 * held once one is. */
static void test_legacy_second_event(void **state)
{
	(void)state;
	char *dir, err[1024], com[65];
	struct store *s = lots_tu_store(&dir, "legacy");
	assert_int_equal(lots_meeting_add(s, "WG 2026/1", "2026-05-01", "WG", "t", "local", err,
					  sizeof err), LOTS_OK);
	unsigned char seed[32];
	randombytes_buf(seed, sizeof seed);
	lots_seed_commitment(seed, com);
	int64_t cid = 0;
	if (lots_ceremony_prepare(s, "WG 2026/1", "", com, NULL, "t", "local", &cid, err,
				  sizeof err) != LOTS_OK)
		fail_msg("prepare: %s", err);
	/* As the probe made it: a copy of the event, prepared too. */
	lots_tu_exec(s, "INSERT INTO lots_ceremonies (id, meeting, held_on, roster_sha256, "
		     "seed_commitment, prepared_by, prepared_at) SELECT 2, meeting, held_on, "
		     "roster_sha256, seed_commitment, prepared_by, prepared_at FROM lots_ceremonies "
		     "WHERE id = 1");
	if (lots_ceremony_hold(s, 2, seed, "", "t", "local", 0, NULL, NULL, err, sizeof err) !=
	    LOTS_OK)
		fail_msg("hold 2: %s", err);
	assert_int_equal(lots_ceremony_hold_check(s, 1, seed, "", 1, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "drawing event 2 of the same meeting was already held"));
	store_close(s);
	tu_rmdir(dir);
}

/* F12: fewer than 8 different bytes is weak; random seeds are not (the
 * chance that one is: about 1.2e-37, docs/draw.md "Seeds"). */
static void test_weak_seeds(void **state)
{
	(void)state;
	unsigned char seed[32];
	for (int distinct = 1; distinct <= 12; distinct++) {
		for (int i = 0; i < 32; i++)
			seed[i] = (unsigned char)(0x30 + i % distinct);
		assert_int_equal(lots_seed_weak(seed), distinct < 8);
	}
	memset(seed, 0, sizeof seed);
	assert_true(lots_seed_weak(seed));
	for (int k = 0; k < 10000; k++) {
		randombytes_buf(seed, sizeof seed);
		assert_false(lots_seed_weak(seed));
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_supersede_refused_once_begun),
		cmocka_unit_test(test_ceremony_checks),
		cmocka_unit_test(test_legacy_second_event),
		cmocka_unit_test(test_weak_seeds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
