/* verify.c - see verify.h.  One pass over the records in id order: each
 * leaf hash is recomputed from the stored row and pushed on the tree's
 * right edge; at each size that has a stored head (the end of every
 * transaction that appended: one per record, or one per batch of the group
 * commit) the root must equal the head's, whose signature must hold, and
 * which names the size of the head before it; the complete subtrees each
 * push makes must equal the stored nodes (the proofs are built from them).
 * The first difference names its record. */
#include "archive/verify.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/archive_int.h"
#include "store/store.h"
#include "util/xmalloc.h"

/* Short for the calls of this file (verify.h). */
#define fail archive_verify_fail

#define MAX_LEVELS 64
/* Head signatures are checked in batches of this many, spread over the
 * online CPUs (one Ed25519 check per head was 86 % of a verify, issue 10
 * bench); any other finding flushes the batch first, so the first failure
 * named is the one a check in order would name. */
#define SIG_BATCH 4096
#define SIG_THREADS 8

struct vctx {
	struct store *s;
	uint64_t size;                           /* records the latest head covers */
	struct store_stmt *level[MAX_LEVELS];    /* stored nodes per level, by idx */
	struct archive_verify_result *res;
	const uint8_t *pk;
	struct archive_head *pending;            /* heads whose signature is due */
	size_t npending;
};

/* Tries this many sizes of a removed head before a head whose signature
 * fails (only on that failure). */
#define MISSING_TRIES 65536

/* Names why head h (its prev as the stored heads give it) does not hold:
 * when it is signed with another prev, the head of that size was removed
 * (its last record is named); else it is altered or not ours. */
static void head_fault(struct archive_verify_result *res, const struct archive_head *h,
		       const uint8_t *pk)
{
	struct archive_head t = *h;
	uint64_t tries = 0;
	for (t.prev = h->prev + 1; t.prev < h->size && tries < MISSING_TRIES; t.prev++, tries++)
		if (archive_head_check(&t, pk)) {
			fail(res, (int64_t)t.prev - 1, "the signed head of size %llu (after record "
			     "%llu) is missing: the head of size %llu was signed after it",
			     (unsigned long long)t.prev, (unsigned long long)t.prev - 1,
			     (unsigned long long)h->size);
			return;
		}
	fail(res, -1, "the signed head of size %llu is altered or signed by another key",
	     (unsigned long long)h->size);
}

struct sigpart {
	const struct archive_head *h;
	size_t n, from, step;
	const uint8_t *pk;
	size_t bad;                              /* first failing index, or n */
};

static void *sig_part(void *arg)
{
	struct sigpart *p = arg;
	p->bad = p->n;
	for (size_t i = p->from; i < p->n; i += p->step)
		if (!archive_head_check(&p->h[i], p->pk)) {
			p->bad = i;
			break;
		}
	return NULL;
}

static size_t sig_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > SIG_THREADS ? SIG_THREADS : (size_t)n;
}

/* Checks the pending signatures.  Returns 1 when they all hold, 0 when one
 * does not (res names the first such head). */
static int sigs_flush(struct vctx *v)
{
	struct sigpart part[SIG_THREADS] = { { 0 } };
	pthread_t th[SIG_THREADS];
	int started[SIG_THREADS] = { 0 };
	size_t nt = v->npending < 64 ? 1 : sig_threads(), bad = v->npending;
	for (size_t t = 0; t < nt; t++) {
		part[t] = (struct sigpart){ v->pending, v->npending, t, nt, v->pk, v->npending };
		started[t] = t > 0 && pthread_create(&th[t], NULL, sig_part, &part[t]) == 0;
		if (t > 0 && !started[t])
			sig_part(&part[t]);
	}
	sig_part(&part[0]);
	for (size_t t = 0; t < nt; t++) {
		if (started[t])
			pthread_join(th[t], NULL);
		if (part[t].bad < bad)
			bad = part[t].bad;
	}
	/* Each thread stops at its first failure in its stride: the least of
	 * those is the first failure of the batch. */
	size_t n = v->npending;
	v->npending = 0;
	if (bad == n)
		return 1;
	head_fault(v->res, &v->pending[bad], v->pk);
	return 0;
}

/* The next stored node of a level, which must be (level, index) with hash.
 * Returns 1 when it is, 0 when not (the caller names it), -1 on a store
 * error. */
