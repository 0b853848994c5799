/* pages_admin.c - the Secretariat's pages: accounts and invitations, and
 * the audit log. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "accounts/account.h"
#include "accounts/invitation.h"
#include "accounts/invite_csv.h"
#include "accounts/profile.h"
#include "accounts/totp_reset.h"
#include "audit/audit.h"
#include "i18n/i18n.h"
#include "mail/notice.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "web/handlers.h"

/* The reset of someone's TOTP (issue 8), offered where the access module
 * allows it and there is something to reset. */
static void admin_totp_reset_form(struct web_req *rq, struct buf *b, const struct account *u)
{
	struct access_actor actor = web_req_actor(rq);
	struct access_object target = { .account = u };
	if (!u->totp_enabled || !access_allowed(&actor, ACCESS_TOTP_RESET, &target))
		return;
	web_html(b, "<form method=\"post\" action=\"/admin/users/totp-reset\" class=\"inline\">");
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><button type=\"submit\" "
		 "class=\"link\">%s</button></form>", (long long)u->id, T("Reset"));
}

/* The notice after a change (post/redirect/get: ?done=WHAT). */
static void admin_done_notice(struct web_req *rq, struct buf *b)
{
	const char *done = web_req_query(rq, "done"), *nv = web_req_query(rq, "n");
	long n;
	static const struct { const char *code, *msgid; } msgs[] = {
		{ "invited", N_("Invitation created and e-mailed.") },
		{ "resent", N_("Invitation sent again with a new link; the old link no longer works.") },
		{ "revoked", N_("The invitation is revoked: its link no longer works.") },
		{ "disabled", N_("The account is disabled: its sessions, API tokens and open invitations have ended.") },
		{ "enabled", N_("The account can log in again.") },
		{ "totp_required", N_("Two-step verification is now mandatory for the account.") },
		{ "totp_optional", N_("Two-step verification is now optional for the account.") },
		{ "totp_reset", N_("The account's two-step verification is reset and its owner e-mailed.") },
	};
	if (!done)
		return;
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (!strcmp(done, msgs[i].code))
			web_html(b, "<p class=\"notice ok\" role=\"status\" id=\"done\">%s</p>\n",
				 T(msgs[i].msgid));
	if (!strcmp(done, "csv") && nv && util_parse_long(nv, 1, 1000000, &n) == 0) {
		web_html(b, "<p class=\"notice ok\" role=\"status\" id=\"done\">%s ",
			 T("Invitations created and e-mailed:"));
		i18n_put_number(b, rq->lang, n);
		web_html(b, "</p>\n");
	}
}

static void admin_users_page_list(struct web_req *rq, struct web_resp *rs, const char *error,
				  const char *invite_link, const char *error_lines);

static void admin_users_page(struct web_req *rq, struct web_resp *rs, const char *error,
		       const char *invite_link)
{
	admin_users_page_list(rq, rs, error, invite_link, NULL);
}

/* The users page; error_lines (plain text, one problem a line: a refused
 * CSV file) is shown under the error. */
