/* merkle.h - the Merkle tree of a transparency log, exactly as RFC 9162
 * section 2.1 defines it (the same tree as RFC 6962): SHA-256 through
 * libsodium, leaf hash H(0x00 || record), node hash H(0x01 || left ||
 * right), the root of a tree of any size, audit (inclusion) paths and
 * consistency proofs, and their verification (issue 10; R94, R97).
 *
 * Pure: no I/O.  Proofs are built from the hashes of complete subtrees,
 * which the caller fetches (archive.c reads them from archive_nodes) through
 * a callback; a complete subtree is named (level, index): the 2^level
 * leaves from index * 2^level. */
#ifndef RM_ARCHIVE_MERKLE_H
#define RM_ARCHIVE_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN 32
#define MERKLE_MAX_PROOF 64 /* hashes in a proof of a tree below 2^63 leaves */

void merkle_leaf_hash(const void *record, size_t n, uint8_t out[MERKLE_HASH_LEN]);
void merkle_node_hash(const uint8_t left[MERKLE_HASH_LEN], const uint8_t right[MERKLE_HASH_LEN],
		      uint8_t out[MERKLE_HASH_LEN]);
/* The root of the empty tree: SHA-256 of the empty string. */
void merkle_empty_root(uint8_t out[MERKLE_HASH_LEN]);

/* The right edge of a growing tree: for every bit i set in size, the hash
 * of the complete subtree of 2^i leaves it stands for (left to right the
 * bits from high to low).  Enough to append and to compute the root. */
struct merkle_frontier {
	uint64_t size;
	uint8_t h[64][MERKLE_HASH_LEN];
};
/* A complete subtree made by an append. */
struct merkle_node {
	int level;
	uint64_t index;
	uint8_t hash[MERKLE_HASH_LEN];
};
void merkle_frontier_init(struct merkle_frontier *f);
/* Appends a leaf hash; the complete subtrees it completes (the leaf itself
 * at level 0, then each one it closes) go to made[0..*nmade-1], lowest
 * first (made may be NULL).  At most 64. */
void merkle_frontier_push(struct merkle_frontier *f, const uint8_t leaf[MERKLE_HASH_LEN],
			  struct merkle_node made[64], int *nmade);
/* The root of the tree of f->size leaves (the empty root for none). */
void merkle_frontier_root(const struct merkle_frontier *f, uint8_t out[MERKLE_HASH_LEN]);

/* Gives the hash of complete subtree (level, index) into out; returns 0, or
 * -1 when it cannot (the proof then fails). */
typedef int (*merkle_node_fn)(void *ctx, int level, uint64_t index,
			      uint8_t out[MERKLE_HASH_LEN]);

/* RFC 9162 2.1.3.1: the inclusion proof PATH(m, D[n]) of leaf m in the tree
 * of size n, into path[0..*len-1] (leaf side first).  Returns 0, or -1
 * (m >= n, or get failed). */
int merkle_inclusion_proof(uint64_t m, uint64_t n, merkle_node_fn get, void *ctx,
			   uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len);
/* RFC 9162 2.1.4.1: the consistency proof PROOF(m, D[n]) between sizes
 * 0 < m <= n (empty for m == n).  Returns 0, or -1. */
int merkle_consistency_proof(uint64_t m, uint64_t n, merkle_node_fn get, void *ctx,
			     uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len);
/* The root of D[start : start+n] (n >= 1) from complete subtrees. */
int merkle_range_hash(uint64_t start, uint64_t n, merkle_node_fn get, void *ctx,
		      uint8_t out[MERKLE_HASH_LEN]);

/* RFC 9162 2.1.3.2: 1 when path proves that leaf (a leaf hash) is leaf
 * index of the tree of size n with root; else 0. */
int merkle_verify_inclusion(uint64_t index, uint64_t n, const uint8_t leaf[MERKLE_HASH_LEN],
			    const uint8_t (*path)[MERKLE_HASH_LEN], size_t len,
			    const uint8_t root[MERKLE_HASH_LEN]);
/* RFC 9162 2.1.4.2: 1 when path proves that the tree of size m with root1
 * is a prefix of the tree of size n with root2 (0 < m <= n); else 0. */
int merkle_verify_consistency(uint64_t m, uint64_t n, const uint8_t root1[MERKLE_HASH_LEN],
			      const uint8_t root2[MERKLE_HASH_LEN],
			      const uint8_t (*path)[MERKLE_HASH_LEN], size_t len);

#endif
