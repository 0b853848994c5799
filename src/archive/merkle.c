/* merkle.c - see merkle.h.  The recursive definitions of RFC 9162 2.1 are
 * followed literally, with complete subtrees fetched instead of recomputed;
 * the verifiers are the RFC's iterative algorithms. */
#include "archive/merkle.h"

#include <string.h>

#include <sodium.h>

void merkle_leaf_hash(const void *record, size_t n, uint8_t out[MERKLE_HASH_LEN])
{
	static const uint8_t zero = 0x00;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &zero, 1);
	crypto_hash_sha256_update(&st, record, n);
	crypto_hash_sha256_final(&st, out);
}

void merkle_node_hash(const uint8_t left[MERKLE_HASH_LEN], const uint8_t right[MERKLE_HASH_LEN],
		      uint8_t out[MERKLE_HASH_LEN])
{
	uint8_t buf[1 + 2 * MERKLE_HASH_LEN];
	buf[0] = 0x01;
	memcpy(buf + 1, left, MERKLE_HASH_LEN);
	memcpy(buf + 1 + MERKLE_HASH_LEN, right, MERKLE_HASH_LEN);
	crypto_hash_sha256(out, buf, sizeof buf);
}

void merkle_empty_root(uint8_t out[MERKLE_HASH_LEN])
{
	crypto_hash_sha256(out, (const unsigned char *)"", 0);
}

void merkle_frontier_init(struct merkle_frontier *f)
{
	memset(f, 0, sizeof *f);
}

void merkle_frontier_push(struct merkle_frontier *f, const uint8_t leaf[MERKLE_HASH_LEN],
			  struct merkle_node made[64], int *nmade)
{
	uint8_t carry[MERKLE_HASH_LEN];
	uint64_t index = f->size;
	int level = 0, k = 0;
	memcpy(carry, leaf, MERKLE_HASH_LEN);
	for (;;) {
		if (made) {
			made[k].level = level;
			made[k].index = index;
			memcpy(made[k].hash, carry, MERKLE_HASH_LEN);
		}
		k++;
		if (!(f->size & ((uint64_t)1 << level)))
			break;
		/* A complete subtree of this level waits on the left: close it. */
		merkle_node_hash(f->h[level], carry, carry);
		level++;
		index >>= 1;
	}
	memcpy(f->h[level], carry, MERKLE_HASH_LEN);
	f->size++;
	if (nmade)
		*nmade = k;
}

void merkle_frontier_root(const struct merkle_frontier *f, uint8_t out[MERKLE_HASH_LEN])
{
	int have = 0;
	if (f->size == 0) {
		merkle_empty_root(out);
		return;
	}
	/* Fold from the smallest (rightmost) subtree leftwards. */
	for (int i = 0; i < 64; i++) {
		if (!(f->size & ((uint64_t)1 << i)))
			continue;
		if (!have) {
			memcpy(out, f->h[i], MERKLE_HASH_LEN);
			have = 1;
		} else {
			merkle_node_hash(f->h[i], out, out);
		}
	}
}

/* The largest power of two smaller than n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
	uint64_t k = 1;
	while (k << 1 < n)
		k <<= 1;
	return k;
}

static int is_pow2(uint64_t n)
{
	return n && !(n & (n - 1));
}

static int log2_of(uint64_t n)
{
	int l = 0;
	while (n > 1) {
		n >>= 1;
		l++;
	}
	return l;
}

int merkle_range_hash(uint64_t start, uint64_t n, merkle_node_fn get, void *ctx,
		      uint8_t out[MERKLE_HASH_LEN])
{
	uint8_t l[MERKLE_HASH_LEN], r[MERKLE_HASH_LEN];
	if (n == 0)
		return -1;
	if (is_pow2(n) && start % n == 0)
		return get(ctx, log2_of(n), start / n, out);
	uint64_t k = split_point(n);
	if (merkle_range_hash(start, k, get, ctx, l) < 0 ||
	    merkle_range_hash(start + k, n - k, get, ctx, r) < 0)
		return -1;
	merkle_node_hash(l, r, out);
	return 0;
}

/* PATH(m, D[start : start+n]) appended to path (RFC 9162 2.1.3.1). */
static int path_of(uint64_t m, uint64_t start, uint64_t n, merkle_node_fn get, void *ctx,
		   uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len)
{
	if (n == 1)
		return 0;
	uint64_t k = split_point(n);
	int rc;
	/* Hashes are appended on the way back up, deepest first. */
	if (m < k)
		rc = path_of(m, start, k, get, ctx, path, len);
	else
		rc = path_of(m - k, start + k, n - k, get, ctx, path, len);
	if (rc == 0 && *len >= MERKLE_MAX_PROOF)
		rc = -1;
	if (rc == 0)
		rc = m < k ? merkle_range_hash(start + k, n - k, get, ctx, path[*len])
			   : merkle_range_hash(start, k, get, ctx, path[*len]);
	if (rc == 0)
		(*len)++;
	return rc;
}

