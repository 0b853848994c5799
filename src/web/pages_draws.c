/* pages_draws.c - the Secretariat runs the drawing of lots from the web
 * (issue 12; R51, R58-R60, C42, C45): GET /lots shows the roster about to
 * be drawn from (who is left out and why), the drawing events prepared and
 * published (meeting, date, roster hash, seed commitment, public entropy),
 * and the forms to prepare one, hold it at the meeting (the seed revealed),
 * record a redraw request and a decision.  Every POST shows a confirmation
 * page first and acts only on the confirmed form, then redirects (post/
 * redirect/get).  The rule is ACCESS_DRAW_MANAGE (route table); the domain
 * is lots/ (ceremonies, draws, redraws, decisions: each audited in its
 * own transaction). */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/roster.h"
#include "i18n/i18n.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "review/programme.h"
#include "util/util.h"
#include "web/handlers.h"

/* ---- GET /lots ---- */

static void roster_preview(struct web_req *rq, struct buf *b)
{
	struct roster r = { 0 };
	struct buf excl = { 0 };
	char err[256], sha[65];
	web_html(b, "<section class=\"card\" id=\"roster\"><h2>%s</h2>\n", T("Roster to be drawn from"));
	if (roster_load_db(rq->db, &r, err, sizeof err) < 0 ||
	    lots_db_roster_hash(rq->db, sha, err, sizeof err) != LOTS_OK) {
		web_html(b, "<p>%s</p></section>\n", err);
		roster_free(&r);
		return;
	}
	web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd>", T("Parties"));
	i18n_put_number(b, rq->lang, (long long)r.n);
	web_html(b, "</dd><dt>%s</dt><dd><code id=\"roster-hash\">%s</code></dd></dl>\n",
		 T("Roster hash (SHA-256)"), sha);
	lots_exclusions(&r, &excl);
	web_html(b, "<h3>%s</h3>\n<ul class=\"plain\" id=\"left-out\">", T("Left out, and why"));
	const char *p = buf_str(&excl);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		web_html(b, "<li>%s</li>", line);
		p += len + (nl ? 1 : 0);
	}
	web_html(b, "</ul></section>\n");
	buf_free(&excl);
	roster_free(&r);
}

static void field(struct web_req *rq, struct buf *b, const char *name, const char *label,
		  const char *value, const char *hint)
{
	web_html(b, "<div class=\"field\"><label for=\"f-%s\">%s</label>"
		 "<input id=\"f-%s\" name=\"%s\" value=\"%s\">", name, label, name, name,
		 value ? value : "");
	if (hint)
		web_html(b, "<p class=\"hint\">%s</p>", hint);
	web_html(b, "</div>\n");
	(void)rq;
}

/* The meeting a draw or redraw is held at: one recorded (R237, C42),
 * chosen from a list, with the way to record another. */
static void meeting_choice(struct web_req *rq, struct buf *b, const char *form)
{
	struct lots_meeting *m = NULL;
	size_t n = 0;
	if (lots_meeting_list(rq->db, &m, &n) < 0)
		n = 0;
	web_html(b, "<div class=\"field\"><label for=\"f-%s-meeting\">%s</label>", form, T("Meeting"));
	if (!n)
		web_html(b, "<p class=\"hint\" id=\"%s-no-meeting\">%s</p>", form,
			 T("No meeting is recorded yet."));
	else
		web_html(b, "<select id=\"f-%s-meeting\" name=\"meeting\">", form);
	for (size_t i = 0; i < n; i++)
		web_html(b, "<option value=\"%s\">%s (%s)</option>", m[i].ref, m[i].ref, m[i].held_on);
	web_html(b, "%r<p class=\"hint\"><a href=\"/lots/programme#meetings\">%s</a></p></div>\n",
		 n ? "</select>" : "", T("Record a meeting"));
	free(m);
}

/* The meeting of the form is recorded; otherwise the page says so in its
 * language and nothing is done. */
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

