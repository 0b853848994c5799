/* group.c - see group.h.  Leader and followers on one mutex: a caller
 * queues its job and sleeps on its own condition variable; the caller that
 * finds no leader leads one batch, then wakes exactly the callers of that
 * batch and the first one still queued (the next leader): no thundering
 * herd of 100 threads per commit on a busy machine.  Only then does the
 * leader run the WAL checkpoint its commit may have made due, on its own
 * connection, while the next batch runs on another (store.h). */
#include "archive/group.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive/archive.h"
#include "archive/archive_int.h"
#include "store/store.h"
#include "util/xmalloc.h"

struct job {
	archive_group_work work;
	void *arg;
	pthread_cond_t cv;          /* done, or its turn to lead */
	int rc;
	int done;
	int taken;                  /* in a batch (no longer queued) */
	char err[256];
	struct job *next;
};

struct archive_group {
	pthread_mutex_t mu;
	struct job *head, *tail;    /* waiting to be taken */
	int leading;                /* a batch is running */
	size_t max_batch;
	unsigned long long batches, works;
	double batch_s, commit_s;   /* archive_group_times() */
	/* SQLite: the connection every batch runs on, opened by the first
	 * leader and used by the leader alone (g->leading).  A batch on
	 * each leader's own connection started from an empty page cache:
	 * SQLite drops a connection's cache when another one wrote since,
	 * and every batch was another connection's (issue 10 bench). */
	struct store *conn;
	int conn_tried;             /* conn opened, or the attempt failed */
	/* conn commits without syncing (synchronous = NORMAL): the leader
	 * syncs the WAL itself after it handed the lead on, and answers its
	 * batch only then (archive_group_run()). */
	char *wal;                  /* the -wal file's path, when so */
	double sync_s;              /* archive_group_times() */
	/* One sync at a time, shared: commits of conn are numbered; a sync
	 * started after commit k returns covers 1..k (wal_sync_through()). */
	unsigned long long commits, synced, failed; /* failed: 0, or all */
	int syncing;
	int sync_errno;             /* of the sync that failed through `failed` */
	pthread_cond_t sync_cv;
};

struct archive_group *archive_group_new(size_t max_batch)
{
	struct archive_group *g = xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->sync_cv, NULL);
	g->max_batch = max_batch ? max_batch : 128;
	return g;
}

