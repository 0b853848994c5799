/* list.c - see list.h. */
#include "findings/list.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "archive/archive.h"
#include "audit/audit.h"
#include "findings/findings_int.h"
#include "findings/outline.h"
#include "response/response.h"
#include "review/country.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static const char *const type_names[] = { "gap", "good_practice", "suggestion", "ta_need" };

const char *list_type_name(int type)
{
	return type >= 0 && type < 4 ? type_names[type] : "?";
}

int list_type_parse(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, type_names[i]) == 0)
			return i;
	return -1;
}

int findings_list_has(const char *list, const char *word)
{
	size_t n = word ? strlen(word) : 0;
	if (!list || n == 0)
		return 0;
	for (const char *q = list; *q;) {
		size_t len = strcspn(q, ",");
		if (len == n && memcmp(q, word, n) == 0)
			return 1;
		q += len;
		if (*q == ',')
			q++;
	}
	return 0;
}

int findings_list_row(struct store *s, const char *reviewed, int phase,
		      struct findings_row *out)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT id, version, agreed_version, agreed_at, COALESCE(thread, -1) FROM obs_lists "
		"WHERE reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	int r = store_step(st), rc = r == STORE_DONE ? 0 : -1;
	if (r == STORE_ROW) {
		out->id = store_col_int(st, 0);
		out->version = (int)store_col_int(st, 1);
		out->agreed_version = (int)store_col_int(st, 2);
		util_strlcpy(out->agreed_at, store_col_text(st, 3), sizeof out->agreed_at);
		out->thread = store_col_int(st, 4);
		rc = 1;
	}
	store_finalize(st);
	return rc;
}

int list_status_get(struct store *s, const char *reviewed, int phase, struct list_status *out)
{
	struct findings_row row;
	memset(out, 0, sizeof *out);
	int r = findings_list_row(s, reviewed, phase, &row);
	if (r <= 0)
		return r;
	out->version = row.version;
	out->agreed_version = row.agreed_version;
	out->final = row.version > 0 && row.agreed_version == row.version;
	util_strlcpy(out->agreed_at, row.agreed_at, sizeof out->agreed_at);
	return 1;
}

json_t *findings_items(struct store *s, int64_t list_id, int version)
{
	json_t *arr = json_array();
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT item_key, instrument, article, type, priority, body, answers, messages "
		"FROM obs_items WHERE list_id = ? AND version = ? ORDER BY ord");
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	store_bind_int(st, 1, list_id);
	store_bind_int(st, 2, version);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		json_t *ans = json_loads(store_col_text(st, 6), 0, NULL);
		json_t *msg = json_loads(store_col_text(st, 7), 0, NULL);
		json_t *it = json_pack("{s:s,s:s,s:I,s:s,s:s,s:s,s:o,s:o}", "key", store_col_text(st, 0),
				       "instrument", store_col_text(st, 1), "article",
				       (json_int_t)store_col_int(st, 2), "type", store_col_text(st, 3),
				       "priority", store_col_text(st, 4), "text", store_col_text(st, 5),
				       "answers", ans ? ans : json_array(), "messages",
				       msg ? msg : json_array());
		json_array_append_new(arr, it);
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

json_t *findings_confidential(struct store *s, int64_t list_id)
{
	json_t *map = json_object();
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT item_key, confidential, at, by_whom FROM obs_confidential WHERE list_id = ? "
		"ORDER BY id");
	if (!st) {
		json_decref(map);
		return NULL;
	}
	store_bind_int(st, 1, list_id);
	int r;
	while ((r = store_step(st)) == STORE_ROW)
		json_object_set_new(map, store_col_text(st, 0),
				    json_pack("{s:b,s:s,s:s}", "confidential",
					      (int)store_col_int(st, 1), "at", store_col_text(st, 2),
					      "by", store_col_text(st, 3)));
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(map);
		return NULL;
	}
	return map;
}

