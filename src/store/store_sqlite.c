/* store_sqlite.c - the SQLite backend of store.h: connections, the write
 * lock, transactions, statements and their cache, migrations.  The file
 * itself (its private creation, backup, integrity check, in-use test) is
 * store_sqlite_file.c. */
#include "store/store_impl.h"
#include "store/store_sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/xmalloc.h"

struct sq_stmt {
	struct store_stmt base;
	sqlite3_stmt *st;
	int cached;  /* owned by the connection's cache: finalize only resets */
	int in_use;  /* handed out and not yet released */
};

struct store_cache_slot {
	uint64_t hash;            /* FNV-1a of sql */
	char *sql;                /* own copy: matched by content */
	struct sq_stmt *stmt;
};

struct sq_store {
	struct store base;
	sqlite3 *db;
	struct store_cache_slot cache[STORE_CACHE_SLOTS];
	size_t ncache;
	sqlite3_stmt *data_version; /* PRAGMA data_version, prepared on demand */
	struct timespec busy_since; /* first refusal of the current wait */
	pthread_mutex_t *wlock;     /* the process's writers of this file, or NULL */
	int wlocked;                /* this connection holds it */
	int wal_frames;             /* the WAL's size after this connection's last commit */
	int ckpt_defer;             /* store_checkpoint_defer() */
};

static const struct store_ops sq_ops;

static struct sq_store *SQ(struct store *s) { return (struct sq_store *)s; }

sqlite3 *store_sqlite_handle(struct store *s) { return SQ(s)->db; }
static struct sq_stmt *ST(struct store_stmt *st) { return (struct sq_stmt *)st; }

static void set_err(struct sq_store *s, const char *what)
{
	snprintf(s->base.err, sizeof s->base.err, "%s: %s", what, sqlite3_errmsg(s->db));
}

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return STORE_OK;
	case SQLITE_ROW: return STORE_ROW;
	case SQLITE_DONE: return STORE_DONE;
	case SQLITE_CONSTRAINT: return STORE_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return STORE_BUSY;
	default: return STORE_ERR;
	}
}

/* Waits for a lock another connection holds, up to 5 s, in steps of 50 us
 * doubling to 2 ms.  sqlite3_busy_timeout() sleeps 1, 2, 5, 10 ... up to
 * 100 ms at a time, far past the moment a write of a fraction of a
 * millisecond releases the lock (issue 9 bench).  Transactions of one
 * process do not get here: they queue on the file's mutex (sq_begin);
 * this serves single writes outside a transaction and other processes. */
static int sq_busy(void *ctx, int count)
{
	struct sq_store *s = ctx;
	struct timespec now, ts = { 0, 50000 };
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		s->busy_since = now;
	double waited = (double)(now.tv_sec - s->busy_since.tv_sec) +
			(double)(now.tv_nsec - s->busy_since.tv_nsec) / 1e9;
	if (waited >= 5.0)
		return 0;
	for (int i = 0; i < count && ts.tv_nsec < 2000000; i++)
		ts.tv_nsec *= 2;
	if (ts.tv_nsec > 2000000)
		ts.tv_nsec = 2000000;
	nanosleep(&ts, NULL);
	return 1;
}

/* The writers of one process queue on one mutex per database file (by
 * device and inode): a thread waiting for the write lock sleeps until it
 * is handed over, instead of polling SQLite's lock (dozens of writer
 * threads polling burnt the CPU the holder needed). */
#define WLOCKS 64
struct wlock {
	dev_t dev;
	ino_t ino;
	pthread_mutex_t mu;
};
static pthread_mutex_t wlocks_mu = PTHREAD_MUTEX_INITIALIZER;
static struct wlock *wlocks[WLOCKS];
static size_t nwlocks;

