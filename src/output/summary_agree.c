/* summary_agree.c - the agreement of each party to a summary (issue 10;
 * para 39, R94, R111): on the final list only, archived in the
 * transaction that records it, the phase's R90 state following; split
 * from summary.c.  See summary.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/summary.h"
#include "output/summary_int.h"

#include <jansson.h>
#include <sodium.h>

#include "archive/archive.h"
#include "findings/list.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

/* The archive thread of the phase's agreements: the list's (archive.h,
 * ARCHIVE_THREAD_LIST_AGREEMENTS, kept out of the dialogue's threads),
 * created with the summary's reviewing States when the list has none yet.
 * Returns its id, or -1 with err set. */
static int64_t agreement_thread(struct store *s, long long id, const char *reviewed, int phase,
				char *err, size_t errlen)
{
	int64_t t = -1;
	struct store_stmt *st = store_prepare(s,
		"SELECT id FROM archive_threads WHERE reviewed = ? AND phase = ? AND instrument = '"
		ARCHIVE_THREAD_LIST_AGREEMENTS "' ORDER BY id LIMIT 1");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	if (store_step(st) == STORE_ROW)
		t = store_col_int(st, 0);
	store_finalize(st);
	if (t >= 0)
		return t;
	char list[128] = "";
	st = store_prepare(s, "SELECT party FROM summary_parties WHERE summary_id = ? AND "
			   "is_reviewed = 0 ORDER BY party");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	while (store_step(st) == STORE_ROW) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", n ? "," : "", store_col_text(st, 0));
	}
	store_finalize(st);
	return archive_thread_open(s, reviewed, phase, ARCHIVE_THREAD_LIST_AGREEMENTS, list, err,
				   errlen);
}

/* Appends party's agreement to version (its text's SHA-256) to the
 * archive: the record's id, or -1 with err set. */
static int64_t agreement_archive(struct store *s, long long id, const char *reviewed, int phase,
				 const char *dl, const char *party, int version, const char *by,
				 const char *now, char *err, size_t errlen)
{
	unsigned char h[32];
	char sha[65] = "", title[160];
	struct summary_text t;
	if (summary_text_get(s, reviewed, phase, dl, version, &t) != 1)
		return -1;
	crypto_hash_sha256(h, (const unsigned char *)t.body, t.len);
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);
	summary_text_free(&t);
	int64_t thread = agreement_thread(s, id, reviewed, phase, err, errlen);
	if (thread < 0)
		return -1;
	json_t *body = json_pack("{s:s,s:s,s:i,s:s,s:i,s:s,s:s,s:s}", "type",
				 "revmech-summary-agreement/1", "reviewed", reviewed, "phase", phase,
				 "lang", dl, "version", version, "sha256", sha, "party", party, "at",
				 now);
	char *doc = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(body);
	if (!doc)
		return -1;
	snprintf(title, sizeof title, "Agreement of %s to the summary of %s, phase %d, version %d",
		 party, reviewed, phase, version);
	struct archive_item it = { ARCHIVE_KIND_AGREEMENT, thread, by, title, "application/json",
				   doc, strlen(doc) };
	int64_t seq = archive_append(s, &it, err, errlen);
	free(doc);
	return seq;
}

