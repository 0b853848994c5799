/* throttle.c - see throttle.h. */
#include "accounts/throttle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts_int.h"
#include "accounts/totp_reset.h"
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

/* Failures of one scope within the window. */
struct tally {
	long n;
	char first[32], last[32];
};

/* Back-off after a few failures: the next attempt is refused until
 * `wait` seconds after the last one (no sleeping in the worker).  A
 * blocked scope opens again when its oldest failure leaves the window:
 * the real time to wait, not the whole window. */
static int throttle_wait(const struct tally *c, long slow, long block, long step)
{
	time_t t, now = time(NULL);
	long wait;
	if (c->n >= block) {
		if (util_time_parse(c->first, &t) < 0)
			return THROTTLE_WINDOW;
		wait = (long)(t + THROTTLE_WINDOW - now);
		return wait > 0 ? (int)wait : 1;
	}
	if (c->n < slow || util_time_parse(c->last, &t) < 0)
		return 0;
	wait = (long)(t + (c->n - slow + 1) * step - now);
	return wait > 0 ? (int)wait : 0;
}

/* Runs a count query whose text parameters are p[0..np-1]. */
static int count_since(struct store *s, const char *sql, const char *const *p, int np,
		       struct tally *c)
{
	int rc = -1;
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		goto out;
	for (int i = 0; i < np; i++)
		store_bind_text(st, i + 1, p[i]);
	if (store_step(st) != STORE_ROW)
		goto out;
	c->n = (long)store_col_int(st, 0);
	util_strlcpy(c->first, store_col_text(st, 1), sizeof c->first);
	util_strlcpy(c->last, store_col_text(st, 2), sizeof c->last);
	rc = 0;
out:
	store_finalize(st);
	return rc;
}

/* Whether the account completed a login from ip: 1, 0, or -1. */
static int address_known(struct store *s, const char *mail, const char *ip)
{
	int rc = -1;
	struct store_stmt *st = store_prepare(s, "SELECT 1 FROM known_addresses "
					      "WHERE email = ? AND ip = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, mail);
	store_bind_text(st, 2, ip);
	int r = store_step(st);
	if (r == STORE_ROW)
		rc = 1;
	else if (r == STORE_DONE)
		rc = 0;
	store_finalize(st);
	return rc;
}

#define TALLY "SELECT COUNT(*), COALESCE(MIN(at), ''), COALESCE(MAX(at), '') FROM login_failures "

/* The wait due for an attempt of kind by mail (lower-cased) from ip, as
 * the counts stand; the account-wide count into *acct_n.  -1 on error. */
static int wait_due(struct store *s, const char *kind, const char *mail, const char *ip,
		    long *acct_n)
{
	char since[32];
	struct tally acct, pair, addr;
	int wait, w, known;
	util_time_iso(time(NULL) - THROTTLE_WINDOW, since, sizeof since);
	const char *pa[] = { mail, kind, since }, *pp[] = { mail, kind, ip, since },
		   *pi[] = { ip, since };
	if (count_since(s, TALLY "WHERE email = ? AND kind = ? AND at > ?", pa, 3, &acct) < 0 ||
	    count_since(s, TALLY "WHERE email = ? AND kind = ? AND ip = ? AND at > ?", pp, 4,
			&pair) < 0 ||
	    count_since(s, TALLY "WHERE ip = ? AND at > ?", pi, 2, &addr) < 0 ||
	    (known = address_known(s, mail, ip)) < 0)
		return -1;
	/* Per (account, address) and per address always.  Across addresses
	 * only for an address the account never completed a login from, so
	 * that an attacker elsewhere cannot lock the owner out of their own
	 * address (issue 8, outside probe).  TOTP codes are few (10^6): their
	 * account-wide limit holds for every address. */
	wait = throttle_wait(&pair, ACCOUNT_SLOW, ACCOUNT_BLOCK, ACCOUNT_STEP);
	w = throttle_wait(&addr, IP_SLOW, IP_BLOCK, IP_STEP);
	if (w > wait)
		wait = w;
	if (!known || strcmp(kind, "password") != 0) {
		w = throttle_wait(&acct, ACCOUNT_SLOW, ACCOUNT_BLOCK, ACCOUNT_STEP);
		if (w > wait)
			wait = w;
	}
	*acct_n = acct.n;
	return wait;
}

int throttle_check(struct store *s, const char *kind, const char *email,
		       const char *ip, int64_t *attempt)
{
	char now[32], mail[256];
	int rc = -1, wait, alert = 0;
	long acct_n = 0;
	struct store_stmt *st = NULL;
	*attempt = 0;
	util_now_iso(now, sizeof now);
	util_strlcpy(mail, email, sizeof mail);
	util_ascii_lower(mail);
	/* BEGIN IMMEDIATE: count and record under the write lock. */
	if (store_begin(s) < 0)
		return -1;
	wait = wait_due(s, kind, mail, ip, &acct_n);
	if (wait < 0)
		goto out;
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
		/* The owner hears of it once a window: at the attempt that
		 * reaches the account-wide limit. */
		alert = acct_n + 1 == ACCOUNT_BLOCK;
	}
	/* The notice commits with the failure that causes it. */
	if (alert && account_notice_login_failures(s, mail, ip, kind) < 0)
		goto out;
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

int throttle_wait_now(struct store *s, const char *email, const char *ip)
{
	char mail[256];
	long n;
	util_strlcpy(mail, email, sizeof mail);
	util_ascii_lower(mail);
	int p = wait_due(s, "password", mail, ip, &n), t = wait_due(s, "totp", mail, ip, &n);
	if (p < 0 || t < 0)
		return -1;
	return p > t ? p : t;
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

void throttle_clear(struct store *s, const char *email, const char *ip)
{
	char mail[256], now[32];
	util_strlcpy(mail, email, sizeof mail);
	util_ascii_lower(mail);
	util_now_iso(now, sizeof now);
	(void)accounts_exec_text(s, "DELETE FROM login_failures WHERE email = ?", mail);
	/* Remember the address (portable upsert: delete, then insert). */
	struct store_stmt *st = store_prepare(s, "DELETE FROM known_addresses "
					      "WHERE email = ? AND ip = ?");
	if (st) {
		store_bind_text(st, 1, mail);
		store_bind_text(st, 2, ip);
		(void)store_step(st);
		store_finalize(st);
	}
	st = store_prepare(s, "INSERT INTO known_addresses (email, ip, last_ok) VALUES (?, ?, ?)");
	if (st) {
		store_bind_text(st, 1, mail);
		store_bind_text(st, 2, ip);
		store_bind_text(st, 3, now);
		(void)store_step(st);
		store_finalize(st);
	}
}
