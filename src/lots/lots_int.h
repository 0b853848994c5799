/* lots_int.h - internals shared by the drawer and the redraw (not by the
 * verifier, which must stay independent of them). */
#ifndef RM_LOTS_INT_H
#define RM_LOTS_INT_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic generator: the ChaCha20-IETF keystream keyed by the 32-byte
 * seed, with the nonce naming the purpose (domain) and attempt (sub), so
 * that the cohorts, each reviewer attempt and each redraw read disjoint
 * streams of the same seed. */
struct lots_rng {
	unsigned char key[32];
	unsigned char nonce[12];
	uint32_t block;            /* next 64-byte block counter */
	unsigned char buf[1024];
	size_t pos;
};

enum { LOTS_DOMAIN_COHORTS = 1, LOTS_DOMAIN_REVIEWERS = 2, LOTS_DOMAIN_REDRAW = 3,
       LOTS_DOMAIN_EXACT = 4 };

void lots_rng_init(struct lots_rng *g, const unsigned char key[32], uint32_t domain,
		   uint32_t sub);
uint32_t lots_rng_u32(struct lots_rng *g);
/* Uniform in [0, n), n > 0, without modulo bias (rejection). */
uint32_t lots_rng_below(struct lots_rng *g, uint32_t n);
/* Fisher-Yates shuffle. */
void lots_rng_shuffle(struct lots_rng *g, int *v, size_t n);

/* Comparison of two roster indices by code, for sorting. */
struct roster;
int lots_cmp_code(const struct roster *r, int a, int b);
void lots_sort_by_code(const struct roster *r, int *v, size_t n);

/* Code -> roster index in O(log n) (roster_find is a linear scan, too
 * slow for the 10,000-party bench).  Free with lots_codeidx_free. */
struct lots_codeidx {
	const struct roster *r;
	int *v;
	size_t n;
};
struct lots_codeidx *lots_codeidx_new(const struct roster *r);
long lots_codeidx_find(const struct lots_codeidx *x, const char *code);
void lots_codeidx_free(struct lots_codeidx *x);

/* Eligibility as the drawer and redraw read it (the verifier has its own). */
struct roster_entry;
int lots_int_reviewed(const struct roster_entry *e);
int lots_int_may_review(const struct roster_entry *e);

/* The exact formulation of the reviewer rules (exact.c), solved by the
 * CDCL solver of sat.c: the drawer's last fallback. */
struct lots_review;
struct lots_exact_in {
	const struct roster *r;
	const int *reviewed;    /* roster index of each review, in review order */
	int nrv;
	const int *pool;        /* reviewers, in code order */
	int npool;
	const int *cap;         /* per roster index: most reviews */
	int load_min;           /* fewest reviews per reviewer */
	int max_reviewers;      /* per review (bases included) */
};
/* Solves within max_conflicts conflicts: 1 with out[0..nrv) filled (same
 * order as in->reviewed; bases in r[0], r[1], additional after, in code
 * order), 0 when no draw exists, -1 when the budget ran out.  *conflicts
 * gets the conflicts used.  Nothing is allocated for the caller. */
int lots_exact_solve(const struct lots_exact_in *in, const unsigned char seed[32],
		     long max_conflicts, struct lots_review *out, long *conflicts);

#endif
