/* programme.c - see programme.h.
 *
 * Every query on the drawing-of-lots tables the pages need is in this file
 * (a change of those tables, e.g. a new document format, is met here
 * alone).  Reads go through statements cached on the connection: the pages
 * are public and may be asked often. */
#include "review/programme.h"
#include "review/workplan.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/roster.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* One row per (review, reviewer) of the current draw, the reviewer columns
 * NULL for a review without reviewers. */
static const char programme_sql[] =
	"SELECT r.reviewed, COALESCE(p.grp, ''), r.year, a.reviewer, a.role, a.instruments "
	"FROM lots_reviews r "
	"LEFT JOIN lots_assignments a ON a.draw_id = r.draw_id AND a.reviewed = r.reviewed "
	"  AND a.status = 'active' "
	"LEFT JOIN parties p ON p.code = r.reviewed "
	"WHERE r.draw_id = ? "
	"ORDER BY r.year, r.reviewed, a.slot";

/* Adds the instruments of the space-separated list add to the list have
 * (out, outlen), keeping table order. */
static void instr_union(char *have, size_t outlen, const char *add)
{
	unsigned m = 0;
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s %s", have, add);
	for (char *save = NULL, *t = strtok_r(tmp, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		int i = roster_instrument_parse(t);
		if (i >= 0)
			m |= INSTR_BIT(i);
	}
	struct buf b = { 0 };
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i))
			buf_printf(&b, "%s%s", b.len ? " " : "", roster_instrument_code(i));
	util_strlcpy(have, buf_str(&b), outlen);
	buf_free(&b);
}

int programme_load(struct store *s, struct programme *p)
{
	memset(p, 0, sizeof *p);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT id, created_at FROM lots_draws WHERE status = 'current'");
	if (!st)
		return 0; /* no drawing-of-lots tables: nothing drawn */
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		p->draw_id = store_col_int(st, 0);
		util_strlcpy(p->created_at, store_col_text(st, 1), sizeof p->created_at);
	}
	store_finalize(st);
	if (rc != STORE_ROW)
		return rc == STORE_DONE ? 0 : -1;
	st = store_prepare_cached(s, programme_sql);
	if (!st)
		return -1;
	store_bind_int(st, 1, p->draw_id);
	size_t cap = 0;
	struct programme_review *cur = NULL;
	while ((rc = store_step(st)) == STORE_ROW) {
		const char *code = store_col_text(st, 0);
		if (!cur || strcmp(cur->reviewed, code) != 0) {
			if (p->n == cap) {
				cap = cap ? 2 * cap : 64;
				p->v = xrealloc(p->v, cap * sizeof *p->v);
			}
			cur = &p->v[p->n++];
			memset(cur, 0, sizeof *cur);
			util_strlcpy(cur->reviewed, code, sizeof cur->reviewed);
			util_strlcpy(cur->group, store_col_text(st, 1), sizeof cur->group);
			cur->year = (int)store_col_int(st, 2);
		}
		if (store_col_is_null(st, 3) || cur->n >= PROGRAMME_MAX_REVIEWERS)
			continue;
		struct programme_reviewer *w = &cur->r[cur->n++];
		util_strlcpy(w->state, store_col_text(st, 3), sizeof w->state);
		util_strlcpy(w->role, store_col_text(st, 4), sizeof w->role);
		util_strlcpy(w->instruments, store_col_text(st, 5), sizeof w->instruments);
		instr_union(cur->instruments, sizeof cur->instruments, w->instruments);
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		programme_free(p);
		return -1;
	}
	return 0;
}

void programme_free(struct programme *p)
{
	free(p->v);
	memset(p, 0, sizeof *p);
}

static int has_word(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *q = list; (q = strstr(q, w)) != NULL; q += n)
		if ((q == list || q[-1] == ' ') && (q[n] == ' ' || q[n] == '\0'))
			return 1;
	return 0;
}

