/* bench/archive/bench.c - the archive's costs (issue 10) against references
 * measured in the same run.  Usage: bench DB-PATH N WRITERS APPENDS THINK [posts]
 * ("posts": only the reference fsync and the dialogue posts of 3, for
 * profiling them with perf record -g)
 *
 *   1. N records of 300-byte messages built in bulk (transactions of 10,000
 *      appends; each record still gets its nodes and its own signed head,
 *      the most heads an archive can have: verify's worst case);
 *   2. one writer, one transaction per append (latency);
 *   3. WRITERS threads, each with its own connection, each APPENDS appends,
 *      each append in its own transaction (BEGIN IMMEDIATE, SQLite's busy
 *      waits) and then through archive_group (group commit: appends share
 *      a transaction, each acknowledged after its commit); p50 / p99 / max
 *      of an append as its caller sees it.  Twice: closed loop (no pause:
 *      the archive's throughput bounds the latency, 100 writers wait for
 *      each other) and with each writer pausing 0..2 x THINK ms between
 *      appends (people writing: with 100 writers and 100 ms, about 1,000
 *      appends a second offered);
 *   3b. the same twice more with whole dialogue posts (dialogue_post(), the
 *      domain call the web handlers make: the access check, the sealing,
 *      then in the group commit the record, its audit entry, the phase
 *      and the notices of three Secretariat accounts and of the focal
 *      points of the reviewed State and its two reviewers), with p50 / p95
 *      / p99 against the reference of the same run: one 4 KiB write and
 *      fsync of a file beside the database (measured before and after the
 *      writers; a commit here costs at least one such fsync);
 *   4. `archive verify` over all the records (every head's signature, and
 *      --quick) against its parts alone: hashing the leaves, checking the
 *      signatures (measured on 20,000 and scaled);
 *   5. inclusion and consistency proofs per second.
 * Prints one line per figure. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/group.h"
#include "archive/merkle.h"
#include "archive/verify.h"
#include "accounts/account.h"
#include "dialogue/dialogue.h"
#include "store/store.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#define NTHREADS 50

/* Weak: bench/archive/ab links this file against an older tree's objects
 * too, which may not have it (then no lock figures). */
extern void archive_group_times(struct archive_group *g, double *batch_s, double *commit_s,
				double *sync_s) __attribute__((weak));

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

static const char *db;
static int64_t threads[NTHREADS];

/* A message of 300 bytes, as a paragraph of the dialogue. */
static void message(char body[301], long i)
{
	memset(body, 'x', 300);
	int n = snprintf(body, 301, "Message %ld of the dialogue on the implementation of article "
			 "12: the reviewing experts ask for the statistics of confiscation "
			 "orders and their execution since 2019, and for the cases in which "
			 "the central authority ", i);
	if (n < 300)
		body[n] = 'x';
	body[300] = '\0';
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench: %s: %s\n", what, why);
	exit(1);
}

/* What a writer does per append. */
enum { OWN_TXN, GROUP_APPEND, DIALOGUE_POST };
static const char *const mode_names[] = { "own transaction", "group commit   ",
					  "dialogue post  " };

/* The dialogue posts' author: an expert of FRA, a reviewing State of every
 * bench thread (not an account of the store: the access module decides on
 * the account as the session gives it, and the author's own State's focal
 * point is then notified like the others). */
static struct account poster;

struct writer {
	int index, appends, group, think_ms;
	unsigned seed;
	struct archive_group *g;
	pthread_barrier_t *start;
	double *lat;
	int n, errors;
	char err[256];
};

