/* lots.h - the drawing of lots (issue 3; annex paras 17, 28-30, 52; spec
 * R47-R68).
 *
 * A draw splits the reviewed States into three yearly cohorts and gives
 * every reviewed State its reviewers.  It is a pure function of the roster
 * and a 32-byte seed: lots_draw_make() with the same roster bytes and seed
 * gives the same draw on any machine.  lots_verify_json() checks a draw
 * document against every rule through code that shares nothing with the
 * drawer but the roster parser.  See docs/draw.md for the method.
 *
 * States are roster indices (struct roster .v[]) everywhere in memory and
 * ISO codes in JSON. */
#ifndef RM_LOTS_LOTS_H
#define RM_LOTS_LOTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/roster.h"
#include "util/buf.h"

struct store;

#define LOTS_FORMAT "revmech-draw/3"
/* The format before the ceremony record (issue 12, R51): still read,
 * redrawn and verified as before, byte for byte. */
#define LOTS_FORMAT_2 "revmech-draw/2"
/* The mix of a ceremony's seed with public entropy (lots_seed_mix). */
#define LOTS_SEED_MIX "revmech-seed-mix/1"
#define LOTS_ALGORITHM "revmech-lots/1 (ChaCha20-IETF stream, uniform rejection sampling in random order, min-conflicts repair)"
/* The algorithm of a draw held by hand and recorded (C45, manual.c). */
/* C3: a first drawing event that assigns the cohorts only (cohorts.c):
 * the cohorts of the draw the seed gives, no reviewer; the reviewers are
 * drawn later by the per-cohort events (events.h, `draw event --cohort`). */
#define LOTS_ALGORITHM_COHORTS "revmech-lots/1 cohorts only (the cohorts the seed draws, C3; reviewers drawn at later per-cohort events)"
#define LOTS_ALGORITHM_MANUAL "manual (drawn by hand at the meeting and recorded, C45; rules checked, not reproducible from a seed)"
#define LOTS_MAX_REVIEWERS 4     /* para 28 c: lifted only by recorded consent (C11) */
#define LOTS_MAX_SLOTS 6         /* room in a review when a consent lifts the cap */
#define LOTS_REDRAW_LIMIT 4
#define LOTS_LOAD_MIN 1          /* para 29: every reviewer reviews at least once ... */
#define LOTS_LOAD_MAX 3          /* ... and at most three times (plus its extra) */
#define LOTS_COHORTS 3           /* para 17 */
#define LOTS_MAX_COHORTS 10      /* most cohorts the drawer and verifier take (R38) */
#define LOTS_DB_MAX_COHORTS 3    /* most a stored version may set: lots_reviews.year is 1..3 */
#define LOTS_MAX_MOVES 8         /* changes one redraw may make (chain and recomposition) */

enum lots_role { LOTS_SAME_REGION = 0, LOTS_OTHER_REGION = 1, LOTS_ADDITIONAL = 2 };

enum lots_reason {
	LOTS_REASON_LANGUAGE = 0,
	LOTS_REASON_LEGAL_SYSTEM,
	LOTS_REASON_OTHER,
	LOTS_REASON_EXCEPTIONAL,   /* para 28(e): not counted, needs a note */
	LOTS_REASON_UNABLE,        /* para 30: not counted, needs a note */
	LOTS_REASON_COUNT
};

struct lots_reviewer {
	int state;          /* roster index */
	int role;           /* enum lots_role */
	unsigned instr;     /* INSTR_BIT mask of the reviewed State's instruments it reviews */
};

struct lots_review {
	int reviewed;       /* roster index */
	int year;           /* 1..3 */
	int n;              /* reviewers in r[]: same_region, other_region, additional... */
	struct lots_reviewer r[LOTS_MAX_SLOTS];
};

/* One change a redraw makes to one review: the request itself (moves[0]),
 * an additional reviewer dropped or added when a base changes, or a step
 * of the reassignment chain in another review (para 28 d, para 29). */
struct lots_move {
	int reviewed;       /* roster index of the review changed */
	int role;           /* enum lots_role of the slot */
	int old_state;      /* roster index, -1 if the slot is new */
	int new_state;      /* roster index, -1 if the slot is dropped */
};