int programme_match(const struct programme_review *r, const struct programme_filter *f)
{
	if (!f)
		return 1;
	if (f->year && r->year != f->year)
		return 0;
	if (f->group && *f->group && strcmp(r->group, f->group) != 0)
		return 0;
	if (f->instrument && *f->instrument && !has_word(r->instruments, f->instrument))
		return 0;
	if (f->state && *f->state) {
		int any = strcmp(r->reviewed, f->state) == 0;
		for (size_t i = 0; !any && i < r->n; i++)
			any = strcmp(r->r[i].state, f->state) == 0;
		return any;
	}
	return 1;
}

const struct programme_review *programme_find(const struct programme *p, const char *code)
{
	for (size_t i = 0; code && i < p->n; i++)
		if (strcmp(p->v[i].reviewed, code) == 0)
			return &p->v[i];
	return NULL;
}

static int exists(struct store *s, const char *sql, const char *arg)
{
	return store_count(s, sql, arg) > 0;
}

int programme_filter_check(struct store *s, const struct programme_filter *f, char *err,
			   size_t errlen)
{
	if (f->year < 0 || f->year > 3) {
		snprintf(err, errlen, "year");
		return -1;
	}
	if (f->group && *f->group &&
	    !exists(s, "SELECT COUNT(*) FROM regional_groups WHERE code = ?", f->group)) {
		snprintf(err, errlen, "group");
		return -1;
	}
	if (f->instrument && *f->instrument && roster_instrument_parse(f->instrument) < 0) {
		snprintf(err, errlen, "instrument");
		return -1;
	}
	if (f->state && *f->state &&
	    !exists(s, "SELECT COUNT(*) FROM parties WHERE code = ?", f->state)) {
		snprintf(err, errlen, "state");
		return -1;
	}
	return 0;
}

/* ---- drawing events ---- */

static const char event_cols[] =
	"SELECT e.id, e.draw_id, e.seq, e.kind, e.created_at, e.seed, d.seed, d.roster_sha256, "
	"d.status, COALESCE(n.meeting, ''), COALESCE(n.run_by, ''), COALESCE(e.inputs, ''), "
	"COALESCE(c.meeting, ''), COALESCE(c.held_by, ''), COALESCE(c.id, 0), "
	"COALESCE(c.held_on, '') "
	"FROM lots_events e JOIN lots_draws d ON d.id = e.draw_id "
	"LEFT JOIN programme_event_notes n ON n.event_id = e.id "
	"LEFT JOIN lots_ceremonies c ON c.draw_id = e.draw_id AND e.seq = 0 "
	"AND c.status = 'held' ";

/* A text member of the event's inputs (JSON) into out, if out is empty. */
static void input_text(const char *inputs, const char *key, char *out, size_t len)
{
	if (out[0] || !inputs[0])
		return;
	json_t *j = json_loads(inputs, 0, NULL);
	const char *v = json_string_value(json_object_get(j, key));
	if (v)
		util_strlcpy_utf8(out, v, len);
	json_decref(j);
}

static void event_row(struct store_stmt *st, struct programme_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->id = store_col_int(st, 0);
	ev->draw_id = store_col_int(st, 1);
	ev->seq = (int)store_col_int(st, 2);
	util_strlcpy(ev->kind, store_col_text(st, 3), sizeof ev->kind);
	util_strlcpy(ev->created_at, store_col_text(st, 4), sizeof ev->created_at);
	util_strlcpy(ev->seed, store_col_text(st, 5), sizeof ev->seed);
	util_strlcpy(ev->draw_seed, store_col_text(st, 6), sizeof ev->draw_seed);
	util_strlcpy(ev->roster_sha256, store_col_text(st, 7), sizeof ev->roster_sha256);
	ev->current = strcmp(store_col_text(st, 8), "current") == 0;
	util_strlcpy_utf8(ev->meeting, store_col_text(st, 9), sizeof ev->meeting);
	util_strlcpy_utf8(ev->run_by, store_col_text(st, 10), sizeof ev->run_by);
	/* Draws and redraws held at a recorded meeting name it in their
	 * inputs (R237, C42); a draw held at a drawing event, its ceremony. */
	const char *inputs = store_col_text(st, 11);
	input_text(inputs, "meeting", ev->meeting, sizeof ev->meeting);
	input_text(inputs, "run_by", ev->run_by, sizeof ev->run_by);
	if (!ev->meeting[0])
		util_strlcpy_utf8(ev->meeting, store_col_text(st, 12), sizeof ev->meeting);
	if (!ev->run_by[0])
		util_strlcpy_utf8(ev->run_by, store_col_text(st, 13), sizeof ev->run_by);
	ev->ceremony_id = store_col_int(st, 14);
	util_strlcpy(ev->ceremony_held_on, store_col_text(st, 15), sizeof ev->ceremony_held_on);
}

