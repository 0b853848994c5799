/* reminders.h - the reminders of the country reviews, run by `revmech
 * people remind`, `revmech response remind` and periodically by `revmech
 * serve` (issue 9; annex paras 18, 27, 34; spec R18-R19, R91, C12).
 *
 * One run queues, through the outbox in the recipient's language, the
 * reminders due as of now: focal points and experts not yet named
 * (review/people.h, people_remind) and responses due or overdue
 * (response/submit.h, response_remind); the thread of `serve` also runs
 * the reminders of written observations (dialogue/observation.h,
 * observation_remind_all(), as `revmech dialogue remind`: table
 * observation_reminders).  Each reminder is sent once
 * however often a run happens: both record what they sent in the same
 * transaction as the notice (people_notices, response_reminders, each
 * with a unique key), so a second run, a restart or two servers at once
 * queue nothing twice. */
#ifndef RM_CLI_REMINDERS_H
#define RM_CLI_REMINDERS_H

#include <stddef.h>

struct store;

#define REMINDERS_INTERVAL 3600L /* seconds between two runs of `serve` */

/* Runs both at now (ISO time; NULL: the current time): *people and
 * *responses get how many were queued.  Returns 0, or -1 with err set
 * (what one of them queued before the other failed stays queued: each
 * commits on its own). */
int reminders_run(struct store *s, const char *now, int *people, int *responses, char *err,
		  size_t errlen);

/* Starts the thread of `serve` that runs reminders_run() at start and
 * then every interval seconds, on its own store connection to db_path
 * (the string must outlive the thread); each run is audited
 * ("reminders.run").  Termination signals are blocked in it.  Returns 0,
 * or -1 with err. */
int reminders_start(const char *db_path, long interval, char *err, size_t errlen);
/* Wakes the thread, lets it finish its run and joins it. */
void reminders_stop(void);

#endif
