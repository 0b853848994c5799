/* pages.c - the HTML pages: home, login (password then TOTP), logout,
 * dashboard, account (language, password, TOTP, API tokens), invitations,
 * and the Secretariat's users and audit pages.  Every dynamic value goes
 * through web_html()'s %s, which escapes. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "web/audit.h"
#include "web/i18n.h"
#include "web/reviews.h"
#include "web/totp.h"

#define T(s) pages_t(rq, s)
#define INVITE_DAYS 10
/* Wrong secrets (TOTP code, current password) a session may give before
 * it is ended (docs/web.md). */
#define SESSION_MAX_FAILS 5

const char *pages_t(const struct web_req *rq, const char *msgid)
{
	return i18n_get(rq->lang, msgid);
}

void pages_csrf(const struct web_req *rq, struct buf *b)
{
	web_html(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", rq->csrf);
}

static const char *role_label(const struct web_req *rq, enum web_role r)
{
	switch (r) {
	case ROLE_SECRETARIAT: return T("Secretariat");
	case ROLE_FOCAL_POINT: return T("Focal point");
	case ROLE_EXPERT: return T("Governmental expert");
	case ROLE_OBSERVER: return T("Observer");
	case ROLE_STAKEHOLDER: return T("Stakeholder");
	case ROLE_NONE: break;
	}
	return "";
}

/* Name of a State in the page's language (French column when present). */
static void put_state_name(const struct web_req *rq, struct buf *b, const char *code)
{
	/* Already read with the session (same rule as below). */
	if (strcmp(code, rq->user.state) == 0 && rq->user.state_name[0]) {
		web_html(b, "%s", strcmp(rq->lang, "fr") == 0 && rq->user.state_name_fr[0]
				 ? rq->user.state_name_fr : rq->user.state_name);
		return;
	}
	struct store_stmt *st = store_prepare_cached(rq->db,
		"SELECT name, name_fr FROM parties WHERE code = ?");
	const char *name = code;
	if (st) {
		store_bind_text(st, 1, code);
		if (store_step(st) == STORE_ROW) {
			name = store_col_text(st, 0);
			if (strcmp(rq->lang, "fr") == 0 && store_col_text(st, 1)[0])
				name = store_col_text(st, 1);
		}
	}
	web_html(b, "%s", name);
	store_finalize(st);
}

void pages_begin(const struct web_req *rq, struct buf *b, const char *title)
{
	const struct i18n_lang *cur = i18n_find(rq->lang);
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	web_html(b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n"
		 "<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<title>%s · %s</title>\n"
		 "<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n"
		 "<a class=\"skip\" href=\"#main\">%s</a>\n"
		 "<header class=\"site\">\n<div class=\"wrap bar\">\n"
		 "<a class=\"brand\" href=\"/\"><span class=\"mark\" aria-hidden=\"true\">UNTOC</span>"
		 "<span class=\"brand-text\">%s<small>%s</small></span></a>\n"
		 "<nav class=\"langs\" aria-label=\"%s\"><ul>",
		 cur->code, cur->dir, title, T("UNTOC Review Mechanism"), T("Skip to content"),
		 T("Review Mechanism"), T("UN Convention against Transnational Organized Crime"),
		 T("Language"));
	for (size_t i = 0; i < nl; i++)
		web_html(b, "<li><a href=\"?lang=%s\" lang=\"%s\" hreflang=\"%s\"%r>%s</a></li>",
			 ls[i].code, ls[i].code, ls[i].code,
			 ls[i].code == cur->code ? " aria-current=\"true\"" : "", ls[i].native);
	web_html(b, "</ul></nav>\n</div>\n<nav class=\"main\" aria-label=\"%s\"><div class=\"wrap\"><ul>",
		 T("Main menu"));
	if (rq->authed) {
		web_html(b, "<li><a href=\"/dashboard\">%s</a></li><li><a href=\"/account\">%s</a></li>",
			 T("Dashboard"), T("My account"));
		if (rq->user.role == ROLE_SECRETARIAT)
			web_html(b, "<li><a href=\"/admin/users\">%s</a></li>"
				 "<li><a href=\"/admin/audit\">%s</a></li>",
				 T("Users"), T("Audit log"));
		web_html(b, "<li class=\"who\"><span>%s</span></li>"
			 "<li><form method=\"post\" action=\"/logout\" class=\"inline\">",
			 rq->user.email);
		pages_csrf(rq, b);
		web_html(b, "<button type=\"submit\" class=\"link\">%s</button></form></li>",
			 T("Log out"));
	} else {
		web_html(b, "<li><a href=\"/\">%s</a></li><li><a href=\"/login\">%s</a></li>",
			 T("Home"), T("Log in"));
	}
	web_html(b, "</ul></div></nav>\n</header>\n<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n"
		 "<h1>%s</h1>\n", title);
}

void pages_end(const struct web_req *rq, struct buf *b)
{
	web_html(b, "</main>\n<footer class=\"site\"><div class=\"wrap\"><p>%s</p>"
		 "<p>%s</p></div></footer>\n</body>\n</html>\n",
		 T("Mechanism for the Review of the Implementation of the United Nations "
		   "Convention against Transnational Organized Crime and the Protocols thereto "
		   "(resolution 9/1)."),
		 T("Information exchanged in the secure module is confidential."));
}

static void notice(struct buf *b, const char *cls, const char *msg)
{
	web_html(b, "<p class=\"notice %s\" role=\"%s\">%s</p>\n", cls,
		 strcmp(cls, "error") == 0 ? "alert" : "status", msg);
}

void pages_error(struct web_req *rq, struct web_resp *rs, int status)
{
	const char *title, *msg;
	switch (status) {
	case 400: title = T("Bad request"); msg = T("The request could not be understood."); break;
	case 403: title = T("Forbidden"); msg = T("You do not have permission to do this."); break;
	case 404: title = T("Page not found"); msg = T("There is no page at this address."); break;
	case 405: title = T("Method not allowed"); msg = T("This address does not accept this kind of request."); break;
	case 410: title = T("Invitation no longer valid"); msg = T("This invitation has expired or has already been used. Ask the Secretariat for a new one."); break;
	case 413: title = T("Request too large"); msg = T("The request is larger than the server accepts."); break;
	case 414: title = T("Address too long"); msg = T("The address is longer than the server accepts."); break;
	case 429: title = T("Too many attempts"); msg = T("Too many failed attempts. Wait 15 minutes and try again."); break;
	case 431: title = T("Too many headers"); msg = T("The request has more headers than the server accepts."); break;
	default: status = 503; title = T("Service unavailable"); msg = T("The service is temporarily unavailable."); break;
	}
	rs->status = status;
	rs->ctype = "text/html; charset=utf-8";
	buf_reset(&rs->body);
	pages_begin(rq, &rs->body, title);
	web_html(&rs->body, "<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n", msg, T("Return to the home page"));
	pages_end(rq, &rs->body);
}

/* ---- home ---- */

static void page_home(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
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
	pages_end(rq, b);
}

/* ---- login ---- */

static void login_form(struct web_req *rq, struct web_resp *rs, const char *error,
		       const char *email)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Log in"));
	if (error)
		notice(b, "error", error);
	web_html(b, "<form method=\"post\" action=\"/login\" class=\"card narrow\">\n");
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"email\">%s</label>"
		 "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
		 "required maxlength=\"254\" value=\"%s\"%r></div>\n"
		 "<div class=\"field\"><label for=\"password\">%s</label>"
		 "<input id=\"password\" name=\"password\" type=\"password\" "
		 "autocomplete=\"current-password\" required maxlength=\"512\"></div>\n"
		 "<button type=\"submit\">%s</button>\n</form>\n"
		 "<p class=\"hint\">%s</p>\n",
		 T("E-mail address"), email ? email : "", error ? "" : " autofocus",
		 T("Password"), T("Log in"),
		 T("Accounts are provided by the Secretariat. If you have forgotten your "
		   "password, contact the Secretariat."));
	pages_end(rq, b);
}

