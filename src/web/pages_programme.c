/* pages_programme.c - the programme of country reviews as published
 * (issue 8, item 4): GET /programme (filters, CSV and JSON downloads),
 * /draws/{id} with the document and roster of each drawing event, and
 * /reviews/{state}.  The route rule is ACCESS_PROGRAMME_READ (public);
 * the domain is review/programme.h.  Nothing here decides who may see
 * what: the review page asks the access module what the reader's part is. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "core/names.h"
#include "core/refdata.h"
#include "i18n/i18n.h"
#include "lots/lots.h"
#include "review/programme.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "web/gatechart.h"
#include "web/handlers.h"

/* ---- labels ---- */

static const char *group_label(struct web_req *rq, const char *g)
{
	if (strcmp(g, "AFRICAN") == 0) return T("African States");
	if (strcmp(g, "ASIA_PACIFIC") == 0) return T("Asia-Pacific States");
	if (strcmp(g, "EASTERN_EUROPEAN") == 0) return T("Eastern European States");
	if (strcmp(g, "GRULAC") == 0) return T("Latin American and Caribbean States");
	if (strcmp(g, "WEOG") == 0) return T("Western European and other States");
	return g;
}
static const char *const groups[] = { "AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "GRULAC",
				      "WEOG" };

static const char *instr_label(struct web_req *rq, const char *i)
{
	if (strcmp(i, "untoc") == 0) return T("Organized Crime Convention");
	if (strcmp(i, "tip") == 0) return T("Trafficking in Persons Protocol");
	if (strcmp(i, "som") == 0) return T("Smuggling of Migrants Protocol");
	if (strcmp(i, "firearms") == 0) return T("Firearms Protocol");
	return i;
}
static const char *const instruments[] = { "untoc", "tip", "som", "firearms" };

static const char *role_label(struct web_req *rq, const char *r)
{
	if (strcmp(r, "same_region") == 0) return T("Same regional group");
	if (strcmp(r, "other_region") == 0) return T("Other regional group");
	if (strcmp(r, "additional") == 0) return T("Additional reviewer");
	return r;
}

static const char *cluster_label(struct web_req *rq, const char *c)
{
	if (strcmp(c, "C1") == 0) return T("Criminalization and jurisdiction");
	if (strcmp(c, "C2") == 0) return T("Prevention, technical assistance, protection and other measures");
	if (strcmp(c, "C3") == 0) return T("Law enforcement and judicial system");
	if (strcmp(c, "C4") == 0) return T("International cooperation, mutual legal assistance and confiscation");
	return T("Preparatory phase");
}

/* The instruments of a space-separated list, in the page language. */
static void put_instruments(struct web_req *rq, struct buf *b, const char *list)
{
	char tmp[64];
	util_strlcpy(tmp, list, sizeof tmp);
	int first = 1;
	for (char *save = NULL, *t = strtok_r(tmp, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		web_html(b, "%r%s", first ? "" : ", ", instr_label(rq, t));
		first = 0;
	}
}

/* The names of every party in the page language, read once per request
 * (one query instead of one per name: a programme names ~700 States):
 * sorted by collation for the form's list, and by code for look-ups. */
struct names {
	struct web_req *rq;
	struct names_entry *sorted; /* by the language's collation */
	struct names_entry *bycode;
	size_t n;
};

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct names_entry *)a)->code, ((const struct names_entry *)b)->code);
}

static void names_open(struct web_req *rq, struct names *nm)
{
	memset(nm, 0, sizeof *nm);
	nm->rq = rq;
	if (names_list_parties(rq->db, rq->lang, &nm->sorted, &nm->n) < 0) {
		nm->sorted = NULL;
		nm->n = 0;
		return;
	}
	nm->bycode = xmalloc((nm->n ? nm->n : 1) * sizeof *nm->bycode);
	memcpy(nm->bycode, nm->sorted, nm->n * sizeof *nm->bycode);
	qsort(nm->bycode, nm->n, sizeof *nm->bycode, by_code);
}