static void ceremonies_section(struct web_req *rq, struct buf *b, int have_current)
{
	struct lots_ceremony *c = NULL;
	size_t n = 0;
	if (lots_ceremony_list(rq->db, &c, &n) < 0)
		n = 0;
	web_html(b, "<section class=\"card\" id=\"ceremonies\"><h2>%s</h2>\n", T("Drawing events prepared"));
	if (!n)
		web_html(b, "<p>%s</p>", T("None yet."));
	for (size_t i = 0; i < n; i++) {
		web_html(b, "<article class=\"ceremony\" data-id=\"%l\" data-status=\"%s\"><h3>%s</h3>"
			 "<dl class=\"facts\"><dt>%s</dt><dd>", (long long)c[i].id, c[i].status,
			 c[i].meeting, T("Date"));
		i18n_put_date(b, rq->lang, c[i].held_on);
		web_html(b, "</dd><dt>%s</dt><dd><code>%s</code></dd><dt>%s</dt><dd><code>%s</code>"
			 "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>\n",
			 T("Roster hash (SHA-256)"), c[i].roster_sha256, T("Seed commitment (SHA-256)"),
			 c[i].seed_commitment, T("Public entropy"),
			 c[i].entropy_name[0] ? c[i].entropy_name : T("None"), T("Status"),
			 strcmp(c[i].status, "held") == 0 ? T("Held") : T("Prepared"));
		if (strcmp(c[i].status, "held") == 0) {
			web_html(b, "<p><a href=\"/programme\">%s</a></p></article>\n",
				 T("Programme of country reviews"));
			continue;
		}
		web_html(b, "<form method=\"post\" action=\"/lots/hold\">");
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\">", (long long)c[i].id);
		field(rq, b, "seed", T("Seed revealed at the meeting (64 hex digits)"), "", NULL);
		if (c[i].entropy_name[0])
			field(rq, b, "entropy", T("Value of the public entropy"), "", c[i].entropy_name);
		if (have_current)
			web_html(b, "<div class=\"field\"><label><input type=\"checkbox\" name=\"supersede\" "
				 "value=\"1\"> %s</label></div>",
				 T("Replace the programme in force (it is kept as superseded)"));
		web_html(b, "<button type=\"submit\">%s</button></form></article>\n",
			 T("Hold the drawing of lots"));
	}
	web_html(b, "</section>\n");
	free(c);
}

