/* events_history.c - the check of the current draw's document against
 * its stored event log (lots_db_check_history, lots.h; issue 12, "a
 * history that cannot be rewritten"): every redraw row in order, the
 * decisions cited, the last event's output.  Moved out of lots_store.c,
 * which writes that log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"

static int decision_exists(struct store *s, const char *ref)
{
	struct store_stmt *st = store_prepare(s, "SELECT 1 FROM lots_decisions WHERE ref = ?");
	int found = 0;
	if (st) {
		store_bind_text(st, 1, ref);
		found = store_step(st) == STORE_ROW;
	}
	store_finalize(st);
	return found;
}

static const char *col_or_empty(struct store_stmt *st, int i)
{
	const char *t = store_col_text(st, i);
	return t ? t : "";
}

int lots_db_check_history(struct store *s, struct buf *report)
{
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], err[512], *json = NULL;
	int64_t draw_id;
	int n = -1;
	struct store_stmt *st = NULL;
	if (lots_db_load_current(s, &draw_id, &r, sha, &json, err, sizeof err) != LOTS_OK ||
	    lots_draw_from_json(json, &r, &d, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "%s\n", err);
		goto out;
	}
	n = 0;
	st = store_prepare(s, "SELECT seq, reviewed, old_reviewer, new_reviewer, requested_by, "
			   "reason, counted, note, decision, hash FROM lots_redraws WHERE draw_id = ? "
			   "ORDER BY id");
	if (!st) {
		buf_printf(report, "database: %s\n", store_errmsg(s));
		n = -1;
		goto out;
	}
	store_bind_int(st, 1, draw_id);
	size_t i = 0;
	while (store_step(st) == STORE_ROW) {
		if (i >= d.nredraws) {
			buf_printf(report, "history: the store records redraw %lld, which the document "
				   "lacks (history rolled back)\n", (long long)store_col_int(st, 0));
			n++;
			i++;
			continue;
		}
		const struct lots_redraw *w = &d.redraws[i];
		const char *note = store_col_text(st, 7), *dec = store_col_text(st, 8);
		if (store_col_int(st, 0) != w->seq ||
		    strcmp(col_or_empty(st, 1), r.v[w->reviewed].code) ||
		    strcmp(col_or_empty(st, 2), r.v[w->old_state].code) ||
		    strcmp(col_or_empty(st, 3), r.v[w->new_state].code) ||
		    strcmp(col_or_empty(st, 4), r.v[w->requested_by].code) ||
		    strcmp(col_or_empty(st, 5), lots_reason_code(w->reason)) ||
		    store_col_int(st, 6) != (w->reason < LOTS_REASON_EXCEPTIONAL) ||
		    strcmp(note ? note : "", w->note ? w->note : "") ||
		    strcmp(dec ? dec : "", w->decision ? w->decision : "") ||
		    strcmp(col_or_empty(st, 9), w->hash)) {
			buf_printf(report, "history: redraws[%zu] differs from the stored redraw %d "
				   "(request, reason, counted flag, note, decision or hash)\n", i,
				   w->seq);
			n++;
		}
		if (w->decision && !decision_exists(s, w->decision)) {
			buf_printf(report, "history: redraws[%zu] cites decision '%s', which is not "
				   "recorded\n", i, w->decision);
			n++;
		}
		i++;
	}
	if (i < d.nredraws) {
		buf_printf(report, "history: the document has %zu redraws, the store %zu\n",
			   d.nredraws, i);
		n++;
	}
	store_finalize(st);
	/* The last event's output is the document in force. */
	st = store_prepare(s, "SELECT output FROM lots_events WHERE draw_id = ? ORDER BY seq DESC");
	if (st) {
		store_bind_int(st, 1, draw_id);
		if (store_step(st) != STORE_ROW || strcmp(col_or_empty(st, 0), json) != 0) {
			buf_printf(report, "history: the document is not the output of the last "
				   "stored drawing event\n");
			n++;
		}
	}
out:
	store_finalize(st);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	return n;
}
