/* drawjson.c - the draw document (format revmech-draw/1) to and from JSON.
 *
 * Output is byte-identical for equal draws: keys are emitted in a fixed
 * order (JSON_PRESERVE_ORDER), arrays in code order, indent 2, trailing
 * newline. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/xmalloc.h"

static json_t *instr_array(unsigned m)
{
	json_t *a = json_array();
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i))
			json_array_append_new(a, json_string(roster_instrument_code(i)));
	return a;
}

char *lots_draw_to_json(const struct lots_draw *d, const struct roster *r)
{
	char hex[65];
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string(LOTS_FORMAT));
	json_object_set_new(root, "algorithm", json_string(LOTS_ALGORITHM));
	lots_hex(d->seed, 32, hex);
	json_object_set_new(root, "seed", json_string(hex));
	json_object_set_new(root, "roster_sha256", json_string(d->roster_sha256));

	json_t *groups = json_array();
	for (int y = 1; y <= 3; y++) {
		json_t *g = json_object(), *st = json_array();
		json_object_set_new(g, "year", json_integer(y));
		/* reviews are already in code order */
		for (size_t i = 0; i < d->nreviews; i++)
			if (d->reviews[i].year == y)
				json_array_append_new(st, json_string(r->v[d->reviews[i].reviewed].code));
		json_object_set_new(g, "states", st);
		json_array_append_new(groups, g);
	}
	json_object_set_new(root, "groups", groups);

	json_t *reviews = json_array();
	for (size_t i = 0; i < d->nreviews; i++) {
		const struct lots_review *v = &d->reviews[i];
		json_t *o = json_object(), *rs = json_array();
		json_object_set_new(o, "reviewed", json_string(r->v[v->reviewed].code));
		json_object_set_new(o, "year", json_integer(v->year));
		for (int k = 0; k < v->n; k++) {
			json_t *x = json_object();
			json_object_set_new(x, "state", json_string(r->v[v->r[k].state].code));
			json_object_set_new(x, "role", json_string(lots_role_code(v->r[k].role)));
			json_object_set_new(x, "instruments", instr_array(v->r[k].instr));
			json_array_append_new(rs, x);
		}
		json_object_set_new(o, "reviewers", rs);
		json_array_append_new(reviews, o);
	}
	json_object_set_new(root, "reviews", reviews);

	json_t *redraws = json_array();
	for (size_t i = 0; i < d->nredraws; i++) {
		const struct lots_redraw *w = &d->redraws[i];
		json_t *o = json_object();
		json_object_set_new(o, "reviewed", json_string(r->v[w->reviewed].code));
		json_object_set_new(o, "role", json_string(lots_role_code(w->role)));
		json_object_set_new(o, "old", json_string(r->v[w->old_state].code));
		json_object_set_new(o, "new", json_string(r->v[w->new_state].code));
		json_object_set_new(o, "requested_by", json_string(r->v[w->requested_by].code));
		json_object_set_new(o, "reason", json_string(lots_reason_code(w->reason)));
		json_object_set_new(o, "counted", json_boolean(w->reason <= LOTS_REASON_OTHER));
		json_object_set_new(o, "note", w->note ? json_string(w->note) : json_null());
		lots_hex(w->seed, 32, hex);
		json_object_set_new(o, "seed", json_string(hex));
		json_array_append_new(redraws, o);
	}
	json_object_set_new(root, "redraws", redraws);

	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(root);
	if (!s)
		abort();   /* only on OOM */
	size_t n = strlen(s);
	char *out = xmalloc(n + 2);
	memcpy(out, s, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(s);
	return out;
}

static int code_of(const struct roster *r, json_t *o, const char *key, int *idx,
		   char *err, size_t errlen, const char *where)
{
	const char *c = json_string_value(json_object_get(o, key));
	if (!c) {
		snprintf(err, errlen, "%s: missing \"%s\"", where, key);
		return -1;
	}
	long i = roster_find(r, c);
	if (i < 0) {
		snprintf(err, errlen, "%s: \"%s\" is %s, which is not in the roster", where, key, c);
		return -1;
	}
	*idx = (int)i;
	return 0;
}

static int role_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, lots_role_code(i)) == 0)
			return i;
	return -1;
}

static int instr_parse_array(json_t *a, unsigned *m)
{
	size_t i;
	json_t *v;
	*m = 0;
	if (!json_is_array(a))
		return -1;
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		int k = s ? roster_instrument_parse(s) : -1;
		if (k < 0)
			return -1;
		*m |= INSTR_BIT(k);
	}
	return 0;
}

