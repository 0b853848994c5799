/* events_r66.c - what is shown when a redraw is considered (issue 12;
 * R66, information only, not a constraint): the States a redraw of a slot
 * could draw by the static rules, with their working languages and those
 * in common with the reviewed State.  The store knows a State's working
 * languages only from its own country review's consultations
 * (review/consult's table, read here); legal systems are not in the
 * reference data at all (C41). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/events_int.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

void lots_state_languages(struct store *s, const char *state, char *out, size_t outlen)
{
	out[0] = 0;
	struct store_stmt *st = store_prepare(s, "SELECT languages FROM consultations WHERE "
					      "reviewed = ? ORDER BY id DESC");
	if (st) {
		store_bind_text(st, 1, state);
		if (store_step(st) == STORE_ROW) {
			util_strlcpy(out, store_col_text(st, 0), outlen);
			for (char *c = out; *c; c++)
				if (*c == ',')
					*c = ' ';
		}
	}
	store_finalize(st);
}

static int slot_of_state(const struct ev_review *v, int st)
{
	for (int k = 0; k < v->n; k++)
		if (v->s[k].st == st)
			return 1;
	return 0;
}

/* The words of a that are in b too, space-separated, into out. */
static void common_words(const char *a, const char *b, char *out, size_t n)
{
	struct buf o = { 0 };
	char w[16];
	while (*a) {
		size_t k = strcspn(a, " ");
		if (k && k < sizeof w) {
			memcpy(w, a, k);
			w[k] = 0;
			const char *p = b;
			int in = 0;
			while (*p && !in) {
				size_t l = strcspn(p, " ");
				in = l == k && !memcmp(p, w, k);
				p += l + (p[l] == ' ');
			}
			if (in)
				buf_printf(&o, "%s%s", o.len ? " " : "", w);
		}
		a += k + (a[k] == ' ');
	}
	util_strlcpy(out, buf_str(&o), n);
	buf_free(&o);
}

int lots_redraw_candidates(struct store *s, const char *reviewed, const char *replace,
			   struct lots_candidate **out, size_t *n, int *role_out, char *err,
			   size_t errlen)
{
	struct ev_state e;
	struct ev_prog p;
	int rc = LOTS_EINPUT;
	*out = NULL;
	*n = 0;
	if (ev_state_load(s, &e, err, errlen) != LOTS_OK ||
	    ev_prog_build(&p, e.cur_csv, &e.r, &e.d, e.ops, e.nops, err, errlen) != LOTS_OK) {
		ev_state_free(&e);
		return LOTS_EINPUT;
	}
	const struct roster *r = &p.cur;
	long x = roster_find(r, reviewed ? reviewed : ""), y = roster_find(r, replace ? replace : "");
	const struct ev_review *v = x >= 0 && p.rvi[x] >= 0 ? &p.v[p.rvi[x]] : NULL;
	int k = -1;
	for (int j = 0; v && y >= 0 && j < v->n; j++)
		if (v->s[j].st == y)
			k = j;
	if (!v || k < 0) {
		if (!v)
			msg_set(err, errlen, N_("reviewed: %s is not reviewed in the programme"),
				reviewed ? reviewed : "");
		else
			msg_set(err, errlen, N_("replace: that State does not review %s"),
				reviewed ? reviewed : "");
		goto out;
	}
	char lx[64];
	lots_state_languages(s, r->v[x].code, lx, sizeof lx);
	int role = v->s[k].role;
	unsigned m = role == LOTS_ADDITIONAL ? v->s[k].instr : 0;
	*role_out = role;
	*out = xmalloc((r->n + 1) * sizeof **out);
	for (size_t i = 0; i < r->n; i++) {
		int c = (int)i, same = r->v[c].group == r->v[x].group;
		if (c == x || !lots_int_may_review(&r->v[c]) || slot_of_state(v, c) ||
		    ev_pair_has(&p, c, (int)x) || ev_pair_has(&p, (int)x, c) ||
		    (role == LOTS_SAME_REGION && !same) || (role == LOTS_OTHER_REGION && same) ||
		    (r->v[c].instruments & m) != m)
			continue;
		struct lots_candidate *o = &(*out)[(*n)++];
		util_strlcpy(o->code, r->v[c].code, sizeof o->code);
		lots_state_languages(s, o->code, o->languages, sizeof o->languages);
		common_words(o->languages, lx, o->common, sizeof o->common);
		o->load = p.load[c];
		o->cap = p.cap[c];
	}
	rc = LOTS_OK;
out:
	ev_prog_free(&p);
	ev_state_free(&e);
	return rc;
}
