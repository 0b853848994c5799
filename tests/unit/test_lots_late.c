/* test_lots_late.c - what the programme owes a State whose standing
 * changed after the drawing of lots (issue 12; R62, para 29, C5, C34):
 * a late party given one review to do by the smallest reassignment drawn
 * from the op's seed, keeping every rule; an opt-out recorded after the
 * draw failing `verify --db` until an optout op applies it (review
 * withdrawn, reviewer slots redrawn).  On SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include <jansson.h>

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/events_int.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"

static char *dir;
static struct store *s;
static int dbn;

static const char *MEETING = "CTOC/COP/WG.1/2027/1";

static int setup(void **state)
{
	(void)state;
	char name[32];
	snprintf(name, sizeof name, "late%d", dbn++);
	s = lots_tu_store(&dir, name);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_rmdir(dir);
	return 0;
}
static int64_t count(const char *sql) { return lots_tu_count(s, sql); }

static void exec(const char *sql) { lots_tu_exec(s, sql); }

static char *text(const char *sql) { return lots_tu_text(s, sql); }

/* Changes one party of the store (as `roster import` would). */
static void set_party(const char *code, int untoc, int instr_bit, int on, int not_reviewer)
{
	struct roster r = { 0 };
	char err[512];
	assert_int_equal(roster_load_db(s, &r, err, sizeof err), 0);
	long i = roster_find(&r, code);
	assert_true(i >= 0);
	if (untoc >= 0)
		r.v[i].instruments = untoc ? r.v[i].instruments | INSTR_BIT(INSTR_UNTOC)
					   : r.v[i].instruments & ~INSTR_BIT(INSTR_UNTOC);
	if (instr_bit >= 0)
		r.v[i].instruments = on ? r.v[i].instruments | INSTR_BIT(instr_bit)
					: r.v[i].instruments & ~INSTR_BIT(instr_bit);
	if (not_reviewer >= 0) {
		r.v[i].not_reviewer = not_reviewer;
		r.v[i].opt_out = r.v[i].not_reviewed && r.v[i].not_reviewer;
	}
	if (roster_save_db(s, &r, err, sizeof err) != 0)
		fail_msg("roster_save_db: %s", err);
	roster_free(&r);
}
static void draw(void)
{
	char err[1024];
	unsigned char seed[32];
	memset(seed, 0x3c, sizeof seed);
	if (lots_db_draw(s, seed, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw: %s", err);
}

static void meeting(const char *ref, const char *date)
{
	char err[512];
	if (lots_meeting_add(s, ref, date, "Joint intersessional meeting", "cli:test", "local", err,
			     sizeof err) != LOTS_OK)
		fail_msg("lots_meeting_add: %s", err);
}

static int op(const char *kind, const char *state, const char *instr, int cohort,
	      const char *decision, char *err, size_t errlen)
{
	struct lots_op_req q = { .kind = kind, .meeting = MEETING, .state = state,
				 .instrument = instr, .cohort = cohort, .decision = decision,
				 .run_by = "Secretariat", .actor = "cli:test", .ip = "local" };
	char *sum = NULL;
	int rc = lots_op_run(s, &q, &sum, NULL, err, errlen);
	free(sum);
	return rc;
}

/* verify --db's two checks: 0 violations, and the report. */
static int verify(struct buf *rep)
{
	int a = lots_db_check_history(s, rep), b = lots_ops_check(s, rep);
	return a < 0 || b < 0 ? -1 : a + b;
}


/* R62, para 29, C5: the late party reviews one State after its join; the
 * reviewer it replaced keeps at least one; no pair either way, the slot's
 * region kept; verify replays it, and fails when the inputs are edited. */
static void test_join_given_review_r62(void **state)
{
	(void)state;
	char err[2048], sql[512];
	struct buf rep = { 0 };
	draw();
	meeting(MEETING, "2027-06-01");
	set_party("PNG", 1, -1, 0, -1);
	if (op("join", "PNG", NULL, 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("join: %s", err);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE reviewer = 'PNG' AND "
			       "status = 'active'"), 1);
	char *a = text("SELECT reviewed FROM lots_assignments WHERE reviewer = 'PNG' AND "
		       "status = 'active'");
	char *old = text("SELECT reviewer FROM lots_assignments WHERE reviewer <> 'PNG' AND "
			 "status = 'replaced' AND valid_to IS NOT NULL AND reviewed IN (SELECT "
			 "reviewed FROM lots_assignments WHERE reviewer = 'PNG')");
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = 'active' "
		 "AND reviewer = '%s'", old);
	int64_t left = count(sql);
	assert_true(left >= 1 && left <= 3);
	/* Not reciprocal (para 28 a): PNG's reviewed State does not review it. */
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE reviewed = 'PNG' "
		 "AND reviewer = '%s'", a);
	assert_int_equal(count(sql), 0);
	/* Every State that may review keeps 1..3 (plus its extra). */
	assert_int_equal(count("SELECT COUNT(*) FROM (SELECT reviewer, COUNT(*) n FROM "
			       "lots_assignments WHERE status = 'active' GROUP BY reviewer) t "
			       "WHERE n > 3"), 0);
	assert_int_equal(verify(&rep), 0);
	assert_null(strstr(buf_str(&rep), "PNG reviews no State"));
	/* Its summary says why. */
	struct lots_op_info *v = NULL;
	size_t n = 0;
	assert_int_equal(lots_ops_list(s, 0, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(v[0].summary, "PNG takes the"));
	assert_non_null(strstr(v[0].summary, "R62"));
	lots_ops_list_free(v, n);
	/* Replayed: drawn without the reassignment, it is not the record. */
	buf_reset(&rep);
	exec("UPDATE lots_ops SET inputs = REPLACE(inputs, '\"share\":true', '\"share\":false')");
	assert_true(verify(&rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "op 1 is not what its seed and inputs give"));
	free(a);
	free(old);
	buf_free(&rep);
}

/* C34: "not a reviewer" recorded after the draw: verify fails while the
 * State is still drawn; the optout op redraws each of its slots from the
 * seed (same role and instruments), and verify passes. */
static void test_optout_not_reviewer_after_draw(void **state)
{
	(void)state;
	char err[2048], sql[512];
	struct buf rep = { 0 };
	draw();
	meeting(MEETING, "2027-06-01");
	char *x = text("SELECT reviewer FROM lots_assignments WHERE status = 'active' "
		       "ORDER BY reviewer LIMIT 1");
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = 'active' "
		 "AND reviewer = '%s'", x);
	int64_t had = count(sql);
	assert_true(had >= 1);
	/* Without an opt-out there is nothing to apply. */
	assert_int_equal(op("optout", x, NULL, 0, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "no opt-out recorded"));
	assert_int_equal(lots_db_set_opt_out(s, x, "not_reviewer", 1, "2027-05-01",
					     "note verbale", "t", "local", err, sizeof err), LOTS_OK);
	assert_true(verify(&rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "opted out of being a reviewer but still"));
	buf_reset(&rep);
	if (op("optout", x, NULL, 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("optout: %s", err);
	assert_int_equal(count(sql), 0);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = "
		 "'replaced' AND reviewer = '%s'", x);
	int64_t moved = count(sql);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = "
		 "'withdrawn' AND reviewer = '%s'", x);
	assert_int_equal(moved + count(sql), had);
	if (verify(&rep) != 0)
		fail_msg("verify: %s", buf_str(&rep));
	/* Once only. */
	assert_int_equal(op("optout", x, NULL, 0, NULL, err, sizeof err), LOTS_EINFEASIBLE);
	free(x);
	buf_free(&rep);
}

