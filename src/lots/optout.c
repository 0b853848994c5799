/* optout.c - the two opt-outs of footnote 2 of resolution 9/1 with their
 * date and source (issue 12; C34): lots_db_set_opt_out sets the flag the
 * roster reads (parties.not_reviewed / not_reviewer) and records the
 * change in lots_opt_outs (migration 0014), audited, in one transaction;
 * lots_db_opt_outs_json gives the records in force, which every drawing
 * event keeps in its inputs. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/util.h"

int lots_db_set_opt_out(struct store *s, const char *party, const char *choice, int opted_out,
			const char *since, const char *source, const char *by, const char *ip,
			char *err, size_t errlen)
{
	int both = choice && strcmp(choice, "both") == 0;
	if (!choice || (!both && strcmp(choice, "not_reviewed") && strcmp(choice, "not_reviewer"))) {
		snprintf(err, errlen, "--choice: '%s' is not not_reviewed, not_reviewer or both",
			 choice ? choice : "");
		return LOTS_EINPUT;
	}
	if (!util_date_valid(since)) {
		snprintf(err, errlen, "--date: '%s' is not a date YYYY-MM-DD", since ? since : "");
		return LOTS_EINPUT;
	}
	long n = source ? util_utf8_len(source) : -1;
	if (n <= 0 || n > 300) {
		snprintf(err, errlen, "--source: say what the choice was made by (e.g. the note "
			 "verbale and its date), at most 300 characters");
		return LOTS_EINPUT;
	}
	char now[32];
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		return LOTS_EINPUT;
	}
	int ok = 1, found = 0;
	struct store_stmt *st = store_prepare(s, "SELECT 1 FROM parties WHERE code = ?");
	if (st) {
		store_bind_text(st, 1, party ? party : "");
		found = store_step(st) == STORE_ROW;
	}
	store_finalize(st);
	if (!found) {
		store_rollback(s);
		snprintf(err, errlen, "--state: no party '%s'", party ? party : "");
		return LOTS_EINPUT;
	}
	/* The older single flag (opt_out: both) is split into the two, so
	 * that one of them can change alone. */
	st = store_prepare(s, "UPDATE parties SET not_reviewed = 1, not_reviewer = 1, opt_out = 0 "
			   "WHERE code = ? AND opt_out = 1");
	ok = st != NULL;
	if (ok) {
		store_bind_text(st, 1, party);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	for (int k = 0; ok && k < 2; k++) {
		const char *ch = k == 0 ? "not_reviewed" : "not_reviewer";
		if (!both && strcmp(choice, ch) != 0)
			continue;
		st = store_prepare(s, k == 0 ? "UPDATE parties SET not_reviewed = ? WHERE code = ?"
					     : "UPDATE parties SET not_reviewer = ? WHERE code = ?");
		ok = st != NULL;
		if (ok) {
			store_bind_int(st, 1, opted_out ? 1 : 0);
			store_bind_text(st, 2, party);
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
		st = ok ? store_prepare(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_opt_outs") : NULL;
		int64_t id = st && store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
		store_finalize(st);
		st = id > 0 ? store_prepare(s, "INSERT INTO lots_opt_outs (id, party, choice, "
			"opted_out, since, source, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			    : NULL;
		ok = st != NULL;
		if (ok) {
			store_bind_int(st, 1, id);
			store_bind_text(st, 2, party);
			store_bind_text(st, 3, ch);
			store_bind_int(st, 4, opted_out ? 1 : 0);
			store_bind_text(st, 5, since);
			store_bind_text(st, 6, source);
			store_bind_text(st, 7, by ? by : "-");
			store_bind_text(st, 8, now);
			ok = store_step(st) == STORE_DONE;
		}
		store_finalize(st);
		char det[512];
		snprintf(det, sizeof det, "%s %s since %s; source %.300s", ch,
			 opted_out ? "opted out" : "withdrawn", since, source);
		if (ok)
			ok = audit_log(s, by, ip, "draw.opt_out", party, det) == 0;
	}
	if (!ok || store_commit(s) != STORE_OK) {
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		store_rollback(s);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

char *lots_db_opt_outs_json(struct store *s)
{
	json_t *a = json_array();
	/* The latest record of each (party, choice) that is an opt-out. */
	struct store_stmt *st = store_prepare(s, "SELECT o.party, o.choice, o.since, o.source "
		"FROM lots_opt_outs o WHERE o.opted_out = 1 AND o.id = (SELECT MAX(id) FROM "
		"lots_opt_outs x WHERE x.party = o.party AND x.choice = o.choice) "
		"ORDER BY o.party, o.choice");
	while (st && store_step(st) == STORE_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "party",
			store_col_text(st, 0), "choice", store_col_text(st, 1), "since",
			store_col_text(st, 2), "source", store_col_text(st, 3)));
	store_finalize(st);
	char *t = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(a);
	return t;
}
