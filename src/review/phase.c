/* phase.c - see phase.h. */
#include "review/phase.h"

#include "review/country.h"
#include "review/programme.h"
#include "review/workplan.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/util.h"

static const char *const state_names[PHASE_STATE_COUNT] = {
	[PHASE_NOT_STARTED] = "not_started",
	[PHASE_QUESTIONNAIRE] = "questionnaire_in_progress",
	[PHASE_RESPONSES] = "responses_submitted",
	[PHASE_OBSERVATIONS] = "observations_submitted",
	[PHASE_DIALOGUE] = "dialogue",
	[PHASE_DRAFT_LIST] = "draft_list",
	[PHASE_LIST_AGREED] = "list_agreed",
	[PHASE_SUMMARY_AGREED] = "summary_agreed",
	[PHASE_SUSPENDED] = "suspended",
};

const char *phase_state_name(enum phase_state st)
{
	return (unsigned)st < PHASE_STATE_COUNT ? state_names[st] : "?";
}

int phase_state_parse(const char *name)
{
	for (int i = 0; name && i < PHASE_STATE_COUNT; i++)
		if (strcmp(name, state_names[i]) == 0)
			return i;
	return -1;
}

int phase_state_completed(enum phase_state st)
{
	return st == PHASE_LIST_AGREED || st == PHASE_SUMMARY_AGREED;
}

int phase_transition_allowed(enum phase_state from, enum phase_state to,
			     enum phase_state resume_to)
{
	if ((unsigned)from >= PHASE_STATE_COUNT || (unsigned)to >= PHASE_STATE_COUNT)
		return 0;
	if (from == PHASE_SUSPENDED)
		return to == resume_to && resume_to != PHASE_SUSPENDED;
	if (to == PHASE_SUSPENDED)
		return !phase_state_completed(from);
	return to == from + 1 && to <= PHASE_SUMMARY_AGREED;
}

int phase_gate_open(long planned, long completed)
{
	/* Integers only: 0.7 has no exact binary fraction. */
	return 10 * completed >= 7 * planned;
}

int phase_years(struct store *s, int cohort, int phase, int *first, int *last, char *err,
		size_t errlen)
{
	struct workplan w;
	if (phase < 1 || phase > PHASE_COUNT || cohort < 1 || cohort > 3) {
		snprintf(err, errlen, "no phase %d of cohort %d (phases 1-4, cohorts 1-3)", phase,
			 cohort);
		return -1;
	}
	/* The version recorded when the phase started, else the one in force
	 * (R33, R38; review/workplan.h). */
	int v = workplan_version_for(s, cohort, phase);
	int r = v < 0 ? -1 : workplan_get(s, v, &w);
	if (r != 0) {
		if (r < 0)
			snprintf(err, errlen, "%s", store_errmsg(s));
		else
			snprintf(err, errlen, "the workplan has no version %d with every phase and "
				 "cohort (reference data not loaded?)", v);
		return -1;
	}
	workplan_years(&w, cohort, phase, first, last);
	return 0;
}

