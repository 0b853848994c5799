/* gatechart.h - each cohort's 70 % gate per phase as a chart (issue 9;
 * annex para 10, R37, C14): an SVG drawn by the server (no script, no
 * remote image under the CSP) with its text alternative, a table, in the
 * page's language and direction.  The figures are phase_status_get's. */
#ifndef RM_WEB_GATECHART_H
#define RM_WEB_GATECHART_H

#include "util/buf.h"
#include "web/http.h"

/* Appends to b a section with the chart (inline <svg>) and the table of
 * the same figures, for cohorts 1..3 and phases 1..4 of rq->db.  Returns
 * 0, or -1 when the figures could not be read (nothing appended). */
int gatechart_section(struct web_req *rq, struct buf *b);

#endif
