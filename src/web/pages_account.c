/* pages_account.c - the signed-in user's own account: language, password,
 * two-step verification, personal API tokens. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "accounts/account.h"
#include "accounts/apitoken.h"
#include "accounts/profile.h"
#include "accounts/session.h"
#include "accounts/throttle.h"
#include "accounts/totp.h"
#include "i18n/i18n.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/qrsvg.h"

/* ---- account ---- */

/* The current password field of a sensitive form (token, TOTP on or off). */
static void put_current_password(struct web_req *rq, struct buf *b, const char *id)
{
	web_html(b, "<div class=\"field\"><label for=\"%s\">%s</label><input id=\"%s\" "
		 "name=\"current\" type=\"password\" autocomplete=\"current-password\" required></div>",
		 id, T("Current password"), id);
}

static void account_show(struct web_req *rq, struct web_resp *rs, const char *msg,
			 const char *error, const char *new_token);

/* Asks the current password again (throttle_reauth).  Returns 0 when it
 * was right; otherwise the answer is made (429, or the page with an error
 * and 403, or the session ended after too many wrong secrets) and 1. */
static int reauth(struct web_req *rq, struct web_resp *rs, const char *what)
{
	int t = throttle_reauth(rq->db, &rq->user, rq->ip, web_req_field(rq, "current"));
	if (t == 0)
		return 0;
	if (t != THROTTLE_WRONG) {
		pages_refuse_attempt(rq, rs, t, rq->user.email, what);
		return 1;
	}
	web_req_audit(rq, "user.password_fail", rq->user.email, what);
	if (pages_session_failed(rq, rs))
		return 1;
	account_show(rq, rs, NULL, T("The current password is incorrect."), NULL);
	rs->status = 403;
	return 1;
}

/* The profile form: what the person typed after a refusal (typed), else
 * what is stored. */
static void account_profile_section(struct web_req *rq, struct buf *b,
				    const struct account_profile *typed)
{
	struct account_profile stored;
	const struct account_profile *p = typed;
	if (!p) {
		if (profile_load(rq->db, rq->user.id, &stored) != 1)
			memset(&stored, 0, sizeof stored);
		p = &stored;
	}
	web_html(b, "<section class=\"card\" id=\"profile\"><h2>%s</h2>"
		 "<form method=\"post\" action=\"/account/profile\" class=\"grid\">", T("Profile"));
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"pname\">%s</label><input id=\"pname\" "
		 "name=\"name\" maxlength=\"%d\" autocomplete=\"name\" value=\"%s\"></div>"
		 "<div class=\"field\"><label for=\"ptitle\">%s</label><input id=\"ptitle\" "
		 "name=\"title\" maxlength=\"%d\" autocomplete=\"organization-title\" value=\"%s\"></div>"
		 "<div class=\"field\"><label for=\"porg\">%s</label><input id=\"porg\" "
		 "name=\"organisation\" maxlength=\"%d\" autocomplete=\"organization\" value=\"%s\"></div>"
		 "<div class=\"field\"><label for=\"pphone\">%s</label><input id=\"pphone\" "
		 "name=\"phone\" type=\"tel\" maxlength=\"%d\" autocomplete=\"tel\" value=\"%s\" "
		 "aria-describedby=\"pphone-hint\"><p class=\"hint\" id=\"pphone-hint\">%s</p></div>"
		 "<button type=\"submit\">%s</button></form></section>\n",
		 T("Name"), PROFILE_NAME_MAX, p->name, T("Title"), PROFILE_TITLE_MAX, p->title,
		 T("Organisation"), PROFILE_ORG_MAX, p->organisation, T("Phone"), PROFILE_PHONE_MAX,
		 p->phone, T("Digits, spaces and + - ( ) . / only."), T("Save"));
}

static void account_show_typed(struct web_req *rq, struct web_resp *rs, const char *msg,
			       const char *error, const char *new_token,
			       const struct account_profile *profile);

static void account_show(struct web_req *rq, struct web_resp *rs, const char *msg,
			 const char *error, const char *new_token)
{
	account_show_typed(rq, rs, msg, error, new_token, NULL);
}

