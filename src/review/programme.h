/* programme.h - the programme of country reviews as published (issue 8,
 * item 4; annex paras 17, 19-20, 28-30; R47-R68, R51, R60, R34).
 *
 * The programme is public information under the procedures: which States
 * are reviewed in which year, by which States, in which role, and how each
 * drawing of lots was made.  Whether a caller may see it is still decided by
 * the access module (ACCESS_PROGRAMME_READ); nothing confidential of a
 * review (questionnaires, responses, dialogue) is read here.
 *
 * This module is the one reader of the drawing-of-lots tables of migration
 * 0002_lots.sql for the pages (lots_draws, lots_events, lots_reviews,
 * lots_assignments), and the one writer of programme_event_notes (0008).
 * Codes are ISO 3166-1 alpha-3; names are left to the caller
 * (refdata_state_name in the page language). */
#ifndef RM_REVIEW_PROGRAMME_H
#define RM_REVIEW_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/buf.h"

struct store;

#define PROGRAMME_MAX_REVIEWERS 8

struct programme_reviewer {
	char state[4];
	char role[16];        /* same_region, other_region, additional */
	char instruments[48]; /* space-separated: "untoc tip som firearms" */
};

struct programme_review {
	char reviewed[4];
	char group[24];       /* regional group of the reviewed State ("" none) */
	int year;             /* 1..3: the cohort of para 17 */
	char instruments[48]; /* every instrument reviewed, in table order */
	size_t n;
	struct programme_reviewer r[PROGRAMME_MAX_REVIEWERS];
};

/* The current programme: the draw with status 'current'. */
struct programme {
	int64_t draw_id;          /* 0: no draw stored */
	char created_at[32];
	struct programme_review *v; /* owned; ordered by year, then code */
	size_t n;
};

/* A filter of the programme; an empty or NULL member matches everything.
 * state matches the reviewed State or any of its reviewers. */
struct programme_filter {
	int year;               /* 0 or 1..3 */
	const char *group;      /* regional group code */
	const char *instrument; /* instrument code */
	const char *state;      /* party code */
};

/* Loads the current programme into *p (free with programme_free; zeroed
 * first).  Returns 0 (p->draw_id is 0 when no draw is stored, or when the
 * drawing-of-lots tables are absent), -1 on a store error. */
int programme_load(struct store *s, struct programme *p);
void programme_free(struct programme *p);
/* Whether review r passes filter f (f may be NULL). */
int programme_match(const struct programme_review *r, const struct programme_filter *f);
/* The review of State code in p, or NULL. */
const struct programme_review *programme_find(const struct programme *p, const char *code);
/* Checks a filter given by a user: year 1..3, a known regional group,
 * instrument and party.  Returns 0, or -1 with err naming the field. */
int programme_filter_check(struct store *s, const struct programme_filter *f, char *err,
			   size_t errlen);

/* One drawing event (lots_events row, R51): the initial drawing of lots
 * (seq 0) or a redraw. */
struct programme_event {
	int64_t id, draw_id;
	int seq;
	char kind[8];         /* "lots" or "redraw" */
	char created_at[32];
	char seed[65];        /* this event's seed */
	char draw_seed[65];   /* the draw's seed: what `draw verify --seed` takes */
	char roster_sha256[65];
	int current;          /* its draw is the current programme */
	char meeting[256];    /* "" when not recorded: the programme's note, else
			       * the meeting the event's inputs name (R237, C42),
			       * else its ceremony's */
	char run_by[256];     /* "" when not recorded (the same order) */
	/* Filled by programme_event_get() only (zero in programme_events()): */
	char meeting_title[256];   /* the meeting as recorded (lots_meetings), "" none */
	char meeting_held_on[11];  /* its date YYYY-MM-DD, "" none */
	int64_t ceremony_id;       /* the drawing event held for this draw (seq 0), 0 none */
	char ceremony_held_on[11]; /* the date it was announced for */
	int64_t first_event;       /* the drawing of lots of this event's draw (seq 0) */
};

/* Every event, newest first, into a new array *out of *n (caller frees
 * with free()).  Returns 0 or -1 on a store error (*out NULL). */
int programme_events(struct store *s, struct programme_event **out, size_t *n);
/* Event id into *ev.  When document/roster are not NULL, also the drawing
 * document after the event and the roster CSV it was drawn from (malloc'd
 * strings the caller frees).  Returns 0, 1 when there is no such event,
 * -1 on a store error. */
int programme_event_get(struct store *s, int64_t id, struct programme_event *ev,
			char **document, char **roster);
/* Runs the independent verifier (lots_verify_json) on event id's document
 * with its roster and its draw's seed, as `revmech draw verify` does.
 * Returns the number of violations (0 = valid; their lines in report when
 * report is not NULL), 1 when id is no event (*found = 0), -1 when the
 * document cannot be checked.  Events never change once written, so the
 * result is kept per process (thread-safe) keyed by id and the document's
 * SHA-256. */
int programme_event_verify(struct store *s, int64_t id, int *found, struct buf *report);
/* Records (or replaces) the meeting and who ran event id.  Returns 0, 1 if
 * there is no such event, -1 on a store error or an empty field (err). */
int programme_event_note(struct store *s, int64_t id, const char *meeting, const char *run_by,
			 char *err, size_t errlen);

/* One phase of a cohort's workplan (table 2 shifted by the cohort offset,
 * R34): stage 0 the preparatory phase, 1..4 the review phases. */
struct programme_phase {
	int stage;
	char cluster[8];      /* "" for stage 0 */
	int first_year, last_year; /* process years */
	int first_cal, last_cal;   /* calendar years */
};
/* The calendar year of process year 1 (R45): meta 'process_start_year', or
 * PROGRAMME_DEFAULT_START when not set (resolution 9/1 of October 2018
 * launched the preparatory phase). */
#define PROGRAMME_DEFAULT_START 2019
int programme_start_year(struct store *s);
/* Sets meta 'process_start_year' to year (1900..2999).  Returns 0, or -1
 * with err set. */
int programme_set_start_year(struct store *s, int year, char *err, size_t errlen);
/* The phases of cohort 1..3 into out (max entries), *n of them.  Returns
 * 0 or -1 on a store error or a bad cohort. */
int programme_phases(struct store *s, int cohort, struct programme_phase *out, size_t max,
		     size_t *n);

/* A party name for the exports: name(code, ctx) fills out. */
typedef void (*programme_name_fn)(const char *code, void *ctx, char *out, size_t outlen);
/* Appends the reviews of p passing f as CSV, one row per reviewer:
 *   year,reviewed,reviewed_name,group,reviewer,reviewer_name,role,instruments
 * (a review without reviewers has empty reviewer fields). */
void programme_write_csv(const struct programme *p, const struct programme_filter *f,
			 programme_name_fn name, void *ctx, struct buf *out);
/* A new JSON object {"draw_id", "drawn_at", "reviews": [{"reviewed",
 * "reviewed_name", "group", "year", "instruments", "reviewers": [{"state",
 * "name", "role", "instruments"}]}]} of the reviews of p passing f (caller
 * decrefs). */
json_t *programme_to_json(const struct programme *p, const struct programme_filter *f,
			  programme_name_fn name, void *ctx);

#endif
