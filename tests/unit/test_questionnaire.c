/* test_questionnaire.c - questionnaire definitions (issue 9): the shipped
 * files validate, each kind of bad file is refused with its message, the
 * UNCAC condition (R41, C27), the mutatis mutandis references (R40), the
 * lifecycle (R69-R70) and the coverage per language. */
#include "testutil.h"

#include <jansson.h>

#include "core/refdata.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "store/store.h"

static const char *const shipped[] = { "untoc", "tip", "som", "firearms" };

static struct qdef_table1 table1;

static int setup(void **state)
{
	(void)state;
	char err[300];
	assert_int_equal(qdef_table1_load(RM_SRCDIR "/data", &table1, err, sizeof err), 0);
	return 0;
}

static struct qdef *load_shipped(const char *inst)
{
	char path[512];
	struct qdef *d = NULL;
	struct qdef_errors e = { 0 };
	snprintf(path, sizeof path, RM_SRCDIR "/data/questionnaires/%s-c1.json", inst);
	int rc = qdef_load(path, &table1, &d, &e);
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msg[i]);
	assert_int_equal(rc, 0);
	assert_int_equal(e.n, 0);
	qdef_errors_free(&e);
	return d;
}

static const struct qdef_cell *cell_of(const char *inst, const char *cluster)
{
	for (size_t i = 0; i < table1.ncells; i++)
		if (!strcmp(table1.cells[i].instrument, inst) && !strcmp(table1.cells[i].cluster, cluster))
			return &table1.cells[i];
	fail();
	return NULL;
}

static void test_shipped_files_validate(void **state)
{
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct qdef *d = load_shipped(shipped[i]);
		const struct qdef_cell *cell = cell_of(shipped[i], "C1");
		/* every article of the cell once, in table order */
		assert_int_equal(d->nsections, cell->narticles);
		for (size_t k = 0; k < cell->narticles; k++) {
			assert_string_equal(d->sections[k].article, cell->articles[k]);
			assert_true(d->sections[k].nquestions >= 3);
		}
		assert_true(d->nquestions >= 6 * d->nsections);
		assert_string_equal(d->cluster, "C1");
		qdef_free(d);
	}
}

/* Text of the shipped TIP file, mutated by each case. */
static json_t *tip_doc(void)
{
	json_error_t je;
	json_t *j = json_load_file(RM_SRCDIR "/data/questionnaires/tip-c1.json", 0, &je);
	assert_non_null(j);
	return j;
}

static json_t *question(json_t *doc, size_t s, size_t q)
{
	return json_array_get(json_object_get(json_array_get(json_object_get(doc, "sections"), s),
					      "questions"), q);
}

/* Parses doc (consumed) as file; expects a refusal whose messages include
 * want; returns nothing. */
static void expect_refused(json_t *doc, const char *file, const char *want)
{
	char *text = json_dumps(doc, 0);
	struct qdef *d = NULL;
	struct qdef_errors e = { 0 };
	json_decref(doc);
	assert_int_equal(qdef_parse(file, text, strlen(text), &table1, &d, &e), -1);
	assert_null(d);
	int found = 0;
	for (size_t i = 0; i < e.n; i++)
		if (strstr(e.msg[i], want))
			found = 1;
	if (!found) {
		fprintf(stderr, "wanted: %s\n", want);
		for (size_t i = 0; i < e.n; i++)
			fprintf(stderr, "  got: %s\n", e.msg[i]);
	}
	assert_true(found);
	qdef_errors_free(&e);
	free(text);
}

