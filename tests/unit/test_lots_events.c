/* test_lots_events.c - the drawing of lots over the life of a programme
 * (issue 12; C3, C5, C11, C42, R54, R60, R62, R68, R237): meetings
 * recorded first, a late party placed in the earliest cohort not yet
 * started (or the one a recorded decision names) and given reviewers that
 * keep every rule, a Protocol's supplementary reviewer within the cap of
 * four unless the reviewed State consents, slots carried to a later
 * meeting and drawn at a per-cohort event, seeds derived from the request,
 * `verify --db` replaying the history and catching edits, and redraws
 * refused when the ops since the draw would make them break a rule.  On
 * SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include <jansson.h>

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/events.h"
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
	snprintf(name, sizeof name, "ev%d", dbn++);
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

/* Whether State i of r may review (party to the Convention, in a group,
 * not opted out), as the test needs it. */
static int lots_int_may_review_code(const struct roster *r, int i)
{
	return (r->v[i].instruments & INSTR_BIT(INSTR_UNTOC)) && !r->v[i].not_reviewer &&
	       !r->v[i].volunteer_reviewed;
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

static void group_of(const char *code, char *out, size_t n)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT grp FROM parties WHERE code = '%s'", code);
	char *g = text(sql);
	snprintf(out, n, "%s", g);
	free(g);
}

/* C42, C5: a meeting is recorded first; a late party joins the earliest
 * cohort not yet started; its reviewers keep every rule; the Conference
 * may choose the cohort by a recorded decision. */
