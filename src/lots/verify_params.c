/* verify_params.c - the independent verifier's checks of the parameters a
 * document says it used (R38) and of its derivation from the roster and
 * seed (the one check that re-runs the drawer, comparing documents, not
 * rules).  Split from verify.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "lots/verify_int.h"
#include "util/util.h"
#include "util/xmalloc.h"

void lots_verify_derivation(struct vctx *c, const char *roster_sha256,
			     const unsigned char *seed, const char *json)
{
	struct lots_draw d, given;
	char err[512];
	if (lots_draw_from_json(json, c->r, &given, err, sizeof err) != LOTS_OK) {
		lots_verify_viol(c, "seed: cannot replay the document (%s)", err);
		return;
	}
	/* The draw under the parameters the document records (checked by
	 * lots_verify_parameters), its redraws under the same. */
	int rc = lots_draw_make_params(c->r, roster_sha256, seed, &given.params, NULL, &d, err,
				       sizeof err);
	if (rc != LOTS_OK) {
		lots_verify_viol(c, "seed: the roster and seed give no draw (%s)", err);
		lots_draw_free(&given);
		return;
	}
	/* Replay the recorded redraws with their own seeds. */
	for (size_t i = 0; i < given.nredraws; i++) {
		const struct lots_redraw *w = &given.redraws[i];
		struct lots_redraw_req req = {
			.reviewed = c->r->v[w->reviewed].code,
			.replace = c->r->v[w->old_state].code,
			.requested_by = c->r->v[w->requested_by].code,
			.reason = w->reason,
			.note = w->note,
			.decision = w->decision,
			.consent_by = w->consent_by,
			.consent_date = w->consent_date,
			.consent_ref = w->consent_ref,
		};
		if (lots_redraw(c->r, &d, &req, err, sizeof err) != LOTS_OK) {
			lots_verify_viol(c, "redraws[%zu]: cannot be replayed (%s)", i, err);
			goto out;
		}
	}
	/* The record of where the seed came from is the document's own
	 * (check_ceremony judges it); the draw is compared around it. */
	d.format = given.format;
	d.ceremony = given.ceremony;
	given.ceremony = NULL;
	char *mine = lots_draw_to_json(&d, c->r);
	if (strcmp(mine, json) != 0) {
		size_t k = 0;
		for (; k < d.nreviews && k < given.nreviews; k++)
			if (memcmp(&d.reviews[k], &given.reviews[k], sizeof d.reviews[k]) != 0)
				break;
		if (k < d.nreviews)
			lots_verify_viol(c, "seed: the document is not the draw this roster and seed give "
			     "(first difference: review of %s)", c->r->v[d.reviews[k].reviewed].code);
		else
			lots_verify_viol(c, "seed: the document is not the draw this roster and seed give");
	}
	free(mine);
out:
	lots_draw_free(&given);
	lots_draw_free(&d);
}

/* The parameters the document says it used (R38).  Version 1 is the
 * annex's and must have its values; any other version must cite the
 * decision that set it (that the version is stored with these values and
 * that decision is checked by `draw verify --db`, lots_db_params_check).
 * Values that differ from the annex's without a decision are a
 * violation.  The rules below are then checked against the document's
 * values. */
void lots_verify_parameters(struct vctx *c, json_t *p)
{
	static const struct {
		const char *key;
		int value;
		const char *rule;
	} want[] = {
		{ "max_reviewers", LOTS_MAX_REVIEWERS, "para 28 c" },
		{ "redraw_limit", LOTS_REDRAW_LIMIT, "para 28 d" },
		{ "load_min", LOTS_LOAD_MIN, "para 29" },
		{ "load_max", LOTS_LOAD_MAX, "para 29" },
		{ "cohorts", LOTS_COHORTS, "para 17" },
	};
	int *dst[] = { &c->max_reviewers, &c->redraw_limit, &c->load_min, &c->load_max,
		       &c->cohorts };
	for (size_t i = 0; i < 5; i++)
		*dst[i] = want[i].value;
	if (!json_is_object(p)) {
		lots_verify_viol(c, "parameters: missing (R38)");
		return;
	}
	json_t *jv = json_object_get(p, "version");
	const char *dec = json_string_value(json_object_get(p, "decision"));
	const char *on = json_string_value(json_object_get(p, "decided_on"));
	int version = json_is_integer(jv) ? (int)json_integer_value(jv) : 0;
	if (version < 1 || !dec || !*dec || !on || strlen(on) != 10) {
		lots_verify_viol(c, "parameters: no version with the decision that set it (version, decision, "
		     "decided_on; R38)");
		version = 1;
		dec = LOTS_PARAMS_DECISION_1;
	}
	int changed = 0;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		json_t *v = json_object_get(p, want[i].key);
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100) {
			lots_verify_viol(c, "parameters: %s is not a number (R38)", want[i].key);
			continue;
		}
		int x = (int)json_integer_value(v);
		if (x != want[i].value) {
			changed = 1;
			if (version == 1)
				lots_verify_viol(c, "parameters: %s is %d, not %d (%s): changed without a recorded "
				     "decision (version 1 is the annex's, R38)", want[i].key, x,
				     want[i].value, want[i].rule);
		}
		*dst[i] = x;
	}
	/* literal_28b_search (issue 12, migration 0041): absent means 0,
	 * the method of every earlier version; when present it is 1. */
	c->literal_28b_search = 0;
	json_t *ls = json_object_get(p, "literal_28b_search");
	if (ls) {
		if (!json_is_integer(ls) || json_integer_value(ls) != 1) {
			lots_verify_viol(c, "parameters: literal_28b_search must be 1 when present (absent: 0; R38)");
		} else {
			c->literal_28b_search = 1;
			changed = 1;
			if (version == 1)
				lots_verify_viol(c, "parameters: literal_28b_search is 1, not 0: changed without a "
				     "recorded decision (version 1 is the annex's, R38)");
		}
	}
	if (version == 1 && strcmp(dec, LOTS_PARAMS_DECISION_1) != 0)
		lots_verify_viol(c, "parameters: version 1 is the annex's (decision '%s'), not '%s' (R38)",
		     LOTS_PARAMS_DECISION_1, dec);
	if (version > 1)
		buf_printf(c->rep, "note: parameters version %d, set by decision %s of %s%s; that "
			   "it is recorded with these values is checked by draw verify --db\n", version,
			   dec, on, changed ? "" : " (the annex's values)");
	if (c->cohorts < 1 || c->cohorts > LOTS_MAX_COHORTS) {
		lots_verify_viol(c, "parameters: cohorts %d is not between 1 and %d", c->cohorts,
		     LOTS_MAX_COHORTS);
		c->cohorts = LOTS_COHORTS;
	}
	if (c->load_min > c->load_max) {
		lots_verify_viol(c, "parameters: load_min %d is above load_max %d", c->load_min, c->load_max);
		c->load_min = c->load_max;
	}
	if (c->max_reviewers < 2 || c->max_reviewers > LOTS_MAX_SLOTS) {
		lots_verify_viol(c, "parameters: max_reviewers %d is not between 2 and %d", c->max_reviewers,
		     LOTS_MAX_SLOTS);
		c->max_reviewers = LOTS_MAX_REVIEWERS;
	}
	size_t known = 0;
	for (size_t i = 0; i < 5; i++)
		known += json_object_get(p, want[i].key) != NULL;
	known += jv != NULL;
	known += ls != NULL;
	known += json_object_get(p, "decision") != NULL;
	known += json_object_get(p, "decided_on") != NULL;
	if (json_object_size(p) != known)
		lots_verify_viol(c, "parameters: unknown parameter (R38)");
}
