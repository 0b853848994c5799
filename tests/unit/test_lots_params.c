/* test_lots_params.c - the parameters of the drawing of lots, versioned
 * with the Conference decision that set them (issue 12; R38; migration
 * 0029): version 1 is the annex's; a new version needs a decision
 * (reference and date) and sane values, and is audited; each drawing
 * document records the version it used; `draw verify` fails on values
 * changed without a decision and, against the store, on a document whose
 * parameters are not a recorded version; a changed redraw limit is
 * honoured; values the drawer does not implement are refused with a
 * message.  On SQLite and PostgreSQL (tu_db). */
#include "testutil.h"

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
	char path[512], err[512];
	dir = tu_tmpdir();
	tu_db(path, sizeof path, dir, "params");
	s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_rmdir(dir);
	return 0;
}

static int64_t count(const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	int64_t n = store_col_int(st, 0);
	store_finalize(st);
	return n;
}

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

	/* Values the drawer does not implement: recorded, but no draw is
	 * made, and the message says why. */
	q.max_reviewers = 5;
	util_strlcpy(q.decision, "CTOC/COP/2028/L.2", sizeof q.decision);
	assert_int_equal(lots_db_params_record(s, &q, "cli:test", "local", err, sizeof err),
			 LOTS_OK);
	assert_false(lots_params_supported(&q, err, sizeof err));
	char *none = NULL;
	assert_int_not_equal(lots_db_draw_meta(s, seed, &meta, &none, &id, err, sizeof err), LOTS_OK);
	assert_null(none);
	assert_non_null(strstr(err, "set max_reviewers to 5; this drawer implements only 4"));
	free(json);
	free(cur);
	roster_free(&r);
	buf_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_versions_and_documents, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
