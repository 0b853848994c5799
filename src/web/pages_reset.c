/* pages_reset.c - a forgotten password (issue 8, item 2): the request
 * from the login page and the e-mailed single-use link that sets a new
 * one (accounts/pwreset.h).  The request's answer is the same whether or
 * not the address has an account. */
#include "web/pages.h"

#include <string.h>

#include "accounts/account.h"
#include "accounts/pwreset.h"
#include "audit/audit.h"
#include "web/handlers.h"

static void forgot_form(struct web_req *rq, struct web_resp *rs, const char *error,
			const char *done)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Forgotten password"));
	if (error)
		pages_notice(b, "error", error);
	if (done) {
		pages_notice(b, "ok", done);
	} else {
		web_html(b, "<form method=\"post\" action=\"/login/forgot\" class=\"card narrow\">\n");
		pages_csrf(rq, b);
		web_html(b, "<div class=\"field\"><label for=\"email\">%s</label>"
			 "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
			 "required maxlength=\"254\" autofocus aria-describedby=\"email-hint\">"
			 "<p class=\"hint\" id=\"email-hint\">%s</p></div>\n"
			 "<button type=\"submit\">%s</button>\n</form>\n",
			 T("E-mail address"),
			 T("The address of your account. A link to choose a new password is sent to it."),
			 T("Send the link"));
	}
	web_html(b, "<p><a href=\"/login\">%s</a></p>\n", T("Back to the login"));
	pages_end(rq, b);
}

void page_forgot(struct web_req *rq, struct web_resp *rs)
{
	forgot_form(rq, rs, NULL, NULL);
}

void page_forgot_post(struct web_req *rq, struct web_resp *rs)
{
	const char *email = web_req_field(rq, "email");
	enum pwreset_outcome outcome;
	if (!email || !account_email_plausible(email)) {
		forgot_form(rq, rs, T("Enter a valid e-mail address."), NULL);
		rs->status = 400;
		return;
	}
	int r = pwreset_request(rq->db, email, rq->ip, rq->cfg->base_url, &outcome);
	if (r < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	if (r > 0) { /* this client asked too often, whichever addresses */
		pages_refuse_attempt(rq, rs, r, email, "password reset");
		return;
	}
	/* The log says what happened; the answer never does. */
	web_req_audit(rq, "password.reset_request", email,
		      outcome == PWRESET_MAILED ? "link e-mailed"
		      : outcome == PWRESET_THROTTLED ? "too many requests for the address: nothing sent"
						     : "no enabled account: nothing sent");
	forgot_form(rq, rs, NULL,
		    T("If an account exists for this address, a link to choose a new password is on its way to it. The link works once, within one hour."));
}

static void dead_link(struct web_req *rq, struct web_resp *rs)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 410;
	pages_begin(rq, b, T("Link no longer valid"));
	web_html(b, "<p>%s</p>\n<p><a href=\"/login/forgot\">%s</a></p>\n",
		 T("This link has expired or has already been used. Ask for a new one."),
		 T("Forgotten password"));
	pages_end(rq, b);
}

static void reset_form(struct web_req *rq, struct web_resp *rs, const struct account *u,
		       const char *token, const char *error)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Choose a new password"));
	if (error)
		pages_notice(b, "error", error);
	web_html(b, "<p>%s <strong>%s</strong></p>"
		 "<form method=\"post\" action=\"/reset/%s\" class=\"card narrow\">",
		 T("New password for"), u->email, token);
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"password\">%s</label><input id=\"password\" "
		 "name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"12\" "
		 "maxlength=\"128\" required aria-describedby=\"password-hint\">"
		 "<p class=\"hint\" id=\"password-hint\">%s</p></div>"
		 "<div class=\"field\"><label for=\"password2\">%s</label><input id=\"password2\" "
		 "name=\"password2\" type=\"password\" autocomplete=\"new-password\" required></div>"
		 "<button type=\"submit\">%s</button></form>",
		 T("New password"),
		 T("At least 12 characters. A passphrase of several words is easiest to remember."),
		 T("Repeat the password"), T("Set the new password"));
	pages_end(rq, b);
}

void page_reset(struct web_req *rq, struct web_resp *rs)
{
	struct account u;
	int r = pwreset_find(rq->db, rq->param[0], &u);
	if (r < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	if (r == 0) {
		dead_link(rq, rs);
		return;
	}
	reset_form(rq, rs, &u, rq->param[0], NULL);
}

void page_reset_post(struct web_req *rq, struct web_resp *rs)
{
	const char *token = rq->param[0];
	const char *pw = web_req_field(rq, "password"), *pw2 = web_req_field(rq, "password2");
	struct account u;
	char err[256];
	int r = pwreset_find(rq->db, token, &u);
	if (r < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	if (r == 0) {
		dead_link(rq, rs);
		return;
	}
	if (!pw || !pw2 || strcmp(pw, pw2) != 0) {
		reset_form(rq, rs, &u, token, T("The two passwords differ."));
		rs->status = 400;
		return;
	}
	if (account_password_policy(pw, u.email, err, sizeof err) < 0) {
		reset_form(rq, rs, &u, token, T(err));
		rs->status = 400;
		return;
	}
	r = pwreset_complete(rq->db, token, pw, rq->ip, &u, err, sizeof err);
	if (r == 0) {
		dead_link(rq, rs);
		return;
	}
	if (r < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	/* Every session of the account ended, this browser's included. */
	web_resp_cookie(rq, rs, "rm_session", "", 0);
	web_resp_redirect(rs, "/login?reset=1");
}
