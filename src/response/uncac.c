/* uncac.c - see uncac.h: the Secretariat's override of the UNCAC status
 * of a review's phase (C27) and the start of the country-review phase
 * per instrument (R43, R76). */
#include "response/uncac.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "response/response_int.h"
#include "review/country.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

static int text_ok(const char *t, long max)
{
	long n = t ? util_utf8_len(t) : -1;
	if (n < 1 || n > max)
		return 0;
	for (const char *p = t; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return 1;
	return 0;
}

/* The completion of every opened instrument with the status in force. */
static int completion_refresh(struct store *s, const struct response_review *rv,
			      const char *now)
{
	struct response_qns q;
	int rc = response_qns_load(s, rv, &q) < 0 ? -1 : 0;
	for (size_t i = 0; rc == 0 && i < q.n; i++)
		rc = response_completion_update(s, rv, &q, &q.q[i], now);
	response_qns_free(&q);
	return rc;
}

int64_t response_uncac_override(struct store *s, const struct response_review *rv, int uncac,
				const char *reference, const char *reason, const char *who,
				const char *ip, char *err, size_t errlen)
{
	struct country_snapshot snap;
	struct response_review now_rv = *rv;
	char now[32], detail[200];
	int64_t id = UNCAC_REFUSED;
	if (uncac != 0 && uncac != 1) {
		msg_set(err, errlen, N_("the UNCAC status must be yes (party to UNCAC) or no (not "
			 "party)"));
		return UNCAC_BAD;
	}
	if (!text_ok(reference, UNCAC_MAX_REFERENCE)) {
		msg_set(err, errlen, N_("the decision's reference must be a text of 1 to %d "
			 "characters"), UNCAC_MAX_REFERENCE);
		return UNCAC_BAD;
	}
	if (!text_ok(reason, UNCAC_MAX_REASON)) {
		msg_set(err, errlen, N_("the reason must be a text of 1 to %d characters"),
			UNCAC_MAX_REASON);
		return UNCAC_BAD;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return UNCAC_ERROR;
	}
	int r = country_phase_snapshot(s, rv->reviewed, rv->phase, &snap);
	if (r < 0)
		goto fail_store;
	if (r == 0) {
		msg_set(err, errlen, N_("phase %d of %s has not started: its UNCAC status is taken "
			 "when it starts, and only then can it be overridden"), rv->phase,
			rv->reviewed);
		goto fail;
	}
	long long cond = store_count(s, "SELECT COUNT(*) FROM cluster_articles WHERE cluster = ? "
				     "AND condition = 'not_uncac'", snap.cluster);
	if (cond < 0)
		goto fail_store;
	if (cond == 0) {
		msg_set(err, errlen, N_("cluster %s of phase %d has no article examined only for "
			 "States not party to UNCAC (articles 8 and 9 are in cluster C1)"),
			snap.cluster, rv->phase);
		goto fail;
	}
	r = response_is_submitted(s, rv);
	if (r < 0)
		goto fail_store;
	if (r > 0) {
		msg_set(err, errlen, N_("the responses of %s for phase %d are submitted: the UNCAC "
			 "status they were answered under can no longer be changed"), rv->reviewed,
			rv->phase);
		goto fail;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO uncac_overrides (reviewed, phase, "
					      "uncac, reference, reason, decided_by, decided_at) "
					      "VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	store_bind_int(st, 3, uncac);
	store_bind_text(st, 4, reference);
	store_bind_text(st, 5, reason);
	store_bind_text(st, 6, who ? who : "-");
	store_bind_text(st, 7, now);
	r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		goto fail_store;
	id = store_last_id(s);
	snprintf(detail, sizeof detail, "phase %d uncac %s (at start %s), decision %.120s",
		 rv->phase, uncac ? "party" : "not party", snap.uncac_at_start ? "party" : "not party",
		 reference);
	if (audit_log(s, who, ip ? ip : "local", "response.uncac_override", rv->reviewed,
		      detail) < 0)
		goto fail_store;
	now_rv.uncac_party = uncac;
	if (completion_refresh(s, &now_rv, now) < 0 || store_commit(s) < 0)
		goto fail_store;
	return id;
fail_store:
	msg_internal(err, errlen, store_errmsg(s));
	id = UNCAC_ERROR;
fail:
	store_rollback(s);
	return id;
}

json_t *response_uncac_json(struct store *s, const struct response_review *rv)
{
	struct country_snapshot snap;
	int r = country_phase_snapshot(s, rv->reviewed, rv->phase, &snap);
	if (r < 0)
		return NULL;
	long long cond = store_count(s, "SELECT COUNT(*) FROM cluster_articles WHERE cluster = ? "
				     "AND condition = 'not_uncac'", rv->cluster);
	if (cond < 0)
		return NULL;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT id, uncac, reference, reason, decided_by, decided_at FROM uncac_overrides "
		"WHERE reviewed = ? AND phase = ? ORDER BY id");
	if (!st)
		return NULL;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	json_t *list = json_array();
	int k;
	while ((k = store_step(st)) == STORE_ROW)
		json_array_append_new(list, json_pack("{s:I,s:b,s:s,s:s,s:s,s:s}", "id",
						      (json_int_t)store_col_int(st, 0), "uncac",
						      (int)store_col_int(st, 1), "reference",
						      store_col_text(st, 2), "reason",
						      store_col_text(st, 3), "decided_by",
						      store_col_text(st, 4), "decided_at",
						      store_col_text(st, 5)));
	store_finalize(st);
	if (k != STORE_DONE) {
		json_decref(list);
		return NULL;
	}
	return json_pack("{s:b,s:b,s:o,s:o,s:b,s:o}", "applies", cond > 0, "started", r > 0,
			 "at_start", r > 0 ? json_boolean(snap.uncac_at_start) : json_null(),
			 "in_force", r > 0 ? json_boolean(snap.uncac) : json_null(), "overridden",
			 snap.override_id > 0, "decisions", list);
}

json_t *response_review_starts_json(struct store *s, const char *reviewed, int phase)
{
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT q.instrument, q.review_started_at, q.completed_at FROM response_questionnaires q "
		"JOIN instruments i ON i.code = q.instrument WHERE q.reviewed = ? AND q.phase = ? "
		"ORDER BY i.ord");
	if (!st)
		return NULL;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	json_t *a = json_array();
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		const char *started = store_col_text(st, 1), *done = store_col_text(st, 2);
		json_array_append_new(a, json_pack("{s:s,s:o,s:o}", "instrument", store_col_text(st, 0),
						   "started_at", started && *started
						   ? json_string(started) : json_null(),
						   "completed_at", done && *done ? json_string(done)
						   : json_null()));
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(a);
		return NULL;
	}
	return a;
}
