/* sender.h - the thread of `revmech serve` that empties the outbox
 * (issue 8, item 1): claims a due message, delivers it (mail/smtp.h),
 * marks it sent right after the server's acceptance, or failed with
 * exponential back-off.  Its own store connection. */
#ifndef RM_MAIL_SENDER_H
#define RM_MAIL_SENDER_H

#include <stddef.h>

#include "mail/smtp.h"

struct store;

struct mail_sender_config {
	const char *db_path;
	struct smtp_config smtp;
	long retry_base;    /* seconds before the first retry (30), doubled each time */
	long lease;         /* seconds after which a claim of a dead sender is taken back (300) */
	long poll_ms;       /* pause when nothing is due (1000) */
};

void mail_sender_config_default(struct mail_sender_config *cfg);
/* Starts the thread (cfg is copied; its strings must outlive the thread).
 * Termination signals are blocked in it, so that the server's sigwait()
 * gets them.  Returns 0, or -1 with err. */
int mail_sender_start(const struct mail_sender_config *cfg, char *err, size_t errlen);
/* Asks the thread to stop after the message in hand and joins it. */
void mail_sender_stop(void);
/* Delivers every due message now, in the calling thread (used by
 * `revmech mail` and tests).  Returns how many were delivered, or -1. */
int mail_sender_run_once(const struct mail_sender_config *cfg, struct store *s);

#endif
