/* events_check.c - checking the history of a programme after its drawing
 * of lots (issue 12; R51, R54, R60, R62, R68, C11, C42): `draw verify
 * --db` replays every stored op from its own inputs and parties and
 * checks its chain link, then checks the rules on the programme in force
 * with every op; and a redraw that the ops made since the draw would turn
 * into a violation is refused before it is stored (lots_ops_guard). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/events_int.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int recorded(struct store *s, const char *sql, const char *key)
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

static const char *jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v && *v ? v : NULL;
}

/* The rules on the programme in force (paras 26, 28 a, 28 c, 29): one
 * line per violation into report (counted), "open: " lines for what is
 * still to be drawn (not counted). */
static int rules(const struct ev_prog *p, struct buf *report, int with_open)
{
	const struct roster *r = &p->cur;
	int n = 0;
	int *load = xcalloc(r->n + 1, sizeof *load);
	for (size_t i = 0; i < p->nv; i++) {
		const struct ev_review *v = &p->v[i];
		const char *x = r->v[v->reviewed].code;
		for (int k = 0; k < v->n; k++) {
			load[v->s[k].st]++;
			if (v->s[k].st == v->reviewed) {
				buf_printf(report, "programme: %s reviews itself\n", x);
				n++;
			}
			for (int j = 0; j < k; j++)
				if (v->s[j].st == v->s[k].st) {
					buf_printf(report, "programme: %s is twice a reviewer of %s\n",
						   r->v[v->s[k].st].code, x);
					n++;
				}
		}
		/* The cap of the draw's parameters version (R38), as the ops
		 * themselves apply it (events.c). */
		if (v->n > p->prm.max_reviewers && !v->consent) {
			buf_printf(report, "programme: %s has %d reviewers, more than %d without "
				   "its recorded consent (para 28 c)\n", x, v->n, p->prm.max_reviewers);
			n++;
		}
		if (with_open) {
			struct buf nb = { 0 };
			if (ev_needs(p, i, &nb)) {
				const char *q = buf_str(&nb);
				while (*q) {
					size_t len = strcspn(q, "\n");
					buf_printf(report, "open: %.*s (to be drawn at a later meeting, "
						   "R60)\n", (int)len, q);
					q += len + (q[len] == '\n');
				}
			}
			buf_free(&nb);
		}
	}
	for (size_t i = 0; i < p->np; i++)
		if (p->pa[i] < p->pb[i] && ev_pair_has(p, p->pb[i], p->pa[i])) {
			buf_printf(report, "programme: %s and %s review each other at some time "
				   "(para 28 a)\n", r->v[p->pa[i]].code, r->v[p->pb[i]].code);
			n++;
		}
	for (size_t y = 0; with_open && y < r->n; y++)
		if (load[y] == 0 && lots_int_may_review(&r->v[y]))
			buf_printf(report, "open: %s reviews no State yet (para 29; drawn first for "
				   "the next slot it can take)\n", r->v[y].code);
	for (size_t y = 0; y < r->n; y++)
		if (load[y] > p->cap[y]) {
			buf_printf(report, "programme: %s reviews %d States, more than %d (para 29)\n",
				   r->v[y].code, load[y], p->cap[y]);
			n++;
		}
	free(load);
	return n;
}

/* The document of the drawing event whose chain head is head. */
static char *base_doc(struct store *s, int64_t draw_id, const char *head)
{
	struct store_stmt *st = store_prepare(s, "SELECT output FROM lots_events WHERE draw_id = ? "
					      "AND chain_head = ? ORDER BY seq DESC");
	char *t = NULL;
	if (st) {
		store_bind_int(st, 1, draw_id);
		store_bind_text(st, 2, head);
		if (store_step(st) == STORE_ROW)
			t = xstrdup(store_col_text(st, 0));
	}
	store_finalize(st);
	return t;
}

static char *parties_csv(struct store *s, char *err, size_t errlen)
{
	struct roster dbr = { 0 };
	struct buf csv = { 0 };
	if (roster_load_db(s, &dbr, err, errlen) < 0)
		return NULL;
	roster_write_csv(&dbr, &csv);
	roster_free(&dbr);
	char *t = xstrdup(buf_str(&csv));
	buf_free(&csv);
	return t;
}

struct oprow {
	int seq;
	char *base_head, *roster_csv, *inputs, *output, *prev, *hash, *meeting;
	json_t *doc;
};

