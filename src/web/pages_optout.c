/* pages_optout.c - opt-outs recorded after the drawing of lots, and a
 * first drawing event that assigns the cohorts only, run by the
 * Secretariat from the web (issue 12; footnote 2 of resolution 9/1, C3,
 * C34, C42, R60, R62):
 *   GET  /lots/optout    the opt-outs in force, the form to record one
 *                        (State, which opt-out, date, source) and apply it
 *                        to a stored programme at a recorded meeting, now
 *                        or as a request of the meeting; the form of a
 *                        cohorts-only drawing event; the form of a cohort's
 *                        drawing event (POST /lots/event, pages_lotsev.c)
 *   POST /lots/optout    lots_db_set_opt_out, then the op "optout"
 *                        (lots_op_run) or its request (lots_request_lodge)
 *   POST /lots/cohorts   lots_db_draw_meta with cohorts_only (C3)
 * Every POST shows a confirmation page first and acts only on the
 * confirmed form, then redirects (post/redirect/get).  The rule is
 * ACCESS_DRAW_MANAGE (route table); the domain is lots/. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "i18n/i18n.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "util/util.h"
#include "web/handlers.h"

static const char *fv(struct web_req *rq, const char *k)
{
	const char *v = web_req_field(rq, k);
	return v ? v : "";
}

static void field(struct buf *b, const char *form, const char *name, const char *label,
		  const char *value, const char *hint)
{
	web_html(b, "<div class=\"field\"><label for=\"o-%s-%s\">%s</label>"
		 "<input id=\"o-%s-%s\" name=\"%s\" value=\"%s\">", form, name, label, form, name,
		 name, value ? value : "");
	if (hint)
		web_html(b, "<p class=\"hint\">%s</p>", hint);
	web_html(b, "</div>\n");
}

/* The recorded meetings (C42); with `none` (a label) an empty first
 * choice. */
static void meeting_select(struct web_req *rq, struct buf *b, const char *form,
			   const struct lots_meeting *m, size_t n, const char *none)
{
	web_html(b, "<div class=\"field\"><label for=\"o-%s-meeting\">%s</label>", form,
		 T("Meeting"));
	if (!n && !none) {
		web_html(b, "<p class=\"hint\" id=\"%s-no-meeting\">%s</p>", form,
			 T("No meeting is recorded yet."));
	} else {
		web_html(b, "<select id=\"o-%s-meeting\" name=\"meeting\">", form);
		if (none)
			web_html(b, "<option value=\"\">%s</option>", none);
		for (size_t i = 0; i < n; i++)
			web_html(b, "<option value=\"%s\">%s (%s)</option>", m[i].ref, m[i].ref,
				 m[i].held_on);
		web_html(b, "</select>");
	}
	web_html(b, "<p class=\"hint\"><a href=\"/lots/programme#meetings\">%s</a></p></div>\n",
		 T("Record a meeting"));
}

static const char *choice_label(struct web_req *rq, const char *c)
{
	return !strcmp(c, "not_reviewed") ? T("Not reviewed") :
	       !strcmp(c, "not_reviewer") ? T("Not a reviewer") :
	       !strcmp(c, "both") ? T("Not reviewed, and not a reviewer") : c;
}

/* Whether a drawing of lots is stored (the opt-out then has to be applied
 * to it, C34): 1 or 0. */
static int drawn(struct web_req *rq)
{
	struct buf open = { 0 };
	int no = lots_ops_open(rq->db, &open);   /* -1: no programme stored */
	buf_free(&open);
	return no >= 0;
}

static void optout_list(struct web_req *rq, struct buf *b)
{
	char *j = lots_db_opt_outs_json(rq->db);
	json_t *a = j ? json_loads(j, 0, NULL) : NULL;
	free(j);
	web_html(b, "<section class=\"card\" id=\"optouts\"><h2>%s</h2>\n", T("Opt-outs in force"));
	if (!json_array_size(a)) {
		web_html(b, "<p>%s</p></section>\n", T("None yet."));
		json_decref(a);
		return;
	}
	web_html(b, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
		 "<tbody>", T("State"), T("Opt-out"), T("Since"), T("Source"));
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e) {
		const char *p = json_string_value(json_object_get(e, "party")),
			   *c = json_string_value(json_object_get(e, "choice")),
			   *d = json_string_value(json_object_get(e, "since")),
			   *s = json_string_value(json_object_get(e, "source"));
		web_html(b, "<tr data-code=\"%s\" data-choice=\"%s\"><td>%s</td><td>%s</td><td>",
			 p ? p : "", c ? c : "", p ? p : "", choice_label(rq, c ? c : ""));
		i18n_put_date(b, rq->lang, d ? d : "");
		web_html(b, "</td><td>%s</td></tr>", s ? s : "");
	}
	web_html(b, "</tbody></table></section>\n");
	json_decref(a);
}