static void page_login(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	if (rq->authed) {
		web_resp_redirect(rs, "/dashboard");
		return;
	}
	login_form(rq, rs, NULL, NULL);
}

static void start_session(struct web_req *rq, struct web_resp *rs, const struct web_user *u,
			  int mfa_pending)
{
	char token[WEB_HEX_LEN];
	/* A fresh token at every login: no session fixation. */
	if (rq->mfa_pending || rq->authed)
		web_session_delete(rq->db, rq->ses.token_hash);
	if (web_session_create(rq->db, u->id, mfa_pending, rq->ip, rq->cfg->session_absolute,
			       token, &rq->ses) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	web_resp_cookie(rq, rs, "rm_session", token, -1);
	web_resp_cookie(rq, rs, "rm_csrf", "", 0);
	rq->csrf_new = 0;
	sodium_memzero(token, sizeof token);
}

/* 429 with Retry-After: the throttle refused the attempt (wait > 0) or
 * could not record it (wait < 0: refuse rather than judge unrecorded). */
static void refuse_attempt(struct web_req *rq, struct web_resp *rs, int wait,
			   const char *email, const char *what)
{
	char secs[24];
	web_req_audit(rq, "login.throttled", email, what);
	pages_error(rq, rs, 429);
	snprintf(secs, sizeof secs, "%d", wait > 0 ? wait : 1);
	web_resp_header(rs, "Retry-After", secs);
}

/* Counts a wrong secret given in this session; after SESSION_MAX_FAILS the
 * session ends and the answer is 429.  Returns 1 when it ended. */
static int session_failed(struct web_req *rq, struct web_resp *rs)
{
	int n = web_session_fail(rq->db, rq->ses.token_hash);
	if (n >= 0 && n < SESSION_MAX_FAILS)
		return 0;
	web_session_delete(rq->db, rq->ses.token_hash);
	web_req_audit(rq, "session.end", rq->user.email, "too many wrong secrets");
	pages_error(rq, rs, 429);
	web_resp_header(rs, "Retry-After", "900");
	web_resp_cookie(rq, rs, "rm_session", "", 0);
	return 1;
}

static void page_login_post(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	const char *email = web_req_field(rq, "email");
	const char *pw = web_req_field(rq, "password");
	struct web_user u;
	int64_t attempt;
	if (!email || !pw || !*email || !*pw || strlen(email) > 254) {
		login_form(rq, rs, T("Enter your e-mail address and password."), email);
		return;
	}
	int t = web_throttle_check(rq->db, "password", email, rq->ip, &attempt);
	if (t != 0) {
		refuse_attempt(rq, rs, t, email, "");
		return;
	}
	int ok = web_user_authenticate(rq->db, email, pw, &u);
	if (ok != 1) {
		/* The reserved attempt stays recorded as the failure. */
		web_req_audit(rq, "login.fail", email, "bad credentials");
		login_form(rq, rs, T("The e-mail address or password is incorrect."), email);
		return;
	}
	web_throttle_pass(rq->db, attempt);
	/* Failures are forgotten only after the complete login: a correct
	 * password alone must not reset the count of wrong TOTP codes. */
	if (!u.totp_enabled)
		web_throttle_clear(rq->db, u.email);
	start_session(rq, rs, &u, u.totp_enabled);
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
		web_resp_redirect(rs, u.totp_required ? "/account" : "/dashboard");
	}
}

static void totp_form(struct web_req *rq, struct web_resp *rs, const char *error)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Two-step verification"));
	if (error)
		notice(b, "error", error);
	web_html(b, "<form method=\"post\" action=\"/login/totp\" class=\"card narrow\">\n");
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"code\">%s</label>"
		 "<input id=\"code\" name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" "
		 "maxlength=\"6\" autocomplete=\"one-time-code\" required autofocus>"
		 "<p class=\"hint\">%s</p></div>\n<button type=\"submit\">%s</button>\n</form>\n",
		 T("Six-digit code"), T("Enter the code shown by your authenticator app."),
		 T("Verify"));
	pages_end(rq, b);
}

static void page_totp(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	totp_form(rq, rs, NULL);
}

