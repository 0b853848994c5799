/* pages_audit.c - the Secretariat's view of the audit log: entries newest
 * first, 50 a page, filtered by who, kind of action and dates, with the
 * actions named in the page's language and times in its date format (the
 * raw codes stay in the page for searching). */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "i18n/i18n.h"
#include "util/util.h"
#include "web/handlers.h"

#define AUDIT_PAGE 50

/* The label of each action the platform records (docs/web.md). */
static const struct {
	const char *code, *label;
} actions[] = {
	{ "login.ok", N_("Logged in") },
	{ "login.fail", N_("Failed login") },
	{ "login.password_ok", N_("Password accepted, code due") },
	{ "login.totp_fail", N_("Wrong two-step verification code") },
	{ "login.throttled", N_("Login refused after too many attempts") },
	{ "logout", N_("Logged out") },
	{ "csrf.reject", N_("Form refused (security token)") },
	{ "access.denied", N_("Access refused") },
	{ "user.create", N_("Account created") },
	{ "user.lang", N_("Language changed") },
	{ "user.password", N_("Password changed") },
	{ "user.password_fail", N_("Wrong current password") },
	{ "user.totp_required", N_("Two-step verification made mandatory") },
	{ "user.totp_optional", N_("Two-step verification made optional") },
	{ "user.disable", N_("Account disabled") },
	{ "user.enable", N_("Account enabled") },
	{ "session.end", N_("Session ended") },
	{ "totp.start", N_("Two-step verification set-up started") },
	{ "totp.enable", N_("Two-step verification turned on") },
	{ "totp.enable_fail", N_("Wrong code at set-up") },
	{ "totp.disable", N_("Two-step verification turned off") },
	{ "totp.disable_fail", N_("Wrong code to turn it off") },
	{ "token.create", N_("API token created") },
	{ "token.revoke", N_("API token revoked") },
	{ "invite.create", N_("Invitation created") },
	{ "invite.accept", N_("Invitation accepted") },
	{ "audit.suppressed", N_("Anonymous entries not recorded") },
};

/* The kinds of action the filter offers: a prefix of the codes. */
static const struct {
	const char *prefix, *label;
} kinds[] = {
	{ "login.", N_("Logins") },
	{ "session.", N_("Sessions") },
	{ "user.", N_("Accounts") },
	{ "invite.", N_("Invitations") },
	{ "totp.", N_("Two-step verification") },
	{ "token.", N_("Personal API tokens") },
	{ "access.", N_("Refused access") },
	{ "csrf.", N_("Refused forms") },
	{ "audit.", N_("Audit log") },
};

static const char *action_label(const struct web_req *rq, const char *code)
{
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].code, code) == 0)
			return T(actions[i].label);
	return NULL;
}

/* A filter value from the query, "" when absent or unusable. */
static const char *arg(struct web_req *rq, const char *key, size_t max)
{
	const char *v = web_req_query(rq, key);
	return v && strlen(v) <= max && util_utf8_len(v) >= 0 ? v : "";
}

/* The link to another page of the same filter. */
static void page_link(struct buf *b, const char *who, const char *kind, const char *from,
		      long page)
{
	buf_puts(b, "/admin/audit?who=");
	web_put_url(b, who);
	buf_puts(b, "&kind=");
	web_put_url(b, kind);
	buf_puts(b, "&from=");
	web_put_url(b, from);
	buf_printf(b, "&page=%ld", page);
}

