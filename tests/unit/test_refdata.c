/* test_refdata.c - the shipped reference data against the Procedures and
 * rules: table 1 cell by cell (appendix B1), groups, languages, workplan,
 * parties; and atomic failure on bad data (issue 2; R1, R7, R9, R11, R29,
 * R33-R35, R41, R42). */
#include "testutil.h"

#include "core/refdata.h"
#include "core/roster.h"
#include "store/store.h"

static struct store *load(char **dir, const char *datadir, int *rc, char *err)
{
	char path[512];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "r");
	struct store *s = store_open(path, STORE_CREATE, err, 600);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	*rc = refdata_load(s, datadir, err, 600);
	return s;
}

static long count(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	long n = (long)store_col_int(st, 0);
	store_finalize(st);
	return n;
}

/* Table 1 of the appendix, transcribed independently of data/table1.csv from
 * the French original (seed 000, "Tableau 1"): instrument rows in table
 * order, cluster columns in table order. */
static const char *const table1[4][4] = {
	{ "2 5 6 8* 9* 10 15 23", "24 25 29 30 31", "7 11 19 20 22 26 27 28", "12 13 14 16 17 18 21" },
	{ "3 5", "6 7 9", "11 12 13", "8 10" },
	{ "3 5 6", "8 9 14 15 16", "11 12 13", "7 10 18" },
	{ "3 5 8", "7 9 10 11 14 15", "", "6 12 13" },
};
static const char *const instr_codes[4] = { "untoc", "tip", "som", "firearms" };
static const char *const cluster_fr[4] = {
	"Incrimination et compétence",
	"Mesures de prévention, d'assistance technique, de protection et autres",
	"Détection et répression et système judiciaire",
	"Coopération internationale, entraide judiciaire et confiscation",
};

static void test_table1_cell_by_cell(void **state)
{
	(void)state;
	char *dir, err[600];
	int rc;
	struct store *s = load(&dir, RM_SRCDIR "/data", &rc, err);
	if (rc != 0)
		fail_msg("%s", err);
	struct buf out = { 0 };
	assert_int_equal(refdata_write_table1(s, &out, err, sizeof err), 0);

	/* Expected CSV built from the transcription above. */
	struct buf want = { 0 };
	buf_puts(&want, "instrument,cluster,articles\n");
	for (int i = 0; i < 4; i++)
		for (int c = 0; c < 4; c++)
			buf_printf(&want, "%s,C%d,%s\n", instr_codes[i], c + 1, table1[i][c]);
	assert_string_equal(out.p, want.p);

	/* Cluster names are the French titles of table 1 (C26: canonical). */
	struct store_stmt *st = store_prepare(s, "SELECT name_fr FROM clusters ORDER BY ord");
	for (int c = 0; c < 4; c++) {
		assert_int_equal(store_step(st), STORE_ROW);
		assert_string_equal(store_col_text(st, 0), cluster_fr[c]);
	}
	store_finalize(st);

	/* Footnote a: exactly articles 8 and 9 of the Convention. */
	assert_int_equal(count(s, "SELECT count(*) FROM cluster_articles WHERE condition = "
				  "'not_uncac' AND instrument = 'untoc' AND article IN (8, 9)"), 2);
	assert_int_equal(count(s, "SELECT count(*) FROM cluster_articles WHERE condition <> ''"), 2);
	/* Appendix B1 counts: 28, 10, 14, 12 articles. */
	assert_int_equal(count(s, "SELECT count(*) FROM cluster_articles WHERE instrument='untoc'"), 28);
	assert_int_equal(count(s, "SELECT count(*) FROM cluster_articles WHERE instrument='tip'"), 10);
	assert_int_equal(count(s, "SELECT count(*) FROM cluster_articles WHERE instrument='som'"), 14);
	assert_int_equal(count(s, "SELECT count(*) FROM cluster_articles WHERE instrument='firearms'"), 12);
	buf_free(&out);
	buf_free(&want);
	store_close(s);
	tu_rmdir(dir);
}