static void test_bad_files_refused(void **state)
{
	(void)state;
	json_t *d;
	const char *F = "x/tip-c1.json";

	/* the unmutated document passes: the cases below fail for their reason */
	char *ok = json_dumps((d = tip_doc()), 0);
	struct qdef *q = NULL;
	struct qdef_errors e = { 0 };
	assert_int_equal(qdef_parse(F, ok, strlen(ok), &table1, &q, &e), 0);
	qdef_free(q);
	free(ok);
	json_decref(d);

	d = tip_doc();
	json_object_set(question(d, 0, 1), "id", json_object_get(question(d, 0, 0), "id"));
	expect_refused(d, F, "x/tip-c1.json: $.sections[0].questions[1]: duplicate question id 'tip-c1-a3-q1'");

	d = tip_doc();
	json_object_set_new(question(d, 0, 1), "id", json_string("tip-c1-a5-q9"));
	expect_refused(d, F, "$.sections[0].questions[1]: id 'tip-c1-a5-q9' must be 'tip-c1-a3-q'");

	d = tip_doc();
	json_array_remove(json_object_get(d, "sections"), 1);
	expect_refused(d, F, "$.sections: article 5 of table 1 (tip C1) has no section");

	d = tip_doc();
	json_array_append(json_object_get(d, "sections"), json_array_get(json_object_get(d, "sections"), 0));
	expect_refused(d, F, "$.sections[2]: article 3 has a second section");

	d = tip_doc();
	json_object_set_new(json_array_get(json_object_get(d, "sections"), 1), "article", json_string("6"));
	expect_refused(d, F, "$.sections[1]: article 6 is not in table 1 for tip C1");

	d = tip_doc();
	json_object_set_new(question(d, 0, 0), "type", json_string("multiple_choice"));
	expect_refused(d, F, "$.sections[0].questions[0]: unknown type 'multiple_choice'");

	d = tip_doc();
	json_object_del(question(d, 0, 1), "max_length");
	expect_refused(d, F, "$.sections[0].questions[1]: a free_text question needs max_length");

	d = tip_doc();
	json_object_set_new(question(d, 0, 0), "max_length", json_integer(10));
	expect_refused(d, F, "max_length is only for free_text questions");

	/* a condition on a later question, and on a question that is not yes/no/partly */
	d = tip_doc();
	json_object_set_new(question(d, 0, 0), "show_if",
			    json_pack("{s:s,s:[s]}", "question", "tip-c1-a3-q3", "answer_in", "yes"));
	expect_refused(d, F, "$.sections[0].questions[0].show_if: refers to 'tip-c1-a3-q3', which is not an earlier question");
	d = tip_doc();
	json_object_set_new(question(d, 0, 2), "show_if",
			    json_pack("{s:s,s:[s]}", "question", "tip-c1-a3-q2", "answer_in", "yes"));
	expect_refused(d, F, "refers to 'tip-c1-a3-q2', a free_text question");
	d = tip_doc();
	json_object_set_new(question(d, 0, 2), "show_if",
			    json_pack("{s:s,s:[s]}", "question", "tip-c1-a3-q1", "answer_in", "maybe"));
	expect_refused(d, F, "answer_in[0] must be yes, no or partly");

	/* English and French complete; only the six languages */
	d = tip_doc();
	json_object_del(json_object_get(question(d, 1, 2), "text"), "fr");
	expect_refused(d, F, "$.sections[1].questions[2].text: French text missing");
	d = tip_doc();
	json_object_del(json_object_get(d, "title"), "en");
	expect_refused(d, F, "$.title: English text missing");
	d = tip_doc();
	json_object_set_new(json_object_get(question(d, 0, 0), "text"), "de", json_string("Hat"));
	expect_refused(d, F, "unknown language 'de'");
	d = tip_doc();
	json_object_set_new(json_object_get(question(d, 0, 0), "text"), "es", json_string(""));
	expect_refused(d, F, "text in 'es' must be a non-empty string");

	/* version and status (R69-R70) */
	d = tip_doc();
	json_object_set_new(d, "version", json_string("1.0.0"));
	expect_refused(d, F, "$.version: '1.0.0' is not MAJOR.MINOR");
	d = tip_doc();
	json_object_set_new(d, "version", json_string("01.2"));
	expect_refused(d, F, "is not MAJOR.MINOR");
	d = tip_doc();
	json_object_set_new(d, "status", json_string("final"));
	expect_refused(d, F, "$.status: unknown status 'final'");
	d = tip_doc();
	json_object_set_new(d, "status", json_string("adopted"));
	expect_refused(d, F, "an adopted version needs adopted_by");
	d = tip_doc();
	json_object_set_new(d, "status", json_string("adopted"));
	json_object_set_new(d, "adopted_by", json_pack("{s:s,s:s}", "decision", "12/1", "date", "2026-02-30"));
	expect_refused(d, F, "$.adopted_by.date: '2026-02-30' is not a date");
	d = tip_doc();
	json_object_set_new(d, "adopted_by", json_pack("{s:s,s:s}", "decision", "12/1", "date", "2026-02-03"));
	expect_refused(d, F, "only an adopted version names its decision (status is draft)");

	/* R40: mutatis mutandis references name Convention articles */
	d = tip_doc();
	json_object_set_new(json_array_get(json_object_get(d, "sections"), 1), "mutatis_mutandis",
			    json_pack("[s]", "99"));
	expect_refused(d, F, "$.sections[1].mutatis_mutandis: [0] is not an article of the Convention");

	/* names, keys, syntax */
	d = tip_doc();
	expect_refused(d, "x/tip-c2.json", "the file of 'tip-c1' must be named tip-c1.json");
	d = tip_doc();
	json_object_set_new(d, "instrument", json_string("som"));
	expect_refused(d, F, "$.id: 'tip-c1' must be 'som-c1'");
	d = tip_doc();
	json_object_set_new(d, "cluster", json_string("C3"));
	json_object_set_new(d, "instrument", json_string("firearms"));
	expect_refused(d, F, "table 1 has no article for firearms C3 (R42)");
	d = tip_doc();
	json_object_set_new(question(d, 0, 0), "txet", json_string("typo"));
	expect_refused(d, F, "$.sections[0].questions[0]: unknown key 'txet'");

	struct qdef_errors e2 = { 0 };
	const char *broken = "{\"id\": \"tip-c1\",\n \"id\": 1}";
	assert_int_equal(qdef_parse(F, broken, strlen(broken), &table1, &q, &e2), -1);
	assert_int_equal(e2.n, 1);
	assert_non_null(strstr(e2.msg[0], "x/tip-c1.json: line 2"));
	qdef_errors_free(&e2);
	assert_int_equal(qdef_load("/nonexistent/tip-c1.json", &table1, &q, &e2), -1);
	assert_non_null(strstr(e2.msg[0], "/nonexistent/tip-c1.json: $:"));
	qdef_errors_free(&e2);
}

