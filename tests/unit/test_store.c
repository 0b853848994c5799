/* test_store.c - the store: open rules, migrations, in-place upgrade,
 * prepared statements, transactions (issue 2). */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "store/store.h"

/* PostgreSQL: the URL rules of store_open() (issue 11). */
static void test_open_pg(void)
{
	char *dir = tu_tmpdir(), url[512], err[600];
	const char *base = tu_pg();
	const char *host = strstr(base, "@");
	/* A password in the URL is refused, and never echoed. */
	snprintf(url, sizeof url, "postgresql://revmech:s3cret%s", host);
	assert_null(store_open(url, 0, err, sizeof err));
	assert_non_null(strstr(err, "PGPASSFILE"));
	assert_null(strstr(err, "s3cret"));
	snprintf(url, sizeof url, "%s?password=s3cret", base);
	assert_null(store_open(url, 0, err, sizeof err));
	assert_null(strstr(err, "s3cret"));
	/* A database that does not exist. */
	const char *slash = strrchr(base, '/');
	snprintf(url, sizeof url, "%.*s/no_such_db", (int)(slash - base), base);
	assert_null(store_open(url, 0, err, sizeof err));
	assert_non_null(strstr(err, "no_such_db"));
	/* STORE_MUST_BE_NEW: an existing database must hold no table. */
	tu_db(url, sizeof url, dir, "new");
	struct store *s = store_open(url, STORE_CREATE | STORE_MUST_BE_NEW, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_backend(s), STORE_BACKEND_PG);
	assert_int_equal(store_migrate_to(s, 1), 0);
	store_close(s);
	assert_null(store_open(url, STORE_CREATE | STORE_MUST_BE_NEW, err, sizeof err));
	assert_non_null(strstr(err, "not empty"));

	/* A lost connection is opened again: the statement that meets the
	 * loss fails, its transaction is not committed, the next one works. */
	struct store *a = store_open(url, 0, err, sizeof err), *b = store_open(url, 0, err, sizeof err);
	assert_non_null(a);
	assert_non_null(b);
	static const char q[] = "SELECT count(*) FROM schema_migrations";
	struct store_stmt *st = store_prepare_cached(a, q);
	assert_int_equal(store_step(st), STORE_ROW);
	store_finalize(st);
	st = store_prepare(a, "SELECT pg_backend_pid()");
	assert_int_equal(store_step(st), STORE_ROW);
	int64_t pid = store_col_int(st, 0);
	store_finalize(st);
	assert_int_equal(store_begin(a), 0);
	st = store_prepare(b, "SELECT pg_terminate_backend(CAST(? AS INTEGER))");
	store_bind_int(st, 1, pid);
	assert_int_equal(store_step(st), STORE_ROW);
	store_finalize(st);
	usleep(200000);
	st = store_prepare_cached(a, q);
	if (st) { /* the loss may show at prepare or at step */
		assert_true(store_step(st) < 0);
		store_finalize(st);
	}
	assert_true(store_commit(a) < 0);
	st = store_prepare_cached(a, q);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 1);
	store_finalize(st);
	assert_true(store_data_version(a) >= 0);
	assert_int_equal(store_end_work(a), 0);
	store_close(a);
	store_close(b);
	tu_rmdir(dir);
}

static int mode_of(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) < 0)
		return -1;
	return (int)(sb.st_mode & 0777);
}

static long long count_rows(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	long long n = store_col_int(st, 0);
	store_finalize(st);
	return n;
}

