/* test_lots_redraw.c - redraws over the life of a programme (issue 12):
 * workload kept after any sequence of redraws (para 29, R62), reciprocity
 * over the whole history (para 28 a, R54), seeds derived from the request
 * and committed (R51), the chained history and its check against the
 * store, the canonical roster hash, redraws honoured through chains of
 * reassignments (para 28 d), recorded parameters (R38). */
#include "lots_testutil.h"

#include "core/refdata.h"
#include "core/roster.h"
#include "i18n/i18n.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/msg.h"
#include "util/util.h"

static void code3(int i, char out[4])
{
	out[0] = (char)('A' + i / 676 % 26);
	out[1] = (char)('A' + i / 26 % 26);
	out[2] = (char)('A' + i % 26);
	out[3] = '\0';
}


static void parse(const char *csv, size_t len, struct roster *r, char sha[65])
{
	char err[256];
	if (roster_parse_csv(csv, len, r, err, sizeof err) != 0)
		fail_msg("roster: %s", err);
	lots_roster_hash(r, sha);
}

static void seed_of(uint32_t k, unsigned char seed[32])
{
	memset(seed, 0, 32);
	seed[0] = (unsigned char)k;
	seed[1] = (unsigned char)(k >> 8);
	seed[31] = 0x77;
}

static const struct lots_review *review_of(const struct lots_draw *d, int s)
{
	for (size_t i = 0; i < d->nreviews; i++)
		if (d->reviews[i].reviewed == s)
			return &d->reviews[i];
	return NULL;
}

static int verify(const struct roster *r, const char *sha, const unsigned char *seed,
		  const char *json, struct buf *rep)
{
	buf_reset(rep);
	return lots_verify_json(r, sha, seed, json, rep);
}

/* Every reviewer keeps 1..3 reviews, unless a redraw recorded it. */
static void assert_workload(const struct roster *r, const struct lots_draw *d)
{
	int *load = calloc(r->n + 1, sizeof *load);
	for (size_t i = 0; i < d->nreviews; i++)
		for (int k = 0; k < d->reviews[i].n; k++)
			load[d->reviews[i].r[k].state]++;
	for (size_t i = 0; i < d->nreviews; i++) {
		int x = d->reviews[i].reviewed, exc = 0;
		for (size_t w = 0; w < d->nredraws; w++)
			exc |= d->redraws[w].exception == x;
		if (!r->v[x].volunteer_reviewed && !exc && (load[x] < 1 || load[x] > 3))
			fail_msg("%s reviews %d States after %zu redraws", r->v[x].code, load[x],
				 d->nredraws);
	}
	free(load);
}

/* A long random sequence of redraws on the shipped roster: the workload
 * stays within 1..3, no reverse pair is ever drawn, and the result
 * verifies and replays (para 29, R54, R62). */
static void test_redraw_sequence(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[1024];
	unsigned char seed[32];
	real_roster(&b);
	parse(b.p, b.len, &r, sha);
	seed_of(21, seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	int ok = 0, refused = 0, chains = 0;
	for (int i = 0; i < 120; i++) {
		const struct lots_review *v = &d.reviews[(size_t)(i * 37) % d.nreviews];
		int k = i % v->n;
		char reviewed[4], cur[4];
		util_strlcpy(reviewed, r.v[v->reviewed].code, sizeof reviewed);
		util_strlcpy(cur, r.v[v->r[k].state].code, sizeof cur);
		struct lots_redraw_req q = { .reviewed = reviewed, .replace = cur,
					     .requested_by = i % 3 ? reviewed : cur,
					     .reason = i % 7 ? LOTS_REASON_OTHER : LOTS_REASON_UNABLE,
					     .note = "cannot take part in that year" };
		int rc = lots_redraw(&r, &d, &q, err, sizeof err);
		if (rc == LOTS_OK) {
			ok++;
			chains += d.redraws[d.nredraws - 1].nmoves > 1;
			assert_workload(&r, &d);
		} else {
			assert_int_equal(rc, LOTS_EINFEASIBLE);
			refused++;
		}
	}
	printf("sequence: %d redraws made (%d with more than one move), %d refused\n", ok, chains,
	       refused);
	assert_true(ok >= 100);
	char *json = lots_draw_to_json(&d, &r);
	int n = verify(&r, sha, seed, json, &rep);
	if (n != 0)
		fail_msg("after %d redraws: %s", ok, buf_str(&rep));
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&rep);
	buf_free(&b);
}

