/* observation.h - written observations on the submitted responses (issue
 * 10; annex para 35; spec R86): the reviewing States' comments tied to a
 * question of the responses and its answer, requests for clarification and
 * supplementary questions, and the reviewed State's replies.
 *
 * Each observation is an archived record (archive/archive.h, kind
 * ARCHIVE_KIND_OBSERVATION) in the dialogue thread of its review, phase
 * and instrument: sealed at rest, kept unchanged forever, each read
 * audited; what is not content (its question, type, the observation it
 * answers, the author's State) is kept beside it in dialogue_observations
 * (migration 0030), append-only as well.  Observations are made only once
 * the responses are submitted, within six months of their receipt (para
 * 35; month arithmetic with the end-of-month clamp, C12): the deadline is
 * shown, reminders are queued before it in the recipient's language and an
 * overdue flag is raised after it (observation_remind()).  Who may read or
 * write is decided by access/ (ACCESS_OBSERVATION_READ, _POST, _REPLY),
 * which this module asks; a supplementary reviewer thus works only on its
 * instruments' questions (C47).  The Secretariat is notified of each one
 * (C43) as of every item of the dialogue. */
#ifndef RM_DIALOGUE_OBSERVATION_H
#define RM_DIALOGUE_OBSERVATION_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "response/response.h"

struct store;

/* The longest observation or reply (characters). */
#define OBSERVATION_MAX_TEXT 10000
/* Months from the receipt of the responses to the deadline (para 35). */
#define OBSERVATION_MONTHS 6

/* The review's phase as observations need it, filled by the caller. */
struct observation_ctx {
	const struct access_review *review; /* with reviewer_instruments */
	int phase;                          /* 1..4 */
	int phase_started;                  /* the phase has started (threads open) */
	int submitted;                      /* the responses are submitted */
	const char *received;               /* when (ISO 8601), "" not yet */
	const struct response_qns *qs;      /* the questionnaires of the phase */
	const struct response_review *rv;   /* to record which version of the
					     * answer an observation is about;
					     * NULL: not recorded */
};

/* The types: a reviewer's comment, request for clarification or
 * supplementary question, and the reviewed State's reply. */
#define OBSERVATION_COMMENT "comment"
#define OBSERVATION_CLARIFICATION "clarification"
#define OBSERVATION_SUPPLEMENTARY "supplementary_question"
#define OBSERVATION_REPLY "reply"

/* Makes an observation by the actor (from ip) on question (an id of the
 * phase's questionnaires) of type (above; "reply" asks
 * ACCESS_OBSERVATION_REPLY, the others ACCESS_OBSERVATION_POST), text
 * (1..OBSERVATION_MAX_TEXT characters), answering observation reply_to
 * (a record id, >= 0; required for a reply, whose question it gives; -1
 * none).  With c->rv, the version of the current answer to the question
 * is recorded with it (the observation is tied to that answer).  Archived,
 * recorded, audited and notified to the Secretariat in one transaction.
 * Returns the record's id (>= 0) or a DIALOGUE_* code (dialogue.h) with
 * err set: DIALOGUE_NOT_FOUND for an unknown question or observation,
 * DIALOGUE_BAD for bad input, DIALOGUE_CLOSED before submission,
 * DIALOGUE_FORBIDDEN when access/ refuses; then nothing is written. */
int64_t observation_post(struct store *s, const struct access_actor *a, const char *ip,
			 const struct observation_ctx *c, const char *question, const char *type,
			 const char *text, int64_t reply_to, char *err, size_t errlen);

/* One observation as read back. */
struct observation {
	int64_t id;              /* the archived record */
	char question[64], instrument[16], type[24];
	int answer_version;      /* the version of the answer observed, 0 none */
	int64_t reply_to;        /* -1 none */
	char state[4];           /* the author's State, "" the Secretariat */
	char part[12];           /* "reviewer" or "reviewed" */
	char author[256], at[32];
	char *text;              /* owned */
};
/* The observations of the review's phase the actor may read (instrument
 * NULL: every instrument), oldest first, each opened through
 * archive_read() (audited read.archive).  *out is a new array: free it
 * with observation_list_free().  Returns 0 or DIALOGUE_ERROR. */
