/* pages_overview.c - the Secretariat's overview of the programme (issue
 * 10; spec R140; docs/overview.md): per cohort and phase how many reviews
 * stand at each step of R90, as a table and as an SVG chart drawn by the
 * server (stacked bars; mirrored for a right-to-left language, like
 * gatechart.c), the 70 % gate's figures, the deadlines that are past, and
 * the CSV of both.  Counts per cohort and phase; the list of overdue
 * deadlines is ordered by cohort, kind and State code, never by lateness:
 * no ranking of States (para 4 b, R136).  Route rule ACCESS_OVERVIEW_READ
 * (the Secretariat); the figures are review/overview's and review/overdue's. */
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "review/overdue.h"
#include "review/respreport.h"
#include "review/overview.h"
#include "review/phase.h"
#include "web/gatechart.h"
#include "web/handlers.h"

#define W 720
#define H 340
#define LEFT 56
#define TOP 24
#define BOTTOM 60
#define COHORTS 3
#define STEPS (PHASE_STATE_COUNT + 1) /* the states, and "no state yet" */

static const char *const fills[STEPS] = {
	"#d9d9d9", "#1f5f8b", "#3d8fbf", "#76b3d6", "#b3d4ea", "#7a9a01", "#2e7d32", "#004d40",
	"#b00020", "#f0f0f0",
};

static const char *step_label(struct web_req *rq, int st)
{
	switch (st) {
	case PHASE_NOT_STARTED: return T("Not started");
	case PHASE_QUESTIONNAIRE: return T("Questionnaire in progress");
	case PHASE_RESPONSES: return T("Responses submitted");
	case PHASE_OBSERVATIONS: return T("Observations submitted");
	case PHASE_DIALOGUE: return T("Dialogue");
	case PHASE_DRAFT_LIST: return T("Draft list of observations");
	case PHASE_LIST_AGREED: return T("List of observations agreed");
	case PHASE_SUMMARY_AGREED: return T("Summary agreed");
	case PHASE_SUSPENDED: return T("Suspended");
	default: return T("Phase not open yet");
	}
}

static const char *kind_label(struct web_req *rq, int k)
{
	switch (k) {
	case OVERDUE_FOCAL_POINT: return T("Focal point not named");
	case OVERDUE_EXPERTS: return T("Governmental experts not named");
	case OVERDUE_RESPONSES: return T("Responses not submitted");
	case OVERDUE_OBSERVATIONS: return T("Written observations not made");
	case OVERDUE_LIST: return T("List of observations not agreed by the date agreed");
	default: return "";
	}
}

static long step_count(const struct overview_cell *c, int k)
{
	return k < PHASE_STATE_COUNT ? c->count[k] : c->none;
}

static int xpos(int rtl, int x)
{
	return rtl ? W - x : x;
}

