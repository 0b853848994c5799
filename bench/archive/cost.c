/* bench/archive/cost.c - the CPU cost of one append, for callgrind (issue
 * 10: wall clock on a shared machine is noise).  Usage:
 *   cost DB-PATH N K B
 * builds N records (one transaction per 1,000, as archive_append alone
 * does them), then runs measured(): K appends in transactions of B, each
 * append in its own savepoint as the group commit runs them (B = 1: one
 * transaction per append, the caller's own).  Run it as
 *   valgrind --tool=callgrind --toggle-collect=measured cost DB N K B
 * and divide the instructions by K.  bench/archive/run --cost does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/group.h"
#include "store/store.h"

static void die(const char *what, const char *why)
{
	fprintf(stderr, "cost: %s: %s\n", what, why);
	exit(1);
}

static int64_t thread_id;

static void message(char body[301], long i)
{
	memset(body, 'x', 300);
	int n = snprintf(body, 301, "Message %ld of the dialogue on the implementation of article "
			 "12: the reviewing experts ask for the statistics of confiscation orders", i);
	if (n < 300)
		body[n] = 'x';
	body[300] = '\0';
}

/* K appends in batches of B through the group commit's batch runner, each
 * sealed first by its caller as the dialogue does (callgrind's inclusive
 * count of run_batch is the part under the write lock). */
__attribute__((noinline)) static void measured(struct store *s, long k, long b, long from)
{
	char body[301];
	struct archive_item it[256];
	struct archive_group_append ga[256];
	void *args[256];
	char bodies[256][301];
	for (long i = 0; i < k; i += b) {
		long nb = i + b <= k ? b : k - i;
		for (long j = 0; j < nb; j++) {
			message(bodies[j], from + i + j);
			it[j] = (struct archive_item){ "message", thread_id, "expert@fra.example",
						       "Reply", "text/plain", bodies[j], 300 };
			ga[j] = (struct archive_group_append){ &it[j], -1,
							       archive_seal_item(s, &it[j], body,
										 sizeof body) };
			if (!ga[j].sealed)
				die("seal", body);
			args[j] = &ga[j];
		}
		if (archive_group_run_each(s, archive_group_append_work, args, (size_t)nb, body,
					   sizeof body) < 0)
			die("batch", body);
		for (long j = 0; j < nb; j++)
			archive_sealed_free((struct archive_sealed *)ga[j].sealed);
	}
}

int main(int argc, char **argv)
{
	char err[512], key[1100], body[301];
	if (argc != 5 || sodium_init() < 0) {
		fputs("usage: cost DB-PATH N K B\n", stderr);
		return 2;
	}
	const char *db = argv[1];
	long n = strtol(argv[2], NULL, 10), k = strtol(argv[3], NULL, 10),
	     b = strtol(argv[4], NULL, 10);
	if (n < 0 || k < 1 || b < 1 || b > 256)
		return 2;
	struct store *s = store_open(db, STORE_CREATE, err, sizeof err);
	if (!s || store_migrate(s) < 0)
		die(db, s ? store_errmsg(s) : err);
	snprintf(key, sizeof key, "%s.archive.key", db);
	if (archive_key_load(key, 1, err, sizeof err) < 0)
		die(key, err);
	if (store_begin(s) != 0)
		die("begin", store_errmsg(s));
	thread_id = archive_thread_open(s, "FRA", 1, "untoc", "DEU", err, sizeof err);
	if (thread_id < 0 || store_commit(s) != 0)
		die("thread", err);
	for (long i = 0; i < n; i += 1000) {
		if (store_begin(s) != 0)
			die("begin", store_errmsg(s));
		for (long j = i; j < i + 1000 && j < n; j++) {
			message(body, j);
			struct archive_item it = { "message", thread_id, "expert@fra.example", "Reply",
						   "text/plain", body, 300 };
			if (archive_append(s, &it, err, sizeof err) < 0)
				die("append", err);
		}
		if (store_commit(s) != 0)
			die("commit", store_errmsg(s));
	}
	measured(s, k, b, n);
	printf("%ld records, %ld appends in transactions of %ld\n", archive_size(s), k, b);
	store_close(s);
	return 0;
}