static void test_other_reference_tables(void **state)
{
	(void)state;
	char *dir, err[600];
	int rc;
	struct store *s = load(&dir, RM_SRCDIR "/data", &rc, err);
	if (rc != 0)
		fail_msg("%s", err);
	assert_int_equal(count(s, "SELECT count(*) FROM instruments"), 4);
	assert_int_equal(count(s, "SELECT count(*) FROM instruments WHERE name_fr = "
				  "'Protocole contre le trafic illicite de migrants par terre, air et mer'"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM regional_groups"), 5);
	assert_int_equal(count(s, "SELECT count(*) FROM languages"), 6);
	assert_int_equal(count(s, "SELECT count(*) FROM languages WHERE dir = 'rtl'"), 1);
	/* Workplan: preparatory years 1-2, then C1, C4, C3, C2 in two-year
	 * phases for cohort 1; cohorts offset by 0, 1, 2 (R34, B2.1). */
	assert_int_equal(count(s, "SELECT count(*) FROM workplan WHERE "
				  "(stage = 0 AND cluster IS NULL AND first_year = 1 AND last_year = 2) OR "
				  "(stage = 1 AND cluster = 'C1' AND first_year = 3 AND last_year = 4) OR "
				  "(stage = 2 AND cluster = 'C4' AND first_year = 5 AND last_year = 6) OR "
				  "(stage = 3 AND cluster = 'C3' AND first_year = 7 AND last_year = 8) OR "
				  "(stage = 4 AND cluster = 'C2' AND first_year = 9 AND last_year = 10)"), 5);
	assert_int_equal(count(s, "SELECT max(w.last_year + c.offset_years) FROM workplan w "
				  "CROSS JOIN cohorts c"), 12);
	store_close(s);
	tu_rmdir(dir);
}

static void test_parties(void **state)
{
	(void)state;
	char *dir, err[600];
	int rc;
	struct store *s = load(&dir, RM_SRCDIR "/data", &rc, err);
	if (rc != 0)
		fail_msg("%s", err);
	/* 193 Member States, 2 observer States, Cook Islands, Niue, the EU. */
	assert_int_equal(count(s, "SELECT count(*) FROM parties WHERE un_status = 'member'"), 193);
	assert_int_equal(count(s, "SELECT count(*) FROM parties WHERE un_status = 'observer'"), 2);
	assert_int_equal(count(s, "SELECT count(*) FROM parties WHERE code IN ('COK', 'NIU')"), 2);
	assert_int_equal(count(s, "SELECT count(*) FROM parties WHERE type = 'reio' AND "
				  "grp IS NULL AND code = 'EUU'"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM parties WHERE grp IS NULL"), 1);
	/* The Holy See, and only it, opts out (res. 9/1 footnote 2). */
	assert_int_equal(count(s, "SELECT count(*) FROM parties WHERE opt_out = 1"), 1);
	assert_int_equal(count(s, "SELECT opt_out FROM parties WHERE code = 'VAT'"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM regional_groups g WHERE NOT EXISTS "
				  "(SELECT 1 FROM parties p WHERE p.grp = g.code)"), 0);
	/* Well-known memberships. */
	assert_int_equal(count(s, "SELECT count(*) FROM parties WHERE "
				  "(code = 'KEN' AND grp = 'AFRICAN') OR (code = 'CHN' AND grp = 'ASIA_PACIFIC') OR "
				  "(code = 'POL' AND grp = 'EASTERN_EUROPEAN') OR (code = 'BRA' AND grp = 'GRULAC') OR "
				  "(code = 'FRA' AND grp = 'WEOG')"), 5);
	/* No Protocol without the Convention (Protocols art. 37). */
	assert_int_equal(count(s, "SELECT count(*) FROM party_instruments p WHERE "
				  "p.status = 'party' AND p.instrument <> 'untoc' AND NOT EXISTS "
				  "(SELECT 1 FROM party_instruments q WHERE q.party = p.party AND "
				  "q.instrument = 'untoc' AND q.status = 'party')"), 0);
	long untoc = count(s, "SELECT count(*) FROM party_instruments WHERE instrument = 'untoc' "
			      "AND status = 'party'");
	assert_true(untoc >= 185 && untoc <= 198);

	/* The roster view agrees with the tables. */
	struct roster r;
	assert_int_equal(roster_load_db(s, &r, err, sizeof err), 0);
	assert_int_equal(r.n, 198);
	long vat = roster_find(&r, "VAT");
	assert_true(vat >= 0);
	assert_int_equal(r.v[vat].opt_out, 1);
	roster_free(&r);
	store_close(s);
	tu_rmdir(dir);
}

/* Copies data/ to a temp dir, replaces one file, and checks that loading
 * fails with the file, line and column, writing nothing. */
static void check_bad_file(const char *file, const char *content, const char *want)
{
	char *tmp = tu_tmpdir(), cmd[1024], path[600];
	snprintf(cmd, sizeof cmd, "cp %s/data/*.csv %s/", RM_SRCDIR, tmp);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/%s", tmp, file);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	char *dir, err[600];
	int rc;
	struct store *s = load(&dir, tmp, &rc, err);
	assert_int_equal(rc, -1);
	if (!strstr(err, want))
		fail_msg("got '%s', want '%s'", err, want);
	assert_int_equal(count(s, "SELECT count(*) FROM instruments"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM parties"), 0);
	store_close(s);
	tu_rmdir(dir);
	tu_rmdir(tmp);
}

static void test_bad_data_is_refused_whole(void **state)
{
	(void)state;
	check_bad_file("states.csv",
		       "code,name,name_fr,type,group,untoc,tip,som,firearms,uncac,signed,opt_out,un_status\n"
		       "AGO,Angola,Angola,state,AFRICAN,1,1,1,1,1,,0,member\n"
		       "FRA,France,France,state,WESTERN,1,1,1,1,1,,0,member\n",
		       "states.csv: line 3, column 5 (group): unknown regional group 'WESTERN'");
	check_bad_file("states.csv",
		       "code,name,name_fr,type,group,untoc,tip,som,firearms,uncac,signed,opt_out,un_status\n"
		       "AGO,Angola,Angola,state,AFRICAN,1,1,1,1,1,,0,member\n"
		       "AGO,Angola,Angola,state,AFRICAN,1,1,1,1,1,,0,member\n",
		       "states.csv: line 3, column 1 (code)");
	check_bad_file("table1.csv", "instrument,cluster,articles\nuntoc,C1,2 five\n",
		       "table1.csv: line 2, column 3: 'five' is not an article number");
	check_bad_file("groups.csv", "code,ord,name\n", "groups.csv: line 1, column 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table1_cell_by_cell),
		cmocka_unit_test(test_other_reference_tables),
		cmocka_unit_test(test_parties),
		cmocka_unit_test(test_bad_data_is_refused_whole),
	};
	return cmocka_run_group_tests_name("refdata", tests, NULL, NULL);
}