static void chart(struct web_req *rq, struct buf *b, const struct overview *o)
{
	const struct i18n_lang *l = i18n_find(rq->lang);
	int rtl = l && strcmp(l->dir, "rtl") == 0;
	int plot_h = H - TOP - BOTTOM, plot_w = W - LEFT - 16;
	int group_w = plot_w / COHORTS, bar_w = (group_w - 24) / PHASE_COUNT;
	long max = 1;
	for (int c = 0; c < COHORTS; c++)
		for (int p = 0; p < PHASE_COUNT; p++)
			if (o->cell[c][p].reviews > max)
				max = o->cell[c][p].reviews;
	web_html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"overview-chart\" "
		 "id=\"overview-chart\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
		 "aria-labelledby=\"ov-title ov-desc\" direction=\"%r\" font-family=\"Noto Sans, "
		 "sans-serif\" font-size=\"12\">\n<title id=\"ov-title\">%s</title>\n<desc "
		 "id=\"ov-desc\">%s</desc>\n", W, H, rtl ? "rtl" : "ltr",
		 T("Reviews at each step, per cohort and phase"),
		 T("One stacked bar per phase of each cohort: its reviews by the step they stand "
		   "at. The table below gives the same figures."));
	/* Axis: 0 and the largest cohort. */
	static const int ticks[] = { 0, 500, 1000 };
	for (size_t i = 0; i < 3; i++) {
		int y = TOP + plot_h - ticks[i] * plot_h / 1000;
		web_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c8c8c8\"/>\n"
			 "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"tick\">",
			 xpos(rtl, LEFT), y, xpos(rtl, W - 16), y, xpos(rtl, LEFT - 6), y + 4);
		i18n_put_number(b, rq->lang, max * ticks[i] / 1000);
		web_html(b, "</text>\n");
	}
	for (int c = 0; c < COHORTS; c++) {
		int gx = LEFT + c * group_w + 12;
		for (int p = 0; p < PHASE_COUNT; p++) {
			const struct overview_cell *cell = &o->cell[c][p];
			int x = gx + p * bar_w, y = TOP + plot_h;
			int rx = rtl ? W - x - (bar_w - 4) : x;
			for (int k = 0; k < STEPS; k++) {
				long n = step_count(cell, k);
				int h = (int)(n * plot_h / max);
				if (n == 0)
					continue;
				y -= h;
				web_html(b, "<rect class=\"seg\" data-cohort=\"%d\" data-phase=\"%d\" "
					 "data-step=\"%s\" data-count=\"%l\" x=\"%d\" y=\"%d\" "
					 "width=\"%d\" height=\"%d\" fill=\"%r\"><title>%s: ", c + 1,
					 p + 1, k < PHASE_STATE_COUNT ? phase_state_name(k) : "none",
					 (long long)n, rx, y, bar_w - 4, h, fills[k], step_label(rq, k));
				i18n_put_number(b, rq->lang, n);
				web_html(b, "</title></rect>\n");
			}
			web_html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">",
				 xpos(rtl, x + (bar_w - 4) / 2), TOP + plot_h + 14);
			i18n_put_number(b, rq->lang, p + 1);
			web_html(b, "</text>\n");
		}
		web_html(b, "<text class=\"cohort\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s ",
			 xpos(rtl, gx + (PHASE_COUNT * bar_w) / 2), TOP + plot_h + 34, T("Cohort"));
		i18n_put_number(b, rq->lang, c + 1);
		web_html(b, "</text>\n");
	}
	web_html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>\n"
		 "</svg>\n", W / 2, H - 4, T("Bars: phases 1 to 4 of each cohort"));
	/* The legend, as a list (the colours and their steps). */
	web_html(b, "<ul class=\"legend\" id=\"overview-legend\">");
	for (int k = 0; k < STEPS; k++)
		web_html(b, "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect "
			 "width=\"12\" height=\"12\" fill=\"%r\"/></svg> %s</li>", fills[k],
			 step_label(rq, k < PHASE_STATE_COUNT ? k : -1));
	web_html(b, "</ul>\n");
}

static void table(struct web_req *rq, struct buf *b, const struct overview *o)
{
	web_html(b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">"
		 "<table id=\"overview-table\"><caption>%s</caption><thead><tr><th scope=\"col\">"
		 "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		 T("Reviews at each step, per cohort and phase"),
		 T("Reviews at each step, per cohort and phase"), T("Cohort"), T("Phase"),
		 T("Reviews"));
	for (int k = 0; k < STEPS; k++)
		web_html(b, "<th scope=\"col\">%s</th>", step_label(rq, k < PHASE_STATE_COUNT ? k : -1));
	web_html(b, "<th scope=\"col\">%s</th></tr></thead><tbody>\n", T("The 70 per cent gate"));
	for (int c = 0; c < COHORTS; c++)
		for (int p = 0; p < PHASE_COUNT; p++) {
			const struct overview_cell *cell = &o->cell[c][p];
			web_html(b, "<tr data-cohort=\"%d\" data-phase=\"%d\"><td>", c + 1, p + 1);
			i18n_put_number(b, rq->lang, c + 1);
			web_html(b, "</td><td>");
			i18n_put_number(b, rq->lang, p + 1);
			web_html(b, "</td><td>");
			i18n_put_number(b, rq->lang, cell->reviews);
			web_html(b, "</td>");
			for (int k = 0; k < STEPS; k++) {
				web_html(b, "<td data-step=\"%s\">",
					 k < PHASE_STATE_COUNT ? phase_state_name(k) : "none");
				i18n_put_number(b, rq->lang, step_count(cell, k));
				web_html(b, "</td>");
			}
			web_html(b, "<td>");
			if (cell->gate.started) {
				i18n_put_percent(b, rq->lang, cell->gate.permille);
				web_html(b, " (");
				i18n_put_number(b, rq->lang, cell->gate.completed);
				web_html(b, " / ");
				i18n_put_number(b, rq->lang, cell->gate.planned);
				web_html(b, ")");
			} else
				web_html(b, "%s", T("Not started"));
			web_html(b, "</td></tr>\n");
		}
	web_html(b, "</tbody></table></div>\n");
}

