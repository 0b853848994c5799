/* lots_store.c - draws kept in the database (migration 0002_lots.sql).
 *
 * A stored draw keeps the exact roster CSV it was drawn from (the bytes
 * whose SHA-256 the document carries), so it can be verified and redrawn
 * later even after the parties table changed (C5).  Ids are allocated as
 * MAX(id)+1 inside the write transaction, which works the same on SQLite
 * and PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int db_fail(struct store *s, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "database: %s: %s", what, store_errmsg(s));
	return LOTS_EINPUT;
}

static int64_t next_id(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	int64_t id = -1;
	if (st && store_step(st) == STORE_ROW)
		id = store_col_int(st, 0);
	store_finalize(st);
	return id;
}

static void instr_text(unsigned m, char *out, size_t n)
{
	struct buf b = { 0 };
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i))
			buf_printf(&b, "%s%s", b.len ? " " : "", roster_instrument_code(i));
	util_strlcpy(out, buf_str(&b), n);
	buf_free(&b);
}

static int insert_assignment(struct store *s, int64_t draw_id, int64_t event_id,
			     const struct roster *r, const struct lots_review *v, int k,
			     const char *now)
{
	char instr[64];
	instr_text(v->r[k].instr, instr, sizeof instr);
	int64_t id = next_id(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_assignments");
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO lots_assignments (id, draw_id, event_id, reviewed, reviewer, slot, role, "
		"instruments, status, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)");
	if (!st || id < 0) {
		store_finalize(st);
		return -1;
	}
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, draw_id);
	store_bind_int(st, 3, event_id);
	store_bind_text(st, 4, r->v[v->reviewed].code);
	store_bind_text(st, 5, r->v[v->r[k].state].code);
	store_bind_int(st, 6, k);
	store_bind_text(st, 7, lots_role_code(v->r[k].role));
	store_bind_text(st, 8, instr);
	store_bind_text(st, 9, now);
	int rc = store_step(st) == STORE_DONE ? 0 : -1;
	store_finalize(st);
	return rc;
}

static int64_t insert_event(struct store *s, int64_t draw_id, int seq, const char *kind,
			    const char *now, const unsigned char seed[32], const char *inputs,
			    const char *output)
{
	char hex[65];
	lots_hex(seed, 32, hex);
	int64_t id = next_id(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_events");
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO lots_events (id, draw_id, seq, kind, created_at, seed, algorithm, inputs, "
		"output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st || id < 0) {
		store_finalize(st);
		return -1;
	}
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, draw_id);
	store_bind_int(st, 3, seq);
	store_bind_text(st, 4, kind);
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, hex);
	store_bind_text(st, 7, LOTS_ALGORITHM);
	store_bind_text(st, 8, inputs);
	store_bind_text(st, 9, output);
	int ok = store_step(st) == STORE_DONE;
	store_finalize(st);
	return ok ? id : -1;
}

int lots_db_draw(struct store *s, const unsigned char seed[32], char **json_out,
		 int64_t *draw_id, char *err, size_t errlen)
{
	struct roster dbr = { 0 }, r = { 0 };
	struct lots_draw d = { 0 };
	struct buf csv = { 0 }, excl = { 0 };
	char *json = NULL, *inputs = NULL, sha[65], hex[65], now[32];
	int rc = LOTS_EINPUT, in_tx = 0;

	if (json_out)
		*json_out = NULL;
	if (roster_load_db(s, &dbr, err, errlen) < 0)
		goto out;
	/* Draw from the CSV form, so that `draw verify --roster` on the
	 * exported roster gives the same result. */
	roster_write_csv(&dbr, &csv);
	if (roster_parse_csv(csv.p ? csv.p : "", csv.len, &r, err, errlen) < 0)
		goto out;
	lots_sha256_hex(csv.p ? csv.p : "", csv.len, sha);
	rc = lots_draw_make(&r, sha, seed, &d, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	rc = LOTS_EINPUT;
	json = lots_draw_to_json(&d, &r);
	lots_exclusions(&r, &excl);
	json_t *in = json_object();
	json_object_set_new(in, "roster_sha256", json_string(sha));
	json_object_set_new(in, "parties", json_integer((json_int_t)r.n));
	json_object_set_new(in, "exclusions", json_string(buf_str(&excl)));
	inputs = json_dumps(in, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(in);
	util_now_iso(now, sizeof now);
	lots_hex(seed, 32, hex);

	if (store_begin(s) != STORE_OK) {
		db_fail(s, err, errlen, "begin");
		goto out;
	}
	in_tx = 1;
	int64_t id = next_id(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_draws");
	struct store_stmt *st = store_prepare(s,
		"UPDATE lots_draws SET status = 'superseded' WHERE status = 'current'");
	int ok = st && store_step(st) == STORE_DONE;
	store_finalize(st);
	st = ok ? store_prepare(s,
		"INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, roster_csv, "
		"result, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'current')") : NULL;
	if (!st || id < 0) {
		store_finalize(st);
		db_fail(s, err, errlen, "lots_draws");
		goto out;
	}
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, LOTS_ALGORITHM);
	store_bind_text(st, 4, hex);
	store_bind_text(st, 5, sha);
	store_bind_text(st, 6, buf_str(&csv));
	store_bind_text(st, 7, json);
	ok = store_step(st) == STORE_DONE;
	store_finalize(st);
	int64_t ev = ok ? insert_event(s, id, 0, "lots", now, seed, inputs, json) : -1;
	if (ev < 0) {
		db_fail(s, err, errlen, "lots_events");
		goto out;
	}
	st = store_prepare(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (?, ?, ?)");
	for (size_t i = 0; st && i < d.nreviews; i++) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, r.v[d.reviews[i].reviewed].code);
		store_bind_int(st, 3, d.reviews[i].year);
		if (store_step(st) != STORE_DONE) {
			store_finalize(st);
			st = NULL;
			break;
		}
		store_reset(st);
		for (int k = 0; k < d.reviews[i].n; k++)
			if (insert_assignment(s, id, ev, &r, &d.reviews[i], k, now) < 0) {
				store_finalize(st);
				st = NULL;
				break;
			}
	}
	if (!st) {
		db_fail(s, err, errlen, "lots_reviews");
		goto out;
	}
	store_finalize(st);
	if (store_commit(s) != STORE_OK) {
		db_fail(s, err, errlen, "commit");
		goto out;
	}
	in_tx = 0;
	if (draw_id)
		*draw_id = id;
	if (json_out) {
		*json_out = json;
		json = NULL;
	}
	rc = LOTS_OK;
out:
	if (in_tx)
		store_rollback(s);
	free(json);
	free(inputs);
	buf_free(&csv);
	buf_free(&excl);
	lots_draw_free(&d);
	roster_free(&r);
	roster_free(&dbr);
	return rc;
}

