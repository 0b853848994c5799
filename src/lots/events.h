/* events.h - the drawing of lots over the life of a programme (issue 12;
 * annex paras 28 b-c, 28 f, 29; spec R60, R68, R237; appendix C3, C5,
 * C11, C42).  Part of the lots module (lots.h is its main header).
 *
 * After the drawing of lots, the programme changes at later meetings; each
 * change is one operation ("op") on the current draw, held at a meeting
 * recorded first (lots_meeting_add, C42):
 *   join      a party that joins after the draw is placed in the earliest
 *             cohort not yet started (or the one a recorded Conference
 *             decision names) and given its reviewers (C5);
 *   protocol  a reviewed State that has become party to a Protocol gets,
 *             for it, the base reviewers party to it and a supplementary
 *             reviewer drawn from the States party to it (para 28 b, C11),
 *             never more than four reviewers without the reviewed State's
 *             recorded consent (para 28 c);
 *   event     a drawing event for one cohort, or for all: every slot still
 *             open in its reviews (carried from an earlier meeting, a late
 *             party's, a Protocol's) is drawn (C3, R60);
 *   redraw    a slot one of these ops made is redrawn at a request (para
 *             28 d-f, 30), as `draw redraw` does for the draw's slots.
 * A slot that cannot be filled is carried to a later meeting with the
 * reason (R68).  Randomness comes from the draw's seed and the request
 * (events_seed in docs/draw.md), never from the operator.  Each op is a
 * document revmech-draw-op/1 chained to the one before, stored with the
 * parties it was drawn from; lots_ops_check replays the whole history.
 * Tables: migration 0028_lots_events.sql. */
#ifndef RM_LOTS_EVENTS_H
#define RM_LOTS_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "lots/lots.h"
#include "util/buf.h"

struct store;

#define LOTS_OP_FORMAT "revmech-draw-op/1"

struct lots_op_req {
	const char *kind;         /* "event", "join" or "protocol" */
	const char *meeting;      /* reference of a meeting recorded with lots_meeting_add */
	int cohort;               /* event: 1..3, 0 for every cohort; join: 1..3 with
				   * decision, 0 for the earliest cohort not yet started */
	const char *state;        /* join, protocol: the party's code */
	const char *instrument;   /* protocol: tip, som or firearms */
	const char *decision;     /* join into a chosen cohort: a recorded decision */
	/* protocol, join: the reviewed State's consent to more than four
	 * reviewers (para 28 c): who, when (YYYY-MM-DD), reference; all or none. */
	const char *consent_by, *consent_date, *consent_ref;
	/* redraw of a slot an op made (lots_op_redraw): the reviewer to
	 * replace, the requesting State, the reason code, the note. */
	const char *replace, *requested_by, *reason, *note;
	const char *run_by;       /* who ran it (kept in the op and the audit log) */
	int from_request;         /* applied from a lodged request (events_order.c) */
	const char *actor, *ip;   /* the audit entry's actor and address */
};

/* Records a meeting at which drawing events are held (C42), audited
 * (draw.meeting) by `by` from ip.  Returns LOTS_OK or LOTS_EINPUT with err
 * naming the option ("--date: ..."). */
int lots_meeting_add(struct store *s, const char *ref, const char *date, const char *title,
		     const char *by, const char *ip, char *err, size_t errlen);

struct lots_meeting {
	char ref[256], held_on[11], title[256];
};
/* Every recorded meeting, newest date first, into a new array *out the
 * caller frees with free().  Returns 0 or -1. */
int lots_meeting_list(struct store *s, struct lots_meeting **out, size_t *n);
/* Meeting ref into *m (when not NULL): 1 recorded, 0 not, -1 store error. */
int lots_meeting_get(struct store *s, const char *ref, struct lots_meeting *m);
/* For a draw, redraw or ceremony held at meeting ref (R237, C42): LOTS_OK
 * when ref names a recorded meeting, else LOTS_EINPUT with err saying so
 * ("--meeting: ..."). */
int lots_meeting_require(struct store *s, const char *ref, char *err, size_t errlen);