static void admin_users_page_list(struct web_req *rq, struct web_resp *rs, const char *error,
				  const char *invite_link, const char *error_lines)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 200;
	pages_begin(rq, b, T("Users"));
	/* After a validation error the form keeps what was typed (escaped). */
	const char *typed_email = error ? web_req_field(rq, "email") : NULL;
	const char *typed_state = error ? web_req_field(rq, "state") : NULL;
	/* Cut to valid UTF-8 of the field's size: the page stays valid text. */
	char typed_name[4 * PROFILE_NAME_MAX + 1] = "", typed_org[4 * PROFILE_ORG_MAX + 1] = "";
	if (error) {
		const char *n = web_req_field(rq, "name"), *o = web_req_field(rq, "organisation");
		if (n && util_utf8_len(n) >= 0)
			util_strlcpy_utf8(typed_name, n, sizeof typed_name);
		if (o && util_utf8_len(o) >= 0)
			util_strlcpy_utf8(typed_org, o, sizeof typed_org);
	}
	if (!typed_email)
		typed_email = "";
	if (!typed_state)
		typed_state = "";
	if (error)
		pages_notice(b, "error", error);
	if (error_lines)
		web_html(b, "<pre class=\"errors\" id=\"csv-errors\" dir=\"ltr\">%s</pre>\n", error_lines);
	admin_done_notice(rq, b);
	if (invite_link)
		web_html(b, "<div class=\"notice ok\" role=\"status\"><p>%s</p><p><code id=\"invite-link\">%s</code></p></div>",
			 T("Invitation created. Send this link to the person; it expires in 10 days."),
			 invite_link);
	web_html(b, "<section class=\"card\"><h2>%s</h2><form method=\"post\" action=\"/admin/invite\" class=\"grid\">",
		 T("Invite a user"));
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"iemail\">%s</label><input id=\"iemail\" name=\"email\" "
		 "type=\"email\" maxlength=\"254\" value=\"%s\" required></div>"
		 "<div class=\"field\"><label for=\"irole\">%s</label><select id=\"irole\" name=\"role\">"
		 "<option value=\"focal_point\">%s</option><option value=\"expert\">%s</option>"
		 "<option value=\"observer\">%s</option><option value=\"stakeholder\">%s</option>"
		 "<option value=\"secretariat\">%s</option></select></div>"
		 "<div class=\"field\"><label for=\"istate\">%s</label><input id=\"istate\" name=\"state\" "
		 "maxlength=\"3\" pattern=\"[A-Za-z]{3}\" value=\"%s\" aria-describedby=\"istate-hint\">"
		 "<p class=\"hint\" id=\"istate-hint\">%s</p></div>"
		 "<div class=\"field\"><label for=\"iname\">%s</label><input id=\"iname\" name=\"name\" "
		 "maxlength=\"128\" value=\"%s\"></div>"
		 "<div class=\"field\"><label for=\"iorg\">%s</label><input id=\"iorg\" name=\"organisation\" "
		 "maxlength=\"128\" value=\"%s\"></div>"
		 "<div class=\"field check\"><input type=\"checkbox\" id=\"itotp\" name=\"totp_required\" value=\"1\">"
		 "<label for=\"itotp\">%s</label></div>"
		 "<button type=\"submit\">%s</button></form></section>\n",
		 T("E-mail address"), typed_email, T("Role"), T("Focal point"), T("Governmental expert"),
		 T("Observer"), T("Stakeholder"), T("Secretariat"), T("State (ISO code)"), typed_state,
		 T("Required for focal points, experts and observers."),
		 T("Name"), typed_name, T("Organisation"), typed_org,
		 T("Require two-step verification"), T("Create invitation"));
	/* Bulk invitations: a file input posts multipart/form-data. */
	web_html(b, "<section class=\"card\" id=\"invite-csv\"><h2>%s</h2><form method=\"post\" "
		 "action=\"/admin/invite/csv\" enctype=\"multipart/form-data\">", T("Invite from a CSV file"));
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"icsv\">%s</label><input id=\"icsv\" name=\"file\" "
		 "type=\"file\" accept=\".csv,text/csv\" required aria-describedby=\"icsv-hint\">"
		 "<p class=\"hint\" id=\"icsv-hint\">%s <code dir=\"ltr\">email,role,state,instruments,name,organisation,language</code></p></div>"
		 "<button type=\"submit\">%s</button></form></section>\n",
		 T("CSV file (UTF-8)"),
		 T("One line per person under a header line naming the columns; email and role are required. Nothing is created if any line is wrong."),
		 T("Create the invitations"));
	web_html(b, "<section class=\"card\"><h2>%s</h2><div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 T("Accounts"), T("E-mail address"), T("Role"), T("State"),
		 T("Two-step verification"), T("Created"), T("Access"), T("Name"), T("Organisation"));
	struct account *users = NULL;
	size_t nusers = 0;
	(void)account_list(rq->db, ACCOUNT_BY_EMAIL, &users, &nusers);
	struct access_actor actor = web_req_actor(rq);
	for (size_t i = 0; i < nusers; i++) {
		const struct account *u = &users[i];
		int req = u->totp_required;
		web_html(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s",
			 u->email, pages_role_label(rq, u->role), u->state,
			 u->totp_enabled ? T("On") : T("Off"));
		web_html(b, "<form method=\"post\" action=\"/admin/users/totp\" class=\"inline\">");
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><input type=\"hidden\" "
			 "name=\"required\" value=\"%d\"><button type=\"submit\" class=\"link\">%s</button>"
			 "</form></td><td>", (long long)u->id, !req,
			 req ? T("Make optional") : T("Make mandatory"));
		admin_totp_reset_form(rq, b, u);
		i18n_put_date(b, rq->lang, u->created);
		int off = u->disabled;
		struct access_object target = { .account = u };
		web_html(b, "</td><td>%s", off ? T("Disabled") : "");
		/* No button for what the access module would refuse (one's own
		 * account): a display choice, the POST is checked again. */
		if (access_allowed(&actor, ACCESS_ACCOUNT_DISABLE, &target)) {
			web_html(b, "<form method=\"post\" action=\"/admin/users/disable\" class=\"inline\">");
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><input type=\"hidden\" "
				 "name=\"disabled\" value=\"%d\"><button type=\"submit\" class=\"link\">%s</button>"
				 "</form>", (long long)u->id, !off, off ? T("Enable") : T("Disable"));
		}
		/* Who the person is (profile), after the columns that decide. */
		struct account_profile prof;
		if (profile_load(rq->db, u->id, &prof) != 1)
			memset(&prof, 0, sizeof prof);
		web_html(b, "</td><td class=\"pname\">%s", prof.name);
		if (prof.title[0])
			web_html(b, "<br><small>%s</small>", prof.title);
		web_html(b, "</td><td>%s", prof.organisation);
		if (prof.phone[0])
			web_html(b, "<br><small dir=\"ltr\">%s</small>", prof.phone);
		web_html(b, "</td></tr>\n");
	}
	free(users);
	web_html(b, "</tbody></table></div></section>\n");
	struct invitation *invs = NULL;
	size_t ninv = 0;
	(void)invitation_list_open(rq->db, &invs, &ninv);
	web_html(b, "<section class=\"card\"><h2>%s</h2>", T("Pending invitations"));
	if (ninv) {
		web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table id=\"pending\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead><tbody>",
			 T("E-mail address"), T("Role"), T("State"), T("Expires"), T("Access"), T("Name"));
		for (size_t i = 0; i < ninv; i++) {
			web_html(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", invs[i].email,
				 pages_role_label(rq, account_role_parse(invs[i].role)), invs[i].state);
			i18n_put_date(b, rq->lang, invs[i].expires);
			web_html(b, "</td><td><form method=\"post\" action=\"/admin/invite/revoke\" class=\"inline\">");
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><button type=\"submit\" "
				 "class=\"link\">%s</button></form>", (long long)invs[i].id, T("Revoke"));
			web_html(b, "<form method=\"post\" action=\"/admin/invite/resend\" class=\"inline\">");
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><button type=\"submit\" "
				 "class=\"link\">%s</button></form></td><td>%s", (long long)invs[i].id, T("Resend"),
				 invs[i].name);
			if (invs[i].organisation[0])
				web_html(b, "<br><small>%s</small>", invs[i].organisation);
			web_html(b, "</td></tr>\n");
		}
		web_html(b, "</tbody></table></div>");
	} else {
		web_html(b, "<p>%s</p>", T("No pending invitations."));
	}
	free(invs);
	web_html(b, "</section>\n");
	pages_end(rq, b);
}

