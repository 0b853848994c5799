/* test_outline.c - the blueprint ("esquisse") of lists and summaries and
 * the corrigendum of an issued summary (issue 10; annex paras 15, 38, 39;
 * R108, R110, R111, R112): versions adopted by recorded decisions only,
 * bad content refused with nothing written, append-only, audited; a
 * summary text records the blueprint version in force and its skeleton
 * comes from the headings; a corrigendum keeps the issued version the
 * public one (and signed) until the correction is agreed by every party
 * and final, language by language, then closes; both stay readable. */
#include "output_testutil.h"

#include "findings/outline.h"
#include "output/export.h"
#include "output/sign.h"

static void decision(struct store *s, const char *ref)
{
	struct store_stmt *st = store_prepare(s, "INSERT INTO lots_decisions (ref, decided_on, "
						 "title, created_at) VALUES (?, '2026-10-20', "
						 "'Adoption of the blueprint', '2026-10-21T00:00:00Z')");
	assert_non_null(st);
	store_bind_text(st, 1, ref);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

static int adopt(struct store *s, const char *body, const char *dec, int base, char *err)
{
	return outline_adopt(s, body, strlen(body), dec, base, "sec@un.example", "local", NULL,
			     err, 300);
}

static const char BP1[] =
	"{\"summary\":{\"headings\":{\"fr\":[\"Introduction\",\"Observations\"],"
	"\"ar\":[\"مقدمة\"]}},\"list\":{\"types\":[\"gap\",\"good_practice\"]}}";

static void test_blueprint_versions(void **state)
{
	struct fx *f = *state;
	char err[300];
	struct outline o;
	assert_int_equal(outline_get(f->s, 0, &o), 0);
	assert_int_equal(o.version, 0);
	assert_null(outline_skeleton(&o, "fr"));
	outline_free(&o);
	/* R112: a version needs a recorded Conference decision. */
	assert_int_equal(adopt(f->s, BP1, "CTOC/COP/2026/1", 0, err), OUTLINE_INVALID);
	assert_non_null(strstr(err, "is not recorded"));
	assert_int_equal(adopt(f->s, BP1, "", 0, err), OUTLINE_INVALID);
	decision(f->s, "CTOC/COP/2026/1");
	static const struct {
		const char *body, *says;
	} bad[] = {
		{ "not json", "JSON object" },
		{ "{}", "names neither" },
		{ "{\"other\":1}", "unknown part" },
		{ "{\"list\":{\"instruments\":[\"untoc\",\"untoc\"]}}", "named twice" },
		{ "{\"list\":{\"instruments\":[\"uncac\"]}}", "is not known" },
		{ "{\"list\":{\"types\":[\"praise\"]}}", "is not known" },
		{ "{\"list\":{}}", "instruments or types" },
		{ "{\"summary\":{\"headings\":{\"de\":[\"Einleitung\"]}}}", "not one of" },
		{ "{\"summary\":{\"headings\":{\"en\":[\"two\\nlines\"]}}}", "one line" },
		{ "{\"summary\":{\"headings\":{\"en\":[\"\"]}}}", "one line" },
		{ "{\"summary\":{\"headings\":[\"x\"]}}", "map a language" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(adopt(f->s, bad[i].body, "CTOC/COP/2026/1", 0, err), OUTLINE_INVALID);
		if (!strstr(err, bad[i].says))
			fail_msg("%s: %s", bad[i].body, err);
	}
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM blueprints", NULL), 0);
	assert_int_equal(adopt(f->s, BP1, "CTOC/COP/2026/1", 1, err), OUTLINE_CONFLICT);
	assert_int_equal(adopt(f->s, BP1, "CTOC/COP/2026/1", 0, err), OUTLINE_OK);
	assert_int_equal(outline_in_force(f->s), 1);
	assert_int_equal(outline_get(f->s, 0, &o), 1);
	assert_int_equal(o.version, 1);
	assert_string_equal(o.decision, "CTOC/COP/2026/1");
	assert_string_equal(o.decided_on, "2026-10-20");
	char *sk = outline_skeleton(&o, "fr");
	assert_string_equal(sk, "Introduction\n\nObservations\n\n");
	free(sk);
	assert_null(outline_skeleton(&o, "zh"));
	outline_free(&o);
	/* A second version, base the one in force; both kept. */
	assert_int_equal(adopt(f->s, "{\"list\":{\"instruments\":[\"tip\"]}}", "CTOC/COP/2026/1", 0,
			       err), OUTLINE_CONFLICT);
	assert_int_equal(adopt(f->s, "{\"list\":{\"instruments\":[\"tip\"]}}", "CTOC/COP/2026/1", 1,
			       err), OUTLINE_OK);
	json_t *v = outline_versions_json(f->s);
	assert_int_equal(json_array_size(v), 2);
	json_decref(v);
	assert_int_equal(outline_get(f->s, 1, &o), 1);
	assert_non_null(json_object_get(o.doc, "summary"));
	outline_free(&o);
	/* Audited, append-only. */
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM audit_log WHERE action = "
					   "'blueprint.adopt'", NULL), 2);
	assert_int_not_equal(store_exec(f->s, "UPDATE blueprints SET body = '{}'"), 0);
	assert_int_not_equal(store_exec(f->s, "DELETE FROM blueprints"), 0);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM blueprints", NULL), 2);
}

