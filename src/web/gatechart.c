/* gatechart.c - see gatechart.h.  Geometry in a fixed viewBox; for a
 * right-to-left language the x axis is mirrored (cohort 1 and phase 1 on
 * the right, the axis labels on the right) and the <svg> says
 * direction="rtl", so that Arabic labels read in their own order. */
#include "web/gatechart.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "review/phase.h"
#include "web/pages.h"

#define W 640
#define H 300
#define LEFT 56      /* room for the axis labels */
#define TOP 24
#define BOTTOM 56    /* room for the cohort and phase labels */
#define COHORTS 3

static const char *const fills[PHASE_COUNT] = { "#1f5f8b", "#3d8fbf", "#76b3d6", "#b3d4ea" };

/* x of a point laid out left to right, mirrored for right-to-left. */
static int xpos(int rtl, int x)
{
	return rtl ? W - x : x;
}

static void put_pct(const struct web_req *rq, struct buf *b, int permille)
{
	i18n_put_percent(b, rq->lang, permille);
}

int gatechart_section(struct web_req *rq, struct buf *b)
{
	struct phase_status st[COHORTS][PHASE_COUNT];
	for (int c = 0; c < COHORTS; c++)
		for (int p = 0; p < PHASE_COUNT; p++)
			if (phase_status_get(rq->db, c + 1, p + 1, &st[c][p]) < 0)
				return -1;
	const struct i18n_lang *l = i18n_find(rq->lang);
	int rtl = l && strcmp(l->dir, "rtl") == 0;
	int plot_h = H - TOP - BOTTOM, plot_w = W - LEFT - 16;
	int group_w = plot_w / COHORTS, bar_w = (group_w - 24) / PHASE_COUNT;

	web_html(b, "<section class=\"card\" id=\"gate\"><h2>%s</h2>\n<p>%s</p>\n",
		 T("The 70 per cent gate"),
		 T("A cohort enters its next phase when 70 per cent of the reviews planned at the "
		   "start of its current phase are completed, unless the Conference decides "
		   "otherwise (paragraph 10)."));
	web_html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gate-chart\" id=\"gate-chart\" "
		 "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-labelledby=\"gate-title "
		 "gate-desc\" direction=\"%r\" font-family=\"Noto Sans, sans-serif\" "
		 "font-size=\"12\">\n<title id=\"gate-title\">%s</title>\n<desc id=\"gate-desc\">"
		 "%s</desc>\n", W, H, rtl ? "rtl" : "ltr",
		 T("Completed reviews per cohort and phase, against the 70 per cent gate"),
		 T("One bar per phase: the share of the reviews planned at the start of the phase "
		   "that are completed. The line marks 70 per cent. The table below gives the "
		   "same figures."));
	/* Axis: 0, 50, 70 (the gate) and 100 per cent. */
	static const int ticks[] = { 0, 500, 700, 1000 };
	for (size_t i = 0; i < sizeof ticks / sizeof ticks[0]; i++) {
		int y = TOP + plot_h - ticks[i] * plot_h / 1000;
		int gate = ticks[i] == 700;
		web_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%r\" "
			 "stroke-width=\"%r\"%r/>\n", xpos(rtl, LEFT), y, xpos(rtl, W - 16), y,
			 gate ? "#b00020" : "#c8c8c8", gate ? "2" : "1",
			 gate ? " stroke-dasharray=\"6 4\" class=\"gate-line\"" : "");
		web_html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"tick\">",
			 xpos(rtl, LEFT - 6), y + 4);
		put_pct(rq, b, ticks[i]);
		web_html(b, "</text>\n");
	}
	for (int c = 0; c < COHORTS; c++) {
		int gx = LEFT + c * group_w + 12;
		for (int p = 0; p < PHASE_COUNT; p++) {
			const struct phase_status *s = &st[c][p];
			int h = s->started ? s->permille * plot_h / 1000 : 0;
			int x = gx + p * bar_w, y = TOP + plot_h - h;
			int rx = rtl ? W - x - (bar_w - 4) : x;
			web_html(b, "<rect class=\"bar\" data-cohort=\"%d\" data-phase=\"%d\" "
				 "data-permille=\"%d\" data-started=\"%d\" x=\"%d\" y=\"%d\" width=\"%d\" "
				 "height=\"%d\" fill=\"%r\"/>\n", c + 1, p + 1, s->permille, s->started,
				 rx, y, bar_w - 4, h, fills[p]);
			web_html(b, "<text class=\"value\" data-cohort=\"%d\" data-phase=\"%d\" x=\"%d\" "
				 "y=\"%d\" text-anchor=\"middle\" font-size=\"10\">", c + 1, p + 1,
				 xpos(rtl, x + (bar_w - 4) / 2), y - 4);
			if (s->started)
				put_pct(rq, b, s->permille);
			else
				buf_puts(b, "–");
			web_html(b, "</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
				 "font-size=\"10\">", xpos(rtl, x + (bar_w - 4) / 2), TOP + plot_h + 14);
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

	/* The text alternative: the same figures as a table. */
	web_html(b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">"
		 "<table class=\"gate\" id=\"gate-table\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th>", T("The 70 per cent gate"),
		 T("Completed reviews per cohort and phase, against the 70 per cent gate"),
		 T("Cohort"));
	for (int p = 0; p < PHASE_COUNT; p++) {
		web_html(b, "<th scope=\"col\">%s ", T("Phase"));
		i18n_put_number(b, rq->lang, p + 1);
		web_html(b, "</th>");
	}
	web_html(b, "</tr></thead><tbody>\n");
	for (int c = 0; c < COHORTS; c++) {
		web_html(b, "<tr><th scope=\"row\">");
		i18n_put_number(b, rq->lang, c + 1);
		web_html(b, "</th>");
		for (int p = 0; p < PHASE_COUNT; p++) {
			const struct phase_status *s = &st[c][p];
			web_html(b, "<td data-cohort=\"%d\" data-phase=\"%d\">", c + 1, p + 1);
			if (!s->started) {
				web_html(b, "%s</td>", T("Not started"));
				continue;
			}
			put_pct(rq, b, s->permille);
			web_html(b, " (");
			i18n_put_number(b, rq->lang, s->completed);
			web_html(b, " / ");
			i18n_put_number(b, rq->lang, s->planned);
			web_html(b, ")%r</td>", phase_gate_open(s->planned, s->completed) ?
				 " ✓" : "");
		}
		web_html(b, "</tr>\n");
	}
	web_html(b, "</tbody></table></div>\n<p class=\"hint\">%s</p></section>\n",
		 T("In brackets: completed reviews out of those planned at the start of the "
		   "phase; a tick when the gate is open."));
	return 0;
}