/* The recorded meeting of ev and the drawing of lots of its draw.
 * Returns 0 or -1 on a store error. */
static int event_context(struct store *s, struct programme_event *ev)
{
	struct store_stmt *st;
	int rc;
	if (ev->meeting[0]) {
		st = store_prepare_cached(s, "SELECT title, held_on FROM lots_meetings WHERE ref = ?");
		if (!st)
			return -1;
		store_bind_text(st, 1, ev->meeting);
		rc = store_step(st);
		if (rc == STORE_ROW) {
			util_strlcpy_utf8(ev->meeting_title, store_col_text(st, 0),
					  sizeof ev->meeting_title);
			util_strlcpy(ev->meeting_held_on, store_col_text(st, 1),
				     sizeof ev->meeting_held_on);
		}
		store_finalize(st);
		if (rc != STORE_ROW && rc != STORE_DONE)
			return -1;
	}
	st = store_prepare_cached(s, "SELECT id FROM lots_events WHERE draw_id = ? AND seq = 0");
	if (!st)
		return -1;
	store_bind_int(st, 1, ev->draw_id);
	rc = store_step(st);
	if (rc == STORE_ROW)
		ev->first_event = store_col_int(st, 0);
	store_finalize(st);
	return rc == STORE_ROW || rc == STORE_DONE ? 0 : -1;
}

