/* pages_public.c - the pages anyone reaches: home, login (password, then
 * the TOTP code), logout, and the acceptance of an invitation. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/account.h"
#include "accounts/invitation.h"
#include "accounts/session.h"
#include "accounts/throttle.h"
#include "accounts/totp.h"
#include "audit/audit.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/routes.h"

/* ---- home ---- */

void page_home(struct web_req *rq, struct web_resp *rs)
{
	struct buf *b = &rs->body;
	pages_begin(rq, b, T("Mechanism for the Review of the Implementation of UNTOC"));
	web_html(b, "<p class=\"lead\">%s</p>\n<p>%s</p>\n",
		 T("The Review Mechanism helps States parties to implement the United Nations "
		   "Convention against Transnational Organized Crime and its Protocols on "
		   "trafficking in persons, smuggling of migrants and firearms."),
		 T("Focal points, governmental experts and the Secretariat use this secure "
		   "platform to conduct country reviews in the six official languages."));
	if (rq->authed)
		web_html(b, "<p><a class=\"button\" href=\"/dashboard\">%s</a></p>\n", T("Go to your dashboard"));
	else
		web_html(b, "<p><a class=\"button\" href=\"/login\">%s</a></p>\n", T("Log in"));
	web_html(b, "<p><a href=\"/programme\">%s</a></p>\n", T("Programme of country reviews"));
	web_html(b, "<p><a id=\"signing-key-link\" href=\"/signing-key\">%s</a></p>\n",
		 T("The Secretariat's key that signs agreed summaries"));
	pages_end(rq, b);
}

/* ---- login ---- */

/* The page to return to after the login (cookie rm_next, set where a
 * page asked for a login), or NULL: only local pages of the route table
 * (no open redirect).  Points into buf. */
static const char *next_page(struct web_req *rq, char *buf, size_t len)
{
	const char *c = web_req_cookie(rq, "rm_next");
	if (!c || util_strlcpy(buf, c, len) < 0 || web_url_decode(buf) < 0)
		return NULL;
	return routes_is_return_page(buf) ? buf : NULL;
}

/* The login is complete: to the page asked for, else to fallback. */
static void redirect_after_login(struct web_req *rq, struct web_resp *rs, const char *fallback)
{
	char buf[520];
	const char *n = next_page(rq, buf, sizeof buf);
	web_resp_cookie(rq, rs, "rm_next", "", 0);
	web_resp_redirect(rs, n ? n : fallback);
}

static void login_form(struct web_req *rq, struct web_resp *rs, const char *error,
		       const char *email)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Log in"));
	const char *created = web_req_query(rq, "created"), *reset = web_req_query(rq, "reset");
	if (error)
		pages_notice(b, "error", error);
	else if (web_req_cookie(rq, "rm_expired")) {
		pages_notice(b, "error", T("Your session has ended. Log in again to continue."));
		web_resp_cookie(rq, rs, "rm_expired", "", 0);
	}
	else if (created && !strcmp(created, "1")) /* after an invitation was accepted */
		pages_notice(b, "ok", T("Your account exists. Log in with your e-mail address and the password you chose."));
	else if (reset && !strcmp(reset, "1")) /* after a new password was set */
		pages_notice(b, "ok", T("Your new password is set. Log in with it."));
	else if (web_req_query(rq, "reset") && !strcmp(web_req_query(rq, "reset"), "1"))
		pages_notice(b, "ok", T("Your new password is set. Log in with it."));
	web_html(b, "<form method=\"post\" action=\"/login\" class=\"card narrow\">\n");
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"email\">%s</label>"
		 "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
		 "required maxlength=\"254\" value=\"%s\"%r></div>\n"
		 "<div class=\"field\"><label for=\"password\">%s</label>"
		 "<input id=\"password\" name=\"password\" type=\"password\" "
		 "autocomplete=\"current-password\" required maxlength=\"512\"></div>\n"
		 "<button type=\"submit\">%s</button>\n</form>\n"
		 "<p><a href=\"/login/forgot\" id=\"forgot\">%s</a></p>\n"
		 "<p class=\"hint\">%s</p>\n",
		 T("E-mail address"), email ? email : "", error ? "" : " autofocus",
		 T("Password"), T("Log in"), T("Forgotten your password?"),
		 T("Accounts are provided by the Secretariat."));
	pages_end(rq, b);
}

