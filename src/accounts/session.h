/* session.h - login sessions: hashed cookie tokens, their CSRF token,
 * idle and absolute expiry, the TOTP step still due, wrong secrets counted
 * per session (spec R25).  Structures are filled by value. */
#ifndef RM_ACCOUNTS_SESSION_H
#define RM_ACCOUNTS_SESSION_H

#include <stdint.h>

#include "accounts/account.h"

struct store;

struct session {
	char token_hash[TOKEN_HEX_LEN];
	char csrf[TOKEN_HEX_LEN];
	int mfa_pending;
	int64_t user_id;
};

/* Sessions.  idle/absolute are lifetimes in seconds. */
int session_create(struct store *s, int64_t user_id, int mfa_pending,
		       const char *ip, long absolute, char token[TOKEN_HEX_LEN],
		       struct session *out);
/* Finds a live session for a cookie token, enforcing idle and absolute
 * expiry (an expired one is deleted), and refreshes last_seen at most once
 * a minute.  Returns 1 valid, 0 none, -1 error. */
int session_lookup(struct store *s, const char *token, long idle,
		       struct session *ses, struct account *u);
int session_clear_mfa(struct store *s, const char *token_hash);
int session_delete(struct store *s, const char *token_hash);
/* Ends every session of a user (password change). */
int session_delete_user(struct store *s, int64_t user_id);

/* Counts a wrong secret given in a session; returns the session's count,
 * or -1 on a store error. */
int session_fail(struct store *s, const char *token_hash);

#endif