struct lots_redraw {
	int reviewed, old_state, new_state, requested_by;   /* roster indices */
	int role;           /* role of the replaced slot */
	int reason;         /* enum lots_reason */
	char *note;         /* owned; NULL if none */
	char *decision;     /* owned; reference of the recorded decision (para 28 e), or NULL */
	/* The reviewed State's consent to more than four reviewers (para 28 c,
	 * C11): who gave it, when, and its reference; all owned, NULL if none. */
	char *consent_by, *consent_date, *consent_ref;
	int seq;            /* 1, 2, ... in the order of the programme's redraws */
	unsigned char seed[32];   /* derived from the draw's seed and the request */
	int nmoves;
	struct lots_move moves[LOTS_MAX_MOVES];
	int exception;      /* roster index of a State left with no review (recorded
			     * deviation from para 29), or -1 */
	char hash[65];      /* chain: SHA-256 over this record and the previous hash */
};

/* The rule parameters a draw uses (R38): versioned, each version with the
 * Conference decision that set it (params.c, migration 0029).  Version 1
 * is the annex's (lots_params_default). */
struct lots_params {
	int version;
	int max_reviewers;      /* para 28 c */
	int redraw_limit;       /* para 28 d */
	int load_min, load_max; /* para 29 */
	int cohorts;            /* para 17 */
	/* 1: the bounded search and the redraws also try the configurations
	 * reading para 28 (b) literally first (issue 12; migration 0041);
	 * 0, every version before it and the annex's: only the construction
	 * and the exact solver do (docs/draw.md "Parameters"). */
	int literal_28b_search;
	char decision[128];     /* reference of the decision that set them */
	char decided_on[11];    /* YYYY-MM-DD */
};
#define LOTS_PARAMS_DECISION_1 "resolution 9/1 (annex)"
#define LOTS_PARAMS_DATE_1 "2018-10-19"

/* How the seed of a draw held as a ceremony came about (R51; docs/draw.md
 * "The document"): the commitment published before the meeting, the seed
 * revealed at it and the public entropy named beforehand and mixed in.
 * All owned; entropy_name and entropy_value NULL when none was named. */
struct lots_draw_ceremony {
	char *meeting, *published_commitment, *revealed_seed, *entropy_name, *entropy_value;
};

struct lots_draw {
	unsigned char seed[32];
	char roster_sha256[65];         /* canonical roster hash (lots_roster_hash) */
	struct lots_review *reviews;   /* owned, sorted by reviewed code */
	size_t nreviews;
	struct lots_redraw *redraws;   /* owned, in the order they were made */
	size_t nredraws;
	int manual;                    /* held by hand (LOTS_ALGORITHM_MANUAL): seed
					* derived from the record, not drawn from */
	struct lots_params params;     /* used (R38); version 0 means the annex's */
	/* 2: a document of LOTS_FORMAT_2, written back as it was (no
	 * ceremony record); 0 or 3: LOTS_FORMAT. */
	int format;
	/* The ceremony the seed came from, owned; NULL: not from a ceremony
	 * (a seed given to draw lots, no commitment published before). */
	struct lots_draw_ceremony *ceremony;
	int cohorts_only;              /* C3: cohorts assigned, no reviewer (cohorts.c) */
};

/* A redraw request (para 28 d-f, para 30).  It carries no seed: the
 * randomness comes from the draw's seed and the request (lots_redraw_seed),
 * so nobody can try seeds until a wanted reviewer comes out. */
struct lots_redraw_req {
	const char *reviewed, *replace, *requested_by;   /* ISO codes */
	int reason;                                       /* enum lots_reason */
	const char *note;                                 /* may be NULL */
	const char *decision;   /* reference of the recorded decision; needed for exceptional */
	/* Consent of the reviewed State to more than four reviewers (para
	 * 28 c, C11): who, when (YYYY-MM-DD), reference; all or none. */
	const char *consent_by, *consent_date, *consent_ref;
};

/* Return codes of the functions below. */
enum { LOTS_OK = 0, LOTS_EINPUT = -1, LOTS_EINFEASIBLE = -2,
       LOTS_EEXISTS = -3 /* a current draw is stored and was not to be superseded */ };

