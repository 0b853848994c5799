/* test_lots_manual.c - a drawing of lots held by hand at the meeting and
 * recorded (issue 12; R51, C45): the result, as CSV, is checked against
 * every rule by the independent verifier, stored marked as not
 * reproducible from a seed, audited, and can be redrawn; a result that
 * breaks a rule, or names an unknown State, is refused with nothing
 * stored.  On SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"

static char *dir;
static struct store *s;

static int setup(void **state)
{
	(void)state;
	s = lots_tu_store(&dir, "manual");
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

/* The result a meeting drew by hand, as the programme's CSV gives it:
 * here a draw of the roster (any valid result will do), with a name
 * column the reader ignores and the base reviewers' instruments left
 * empty (meaning all they share).  skip: a State whose rows are left out
 * (-1 none); self: a State made to review itself (-1 none). */
static void result_csv(const struct roster *r, const struct lots_draw *d, int skip, int self,
		       struct buf *b)
{
	buf_puts(b, "year,reviewed,reviewed_name,reviewer,role,instruments\r\n");
	for (size_t i = 0; i < d->nreviews; i++) {
		const struct lots_review *v = &d->reviews[i];
		if (v->reviewed == skip)
			continue;
		for (int k = 0; k < v->n; k++) {
			int who = v->reviewed == self && k == 0 ? self : v->r[k].state;
			buf_printf(b, "%d,%s,\"Name, of %s\",%s,%s,", v->year, r->v[v->reviewed].code,
				   r->v[v->reviewed].code, r->v[who].code, lots_role_code(v->r[k].role));
			if (v->r[k].role != LOTS_SAME_REGION)
				for (int j = 0, first = 1; j < INSTR_COUNT; j++)
					if (v->r[k].instr & INSTR_BIT(j)) {
						buf_printf(b, "%s%s", first ? "" : " ", roster_instrument_code(j));
						first = 0;
					}
			buf_puts(b, "\r\n");
		}
	}
}

static void test_draw_held_by_hand(void **state)
{
	(void)state;
	char err[4096], sha[65];
	struct roster dbr = { 0 }, r = { 0 };
	struct buf csv = { 0 }, res = { 0 };
	struct lots_draw d;
	assert_int_equal(roster_load_db(s, &dbr, err, sizeof err), 0);
	roster_write_csv(&dbr, &csv);
	assert_int_equal(roster_parse_csv(csv.p, csv.len, &r, err, sizeof err), 0);
	lots_roster_hash(&r, sha);
	unsigned char seed[32];
	memset(seed, 0x5a, sizeof seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	struct lots_event_meta meta = { .run_by = "Secretariat", .meeting = "IRG 2026/1",
					.actor = "cli:test", .ip = "local" };
	/* Held at a recorded meeting (R237, C42): refused until it is. */
	assert_int_equal(lots_db_record_manual(s, "x\n", 2, &meta, NULL, NULL, err, sizeof err),
			 LOTS_EINPUT);
	assert_non_null(strstr(err, "no meeting 'IRG 2026/1' is recorded"));
	assert_int_equal(lots_meeting_add(s, "IRG 2026/1", "2026-03-01", "Implementation Review "
					  "Group", "cli:test", "local", err, sizeof err), LOTS_OK);

	/* Bad input: an unknown State, named with its line. */
	buf_puts(&res, "reviewed,year,reviewer,role,instruments\nQQQ,1,FRA,same_region,\n");
	assert_int_equal(lots_db_record_manual(s, res.p, res.len, &meta, NULL, NULL, err, sizeof err),
			 LOTS_EINPUT);
	assert_non_null(strstr(err, "line 2"));
	assert_non_null(strstr(err, "QQQ"));
	buf_reset(&res);
	/* A result that breaks rules: a State left out, another reviewing
	 * itself; refused with the violations, nothing stored. */
	int skip = d.reviews[0].reviewed, self = d.reviews[1].reviewed;
	result_csv(&r, &d, skip, self, &res);
	assert_int_equal(lots_db_record_manual(s, res.p, res.len, &meta, NULL, NULL, err, sizeof err),
			 LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "nothing recorded"));
	assert_non_null(strstr(err, r.v[skip].code));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_draws"), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_events"), 0);
	buf_reset(&res);

	/* The valid result: recorded, marked manual, audited. */
	result_csv(&r, &d, -1, -1, &res);
	int64_t id = 0;
	char *json = NULL;
	if (lots_db_record_manual(s, res.p, res.len, &meta, &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_record_manual: %s", err);
	assert_int_equal(id, 1);
	assert_non_null(strstr(json, LOTS_ALGORITHM_MANUAL));
	struct lots_draw back;
	assert_int_equal(lots_draw_from_json(json, &r, &back, err, sizeof err), LOTS_OK);
	assert_true(back.manual);
	assert_int_equal(back.nreviews, d.nreviews);
	for (size_t i = 0; i < d.nreviews; i++) {
		assert_int_equal(back.reviews[i].reviewed, d.reviews[i].reviewed);
		assert_int_equal(back.reviews[i].year, d.reviews[i].year);
		assert_int_equal(back.reviews[i].n, d.reviews[i].n);
		/* The same reviewers; the additional ones in code order (the
		 * record's canonical order, whatever the file's). */
		for (int k = 0; k < d.reviews[i].n; k++) {
			int j = 0;
			while (j < back.reviews[i].n && back.reviews[i].r[j].state != d.reviews[i].r[k].state)
				j++;
			assert_true(j < back.reviews[i].n);
			assert_int_equal(back.reviews[i].r[j].instr, d.reviews[i].r[k].instr);
			assert_int_equal(back.reviews[i].r[j].role, d.reviews[i].r[k].role);
			if (k > 2)
				assert_true(strcmp(r.v[back.reviews[i].r[k - 1].state].code,
						   r.v[back.reviews[i].r[k].state].code) < 0);
		}
	}
	/* Not the seed it would have been drawn with: derived from the record. */
	assert_memory_not_equal(back.seed, seed, 32);
	lots_draw_free(&back);
	struct buf rep = { 0 };
	assert_int_equal(lots_verify_json(&r, sha, NULL, json, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "note: drawn by hand"));
	buf_reset(&rep);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_events WHERE inputs LIKE "
			       "'%\"manual\":true%'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.manual' "
			       "AND object = 'draw 1'"), 1);
	assert_int_equal(lots_db_check_history(s, &rep), 0);
	buf_reset(&rep);
	free(json);
	json = NULL;

	/* A redraw in a draw held by hand, then the history still checks. */
	const struct lots_review *v = &d.reviews[2];
	struct lots_redraw_req q = { .reviewed = r.v[v->reviewed].code,
				     .replace = r.v[v->r[1].state].code,
				     .requested_by = r.v[v->reviewed].code,
				     .reason = LOTS_REASON_LANGUAGE };
	if (lots_db_redraw_meta(s, &q, &meta, &json, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_redraw_meta: %s", err);
	assert_int_equal(lots_verify_json(&r, sha, NULL, json, &rep), 0);
	buf_reset(&rep);
	assert_int_equal(lots_db_check_history(s, &rep), 0);
	/* A second record over it needs --supersede. */
	assert_int_equal(lots_db_record_manual(s, res.p, res.len, &meta, NULL, NULL, err, sizeof err),
			 LOTS_EEXISTS);
	free(json);
	buf_free(&rep);
	buf_free(&res);
	buf_free(&csv);
	lots_draw_free(&d);
	roster_free(&r);
	roster_free(&dbr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draw_held_by_hand),
	};
	return cmocka_run_group_tests_name("lots_manual", tests, setup, teardown);
}