/* Runs one operation on the current draw and stores it, in one
 * transaction with its audit entry (draw.join, draw.protocol,
 * draw.event).  On LOTS_OK, *summary (when not NULL) is a malloc'd line
 * saying what changed and what was carried, which the caller frees, and
 * *seq its number.  LOTS_EINPUT: a bad request, err names the option
 * ("--state: ..."); LOTS_EINFEASIBLE: nothing to draw, or the request
 * cannot be honoured (err says why).  Nothing is stored on error. */
int lots_op_run(struct store *s, const struct lots_op_req *req, char **summary, int *seq,
		char *err, size_t errlen);

/* Whether the slot of `replace` in the review of `reviewed` was made by
 * an op (a late party's review, a supplementary reviewer of a Protocol):
 * such a slot is redrawn by lots_op_redraw, the draw's by lots_redraw. */
int lots_op_redraw_applies(struct store *s, const char *reviewed, const char *replace);
/* Redraws such a slot at the request req (the same rules as a redraw:
 * requester the reviewed State or that reviewer, C9; four counted
 * requests per requester and review, para 28 d; exceptional and unable
 * need a note, exceptional a recorded decision), at meta->meeting (a
 * recorded meeting), by meta->actor.  As lots_op_run otherwise; *summary
 * (when not NULL) is the malloc'd line saying what changed. */
int lots_op_redraw(struct store *s, const struct lots_redraw_req *req,
		   const struct lots_event_meta *meta, char **summary, char *err, size_t errlen);

/* One stored operation, for the pages and `draw ops`. */
struct lots_op_info {
	int seq;
	char kind[12], meeting[256], created_at[32], run_by[256], hash[65];
	char *summary;            /* owned: the line lots_op_run printed */
	char *document;           /* owned: the revmech-draw-op/1 document */
};
/* The operations of draw draw_id (0: the current draw) in order.  Free
 * with lots_ops_list_free.  Returns 0 or -1. */
int lots_ops_list(struct store *s, int64_t draw_id, struct lots_op_info **out, size_t *n);
void lots_ops_list_free(struct lots_op_info *v, size_t n);

/* Appends one line per slot still open in the current programme (a
 * carried slot, a late party's, a Protocol's), "AAA: additional for tip
 * (carried at op 2: ...)"; returns their number, or -1. */
int lots_ops_open(struct store *s, struct buf *out);

/* The whole history after the drawing of lots: every op's chain link and
 * hash, its meeting and decision recorded, its base (a stored drawing
 * event), and its document replayed from its stored inputs and parties;
 * then the rules on the programme in force with every op (reciprocity
 * over the whole history, workload, the cap of four without consent).
 * Open slots are reported as lines starting "open: " and not counted.
 * Returns the number of violations (0 none), or -1 with report saying why
 * nothing could be checked. */
int lots_ops_check(struct store *s, struct buf *report);

/* Before a redraw of the current draw is stored: d is the draw after it
 * (snapshot roster r).  Refuses (LOTS_EINFEASIBLE, err says why) a redraw
 * that, with the ops made since the draw, would break the workload, the
 * cap of four or reciprocity; LOTS_OK when it keeps them or there are no
 * ops. */
int lots_ops_guard(struct store *s, const struct roster *r, const struct lots_draw *d,
		   char *err, size_t errlen);

/* R66, information only: the working languages of a State as the store
 * knows them (those agreed in its own country review's consultations, the
 * latest record), as "en fr", into out; "" when none is recorded.  Legal
 * systems are not in the reference data (C41). */
void lots_state_languages(struct store *s, const char *state, char *out, size_t outlen);

/* R66, information only: the States that could take the slot of
 * `replace` in the review of `reviewed` by the rules of a redraw (region
 * or instruments of the slot, may review, not in the review, never paired
 * with it either way, para 28 a, C9), in code order, with their working
 * languages, those in common with the reviewed State, and their workload. */
struct lots_candidate {
	char code[4];
	char languages[64], common[64];   /* "" when none recorded / in common */
	int load, cap;
};
/* Fills *out (caller frees with free()) and *n; role_out gets the slot's
 * role.  Returns LOTS_OK or LOTS_EINPUT with err naming the field
 * ("reviewed: ..."). */
