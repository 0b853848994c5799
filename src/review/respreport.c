/* respreport.c - see respreport.h. */
#include "review/respreport.h"

#include <stdlib.h>
#include <string.h>

#include "response/response.h"
#include "response/submit.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

const char *respreport_status_name(int st)
{
	static const char *const names[RESPREPORT_STATUSES] = { "no_reply", "overdue", "responded",
								"late", "updated" };
	return st >= 0 && st < RESPREPORT_STATUSES ? names[st] : "?";
}

/* Whether an answer of reviewed's phase was saved after at, or a para 42
 * note added: 1, 0, -1 on a store error. */
static int updated_after(struct store *s, const char *reviewed, int phase, const char *at,
			 const char *note_at)
{
	if (note_at && *note_at)
		return 1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COUNT(*) FROM response_versions WHERE reviewed = ? AND phase = ? AND "
		"saved_at > ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, at);
	int r = store_step(st), rc = r == STORE_ROW ? store_col_int(st, 0) > 0 : -1;
	store_finalize(st);
	return rc;
}

/* The reviewers' clarification requests and supplementary questions of
 * reviewed's phase, and how many have a reply of the reviewed State. */
static int requests_of(struct store *s, const char *reviewed, int phase, long *asked,
		       long *replied)
{
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COUNT(*), COUNT(CASE WHEN EXISTS (SELECT 1 FROM dialogue_observations r "
		"WHERE r.reply_to = o.record AND r.part = 'reviewed') THEN 1 END) "
		"FROM dialogue_observations o WHERE o.reviewed = ? AND o.phase = ? AND "
		"o.part = 'reviewer' AND o.type IN ('clarification', 'supplementary_question')");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	int r = store_step(st);
	if (r == STORE_ROW) {
		*asked = (long)store_col_int(st, 0);
		*replied = (long)store_col_int(st, 1);
	}
	store_finalize(st);
	return r == STORE_ROW ? 0 : -1;
}

int respreport_load(struct store *s, const char *today, struct respreport *out)
{
	char day[11], now[32];
	size_t cap = 0;
	int step;
	memset(out, 0, sizeof *out);
	if (!today) {
		util_now_iso(now, sizeof now);
		today = now;
	}
	util_strlcpy(day, today, sizeof day);
	/* The reviews of the current draw with a questionnaire opened. */
	struct store_stmt *st = store_prepare(s,
		"SELECT DISTINCT q.reviewed, q.phase, r.year FROM response_questionnaires q "
		"JOIN lots_reviews r ON r.reviewed = q.reviewed JOIN lots_draws d ON d.id = r.draw_id "
		"AND d.status = 'current' ORDER BY r.year, q.phase, q.reviewed");
	if (!st)
		return -1;
	while ((step = store_step(st)) == STORE_ROW) {
		long y = (long)store_col_int(st, 2);
		int p = (int)store_col_int(st, 1);
		if (y < 1 || y > 3 || p < 1 || p > 4)
			continue;
		if (out->n == cap) {
			cap = cap ? 2 * cap : 32;
			out->rows = xreallocarray(out->rows, cap, sizeof *out->rows);
		}
		struct respreport_row *w = &out->rows[out->n++];
		memset(w, 0, sizeof *w);
		util_strlcpy(w->state, store_col_text(st, 0), sizeof w->state);
		w->cohort = (int)y;
		w->phase = p;
	}
	store_finalize(st);
	if (step != STORE_DONE)
		goto fail;
	for (size_t i = 0; i < out->n; i++) {
		struct respreport_row *w = &out->rows[i];
		struct response_review rv;
		struct response_status rs;
		int r = response_review_load(s, w->state, w->phase, &rv);
		if (r < 0)
			goto fail;
		if (r == 0)
			continue;
		if (response_status_get(s, &rv, day, &rs) < 0) {
			response_status_free(&rs);
			goto fail;
		}
		util_strlcpy(w->deadline, rs.deadline, sizeof w->deadline);
		if (!rs.submitted) {
			w->status = rs.overdue ? RESPREPORT_OVERDUE : RESPREPORT_NO_REPLY;
		} else {
			util_strlcpy(w->submitted_at, rs.submitted_at, sizeof w->submitted_at);
			int u = updated_after(s, w->state, w->phase, rs.submitted_at, rs.note_at);
			if (u < 0) {
				response_status_free(&rs);
				goto fail;
			}
			w->status = u ? RESPREPORT_UPDATED
				: rs.deadline[0] && strncmp(rs.submitted_at, rs.deadline, 10) > 0
				? RESPREPORT_LATE : RESPREPORT_RESPONDED;
		}
		response_status_free(&rs);
		if (requests_of(s, w->state, w->phase, &w->requests, &w->replied) < 0)
			goto fail;
		out->count[w->cohort - 1][w->phase - 1][w->status]++;
		if (w->requests) {
			out->asked[w->cohort - 1][w->phase - 1]++;
			if (w->replied == w->requests)
				out->answered[w->cohort - 1][w->phase - 1]++;
		}
	}
	return 0;
fail:
	respreport_free(out);
	return -1;
}

void respreport_free(struct respreport *r)
{
	free(r->rows);
	memset(r, 0, sizeof *r);
}

void respreport_csv(const struct respreport *r, struct buf *out)
{
	buf_puts(out, "cohort,phase,state,status,deadline,submitted_at,requests,replied\r\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct respreport_row *w = &r->rows[i];
		buf_printf(out, "%d,%d,", w->cohort, w->phase);
		buf_put_csv(out, w->state);
		buf_printf(out, ",%s,%s,%s,%ld,%ld\r\n", respreport_status_name(w->status),
			   w->deadline, w->submitted_at, w->requests, w->replied);
	}
}