static void insert_group(struct store *s, const char *code, int ord)
{
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO regional_groups (code, ord, name_en, name_fr) VALUES (?, ?, ?, ?)");
	assert_non_null(st);
	store_bind_text(st, 1, code);
	store_bind_int(st, 2, ord);
	store_bind_text(st, 3, code);
	store_bind_text(st, 4, code);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

static void test_open_missing_and_not_a_database(void **state)
{
	(void)state;
	if (tu_pg()) {
		test_open_pg();
		return;
	}
	char *dir = tu_tmpdir(), path[512], err[600];
	snprintf(path, sizeof path, "%s/none.db", dir);
	assert_null(store_open(path, 0, err, sizeof err));
	assert_non_null(strstr(err, "no such database"));

	snprintf(path, sizeof path, "%s/junk.db", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a database, just text long enough to have a header......\n", f);
	fclose(f);
	assert_null(store_open(path, 0, err, sizeof err));
	assert_true(strlen(err) > 0);
	assert_null(store_open(path, STORE_CREATE | STORE_MUST_BE_NEW, err, sizeof err));
	assert_non_null(strstr(err, "already exists"));
	tu_rmdir(dir);
}

static void test_migrate_is_idempotent_and_recorded(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	tu_db(path, sizeof path, dir, "m");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_schema_version(s), 0);
	assert_int_equal(store_migrate(s), 0);
	assert_int_equal(store_schema_version(s), store_latest_version());
	assert_int_equal(store_migrate(s), 0);

	struct store_stmt *st = store_prepare(s, "SELECT count(*) FROM schema_migrations");
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_true(store_col_int(st, 0) >= 1);
	store_finalize(st);
	store_close(s);
	tu_rmdir(dir);
}

/* A database made by an older build (only migration 1 applied) is upgraded in
 * place by store_migrate(), keeping its rows. */
static void test_upgrade_in_place_keeps_data(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	tu_db(path, sizeof path, dir, "u");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate_to(s, 1), 0);
	assert_int_equal(store_schema_version(s), 1);
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO regional_groups (code, ord, name_en, name_fr) VALUES (?, ?, ?, ?)");
	assert_non_null(st);
	store_bind_text(st, 1, "AFRICAN");
	store_bind_int(st, 2, 0);
	store_bind_text(st, 3, "African States");
	store_bind_text(st, 4, "Groupe des États d'Afrique");
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	store_close(s);

	s = store_open(path, 0, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	assert_int_equal(store_schema_version(s), store_latest_version());
	st = store_prepare(s, "SELECT name_fr FROM regional_groups WHERE code = ?");
	assert_non_null(st);
	store_bind_text(st, 1, "AFRICAN");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_string_equal(store_col_text(st, 0), "Groupe des États d'Afrique");
	store_finalize(st);
	st = store_prepare(s, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_true(store_col_int(st, 0) >= 1);
	store_finalize(st);
	store_close(s);
	tu_rmdir(dir);
}

static void test_transactions_and_constraints(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	tu_db(path, sizeof path, dir, "t");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);

	struct store_stmt *ins = store_prepare(s,
		"INSERT INTO languages (code, ord, name_en, name_fr, native, dir) "
		"VALUES (?, ?, 'x', 'x', 'x', ?)");
	assert_non_null(ins);
	assert_int_equal(store_begin(s), 0);
	store_bind_text(ins, 1, "en");
	store_bind_int(ins, 2, 1);
	store_bind_text(ins, 3, "ltr");
	assert_int_equal(store_step(ins), STORE_DONE);
	store_reset(ins);
	assert_int_equal(store_rollback(s), 0);

	/* CHECK constraint: dir must be ltr or rtl. */
	store_bind_text(ins, 1, "xx");
	store_bind_int(ins, 2, 2);
	store_bind_text(ins, 3, "sideways");
	assert_int_equal(store_step(ins), STORE_CONSTRAINT);
	store_reset(ins);

	/* Foreign keys are enforced. */
	struct store_stmt *fk = store_prepare(s,
		"INSERT INTO parties (code, name, grp) VALUES ('ABC', 'x', 'NOPE')");
	assert_non_null(fk);
	assert_int_equal(store_step(fk), STORE_CONSTRAINT);
	store_finalize(fk);

	struct store_stmt *cnt = store_prepare(s, "SELECT count(*) FROM languages");
	assert_int_equal(store_step(cnt), STORE_ROW);
	assert_int_equal(store_col_int(cnt, 0), 0);
	store_finalize(cnt);
	store_finalize(ins);

	/* Bad SQL is reported, not run. */
	assert_null(store_prepare(s, "SELEC nonsense"));
	assert_true(strlen(store_errmsg(s)) > 0);
	store_close(s);
	tu_rmdir(dir);
}

/* Every migration applies on this backend from an empty database and from
 * each earlier version, and the result is the same schema: the same tables
 * with the same columns (issue 11: one dialect for both backends). */
static int64_t schema_shape(struct store *s)
{
	static const char *const q[] = {
		"SELECT count(*), COALESCE(SUM(length(name)), 0) FROM sqlite_master "
		"WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
		"SELECT count(*), COALESCE(SUM(length(table_name)), 0) "
		"FROM information_schema.tables WHERE table_schema = current_schema()",
	};
	struct store_stmt *st = store_prepare(s, q[store_backend(s) == STORE_BACKEND_PG]);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	int64_t v = store_col_int(st, 0) * 100000 + store_col_int(st, 1);
	store_finalize(st);
	return v;
}

static void test_every_migration_from_each_version(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600], name[16];
	int latest = store_latest_version();
	int64_t shape = -1;
	/* The versions that exist (numbers may leave gaps): read from a
	 * database migrated in full. */
	int versions[256], nv = 1;
	versions[0] = 0;
	tu_db(path, sizeof path, dir, "migall");
	struct store *all = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(all);
	assert_int_equal(store_migrate(all), 0);
	struct store_stmt *vs = store_prepare(all, "SELECT version FROM schema_migrations ORDER BY version");
	assert_non_null(vs);
	while (store_step(vs) == STORE_ROW && nv < 256)
		versions[nv++] = (int)store_col_int(vs, 0);
	store_finalize(vs);
	store_close(all);
	assert_int_equal(versions[nv - 1], latest);
	for (int vi = 0; vi < nv; vi++) {
		int from = versions[vi];
		snprintf(name, sizeof name, "mig%d", from);
		tu_db(path, sizeof path, dir, name);
		struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
		assert_non_null(s);
		if (from > 0) {
			assert_int_equal(store_migrate_to(s, from), 0);
			assert_int_equal(store_schema_version(s), from);
			store_close(s);
			s = store_open(path, 0, err, sizeof err); /* a later run */
			assert_non_null(s);
		}
		if (store_migrate(s) != 0)
			fail_msg("from version %d: %s", from, store_errmsg(s));
		assert_int_equal(store_schema_version(s), latest);
		struct store_stmt *st = store_prepare(s, "SELECT count(*) FROM schema_migrations");
		assert_int_equal(store_step(st), STORE_ROW);
		assert_int_equal(store_col_int(st, 0), nv - 1);
		store_finalize(st);
		int64_t sh = schema_shape(s);
		if (shape >= 0)
			assert_true(sh == shape);
		shape = sh;
		/* The audit log is append-only on both backends. */
		assert_int_equal(store_exec(s, "INSERT INTO audit_log (at, actor, ip, action) "
					       "VALUES ('2026-01-01T00:00:00Z', '-', '::1', 't')"), 0);
		assert_int_equal(store_exec(s, "UPDATE audit_log SET actor = 'x'"), -1);
		assert_int_equal(store_exec(s, "DELETE FROM audit_log"), -1);
		store_close(s);
	}
	tu_rmdir(dir);
}

