/* response.c - see response.h: the questionnaires of a review, answers
 * with versions and conflicts, completion. */
#include "response/response.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "notify/notify.h"
#include "questionnaire/qdef.h"
#include "response/response_int.h"
#include "core/refdata.h"
#include "review/consult.h"
#include "review/country.h"
#include "review/people.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

int response_list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, ", ");
		if (k == n && !strncmp(p, item, n))
			return 1;
		p += k;
		p += strspn(p, ", ");
	}
	return 0;
}

/* ---- The review (stand-in for review/country.h) ---- */

int response_review_load(struct store *s, const char *reviewed, int phase,
			 struct response_review *out)
{
	int rc = -1, found = 0;
	struct store_stmt *st = NULL;
	memset(out, 0, sizeof *out);
	out->state = -1;
	if (!reviewed || strlen(reviewed) != 3 || phase < 1 || phase > PHASE_COUNT)
		return 0;
	util_strlcpy(out->reviewed, reviewed, sizeof out->reviewed);
	out->phase = phase;
	st = store_prepare_cached(s, "SELECT p.uncac FROM lots_reviews r JOIN lots_draws d "
				  "ON d.id = r.draw_id AND d.status = 'current' "
				  "JOIN parties p ON p.code = r.reviewed WHERE r.reviewed = ?");
	if (!st)
		goto out;
	store_bind_text(st, 1, reviewed);
	int r = store_step(st);
	if (r == STORE_ROW) {
		found = 1;
		out->uncac_party = (int)store_col_int(st, 0);
	} else if (r != STORE_DONE) {
		goto out;
	}
	store_finalize(st);
	st = NULL;
	if (!found) {
		rc = 0;
		goto out;
	}
	st = store_prepare_cached(s, "SELECT cluster FROM workplan WHERE stage = ?");
	if (!st)
		goto out;
	store_bind_int(st, 1, phase);
	if (store_step(st) == STORE_ROW)
		util_strlcpy(out->cluster, store_col_text(st, 0), sizeof out->cluster);
	store_finalize(st);
	/* The instruments the State is party to with articles in the cluster
	 * (the empty Firearms cell, R42, has none), in table 1 order. */
	st = store_prepare_cached(s, "SELECT i.code FROM instruments i JOIN party_instruments pi "
				  "ON pi.instrument = i.code AND pi.party = ? AND pi.status = 'party' "
				  "WHERE EXISTS (SELECT 1 FROM cluster_articles a WHERE "
				  "a.instrument = i.code AND a.cluster = ?) ORDER BY i.ord");
	if (!st)
		goto out;
	store_bind_text(st, 1, reviewed);
	store_bind_text(st, 2, out->cluster);
	while ((r = store_step(st)) == STORE_ROW) {
		size_t n = strlen(out->instruments);
		snprintf(out->instruments + n, sizeof out->instruments - n, "%s%s", n ? "," : "",
			 store_col_text(st, 0));
	}
	store_finalize(st);
	st = NULL;
	if (r != STORE_DONE)
		goto out;
	/* Once the cohort's phase has started, its snapshot decides (C5,
	 * R41, C27): the instruments then under review and the UNCAC status
	 * the State had then, not what the parties' table says today. */
	struct country_snapshot snap;
	r = country_phase_snapshot(s, reviewed, phase, &snap);
	if (r < 0)
		goto out;
	if (r > 0) {
		out->uncac_party = snap.uncac;
		util_strlcpy(out->instruments, snap.instruments, sizeof out->instruments);
	}
	out->state = phase_review_state(s, reviewed, phase);
	rc = 1;
out:
	if (st)
		store_finalize(st);
	return rc;
}

