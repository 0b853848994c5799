/* test_lots_bound.c - the counting proof of the drawer (src/lots/draw_bound.c;
 * issue 12 "completeness"; docs/draw.md "How the method samples", step 6;
 * R38 workload of para 29, para 26 two reviewers per instrument, para 28 a).
 *
 * Where the bounded search and the exact solver both run out of budget, a
 * count of the reviews the parties to the Protocols must make against
 * their workload limits proves rosters infeasible that neither settles:
 * three of the rosters bench/draw/hard.py left out of budget (clingo does not
 * settle them in 200 s either) and one clingo proves infeasible.  The
 * count relaxes the rules, so it must never fire on a roster that has a
 * draw: two rosters only the exact solver draws, given the same small
 * effort, still end "within the search budget" and make no claim. */
#include "testutil.h"

#include <string.h>

#include "core/roster.h"
#include "i18n/i18n.h"
#include "lots/lots.h"
#include "util/buf.h"
#include "util/msg.h"

#define HDR "code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed," \
	"extra_reviews\n"

/* bench/draw/hard.py 100 1 small, r0345 (16 reviewed States): out of budget
 * before (300,000 nodes, 600,000 conflicts; clingo times out at 200 s) */
static const char budget_r0345[] = HDR
	"AAA,State 0,ASIA_PACIFIC,1,0,1,1,0,0,0,0\n"
	"AAB,State 1,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAC,State 2,ASIA_PACIFIC,1,0,0,0,0,1,0,0\n"
	"AAD,State 3,AFRICAN,1,0,1,0,0,0,0,0\n"
	"AAE,State 4,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAF,State 5,ASIA_PACIFIC,1,1,0,0,0,0,0,0\n"
	"AAG,State 6,ASIA_PACIFIC,1,1,0,1,0,0,0,0\n"
	"AAH,State 7,ASIA_PACIFIC,1,0,0,0,0,0,0,0\n"
	"AAI,State 8,ASIA_PACIFIC,1,1,1,0,0,0,0,0\n"
	"AAJ,State 9,AFRICAN,0,0,0,1,0,0,1,0\n"
	"AAK,State 10,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAL,State 11,ASIA_PACIFIC,1,0,1,1,0,0,0,0\n"
	"AAM,State 12,ASIA_PACIFIC,1,0,0,1,0,0,0,0\n"
	"AAN,State 13,AFRICAN,1,0,0,1,0,0,0,0\n"
	"AAO,State 14,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAP,State 15,ASIA_PACIFIC,1,0,0,1,0,0,0,0\n"
	"AAQ,State 16,AFRICAN,1,1,0,0,0,0,0,0\n";

/* bench/draw/hard.py 100 1 small, r0364: out of budget before; its proof needs
 * term 3 (a group of three reviewing States must review each other in a
 * cycle, one of whose pairs shares no Protocol). */
static const char budget_r0364[] = HDR
	"AAA,State 0,EASTERN_EUROPEAN,0,0,1,0,0,0,1,0\n"
	"AAB,State 1,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAC,State 2,ASIA_PACIFIC,1,1,1,0,0,0,0,0\n"
	"AAD,State 3,GRULAC,1,0,0,1,0,0,0,0\n"
	"AAE,State 4,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAF,State 5,GRULAC,1,0,1,0,0,0,0,0\n"
	"AAG,State 6,GRULAC,1,0,0,0,0,0,0,0\n"
	"AAH,State 7,GRULAC,1,0,0,0,0,0,0,0\n"
	"AAI,State 8,ASIA_PACIFIC,1,0,0,0,0,0,0,0\n"
	"AAJ,State 9,EASTERN_EUROPEAN,1,0,1,1,0,0,0,0\n"
	"AAK,State 10,AFRICAN,1,0,1,1,0,0,0,0\n"
	"AAL,State 11,AFRICAN,1,0,1,0,0,0,0,0\n"
	"AAM,State 12,GRULAC,1,1,0,1,0,0,0,0\n"
	"AAN,State 13,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAO,State 14,ASIA_PACIFIC,1,1,0,0,0,0,0,0\n"
	"AAP,State 15,AFRICAN,1,0,1,1,0,0,0,0\n"
	"AAQ,State 16,GRULAC,1,0,1,0,0,0,0,0\n"
	"AAR,State 17,EASTERN_EUROPEAN,1,1,0,1,0,0,0,0\n"
	"AAS,State 18,EASTERN_EUROPEAN,1,0,0,1,0,0,0,0\n";

