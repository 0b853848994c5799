/* overdue.h - the deadlines of the current programme that are past
 * (issue 10; spec R140, R91): per review of the current draw, the naming
 * of its focal point and of its experts (review/people.h: two and four
 * weeks from the cohort's launch) and the responses of each phase whose
 * questionnaire is open and unsubmitted past D1 (response/submit.h), and
 * the written observations of each phase still due (para 35: six months
 * after the responses were received; dialogue/observation.h) that some
 * reviewing State has not made, and the list of observations of each
 * phase not agreed by the date agreed for it in the consultations (para
 * 31, review/consult.h; no default: the annex sets none).  For the Secretariat's overview: the list
 * is ordered by cohort, kind and State code, never by lateness, and
 * carries no score (para 4 b, R136: no ranking). */
#ifndef RM_REVIEW_OVERDUE_H
#define RM_REVIEW_OVERDUE_H

#include <stddef.h>

struct store;

enum overdue_kind {
	OVERDUE_FOCAL_POINT = 0, /* no focal point named by its deadline */
	OVERDUE_EXPERTS,         /* no governmental expert named by its deadline */
	OVERDUE_RESPONSES,       /* responses of a phase not submitted by D1 */
	OVERDUE_OBSERVATIONS,    /* written observations not made by their deadline */
	OVERDUE_LIST,            /* the list of observations not agreed by the date agreed
				  * in the consultations (para 31) */
	OVERDUE_KINDS
};
/* "focal_point" "experts" "responses" "observations" "list". */
const char *overdue_kind_name(int kind);

struct overdue_item {
	char state[4];
	int cohort;   /* 1..3 */
	int phase;    /* 1..4 for responses and observations, 0 otherwise */
	int kind;     /* enum overdue_kind */
	char due[32]; /* the deadline that passed (ISO date or time) */
};

struct overdue {
	long count[3][OVERDUE_KINDS];  /* [cohort - 1][kind] */
	struct overdue_item *items;    /* owned: overdue_free */
	size_t n;
};

/* Fills out as of now (ISO time; NULL: the current time).  Returns 0, or
 * -1 on a store error (out is empty then).  Free with overdue_free(). */
int overdue_load(struct store *s, const char *now, struct overdue *out);
void overdue_free(struct overdue *o);
/* Appends the list as RFC 4180 CSV: cohort,phase,kind,state,due. */
struct buf;
void overdue_csv(const struct overdue *o, struct buf *out);

#endif
