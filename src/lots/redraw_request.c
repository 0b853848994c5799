/* redraw_request.c - a redraw request's own limits (paras 28 d-e, 30;
 * C9, C11; R38's redraw limit and cap) and the refusal that says exactly
 * why no State can replace the reviewer, one msgid per clause
 * (util/msg.h, so that the pages show it in their language).  Split from
 * redraw.c (see redraw_int.h). */
#include <string.h>

#include "lots/redraw_int.h"
#include "util/msg.h"
#include "util/util.h"

/* Each reason is its own clause (msg_append), so that a page can show the
 * refusal in its language; the English is the CLI's and the JSON API's. */
void rd_refusal(const struct rctx *c, const struct why *w, char *err, size_t errlen)
{
	const struct roster *r = c->r;
	const char *sc = r->v[c->s].code, *xo = r->v[c->x_old].code;
	const struct lots_review *v = &c->d->reviews[c->vi];
	msg_set(err, errlen, N_("rule '%s reviewer' cannot be met for %s: no State can replace %s; "
				"of the %d other States that may review (besides %s)"),
		lots_role_code(v->r[c->k].role), sc, xo, w->eligible, xo);
	if (w->region && c->k == 0)
		msg_append(err, errlen, N_(", %d are of another regional group"), w->region);
	else if (w->region && c->k == 1)
		msg_append(err, errlen, N_(", %d are of the same regional group"), w->region);
	else if (w->region)
		msg_append(err, errlen, N_(", %d are not party to the slot's instruments"), w->region);
	if (w->in_review)
		msg_append(err, errlen, N_(", %d already review %s"), w->in_review, sc);
	if (w->replaced)
		msg_append(err, errlen, N_(", %d were replaced earlier in this review (never drawn "
					   "back, C9)"), w->replaced);
	if (w->recip)
		msg_append(err, errlen, N_(", %d are or were reviewed by %s (no reciprocal pair at any "
					   "time, para 28 a)"), w->recip, sc);
	if (w->compose && c->max_reviewers == 4)
		msg_append(err, errlen, N_(", %d would leave an instrument of %s without two reviewers "
					   "within four (paras 26, 28 b-c)"), w->compose, sc);
	else if (w->compose)
		msg_append(err, errlen, N_(", %d would leave an instrument of %s without two reviewers "
					   "within the cap (paras 26, 28 b-c)"), w->compose, sc);
	if (w->full)
		msg_append(err, errlen, N_(", %d are at their limit of reviews and no chain of "
					   "reassignments frees one (para 29)"), w->full);
	if (w->zero)
		msg_append(err, errlen, N_(", %d would leave a State with no review and no chain of "
					   "reassignments gives it another (para 29)"), w->zero);
}

/* Checks the request; returns LOTS_OK or LOTS_EINPUT / LOTS_EINFEASIBLE
 * with err set.  Sets c->vi, c->s, c->k, c->x_old and *requester. */
