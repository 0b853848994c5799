/* outline.c - the blueprint of lists and summaries in the store (issue 10;
 * paras 15, 38; R108, R112; migration 0054, table blueprints).  See
 * outline.h. */
#include "findings/outline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "findings/list.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static const char *const langs[6] = { "ar", "zh", "en", "fr", "ru", "es" };

void outline_free(struct outline *o)
{
	if (!o)
		return;
	json_decref(o->doc);
	o->doc = NULL;
}

int outline_get(struct store *s, int version, struct outline *out)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare(s, version > 0
		? "SELECT b.version, b.body, b.sha256, b.decision, COALESCE(d.decided_on, ''), "
		  "b.recorded_by, b.recorded_at FROM blueprints b LEFT JOIN lots_decisions d ON "
		  "d.ref = b.decision WHERE b.version = ?"
		: "SELECT b.version, b.body, b.sha256, b.decision, COALESCE(d.decided_on, ''), "
		  "b.recorded_by, b.recorded_at FROM blueprints b LEFT JOIN lots_decisions d ON "
		  "d.ref = b.decision ORDER BY b.version DESC LIMIT 1");
	if (!st)
		return -1;
	if (version > 0)
		store_bind_int(st, 1, version);
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1) {
		out->version = (int)store_col_int(st, 0);
		out->doc = json_loads(store_col_text(st, 1), 0, NULL);
		util_strlcpy(out->sha256, store_col_text(st, 2), sizeof out->sha256);
		util_strlcpy(out->decision, store_col_text(st, 3), sizeof out->decision);
		util_strlcpy(out->decided_on, store_col_text(st, 4), sizeof out->decided_on);
		util_strlcpy(out->recorded_by, store_col_text(st, 5), sizeof out->recorded_by);
		util_strlcpy(out->recorded_at, store_col_text(st, 6), sizeof out->recorded_at);
		if (!out->doc) {
			out->version = 0;
			rc = -1;
		}
	}
	store_finalize(st);
	return rc;
}

int outline_in_force(struct store *s)
{
	struct store_stmt *st = store_prepare(s, "SELECT COALESCE(MAX(version), 0) FROM blueprints");
	if (!st)
		return -1;
	int rc = store_step(st) == STORE_ROW ? (int)store_col_int(st, 0) : -1;
	store_finalize(st);
	return rc;
}

/* A list of distinct strings, each accepted by ok (NULL: any). */
static int names(json_t *a, const char *what, int (*ok)(struct store *, const char *),
		 struct store *s, char *err, size_t errlen)
{
	if (!json_is_array(a) || json_array_size(a) > OUTLINE_MAX_HEADINGS) {
		msg_set(err, errlen, N_("blueprint: %s must be a list of at most %d names"), what,
			OUTLINE_MAX_HEADINGS);
		return OUTLINE_INVALID;
	}
	size_t i, j;
	json_t *v;
	json_array_foreach(a, i, v) {
		const char *n = json_string_value(v);
		if (!n || (ok && !ok(s, n))) {
			msg_set(err, errlen, N_("blueprint: %s: '%s' is not known"), what, n ? n : "?");
			return OUTLINE_INVALID;
		}
		for (j = 0; j < i; j++)
			if (strcmp(json_string_value(json_array_get(a, j)), n) == 0) {
				msg_set(err, errlen, N_("blueprint: %s: '%s' is named twice"), what, n);
				return OUTLINE_INVALID;
			}
	}
	return OUTLINE_OK;
}

static int is_instrument(struct store *s, const char *code)
{
	return strlen(code) < 16 &&
	       store_count(s, "SELECT count(*) FROM instruments WHERE code = ?", code) > 0;
}

static int is_type(struct store *s, const char *t)
{
	(void)s;
	return list_type_parse(t) >= 0;
}