static void test_blueprint_sort(void **state)
{
	(void)state;
	struct outline o = { 0 };
	json_t *items = json_loads("[{\"instrument\":\"untoc\",\"type\":\"gap\",\"k\":1},"
				   "{\"instrument\":\"tip\",\"type\":\"ta_need\",\"k\":2},"
				   "{\"instrument\":\"untoc\",\"type\":\"suggestion\",\"k\":3},"
				   "{\"instrument\":\"som\",\"type\":\"gap\",\"k\":4},"
				   "{\"instrument\":\"tip\",\"type\":\"gap\",\"k\":5},"
				   "{\"instrument\":\"untoc\",\"type\":\"gap\",\"k\":6}]", 0, NULL);
	outline_sort_items(&o, items); /* none adopted: nothing moves */
	char got[8] = "";
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		got[i] = (char)('0' + json_integer_value(json_object_get(it, "k")));
	assert_string_equal(got, "123456");
	o.version = 1;
	o.doc = json_loads("{\"list\":{\"instruments\":[\"tip\",\"untoc\"],\"types\":"
			   "[\"suggestion\",\"gap\"]}}", 0, NULL);
	outline_sort_items(&o, items);
	json_array_foreach(items, i, it)
		got[i] = (char)('0' + json_integer_value(json_object_get(it, "k")));
	/* tip (gap 5, then ta_need 2 unnamed), untoc (suggestion 3, gap 1 6),
	 * som unnamed last. */
	assert_string_equal(got, "523164");
	outline_free(&o);
	json_decref(items);
}

static void test_summary_records_blueprint(void **state)
{
	struct fx *f = *state;
	char err[300];
	struct summary_text t;
	mk(f->s, "ARG", 1, "fr");
	assert_int_equal(put(f->s, "fr", "Premier texte.", 0, err, sizeof err), 0);
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "fr", 0, &t), 1);
	assert_int_equal(t.blueprint, 0);
	summary_text_free(&t);
	decision(f->s, "CTOC/COP/2026/2");
	assert_int_equal(adopt(f->s, BP1, "CTOC/COP/2026/2", 0, err), OUTLINE_OK);
	assert_int_equal(put(f->s, "fr", "Introduction\n\nObservations\n\nTexte.", 1, err,
			     sizeof err), 0);
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "fr", 0, &t), 1);
	assert_int_equal(t.version, 2);
	assert_int_equal(t.blueprint, 1);
	summary_text_free(&t);
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "fr", 1, &t), 1);
	assert_int_equal(t.blueprint, 0);
	summary_text_free(&t);
}

static void agree_all(struct store *s, int version)
{
	char err[300];
	for (int i = 0; i < 3; i++)
		if (summary_agree(s, "ARG", 1, i == 0 ? "ARG" : rv2[i - 1], version, "fp", err,
				  sizeof err) != 0)
			fail_msg("agree: %s", err);
}

static void final(struct store *s, const char *lang)
{
	char err[300];
	if (summary_set_status(s, "ARG", 1, lang, SUMMARY_FINAL, "sec", err, sizeof err) != 0)
		fail_msg("final %s: %s", lang, err);
}

