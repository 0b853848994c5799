/* notify.c - see notify.h. */
#include "notify/notify.h"

#include <stdlib.h>
#include <string.h>

#include "mail/outbox.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* The active account of address to (stored lower-case): its id, 0 when
 * none, -1 on a store error. */
static int64_t account_of(struct store *s, const char *to)
{
	char mail[256];
	int64_t id = -1;
	util_strlcpy(mail, to, sizeof mail);
	util_ascii_lower(mail);
	struct store_stmt *st = store_prepare_cached(s, "SELECT id FROM users WHERE email = ? AND "
							"disabled = 0");
	if (!st)
		return -1;
	store_bind_text(st, 1, mail);
	int r = store_step(st);
	if (r == STORE_ROW)
		id = store_col_int(st, 0);
	else if (r == STORE_DONE)
		id = 0;
	store_finalize(st);
	return id;
}

int64_t notify_queue(struct store *s, const struct notify_msg *m)
{
	return notify_queue_account(s, m, 0);
}

int64_t notify_queue_account(struct store *s, const struct notify_msg *m, int64_t user_id)
{
	char now[32];
	const char *link = m->link ? m->link : "";
	if (!m->to || !m->subject || !m->body || (*link && *link != '/') || strlen(link) >= 256)
		return -1;
	int64_t qid = outbox_queue(s, m->to, m->lang, m->subject, m->body);
	if (qid < 0)
		return -1;
	int64_t uid = user_id > 0 ? user_id : account_of(s, m->to);
	if (uid <= 0)
		return uid < 0 ? -1 : qid; /* no account: e-mail only */
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO notifications (user_id, outbox_id, lang, subject, body, link, created) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, uid);
	store_bind_int(st, 2, qid);
	store_bind_text(st, 3, m->lang && *m->lang ? m->lang : "en");
	store_bind_text(st, 4, m->subject);
	store_bind_text(st, 5, m->body);
	store_bind_text(st, 6, link);
	store_bind_text(st, 7, now);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? qid : -1;
}

int notify_list(struct store *s, int64_t user_id, int unread_only, long offset, int limit,
		struct notify_item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > NOTIFY_PAGE_MAX || offset < 0)
		return -1;
	struct store_stmt *st = store_prepare_cached(s,
		unread_only ? "SELECT id, lang, subject, body, link, created, read_at FROM "
			      "notifications WHERE user_id = ? AND read_at IS NULL "
			      "ORDER BY id DESC LIMIT ? OFFSET ?"
			    : "SELECT id, lang, subject, body, link, created, read_at FROM "
			      "notifications WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, user_id);
	store_bind_int(st, 2, limit);
	store_bind_int(st, 3, offset);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		struct notify_item *it = &(*out)[(*n)++];
		memset(it, 0, sizeof *it);
		it->id = store_col_int(st, 0);
		util_strlcpy(it->lang, store_col_text(st, 1), sizeof it->lang);
		it->subject = xstrdup(store_col_text(st, 2));
		it->body = xstrdup(store_col_text(st, 3));
		util_strlcpy(it->link, store_col_text(st, 4), sizeof it->link);
		util_strlcpy(it->created, store_col_text(st, 5), sizeof it->created);
		util_strlcpy(it->read_at, store_col_text(st, 6), sizeof it->read_at);
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		notify_items_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void notify_items_free(struct notify_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].subject);
		free(v[i].body);
	}
	free(v);
}

long long notify_count(struct store *s, int64_t user_id, int unread_only)
{
	long long c = -1;
	struct store_stmt *st = store_prepare_cached(s,
		unread_only ? "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL"
			    : "SELECT COUNT(*) FROM notifications WHERE user_id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, user_id);
	if (store_step(st) == STORE_ROW)
		c = store_col_int(st, 0);
	store_finalize(st);
	return c;
}

long long notify_unread_upto(struct store *s, int64_t user_id, int cap)
{
	long long c = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND "
		"read_at IS NULL LIMIT ?) x");
	if (!st)
		return -1;
	store_bind_int(st, 1, user_id);
	store_bind_int(st, 2, cap > 0 ? cap : 1);
	if (store_step(st) == STORE_ROW)
		c = store_col_int(st, 0);
	store_finalize(st);
	return c;
}

int notify_owner(struct store *s, int64_t id, int64_t *owner)
{
	int rc = -1;
	*owner = 0;
	struct store_stmt *st = store_prepare_cached(s, "SELECT user_id FROM notifications WHERE "
							"id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int r = store_step(st);
	if (r == STORE_ROW) {
		*owner = store_col_int(st, 0);
		rc = 1;
	} else if (r == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int notify_mark_read(struct store *s, int64_t user_id, const int64_t *ids, size_t n)
{
	char now[32];
	int changed = 0, rc = -1;
	struct store_stmt *st = NULL;
	util_now_iso(now, sizeof now);
	if (store_begin(s) != 0)
		return -1;
	if (!ids) {
		st = store_prepare_cached(s, "UPDATE notifications SET read_at = ? WHERE "
					     "user_id = ? AND read_at IS NULL");
		if (!st)
			goto out;
		store_bind_text(st, 1, now);
		store_bind_int(st, 2, user_id);
		if (store_step(st) != STORE_DONE)
			goto out;
		changed = store_changes(s);
	}
	for (size_t i = 0; ids && i < n; i++) {
		store_finalize(st);
		st = store_prepare_cached(s, "UPDATE notifications SET read_at = ? WHERE id = ? AND "
					     "user_id = ? AND read_at IS NULL");
		if (!st)
			goto out;
		store_bind_text(st, 1, now);
		store_bind_int(st, 2, ids[i]);
		store_bind_int(st, 3, user_id);
		if (store_step(st) != STORE_DONE)
			goto out;
		changed += store_changes(s);
	}
	rc = 0;
out:
	store_finalize(st);
	if (rc == 0 && store_commit(s) == 0)
		return changed;
	store_rollback(s);
	return -1;
}