int observation_list(struct store *s, const struct access_actor *a, const char *ip,
		     const struct observation_ctx *c, const char *instrument,
		     struct observation **out, size_t *n);
void observation_list_free(struct observation *o, size_t n);

/* The deadline of the phase's observations and, per reviewing State,
 * whether it has made any, as of today (YYYY-MM-DD; NULL: now). */
#define OBSERVATION_MAX_REVIEWERS 16
struct observation_due {
	char deadline[11];       /* "" while the responses are not submitted */
	int agreed;              /* 1: the date agreed in the consultations
				  * (para 31), 0: six months from receipt */
	long days_left;          /* < 0 past the deadline */
	int overdue;             /* past it, and some reviewer has made none */
	struct {
		char state[4];
		int made;            /* observations made by that State */
		int overdue;
	} reviewers[OBSERVATION_MAX_REVIEWERS];
	size_t nreviewers;
};
/* Returns 0 or DIALOGUE_ERROR. */
int observation_due_get(struct store *s, const struct observation_ctx *c, const char *today,
			struct observation_due *out);

/* Queues, once each, the reminders of the review's phase due as of today
 * (NULL: now) to the reviewing States that have made no observation yet
 * (their focal-point accounts or, when a State has none, its contact,
 * people_contact(): the Permanent Representative until a focal point is
 * named, R18): 30 and 7 days before the deadline, and when it has
 * passed (overdue, the Secretariat told too), in each recipient's
 * language, in one transaction.  Returns how many were queued, or -1 with
 * err set. */
int observation_remind(struct store *s, const struct observation_ctx *c, const char *today,
		       char *err, size_t errlen);

/* observation_remind() for every review whose phase stands at
 * responses_submitted, observations_submitted or dialogue (phase.h:
 * phase_state_observing), as of today (YYYY-MM-DD; NULL:
 * now): `revmech dialogue remind` and the periodic job of `revmech serve`
 * (cli/reminders.h).  Each review's phase commits on its own.  Returns how
 * many were queued, or -1 with err set. */
int observation_remind_all(struct store *s, const char *today, char *err, size_t errlen);

/* The observations' metadata under the archive's tree (issue 10,
 * migration 0053; obsmeta.c).  Each row of dialogue_observations, when
 * written, is also archived as a record of kind ARCHIVE_KIND_OBSMETA in
 * the observation's thread, whose author is "dialogue_observations:ID"
 * (ID: the observation's record) and whose content is the canonical row:
 * for the tag "revmech-dialogue-observation/1", then record, reviewed,
 * phase, instrument, question, answer_version, type, reply_to ("" when
 * none), state, part, at, each as archive_row_put_text() writes it.
 *
 * observation_meta_archive(): the row of observation record (written in
 * the caller's transaction) archived in it: the new record's id, or -1
 * with err set.  observation_meta_archive_all(): the rows written before
 * migration 0053 (listed by it in archive_rows_pending) without their
 * record, in one transaction of its own (`migrate`, `serve` at start):
 * how many, or -1.  Run again: none; a row added behind the archive's
 * back later is never archived.
 * observation_meta_verify(): each row against its record (the commitment
 * to the canonical row: needs the archive key) and each such record
 * against a row; the first that differs is named (res->record: its
 * record when there is one); res->records counts the rows that match.
 * Run after archive_verify() holds.  0 with res filled, -1 when the store
 * cannot be read. */
struct archive_verify_result;
int64_t observation_meta_archive(struct store *s, int64_t record, char *err, size_t errlen);
long observation_meta_archive_all(struct store *s, char *err, size_t errlen);
int observation_meta_verify(struct store *s, struct archive_verify_result *res);
/* Both rows under the tree for a database from before migration 0053:
 * archive_threads_archive_all() then observation_meta_archive_all() (the
 * archive key loaded).  How many rows were archived, or -1 with err set;
 * run again, 0. */
long dialogue_rows_archive_all(struct store *s, char *err, size_t errlen);

#endif
