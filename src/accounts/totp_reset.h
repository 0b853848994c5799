/* totp_reset.h - the Secretariat (page or CLI) clears an account's two-step
 * verification, e.g. after a lost phone or a lost key file (issue 8, item
 * 2; R25), and the notices an account's owner receives by e-mail (the
 * outbox, in the owner's language: mail/notice.h). */
#ifndef RM_ACCOUNTS_TOTP_RESET_H
#define RM_ACCOUNTS_TOTP_RESET_H

#include "accounts/account.h"

struct store;

/* Clears the TOTP secret, the enabled flag and the last used step of the
 * account of email, ends all its sessions, records "user.totp_reset" by
 * `by` from ip and tells the owner (account_notice_totp_reset), in one
 * transaction.  Needs no key file (the sealed secret is dropped unread),
 * so it also recovers accounts whose key file was lost.  Fills *u (as
 * before the reset) when found.  Returns 1 reset, 0 no such account, -1
 * on a store error (nothing changed). */
int account_reset_totp(struct store *s, const char *email, const char *by, const char *ip,
		       struct account *u);

/* Tells the account's owner that their two-step verification was reset:
 * an audit entry "notice.totp_reset" (object: the owner's e-mail, detail:
 * who reset it) and an e-mail in the owner's language.  Runs in the
 * caller's open transaction.  Returns 0 or -1. */
int account_notice_totp_reset(struct store *s, const struct account *u, const char *by,
			      const char *ip);

/* Tells the owner of email that wrong secrets (kind "password" or "totp")
 * reached the account-wide limit, the last from ip: an audit entry
 * "notice.login_failures" and, when an enabled account has that address,
 * an e-mail in its language.  Runs in the caller's open transaction (the
 * throttle's, which records the failure).  Returns 0 or -1. */
int account_notice_login_failures(struct store *s, const char *email, const char *ip,
				  const char *kind);

#endif