static void oprows_free(struct oprow *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].base_head);
		free(v[i].roster_csv);
		free(v[i].inputs);
		free(v[i].output);
		free(v[i].prev);
		free(v[i].hash);
		free(v[i].meeting);
		json_decref(v[i].doc);
	}
	free(v);
}

static int oprows_load(struct store *s, int64_t draw_id, struct oprow **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(s, "SELECT seq, base_head, roster_csv, inputs, "
		"output, prev_hash, hash, meeting FROM lots_ops WHERE draw_id = ? ORDER BY seq");
	if (!st)
		return -1;
	store_bind_int(st, 1, draw_id);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		struct oprow *o = &(*out)[(*n)++];
		o->seq = (int)store_col_int(st, 0);
		o->base_head = xstrdup(store_col_text(st, 1));
		o->roster_csv = xstrdup(store_col_text(st, 2));
		o->inputs = xstrdup(store_col_text(st, 3));
		o->output = xstrdup(store_col_text(st, 4));
		o->prev = xstrdup(store_col_text(st, 5));
		o->hash = xstrdup(store_col_text(st, 6));
		o->meeting = xstrdup(store_col_text(st, 7));
		o->doc = json_loads(o->output, 0, NULL);
	}
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

/* Replays op k (0-based) of v on its own inputs: 0 if its document is
 * what they give, else the line why. */
static int replay(struct store *s, int64_t draw_id, const struct roster *r, struct oprow *v,
		  size_t k, const char *prev, struct buf *report)
{
	struct oprow *o = &v[k];
	char err[600];
	char *bj = base_doc(s, draw_id, o->base_head);
	struct lots_draw bd = { 0 };
	struct ev_prog p = { 0 };
	json_t *in = json_loads(o->inputs, 0, NULL), *doc = NULL;
	json_t **prior = xmalloc((k + 1) * sizeof *prior);
	int bad = 1;
	for (size_t i = 0; i < k; i++)
		prior[i] = v[i].doc;
	if (!bj || lots_draw_from_json(bj, r, &bd, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "history: op %d is based on no stored drawing event (%.16s...)\n",
			   o->seq, o->base_head);
		goto out;
	}
	if (!in || ev_prog_build(&p, o->roster_csv, r, &bd, prior, k, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "history: op %d cannot be replayed: %s\n", o->seq,
			   in ? err : "its inputs are not JSON");
		goto out;
	}
	json_t *c = json_object_get(in, "cohort");
	struct ev_req q = { .kind = jstr(in, "kind"), .meeting = jstr(in, "meeting"),
			    .state = jstr(in, "state"), .instrument = jstr(in, "instrument"),
			    .decision = jstr(in, "decision"), .consent_by = jstr(in, "consent_by"),
			    .consent_date = jstr(in, "consent_date"),
			    .consent_ref = jstr(in, "consent_ref"), .replace = jstr(in, "replace"),
			    .requested_by = jstr(in, "requested_by"), .reason = jstr(in, "reason"),
			    .note = jstr(in, "note"),
			    .share = json_is_true(json_object_get(in, "share")),
			    .cohort = json_is_integer(c) ? (int)json_integer_value(c) : 0 };
	if (!q.kind || ev_compute(&p, &q, o->seq, prev, &doc, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "history: op %d cannot be replayed from its inputs: %s\n", o->seq,
			   q.kind ? err : "no kind");
		goto out;
	}
	char *t = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	bad = !t || strcmp(t, o->output) != 0;
	free(t);
	if (bad)
		buf_printf(report, "history: op %d is not what its seed and inputs give (its "
			   "document was changed, or drawn otherwise)\n", o->seq);
out:
	free(bj);
	free(prior);
	json_decref(in);
	json_decref(doc);
	lots_draw_free(&bd);
	ev_prog_free(&p);
	return bad;
}

