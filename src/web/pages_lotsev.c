/* pages_lotsev.c - the Secretariat runs the programme's drawing events
 * after the drawing of lots, and records a draw held by hand, from the web
 * (issue 12; C3, C5, C11, C42, C45, R51, R60, R66, R68, R237):
 *   GET  /lots/programme   meetings, what is still to be drawn, the forms
 *                          of a drawing event (one cohort or all), a party
 *                          that joins, a new Protocol, and the changes made
 *   POST /lots/meeting, /lots/event, /lots/join, /lots/protocol
 *   GET  /lots/manual      the form to upload a result drawn by hand
 *   POST /lots/manual      CSV or JSON; checked by the independent
 *                          verifier, recorded not reproducible from a seed
 *   GET  /lots/consider    R66: before a redraw, the working languages of
 *                          the candidates (information only)
 * Every POST shows a confirmation page first and acts only on the
 * confirmed form, then redirects (post/redirect/get).  The rule is
 * ACCESS_DRAW_MANAGE (route table); the domain is lots/events.h. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "review/programme.h"
#include "util/util.h"
#include "web/handlers.h"

static const char *fv(struct web_req *rq, const char *k)
{
	const char *v = web_req_field(rq, k);
	return v ? v : "";
}

/* One input of form `form` (ids are unique on the page). */
static void field(struct buf *b, const char *form, const char *name, const char *label)
{
	web_html(b, "<div class=\"field\"><label for=\"e-%s-%s\">%s</label>"
		 "<input id=\"e-%s-%s\" name=\"%s\"></div>\n", form, name, label, form, name,
		 name);
}

static void meeting_select(struct web_req *rq, struct buf *b, const struct lots_meeting *m,
			   size_t n)
{
	web_html(b, "<div class=\"field\"><label>%s <select name=\"meeting\">", T("Meeting"));
	for (size_t i = 0; i < n; i++)
		web_html(b, "<option value=\"%s\">%s (%s)</option>", m[i].ref, m[i].ref,
			 m[i].held_on);
	web_html(b, "</select></label></div>\n");
	(void)rq;
}

/* The meeting of the form is recorded (R237, C42); otherwise the page
 * says so in its language and nothing is done. */
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

static void error_box(struct web_req *rq, struct web_resp *rs, struct buf *b, const char *error)
{
	rs->status = 400;
	web_html(b, "<div class=\"notice error\" role=\"alert\" id=\"error\"><p>%s</p>"
		 "<p><code>%s</code></p></div>\n", T("Refused; nothing was changed."),
		 pages_derr(rq, error));
}

/* ---- GET /lots/programme ---- */

/* The requests of the meetings (events_order.c): lodged first, the list
 * closed with its hash and a named public entropy, then applied in the
 * order that entropy draws; nobody chooses the order of a meeting's
 * operations. */