static void names_close(struct names *nm)
{
	free(nm->sorted);
	free(nm->bycode);
	memset(nm, 0, sizeof *nm);
}

static void name_of(const char *code, void *ctx, char *out, size_t outlen)
{
	struct names *nm = ctx;
	struct names_entry key = { "", "", 0 };
	util_strlcpy(key.code, code, sizeof key.code);
	const struct names_entry *e = nm->bycode ?
		bsearch(&key, nm->bycode, nm->n, sizeof key, by_code) : NULL;
	if (e)
		util_strlcpy(out, e->name, outlen);
	else if (refdata_state_name(nm->rq->db, code, nm->rq->lang, out, outlen) < 0)
		util_strlcpy(out, code, outlen);
}

/* ---- filters ---- */

struct filt {
	struct programme_filter f;
	char year[8], group[24], instrument[16], state[4];
	char bad[32]; /* the field that was wrong, "" if none */
};

static void filt_read(struct web_req *rq, struct filt *x)
{
	memset(x, 0, sizeof *x);
	const char *y = web_req_query(rq, "year");
	const char *g = web_req_query(rq, "group");
	const char *i = web_req_query(rq, "instrument");
	const char *s = web_req_query(rq, "state");
	long v = 0;
	if (y && *y && (util_parse_long(y, 1, 3, &v) < 0)) {
		util_strlcpy(x->bad, "year", sizeof x->bad);
		return;
	}
	x->f.year = (int)v;
	if ((g && strlen(g) >= sizeof x->group) || (i && strlen(i) >= sizeof x->instrument) ||
	    (s && strlen(s) >= sizeof x->state)) {
		util_strlcpy(x->bad, g && strlen(g) >= sizeof x->group ? "group" :
			     i && strlen(i) >= sizeof x->instrument ? "instrument" : "state",
			     sizeof x->bad);
		return;
	}
	if (y)
		util_strlcpy(x->year, y, sizeof x->year);
	util_strlcpy(x->group, g ? g : "", sizeof x->group);
	util_strlcpy(x->instrument, i ? i : "", sizeof x->instrument);
	util_strlcpy(x->state, s ? s : "", sizeof x->state);
	x->f.group = x->group;
	x->f.instrument = x->instrument;
	x->f.state = x->state;
	if (programme_filter_check(rq->db, &x->f, x->bad, sizeof x->bad) < 0)
		return;
	x->bad[0] = '\0';
}

/* The filter as a query string ("year=1&state=FRA"), for the downloads. */
static void filt_query(const struct filt *x, struct buf *b)
{
	const char *k[] = { "year", "group", "instrument", "state" };
	const char *v[] = { x->f.year ? x->year : "", x->group, x->instrument, x->state };
	for (size_t i = 0; i < 4; i++)
		if (v[i][0]) {
			buf_puts(b, b->len ? "&" : "?");
			web_html(b, "%r=%u", k[i], v[i]);
		}
}

static void selected(struct buf *b, int yes)
{
	if (yes)
		buf_puts(b, " selected");
}