void archive_group_free(struct archive_group *g)
{
	if (!g)
		return;
	assert(!g->leading && !g->head);
	store_close(g->conn);
	free(g->wal);
	pthread_cond_destroy(&g->sync_cv);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

/* A savepoint statement: prepared once per connection on SQLite (parsing
 * one on every work was a tenth of the batch's time, issue 10 bench);
 * PostgreSQL runs it as it comes. */
static int savepoint(struct store *s, const char *sql)
{
	if (store_backend(s) != STORE_BACKEND_SQLITE)
		return store_exec(s, sql);
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	int rc = store_step(st);
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The connection the leader runs its batch on: the group's own (SQLite,
 * opened once, to the database s names), else s when none could be. */
static struct store *batch_conn(struct archive_group *g, struct store *s)
{
	if (!g->conn_tried && store_backend(s) == STORE_BACKEND_SQLITE && store_name(s)) {
		char err[256];
		g->conn_tried = 1;
		g->conn = store_open(store_name(s), 0, err, sizeof err);
		if (g->conn)
			store_checkpoint_defer(g->conn, 1); /* run by the leader after */
		/* Its commits write the WAL without syncing it; the leader
		 * syncs it once it let the next batch start, and no work of
		 * the batch is answered before that sync returned.  The WAL
		 * file stays the same file while conn is open (SQLite unlinks
		 * it only when the last connection closes); a checkpoint syncs
		 * it first in any case. */
		size_t nl = strlen(store_name(s));
		if (g->conn && store_exec(g->conn, "PRAGMA synchronous = NORMAL") == 0) {
			g->wal = xmalloc(nl + 5);
			memcpy(g->wal, store_name(s), nl);
			memcpy(g->wal + nl, "-wal", 5);
		}
	}
	return g->conn ? g->conn : s;
}

/* fdatasync of the WAL file (path): 0, or -1 with errno. */
static int wal_sync(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fdatasync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* Runs the batch (a list of jobs) in one transaction on s; *commit_s gets
 * the time its head and commit took (the fsync; 0 when none ran). */
static void run_batch(struct store *s, struct job *batch, double *commit_s)
{
	int rc = store_begin(s);
	struct job *j;
	if (rc != 0) {
		for (j = batch; j; j = j->next) {
			j->rc = -1;
			snprintf(j->err, sizeof j->err, "%s", rc == STORE_BUSY
				 ? "the archive is busy (its write lock is held elsewhere): try again"
				 : store_errmsg(s));
		}
		return;
	}
	int any = 0;
	archive_batch_begin(s);
	for (j = batch; j; j = j->next) {
		archive_batch_mark(s);
		if (savepoint(s, "SAVEPOINT archive_group") < 0) {
			j->rc = -1;
			snprintf(j->err, sizeof j->err, "%s", store_errmsg(s));
			continue;
		}
		j->err[0] = '\0';
		j->rc = j->work(s, j->arg, j->err, sizeof j->err);
		if (j->rc < 0) {
			if (!j->err[0])
				snprintf(j->err, sizeof j->err, "the work failed");
			savepoint(s, "ROLLBACK TO SAVEPOINT archive_group");
			archive_batch_rollback(s);
		}
		if (savepoint(s, "RELEASE SAVEPOINT archive_group") < 0 && j->rc >= 0) {
			j->rc = -1;
			snprintf(j->err, sizeof j->err, "%s", store_errmsg(s));
		}
		any |= j->rc >= 0;
	}
	if (!any) {
		archive_batch_abort(s);
		store_rollback(s);
		return;
	}
	/* One signed head for every record of the batch, in its transaction. */
	char why[200];
	double t0 = mono_s();
	int ended = archive_batch_end(s, why, sizeof why);
	int committed = ended == 0 && store_commit(s) == 0;
	*commit_s = mono_s() - t0;
	if (!committed) {
		if (ended == 0)
			snprintf(why, sizeof why, "%s", store_errmsg(s));
		store_rollback(s);
		for (j = batch; j; j = j->next)
			if (j->rc >= 0) {
				j->rc = -1;
				snprintf(j->err, sizeof j->err, "not committed: %s", why);
			}
	}
}

/* Waits (g->mu held) until commit k of the group's connection is synced:
 * runs the sync when none is under way, else waits for the one running
 * and, if it started before commit k, for or runs the next.  Syncs never
 * overlap (two at once each cost the disk's whole flush: batches of 7
 * posts and 1.6 ms of sync each in the closed loop, against 47 posts
 * when commits synced in turn, issue 10 bench), and one covers every
 * commit made before it began.  0, or the errno of a failed sync: that
 * fails k and every later commit (no later sync is trusted: after a
 * failed fsync Linux may report the next one clean without having written
 * the pages, and a WAL frame is valid only after every frame before it). */
static int wal_sync_through(struct archive_group *g, unsigned long long k)
{
	while (g->synced < k && g->failed < k) {
		if (g->syncing) {
			pthread_cond_wait(&g->sync_cv, &g->mu);
			continue;
		}
		unsigned long long upto = g->commits;
		g->syncing = 1;
		pthread_mutex_unlock(&g->mu);
		double t0 = mono_s();
		int rc = wal_sync(g->wal), e = errno;
		double took = mono_s() - t0;
		pthread_mutex_lock(&g->mu);
		g->syncing = 0;
		g->sync_s += took;
		if (rc == 0) {
			if (upto > g->synced)
				g->synced = upto;
		} else {
			/* Every commit from here on too: see archive_group_run(). */
			g->failed = ULLONG_MAX;
			g->sync_errno = e ? e : EIO;
		}
		pthread_cond_broadcast(&g->sync_cv);
	}
	return g->synced >= k ? 0 : g->sync_errno ? g->sync_errno : EIO;
}

/* Works queued before a new batch starts beside a sync under way. */
#define GROUP_MIN_OVERLAP 8

/* Whether fewer than n works are queued (g->mu held). */
static int queued_fewer(const struct archive_group *g, size_t n)
{
	size_t k = 0;
	for (const struct job *j = g->head; j && k < n; j = j->next)
		k++;
	return k < n;
}

int archive_group_run(struct archive_group *g, struct store *s, archive_group_work work,
		      void *arg, char *err, size_t errlen)
{
	/* On the heap: other threads link to it while it waits. */
	struct job *me = xcalloc(1, sizeof *me);
	me->work = work;
	me->arg = arg;
	pthread_cond_init(&me->cv, NULL);
	int led = 0;
	pthread_mutex_lock(&g->mu);
	if (g->tail)
		g->tail->next = me;
	else
		g->head = me;
	g->tail = me;
	while (!me->done) {
		if (g->leading || me->taken) {
			pthread_cond_wait(&me->cv, &g->mu);
			continue;
		}
		if (g->syncing && queued_fewer(g, GROUP_MIN_OVERLAP)) {
			/* A sync under way and few works waiting: gather more
			 * until it returns rather than pay a transaction (its
			 * head, its pages) for one or two (issue 10 bench). */
			pthread_cond_wait(&g->sync_cv, &g->mu);
			continue;
		}
		/* Lead: take up to max_batch waiting jobs (this one among them
		 * unless more than max_batch were ahead of it). */
		g->leading = 1;
		struct job *batch = g->head, *last = batch;
		size_t n = 1;
		while (last->next && n < g->max_batch) {
			last = last->next;
			n++;
		}
		g->head = last->next;
		if (!g->head)
			g->tail = NULL;
		last->next = NULL;
		for (struct job *j = batch; j; j = j->next)
			j->taken = 1;
		int poisoned = g->failed != 0, sync_errno = g->sync_errno;
		pthread_mutex_unlock(&g->mu);
		/* The WAL checkpoint a commit may be due for waits until the
		 * batch is woken and the next one led (store_checkpoint()). */
		store_checkpoint_defer(s, 1);
		double t0 = mono_s(), commit_s = 0;
		struct store *bc = batch_conn(g, s);
		if (poisoned) {
			/* A sync of the WAL failed: what followed it in the WAL
			 * is not trusted either (its frames chain on the lost
			 * ones), so nothing more is written until a restart
			 * (as PostgreSQL stops on a failed fsync). */
			for (struct job *j = batch; j; j = j->next) {
				j->rc = -1;
				snprintf(j->err, sizeof j->err, "the archive's disk failed a sync "
					 "(%s): nothing more is written; restart the server",
					 strerror(sync_errno));
			}
		} else {
			run_batch(bc, batch, &commit_s);
		}
		double batch_s = mono_s() - t0;
		if (bc != s)
			store_checkpoint_pass(bc, s);   /* while bc is still ours */
		store_checkpoint_defer(s, 0);
		led = 1;
		int committed = 0;
		for (struct job *j = batch; j; j = j->next)
			committed |= j->rc >= 0;
		const char *wal = bc == g->conn ? g->wal : NULL;
		pthread_mutex_lock(&g->mu);
		g->batches++;
		g->works += n;
		g->batch_s += batch_s;
		g->commit_s += commit_s;
		if (wal && committed) {
			/* The next batch runs while this one's WAL is synced,
			 * and the batch is answered only after that. */
			unsigned long long k = ++g->commits;
			g->leading = 0;
			if (g->head && g->head != me)
				pthread_cond_signal(&g->head->cv);
			int e = wal_sync_through(g, k);
			for (struct job *j = batch; j && e; j = j->next)
				if (j->rc >= 0) {
					j->rc = -1;
					snprintf(j->err, sizeof j->err, "the archive's commit could "
						 "not be synced to disk: %s", strerror(e));
				}
		}
		for (struct job *j = batch, *nx; j; j = nx) {
			nx = j->next;
			j->done = 1;
			if (j != me)
				pthread_cond_signal(&j->cv);
		}
		if (!(wal && committed)) {
			g->leading = 0;
			if (g->head && g->head != me)
				pthread_cond_signal(&g->head->cv);   /* the next leader */
		}
	}
	pthread_mutex_unlock(&g->mu);
	if (led)
		store_checkpoint(s);
	pthread_cond_destroy(&me->cv);
	int rc = me->rc;
	if (rc < 0)
		snprintf(err, errlen, "%s", me->err);
	free(me);
	return rc;
}

int archive_group_run_each(struct store *s, archive_group_work work, void **args, size_t n,
			   char *err, size_t errlen)
{
	struct job *jobs = xcalloc(n ? n : 1, sizeof *jobs);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		jobs[i].work = work;
		jobs[i].arg = args[i];
		jobs[i].next = i + 1 < n ? &jobs[i + 1] : NULL;
	}
	double commit_s = 0;
	if (n)
		run_batch(s, jobs, &commit_s);
	for (size_t i = 0; i < n && rc == 0; i++)
		if (jobs[i].rc < 0) {
			snprintf(err, errlen, "%s", jobs[i].err);
			rc = -1;
		}
	free(jobs);
	return rc;
}

/* The process's groups, one per database name (a server has one). */
struct named_group {
	char *name;
	struct archive_group *g;
	struct named_group *next;
};
static pthread_mutex_t groups_mu = PTHREAD_MUTEX_INITIALIZER;
static struct named_group *groups;

struct archive_group *archive_group_of(struct store *s)
{
	const char *name = store_name(s);
	struct archive_group *g = NULL;
	if (!name)
		return NULL;
	pthread_mutex_lock(&groups_mu);
	for (struct named_group *ng = groups; ng && !g; ng = ng->next)
		if (!strcmp(ng->name, name))
			g = ng->g;
	if (!g) {
		struct named_group *ng = xcalloc(1, sizeof *ng);
		ng->name = xstrdup(name);
		ng->g = g = archive_group_new(0);
		ng->next = groups;
		groups = ng;             /* kept for the process's life */
	}
	pthread_mutex_unlock(&groups_mu);
	return g;
}

void archive_group_stats(struct archive_group *g, unsigned long long *batches,
			 unsigned long long *works)
{
	pthread_mutex_lock(&g->mu);
	*batches = g->batches;
	*works = g->works;
	pthread_mutex_unlock(&g->mu);
}

void archive_group_times(struct archive_group *g, double *batch_s, double *commit_s,
			 double *sync_s)
{
	pthread_mutex_lock(&g->mu);
	*batch_s = g->batch_s;
	*commit_s = g->commit_s;
	*sync_s = g->sync_s;
	pthread_mutex_unlock(&g->mu);
}

void archive_group_test_wal(struct archive_group *g, const char *path)
{
	pthread_mutex_lock(&g->mu);
	if (g->wal) {
		free(g->wal);
		g->wal = xstrdup(path);
	}
	pthread_mutex_unlock(&g->mu);
}

int archive_group_append_work(struct store *s, void *arg, char *err, size_t errlen)
{
	struct archive_group_append *a = arg;
	int64_t id = a->sealed ? archive_append_sealed(s, a->sealed, err, errlen)
			       : archive_append(s, a->item, err, errlen);
	a->id = id;
	return id < 0 ? -1 : 0;
}