void page_audit(struct web_req *rq, struct web_resp *rs)
{
	struct buf *b = &rs->body;
	const char *who = arg(rq, "who", 254), *kind = arg(rq, "kind", 16);
	const char *from = arg(rq, "from", 10), *pg = web_req_query(rq, "page");
	long page = 1;
	int bad_date = *from && !util_date_valid(from);
	if (pg && util_parse_long(pg, 1, 1000000, &page) < 0)
		page = 1;
	int kind_ok = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		kind_ok |= strcmp(kinds[i].prefix, kind) == 0;
	if (!kind_ok)
		kind = "";

	pages_begin(rq, b, T("Audit log"));
	if (bad_date)
		pages_notice(b, "error", T("Enter the date as YYYY-MM-DD."));
	web_html(b, "<form method=\"get\" action=\"/admin/audit\" class=\"card grid\">"
		 "<div class=\"field\"><label for=\"awho\">%s</label><input id=\"awho\" name=\"who\" "
		 "maxlength=\"254\" value=\"%s\"></div>"
		 "<div class=\"field\"><label for=\"akind\">%s</label><select id=\"akind\" name=\"kind\">"
		 "<option value=\"\">%s</option>",
		 T("Who (e-mail address)"), who, T("Kind of action"), T("All"));
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		web_html(b, "<option value=\"%s\"%r>%s</option>", kinds[i].prefix,
			 strcmp(kinds[i].prefix, kind) == 0 ? " selected" : "", T(kinds[i].label));
	web_html(b, "</select></div><div class=\"field\"><label for=\"afrom\">%s</label>"
		 "<input id=\"afrom\" name=\"from\" type=\"date\" value=\"%s\"></div>"
		 "<button type=\"submit\">%s</button></form>\n",
		 T("From date"), bad_date ? "" : from, T("Filter"));

	struct audit_filter f = { who, kind, bad_date ? NULL : from, NULL };
	struct audit_entry *e = NULL;
	size_t n = 0;
	long long total = 0;
	if (audit_search(rq->db, &f, (page - 1) * AUDIT_PAGE, AUDIT_PAGE, &e, &n, &total) < 0) {
		web_html(b, "<p>%s</p>", T("The service is temporarily unavailable."));
		pages_end(rq, b);
		return;
	}
	web_html(b, "<p>%s ", T("Entries found:"));
	i18n_put_number(b, rq->lang, total);
	web_html(b, ". %s</p>", T("The full log: revmech audit --db PATH."));
	if (n == 0) {
		web_html(b, "<p>%s</p>", T("No entries match."));
	} else {
		web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table class=\"audit\"><thead><tr>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "</tr></thead><tbody>",
			 T("Time (UTC)"), T("Who"), T("From"), T("Action"), T("Object"), T("Detail"));
		for (size_t i = 0; i < n; i++) {
			web_html(b, "<tr><td><time datetime=\"%s\">", e[i].at);
			i18n_put_date(b, rq->lang, e[i].at);
			/* HH:MM:SS of "YYYY-MM-DDTHH:MM:SSZ". */
			if (strlen(e[i].at) >= 19)
				web_html(b, " <span class=\"ltr\">%s</span>", e[i].at + 11);
			const char *label = action_label(rq, e[i].action);
			web_html(b, "</time></td><td class=\"ltr\">%s</td><td class=\"ltr\">%s</td><td>",
				 e[i].actor, e[i].ip);
			if (label)
				web_html(b, "%s <code>%s</code>", label, e[i].action);
			else
				web_html(b, "<code>%s</code>", e[i].action);
			web_html(b, "</td><td>%s</td><td>%s</td></tr>\n", e[i].object, e[i].detail);
		}
		web_html(b, "</tbody></table></div>\n");
	}
	audit_entries_free(e, n);
	long pages = (long)((total + AUDIT_PAGE - 1) / AUDIT_PAGE);
	if (pages > 1) {
		struct buf link = { 0 };
		web_html(b, "<nav class=\"pager\" aria-label=\"%s\"><ul>", T("Pages"));
		if (page > 1) {
			page_link(&link, who, kind, bad_date ? "" : from, page - 1);
			web_html(b, "<li><a rel=\"prev\" href=\"%s\">%s</a></li>", buf_str(&link),
				 T("Newer entries"));
		}
		web_html(b, "<li>");
		i18n_put_number(b, rq->lang, page);
		web_html(b, " / ");
		i18n_put_number(b, rq->lang, pages);
		web_html(b, "</li>");
		if (page < pages) {
			buf_reset(&link);
			page_link(&link, who, kind, bad_date ? "" : from, page + 1);
			web_html(b, "<li><a rel=\"next\" href=\"%s\">%s</a></li>", buf_str(&link),
				 T("Older entries"));
		}
		web_html(b, "</ul></nav>\n");
		buf_free(&link);
	}
	pages_end(rq, b);
}
