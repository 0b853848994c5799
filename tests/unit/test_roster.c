/* test_roster.c - roster CSV format and its store mapping (issue 2). */
#include "testutil.h"

#include "core/roster.h"
#include "store/store.h"

static const char good[] =
	"code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
	"AGO,Angola,AFRICAN,1,1,1,0,1,0\n"
	"\"BOL\",\"Bolivia (Plurinational State of)\",GRULAC,1,1,1,1,1,0\n"
	"EUU,European Union,,1,1,1,1,1,0\n"
	"VAT,Holy See,WEOG,1,0,0,0,0,1\n";

static int parse(const char *csv, struct roster *r, char *err)
{
	return roster_parse_csv(csv, strlen(csv), r, err, 300);
}

static void test_parse_good(void **state)
{
	(void)state;
	struct roster r;
	char err[300];
	assert_int_equal(parse(good, &r, err), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.v[0].code, "AGO");
	assert_int_equal(r.v[0].group, GROUP_AFRICAN);
	assert_int_equal(r.v[0].instruments, INSTR_BIT(INSTR_UNTOC) | INSTR_BIT(INSTR_TIP) |
						     INSTR_BIT(INSTR_SOM));
	assert_string_equal(r.v[1].name, "Bolivia (Plurinational State of)");
	assert_int_equal(r.v[2].group, GROUP_NONE);
	assert_int_equal(r.v[3].opt_out, 1);
	assert_int_equal(roster_find(&r, "VAT"), 3);
	assert_int_equal(roster_find(&r, "XXX"), -1);
	roster_free(&r);
}

/* Each bad input is refused with a message naming its line and column. */
static void test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *csv, *want;
	} cases[] = {
		{ "", "empty file" },
		{ "code,name,group\n", "header has 3 columns" },
		{ "code,name,grp,untoc,tip,som,firearms,uncac,opt_out\n", "line 1, column 3" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "AGO,Angola,AFRICA,1,1,1,0,1,0\n", "line 2, column 3 (group): unknown regional group 'AFRICA'" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "AGO,Angola,AFRICAN,1,1,1,0,1,0\nAGO,Angola,AFRICAN,1,1,1,0,1,0\n",
		  "line 3, column 1 (code): duplicate code 'AGO' (first on line 2)" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "Ago,Angola,AFRICAN,1,1,1,0,1,0\n", "line 2, column 1 (code)" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "AGO,Angola,AFRICAN,1,yes,1,0,1,0\n", "line 2, column 5 (tip): 'yes' is not 0 or 1" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "AGO,Angola,AFRICAN,1,1,1,0,1\n", "line 2: 8 fields, expected 9" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "AGO,\"Angola,AFRICAN,1,1,1,0,1,0\n", "line 2, column 2: unterminated" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "AGO,Angola,AFRICAN,0,1,0,0,1,0\n", "line 2, column 4 (untoc)" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,extra_reviews\n"
		  "AGO,Angola,AFRICAN,1,1,1,0,1,0,0,-1\n", "line 2, column 11 (extra_reviews)" },
		{ "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		  "AGO,,AFRICAN,1,1,1,0,1,0\n", "line 2, column 2 (name): empty name" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct roster r = { 0 };
		char err[300] = "";
		if (parse(cases[i].csv, &r, err) != -1 || !strstr(err, cases[i].want))
			fail_msg("case %zu: got '%s', want '%s'", i, err, cases[i].want);
		assert_int_equal(r.n, 0);
	}
}

static void test_volunteer_and_extra_columns(void **state)
{
	(void)state;
	const char *csv =
		"code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,extra_reviews\n"
		"AGO,Angola,AFRICAN,1,1,1,0,1,0,0,2\n"
		"IRN,Iran,ASIA_PACIFIC,1,0,0,0,1,0,1,0\n"
		"TUV,Tuvalu,ASIA_PACIFIC,0,0,0,0,0,0,0,\n";
	struct roster r;
	char err[300];
	assert_int_equal(parse(csv, &r, err), 0);
	assert_int_equal(r.v[0].extra_reviews, 2);
	assert_int_equal(r.v[1].volunteer_reviewed, 1);
	assert_int_equal(r.v[2].instruments, 0);

	/* Writing and reading back gives the same roster. */
	struct buf b = { 0 };
	roster_write_csv(&r, &b);
	struct roster r2;
	assert_int_equal(roster_parse_csv(b.p, b.len, &r2, err, sizeof err), 0);
	assert_int_equal(r2.n, r.n);
	for (size_t i = 0; i < r.n; i++) {
		assert_string_equal(r.v[i].code, r2.v[i].code);
		assert_int_equal(r.v[i].instruments, r2.v[i].instruments);
		assert_int_equal(r.v[i].extra_reviews, r2.v[i].extra_reviews);
		assert_int_equal(r.v[i].volunteer_reviewed, r2.v[i].volunteer_reviewed);
	}
	buf_free(&b);
	roster_free(&r);
	roster_free(&r2);
}

