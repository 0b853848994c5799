/* pages_reviews.c - the dashboard: who is signed in, the Secretariat's
 * figures, and the country reviews the user may see (R26). */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "accounts/account.h"
#include "accounts/invitation.h"
#include "audit/audit.h"
#include "core/names.h"
#include "core/refdata.h"
#include "i18n/i18n.h"
#include "review/reviews.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "web/handlers.h"

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

struct row {
	json_t *r;
	char name[256];
};

static const char *row_name(const void *item)
{
	return ((const struct row *)item)->name;
}

static json_int_t row_year(const struct row *r)
{
	return json_integer_value(json_object_get(r->r, "year"));
}

static void state_name(struct web_req *rq, const char *code, char *out, size_t outlen)
{
	if (refdata_state_name(rq->db, code ? code : "", rq->lang, out, outlen) < 0)
		util_strlcpy(out, code ? code : "", outlen);
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
		web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "</tr></thead><tbody>\n",
			 T("Reviews of the current draw"), T("State under review"), T("Year"),
			 T("Reviewing States"), T("Your part"));
		/* Rows by year, then by the reviewed State's name in the page's
		 * language and collation; names in that language throughout. */
		size_t n = json_array_size(list);
		struct row *rows = xcalloc(n ? n : 1, sizeof *rows);
		for (size_t i = 0; i < n; i++) {
			rows[i].r = json_array_get(list, i);
			state_name(rq, json_string_value(json_object_get(rows[i].r, "reviewed")),
				   rows[i].name, sizeof rows[i].name);
		}
		if (names_sort(rq->lang, rows, n, sizeof *rows, row_name) < 0)
			fprintf(stderr, "revmech serve: collation failed for %s\n", rq->lang);
		/* Stable insertion by year keeps the collation order within it. */
		for (size_t i = 1; i < n; i++) {
			struct row t = rows[i];
			size_t k = i;
			for (; k > 0 && row_year(&rows[k - 1]) > row_year(&t); k--)
				rows[k] = rows[k - 1];
			rows[k] = t;
		}
		for (size_t i = 0; i < n; i++) {
			json_t *r = rows[i].r;
			json_int_t y = row_year(&rows[i]);
			const char *part = json_string_value(json_object_get(r, "my_part"));
			web_html(b, "<tr><td>%s</td><td>", rows[i].name);
			i18n_put_number(b, rq->lang, (long long)y);
			web_html(b, "</td><td>");
			json_t *rvs = json_object_get(r, "reviewers");
			for (size_t k = 0; k < json_array_size(rvs); k++) {
				char nm[256];
				state_name(rq, json_string_value(json_object_get(json_array_get(rvs, k),
										 "state")), nm, sizeof nm);
				web_html(b, "%r%s", k ? ", " : "", nm);
			}
			web_html(b, "</td><td>%s</td></tr>\n",
				 strcmp(part, "reviewed") == 0 ? T("State under review") :
				 strcmp(part, "reviewer") == 0 ? T("Reviewing State") : T("Secretariat"));
		}
		free(rows);
		web_html(b, "</tbody></table></div>\n");
	}
	web_html(b, "</section>\n");
}

static void stat_card(struct web_req *rq, struct buf *b, const char *label, long long n)
{
	if (n < 0)
		n = 0; /* a store error: the page still renders */
	web_html(b, "<div class=\"stat\"><span class=\"num\">");
	i18n_put_number(b, rq->lang, n);
	web_html(b, "</span><span class=\"label\">%s</span></div>", label);
}

void page_dashboard(struct web_req *rq, struct web_resp *rs)
{
	struct buf *b = &rs->body;
	char today[32];
	util_now_iso(today, sizeof today);
	pages_begin(rq, b, T("Dashboard"));
	web_html(b, "<p class=\"lead\">%s <strong>%s</strong> · %s",
		 T("Signed in as"), rq->user.email, pages_role_label(rq, rq->user.role));
	if (rq->user.state[0]) {
		web_html(b, " · ");
		pages_put_state_name(rq, b, rq->user.state);
	}
	web_html(b, " · <time datetime=\"%s\">", today);
	i18n_put_date(b, rq->lang, today);
	web_html(b, "</time></p>\n");
	if (!rq->user.totp_enabled)
		web_html(b, "<p class=\"notice\">%s <a href=\"/account#totp\">%s</a></p>\n",
			 T("Protect your account with two-step verification."), T("Set it up"));
	/* Display choices: the platform's figures for those who administer
	 * it, the reviews for those who may see them, the constructive
	 * dialogue for the others (stakeholders). */
	struct access_actor actor = web_req_actor(rq);
	if (access_allowed(&actor, ACCESS_ADMINISTER, NULL)) {
		char since[32];
		util_time_iso(time(NULL) - 86400, since, sizeof since);
		web_html(b, "<section class=\"stats\" aria-label=\"%s\">", T("Summary"));
		stat_card(rq, b, T("Accounts"), account_count(rq->db));
		stat_card(rq, b, T("Open invitations"), invitation_count_open(rq->db));
		stat_card(rq, b, T("States and organizations"), refdata_count_parties(rq->db));
		stat_card(rq, b, T("Audit entries in the last 24 hours"),
			  audit_count_since(rq->db, since));
		web_html(b, "</section>\n");
	}
	if (!access_allowed(&actor, ACCESS_REVIEWS_LIST, NULL)) {
		web_html(b, "<section class=\"card\"><h2>%s</h2><p>%s</p></section>\n",
			 T("Constructive dialogue"),
			 T("Relevant non-governmental organizations and other stakeholders take part "
			   "in the constructive dialogues on the margins of the working groups "
			   "(paragraph 53 of the procedures and rules)."));
	} else {
		reviews_table(rq, b);
	}
	web_html(b, "<p><a href=\"/programme\">%s</a></p>\n", T("Programme of country reviews"));
	pages_end(rq, b);
}
