/* country.c - see country.h.
 *
 * Reads the drawing-of-lots tables the way review/programme.c does (the
 * current draw, active assignments) and the phase tables of review/phase;
 * writes only country_phase_instruments. */
#include "review/country.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roster.h"
#include "review/people.h"
#include "review/disclosure.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

int country_list_has(const char *list, const char *instrument)
{
	size_t n = instrument ? strlen(instrument) : 0;
	if (!list || !*list)
		return 1;
	if (n == 0)
		return 0;
	for (const char *q = list; *q;) {
		size_t len = strcspn(q, ",");
		if (len == n && memcmp(q, instrument, n) == 0)
			return 1;
		q += len;
		if (*q == ',')
			q++;
	}
	return 0;
}

/* The space-separated list of lots_assignments as a comma list in table 1
 * order (unknown words dropped). */
static void comma_list(const char *spaced, char *out, size_t outlen)
{
	unsigned m = 0;
	char tmp[128];
	util_strlcpy(tmp, spaced, sizeof tmp);
	for (char *save = NULL, *t = strtok_r(tmp, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		int i = roster_instrument_parse(t);
		if (i >= 0)
			m |= INSTR_BIT(i);
	}
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i))
			len += (size_t)snprintf(out + len, len < outlen ? outlen - len : 0, "%s%s",
						len ? "," : "", roster_instrument_code(i));
}