static void overdue_chart(struct web_req *rq, struct buf *b, const struct overdue *od);

static void overdue_section(struct web_req *rq, struct buf *b, const struct overdue *od)
{
	web_html(b, "<section class=\"card\" id=\"overdue\"><h2>%s</h2>\n<table "
		 "id=\"overdue-counts\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>",
		 T("Deadlines past"), T("Deadlines past, per cohort"), T("Cohort"));
	for (int k = 0; k < OVERDUE_KINDS; k++)
		web_html(b, "<th scope=\"col\">%s</th>", kind_label(rq, k));
	web_html(b, "</tr></thead><tbody>");
	for (int c = 0; c < COHORTS; c++) {
		web_html(b, "<tr data-cohort=\"%d\"><td>", c + 1);
		i18n_put_number(b, rq->lang, c + 1);
		web_html(b, "</td>");
		for (int k = 0; k < OVERDUE_KINDS; k++) {
			web_html(b, "<td data-kind=\"%s\">", overdue_kind_name(k));
			i18n_put_number(b, rq->lang, od->count[c][k]);
			web_html(b, "</td>");
		}
		web_html(b, "</tr>");
	}
	web_html(b, "</tbody></table>\n");
	overdue_chart(rq, b, od);
	web_html(b, "<p class=\"hint\">%s</p>\n",
		 T("Listed by cohort, kind and State code, so that the Secretariat can remind "
		   "them; not a ranking (paragraph 4 b)."));
	web_html(b, "<table id=\"overdue-list\"><thead><tr><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th></tr></thead><tbody>", T("Cohort"), T("Deadline"),
		 T("Phase"), T("State"), T("Due"));
	for (size_t i = 0; i < od->n; i++) {
		const struct overdue_item *it = &od->items[i];
		web_html(b, "<tr data-cohort=\"%d\" data-kind=\"%s\" data-phase=\"%d\" "
			 "data-state=\"%s\"><td>", it->cohort, overdue_kind_name(it->kind),
			 it->phase, it->state);
		i18n_put_number(b, rq->lang, it->cohort);
		web_html(b, "</td><td>%s</td><td>", kind_label(rq, it->kind));
		if (it->phase)
			i18n_put_number(b, rq->lang, it->phase);
		web_html(b, "</td><td><a href=\"/country/%u\">", it->state);
		pages_put_state_name(rq, b, it->state);
		web_html(b, "</a></td><td>");
		i18n_put_date(b, rq->lang, it->due);
		web_html(b, "</td></tr>");
	}
	if (od->n == 0)
		web_html(b, "<tr><td colspan=\"5\">%s</td></tr>", T("No deadline is past."));
	web_html(b, "</tbody></table>\n</section>\n");
}

/* The deadlines past as an SVG chart: per cohort one bar per kind (the
 * written observations of para 35 among them), mirrored for a
 * right-to-left language; the counts table above gives the same figures. */
#define OD_H 200
static const char *const od_fills[OVERDUE_KINDS] = { "#b00020", "#e65100", "#1f5f8b", "#7a9a01",
						       "#6a1b9a" };

