/* followup.c - see followup.h. */
#include "findings/followup.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "findings/findings_int.h"
#include "findings/providers.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"

static const char *const statuses[] = { "open", "in_progress", "met" };
static const char *const fundings[] = { "sought", "pledged", "funded", "declined" };

static int parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int followup_status_parse(const char *s)
{
	return parse(statuses, 3, s);
}

int followup_funding_parse(const char *s)
{
	return parse(fundings, 4, s);
}

/* The agreed list's ta_need items (new reference) into *needs; returns 1,
 * 0 when the list was never agreed, -1 error. */
int findings_agreed_needs(struct store *s, const char *reviewed, int phase,
			struct findings_row *row, json_t **needs)
{
	*needs = NULL;
	int r = findings_list_row(s, reviewed, phase, row);
	if (r <= 0 || row->agreed_version == 0)
		return r < 0 ? -1 : 0;
	json_t *items = findings_items(s, row->id, row->agreed_version);
	if (!items)
		return -1;
	json_t *out = json_array(), *v;
	size_t i;
	json_array_foreach(items, i, v)
		if (strcmp(json_string_value(json_object_get(v, "type")), "ta_need") == 0)
			json_array_append(out, v);
	json_decref(items);
	*needs = out;
	return 1;
}

static json_t *need_of(json_t *needs, const char *key)
{
	size_t i;
	json_t *v;
	json_array_foreach(needs, i, v)
		if (strcmp(json_string_value(json_object_get(v, "key")), key) == 0)
			return v;
	return NULL;
}

int followup_communicated(struct store *s, const char *reviewed, int phase)
{
	struct findings_row row;
	int r = findings_list_row(s, reviewed, phase, &row);
	if (r <= 0)
		return r;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COUNT(*) FROM followup_reports WHERE list_id = ? AND communicated = 1");
	if (!st)
		return -1;
	store_bind_int(st, 1, row.id);
	r = store_step(st) == STORE_ROW ? store_col_int(st, 0) > 0 : -1;
	store_finalize(st);
	return r;
}

json_t *followup_json(struct store *s, const char *reviewed, int phase, int full,
		      const char *actor, const char *ip, int *rc)
{
	return findings_followup_read(s, reviewed, phase, full, actor, ip, "read.followup",
				      full ? "full" : "communicated", rc);
}

