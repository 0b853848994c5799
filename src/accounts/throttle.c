/* throttle.c - see throttle.h. */
#include "accounts/throttle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts_int.h"
#include "store/store.h"
#include "util/token.h"
#include "util/util.h"

/* Throttling thresholds over a 15-minute window (docs/web.md). */
#define THROTTLE_WINDOW 900
#define ACCOUNT_SLOW 3
#define ACCOUNT_BLOCK 5
#define ACCOUNT_STEP 2 /* back-off grows by this many seconds a failure */
#define IP_SLOW 10
#define IP_BLOCK 30
#define IP_STEP 2

/* Back-off after a few failures: the next attempt is refused until
 * `wait` seconds after the last one (no sleeping in the worker). */
static int throttle_wait(long n, const char *last, long slow, long block, long step)
{
	time_t t;
	if (n >= block)
		return THROTTLE_WINDOW;
	if (n < slow || util_time_parse(last, &t) < 0)
		return 0;
	long wait = (long)(t + (n - slow + 1) * step - time(NULL));
	return wait > 0 ? (int)wait : 0;
}

static int count_since(struct store *s, const char *sql, const char *a, const char *b,
		       const char *since, long *n, char *last, size_t lastlen)
{
	int rc = -1;
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		goto out;
	store_bind_text(st, 1, a);
	store_bind_text(st, 2, b ? b : since);
	if (b)
		store_bind_text(st, 3, since);
	if (store_step(st) != STORE_ROW)
		goto out;
	*n = (long)store_col_int(st, 0);
	util_strlcpy(last, store_col_text(st, 1), lastlen);
	rc = 0;
out:
	store_finalize(st);
	return rc;
}

int throttle_check(struct store *s, const char *kind, const char *email,
		       const char *ip, int64_t *attempt)
{
	char since[32], now[32], mail[256], last_a[32], last_i[32];
	long acct = 0, addr = 0;
	int rc = -1, wait, wait_i;
	struct store_stmt *st = NULL;
	*attempt = 0;
	util_time_iso(time(NULL) - THROTTLE_WINDOW, since, sizeof since);
	util_now_iso(now, sizeof now);
	util_strlcpy(mail, email, sizeof mail);
	util_ascii_lower(mail);
	/* BEGIN IMMEDIATE: count and record under the write lock. */
	if (store_begin(s) < 0)
		return -1;
	if (count_since(s, "SELECT COUNT(*), COALESCE(MAX(at), '') FROM login_failures "
			"WHERE email = ? AND kind = ? AND at > ?", mail, kind, since, &acct,
			last_a, sizeof last_a) < 0 ||
	    count_since(s, "SELECT COUNT(*), COALESCE(MAX(at), '') FROM login_failures "
			"WHERE ip = ? AND at > ?", ip, NULL, since, &addr, last_i, sizeof last_i) < 0)
		goto out;
	wait = throttle_wait(acct, last_a, ACCOUNT_SLOW, ACCOUNT_BLOCK, ACCOUNT_STEP);
	wait_i = throttle_wait(addr, last_i, IP_SLOW, IP_BLOCK, IP_STEP);
	if (wait_i > wait)
		wait = wait_i;
	if (wait == 0) {
		st = store_prepare(s, "INSERT INTO login_failures (email, ip, at, kind) "
				      "VALUES (?, ?, ?, ?)");
		if (!st)
			goto out;
		store_bind_text(st, 1, mail);
		store_bind_text(st, 2, ip);
		store_bind_text(st, 3, now);
		store_bind_text(st, 4, kind);
		if (store_step(st) != STORE_DONE)
			goto out;
		*attempt = store_last_id(s);
	}
	if (store_commit(s) < 0)
		goto out;
	rc = wait;
out:
	store_finalize(st);
	if (rc < 0) {
		store_rollback(s);
		*attempt = 0;
	}
	return rc;
}

void throttle_pass(struct store *s, int64_t attempt)
{
	struct store_stmt *st = store_prepare(s, "DELETE FROM login_failures WHERE id = ?");
	if (!st)
		return;
	store_bind_int(st, 1, attempt);
	(void)store_step(st);
	store_finalize(st);
}

int throttle_reauth(struct store *s, const struct account *u, const char *ip,
		    const char *password)
{
	struct account again;
	int64_t attempt;
	int t = throttle_check(s, "password", u->email, ip, &attempt);
	if (t != 0)
		return t;
	/* The same account, by its stored hash (constant work either way). */
	if (!password || account_authenticate(s, u->email, password, &again) != 1 ||
	    again.id != u->id)
		return THROTTLE_WRONG;
	throttle_pass(s, attempt);
	return 0;
}

void throttle_clear(struct store *s, const char *email)
{
	char mail[256];
	util_strlcpy(mail, email, sizeof mail);
	util_ascii_lower(mail);
	(void)accounts_exec_text(s, "DELETE FROM login_failures WHERE email = ?", mail);
}