static int render(struct store *s, const char *lang, int version, const struct sign_key *k,
		  int *is_signed, struct buf *out)
{
	char err[300];
	struct export_opts eo = { .key = k, .version = version };
	buf_reset(out);
	return export_summary(s, "ARG", 1, lang, EXPORT_HTML, &eo, out, is_signed, err, sizeof err);
}

static void test_corrigendum(void **state)
{
	struct fx *f = *state;
	char err[300], path[700];
	struct summary_info si;
	struct sign_key k;
	struct buf out = { 0 };
	int sg = 0;
	snprintf(path, sizeof path, "%s/c.sign", f->dir);
	assert_int_equal(sign_key_load(path, &k, err, sizeof err), 0);
	int en = summary_lang_index("en"), fr = summary_lang_index("fr");
	mk(f->s, "ARG", 1, "en");
	assert_int_equal(put(f->s, "en", "The issued text.", 0, err, sizeof err), 0);
	/* Not issued: no corrigendum (a draft is just saved again). */
	assert_int_equal(summary_corrigendum_open(f->s, "ARG", 1, "typo", "fp", err, sizeof err),
			 SUMMARY_INVALID);
	assert_non_null(strstr(err, "not issued"));
	agree_all(f->s, 1);
	assert_int_equal(summary_request(f->s, "ARG", 1, "fr", "sec", err, sizeof err), 0);
	assert_int_equal(put(f->s, "fr", "Le texte publié.", 0, err, sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_REVISED, "sec", err,
					    sizeof err), 0);
	final(f->s, "fr");
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_true(si.issued);
	assert_true(si.langs[fr].official);
	assert_false(si.langs[en].official); /* the drafting text: not all five final */
	assert_int_equal(si.langs[fr].pub_version, 1);
	assert_int_equal(si.corrigendum, 0);
	assert_int_equal(put(f->s, "en", "The corrected text.", 1, err, sizeof err),
			 SUMMARY_OFFICIAL);
	/* Opening needs its reason, one line. */
	assert_int_equal(summary_corrigendum_open(f->s, "ARG", 1, "", "fp", err, sizeof err),
			 SUMMARY_INVALID);
	assert_int_equal(summary_corrigendum_open(f->s, "ARG", 1, "a\nb", "fp", err, sizeof err),
			 SUMMARY_INVALID);
	assert_int_equal(summary_corrigendum_open(f->s, "ARG", 1, "A date was wrong.", "fp", err,
						  sizeof err), 0);
	assert_int_equal(summary_corrigendum_open(f->s, "ARG", 1, "Again.", "fp", err, sizeof err),
			 SUMMARY_INVALID);
	assert_non_null(strstr(err, "open already"));
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.corrigendum, 1);
	assert_int_equal(si.issued_version, 1);
	assert_string_equal(si.corr_reason, "A date was wrong.");
	assert_int_equal(si.langs[fr].corr, SUMMARY_CORR_PENDING);
	assert_int_equal(si.langs[en].corr, SUMMARY_CORR_NONE);
	/* The final translation of the issued version stays locked. */
	assert_int_equal(put(f->s, "fr", "Autre.", 1, err, sizeof err), SUMMARY_OFFICIAL);
	/* The correction: a new drafting version, agreement reopened; the
	 * French issued version stays the public one. */
	assert_int_equal(put(f->s, "en", "The corrected text.", 1, err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.version, 2);
	assert_false(si.agreed);
	assert_false(si.issued);
	assert_int_equal(si.langs[fr].status, SUMMARY_REVISED);
	assert_false(si.langs[fr].official);
	assert_int_equal(si.langs[fr].pub_version, 1);
	assert_int_equal(si.langs[fr].pub_based_on, 1);
	assert_int_equal(si.langs[fr].corr, SUMMARY_CORR_PENDING);
	/* The issued French version renders signed, with the agreements it
	 * was issued on; its latest (revised) text is a draft. */
	assert_int_equal(render(f->s, "fr", 1, &k, &sg, &out), 0);
	assert_true(sg);
	assert_non_null(strstr(buf_str(&out), "Le texte publié."));
	assert_int_equal(render(f->s, "fr", 0, &k, &sg, &out), 0);
	assert_false(sg);
	assert_int_equal(render(f->s, "en", 1, &k, &sg, &out), SUMMARY_NOT_FOUND); /* not issued */
	/* Agreed again by every party; the translation of the correction
	 * made final: the correction replaces the issued version, the
	 * corrigendum closes, and both versions stay readable. */
	agree_all(f->s, 2);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_true(si.agreed);
	assert_int_equal(si.langs[fr].pub_version, 1); /* not final yet */
	assert_int_equal(put(f->s, "fr", "Le texte corrigé.", 1, err, sizeof err), 0);
	final(f->s, "fr");
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.corrigendum, 0);
	assert_int_equal(si.corrigenda, 1);
	assert_int_equal(si.langs[fr].corr, SUMMARY_CORR_CORRECTED);
	assert_int_equal(si.langs[fr].pub_version, 2);
	assert_true(si.issued);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_corrigenda WHERE "
					   "closed_at <> ''", NULL), 1);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_events WHERE event IN "
					   "('corrigendum_opened', 'corrigendum_closed')", NULL), 2);
	struct summary_text t;
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "fr", 1, &t), 1);
	assert_string_equal(t.body, "Le texte publié.");
	summary_text_free(&t);
	assert_int_equal(render(f->s, "fr", 0, &k, &sg, &out), 0);
	assert_true(sg);
	assert_non_null(strstr(buf_str(&out), "Le texte corrigé."));
	assert_int_equal(render(f->s, "fr", 1, &k, &sg, &out), SUMMARY_NOT_FOUND);
	/* Locked again; a second corrigendum may be opened. */
	assert_int_equal(put(f->s, "en", "Third.", 2, err, sizeof err), SUMMARY_OFFICIAL);
	assert_int_equal(summary_corrigendum_open(f->s, "ARG", 1, "Another error.", "fp", err,
						  sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.corrigendum, 2);
	assert_int_equal(si.issued_version, 2);
	assert_int_not_equal(store_exec(f->s, "DELETE FROM summary_corrigendum_langs"), 0);
	buf_free(&out);
	sign_key_wipe(&k);
}