json_t *findings_followup_read(struct store *s, const char *reviewed, int phase, int full,
			       const char *actor, const char *ip, const char *action,
			       const char *detail, int *rc)
{
	struct findings_row row;
	json_t *needs = NULL, *conf = NULL, *out = NULL;
	char obj[16];
	*rc = -1;
	int r = findings_agreed_needs(s, reviewed, phase, &row, &needs);
	if (r <= 0) {
		*rc = r == 0 ? -3 : -1;
		return NULL;
	}
	snprintf(obj, sizeof obj, "%s/%d", reviewed, phase);
	if (audit_record(s, actor, ip, action, obj, detail) < 0)
		goto out;
	conf = findings_confidential(s, row.id);
	if (!conf)
		goto out;
	json_t *shown = json_array(), *v;
	size_t i;
	json_array_foreach(needs, i, v) {
		const char *key = json_string_value(json_object_get(v, "key"));
		int c = findings_is_confidential(conf, key);
		if (c && !full)
			continue;
		json_t *n = json_pack("{s:s,s:O,s:O,s:O,s:O,s:b,s:s,s:o,s:o}", "key", key,
				      "instrument", json_object_get(v, "instrument"), "article",
				      json_object_get(v, "article"), "priority",
				      json_object_get(v, "priority"), "text", json_object_get(v, "text"),
				      "confidential", c, "status", "open", "history", json_array(),
				      "requests", json_array());
		json_array_append_new(shown, n);
	}
	struct store_stmt *st = store_prepare(s, "SELECT item_key, status, note, at, by_whom "
					      "FROM ta_status WHERE list_id = ? ORDER BY id");
	if (!st) {
		json_decref(shown);
		goto out;
	}
	store_bind_int(st, 1, row.id);
	while (store_step(st) == STORE_ROW) {
		json_t *n = need_of(shown, store_col_text(st, 0));
		if (!n)
			continue;
		json_object_set_new(n, "status", json_string(store_col_text(st, 1)));
		json_array_append_new(json_object_get(n, "history"),
				      json_pack("{s:s,s:s,s:s,s:s}", "status", store_col_text(st, 1),
						"note", store_col_text(st, 2), "at",
						store_col_text(st, 3), "by", store_col_text(st, 4)));
	}
	store_finalize(st);
	if (full) {
		st = store_prepare(s, "SELECT item_key, provider, funding, note, at, by_whom, "
				   "provider_id FROM ta_requests WHERE list_id = ? ORDER BY id");
		if (!st) {
			json_decref(shown);
			goto out;
		}
		store_bind_int(st, 1, row.id);
		while (store_step(st) == STORE_ROW) {
			json_t *n = need_of(shown, store_col_text(st, 0));
			if (!n)
				continue;
			/* ta (R116): the provider of the register, if named
			 * (null: an older row, its provider as free text). */
			json_t *q = json_pack("{s:s,s:s,s:s,s:s,s:s}", "provider",
					      store_col_text(st, 1), "funding", store_col_text(st, 2),
					      "note", store_col_text(st, 3), "at",
					      store_col_text(st, 4), "by", store_col_text(st, 5));
			json_object_set_new(q, "provider_id", store_col_is_null(st, 6) ? json_null()
					    : json_integer((json_int_t)store_col_int(st, 6)));
			json_array_append_new(json_object_get(n, "requests"), q);
		}
		store_finalize(st);
	} else {
		json_array_foreach(shown, i, v)
			json_object_del(v, "requests");
	}
	json_t *reports = json_array();
	/* disc (B18, R104): with whether each was uploaded to the public part. */
	st = store_prepare(s, full ? "SELECT id, body, communicated, at, by_whom, "
				     FINDINGS_REPORT_PUBLIC("followup_reports.id")
				     " FROM followup_reports WHERE list_id = ? ORDER BY id"
				   : "SELECT id, body, communicated, at, by_whom, "
				     FINDINGS_REPORT_PUBLIC("followup_reports.id")
				     " FROM followup_reports WHERE list_id = ? AND communicated = 1 "
				     "ORDER BY id");
	if (!st) {
		json_decref(shown);
		json_decref(reports);
		goto out;
	}
	store_bind_int(st, 1, row.id);
	while (store_step(st) == STORE_ROW)
		json_array_append_new(reports, json_pack("{s:I,s:s,s:b,s:s,s:s,s:b}", "id",
							 (json_int_t)store_col_int(st, 0), "body",
							 store_col_text(st, 1), "communicated",
							 (int)store_col_int(st, 2), "at",
							 store_col_text(st, 3), "by",
							 store_col_text(st, 4), "public",
							 store_col_int(st, 5) > 0));
	store_finalize(st);
	/* undo (R103): who uploaded and withdrew each, when and why. */
	if (findings_public_history(s, reports) < 0) {
		json_decref(shown);
		json_decref(reports);
		goto out;
	}
	out = json_pack("{s:s,s:i,s:i,s:o,s:o}", "reviewed", reviewed, "phase", phase,
			"list_version", row.agreed_version, "needs", shown, "reports", reports);
	*rc = 0;
out:
	json_decref(needs);
	json_decref(conf);
	return out;
}

/* Runs one INSERT of a follow-up record for need key (or the list when key
 * is NULL) in its own transaction, after checking the need exists. */