/* Replaces needle by repl once in s (malloc'd result). */
static char *replace1(const char *s, const char *needle, const char *repl)
{
	const char *p = strstr(s, needle);
	assert_non_null(p);
	struct buf b = { 0 };
	buf_printf(&b, "%.*s%s%s", (int)(p - s), s, repl, p + strlen(needle));
	return buf_detach(&b);
}

/* A small roster for exact situations: three WEOG States (AAA, AAB,
 * AAC) whose same_region slots form a forced cycle, six AFRICAN and six
 * GRULAC. */
static void small_roster(struct buf *b)
{
	buf_puts(b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n");
	for (int i = 0; i < 15; i++) {
		char c[4];
		code3(i, c);
		buf_printf(b, "%s,State %d,%s,1,0,0,0,0,0\n", c, i, i < 3 ? "WEOG" : i < 9 ? "AFRICAN" : "GRULAC");
	}
}

/* The refusal's clauses, each its own msgid (util/msg.h msg_append):
 * the English catalogue gives back exactly the CLI's text, and French and
 * Arabic translate every clause, with no English left (issue 12,
 * untranslated refusals). */
static void refusal_in_languages(const char *err, const char *old)
{
	char want[64];
	const struct msg_rec *m = msg_find(err);
	assert_non_null(m);
	assert_non_null(m->next);
	struct buf t = { 0 };
	for (const struct msg_rec *p = m; p; p = p->next)
		msg_format(&t, i18n_get("en", p->msgid), p, NULL, NULL);
	assert_string_equal(buf_str(&t), err);
	buf_reset(&t);
	for (const struct msg_rec *p = m; p; p = p->next)
		msg_format(&t, i18n_get("fr", p->msgid), p, NULL, NULL);
	snprintf(want, sizeof want, "aucun État ne peut remplacer %s ; sur les ", old);
	assert_non_null(strstr(buf_str(&t), want));
	assert_non_null(strstr(buf_str(&t), "sont ou ont été examinés par AAA (jamais de paire "
				       "réciproque, par. 28 a)"));
	assert_non_null(strstr(buf_str(&t), "appartiennent à un autre groupe régional"));
	assert_null(strstr(buf_str(&t), "regional group"));
	buf_reset(&t);
	for (const struct msg_rec *p = m; p; p = p->next)
		msg_format(&t, i18n_get("ar", p->msgid), p, NULL, NULL);
	snprintf(want, sizeof want, "لا توجد دولة يمكن أن تحل محل %s", old);
	assert_non_null(strstr(buf_str(&t), want));
	assert_non_null(strstr(buf_str(&t), "، 1 تستعرضها AAA حالياً أو استعرضتها سابقاً"));
	assert_non_null(strstr(buf_str(&t), "تنتمي إلى مجموعة إقليمية أخرى"));
	assert_null(strstr(buf_str(&t), "reviewed by"));
	buf_free(&t);
}

/* Reciprocity at any time (R54): a document in which B reviews A after
 * A's review by B... i.e. a pair once drawn and replaced, then reversed,
 * fails verify; the engine never draws it. */
static void test_reciprocity_history(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[1024];
	unsigned char seed[32];
	assert_true(i18n_load(RM_SRCDIR "/po", err, sizeof err) >= 0);
	small_roster(&b);
	parse(b.p, b.len, &r, sha);
	seed_of(3, seed);
	if (lots_draw_make(&r, sha, seed, &d, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	/* AAA's same_region reviewer can only be AAB or AAC; the other one
	 * is reviewed by AAA, so no replacement exists, and the refusal
	 * says why. */
	const struct lots_review *v = review_of(&d, 0);
	char old[4];
	util_strlcpy(old, r.v[v->r[0].state].code, sizeof old);
	struct lots_redraw_req q = { .reviewed = "AAA", .replace = old, .requested_by = "AAA",
				     .reason = LOTS_REASON_LANGUAGE };
	assert_int_equal(lots_redraw(&r, &d, &q, err, sizeof err), LOTS_EINFEASIBLE);
	assert_non_null(strstr(err, "same_region reviewer"));
	assert_non_null(strstr(err, "are or were reviewed by AAA"));
	assert_non_null(strstr(err, "of another regional group"));
	refusal_in_languages(err, old);
	/* Replace an other_region reviewer X of AAA; then a forged document
	 * where AAA reviews X fails verify although no current pair is
	 * reciprocal. */
	v = review_of(&d, 0);
	int x = v->r[1].state;
	char xc[4];
	util_strlcpy(xc, r.v[x].code, sizeof xc);
	struct lots_redraw_req q2 = { .reviewed = "AAA", .replace = xc, .requested_by = "AAA",
				      .reason = LOTS_REASON_OTHER };
	if (lots_redraw(&r, &d, &q2, err, sizeof err) != LOTS_OK)
		fail_msg("redraw: %s", err);
	char *json = lots_draw_to_json(&d, &r);
	assert_int_equal(verify(&r, sha, seed, json, &rep), 0);
	/* The engine never makes AAA a reviewer of X now. */
	const struct lots_review *vx = review_of(&d, x);
	for (int k = 0; k < vx->n; k++)
		assert_int_not_equal(vx->r[k].state, 0);
	/* Forge it: AAA replaces X's other_region reviewer. */
	struct lots_draw forged = d;
	struct lots_review *rv = malloc(d.nreviews * sizeof *rv);
	memcpy(rv, d.reviews, d.nreviews * sizeof *rv);
	forged.reviews = rv;
	for (size_t i = 0; i < d.nreviews; i++)
		if (rv[i].reviewed == x)
			rv[i].r[1].state = 0;   /* AAA is WEOG, X is not: other_region */
	char *j2 = lots_draw_to_json(&forged, &r);
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "at an earlier point of the programme"));
	free(j2);
	free(rv);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&rep);
	buf_free(&b);
}

