/* test_store.c - the store: open rules, migrations, in-place upgrade,
 * prepared statements, transactions (issue 2). */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "store/store.h"

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
	snprintf(path, sizeof path, "%s/m.db", dir);
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
	snprintf(path, sizeof path, "%s/u.db", dir);
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
	snprintf(path, sizeof path, "%s/t.db", dir);
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

/* Issue 8 item 5 (outside probe): the database and its side files were
 * readable by every local user.  Created 0600 whatever the umask; an old
 * 0644 database is made private when opened for writing. */
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
		cmocka_unit_test(test_database_and_side_files_are_private),
		cmocka_unit_test(test_backup_copy_and_check),
		cmocka_unit_test(test_in_use_by_another_process),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
