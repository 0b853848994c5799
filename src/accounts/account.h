/* account.h - accounts: roles, passwords, the TOTP state and the account
 * life cycle (issue 4; spec R23-R27).  Sessions, API tokens and login
 * throttling have their own headers beside this one.
 *
 * Every function takes the caller's store connection (one per thread).
 * Tokens handed to callers are plaintext hex; only their hashes are stored.
 * Structures are filled by value: nothing returned here needs freeing. */
#ifndef RM_ACCOUNTS_ACCOUNT_H
#define RM_ACCOUNTS_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "util/token.h"

struct store;

enum account_role {
	ROLE_NONE = 0, /* anonymous public */
	ROLE_SECRETARIAT,
	ROLE_FOCAL_POINT,
	ROLE_EXPERT,
	ROLE_OBSERVER,
	ROLE_STAKEHOLDER,
};

struct account {
	int64_t id;
	char email[256];
	char role_name[16];
	enum account_role role;
	char state[4];          /* "" for secretariat and stakeholder */
	char lang[3];
	char totp_secret[40];   /* base32, "" when none */
	int totp_enabled;
	int totp_required;
	int64_t totp_last_step;
	int disabled;
	int has_password;
	char created[32];       /* ISO 8601 UTC */
	char instruments[48];   /* experts (R20): comma list of instruments.code it
				 * acts for, in table 1 order; "" = all of its
				 * State's instruments */
	/* Its State signed the Convention and is not a party (para 52,
	 * C33): it reads the responses of its own review only and is not one
	 * of "all States parties" a disclosure opens to.  Read with the
	 * account (USER_COLS), so that no caller can forget it. */
	int signatory;
};

/* Whether s looks like an e-mail address (one '@', a local part, a
 * domain with a dot, no space or control, at most 254 bytes).  Logs keep
 * what a login form's e-mail field received only when it does: people
 * type their password there by mistake. */
int account_email_plausible(const char *s);

/* Role name <-> enum; account_role_parse returns ROLE_NONE for unknown. */
enum account_role account_role_parse(const char *name);
/* Whether the role acts for one State (focal_point, expert, observer). */
int account_role_has_state(enum account_role r);

/* True when REVMECH_TEST_MODE=1: cheap Argon2id parameters for the test
 * suites.  The server refuses to listen on a non-loopback address then. */
int account_test_mode(void);

/* Password policy (docs/web.md): 12 to 128 characters, valid UTF-8, at
 * least 5 distinct characters, not a well-known password, not containing
 * the e-mail's local part.  Returns 0, or -1 with a reason in err. */
int account_password_policy(const char *pw, const char *email, char *err, size_t errlen);
/* Argon2id hash string of pw into out (>= 128 bytes).  Returns 0 or -1. */
int account_password_hash(const char *pw, char *out, size_t outlen);

/* Creates an account.  email is lower-cased; state must be NULL for
 * secretariat and stakeholder and a parties.code otherwise; password may be
 * NULL (set later through an invitation), otherwise it must pass the
 * policy.  Returns the new id (> 0), or -1 with a reason in err.
 * Used by `revmech user add` and by `revmech init --demo`. */
int64_t account_create(struct store *s, const char *email, const char *role,
			const char *state_code, const char *password, char *err,
			size_t errlen);
/* Loads an account.  Returns 1 found, 0 not found, -1 on a store error. */
int account_by_email(struct store *s, const char *email, struct account *u);
int account_by_id(struct store *s, int64_t id, struct account *u);
/* Loads the oldest enabled account of role (a role name, e.g.
 * "secretariat"): the one `user invite-csv` attributes invitations to
 * when no --by is given.  Returns 1 found, 0 none, -1 on a store error. */
int account_oldest_enabled(struct store *s, const char *role, struct account *u);
/* Checks email/password; constant work whether or not the account exists.
 * Returns 1 and fills u on success, 0 on bad credentials, -1 on error. */
int account_authenticate(struct store *s, const char *email, const char *pw,
			  struct account *u);
int account_set_password(struct store *s, int64_t id, const char *pw);

/* Narrows the instruments an expert acts for (R20).  list is a comma list
 * of instruments.code, each of which its State must be party to; NULL or
 * "" means all of them.  Only an expert's account can be narrowed.  The
 * list is stored canonical (table 1 order, no repeats).  Returns 0, or -1
 * with a reason in err (nothing changed). */
int account_set_instruments(struct store *s, int64_t id, const char *list, char *err,
			    size_t errlen);
/* Checks an instrument list for an expert of state as
 * account_set_instruments() does (known codes, each once, all of them
 * instruments state is party to) and writes its canonical form (table 1
 * order) into canon.  Returns 0, or -1 with a reason in err. */
int account_instruments_check(struct store *s, const char *state, const char *list,
			      char *canon, size_t canonlen, char *err, size_t errlen);
/* Whether u acts for instrument (an instruments.code): 1 when its list is
 * empty or names it, else 0.  Pure; says nothing of u's role or State. */
int account_acts_for_instrument(const struct account *u, const char *instrument);
int account_set_lang(struct store *s, int64_t id, const char *lang);
/* Loads the key that encrypts TOTP secrets at rest from key_path (the
 * serve command's default: "<db_path>.key"; 64 hex digits), creating it
 * (mode 0600, random) when missing.  Refuses a
 * key file that group or others may read.  Until it is loaded, accounts
 * read from the store carry no usable TOTP secret and none can be stored.
 * Returns 0, or -1 with err set.  The key stays in process memory. */
int account_key_load(const char *key_path, char *err, size_t errlen);
/* Stores the TOTP state of an account (secret "" clears it).  The secret is
 * kept encrypted (XSalsa20-Poly1305, crypto_secretbox) under the key of
 * account_key_load(); -1 if no key is loaded. */
int account_set_totp(struct store *s, int64_t id, const char *secret, int enabled,
		      int64_t last_step);
/* Records that the TOTP code of `step` was used, atomically: returns 1 if
 * the step was newer than the last one used (the code is accepted), 0 if
 * another request already used it or a later one (replay), -1 on error.
 * Concurrent logins with one code thus get exactly one success. */
int account_claim_totp_step(struct store *s, int64_t id, int64_t step);
/* The Secretariat makes TOTP mandatory (1) or optional (0) for an account. */
int account_set_totp_required(struct store *s, int64_t id, int required);

/* Disables (1) or enables (0) the account of email.  Disabling also ends
 * its sessions, revokes its API tokens and its open invitations (these
 * also when no account exists yet), in one transaction.  Returns 1 when an
 * account or invitation was found, 0 when none, -1 on a store error. */
int account_set_disabled(struct store *s, const char *email, int disabled);

enum account_order { ACCOUNT_BY_EMAIL, ACCOUNT_BY_ID };
/* Every account, in the order asked, into a new array *out of *n entries
 * (caller frees *out; TOTP secrets are blanked).  Returns 0 or -1. */
int account_list(struct store *s, enum account_order order, struct account **out, size_t *n);
/* Number of accounts, or -1 on a store error. */
long long account_count(struct store *s);

#endif