int lots_db_load_current(struct store *s, int64_t *draw_id, struct roster *r,
			 char roster_sha256[65], char **json, char *err, size_t errlen)
{
	int rc = LOTS_EINPUT;
	*json = NULL;
	memset(r, 0, sizeof *r);
	struct store_stmt *st = store_prepare(s,
		"SELECT id, roster_csv, result FROM lots_draws WHERE status = 'current'");
	if (!st)
		return db_fail(s, err, errlen, "lots_draws");
	int step = store_step(st);
	if (step != STORE_ROW) {
		snprintf(err, errlen, "no drawing of lots is stored in the database yet");
		goto out;
	}
	*draw_id = store_col_int(st, 0);
	const char *csv = store_col_text(st, 1);
	lots_sha256_hex(csv, strlen(csv), roster_sha256);
	if (roster_parse_csv(csv, strlen(csv), r, err, errlen) < 0)
		goto out;
	*json = xstrdup(store_col_text(st, 2));
	rc = LOTS_OK;
out:
	store_finalize(st);
	return rc;
}

static int same_reviewer(const struct lots_reviewer *a, const struct lots_reviewer *b)
{
	return a->state == b->state && a->instr == b->instr && a->role == b->role;
}

int lots_db_redraw(struct store *s, const struct lots_redraw_req *req, char **json_out,
		   char *err, size_t errlen)
{
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], now[32], *old = NULL, *json = NULL, *inputs = NULL;
	int64_t draw_id;
	int rc, in_tx = 0;

	if (json_out)
		*json_out = NULL;
	rc = lots_db_load_current(s, &draw_id, &r, sha, &old, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	rc = lots_draw_from_json(old, &r, &d, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	long si = roster_find(&r, req->reviewed ? req->reviewed : "");
	struct lots_review before = { 0 };
	for (size_t i = 0; i < d.nreviews; i++)
		if (d.reviews[i].reviewed == si)
			before = d.reviews[i];
	rc = lots_redraw(&r, &d, req, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	rc = LOTS_EINPUT;
	json = lots_draw_to_json(&d, &r);
	const struct lots_redraw *w = &d.redraws[d.nredraws - 1];
	const struct lots_review *after = NULL;
	for (size_t i = 0; i < d.nreviews; i++)
		if (d.reviews[i].reviewed == w->reviewed)
			after = &d.reviews[i];
	json_t *in = json_object();
	json_object_set_new(in, "roster_sha256", json_string(sha));
	json_object_set_new(in, "reviewed", json_string(r.v[w->reviewed].code));
	json_object_set_new(in, "replace", json_string(r.v[w->old_state].code));
	json_object_set_new(in, "requested_by", json_string(r.v[w->requested_by].code));
	json_object_set_new(in, "reason", json_string(lots_reason_code(w->reason)));
	json_object_set_new(in, "note", w->note ? json_string(w->note) : json_null());
	inputs = json_dumps(in, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(in);
	util_now_iso(now, sizeof now);

	if (store_begin(s) != STORE_OK) {
		db_fail(s, err, errlen, "begin");
		goto out;
	}
	in_tx = 1;
	struct store_stmt *st = store_prepare(s,
		"SELECT COALESCE(MAX(seq), 0) + 1 FROM lots_events WHERE draw_id = ?");
	int seq = -1;
	if (st) {
		store_bind_int(st, 1, draw_id);
		if (store_step(st) == STORE_ROW)
			seq = (int)store_col_int(st, 0);
	}
	store_finalize(st);
	int64_t ev = seq > 0 ? insert_event(s, draw_id, seq, "redraw", now, w->seed, inputs, json) : -1;
	if (ev < 0) {
		db_fail(s, err, errlen, "lots_events");
		goto out;
	}
	st = store_prepare(s, "UPDATE lots_draws SET result = ? WHERE id = ?");
	int ok = st != NULL;
	if (ok) {
		store_bind_text(st, 1, json);
		store_bind_int(st, 2, draw_id);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	/* Rows of reviewers that left or changed instruments are closed;
	 * rows for new or changed reviewers are added. */
	for (int k = 0; ok && k < before.n; k++) {
		int kept = 0;
		for (int j = 0; after && j < after->n; j++)
			kept |= same_reviewer(&before.r[k], &after->r[j]);
		if (kept)
			continue;
		char instr[64];
		instr_text(before.r[k].instr, instr, sizeof instr);
		st = store_prepare(s, "UPDATE lots_assignments SET status = 'replaced', valid_to = ? "
				   "WHERE draw_id = ? AND reviewed = ? AND reviewer = ? AND status = 'active'");
		ok = st != NULL;
		if (ok) {
			store_bind_text(st, 1, now);
			store_bind_int(st, 2, draw_id);
			store_bind_text(st, 3, r.v[before.reviewed].code);
			store_bind_text(st, 4, r.v[before.r[k].state].code);
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
	}
	for (int j = 0; ok && after && j < after->n; j++) {
		int kept = 0;
		for (int k = 0; k < before.n; k++)
			kept |= same_reviewer(&before.r[k], &after->r[j]);
		if (!kept)
			ok = insert_assignment(s, draw_id, ev, &r, after, j, now) == 0;
	}
	if (ok) {
		char hex[65];
		lots_hex(w->seed, 32, hex);
		int64_t id = next_id(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_redraws");
		st = store_prepare(s,
			"INSERT INTO lots_redraws (id, draw_id, event_id, reviewed, role, old_reviewer, "
			"new_reviewer, requested_by, reason, counted, note, seed, created_at) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		ok = st != NULL && id > 0;
		if (ok) {
			store_bind_int(st, 1, id);
			store_bind_int(st, 2, draw_id);
			store_bind_int(st, 3, ev);
			store_bind_text(st, 4, r.v[w->reviewed].code);
			store_bind_text(st, 5, lots_role_code(w->role));
			store_bind_text(st, 6, r.v[w->old_state].code);
			store_bind_text(st, 7, r.v[w->new_state].code);
			store_bind_text(st, 8, r.v[w->requested_by].code);
			store_bind_text(st, 9, lots_reason_code(w->reason));
			store_bind_int(st, 10, w->reason < LOTS_REASON_EXCEPTIONAL);
			store_bind_text(st, 11, w->note);
			store_bind_text(st, 12, hex);
			store_bind_text(st, 13, now);
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
	}
	if (!ok || store_commit(s) != STORE_OK) {
		db_fail(s, err, errlen, "redraw");
		goto out;
	}
	in_tx = 0;
	if (json_out) {
		*json_out = json;
		json = NULL;
	}
	rc = LOTS_OK;
out:
	if (in_tx)
		store_rollback(s);
	free(old);
	free(json);
	free(inputs);
	lots_draw_free(&d);
	roster_free(&r);
	return rc;
}

int lots_draw_store_demo(struct store *s, const unsigned char seed[32], char *err, size_t errlen)
{
	return lots_db_draw(s, seed, NULL, NULL, err, errlen) == LOTS_OK ? 0 : -1;
}