static pthread_mutex_t *wlock_for(const char *path)
{
	struct stat sb;
	pthread_mutex_t *mu = NULL;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return NULL;
	pthread_mutex_lock(&wlocks_mu);
	for (size_t i = 0; i < nwlocks && !mu; i++)
		if (wlocks[i]->dev == sb.st_dev && wlocks[i]->ino == sb.st_ino)
			mu = &wlocks[i]->mu;
	if (!mu && nwlocks < WLOCKS) {
		struct wlock *w = xcalloc(1, sizeof *w);
		pthread_mutexattr_t a;
		pthread_mutexattr_init(&a);
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
		pthread_mutex_init(&w->mu, &a);
		pthread_mutexattr_destroy(&a);
		w->dev = sb.st_dev;
		w->ino = sb.st_ino;
		wlocks[nwlocks++] = w;   /* kept for the process's life */
		mu = &w->mu;
	}
	pthread_mutex_unlock(&wlocks_mu);
	return mu;
}

/* Gives the file's mutex back once the connection's transaction is over. */
/* SQLite's automatic checkpoint runs inside COMMIT, while this process's
 * write lock (and the group commit's batch) waits on it: the WAL hook
 * replaces it.  A commit outside the write lock (a single statement in
 * autocommit) checkpoints at once, as SQLite would; one under it only
 * notes the WAL's size, and sq_checkpoint() runs the same passive
 * checkpoint once the lock is released (store.h).  A transaction ended
 * otherwise leaves it due: the next commit catches up. */
static int sq_checkpoint(struct sq_store *s)
{
	if (s->wal_frames < 1000 || !sqlite3_get_autocommit(s->db))
		return 0;
	s->wal_frames = 0;
	return sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) ==
	       SQLITE_OK ? 0 : -1;
}

static int wal_hook(void *ctx, sqlite3 *db, const char *name, int frames)
{
	struct sq_store *s = ctx;
	(void)name;
	s->wal_frames = frames;
	if (!s->wlocked && !s->ckpt_defer && frames >= 1000) {
		s->wal_frames = 0;
		sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	}
	return SQLITE_OK;
}

void store_sqlite_checkpoint_defer(struct store *base, int on)
{
	SQ(base)->ckpt_defer = on;
}

int store_sqlite_checkpoint(struct store *base)
{
	return sq_checkpoint(SQ(base));
}

void store_sqlite_checkpoint_pass(struct store *from, struct store *to)
{
	if (SQ(from)->wal_frames > SQ(to)->wal_frames)
		SQ(to)->wal_frames = SQ(from)->wal_frames;
	SQ(from)->wal_frames = 0;
}

static void wlock_release(struct sq_store *s)
{
	if (s->wlocked && sqlite3_get_autocommit(s->db)) {
		s->wlocked = 0;
		pthread_mutex_unlock(s->wlock);
	}
}

int store_sqlite_config_server(void)
{
	return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 : -1;
}

static int sq_exec(struct store *base, const char *sql)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	const char *tail = sql;
	while (tail && *tail) {
		if (sqlite3_prepare_v2(s->db, tail, -1, &st, &tail) != SQLITE_OK) {
			set_err(s, "prepare");
			return -1;
		}
		if (!st)
			break; /* trailing whitespace or comment */
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			set_err(s, "exec");
			return -1;
		}
	}
	return 0;
}