int response_state_signatory(struct store *s, const char *state)
{
	struct store_stmt *st = store_prepare_cached(s, "SELECT status FROM party_instruments "
						     "WHERE party = ? AND instrument = 'untoc'");
	if (!st)
		return -1;
	store_bind_text(st, 1, state ? state : "");
	int r = store_step(st), rc;
	if (r == STORE_ROW)
		rc = strcmp(store_col_text(st, 0), "signatory") == 0;
	else
		rc = r == STORE_DONE ? 0 : -1;
	store_finalize(st);
	return rc;
}

int response_lang_ok(const struct response_review *rv, const char *lang)
{
	if (!lang || !i18n_find(lang))
		return 0;
	if (rv->nlanguages == 0)
		return 1;
	for (size_t i = 0; i < rv->nlanguages; i++)
		if (!strcmp(rv->languages[i], lang))
			return 1;
	return 0;
}

/* ---- Questionnaires from the store ---- */

/* Table 1 as the store holds it (refdata), for the validator. */
static int table1_from_store(struct store *s, struct qdef_table1 *t)
{
	memset(t, 0, sizeof *t);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT instrument, cluster, article, condition FROM cluster_articles "
		"ORDER BY instrument, cluster, ord");
	if (!st)
		return -1;
	int r;
	struct qdef_cell *cell = NULL;
	while ((r = store_step(st)) == STORE_ROW) {
		const char *inst = store_col_text(st, 0), *cl = store_col_text(st, 1);
		if (!cell || strcmp(cell->instrument, inst) || strcmp(cell->cluster, cl)) {
			if (t->ncells == QDEF_MAX_CELLS)
				break;
			cell = &t->cells[t->ncells++];
			util_strlcpy(cell->instrument, inst, sizeof cell->instrument);
			util_strlcpy(cell->cluster, cl, sizeof cell->cluster);
		}
		if (cell->narticles < QDEF_MAX_ARTS) {
			snprintf(cell->articles[cell->narticles], sizeof cell->articles[0], "%lld",
				 (long long)store_col_int(st, 2));
			cell->uncac_only[cell->narticles++] = !strcmp(store_col_text(st, 3),
								      "not_uncac");
		}
	}
	store_finalize(st);
	return r == STORE_DONE || r == STORE_ROW ? 0 : -1;
}

/* Parses a stored version back into a definition: the row's content
 * (title and sections) with its identity and status. */
static struct qdef *qdef_from_row(const struct qdef_table1 *t, const char *id,
				  const char *instrument, const char *cluster, const char *version,
				  const char *status, const char *decision, const char *adopted_on,
				  const char *content)
{
	json_error_t je;
	json_t *c = json_loads(content, 0, &je);
	struct qdef *d = NULL;
	if (!json_is_object(c)) {
		json_decref(c);
		return NULL;
	}
	json_object_set_new(c, "id", json_string(id));
	json_object_set_new(c, "instrument", json_string(instrument));
	json_object_set_new(c, "cluster", json_string(cluster));
	json_object_set_new(c, "version", json_string(version));
	json_object_set_new(c, "status", json_string(status));
	json_object_set_new(c, "adopted_by", !strcmp(status, "adopted")
			    ? json_pack("{s:s,s:s}", "decision", decision, "date", adopted_on)
			    : json_null());
	char *text = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	if (!text)
		abort();
	char file[64];
	snprintf(file, sizeof file, "%s.json", id);
	struct qdef_errors errs = { 0 };
	if (qdef_parse(file, text, strlen(text), t, &d, &errs) < 0)
		d = NULL;
	qdef_errors_free(&errs);
	free(text);
	return d;
}

/* Parsed definitions, kept for the life of the process.  A stored
 * questionnaire's content never changes (qstore) and its status only
 * moves forward, so (id, version, status, decision, date) names one parse
 * for ever; parsing and validating four definitions on every request cost
 * about 35 ms (bench/reviews).  Shared definitions are read only (callers
 * may take references to their nodes: jansson's counts are atomic,
 * JSON_HAVE_ATOMIC_BUILTINS); the
 * slots are few (versions of a handful of questionnaires), and a parse
 * that finds them full stays private to its caller. */
