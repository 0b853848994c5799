/* pages_disclosures.c - the page of a review's disclosure choices (issue
 * 10; paras 37, 40, 41; R98-R103; docs/disclosure.md), moved out of
 * pages_summary.c: the log of the reviewed State's choices (whole scopes
 * or one item, R101), the Secretariat's publications under the State's
 * portal requests (R98), the focal point's form and the Secretariat's
 * form.  Post/redirect/get; an error renders the page again with the
 * reason.  Rules are access/'s (ACCESS_DISCLOSURE_*, ACCESS_PORTAL_PUBLISH);
 * the work is review/disclosure's. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "review/disclosure.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/sumctx.h"

static int load(struct web_req *rq, struct web_resp *rs, struct sumctx *c)
{
	int r = sumctx_load(rq->db, rq->param[0], NULL, c);
	if (r <= 0)
		pages_error(rq, rs, r < 0 ? 503 : 404);
	return r;
}

static int may(struct web_req *rq, const struct sumctx *c, enum access_action act)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = sumctx_object(rq, c, NULL, NULL);
	return access_allowed(&a, act, &o);
}

static void refuse(struct web_req *rq, struct web_resp *rs, const char *what)
{
	web_req_audit(rq, "access.denied", rq->log_path, what);
	pages_error(rq, rs, 403);
}

/* The HTTP status of a domain refusal of review/disclosure. */
static int status_of(int r)
{
	switch (r) {
	case DISCLOSURE_INVALID: return 400;
	case DISCLOSURE_NO_ITEM: case DISCLOSURE_NO_REQUEST: return 404;
	case DISCLOSURE_DRAFT: case DISCLOSURE_NOTHING: return 409;
	case DISCLOSURE_NOT_THEIRS: return 422;
	default: return 503;
	}
}

static const char *what_label(struct web_req *rq, const char *w)
{
	if (strcmp(w, "dialogue") == 0) return T("The dialogue");
	if (strcmp(w, "documents") == 0) return T("The documents of the answers");
	if (strcmp(w, "responses") == 0) return T("The submitted answers");
	return w;
}

static const char *choice_label(struct web_req *rq, const char *ch)
{
	if (strcmp(ch, "states") == 0) return T("Opened to all States parties");
	if (strcmp(ch, "public") == 0) return T("Disclosed publicly");
	if (strcmp(ch, "portal") == 0) return T("Secretariat asked to use it in the public portal");
	if (strcmp(ch, "withdraw") == 0) return T("Withdrawn");
	return ch;
}

/* The Secretariat's publications under the portal requests (R98). */
static void put_publications(struct web_req *rq, struct buf *b,
			     const struct disclosure_publication *p, size_t np)
{
	web_html(b, "<table id=\"publications\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead><tbody>", T("Published by the Secretariat in the public portal"),
		 T("When"), T("By"), T("Request"), T("Item"), T("In force"), T("Note"));
	for (size_t i = 0; i < np; i++) {
		web_html(b, "<tr data-request=\"%l\" data-item=\"%s\" data-in-force=\"%d\"><td>",
			 (long long)p[i].request, p[i].item, p[i].in_force);
		i18n_put_date(b, rq->lang, p[i].at);
		/* undo: ended by the Secretariat too; each links to its record
		 * and, for the Secretariat, its end (pages_portal.c). */
		web_html(b, "</td><td>%s</td><td>%l</td><td>%s</td><td>%s <a class=\"publication\" "
			 "href=\"/country/%u/disclosures/publications/%l\">%s</a></td><td>%s</td></tr>",
			 p[i].by, (long long)p[i].request,
			 p[i].item[0] ? p[i].item : T("All that was requested"),
			 p[i].in_force ? T("Yes") : p[i].end_id ? T("Ended by the Secretariat")
			 : T("Ended by the reviewed State"), rq->param[0], (long long)p[i].id,
			 T("Details"), p[i].note);
	}
	if (np == 0)
		web_html(b, "<tr><td colspan=\"6\">%s</td></tr>", T("Nothing published yet."));
	web_html(b, "</tbody></table>\n");
}

