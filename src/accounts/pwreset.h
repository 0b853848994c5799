/* pwreset.h - a forgotten password set anew through a link e-mailed to
 * the account's address (issue 8, item 2; R25).  The link is single-use
 * and valid PWRESET_MINUTES; only its token's hash is stored (table
 * password_resets, migration 0022).  A request gets the same answer, with
 * the same writes, whether or not the address has an account: nothing
 * tells a stranger which addresses exist.  Structures are filled by value. */
#ifndef RM_ACCOUNTS_PWRESET_H
#define RM_ACCOUNTS_PWRESET_H

#include <stddef.h>
#include <stdint.h>

#include "accounts/account.h"

struct store;

#define PWRESET_MINUTES 60
/* Within an hour: e-mails to one address (more requests are answered the
 * same but mail nothing, so nobody can flood a mailbox), and requests
 * from one client address (more are refused with the time to wait). */
#define PWRESET_PER_EMAIL 3
#define PWRESET_PER_CLIENT 10

/* What a request did (for the audit log only: never for the answer). */
enum pwreset_outcome {
	PWRESET_MAILED,      /* a link went to the account's address */
	PWRESET_NO_ACCOUNT,  /* no account, or a disabled one */
	PWRESET_THROTTLED,   /* PWRESET_PER_EMAIL reached: nothing mailed */
};

/* A request from client address ip to reset the password of email.  In
 * one transaction: counts the requests, records this one and, for an
 * enabled account under the limit, stores a new token and queues the
 * e-mail with the link base_url + "/reset/" + token in the account's
 * language.  Returns 0 (with *outcome), the seconds to wait when ip made
 * PWRESET_PER_CLIENT requests within the hour, or -1 on a store error. */
int pwreset_request(struct store *s, const char *email, const char *ip, const char *base_url,
		    enum pwreset_outcome *outcome);
/* Finds the account of an open (unused, unexpired) reset token whose
 * account is enabled.  Returns 1 and fills u, 0 when there is none, -1 on
 * a store error. */
int pwreset_find(struct store *s, const char *token, struct account *u);
/* Sets the new password of token's account: in one transaction uses the
 * token (once: a second use fails) and every other open token of the
 * account, sets the password (which must pass the policy; err gets its
 * reason), ends all the account's sessions, revokes its API tokens and
 * records "user.password_reset" from ip in the audit log.  Fills u.
 * Returns 1 done, 0 no such open token, -1 refused (err) or store error. */
int pwreset_complete(struct store *s, const char *token, const char *password, const char *ip,
		     struct account *u, char *err, size_t errlen);

#endif
