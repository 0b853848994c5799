/* providers.c - see providers.h. */
#include "findings/providers.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

static const char *const kinds[] = { "government", "igo", "bank", "ngo", "field_office" };

#define VERSION_COLS "v.id, v.provider_id, v.name, v.kind, v.contact, v.lang, v.regions, " \
	"v.instruments, v.active, v.at, v.by_whom"

int providers_kind_parse(const char *s)
{
	for (int i = 0; s && i < 5; i++)
		if (strcmp(s, kinds[i]) == 0)
			return i;
	return -1;
}

int providers_list_matches(const char *list, const char *word)
{
	if (!list || !*list)
		return 1;
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, word, n) == 0)
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

/* Whether t holds a control character (C0, DEL, C1) or a line or
 * paragraph separator (U+2028, U+2029): no line break of any kind in a
 * name (probe s9 F3). */
static int has_control(const char *t)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) ||
		    (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)))
			return 1;
	}
	return 0;
}

/* One line of 1..max characters of UTF-8, not only blanks. */
static int line_ok(const char *t, long max)
{
	long n = t ? util_utf8_len(t) : -1;
	return n >= 1 && n <= max && strspn(t, " \t") < strlen(t) && !has_control(t);
}

/* An address outbox_queue() takes and SMTP delivers: local@domain, at most
 * 254 bytes, no blank, control or bracket characters. */
static int address_ok(const char *a)
{
	if (!a)
		return 0;
	size_t n = strlen(a);
	const char *at = strchr(a, '@');
	if (n < 3 || n > 254 || !at || at == a || !at[1] || strchr(at + 1, '@'))
		return 0;
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || strchr("<>()[],;:\"\\", *p))
			return 0;
	return 1;
}

/* Says that code is no row of the table codes_ok() checks. */
static void unknown(int regions, const char *code, char *err, size_t errlen)
{
	if (regions)
		msg_set(err, errlen, N_("no regional group '%s'"), code);
	else
		msg_set(err, errlen, N_("no instrument '%s'"), code);
}

/* Each code of the comma list list is a row of regional_groups (regions
 * 1) or instruments (0), and none is empty or repeated; else -2 with err
 * naming it. */
static int codes_ok(struct store *s, int regions, const char *list, char *err, size_t errlen)
{
	if (!list || !*list)
		return 0;
	if (strlen(list) > 400) {
		unknown(regions, "...", err, errlen);
		return -2;
	}
	for (const char *p = list;;) {
		char code[32];
		size_t len = strcspn(p, ",");
		snprintf(code, sizeof code, "%.*s", (int)(len < 31 ? len : 31), p);
		int again = 0;
		for (const char *q = list; q < p;) {
			size_t l2 = strcspn(q, ",");
			again |= l2 == len && strncmp(q, p, len) == 0;
			q += l2 + 1;
		}
		struct store_stmt *st = store_prepare_cached(s, regions
			? "SELECT COUNT(*) FROM regional_groups WHERE code = ?"
			: "SELECT COUNT(*) FROM instruments WHERE code = ?");
		if (!st) {
			msg_internal(err, errlen, store_errmsg(s));
			return -1;
		}
		store_bind_text(st, 1, code);
		int r = store_step(st) == STORE_ROW ? (int)store_col_int(st, 0) : -1;
		store_finalize(st);
		if (r < 0) {
			msg_internal(err, errlen, store_errmsg(s));
			return -1;
		}
		if (r == 0 || len == 0 || len > 31 || again) {
			unknown(regions, code, err, errlen);
			return -2;
		}
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

static int validate(struct store *s, const struct provider_in *in, const char *by, char *err,
		    size_t errlen)
{
	if (!line_ok(in->name, 200)) {
		msg_set(err, errlen, N_("a provider's name is 1 to 200 characters of UTF-8 on one line"));
		return -2;
	}
	if (providers_kind_parse(in->kind) < 0) {
		msg_set(err, errlen, N_("kind must be government, igo, bank, ngo or field_office"));
		return -2;
	}
	if (!address_ok(in->contact)) {
		msg_set(err, errlen, N_("the contact is one e-mail address (the needs are sent there)"));
		return -2;
	}
	if (in->lang && *in->lang && !i18n_find(in->lang)) {
		msg_set(err, errlen, N_("the language is one of ar, zh, en, fr, ru, es"));
		return -2;
	}
	if (in->active != 0 && in->active != 1) {
		msg_set(err, errlen, N_("active is true or false"));
		return -2;
	}
	if (!by || !*by) {
		msg_internal(err, errlen, "no author");
		return -1;
	}
	int r = codes_ok(s, 1, in->regions, err, errlen);
	if (r == 0)
		r = codes_ok(s, 0, in->instruments, err, errlen);
	return r;
}

/* Inserts a version of provider id from in (inside the caller's
 * transaction). */
static int insert_version(struct store *s, int64_t id, const struct provider_in *in,
			  const char *by, const char *now)
{
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO ta_provider_versions (provider_id, name, kind, contact, lang, regions, "
		"instruments, active, at, by_whom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, in->name);
	store_bind_text(st, 3, in->kind);
	store_bind_text(st, 4, in->contact);
	store_bind_text(st, 5, in->lang && *in->lang ? in->lang : "en");
	store_bind_text(st, 6, in->regions ? in->regions : "");
	store_bind_text(st, 7, in->instruments ? in->instruments : "");
	store_bind_int(st, 8, in->active);
	store_bind_text(st, 9, now);
	store_bind_text(st, 10, by);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

int providers_add(struct store *s, const struct provider_in *in, const char *by, int64_t *id,
		  char *err, size_t errlen)
{
	char now[32];
	int rc = validate(s, in, by, err, errlen);
	if (rc < 0)
		return rc;
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO ta_providers (created_at, created_by) "
					      "VALUES (?, ?)");
	if (!st)
		goto fail;
	store_bind_text(st, 1, now);
	store_bind_text(st, 2, by);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		goto fail;
	int64_t pid = store_last_id(s);
	if (insert_version(s, pid, in, by, now) < 0 || store_commit(s) < 0)
		goto fail;
	if (id)
		*id = pid;
	return 0;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	return -1;
}

/* A version row (VERSION_COLS) as JSON. */
static json_t *split(const char *list)
{
	json_t *a = json_array();
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		json_array_append_new(a, json_stringn(p, len));
		p += len + (p[len] == ',');
	}
	return a;
}

static json_t *version_json(struct store_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:I,s:s,s:s}", "id",
			 (json_int_t)store_col_int(st, 1), "name", store_col_text(st, 2), "kind",
			 store_col_text(st, 3), "contact", store_col_text(st, 4), "lang",
			 store_col_text(st, 5), "regions", split(store_col_text(st, 6)),
			 "instruments", split(store_col_text(st, 7)), "active",
			 (int)store_col_int(st, 8), "version", (json_int_t)store_col_int(st, 0),
			 "at", store_col_text(st, 9), "by", store_col_text(st, 10));
}