/* bench/draw/hard.py 100 2 small, r0182: out of budget before */
static const char budget_r0182[] = HDR
	"AAA,State 0,AFRICAN,1,0,1,1,0,0,0,0\n"
	"AAB,State 1,AFRICAN,1,0,1,0,0,0,0,0\n"
	"AAC,State 2,AFRICAN,1,1,0,0,0,0,0,0\n"
	"AAD,State 3,ASIA_PACIFIC,1,0,0,1,0,0,0,0\n"
	"AAE,State 4,ASIA_PACIFIC,1,1,0,1,0,0,0,0\n"
	"AAF,State 5,ASIA_PACIFIC,0,0,0,1,0,0,1,0\n"
	"AAG,State 6,AFRICAN,1,0,0,1,0,0,0,1\n"
	"AAH,State 7,ASIA_PACIFIC,1,0,0,0,0,0,0,0\n"
	"AAI,State 8,AFRICAN,1,1,0,1,0,0,0,0\n"
	"AAJ,State 9,ASIA_PACIFIC,1,0,0,0,0,0,0,0\n"
	"AAK,State 10,AFRICAN,1,0,1,1,0,0,0,0\n"
	"AAL,State 11,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAM,State 12,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAN,State 13,ASIA_PACIFIC,1,0,0,0,0,0,0,0\n"
	"AAO,State 14,AFRICAN,1,1,0,0,0,0,0,0\n"
	"AAP,State 15,ASIA_PACIFIC,1,1,1,0,0,0,0,0\n";

/* hard.py's roster_small from random.Random(1007), roster 111: clingo
 * proves it infeasible */
static const char unsat_111[] = HDR
	"AAA,State 0,AFRICAN,1,0,1,0,0,0,0,0\n"
	"AAB,State 1,AFRICAN,1,0,1,1,0,0,0,0\n"
	"AAC,State 2,EASTERN_EUROPEAN,1,1,1,1,0,0,0,1\n"
	"AAD,State 3,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAE,State 4,AFRICAN,1,0,0,1,0,0,0,0\n"
	"AAF,State 5,AFRICAN,1,1,0,0,0,0,0,0\n"
	"AAG,State 6,EASTERN_EUROPEAN,1,1,1,0,0,0,0,0\n"
	"AAH,State 7,AFRICAN,1,1,0,0,0,0,0,0\n"
	"AAI,State 8,EASTERN_EUROPEAN,1,0,1,1,0,0,0,0\n"
	"AAJ,State 9,EASTERN_EUROPEAN,0,0,0,1,0,0,1,0\n"
	"AAK,State 10,EASTERN_EUROPEAN,0,1,1,0,0,0,1,0\n"
	"AAL,State 11,EASTERN_EUROPEAN,1,1,0,1,0,0,0,0\n"
	"AAM,State 12,AFRICAN,0,0,1,0,0,0,1,0\n";

/* hard.py's roster_small(random.Random(103)): drawn by the exact solver
 * (tests/contrib/run.py) */
static const char feasible_103[] = HDR
	"AAA,State 0,ASIA_PACIFIC,1,0,1,0,0,0,0,0\n"
	"AAB,State 1,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAC,State 2,ASIA_PACIFIC,1,1,0,1,0,0,0,0\n"
	"AAD,State 3,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAE,State 4,AFRICAN,1,0,0,1,0,0,0,0\n"
	"AAF,State 5,EASTERN_EUROPEAN,1,0,0,0,0,0,0,0\n"
	"AAG,State 6,ASIA_PACIFIC,1,0,0,1,0,0,0,0\n"
	"AAH,State 7,EASTERN_EUROPEAN,1,1,1,0,0,0,0,0\n"
	"AAI,State 8,EASTERN_EUROPEAN,1,0,0,0,0,0,0,0\n"
	"AAJ,State 9,EASTERN_EUROPEAN,1,0,0,1,0,0,0,0\n"
	"AAK,State 10,ASIA_PACIFIC,1,1,0,0,0,0,0,0\n"
	"AAL,State 11,ASIA_PACIFIC,1,0,0,1,0,0,0,1\n"
	"AAM,State 12,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAN,State 13,AFRICAN,1,0,0,1,0,0,0,0\n"
	"AAO,State 14,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAP,State 15,AFRICAN,1,0,1,0,0,0,0,0\n"
	"AAQ,State 16,AFRICAN,1,0,0,0,0,0,0,0\n";

