/* verify.c - the independent verifier (R68, issue 3 "draw verify").
 *
 * It reads the draw document as JSON and the roster, works out eligibility
 * and every rule again from the texts (paras 17, 26, 28, 29, 52), and
 * shares no code with the drawer: a bug in the drawer cannot hide itself
 * here.  Only the final "is this the draw of that seed" check re-runs the
 * drawer, and it compares documents, not rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "lots/verify_int.h"
#include "util/util.h"
#include "util/xmalloc.h"

struct vstate {
	int reviewed;       /* should be reviewed */
	int reviews;        /* may review */
	int cap;
	int year;           /* cohort from "groups", 0 if none */
	int seen_review;    /* reviews[] entries for it */
	int load;           /* reviews it makes */
	int exception;      /* left with no review by a recorded deviation (para 29) */
	int consent;        /* consented to more than four reviewers (para 28 c, C11) */
	int rv_index;       /* its entry in reviews[], -1 */
};

struct vctx {
	const struct roster *r;
	struct vstate *st;
	struct buf *rep;
	struct lots_codeidx *ix;
	int nviol;
	/* The parameters the document says it used (R38), once checked. */
	int max_reviewers, redraw_limit, load_min, load_max, cohorts;
	int literal_28b_search;   /* written only when 1 (0: absent) */
};

