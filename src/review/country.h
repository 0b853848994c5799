/* country.h - the country review of one reviewed State for the whole
 * programme (issue 9; annex paras 25-28, 31, 50; spec R41-R43, R53, R65,
 * R83-R84, R90, C5, C27, C28, C47).
 *
 * One review per reviewed State (R43, "un examen unique"): its reviewers
 * are the current assignments of the drawing of lots after every redraw
 * (lots_assignments with status 'active' in the current draw, the same
 * rows review/programme reads), each with its role and the instruments it
 * is in charge of (para 28 b: an additional reviewer for its Protocols
 * only, C47).  The instruments under review are snapshotted for each phase
 * when the cohort's phase opens (C5: a later ratification does not change
 * a running phase), with the party's UNCAC status at that moment (R41,
 * C27: Convention articles 8 and 9 only for a State not party to UNCAC)
 * and without the Firearms Protocol in the phase whose cluster has no
 * Firearms articles (R42, C28).  The state of each phase is the R90 state
 * machine of review/phase.h (not duplicated here).  The working languages
 * are those of the latest consultation record (review/people.h).
 *
 * Every function takes the caller's store connection; the structures are
 * filled by value (nothing to free unless said). */
#ifndef RM_REVIEW_COUNTRY_H
#define RM_REVIEW_COUNTRY_H

#include <stddef.h>

#include "access/access.h"

struct store;

#define COUNTRY_MAX_REVIEWERS 8
#define COUNTRY_MAX_DISCLOSURES 160 /* scopes (3 kinds x 5 phases x 5 instruments < 48) and disc items */

struct country_reviewer {
	char state[4];
	char role[24];        /* same_region, other_region, additional */
	char instruments[48]; /* comma list it is in charge of, table 1 order
			       * ("untoc,tip"); "" = all (never written by
			       * country_review_load, which always lists them) */
};

struct country_review {
	char reviewed[4];
	int cohort;                   /* 1..3, 0 when not in the current draw */
	struct country_reviewer reviewers[COUNTRY_MAX_REVIEWERS];
	size_t nreviewers;            /* current, after redraws */
	char instruments[4][48];      /* per phase 1..4 (index phase-1): the
				       * instruments under review in that phase,
				       * comma list, snapshotted at phase start
				       * (C5); "" before */
	int phase_state[4];           /* enum phase_state per phase, -1 when none */
	char languages[3][3];         /* para 50, R84: agreed working languages */
	size_t nlanguages;
	int languages_exceptional;    /* three languages, marked exceptional */
	/* summ: the reviewed State's disclosure choices in force
	 * (review/disclosure.h), for country_review_access(). */
	struct access_disclosure disclosures[COUNTRY_MAX_DISCLOSURES];
	size_t ndisclosures;
};

/* Loads the review of reviewed (alpha-3, upper case).  Returns 1 found (the
 * State is reviewed in the current draw, or has phase snapshots from an
 * earlier one: then cohort is 0), 0 no such review, -1 on a store error. */
int country_review_load(struct store *s, const char *reviewed, struct country_review *out);

/* Fills the access module's view of cr: reviewed, reviewers, their
 * instruments and the phase states.  reviewer_ptrs (cap entries) receives
 * the reviewer codes and, from index cap/2 on, their instrument lists, so
 * give cap >= 2 * COUNTRY_MAX_REVIEWERS to see every reviewer.  ar points
 * into cr and reviewer_ptrs: valid while both live. */
void country_review_access(const struct country_review *cr, struct access_review *ar,
			   const char **reviewer_ptrs, size_t cap);

/* The reviewer entry of state in cr, or NULL. */
const struct country_reviewer *country_reviewer_of(const struct country_review *cr,
						    const char *state);

/* Called by phase_open() inside its transaction when phase (1..4) of
 * cohort opens, at time now (ISO): snapshots for every review of the
 * cohort that has none for the phase the instruments under review and the
 * UNCAC status of the State (C5, C27), and, for phase 1 (the cohort's
 * launch), queues the invitations to name a focal point and experts
 * (review/people.h).  Returns 0, or -1 with err set (the caller rolls
 * back). */
int country_phase_started(struct store *s, int cohort, int phase, const char *now, char *err,
			  size_t errlen);

/* The snapshot of reviewed's phase (1..4): the cluster, whether the State
 * was party to UNCAC at phase start, and when it was taken.  uncac is the
 * status the review uses: the latest override decided by the Secretariat
 * for the review's phase (C27; response/uncac.h, table uncac_overrides)
 * when there is one, else the status at phase start (uncac_at_start).
 * Returns 1, 0 when the phase has not started for it, -1 on a store
 * error. */
struct country_snapshot {
	char cluster[8];
	char instruments[48];
	int uncac;                /* in force: the override's, else uncac_at_start */
	char taken_at[32];
	int uncac_at_start;       /* the status when the phase started (C27) */
	long long override_id;    /* q9: the decision in force, 0 none */
	char override_ref[128];   /* its reference, "" none */
	char override_at[32];
};
int country_phase_snapshot(struct store *s, const char *reviewed, int phase,
			   struct country_snapshot *out);

/* The articles of instrument (instruments.code) under review in reviewed's
 * phase: table 1's articles of the phase's cluster, with Convention
 * articles 8 and 9 only when the snapshot says the State was not party to
 * UNCAC (R41, C27).  Writes at most max into arts, sets *n.  Returns 0;
 * 1 when the instrument is not under review in that phase (not in the
 * snapshot, or the empty Firearms cell, R42) or the phase has not
 * started; -1 on a store error. */
int country_phase_articles(struct store *s, const char *reviewed, int phase,
			   const char *instrument, int *arts, size_t max, size_t *n);

/* A reviewer replaced by a redraw (para 28 d-f, 30): who left, who came,
 * in which role, why, when. */
struct country_redraw {
	char role[24], old_reviewer[4], new_reviewer[4], requested_by[4], reason[16];
	char at[32];
};
/* The redraws of reviewed's review in the current draw, oldest first, into
 * a new array *out of *n (caller frees with free()).  Returns 0 or -1. */
int country_redraws(struct store *s, const char *reviewed, struct country_redraw **out,
		    size_t *n);

/* One recorded transition of a phase (review_transitions). */
struct country_transition {
	int phase;
	char from[32], to[32], at[32], by[256], note[256];
};
/* Every transition of reviewed's review, oldest first, into a new array
 * *out of *n (caller frees with free()).  Returns 0 or -1. */
int country_transitions(struct store *s, const char *reviewed,
			struct country_transition **out, size_t *n);

/* Whether list (comma list) names instrument; "" names every one. */
int country_list_has(const char *list, const char *instrument);

#endif