int findings_is_confidential(json_t *map, const char *key)
{
	return json_is_true(json_object_get(json_object_get(map, key), "confidential"));
}

/* ---- validation of items ---- */

struct ctx {
	struct store *s;
	const struct list_review *rv;
	/* The articles of each instrument, read once per save. */
	struct {
		char inst[16];
		int rc;                 /* country_phase_articles()'s */
		int arts[64];
		size_t n;
	} arts[8];
	size_t narts;
	struct response_qns qs;
	int qs_loaded;
	char *err;
	size_t errlen;
};

/* An item's error: fmt is a msgid "item %zu: ..." whose first argument is
 * the item's number (util/msg.h, so that pages translate it). */
__attribute__((format(printf, 2, 3)))
static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	msg_vset(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return LIST_INVALID;
}

static int article_ok(struct ctx *c, const char *instrument, json_int_t art)
{
	size_t i = 0;
	while (i < c->narts && strcmp(c->arts[i].inst, instrument) != 0)
		i++;
	if (i == c->narts) {
		if (i == sizeof c->arts / sizeof c->arts[0])
			return -1; /* unreachable: instruments were checked first */
		util_strlcpy(c->arts[i].inst, instrument, sizeof c->arts[i].inst);
		c->arts[i].rc = country_phase_articles(c->s, c->rv->reviewed, c->rv->phase,
						       instrument, c->arts[i].arts, 64,
						       &c->arts[i].n);
		if (c->arts[i].rc < 0)
			return -1;
		c->narts++;
	}
	for (size_t k = 0; c->arts[i].rc == 0 && k < c->arts[i].n; k++)
		if (c->arts[i].arts[k] == art)
			return 1;
	return 0;
}

static int answer_ok(struct ctx *c, const char *qid)
{
	if (!c->qs_loaded) {
		struct response_review rr;
		int r = response_review_load(c->s, c->rv->reviewed, c->rv->phase, &rr);
		if (r < 0)
			return -1;
		c->qs_loaded = 1;
		if (r > 0 && response_qns_load(c->s, &rr, &c->qs) < 0)
			return -1;
	}
	struct response_question q;
	return response_question_find(&c->qs, qid, &q);
}

static int message_ok(struct ctx *c, json_int_t id)
{
	struct archive_record m;
	int r = archive_record_meta(c->s, (int64_t)id, &m);
	if (r <= 0)
		return r;
	return strcmp(m.reviewed, c->rv->reviewed) == 0 && m.phase == c->rv->phase &&
	       strcmp(m.kind, ARCHIVE_KIND_AGREEMENT) != 0;
}

/* Checks items[i] and writes its canonical form (key filled later) into
 * *out.  Returns LIST_OK, LIST_INVALID or LIST_ERR. */