static int insert(struct store *s, const char *reviewed, int phase, const char *key,
		  const char *sql, const char *const *texts, int n, int64_t flag, const char *by,
		  int64_t *id, char *err, size_t errlen)
{
	struct findings_row row;
	json_t *needs = NULL;
	char now[32];
	int rc = -1;
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	int r = findings_agreed_needs(s, reviewed, phase, &row, &needs);
	if (r < 0)
		goto fail_store;
	if (r == 0) {
		msg_set(err, errlen, N_("the list of observations of %s for phase %d is not agreed yet"),
			 reviewed, phase);
		rc = -3;
		goto fail;
	}
	if (key && !need_of(needs, key)) {
		msg_set(err, errlen, N_("no technical-assistance need '%s' in the agreed list"), key);
		rc = -3;
		goto fail;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		goto fail_store;
	int col = 1;
	store_bind_int(st, col++, row.id);
	if (key)
		store_bind_text(st, col++, key);
	for (int i = 0; i < n; i++)
		store_bind_text(st, col++, texts[i]);
	if (flag >= 0)
		store_bind_int(st, col++, flag);
	store_bind_text(st, col++, now);
	store_bind_text(st, col, by);
	r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		goto fail_store;
	if (id)
		*id = store_last_id(s);
	if (store_commit(s) < 0)
		goto fail_store;
	json_decref(needs);
	return 0;
fail_store:
	msg_internal(err, errlen, store_errmsg(s));
	rc = -1;
fail:
	store_rollback(s);
	json_decref(needs);
	return rc;
}

static int text_ok(const char *t, long min, long max)
{
	long n = t ? util_utf8_len(t) : -1;
	return n >= min && n <= max && (min == 0 || strspn(t, " \t\r\n") < strlen(t));
}

int followup_status_set(struct store *s, const char *reviewed, int phase, const char *key,
			const char *status, const char *note, const char *by, char *err,
			size_t errlen)
{
	if (followup_status_parse(status) < 0) {
		msg_set(err, errlen, N_("status must be open, in_progress or met"));
		return -2;
	}
	if (!note)
		note = "";
	if (!text_ok(note, 0, 2000) || !key || !by || !*by) {
		msg_set(err, errlen, N_("the need's key is required and the note at most 2000 "
			 "characters of UTF-8"));
		return -2;
	}
	const char *texts[] = { status, note };
	return insert(s, reviewed, phase, key, "INSERT INTO ta_status (list_id, item_key, status, "
		      "note, at, by_whom) VALUES (?, ?, ?, ?, ?, ?)", texts, 2, -1, by, NULL, err,
		      errlen);
}

int followup_request_add(struct store *s, const char *reviewed, int phase, const char *key,
			 const char *provider, const char *funding, const char *note,
			 const char *by, char *err, size_t errlen)
{
	if (followup_funding_parse(funding) < 0) {
		msg_set(err, errlen, N_("funding must be sought, pledged, funded or declined"));
		return -2;
	}
	if (!note)
		note = "";
	if (!text_ok(provider, 1, 200) || !text_ok(note, 0, 2000) || !key || !by || !*by) {
		msg_set(err, errlen, N_("a provider (1 to 200 characters) and the need's key are "
			 "required, the note at most 2000 characters"));
		return -2;
	}
	const char *texts[] = { provider, funding, note };
	return insert(s, reviewed, phase, key, "INSERT INTO ta_requests (list_id, item_key, "
		      "provider, funding, note, at, by_whom) VALUES (?, ?, ?, ?, ?, ?, ?)", texts, 3,
		      -1, by, NULL, err, errlen);
}

int followup_request_link(struct store *s, const char *reviewed, int phase, const char *key,
			  int64_t provider, const char *funding, const char *note, const char *by,
			  char *err, size_t errlen)
{
	if (followup_funding_parse(funding) < 0) {
		msg_set(err, errlen, N_("funding must be sought, pledged, funded or declined"));
		return -2;
	}
	if (!note)
		note = "";
	if (!text_ok(note, 0, 2000) || !key || !by || !*by) {
		msg_set(err, errlen, N_("a provider (1 to 200 characters) and the need's key are "
			 "required, the note at most 2000 characters"));
		return -2;
	}
	/* The provider's name in force is kept with the request, as the
	 * free text of older rows is. */
	int rc;
	json_t *p = providers_get(s, provider, &rc);
	if (!p) {
		if (rc == -3)
			msg_set(err, errlen, N_("no such provider"));
		else
			msg_internal(err, errlen, store_errmsg(s));
		return rc == -3 ? -2 : -1;
	}
	const char *texts[] = { json_string_value(json_object_get(p, "name")), funding, note };
	rc = insert(s, reviewed, phase, key, "INSERT INTO ta_requests (list_id, item_key, "
		    "provider, funding, note, provider_id, at, by_whom) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		    texts, 3, provider, by, NULL, err, errlen);
	json_decref(p);
	return rc;
}

int followup_report_add(struct store *s, const char *reviewed, int phase, const char *body,
			int communicated, const char *by, char *err, size_t errlen)
{
	return followup_report_file(s, reviewed, phase, body, communicated, by, NULL, err, errlen);
}

int followup_report_file(struct store *s, const char *reviewed, int phase, const char *body,
			 int communicated, const char *by, int64_t *id, char *err, size_t errlen)
{
	if (!text_ok(body, 1, 20000) || !by || !*by) {
		msg_set(err, errlen, N_("a progress report is 1 to 20000 characters of UTF-8"));
		return -2;
	}
	const char *texts[] = { body };
	return insert(s, reviewed, phase, NULL, "INSERT INTO followup_reports (list_id, body, "
		      "communicated, at, by_whom) VALUES (?, ?, ?, ?, ?)", texts, 1, !!communicated,
		      by, id, err, errlen);
}

json_t *followup_aggregate(struct store *s, struct buf *csv)
{
	/* Grouped by region, instrument, article, priority and status and
	 * sorted by them: no column names or orders States (R136). */
	struct store_stmt *st = store_prepare(s,
		"SELECT region, instrument, article, priority, status, COUNT(*) FROM ("
		"SELECT COALESCE(g.code, '') AS region, COALESCE(g.ord, 99) AS rord, "
		"o.instrument AS instrument, i.ord AS iord, o.article AS article, "
		"o.priority AS priority, COALESCE((SELECT t.status FROM ta_status t "
		"WHERE t.list_id = l.id AND t.item_key = o.item_key ORDER BY t.id DESC LIMIT 1), "
		"'open') AS status FROM obs_lists l JOIN parties p ON p.code = l.reviewed "
		"LEFT JOIN regional_groups g ON g.code = p.grp "
		"JOIN obs_items o ON o.list_id = l.id AND o.version = l.agreed_version "
		"JOIN instruments i ON i.code = o.instrument "
		"WHERE l.agreed_version > 0 AND o.type = 'ta_need' AND COALESCE((SELECT "
		"c.confidential FROM obs_confidential c WHERE c.list_id = l.id AND "
		"c.item_key = o.item_key ORDER BY c.id DESC LIMIT 1), 0) = 0) x "
		"GROUP BY rord, region, iord, instrument, article, priority, status "
		"ORDER BY rord, iord, article, CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 "
		"ELSE 2 END, CASE status WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END");
	if (!st)
		return NULL;
	json_t *arr = json_array();
	if (csv)
		buf_puts(csv, "region,instrument,article,priority,status,needs\r\n");
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		json_array_append_new(arr, json_pack("{s:s,s:s,s:I,s:s,s:s,s:I}", "region",
						     store_col_text(st, 0), "instrument",
						     store_col_text(st, 1), "article",
						     (json_int_t)store_col_int(st, 2), "priority",
						     store_col_text(st, 3), "status",
						     store_col_text(st, 4), "needs",
						     (json_int_t)store_col_int(st, 5)));
		if (csv) {
			char line[160];
			snprintf(line, sizeof line, "%s,%s,%lld,%s,%s,%lld\r\n", store_col_text(st, 0),
				 store_col_text(st, 1), (long long)store_col_int(st, 2),
				 store_col_text(st, 3), store_col_text(st, 4),
				 (long long)store_col_int(st, 5));
			buf_puts(csv, line);
		}
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}