/* Parses 64 hex digits into seed.  Returns 0 or -1. */
int lots_seed_parse(const char *hex, unsigned char seed[32]);
/* Writes 64 lower-case hex digits and a NUL into out (>= 65 bytes). */
void lots_hex(const unsigned char *bytes, size_t n, char *out);
/* SHA-256 of data as 64 hex digits into out (>= 65 bytes). */
void lots_sha256_hex(const void *data, size_t len, char out[65]);
/* The roster hash every document carries: SHA-256 of the canonical form
 * (roster_write_canonical: rows in code order, LF, every column), so row
 * order and line ends of a re-saved roster do not change it. */
void lots_roster_hash(const struct roster *r, char out[65]);
/* The commitment to a seed published before the draw: SHA-256 of its 32
 * bytes, as hex. */
void lots_seed_commitment(const unsigned char seed[32], char out[65]);
/* The seed of the seq-th redraw (docs/draw.md "Redraws"): SHA-256 of the
 * text "revmech-redraw-seed/2\n" SEEDHEX "\n" REVIEWED "\n" SLOT "\n"
 * REPLACED "\n" REQUESTER "\n" SEQ "\n". */
void lots_redraw_seed(const unsigned char seed[32], const char *reviewed, int slot,
		      const char *replaced, const char *requester, int seq,
		      unsigned char out[32]);
/* Chain hash of redraw w given the previous hash (or the root); out gets
 * 64 hex digits.  The root is lots_chain_root(). */
void lots_chain_hash(const struct roster *r, const struct lots_redraw *w, const char *prev,
		     char out[65]);
void lots_chain_root(const struct lots_draw *d, char out[65]);

/* Draws cohorts and reviewers.  On success returns LOTS_OK and fills *out
 * (free with lots_draw_free).  Otherwise returns LOTS_EINFEASIBLE, *out is
 * empty and err says which of three cases it is: an exact check fails
 * ("rule '...' cannot be met for XXX: ..."); the complete search proved
 * that no draw exists ("no draw satisfies every rule: proved by
 * exhaustive search (...)", then the rule and State its dead ends met
 * most); or the search budget ran out ("no valid draw found within the
 * search budget (...): the roster may still admit one", then where the
 * last attempt was stuck).  roster_sha256 is copied into the draw. */
int lots_draw_make(const struct roster *r, const char *roster_sha256,
		   const unsigned char seed[32], struct lots_draw *out,
		   char *err, size_t errlen);
void lots_draw_free(struct lots_draw *d);

/* Search effort: restarts, and repair steps per restart (base + per
 * reviewed State).  Zero fields take the defaults (10 restarts below 60
 * reviewed States, else 6; 2000 + 50 per State; 300,000 nodes of
 * complete search when those fail, in ten randomised runs, then
 * LOTS_EXACT_CONFLICTS conflicts of the exact solver).  The effort is part of
 * the method: a draw is reproducible only with the same effort, so
 * everything but tests uses lots_draw_make(). */
struct lots_effort {
	int attempts;
	long steps_base, steps_per_state;
	long exact_nodes;     /* complete fallback budget (any size); -1 = off */
	/* Conflicts of the exact solver after the search (exact.c); 0 = the
	 * default (LOTS_EXACT_CONFLICTS), -1 = off.  exact_nodes = -1 turns
	 * it off too. */
	long exact_conflicts;
};
#define LOTS_EXACT_CONFLICTS 200000L
int lots_draw_make_effort(const struct roster *r, const char *roster_sha256,
			  const unsigned char seed[32], const struct lots_effort *eff,
			  struct lots_draw *out, char *err, size_t errlen);
/* As lots_draw_make_effort, under the rule parameters params (R38; NULL:
 * the annex's, version 1), which are copied into out->params: the cap of
 * reviewers per review, the workload load_min..load_max (plus each
 * State's extra) and the number of cohorts are those of params (the
 * redraw limit is read by lots_redraw from the document).  Values outside
 * what lots_params_supported accepts give LOTS_EINPUT with err set.  eff
 * may be NULL (the defaults). */
