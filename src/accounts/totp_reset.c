/* totp_reset.c - see totp_reset.h. */
#include "accounts/totp_reset.h"

#include <string.h>

#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "mail/notice.h"
#include "store/store.h"
#include "util/util.h"

int account_reset_totp(struct store *s, const char *email, const char *by, const char *ip,
		       struct account *u)
{
	char mail[256];
	int rc = -1, found;
	if (util_strlcpy(mail, email, sizeof mail) < 0)
		return 0;
	util_ascii_lower(mail);
	if (store_begin(s) < 0)
		return -1;
	found = account_by_email(s, mail, u);
	if (found <= 0) {
		rc = found;
		goto out;
	}
	if (accounts_exec_text(s, "UPDATE users SET totp_secret = '', totp_enabled = 0, "
			       "totp_last_step = 0 WHERE email = ?", mail) < 0 ||
	    accounts_exec_text(s, "DELETE FROM sessions WHERE user_id IN "
			       "(SELECT id FROM users WHERE email = ?)", mail) < 0 ||
	    audit_log(s, by, ip, "user.totp_reset", u->email, "") < 0 ||
	    account_notice_totp_reset(s, u, by, ip) < 0)
		goto out;
	if (store_commit(s) < 0)
		goto out;
	return 1;
out:
	store_rollback(s);
	return rc;
}

int account_notice_totp_reset(struct store *s, const struct account *u, const char *by,
			      const char *ip)
{
	if (audit_log(s, by, ip, "notice.totp_reset", u->email,
		      "two-step verification reset; owner e-mailed") < 0)
		return -1;
	return notice_totp_reset(s, u->email, u->lang);
}

int account_notice_login_failures(struct store *s, const char *email, const char *ip,
				  const char *kind)
{
	struct account u;
	int totp = strcmp(kind, "totp") == 0;
	int found = account_by_email(s, email, &u);
	if (found < 0)
		return -1;
	/* Addresses without an account are counted too; only owners hear. */
	found = found == 1 && !u.disabled;
	if (audit_log(s, NULL, ip, "notice.login_failures", email,
		      !found ? (totp ? "wrong TOTP codes; no account to tell"
				     : "wrong passwords; no account to tell")
			     : (totp ? "wrong TOTP codes; owner e-mailed"
				     : "wrong passwords; owner e-mailed")) < 0)
		return -1;
	return found ? notice_login_failures(s, u.email, u.lang, kind, ip) : 0;
}
