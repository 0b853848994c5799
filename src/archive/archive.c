/* archive.c - see archive.h.  One record, its new tree nodes and its signed
 * head are written in the caller's transaction; nothing here updates or
 * deletes a row of the archive.  The keys, the sealing and the heads'
 * signed bytes are archive_keys.c. */
#include "archive/archive.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "archive/archive_int.h"
#include "audit/audit.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* The leaf input's fields before the sealed text are short: gathered in
 * one buffer and hashed with one update (one update per field was a tenth
 * of an append, issue 10 bench).  Overlong fields go straight in. */
struct leafbuf {
	crypto_hash_sha256_state h;
	uint8_t b[512];
	size_t n;
};

static void lb_flush(struct leafbuf *lb)
{
	crypto_hash_sha256_update(&lb->h, lb->b, lb->n);
	lb->n = 0;
}

static void put_field(struct leafbuf *lb, const void *p, size_t n)
{
	uint8_t len[4] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };
	if (lb->n + 4 + n > sizeof lb->b) {
		lb_flush(lb);
		crypto_hash_sha256_update(&lb->h, len, 4);
		crypto_hash_sha256_update(&lb->h, p, n);
		return;
	}
	memcpy(lb->b + lb->n, len, 4);
	memcpy(lb->b + lb->n + 4, p, n);
	lb->n += 4 + n;
}

static void put_text(struct leafbuf *lb, const char *s)
{
	put_field(lb, s, strlen(s));
}

static void put_int(struct leafbuf *lb, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", (long long)v);
	put_field(lb, num, (size_t)n);
}

/* Streams the leaf input instead of building it: a record may hold a
 * large attachment.  commitment NULL: layout /1 (the records archived
 * before migration 0053), the sealed text itself; else layout /2, the
 * commitment and the SHA-256 of the sealed text (docs/archive.md), so that
 * a participant recomputes the leaf from the plaintext it holds and the
 * proof's fields, without the ciphertext. */
static void leaf_of(int64_t seq, const char *kind, const char *reviewed, int64_t phase,
		    const char *instrument, int64_t thread, const char *author, const char *at,
		    const char *sealed, const char *commitment, uint8_t out[MERKLE_HASH_LEN])
{
	struct leafbuf lb;
	crypto_hash_sha256_init(&lb.h);
	lb.b[0] = 0x00;
	lb.n = 1;
	put_text(&lb, commitment ? "revmech-archive-record/2" : "revmech-archive-record/1");
	put_int(&lb, seq);
	put_text(&lb, kind);
	put_text(&lb, reviewed);
	put_int(&lb, phase);
	put_text(&lb, instrument);
	put_int(&lb, thread);
	put_text(&lb, author);
	put_text(&lb, at);
	if (commitment) {
		char hex[2 * MERKLE_HASH_LEN + 1];
		put_text(&lb, commitment);
		archive_sealed_digest(sealed, hex);
		put_text(&lb, hex);
	} else {
		put_text(&lb, sealed);
	}
	lb_flush(&lb);
	crypto_hash_sha256_final(&lb.h, out);
}

void archive_sealed_digest(const char *sealed, char hex[2 * MERKLE_HASH_LEN + 1])
{
	uint8_t h[MERKLE_HASH_LEN];
	crypto_hash_sha256(h, (const unsigned char *)sealed, strlen(sealed));
	archive_int_hex_public(hex, h, sizeof h);
}

void archive_row_leaf(struct store_stmt *st, uint8_t out[MERKLE_HASH_LEN])
{
	leaf_of(store_col_int(st, 0), store_col_text(st, 1), store_col_text(st, 2),
		store_col_int(st, 3), store_col_text(st, 4), store_col_int(st, 5),
		store_col_text(st, 6), store_col_text(st, 7), store_col_text(st, 8),
		store_col_is_null(st, 9) ? NULL : store_col_text(st, 9), out);
}

void archive_row_put_text(struct buf *b, const char *v)
{
	size_t n = v ? strlen(v) : 0;
	char len[4] = { (char)(n >> 24), (char)(n >> 16), (char)(n >> 8), (char)n };
	buf_append(b, len, 4);
	if (n)
		buf_append(b, v, n);
}

void archive_row_put_int(struct buf *b, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	archive_row_put_text(b, num);
}

