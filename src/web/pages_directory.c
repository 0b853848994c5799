/* pages_directory.c - the form of /directory that changes a State's
 * setting for the directory (c44; issue 9; paras 18, 27; C44), and its
 * POST /directory/publicity, for the States that take part in no review
 * at the moment (the country page's people section has the same form for
 * those that do, web/pages_people.c).
 *
 * Handlers translate: review/publicity records; who may change which
 * State's setting is access/'s (ACCESS_DIRECTORY_PUBLICITY_SET with the
 * focal point named for the State and the reference of its written
 * request).  The form lists the States the actor may change: its own
 * State's (asked with its named focal point), or, for an account of no
 * State, each party asked with none named.  Post/redirect/get; an error
 * renders the directory again with the reason in the page's language,
 * status 400, and nothing changed. */
#include "web/pages_country.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "core/names.h"
#include "i18n/i18n.h"
#include "review/people.h"
#include "review/publicity.h"
#include "web/handlers.h"
#include "web/pages.h"

static struct access_decision decide(struct web_req *rq, const char *state, int64_t fp,
				     const char *ref)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = { .state = state, .focal_point_id = fp > 0 ? fp : 0,
				   .reference = ref };
	return access_check(&a, ACCESS_DIRECTORY_PUBLICITY_SET, &o);
}

void country_directory_form(struct web_req *rq, struct buf *b)
{
	struct names_entry *all = NULL;
	size_t n = 0, shown = 0;
	int need_ref = 0, cur = ACCESS_PUBLICITY_STATES;
	const char *own = rq->user.state;
	if (!rq->authed)
		return;
	if (own[0]) {
		int64_t fp = people_focal_point_id(rq->db, own);
		if (decide(rq, own, fp, "-").result != ACCESS_ALLOW)
			return;
		need_ref = decide(rq, own, fp, "").result != ACCESS_ALLOW;
	} else if (names_list_parties(rq->db, rq->lang, &all, &n) < 0) {
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (decide(rq, all[i].code, 0, "-").result == ACCESS_ALLOW) {
			need_ref |= decide(rq, all[i].code, 0, "").result != ACCESS_ALLOW;
			shown++;
		}
	if (!own[0] && !shown) {
		free(all);
		return;
	}
	web_html(b, "<section class=\"card\" id=\"directory-form\"><h2>%s</h2><form method=\"post\" "
		 "action=\"/directory/publicity\" class=\"grid\">", T("Save the directory setting"));
	pages_csrf(rq, b);
	if (own[0]) {
		struct publicity_entry p;
		if (publicity_get(rq->db, own, &p) >= 0)
			cur = p.publicity;
		web_html(b, "<input type=\"hidden\" name=\"state\" value=\"%s\"><p>", own);
		pages_put_state_name(rq, b, own);
		web_html(b, ": %s</p>", country_publicity_label(rq, cur));
	} else {
		web_html(b, "<div class=\"field\"><label for=\"dps\">%s</label><select id=\"dps\" "
			 "name=\"state\">", T("State"));
		for (size_t i = 0; i < n; i++)
			if (decide(rq, all[i].code, 0, "-").result == ACCESS_ALLOW)
				web_html(b, "<option value=\"%s\">%s</option>", all[i].code, all[i].name);
		web_html(b, "</select></div>");
	}
	web_html(b, "<div class=\"field\"><label for=\"dpp\">%s</label><select id=\"dpp\" "
		 "name=\"publicity\">", T("Who sees this State's focal point and experts in the directory"));
	for (int v = ACCESS_PUBLICITY_STATES; v <= ACCESS_PUBLICITY_PUBLIC; v++)
		web_html(b, "<option value=\"%s\"%r>%s</option>", publicity_name(v),
			 v == cur ? " selected" : "", country_publicity_label(rq, v));
	web_html(b, "</select></div><div class=\"field\"><label for=\"dpr\">%s</label><input "
		 "id=\"dpr\" name=\"reference\" maxlength=\"200\"%r></div><button type=\"submit\">%s"
		 "</button></form></section>\n", T("Reference of the State's written request"),
		 need_ref ? " required" : "", T("Save the directory setting"));
	free(all);
}

/* POST /directory/publicity: fields state, publicity, reference. */
void page_directory_publicity(struct web_req *rq, struct web_resp *rs)
{
	char err[512], detail[320];
	const char *state = web_req_field(rq, "state");
	const char *setting = web_req_field(rq, "publicity");
	const char *ref = web_req_field(rq, "reference");
	if (!state || strlen(state) != 3) {
		country_directory_render(rq, rs, T("No such State."), 400);
		return;
	}
	int64_t fp = people_focal_point_id(rq->db, state);
	struct access_decision d = decide(rq, state, fp, ref);
	if (d.result != ACCESS_ALLOW) {
		web_req_audit(rq, "access.denied", rq->log_path, d.reason);
		if (d.code && strcmp(d.code, "reference_required") == 0)
			country_directory_render(rq, rs,
						 T("Give the reference of the State's written request."), 400);
		else
			pages_error(rq, rs, 403);
		return;
	}
	if (publicity_set(rq->db, state, setting, ref, rq->user.id, rq->user.email, err,
			  sizeof err) < 0) {
		country_directory_render(rq, rs, err, 400);
		return;
	}
	snprintf(detail, sizeof detail, "%s%s%s", setting, ref && *ref ? " on request " : "",
		 ref && *ref ? ref : "");
	web_req_audit(rq, "directory.publicity", state, detail);
	web_resp_redirect(rs, "/directory?saved=1");
}