int country_review_load(struct store *s, const char *reviewed, struct country_review *out)
{
	struct store_stmt *st;
	int rc, snapshots = 0;
	memset(out, 0, sizeof *out);
	for (int i = 0; i < 4; i++)
		out->phase_state[i] = -1;
	if (!reviewed || strlen(reviewed) != 3)
		return 0;
	util_strlcpy(out->reviewed, reviewed, sizeof out->reviewed);

	st = store_prepare_cached(s, "SELECT r.year FROM lots_reviews r JOIN lots_draws d "
				  "ON d.id = r.draw_id WHERE d.status = 'current' AND r.reviewed = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	rc = store_step(st);
	if (rc == STORE_ROW)
		out->cohort = (int)store_col_int(st, 0);
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return -1;

	st = store_prepare_cached(s, "SELECT a.reviewer, a.role, a.instruments FROM lots_assignments a "
				  "JOIN lots_draws d ON d.id = a.draw_id WHERE d.status = 'current' "
				  "AND a.status = 'active' AND a.reviewed = ? ORDER BY a.slot, a.id");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((rc = store_step(st)) == STORE_ROW && out->nreviewers < COUNTRY_MAX_REVIEWERS) {
		struct country_reviewer *w = &out->reviewers[out->nreviewers++];
		util_strlcpy(w->state, store_col_text(st, 0), sizeof w->state);
		util_strlcpy(w->role, store_col_text(st, 1), sizeof w->role);
		comma_list(store_col_text(st, 2), w->instruments, sizeof w->instruments);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return -1;

	st = store_prepare_cached(s, "SELECT phase, instruments FROM country_phase_instruments "
				  "WHERE reviewed = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((rc = store_step(st)) == STORE_ROW) {
		int ph = (int)store_col_int(st, 0);
		if (ph >= 1 && ph <= 4) {
			util_strlcpy(out->instruments[ph - 1], store_col_text(st, 1),
				     sizeof out->instruments[0]);
			snapshots++;
		}
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return -1;

	st = store_prepare_cached(s, "SELECT phase, state FROM review_phase_states WHERE reviewed = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((rc = store_step(st)) == STORE_ROW) {
		int ph = (int)store_col_int(st, 0);
		if (ph >= 1 && ph <= 4)
			out->phase_state[ph - 1] = phase_state_parse(store_col_text(st, 1));
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return -1;

	st = store_prepare_cached(s, "SELECT languages, exceptional FROM consultations "
				  "WHERE reviewed = ? ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		char tmp[32];
		util_strlcpy(tmp, store_col_text(st, 0), sizeof tmp);
		for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t && out->nlanguages < 3;
		     t = strtok_r(NULL, ",", &save))
			util_strlcpy(out->languages[out->nlanguages++], t, sizeof out->languages[0]);
		out->languages_exceptional = (int)store_col_int(st, 1);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return -1;
	/* summ: the disclosure choices in force (review/disclosure.h). */
	if (disclosure_current(s, reviewed, out->disclosures, COUNTRY_MAX_DISCLOSURES,
			       &out->ndisclosures) < 0)
		return -1;
	return out->cohort > 0 || snapshots > 0;
}

void country_review_access(const struct country_review *cr, struct access_review *ar,
			   const char **reviewer_ptrs, size_t cap)
{
	size_t half = cap / 2, n = cr->nreviewers < half ? cr->nreviewers : half;
	memset(ar, 0, sizeof *ar);
	for (size_t i = 0; i < n; i++) {
		reviewer_ptrs[i] = cr->reviewers[i].state;
		reviewer_ptrs[half + i] = cr->reviewers[i].instruments;
	}
	ar->reviewed = cr->reviewed;
	ar->reviewers = reviewer_ptrs;
	ar->nreviewers = n;
	ar->reviewer_instruments = reviewer_ptrs + half;
	ar->phase_states = cr->phase_state;
	ar->nphases = 4;
	/* summ: the reviewed State's disclosure choices (paras 40-41). */
	ar->disclosures = cr->ndisclosures ? cr->disclosures : NULL;
	ar->ndisclosures = cr->ndisclosures;
}

const struct country_reviewer *country_reviewer_of(const struct country_review *cr,
						    const char *state)
{
	for (size_t i = 0; state && i < cr->nreviewers; i++)
		if (strcmp(cr->reviewers[i].state, state) == 0)
			return &cr->reviewers[i];
	return NULL;
}

/* The instruments of reviewed under review in cluster, now: those it is
 * party to (or volunteers for as a signatory, para 52) that have articles
 * in the cluster's cell of table 1 (R42: none for Firearms in C3). */
static int instruments_now(struct store *s, const char *reviewed, const char *cluster,
			   char *out, size_t outlen)
{
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT pi.instrument FROM party_instruments pi JOIN parties p ON p.code = pi.party "
		"JOIN instruments i ON i.code = pi.instrument WHERE pi.party = ? "
		"AND (pi.status = 'party' OR p.volunteer_reviewed = 1) AND EXISTS (SELECT 1 FROM "
		"cluster_articles ca WHERE ca.instrument = pi.instrument AND ca.cluster = ?) "
		"ORDER BY i.ord");
	int rc;
	size_t len = 0;
	if (!st)
		return -1;
	out[0] = '\0';
	store_bind_text(st, 1, reviewed);
	store_bind_text(st, 2, cluster);
	while ((rc = store_step(st)) == STORE_ROW)
		len += (size_t)snprintf(out + len, len < outlen ? outlen - len : 0, "%s%s",
					len ? "," : "", store_col_text(st, 0));
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

int country_phase_started(struct store *s, int cohort, int phase, const char *now, char *err,
			  size_t errlen)
{
	char cluster[8] = "";
	char (*codes)[4] = NULL;
	size_t n = 0, cap = 0;
	int rc = -1, r;
	struct store_stmt *st = store_prepare_cached(s, "SELECT COALESCE(cluster, '') FROM workplan "
						     "WHERE stage = ?");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, phase);
	r = store_step(st);
	if (r == STORE_ROW)
		util_strlcpy(cluster, store_col_text(st, 0), sizeof cluster);
	store_finalize(st);
	if (r != STORE_ROW || !cluster[0]) {
		snprintf(err, errlen, "the workplan names no cluster for phase %d", phase);
		return -1;
	}
	/* The cohort's reviews without a snapshot for the phase. */
	st = store_prepare_cached(s, "SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d "
				  "ON d.id = r.draw_id WHERE d.status = 'current' AND r.year = ? "
				  "AND NOT EXISTS (SELECT 1 FROM country_phase_instruments c "
				  "WHERE c.reviewed = r.reviewed AND c.phase = ?) ORDER BY r.reviewed");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, cohort);
	store_bind_int(st, 2, phase);
	while ((r = store_step(st)) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			codes = xrealloc(codes, cap * sizeof *codes);
		}
		util_strlcpy(codes[n++], store_col_text(st, 0), sizeof codes[0]);
	}
	store_finalize(st);
	if (r != STORE_DONE)
		goto fail_store;
	for (size_t i = 0; i < n; i++) {
		char list[48];
		long long uncac = store_count(s, "SELECT uncac FROM parties WHERE code = ?", codes[i]);
		if (uncac < 0 || instruments_now(s, codes[i], cluster, list, sizeof list) < 0)
			goto fail_store;
		st = store_prepare_cached(s, "INSERT INTO country_phase_instruments (reviewed, phase, "
					  "cluster, instruments, uncac, taken_at) VALUES (?, ?, ?, ?, ?, ?)");
		if (!st)
			goto fail_store;
		store_bind_text(st, 1, codes[i]);
		store_bind_int(st, 2, phase);
		store_bind_text(st, 3, cluster);
		store_bind_text(st, 4, list);
		store_bind_int(st, 5, uncac ? 1 : 0);
		store_bind_text(st, 6, now);
		r = store_step(st);
		store_finalize(st);
		if (r != STORE_DONE)
			goto fail_store;
	}
	/* The cohort's launch: its States are asked to name their focal
	 * points and experts (paras 18, 27), with the deadlines of people.h. */
	rc = phase == 1 ? people_cohort_launched(s, cohort, now, err, errlen) : 0;
	goto out;
fail_store:
	snprintf(err, errlen, "%s", store_errmsg(s));
	rc = -1;
out:
	free(codes);
	return rc;
}

int country_phase_snapshot(struct store *s, const char *reviewed, int phase,
			   struct country_snapshot *out)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT cluster, instruments, uncac, taken_at FROM country_phase_instruments "
		"WHERE reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		util_strlcpy(out->cluster, store_col_text(st, 0), sizeof out->cluster);
		util_strlcpy(out->instruments, store_col_text(st, 1), sizeof out->instruments);
		out->uncac = (int)store_col_int(st, 2);
		util_strlcpy(out->taken_at, store_col_text(st, 3), sizeof out->taken_at);
		out->uncac_at_start = out->uncac;
	}
	store_finalize(st);
	if (rc != STORE_ROW)
		return rc == STORE_DONE ? 0 : -1;
	/* q9 (C27): the Secretariat's latest decision for the phase wins. */
	st = store_prepare_cached(s, "SELECT id, uncac, reference, decided_at FROM uncac_overrides "
				  "WHERE reviewed = ? AND phase = ? ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		out->override_id = store_col_int(st, 0);
		out->uncac = (int)store_col_int(st, 1);
		util_strlcpy_utf8(out->override_ref, store_col_text(st, 2), sizeof out->override_ref);
		util_strlcpy(out->override_at, store_col_text(st, 3), sizeof out->override_at);
	}
	store_finalize(st);
	return rc == STORE_ROW || rc == STORE_DONE ? 1 : -1;
}

