/* events_meeting.c - the meetings every draw, redraw and drawing event is
 * held at (C42, R237; migration 0035): recorded with an audit entry,
 * listed, read, and required by the operations.  Split from
 * events_store.c (events_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "lots/events_int.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

int lots_meeting_add(struct store *s, const char *ref, const char *date, const char *title,
		     const char *by, const char *ip, char *err, size_t errlen)
{
	char now[32];
	if (!ref || !*ref || strlen(ref) > 255) {
		msg_const(err, errlen, N_("--ref: the meeting's reference (1 to 255 bytes)"));
		return LOTS_EINPUT;
	}
	if (!ev_is_date(date)) {
		msg_set(err, errlen, N_("--date: '%s' is not a date YYYY-MM-DD"), date ? date : "");
		return LOTS_EINPUT;
	}
	if (!title || !*title || strlen(title) > 255) {
		msg_const(err, errlen, N_("--title: the meeting's title (1 to 255 bytes)"));
		return LOTS_EINPUT;
	}
	if (ev_exists(s, "SELECT 1 FROM lots_meetings WHERE ref = ?", ref)) {
		msg_set(err, errlen, N_("--ref: meeting '%s' is already recorded"), ref);
		return LOTS_EINPUT;
	}
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK)
		return ev_db_fail(s, err, errlen, "begin");
	struct store_stmt *st = store_prepare(s, "INSERT INTO lots_meetings (ref, held_on, title, "
					      "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)");
	int ok = st != NULL;
	if (ok) {
		store_bind_text(st, 1, ref);
		store_bind_text(st, 2, date);
		store_bind_text(st, 3, title);
		store_bind_text(st, 4, by ? by : "-");
		store_bind_text(st, 5, now);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	char det[320];
	snprintf(det, sizeof det, "%s: %.200s", date, title);
	if (!ok || audit_log(s, by, ip, "draw.meeting", ref, det) < 0 ||
	    store_commit(s) != STORE_OK) {
		ev_db_fail(s, err, errlen, "lots_meetings");
		store_rollback(s);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

int lots_meeting_list(struct store *s, struct lots_meeting **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(s, "SELECT ref, held_on, title FROM lots_meetings "
					      "ORDER BY held_on DESC, ref");
	if (!st)
		return -1;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		struct lots_meeting *m = &(*out)[(*n)++];
		util_strlcpy(m->ref, store_col_text(st, 0), sizeof m->ref);
		util_strlcpy(m->held_on, store_col_text(st, 1), sizeof m->held_on);
		util_strlcpy(m->title, store_col_text(st, 2), sizeof m->title);
	}
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

int lots_meeting_get(struct store *s, const char *ref, struct lots_meeting *m)
{
	struct store_stmt *st = store_prepare(s, "SELECT ref, held_on, title FROM lots_meetings "
					      "WHERE ref = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, ref ? ref : "");
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1 && m) {
		util_strlcpy(m->ref, store_col_text(st, 0), sizeof m->ref);
		util_strlcpy(m->held_on, store_col_text(st, 1), sizeof m->held_on);
		util_strlcpy(m->title, store_col_text(st, 2), sizeof m->title);
	}
	store_finalize(st);
	return rc;
}

int lots_meeting_require(struct store *s, const char *ref, char *err, size_t errlen)
{
	if (!ref || !*ref) {
		msg_const(err, errlen, N_("--meeting: every draw and redraw is held at a recorded meeting "
			 "(C42): revmech draw meeting --db PATH --ref REF --date YYYY-MM-DD --title TEXT"));
		return LOTS_EINPUT;
	}
	int g = lots_meeting_get(s, ref, NULL);
	if (g == 1)
		return LOTS_OK;
	if (g < 0)
		return ev_db_fail(s, err, errlen, "lots_meetings");
	msg_set(err, errlen, N_("--meeting: no meeting '%.200s' is recorded (revmech draw meeting "
		 "--db PATH --ref REF --date YYYY-MM-DD --title TEXT)"), ref);
	return LOTS_EINPUT;
}
