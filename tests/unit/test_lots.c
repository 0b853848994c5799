/* test_lots.c - the drawing of lots (issue 3): rules, determinism,
 * fairness, redraws, infeasible rosters, the database variant. */
#include "lots_testutil.h"

#include <math.h>

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "lots/lots_int.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/util.h"

/* --- roster builders ------------------------------------------------- */

static void code3(int i, char out[4])
{
	out[0] = (char)('A' + i / 676 % 26);
	out[1] = (char)('A' + i / 26 % 26);
	out[2] = (char)('A' + i % 26);
	out[3] = '\0';
}

struct spec {
	int group;        /* -1 none */
	unsigned instr;   /* INSTR_BIT mask */
	int opt_out, volunteer, extra;
};

static void roster_csv(const struct spec *s, int n, struct buf *b)
{
	buf_puts(b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,extra_reviews\n");
	for (int i = 0; i < n; i++) {
		char c[4];
		code3(i, c);
		const char *g = s[i].group >= 0 ? roster_group_code(s[i].group) : "";
		buf_printf(b, "%s,State %d,%s,%d,%d,%d,%d,0,%d,%d,%d\n", c, i, g,
			   !!(s[i].instr & 1), !!(s[i].instr & 2), !!(s[i].instr & 4),
			   !!(s[i].instr & 8), s[i].opt_out, s[i].volunteer, s[i].extra);
	}
}

static void parse(const struct buf *b, struct roster *r, char sha[65])
{
	char err[256];
	int rc = roster_parse_csv(buf_str(b), b->len, r, err, sizeof err);
	if (rc != 0)
		fail_msg("roster: %s", err);
	lots_sha256_hex(buf_str(b), b->len, sha);
}

static void seed_of(uint32_t k, unsigned char seed[32])
{
	memset(seed, 0, 32);
	seed[0] = (unsigned char)k;
	seed[1] = (unsigned char)(k >> 8);
	seed[2] = (unsigned char)(k >> 16);
	seed[31] = 0x5a;
}

/* Draws, checks with the verifier (including the seed re-derivation) and
 * returns the draw's rc. */
static const struct lots_effort *test_effort;

static int draw_and_verify(const struct roster *r, const char *sha, const unsigned char seed[32],
			   char *err, size_t errlen, int rederive)
{
	struct lots_draw d;
	int rc = lots_draw_make_effort(r, sha, seed, test_effort, &d, err, errlen);
	if (rc != LOTS_OK)
		return rc;
	char *json = lots_draw_to_json(&d, r);
	struct buf rep = { 0 };
	int n = lots_verify_json(r, sha, rederive ? seed : NULL, json, &rep);
	if (n != 0)
		fail_msg("verifier: %d violations:\n%s", n, buf_str(&rep));
	buf_free(&rep);
	free(json);
	lots_draw_free(&d);
	return rc;
}


/* --- tests ----------------------------------------------------------- */

static void test_seed(void **state)
{
	(void)state;
	unsigned char s[32];
	char hex[65];
	assert_int_equal(lots_seed_parse("00ff", s), -1);
	assert_int_equal(lots_seed_parse("zz00000000000000000000000000000000000000000000000000000000000000", s), -1);
	assert_int_equal(lots_seed_parse("0123456789abcdefABCDEF0123456789abcdef0123456789abcdef0123456789", s), 0);
	lots_hex(s, 32, hex);
	assert_string_equal(hex, "0123456789abcdefabcdef0123456789abcdef0123456789abcdef0123456789");
	struct lots_rng g;
	lots_rng_init(&g, s, 1, 0);
	for (int i = 0; i < 1000; i++)
		assert_true(lots_rng_below(&g, 7) < 7);
}

static void test_real_roster(void **state)
{
	(void)state;
	struct buf b = { 0 };
	struct roster r;
	char sha[65], err[512];
	real_roster(&b);
	parse(&b, &r, sha);
	assert_true(r.n > 190);
	for (uint32_t k = 0; k < 50; k++) {
		unsigned char seed[32];
		seed_of(k, seed);
		int rc = draw_and_verify(&r, sha, seed, err, sizeof err, k < 5);
		if (rc != LOTS_OK)
			fail_msg("real roster, seed %u: %s", k, err);
	}
	/* Determinism: same inputs, same bytes; another seed, another draw. */
	unsigned char s1[32], s2[32];
	seed_of(1, s1);
	seed_of(2, s2);
	struct lots_draw d1, d2, d3;
	assert_int_equal(lots_draw_make(&r, sha, s1, &d1, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_make(&r, sha, s1, &d2, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_make(&r, sha, s2, &d3, err, sizeof err), LOTS_OK);
	char *j1 = lots_draw_to_json(&d1, &r), *j2 = lots_draw_to_json(&d2, &r),
	     *j3 = lots_draw_to_json(&d3, &r);
	assert_string_equal(j1, j2);
	assert_string_not_equal(j1, j3);
	/* Round trip through the parser. */
	struct lots_draw back;
	assert_int_equal(lots_draw_from_json(j1, &r, &back, err, sizeof err), LOTS_OK);
	char *j4 = lots_draw_to_json(&back, &r);
	assert_string_equal(j1, j4);
	/* The document names the known exclusions' absence: EU and VAT are
	 * not in it (no group / opted out). */
	assert_null(strstr(j1, "\"EUU\""));
	assert_null(strstr(j1, "\"VAT\""));
	free(j1);
	free(j2);
	free(j3);
	free(j4);
	lots_draw_free(&back);
	lots_draw_free(&d1);
	lots_draw_free(&d2);
	lots_draw_free(&d3);
	roster_free(&r);
	buf_free(&b);
}

/* Thousands of random rosters: each draw that succeeds must verify; the
 * roomy ones (every group >= 4 reviewing States) must always succeed. */
static void test_property(void **state)
{
	(void)state;
	struct lots_rng g;
	unsigned char key[32] = { 42 };
	lots_rng_init(&g, key, 99, 0);
	int ok = 0, infeasible = 0, roomy_fail = 0, searched = 0;
	/* A small search budget keeps the (ASan) run short; the hard
	 * rosters it gives up on are measured against clingo in
	 * bench/draw/run instead. */
	static const struct lots_effort quick = { 2, 200, 10, 3000, 3000 };
	test_effort = &quick;
	for (int t = 0; t < 2000; t++) {
		int n = 8 + (int)lots_rng_below(&g, t % 20 == 0 ? 150 : 40);
		int ngroups = 2 + (int)lots_rng_below(&g, 4);
		/* Protocol rates from "almost nobody" to "everybody". */
		uint32_t rate[3];
		for (int i = 0; i < 3; i++)
			rate[i] = lots_rng_below(&g, 101);
		struct spec *s = calloc((size_t)n, sizeof *s);
		int gsize[GROUP_COUNT] = { 0 };
		for (int i = 0; i < n; i++) {
			s[i].group = (int)lots_rng_below(&g, (uint32_t)ngroups);
			s[i].instr = 1;
			for (int p = 0; p < 3; p++)
				if (lots_rng_below(&g, 100) < rate[p])
					s[i].instr |= 2u << p;
			uint32_t x = lots_rng_below(&g, 100);
			if (x < 2)
				s[i].group = -1;
			else if (x < 4)
				s[i].opt_out = 1;
			else if (x < 7) {
				s[i].volunteer = 1;
				s[i].instr &= ~1u;
				if (!s[i].instr)
					s[i].instr = 2;
			} else if (x < 9) {
				s[i].extra = 1;
			}
			if (s[i].group >= 0 && !s[i].opt_out && !s[i].volunteer)
				gsize[s[i].group]++;
		}
		int roomy = 1;
		for (int k = 0; k < ngroups; k++)
			roomy &= gsize[k] >= 4;
		for (int p = 0; p < 3; p++)
			roomy &= rate[p] == 100;
		struct buf b = { 0 };
		roster_csv(s, n, &b);
		struct roster r;
		char sha[65], err[512];
		parse(&b, &r, sha);
		unsigned char seed[32];
		seed_of((uint32_t)t * 7919u, seed);
		/* The seed re-derivation uses the default effort: only for
		 * draws the default search finds at once. */
		int rc = draw_and_verify(&r, sha, seed, err, sizeof err, 0);
		if (rc == LOTS_OK) {
			ok++;
		} else {
			assert_int_equal(rc, LOTS_EINFEASIBLE);
			searched += strstr(err, "search budget") != NULL;
			if (strstr(err, "search budget") && getenv("LOTS_DUMP")) {
				char fn[128];
				snprintf(fn, sizeof fn, "%s/fail_%d.csv", getenv("LOTS_DUMP"), t);
				FILE *f = fopen(fn, "w");
				if (f) {
					fputs(buf_str(&b), f);
					fclose(f);
				}
			}
			assert_non_null(strstr(err, "rule") ? err : strstr(err, "no State"));
			infeasible++;
			if (roomy) {
				roomy_fail++;
				print_message("roomy roster failed: %s\n", err);
			}
		}
		roster_free(&r);
		buf_free(&b);
		free(s);
	}
	print_message("property: %d drawn and verified, %d infeasible (%d of them after a search)\n",
		      ok, infeasible, searched);
	test_effort = NULL;
	assert_int_equal(roomy_fail, 0);
	assert_true(ok > 800);
}

/* Parses a compact roster: per State, group digit (- for none), untoc tip
 * som firearms as 0/1, then o (opt_out), v (volunteer), x (extra). */
static void compact_roster(const char *text, struct buf *b)
{
	struct spec sp[64];
	int n = 0;
	memset(sp, 0, sizeof sp);
	for (const char *p = text; *p && n < 64; n++) {
		sp[n].group = *p == '-' ? -1 : *p - '0';
		for (int i = 0; i < INSTR_COUNT; i++)
			sp[n].instr |= p[1 + i] == '1' ? 1u << i : 0;
		p += 1 + INSTR_COUNT;
		for (; *p && *p != ' '; p++) {
			sp[n].opt_out |= *p == 'o';
			sp[n].volunteer |= *p == 'v';
			sp[n].extra |= *p == 'x';
		}
		while (*p == ' ')
			p++;
	}
	roster_csv(sp, n, b);
}

/* Rosters the search missed before the complete fallback (issue 3):
 * found by bench/draw/hard.py, where clingo draws them.  A Protocol with
 * five or six parties (their reviews of each other nearly a tournament),
 * and in the first a two-group roster whose small group has exactly the
 * workload its base slots need.  Rows as in compact_roster(). */
static const char *const hard_rosters[] = {
	/* bench/draw/hard.py 100 3, r0087 */
	"11100 01111 11100 01100 01000 01110 01100 01100 01000 11010 11110 "
	"01010 01001 01101 11100 01100 01100 11101 01100 01100 11011",
	/* bench/draw/hard.py 100 3, r0013 */
	"11100 01010 21001 11101 21110 21100 31110 11000 31100 11001 01100 "
	"21011 01101 21100 31011 21100 21100 31101 01101 31100 21101o "
	"01001 11001 31100",
	/* bench/draw/hard.py 100 3, r0054 */
	"41001 21000 11100 01101 11000 01000 11000 41000 31001 31000 41000 "
	"41000 11001 01000 00001v 31101 11000 41000 41001 41100 31101 "
	"11000 01000 01000 41001 31000 21000 21000 41000 31000 41000 41000 "
	"11000",
};

/* Rosters the bounded search missed that the exact solver draws (issue 12
 * "completeness"): bench/draw/hard.py 100 1 small, r0057 (14 States;
 * clingo draws it in 9 ms; the search ran out of budget on 29 of 30
 * seeds) and r0018 (17 States), and bench/draw/hard.py 100 7, r0028 (35
 * parties; out of budget on 3 of 5 seeds).  Each is drawn on seeds where
 * the search alone runs out of its budget, and the draw verifies. */
static const char *const exact_rosters[] = {
	"11001 11111 11101 11111 01100 01010 01111 11001 01010 11010 01000 01100 01100 11110",
	"01100 01001 11100 01001 11110 01100 11111 11000 01011 11001 01100 01001 01011 01100 "
	"11110 01000 01001",
	"20101v 21000 11001 01000 01000 01110 01011 01001 11000 01010 01000 21111 01000 21000 "
	"01001 11000 11000 01000 11100 11000 11000 01000 01100 21110 01000 01000 21100 01000 "
	"21010 11000 21000 11000 21010 21000 01100",
};

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char exact_unsat_roster[] =
	"11000 01110 01110 11010 11010 11010 01100 01010 11010 01110 11010x 11110 11010";

static void test_exact_fallback(void **state)
{
	(void)state;
	/* A search of a few nodes, so that the exact solver does the work
	 * (under ASan the default 300,000 nodes take seconds per draw). */
	static const struct lots_effort quick_search = { 0, 0, 0, 100, 0 };
	static const struct lots_effort no_exact = { 0, 0, 0, 100, -1 };
	int drawn = 0, missed_without = 0;
	for (size_t t = 0; t < sizeof exact_rosters / sizeof *exact_rosters; t++) {
		struct buf b = { 0 };
		struct roster r;
		char sha[65], err[512];
		compact_roster(exact_rosters[t], &b);
		parse(&b, &r, sha);
		for (uint32_t k = 1; k <= 4; k++) {
			unsigned char seed[32];
			struct lots_draw d;
			seed_of(k * 7919u, seed);
			test_effort = &no_exact;
			if (lots_draw_make_effort(&r, sha, seed, &no_exact, &d, err, sizeof err) != LOTS_OK)
				missed_without++;
			else
				lots_draw_free(&d);
			test_effort = &quick_search;
			int rc = draw_and_verify(&r, sha, seed, err, sizeof err, 0);
			if (rc != LOTS_OK)
				fail_msg("exact roster %zu, seed %u: %s", t, k, err);
			drawn++;
		}
		roster_free(&r);
		buf_free(&b);
	}
	test_effort = NULL;
	print_message("exact fallback: %d draws made, %d of them missed without it\n", drawn,
		      missed_without);
	assert_true(missed_without >= 6);
}

/* A roster whose infeasibility the bounded search cannot prove but the
 * exact solver does: the message says so. */
static void test_exact_proof(void **state)
{
	(void)state;
	static const struct lots_effort quick_search = { 0, 0, 0, 100, 0 };
	struct buf b = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[512];
	unsigned char seed[32];
	/* bench/draw/hard.py 100 7, r0178: clingo proves it infeasible too */
	compact_roster(exact_unsat_roster, &b);
	parse(&b, &r, sha);
	seed_of(1, seed);
	int rc = lots_draw_make_effort(&r, sha, seed, &quick_search, &d, err, sizeof err);
	if (rc != LOTS_EINFEASIBLE ||
	    !starts(err, "no draw satisfies every rule: proved by the exact solver (") ||
	    strstr(err, "budget ("))
		fail_msg("exact proof: rc %d, message '%s'", rc, err);
	roster_free(&r);
	buf_free(&b);
}

static void test_hard_rosters(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof hard_rosters / sizeof *hard_rosters; t++) {
		struct buf b = { 0 };
		compact_roster(hard_rosters[t], &b);
		struct roster r;
		char sha[65], err[512];
		parse(&b, &r, sha);
		/* The harness's seed (5eed...); one seed each, as the draw
		 * and its re-derivation by the verifier take seconds under
		 * ASan. */
		unsigned char seed[32];
		for (int i = 0; i < 32; i++)
			seed[i] = i % 2 ? 0xed : 0x5e;
		int rc = draw_and_verify(&r, sha, seed, err, sizeof err, 1);
		if (rc != LOTS_OK)
			fail_msg("hard roster %zu: %s", t, err);
		roster_free(&r);
		buf_free(&b);
	}
}

/* The three ways a draw can fail are told apart (issue 3): the exact
 * checks (test_infeasible), a complete search that proves no draw exists,
 * and a search that runs out of budget. */

static void test_search_messages(void **state)
{
	(void)state;
	char sha[65], err[512];
	unsigned char seed[32];
	struct lots_draw d;
	struct roster r;
	struct buf b = { 0 };

	/* AAA is party to every Protocol, every other State to one at most:
	 * whatever its bases, the Protocols they lack need an additional
	 * reviewer party to two of them, and there is none.  The exact checks
	 * pass (two or more other parties to each instrument, five parties to
	 * each Protocol, workload enough); only the complete search sees it.
	 * Before, the message named a rule of the last repair attempt about
	 * another State (e.g. "'every State reviews at least once' cannot be
	 * met for AAK"). */
	compact_roster("01111 01100 01010 11100 21010 11001 21100 11010 21001 11100 21010 "
		       "11001 21100 11010 21001 11100", &b);
	parse(&b, &r, sha);
	for (uint32_t k = 1; k <= 2; k++) {
		seed_of(k, seed);
		err[0] = '\0';
		int rc = lots_draw_make(&r, sha, seed, &d, err, sizeof err);
		if (rc != LOTS_EINFEASIBLE ||
		    !starts(err, "no draw satisfies every rule: proved by exhaustive search (") ||
		    !strstr(err, "at rule 'two reviewers party to each instrument' for AAA (no pair "
			    "of base reviewers left leaves a staffable plan") ||
		    strstr(err, "budget") || strstr(err, "attempt"))
			fail_msg("proved infeasible, seed %u: rc %d, message '%s'", k, rc, err);
	}
	/* The same roster with the complete search off: no proof, so no
	 * claim that no draw exists. */
	static const struct lots_effort off = { 1, 0, 0, -1, 0 };
	seed_of(1, seed);
	int rc = lots_draw_make_effort(&r, sha, seed, &off, &d, err, sizeof err);
	if (rc != LOTS_EINFEASIBLE ||
	    !starts(err, "no valid draw found within the search budget (1 attempt, 0 nodes): "
		    "the roster may still admit one; the last attempt was stuck on rule '") ||
	    strstr(err, "proved"))
		fail_msg("search off: rc %d, message '%s'", rc, err);
	roster_free(&r);
	buf_free(&b);

	/* A roster that has a draw (test_hard_rosters draws it) with too
	 * small a budget: one attempt of a few repair steps, ten runs of
	 * one node each. */
	static const struct lots_effort tiny = { 1, 1, 1, 10, -1 };
	compact_roster(hard_rosters[0], &b);
	parse(&b, &r, sha);
	seed_of(1, seed);
	rc = lots_draw_make_effort(&r, sha, seed, &tiny, &d, err, sizeof err);
	if (rc != LOTS_EINFEASIBLE ||
	    !starts(err, "no valid draw found within the search budget (1 attempt, 10 nodes): "
		    "the roster may still admit one; the last attempt was stuck on rule '") ||
	    !strstr(err, "' for A") || strstr(err, "proved"))
		fail_msg("small budget: rc %d, message '%s'", rc, err);
	/* The same budget with the exact solver after the search (issue 12):
	 * drawn. */
	static const struct lots_effort tiny_exact = { 1, 1, 1, 10, 0 };
	rc = lots_draw_make_effort(&r, sha, seed, &tiny_exact, &d, err, sizeof err);
	if (rc != LOTS_OK)
		fail_msg("small budget, exact solver: rc %d, message '%s'", rc, err);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&b);
}

/* Rosters where every rule is tight or impossible. */
static void test_infeasible(void **state)
{
	(void)state;
	char sha[65], err[512];
	unsigned char seed[32];
	seed_of(1, seed);
	struct {
		struct spec s[12];
		int n;
		const char *want1, *want2;
	} cases[] = {
		/* one State alone in its group */
		{ { { 0, 15, 0, 0, 0 }, { 1, 15, 0, 0, 0 }, { 1, 15, 0, 0, 0 }, { 1, 15, 0, 0, 0 } },
		  4, "same_region", "AAA" },
		/* a group of two reviews itself only reciprocally */
		{ { { 0, 15, 0, 0, 0 }, { 0, 15, 0, 0, 0 }, { 1, 15, 0, 0, 0 }, { 1, 15, 0, 0, 0 },
		    { 1, 15, 0, 0, 0 } }, 5, "reciprocal", "AAB" },
		/* Firearms: only one other party */
		{ { { 0, 15, 0, 0, 0 }, { 0, 15, 0, 0, 0 }, { 0, 7, 0, 0, 0 }, { 1, 7, 0, 0, 0 },
		    { 1, 7, 0, 0, 0 }, { 1, 7, 0, 0, 0 } }, 6, "two reviewers", "firearms" },
		/* nobody in another group */
		{ { { 2, 15, 0, 0, 0 }, { 2, 15, 0, 0, 0 }, { 2, 15, 0, 0, 0 } }, 3, "other_region", "AAA" },
		/* reviewers swamped by volunteering signatories */
		{ { { 0, 1, 0, 0, 0 }, { 0, 1, 0, 0, 0 }, { 0, 1, 0, 0, 0 }, { 1, 1, 0, 0, 0 },
		    { 1, 1, 0, 0, 0 }, { 1, 1, 0, 0, 0 }, { 0, 1, 0, 1, 0 }, { 0, 1, 0, 1, 0 },
		    { 0, 1, 0, 1, 0 }, { 0, 1, 0, 1, 0 }, { 0, 1, 0, 1, 0 }, { 0, 1, 0, 1, 0 } },
		  12, "at most three", "12 reviewed" },
		/* only three parties to SOM: they would have to review each
		 * other both ways */
		{ { { 0, 5, 0, 0, 0 }, { 0, 5, 0, 0, 0 }, { 0, 1, 0, 0, 0 }, { 1, 5, 0, 0, 0 },
		    { 1, 1, 0, 0, 0 }, { 1, 1, 0, 0, 0 }, { 2, 1, 0, 0, 0 }, { 2, 1, 0, 0, 0 },
		    { 2, 1, 0, 0, 0 } }, 9, "reciprocal", "party to som (AAA, AAB, AAD)" },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct buf b = { 0 };
		struct roster r;
		struct lots_draw d;
		roster_csv(cases[c].s, cases[c].n, &b);
		parse(&b, &r, sha);
		err[0] = '\0';
		int rc = lots_draw_make(&r, sha, seed, &d, err, sizeof err);
		if (rc != LOTS_EINFEASIBLE || !strstr(err, cases[c].want1) || !strstr(err, cases[c].want2))
			fail_msg("case %zu: rc %d, message '%s'", c, rc, err);
		roster_free(&r);
		buf_free(&b);
	}
	/* The smallest feasible shape: 2 groups of 3, every State party to
	 * everything: must be found for every seed. */
	struct spec s6[6];
	for (int i = 0; i < 6; i++)
		s6[i] = (struct spec){ i / 3, 15, 0, 0, 0 };
	struct buf b = { 0 };
	struct roster r;
	roster_csv(s6, 6, &b);
	parse(&b, &r, sha);
	for (uint32_t k = 0; k < 200; k++) {
		seed_of(k, seed);
		if (draw_and_verify(&r, sha, seed, err, sizeof err, 0) != LOTS_OK)
			fail_msg("2x3 roster, seed %u: %s", k, err);
	}
	roster_free(&r);
	buf_free(&b);
}

/* Chi-square statistic of counts against a uniform expectation. */
static double chi2(const int *c, int k)
{
	double tot = 0, x = 0;
	for (int i = 0; i < k; i++)
		tot += c[i];
	for (int i = 0; i < k; i++)
		x += (c[i] - tot / k) * (c[i] - tot / k) / (tot / k);
	return x;
}

/* Every candidate for a slot is drawn about equally often.  The roster
 * makes the candidates of each slot of AAA interchangeable: AAA is party
 * to everything, the rest of its group to all but Firearms (so its
 * same_region reviewer always needs a Firearms additional reviewer), the
 * four other groups to everything. */
static void test_fairness(void **state)
{
	(void)state;
	enum { G = 5, PER = 6, N = G * PER, SEEDS = 3000 };
	struct spec s[N];
	for (int i = 0; i < N; i++)
		s[i] = (struct spec){ i / PER, i > 0 && i < PER ? 7u : 15u, 0, 0, 0 };
	struct buf b = { 0 };
	struct roster r;
	char sha[65], err[512];
	roster_csv(s, N, &b);
	parse(&b, &r, sha);
	int same[N] = { 0 }, other[N] = { 0 }, add[N] = { 0 }, year[N][3];
	memset(year, 0, sizeof year);
	long target = roster_find(&r, "AAA");
	assert_int_equal(target, 0);
	for (uint32_t k = 0; k < SEEDS; k++) {
		unsigned char seed[32];
		struct lots_draw d;
		seed_of(k, seed);
		if (lots_draw_make(&r, sha, seed, &d, err, sizeof err) != LOTS_OK)
			fail_msg("seed %u: %s", k, err);
		for (size_t i = 0; i < d.nreviews; i++) {
			const struct lots_review *v = &d.reviews[i];
			year[v->reviewed][v->year - 1]++;
			if (v->reviewed != target)
				continue;
			assert_int_equal(v->n, 3);
			assert_int_equal(v->r[2].instr, INSTR_BIT(INSTR_FIREARMS));
			same[v->r[0].state]++;
			other[v->r[1].state]++;
			add[v->r[2].state]++;
		}
		lots_draw_free(&d);
	}
	/* same_region: the 5 others of group 0; other_region and additional:
	 * the 24 States of the other groups. */
	int cs[PER - 1], co[N - PER], ca[N - PER], ns = 0, no = 0;
	for (int i = 1; i < N; i++) {
		if (i < PER) {
			cs[ns++] = same[i];
		} else {
			ca[no] = add[i];
			co[no++] = other[i];
		}
	}
	double xs = chi2(cs, ns), xo = chi2(co, no), xa = chi2(ca, no);
	int ymin = SEEDS, ymax = 0;
	for (int i = 0; i < N; i++)
		for (int y = 0; y < 3; y++) {
			ymin = year[i][y] < ymin ? year[i][y] : ymin;
			ymax = year[i][y] > ymax ? year[i][y] : ymax;
		}
	print_message("fairness over %d seeds for the slots of AAA: same_region chi2 %.1f (df %d), "
		      "other_region chi2 %.1f (df %d), additional chi2 %.1f (df %d); cohort counts "
		      "per State and year %d..%d (expected %d)\n", SEEDS, xs, ns - 1, xo, no - 1, xa,
		      no - 1, ymin, ymax, SEEDS / 3);
	/* 99.9% quantiles: chi2(4) 18.5, chi2(23) 49.7; binomial(3000, 1/3)
	 * has sd 25.8, so +-120 is 4.6 sd over 90 cells. */
	assert_true(xs < 18.5);
	assert_true(xo < 49.7);
	assert_true(xa < 49.7);
	assert_true(ymin > SEEDS / 3 - 120 && ymax < SEEDS / 3 + 120);
	roster_free(&r);
	buf_free(&b);
}

/* Literal para 28 (b) (issue 12): a review whose additional reviewers
 * split one base's missing instruments (or otherwise do not read the
 * paragraph literally) is recorded in "relaxations" with the literal
 * reading and whether the roster could staff it; verify fails on an
 * unrecorded relaxation, on a recorded one that is not one, and on a
 * wrong reason.  The shipped roster needs none. */
static char *with_relaxations(const char *json, const char *rel)
{
	const char *a = strstr(json, "\"relaxations\": [");
	const char *b = strstr(json, ",\n  \"redraws\": [");
	assert_non_null(a);
	assert_non_null(b);
	struct buf o = { 0 };
	buf_printf(&o, "%.*s\"relaxations\": %s%s", (int)(a - json), json, rel, b);
	return buf_detach(&o);
}

static void test_literal_28b(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[512];
	unsigned char seed[32];
	/* A 19-State roster (bench/draw/literal.py, small) whose draws need
	 * the fallback, which does not prefer the literal reading. */
	compact_roster("11001 31010 11000 31011 21000 01010o 31000o 01011 31000 31000 11000 "
		       "21011 21001 31010 01000 11000 11001 01000 11001", &b);
	parse(&b, &r, sha);
	/* Seed 00...01: drawn by the bounded search of step 4, which does not
	 * prefer the literal reading (the exact solver now does). */
	assert_int_equal(lots_seed_parse("0000000000000000000000000000000000000000000000000000000000000001",
					 seed), 0);
	if (lots_draw_make(&r, sha, seed, &d, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	char *json = lots_draw_to_json(&d, &r);
	lots_draw_free(&d);
	if (strstr(json, "\"relaxations\": []"))
		fail_msg("the draw records no relaxation");
	assert_non_null(strstr(json, "\"rule\": \"para 28 b\", \"literal\": \"one additional reviewer for"));
	assert_int_equal(lots_verify_json(&r, sha, NULL, json, &rep), 0);
	/* Unrecorded. */
	char *bad = with_relaxations(json, "[]");
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, bad, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "do not read para 28 (b) literally and no relaxation "
				       "is recorded"));
	free(bad);
	/* A wrong reason: "not staffable" and "staffable" swapped. */
	char *at = strstr(json, "\"reason\": \"");
	assert_non_null(at);
	struct buf t = { 0 };
	if (!strncmp(at + 11, "staffable", 9))
		buf_printf(&t, "%.*s\"reason\": \"not %s", (int)(at - json), json, at + 11);
	else
		buf_printf(&t, "%.*s\"reason\": \"%s", (int)(at - json), json, at + 15);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, buf_str(&t), &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "staffable from the roster"));
	buf_free(&t);
	/* No relaxations key at all. */
	const char *a = strstr(json, ",\n  \"relaxations\"");
	const char *e = strstr(json, ",\n  \"redraws\"");
	buf_printf(&t, "%.*s%s", (int)(a - json), json, e);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, buf_str(&t), &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "relaxations: missing"));
	buf_free(&t);
	free(json);
	roster_free(&r);
	buf_free(&b);

	/* The shipped roster: literal everywhere; a relaxation claimed for
	 * a literal review is refused. */
	real_roster(&b);
	parse(&b, &r, sha);
	for (uint32_t k = 0; k < 5; k++) {
		seed_of(k, seed);
		assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
		json = lots_draw_to_json(&d, &r);
		assert_non_null(strstr(json, "\"relaxations\": [],"));
		if (k == 0) {
			char rel[256];
			snprintf(rel, sizeof rel, "[\n    {\"reviewed\": \"%s\", \"rule\": \"para 28 b\", "
				 "\"literal\": \"x\", \"reason\": \"staffable\"}\n  ]",
				 r.v[d.reviews[0].reviewed].code);
			bad = with_relaxations(json, rel);
			buf_reset(&rep);
			assert_true(lots_verify_json(&r, sha, NULL, bad, &rep) > 0);
			assert_true(strstr(buf_str(&rep), "reads para 28 (b) literally; nothing to relax") ||
				    strstr(buf_str(&rep), "has no additional reviewer; nothing to relax"));
			free(bad);
		}
		free(json);
		lots_draw_free(&d);
	}
	roster_free(&r);
	buf_free(&b);
	buf_free(&rep);
}