struct store *store_sqlite_open(const char *path, int flags, char *err, size_t errlen)
{
	struct sq_store *s = NULL;
	int exists = access(path, F_OK) == 0, created = 0;
	if ((flags & STORE_MUST_BE_NEW) && exists) {
		snprintf(err, errlen, "%s: database already exists", path);
		return NULL;
	}
	if (!(flags & STORE_CREATE) && !exists) {
		snprintf(err, errlen, "%s: no such database (run 'revmech init' first)", path);
		return NULL;
	}
	if (!exists) {
		if (store_sqlite_create_private(path, err, errlen) < 0)
			return NULL;
		created = 1;
	} else if (!(flags & STORE_READONLY)) {
		store_sqlite_make_private(path);
	}
	s = xcalloc(1, sizeof *s);
	s->base.ops = &sq_ops;
	s->base.backend = STORE_BACKEND_SQLITE;
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
					      : SQLITE_OPEN_READWRITE;
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_handler(s->db, sq_busy, s);
	if (!(flags & STORE_READONLY))
		s->wlock = wlock_for(path);
	if (sq_exec(&s->base, "PRAGMA foreign_keys = ON") < 0)
		goto fail_msg;
	/* Issue 10: a crash at any moment loses no acknowledged write.  In WAL
	 * mode synchronous = NORMAL fsyncs only at checkpoints, so a commit
	 * survives the process being killed but may roll back after a power
	 * loss or an OS crash; FULL fsyncs the WAL at every commit (about
	 * 1.5 ms on the reference machine) before the write is acknowledged. */
	if (!(flags & STORE_READONLY)) {
		if (sq_exec(&s->base, "PRAGMA journal_mode = WAL") < 0 ||
		    sq_exec(&s->base, "PRAGMA synchronous = FULL") < 0)
			goto fail_msg;
		sqlite3_wal_hook(s->db, wal_hook, s);
	}
	/* A file that is not a database fails here rather than later. */
	if (sq_exec(&s->base, "SELECT count(*) FROM sqlite_master") < 0)
		goto fail_msg;
	return &s->base;
fail_msg:
	snprintf(err, errlen, "%s: %s", path, s->base.err);
fail:
	if (s->db)
		sqlite3_close(s->db);
	free(s);
	if (created)
		unlink(path);
	return NULL;
}

static void sq_close(struct store *base)
{
	struct sq_store *s = SQ(base);
	for (size_t i = 0; i < s->ncache; i++) {
		sqlite3_finalize(s->cache[i].stmt->st);
		free(s->cache[i].stmt);
		free(s->cache[i].sql);
	}
	s->ncache = 0;
	sqlite3_finalize(s->data_version);
	sqlite3_close(s->db);
	if (s->wlocked)
		pthread_mutex_unlock(s->wlock);
	free(s);
}

/* Applied migrations are recorded one by one (not only as a high-water mark)
 * so that a migration merged later with a lower number is still applied. */
static int migration_applied(struct sq_store *s, int version)
{
	sqlite3_stmt *st;
	int found = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM schema_migrations WHERE version = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, version);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int sq_schema_version(struct store *base)
{
	struct sq_store *s = SQ(base);
	int v = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Like sq_exec, but says why: STORE_BUSY when the write lock stayed taken
 * past the busy timeout. */
static int sq_exec_code(struct store *s, const char *sql)
{
	if (sq_exec(s, sql) == 0)
		return STORE_OK;
	int rc = map_rc(sqlite3_errcode(SQ(s)->db));
	return rc < 0 ? rc : STORE_ERR;
}

static int sq_begin(struct store *base)
{
	struct sq_store *s = SQ(base);
	if (s->wlock && !s->wlocked) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 5;
		int e = pthread_mutex_timedlock(s->wlock, &until);
		if (e == ETIMEDOUT) {
			snprintf(s->base.err, sizeof s->base.err, "BEGIN IMMEDIATE: database is "
				 "locked");
			return STORE_BUSY;
		}
		/* EDEADLK: this thread writes on another connection; SQLite's
		 * lock then decides (busy after 5 s), as without the mutex. */
		s->wlocked = e == 0;
	}
	int rc = sq_exec_code(base, "BEGIN IMMEDIATE");
	wlock_release(s);
	return rc;
}

static int sq_commit(struct store *base)
{
	int rc = sq_exec_code(base, "COMMIT");
	wlock_release(SQ(base));
	if (!SQ(base)->ckpt_defer)
		sq_checkpoint(SQ(base));
	return rc;
}

static int sq_rollback(struct store *base)
{
	int rc = sq_exec(base, "ROLLBACK");
	wlock_release(SQ(base));
	return rc;
}