static int headings_ok(json_t *h, char *err, size_t errlen)
{
	const char *lang;
	json_t *a;
	if (!json_is_object(h)) {
		msg_set(err, errlen, N_("blueprint: summary.headings must map a language to its "
			"headings"));
		return OUTLINE_INVALID;
	}
	json_object_foreach(h, lang, a) {
		int known = 0;
		for (int k = 0; k < 6; k++)
			known |= strcmp(lang, langs[k]) == 0;
		if (!known) {
			msg_set(err, errlen, N_("blueprint: '%s' is not one of ar zh en fr ru es"),
				lang);
			return OUTLINE_INVALID;
		}
		if (!json_is_array(a) || json_array_size(a) > OUTLINE_MAX_HEADINGS) {
			msg_set(err, errlen, N_("blueprint: the %s headings must be a list of at "
				"most %d"), lang, OUTLINE_MAX_HEADINGS);
			return OUTLINE_INVALID;
		}
		size_t i;
		json_t *v;
		json_array_foreach(a, i, v) {
			const char *t = json_string_value(v);
			size_t n = t ? strlen(t) : 0;
			if (!t || n == 0 || n > OUTLINE_MAX_HEADING || strpbrk(t, "\r\n") ||
			    util_utf8_len(t) < 0) {
				msg_set(err, errlen, N_("blueprint: %s heading %zu must be one line "
					"of text, at most %d bytes"), lang, i + 1,
					OUTLINE_MAX_HEADING);
				return OUTLINE_INVALID;
			}
		}
	}
	return OUTLINE_OK;
}

int outline_check(struct store *s, const char *body, size_t len, json_t **doc, char *err,
		  size_t errlen)
{
	json_t *d = NULL;
	int rc = OUTLINE_INVALID;
	if (doc)
		*doc = NULL;
	if (!body || len == 0 || len > OUTLINE_MAX_BYTES) {
		msg_set(err, errlen, N_("blueprint: the document is empty or larger than %d bytes"),
			OUTLINE_MAX_BYTES);
		goto out;
	}
	d = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	json_t *sum = json_object_get(d, "summary"), *lst = json_object_get(d, "list");
	const char *k;
	json_t *v;
	if (!json_is_object(d)) {
		msg_set(err, errlen, N_("blueprint: the document must be a JSON object"));
		goto out;
	}
	json_object_foreach(d, k, v)
		if (strcmp(k, "summary") != 0 && strcmp(k, "list") != 0) {
			msg_set(err, errlen, N_("blueprint: unknown part '%s' (summary, list)"), k);
			goto out;
		}
	if (!sum && !lst) {
		msg_set(err, errlen, N_("blueprint: it names neither summary headings nor list "
			"sections"));
		goto out;
	}
	if (sum && (!json_is_object(sum) ||
		    headings_ok(json_object_get(sum, "headings"), err, errlen) != OUTLINE_OK)) {
		if (!json_is_object(sum))
			msg_set(err, errlen, N_("blueprint: summary must be an object"));
		goto out;
	}
	if (lst) {
		json_t *in = json_object_get(lst, "instruments"), *ty = json_object_get(lst, "types");
		if (!json_is_object(lst) || (!in && !ty)) {
			msg_set(err, errlen, N_("blueprint: list must name instruments or types"));
			goto out;
		}
		if ((in && names(in, "list.instruments", is_instrument, s, err, errlen)) ||
		    (ty && names(ty, "list.types", is_type, s, err, errlen)))
			goto out;
	}
	rc = OUTLINE_OK;
	if (doc) {
		*doc = d;
		d = NULL;
	}
out:
	json_decref(d);
	return rc;
}