static void lots_page(struct web_req *rq, struct web_resp *rs, const char *error)
{
	struct buf *b = &rs->body;
	struct programme p;
	if (programme_load(rq->db, &p) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	buf_reset(b);
	pages_begin(rq, b, T("Drawing of lots: Secretariat"));
	if (error) {
		rs->status = 400;
		web_html(b, "<div class=\"notice error\" role=\"alert\" id=\"error\"><p>%s</p>"
			 "<p><code>%s</code></p><p>%s</p></div>\n",
			 T("Refused; nothing was changed."), pages_derr(rq, error), T("Correct the form and send it again."));
	} else {
		const char *done = web_req_query(rq, "done");
		if (done && *done)
			pages_notice(b, "ok", T("Recorded. The public programme and drawing-event pages "
						 "show it."));
	}
	web_html(b, "<p id=\"lots-more\"><a href=\"/lots/programme\">%s</a> · <a "
		 "href=\"/lots/manual\">%s</a> · <a href=\"/lots/consider\">%s</a> · <a "
		 "href=\"/lots/optout\" id=\"optout-link\">%s</a></p>\n",
		 T("The programme over time"), T("A draw held by hand"),
		 T("Before a redraw: languages of the candidates"),
		 T("Opt-outs after the draw, and cohorts drawn first"));
	roster_preview(rq, b);
	/* Prepare: a fresh random seed is offered, never stored; only its
	 * hash is kept and published (R51). */
	unsigned char seed[32];
	char hex[65];
	randombytes_buf(seed, sizeof seed);
	lots_hex(seed, 32, hex);
	sodium_memzero(seed, sizeof seed);
	web_html(b, "<section class=\"card\" id=\"prepare\"><h2>%s</h2>\n<p>%s</p>\n"
		 "<form method=\"post\" action=\"/lots/prepare\">",
		 T("Prepare a drawing event"),
		 T("Before the meeting: the roster hash and the commitment to the seed are published; "
		   "the seed itself is revealed at the meeting. Write the seed down: only its hash "
		   "is kept."));
	pages_csrf(rq, b);
	meeting_choice(rq, b, "prepare");
	field(rq, b, "date", T("Date (YYYY-MM-DD)"), "", T("Leave empty for the meeting's date."));
	field(rq, b, "seed", T("Seed (64 hex digits)"), hex,
	      T("Generated at random for you: keep it. A seed chosen by a person (a date, a word, "
		"repeated digits) can be found from the published commitment and the draw "
		"computed before the meeting; a seed of fewer than 8 different bytes is refused."));
	field(rq, b, "entropy_name", T("Public entropy to mix in (optional)"), "",
	      T("Name a public value known only at the meeting, e.g. a lottery result."));
	web_html(b, "<button type=\"submit\">%s</button></form></section>\n",
		 T("Prepare"));
	ceremonies_section(rq, b, p.draw_id != 0);
	if (p.draw_id) {
		web_html(b, "<section class=\"card\" id=\"redraw\"><h2>%s</h2>\n"
			 "<form method=\"post\" action=\"/lots/redraw\">", T("Record a redraw request"));
		pages_csrf(rq, b);
		field(rq, b, "reviewed", T("State under review (code)"), "", NULL);
		field(rq, b, "replace", T("Reviewing State to replace (code)"), "", NULL);
		field(rq, b, "requested_by", T("Requesting State (code)"), "", NULL);
		web_html(b, "<div class=\"field\"><label for=\"f-reason\">%s</label>"
			 "<select id=\"f-reason\" name=\"reason\">", T("Reason"));
		static const char *const reasons[] = { "language", "legal_system", "other",
						       "exceptional", "unable" };
		const char *labels[] = { T("Common working language"), T("Similar legal system"),
					 T("Other"), T("Exceptional circumstances (para. 28 e)"),
					 T("Unable to review (para. 30)") };
		for (size_t i = 0; i < 5; i++)
			web_html(b, "<option value=\"%s\">%s</option>", reasons[i], labels[i]);
		web_html(b, "</select></div>\n");
		field(rq, b, "note", T("Note"), "", NULL);
		field(rq, b, "decision", T("Decision cited (exceptional redraws)"), "", NULL);
		/* Para 28 c, C11: more than four reviewers only with the
		 * reviewed State's recorded consent (who, when, reference). */
		web_html(b, "<fieldset id=\"consent\"><legend>%s</legend>\n",
			 T("Consent of the reviewed State to more than four reviewers (para. 28 c)"));
		field(rq, b, "consent_by", T("Consent given by"), "", NULL);
		field(rq, b, "consent_date", T("Consent date (YYYY-MM-DD)"), "", NULL);
		field(rq, b, "consent_ref", T("Consent reference"), "",
		      T("All three, or none."));
		web_html(b, "</fieldset>\n");
		meeting_choice(rq, b, "redraw");
		web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Record"));
	}
	web_html(b, "<section class=\"card\" id=\"decision\"><h2>%s</h2>\n"
		 "<form method=\"post\" action=\"/lots/decision\">", T("Record a decision"));
	pages_csrf(rq, b);
	field(rq, b, "ref", T("Reference"), "", NULL);
	field(rq, b, "date", T("Date (YYYY-MM-DD)"), "", NULL);
	field(rq, b, "title", T("Title"), "", NULL);
	web_html(b, "<button type=\"submit\">%s</button></form></section>\n", T("Record"));
	programme_free(&p);
	pages_end(rq, b);
}

void page_lots(struct web_req *rq, struct web_resp *rs)
{
	lots_page(rq, rs, NULL);
}

/* ---- the confirmation step ---- */

struct kv {
	const char *key, *label, *value;
};

/* Whether the form is the confirmed one; otherwise rs becomes the page
 * asking to confirm the n fields shown (and carried on as hidden fields). */
static int confirmed(struct web_req *rq, struct web_resp *rs, const char *action,
		     const char *what, const struct kv *f, size_t n)
{
	const char *c = web_req_field(rq, "confirm");
	if (c && strcmp(c, "1") == 0)
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
		 "<button type=\"submit\">%s</button> <a href=\"/lots\">%s</a></form>\n",
		 T("Confirm"), T("Cancel"));
	pages_end(rq, b);
	return 0;
}