void page_login(struct web_req *rq, struct web_resp *rs)
{
	if (rq->authed) {
		redirect_after_login(rq, rs, "/dashboard");
		return;
	}
	login_form(rq, rs, NULL, NULL);
}

void page_login_post(struct web_req *rq, struct web_resp *rs)
{
	const char *email = web_req_field(rq, "email");
	const char *pw = web_req_field(rq, "password");
	struct account u;
	int64_t attempt;
	if (!email || !pw || !*email || !*pw || strlen(email) > 254) {
		login_form(rq, rs, T("Enter your e-mail address and password."), email);
		return;
	}
	int t = throttle_check(rq->db, "password", email, rq->ip, &attempt);
	if (t != 0) {
		pages_refuse_attempt(rq, rs, t, email, "");
		return;
	}
	int ok = account_authenticate(rq->db, email, pw, &u);
	if (ok != 1) {
		/* The reserved attempt stays recorded as the failure. */
		web_req_audit(rq, "login.fail", account_email_plausible(email) ? email
			      : "[not an e-mail address]", "bad credentials");
		login_form(rq, rs, T("The e-mail address or password is incorrect."), email);
		return;
	}
	throttle_pass(rq->db, attempt);
	/* Failures are forgotten only after the complete login: a correct
	 * password alone must not reset the count of wrong TOTP codes. */
	if (!u.totp_enabled)
		throttle_clear(rq->db, u.email, rq->ip);
	pages_start_session(rq, rs, &u, u.totp_enabled);
	if (rs->status != 200)
		return;
	rq->user = u;
	if (u.totp_enabled) {
		rq->mfa_pending = 1;
		web_req_audit(rq, "login.password_ok", u.email, "TOTP code due");
		web_resp_redirect(rs, "/login/totp");
	} else {
		rq->authed = 1;
		web_req_audit(rq, "login.ok", u.email, "");
		if (u.totp_required && !u.totp_enabled)
			web_resp_redirect(rs, "/account"); /* set-up first */
		else
			redirect_after_login(rq, rs, "/dashboard");
	}
}

static void totp_form(struct web_req *rq, struct web_resp *rs, const char *error)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Two-step verification"));
	if (error)
		pages_notice(b, "error", error);
	web_html(b, "<form method=\"post\" action=\"/login/totp\" class=\"card narrow\">\n");
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"code\">%s</label>"
		 "<input id=\"code\" name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" "
		 "maxlength=\"6\" autocomplete=\"one-time-code\" required autofocus "
		 "aria-describedby=\"code-hint\"><p class=\"hint\" id=\"code-hint\">%s</p></div>\n<button type=\"submit\">%s</button>\n</form>\n",
		 T("Six-digit code"), T("Enter the code shown by your authenticator app."),
		 T("Verify"));
	pages_end(rq, b);
}

void page_totp(struct web_req *rq, struct web_resp *rs)
{
	totp_form(rq, rs, NULL);
}

void page_totp_post(struct web_req *rq, struct web_resp *rs)
{
	int64_t attempt;
	int t = throttle_check(rq->db, "totp", rq->user.email, rq->ip, &attempt);
	if (t != 0) {
		pages_refuse_attempt(rq, rs, t, rq->user.email, "TOTP");
		return;
	}
	int64_t step = totp_verify(rq->user.totp_secret, web_req_field(rq, "code"),
				   (int64_t)time(NULL), rq->user.totp_last_step);
	/* The check above read last_step before other requests with the same
	 * code may have used it: the claim decides, atomically. */
	if (step >= 0 && account_claim_totp_step(rq->db, rq->user.id, step) != 1)
		step = -1;
	if (step < 0) {
		web_req_audit(rq, "login.totp_fail", rq->user.email, "");
		if (pages_session_failed(rq, rs))
			return;
		totp_form(rq, rs, T("The code is incorrect or has already been used."));
		return;
	}
	session_clear_mfa(rq->db, rq->ses.token_hash);
	throttle_clear(rq->db, rq->user.email, rq->ip);
	web_req_audit(rq, "login.ok", rq->user.email, "with TOTP");
	redirect_after_login(rq, rs, "/dashboard");
}