static int node_check(struct vctx *v, const struct merkle_node *nd)
{
	uint8_t h[MERKLE_HASH_LEN];
	struct store_stmt **st = &v->level[nd->level];
	if (!*st) {
		*st = store_prepare(v->s, "SELECT idx, hash FROM archive_nodes WHERE level = ? "
					  "AND idx < ? ORDER BY idx");
		if (!*st)
			return -1;
		store_bind_int(*st, 1, nd->level);
		store_bind_int(*st, 2, (int64_t)(v->size >> nd->level));
	}
	int rc = store_step(*st);
	if (rc < 0)
		return -1;
	if (rc != STORE_ROW || (uint64_t)store_col_int(*st, 0) != nd->index ||
	    archive_hex32(store_col_text(*st, 1), h) < 0 ||
	    sodium_memcmp(h, nd->hash, MERKLE_HASH_LEN) != 0)
		return 0;
	return 1;
}

/* Nodes stored beyond those the records make: extra rows. */
static int nodes_left_over(struct vctx *v)
{
	for (int l = 0; l < MAX_LEVELS; l++) {
		if (!v->level[l])
			continue;
		int rc = store_step(v->level[l]);
		if (rc < 0)
			return -1;
		if (rc == STORE_ROW)
			return fail(v->res, -1, "tree node level %d index %lld stored but made by no "
				    "record", l, (long long)store_col_int(v->level[l], 0));
	}
	return 1;
}

