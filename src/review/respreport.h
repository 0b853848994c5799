/* respreport.h - the report on response status for the Secretariat (issue
 * 10; spec R140; 003 D3/1 (c)-(h)): per country review of the current
 * draw and phase whose questionnaire was opened, whether the reviewed State
 * responded by the deadline (para 34, with the date agreed in the
 * consultations), late, updated its responses after submitting them, or
 * has not replied; and the clarification requests and supplementary
 * questions of the reviewers (para 35) with how many the State answered
 * ("20 asked, 8 replied").  Ordered by cohort, phase and State code, never
 * by status or lateness, and without a score (para 4 b, R136).  Who may
 * read it is the access module's (ACCESS_OVERVIEW_READ). */
#ifndef RM_REVIEW_RESPREPORT_H
#define RM_REVIEW_RESPREPORT_H

#include <stddef.h>

struct store;
struct buf;

enum respreport_status {
	RESPREPORT_NO_REPLY = 0, /* not submitted yet, deadline not passed */
	RESPREPORT_OVERDUE,      /* not submitted, past the deadline */
	RESPREPORT_RESPONDED,    /* submitted by the deadline */
	RESPREPORT_LATE,         /* submitted after the deadline */
	RESPREPORT_UPDATED,      /* submitted, then an answer saved or a para 42 note added */
	RESPREPORT_STATUSES
};
/* "no_reply" "overdue" "responded" "late" "updated". */
const char *respreport_status_name(int st);

struct respreport_row {
	char state[4];
	int cohort, phase;
	int status;                 /* enum respreport_status */
	char deadline[11];          /* D1, YYYY-MM-DD */
	char submitted_at[32];      /* "" when not submitted */
	long requests, replied;     /* clarification requests and supplementary
				     * questions; of them, those with a reply of
				     * the reviewed State */
};

struct respreport {
	struct respreport_row *rows;          /* owned: respreport_free */
	size_t n;
	long count[3][4][RESPREPORT_STATUSES]; /* [cohort - 1][phase - 1][status] */
	long asked[3][4], answered[3][4];      /* reviews with >= 1 request; of them,
					        * those that replied to all */
};

/* Fills out as of today (YYYY-MM-DD; NULL: now).  Returns 0, or -1 on a
 * store error (out empty).  Free with respreport_free(). */
int respreport_load(struct store *s, const char *today, struct respreport *out);
void respreport_free(struct respreport *r);
/* Appends RFC 4180 CSV: cohort,phase,state,status,deadline,submitted_at,
 * requests,replied. */
void respreport_csv(const struct respreport *r, struct buf *out);

#endif
