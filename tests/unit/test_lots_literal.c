/* test_lots_literal.c - literal para 28 (b) in the bounded search and in
 * redraws, as a parameter version (issue 12; R38, R47; docs/draw.md
 * "Parameters", "Literal para 28 (b)", "Redraws").
 *
 * literal_28b_search = 1 (migration 0041) makes the bounded search and
 * the redraws try the configurations reading para 28 (b) literally first.
 * A draw of version 1 (literal_28b_search 0, the method of every draw
 * already published) is unchanged: test_lots.c's test_literal_28b and
 * tests/contrib/run.py check its relaxations as before.  Here: the new
 * version departs less, departs where the literal reading is impossible
 * (the fallback to the other configurations, recorded with its reason),
 * records the parameter, and verify replays it and refuses it tampered. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lots_testutil.h"

#include "core/roster.h"
#include "lots/lots.h"
#include "util/buf.h"

static const char *const groups[] = { "AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "GRULAC",
				      "WEOG" };

/* The 19-State roster of test_literal_28b and tests/contrib/run.py
 * (RELAXED; bench/draw/literal.py, small), drawn by the bounded search:
 * per State its group digit, then untoc tip som firearms, o = opted out. */
#define RELAXED "11001 31010 11000 31011 21000 01010o 31000o 01011 31000 31000 11000 " \
		"21011 21001 31010 01000 11000 11001 01000 11001"
/* RELAXED and eight States more, also drawn by the bounded search: AAT
 * (WEOG, party to the three Protocols) has only untoc parties in its
 * group, and no other State is party to all three, so its same_region
 * base lacks tip som firearms and no single additional reviewer can take
 * them: the literal reading is impossible for AAT in every draw. */
#define IMPOSSIBLE RELAXED " 41111 41000 41000 31110 11101 21011 11101 31110"