static void page_totp_post(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	int64_t attempt;
	int t = web_throttle_check(rq->db, "totp", rq->user.email, rq->ip, &attempt);
	if (t != 0) {
		refuse_attempt(rq, rs, t, rq->user.email, "TOTP");
		return;
	}
	int64_t step = totp_verify(rq->user.totp_secret, web_req_field(rq, "code"),
				   (int64_t)time(NULL), rq->user.totp_last_step);
	/* The check above read last_step before other requests with the same
	 * code may have used it: the claim decides, atomically. */
	if (step >= 0 && web_user_claim_totp_step(rq->db, rq->user.id, step) != 1)
		step = -1;
	if (step < 0) {
		web_req_audit(rq, "login.totp_fail", rq->user.email, "");
		if (session_failed(rq, rs))
			return;
		totp_form(rq, rs, T("The code is incorrect or has already been used."));
		return;
	}
	web_session_clear_mfa(rq->db, rq->ses.token_hash);
	web_throttle_clear(rq->db, rq->user.email);
	web_req_audit(rq, "login.ok", rq->user.email, "with TOTP");
	web_resp_redirect(rs, "/dashboard");
}

static void page_logout(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	if (rq->authed || rq->mfa_pending) {
		web_session_delete(rq->db, rq->ses.token_hash);
		web_req_audit(rq, "logout", rq->user.email, "");
	}
	web_resp_cookie(rq, rs, "rm_session", "", 0);
	web_resp_redirect(rs, "/");
}

/* ---- dashboard ---- */

static void reviews_table_render(struct web_req *rq, struct buf *b, json_t *list,
				 int available);

/* The table depends only on the reviews and the language: kept in the
 * reviews memo, one rendering per language. */
static void reviews_table(struct web_req *rq, struct buf *b)
{
	int available = 0;
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	unsigned slot = REVIEWS_MEMO_SLOTS;
	for (size_t i = 0; i < nl; i++)
		if (ls[i].code == rq->lang || strcmp(ls[i].code, rq->lang) == 0)
			slot = (unsigned)i;
	char **memo = NULL;
	json_t *list = reviews_for_user_memo(rq->rcache, rq->db, &rq->user, &available, slot,
					     &memo);
	if (memo && *memo) {
		buf_puts(b, *memo);
	} else if (memo) {
		size_t at = b->len;
		reviews_table_render(rq, b, list, available);
		*memo = xstrndup(b->p + at, b->len - at);
	} else {
		reviews_table_render(rq, b, list, available);
	}
	json_decref(list);
}

static void reviews_table_render(struct web_req *rq, struct buf *b, json_t *list,
				 int available)
{
	web_html(b, "<section class=\"card\"><h2>%s</h2>\n", T("Country reviews"));
	if (!list) {
		web_html(b, "<p>%s</p>", T("The reviews could not be loaded."));
	} else if (!available) {
		web_html(b, "<p>%s</p>", T("No drawing of lots has been recorded yet."));
	} else if (json_array_size(list) == 0) {
		web_html(b, "<p>%s</p>", T("None of the reviews of the current draw concern your State."));
	} else {
		web_html(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "</tr></thead><tbody>\n",
			 T("Reviews of the current draw"), T("State under review"), T("Year"),
			 T("Reviewing States"), T("Your part"));
		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *r = json_array_get(list, i);
			const char *part = json_string_value(json_object_get(r, "my_part"));
			web_html(b, "<tr><td>%s</td><td>", json_string_value(json_object_get(r, "reviewed_name")));
			i18n_put_number(b, rq->lang, (long long)json_integer_value(json_object_get(r, "year")));
			web_html(b, "</td><td>");
			json_t *rvs = json_object_get(r, "reviewers");
			for (size_t k = 0; k < json_array_size(rvs); k++)
				web_html(b, "%r%s", k ? ", " : "",
					 json_string_value(json_object_get(json_array_get(rvs, k), "name")));
			web_html(b, "</td><td>%s</td></tr>\n",
				 strcmp(part, "reviewed") == 0 ? T("State under review") :
				 strcmp(part, "reviewer") == 0 ? T("Reviewing State") : T("Secretariat"));
		}
		web_html(b, "</tbody></table>\n");
	}
	web_html(b, "</section>\n");
}

static long long count_query(struct web_req *rq, const char *sql, const char *arg)
{
	long long n = 0;
	struct store_stmt *st = store_prepare_cached(rq->db, sql);
	if (!st)
		return 0;
	if (arg)
		store_bind_text(st, 1, arg);
	if (store_step(st) == STORE_ROW)
		n = (long long)store_col_int(st, 0);
	store_finalize(st);
	return n;
}

static void stat_card(struct web_req *rq, struct buf *b, const char *label, long long n)
{
	web_html(b, "<div class=\"stat\"><span class=\"num\">");
	i18n_put_number(b, rq->lang, n);
	web_html(b, "</span><span class=\"label\">%s</span></div>", label);
}

static void page_dashboard(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	struct buf *b = &rs->body;
	char today[32];
	util_now_iso(today, sizeof today);
	pages_begin(rq, b, T("Dashboard"));
	web_html(b, "<p class=\"lead\">%s <strong>%s</strong> · %s",
		 T("Signed in as"), rq->user.email, role_label(rq, rq->user.role));
	if (rq->user.state[0]) {
		web_html(b, " · ");
		put_state_name(rq, b, rq->user.state);
	}
	web_html(b, " · <time datetime=\"%s\">", today);
	i18n_put_date(b, rq->lang, today);
	web_html(b, "</time></p>\n");
	if (!rq->user.totp_enabled)
		web_html(b, "<p class=\"notice\">%s <a href=\"/account#totp\">%s</a></p>\n",
			 T("Protect your account with two-step verification."), T("Set it up"));
	if (rq->user.role == ROLE_SECRETARIAT) {
		char since[32];
		web_time_iso(time(NULL) - 86400, since, sizeof since);
		web_html(b, "<section class=\"stats\" aria-label=\"%s\">", T("Summary"));
		stat_card(rq, b, T("Accounts"), count_query(rq, "SELECT COUNT(*) FROM users", NULL));
		stat_card(rq, b, T("Open invitations"),
			  count_query(rq, "SELECT COUNT(*) FROM invitations WHERE used IS NULL AND expires > ?", today));
		stat_card(rq, b, T("States and organizations"),
			  count_query(rq, "SELECT COUNT(*) FROM parties", NULL));
		stat_card(rq, b, T("Audit entries in the last 24 hours"),
			  count_query(rq, "SELECT COUNT(*) FROM audit_log WHERE at > ?", since));
		web_html(b, "</section>\n");
	}
	if (rq->user.role == ROLE_STAKEHOLDER) {
		web_html(b, "<section class=\"card\"><h2>%s</h2><p>%s</p></section>\n",
			 T("Constructive dialogue"),
			 T("Relevant non-governmental organizations and other stakeholders take part "
			   "in the constructive dialogues on the margins of the working groups "
			   "(paragraph 53 of the procedures and rules)."));
	} else {
		reviews_table(rq, b);
	}
	pages_end(rq, b);
}