/* "draw verify fails on each deviation that is not a recorded exception"
 * (issue 12): a State of the pool with no review, a review with more
 * than four reviewers without consent, an opted-out State drawn (as
 * reviewer and as reviewed), parameters changed without a decision; each
 * on a valid draw of the shipped roster changed in one way. */
static void test_verify_deviations(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[512];
	unsigned char seed[32];
	real_roster(&b);
	parse(&b, &r, sha);
	seed_of(3, seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	char *json = lots_draw_to_json(&d, &r);
	assert_int_equal(lots_verify_json(&r, sha, seed, json, &rep), 0);
	const char *victim = r.v[d.reviews[0].r[0].state].code;   /* reviews someone */
	const char *rvd = r.v[d.reviews[0].reviewed].code;

	/* 1. A State of the pool left with no review: one more party in
	 *    the roster, which the document never uses. */
	struct buf b2 = { 0 };
	buf_printf(&b2, "%sZZZ,Extra,WEOG,1,1,1,1,1,0\n", buf_str(&b));
	struct roster r2;
	char sha2[65];
	parse(&b2, &r2, sha2);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r2, NULL, NULL, json, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "ZZZ: reviews no State (para 29: at least one)"));
	assert_null(strstr(buf_str(&rep), "recorded exception"));
	roster_free(&r2);
	buf_free(&b2);

	/* 2. An opted-out State drawn: the roster says victim opted out
	 *    (opt_out = 1, both choices). */
	char key[16];
	snprintf(key, sizeof key, "\n%s,", victim);
	const char *at = strstr(buf_str(&b), key), *eol = at ? strchr(at + 1, '\n') : NULL;
	assert_non_null(eol);
	assert_int_equal(eol[-1], '0');
	buf_printf(&b2, "%.*s1%s", (int)(eol - 1 - buf_str(&b)), buf_str(&b), eol);
	parse(&b2, &r2, sha2);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r2, NULL, NULL, json, &rep) > 0);
	char want[128];
	snprintf(want, sizeof want, "reviewer %s may not review", victim);
	assert_non_null(strstr(buf_str(&rep), want));
	snprintf(want, sizeof want, "%s: in cohort", victim);
	assert_non_null(strstr(buf_str(&rep), want));
	roster_free(&r2);
	buf_free(&b2);

	/* 3. More than four reviewers without the reviewed State's consent. */
	snprintf(key, sizeof key, "\"reviewed\": \"%s\"", rvd);
	at = strstr(json, key);
	assert_non_null(at);
	const char *rs = strstr(at, "\"reviewers\": [");
	assert_non_null(rs);
	rs += strlen("\"reviewers\": [");
	struct buf j3 = { 0 };
	buf_printf(&j3, "%.*s", (int)(rs - json), json);
	int added = 0;
	for (size_t i = 0; i < r.n && added < 3; i++) {
		int used = (int)i == d.reviews[0].reviewed;
		for (int k = 0; k < d.reviews[0].n; k++)
			used |= d.reviews[0].r[k].state == (int)i;
		if (used || !lots_int_may_review(&r.v[i]))
			continue;
		buf_printf(&j3, "{\"state\": \"%s\", \"role\": \"additional\", \"instruments\": "
			   "[\"untoc\"]}, ", r.v[i].code);
		added++;
	}
	buf_puts(&j3, rs);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, buf_str(&j3), &rep) > 0);
	snprintf(want, sizeof want, "%s: %d reviewing States, more than 4 without the recorded "
		 "consent", rvd, d.reviews[0].n + 3);
	assert_non_null(strstr(buf_str(&rep), want));
	buf_free(&j3);

	/* 4. Parameters changed without a decision (test_lots_params has the
	 *    versions): the cap written as 5 under version 1. */
	at = strstr(json, "\"max_reviewers\": 4,");
	assert_non_null(at);
	buf_printf(&j3, "%.*s\"max_reviewers\": 5,%s", (int)(at - json), json,
		   at + strlen("\"max_reviewers\": 4,"));
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, buf_str(&j3), &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "parameters: max_reviewers is 5, not 4 (para 28 c): "
				       "changed without a recorded decision"));
	buf_free(&j3);

	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&b);
	buf_free(&rep);
}