int summary_agree(struct store *s, const char *reviewed, int phase, const char *party,
		  int version, const char *by, char *err, size_t errlen)
{
	char now[32], dl[3];
	long long id;
	if (!by || !*by)
		return summary_int_fail(SUMMARY_INVALID, err, errlen, N_("who agrees is required"), NULL);
	int rc = summary_int_begin(s, reviewed, phase, &id, dl, err, errlen);
	if (rc != SUMMARY_OK)
		return rc;
	struct store_stmt *st = store_prepare(s, "SELECT count(*) FROM summary_parties "
						 "WHERE summary_id = ? AND party = ?");
	long long isp = -1;
	if (st) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, party ? party : "");
		if (store_step(st) == STORE_ROW)
			isp = store_col_int(st, 0);
		store_finalize(st);
	}
	int srcv = isp < 0 ? -1 : summary_int_version(s, id, dl);
	if (isp < 0 || srcv < 0) {
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
		goto out;
	}
	rc = SUMMARY_INVALID;
	if (isp == 0) {
		msg_set(err, errlen, N_("%s is neither the reviewed State nor one of its reviewers"),
			 party ? party : "");
		goto out;
	}
	if (srcv == 0) {
		msg_set(err, errlen, N_("there is no text to agree to yet"));
		goto out;
	}
	if (version != srcv) {
		msg_set(err, errlen, N_("the text is at version %d, not %d: read it again before "
			 "agreeing"), srcv, version);
		rc = SUMMARY_CONFLICT;
		goto out;
	}
	/* Para 38: a summary of the list of observations; agreeing to it
	 * before that list is final would sign a text resting on findings
	 * that may still change (R111).  Read in this transaction. */
	struct list_status ls;
	int lf = list_status_get(s, reviewed, phase, &ls);
	if (lf < 0) {
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "reading the list of observations", s);
		goto out;
	}
	if (lf == 0 || !ls.final) {
		msg_set(err, errlen, N_("the list of observations of %s for phase %d is not final "
			 "yet: the summary can be agreed only once every party has agreed to the "
			 "list (R111)"), reviewed, phase);
		rc = SUMMARY_LIST_NOT_FINAL;
		goto out;
	}
	/* R111: the list was reopened since parties agreed to this version;
	 * their agreements no longer count (summary_load) and cannot be given
	 * again to the same version, so the drafters save a new one. */
	struct summary_info si;
	if (summary_load(s, reviewed, phase, &si) != 1) {
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "reading agreements", s);
		goto out;
	}
	if (si.stale > 0 && !si.issued) {
		msg_set(err, errlen, N_("the list of observations of %s for phase %d changed after "
			 "version %d of the summary was agreed to: those agreements no longer count; "
			 "save the summary again (a new version) and agree to that one (R111)"),
			 reviewed, phase, version);
		rc = SUMMARY_REAGREE;
		goto out;
	}
	rc = SUMMARY_OK;
	st = store_prepare(s, "SELECT count(*) FROM summary_agreements WHERE summary_id = ? "
			      "AND party = ? AND version = ?");
	long long have = -1;
	if (st) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, party);
		store_bind_int(st, 3, version);
		if (store_step(st) == STORE_ROW)
			have = store_col_int(st, 0);
		store_finalize(st);
	}
	if (have < 0) {
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "reading agreements", s);
		goto out;
	}
	if (have > 0)
		goto out;
	util_now_iso(now, sizeof now);
	/* R94, R111: the agreement is an archived record, kept unchanged
	 * forever, appended in this transaction. */
	if (!archive_key_loaded()) {
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "the archive key is not loaded: agreements "
			  "cannot be archived", NULL);
		goto out;
	}
	err[0] = '\0';
	int64_t seq = agreement_archive(s, id, reviewed, phase, dl, party, version, by, now, err,
					errlen);
	if (seq < 0) {
		rc = err[0] ? SUMMARY_ERR : summary_int_fail(SUMMARY_ERR, err, errlen, "archiving the agreement", s);
		goto out;
	}
	st = store_prepare(s, "INSERT INTO summary_agreements (summary_id, party, version, at, "
			      "by_whom, archive_seq) VALUES (?, ?, ?, ?, ?, ?)");
	int r = STORE_ERR;
	if (st) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, party);
		store_bind_int(st, 3, version);
		store_bind_text(st, 4, now);
		store_bind_text(st, 5, by);
		store_bind_int(st, 6, seq);
		r = store_step(st);
		store_finalize(st);
	}
	if (r != STORE_DONE ||
	    summary_int_event(s, id, dl, "agreed", version, now, by) < 0) {
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "recording the agreement", s);
		goto out;
	}
	/* Agreed by every party: the phase's R90 state follows, in this
	 * transaction (review/phase.h; only from list_agreed). */
	int all = summary_int_agreed_now(s, reviewed, phase);
	if (all < 0 || (all && phase_advance(s, reviewed, phase, PHASE_SUMMARY_AGREED, by) < 0))
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "recording the agreement", s);
out:
	return summary_int_finish(s, rc, err, errlen);
}