static void *run_writer(void *arg)
{
	struct writer *w = arg;
	char err[512], body[301];
	struct store *s = store_open(db, 0, err, sizeof err);
	/* Every connection open before the first append: a server keeps its
	 * connections, and 100 opens (the schema read) competing with the
	 * first appends for the 2 cores made the closed loop's tail. */
	pthread_barrier_wait(w->start);
	if (!s) {
		w->errors = w->appends;
		snprintf(w->err, sizeof w->err, "%s", err);
		return NULL;
	}
	for (int i = 0; i < w->appends; i++) {
		message(body, 10000000L * (w->index + 1) + i);
		struct archive_item it = { "message", threads[w->index % NTHREADS],
					   "expert@fra.example", "Reply", "text/plain", body, 300 };
		if (w->think_ms > 0) {
			long ms = (long)(rand_r(&w->seed) % (unsigned)(2 * w->think_ms + 1));
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
			nanosleep(&ts, NULL);
		}
		double a = now();
		int ok;
		if (w->group == DIALOGUE_POST) {
			struct access_actor ac = { ACCESS_SIGNED_IN, &poster, 0 };
			struct dialogue_item di = { ARCHIVE_KIND_MESSAGE, "Reply", "text/plain", body,
						    300 };
			ok = dialogue_post(s, &ac, "192.0.2.7", threads[w->index % NTHREADS], &di, err,
					   sizeof err) >= 0;
		} else if (w->group) {
			/* As the dialogue posts: sealed by the caller, then the
			 * tree's part in the shared transaction. */
			struct archive_group_append ga = { &it, -1,
							   archive_seal_item(s, &it, err, sizeof err) };
			ok = ga.sealed && archive_group_run(w->g, s, archive_group_append_work, &ga,
							    err, sizeof err) >= 0;
			archive_sealed_free((struct archive_sealed *)ga.sealed);
		} else {
			ok = store_begin(s) == 0;
			if (ok && (archive_append(s, &it, err, sizeof err) < 0 || store_commit(s) != 0)) {
				store_rollback(s);
				ok = 0;
			} else if (!ok) {
				snprintf(err, sizeof err, "begin: %s", store_errmsg(s));
			}
		}
		if (ok) {
			w->lat[w->n++] = now() - a;
		} else if (w->errors++ == 0) {
			snprintf(w->err, sizeof w->err, "%s", err);
		}
	}
	store_close(s);
	return NULL;
}

/* The reference: p50 of a 4 KiB write and fsync beside the database (ms). */
static double fsync_ms;
static struct store *s0;     /* main's connection (the group of posts) */

static void fsync_ref(const char *when)
{
	char path[1100], page[4096];
	enum { N = 200 };
	double lat[N];
	snprintf(path, sizeof path, "%s.fsync", db);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die(path, "cannot create");
	memset(page, 'f', sizeof page);
	for (int i = 0; i < N; i++) {
		double a = now();
		/* Appended as the WAL grows: each fsync writes data and size. */
		if (write(fd, page, sizeof page) != (ssize_t)sizeof page || fsync(fd) != 0)
			die(path, "write or fsync failed");
		lat[i] = now() - a;
	}
	close(fd);
	unlink(path);
	qsort(lat, N, sizeof *lat, cmp_double);
	fsync_ms = lat[N / 2] * 1e3;
	printf("  ref: 4 KiB write + fsync beside the database, %s: p50 %.2f ms  p99 %.2f ms  "
	       "(%d in a row)\n", when, fsync_ms, lat[(size_t)(N * 0.99)] * 1e3, N);
}

/* The posts' recipients: three Secretariat accounts (one per language of
 * three) and the named focal points of the States of the bench threads. */