static int check_item(struct ctx *c, size_t i, json_t *it, json_t *current_keys, json_t **out)
{
	static const char *const known[] = { "key", "instrument", "article", "type", "text",
					     "priority", "answers", "messages",
					     /* read-only fields of list_json, ignored */
					     "confidential", "confidential_at", "confidential_by" };
	const char *k;
	json_t *v;
	*out = NULL;
	if (!json_is_object(it))
		return fail(c, N_("item %zu: must be an object"), i + 1);
	json_object_foreach(it, k, v) {
		size_t m = 0;
		while (m < sizeof known / sizeof known[0] && strcmp(known[m], k) != 0)
			m++;
		if (m == sizeof known / sizeof known[0])
			return fail(c, N_("item %zu: unknown field '%s'"), i + 1, k);
	}
	const char *key = json_string_value(json_object_get(it, "key"));
	if (json_object_get(it, "key") && !json_is_null(json_object_get(it, "key"))) {
		if (!key || !json_object_get(current_keys, key))
			return fail(c, N_("item %zu: key '%s' names no item of the current version "
					  "(omit it for a new item)"), i + 1, key ? key : "?");
	} else {
		key = NULL;
	}
	const char *inst = json_string_value(json_object_get(it, "instrument"));
	if (!inst || !findings_list_has(c->rv->instruments, inst))
		return fail(c, N_("item %zu: instrument must be one under review in this phase "
				  "(%s)"), i + 1, c->rv->instruments);
	json_t *ja = json_object_get(it, "article");
	if (!json_is_integer(ja))
		return fail(c, N_("item %zu: article must be a number of an article of the "
				  "phase's cluster"), i + 1);
	int ok = article_ok(c, inst, json_integer_value(ja));
	if (ok < 0)
		return LIST_ERR;
	if (!ok) {
		return fail(c, N_("item %zu: article %lld of %s is not reviewed in this phase "
				  "(table 1)"), i + 1, (long long)json_integer_value(ja), inst);
	}
	const char *type = json_string_value(json_object_get(it, "type"));
	if (list_type_parse(type) < 0)
		return fail(c, N_("item %zu: type must be gap, good_practice, suggestion or "
				  "ta_need, not '%s'"), i + 1, type ? type : "?");
	const char *text = json_string_value(json_object_get(it, "text"));
	long len = text ? util_utf8_len(text) : -1;
	if (!text || len < 0)
		return fail(c, N_("item %zu: text must be a string of UTF-8"), i + 1);
	if (strspn(text, " \t\r\n") == strlen(text))
		return fail(c, N_("item %zu: text is empty"), i + 1);
	if (len > LIST_MAX_TEXT)
		return fail(c, N_("item %zu: text is longer than 4000 characters"), i + 1);
	json_t *jp = json_object_get(it, "priority");
	const char *prio = json_string_value(jp);
	if (prio && !*prio)
		prio = NULL;
	if (jp && !json_is_null(jp) && !json_is_string(jp))
		return fail(c, N_("item %zu: priority must be high, medium or low"), i + 1);
	if (strcmp(type, "ta_need") == 0) {
		if (!prio || (strcmp(prio, "high") && strcmp(prio, "medium") && strcmp(prio, "low")))
			return fail(c, N_("item %zu: a ta_need needs a priority: high, medium or "
					  "low"), i + 1);
	} else if (prio) {
		return fail(c, N_("item %zu: only a ta_need has a priority (type %s)"), i + 1, type);
	}
	json_t *ans = json_object_get(it, "answers"), *msg = json_object_get(it, "messages");
	if ((ans && !json_is_array(ans)) || json_array_size(ans) > LIST_MAX_SOURCES)
		return fail(c, N_("item %zu: answers must be a list of at most 50 question ids"),
			    i + 1);
	if ((msg && !json_is_array(msg)) || json_array_size(msg) > LIST_MAX_SOURCES)
		return fail(c, N_("item %zu: messages must be a list of at most 50 archive record "
				  "ids"), i + 1);
	size_t n;
	json_array_foreach(ans, n, v) {
		const char *q = json_string_value(v);
		int r = q ? answer_ok(c, q) : 0;
		if (r < 0)
			return LIST_ERR;
		if (!r)
			return fail(c, N_("item %zu: answer '%s' is no question of this phase's "
					  "questionnaires"), i + 1, q ? q : "?");
	}
	json_array_foreach(msg, n, v) {
		int r = json_is_integer(v) && json_integer_value(v) >= 0
			? message_ok(c, json_integer_value(v)) : 0;
		if (r < 0)
			return LIST_ERR;
		if (!r) {
			return fail(c, N_("item %zu: message %lld is no record of this review's phase "
					  "in the archive"), i + 1, json_is_integer(v)
				    ? (long long)json_integer_value(v) : -1LL);
		}
	}
	*out = json_pack("{s:s?,s:s,s:I,s:s,s:s,s:s,s:o,s:o}", "key", key, "instrument", inst,
			 "article", json_integer_value(ja), "type", type, "priority",
			 prio ? prio : "", "text", text, "answers",
			 ans ? json_incref(ans) : json_array(), "messages",
			 msg ? json_incref(msg) : json_array());
	return LIST_OK;
}

