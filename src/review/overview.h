/* overview.h - the Secretariat's overview of the programme (issue 10;
 * spec R140): per cohort and phase, how many country reviews stand at
 * each step of R90, with the 70 % gate's figures beside them.  Counts
 * only: no State is named and nothing is ranked (para 4 b, R136).
 *
 * Every function takes the caller's store connection; the structure is
 * filled by value and needs no freeing. */
#ifndef RM_REVIEW_OVERVIEW_H
#define RM_REVIEW_OVERVIEW_H

#include "review/phase.h"

struct store;
struct buf;

struct overview_cell {
	long reviews;                     /* reviews of the cohort in the current draw */
	long count[PHASE_STATE_COUNT];    /* of them, in each state of the phase */
	long none;                        /* no state yet (phase not opened for them) */
	struct phase_status gate;         /* started, planned, completed, permille */
};

struct overview {
	int available;                    /* a current draw exists */
	struct overview_cell cell[3][PHASE_COUNT]; /* [cohort - 1][phase - 1] */
};

/* Fills out from the current draw and review_phase_states.  Returns 0, or
 * -1 on a store error. */
int overview_load(struct store *s, struct overview *out);

/* Appends the overview as RFC 4180 CSV to out: a header
 * cohort,phase,reviews,planned,completed,percent,<one column per state>,none
 * and one line per cohort and phase (percent with one decimal, "" while
 * the phase is not started). */
void overview_csv(const struct overview *o, struct buf *out);

#endif