int outline_adopt(struct store *s, const char *body, size_t len, const char *decision, int base,
		  const char *by, const char *ip, int *version, char *err, size_t errlen)
{
	json_t *doc = NULL;
	char *canon = NULL, now[32], sha[65], detail[200];
	int rc = OUTLINE_INVALID;
	err[0] = '\0';
	if (!by || !*by) {
		msg_set(err, errlen, N_("blueprint: who enters it is required"));
		return OUTLINE_INVALID;
	}
	if (!decision || !*decision) {
		msg_set(err, errlen, N_("blueprint: the reference of the Conference decision that "
			"adopted it is required (R112)"));
		return OUTLINE_INVALID;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return OUTLINE_ERR;
	}
	if (outline_check(s, body, len, &doc, err, errlen) != OUTLINE_OK)
		goto fail;
	if (store_count(s, "SELECT count(*) FROM lots_decisions WHERE ref = ?", decision) <= 0) {
		msg_set(err, errlen, N_("blueprint: decision '%s' is not recorded: record the "
			"Conference decision first (its reference, date and title)"), decision);
		goto fail;
	}
	int cur = outline_in_force(s);
	if (cur < 0)
		goto fail_store;
	if (base != cur) {
		msg_set(err, errlen, N_("blueprint: version %d is in force, not %d: reload it and "
			"apply your change again"), cur, base);
		rc = OUTLINE_CONFLICT;
		goto fail;
	}
	canon = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	if (!canon)
		goto fail_store;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)canon, strlen(canon));
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO blueprints (version, body, sha256, "
					      "decision, recorded_by, recorded_at) VALUES "
					      "(?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, cur + 1);
	store_bind_text(st, 2, canon);
	store_bind_text(st, 3, sha);
	store_bind_text(st, 4, decision);
	store_bind_text(st, 5, by);
	store_bind_text(st, 6, now);
	int r = store_step(st);
	store_finalize(st);
	snprintf(detail, sizeof detail, "version %d decision %.120s sha256 %.16s", cur + 1,
		 decision, sha);
	if (r != STORE_DONE || audit_record(s, by, ip, "blueprint.adopt", "blueprint", detail) < 0 ||
	    store_commit(s) < 0)
		goto fail_store;
	if (version)
		*version = cur + 1;
	rc = OUTLINE_OK;
	goto out;
fail_store:
	if (!err[0])
		msg_internal(err, errlen, store_errmsg(s));
	rc = OUTLINE_ERR;
fail:
	store_rollback(s);
out:
	free(canon);
	json_decref(doc);
	return rc;
}

json_t *outline_versions_json(struct store *s)
{
	json_t *arr = json_array();
	struct store_stmt *st = store_prepare(s,
		"SELECT b.version, b.decision, COALESCE(d.decided_on, ''), b.recorded_by, "
		"b.recorded_at, b.sha256, b.body FROM blueprints b LEFT JOIN lots_decisions d ON "
		"d.ref = b.decision ORDER BY b.version");
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		json_t *b = json_loads(store_col_text(st, 6), 0, NULL);
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o}", "version",
						     (json_int_t)store_col_int(st, 0), "decision",
						     store_col_text(st, 1), "decided_on",
						     store_col_text(st, 2), "recorded_by",
						     store_col_text(st, 3), "recorded_at",
						     store_col_text(st, 4), "sha256",
						     store_col_text(st, 5), "blueprint",
						     b ? b : json_object()));
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

char *outline_skeleton(const struct outline *o, const char *lang)
{
	if (!o || !o->doc)
		return NULL;
	json_t *a = json_object_get(json_object_get(json_object_get(o->doc, "summary"),
						    "headings"), lang ? lang : "");
	if (!json_is_array(a) || json_array_size(a) == 0)
		return NULL;
	struct buf b = { 0 };
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		buf_printf(&b, "%s\n\n", json_string_value(v));
	char *out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/* The place of name in the array a (its size when a does not name it). */
static size_t rank(json_t *a, const char *name)
{
	size_t i, n = json_array_size(a);
	for (i = 0; name && i < n; i++)
		if (strcmp(json_string_value(json_array_get(a, i)), name) == 0)
			return i;
	return n;
}

void outline_sort_items(const struct outline *o, json_t *items)
{
	if (!o || !o->doc || !json_is_array(items))
		return;
	json_t *lst = json_object_get(o->doc, "list");
	json_t *in = json_object_get(lst, "instruments"), *ty = json_object_get(lst, "types");
	if (!in && !ty)
		return;
	/* Insertion sort: stable, and lists are short (LIST_MAX_ITEMS). */
	size_t n = json_array_size(items);
	for (size_t i = 1; i < n; i++) {
		json_t *x = json_incref(json_array_get(items, i));
		size_t ki = rank(in, json_string_value(json_object_get(x, "instrument")));
		size_t kt = rank(ty, json_string_value(json_object_get(x, "type")));
		size_t j = i;
		while (j > 0) {
			json_t *p = json_array_get(items, j - 1);
			size_t pi = rank(in, json_string_value(json_object_get(p, "instrument")));
			size_t pt = rank(ty, json_string_value(json_object_get(p, "type")));
			if (pi < ki || (pi == ki && pt <= kt))
				break;
			j--;
		}
		if (j != i) {
			json_array_remove(items, i);
			json_array_insert(items, j, x);
		}
		json_decref(x);
	}
}
