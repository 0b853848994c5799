/* store_sqlite.c - the SQLite backend of store.h. */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/xmalloc.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};
/* Generated at build time from src/store/migrations/NNNN_name.sql. */
extern const struct migration store_migrations[];
extern const size_t store_nmigrations;

/* Per-connection cache of prepared statements (store_prepare_cached). */
#define STORE_CACHE_SLOTS 48

struct store_stmt {
	struct store *s;
	sqlite3_stmt *st;
	int cached;  /* owned by the connection's cache: finalize only resets */
	int in_use;  /* handed out and not yet released */
};

struct store_cache_slot {
	uint64_t hash;            /* FNV-1a of sql */
	char *sql;                /* own copy: matched by content */
	struct store_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char err[512];
	struct store_cache_slot cache[STORE_CACHE_SLOTS];
	size_t ncache;
	sqlite3_stmt *data_version; /* PRAGMA data_version, prepared on demand */
};

static void set_err(struct store *s, const char *what)
{
	snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errmsg(s->db));
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

int store_config_server(void)
{
	return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 : -1;
}

/* The database is created here, mode 0600, rather than by SQLite (which
 * uses 0644 less the umask): SQLite gives the -wal, -shm and journal files
 * the database's own mode, so they are private too.  Returns 0 or -1. */
static int create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Takes group and others' rights away from an existing database and its
 * side files (made by an older build, or copied in), before SQLite opens
 * them: the side files it creates later copy the database's mode. */
static void make_private(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char f[4200];
	struct stat sb;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		if ((size_t)snprintf(f, sizeof f, "%s%s", path, ext[i]) >= sizeof f)
			return;
		if (stat(f, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077))
			(void)chmod(f, sb.st_mode & 0700);
	}
}

struct store *store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct store *s = NULL;
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
		if (create_private(path, err, errlen) < 0)
			return NULL;
		created = 1;
	} else if (!(flags & STORE_READONLY)) {
		make_private(path);
	}
	s = xcalloc(1, sizeof *s);
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
	sqlite3_busy_timeout(s->db, 5000);
	if (store_exec(s, "PRAGMA foreign_keys = ON") < 0)
		goto fail_msg;
	if (!(flags & STORE_READONLY)) {
		if (store_exec(s, "PRAGMA journal_mode = WAL") < 0 ||
		    store_exec(s, "PRAGMA synchronous = NORMAL") < 0)
			goto fail_msg;
	}
	/* A file that is not a database fails here rather than later. */
	if (store_exec(s, "SELECT count(*) FROM sqlite_master") < 0)
		goto fail_msg;
	return s;
fail_msg:
	snprintf(err, errlen, "%s: %s", path, s->err);
fail:
	if (s->db)
		sqlite3_close(s->db);
	free(s);
	if (created)
		unlink(path);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncache; i++) {
		sqlite3_finalize(s->cache[i].stmt->st);
		free(s->cache[i].stmt);
		free(s->cache[i].sql);
	}
	s->ncache = 0;
	sqlite3_finalize(s->data_version);
	sqlite3_close(s->db);
	free(s);
}

