/* params.c - the parameters of the drawing of lots, versioned with the
 * Conference decision that set them (issue 12; R38; migration 0029,
 * table lots_parameters).  See lots.h and docs/draw.md "Parameters". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "audit/audit.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

void lots_params_default(struct lots_params *p)
{
	memset(p, 0, sizeof *p);
	p->version = 1;
	p->max_reviewers = LOTS_MAX_REVIEWERS;
	p->redraw_limit = LOTS_REDRAW_LIMIT;
	p->load_min = LOTS_LOAD_MIN;
	p->load_max = LOTS_LOAD_MAX;
	p->cohorts = LOTS_COHORTS;
	util_strlcpy(p->decision, LOTS_PARAMS_DECISION_1, sizeof p->decision);
	util_strlcpy(p->decided_on, LOTS_PARAMS_DATE_1, sizeof p->decided_on);
}

const struct lots_params *lots_draw_params(const struct lots_draw *d, struct lots_params *tmp)
{
	if (d && d->params.version > 0)
		return &d->params;
	lots_params_default(tmp);
	return tmp;
}

int lots_params_supported(const struct lots_params *p, char *why, size_t whylen)
{
	const char *bad = NULL;
	if (p->max_reviewers < 2 || p->max_reviewers > LOTS_MAX_SLOTS)
		bad = "max_reviewers";
	else if (p->redraw_limit < 0 || p->redraw_limit > 100)
		bad = "redraw_limit";
	else if (p->load_min < 0 || p->load_min > p->load_max)
		bad = "load_min";
	else if (p->load_max < 1 || p->load_max > 100)
		bad = "load_max";
	else if (p->cohorts < 1 || p->cohorts > LOTS_MAX_COHORTS)
		bad = "cohorts";
	else if (p->literal_28b_search != 0 && p->literal_28b_search != 1)
		bad = "literal_28b_search";
	if (!bad)
		return 1;
	snprintf(why, whylen, "parameters version %d (decision %s): %s out of range (max_reviewers "
		 "2..%d, 0 <= load_min <= load_max <= 100, load_max >= 1, cohorts 1..%d, "
		 "redraw_limit 0..100, literal_28b_search 0 or 1)", p->version, p->decision, bad,
		 LOTS_MAX_SLOTS, LOTS_MAX_COHORTS);
	return 0;
}

int lots_params_from_json(const char *json, struct lots_params *p, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_loads(json, 0, &je);
	json_t *o = json_object_get(root, "parameters");
	int rc = LOTS_EINPUT;
	if (!o)
		o = root;
	lots_params_default(p);
	if (!json_is_object(o)) {
		snprintf(err, errlen, "--parameters: not a JSON object of the parameters, nor a drawing "
			 "document");
		goto out;
	}
	static const char *const keys[] = { "max_reviewers", "redraw_limit", "load_min", "load_max",
					    "cohorts", "version", "literal_28b_search" };
	int *dst[] = { &p->max_reviewers, &p->redraw_limit, &p->load_min, &p->load_max, &p->cohorts,
		       &p->version, &p->literal_28b_search };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *x = json_object_get(o, keys[i]);
		if (!x && i == 6)
			continue;   /* absent: 0 */
		if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 100000) {
			snprintf(err, errlen, "--parameters: %s is missing or not a number", keys[i]);
			goto out;
		}
		*dst[i] = (int)json_integer_value(x);
	}
	const char *dec = json_string_value(json_object_get(o, "decision"));
	const char *on = json_string_value(json_object_get(o, "decided_on"));
	if (!dec || !*dec || !on || p->version < 1) {
		snprintf(err, errlen, "--parameters: version, decision and decided_on are required (R38)");
		goto out;
	}
	util_strlcpy(p->decision, dec, sizeof p->decision);
	util_strlcpy(p->decided_on, on, sizeof p->decided_on);
	rc = lots_params_supported(p, err, errlen) ? LOTS_OK : LOTS_EINPUT;
out:
	json_decref(root);
	return rc;
}

/* literal_28b_search is migration 0041's: a store before it (a test store
 * migrated step by step, an old copy read before `revmech migrate`) has
 * none, and reads as 0, the value of every version before it. */
#define LITERAL_MIGRATION 41

static const char *select_cols(struct store *s)
{
	return store_schema_version(s) >= LITERAL_MIGRATION
		? "SELECT version, max_reviewers, redraw_limit, load_min, load_max, cohorts, "
		  "decision, decided_on, literal_28b_search FROM lots_parameters "
		: "SELECT version, max_reviewers, redraw_limit, load_min, load_max, cohorts, "
		  "decision, decided_on, 0 FROM lots_parameters ";
}