/* The Convention file: footnote a of table 1 and R40 on its side. */
static void test_convention_rules(void **state)
{
	(void)state;
	json_error_t je;
	const char *F = "x/untoc-c1.json";
	json_t *d = json_load_file(RM_SRCDIR "/data/questionnaires/untoc-c1.json", 0, &je);
	assert_non_null(d);
	/* sections: 2 5 6 8 9 ...; article 8 is index 3 */
	json_t *s8 = json_array_get(json_object_get(d, "sections"), 3);
	assert_string_equal(json_string_value(json_object_get(s8, "article")), "8");
	json_t *copy = json_deep_copy(d);
	json_object_del(json_array_get(json_object_get(copy, "sections"), 3), "applies_if");
	expect_refused(copy, F, "$.sections[3]: article 8 is for States not party to UNCAC only");
	copy = json_deep_copy(d);
	json_object_set_new(json_array_get(json_object_get(copy, "sections"), 1), "applies_if",
			    json_pack("{s:b}", "uncac_party", 0));
	expect_refused(copy, F, "$.sections[1]: article 5 applies to every State: no applies_if");
	copy = json_deep_copy(d);
	json_object_set_new(json_array_get(json_object_get(copy, "sections"), 3), "applies_if",
			    json_pack("{s:b}", "uncac_party", 1));
	expect_refused(copy, F, "the only condition is {\"uncac_party\": false}");
	copy = json_deep_copy(d);
	json_object_set_new(json_array_get(json_object_get(copy, "sections"), 1), "mutatis_mutandis",
			    json_pack("[s]", "10"));
	expect_refused(copy, F, "only Protocol sections refer to Convention articles");
	json_decref(d);
}