/* ---- account ---- */

static void account_page(struct web_req *rq, struct web_resp *rs, const char *msg,
			 const char *error, const char *new_token)
{
	struct buf *b = &rs->body;
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	buf_reset(b);
	rs->status = 200;
	pages_begin(rq, b, T("My account"));
	if (msg)
		notice(b, "ok", msg);
	if (error)
		notice(b, "error", error);
	if (rq->user.totp_required && !rq->user.totp_enabled)
		notice(b, "error", T("The Secretariat requires two-step verification for your account. Set it up to continue."));

	/* Language preference. */
	web_html(b, "<section class=\"card\" id=\"language\"><h2>%s</h2>"
		 "<form method=\"post\" action=\"/account/lang\">", T("Language"));
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"lang\">%s</label><select id=\"lang\" name=\"lang\">",
		 T("Language of the interface"));
	for (size_t i = 0; i < nl; i++)
		web_html(b, "<option value=\"%s\" lang=\"%s\"%r>%s</option>", ls[i].code, ls[i].code,
			 strcmp(ls[i].code, rq->user.lang) == 0 ? " selected" : "", ls[i].native);
	web_html(b, "</select></div><button type=\"submit\">%s</button></form></section>\n", T("Save"));

	/* Two-step verification. */
	web_html(b, "<section class=\"card\" id=\"totp\"><h2>%s</h2>", T("Two-step verification"));
	if (rq->user.totp_enabled) {
		web_html(b, "<p class=\"status-on\">%s</p>", T("Two-step verification is on."));
		if (!rq->user.totp_required) {
			web_html(b, "<form method=\"post\" action=\"/account/totp/disable\">");
			pages_csrf(rq, b);
			web_html(b, "<div class=\"field\"><label for=\"dcode\">%s</label>"
				 "<input id=\"dcode\" name=\"code\" inputmode=\"numeric\" maxlength=\"6\" "
				 "autocomplete=\"one-time-code\" required></div>"
				 "<button type=\"submit\" class=\"secondary\">%s</button></form>",
				 T("Six-digit code"), T("Turn off"));
		}
	} else if (rq->user.totp_secret[0]) {
		struct buf uri = { 0 };
		buf_puts(&uri, "otpauth://totp/revmech:");
		web_put_url(&uri, rq->user.email);
		buf_printf(&uri, "?secret=%s&issuer=revmech&algorithm=SHA1&digits=6&period=30",
			   rq->user.totp_secret);
		web_html(b, "<p>%s</p><dl class=\"secret\"><dt>%s</dt><dd><code id=\"totp-secret\">%s</code></dd>"
			 "<dt>%s</dt><dd><code class=\"uri\">%s</code></dd></dl>",
			 T("Add this key to your authenticator app, then enter the code it shows."),
			 T("Key"), rq->user.totp_secret, T("Set-up address"), buf_str(&uri));
		buf_free(&uri);
		web_html(b, "<form method=\"post\" action=\"/account/totp/enable\">");
		pages_csrf(rq, b);
		web_html(b, "<div class=\"field\"><label for=\"code\">%s</label>"
			 "<input id=\"code\" name=\"code\" inputmode=\"numeric\" maxlength=\"6\" "
			 "autocomplete=\"one-time-code\" required></div>"
			 "<button type=\"submit\">%s</button></form>",
			 T("Six-digit code"), T("Turn on"));
	} else {
		web_html(b, "<p>%s</p><form method=\"post\" action=\"/account/totp/start\">",
			 T("A code from an authenticator app will be asked for at each login."));
		pages_csrf(rq, b);
		web_html(b, "<button type=\"submit\">%s</button></form>", T("Set up two-step verification"));
	}
	web_html(b, "</section>\n");

	/* Password. */
	web_html(b, "<section class=\"card\" id=\"password\"><h2>%s</h2>"
		 "<form method=\"post\" action=\"/account/password\">", T("Change password"));
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"current\">%s</label><input id=\"current\" "
		 "name=\"current\" type=\"password\" autocomplete=\"current-password\" required></div>"
		 "<div class=\"field\"><label for=\"newpw\">%s</label><input id=\"newpw\" name=\"password\" "
		 "type=\"password\" autocomplete=\"new-password\" minlength=\"12\" maxlength=\"128\" required>"
		 "<p class=\"hint\">%s</p></div><button type=\"submit\">%s</button></form></section>\n",
		 T("Current password"), T("New password"),
		 T("At least 12 characters. A passphrase of several words is easiest to remember."),
		 T("Change password"));

	/* API tokens. */
	web_html(b, "<section class=\"card\" id=\"tokens\"><h2>%s</h2><p>%s</p>",
		 T("Personal API tokens"),
		 T("A token lets a program use the JSON API with your rights. Keep it secret."));
	if (new_token)
		web_html(b, "<p class=\"notice ok\" role=\"status\">%s <code id=\"new-token\">%s</code></p>",
			 T("Copy your new token now: it will not be shown again."), new_token);
	struct store_stmt *st = store_prepare_cached(rq->db,
		"SELECT id, name, created, COALESCE(last_used, '') FROM api_tokens "
		"WHERE user_id = ? AND revoked IS NULL ORDER BY id");
	if (st) {
		store_bind_int(st, 1, rq->user.id);
		int first = 1;
		while (store_step(st) == STORE_ROW) {
			if (first) {
				web_html(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
					 "<th scope=\"col\"><span class=\"sr\">%s</span></th></tr></thead><tbody>",
					 T("Name"), T("Created"), T("Actions"));
				first = 0;
			}
			web_html(b, "<tr><td>%s</td><td>", store_col_text(st, 1));
			i18n_put_date(b, rq->lang, store_col_text(st, 2));
			web_html(b, "</td><td><form method=\"post\" action=\"/account/tokens/revoke\" class=\"inline\">");
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\">"
				 "<button type=\"submit\" class=\"secondary\">%s</button></form></td></tr>",
				 (long long)store_col_int(st, 0), T("Revoke"));
		}
		if (!first)
			web_html(b, "</tbody></table>");
		store_finalize(st);
	}
	web_html(b, "<form method=\"post\" action=\"/account/tokens\">");
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"tname\">%s</label><input id=\"tname\" name=\"name\" "
		 "maxlength=\"64\" required></div><button type=\"submit\">%s</button></form></section>\n",
		 T("Token name"), T("Create token"));
	pages_end(rq, b);
}

