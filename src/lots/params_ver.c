/* params_ver.c - the parameters of the drawing of lots as the pages and the
 * API see them (issue 12 "From the web"; R38): one table of the fields of
 * struct lots_params, so that a new parameter is one line here; the
 * versions with who recorded them and the drawings that used each; a new
 * version read from text values and checked with messages the pages show
 * in their language (util/msg.h).  Storage stays in params.c. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* The ranges are those lots_db_params_record accepts (params.c); the
 * cross rule load_min <= load_max is lots_params_validate's. */
const struct lots_param_field lots_param_fields[] = {
	{ "max_reviewers", N_("Most reviewing States per review"), "28 (c)",
	  offsetof(struct lots_params, max_reviewers), 2, LOTS_MAX_SLOTS },
	{ "redraw_limit", N_("Counted redraws each State may request"), "28 (d)",
	  offsetof(struct lots_params, redraw_limit), 0, 100 },
	{ "load_min", N_("Fewest reviews per reviewing State"), "29",
	  offsetof(struct lots_params, load_min), 0, 100 },
	{ "load_max", N_("Most reviews per reviewing State"), "29",
	  offsetof(struct lots_params, load_max), 1, 100 },
	{ "cohorts", N_("Number of cohorts"), "17",
	  offsetof(struct lots_params, cohorts), 1, LOTS_DB_MAX_COHORTS },
	{ "literal_28b_search", N_("Para 28 (b) read literally first in draws and redraws (0 or 1)"),
	  "28 (b)", offsetof(struct lots_params, literal_28b_search), 0, 1 },
};
const size_t lots_param_nfields = sizeof lots_param_fields / sizeof lots_param_fields[0];

int lots_param_get(const struct lots_params *p, const struct lots_param_field *f)
{
	int v;
	memcpy(&v, (const char *)p + f->offset, sizeof v);
	return v;
}

void lots_param_set(struct lots_params *p, const struct lots_param_field *f, int v)
{
	memcpy((char *)p + f->offset, &v, sizeof v);
}

