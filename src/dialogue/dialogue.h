/* dialogue.h - the written dialogue of a country review (issue 10; annex
 * paras 21, 33, 35, 36; spec R93-R96, C43, C47): threads per review, phase
 * and instrument between the reviewed State and its reviewers, with
 * messages, attachments and records of calls and meetings, every one
 * stored through the archive (archive/archive.h: kept unchanged forever,
 * sealed at rest, each read audited).
 *
 * The review comes in as plain identifiers (the reviewed State, its
 * reviewers with the instruments each is in charge of), so that this
 * module does not depend on how reviews are stored.  A thread's
 * participants are the reviewing States in charge of its instrument: a
 * supplementary reviewer thus takes part only in the threads of its
 * instruments (C47).  They are those of the review as review/country
 * gives it now, after every redraw (para 30): a replacement reads the
 * whole thread, the replaced State no longer does, and what it posted
 * stays archived; the list stored when the thread was opened (never
 * rewritten) serves only when the store holds no such review.  Who may
 * read or write is decided by access/ (ACCESS_DIALOGUE_READ,
 * ACCESS_DIALOGUE_POST); the Secretariat reads every thread and is
 * notified of every item (para 33, C43), and so are the reviewed State
 * and the participants through their focal point or, until one is named,
 * their Permanent Representative (R18), through the outbox, in the
 * transaction that archives it, in each recipient's language, without
 * its content. */
#ifndef RM_DIALOGUE_DIALOGUE_H
#define RM_DIALOGUE_DIALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "archive/archive.h"

struct store;

struct dialogue_reviewer {
	char state[4];
	char instruments[48]; /* comma list of instruments.code it is in charge
			       * of; "" = every instrument of the review */
};
struct dialogue_review {
	const char *reviewed;                       /* alpha-3 */
	const struct dialogue_reviewer *reviewers;  /* current, after redraws */
	size_t nreviewers;
};

enum {
	DIALOGUE_OK = 0,
	DIALOGUE_ERROR = -1,     /* store error or bad argument: err says */
	DIALOGUE_FORBIDDEN = -2, /* the access module refused: err says why */
	DIALOGUE_NOT_FOUND = -3, /* no such thread or item */
	DIALOGUE_BAD = -4,       /* bad input: err says what */
	DIALOGUE_CLOSED = -5,    /* not yet: the phase has not started, or the
				  * responses are not submitted */
};

/* chan (para 33; dialogue/channel.h): the instrument of the archive
 * threads that are channels between experts, not the dialogue's: the
 * functions below never list, read or write in one. */
#define DIALOGUE_THREAD_CHANNEL "channel"

/* The longest text of a message or call record typed in (characters);
 * longer notes go as an attachment. */
#define DIALOGUE_MAX_TEXT 20000

/* Opens a thread of review r, phase (1-4) and instrument, whose reviewing
 * States are those of r in charge of instrument.  The actor must be
 * allowed ACCESS_DIALOGUE_POST on it.  In its own transaction.  Returns
 * the thread id (> 0) or a DIALOGUE_* code with err set. */
int64_t dialogue_thread_open(struct store *s, const struct access_actor *a,
			     const struct dialogue_review *r, int phase, const char *instrument,
			     char *err, size_t errlen);

/* The thread of reviewed's phase and instrument: its id (> 0), 0 when
 * none is open yet, or DIALOGUE_ERROR. */
int64_t dialogue_thread_find(struct store *s, const char *reviewed, int phase,
			     const char *instrument);
/* The thread of review r's phase and instrument, opened on first use
 * (threads are open from the start of the phase, para 31: phase_started
 * says whether it has) with the reviewers of r in charge of instrument
 * (access_review_in_charge(), C47).  Finding and opening are one
 * transaction, so two first posts share one thread.  The actor must be
 * allowed ACCESS_DIALOGUE_POST on the thread.  Returns its id (> 0) or a
 * DIALOGUE_* code with err set. */
int64_t dialogue_thread_ensure(struct store *s, const struct access_actor *a,
			       const struct access_review *r, int phase, int phase_started,
			       const char *instrument, char *err, size_t errlen);

/* What an item of a thread is. */
struct dialogue_item {
	const char *kind;        /* ARCHIVE_KIND_MESSAGE, _ATTACHMENT or _CALL */
	const char *title;       /* subject or file name, 1-200 bytes */
	const char *media_type;  /* "text/plain" for a message */
	const void *body;
	size_t body_len;         /* at most DIALOGUE_MAX_BODY */
};
#define DIALOGUE_MAX_BODY (20u << 20)

