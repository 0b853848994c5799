/* consult.c - see consult.h. */
#include "review/consult.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "review/country.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* YYYY-MM-DD (a prefix of an ISO time is enough) into y, m, d. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	if (strlen(s) > 10 && s[10] != 'T')
		return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return -1;
	return 0;
}

int consult_add_months(const char *date, int months, char out[11])
{
	int y, m, d;
	if (parse_date(date, &y, &m, &d) < 0 || months < 0)
		return -1;
	int idx = (m - 1) + months;
	y += idx / 12;
	m = idx % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
	return 0;
}

/* An optional date field: "" or NULL is none; otherwise a calendar date
 * exactly YYYY-MM-DD. */
static int opt_date(const char *v, const char *what, char out[11], char *err, size_t errlen)
{
	int y, m, d;
	out[0] = '\0';
	if (!v || !*v)
		return 0;
	if (strlen(v) != 10 || parse_date(v, &y, &m, &d) < 0) {
		msg_set(err, errlen, N_("%s: a date YYYY-MM-DD"), what);
		return -1;
	}
	memcpy(out, v, 11);
	return 0;
}

/* The working languages: 1-3 distinct codes of the six; canonical comma
 * list into out. */
static int check_languages(const char *list, int *exceptional, char *out, size_t outlen,
			   char *err, size_t errlen)
{
	char tmp[64], seen[8][3];
	size_t n = 0, len = 0;
	if (!list || util_strlcpy(tmp, list, sizeof tmp) < 0) {
		msg_set(err, errlen, N_("working languages: one or two of ar, zh, en, fr, ru, es"));
		return -1;
	}
	out[0] = '\0';
	for (char *save = NULL, *t = strtok_r(tmp, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		if (!i18n_find(t) || strlen(t) != 2) {
			msg_set(err, errlen, N_("unknown working language '%s' (ar, zh, en, fr, ru, es; "
				 "para 49)"), t);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			if (strcmp(seen[i], t) == 0) {
				msg_set(err, errlen, N_("working language '%s' named twice"), t);
				return -1;
			}
		if (n == 8 || ++n > 3) {
			msg_set(err, errlen, N_("at most three working languages, and three only "
				 "exceptionally (para 50)"));
			return -1;
		}
		util_strlcpy(seen[n - 1], t, sizeof seen[0]);
		len += (size_t)snprintf(out + len, len < outlen ? outlen - len : 0, "%s%s",
					len ? "," : "", t);
	}
	if (n == 0) {
		msg_set(err, errlen, N_("working languages: one or two of ar, zh, en, fr, ru, es"));
		return -1;
	}
	if (n == 3 && !*exceptional) {
		msg_set(err, errlen, N_("three working languages only exceptionally (para 50): mark "
			 "the record exceptional, or agree on one or two"));
		return -1;
	}
	if (n < 3)
		*exceptional = 0;
	return 0;
}

/* When phase opened for reviewed's cohort (its date), "" when not yet. */
static int phase_start(struct store *s, int cohort, int phase, char out[11])
{
	out[0] = '\0';
	struct store_stmt *st = store_prepare_cached(s, "SELECT started_at FROM cohort_phases "
						     "WHERE cohort = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, cohort);
	store_bind_int(st, 2, phase);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		snprintf(out, 11, "%.10s", store_col_text(st, 0));
	store_finalize(st);
	return rc == STORE_ROW || rc == STORE_DONE ? 0 : -1;
}

int64_t consult_record(struct store *s, const struct consult_input *in, const char *who,
		       char *err, size_t errlen)
{
	struct country_review cr;
	char langs[16], rd[11], od[11], dd[11], ld[11], start[11], limit[11], now[32];
	int exceptional = in->exceptional ? 1 : 0;
	int f = country_review_load(s, in->reviewed, &cr);
	if (f < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	if (f == 0 || cr.cohort == 0) {
		msg_set(err, errlen, N_("no country review of '%s' in the current programme"),
			 in->reviewed ? in->reviewed : "");
		return -1;
	}
	if (in->phase < 1 || in->phase > 4) {
		msg_set(err, errlen, N_("phase: 1 to 4"));
		return -1;
	}
	if (check_languages(in->languages, &exceptional, langs, sizeof langs, err, errlen) < 0 ||
	    opt_date(in->responses_due, "responses due", rd, err, errlen) < 0 ||
	    opt_date(in->observations_due, "observations due", od, err, errlen) < 0 ||
	    opt_date(in->dialogue_on, "dialogue", dd, err, errlen) < 0 ||
	    opt_date(in->list_due, "list of observations due", ld, err, errlen) < 0)
		return -1;
	if (in->note && util_utf8_len(in->note) > 1000) {
		msg_set(err, errlen, N_("note: at most 1000 characters"));
		return -1;
	}
	if (phase_start(s, cr.cohort, in->phase, start) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	/* C12: the responses period runs from the phase's opening, six months
	 * at most (para 34). */
	if (rd[0] && start[0]) {
		consult_add_months(start, 6, limit);
		if (strcmp(rd, start) < 0 || strcmp(rd, limit) > 0) {
			msg_set(err, errlen, N_("responses due %s: between the opening of the phase (%s) "
				 "and six months later (%s, para 34)"), rd, start, limit);
			return -1;
		}
	}
	if (od[0] && rd[0]) {
		consult_add_months(rd, 6, limit);
		if (strcmp(od, rd) < 0 || strcmp(od, limit) > 0) {
			msg_set(err, errlen, N_("observations due %s: after the responses (%s) and at "
				 "most six months later (%s, para 35)"), od, rd, limit);
			return -1;
		}
	}
	if (ld[0] && ((od[0] && strcmp(ld, od) < 0) || (rd[0] && strcmp(ld, rd) < 0))) {
		msg_set(err, errlen, N_("the list of observations comes after the responses and "
			 "the observations"));
		return -1;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO consultations (reviewed, phase, languages, exceptional, responses_due, "
		"observations_due, dialogue_on, list_due, note, recorded_at, recorded_by) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t id = -1;
	if (st) {
		store_bind_text(st, 1, cr.reviewed);
		store_bind_int(st, 2, in->phase);
		store_bind_text(st, 3, langs);
		store_bind_int(st, 4, exceptional);
		store_bind_text(st, 5, rd[0] ? rd : NULL);
		store_bind_text(st, 6, od[0] ? od : NULL);
		store_bind_text(st, 7, dd[0] ? dd : NULL);
		store_bind_text(st, 8, ld[0] ? ld : NULL);
		store_bind_text(st, 9, in->note ? in->note : "");
		store_bind_text(st, 10, now);
		store_bind_text(st, 11, who);
		if (store_step(st) == STORE_DONE)
			id = store_last_id(s);
		store_finalize(st);
	}
	/* C12, para 34 (api9): the agreed date, once recorded, is the
	 * deadline of the responses that is shown, reminded and flagged
	 * overdue; without one it is six months after the opening.  The
	 * questionnaires already opened for the phase take it here, in the
	 * record's transaction, so that every reader of
	 * response_questionnaires.deadline (response/, review/overdue) sees
	 * the calendar in force; response_open() reads it for those opened
	 * later (response/ sits above review/, so it cannot be called from
	 * here). */
	if (id > 0 && start[0]) {
		char due[11];
		if (rd[0])
			memcpy(due, rd, sizeof due);
		else
			consult_add_months(start, 6, due);
		struct store_stmt *up = store_prepare(s, "UPDATE response_questionnaires SET "
						      "deadline = ? WHERE reviewed = ? AND phase = ?");
		if (!up) {
			id = -1;
		} else {
			store_bind_text(up, 1, due);
			store_bind_text(up, 2, cr.reviewed);
			store_bind_int(up, 3, in->phase);
			if (store_step(up) != STORE_DONE)
				id = -1;
			store_finalize(up);
		}
	}
	if (id <= 0 || store_commit(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		store_rollback(s);
		return -1;
	}
	return id;
}

static const char record_cols[] =
	"SELECT id, reviewed, phase, languages, exceptional, COALESCE(responses_due, ''), "
	"COALESCE(observations_due, ''), COALESCE(dialogue_on, ''), COALESCE(list_due, ''), note, "
	"recorded_at, recorded_by FROM consultations ";

static void record_row(struct store_stmt *st, struct consult_record *r)
{
	memset(r, 0, sizeof *r);
	r->id = store_col_int(st, 0);
	util_strlcpy(r->reviewed, store_col_text(st, 1), sizeof r->reviewed);
	r->phase = (int)store_col_int(st, 2);
	util_strlcpy(r->languages, store_col_text(st, 3), sizeof r->languages);
	r->exceptional = (int)store_col_int(st, 4);
	util_strlcpy(r->responses_due, store_col_text(st, 5), sizeof r->responses_due);
	util_strlcpy(r->observations_due, store_col_text(st, 6), sizeof r->observations_due);
	util_strlcpy(r->dialogue_on, store_col_text(st, 7), sizeof r->dialogue_on);
	util_strlcpy(r->list_due, store_col_text(st, 8), sizeof r->list_due);
	util_strlcpy_utf8(r->note, store_col_text(st, 9), sizeof r->note);
	util_strlcpy(r->recorded_at, store_col_text(st, 10), sizeof r->recorded_at);
	util_strlcpy_utf8(r->recorded_by, store_col_text(st, 11), sizeof r->recorded_by);
}

int consult_latest(struct store *s, const char *reviewed, int phase, struct consult_record *out)
{
	char sql[sizeof record_cols + 96];
	snprintf(sql, sizeof sql, "%sWHERE reviewed = ? AND (? = 0 OR phase = ?) ORDER BY id DESC "
		 "LIMIT 1", record_cols);
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_int(st, 3, phase);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		record_row(st, out);
	store_finalize(st);
	return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

int consult_history(struct store *s, const char *reviewed, struct consult_record **out,
		    size_t *n)
{
	char sql[sizeof record_cols + 64];
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	snprintf(sql, sizeof sql, "%sWHERE reviewed = ? ORDER BY id DESC", record_cols);
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 4;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		record_row(st, &(*out)[(*n)++]);
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