int programme_events(struct store *s, struct programme_event **out, size_t *n)
{
	char sql[sizeof event_cols + 64];
	snprintf(sql, sizeof sql, "%sORDER BY e.id DESC", event_cols);
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		event_row(st, &(*out)[(*n)++]);
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int programme_event_get(struct store *s, int64_t id, struct programme_event *ev,
			char **document, char **roster)
{
	char sql[sizeof event_cols + 64];
	snprintf(sql, sizeof sql, "%sWHERE e.id = ?", event_cols);
	if (document)
		*document = NULL;
	if (roster)
		*roster = NULL;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		event_row(st, ev);
	store_finalize(st);
	if (rc != STORE_ROW)
		return rc == STORE_DONE ? 1 : -1;
	if (event_context(s, ev) < 0)
		return -1;
	if (!document && !roster)
		return 0;
	st = store_prepare_cached(s,
		"SELECT e.output, d.roster_csv FROM lots_events e "
		"JOIN lots_draws d ON d.id = e.draw_id WHERE e.id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		if (document)
			*document = xstrdup(store_col_text(st, 0));
		if (roster)
			*roster = xstrdup(store_col_text(st, 1));
	}
	store_finalize(st);
	if (rc != STORE_ROW) {
		if (document) {
			free(*document);
			*document = NULL;
		}
		return rc == STORE_DONE ? 1 : -1;
	}
	return 0;
}

/* Verification results kept per process: a document is checked once. */
#define VMEMO_SLOTS 32
static struct vmemo {
	int64_t id;
	char doc_sha[65];
	int result;
	char *report;
} vmemo[VMEMO_SLOTS];
static size_t vmemo_next;
static pthread_mutex_t vmemo_lock = PTHREAD_MUTEX_INITIALIZER;

static int vmemo_get(int64_t id, const char *sha, struct buf *report)
{
	int r = -2;
	pthread_mutex_lock(&vmemo_lock);
	for (size_t i = 0; i < VMEMO_SLOTS; i++)
		if (vmemo[i].report && vmemo[i].id == id && strcmp(vmemo[i].doc_sha, sha) == 0) {
			r = vmemo[i].result;
			if (report)
				buf_puts(report, vmemo[i].report);
			break;
		}
	pthread_mutex_unlock(&vmemo_lock);
	return r;
}

static void vmemo_put(int64_t id, const char *sha, int result, const char *report)
{
	pthread_mutex_lock(&vmemo_lock);
	struct vmemo *m = &vmemo[vmemo_next];
	vmemo_next = (vmemo_next + 1) % VMEMO_SLOTS;
	free(m->report);
	m->id = id;
	util_strlcpy(m->doc_sha, sha, sizeof m->doc_sha);
	m->result = result;
	m->report = xstrdup(report);
	pthread_mutex_unlock(&vmemo_lock);
}

int programme_event_verify(struct store *s, int64_t id, int *found, struct buf *report)
{
	struct programme_event ev;
	char *doc = NULL, *csv = NULL, sha[65], dsha[65];
	unsigned char seed[32];
	struct roster r = { 0 };
	struct buf rep = { 0 };
	char err[256];
	int rc = programme_event_get(s, id, &ev, &doc, &csv);
	*found = rc != 1;
	if (rc != 0) {
		rc = rc == 1 ? 1 : -1;
		goto out;
	}
	lots_sha256_hex(doc, strlen(doc), dsha);
	rc = vmemo_get(id, dsha, report);
	if (rc != -2)
		goto out;
	rc = -1;
	if (roster_parse_csv(csv, strlen(csv), &r, err, sizeof err) < 0) {
		if (report)
			buf_printf(report, "roster: %s\n", err);
		goto out;
	}
	/* The canonical hash of the roster (docs/draw.md), as the drawer and
	 * `revmech draw verify` compute it. */
	lots_roster_hash(&r, sha);
	if (lots_seed_parse(ev.draw_seed, seed) < 0)
		goto out;
	rc = lots_verify_json(&r, sha, seed, doc, &rep);
	if (rc >= 0)
		vmemo_put(id, dsha, rc, buf_str(&rep));
	if (report)
		buf_puts(report, buf_str(&rep));
out:
	free(doc);
	free(csv);
	roster_free(&r);
	buf_free(&rep);
	return rc;
}

int programme_event_note(struct store *s, int64_t id, const char *meeting, const char *run_by,
			 char *err, size_t errlen)
{
	struct programme_event ev;
	if (!meeting || !*meeting || !run_by || !*run_by) {
		snprintf(err, errlen, "the meeting and who ran the drawing are both required");
		return -1;
	}
	if (util_utf8_len(meeting) < 0 || util_utf8_len(run_by) < 0 || strlen(meeting) > 255 ||
	    strlen(run_by) > 255) {
		snprintf(err, errlen, "the meeting and who ran it must be UTF-8, at most 255 bytes");
		return -1;
	}
	int rc = programme_event_get(s, id, &ev, NULL, NULL);
	if (rc == 1) {
		snprintf(err, errlen, "no drawing event %lld", (long long)id);
		return 1;
	}
	if (rc != 0)
		goto fail;
	char now[32];
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK)
		goto fail;
	struct store_stmt *st = store_prepare(s,
		"DELETE FROM programme_event_notes WHERE event_id = ?");
	int ok = st != NULL;
	if (ok) {
		store_bind_int(st, 1, id);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	st = ok ? store_prepare(s, "INSERT INTO programme_event_notes (event_id, meeting, run_by, "
				"recorded_at) VALUES (?, ?, ?, ?)") : NULL;
	ok = st != NULL;
	if (ok) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, meeting);
		store_bind_text(st, 3, run_by);
		store_bind_text(st, 4, now);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	if (!ok || store_commit(s) != STORE_OK) {
		store_rollback(s);
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "database: %s", store_errmsg(s));
	return -1;
}

/* ---- workplan ---- */

int programme_start_year(struct store *s)
{
	int y = PROGRAMME_DEFAULT_START;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT value FROM meta WHERE key = 'process_start_year'");
	if (!st)
		return y;
	if (store_step(st) == STORE_ROW) {
		long v;
		if (util_parse_long(store_col_text(st, 0), 1900, 2999, &v) == 0)
			y = (int)v;
	}
	store_finalize(st);
	return y;
}

