/* test_programme.c - the programme as published (issue 8, item 4; R34,
 * R51, R60, R65): the current programme read back equals the stored draw,
 * filters, events with their verification (a tampered document fails),
 * meeting notes, phases in calendar years, CSV and JSON agree. */
#include "testutil.h"

#include <jansson.h>

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/lots.h"
#include "review/programme.h"
#include "store/store.h"
#include "util/buf.h"

static char *dir;
static struct store *s;

static int setup(void **state)
{
	(void)state;
	char path[512], err[512];
	dir = tu_tmpdir();
	snprintf(path, sizeof path, "%s/t.db", dir);
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

static void code_name(const char *code, void *ctx, char *out, size_t outlen)
{
	(void)ctx;
	snprintf(out, outlen, "name of %s", code);
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

static void test_empty(void **state)
{
	(void)state;
	struct programme p;
	assert_int_equal(programme_load(s, &p), 0);
	assert_int_equal(p.draw_id, 0);
	assert_int_equal(p.n, 0);
	struct programme_event *ev = NULL;
	size_t n = 9;
	assert_int_equal(programme_events(s, &ev, &n), 0);
	assert_int_equal(n, 0);
	free(ev);
	programme_free(&p);
}

static void test_programme_and_events(void **state)
{
	(void)state;
	char err[512];
	unsigned char seed[32];
	memset(seed, 0x11, sizeof seed);
	int64_t draw_id = 0;
	if (lots_db_draw(s, seed, NULL, &draw_id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw: %s", err);

	struct programme p;
	assert_int_equal(programme_load(s, &p), 0);
	assert_int_equal(p.draw_id, draw_id);
	/* Every stored review, and every active assignment, once. */
	assert_int_equal((int64_t)p.n, count("SELECT COUNT(*) FROM lots_reviews"));
	size_t assignments = 0, by_year[4] = { 0 };
	for (size_t i = 0; i < p.n; i++) {
		assignments += p.v[i].n;
		assert_true(p.v[i].year >= 1 && p.v[i].year <= 3);
		by_year[p.v[i].year]++;
		/* Ordered by year, then code. */
		if (i)
			assert_true(p.v[i - 1].year < p.v[i].year ||
				    strcmp(p.v[i - 1].reviewed, p.v[i].reviewed) < 0);
		/* Para 19: one reviewer of the same group, one of another. */
		assert_true(p.v[i].n >= 2);
		assert_string_equal(p.v[i].r[0].role, "same_region");
		assert_string_equal(p.v[i].r[1].role, "other_region");
		assert_non_null(strstr(p.v[i].instruments, "untoc"));
	}
	assert_int_equal((int64_t)assignments,
			 count("SELECT COUNT(*) FROM lots_assignments WHERE status = 'active'"));

	/* Filters. */
	struct programme_filter f = { .year = 2 };
	size_t n2 = 0;
	for (size_t i = 0; i < p.n; i++)
		n2 += programme_match(&p.v[i], &f);
	assert_int_equal(n2, by_year[2]);
	const struct programme_review *fra = programme_find(&p, "FRA");
	assert_non_null(fra);
	struct programme_filter fs = { .state = "FRA" };
	size_t nf = 0;
	for (size_t i = 0; i < p.n; i++) {
		int m = programme_match(&p.v[i], &fs);
		nf += m;
		if (m && &p.v[i] != fra) {
			int is_reviewer = 0;
			for (size_t k = 0; k < p.v[i].n; k++)
				is_reviewer |= strcmp(p.v[i].r[k].state, "FRA") == 0;
			assert_true(is_reviewer);
		}
	}
	assert_true(nf >= 2); /* its own review and at least one it reviews */
	struct programme_filter fg = { .group = "WEOG", .instrument = "firearms" };
	for (size_t i = 0; i < p.n; i++)
		if (programme_match(&p.v[i], &fg)) {
			assert_string_equal(p.v[i].group, "WEOG");
			assert_non_null(strstr(p.v[i].instruments, "firearms"));
		}
	struct programme_filter bad = { .year = 4 };
	assert_int_equal(programme_filter_check(s, &bad, err, sizeof err), -1);
	assert_string_equal(err, "year");
	struct programme_filter bad2 = { .group = "MARS" };
	assert_int_equal(programme_filter_check(s, &bad2, err, sizeof err), -1);
	assert_string_equal(err, "group");
	struct programme_filter bad3 = { .state = "XXX" };
	assert_int_equal(programme_filter_check(s, &bad3, err, sizeof err), -1);
	struct programme_filter bad4 = { .instrument = "untocx" };
	assert_int_equal(programme_filter_check(s, &bad4, err, sizeof err), -1);
	assert_int_equal(programme_filter_check(s, &fg, err, sizeof err), 0);

	/* CSV and JSON give the same rows. */
	struct buf csv = { 0 };
	programme_write_csv(&p, &f, code_name, NULL, &csv);
	json_t *j = programme_to_json(&p, &f, code_name, NULL);
	json_t *list = json_object_get(j, "reviews");
	assert_int_equal(json_array_size(list), by_year[2]);
	size_t lines = 0, jrows = 0;
	for (const char *q = csv.p; (q = strstr(q, "\r\n")) != NULL; q += 2)
		lines++;
	for (size_t i = 0; i < json_array_size(list); i++)
		jrows += json_array_size(json_object_get(json_array_get(list, i), "reviewers"));
	assert_int_equal(lines, jrows + 1);
	assert_non_null(strstr(csv.p, ",name of "));
	json_decref(j);
	buf_free(&csv);

	/* The event, verified; a note recorded and read back. */
	struct programme_event *ev = NULL;
	size_t ne = 0;
	assert_int_equal(programme_events(s, &ev, &ne), 0);
	assert_int_equal(ne, 1);
	assert_string_equal(ev[0].kind, "lots");
	assert_true(ev[0].current);
	assert_string_equal(ev[0].meeting, "");
	int found = 0;
	struct buf rep = { 0 };
	assert_int_equal(programme_event_verify(s, ev[0].id, &found, &rep), 0);
	assert_true(found);
	/* Again, from the memo: the same answer. */
	assert_int_equal(programme_event_verify(s, ev[0].id, &found, NULL), 0);
	assert_int_equal(programme_event_verify(s, 999, &found, NULL), 1);
	assert_false(found);
	assert_int_equal(programme_event_note(s, ev[0].id, "", "x", err, sizeof err), -1);
	assert_int_equal(programme_event_note(s, 999, "m", "x", err, sizeof err), 1);
	assert_int_equal(programme_event_note(s, ev[0].id, "COP 11, Vienna", "Secretariat",
					      err, sizeof err), 0);
	assert_int_equal(programme_event_note(s, ev[0].id, "Working group 2026", "Chair",
					      err, sizeof err), 0);
	struct programme_event one;
	char *doc = NULL, *roster = NULL;
	assert_int_equal(programme_event_get(s, ev[0].id, &one, &doc, &roster), 0);
	assert_string_equal(one.meeting, "Working group 2026");
	assert_string_equal(one.run_by, "Chair");
	/* The roster served is the one hashed: its canonical hash (docs/draw.md)
	 * is the event's. */
	char sha[65], rerr[256];
	struct roster rr = { 0 };
	assert_int_equal(roster_parse_csv(roster, strlen(roster), &rr, rerr, sizeof rerr), 0);
	lots_roster_hash(&rr, sha);
	roster_free(&rr);
	assert_string_equal(sha, one.roster_sha256);
	free(doc);
	free(roster);
	assert_int_equal(programme_event_get(s, 999, &one, NULL, NULL), 1);

	/* A tampered document fails verification: the first cohort relabelled
	 * year 3 (the memo is keyed by the document's hash, so it is checked
	 * anew). */
	struct store_stmt *st = store_prepare(s,
		"UPDATE lots_events SET output = replace(output, '\"year\": 1', '\"year\": 3') "
		"WHERE id = ?");
	store_bind_int(st, 1, ev[0].id);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	buf_reset(&rep);
	int v = programme_event_verify(s, ev[0].id, &found, &rep);
	assert_true(v != 0);
	free(ev);
	buf_free(&rep);
	programme_free(&p);
}

static void test_phases(void **state)
{
	(void)state;
	struct programme_phase ph[8];
	size_t n = 0;
	assert_int_equal(programme_start_year(s), PROGRAMME_DEFAULT_START);
	assert_int_equal(programme_phases(s, 0, ph, 8, &n), -1);
	/* R34: group g runs phase k in years 2+g+2(k-1) and 3+g+2(k-1). */
	for (int g = 1; g <= 3; g++) {
		assert_int_equal(programme_phases(s, g, ph, 8, &n), 0);
		assert_int_equal(n, 5);
		assert_int_equal(ph[0].stage, 0);
		assert_int_equal(ph[0].first_year, 1);
		assert_int_equal(ph[0].last_year, 2);
		for (int k = 1; k <= 4; k++) {
			assert_int_equal(ph[k].stage, k);
			assert_int_equal(ph[k].first_year, 2 + g + 2 * (k - 1));
			assert_int_equal(ph[k].last_year, 3 + g + 2 * (k - 1));
			assert_int_equal(ph[k].first_cal, PROGRAMME_DEFAULT_START + ph[k].first_year - 1);
		}
		assert_string_equal(ph[1].cluster, "C1");
		assert_string_equal(ph[4].cluster, "C2");
	}
	assert_int_equal(ph[4].last_year, 12); /* group 3 ends in year 12 */
	/* R45: the start is configurable. */
	char err[128];
	assert_int_equal(programme_set_start_year(s, 18, err, sizeof err), -1);
	assert_int_equal(programme_set_start_year(s, 2020, err, sizeof err), 0);
	assert_int_equal(programme_set_start_year(s, 2021, err, sizeof err), 0);
	assert_int_equal(programme_start_year(s), 2021);
	assert_int_equal(programme_phases(s, 1, ph, 8, &n), 0);
	assert_int_equal(ph[1].first_cal, 2023);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_programme_and_events),
		cmocka_unit_test(test_phases),
	};
	return cmocka_run_group_tests_name("programme", tests, setup, teardown);
}