/* "?" inside literals and quoted names is not a parameter; row ids. */
static void test_parameters_and_row_ids(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	tu_db(path, sizeof path, dir, "p");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	struct store_stmt *st = store_prepare(s, "SELECT '?''?' || CAST(? AS TEXT), -- ?\n"
					      "CAST(? AS BIGINT) + 1");
	assert_non_null(st);
	assert_int_equal(store_bind_text(st, 1, "x"), STORE_OK);
	assert_int_equal(store_bind_int(st, 2, 4000000000LL), STORE_OK);
	assert_true(store_bind_int(st, 3, 1) < 0); /* only two parameters */
	assert_int_equal(store_step(st), STORE_ROW);
	assert_string_equal(store_col_text(st, 0), "?'?x");
	assert_true(store_col_int(st, 1) == 4000000001LL);
	store_finalize(st);
	st = store_prepare(s, "INSERT INTO login_failures (email, ip, at) VALUES (?, '::1', ?)");
	for (int i = 1; i <= 3; i++) {
		store_bind_text(st, 1, "a@example.org");
		store_bind_text(st, 2, "2026-01-01T00:00:00Z");
		assert_int_equal(store_step(st), STORE_DONE);
		assert_int_equal(store_changes(s), 1);
		assert_int_equal(store_last_id(s), i);
		store_reset(st);
	}
	store_finalize(st);
	store_close(s);
	tu_rmdir(dir);
}

/* Transactions exclude each other (SQLite's BEGIN IMMEDIATE; PostgreSQL's
 * advisory lock): a second one waits, then gives STORE_BUSY after the busy
 * timeout (5 s on both), and starts once the first has ended. */
