/* api_overview.c - the Secretariat's overview over the API (issue 10;
 * R140): GET /api/v1/overview, the figures of /overview and of its two
 * CSV files as JSON, for the Secretariat's own tools.  Counts per cohort,
 * phase and step of R90 with the 70 % gate's figures; the deadlines past,
 * listed by cohort, kind, phase and State code, never by lateness, and no
 * score (para 4 b, R136: no ranking).  The route table admits the
 * Secretariat only (ACCESS_OVERVIEW_READ). */
#include "web/handlers.h"

#include "review/overdue.h"
#include "review/overview.h"
#include "review/phase.h"
#include "review/respreport.h"
#include "web/http.h"

static json_t *cell_json(int cohort, int phase, const struct overview_cell *c)
{
	json_t *steps = json_object();
	for (int k = 0; k < PHASE_STATE_COUNT; k++)
		json_object_set_new(steps, phase_state_name(k), json_integer(c->count[k]));
	json_t *gate = json_pack("{s:b,s:I,s:I,s:b}", "started", c->gate.started, "planned",
				 (json_int_t)c->gate.planned, "completed",
				 (json_int_t)c->gate.completed, "by_decision", c->gate.decision);
	/* percent: one decimal, null while the phase has not started (as the CSV). */
	json_object_set_new(gate, "percent", c->gate.started
			    ? json_real(c->gate.permille / 10.0) : json_null());
	return json_pack("{s:i,s:i,s:I,s:o,s:I,s:o}", "cohort", cohort, "phase", phase, "reviews",
			 (json_int_t)c->reviews, "steps", steps, "none", (json_int_t)c->none,
			 "gate", gate);
}

void api_overview(struct web_req *rq, struct web_resp *rs)
{
	struct overview o;
	struct overdue od;
	if (overview_load(rq->db, &o) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the overview could not be read");
		return;
	}
	if (overdue_load(rq->db, NULL, &od) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the deadlines could not be read");
		return;
	}
	json_t *cells = json_array(), *counts = json_array(), *items = json_array();
	for (int c = 0; o.available && c < 3; c++)
		for (int p = 0; p < PHASE_COUNT; p++)
			json_array_append_new(cells, cell_json(c + 1, p + 1, &o.cell[c][p]));
	for (int c = 0; c < 3; c++) {
		json_t *k = json_object();
		for (int i = 0; i < OVERDUE_KINDS; i++)
			json_object_set_new(k, overdue_kind_name(i), json_integer(od.count[c][i]));
		json_array_append_new(counts, json_pack("{s:i,s:o}", "cohort", c + 1, "overdue", k));
	}
	for (size_t i = 0; i < od.n; i++) {
		const struct overdue_item *it = &od.items[i];
		json_array_append_new(items, json_pack("{s:i,s:o,s:s,s:s,s:s}", "cohort", it->cohort,
						       "phase", it->phase ? json_integer(it->phase)
						       : json_null(), "kind",
						       overdue_kind_name(it->kind), "state", it->state,
						       "due", it->due));
	}
	overdue_free(&od);
	struct respreport rr;
	if (respreport_load(rq->db, NULL, &rr) < 0) {
		json_decref(cells);
		json_decref(counts);
		json_decref(items);
		web_resp_json_error(rs, 503, "unavailable", "the responses could not be read");
		return;
	}
	json_t *resp = json_array();
	for (size_t i = 0; i < rr.n; i++) {
		const struct respreport_row *w = &rr.rows[i];
		json_array_append_new(resp, json_pack("{s:i,s:i,s:s,s:s,s:s?,s:s?,s:I,s:I}", "cohort",
						      w->cohort, "phase", w->phase, "state",
						      w->state, "status",
						      respreport_status_name(w->status), "deadline",
						      w->deadline[0] ? w->deadline : NULL,
						      "submitted_at",
						      w->submitted_at[0] ? w->submitted_at : NULL,
						      "requests", (json_int_t)w->requests,
						      "replied", (json_int_t)w->replied));
	}
	respreport_free(&rr);
	web_resp_json(rs, 200, json_pack("{s:b,s:o,s:o,s:o,s:o}", "available", o.available,
					 "phases", cells, "overdue_counts", counts, "overdue",
					 items, "responses", resp));
}
