/* group.h - group commit for the archive (issue 10 benchmark): appends of
 * many threads share one transaction, each acknowledged only after that
 * transaction committed.
 *
 * The archive is a sequence (a Merkle tree with a signed head per record),
 * so appends are serialised by the store's write lock.  With one
 * transaction per append, 100 concurrent writers spend their time in the
 * store's busy waits (SQLite sleeps and retries) and each commit is a
 * write of its own.  Here the first caller to find no batch running becomes
 * its leader: it takes every waiting caller's work, runs each in its own
 * savepoint inside one transaction on the leader's connection (a failing
 * work is rolled back alone and gets its own error), commits once, and
 * wakes them all with their results; work that arrives meanwhile forms the
 * next batch.  Nothing is acknowledged before its commit: on a failed
 * commit every work of the batch gets the error and nothing of it is kept.
 * The batch's records share one signed tree head, stored in the same
 * transaction just before its commit (archive_batch_end(), archive_int.h):
 * signing one head per record was half of an append's cost.  A head then
 * covers every record of its transaction and names the size of the head
 * before it (archive.h, archive_head_message()); verify.h says how the
 * first altered record of a batch is still named.
 *
 * One group per database per process (e.g. one for `serve`), shared by its
 * threads (archive_group_of()); each caller passes its own connection,
 * used when it leads on PostgreSQL.  On SQLite every batch runs on the
 * group's own connection instead (its page cache stays warm), which
 * commits without syncing: the leader syncs the WAL once it handed the
 * lead on and answers its batch only after that (docs/archive.md). */
#ifndef RM_ARCHIVE_GROUP_H
#define RM_ARCHIVE_GROUP_H

#include <stddef.h>

struct store;
struct archive_group;

/* What a caller wants done in the shared transaction: work(s, arg, err,
 * errlen) returns >= 0 on success or < 0 with err set, and uses only s
 * (the leader's connection, inside a transaction and a savepoint); it must
 * not begin, commit or roll back. */
typedef int (*archive_group_work)(struct store *s, void *arg, char *err, size_t errlen);

/* A new group (free with archive_group_free once no thread uses it).
 * max_batch bounds the works of one transaction (0: 128). */
struct archive_group *archive_group_new(size_t max_batch);
void archive_group_free(struct archive_group *g);

/* Runs work(arg) in a transaction shared with the other callers of g, and
 * returns once that transaction committed (work's result, >= 0) or failed
 * (< 0, err set: nothing of the work is kept).  s is the caller's
 * connection (no transaction open on it), used if the caller leads the
 * batch (on SQLite only for the checkpoint after it).  Thread-safe.  STORE_BUSY (the write lock held elsewhere past the
 * store's timeout) is returned as -1 with err saying so. */
int archive_group_run(struct archive_group *g, struct store *s, archive_group_work work,
		      void *arg, char *err, size_t errlen);

/* The group of the database s is connected to, for this process: made on
 * first use, kept for the process's life (the process owns it: never free
 * it).  Keyed by the name s was opened with (store_name()); NULL when s
 * has none.  Thread-safe. */
struct archive_group *archive_group_of(struct store *s);

/* Runs the n works work(args[i]) as one batch on s (no transaction open on
 * it), in the calling thread, exactly as a leader runs a batch: for a
 * caller that holds several works at once (bulk loads, bench/archive's
 * cost measure).  Returns 0 when every work succeeded and the transaction
 * committed, else -1 with err set to the first failure's reason. */
int archive_group_run_each(struct store *s, archive_group_work work, void **args, size_t n,
			   char *err, size_t errlen);

/* Counters since archive_group_new: transactions committed and works run
 * (works / batches is the mean batch). */
void archive_group_stats(struct archive_group *g, unsigned long long *batches,
			 unsigned long long *works);

/* archive_append() as a group work: arg is a struct archive_group_append.
 * With sealed set (archive_seal_item(), before archive_group_run()), the
 * item is appended from it and item is not used: the batch's leader then
 * only hashes and stores. */
struct archive_item;
struct archive_sealed;
struct archive_group_append {
	const struct archive_item *item;
	long long id;               /* out: the record's id */
	const struct archive_sealed *sealed;
};
int archive_group_append_work(struct store *s, void *arg, char *err, size_t errlen);

/* Seconds since archive_group_new spent leading batches (the write lock
 * held: transaction, works, head, commit), of those in the batches'
 * signed heads and commits, and syncing the WAL after the lead was handed
 * on (SQLite: the group's connection commits without a sync, see
 * group.c): for the issue 10 bench's account of a post's time. */
void archive_group_times(struct archive_group *g, double *batch_s, double *commit_s,
			 double *sync_s);

#endif