static void optout_page(struct web_req *rq, struct web_resp *rs, const char *error,
			const char *partial)
{
	struct buf *b = &rs->body;
	struct lots_meeting *m = NULL;
	size_t nm = 0;
	if (lots_meeting_list(rq->db, &m, &nm) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	int have = drawn(rq);
	buf_reset(b);
	pages_begin(rq, b, T("Opt-outs after the draw, and cohorts drawn first"));
	if (error || partial) {
		rs->status = 400;
		web_html(b, "<div class=\"notice error\" role=\"alert\" id=\"error\"><p>%s</p>"
			 "<p><code>%s</code></p></div>\n", partial ? T("The opt-out is recorded, but "
			 "not applied to the programme:") : T("Refused; nothing was changed."),
			 pages_derr(rq, partial ? partial : error));
	} else if (web_req_query(rq, "done") && *web_req_query(rq, "done")) {
		pages_notice(b, "ok", T("Recorded. The public programme and drawing-event pages "
					 "show it."));
	}
	web_html(b, "<p><a href=\"/lots\">%s</a> · <a href=\"/lots/programme\">%s</a></p>\n",
		 T("Drawing of lots: Secretariat"), T("The programme over time"));
	optout_list(rq, b);
	/* Footnote 2 of resolution 9/1, C34. */
	web_html(b, "<section class=\"card\" id=\"optout\"><h2>%s</h2><p>%s</p>\n"
		 "<form method=\"post\" action=\"/lots/optout\">", T("Record an opt-out"),
		 T("A State may choose not to be reviewed, not to be a reviewer, or both (footnote 2 "
		   "of resolution 9/1), with the date and the note that says so. Once a draw is "
		   "stored, the opt-out is applied to the programme at a recorded meeting: the "
		   "State's review is withdrawn, its reviewer slots are drawn anew from the seed."));
	pages_csrf(rq, b);
	field(b, "optout", "state", T("State (code)"), "", NULL);
	web_html(b, "<div class=\"field\"><label for=\"o-optout-choice\">%s</label><select "
		 "id=\"o-optout-choice\" name=\"choice\"><option value=\"not_reviewed\">%s</option>"
		 "<option value=\"not_reviewer\">%s</option><option value=\"both\">%s</option>"
		 "</select></div>\n", T("Opt-out"), T("Not reviewed"), T("Not a reviewer"),
		 T("Not reviewed, and not a reviewer"));
	field(b, "optout", "date", T("Date (YYYY-MM-DD)"), "", NULL);
	field(b, "optout", "source", T("Source (e.g. the note verbale and its date)"), "", NULL);
	if (have) {
		web_html(b, "<div class=\"field\"><label for=\"o-optout-apply\">%s</label><select "
			 "id=\"o-optout-apply\" name=\"apply\"><option value=\"now\">%s</option>"
			 "<option value=\"request\">%s</option><option value=\"\">%s</option>"
			 "</select></div>\n", T("Apply it to the programme"),
			 T("Now, at the meeting chosen"),
			 T("As a request of the meeting, applied in the order drawn there"),
			 T("Not yet (record it only)"));
		meeting_select(rq, b, "optout", m, nm, NULL);
	}
	web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Record"));
	/* C3: the cohorts first, each cohort's reviewers at a later meeting. */
	unsigned char seed[32];
	char hex[65];
	randombytes_buf(seed, sizeof seed);
	lots_hex(seed, 32, hex);
	sodium_memzero(seed, sizeof seed);
	web_html(b, "<section class=\"card\" id=\"cohorts\"><h2>%s</h2><p>%s</p>\n"
		 "<form method=\"post\" action=\"/lots/cohorts\">",
		 T("A drawing event that assigns the cohorts only"),
		 T("The first drawing event assigns each State under review to its cohort only "
		   "(C3); the reviewers of each cohort are drawn at a later meeting, by a drawing "
		   "event of the cohort."));
	pages_csrf(rq, b);
	meeting_select(rq, b, "cohorts", m, nm, NULL);
	field(b, "cohorts", "seed", T("Seed (64 hex digits)"), hex,
	      T("Generated at random for you; or enter your own."));
	if (have)
		web_html(b, "<div class=\"field\"><label><input type=\"checkbox\" name=\"supersede\" "
			 "value=\"1\"> %s</label></div>",
			 T("Replace the programme in force (it is kept as superseded)"));
	web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Draw the cohorts"));
	if (have && nm) {
		web_html(b, "<section class=\"card\" id=\"cohort-event\"><h2>%s</h2><p>%s</p>\n"
			 "<form method=\"post\" action=\"/lots/event\">", T("Drawing event of a cohort"),
			 T("Draws every slot still open in the cohort's reviews (or in all)."));
		pages_csrf(rq, b);
		meeting_select(rq, b, "event", m, nm, NULL);
		web_html(b, "<div class=\"field\"><label for=\"o-event-cohort\">%s</label><select "
			 "id=\"o-event-cohort\" name=\"cohort\"><option value=\"1\">1</option>"
			 "<option value=\"2\">2</option><option value=\"3\">3</option></select></div>"
			 "<button type=\"submit\">%s</button></form></section>\n", T("Cohort"), T("Draw"));
	}
	free(m);
	pages_end(rq, b);
}

void page_lots_optout(struct web_req *rq, struct web_resp *rs)
{
	optout_page(rq, rs, NULL, NULL);
}

/* ---- the confirmation step ---- */

struct kv {
	const char *key, *label, *value, *shown;   /* shown: the value as displayed */
};

static int confirmed(struct web_req *rq, struct web_resp *rs, const char *action,
		     const char *what, const struct kv *f, size_t n)
{
	if (strcmp(fv(rq, "confirm"), "1") == 0)
		return 1;
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 200;
	pages_begin(rq, b, T("Confirm"));
	web_html(b, "<p class=\"lead\">%s</p>\n<dl class=\"facts\" id=\"confirm\">", what);
	for (size_t i = 0; i < n; i++)
		if (f[i].label && f[i].value && *f[i].value)
			web_html(b, "<dt>%s</dt><dd>%s</dd>", f[i].label,
				 f[i].shown ? f[i].shown : f[i].value);
	web_html(b, "</dl>\n<form method=\"post\" action=\"%r\">", action);
	pages_csrf(rq, b);
	for (size_t i = 0; i < n; i++)
		if (f[i].value)
			web_html(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", f[i].key,
				 f[i].value);
	web_html(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
		 "<button type=\"submit\">%s</button> <a href=\"/lots/optout\">%s</a></form>\n",
		 T("Confirm"), T("Cancel"));
	pages_end(rq, b);
	return 0;
}

static int meeting_known(struct web_req *rq)
{
	const char *mt = web_req_field(rq, "meeting");
	return mt && *mt && lots_meeting_get(rq->db, mt, NULL) == 1;
}

static const char *meeting_unknown(struct web_req *rq)
{
	return T("Meeting: no meeting of that reference is recorded. Record it first (The "
		 "programme over time, Meetings), then choose it.");
}

/* ---- POST /lots/optout ---- */

void page_lots_optout_post(struct web_req *rq, struct web_resp *rs)
{
	char err[2048];
	const char *st = fv(rq, "state"), *ch = fv(rq, "choice"), *ap = fv(rq, "apply");
	int have = drawn(rq);
	if (strcmp(ch, "not_reviewed") && strcmp(ch, "not_reviewer") && strcmp(ch, "both")) {
		optout_page(rq, rs, T("Opt-out: choose not reviewed, not a reviewer, or both."), NULL);
		return;
	}
	if (*ap && strcmp(ap, "now") && strcmp(ap, "request")) {
		optout_page(rq, rs, T("Apply: now, as a request of the meeting, or not yet."), NULL);
		return;
	}
	if (!have)
		ap = "";
	/* The meeting is checked before anything is recorded. */
	if (*ap && !meeting_known(rq)) {
		optout_page(rq, rs, meeting_unknown(rq), NULL);
		return;
	}
	const char *apl = !*ap ? NULL : !strcmp(ap, "now") ? T("Now, at the meeting chosen") :
			  T("As a request of the meeting, applied in the order drawn there");
	const struct kv f[] = {
		{ "state", T("State (code)"), st, NULL },
		{ "choice", T("Opt-out"), ch, choice_label(rq, ch) },
		{ "date", T("Date"), fv(rq, "date"), NULL },
		{ "source", T("Source"), fv(rq, "source"), NULL },
		{ "apply", apl ? T("Apply it to the programme") : NULL, ap, apl },
		{ "meeting", *ap ? T("Meeting") : NULL, *ap ? fv(rq, "meeting") : "", NULL },
	};
	if (!confirmed(rq, rs, "/lots/optout", T("Record this opt-out? Once applied to the "
						 "programme it cannot be undone."),
		       f, sizeof f / sizeof *f))
		return;
	if (lots_db_set_opt_out(rq->db, st, ch, 1, fv(rq, "date"), fv(rq, "source"),
				rq->user.email, rq->ip, err, sizeof err) != LOTS_OK) {
		optout_page(rq, rs, err, NULL);
		return;
	}
	/* C34: applied by the op "optout" (events_late.c) at the meeting, or
	 * lodged for it (events_order.c); the opt-out stays recorded either
	 * way, and `draw verify --db` fails until it is applied. */
	struct lots_op_req q = { .kind = "optout", .meeting = fv(rq, "meeting"), .state = st,
				 .run_by = rq->user.email, .actor = rq->user.email, .ip = rq->ip };
	int e = LOTS_OK;
	if (!strcmp(ap, "now"))
		e = lots_op_run(rq->db, &q, NULL, NULL, err, sizeof err);
	else if (!strcmp(ap, "request"))
		e = lots_request_lodge(rq->db, &q, NULL, NULL, err, sizeof err);
	if (e != LOTS_OK && !(e == LOTS_EINFEASIBLE && strstr(err, "nothing to do"))) {
		optout_page(rq, rs, NULL, err);
		return;
	}
	web_resp_redirect(rs, !strcmp(ap, "request") ? "/lots/programme?done=request#requests" :
			  "/lots/optout?done=optout");
}

/* ---- POST /lots/cohorts (C3) ---- */

void page_lots_cohorts(struct web_req *rq, struct web_resp *rs)
{
	char err[2048], com[65];
	unsigned char seed[32];
	if (lots_seed_parse(fv(rq, "seed"), seed) < 0) {
		optout_page(rq, rs, T("seed: not 64 hex digits"), NULL);
		return;
	}
	lots_seed_commitment(seed, com);
	if (!meeting_known(rq)) {
		sodium_memzero(seed, sizeof seed);
		optout_page(rq, rs, meeting_unknown(rq), NULL);
		return;
	}
	int sup = strcmp(fv(rq, "supersede"), "1") == 0;
	const struct kv f[] = {
		{ "meeting", T("Meeting"), fv(rq, "meeting"), NULL },
		{ "seed", T("Seed (64 hex digits)"), fv(rq, "seed"), NULL },
		{ "commitment", T("Seed commitment (SHA-256)"), com, NULL },
		{ "supersede", sup ? T("Replace the programme in force (it is kept as superseded)") :
		  NULL, sup ? "1" : NULL, NULL },
	};
	if (!confirmed(rq, rs, "/lots/cohorts", T("Draw the cohorts only now? It cannot be "
						  "undone."), f, sizeof f / sizeof *f)) {
		sodium_memzero(seed, sizeof seed);
		return;
	}
	struct lots_event_meta meta = { .run_by = rq->user.email, .meeting = fv(rq, "meeting"),
					.actor = rq->user.email, .ip = rq->ip, .supersede = sup,
					.cohorts_only = 1 };
	int e = lots_db_draw_meta(rq->db, seed, &meta, NULL, NULL, err, sizeof err);
	sodium_memzero(seed, sizeof seed);
	if (e != LOTS_OK) {
		optout_page(rq, rs, err, NULL);
		return;
	}
	web_resp_redirect(rs, "/lots/optout?done=cohorts");
}