/* The items of instrument in arr, in order (new reference). */
static json_t *of_instrument(json_t *arr, const char *inst)
{
	json_t *out = json_array(), *v;
	size_t i;
	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(json_object_get(v, "instrument")), inst) == 0)
			json_array_append(out, v);
	return out;
}

/* The highest N of the keys "iN" the list has ever used. */
static long max_key(struct store *s, int64_t list_id)
{
	long max = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT DISTINCT item_key FROM obs_items WHERE list_id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, list_id);
	while (store_step(st) == STORE_ROW) {
		long n;
		const char *k = store_col_text(st, 0);
		if (k[0] == 'i' && util_parse_long(k + 1, 1, 1000000000L, &n) == 0 && n > max)
			max = n;
	}
	store_finalize(st);
	return max;
}

void findings_sha256_hex(const char *p, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)p, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int insert_version(struct store *s, int64_t list_id, int version, json_t *items,
			  int blueprint, const char *by, const char *now)
{
	char *doc = json_dumps(items, JSON_COMPACT | JSON_SORT_KEYS);
	char sha[65];
	int rc = -1;
	findings_sha256_hex(doc, strlen(doc), sha);
	free(doc);
	struct store_stmt *st = store_prepare(s, "INSERT INTO obs_list_versions (list_id, version, "
					      "sha256, nitems, at, by_whom, blueprint_version) "
					      "VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, list_id);
	store_bind_int(st, 2, version);
	store_bind_text(st, 3, sha);
	store_bind_int(st, 4, (int64_t)json_array_size(items));
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, by);
	store_bind_int(st, 7, blueprint);
	if (store_step(st) != STORE_DONE)
		goto out;
	store_finalize(st);
	st = store_prepare(s, "INSERT INTO obs_items (list_id, version, item_key, ord, instrument, "
			   "article, type, priority, body, answers, messages) "
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v) {
		char *ans = json_dumps(json_object_get(v, "answers"), JSON_COMPACT);
		char *msg = json_dumps(json_object_get(v, "messages"), JSON_COMPACT);
		store_bind_int(st, 1, list_id);
		store_bind_int(st, 2, version);
		store_bind_text(st, 3, json_string_value(json_object_get(v, "key")));
		store_bind_int(st, 4, (int64_t)i + 1);
		store_bind_text(st, 5, json_string_value(json_object_get(v, "instrument")));
		store_bind_int(st, 6, json_integer_value(json_object_get(v, "article")));
		store_bind_text(st, 7, json_string_value(json_object_get(v, "type")));
		store_bind_text(st, 8, json_string_value(json_object_get(v, "priority")));
		store_bind_text(st, 9, json_string_value(json_object_get(v, "text")));
		store_bind_text(st, 10, ans);
		store_bind_text(st, 11, msg);
		int r = store_step(st);
		free(ans);
		free(msg);
		if (r != STORE_DONE)
			goto out;
		store_reset(st);
	}
	rc = 0;
out:
	store_finalize(st);
	return rc;
}