#define QCACHE_SLOTS 64
static pthread_mutex_t qcache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char key[320];
	struct qdef *def;
} qcache[QCACHE_SLOTS];
static size_t qcache_n;

static struct qdef *qcache_find(const char *key)
{
	struct qdef *d = NULL;
	pthread_mutex_lock(&qcache_lock);
	for (size_t i = 0; i < qcache_n && !d; i++)
		if (strcmp(qcache[i].key, key) == 0)
			d = qcache[i].def;
	pthread_mutex_unlock(&qcache_lock);
	return d;
}

/* Keeps d under key, or, when another thread kept one first, frees d and
 * gives that one.  *shared is 1 when the result lives in the cache. */
static struct qdef *qcache_keep(const char *key, struct qdef *d, int *shared)
{
	pthread_mutex_lock(&qcache_lock);
	for (size_t i = 0; i < qcache_n; i++)
		if (strcmp(qcache[i].key, key) == 0) {
			struct qdef *kept = qcache[i].def;
			pthread_mutex_unlock(&qcache_lock);
			qdef_free(d);
			*shared = 1;
			return kept;
		}
	*shared = qcache_n < QCACHE_SLOTS;
	if (*shared) {
		util_strlcpy(qcache[qcache_n].key, key, sizeof qcache[0].key);
		qcache[qcache_n++].def = d;
	}
	pthread_mutex_unlock(&qcache_lock);
	return d;
}

void response_qns_free(struct response_qns *q)
{
	for (size_t i = 0; q && i < q->n; i++)
		if (!q->q[i].shared)
			qdef_free(q->q[i].def);
	if (q) {
		free(q->q);
		q->q = NULL;
		q->n = 0;
	}
}

/* The content of questionnaire (id, version): a new string the caller
 * frees, or NULL.  Read only when the parsed definition is not cached:
 * the text is tens of kilobytes (issue 9 bench). */
static char *qns_content(struct store *s, const char *id, const char *version)
{
	struct store_stmt *st = store_prepare_cached(s, "SELECT content FROM questionnaires "
						      "WHERE id = ? AND version = ?");
	if (!st)
		return NULL;
	store_bind_text(st, 1, id);
	store_bind_text(st, 2, version);
	char *c = store_step(st) == STORE_ROW ? xstrdup(store_col_text(st, 0)) : NULL;
	store_finalize(st);
	return c;
}

int response_qns_load(struct store *s, const struct response_review *rv,
		      struct response_qns *out)
{
	struct qdef_table1 t;
	int r = -1, have_t1 = 0;
	memset(out, 0, sizeof *out);
	out->uncac_party = rv->uncac_party;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT rq.instrument, rq.qid, rq.qversion, rq.opened_at, rq.deadline, "
		"COALESCE(rq.completed_at, ''), q.cluster, q.status, COALESCE(q.decision, ''), "
		"COALESCE(q.adopted_on, '') FROM response_questionnaires rq "
		"JOIN questionnaires q ON q.id = rq.qid AND q.version = rq.qversion "
		"JOIN instruments i ON i.code = rq.instrument "
		"WHERE rq.reviewed = ? AND rq.phase = ? ORDER BY i.ord");
	if (!st)
		return -1;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	while ((r = store_step(st)) == STORE_ROW) {
		char key[320];
		int shared = 0, n = snprintf(key, sizeof key, "%s\x1f%s\x1f%s\x1f%s\x1f%s",
					      store_col_text(st, 1), store_col_text(st, 2),
					      store_col_text(st, 7), store_col_text(st, 8),
					      store_col_text(st, 9));
		int cacheable = n > 0 && (size_t)n < sizeof key;
		struct qdef *d = cacheable ? qcache_find(key) : NULL;
		if (d) {
			shared = 1;
		} else {
			char *content = qns_content(s, store_col_text(st, 1), store_col_text(st, 2));
			if (content && !have_t1)
				have_t1 = table1_from_store(s, &t) == 0;
			d = content && have_t1
				? qdef_from_row(&t, store_col_text(st, 1), store_col_text(st, 0),
						store_col_text(st, 6), store_col_text(st, 2),
						store_col_text(st, 7), store_col_text(st, 8),
						store_col_text(st, 9), content)
				: NULL;
			free(content);
			if (!d) {
				r = -1;
				break;
			}
			if (cacheable)
				d = qcache_keep(key, d, &shared);
		}
		out->q = xreallocarray(out->q, out->n + 1, sizeof *out->q);
		struct response_qn *qn = &out->q[out->n++];
		memset(qn, 0, sizeof *qn);
		util_strlcpy(qn->instrument, store_col_text(st, 0), sizeof qn->instrument);
		util_strlcpy(qn->qid, store_col_text(st, 1), sizeof qn->qid);
		util_strlcpy(qn->qversion, store_col_text(st, 2), sizeof qn->qversion);
		util_strlcpy(qn->opened_at, store_col_text(st, 3), sizeof qn->opened_at);
		util_strlcpy(qn->deadline, store_col_text(st, 4), sizeof qn->deadline);
		util_strlcpy(qn->completed_at, store_col_text(st, 5), sizeof qn->completed_at);
		qn->def = d;
		qn->shared = shared;
	}
	store_finalize(st);
	return r == STORE_DONE ? (int)out->n : -1;
}