/* The focal point's form (ACCESS_DISCLOSURE_MAKE). */
static void put_choice_form(struct web_req *rq, struct buf *b, const struct sumctx *c)
{
	web_html(b, "<h2>%s</h2><form method=\"post\" id=\"disclosure-form\" "
		 "action=\"/country/%u/disclosures\">", T("Record a choice"), c->cr.reviewed);
	pages_csrf(rq, b);
	web_html(b, "<label>%s <select name=\"what\"><option value=\"dialogue\">%s</option>"
		 "<option value=\"documents\">%s</option><option value=\"responses\">%s"
		 "</option></select></label> ", T("What"), T("The dialogue"),
		 T("The documents of the answers"), T("The submitted answers"));
	web_html(b, "<label>%s <select name=\"phase\"><option value=\"0\">%s</option>",
		 T("Phase"), T("Every phase"));
	for (int p = 1; p <= 4; p++)
		web_html(b, "<option value=\"%d\">%d</option>", p, p);
	web_html(b, "</select></label> <label>%s <select name=\"instrument\"><option "
		 "value=\"\">%s</option><option value=\"untoc\">%s</option><option "
		 "value=\"tip\">%s</option><option value=\"som\">%s</option><option "
		 "value=\"firearms\">%s</option></select></label> ", T("Instrument"),
		 T("Every instrument"), T("Organized Crime Convention"),
		 T("Trafficking in Persons Protocol"), T("Smuggling of Migrants Protocol"),
		 T("Firearms Protocol"));
	web_html(b, "<label>%s <input name=\"item\" maxlength=\"39\"></label> <small>%s</small> ",
		 T("Item"), T("Empty: all of it. Else one item: the question id of an answer (with "
			      "its phase), the id of a document, or the number of a dialogue "
			      "thread."));
	/* disc2 (R101): one message of the dialogue alone. */
	web_html(b, "<small id=\"item-message-hint\">%s</small> ",
		 T("One message of the dialogue alone (with the dialogue): message: and its "
		   "number, as message:42."));
	web_html(b, "<label>%s <select name=\"choice\"><option value=\"states\">%s</option>"
		 "<option value=\"public\">%s</option><option value=\"portal\">%s</option>"
		 "<option value=\"withdraw\">%s</option></select></label> ", T("Choice"),
		 T("Opened to all States parties"), T("Disclosed publicly"),
		 T("Secretariat asked to use it in the public portal"), T("Withdrawn"));
	web_html(b, "<label>%s <input name=\"note\" maxlength=\"1000\"></label> "
		 "<button type=\"submit\">%s</button></form>\n", T("Note"), T("Record"));
}

/* The Secretariat's form (ACCESS_PORTAL_PUBLISH): the portal requests in
 * force of the log. */
static void put_publish_form(struct web_req *rq, struct buf *b, const struct sumctx *c,
			     const struct disclosure_entry *e, size_t n)
{
	int any = 0;
	for (size_t i = 0; i < n; i++)
		any |= strcmp(e[i].choice, "portal") == 0 && disclosure_in_force(e, n, i);
	web_html(b, "<h2>%s</h2>", T("Publish in the public portal"));
	if (!any) {
		web_html(b, "<p id=\"no-portal-request\">%s</p>",
			 T("The reviewed State has asked for nothing to be used in the public "
			   "portal."));
		return;
	}
	web_html(b, "<form method=\"post\" id=\"publish-form\" action=\"/country/%u/disclosures/"
		 "publications\">", c->cr.reviewed);
	pages_csrf(rq, b);
	web_html(b, "<label>%s <select name=\"request\">", T("Request"));
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].choice, "portal") == 0 && disclosure_in_force(e, n, i))
			web_html(b, "<option value=\"%l\">%l &middot; %s &middot; %d &middot; "
				 "%s %s</option>", (long long)e[i].id, (long long)e[i].id,
				 what_label(rq, e[i].what), e[i].phase, e[i].instrument, e[i].item);
	web_html(b, "</select></label> <label>%s <input name=\"item\" maxlength=\"39\"></label> "
		 "<small>%s</small> <label>%s <input name=\"note\" maxlength=\"1000\"></label> "
		 "<button type=\"submit\">%s</button></form>\n", T("Item"),
		 T("Empty: all that was requested. Else one item of it."), T("Note"), T("Publish"));
}

