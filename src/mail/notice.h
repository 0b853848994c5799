/* notice.h - the e-mails of the account life cycle (issue 8, item 2):
 * the text of each message in the recipient's language (the .po
 * catalogues through i18n_get(); English when they are not loaded) queued
 * through the outbox in the caller's open transaction, so that the
 * message exists exactly when the change that causes it commits.
 *
 * Each returns 0, or -1 (nothing queued; the caller rolls back). */
#ifndef RM_MAIL_NOTICE_H
#define RM_MAIL_NOTICE_H

struct store;

/* An invitation to role (a role name of accounts/account.h) with its
 * link, in lang (the language chosen for the invitee). */
int notice_invitation(struct store *s, const char *to, const char *lang, const char *role,
		      const char *link);
/* The single-use link that sets a new password, valid for an hour. */
int notice_password_reset(struct store *s, const char *to, const char *lang,
			  const char *link);
/* The Secretariat reset the account's two-step verification. */
int notice_totp_reset(struct store *s, const char *to, const char *lang);
/* Wrong secrets (kind "password" or "totp") reached the account-wide
 * limit, the last one from address ip. */
int notice_login_failures(struct store *s, const char *to, const char *lang,
			  const char *kind, const char *ip);

#endif