static int same(const json_t *cur, const struct provider_in *in)
{
	const char *lang = in->lang && *in->lang ? in->lang : "en";
	json_t *r = split(in->regions ? in->regions : ""), *i = split(in->instruments ? in->instruments : "");
	int eq = !strcmp(json_string_value(json_object_get(cur, "name")), in->name) &&
		 !strcmp(json_string_value(json_object_get(cur, "kind")), in->kind) &&
		 !strcmp(json_string_value(json_object_get(cur, "contact")), in->contact) &&
		 !strcmp(json_string_value(json_object_get(cur, "lang")), lang) &&
		 json_equal(json_object_get(cur, "regions"), r) &&
		 json_equal(json_object_get(cur, "instruments"), i) &&
		 json_is_true(json_object_get(cur, "active")) == (in->active == 1);
	json_decref(r);
	json_decref(i);
	return eq;
}

/* The version in force of provider id (new reference) into *out: 1, 0
 * none, -1 error. */
static int current(struct store *s, int64_t id, json_t **out)
{
	*out = NULL;
	struct store_stmt *st = store_prepare(s, "SELECT " VERSION_COLS " FROM ta_provider_versions v "
					      "WHERE v.provider_id = ? ORDER BY v.id DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int r = store_step(st);
	if (r == STORE_ROW)
		*out = version_json(st);
	store_finalize(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

int providers_change(struct store *s, int64_t id, const struct provider_in *in, const char *by,
		     char *err, size_t errlen)
{
	char now[32];
	json_t *cur = NULL;
	int rc = validate(s, in, by, err, errlen);
	if (rc < 0)
		return rc;
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	int r = current(s, id, &cur);
	if (r < 0)
		goto fail;
	if (r == 0 || same(cur, in)) {
		if (r == 0)
			msg_set(err, errlen, N_("no such provider"));
		else
			msg_set(err, errlen, N_("nothing changed: the provider is already so"));
		rc = r == 0 ? -3 : -4;
		goto out;
	}
	util_now_iso(now, sizeof now);
	if (insert_version(s, id, in, by, now) < 0 || store_commit(s) < 0)
		goto fail;
	json_decref(cur);
	return 0;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	rc = -1;
out:
	store_rollback(s);
	json_decref(cur);
	return rc;
}

json_t *providers_list(struct store *s, int active_only)
{
	struct store_stmt *st = store_prepare(s, "SELECT " VERSION_COLS " FROM ta_provider_versions v "
					      "WHERE v.id = (SELECT MAX(w.id) FROM ta_provider_versions w "
					      "WHERE w.provider_id = v.provider_id) ORDER BY v.provider_id");
	if (!st)
		return NULL;
	json_t *a = json_array();
	int r;
	while ((r = store_step(st)) == STORE_ROW)
		if (!active_only || store_col_int(st, 8) == 1)
			json_array_append_new(a, version_json(st));
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(a);
		return NULL;
	}
	return a;
}

json_t *providers_get(struct store *s, int64_t id, int *rc)
{
	json_t *cur = NULL;
	*rc = -1;
	int r = current(s, id, &cur);
	if (r <= 0) {
		*rc = r == 0 ? -3 : -1;
		return NULL;
	}
	struct store_stmt *st = store_prepare(s, "SELECT " VERSION_COLS " FROM ta_provider_versions v "
					      "WHERE v.provider_id = ? ORDER BY v.id");
	if (!st) {
		json_decref(cur);
		return NULL;
	}
	store_bind_int(st, 1, id);
	json_t *h = json_array();
	while ((r = store_step(st)) == STORE_ROW)
		json_array_append_new(h, version_json(st));
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(h);
		json_decref(cur);
		return NULL;
	}
	json_object_set_new(cur, "history", h);
	*rc = 0;
	return cur;
}