static void overdue_chart(struct web_req *rq, struct buf *b, const struct overdue *od)
{
	const struct i18n_lang *l = i18n_find(rq->lang);
	int rtl = l && strcmp(l->dir, "rtl") == 0;
	int plot_h = OD_H - TOP - 40, group_w = (W - LEFT - 16) / COHORTS;
	int bar_w = (group_w - 24) / OVERDUE_KINDS;
	long max = 1;
	for (int c = 0; c < COHORTS; c++)
		for (int k = 0; k < OVERDUE_KINDS; k++)
			if (od->count[c][k] > max)
				max = od->count[c][k];
	web_html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"overview-chart\" "
		 "id=\"overdue-chart\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
		 "aria-labelledby=\"od-title\" direction=\"%r\" font-family=\"Noto Sans, "
		 "sans-serif\" font-size=\"12\">\n<title id=\"od-title\">%s</title>\n", W, OD_H,
		 rtl ? "rtl" : "ltr", T("Deadlines past, per cohort"));
	for (int c = 0; c < COHORTS; c++) {
		int gx = LEFT + c * group_w + 12;
		for (int k = 0; k < OVERDUE_KINDS; k++) {
			long n = od->count[c][k];
			int h = (int)(n * plot_h / max), x = gx + k * bar_w;
			int rx = rtl ? W - x - (bar_w - 4) : x;
			web_html(b, "<rect class=\"od\" data-cohort=\"%d\" data-kind=\"%s\" "
				 "data-count=\"%l\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				 "fill=\"%r\"><title>%s: ", c + 1, overdue_kind_name(k), (long long)n, rx,
				 TOP + plot_h - h, bar_w - 4, h, od_fills[k], kind_label(rq, k));
			i18n_put_number(b, rq->lang, n);
			web_html(b, "</title></rect>\n");
		}
		web_html(b, "<text class=\"cohort\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s ",
			 xpos(rtl, gx + (OVERDUE_KINDS * bar_w) / 2), TOP + plot_h + 18, T("Cohort"));
		i18n_put_number(b, rq->lang, c + 1);
		web_html(b, "</text>\n");
	}
	web_html(b, "</svg>\n<ul class=\"legend\" id=\"overdue-legend\">");
	for (int k = 0; k < OVERDUE_KINDS; k++)
		web_html(b, "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect "
			 "width=\"12\" height=\"12\" fill=\"%r\"/></svg> %s</li>", od_fills[k],
			 kind_label(rq, k));
	web_html(b, "</ul>\n");
}

static const char *status_label(struct web_req *rq, int st)
{
	switch (st) {
	case RESPREPORT_NO_REPLY: return T("No reply yet");
	case RESPREPORT_OVERDUE: return T("No reply, deadline past");
	case RESPREPORT_RESPONDED: return T("Responded");
	case RESPREPORT_LATE: return T("Responded late");
	case RESPREPORT_UPDATED: return T("Responded, then updated");
	default: return "";
	}
}

/* R140: the response status per cohort and phase, the clarification
 * requests and replies, then per State (by cohort, phase and code: so that
 * the Secretariat can follow them up, not a ranking). */
