/* events_int.h - what events.c (the operations), events_store.c (their
 * storage) and events_check.c (their verification) share. */
#ifndef RM_LOTS_EVENTS_INT_H
#define RM_LOTS_EVENTS_INT_H

#include <jansson.h>

#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "lots/lots_int.h"

#define EV_SLOTS 8

struct ev_slot {
	int st;             /* index in the parties now (prog.cur) */
	int role;           /* enum lots_role */
	unsigned instr;     /* instruments in its charge */
};

struct ev_review {
	int reviewed, year, n;
	int consent;        /* the reviewed State consented to more than four */
	int late;           /* added by a join */
	int withdrawn;      /* its State opted out of being reviewed after the draw (C34) */
	struct ev_slot s[EV_SLOTS];
};

/* The programme in force: the draw's reviews after its redraws, with
 * every op applied, over the parties as they stand (cur). */
struct ev_prog {
	struct roster cur;
	struct ev_review *v;
	size_t nv;
	int *rvi;               /* cur index -> review index, or -1 */
	int *pa, *pb;           /* pairs ever drawn: pa[i] reviews pb[i] */
	size_t np, pcap;
	int *load, *cap;        /* per cur index */
	int *rq_rev, *rq_by;    /* counted redraw requests: reviewed, requester */
	size_t nrq;
	unsigned char seed[32]; /* the draw's */
	char head[65];          /* the draw's chain head (last redraw, or root) */
	struct lots_params prm; /* the draw's parameters (R38): cap, workload, cohorts */
};

/* Fills p from the parties now (roster CSV), the draw d over its snapshot
 * roster r, and the op documents ops[0..nops) applied in order.  Returns
 * LOTS_OK or LOTS_EINPUT with err set; free with ev_prog_free. */
int ev_prog_build(struct ev_prog *p, const char *cur_csv, const struct roster *r,
		  const struct lots_draw *d, json_t *const *ops, size_t nops, char *err,
		  size_t errlen);
void ev_prog_free(struct ev_prog *p);
int ev_pair_has(const struct ev_prog *p, int a, int b);
/* events_prog.c, for events.c: a request counted against reviewed (para
 * 28 d), a review added to p (its slots to fill; owned by p), the index of
 * a State in p's roster (-1 when code is NULL or unknown). */
void ev_rq_add(struct ev_prog *p, int reviewed, int by);
struct ev_review *ev_add_review(struct ev_prog *p, int reviewed, int year);
int ev_cur_of(const struct ev_prog *p, const char *code);

/* A request as the computation reads it: every choice resolved (the
 * join's cohort decided before). */
struct ev_req {
	const char *kind, *meeting, *state, *instrument, *decision;
	const char *consent_by, *consent_date, *consent_ref;
	const char *replace, *requested_by, *reason, *note;   /* redraw */
	int cohort;
	int share;          /* join: give the party reviews as a reviewer (R62) */
};

/* Computes op number seq on p (which it changes) chained after prev:
 * *out is the document revmech-draw-op/1 with its hash (caller decrefs).
 * Returns LOTS_OK, LOTS_EINPUT or LOTS_EINFEASIBLE with err set. */
int ev_compute(struct ev_prog *p, const struct ev_req *q, int seq, const char *prev,
	       json_t **out, char *err, size_t errlen);
/* The hash of an op document: SHA-256 of its compact JSON without "hash". */
void ev_doc_hash(json_t *doc, char out[65]);
/* The first link of a draw's op chain. */
void ev_root(const struct ev_prog *p, char out[65]);
void ev_instr_text(unsigned m, char *out, size_t n);
unsigned ev_instr_parse(const char *s);
/* Open needs of review i: appends "CODE: role for instr" lines; count. */
int ev_needs(const struct ev_prog *p, size_t i, struct buf *out);

/* Shared with events_late.c (events.c; the last two events_prog.c): a
 * State drawn for a slot by the rules of pick() (-1 and why filled when
 * none), a change record, a carried slot, a pair recorded, a slot's index
 * in a review (-1). */
struct lots_rng;
int ev_pick(const struct ev_prog *p, const struct ev_review *v, int role, unsigned m,
	    struct lots_rng *g, char *why, size_t whylen);
json_t *ev_change(const char *act, const struct ev_prog *p, int x, int y, int role, unsigned m);
void ev_carry(json_t *carried, const struct ev_prog *p, int x, int role, unsigned m,
	      const char *reason);
void ev_pair_add(struct ev_prog *p, int a, int b);
int ev_slot_of(const struct ev_review *v, int st);

/* events_late.c (R62, C5): a party x that joined after the draw and may
 * review takes the slot of a reviewer that keeps at least load_min (and
 * one) reviews, drawn from g among the slots it can take by every rule
 * (region, instruments, not in the review, reciprocity and C9 over the
 * whole history, its cap): one "replace" change with "why": "R62"; when
 * none, one entry {"state", "reason"} in exceptions. */
void ev_share_load(struct ev_prog *p, int x, struct lots_rng *g, json_t *changes,
		   json_t *exceptions);
/* events_late.c (C34): the op "optout" for State x after its opt-out is
 * recorded: its review withdrawn (not reviewed; change "withdraw"), and
 * each of its reviewer slots redrawn from g (change "replace", "why":
 * "C34") or, when no State can take it, removed (change "remove") and
 * carried.  LOTS_EINPUT / LOTS_EINFEASIBLE with err when nothing applies. */
int ev_op_optout(struct ev_prog *p, int x, struct lots_rng *g, json_t *changes,
		 json_t *carried, char *err, size_t errlen);

/* events_late.c, for events_check.c: one line per opted-out State still
 * drawn (counted, returned) and per recorded exception of R62 (reported
 * "exception: ", not counted). */
int ev_check_optouts(const struct ev_prog *p, json_t *const *ops, size_t nops,
		     struct buf *report);

/* The current draw and the op documents made on it, in order. */
struct ev_state {
	int64_t draw_id;
	struct roster r;
	struct lots_draw d;
	char *json, *cur_csv;
	json_t **ops;
	size_t nops;
	char prev[65];
};

/* Loads the current draw of s, the parties now and the ops made on the
 * draw (events_state.c).  Returns LOTS_OK or LOTS_EINPUT with err set;
 * free with ev_state_free (also after an error). */
struct store;
int ev_state_load(struct store *s, struct ev_state *e, char *err, size_t errlen);
void ev_state_free(struct ev_state *e);

/* events_store.c, for events_meeting.c and events_state.c: a store
 * failure as msg_internal("database: WHAT: ...") (LOTS_EINPUT; the prefix
 * tells lots_requests_apply a failure from a refusal); a date written
 * YYYY-MM-DD; whether sql (one text parameter, key) finds a row; the
 * one-line summary of an op document (malloc'd, the caller frees it). */
int ev_db_fail(struct store *s, char *err, size_t errlen, const char *what);
int ev_is_date(const char *d);
int ev_exists(struct store *s, const char *sql, const char *key);
char *ev_summary_of(json_t *doc);

#endif