int lots_draw_make_params(const struct roster *r, const char *roster_sha256,
			  const unsigned char seed[32], const struct lots_params *params,
			  const struct lots_effort *eff, struct lots_draw *out, char *err,
			  size_t errlen);

/* Appends one line per party left out of the draw, with the reason
 * ("EUR: in no regional group"). */
void lots_exclusions(const struct roster *r, struct buf *out);

/* The draw document (format LOTS_FORMAT, or LOTS_FORMAT_2 when
 * d->format is 2), byte-identical for equal draws.  Returns a malloc'd string the caller frees. */
char *lots_draw_to_json(const struct lots_draw *d, const struct roster *r);
/* Where the seed of a draw document came from (docs/draw.md "Where the
 * seed came from"), as recorded in it; not a verification (lots_verify_json
 * checks the record). */
enum lots_seed_origin {
	LOTS_ORIGIN_UNRECORDED = 0,   /* format 2, or the document cannot be read */
	LOTS_ORIGIN_GIVEN,            /* "ceremony": null: not from a ceremony */
	LOTS_ORIGIN_CEREMONY,         /* a ceremony's record */
	LOTS_ORIGIN_MANUAL            /* drawn by hand (LOTS_ALGORITHM_MANUAL) */
};
int lots_doc_seed_origin(const char *json);
/* Parses a draw document back (its codes must be in r).  Returns LOTS_OK,
 * or LOTS_EINPUT with err set.  Free *out with lots_draw_free. */
int lots_draw_from_json(const char *json, const struct roster *r,
			struct lots_draw *out, char *err, size_t errlen);

/* Replaces one reviewer of d in place (paras 28 d-f, 30): every other
 * assignment stays, the redraw is appended to d->redraws.  Returns LOTS_OK,
 * LOTS_EINPUT (bad request: err names the argument, e.g. "--replace: ...")
 * or LOTS_EINFEASIBLE (limit reached or no valid replacement; err says which
 * rule for which State). */
int lots_redraw(const struct roster *r, struct lots_draw *d,
		const struct lots_redraw_req *req, char *err, size_t errlen);

const char *lots_reason_code(int reason);
int lots_reason_parse(const char *s);        /* -1 if unknown */
const char *lots_role_code(int role);

/* Independent verifier: checks the document json against every rule for
 * roster r (whose canonical hash is roster_sha256), and, when seed is not
 * NULL, that the document is the draw that seed (and its recorded redraw
 * requests) gives.  Appends one line per violation to report and returns
 * their number (0 = valid), or -1 if json cannot be read at all (report
 * says why).  Recorded exceptions (a State left with no review because no
 * reassignment existed) are reported as lines starting "recorded
 * exception: " and not counted. */
int lots_verify_json(const struct roster *r, const char *roster_sha256,
		     const unsigned char *seed, const char *json, struct buf *report);

/* --- Database (migration 0002_lots.sql; tables described there) --- */

/* Draws from the parties stored in s and records the drawing event, the
 * cohorts and the assignments; the new draw becomes the current one.  On
 * success returns LOTS_OK and, if json_out is not NULL, a malloc'd copy of
 * the document the caller frees, and *draw_id the new lots_draws.id. */
int lots_db_draw(struct store *s, const unsigned char seed[32], char **json_out,
		 int64_t *draw_id, char *err, size_t errlen);
/* Who ran a drawing event and at which meeting (R237), kept in the
 * event's inputs; either may be NULL. */
struct lots_event_meta {
	const char *run_by, *meeting;
	/* The audit log entry written in the event's transaction (R237):
	 * who (an e-mail, or "cli:USER") and from where ("local" for the
	 * CLI); none is written when actor is NULL. */
	const char *actor, *ip;
	/* lots_db_draw_meta over a current draw: refused (LOTS_EEXISTS)
	 * unless set, then the old draw is superseded and that audited. */
	int supersede;
	/* Set by lots_ceremony_hold: the prepared drawing event this draw
	 * holds (marked held in the same transaction), the seed revealed
	 * (hex), the commitment published, and the public entropy mixed in
	 * (all recorded in the event's inputs). */
	int64_t ceremony;
	const char *revealed_seed, *published_commitment, *entropy_name, *entropy_value;
	int from_request;   /* applied from a meeting's lodged requests (events.h) */
	int cohorts_only;   /* C3: assign the cohorts only (cohorts.c) */
};

