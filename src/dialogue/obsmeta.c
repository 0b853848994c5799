/* obsmeta.c - the metadata of written observations (dialogue_observations:
 * type, question, the item replied to) under the archive's tree (issue
 * 10, migration 0053; docs/archive.md): see observation.h.  The row is
 * read back as stored and archived in the transaction that wrote it;
 * `archive verify` compares every row with its record's commitment. */
#include "dialogue/observation.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "archive/verify.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/xmalloc.h"

/* Short for the calls of this file (verify.h). */
#define vfail archive_verify_fail

/* Marks a message for po/extract.py. */
#define N_(s) s

#define OBS_COLUMNS                                                                      \
	"o.record, o.reviewed, o.phase, o.instrument, o.question, o.answer_version, o.type, " \
	"o.reply_to, o.state, o.part, o.at"

/* The canonical row of the statement's columns 0-10 (OBS_COLUMNS). */
static void canonical_of(struct store_stmt *st, struct buf *b)
{
	archive_row_put_text(b, "revmech-dialogue-observation/1");
	archive_row_put_int(b, store_col_int(st, 0));
	archive_row_put_text(b, store_col_text(st, 1));
	archive_row_put_int(b, store_col_int(st, 2));
	archive_row_put_text(b, store_col_text(st, 3));
	archive_row_put_text(b, store_col_text(st, 4));
	archive_row_put_int(b, store_col_int(st, 5));
	archive_row_put_text(b, store_col_text(st, 6));
	if (store_col_is_null(st, 7))
		archive_row_put_text(b, "");
	else
		archive_row_put_int(b, store_col_int(st, 7));
	archive_row_put_text(b, store_col_text(st, 8));
	archive_row_put_text(b, store_col_text(st, 9));
	archive_row_put_text(b, store_col_text(st, 10));
}

int64_t observation_meta_archive(struct store *s, int64_t record, char *err, size_t errlen)
{
	struct buf b = { 0 };
	int64_t id = -1, thread = 0;
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT " OBS_COLUMNS ", r.thread FROM dialogue_observations o JOIN "
		   "archive_records r ON r.seq = o.record WHERE o.record = ?");
	if (!st) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	store_bind_int(st, 1, record);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		canonical_of(st, &b);
		thread = store_col_int(st, 11);
	}
	store_finalize(st);
	if (rc != STORE_ROW) {
		if (rc == STORE_DONE)
			msg_set(err, errlen, N_("no observation %lld in this review's phase"),
				(long long)record);
		else
			msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	id = archive_append_row(s, ARCHIVE_KIND_OBSMETA, thread, ARCHIVE_ROW_OBSERVATIONS, record,
				b.p, b.len, err, errlen);
out:
	buf_free(&b);
	return id;
}

long observation_meta_archive_all(struct store *s, char *err, size_t errlen)
{
	/* The rows migration 0053 listed (written before it) whose key no
	 * obs_meta record names yet; a row written behind the archive's back
	 * later is never archived (verify names it). */
	return archive_pending_archive_all(
		s, ARCHIVE_ROW_OBSERVATIONS,
		"SELECT o.record FROM archive_rows_pending p JOIN dialogue_observations o ON "
		"o.record = p.key WHERE p.tbl = '" ARCHIVE_ROW_OBSERVATIONS "' AND NOT EXISTS "
		"(SELECT 1 FROM "
		"archive_records r WHERE r.thread = (SELECT x.thread FROM archive_records x WHERE "
		"x.seq = o.record) AND r.kind = '" ARCHIVE_KIND_OBSMETA "' AND r.author = '"
		ARCHIVE_ROW_OBSERVATIONS ":' || CAST(o.record AS TEXT)) ORDER BY o.record",
		observation_meta_archive, err, errlen);
}

long dialogue_rows_archive_all(struct store *s, char *err, size_t errlen)
{
	long t = archive_threads_archive_all(s, err, errlen);
	if (t < 0)
		return -1;
	long o = observation_meta_archive_all(s, err, errlen);
	return o < 0 ? -1 : t + o;
}

/* An obs_meta record: the row it names, its id and what it commits to. */
struct meta_rec {
	int64_t key, seq;
	char *sealed, *commitment;
	int seen;
};

