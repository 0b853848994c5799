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

#include "audit/audit.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int db_fail(struct store *s, char *err, size_t errlen, const char *what)
{
	char d[600];
	/* As events_order.c's: "database:" starts the detail, and a page
	 * shows the service's own words for it (msg_internal). */
	snprintf(d, sizeof d, "database: %s: %s", what, store_errmsg(s));
	msg_internal(err, errlen, d);
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

/* The id of the draw in force, 0 if none, -1 on error. */
static int64_t current_draw_id(struct store *s)
{
	struct store_stmt *st = store_prepare(s, "SELECT id FROM lots_draws WHERE status = 'current'");
	int64_t id = -1;
	if (st) {
		int r = store_step(st);
		id = r == STORE_ROW ? store_col_int(st, 0) : r == STORE_DONE ? 0 : -1;
	}
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
			    const char *output, const char *chain_head, const char *algorithm)
{
	char hex[65], com[65];
	lots_hex(seed, 32, hex);
	lots_seed_commitment(seed, com);
	int64_t id = next_id(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_events");
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO lots_events (id, draw_id, seq, kind, created_at, seed, algorithm, inputs, "
		"output, seed_commitment, chain_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
	store_bind_text(st, 7, algorithm);
	store_bind_text(st, 8, inputs);
	store_bind_text(st, 9, output);
	store_bind_text(st, 10, com);
	store_bind_text(st, 11, chain_head);
	int ok = store_step(st) == STORE_DONE;
	store_finalize(st);
	return ok ? id : -1;
}

/* Who ran an event (R237): the name given (--by), else the account. */
static const char *run_by(const struct lots_event_meta *meta)
{
	return !meta ? "-" : meta->run_by && *meta->run_by ? meta->run_by :
	       meta->actor ? meta->actor : "-";
}

/* The meeting of a draw or redraw is a recorded one (R237, C42); a redraw
 * at a meeting that takes requests is applied from them only. */
static int meeting_check(struct store *s, const struct lots_event_meta *meta, int redraw,
			 char *err, size_t errlen)
{
	if (!meta || !meta->meeting)
		return LOTS_OK;
	if (lots_meeting_require(s, meta->meeting, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	if (redraw && !meta->from_request) {
		struct store_stmt *st = store_prepare(s, "SELECT 1 FROM lots_requests WHERE meeting = ?");
		int has = 0;
		if (st) {
			store_bind_text(st, 1, meta->meeting);
			has = store_step(st) == STORE_ROW;
		}
		store_finalize(st);
		if (has) {
			msg_set(err, errlen, N_("meeting '%.200s' takes its operations as requests, "
						"applied in the order drawn at it: lodge this one as a "
						"request of the meeting"), meta->meeting);
			return LOTS_EINPUT;
		}
	}
	return LOTS_OK;
}

static void put_meta(json_t *in, const struct lots_event_meta *meta)
{
	if (meta && (meta->run_by || meta->actor))
		json_object_set_new(in, "run_by", json_string(run_by(meta)));
	if (meta && meta->meeting)
		json_object_set_new(in, "meeting", json_string(meta->meeting));
	if (meta && meta->ceremony > 0) {
		/* What anyone needs to check the ceremony: the seed revealed
		 * hashes to the commitment published, and mixed with the
		 * entropy gives the document's seed. */
		json_t *c = json_object();
		json_object_set_new(c, "id", json_integer((json_int_t)meta->ceremony));
		json_object_set_new(c, "published_commitment",
				    json_string(meta->published_commitment ? meta->published_commitment : ""));
		json_object_set_new(c, "revealed_seed",
				    json_string(meta->revealed_seed ? meta->revealed_seed : ""));
		json_object_set_new(c, "entropy_name", meta->entropy_name ?
				    json_string(meta->entropy_name) : json_null());
		json_object_set_new(c, "entropy_value", meta->entropy_value ?
				    json_string(meta->entropy_value) : json_null());
		json_object_set_new(c, "mix", json_string("revmech-seed-mix/1"));
		json_object_set_new(in, "ceremony", c);
	}
}

/* The ceremony of meta as the document records it (R51); owned. */
static struct lots_draw_ceremony *ceremony_record(const struct lots_event_meta *meta)
{
	struct lots_draw_ceremony *c = xcalloc(1, sizeof *c);
	c->meeting = xstrdup(meta->meeting ? meta->meeting : "");
	c->published_commitment = xstrdup(meta->published_commitment ?
					  meta->published_commitment : "");
	c->revealed_seed = xstrdup(meta->revealed_seed ? meta->revealed_seed : "");
	c->entropy_name = meta->entropy_name ? xstrdup(meta->entropy_name) : NULL;
	c->entropy_value = meta->entropy_value ? xstrdup(meta->entropy_value) : NULL;
	return c;
}

/* Marks the ceremony of meta held by draw id, inside the draw's
 * transaction; 0, or -1 when it is no longer prepared (held meanwhile). */
static int ceremony_mark_held(struct store *s, const struct lots_event_meta *meta, int64_t id,
			      const char *now)
{
	struct store_stmt *st = store_prepare(s, "UPDATE lots_ceremonies SET status = 'held', "
		"draw_id = ?, held_by = ?, held_at = ?, seed = ?, entropy_value = ? "
		"WHERE id = ? AND status = 'prepared'");
	int ok = st != NULL;
	if (ok) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, meta->actor ? meta->actor : "-");
		store_bind_text(st, 3, now);
		store_bind_text(st, 4, meta->revealed_seed);
		store_bind_text(st, 5, meta->entropy_value);
		store_bind_int(st, 6, meta->ceremony);
		ok = store_step(st) == STORE_DONE && store_changes(s) == 1;
	}
	store_finalize(st);
	return ok ? 0 : -1;
}

int lots_db_draw(struct store *s, const unsigned char seed[32], char **json_out,
		 int64_t *draw_id, char *err, size_t errlen)
{
	return lots_db_draw_meta(s, seed, NULL, json_out, draw_id, err, errlen);
}

int lots_db_redraw(struct store *s, const struct lots_redraw_req *req, char **json_out,
		   char *err, size_t errlen)
{
	return lots_db_redraw_meta(s, req, NULL, json_out, err, errlen);
}

/* A draw from seed, or (manual not NULL) the record of one held by hand,
 * stored as the current draw. */
static int db_draw(struct store *s, const unsigned char *seed, const char *manual,
		   size_t manual_len, const struct lots_event_meta *meta, char **json_out,
		   int64_t *draw_id, char *err, size_t errlen)
{
	struct roster dbr = { 0 }, r = { 0 };
	struct lots_draw d = { 0 };
	struct buf csv = { 0 }, excl = { 0 };
	char *json = NULL, *inputs = NULL, sha[65], hex[65], now[32];
	int rc = LOTS_EINPUT, in_tx = 0;

	if (json_out)
		*json_out = NULL;
	if (meeting_check(s, meta, 0, err, errlen) != LOTS_OK)
		goto out;
	if (roster_load_db(s, &dbr, err, errlen) < 0)
		goto out;
	/* Draw from the CSV form, so that `draw verify --roster` on the
	 * exported roster gives the same result. */
	roster_write_csv(&dbr, &csv);
	if (roster_parse_csv(csv.p ? csv.p : "", csv.len, &r, err, errlen) < 0)
		goto out;
	lots_roster_hash(&r, sha);
	/* The parameters in force (R38, params.c): drawn under, recorded in
	 * the document. */
	struct lots_params prm;
	if (lots_db_params_current(s, &prm, err, errlen) != LOTS_OK)
		goto out;
	if (manual)
		rc = lots_manual_parse(&r, sha, manual, manual_len, &d, err, errlen);
	else
		rc = lots_draw_make_params(&r, sha, seed, &prm, NULL, &d, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	d.params = prm;
	if (!manual && meta && meta->cohorts_only)
		lots_draw_cohorts_only(&d);   /* C3 (cohorts.c) */
	seed = d.seed; /* a manual draw's is derived from its record */
	if (meta && meta->ceremony > 0)
		d.ceremony = ceremony_record(meta);
	json = lots_draw_to_json(&d, &r);
	if (manual) {
		/* A result drawn by hand is recorded only if it keeps every
		 * rule (C45). */
		struct buf rep = { 0 };
		int nv = lots_verify_json(&r, sha, NULL, json, &rep);
		if (nv != 0) {
			msg_set(err, errlen, N_("the draw held by hand breaks rules (%d); nothing "
						"recorded: %s"), nv, buf_str(&rep));
			buf_free(&rep);
			rc = LOTS_EINFEASIBLE;
			goto out;
		}
		buf_free(&rep);
	}
	rc = LOTS_EINPUT;
	lots_exclusions(&r, &excl);
	json_t *in = json_object();
	json_object_set_new(in, "roster_sha256", json_string(sha));
	lots_seed_commitment(seed, hex);
	json_object_set_new(in, "seed_commitment", json_string(hex));
	json_object_set_new(in, "parties", json_integer((json_int_t)r.n));
	put_meta(in, meta);
	/* Marked plainly when no commitment was published before (R51). */
	if (!meta || meta->ceremony <= 0)
		json_object_set_new(in, "ceremony", json_null());
	if (!manual && meta && meta->cohorts_only)
		json_object_set_new(in, "cohorts_only", json_true());
	if (manual) {
		/* The record is identified by its canonical form, not by the
		 * bytes of the file (docs/draw.md "A draw held by hand"). */
		char fh[65];
		struct buf canon = { 0 };
		lots_manual_canonical(&r, &d, &canon);
		lots_sha256_hex(canon.p ? canon.p : "", canon.len, fh);
		buf_free(&canon);
		json_object_set_new(in, "manual", json_true());
		json_object_set_new(in, "record_sha256", json_string(fh));
		lots_sha256_hex(manual, manual_len, fh);
		json_object_set_new(in, "file_sha256", json_string(fh));
	}
	json_object_set_new(in, "exclusions", json_string(buf_str(&excl)));
	/* The opt-outs the draw followed, with when and by what (C34). */
	char *oo = lots_db_opt_outs_json(s);
	json_t *ooj = oo ? json_loads(oo, 0, NULL) : NULL;
	free(oo);
	json_object_set_new(in, "opt_outs", ooj ? ooj : json_array());
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
	/* A draw in force is replaced only on purpose, and that is audited
	 * (issue 8 item 6): the old one stays, marked superseded. */
	int64_t old_id = current_draw_id(s);
	if (old_id < 0) {
		db_fail(s, err, errlen, "lots_draws");
		goto out;
	}
	/* And never once a review of it has begun (F21, R46): checked in
	 * the transaction that would replace it. */
	if (old_id > 0) {
		int sc = lots_db_supersede_check(s, meta && meta->supersede, err, errlen);
		if (sc != LOTS_OK) {
			rc = sc;
			goto out;
		}
	}
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
	/* A draw held by hand is marked so in the store too (C45). */
	store_bind_text(st, 3, manual ? LOTS_ALGORITHM_MANUAL : LOTS_ALGORITHM);
	store_bind_text(st, 4, hex);
	store_bind_text(st, 5, sha);
	store_bind_text(st, 6, buf_str(&csv));
	store_bind_text(st, 7, json);
	ok = store_step(st) == STORE_DONE;
	store_finalize(st);
	char root[65];
	lots_chain_root(&d, root);
	int64_t ev = ok ? insert_event(s, id, 0, "lots", now, seed, inputs, json, root,
					  manual ? LOTS_ALGORITHM_MANUAL : LOTS_ALGORITHM) : -1;
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
	if (meta && meta->ceremony > 0 && ceremony_mark_held(s, meta, id, now) < 0) {
		msg_set(err, errlen, N_("drawing event %lld is no longer prepared"),
			(long long)meta->ceremony);
		goto out;
	}
	/* The audit entries go in the same transaction as the draw (R237). */
	char obj[48], det[512], com[65], m80[81], b80[81];
	lots_seed_commitment(seed, com);
	/* Cut without splitting a UTF-8 sequence (PostgreSQL refuses it). */
	util_strlcpy_utf8(m80, meta && meta->meeting ? meta->meeting : "-", sizeof m80);
	util_strlcpy_utf8(b80, run_by(meta), sizeof b80);
	snprintf(obj, sizeof obj, "draw %lld", (long long)id);
	snprintf(det, sizeof det, "event %lld; seed_commitment %s; meeting %s; run by %s",
		 (long long)ev, com, m80, b80);
	char oldobj[48], olddet[64];
	snprintf(oldobj, sizeof oldobj, "draw %lld", (long long)old_id);
	snprintf(olddet, sizeof olddet, "superseded by draw %lld", (long long)id);
	if (meta && meta->actor &&
	    ((old_id > 0 && audit_log(s, meta->actor, meta->ip, "draw.supersede", oldobj,
					 olddet) < 0) ||
	     audit_log(s, meta->actor, meta->ip, manual ? "draw.manual" : "draw.lots", obj,
		       det) < 0)) {
		db_fail(s, err, errlen, "audit_log");
		goto out;
	}
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

int lots_db_draw_meta(struct store *s, const unsigned char seed[32],
		      const struct lots_event_meta *meta, char **json_out, int64_t *draw_id,
		      char *err, size_t errlen)
{
	return db_draw(s, seed, NULL, 0, meta, json_out, draw_id, err, errlen);
}

int lots_db_record_manual(struct store *s, const char *csv, size_t len,
			  const struct lots_event_meta *meta, char **json_out, int64_t *draw_id,
			  char *err, size_t errlen)
{
	return db_draw(s, NULL, csv, len, meta, json_out, draw_id, err, errlen);
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
		msg_const(err, errlen, N_("no drawing of lots is stored yet"));
		goto out;
	}
	*draw_id = store_col_int(st, 0);
	const char *csv = store_col_text(st, 1);
	if (roster_parse_csv(csv, strlen(csv), r, err, errlen) < 0)
		goto out;
	lots_roster_hash(r, roster_sha256);
	*json = xstrdup(store_col_text(st, 2));
	rc = LOTS_OK;
out:
	store_finalize(st);
	return rc;
}

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

/* The moves of a redraw as compact JSON, as the document lists them.
 * Caller frees. */
static char *moves_json(const struct roster *r, const struct lots_redraw *w)
{
	json_t *a = json_array();
	for (int m = 0; m < w->nmoves; m++) {
		const struct lots_move *mv = &w->moves[m];
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "reviewed",
			r->v[mv->reviewed].code, "role", lots_role_code(mv->role),
			"old", mv->old_state >= 0 ? json_string(r->v[mv->old_state].code) : json_null(),
			"new", mv->new_state >= 0 ? json_string(r->v[mv->new_state].code) : json_null()));
	}
	char *t = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(a);
	return t;
}

int lots_db_decision_check(struct store *s, const char *ref, const char *date,
			   const char *title, char *err, size_t errlen)
{
	if (!ref || !*ref || !title || !*title) {
		msg_const(err, errlen, N_("a decision needs its reference and its title"));
		return LOTS_EINPUT;
	}
	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-') {
		msg_set(err, errlen, N_("the decision's date '%s' is not a date YYYY-MM-DD"),
			date ? date : "");
		return LOTS_EINPUT;
	}
	if (decision_exists(s, ref)) {
		msg_set(err, errlen, N_("decision '%s' is already recorded"), ref);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

int lots_db_add_decision(struct store *s, const char *ref, const char *date,
			 const char *title, char *err, size_t errlen)
{
	char now[32];
	if (lots_db_decision_check(s, ref, date, title, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO lots_decisions (ref, decided_on, "
					      "title, created_at) VALUES (?, ?, ?, ?)");
	int ok = st != NULL;
	if (ok) {
		store_bind_text(st, 1, ref);
		store_bind_text(st, 2, date);
		store_bind_text(st, 3, title);
		store_bind_text(st, 4, now);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	return ok ? LOTS_OK : db_fail(s, err, errlen, "lots_decisions");
}

static int same_reviewer(const struct lots_reviewer *a, const struct lots_reviewer *b)
{
	return a->state == b->state && a->instr == b->instr && a->role == b->role;
}

static int sync_review(struct store *s, int64_t draw_id, int64_t ev, const struct roster *r,
		       const struct lots_review *before, const struct lots_review *after,
		       const char *now)
{
	int ok = 1;
	for (int k = 0; ok && k < before->n; k++) {
		int kept = 0;
		for (int j = 0; j < after->n; j++)
			kept |= same_reviewer(&before->r[k], &after->r[j]);
		if (kept)
			continue;
		struct store_stmt *st = store_prepare(s, "UPDATE lots_assignments SET status = "
			"'replaced', valid_to = ? WHERE draw_id = ? AND reviewed = ? AND reviewer = ? "
			"AND status = 'active'");
		ok = st != NULL;
		if (ok) {
			store_bind_text(st, 1, now);
			store_bind_int(st, 2, draw_id);
			store_bind_text(st, 3, r->v[before->reviewed].code);
			store_bind_text(st, 4, r->v[before->r[k].state].code);
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
	}
	for (int j = 0; ok && j < after->n; j++) {
		int kept = 0;
		for (int k = 0; k < before->n; k++)
			kept |= same_reviewer(&before->r[k], &after->r[j]);
		if (!kept)
			ok = insert_assignment(s, draw_id, ev, r, after, j, now) == 0;
	}
	return ok ? 0 : -1;
}

int lots_db_redraw_meta(struct store *s, const struct lots_redraw_req *req,
			const struct lots_event_meta *meta, char **json_out, char *err,
			size_t errlen)
{
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], now[32], *old = NULL, *json = NULL, *inputs = NULL;
	struct lots_review *before = NULL;
	int64_t draw_id;
	int rc, in_tx = 0;

	if (json_out)
		*json_out = NULL;
	rc = meeting_check(s, meta, 1, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	rc = lots_db_load_current(s, &draw_id, &r, sha, &old, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	/* A slot a later drawing event made (events.c) is redrawn there; the
	 * document is unchanged. */
	if (lots_op_redraw_applies(s, req->reviewed, req->replace)) {
		rc = lots_op_redraw(s, req, meta, NULL, err, errlen);
		if (rc == LOTS_OK && json_out) {
			*json_out = old;
			old = NULL;
		}
		goto out;
	}
	rc = lots_draw_from_json(old, &r, &d, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	/* A redraw may change several reviews (its chain of reassignments):
	 * the assignment rows of each are brought in line below. */
	before = xmalloc((d.nreviews + 1) * sizeof *before);
	memcpy(before, d.reviews, d.nreviews * sizeof *before);
	if (req->decision && *req->decision && !decision_exists(s, req->decision)) {
		msg_set(err, errlen, N_("no decision '%s' is recorded: record the decision first "
					"(the decision form, or revmech draw decision)"), req->decision);
		rc = LOTS_EINPUT;
		goto out;
	}
	rc = lots_redraw(&r, &d, req, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	/* The drawing events since the draw (events.c) count too. */
	rc = lots_ops_guard(s, &r, &d, err, errlen);
	if (rc != LOTS_OK)
		goto out;
	rc = LOTS_EINPUT;
	json = lots_draw_to_json(&d, &r);
	const struct lots_redraw *w = &d.redraws[d.nredraws - 1];
	json_t *in = json_object();
	json_object_set_new(in, "roster_sha256", json_string(sha));
	json_object_set_new(in, "reviewed", json_string(r.v[w->reviewed].code));
	json_object_set_new(in, "replace", json_string(r.v[w->old_state].code));
	json_object_set_new(in, "requested_by", json_string(r.v[w->requested_by].code));
	json_object_set_new(in, "reason", json_string(lots_reason_code(w->reason)));
	json_object_set_new(in, "note", w->note ? json_string(w->note) : json_null());
	json_object_set_new(in, "decision", w->decision ? json_string(w->decision) : json_null());
	json_object_set_new(in, "seq", json_integer(w->seq));
	put_meta(in, meta);
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
	int64_t ev = seq > 0 ? insert_event(s, draw_id, seq, "redraw", now, w->seed, inputs, json,
					    w->hash, d.manual ? LOTS_ALGORITHM_MANUAL : LOTS_ALGORITHM) : -1;
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
	for (size_t i = 0; ok && i < d.nreviews; i++)
		if (memcmp(&before[i], &d.reviews[i], sizeof before[i]) != 0)
			ok = sync_review(s, draw_id, ev, &r, &before[i], &d.reviews[i], now) == 0;
	if (ok) {
		char hex[65];
		lots_hex(w->seed, 32, hex);
		int64_t id = next_id(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_redraws");
		st = store_prepare(s,
			"INSERT INTO lots_redraws (id, draw_id, event_id, reviewed, role, old_reviewer, "
			"new_reviewer, requested_by, reason, counted, note, seed, created_at, seq, "
			"decision, exception, moves, prev_hash, hash, consent) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
			store_bind_int(st, 14, w->seq);
			store_bind_text(st, 15, w->decision);
			store_bind_text(st, 16, w->exception >= 0 ? r.v[w->exception].code : NULL);
			char *mv = moves_json(&r, w);
			store_bind_text(st, 17, mv);
			char prev[65];
			if (d.nredraws > 1)
				util_strlcpy(prev, d.redraws[d.nredraws - 2].hash, sizeof prev);
			else
				lots_chain_root(&d, prev);
			store_bind_text(st, 18, prev);
			store_bind_text(st, 19, w->hash);
			char *cs = NULL;
			if (w->consent_ref) {
				json_t *cj = json_pack("{s:s, s:s, s:s}", "by", w->consent_by, "date",
						       w->consent_date, "reference", w->consent_ref);
				cs = json_dumps(cj, JSON_COMPACT | JSON_PRESERVE_ORDER);
				json_decref(cj);
			}
			store_bind_text(st, 20, cs);
			ok = store_step(st) == STORE_DONE;
			free(cs);
			free(mv);
		}
		store_finalize(st);
	}
	if (ok && meta && meta->actor) {
		char obj[48], det[512], m80[81], b80[81];
		util_strlcpy_utf8(m80, meta->meeting ? meta->meeting : "-", sizeof m80);
		util_strlcpy_utf8(b80, run_by(meta), sizeof b80);
		snprintf(obj, sizeof obj, "draw %lld redraw %d", (long long)draw_id, w->seq);
		snprintf(det, sizeof det, "%s: %s replaced by %s (%s); requested by %s, reason %s; "
			 "meeting %s; run by %s", r.v[w->reviewed].code, r.v[w->old_state].code,
			 r.v[w->new_state].code, lots_role_code(w->role), r.v[w->requested_by].code,
			 lots_reason_code(w->reason), m80, b80);
		ok = audit_log(s, meta->actor, meta->ip, "draw.redraw", obj, det) == 0;
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
	free(before);
	free(old);
	free(json);
	free(inputs);
	lots_draw_free(&d);
	roster_free(&r);
	return rc;
}

int lots_draw_store_demo(struct store *s, const unsigned char seed[32], char *err, size_t errlen)
{
	/* Held at a recorded meeting as every draw is (C42), named so that
	 * nobody takes it for one of the Conference. */
	static const char ref[] = "DEMO/2026/1";
	if (lots_meeting_get(s, ref, NULL) == 0 &&
	    lots_meeting_add(s, ref, "2026-01-15", "Demonstration (not a meeting of the Conference)",
			     "revmech init --demo", "local", err, errlen) != LOTS_OK)
		return -1;
	struct lots_event_meta meta = { .run_by = "revmech init --demo", .meeting = ref };
	return lots_db_draw_meta(s, seed, &meta, NULL, NULL, err, errlen) == LOTS_OK ? 0 : -1;
}