static void requests_section(struct web_req *rq, struct buf *b, const struct lots_meeting *m,
			     size_t nm)
{
	web_html(b, "<section class=\"card\" id=\"requests\"><h2>%s</h2><p>%s</p>\n",
		 T("Requests for a meeting"),
		 T("The operations of a meeting can be lodged first and applied in an order drawn "
		   "from a public value known only at the meeting, so that nobody chooses it. A "
		   "meeting with requests takes no operation directly."));
	for (size_t i = 0; i < nm; i++) {
		struct lots_requests_state st;
		if (lots_requests_state(rq->db, m[i].ref, &st) < 0 || !st.n)
			continue;
		struct buf l = { 0 };
		lots_requests_list(rq->db, m[i].ref, &l);
		web_html(b, "<article class=\"requests\" data-meeting=\"%s\"><h3>%s</h3><ol>",
			 m[i].ref, m[i].ref);
		const char *p = buf_str(&l);
		while (*p) {
			size_t len = strcspn(p, "\n");
			char line[900];
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			web_html(b, "<li><code>%s</code></li>", line);
			p += len + (p[len] == '\n');
		}
		buf_free(&l);
		web_html(b, "</ol>");
		if (st.closed)
			web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd><code>%s</code></dd><dt>%s</dt>"
				 "<dd>%s</dd></dl>", T("List hash (SHA-256)"), st.list_hash,
				 T("Public entropy"), st.entropy_name);
		if (!st.closed) {
			web_html(b, "<form method=\"post\" action=\"/lots/close\">");
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"meeting\" value=\"%s\">"
				 "<div class=\"field\"><label>%s <input name=\"entropy_name\"></label>"
				 "<p class=\"hint\">%s</p></div><button type=\"submit\">%s</button></form>",
				 m[i].ref, T("Public entropy that will order them"),
				 T("Name a public value published after the list is closed, e.g. a "
				   "lottery result."), T("Close the list"));
		} else if (st.pending) {
			web_html(b, "<form method=\"post\" action=\"/lots/apply\">");
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"meeting\" value=\"%s\">"
				 "<div class=\"field\"><label>%s <input name=\"entropy\" value=\"%s\">"
				 "</label></div><button type=\"submit\">%s</button></form>", m[i].ref,
				 T("Value of the public entropy"), st.entropy_value,
				 T("Apply the requests"));
		}
		web_html(b, "</article>\n");
	}
	web_html(b, "<form method=\"post\" action=\"/lots/request\">");
	pages_csrf(rq, b);
	meeting_select(rq, b, m, nm);
	web_html(b, "<div class=\"field\"><label>%s <select name=\"kind\">"
		 "<option value=\"redraw\">%s</option><option value=\"join\">%s</option>"
		 "<option value=\"protocol\">%s</option><option value=\"event\">%s</option>"
		 "<option value=\"optout\">%s</option>"
		 "</select></label></div>\n", T("Request"), T("Record a redraw request"),
		 T("A party that joins"), T("A new Protocol"), T("Drawing event of a cohort"),
		 T("An opt-out recorded after the draw"));
	field(b, "request", "reviewed", T("State under review (code)"));
	field(b, "request", "replace", T("Reviewing State to replace (code)"));
	field(b, "request", "requested_by", T("Requesting State (code)"));
	web_html(b, "<div class=\"field\"><label>%s <select name=\"reason\">"
		 "<option value=\"language\">%s</option><option value=\"legal_system\">%s</option>"
		 "<option value=\"other\">%s</option><option value=\"exceptional\">%s</option>"
		 "<option value=\"unable\">%s</option></select></label></div>\n", T("Reason"),
		 T("Common working language"), T("Similar legal system"), T("Other"),
		 T("Exceptional circumstances (para. 28 e)"), T("Unable to review (para. 30)"));
	field(b, "request", "note", T("Note"));
	field(b, "request", "state", T("State (code)"));
	web_html(b, "<div class=\"field\"><label>%s <select name=\"instrument\">"
		 "<option value=\"\"></option><option value=\"tip\">tip</option>"
		 "<option value=\"som\">som</option><option value=\"firearms\">firearms</option>"
		 "</select></label></div>", T("Protocol"));
	field(b, "request", "cohort", T("Cohort"));
	field(b, "request", "decision", T("Decision cited"));
	web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Lodge"));
}

