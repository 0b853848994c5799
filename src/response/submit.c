/* submit.c - see submit.h. */
#include "response/submit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "response/response_int.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static long days_from_civil(int y, int m, int d)
{
	/* H. Hinnant's algorithm: days since 1970-01-01. */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long response_days_between(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;
	if (sscanf(a, "%4d-%2d-%2d", &ya, &ma, &da) != 3 || sscanf(b, "%4d-%2d-%2d", &yb, &mb, &db) != 3)
		return 0;
	return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

static void today_of(const char *today, char out[11])
{
	if (today) {
		snprintf(out, 11, "%.10s", today);
		return;
	}
	char now[32];
	util_now_iso(now, sizeof now);
	snprintf(out, 11, "%.10s", now);
}

void response_status_free(struct response_status *st)
{
	if (st) {
		free(st->note);
		st->note = NULL;
	}
}

int response_status_get(struct store *s, const struct response_review *rv, const char *today,
			struct response_status *out)
{
	char day[11];
	memset(out, 0, sizeof *out);
	out->note = xstrdup("");
	today_of(today, day);
	struct store_stmt *st = store_prepare_cached(s, "SELECT MIN(deadline), COUNT(*) FROM "
						     "response_questionnaires WHERE reviewed = ? "
						     "AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	int r = store_step(st);
	if (r == STORE_ROW && store_col_int(st, 1) > 0) {
		out->opened = 1;
		util_strlcpy(out->deadline, store_col_text(st, 0), sizeof out->deadline);
	}
	store_finalize(st);
	if (r != STORE_ROW)
		return -1;
	st = store_prepare_cached(s, "SELECT submitted_at, submitted_by, note, COALESCE(note_at, '') "
				  "FROM response_submissions WHERE reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	r = store_step(st);
	if (r == STORE_ROW) {
		out->submitted = 1;
		util_strlcpy(out->submitted_at, store_col_text(st, 0), sizeof out->submitted_at);
		util_strlcpy(out->submitted_by, store_col_text(st, 1), sizeof out->submitted_by);
		free(out->note);
		out->note = xstrdup(store_col_text(st, 2));
		util_strlcpy(out->note_at, store_col_text(st, 3), sizeof out->note_at);
	}
	store_finalize(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return -1;
	if (out->opened) {
		out->days_left = response_days_between(day, out->deadline);
		out->overdue = out->days_left < 0 && !out->submitted;
	}
	return 0;
}

enum response_rc response_submit(struct store *s, const struct response_review *rv,
				 const struct response_qns *q, const char *const *reviewers,
				 size_t nreviewers, const char *who, char *err, size_t errlen)
{
	struct response_status stt;
	struct response_completion *c = NULL;
	size_t nc = 0;
	enum response_rc rc = RESPONSE_ERROR;
	char now[32];
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return RESPONSE_ERROR;
	}
	if (response_status_get(s, rv, NULL, &stt) < 0)
		goto fail_store;
	if (!stt.opened || q->n == 0) {
		msg_set(err, errlen, N_("the questionnaire of %s for phase %d is not open"), rv->reviewed,
			 rv->phase);
		rc = RESPONSE_CLOSED;
		goto fail;
	}
	if (stt.submitted) {
		msg_set(err, errlen, N_("the responses of %s for phase %d were already submitted on %s "
			 "by %s: a review's responses are submitted once"), rv->reviewed, rv->phase,
			 stt.submitted_at, stt.submitted_by);
		rc = RESPONSE_CLOSED;
		goto fail;
	}
	if (response_completion(s, rv, q, &c, &nc) < 0)
		goto fail_store;
	for (size_t i = 0; i < nc; i++)
		if (!c[i].complete) {
			msg_set(err, errlen, N_("the questionnaire is not complete: %s has %d of %d "
				 "questions answered; every question that applies must be answered "
				 "before submission"), c[i].instrument, c[i].answered, c[i].due);
			rc = RESPONSE_BAD;
			goto fail;
		}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO response_submissions (reviewed, phase, "
					      "submitted_at, submitted_by) VALUES (?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	store_bind_text(st, 3, now);
	store_bind_text(st, 4, who);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		goto fail_store;
	if (phase_review_move_tx(s, rv->reviewed, rv->phase, PHASE_RESPONSES, who,
				 "responses submitted", err, errlen) < 0)
		goto fail;
	struct response_notice own = {
		N_("Responses submitted"),
		N_("Your State's responses to the self-assessment questionnaire were submitted to "
		   "its reviewing States."), rv->reviewed, rv->phase, NULL };
	struct response_notice rev = {
		N_("Responses received"),
		N_("The responses of the State you review were submitted: you can read them in "
		   "the secure module."), rv->reviewed, rv->phase, NULL };
	struct response_notice sec = {
		N_("Responses received"),
		N_("The responses of a State under review were submitted: they can be read in the "
		   "secure module."), rv->reviewed, rv->phase, NULL };
	if (response_notify(s, rv->reviewed, "focal_point", &own) < 0)
		goto fail_store;
	for (size_t i = 0; i < nreviewers; i++)
		if (response_notify(s, reviewers[i], "focal_point", &rev) < 0)
			goto fail_store;
	if (response_notify_secretariat(s, &sec) < 0)
		goto fail_store;
	if (store_commit(s) < 0)
		goto fail_store;
	rc = RESPONSE_OK;
	goto out;
fail_store:
	msg_internal(err, errlen, store_errmsg(s));
	rc = RESPONSE_ERROR;
fail:
	store_rollback(s);
out:
	response_status_free(&stt);
	response_completion_free(c, nc);
	return rc;
}

enum response_rc response_note_set(struct store *s, const struct response_review *rv,
				   const char *note, const char *who, char *err, size_t errlen)
{
	/* b18x: before submission every note is refused as such (409 on the
	 * page and the API alike), whatever its text. */
	struct store_stmt *q = store_prepare(s, "SELECT COUNT(*) FROM response_submissions WHERE "
					     "reviewed = ? AND phase = ?");
	if (!q) {
		msg_internal(err, errlen, store_errmsg(s));
		return RESPONSE_ERROR;
	}
	store_bind_text(q, 1, rv->reviewed);
	store_bind_int(q, 2, rv->phase);
	int qr = store_step(q);
	int64_t submitted = qr == STORE_ROW ? store_col_int(q, 0) : 0;
	store_finalize(q);
	if (qr != STORE_ROW) {
		msg_internal(err, errlen, store_errmsg(s));
		return RESPONSE_ERROR;
	}
	if (!submitted) {
		msg_set(err, errlen, N_("a note on the experience of answering is added after the "
			 "responses are submitted (para 42)"));
		return RESPONSE_CLOSED;
	}
	long n = note ? util_utf8_len(note) : -1;
	if (n < 1 || n > 4000) {
		msg_set(err, errlen, N_("the note must be a text of 1 to 4000 characters"));
		return RESPONSE_BAD;
	}
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "UPDATE response_submissions SET note = ?, "
					      "note_at = ?, note_by = ? WHERE reviewed = ? AND "
					      "phase = ?");
	if (!st) {
		msg_internal(err, errlen, store_errmsg(s));
		return RESPONSE_ERROR;
	}
	store_bind_text(st, 1, note);
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, who);
	store_bind_text(st, 4, rv->reviewed);
	store_bind_int(st, 5, rv->phase);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE) {
		msg_internal(err, errlen, store_errmsg(s));
		return RESPONSE_ERROR;
	}
	if (store_changes(s) != 1) {
		msg_set(err, errlen, N_("a note on the experience of answering is added after the "
			 "responses are submitted (para 42)"));
		return RESPONSE_CLOSED;
	}
	return RESPONSE_OK;
}

/* One reminder of kind for (reviewed, phase), if not sent yet.  Returns 1
 * sent, 0 already sent, -1 error.  In the caller's transaction. */
static int remind_one(struct store *s, const char *reviewed, int phase, const char *kind,
		      const char *deadline, const char *now)
{
	struct store_stmt *st = store_prepare(s, "INSERT INTO response_reminders (reviewed, phase, "
					      "kind, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT "
					      "(reviewed, phase, kind) DO NOTHING");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, now);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		return -1;
	if (store_changes(s) != 1)
		return 0;
	int overdue = !strcmp(kind, "overdue");
	struct response_notice own = {
		overdue ? N_("Responses overdue") : N_("Reminder: responses due"),
		overdue ? N_("The deadline for your State's responses to the self-assessment "
			     "questionnaire has passed.")
			: N_("Your State's responses to the self-assessment questionnaire are due "
			     "by the date below."), reviewed, phase, deadline };
	struct response_notice sec = {
		N_("Responses overdue"),
		N_("The deadline for a State's responses to the self-assessment questionnaire has "
		   "passed."), reviewed, phase, deadline };
	if (response_notify(s, reviewed, "focal_point", &own) < 0)
		return -1;
	if (overdue && response_notify_secretariat(s, &sec) < 0)
		return -1;
	return 1;
}

int response_remind(struct store *s, const char *today, char *err, size_t errlen)
{
	char day[11], now[32];
	int sent = 0;
	today_of(today, day);
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	struct store_stmt *st = store_prepare(s, "SELECT q.reviewed, q.phase, MIN(q.deadline) FROM "
					      "response_questionnaires q WHERE NOT EXISTS (SELECT 1 "
					      "FROM response_submissions r WHERE r.reviewed = "
					      "q.reviewed AND r.phase = q.phase) GROUP BY q.reviewed, "
					      "q.phase ORDER BY q.reviewed, q.phase");
	if (!st)
		goto fail;
	/* Collected first: the notices are written by other statements. */
	struct due { char reviewed[4], deadline[11]; int phase; } *list = NULL;
	size_t n = 0;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		list = xreallocarray(list, n + 1, sizeof *list);
		util_strlcpy(list[n].reviewed, store_col_text(st, 0), sizeof list[n].reviewed);
		list[n].phase = (int)store_col_int(st, 1);
		util_strlcpy(list[n].deadline, store_col_text(st, 2), sizeof list[n].deadline);
		n++;
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		free(list);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		long left = response_days_between(day, list[i].deadline);
		const char *kind = left < 0 ? "overdue" : left <= 7 ? "d7" : left <= 30 ? "d30" : NULL;
		if (!kind)
			continue;
		int k = remind_one(s, list[i].reviewed, list[i].phase, kind, list[i].deadline, now);
		if (k < 0) {
			free(list);
			goto fail;
		}
		sent += k;
	}
	free(list);
	if (store_commit(s) < 0)
		goto fail;
	return sent;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	return -1;
}
