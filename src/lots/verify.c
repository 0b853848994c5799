/* verify.c - the independent verifier (R68, issue 3 "draw verify").
 *
 * It reads the draw document as JSON and the roster, works out eligibility
 * and every rule again from the texts (paras 17, 26, 28, 29, 52), and
 * shares no code with the drawer: a bug in the drawer cannot hide itself
 * here.  Only the final "is this the draw of that seed" check re-runs the
 * drawer, and it compares documents, not rules.
 *
 * The redraw records, reciprocity over the history and the hash chain are
 * verify_history.c; the parameters and the replay of the seed are
 * verify_params.c (verify_int.h joins them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "lots/verify_int.h"
#include "util/util.h"
#include "util/xmalloc.h"

void lots_verify_viol(struct vctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(c->rep, fmt, ap);
	va_end(ap);
	buf_putc(c->rep, '\n');
	c->nviol++;
}

/* Code string -> roster index, reporting unknown codes. */
long lots_verify_find(struct vctx *c, json_t *v, const char *where)
{
	const char *s = json_string_value(v);
	if (!s) {
		lots_verify_viol(c, "%s: not a State code", where);
		return -1;
	}
	long i = lots_codeidx_find(c->ix, s);
	if (i < 0)
		lots_verify_viol(c, "%s: %s is not in the roster", where, s);
	return i;
}

static unsigned vinstr(const struct roster_entry *e)
{
	return e->instruments & INSTR_ALL;
}

