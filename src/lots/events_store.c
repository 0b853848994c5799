/* events_store.c - the operations on a programme kept in the store
 * (migration 0028_lots_events.sql; issue 12; C3, C5, C42, R60, R237):
 * the running of one op in one transaction with its audit entry (its
 * lots_ops row, the reviews, assignments and carried slots it changes),
 * its checks and its summary.  Ids are MAX(id)+1 inside the write
 * transaction, as lots_store.c does, on SQLite and PostgreSQL.  The
 * meetings are in events_meeting.c, the state an op is run on and the
 * lists the pages show in events_state.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "lots/events_int.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

int ev_db_fail(struct store *s, char *err, size_t errlen, const char *what)
{
	char d[600];
	/* "database:" starts it: lots_requests_apply tells a failure from a
	 * refusal by it. */
	snprintf(d, sizeof d, "database: %s: %s", what, store_errmsg(s));
	msg_internal(err, errlen, d);
	return LOTS_EINPUT;
}

int ev_is_date(const char *d)
{
	if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	return 1;
}

int ev_exists(struct store *s, const char *sql, const char *key)
{
	struct store_stmt *st = store_prepare(s, sql);
	int found = 0;
	if (st) {
		store_bind_text(st, 1, key);
		found = store_step(st) == STORE_ROW;
	}
	store_finalize(st);
	return found;
}

static int64_t scalar(struct store *s, const char *sql, int64_t a, const char *b)
{
	struct store_stmt *st = store_prepare(s, sql);
	int64_t v = -1;
	if (st) {
		store_bind_int(st, 1, a);
		if (b)
			store_bind_text(st, 2, b);
		if (store_step(st) == STORE_ROW)
			v = store_col_int(st, 0);
	}
	store_finalize(st);
	return v;
}

/* The earliest cohort none of whose phases has started (review/phase
 * writes cohort_phases), or 0 when all have. */
static int earliest_not_started(struct store *s)
{
	int started[LOTS_COHORTS + 1] = { 0 };
	struct store_stmt *st = store_prepare(s, "SELECT DISTINCT cohort FROM cohort_phases");
	while (st && store_step(st) == STORE_ROW) {
		int64_t c = store_col_int(st, 0);
		if (c >= 1 && c <= LOTS_COHORTS)
			started[c] = 1;
	}
	store_finalize(st);
	for (int c = 1; c <= LOTS_COHORTS; c++)
		if (!started[c])
			return c;
	return 0;
}