int country_phase_articles(struct store *s, const char *reviewed, int phase,
			   const char *instrument, int *arts, size_t max, size_t *n)
{
	struct country_snapshot snap;
	*n = 0;
	int rc = country_phase_snapshot(s, reviewed, phase, &snap);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	if (!instrument || !*instrument || !country_list_has(snap.instruments, instrument) ||
	    !snap.instruments[0])
		return 1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT article, condition FROM cluster_articles WHERE instrument = ? AND cluster = ? "
		"ORDER BY ord");
	if (!st)
		return -1;
	store_bind_text(st, 1, instrument);
	store_bind_text(st, 2, snap.cluster);
	while ((rc = store_step(st)) == STORE_ROW) {
		/* Footnote a of table 1 (C27): for a party to UNCAC, the
		 * Convention's articles 8 and 9 are that convention's review. */
		if (snap.uncac && strcmp(store_col_text(st, 1), "not_uncac") == 0)
			continue;
		if (*n < max)
			arts[(*n)++] = (int)store_col_int(st, 0);
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

int country_redraws(struct store *s, const char *reviewed, struct country_redraw **out,
		    size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT w.role, w.old_reviewer, w.new_reviewer, w.requested_by, w.reason, w.created_at "
		"FROM lots_redraws w JOIN lots_draws d ON d.id = w.draw_id "
		"WHERE d.status = 'current' AND w.reviewed = ? ORDER BY w.id");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 4;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct country_redraw *w = &(*out)[(*n)++];
		memset(w, 0, sizeof *w);
		util_strlcpy(w->role, store_col_text(st, 0), sizeof w->role);
		util_strlcpy(w->old_reviewer, store_col_text(st, 1), sizeof w->old_reviewer);
		util_strlcpy(w->new_reviewer, store_col_text(st, 2), sizeof w->new_reviewer);
		util_strlcpy(w->requested_by, store_col_text(st, 3), sizeof w->requested_by);
		util_strlcpy(w->reason, store_col_text(st, 4), sizeof w->reason);
		util_strlcpy(w->at, store_col_text(st, 5), sizeof w->at);
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

int country_transitions(struct store *s, const char *reviewed,
			struct country_transition **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT phase, from_state, to_state, at, by_whom, note FROM review_transitions "
		"WHERE reviewed = ? ORDER BY id");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct country_transition *t = &(*out)[(*n)++];
		memset(t, 0, sizeof *t);
		t->phase = (int)store_col_int(st, 0);
		util_strlcpy(t->from, store_col_text(st, 1), sizeof t->from);
		util_strlcpy(t->to, store_col_text(st, 2), sizeof t->to);
		util_strlcpy(t->at, store_col_text(st, 3), sizeof t->at);
		util_strlcpy_utf8(t->by, store_col_text(st, 4), sizeof t->by);
		util_strlcpy_utf8(t->note, store_col_text(st, 5), sizeof t->note);
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
