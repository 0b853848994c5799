/* archive_read.c - reading the archive: a record's metadata, a record
 * opened for a reader (audited: para 21, "every read of confidential
 * material"), a thread's records, and the inclusion and consistency proofs
 * of RFC 9162 from the stored subtrees.  See archive.h; split from
 * archive.c, which writes them. */
#include "archive/archive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "archive/archive_int.h"
#include "audit/audit.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

static void meta_from_row(struct store_stmt *st, struct archive_record *r)
{
	memset(r, 0, sizeof *r);
	r->id = store_col_int(st, 0);
	util_strlcpy(r->kind, store_col_text(st, 1), sizeof r->kind);
	util_strlcpy(r->reviewed, store_col_text(st, 2), sizeof r->reviewed);
	r->phase = (int)store_col_int(st, 3);
	util_strlcpy(r->instrument, store_col_text(st, 4), sizeof r->instrument);
	r->thread = store_col_int(st, 5);
	util_strlcpy(r->author, store_col_text(st, 6), sizeof r->author);
	util_strlcpy(r->at, store_col_text(st, 7), sizeof r->at);
}

int archive_record_meta(struct store *s, int64_t id, struct archive_record *out)
{
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT seq, kind, reviewed, phase, instrument, thread, author, at "
		   "FROM archive_records WHERE seq = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		meta_from_row(st, out);
	store_finalize(st);
	return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

/* archive_read(), or archive_read_public() when public. */
static int read_record(struct store *s, int64_t id, const char *actor, const char *ip,
		       int public, struct archive_record *out, char *err, size_t errlen)
{
	char obj[32], *sealed = NULL;
	int r = -1;
	memset(out, 0, sizeof *out);
	if (!archive_key_loaded()) {
		snprintf(err, errlen, "the archive key is not loaded");
		return -1;
	}
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT " ARCHIVE_RECORD_COLUMNS " FROM archive_records WHERE seq = ?");
	if (!st) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	store_bind_int(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		meta_from_row(st, out);
		sealed = xstrdup(store_col_text(st, 8));
	}
	store_finalize(st);
	if (rc == STORE_DONE) {
		r = 0;
		goto out;
	}
	if (rc != STORE_ROW) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	/* Recorded first: content never leaves without its audit entry. */
	snprintf(obj, sizeof obj, "archive %lld", (long long)id);
	if ((public ? audit_public_read(s, ip, "read.archive", obj)
		    : audit_log(s, actor, ip, "read.archive", obj, out->kind)) < 0) {
		snprintf(err, errlen, "the read could not be recorded: %s", store_errmsg(s));
		goto out;
	}
	if (archive_int_unseal(sealed, out) < 0) {
		snprintf(err, errlen, "archive record %lld does not open with this key",
			 (long long)id);
		goto out;
	}
	r = 1;
out:
	free(sealed);
	if (r != 1)
		archive_record_free(out);
	return r;
}

int archive_read(struct store *s, int64_t id, const char *actor, const char *ip,
		 struct archive_record *out, char *err, size_t errlen)
{
	return read_record(s, id, actor, ip, 0, out, err, errlen);
}

int archive_read_public(struct store *s, int64_t id, const char *ip, struct archive_record *out,
			char *err, size_t errlen)
{
	return read_record(s, id, "-", ip, 1, out, err, errlen);
}

void archive_record_free(struct archive_record *r)
{
	if (!r)
		return;
	free(r->title);
	free(r->media_type);
	if (r->body) {
		sodium_memzero(r->body, r->body_len);
		free(r->body);
	}
	r->title = r->media_type = NULL;
	r->body = NULL;
	r->body_len = 0;
}

int archive_thread_records(struct store *s, int64_t thread, int64_t **ids, size_t *n)
{
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT seq FROM archive_records WHERE thread = ? AND kind <> '"
		   ARCHIVE_KIND_THREAD "' AND kind <> '" ARCHIVE_KIND_OBSMETA "' ORDER BY seq");
	if (!st)
		return -1;
	store_bind_int(st, 1, thread);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
		}
		(*ids)[(*n)++] = store_col_int(st, 0);
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int archive_leaf_info_get(struct store *s, int64_t id, struct archive_record *meta,
			  struct archive_leaf_info *out)
{
	uint8_t salt[ARCHIVE_SALT_LEN];
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT " ARCHIVE_RECORD_COLUMNS " FROM archive_records WHERE seq = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int rc = store_step(st), r = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
	if (rc == STORE_ROW) {
		meta_from_row(st, meta);
		out->layout = store_col_is_null(st, 9) ? 1 : 2;
		if (out->layout == 2) {
			const char *sealed = store_col_text(st, 8);
			util_strlcpy(out->commitment, store_col_text(st, 9), sizeof out->commitment);
			archive_sealed_digest(sealed, out->sealed_sha256);
			if (archive_record_salt(sealed, salt) < 0)
				r = -1;
			else
				sodium_bin2hex(out->salt, sizeof out->salt, salt, sizeof salt);
			sodium_memzero(salt, sizeof salt);
		}
	}
	store_finalize(st);
	return r;
}

/* ---- Proofs ---- */

int archive_inclusion_proof(struct store *s, int64_t id, uint64_t size,
			    uint8_t leaf[MERKLE_HASH_LEN],
			    uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len)
{
	int64_t n = archive_size(s);
	*len = 0;
	if (n < 0)
		return -1;
	if (id < 0 || (uint64_t)id >= size || size > (uint64_t)n)
		return 1;
	/* The leaf is hashed from the record as stored now, not taken from
	 * the tree: a record changed behind the archive's back then fails its
	 * proof against any head its holder kept. */
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT " ARCHIVE_RECORD_COLUMNS " FROM archive_records WHERE seq = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		archive_row_leaf(st, leaf);
	store_finalize(st);
	if (rc != STORE_ROW)
		return rc == STORE_DONE ? 1 : -1;
	return merkle_inclusion_proof((uint64_t)id, size, archive_int_node_get, s, path, len) < 0 ? -1 : 0;
}

int archive_consistency_proof(struct store *s, uint64_t first, uint64_t second,
			      uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len)
{
	int64_t n = archive_size(s);
	*len = 0;
	if (n < 0)
		return -1;
	if (first == 0 || first > second || second > (uint64_t)n)
		return 1;
	return merkle_consistency_proof(first, second, archive_int_node_get, s, path, len) < 0 ? -1 : 0;
}