static const char *fv(struct web_req *rq, const char *k)
{
	const char *v = web_req_field(rq, k);
	return v ? v : "";
}

/* ---- POST /lots/prepare ---- */

void page_lots_prepare(struct web_req *rq, struct web_resp *rs)
{
	char err[600], com[65] = "";
	const char *seed = fv(rq, "seed"), *given = fv(rq, "commitment");
	unsigned char sb[32];
	if (*seed) {
		if (lots_seed_parse(seed, sb) < 0) {
			lots_page(rq, rs, T("seed: not 64 hex digits"));
			return;
		}
		/* From here on only the commitment travels (the confirmation
		 * page carries no seed). */
		/* A seed typed by a person can be guessed from its published
		 * commitment (F12, docs/draw.md "Seeds"). */
		int weak = lots_seed_weak(sb);
		lots_seed_commitment(sb, com);
		sodium_memzero(sb, sizeof sb);
		if (weak) {
			lots_page(rq, rs, T("seed: fewer than 8 different bytes, so it could be guessed "
					    "from its published commitment; use the seed generated at "
					    "random"));
			return;
		}
	} else {
		util_strlcpy(com, given, sizeof com);
	}
	if (!meeting_known(rq)) {
		lots_page(rq, rs, meeting_unknown(rq));
		return;
	}
	/* Checked before the confirmation (F10). */
	if (lots_ceremony_prepare_check(rq->db, fv(rq, "meeting"), fv(rq, "date"), com,
					fv(rq, "entropy_name"), err, sizeof err) != LOTS_OK) {
		lots_page(rq, rs, err);
		return;
	}
	const struct kv f[] = {
		{ "meeting", T("Meeting"), fv(rq, "meeting") },
		{ "date", T("Date"), fv(rq, "date") },
		{ "commitment", T("Seed commitment (SHA-256)"), com },
		{ "entropy_name", T("Public entropy"), fv(rq, "entropy_name") },
	};
	if (!confirmed(rq, rs, "/lots/prepare", T("Publish this drawing event?"), f, 4))
		return;
	if (lots_ceremony_prepare(rq->db, fv(rq, "meeting"), fv(rq, "date"), com,
				  fv(rq, "entropy_name"), rq->user.email, rq->ip, NULL, err,
				  sizeof err) != LOTS_OK) {
		lots_page(rq, rs, err);
		return;
	}
	web_resp_redirect(rs, "/lots?done=prepared");
}

/* ---- POST /lots/hold ---- */

static const char *hold_in_force(struct web_req *rq)
{
	return T("A programme is in force: tick “Replace the programme in force” to replace it "
		 "(it is kept as superseded). A replacement is refused once any of its reviews "
		 "has begun.");
}