static const char *js(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

/* The assignment rows an op changes, inside its transaction. */
static int op_store_changes(struct store *s, int64_t draw_id, int64_t op_id, json_t *doc,
			 const char *now)
{
	int64_t ev = scalar(s, "SELECT MAX(id) FROM lots_events WHERE draw_id = ?", draw_id, NULL);
	size_t i;
	json_t *c;
	if (ev <= 0)
		return -1;
	json_array_foreach(json_object_get(doc, "changes"), i, c) {
		const char *act = js(c, "action"), *x = js(c, "reviewed"), *y = js(c, "reviewer");
		struct store_stmt *st;
		int ok;
		if (!strcmp(act, "review")) {
			st = store_prepare(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) "
					   "VALUES (?, ?, ?)");
			ok = st != NULL;
			if (ok) {
				store_bind_int(st, 1, draw_id);
				store_bind_text(st, 2, x);
				store_bind_int(st, 3, json_integer_value(json_object_get(c, "year")));
				ok = store_step(st) == STORE_DONE;
			}
			store_finalize(st);
			if (!ok)
				return -1;
			continue;
		}
		if (!strcmp(act, "withdraw") || !strcmp(act, "remove")) {
			/* C34: the rows are closed, never deleted (events_late.c). */
			st = store_prepare(s, !strcmp(act, "withdraw") ?
				"UPDATE lots_assignments SET status = 'withdrawn', valid_to = ? "
				"WHERE draw_id = ? AND reviewed = ? AND status = 'active'" :
				"UPDATE lots_assignments SET status = 'withdrawn', valid_to = ? "
				"WHERE draw_id = ? AND reviewed = ? AND status = 'active' AND "
				"reviewer = ?");
			ok = st != NULL;
			if (ok) {
				store_bind_text(st, 1, now);
				store_bind_int(st, 2, draw_id);
				store_bind_text(st, 3, x);
				if (strcmp(act, "withdraw"))
					store_bind_text(st, 4, y);
				ok = store_step(st) == STORE_DONE;
			}
			store_finalize(st);
			if (!ok)
				return -1;
			continue;
		}
		char role[16] = "", instr[64];
		int64_t slot = -1;
		util_strlcpy(instr, js(c, "instruments"), sizeof instr);
		const char *closed = !strcmp(act, "replace") ? js(c, "old") : y;
		if (!strcmp(act, "extend") || !strcmp(act, "replace")) {
			/* The active row is closed and one with the wider
			 * instruments, or the new reviewer, takes its slot (R65). */
			st = store_prepare(s, "SELECT slot, role, instruments FROM lots_assignments "
					   "WHERE draw_id = ? AND reviewed = ? AND reviewer = ? AND "
					   "status = 'active'");
			ok = st != NULL;
			if (ok) {
				store_bind_int(st, 1, draw_id);
				store_bind_text(st, 2, x);
				store_bind_text(st, 3, closed);
				ok = store_step(st) == STORE_ROW;
			}
			if (ok) {
				slot = store_col_int(st, 0);
				util_strlcpy(role, store_col_text(st, 1), sizeof role);
				unsigned m = ev_instr_parse(store_col_text(st, 2)) | ev_instr_parse(instr);
				if (strcmp(act, "replace"))
					ev_instr_text(m, instr, sizeof instr);
			}
			store_finalize(st);
			if (!ok)
				return -1;
			st = store_prepare(s, "UPDATE lots_assignments SET status = 'replaced', "
					   "valid_to = ? WHERE draw_id = ? AND reviewed = ? AND "
					   "reviewer = ? AND status = 'active'");
			ok = st != NULL;
			if (ok) {
				store_bind_text(st, 1, now);
				store_bind_int(st, 2, draw_id);
				store_bind_text(st, 3, x);
				store_bind_text(st, 4, closed);
				ok = store_step(st) == STORE_DONE;
			}
			store_finalize(st);
			if (!ok)
				return -1;
		} else {
			util_strlcpy(role, js(c, "role"), sizeof role);
			slot = scalar(s, "SELECT COALESCE(MAX(slot), -1) + 1 FROM lots_assignments "
				      "WHERE draw_id = ? AND reviewed = ?", draw_id, x);
		}
		int64_t id = scalar(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_assignments "
				    "WHERE id > ?", 0, NULL);
		st = store_prepare(s, "INSERT INTO lots_assignments (id, draw_id, event_id, reviewed, "
				   "reviewer, slot, role, instruments, status, valid_from, op_id) "
				   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)");
		ok = st != NULL && slot >= 0 && id > 0;
		if (ok) {
			store_bind_int(st, 1, id);
			store_bind_int(st, 2, draw_id);
			store_bind_int(st, 3, ev);
			store_bind_text(st, 4, x);
			store_bind_text(st, 5, y);
			store_bind_int(st, 6, slot);
			store_bind_text(st, 7, role);
			store_bind_text(st, 8, instr);
			store_bind_text(st, 9, now);
			store_bind_int(st, 10, op_id);
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
		if (!ok)
			return -1;
	}
	return 0;
}

/* Carried slots: those of this op recorded open; an open one of a review
 * this op drew for is marked filled unless it is carried again. */
static int store_carried(struct store *s, int64_t draw_id, int64_t op_id, json_t *doc)
{
	json_t *car = json_object_get(doc, "carried"), *c;
	size_t i;
	struct store_stmt *st = store_prepare(s, "SELECT id, reviewed, role, instruments FROM "
					      "lots_carried WHERE draw_id = ? AND status = 'open'");
	int64_t *close = NULL;
	size_t nclose = 0;
	if (!st)
		return -1;
	store_bind_int(st, 1, draw_id);
	while (store_step(st) == STORE_ROW) {
		const char *x = store_col_text(st, 1);
		int touched = 0, again = 0;
		json_array_foreach(json_object_get(doc, "changes"), i, c)
			touched |= !strcmp(js(c, "reviewed"), x);
		json_array_foreach(car, i, c)
			again |= !strcmp(js(c, "reviewed"), x) &&
				 !strcmp(js(c, "role"), store_col_text(st, 2)) &&
				 !strcmp(js(c, "instruments"), store_col_text(st, 3));
		if (touched && !again) {
			close = xreallocarray(close, nclose + 1, sizeof *close);
			close[nclose++] = store_col_int(st, 0);
		}
	}
	store_finalize(st);
	int ok = 1;
	for (size_t k = 0; ok && k < nclose; k++) {
		st = store_prepare(s, "UPDATE lots_carried SET status = 'filled', filled_by = ? "
				   "WHERE id = ?");
		ok = st != NULL;
		if (ok) {
			store_bind_int(st, 1, op_id);
			store_bind_int(st, 2, close[k]);
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
	}
	free(close);
	json_array_foreach(car, i, c) {
		if (!ok)
			break;
		st = store_prepare(s, "SELECT 1 FROM lots_carried WHERE draw_id = ? AND reviewed = ? "
				   "AND role = ? AND instruments = ? AND status = 'open'");
		int again = 0;
		if (st) {
			store_bind_int(st, 1, draw_id);
			store_bind_text(st, 2, js(c, "reviewed"));
			store_bind_text(st, 3, js(c, "role"));
			store_bind_text(st, 4, js(c, "instruments"));
			again = store_step(st) == STORE_ROW;
		}
		store_finalize(st);
		if (again)
			continue;   /* carried already, still open */
		int64_t id = scalar(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_carried WHERE "
				    "id > ?", 0, NULL);
		st = store_prepare(s, "INSERT INTO lots_carried (id, draw_id, op_id, reviewed, role, "
				   "instruments, reason, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'open')");
		ok = st != NULL && id > 0;
		if (ok) {
			store_bind_int(st, 1, id);
			store_bind_int(st, 2, draw_id);
			store_bind_int(st, 3, op_id);
			store_bind_text(st, 4, js(c, "reviewed"));
			store_bind_text(st, 5, js(c, "role"));
			store_bind_text(st, 6, js(c, "instruments"));
			store_bind_text(st, 7, js(c, "reason"));
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
	}
	return ok ? 0 : -1;
}

/* "op 3 (join at M): LLL placed in cohort 2; AAA same_region (untoc), ...;
 * carried: ..." (malloc'd). */
char *ev_summary_of(json_t *doc)
{
	struct buf b = { 0 };
	size_t i;
	json_t *c;
	buf_printf(&b, "op %lld (%s at %s):", (long long)json_integer_value(json_object_get(doc,
		   "seq")), js(doc, "kind"), js(doc, "meeting"));
	int first = 1;
	json_array_foreach(json_object_get(doc, "changes"), i, c) {
		const char *act = js(c, "action");
		buf_puts(&b, first ? " " : "; ");
		first = 0;
		if (!strcmp(act, "review"))
			buf_printf(&b, "%s placed in cohort %lld", js(c, "reviewed"),
				   (long long)json_integer_value(json_object_get(c, "year")));
		else if (!strcmp(act, "replace") && !strcmp(js(c, "why"), "R62"))
			buf_printf(&b, "%s takes the %s slot of %s in the review of %s (R62: every "
				   "State reviews at least one)", js(c, "reviewer"), js(c, "role"),
				   js(c, "old"), js(c, "reviewed"));
		else if (!strcmp(act, "replace") && *js(c, "why"))
			buf_printf(&b, "%s replaces %s in the review of %s (%s; opt-out, C34)",
				   js(c, "reviewer"), js(c, "old"), js(c, "reviewed"), js(c, "role"));
		else if (!strcmp(act, "withdraw"))
			buf_printf(&b, "the review of %s is withdrawn (opted out of being reviewed, "
				   "C34)", js(c, "reviewed"));
		else if (!strcmp(act, "remove"))
			buf_printf(&b, "%s no longer reviews %s (opted out of being a reviewer, C34)",
				   js(c, "reviewer"), js(c, "reviewed"));
		else if (!strcmp(act, "replace"))
			buf_printf(&b, "%s replaces %s in the review of %s (%s); requested by %s, "
				   "reason %s", js(c, "reviewer"), js(c, "old"), js(c, "reviewed"),
				   js(c, "role"), js(json_object_get(doc, "request"), "requested_by"),
				   js(json_object_get(doc, "request"), "reason"));
		else if (!strcmp(act, "extend"))
			buf_printf(&b, "%s now reviews %s also for %s", js(c, "reviewer"),
				   js(c, "reviewed"), js(c, "instruments"));
		else
			buf_printf(&b, "%s reviews %s (%s: %s)", js(c, "reviewer"), js(c, "reviewed"),
				   js(c, "role"), js(c, "instruments"));
	}
	json_array_foreach(json_object_get(doc, "exceptions"), i, c)
		buf_printf(&b, "; recorded exception: %s", js(c, "reason"));
	json_array_foreach(json_object_get(doc, "carried"), i, c)
		buf_printf(&b, "; carried to a later meeting: %s %s of %s (%s)", js(c, "role"),
			   js(c, "instruments"), js(c, "reviewed"), js(c, "reason"));
	char *t = xstrdup(buf_str(&b));
	buf_free(&b);
	return t;
}

static int check_req(struct store *s, const struct lots_op_req *q, char *err, size_t errlen)
{
	if (!q->kind || (strcmp(q->kind, "event") && strcmp(q->kind, "join") &&
			 strcmp(q->kind, "protocol") && strcmp(q->kind, "redraw") &&
			 strcmp(q->kind, "optout"))) {
		msg_set(err, errlen, N_("unknown operation '%s' (event, join, protocol, optout)"),
			 q->kind ? q->kind : "");
		return LOTS_EINPUT;
	}
	if (!q->meeting || !*q->meeting) {
		msg_const(err, errlen, N_("--meeting: every drawing event is held at a recorded meeting "
			 "(C42): revmech draw meeting --ref REF --date YYYY-MM-DD --title TEXT"));
		return LOTS_EINPUT;
	}
	if (!ev_exists(s, "SELECT 1 FROM lots_meetings WHERE ref = ?", q->meeting)) {
		msg_set(err, errlen, N_("--meeting: no meeting '%s' is recorded (revmech draw meeting "
			 "--ref REF --date YYYY-MM-DD --title TEXT)"), q->meeting);
		return LOTS_EINPUT;
	}
	/* A meeting that takes requests applies them in the drawn order
	 * (events_order.c); nothing is run there directly. */
	if (!q->from_request && ev_exists(s, "SELECT 1 FROM lots_requests WHERE meeting = ?",
					  q->meeting)) {
		msg_set(err, errlen, N_("--meeting: meeting '%s' takes its operations as requests, "
			 "applied in the order drawn at it (revmech draw request, draw apply)"),
			 q->meeting);
		return LOTS_EINPUT;
	}
	if (strcmp(q->kind, "event") && (!q->state || !*q->state)) {
		msg_set(err, errlen, N_("--state: %s names the party"), q->kind);
		return LOTS_EINPUT;
	}
	if (!strcmp(q->kind, "redraw") && q->decision && *q->decision &&
	    !ev_exists(s, "SELECT 1 FROM lots_decisions WHERE ref = ?", q->decision)) {
		msg_set(err, errlen, N_("--decision: no decision '%s' is recorded (revmech draw "
			 "decision --db PATH --ref REF --date YYYY-MM-DD --title TEXT)"), q->decision);
		return LOTS_EINPUT;
	}
	if (!strcmp(q->kind, "protocol") && (!q->instrument || !*q->instrument)) {
		msg_const(err, errlen, N_("--instrument: the Protocol (tip, som or firearms)"));
		return LOTS_EINPUT;
	}
	if (!strcmp(q->kind, "join") && q->cohort &&
	    (!q->decision || !ev_exists(s, "SELECT 1 FROM lots_decisions WHERE ref = ?", q->decision))) {
		msg_const(err, errlen, N_("--decision: a party is placed in a chosen cohort only by a "
			 "recorded decision of the Conference (revmech draw decision); without "
			 "--cohort it joins the earliest cohort not yet started"));
		return LOTS_EINPUT;
	}
	if (q->cohort < 0 || q->cohort > LOTS_COHORTS) {
		msg_set(err, errlen, N_("--cohort: must be 1 to %d"), LOTS_COHORTS);
		return LOTS_EINPUT;
	}
	int nc = !!(q->consent_by && *q->consent_by) + !!(q->consent_date && *q->consent_date) +
		 !!(q->consent_ref && *q->consent_ref);
	if (nc != 0 && nc != 3) {
		msg_const(err, errlen, N_("--consent-by, --consent-date, --consent-ref: a consent to more "
			 "than four reviewers names who gave it, when and its reference (para 28 c)"));
		return LOTS_EINPUT;
	}
	if (nc && !ev_is_date(q->consent_date)) {
		msg_set(err, errlen, N_("--consent-date: '%s' is not a date YYYY-MM-DD"), q->consent_date);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

int lots_op_run(struct store *s, const struct lots_op_req *q, char **summary, int *seqp,
		char *err, size_t errlen)
{
	struct ev_state e;
	struct ev_prog p = { 0 };
	json_t *doc = NULL, *in = NULL;
	char *out = NULL, *inputs = NULL, now[32];
	int rc, in_tx = 0;
	if (summary)
		*summary = NULL;
	memset(&e, 0, sizeof e);
	if ((rc = check_req(s, q, err, errlen)) != LOTS_OK)
		return rc;
	if ((rc = ev_state_load(s, &e, err, errlen)) != LOTS_OK)
		goto out;
	struct ev_req r = { .kind = q->kind, .meeting = q->meeting, .state = q->state,
			    .instrument = q->instrument, .decision = q->decision,
			    .consent_by = q->consent_by, .consent_date = q->consent_date,
			    .consent_ref = q->consent_ref, .replace = q->replace,
			    .requested_by = q->requested_by, .reason = q->reason, .note = q->note,
			    .cohort = q->cohort };
	const char *from = NULL;
	if (!strcmp(q->kind, "join")) {
		r.share = 1;   /* R62: recorded in the inputs, so replayed alike */
		from = q->cohort ? "decision" : "earliest cohort not yet started";
		if (!q->cohort)
			r.cohort = earliest_not_started(s);
	}
	if ((rc = ev_prog_build(&p, e.cur_csv, &e.r, &e.d, e.ops, e.nops, err, errlen)) != LOTS_OK)
		goto out;
	if (e.nops)
		util_strlcpy(e.prev, js(e.ops[e.nops - 1], "hash"), sizeof e.prev);
	else
		ev_root(&p, e.prev);
	int seq = (int)e.nops + 1;
	if ((rc = ev_compute(&p, &r, seq, e.prev, &doc, err, errlen)) != LOTS_OK)
		goto out;
	rc = LOTS_EINPUT;
	in = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "kind", q->kind,
		       "meeting", q->meeting, "cohort", r.cohort ? json_integer(r.cohort) : json_null(),
		       "cohort_from", from ? json_string(from) : json_null(),
		       "state", q->state && *q->state ? json_string(q->state) : json_null(),
		       "instrument", q->instrument && *q->instrument ? json_string(q->instrument) :
		       json_null(), "decision", q->decision && *q->decision ?
		       json_string(q->decision) : json_null(),
		       "consent_by", q->consent_by && *q->consent_by ? json_string(q->consent_by) :
		       json_null(), "consent_date", q->consent_date && *q->consent_date ?
		       json_string(q->consent_date) : json_null(),
		       "consent_ref", q->consent_ref && *q->consent_ref ? json_string(q->consent_ref) :
		       json_null(), "run_by", json_string(q->run_by ? q->run_by : "-"));
	if (r.share)
		json_object_set_new(in, "share", json_true());
	if (!strcmp(q->kind, "redraw")) {
		json_t *rq = json_pack("{s:s, s:s, s:s, s:o}", "replace", q->replace ? q->replace : "",
			"requested_by", q->requested_by ? q->requested_by : "", "reason",
			q->reason ? q->reason : "", "note",
			q->note && *q->note ? json_string(q->note) : json_null());
		json_object_update(in, rq);
		json_decref(rq);
	}
	inputs = json_dumps(in, JSON_COMPACT | JSON_PRESERVE_ORDER);
	out = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	util_now_iso(now, sizeof now);
	if (!inputs || !out) {
		msg_const(err, errlen, N_("the request holds text that is not UTF-8"));
		goto out;
	}
	if (store_begin(s) != STORE_OK) {
		ev_db_fail(s, err, errlen, "begin");
		goto out;
	}
	in_tx = 1;
	/* Another op may have been stored since the state was read. */
	if (scalar(s, "SELECT COUNT(*) FROM lots_ops WHERE draw_id = ?", e.draw_id, NULL) !=
	    (int64_t)e.nops) {
		msg_const(err, errlen, N_("another drawing event was stored meanwhile; try again"));
		goto out;
	}
	int64_t id = scalar(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_ops WHERE id > ?", 0,
			    NULL);
	struct store_stmt *st = store_prepare(s, "INSERT INTO lots_ops (id, draw_id, seq, kind, "
		"meeting, run_by, created_at, seed, base_head, roster_csv, inputs, output, prev_hash, "
		"hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int ok = st != NULL && id > 0;
	if (ok) {
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, e.draw_id);
		store_bind_int(st, 3, seq);
		/* 'optout' since migration 0044 (stored as 'redraw' before). */
		store_bind_text(st, 4, q->kind);
		store_bind_text(st, 5, q->meeting);
		store_bind_text(st, 6, q->run_by ? q->run_by : "-");
		store_bind_text(st, 7, now);
		store_bind_text(st, 8, js(doc, "seed"));
		store_bind_text(st, 9, p.head);
		store_bind_text(st, 10, e.cur_csv);
		store_bind_text(st, 11, inputs);
		store_bind_text(st, 12, out);
		store_bind_text(st, 13, e.prev);
		store_bind_text(st, 14, js(doc, "hash"));
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	char *sum = ev_summary_of(doc);
	if (ok)
		ok = op_store_changes(s, e.draw_id, id, doc, now) == 0 &&
		     store_carried(s, e.draw_id, id, doc) == 0;
	if (ok && q->actor) {
		char act[32], obj[64], det[512];
		snprintf(act, sizeof act, "draw.%s", q->kind);
		snprintf(obj, sizeof obj, "draw %lld op %d", (long long)e.draw_id, seq);
		snprintf(det, sizeof det, "meeting %.80s; run by %.80s; %.300s", q->meeting,
			 q->run_by ? q->run_by : "-", sum);
		ok = audit_log(s, q->actor, q->ip, act, obj, det) == 0;
	}
	if (!ok || store_commit(s) != STORE_OK) {
		free(sum);
		ev_db_fail(s, err, errlen, "lots_ops");
		goto out;
	}
	in_tx = 0;
	if (summary)
		*summary = sum;
	else
		free(sum);
	if (seqp)
		*seqp = seq;
	rc = LOTS_OK;
out:
	if (in_tx)
		store_rollback(s);
	json_decref(doc);
	json_decref(in);
	free(out);
	free(inputs);
	ev_prog_free(&p);
	ev_state_free(&e);
	return rc;
}

int lots_op_redraw(struct store *s, const struct lots_redraw_req *req,
		   const struct lots_event_meta *meta, char **summary, char *err, size_t errlen)
{
	struct lots_op_req q = {
		.kind = "redraw", .meeting = meta ? meta->meeting : NULL, .state = req->reviewed,
		.replace = req->replace, .requested_by = req->requested_by,
		.reason = req->reason >= 0 && req->reason < LOTS_REASON_COUNT ?
			  lots_reason_code(req->reason) : "",
		.note = req->note, .decision = req->decision,
		.run_by = meta ? meta->run_by : NULL, .actor = meta ? meta->actor : NULL,
		.ip = meta ? meta->ip : NULL, .from_request = meta ? meta->from_request : 0,
	};
	return lots_op_run(s, &q, summary, NULL, err, errlen);
}