static void filter_form(struct web_req *rq, struct buf *b, const struct filt *x,
			const struct names *nm)
{
	web_html(b, "<form method=\"get\" action=\"/programme\" class=\"card filters\">\n"
		 "<div class=\"field\"><label for=\"f-year\">%s</label><select id=\"f-year\" "
		 "name=\"year\"><option value=\"\">%s</option>", T("Year"), T("All"));
	for (int y = 1; y <= 3; y++) {
		web_html(b, "<option value=\"%d\"", y);
		selected(b, x->f.year == y);
		buf_puts(b, ">");
		i18n_put_number(b, rq->lang, y);
		buf_puts(b, "</option>");
	}
	web_html(b, "</select></div>\n<div class=\"field\"><label for=\"f-group\">%s</label>"
		 "<select id=\"f-group\" name=\"group\"><option value=\"\">%s</option>",
		 T("Regional group"), T("All"));
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		web_html(b, "<option value=\"%s\"", groups[i]);
		selected(b, strcmp(x->group, groups[i]) == 0);
		web_html(b, ">%s</option>", group_label(rq, groups[i]));
	}
	web_html(b, "</select></div>\n<div class=\"field\"><label for=\"f-instr\">%s</label>"
		 "<select id=\"f-instr\" name=\"instrument\"><option value=\"\">%s</option>",
		 T("Instrument"), T("All"));
	for (size_t i = 0; i < sizeof instruments / sizeof instruments[0]; i++) {
		web_html(b, "<option value=\"%s\"", instruments[i]);
		selected(b, strcmp(x->instrument, instruments[i]) == 0);
		web_html(b, ">%s</option>", instr_label(rq, instruments[i]));
	}
	web_html(b, "</select></div>\n<div class=\"field\"><label for=\"f-state\">%s</label>"
		 "<select id=\"f-state\" name=\"state\"><option value=\"\">%s</option>",
		 T("State"), T("All"));
	for (size_t i = 0; i < nm->n; i++) {
		web_html(b, "<option value=\"%s\"", nm->sorted[i].code);
		selected(b, strcmp(x->state, nm->sorted[i].code) == 0);
		web_html(b, ">%s</option>", nm->sorted[i].name);
	}
	web_html(b, "</select></div>\n<button type=\"submit\">%s</button> "
		 "<a href=\"/programme\">%s</a>\n</form>\n", T("Show"), T("Clear the filters"));
}

/* ---- GET /programme ---- */

struct prow {
	const struct programme_review *r;
	char name[256];
};

static const char *prow_name(const void *p)
{
	return ((const struct prow *)p)->name;
}

static void reviewers_cell(struct web_req *rq, struct buf *b, const struct programme_review *r,
			   struct names *nm)
{
	web_html(b, "<ul class=\"plain\">");
	for (size_t k = 0; k < r->n; k++) {
		char name[256];
		name_of(r->r[k].state, nm, name, sizeof name);
		web_html(b, "<li><a href=\"/reviews/%u\">%s</a> <span class=\"hint\">(%s",
			 r->r[k].state, name, role_label(rq, r->r[k].role));
		if (strcmp(r->r[k].role, "additional") == 0) {
			buf_puts(b, ": ");
			put_instruments(rq, b, r->r[k].instruments);
		}
		web_html(b, ")</span></li>");
	}
	web_html(b, "</ul>");
}

static void events_section(struct web_req *rq, struct buf *b, int64_t draw_id)
{
	struct programme_event *ev = NULL;
	size_t n = 0;
	if (programme_events(rq->db, &ev, &n) < 0)
		n = 0;
	web_html(b, "<section class=\"card\"><h2>%s</h2>\n<ul>", T("Drawing events"));
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].draw_id != draw_id)
			continue;
		web_html(b, "<li><a href=\"/draws/%l\">%s · <time datetime=\"%s\">",
			 (long long)ev[i].id,
			 strcmp(ev[i].kind, "lots") == 0 ? T("Drawing of lots") : T("Redraw"),
			 ev[i].created_at);
		i18n_put_date(b, rq->lang, ev[i].created_at);
		web_html(b, "</time></a></li>");
		shown++;
	}
	if (!shown)
		web_html(b, "<li>%s</li>", T("No drawing of lots has been recorded yet."));
	web_html(b, "</ul></section>\n");
	free(ev);
}

/* The drawing events held (R51): each one's meeting, what was published
 * before it and the seed revealed at it, with the page of the draw made
 * there; /draws/{id} links here (#drawing-event-{id}). */