int lots_redraw_candidates(struct store *s, const char *reviewed, const char *replace,
			   struct lots_candidate **out, size_t *n, int *role_out, char *err,
			   size_t errlen);

/* A draw held by hand, given as JSON (C45): either a draw document (its
 * "reviews", each with "reviewed", "year" and "reviewers" of "state",
 * "role", "instruments"), or an array of rows {"reviewed", "year",
 * "reviewer", "role", "instruments"} (instruments an array or a
 * space-separated text).  Appends the CSV lots_db_record_manual reads to
 * csv.  Returns LOTS_OK or LOTS_EINPUT with err naming the place. */
int lots_manual_json_to_csv(const char *json, struct buf *csv, char *err, size_t errlen);

/* --- The order of operations at a meeting (events_order.c; migration
 * 0035; docs/draw.md "The order of operations at a meeting") ---
 * Requests are lodged for a meeting first; the list is closed (its hash
 * published with the name of a public entropy known only later); at the
 * meeting the entropy's value is entered and every request is applied in
 * the order of SHA-256("revmech-order/1\n" list hash "\n" entropy name
 * "\n" value "\n" request hash "\n"), lowest first.  Once a meeting has
 * requests, nothing is run there directly. */

/* A request: kind "redraw" (rd: reviewed, replace, requested_by, reason,
 * note, decision, consent) or "event", "join", "protocol" (op: cohort,
 * state, instrument, decision, consent); q->meeting names the meeting,
 * q->run_by who lodged it.  Stored with its hash, audited (draw.request).
 * *seq (when not NULL) its number at the meeting.  LOTS_EINPUT with err
 * naming the option when it is malformed or the list is closed. */
int lots_request_lodge(struct store *s, const struct lots_op_req *q,
		       const struct lots_redraw_req *rd, int *seq, char *err, size_t errlen);
/* Closes the list of meeting: publishes its hash (into hash_out when not
 * NULL) and the name of the public entropy that will order it; audited
 * (draw.close).  LOTS_EINPUT: no request, already closed, no name. */
int lots_requests_close(struct store *s, const char *meeting, const char *entropy_name,
			const char *by, const char *ip, char hash_out[65], char *err,
			size_t errlen);
/* Applies every pending request of the closed list of meeting in the
 * drawn order, with the entropy's value (entered once: later calls must
 * give the same).  Each request is applied as `draw redraw|join|protocol|
 * event` would, by `by`, and marked applied (with the op or redraw it
 * made) or refused (with the reason); one line per request is appended to
 * report.  Returns LOTS_OK, or LOTS_EINPUT with err set (nothing applied
 * when the value or the list is wrong; a store error stops it, and a later
 * call resumes in the same order). */
int lots_requests_apply(struct store *s, const char *meeting, const char *entropy_value,
			const char *by, const char *ip, struct buf *report, char *err,
			size_t errlen);
/* The requests of meeting, one line each in lodging order (with their
 * place in the drawn order once applied), appended to out; their number,
 * or -1. */
int lots_requests_list(struct store *s, const char *meeting, struct buf *out);
/* Where the requests of a meeting stand, for the pages. */
struct lots_requests_state {
	int n, pending;                 /* requests lodged, not yet applied or refused */
	int closed, applied;            /* list closed; entropy's value entered */
	char list_hash[65], entropy_name[256], entropy_value[256];
};
/* Fills *st for meeting (all zero when it has no request).  Returns 0 or
 * -1 on a store error. */
int lots_requests_state(struct store *s, const char *meeting, struct lots_requests_state *st);
/* For `draw verify --db`: every closed list's hash recomputed from its
 * requests, the drawn order recomputed from the entropy, the ops and
 * redraws its requests made in that order, and every op or redraw held
 * at a meeting with requests made by one of them.  Appends one line per
 * violation and returns their number (-1 on a store error). */
int lots_requests_check(struct store *s, struct buf *report);

#endif
