/* events_order.c - the order of operations at a meeting (issue 12; R51,
 * R237, C42; migration 0035; docs/draw.md "The order of operations at a
 * meeting").
 *
 * The operations of a meeting depend on one another: a redraw takes a
 * State's spare workload that a later join would have drawn, an op's seed
 * is chained to the op before it.  Whoever runs them one by one chooses
 * their order, and so steers the results.  Here the order is drawn
 * instead: requests are lodged first (each stored with its hash), the list
 * is closed (its hash published, with the name of a public entropy whose
 * value is known only later), and at the meeting the value is entered and
 * the requests are applied in the order of their keys
 *   SHA-256("revmech-order/1\n" LIST "\n" NAME "\n" VALUE "\n" HASH "\n"),
 * lowest first.  Nobody can add, drop or reorder a request once the list
 * is closed, and nobody knew the order before.  Each request is applied by
 * the same code as `draw redraw|join|protocol|event` (lots_db_redraw_meta,
 * lots_op_run), so its op or redraw is replayed by `draw verify --db` as
 * any other; lots_requests_check (events_order_check.c, sharing
 * events_order_int.h) re-derives the order and checks that the ops and
 * redraws came in it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "lots/events.h"
#include "lots/events_order_int.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int db_fail(struct store *s, char *err, size_t errlen, const char *what)
{
	char d[600];
	/* "database:" starts it: lots_requests_apply tells a failure from a
	 * refusal by it. */
	snprintf(d, sizeof d, "database: %s: %s", what, store_errmsg(s));
	msg_internal(err, errlen, d);
	return LOTS_EINPUT;
}

const char *lots_order_col(struct store_stmt *st, int i)
{
	const char *t = store_col_text(st, i);
	return t ? t : "";
}

static json_t *str_or_null(const char *v)
{
	return v && *v ? json_string(v) : json_null();
}

/* SHA-256 of "revmech-request/1\n" MEETING "\n" SEQ "\n" BODY "\n". */
void lots_order_request_hash(const char *meeting, int seq, const char *body, char out[65])
{
	struct buf b = { 0 };
	buf_printf(&b, "revmech-request/1\n%s\n%d\n%s\n", meeting, seq, body);
	lots_sha256_hex(b.p, b.len, out);
	buf_free(&b);
}

/* SHA-256 of "revmech-requests/1\n" MEETING "\n" and each request's hash
 * and "\n", in lodging order. */
void lots_order_list_hash(const char *meeting, const struct rq *v, size_t n, char out[65])
{
	struct buf b = { 0 };
	buf_printf(&b, "revmech-requests/1\n%s\n", meeting);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s\n", v[i].hash);
	lots_sha256_hex(b.p, b.len, out);
	buf_free(&b);
}

static int key_cmp(const void *a, const void *b)
{
	const struct rq *x = *(const struct rq *const *)a, *y = *(const struct rq *const *)b;
	int c = strcmp(x->key, y->key);
	return c ? c : x->seq - y->seq;
}

/* Fills each request's key and order from the list hash and the entropy. */
void lots_order_draw(struct rq *v, size_t n, const struct mtg *m)
{
	struct rq **ix = xreallocarray(NULL, n ? n : 1, sizeof *ix);
	for (size_t i = 0; i < n; i++) {
		struct buf b = { 0 };
		buf_printf(&b, "revmech-order/1\n%s\n%s\n%s\n%s\n", m->hash, m->ename, m->evalue,
			   v[i].hash);
		lots_sha256_hex(b.p, b.len, v[i].key);
		buf_free(&b);
		ix[i] = &v[i];
	}
	qsort(ix, n, sizeof *ix, key_cmp);
	for (size_t i = 0; i < n; i++)
		ix[i]->order = (int)i + 1;
	free(ix);
}