/* roster_small(random.Random(110)): drawn by the exact solver */
static const char feasible_110[] = HDR
	"AAA,State 0,ASIA_PACIFIC,1,1,1,0,0,0,0,0\n"
	"AAB,State 1,EASTERN_EUROPEAN,1,1,0,0,0,0,0,0\n"
	"AAC,State 2,EASTERN_EUROPEAN,1,1,0,0,0,0,0,0\n"
	"AAD,State 3,EASTERN_EUROPEAN,1,0,0,0,0,0,0,0\n"
	"AAE,State 4,EASTERN_EUROPEAN,1,0,0,1,0,0,0,0\n"
	"AAF,State 5,AFRICAN,1,0,0,1,0,0,0,0\n"
	"AAG,State 6,AFRICAN,1,0,1,0,0,0,0,0\n"
	"AAH,State 7,AFRICAN,1,1,0,1,0,0,0,0\n"
	"AAI,State 8,ASIA_PACIFIC,1,1,1,0,0,0,0,0\n"
	"AAJ,State 9,AFRICAN,1,0,1,0,0,0,0,0\n"
	"AAK,State 10,AFRICAN,1,1,1,0,0,0,0,0\n"
	"AAL,State 11,EASTERN_EUROPEAN,1,1,0,0,0,1,0,0\n"
	"AAM,State 12,EASTERN_EUROPEAN,1,1,0,1,0,0,0,0\n"
	"AAN,State 13,AFRICAN,1,0,0,0,0,0,0,0\n"
	"AAO,State 14,ASIA_PACIFIC,1,0,0,1,0,0,0,0\n"
	"AAP,State 15,ASIA_PACIFIC,1,0,0,0,0,0,0,0\n";

