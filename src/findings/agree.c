/* agree.c - the agreements of list.h (para 39, R111): each party's
 * agreement to one version, appended to the archive (archive.h, kind
 * "agreement") in the transaction that records it; the list final once
 * every party agreed to its current version (C14). */
#include "findings/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "findings/findings_int.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

/* The parties' agreements to version: for each party a JSON object. */
json_t *findings_agreements(struct store *s, int64_t list_id, const struct list_review *rv,
			    int version, int *all)
{
	json_t *arr = json_array();
	*all = version > 0;
	for (size_t i = 0; i <= rv->nreviewers; i++) {
		const char *p = i == 0 ? rv->reviewed : rv->reviewers[i - 1];
		json_t *o = json_pack("{s:s,s:b,s:b}", "state", p, "reviewed", i == 0, "agreed", 0);
		struct store_stmt *st = store_prepare_cached(s,
			"SELECT at, by_whom, archive_seq FROM obs_agreements WHERE list_id = ? "
			"AND party = ? AND version = ?");
		if (!st) {
			json_decref(o);
			json_decref(arr);
			return NULL;
		}
		store_bind_int(st, 1, list_id);
		store_bind_text(st, 2, p);
		store_bind_int(st, 3, version);
		if (store_step(st) == STORE_ROW) {
			json_object_set_new(o, "agreed", json_true());
			json_object_set_new(o, "agreed_at", json_string(store_col_text(st, 0)));
			json_object_set_new(o, "agreed_by", json_string(store_col_text(st, 1)));
			json_object_set_new(o, "archive_record", json_integer(store_col_int(st, 2)));
		} else {
			*all = 0;
		}
		store_finalize(st);
		json_array_append_new(arr, o);
	}
	return arr;
}


static int version_sha(struct store *s, int64_t list_id, int version, char sha[65])
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT sha256 FROM obs_list_versions WHERE list_id = ? AND version = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, list_id);
	store_bind_int(st, 2, version);
	if (store_step(st) == STORE_ROW) {
		util_strlcpy(sha, store_col_text(st, 0), 65);
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

/* The archive thread of the list's agreements, created on first use. */
static int64_t agreement_thread(struct store *s, const struct list_review *rv,
				const struct findings_row *row, char *err, size_t errlen)
{
	if (row->thread >= 0)
		return row->thread;
	char list[128] = "";
	for (size_t i = 0; i < rv->nreviewers; i++) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", n ? "," : "", rv->reviewers[i]);
	}
	int64_t t = archive_thread_open(s, rv->reviewed, rv->phase, FINDINGS_THREAD, list, err,
					errlen);
	if (t < 0)
		return -1;
	struct store_stmt *st = store_prepare(s, "UPDATE obs_lists SET thread = ? WHERE id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, t);
	store_bind_int(st, 2, row->id);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? t : -1;
}

int list_agree(struct store *s, const struct list_review *rv, const char *party, int version,
	       const char *by, int *final, char *err, size_t errlen)
{
	struct findings_row row;
	char now[32], sha[65], title[160];
	int rc = LIST_ERR, is_party = 0;
	err[0] = '\0';
	if (final)
		*final = 0;
	for (size_t i = 0; party && i <= rv->nreviewers; i++)
		is_party |= strcmp(party, i == 0 ? rv->reviewed : rv->reviewers[i - 1]) == 0;
	if (!is_party) {
		msg_set(err, errlen, N_("%s is neither the reviewed State nor a reviewing State of this "
			 "review"), party ? party : "?");
		return LIST_INVALID;
	}
	if (!by || !*by) {
		msg_set(err, errlen, N_("who agrees must be named"));
		return LIST_INVALID;
	}
	if (!archive_key_loaded()) {
		msg_set(err, errlen, N_("the archive key is not loaded: agreements cannot be archived"));
		return LIST_ERR;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return LIST_ERR;
	}
	int r = findings_list_row(s, rv->reviewed, rv->phase, &row);
	if (r < 0)
		goto fail_store;
	if (r == 0 || row.version == 0) {
		msg_set(err, errlen, N_("the list has no items yet: there is nothing to agree to"));
		rc = LIST_INVALID;
		goto fail;
	}
	if (version != row.version) {
		msg_set(err, errlen, N_("the list is at version %d, not %d: read it again before "
			 "agreeing"), row.version, version);
		rc = LIST_CONFLICT;
		goto fail;
	}
	long long had = 0;
	struct store_stmt *st = store_prepare(s, "SELECT COUNT(*) FROM obs_agreements "
					      "WHERE list_id = ? AND party = ? AND version = ?");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, row.id);
	store_bind_text(st, 2, party);
	store_bind_int(st, 3, version);
	if (store_step(st) == STORE_ROW)
		had = store_col_int(st, 0);
	store_finalize(st);
	if (had) {
		msg_set(err, errlen, N_("%s has already agreed to version %d of the list"), party,
			 version);
		rc = LIST_ALREADY;
		goto fail;
	}
	if (version_sha(s, row.id, version, sha) < 0)
		goto fail_store;
	int64_t thread = agreement_thread(s, rv, &row, err, errlen);
	if (thread < 0)
		goto fail_store;
	util_now_iso(now, sizeof now);
	json_t *body = json_pack("{s:s,s:s,s:i,s:i,s:s,s:s,s:s}", "type",
				 "revmech-list-agreement/1", "reviewed", rv->reviewed, "phase",
				 rv->phase, "version", version, "sha256", sha, "party", party, "at",
				 now);
	char *doc = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(body);
	snprintf(title, sizeof title, "Agreement of %s to the list of observations of %s, phase %d, "
		 "version %d", party, rv->reviewed, rv->phase, version);
	struct archive_item it = { ARCHIVE_KIND_AGREEMENT, thread, by, title, "application/json",
				   doc, strlen(doc) };
	int64_t seq = archive_append(s, &it, err, errlen);
	free(doc);
	if (seq < 0)
		goto fail_store;
	st = store_prepare(s, "INSERT INTO obs_agreements (list_id, party, version, sha256, "
			   "archive_seq, at, by_whom) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, row.id);
	store_bind_text(st, 2, party);
	store_bind_int(st, 3, version);
	store_bind_text(st, 4, sha);
	store_bind_int(st, 5, seq);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, by);
	r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		goto fail_store;
	int all = 0;
	json_t *parties = findings_agreements(s, row.id, rv, version, &all);
	if (!parties)
		goto fail_store;
	json_decref(parties);
	if (all) {
		st = store_prepare(s, "UPDATE obs_lists SET agreed_version = ?, agreed_at = ? "
				   "WHERE id = ?");
		if (!st)
			goto fail_store;
		store_bind_int(st, 1, version);
		store_bind_text(st, 2, now);
		store_bind_int(st, 3, row.id);
		r = store_step(st);
		store_finalize(st);
		if (r != STORE_DONE)
			goto fail_store;
		/* C14: the review of the phase is completed; its R90 state
		 * follows (review/phase.h). */
		if (phase_advance(s, rv->reviewed, rv->phase, PHASE_LIST_AGREED, by) < 0)
			goto fail_store;
	}
	if (store_commit(s) < 0)
		goto fail_store;
	if (final)
		*final = all;
	return LIST_OK;
fail_store:
	if (!err[0])
		msg_internal(err, errlen, store_errmsg(s));
	rc = LIST_ERR;
fail:
	store_rollback(s);
	return rc;
}