static const char *str_or_empty(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static void check_groups(struct vctx *c, json_t *groups, int nelig)
{
	const struct roster *r = c->r;
	/* As many cohorts as the parameters say (three in the annex, R38). */
	int nc = c->cohorts;
	if (!json_is_array(groups) || json_array_size(groups) != (size_t)nc) {
		if (nc == 3)
			lots_verify_viol(c, "groups: must be three cohorts (para 17)");
		else
			lots_verify_viol(c, "groups: must be %d cohorts (para 17, parameters R38)", nc);
		return;
	}
	int per[LOTS_MAX_COHORTS] = { 0 }, pg[GROUP_COUNT][LOTS_MAX_COHORTS], ng[GROUP_COUNT];
	memset(pg, 0, sizeof pg);
	memset(ng, 0, sizeof ng);
	for (size_t i = 0; i < r->n; i++)
		if (c->st[i].reviewed)
			ng[r->v[i].group]++;
	for (int y = 0; y < nc; y++) {
		json_t *g = json_array_get(groups, (size_t)y);
		json_t *sts = json_object_get(g, "states");
		if (json_integer_value(json_object_get(g, "year")) != y + 1 || !json_is_array(sts)) {
			lots_verify_viol(c, "groups[%d]: must be {\"year\": %d, \"states\": [...]}", y, y + 1);
			continue;
		}
		size_t k;
		json_t *v;
		json_array_foreach(sts, k, v) {
			long i = lots_verify_find(c, v, "groups");
			if (i < 0)
				continue;
			if (!c->st[i].reviewed) {
				lots_verify_viol(c, "%s: in cohort %d but not eligible for review", r->v[i].code, y + 1);
				continue;
			}
			if (c->st[i].year) {
				lots_verify_viol(c, "%s: in cohorts %d and %d (one review per State, para 25)",
				     r->v[i].code, c->st[i].year, y + 1);
				continue;
			}
			c->st[i].year = y + 1;
			per[y]++;
			pg[r->v[i].group][y]++;
		}
	}
	for (size_t i = 0; i < r->n; i++)
		if (c->st[i].reviewed && !c->st[i].year)
			lots_verify_viol(c, "%s: eligible but in no cohort (para 29: every State is reviewed)",
			     r->v[i].code);
	for (int y = 0; y < nc; y++)
		if (per[y] < nelig / nc || per[y] > (nelig + nc - 1) / nc)
			lots_verify_viol(c, "cohort %d: %d States, not floor or ceil of %d/%d (para 17)", y + 1,
			     per[y], nelig, nc);
	for (int g = 0; g < GROUP_COUNT; g++)
		for (int y = 0; y < nc; y++)
			if (pg[g][y] < ng[g] / nc || pg[g][y] > (ng[g] + nc - 1) / nc) {
				if (nc == 3)
					lots_verify_viol(c, "cohort %d: %d States of group %s (of %d), not floor or ceil "
					     "of a third (para 17 proportionality)", y + 1, pg[g][y],
					     roster_group_code(g), ng[g]);
				else
					lots_verify_viol(c, "cohort %d: %d States of group %s (of %d), not floor or ceil "
					     "of 1/%d (para 17 proportionality)", y + 1, pg[g][y],
					     roster_group_code(g), ng[g], nc);
			}
}

/* Checks one reviews[] entry; records loads.  Reciprocity is checked later
 * when all entries are known. */
static void check_review(struct vctx *c, json_t *o, size_t idx)
{
	const struct roster *r = c->r;
	char where[64];
	snprintf(where, sizeof where, "reviews[%zu]", idx);
	long s = lots_verify_find(c, json_object_get(o, "reviewed"), where);
	if (s < 0)
		return;
	const char *sc = r->v[s].code;
	if (!c->st[s].reviewed) {
		lots_verify_viol(c, "%s: reviewed but not eligible for review", sc);
		return;
	}
	if (c->st[s].seen_review++) {
		lots_verify_viol(c, "%s: reviewed twice", sc);
		return;
	}
	c->st[s].rv_index = (int)idx;
	json_int_t y = json_integer_value(json_object_get(o, "year"));
	if (y != c->st[s].year)
		lots_verify_viol(c, "%s: review in year %d but cohort %d", sc, (int)y, c->st[s].year);
	json_t *rs = json_object_get(o, "reviewers");
	if (!json_is_array(rs)) {
		lots_verify_viol(c, "%s: no reviewers array", sc);
		return;
	}
	size_t n = json_array_size(rs);
	if (n > (size_t)c->max_reviewers && (!c->st[s].consent || n > LOTS_MAX_SLOTS))
		lots_verify_viol(c, "%s: %zu reviewing States, more than %d without the recorded consent "
		     "of %s (para 28 c, C11)", sc, n, c->max_reviewers, sc);
	int nsame = 0, nother = 0, cover[INSTR_COUNT] = { 0 };
	unsigned ms = vinstr(&r->v[s]);
	long seen[16];
	for (size_t k = 0; k < n && k < 16; k++) {
		json_t *x = json_array_get(rs, k);
		long y2 = lots_verify_find(c, json_object_get(x, "state"), sc);
		seen[k] = y2;
		if (y2 < 0)
			continue;
		const char *yc = r->v[y2].code;
		for (size_t j = 0; j < k; j++)
			if (seen[j] == y2)
				lots_verify_viol(c, "%s: %s listed twice as reviewer", sc, yc);
		if (y2 == s)
			lots_verify_viol(c, "%s: reviews itself", sc);
		if (!c->st[y2].reviews)
			lots_verify_viol(c, "%s: reviewer %s may not review (not a State party in a regional group, "
			     "opted out or signatory, paras 28, 52)", sc, yc);
		c->st[y2].load++;
		const char *role = json_string_value(json_object_get(x, "role"));
		json_t *ins = json_object_get(x, "instruments");
		unsigned mi = 0;
		size_t q;
		json_t *iv;
		int bad = !json_is_array(ins);
		json_array_foreach(ins, q, iv) {
			const char *is = json_string_value(iv);
			int ii = is ? roster_instrument_parse(is) : -1;
			if (ii < 0 || (mi & INSTR_BIT(ii)))
				bad = 1;
			else
				mi |= INSTR_BIT(ii);
		}
		if (bad) {
			lots_verify_viol(c, "%s: reviewer %s: bad instruments list", sc, yc);
			continue;
		}
		if (mi & ~ms)
			lots_verify_viol(c, "%s: reviewer %s reviews an instrument %s is not reviewed on", sc, yc, sc);
		if (mi & ~vinstr(&r->v[y2]))
			lots_verify_viol(c, "%s: reviewer %s reviews an instrument it is not party to (para 28 b)",
			     sc, yc);
		for (int i = 0; i < INSTR_COUNT; i++)
			cover[i] += (mi & INSTR_BIT(i)) != 0;
		int same_group = r->v[y2].group == r->v[s].group;
		if (role && (!strcmp(role, "same_region") || !strcmp(role, "other_region"))) {
			int want_same = !strcmp(role, "same_region");
			if (want_same)
				nsame++;
			else
				nother++;
			if (want_same != same_group)
				lots_verify_viol(c, "%s: %s reviewer %s is %s regional group (para 28)", sc, role, yc,
				     same_group ? "of the same" : "of another");
			if (mi != (ms & vinstr(&r->v[y2])))
				lots_verify_viol(c, "%s: %s reviewer %s must review every instrument of %s it is party "
				     "to (para 28 b)", sc, role, yc, sc);
		} else if (role && !strcmp(role, "additional")) {
			if (!mi)
				lots_verify_viol(c, "%s: additional reviewer %s reviews no instrument", sc, yc);
		} else {
			lots_verify_viol(c, "%s: reviewer %s has an unknown role", sc, yc);
		}
	}
	if (nsame != 1)
		lots_verify_viol(c, "%s: %d same_region reviewers, must be one (para 28)", sc, nsame);
	if (nother != 1)
		lots_verify_viol(c, "%s: %d other_region reviewers, must be one (para 28)", sc, nother);
	for (int i = 0; i < INSTR_COUNT; i++)
		if ((ms & INSTR_BIT(i)) && cover[i] != 2)
			lots_verify_viol(c, "%s: %s reviewed by %d States, must be two (para 26)", sc,
			     roster_instrument_code(i), cover[i]);
}

/* Literal para 28 (b) (issue 12): a review whose additional reviewers are
 * not one per base for exactly what that base lacks (or, bases lacking
 * disjoint sets, one for both) must be listed in "relaxations" with the
 * literal reading and why it was not met, and only those. */
static int vparties_to(const struct vctx *c, unsigned m, long s, long a, long b)
{
	int n = 0;
	for (size_t i = 0; i < c->r->n; i++)
		n += (long)i != s && (long)i != a && (long)i != b && c->st[i].reviews &&
		     (vinstr(&c->r->v[i]) & m) == m;
	return n;
}

static void vwords(struct buf *b, unsigned m)
{
	const char *sep = "";
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i)) {
			buf_printf(b, "%s%s", sep, roster_instrument_code(i));
			sep = " ";
		}
}