static void parse(const char *csv, struct roster *r, char sha[65])
{
	char err[256];
	if (roster_parse_csv(csv, strlen(csv), r, err, sizeof err) != 0)
		fail_msg("roster: %s", err);
	lots_sha256_hex(csv, strlen(csv), sha);
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* t-fix item 4: err is the English of its msgid (util/msg.h), which the
 * catalogues translate in every language, with the same figures. */
static void in_languages(const char *err, const char *fr, const char *es)
{
	const struct msg_rec *m = msg_find(err);
	if (!m || !m->msgid)
		fail_msg("no catalogue record for '%s'", err);
	struct buf t = { 0 };
	msg_format(&t, i18n_get("en", m->msgid), m, NULL, NULL);
	assert_string_equal(buf_str(&t), err);
	const char *const langs[] = { "fr", "es", "ru", "ar", "zh" };
	for (size_t k = 0; k < 5; k++) {
		buf_reset(&t);
		const char *tr = i18n_get(langs[k], m->msgid);
		if (!strcmp(tr, m->msgid))
			fail_msg("%s: not translated: '%s'", langs[k], m->msgid);
		msg_format(&t, tr, m, NULL, NULL);
		if (k == 0 && !strstr(buf_str(&t), fr))
			fail_msg("fr: '%s' lacks '%s'", buf_str(&t), fr);
		if (k == 1 && !strstr(buf_str(&t), es))
			fail_msg("es: '%s' lacks '%s'", buf_str(&t), es);
	}
	buf_free(&t);
}

/* A small effort (one attempt, 10 nodes of search, 100 conflicts) so that
 * both the search and the solver run out of budget at once. */
static const struct lots_effort small = { 1, 1, 1, 10, 100 };

static void seed_of(int k, unsigned char seed[32])
{
	memset(seed, 0, 32);
	seed[0] = (unsigned char)k;
	seed[31] = 0x5e;
}

static void test_proved_by_counting(void **state)
{
	(void)state;
	char perr[200];
	assert_true(i18n_load(RM_SRCDIR "/po", perr, sizeof perr) >= 0);
	static const struct {
		const char *name, *csv, *what;
	} cases[] = {
		{ "r0345", budget_r0345, "for the 12 reviewing States party to tip, som or firearms: "
		  "they can make at most 36 reviews, but at least 34 are needed to give every party "
		  "to tip, som or firearms two reviewers party to it, and at least 3 more as base "
		  "reviewers where no other State can be one)" },
		{ "r0182", budget_r0182, "for the 12 reviewing States party to tip, som or firearms: "
		  "they can make at most 37 reviews, but at least 35 are needed" },
		{ "unsat 111", unsat_111, "reviews, but at least " },
		{ "r0364", budget_r0364, "for the 13 reviewing States party to tip, som or firearms: "
		  "they can make at most 39 reviews, but at least 37 are needed to give every party "
		  "to tip, som or firearms two reviewers party to it, and at least 3 more" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int k = 1; k <= 2; k++) {
			struct roster r;
			struct lots_draw d;
			char sha[65], err[1024];
			unsigned char seed[32];
			seed_of(k, seed);
			parse(cases[i].csv, &r, sha);
			int rc = lots_draw_make_effort(&r, sha, seed, &small, &d, err, sizeof err);
			if (rc != LOTS_EINFEASIBLE ||
			    !starts(err, "no draw satisfies every rule: proved by counting (rule 'at "
				    "most three reviews each' for the ") ||
			    !strstr(err, cases[i].what) || strstr(err, "budget"))
				fail_msg("%s, seed %d: rc %d, message '%s'", cases[i].name, k, rc, err);
			in_languages(err, "aucun tirage ne respecte toutes les règles : prouvé par "
				     "dénombrement (règle « au plus trois examens chacun »",
				     "demostrado por conteo (regla «como máximo tres exámenes");
			roster_free(&r);
		}
}

/* The static counts (lots_eng_precheck, draw_bound.c): a regional group
 * with one State, and a Protocol with three parties. */
static void test_precheck_in_languages(void **state)
{
	(void)state;
	char err[1024], sha[65];
	unsigned char seed[32];
	struct roster r;
	struct lots_draw d;
	assert_true(i18n_load(RM_SRCDIR "/po", err, sizeof err) >= 0);
	seed_of(1, seed);
	parse(HDR "AAA,State 0,AFRICAN,1,0,0,0,0,0,0,0\n"
	      "AAB,State 1,AFRICAN,1,0,0,0,0,0,0,0\n"
	      "AAC,State 2,AFRICAN,1,0,0,0,0,0,0,0\n"
	      "AAD,State 3,GRULAC,1,0,0,0,0,0,0,0\n", &r, sha);
	int rc = lots_draw_make(&r, sha, seed, &d, err, sizeof err);
	assert_int_equal(rc, LOTS_EINFEASIBLE);
	assert_string_equal(err, "rule 'one same_region reviewer' cannot be met for AAD: no other "
			    "State of group GRULAC can review");
	in_languages(err, "aucun autre État du groupe GRULAC ne peut examiner",
		     "ningún otro Estado del grupo GRULAC puede examinar");
	roster_free(&r);
	parse(HDR "AAA,State 0,AFRICAN,1,1,0,0,0,0,0,0\n"
	      "AAB,State 1,AFRICAN,1,1,0,0,0,0,0,0\n"
	      "AAC,State 2,AFRICAN,1,0,0,0,0,0,0,0\n"
	      "AAD,State 3,GRULAC,1,1,0,0,0,0,0,0\n"
	      "AAE,State 4,GRULAC,1,0,0,0,0,0,0,0\n"
	      "AAF,State 5,GRULAC,1,0,0,0,0,0,0,0\n", &r, sha);
	rc = lots_draw_make(&r, sha, seed, &d, err, sizeof err);
	assert_int_equal(rc, LOTS_EINFEASIBLE);
	if (!starts(err, "rule 'no reciprocal reviews' cannot be met for AAA: only 3 reviewing "
		    "States are party to tip (AAA, AAB, AAD)"))
		fail_msg("message '%s'", err);
	in_languages(err, "seuls 3 États examinateurs sont parties à tip (AAA, AAB, AAD)",
		     "solo 3 Estados examinadores son partes en tip (AAA, AAB, AAD)");
	roster_free(&r);
}

/* Feasible rosters under the same effort: no proof is claimed. */
static void test_no_claim_on_drawable(void **state)
{
	(void)state;
	const char *const cases[] = { feasible_103, feasible_110 };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct roster r;
		struct lots_draw d;
		char sha[65], err[1024];
		unsigned char seed[32];
		seed_of(1, seed);
		parse(cases[i], &r, sha);
		int rc = lots_draw_make_effort(&r, sha, seed, &small, &d, err, sizeof err);
		if (rc == LOTS_OK)
			lots_draw_free(&d);
		else if (rc != LOTS_EINFEASIBLE || strstr(err, "proved") ||
			 !starts(err, "no valid draw found within the search budget ("))
			fail_msg("feasible roster %zu: rc %d, message '%s'", i, rc, err);
		/* The default effort draws it (the count did not stop it). */
		rc = lots_draw_make(&r, sha, seed, &d, err, sizeof err);
		if (rc != LOTS_OK)
			fail_msg("feasible roster %zu not drawn: rc %d, '%s'", i, rc, err);
		lots_draw_free(&d);
		roster_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proved_by_counting),
		cmocka_unit_test(test_precheck_in_languages),
		cmocka_unit_test(test_no_claim_on_drawable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