/* Archives an item in thread, by the actor (from ip), and queues the
 * notice of every active Secretariat account and of the participants'
 * contacts (not the author), in one transaction.  A
 * message or call record typed in is UTF-8 text of 1 to DIALOGUE_MAX_TEXT
 * characters.  Returns the archived record's id (>= 0) or a DIALOGUE_*
 * code with err set (DIALOGUE_BAD for bad input: nothing is written). */
int64_t dialogue_post(struct store *s, const struct access_actor *a, const char *ip,
		      int64_t thread, const struct dialogue_item *it, char *err, size_t errlen);
/* disc2 (paras 36, 41; R101): dialogue_post() of a document (it->kind
 * ARCHIVE_KIND_ATTACHMENT) sent with message (a record id >= 0 of a
 * message of the same thread; -1: none), recorded with it in the same
 * transaction (migration 0046), so that a disclosure of that message
 * alone opens the document too.  DIALOGUE_BAD for another kind,
 * DIALOGUE_NOT_FOUND for a message not of the thread; nothing written. */
int64_t dialogue_post_with(struct store *s, const struct access_actor *a, const char *ip,
			   int64_t thread, const struct dialogue_item *it, int64_t message,
			   char *err, size_t errlen);
/* disc2: the message document record was sent with: 1 (*message set), 0
 * none, -1 store error. */
int dialogue_message_of(struct store *s, int64_t record, int64_t *message);

/* The threads of reviewed's review (phase 0: every phase) the actor may
 * read, oldest first, into a new array *out (the caller frees it): as a
 * whole, or (disc2, R101) one record of it at least, a message disclosed
 * alone.  Returns 0 or DIALOGUE_ERROR. */
int dialogue_threads(struct store *s, const struct access_actor *a, const char *reviewed,
		     int phase, struct archive_thread **out, size_t *n);

/* disc3 (F15; paras 37, 40, 41): the widest audience (enum
 * access_audience) to which the reviewed State's choices in force open
 * thread or some archived record of it, as access/ judges
 * (access_disclosure_audience()): what the dialogue page tells the
 * thread's writers.  ACCESS_OPEN_NONE none, DIALOGUE_ERROR on a store
 * error or no such thread. */
int dialogue_thread_disclosed(struct store *s, int64_t thread);

/* The ids of the items of thread, oldest first (the caller frees *ids):
 * every one when the actor may read the thread, else (disc2) those
 * ACCESS_DIALOGUE_READ allows record by record (the messages disclosed
 * alone), DIALOGUE_FORBIDDEN when none.  disc3 (F15): when the review
 * has disclosure choices, record by record in every case, so that a
 * reader who has the thread by a choice gets the records archived when
 * it was made.  Returns 0, DIALOGUE_FORBIDDEN,
 * DIALOGUE_NOT_FOUND or DIALOGUE_ERROR. */
int dialogue_items(struct store *s, const struct access_actor *a, int64_t thread,
		   int64_t **ids, size_t *n, char *err, size_t errlen);

/* One item with its content, after the access check and the audit entry
 * of the read (archive_read()): ACCESS_DIALOGUE_READ of the record in its
 * thread, ACCESS_OBSERVATION_READ for a written observation (disc2: no
 * thread or message choice opens one).  Returns 0 (out filled: free it
 * with archive_record_free()) or a DIALOGUE_* code with err set. */
int dialogue_read(struct store *s, const struct access_actor *a, const char *ip, int64_t id,
		  struct archive_record *out, char *err, size_t errlen);

/* proof (issue 10; paras 21, 30, 33, 37): whether the actor may read
 * archived record id now, by the rule its reading uses, without opening
 * its content or auditing anything (the caller audits what it gives on
 * it): an item of the dialogue as dialogue_read() decides (the thread's
 * participants now, the reviewed State's disclosures in force); any
 * record of a channel's thread as channel_read() does
 * (ACCESS_CHANNEL_READ: the channel's States, the review now); an
 * agreement to a list or summary, a thread's envelope or an observation's
 * metadata by ACCESS_ARCHIVE_PROOF of its review now.  Returns DIALOGUE_OK,
 * DIALOGUE_FORBIDDEN (err: why), DIALOGUE_NOT_FOUND or DIALOGUE_ERROR,
 * err set. */
int dialogue_record_readable(struct store *s, const struct access_actor *a, int64_t id,
			     char *err, size_t errlen);

/* Para 18: sets o->focal_point_id to the focal point named for the
 * actor's own State (0: none, or an actor of no State), which the access
 * rules of the dialogue's writes ask (access.h); pages and API
 * set it too before they offer a form. */
void dialogue_writer_object(struct store *s, const struct access_actor *a,
			    struct access_object *o);

#endif