/* After an invitation is created or resent the page shows its link once
 * (for a person whose mail does not arrive): the POST leaves the token in
 * a short-lived cookie (HttpOnly, SameSite=Strict) and redirects; this
 * page shows the link while the invitation is open and drops the cookie,
 * so a reload neither posts again nor shows it again. */
#define INVITE_FLASH "rm_invite"

static void flash_invite(struct web_req *rq, struct web_resp *rs, const char *token,
			 const char *done)
{
	char where[64];
	web_resp_cookie(rq, rs, INVITE_FLASH, token, 300);
	snprintf(where, sizeof where, "/admin/users?done=%s", done);
	web_resp_redirect(rs, where);
}

void page_users(struct web_req *rq, struct web_resp *rs)
{
	const char *tok = web_req_cookie(rq, INVITE_FLASH);
	struct invitation inv;
	struct buf link = { 0 };
	if (tok) {
		web_resp_cookie(rq, rs, INVITE_FLASH, "", 0);
		if (invitation_find(rq->db, tok, &inv) == 1)
			buf_printf(&link, "%s/invite/%s", rq->cfg->base_url, tok);
	}
	admin_users_page(rq, rs, NULL, link.len ? buf_str(&link) : NULL);
	buf_free(&link);
}

/* Invitations from an uploaded CSV file (accounts/invite_csv.c): all or
 * none; the refused file's problems are listed as "line N, column X". */