static void test_verifier_catches(void **state)
{
	(void)state;
	struct spec s[30];
	for (int i = 0; i < 30; i++)
		s[i] = (struct spec){ i % 5, 15, 0, 0, 0 };
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[512];
	unsigned char seed[32], seed2[32];
	seed_of(5, seed);
	seed_of(6, seed2);
	roster_csv(s, 30, &b);
	parse(&b, &r, sha);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	char *json = lots_draw_to_json(&d, &r);
	assert_int_equal(lots_verify_json(&r, sha, seed, json, &rep), 0);
	/* Another seed: rules hold but it is not that seed's draw. */
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, seed2, json, &rep) > 0);
	/* Another roster hash. */
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, "00", NULL, json, &rep) > 0);
	/* Self review. */
	struct lots_draw bad = d;
	struct lots_review *rv = malloc(d.nreviews * sizeof *rv);
	memcpy(rv, d.reviews, d.nreviews * sizeof *rv);
	bad.reviews = rv;
	rv[0].r[1].state = rv[0].reviewed;
	char *j2 = lots_draw_to_json(&bad, &r);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "reviews itself"));
	free(j2);
	/* Reciprocal: make the reviewed State of review 0 review its
	 * same_region reviewer. */
	memcpy(rv, d.reviews, d.nreviews * sizeof *rv);
	int a = rv[0].r[0].state;
	for (size_t i = 0; i < d.nreviews; i++)
		if (rv[i].reviewed == a && rv[i].r[0].state != rv[0].reviewed)
			rv[i].r[0].state = rv[0].reviewed;
	j2 = lots_draw_to_json(&bad, &r);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "each other"));
	free(j2);
	/* Missing Protocol reviewer: drop the instruments of a base. */
	memcpy(rv, d.reviews, d.nreviews * sizeof *rv);
	rv[3].r[0].instr = 1;
	j2 = lots_draw_to_json(&bad, &r);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "must be two"));
	free(j2);
	free(rv);
	/* Not JSON. */
	buf_reset(&rep);
	assert_int_equal(lots_verify_json(&r, sha, NULL, "{", &rep), -1);
	free(json);
	buf_free(&rep);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&b);
}