void archive_thread_canonical(const struct archive_thread *t, struct buf *b)
{
	archive_row_put_text(b, "revmech-archive-thread/1");
	archive_row_put_int(b, t->id);
	archive_row_put_text(b, t->reviewed);
	archive_row_put_int(b, t->phase);
	archive_row_put_text(b, t->instrument);
	archive_row_put_text(b, t->reviewers);
	archive_row_put_text(b, t->created);
}

/* ---- Threads ---- */

static int is_alpha3(const char *s)
{
	return s && strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	       s[2] >= 'A' && s[2] <= 'Z';
}

/* "" or alpha-3 codes separated by commas. */
static int is_state_list(const char *s)
{
	if (!*s)
		return 1;
	for (;;) {
		if (!(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' &&
		      s[2] <= 'Z'))
			return 0;
		s += 3;
		if (!*s)
			return 1;
		if (*s++ != ',')
			return 0;
	}
}

static int is_code(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n >= max)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

int64_t archive_thread_create(struct store *s, const char *reviewed, int phase,
			      const char *instrument, const char *reviewers, char *err,
			      size_t errlen)
{
	char now[32];
	int64_t id = -1;
	if (!is_alpha3(reviewed)) {
		snprintf(err, errlen, "the reviewed State must be an alpha-3 code");
		return -1;
	}
	if (phase < 1 || phase > 4) {
		snprintf(err, errlen, "phase must be 1 to 4");
		return -1;
	}
	if (!is_code(instrument, sizeof ((struct archive_thread *)0)->instrument)) {
		snprintf(err, errlen, "instrument must be an instrument code");
		return -1;
	}
	if (!reviewers)
		reviewers = "";
	if (!is_state_list(reviewers) ||
	    strlen(reviewers) >= sizeof ((struct archive_thread *)0)->reviewers) {
		snprintf(err, errlen, "reviewers must be a comma list of alpha-3 codes");
		return -1;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(
		s, "INSERT INTO archive_threads (reviewed, phase, instrument, reviewers, created) "
		   "VALUES (?, ?, ?, ?, ?)");
	if (!st) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, instrument);
	store_bind_text(st, 4, reviewers);
	store_bind_text(st, 5, now);
	if (store_step(st) == STORE_DONE)
		id = store_last_id(s);
	else
		snprintf(err, errlen, "%s", store_errmsg(s));
	store_finalize(st);
	return id;
}

int64_t archive_thread_open(struct store *s, const char *reviewed, int phase,
			    const char *instrument, const char *reviewers, char *err, size_t errlen)
{
	if (!archive_key_loaded()) {
		snprintf(err, errlen, "the archive key is not loaded");
		return -1;
	}
	int64_t id = archive_thread_create(s, reviewed, phase, instrument, reviewers, err, errlen);
	/* The envelope under the tree (issue 10): the row as stored, archived
	 * in the same transaction. */
	if (id > 0 && archive_thread_archive(s, id, err, errlen) < 0)
		id = -1;
	return id;
}

int64_t archive_thread_archive(struct store *s, int64_t id, char *err, size_t errlen)
{
	struct archive_thread t;
	struct buf b = { 0 };
	int got = archive_thread_get(s, id, &t);
	if (got != 1) {
		snprintf(err, errlen, got == 0 ? "no such thread" : "%s", store_errmsg(s));
		return -1;
	}
	archive_thread_canonical(&t, &b);
	int64_t seq = archive_append_row(s, ARCHIVE_KIND_THREAD, id, ARCHIVE_ROW_THREADS, id,
					 b.p, b.len, err, errlen);
	buf_free(&b);
	return seq;
}