void page_invite_csv(struct web_req *rq, struct web_resp *rs)
{
	const char *file = web_req_field(rq, "file");
	struct buf errors = { 0 };
	char where[64];
	if (!file || !*file) {
		admin_users_page(rq, rs, T("Choose a CSV file."), NULL);
		rs->status = 400;
		return;
	}
	long n = invite_csv_import(rq->db, file, strlen(file), rq->lang, rq->cfg->base_url,
				   rq->user.id, &errors);
	if (n < 0) {
		buf_free(&errors);
		pages_error(rq, rs, 503);
		return;
	}
	if (n == 0) {
		admin_users_page_list(rq, rs, T("Nothing was created. Correct the file and upload it again:"),
				      NULL, buf_str(&errors));
		buf_free(&errors);
		rs->status = 400;
		return;
	}
	snprintf(where, sizeof where, "%ld invitations", n);
	web_req_audit(rq, "invite.csv", where, "from a CSV file");
	buf_free(&errors);
	snprintf(where, sizeof where, "/admin/users?done=csv&n=%ld", n);
	web_resp_redirect(rs, where);
}

/* The invitation e-mail (mail/notice.c), in the language of the page the
 * Secretariat wrote it in (the invitee has no account, hence no language,
 * yet). */
static int queue_invitation_mail(struct web_req *rq, const char *mail, const char *role,
				 const char *link)
{
	return notice_invitation(rq->db, mail, rq->lang, role, link);
}

