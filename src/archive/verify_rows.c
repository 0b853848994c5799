/* verify_rows.c - the checks of `revmech archive verify` beside the tree
 * (verify.h): the threads' envelopes (archive_threads) against the records
 * that archive them (ARCHIVE_KIND_THREAD, migration 0053), and, with the
 * key, every record's opened content against its commitment (layout /2).
 * The rows of other modules (the observations' metadata, dialogue/) use
 * archive_row_matches() for theirs. */
#include "archive/verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/archive_int.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

/* Short for the calls of this file (verify.h). */
#define fail archive_verify_fail

/* One fault: the result names record and what (a printf format). */
int archive_verify_fail(struct archive_verify_result *res, int64_t record, const char *fmt, ...)
{
	va_list ap;
	res->ok = 0;
	res->record = record;
	va_start(ap, fmt);
	vsnprintf(res->what, sizeof res->what, fmt, ap);
	va_end(ap);
	return 0;
}

int archive_row_matches(const char *sealed, const char *commitment, const char *table,
			const void *row, size_t len)
{
	uint8_t salt[ARCHIVE_SALT_LEN], c[ARCHIVE_COMMIT_LEN], want[ARCHIVE_COMMIT_LEN];
	if (!commitment || archive_hex32(commitment, want) < 0 ||
	    archive_record_salt(sealed, salt) < 0)
		return 0;
	archive_commitment(salt, table, ARCHIVE_ROW_MEDIA_TYPE, row, len, c);
	sodium_memzero(salt, sizeof salt);
	return sodium_memcmp(c, want, sizeof c) == 0;
}

int archive_verify_threads(struct store *s, struct archive_verify_result *res)
{
	int rc = -1, step;
	int64_t last = 0;
	struct buf b = { 0 };
	memset(res, 0, sizeof *res);
	res->ok = 1;
	res->record = -1;
	struct store_stmt *st = store_prepare(
		s, "SELECT t.id, t.reviewed, t.phase, t.instrument, t.reviewers, t.created, r.seq, "
		   "r.sealed, r.commitment, r.reviewed, r.phase, r.instrument, r.author FROM "
		   "archive_threads t "
		   "LEFT JOIN archive_records r ON r.thread = t.id AND r.kind = '"
		   ARCHIVE_KIND_THREAD "' ORDER BY t.id, r.seq");
	if (!st)
		goto store_err;
	while ((step = store_step(st)) == STORE_ROW) {
		struct archive_thread t;
		memset(&t, 0, sizeof t);
		t.id = store_col_int(st, 0);
		util_strlcpy(t.reviewed, store_col_text(st, 1), sizeof t.reviewed);
		t.phase = (int)store_col_int(st, 2);
		util_strlcpy(t.instrument, store_col_text(st, 3), sizeof t.instrument);
		util_strlcpy(t.reviewers, store_col_text(st, 4), sizeof t.reviewers);
		util_strlcpy(t.created, store_col_text(st, 5), sizeof t.created);
		if (store_col_is_null(st, 6)) {
			fail(res, -1, "thread %lld (archive_threads) has no archived record: added "
			     "outside the archive, or not yet archived by `revmech migrate`",
			     (long long)t.id);
			goto done;
		}
		int64_t seq = store_col_int(st, 6);
		if (t.id == last) {
			fail(res, seq, "record %lld is a second envelope of thread %lld",
			     (long long)seq, (long long)t.id);
			goto done;
		}
		last = t.id;
		char author[64];
		snprintf(author, sizeof author, ARCHIVE_ROW_THREADS ":%lld", (long long)t.id);
		buf_reset(&b);
		archive_thread_canonical(&t, &b);
		/* The row's own columns, and the record's envelope (under the
		 * tree) that repeats them. */
		if (store_col_int(st, 10) != t.phase || strcmp(store_col_text(st, 9), t.reviewed) ||
		    strcmp(store_col_text(st, 12), author) ||
		    strcmp(store_col_text(st, 11), t.instrument) ||
		    !archive_row_matches(store_col_text(st, 7),
					 store_col_is_null(st, 8) ? NULL : store_col_text(st, 8),
					 ARCHIVE_ROW_THREADS, b.p, b.len)) {
			fail(res, seq, "thread %lld (archive_threads) differs from its archived record "
			     "%lld: changed behind the archive's back", (long long)t.id,
			     (long long)seq);
			goto done;
		}
		res->records++;
	}
	store_finalize(st);
	st = NULL;
	if (step != STORE_DONE)
		goto store_err;
	/* An envelope whose row is gone. */
	st = store_prepare(s, "SELECT r.seq, r.thread FROM archive_records r WHERE r.kind = '"
			      ARCHIVE_KIND_THREAD "' AND NOT EXISTS (SELECT 1 FROM archive_threads t "
			      "WHERE t.id = r.thread) ORDER BY r.seq");
	if (!st)
		goto store_err;
	step = store_step(st);
	if (step < 0)
		goto store_err;
	if (step == STORE_ROW) {
		fail(res, store_col_int(st, 0), "record %lld archives thread %lld, which "
		     "archive_threads no longer holds", (long long)store_col_int(st, 0),
		     (long long)store_col_int(st, 1));
		goto done;
	}
	snprintf(res->what, sizeof res->what, "%llu threads match their archived envelopes",
		 (unsigned long long)res->records);
done:
	rc = 0;
	goto out;
store_err:
	res->ok = 0;
	snprintf(res->what, sizeof res->what, "the threads cannot be read: %s", store_errmsg(s));
out:
	store_finalize(st);
	buf_free(&b);
	return rc;
}

int archive_verify_content(struct store *s, struct archive_verify_result *res)
{
	int rc = -1, step;
	memset(res, 0, sizeof *res);
	res->ok = 1;
	res->record = -1;
	if (!archive_key_loaded()) {
		res->ok = 0;
		snprintf(res->what, sizeof res->what, "the archive key is not loaded");
		return -1;
	}
	struct store_stmt *st = store_prepare(s, "SELECT seq, sealed, commitment FROM "
						 "archive_records WHERE commitment IS NOT NULL "
						 "ORDER BY seq");
	if (!st)
		goto store_err;
	while ((step = store_step(st)) == STORE_ROW) {
		struct archive_record r;
		uint8_t salt[ARCHIVE_SALT_LEN], c[ARCHIVE_COMMIT_LEN], want[ARCHIVE_COMMIT_LEN];
		int64_t seq = store_col_int(st, 0);
		const char *sealed = store_col_text(st, 1);
		memset(&r, 0, sizeof r);
		if (archive_int_unseal(sealed, &r) < 0) {
			fail(res, seq, "record %lld does not open with this key", (long long)seq);
			goto done;
		}
		int ok = archive_hex32(store_col_text(st, 2), want) == 0 &&
			 archive_record_salt(sealed, salt) == 0;
		if (ok) {
			archive_commitment(salt, r.title, r.media_type, r.body, r.body_len, c);
			ok = sodium_memcmp(c, want, sizeof c) == 0;
		}
		sodium_memzero(salt, sizeof salt);
		archive_record_free(&r);
		if (!ok) {
			fail(res, seq, "record %lld: its content does not match its commitment",
			     (long long)seq);
			goto done;
		}
		res->records++;
	}
	if (step != STORE_DONE)
		goto store_err;
	snprintf(res->what, sizeof res->what, "%llu records' contents match their commitments",
		 (unsigned long long)res->records);
done:
	rc = 0;
	goto out;
store_err:
	res->ok = 0;
	snprintf(res->what, sizeof res->what, "the records cannot be read: %s", store_errmsg(s));
out:
	store_finalize(st);
	return rc;
}