static void test_uncac_condition(void **state)
{
	(void)state;
	struct qdef *d = load_shipped("untoc");
	const struct qdef_section *sec[16];
	size_t n = qdef_applicable(d, 1, sec, 16);
	assert_int_equal(n, d->nsections - 2);
	for (size_t i = 0; i < n; i++) {
		assert_string_not_equal(sec[i]->article, "8");
		assert_string_not_equal(sec[i]->article, "9");
	}
	n = qdef_applicable(d, 0, sec, 16);
	assert_int_equal(n, d->nsections);
	int seen8 = 0, seen9 = 0;
	for (size_t i = 0; i < n; i++) {
		seen8 |= !strcmp(sec[i]->article, "8");
		seen9 |= !strcmp(sec[i]->article, "9");
	}
	assert_true(seen8 && seen9);
	qdef_free(d);
	/* a Protocol has no footnote: the same sections either way */
	d = load_shipped("tip");
	assert_int_equal(qdef_applicable(d, 1, sec, 16), d->nsections);
	qdef_free(d);
}

static void test_coverage_per_language(void **state)
{
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct qdef *d = load_shipped(shipped[i]);
		/* title + section titles + question texts */
		assert_int_equal(d->ntexts, 1 + d->nsections + d->nquestions);
		assert_int_equal(d->lang_texts[2], d->ntexts); /* en */
		assert_int_equal(d->lang_texts[3], d->ntexts); /* fr */
		qdef_free(d);
	}
	json_t *doc = tip_doc();
	json_object_set_new(json_object_get(question(doc, 0, 0), "text"), "es", json_string("¿Define su legislación...?"));
	json_object_set_new(json_object_get(doc, "title"), "ar", json_string("استبيان"));
	json_object_set_new(json_object_get(doc, "title"), "es", json_string("Cuestionario"));
	char *text = json_dumps(doc, 0);
	struct qdef *d = NULL;
	struct qdef_errors e = { 0 };
	assert_int_equal(qdef_parse("tip-c1.json", text, strlen(text), &table1, &d, &e), 0);
	assert_int_equal(d->lang_texts[5], 2); /* es */
	assert_int_equal(d->lang_texts[0], 1); /* ar */
	assert_int_equal(d->lang_texts[1], 0); /* zh */
	qdef_free(d);
	free(text);
	json_decref(doc);
}

static void test_only_adopted_usable(void **state)
{
	(void)state;
	struct qdef *d = load_shipped("som");
	assert_int_equal(d->status, QDEF_DRAFT);
	assert_false(qdef_usable_in_review(d));
	qdef_free(d);
	const char *const st[] = { "harmonised", "adopted" };
	for (int i = 0; i < 2; i++) {
		json_t *doc = tip_doc();
		json_object_set_new(doc, "status", json_string(st[i]));
		if (i == 1)
			json_object_set_new(doc, "adopted_by", json_pack("{s:s,s:s}", "decision",
					    "Conference decision 13/1", "date", "2026-10-16"));
		char *text = json_dumps(doc, 0);
		struct qdef_errors e = { 0 };
		assert_int_equal(qdef_parse("tip-c1.json", text, strlen(text), &table1, &d, &e), 0);
		assert_int_equal(qdef_usable_in_review(d), i == 1);
		qdef_free(d);
		free(text);
		json_decref(doc);
	}
}

/* Rewrites DIR/questionnaires/tip-c1.json with a change made by edit. */
static void edit_tip(const char *dir, void (*edit)(json_t *))
{
	char path[512];
	json_error_t je;
	snprintf(path, sizeof path, "%s/questionnaires/tip-c1.json", dir);
	json_t *d = json_load_file(path, 0, &je);
	assert_non_null(d);
	edit(d);
	assert_int_equal(json_dump_file(d, path, JSON_INDENT(1)), 0);
	json_decref(d);
}

static void adopt(json_t *d)
{
	json_object_set_new(d, "status", json_string("adopted"));
	json_object_set_new(d, "adopted_by", json_pack("{s:s,s:s}", "decision",
			    "Conference decision 13/1", "date", "2026-10-16"));
}

static void reword(json_t *d)
{
	json_object_set_new(json_object_get(question(d, 0, 0), "text"), "en", json_string("Changed?"));
}

static void reword_as_1_1(json_t *d)
{
	reword(d);
	json_object_set_new(d, "version", json_string("1.1"));
	json_object_set_new(d, "status", json_string("draft"));
	json_object_set_new(d, "adopted_by", json_null());
}

static long long rows(struct store *s, const char *where)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM questionnaires WHERE %s", where);
	return store_count(s, sql, NULL);
}

