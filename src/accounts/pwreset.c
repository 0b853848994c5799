/* pwreset.c - see pwreset.h. */
#include "accounts/pwreset.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts_int.h"
#include "accounts/apitoken.h"
#include "accounts/session.h"
#include "audit/audit.h"
#include "mail/notice.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/token.h"
#include "util/util.h"

#include <sodium.h>

#define WINDOW 3600

/* Requests in the last hour matching one text column (email or ip), and
 * the oldest of them into oldest.  Returns the count or -1. */
static long long recent(struct store *s, const char *sql, const char *value, const char *since,
			char *oldest, size_t oldlen)
{
	long long n = -1;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, value);
	store_bind_text(st, 2, since);
	if (store_step(st) == STORE_ROW) {
		n = store_col_int(st, 0);
		util_strlcpy(oldest, store_col_text(st, 1), oldlen);
	}
	store_finalize(st);
	return n;
}

int pwreset_request(struct store *s, const char *email, const char *ip, const char *base_url,
		    enum pwreset_outcome *outcome)
{
	char mail[256], since[32], now[32], exp[32], oldest[32] = "", token[TOKEN_HEX_LEN],
		hash[TOKEN_HEX_LEN];
	struct account u;
	struct buf link = { 0 };
	struct store_stmt *st = NULL;
	int rc = -1, eligible;
	time_t t = time(NULL), first;
	*outcome = PWRESET_NO_ACCOUNT;
	if (util_strlcpy(mail, email ? email : "", sizeof mail) < 0)
		mail[0] = '\0';
	util_ascii_lower(mail);
	util_time_iso(t - WINDOW, since, sizeof since);
	util_time_iso(t, now, sizeof now);
	util_time_iso(t + PWRESET_MINUTES * 60L, exp, sizeof exp);
	if (store_begin(s) < 0)
		return -1;
	long long by_ip = recent(s, "SELECT COUNT(*), COALESCE(MIN(created), '') FROM password_resets "
				 "WHERE ip = ? AND created > ?", ip, since, oldest, sizeof oldest);
	if (by_ip < 0)
		goto out;
	if (by_ip >= PWRESET_PER_CLIENT) {
		/* Until the oldest request leaves the hour: the real wait. */
		rc = util_time_parse(oldest, &first) == 0 && first + WINDOW > t
			     ? (int)(first + WINDOW - t) : 1;
		goto out;
	}
	long long by_mail = recent(s, "SELECT COUNT(*), COALESCE(MIN(created), '') FROM "
				   "password_resets WHERE email = ? AND created > ?", mail, since,
				   oldest, sizeof oldest);
	int found = by_mail < 0 ? -1 : account_by_email(s, mail, &u);
	if (found < 0)
		goto out;
	eligible = found == 1 && !u.disabled;
	if (eligible && by_mail >= PWRESET_PER_EMAIL) {
		eligible = 0;
		*outcome = PWRESET_THROTTLED;
	}
	/* The same row either way; a request that mails nothing is born
	 * used, and its token is never seen. */
	token_new(token);
	token_hash(token, hash);
	st = store_prepare_cached(s, "INSERT INTO password_resets (token_hash, email, user_id, ip, "
				     "created, expires, used) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, hash);
	store_bind_text(st, 2, mail);
	if (eligible)
		store_bind_int(st, 3, u.id);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, ip);
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, exp);
	store_bind_text(st, 7, eligible ? NULL : now);
	if (store_step(st) != STORE_DONE)
		goto out;
	/* The message is written either way, inside a savepoint that only an
	 * eligible request keeps: the same work, so the time of the answer
	 * does not tell either (figures in docs/web.md). */
	buf_printf(&link, "%s/reset/%s", base_url, token);
	if (store_exec(s, "SAVEPOINT pwreset_mail") < 0)
		goto out;
	int queued = notice_password_reset(s, eligible ? u.email : mail,
					   found == 1 ? u.lang : "en", buf_str(&link));
	if (eligible) {
		if (queued < 0 || store_exec(s, "RELEASE SAVEPOINT pwreset_mail") < 0)
			goto out;
		*outcome = PWRESET_MAILED;
	} else if (store_exec(s, "ROLLBACK TO SAVEPOINT pwreset_mail") < 0 ||
		   store_exec(s, "RELEASE SAVEPOINT pwreset_mail") < 0) {
		goto out;
	}
	if (store_commit(s) < 0)
		goto out;
	rc = 0;
out:
	store_finalize(st);
	if (rc != 0)
		store_rollback(s);
	buf_free(&link);
	sodium_memzero(token, sizeof token);
	return rc;
}

/* The account of an open token (user_id), or 0 / -1. */
static int open_token(struct store *s, const char *token, int64_t *user_id)
{
	char hash[TOKEN_HEX_LEN], now[32];
	int rc = -1;
	if (!token || strlen(token) != TOKEN_HEX_LEN - 1)
		return 0;
	token_hash(token, hash);
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT user_id FROM password_resets WHERE token_hash = ? AND used IS NULL "
		"AND user_id IS NOT NULL AND expires > ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, hash);
	store_bind_text(st, 2, now);
	int r = store_step(st);
	if (r == STORE_ROW) {
		*user_id = store_col_int(st, 0);
		rc = 1;
	} else if (r == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int pwreset_find(struct store *s, const char *token, struct account *u)
{
	int64_t id;
	int r = open_token(s, token, &id);
	if (r != 1)
		return r;
	r = account_by_id(s, id, u);
	if (r == 1 && u->disabled)
		return 0; /* disabled since the request */
	return r;
}

int pwreset_complete(struct store *s, const char *token, const char *password, const char *ip,
		     struct account *u, char *err, size_t errlen)
{
	char hash[TOKEN_HEX_LEN], now[32];
	int rc = -1;
	struct store_stmt *st = NULL;
	snprintf(err, errlen, "%s", "the store failed");
	if (store_begin(s) < 0)
		return -1;
	int r = pwreset_find(s, token, u);
	if (r <= 0) {
		rc = r;
		goto out;
	}
	if (account_password_policy(password, u->email, err, errlen) < 0)
		goto out;
	token_hash(token, hash);
	util_now_iso(now, sizeof now);
	/* Used once: the conditional UPDATE lets one of two racing uses in. */
	st = store_prepare_cached(s, "UPDATE password_resets SET used = ? WHERE token_hash = ? "
				     "AND used IS NULL");
	if (!st)
		goto out;
	store_bind_text(st, 1, now);
	store_bind_text(st, 2, hash);
	if (store_step(st) != STORE_DONE)
		goto out;
	if (store_changes(s) != 1) {
		rc = 0;
		goto out;
	}
	if (accounts_exec_text_int(s, "UPDATE password_resets SET used = ? WHERE user_id = ? "
				   "AND used IS NULL", now, u->id) < 0 ||
	    account_set_password(s, u->id, password) < 0 || session_delete_user(s, u->id) < 0 ||
	    apitoken_revoke_user(s, u->id) < 0 ||
	    audit_log(s, u->email, ip, "user.password_reset", u->email,
		      "new password through the e-mailed link") < 0)
		goto out;
	if (store_commit(s) < 0)
		goto out;
	rc = 1;
out:
	store_finalize(st);
	if (rc != 1)
		store_rollback(s);
	return rc;
}
