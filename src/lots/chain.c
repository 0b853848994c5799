/* chain.c - the hashes that make a programme checkable (issue 12; R51,
 * R54, R68): the canonical roster hash, the commitment to a seed, the
 * seed of each redraw derived from the request, and the chain that links
 * every redraw record to the one before it.  Every input is written as
 * text first (docs/draw.md gives the exact layout), so another
 * implementation needs nothing but SHA-256. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/xmalloc.h"

void lots_roster_hash(const struct roster *r, char out[65])
{
	struct buf b = { 0 };
	roster_write_canonical(r, &b);
	lots_sha256_hex(b.p ? b.p : "", b.len, out);
	buf_free(&b);
}

void lots_seed_commitment(const unsigned char seed[32], char out[65])
{
	lots_sha256_hex(seed, 32, out);
}

void lots_redraw_seed(const unsigned char seed[32], const char *reviewed, int slot,
		      const char *replaced, const char *requester, int seq,
		      unsigned char out[32])
{
	char hex[65];
	struct buf b = { 0 };
	lots_hex(seed, 32, hex);
	buf_printf(&b, "revmech-redraw-seed/2\n%s\n%s\n%d\n%s\n%s\n%d\n", hex, reviewed, slot,
		   replaced, requester, seq);
	crypto_hash_sha256(out, (const unsigned char *)b.p, b.len);
	buf_free(&b);
}

void lots_chain_root(const struct lots_draw *d, char out[65])
{
	char com[65];
	struct buf b = { 0 };
	struct lots_params tmp;
	const struct lots_params *p = lots_draw_params(d, &tmp);
	lots_seed_commitment(d->seed, com);
	buf_printf(&b, "revmech-draw-root/2\nroster=%s\ncommitment=%s\n"
		   "parameters=%d %d %d %d %d\n", d->roster_sha256, com, p->max_reviewers,
		   p->redraw_limit, p->load_min, p->load_max, p->cohorts);
	if (p->literal_28b_search)   /* only when set: earlier roots unchanged */
		buf_printf(&b, "literal_28b_search=%d\n", p->literal_28b_search);
	lots_sha256_hex(b.p, b.len, out);
	buf_free(&b);
}

/* A free text as a JSON string (ASCII only), or null. */
static void put_text(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "null");
		return;
	}
	json_t *j = json_string(s);
	char *t = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
	if (!t)
		abort();   /* invalid UTF-8 is refused before a record is made */
	buf_puts(b, t);
	free(t);
	json_decref(j);
}

static const char *code_or_dash(const struct roster *r, int i)
{
	return i >= 0 ? r->v[i].code : "-";
}

void lots_chain_hash(const struct roster *r, const struct lots_redraw *w, const char *prev,
		     char out[65])
{
	struct buf b = { 0 };
	buf_printf(&b, "revmech-redraw/2\nprev=%s\nseq=%d\nreviewed=%s\nrole=%s\nold=%s\nnew=%s\n"
		   "requested_by=%s\nreason=%s\ncounted=%d\nnote=", prev, w->seq,
		   r->v[w->reviewed].code, lots_role_code(w->role), r->v[w->old_state].code,
		   r->v[w->new_state].code, r->v[w->requested_by].code, lots_reason_code(w->reason),
		   w->reason < LOTS_REASON_EXCEPTIONAL);
	put_text(&b, w->note);
	buf_puts(&b, "\ndecision=");
	put_text(&b, w->decision);
	buf_puts(&b, "\nconsent=");
	put_text(&b, w->consent_by);
	buf_putc(&b, ' ');
	put_text(&b, w->consent_date);
	buf_putc(&b, ' ');
	put_text(&b, w->consent_ref);
	buf_printf(&b, "\nexception=%s\n", code_or_dash(r, w->exception));
	for (int i = 0; i < w->nmoves; i++)
		buf_printf(&b, "move=%s %s %s %s\n", r->v[w->moves[i].reviewed].code,
			   lots_role_code(w->moves[i].role), code_or_dash(r, w->moves[i].old_state),
			   code_or_dash(r, w->moves[i].new_state));
	lots_sha256_hex(b.p, b.len, out);
	buf_free(&b);
}