/* C3 (cohorts.c): d becomes the cohorts-only event of the same draw: every
 * review keeps its State and cohort and loses its reviewers. */
void lots_draw_cohorts_only(struct lots_draw *d);
/* lots_verify_json for a cohorts-only document (its algorithm
 * LOTS_ALGORITHM_COHORTS): the roster's hash, no reviewer and no redraw,
 * every State to be reviewed in exactly one cohort of 1..cohorts, and,
 * with seed, the cohorts the draw of that seed and parameters gives.  One
 * line per violation into report; their number, or -1 (unreadable). */
int lots_verify_cohorts_json(const struct roster *r, const char *roster_sha256,
			     const unsigned char *seed, const char *json, struct buf *report);
/* lots_db_draw, recording meta (may be NULL) with the event. */
int lots_db_draw_meta(struct store *s, const unsigned char seed[32],
		      const struct lots_event_meta *meta, char **json_out, int64_t *draw_id,
		      char *err, size_t errlen);
/* Loads the current draw of s: its roster snapshot (as parsed roster and
 * CSV bytes' SHA-256) and document.  Caller frees *json and *r. */
int lots_db_load_current(struct store *s, int64_t *draw_id, struct roster *r,
			 char roster_sha256[65], char **json, char *err, size_t errlen);
/* Redraws in the current draw of s and records it.  An exceptional redraw
 * must cite a decision recorded with lots_db_add_decision. */
int lots_db_redraw(struct store *s, const struct lots_redraw_req *req, char **json_out,
		   char *err, size_t errlen);
int lots_db_redraw_meta(struct store *s, const struct lots_redraw_req *req,
			const struct lots_event_meta *meta, char **json_out, char *err,
			size_t errlen);
/* The checks of lots_db_add_decision, writing nothing (F10). */
int lots_db_decision_check(struct store *s, const char *ref, const char *date,
			   const char *title, char *err, size_t errlen);
/* Records a decision (e.g. of the Conference or its working group) that
 * exceptional redraws cite by ref.  Returns LOTS_OK or LOTS_EINPUT. */
int lots_db_add_decision(struct store *s, const char *ref, const char *date,
			 const char *title, char *err, size_t errlen);
/* Checks the current stored document against the stored event log: every
 * redraw row (request, counted flag, note, decision, chain hash) in order,
 * each decision cited exists, and the last event's output is the document.
 * Appends one line per mismatch to report; returns their number, or -1
 * with report saying why nothing could be checked. */
int lots_db_check_history(struct store *s, struct buf *report);

/* --- A draw held by hand and recorded (manual.c; C45) --- */

/* Reads the result of a draw made by hand from CSV (columns reviewed,
 * year, reviewer, role, instruments; others ignored; see manual.c) into
 * *out for roster r, marked manual, its seed SHA-256 of
 * "revmech-manual/1\n" and the bytes.  Nothing about the rules is checked
 * here (lots_verify_json does).  Returns LOTS_OK or LOTS_EINPUT with err
 * naming the line. */
int lots_manual_parse(const struct roster *r, const char *roster_sha256, const char *csv,
		      size_t len, struct lots_draw *out, char *err, size_t errlen);
/* The canonical form of a result held by hand (docs/draw.md "A draw held
 * by hand"): the header "reviewed,year,reviewer,role,instruments" and one
 * line per reviewer of d, reviews in code order, slots as the document
 * lists them (same_region, other_region, additional reviewers in code
 * order), instruments as codes in table order, every line ended by LF.
 * Appended to out.  Row order, line ends, quoting and ignored columns of
 * the file do not change it. */
void lots_manual_canonical(const struct roster *r, const struct lots_draw *d, struct buf *out);
/* SHA-256 (hex) of the canonical form of csv read against the parties
 * stored in s now, as lots_db_record_manual would record it.  Returns
 * LOTS_OK or LOTS_EINPUT with err naming the line. */