/* C34: "not reviewed" recorded after the draw: verify fails while its
 * review is drawn; the optout op withdraws it (rows closed, not deleted),
 * and verify passes. */
static void test_optout_not_reviewed_after_draw(void **state)
{
	(void)state;
	char err[2048], sql[512];
	struct buf rep = { 0 };
	draw();
	meeting(MEETING, "2027-06-01");
	char *y = text("SELECT reviewed FROM lots_assignments WHERE status = 'active' "
		       "ORDER BY reviewed DESC LIMIT 1");
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = 'active' "
		 "AND reviewed = '%s'", y);
	int64_t had = count(sql);
	assert_true(had >= 2);
	assert_int_equal(lots_db_set_opt_out(s, y, "not_reviewed", 1, "2027-05-01",
					     "note verbale", "t", "local", err, sizeof err), LOTS_OK);
	assert_true(verify(&rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "opted out of being reviewed"));
	buf_reset(&rep);
	if (op("optout", y, NULL, 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("optout: %s", err);
	assert_int_equal(count(sql), 0);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = "
		 "'withdrawn' AND reviewed = '%s'", y);
	assert_int_equal(count(sql), had);
	if (verify(&rep) != 0)
		fail_msg("verify: %s", buf_str(&rep));
	/* A withdrawn review gets no Protocol reviewers (C34; h-late2's
	 * 679de22): the State ratifies TIP, and the protocol op refuses. */
	set_party(y, -1, INSTR_TIP, 1, -1);
	assert_int_equal(op("protocol", y, "tip", 0, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "is not reviewed in the programme"));
	/* Editing the op's document away is caught. */
	buf_reset(&rep);
	exec("UPDATE lots_ops SET output = REPLACE(output, '\"withdraw\"', '\"withdrawx\"')");
	assert_true(verify(&rep) > 0);
	free(y);
	buf_free(&rep);
}

