/* followup_public.c - progress reports uploaded to the public part (issue
 * 10, disc; B18 "Follow-up progress info": public "if uploaded to public
 * part"; R104, R118) and withdrawn from it (undo, migration 0045).  See
 * followup.h.  Who may upload or withdraw and who reads are access/'s
 * (ACCESS_FOLLOWUP_EDIT, ACCESS_PROGRESS_REPORT_READ).  Append-only: the
 * first upload is a row of followup_public, every later withdrawal or
 * upload a row of followup_public_changes; the latest says. */
#include "findings/followup.h"

#include <string.h>

#include "findings/findings_int.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

#define REASON_MAX 1000

/* Inside the caller's transaction: whether report is one of reviewed's
 * phase's reports (*found), uploaded once (*uploaded), and in the public
 * part now (*public).  0, or -1 on a store error. */
static int report_state(struct store *s, const char *reviewed, int phase, int64_t report,
			int *found, int *uploaded, int *public)
{
	struct findings_row row;
	*found = *uploaded = *public = 0;
	int r = findings_list_row(s, reviewed, phase, &row);
	if (r < 0)
		return -1;
	struct store_stmt *st = store_prepare(
		s, "SELECT (SELECT COUNT(*) FROM followup_public p WHERE p.report = f.id), "
		   FINDINGS_REPORT_PUBLIC("f.id") " FROM followup_reports f WHERE f.id = ? "
		   "AND f.list_id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, report);
	store_bind_int(st, 2, r > 0 ? row.id : -1);
	int step = store_step(st);
	if (step == STORE_ROW) {
		*found = 1;
		*uploaded = store_col_int(st, 0) > 0;
		*public = store_col_int(st, 1) > 0;
	}
	store_finalize(st);
	return step == STORE_ROW || step == STORE_DONE ? 0 : -1;
}

/* Inside the caller's transaction: one row of followup_public_changes. */
static int change(struct store *s, int64_t report, const char *kind, const char *note,
		  int64_t by_id, const char *by)
{
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO followup_public_changes (report, kind, note, by_id, by_whom, at) "
		   "VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, report);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, note);
	store_bind_int(st, 4, by_id);
	store_bind_text(st, 5, by ? by : "");
	store_bind_text(st, 6, now);
	int step = store_step(st);
	store_finalize(st);
	return step == STORE_DONE ? 0 : -1;
}

int followup_report_publish(struct store *s, const char *reviewed, int phase, int64_t report,
			    int64_t by_id, const char *by, char *err, size_t errlen)
{
	char now[32];
	int rc = -1, found, uploaded, public;
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	if (report_state(s, reviewed, phase, report, &found, &uploaded, &public) < 0)
		goto out;
	if (!found) {
		msg_set(err, errlen, N_("no progress report %lld in the follow-up of %s for phase %d"),
			(long long)report, reviewed, phase);
		rc = -3;
		goto out;
	}
	if (!uploaded) {
		util_now_iso(now, sizeof now);
		struct store_stmt *st = store_prepare(
			s, "INSERT INTO followup_public (report, by_id, by_whom, at) "
			   "VALUES (?, ?, ?, ?)");
		if (!st)
			goto out;
		store_bind_int(st, 1, report);
		store_bind_int(st, 2, by_id);
		store_bind_text(st, 3, by ? by : "");
		store_bind_text(st, 4, now);
		int step = store_step(st);
		store_finalize(st);
		if (step != STORE_DONE)
			goto out;
	} else if (!public && change(s, report, "upload", "", by_id, by) < 0) {
		/* Withdrawn earlier: put back, a new row (undo). */
		goto out;
	}
	if (store_commit(s) < 0)
		goto out;
	return 0;
out:
	if (rc == -1)
		msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	return rc;
}

/* Whether report may be withdrawn for the reason note, as
 * followup_report_withdraw() says; reads only (inside the caller's
 * transaction, if any).  0 or the refusal with err. */
static int judge(struct store *s, const char *reviewed, int phase, int64_t report,
		 const char *note, char *err, size_t errlen)
{
	int found, uploaded, public;
	if (!note || !*note || strlen(note) > REASON_MAX || util_utf8_len(note) < 0) {
		msg_const(err, errlen, N_("give the reason for withdrawing the report from the "
					  "public part: valid UTF-8 of at most 1,000 bytes"));
		return -2;
	}
	if (report_state(s, reviewed, phase, report, &found, &uploaded, &public) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	if (!found) {
		msg_set(err, errlen, N_("no progress report %lld in the follow-up of %s for phase %d"),
			(long long)report, reviewed, phase);
		return -3;
	}
	if (!public) {
		msg_const(err, errlen, uploaded
			  ? N_("the progress report has already been withdrawn from the public part")
			  : N_("the progress report is not in the public part: there is nothing to "
			       "withdraw"));
		return -4;
	}
	return 0;
}

int followup_report_withdraw_check(struct store *s, const char *reviewed, int phase,
				   int64_t report, const char *note, char *err, size_t errlen)
{
	return judge(s, reviewed, phase, report, note, err, errlen);
}

int followup_report_withdraw(struct store *s, const char *reviewed, int phase, int64_t report,
			     const char *note, int64_t by_id, const char *by, char *err,
			     size_t errlen)
{
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	int rc = judge(s, reviewed, phase, report, note, err, errlen);
	if (rc != 0)
		goto out;
	rc = -1;
	if (change(s, report, "withdraw", note, by_id, by) < 0 || store_commit(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		store_rollback(s);
	return rc;
}

int findings_public_history(struct store *s, json_t *reports)
{
	size_t i;
	json_t *v;
	/* The first upload, then every later change, oldest first. */
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT 0, 'upload', at, by_whom, '' FROM followup_public WHERE report = ? "
		   "UNION ALL SELECT id, kind, at, by_whom, note FROM followup_public_changes "
		   "WHERE report = ? ORDER BY 1");
	if (!st)
		return -1;
	json_array_foreach(reports, i, v) {
		json_int_t id = json_integer_value(json_object_get(v, "id"));
		json_t *h = json_array();
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, id);
		int step;
		while ((step = store_step(st)) == STORE_ROW)
			json_array_append_new(h, json_pack("{s:s,s:s,s:s,s:s}", "kind",
							   store_col_text(st, 1), "at",
							   store_col_text(st, 2), "by",
							   store_col_text(st, 3), "note",
							   store_col_text(st, 4)));
		json_object_set_new(v, "public_history", h);
		if (step != STORE_DONE) {
			store_finalize(st);
			return -1;
		}
		store_reset(st);
	}
	store_finalize(st);
	return 0;
}

json_t *followup_public_reports(struct store *s, const char *reviewed)
{
	/* public_at: the latest upload (a later one when it was put back). */
	struct store_stmt *st = store_prepare(
		s, "SELECT f.id, l.phase, f.body, f.at, COALESCE((SELECT c.at FROM "
		   "followup_public_changes c WHERE c.report = f.id ORDER BY c.id DESC LIMIT 1), "
		   "p.at) FROM followup_public p "
		   "JOIN followup_reports f ON f.id = p.report JOIN obs_lists l ON l.id = f.list_id "
		   "WHERE l.reviewed = ? AND " FINDINGS_REPORT_PUBLIC("f.id") " = 1 ORDER BY f.id");
	if (!st)
		return NULL;
	store_bind_text(st, 1, reviewed);
	json_t *out = json_array();
	int step;
	while ((step = store_step(st)) == STORE_ROW)
		json_array_append_new(out, json_pack("{s:I,s:i,s:s,s:s,s:s}", "id",
						     (json_int_t)store_col_int(st, 0), "phase",
						     (int)store_col_int(st, 1), "body",
						     store_col_text(st, 2), "at", store_col_text(st, 3),
						     "public_at", store_col_text(st, 4)));
	store_finalize(st);
	if (step != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}
