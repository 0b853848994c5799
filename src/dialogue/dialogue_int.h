/* dialogue_int.h - what dialogue.c and observation.c share (internal to
 * src/dialogue). */
#ifndef RM_DIALOGUE_DIALOGUE_INT_H
#define RM_DIALOGUE_DIALOGUE_INT_H

#include <stdint.h>

#include "access/access.h"
#include "archive/archive.h"
#include "archive/group.h"

struct store;

/* The e-mail that stands for the actor in the archive and the audit log
 * ("-" anonymous).  Points into a. */
const char *dialogue_actor_email(const struct access_actor *a);
/* C43: queues to every active Secretariat account, in its language, the
 * notice that record id of kind was archived in thread th by author,
 * without its content.  Inside the caller's transaction.  Returns 0 or
 * -1. */
int dialogue_notify_secretariat(struct store *s, const struct archive_thread *th, int64_t id,
				const char *kind, const char *author);

/* Para 30, C47: the participants of thread th are the review's CURRENT
 * reviewers in charge of its instrument (review/country, after every
 * redraw), not those stored when it was opened: th->reviewers (in memory
 * only; the archive's row is never changed) gets them.  A replaced
 * reviewer thus loses access from its replacement on, and what it posted
 * stays archived; its replacement reads the whole thread.  Returns 1
 * (replaced), 0 when the store holds no review of th->reviewed (the list
 * stored with the thread stands), -1 on a store error. */
int dialogue_participants_now(struct store *s, struct archive_thread *th);
/* C43 for the participants: the reviewed State and each reviewing State
 * of th->reviewers each get, through its contact (people_contact(): the
 * named focal point, or the Permanent Representative until one is named,
 * R18) and in that contact's language, the notice that record id of kind
 * was archived in th, with where to read it but never its content; not
 * the author itself.  Inside the caller's transaction.  0 or -1. */
int dialogue_notify_participants(struct store *s, const struct archive_thread *th, int64_t id,
				 const char *kind, const char *author);
/* proof (issue 10; paras 21, 37): the decision of dialogue_read() on
 * record id, without opening or auditing its content: DIALOGUE_OK (out
 * holds the record's envelope, archive_record_meta(): free it with
 * archive_record_free()), or DIALOGUE_FORBIDDEN, _NOT_FOUND (no such
 * record, or one that is no item of the dialogue: a channel's, a thread's
 * envelope, an observation's metadata) or _ERROR with err set, out
 * empty. */
int dialogue_read_decide(struct store *s, const struct access_actor *a, int64_t id,
			 struct archive_record *out, char *err, size_t errlen);

/* The checks of an item posted, shared by dialogue_post() and
 * channel_post(): DIALOGUE_OK, or DIALOGUE_BAD with err set. */
int dialogue_item_check(const struct dialogue_item *it, char *err, size_t errlen);

/* Runs a post's work through the group commit of s's database, or in a
 * transaction of its own when s has no group: work's result (>= 0) once
 * committed, or -1 with err set, nothing kept.  dialogue_post(),
 * channel_post(). */
int dialogue_run_post(struct store *s, archive_group_work work, void *arg, char *err,
		      size_t errlen);

#endif
