/* apitoken.h - personal API tokens for the JSON API: shown once, stored
 * hashed, revocable, revoked with the password (issue 4). */
#ifndef RM_ACCOUNTS_APITOKEN_H
#define RM_ACCOUNTS_APITOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "accounts/account.h"

struct store;

/* Lifetimes in days a token may be given (issue 8). */
#define APITOKEN_DAYS_DEFAULT 90
#define APITOKEN_DAYS_MAX 365

/* Personal API tokens.  create writes the plaintext into token (shown once)
 * and returns the row id or -1; the token expires `days` (1 to
 * APITOKEN_DAYS_MAX) days from now.  lookup returns 1 and fills u for a
 * live token (not revoked, not expired; one made before expiries existed
 * lives one year from its creation). revoke only succeeds for the owner's
 * own token (1 revoked, 0 not found). */
int64_t apitoken_create(struct store *s, int64_t user_id, const char *name, int days,
			    char token[TOKEN_HEX_LEN]);
int apitoken_lookup(struct store *s, const char *token, struct account *u);
int apitoken_revoke(struct store *s, int64_t user_id, int64_t id);
/* Revokes every live token of a user (password change, disabling). */
int apitoken_revoke_user(struct store *s, int64_t user_id);

/* A live token as listed to its owner (never the token itself). */
struct apitoken_info {
	int64_t id;
	char name[256];      /* at most 64 characters */
	char created[32];
	char last_used[32];  /* "" when never used */
	char expires[32];    /* ISO 8601 UTC */
};
/* The owner's live tokens, oldest first, into a new array *out of *n
 * entries (caller frees *out).  Returns 0 or -1. */
int apitoken_list(struct store *s, int64_t user_id, struct apitoken_info **out, size_t *n);

#endif
