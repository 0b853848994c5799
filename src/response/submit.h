/* submit.h - submission of a review's responses, the deadline and the
 * reviewed State's note (issue 9; annex paras 20, 34, 40, 42; spec R24,
 * R77, R78, R85, R91, C12, C15).
 *
 * Who may submit is access/'s decision (ACCESS_RESPONSE_SUBMIT: the
 * reviewed State's focal point, never the Secretariat, R24); this module
 * refuses what no one may do: submitting before every instrument is
 * complete, or twice.  A submission moves the review's phase to
 * responses_submitted (phase.h) and queues its notices in the same
 * transaction. */
#ifndef RM_RESPONSE_SUBMIT_H
#define RM_RESPONSE_SUBMIT_H

#include <stddef.h>

#include "response/response.h"

struct store;

/* Where a review's responses stand for one phase. */
struct response_status {
	int opened;                 /* the questionnaire is open */
	char deadline[11];          /* D1 (para 34), YYYY-MM-DD; "" when not opened */
	long days_left;             /* from today to the deadline; < 0 past it */
	int overdue;                /* past the deadline, not submitted (R91) */
	int submitted;
	char submitted_at[32], submitted_by[256];
	char *note;                 /* para 42 note, "" none; owned: response_status_free */
	char note_at[32];
};
/* Fills st for the review as of today (YYYY-MM-DD; NULL: the current UTC
 * date).  Returns 0 or -1.  Free with response_status_free in every case. */
int response_status_get(struct store *s, const struct response_review *rv, const char *today,
			struct response_status *st);
void response_status_free(struct response_status *st);

/* Submits the responses: refused (RESPONSE_CLOSED) when not opened or
 * already submitted (err says when and by whom), refused (RESPONSE_BAD)
 * while an instrument is incomplete (err names it with its counts).  On
 * success records who and when, moves the phase to responses_submitted
 * and notifies the reviewed State's focal point, the focal points of the
 * reviewing States (reviewers, n of them) and the Secretariat, in one
 * transaction. */
enum response_rc response_submit(struct store *s, const struct response_review *rv,
				 const struct response_qns *q, const char *const *reviewers,
				 size_t nreviewers, const char *who, char *err, size_t errlen);

/* The reviewed State's note on its experience of answering (para 42,
 * R78), after submission only: 1..4000 characters, replaces an earlier
 * note.  Returns RESPONSE_OK, RESPONSE_CLOSED (not submitted) or
 * RESPONSE_BAD, with err set. */
enum response_rc response_note_set(struct store *s, const struct response_review *rv,
				   const char *note, const char *who, char *err, size_t errlen);

/* Sends the reminders due as of today (NULL: now) for every open,
 * unsubmitted questionnaire: 30 days and 7 days before the deadline and
 * once when it has passed (overdue), each once, to the reviewed State's
 * focal point (and the Secretariat for the overdue flag).  Returns the
 * number of reminders sent, or -1 with err set. */
int response_remind(struct store *s, const char *today, char *err, size_t errlen);

/* Days from a to b (YYYY-MM-DD each), b - a. */
long response_days_between(const char *a, const char *b);

#endif
