/* disclosure.h - the disclosure choices of a reviewed State (issue 10;
 * annex paras 37, 40, 41; spec R98-R101, R103, B18).
 *
 * The reviewed State alone (its named focal point: access/'s
 * ACCESS_DISCLOSURE_MAKE) may open its dialogue or the documents of its
 * answers to every State party (para 40), disclose any part publicly
 * (para 41), or ask the Secretariat to use them in the public part of the
 * portal (para 37), per phase and instrument or for all of them, and
 * withdraw a choice later.  Every choice is a row of an append-only log
 * (who, when: R103).  This module only records and reads; the effect is
 * access/'s alone: country_review_load() puts the choices in force into
 * struct access_review, which ACCESS_DIALOGUE_READ, ACCESS_ATTACHMENT_READ
 * and ACCESS_RESPONSE_READ consult (docs/disclosure.md). */
#ifndef RM_REVIEW_DISCLOSURE_H
#define RM_REVIEW_DISCLOSURE_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"

struct store;

enum {
	DISCLOSURE_OK = 0,
	DISCLOSURE_ERR = -1,     /* store error */
	DISCLOSURE_INVALID = -2, /* bad argument: err says which */
};

#define DISCLOSURE_NOTE_MAX 1000

/* One recorded choice. */
struct disclosure_entry {
	int64_t id;
	char what[16];       /* dialogue, documents, responses */
	int phase;           /* 0 every phase */
	char instrument[12]; /* "" every instrument */
	char choice[12];     /* states, public, portal, withdraw */
	char *note;          /* owned (disclosure_log_free) */
	int64_t by_id;
	char by[256];
	char at[32];
};

/* enum access_disclosed of "dialogue" "documents" "responses", 0 none. */
int disclosure_what_parse(const char *what);

/* Records the choice of reviewed (alpha-3) about what (dialogue,
 * documents, responses) for phase (0..4, 0 every phase) and instrument
 * (NULL or "" every one; else untoc, tip, som, firearms), choice one of
 * states, public, portal, withdraw, with an optional note, by the account
 * by_id (e-mail by).  Refuses (DISCLOSURE_INVALID, err naming the field)
 * any other value, and 'states' for responses (submitted answers are every
 * State party's already, para 40).  *id gets the row's id (may be NULL).
 * One transaction. */
int disclosure_record(struct store *s, const char *reviewed, const char *what, int phase,
		      const char *instrument, const char *choice, const char *note,
		      int64_t by_id, const char *by, int64_t *id, char *err, size_t errlen);

/* Every choice of reviewed, oldest first, into a new array *out of *n;
 * free with disclosure_log_free().  Returns 0 or -1. */
int disclosure_log(struct store *s, const char *reviewed, struct disclosure_entry **out,
		   size_t *n);
void disclosure_log_free(struct disclosure_entry *e, size_t n);

/* The choices in force for reviewed: per scope (what, phase, instrument)
 * its latest row, without withdrawn ones, as the access module sees them
 * (states -> ACCESS_OPEN_STATES, public and portal -> ACCESS_OPEN_PUBLIC).
 * Writes at most max into out, sets *n.  Returns 0 or -1. */
int disclosure_current(struct store *s, const char *reviewed, struct access_disclosure *out,
		       size_t max, size_t *n);

#endif