int lots_ops_check(struct store *s, struct buf *report)
{
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	struct ev_prog p = { 0 };
	struct oprow *v = NULL;
	size_t nv = 0;
	char sha[65], err[600], *json = NULL, *cur = NULL;
	int64_t draw_id;
	int n = -1;
	if (lots_db_load_current(s, &draw_id, &r, sha, &json, err, sizeof err) != LOTS_OK ||
	    lots_draw_from_json(json, &r, &d, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "%s\n", err);
		goto out;
	}
	if (oprows_load(s, draw_id, &v, &nv) < 0) {
		buf_printf(report, "database: %s\n", store_errmsg(s));
		goto out;
	}
	n = 0;
	if (!(cur = parties_csv(s, err, sizeof err)) ||
	    ev_prog_build(&p, cur, &r, &d, NULL, 0, err, sizeof err) != LOTS_OK) {
		if (!nv)   /* as before: a draw without ops is the draw's own check */
			goto out;
		buf_printf(report, "history: %s\n", err);
		n = -1;
		goto out;
	}
	/* An opt-out recorded after the draw, and applied by no op (C34). */
	if (!nv) {
		n += ev_check_optouts(&p, NULL, 0, report);
		goto out;
	}
	char prev[65];
	ev_root(&p, prev);
	ev_prog_free(&p);
	json_t **docs = xmalloc((nv + 1) * sizeof *docs);
	for (size_t k = 0; k < nv; k++) {
		struct oprow *o = &v[k];
		docs[k] = o->doc;
		char h[65] = "";
		if (o->doc)
			ev_doc_hash(o->doc, h);
		if (o->seq != (int)k + 1) {
			buf_printf(report, "history: op %d stands at place %zu of the history (ops "
				   "removed or renumbered)\n", o->seq, k + 1);
			n++;
		}
		if (!o->doc || strcmp(h, o->hash) ||
		    strcmp(jstr(o->doc, "hash") ? jstr(o->doc, "hash") : "", o->hash)) {
			buf_printf(report, "history: op %d: its document does not hash to its record "
				   "(changed after it was made)\n", o->seq);
			n++;
		}
		if (strcmp(o->prev, prev) || !o->doc ||
		    strcmp(jstr(o->doc, "prev") ? jstr(o->doc, "prev") : "", prev)) {
			buf_printf(report, "history: op %d does not follow op %d (chain broken: removed, "
				   "reordered or inserted)\n", o->seq, o->seq - 1);
			n++;
		}
		if (!recorded(s, "SELECT 1 FROM lots_meetings WHERE ref = ?", o->meeting)) {
			buf_printf(report, "history: op %d was held at meeting '%s', which is not "
				   "recorded (C42)\n", o->seq, o->meeting);
			n++;
		}
		const char *dec = o->doc ? jstr(o->doc, "decision") : NULL;
		if (dec && !recorded(s, "SELECT 1 FROM lots_decisions WHERE ref = ?", dec)) {
			buf_printf(report, "history: op %d cites decision '%s', which is not recorded\n",
				   o->seq, dec);
			n++;
		}
		if (o->doc)
			n += replay(s, draw_id, &r, v, k, prev, report);
		util_strlcpy(prev, o->hash, sizeof prev);
	}
	if (ev_prog_build(&p, cur, &r, &d, docs, nv, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "history: %s\n", err);
		n++;
	} else {
		n += rules(&p, report, 1);
		n += ev_check_optouts(&p, docs, nv, report);
	}
	free(docs);
out:
	ev_prog_free(&p);
	oprows_free(v, nv);
	free(cur);
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	return n;
}

int lots_ops_guard(struct store *s, const struct roster *r, const struct lots_draw *d,
		   char *err, size_t errlen)
{
	struct oprow *v = NULL;
	size_t nv = 0;
	struct ev_prog p = { 0 };
	char *cur = NULL;
	int64_t draw_id = -1;
	int rc = LOTS_OK;
	struct store_stmt *st = store_prepare(s, "SELECT id FROM lots_draws WHERE status = "
					      "'current'");
	if (st && store_step(st) == STORE_ROW)
		draw_id = store_col_int(st, 0);
	store_finalize(st);
	if (draw_id < 0 || oprows_load(s, draw_id, &v, &nv) < 0 || !nv)
		goto out;
	json_t **docs = xmalloc((nv + 1) * sizeof *docs);
	for (size_t k = 0; k < nv; k++)
		docs[k] = v[k].doc;
	struct buf rep = { 0 };
	if (!(cur = parties_csv(s, err, errlen)) ||
	    ev_prog_build(&p, cur, r, d, docs, nv, err, errlen) != LOTS_OK) {
		rc = LOTS_EINPUT;
	} else if (rules(&p, &rep, 0) > 0) {
		/* The report's last newline is not part of the message. */
		if (rep.len && rep.p[rep.len - 1] == '\n')
			rep.p[--rep.len] = '\0';
		msg_set(err, errlen, N_("the redraw cannot be made: with the drawing events since "
			"the draw (late parties, supplementary reviewers) it would break a rule: %s"),
			buf_str(&rep));
		rc = LOTS_EINFEASIBLE;
	}
	buf_free(&rep);
	free(docs);
out:
	ev_prog_free(&p);
	oprows_free(v, nv);
	free(cur);
	return rc;
}
