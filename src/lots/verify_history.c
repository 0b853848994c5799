/* verify_history.c - the independent verifier's checks of the history of
 * a draw (R68; docs/draw.md "Redraws", "The history chain"): the redraw
 * records (reasons, notes, decisions, the four counted requests of para
 * 28 d), reciprocity over every pair ever drawn (para 28 a, R54) and the
 * hash chain of the records.  Split from verify.c; like it, it shares no
 * code with the drawer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "lots/verify_int.h"
#include "util/util.h"
#include "util/xmalloc.h"

void lots_verify_redraws(struct vctx *c, json_t *redraws)
{
	const struct roster *r = c->r;
	if (!json_is_array(redraws)) {
		lots_verify_viol(c, "redraws: not an array");
		return;
	}
	size_t n = json_array_size(redraws);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(redraws, i);
		char where[48];
		snprintf(where, sizeof where, "redraws[%zu]", i);
		long s = lots_verify_find(c, json_object_get(o, "reviewed"), where);
		long q = lots_verify_find(c, json_object_get(o, "requested_by"), where);
		long old = lots_verify_find(c, json_object_get(o, "old"), where);
		const char *reason = json_string_value(json_object_get(o, "reason"));
		int rs = reason ? lots_reason_parse(reason) : -1;
		if (s < 0 || q < 0 || old < 0)
			continue;
		json_t *ex = json_object_get(o, "exception");
		if (!json_is_null(ex)) {
			long e = lots_verify_find(c, ex, where);
			if (e >= 0)
				c->st[e].exception = 1;
		}
		if (rs < 0) {
			lots_verify_viol(c, "%s: unknown reason", where);
			continue;
		}
		json_t *counted = json_object_get(o, "counted");
		if (!json_is_boolean(counted) || json_is_true(counted) != (rs < LOTS_REASON_EXCEPTIONAL))
			lots_verify_viol(c, "%s: \"counted\" must be %s for reason %s (para 28 d)", where,
			     rs < LOTS_REASON_EXCEPTIONAL ? "true" : "false", reason);
		if (rs >= LOTS_REASON_EXCEPTIONAL) {
			const char *note = json_string_value(json_object_get(o, "note"));
			const char *dec = json_string_value(json_object_get(o, "decision"));
			if (!note || !*note)
				lots_verify_viol(c, "%s: reason %s needs a note (paras 28 e, 30)", where, reason);
			if (rs == LOTS_REASON_EXCEPTIONAL && (!dec || !*dec))
				lots_verify_viol(c, "%s: an exceptional redraw must cite a recorded decision (para 28 e)",
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
			lots_verify_viol(c, "%s: %s has asked for %d redraws in the review of %s, more than %d "
			     "(para 28 d)", where, r->v[q].code, cnt, r->v[s].code, c->redraw_limit);
	}
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
void lots_verify_history(struct vctx *c, json_t *reviews, json_t *redraws)
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
			lots_verify_viol(c, "%s and %s review each other, now or at an earlier point of the "
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

/* The redraw records form a hash chain from the root (roster, seed
 * commitment, parameters): any record altered, removed or reordered
 * breaks it (docs/draw.md "The history chain"). */
void lots_verify_chain(struct vctx *c, json_t *root)
{
	json_t *redraws = json_object_get(root, "redraws"), *o;
	char prev[65], h[65];
	struct buf b = { 0 };
	size_t i;
	buf_printf(&b, "revmech-draw-root/2\nroster=%s\ncommitment=%s\nparameters=%d %d %d %d %d\n",
		   vstr_or(root, "roster_sha256", ""), vstr_or(root, "seed_commitment", ""),
		   c->max_reviewers, c->redraw_limit, c->load_min, c->load_max, c->cohorts);
	if (c->literal_28b_search)
		buf_printf(&b, "literal_28b_search=1\n");
	lots_sha256_hex(b.p, b.len, prev);
	json_array_foreach(redraws, i, o) {
		buf_reset(&b);
		if (json_integer_value(json_object_get(o, "seq")) != (json_int_t)i + 1)
			lots_verify_viol(c, "redraws[%zu]: seq must be %zu (history rewritten)", i, i + 1);
		if (strcmp(vstr_or(o, "prev", ""), prev) != 0)
			lots_verify_viol(c, "redraws[%zu]: prev is not the hash of the record before it "
			     "(history rewritten)", i);
		buf_printf(&b, "revmech-redraw/2\nprev=%s\nseq=%lld\nreviewed=%s\nrole=%s\nold=%s\n"
			   "new=%s\nrequested_by=%s\nreason=%s\ncounted=%d\nnote=", prev,
			   (long long)json_integer_value(json_object_get(o, "seq")),
			   vstr_or(o, "reviewed", ""), vstr_or(o, "role", ""), vstr_or(o, "old", ""),
			   vstr_or(o, "new", ""), vstr_or(o, "requested_by", ""), vstr_or(o, "reason", ""),
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
		buf_printf(&b, "\nexception=%s\n", vstr_or(o, "exception", "-"));
		size_t m;
		json_t *mv;
		json_array_foreach(json_object_get(o, "moves"), m, mv)
			buf_printf(&b, "move=%s %s %s %s\n", vstr_or(mv, "reviewed", ""),
				   vstr_or(mv, "role", ""), vstr_or(mv, "old", "-"), vstr_or(mv, "new", "-"));
		lots_sha256_hex(b.p, b.len, h);
		if (strcmp(vstr_or(o, "hash", ""), h) != 0)
			lots_verify_viol(c, "redraws[%zu]: hash does not match the record (altered after it was "
			     "made)", i);
		util_strlcpy(prev, h, sizeof prev);
	}
	buf_free(&b);
}
