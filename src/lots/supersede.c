/* supersede.c - when a new draw may replace the programme in force, and
 * which hand-typed seeds are refused (probe s8 F21, F12; issue 12; paras
 * 21, 28 d-e, 30, 37; R46, R51).
 *
 * A draw that supersedes the one in force gives every review new
 * reviewers.  Once a review has begun, the reviewers of the draw in force
 * have read its answers, written in its dialogue, agreed its list or
 * summary: a new draw would hand that record to States the reviewed State
 * never dealt with and take it from the ones it did.  So a supersede is
 * refused as soon as any review of the draw in force has begun; a reviewer
 * is then replaced by a redraw (paras 28 d-e, 30), and the reviews not
 * begun are drawn as their own drawing events (docs/draw.md "Replacing the
 * programme in force"). */
#include <stdio.h>
#include <string.h>

#include "lots/lots.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

/* A review (State reviewed in the draw in force) has begun when any of
 * these exists for it: a phase state past not_started, an answer saved, a
 * dialogue thread, a list of observations, a summary.  Each is written
 * only by the review's own modules, and none is ever deleted. */
#define BEGUN_WHERE \
	"FROM lots_reviews r WHERE r.draw_id = ? AND (" \
	"EXISTS (SELECT 1 FROM review_phase_states p WHERE p.reviewed = r.reviewed " \
	"AND p.state <> 'not_started') " \
	"OR EXISTS (SELECT 1 FROM responses a WHERE a.reviewed = r.reviewed) " \
	"OR EXISTS (SELECT 1 FROM archive_threads t WHERE t.reviewed = r.reviewed) " \
	"OR EXISTS (SELECT 1 FROM obs_lists l WHERE l.reviewed = r.reviewed) " \
	"OR EXISTS (SELECT 1 FROM summaries m WHERE m.reviewed = r.reviewed))"

int lots_db_reviews_begun(struct store *s, int64_t draw_id, char first[8])
{
	struct store_stmt *st = store_prepare(s,
		"SELECT COUNT(DISTINCT r.reviewed), COALESCE(MIN(r.reviewed), '') " BEGUN_WHERE);
	int64_t n = -1;
	if (first)
		first[0] = '\0';
	if (st) {
		store_bind_int(st, 1, draw_id);
		if (store_step(st) == STORE_ROW) {
			n = store_col_int(st, 0);
			if (first)
				util_strlcpy(first, store_col_text(st, 1), 8);
		}
	}
	store_finalize(st);
	return n < 0 ? -1 : n > 1000000 ? 1000000 : (int)n;
}

int lots_db_supersede_check(struct store *s, int supersede, char *err, size_t errlen)
{
	struct store_stmt *st = store_prepare(s, "SELECT id FROM lots_draws WHERE status = 'current'");
	int64_t cur = -1;
	if (st) {
		int r = store_step(st);
		cur = r == STORE_ROW ? store_col_int(st, 0) : r == STORE_DONE ? 0 : -1;
	}
	store_finalize(st);
	if (cur < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return LOTS_EINPUT;
	}
	if (cur == 0)
		return LOTS_OK;
	if (!supersede) {
		msg_set(err, errlen, N_("a drawing of lots is already stored (draw %lld); give "
			 "--supersede to replace it (the old draw is kept as superseded)"),
			 (long long)cur);
		return LOTS_EEXISTS;
	}
	char first[8];
	int n = lots_db_reviews_begun(s, cur, first);
	if (n < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return LOTS_EINPUT;
	}
	if (n > 0) {
		msg_set(err, errlen, N_("supersede: %d review(s) of the programme in force (draw %lld) "
			 "have begun, the first of %s; a new draw would give them to other reviewers, "
			 "so nothing was drawn. Replace a reviewer by a redraw (paras 28 d and e, 30), "
			 "and draw the reviews not yet begun as their own drawing events"),
			n, (long long)cur, first);
		return LOTS_EEXISTS;
	}
	return LOTS_OK;
}

int lots_seed_weak(const unsigned char seed[32])
{
	unsigned char seen[256] = { 0 };
	int distinct = 0;
	for (int i = 0; i < 32; i++)
		if (!seen[seed[i]]++)
			distinct++;
	return distinct < LOTS_SEED_MIN_DISTINCT;
}