static void programme_page(struct web_req *rq, struct web_resp *rs, const char *error)
{
	struct buf *b = &rs->body;
	struct lots_meeting *m = NULL;
	size_t nm = 0;
	if (lots_meeting_list(rq->db, &m, &nm) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	buf_reset(b);
	pages_begin(rq, b, T("The programme over time"));
	if (error)
		error_box(rq, rs, b, error);
	else if (*fv(rq, "done") || (web_req_query(rq, "done") && *web_req_query(rq, "done")))
		pages_notice(b, "ok", T("Recorded. The public programme and drawing-event pages "
					 "show it."));
	web_html(b, "<p><a href=\"/lots\">%s</a> · <a href=\"/lots/manual\">%s</a> · "
		 "<a href=\"/lots/consider\">%s</a> · <a href=\"/lots/parameters\" "
		 "id=\"parameters-link\">%s</a> · <a href=\"/lots/optout\">%s</a></p>\n",
		 T("Drawing of lots: Secretariat"),
		 T("A draw held by hand"), T("Before a redraw: languages of the candidates"),
		 T("Parameters of the drawing of lots"),
		 T("Opt-outs after the draw, and cohorts drawn first"));
	/* What is still to be drawn (R60, R68). */
	struct buf open = { 0 };
	int no = lots_ops_open(rq->db, &open);
	web_html(b, "<section class=\"card\" id=\"open\"><h2>%s</h2>\n", T("Still to be drawn"));
	if (no < 0)
		web_html(b, "<p>%s</p>", T("No drawing of lots is stored yet."));
	else if (no == 0)
		web_html(b, "<p>%s</p>", T("Nothing: every review has its reviewers."));
	else {
		web_html(b, "<ul class=\"plain\">");
		const char *p = buf_str(&open);
		while (*p) {
			size_t len = strcspn(p, "\n");
			char line[700];
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			web_html(b, "<li>%s</li>", line);
			p += len + (p[len] == '\n');
		}
		web_html(b, "</ul>");
	}
	web_html(b, "</section>\n");
	buf_free(&open);
	/* Meetings (C42). */
	web_html(b, "<section class=\"card\" id=\"meetings\"><h2>%s</h2>\n<ul class=\"plain\">",
		 T("Meetings"));
	for (size_t i = 0; i < nm; i++)
		web_html(b, "<li><code>%s</code> %s — %s</li>", m[i].ref, m[i].held_on, m[i].title);
	web_html(b, "</ul>\n<form method=\"post\" action=\"/lots/meeting\">");
	pages_csrf(rq, b);
	field(b, "meeting", "ref", T("Reference"));
	field(b, "meeting", "date", T("Date (YYYY-MM-DD)"));
	field(b, "meeting", "title", T("Title"));
	web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Record"));
	if (nm && no >= 0) {
		web_html(b, "<section class=\"card\" id=\"event\"><h2>%s</h2><p>%s</p>\n"
			 "<form method=\"post\" action=\"/lots/event\">",
			 T("Drawing event of a cohort"),
			 T("Draws every slot still open in the cohort's reviews (or in all)."));
		pages_csrf(rq, b);
		meeting_select(rq, b, m, nm);
		web_html(b, "<div class=\"field\"><label>%s <select name=\"cohort\">"
			 "<option value=\"0\">%s</option><option value=\"1\">1</option>"
			 "<option value=\"2\">2</option><option value=\"3\">3</option></select>"
			 "</label></div><button type=\"submit\">%s</button></form></section>\n",
			 T("Cohort"), T("Every cohort"), T("Draw"));
		web_html(b, "<section class=\"card\" id=\"join\"><h2>%s</h2><p>%s</p>\n"
			 "<form method=\"post\" action=\"/lots/join\">", T("A party that joins"),
			 T("Placed in the earliest cohort not yet started, or in the cohort a recorded "
			   "decision of the Conference names; its reviewers are drawn."));
		pages_csrf(rq, b);
		meeting_select(rq, b, m, nm);
		field(b, "join", "state", T("State (code)"));
		field(b, "join", "cohort", T("Cohort (only with a decision)"));
		field(b, "join", "decision", T("Decision cited"));
		web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Draw"));
		web_html(b, "<section class=\"card\" id=\"protocol\"><h2>%s</h2><p>%s</p>\n"
			 "<form method=\"post\" action=\"/lots/protocol\">", T("A new Protocol"),
			 T("A reviewed State now party to a Protocol gets reviewers for it (para. 28 b), "
			   "at most four reviewers unless it consents."));
		pages_csrf(rq, b);
		meeting_select(rq, b, m, nm);
		field(b, "protocol", "state", T("State (code)"));
		web_html(b, "<div class=\"field\"><label>%s <select name=\"instrument\">"
			 "<option value=\"tip\">tip</option><option value=\"som\">som</option>"
			 "<option value=\"firearms\">firearms</option></select></label></div>",
			 T("Protocol"));
		field(b, "protocol", "consent_by", T("Consent to more than four reviewers: given by"));
		field(b, "protocol", "consent_date", T("Consent: date (YYYY-MM-DD)"));
		field(b, "protocol", "consent_ref", T("Consent: reference"));
		web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Draw"));
	}
	if (nm && no >= 0)
		requests_section(rq, b, m, nm);
	struct lots_op_info *ops = NULL;
	size_t nops = 0;
	if (lots_ops_list(rq->db, 0, &ops, &nops) == 0 && nops) {
		web_html(b, "<section class=\"card\" id=\"ops\"><h2>%s</h2>\n<ol>",
			 T("Changes since the drawing of lots"));
		for (size_t i = 0; i < nops; i++)
			web_html(b, "<li>%s</li>", ops[i].summary);
		web_html(b, "</ol></section>\n");
	}
	lots_ops_list_free(ops, nops);
	free(m);
	pages_end(rq, b);
}

void page_lots_programme(struct web_req *rq, struct web_resp *rs)
{
	programme_page(rq, rs, NULL);
}

/* ---- the confirmation step ---- */

struct kv {
	const char *key, *label, *value;
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
			web_html(b, "<dt>%s</dt><dd>%s</dd>", f[i].label, f[i].value);
	web_html(b, "</dl>\n<form method=\"post\" action=\"%r\">", action);
	pages_csrf(rq, b);
	for (size_t i = 0; i < n; i++)
		if (f[i].value)
			web_html(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", f[i].key,
				 f[i].value);
	web_html(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
		 "<button type=\"submit\">%s</button> <a href=\"/lots/programme\">%s</a></form>\n",
		 T("Confirm"), T("Cancel"));
	pages_end(rq, b);
	return 0;
}

/* ---- POST /lots/meeting ---- */

void page_lots_meeting(struct web_req *rq, struct web_resp *rs)
{
	char err[600];
	const struct kv f[] = {
		{ "ref", T("Reference"), fv(rq, "ref") },
		{ "date", T("Date"), fv(rq, "date") },
		{ "title", T("Title"), fv(rq, "title") },
	};
	if (!confirmed(rq, rs, "/lots/meeting", T("Record this meeting?"), f, 3))
		return;
	if (lots_meeting_add(rq->db, fv(rq, "ref"), fv(rq, "date"), fv(rq, "title"),
			     rq->user.email, rq->ip, err, sizeof err) != LOTS_OK) {
		programme_page(rq, rs, err);
		return;
	}
	web_resp_redirect(rs, "/lots/programme?done=meeting");
}

/* ---- POST /lots/event, /lots/join, /lots/protocol ---- */

static void run_op(struct web_req *rq, struct web_resp *rs, const char *kind)
{
	char err[2048], action[32], ok[64];
	long cohort = 0;
	const char *c = fv(rq, "cohort");
	if (*c && util_parse_long(c, 0, 3, &cohort) < 0) {
		programme_page(rq, rs, T("cohort: not 1, 2 or 3"));
		return;
	}
	snprintf(action, sizeof action, "/lots/%s", kind);
	if (!meeting_known(rq)) {
		programme_page(rq, rs, meeting_unknown(rq));
		return;
	}
	const struct kv f[] = {
		{ "meeting", T("Meeting"), fv(rq, "meeting") },
		{ "cohort", T("Cohort"), c },
		{ "state", T("State (code)"), fv(rq, "state") },
		{ "instrument", T("Protocol"), fv(rq, "instrument") },
		{ "decision", T("Decision cited"), fv(rq, "decision") },
		{ "consent_by", T("Consent to more than four reviewers: given by"), fv(rq, "consent_by") },
		{ "consent_date", T("Consent: date (YYYY-MM-DD)"), fv(rq, "consent_date") },
		{ "consent_ref", T("Consent: reference"), fv(rq, "consent_ref") },
	};
	if (!confirmed(rq, rs, action, T("Hold this drawing event now? What it draws cannot be "
					 "undone."), f, 8))
		return;
	const char *st = fv(rq, "state"), *in = fv(rq, "instrument"), *dec = fv(rq, "decision");
	struct lots_op_req q = {
		.kind = kind, .meeting = fv(rq, "meeting"), .cohort = (int)cohort,
		.state = *st ? st : NULL, .instrument = *in ? in : NULL,
		.decision = *dec ? dec : NULL, .consent_by = fv(rq, "consent_by"),
		.consent_date = fv(rq, "consent_date"), .consent_ref = fv(rq, "consent_ref"),
		.run_by = rq->user.email, .actor = rq->user.email, .ip = rq->ip,
	};
	if (strcmp(kind, "protocol") == 0)
		q.cohort = 0;
	if (strcmp(kind, "join") == 0 && q.cohort && !q.decision) {
		programme_page(rq, rs, T("cohort: a chosen cohort needs the decision of the "
				 "Conference that chose it (C5)"));
		return;
	}
	if (lots_op_run(rq->db, &q, NULL, NULL, err, sizeof err) != LOTS_OK) {
		programme_page(rq, rs, err);
		return;
	}
	snprintf(ok, sizeof ok, "/lots/programme?done=%s", kind);
	web_resp_redirect(rs, ok);
}

void page_lots_event(struct web_req *rq, struct web_resp *rs)
{
	run_op(rq, rs, "event");
}

void page_lots_join(struct web_req *rq, struct web_resp *rs)
{
	run_op(rq, rs, "join");
}

void page_lots_protocol(struct web_req *rq, struct web_resp *rs)
{
	run_op(rq, rs, "protocol");
}

/* ---- POST /lots/request, /lots/close, /lots/apply ---- */

void page_lots_request(struct web_req *rq, struct web_resp *rs)
{
	char err[2048], ok[64];
	long cohort = 0;
	const char *kind = fv(rq, "kind"), *c = fv(rq, "cohort");
	if (*c && util_parse_long(c, 0, 3, &cohort) < 0) {
		programme_page(rq, rs, T("cohort: not 1, 2 or 3"));
		return;
	}
	if (!meeting_known(rq)) {
		programme_page(rq, rs, meeting_unknown(rq));
		return;
	}
	int redraw = strcmp(kind, "redraw") == 0;
	const struct kv f[] = {
		{ "meeting", T("Meeting"), fv(rq, "meeting") },
		{ "kind", T("Request"), kind },
		{ "reviewed", redraw ? T("State under review (code)") : NULL, fv(rq, "reviewed") },
		{ "replace", redraw ? T("Reviewing State to replace (code)") : NULL, fv(rq, "replace") },
		{ "requested_by", redraw ? T("Requesting State (code)") : NULL, fv(rq, "requested_by") },
		{ "reason", redraw ? T("Reason") : NULL, fv(rq, "reason") },
		{ "note", T("Note"), fv(rq, "note") },
		{ "state", redraw ? NULL : T("State (code)"), fv(rq, "state") },
		{ "instrument", redraw ? NULL : T("Protocol"), fv(rq, "instrument") },
		{ "cohort", redraw ? NULL : T("Cohort"), c },
		{ "decision", T("Decision cited"), fv(rq, "decision") },
	};
	if (!confirmed(rq, rs, "/lots/request", T("Lodge this request? It is applied with the "
						  "others of its meeting, in the order drawn there."),
		       f, sizeof f / sizeof *f))
		return;
	const char *st = fv(rq, "state"), *in = fv(rq, "instrument"), *dec = fv(rq, "decision"),
		   *note = fv(rq, "note");
	struct lots_op_req q = {
		.kind = kind, .meeting = fv(rq, "meeting"), .cohort = (int)cohort,
		.state = *st ? st : NULL, .instrument = *in ? in : NULL,
		.decision = *dec ? dec : NULL, .run_by = rq->user.email, .actor = rq->user.email,
		.ip = rq->ip,
	};
	struct lots_redraw_req rd = {
		.reviewed = fv(rq, "reviewed"), .replace = fv(rq, "replace"),
		.requested_by = fv(rq, "requested_by"), .reason = lots_reason_parse(fv(rq, "reason")),
		.note = *note ? note : NULL, .decision = *dec ? dec : NULL,
	};
	if (lots_request_lodge(rq->db, &q, &rd, NULL, err, sizeof err) != LOTS_OK) {
		programme_page(rq, rs, err);
		return;
	}
	snprintf(ok, sizeof ok, "/lots/programme?done=request#requests");
	web_resp_redirect(rs, ok);
}

void page_lots_close(struct web_req *rq, struct web_resp *rs)
{
	char err[1024];
	if (!meeting_known(rq)) {
		programme_page(rq, rs, meeting_unknown(rq));
		return;
	}
	const struct kv f[] = {
		{ "meeting", T("Meeting"), fv(rq, "meeting") },
		{ "entropy_name", T("Public entropy that will order them"), fv(rq, "entropy_name") },
	};
	if (!confirmed(rq, rs, "/lots/close", T("Close the list of requests? None can be added "
						"after, and its hash is published."), f, 2))
		return;
	if (lots_requests_close(rq->db, fv(rq, "meeting"), fv(rq, "entropy_name"), rq->user.email,
				rq->ip, NULL, err, sizeof err) != LOTS_OK) {
		programme_page(rq, rs, err);
		return;
	}
	web_resp_redirect(rs, "/lots/programme?done=close#requests");
}

void page_lots_apply(struct web_req *rq, struct web_resp *rs)
{
	char err[2048];
	if (!meeting_known(rq)) {
		programme_page(rq, rs, meeting_unknown(rq));
		return;
	}
	const struct kv f[] = {
		{ "meeting", T("Meeting"), fv(rq, "meeting") },
		{ "entropy", T("Value of the public entropy"), fv(rq, "entropy") },
	};
	if (!confirmed(rq, rs, "/lots/apply", T("Apply every request in the order this value "
						"draws? It cannot be undone."), f, 2))
		return;
	struct buf rep = { 0 };
	int e = lots_requests_apply(rq->db, fv(rq, "meeting"), fv(rq, "entropy"), rq->user.email,
				    rq->ip, &rep, err, sizeof err);
	buf_free(&rep);
	if (e != LOTS_OK) {
		programme_page(rq, rs, err);
		return;
	}
	web_resp_redirect(rs, "/lots/programme?done=apply#requests");
}

/* ---- GET, POST /lots/manual (C45) ---- */

static void manual_page(struct web_req *rq, struct web_resp *rs, const char *error)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("A draw held by hand"));
	if (error)
		error_box(rq, rs, b, error);
	else if (web_req_query(rq, "done") && *web_req_query(rq, "done"))
		pages_notice(b, "ok", T("Recorded. The public programme and drawing-event pages "
					 "show it."));
	web_html(b, "<p><a href=\"/lots/programme\">%s</a></p>\n<section class=\"card\" "
		 "id=\"manual\"><p>%s</p>\n<form method=\"post\" action=\"/lots/manual\" "
		 "enctype=\"multipart/form-data\">", T("The programme over time"),
		 T("The result drawn at the meeting, as CSV (columns reviewed, year, reviewer, role, "
		   "instruments, as the programme's CSV) or JSON. It is recorded only if it keeps "
		   "every rule, and marked as not reproducible from a seed."));
	pages_csrf(rq, b);
	web_html(b, "<div class=\"field\"><label for=\"m-file\">%s</label><input id=\"m-file\" "
		 "type=\"file\" name=\"file\" accept=\".csv,.json,text/csv,application/json\"></div>",
		 T("Result (CSV or JSON)"));
	struct lots_meeting *m = NULL;
	size_t nm = 0;
	if (lots_meeting_list(rq->db, &m, &nm) < 0)
		nm = 0;
	if (nm)
		meeting_select(rq, b, m, nm);
	else
		web_html(b, "<p class=\"hint\" id=\"manual-no-meeting\">%s</p>",
			 T("No meeting is recorded yet."));
	web_html(b, "<p class=\"hint\"><a href=\"/lots/programme#meetings\">%s</a></p>",
		 T("Record a meeting"));
	free(m);
	web_html(b, "<div class=\"field\"><label><input type=\"checkbox\" name=\"supersede\" "
		 "value=\"1\"> %s</label></div><button type=\"submit\">%s</button></form></section>\n",
		 T("Replace the programme in force (it is kept as superseded)"), T("Check"));
	pages_end(rq, b);
}