static void render(struct web_req *rq, struct web_resp *rs, const struct sumctx *c,
		   const char *note)
{
	struct buf *b = &rs->body;
	struct disclosure_entry *e = NULL;
	struct disclosure_publication *p = NULL;
	size_t n = 0, np = 0;
	if (disclosure_log(rq->db, c->cr.reviewed, &e, &n) < 0 ||
	    disclosure_publications(rq->db, c->cr.reviewed, &p, &np) < 0) {
		disclosure_log_free(e, n);
		pages_error(rq, rs, 503);
		return;
	}
	buf_reset(b);
	pages_begin(rq, b, T("Disclosure choices"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, c->cr.reviewed);
	web_html(b, " &middot; <a href=\"/country/%u\">%s</a> &middot; <a id=\"disclosed-link\" "
		 "href=\"/reviews/%u/disclosed\">%s</a></p>\n<p>%s</p>\n", c->cr.reviewed,
		 T("Country review"), c->cr.reviewed, T("Disclosed by the reviewed State"),
		 T("Only the reviewed State, through its focal point, may open its dialogue or "
		   "the documents of its answers to all States parties, disclose any part "
		   "publicly, or ask the Secretariat to use them in the public part of the "
		   "portal (paragraphs 37, 40 and 41). Every choice is kept with who made it "
		   "and when."));
	web_html(b, "<p>%s</p>\n", T("A request to use material in the public portal opens "
				     "nothing by itself: the Secretariat then publishes what it "
				     "selects of it, until the State withdraws the request."));
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("The choice was recorded."));
	if (web_req_query(rq, "published"))
		pages_notice(b, "ok", T("The publication was recorded."));
	if (note) /* a domain error in the page's language (util/msg.h) */
		pages_notice(b, "error", pages_derr(rq, note));
	web_html(b, "<table id=\"disclosures\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead><tbody>", T("Disclosure choices"), T("Number"), T("When"), T("By"),
		 T("What"), T("Phase"), T("Instrument"), T("Item"), T("Choice"), T("Note"));
	for (size_t i = 0; i < n; i++) {
		web_html(b, "<tr data-id=\"%l\" data-what=\"%s\" data-choice=\"%s\" "
			 "data-phase=\"%d\" data-instrument=\"%s\" data-item=\"%s\"><td>%l</td><td>",
			 (long long)e[i].id, e[i].what, e[i].choice, e[i].phase, e[i].instrument,
			 e[i].item, (long long)e[i].id);
		i18n_put_date(b, rq->lang, e[i].at);
		web_html(b, "</td><td>%s</td><td>%s</td><td>", e[i].by, what_label(rq, e[i].what));
		if (e[i].phase)
			i18n_put_number(b, rq->lang, e[i].phase);
		else
			web_html(b, "%s", T("Every phase"));
		web_html(b, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			 e[i].instrument[0] ? e[i].instrument : T("Every instrument"),
			 e[i].item[0] ? e[i].item : T("All of it"), choice_label(rq, e[i].choice),
			 e[i].note);
	}
	if (n == 0)
		web_html(b, "<tr><td colspan=\"9\">%s</td></tr>", T("No choice recorded."));
	web_html(b, "</tbody></table>\n");
	put_publications(rq, b, p, np);
	if (may(rq, c, ACCESS_DISCLOSURE_MAKE))
		put_choice_form(rq, b, c);
	if (may(rq, c, ACCESS_PORTAL_PUBLISH))
		put_publish_form(rq, b, c, e, n);
	disclosure_log_free(e, n);
	disclosure_publications_free(p, np);
	pages_end(rq, b);
}

void page_disclosures(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	if (load(rq, rs, &c) <= 0)
		return;
	if (!may(rq, &c, ACCESS_DISCLOSURE_READ)) {
		refuse(rq, rs, "disclosures page");
		return;
	}
	render(rq, rs, &c, NULL);
}

static const char *field(struct web_req *rq, const char *name)
{
	const char *v = web_req_field(rq, name);
	return v ? v : "";
}

/* disc3 (F1, F15; paras 40, 41): what the choice will do, to whom, in
 * the page's language. */
static const char *audience_text(struct web_req *rq, const char *ch)
{
	if (strcmp(ch, "states") == 0)
		return T("Every State party's people will read it in the secure module.");
	if (strcmp(ch, "public") == 0)
		return T("Anyone, without signing in, will read it on the public page of the "
			 "review.");
	if (strcmp(ch, "portal") == 0)
		return T("The Secretariat may then publish what it selects of it in the public "
			 "portal, for anyone to read.");
	return "";
}