static int sq_migrate_to(struct store *base, int max_version)
{
	struct sq_store *s = SQ(base);
	int cur = sq_schema_version(base);
	if (cur < 0) {
		set_err(s, "schema version");
		return -1;
	}
	if (cur > store_latest_version()) {
		snprintf(base->err, sizeof base->err,
			 "database schema version %d is newer than this program (%d)",
			 cur, store_latest_version());
		return -1;
	}
	if (sq_exec(base, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
			  "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)") < 0)
		return -1;
	for (size_t i = 0; i < store_nmigrations; i++) {
		const struct migration *m = &store_migrations[i];
		int done = migration_applied(s, m->version);
		if (done < 0) {
			set_err(s, "schema_migrations");
			return -1;
		}
		if (done || m->version > max_version)
			continue;
		char pragma[64];
		int top = m->version > cur ? m->version : cur;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", top);
		if (sq_begin(base) < 0)
			return -1;
		sqlite3_stmt *rec = NULL;
		int ok = sq_exec(base, m->sql) == 0 && sq_exec(base, m->sql_sqlite) == 0 &&
			 sq_exec(base, pragma) == 0 &&
			 sqlite3_prepare_v2(s->db, "INSERT INTO schema_migrations (version, name) "
					    "VALUES (?, ?)", -1, &rec, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_int(rec, 1, m->version);
			sqlite3_bind_text(rec, 2, m->name, -1, SQLITE_STATIC);
			ok = sqlite3_step(rec) == SQLITE_DONE;
			if (!ok)
				set_err(s, "record migration");
		}
		sqlite3_finalize(rec);
		if (!ok) {
			char why[400];
			snprintf(why, sizeof why, "%s", base->err);
			sq_rollback(base);
			snprintf(base->err, sizeof base->err, "migration %04d_%s: %s",
				 m->version, m->name, why);
			return -1;
		}
		if (sq_commit(base) < 0)
			return -1;
		cur = top;
	}
	return 0;
}

static struct store_stmt *sq_prepare(struct store *base, const char *sql)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		set_err(s, "prepare");
		return NULL;
	}
	struct sq_stmt *r = xcalloc(1, sizeof *r);
	r->base.s = base;
	r->st = st;
	return &r->base;
}

static struct store_stmt *sq_prepare_cached(struct store *base, const char *sql)
{
	struct sq_store *s = SQ(base);
	struct store_cache_slot *slot = NULL;
	uint64_t h = store_sql_hash(sql);
	for (size_t i = 0; i < s->ncache; i++) {
		if (s->cache[i].hash == h && strcmp(s->cache[i].sql, sql) == 0) {
			slot = &s->cache[i];
			break;
		}
	}
	if (slot) {
		/* Already handed out (a nested use of the same SQL): give a
		 * private statement rather than share the cursor. */
		if (slot->stmt->in_use)
			return sq_prepare(base, sql);
		slot->stmt->in_use = 1;
		return &slot->stmt->base;
	}
	struct store_stmt *r = sq_prepare(base, sql);
	if (!r || s->ncache >= STORE_CACHE_SLOTS)
		return r; /* cache full: an ordinary statement */
	ST(r)->cached = 1;
	ST(r)->in_use = 1;
	slot = &s->cache[s->ncache++];
	slot->hash = h;
	slot->sql = xstrdup(sql);
	slot->stmt = ST(r);
	return r;
}

static int sq_end_work(struct store *base)
{
	struct sq_store *s = SQ(base);
	int n = 0;
	for (sqlite3_stmt *st = sqlite3_next_stmt(s->db, NULL); st;
	     st = sqlite3_next_stmt(s->db, st)) {
		if (sqlite3_stmt_busy(st)) {
			sqlite3_reset(st);
			n++;
		}
	}
	for (size_t i = 0; i < s->ncache; i++) {
		struct sq_stmt *c = s->cache[i].stmt;
		if (c->in_use) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			c->in_use = 0;
			n++;
		}
	}
	if (!sqlite3_get_autocommit(s->db)) {
		(void)sq_rollback(base);
		n++;
	}
	wlock_release(s);
	return n;
}

