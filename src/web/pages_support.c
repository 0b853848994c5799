/* pages_support.c - the reviewed State asks the Secretariat for support on
 * its draft responses, and ends the request (probe s8 F23; appendix B18
 * "Draft responses": the Secretariat sees them "on request (support)";
 * para 34).  While a request is in force the Secretariat reads the drafts
 * (access/, ACCESS_RESPONSE_READ with access_object.support_open);
 * otherwise the submitted responses only.  The section of the responses
 * page, its POST, and GET/POST /api/v1/reviews/{state}/phases/{n}/support.
 * Who may ask or end is access/'s ACCESS_RESPONSE_EDIT (the people who
 * write the drafts); the record is response/support.c's. */
#include "web/support.h"

#include <stdio.h>
#include <string.h>

#include "response/support.h"
#include "web/handlers.h"
#include "web/pages.h"

/* Who may ask: whoever may write the drafts (the reviewed State's named
 * focal point, its experts), before submission.  Who may end: the same
 * people, also after submission (the drafts in an answer's history close
 * to the Secretariat again), so the rule is asked of the drafts. */
static int may_change(struct web_req *rq, const struct respctx *c, const char *kind)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(c, NULL);
	if (kind && !strcmp(kind, "end"))
		o.submitted = 0;
	return access_allowed(&a, ACCESS_RESPONSE_EDIT, &o);
}

/* Who sees the request and its record: who reads the drafts while one is
 * in force (the reviewed State's people, the Secretariat). */
static int may_see(struct web_req *rq, const struct respctx *c)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(c, NULL);
	o.submitted = 0;
	o.support_open = 1;
	return access_allowed(&a, ACCESS_RESPONSE_READ, &o);
}

void support_section(struct web_req *rq, struct buf *b, const struct respctx *c)
{
	if (!may_see(rq, c))
		return;
	json_t *h = response_support_history(rq->db, c->rv.reviewed, c->rv.phase);
	web_html(b, "<section id=\"support\" data-open=\"%d\"><h2>%s</h2><p>%s</p>",
		 c->support_open, T("Support from the Secretariat"),
		 c->support_open ? T("A request for support is in force: the Secretariat reads the "
				     "draft answers until it is ended.")
		 : T("No request for support is in force: the Secretariat reads the answers only "
		     "once they are submitted."));
	size_t i;
	json_t *v;
	if (json_array_size(h)) {
		web_html(b, "<ul id=\"support-history\">");
		json_array_foreach(h, i, v)
			web_html(b, "<li data-kind=\"%s\">%s <time datetime=\"%s\">%s</time> %s: %s</li>",
				 json_string_value(json_object_get(v, "kind")),
				 !strcmp(json_string_value(json_object_get(v, "kind")), "ask")
				 ? T("Support asked") : T("Request ended"),
				 json_string_value(json_object_get(v, "at")),
				 json_string_value(json_object_get(v, "at")),
				 json_string_value(json_object_get(v, "by")),
				 json_string_value(json_object_get(v, "reason")));
		web_html(b, "</ul>");
	}
	json_decref(h);
	const char *kind = c->support_open ? "end" : "ask";
	if (may_change(rq, c, kind)) {
		web_html(b, "<form method=\"post\" id=\"support-form\" action=\"/reviews/%s/phases/%d/"
			 "support\">", c->rv.reviewed, c->rv.phase);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\"><label>%s <textarea "
			 "name=\"reason\" rows=\"2\" maxlength=\"1000\" required></textarea></label> "
			 "<button type=\"submit\">%s</button></form>", kind, T("Reason"),
			 c->support_open ? T("End the request for support")
			 : T("Ask the Secretariat for support on the drafts"));
	}
	web_html(b, "</section>");
}

/* -2 bad input 400, -4 nothing to end / already asked 409, else 503. */
static int status_of(int rc)
{
	return rc == -2 ? 400 : rc == -4 ? 409 : 503;
}

void page_support_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	const char *kind = web_req_field(rq, "kind");
	if (!may_change(rq, &c, kind)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	int rc = response_support_change(rq->db, c.rv.reviewed, c.rv.phase, kind,
					 web_req_field(rq, "reason"), rq->user.id, rq->user.email,
					 err, sizeof err);
	if (rc == 0) {
		web_req_audit(rq, !strcmp(kind, "ask") ? "response.support_ask"
			      : "response.support_end", c.rv.reviewed, rq->param[1]);
		char u[128];
		snprintf(u, sizeof u, "/reviews/%s/phases/%d/responses#support", c.rv.reviewed,
			 c.rv.phase);
		web_resp_redirect(rs, u);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = status_of(rc);
	pages_begin(rq, b, T("Nothing was recorded"));
	pages_notice(b, "error", pages_derr(rq, err));
	const char *reason = web_req_field(rq, "reason");
	web_html(b, "<pre id=\"yours\">%s</pre><p><a href=\"/reviews/%s/phases/%d/responses#"
		 "support\">%s</a></p>", reason ? reason : "", c.rv.reviewed, c.rv.phase,
		 T("Back to the questionnaire"));
	pages_end(rq, b);
out:
	respctx_free(&c);
}

static json_t *state_json(struct web_req *rq, const struct respctx *c, int open)
{
	json_t *h = response_support_history(rq->db, c->rv.reviewed, c->rv.phase);
	return h ? json_pack("{s:s,s:i,s:b,s:o}", "reviewed", c->rv.reviewed, "phase",
			     c->rv.phase, "open", open, "history", h) : NULL;
}

void api_support_get(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (!may_see(rq, &c)) {
		struct access_actor a = web_req_actor(rq);
		struct access_object o = respctx_object(&c, NULL);
		o.submitted = 0;
		o.support_open = 1;
		respctx_api_refuse(rq, rs, access_check(&a, ACCESS_RESPONSE_READ, &o));
		goto out;
	}
	json_t *j = state_json(rq, &c, c.support_open);
	if (j)
		web_resp_json(rs, 200, j);
	else
		web_resp_json_error(rs, 503, "unavailable", "the requests could not be read");
out:
	respctx_free(&c);
}

void api_support_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	json_t *in = NULL;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, 0, NULL);
	const char *kind = json_string_value(json_object_get(in, "kind"));
	if (!may_change(rq, &c, kind)) {
		struct access_actor a = web_req_actor(rq);
		struct access_object o = respctx_object(&c, NULL);
		if (kind && !strcmp(kind, "end"))
			o.submitted = 0;
		respctx_api_refuse(rq, rs, access_check(&a, ACCESS_RESPONSE_EDIT, &o));
		goto out;
	}
	int rc = response_support_change(rq->db, c.rv.reviewed, c.rv.phase, kind,
					 json_string_value(json_object_get(in, "reason")),
					 rq->user.id, rq->user.email, err, sizeof err);
	if (rc == 0) {
		web_req_audit(rq, !strcmp(kind, "ask") ? "response.support_ask"
			      : "response.support_end", c.rv.reviewed, rq->param[1]);
		json_t *j = state_json(rq, &c, !strcmp(kind, "ask"));
		if (j)
			web_resp_json(rs, 201, j);
		else
			web_resp_json_error(rs, 503, "unavailable", "the requests could not be read");
	} else {
		web_resp_json_error(rs, status_of(rc), rc == -2 ? "bad_request" : rc == -4
				    ? "conflict" : "unavailable", err);
	}
out:
	json_decref(in);
	respctx_free(&c);
}