/* The meeting's row: 1 found, 0 not recorded, -1 store error. */
int lots_order_meeting_load(struct store *s, const char *ref, struct mtg *m)
{
	memset(m, 0, sizeof *m);
	struct store_stmt *st = store_prepare(s, "SELECT requests_hash, entropy_name, entropy_value, "
		"CASE WHEN requests_hash IS NULL THEN 0 ELSE 1 END, "
		"CASE WHEN entropy_value IS NULL THEN 0 ELSE 1 END FROM lots_meetings WHERE ref = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, ref ? ref : "");
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1) {
		m->closed = store_col_int(st, 3) == 1;
		m->applied = store_col_int(st, 4) == 1;
		util_strlcpy(m->hash, lots_order_col(st, 0), sizeof m->hash);
		util_strlcpy(m->ename, lots_order_col(st, 1), sizeof m->ename);
		util_strlcpy(m->evalue, lots_order_col(st, 2), sizeof m->evalue);
	}
	store_finalize(st);
	return rc;
}

void lots_order_requests_free(struct rq *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].body);
	free(v);
}

/* The requests of meeting in lodging order. */
int lots_order_requests_load(struct store *s, const char *meeting, struct rq **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(s, "SELECT id, seq, kind, body, hash, status, "
		"COALESCE(applied_order, 0), COALESCE(result_kind, ''), COALESCE(result_draw, 0), "
		"COALESCE(result_seq, 0) FROM lots_requests WHERE meeting = ? ORDER BY seq");
	if (!st)
		return -1;
	store_bind_text(st, 1, meeting);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		struct rq *q = &(*out)[(*n)++];
		memset(q, 0, sizeof *q);
		q->id = store_col_int(st, 0);
		q->seq = (int)store_col_int(st, 1);
		util_strlcpy(q->kind, lots_order_col(st, 2), sizeof q->kind);
		q->body = xstrdup(lots_order_col(st, 3));
		util_strlcpy(q->hash, lots_order_col(st, 4), sizeof q->hash);
		q->pending = strcmp(lots_order_col(st, 5), "pending") == 0;
		q->status_applied = strcmp(lots_order_col(st, 5), "applied") == 0;
		q->order = (int)store_col_int(st, 6);
		util_strlcpy(q->rkind, lots_order_col(st, 7), sizeof q->rkind);
		q->rdraw = store_col_int(st, 8);
		q->rseq = (int)store_col_int(st, 9);
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		lots_order_requests_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* The canonical body of a request: compact JSON, keys in this order,
 * ASCII-escaped (docs/draw.md). Caller frees. */
static char *request_body(const struct lots_op_req *q, const struct lots_redraw_req *rd)
{
	json_t *o;
	if (!strcmp(q->kind, "redraw"))
		o = json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "kind", "redraw",
			      "reviewed", str_or_null(rd->reviewed), "replace", str_or_null(rd->replace),
			      "requested_by", str_or_null(rd->requested_by), "reason",
			      lots_reason_code(rd->reason), "note", str_or_null(rd->note),
			      "decision", str_or_null(rd->decision), "consent_by",
			      str_or_null(rd->consent_by), "consent_date", str_or_null(rd->consent_date),
			      "consent_ref", str_or_null(rd->consent_ref));
	else
		o = json_pack("{s:s, s:o, s:o, s:i, s:o, s:o, s:o, s:o}", "kind", q->kind,
			      "state", str_or_null(q->state), "instrument", str_or_null(q->instrument),
			      "cohort", q->cohort, "decision", str_or_null(q->decision),
			      "consent_by", str_or_null(q->consent_by), "consent_date",
			      str_or_null(q->consent_date), "consent_ref", str_or_null(q->consent_ref));
	char *t = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
	json_decref(o);
	return t;
}