static void test_redraw(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[512];
	unsigned char seed[32];
	real_roster(&b);
	parse(&b, &r, sha);
	seed_of(11, seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	const struct lots_review *v = &d.reviews[10];
	char reviewed[4], cur[4];
	util_strlcpy(reviewed, r.v[v->reviewed].code, sizeof reviewed);
	/* Four counted requests by the reviewed State, then the limit. */
	int done = 0;
	for (int i = 0; i < 6; i++) {
		const struct lots_review *w = NULL;
		for (size_t k = 0; k < d.nreviews; k++)
			if (!strcmp(r.v[d.reviews[k].reviewed].code, reviewed))
				w = &d.reviews[k];
		assert_non_null(w);
		util_strlcpy(cur, r.v[w->r[i % 2].state].code, sizeof cur);
		struct lots_redraw_req q = { .reviewed = reviewed, .replace = cur,
					     .requested_by = reviewed, .reason = LOTS_REASON_LANGUAGE };
		int rc = lots_redraw(&r, &d, &q, err, sizeof err);
		if (done < 4) {
			if (rc != LOTS_OK)
				fail_msg("redraw %d: %s", i, err);
			done++;
		} else {
			assert_int_equal(rc, LOTS_EINFEASIBLE);
			assert_non_null(strstr(err, "four"));
		}
	}
	assert_int_equal(d.nredraws, 4);
	/* Exceptional: needs a note, not counted. */
	const struct lots_review *w = NULL;
	for (size_t k = 0; k < d.nreviews; k++)
		if (!strcmp(r.v[d.reviews[k].reviewed].code, reviewed))
			w = &d.reviews[k];
	assert_non_null(w);
	util_strlcpy(cur, r.v[w->r[1].state].code, sizeof cur);
	struct lots_redraw_req q = { .reviewed = reviewed, .replace = cur, .requested_by = reviewed,
				     .reason = LOTS_REASON_EXCEPTIONAL };
	assert_int_equal(lots_redraw(&r, &d, &q, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--note"));
	q.note = "decided by the joint working group meeting";
	assert_int_equal(lots_redraw(&r, &d, &q, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--decision"));
	q.decision = "WG/2026/1";
	assert_int_equal(lots_redraw(&r, &d, &q, err, sizeof err), LOTS_OK);
	/* A reviewer may only ask about its own slot. */
	const char *rev0 = r.v[w->r[0].state].code, *rev1 = r.v[w->r[1].state].code;
	struct lots_redraw_req q2 = { .reviewed = reviewed, .replace = rev1, .requested_by = rev0,
				      .reason = LOTS_REASON_OTHER };
	assert_int_equal(lots_redraw(&r, &d, &q2, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--requested-by"));
	q2.replace = "ZZZ";
	assert_int_equal(lots_redraw(&r, &d, &q2, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--replace"));
	/* The result keeps every rule and replays from the seeds. */
	char *json = lots_draw_to_json(&d, &r);
	int n = lots_verify_json(&r, sha, seed, json, &rep);
	if (n != 0)
		fail_msg("after redraws: %s", buf_str(&rep));
	/* Other reviews are touched only by the recorded moves of a chain. */
	struct lots_draw fresh;
	assert_int_equal(lots_draw_make(&r, sha, seed, &fresh, err, sizeof err), LOTS_OK);
	int changed = 0, moved = 0;
	for (size_t k = 0; k < d.nreviews; k++)
		if (memcmp(&d.reviews[k], &fresh.reviews[k], sizeof d.reviews[k]) != 0) {
			int in_moves = 0;
			for (size_t i = 0; i < d.nredraws; i++)
				for (int m = 0; m < d.redraws[i].nmoves; m++)
					in_moves |= d.redraws[i].moves[m].reviewed == d.reviews[k].reviewed;
			assert_true(in_moves);
			changed++;
		}
	for (size_t i = 0; i < d.nredraws; i++)
		for (int m = 0; m < d.redraws[i].nmoves; m++)
			moved += d.redraws[i].moves[m].reviewed != d.redraws[i].reviewed;
	assert_true(changed >= 1 && changed <= 1 + moved);
	lots_draw_free(&fresh);
	free(json);
	buf_free(&rep);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&b);
}

static void test_store(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[512], *json = NULL;
	tu_db(path, sizeof path, dir, "t");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	struct buf b = { 0 };
	struct roster r;
	char sha[65];
	real_roster(&b);
	parse(&b, &r, sha);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	unsigned char seed[32];
	seed_of(3, seed);
	int64_t id = 0;
	if (lots_db_draw(s, seed, &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw: %s", err);
	assert_int_equal(id, 1);
	free(json);
	/* A second draw over the one in force is refused unless asked for
	 * (issue 8 item 6), and then audited with the draw it supersedes. */
	assert_int_equal(lots_draw_store_demo(s, seed, err, sizeof err), -1);
	assert_non_null(strstr(err, "--supersede"));
	assert_int_equal(lots_meeting_add(s, "WG 2026/1", "2026-05-01", "WG", "t", "local", err,
					  sizeof err), LOTS_OK);
	struct lots_event_meta sup = { .run_by = "officer", .meeting = "WG 2026/1",
				       .actor = "cli:test", .ip = "local", .supersede = 1 };
	if (lots_db_draw_meta(s, seed, &sup, NULL, &id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw_meta: %s", err);
	assert_int_equal(id, 2);
	struct store_stmt *au = store_prepare(s, "SELECT action, object, detail FROM audit_log "
					      "WHERE action LIKE 'draw.%' AND action <> 'draw.meeting' "
					      "ORDER BY id");
	assert_int_equal(store_step(au), STORE_ROW);
	assert_string_equal(store_col_text(au, 0), "draw.supersede");
	assert_string_equal(store_col_text(au, 1), "draw 1");
	assert_string_equal(store_col_text(au, 2), "superseded by draw 2");
	assert_int_equal(store_step(au), STORE_ROW);
	assert_string_equal(store_col_text(au, 0), "draw.lots");
	assert_string_equal(store_col_text(au, 1), "draw 2");
	assert_non_null(strstr(store_col_text(au, 2), "meeting WG 2026/1"));
	assert_int_equal(store_step(au), STORE_DONE);
	store_finalize(au);
	/* The current draw verifies against its stored roster snapshot. */
	struct roster snap;
	char ssha[65];
	assert_int_equal(lots_db_load_current(s, &id, &snap, ssha, &json, err, sizeof err), LOTS_OK);
	assert_int_equal(id, 2);
	struct buf rep = { 0 };
	assert_int_equal(lots_verify_json(&snap, ssha, seed, json, &rep), 0);
	/* Redraw through the store. */
	struct lots_draw d;
	assert_int_equal(lots_draw_from_json(json, &snap, &d, err, sizeof err), LOTS_OK);
	const struct lots_review *v = &d.reviews[0];
	struct lots_redraw_req q = { .reviewed = snap.v[v->reviewed].code,
				     .replace = snap.v[v->r[1].state].code,
				     .requested_by = snap.v[v->reviewed].code,
				     .reason = LOTS_REASON_LEGAL_SYSTEM };
	char *after = NULL;
	if (lots_db_redraw(s, &q, &after, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_redraw: %s", err);
	struct store_stmt *st = store_prepare(s,
		"SELECT COUNT(*) FROM lots_assignments WHERE draw_id = 2 AND status = 'replaced'");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_true(store_col_int(st, 0) >= 1);
	store_finalize(st);
	st = store_prepare(s, "SELECT COUNT(*) FROM lots_reviews WHERE draw_id = 2");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), (int64_t)d.nreviews);
	store_finalize(st);
	st = store_prepare(s, "SELECT COUNT(*) FROM lots_events WHERE draw_id = 2");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 2);
	store_finalize(st);
	buf_reset(&rep);
	assert_int_equal(lots_verify_json(&snap, ssha, seed, after, &rep), 0);
	free(after);
	lots_draw_free(&d);
	buf_free(&rep);
	free(json);
	roster_free(&snap);
	roster_free(&r);
	buf_free(&b);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_real_roster),
		cmocka_unit_test(test_property),
		cmocka_unit_test(test_infeasible),
		cmocka_unit_test(test_hard_rosters),
		cmocka_unit_test(test_exact_fallback),
		cmocka_unit_test(test_exact_proof),
		cmocka_unit_test(test_literal_28b),
		cmocka_unit_test(test_verify_deviations),
		cmocka_unit_test(test_search_messages),
		cmocka_unit_test(test_fairness),
		cmocka_unit_test(test_verifier_catches),
		cmocka_unit_test(test_redraw),
		cmocka_unit_test(test_store),
	};
	/* Against PostgreSQL only the test that uses the store: the others
	 * are the same computation whatever the backend. */
	if (tu_pg())
		cmocka_set_test_filter("test_store");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
