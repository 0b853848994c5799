/* pages_confirm.c - the confirmation steps of two actions that cannot be
 * taken back (probe s8 F2, F9): submitting the responses (para 34) and
 * uploading a progress report to the public part (B18, R104).  Each page
 * says what the action does, writes nothing and sends the same fields
 * again with confirm=1.  The decisions stay access/'s and the work the
 * domain's: the POST handlers ask them before showing these pages. */
#include "web/confirm.h"

#include <string.h>

#include "response/response.h"
#include "web/pages.h"

int confirm_given(const struct web_req *rq)
{
	const char *v = web_req_field(rq, "confirm");
	return v && !strcmp(v, "1");
}

void confirm_submit_page(struct web_req *rq, struct web_resp *rs, const struct respctx *c)
{
	struct buf *b = &rs->body;
	json_t *left = response_unanswered(rq->db, &c->rv, &c->qs);
	if (!left) {
		pages_error(rq, rs, 503);
		return;
	}
	buf_reset(b);
	pages_begin(rq, b, T("Submit the responses?"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, c->rv.reviewed);
	web_html(b, " &middot; %s %d</p>", T("Phase"), c->rv.phase);
	/* What the code does on submission (response/submit.c, access/):
	 * the answers leave the drafts for good. */
	web_html(b, "<div id=\"confirm-submit\"><p class=\"lead\">%s</p><ul><li>%s</li><li>%s</li>"
		 "<li>%s</li></ul></div>",
		 T("Submitting communicates the responses of this phase. It cannot be undone."),
		 T("The answers and their documents become readable by the reviewing States, the "
		   "Secretariat and the people of every State party in the secure module."),
		 T("No one can change the answers any more: the questionnaire of this phase is "
		   "closed to edits once submitted."),
		 T("The reviewing States, the Secretariat and your focal point are notified."));
	size_t i;
	json_t *v;
	if (json_array_size(left)) {
		pages_notice(b, "error", T("Some questions that apply are not answered yet. Every "
					   "one must be answered before the responses can be "
					   "submitted."));
		web_html(b, "<h2>%s</h2><ul id=\"unanswered\">", T("Questions not answered"));
		json_array_foreach(left, i, v)
			web_html(b, "<li><a href=\"/reviews/%s/phases/%d/responses#%s\">%s</a></li>",
				 c->rv.reviewed, c->rv.phase,
				 json_string_value(json_object_get(v, "question")),
				 json_string_value(json_object_get(v, "question")));
		web_html(b, "</ul><p><a href=\"/reviews/%s/phases/%d/responses\">%s</a></p>",
			 c->rv.reviewed, c->rv.phase, T("Back to the questionnaire"));
	} else {
		web_html(b, "<p id=\"unanswered-none\">%s</p><form method=\"post\" id=\"confirm-form\" "
			 "action=\"/reviews/%s/phases/%d/submit\">",
			 T("Every question that applies is answered."), c->rv.reviewed, c->rv.phase);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button "
			 "type=\"submit\" id=\"submit-confirm\">%s</button> <a href=\"/reviews/%s/"
			 "phases/%d/responses\">%s</a></form>", T("Submit the responses"),
			 c->rv.reviewed, c->rv.phase, T("Cancel"));
	}
	pages_end(rq, b);
	json_decref(left);
}

void confirm_report_public_page(struct web_req *rq, struct web_resp *rs,
				const struct listctx *x, json_t *report)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Upload the progress report to the public part?"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, x->lr.reviewed);
	web_html(b, " &middot; <a href=\"/reviews/%s/phases/%d/followup\">%s</a></p>\n",
		 x->lr.reviewed, x->lr.phase, T("Follow-up"));
	/* undo (R103): the withdrawal exists; the upload stays on record. */
	web_html(b, "<div id=\"confirm-public\"><p class=\"lead\">%s</p><p>%s</p></div>",
		 T("Once uploaded, the report is public at once: anyone, signed in or not, reads it."),
		 T("You may withdraw it from the public part later (Withdraw from the public "
		   "part, on the follow-up page), but whoever read it meanwhile has read it, and "
		   "the upload and the withdrawal stay on record with who and when."));
	const char *body = report ? json_string_value(json_object_get(report, "body"))
		: web_req_field(rq, "body");
	web_html(b, "<blockquote id=\"confirm-report\">%s</blockquote><form method=\"post\" "
		 "id=\"confirm-form\" action=\"/reviews/%s/phases/%d/followup\">", body ? body : "",
		 x->lr.reviewed, x->lr.phase);
	pages_csrf(rq, b);
	if (report) {
		web_html(b, "<input type=\"hidden\" name=\"what\" value=\"public\"><input "
			 "type=\"hidden\" name=\"report\" value=\"%l\">",
			 (long long)json_integer_value(json_object_get(report, "id")));
	} else {
		const char *cm = web_req_field(rq, "communicated");
		web_html(b, "<input type=\"hidden\" name=\"what\" value=\"report\"><input "
			 "type=\"hidden\" name=\"body\" value=\"%s\"><input type=\"hidden\" "
			 "name=\"communicated\" value=\"%s\"><input type=\"hidden\" name=\"public\" "
			 "value=\"1\">", body ? body : "", cm && !strcmp(cm, "1") ? "1" : "0");
	}
	web_html(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button type=\"submit\" "
		 "id=\"public-confirm\">%s</button> <a href=\"/reviews/%s/phases/%d/followup\">%s"
		 "</a></form>", T("Upload to the public part"), x->lr.reviewed, x->lr.phase,
		 T("Cancel"));
	pages_end(rq, b);
}