static void page_account(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	account_page(rq, rs, NULL, NULL, NULL);
}

static void page_account_lang(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	const struct i18n_lang *l = i18n_find(web_req_field(rq, "lang"));
	if (!l) {
		account_page(rq, rs, NULL, T("Choose one of the six languages."), NULL);
		rs->status = 400;
		return;
	}
	web_user_set_lang(rq->db, rq->user.id, l->code);
	web_req_audit(rq, "user.lang", rq->user.email, l->code);
	web_resp_cookie(rq, rs, "rm_lang", l->code, 365L * 86400);
	web_resp_redirect(rs, "/account");
}

static void page_account_password(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	struct web_user u;
	char err[256];
	const char *cur = web_req_field(rq, "current"), *pw = web_req_field(rq, "password");
	int64_t attempt;
	/* A stolen session must not become an unthrottled password oracle. */
	int t = web_throttle_check(rq->db, "password", rq->user.email, rq->ip, &attempt);
	if (t != 0) {
		refuse_attempt(rq, rs, t, rq->user.email, "current password");
		return;
	}
	if (!cur || !pw || web_user_authenticate(rq->db, rq->user.email, cur, &u) != 1) {
		web_req_audit(rq, "user.password_fail", rq->user.email, "wrong current password");
		if (session_failed(rq, rs))
			return;
		account_page(rq, rs, NULL, T("The current password is incorrect."), NULL);
		return;
	}
	web_throttle_pass(rq->db, attempt);
	if (web_password_policy(pw, rq->user.email, err, sizeof err) < 0) {
		account_page(rq, rs, NULL, T(err), NULL);
		return;
	}
	if (web_user_set_password(rq->db, rq->user.id, pw) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	/* Other sessions (a stolen cookie) and API tokens end with the old
	 * password. */
	web_session_delete_user(rq->db, rq->user.id);
	web_apitoken_revoke_user(rq->db, rq->user.id);
	start_session(rq, rs, &rq->user, 0);
	web_req_audit(rq, "user.password", rq->user.email, "");
	web_resp_redirect(rs, "/account");
}

static void page_totp_start(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	char secret[TOTP_SECRET_B32];
	if (rq->user.totp_enabled) {
		web_resp_redirect(rs, "/account");
		return;
	}
	totp_secret_new(secret);
	web_user_set_totp(rq->db, rq->user.id, secret, 0, 0);
	web_req_audit(rq, "totp.start", rq->user.email, "");
	web_resp_redirect(rs, "/account#totp");
}

static void page_totp_enable(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	if (rq->user.totp_enabled || !rq->user.totp_secret[0]) {
		web_resp_redirect(rs, "/account");
		return;
	}
	int64_t step = totp_verify(rq->user.totp_secret, web_req_field(rq, "code"),
				   (int64_t)time(NULL), 0);
	if (step < 0) {
		web_req_audit(rq, "totp.enable_fail", rq->user.email, "");
		account_page(rq, rs, NULL, T("The code is incorrect. Check the clock of your device and try again."), NULL);
		return;
	}
	web_user_set_totp(rq->db, rq->user.id, rq->user.totp_secret, 1, step);
	rq->user.totp_enabled = 1;
	web_req_audit(rq, "totp.enable", rq->user.email, "");
	account_page(rq, rs, T("Two-step verification is on."), NULL, NULL);
}

static void page_totp_disable(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	if (rq->user.totp_required) {
		web_req_audit(rq, "access.denied", rq->path, "TOTP is mandatory");
		pages_error(rq, rs, 403);
		return;
	}
	int64_t attempt;
	int t = web_throttle_check(rq->db, "totp", rq->user.email, rq->ip, &attempt);
	if (t != 0) {
		refuse_attempt(rq, rs, t, rq->user.email, "TOTP disable");
		return;
	}
	int64_t step = totp_verify(rq->user.totp_secret, web_req_field(rq, "code"),
				   (int64_t)time(NULL), rq->user.totp_last_step);
	if (step < 0 || web_user_claim_totp_step(rq->db, rq->user.id, step) != 1) {
		web_req_audit(rq, "totp.disable_fail", rq->user.email, "");
		if (session_failed(rq, rs))
			return;
		account_page(rq, rs, NULL, T("The code is incorrect or has already been used."), NULL);
		return;
	}
	web_throttle_pass(rq->db, attempt);
	web_user_set_totp(rq->db, rq->user.id, "", 0, 0);
	rq->user.totp_enabled = 0;
	rq->user.totp_secret[0] = '\0';
	web_req_audit(rq, "totp.disable", rq->user.email, "");
	account_page(rq, rs, T("Two-step verification is off."), NULL, NULL);
}

static void page_token_create(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	const char *name = web_req_field(rq, "name");
	char token[WEB_HEX_LEN];
	if (!name || !*name || web_utf8_len(name) < 1 || web_utf8_len(name) > 64) {
		account_page(rq, rs, NULL, T("Give the token a name of at most 64 characters."), NULL);
		rs->status = 400;
		return;
	}
	int64_t id = web_apitoken_create(rq->db, rq->user.id, name, token);
	if (id < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "token %lld", (long long)id);
	web_req_audit(rq, "token.create", obj, name);
	account_page(rq, rs, NULL, NULL, token);
}

static void page_token_revoke(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	long id;
	const char *v = web_req_field(rq, "id");
	if (!v || util_parse_long(v, 1, 1L << 62, &id) < 0 ||
	    web_apitoken_revoke(rq->db, rq->user.id, id) != 1) {
		account_page(rq, rs, NULL, T("No such token."), NULL);
		rs->status = 404;
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "token %ld", id);
	web_req_audit(rq, "token.revoke", obj, "");
	web_resp_redirect(rs, "/account#tokens");
}

/* ---- Secretariat: users and invitations ---- */

static void users_page(struct web_req *rq, struct web_resp *rs, const char *error,
		       const char *invite_link)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 200;
	pages_begin(rq, b, T("Users"));
	if (error)
		notice(b, "error", error);
	if (invite_link)
		web_html(b, "<div class=\"notice ok\" role=\"status\"><p>%s</p><p><code id=\"invite-link\">%s</code></p></div>",
			 T("Invitation created. Send this link to the person; it expires in 10 days."),
			 invite_link);
	web_html(b, "<section class=\"card\"><h2>%s</h2><form method=\"post\" action=\"/admin/invite\" class=\"grid\">",
		 T("Invite a user"));
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"iemail\">%s</label><input id=\"iemail\" name=\"email\" "
		 "type=\"email\" maxlength=\"254\" required></div>"
		 "<div class=\"field\"><label for=\"irole\">%s</label><select id=\"irole\" name=\"role\">"
		 "<option value=\"focal_point\">%s</option><option value=\"expert\">%s</option>"
		 "<option value=\"observer\">%s</option><option value=\"stakeholder\">%s</option>"
		 "<option value=\"secretariat\">%s</option></select></div>"
		 "<div class=\"field\"><label for=\"istate\">%s</label><input id=\"istate\" name=\"state\" "
		 "maxlength=\"3\" pattern=\"[A-Za-z]{3}\"><p class=\"hint\">%s</p></div>"
		 "<div class=\"field check\"><input type=\"checkbox\" id=\"itotp\" name=\"totp_required\" value=\"1\">"
		 "<label for=\"itotp\">%s</label></div>"
		 "<button type=\"submit\">%s</button></form></section>\n",
		 T("E-mail address"), T("Role"), T("Focal point"), T("Governmental expert"),
		 T("Observer"), T("Stakeholder"), T("Secretariat"), T("State (ISO code)"),
		 T("Required for focal points, experts and observers."),
		 T("Require two-step verification"), T("Create invitation"));
	web_html(b, "<section class=\"card\"><h2>%s</h2><table><thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		 T("Accounts"), T("E-mail address"), T("Role"), T("State"),
		 T("Two-step verification"), T("Created"), T("Access"));
	struct store_stmt *st = store_prepare_cached(rq->db,
		"SELECT id, email, role, COALESCE(state, ''), totp_enabled, totp_required, created, "
		"disabled FROM users ORDER BY email");
	while (st && store_step(st) == STORE_ROW) {
		int req = (int)store_col_int(st, 5);
		web_html(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s",
			 store_col_text(st, 1), role_label(rq, web_role_parse(store_col_text(st, 2))),
			 store_col_text(st, 3), store_col_int(st, 4) ? T("On") : T("Off"));
		web_html(b, "<form method=\"post\" action=\"/admin/users/totp\" class=\"inline\">");
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><input type=\"hidden\" "
			 "name=\"required\" value=\"%d\"><button type=\"submit\" class=\"link\">%s</button>"
			 "</form></td><td>", (long long)store_col_int(st, 0), !req,
			 req ? T("Make optional") : T("Make mandatory"));
		i18n_put_date(b, rq->lang, store_col_text(st, 6));
		int off = (int)store_col_int(st, 7);
		web_html(b, "</td><td>%s<form method=\"post\" action=\"/admin/users/disable\" class=\"inline\">",
			 off ? T("Disabled") : "");
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><input type=\"hidden\" "
			 "name=\"disabled\" value=\"%d\"><button type=\"submit\" class=\"link\">%s</button>"
			 "</form></td></tr>\n", (long long)store_col_int(st, 0), !off,
			 off ? T("Enable") : T("Disable"));
	}
	store_finalize(st);
	web_html(b, "</tbody></table></section>\n");
	pages_end(rq, b);
}