static void account_show_typed(struct web_req *rq, struct web_resp *rs, const char *msg,
			       const char *error, const char *new_token,
			       const struct account_profile *profile)
{
	struct buf *b = &rs->body;
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	buf_reset(b);
	rs->status = 200;
	pages_begin(rq, b, T("My account"));
	if (msg)
		pages_notice(b, "ok", msg);
	if (error)
		pages_notice(b, "error", error);
	if (rq->user.totp_required && !rq->user.totp_enabled)
		pages_notice(b, "error", T("The Secretariat requires two-step verification for your account. Set it up to continue."));

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

	account_profile_section(rq, b, profile);

	/* Two-step verification. */
	web_html(b, "<section class=\"card\" id=\"totp\"><h2>%s</h2>", T("Two-step verification"));
	if (rq->user.totp_enabled) {
		web_html(b, "<p class=\"status-on\">%s</p>", T("Two-step verification is on."));
		/* Display choice: offered where the access module allows it. */
		struct access_actor actor = web_req_actor(rq);
		if (access_allowed(&actor, ACCESS_TOTP_DISABLE, NULL)) {
			web_html(b, "<form method=\"post\" action=\"/account/totp/disable\">");
			pages_csrf(rq, b);
			put_current_password(rq, b, "dcurrent");
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
		/* The same address as a QR code to scan, drawn by the server. */
		web_html(b, "<p class=\"qr\">");
		(void)qrsvg_put(b, buf_str(&uri), T("QR code of the set-up address"));
		web_html(b, "</p>");
		buf_free(&uri);
		web_html(b, "<form method=\"post\" action=\"/account/totp/enable\">");
		pages_csrf(rq, b);
		put_current_password(rq, b, "ecurrent");
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
		 "type=\"password\" autocomplete=\"new-password\" minlength=\"12\" maxlength=\"128\" required "
		 "aria-describedby=\"newpw-hint\"><p class=\"hint\" id=\"newpw-hint\">%s</p></div><button type=\"submit\">%s</button></form></section>\n",
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
	struct apitoken_info *toks = NULL;
	size_t ntoks = 0;
	(void)apitoken_list(rq->db, rq->user.id, &toks, &ntoks);
	if (ntoks)
		web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\"><span class=\"sr\">%s</span></th>"
			 "</tr></thead><tbody>",
			 T("Name"), T("Created"), T("Expires"), T("Actions"));
	for (size_t i = 0; i < ntoks; i++) {
		web_html(b, "<tr><td>%s</td><td>", toks[i].name);
		i18n_put_date(b, rq->lang, toks[i].created);
		web_html(b, "</td><td class=\"expires\">");
		i18n_put_date(b, rq->lang, toks[i].expires);
		web_html(b, "</td><td><form method=\"post\" action=\"/account/tokens/revoke\" class=\"inline\">");
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\">"
			 "<button type=\"submit\" class=\"secondary\">%s</button></form></td></tr>",
			 (long long)toks[i].id, T("Revoke"));
	}
	if (ntoks)
		web_html(b, "</tbody></table></div>");
	free(toks);
	web_html(b, "<form method=\"post\" action=\"/account/tokens\">");
	pages_csrf(rq, b);
	put_current_password(rq, b, "tcurrent");
	web_html(b, "<div class=\"field\"><label for=\"tname\">%s</label><input id=\"tname\" name=\"name\" "
		 "maxlength=\"64\" required></div>"
		 "<div class=\"field\"><label for=\"tdays\">%s</label><select id=\"tdays\" name=\"days\">"
		 "<option value=\"30\">%s</option><option value=\"90\" selected>%s</option>"
		 "<option value=\"180\">%s</option><option value=\"365\">%s</option></select></div>"
		 "<button type=\"submit\">%s</button></form></section>\n",
		 T("Token name"), T("Valid for"), T("30 days"), T("90 days"), T("180 days"),
		 T("One year"), T("Create token"));
	pages_end(rq, b);
}

void page_account(struct web_req *rq, struct web_resp *rs)
{
	const char *saved = web_req_query(rq, "saved");
	/* The notice after a change (post/redirect/get). */
	account_show(rq, rs, saved && !strcmp(saved, "profile") ? T("Your profile is saved.") : NULL,
		     NULL, NULL);
}

/* The message for a refused profile field, in the page's language. */
static const char *profile_error_text(struct web_req *rq, enum profile_field f,
				      enum profile_error e)
{
	switch (e) {
	case PROFILE_BAD_UTF8:
		return T("A field of the profile is not valid text (UTF-8).");
	case PROFILE_CONTROL:
		return T("A field of the profile contains a line break or another control character.");
	case PROFILE_BAD_PHONE:
		return T("The phone number may contain only digits, spaces and + - ( ) . /");
	case PROFILE_TOO_LONG:
		switch (f) {
		case PROFILE_NAME: return T("The name is longer than this field accepts.");
		case PROFILE_TITLE: return T("The title is longer than this field accepts.");
		case PROFILE_ORGANISATION: return T("The organisation is longer than this field accepts.");
		case PROFILE_PHONE: return T("The phone number is longer than this field accepts.");
		}
		break;
	case PROFILE_OK:
		break;
	}
	return "";
}