/* Seeds nobody can grind (R51): a redraw takes its randomness from the
 * draw's seed and the request; the same request on the same history gives
 * the same result, the commitment is the seed's hash, and a document whose
 * redraw seed was changed fails. */
static void test_redraw_seed(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d1, d2;
	char sha[65], err[1024], com[65];
	unsigned char seed[32], want[32];
	real_roster(&b);
	parse(b.p, b.len, &r, sha);
	seed_of(5, seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d1, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d2, err, sizeof err), LOTS_OK);
	const struct lots_review *v = &d1.reviews[7];
	char s[4], x[4];
	util_strlcpy(s, r.v[v->reviewed].code, sizeof s);
	util_strlcpy(x, r.v[v->r[1].state].code, sizeof x);
	struct lots_redraw_req q = { .reviewed = s, .replace = x, .requested_by = s,
				     .reason = LOTS_REASON_LEGAL_SYSTEM };
	assert_int_equal(lots_redraw(&r, &d1, &q, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_redraw(&r, &d2, &q, err, sizeof err), LOTS_OK);
	assert_int_equal(d1.redraws[0].new_state, d2.redraws[0].new_state);
	lots_redraw_seed(seed, s, 1, x, s, 1, want);
	assert_memory_equal(d1.redraws[0].seed, want, 32);
	/* Another requester or sequence number gives another stream. */
	unsigned char other[32];
	lots_redraw_seed(seed, s, 1, x, x, 1, other);
	assert_memory_not_equal(other, want, 32);
	lots_redraw_seed(seed, s, 1, x, s, 2, other);
	assert_memory_not_equal(other, want, 32);
	char *json = lots_draw_to_json(&d1, &r);
	lots_seed_commitment(seed, com);
	assert_non_null(strstr(json, com));
	assert_int_equal(verify(&r, sha, seed, json, &rep), 0);
	/* A redraw seed chosen by hand is not the derived one. */
	char hex[65];
	lots_hex(want, 32, hex);
	char *j2 = replace1(json, hex, "00000000000000000000000000000000000000000000000000000000000000ff");
	assert_true(verify(&r, sha, seed, j2, &rep) > 0);
	free(j2);
	/* A commitment that is not the seed's hash. */
	j2 = replace1(json, com, "1111111111111111111111111111111111111111111111111111111111111111");
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "seed_commitment"));
	free(j2);
	free(json);
	lots_draw_free(&d1);
	lots_draw_free(&d2);
	roster_free(&r);
	buf_free(&rep);
	buf_free(&b);
}