static void page_users(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	users_page(rq, rs, NULL, NULL);
}

static void page_invite_create(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	const char *email = web_req_field(rq, "email"), *role = web_req_field(rq, "role");
	const char *state = web_req_field(rq, "state");
	int totp_req = web_req_field(rq, "totp_required") != NULL;
	enum web_role r = web_role_parse(role);
	char mail[256], code[4] = "", token[WEB_HEX_LEN], hash[WEB_HEX_LEN], now[32], exp[32];
	struct web_user existing;
	if (!email || util_strlcpy(mail, email, sizeof mail) < 0 || !strchr(mail, '@') ||
	    strpbrk(mail, " <>\"\t\r\n")) {
		users_page(rq, rs, T("Enter a valid e-mail address."), NULL);
		rs->status = 400;
		return;
	}
	web_ascii_lower(mail);
	if (r == ROLE_NONE) {
		users_page(rq, rs, T("Choose a role."), NULL);
		rs->status = 400;
		return;
	}
	if (web_role_has_state(r)) {
		if (!state || strlen(state) != 3) {
			users_page(rq, rs, T("Focal points, experts and observers need a State."), NULL);
			rs->status = 400;
			return;
		}
		for (int i = 0; i < 3; i++)
			code[i] = (char)(state[i] >= 'a' && state[i] <= 'z' ? state[i] - 32 : state[i]);
		if (count_query(rq, "SELECT COUNT(*) FROM parties WHERE code = ?", code) != 1) {
			users_page(rq, rs, T("Unknown State code."), NULL);
			rs->status = 400;
			return;
		}
	}
	if (web_user_by_email(rq->db, mail, &existing) == 1) {
		users_page(rq, rs, T("An account with this e-mail address already exists."), NULL);
		rs->status = 409;
		return;
	}
	web_token_new(token);
	web_token_hash(token, hash);
	time_t t = time(NULL);
	web_time_iso(t, now, sizeof now);
	web_time_iso(t + INVITE_DAYS * 86400L, exp, sizeof exp);
	struct store_stmt *st = store_prepare_cached(rq->db,
		"INSERT INTO invitations (token_hash, email, role, state, totp_required, invited_by, "
		"created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st) {
		pages_error(rq, rs, 503);
		return;
	}
	store_bind_text(st, 1, hash);
	store_bind_text(st, 2, mail);
	store_bind_text(st, 3, role);
	store_bind_text(st, 4, web_role_has_state(r) ? code : NULL);
	store_bind_int(st, 5, totp_req);
	store_bind_int(st, 6, rq->user.id);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, exp);
	int rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE) {
		pages_error(rq, rs, 503);
		return;
	}
	web_req_audit(rq, "invite.create", mail, role);
	/* The link is built from the Host header the Secretariat used. */
	const char *host = web_req_header(rq, "Host");
	struct buf link = { 0 };
	buf_printf(&link, "%s://%s/invite/%s", rq->secure || rq->cfg->secure_cookies ? "https" : "http",
		   host && !strpbrk(host, "\"<> /\\") ? host : "localhost", token);
	users_page(rq, rs, NULL, buf_str(&link));
	buf_free(&link);
}

