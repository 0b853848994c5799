/* pages_portal.c - undoing a publication, from the pages (issue 10, gap
 * "undoing"; paras 37, 41; R98, R99, R103, R104, R118; docs/disclosure.md):
 *   GET  /country/{state}/disclosures/publications/{id}       one publication
 *        and its end, for the participants (ACCESS_DISCLOSURE_READ)
 *   GET|POST /country/{state}/disclosures/publications/{id}/end   the
 *        Secretariat ends it, with a reason (ACCESS_PORTAL_PUBLISH)
 *   GET|POST /reviews/{state}/phases/{n}/followup/reports/{id}/withdraw
 *        the focal point withdraws a progress report from the public part,
 *        with a reason (ACCESS_FOLLOWUP_EDIT)
 * Each write goes through a confirmation step: the form, then a page that
 * says what will change and asks again (confirm=1), then the write and a
 * redirect.  A refusal renders the form again with the reason and what was
 * typed (nothing lost).  Rules are access/'s, the work review/disclosure's
 * and findings/followup's. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/followup.h"
#include "i18n/i18n.h"
#include "review/disclosure.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/listctx.h"
#include "web/sumctx.h"

/* ---- the Secretariat ends a publication ---- */

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

/* The number in the URL, 0 when it is none (the domain then says "no
 * such ..." in its own words). */
static int64_t url_id(const char *text)
{
	long v = 0;
	return util_parse_long(text, 1, 999999999999L, &v) == 0 ? v : 0;
}

static const char *field(struct web_req *rq, const char *name)
{
	const char *v = web_req_field(rq, name);
	return v ? v : "";
}

/* The HTTP status of a refusal of review/disclosure. */
static int disclosure_status(int r)
{
	switch (r) {
	case DISCLOSURE_INVALID: return 400;
	case DISCLOSURE_NO_PUBLICATION: return 404;
	case DISCLOSURE_ENDED: return 409;
	default: return 503;
	}
}