/* The history chain: an edited note, a counted redraw relabelled
 * exceptional, a reordered history all fail verify even without the
 * seed; changed parameters fail (R38). */
static void test_chain(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[1024];
	unsigned char seed[32];
	real_roster(&b);
	parse(b.p, b.len, &r, sha);
	seed_of(9, seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	for (int i = 0; i < 3; i++) {
		const struct lots_review *v = &d.reviews[(size_t)(10 + 20 * i)];
		char s[4], x[4];
		util_strlcpy(s, r.v[v->reviewed].code, sizeof s);
		util_strlcpy(x, r.v[v->r[0].state].code, sizeof x);
		struct lots_redraw_req q = { .reviewed = s, .replace = x, .requested_by = s,
					     .reason = i == 1 ? LOTS_REASON_EXCEPTIONAL
							      : LOTS_REASON_LANGUAGE,
					     .note = "working language",
					     .decision = i == 1 ? "WG/1" : NULL };
		if (lots_redraw(&r, &d, &q, err, sizeof err) != LOTS_OK)
			fail_msg("redraw %d: %s", i, err);
	}
	char *json = lots_draw_to_json(&d, &r);
	assert_int_equal(verify(&r, sha, seed, json, &rep), 0);
	assert_int_equal(verify(&r, sha, NULL, json, &rep), 0);
	char *j2 = replace1(json, "\"note\": \"working language\"", "\"note\": \"edited\"");
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "hash does not match"));
	free(j2);
	j2 = replace1(json, "\"reason\": \"language\",\n      \"counted\": true",
		      "\"reason\": \"exceptional\",\n      \"counted\": false");
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "hash does not match"));
	free(j2);
	j2 = replace1(json, "\"seq\": 2", "\"seq\": 5");
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	free(j2);
	j2 = replace1(json, "\"decision\": \"WG/1\"", "\"decision\": null");
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "cite a recorded decision"));
	free(j2);
	j2 = replace1(json, "\"max_reviewers\": 4", "\"max_reviewers\": 5");
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "R38"));
	free(j2);
	/* A State left with no review without a recorded exception. */
	struct lots_draw forged = d;
	struct lots_review *rv = malloc(d.nreviews * sizeof *rv);
	memcpy(rv, d.reviews, d.nreviews * sizeof *rv);
	forged.reviews = rv;
	forged.nredraws = 0;
	int *load = calloc(r.n, sizeof *load);
	for (size_t i = 0; i < d.nreviews; i++)
		for (int k = 0; k < d.reviews[i].n; k++)
			load[d.reviews[i].r[k].state]++;
	/* Give a slot of a State with one review to another State of the
	 * same group and instruments that has room: the first is left with
	 * no review, and no redraw recorded it. */
	int victim = -1;
	for (size_t i = 0; i < d.nreviews && victim < 0; i++)
		for (int k = 0; k < 2 && victim < 0; k++) {
			int x = rv[i].r[k].state;
			if (load[x] != 1)
				continue;
			for (size_t y = 0; y < r.n && victim < 0; y++)
				if ((int)y != x && (int)y != rv[i].reviewed && load[y] == 1 &&
				    r.v[y].group == r.v[x].group &&
				    r.v[y].instruments == r.v[x].instruments &&
				    rv[i].r[1 - k].state != (int)y) {
					rv[i].r[k].state = (int)y;
					victim = x;
				}
		}
	free(load);
	assert_true(victim >= 0);
	j2 = lots_draw_to_json(&forged, &r);
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	char want[64];
	snprintf(want, sizeof want, "%s: reviews no State", r.v[victim].code);
	assert_non_null(strstr(buf_str(&rep), want));
	assert_null(strstr(buf_str(&rep), "recorded exception"));
	free(j2);
	/* The same state recorded as a deviation by a (chained) redraw is a
	 * recorded exception, not a violation; but it is not what the seed
	 * gives, so the replay refuses it. */
	int vi = -1, vk = -1;
	for (size_t i = 0; i < d.nreviews; i++)
		for (int k = 0; k < 2; k++)
			if (rv[i].r[k].state != d.reviews[i].r[k].state) {
				vi = (int)i;
				vk = k;
			}
	assert_true(vi >= 0);
	struct lots_redraw w = { .reviewed = rv[vi].reviewed, .old_state = victim,
				 .new_state = rv[vi].r[vk].state, .requested_by = rv[vi].reviewed,
				 .role = vk, .reason = LOTS_REASON_OTHER, .seq = 1, .nmoves = 1,
				 .exception = victim };
	w.moves[0] = (struct lots_move){ rv[vi].reviewed, vk, victim, rv[vi].r[vk].state };
	char root[65];
	lots_chain_root(&forged, root);
	lots_chain_hash(&r, &w, root, w.hash);
	forged.redraws = &w;
	forged.nredraws = 1;
	j2 = lots_draw_to_json(&forged, &r);
	if (verify(&r, sha, NULL, j2, &rep) != 0)
		fail_msg("%s", buf_str(&rep));
	snprintf(want, sizeof want, "recorded exception: %s reviews no State", r.v[victim].code);
	assert_non_null(strstr(buf_str(&rep), want));
	assert_true(verify(&r, sha, seed, j2, &rep) > 0);
	free(j2);
	free(rv);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&rep);
	buf_free(&b);
}