static void posts_setup(struct store *s)
{
	static const char *const states[] = { "NGA", "KEN", "IND", "ARG", "EGY", "FRA", "BRA" };
	static const char *const langs[] = { "fr", "es", "ar" };
	char err[512], email[64];
	for (int i = 0; i < 3; i++) {
		snprintf(email, sizeof email, "sec%d@unodc.example", i);
		int64_t id = account_create(s, email, "secretariat", NULL, NULL, err, sizeof err);
		if (id <= 0 || account_set_lang(s, id, langs[i]) < 0)
			die("secretariat account", err);
	}
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		struct store_stmt *st = store_prepare(s, "INSERT INTO parties (code, name) SELECT ?, ? "
							 "WHERE NOT EXISTS (SELECT 1 FROM parties "
							 "WHERE code = ?)");
		if (!st)
			die("parties", store_errmsg(s));
		store_bind_text(st, 1, states[i]);
		store_bind_text(st, 2, states[i]);
		store_bind_text(st, 3, states[i]);
		if (store_step(st) != STORE_DONE)
			die("parties", store_errmsg(s));
		store_finalize(st);
		snprintf(email, sizeof email, "fp@%s.example", states[i]);
		int64_t uid = account_create(s, email, "focal_point", states[i], NULL, err, sizeof err);
		if (uid <= 0)
			die("focal point account", err);
		st = store_prepare(s, "INSERT INTO focal_points (state, user_id, named_at, named_by) "
				      "VALUES (?, ?, '2026-01-05', 'bench')");
		if (!st)
			die("focal point", store_errmsg(s));
		store_bind_text(st, 1, states[i]);
		store_bind_int(st, 2, uid);
		if (store_step(st) != STORE_DONE)
			die("focal point", store_errmsg(s));
		store_finalize(st);
	}
	poster.id = 999999;
	poster.role = ROLE_EXPERT;
	snprintf(poster.state, sizeof poster.state, "FRA");
	snprintf(poster.email, sizeof poster.email, "expert@fra.example");
}

