/* summary_corr.c - the corrigendum of an issued summary (issue 10; para
 * 39, R110, R111; migration 0054, tables summary_corrigenda and
 * summary_corrigendum_langs): opened, the issued versions kept public,
 * closed once the correction is official in every language issued before
 * it.  See summary.h and docs/summaries.md "Corrigendum". */
#include <stdio.h>
#include <string.h>

#include "output/summary.h"
#include "output/summary_int.h"

#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

/* After a translation became final: an open corrigendum whose correction
 * is now official in every language issued before it is closed (its
 * closed_at, and the event "corrigendum_closed").  0 or -1. */
int summary_corrigendum_close(struct store *s, long long id, const char *reviewed, int phase,
			     const char *dl, const char *now, const char *by)
{
	struct summary_info si;
	if (summary_load(s, reviewed, phase, &si) != 1)
		return -1;
	if (!si.corrigendum)
		return 0;
	for (int i = 0; i < 6; i++)
		if (si.langs[i].corr == SUMMARY_CORR_PENDING)
			return 0;
	struct store_stmt *st = store_prepare(s, "UPDATE summary_corrigenda SET closed_at = ? "
						 "WHERE summary_id = ? AND number = ? AND closed_at = ''");
	if (!st)
		return -1;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, si.corrigendum);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		return -1;
	return summary_int_event(s, id, dl, "corrigendum_closed", si.version, now, by);
}

int summary_corrigendum_open(struct store *s, const char *reviewed, int phase,
			     const char *reason, const char *by, char *err, size_t errlen)
{
	char now[32], dl[3];
	long long id;
	struct summary_info si;
	if (!by || !*by)
		return summary_int_fail(SUMMARY_INVALID, err, errlen, N_("who opens it is required"), NULL);
	if (!reason || !*reason || strlen(reason) > SUMMARY_MAX_REASON ||
	    strpbrk(reason, "\r\n") || util_utf8_len(reason) < 0)
		return summary_int_fail(SUMMARY_INVALID, err, errlen,
			    N_("a corrigendum needs its reason: one line, at most 255 bytes"), NULL);
	int rc = summary_int_begin(s, reviewed, phase, &id, dl, err, errlen);
	if (rc != SUMMARY_OK)
		return rc;
	if (summary_load(s, reviewed, phase, &si) != 1) {
		rc = summary_int_fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
		goto out;
	}
	rc = SUMMARY_INVALID;
	if (si.corrigendum) {
		msg_set(err, errlen, N_("corrigendum %d of the summary of %s for phase %d is open "
			 "already"), si.corrigendum, reviewed, phase);
		goto out;
	}
	if (!si.issued) {
		msg_set(err, errlen, N_("the summary of %s for phase %d is not issued: it is "
			 "corrected as any draft, without a corrigendum"), reviewed, phase);
		goto out;
	}
	util_now_iso(now, sizeof now);
	rc = SUMMARY_ERR;
	struct store_stmt *st = store_prepare(s, "INSERT INTO summary_corrigenda (summary_id, "
					      "number, issued_version, reason, opened_at, opened_by) "
					      "VALUES (?, ?, ?, ?, ?, ?)");
	if (!st) {
		summary_int_fail(rc, err, errlen, "opening the corrigendum", s);
		goto out;
	}
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, si.corrigenda + 1);
	store_bind_int(st, 3, si.version);
	store_bind_text(st, 4, reason);
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, by);
	int r = store_step(st);
	store_finalize(st);
	long long cid = store_last_id(s);
	if (r != STORE_DONE) {
		summary_int_fail(rc, err, errlen, "opening the corrigendum", s);
		goto out;
	}
	st = store_prepare(s, "INSERT INTO summary_corrigendum_langs (corrigendum_id, lang, "
			   "version, based_on) VALUES (?, ?, ?, ?)");
	if (!st) {
		summary_int_fail(rc, err, errlen, "opening the corrigendum", s);
		goto out;
	}
	for (int i = 0; i < 6; i++) {
		const struct summary_lang *l = &si.langs[i];
		if (!l->official)
			continue;
		store_bind_int(st, 1, cid);
		store_bind_text(st, 2, l->lang);
		store_bind_int(st, 3, l->version);
		store_bind_int(st, 4, l->pub_based_on);
		r = store_step(st);
		store_reset(st);
		if (r != STORE_DONE) {
			store_finalize(st);
			summary_int_fail(rc, err, errlen, "opening the corrigendum", s);
			goto out;
		}
	}
	store_finalize(st);
	if (summary_int_event(s, id, dl, "corrigendum_opened", si.version, now, by) < 0) {
		summary_int_fail(rc, err, errlen, "opening the corrigendum", s);
		goto out;
	}
	rc = SUMMARY_OK;
out:
	return summary_int_finish(s, rc, err, errlen);
}
