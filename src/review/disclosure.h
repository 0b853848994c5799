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
	DISCLOSURE_NO_ITEM = -3, /* disc: no such item (answer, document, thread) */
	DISCLOSURE_NOT_THEIRS = -4, /* disc: the item is another State's */
	DISCLOSURE_DRAFT = -5,   /* disc: the answer or document is still a draft */
	DISCLOSURE_NO_REQUEST = -6, /* disc: no portal request in force with that id */
	DISCLOSURE_NO_PUBLICATION = -7, /* undo: no publication of that State with that id */
	DISCLOSURE_ENDED = -8,   /* undo: the publication has already ended */
	DISCLOSURE_NOTHING = -9, /* disc3: a withdrawal that would end no choice */
};

#define DISCLOSURE_ITEM_MAX 39

#define DISCLOSURE_NOTE_MAX 1000

/* One recorded choice. */
struct disclosure_entry {
	int64_t id;
	char what[16];       /* dialogue, documents, responses */
	int phase;           /* 0 every phase */
	char instrument[12]; /* "" every instrument */
	char choice[12];     /* states, public, portal, withdraw */
	char item[40];       /* disc (R101): one item, "" the whole scope */
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

/* disc (R101, para 41 "tout ou partie"): as disclosure_record(), for one
 * item when item is neither NULL nor "": for what "responses" the question
 * id of a submitted answer of reviewed in phase (1..4, required), for
 * "documents" a document's id, for "dialogue" a thread's id in decimal or
 * (disc2) ACCESS_MESSAGE_ITEM_PREFIX and the id of one archived message,
 * document or record of a call of a thread (DISCLOSURE_INVALID for a
 * written observation or an agreement: docs/disclosure.md).
 * The choice takes the item's phase and instrument (phase and instrument
 * given must be 0 / empty or the item's).  Returns DISCLOSURE_NO_ITEM (no
 * such item), DISCLOSURE_NOT_THEIRS (another State's), DISCLOSURE_DRAFT
 * (an answer or document of a phase not submitted), err saying so. */
int disclosure_record_item(struct store *s, const char *reviewed, const char *what, int phase,
			   const char *instrument, const char *item, const char *choice,
			   const char *note, int64_t by_id, const char *by, int64_t *id,
			   char *err, size_t errlen);

/* disc3 (F1): the judgement of disclosure_record_item() without writing
 * (the page's confirmation step): DISCLOSURE_OK when it would record the
 * choice, else its refusal with err. */
int disclosure_record_check(struct store *s, const char *reviewed, const char *what, int phase,
			    const char *instrument, const char *item, const char *choice,
			    const char *note, char *err, size_t errlen);

/* Resolves item of kind what for reviewed (see disclosure_record_item):
 * its phase (*phase, in: the phase asked for answers) and instrument
 * (inst, 12 bytes).  DISCLOSURE_OK or an error code with err. */
int disclosure_item_resolve(struct store *s, const char *reviewed, const char *what,
			    const char *item, int *phase, char *inst, char *err, size_t errlen);

/* Every choice of reviewed, oldest first, into a new array *out of *n;
 * free with disclosure_log_free().  Returns 0 or -1. */
int disclosure_log(struct store *s, const char *reviewed, struct disclosure_entry **out,
		   size_t *n);
void disclosure_log_free(struct disclosure_entry *e, size_t n);

/* The choices in force for reviewed: per scope (what, phase, instrument,
 * item) its latest row, without withdrawn ones, as the access module sees
 * them (states -> ACCESS_OPEN_STATES, public -> ACCESS_OPEN_PUBLIC).  A
 * 'portal' request opens nothing by itself (R98): each publication by
 * the Secretariat under a request in force is one ACCESS_OPEN_PUBLIC
 * entry (disclosure_portal.c).
 * Writes at most max into out, sets *n.  Returns 0 or -1. */
int disclosure_current(struct store *s, const char *reviewed, struct access_disclosure *out,
		       size_t max, size_t *n);

/* ---- the Secretariat's selection for the portal (para 37, R98;
 * disclosure_portal.c) ---- */

/* One publication by the Secretariat under a portal request. */
struct disclosure_publication {
	int64_t id, request;
	char item[40];       /* "" the request's whole scope */
	int phase;
	char instrument[12];
	int in_force;        /* its request is still the choice in force, and
			      * the Secretariat has not ended it (undo) */
	char *note;          /* owned (disclosure_publications_free) */
	int64_t by_id;
	char by[256];
	char at[32];
	/* undo (migration 0045): the request still in force (0: the State's
	 * later choice ended the publication), and the Secretariat's end of
	 * it, if any (end_id 0: none). */
	int request_in_force;
	int64_t end_id, ended_by_id;
	char *end_note;      /* owned; "" when end_id is 0 */
	char ended_by[256];
	char ended_at[32];
};

/* Records that the Secretariat (account by_id, e-mail by; the caller has
 * asked ACCESS_PORTAL_PUBLISH) publishes, under the portal request
 * request (a disclosures.id of reviewed whose choice is 'portal' and in
 * force), item ("" or NULL: the whole of what was requested; else one
 * item of the request's scope, as disclosure_record_item() names items).
 * DISCLOSURE_NO_REQUEST when request is not such a request, the item
 * errors of disclosure_record_item(), DISCLOSURE_INVALID when the item is
 * outside the request.  One transaction. */
int disclosure_publish(struct store *s, const char *reviewed, int64_t request, const char *item,
		       const char *note, int64_t by_id, const char *by, int64_t *id, char *err,
		       size_t errlen);

/* Every publication of reviewed, oldest first (in_force set against the
 * choices in force).  Free with disclosure_publications_free().  0 or -1. */
int disclosure_publications(struct store *s, const char *reviewed,
			    struct disclosure_publication **out, size_t *n);
void disclosure_publications_free(struct disclosure_publication *p, size_t n);

/* undo (issue 10, gap "undoing"; para 37, R98, R103): the Secretariat
 * (account by_id, e-mail by; the caller has asked ACCESS_PORTAL_PUBLISH,
 * the rule of publishing: who may put material in the public part may take
 * it out) ends the publication publication of reviewed, for the reason
 * note (required, valid UTF-8 of at most 1,000 bytes).  One new row of
 * portal_publication_ends (nothing is changed or removed); from then
 * disclosure_portal_current() no longer yields it, and publishing the same
 * again is a new publication.  Returns DISCLOSURE_INVALID (the reason),
 * DISCLOSURE_NO_PUBLICATION (none of reviewed with that id),
 * DISCLOSURE_ENDED (ended already, by the Secretariat or by the State's
 * later choice), err saying so; nothing is written then.  *end_id (may
 * be NULL) gets the new row's id.  One transaction. */
int disclosure_unpublish(struct store *s, const char *reviewed, int64_t publication,
			 const char *note, int64_t by_id, const char *by, int64_t *end_id,
			 char *err, size_t errlen);
/* The same judgement without writing (the page's confirmation step). */
int disclosure_unpublish_check(struct store *s, const char *reviewed, int64_t publication,
			       const char *note, char *err, size_t errlen);

/* Whether log[i] (of n, oldest first) is the choice in force for its
 * scope: no later row of the same scope, and (disc3, F5) no later
 * withdrawal whose scope contains it (same what; every phase or its phase;
 * every instrument or its instrument; the whole scope or its item). */
int disclosure_in_force(const struct disclosure_entry *log, size_t n, size_t i);

/* disc3 (F5, F6): how many choices in force of log (not withdrawals) the
 * withdrawal of w's scope would end.  A withdrawal that ends none is
 * refused by disclosure_record_item() with DISCLOSURE_NOTHING. */
int disclosure_withdraw_count(const struct disclosure_entry *log, size_t n,
			      const struct disclosure_entry *w);

/* Appends to out (at most max, *n in and out) the public entries of the
 * publications in force of reviewed.  0 or -1. */
int disclosure_portal_current(struct store *s, const char *reviewed,
			      const struct disclosure_entry *log, size_t nlog,
			      struct access_disclosure *out, size_t max, size_t *n);

#endif
