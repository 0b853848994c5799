/* outbox.h - e-mail that is never lost (issue 8, item 1).
 *
 * A message is a row of table outbox written in the caller's open
 * transaction, so it exists exactly when the change that causes it was
 * committed.  The sender (mail/sender.h) claims due rows one at a time
 * with a conditional UPDATE (queued -> sending), so two servers on one
 * database never both take a row, delivers it and marks it sent at once.
 * Structures are filled by value. */
#ifndef RM_MAIL_OUTBOX_H
#define RM_MAIL_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct buf;

#define OUTBOX_MAX_ATTEMPTS 12   /* then 'failed', until `mail retry` */
#define OUTBOX_CLAIM_LEN 65

struct outbox_msg {
	int64_t id;
	char recipient[256], lang[8], status[12], created[32], next_attempt[32];
	char claim[OUTBOX_CLAIM_LEN];
	int attempts;
	char *subject, *body;     /* owned: outbox_msg_free() */
	char last_error[256];
};

/* Queues a message in the caller's open transaction (store_begin()); the
 * caller's commit makes it real, its rollback takes it back.  to must be
 * one address without CR, LF, '<', '>' or spaces; subject one line; body
 * UTF-8 text (the text, already in the recipient's language lang).
 * Returns the new row's id, or -1 (bad argument or store error). */
int64_t outbox_queue(struct store *s, const char *to, const char *lang, const char *subject,
		     const char *body);

/* Claims the oldest due queued message for this sender: in one
 * transaction, sets it to 'sending' with a fresh claim token, only if it
 * is still queued.  Returns 1 and fills m (free with outbox_msg_free), 0
 * when nothing is due, -1 on a store error. */
int outbox_claim(struct store *s, struct outbox_msg *m);
/* Marks a claimed message sent (the SMTP server accepted it).  Only the
 * holder of the claim can.  Returns 0, or -1. */
int outbox_mark_sent(struct store *s, const struct outbox_msg *m);
/* Records a failed attempt: back to 'queued' after an exponential delay
 * (base_secs x 2^attempts, at most an hour), or 'failed' after
 * OUTBOX_MAX_ATTEMPTS or when permanent.  Returns 0, or -1. */
int outbox_mark_failed(struct store *s, const struct outbox_msg *m, const char *error,
		       int permanent, long base_secs);
/* Puts back to 'queued' the claims older than lease_secs (their sender
 * died mid-way).  Returns how many, or -1. */
int outbox_recover(struct store *s, long lease_secs);
/* Makes failed messages (id 0: all; else that one) and waiting queued ones
 * due now.  Returns how many rows changed, or -1. */
int outbox_retry(struct store *s, int64_t id);
/* Appends a table of the messages (newest first, at most limit) to out:
 * id, status, attempts, created, recipient, subject, last error.
 * Returns the number listed, or -1. */
int outbox_list(struct store *s, int limit, struct buf *out);
/* Releases what outbox_claim() allocated in m. */
void outbox_msg_free(struct outbox_msg *m);

#endif