/* Loads publication id of c's State into *p (of the array *all, *n). */
static int find_publication(struct web_req *rq, const struct sumctx *c, int64_t id,
			    struct disclosure_publication **all, size_t *n,
			    const struct disclosure_publication **p)
{
	*p = NULL;
	if (disclosure_publications(rq->db, c->cr.reviewed, all, n) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if ((*all)[i].id == id)
			*p = &(*all)[i];
	return 0;
}

static void put_publication(struct web_req *rq, struct buf *b,
			    const struct disclosure_publication *p)
{
	web_html(b, "<dl class=\"facts\" id=\"publication\" data-id=\"%l\" data-in-force=\"%d\" "
		 "data-ended=\"%d\"><dt>%s</dt><dd>%l</dd><dt>%s</dt><dd>%l</dd><dt>%s</dt>"
		 "<dd>%s</dd><dt>%s</dt><dd>", (long long)p->id, p->in_force, p->end_id != 0,
		 T("Number"), (long long)p->id, T("Request"), (long long)p->request, T("Item"),
		 p->item[0] ? p->item : T("All that was requested"), T("Phase"));
	if (p->phase)
		i18n_put_number(b, rq->lang, p->phase);
	else
		web_html(b, "%s", T("Every phase"));
	web_html(b, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
		 T("Instrument"), p->instrument[0] ? p->instrument : T("Every instrument"),
		 T("Published"));
	i18n_put_date(b, rq->lang, p->at);
	web_html(b, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		 T("By"), p->by, T("Note"), p->note, T("In force"),
		 p->in_force ? T("Yes") : p->end_id ? T("Ended by the Secretariat")
						    : T("Ended by the reviewed State"));
	if (p->end_id) {
		web_html(b, "<dt>%s</dt><dd id=\"ended-at\">", T("Ended"));
		i18n_put_date(b, rq->lang, p->ended_at);
		web_html(b, "</dd><dt>%s</dt><dd id=\"ended-by\">%s</dd><dt>%s</dt>"
			 "<dd id=\"end-reason\">%s</dd>", T("By"), p->ended_by, T("Reason"),
			 p->end_note);
	}
	web_html(b, "</dl>\n");
}

static void begin(struct web_req *rq, struct buf *b, const struct sumctx *c, const char *title)
{
	buf_reset(b);
	pages_begin(rq, b, title);
	web_html(b, "<p>");
	pages_put_state_name(rq, b, c->cr.reviewed);
	web_html(b, " &middot; <a href=\"/country/%u/disclosures\">%s</a></p>\n", c->cr.reviewed,
		 T("Disclosure choices"));
}

void page_publication(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	struct disclosure_publication *all = NULL;
	const struct disclosure_publication *p;
	size_t n = 0;
	if (load(rq, rs, &c) <= 0)
		return;
	if (!may(rq, &c, ACCESS_DISCLOSURE_READ)) {
		refuse(rq, rs, "portal publication");
		return;
	}
	int fr = find_publication(rq, &c, url_id(rq->param[1]), &all, &n, &p);
	if (fr < 0 || !p) {
		pages_error(rq, rs, fr < 0 ? 503 : 404);
		goto out;
	}
	struct buf *b = &rs->body;
	begin(rq, b, &c, T("Publication in the public portal"));
	if (web_req_query(rq, "ended"))
		pages_notice(b, "ok", T("The publication was ended. Anyone who is not a participant "
					"no longer reads what it opened."));
	put_publication(rq, b, p);
	if (p->in_force && may(rq, &c, ACCESS_PORTAL_PUBLISH))
		web_html(b, "<p><a id=\"end-link\" href=\"/country/%u/disclosures/publications/%l/"
			 "end\">%s</a></p>\n", c.cr.reviewed, (long long)p->id,
			 T("End this publication"));
	pages_end(rq, b);
out:
	disclosure_publications_free(all, n);
}

/* The form (step 1), with err and what was typed after a refusal. */
static void end_form(struct web_req *rq, struct web_resp *rs, const struct sumctx *c,
		     const struct disclosure_publication *p, const char *err, int status)
{
	struct buf *b = &rs->body;
	begin(rq, b, c, T("End a publication in the public portal"));
	rs->status = status;
	if (err)
		pages_notice(b, "error", pages_derr(rq, err));
	put_publication(rq, b, p);
	web_html(b, "<p>%s</p><form method=\"post\" id=\"end-form\" action=\"/country/%u/"
		 "disclosures/publications/%l/end\">", T("Ending it closes to the public what it "
		 "opened; the publication and its end stay in the record, with who and when. The "
		 "Secretariat may publish the same again later."), c->cr.reviewed, (long long)p->id);
	pages_csrf(rq, b);
	web_html(b, "<label>%s <textarea name=\"note\" rows=\"3\" maxlength=\"1000\" required>%s"
		 "</textarea></label> <button type=\"submit\">%s</button> <a href=\"/country/%u/"
		 "disclosures/publications/%l\">%s</a></form>\n", T("Reason"), field(rq, "note"),
		 T("Continue"), c->cr.reviewed, (long long)p->id, T("Cancel"));
	pages_end(rq, b);
}

void page_publication_end(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	struct disclosure_publication *all = NULL;
	const struct disclosure_publication *p;
	size_t n = 0;
	if (load(rq, rs, &c) <= 0)
		return;
	if (!may(rq, &c, ACCESS_PORTAL_PUBLISH)) {
		refuse(rq, rs, "portal unpublication");
		return;
	}
	if (find_publication(rq, &c, url_id(rq->param[1]), &all, &n, &p) < 0) {
		pages_error(rq, rs, 503);
	} else if (!p) {
		pages_error(rq, rs, 404);
	} else if (!p->in_force) {
		/* Said at once when it has ended already (the reason aside). */
		char err[600];
		int r = disclosure_unpublish_check(rq->db, c.cr.reviewed, p->id, "-", err,
						   sizeof err);
		struct buf *b = &rs->body;
		begin(rq, b, &c, T("End a publication in the public portal"));
		pages_notice(b, "error", pages_derr(rq, err));
		put_publication(rq, b, p);
		pages_end(rq, b);
		rs->status = disclosure_status(r);
	} else {
		end_form(rq, rs, &c, p, NULL, 200);
	}
	disclosure_publications_free(all, n);
}

void page_publication_end_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	struct disclosure_publication *all = NULL;
	const struct disclosure_publication *p;
	size_t n = 0;
	char err[600];
	if (load(rq, rs, &c) <= 0)
		return;
	if (!may(rq, &c, ACCESS_PORTAL_PUBLISH)) {
		refuse(rq, rs, "portal unpublication");
		return;
	}
	int64_t id = url_id(rq->param[1]), end = 0;
	const char *note = field(rq, "note");
	int confirmed = strcmp(field(rq, "confirm"), "1") == 0;
	int r = confirmed ? disclosure_unpublish(rq->db, c.cr.reviewed, id, note, rq->user.id,
						 rq->user.email, &end, err, sizeof err)
			  : disclosure_unpublish_check(rq->db, c.cr.reviewed, id, note, err,
						       sizeof err);
	if (r == DISCLOSURE_OK && confirmed) {
		char detail[64];
		snprintf(detail, sizeof detail, "publication %lld", (long long)id);
		web_req_audit(rq, "disclosure.unpublish", c.cr.reviewed, detail);
		struct buf u = { 0 };
		web_html(&u, "/country/%u/disclosures/publications/%l?ended=1", c.cr.reviewed,
			 (long long)id);
		web_resp_redirect(rs, buf_str(&u));
		buf_free(&u);
		return;
	}
	if (find_publication(rq, &c, id, &all, &n, &p) < 0) {
		pages_error(rq, rs, 503);
	} else if (!p) {
		/* No such publication: the page says so, in its language. */
		struct buf *b = &rs->body;
		begin(rq, b, &c, T("End a publication in the public portal"));
		pages_notice(b, "error", pages_derr(rq, err));
		pages_end(rq, b);
		rs->status = 404;
	} else if (r != DISCLOSURE_OK) {
		end_form(rq, rs, &c, p, err, disclosure_status(r));
	} else {
		/* Step 2: what will change, asked again. */
		struct buf *b = &rs->body;
		begin(rq, b, &c, T("Confirm"));
		web_html(b, "<p class=\"lead\" id=\"confirm-end\">%s</p>",
			 T("End this publication? What it opened is closed to the public at once."));
		put_publication(rq, b, p);
		web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd id=\"confirm-reason\">%s</dd></dl>"
			 "<form method=\"post\" action=\"/country/%u/disclosures/publications/%l/end\">",
			 T("Reason"), note, c.cr.reviewed, (long long)id);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"note\" value=\"%s\"><input type=\"hidden\" "
			 "name=\"confirm\" value=\"1\"><button type=\"submit\">%s</button> <a href=\""
			 "/country/%u/disclosures/publications/%l\">%s</a></form>\n", note,
			 T("Confirm"), c.cr.reviewed, (long long)id, T("Cancel"));
		pages_end(rq, b);
	}
	disclosure_publications_free(all, n);
}