/* "1.10" > "1.9": versions compare by their numbers. */
static int version_cmp(const char *a, const char *b)
{
	long am = strtol(a, NULL, 10), bm = strtol(b, NULL, 10);
	const char *ad = strchr(a, '.'), *bd = strchr(b, '.');
	long an = ad ? strtol(ad + 1, NULL, 10) : 0, bn = bd ? strtol(bd + 1, NULL, 10) : 0;
	return am != bm ? (am < bm ? -1 : 1) : an != bn ? (an < bn ? -1 : 1) : 0;
}

/* ---- Dates (C12) ---- */

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int response_add_months(const char *date, int months, char out[11])
{
	int y, m, d;
	char tail;
	if (!date || strlen(date) < 10 || date[4] != '-' || date[7] != '-')
		return -1;
	if (sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 || y < 1900 || y > 9999 ||
	    m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) || months < 0 || months > 1200)
		return -1;
	int idx = (y * 12 + (m - 1)) + months;
	y = idx / 12;
	m = idx % 12 + 1;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* ---- Notices ---- */

/* The notice n in lang, to one address. */
static int notify_one(struct store *s, const char *to, const char *lang,
		      const struct response_notice *n, int temporary)
{
	const char *L = i18n_find(lang) ? lang : "en";
	char name[256];
	struct buf b = { 0 };
	if (refdata_state_name(s, n->state, L, name, sizeof name) < 0)
		util_strlcpy(name, n->state, sizeof name);
	buf_printf(&b, "%s\n\n%s: %s (%s)\n%s: ", i18n_get(L, n->line), i18n_get(L, N_("State")),
		   name, n->state, i18n_get(L, N_("Phase")));
	i18n_put_number(&b, L, n->phase);
	if (n->deadline && *n->deadline) {
		buf_printf(&b, "\n%s: ", i18n_get(L, N_("Deadline")));
		i18n_put_date(&b, L, n->deadline);
	}
	buf_puts(&b, "\n");
	if (temporary)
		buf_printf(&b, "\n%s\n", i18n_get(L, N_("You receive this as Permanent "
						     "Representative, temporary focal point until "
						     "a focal point is named (paragraph 18).")));
	char link[64];
	snprintf(link, sizeof link, "/reviews/%s/phases/%d/responses", n->state, n->phase);
	struct notify_msg m = { to, L, i18n_get(L, n->subject), buf_str(&b), link };
	int64_t id = notify_queue(s, &m);
	buf_free(&b);
	return id < 0 ? -1 : 0;
}

