/* events_order_check.c - the check of a meeting's requests for `draw
 * verify --db` (issue 12; R51, R237, C42; docs/draw.md "The order of
 * operations at a meeting", "Verification"): each request's hash from its
 * text, the list hash from them against the one published, the order
 * drawn again from the entropy, the ops and redraws the requests made in
 * that order, and nothing of the current draw held at the meeting that is
 * not one of its requests.  Split from events_order.c (lodging, closing,
 * applying), with which it shares events_order_int.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/events.h"
#include "lots/events_order_int.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* The hash of redraw seq of draw (lots_redraws), into out ("" if none). */
static void redraw_hash(struct store *s, int64_t draw, int seq, char out[65])
{
	struct store_stmt *st = store_prepare(s, "SELECT hash FROM lots_redraws WHERE draw_id = ? "
					      "AND seq = ?");
	out[0] = '\0';
	if (st) {
		store_bind_int(st, 1, draw);
		store_bind_int(st, 2, seq);
		if (store_step(st) == STORE_ROW)
			util_strlcpy(out, lots_order_col(st, 0), 65);
	}
	store_finalize(st);
}

static const struct rq *made_by(const struct rq *v, size_t n, const char *kind, int64_t draw,
				int seq)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].status_applied && !strcmp(v[i].rkind, kind) && v[i].rdraw == draw &&
		    v[i].rseq == seq)
			return &v[i];
	return NULL;
}

/* One meeting with requests: the list, the order, what it made. */
static int check_meeting(struct store *s, const char *ref, int64_t cur, struct buf *rep)
{
	struct mtg m;
	struct rq *v = NULL;
	size_t n = 0;
	int bad = 0;
	if (lots_order_meeting_load(s, ref, &m) != 1 || lots_order_requests_load(s, ref, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char rh[65];
		lots_order_request_hash(ref, v[i].seq, v[i].body, rh);
		if (strcmp(rh, v[i].hash)) {
			buf_printf(rep, "order: meeting %s request %d: its hash does not match its "
				   "text\n", ref, v[i].seq);
			bad++;
		}
	}
	char h[65];
	lots_order_list_hash(ref, v, n, h);
	if (m.closed && strcmp(h, m.hash)) {
		buf_printf(rep, "order: meeting %s: its requests are not the list %s closed\n", ref,
			   m.hash);
		bad++;
	}
	int done = 0;
	for (size_t i = 0; i < n; i++)
		done += !v[i].pending;
	if (done && !m.applied) {
		buf_printf(rep, "order: meeting %s: requests applied before the order was drawn\n", ref);
		bad++;
	}
	if (m.applied) {
		int *stored = xreallocarray(NULL, n ? n : 1, sizeof *stored);
		for (size_t i = 0; i < n; i++)
			stored[i] = v[i].order;
		lots_order_draw(v, n, &m);
		for (size_t i = 0; i < n; i++)
			if (!v[i].pending && (stored[i] != v[i].order || v[i].order > done)) {
				buf_printf(rep, "order: meeting %s request %d was applied %d., the drawn "
					   "order puts it %d.\n", ref, v[i].seq, stored[i], v[i].order);
				bad++;
			}
		free(stored);
		/* What the requests made came in that order: the ops and the
		 * redraws of one draw in the order's sequence, each op on the
		 * draw's chain as the redraws before it left it. */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++)
				if (v[i].status_applied && v[j].status_applied && v[i].order < v[j].order &&
				    !strcmp(v[i].rkind, v[j].rkind) && v[i].rdraw == v[j].rdraw &&
				    v[i].rseq >= v[j].rseq) {
					buf_printf(rep, "order: meeting %s: %s %d (request %d) came after "
						   "%s %d (request %d), against the drawn order\n", ref,
						   v[i].rkind, v[i].rseq, v[i].seq, v[j].rkind, v[j].rseq,
						   v[j].seq);
					bad++;
				}
		for (size_t i = 0; i < n; i++) {
			if (!v[i].status_applied || strcmp(v[i].rkind, "op") || v[i].rdraw != cur)
				continue;
			const struct rq *last = NULL;
			for (size_t j = 0; j < n; j++)
				if (v[j].status_applied && !strcmp(v[j].rkind, "redraw") &&
				    v[j].rdraw == cur && v[j].order < v[i].order &&
				    (!last || v[j].order > last->order))
					last = &v[j];
			if (!last)
				continue;
			char want[65], got[65] = "";
			redraw_hash(s, cur, last->rseq, want);
			struct store_stmt *st = store_prepare(s, "SELECT base_head FROM lots_ops WHERE "
							      "draw_id = ? AND seq = ?");
			if (st) {
				store_bind_int(st, 1, cur);
				store_bind_int(st, 2, v[i].rseq);
				if (store_step(st) == STORE_ROW)
					util_strlcpy(got, lots_order_col(st, 0), sizeof got);
			}
			store_finalize(st);
			if (strcmp(want, got)) {
				buf_printf(rep, "order: meeting %s: op %d (request %d) was not made after "
					   "redraw %d (request %d), which the drawn order puts first\n", ref,
					   v[i].rseq, v[i].seq, last->rseq, last->seq);
				bad++;
			}
		}
	}
	/* Nothing is run directly at a meeting that takes requests. */
	struct store_stmt *st = store_prepare(s, "SELECT seq FROM lots_ops WHERE draw_id = ? AND "
					      "meeting = ? ORDER BY seq");
	if (st) {
		store_bind_int(st, 1, cur);
		store_bind_text(st, 2, ref);
		while (store_step(st) == STORE_ROW) {
			int seq = (int)store_col_int(st, 0);
			if (!made_by(v, n, "op", cur, seq)) {
				buf_printf(rep, "order: op %d was held at meeting %s but is none of its "
					   "requests\n", seq, ref);
				bad++;
			}
		}
	}
	store_finalize(st);
	st = store_prepare(s, "SELECT inputs FROM lots_events WHERE draw_id = ? AND kind = 'redraw' "
			   "ORDER BY seq");
	if (st) {
		store_bind_int(st, 1, cur);
		while (store_step(st) == STORE_ROW) {
			json_t *in = json_loads(lots_order_col(st, 0), 0, NULL);
			const char *mt = lots_order_jstr(in, "meeting");
			int seq = (int)json_integer_value(json_object_get(in, "seq"));
			if (mt && !strcmp(mt, ref) && !made_by(v, n, "redraw", cur, seq)) {
				buf_printf(rep, "order: redraw %d was held at meeting %s but is none of "
					   "its requests\n", seq, ref);
				bad++;
			}
			json_decref(in);
		}
	}
	store_finalize(st);
	lots_order_requests_free(v, n);
	return bad;
}