/* The command line: `summary blueprint` prints what is in force (none,
 * then the version adopted), `summary blueprint-adopt` records a version
 * adopted by a recorded decision (exit 2 otherwise, nothing written), and
 * `summary corrigendum` refuses a summary not issued (exit 2). */
static void test_cli(void **state)
{
	struct fx *f = *state;
	char file[700], cmd[2000];
	const char *db = f->db;
	int st = -1;
	snprintf(file, sizeof file, "%s/bp.json", f->dir);
	write_file(file, BP1, strlen(BP1));
	snprintf(cmd, sizeof cmd, BIN " summary blueprint --db '%s' 2>/dev/null", db);
	char *out = run_out(cmd, &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "\"in_force\": 0"));
	free(out);
	snprintf(cmd, sizeof cmd, BIN " summary blueprint-adopt --db '%s' --decision CTOC/COP/2026/3 "
		 "--base 0 --by sec '%s' 2>&1", db, file);
	out = run_out(cmd, &st);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "is not recorded"));
	free(out);
	decision(f->s, "CTOC/COP/2026/3");
	out = run_out(cmd, &st);
	if (st != 0)
		fail_msg("%s", out);
	assert_non_null(strstr(out, "blueprint version 1 recorded"));
	free(out);
	snprintf(cmd, sizeof cmd, BIN " summary blueprint --db '%s'", db);
	out = run_out(cmd, &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "\"in_force\": 1"));
	assert_non_null(strstr(out, "Introduction"));
	free(out);
	mk(f->s, "ARG", 1, "en");
	snprintf(cmd, sizeof cmd, BIN " summary corrigendum --db '%s' --state ARG --phase 1 "
		 "--reason 'A typo.' --by fp 2>&1", db);
	out = run_out(cmd, &st);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "not issued"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blueprint_versions, fx_setup, fx_teardown),
		cmocka_unit_test(test_blueprint_sort),
		cmocka_unit_test_setup_teardown(test_summary_records_blueprint, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_corrigendum, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cli, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