int merkle_inclusion_proof(uint64_t m, uint64_t n, merkle_node_fn get, void *ctx,
			   uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len)
{
	*len = 0;
	if (m >= n)
		return -1;
	return path_of(m, 0, n, get, ctx, path, len);
}

/* SUBPROOF(m, D[start : start+n], b) appended to path (RFC 9162 2.1.4.1). */
static int subproof(uint64_t m, uint64_t start, uint64_t n, int b, merkle_node_fn get,
		    void *ctx, uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len)
{
	int rc;
	if (m == n) {
		if (b)
			return 0;
		if (*len >= MERKLE_MAX_PROOF)
			return -1;
		rc = merkle_range_hash(start, n, get, ctx, path[*len]);
		if (rc == 0)
			(*len)++;
		return rc;
	}
	uint64_t k = split_point(n);
	if (m <= k) {
		rc = subproof(m, start, k, b, get, ctx, path, len);
		if (rc == 0 && *len < MERKLE_MAX_PROOF)
			rc = merkle_range_hash(start + k, n - k, get, ctx, path[*len]);
		else if (rc == 0)
			rc = -1;
	} else {
		rc = subproof(m - k, start + k, n - k, 0, get, ctx, path, len);
		if (rc == 0 && *len < MERKLE_MAX_PROOF)
			rc = merkle_range_hash(start, k, get, ctx, path[*len]);
		else if (rc == 0)
			rc = -1;
	}
	if (rc == 0)
		(*len)++;
	return rc;
}

int merkle_consistency_proof(uint64_t m, uint64_t n, merkle_node_fn get, void *ctx,
			     uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len)
{
	*len = 0;
	if (m == 0 || m > n)
		return -1;
	if (m == n)
		return 0;
	return subproof(m, 0, n, 1, get, ctx, path, len);
}

int merkle_verify_inclusion(uint64_t index, uint64_t n, const uint8_t leaf[MERKLE_HASH_LEN],
			    const uint8_t (*path)[MERKLE_HASH_LEN], size_t len,
			    const uint8_t root[MERKLE_HASH_LEN])
{
	uint8_t r[MERKLE_HASH_LEN];
	if (index >= n)
		return 0;
	uint64_t fn = index, sn = n - 1;
	memcpy(r, leaf, MERKLE_HASH_LEN);
	for (size_t i = 0; i < len; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(path[i], r, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(r, path[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(r, root, MERKLE_HASH_LEN) == 0;
}

int merkle_verify_consistency(uint64_t m, uint64_t n, const uint8_t root1[MERKLE_HASH_LEN],
			      const uint8_t root2[MERKLE_HASH_LEN],
			      const uint8_t (*path)[MERKLE_HASH_LEN], size_t len)
{
	uint8_t fr[MERKLE_HASH_LEN], sr[MERKLE_HASH_LEN];
	size_t i = 0;
	if (m == 0 || m > n)
		return 0;
	if (m == n)
		return len == 0 && sodium_memcmp(root1, root2, MERKLE_HASH_LEN) == 0;
	/* A first tree that is a complete subtree is itself the proof's
	 * first node (the RFC prepends first_hash). */
	const uint8_t *first;
	if (is_pow2(m)) {
		first = root1;
	} else {
		if (len == 0)
			return 0;
		first = path[0];
		i = 1;
	}
	uint64_t fn = m - 1, sn = n - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	memcpy(fr, first, MERKLE_HASH_LEN);
	memcpy(sr, first, MERKLE_HASH_LEN);
	for (; i < len; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(path[i], fr, fr);
			merkle_node_hash(path[i], sr, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(sr, path[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(fr, root1, MERKLE_HASH_LEN) == 0 &&
	       sodium_memcmp(sr, root2, MERKLE_HASH_LEN) == 0;
}