/* Creates the list row if there is none; fills row. */
static int ensure_row(struct store *s, const struct list_review *rv, const char *by,
		      const char *now, struct findings_row *row)
{
	int r = findings_list_row(s, rv->reviewed, rv->phase, row);
	if (r != 0)
		return r < 0 ? -1 : 0;
	struct store_stmt *st = store_prepare(s, "INSERT INTO obs_lists (reviewed, phase, "
					      "created_at, created_by) VALUES (?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	store_bind_text(st, 3, now);
	store_bind_text(st, 4, by);
	r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		return -1;
	return findings_list_row(s, rv->reviewed, rv->phase, row) == 1 ? 0 : -1;
}

int list_put(struct store *s, const struct list_review *rv, int base, const char *scope,
	     json_t *items, const char *may_change, const char *by, int *version, char *err,
	     size_t errlen)
{
	struct ctx c = { .s = s, .rv = rv, .err = err, .errlen = errlen };
	struct findings_row row;
	struct outline bp = { 0 };
	json_t *cur = NULL, *keys = json_object(), *merged = json_array(), *given = json_array();
	char now[32];
	int rc = LIST_ERR;
	err[0] = '\0';
	assert(rv && rv->reviewed && rv->instruments);
	if (!json_is_array(items)) {
		msg_set(err, errlen, N_("items must be a list"));
		rc = LIST_INVALID;
		goto done;
	}
	if (json_array_size(items) > LIST_MAX_ITEMS) {
		msg_set(err, errlen, N_("a list has at most %d items"), LIST_MAX_ITEMS);
		rc = LIST_INVALID;
		goto done;
	}
	if (scope && !findings_list_has(rv->instruments, scope)) {
		msg_set(err, errlen, N_("instrument %s is not under review in this phase (%s)"), scope,
			 rv->instruments);
		rc = LIST_INVALID;
		goto done;
	}
	if (!by || !*by) {
		msg_set(err, errlen, N_("who saves the list must be named"));
		rc = LIST_INVALID;
		goto done;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto done;
	}
	util_now_iso(now, sizeof now);
	int r = findings_list_row(s, rv->reviewed, rv->phase, &row);
	if (r < 0)
		goto fail_store;
	if (base != row.version) {
		msg_set(err, errlen, N_("the list is at version %d, not %d: reload it and apply your "
			 "change again"), row.version, base);
		rc = LIST_CONFLICT;
		goto fail;
	}
	cur = r > 0 && row.version > 0 ? findings_items(s, row.id, row.version) : json_array();
	if (!cur)
		goto fail_store;
	size_t i;
	json_t *v, *canon;
	json_array_foreach(cur, i, v)
		json_object_set(keys, json_string_value(json_object_get(v, "key")), v);
	json_t *seen = json_object();
	json_array_foreach(items, i, v) {
		rc = check_item(&c, i, v, keys, &canon);
		if (rc == LIST_OK && scope &&
		    strcmp(json_string_value(json_object_get(canon, "instrument")), scope) != 0) {
			rc = fail(&c, N_("item %zu: only items of %s may be saved here"), i + 1,
				  scope);
		}
		const char *k = canon ? json_string_value(json_object_get(canon, "key")) : NULL;
		if (rc == LIST_OK && k && json_object_get(seen, k))
			rc = fail(&c, N_("item %zu: key '%s' is given twice"), i + 1, k);
		if (rc != LIST_OK) {
			json_decref(canon);
			json_decref(seen);
			if (rc == LIST_ERR)
				goto fail_store;
			goto fail;
		}
		if (k)
			json_object_set_new(seen, k, json_true());
		json_array_append_new(given, canon);
	}
	json_decref(seen);
	/* R108, para 38: the list follows the blueprint in force, its
	 * sections by instrument then by item type (findings/outline.h);
	 * with none adopted, table 1 order as before. */
	if (outline_get(s, 0, &bp) < 0)
		goto fail_store;
	outline_sort_items(&bp, given);
	/* The new list in table 1 order of its instruments: the given items,
	 * and with a scope the other instruments' current items. */
	long next = r > 0 ? max_key(s, row.id) : 0;
	if (next < 0)
		goto fail_store;
	json_array_foreach(given, i, v)
		if (!json_is_string(json_object_get(v, "key"))) {
			char k[24];
			snprintf(k, sizeof k, "i%ld", ++next);
			json_object_set_new(v, "key", json_string(k));
		}
	int changed = 0;
	for (const char *q = rv->instruments; *q;) {
		char inst[16];
		size_t len = strcspn(q, ",");
		snprintf(inst, sizeof inst, "%.*s", (int)(len < 15 ? len : 15), q);
		q += len + (q[len] == ',');
		json_t *old = of_instrument(cur, inst);
		json_t *neu = scope && strcmp(scope, inst) != 0 ? json_incref(old)
							       : of_instrument(given, inst);
		if (!json_equal(old, neu)) {
			changed = 1;
			if (may_change && !findings_list_has(may_change, inst)) {
				msg_set(err, errlen, N_("your State is not in charge of %s in this review: "
					 "its items cannot be changed by you"), inst);
				json_decref(old);
				json_decref(neu);
				rc = LIST_OUT_OF_CHARGE;
				goto fail;
			}
		}
		json_array_extend(merged, neu);
		json_decref(old);
		json_decref(neu);
	}
	/* Items of an instrument no longer under review stay as they were. */
	json_array_foreach(cur, i, v)
		if (!findings_list_has(rv->instruments,
				       json_string_value(json_object_get(v, "instrument"))))
			json_array_append(merged, v);
	if (!changed) {
		if (store_commit(s) < 0)
			goto fail_store;
		if (version)
			*version = row.version;
		rc = LIST_OK;
		goto done;
	}
	if (ensure_row(s, rv, by, now, &row) < 0)
		goto fail_store;
	outline_sort_items(&bp, merged);
	int nv = row.version + 1;
	if (insert_version(s, row.id, nv, merged, bp.version, by, now) < 0)
		goto fail_store;
	struct store_stmt *st = store_prepare(s, "UPDATE obs_lists SET version = ? "
					      "WHERE id = ? AND version = ?");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, nv);
	store_bind_int(st, 2, row.id);
	store_bind_int(st, 3, row.version);
	r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE || store_changes(s) != 1)
		goto fail_store;
	/* The phase's R90 state: the list is drafted (review/phase.h). */
	if (phase_advance(s, rv->reviewed, rv->phase, PHASE_DRAFT_LIST, by) < 0)
		goto fail_store;
	if (store_commit(s) < 0)
		goto fail_store;
	if (version)
		*version = nv;
	rc = LIST_OK;
	goto done;
