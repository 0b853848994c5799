/* channel.h - channels of communication between the governmental experts
 * of a country review (issue 10; annex para 33; spec R95, R96, R97;
 * docs/channels.md).
 *
 * An expert or focal point of a State taking part in a review asks the
 * Secretariat for a channel with some of the review's States (the
 * reviewing States among themselves, or with the reviewed State), for a
 * purpose; the Secretariat sets it up or declines it with a reason.  A
 * channel set up is a conversation of the secure platform like a dialogue
 * thread: an archive thread of instrument DIALOGUE_THREAD_CHANNEL whose
 * participants are the States it names, each item archived through
 * archive/ (append-only, sealed at rest, every read audited).  The
 * request, the decision and every item are audited and notified through
 * the outbox (never their content): a request to every active Secretariat
 * account, the decision to the requester and, once set up, to the
 * contacts of the States named, every item to the Secretariat and to
 * those contacts.
 *
 * Who may do what is access/'s (ACCESS_CHANNEL_*), asked here with the
 * review as the caller loaded it NOW (struct access_review: its current
 * reviewers after every redraw, para 30), so that a replaced reviewer
 * loses its channels from its replacement on.  The dialogue's readers
 * (dialogue.h) never see a channel, and the reviewed State's disclosure
 * choices never open one. */
#ifndef RM_DIALOGUE_CHANNEL_H
#define RM_DIALOGUE_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "archive/archive.h"
#include "dialogue/dialogue.h"

struct store;

#define CHANNEL_PURPOSE_MAX 1000 /* bytes of UTF-8 */
#define CHANNEL_REASON_MAX 1000

enum channel_status {
	CHANNEL_REQUESTED = 0,
	CHANNEL_SET_UP,
	CHANNEL_DECLINED,
};

struct channel {
	int64_t id;
	char reviewed[4];
	int phase;
	char states[64];          /* comma list of alpha-3, sorted */
	char *purpose;            /* opened; owned (channel_free) */
	char by[256];             /* the requester's e-mail */
	char by_state[4];
	char at[32];
	int status;               /* enum channel_status */
	char *reason;             /* the decision's; owned, "" none */
	char decided_by[256];
	char decided_at[32];
	int64_t thread;           /* the archive thread once set up, else 0 */
};

/* Records actor a's request for a channel of review r (as loaded now),
 * phase (1-4; phase_started whether it has started: channels serve the
 * review once it runs), naming states (alpha-3 codes separated by commas
 * or spaces, any case: at least two distinct States of the review, the
 * actor's among them) with purpose (1..CHANNEL_PURPOSE_MAX bytes of
 * UTF-8), audited and notified to the Secretariat in one transaction.
 * Returns the request's id (> 0) or a DIALOGUE_* code with err set:
 * _FORBIDDEN (access/), _BAD (input), _CLOSED (phase not started), _ERROR.
 * Nothing is written unless it succeeds. */
int64_t channel_request(struct store *s, const struct access_actor *a, const struct access_review *r,
			int phase, int phase_started, const char *states, const char *purpose,
			char *err, size_t errlen);

/* The requests of r's phase the actor may see (ACCESS_CHANNEL_REQUESTS_READ
 * of each), oldest first, with their outcome, into a new array *out (free
 * with channel_free(*out, *n)).  The list as a whole is asked first:
 * DIALOGUE_FORBIDDEN with err set when refused.  The read is audited
 * (read.channel_requests, from ip).  Returns 0 or a DIALOGUE_* code. */
int channel_list(struct store *s, const struct access_actor *a, const char *ip,
		 const struct access_review *r, int phase, struct channel **out, size_t *n,
		 char *err, size_t errlen);

/* Request id of r's phase with its outcome, if the actor may see it
 * (ACCESS_CHANNEL_REQUESTS_READ); out is the caller's, free its members
 * with channel_free(out, 1) after 0 only.  DIALOGUE_NOT_FOUND when it is
 * not a request of that review and phase. */
int channel_get(struct store *s, const struct access_actor *a, const struct access_review *r,
		int phase, int64_t id, struct channel *out, char *err, size_t errlen);

/* The Secretariat's decision on request id of r's phase: set_up (1) opens
 * its archive thread, naming its States; 0 declines it, with reason
 * (1..CHANNEL_REASON_MAX bytes; optional when set up).  Audited and
 * notified in one transaction.  Returns 0, DIALOGUE_FORBIDDEN,
 * DIALOGUE_NOT_FOUND, DIALOGUE_BAD, DIALOGUE_CLOSED (already decided) or
 * DIALOGUE_ERROR, err set; nothing written but on 0. */
int channel_decide(struct store *s, const struct access_actor *a, const struct access_review *r,
		   int phase, int64_t id, int set_up, const char *reason, char *err, size_t errlen);

/* The ids of the items of channel id (a request set up) of r's phase,
 * oldest first, into a new array *ids (the caller frees it), after
 * ACCESS_CHANNEL_READ.  DIALOGUE_CLOSED when the request is not set up. */
int channel_items(struct store *s, const struct access_actor *a, const struct access_review *r,
		  int phase, int64_t id, int64_t **ids, size_t *n, char *err, size_t errlen);

/* Archives item it (a message, a document or a record of a call, checked
 * as dialogue_post() checks them) in channel id, by the actor (from ip),
 * after ACCESS_CHANNEL_POST (o.focal_point_id as dialogue_writer_object()
 * sets it), with its audit entry and its notices, in one transaction.
 * Returns the record's id (>= 0) or a DIALOGUE_* code with err set. */
int64_t channel_post(struct store *s, const struct access_actor *a, const char *ip,
		     const struct access_review *r, int phase, int64_t id,
		     const struct dialogue_item *it, char *err, size_t errlen);

/* Item record of channel id, with its content, after ACCESS_CHANNEL_READ
 * and the audit entry of the read (archive_read()).  out: free with
 * archive_record_free() after 0.  DIALOGUE_NOT_FOUND when record is not
 * an item of that channel. */
int channel_read(struct store *s, const struct access_actor *a, const char *ip,
		 const struct access_review *r, int phase, int64_t id, int64_t record,
		 struct archive_record *out, char *err, size_t errlen);

/* proof (issue 10; para 33): whether the actor may read the items of the
 * channel whose archive thread is thread, as channel_read() decides
 * (ACCESS_CHANNEL_READ with the channel's States and the review as
 * review/country loads it now), without reading or auditing anything.
 * Returns DIALOGUE_OK, DIALOGUE_FORBIDDEN (err: the access module's
 * reason), DIALOGUE_NOT_FOUND (no channel set up has that thread) or
 * DIALOGUE_ERROR, err set. */
int channel_thread_readable(struct store *s, const struct access_actor *a, int64_t thread,
			    char *err, size_t errlen);

/* "requested", "set_up" or "declined". */
const char *channel_status_name(int status);

/* Frees the members of c[0..n-1] and, when n > 1 or c was returned by
 * channel_list(), nothing else: channel_list()'s callers free the array
 * itself with free(). */
void channel_free(struct channel *c, size_t n);

#endif