int rd_check_request(struct rctx *c, const struct lots_redraw_req *req, int *requester,
		     char *err, size_t errlen)
{
	const struct roster *r = c->r;
	const struct lots_draw *d = c->d;
	long s = roster_find(r, req->reviewed ? req->reviewed : "");
	long x_old = roster_find(r, req->replace ? req->replace : "");
	long q = roster_find(r, req->requested_by ? req->requested_by : "");
	if (s < 0 || c->rvi[s] < 0) {
		msg_set(err, errlen, N_("--reviewed: %s is not reviewed in this draw"),
			 req->reviewed ? req->reviewed : "(none)");
		return LOTS_EINPUT;
	}
	const struct lots_review *v = &d->reviews[c->rvi[s]];
	int k = -1;
	for (int j = 0; x_old >= 0 && j < v->n; j++)
		if (v->r[j].state == x_old)
			k = j;
	if (k < 0) {
		msg_set(err, errlen, N_("--replace: %s does not review %s"),
			 req->replace ? req->replace : "(none)", r->v[s].code);
		return LOTS_EINPUT;
	}
	if (q < 0 || (q != s && !rd_in_review(v, (int)q))) {
		msg_set(err, errlen, N_("--requested-by: %s is neither %s nor one of its reviewers"),
			 req->requested_by ? req->requested_by : "(none)", r->v[s].code);
		return LOTS_EINPUT;
	}
	if (q != s && q != x_old) {
		msg_set(err, errlen, N_("--requested-by: a reviewer may only ask to redraw its own "
			 "slot (%s cannot ask to replace %s)"), r->v[q].code, r->v[x_old].code);
		return LOTS_EINPUT;
	}
	if (req->reason < 0 || req->reason >= LOTS_REASON_COUNT) {
		msg_const(err, errlen, N_("--reason: unknown reason"));
		return LOTS_EINPUT;
	}
	if (req->reason >= LOTS_REASON_EXCEPTIONAL && (!req->note || !*req->note)) {
		msg_set(err, errlen, N_("--note: reason %s needs a note (paras 28 e, 30)"),
			 lots_reason_code(req->reason));
		return LOTS_EINPUT;
	}
	if (req->reason == LOTS_REASON_EXCEPTIONAL && (!req->decision || !*req->decision)) {
		msg_const(err, errlen, N_("--decision: reason exceptional needs the reference of the "
			 "recorded decision that allows it (para 28 e)"));
		return LOTS_EINPUT;
	}
	int counted = 0;
	for (size_t i = 0; i < d->nredraws; i++) {
		const struct lots_redraw *w = &d->redraws[i];
		counted += w->reviewed == s && w->requested_by == q &&
			   w->reason < LOTS_REASON_EXCEPTIONAL;
	}
	/* The limit of the parameters the draw used (R38; 4 in the annex). */
	struct lots_params ptmp;
	int limit = lots_draw_params(d, &ptmp)->redraw_limit;
	if (req->reason < LOTS_REASON_EXCEPTIONAL && counted >= limit) {
		if (limit == 4)
			msg_set(err, errlen, N_("rule 'at most four redraw requests' (para 28 d) cannot "
				"be met for %s: it has already asked for %d redraws in the review of %s; "
				"use reason exceptional (para 28 e) or unable (para 30)"), r->v[q].code,
				counted, r->v[s].code);
		else
			msg_set(err, errlen, N_("rule 'at most N (parameters) redraw requests' (para 28 d) "
				"cannot be met for %s: it has already asked for %d redraws in the review "
				"of %s; use reason exceptional (para 28 e) or unable (para 30)"),
				r->v[q].code, counted, r->v[s].code);
		return LOTS_EINFEASIBLE;
	}
	c->vi = c->rvi[s];
	c->s = (int)s;
	c->k = k;
	c->x_old = (int)x_old;
	*requester = (int)q;
	int nc = !!(req->consent_by && *req->consent_by) + !!(req->consent_date && *req->consent_date) +
		 !!(req->consent_ref && *req->consent_ref);
	if (nc != 0 && nc != 3) {
		msg_const(err, errlen, N_("--consent-by, --consent-date, --consent-ref: a consent to "
			 "more than four reviewers names who gave it, when and its reference (para 28 c)"));
		return LOTS_EINPUT;
	}
	if (nc && !util_date_valid(req->consent_date)) {
		msg_set(err, errlen, N_("--consent-date: '%s' is not a date YYYY-MM-DD"),
			 req->consent_date);
		return LOTS_EINPUT;
	}
	/* The cap of the parameters the draw used (R38; four in the annex);
	 * a consent gives room for two more than four, the most one redraw
	 * can add. */
	c->max_reviewers = nc ? LOTS_MAX_SLOTS : lots_draw_params(d, &ptmp)->max_reviewers;
	c->literal = lots_draw_params(d, &ptmp)->literal_28b_search;
	for (size_t i = 0; i < d->nredraws; i++)
		if (d->redraws[i].reviewed == s && d->redraws[i].consent_ref)
			c->max_reviewers = LOTS_MAX_SLOTS;   /* a consent given stays */
	return LOTS_OK;
}
