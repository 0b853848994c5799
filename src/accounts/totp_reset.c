/* totp_reset.c - see totp_reset.h. */
#include "accounts/totp_reset.h"

#include <string.h>

#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "store/store.h"
#include "util/util.h"

int account_reset_totp(struct store *s, const char *email, struct account *u)
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
			       "(SELECT id FROM users WHERE email = ?)", mail) < 0)
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
	return audit_log(s, by, ip, "notice.totp_reset", u->email,
			 "two-step verification reset; notice due to the owner");
}

int account_notice_login_failures(struct store *s, const char *email, const char *ip,
				  const char *kind)
{
	return audit_log(s, NULL, ip, "notice.login_failures", email,
			 strcmp(kind, "totp") == 0 ? "wrong TOTP codes; notice due to the owner"
						  : "wrong passwords; notice due to the owner");
}