static void check_relaxations(struct vctx *c, json_t *reviews, json_t *rel)
{
	const struct roster *r = c->r;
	size_t k, q;
	json_t *o, *x;
	if (!json_is_array(rel)) {
		lots_verify_viol(c, "relaxations: missing (para 28 b, issue 12)");
		return;
	}
	char *listed = xcalloc(r->n ? r->n : 1, 1);
	json_array_foreach(rel, k, o) {
		long s = lots_verify_find(c, json_object_get(o, "reviewed"), "relaxations");
		if (s >= 0 && listed[s]++)
			lots_verify_viol(c, "relaxations: %s listed twice", r->v[s].code);
	}
	json_array_foreach(reviews, k, o) {
		const char *sc = json_string_value(json_object_get(o, "reviewed"));
		long s = sc ? lots_codeidx_find(c->ix, sc) : -1, a = -1, b = -1;
		unsigned m[2] = { 0, 0 };
		int nadd = 0;
		if (s < 0)
			continue;
		json_array_foreach(json_object_get(o, "reviewers"), q, x) {
			const char *role = json_string_value(json_object_get(x, "role"));
			const char *yc = json_string_value(json_object_get(x, "state"));
			long y = yc ? lots_codeidx_find(c->ix, yc) : -1;
			unsigned mi = 0;
			size_t t;
			json_t *iv;
			json_array_foreach(json_object_get(x, "instruments"), t, iv) {
				int ii = roster_instrument_parse(json_string_value(iv) ?
								 json_string_value(iv) : "");
				if (ii >= 0)
					mi |= INSTR_BIT(ii);
			}
			if (role && !strcmp(role, "same_region"))
				a = y;
			else if (role && !strcmp(role, "other_region"))
				b = y;
			else if (nadd++ < 2)
				m[nadd - 1] = mi;
		}
		if (nadd == 0 || a < 0 || b < 0) {
			if (listed[s])
				lots_verify_viol(c, "relaxations: %s has no additional reviewer; nothing to relax", sc);
			continue;
		}
		unsigned ms = vinstr(&r->v[s]);
		unsigned ma = ms & ~vinstr(&r->v[a]), mb = ms & ~vinstr(&r->v[b]);
		int merged_ok = !(ma & mb), per_ok = ma && mb;
		int lit = nadd == 1 ? merged_ok && m[0] == (ma | mb)
				    : nadd == 2 && per_ok && ((m[0] == ma && m[1] == mb) ||
							      (m[0] == mb && m[1] == ma));
		if (lit) {
			if (listed[s])
				lots_verify_viol(c, "relaxations: %s reads para 28 (b) literally; nothing to relax", sc);
			continue;
		}
		if (!listed[s]) {
			lots_verify_viol(c, "%s: its additional reviewers do not read para 28 (b) literally and no "
			     "relaxation is recorded", sc);
			continue;
		}
		/* The record must say what the literal reading was and whether
		 * the roster could staff it. */
		struct buf want = { 0 };
		if (merged_ok) {
			buf_puts(&want, "one additional reviewer for ");
			vwords(&want, ma | mb);
		}
		if (per_ok) {
			buf_puts(&want, merged_ok ? ", or one for " : "one additional reviewer for ");
			vwords(&want, ma);
			buf_puts(&want, " and one for ");
			vwords(&want, mb);
		}
		int ca = vparties_to(c, ma, s, a, b), cb = vparties_to(c, mb, s, a, b);
		int staff = (merged_ok && vparties_to(c, ma | mb, s, a, b) >= 1) ||
			    (per_ok && ca >= 1 && cb >= 1 && ca + cb - vparties_to(c, ma | mb, s, a, b) >= 2);
		json_array_foreach(rel, q, x) {
			if (strcmp(str_or_empty(x, "reviewed"), sc) != 0)
				continue;
			if (strcmp(str_or_empty(x, "rule"), "para 28 b") != 0 ||
			    strcmp(str_or_empty(x, "literal"), buf_str(&want)) != 0)
				lots_verify_viol(c, "relaxations: %s: the literal reading is '%s'", sc, buf_str(&want));
			if (strncmp(str_or_empty(x, "reason"), staff ? "staffable" : "not staffable",
				    staff ? 9 : 13) != 0 ||
			    (staff && !strncmp(str_or_empty(x, "reason"), "not", 3)))
				lots_verify_viol(c, "relaxations: %s: the literal reading is %sstaffable from the roster",
				     sc, staff ? "" : "not ");
		}
		buf_free(&want);
	}
	free(listed);
}

