/* cohorts.c - a first drawing event that assigns the three cohorts of
 * para 17 only (issue 12; C3, R60): the cohorts are those of the draw the
 * seed gives under the parameters in force, the reviewers are left to the
 * per-cohort drawing events held at later meetings (`draw event --cohort
 * N`, events.c), each replayed by `draw verify --db`.  The document is a
 * draw document whose algorithm is LOTS_ALGORITHM_COHORTS and whose
 * reviews have no reviewer; lots_verify_json hands it here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/buf.h"

void lots_draw_cohorts_only(struct lots_draw *d)
{
	for (size_t i = 0; i < d->nreviews; i++)
		d->reviews[i].n = 0;
	d->cohorts_only = 1;
}

int lots_verify_cohorts_json(const struct roster *r, const char *roster_sha256,
			     const unsigned char *seed, const char *json, struct buf *report)
{
	struct lots_draw d = { 0 }, full = { 0 };
	char err[1024];
	int n = 0;
	if (lots_draw_from_json(json, r, &d, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "%s\n", err);
		return -1;
	}
	struct lots_params ptmp;
	const struct lots_params *pp = lots_draw_params(&d, &ptmp);
	if (roster_sha256 && strcmp(d.roster_sha256, roster_sha256)) {
		buf_printf(report, "the document was drawn from another roster (roster_sha256 "
			   "%.16s..., the roster's %.16s...)\n", d.roster_sha256, roster_sha256);
		n++;
	}
	if (d.nredraws) {
		buf_printf(report, "a cohorts-only event has no reviewer to redraw, but lists %zu "
			   "redraws (C3)\n", d.nredraws);
		n++;
	}
	int *seen = calloc(r->n + 1, sizeof *seen);
	for (size_t i = 0; seen && i < d.nreviews; i++) {
		const struct lots_review *v = &d.reviews[i];
		if (v->n) {
			buf_printf(report, "%s: a cohorts-only event draws no reviewer, but lists %d "
				   "(C3)\n", r->v[v->reviewed].code, v->n);
			n++;
		}
		if (v->year < 1 || v->year > pp->cohorts) {
			buf_printf(report, "%s: cohort %d is not one of 1 to %d (para 17)\n",
				   r->v[v->reviewed].code, v->year, pp->cohorts);
			n++;
		}
		if (seen[v->reviewed]++) {
			buf_printf(report, "%s is in more than one cohort (para 17)\n",
				   r->v[v->reviewed].code);
			n++;
		}
	}
	for (size_t i = 0; seen && i < r->n; i++)
		if (lots_int_reviewed(&r->v[i]) && !seen[i]) {
			buf_printf(report, "%s is to be reviewed but in no cohort (para 17)\n",
				   r->v[i].code);
			n++;
		}
	free(seen);
	/* The cohorts are the seed's: the draw of the same seed, roster and
	 * parameters, without its reviewers. */
	if (seed) {
		if (memcmp(seed, d.seed, 32)) {
			buf_printf(report, "the document's seed is not the one given\n");
			n++;
		} else if (lots_draw_make_params(r, d.roster_sha256, seed, pp, NULL, &full, err,
						 sizeof err) != LOTS_OK) {
			buf_printf(report, "the cohorts cannot be reproduced from the seed: %s\n", err);
			n++;
		} else {
			lots_draw_cohorts_only(&full);
			full.params = d.params;
			char *a = lots_draw_to_json(&full, r);
			if (!a || strcmp(a, json)) {
				buf_printf(report, "the cohorts are not those the seed draws (the "
					   "document was changed, or drawn otherwise)\n");
				n++;
			}
			free(a);
		}
	}
	lots_draw_free(&full);
	lots_draw_free(&d);
	return n;
}
