/* common.c - seed/hex helpers, the ChaCha20 generator and code tables. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/xmalloc.h"

static const char *const reason_codes[LOTS_REASON_COUNT] = {
	"language", "legal_system", "other", "exceptional", "unable",
};
static const char *const role_codes[3] = { "same_region", "other_region", "additional" };

const char *lots_reason_code(int reason)
{
	return reason >= 0 && reason < LOTS_REASON_COUNT ? reason_codes[reason] : "?";
}

int lots_reason_parse(const char *s)
{
	for (int i = 0; i < LOTS_REASON_COUNT; i++)
		if (strcmp(s, reason_codes[i]) == 0)
			return i;
	return -1;
}

const char *lots_role_code(int role)
{
	return role >= 0 && role < 3 ? role_codes[role] : "?";
}

int lots_seed_parse(const char *hex, unsigned char seed[32])
{
	size_t len = 0;
	const char *end = NULL;
	if (!hex || strlen(hex) != 64)
		return -1;
	/* libsodium's decoder; every digit must be hex (no separators). */
	if (sodium_hex2bin(seed, 32, hex, 64, NULL, &len, &end) < 0 || len != 32 || *end)
		return -1;
	return 0;
}

void lots_hex(const unsigned char *bytes, size_t n, char *out)
{
	/* out holds 2n digits and the NUL, as the header says. */
	sodium_bin2hex(out, 2 * n + 1, bytes, n);
}

void lots_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	lots_hex(h, sizeof h, out);
}

void lots_rng_init(struct lots_rng *g, const unsigned char key[32], uint32_t domain,
		   uint32_t sub)
{
	memset(g, 0, sizeof *g);
	memcpy(g->key, key, 32);
	/* nonce = "lots" || domain (LE32) || sub (LE32): fixed layout so the
	 * stream is the same on every platform. */
	memcpy(g->nonce, "lots", 4);
	for (int i = 0; i < 4; i++) {
		g->nonce[4 + i] = (unsigned char)(domain >> (8 * i));
		g->nonce[8 + i] = (unsigned char)(sub >> (8 * i));
	}
	g->pos = sizeof g->buf;
}

static void rng_refill(struct lots_rng *g)
{
	memset(g->buf, 0, sizeof g->buf);
	crypto_stream_chacha20_ietf_xor_ic(g->buf, g->buf, sizeof g->buf, g->nonce,
					   g->block, g->key);
	g->block += (uint32_t)(sizeof g->buf / 64);
	g->pos = 0;
}

uint32_t lots_rng_u32(struct lots_rng *g)
{
	if (g->pos + 4 > sizeof g->buf)
		rng_refill(g);
	const unsigned char *p = g->buf + g->pos;
	g->pos += 4;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t lots_rng_below(struct lots_rng *g, uint32_t n)
{
	assert(n > 0);
	/* Reject the low 2^32 mod n values so every residue is equally likely. */
	uint32_t threshold = (uint32_t)(-n) % n;
	for (;;) {
		uint32_t x = lots_rng_u32(g);
		if (x >= threshold)
			return x % n;
	}
}

void lots_rng_shuffle(struct lots_rng *g, int *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = lots_rng_below(g, (uint32_t)i);
		int t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

int lots_cmp_code(const struct roster *r, int a, int b)
{
	return strcmp(r->v[a].code, r->v[b].code);
}

static int cmp_code_r(const void *a, const void *b, void *ctx)
{
	return lots_cmp_code(ctx, *(const int *)a, *(const int *)b);
}

void lots_sort_by_code(const struct roster *r, int *v, size_t n)
{
	/* qsort_r (glibc, _GNU_SOURCE) keeps the roster out of global state.
	 * Codes are unique, so the unstable sort is still deterministic. */
	qsort_r(v, n, sizeof *v, cmp_code_r, (void *)r);
}

struct lots_codeidx *lots_codeidx_new(const struct roster *r)
{
	struct lots_codeidx *x = xmalloc(sizeof *x);
	x->r = r;
	x->n = r->n;
	x->v = xmalloc((r->n ? r->n : 1) * sizeof *x->v);
	for (size_t i = 0; i < r->n; i++)
		x->v[i] = (int)i;
	lots_sort_by_code(r, x->v, r->n);
	return x;
}

long lots_codeidx_find(const struct lots_codeidx *x, const char *code)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->r->v[x->v[mid]].code, code);
		if (c == 0)
			return x->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

void lots_codeidx_free(struct lots_codeidx *x)
{
	if (!x)
		return;
	free(x->v);
	free(x);
}