static int64_t sq_data_version_seen(struct store *base)
{
	struct sq_store *s = SQ(base);
	unsigned int v = 0;
	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK) {
		set_err(s, "data version");
		return -1;
	}
	return (int64_t)v;
}

static int64_t sq_data_version(struct store *base)
{
	struct sq_store *s = SQ(base);
	int64_t v = -1;
	if (!s->data_version &&
	    sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &s->data_version, NULL) !=
		    SQLITE_OK) {
		set_err(s, "prepare");
		s->data_version = NULL;
		return -1;
	}
	if (sqlite3_step(s->data_version) == SQLITE_ROW)
		v = sqlite3_column_int64(s->data_version, 0);
	sqlite3_reset(s->data_version);
	if (v < 0)
		return -1;
	/* data_version moves on commits of other connections only; this
	 * connection's own changes are counted by total_changes.  Both only
	 * grow, so the sum changes whenever either does. */
	return (v << 32) + (int64_t)sqlite3_total_changes64(s->db);
}

static int sq_bind_text(struct store_stmt *st, int idx, const char *v)
{
	int rc = v ? sqlite3_bind_text(ST(st)->st, idx, v, -1, SQLITE_TRANSIENT)
		   : sqlite3_bind_null(ST(st)->st, idx);
	return map_rc(rc);
}

static int sq_bind_int(struct store_stmt *st, int idx, int64_t v)
{
	return map_rc(sqlite3_bind_int64(ST(st)->st, idx, v));
}

static int sq_bind_blob(struct store_stmt *st, int idx, const void *v, size_t n)
{
	return map_rc(sqlite3_bind_blob64(ST(st)->st, idx, v, n, SQLITE_TRANSIENT));
}

static int sq_bind_null(struct store_stmt *st, int idx)
{
	return map_rc(sqlite3_bind_null(ST(st)->st, idx));
}

static int sq_step(struct store_stmt *st)
{
	int rc = map_rc(sqlite3_step(ST(st)->st));
	if (rc < 0)
		set_err(SQ(st->s), "step");
	return rc;
}

static int sq_reset(struct store_stmt *st)
{
	sqlite3_reset(ST(st)->st);
	return map_rc(sqlite3_clear_bindings(ST(st)->st));
}

static void sq_finalize(struct store_stmt *base)
{
	struct sq_stmt *st = ST(base);
	if (st->cached) {
		/* A cached statement stays prepared: ending it here means
		 * resetting it, which also ends its read transaction. */
		sqlite3_reset(st->st);
		sqlite3_clear_bindings(st->st);
		st->in_use = 0;
		return;
	}
	sqlite3_finalize(st->st);
	free(st);
}

static const char *sq_col_text(struct store_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(ST(st)->st, col);
	return t ? (const char *)t : "";
}

static int sq_col_is_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(ST(st)->st, col) == SQLITE_NULL;
}

static int64_t sq_col_int(struct store_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st)->st, col);
}

static const void *sq_col_blob(struct store_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(st)->st, col);
	*n = (size_t)sqlite3_column_bytes(ST(st)->st, col);
	return p;
}

static int64_t sq_last_id(struct store *s) { return sqlite3_last_insert_rowid(SQ(s)->db); }
static int sq_changes(struct store *s) { return sqlite3_changes(SQ(s)->db); }

static const struct store_ops sq_ops = {
	.close = sq_close,
	.migrate_to = sq_migrate_to,
	.schema_version = sq_schema_version,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.prepare = sq_prepare,
	.prepare_cached = sq_prepare_cached,
	.end_work = sq_end_work,
	.data_version = sq_data_version,
	.data_version_seen = sq_data_version_seen,
	.exec = sq_exec,
	.last_id = sq_last_id,
	.changes = sq_changes,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.col_text = sq_col_text,
	.col_is_null = sq_col_is_null,
	.col_int = sq_col_int,
	.col_blob = sq_col_blob,
};