int lots_db_manual_record_hash(struct store *s, const char *csv, size_t len, char sha[65],
			       char *err, size_t errlen);
/* Records the draw of csv held by hand at a meeting as the current draw,
 * after the independent verifier found it keeps every rule (otherwise
 * LOTS_EINFEASIBLE, the violations in err, nothing stored).  As
 * lots_db_draw_meta otherwise (supersede, audit: draw.manual). */
int lots_db_record_manual(struct store *s, const char *csv, size_t len,
			  const struct lots_event_meta *meta, char **json_out, int64_t *draw_id,
			  char *err, size_t errlen);

/* --- Opt-outs with their date and source (optout.c, migration 0014; C34) --- */

/* Sets (opted_out 1) or withdraws (0) party's choice "not_reviewed",
 * "not_reviewer" or "both" (footnote 2 of resolution 9/1), made on since
 * (YYYY-MM-DD) by source (e.g. a note verbale), recorded with `by` and
 * audited (draw.opt_out) in one transaction.  Drawing events made after it
 * follow the flag and keep the records in force in their inputs.  Returns
 * LOTS_OK or LOTS_EINPUT with err naming the option. */
int lots_db_set_opt_out(struct store *s, const char *party, const char *choice, int opted_out,
			const char *since, const char *source, const char *by, const char *ip,
			char *err, size_t errlen);
/* The opt-outs in force as a JSON array [{"party", "choice", "since",
 * "source"}] (malloc'd text the caller frees). */
char *lots_db_opt_outs_json(struct store *s);

/* --- Drawing ceremonies (ceremony.c, migration 0013; R51, C42) --- */

/* A drawing event prepared and published before its meeting. */
struct lots_ceremony {
	int64_t id, draw_id;          /* draw_id 0 until held */
	/* Texts of up to 200 code points (800 bytes of UTF-8), whole: the
	 * entropy's name and value are mixed into the seed and written into
	 * the document (R51), so a cut one would be another value. */
	char meeting[804], held_on[11], roster_sha256[65], seed_commitment[65];
	char entropy_name[804];       /* public entropy named beforehand, "" none */
	char prepared_by[256], prepared_at[32];
	char status[12];              /* prepared, held, cancelled */
	char held_by[256], held_at[32];
	char seed[65];                /* revealed at the meeting, "" before */
	char entropy_value[804];
};
/* The canonical hash (lots_roster_hash) of the roster the store would
 * draw from now.  Returns LOTS_OK or LOTS_EINPUT with err set. */
int lots_db_roster_hash(struct store *s, char sha[65], char *err, size_t errlen);
/* The seed a ceremony draws with: seed itself without public entropy,
 * else SHA-256 of "revmech-seed-mix/1\n" SEEDHEX "\n" NAME "\n" VALUE "\n". */
void lots_seed_mix(const unsigned char seed[32], const char *name, const char *value,
		   unsigned char out[32]);
/* Records a drawing event to be held at meeting on held_on (YYYY-MM-DD),
 * with the commitment (64 hex digits: SHA-256 of the seed) and the roster
 * hash of the store now, and the name of public entropy or NULL; audited
 * (draw.prepare) by `by` from ip in the same transaction.  Returns LOTS_OK
 * (*id set when not NULL) or LOTS_EINPUT with err naming the field. */
int lots_ceremony_prepare(struct store *s, const char *meeting, const char *held_on,
			  const char *commitment, const char *entropy_name, const char *by,
			  const char *ip, int64_t *id, char *err, size_t errlen);
/* Every ceremony, newest first, into a new array *out (caller frees with
 * free()).  Returns 0 or -1. */
int lots_ceremony_list(struct store *s, struct lots_ceremony **out, size_t *n);
/* Ceremony id into *c: 1 found, 0 none, -1 store error. */
int lots_ceremony_get(struct store *s, int64_t id, struct lots_ceremony *c);
/* Holds prepared ceremony id: seed must match its commitment, the store's
 * roster its roster hash, entropy_value be given exactly when entropy was
 * named; then draws with the mixed seed (lots_db_draw_meta, superseding
 * the current draw only when supersede is set) and marks it held, in one
 * transaction, audited by `by`.  Returns as lots_db_draw_meta (LOTS_EINPUT
 * with err naming the field for a refusal; nothing changed). */
