/* test_lots_params.c - the parameters of the drawing of lots, versioned
 * with the Conference decision that set them (issue 12; R38; migration
 * 0029): version 1 is the annex's; a new version needs a decision
 * (reference and date) and sane values, and is audited; each drawing
 * document records the version it used; `draw verify` fails on values
 * changed without a decision and, against the store, on a document whose
 * parameters are not a recorded version; a changed redraw limit is
 * honoured, and so are the cap, the workload and the number of cohorts of
 * a version (test_cap_three, test_workload_two, test_two_cohorts), with
 * version 1's draws unchanged; values out of range are refused with a
 * message.  On SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

static char *dir;
static struct store *s;

static int setup(void **state)
{
	(void)state;
	s = lots_tu_store(&dir, "params");
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

/* Replaces the first occurrence of from by to in a copy of text. */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	assert_non_null(at);
	struct buf b = { 0 };
	buf_printf(&b, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return buf_detach(&b);
}

static int verify_text(const struct roster *r, const char *sha, const char *json,
		       struct buf *rep)
{
	buf_reset(rep);
	return lots_verify_json(r, sha, NULL, json, rep);
}

static void test_versions_and_documents(void **state)
{
	(void)state;
	char err[600];
	struct lots_params p, q;
	lots_params_default(&p);
	assert_int_equal(p.version, 1);
	assert_int_equal(p.max_reviewers, 4);
	assert_int_equal(p.redraw_limit, 4);
	assert_int_equal(p.load_min, 1);
	assert_int_equal(p.load_max, 3);
	assert_int_equal(p.cohorts, 3);
	/* The migration stores version 1, the annex's. */
	assert_int_equal(lots_db_params_current(s, &q, err, sizeof err), LOTS_OK);
	assert_int_equal(q.version, 1);
	assert_string_equal(q.decision, LOTS_PARAMS_DECISION_1);
	assert_int_equal(q.redraw_limit, 4);

	/* Refusals: no decision, a bad date, a range upside down. */
	q.decision[0] = '\0';
	assert_int_equal(lots_db_params_record(s, &q, "t", "local", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--decision"));
	util_strlcpy(q.decision, "CTOC/COP/2026/L.7", sizeof q.decision);
	util_strlcpy(q.decided_on, "2026-02-30", sizeof q.decided_on);
	assert_int_equal(lots_db_params_record(s, &q, "t", "local", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--date"));
	util_strlcpy(q.decided_on, "2026-10-20", sizeof q.decided_on);
	q.load_min = 4;
	assert_int_equal(lots_db_params_record(s, &q, "t", "local", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--load-min"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_parameters"), 1);

	/* A first draw under version 1 records it. */
	unsigned char seed[32];
	memset(seed, 0x33, sizeof seed);
	struct lots_event_meta meta = { .actor = "cli:test", .ip = "local" };
	char *json = NULL;
	int64_t id;
	if (lots_db_draw_meta(s, seed, &meta, &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	assert_non_null(strstr(json, "\"version\": 1,\n    \"decision\": \"resolution 9/1 (annex)\""));
	struct buf rep = { 0 };
	assert_int_equal(lots_db_params_check(s, json, &rep), 0);

	/* The Conference allows five counted redraws: version 2. */
	q.load_min = 1;
	q.redraw_limit = 5;
	if (lots_db_params_record(s, &q, "cli:test", "local", err, sizeof err) != LOTS_OK)
		fail_msg("record: %s", err);
	assert_int_equal(q.version, 2);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.params' AND "
			       "object = '2'"), 1);
	buf_reset(&rep);
	assert_int_equal(lots_db_params_list(s, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "version 2: max_reviewers 4, redraw_limit 5"));
	/* The stored draw keeps version 1, still a recorded version. */
	buf_reset(&rep);
	assert_int_equal(lots_db_params_check(s, json, &rep), 0);
	free(json);

	/* A new draw uses version 2, and verifies against the roster and
	 * its seed (the redraw limit does not change the draw). */
	meta.supersede = 1;
	if (lots_db_draw_meta(s, seed, &meta, &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("draw 2: %s", err);
	assert_non_null(strstr(json, "\"redraw_limit\": 5,"));
	assert_non_null(strstr(json, "\"version\": 2,\n    \"decision\": \"CTOC/COP/2026/L.7\""));
	struct roster r;
	char sha[65], *cur = NULL;
	assert_int_equal(lots_db_load_current(s, &id, &r, sha, &cur, err, sizeof err), LOTS_OK);
	assert_string_equal(cur, json);
	buf_reset(&rep);
	int nv = lots_verify_json(&r, sha, seed, json, &rep);
	if (nv != 0)
		fail_msg("verify version 2: %s", buf_str(&rep));
	assert_non_null(strstr(buf_str(&rep), "note: parameters version 2, set by decision "
				       "CTOC/COP/2026/L.7"));
	buf_reset(&rep);
	assert_int_equal(lots_db_params_check(s, json, &rep), 0);

	/* Changed without a decision: values of version 1 edited, no
	 * version at all, a version nobody recorded, values that are not
	 * those of the recorded version. */
	char *bad = replaced(json, "\"redraw_limit\": 5,", "\"redraw_limit\": 9,");
	buf_reset(&rep);
	assert_int_equal(lots_db_params_check(s, bad, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "redraw_limit is not 5"));
	free(bad);
	bad = replaced(json, "\"version\": 2,", "\"version\": 7,");
	buf_reset(&rep);
	assert_int_equal(lots_db_params_check(s, bad, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "version 7 is not a recorded version"));
	free(bad);
	char *v1 = replaced(json, "\"version\": 2,\n    \"decision\": \"CTOC/COP/2026/L.7\"",
			    "\"version\": 1,\n    \"decision\": \"resolution 9/1 (annex)\"");
	assert_true(verify_text(&r, sha, v1, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "parameters: redraw_limit is 5, not 4 (para 28 d): "
				       "changed without a recorded decision"));
	bad = replaced(v1, "\"load_max\": 3,", "\"load_max\": 4,");
	assert_true(verify_text(&r, sha, bad, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "load_max is 4, not 3 (para 29): changed without"));
	free(bad);
	bad = replaced(json, "\"version\": 2,\n", "");
	assert_true(verify_text(&r, sha, bad, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "parameters: no version with the decision"));
	free(bad);
	free(v1);

	/* Version 2's redraw limit is honoured: five counted requests by
	 * the same State in one review, not six. */
	struct lots_draw d;
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	assert_int_equal(d.params.redraw_limit, 5);
	const struct lots_review *v = &d.reviews[0];
	char reviewed[8];
	util_strlcpy(reviewed, r.v[v->reviewed].code, sizeof reviewed);
	int made = 0;
	for (int k = 0; k < 6; k++) {
		char replace[8];
		util_strlcpy(replace, r.v[d.reviews[0].r[1].state].code, sizeof replace);
		struct lots_redraw_req req = { .reviewed = reviewed, .replace = replace,
					       .requested_by = reviewed,
					       .reason = LOTS_REASON_LANGUAGE };
		int rc = lots_redraw(&r, &d, &req, err, sizeof err);
		if (k < 5 && rc != LOTS_OK)
			fail_msg("redraw %d: %s", k + 1, err);
		if (k == 5) {
			assert_int_equal(rc, LOTS_EINFEASIBLE);
			assert_non_null(strstr(err, "already asked for 5 redraws"));
		}
		made += rc == LOTS_OK;
	}
	assert_int_equal(made, 5);
	char *after = lots_draw_to_json(&d, &r);
	buf_reset(&rep);
	nv = lots_verify_json(&r, sha, seed, after, &rep);
	if (nv != 0)
		fail_msg("verify after 5 redraws: %s", buf_str(&rep));
	/* Under version 1's limit the same history breaks para 28 d. */
	bad = replaced(after, "\"redraw_limit\": 5,", "\"redraw_limit\": 4,");
	char *bad1 = replaced(bad, "\"version\": 2,\n    \"decision\": \"CTOC/COP/2026/L.7\",\n"
			      "    \"decided_on\": \"2026-10-20\"",
			      "\"version\": 1,\n    \"decision\": \"resolution 9/1 (annex)\",\n"
			      "    \"decided_on\": \"2018-10-19\"");
	assert_true(verify_text(&r, sha, bad1, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "asked for 5 redraws in the review of"));
	free(bad);
	free(bad1);
	free(after);
	lots_draw_free(&d);

	/* Values out of range are refused when recorded (R38). */
	q.max_reviewers = 7;
	util_strlcpy(q.decision, "CTOC/COP/2028/L.2", sizeof q.decision);
	assert_int_equal(lots_db_params_record(s, &q, "cli:test", "local", err, sizeof err),
			 LOTS_EINPUT);
	assert_non_null(strstr(err, "--max-reviewers"));
	assert_false(lots_params_supported(&q, err, sizeof err));

	/* A version with a cap of three (R38, para 28 c) is drawn under, not
	 * refused: the stored draw keeps at most three reviewers a review. */
	q.max_reviewers = 3;
	q.redraw_limit = 4;
	assert_int_equal(lots_db_params_record(s, &q, "cli:test", "local", err, sizeof err), LOTS_OK);
	char *j3 = NULL;
	if (lots_db_draw_meta(s, seed, &meta, &j3, &id, err, sizeof err) != LOTS_OK)
		fail_msg("draw under cap 3: %s", err);
	assert_non_null(strstr(j3, "\"max_reviewers\": 3,"));
	/* Claiming a version the store does not hold fails verify --db's
	 * check (lots_db_params_check on the stored document). */
	char *fake = replaced(j3, "\"version\": 3,", "\"version\": 9,");
	struct store_stmt *st = store_prepare(s, "UPDATE lots_draws SET result = ? WHERE "
					      "status = 'current'");
	assert_non_null(st);
	store_bind_text(st, 1, fake);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	struct roster r3;
	char sha3[65], *cur3 = NULL;
	assert_int_equal(lots_db_load_current(s, &id, &r3, sha3, &cur3, err, sizeof err), LOTS_OK);
	buf_reset(&rep);
	assert_true(lots_db_params_check(s, cur3, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "version 9 is not a recorded version"));
	free(fake);
	free(cur3);
	free(j3);
	roster_free(&r3);
	free(json);
	free(cur);
	roster_free(&r);
	buf_free(&rep);
}


/* Params p with one change from the annex's, as a recorded version. */
static void params_with(struct lots_params *p, int maxr, int lmin, int lmax, int cohorts)
{
	lots_params_default(p);
	p->version = 2;
	p->max_reviewers = maxr;
	p->load_min = lmin;
	p->load_max = lmax;
	p->cohorts = cohorts;
	util_strlcpy(p->decision, "CTOC/COP/2030/L.1", sizeof p->decision);
	util_strlcpy(p->decided_on, "2030-10-20", sizeof p->decided_on);
}

static void parse(const struct buf *csv, struct roster *r, char sha[65])
{
	char err[256];
	if (roster_parse_csv(buf_str(csv), csv->len, r, err, sizeof err) < 0)
		fail_msg("roster: %s", err);
	lots_roster_hash(r, sha);
}

/* Draws under p with seed byte k, checks the document verifies against
 * its roster and seed, and returns it (caller frees). */
static char *draw_under(const struct roster *r, const char *sha, const struct lots_params *p,
			int k, struct lots_draw *d)
{
	unsigned char seed[32];
	char err[600];
	memset(seed, k, sizeof seed);
	if (lots_draw_make_params(r, sha, seed, p, NULL, d, err, sizeof err) != LOTS_OK)
		fail_msg("draw under version %d: %s", p->version, err);
	char *json = lots_draw_to_json(d, r);
	struct buf rep = { 0 };
	int nv = lots_verify_json(r, sha, seed, json, &rep);
	if (nv != 0)
		fail_msg("verify under version %d: %s", p->version, buf_str(&rep));
	buf_free(&rep);
	return json;
}

/* R38, para 28 c: under a cap of three reviewers a review, no draw of the
 * shipped roster gives a review a fourth (the annex's cap of four is
 * reached on it), and no redraw either without the reviewed State's
 * consent; a document claiming cap 3 with a fourth reviewer fails. */
static void test_cap_three(void **state)
{
	(void)state;
	struct buf csv = { 0 }, rep = { 0 };
	struct roster r;
	char sha[65], err[600];
	real_roster(&csv);
	parse(&csv, &r, sha);
	struct lots_params p, annex;
	params_with(&p, 3, 1, 3, 3);
	lots_params_default(&annex);
	int four = 0;
	for (int k = 1; k <= 4; k++) {
		struct lots_draw d, a;
		char *json = draw_under(&r, sha, &p, k, &d);
		for (size_t i = 0; i < d.nreviews; i++)
			assert_true(d.reviews[i].n <= 3);
		/* Redraws of every other_region slot of the first 30 reviews. */
		for (size_t i = 0; i < 30 && i < d.nreviews; i++) {
			char rv[8], x[8];
			util_strlcpy(rv, r.v[d.reviews[i].reviewed].code, sizeof rv);
			util_strlcpy(x, r.v[d.reviews[i].r[1].state].code, sizeof x);
			struct lots_redraw_req req = { .reviewed = rv, .replace = x,
						       .requested_by = rv,
						       .reason = LOTS_REASON_OTHER };
			(void)lots_redraw(&r, &d, &req, err, sizeof err);
		}
		for (size_t i = 0; i < d.nreviews; i++)
			assert_true(d.reviews[i].n <= 3);
		assert_true(d.nredraws > 10);
		char *after = lots_draw_to_json(&d, &r);
		unsigned char seed[32];
		memset(seed, k, sizeof seed);
		buf_reset(&rep);
		if (lots_verify_json(&r, sha, seed, after, &rep) != 0)
			fail_msg("verify after redraws under cap 3: %s", buf_str(&rep));
		free(after);
		/* The annex's draw of the same seed has a fourth reviewer
		 * somewhere: relabelled as cap 3, it fails. */
		char *ja = draw_under(&r, sha, &annex, k, &a);
		for (size_t i = 0; i < a.nreviews; i++)
			four += a.reviews[i].n == 4;
		if (strstr(ja, "\"reviewers\": [") && four) {
			char *bad = replaced(ja, "\"max_reviewers\": 4,", "\"max_reviewers\": 3,");
			char *bad2 = replaced(bad, "\"version\": 1,\n    \"decision\": \"resolution 9/1 "
					      "(annex)\",\n    \"decided_on\": \"2018-10-19\"",
					      "\"version\": 2,\n    \"decision\": \"CTOC/COP/2030/L.1\",\n"
					      "    \"decided_on\": \"2030-10-20\"");
			assert_true(verify_text(&r, sha, bad2, &rep) > 0);
			assert_non_null(strstr(buf_str(&rep), "more than 3"));
			free(bad);
			free(bad2);
		}
		free(ja);
		free(json);
		lots_draw_free(&a);
		lots_draw_free(&d);
	}
	assert_true(four > 0);
	roster_free(&r);
	buf_free(&csv);
	buf_free(&rep);
}

/* A roster of 60 parties to the Convention only, in five groups, ten of
 * them not reviewed (so 50 reviews need 100 reviews from 60 reviewers). */
static void flat_roster(struct buf *b)
{
	static const char *const g[] = { "AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "GRULAC",
					 "WEOG" };
	buf_puts(b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,"
		 "extra_reviews,not_reviewed,not_reviewer\n");
	for (int i = 0; i < 60; i++)
		buf_printf(b, "A%c%c,State %d,%s,1,0,0,0,0,0,0,0,%d,0\n", 'A' + i / 26, 'A' + i % 26,
			   i, g[i % 5], i % 6 == 0);
}

/* R38, para 29: a workload of one to two keeps every reviewer between one
 * and two reviews, in the draw and after redraws; a document whose
 * reviewer makes three under it fails. */
static void test_workload_two(void **state)
{
	(void)state;
	struct buf csv = { 0 }, rep = { 0 };
	struct roster r;
	char sha[65], err[600];
	flat_roster(&csv);
	parse(&csv, &r, sha);
	struct lots_params p, annex;
	params_with(&p, 4, 1, 2, 3);
	lots_params_default(&annex);
	int three = 0;
	for (int k = 1; k <= 5; k++) {
		struct lots_draw d, a;
		char *json = draw_under(&r, sha, &p, k, &d);
		for (size_t i = 0; i < d.nreviews && i < 10; i++) {
			char rv[8], x[8];
			util_strlcpy(rv, r.v[d.reviews[i].reviewed].code, sizeof rv);
			util_strlcpy(x, r.v[d.reviews[i].r[0].state].code, sizeof x);
			struct lots_redraw_req req = { .reviewed = rv, .replace = x,
						       .requested_by = rv,
						       .reason = LOTS_REASON_OTHER };
			(void)lots_redraw(&r, &d, &req, err, sizeof err);
		}
		int load[64] = { 0 };
		for (size_t i = 0; i < d.nreviews; i++)
			for (int j = 0; j < d.reviews[i].n; j++)
				load[d.reviews[i].r[j].state]++;
		for (size_t x = 0; x < r.n; x++) {
			int exc = 0;
			for (size_t w = 0; w < d.nredraws; w++)
				exc |= d.redraws[w].exception == (int)x;
			assert_true(load[x] <= 2);
			assert_true(load[x] >= 1 || exc);
		}
		char *ja = draw_under(&r, sha, &annex, k, &a);
		int l3[64] = { 0 };
		for (size_t i = 0; i < a.nreviews; i++)
			for (int j = 0; j < a.reviews[i].n; j++)
				three |= ++l3[a.reviews[i].r[j].state] == 3;
		free(ja);
		free(json);
		lots_draw_free(&a);
		lots_draw_free(&d);
	}
	/* The annex's draw gives someone three reviews: under 1-2 it fails. */
	assert_true(three);
	for (int k = 1; k <= 5; k++) {
		struct lots_draw a;
		char *ja = draw_under(&r, sha, &annex, k, &a);
		char *bad = replaced(ja, "\"load_max\": 3,", "\"load_max\": 2,");
		char *bad2 = replaced(bad, "\"version\": 1,\n    \"decision\": \"resolution 9/1 "
				      "(annex)\",\n    \"decided_on\": \"2018-10-19\"",
				      "\"version\": 2,\n    \"decision\": \"CTOC/COP/2030/L.1\",\n"
				      "    \"decided_on\": \"2030-10-20\"");
		int l3[64] = { 0 }, has3 = 0;
		for (size_t i = 0; i < a.nreviews; i++)
			for (int j = 0; j < a.reviews[i].n; j++)
				has3 |= ++l3[a.reviews[i].r[j].state] == 3;
		if (has3) {
			assert_true(verify_text(&r, sha, bad2, &rep) > 0);
			assert_non_null(strstr(buf_str(&rep), "more than 2 (para 29)"));
		}
		free(bad);
		free(bad2);
		free(ja);
		lots_draw_free(&a);
	}
	roster_free(&r);
	buf_free(&csv);
	buf_free(&rep);
}

/* R38, para 17: two cohorts give two cohorts, each floor or ceil of a half
 * overall and per group; the document with three groups fails under it. */
static void test_two_cohorts(void **state)
{
	(void)state;
	struct buf csv = { 0 }, rep = { 0 };
	struct roster r;
	char sha[65];
	real_roster(&csv);
	parse(&csv, &r, sha);
	struct lots_params p;
	params_with(&p, 4, 1, 3, 2);
	struct lots_draw d;
	char *json = draw_under(&r, sha, &p, 7, &d);
	int per[3] = { 0 };
	for (size_t i = 0; i < d.nreviews; i++) {
		assert_true(d.reviews[i].year >= 1 && d.reviews[i].year <= 2);
		per[d.reviews[i].year]++;
	}
	assert_true(per[1] - per[2] <= 1 && per[2] - per[1] <= 1);
	assert_non_null(strstr(json, "\"year\": 2,"));
	assert_null(strstr(json, "\"year\": 3,"));
	/* Relabelled as three cohorts (the annex's), it fails. */
	char *bad = replaced(json, "\"cohorts\": 2,", "\"cohorts\": 3,");
	assert_true(verify_text(&r, sha, bad, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "groups: must be three cohorts"));
	free(bad);
	/* One cohort: everyone in year 1. */
	struct lots_draw d1;
	params_with(&p, 4, 1, 3, 1);
	char *j1 = draw_under(&r, sha, &p, 7, &d1);
	for (size_t i = 0; i < d1.nreviews; i++)
		assert_int_equal(d1.reviews[i].year, 1);
	free(j1);
	lots_draw_free(&d1);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&csv);
	buf_free(&rep);
}

/* Version 1 passed explicitly draws what lots_draw_make draws, byte for
 * byte (the shipped roster's draws do not change). */
static void test_annex_unchanged(void **state)
{
	(void)state;
	struct buf csv = { 0 };
	struct roster r;
	char sha[65], err[600];
	real_roster(&csv);
	parse(&csv, &r, sha);
	struct lots_params annex;
	lots_params_default(&annex);
	for (int k = 1; k <= 3; k++) {
		unsigned char seed[32];
		memset(seed, k, sizeof seed);
		struct lots_draw a, b;
		assert_int_equal(lots_draw_make(&r, sha, seed, &a, err, sizeof err), LOTS_OK);
		assert_int_equal(lots_draw_make_params(&r, sha, seed, &annex, NULL, &b, err, sizeof err),
				 LOTS_OK);
		char *ja = lots_draw_to_json(&a, &r), *jb = lots_draw_to_json(&b, &r);
		assert_string_equal(ja, jb);
		free(ja);
		free(jb);
		lots_draw_free(&a);
		lots_draw_free(&b);
	}
	roster_free(&r);
	buf_free(&csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_versions_and_documents, setup, teardown),
		cmocka_unit_test(test_cap_three),
		cmocka_unit_test(test_workload_two),
		cmocka_unit_test(test_two_cohorts),
		cmocka_unit_test(test_annex_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