void page_account_profile(struct web_req *rq, struct web_resp *rs)
{
	struct account_profile p, typed;
	enum profile_field bad = PROFILE_NAME;
	const char *name = web_req_field(rq, "name"), *title = web_req_field(rq, "title"),
		   *org = web_req_field(rq, "organisation"), *phone = web_req_field(rq, "phone");
	enum profile_error e = profile_from_texts(&p, name, title, org, phone, &bad);
	if (e != PROFILE_OK) {
		/* Show back what was typed (escaped, cut to its field's size and
		 * to valid UTF-8) with the reason. */
		memset(&typed, 0, sizeof typed);
		util_strlcpy_utf8(typed.name, name ? name : "", sizeof typed.name);
		util_strlcpy_utf8(typed.title, title ? title : "", sizeof typed.title);
		util_strlcpy_utf8(typed.organisation, org ? org : "", sizeof typed.organisation);
		util_strlcpy_utf8(typed.phone, phone ? phone : "", sizeof typed.phone);
		if (e == PROFILE_BAD_UTF8) /* nothing invalid goes back into the page */
			memset(&typed, 0, sizeof typed);
		account_show_typed(rq, rs, NULL, profile_error_text(rq, bad, e), NULL, &typed);
		rs->status = 400;
		return;
	}
	if (profile_save(rq->db, rq->user.id, &p) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	web_req_audit(rq, "user.profile", rq->user.email, "");
	web_resp_redirect(rs, "/account?saved=profile");
}

void page_account_lang(struct web_req *rq, struct web_resp *rs)
{
	const struct i18n_lang *l = i18n_find(web_req_field(rq, "lang"));
	if (!l) {
		account_show(rq, rs, NULL, T("Choose one of the six languages."), NULL);
		rs->status = 400;
		return;
	}
	account_set_lang(rq->db, rq->user.id, l->code);
	web_req_audit(rq, "user.lang", rq->user.email, l->code);
	web_resp_cookie(rq, rs, "rm_lang", l->code, 365L * 86400);
	web_resp_redirect(rs, "/account");
}

void page_account_password(struct web_req *rq, struct web_resp *rs)
{
	struct account u;
	char err[256];
	const char *cur = web_req_field(rq, "current"), *pw = web_req_field(rq, "password");
	int64_t attempt;
	/* A stolen session must not become an unthrottled password oracle. */
	int t = throttle_check(rq->db, "password", rq->user.email, rq->ip, &attempt);
	if (t != 0) {
		pages_refuse_attempt(rq, rs, t, rq->user.email, "current password");
		return;
	}
	if (!cur || !pw || account_authenticate(rq->db, rq->user.email, cur, &u) != 1) {
		web_req_audit(rq, "user.password_fail", rq->user.email, "wrong current password");
		if (pages_session_failed(rq, rs))
			return;
		account_show(rq, rs, NULL, T("The current password is incorrect."), NULL);
		return;
	}
	throttle_pass(rq->db, attempt);
	if (account_password_policy(pw, rq->user.email, err, sizeof err) < 0) {
		account_show(rq, rs, NULL, T(err), NULL);
		return;
	}
	if (account_set_password(rq->db, rq->user.id, pw) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	/* Other sessions (a stolen cookie) and API tokens end with the old
	 * password. */
	session_delete_user(rq->db, rq->user.id);
	apitoken_revoke_user(rq->db, rq->user.id);
	pages_start_session(rq, rs, &rq->user, 0);
	web_req_audit(rq, "user.password", rq->user.email, "");
	web_resp_redirect(rs, "/account");
}

void page_totp_start(struct web_req *rq, struct web_resp *rs)
{
	char secret[TOTP_SECRET_B32];
	if (rq->user.totp_enabled) {
		web_resp_redirect(rs, "/account");
		return;
	}
	totp_secret_new(secret);
	account_set_totp(rq->db, rq->user.id, secret, 0, 0);
	web_req_audit(rq, "totp.start", rq->user.email, "");
	web_resp_redirect(rs, "/account#totp");
}

void page_totp_enable(struct web_req *rq, struct web_resp *rs)
{
	if (rq->user.totp_enabled || !rq->user.totp_secret[0]) {
		web_resp_redirect(rs, "/account");
		return;
	}
	if (reauth(rq, rs, "TOTP enable"))
		return;
	int64_t step = totp_verify(rq->user.totp_secret, web_req_field(rq, "code"),
				   (int64_t)time(NULL), 0);
	if (step < 0) {
		web_req_audit(rq, "totp.enable_fail", rq->user.email, "");
		account_show(rq, rs, NULL, T("The code is incorrect. Check the clock of your device and try again."), NULL);
		return;
	}
	account_set_totp(rq->db, rq->user.id, rq->user.totp_secret, 1, step);
	rq->user.totp_enabled = 1;
	/* Sessions opened without the code (a stolen cookie) end now; this
	 * one continues under a fresh token (issue 8, outside probe). */
	session_delete_user(rq->db, rq->user.id);
	pages_start_session(rq, rs, &rq->user, 0);
	if (rs->status != 200)
		return;
	/* The page below carries the new session's CSRF token. */
	util_strlcpy(rq->csrf, rq->ses.csrf, sizeof rq->csrf);
	web_req_audit(rq, "totp.enable", rq->user.email, "");
	account_show(rq, rs, T("Two-step verification is on."), NULL, NULL);
}

void page_totp_disable(struct web_req *rq, struct web_resp *rs)
{
	/* The route's rule (ACCESS_TOTP_DISABLE) refused a mandatory TOTP. */
	if (reauth(rq, rs, "TOTP disable"))
		return;
	int64_t attempt;
	int t = throttle_check(rq->db, "totp", rq->user.email, rq->ip, &attempt);
	if (t != 0) {
		pages_refuse_attempt(rq, rs, t, rq->user.email, "TOTP disable");
		return;
	}
	int64_t step = totp_verify(rq->user.totp_secret, web_req_field(rq, "code"),
				   (int64_t)time(NULL), rq->user.totp_last_step);
	if (step < 0 || account_claim_totp_step(rq->db, rq->user.id, step) != 1) {
		web_req_audit(rq, "totp.disable_fail", rq->user.email, "");
		if (pages_session_failed(rq, rs))
			return;
		account_show(rq, rs, NULL, T("The code is incorrect or has already been used."), NULL);
		return;
	}
	throttle_pass(rq->db, attempt);
	account_set_totp(rq->db, rq->user.id, "", 0, 0);
	rq->user.totp_enabled = 0;
	rq->user.totp_secret[0] = '\0';
	web_req_audit(rq, "totp.disable", rq->user.email, "");
	account_show(rq, rs, T("Two-step verification is off."), NULL, NULL);
}

void page_token_create(struct web_req *rq, struct web_resp *rs)
{
	const char *name = web_req_field(rq, "name");
	char token[TOKEN_HEX_LEN];
	if (!name || !*name || util_utf8_len(name) < 1 || util_utf8_len(name) > 64) {
		account_show(rq, rs, NULL, T("Give the token a name of at most 64 characters."), NULL);
		rs->status = 400;
		return;
	}
	if (reauth(rq, rs, "token create"))
		return;
	const char *dv = web_req_field(rq, "days");
	long days = APITOKEN_DAYS_DEFAULT;
	if (dv && util_parse_long(dv, 1, APITOKEN_DAYS_MAX, &days) < 0) {
		account_show(rq, rs, NULL, T("A token is valid for at most one year."), NULL);
		rs->status = 400;
		return;
	}
	int64_t id = apitoken_create(rq->db, rq->user.id, name, (int)days, token);
	if (id < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "token %lld", (long long)id);
	web_req_audit(rq, "token.create", obj, name);
	account_show(rq, rs, NULL, NULL, token);
}

void page_token_revoke(struct web_req *rq, struct web_resp *rs)
{
	long id;
	const char *v = web_req_field(rq, "id");
	if (!v || util_parse_long(v, 1, 1L << 62, &id) < 0 ||
	    apitoken_revoke(rq->db, rq->user.id, id) != 1) {
		account_show(rq, rs, NULL, T("No such token."), NULL);
		rs->status = 404;
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "token %ld", id);
	web_req_audit(rq, "token.revoke", obj, "");
	web_resp_redirect(rs, "/account#tokens");
}