/* disc3 (F1): the confirmation page of a choice, which writes nothing:
 * the scope, who will read it, then the same fields with confirm=1. */
static void confirm_choice(struct web_req *rq, struct web_resp *rs, const struct sumctx *c,
			   int phase)
{
	struct buf *b = &rs->body;
	const char *ch = field(rq, "choice"), *inst = field(rq, "instrument");
	const char *item = field(rq, "item");
	buf_reset(b);
	pages_begin(rq, b, T("Confirm the choice"));
	web_html(b, "<dl class=\"facts\" id=\"confirm-scope\"><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
		 "<dd>", T("What"), what_label(rq, field(rq, "what")), T("Phase"));
	if (phase > 0)
		i18n_put_number(b, rq->lang, phase);
	else
		web_html(b, "%s", T("Every phase"));
	web_html(b, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
		 "<dd id=\"confirm-choice\">%s</dd></dl>", T("Instrument"),
		 *inst ? inst : T("Every instrument"), T("Item"), *item ? item : T("All of it"),
		 T("Choice"), choice_label(rq, ch));
	if (strcmp(ch, "withdraw") == 0) {
		struct disclosure_entry *e = NULL, w;
		size_t n = 0;
		int ends = 0;
		memset(&w, 0, sizeof w);
		util_strlcpy(w.what, field(rq, "what"), sizeof w.what);
		w.phase = phase;
		util_strlcpy(w.instrument, inst, sizeof w.instrument);
		util_strlcpy(w.item, item, sizeof w.item);
		if (disclosure_log(rq->db, c->cr.reviewed, &e, &n) == 0)
			ends = disclosure_withdraw_count(e, n, &w);
		disclosure_log_free(e, n);
		web_html(b, "<p class=\"lead\" id=\"confirm-ends\" data-ends=\"%d\">%s ", ends,
			 T("Choices in force that this withdrawal ends, whatever their audience:"));
		i18n_put_number(b, rq->lang, ends);
		web_html(b, "</p>");
	} else {
		web_html(b, "<p class=\"lead\" id=\"confirm-audience\">%s</p><p id=\"confirm-"
			 "existing\">%s</p>", audience_text(rq, ch),
			 T("Only what exists now is opened: messages archived and answers "
			   "submitted later need a new choice. A withdrawal ends it later, but "
			   "what was read meanwhile may have been copied."));
	}
	web_html(b, "<form method=\"post\" id=\"confirm-form\" action=\"/country/%u/"
		 "disclosures\">", c->cr.reviewed);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"what\" value=\"%s\"><input type=\"hidden\" "
		 "name=\"phase\" value=\"%d\"><input type=\"hidden\" name=\"instrument\" "
		 "value=\"%s\"><input type=\"hidden\" name=\"item\" value=\"%s\"><input "
		 "type=\"hidden\" name=\"choice\" value=\"%s\"><input type=\"hidden\" "
		 "name=\"note\" value=\"%s\"><input type=\"hidden\" name=\"confirm\" value=\"1\">"
		 "<button type=\"submit\">%s</button> <a href=\"/country/%u/disclosures\">%s</a>"
		 "</form>\n", field(rq, "what"), phase, inst, item, ch, field(rq, "note"),
		 T("Confirm"), c->cr.reviewed, T("Cancel"));
	pages_end(rq, b);
}