/* Migration 0009 and qstore: versions kept by (id, version), a stored
 * version never changes content, status only forward, only adopted usable. */
static void test_versions_in_database(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), cmd[1024], path[600], err[600];
	int loaded = -1;
	snprintf(cmd, sizeof cmd, "cp -r '%s/data/.' '%s/'", RM_SRCDIR, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/q.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	assert_int_equal(refdata_load(s, dir, err, sizeof err), 0);

	assert_int_equal(qstore_load_dir(s, dir, &loaded, err, sizeof err), 0);
	assert_int_equal(loaded, 4);
	assert_int_equal(rows(s, "status = 'draft' AND version = '1.0'"), 4);
	assert_int_equal(qstore_load_dir(s, dir, &loaded, err, sizeof err), 0);
	assert_int_equal(loaded, 0);
	assert_int_equal(qstore_usable_in_review(s, "tip-c1", "1.0"), 0);
	assert_int_equal(qstore_usable_in_review(s, "tip-c1", "9.9"), -1);

	/* adopted by the Conference: the same content moves forward */
	edit_tip(dir, adopt);
	assert_int_equal(qstore_load_dir(s, dir, &loaded, err, sizeof err), 0);
	assert_int_equal(loaded, 1);
	assert_int_equal(qstore_usable_in_review(s, "tip-c1", "1.0"), 1);
	assert_int_equal(rows(s, "id = 'tip-c1' AND decision = 'Conference decision 13/1' "
			      "AND adopted_on = '2026-10-16'"), 1);

	/* other content under the same version: refused, nothing changed */
	edit_tip(dir, reword);
	assert_int_equal(qstore_load_dir(s, dir, &loaded, err, sizeof err), -1);
	assert_non_null(strstr(err, "tip-c1 version 1.0 is already stored with other content"));
	assert_int_equal(rows(s, "id = 'tip-c1' AND content LIKE '%Changed?%'"), 0);

	/* a new version is stored beside it: a review keeps 1.0 */
	edit_tip(dir, reword_as_1_1);
	assert_int_equal(qstore_load_dir(s, dir, &loaded, err, sizeof err), 0);
	assert_int_equal(loaded, 1);
	assert_int_equal(rows(s, "id = 'tip-c1'"), 2);
	assert_int_equal(qstore_usable_in_review(s, "tip-c1", "1.0"), 1);
	assert_int_equal(qstore_usable_in_review(s, "tip-c1", "1.1"), 0);
	assert_int_equal(rows(s, "id = 'tip-c1' AND version = '1.0' AND content LIKE '%Changed?%'"), 0);

	/* status never goes back: 1.0 as draft again with its old content */
	snprintf(cmd, sizeof cmd, "cp '%s/data/questionnaires/tip-c1.json' '%s/questionnaires/'",
		 RM_SRCDIR, dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(qstore_load_dir(s, dir, &loaded, err, sizeof err), -1);
	assert_non_null(strstr(err, "is already adopted: a status never goes back to draft"));
	assert_int_equal(qstore_usable_in_review(s, "tip-c1", "1.0"), 1);

	/* all or nothing: a valid new version and an invalid file together */
	edit_tip(dir, reword_as_1_1);
	snprintf(cmd, sizeof cmd, "sed 's/\"1.0\"/\"1.2\"/' '%s/data/questionnaires/som-c1.json' > "
		 "'%s/questionnaires/som-c1.json' && printf '{' > '%s/questionnaires/untoc-c1.json'",
		 RM_SRCDIR, dir, dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(qstore_load_dir(s, dir, &loaded, err, sizeof err), -1);
	assert_non_null(strstr(err, "untoc-c1.json: line 1"));
	assert_int_equal(rows(s, "id = 'som-c1'"), 1);
	assert_int_equal(rows(s, "1 = 1"), 5);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_files_validate),
		cmocka_unit_test(test_bad_files_refused),
		cmocka_unit_test(test_convention_rules),
		cmocka_unit_test(test_uncac_condition),
		cmocka_unit_test(test_coverage_per_language),
		cmocka_unit_test(test_only_adopted_usable),
		cmocka_unit_test(test_versions_in_database),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