long archive_pending_archive_all(struct store *s, const char *tbl, const char *select,
				archive_row_fn one, char *err, size_t errlen)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	long done = -1;
	int step;
	if (!archive_key_loaded()) {
		snprintf(err, errlen, "the archive key is not loaded");
		return -1;
	}
	if (store_begin(s) != 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	struct store_stmt *st = store_prepare(s, select);
	if (!st) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	while ((step = store_step(st)) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = store_col_int(st, 0);
	}
	store_finalize(st);
	if (step != STORE_DONE) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (one(s, ids[i], err, errlen) < 0)
			goto out;
	st = store_prepare(s, "DELETE FROM archive_rows_pending WHERE tbl = ?");
	if (st)
		store_bind_text(st, 1, tbl);
	step = st ? store_step(st) : -1;
	store_finalize(st);
	if (step != STORE_DONE || store_commit(s) != 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	done = (long)n;
out:
	if (done < 0)
		store_rollback(s);
	free(ids);
	return done;
}

long archive_threads_archive_all(struct store *s, char *err, size_t errlen)
{
	/* Only the rows migration 0053 listed (written before it), and of
	 * those only the ones still without their record: a row written
	 * behind the archive's back later is never archived. */
	return archive_pending_archive_all(
		s, ARCHIVE_ROW_THREADS,
		"SELECT t.id FROM archive_rows_pending p JOIN archive_threads t ON t.id = p.key "
		"WHERE p.tbl = '" ARCHIVE_ROW_THREADS "' AND NOT EXISTS (SELECT 1 FROM "
		"archive_records r WHERE r.thread = t.id AND r.kind = '" ARCHIVE_KIND_THREAD "') "
		"ORDER BY t.id",
		archive_thread_archive, err, errlen);
}

int archive_thread_get(struct store *s, int64_t id, struct archive_thread *out)
{
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT id, reviewed, phase, instrument, reviewers, created "
		   "FROM archive_threads WHERE id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = store_col_int(st, 0);
		util_strlcpy(out->reviewed, store_col_text(st, 1), sizeof out->reviewed);
		out->phase = (int)store_col_int(st, 2);
		util_strlcpy(out->instrument, store_col_text(st, 3), sizeof out->instrument);
		util_strlcpy(out->reviewers, store_col_text(st, 4), sizeof out->reviewers);
		util_strlcpy(out->created, store_col_text(st, 5), sizeof out->created);
	}
	store_finalize(st);
	return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

size_t archive_thread_reviewers(const struct archive_thread *t, char codes[][4], size_t cap)
{
	size_t n = 0;
	const char *p = t->reviewers;
	/* Stored only through archive_thread_create(): "" or "AAA,BBB". */
	while (n < cap && strlen(p) >= 3) {
		memcpy(codes[n], p, 3);
		codes[n++][3] = '\0';
		if (p[3] != ',')
			break;
		p += 4;
	}
	return n;
}

static int head_from_row(struct store_stmt *st, struct archive_head *out)
{
	memset(out, 0, sizeof *out);
	out->size = (uint64_t)store_col_int(st, 0);
	util_strlcpy(out->at, store_col_text(st, 1), sizeof out->at);
	out->prev = (uint64_t)store_col_int(st, 4);
	if (archive_hex32(store_col_text(st, 2), out->root) < 0 ||
	    archive_hex64(store_col_text(st, 3), out->sig) < 0)
		return -1;
	return 0;
}

int archive_head_get(struct store *s, uint64_t size, struct archive_head *out)
{
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT h.size, h.at, h.root, h.sig, CAST(COALESCE((SELECT MAX(p.size) FROM "
		   "archive_heads p WHERE p.size < h.size), 0) AS BIGINT) FROM archive_heads h "
		   "WHERE h.size = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, (int64_t)size);
	int rc = store_step(st);
	int r = rc == STORE_ROW ? (head_from_row(st, out) < 0 ? -1 : 1) : rc == STORE_DONE ? 0 : -1;
	store_finalize(st);
	return r;
}

int64_t archive_size(struct store *s)
{
	/* Every transaction that appends ends with the head of the size it
	 * reached (archive_append alone, or archive_batch_end): the largest
	 * committed head is the size. */
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT CAST(COALESCE(MAX(size), 0) AS BIGINT) FROM archive_heads");
	if (!st)
		return -1;
	int64_t n = store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
	store_finalize(st);
	return n;
}

int archive_head_latest(struct store *s, struct archive_head *out)
{
	int64_t n = archive_size(s);
	if (n < 0)
		return -1;
	if (n == 0) {
		if (!archive_key_loaded())
			return -1;
		memset(out, 0, sizeof *out);
		util_now_iso(out->at, sizeof out->at);
		merkle_empty_root(out->root);
		archive_int_head_sign(out);
		return 0;
	}
	return archive_head_get(s, (uint64_t)n, out) == 1 ? 0 : -1;
}

/* ---- Complete subtrees, from archive_nodes ---- */

int archive_int_node_get(void *ctx, int level, uint64_t index, uint8_t out[MERKLE_HASH_LEN])
{
	struct store *s = ctx;
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT hash FROM archive_nodes WHERE level = ? AND idx = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, level);
	store_bind_int(st, 2, (int64_t)index);
	int rc = store_step(st) == STORE_ROW ? archive_hex32(store_col_text(st, 0), out) : -1;
	store_finalize(st);
	return rc;
}

static int node_put(struct store *s, const struct merkle_node *nd)
{
	char hex[2 * MERKLE_HASH_LEN + 1];
	struct store_stmt *st = store_prepare_cached(
		s, "INSERT INTO archive_nodes (level, idx, hash) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	archive_int_hex_public(hex, nd->hash, MERKLE_HASH_LEN);
	store_bind_int(st, 1, nd->level);
	store_bind_int(st, 2, (int64_t)nd->index);
	store_bind_text(st, 3, hex);
	int rc = store_step(st) == STORE_DONE ? 0 : -1;
	store_finalize(st);
	return rc;
}

/* The right edge of the stored tree of size n: for bit i of n, complete
 * subtree (i, (n >> i) - 1). */
static int frontier_load(struct store *s, uint64_t n, struct merkle_frontier *f)
{
	merkle_frontier_init(f);
	for (int i = 0; i < 64; i++)
		if ((n >> i) & 1)
			if (archive_int_node_get(s, i, (n >> i) - 1, f->h[i]) < 0)
				return -1;
	f->size = n;
	return 0;
}

/* The tree's right edge after this process's latest append, with the root
 * of that size (issue 10 bench: loading the edge was one query per level,
 * about 20 per append at a million records).  Used only when the stored
 * head of that size has the same root: a root commits to every leaf, so the
 * edge is the stored tree's, whichever connection or database it came from,
 * and an append rolled back afterwards is simply not found. */
static pthread_mutex_t edge_mu = PTHREAD_MUTEX_INITIALIZER;
static struct merkle_frontier edge;
static uint8_t edge_root[MERKLE_HASH_LEN];
static int edge_ok;

static void edge_keep(const struct merkle_frontier *f, const uint8_t root[MERKLE_HASH_LEN])
{
	pthread_mutex_lock(&edge_mu);
	edge = *f;
	memcpy(edge_root, root, MERKLE_HASH_LEN);
	edge_ok = 1;
	pthread_mutex_unlock(&edge_mu);
}

/* The right edge of the stored tree of size n: the kept one when it holds,
 * else loaded from the nodes. */
static int edge_get(struct store *s, uint64_t n, struct merkle_frontier *f)
{
	uint8_t root[MERKLE_HASH_LEN], stored[MERKLE_HASH_LEN];
	int hit = 0;
	pthread_mutex_lock(&edge_mu);
	if (edge_ok && edge.size == n && n > 0) {
		*f = edge;
		memcpy(root, edge_root, MERKLE_HASH_LEN);
		hit = 1;
	}
	pthread_mutex_unlock(&edge_mu);
	if (hit) {
		struct store_stmt *st = store_prepare_cached(s, "SELECT root FROM archive_heads "
							       "WHERE size = ?");
		if (!st)
			return -1;
		store_bind_int(st, 1, (int64_t)n);
		int rc = store_step(st);
		hit = rc == STORE_ROW && archive_hex32(store_col_text(st, 0), stored) == 0 &&
		      memcmp(stored, root, MERKLE_HASH_LEN) == 0;
		store_finalize(st);
		if (rc < 0)
			return -1;
		if (hit)
			return 0;
	}
	return frontier_load(s, n, f);
}

/* The kinds an item may have; the rows' kinds (thread, obs_meta) only
 * through archive_append_row(). */
static int is_kind(const char *k, int row)
{
	if (row)
		return k && (!strcmp(k, ARCHIVE_KIND_THREAD) || !strcmp(k, ARCHIVE_KIND_OBSMETA));
	return k && (!strcmp(k, ARCHIVE_KIND_MESSAGE) || !strcmp(k, ARCHIVE_KIND_ATTACHMENT) ||
		     !strcmp(k, ARCHIVE_KIND_CALL) || !strcmp(k, ARCHIVE_KIND_AGREEMENT) ||
		     !strcmp(k, ARCHIVE_KIND_OBSERVATION));
}

/* The batch of group commit this thread runs (archive_int.h): while it is
 * open on connection s, the tree's right edge is this thread's own (its
 * transaction holds the write lock), so appends neither read it back nor
 * sign; archive_batch_end() signs one head for all of them. */
struct batch {
	struct store *s;            /* NULL: no batch */
	int loaded;                 /* f is the tree as this transaction has it */
	uint64_t start;             /* the size at the batch's start: its head's prev */
	int mark_loaded;            /* loaded, at archive_batch_mark() */
	uint64_t mark;              /* f's size then */
	struct merkle_frontier f;
};
static _Thread_local struct batch tl_batch;

void archive_batch_begin(struct store *s)
{
	tl_batch.s = s;
	tl_batch.loaded = 0;
}

void archive_batch_mark(struct store *s)
{
	if (tl_batch.s == s) {
		tl_batch.mark_loaded = tl_batch.loaded;
		tl_batch.mark = tl_batch.f.size;
	}
}

void archive_batch_rollback(struct store *s)
{
	/* What the savepoint undid is gone from the store: read the edge of
	 * the size at the mark back from the nodes at the next append. */
	if (tl_batch.s != s || !tl_batch.loaded)
		return;
	if (!tl_batch.mark_loaded)
		tl_batch.loaded = 0;    /* read afresh at the next append */
	else if (tl_batch.f.size != tl_batch.mark &&
		 edge_get(s, tl_batch.mark, &tl_batch.f) < 0)
		tl_batch.s = NULL;      /* archive_batch_end() then fails: all rolled back */
}

void archive_batch_abort(struct store *s)
{
	if (tl_batch.s == s)
		tl_batch.s = NULL;
}

/* Signs and stores the head of f (prev: the size of the head before), and
 * keeps f as this process's edge. */
static int head_put(struct store *s, const struct merkle_frontier *f, uint64_t prev)
{
	struct archive_head h;
	char roothex[2 * MERKLE_HASH_LEN + 1], sighex[129];
	memset(&h, 0, sizeof h);
	util_now_iso(h.at, sizeof h.at);
	h.size = f->size;
	h.prev = prev;
	merkle_frontier_root(f, h.root);
	archive_int_head_sign(&h);
	archive_int_hex_public(roothex, h.root, MERKLE_HASH_LEN);
	archive_int_hex_public(sighex, h.sig, sizeof h.sig);
	struct store_stmt *st = store_prepare_cached(s, "INSERT INTO archive_heads (size, at, root, "
							"sig) VALUES (?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, (int64_t)h.size);
	store_bind_text(st, 2, h.at);
	store_bind_text(st, 3, roothex);
	store_bind_text(st, 4, sighex);
	int rc = store_step(st) == STORE_DONE ? 0 : -1;
	store_finalize(st);
	if (rc == 0)
		edge_keep(f, h.root);
	return rc;
}

int archive_batch_end(struct store *s, char *err, size_t errlen)
{
	int rc = 0;
	if (tl_batch.s != s) {
		snprintf(err, errlen, "the archive batch was lost: %s", store_errmsg(s));
		return -1;
	}
	if (tl_batch.loaded && tl_batch.f.size > tl_batch.start &&
	    head_put(s, &tl_batch.f, tl_batch.start) < 0) {
		snprintf(err, errlen, "the tree head could not be stored: %s", store_errmsg(s));
		rc = -1;
	}
	tl_batch.s = NULL;
	return rc;
}

struct archive_sealed {
	char kind[16];
	struct archive_thread th;
	char author[256];
	char *sealed;               /* hex of nonce || secretbox */
	char commit[2 * ARCHIVE_COMMIT_LEN + 1]; /* layout /2 */
};

static struct archive_sealed *seal_item(struct store *s, const struct archive_item *it, int row,
					char *err, size_t errlen);

static _Thread_local int tl_layout1;

void archive_int_test_layout1(int on)
{
	tl_layout1 = on;
}

struct archive_sealed *archive_seal_item(struct store *s, const struct archive_item *it,
					 char *err, size_t errlen)
{
	return seal_item(s, it, 0, err, errlen);
}

static struct archive_sealed *seal_item(struct store *s, const struct archive_item *it, int row,
					char *err, size_t errlen)
{
	struct archive_sealed *p;
	if (!archive_key_loaded()) {
		snprintf(err, errlen, "the archive key is not loaded");
		return NULL;
	}
	if (!is_kind(it->kind, row)) {
		snprintf(err, errlen, "unknown kind of archived record");
		return NULL;
	}
	if (!it->author || !*it->author || strlen(it->author) >= sizeof p->author ||
	    !it->title || !it->media_type || (it->body_len && !it->body)) {
		snprintf(err, errlen, "an archived record needs an author, a title and a media type");
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	/* Threads are never changed or removed (nothing here updates them, and
	 * records refer to them), so reading one outside the appending
	 * transaction gives what it holds. */
	int tr = archive_thread_get(s, it->thread, &p->th);
	if (tr != 1) {
		snprintf(err, errlen, tr == 0 ? "no such thread" : "%s", store_errmsg(s));
		free(p);
		return NULL;
	}
	util_strlcpy(p->kind, it->kind, sizeof p->kind);
	util_strlcpy(p->author, it->author, sizeof p->author);
	p->sealed = archive_int_seal(it, p->commit);
	if (tl_layout1)
		p->commit[0] = '\0';   /* tests: a record as archived before 0053 */
	return p;
}

void archive_sealed_free(struct archive_sealed *p)
{
	if (!p)
		return;
	free(p->sealed);
	free(p);
}

int64_t archive_append(struct store *s, const struct archive_item *it, char *err,
		       size_t errlen)
{
	struct archive_sealed *p = archive_seal_item(s, it, err, errlen);
	if (!p)
		return -1;
	int64_t id = archive_append_sealed(s, p, err, errlen);
	archive_sealed_free(p);
	return id;
}

int64_t archive_append_row(struct store *s, const char *kind, int64_t thread, const char *table,
			   int64_t key, const void *row, size_t len, char *err, size_t errlen)
{
	char author[64];
	snprintf(author, sizeof author, "%s:%lld", table, (long long)key);
	struct archive_item it = { kind, thread, author, table, ARCHIVE_ROW_MEDIA_TYPE, row, len };
	struct archive_sealed *p = seal_item(s, &it, 1, err, errlen);
	if (!p)
		return -1;
	int64_t id = archive_append_sealed(s, p, err, errlen);
	archive_sealed_free(p);
	return id;
}

int64_t archive_append_sealed(struct store *s, const struct archive_sealed *p, char *err,
			      size_t errlen)
{
	struct merkle_frontier fl, *f = &fl;
	struct merkle_node made[64];
	char at[32];
	uint8_t leaf[MERKLE_HASH_LEN];
	int nmade = 0, batched = tl_batch.s == s;
	int64_t id = -1;
	struct store_stmt *st = NULL;
	const struct archive_thread *th = &p->th;
	if (batched) {
		f = &tl_batch.f;
		if (!tl_batch.loaded) {
			int64_t n = archive_size(s);
			if (n < 0 || edge_get(s, (uint64_t)n, f) < 0) {
				snprintf(err, errlen, "the archive tree cannot be read: %s",
					 store_errmsg(s));
				return -1;
			}
			tl_batch.start = (uint64_t)n;
			tl_batch.loaded = 1;
		}
	} else {
		int64_t n = archive_size(s);
		if (n < 0 || edge_get(s, (uint64_t)n, f) < 0) {
			snprintf(err, errlen, "the archive tree cannot be read: %s", store_errmsg(s));
			return -1;
		}
	}
	int64_t n = (int64_t)f->size;
	util_now_iso(at, sizeof at);
	leaf_of(n, p->kind, th->reviewed, th->phase, th->instrument, th->id, p->author, at,
		p->sealed, p->commit[0] ? p->commit : NULL, leaf);
	st = store_prepare_cached(s, "INSERT INTO archive_records (" ARCHIVE_RECORD_COLUMNS
				     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto store_err;
	store_bind_int(st, 1, n);
	store_bind_text(st, 2, p->kind);
	store_bind_text(st, 3, th->reviewed);
	store_bind_int(st, 4, th->phase);
	store_bind_text(st, 5, th->instrument);
	store_bind_int(st, 6, th->id);
	store_bind_text(st, 7, p->author);
	store_bind_text(st, 8, at);
	store_bind_text(st, 9, p->sealed);
	store_bind_text(st, 10, p->commit[0] ? p->commit : NULL);
	if (store_step(st) != STORE_DONE)
		goto store_err;
	store_finalize(st);
	st = NULL;
	/* On a failure from here the batch's edge is ahead of the store: the
	 * caller rolls back (its savepoint, archive_batch_rollback()). */
	merkle_frontier_push(f, leaf, made, &nmade);
	for (int i = 0; i < nmade; i++)
		if (node_put(s, &made[i]) < 0)
			goto store_err;
	if (!batched && head_put(s, f, (uint64_t)n) < 0)
		goto store_err;
	id = n;
	goto out;
store_err:
	snprintf(err, errlen, "the record could not be archived: %s", store_errmsg(s));
out:
	store_finalize(st);
	return id;
}

int archive_root(struct store *s, uint64_t size, uint8_t out[MERKLE_HASH_LEN])
{
	int64_t n = archive_size(s);
	if (n < 0)
		return -1;
	if (size == 0 || size > (uint64_t)n)
		return 1;
	return merkle_range_hash(0, size, archive_int_node_get, s, out) < 0 ? -1 : 0;
}