void page_disclosures_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, &c) <= 0)
		return;
	if (!may(rq, &c, ACCESS_DISCLOSURE_MAKE)) {
		refuse(rq, rs, "disclosure");
		return;
	}
	long phase = 0;
	const char *ph = web_req_field(rq, "phase");
	if (ph && *ph && util_parse_long(ph, 0, 4, &phase) < 0)
		phase = -1;
	const char *item = web_req_field(rq, "item");
	int64_t id = 0;
	/* disc3 (F1): the first post shows what will open to whom and
	 * writes nothing; the write needs confirm=1. */
	int r;
	if (strcmp(field(rq, "confirm"), "1") != 0) {
		r = disclosure_record_check(rq->db, c.cr.reviewed, web_req_field(rq, "what"),
					    (int)phase, web_req_field(rq, "instrument"), item,
					    web_req_field(rq, "choice"), web_req_field(rq, "note"),
					    err, sizeof err);
		if (r == DISCLOSURE_OK) {
			confirm_choice(rq, rs, &c, (int)phase);
			return;
		}
		render(rq, rs, &c, err);
		rs->status = status_of(r);
		return;
	}
	r = disclosure_record_item(rq->db, c.cr.reviewed, web_req_field(rq, "what"),
				       (int)phase, web_req_field(rq, "instrument"), item,
				       web_req_field(rq, "choice"), web_req_field(rq, "note"),
				       rq->user.id, rq->user.email, &id, err, sizeof err);
	if (r == DISCLOSURE_OK) {
		char detail[160];
		snprintf(detail, sizeof detail, "%s %s phase %ld %s%s%s", web_req_field(rq, "what"),
			 web_req_field(rq, "choice"), phase,
			 web_req_field(rq, "instrument") && *web_req_field(rq, "instrument")
			 ? web_req_field(rq, "instrument") : "all", item && *item ? " item " : "",
			 item && *item ? item : "");
		web_req_audit(rq, "disclosure.record", c.cr.reviewed, detail);
		struct buf u = { 0 };
		web_html(&u, "/country/%u/disclosures?saved=1", c.cr.reviewed);
		web_resp_redirect(rs, buf_str(&u));
		buf_free(&u);
		return;
	}
	render(rq, rs, &c, err);
	rs->status = status_of(r);
}

void page_publications_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, &c) <= 0)
		return;
	if (!may(rq, &c, ACCESS_PORTAL_PUBLISH)) {
		refuse(rq, rs, "portal publication");
		return;
	}
	long req = 0;
	const char *rf = web_req_field(rq, "request");
	int64_t id = 0;
	int r = DISCLOSURE_NO_REQUEST;
	if (rf && util_parse_long(rf, 1, 999999999999L, &req) == 0 &&
	    strcmp(field(rq, "confirm"), "1") != 0) {
		/* disc3 (F16): the confirmation step, nothing written. */
		struct buf *b = &rs->body;
		const char *item = field(rq, "item");
		buf_reset(b);
		pages_begin(rq, b, T("Confirm the publication"));
		web_html(b, "<dl class=\"facts\" id=\"confirm-scope\"><dt>%s</dt><dd>%l</dd><dt>%s"
			 "</dt><dd>%s</dd></dl><p class=\"lead\" id=\"confirm-audience\">%s</p>",
			 T("Request"), (long long)req, T("Item"),
			 *item ? item : T("All that was requested"),
			 T("Anyone, without signing in, will read it on the public page of the "
			   "review."));
		web_html(b, "<form method=\"post\" id=\"confirm-form\" action=\"/country/%u/"
			 "disclosures/publications\">", c.cr.reviewed);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"request\" value=\"%l\"><input "
			 "type=\"hidden\" name=\"item\" value=\"%s\"><input type=\"hidden\" "
			 "name=\"note\" value=\"%s\"><input type=\"hidden\" name=\"confirm\" "
			 "value=\"1\"><button type=\"submit\">%s</button> <a href=\"/country/%u/"
			 "disclosures\">%s</a></form>\n", (long long)req, item, field(rq, "note"),
			 T("Confirm"), c.cr.reviewed, T("Cancel"));
		pages_end(rq, b);
		return;
	}
	if (rf && util_parse_long(rf, 1, 999999999999L, &req) == 0)
		r = disclosure_publish(rq->db, c.cr.reviewed, req, web_req_field(rq, "item"),
				       web_req_field(rq, "note"), rq->user.id, rq->user.email, &id,
				       err, sizeof err);
	else
		util_strlcpy(err, "no request of the reviewed State to use this in the public "
			     "portal is in force with that id", sizeof err);
	if (r == DISCLOSURE_OK) {
		char detail[96];
		snprintf(detail, sizeof detail, "request %ld %s", req,
			 web_req_field(rq, "item") && *web_req_field(rq, "item")
			 ? web_req_field(rq, "item") : "all");
		web_req_audit(rq, "disclosure.publish", c.cr.reviewed, detail);
		struct buf u = { 0 };
		web_html(&u, "/country/%u/disclosures?published=1", c.cr.reviewed);
		web_resp_redirect(rs, buf_str(&u));
		buf_free(&u);
		return;
	}
	render(rq, rs, &c, err);
	rs->status = status_of(r);
}