static void sha256_text(const void *p, size_t n, char out[65])
{
	lots_sha256_hex(p, n, out);
}

int lots_verify_json(const struct roster *r, const char *roster_sha256,
		     const unsigned char *seed, const char *json, struct buf *report)
{
	struct vctx c = { .r = r, .rep = report };
	json_error_t je;
	json_t *root = json_loads(json, 0, &je);
	if (!root) {
		buf_printf(report, "not a JSON document: line %d: %s\n", je.line, je.text);
		return -1;
	}
	/* C3: a first event that assigns the cohorts only (cohorts.c). */
	const char *alg0 = json_string_value(json_object_get(root, "algorithm"));
	if (alg0 && !strcmp(alg0, LOTS_ALGORITHM_COHORTS)) {
		json_decref(root);
		return lots_verify_cohorts_json(r, roster_sha256, seed, json, report);
	}
	c.st = xcalloc(r->n ? r->n : 1, sizeof *c.st);
	c.ix = lots_codeidx_new(r);
	int nelig = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct roster_entry *e = &r->v[i];
		struct vstate *v = &c.st[i];
		int in_group = e->group >= 0 && e->group < GROUP_COUNT;
		int party = (e->instruments & INSTR_BIT(INSTR_UNTOC)) != 0;
		/* para 17/52: parties to the Convention, and volunteering
		 * signatories, in a regional group, unless they opted out of
		 * being reviewed; reviewers: the parties that did not opt out
		 * of reviewing. */
		v->reviewed = in_group && !e->not_reviewed &&
			      (e->volunteer_reviewed ? vinstr(e) != 0 : party);
		/* The two opt-outs are independent (footnote 2 of res. 9/1). */
		v->reviews = in_group && party && !e->volunteer_reviewed && !e->not_reviewer;
		v->cap = LOTS_LOAD_MAX + (e->extra_reviews > 0 ? e->extra_reviews : 0);
		v->rv_index = -1;
		nelig += v->reviewed;
	}
	const char *fmt = json_string_value(json_object_get(root, "format"));
	if (fmt && strcmp(fmt, "revmech-draw/1") == 0) {
		/* Its redraws had free seeds and no chain: nothing in it can be
		 * held to the rules of issue 12, so it is not judged at all. */
		buf_printf(report, "format: revmech-draw/1 (before redraw seeds were derived and "
			   "the history chained) is no longer verified; draw the programme anew\n");
		json_decref(root);
		return -1;
	}
	int v2 = fmt && strcmp(fmt, LOTS_FORMAT_2) == 0;
	if (!v2 && (!fmt || strcmp(fmt, LOTS_FORMAT) != 0))
		lots_verify_viol(&c, "format: must be \"%s\"", LOTS_FORMAT);
	lots_verify_parameters(&c, json_object_get(root, "parameters"));
	if (!json_string_value(json_object_get(root, "algorithm")))
		lots_verify_viol(&c, "algorithm: missing");
	unsigned char dseed[32];
	if (lots_seed_parse(json_string_value(json_object_get(root, "seed")), dseed) < 0)
		lots_verify_viol(&c, "seed: not 64 hex digits");
	else if (seed && memcmp(seed, dseed, 32) != 0)
		lots_verify_viol(&c, "seed: the document was drawn with another seed");
	else {
		char com[65];
		const char *dc = json_string_value(json_object_get(root, "seed_commitment"));
		sha256_text(dseed, 32, com);
		if (!dc || strcmp(dc, com) != 0)
			lots_verify_viol(&c, "seed_commitment: is not the SHA-256 of the seed (R51)");
	}
	const char *sha = json_string_value(json_object_get(root, "roster_sha256"));
	if (roster_sha256 && (!sha || strcmp(sha, roster_sha256) != 0))
		lots_verify_viol(&c, "roster_sha256: the document was drawn from another roster");

	/* The workload against the document's parameters (checked above). */
	for (size_t i = 0; i < r->n; i++)
		c.st[i].cap = c.load_max + (r->v[i].extra_reviews > 0 ? r->v[i].extra_reviews : 0);
	check_groups(&c, json_object_get(root, "groups"), nelig);
	/* Consents first: they decide whether a review may have more than
	 * four reviewers. */
	{
		size_t k;
		json_t *o;
		json_array_foreach(json_object_get(root, "redraws"), k, o) {
			json_t *cs = json_object_get(o, "consent");
			const char *sc = json_string_value(json_object_get(o, "reviewed"));
			long s = sc ? lots_codeidx_find(c.ix, sc) : -1;
			if (s >= 0 && json_is_object(cs) && *vstr_or(cs, "by", "") &&
			    *vstr_or(cs, "date", "") && *vstr_or(cs, "reference", ""))
				c.st[s].consent = 1;
		}
	}
	json_t *reviews = json_object_get(root, "reviews");
	if (!json_is_array(reviews)) {
		lots_verify_viol(&c, "reviews: not an array");
	} else {
		size_t k;
		json_t *o;
		json_array_foreach(reviews, k, o)
			check_review(&c, o, k);
		for (size_t i = 0; i < r->n; i++)
			if (c.st[i].reviewed && !c.st[i].seen_review)
				lots_verify_viol(&c, "%s: has no review (para 29)", r->v[i].code);
	}
	lots_verify_redraws(&c, json_object_get(root, "redraws"));
	if (json_is_array(reviews))
		check_relaxations(&c, reviews, json_object_get(root, "relaxations"));
	if (json_is_array(reviews))
		lots_verify_history(&c, reviews, json_object_get(root, "redraws"));
	lots_verify_chain(&c, root);
	for (size_t i = 0; i < r->n; i++) {
		struct vstate *v = &c.st[i];
		if (!v->reviews)
			continue;
		if (v->load > v->cap)
			lots_verify_viol(&c, "%s: reviews %d States, more than %d (para 29)", r->v[i].code, v->load,
			     v->cap);
		/* Only a deviation recorded by the redraw that made it (no
		 * reassignment existed) is an exception to the minimum. */
		if (v->load < c.load_min && v->exception)
			buf_printf(report, "recorded exception: %s reviews no State: a redraw left it "
				   "without review and no reassignment kept every rule (para 29)\n",
				   r->v[i].code);
		else if (v->load == 0 && c.load_min > 0)
			lots_verify_viol(&c, "%s: reviews no State (para 29: at least one)", r->v[i].code);
		else if (v->load < c.load_min)
			lots_verify_viol(&c, "%s: reviews %d State%s (at least %d, parameters R38)", r->v[i].code,
			     v->load, v->load == 1 ? "" : "s", c.load_min);
	}
	/* A draw held by hand is checked against every rule, but no seed
	 * reproduces it (C45): say so instead of replaying it. */
	const char *alg = json_string_value(json_object_get(root, "algorithm"));
	int manual = alg && strcmp(alg, LOTS_ALGORITHM_MANUAL) == 0;
	if (manual)
		buf_printf(report, "note: drawn by hand at the meeting and recorded (C45): every rule "
			   "checked; not reproducible from a seed\n");
	/* Format 3 says where the seed came from (R51); format 2 did not,
	 * and its report is what it was. */
	if (!v2)
		c.nviol += lots_verify_seed_origin(root, manual, report);
	if (seed && c.nviol == 0 && !manual)
		lots_verify_derivation(&c, roster_sha256, seed, json);
	json_decref(root);
	lots_codeidx_free(c.ix);
	free(c.st);
	return c.nviol;
}