static void held_section(struct web_req *rq, struct buf *b, const struct lots_ceremony *c,
			 size_t n)
{
	struct programme_event *ev = NULL;
	size_t ne = 0, shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].status, "held") != 0)
			continue;
		if (!shown++) {
			if (programme_events(rq->db, &ev, &ne) < 0)
				ne = 0;
			web_html(b, "<section class=\"card\" id=\"held\"><h2>%s</h2>\n<ul>",
				 T("Drawing events held"));
		}
		web_html(b, "<li id=\"drawing-event-%l\">%s · <time datetime=\"%s\">",
			 (long long)c[i].id, c[i].meeting, c[i].held_on);
		i18n_put_date(b, rq->lang, c[i].held_on);
		web_html(b, "</time><dl class=\"facts\"><dt>%s</dt><dd><code>%s</code></dd>"
			 "<dt>%s</dt><dd><code>%s</code></dd><dt>%s</dt><dd><code>%s</code></dd>",
			 T("Roster hash (SHA-256)"), c[i].roster_sha256,
			 T("Seed commitment (SHA-256)"), c[i].seed_commitment, T("Seed"), c[i].seed);
		if (c[i].entropy_name[0])
			web_html(b, "<dt>%s</dt><dd>%s</dd>", T("Public entropy"), c[i].entropy_name);
		for (size_t k = 0; k < ne; k++)
			if (ev[k].draw_id == c[i].draw_id && ev[k].seq == 0)
				web_html(b, "<dt>%s</dt><dd><a href=\"/draws/%l\">%s</a></dd>",
					 T("Drawing of lots"), (long long)ev[k].id,
					 T("The draw made at this event"));
		web_html(b, "</dl></li>");
	}
	if (shown)
		web_html(b, "</ul></section>\n");
	free(ev);
}

/* Drawing events announced and not yet held: what is published before
 * the meeting (R51), the roster hash and the commitment to the seed. */
static void announced_section(struct web_req *rq, struct buf *b)
{
	struct lots_ceremony *c = NULL;
	size_t n = 0, shown = 0;
	if (lots_ceremony_list(rq->db, &c, &n) < 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].status, "prepared") != 0)
			continue;
		if (!shown++)
			web_html(b, "<section class=\"card\" id=\"announced\"><h2>%s</h2>\n<ul>",
				 T("Drawing events announced"));
		web_html(b, "<li>%s · <time datetime=\"%s\">", c[i].meeting, c[i].held_on);
		i18n_put_date(b, rq->lang, c[i].held_on);
		web_html(b, "</time><dl class=\"facts\"><dt>%s</dt><dd><code>%s</code></dd>"
			 "<dt>%s</dt><dd><code>%s</code></dd>", T("Roster hash (SHA-256)"),
			 c[i].roster_sha256, T("Seed commitment (SHA-256)"), c[i].seed_commitment);
		if (c[i].entropy_name[0])
			web_html(b, "<dt>%s</dt><dd>%s</dd>", T("Public entropy"), c[i].entropy_name);
		web_html(b, "</dl></li>");
	}
	if (shown)
		web_html(b, "</ul></section>\n");
	held_section(rq, b, c, n);
	free(c);
}

