/* apitoken.c - see apitoken.h. */
#include "accounts/apitoken.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts_int.h"
#include "store/store.h"
#include "util/token.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* A token made before 0007_creds expires one year after its creation. */
#define LEGACY_LIFETIME (365L * 86400)

int64_t apitoken_create(struct store *s, int64_t user_id, const char *name, int days,
			    char token[TOKEN_HEX_LEN])
{
	int64_t id = -1;
	char hash[TOKEN_HEX_LEN], now[32], expires[32];
	if (days < 1 || days > APITOKEN_DAYS_MAX)
		return -1;
	token_new(token);
	token_hash(token, hash);
	util_now_iso(now, sizeof now);
	util_time_iso(time(NULL) + (time_t)days * 86400, expires, sizeof expires);
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO api_tokens (user_id, name, token_hash, created, expires) "
		"VALUES (?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_int(st, 1, user_id);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, hash);
	store_bind_text(st, 4, now);
	store_bind_text(st, 5, expires);
	if (store_step(st) == STORE_DONE)
		id = store_last_id(s);
out:
	store_finalize(st);
	return id;
}

int apitoken_lookup(struct store *s, const char *token, struct account *u)
{
	char hash[TOKEN_HEX_LEN], now[32], legacy[32];
	if (strlen(token) != TOKEN_HEX_LEN - 1)
		return 0;
	token_hash(token, hash);
	util_now_iso(now, sizeof now);
	util_time_iso(time(NULL) - LEGACY_LIFETIME, legacy, sizeof legacy);
	int found = accounts_user_query(s, "SELECT " USER_COLS_U " FROM api_tokens t "
				  "JOIN users u ON u.id = t.user_id "
				  "WHERE t.token_hash = ? AND t.revoked IS NULL",
				  hash, 0, u, NULL, 0);
	if (found == 1) {
		/* Expired tokens are refused (issue 8). */
		struct store_stmt *ex = store_prepare_cached(s, "SELECT 1 FROM api_tokens "
			"WHERE token_hash = ? AND (expires > ? OR (expires IS NULL AND created > ?))");
		if (!ex)
			return -1;
		store_bind_text(ex, 1, hash);
		store_bind_text(ex, 2, now);
		store_bind_text(ex, 3, legacy);
		found = store_step(ex) == STORE_ROW ? 1 : 0;
		store_finalize(ex);
	}
	if (found == 1 && u->disabled)
		found = 0;
	if (found == 1) {
		/* At most once a minute, so that API reads rarely write: an UPDATE
		 * takes the database's write lock even when it changes nothing,
		 * so a read decides first whether one is due. */
		char ago[32];
		util_time_iso(time(NULL) - 60, ago, sizeof ago);
		struct store_stmt *due = store_prepare_cached(s, "SELECT 1 FROM api_tokens "
			"WHERE token_hash = ? AND (last_used IS NULL OR last_used < ?)");
		int stale = 0;
		if (due) {
			store_bind_text(due, 1, hash);
			store_bind_text(due, 2, ago);
			stale = store_step(due) == STORE_ROW;
			store_finalize(due);
		}
		struct store_stmt *st = stale ? store_prepare_cached(s, "UPDATE api_tokens "
			"SET last_used = ? WHERE token_hash = ? AND (last_used IS NULL OR last_used < ?)")
					      : NULL;
		if (st) {
			store_bind_text(st, 1, now);
			store_bind_text(st, 2, hash);
			store_bind_text(st, 3, ago);
			(void)store_step(st);
			store_finalize(st);
		}
	}
	return found;
}

int apitoken_revoke(struct store *s, int64_t user_id, int64_t id)
{
	int rc = -1;
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"UPDATE api_tokens SET revoked = ? WHERE id = ? AND user_id = ? AND revoked IS NULL");
	if (!st)
		return -1;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, user_id);
	if (store_step(st) == STORE_DONE)
		rc = store_changes(s) > 0 ? 1 : 0;
	store_finalize(st);
	return rc;
}

int apitoken_revoke_user(struct store *s, int64_t user_id)
{
	char now[32];
	util_now_iso(now, sizeof now);
	return accounts_exec_text_int(s, "UPDATE api_tokens SET revoked = ? WHERE user_id = ? "
			     "AND revoked IS NULL", now, user_id);
}

int apitoken_list(struct store *s, int64_t user_id, struct apitoken_info **out, size_t *n)
{
	int rc = -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT id, name, created, COALESCE(last_used, ''), COALESCE(expires, '') "
		"FROM api_tokens WHERE user_id = ? AND revoked IS NULL ORDER BY id");
	if (!st)
		return -1;
	store_bind_int(st, 1, user_id);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		struct apitoken_info *t = &(*out)[(*n)++];
		t->id = store_col_int(st, 0);
		util_strlcpy(t->name, store_col_text(st, 1), sizeof t->name);
		util_strlcpy(t->created, store_col_text(st, 2), sizeof t->created);
		util_strlcpy(t->last_used, store_col_text(st, 3), sizeof t->last_used);
		util_strlcpy(t->expires, store_col_text(st, 4), sizeof t->expires);
		if (!t->expires[0]) {
			time_t c;
			if (util_time_parse(t->created, &c) == 0)
				util_time_iso(c + LEGACY_LIFETIME, t->expires, sizeof t->expires);
		}
	}
	if (r == STORE_DONE)
		rc = 0;
	store_finalize(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