/* The canonical roster hash: another row order and CRLF line ends give
 * the same hash, so the draw still verifies. */
static void test_canonical_roster(void **state)
{
	(void)state;
	struct buf b = { 0 }, b2 = { 0 }, rep = { 0 };
	struct roster r, r2;
	struct lots_draw d;
	char sha[65], sha2[65], err[1024];
	unsigned char seed[32];
	real_roster(&b);
	parse(b.p, b.len, &r, sha);
	/* Header, then the rows in reverse order, CRLF. */
	const char *p = b.p, *nl = strchr(p, '\n');
	buf_printf(&b2, "%.*s\r\n", (int)(nl - p), p);
	const char *end = b.p + b.len - 1;   /* last '\n' */
	while (end > nl) {
		const char *q = end - 1;
		while (*q != '\n')
			q--;
		buf_printf(&b2, "%.*s\r\n", (int)(end - q - 1), q + 1);
		end = q;
	}
	parse(b2.p, b2.len, &r2, sha2);
	assert_string_equal(sha, sha2);
	assert_true(strcmp(r.v[0].code, r2.v[0].code) != 0);
	seed_of(4, seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	char *json = lots_draw_to_json(&d, &r);
	assert_int_equal(verify(&r2, sha2, seed, json, &rep), 0);
	/* A changed party does change it. */
	r2.v[5].instruments ^= INSTR_BIT(INSTR_SOM);
	lots_roster_hash(&r2, sha2);
	assert_true(strcmp(sha, sha2) != 0);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	roster_free(&r2);
	buf_free(&rep);
	buf_free(&b);
	buf_free(&b2);
}

/* Para 28 d: on the shipped roster, a first request on every slot of a
 * draw is honoured, through chains where needed (the bench measures more
 * draws). */
static void test_first_requests(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	struct lots_draw d;
	char sha[65], err[1024];
	unsigned char seed[32];
	real_roster(&b);
	parse(b.p, b.len, &r, sha);
	seed_of(2, seed);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	int tot = 0, ok = 0, chains = 0;
	for (size_t i = 0; i < d.nreviews; i += 3)
		for (int k = 0; k < d.reviews[i].n; k++) {
			struct lots_draw c = d;
			c.reviews = malloc(d.nreviews * sizeof *c.reviews);
			memcpy(c.reviews, d.reviews, d.nreviews * sizeof *c.reviews);
			c.redraws = NULL;
			c.nredraws = 0;
			struct lots_redraw_req q = {
				.reviewed = r.v[d.reviews[i].reviewed].code,
				.replace = r.v[d.reviews[i].r[k].state].code,
				.requested_by = r.v[d.reviews[i].reviewed].code,
				.reason = LOTS_REASON_OTHER,
			};
			tot++;
			if (lots_redraw(&r, &c, &q, err, sizeof err) == LOTS_OK) {
				ok++;
				chains += c.redraws[0].nmoves > 1 &&
					  c.redraws[0].moves[c.redraws[0].nmoves - 1].reviewed !=
						  c.redraws[0].reviewed;
				assert_int_equal(c.redraws[0].exception, -1);
				assert_workload(&r, &c);
				char *json = lots_draw_to_json(&c, &r);
				if (verify(&r, sha, NULL, json, &rep) != 0)
					fail_msg("%s", buf_str(&rep));
				free(json);
			}
			lots_draw_free(&c);
		}
	printf("first requests: %d of %d honoured, %d through a chain\n", ok, tot, chains);
	assert_true(ok * 100 >= tot * 99);
	assert_true(chains > 0);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&rep);
	buf_free(&b);
}