/* The stored document verified as `draw verify --db` does: the document
 * against its roster and seed, then the history and the ops. */
static int verify_all(struct buf *rep)
{
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], err[512], *json = NULL;
	int64_t id;
	assert_int_equal(lots_db_load_current(s, &id, &r, sha, &json, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	int n = lots_verify_json(&r, sha, d.seed, json, rep), h = verify(rep);
	lots_draw_free(&d);
	roster_free(&r);
	free(json);
	return n < 0 || h < 0 ? -1 : n + h;
}

/* C3, R60: a first event assigns the three cohorts only; the reviewers of
 * each cohort are drawn at a later meeting by its own event; every step
 * verifies, and a changed cohort is caught. */
static void test_cohorts_only_then_per_cohort_events(void **state)
{
	(void)state;
	char err[2048];
	struct buf rep = { 0 };
	unsigned char seed[32];
	memset(seed, 0x3c, sizeof seed);
	meeting("CTOC/COP/2026/1", "2026-10-01");
	struct lots_event_meta meta = { .run_by = "Secretariat", .meeting = "CTOC/COP/2026/1",
					.actor = "cli:test", .ip = "local", .cohorts_only = 1 };
	char *json = NULL;
	if (lots_db_draw_meta(s, seed, &meta, &json, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("cohorts-only draw: %s", err);
	assert_non_null(strstr(json, "cohorts only"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments"), 0);
	assert_int_equal(count("SELECT COUNT(DISTINCT year) FROM lots_reviews"), 3);
	if (verify_all(&rep) != 0)
		fail_msg("verify: %s", buf_str(&rep));
	/* A cohort changed in the document is caught. */
	struct roster r = { 0 };
	char sha[65], *cur = NULL;
	int64_t id;
	assert_int_equal(lots_db_load_current(s, &id, &r, sha, &cur, err, sizeof err), LOTS_OK);
	char *bad = strdup(cur), *y = strstr(strstr(bad, "\"reviews\""), "\"year\": ");
	assert_non_null(y);
	y[8] = y[8] == '1' ? '2' : '1';
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, seed, bad, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "not those the seed draws"));
	/* The same document with a reviewer is no cohorts-only event. */
	free(bad);
	roster_free(&r);
	free(cur);
	/* Each cohort's reviewers at its own meeting. */
	meeting(MEETING, "2027-06-01");
	for (int c = 1; c <= 3; c++) {
		if (op("event", NULL, NULL, c, NULL, err, sizeof err) != LOTS_OK)
			fail_msg("event cohort %d: %s", c, err);
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_reviews v WHERE v.year = %d AND "
			 "(SELECT COUNT(*) FROM lots_assignments a WHERE a.reviewed = v.reviewed AND "
			 "a.status = 'active') < 2", c);
		assert_int_equal(count(sql), 0);
		buf_reset(&rep);
		if (verify_all(&rep) != 0)
			fail_msg("verify after cohort %d: %s", c, buf_str(&rep));
	}
	/* The cap of three per reviewer (para 29) is kept by the events. */
	assert_int_equal(count("SELECT COUNT(*) FROM (SELECT reviewer, COUNT(*) n FROM "
			       "lots_assignments WHERE status = 'active' GROUP BY reviewer) t "
			       "WHERE n > 3"), 0);
	/* Nothing left: a fourth event draws nothing. */
	assert_int_equal(op("event", NULL, NULL, 1, NULL, err, sizeof err), LOTS_EINFEASIBLE);
	free(json);
	buf_free(&rep);
}

/* R62, para 29: the smallest reassignment takes a slot only from a
 * reviewer that keeps its minimum, and only one the late party may hold
 * (region of the slot); when none, the exception is recorded with the
 * counts per rule.  On a programme built by hand: AAA reviewed by BBB
 * (same region) and CCC (other), LLL joined with no review. */
static void test_share_load_rules_and_exception(void **state)
{
	(void)state;
	static const char csv[] = "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		"AAA,A,AFRICAN,1,0,0,0,0,0\nBBB,B,AFRICAN,1,0,0,0,0,0\n"
		"CCC,C,WEOG,1,0,0,0,0,0\nLLL,L,AFRICAN,1,0,0,0,0,0\n";
	char err[256];
	unsigned char key[32] = { 7 };
	for (int round = 0; round < 3; round++) {
		struct ev_prog p;
		memset(&p, 0, sizeof p);
		assert_int_equal(roster_parse_csv(csv, strlen(csv), &p.cur, err, sizeof err), 0);
		lots_params_default(&p.prm);
		size_t n = p.cur.n;
		p.rvi = malloc(n * sizeof *p.rvi);
		p.load = calloc(n, sizeof *p.load);
		p.cap = calloc(n, sizeof *p.cap);
		for (size_t i = 0; i < n; i++) {
			p.rvi[i] = -1;
			p.cap[i] = 3;
		}
		p.v = calloc(1, sizeof *p.v);
		p.nv = 1;
		p.v[0].reviewed = 0;
		p.rvi[0] = 0;
		p.v[0].n = 2;
		p.v[0].s[0] = (struct ev_slot){ 1, LOTS_SAME_REGION, INSTR_BIT(INSTR_UNTOC) };
		p.v[0].s[1] = (struct ev_slot){ 2, LOTS_OTHER_REGION, INSTR_BIT(INSTR_UNTOC) };
		p.load[1] = p.load[2] = 1;
		/* Round 1: BBB keeps 1 if it gives up its slot (it has 2);
		 * round 2: only CCC has 2, but its slot is of another region
		 * than LLL's; round 0: nobody has more than 1. */
		if (round == 1)
			p.load[1] = 2;
		if (round == 2)
			p.load[2] = 2;
		json_t *ch = json_array(), *ex = json_array();
		struct lots_rng g;
		lots_rng_init(&g, key, 16, 0);
		ev_share_load(&p, 3, &g, ch, ex);
		if (round == 1) {
			assert_int_equal(json_array_size(ch), 1);
			assert_int_equal(json_array_size(ex), 0);
			assert_int_equal(p.v[0].s[0].st, 3);
			assert_int_equal(p.load[3], 1);
			assert_int_equal(p.load[1], 1);
			assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0),
									       "old")), "BBB");
			assert_true(ev_pair_has(&p, 3, 0));
		} else {
			assert_int_equal(json_array_size(ch), 0);
			assert_int_equal(json_array_size(ex), 1);
			const char *why = json_string_value(json_object_get(json_array_get(ex, 0),
									    "reason"));
			assert_non_null(strstr(why, "LLL reviews no State"));
			assert_non_null(strstr(why, round == 0 ? "2 are held by a reviewer that would "
					       "keep fewer than 1" : "1 are of the wrong regional group"));
		}
		json_decref(ch);
		json_decref(ex);
		ev_prog_free(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_join_given_review_r62, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optout_not_reviewer_after_draw, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_optout_not_reviewed_after_draw, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cohorts_only_then_per_cohort_events, setup,
						teardown),
		cmocka_unit_test(test_share_load_rules_and_exception),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