static void writers(int nw, int appends, int group, int think_ms)
{
	struct writer *ws = calloc((size_t)nw, sizeof *ws);
	pthread_t *th = calloc((size_t)nw, sizeof *th);
	struct archive_group *g = group == GROUP_APPEND ? archive_group_new(0) : NULL;
	double *all = malloc((size_t)nw * (size_t)appends * sizeof *all);
	pthread_barrier_t start;
	if (!ws || !th || !all || pthread_barrier_init(&start, NULL, (unsigned)nw + 1) != 0)
		die("writers", "out of memory");
	for (int i = 0; i < nw; i++) {
		ws[i] = (struct writer){ .index = i, .appends = appends, .group = group, .g = g,
					 .think_ms = think_ms, .seed = 4242u + (unsigned)i };
		ws[i].lat = malloc((size_t)appends * sizeof(double));
		ws[i].start = &start;
		if (pthread_create(&th[i], NULL, run_writer, &ws[i]) != 0)
			die("pthread_create", "failed");
	}
	struct rusage ru0, ru1;
	double lock0 = 0, commit0 = 0, lock1 = 0, commit1 = 0, sync0 = 0, sync1 = 0;
	struct archive_group *pg = group == DIALOGUE_POST ? archive_group_of(s0) : g;
	if (pg && archive_group_times)
		archive_group_times(pg, &lock0, &commit0, &sync0);
	getrusage(RUSAGE_SELF, &ru0);
	pthread_barrier_wait(&start);
	double t0 = now();
	size_t n = 0;
	int errors = 0;
	const char *why = "";
	for (int i = 0; i < nw; i++) {
		pthread_join(th[i], NULL);
		memcpy(all + n, ws[i].lat, (size_t)ws[i].n * sizeof *all);
		n += (size_t)ws[i].n;
		errors += ws[i].errors;
		if (ws[i].errors && !*why)
			why = ws[i].err;
	}
	double wall = now() - t0;
	getrusage(RUSAGE_SELF, &ru1);
	if (pg && archive_group_times)
		archive_group_times(pg, &lock1, &commit1, &sync1);
	pthread_barrier_destroy(&start);
	qsort(all, n, sizeof *all, cmp_double);
	char pause[32];
	snprintf(pause, sizeof pause, think_ms > 0 ? "pause 0-%d ms" : "closed loop", 2 * think_ms);
	double p99 = n ? all[(size_t)(n * 0.99)] * 1e3 : 0;
	printf("  %3d writers, %-13s %s: %7.0f appends/s  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  "
	       "max %.2f ms  %d failed%s%s", nw, pause, mode_names[group], n / wall,
	       n ? all[n / 2] * 1e3 : 0, n ? all[(size_t)(n * 0.95)] * 1e3 : 0, p99,
	       n ? all[n - 1] * 1e3 : 0, errors, *why ? ": " : "", why);
	if (group == DIALOGUE_POST && (g = archive_group_of(s0)) != NULL) {
		/* The process's group of the database, as a server has it:
		 * the counts since the previous run of posts. */
		static unsigned long long b0, w0;
		unsigned long long b, w;
		archive_group_stats(g, &b, &w);
		printf("  (%llu transactions, %.1f posts each)", b - b0,
		       b > b0 ? (double)(w - w0) / (double)(b - b0) : 0.0);
		b0 = b;
		w0 = w;
		g = NULL;            /* the process's: never freed */
	} else if (g) {
		unsigned long long b, w;
		archive_group_stats(g, &b, &w);
		printf("  (%llu transactions, %.1f appends each)", b, b ? (double)w / b : 0.0);
	}
	if (fsync_ms > 0)
		printf("  p99 = %.1fx the fsync", p99 / fsync_ms);
	/* The target: an append's p99 under 10 ms with 100 writers. */
	if (nw >= 100)
		printf("  target p99 < 10 ms: %s", !errors && n && p99 < 10.0 ? "MET" : "NOT MET");
	if (n) {
		/* Where an append's time goes: the process's CPU (user + system,
		 * all threads) per append, and the write lock held per append
		 * (the batches' leaders: works, head, commit), of which the
		 * heads and commits; with nothing else on the 2 cores the
		 * closed loop can go no faster than 1 / the lock's share. */
		double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec +
				      ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
			     (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec +
				      ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
		printf("\n      per append: CPU %.0f us (%.2f cores)", cpu / (double)n * 1e6,
		       cpu / wall);
		if (pg && lock1 > lock0)
			printf("  write lock held %.0f us, of which head + commit %.0f us "
			       "(%.0f%% of the wall clock held); WAL sync after the lock %.0f us",
			       (lock1 - lock0) / (double)n * 1e6, (commit1 - commit0) / (double)n * 1e6,
			       100.0 * (lock1 - lock0) / wall, (sync1 - sync0) / (double)n * 1e6);
	}
	printf("\n");
	for (int i = 0; i < nw; i++)
		free(ws[i].lat);
	archive_group_free(g);
	free(all);
	free(th);
	free(ws);
}

int main(int argc, char **argv)
{
	char err[512], key[1100], body[301];
	if (argc < 6 || argc > 7 || (argc == 7 && strcmp(argv[6], "posts")) ||
	    sodium_init() < 0) {
		fputs("usage: bench DB-PATH N WRITERS APPENDS THINK-MS [posts]\n", stderr);
		return 2;
	}
	int only_posts = argc == 7;
	setvbuf(stdout, NULL, _IOLBF, 0);   /* each figure as it comes */
	db = argv[1];
	long n = strtol(argv[2], NULL, 10);
	int nw = (int)strtol(argv[3], NULL, 10), per = (int)strtol(argv[4], NULL, 10);
	int think_ms = (int)strtol(argv[5], NULL, 10);
	if (n < 100 || nw < 1 || per < 1)
		return 2;
	/* As `revmech serve` configures SQLite before its first connection
	 * (no global memory statistics: one mutex every malloc of all the
	 * threads takes); BENCH_SQLITE_DEFAULTS=1 keeps SQLite's defaults,
	 * for comparing with them. */
	const char *defaults = getenv("BENCH_SQLITE_DEFAULTS");
	if (!(defaults && !strcmp(defaults, "1")) && store_config_server() < 0)
		die("sqlite", "cannot configure");
	struct store *s = s0 = store_open(db, STORE_CREATE, err, sizeof err);
	if (!s || store_migrate(s) < 0)
		die(db, s ? store_errmsg(s) : err);
	snprintf(key, sizeof key, "%s.archive.key", db);
	if (archive_key_load(key, 1, err, sizeof err) < 0)
		die(key, err);
	/* Reviewed by FRA and BRA, the States of the posts' author and of
	 * the notified reviewers. */
	static const char *const states[] = { "NGA", "KEN", "IND", "ARG", "EGY" };
	posts_setup(s);
	/* Threads opened as the dialogue opens them: each with its envelope
	 * archived (migration 0053), which `revmech archive verify` checks. */
	if (store_begin(s) != 0)
		die("begin", store_errmsg(s));
	for (int i = 0; i < NTHREADS; i++)
		if ((threads[i] = archive_thread_open(s, states[i % 5], 1 + i % 4, "untoc",
						      "FRA,BRA", err, sizeof err)) < 0)
			die("thread", err);
	if (store_commit(s) != 0)
		die("commit", store_errmsg(s));

	/* 1. In bulk. */
	double t0 = now();
	const long chunk = 10000;
	for (long i = 0; i < n; i += chunk) {
		if (store_begin(s) != 0)
			die("begin", store_errmsg(s));
		for (long k = i; k < i + chunk && k < n; k++) {
			message(body, k);
			struct archive_item it = { "message", threads[k % NTHREADS],
						   "expert@fra.example", "Reply", "text/plain", body,
						   300 };
			if (archive_append(s, &it, err, sizeof err) < 0)
				die("append", err);
		}
		if (store_commit(s) != 0)
			die("commit", store_errmsg(s));
	}
	double bulk_s = now() - t0;
	/* As the store set it (store_sqlite.c: FULL, every commit fsynced). */
	static const char *const sync_names[] = { "OFF", "NORMAL", "FULL", "EXTRA" };
	struct store_stmt *ps = store_prepare(s, "PRAGMA synchronous");
	int64_t sync = ps && store_step(ps) == STORE_ROW ? store_col_int(ps, 0) : -1;
	store_finalize(ps);
	printf("archive: %ld records of 300-byte messages, SQLite (WAL, synchronous=%s)\n", n,
	       sync >= 0 && sync < 4 ? sync_names[sync] : "?");
	printf("  issue 10 target: %s records (1,000,000); an append's p99 under 10 ms with 100 "
	       "concurrent writers; archive verify against b2sum (no figure set)\n",
	       n >= 1000000 ? "at" : "BELOW");
	printf("  built in bulk    %9.0f records/s  (%.1f s, transactions of %ld)\n", n / bulk_s,
	       bulk_s, chunk);

	/* 2. One writer, one transaction each. */
	long n1 = 2000;
	double *lat = malloc((size_t)n1 * sizeof *lat);
	t0 = now();
	for (long i = 0; i < n1; i++) {
		message(body, n + i);
		struct archive_item it = { "message", threads[i % NTHREADS], "expert@fra.example",
					   "Reply", "text/plain", body, 300 };
		double a = now();
		if (store_begin(s) != 0 || archive_append(s, &it, err, sizeof err) < 0 ||
		    store_commit(s) != 0)
			die("append", err);
		lat[i] = now() - a;
	}
	double one_s = now() - t0;
	qsort(lat, (size_t)n1, sizeof *lat, cmp_double);
	printf("  1 writer, own transaction each: %7.0f appends/s  p50 %.2f ms  p99 %.2f ms  "
	       "max %.2f ms\n", n1 / one_s, lat[n1 / 2] * 1e3, lat[(size_t)(n1 * 0.99)] * 1e3,
	       lat[n1 - 1] * 1e3);
	free(lat);

	/* 3. Concurrent writers: bare appends, then whole dialogue posts
	 * between two measures of the fsync they wait for. */
	if (!only_posts) {
		writers(nw, per, OWN_TXN, 0);
		writers(nw, per, GROUP_APPEND, 0);
		if (think_ms > 0) {
			writers(nw, per, OWN_TXN, think_ms);
			writers(nw, per, GROUP_APPEND, think_ms);
		}
	}
	fsync_ref("before the posts");
	writers(nw, per, DIALOGUE_POST, 0);
	if (think_ms > 0)
		writers(nw, per, DIALOGUE_POST, think_ms);
	double before_ms = fsync_ms;
	fsync_ref("after the posts");
	fsync_ms = before_ms;
	if (only_posts) {
		store_close(s);
		return 0;
	}
	int64_t total = archive_size(s);

	/* 4. Verify against its parts. */
	uint8_t rec[730], leaf[32], sig[64], pk[32], sk[64], apk[32];
	memset(rec, 'a', sizeof rec);
	t0 = now();
	for (int64_t i = 0; i < total; i++) {
		rec[0] = (uint8_t)i;
		merkle_leaf_hash(rec, sizeof rec, leaf);
		rec[1] ^= leaf[0];
	}
	double hash_s = now() - t0;
	crypto_sign_keypair(pk, sk);
	crypto_sign_detached(sig, NULL, leaf, sizeof leaf, sk);
	long nsig = 20000;
	t0 = now();
	for (long i = 0; i < nsig; i++)
		if (crypto_sign_verify_detached(sig, leaf, sizeof leaf, pk) != 0)
			die("verify", "signature");
	double sigcheck_s = (now() - t0) * (double)total / (double)nsig;
	struct archive_verify_result res;
	archive_public_key(apk);
	t0 = now();
	if (archive_verify(s, apk, 1, &res) < 0 || !res.ok)
		die("verify", res.what);
	double verify_s = now() - t0;
	t0 = now();
	if (archive_verify(s, apk, 0, &res) < 0 || !res.ok)
		die("verify --quick", res.what);
	double quick_s = now() - t0;
	printf("  ref: leaf hash   %9.0f records/s  (%.2f s)\n", total / hash_s, hash_s);
	printf("  ref: ed25519 check %7.0f heads/s    (%.2f s for one per record, on one core)\n",
	       total / sigcheck_s, sigcheck_s);
	printf("  verify           %9.0f records/s  (%.2f s; %.2fx leaf hashing + one signature "
	       "check per head on one core)\n", total / verify_s, verify_s,
	       verify_s / (hash_s + sigcheck_s));
	printf("  verify --quick   %9.0f records/s  (%.2f s; %.1fx the leaf hashing alone)\n",
	       total / quick_s, quick_s, quick_s / hash_s);

	/* 5. Proofs against the current size, random records and sizes. */
	uint8_t path[MERKLE_MAX_PROOF][32];
	size_t len;
	long nproof = 20000;
	srand(7);
	t0 = now();
	for (long i = 0; i < nproof; i++)
		if (archive_inclusion_proof(s, rand() % total, (uint64_t)total, leaf, path, &len) != 0)
			die("proof", "inclusion");
	double incl_s = now() - t0;
	t0 = now();
	for (long i = 0; i < nproof; i++)
		if (archive_consistency_proof(s, 1 + (uint64_t)(rand() % (total - 1)), (uint64_t)total,
					      path, &len) != 0)
			die("proof", "consistency");
	double cons_s = now() - t0;
	printf("  inclusion proof  %9.0f proofs/s   (%.0fx a leaf hash)\n", nproof / incl_s,
	       (incl_s / nproof) / (hash_s / total));
	printf("  consistency      %9.0f proofs/s   (%.0fx a leaf hash)\n", nproof / cons_s,
	       (cons_s / nproof) / (hash_s / total));
	store_close(s);
	return 0;
}