int lots_params_validate(const struct lots_params *p, char *err, size_t errlen)
{
	for (size_t i = 0; i < lots_param_nfields; i++) {
		const struct lots_param_field *f = &lots_param_fields[i];
		int v = lots_param_get(p, f);
		if (v < f->min || v > f->max) {
			msg_set(err, errlen, N_("%s: %d is not between %d and %d"), f->key, v, f->min,
				f->max);
			return LOTS_EINPUT;
		}
	}
	if (p->load_min > p->load_max) {
		msg_set(err, errlen, N_("load_min: the fewest reviews (%d) is more than the most "
					"(load_max, %d) (para 29)"), p->load_min, p->load_max);
		return LOTS_EINPUT;
	}
	if (!p->decision[0]) {
		msg_const(err, errlen, N_("decision: the reference of the Conference decision that "
					  "sets the parameters is required (R38)"));
		return LOTS_EINPUT;
	}
	for (const char *c = p->decision; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			msg_const(err, errlen, N_("decision: the reference may not contain control "
						  "characters"));
			return LOTS_EINPUT;
		}
	if (!p->decided_on[0]) {
		msg_const(err, errlen, N_("decided_on: the date of the decision (YYYY-MM-DD) is "
					  "required (R38)"));
		return LOTS_EINPUT;
	}
	if (!util_date_valid(p->decided_on)) {
		msg_set(err, errlen, N_("decided_on: '%.40s' is not a date YYYY-MM-DD"), p->decided_on);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

int lots_params_from_text(struct store *s, struct lots_params *p, int all,
			  const char *(*get)(void *ctx, const char *key), void *ctx, char *err,
			  size_t errlen)
{
	char detail[512];
	if (lots_db_params_current(s, p, detail, sizeof detail) != LOTS_OK) {
		msg_internal(err, errlen, detail);
		return LOTS_EINPUT;
	}
	for (size_t i = 0; i < lots_param_nfields; i++) {
		const struct lots_param_field *f = &lots_param_fields[i];
		const char *t = get(ctx, f->key);
		long v;
		if (!t && !all)
			continue;
		if (!t || !*t) {
			msg_set(err, errlen, N_("%s: a value is required"), f->key);
			return LOTS_EINPUT;
		}
		if (util_parse_long(t, -1000000L, 1000000L, &v) < 0) {
			msg_set(err, errlen, N_("%s: '%.40s' is not a whole number"), f->key, t);
			return LOTS_EINPUT;
		}
		lots_param_set(p, f, (int)v);
	}
	const char *dec = get(ctx, "decision"), *on = get(ctx, "decided_on");
	if (dec && strlen(dec) >= sizeof p->decision) {
		msg_set(err, errlen, N_("decision: the reference is longer than %d bytes"),
			(int)sizeof p->decision - 1);
		return LOTS_EINPUT;
	}
	if (on && strlen(on) >= sizeof p->decided_on) {
		msg_set(err, errlen, N_("decided_on: '%.40s' is not a date YYYY-MM-DD"), on);
		return LOTS_EINPUT;
	}
	util_strlcpy(p->decision, dec ? dec : "", sizeof p->decision);
	util_strlcpy(p->decided_on, on ? on : "", sizeof p->decided_on);
	return lots_params_validate(p, err, errlen);
}

int lots_db_params_add(struct store *s, struct lots_params *p, const char *by, const char *ip,
		       char *err, size_t errlen)
{
	char detail[512];
	int rc = lots_params_validate(p, err, errlen);
	if (rc != LOTS_OK)
		return rc;
	if (lots_db_params_record(s, p, by, ip, detail, sizeof detail) != LOTS_OK) {
		msg_internal(err, errlen, detail);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

/* ---- the versions, with who recorded them and the draws that used them ---- */

static struct lots_params_version *version_of(struct lots_params_version *v, size_t n, int ver)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].p.version == ver)
			return &v[i];
	return NULL;
}

/* The version a stored document records; 1 (the annex's) when it records
 * none (a draw made before migration 0029). */
static int document_version(const char *json)
{
	json_t *root = json ? json_loads(json, 0, NULL) : NULL;
	json_t *p = json_object_get(root, "parameters");
	json_t *v = json_object_get(p, "version");
	int ver = json_is_integer(v) ? (int)json_integer_value(v) : 1;
	json_decref(root);
	return ver;
}

int lots_db_params_versions(struct store *s, struct lots_params_version **out, size_t *n)
{
	struct lots_params *all = NULL;
	size_t na = 0;
	*out = NULL;
	*n = 0;
	if (lots_db_params_all(s, &all, &na) < 0)
		return -1;
	struct lots_params_version *v = xcalloc(na ? na : 1, sizeof *v);
	for (size_t i = 0; i < na; i++)
		v[i].p = all[i];
	free(all);
	int rc = -1;
	struct store_stmt *st = store_prepare(s, "SELECT version, recorded_by, recorded_at FROM "
					      "lots_parameters ORDER BY version");
	if (!st)
		goto out;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		struct lots_params_version *x = version_of(v, na, (int)store_col_int(st, 0));
		const char *by = store_col_text(st, 1), *at = store_col_text(st, 2);
		if (!x)
			continue;
		util_strlcpy(x->recorded_by, by ? by : "", sizeof x->recorded_by);
		util_strlcpy(x->recorded_at, at ? at : "", sizeof x->recorded_at);
	}
	store_finalize(st);
	if (r != STORE_DONE)
		goto out;
	st = store_prepare(s, "SELECT d.id, d.created_at, d.status, d.result, (SELECT MIN(e.id) "
			   "FROM lots_events e WHERE e.draw_id = d.id AND e.seq = 0) FROM lots_draws d "
			   "ORDER BY d.id");
	if (!st)
		goto out;
	while ((r = store_step(st)) == STORE_ROW) {
		struct lots_params_version *x = version_of(v, na, document_version(store_col_text(st, 3)));
		if (!x)
			continue;
		x->uses = xreallocarray(x->uses, x->nuses + 1, sizeof *x->uses);
		struct lots_params_use *u = &x->uses[x->nuses++];
		const char *at = store_col_text(st, 1), *stt = store_col_text(st, 2);
		u->draw_id = store_col_int(st, 0);
		u->event_id = store_col_int(st, 4);
		util_strlcpy(u->created_at, at ? at : "", sizeof u->created_at);
		util_strlcpy(u->status, stt ? stt : "", sizeof u->status);
	}
	store_finalize(st);
	if (r != STORE_DONE)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		lots_params_versions_free(v, na);
		return -1;
	}
	*out = v;
	*n = na;
	return 0;
}

void lots_params_versions_free(struct lots_params_version *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].uses);
	free(v);
}
