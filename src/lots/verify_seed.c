/* verify_seed.c - the verifier's check of where a drawing document's seed
 * came from (format revmech-draw/3; issue 12, audit gaps 2 and 7; R51,
 * C45; docs/draw.md "Where the seed came from").  Part of the independent
 * verifier (verify.c calls it): the hashes, the mix and the canonical form
 * of a record held by hand are computed here again, not taken from
 * ceremony.c, manual.c or chain.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roster.h"
#include "lots/lots.h"
#include "lots/verify_int.h"
#include "util/xmalloc.h"

struct sctx {
	struct buf *rep;
	int nviol;
};

static void viol(struct sctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void viol(struct sctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(c->rep, fmt, ap);
	va_end(ap);
	buf_putc(c->rep, '\n');
	c->nviol++;
}

static void sha256_text(const void *p, size_t n, char out[65])
{
	lots_sha256_hex(p, n, out);
}

/* 1 if p is 64 lower-case hex digits, into out. */
static int vhex32(const char *p, unsigned char out[32])
{
	if (!p || strlen(p) != 64)
		return 0;
	for (const char *q = p; *q; q++)
		if (!((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')))
			return 0;
	return lots_seed_parse(p, out) == 0;
}

/* Where the seed of a format-3 document came from (R51; docs/draw.md
 * "The ceremony record").  null: not from a ceremony, said plainly.  An
 * object: the two steps a ceremony promises, each named when it fails:
 * (1) commitment -> seed, the commitment published before the meeting is
 * SHA-256 of the 32 bytes of the seed revealed at it; (2) seed -> mix,
 * the draw's seed is that seed mixed with the public entropy named
 * (SHA-256 of "revmech-seed-mix/1\n" SEEDHEX "\n" NAME "\n" VALUE "\n"),
 * or the seed itself when none was named.  Written again here, not
 * called from ceremony.c, so that the verifier stays independent. */
static void check_ceremony(struct sctx *c, json_t *root, int manual)
{
	json_t *cj = json_object_get(root, "ceremony");
	if (!cj) {
		viol(c, "ceremony: missing (null for a draw not from a ceremony; R51)");
		return;
	}
	if (json_is_null(cj)) {
		if (!manual)
			buf_printf(c->rep, "note: not from a ceremony: no commitment to the seed was "
				   "published before the draw, so nothing shows that the seed was not "
				   "chosen after seeing its draw (R51)\n");
		return;
	}
	if (!json_is_object(cj)) {
		viol(c, "ceremony: neither null nor an object (R51)");
		return;
	}
	if (manual) {
		viol(c, "ceremony: a draw held by hand has no seed from a ceremony (C45)");
		return;
	}
	const char *meeting = json_string_value(json_object_get(cj, "meeting"));
	const char *pub = json_string_value(json_object_get(cj, "published_commitment"));
	const char *rev = json_string_value(json_object_get(cj, "revealed_seed"));
	json_t *nj = json_object_get(cj, "entropy_name"), *vj = json_object_get(cj, "entropy_value");
	const char *mix = json_string_value(json_object_get(cj, "mix"));
	unsigned char rb[32], pb[32], ds[32], want[32];
	char h[65];
	int bad = 0;
	if (!meeting || !*meeting) {
		viol(c, "ceremony: no meeting named (C42)");
		bad = 1;
	}
	if (!vhex32(pub, pb)) {
		viol(c, "ceremony: published_commitment is not 64 hex digits");
		bad = 1;
	}
	if (!vhex32(rev, rb)) {
		viol(c, "ceremony: revealed_seed is not 64 hex digits");
		bad = 1;
	}
	if (!mix || strcmp(mix, LOTS_SEED_MIX) != 0) {
		viol(c, "ceremony: mix must be \"%s\"", LOTS_SEED_MIX);
		bad = 1;
	}
	int named = json_is_string(nj) && *json_string_value(nj);
	if (!(named ? json_is_string(vj) && *json_string_value(vj) : json_is_null(nj) &&
	      json_is_null(vj))) {
		viol(c, "ceremony: entropy_name and entropy_value must both be given (the public "
		     "entropy named before the meeting and its value) or both be null");
		bad = 1;
	}
	if (bad || lots_seed_parse(json_string_value(json_object_get(root, "seed")), ds) < 0)
		return;
	sha256_text(rb, 32, h);
	if (strcmp(h, pub) != 0) {
		viol(c, "ceremony: step 1 (commitment -> seed) failed: the seed revealed hashes to "
		     "%s, not to the commitment %s published before the meeting (R51)", h, pub);
		return;
	}
	if (named) {
		struct buf b = { 0 };
		buf_printf(&b, LOTS_SEED_MIX "\n%s\n%s\n%s\n", rev, json_string_value(nj),
			   json_string_value(vj));
		sha256_text(b.p, b.len, h);
		buf_free(&b);
		lots_seed_parse(h, want);
	} else {
		memcpy(want, rb, 32);
	}
	if (memcmp(want, ds, 32) != 0) {
		if (named)
			viol(c, "ceremony: step 2 (seed -> mix) failed: the draw's seed is not the seed "
			     "revealed mixed with the public entropy '%s' = '%s' (%s, R51)",
			     json_string_value(nj), json_string_value(vj), LOTS_SEED_MIX);
		else
			viol(c, "ceremony: step 2 (seed -> mix) failed: no public entropy was named, "
			     "so the draw's seed must be the seed revealed (R51)");
		return;
	}
	if (named)
		buf_printf(c->rep, "note: from a ceremony at meeting %s: the seed revealed hashes to "
			   "the commitment %s published before it, and mixed with the public "
			   "entropy '%s' = '%s' gives the draw's seed (R51)\n", meeting, pub,
			   json_string_value(nj), json_string_value(vj));
	else
		buf_printf(c->rep, "note: from a ceremony at meeting %s: the seed revealed hashes to "
			   "the commitment %s published before it and is the draw's seed (no public "
			   "entropy named; R51)\n", meeting, pub);
}


/* One reviewer of a document's reviews, as a line of the canonical form. */
struct crow {
	const char *reviewed, *reviewer, *role;
	long year;
	int rank;       /* same_region 0, other_region 1, additional 2, else 3 */
	size_t pos;     /* order in the document, the last key */
	char instr[40];
};

static int crow_cmp(const void *a, const void *b)
{
	const struct crow *x = a, *y = b;
	int d = strcmp(x->reviewed, y->reviewed);
	if (d)
		return d;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->rank == 2 && (d = strcmp(x->reviewer, y->reviewer)) != 0)
		return d;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void lots_verify_manual_canonical(json_t *reviews, struct buf *out)
{
	static const char *const ranks[] = { "same_region", "other_region", "additional" };
	size_t n = 0, cap = 16, i, k, q;
	struct crow *v = xmalloc(cap * sizeof *v);
	json_t *o, *x, *iv;
	json_array_foreach(reviews, i, o) {
		json_array_foreach(json_object_get(o, "reviewers"), k, x) {
			if (n == cap) {
				cap *= 2;
				v = xreallocarray(v, cap, sizeof *v);
			}
			struct crow *w = &v[n];
			memset(w, 0, sizeof *w);
			w->reviewed = json_string_value(json_object_get(o, "reviewed"));
			w->reviewer = json_string_value(json_object_get(x, "state"));
			w->role = json_string_value(json_object_get(x, "role"));
			w->year = (long)json_integer_value(json_object_get(o, "year"));
			if (!w->reviewed || !w->reviewer || !w->role)
				continue;   /* a violation the rules report */
			w->rank = 3;
			for (int j = 0; j < 3; j++)
				if (!strcmp(w->role, ranks[j]))
					w->rank = j;
			/* Instruments in table order, whatever the document's. */
			unsigned m = 0;
			json_array_foreach(json_object_get(x, "instruments"), q, iv) {
				int ii = json_string_value(iv) ?
					 roster_instrument_parse(json_string_value(iv)) : -1;
				if (ii >= 0)
					m |= INSTR_BIT(ii);
			}
			struct buf t = { 0 };
			for (int j = 0; j < INSTR_COUNT; j++)
				if (m & INSTR_BIT(j))
					buf_printf(&t, "%s%s", t.len ? " " : "", roster_instrument_code(j));
			snprintf(w->instr, sizeof w->instr, "%s", buf_str(&t));
			buf_free(&t);
			w->pos = n++;
		}
	}
	qsort(v, n, sizeof *v, crow_cmp);
	buf_puts(out, "reviewed,year,reviewer,role,instruments\n");
	for (i = 0; i < n; i++)
		buf_printf(out, "%s,%ld,%s,%s,%s\n", v[i].reviewed, v[i].year, v[i].reviewer,
			   v[i].role, v[i].instr);
	free(v);
}

/* A draw held by hand takes its seed from its record (C45): SHA-256 of
 * "revmech-manual/2\n" and the canonical form.  Checked on the document
 * while it has no redraw (after one, its reviews are no longer the
 * record's: draw verify --db checks the record kept with the event). */
static void check_manual_seed(struct sctx *c, json_t *root)
{
	json_t *rd = json_object_get(root, "redraws");
	if (json_is_array(rd) && json_array_size(rd) > 0)
		return;
	struct buf b = { 0 };
	char h[65];
	buf_puts(&b, "revmech-manual/2\n");
	lots_verify_manual_canonical(json_object_get(root, "reviews"), &b);
	sha256_text(b.p, b.len, h);
	buf_free(&b);
	const char *seed = json_string_value(json_object_get(root, "seed"));
	if (!seed || strcmp(seed, h) != 0)
		viol(c, "seed: a draw held by hand takes its seed from its record, SHA-256 of "
		     "revmech-manual/2 and the canonical form of its reviews (%s), not %s (C45)", h,
		     seed ? seed : "none");
}

int lots_verify_seed_origin(json_t *root, int manual, struct buf *rep)
{
	struct sctx c = { .rep = rep };
	check_ceremony(&c, root, manual);
	if (manual && json_is_null(json_object_get(root, "ceremony")))
		check_manual_seed(&c, root);
	return c.nviol;
}
