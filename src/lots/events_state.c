/* events_state.c - the programme as the store holds it: the current draw,
 * the parties now and the op documents made on it (the state an op is run
 * on and checked against, events_int.h), and the lists the pages and the
 * CLI show (the ops with their summaries, what is still open, para 29,
 * R60).  Split from events_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/events_int.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

void ev_state_free(struct ev_state *e)
{
	roster_free(&e->r);
	lots_draw_free(&e->d);
	free(e->json);
	free(e->cur_csv);
	for (size_t i = 0; i < e->nops; i++)
		json_decref(e->ops[i]);
	free(e->ops);
	memset(e, 0, sizeof *e);
}

/* The parties as the store holds them now, as the roster CSV a draw is
 * made from (malloc'd). */
static char *parties_now(struct store *s, char *err, size_t errlen)
{
	struct roster dbr = { 0 };
	struct buf csv = { 0 };
	if (roster_load_db(s, &dbr, err, errlen) < 0)
		return NULL;
	roster_write_csv(&dbr, &csv);
	roster_free(&dbr);
	char *t = xstrdup(buf_str(&csv));
	buf_free(&csv);
	return t;
}

static int ops_load(struct store *s, int64_t draw_id, json_t ***ops, size_t *n, char *err,
		    size_t errlen)
{
	*ops = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(s, "SELECT output FROM lots_ops WHERE draw_id = ? "
					      "ORDER BY seq");
	if (!st)
		return ev_db_fail(s, err, errlen, "lots_ops");
	store_bind_int(st, 1, draw_id);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		json_t *j = json_loads(store_col_text(st, 0), 0, NULL);
		if (!j) {
			store_finalize(st);
			msg_set(err, errlen, N_("lots_ops: op %zu of draw %lld is not JSON"), *n + 1,
				 (long long)draw_id);
			return LOTS_EINPUT;
		}
		*ops = xreallocarray(*ops, *n + 1, sizeof **ops);
		(*ops)[(*n)++] = j;
	}
	store_finalize(st);
	return r == STORE_DONE ? LOTS_OK : ev_db_fail(s, err, errlen, "lots_ops");
}

int ev_state_load(struct store *s, struct ev_state *e, char *err, size_t errlen)
{
	char sha[65];
	memset(e, 0, sizeof *e);
	if (lots_db_load_current(s, &e->draw_id, &e->r, sha, &e->json, err, errlen) != LOTS_OK ||
	    lots_draw_from_json(e->json, &e->r, &e->d, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	if (!(e->cur_csv = parties_now(s, err, errlen)))
		return LOTS_EINPUT;
	return ops_load(s, e->draw_id, &e->ops, &e->nops, err, errlen);
}

int lots_ops_list(struct store *s, int64_t draw_id, struct lots_op_info **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (draw_id == 0) {
		struct store_stmt *st = store_prepare(s, "SELECT id FROM lots_draws WHERE status = "
						      "'current'");
		if (st && store_step(st) == STORE_ROW)
			draw_id = store_col_int(st, 0);
		store_finalize(st);
	}
	struct store_stmt *st = store_prepare(s, "SELECT seq, kind, meeting, created_at, run_by, "
					      "hash, output FROM lots_ops WHERE draw_id = ? ORDER BY seq");
	if (!st)
		return -1;
	store_bind_int(st, 1, draw_id);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		struct lots_op_info *o = &(*out)[(*n)++];
		memset(o, 0, sizeof *o);
		o->seq = (int)store_col_int(st, 0);
		util_strlcpy(o->kind, store_col_text(st, 1), sizeof o->kind);
		util_strlcpy(o->meeting, store_col_text(st, 2), sizeof o->meeting);
		util_strlcpy(o->created_at, store_col_text(st, 3), sizeof o->created_at);
		util_strlcpy(o->run_by, store_col_text(st, 4), sizeof o->run_by);
		util_strlcpy(o->hash, store_col_text(st, 5), sizeof o->hash);
		o->document = xstrdup(store_col_text(st, 6));
		json_t *d = json_loads(o->document, 0, NULL);
		o->summary = d ? ev_summary_of(d) : xstrdup("");
		json_decref(d);
	}
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

void lots_ops_list_free(struct lots_op_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].summary);
		free(v[i].document);
	}
	free(v);
}

int lots_ops_open(struct store *s, struct buf *out)
{
	struct ev_state e;
	struct ev_prog p;
	char err[512];
	int n = -1;
	if (ev_state_load(s, &e, err, sizeof err) != LOTS_OK ||
	    ev_prog_build(&p, e.cur_csv, &e.r, &e.d, e.ops, e.nops, err, sizeof err) != LOTS_OK) {
		ev_state_free(&e);
		return -1;
	}
	n = 0;
	for (size_t i = 0; i < p.nv; i++)
		n += ev_needs(&p, i, out);
	/* Para 29: a State that may review and reviews no one (a late party,
	 * or one whose only slot was redrawn) is drawn first next time. */
	for (size_t y = 0; y < p.cur.n; y++)
		if (p.load[y] == 0 && lots_int_may_review(&p.cur.v[y])) {
			buf_printf(out, "%s: reviews no State yet (para 29); it is drawn first for "
				   "the next slot it can take\n", p.cur.v[y].code);
			n++;
		}
	struct store_stmt *st = store_prepare(s, "SELECT c.reviewed, o.seq, c.reason FROM "
		"lots_carried c JOIN lots_ops o ON o.id = c.op_id WHERE c.draw_id = ? AND "
		"c.status = 'open' ORDER BY c.id");
	if (st) {
		store_bind_int(st, 1, e.draw_id);
		while (store_step(st) == STORE_ROW)
			buf_printf(out, "%s: carried at op %lld: %s\n", store_col_text(st, 0),
				   (long long)store_col_int(st, 1), store_col_text(st, 2));
	}
	store_finalize(st);
	ev_prog_free(&p);
	ev_state_free(&e);
	return n;
}

int lots_op_redraw_applies(struct store *s, const char *reviewed, const char *replace)
{
	struct ev_state e;
	struct ev_prog p = { 0 };
	char err[256];
	int yes = 0;
	if (ev_state_load(s, &e, err, sizeof err) == LOTS_OK && e.nops &&
	    ev_prog_build(&p, e.cur_csv, &e.r, &e.d, e.ops, e.nops, err, sizeof err) == LOTS_OK) {
		long x = roster_find(&p.cur, reviewed ? reviewed : "");
		long y = roster_find(&p.cur, replace ? replace : "");
		long dx = roster_find(&e.r, reviewed ? reviewed : "");
		long dy = roster_find(&e.r, replace ? replace : "");
		int in_prog = 0, in_doc = 0;
		if (x >= 0 && y >= 0 && p.rvi[x] >= 0)
			for (int k = 0; k < p.v[p.rvi[x]].n; k++)
				in_prog |= p.v[p.rvi[x]].s[k].st == y;
		for (size_t i = 0; dx >= 0 && dy >= 0 && i < e.d.nreviews; i++)
			if (e.d.reviews[i].reviewed == dx)
				for (int k = 0; k < e.d.reviews[i].n; k++)
					in_doc |= e.d.reviews[i].r[k].state == dy;
		yes = in_prog && !in_doc;
	}
	ev_prog_free(&p);
	ev_state_free(&e);
	return yes;
}