static int notify_rows(struct store *s, struct store_stmt *st, const struct response_notice *nt)
{
	/* Collected first: the notices are written by other statements. */
	struct to { char email[256], lang[3]; } *list = NULL;
	size_t n = 0;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		list = xreallocarray(list, n + 1, sizeof *list);
		util_strlcpy(list[n].email, store_col_text(st, 0), sizeof list[n].email);
		util_strlcpy(list[n].lang, store_col_text(st, 1), sizeof list[n].lang);
		n++;
	}
	store_finalize(st);
	int rc = r == STORE_DONE ? (int)n : -1;
	for (size_t i = 0; rc >= 0 && i < n; i++)
		if (notify_one(s, list[i].email, list[i].lang, nt, 0) < 0)
			rc = -1;
	free(list);
	return rc;
}

int response_notify(struct store *s, const char *state, const char *roles,
		    const struct response_notice *nt)
{
	/* Roles are few: one statement per role keeps the SQL constant. */
	int total = 0;
	static const char *const all[] = { "focal_point", "expert", "observer" };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		if (!response_list_has(roles, all[i]))
			continue;
		if (i == 0) {
			/* R18: the named focal point, or the Permanent
			 * Representative acting until one is named. */
			struct people_contact c;
			int k = people_contact(s, state, &c);
			if (k < 0)
				return -1;
			if (k > 0) {
				if (notify_one(s, c.email, c.lang, nt, c.temporary) < 0)
					return -1;
				total++;
				continue;
			}
		}
		struct store_stmt *st = store_prepare(s, "SELECT email, lang FROM users WHERE "
						      "state = ? AND role = ? AND disabled = 0 "
						      "ORDER BY id");
		if (!st)
			return -1;
		store_bind_text(st, 1, state);
		store_bind_text(st, 2, all[i]);
		int n = notify_rows(s, st, nt);
		if (n < 0)
			return -1;
		total += n;
	}
	return total;
}

int response_notify_secretariat(struct store *s, const struct response_notice *nt)
{
	struct store_stmt *st = store_prepare(s, "SELECT email, lang FROM users WHERE "
					      "role = 'secretariat' AND disabled = 0 ORDER BY id");
	if (!st)
		return -1;
	return notify_rows(s, st, nt);
}

/* ---- Opening ---- */

