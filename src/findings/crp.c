/* crp.c - see crp.h. */
#include "findings/crp.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "findings/findings_int.h"
#include "findings/list.h"
#include "response/response.h"
#include "store/store.h"
#include "util/util.h"

int crp_wg_get(struct store *s, const char *wg, char name[128])
{
	name[0] = '\0';
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT name_en FROM working_groups WHERE code = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, wg ? wg : "");
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1)
		util_strlcpy(name, store_col_text(st, 0), 128);
	store_finalize(st);
	return rc;
}

/* The instruments wg receives, as a JSON array (table 1 order). */
static json_t *wg_instruments(struct store *s, const char *wg)
{
	json_t *arr = json_array();
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT m.instrument FROM instrument_wgs m JOIN instruments i ON i.code = m.instrument "
		"WHERE m.wg = ? ORDER BY i.ord");
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	store_bind_text(st, 1, wg);
	while (store_step(st) == STORE_ROW)
		json_array_append_new(arr, json_string(store_col_text(st, 0)));
	store_finalize(st);
	return arr;
}

json_t *crp_wgs_json(struct store *s)
{
	json_t *arr = json_array();
	struct store_stmt *st = store_prepare(s, "SELECT code, name_en, name_fr FROM working_groups "
					      "ORDER BY ord");
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	while (store_step(st) == STORE_ROW)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "code", store_col_text(st, 0),
						     "name_en", store_col_text(st, 1), "name_fr",
						     store_col_text(st, 2)));
	store_finalize(st);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_t *inst = wg_instruments(s, json_string_value(json_object_get(v, "code")));
		if (!inst) {
			json_decref(arr);
			return NULL;
		}
		json_object_set_new(v, "instruments", inst);
	}
	return arr;
}

static int has(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

/* Whether the comma list instruments names one of insts. */
static int covers(const char *instruments, json_t *insts)
{
	for (const char *p = instruments; p && *p;) {
		size_t k = strcspn(p, ",");
		char one[16];
		snprintf(one, sizeof one, "%.*s", (int)k, p);
		if (has(insts, one))
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

json_t *crp_wg_documents(struct store *s, const char *wg, int *rc)
{
	char name[128];
	*rc = -1;
	int r = crp_wg_get(s, wg, name);
	if (r <= 0) {
		*rc = r == 0 ? -3 : -1;
		return NULL;
	}
	json_t *insts = wg_instruments(s, wg), *out = json_array();
	struct store_stmt *st = insts ? store_prepare(s,
		"SELECT l.reviewed, l.phase, l.version, l.agreed_at FROM obs_lists l "
		"WHERE l.version > 0 AND l.agreed_version = l.version AND l.reviewed IN "
		"(SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
		"WHERE d.status = 'current') ORDER BY l.reviewed, l.phase") : NULL;
	if (!st)
		goto fail;
	json_t *rows = json_array();
	while ((r = store_step(st)) == STORE_ROW)
		json_array_append_new(rows, json_pack("{s:s,s:i,s:i,s:s}", "reviewed",
						      store_col_text(st, 0), "phase",
						      (int)store_col_int(st, 1), "version",
						      (int)store_col_int(st, 2), "agreed_at",
						      store_col_text(st, 3)));
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(rows);
		goto fail;
	}
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v) {
		struct response_review rv;
		r = response_review_load(s, json_string_value(json_object_get(v, "reviewed")),
					 (int)json_integer_value(json_object_get(v, "phase")), &rv);
		if (r < 0) {
			json_decref(rows);
			goto fail;
		}
		if (r == 1 && covers(rv.instruments, insts))
			json_array_append(out, v);
	}
	json_decref(rows);
	json_decref(insts);
	*rc = 0;
	return out;
fail:
	json_decref(insts);
	json_decref(out);
	return NULL;
}

json_t *crp_json(struct store *s, const char *reviewed, int phase, const char *wg,
		 const char *actor, const char *ip, int *rc)
{
	char name[128], obj[16], detail[64];
	struct findings_row row;
	json_t *items = NULL, *conf = NULL, *insts = NULL, *out = NULL;
	*rc = -1;
	int r = crp_wg_get(s, wg, name);
	if (r <= 0) {
		*rc = r == 0 ? -3 : -1;
		return NULL;
	}
	r = findings_list_row(s, reviewed, phase, &row);
	if (r < 0)
		return NULL;
	if (r == 0 || row.version == 0 || row.agreed_version != row.version) {
		*rc = -4;
		return NULL;
	}
	snprintf(obj, sizeof obj, "%s/%d", reviewed, phase);
	snprintf(detail, sizeof detail, "%s version %d", wg, row.agreed_version);
	if (audit_record(s, actor, ip, "read.crp", obj, detail) < 0)
		return NULL;
	items = findings_items(s, row.id, row.agreed_version);
	conf = findings_confidential(s, row.id);
	insts = wg_instruments(s, wg);
	if (!items || !conf || !insts)
		goto out;
	json_t *kept = json_array(), *v;
	size_t i;
	json_array_foreach(items, i, v) {
		if (!has(insts, json_string_value(json_object_get(v, "instrument"))))
			continue;
		if (findings_is_confidential(conf, json_string_value(json_object_get(v, "key")))) {
			continue;
		}
		json_array_append_new(kept, json_pack("{s:O,s:O,s:O,s:O,s:O}", "instrument",
						      json_object_get(v, "instrument"), "article",
						      json_object_get(v, "article"), "type",
						      json_object_get(v, "type"), "priority",
						      json_object_get(v, "priority"), "text",
						      json_object_get(v, "text")));
	}
	/* The CRP does not say how many items were withheld: that too is
	 * the reviewed State's (R102). */
	out = json_pack("{s:s,s:i,s:s,s:s,s:i,s:s,s:O,s:o}", "reviewed", reviewed, "phase",
			phase, "working_group", wg, "working_group_name", name, "version",
			row.agreed_version, "agreed_at", row.agreed_at, "instruments", insts,
			"items", kept);
	*rc = 0;
out:
	json_decref(items);
	json_decref(conf);
	json_decref(insts);
	return out;
}