int lots_draw_from_json(const char *json, const struct roster *r,
			struct lots_draw *out, char *err, size_t errlen)
{
	json_error_t je;
	int rc = LOTS_EINPUT;
	memset(out, 0, sizeof *out);
	json_t *root = json_loads(json, 0, &je);
	if (!root) {
		snprintf(err, errlen, "draw document: line %d: %s", je.line, je.text);
		return LOTS_EINPUT;
	}
	const char *fmt = json_string_value(json_object_get(root, "format"));
	if (!fmt || strcmp(fmt, LOTS_FORMAT) != 0) {
		snprintf(err, errlen, "draw document: \"format\" is not \"%s\"", LOTS_FORMAT);
		goto out;
	}
	if (lots_seed_parse(json_string_value(json_object_get(root, "seed")), out->seed) < 0) {
		snprintf(err, errlen, "draw document: \"seed\" is not 64 hex digits");
		goto out;
	}
	const char *sha = json_string_value(json_object_get(root, "roster_sha256"));
	snprintf(out->roster_sha256, sizeof out->roster_sha256, "%s", sha ? sha : "");
	json_t *reviews = json_object_get(root, "reviews");
	if (!json_is_array(reviews)) {
		snprintf(err, errlen, "draw document: \"reviews\" is not an array");
		goto out;
	}
	out->nreviews = json_array_size(reviews);
	out->reviews = xcalloc(out->nreviews ? out->nreviews : 1, sizeof *out->reviews);
	for (size_t i = 0; i < out->nreviews; i++) {
		json_t *o = json_array_get(reviews, i);
		struct lots_review *v = &out->reviews[i];
		char where[64];
		snprintf(where, sizeof where, "draw document: reviews[%zu]", i);
		if (code_of(r, o, "reviewed", &v->reviewed, err, errlen, where) < 0)
			goto out;
		json_int_t y = json_integer_value(json_object_get(o, "year"));
		json_t *rs = json_object_get(o, "reviewers");
		if (y < 1 || y > 3 || !json_is_array(rs) || json_array_size(rs) > LOTS_MAX_REVIEWERS) {
			snprintf(err, errlen, "%s: bad \"year\" or \"reviewers\"", where);
			goto out;
		}
		v->year = (int)y;
		v->n = (int)json_array_size(rs);
		for (int k = 0; k < v->n; k++) {
			json_t *x = json_array_get(rs, (size_t)k);
			if (code_of(r, x, "state", &v->r[k].state, err, errlen, where) < 0)
				goto out;
			v->r[k].role = role_parse(json_string_value(json_object_get(x, "role")));
			if (v->r[k].role < 0 ||
			    instr_parse_array(json_object_get(x, "instruments"), &v->r[k].instr) < 0) {
				snprintf(err, errlen, "%s: bad \"role\" or \"instruments\"", where);
				goto out;
			}
		}
	}
	json_t *redraws = json_object_get(root, "redraws");
	if (!json_is_array(redraws)) {
		snprintf(err, errlen, "draw document: \"redraws\" is not an array");
		goto out;
	}
	out->nredraws = json_array_size(redraws);
	out->redraws = xcalloc(out->nredraws ? out->nredraws : 1, sizeof *out->redraws);
	for (size_t i = 0; i < out->nredraws; i++) {
		json_t *o = json_array_get(redraws, i);
		struct lots_redraw *w = &out->redraws[i];
		char where[64];
		snprintf(where, sizeof where, "draw document: redraws[%zu]", i);
		if (code_of(r, o, "reviewed", &w->reviewed, err, errlen, where) < 0 ||
		    code_of(r, o, "old", &w->old_state, err, errlen, where) < 0 ||
		    code_of(r, o, "new", &w->new_state, err, errlen, where) < 0 ||
		    code_of(r, o, "requested_by", &w->requested_by, err, errlen, where) < 0)
			goto out;
		w->role = role_parse(json_string_value(json_object_get(o, "role")));
		const char *rs = json_string_value(json_object_get(o, "reason"));
		w->reason = rs ? lots_reason_parse(rs) : -1;
		const char *note = json_string_value(json_object_get(o, "note"));
		w->note = note ? xstrdup(note) : NULL;
		if (w->role < 0 || w->reason < 0 ||
		    lots_seed_parse(json_string_value(json_object_get(o, "seed")), w->seed) < 0) {
			snprintf(err, errlen, "%s: bad \"role\", \"reason\" or \"seed\"", where);
			goto out;
		}
	}
	rc = LOTS_OK;
out:
	json_decref(root);
	if (rc != LOTS_OK)
		lots_draw_free(out);
	return rc;
}
