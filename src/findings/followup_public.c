/* followup_public.c - progress reports uploaded to the public part (issue
 * 10, disc; B18 "Follow-up progress info": public "if uploaded to public
 * part"; R104, R118).  See followup.h.  Who may upload and who reads are
 * access/'s (ACCESS_FOLLOWUP_EDIT, ACCESS_PROGRESS_REPORT_READ). */
#include "findings/followup.h"

#include <string.h>

#include "findings/findings_int.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"


int followup_report_publish(struct store *s, const char *reviewed, int phase, int64_t report,
			    int64_t by_id, const char *by, char *err, size_t errlen)
{
	struct findings_row row;
	char now[32];
	int rc = -1;
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	int r = findings_list_row(s, reviewed, phase, &row);
	if (r < 0)
		goto fail;
	struct store_stmt *st = store_prepare(
		s, "SELECT (SELECT COUNT(*) FROM followup_public p WHERE p.report = f.id) FROM "
		   "followup_reports f WHERE f.id = ? AND f.list_id = ?");
	if (!st)
		goto fail;
	store_bind_int(st, 1, report);
	store_bind_int(st, 2, r > 0 ? row.id : -1);
	int step = store_step(st), already = step == STORE_ROW && store_col_int(st, 0) > 0;
	store_finalize(st);
	if (step == STORE_DONE) {
		msg_set(err, errlen, N_("no progress report %lld in the follow-up of %s for phase %d"),
			(long long)report, reviewed, phase);
		store_rollback(s);
		return -3;
	}
	if (step != STORE_ROW)
		goto fail;
	if (!already) {
		util_now_iso(now, sizeof now);
		st = store_prepare(s, "INSERT INTO followup_public (report, by_id, by_whom, at) "
				      "VALUES (?, ?, ?, ?)");
		if (!st)
			goto fail;
		store_bind_int(st, 1, report);
		store_bind_int(st, 2, by_id);
		store_bind_text(st, 3, by ? by : "");
		store_bind_text(st, 4, now);
		step = store_step(st);
		store_finalize(st);
		if (step != STORE_DONE)
			goto fail;
	}
	if (store_commit(s) < 0)
		goto fail;
	return 0;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	return rc;
}

json_t *followup_public_reports(struct store *s, const char *reviewed)
{
	struct store_stmt *st = store_prepare(
		s, "SELECT f.id, l.phase, f.body, f.at, p.at FROM followup_public p "
		   "JOIN followup_reports f ON f.id = p.report JOIN obs_lists l ON l.id = f.list_id "
		   "WHERE l.reviewed = ? ORDER BY f.id");
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