int programme_set_start_year(struct store *s, int year, char *err, size_t errlen)
{
	char v[16];
	if (year < 1900 || year > 2999) {
		snprintf(err, errlen, "the start year must be between 1900 and 2999");
		return -1;
	}
	snprintf(v, sizeof v, "%d", year);
	if (store_begin(s) != STORE_OK)
		goto fail;
	struct store_stmt *st = store_prepare(s, "DELETE FROM meta WHERE key = 'process_start_year'");
	int ok = st && store_step(st) == STORE_DONE;
	store_finalize(st);
	st = ok ? store_prepare(s, "INSERT INTO meta (key, value) VALUES ('process_start_year', ?)")
		: NULL;
	ok = st != NULL;
	if (ok) {
		store_bind_text(st, 1, v);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	if (!ok || store_commit(s) != STORE_OK) {
		store_rollback(s);
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "database: %s", store_errmsg(s));
	return -1;
}

int programme_phases(struct store *s, int cohort, struct programme_phase *out, size_t max,
		     size_t *n)
{
	*n = 0;
	if (cohort < 1 || cohort > 3)
		return -1;
	int start = programme_start_year(s);
	/* Each phase in the workplan version it started under, else the one
	 * in force (R33, R38; review/workplan.h). */
	struct workplan w = { 0 };
	for (int k = 0; k < WORKPLAN_STAGES && *n < max; k++) {
		int v = k ? workplan_version_for(s, cohort, k) : workplan_current(s);
		if (v < 0 || (v != w.version && workplan_get(s, v, &w) != 0))
			return -1;
		struct programme_phase *ph = &out[(*n)++];
		ph->stage = k;
		util_strlcpy(ph->cluster, w.stage[k].cluster, sizeof ph->cluster);
		workplan_years(&w, cohort, k, &ph->first_year, &ph->last_year);
		ph->first_cal = start + ph->first_year - 1;
		ph->last_cal = start + ph->last_year - 1;
	}
	return 0;
}

/* ---- exports ---- */

void programme_write_csv(const struct programme *p, const struct programme_filter *f,
			 programme_name_fn name, void *ctx, struct buf *out)
{
	char a[256], b[256];
	buf_puts(out, "year,reviewed,reviewed_name,group,reviewer,reviewer_name,role,instruments\r\n");
	for (size_t i = 0; i < p->n; i++) {
		const struct programme_review *r = &p->v[i];
		if (!programme_match(r, f))
			continue;
		name(r->reviewed, ctx, a, sizeof a);
		for (size_t k = 0; k < (r->n ? r->n : 1); k++) {
			const struct programme_reviewer *w = r->n ? &r->r[k] : NULL;
			buf_printf(out, "%d,", r->year);
			buf_put_csv(out, r->reviewed);
			buf_putc(out, ',');
			buf_put_csv(out, a);
			buf_putc(out, ',');
			buf_put_csv(out, r->group);
			buf_putc(out, ',');
			if (w) {
				name(w->state, ctx, b, sizeof b);
				buf_put_csv(out, w->state);
				buf_putc(out, ',');
				buf_put_csv(out, b);
				buf_putc(out, ',');
				buf_put_csv(out, w->role);
				buf_putc(out, ',');
				buf_put_csv(out, w->instruments);
			} else {
				buf_puts(out, ",,,");
			}
			buf_puts(out, "\r\n");
		}
	}
}

json_t *programme_to_json(const struct programme *p, const struct programme_filter *f,
			  programme_name_fn name, void *ctx)
{
	char a[256];
	json_t *list = json_array();
	for (size_t i = 0; i < p->n; i++) {
		const struct programme_review *r = &p->v[i];
		if (!programme_match(r, f))
			continue;
		json_t *rv = json_array();
		for (size_t k = 0; k < r->n; k++) {
			name(r->r[k].state, ctx, a, sizeof a);
			json_array_append_new(rv, json_pack("{s:s, s:s, s:s, s:s}", "state",
				r->r[k].state, "name", a, "role", r->r[k].role, "instruments",
				r->r[k].instruments));
		}
		name(r->reviewed, ctx, a, sizeof a);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:i, s:s, s:o}",
			"reviewed", r->reviewed, "reviewed_name", a, "group", r->group,
			"year", r->year, "instruments", r->instruments, "reviewers", rv));
	}
	return json_pack("{s:I, s:s?, s:o}", "draw_id", (json_int_t)p->draw_id, "drawn_at",
			 p->draw_id ? p->created_at : NULL, "reviews", list);
}
