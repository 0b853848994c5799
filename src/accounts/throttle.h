/* throttle.h - login throttling per account and per address, recorded in
 * the store so that every worker and process sees the same counts. */
#ifndef RM_ACCOUNTS_THROTTLE_H
#define RM_ACCOUNTS_THROTTLE_H

#include <stdint.h>

#include "accounts/account.h"

struct store;

/* Login throttling: failures in the last 15 minutes per account, address
 * and kind ("password" or "totp", counted separately), per address (every
 * kind), and per account and kind across addresses (passwords: only from
 * addresses the account never completed a login from).
 * check reserves the attempt: in one transaction it counts and, when the
 * attempt may go on, records it as a failure in advance, so that parallel
 * guesses cannot all pass the count before any is recorded.  It returns 0
 * (go on; *attempt is the reservation), the seconds to wait (refuse with
 * 429 and that Retry-After; nobody sleeps in a worker thread) or -1 on a
 * store error.  Thresholds in docs/web.md. */
int throttle_check(struct store *s, const char *kind, const char *email,
		       const char *ip, int64_t *attempt);
/* The seconds before email may try a password or a TOTP code again
 * from ip (the longer of the two; 0: now), as the counts stand, without
 * recording anything.  -1 on a store error. */
int throttle_wait_now(struct store *s, const char *email, const char *ip);
/* The reserved attempt succeeded: it is not a failure. */
void throttle_pass(struct store *s, int64_t attempt);
/* The current password asked again before a sensitive change (a token,
 * TOTP on or off: issue 8, outside probe), counted like any password try:
 * returns 0 (right), THROTTLE_WRONG (wrong or missing; recorded as a
 * failure), the seconds to wait (refused unchecked) or -1 (store error). */
#define THROTTLE_WRONG (-2)
int throttle_reauth(struct store *s, const struct account *u, const char *ip,
		    const char *password);
/* A complete login from ip: forgets the account's failures of every kind
 * and remembers ip as the account's (known_addresses), where failures
 * counted across other addresses no longer slow or block its password. */
void throttle_clear(struct store *s, const char *email, const char *ip);

#endif