static void responses_section(struct web_req *rq, struct buf *b, const struct respreport *rr)
{
	web_html(b, "<section class=\"card\" id=\"responses\"><h2>%s</h2>\n<div class=\"scroll\" "
		 "tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table id=\"responses-counts\">"
		 "<caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
		 "</th>", T("Responses"), T("Responses per cohort and phase"),
		 T("Responses per cohort and phase"), T("Cohort"), T("Phase"));
	for (int k = 0; k < RESPREPORT_STATUSES; k++)
		web_html(b, "<th scope=\"col\">%s</th>", status_label(rq, k));
	web_html(b, "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 T("Clarification requests: reviews asked / all replied"));
	for (int c = 0; c < COHORTS; c++)
		for (int p = 0; p < PHASE_COUNT; p++) {
			long any = 0;
			for (int k = 0; k < RESPREPORT_STATUSES; k++)
				any += rr->count[c][p][k];
			if (!any)
				continue;
			web_html(b, "<tr data-cohort=\"%d\" data-phase=\"%d\"><td>", c + 1, p + 1);
			i18n_put_number(b, rq->lang, c + 1);
			web_html(b, "</td><td>");
			i18n_put_number(b, rq->lang, p + 1);
			web_html(b, "</td>");
			for (int k = 0; k < RESPREPORT_STATUSES; k++) {
				web_html(b, "<td data-status=\"%s\">", respreport_status_name(k));
				i18n_put_number(b, rq->lang, rr->count[c][p][k]);
				web_html(b, "</td>");
			}
			web_html(b, "<td data-requests=\"%ld/%ld\">", rr->asked[c][p],
				 rr->answered[c][p]);
			i18n_put_number(b, rq->lang, rr->asked[c][p]);
			web_html(b, " / ");
			i18n_put_number(b, rq->lang, rr->answered[c][p]);
			web_html(b, "</td></tr>");
		}
	web_html(b, "</tbody></table></div>\n<table id=\"responses-list\"><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead><tbody>", T("Cohort"), T("Phase"), T("State"), T("Status"),
		 T("Deadline"), T("Clarification requests: asked / replied"));
	for (size_t i = 0; i < rr->n; i++) {
		const struct respreport_row *w = &rr->rows[i];
		web_html(b, "<tr data-cohort=\"%d\" data-phase=\"%d\" data-state=\"%s\" "
			 "data-status=\"%s\"><td>", w->cohort, w->phase, w->state,
			 respreport_status_name(w->status));
		i18n_put_number(b, rq->lang, w->cohort);
		web_html(b, "</td><td>");
		i18n_put_number(b, rq->lang, w->phase);
		web_html(b, "</td><td><a href=\"/country/%u\">", w->state);
		pages_put_state_name(rq, b, w->state);
		web_html(b, "</a></td><td>%s</td><td>", status_label(rq, w->status));
		if (w->deadline[0])
			i18n_put_date(b, rq->lang, w->deadline);
		web_html(b, "</td><td>");
		i18n_put_number(b, rq->lang, w->requests);
		web_html(b, " / ");
		i18n_put_number(b, rq->lang, w->replied);
		web_html(b, "</td></tr>");
	}
	if (rr->n == 0)
		web_html(b, "<tr><td colspan=\"6\">%s</td></tr>",
			 T("No questionnaire has been opened yet."));
	web_html(b, "</tbody></table>\n</section>\n");
}

void page_overview(struct web_req *rq, struct web_resp *rs)
{
	struct overview o;
	struct overdue od;
	if (overview_load(rq->db, &o) < 0 || overdue_load(rq->db, NULL, &od) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Overview of the reviews"));
	web_html(b, "<p>%s</p>\n<p><a id=\"overview-csv\" href=\"/overview.csv\">%s"
		 "</a> &middot; <a id=\"overdue-csv\" href=\"/overview.csv?part=overdue\">%s</a>"
		 " &middot; <a id=\"responses-csv\" href=\"/overview.csv?part=responses\">%s</a></p>\n",
		 T("How many reviews stand at each step, per cohort and phase, and which deadlines "
		   "are past. Counts only: no State is ranked (paragraph 4 b)."),
		 T("Download the counts (CSV)"), T("Download the deadlines past (CSV)"),
		 T("Download the response status (CSV)"));
	if (!o.available)
		web_html(b, "<p id=\"no-draw\">%s</p>", T("No drawing of lots is current yet."));
	web_html(b, "<section class=\"card\" id=\"steps\"><h2>%s</h2>\n",
		 T("Reviews at each step, per cohort and phase"));
	chart(rq, b, &o);
	table(rq, b, &o);
	web_html(b, "</section>\n");
	overdue_section(rq, b, &od);
	struct respreport rr;
	if (respreport_load(rq->db, NULL, &rr) < 0) {
		overdue_free(&od);
		pages_error(rq, rs, 503);
		return;
	}
	responses_section(rq, b, &rr);
	respreport_free(&rr);
	if (gatechart_section(rq, b) < 0) {
		overdue_free(&od);
		pages_error(rq, rs, 503);
		return;
	}
	pages_end(rq, b);
	overdue_free(&od);
}

void page_overview_csv(struct web_req *rq, struct web_resp *rs)
{
	const char *part = web_req_query(rq, "part");
	buf_reset(&rs->body);
	if (part && strcmp(part, "overdue") == 0) {
		struct overdue od;
		if (overdue_load(rq->db, NULL, &od) < 0) {
			pages_error(rq, rs, 503);
			return;
		}
		overdue_csv(&od, &rs->body);
		overdue_free(&od);
		web_resp_header(rs, "Content-Disposition", "attachment; filename=\"overdue.csv\"");
	} else if (part && strcmp(part, "responses") == 0) {
		struct respreport rr;
		if (respreport_load(rq->db, NULL, &rr) < 0) {
			pages_error(rq, rs, 503);
			return;
		}
		respreport_csv(&rr, &rs->body);
		respreport_free(&rr);
		web_resp_header(rs, "Content-Disposition", "attachment; filename=\"responses.csv\"");
	} else if (part && *part) {
		pages_error(rq, rs, 404);
		return;
	} else {
		struct overview o;
		if (overview_load(rq->db, &o) < 0) {
			pages_error(rq, rs, 503);
			return;
		}
		overview_csv(&o, &rs->body);
		web_resp_header(rs, "Content-Disposition", "attachment; filename=\"overview.csv\"");
	}
	rs->status = 200;
	rs->ctype = "text/csv; charset=utf-8";
}