static void viol(struct vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void viol(struct vctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(c->rep, fmt, ap);
	va_end(ap);
	buf_putc(c->rep, '\n');
	c->nviol++;
}

/* Code string -> roster index, reporting unknown codes. */
static long vfind(struct vctx *c, json_t *v, const char *where)
{
	const char *s = json_string_value(v);
	if (!s) {
		viol(c, "%s: not a State code", where);
		return -1;
	}
	long i = lots_codeidx_find(c->ix, s);
	if (i < 0)
		viol(c, "%s: %s is not in the roster", where, s);
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
			viol(c, "groups: must be three cohorts (para 17)");
		else
			viol(c, "groups: must be %d cohorts (para 17, parameters R38)", nc);
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
			viol(c, "groups[%d]: must be {\"year\": %d, \"states\": [...]}", y, y + 1);
			continue;
		}
		size_t k;
		json_t *v;
		json_array_foreach(sts, k, v) {
			long i = vfind(c, v, "groups");
			if (i < 0)
				continue;
			if (!c->st[i].reviewed) {
				viol(c, "%s: in cohort %d but not eligible for review", r->v[i].code, y + 1);
				continue;
			}
			if (c->st[i].year) {
				viol(c, "%s: in cohorts %d and %d (one review per State, para 25)",
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
			viol(c, "%s: eligible but in no cohort (para 29: every State is reviewed)",
			     r->v[i].code);
	for (int y = 0; y < nc; y++)
		if (per[y] < nelig / nc || per[y] > (nelig + nc - 1) / nc)
			viol(c, "cohort %d: %d States, not floor or ceil of %d/%d (para 17)", y + 1,
			     per[y], nelig, nc);
	for (int g = 0; g < GROUP_COUNT; g++)
		for (int y = 0; y < nc; y++)
			if (pg[g][y] < ng[g] / nc || pg[g][y] > (ng[g] + nc - 1) / nc) {
				if (nc == 3)
					viol(c, "cohort %d: %d States of group %s (of %d), not floor or ceil "
					     "of a third (para 17 proportionality)", y + 1, pg[g][y],
					     roster_group_code(g), ng[g]);
				else
					viol(c, "cohort %d: %d States of group %s (of %d), not floor or ceil "
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
	long s = vfind(c, json_object_get(o, "reviewed"), where);
	if (s < 0)
		return;
	const char *sc = r->v[s].code;
	if (!c->st[s].reviewed) {
		viol(c, "%s: reviewed but not eligible for review", sc);
		return;
	}
	if (c->st[s].seen_review++) {
		viol(c, "%s: reviewed twice", sc);
		return;
	}
	c->st[s].rv_index = (int)idx;
	json_int_t y = json_integer_value(json_object_get(o, "year"));
	if (y != c->st[s].year)
		viol(c, "%s: review in year %d but cohort %d", sc, (int)y, c->st[s].year);
	json_t *rs = json_object_get(o, "reviewers");
	if (!json_is_array(rs)) {
		viol(c, "%s: no reviewers array", sc);
		return;
	}
	size_t n = json_array_size(rs);
	if (n > (size_t)c->max_reviewers && (!c->st[s].consent || n > LOTS_MAX_SLOTS))
		viol(c, "%s: %zu reviewing States, more than %d without the recorded consent "
		     "of %s (para 28 c, C11)", sc, n, c->max_reviewers, sc);
	int nsame = 0, nother = 0, cover[INSTR_COUNT] = { 0 };
	unsigned ms = vinstr(&r->v[s]);
	long seen[16];
	for (size_t k = 0; k < n && k < 16; k++) {
		json_t *x = json_array_get(rs, k);
		long y2 = vfind(c, json_object_get(x, "state"), sc);
		seen[k] = y2;
		if (y2 < 0)
			continue;
		const char *yc = r->v[y2].code;
		for (size_t j = 0; j < k; j++)
			if (seen[j] == y2)
				viol(c, "%s: %s listed twice as reviewer", sc, yc);
		if (y2 == s)
			viol(c, "%s: reviews itself", sc);
		if (!c->st[y2].reviews)
			viol(c, "%s: reviewer %s may not review (not a State party in a regional group, "
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
			viol(c, "%s: reviewer %s: bad instruments list", sc, yc);
			continue;
		}
		if (mi & ~ms)
			viol(c, "%s: reviewer %s reviews an instrument %s is not reviewed on", sc, yc, sc);
		if (mi & ~vinstr(&r->v[y2]))
			viol(c, "%s: reviewer %s reviews an instrument it is not party to (para 28 b)",
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
				viol(c, "%s: %s reviewer %s is %s regional group (para 28)", sc, role, yc,
				     same_group ? "of the same" : "of another");
			if (mi != (ms & vinstr(&r->v[y2])))
				viol(c, "%s: %s reviewer %s must review every instrument of %s it is party "
				     "to (para 28 b)", sc, role, yc, sc);
		} else if (role && !strcmp(role, "additional")) {
			if (!mi)
				viol(c, "%s: additional reviewer %s reviews no instrument", sc, yc);
		} else {
			viol(c, "%s: reviewer %s has an unknown role", sc, yc);
		}
	}
	if (nsame != 1)
		viol(c, "%s: %d same_region reviewers, must be one (para 28)", sc, nsame);
	if (nother != 1)
		viol(c, "%s: %d other_region reviewers, must be one (para 28)", sc, nother);
	for (int i = 0; i < INSTR_COUNT; i++)
		if ((ms & INSTR_BIT(i)) && cover[i] != 2)
			viol(c, "%s: %s reviewed by %d States, must be two (para 26)", sc,
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
		viol(c, "relaxations: missing (para 28 b, issue 12)");
		return;
	}
	char *listed = xcalloc(r->n ? r->n : 1, 1);
	json_array_foreach(rel, k, o) {
		long s = vfind(c, json_object_get(o, "reviewed"), "relaxations");
		if (s >= 0 && listed[s]++)
			viol(c, "relaxations: %s listed twice", r->v[s].code);
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
				viol(c, "relaxations: %s has no additional reviewer; nothing to relax", sc);
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
				viol(c, "relaxations: %s reads para 28 (b) literally; nothing to relax", sc);
			continue;
		}
		if (!listed[s]) {
			viol(c, "%s: its additional reviewers do not read para 28 (b) literally and no "
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
				viol(c, "relaxations: %s: the literal reading is '%s'", sc, buf_str(&want));
			if (strncmp(str_or_empty(x, "reason"), staff ? "staffable" : "not staffable",
				    staff ? 9 : 13) != 0 ||
			    (staff && !strncmp(str_or_empty(x, "reason"), "not", 3)))
				viol(c, "relaxations: %s: the literal reading is %sstaffable from the roster",
				     sc, staff ? "" : "not ");
		}
		buf_free(&want);
	}
	free(listed);
}

static void check_redraws(struct vctx *c, json_t *redraws)
{
	const struct roster *r = c->r;
	if (!json_is_array(redraws)) {
		viol(c, "redraws: not an array");
		return;
	}
	size_t n = json_array_size(redraws);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(redraws, i);
		char where[48];
		snprintf(where, sizeof where, "redraws[%zu]", i);
		long s = vfind(c, json_object_get(o, "reviewed"), where);
		long q = vfind(c, json_object_get(o, "requested_by"), where);
		long old = vfind(c, json_object_get(o, "old"), where);
		const char *reason = json_string_value(json_object_get(o, "reason"));
		int rs = reason ? lots_reason_parse(reason) : -1;
		if (s < 0 || q < 0 || old < 0)
			continue;
		json_t *ex = json_object_get(o, "exception");
		if (!json_is_null(ex)) {
			long e = vfind(c, ex, where);
			if (e >= 0)
				c->st[e].exception = 1;
		}
		if (rs < 0) {
			viol(c, "%s: unknown reason", where);
			continue;
		}
		json_t *counted = json_object_get(o, "counted");
		if (!json_is_boolean(counted) || json_is_true(counted) != (rs < LOTS_REASON_EXCEPTIONAL))
			viol(c, "%s: \"counted\" must be %s for reason %s (para 28 d)", where,
			     rs < LOTS_REASON_EXCEPTIONAL ? "true" : "false", reason);
		if (rs >= LOTS_REASON_EXCEPTIONAL) {
			const char *note = json_string_value(json_object_get(o, "note"));
			const char *dec = json_string_value(json_object_get(o, "decision"));
			if (!note || !*note)
				viol(c, "%s: reason %s needs a note (paras 28 e, 30)", where, reason);
			if (rs == LOTS_REASON_EXCEPTIONAL && (!dec || !*dec))
				viol(c, "%s: an exceptional redraw must cite a recorded decision (para 28 e)",
				     where);
			continue;
		}
		int cnt = 0;
		for (size_t j = 0; j <= i; j++) {
			json_t *p = json_array_get(redraws, j);
			const char *pr = json_string_value(json_object_get(p, "reason"));
			const char *ps = json_string_value(json_object_get(p, "reviewed"));
			const char *pq = json_string_value(json_object_get(p, "requested_by"));
			int prs = pr ? lots_reason_parse(pr) : -1;
			if (prs >= 0 && prs < LOTS_REASON_EXCEPTIONAL && ps && pq &&
			    !strcmp(ps, r->v[s].code) && !strcmp(pq, r->v[q].code))
				cnt++;
		}
		if (cnt > c->redraw_limit)
			viol(c, "%s: %s has asked for %d redraws in the review of %s, more than %d "
			     "(para 28 d)", where, r->v[q].code, cnt, r->v[s].code, c->redraw_limit);
	}
}

static void check_derivation(struct vctx *c, const char *roster_sha256,
			     const unsigned char *seed, const char *json)
{
	struct lots_draw d, given;
	char err[512];
	if (lots_draw_from_json(json, c->r, &given, err, sizeof err) != LOTS_OK) {
		viol(c, "seed: cannot replay the document (%s)", err);
		return;
	}
	/* The draw under the parameters the document records (checked by
	 * check_parameters), its redraws under the same. */
	int rc = lots_draw_make_params(c->r, roster_sha256, seed, &given.params, NULL, &d, err,
				       sizeof err);
	if (rc != LOTS_OK) {
		viol(c, "seed: the roster and seed give no draw (%s)", err);
		lots_draw_free(&given);
		return;
	}
	/* Replay the recorded redraws with their own seeds. */
	for (size_t i = 0; i < given.nredraws; i++) {
		const struct lots_redraw *w = &given.redraws[i];
		struct lots_redraw_req req = {
			.reviewed = c->r->v[w->reviewed].code,
			.replace = c->r->v[w->old_state].code,
			.requested_by = c->r->v[w->requested_by].code,
			.reason = w->reason,
			.note = w->note,
			.decision = w->decision,
			.consent_by = w->consent_by,
			.consent_date = w->consent_date,
			.consent_ref = w->consent_ref,
		};
		if (lots_redraw(c->r, &d, &req, err, sizeof err) != LOTS_OK) {
			viol(c, "redraws[%zu]: cannot be replayed (%s)", i, err);
			goto out;
		}
	}
	/* The record of where the seed came from is the document's own
	 * (check_ceremony judges it); the draw is compared around it. */
	d.format = given.format;
	d.ceremony = given.ceremony;
	given.ceremony = NULL;
	char *mine = lots_draw_to_json(&d, c->r);
	if (strcmp(mine, json) != 0) {
		size_t k = 0;
		for (; k < d.nreviews && k < given.nreviews; k++)
			if (memcmp(&d.reviews[k], &given.reviews[k], sizeof d.reviews[k]) != 0)
				break;
		if (k < d.nreviews)
			viol(c, "seed: the document is not the draw this roster and seed give "
			     "(first difference: review of %s)", c->r->v[d.reviews[k].reviewed].code);
		else
			viol(c, "seed: the document is not the draw this roster and seed give");
	}
	free(mine);
out:
	lots_draw_free(&given);
	lots_draw_free(&d);
}

static void sha256_text(const void *p, size_t n, char out[65])
{
	lots_sha256_hex(p, n, out);
}

/* The parameters the document says it used (R38).  Version 1 is the
 * annex's and must have its values; any other version must cite the
 * decision that set it (that the version is stored with these values and
 * that decision is checked by `draw verify --db`, lots_db_params_check).
 * Values that differ from the annex's without a decision are a
 * violation.  The rules below are then checked against the document's
 * values. */
static void check_parameters(struct vctx *c, json_t *p)
{
	static const struct {
		const char *key;
		int value;
		const char *rule;
	} want[] = {
		{ "max_reviewers", LOTS_MAX_REVIEWERS, "para 28 c" },
		{ "redraw_limit", LOTS_REDRAW_LIMIT, "para 28 d" },
		{ "load_min", LOTS_LOAD_MIN, "para 29" },
		{ "load_max", LOTS_LOAD_MAX, "para 29" },
		{ "cohorts", LOTS_COHORTS, "para 17" },
	};
	int *dst[] = { &c->max_reviewers, &c->redraw_limit, &c->load_min, &c->load_max,
		       &c->cohorts };
	for (size_t i = 0; i < 5; i++)
		*dst[i] = want[i].value;
	if (!json_is_object(p)) {
		viol(c, "parameters: missing (R38)");
		return;
	}
	json_t *jv = json_object_get(p, "version");
	const char *dec = json_string_value(json_object_get(p, "decision"));
	const char *on = json_string_value(json_object_get(p, "decided_on"));
	int version = json_is_integer(jv) ? (int)json_integer_value(jv) : 0;
	if (version < 1 || !dec || !*dec || !on || strlen(on) != 10) {
		viol(c, "parameters: no version with the decision that set it (version, decision, "
		     "decided_on; R38)");
		version = 1;
		dec = LOTS_PARAMS_DECISION_1;
	}
	int changed = 0;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		json_t *v = json_object_get(p, want[i].key);
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100) {
			viol(c, "parameters: %s is not a number (R38)", want[i].key);
			continue;
		}
		int x = (int)json_integer_value(v);
		if (x != want[i].value) {
			changed = 1;
			if (version == 1)
				viol(c, "parameters: %s is %d, not %d (%s): changed without a recorded "
				     "decision (version 1 is the annex's, R38)", want[i].key, x,
				     want[i].value, want[i].rule);
		}
		*dst[i] = x;
	}
	/* literal_28b_search (issue 12, migration 0041): absent means 0,
	 * the method of every earlier version; when present it is 1. */
	c->literal_28b_search = 0;
	json_t *ls = json_object_get(p, "literal_28b_search");
	if (ls) {
		if (!json_is_integer(ls) || json_integer_value(ls) != 1) {
			viol(c, "parameters: literal_28b_search must be 1 when present (absent: 0; R38)");
		} else {
			c->literal_28b_search = 1;
			changed = 1;
			if (version == 1)
				viol(c, "parameters: literal_28b_search is 1, not 0: changed without a "
				     "recorded decision (version 1 is the annex's, R38)");
		}
	}
	if (version == 1 && strcmp(dec, LOTS_PARAMS_DECISION_1) != 0)
		viol(c, "parameters: version 1 is the annex's (decision '%s'), not '%s' (R38)",
		     LOTS_PARAMS_DECISION_1, dec);
	if (version > 1)
		buf_printf(c->rep, "note: parameters version %d, set by decision %s of %s%s; that "
			   "it is recorded with these values is checked by draw verify --db\n", version,
			   dec, on, changed ? "" : " (the annex's values)");
	if (c->cohorts < 1 || c->cohorts > LOTS_MAX_COHORTS) {
		viol(c, "parameters: cohorts %d is not between 1 and %d", c->cohorts,
		     LOTS_MAX_COHORTS);
		c->cohorts = LOTS_COHORTS;
	}
	if (c->load_min > c->load_max) {
		viol(c, "parameters: load_min %d is above load_max %d", c->load_min, c->load_max);
		c->load_min = c->load_max;
	}
	if (c->max_reviewers < 2 || c->max_reviewers > LOTS_MAX_SLOTS) {
		viol(c, "parameters: max_reviewers %d is not between 2 and %d", c->max_reviewers,
		     LOTS_MAX_SLOTS);
		c->max_reviewers = LOTS_MAX_REVIEWERS;
	}
	size_t known = 0;
	for (size_t i = 0; i < 5; i++)
		known += json_object_get(p, want[i].key) != NULL;
	known += jv != NULL;
	known += ls != NULL;
	known += json_object_get(p, "decision") != NULL;
	known += json_object_get(p, "decided_on") != NULL;
	if (json_object_size(p) != known)
		viol(c, "parameters: unknown parameter (R38)");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int ever_has(const uint64_t *v, size_t n, long a, long b)
{
	uint64_t k = (uint64_t)a << 32 | (uint64_t)b;
	return bsearch(&k, v, n, sizeof *v, cmp_u64) != NULL;
}

/* Reciprocity at any time in the process (para 28 a, R54): every pair
 * ever drawn is a current reviewer or the old State of a recorded move; no
 * two of them may be reverse of each other. */
static void check_history(struct vctx *c, json_t *reviews, json_t *redraws)
{
	size_t n = 0, cap = 64, k, q;
	uint64_t *v = xmalloc(cap * sizeof *v);
	json_t *o, *x;
#define ADD(a, b) do { if (n == cap) { cap *= 2; v = xreallocarray(v, cap, sizeof *v); } \
	v[n++] = (uint64_t)(a) << 32 | (uint64_t)(b); } while (0)
	json_array_foreach(reviews, k, o) {
		const char *sc = json_string_value(json_object_get(o, "reviewed"));
		long s = sc ? lots_codeidx_find(c->ix, sc) : -1;
		json_array_foreach(json_object_get(o, "reviewers"), q, x) {
			const char *yc = json_string_value(json_object_get(x, "state"));
			long y = yc ? lots_codeidx_find(c->ix, yc) : -1;
			if (s >= 0 && y >= 0)
				ADD(y, s);
		}
	}
	json_array_foreach(redraws, k, o) {
		json_array_foreach(json_object_get(o, "moves"), q, x) {
			const char *sc = json_string_value(json_object_get(x, "reviewed"));
			const char *yc = json_string_value(json_object_get(x, "old"));
			long s = sc ? lots_codeidx_find(c->ix, sc) : -1;
			long y = yc ? lots_codeidx_find(c->ix, yc) : -1;
			if (s >= 0 && y >= 0)
				ADD(y, s);
		}
	}
#undef ADD
	qsort(v, n, sizeof *v, cmp_u64);
	for (size_t i = 0; i < n; i++) {
		long a = (long)(v[i] >> 32), b = (long)(v[i] & 0xffffffffu);
		if ((i && v[i] == v[i - 1]) || strcmp(c->r->v[a].code, c->r->v[b].code) > 0)
			continue;
		if (ever_has(v, n, b, a))
			viol(c, "%s and %s review each other, now or at an earlier point of the "
			     "programme (para 28 a: at any time in the process, R54)",
			     c->r->v[a].code, c->r->v[b].code);
	}
	free(v);
}

/* A JSON string value as the chain writes it: JSON text, or null. */
static void chain_text(struct buf *b, json_t *v)
{
	char *t = json_is_string(v) ? json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
	buf_puts(b, t ? t : "null");
	free(t);
}

static const char *str_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : dflt;
}

/* The redraw records form a hash chain from the root (roster, seed
 * commitment, parameters): any record altered, removed or reordered
 * breaks it (docs/draw.md "The history chain"). */
static void check_chain(struct vctx *c, json_t *root)
{
	json_t *redraws = json_object_get(root, "redraws"), *o;
	char prev[65], h[65];
	struct buf b = { 0 };
	size_t i;
	buf_printf(&b, "revmech-draw-root/2\nroster=%s\ncommitment=%s\nparameters=%d %d %d %d %d\n",
		   str_or(root, "roster_sha256", ""), str_or(root, "seed_commitment", ""),
		   c->max_reviewers, c->redraw_limit, c->load_min, c->load_max, c->cohorts);
	if (c->literal_28b_search)
		buf_printf(&b, "literal_28b_search=1\n");
	sha256_text(b.p, b.len, prev);
	json_array_foreach(redraws, i, o) {
		buf_reset(&b);
		if (json_integer_value(json_object_get(o, "seq")) != (json_int_t)i + 1)
			viol(c, "redraws[%zu]: seq must be %zu (history rewritten)", i, i + 1);
		if (strcmp(str_or(o, "prev", ""), prev) != 0)
			viol(c, "redraws[%zu]: prev is not the hash of the record before it "
			     "(history rewritten)", i);
		buf_printf(&b, "revmech-redraw/2\nprev=%s\nseq=%lld\nreviewed=%s\nrole=%s\nold=%s\n"
			   "new=%s\nrequested_by=%s\nreason=%s\ncounted=%d\nnote=", prev,
			   (long long)json_integer_value(json_object_get(o, "seq")),
			   str_or(o, "reviewed", ""), str_or(o, "role", ""), str_or(o, "old", ""),
			   str_or(o, "new", ""), str_or(o, "requested_by", ""), str_or(o, "reason", ""),
			   json_is_true(json_object_get(o, "counted")));
		chain_text(&b, json_object_get(o, "note"));
		buf_puts(&b, "\ndecision=");
		chain_text(&b, json_object_get(o, "decision"));
		json_t *cs = json_object_get(o, "consent");
		buf_puts(&b, "\nconsent=");
		chain_text(&b, json_object_get(cs, "by"));
		buf_putc(&b, ' ');
		chain_text(&b, json_object_get(cs, "date"));
		buf_putc(&b, ' ');
		chain_text(&b, json_object_get(cs, "reference"));
		buf_printf(&b, "\nexception=%s\n", str_or(o, "exception", "-"));
		size_t m;
		json_t *mv;
		json_array_foreach(json_object_get(o, "moves"), m, mv)
			buf_printf(&b, "move=%s %s %s %s\n", str_or(mv, "reviewed", ""),
				   str_or(mv, "role", ""), str_or(mv, "old", "-"), str_or(mv, "new", "-"));
		sha256_text(b.p, b.len, h);
		if (strcmp(str_or(o, "hash", ""), h) != 0)
			viol(c, "redraws[%zu]: hash does not match the record (altered after it was "
			     "made)", i);
		util_strlcpy(prev, h, sizeof prev);
	}
	buf_free(&b);
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
		viol(&c, "format: must be \"%s\"", LOTS_FORMAT);
	check_parameters(&c, json_object_get(root, "parameters"));
	if (!json_string_value(json_object_get(root, "algorithm")))
		viol(&c, "algorithm: missing");
	unsigned char dseed[32];
	if (lots_seed_parse(json_string_value(json_object_get(root, "seed")), dseed) < 0)
		viol(&c, "seed: not 64 hex digits");
	else if (seed && memcmp(seed, dseed, 32) != 0)
		viol(&c, "seed: the document was drawn with another seed");
	else {
		char com[65];
		const char *dc = json_string_value(json_object_get(root, "seed_commitment"));
		sha256_text(dseed, 32, com);
		if (!dc || strcmp(dc, com) != 0)
			viol(&c, "seed_commitment: is not the SHA-256 of the seed (R51)");
	}
	const char *sha = json_string_value(json_object_get(root, "roster_sha256"));
	if (roster_sha256 && (!sha || strcmp(sha, roster_sha256) != 0))
		viol(&c, "roster_sha256: the document was drawn from another roster");

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
			if (s >= 0 && json_is_object(cs) && *str_or(cs, "by", "") &&
			    *str_or(cs, "date", "") && *str_or(cs, "reference", ""))
				c.st[s].consent = 1;
		}
	}
	json_t *reviews = json_object_get(root, "reviews");
	if (!json_is_array(reviews)) {
		viol(&c, "reviews: not an array");
	} else {
		size_t k;
		json_t *o;
		json_array_foreach(reviews, k, o)
			check_review(&c, o, k);
		for (size_t i = 0; i < r->n; i++)
			if (c.st[i].reviewed && !c.st[i].seen_review)
				viol(&c, "%s: has no review (para 29)", r->v[i].code);
	}
	check_redraws(&c, json_object_get(root, "redraws"));
	if (json_is_array(reviews))
		check_relaxations(&c, reviews, json_object_get(root, "relaxations"));
	if (json_is_array(reviews))
		check_history(&c, reviews, json_object_get(root, "redraws"));
	check_chain(&c, root);
	for (size_t i = 0; i < r->n; i++) {
		struct vstate *v = &c.st[i];
		if (!v->reviews)
			continue;
		if (v->load > v->cap)
			viol(&c, "%s: reviews %d States, more than %d (para 29)", r->v[i].code, v->load,
			     v->cap);
		/* Only a deviation recorded by the redraw that made it (no
		 * reassignment existed) is an exception to the minimum. */
		if (v->load < c.load_min && v->exception)
			buf_printf(report, "recorded exception: %s reviews no State: a redraw left it "
				   "without review and no reassignment kept every rule (para 29)\n",
				   r->v[i].code);
		else if (v->load == 0 && c.load_min > 0)
			viol(&c, "%s: reviews no State (para 29: at least one)", r->v[i].code);
		else if (v->load < c.load_min)
			viol(&c, "%s: reviews %d State%s (at least %d, parameters R38)", r->v[i].code,
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
		check_derivation(&c, roster_sha256, seed, json);
	json_decref(root);
	lots_codeidx_free(c.ix);
	free(c.st);
	return c.nviol;
}