void page_invite_create(struct web_req *rq, struct web_resp *rs)
{
	const char *role = web_req_field(rq, "role");
	char mail[256] = "", token[TOKEN_HEX_LEN];
	struct buf link = { 0 };
	if (store_begin(rq->db) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	struct invitation_spec spec = {
		.email = web_req_field(rq, "email"), .role = role, .state = web_req_field(rq, "state"),
		.name = web_req_field(rq, "name"), .organisation = web_req_field(rq, "organisation"),
		.lang = NULL, .totp_required = web_req_field(rq, "totp_required") != NULL,
	};
	enum invitation_error e = invitation_create_spec(rq->db, &spec, 0, rq->user.id, token, mail);
	const char *msg = NULL;
	int status = 400;
	switch (e) {
	case INVITE_OK: break;
	case INVITE_BAD_EMAIL: msg = T("Enter a valid e-mail address."); break;
	case INVITE_BAD_ROLE: msg = T("Choose a role."); break;
	case INVITE_NEED_STATE: msg = T("Focal points, experts and observers need a State."); break;
	case INVITE_UNKNOWN_STATE: msg = T("Unknown State code."); break;
	case INVITE_EXISTS:
		msg = T("An account with this e-mail address already exists.");
		status = 409;
		break;
	case INVITE_BAD_NAME: msg = T("The name must be valid text of at most 128 characters, on one line."); break;
	case INVITE_BAD_ORGANISATION: msg = T("The organisation must be valid text of at most 128 characters, on one line."); break;
	case INVITE_BAD_LANG: break;
	case INVITE_PENDING: break;
	case INVITE_BAD_INSTRUMENTS: break;
	case INVITE_STORE: break;
	case INVITE_NOT_FOUND: break;
	}
	if (msg) {
		store_rollback(rq->db);
		admin_users_page(rq, rs, msg, NULL);
		rs->status = status;
		return;
	}
	/* The link is built from the configured public address (--base-url),
	 * never from the request's Host header, which the client chooses.
	 * The invitation and its e-mail commit together or not at all. */
	buf_printf(&link, "%s/invite/%s", rq->cfg->base_url, token);
	if (e != INVITE_OK || queue_invitation_mail(rq, mail, role, buf_str(&link)) < 0 ||
	    store_commit(rq->db) < 0) {
		store_rollback(rq->db);
		buf_free(&link);
		pages_error(rq, rs, 503);
		return;
	}
	web_req_audit(rq, "invite.create", mail, role);
	buf_free(&link);
	flash_invite(rq, rs, token, "invited");
}

void page_invite_resend(struct web_req *rq, struct web_resp *rs)
{
	long id;
	char token[TOKEN_HEX_LEN];
	struct invitation inv;
	struct buf link = { 0 };
	const char *v = web_req_field(rq, "id");
	if (!v || util_parse_long(v, 1, 1L << 62, &id) < 0) {
		admin_users_page(rq, rs, T("No such pending invitation."), NULL);
		rs->status = 404;
		return;
	}
	if (store_begin(rq->db) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	enum invitation_error e = invitation_resend(rq->db, id, rq->user.id, token, &inv);
	if (e == INVITE_NOT_FOUND) {
		store_rollback(rq->db);
		admin_users_page(rq, rs, T("No such pending invitation."), NULL);
		rs->status = 404;
		return;
	}
	/* New token, old one dead, new e-mail: one transaction. */
	buf_printf(&link, "%s/invite/%s", rq->cfg->base_url, token);
	if (e != INVITE_OK || queue_invitation_mail(rq, inv.email, inv.role, buf_str(&link)) < 0 ||
	    store_commit(rq->db) < 0) {
		store_rollback(rq->db);
		buf_free(&link);
		pages_error(rq, rs, 503);
		return;
	}
	web_req_audit(rq, "invite.resend", inv.email, inv.role);
	buf_free(&link);
	flash_invite(rq, rs, token, "resent");
}

void page_invite_revoke(struct web_req *rq, struct web_resp *rs)
{
	long id;
	char mail[256] = "";
	const char *v = web_req_field(rq, "id");
	int r = v && util_parse_long(v, 1, 1L << 62, &id) == 0 ? invitation_revoke(rq->db, id, mail, sizeof mail) : 0;
	if (r < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	if (r == 0) {
		admin_users_page(rq, rs, T("No such pending invitation."), NULL);
		rs->status = 404;
		return;
	}
	web_req_audit(rq, "invite.revoke", mail, "");
	/* post/redirect/get: a reload does not post again. */
	web_resp_redirect(rs, "/admin/users?done=revoked");
}

void page_user_totp(struct web_req *rq, struct web_resp *rs)
{
	long id, req;
	const char *v = web_req_field(rq, "id"), *r = web_req_field(rq, "required");
	if (!v || !r || util_parse_long(v, 1, 1L << 62, &id) < 0 ||
	    util_parse_long(r, 0, 1, &req) < 0 || account_set_totp_required(rq->db, id, (int)req) < 0) {
		admin_users_page(rq, rs, T("No such account."), NULL);
		rs->status = 404;
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "user %ld", id);
	web_req_audit(rq, req ? "user.totp_required" : "user.totp_optional", obj, "");
	web_resp_redirect(rs, req ? "/admin/users?done=totp_required" : "/admin/users?done=totp_optional");
}

/* The confirmation step before a disabling (a form, no script): what it
 * ends, and a button that posts again with confirm=1. */
static void disable_confirm_page(struct web_req *rq, struct web_resp *rs, const struct account *u)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 200;
	pages_begin(rq, b, T("Disable this account?"));
	web_html(b, "<p>%s <strong id=\"confirm-email\">%s</strong></p><p>%s</p>"
		 "<form method=\"post\" action=\"/admin/users/disable\" class=\"card narrow\">",
		 T("Account:"), u->email,
		 T("Its logins are refused, its sessions end at once, its API tokens and open invitations are revoked. Enabling it later restores the logins only."));
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\"><input type=\"hidden\" "
		 "name=\"disabled\" value=\"1\"><input type=\"hidden\" name=\"confirm\" value=\"1\">"
		 "<button type=\"submit\" class=\"danger\">%s</button> <a href=\"/admin/users\">%s</a></form>",
		 (long long)u->id, T("Disable the account"), T("Cancel"));
	pages_end(rq, b);
}

/* Disabling ends the account's sessions and revokes its tokens and open
 * invitations (account_set_disabled), after a confirmation; the
 * Secretariat cannot lock itself out this way. */
void page_user_disable(struct web_req *rq, struct web_resp *rs)
{
	long id, off;
	struct account u;
	const char *v = web_req_field(rq, "id"), *d = web_req_field(rq, "disabled");
	if (!v || !d || util_parse_long(v, 1, 1L << 62, &id) < 0 ||
	    util_parse_long(d, 0, 1, &off) < 0 || account_by_id(rq->db, id, &u) != 1) {
		admin_users_page(rq, rs, T("No such account."), NULL);
		rs->status = 404;
		return;
	}
	struct access_actor actor = web_req_actor(rq);
	struct access_object target = { .account = &u };
	if (!access_allowed(&actor, ACCESS_ACCOUNT_DISABLE, &target)) {
		admin_users_page(rq, rs, T("You cannot disable your own account."), NULL);
		rs->status = 400;
		return;
	}
	const char *confirm = web_req_field(rq, "confirm");
	if (off && !(confirm && !strcmp(confirm, "1"))) {
		disable_confirm_page(rq, rs, &u);
		return;
	}
	if (account_set_disabled(rq->db, u.email, (int)off) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	web_req_audit(rq, off ? "user.disable" : "user.enable", u.email, "");
	web_resp_redirect(rs, off ? "/admin/users?done=disabled" : "/admin/users?done=enabled");
}

/* Clears the account's TOTP and ends its sessions (account_reset_totp);
 * audited, and the owner is told (account_notice_totp_reset). */
void page_user_totp_reset(struct web_req *rq, struct web_resp *rs)
{
	long id;
	struct account u;
	const char *v = web_req_field(rq, "id");
	if (!v || util_parse_long(v, 1, 1L << 62, &id) < 0 || account_by_id(rq->db, id, &u) != 1) {
		admin_users_page(rq, rs, T("No such account."), NULL);
		rs->status = 404;
		return;
	}
	struct access_actor actor = web_req_actor(rq);
	struct access_object target = { .account = &u };
	if (!access_allowed(&actor, ACCESS_TOTP_RESET, &target)) {
		admin_users_page(rq, rs, T("Turn off your own two-step verification on your account page."), NULL);
		rs->status = 400;
		return;
	}
	/* Audited and the owner e-mailed in the same transaction. */
	if (account_reset_totp(rq->db, u.email, rq->user.email, rq->ip, &u) != 1) {
		pages_error(rq, rs, 503);
		return;
	}
	web_resp_redirect(rs, "/admin/users?done=totp_reset");
}