void page_lots_hold(struct web_req *rq, struct web_resp *rs)
{
	char err[1024];
	long id;
	unsigned char seed[32];
	if (util_parse_long(fv(rq, "id"), 1, 2000000000L, &id) < 0) {
		lots_page(rq, rs, T("ceremony: no such drawing event"));
		return;
	}
	if (lots_seed_parse(fv(rq, "seed"), seed) < 0) {
		lots_page(rq, rs, T("seed: not 64 hex digits"));
		return;
	}
	const char *sup = fv(rq, "supersede");
	const struct kv f[] = {
		{ "id", NULL, fv(rq, "id") },
		{ "seed", T("Seed revealed at the meeting (64 hex digits)"), fv(rq, "seed") },
		{ "entropy", T("Value of the public entropy"), fv(rq, "entropy") },
		{ "supersede", strcmp(sup, "1") == 0 ?
			T("Replace the programme in force (it is kept as superseded)") : NULL,
		  strcmp(sup, "1") == 0 ? "1" : NULL },
	};
	int supersede = strcmp(sup, "1") == 0;
	/* Checked before the confirmation (F10); the refusal of a draw in
	 * force names the page's check box, not the CLI's flag (F11). */
	int e = lots_ceremony_hold_check(rq->db, id, seed, fv(rq, "entropy"), supersede, err,
					 sizeof err);
	if (e != LOTS_OK) {
		sodium_memzero(seed, sizeof seed);
		lots_page(rq, rs, e == LOTS_EEXISTS && !supersede ? hold_in_force(rq) : err);
		return;
	}
	if (!confirmed(rq, rs, "/lots/hold", supersede ?
		       T("Hold the drawing of lots now and replace the programme in force? It cannot "
			 "be undone. Every review of the programme in force gets the reviewers of the "
			 "new draw; this is refused once any of its reviews has begun.") :
		       T("Hold the drawing of lots now? It cannot be undone."), f, 4)) {
		sodium_memzero(seed, sizeof seed);
		return;
	}
	int64_t draw_id = 0;
	e = lots_ceremony_hold(rq->db, id, seed, fv(rq, "entropy"), rq->user.email, rq->ip,
			       supersede, NULL, &draw_id, err, sizeof err);
	sodium_memzero(seed, sizeof seed);
	if (e != LOTS_OK) {
		lots_page(rq, rs, e == LOTS_EEXISTS && !supersede ? hold_in_force(rq) : err);
		return;
	}
	web_resp_redirect(rs, "/lots?done=held");
}

/* ---- POST /lots/redraw ---- */

