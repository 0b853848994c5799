/* totp_reset.h - the Secretariat (page or CLI) clears an account's two-step
 * verification, e.g. after a lost phone or a lost key file (issue 8, item
 * 2; R25).  Kept apart from account.c so that the outbox of issue 8 can
 * hook its e-mail into account_notice_totp_reset() alone. */
#ifndef RM_ACCOUNTS_TOTP_RESET_H
#define RM_ACCOUNTS_TOTP_RESET_H

#include "accounts/account.h"

struct store;

/* Clears the TOTP secret, the enabled flag and the last used step of the
 * account of email and ends all its sessions, in one transaction.  Needs
 * no key file (the sealed secret is dropped unread), so it also recovers
 * accounts whose key file was lost.  Fills *u (as before the reset) when
 * found.  Returns 1 reset, 0 no such account, -1 on a store error. */
int account_reset_totp(struct store *s, const char *email, struct account *u);

/* Tells the account's owner that their two-step verification was reset.
 * Today: an audit entry "notice.totp_reset" (object: the owner's e-mail,
 * detail: who reset it); the mail branch of issue 8 replaces the body
 * with an outbox message in the owner's language.  Returns 0 or -1. */
int account_notice_totp_reset(struct store *s, const struct account *u, const char *by,
			      const char *ip);

/* Tells the account's owner that wrong secrets (kind "password" or "totp")
 * reached the account-wide limit, the last from ip.  Today an audit entry
 * "notice.login_failures"; the outbox of issue 8 hooks in here too. */
int account_notice_login_failures(struct store *s, const char *email, const char *ip,
				  const char *kind);

#endif