void page_lots_manual(struct web_req *rq, struct web_resp *rs)
{
	manual_page(rq, rs, NULL);
}

void page_lots_manual_post(struct web_req *rq, struct web_resp *rs)
{
	char err[4096], sha[65];
	struct buf csv = { 0 };
	const char *data = *fv(rq, "result") ? fv(rq, "result") : fv(rq, "file");
	const char *p = data;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || (unsigned char)*p == 0xef ||
	       (unsigned char)*p == 0xbb || (unsigned char)*p == 0xbf)
		p++;
	if (!*p) {
		manual_page(rq, rs, T("file: no result given"));
		return;
	}
	if (*p == '{' || *p == '[') {
		if (lots_manual_json_to_csv(p, &csv, err, sizeof err) != LOTS_OK) {
			manual_page(rq, rs, err);
			buf_free(&csv);
			return;
		}
	} else {
		buf_puts(&csv, data);
	}
	const char *sup = fv(rq, "supersede"), *mt = fv(rq, "meeting");
	if (!meeting_known(rq)) {
		manual_page(rq, rs, meeting_unknown(rq));
		buf_free(&csv);
		return;
	}
	if (strcmp(fv(rq, "confirm"), "1") != 0) {
		/* The confirmation shows the result itself, to be read before it
		 * is recorded; it is posted back as shown. */
		struct buf *b = &rs->body;
		size_t rows = 0;
		for (const char *q = buf_str(&csv); *q; q++)
			rows += *q == '\n';
		/* The hash of the record's canonical form, as it will be
		 * recorded (not of the file's bytes). */
		if (lots_db_manual_record_hash(rq->db, csv.p ? csv.p : "", csv.len, sha, err,
					       sizeof err) != LOTS_OK) {
			manual_page(rq, rs, err);
			buf_free(&csv);
			return;
		}
		buf_reset(b);
		rs->status = 200;
		pages_begin(rq, b, T("Confirm"));
		web_html(b, "<p class=\"lead\">%s</p>\n<dl class=\"facts\" id=\"confirm\">"
			 "<dt>%s</dt><dd>%l</dd><dt>%s</dt><dd><code>%s</code></dd><dt>%s</dt><dd>%s</dd>"
			 "</dl>\n<form method=\"post\" action=\"/lots/manual\">",
			 T("Record this draw held by hand? It is checked against every rule first."),
			 T("Rows"), (long long)(rows ? rows - 1 : 0), T("SHA-256 of the record"), sha,
			 T("Meeting"), *mt ? mt : T("Not recorded"));
		pages_csrf(rq, b);
		web_html(b, "<textarea name=\"result\" rows=\"12\" readonly>\n%s</textarea>"
			 "<input type=\"hidden\" name=\"meeting\" value=\"%s\">", buf_str(&csv), mt);
		if (strcmp(sup, "1") == 0)
			web_html(b, "<input type=\"hidden\" name=\"supersede\" value=\"1\"><p>%s</p>",
				 T("Replace the programme in force (it is kept as superseded)"));
		web_html(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
			 "<button type=\"submit\">%s</button> <a href=\"/lots/manual\">%s</a></form>\n",
			 T("Confirm"), T("Cancel"));
		pages_end(rq, b);
		buf_free(&csv);
		return;
	}
	struct lots_event_meta meta = { .run_by = rq->user.email, .meeting = *mt ? mt : NULL,
					.actor = rq->user.email, .ip = rq->ip,
					.supersede = strcmp(sup, "1") == 0 };
	int e = lots_db_record_manual(rq->db, csv.p ? csv.p : "", csv.len, &meta, NULL, NULL, err,
				      sizeof err);
	buf_free(&csv);
	if (e != LOTS_OK) {
		manual_page(rq, rs, err);
		return;
	}
	web_resp_redirect(rs, "/lots/manual?done=recorded");
}