int lots_ceremony_hold(struct store *s, int64_t id, const unsigned char seed[32],
		       const char *entropy_value, const char *by, const char *ip, int supersede,
		       char **json_out, int64_t *draw_id, char *err, size_t errlen);
/* The checks of lots_ceremony_hold, writing nothing (the web asks it
 * before its confirmation step, F10): LOTS_OK when the hold would be
 * made, else its refusal as lots_ceremony_hold gives it. */
int lots_ceremony_hold_check(struct store *s, int64_t id, const unsigned char seed[32],
			     const char *entropy_value, int supersede, char *err, size_t errlen);
/* The checks of lots_ceremony_prepare, writing nothing (F10, F12). */
int lots_ceremony_prepare_check(struct store *s, const char *meeting, const char *held_on,
				const char *commitment, const char *entropy_name, char *err,
				size_t errlen);

/* --- Replacing the programme in force (supersede.c; F21, R46) --- */

/* How many States reviewed in draw draw_id have a review begun (a phase
 * past not_started, an answer, a dialogue thread, a list or a summary);
 * the first by code into first (when not NULL).  -1 on a store error. */
int lots_db_reviews_begun(struct store *s, int64_t draw_id, char first[8]);
/* Whether a new draw may be stored now: LOTS_OK when none is in force,
 * or supersede is set and no review of the one in force has begun;
 * LOTS_EEXISTS with err saying why not (a draw in force and no supersede,
 * or reviews begun); LOTS_EINPUT on a store error.  Writes nothing. */
int lots_db_supersede_check(struct store *s, int supersede, char *err, size_t errlen);
/* A seed typed by a person is refused when it has fewer than this many
 * different bytes (docs/draw.md "Seeds": a random seed is refused with
 * probability about 1.2e-37). */
#define LOTS_SEED_MIN_DISTINCT 8
/* 1 if seed has fewer than LOTS_SEED_MIN_DISTINCT different bytes. */
int lots_seed_weak(const unsigned char seed[32]);

/* Checks the ceremony of the current stored draw (ceremony_check.c;
 * R51): the document's ceremony record, the drawing event's inputs and
 * the prepared drawing event (lots_ceremonies) must agree, the
 * commitment must have been published before the draw, hash to the seed
 * revealed, and that seed mixed with the entropy named must be the draw's
 * seed; a draw not from a ceremony must have no prepared event held by
 * it.  Appends one line per failure (naming the step) to report, and a
 * note saying which kind of draw it is; returns the failures, or -1 with
 * report saying why nothing could be checked. */
int lots_db_ceremony_check(struct store *s, struct buf *report);

/* --- Parameters (params.c, migration 0029; R38) --- */

/* The annex's values, version 1, decision LOTS_PARAMS_DECISION_1. */
void lots_params_default(struct lots_params *p);
/* The parameters a draw uses: d->params, or the annex's when unset. */
const struct lots_params *lots_draw_params(const struct lots_draw *d, struct lots_params *tmp);
/* 1 if the drawer, the redraw and the verifier can apply p (every value
 * within the ranges lots_db_params_record accepts: max_reviewers 2 to
 * LOTS_MAX_SLOTS, 0 <= load_min <= load_max <= 100, cohorts 1 to
 * LOTS_MAX_COHORTS, redraw_limit 0 to 100, literal_28b_search 0 or 1),
 * else 0 with why set. */
int lots_params_supported(const struct lots_params *p, char *why, size_t whylen);
/* The parameters of json, a JSON object of the keys of a document's
 * "parameters" or a drawing document (whose "parameters" are taken), into
 * *p (for `draw lots --roster --parameters`).  Returns LOTS_OK, or
 * LOTS_EINPUT with err set (a key missing or out of range). */
int lots_params_from_json(const char *json, struct lots_params *p, char *err, size_t errlen);
/* The version in force in s (the highest), into *p.  Returns LOTS_OK or
 * LOTS_EINPUT with err set. */
