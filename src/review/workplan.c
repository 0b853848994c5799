/* workplan.c - see workplan.h. */
#include "review/workplan.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/util.h"

int workplan_current(struct store *s)
{
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT MAX(version) FROM workplan_versions");
	int v = -1;
	if (!st)
		return -1;
	if (store_step(st) == STORE_ROW && !store_col_is_null(st, 0))
		v = (int)store_col_int(st, 0);
	store_finalize(st);
	return v;
}

static void copy_col(struct store_stmt *st, int col, char *out, size_t outlen)
{
	const char *t = store_col_text(st, col);
	util_strlcpy(out, t ? t : "", outlen);
}

int workplan_get(struct store *s, int version, struct workplan *w)
{
	int rc = -1, seen = 0, step;
	memset(w, 0, sizeof *w);
	if (version == 0 && (version = workplan_current(s)) < 0)
		return -1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT decision, decided_on, recorded_by, recorded_at FROM workplan_versions "
		"WHERE version = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, version);
	step = store_step(st);
	if (step == STORE_ROW) {
		w->version = version;
		copy_col(st, 0, w->decision, sizeof w->decision);
		copy_col(st, 1, w->decided_on, sizeof w->decided_on);
		copy_col(st, 2, w->recorded_by, sizeof w->recorded_by);
		copy_col(st, 3, w->recorded_at, sizeof w->recorded_at);
	}
	store_finalize(st);
	if (step != STORE_ROW)
		return step == STORE_DONE ? 1 : -1;
	st = store_prepare_cached(s, "SELECT stage, COALESCE(cluster, ''), first_year, last_year "
				  "FROM workplan_stages WHERE version = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, version);
	while ((step = store_step(st)) == STORE_ROW) {
		int k = (int)store_col_int(st, 0);
		if (k < 0 || k >= WORKPLAN_STAGES)
			continue;
		copy_col(st, 1, w->stage[k].cluster, sizeof w->stage[k].cluster);
		w->stage[k].first_year = (int)store_col_int(st, 2);
		w->stage[k].last_year = (int)store_col_int(st, 3);
		seen |= 1 << k;
	}
	store_finalize(st);
	if (step != STORE_DONE)
		return -1;
	st = store_prepare_cached(s, "SELECT cohort, offset_years FROM workplan_cohorts "
				  "WHERE version = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, version);
	while ((step = store_step(st)) == STORE_ROW) {
		int c = (int)store_col_int(st, 0);
		if (c < 1 || c > WORKPLAN_COHORTS)
			continue;
		w->offset[c - 1] = (int)store_col_int(st, 1);
		seen |= 1 << (WORKPLAN_STAGES + c - 1);
	}
	store_finalize(st);
	if (step != STORE_DONE)
		return -1;
	rc = seen == (1 << (WORKPLAN_STAGES + WORKPLAN_COHORTS)) - 1 ? 0 : 1;
	return rc;
}

int workplan_version_for(struct store *s, int cohort, int phase)
{
	int v = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT workplan_version FROM cohort_phases WHERE cohort = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, cohort);
	store_bind_int(st, 2, phase);
	int step = store_step(st);
	if (step == STORE_ROW && !store_col_is_null(st, 0))
		v = (int)store_col_int(st, 0);
	store_finalize(st);
	if (step != STORE_ROW && step != STORE_DONE)
		return -1;
	return v > 0 ? v : workplan_current(s);
}

void workplan_years(const struct workplan *w, int cohort, int stage, int *first, int *last)
{
	int off = stage > 0 && cohort >= 1 && cohort <= WORKPLAN_COHORTS ? w->offset[cohort - 1]
									 : 0;
	int k = stage >= 0 && stage < WORKPLAN_STAGES ? stage : 0;
	*first = w->stage[k].first_year + off;
	*last = w->stage[k].last_year + off;
}

/* Reads one CSV file of the shape header[] into w with row(). */
static int parse_file(const char *text, const char *name, const char *const *header, int ncols,
		      int (*row)(struct workplan *, char **, char *, size_t), struct workplan *w,
		      char *err, size_t errlen)
{
	struct csv_reader rd;
	char why[300];
	int got, rc = -1;
	csv_open(&rd, text, strlen(text));
	got = csv_next(&rd, why, sizeof why);
	if (got <= 0) {
		snprintf(err, errlen, "%s: %s", name, got < 0 ? why : "empty file");
		goto out;
	}
	for (int c = 0; c < ncols; c++)
		if ((size_t)c >= rd.nfields || strcmp(rd.fields[c], header[c])) {
			snprintf(err, errlen, "%s: line 1, column %d: header is '%s', expected '%s'",
				 name, c + 1, (size_t)c < rd.nfields ? rd.fields[c] : "", header[c]);
			goto out;
		}
	if (rd.nfields != (size_t)ncols) {
		snprintf(err, errlen, "%s: line 1: %zu columns, expected %d", name, rd.nfields, ncols);
		goto out;
	}
	while ((got = csv_next(&rd, why, sizeof why)) > 0) {
		if (rd.nfields != (size_t)ncols) {
			snprintf(err, errlen, "%s: line %zu: %zu fields, expected %d", name,
				 rd.record_line, rd.nfields, ncols);
			goto out;
		}
		if (row(w, rd.fields, why, sizeof why) < 0) {
			snprintf(err, errlen, "%s: line %zu, %s", name, rd.record_line, why);
			goto out;
		}
	}
	if (got < 0) {
		snprintf(err, errlen, "%s: %s", name, why);
		goto out;
	}
	rc = 0;
out:
	csv_close(&rd);
	return rc;
}

static int stage_row(struct workplan *w, char **f, char *why, size_t whylen)
{
	long k, a, b;
	if (util_parse_long(f[0], 0, WORKPLAN_STAGES - 1, &k) < 0) {
		snprintf(why, whylen, "column 1 (stage): '%s' is not 0 to 4", f[0]);
		return -1;
	}
	if (util_parse_long(f[2], 1, 99, &a) < 0 || util_parse_long(f[3], 1, 99, &b) < 0) {
		snprintf(why, whylen, "columns 3-4 (first_year, last_year): not years 1 to 99");
		return -1;
	}
	if (strlen(f[1]) >= sizeof w->stage[k].cluster) {
		snprintf(why, whylen, "column 2 (cluster): '%s' is not a cluster code", f[1]);
		return -1;
	}
	util_strlcpy(w->stage[k].cluster, f[1], sizeof w->stage[k].cluster);
	w->stage[k].first_year = (int)a;
	w->stage[k].last_year = (int)b;
	return 0;
}

static int cohort_row(struct workplan *w, char **f, char *why, size_t whylen)
{
	long c, off;
	if (util_parse_long(f[0], 1, WORKPLAN_COHORTS, &c) < 0) {
		snprintf(why, whylen, "column 1 (cohort): '%s' is not 1 to 3", f[0]);
		return -1;
	}
	if (util_parse_long(f[1], 0, 10, &off) < 0) {
		snprintf(why, whylen, "column 2 (offset_years): '%s' is not 0 to 10", f[1]);
		return -1;
	}
	w->offset[c - 1] = (int)off;
	return 0;
}

int workplan_parse(struct workplan *w, const char *stages_csv, const char *cohorts_csv,
		   char *err, size_t errlen)
{
	static const char *const sh[] = { "stage", "cluster", "first_year", "last_year" };
	static const char *const ch[] = { "cohort", "offset_years" };
	struct workplan t = *w;
	/* Every row must be given again: a stage left out would keep the old
	 * years silently, which a decision changing the table never means. */
	if (stages_csv) {
		memset(t.stage, 0, sizeof t.stage);
		if (parse_file(stages_csv, "workplan", sh, 4, stage_row, &t, err, errlen) < 0)
			return -1;
	}
	if (cohorts_csv) {
		memset(t.offset, 0xff, sizeof t.offset);
		if (parse_file(cohorts_csv, "cohorts", ch, 2, cohort_row, &t, err, errlen) < 0)
			return -1;
	}
	*w = t;
	return 0;
}

static int check(struct store *s, const struct workplan *w, char *err, size_t errlen)
{
	if (!w->decision[0]) {
		snprintf(err, errlen, "the reference of the Conference decision that sets the "
			 "workplan is required (R33, R38)");
		return -1;
	}
	if (!util_date_valid(w->decided_on)) {
		snprintf(err, errlen, "'%s' is not a date YYYY-MM-DD (the decision's)", w->decided_on);
		return -1;
	}
	for (int k = 0; k < WORKPLAN_STAGES; k++) {
		const char *c = w->stage[k].cluster;
		if (w->stage[k].first_year < 1 || w->stage[k].last_year < w->stage[k].first_year) {
			snprintf(err, errlen, "stage %d: missing, or its last year is before its first",
				 k);
			return -1;
		}
		if (k > 0 && w->stage[k].first_year <= w->stage[k - 1].last_year) {
			snprintf(err, errlen, "stage %d starts in year %d, before stage %d ends (year "
				 "%d): the phases follow one another (table 2)", k,
				 w->stage[k].first_year, k - 1, w->stage[k - 1].last_year);
			return -1;
		}
		if ((k == 0) != (*c == '\0')) {
			snprintf(err, errlen, "stage %d: %s", k, k == 0 ? "the preparatory stage has "
				 "no cluster" : "a review phase needs its cluster");
			return -1;
		}
		for (int j = 1; j < k; j++)
			if (!strcmp(w->stage[j].cluster, c)) {
				snprintf(err, errlen, "cluster %s is in phases %d and %d", c, j, k);
				return -1;
			}
		if (k > 0 && store_count(s, "SELECT COUNT(*) FROM clusters WHERE code = ?", c) != 1) {
			snprintf(err, errlen, "stage %d: '%s' is not a cluster of table 1", k, c);
			return -1;
		}
	}
	for (int c = 0; c < WORKPLAN_COHORTS; c++) {
		if (w->offset[c] < 0 || w->offset[c] > 10) {
			snprintf(err, errlen, "cohort %d: no offset, or not 0 to 10 years", c + 1);
			return -1;
		}
		if (c > 0 && w->offset[c] < w->offset[c - 1]) {
			snprintf(err, errlen, "cohort %d starts before cohort %d (para 17: the cohorts "
				 "follow one another)", c + 1, c);
			return -1;
		}
	}
	return 0;
}

int workplan_record(struct store *s, struct workplan *w, const char *who, const char *ip,
		    char *err, size_t errlen)
{
	struct store_stmt *st = NULL;
	char now[32], det[600], ver[16];
	if (!who || !*who) {
		snprintf(err, errlen, "who records the workplan must be named");
		return -1;
	}
	if (check(s, w, err, errlen) < 0)
		return -1;
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK)
		goto fail_store;
	int64_t v = store_count(s, "SELECT COALESCE(MAX(version), 0) + 1 FROM workplan_versions",
				NULL);
	if (v <= 0)
		goto fail_store;
	st = store_prepare(s, "INSERT INTO workplan_versions (version, decision, decided_on, "
			   "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, v);
	store_bind_text(st, 2, w->decision);
	store_bind_text(st, 3, w->decided_on);
	store_bind_text(st, 4, who);
	store_bind_text(st, 5, now);
	if (store_step(st) != STORE_DONE)
		goto fail_store;
	store_finalize(st);
	st = store_prepare(s, "INSERT INTO workplan_stages (version, stage, cluster, first_year, "
			   "last_year) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	for (int k = 0; k < WORKPLAN_STAGES; k++) {
		store_bind_int(st, 1, v);
		store_bind_int(st, 2, k);
		store_bind_text(st, 3, k ? w->stage[k].cluster : NULL);
		store_bind_int(st, 4, w->stage[k].first_year);
		store_bind_int(st, 5, w->stage[k].last_year);
		if (store_step(st) != STORE_DONE)
			goto fail_store;
		store_reset(st);
	}
	store_finalize(st);
	st = store_prepare(s, "INSERT INTO workplan_cohorts (version, cohort, offset_years) "
			   "VALUES (?, ?, ?)");
	if (!st)
		goto fail_store;
	for (int c = 0; c < WORKPLAN_COHORTS; c++) {
		store_bind_int(st, 1, v);
		store_bind_int(st, 2, c + 1);
		store_bind_int(st, 3, w->offset[c]);
		if (store_step(st) != STORE_DONE)
			goto fail_store;
		store_reset(st);
	}
	store_finalize(st);
	st = NULL;
	snprintf(ver, sizeof ver, "%lld", (long long)v);
	snprintf(det, sizeof det, "version %lld: phases %s %d-%d, %s %d-%d, %s %d-%d, %s %d-%d; "
		 "offsets %d %d %d; decision %.200s of %s", (long long)v,
		 w->stage[1].cluster, w->stage[1].first_year, w->stage[1].last_year,
		 w->stage[2].cluster, w->stage[2].first_year, w->stage[2].last_year,
		 w->stage[3].cluster, w->stage[3].first_year, w->stage[3].last_year,
		 w->stage[4].cluster, w->stage[4].first_year, w->stage[4].last_year,
		 w->offset[0], w->offset[1], w->offset[2], w->decision, w->decided_on);
	if (audit_log(s, who, ip, "programme.workplan", ver, det) != 0)
		goto fail_store;
	if (store_commit(s) != STORE_OK)
		goto fail_store;
	w->version = (int)v;
	util_strlcpy(w->recorded_by, who, sizeof w->recorded_by);
	util_strlcpy(w->recorded_at, now, sizeof w->recorded_at);
	return 0;
fail_store:
	snprintf(err, errlen, "database: %s", store_errmsg(s));
	store_finalize(st);
	store_rollback(s);
	return -1;
}

int workplan_list(struct store *s, struct buf *out)
{
	int last = workplan_current(s);
	if (last < 0)
		return -1;
	for (int v = 1; v <= last; v++) {
		struct workplan w;
		int r = workplan_get(s, v, &w);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		buf_printf(out, "version %d: decision %s of %s, recorded by %s at %s%s\n", v,
			   w.decision, w.decided_on, w.recorded_by, w.recorded_at,
			   v == last ? " (in force)" : "");
		for (int k = 0; k < WORKPLAN_STAGES; k++)
			buf_printf(out, "  stage %d %-3s years %d-%d\n", k,
				   k ? w.stage[k].cluster : "-", w.stage[k].first_year,
				   w.stage[k].last_year);
		buf_printf(out, "  cohort offsets %d %d %d\n", w.offset[0], w.offset[1], w.offset[2]);
	}
	return 0;
}