static void test_busy_when_write_locked(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	tu_db(path, sizeof path, dir, "b");
	struct store *a = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(a);
	assert_int_equal(store_migrate(a), 0);
	struct store *b = store_open(path, 0, err, sizeof err);
	assert_non_null(b);
	assert_int_equal(store_begin(a), 0);
	time_t t0 = time(NULL);
	assert_int_equal(store_begin(b), STORE_BUSY);
	assert_true(time(NULL) - t0 >= 4);
	assert_true(strlen(store_errmsg(b)) > 0);
	assert_int_equal(store_rollback(a), 0);
	assert_int_equal(store_begin(b), 0);
	assert_int_equal(store_commit(b), 0);
	store_close(a);
	store_close(b);
	tu_rmdir(dir);
}

static void test_database_and_side_files_are_private(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], side[600], err[600];
	mode_t old = umask(022);
	snprintf(path, sizeof path, "%s/p.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	insert_group(s, "G1", 1);
	assert_int_equal(mode_of(path), 0600);
	/* While the connection is open its WAL and WAL index exist. */
	snprintf(side, sizeof side, "%s-wal", path);
	assert_int_equal(mode_of(side), 0600);
	snprintf(side, sizeof side, "%s-shm", path);
	assert_int_equal(mode_of(side), 0600);
	store_close(s);

	assert_int_equal(chmod(path, 0644), 0);
	s = store_open(path, STORE_READONLY, err, sizeof err);
	assert_non_null(s);
	store_close(s);
	assert_int_equal(mode_of(path), 0644); /* a reader changes nothing */
	s = store_open(path, 0, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(mode_of(path), 0600);
	store_close(s);
	umask(old);
	tu_rmdir(dir);
}

/* Issue 10 (durability): every write connection commits with the WAL
 * fsynced (synchronous = FULL, 2), so an acknowledged write survives a
 * power loss or an OS crash, not only the process being killed. */
static void test_commits_are_synchronous(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	snprintf(path, sizeof path, "%s/f.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(count_rows(s, "PRAGMA synchronous"), 2);
	store_close(s);
	s = store_open(path, 0, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(count_rows(s, "PRAGMA synchronous"), 2);
	store_close(s);
	tu_rmdir(dir);
}

/* Frames in the WAL now: the second column of PRAGMA wal_checkpoint,
 * which checkpoints them too (so: the measure ends a test's phase). */
static long long wal_frames(struct store *s)
{
	struct store_stmt *st = store_prepare(s, "PRAGMA wal_checkpoint(PASSIVE)");
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	long long n = store_col_int(st, 1);
	store_finalize(st);
	return n;
}

static void commits(struct store *s, int n)
{
	for (int i = 0; i < n; i++) {
		assert_int_equal(store_begin(s), 0);
		assert_int_equal(store_exec(s, "INSERT INTO w (b) VALUES (randomblob(3000))"), 0);
		assert_int_equal(store_commit(s), 0);
	}
}

/* Issue 10 bench: the WAL checkpoint runs after the commit released the
 * process's write lock, not inside it, and still keeps the WAL near 1,000
 * pages; deferred (the group commit's leader), it waits for
 * store_checkpoint().  Each commit here writes at least one page. */
static void test_checkpoint_after_commit_and_deferred(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	snprintf(path, sizeof path, "%s/w.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_exec(s, "CREATE TABLE w (id INTEGER PRIMARY KEY, b BLOB)"), 0);
	wal_frames(s);
	commits(s, 1500);
	long long n = wal_frames(s);
	if (n >= 1000 + 50)
		fail_msg("no checkpoint in 1,500 commits: %lld frames in the WAL", n);
	/* Deferred: the WAL grows past 1,000 pages... */
	store_checkpoint_defer(s, 1);
	commits(s, 1500);
	n = wal_frames(s);
	if (n < 1500)
		fail_msg("a deferred checkpoint ran: %lld frames in the WAL", n);
	/* ...until store_checkpoint(): the next commits start the WAL afresh. */
	commits(s, 1100);
	assert_int_equal(store_checkpoint(s), 0);
	store_checkpoint_defer(s, 0);
	commits(s, 10);
	n = wal_frames(s);
	if (n >= 100)
		fail_msg("store_checkpoint() left %lld frames", n);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM w"), 4110);
	store_close(s);
	tu_rmdir(dir);
}

/* store_backup(): a snapshot of one moment, one private self-contained
 * file, never a half file; store_check() finds a damaged page. */
static void test_backup_copy_and_check(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], out[512], err[600];
	snprintf(path, sizeof path, "%s/b.db", dir);
	snprintf(out, sizeof out, "%s/copy.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	insert_group(s, "G1", 1);
	insert_group(s, "G2", 2);
	/* The rows are in the WAL, not yet in the database file. */
	assert_int_equal(store_backup(s, out, err, sizeof err), 0);
	assert_int_equal(mode_of(out), 0600);
	/* A second backup onto an existing file is refused, the file kept. */
	assert_int_equal(store_backup(s, out, err, sizeof err), STORE_ERR);
	assert_non_null(strstr(err, "cannot create"));
	insert_group(s, "G3", 3); /* after the copy: not in it */
	store_close(s);

	/* Rollback mode (file format bytes 18-19 are 1): no -wal needed. */
	unsigned char hdr[20];
	FILE *f = fopen(out, "rb");
	assert_non_null(f);
	assert_int_equal(fread(hdr, 1, sizeof hdr, f), sizeof hdr);
	fclose(f);
	assert_int_equal(hdr[18], 1);
	assert_int_equal(hdr[19], 1);

	struct store *c = store_open(out, STORE_READONLY, err, sizeof err);
	assert_non_null(c);
	assert_int_equal(store_schema_version(c), store_latest_version());
	assert_int_equal(count_rows(c, "SELECT count(*) FROM regional_groups"), 2);
	assert_int_equal(store_check(c, err, sizeof err), 0);
	store_close(c);

	/* Damage the first page after the schema page: the check says so. */
	int fd = open(out, O_WRONLY);
	assert_true(fd >= 0);
	unsigned char junk[512];
	memset(junk, 0xA5, sizeof junk);
	for (off_t at = 4096; at < 4096 * 6; at += 4096)
		assert_int_equal(pwrite(fd, junk, sizeof junk, at), (ssize_t)sizeof junk);
	close(fd);
	c = store_open(out, STORE_READONLY, err, sizeof err);
	assert_non_null(c); /* page 1 (the schema) is intact */
	assert_int_equal(store_check(c, err, sizeof err), STORE_ERR);
	assert_non_null(strstr(err, "integrity check failed"));
	store_close(c);
	tu_rmdir(dir);
}

/* store_in_use(): another process with the database open is seen (its
 * lock on the WAL index), and no longer once it has gone. */
static void test_in_use_by_another_process(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	snprintf(path, sizeof path, "%s/u.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	store_close(s);
	assert_int_equal(store_in_use(path, err, sizeof err), 0);

	int up[2], down[2];
	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char e[600], b = 0;
		struct store *cs = store_open(path, 0, e, sizeof e);
		int ok = cs && store_schema_version(cs) > 0;
		if (write(up[1], ok ? "y" : "n", 1) != 1 || read(down[0], &b, 1) < 0)
			ok = 0;
		store_close(cs);
		_exit(ok ? 0 : 1);
	}
	char b = 0;
	assert_int_equal(read(up[0], &b, 1), 1);
	assert_int_equal(b, 'y');
	assert_int_equal(store_in_use(path, err, sizeof err), 1);
	assert_int_equal(write(down[1], "x", 1), 1);
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(store_in_use(path, err, sizeof err), 0);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_and_not_a_database),
		cmocka_unit_test(test_migrate_is_idempotent_and_recorded),
		cmocka_unit_test(test_upgrade_in_place_keeps_data),
		cmocka_unit_test(test_transactions_and_constraints),
		cmocka_unit_test(test_every_migration_from_each_version),
		cmocka_unit_test(test_parameters_and_row_ids),
		cmocka_unit_test(test_busy_when_write_locked),
		cmocka_unit_test(test_database_and_side_files_are_private),
		cmocka_unit_test(test_backup_copy_and_check),
		cmocka_unit_test(test_in_use_by_another_process),
		cmocka_unit_test(test_commits_are_synchronous),
		cmocka_unit_test(test_checkpoint_after_commit_and_deferred),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