fail_store:
	if (!err[0])
		msg_internal(err, errlen, store_errmsg(s));
	rc = LIST_ERR;
fail:
	store_rollback(s);
done:
	if (c.qs_loaded)
		response_qns_free(&c.qs);
	outline_free(&bp);
	json_decref(cur);
	json_decref(keys);
	json_decref(merged);
	json_decref(given);
	return rc;
}

static json_t *versions(struct store *s, int64_t list_id)
{
	json_t *arr = json_array();
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT version, sha256, nitems, at, by_whom, blueprint_version FROM obs_list_versions "
		"WHERE list_id = ? ORDER BY version");
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	store_bind_int(st, 1, list_id);
	while (store_step(st) == STORE_ROW)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:I,s:s,s:s,s:I}", "version",
						     (json_int_t)store_col_int(st, 0), "sha256",
						     store_col_text(st, 1), "items",
						     (json_int_t)store_col_int(st, 2), "saved_at",
						     store_col_text(st, 3), "saved_by",
						     store_col_text(st, 4), "blueprint",
						     (json_int_t)store_col_int(st, 5)));
	store_finalize(st);
	return arr;
}

json_t *list_json(struct store *s, const struct list_review *rv, int version,
		  list_visible_fn visible, void *ctx, const char *actor, const char *ip, int *rc)
{
	struct findings_row row;
	json_t *items = NULL, *conf = NULL, *out = NULL;
	char obj[16], detail[48];
	*rc = LIST_ERR;
	int r = findings_list_row(s, rv->reviewed, rv->phase, &row);
	if (r < 0)
		return NULL;
	if (version == 0)
		version = row.version;
	if (version < 0 || version > row.version) {
		*rc = LIST_NOT_FOUND;
		return NULL;
	}
	snprintf(obj, sizeof obj, "%s/%d", rv->reviewed, rv->phase);
	snprintf(detail, sizeof detail, "version %d", version);
	/* R97: the read is recorded before anything is shown. */
	if (audit_record(s, actor, ip, "read.list", obj, detail) < 0)
		return NULL;
	items = r > 0 && version > 0 ? findings_items(s, row.id, version) : json_array();
	conf = r > 0 ? findings_confidential(s, row.id) : json_object();
	if (!items || !conf)
		goto out;
	json_t *shown = json_array(), *v;
	size_t i, hidden = 0;
	json_array_foreach(items, i, v) {
		const char *inst = json_string_value(json_object_get(v, "instrument"));
		if (visible && !visible(inst, ctx)) {
			hidden++;
			continue;
		}
		json_t *cf = json_object_get(conf, json_string_value(json_object_get(v, "key")));
		json_object_set_new(v, "confidential", json_boolean(json_is_true(
								json_object_get(cf, "confidential"))));
		if (cf) {
			json_object_set(v, "confidential_at", json_object_get(cf, "at"));
			json_object_set(v, "confidential_by", json_object_get(cf, "by"));
		}
		json_array_append(shown, v);
	}
	int all = 0;
	json_t *parties = r > 0 ? findings_agreements(s, row.id, rv, row.version, &all)
				: findings_agreements(s, 0, rv, 0, &all);
	json_t *vers = r > 0 ? versions(s, row.id) : json_array();
	if (!parties || !vers) {
		json_decref(shown);
		json_decref(parties);
		json_decref(vers);
		goto out;
	}
	out = json_pack("{s:s,s:i,s:i,s:i,s:b,s:i,s:s,s:s,s:o,s:o,s:o,s:I}", "reviewed",
			rv->reviewed, "phase", rv->phase, "version", version, "current_version",
			row.version, "final", row.version > 0 && row.agreed_version == row.version,
			"agreed_version", row.agreed_version, "agreed_at", row.agreed_at,
			"instruments", rv->instruments, "parties", parties, "versions", vers, "items",
			shown, "hidden", (json_int_t)hidden);
	*rc = LIST_OK;
out:
	json_decref(items);
	json_decref(conf);
	return out;
}