/* Meetings of the current draw where more than one operation was run
 * directly (no requests): their order was chosen by whoever ran them.
 * Said, not counted (docs/draw.md). */
static void note_direct(struct store *s, int64_t cur, struct buf *report)
{
	json_t *per = json_object();   /* meeting -> count */
	struct store_stmt *st = store_prepare(s, "SELECT meeting FROM lots_ops WHERE draw_id = ? "
					      "AND meeting NOT IN (SELECT meeting FROM lots_requests)");
	if (st) {
		store_bind_int(st, 1, cur);
		while (store_step(st) == STORE_ROW) {
			json_t *c = json_object_get(per, lots_order_col(st, 0));
			json_object_set_new(per, lots_order_col(st, 0),
					    json_integer(c ? json_integer_value(c) + 1 : 1));
		}
	}
	store_finalize(st);
	st = store_prepare(s, "SELECT inputs FROM lots_events WHERE draw_id = ? AND kind = 'redraw'");
	if (st) {
		store_bind_int(st, 1, cur);
		while (store_step(st) == STORE_ROW) {
			json_t *in = json_loads(lots_order_col(st, 0), 0, NULL);
			const char *mt = lots_order_jstr(in, "meeting");
			struct store_stmt *q = mt ? store_prepare(s, "SELECT 1 FROM lots_requests WHERE "
								 "meeting = ?") : NULL;
			int has = 0;
			if (q) {
				store_bind_text(q, 1, mt);
				has = store_step(q) == STORE_ROW;
			}
			store_finalize(q);
			if (mt && !has) {
				json_t *c = json_object_get(per, mt);
				json_object_set_new(per, mt, json_integer(c ? json_integer_value(c) + 1 : 1));
			}
			json_decref(in);
		}
	}
	store_finalize(st);
	const char *k;
	json_t *v;
	json_object_foreach(per, k, v)
		if (json_integer_value(v) > 1)
			buf_printf(report, "note: meeting %s: %lld operations run directly, in the "
				   "order chosen by whoever ran them (no requests were lodged)\n", k,
				   (long long)json_integer_value(v));
	json_decref(per);
}

int lots_requests_check(struct store *s, struct buf *report)
{
	struct store_stmt *st = store_prepare(s, "SELECT DISTINCT meeting FROM lots_requests "
					      "ORDER BY meeting");
	if (!st)
		return -1;
	char **refs = NULL;
	size_t n = 0;
	while (store_step(st) == STORE_ROW) {
		refs = xreallocarray(refs, n + 1, sizeof *refs);
		refs[n++] = xstrdup(lots_order_col(st, 0));
	}
	store_finalize(st);
	int64_t cur = 0;
	st = store_prepare(s, "SELECT id FROM lots_draws WHERE status = 'current'");
	if (st && store_step(st) == STORE_ROW)
		cur = store_col_int(st, 0);
	store_finalize(st);
	int bad = 0;
	if (cur > 0)
		note_direct(s, cur, report);
	for (size_t i = 0; i < n; i++) {
		int b = check_meeting(s, refs[i], cur, report);
		bad = b < 0 || bad < 0 ? -1 : bad + b;
		free(refs[i]);
	}
	free(refs);
	return bad;
}