static int is_date(const char *s)
{
	int y, m, d;
	char tail;
	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Reviews of the cohort in the current draw. */
#define COHORT_REVIEWS \
	"SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id " \
	"WHERE d.status = 'current' AND r.year = ?"

int phase_status_get(struct store *s, int cohort, int phase, struct phase_status *out)
{
	int rc = -1;
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT planned, COALESCE(decision_ref, '') FROM cohort_phases "
		"WHERE cohort = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, cohort);
	store_bind_int(st, 2, phase);
	int r = store_step(st);
	if (r == STORE_ROW) {
		out->started = 1;
		out->planned = (long)store_col_int(st, 0);
		util_strlcpy(out->decision_ref, store_col_text(st, 1), sizeof out->decision_ref);
		out->decision = out->decision_ref[0] != '\0';
	}
	store_finalize(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return -1;
	if (!out->started)
		return 0;
	/* C14: completed = its list of observations finalised by agreement
	 * (findings/list.h: obs_lists.agreed_version, set once every party
	 * agreed; a later correction does not undo the completion), or the
	 * R90 state at list_agreed or beyond. */
	st = store_prepare_cached(s,
		"SELECT COUNT(*) FROM review_phase_states p WHERE p.phase = ? "
		"AND (p.state IN ('list_agreed', 'summary_agreed') OR EXISTS (SELECT 1 FROM "
		"obs_lists l WHERE l.reviewed = p.reviewed AND l.phase = p.phase AND "
		"l.agreed_version > 0)) AND p.reviewed IN (" COHORT_REVIEWS ")");
	if (!st)
		return -1;
	store_bind_int(st, 1, phase);
	store_bind_int(st, 2, cohort);
	if (store_step(st) == STORE_ROW) {
		out->completed = (long)store_col_int(st, 0);
		rc = 0;
	}
	store_finalize(st);
	out->permille = out->planned ? (int)(1000 * out->completed / out->planned) : 1000;
	if (out->permille > 1000)
		out->permille = 1000;
	return rc;
}

int phase_open(struct store *s, int cohort, int phase, const char *who,
	       const char *decision_ref, const char *decision_date, char *err, size_t errlen)
{
	struct store_stmt *st = NULL;
	struct phase_status prev, cur;
	char now[32];
	int first, last;
	int has_decision = decision_ref && *decision_ref;
	if (phase_years(s, cohort, phase, &first, &last, err, errlen) < 0)
		return -1;
	if (!who || !*who) {
		snprintf(err, errlen, "who opens the phase must be named");
		return -1;
	}
	if (has_decision && !is_date(decision_date)) {
		snprintf(err, errlen, "a Conference decision needs its date (YYYY-MM-DD)");
		return -1;
	}
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	if (phase_status_get(s, cohort, phase, &cur) < 0)
		goto fail_store;
	if (cur.started) {
		snprintf(err, errlen, "phase %d of cohort %d is already open", phase, cohort);
		goto fail;
	}
	/* C14: not before the scheduled date, the 1 January of the phase's
	 * first calendar year (R45, process year 1 = `programme start`),
	 * unless the Conference decided otherwise. */
	util_now_iso(now, sizeof now);
	char sched[16];
	snprintf(sched, sizeof sched, "%04d-01-01", programme_start_year(s) + first - 1);
	if (strncmp(now, sched, 10) < 0 && !has_decision) {
		snprintf(err, errlen, "phase %d of cohort %d is scheduled from %s (process year %d, "
			 "workplan version %d): it cannot open before then unless the Conference "
			 "decides otherwise (--decision REF --decision-date DATE)", phase, cohort,
			 sched, first, workplan_current(s));
		goto fail;
	}
	if (phase > 1) {
		if (phase_status_get(s, cohort, phase - 1, &prev) < 0)
			goto fail_store;
		if (!prev.started) {
			snprintf(err, errlen, "phase %d of cohort %d has not been opened yet", phase - 1,
				 cohort);
			goto fail;
		}
		if (!phase_gate_open(prev.planned, prev.completed) && !has_decision) {
			snprintf(err, errlen, "phase %d of cohort %d: %ld of %ld reviews completed "
				 "(%d.%d %%), 70 %% are needed (para 10) unless the Conference "
				 "decides otherwise (--decision REF --decision-date DATE)",
				 phase - 1, cohort, prev.completed, prev.planned, prev.permille / 10,
				 prev.permille % 10);
			goto fail;
		}
	}
	long planned;
	st = store_prepare(s, "SELECT COUNT(*) FROM lots_reviews r JOIN lots_draws d "
			   "ON d.id = r.draw_id WHERE d.status = 'current' AND r.year = ?");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, cohort);
	planned = store_step(st) == STORE_ROW ? (long)store_col_int(st, 0) : -1;
	store_finalize(st);
	st = NULL;
	if (planned < 0)
		goto fail_store;
	if (planned == 0) {
		snprintf(err, errlen, "cohort %d has no reviews in the current draw (run the "
			 "drawing of lots first)", cohort);
		goto fail;
	}
	util_now_iso(now, sizeof now);
	/* The phase keeps the workplan version in force now (R38). */
	int wv = workplan_current(s);
	if (wv < 0)
		goto fail_store;
	st = store_prepare(s, "INSERT INTO cohort_phases (cohort, phase, started_at, started_by, "
			   "planned, decision_ref, decision_date, decision_by, workplan_version) "
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, cohort);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, now);
	store_bind_text(st, 4, who);
	store_bind_int(st, 5, planned);
	store_bind_text(st, 6, has_decision ? decision_ref : NULL);
	store_bind_text(st, 7, has_decision ? decision_date : NULL);
	store_bind_text(st, 8, has_decision ? who : NULL);
	store_bind_int(st, 9, wv);
	if (store_step(st) != STORE_DONE)
		goto fail_store;
	store_finalize(st);
	st = store_prepare(s, "INSERT INTO review_phase_states (reviewed, phase, state, updated_at) "
			   "SELECT r.reviewed, ?, 'not_started', ? FROM lots_reviews r "
			   "JOIN lots_draws d ON d.id = r.draw_id WHERE d.status = 'current' "
			   "AND r.year = ? AND NOT EXISTS (SELECT 1 FROM review_phase_states p "
			   "WHERE p.reviewed = r.reviewed AND p.phase = ?)");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, phase);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, cohort);
	store_bind_int(st, 4, phase);
	if (store_step(st) != STORE_DONE)
		goto fail_store;
	store_finalize(st);
	st = NULL;
	/* The country reviews take their snapshot of the phase (C5) in this
	 * transaction (review/country.h). */
	if (country_phase_started(s, cohort, phase, now, err, errlen) < 0)
		goto fail;
	if (store_commit(s) < 0)
		goto fail_store;
	return 0;