int store_exec(struct store *s, const char *sql)
{
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

/* Applied migrations are recorded one by one (not only as a high-water mark)
 * so that a migration merged later with a lower number is still applied. */
static int migration_applied(struct store *s, int version)
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

int store_schema_version(struct store *s)
{
	int v = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_latest_version(void)
{
	return store_nmigrations ? store_migrations[store_nmigrations - 1].version : 0;
}

int store_migrate(struct store *s)
{
	return store_migrate_to(s, store_latest_version());
}

int store_migrate_to(struct store *s, int max_version)
{
	int cur = store_schema_version(s);
	if (cur < 0) {
		set_err(s, "schema version");
		return -1;
	}
	if (cur > store_latest_version()) {
		snprintf(s->err, sizeof s->err,
			 "database schema version %d is newer than this program (%d)",
			 cur, store_latest_version());
		return -1;
	}
	if (store_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
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
		if (store_begin(s) < 0)
			return -1;
		sqlite3_stmt *rec = NULL;
		int ok = store_exec(s, m->sql) == 0 && store_exec(s, pragma) == 0 &&
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
			snprintf(why, sizeof why, "%s", s->err);
			store_rollback(s);
			snprintf(s->err, sizeof s->err, "migration %04d_%s: %s",
				 m->version, m->name, why);
			return -1;
		}
		if (store_commit(s) < 0)
			return -1;
		cur = top;
	}
	return 0;
}

int store_begin(struct store *s) { return store_exec(s, "BEGIN IMMEDIATE"); }
int store_commit(struct store *s) { return store_exec(s, "COMMIT"); }
int store_rollback(struct store *s) { return store_exec(s, "ROLLBACK"); }

struct store_stmt *store_prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		set_err(s, "prepare");
		return NULL;
	}
	struct store_stmt *r = xcalloc(1, sizeof *r);
	r->s = s;
	r->st = st;
	return r;
}

static uint64_t sql_hash(const char *p)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
	return h;
}

struct store_stmt *store_prepare_cached(struct store *s, const char *sql)
{
	struct store_cache_slot *slot = NULL;
	uint64_t h = sql_hash(sql);
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
			return store_prepare(s, sql);
		slot->stmt->in_use = 1;
		return slot->stmt;
	}
	struct store_stmt *r = store_prepare(s, sql);
	if (!r || s->ncache >= STORE_CACHE_SLOTS)
		return r; /* cache full: an ordinary statement */
	r->cached = 1;
	r->in_use = 1;
	slot = &s->cache[s->ncache++];
	slot->hash = h;
	slot->sql = xstrdup(sql);
	slot->stmt = r;
	return r;
}

int store_end_work(struct store *s)
{
	int n = 0;
	for (sqlite3_stmt *st = sqlite3_next_stmt(s->db, NULL); st;
	     st = sqlite3_next_stmt(s->db, st)) {
		if (sqlite3_stmt_busy(st)) {
			sqlite3_reset(st);
			n++;
		}
	}
	for (size_t i = 0; i < s->ncache; i++) {
		struct store_stmt *c = s->cache[i].stmt;
		if (c->in_use) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			c->in_use = 0;
			n++;
		}
	}
	if (!sqlite3_get_autocommit(s->db)) {
		(void)store_rollback(s);
		n++;
	}
	return n;
}

int64_t store_data_version_seen(struct store *s)
{
	unsigned int v = 0;
	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK) {
		set_err(s, "data version");
		return -1;
	}
	return (int64_t)v;
}

int64_t store_data_version(struct store *s)
{
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

int store_bind_text(struct store_stmt *st, int idx, const char *v)
{
	int rc = v ? sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT)
		   : sqlite3_bind_null(st->st, idx);
	return map_rc(rc);
}

int store_bind_int(struct store_stmt *st, int idx, int64_t v)
{
	return map_rc(sqlite3_bind_int64(st->st, idx, v));
}

int store_bind_blob(struct store_stmt *st, int idx, const void *v, size_t n)
{
	return map_rc(sqlite3_bind_blob64(st->st, idx, v, n, SQLITE_TRANSIENT));
}

int store_bind_null(struct store_stmt *st, int idx)
{
	return map_rc(sqlite3_bind_null(st->st, idx));
}

int store_step(struct store_stmt *st)
{
	int rc = map_rc(sqlite3_step(st->st));
	if (rc < 0)
		set_err(st->s, "step");
	return rc;
}

int store_reset(struct store_stmt *st)
{
	sqlite3_reset(st->st);
	return map_rc(sqlite3_clear_bindings(st->st));
}

void store_finalize(struct store_stmt *st)
{
	if (!st)
		return;
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

const char *store_col_text(struct store_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st->st, col);
	return t ? (const char *)t : "";
}

