/* bench/archive/bench.c - the archive's costs (issue 10) against references
 * measured in the same run: appending records (SQLite file, one transaction
 * each: record, nodes, signed head) against hashing their leaves alone and
 * signing alone; `archive verify` over all of them against hashing the
 * same leaves; inclusion and consistency proofs per second against
 * hashing.  Usage: bench DB-PATH N.  Prints one line per figure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/merkle.h"
#include "archive/verify.h"
#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char err[512], key[1100], body[400];
	if (argc != 3 || sodium_init() < 0)
		return 2;
	const char *db = argv[1];
	long n = strtol(argv[2], NULL, 10);
	if (n < 10)
		return 2;
	struct store *s = store_open(db, STORE_CREATE, err, sizeof err);
	if (!s || store_migrate(s) < 0) {
		fprintf(stderr, "bench: %s\n", s ? store_errmsg(s) : err);
		return 1;
	}
	/* The archive's own cost: without the fsync of each commit the server
	 * does (synchronous = FULL, issue 10), a property of the disk. */
	if (store_exec(s, "PRAGMA synchronous = NORMAL") < 0) {
		fprintf(stderr, "bench: %s\n", store_errmsg(s));
		return 1;
	}
	snprintf(key, sizeof key, "%s.archive.key", db);
	if (archive_key_load(key, 1, err, sizeof err) < 0) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	int64_t thread = archive_thread_create(s, "NGA", 1, "untoc", "FRA,BRA", err, sizeof err);
	double *lat = malloc((size_t)n * sizeof *lat);
	if (thread < 0 || !lat)
		return 1;
	/* A message of about 300 bytes, as a paragraph of the dialogue. */
	memset(body, 'x', sizeof body);
	double t0 = now();
	for (long i = 0; i < n; i++) {
		snprintf(body, 300, "Message %ld of the dialogue on the implementation of article "
			 "12: the reviewing experts ask for the statistics of confiscation "
			 "orders and their execution since 2019, and for the cases in which "
			 "the central authority ", i);
		struct archive_item it = { "message", thread, "expert@fra.example", "Reply",
					   "text/plain", body, 300 };
		double a = now();
		if (store_begin(s) != 0 || archive_append(s, &it, err, sizeof err) < 0 ||
		    store_commit(s) != 0) {
			fprintf(stderr, "bench: append %ld: %s\n", i, err);
			return 1;
		}
		lat[i] = now() - a;
	}
	double append_s = now() - t0;
	qsort(lat, (size_t)n, sizeof *lat, cmp_double);

	/* Reference 1: the leaves alone, the same number of ~730-byte records
	 * (the stored row: hex of the sealed 340 bytes and the envelope). */
	uint8_t rec[730], leaf[32], sig[64], pk[32], sk[64];
	memset(rec, 'a', sizeof rec);
	t0 = now();
	for (long i = 0; i < n; i++) {
		rec[0] = (uint8_t)i;
		merkle_leaf_hash(rec, sizeof rec, leaf);
		rec[1] ^= leaf[0];
	}
	double hash_s = now() - t0;
	/* Reference 2: one Ed25519 signature per append, alone. */
	crypto_sign_keypair(pk, sk);
	t0 = now();
	for (long i = 0; i < n; i++)
		crypto_sign_detached(sig, NULL, leaf, sizeof leaf, sk);
	double sign_s = now() - t0;

	uint8_t apk[32];
	struct archive_verify_result res;
	archive_public_key(apk);
	t0 = now();
	if (archive_verify(s, apk, 1, &res) < 0 || !res.ok) {
		fprintf(stderr, "bench: verify: %s\n", res.what);
		return 1;
	}
	double verify_s = now() - t0;
	t0 = now();
	if (archive_verify(s, apk, 0, &res) < 0 || !res.ok) {
		fprintf(stderr, "bench: verify: %s\n", res.what);
		return 1;
	}
	double quick_s = now() - t0;

	/* Proofs against the current size, random records and sizes. */
	uint8_t path[MERKLE_MAX_PROOF][32];
	size_t len;
	long nproof = n < 20000 ? n : 20000;
	srand(7);
	t0 = now();
	for (long i = 0; i < nproof; i++)
		if (archive_inclusion_proof(s, rand() % n, (uint64_t)n, leaf, path, &len) != 0)
			return 1;
	double incl_s = now() - t0;
	t0 = now();
	for (long i = 0; i < nproof; i++)
		if (archive_consistency_proof(s, 1 + (uint64_t)(rand() % (n - 1)), (uint64_t)n, path,
					      &len) != 0)
			return 1;
	double cons_s = now() - t0;
	store_close(s);

	printf("archive: %ld records of 300-byte messages, SQLite, one transaction each\n", n);
	printf("  append          %9.0f records/s  p50 %.3f ms  p99 %.3f ms  max %.3f ms\n",
	       n / append_s, lat[n / 2] * 1e3, lat[(size_t)(n * 0.99)] * 1e3, lat[n - 1] * 1e3);
	printf("  ref: leaf hash  %9.0f records/s  (append is %.0fx slower)\n", n / hash_s,
	       append_s / hash_s);
	printf("  ref: ed25519    %9.0f signs/s    (signing is %.0f %% of an append)\n",
	       n / sign_s, 100.0 * sign_s / append_s);
	printf("  verify          %9.0f records/s  (%.2f s; %.1fx the leaf hashing alone)\n",
	       n / verify_s, verify_s, verify_s / hash_s);
	printf("  verify --quick  %9.0f records/s  (%.2f s; %.1fx the leaf hashing alone)\n",
	       n / quick_s, quick_s, quick_s / hash_s);
	printf("  inclusion proof %9.0f proofs/s   (%.0fx a leaf hash)\n", nproof / incl_s,
	       (incl_s / nproof) / (hash_s / n));
	printf("  consistency     %9.0f proofs/s   (%.0fx a leaf hash)\n", nproof / cons_s,
	       (cons_s / nproof) / (hash_s / n));
	free(lat);
	return 0;
}