/* Start of the response period (C12): the date the cohort's phase opened. */
static int phase_start(struct store *s, const char *reviewed, int phase, char *out, size_t n)
{
	int rc = -1;
	struct store_stmt *st = store_prepare(s, "SELECT c.started_at FROM cohort_phases c "
					      "JOIN lots_reviews r ON r.year = c.cohort "
					      "JOIN lots_draws d ON d.id = r.draw_id AND "
					      "d.status = 'current' WHERE r.reviewed = ? AND c.phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	if (store_step(st) == STORE_ROW) {
		util_strlcpy(out, store_col_text(st, 0), n);
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int response_open(struct store *s, const struct response_review *rv, const char *who,
		  char *err, size_t errlen)
{
	char now[32], start[32], deadline[11];
	struct store_stmt *st = NULL;
	if (!who || !*who) {
		msg_set(err, errlen, N_("who opens the questionnaire must be named"));
		return -1;
	}
	if (!rv->instruments[0]) {
		msg_set(err, errlen, N_("%s has no instrument under review in phase %d"), rv->reviewed,
			 rv->phase);
		return -1;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	if (phase_start(s, rv->reviewed, rv->phase, start, sizeof start) < 0) {
		msg_set(err, errlen, N_("phase %d is not open for the cohort of %s"), rv->phase,
			 rv->reviewed);
		goto fail;
	}
	if (response_add_months(start, 6, deadline) < 0) {
		msg_set(err, errlen, N_("the phase's start '%s' is not a date"), start);
		goto fail;
	}
	/* Para 34, C12 (api9): a date agreed in the consultations (para 31,
	 * review/consult.h) and recorded before the opening is the deadline;
	 * consult_record() keeps it within the six months once the phase has
	 * opened, and this keeps it so for a date recorded before. */
	struct consult_record agreed;
	int ag = consult_latest(s, rv->reviewed, rv->phase, &agreed);
	if (ag < 0)
		goto fail_store;
	if (ag == 1 && agreed.responses_due[0] && strncmp(agreed.responses_due, start, 10) >= 0 &&
	    strcmp(agreed.responses_due, deadline) < 0)
		memcpy(deadline, agreed.responses_due, sizeof deadline);
	util_now_iso(now, sizeof now);
	for (const char *p = rv->instruments; *p;) {
		char inst[16] = "", qid[32] = "", best[16] = "";
		size_t k = strcspn(p, ",");
		snprintf(inst, sizeof inst, "%.*s", (int)k, p);
		p += k + (p[k] == ',');
		st = store_prepare(s, "SELECT 1 FROM response_questionnaires WHERE reviewed = ? "
				   "AND phase = ? AND instrument = ?");
		if (!st)
			goto fail_store;
		store_bind_text(st, 1, rv->reviewed);
		store_bind_int(st, 2, rv->phase);
		store_bind_text(st, 3, inst);
		int r = store_step(st);
		store_finalize(st);
		st = NULL;
		if (r == STORE_ROW) {
			msg_set(err, errlen, N_("the questionnaire of %s for phase %d is already open "
				 "(a review keeps the version it started with)"), rv->reviewed,
				 rv->phase);
			goto fail;
		}
		/* Only an adopted version may be used (R70); the newest. */
		st = store_prepare(s, "SELECT id, version FROM questionnaires WHERE instrument = ? "
				   "AND cluster = ? AND status = 'adopted'");
		if (!st)
			goto fail_store;
		store_bind_text(st, 1, inst);
		store_bind_text(st, 2, rv->cluster);
		while ((r = store_step(st)) == STORE_ROW)
			if (!best[0] || version_cmp(store_col_text(st, 1), best) > 0) {
				util_strlcpy(best, store_col_text(st, 1), sizeof best);
				util_strlcpy(qid, store_col_text(st, 0), sizeof qid);
			}
		store_finalize(st);
		st = NULL;
		if (r != STORE_DONE)
			goto fail_store;
		if (!best[0]) {
			msg_set(err, errlen, N_("no adopted questionnaire for %s cluster %s: only an "
				 "adopted version can be used in a review (R70)"), inst, rv->cluster);
			goto fail;
		}
		st = store_prepare(s, "INSERT INTO response_questionnaires (reviewed, phase, "
				   "instrument, qid, qversion, opened_at, opened_by, deadline) "
				   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			goto fail_store;
		store_bind_text(st, 1, rv->reviewed);
		store_bind_int(st, 2, rv->phase);
		store_bind_text(st, 3, inst);
		store_bind_text(st, 4, qid);
		store_bind_text(st, 5, best);
		store_bind_text(st, 6, now);
		store_bind_text(st, 7, who);
		store_bind_text(st, 8, deadline);
		if (store_step(st) != STORE_DONE)
			goto fail_store;
		store_finalize(st);
		st = NULL;
	}
	if (phase_review_move_tx(s, rv->reviewed, rv->phase, PHASE_QUESTIONNAIRE, who,
				 "questionnaire opened", err, errlen) < 0)
		goto fail;
	struct response_notice nt = {
		N_("The self-assessment questionnaire is open"),
		N_("The self-assessment questionnaire of your State's review is open for your "
		   "answers."), rv->reviewed, rv->phase, deadline };
	if (response_notify(s, rv->reviewed, "focal_point,expert", &nt) < 0)
		goto fail_store;
	if (store_commit(s) < 0)
		goto fail_store;
	return 0;
fail_store:
	msg_internal(err, errlen, store_errmsg(s));
fail:
	if (st)
		store_finalize(st);
	store_rollback(s);
	return -1;
}
