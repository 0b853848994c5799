/* phase.h - the programme engine (issue 9; spec R34, R37, R43, R46, R90,
 * appendix B2.1, C14): when each cohort's four review phases fall, the
 * 70 % gate between them, and the state of each country review in each
 * phase, with every transition recorded.
 *
 * A cohort is the year of the drawing of lots in which its States are
 * first reviewed (1..3, lots_reviews.year of the current draw).  Phase k
 * of cohort c takes the workplan's years of phase k shifted by the
 * cohort's offset (tables workplan and cohorts, data/ and docs/data.md).
 * Every function takes the caller's store connection; nothing returned
 * needs freeing. */
#ifndef RM_REVIEW_PHASE_H
#define RM_REVIEW_PHASE_H

#include <stddef.h>

struct store;

#define PHASE_COUNT 4

/* The states of a country review in one phase (R90), in order. */
enum phase_state {
	PHASE_NOT_STARTED = 0,
	PHASE_QUESTIONNAIRE,     /* questionnaire_in_progress */
	PHASE_RESPONSES,         /* responses_submitted */
	PHASE_OBSERVATIONS,      /* observations_submitted */
	PHASE_DIALOGUE,          /* dialogue */
	PHASE_DRAFT_LIST,        /* draft_list */
	PHASE_LIST_AGREED,       /* list_agreed: the review of the phase is completed */
	PHASE_SUMMARY_AGREED,    /* summary_agreed */
	PHASE_SUSPENDED,         /* suspended, e.g. while a reviewer is replaced (para 30) */
	PHASE_STATE_COUNT
};

/* Name <-> state ("not_started", ...); phase_state_parse gives -1 for an
 * unknown name. */
const char *phase_state_name(enum phase_state st);
int phase_state_parse(const char *name);
/* Whether a review in this state counts as completed for the gate (C14:
 * its list of observations is agreed). */
int phase_state_completed(enum phase_state st);
/* Whether from -> to is a step the state machine allows: one step forward,
 * to suspended from any unfinished state, and from suspended back to the
 * state it was suspended in (resume_to). */
int phase_transition_allowed(enum phase_state from, enum phase_state to,
			     enum phase_state resume_to);

/* The 70 % gate of para 10, in integer arithmetic: 1 when completed
 * reviews are at least 70 % of those planned at the phase's start
 * (10 x completed >= 7 x planned), else 0.  planned 0 opens it. */
int phase_gate_open(long planned, long completed);

/* Process years of phase (1..4) of cohort (1..3) into *first and *last.
 * Returns 0, or -1 with err set (unknown phase or cohort, store error). */
int phase_years(struct store *s, int cohort, int phase, int *first, int *last, char *err,
		size_t errlen);

/* Where a cohort's phase stands. */
struct phase_status {
	int started;        /* the phase has been opened */
	long planned;       /* reviews planned at its start (frozen) */
	long completed;     /* of them, those completed (list agreed or later) */
	int permille;       /* completed / planned in tenths of a percent, 0..1000 */
	int decision;       /* opened by a Conference decision rather than the gate */
	char decision_ref[128];
};
int phase_status_get(struct store *s, int cohort, int phase, struct phase_status *out);

/* Opens phase (1..4) for cohort: phase 1 at any time once a draw exists;
 * a later phase only if the previous phase's gate is open, or when
 * decision_ref (a Conference decision, with its ISO date decision_date)
 * is given, which is recorded.  Freezes `planned` (the cohort's reviews
 * of the current draw) and puts every review of the cohort that has no
 * state for the phase yet in not_started.  who is recorded.  In one
 * transaction; returns 0, or -1 with err set (nothing changed). */
int phase_open(struct store *s, int cohort, int phase, const char *who,
	       const char *decision_ref, const char *decision_date, char *err, size_t errlen);

/* The state of reviewed's review in phase, or -1 when it has none. */
int phase_review_state(struct store *s, const char *reviewed, int phase);
/* Moves reviewed's review in phase to `to`, if the state machine allows
 * it from where it is, recording from, to, who, when and note.  In one
 * transaction; returns 0, or -1 with err set (nothing changed). */
int phase_review_move(struct store *s, const char *reviewed, int phase, enum phase_state to,
		      const char *who, const char *note, char *err, size_t errlen);
/* The same inside the caller's open transaction (store_begin), so that a
 * move commits with the change that causes it (a submission and its
 * notices, issue 9); the caller rolls back on -1. */
int phase_review_move_tx(struct store *s, const char *reviewed, int phase, enum phase_state to,
			 const char *who, const char *note, char *err, size_t errlen);

/* The state that the work of the review presupposes before a step of it
 * can move the state machine to `to` (R90): the responses submitted for
 * observations_submitted, draft_list and list_agreed, an observation for
 * dialogue, the list agreed for summary_agreed; -1 for a state no work
 * moves to (not_started, suspended). */
int phase_advance_from(enum phase_state to);
/* Whether written observations are still due in this state (para 35):
 * from responses_submitted until the list is drafted, so that reminders
 * and the overdue count go on while some reviewer has made none. */
int phase_state_observing(int st);
/* The state machine follows the work (R90), inside the caller's open
 * transaction (store_begin) so that the move commits with the write that
 * causes it: moves reviewed's review in phase to `to` when it stands
 * before `to` and at or after phase_advance_from(to), skipping the states
 * between (recorded as one transition from -> to, with who, when and a
 * note naming the step).  Never backwards and idempotent: a review at or
 * past `to`, suspended (para 30: the Secretariat resumes it), before the
 * step's prerequisite, or with no state for the phase (phase not open,
 * standalone uses) is left as it is.  Reaching list_agreed when the
 * phase's summary is already agreed by every party goes on to
 * summary_agreed (a second transition).  Returns 1 moved, 0 left as it
 * is, -1 on a store error (store_errmsg; the caller rolls back). */
int phase_advance(struct store *s, const char *reviewed, int phase, enum phase_state to,
		  const char *who);

#endif