/* verify --db: the stored document is checked against the stored event
 * log; a rolled-back or edited document is caught; exceptional redraws
 * need a recorded decision. */
static void test_db_history(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[1024], *json = NULL, *after = NULL;
	snprintf(path, sizeof path, "%s/t.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	unsigned char seed[32];
	seed_of(8, seed);
	int64_t id = 0;
	/* The meetings are recorded first (R237, C42). */
	assert_int_equal(lots_meeting_add(s, "IRG 2026/1", "2026-03-01", "IRG", "t", "local", err,
					  sizeof err), LOTS_OK);
	assert_int_equal(lots_meeting_add(s, "IRG 2026/2", "2026-09-01", "IRG", "t", "local", err,
					  sizeof err), LOTS_OK);
	struct lots_event_meta meta = { .run_by = "Secretariat (officer 7)", .meeting = "IRG 2026/1" };
	if (lots_db_draw_meta(s, seed, &meta, &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw: %s", err);
	struct roster snap;
	char ssha[65];
	struct lots_draw d;
	free(json);
	assert_int_equal(lots_db_load_current(s, &id, &snap, ssha, &json, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_from_json(json, &snap, &d, err, sizeof err), LOTS_OK);
	char rv[4], x1[4], x2[4];
	util_strlcpy(rv, snap.v[d.reviews[3].reviewed].code, sizeof rv);
	util_strlcpy(x1, snap.v[d.reviews[3].r[0].state].code, sizeof x1);
	util_strlcpy(x2, snap.v[d.reviews[3].r[1].state].code, sizeof x2);
	struct lots_redraw_req q = { .reviewed = rv, .replace = x1, .requested_by = rv,
				     .reason = LOTS_REASON_LANGUAGE, .note = "French" };
	struct lots_event_meta meta2 = { .run_by = "Secretariat (officer 9)", .meeting = "IRG 2026/2" };
	if (lots_db_redraw_meta(s, &q, &meta2, &after, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_redraw: %s", err);
	/* R237: who ran each event and at which meeting, kept with it. */
	struct store_stmt *ms = store_prepare(s, "SELECT inputs FROM lots_events ORDER BY seq");
	assert_int_equal(store_step(ms), STORE_ROW);
	assert_non_null(strstr(store_col_text(ms, 0), "\"run_by\":\"Secretariat (officer 7)\""));
	assert_non_null(strstr(store_col_text(ms, 0), "\"meeting\":\"IRG 2026/1\""));
	assert_int_equal(store_step(ms), STORE_ROW);
	assert_non_null(strstr(store_col_text(ms, 0), "\"run_by\":\"Secretariat (officer 9)\""));
	store_finalize(ms);
	char *first = after;
	after = NULL;
	/* Exceptional: the decision must be recorded first. */
	struct lots_redraw_req q2 = { .reviewed = rv, .replace = x2, .requested_by = rv,
				      .reason = LOTS_REASON_EXCEPTIONAL, .note = "conflict",
				      .decision = "COP/11/2" };
	assert_int_equal(lots_db_redraw(s, &q2, &after, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "no decision 'COP/11/2' is recorded"));
	assert_int_equal(lots_db_add_decision(s, "COP/11/2", "2026-10-20", "Exceptional redraw",
					      err, sizeof err), LOTS_OK);
	assert_int_equal(lots_db_add_decision(s, "COP/11/2", "2026-10-20", "again", err,
					      sizeof err), LOTS_EINPUT);
	if (lots_db_redraw(s, &q2, &after, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_redraw: %s", err);
	struct buf rep = { 0 };
	assert_int_equal(lots_db_check_history(s, &rep), 0);
	assert_int_equal(verify(&snap, ssha, seed, after, &rep), 0);
	/* Roll the document back to the first redraw: it still verifies on
	 * its own (a prefix of the chain), but not against the store. */
	struct store_stmt *st = store_prepare(s, "UPDATE lots_draws SET result = ? WHERE id = ?");
	store_bind_text(st, 1, first);
	store_bind_int(st, 2, id);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	assert_int_equal(verify(&snap, ssha, seed, first, &rep), 0);
	buf_reset(&rep);
	assert_true(lots_db_check_history(s, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "rolled back"));
	/* A note edited in the stored row. */
	st = store_prepare(s, "UPDATE lots_draws SET result = ? WHERE id = ?");
	store_bind_text(st, 1, after);
	store_bind_int(st, 2, id);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	st = store_prepare(s, "UPDATE lots_redraws SET note = 'edited' WHERE seq = 1");
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	buf_reset(&rep);
	assert_true(lots_db_check_history(s, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "differs from the stored redraw 1"));
	free(first);
	free(after);
	free(json);
	buf_free(&rep);
	lots_draw_free(&d);
	roster_free(&snap);
	store_close(s);
	tu_rmdir(dir);
}

/* Footnote 2 of resolution 9/1 (C34): not reviewed and not a reviewer
 * are independent; the old opt_out column is both. */
static void test_opt_outs(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 }, out = { 0 };
	struct roster r, r2;
	struct lots_draw d;
	char sha[65], sha2[65], err[1024];
	unsigned char seed[32];
	buf_puts(&b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,"
		 "extra_reviews,not_reviewed,not_reviewer\n");
	for (int i = 0; i < 30; i++) {
		char c[4];
		code3(i, c);
		/* AAA not reviewed, AAB not a reviewer, AAC both (old column) */
		buf_printf(&b, "%s,State %d,%s,1,1,0,0,0,%d,0,0,%d,%d\n", c, i,
			   roster_group_code(i % 3), i == 2, i == 0, i == 1);
	}
	parse(b.p, b.len, &r, sha);
	assert_true(r.v[0].not_reviewed && !r.v[0].not_reviewer);
	assert_true(!r.v[1].not_reviewed && r.v[1].not_reviewer);
	assert_true(r.v[2].not_reviewed && r.v[2].not_reviewer);
	/* The export keeps both columns and hashes the same. */
	roster_write_csv(&r, &out);
	assert_non_null(strstr(out.p, ",not_reviewed,not_reviewer\n"));
	parse(out.p, out.len, &r2, sha2);
	assert_string_equal(sha, sha2);
	roster_free(&r2);
	seed_of(12, seed);
	if (lots_draw_make(&r, sha, seed, &d, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	int load[3] = { 0 };
	for (size_t i = 0; i < d.nreviews; i++) {
		assert_true(d.reviews[i].reviewed != 0 && d.reviews[i].reviewed != 2);
		for (int k = 0; k < d.reviews[i].n; k++)
			if (d.reviews[i].r[k].state < 3)
				load[d.reviews[i].r[k].state]++;
	}
	assert_non_null(review_of(&d, 1));   /* reviewed, ... */
	assert_int_equal(load[1], 0);        /* ... but never reviews */
	assert_true(load[0] >= 1);           /* reviews, not reviewed */
	assert_int_equal(load[2], 0);
	char *json = lots_draw_to_json(&d, &r);
	assert_int_equal(verify(&r, sha, seed, json, &rep), 0);
	/* Forged: AAB (not a reviewer) put in a same-group review. */
	for (size_t i = 0; i < d.nreviews; i++)
		if (d.reviews[i].reviewed % 3 == 1 && d.reviews[i].reviewed != 1 &&
		    d.reviews[i].r[0].state != 1) {
			d.reviews[i].r[0].state = 1;
			break;
		}
	char *j2 = lots_draw_to_json(&d, &r);
	assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "reviewer AAB may not review"));
	free(j2);
	/* The old column alone still means both. */
	buf_reset(&b);
	buf_puts(&b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		 "AAA,A,WEOG,1,0,0,0,0,1\n");
	parse(b.p, b.len, &r2, sha2);
	assert_true(r2.v[0].not_reviewed && r2.v[0].not_reviewer);
	roster_free(&r2);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	buf_free(&rep);
	buf_free(&out);
	buf_free(&b);
}

/* The cap of four (para 28 c, C11): a redraw that would need a fifth
 * reviewer is refused, and made only with the recorded consent of the
 * reviewed State (who, when, reference), which verify then accepts; a
 * fifth reviewer without it fails verify. */
static void test_cap_consent(void **state)
{
	(void)state;
	struct buf b = { 0 }, rep = { 0 };
	struct roster r;
	char sha[65], err[1024];
	/* AAA (untoc tip som) and AAB (untoc tip) in WEOG with two
	 * untoc-only States; nobody but AAA is party to both tip and som,
	 * so bases AAB and an untoc+som State need two additional reviewers
	 * (tip; som); replacing AAB by an untoc-only State needs a third. */
	buf_puts(&b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		 "AAA,A,WEOG,1,1,1,0,0,0\nAAB,B,WEOG,1,1,0,0,0,0\n"
		 "AAC,C,WEOG,1,0,0,0,0,0\nAAD,D,WEOG,1,0,0,0,0,0\n");
	for (int i = 0; i < 16; i++) {
		char c[4];
		code3(100 + i, c);
		buf_printf(&b, "%s,X%d,%s,1,%d,%d,0,0,0\n", c, i, i < 10 ? "AFRICAN" : "GRULAC",
			   i % 3 == 0, i % 3 == 1);
	}
	parse(b.p, b.len, &r, sha);
	int found = 0;
	for (uint32_t k = 0; k < 400 && !found; k++) {
		unsigned char seed[32];
		struct lots_draw d;
		seed_of(k, seed);
		if (lots_draw_make(&r, sha, seed, &d, err, sizeof err) != LOTS_OK)
			continue;
		const struct lots_review *v = review_of(&d, 0);
		if (v->n != 4 || v->r[0].state != 1) {
			lots_draw_free(&d);
			continue;
		}
		struct lots_redraw_req q = { .reviewed = "AAA", .replace = "AAB",
					     .requested_by = "AAA", .reason = LOTS_REASON_OTHER };
		int rc = lots_redraw(&r, &d, &q, err, sizeof err);
		if (rc != LOTS_EINFEASIBLE) {
			lots_draw_free(&d);
			continue;
		}
		assert_non_null(strstr(err, "without two reviewers within four"));
		found = 1;
		q.consent_by = "AAA";
		q.consent_date = "2026-11-02";
		assert_int_equal(lots_redraw(&r, &d, &q, err, sizeof err), LOTS_EINPUT);
		assert_non_null(strstr(err, "--consent"));
		q.consent_ref = "Note verbale 2026/17";
		if (lots_redraw(&r, &d, &q, err, sizeof err) != LOTS_OK)
			fail_msg("with consent: %s", err);
		assert_int_equal(review_of(&d, 0)->n, 5);
		char *json = lots_draw_to_json(&d, &r);
		if (verify(&r, sha, seed, json, &rep) != 0)
			fail_msg("%s", buf_str(&rep));
		/* Without the consent the fifth reviewer is a violation (and the
		 * chain breaks too). */
		char *j2 = replace1(json, "\"consent\": {\"by\": \"AAA\", \"date\": \"2026-11-02\", "
				    "\"reference\": \"Note verbale 2026/17\"}", "\"consent\": null");
		assert_true(verify(&r, sha, NULL, j2, &rep) > 0);
		assert_non_null(strstr(buf_str(&rep), "without the recorded consent of AAA"));
		free(j2);
		free(json);
		lots_draw_free(&d);
	}
	assert_true(found);
	roster_free(&r);
	buf_free(&rep);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redraw_sequence),
		cmocka_unit_test(test_reciprocity_history),
		cmocka_unit_test(test_redraw_seed),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_canonical_roster),
		cmocka_unit_test(test_first_requests),
		cmocka_unit_test(test_db_history),
		cmocka_unit_test(test_opt_outs),
		cmocka_unit_test(test_cap_consent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
