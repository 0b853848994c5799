/* dialogue_int.h - what dialogue.c and observation.c share (internal to
 * src/dialogue). */
#ifndef RM_DIALOGUE_DIALOGUE_INT_H
#define RM_DIALOGUE_DIALOGUE_INT_H

#include <stdint.h>

#include "access/access.h"
#include "archive/archive.h"

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

#endif