int store_col_is_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t store_col_int(struct store_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

const void *store_col_blob(struct store_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(st->st, col);
	*n = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

int64_t store_last_id(struct store *s) { return sqlite3_last_insert_rowid(s->db); }
int store_changes(struct store *s) { return sqlite3_changes(s->db); }
const char *store_errmsg(struct store *s) { return s->err; }


/* ---- Backup ---- */

static void unlink_with_journal(const char *path)
{
	char j[4200];
	unlink(path);
	if ((size_t)snprintf(j, sizeof j, "%s-journal", path) < sizeof j)
		unlink(j);
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The backup API copies page 1 as it is, so the copy says "WAL" like its
 * source; switching it to a rollback journal makes it one file that opens
 * anywhere, also read-only, and needs no -wal beside it. */
static int backup_to_rollback_mode(const char *path, char *err, size_t errlen)
{
	sqlite3 *d = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_open_v2(path, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(d, "PRAGMA journal_mode = DELETE", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(st, 0), "delete") != 0) {
		snprintf(err, errlen, "%s: cannot leave WAL mode: %s", path,
			 d ? sqlite3_errmsg(d) : "cannot open");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(d);
	return rc;
}

int store_backup(struct store *s, const char *path, char *err, size_t errlen)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	int rc = STORE_ERR, made = 0;
	if (create_private(path, err, errlen) < 0)
		return STORE_ERR;
	made = 1;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, dst ? sqlite3_errmsg(dst) : "cannot open");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* All pages in one step: one read transaction on the source, hence one
	 * consistent moment; writers go on meanwhile (WAL).  Busy only while a
	 * checkpoint or recovery holds the source: wait and retry, ~10 s. */
	int r;
	for (int tries = 0;; tries++) {
		r = sqlite3_backup_step(b, -1);
		if (r == SQLITE_DONE || tries >= 200 ||
		    ((r & 0xff) != SQLITE_BUSY && (r & 0xff) != SQLITE_LOCKED))
			break;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	int fin = sqlite3_backup_finish(b);
	b = NULL;
	if (r != SQLITE_DONE || fin != SQLITE_OK) {
		snprintf(err, errlen, "backup: %s", sqlite3_errstr(r != SQLITE_DONE ? r : fin));
		goto out;
	}
	sqlite3_close(dst);
	dst = NULL;
	if (backup_to_rollback_mode(path, err, errlen) < 0)
		goto out;
	if (sync_file(path) < 0) {
		snprintf(err, errlen, "%s: cannot sync: %s", path, strerror(errno));
		goto out;
	}
	rc = STORE_OK;
out:
	if (dst)
		sqlite3_close(dst);
	if (rc != STORE_OK && made)
		unlink_with_journal(path);
	return rc;
}

int store_check(struct store *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = STORE_ERR;
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "integrity check: %s", sqlite3_errmsg(s->db));
		return STORE_ERR;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "integrity check: %s", sqlite3_errmsg(s->db));
		goto out;
	}
	const char *first = (const char *)sqlite3_column_text(st, 0);
	if (!first || strcmp(first, "ok") != 0) {
		snprintf(err, errlen, "integrity check failed: %s", first ? first : "?");
		goto out;
	}
	rc = STORE_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

/* In WAL mode every connection holds a shared lock on the "DMS" byte of the
 * -shm file for as long as it is open (offset 120 + 8, see SQLite's
 * walformat.html): a write lock on it would conflict, which F_GETLK reports
 * for locks of other processes. */
#define SHM_DMS_OFFSET 128

int store_in_use(const char *path, char *err, size_t errlen)
{
	char shm[4200];
	if ((size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm) {
		snprintf(err, errlen, "%s: path too long", path);
		return STORE_ERR;
	}
	int fd = open(shm, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* no WAL index: no connection */
		snprintf(err, errlen, "%s: %s", shm, strerror(errno));
		return STORE_ERR;
	}
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = SHM_DMS_OFFSET;
	fl.l_len = 1;
	int rc = fcntl(fd, F_GETLK, &fl);
	int e = errno;
	close(fd);
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", shm, strerror(e));
		return STORE_ERR;
	}
	return fl.l_type != F_UNLCK;
}
