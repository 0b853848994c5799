/* test_names.c - State names in the six languages and lists sorted by each
 * language's collation (issue 8, item 3; R11: the six working languages).
 * Checks the shipped data (every party named in every language, known UN
 * names, the cells marked "icu" really are ICU's), the fallback to
 * English, ICU collation against code and byte order, concurrent use from
 * threads, and the loading paths (bad files, upgrade, roster rename). */
#include "testutil.h"

#include <pthread.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "core/names.h"
#include "core/refdata.h"
#include "core/roster.h"
#include "store/store.h"

static const char *const langs[6] = { "ar", "zh", "en", "fr", "ru", "es" };

/* A fresh store with the shipped reference data (or datadir's). */
static struct store *open_loaded(char **dir, const char *datadir, int *rc, char *err)
{
	char path[512];
	*dir = tu_tmpdir();
	snprintf(path, sizeof path, "%s/n.db", *dir);
	struct store *s = store_open(path, STORE_CREATE, err, 600);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	*rc = refdata_load(s, datadir, err, 600);
	return s;
}

static struct store *open_data(char **dir)
{
	char err[600];
	int rc;
	struct store *s = open_loaded(dir, RM_SRCDIR "/data", &rc, err);
	if (rc != 0)
		fail_msg("refdata_load: %s", err);
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

static void expect_name(struct store *s, const char *code, const char *lang, const char *want)
{
	char out[256];
	int rc = refdata_state_name(s, code, lang, out, sizeof out);
	if (rc != 0 || strcmp(out, want))
		fail_msg("%s in %s: got %d '%s', want 0 '%s'", code, lang, rc, out, want);
}

static void test_every_party_named_in_six_languages(void **state)
{
	(void)state;
	char *dir, out[256];
	struct store *s = open_data(&dir);
	long parties = count(s, "SELECT count(*) FROM parties");
	assert_int_equal(parties, 198);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names"), 6 * parties);
	struct store_stmt *st = store_prepare(s, "SELECT code FROM parties ORDER BY code");
	long seen = 0;
	while (store_step(st) == STORE_ROW) {
		for (int l = 0; l < 6; l++) {
			int rc = refdata_state_name(s, store_col_text(st, 0), langs[l], out, sizeof out);
			if (rc != 0 || !out[0])
				fail_msg("%s has no %s name (rc %d)", store_col_text(st, 0), langs[l], rc);
		}
		seen++;
	}
	store_finalize(st);
	assert_int_equal(seen, parties);
	/* parties.name and name_fr are what existing code reads: still equal. */
	assert_int_equal(count(s, "SELECT count(*) FROM parties p JOIN party_names n ON "
				  "n.party = p.code AND ((n.lang = 'en' AND n.name = p.name) OR "
				  "(n.lang = 'fr' AND n.name = p.name_fr))"), 2 * parties);
	/* Where each name comes from (the counts of docs/data-states.md). */
	assert_int_equal(count(s, "SELECT count(*) FROM party_names WHERE source NOT IN "
				  "('un', 'icu')"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names WHERE source = 'icu' "
				  "AND lang IN ('en', 'fr')"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names WHERE source = 'icu'"), 7);
	store_close(s);
	tu_rmdir(dir);
}

static void test_known_names(void **state)
{
	(void)state;
	char *dir;
	struct store *s = open_data(&dir);
	expect_name(s, "FRA", "ar", "فرنسا");
	expect_name(s, "FRA", "zh", "法国");
	expect_name(s, "FRA", "ru", "Франция");
	expect_name(s, "FRA", "es", "Francia");
	expect_name(s, "FRA", "fr", "France");
	expect_name(s, "CIV", "en", "Côte d'Ivoire");
	expect_name(s, "CIV", "fr", "Côte d'Ivoire");
	expect_name(s, "CIV", "es", "Côte d'Ivoire");
	expect_name(s, "CIV", "ru", "Кот-д'Ивуар");
	expect_name(s, "CIV", "zh", "科特迪瓦");
	expect_name(s, "CIV", "ar", "كوت ديفوار");
	/* The long UN forms, not ICU's colloquial ones. */
	expect_name(s, "RUS", "ru", "Российская Федерация");
	expect_name(s, "GBR", "zh", "大不列颠及北爱尔兰联合王国");
	expect_name(s, "GBR", "es", "Reino Unido de Gran Bretaña e Irlanda del Norte");
	expect_name(s, "BOL", "es", "Bolivia (Estado Plurinacional de)");
	expect_name(s, "IRN", "ar", "إيران (جمهورية - الإسلامية)");
	expect_name(s, "VAT", "ru", "Святейший Престол");
	expect_name(s, "PSE", "zh", "巴勒斯坦国");
	/* A party that is not a State: the European Union. */
	expect_name(s, "EUU", "en", "European Union");
	expect_name(s, "EUU", "fr", "Union européenne");
	expect_name(s, "EUU", "es", "Unión Europea");
	expect_name(s, "EUU", "ru", "Европейский союз");
	expect_name(s, "EUU", "zh", "欧洲联盟");
	expect_name(s, "EUU", "ar", "الاتحاد الأوروبي");
	store_close(s);
	tu_rmdir(dir);
}

/* ICU's name of alpha-3 code a3 in lang, found as the generator finds it. */
static int icu_name(const char *a3, const char *lang, char *out, size_t outlen)
{
	const char *a2 = !strcmp(a3, "EUU") ? "EU" : NULL;
	for (const char *const *c = uloc_getISOCountries(); !a2 && *c; c++) {
		char loc[16];
		snprintf(loc, sizeof loc, "und_%s", *c);
		if (!strcmp(uloc_getISO3Country(loc), a3))
			a2 = *c;
	}
	if (!a2)
		return -1;
	char loc[16];
	UChar u[256];
	UErrorCode st = U_ZERO_ERROR;
	snprintf(loc, sizeof loc, "und_%s", a2);
	int32_t n = uloc_getDisplayCountry(loc, lang, u, 256, &st);
	if (U_FAILURE(st))
		return -1;
	st = U_ZERO_ERROR;
	u_strToUTF8(out, (int32_t)outlen, NULL, u, n, &st);
	return U_FAILURE(st) ? -1 : 0;
}

/* A cell marked "icu" must hold exactly ICU's name; a cell marked "un"
 * that ICU happens to agree with is fine, but the file must not pass ICU
 * names off as UN names where they are known to differ. */
static void test_icu_cells_are_icu_names(void **state)
{
	(void)state;
	char *dir, want[512];
	struct store *s = open_data(&dir);
	struct store_stmt *st = store_prepare(s,
		"SELECT party, lang, name FROM party_names WHERE source = 'icu' ORDER BY 1, 2");
	int n = 0;
	while (store_step(st) == STORE_ROW) {
		const char *code = store_col_text(st, 0), *lang = store_col_text(st, 1);
		assert_int_equal(icu_name(code, lang, want, sizeof want), 0);
		if (strcmp(want, store_col_text(st, 2)))
			fail_msg("%s %s marked icu: '%s', ICU says '%s' (run "
				 "scripts/gen-state-names.py)", code, lang, store_col_text(st, 2), want);
		n++;
	}
	store_finalize(st);
	assert_true(n > 0);
	/* ICU's short forms differ from the UN's: the file keeps the UN's. */
	assert_int_equal(icu_name("RUS", "ru", want, sizeof want), 0);
	assert_string_equal(want, "Россия");
	assert_int_equal(count(s, "SELECT count(*) FROM party_names WHERE party = 'RUS' AND "
				  "lang = 'ru' AND source = 'un' AND name <> 'Россия'"), 1);
	store_close(s);
	tu_rmdir(dir);
}

static void test_fallback_to_english(void **state)
{
	(void)state;
	char *dir, out[256];
	struct store *s = open_data(&dir);
	static const char *const bad[] = { "de", "", "EN", "fr_FR", "zh-Hans" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(refdata_state_name(s, "DEU", bad[i], out, sizeof out), 1);
		assert_string_equal(out, "Germany");
	}
	assert_int_equal(refdata_state_name(s, "DEU", NULL, out, sizeof out), -1);
	/* Not a party: -1 and an empty name. */
	assert_int_equal(refdata_state_name(s, "XKX", "fr", out, sizeof out), -1);
	assert_string_equal(out, "");
	assert_int_equal(refdata_state_name(s, "", "fr", out, sizeof out), -1);
	/* A short buffer cuts between characters, never inside one. */
	assert_int_equal(refdata_state_name(s, "RUS", "ru", out, 6), 0);
	assert_string_equal(out, "Ро");
	assert_int_equal(refdata_state_name(s, "RUS", "ru", out, 2), 0);
	assert_string_equal(out, "");
	/* A party the roster added later has English only: the fallback. */
	assert_int_equal(store_exec(s, "INSERT INTO parties (code, name) VALUES "
				       "('XYZ', 'Newland')"), 0);
	assert_int_equal(refdata_state_name(s, "XYZ", "zh", out, sizeof out), 1);
	assert_string_equal(out, "Newland");
	store_close(s);
	tu_rmdir(dir);
}

/* Sorts codes by their names in lang and checks the order. */
static void expect_codes_sorted(struct store *s, const char *lang, const char **codes, size_t n,
				const char *want)
{
	char got[256] = "";
	size_t len = 0;
	assert_int_equal(names_sort_codes(s, lang, codes, n), 0);
	for (size_t i = 0; i < n && len < sizeof got; i++)
		len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "", codes[i]);
	if (strcmp(got, want))
		fail_msg("%s: got '%s', want '%s'", lang, got, want);
}

static void test_sorted_by_collation_not_code(void **state)
{
	(void)state;
	char *dir;
	struct store *s = open_data(&dir);
	/* French ignores accents at first: É sorts with E (Égypte, Émirats,
	 * Équateur, Érythrée, Espagne, Estonie, États-Unis, Éthiopie), where
	 * code order is ARE ECU EGY ERI ESP EST ETH USA and byte order would
	 * put every É after Z. */
	const char *fr[] = { "USA", "ETH", "ESP", "ERI", "EST", "EGY", "ECU", "ARE" };
	expect_codes_sorted(s, "fr", fr, 8, "EGY ARE ECU ERI ESP EST USA ETH");
	/* English: Ecuador, Egypt, Eritrea, Estonia, Ethiopia, Spain, United
	 * Arab Emirates, United States of America. */
	const char *en[] = { "USA", "ETH", "ESP", "ERI", "EST", "EGY", "ECU", "ARE" };
	expect_codes_sorted(s, "en", en, 8, "ECU EGY ERI EST ETH ESP ARE USA");
	/* Chinese by pinyin: A-fu-han, De-guo, Fa-guo, Mei-li-jian, Ri-ben,
	 * Zhong-guo; code point order would be 中 德 日 法 美 阿. */
	const char *zh[] = { "CHN", "JPN", "USA", "FRA", "DEU", "AFG" };
	expect_codes_sorted(s, "zh", zh, 6, "AFG DEU FRA USA JPN CHN");
	/* Russian: Австрия, Швеция, Эстония, Ямайка, Япония. */
	const char *ru[] = { "JPN", "EST", "AUT", "SWE", "JAM" };
	expect_codes_sorted(s, "ru", ru, 5, "AUT SWE EST JAM JPN");
	/* Spanish: Alemania, Austria, Chad, Chile, China, Dinamarca, Egipto, España. */
	const char *es[] = { "ESP", "TCD", "DNK", "CHN", "DEU", "CHL", "EGY", "AUT" };
	expect_codes_sorted(s, "es", es, 8, "DEU AUT TCD CHL CHN DNK EGY ESP");
	/* A code that is not a party goes last, by code; an unknown lang sorts
	 * the English names by English rules. */
	const char *mix[] = { "ZZZ", "FRA", "AAA", "DEU" };
	expect_codes_sorted(s, "xx", mix, 4, "FRA DEU AAA ZZZ");
	store_close(s);
	tu_rmdir(dir);
}

static void test_collation_rules_differ_by_language(void **state)
{
	(void)state;
	/* Spanish: ñ is a letter after n; English: n with a tilde, after
	 * "nu" and before "nube". */
	const char *es[] = { "oso", "ñu", "nube" }, *en[] = { "oso", "ñu", "nube" };
	assert_int_equal(names_sort_strings("es", es, 3), 0);
	assert_int_equal(names_sort_strings("en", en, 3), 0);
	assert_string_equal(es[0], "nube");
	assert_string_equal(es[1], "ñu");
	assert_string_equal(en[0], "ñu");
	assert_string_equal(en[1], "nube");
	/* An unknown language is English. */
	const char *xx[] = { "oso", "ñu", "nube" };
	assert_int_equal(names_sort_strings(NULL, xx, 3), 0);
	assert_string_equal(xx[0], "ñu");
	/* Russian puts Cyrillic before Latin, English the reverse. */
	assert_true(names_compare("ru", "Япония", "Austria") < 0);
	assert_true(names_compare("en", "Япония", "Austria") > 0);
	assert_int_equal(names_compare("fr", "Égypte", "Égypte"), 0);
	assert_true(names_compare("fr", "Égypte", "Espagne") < 0);
	assert_true(strcmp("Égypte", "Espagne") > 0);
	/* Stable: equal keys keep their order. */
	const char *same[] = { "b", "a", "B", "a" };
	const char *p0 = same[1], *p1 = same[3];
	assert_int_equal(names_sort_strings("en", same, 4), 0);
	assert_ptr_equal(same[0], p0);
	assert_ptr_equal(same[1], p1);
	assert_string_equal(same[2], "b");
	assert_string_equal(same[3], "B");
	assert_int_equal(names_lang_index("ar"), 0);
	assert_int_equal(names_lang_index("es"), 5);
	assert_int_equal(names_lang_index("EN"), -1);
	assert_int_equal(names_lang_index(NULL), -1);
}

static void test_list_parties_sorted(void **state)
{
	(void)state;
	char *dir, name[256];
	struct store *s = open_data(&dir);
	for (int l = 0; l < 6; l++) {
		struct names_entry *v;
		size_t n;
		assert_int_equal(names_list_parties(s, langs[l], &v, &n), 0);
		assert_int_equal(n, 198);
		size_t moved = 0;
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(refdata_state_name(s, v[i].code, langs[l], name, sizeof name), 0);
			assert_string_equal(v[i].name, name);
			assert_int_equal(v[i].fallback, 0);
			if (i && names_compare(langs[l], v[i - 1].name, v[i].name) > 0)
				fail_msg("%s: '%s' before '%s'", langs[l], v[i - 1].name, v[i].name);
			if (i && strcmp(v[i - 1].code, v[i].code) > 0)
				moved++;
		}
		/* Not code order in any language. */
		assert_true(moved > 0);
		free(v);
	}
	/* An unknown language: English names, English order, marked. */
	struct names_entry *v;
	size_t n;
	assert_int_equal(names_list_parties(s, "de", &v, &n), 0);
	assert_int_equal(n, 198);
	assert_string_equal(v[0].name, "Afghanistan");
	assert_string_equal(v[0].code, "AFG");
	assert_int_equal(v[0].fallback, 1);
	free(v);
	store_close(s);
	tu_rmdir(dir);
}

/* The web server sorts from several worker threads at once. */
struct sorter {
	const char *lang;
	const char *want[198];
	size_t n;
	int bad;
};

static void *sort_many(void *arg)
{
	struct sorter *t = arg;
	const char *v[198];
	for (int round = 0; round < 30; round++) {
		for (size_t i = 0; i < t->n; i++)
			v[i] = t->want[t->n - 1 - i];
		if (names_sort_strings(t->lang, v, t->n) < 0)
			t->bad++;
		for (size_t i = 0; i < t->n; i++)
			if (strcmp(v[i], t->want[i]))
				t->bad++;
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	char *dir;
	struct store *s = open_data(&dir);
	static struct sorter t[6];
	struct names_entry *lists[6];
	pthread_t th[6];
	for (int l = 0; l < 6; l++) {
		size_t n;
		assert_int_equal(names_list_parties(s, langs[l], &lists[l], &n), 0);
		t[l].lang = langs[l];
		t[l].n = n;
		for (size_t i = 0; i < n; i++)
			t[l].want[i] = lists[l][i].name;
	}
	for (int l = 0; l < 6; l++)
		assert_int_equal(pthread_create(&th[l], NULL, sort_many, &t[l]), 0);
	for (int l = 0; l < 6; l++) {
		pthread_join(th[l], NULL);
		assert_int_equal(t[l].bad, 0);
		free(lists[l]);
	}
	store_close(s);
	tu_rmdir(dir);
}

/* Copies data/ aside with state-names.csv replaced; loading must fail
 * with want in the message and write nothing. */
static void check_bad_names(const char *content, const char *want)
{
	char *tmp = tu_tmpdir(), cmd[1024], path[600], *dir, err[600];
	int rc;
	snprintf(cmd, sizeof cmd, "cp %s/data/*.csv %s/", RM_SRCDIR, tmp);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/state-names.csv", tmp);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	struct store *s = open_loaded(&dir, tmp, &rc, err);
	assert_int_equal(rc, -1);
	if (!strstr(err, want))
		fail_msg("got '%s', want '%s'", err, want);
	assert_int_equal(count(s, "SELECT count(*) FROM parties"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names"), 0);
	store_close(s);
	tu_rmdir(dir);
	tu_rmdir(tmp);
}

#define NAMES_HEAD "code,name_ar,src_ar,name_zh,src_zh,name_ru,src_ru,name_es,src_es\n"

static void test_bad_names_file(void **state)
{
	(void)state;
	check_bad_names(NAMES_HEAD "AFG,أفغانستان,un,阿富汗,un,Афганистан,un,Afganistán,un\n",
			"state-names.csv: no ar name for AGO");
	check_bad_names(NAMES_HEAD "AFG,أفغانستان,un,阿富汗,unterm,Афганистан,un,Afganistán,un\n",
			"state-names.csv: line 2, column 5 (src_zh): 'unterm' is not un or icu");
	check_bad_names(NAMES_HEAD "AFG,أفغانستان,un,,icu,Афганистан,un,Afganistán,un\n",
			"state-names.csv: line 2, column 4 (name_zh): empty name");
	check_bad_names(NAMES_HEAD "XKX,كوسوفو,un,科索沃,un,Косово,un,Kosovo,un\n",
			"state-names.csv: line 2, column 1 (code): 'XKX' is not in states.csv");
	check_bad_names(NAMES_HEAD "AFG,أفغانستان,un,阿富汗,un,Афганистан,un,Afganistán,un\n"
			"AFG,أفغانستان,un,阿富汗,un,Афганистан,un,Afganistán,un\n",
			"state-names.csv: line 3, column 1 (code): AFG");
	check_bad_names("code,name_ar,src_ar\n", "state-names.csv: line 1, column 4");
}

/* A database made before migration 5 keeps its English and French names
 * and gets the other four from refdata_refresh_names (revmech migrate). */
static void test_upgrade_from_schema_4(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[600], out[256];
	snprintf(path, sizeof path, "%s/old.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate_to(s, 4), 0);
	assert_int_equal(store_exec(s,
		"INSERT INTO languages (code, ord, name_en, name_fr, native, dir) VALUES "
		"('ar', 1, 'Arabic', 'arabe', 'x', 'rtl'), ('zh', 2, 'Chinese', 'chinois', 'x', 'ltr'), "
		"('en', 3, 'English', 'anglais', 'x', 'ltr'), ('fr', 4, 'French', 'français', 'x', 'ltr'), "
		"('ru', 5, 'Russian', 'russe', 'x', 'ltr'), ('es', 6, 'Spanish', 'espagnol', 'x', 'ltr')"), 0);
	assert_int_equal(store_exec(s, "INSERT INTO parties (code, name, name_fr) VALUES "
				       "('FRA', 'France', 'France'), ('NZL', 'New Zealand', "
				       "'Nouvelle-Zélande'), ('XYZ', 'Newland', '')"), 0);
	assert_int_equal(store_migrate(s), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names"), 5);
	expect_name(s, "NZL", "fr", "Nouvelle-Zélande");
	assert_int_equal(refdata_state_name(s, "NZL", "es", out, sizeof out), 1);
	assert_int_equal(refdata_refresh_names(s, RM_SRCDIR "/data", err, sizeof err), 0);
	expect_name(s, "NZL", "es", "Nueva Zelandia");
	expect_name(s, "FRA", "zh", "法国");
	/* XYZ is in no data file; codes of the file the database lacks are
	 * skipped. */
	assert_int_equal(refdata_state_name(s, "XYZ", "ru", out, sizeof out), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names"), 5 + 2 * 4);
	/* Running it again changes nothing. */
	assert_int_equal(refdata_refresh_names(s, RM_SRCDIR "/data", err, sizeof err), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names"), 13);
	store_close(s);
	tu_rmdir(dir);
}

/* A roster import that renames a State in English renames it in the
 * table of names too, marked as the roster's. */
static void test_roster_rename_follows(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = open_data(&dir);
	struct roster r;
	static const char csv[] =
		"code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
		"FRA,French Republic,WEOG,1,1,1,1,1,0\n"
		"DEU,Germany,WEOG,1,1,1,1,1,0\n";
	assert_int_equal(roster_parse_csv(csv, sizeof csv - 1, &r, err, sizeof err), 0);
	assert_int_equal(roster_save_db(s, &r, err, sizeof err), 0);
	roster_free(&r);
	expect_name(s, "FRA", "en", "French Republic");
	expect_name(s, "FRA", "es", "Francia");
	assert_int_equal(count(s, "SELECT count(*) FROM party_names WHERE source = 'roster'"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM party_names WHERE party = 'DEU' AND "
				  "lang = 'en' AND source = 'un'"), 1);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_party_named_in_six_languages),
		cmocka_unit_test(test_known_names),
		cmocka_unit_test(test_icu_cells_are_icu_names),
		cmocka_unit_test(test_fallback_to_english),
		cmocka_unit_test(test_sorted_by_collation_not_code),
		cmocka_unit_test(test_collation_rules_differ_by_language),
		cmocka_unit_test(test_list_parties_sorted),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_bad_names_file),
		cmocka_unit_test(test_upgrade_from_schema_4),
		cmocka_unit_test(test_roster_rename_follows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
