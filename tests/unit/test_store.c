/* test_store.c - the store: open rules, migrations, in-place upgrade,
 * prepared statements, transactions (issue 2). */
#include "testutil.h"

#include "store/store.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_and_not_a_database),
		cmocka_unit_test(test_migrate_is_idempotent_and_recorded),
		cmocka_unit_test(test_upgrade_in_place_keeps_data),
		cmocka_unit_test(test_transactions_and_constraints),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