/* ---- GET /lots/consider (R66) ---- */

void page_lots_consider(struct web_req *rq, struct web_resp *rs)
{
	struct buf *b = &rs->body;
	const char *rv = web_req_query(rq, "reviewed"), *rp = web_req_query(rq, "replace");
	buf_reset(b);
	pages_begin(rq, b, T("Before a redraw: languages of the candidates"));
	web_html(b, "<p><a href=\"/lots\">%s</a></p>\n<form method=\"get\" action=\"/lots/consider\">",
		 T("Drawing of lots: Secretariat"));
	web_html(b, "<div class=\"field\"><label for=\"c-rv\">%s</label><input id=\"c-rv\" "
		 "name=\"reviewed\" value=\"%s\"></div><div class=\"field\"><label for=\"c-rp\">%s"
		 "</label><input id=\"c-rp\" name=\"replace\" value=\"%s\"></div>"
		 "<button type=\"submit\">%s</button></form>\n", T("State under review (code)"),
		 rv ? rv : "", T("Reviewing State to replace (code)"), rp ? rp : "", T("Show"));
	if (rv && *rv) {
		struct lots_candidate *c = NULL;
		size_t n = 0;
		int role = 0;
		char err[512], lx[64];
		if (lots_redraw_candidates(rq->db, rv, rp, &c, &n, &role, err, sizeof err) != LOTS_OK) {
			error_box(rq, rs, b, err);
		} else {
			lots_state_languages(rq->db, rv, lx, sizeof lx);
			web_html(b, "<section class=\"card\" id=\"candidates\"><p>%s</p>"
				 "<p>%s <span id=\"reviewed-langs\">%s</span></p><p id=\"legal\">%s</p>\n"
				 "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
				 "</thead><tbody>",
				 T("Information only: the redraw itself is drawn at random among those "
				   "who keep every rule (para. 28 d)."),
				 T("Working languages of the State under review:"),
				 *lx ? lx : T("Not recorded"),
				 T("Legal systems are not in the reference data (C41): only languages are "
				   "shown."),
				 T("State"), T("Working languages"), T("In common"), T("Reviews"));
			/* Those with a language in common first. */
			for (int pass = 0; pass < 2; pass++)
				for (size_t i = 0; i < n; i++) {
					if (!!c[i].common[0] != (pass == 0))
						continue;
					web_html(b, "<tr data-code=\"%s\"><td>%s</td><td>%s</td><td>%s</td>"
						 "<td>%d / %d</td></tr>", c[i].code, c[i].code,
						 c[i].languages[0] ? c[i].languages : T("Not recorded"),
						 c[i].common, c[i].load, c[i].cap);
				}
			web_html(b, "</tbody></table></section>\n");
		}
		free(c);
	}
	pages_end(rq, b);
}