static void csv_of(const char *text, struct buf *b)
{
	buf_puts(b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n");
	int i = 0;
	for (const char *p = text; *p; i++) {
		buf_printf(b, "A%c%c,State %d,%s,%c,%c,%c,%c,0,%d\n", 'A' + i / 26, 'A' + i % 26, i,
			   groups[p[0] - '0'], p[1], p[2], p[3], p[4], p[5] == 'o');
		p += 5;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
}

static void load(const char *text, struct roster *r, char sha[65])
{
	struct buf b = { 0 };
	char err[256];
	csv_of(text, &b);
	if (roster_parse_csv(buf_str(&b), b.len, r, err, sizeof err) != 0)
		fail_msg("roster: %s", err);
	lots_roster_hash(r, sha);
	buf_free(&b);
}

static void params_v2(struct lots_params *p, int literal)
{
	lots_params_default(p);
	p->version = 2;
	p->literal_28b_search = literal;
	snprintf(p->decision, sizeof p->decision, "CTOC/COP/2030/L.9");
	snprintf(p->decided_on, sizeof p->decided_on, "2030-10-20");
}

static char *draw_doc(const struct roster *r, const char *sha, const struct lots_params *p,
		      const unsigned char seed[32])
{
	struct lots_draw d;
	char err[1024];
	if (lots_draw_make_params(r, sha, seed, p, NULL, &d, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	char *json = lots_draw_to_json(&d, r);
	lots_draw_free(&d);
	return json;
}

static int relaxations(const char *json)
{
	const char *a = strstr(json, "\"relaxations\": [");
	const char *b = strstr(json, "\"redraws\": [");
	int n = 0;
	for (const char *p = a; p && p < b && (p = strstr(p, "\"rule\": \"para 28 b\"")) && p < b; p++)
		n++;
	return n;
}

static int verify(const struct roster *r, const char *sha, const unsigned char *seed,
		  const char *json, struct buf *rep)
{
	buf_reset(rep);
	return lots_verify_json(r, sha, seed, json, rep);
}

/* The new version departs less on RELAXED, records the parameter, and
 * verifies from its seed; tampered, it does not. */
static void test_search_prefers_literal(void **state)
{
	(void)state;
	struct roster r;
	struct lots_params v1, v2;
	struct buf rep = { 0 };
	char sha[65];
	unsigned char seed[32];
	load(RELAXED, &r, sha);
	assert_int_equal(lots_seed_parse("0000000000000000000000000000000000000000000000000000000000000001",
					 seed), 0);
	lots_params_default(&v1);
	params_v2(&v2, 1);
	char *a = draw_doc(&r, sha, &v1, seed), *b = draw_doc(&r, sha, &v2, seed);
	/* Version 1 as before (test_literal_28b): one review departs. */
	assert_int_equal(relaxations(a), 1);
	assert_null(strstr(a, "literal_28b_search"));
	/* The new version: none; the parameter in the document. */
	assert_int_equal(relaxations(b), 0);
	assert_non_null(strstr(b, "    \"cohorts\": 3,\n    \"literal_28b_search\": 1,\n    \"version\": 2,"));
	assert_int_equal(verify(&r, sha, seed, a, &rep), 0);
	assert_int_equal(verify(&r, sha, seed, b, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "note: parameters version 2"));
	/* The same version without the parameter (literal_28b_search 0, as
	 * a version recorded before 0041) draws version 1's reviews. */
	struct lots_params v2off;
	params_v2(&v2off, 0);
	char *c = draw_doc(&r, sha, &v2off, seed);
	assert_null(strstr(c, "literal_28b_search"));
	assert_string_equal(strstr(a, "\"groups\""), strstr(c, "\"groups\""));
	/* Tampered: the parameter dropped from the new version's document
	 * (it is then not the draw of its seed), or added to version 1's. */
	struct buf t = { 0 };
	const char *k = strstr(b, "    \"literal_28b_search\": 1,\n");
	buf_printf(&t, "%.*s%s", (int)(k - b), b, k + strlen("    \"literal_28b_search\": 1,\n"));
	assert_true(verify(&r, sha, seed, buf_str(&t), &rep) > 0);
	buf_reset(&t);
	k = strstr(a, "    \"version\": 1,");
	buf_printf(&t, "%.*s    \"literal_28b_search\": 1,\n%s", (int)(k - a), a, k);
	assert_true(verify(&r, sha, NULL, buf_str(&t), &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "literal_28b_search is 1, not 0: changed without a "
				       "recorded decision"));
	buf_reset(&t);
	k = strstr(b, "\"literal_28b_search\": 1");
	buf_printf(&t, "%.*s\"literal_28b_search\": 2%s", (int)(k - b), b,
		   k + strlen("\"literal_28b_search\": 1"));
	assert_true(verify(&r, sha, NULL, buf_str(&t), &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "literal_28b_search must be 1 when present"));
	buf_free(&t);
	/* Read back, the document keeps the parameter. */
	struct lots_draw d;
	char err[512];
	assert_int_equal(lots_draw_from_json(b, &r, &d, err, sizeof err), LOTS_OK);
	assert_int_equal(d.params.literal_28b_search, 1);
	lots_draw_free(&d);
	free(a);
	free(b);
	free(c);
	roster_free(&r);
	buf_free(&rep);
}

/* Where the literal reading is impossible the new version falls back to
 * the other configurations and records the departure with its reason;
 * the rest reads literally. */
static void test_literal_impossible(void **state)
{
	(void)state;
	struct roster r;
	struct lots_params v1, v2;
	struct buf rep = { 0 };
	char sha[65];
	unsigned char seed[32];
	load(IMPOSSIBLE, &r, sha);
	lots_params_default(&v1);
	params_v2(&v2, 1);
	int departed_v1 = 0, drawn = 0;
	for (int k = 1; k <= 4; k++) {
		memset(seed, 0, sizeof seed);
		seed[31] = (unsigned char)k;
		struct lots_draw d;
		char err[1024];
		if (lots_draw_make_params(&r, sha, seed, &v2, NULL, &d, err, sizeof err) != LOTS_OK)
			fail_msg("seed %d: %s", k, err);
		char *json = lots_draw_to_json(&d, &r);
		lots_draw_free(&d);
		drawn++;
		/* Exactly AAT departs, for a reason of the roster. */
		assert_int_equal(relaxations(json), 1);
		assert_non_null(strstr(json, "{\"reviewed\": \"AAT\", \"rule\": \"para 28 b\", "
				       "\"literal\": \"one additional reviewer for tip som firearms"));
		assert_non_null(strstr(json, "\"reason\": \"not staffable: too few other reviewing "
				       "States are party to those instruments\"}"));
		assert_int_equal(verify(&r, sha, seed, json, &rep), 0);
		free(json);
		json = draw_doc(&r, sha, &v1, seed);
		departed_v1 += relaxations(json);
		assert_int_equal(verify(&r, sha, seed, json, &rep), 0);
		free(json);
	}
	print_message("literal impossible for AAT: 4 draws, departures %d under version 1, 4 "
		      "(AAT only) under literal_28b_search 1\n", departed_v1);
	assert_int_equal(drawn, 4);
	assert_true(departed_v1 >= 4);
	roster_free(&r);
	buf_free(&rep);
}

/* Redraws of the new version: every base slot of the shipped roster
 * redrawn on a fresh copy of a draw of each version (seed 00..33, one of
 * bench/draw/literal_redraws.py's): version 1's redrawn reviews depart
 * from the literal reading a few times, the new version's never; each
 * redraw where the two differ verifies from the seed. */
static void test_redraws_prefer_literal(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_params v[2];
	char sha[65], err[1024];
	unsigned char seed[32];
	real_roster(&b);
	if (roster_parse_csv(buf_str(&b), b.len, &r, err, sizeof err) != 0)
		fail_msg("roster: %s", err);
	lots_roster_hash(&r, sha);
	lots_params_default(&v[0]);
	params_v2(&v[1], 1);
	assert_int_equal(lots_seed_parse("0000000000000000000000000000000000000000000000000000000000000033",
					 seed), 0);
	int made[2] = { 0 }, dep[2] = { 0 }, differ = 0;
	char *doc[2];
	for (int i = 0; i < 2; i++) {
		doc[i] = draw_doc(&r, sha, &v[i], seed);
		assert_non_null(strstr(doc[i], "\"relaxations\": [],"));
	}
	struct lots_draw d0;
	assert_int_equal(lots_draw_from_json(doc[0], &r, &d0, err, sizeof err), LOTS_OK);
	size_t nrev = d0.nreviews;
	for (size_t ri = 0; ri < nrev; ri++) {
		for (int k = 0; k < 2; k++) {
			char *out[2] = { NULL, NULL };
			for (int i = 0; i < 2; i++) {
				struct lots_draw d;
				assert_int_equal(lots_draw_from_json(doc[i], &r, &d, err, sizeof err),
						 LOTS_OK);
				const struct lots_review *rv = &d.reviews[ri];
				struct lots_redraw_req q = {
					.reviewed = r.v[rv->reviewed].code,
					.replace = r.v[rv->r[k].state].code,
					.requested_by = r.v[rv->reviewed].code,
					.reason = LOTS_REASON_OTHER,
				};
				char code[8];
				snprintf(code, sizeof code, "%s", q.reviewed);
				if (lots_redraw(&r, &d, &q, err, sizeof err) == LOTS_OK) {
					made[i]++;
					out[i] = lots_draw_to_json(&d, &r);
					char key[32];
					snprintf(key, sizeof key, "{\"reviewed\": \"%s\"", code);
					const char *rel = strstr(out[i], "\"relaxations\": [");
					const char *end = strstr(out[i], "\"redraws\": [");
					const char *hit = strstr(rel, key);
					dep[i] += hit && hit < end;
				}
				lots_draw_free(&d);
			}
			/* Where the two versions' redraws differ (the new behaviour),
			 * the new one verifies from the seed: the verifier replays it
			 * under the document's parameters. */
			if (out[0] && out[1]) {
				const char *a = strstr(out[0], "\"reviews\""), *e = strstr(out[1], "\"reviews\"");
				size_t la = (size_t)(strstr(a, "\"relaxations\"") - a);
				size_t lb = (size_t)(strstr(e, "\"relaxations\"") - e);
				if (la != lb || memcmp(a, e, la)) {
					differ++;
					if (verify(&r, sha, seed, out[1], &rep) != 0)
						fail_msg("redraw of review %zu slot %d:\n%s", ri, k,
							 buf_str(&rep));
				}
			}
			free(out[0]);
			free(out[1]);
		}
	}
	print_message("redraws of every base slot of %zu reviews: version 1 %d made, %d departing; "
		      "literal_28b_search 1 %d made, %d departing; %d redraws differ\n", nrev,
		      made[0], dep[0], made[1], dep[1], differ);
	assert_true(dep[0] > 0);   /* bench/draw/literal_redraws.py: 15 in 1,140 */
	assert_int_equal(dep[1], 0);
	assert_true(made[1] >= made[0]);
	assert_true(differ >= dep[0]);
	lots_draw_free(&d0);
	free(doc[0]);
	free(doc[1]);
	roster_free(&r);
	buf_free(&b);
	buf_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_prefers_literal),
		cmocka_unit_test(test_literal_impossible),
		cmocka_unit_test(test_redraws_prefer_literal),
	};
	if (tu_pg())
		return 0;   /* no store here */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