int list_set_confidential(struct store *s, const struct list_review *rv, const char *key,
			  int confidential, const char *by, char *err, size_t errlen)
{
	struct findings_row row;
	json_t *items = NULL, *conf = NULL;
	int rc = LIST_ERR;
	char now[32];
	err[0] = '\0';
	if (!key || !*key || !by || !*by) {
		msg_set(err, errlen, N_("the item's key and who decides must be given"));
		return LIST_INVALID;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return LIST_ERR;
	}
	int r = findings_list_row(s, rv->reviewed, rv->phase, &row);
	if (r < 0)
		goto fail_store;
	items = r > 0 && row.version > 0 ? findings_items(s, row.id, row.version) : json_array();
	conf = r > 0 ? findings_confidential(s, row.id) : json_object();
	if (!items || !conf)
		goto fail_store;
	size_t i;
	json_t *v;
	int found = 0;
	json_array_foreach(items, i, v)
		found |= strcmp(json_string_value(json_object_get(v, "key")), key) == 0;
	if (!found) {
		msg_set(err, errlen, N_("no item '%s' in the current version of the list"), key);
		rc = LIST_NOT_FOUND;
		goto fail;
	}
	if (findings_is_confidential(conf, key) == !!confidential) {
		rc = LIST_OK;
		store_rollback(s);
		goto out;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO obs_confidential (list_id, item_key, "
					      "confidential, at, by_whom) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, row.id);
	store_bind_text(st, 2, key);
	store_bind_int(st, 3, !!confidential);
	store_bind_text(st, 4, now);
	store_bind_text(st, 5, by);
	r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE || store_commit(s) < 0)
		goto fail_store;
	rc = LIST_OK;
	goto out;
fail_store:
	msg_internal(err, errlen, store_errmsg(s));
	rc = LIST_ERR;
fail:
	store_rollback(s);
out:
	json_decref(items);
	json_decref(conf);
	return rc;
}
