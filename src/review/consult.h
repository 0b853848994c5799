/* consult.h - the consultations of a country review (issue 9; annex paras
 * 31, 34-35, 50; spec R83-R86, C12): what the reviewed State agreed with
 * its reviewers through their focal points, with the Secretariat's help:
 * the working languages of the review (one or two of the six; three only
 * when marked exceptional; never more, para 50) and the calendar of a
 * phase (responses, observations, dialogue, list of observations).
 * Every record is kept with who made it and when; the latest is in force
 * (review/country.h reads its languages).  Who may record or read is the
 * access module's (ACCESS_CONSULTATIONS_EDIT, _READ). */
#ifndef RM_REVIEW_CONSULT_H
#define RM_REVIEW_CONSULT_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct consult_input {
	const char *reviewed;   /* alpha-3 */
	int phase;              /* 1..4 */
	const char *languages;  /* comma list of language codes: "en" or "en,fr" */
	int exceptional;        /* three languages, exceptionally (para 50) */
	/* Dates YYYY-MM-DD, NULL or "" when not agreed yet. */
	const char *responses_due, *observations_due, *dialogue_on, *list_due;
	const char *note;       /* may be NULL; at most 1000 characters */
};

struct consult_record {
	int64_t id;
	char reviewed[4];
	int phase;
	char languages[16];     /* comma list */
	int exceptional;
	char responses_due[11], observations_due[11], dialogue_on[11], list_due[11];
	char note[1024];
	char recorded_at[32], recorded_by[256];
};

/* Records in; checks it first: a review of the current draw, phase 1..4,
 * 1-3 distinct working languages of the six (3 only with exceptional set,
 * which is dropped below three), valid dates, responses due at most six
 * months after the phase opened for the cohort (para 34, C12: month
 * arithmetic, clamped to the month's end) and not before, observations
 * after the responses and at most six months later (para 35), the list
 * after the observations.  In one transaction; returns the new record's
 * id, or -1 with a one-line reason in err (nothing stored). */
int64_t consult_record(struct store *s, const struct consult_input *in, const char *who,
		       char *err, size_t errlen);
/* The record in force for reviewed's phase (phase 0: for any phase, the
 * latest).  Returns 1, 0 none, -1 on a store error. */
int consult_latest(struct store *s, const char *reviewed, int phase, struct consult_record *out);
/* Every record of reviewed, newest first, into a new array (caller frees).
 * 0 or -1. */
int consult_history(struct store *s, const char *reviewed, struct consult_record **out,
		    size_t *n);
/* The ISO date months after date (YYYY-MM-DD...), the day clamped to the
 * end of the month (C12: 31 August + 6 months = 28 or 29 February).
 * Returns 0, or -1 for a bad date. */
int consult_add_months(const char *date, int months, char out[11]);

#endif