static void page_user_totp(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	long id, req;
	const char *v = web_req_field(rq, "id"), *r = web_req_field(rq, "required");
	if (!v || !r || util_parse_long(v, 1, 1L << 62, &id) < 0 ||
	    util_parse_long(r, 0, 1, &req) < 0 || web_user_set_totp_required(rq->db, id, (int)req) < 0) {
		users_page(rq, rs, T("No such account."), NULL);
		rs->status = 404;
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "user %ld", id);
	web_req_audit(rq, req ? "user.totp_required" : "user.totp_optional", obj, "");
	web_resp_redirect(rs, "/admin/users");
}

/* Disabling ends the account's sessions and revokes its tokens and open
 * invitations (web_user_set_disabled); the Secretariat cannot lock itself
 * out this way. */
static void page_user_disable(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	long id, off;
	struct web_user u;
	const char *v = web_req_field(rq, "id"), *d = web_req_field(rq, "disabled");
	if (!v || !d || util_parse_long(v, 1, 1L << 62, &id) < 0 ||
	    util_parse_long(d, 0, 1, &off) < 0 || web_user_by_id(rq->db, id, &u) != 1) {
		users_page(rq, rs, T("No such account."), NULL);
		rs->status = 404;
		return;
	}
	if (u.id == rq->user.id) {
		users_page(rq, rs, T("You cannot disable your own account."), NULL);
		rs->status = 400;
		return;
	}
	if (web_user_set_disabled(rq->db, u.email, (int)off) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	web_req_audit(rq, off ? "user.disable" : "user.enable", u.email, "");
	web_resp_redirect(rs, "/admin/users");
}

static void page_audit(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	(void)rest;
	struct buf *b = &rs->body;
	pages_begin(rq, b, T("Audit log"));
	web_html(b, "<p>%s</p><table class=\"audit\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 T("The 200 most recent entries. The full log: revmech audit --db PATH."),
		 T("Time (UTC)"), T("Who"), T("From"), T("Action"), T("Object"), T("Detail"));
	struct store_stmt *st = store_prepare_cached(rq->db,
		"SELECT at, actor, ip, action, object, detail FROM audit_log ORDER BY id DESC LIMIT 200");
	while (st && store_step(st) == STORE_ROW)
		web_html(b, "<tr><td><time>%s</time></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			 store_col_text(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5));
	store_finalize(st);
	web_html(b, "</tbody></table>\n");
	pages_end(rq, b);
}

/* ---- invitation acceptance ---- */

struct invitation {
	int64_t id;
	char email[256], role[16], state[4];
	int totp_required;
};

static int invitation_find(struct web_req *rq, const char *token, struct invitation *inv)
{
	char hash[WEB_HEX_LEN], now[32];
	int found = 0;
	if (strlen(token) != WEB_HEX_LEN - 1)
		return 0;
	web_token_hash(token, hash);
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(rq->db,
		"SELECT id, email, role, COALESCE(state, ''), totp_required FROM invitations "
		"WHERE token_hash = ? AND used IS NULL AND expires > ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, hash);
	store_bind_text(st, 2, now);
	if (store_step(st) == STORE_ROW) {
		inv->id = store_col_int(st, 0);
		util_strlcpy(inv->email, store_col_text(st, 1), sizeof inv->email);
		util_strlcpy(inv->role, store_col_text(st, 2), sizeof inv->role);
		util_strlcpy(inv->state, store_col_text(st, 3), sizeof inv->state);
		inv->totp_required = (int)store_col_int(st, 4);
		found = 1;
	}
	store_finalize(st);
	return found;
}

static void invite_form(struct web_req *rq, struct web_resp *rs, const struct invitation *inv,
			const char *token, const char *error)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Create your account"));
	if (error)
		notice(b, "error", error);
	web_html(b, "<p>%s <strong>%s</strong></p><form method=\"post\" action=\"/invite/%s\" class=\"card narrow\">",
		 T("You have been invited to the Review Mechanism as"), inv->email, token);
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"password\">%s</label><input id=\"password\" "
		 "name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"12\" "
		 "maxlength=\"128\" required><p class=\"hint\">%s</p></div>"
		 "<div class=\"field\"><label for=\"password2\">%s</label><input id=\"password2\" "
		 "name=\"password2\" type=\"password\" autocomplete=\"new-password\" required></div>"
		 "<button type=\"submit\">%s</button></form>",
		 T("Choose a password"),
		 T("At least 12 characters. A passphrase of several words is easiest to remember."),
		 T("Repeat the password"), T("Create account"));
	pages_end(rq, b);
}

static void page_invite(struct web_req *rq, struct web_resp *rs, const char *token)
{
	struct invitation inv;
	if (invitation_find(rq, token, &inv) != 1) {
		pages_error(rq, rs, 410);
		return;
	}
	invite_form(rq, rs, &inv, token, NULL);
}

static void page_invite_post(struct web_req *rq, struct web_resp *rs, const char *token)
{
	struct invitation inv;
	char err[256];
	if (invitation_find(rq, token, &inv) != 1) {
		pages_error(rq, rs, 410);
		return;
	}
	const char *pw = web_req_field(rq, "password"), *pw2 = web_req_field(rq, "password2");
	if (!pw || !pw2 || strcmp(pw, pw2) != 0) {
		invite_form(rq, rs, &inv, token, T("The two passwords differ."));
		return;
	}
	if (web_password_policy(pw, inv.email, err, sizeof err) < 0) {
		invite_form(rq, rs, &inv, token, T(err));
		return;
	}
	if (store_begin(rq->db) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	int64_t id = web_user_create(rq->db, inv.email, inv.role, inv.state[0] ? inv.state : NULL,
				     pw, err, sizeof err);
	struct store_stmt *st = NULL;
	int ok = id > 0;
	if (ok) {
		char now[32];
		util_now_iso(now, sizeof now);
		st = store_prepare_cached(rq->db, "UPDATE invitations SET used = ? WHERE id = ? AND used IS NULL");
		ok = st != NULL;
		if (ok) {
			store_bind_text(st, 1, now);
			store_bind_int(st, 2, inv.id);
			ok = store_step(st) == STORE_DONE && store_changes(rq->db) == 1;
		}
		store_finalize(st);
		if (ok && inv.totp_required)
			ok = web_user_set_totp_required(rq->db, id, 1) == 0;
		if (ok)
			ok = web_user_set_lang(rq->db, id, rq->lang) == 0;
	}
	if (!ok || store_commit(rq->db) < 0) {
		store_rollback(rq->db);
		invite_form(rq, rs, &inv, token, T("The account could not be created. It may already exist."));
		return;
	}
	audit_log(rq->db, inv.email, rq->ip, "invite.accept", inv.email, inv.role);
	web_resp_redirect(rs, "/login");
}

/* ---- routing ---- */

enum need {
	NEED_PUBLIC,      /* anyone */
	NEED_MFA,         /* password given, TOTP code due */
	NEED_LOGIN,       /* a complete login */
	NEED_ENROL,       /* complete login; allowed while TOTP set-up is due */
	NEED_SECRETARIAT, /* complete login with the secretariat role */
};

struct route {
	const char *method;
	const char *path;  /* ends in '/' with prefix = 1: the rest is an argument */
	int prefix;
	enum need need;
	void (*fn)(struct web_req *, struct web_resp *, const char *rest);
};

static const struct route routes[] = {
	{ "GET", "/", 0, NEED_PUBLIC, page_home },
	{ "GET", "/login", 0, NEED_PUBLIC, page_login },
	{ "POST", "/login", 0, NEED_PUBLIC, page_login_post },
	{ "GET", "/login/totp", 0, NEED_MFA, page_totp },
	{ "POST", "/login/totp", 0, NEED_MFA, page_totp_post },
	{ "POST", "/logout", 0, NEED_PUBLIC, page_logout },
	{ "GET", "/dashboard", 0, NEED_LOGIN, page_dashboard },
	{ "GET", "/account", 0, NEED_ENROL, page_account },
	{ "POST", "/account/lang", 0, NEED_ENROL, page_account_lang },
	{ "POST", "/account/password", 0, NEED_ENROL, page_account_password },
	{ "POST", "/account/totp/start", 0, NEED_ENROL, page_totp_start },
	{ "POST", "/account/totp/enable", 0, NEED_ENROL, page_totp_enable },
	{ "POST", "/account/totp/disable", 0, NEED_LOGIN, page_totp_disable },
	{ "POST", "/account/tokens", 0, NEED_LOGIN, page_token_create },
	{ "POST", "/account/tokens/revoke", 0, NEED_LOGIN, page_token_revoke },
	{ "GET", "/admin/users", 0, NEED_SECRETARIAT, page_users },
	{ "POST", "/admin/invite", 0, NEED_SECRETARIAT, page_invite_create },
	{ "POST", "/admin/users/totp", 0, NEED_SECRETARIAT, page_user_totp },
	{ "POST", "/admin/users/disable", 0, NEED_SECRETARIAT, page_user_disable },
	{ "GET", "/admin/audit", 0, NEED_SECRETARIAT, page_audit },
	{ "GET", "/invite/", 1, NEED_PUBLIC, page_invite },
	{ "POST", "/invite/", 1, NEED_PUBLIC, page_invite_post },
};

int pages_dispatch(struct web_req *rq, struct web_resp *rs)
{
	const struct route *hit = NULL;
	const char *rest = "";
	int path_known = 0;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const struct route *r = &routes[i];
		size_t n = strlen(r->path);
		int match = r->prefix ? strncmp(rq->path, r->path, n) == 0 && rq->path[n] &&
					!strchr(rq->path + n, '/')
				      : strcmp(rq->path, r->path) == 0;
		if (!match)
			continue;
		path_known = 1;
		if (strcmp(rq->method, r->method) == 0) {
			hit = r;
			rest = r->prefix ? rq->path + n : "";
			break;
		}
	}
	if (!hit) {
		if (!path_known)
			return -1;
		pages_error(rq, rs, 405);
		return 0;
	}
	switch (hit->need) {
	case NEED_PUBLIC:
		break;
	case NEED_MFA:
		if (!rq->mfa_pending) {
			web_resp_redirect(rs, rq->authed ? "/dashboard" : "/login");
			return 0;
		}
		break;
	case NEED_LOGIN:
	case NEED_ENROL:
	case NEED_SECRETARIAT:
		if (!rq->authed) {
			web_resp_redirect(rs, rq->mfa_pending ? "/login/totp" : "/login");
			return 0;
		}
		if (hit->need != NEED_ENROL && rq->enrol_only) {
			web_resp_redirect(rs, "/account#totp");
			return 0;
		}
		if (hit->need == NEED_SECRETARIAT && rq->user.role != ROLE_SECRETARIAT) {
			web_req_audit(rq, "access.denied", rq->path, rq->method);
			pages_error(rq, rs, 403);
			return 0;
		}
		break;
	}
	hit->fn(rq, rs, rest);
	return 0;
}