/* ---- the focal point withdraws a progress report from the public part ---- */

static int report_status(int r)
{
	return r == -2 ? 400 : r == -3 ? 404 : r == -4 ? 409 : 503;
}

/* The report id of x's follow-up as its readers see it, or NULL (a new
 * reference in *j to free). */
static json_t *report_of(struct web_req *rq, const struct listctx *x, int64_t id, json_t **j)
{
	int rc;
	*j = followup_json(rq->db, x->lr.reviewed, x->lr.phase, 1, rq->user.email, rq->ip, &rc);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(*j, "reports"), i, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			return v;
	return NULL;
}

static void report_begin(struct web_req *rq, struct buf *b, const struct listctx *x,
			 const char *title)
{
	buf_reset(b);
	pages_begin(rq, b, title);
	web_html(b, "<p>");
	pages_put_state_name(rq, b, x->lr.reviewed);
	web_html(b, " &middot; <a href=\"/reviews/%s/phases/%d/followup\">%s</a></p>\n",
		 x->lr.reviewed, x->lr.phase, T("Follow-up"));
}

static void put_report(struct web_req *rq, struct buf *b, json_t *v)
{
	if (!v)
		return;
	web_html(b, "<blockquote id=\"report\" data-report=\"%l\"><time datetime=\"%s\">%s</time>"
		 "<p>%s</p></blockquote>\n", (long long)json_integer_value(json_object_get(v, "id")),
		 json_string_value(json_object_get(v, "at")),
		 json_string_value(json_object_get(v, "at")),
		 json_string_value(json_object_get(v, "body")));
	(void)rq;
}

