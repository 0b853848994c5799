/* outbox.c - see outbox.h. */
#include "mail/outbox.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/token.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int bad_header(const char *s, int address)
{
	if (!s || !*s)
		return 1;
	if (strpbrk(s, "\r\n"))
		return 1; /* header injection */
	return address && (strpbrk(s, " <>\"\t,") || !strchr(s, '@'));
}

int64_t outbox_queue(struct store *s, const char *to, const char *lang, const char *subject,
		     const char *body)
{
	char now[32];
	int64_t id = -1;
	struct store_stmt *st;
	if (bad_header(to, 1) || bad_header(subject, 0) || !body || strlen(to) > 254)
		return -1;
	util_now_iso(now, sizeof now);
	st = store_prepare_cached(s,
		"INSERT INTO outbox (recipient, lang, subject, body, next_attempt, created) "
		"VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_text(st, 1, to);
	store_bind_text(st, 2, lang && *lang ? lang : "en");
	store_bind_text(st, 3, subject);
	store_bind_text(st, 4, body);
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, now);
	if (store_step(st) == STORE_DONE)
		id = store_last_id(s);
	store_finalize(st);
	return id;
}

int outbox_claim(struct store *s, struct outbox_msg *m)
{
	char now[32];
	struct store_stmt *st = NULL;
	int rc = -1;
	memset(m, 0, sizeof *m);
	token_new(m->claim);
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0)
		return -1;
	/* The WHERE status = 'queued' on the row itself is what makes the
	 * claim atomic across servers: a second claimer updates nothing. */
	st = store_prepare_cached(s,
		"UPDATE outbox SET status = 'sending', claim = ?, claimed_at = ? "
		"WHERE status = 'queued' AND id = (SELECT MIN(id) FROM outbox "
		"WHERE status = 'queued' AND next_attempt <= ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, m->claim);
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, now);
	if (store_step(st) != STORE_DONE)
		goto out;
	store_finalize(st);
	st = NULL;
	if (store_changes(s) == 0) {
		rc = 0;
		goto out;
	}
	st = store_prepare_cached(s,
		"SELECT id, recipient, lang, subject, body, attempts, created FROM outbox "
		"WHERE claim = ? AND status = 'sending'");
	if (!st)
		goto out;
	store_bind_text(st, 1, m->claim);
	if (store_step(st) != STORE_ROW)
		goto out;
	m->id = store_col_int(st, 0);
	util_strlcpy(m->recipient, store_col_text(st, 1), sizeof m->recipient);
	util_strlcpy(m->lang, store_col_text(st, 2), sizeof m->lang);
	m->subject = xstrdup(store_col_text(st, 3));
	m->body = xstrdup(store_col_text(st, 4));
	m->attempts = (int)store_col_int(st, 5);
	util_strlcpy(m->created, store_col_text(st, 6), sizeof m->created);
	util_strlcpy(m->status, "sending", sizeof m->status);
	rc = 1;
out:
	store_finalize(st);
	if (rc >= 0 && store_commit(s) == 0)
		return rc;
	store_rollback(s);
	outbox_msg_free(m);
	return -1;
}

int outbox_mark_sent(struct store *s, const struct outbox_msg *m)
{
	char now[32];
	int rc = -1;
	struct store_stmt *st;
	util_now_iso(now, sizeof now);
	st = store_prepare_cached(s,
		"UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
		"last_error = '' WHERE id = ? AND claim = ? AND status = 'sending'");
	if (!st)
		return -1;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, m->id);
	store_bind_text(st, 3, m->claim);
	if (store_step(st) == STORE_DONE && store_changes(s) == 1)
		rc = 0;
	store_finalize(st);
	return rc;
}

int outbox_mark_failed(struct store *s, const struct outbox_msg *m, const char *error,
		       int permanent, long base_secs)
{
	char next[32];
	int rc = -1, attempts = m->attempts + 1;
	long delay = base_secs > 0 ? base_secs : 1;
	struct store_stmt *st;
	for (int i = 1; i < attempts && delay < 3600; i++)
		delay *= 2;
	if (delay > 3600)
		delay = 3600;
	util_time_iso(time(NULL) + delay, next, sizeof next);
	st = store_prepare_cached(s,
		"UPDATE outbox SET status = ?, attempts = ?, next_attempt = ?, last_error = ?, "
		"claim = NULL WHERE id = ? AND claim = ? AND status = 'sending'");
	if (!st)
		return -1;
	store_bind_text(st, 1, permanent || attempts >= OUTBOX_MAX_ATTEMPTS ? "failed" : "queued");
	store_bind_int(st, 2, attempts);
	store_bind_text(st, 3, next);
	store_bind_text(st, 4, error ? error : "");
	store_bind_int(st, 5, m->id);
	store_bind_text(st, 6, m->claim);
	if (store_step(st) == STORE_DONE)
		rc = 0;
	store_finalize(st);
	return rc;
}

int outbox_recover(struct store *s, long lease_secs)
{
	char before[32];
	int rc = -1;
	struct store_stmt *st;
	util_time_iso(time(NULL) - lease_secs, before, sizeof before);
	st = store_prepare_cached(s,
		"UPDATE outbox SET status = 'queued', claim = NULL "
		"WHERE status = 'sending' AND claimed_at < ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, before);
	if (store_step(st) == STORE_DONE)
		rc = store_changes(s);
	store_finalize(st);
	return rc;
}

int outbox_retry(struct store *s, int64_t id)
{
	char now[32];
	int rc = -1;
	struct store_stmt *st;
	util_now_iso(now, sizeof now);
	st = store_prepare_cached(s,
		"UPDATE outbox SET status = 'queued', next_attempt = ?, "
		"attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END "
		"WHERE status IN ('failed', 'queued') AND (? = 0 OR id = ?)");
	if (!st)
		return -1;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, id);
	if (store_step(st) == STORE_DONE)
		rc = store_changes(s);
	store_finalize(st);
	return rc;
}

int outbox_list(struct store *s, int limit, struct buf *out)
{
	int n = 0, r;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT id, status, attempts, created, recipient, subject, last_error "
		"FROM outbox ORDER BY id DESC LIMIT ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, limit);
	buf_puts(out, "id\tstatus\tattempts\tcreated\trecipient\tsubject\tlast error\n");
	while ((r = store_step(st)) == STORE_ROW) {
		buf_printf(out, "%lld\t%s\t%lld\t%s\t%s\t%s\t%s\n", (long long)store_col_int(st, 0),
			   store_col_text(st, 1), (long long)store_col_int(st, 2),
			   store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5),
			   store_col_text(st, 6));
		n++;
	}
	store_finalize(st);
	return r == STORE_DONE ? n : -1;
}

void outbox_msg_free(struct outbox_msg *m)
{
	free(m->subject);
	free(m->body);
	m->subject = m->body = NULL;
}