static int meta_cmp(const void *a, const void *b)
{
	const struct meta_rec *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key ? 1 : x->seq < y->seq ? -1 : x->seq > y->seq;
}

int observation_meta_verify(struct store *s, struct archive_verify_result *res)
{
	static const char prefix[] = ARCHIVE_ROW_OBSERVATIONS ":";
	struct meta_rec *m = NULL;
	size_t n = 0, cap = 0;
	struct buf b = { 0 };
	int rc = -1, step;
	memset(res, 0, sizeof *res);
	res->ok = 1;
	res->record = -1;
	/* The records, in one scan: a row is tied to its record by the
	 * record's author (under the tree), without opening either. */
	struct store_stmt *st = store_prepare(s, "SELECT seq, author, sealed, commitment FROM "
						 "archive_records WHERE kind = '"
						 ARCHIVE_KIND_OBSMETA "' ORDER BY seq");
	if (!st)
		goto store_err;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *au = store_col_text(st, 1);
		char *end = NULL;
		long long key = -1;
		if (strncmp(au, prefix, sizeof prefix - 1) == 0)
			key = strtoll(au + sizeof prefix - 1, &end, 10);
		if (key < 0 || !end || *end) {
			vfail(res, store_col_int(st, 0), "record %lld of kind " ARCHIVE_KIND_OBSMETA
			      " names no observation", (long long)store_col_int(st, 0));
			goto done;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			m = xreallocarray(m, cap, sizeof *m);
		}
		m[n].key = key;
		m[n].seq = store_col_int(st, 0);
		m[n].sealed = xstrdup(store_col_text(st, 2));
		m[n].commitment = store_col_is_null(st, 3) ? NULL : xstrdup(store_col_text(st, 3));
		m[n].seen = 0;
		n++;
	}
	store_finalize(st);
	st = NULL;
	if (step != STORE_DONE)
		goto store_err;
	if (n)
		qsort(m, n, sizeof *m, meta_cmp);
	for (size_t i = 1; i < n; i++)
		if (m[i].key == m[i - 1].key) {
			vfail(res, m[i].seq, "record %lld is a second archived copy of observation "
			      "%lld's metadata", (long long)m[i].seq, (long long)m[i].key);
			goto done;
		}
	st = store_prepare(s, "SELECT " OBS_COLUMNS " FROM dialogue_observations o ORDER BY "
			      "o.record");
	if (!st)
		goto store_err;
	while ((step = store_step(st)) == STORE_ROW) {
		struct meta_rec want = { .key = store_col_int(st, 0) }, *hit;
		size_t lo = 0, hi = n;
		hit = NULL;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (m[mid].key < want.key)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && m[lo].key == want.key)
			hit = &m[lo];
		if (!hit) {
			vfail(res, -1, "observation %lld (dialogue_observations) has no archived "
			      "record: added outside the archive, or not yet archived by "
			      "`revmech migrate`", (long long)want.key);
			goto done;
		}
		hit->seen = 1;
		buf_reset(&b);
		canonical_of(st, &b);
		if (!archive_row_matches(hit->sealed, hit->commitment, ARCHIVE_ROW_OBSERVATIONS, b.p,
					 b.len)) {
			vfail(res, hit->seq, "observation %lld (dialogue_observations) differs from "
			      "its archived record %lld: changed behind the archive's back",
			      (long long)want.key, (long long)hit->seq);
			goto done;
		}
		res->records++;
	}
	if (step != STORE_DONE)
		goto store_err;
	for (size_t i = 0; i < n; i++)
		if (!m[i].seen) {
			vfail(res, m[i].seq, "record %lld archives observation %lld, which "
			      "dialogue_observations no longer holds", (long long)m[i].seq,
			      (long long)m[i].key);
			goto done;
		}
	snprintf(res->what, sizeof res->what, "%llu observations' metadata match their records",
		 (unsigned long long)res->records);
done:
	rc = 0;
	goto out;
store_err:
	res->ok = 0;
	snprintf(res->what, sizeof res->what, "the observations cannot be read: %s",
		 store_errmsg(s));
out:
	store_finalize(st);
	for (size_t i = 0; i < n; i++) {
		free(m[i].sealed);
		free(m[i].commitment);
	}
	free(m);
	buf_free(&b);
	return rc;
}
