/* pages.c - what every page shares: the layout (header, menus, footer),
 * error pages, notices, labels, and the steps of a login that the public
 * and account pages both take.  Every dynamic value goes through
 * web_html()'s %s, which escapes. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "access/access.h"
#include "accounts/session.h"
#include "accounts/throttle.h"
#include "core/refdata.h"
#include "i18n/i18n.h"
#include "i18n/reltime.h"
#include "notify/notify.h"
#include "util/msg.h"
#include "util/util.h"

/* Wrong secrets (TOTP code, current password) a session may give before
 * it is ended (docs/web.md). */
#define SESSION_MAX_FAILS 5

const char *pages_t(const struct web_req *rq, const char *msgid)
{
	return i18n_get(rq->lang, msgid);
}

static void put_num(struct buf *b, const void *lang, long long n)
{
	i18n_put_number(b, lang, n);
}

const char *pages_derr(const struct web_req *rq, const char *err)
{
	static _Thread_local char out[4096];
	const struct msg_rec *m = msg_find(err);
	if (!m)
		return T(err ? err : "");
	struct buf b = { 0 };
	/* Each clause in its translation, in order (msg_append). */
	for (; m; m = m->next)
		msg_format(&b, T(m->msgid), m, put_num, rq->lang);
	util_strlcpy_utf8(out, buf_str(&b), sizeof out);
	buf_free(&b);
	return out;
}

void pages_csrf(const struct web_req *rq, struct buf *b)
{
	web_html(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", rq->csrf);
}

/* A label per role: a display choice, no decision. */
const char *pages_role_label(const struct web_req *rq, enum account_role r)
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

/* Name of a State in the page's language (party_names, UN short names;
 * the code itself for an unknown party). */
void pages_put_state_name(const struct web_req *rq, struct buf *b, const char *code)
{
	char name[256];
	if (refdata_state_name(rq->db, code, rq->lang, name, sizeof name) < 0)
		util_strlcpy(name, code, sizeof name);
	web_html(b, "%s", name);
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
		/* Display choice: the menu offers what the access module
		 * lets the user reach. */
		struct access_actor actor = web_req_actor(rq);
		if (access_allowed(&actor, ACCESS_ADMINISTER, NULL))
			web_html(b, "<li><a href=\"/admin/users\">%s</a></li>"
				 "<li><a href=\"/admin/audit\">%s</a></li>",
				 T("Users"), T("Audit log"));
		if (access_allowed(&actor, ACCESS_OVERVIEW_READ, NULL)) /* summ (issue 10) */
			web_html(b, "<li><a href=\"/overview\">%s</a></li>", T("Overview of the reviews"));
		/* notif (issue 9): one's own notifications, the unread counted. */
		struct access_object own = { .account = &rq->user };
		long long unread = rq->db && access_allowed(&actor, ACCESS_NOTIFICATIONS_OWN, &own)
			? notify_unread_upto(rq->db, rq->user.id, 100) : -1;
		if (unread >= 0) {
			web_html(b, "<li><a href=\"/notifications\">%s", T("Notifications"));
			if (unread > 0) {
				web_html(b, " <span class=\"count\" title=\"%s\">",
					 T("Unread notifications"));
				i18n_put_number(b, rq->lang, unread < 100 ? unread : 99);
				web_html(b, "%r</span>", unread < 100 ? "" : "+");
			}
			web_html(b, "</a></li>");
		}
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

void pages_notice(struct buf *b, const char *cls, const char *msg)
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
	case 429: title = T("Too many attempts"); msg = T("Too many attempts. Try again later."); break;
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

/* ---- login steps shared by the public and account pages ---- */

void pages_start_session(struct web_req *rq, struct web_resp *rs, const struct account *u,
			  int mfa_pending)
{
	char token[TOKEN_HEX_LEN];
	/* A fresh token at every login: no session fixation. */
	if (rq->mfa_pending || rq->authed)
		session_delete(rq->db, rq->ses.token_hash);
	if (session_create(rq->db, u->id, mfa_pending, rq->ip, rq->cfg->session_absolute,
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
void pages_refuse_attempt(struct web_req *rq, struct web_resp *rs, int wait,
			   const char *email, const char *what)
{
	char secs[24];
	web_req_audit(rq, "login.throttled", account_email_plausible(email) ? email
		      : "[not an e-mail address]", what);
	pages_error(rq, rs, 429);
	/* The real time to wait, in the page's language (issue 8). */
	buf_reset(&rs->body);
	pages_begin(rq, &rs->body, T("Too many attempts"));
	web_html(&rs->body, "<p id=\"wait\">%s ", T("Too many failed attempts. Next attempt possible:"));
	i18n_put_wait(&rs->body, rq->lang, wait > 0 ? wait : 1);
	web_html(&rs->body, "</p>\n<p><a href=\"/\">%s</a></p>\n", T("Return to the home page"));
	pages_end(rq, &rs->body);
	snprintf(secs, sizeof secs, "%d", wait > 0 ? wait : 1);
	web_resp_header(rs, "Retry-After", secs);
}

/* Counts a wrong secret given in this session; after SESSION_MAX_FAILS the
 * session ends and the answer is 429.  Returns 1 when it ended. */
int pages_session_failed(struct web_req *rq, struct web_resp *rs)
{
	int n = session_fail(rq->db, rq->ses.token_hash);
	if (n >= 0 && n < SESSION_MAX_FAILS)
		return 0;
	char secs[24];
	session_delete(rq->db, rq->ses.token_hash);
	web_req_audit(rq, "session.end", rq->user.email, "too many wrong secrets");
	/* The real time until the throttle lets the account try again from
	 * here, in the page's language (issue 8), not a fixed 15 minutes. */
	int wait = throttle_wait_now(rq->db, rq->user.email, rq->ip);
	if (wait < 1)
		wait = 1;
	pages_error(rq, rs, 429);
	buf_reset(&rs->body);
	pages_begin(rq, &rs->body, T("Too many attempts"));
	web_html(&rs->body, "<p>%s</p>\n<p id=\"wait\">%s ",
		 T("This session has ended after too many wrong codes or passwords."),
		 T("Too many failed attempts. Next attempt possible:"));
	i18n_put_wait(&rs->body, rq->lang, wait);
	web_html(&rs->body, "</p>\n<p><a href=\"/login\">%s</a></p>\n", T("Log in"));
	pages_end(rq, &rs->body);
	snprintf(secs, sizeof secs, "%d", wait);
	web_resp_header(rs, "Retry-After", secs);
	web_resp_cookie(rq, rs, "rm_session", "", 0);
	return 1;
}