void page_programme(struct web_req *rq, struct web_resp *rs)
{
	struct buf *b = &rs->body;
	struct filt x;
	struct programme p;
	filt_read(rq, &x);
	if (programme_load(rq->db, &p) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	pages_begin(rq, b, T("Programme of country reviews"));
	web_html(b, "<p class=\"lead\">%s</p>\n",
		 T("Which States parties are reviewed in which year of the review phases, and "
		   "which States review them, as drawn by lot (paragraphs 17 to 20 of the "
		   "procedures and rules)."));
	if (x.bad[0]) {
		rs->status = 400;
		pages_notice(b, "error", T("A filter has a value that is not in the list: choose "
					   "one of the values offered."));
		memset(&x.f, 0, sizeof x.f);
		x.group[0] = x.instrument[0] = x.state[0] = x.year[0] = '\0';
	}
	struct access_actor actor = web_req_actor(rq);
	if (access_allowed(&actor, ACCESS_DRAW_MANAGE, NULL))
		web_html(b, "<p><a href=\"/lots\">%s</a></p>\n", T("Drawing of lots: Secretariat"));
	announced_section(rq, b);
	struct names nm;
	names_open(rq, &nm);
	filter_form(rq, b, &x, &nm);
	if (!p.draw_id) {
		web_html(b, "<p>%s</p>", T("No drawing of lots has been recorded yet."));
		pages_params_in_force(rq, b);
		names_close(&nm);
		pages_end(rq, b);
		return;
	}
	struct buf q = { 0 };
	filt_query(&x, &q);
	web_html(b, "<p class=\"downloads\">%s <a href=\"/programme.csv%r\">CSV</a> · "
		 "<a href=\"/api/v1/programme%r\">JSON</a></p>\n", T("Download:"), buf_str(&q),
		 buf_str(&q));
	buf_free(&q);
	struct prow *rows = xcalloc(p.n ? p.n : 1, sizeof *rows);
	size_t n = 0;
	for (size_t i = 0; i < p.n; i++) {
		if (!programme_match(&p.v[i], &x.f))
			continue;
		rows[n].r = &p.v[i];
		name_of(p.v[i].reviewed, &nm, rows[n].name, sizeof rows[n].name);
		n++;
	}
	if (names_sort(rq->lang, rows, n, sizeof *rows, prow_name) < 0)
		fprintf(stderr, "revmech serve: collation failed for %s\n", rq->lang);
	/* Stable insertion by year keeps the collation order within it. */
	for (size_t i = 1; i < n; i++) {
		struct prow t = rows[i];
		size_t k = i;
		for (; k > 0 && rows[k - 1].r->year > t.r->year; k--)
			rows[k] = rows[k - 1];
		rows[k] = t;
	}
	web_html(b, "<p>%s ", T("Reviews shown:"));
	i18n_put_number(b, rq->lang, (long long)n);
	web_html(b, "</p>\n");
	if (n) {
		web_html(b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">"
			 "<table class=\"programme\"><thead><tr><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
			 T("Programme of country reviews"), T("Year"), T("State under review"),
			 T("Regional group"), T("Instruments"), T("Reviewing States"));
		for (size_t i = 0; i < n; i++) {
			const struct programme_review *r = rows[i].r;
			web_html(b, "<tr data-state=\"%s\"><td>", r->reviewed);
			i18n_put_number(b, rq->lang, r->year);
			web_html(b, "</td><td><a href=\"/reviews/%u\">%s</a></td><td>%s</td><td>",
				 r->reviewed, rows[i].name, group_label(rq, r->group));
			put_instruments(rq, b, r->instruments);
			web_html(b, "</td><td>");
			reviewers_cell(rq, b, r, &nm);
			web_html(b, "</td></tr>\n");
		}
		web_html(b, "</tbody></table></div>\n");
	} else {
		web_html(b, "<p>%s</p>", T("No review matches these filters."));
	}
	free(rows);
	if (gatechart_section(rq, b) < 0)
		fprintf(stderr, "revmech serve: the 70 %% gate figures could not be read\n");
	events_section(rq, b, p.draw_id);
	pages_params_in_force(rq, b);
	names_close(&nm);
	programme_free(&p);
	pages_end(rq, b);
}

/* ---- downloads of the programme ---- */

void page_programme_csv(struct web_req *rq, struct web_resp *rs)
{
	struct filt x;
	struct programme p;
	filt_read(rq, &x);
	buf_reset(&rs->body);
	if (x.bad[0]) {
		rs->status = 400;
		rs->ctype = "text/plain; charset=utf-8";
		buf_printf(&rs->body, "bad filter: %s\n", x.bad);
		return;
	}
	if (programme_load(rq->db, &p) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	struct names nm;
	names_open(rq, &nm);
	programme_write_csv(&p, &x.f, name_of, &nm, &rs->body);
	names_close(&nm);
	programme_free(&p);
	rs->status = 200;
	rs->ctype = "text/csv; charset=utf-8";
	web_resp_header(rs, "Content-Disposition", "attachment; filename=\"programme.csv\"");
}

void api_programme(struct web_req *rq, struct web_resp *rs)
{
	struct filt x;
	struct programme p;
	filt_read(rq, &x);
	if (x.bad[0]) {
		char msg[64];
		snprintf(msg, sizeof msg, "bad filter: %s", x.bad);
		web_resp_json_error(rs, 400, "bad_request", msg);
		return;
	}
	if (programme_load(rq->db, &p) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the programme could not be read");
		return;
	}
	struct names nm;
	names_open(rq, &nm);
	json_t *j = programme_to_json(&p, &x.f, name_of, &nm);
	names_close(&nm);
	programme_free(&p);
	json_object_set_new(j, "lang", json_string(rq->lang));
	web_resp_json(rs, 200, j);
}

/* ---- GET /draws/{id} and its files ---- */

/* The event named by the path, or 0 after answering 404. */
static int event_of_path(struct web_req *rq, struct web_resp *rs, struct programme_event *ev,
			 char **doc, char **roster)
{
	long id;
	if (util_parse_long(rq->param[0], 1, 2000000000L, &id) < 0) {
		pages_error(rq, rs, 404);
		return 0;
	}
	int rc = programme_event_get(rq->db, id, ev, doc, roster);
	if (rc != 0) {
		pages_error(rq, rs, rc == 1 ? 404 : 503);
		return 0;
	}
	return 1;
}

/* Where the seed of the event's document came from, as it records it (R51). */
static const char *seed_origin_text(struct web_req *rq, const char *doc)
{
	switch (lots_doc_seed_origin(doc)) {
	case LOTS_ORIGIN_CEREMONY:
		return T("A ceremony: its commitment was published before the meeting, and the seed was revealed there.");
	case LOTS_ORIGIN_GIVEN:
		return T("Not from a ceremony: no commitment to the seed was published before the draw.");
	case LOTS_ORIGIN_MANUAL:
		return T("Drawn by hand and recorded: not reproducible from a seed.");
	default:
		return T("Not recorded in the document.");
	}
}

/* The meeting the event was held at (R237, C42): its reference, and its
 * title and date as recorded. */
static void put_meeting(struct web_req *rq, struct buf *b, const struct programme_event *ev)
{
	if (!ev->meeting[0]) {
		web_html(b, "%s", T("Not recorded"));
		return;
	}
	web_html(b, "<span class=\"meeting-ref\">%s</span>", ev->meeting);
	if (ev->meeting_title[0]) {
		web_html(b, " &middot; <span class=\"meeting-title\">%s</span>", ev->meeting_title);
		if (ev->meeting_held_on[0]) {
			web_html(b, " &middot; <time datetime=\"%s\">", ev->meeting_held_on);
			i18n_put_date(b, rq->lang, ev->meeting_held_on);
			web_html(b, "</time>");
		}
	}
}

/* The drawing event the draw was held at (a ceremony, R51), or, for a
 * redraw, a link to the page of its draw's drawing of lots. */
static void put_drawing_event(struct web_req *rq, struct buf *b, const struct programme_event *ev)
{
	if (ev->ceremony_id) {
		web_html(b, "<dt>%s</dt><dd id=\"drawing-event\" data-ceremony=\"%l\">"
			 "<a href=\"/programme#drawing-event-%l\">%s</a>", T("Drawing event"),
			 (long long)ev->ceremony_id, (long long)ev->ceremony_id,
			 T("Announced before the meeting with the commitment to its seed, held at it"));
		if (ev->ceremony_held_on[0]) {
			web_html(b, " &middot; <time datetime=\"%s\">", ev->ceremony_held_on);
			i18n_put_date(b, rq->lang, ev->ceremony_held_on);
			web_html(b, "</time>");
		}
		web_html(b, "</dd>");
	} else if (ev->first_event && ev->first_event != ev->id) {
		web_html(b, "<dt>%s</dt><dd id=\"drawing-event\"><a href=\"/draws/%l\">%s</a></dd>",
			 T("Drawing event"), (long long)ev->first_event,
			 T("The drawing of lots this redraw changes"));
	}
}

void page_draw(struct web_req *rq, struct web_resp *rs)
{
	struct programme_event ev;
	struct buf *b = &rs->body;
	char *doc = NULL, *roster = NULL;
	if (!event_of_path(rq, rs, &ev, &doc, &roster))
		return;
	free(roster);
	struct buf rep = { 0 };
	int found = 1;
	int v = programme_event_verify(rq->db, ev.id, &found, &rep);
	pages_begin(rq, b, strcmp(ev.kind, "lots") == 0 ? T("Drawing of lots") : T("Redraw"));
	web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd><time datetime=\"%s\">", T("Date"),
		 ev.created_at);
	i18n_put_date(b, rq->lang, ev.created_at);
	web_html(b, "</time></dd><dt>%s</dt><dd id=\"meeting\">", T("Meeting"));
	put_meeting(rq, b, &ev);
	web_html(b, "</dd>");
	put_drawing_event(rq, b, &ev);
	web_html(b, "<dt>%s</dt><dd>%s</dd>"
		 "<dt>%s</dt><dd><code>%s</code></dd><dt>%s</dt><dd><code>%s</code></dd>"
		 "<dt>%s</dt><dd>%s</dd>",
		 T("Run by"), ev.run_by[0] ? ev.run_by : T("Not recorded"),
		 T("Seed"), ev.seed, T("Roster hash (SHA-256)"), ev.roster_sha256,
		 T("Programme"), ev.current ? T("Current programme") : T("Superseded"));
	web_html(b, "<dt>%s</dt><dd id=\"seed-origin\">%s</dd>", T("Origin of the seed"),
		 seed_origin_text(rq, doc));
	free(doc);
	web_html(b, "<dt>%s</dt><dd id=\"verification\" class=\"%s\">%s</dd></dl>\n",
		 T("Verification"), v == 0 ? "status-on" : "",
		 v == 0 ? T("Valid: every rule holds and the document is the draw of its seed.")
			: T("Not valid: the independent verifier reports violations."));
	if (v > 0)
		web_html(b, "<pre class=\"report\">%s</pre>\n", buf_str(&rep));
	buf_free(&rep);
	web_html(b, "<section class=\"card\"><h2>%s</h2>\n<ul>"
		 "<li><a href=\"/draws/%l/document.json\" download>%s</a></li>"
		 "<li><a href=\"/draws/%l/roster.csv\" download>%s</a></li></ul>\n"
		 "<p>%s</p><pre class=\"cmd\">revmech draw verify --roster roster.csv --seed %s "
		 "document.json</pre>\n</section>\n",
		 T("Check it yourself"), (long long)ev.id, T("Drawing document (JSON)"),
		 (long long)ev.id, T("Roster (CSV)"),
		 T("With both files, anyone can re-run the independent verifier:"), ev.draw_seed);
	/* The drawing events held since the draw (lotsev, issue 12). */
	if (strcmp(ev.kind, "lots") == 0)
		pages_draw_ops_section(rq, b, ev.draw_id, ev.id);
	web_html(b, "<p><a href=\"/programme\">%s</a></p>\n", T("Programme of country reviews"));
	pages_end(rq, b);
}

void page_draw_document(struct web_req *rq, struct web_resp *rs)
{
	struct programme_event ev;
	char *doc = NULL, *roster = NULL;
	if (!event_of_path(rq, rs, &ev, &doc, &roster))
		return;
	buf_reset(&rs->body);
	buf_puts(&rs->body, doc);
	free(doc);
	free(roster);
	rs->status = 200;
	rs->ctype = "application/json";
	char cd[96];
	snprintf(cd, sizeof cd, "attachment; filename=\"draw-%lld.json\"", (long long)ev.id);
	web_resp_header(rs, "Content-Disposition", cd);
}

void page_draw_roster(struct web_req *rq, struct web_resp *rs)
{
	struct programme_event ev;
	char *doc = NULL, *roster = NULL;
	if (!event_of_path(rq, rs, &ev, &doc, &roster))
		return;
	buf_reset(&rs->body);
	buf_puts(&rs->body, roster); /* the exact bytes the hash is of */
	free(doc);
	free(roster);
	rs->status = 200;
	rs->ctype = "text/csv; charset=utf-8";
	char cd[96];
	snprintf(cd, sizeof cd, "attachment; filename=\"roster-%lld.csv\"", (long long)ev.id);
	web_resp_header(rs, "Content-Disposition", cd);
}

/* ---- GET /reviews/{state} ---- */

void page_review(struct web_req *rq, struct web_resp *rs)
{
	struct buf *b = &rs->body;
	const char *code = rq->param[0];
	char name[256];
	struct programme p;
	if (strlen(code) != 3 || refdata_state_name(rq->db, code, rq->lang, name, sizeof name) < 0) {
		pages_error(rq, rs, 404);
		return;
	}
	if (programme_load(rq->db, &p) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	const struct programme_review *r = programme_find(&p, code);
	if (!r) {
		programme_free(&p);
		pages_error(rq, rs, 404);
		return;
	}
	char title[320];
	snprintf(title, sizeof title, "%s", name);
	pages_begin(rq, b, title);
	web_html(b, "<p class=\"lead\">%s</p>\n", T("Country review"));
	/* What the reader is in this review (a display choice, decided by
	 * the access module); its confidential parts come with the
	 * country-review issues, behind ACCESS_REVIEW_READ. */
	const char *codes[PROGRAMME_MAX_REVIEWERS];
	for (size_t k = 0; k < r->n; k++)
		codes[k] = r->r[k].state;
	struct access_review ar = { .reviewed = r->reviewed, .reviewers = codes, .nreviewers = r->n };
	struct access_object obj = { .review = &ar };
	struct access_actor actor = web_req_actor(rq);
	if (access_allowed(&actor, ACCESS_REVIEW_READ, &obj)) {
		enum access_part part = access_review_part(&rq->user, &ar);
		web_html(b, "<p class=\"notice\">%s %s</p>\n", T("Your part in this review:"),
			 part == ACCESS_PART_REVIEWED ? T("State under review") :
			 part == ACCESS_PART_REVIEWER ? T("Reviewing State") : T("Secretariat"));
	}
	web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd>", T("Year"));
	i18n_put_number(b, rq->lang, r->year);
	web_html(b, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", T("Regional group"),
		 group_label(rq, r->group), T("Instruments"));
	put_instruments(rq, b, r->instruments);
	web_html(b, "</dd></dl>\n<section class=\"card\"><h2>%s</h2>\n", T("Reviewing States"));
	struct names nm = { rq, NULL, NULL, 0 }; /* a few names: looked up one by one */
	reviewers_cell(rq, b, r, &nm);
	web_html(b, "</section>\n<section class=\"card\"><h2>%s</h2>\n", T("Phases"));
	struct programme_phase ph[8];
	size_t nph = 0;
	if (programme_phases(rq->db, r->year, ph, 8, &nph) < 0)
		nph = 0;
	web_html(b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">"
		 "<table class=\"phases\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
		 "</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
		 T("Phases"), T("Phase"), T("Thematic cluster"), T("Calendar years"));
	for (size_t i = 0; i < nph; i++) {
		web_html(b, "<tr><td>");
		i18n_put_number(b, rq->lang, ph[i].stage);
		web_html(b, "</td><td>%s</td><td class=\"years\">", cluster_label(rq, ph[i].cluster));
		i18n_put_year(b, rq->lang, ph[i].first_cal);
		web_html(b, "–");
		i18n_put_year(b, rq->lang, ph[i].last_cal);
		web_html(b, "</td></tr>\n");
	}
	web_html(b, "</tbody></table></div>\n</section>\n"
		 "<p><a href=\"/programme\">%s</a></p>\n", T("Programme of country reviews"));
	programme_free(&p);
	pages_end(rq, b);
}