static void withdraw_form(struct web_req *rq, struct web_resp *rs, const struct listctx *x,
			  int64_t id, json_t *v, const char *err, int status)
{
	struct buf *b = &rs->body;
	report_begin(rq, b, x, T("Withdraw a progress report from the public part"));
	rs->status = status;
	if (err)
		pages_notice(b, "error", pages_derr(rq, err));
	put_report(rq, b, v);
	web_html(b, "<p>%s</p><form method=\"post\" id=\"withdraw-form\" action=\"/reviews/%s/"
		 "phases/%d/followup/reports/%l/withdraw\">", T("Anyone who is not a participant no "
		 "longer reads it; the report stays in the follow-up, and its upload and withdrawal "
		 "stay in the record, with who and when."), x->lr.reviewed, x->lr.phase,
		 (long long)id);
	pages_csrf(rq, b);
	web_html(b, "<label>%s <textarea name=\"note\" rows=\"3\" maxlength=\"1000\" required>%s"
		 "</textarea></label> <button type=\"submit\">%s</button> <a href=\"/reviews/%s/"
		 "phases/%d/followup\">%s</a></form>\n", T("Reason"), field(rq, "note"), T("Continue"),
		 x->lr.reviewed, x->lr.phase, T("Cancel"));
	pages_end(rq, b);
}

static int report_load(struct web_req *rq, struct web_resp *rs, struct listctx *x)
{
	int r = listctx_load(rq->db, rq->param[0], rq->param[1], x);
	if (r <= 0)
		pages_error(rq, rs, r < 0 ? 503 : 404);
	else if (!listctx_allowed(rq, x, ACCESS_FOLLOWUP_EDIT, NULL)) {
		refuse(rq, rs, "progress report withdrawal");
		listctx_free(x);
		return 0;
	}
	return r;
}

void page_report_withdraw(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600];
	json_t *j = NULL;
	if (report_load(rq, rs, &x) <= 0)
		return;
	int64_t id = url_id(rq->param[2]);
	json_t *v = report_of(rq, &x, id, &j);
	/* Said at once when there is nothing to withdraw (the reason aside). */
	int r = followup_report_withdraw_check(rq->db, x.lr.reviewed, x.lr.phase, id, "-", err,
					       sizeof err);
	if (r == 0) {
		withdraw_form(rq, rs, &x, id, v, NULL, 200);
	} else {
		struct buf *b = &rs->body;
		report_begin(rq, b, &x, T("Withdraw a progress report from the public part"));
		pages_notice(b, "error", pages_derr(rq, err));
		put_report(rq, b, v);
		pages_end(rq, b);
		rs->status = report_status(r);
	}
	json_decref(j);
	listctx_free(&x);
}

void page_report_withdraw_post(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600];
	json_t *j = NULL;
	if (report_load(rq, rs, &x) <= 0)
		return;
	int64_t id = url_id(rq->param[2]);
	const char *note = field(rq, "note");
	int confirmed = strcmp(field(rq, "confirm"), "1") == 0;
	int r = confirmed ? followup_report_withdraw(rq->db, x.lr.reviewed, x.lr.phase, id, note,
						     rq->user.id, rq->user.email, err, sizeof err)
			  : followup_report_withdraw_check(rq->db, x.lr.reviewed, x.lr.phase, id,
							   note, err, sizeof err);
	if (r == 0 && confirmed) {
		char detail[64];
		snprintf(detail, sizeof detail, "report %lld", (long long)id);
		web_req_audit(rq, "followup.withdraw_public", x.lr.reviewed, detail);
		struct buf u = { 0 };
		web_html(&u, "/reviews/%s/phases/%d/followup?saved=1", x.lr.reviewed, x.lr.phase);
		web_resp_redirect(rs, buf_str(&u));
		buf_free(&u);
		listctx_free(&x);
		return;
	}
	json_t *v = report_of(rq, &x, id, &j);
	if (r != 0) {
		withdraw_form(rq, rs, &x, id, v, err, report_status(r));
	} else {
		struct buf *b = &rs->body;
		report_begin(rq, b, &x, T("Confirm"));
		web_html(b, "<p class=\"lead\" id=\"confirm-withdraw\">%s</p>",
			 T("Withdraw this progress report from the public part? Anyone who is not a "
			   "participant no longer reads it, at once."));
		put_report(rq, b, v);
		web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd id=\"confirm-reason\">%s</dd></dl>"
			 "<form method=\"post\" action=\"/reviews/%s/phases/%d/followup/reports/%l/"
			 "withdraw\">", T("Reason"), note, x.lr.reviewed, x.lr.phase, (long long)id);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"note\" value=\"%s\"><input type=\"hidden\" "
			 "name=\"confirm\" value=\"1\"><button type=\"submit\">%s</button> <a href=\""
			 "/reviews/%s/phases/%d/followup\">%s</a></form>\n", note, T("Confirm"),
			 x.lr.reviewed, x.lr.phase, T("Cancel"));
		pages_end(rq, b);
	}
	json_decref(j);
	listctx_free(&x);
}
