/* auth.h - accounts, passwords, sessions, API tokens and login throttling
 * (issue 4; spec R23-R27).
 *
 * Every function takes the caller's store connection (one per thread).
 * Tokens handed to callers are plaintext hex; only their hashes are stored.
 * Structures are filled by value: nothing returned here needs freeing. */
#ifndef RM_WEB_AUTH_H
#define RM_WEB_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "web/webutil.h"

struct store;

enum web_role {
	ROLE_NONE = 0, /* anonymous public */
	ROLE_SECRETARIAT,
	ROLE_FOCAL_POINT,
	ROLE_EXPERT,
	ROLE_OBSERVER,
	ROLE_STAKEHOLDER,
};

struct web_user {
	int64_t id;
	char email[256];
	char role_name[16];
	enum web_role role;
	char state[4];          /* "" for secretariat and stakeholder */
	/* Name of the State (English, French or ""), filled by the session
	 * and API token look-ups only (saves the dashboard a query). */
	char state_name[128];
	char state_name_fr[128];
	char lang[3];
	char totp_secret[40];   /* base32, "" when none */
	int totp_enabled;
	int totp_required;
	int64_t totp_last_step;
	int disabled;
	int has_password;
};

struct web_session {
	char token_hash[WEB_HEX_LEN];
	char csrf[WEB_HEX_LEN];
	int mfa_pending;
	int64_t user_id;
};

/* Role name <-> enum; web_role_parse returns ROLE_NONE for unknown. */
enum web_role web_role_parse(const char *name);
/* Whether the role acts for one State (focal_point, expert, observer). */
int web_role_has_state(enum web_role r);

/* True when REVMECH_TEST_MODE=1: cheap Argon2id parameters for the test
 * suites.  The server refuses to listen on a non-loopback address then. */
int web_test_mode(void);

/* Password policy (docs/web.md): 12 to 128 characters, valid UTF-8, at
 * least 5 distinct characters, not a well-known password, not containing
 * the e-mail's local part.  Returns 0, or -1 with a reason in err. */
int web_password_policy(const char *pw, const char *email, char *err, size_t errlen);
/* Argon2id hash string of pw into out (>= 128 bytes).  Returns 0 or -1. */
int web_password_hash(const char *pw, char *out, size_t outlen);

/* Creates an account.  email is lower-cased; state must be NULL for
 * secretariat and stakeholder and a parties.code otherwise; password may be
 * NULL (set later through an invitation), otherwise it must pass the
 * policy.  Returns the new id (> 0), or -1 with a reason in err.
 * Used by `revmech user add` and by `revmech init --demo`. */
int64_t web_user_create(struct store *s, const char *email, const char *role,
			const char *state_code, const char *password, char *err,
			size_t errlen);
/* Loads an account.  Returns 1 found, 0 not found, -1 on a store error. */
int web_user_by_email(struct store *s, const char *email, struct web_user *u);
int web_user_by_id(struct store *s, int64_t id, struct web_user *u);
/* Checks email/password; constant work whether or not the account exists.
 * Returns 1 and fills u on success, 0 on bad credentials, -1 on error. */
int web_user_authenticate(struct store *s, const char *email, const char *pw,
			  struct web_user *u);
int web_user_set_password(struct store *s, int64_t id, const char *pw);
int web_user_set_lang(struct store *s, int64_t id, const char *lang);
/* Loads the key that encrypts TOTP secrets at rest from key_path (the
 * serve command's default: "<db_path>.key"; 64 hex digits), creating it
 * (mode 0600, random) when missing.  Refuses a
 * key file that group or others may read.  Until it is loaded, accounts
 * read from the store carry no usable TOTP secret and none can be stored.
 * Returns 0, or -1 with err set.  The key stays in process memory. */
int web_secret_key_load(const char *key_path, char *err, size_t errlen);
/* Stores the TOTP state of an account (secret "" clears it).  The secret is
 * kept encrypted (XSalsa20-Poly1305, crypto_secretbox) under the key of
 * web_secret_key_load(); -1 if no key is loaded. */
int web_user_set_totp(struct store *s, int64_t id, const char *secret, int enabled,
		      int64_t last_step);
/* Records that the TOTP code of `step` was used, atomically: returns 1 if
 * the step was newer than the last one used (the code is accepted), 0 if
 * another request already used it or a later one (replay), -1 on error.
 * Concurrent logins with one code thus get exactly one success. */
int web_user_claim_totp_step(struct store *s, int64_t id, int64_t step);
/* The Secretariat makes TOTP mandatory (1) or optional (0) for an account. */
int web_user_set_totp_required(struct store *s, int64_t id, int required);

/* Sessions.  idle/absolute are lifetimes in seconds. */
int web_session_create(struct store *s, int64_t user_id, int mfa_pending,
		       const char *ip, long absolute, char token[WEB_HEX_LEN],
		       struct web_session *out);
/* Finds a live session for a cookie token, enforcing idle and absolute
 * expiry (an expired one is deleted), and refreshes last_seen at most once
 * a minute.  Returns 1 valid, 0 none, -1 error. */
int web_session_lookup(struct store *s, const char *token, long idle,
		       struct web_session *ses, struct web_user *u);
int web_session_clear_mfa(struct store *s, const char *token_hash);
int web_session_delete(struct store *s, const char *token_hash);
/* Ends every session of a user (password change). */
int web_session_delete_user(struct store *s, int64_t user_id);

/* Personal API tokens.  create writes the plaintext into token (shown once)
 * and returns the row id or -1.  lookup returns 1 and fills u for a live
 * token. revoke only succeeds for the owner's own token (1 revoked, 0 not
 * found). */
int64_t web_apitoken_create(struct store *s, int64_t user_id, const char *name,
			    char token[WEB_HEX_LEN]);
int web_apitoken_lookup(struct store *s, const char *token, struct web_user *u);
int web_apitoken_revoke(struct store *s, int64_t user_id, int64_t id);
/* Revokes every live token of a user (password change, disabling). */
int web_apitoken_revoke_user(struct store *s, int64_t user_id);

/* Disables (1) or enables (0) the account of email.  Disabling also ends
 * its sessions, revokes its API tokens and its open invitations (these
 * also when no account exists yet), in one transaction.  Returns 1 when an
 * account or invitation was found, 0 when none, -1 on a store error. */
int web_user_set_disabled(struct store *s, const char *email, int disabled);

/* Login throttling: failures in the last 15 minutes per account and kind
 * ("password" or "totp", counted separately) and per address (every kind).
 * check reserves the attempt: in one transaction it counts and, when the
 * attempt may go on, records it as a failure in advance, so that parallel
 * guesses cannot all pass the count before any is recorded.  It returns 0
 * (go on; *attempt is the reservation), the seconds to wait (refuse with
 * 429 and that Retry-After; nobody sleeps in a worker thread) or -1 on a
 * store error.  Thresholds in docs/web.md. */
int web_throttle_check(struct store *s, const char *kind, const char *email,
		       const char *ip, int64_t *attempt);
/* The reserved attempt succeeded: it is not a failure. */
void web_throttle_pass(struct store *s, int64_t attempt);
/* A complete login: forgets the account's failures of every kind. */
void web_throttle_clear(struct store *s, const char *email);
/* Counts a wrong secret given in a session; returns the session's count,
 * or -1 on a store error. */
int web_session_fail(struct store *s, const char *token_hash);

#endif
