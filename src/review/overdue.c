/* overdue.c - see overdue.h. */
#include "review/overdue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogue/dialogue.h"
#include "dialogue/observation.h"
#include "response/response.h"
#include "response/submit.h"
#include "review/consult.h"
#include "review/country.h"
#include "review/people.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

const char *overdue_kind_name(int kind)
{
	switch (kind) {
	case OVERDUE_FOCAL_POINT: return "focal_point";
	case OVERDUE_EXPERTS: return "experts";
	case OVERDUE_RESPONSES: return "responses";
	case OVERDUE_OBSERVATIONS: return "observations";
	case OVERDUE_LIST: return "list";
	default: return "?";
	}
}

static void add(struct overdue *o, size_t *cap, const char *state, int cohort, int phase,
		int kind, const char *due)
{
	if (o->n == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		o->items = xreallocarray(o->items, *cap, sizeof *o->items);
	}
	struct overdue_item *it = &o->items[o->n++];
	memset(it, 0, sizeof *it);
	util_strlcpy(it->state, state, sizeof it->state);
	it->cohort = cohort;
	it->phase = phase;
	it->kind = kind;
	util_strlcpy(it->due, due, sizeof it->due);
	o->count[cohort - 1][kind]++;
}

static int by_cohort_kind_state(const void *a, const void *b)
{
	const struct overdue_item *x = a, *y = b;
	if (x->cohort != y->cohort)
		return x->cohort - y->cohort;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->phase != y->phase)
		return x->phase - y->phase;
	return strcmp(x->state, y->state);
}

/* The written observations of reviewed's phases still due (para 35,
 * phase_state_observing) past their deadline with some reviewer silent,
 * and its lists of observations past the date agreed for them: 0, or -1
 * on a store error. */
static int observations_overdue(struct store *s, struct overdue *out, size_t *icap,
				const char *code, int cohort, const char *today)
{
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	int r = country_review_load(s, code, &cr);
	if (r <= 0)
		return r;
	country_review_access(&cr, &ar, ptrs, sizeof ptrs / sizeof ptrs[0]);
	for (int p = 1; p <= PHASE_COUNT; p++) {
		/* The list of observations (para 38): due by the date agreed in
		 * the consultations, from the phase's start until it is agreed
		 * (C14: list_agreed completes the review). */
		int ps = cr.phase_state[p - 1];
		if (ps >= PHASE_QUESTIONNAIRE && ps <= PHASE_DRAFT_LIST) {
			struct consult_record cons;
			int k = consult_latest(s, code, p, &cons);
			if (k < 0)
				return -1;
			if (k == 1 && cons.list_due[0] && strcmp(cons.list_due, today) < 0)
				add(out, icap, code, cohort, p, OVERDUE_LIST, cons.list_due);
		}
		if (!phase_state_observing(cr.phase_state[p - 1]))
			continue;
		struct response_review rv;
		struct response_status rs;
		struct observation_due d;
		r = response_review_load(s, code, p, &rv);
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		if (response_status_get(s, &rv, today, &rs) < 0) {
			response_status_free(&rs);
			return -1;
		}
		struct observation_ctx c = { &ar, p, 1, rs.submitted, rs.submitted_at, NULL, NULL };
		int submitted = rs.submitted;
		r = submitted ? observation_due_get(s, &c, today, &d) : DIALOGUE_OK;
		response_status_free(&rs);
		if (r != DIALOGUE_OK)
			return -1;
		if (submitted && d.overdue)
			add(out, icap, code, cohort, p, OVERDUE_OBSERVATIONS, d.deadline);
	}
	return 0;
}

int overdue_load(struct store *s, const char *now, struct overdue *out)
{
	char nowbuf[32], (*codes)[4] = NULL;
	int *cohorts = NULL, step, rc = -1;
	size_t n = 0, cap = 0, icap = 0;
	memset(out, 0, sizeof *out);
	if (!now) {
		util_now_iso(nowbuf, sizeof nowbuf);
		now = nowbuf;
	}
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT r.reviewed, r.year FROM lots_reviews r JOIN lots_draws d "
		   "ON d.id = r.draw_id WHERE d.status = 'current' ORDER BY r.reviewed");
	if (!st)
		return -1;
	while ((step = store_step(st)) == STORE_ROW) {
		long y = (long)store_col_int(st, 1);
		if (y < 1 || y > 3)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			codes = xreallocarray(codes, cap, sizeof *codes);
			cohorts = xreallocarray(cohorts, cap, sizeof *cohorts);
		}
		util_strlcpy(codes[n], store_col_text(st, 0), sizeof codes[n]);
		cohorts[n++] = (int)y;
	}
	store_finalize(st);
	if (step != STORE_DONE)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct people_state ps;
		int r = people_load(s, codes[i], now, &ps);
		if (r < 0)
			goto out;
		if (r == 0) {
			if (ps.focal_overdue)
				add(out, &icap, codes[i], cohorts[i], 0, OVERDUE_FOCAL_POINT, ps.focal_due);
			if (ps.experts_overdue)
				add(out, &icap, codes[i], cohorts[i], 0, OVERDUE_EXPERTS, ps.experts_due);
			people_state_free(&ps);
		}
		/* Responses: the phases whose questionnaire is in progress. */
		st = store_prepare_cached(s, "SELECT phase FROM review_phase_states WHERE "
					  "reviewed = ? AND state = 'questionnaire_in_progress' "
					  "ORDER BY phase");
		if (!st)
			goto out;
		store_bind_text(st, 1, codes[i]);
		int phases[4], np = 0;
		while ((step = store_step(st)) == STORE_ROW && np < 4)
			phases[np++] = (int)store_col_int(st, 0);
		store_finalize(st);
		if (step != STORE_DONE && step != STORE_ROW)
			goto out;
		for (int k = 0; k < np; k++) {
			struct response_review rv;
			struct response_status rs;
			r = response_review_load(s, codes[i], phases[k], &rv);
			if (r < 0)
				goto out;
			if (r == 0)
				continue;
			char today[11];
			util_strlcpy(today, now, sizeof today);
			if (response_status_get(s, &rv, today, &rs) < 0) {
				response_status_free(&rs);
				goto out;
			}
			if (rs.overdue)
				add(out, &icap, codes[i], cohorts[i], phases[k], OVERDUE_RESPONSES,
				    rs.deadline);
			response_status_free(&rs);
		}
		char day[11];
		util_strlcpy(day, now, sizeof day);
		if (observations_overdue(s, out, &icap, codes[i], cohorts[i], day) < 0)
			goto out;
	}
	if (out->n)
		qsort(out->items, out->n, sizeof *out->items, by_cohort_kind_state);
	rc = 0;
out:
	free(codes);
	free(cohorts);
	if (rc < 0)
		overdue_free(out);
	return rc;
}

void overdue_free(struct overdue *o)
{
	free(o->items);
	memset(o, 0, sizeof *o);
}

void overdue_csv(const struct overdue *o, struct buf *out)
{
	buf_puts(out, "cohort,phase,kind,state,due\r\n");
	for (size_t i = 0; i < o->n; i++) {
		const struct overdue_item *it = &o->items[i];
		buf_printf(out, "%d,", it->cohort);
		if (it->phase)
			buf_printf(out, "%d", it->phase);
		buf_printf(out, ",%s,", overdue_kind_name(it->kind));
		buf_put_csv(out, it->state);
		buf_putc(out, ',');
		buf_put_csv(out, it->due);
		buf_puts(out, "\r\n");
	}
}