int archive_verify(struct store *s, const uint8_t pk[32], int all_signatures,
		   struct archive_verify_result *res)
{
	struct vctx v = { .s = s, .res = res, .pk = pk };
	struct store_stmt *rec = NULL, *head = NULL;
	struct merkle_frontier f;
	struct merkle_node made[64];
	struct archive_head h;
	uint8_t leaf[MERKLE_HASH_LEN], root[MERKLE_HASH_LEN];
	int nmade, rc = -1, c;
	memset(res, 0, sizeof *res);
	res->record = -1;
	res->ok = 1;
	int64_t n = archive_size(s);
	if (n < 0)
		goto store_err;
	v.size = (uint64_t)n;
	if (all_signatures)
		v.pending = xmalloc(SIG_BATCH * sizeof *v.pending);
	merkle_frontier_init(&f);
	rec = store_prepare(s, "SELECT " ARCHIVE_RECORD_COLUMNS " FROM archive_records "
			       "WHERE seq < ? ORDER BY seq");
	head = store_prepare(s, "SELECT size, at, root, sig FROM archive_heads WHERE size <= ? "
				"ORDER BY size");
	if (!rec || !head)
		goto store_err;
	store_bind_int(rec, 1, n);
	store_bind_int(head, 1, n);
	/* The next stored head (its size: UINT64_MAX when none is left). */
	uint64_t next = 0, prev = 0;
#define NEXT_HEAD()                                                                 \
	do {                                                                        \
		c = store_step(head);                                               \
		if (c < 0)                                                          \
			goto store_err;                                             \
		next = c == STORE_ROW ? (uint64_t)store_col_int(head, 0) : UINT64_MAX; \
	} while (0)
	NEXT_HEAD();
	/* The first stored node of this span (since the last head) that the
	 * records do not make: a fault of the node if the head holds, else of
	 * that record if it is a leaf. */
	int suspect = 0;
	struct merkle_node bad_node = { 0 };
	int64_t bad_record = -1;
	for (uint64_t p = 0; p < v.size; p++) {
		c = store_step(rec);
		if (c < 0)
			goto store_err;
		if (c != STORE_ROW) {
			fail(res, (int64_t)p, "record %llu removed: the signed head of size %llu covers "
			     "it, the archive ends before it", (unsigned long long)p,
			     (unsigned long long)v.size);
			goto done;
		}
		int64_t seq = store_col_int(rec, 0);
		if (seq != (int64_t)p) {
			fail(res, (int64_t)p, "record %llu removed: the next stored record is %lld",
			     (unsigned long long)p, (long long)seq);
			goto done;
		}
		archive_row_leaf(rec, leaf);
		merkle_frontier_push(&f, leaf, made, &nmade);
		for (int i = 0; i < nmade && !suspect; i++) {
			c = node_check(&v, &made[i]);
			if (c < 0)
				goto store_err;
			if (c == 0) {
				suspect = 1;
				bad_node = made[i];
				bad_record = (int64_t)p;
			}
		}
		res->records++;
		if (next != p + 1) {
			if (next <= p) {
				/* Sizes are unique and read in order: cannot be. */
				fail(res, -1, "the signed head of size %llu is out of order",
				     (unsigned long long)next);
				goto done;
			}
			continue;
		}
		merkle_frontier_root(&f, root);
		if (archive_hex32(store_col_text(head, 2), h.root) < 0 ||
		    archive_hex64(store_col_text(head, 3), h.sig) < 0) {
			fail(res, -1, "the signed head of size %llu is malformed",
			     (unsigned long long)(p + 1));
			goto done;
		}
		h.size = p + 1;
		h.prev = prev;
		snprintf(h.at, sizeof h.at, "%s", store_col_text(head, 1));
		int differs = sodium_memcmp(root, h.root, MERKLE_HASH_LEN) != 0;
		if (all_signatures && !differs && p + 1 != v.size) {
			v.pending[v.npending++] = h;
			if (v.npending == SIG_BATCH && !sigs_flush(&v))
				goto done;
		} else if ((all_signatures || differs || p + 1 == v.size) &&
			   !archive_head_check(&h, pk)) {
			if (v.npending && !sigs_flush(&v))
				goto done;
			head_fault(res, &h, pk);
			goto done;
		}
		res->heads++;
		if (differs) {
			/* Every earlier head held, so the records before prev are
			 * those signed: one of prev..p is not.  The stored leaf
			 * that a record no longer makes names it; with none
			 * (the nodes were rewritten too), the span is named. */
			if (v.npending && !sigs_flush(&v))
				goto done;
			if (suspect && bad_node.level == 0)
				fail(res, bad_record, "record %lld altered, replaced or reordered: its "
				     "leaf is not the tree's, and the tree over records 0-%llu does "
				     "not match the signed head of size %llu", (long long)bad_record,
				     (unsigned long long)p, (unsigned long long)(p + 1));
			else if (prev == p)
				fail(res, (int64_t)p, "record %llu altered, replaced or reordered: the "
				     "tree over records 0-%llu does not match the signed head of size "
				     "%llu", (unsigned long long)p, (unsigned long long)p,
				     (unsigned long long)(p + 1));
			else
				fail(res, (int64_t)prev, "one of records %llu-%llu altered, replaced or "
				     "reordered (their tree nodes rewritten to match): the tree over "
				     "records 0-%llu does not match the signed head of size %llu",
				     (unsigned long long)prev, (unsigned long long)p,
				     (unsigned long long)p, (unsigned long long)(p + 1));
			goto done;
		}
		if (suspect) {
			if (v.npending && !sigs_flush(&v))
				goto done;
			fail(res, bad_node.level == 0 ? bad_record : -1,
			     "tree node level %d index %llu (made by record %lld) is missing or "
			     "altered: proofs built on it would not hold", bad_node.level,
			     (unsigned long long)bad_node.index, (long long)bad_record);
			goto done;
		}
		prev = p + 1;
		NEXT_HEAD();
	}
#undef NEXT_HEAD
	if (v.npending && !sigs_flush(&v))
		goto done;
	c = nodes_left_over(&v);
	if (c < 0)
		goto store_err;
	if (c == 0)
		goto done;
	/* A record past the latest head was added without being signed. */
	{
		struct store_stmt *x = store_prepare(s, "SELECT MIN(seq) FROM archive_records "
						       "WHERE seq >= ?");
		if (!x)
			goto store_err;
		store_bind_int(x, 1, n);
		c = store_step(x);
		int64_t first = c == STORE_ROW && !store_col_is_null(x, 0) ? store_col_int(x, 0) : -1;
		store_finalize(x);
		if (c != STORE_ROW)
			goto store_err;
		if (first >= 0) {
			fail(res, first, "record %lld is not covered by any signed head (added "
			     "outside the archive)", (long long)first);
			goto done;
		}
	}
	snprintf(res->what, sizeof res->what, "%llu records and %llu signed heads hold",
		 (unsigned long long)res->records, (unsigned long long)res->heads);
done:
	/* Heads before the finding whose signatures were still due come
	 * first, as they would in order. */
	if (!res->ok && v.npending)
		sigs_flush(&v);
	rc = 0;
	goto out;
store_err:
	res->ok = 0;
	snprintf(res->what, sizeof res->what, "the archive cannot be read: %s", store_errmsg(s));
out:
	free(v.pending);
	store_finalize(rec);
	store_finalize(head);
	for (int l = 0; l < MAX_LEVELS; l++)
		store_finalize(v.level[l]);
	return rc;
}