static void row_read(struct store_stmt *st, struct lots_params *p)
{
	memset(p, 0, sizeof *p);
	p->version = (int)store_col_int(st, 0);
	p->max_reviewers = (int)store_col_int(st, 1);
	p->redraw_limit = (int)store_col_int(st, 2);
	p->load_min = (int)store_col_int(st, 3);
	p->load_max = (int)store_col_int(st, 4);
	p->cohorts = (int)store_col_int(st, 5);
	util_strlcpy(p->decision, store_col_text(st, 6) ? store_col_text(st, 6) : "",
		     sizeof p->decision);
	util_strlcpy(p->decided_on, store_col_text(st, 7) ? store_col_text(st, 7) : "",
		     sizeof p->decided_on);
	p->literal_28b_search = (int)store_col_int(st, 8);
}

int lots_db_params_current(struct store *s, struct lots_params *p, char *err, size_t errlen)
{
	char sql[320];
	snprintf(sql, sizeof sql, "%sORDER BY version DESC LIMIT 1", select_cols(s));
	struct store_stmt *st = store_prepare(s, sql);
	int rc = st && store_step(st) == STORE_ROW;
	if (rc)
		row_read(st, p);
	store_finalize(st);
	if (!rc) {
		snprintf(err, errlen, "database: no parameters of the drawing of lots (migration "
			 "0029 not applied?): %s", store_errmsg(s));
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

int lots_db_params_record(struct store *s, struct lots_params *p, const char *by,
			  const char *ip, char *err, size_t errlen)
{
	if (!p->decision[0]) {
		snprintf(err, errlen, "--decision: the reference of the Conference decision that sets "
			 "the parameters is required (R38)");
		return LOTS_EINPUT;
	}
	if (!util_date_valid(p->decided_on)) {
		snprintf(err, errlen, "--date: '%s' is not a date YYYY-MM-DD", p->decided_on);
		return LOTS_EINPUT;
	}
	if (p->max_reviewers < 2 || p->max_reviewers > LOTS_MAX_SLOTS) {
		snprintf(err, errlen, "--max-reviewers: %d is not between 2 and %d", p->max_reviewers,
			 LOTS_MAX_SLOTS);
		return LOTS_EINPUT;
	}
	if (p->redraw_limit < 0 || p->redraw_limit > 100) {
		snprintf(err, errlen, "--redraw-limit: %d is not between 0 and 100", p->redraw_limit);
		return LOTS_EINPUT;
	}
	if (p->load_min < 0 || p->load_max < p->load_min || p->load_max < 1 || p->load_max > 100) {
		snprintf(err, errlen, "--load-min/--load-max: %d to %d is not a range within 0..100",
			 p->load_min, p->load_max);
		return LOTS_EINPUT;
	}
	/* The drawer draws up to LOTS_MAX_COHORTS cohorts, but the store
	 * keeps a review's year as 1 to 3 (lots_reviews, migration 0002). */
	if (p->cohorts < 1 || p->cohorts > LOTS_DB_MAX_COHORTS) {
		snprintf(err, errlen, "--cohorts: %d is not between 1 and %d (the store holds at most "
			 "%d cohorts)", p->cohorts, LOTS_DB_MAX_COHORTS, LOTS_DB_MAX_COHORTS);
		return LOTS_EINPUT;
	}
	if (p->literal_28b_search != 0 && p->literal_28b_search != 1) {
		snprintf(err, errlen, "--literal-28b-search: %d is not 0 or 1", p->literal_28b_search);
		return LOTS_EINPUT;
	}
	char now[32];
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		return LOTS_EINPUT;
	}
	struct store_stmt *st = store_prepare(s, "SELECT COALESCE(MAX(version), 0) + 1 FROM "
					      "lots_parameters");
	int64_t v = st && store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
	store_finalize(st);
	int ok = v > 0;
	int lit_col = store_schema_version(s) >= LITERAL_MIGRATION;
	if (!lit_col && p->literal_28b_search) {
		snprintf(err, errlen, "--literal-28b-search: the store needs `revmech migrate` "
			 "(migration 0041)");
		store_rollback(s);
		return LOTS_EINPUT;
	}
	st = ok ? store_prepare(s, lit_col
				? "INSERT INTO lots_parameters (version, max_reviewers, redraw_limit, "
				  "load_min, load_max, cohorts, decision, decided_on, recorded_by, "
				  "recorded_at, literal_28b_search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				: "INSERT INTO lots_parameters (version, max_reviewers, redraw_limit, "
				  "load_min, load_max, cohorts, decision, decided_on, recorded_by, "
				  "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") : NULL;
	ok = st != NULL;
	if (ok) {
		store_bind_int(st, 1, v);
		store_bind_int(st, 2, p->max_reviewers);
		store_bind_int(st, 3, p->redraw_limit);
		store_bind_int(st, 4, p->load_min);
		store_bind_int(st, 5, p->load_max);
		store_bind_int(st, 6, p->cohorts);
		store_bind_text(st, 7, p->decision);
		store_bind_text(st, 8, p->decided_on);
		store_bind_text(st, 9, by ? by : "-");
		store_bind_text(st, 10, now);
		if (lit_col)
			store_bind_int(st, 11, p->literal_28b_search);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	char det[512], ver[32];
	snprintf(ver, sizeof ver, "%lld", (long long)v);
	snprintf(det, sizeof det, "version %lld: max_reviewers %d, redraw_limit %d, load %d..%d, "
		 "cohorts %d%s; decision %.200s of %s", (long long)v, p->max_reviewers,
		 p->redraw_limit, p->load_min, p->load_max, p->cohorts,
		 p->literal_28b_search ? ", literal_28b_search 1" : "", p->decision, p->decided_on);
	if (ok)
		ok = audit_log(s, by, ip, "draw.params", ver, det) == 0;
	if (!ok || store_commit(s) != STORE_OK) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		store_rollback(s);
		return LOTS_EINPUT;
	}
	p->version = (int)v;
	return LOTS_OK;
}

int lots_db_params_list(struct store *s, struct buf *out)
{
	char sql[320];
	snprintf(sql, sizeof sql, "%sORDER BY version", select_cols(s));
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		return -1;
	while (store_step(st) == STORE_ROW) {
		struct lots_params p;
		row_read(st, &p);
		buf_printf(out, "version %d: max_reviewers %d, redraw_limit %d, load_min %d, "
			   "load_max %d, cohorts %d%s; decision %s of %s\n", p.version, p.max_reviewers,
			   p.redraw_limit, p.load_min, p.load_max, p.cohorts,
			   p.literal_28b_search ? ", literal_28b_search 1" : "", p.decision,
			   p.decided_on);
	}
	store_finalize(st);
	return 0;
}

int lots_db_params_check(struct store *s, const char *json, struct buf *report)
{
	json_error_t je;
	json_t *root = json_loads(json, 0, &je), *p = json_object_get(root, "parameters");
	int n = 0;
	if (!json_is_object(p)) {
		buf_printf(report, "parameters: the document records none (R38)\n");
		json_decref(root);
		return 1;
	}
	json_int_t v = json_integer_value(json_object_get(p, "version"));
	char sql[320];
	snprintf(sql, sizeof sql, "%sWHERE version = ?", select_cols(s));
	struct store_stmt *st = store_prepare(s, sql);
	if (!st) {
		json_decref(root);
		return -1;
	}
	store_bind_int(st, 1, v);
	if (store_step(st) != STORE_ROW) {
		buf_printf(report, "parameters: version %lld is not a recorded version (changed "
			   "without a decision, R38)\n", (long long)v);
		n++;
	} else {
		struct lots_params q;
		row_read(st, &q);
		static const char *const keys[] = { "max_reviewers", "redraw_limit", "load_min",
						    "load_max", "cohorts" };
		const int want[] = { q.max_reviewers, q.redraw_limit, q.load_min, q.load_max,
				     q.cohorts };
		for (int i = 0; i < 5; i++) {
			json_t *x = json_object_get(p, keys[i]);
			if (!json_is_integer(x) || json_integer_value(x) != want[i]) {
				buf_printf(report, "parameters: %s is not %d, the value of recorded version "
					   "%d (changed without a decision, R38)\n", keys[i], want[i],
					   q.version);
				n++;
			}
		}
		/* Written only when 1 (docs/draw.md "Parameters"). */
		json_t *ls = json_object_get(p, "literal_28b_search");
		int lsv = ls ? (json_is_integer(ls) ? (int)json_integer_value(ls) : -1) : 0;
		if (lsv != q.literal_28b_search) {
			buf_printf(report, "parameters: literal_28b_search is not %d, the value of "
				   "recorded version %d (changed without a decision, R38)\n",
				   q.literal_28b_search, q.version);
			n++;
		}
		const char *dec = json_string_value(json_object_get(p, "decision"));
		if (!dec || strcmp(dec, q.decision) != 0) {
			buf_printf(report, "parameters: decision is not '%s', the one recorded for "
				   "version %d (R38)\n", q.decision, q.version);
			n++;
		}
	}
	store_finalize(st);
	json_decref(root);
	return n;
}

int lots_db_params_all(struct store *s, struct lots_params **out, size_t *n)
{
	char sql[320];
	snprintf(sql, sizeof sql, "%sORDER BY version", select_cols(s));
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		row_read(st, &(*out)[(*n)++]);
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