void page_logout(struct web_req *rq, struct web_resp *rs)
{
	if (rq->authed || rq->mfa_pending) {
		session_delete(rq->db, rq->ses.token_hash);
		web_req_audit(rq, "logout", rq->user.email, "");
	}
	web_resp_cookie(rq, rs, "rm_session", "", 0);
	web_resp_redirect(rs, "/");
}

/* ---- invitation acceptance ---- */

static void invite_form(struct web_req *rq, struct web_resp *rs, const struct invitation *inv,
			const char *token, const char *error)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Create your account"));
	if (error)
		pages_notice(b, "error", error);
	web_html(b, "<p>%s <strong>%s</strong></p><form method=\"post\" action=\"/invite/%s\" class=\"card narrow\">",
		 T("You have been invited to the Review Mechanism as"), inv->email, token);
	/* What the invitation grants, before the person commits to it. */
	web_html(b, "<dl class=\"grants\"><dt>%s</dt><dd id=\"invite-role\">%s</dd>", T("Role"),
		 pages_role_label(rq, account_role_parse(inv->role)));
	if (inv->state[0]) {
		web_html(b, "<dt>%s</dt><dd id=\"invite-state\">", T("State"));
		pages_put_state_name(rq, b, inv->state);
		web_html(b, "</dd>");
	}
	web_html(b, "</dl>");
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"password\">%s</label><input id=\"password\" "
		 "name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"12\" "
		 "maxlength=\"128\" required aria-describedby=\"password-hint\">"
		 "<p class=\"hint\" id=\"password-hint\">%s</p></div>"
		 "<div class=\"field\"><label for=\"password2\">%s</label><input id=\"password2\" "
		 "name=\"password2\" type=\"password\" autocomplete=\"new-password\" required></div>"
		 "<button type=\"submit\">%s</button></form>",
		 T("Choose a password"),
		 T("At least 12 characters. A passphrase of several words is easiest to remember."),
		 T("Repeat the password"), T("Create account"));
	pages_end(rq, b);
}

void page_invite(struct web_req *rq, struct web_resp *rs)
{
	const char *token = rq->param[0];
	struct invitation inv;
	if (invitation_find(rq->db, token, &inv) != 1) {
		pages_error(rq, rs, 410);
		return;
	}
	invite_form(rq, rs, &inv, token, NULL);
}

void page_invite_post(struct web_req *rq, struct web_resp *rs)
{
	const char *token = rq->param[0];
	struct invitation inv;
	char err[256];
	if (invitation_find(rq->db, token, &inv) != 1) {
		pages_error(rq, rs, 410);
		return;
	}
	const char *pw = web_req_field(rq, "password"), *pw2 = web_req_field(rq, "password2");
	if (!pw || !pw2 || strcmp(pw, pw2) != 0) {
		invite_form(rq, rs, &inv, token, T("The two passwords differ."));
		return;
	}
	if (account_password_policy(pw, inv.email, err, sizeof err) < 0) {
		invite_form(rq, rs, &inv, token, T(err));
		return;
	}
	if (invitation_accept(rq->db, &inv, pw, rq->lang, err, sizeof err) < 0) {
		invite_form(rq, rs, &inv, token, T("The account could not be created. It may already exist."));
		return;
	}
	audit_log(rq->db, inv.email, rq->ip, "invite.accept", inv.email, inv.role);
	web_resp_redirect(rs, "/login?created=1");
}