int lots_db_params_current(struct store *s, struct lots_params *p, char *err, size_t errlen);
/* Records p as a new version (p->version is ignored and set on success)
 * with its decision (reference and date both required), audited
 * (draw.params) by `by`, in one transaction.  Values are checked (the
 * minimum load at most the maximum, and so on).  Returns LOTS_OK or
 * LOTS_EINPUT with err naming the option. */
int lots_db_params_record(struct store *s, struct lots_params *p, const char *by,
			  const char *ip, char *err, size_t errlen);
/* Every version, oldest first, one line each, appended to out. */
int lots_db_params_list(struct store *s, struct buf *out);
/* Checks that the parameters recorded in the draw document json are a
 * version stored in s, with the same values and decision.  Appends one
 * line per mismatch to report and returns their number (-1 on a store
 * error). */
int lots_db_params_check(struct store *s, const char *json, struct buf *report);

/* --- The parameters as the pages and the API see them (params_ver.c;
 * R38, issue 12 "From the web") --- */

/* One integer field of struct lots_params: its key (the JSON key, the
 * form field, the column of lots_parameters), its label (an English
 * msgid, marked N_), the paragraph of the procedures that sets it, where
 * it is in the structure and the range a version may give it.  Every
 * page, API answer and check of a new version walks lots_param_fields[],
 * so that a new parameter is one line of that table (and its column). */
struct lots_param_field {
	const char *key;
	const char *label;
	const char *para;
	size_t offset;   /* offsetof(struct lots_params, member), an int */
	int min, max;
};
extern const struct lots_param_field lots_param_fields[];
extern const size_t lots_param_nfields;
int lots_param_get(const struct lots_params *p, const struct lots_param_field *f);
void lots_param_set(struct lots_params *p, const struct lots_param_field *f, int v);

/* A recorded version with who recorded it and when, and the drawings of
 * lots (lots_draws) whose document used it. */
struct lots_params_use {
	int64_t draw_id;
	int64_t event_id;  /* its drawing event (lots_events seq 0, /draws/{id}); 0 none */
	char created_at[32];
	char status[16];   /* current, superseded */
};
struct lots_params_version {
	struct lots_params p;
	char recorded_by[128], recorded_at[32];
	struct lots_params_use *uses;  /* owned */
	size_t nuses;
};
/* Every version, oldest first, into *out (free with
 * lots_params_versions_free).  Returns 0 or -1 (store error). */
int lots_db_params_versions(struct store *s, struct lots_params_version **out, size_t *n);
void lots_params_versions_free(struct lots_params_version *v, size_t n);
/* Every stored version, oldest first, as lots_db_params_current reads
 * one (params.c), into *out (free()).  Returns 0 or -1. */
int lots_db_params_all(struct store *s, struct lots_params **out, size_t *n);

/* Fills p, starting from the version in force, from text values:
 * get(ctx, key) for each key of lots_param_fields and for "decision" and
 * "decided_on".  NULL keeps the value in force (a parameter; unless all
 * is set, as for a form that has every field) or leaves it empty (the
 * decision); "" is a missing value.  Then checks the whole
 * version as lots_db_params_record would (ranges of the table, load_min
 * at most load_max, a decision reference of at most 127 bytes, a date
 * YYYY-MM-DD).  Returns LOTS_OK, or LOTS_EINPUT with err set through
 * msg_set (util/msg.h: the pages show it in their language). */
int lots_params_from_text(struct store *s, struct lots_params *p, int all,
			  const char *(*get)(void *ctx, const char *key), void *ctx, char *err,
			  size_t errlen);
/* Checks p as lots_params_from_text does (msg_set errors). */
int lots_params_validate(const struct lots_params *p, char *err, size_t errlen);
/* lots_params_validate, then lots_db_params_record (audited draw.params by
 * `by`).  Returns LOTS_OK or LOTS_EINPUT with err set. */
int lots_db_params_add(struct store *s, struct lots_params *p, const char *by, const char *ip,
		       char *err, size_t errlen);

/* For `revmech init --demo`: draws from the parties already in s with the
 * given seed and stores it as the current draw.  Returns 0, or -1 with err
 * set. */
int lots_draw_store_demo(struct store *s, const unsigned char seed[32],
			 char *err, size_t errlen);

#endif