static int request_check(const struct lots_op_req *q, const struct lots_redraw_req *rd,
			 char *err, size_t errlen)
{
	/* optout (C34): an opt-out recorded after the draw, applied at the
	 * meeting in the drawn order like the others (migration 0044). */
	static const char *const kinds[] = { "event", "join", "protocol", "redraw", "optout" };
	int known = 0;
	for (size_t i = 0; q->kind && i < sizeof kinds / sizeof kinds[0]; i++)
		known |= !strcmp(q->kind, kinds[i]);
	if (!known) {
		msg_set(err, errlen, N_("unknown request '%s' (redraw, join, protocol, event, optout)"),
			 q->kind ? q->kind : "");
		return LOTS_EINPUT;
	}
	if (!strcmp(q->kind, "redraw")) {
		if (!rd || !rd->reviewed || !*rd->reviewed || !rd->replace || !*rd->replace ||
		    !rd->requested_by || !*rd->requested_by) {
			msg_const(err, errlen, N_("--reviewed, --replace, --requested-by: a redraw request "
				 "names the review, the reviewer to replace and the requesting State"));
			return LOTS_EINPUT;
		}
		if (rd->reason < 0 || rd->reason >= LOTS_REASON_COUNT) {
			msg_const(err, errlen, N_("--reason: not language, legal_system, other, exceptional "
				 "or unable"));
			return LOTS_EINPUT;
		}
		if (rd->reason >= LOTS_REASON_EXCEPTIONAL && (!rd->note || !*rd->note)) {
			msg_set(err, errlen, N_("--note: reason %s needs a note (paras 28 e, 30)"),
				 lots_reason_code(rd->reason));
			return LOTS_EINPUT;
		}
		if (rd->reason == LOTS_REASON_EXCEPTIONAL && (!rd->decision || !*rd->decision)) {
			msg_const(err, errlen, N_("--decision: reason exceptional needs the reference of the "
				 "recorded decision (para 28 e)"));
			return LOTS_EINPUT;
		}
		return LOTS_OK;
	}
	if (strcmp(q->kind, "event") && (!q->state || !*q->state)) {
		msg_set(err, errlen, N_("--state: %s names the party"), q->kind);
		return LOTS_EINPUT;
	}
	if (!strcmp(q->kind, "protocol") && (!q->instrument || !*q->instrument)) {
		msg_const(err, errlen, N_("--instrument: the Protocol (tip, som or firearms)"));
		return LOTS_EINPUT;
	}
	if (q->cohort < 0 || q->cohort > LOTS_COHORTS) {
		msg_set(err, errlen, N_("--cohort: must be 1 to %d"), LOTS_COHORTS);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

int lots_request_lodge(struct store *s, const struct lots_op_req *q,
		       const struct lots_redraw_req *rd, int *seqp, char *err, size_t errlen)
{
	struct mtg m;
	char *body = NULL, hash[65], now[32];
	int rc = LOTS_EINPUT;
	if (request_check(q, rd, err, errlen) != LOTS_OK ||
	    lots_meeting_require(s, q->meeting, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	if (!(body = request_body(q, rd))) {
		msg_const(err, errlen, N_("the request holds text that is not UTF-8"));
		return LOTS_EINPUT;
	}
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK) {
		free(body);
		return db_fail(s, err, errlen, "begin");
	}
	/* Read inside the transaction: a list closed meanwhile takes no more. */
	int g = lots_order_meeting_load(s, q->meeting, &m);
	if (g != 1 || m.closed) {
		if (g < 0)
			db_fail(s, err, errlen, "lots_meetings");
		else
			msg_set(err, errlen, N_("--meeting: the requests of meeting '%s' are closed (list "
				 "%s); lodge it for a later meeting"), q->meeting, m.hash);
		goto out;
	}
	struct store_stmt *st = store_prepare(s, "SELECT COALESCE(MAX(seq), 0) + 1, "
		"(SELECT COALESCE(MAX(id), 0) + 1 FROM lots_requests) FROM lots_requests "
		"WHERE meeting = ?");
	int seq = -1;
	int64_t id = -1;
	if (st) {
		store_bind_text(st, 1, q->meeting);
		if (store_step(st) == STORE_ROW) {
			seq = (int)store_col_int(st, 0);
			id = store_col_int(st, 1);
		}
	}
	store_finalize(st);
	lots_order_request_hash(q->meeting, seq, body, hash);
	st = seq > 0 ? store_prepare(s, "INSERT INTO lots_requests (id, meeting, seq, kind, body, "
		"hash, lodged_by, lodged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)") : NULL;
	int ok = st != NULL;
	if (ok) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, q->meeting);
		store_bind_int(st, 3, seq);
		store_bind_text(st, 4, q->kind);
		store_bind_text(st, 5, body);
		store_bind_text(st, 6, hash);
		store_bind_text(st, 7, q->run_by ? q->run_by : "-");
		store_bind_text(st, 8, now);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	char obj[300], det[700];
	snprintf(obj, sizeof obj, "meeting %.200s request %d", q->meeting, seq);
	snprintf(det, sizeof det, "hash %s; run by %.80s; %.500s", hash,
		 q->run_by ? q->run_by : "-", body);
	if (ok && q->actor)
		ok = audit_log(s, q->actor, q->ip, "draw.request", obj, det) == 0;
	if (!ok || store_commit(s) != STORE_OK) {
		db_fail(s, err, errlen, "lots_requests");
		goto out;
	}
	if (seqp)
		*seqp = seq;
	rc = LOTS_OK;
out:
	if (rc != LOTS_OK)
		store_rollback(s);
	free(body);
	return rc;
}

int lots_requests_close(struct store *s, const char *meeting, const char *entropy_name,
			const char *by, const char *ip, char hash_out[65], char *err,
			size_t errlen)
{
	struct mtg m;
	struct rq *v = NULL;
	size_t n = 0;
	char h[65], now[32];
	int rc = LOTS_EINPUT;
	if (!entropy_name || !*entropy_name || util_utf8_len(entropy_name) > 200) {
		msg_const(err, errlen, N_("--entropy-name: name the public value that will order the "
			 "requests, published after the list is closed (at most 200 characters)"));
		return LOTS_EINPUT;
	}
	if (lots_meeting_require(s, meeting, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK)
		return db_fail(s, err, errlen, "begin");
	if (lots_order_meeting_load(s, meeting, &m) != 1 || lots_order_requests_load(s, meeting, &v, &n) < 0) {
		db_fail(s, err, errlen, "lots_requests");
		goto out;
	}
	if (m.closed) {
		msg_set(err, errlen, N_("--meeting: the requests of meeting '%s' are already closed "
			 "(list %s)"), meeting, m.hash);
		goto out;
	}
	if (!n) {
		msg_set(err, errlen, N_("--meeting: no request is lodged for meeting '%s'"), meeting);
		goto out;
	}
	lots_order_list_hash(meeting, v, n, h);
	struct store_stmt *st = store_prepare(s, "UPDATE lots_meetings SET requests_hash = ?, "
		"entropy_name = ?, closed_by = ?, closed_at = ? WHERE ref = ? AND requests_hash IS NULL");
	int ok = st != NULL;
	if (ok) {
		store_bind_text(st, 1, h);
		store_bind_text(st, 2, entropy_name);
		store_bind_text(st, 3, by ? by : "-");
		store_bind_text(st, 4, now);
		store_bind_text(st, 5, meeting);
		ok = store_step(st) == STORE_DONE && store_changes(s) == 1;
	}
	store_finalize(st);
	char obj[300], det[400];
	snprintf(obj, sizeof obj, "meeting %.200s", meeting);
	snprintf(det, sizeof det, "%zu requests; list %s; entropy %.200s", n, h, entropy_name);
	if (ok)
		ok = audit_log(s, by, ip, "draw.close", obj, det) == 0;
	if (!ok || store_commit(s) != STORE_OK) {
		db_fail(s, err, errlen, "lots_meetings");
		goto out;
	}
	if (hash_out)
		util_strlcpy(hash_out, h, 65);
	rc = LOTS_OK;
out:
	if (rc != LOTS_OK)
		store_rollback(s);
	lots_order_requests_free(v, n);
	return rc;
}

/* The highest seq of the current draw's ops ("op") or redraws. */
static int64_t last_seq(struct store *s, int op, int64_t *draw)
{
	struct store_stmt *st = store_prepare(s, op ?
		"SELECT d.id, COALESCE(MAX(o.seq), 0) FROM lots_draws d LEFT JOIN lots_ops o ON "
		"o.draw_id = d.id WHERE d.status = 'current' GROUP BY d.id" :
		"SELECT d.id, COALESCE(MAX(r.seq), 0) FROM lots_draws d LEFT JOIN lots_redraws r ON "
		"r.draw_id = d.id WHERE d.status = 'current' GROUP BY d.id");
	int64_t v = -1;
	if (st && store_step(st) == STORE_ROW) {
		*draw = store_col_int(st, 0);
		v = store_col_int(st, 1);
	}
	store_finalize(st);
	return v;
}

const char *lots_order_jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v && *v ? v : NULL;
}

/* Applies request q (its body parsed into b) as its command would, by
 * `by`; on LOTS_OK sets *rkind, *rdraw, *rseq and *line (malloc'd). */
static int apply_one(struct store *s, const char *meeting, json_t *b, const char *by,
		     const char *ip, const char **rkind, int64_t *rdraw, int *rseq, char **line,
		     char *err, size_t errlen)
{
	const char *kind = lots_order_jstr(b, "kind");
	int64_t d0 = 0, d1 = 0, ops0 = last_seq(s, 1, &d0);
	if (kind && !strcmp(kind, "redraw")) {
		struct lots_redraw_req rd = {
			.reviewed = lots_order_jstr(b, "reviewed"), .replace = lots_order_jstr(b, "replace"),
			.requested_by = lots_order_jstr(b, "requested_by"),
			.reason = lots_reason_parse(lots_order_jstr(b, "reason") ? lots_order_jstr(b, "reason") : ""),
			.note = lots_order_jstr(b, "note"), .decision = lots_order_jstr(b, "decision"),
			.consent_by = lots_order_jstr(b, "consent_by"), .consent_date = lots_order_jstr(b, "consent_date"),
			.consent_ref = lots_order_jstr(b, "consent_ref"),
		};
		struct lots_event_meta meta = { .run_by = by, .meeting = meeting, .actor = by,
						.ip = ip, .from_request = 1 };
		int e = lots_db_redraw_meta(s, &rd, &meta, NULL, err, errlen);
		if (e != LOTS_OK)
			return e;
		int64_t ops1 = last_seq(s, 1, &d1);
		int op = ops1 > ops0 && d1 == d0;
		*rkind = op ? "op" : "redraw";
		*rseq = (int)(op ? ops1 : last_seq(s, 0, &d1));
		*rdraw = d1;
		struct buf l = { 0 };
		buf_printf(&l, "%s: %s replaced (requested by %s, %s)", rd.reviewed, rd.replace,
			   rd.requested_by, lots_reason_code(rd.reason));
		*line = xstrdup(buf_str(&l));
		buf_free(&l);
		return LOTS_OK;
	}
	struct lots_op_req q = {
		.kind = kind, .meeting = meeting,
		.cohort = (int)json_integer_value(json_object_get(b, "cohort")),
		.state = lots_order_jstr(b, "state"), .instrument = lots_order_jstr(b, "instrument"),
		.decision = lots_order_jstr(b, "decision"), .consent_by = lots_order_jstr(b, "consent_by"),
		.consent_date = lots_order_jstr(b, "consent_date"), .consent_ref = lots_order_jstr(b, "consent_ref"),
		.run_by = by, .actor = by, .ip = ip, .from_request = 1,
	};
	int seq = 0;
	int e = lots_op_run(s, &q, line, &seq, err, errlen);
	if (e == LOTS_OK) {
		*rkind = "op";
		*rseq = seq;
		last_seq(s, 1, rdraw);
	}
	return e;
}

static int mark(struct store *s, int64_t id, int applied, int order, const char *rkind,
		int64_t rdraw, int rseq, const char *result)
{
	struct store_stmt *st = store_prepare(s, "UPDATE lots_requests SET status = ?, "
		"applied_order = ?, result_kind = ?, result_draw = ?, result_seq = ?, result = ? "
		"WHERE id = ? AND status = 'pending'");
	int ok = st != NULL;
	if (ok) {
		store_bind_text(st, 1, applied ? "applied" : "refused");
		store_bind_int(st, 2, order);
		store_bind_text(st, 3, applied ? rkind : NULL);
		if (applied)
			store_bind_int(st, 4, rdraw);
		else
			store_bind_null(st, 4);
		if (applied)
			store_bind_int(st, 5, rseq);
		else
			store_bind_null(st, 5);
		store_bind_text(st, 6, result);
		store_bind_int(st, 7, id);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	return ok ? 0 : -1;
}

int lots_requests_apply(struct store *s, const char *meeting, const char *entropy_value,
			const char *by, const char *ip, struct buf *report, char *err,
			size_t errlen)
{
	struct mtg m;
	struct rq *v = NULL;
	size_t n = 0;
	char h[65], now[32];
	int rc = LOTS_EINPUT;
	if (lots_meeting_require(s, meeting, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	if (lots_order_meeting_load(s, meeting, &m) != 1 || lots_order_requests_load(s, meeting, &v, &n) < 0)
		return db_fail(s, err, errlen, "lots_requests");
	if (!m.closed) {
		msg_set(err, errlen, N_("--meeting: the requests of meeting '%s' are not closed yet "
			 "(revmech draw close)"), meeting);
		goto out;
	}
	if (!entropy_value || !*entropy_value || util_utf8_len(entropy_value) > 200) {
		msg_set(err, errlen, N_("--entropy: the value of '%s' (at most 200 characters)"), m.ename);
		goto out;
	}
	if (m.applied && strcmp(m.evalue, entropy_value) != 0) {
		msg_set(err, errlen, N_("--entropy: the value '%s' was entered for this meeting "
			 "already; the order cannot be drawn again"), m.evalue);
		goto out;
	}
	/* The list is the one published. */
	for (size_t i = 0; i < n; i++) {
		char rh[65];
		lots_order_request_hash(meeting, v[i].seq, v[i].body, rh);
		if (strcmp(rh, v[i].hash)) {
			msg_set(err, errlen, N_("request %d: its hash does not match its text"), v[i].seq);
			goto out;
		}
	}
	lots_order_list_hash(meeting, v, n, h);
	if (strcmp(h, m.hash)) {
		msg_set(err, errlen, N_("--meeting: the requests are not the list %s closed"), m.hash);
		goto out;
	}
	if (!m.applied) {
		util_now_iso(now, sizeof now);
		if (store_begin(s) != STORE_OK) {
			db_fail(s, err, errlen, "begin");
			goto out;
		}
		struct store_stmt *st = store_prepare(s, "UPDATE lots_meetings SET entropy_value = ?, "
			"applied_by = ?, applied_at = ? WHERE ref = ? AND entropy_value IS NULL");
		int ok = st != NULL;
		if (ok) {
			store_bind_text(st, 1, entropy_value);
			store_bind_text(st, 2, by ? by : "-");
			store_bind_text(st, 3, now);
			store_bind_text(st, 4, meeting);
			ok = store_step(st) == STORE_DONE && store_changes(s) == 1;
		}
		store_finalize(st);
		char obj[300], det[600];
		snprintf(obj, sizeof obj, "meeting %.200s", meeting);
		snprintf(det, sizeof det, "list %s; entropy %.200s = %.200s", h, m.ename, entropy_value);
		if (!ok || audit_log(s, by, ip, "draw.apply", obj, det) < 0 ||
		    store_commit(s) != STORE_OK) {
			store_rollback(s);
			db_fail(s, err, errlen, "lots_meetings");
			goto out;
		}
		util_strlcpy(m.evalue, entropy_value, sizeof m.evalue);
	}
	lots_order_draw(v, n, &m);
	struct rq **ix = xreallocarray(NULL, n, sizeof *ix);
	for (size_t i = 0; i < n; i++)
		ix[v[i].order - 1] = &v[i];
	for (size_t k = 0; k < n; k++) {
		struct rq *q = ix[k];
		if (!q->pending) {
			buf_printf(report, "%zu. request %d: done before\n", k + 1, q->seq);
			continue;
		}
		json_t *b = json_loads(q->body, 0, NULL);
		const char *rkind = NULL;
		int64_t rdraw = 0;
		int rseq = 0;
		char *line = NULL, e2[2048];
		int e = b ? apply_one(s, meeting, b, by, ip, &rkind, &rdraw, &rseq, &line, e2,
				      sizeof e2) : LOTS_EINPUT;
		if (!b)
			snprintf(e2, sizeof e2, "its text is not JSON");
		json_decref(b);
		if (e != LOTS_OK && strncmp(e2, "database:", 9) == 0) {
			/* Not a refusal: stop, and resume in the same order later. */
			char d[2100];
			snprintf(d, sizeof d, "request %d: %s", q->seq, e2);
			msg_internal(err, errlen, d);
			free(line);
			free(ix);
			goto out;
		}
		if (mark(s, q->id, e == LOTS_OK, (int)k + 1, rkind, rdraw, rseq,
			 e == LOTS_OK ? line : e2) < 0) {
			char d[600];
			snprintf(d, sizeof d, "request %d: database: %s", q->seq, store_errmsg(s));
			msg_internal(err, errlen, d);
			free(line);
			free(ix);
			goto out;
		}
		if (e == LOTS_OK)
			buf_printf(report, "%zu. request %d (%s): %s %d: %s\n", k + 1, q->seq, q->kind,
				   rkind, rseq, line);
		else
			buf_printf(report, "%zu. request %d (%s): refused: %s\n", k + 1, q->seq,
				   q->kind, e2);
		free(line);
	}
	free(ix);
	rc = LOTS_OK;
out:
	lots_order_requests_free(v, n);
	return rc;
}

int lots_requests_list(struct store *s, const char *meeting, struct buf *out)
{
	struct store_stmt *st = store_prepare(s, "SELECT seq, hash, status, "
		"COALESCE(applied_order, 0), COALESCE(result, ''), body FROM lots_requests "
		"WHERE meeting = ? ORDER BY seq");
	if (!st)
		return -1;
	store_bind_text(st, 1, meeting ? meeting : "");
	int n = 0, r;
	while ((r = store_step(st)) == STORE_ROW) {
		n++;
		buf_printf(out, "request %lld %s %s", (long long)store_col_int(st, 0), lots_order_col(st, 1),
			   lots_order_col(st, 2));
		if (store_col_int(st, 3))
			buf_printf(out, " (applied %lld.)", (long long)store_col_int(st, 3));
		buf_printf(out, " %s%s%s\n", lots_order_col(st, 5), *lots_order_col(st, 4) ? ": " : "", lots_order_col(st, 4));
	}
	store_finalize(st);
	return r == STORE_DONE ? n : -1;
}

int lots_requests_state(struct store *s, const char *meeting, struct lots_requests_state *st)
{
	struct mtg m;
	struct rq *v = NULL;
	size_t n = 0;
	memset(st, 0, sizeof *st);
	int g = lots_order_meeting_load(s, meeting, &m);
	if (g < 0 || (g == 1 && lots_order_requests_load(s, meeting, &v, &n) < 0))
		return -1;
	st->n = (int)n;
	for (size_t i = 0; i < n; i++)
		st->pending += v[i].pending;
	st->closed = m.closed;
	st->applied = m.applied;
	util_strlcpy(st->list_hash, m.hash, sizeof st->list_hash);
	util_strlcpy(st->entropy_name, m.ename, sizeof st->entropy_name);
	util_strlcpy(st->entropy_value, m.evalue, sizeof st->entropy_value);
	lots_order_requests_free(v, n);
	return 0;
}