fail_store:
	snprintf(err, errlen, "%s", store_errmsg(s));
fail:
	store_finalize(st);
	store_rollback(s);
	return -1;
}

int phase_review_state(struct store *s, const char *reviewed, int phase)
{
	int state = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT state FROM review_phase_states WHERE reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	if (store_step(st) == STORE_ROW)
		state = phase_state_parse(store_col_text(st, 0));
	store_finalize(st);
	return state;
}

/* The state a suspended review left (its last transition into suspended). */
static int suspended_from(struct store *s, const char *reviewed, int phase)
{
	int state = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT from_state FROM review_transitions WHERE reviewed = ? AND phase = ? "
		"AND to_state = 'suspended' ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	if (store_step(st) == STORE_ROW)
		state = phase_state_parse(store_col_text(st, 0));
	store_finalize(st);
	return state;
}

int phase_review_move(struct store *s, const char *reviewed, int phase, enum phase_state to,
		      const char *who, const char *note, char *err, size_t errlen)
{
	if (!who || !*who) {
		snprintf(err, errlen, "who moves the review must be named");
		return -1;
	}
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	if (phase_review_move_tx(s, reviewed, phase, to, who, note, err, errlen) < 0 ||
	    store_commit(s) < 0) {
		if (!*err)
			snprintf(err, errlen, "%s", store_errmsg(s));
		store_rollback(s);
		return -1;
	}
	return 0;
}

int phase_review_move_tx(struct store *s, const char *reviewed, int phase, enum phase_state to,
			 const char *who, const char *note, char *err, size_t errlen)
{
	struct store_stmt *st = NULL;
	char now[32];
	err[0] = '\0';
	if (!who || !*who) {
		snprintf(err, errlen, "who moves the review must be named");
		return -1;
	}
	int from = phase_review_state(s, reviewed, phase);
	if (from < 0) {
		snprintf(err, errlen, "the review of %s has no phase %d yet (the phase is not open "
			 "for its cohort)", reviewed, phase);
		goto fail;
	}
	int resume = from == PHASE_SUSPENDED ? suspended_from(s, reviewed, phase) : -1;
	if (!phase_transition_allowed((enum phase_state)from, to, (enum phase_state)resume)) {
		snprintf(err, errlen, "the review of %s in phase %d is %s: it cannot go to %s",
			 reviewed, phase, phase_state_name((enum phase_state)from),
			 phase_state_name(to));
		goto fail;
	}
	util_now_iso(now, sizeof now);
	st = store_prepare(s, "UPDATE review_phase_states SET state = ?, updated_at = ? "
			   "WHERE reviewed = ? AND phase = ? AND state = ?");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, phase_state_name(to));
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, reviewed);
	store_bind_int(st, 4, phase);
	store_bind_text(st, 5, phase_state_name((enum phase_state)from));
	if (store_step(st) != STORE_DONE || store_changes(s) != 1)
		goto fail_store;
	store_finalize(st);
	st = store_prepare(s, "INSERT INTO review_transitions (reviewed, phase, from_state, "
			   "to_state, at, by_whom, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, phase_state_name((enum phase_state)from));
	store_bind_text(st, 4, phase_state_name(to));
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, who);
	store_bind_text(st, 7, note ? note : "");
	if (store_step(st) != STORE_DONE)
		goto fail_store;
	store_finalize(st);
	return 0;
