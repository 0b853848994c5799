/* store.h - the persistence interface.
 *
 * Callers see an opaque connection and prepared statements, never the SQLite
 * API, so that a PostgreSQL backend (libpq) can be added behind the same
 * functions.  Rules that keep SQL portable between the two backends:
 *   - parameters are written "?" (the libpq backend renumbers them to $n);
 *   - types: INTEGER, TEXT, BLOB only; times are ISO 8601 UTC TEXT;
 *   - no SQLite-only syntax in callers (no INSERT OR REPLACE: use
 *     INSERT ... ON CONFLICT (...) DO UPDATE, which both accept).
 *
 * A connection is used by one thread at a time; the web server opens one
 * per worker.  All values returned by store_col_*() are owned by the
 * statement and valid until the next store_step()/store_reset()/
 * store_finalize() on it. */
#ifndef RM_STORE_STORE_H
#define RM_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct store_stmt;

enum {
	STORE_CREATE = 1,      /* create the file if missing */
	STORE_MUST_BE_NEW = 2, /* fail if the file exists */
	STORE_READONLY = 4,
};

enum {
	STORE_OK = 0,
	STORE_ROW = 1,
	STORE_DONE = 2,
	STORE_ERR = -1,
	STORE_CONSTRAINT = -2, /* unique/foreign-key/check violation */
	STORE_BUSY = -3,
	STORE_UNSUPPORTED = -4, /* the backend cannot do this (see the function) */
};

/* Opens (and with STORE_CREATE creates) the database at path.  Foreign keys
 * on, WAL journal, busy timeout.  Does not migrate: call store_migrate().
 * On failure returns NULL and writes a one-line reason into err. */
struct store *store_open(const char *path, int flags, char *err, size_t errlen);
/* For a multi-threaded server, call once before the first store_open() of
 * the process: turns off the backend's process-wide allocation statistics
 * (SQLite takes a global mutex on every allocation to keep them).  Nothing
 * else changes.  Returns 0, or -1 when called too late (then harmless). */
int store_config_server(void);
void store_close(struct store *s);

/* Applies every pending migration in order, each in its own transaction.
 * Returns 0, or -1 with store_errmsg() set. */
int store_migrate(struct store *s);
/* The same, but only migrations numbered up to max_version (tests, staged
 * upgrades). */
int store_migrate_to(struct store *s, int max_version);
/* Schema version: the number of the last applied migration. */
int store_schema_version(struct store *s);
/* Highest migration number compiled into this binary. */
int store_latest_version(void);

int store_begin(struct store *s);   /* BEGIN IMMEDIATE: takes the write lock */
int store_commit(struct store *s);
int store_rollback(struct store *s);

/* Prepared statements only: there is no way to run SQL with inline values.
 * store_prepare returns NULL on error (see store_errmsg). */
struct store_stmt *store_prepare(struct store *s, const char *sql);
int store_bind_text(struct store_stmt *st, int idx, const char *v);   /* NULL binds NULL */
int store_bind_int(struct store_stmt *st, int idx, int64_t v);
int store_bind_blob(struct store_stmt *st, int idx, const void *v, size_t n);
int store_bind_null(struct store_stmt *st, int idx);
int store_step(struct store_stmt *st);          /* STORE_ROW, STORE_DONE or < 0 */
int store_reset(struct store_stmt *st);         /* also clears bindings */
void store_finalize(struct store_stmt *st);

/* A statement prepared once per connection and kept for its lifetime (hot
 * paths of the web server: parsing SQL costs more than running it).
 * Ownership: the connection owns the statement; store_close() finalizes
 * it.  The caller uses it like any other and MUST end each use with
 * store_finalize(), which for a cached statement only resets it and clears
 * its bindings (ending its read transaction) so that the next call gets it
 * back.  sql is matched by content (callers may pass any buffer).
 * While one use is not finished, a second request for the same SQL on the
 * same connection gets an ordinary private statement, as store_prepare;
 * so does any request once the cache (48 statements) is full.  Returns
 * NULL on error (see store_errmsg). */
struct store_stmt *store_prepare_cached(struct store *s, const char *sql);
/* Ends whatever a unit of work (one HTTP request) left open on the
 * connection: resets every statement still running, releases every cached
 * statement not given back with store_finalize(), and rolls back an
 * unfinished transaction, so that no read snapshot or lock outlives the
 * work.  Statements from store_prepare() stay the caller's to finalize.
 * Returns how many things it had to end: 0 when the caller cleaned up
 * after itself, as it should (anything else is a bug worth logging). */
int store_end_work(struct store *s);
/* A number that changes whenever the database content may have changed,
 * whether by this connection or by any other connection or process (PRAGMA
 * data_version combined with this connection's change count); -1 on
 * error.  Lets callers keep per-connection caches of derived data. */
int64_t store_data_version(struct store *s);
/* The same without any I/O: the version of the database as this connection
 * last saw it, i.e. as of its most recent statement (a read or a write,
 * its own or, through the read, another connection's commit), -1 on error.
 * Only as fresh as that statement: callers that need "now" run a query on
 * the connection first (the web server's authentication look-up does, at
 * the start of every request). */
int64_t store_data_version_seen(struct store *s);
const char *store_col_text(struct store_stmt *st, int col); /* never NULL: "" */
int store_col_is_null(struct store_stmt *st, int col);
int64_t store_col_int(struct store_stmt *st, int col);
const void *store_col_blob(struct store_stmt *st, int col, size_t *n);

/* Runs a parameterless statement (DDL, pragmas) to completion. */
int store_exec(struct store *s, const char *sql);
int64_t store_last_id(struct store *s);
int store_changes(struct store *s);

/* Runs a query whose first column of its first row is a count, with at
 * most one text parameter (arg NULL: none), through the statement cache.
 * Returns the count, or -1 on an error.  Written once over the functions
 * above (store_util.c), so every backend has it. */
long long store_count(struct store *s, const char *sql, const char *arg);
const char *store_errmsg(struct store *s);

/* ---- Backup (issue 8 item 7).  Files the backend creates (the database,
 * its side files, backups) are mode 0600: only the owner may read them; a
 * read-write store_open() also takes group and others' rights away from an
 * existing database and its side files (SQLite: -wal, -shm). */

/* Writes a consistent copy of the whole database of s, as of one moment,
 * into a new file at path (which must not exist), mode 0600, one
 * self-contained file (SQLite: rollback journal mode, no -wal), synced to
 * disk.  Other connections and processes keep reading and writing
 * meanwhile (SQLite: the online backup API in one step, a read snapshot).
 * The caller renames the file into place.  On failure nothing is left at
 * path.  Returns 0; STORE_UNSUPPORTED for a backend whose database is not a
 * file (PostgreSQL: use pg_dump / pg_restore), with that said in err; or
 * STORE_ERR with a one-line reason in err. */
int store_backup(struct store *s, const char *path, char *err, size_t errlen);
/* Checks the backend's own consistency of the database (SQLite: PRAGMA
 * integrity_check).  Returns 0, STORE_UNSUPPORTED, or STORE_ERR with the
 * first problem in err. */
int store_check(struct store *s, char *err, size_t errlen);
/* Whether another process has the database at path open (SQLite, WAL: a
 * lock on its -shm file).  Returns 1 in use, 0 not, STORE_UNSUPPORTED
 * when the backend cannot tell, or STORE_ERR with err set.  Only an answer
 * of that moment: callers that replace the file do so at once. */
int store_in_use(const char *path, char *err, size_t errlen);

#endif