/* ---- the public drawing-event pages (ACCESS_PROGRAMME_READ) ---- */

void pages_draw_ops_section(struct web_req *rq, struct buf *b, int64_t draw_id, int64_t event_id)
{
	struct lots_op_info *ops = NULL;
	size_t n = 0;
	if (lots_ops_list(rq->db, draw_id, &ops, &n) < 0 || !n) {
		lots_ops_list_free(ops, n);
		return;
	}
	web_html(b, "<section class=\"card\" id=\"ops\"><h2>%s</h2>\n<ol>",
		 T("Changes since the drawing of lots"));
	for (size_t i = 0; i < n; i++) {
		web_html(b, "<li data-seq=\"%d\">", ops[i].seq);
		i18n_put_date(b, rq->lang, ops[i].created_at);
		web_html(b, ": %s <code>%s</code></li>", ops[i].summary, ops[i].hash);
	}
	web_html(b, "</ol><p><a href=\"/draws/%l/ops.json\" download>%s</a></p></section>\n",
		 (long long)event_id, T("Their documents (JSON)"));
	lots_ops_list_free(ops, n);
}

void page_draw_ops(struct web_req *rq, struct web_resp *rs)
{
	long id;
	struct programme_event ev;
	if (util_parse_long(rq->param[0], 1, 2000000000L, &id) < 0 ||
	    programme_event_get(rq->db, id, &ev, NULL, NULL) != 0) {
		pages_error(rq, rs, 404);
		return;
	}
	struct lots_op_info *ops = NULL;
	size_t n = 0;
	if (lots_ops_list(rq->db, ev.draw_id, &ops, &n) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	buf_reset(&rs->body);
	buf_puts(&rs->body, "[");
	for (size_t i = 0; i < n; i++)
		buf_printf(&rs->body, "%s\n%s", i ? "," : "", ops[i].document);
	buf_puts(&rs->body, "\n]\n");
	lots_ops_list_free(ops, n);
	rs->status = 200;
	rs->ctype = "application/json";
}