fail_store:
	snprintf(err, errlen, "%s", store_errmsg(s));
fail:
	store_finalize(st);
	return -1;
}

int phase_advance_from(enum phase_state to)
{
	switch (to) {
	case PHASE_QUESTIONNAIRE: return PHASE_NOT_STARTED;
	case PHASE_RESPONSES: return PHASE_QUESTIONNAIRE;
	/* Observations, the list and its agreement all rest on submitted
	 * responses (para 35, 38); the reviewers may go straight to the list. */
	case PHASE_OBSERVATIONS: return PHASE_RESPONSES;
	case PHASE_DRAFT_LIST: return PHASE_RESPONSES;
	case PHASE_LIST_AGREED: return PHASE_RESPONSES;
	/* A dialogue answers observations: a message before any (threads are
	 * open from the phase's start, para 31) is not yet the dialogue. */
	case PHASE_DIALOGUE: return PHASE_OBSERVATIONS;
	/* The summary summarises the agreed list (para 38). */
	case PHASE_SUMMARY_AGREED: return PHASE_LIST_AGREED;
	default: return -1;
	}
}

int phase_state_observing(int st)
{
	return st >= PHASE_RESPONSES && st <= PHASE_DIALOGUE;
}

static const char *advance_note(enum phase_state to)
{
	switch (to) {
	case PHASE_QUESTIONNAIRE: return "questionnaire opened";
	case PHASE_RESPONSES: return "responses submitted";
	case PHASE_OBSERVATIONS: return "written observation made";
	case PHASE_DIALOGUE: return "dialogue on the observations";
	case PHASE_DRAFT_LIST: return "list of observations drafted";
	case PHASE_LIST_AGREED: return "list of observations agreed";
	case PHASE_SUMMARY_AGREED: return "summary agreed by every party";
	default: return "";
	}
}

/* Records from -> to (the caller checked it is forward). */
static int advance_record(struct store *s, const char *reviewed, int phase, int from,
			  enum phase_state to, const char *who)
{
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"UPDATE review_phase_states SET state = ?, updated_at = ? "
		"WHERE reviewed = ? AND phase = ? AND state = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, phase_state_name(to));
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, reviewed);
	store_bind_int(st, 4, phase);
	store_bind_text(st, 5, phase_state_name((enum phase_state)from));
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE || store_changes(s) != 1)
		return -1;
	st = store_prepare_cached(s, "INSERT INTO review_transitions (reviewed, phase, from_state, "
				  "to_state, at, by_whom, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, phase_state_name((enum phase_state)from));
	store_bind_text(st, 4, phase_state_name(to));
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, who && *who ? who : "revmech");
	store_bind_text(st, 7, advance_note(to));
	r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

/* Whether the phase's summary (output/summary.h) is agreed by every party
 * to its current drafting version: 1, 0, or -1. */
static int summary_agreed_by_all(struct store *s, const char *reviewed, int phase)
{
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COUNT(*) FROM summaries m JOIN summary_langs l ON l.summary_id = m.id "
		"AND l.lang = m.drafting WHERE m.reviewed = ? AND m.phase = ? AND l.version > 0 "
		"AND NOT EXISTS (SELECT 1 FROM summary_parties p WHERE p.summary_id = m.id AND "
		"NOT EXISTS (SELECT 1 FROM summary_agreements a WHERE a.summary_id = m.id AND "
		"a.party = p.party AND a.version = l.version))");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	int rc = store_step(st) == STORE_ROW ? store_col_int(st, 0) > 0 : -1;
	store_finalize(st);
	return rc;
}

int phase_advance(struct store *s, const char *reviewed, int phase, enum phase_state to,
		  const char *who)
{
	int min = phase_advance_from(to);
	if (min < 0 || !reviewed)
		return 0;
	int from = phase_review_state(s, reviewed, phase);
	/* -1: no state (or a read error, which the caller's next statement or
	 * commit reports); suspended sorts after every state and is left. */
	if (from < min || from >= (int)to || from == PHASE_SUSPENDED)
		return 0;
	if (advance_record(s, reviewed, phase, from, to, who) < 0)
		return -1;
	if (to == PHASE_LIST_AGREED) {
		int agreed = summary_agreed_by_all(s, reviewed, phase);
		if (agreed < 0 || (agreed && advance_record(s, reviewed, phase, to,
							    PHASE_SUMMARY_AGREED, who) < 0))
			return -1;
	}
	return 1;
}
