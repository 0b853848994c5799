/* notice.c - see notice.h.  T() is the recipient's language here (po/extract.py
 * lists the msgids of this file with the pages'). */
#include "mail/notice.h"

#include <string.h>

#include "accounts/account.h"
#include "i18n/i18n.h"
#include "mail/outbox.h"
#include "util/buf.h"

#define T(s) i18n_get(lang, s)

/* The same labels as the pages' (web/pages.c): one msgid each. */
static const char *role_label(const char *lang, const char *role)
{
	switch (account_role_parse(role)) {
	case ROLE_SECRETARIAT: return T("Secretariat");
	case ROLE_FOCAL_POINT: return T("Focal point");
	case ROLE_EXPERT: return T("Governmental expert");
	case ROLE_OBSERVER: return T("Observer");
	case ROLE_STAKEHOLDER: return T("Stakeholder");
	case ROLE_NONE: break;
	}
	return role;
}

/* Queues body (freed here) under subject; 0 or -1. */
static int queue(struct store *s, const char *to, const char *lang, const char *subject,
		 struct buf *body)
{
	int64_t id = outbox_queue(s, to, lang, subject, buf_str(body));
	buf_free(body);
	return id > 0 ? 0 : -1;
}

int notice_invitation(struct store *s, const char *to, const char *lang, const char *role,
		      const char *link)
{
	struct buf body = { 0 };
	buf_printf(&body, "%s\n\n%s: %s\n\n%s\n%s\n",
		   T("You are invited to the platform of the UNTOC Review Mechanism."),
		   T("Role"), role_label(lang, role),
		   T("Follow this link within 10 days to choose your password:"), link);
	return queue(s, to, lang, T("Invitation to the UNTOC Review Mechanism"), &body);
}

int notice_password_reset(struct store *s, const char *to, const char *lang,
			  const char *link)
{
	struct buf body = { 0 };
	buf_printf(&body, "%s\n\n%s\n%s\n\n%s\n",
		   T("Someone asked to set a new password for your account on the platform of the UNTOC Review Mechanism."),
		   T("Follow this link within one hour to choose a new password. It works once:"),
		   link,
		   T("If you did not ask for this, ignore this message: your password stays as it is."));
	return queue(s, to, lang, T("New password for the UNTOC Review Mechanism"), &body);
}

int notice_totp_reset(struct store *s, const char *to, const char *lang)
{
	struct buf body = { 0 };
	buf_printf(&body, "%s\n\n%s\n\n%s\n",
		   T("The Secretariat has reset the two-step verification of your account on the platform of the UNTOC Review Mechanism."),
		   T("Your next login asks for your password only. Set up two-step verification again on your account page."),
		   T("If you did not ask for this, contact the Secretariat at once."));
	return queue(s, to, lang, T("Your two-step verification was reset"), &body);
}

int notice_login_failures(struct store *s, const char *to, const char *lang,
			  const char *kind, const char *ip)
{
	struct buf body = { 0 };
	buf_printf(&body, "%s\n%s: %s\n\n%s\n",
		   strcmp(kind, "totp") == 0
			   ? T("Several wrong two-step verification codes were given for your account on the platform of the UNTOC Review Mechanism.")
			   : T("Several wrong passwords were given for your account on the platform of the UNTOC Review Mechanism."),
		   T("Last attempt from the address"), ip,
		   T("Logins are slowed down for a while. If these attempts were not yours, change your password and tell the Secretariat."));
	return queue(s, to, lang, T("Failed logins to your account"), &body);
}