static void test_write_plain_header_and_quoting(void **state)
{
	(void)state;
	struct roster r;
	char err[300];
	assert_int_equal(parse(good, &r, err), 0);
	struct buf b = { 0 };
	roster_write_csv(&r, &b);
	assert_memory_equal(b.p, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n",
			    strlen(ROSTER_CSV_HEADER) + 1);
	assert_non_null(strstr(b.p, "\nBOL,Bolivia (Plurinational State of),GRULAC,1,1,1,1,1,0\n"));
	assert_non_null(strstr(b.p, "\nEUU,European Union,,1,1,1,1,1,0\n"));
	buf_free(&b);
	roster_free(&r);
}

static struct store *group_db(char *path, size_t n, char *dir, const char *groups)
{
	char err[600];
	tu_db(path, n, dir, "r");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO regional_groups (code, ord, name_en, name_fr) VALUES (?, ?, ?, ?)");
	int ord = 0;
	for (const char *g = groups; *g; g += strlen(g) + 1) {
		store_bind_text(st, 1, g);
		store_bind_int(st, 2, ord++);
		store_bind_text(st, 3, g);
		store_bind_text(st, 4, g);
		assert_int_equal(store_step(st), STORE_DONE);
		store_reset(st);
	}
	store_finalize(st);
	static const char *const instr[] = { "untoc", "tip", "som", "firearms" };
	st = store_prepare(s, "INSERT INTO instruments (code, ord, name_en, name_fr, short_en, "
			      "short_fr, adopted, in_force) VALUES (?, ?, 'x', 'x', 'x', 'x', 'x', 'x')");
	for (int i = 0; i < 4; i++) {
		store_bind_text(st, 1, instr[i]);
		store_bind_int(st, 2, i);
		assert_int_equal(store_step(st), STORE_DONE);
		store_reset(st);
	}
	store_finalize(st);
	return s;
}

static int count_parties(struct store *s)
{
	struct store_stmt *st = store_prepare(s, "SELECT count(*) FROM parties");
	assert_int_equal(store_step(st), STORE_ROW);
	int n = (int)store_col_int(st, 0);
	store_finalize(st);
	return n;
}

static void test_save_load_roundtrip(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	struct store *s = group_db(path, sizeof path, dir,
				   "AFRICAN\0ASIA_PACIFIC\0EASTERN_EUROPEAN\0GRULAC\0WEOG\0");
	struct roster r, back;
	assert_int_equal(parse(good, &r, err), 0);
	assert_int_equal(roster_save_db(s, &r, err, sizeof err), 0);
	assert_int_equal(roster_load_db(s, &back, err, sizeof err), 0);
	assert_int_equal(back.n, 4);
	struct buf a = { 0 }, b = { 0 };
	roster_write_csv(&r, &a);
	roster_write_csv(&back, &b);
	assert_string_equal(a.p, b.p);
	/* Importing again updates in place (no duplicates). */
	assert_int_equal(roster_save_db(s, &r, err, sizeof err), 0);
	assert_int_equal(count_parties(s), 4);
	buf_free(&a);
	buf_free(&b);
	roster_free(&r);
	roster_free(&back);
	store_close(s);
	tu_rmdir(dir);
}

/* A failure on the last row leaves the database exactly as it was. */
static void test_save_is_atomic(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600];
	/* WEOG is missing from this store, so the Holy See row fails (FK). */
	struct store *s = group_db(path, sizeof path, dir, "AFRICAN\0GRULAC\0");
	struct roster r;
	assert_int_equal(parse(good, &r, err), 0);
	assert_int_equal(roster_save_db(s, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "VAT"));
	assert_int_equal(count_parties(s), 0);
	struct store_stmt *st = store_prepare(s, "SELECT count(*) FROM party_instruments");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 0);
	store_finalize(st);
	roster_free(&r);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_volunteer_and_extra_columns),
		cmocka_unit_test(test_write_plain_header_and_quoting),
		cmocka_unit_test(test_save_load_roundtrip),
		cmocka_unit_test(test_save_is_atomic),
	};
	return cmocka_run_group_tests_name("roster", tests, NULL, NULL);
}
