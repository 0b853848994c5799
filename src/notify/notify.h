/* notify.h - the review notifications, by e-mail and in the interface
 * (issue 9, "Notifications through the platform's outbox, in the interface
 * and by e-mail"; R18, R91, C43).
 *
 * notify_queue() is what the review modules (review/people.c,
 * response/, dialogue/) call instead of outbox_queue(): in the caller's
 * open transaction it queues the e-mail (mail/outbox.h) and, when the
 * address is an active account of the platform, writes a notification
 * for that account (table notifications, migration 0038) with the same
 * subject and text, already in the recipient's language, and a link to
 * the page concerned.  A Permanent Representative without an account gets
 * the e-mail only.  The account life-cycle e-mails (mail/notice.c:
 * password reset, invitation, TOTP reset, login failures) do not come
 * here: their bodies hold secret links.
 *
 * The readers take the owner's account id: who may read or mark which
 * notification is decided by access/ (ACCESS_NOTIFICATIONS_OWN) before
 * they are called; the UPDATE of notify_mark_read() also keeps to the
 * owner's rows. */
#ifndef RM_NOTIFY_NOTIFY_H
#define RM_NOTIFY_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define NOTIFY_PAGE_MAX 100

struct notify_msg {
	const char *to;       /* one address (outbox rules) */
	const char *lang;     /* the language subject and body are in */
	const char *subject;  /* one line */
	const char *body;     /* UTF-8 text; never a secret */
	const char *link;     /* local path of the page concerned ("/..."), or NULL */
};

/* Queues m in the caller's open transaction.  Returns the outbox row's id
 * (> 0), or -1 (bad argument or store error: the caller rolls back). */
int64_t notify_queue(struct store *s, const struct notify_msg *m);

/* notify_queue() when the caller has just read the recipient's active
 * account in the same transaction (user_id > 0: the id of the account
 * of m->to, not disabled), so that it is not looked up again by address
 * (issue 10 bench: six look-ups per dialogue post under the archive's
 * write lock); user_id 0 looks it up as notify_queue() does. */
int64_t notify_queue_account(struct store *s, const struct notify_msg *m, int64_t user_id);

struct notify_item {
	int64_t id;
	char lang[8];
	char *subject, *body;  /* owned: notify_items_free() */
	char link[256];
	char created[32];
	char read_at[32];      /* "" while unread */
};

/* The notifications of account user_id, newest first: at most limit
 * (1..NOTIFY_PAGE_MAX) from offset, only the unread ones when unread_only.
 * Returns 0 (out, n filled; free with notify_items_free) or -1. */
int notify_list(struct store *s, int64_t user_id, int unread_only, long offset, int limit,
		struct notify_item **out, size_t *n);
void notify_items_free(struct notify_item *v, size_t n);
/* How many notifications account user_id has (only unread: unread_only),
 * or -1. */
long long notify_count(struct store *s, int64_t user_id, int unread_only);
/* The unread notifications of user_id, counted up to cap (then cap): the
 * navigation bar's figure, at a bounded cost.  Or -1. */
long long notify_unread_upto(struct store *s, int64_t user_id, int cap);
/* The owner (account id) of notification id: 1 found, 0 no such
 * notification, -1 store error. */
int notify_owner(struct store *s, int64_t id, int64_t *owner);
/* Marks read, now, the unread notifications of user_id among ids[0..n)
 * (ids NULL: all of them).  One transaction.  Returns how many changed,
 * or -1. */
int notify_mark_read(struct store *s, int64_t user_id, const int64_t *ids, size_t n);

#endif