void page_lots_redraw(struct web_req *rq, struct web_resp *rs)
{
	char err[1024];
	const char *rv = fv(rq, "reviewed"), *rp = fv(rq, "replace"), *rb = fv(rq, "requested_by");
	int reason = lots_reason_parse(fv(rq, "reason"));
	struct programme p;
	if (programme_load(rq->db, &p) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	/* Checked before the confirmation: a review of the current
	 * programme, one of its reviewers, a known reason. */
	const struct programme_review *r = programme_find(&p, rv);
	int has = 0, rbok = r && strcmp(rv, rb) == 0;
	for (size_t k = 0; r && k < r->n; k++) {
		has |= strcmp(r->r[k].state, rp) == 0;
		rbok |= strcmp(r->r[k].state, rb) == 0;
	}
	programme_free(&p);
	if (r && has && reason >= 0 && !meeting_known(rq)) {
		lots_page(rq, rs, meeting_unknown(rq));
		return;
	}
	if (!r || !has || reason < 0) {
		lots_page(rq, rs, !r ? T("reviewed: no review of that State in the current programme")
			  : !has ? T("replace: that State does not review it")
				 : T("reason: not one of the reasons listed"));
		return;
	}
	/* The requesting State, the note and the decision are checked
	 * before the confirmation too (F10). */
	if (!rbok) {
		lots_page(rq, rs, T("Requesting State: neither the State under review nor one of its "
				    "reviewers"));
		return;
	}
	if (reason >= LOTS_REASON_EXCEPTIONAL && !*fv(rq, "note")) {
		lots_page(rq, rs, T("note: this reason needs a note (paras 28 e, 30)"));
		return;
	}
	if (reason == LOTS_REASON_EXCEPTIONAL && !*fv(rq, "decision")) {
		lots_page(rq, rs, T("decision: an exceptional redraw cites a recorded decision "
				    "(para 28 e)"));
		return;
	}
	const struct kv f[] = {
		{ "reviewed", T("State under review (code)"), rv },
		{ "replace", T("Reviewing State to replace (code)"), rp },
		{ "requested_by", T("Requesting State (code)"), rb },
		{ "reason", T("Reason"), fv(rq, "reason") },
		{ "note", T("Note"), fv(rq, "note") },
		{ "decision", T("Decision cited (exceptional redraws)"), fv(rq, "decision") },
		{ "meeting", T("Meeting"), fv(rq, "meeting") },
		{ "consent_by", T("Consent given by"), fv(rq, "consent_by") },
		{ "consent_date", T("Consent date (YYYY-MM-DD)"), fv(rq, "consent_date") },
		{ "consent_ref", T("Consent reference"), fv(rq, "consent_ref") },
	};
	/* The consent is checked before the confirmation: all three or
	 * none, and a real date (para 28 c, C11). */
	const char *cb = fv(rq, "consent_by"), *cd = fv(rq, "consent_date"),
		   *cr = fv(rq, "consent_ref");
	int nc = !!*cb + !!*cd + !!*cr;
	if (nc && nc != 3) {
		lots_page(rq, rs, T("consent: give who consented, the date and the reference, or "
				    "none of them"));
		return;
	}
	if (nc && !util_date_valid(cd)) {
		lots_page(rq, rs, T("consent date: not a date YYYY-MM-DD"));
		return;
	}
	if (!confirmed(rq, rs, "/lots/redraw", T("Record this redraw request? The redraw is made "
						 "at once and cannot be undone."), f, 10))
		return;
	const char *note = fv(rq, "note"), *dec = fv(rq, "decision");
	struct lots_redraw_req req = {
		.reviewed = rv, .replace = rp, .requested_by = rb, .reason = reason,
		.note = *note ? note : NULL, .decision = *dec ? dec : NULL,
		.consent_by = nc ? cb : NULL, .consent_date = nc ? cd : NULL,
		.consent_ref = nc ? cr : NULL,
	};
	const char *mt = fv(rq, "meeting");
	struct lots_event_meta meta = { .run_by = rq->user.email, .meeting = *mt ? mt : NULL,
					.actor = rq->user.email, .ip = rq->ip };
	if (lots_db_redraw_meta(rq->db, &req, &meta, NULL, err, sizeof err) != LOTS_OK) {
		lots_page(rq, rs, err);
		return;
	}
	web_resp_redirect(rs, "/lots?done=redraw");
}

/* ---- POST /lots/decision ---- */

void page_lots_decision(struct web_req *rq, struct web_resp *rs)
{
	char err[600];
	const struct kv f[] = {
		{ "ref", T("Reference"), fv(rq, "ref") },
		{ "date", T("Date"), fv(rq, "date") },
		{ "title", T("Title"), fv(rq, "title") },
	};
	/* Checked before the confirmation (F10). */
	if (lots_db_decision_check(rq->db, fv(rq, "ref"), fv(rq, "date"), fv(rq, "title"), err,
				   sizeof err) != LOTS_OK) {
		lots_page(rq, rs, err);
		return;
	}
	if (!confirmed(rq, rs, "/lots/decision", T("Record this decision?"), f, 3))
		return;
	if (lots_db_add_decision(rq->db, fv(rq, "ref"), fv(rq, "date"), fv(rq, "title"), err,
				 sizeof err) != LOTS_OK) {
		lots_page(rq, rs, err);
		return;
	}
	web_req_audit(rq, "draw.decision", fv(rq, "ref"), fv(rq, "date"));
	web_resp_redirect(rs, "/lots?done=decision");
}