static void test_join_late_party(void **state)
{
	(void)state;
	char err[2048];
	struct buf rep = { 0 };
	draw();
	set_party("PNG", 1, -1, 0, -1);
	/* No meeting: refused (C42), naming the option. */
	assert_int_equal(op("join", "PNG", NULL, 0, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--meeting"));
	assert_int_equal(lots_meeting_add(s, MEETING, "2027-6-1", "x", "t", "local", err,
					  sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--date"));
	meeting(MEETING, "2027-06-01");
	assert_int_equal(lots_meeting_add(s, MEETING, "2027-06-01", "x", "t", "local", err,
					  sizeof err), LOTS_EINPUT);
	/* Cohort 1 has started (review/phase): PNG goes to cohort 2. */
	exec("INSERT INTO cohort_phases (cohort, phase, started_at, started_by, planned) "
	     "VALUES (1, 1, '2027-01-01T00:00:00Z', 'x', 60)");
	if (op("join", "PNG", NULL, 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("join: %s", err);
	assert_int_equal(count("SELECT year FROM lots_reviews WHERE reviewed = 'PNG'"), 2);
	/* Its two base reviewers: one of its group, one of another (para 28). */
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE reviewed = 'PNG' AND "
			       "status = 'active' AND op_id IS NOT NULL"), 2);
	char *same = text("SELECT reviewer FROM lots_assignments WHERE reviewed = 'PNG' AND "
			  "role = 'same_region'");
	char *other = text("SELECT reviewer FROM lots_assignments WHERE reviewed = 'PNG' AND "
			   "role = 'other_region'");
	char g1[32], g2[32];
	group_of(same, g1, sizeof g1);
	group_of(other, g2, sizeof g2);
	assert_string_equal(g1, "ASIA_PACIFIC");
	assert_string_not_equal(g2, "ASIA_PACIFIC");
	/* Neither is at more than three reviews (para 29), and neither is
	 * reviewed by PNG. */
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = 'active' "
		 "AND reviewer = '%s'", same);
	assert_true(count(sql) <= 3);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = 'active' "
		 "AND reviewer = '%s'", other);
	assert_true(count(sql) <= 3);
	/* Audited, with the meeting (R237). */
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.join' AND "
			       "detail LIKE 'meeting CTOC/COP/WG.1/2027/1; run by Secretariat;%'"), 1);
	/* Once only. */
	assert_int_equal(op("join", "PNG", NULL, 0, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "already reviewed"));
	/* A party that is not to be reviewed cannot join. */
	assert_int_equal(op("join", "SOM", NULL, 0, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "not to be reviewed"));
	/* PNG is given one review to do by the join itself (R62, para 29:
	 * events_late.c; tests/unit/test_lots_late.c for its rules). */
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE reviewer = 'PNG' AND "
			       "status = 'active'"), 1);
	assert_int_equal(verify(&rep), 0);
	buf_reset(&rep);

	/* Every cohort started: the cohort must be one the Conference
	 * decided, with its decision recorded. */
	exec("INSERT INTO cohort_phases (cohort, phase, started_at, started_by, planned) "
	     "VALUES (2, 1, '2028-01-01T00:00:00Z', 'x', 60)");
	exec("INSERT INTO cohort_phases (cohort, phase, started_at, started_by, planned) "
	     "VALUES (3, 1, '2029-01-01T00:00:00Z', 'x', 60)");
	set_party("SLB", 1, -1, 0, -1);
	assert_int_equal(op("join", "SLB", NULL, 0, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "every cohort has started"));
	assert_int_equal(op("join", "SLB", NULL, 3, "COP 11/2", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--decision"));
	assert_int_equal(lots_db_add_decision(s, "COP 11/2", "2028-10-20", "Review of new parties",
					      err, sizeof err), LOTS_OK);
	if (op("join", "SLB", NULL, 3, "COP 11/2", err, sizeof err) != LOTS_OK)
		fail_msg("join SLB: %s", err);
	assert_int_equal(count("SELECT year FROM lots_reviews WHERE reviewed = 'SLB'"), 3);
	assert_int_equal(verify(&rep), 0);
	free(same);
	free(other);
	buf_free(&rep);
}

/* Para 28 b, C5, C11: a reviewed State party to a new Protocol: its base
 * reviewers party to it take it; the rest is a supplementary reviewer
 * party to it; never a fifth reviewer without consent (para 28 c). */
static void test_protocol_supplementary(void **state)
{
	(void)state;
	char err[2048], sql[512];
	struct buf rep = { 0 };
	draw();
	meeting(MEETING, "2027-06-01");
	/* A review with three reviewers, and one with two, of States not
	 * party to som. */
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], *json = NULL;
	int64_t id;
	assert_int_equal(lots_db_load_current(s, &id, &r, sha, &json, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	int found = -1, n2 = -1;
	for (size_t i = 0; i < d.nreviews; i++) {
		const struct lots_review *v = &d.reviews[i];
		if (!(r.v[v->reviewed].instruments & INSTR_BIT(INSTR_SOM))) {
			if (v->n == 3 && found < 0)
				found = (int)i;
			else if (v->n == 2 && n2 < 0)
				n2 = (int)i;
		}
	}
	assert_true(found >= 0 && n2 >= 0);
	const struct lots_review *v3 = &d.reviews[found], *v2 = &d.reviews[n2];
	char a[4], b[4];
	snprintf(a, sizeof a, "%s", r.v[v3->reviewed].code);
	snprintf(b, sizeof b, "%s", r.v[v2->reviewed].code);
	/* Not yet party: refused, nothing stored. */
	assert_int_equal(op("protocol", b, "som", 0, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "not a party to som"));
	/* B ratifies som; its two bases are made not party to it: two
	 * supplementary reviewers, each party to som, for som only. */
	set_party(b, -1, INSTR_SOM, 1, -1);
	for (int k = 0; k < v2->n; k++)
		set_party(r.v[v2->r[k].state].code, -1, INSTR_SOM, 0, -1);
	if (op("protocol", b, "som", 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("protocol: %s", err);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments a JOIN party_instruments "
		 "p ON p.party = a.reviewer AND p.instrument = 'som' AND p.status = 'party' WHERE "
		 "a.reviewed = '%s' AND a.status = 'active' AND a.role = 'additional' AND "
		 "a.instruments = 'som'", b);
	assert_int_equal(count(sql), 2);
	assert_int_equal(verify(&rep), 0);
	buf_reset(&rep);
	assert_int_equal(op("protocol", b, "som", 0, NULL, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "already has two reviewers"));
	/* Para 28 a over the whole history: a redraw draft in which B would
	 * review its new supplementary reviewer is refused. */
	snprintf(sql, sizeof sql, "SELECT reviewer FROM lots_assignments WHERE reviewed = '%s' "
		 "AND role = 'additional' AND status = 'active'", b);
	char *z = text(sql);
	long zi = roster_find(&r, z), bi = roster_find(&r, b);
	int placed = 0;
	for (size_t i = 0; i < d.nreviews && !placed; i++)
		if (d.reviews[i].reviewed == zi) {
			d.reviews[i].r[d.reviews[i].n - 1].state = (int)bi;
			placed = 1;
		}
	assert_true(placed);
	assert_int_equal(lots_ops_guard(s, &r, &d, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "review each other"));
	free(z);

	/* A, with three reviewers, ratifies som; none of them is party: one
	 * supplementary reviewer makes four, the second would be a fifth
	 * (para 28 c): carried, with the reason. */
	set_party(a, -1, INSTR_SOM, 1, -1);
	for (int k = 0; k < v3->n; k++)
		set_party(r.v[v3->r[k].state].code, -1, INSTR_SOM, 0, -1);
	if (op("protocol", a, "som", 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("protocol A: %s", err);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE reviewed = '%s' AND "
		 "status = 'active'", a);
	assert_int_equal(count(sql), 4);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_carried WHERE reviewed = '%s' AND "
		 "status = 'open' AND reason LIKE '%%consent (para 28 c)'", a);
	assert_int_equal(count(sql), 1);
	/* Again without consent: nothing can be drawn, nothing stored. */
	int64_t before = count("SELECT COUNT(*) FROM lots_ops");
	assert_int_equal(op("protocol", a, "som", 0, NULL, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "consent (para 28 c)"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops"), before);
	assert_true(lots_ops_open(s, &rep) >= 1);
	snprintf(sql, sizeof sql, "%s: som reviewed by 1 State,", a);
	assert_non_null(strstr(buf_str(&rep), sql));
	buf_reset(&rep);
	/* Open is not a violation, and verify says so. */
	assert_int_equal(verify(&rep), 0);
	assert_non_null(strstr(buf_str(&rep), "open: "));
	buf_reset(&rep);
	/* With the reviewed State's consent: a fifth reviewer. */
	struct lots_op_req q = { .kind = "protocol", .meeting = MEETING, .state = a,
				 .instrument = "som", .consent_by = "Permanent Mission",
				 .consent_date = "2027-05-30", .consent_ref = "NV 2027/14",
				 .actor = "cli:test", .ip = "local" };
	q.consent_ref = NULL;
	assert_int_equal(lots_op_run(s, &q, NULL, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--consent"));
	q.consent_ref = "NV 2027/14";
	if (lots_op_run(s, &q, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("protocol with consent: %s", err);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE reviewed = '%s' AND "
		 "status = 'active'", a);
	assert_int_equal(count(sql), 5);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_carried WHERE reviewed = '%s' AND "
		 "status = 'filled'", a);
	assert_int_equal(count(sql), 1);
	assert_int_equal(verify(&rep), 0);
	buf_reset(&rep);
	/* The consent's reference, edited in the stored op: the document no
	 * longer hashes to its record. */
	exec("UPDATE lots_ops SET output = replace(output, '\"NV 2027/14\"', '\"NV 2027/15\"') "
	     "WHERE kind = 'protocol' AND inputs LIKE '%NV 2027/14%'");
	assert_true(verify(&rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "does not hash"));
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&rep);
}

/* R60, R68, C3: a slot nobody can take is carried with the reason; a
 * drawing event of another cohort has nothing to draw; once a State can
 * take it, the event of its cohort at a later meeting draws it. */
static void test_carried_and_cohort_event(void **state)
{
	(void)state;
	char err[2048];
	struct buf rep = { 0 };
	draw();
	meeting(MEETING, "2027-06-01");
	/* Every other Asia-Pacific reviewer has opted out of reviewing. */
	struct roster r = { 0 };
	assert_int_equal(roster_load_db(s, &r, err, sizeof err), 0);
	for (size_t i = 0; i < r.n; i++)
		if (r.v[i].group == roster_group_parse("ASIA_PACIFIC")) {
			r.v[i].not_reviewer = 1;
			r.v[i].opt_out = r.v[i].not_reviewed;
		}
	long png = roster_find(&r, "PNG");
	r.v[png].instruments |= INSTR_BIT(INSTR_UNTOC);
	assert_int_equal(roster_save_db(s, &r, err, sizeof err), 0);
	if (op("join", "PNG", NULL, 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("join: %s", err);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_carried WHERE reviewed = 'PNG' AND "
			       "role = 'same_region' AND status = 'open' AND reason LIKE "
			       "'no State can take the same_region slot of PNG%'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE reviewed = 'PNG' AND "
			       "role = 'other_region' AND status = 'active'"), 1);
	assert_true(lots_ops_open(s, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "PNG: no same_region reviewer"));
	assert_non_null(strstr(buf_str(&rep), "carried at op 1"));
	buf_reset(&rep);
	int year = (int)count("SELECT year FROM lots_reviews WHERE reviewed = 'PNG'");
	int other = year == 3 ? 1 : year + 1;
	/* Another cohort's event: nothing to draw, nothing stored. */
	assert_int_equal(op("event", NULL, NULL, other, NULL, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "nothing to draw"));
	/* PNG's cohort: still nobody; refused with the reason, not recorded. */
	assert_int_equal(op("event", NULL, NULL, year, NULL, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "still open"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops"), 1);
	/* One State may review again: the next meeting's event draws it. */
	const char *later = "CTOC/COP/WG.1/2027/2";
	assert_int_equal(lots_meeting_add(s, later, "2027-10-01", "Second meeting", "t", "local", err,
					  sizeof err), LOTS_OK);
	for (size_t i = 0; i < r.n; i++)
		r.v[i].not_reviewer = r.v[i].opt_out = 0;
	r.v[roster_find(&r, "PNG")].not_reviewer = 0;
	assert_int_equal(roster_save_db(s, &r, err, sizeof err), 0);
	struct lots_op_req q = { .kind = "event", .meeting = later, .cohort = year,
				 .actor = "cli:test", .ip = "local" };
	char *sum = NULL;
	if (lots_op_run(s, &q, &sum, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("event: %s", err);
	assert_non_null(strstr(sum, "reviews PNG (same_region"));
	free(sum);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_carried WHERE status = 'filled' AND "
			       "filled_by = (SELECT id FROM lots_ops WHERE seq = 2)"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.event' AND "
			       "detail LIKE 'meeting CTOC/COP/WG.1/2027/2;%'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops WHERE seq = 2 AND meeting = "
			       "'CTOC/COP/WG.1/2027/2'"), 1);
	assert_int_equal(verify(&rep), 0);
	buf_reset(&rep);
	assert_int_equal(lots_ops_open(s, &rep) >= 0, 1);
	assert_null(strstr(buf_str(&rep), "PNG: no same_region"));
	roster_free(&r);
	buf_free(&rep);
}

/* R51: the op's seed comes from the draw's seed and the request: the same
 * history gives the same result on another database, another sequence
 * number another seed; nobody supplies one. */
static void test_seed_derived(void **state)
{
	(void)state;
	char err[2048];
	draw();
	meeting(MEETING, "2027-06-01");
	set_party("PNG", 1, -1, 0, -1);
	set_party("SLB", 1, -1, 0, -1);
	assert_int_equal(op("join", "PNG", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	assert_int_equal(op("join", "SLB", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	char *o1 = text("SELECT output FROM lots_ops WHERE seq = 1");
	char *o2 = text("SELECT output FROM lots_ops WHERE seq = 2");
	char *draw_seed = text("SELECT seed FROM lots_draws");
	json_t *j1 = json_loads(o1, 0, NULL), *j2 = json_loads(o2, 0, NULL);
	assert_non_null(j1);
	assert_string_not_equal(json_string_value(json_object_get(j1, "seed")),
				json_string_value(json_object_get(j2, "seed")));
	assert_string_not_equal(json_string_value(json_object_get(j1, "seed")), draw_seed);
	assert_string_equal(json_string_value(json_object_get(j2, "prev")),
			    json_string_value(json_object_get(j1, "hash")));
	/* The same steps on a second database: byte-identical documents. */
	struct store *keep = s;
	char path[512];
	tu_db(path, sizeof path, dir, "twin");
	s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	assert_int_equal(refdata_load(s, RM_SRCDIR "/data", err, sizeof err), 0);
	draw();
	meeting(MEETING, "2027-06-01");
	set_party("PNG", 1, -1, 0, -1);
	set_party("SLB", 1, -1, 0, -1);
	assert_int_equal(op("join", "PNG", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	char *t1 = text("SELECT output FROM lots_ops WHERE seq = 1");
	assert_string_equal(t1, o1);
	store_close(s);
	s = keep;
	json_decref(j1);
	json_decref(j2);
	free(o1);
	free(o2);
	free(t1);
	free(draw_seed);
}

/* verify --db replays every op and checks its chain: an edited, reordered
 * or re-drawn op is reported. */
static void test_verify_catches_edits(void **state)
{
	(void)state;
	char err[2048];
	struct buf rep = { 0 };
	draw();
	meeting(MEETING, "2027-06-01");
	set_party("PNG", 1, -1, 0, -1);
	set_party("SLB", 1, -1, 0, -1);
	assert_int_equal(op("join", "PNG", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	assert_int_equal(op("join", "SLB", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	assert_int_equal(verify(&rep), 0);
	buf_reset(&rep);
	/* Another reviewer written into the document, its hash recomputed
	 * as a forger would: the replay from the seed says otherwise. */
	char *o = text("SELECT output FROM lots_ops WHERE seq = 2");
	json_t *j = json_loads(o, 0, NULL);
	json_t *c = json_array_get(json_object_get(j, "changes"), 1);
	const char *was = json_string_value(json_object_get(c, "reviewer"));
	json_object_set_new(c, "reviewer", json_string(strcmp(was, "AUS") ? "AUS" : "NZL"));
	json_object_del(j, "hash");
	char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	char h[65], sql[16384];
	lots_sha256_hex(t, strlen(t), h);
	json_object_set_new(j, "hash", json_string(h));
	free(t);
	t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	struct store_stmt *st = store_prepare(s, "UPDATE lots_ops SET output = ?, hash = ? WHERE "
					      "seq = 2");
	store_bind_text(st, 1, t);
	store_bind_text(st, 2, h);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	assert_true(verify(&rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "op 2 is not what its seed and inputs give"));
	buf_reset(&rep);
	st = store_prepare(s, "UPDATE lots_ops SET output = ?, hash = ? WHERE seq = 2");
	char *h0 = NULL;
	{
		json_t *orig = json_loads(o, 0, NULL);
		h0 = strdup(json_string_value(json_object_get(orig, "hash")));
		json_decref(orig);
	}
	store_bind_text(st, 1, o);
	store_bind_text(st, 2, h0);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	assert_int_equal(verify(&rep), 0);
	buf_reset(&rep);
	/* The history cut: op 1 renumbered out of the way. */
	exec("UPDATE lots_ops SET seq = 9 WHERE seq = 1");
	assert_true(verify(&rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "chain broken"));
	(void)sql;
	free(h0);
	free(t);
	free(o);
	json_decref(j);
	buf_free(&rep);
}

/* R54, para 29: a redraw that the ops since the draw would turn into a
 * violation is refused; with no op, the same draft passes. */
static void test_redraw_guard(void **state)
{
	(void)state;
	char err[2048], sha[65], *json = NULL;
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	int64_t id;
	draw();
	meeting(MEETING, "2027-06-01");
	assert_int_equal(lots_db_load_current(s, &id, &r, sha, &json, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_ops_guard(s, &r, &d, err, sizeof err), LOTS_OK);
	set_party("PNG", 1, -1, 0, -1);
	assert_int_equal(op("join", "PNG", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	char *x = text("SELECT reviewer FROM lots_assignments WHERE reviewed = 'PNG' AND role = "
		       "'other_region'");
	long xi = roster_find(&r, x);
	assert_true(xi >= 0);
	/* A draft in which x takes further reviews up to three in the
	 * document: with its review of PNG, four (para 29). */
	int load = 0;
	for (size_t i = 0; i < d.nreviews; i++)
		for (int k = 0; k < d.reviews[i].n; k++)
			load += d.reviews[i].r[k].state == xi;
	for (size_t i = 0; i < d.nreviews && load < 3; i++) {
		struct lots_review *v = &d.reviews[i];
		int in = v->reviewed == xi;
		for (int k = 0; k < v->n; k++)
			in |= v->r[k].state == xi;
		if (in || v->n < 3 || r.v[v->reviewed].group == r.v[xi].group)
			continue;
		v->r[1].state = (int)xi;   /* other_region slot */
		load++;
	}
	assert_int_equal(load, 3);
	assert_int_equal(lots_ops_guard(s, &r, &d, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "more than 3 (para 29)"));
	/* A real redraw after the join is still made, and verifies. */
	lots_draw_free(&d);
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	const struct lots_review *v = &d.reviews[5];
	struct lots_redraw_req q = { .reviewed = r.v[v->reviewed].code,
				     .replace = r.v[v->r[0].state].code,
				     .requested_by = r.v[v->reviewed].code,
				     .reason = LOTS_REASON_LANGUAGE };
	if (lots_db_redraw(s, &q, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("redraw: %s", err);
	struct buf rep = { 0 };
	assert_int_equal(verify(&rep), 0);
	/* And an op after the redraw is based on the new chain head. */
	set_party("SLB", 1, -1, 0, -1);
	assert_int_equal(op("join", "SLB", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	buf_reset(&rep);
	assert_int_equal(verify(&rep), 0);
	buf_free(&rep);
	free(x);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
}


/* R62 and para 28 a for a late party: a State with no review yet is drawn
 * first for a slot it fits; a State it reviews can then never review it,
 * so the slot is carried with that reason. */
static void test_late_party_first_and_never_reciprocal(void **state)
{
	(void)state;
	char err[2048], sql[512];
	draw();
	meeting(MEETING, "2027-06-01");
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], *json = NULL;
	int64_t id;
	assert_int_equal(lots_db_load_current(s, &id, &r, sha, &json, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	/* Q: an Asia-Pacific State reviewed by two, not party to som. */
	int qi = -1;
	for (size_t i = 0; i < d.nreviews && qi < 0; i++) {
		const struct lots_review *v = &d.reviews[i];
		if (v->n == 2 && r.v[v->reviewed].group == roster_group_parse("ASIA_PACIFIC") &&
		    !(r.v[v->reviewed].instruments & INSTR_BIT(INSTR_SOM)) &&
		    lots_int_may_review_code(&r, v->reviewed))
			qi = (int)i;
	}
	assert_true(qi >= 0);
	const struct lots_review *v = &d.reviews[qi];
	char q[4];
	snprintf(q, sizeof q, "%s", r.v[v->reviewed].code);
	/* PNG becomes party to the Convention and to som: it reviews no
	 * one yet, so it is drawn first as Q's supplementary reviewer. */
	set_party("PNG", 1, INSTR_SOM, 1, -1);
	set_party(q, -1, INSTR_SOM, 1, -1);
	for (int k = 0; k < v->n; k++)
		set_party(r.v[v->r[k].state].code, -1, INSTR_SOM, 0, -1);
	if (op("protocol", q, "som", 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("protocol: %s", err);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE reviewed = '%s' AND "
		 "reviewer = 'PNG' AND role = 'additional' AND status = 'active'", q);
	assert_int_equal(count(sql), 1);
	/* PNG joins; Q is the only Asia-Pacific State left that may review:
	 * it is reviewed by PNG, so it cannot review PNG (para 28 a). */
	struct roster cur = { 0 };
	assert_int_equal(roster_load_db(s, &cur, err, sizeof err), 0);
	for (size_t i = 0; i < cur.n; i++)
		if (cur.v[i].group == roster_group_parse("ASIA_PACIFIC") && strcmp(cur.v[i].code, q) &&
		    strcmp(cur.v[i].code, "PNG")) {
			cur.v[i].not_reviewer = 1;
			cur.v[i].opt_out = cur.v[i].not_reviewed;
		}
	assert_int_equal(roster_save_db(s, &cur, err, sizeof err), 0);
	if (op("join", "PNG", NULL, 0, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("join: %s", err);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE reviewed = 'PNG' AND "
			       "role = 'same_region'"), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_carried WHERE reviewed = 'PNG' AND "
			       "reason LIKE '%1 are or were reviewed by it (para 28 a)%'"), 1);
	/* The States made non-reviewers above after the draw are still drawn
	 * with no optout op: the only violations verify finds (C34). */
	struct buf rep = { 0 };
	int nv = verify(&rep), nl = 0;
	for (const char *c = buf_str(&rep); (c = strstr(c, "opted out of being a reviewer")); c++)
		nl++;
	assert_true(nv > 0);
	assert_int_equal(nv, nl);
	buf_free(&rep);
	roster_free(&cur);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
}

/* C45: a result drawn by hand given as JSON, as a draw document or as an
 * array of rows, is the CSV draw record reads; bad JSON names the place. */
static void test_manual_json(void **state)
{
	(void)state;
	char err[512];
	struct buf b = { 0 };
	assert_int_equal(lots_manual_json_to_csv("[{\"reviewed\":\"FRA\",\"year\":2,"
		"\"reviewer\":\"DEU\",\"role\":\"same_region\",\"instruments\":\"untoc tip\"},"
		"{\"reviewed\":\"FRA\",\"year\":2,\"reviewer\":\"BRA\",\"role\":\"other_region\","
		"\"instruments\":[\"untoc\"]}]", &b, err, sizeof err), LOTS_OK);
	assert_string_equal(buf_str(&b), "reviewed,year,reviewer,role,instruments\n"
			    "FRA,2,DEU,same_region,untoc tip\nFRA,2,BRA,other_region,untoc\n");
	buf_reset(&b);
	assert_int_equal(lots_manual_json_to_csv("{\"format\":\"revmech-draw/2\",\"reviews\":"
		"[{\"reviewed\":\"FRA\",\"year\":1,\"reviewers\":[{\"state\":\"DEU\","
		"\"role\":\"same_region\",\"instruments\":[\"untoc\",\"som\"]}]}]}", &b, err,
		sizeof err), LOTS_OK);
	assert_string_equal(buf_str(&b), "reviewed,year,reviewer,role,instruments\n"
			    "FRA,1,DEU,same_region,untoc som\n");
	buf_reset(&b);
	assert_int_equal(lots_manual_json_to_csv("[{\"reviewed\":\"FRA\",\"year\":\"one\"}]",
						 &b, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "row 1"));
	buf_reset(&b);
	assert_int_equal(lots_manual_json_to_csv("{\"reviews\":[{\"reviewed\":\"FRA\"}]}", &b, err,
						 sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "reviews[0]"));
	buf_reset(&b);
	assert_int_equal(lots_manual_json_to_csv("{", &b, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "not JSON"));
	buf_free(&b);
}

/* Paras 28 d-f, 30, C9 for a slot an op made: redrawn through the same
 * request as any redraw, at a recorded meeting; a replaced State never
 * comes back; four counted requests, then only the uncounted reasons. */
static void test_redraw_of_an_op_slot(void **state)
{
	(void)state;
	char err[2048], sql[512];
	struct buf rep = { 0 };
	draw();
	meeting(MEETING, "2027-06-01");
	set_party("PNG", 1, -1, 0, -1);
	assert_int_equal(op("join", "PNG", NULL, 0, NULL, err, sizeof err), LOTS_OK);
	char *seen[8] = { 0 };
	int nseen = 0;
	seen[nseen++] = text("SELECT reviewer FROM lots_assignments WHERE reviewed = 'PNG' AND "
			     "role = 'same_region' AND status = 'active'");
	struct lots_event_meta meta = { .run_by = "Secretariat", .meeting = MEETING,
					.actor = "cli:test", .ip = "local" };
	struct lots_redraw_req q = { .reviewed = "PNG", .replace = seen[0], .requested_by = "FRA",
				     .reason = LOTS_REASON_LANGUAGE };
	assert_int_equal(lots_db_redraw_meta(s, &q, &meta, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--requested-by"));
	q.requested_by = "PNG";
	struct lots_event_meta nomeet = meta;
	nomeet.meeting = NULL;
	assert_int_equal(lots_db_redraw_meta(s, &q, &nomeet, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--meeting"));
	q.reason = LOTS_REASON_EXCEPTIONAL;
	q.note = "conflict of interest";
	assert_int_equal(lots_db_redraw_meta(s, &q, &meta, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--decision"));
	q.reason = LOTS_REASON_LANGUAGE;
	q.note = NULL;
	for (int i = 0; i < 4; i++) {
		q.replace = seen[nseen - 1];
		if (lots_db_redraw_meta(s, &q, &meta, NULL, err, sizeof err) != LOTS_OK)
			fail_msg("redraw %d: %s", i, err);
		char *now = text("SELECT reviewer FROM lots_assignments WHERE reviewed = 'PNG' AND "
				 "role = 'same_region' AND status = 'active'");
		for (int j = 0; j < nseen; j++)
			assert_string_not_equal(now, seen[j]);   /* never drawn back (C9) */
		char g[32];
		group_of(now, g, sizeof g);
		assert_string_equal(g, "ASIA_PACIFIC");
		seen[nseen++] = now;
	}
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops WHERE kind = 'redraw'"), 4);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE reviewed = 'PNG' AND "
			       "role = 'same_region' AND status = 'replaced' AND valid_to IS NOT NULL"),
			 4);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.redraw' AND "
			       "detail LIKE 'meeting CTOC/COP/WG.1/2027/1;%'"), 4);
	/* The fifth counted request is refused; an uncounted one is made. */
	q.replace = seen[nseen - 1];
	assert_int_equal(lots_db_redraw_meta(s, &q, &meta, NULL, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "at most four"));
	q.reason = LOTS_REASON_UNABLE;
	q.note = "the reviewer cannot take part (para 30)";
	if (lots_db_redraw_meta(s, &q, &meta, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("unable: %s", err);
	/* The document of the draw is untouched, and the history verifies. */
	assert_int_equal(count("SELECT COUNT(*) FROM lots_redraws"), 0);
	assert_int_equal(verify(&rep), 0);
	buf_reset(&rep);
	/* An edited request in a stored redraw op is caught by the replay. */
	snprintf(sql, sizeof sql, "UPDATE lots_ops SET inputs = replace(inputs, '\"language\"', "
		 "'\"other\"') WHERE seq = 2");
	exec(sql);
	assert_true(verify(&rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "op 2 is not what its seed and inputs give"));
	for (int j = 0; j < nseen; j++)
		free(seen[j]);
	buf_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_join_late_party, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protocol_supplementary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carried_and_cohort_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_derived, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_catches_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redraw_guard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_party_first_and_never_reciprocal, setup,
						teardown),
		cmocka_unit_test(test_manual_json),
		cmocka_unit_test_setup_teardown(test_redraw_of_an_op_slot, setup, teardown),
	};
	return cmocka_run_group_tests_name("lots_events", tests, NULL, NULL);
}
