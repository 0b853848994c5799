/* session.c - see session.h. */
#include "accounts/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts_int.h"
#include "store/store.h"
#include "util/token.h"
#include "util/util.h"

int session_create(struct store *s, int64_t user_id, int mfa_pending,
		       const char *ip, long absolute, char token[TOKEN_HEX_LEN],
		       struct session *out)
{
	int rc = -1;
	char now[32], exp[32];
	time_t t = time(NULL);
	memset(out, 0, sizeof *out);
	token_new(token);
	token_hash(token, out->token_hash);
	token_new(out->csrf);
	out->mfa_pending = mfa_pending;
	out->user_id = user_id;
	util_time_iso(t, now, sizeof now);
	util_time_iso(t + absolute, exp, sizeof exp);
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO sessions (token_hash, user_id, csrf, mfa_pending, created, "
		"last_seen, expires, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, out->token_hash);
	store_bind_int(st, 2, user_id);
	store_bind_text(st, 3, out->csrf);
	store_bind_int(st, 4, mfa_pending);
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, exp);
	store_bind_text(st, 8, ip);
	if (store_step(st) == STORE_DONE)
		rc = 0;
out:
	store_finalize(st);
	return rc;
}

int session_lookup(struct store *s, const char *token, long idle,
		       struct session *ses, struct account *u)
{
	int found = -1, expired = 0, touch = 0;
	char hash[TOKEN_HEX_LEN], now[32];
	time_t t = time(NULL), last = 0;
	if (strlen(token) != TOKEN_HEX_LEN - 1)
		return 0;
	token_hash(token, hash);
	util_time_iso(t, now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT s.csrf, s.mfa_pending, s.last_seen, s.expires, "
		USER_COLS_U " FROM sessions s JOIN users u ON u.id = s.user_id "
		"WHERE s.token_hash = ?");
	if (!st)
		goto out;
	store_bind_text(st, 1, hash);
	int rc = store_step(st);
	if (rc == STORE_DONE) {
		found = 0;
		goto out;
	}
	if (rc != STORE_ROW)
		goto out;
	memset(ses, 0, sizeof *ses);
	util_strlcpy(ses->token_hash, hash, sizeof ses->token_hash);
	util_strlcpy(ses->csrf, store_col_text(st, 0), sizeof ses->csrf);
	ses->mfa_pending = (int)store_col_int(st, 1);
	if (util_time_parse(store_col_text(st, 2), &last) < 0 ||
	    strcmp(store_col_text(st, 3), now) <= 0 || t - last > idle)
		expired = 1;
	touch = t - last >= 60;
	accounts_user_from_row(st, 4, u);
	ses->user_id = u->id;
	store_finalize(st);
	st = NULL;
	if (expired || u->disabled) {
		session_delete(s, hash);
		found = 0;
		goto out;
	}
	if (touch) {
		/* Refreshing at most once a minute keeps page views read-only
		 * for the database most of the time (no write lock). */
		st = store_prepare_cached(s, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
		if (st) {
			store_bind_text(st, 1, now);
			store_bind_text(st, 2, hash);
			(void)store_step(st);
		}
	}
	found = 1;
out:
	store_finalize(st);
	return found;
}

int session_clear_mfa(struct store *s, const char *token_hash)
{
	return accounts_exec_text(s, "UPDATE sessions SET mfa_pending = 0 WHERE token_hash = ?",
			 token_hash);
}

int session_delete(struct store *s, const char *token_hash)
{
	return accounts_exec_text(s, "DELETE FROM sessions WHERE token_hash = ?", token_hash);
}

int session_delete_user(struct store *s, int64_t user_id)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s, "DELETE FROM sessions WHERE user_id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, user_id);
	if (store_step(st) == STORE_DONE)
		rc = 0;
	store_finalize(st);
	return rc;
}

int session_fail(struct store *s, const char *token_hash)
{
	int n = -1;
	if (accounts_exec_text(s, "UPDATE sessions SET failures = failures + 1 WHERE token_hash = ?",
		      token_hash) < 0)
		return -1;
	struct store_stmt *st = store_prepare(s, "SELECT failures FROM sessions WHERE token_hash = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, token_hash);
	if (store_step(st) == STORE_ROW)
		n = (int)store_col_int(st, 0);
	store_finalize(st);
	return n;
}
