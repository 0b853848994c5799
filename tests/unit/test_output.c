/* test_output.c - summaries (issue 10; annex paras 38-39, R110, R111, R145,
 * C32, C37): the word count, the stored summary and its agreement, the PDF
 * and HTML exports and their signature. */
#include "testutil.h"

#include "core/refdata.h"
#include "output/summary.h"
#include "output/words.h"
#include "util/buf.h"

/* ---- words (R110, C32) ---- */

static long count(const char *lang, const char *text)
{
	char err[200];
	long n = words_count(lang, text, strlen(text), err, sizeof err);
	if (n < 0)
		fail_msg("words_count(%s): %s", lang, err);
	return n;
}

/* Each count is justified by the segments ICU's word iterator yields
 * (docs/summaries.md): a word segment counts, spaces and punctuation do
 * not. */
static void test_words_six_languages(void **state)
{
	(void)state;
	/* English: The | State's | review | in | 2024 | found | 3 | gaps: the
	 * apostrophe inside a word does not split it, numbers are words. */
	assert_int_equal(count("en", "The State's review, in 2024, found 3 gaps."), 8);
	/* French: an elision stays with its word (UAX #29: an apostrophe
	 * between letters does not break), so L'État and l'entraide are one
	 * each: L'État partie examiné a adopté une loi sur l'entraide
	 * judiciaire = 10; the guillemets and their spaces count nothing. */
	assert_int_equal(count("fr", "L'État partie examiné a adopté une loi sur "
				     "l'entraide judiciaire."), 10);
	assert_int_equal(count("fr", "« Oui » ; « non » !"), 2);
	/* Spanish: ¿ and ? are punctuation; a hyphen splits (Estado | parte):
	 * Qué El Estado parte sí = 5. */
	assert_int_equal(count("es", "¿Qué? El Estado-parte: sí."), 5);
	assert_int_equal(count("es", "El Estado parte examinado adoptó una ley de "
				     "extradición en 2019."), 11);
	/* Russian (Cyrillic): the hyphen of Государство-участник splits it:
	 * Государство | участник | приняло | закон | о | выдаче | в | 2019 |
	 * году = 9. */
	assert_int_equal(count("ru", "Государство-участник приняло закон о выдаче в "
				     "2019 году."), 9);
	/* Arabic: words between spaces, the clitic article stays attached
	 * (الدولة is one word): اعتمدت الدولة الطرف قانوناً بشأن تسليم المجرمين =
	 * 7; Arabic-Indic digits are numbers (٢٠٢٤, ٣), the Arabic comma is
	 * punctuation: في عام ٢٠٢٤ أبلغت الدولة عن ٣ ثغرات = 8. */
	assert_int_equal(count("ar", "اعتمدت الدولة الطرف قانوناً بشأن تسليم المجرمين."), 7);
	assert_int_equal(count("ar", "في عام ٢٠٢٤، أبلغت الدولة عن ٣ ثغرات"), 8);
	/* Chinese: no spaces; ICU's dictionary gives 审议 | 结束 | 时 | 摘要 |
	 * 被 | 翻译 | 成 | 六种 | 语言 = 9 (the full-width comma and full
	 * stop count nothing).  Counting characters would give 16, counting
	 * space-separated runs 1. */
	assert_int_equal(count("zh", "审议结束时，摘要被翻译成六种语言。"), 9);
	/* 2024 | 年: a number and an ideograph. */
	assert_int_equal(count("zh", "2024年"), 2);
	/* Nothing, or only spaces and punctuation, is no word. */
	assert_int_equal(count("en", ""), 0);
	assert_int_equal(count("ar", " ، . ؟ "), 0);
	assert_int_equal(count("zh", "。，！"), 0);
}

static void test_words_refusals(void **state)
{
	(void)state;
	char err[200] = "";
	assert_int_equal(words_count("de", "ein Wort", 8, err, sizeof err), -1);
	assert_non_null(strstr(err, "'de' is not a working language"));
	assert_int_equal(words_count(NULL, "x", 1, err, sizeof err), -1);
	/* Invalid UTF-8 is refused, not counted as U+FFFD. */
	assert_int_equal(words_count("en", "ab\xff" "cd", 5, err, sizeof err), -1);
	assert_non_null(strstr(err, "not valid UTF-8"));
	/* len bounds the text: it need not be NUL-terminated. */
	assert_int_equal(words_count("en", "one two three", 7, err, sizeof err), 2);
}

/* n copies of word separated by sep. */
static char *repeat(const char *word, const char *sep, int n)
{
	struct buf b = { 0 };
	for (int i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, sep);
		buf_puts(&b, word);
	}
	return buf_detach(&b);
}

/* The limit of para 38 at its edge in each language: 1,500 and 1,501. */
static void test_words_limit_edge(void **state)
{
	(void)state;
	static const char *const w[][3] = {
		{ "ar", "الدولة", " " }, { "zh", "语言", "，" }, { "en", "review", " " },
		{ "fr", "l'État", " " }, { "ru", "закон", " " }, { "es", "extradición", " " },
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		char *a = repeat(w[i][1], w[i][2], WORDS_SUMMARY_MAX);
		char *b = repeat(w[i][1], w[i][2], WORDS_SUMMARY_MAX + 1);
		assert_int_equal(count(w[i][0], a), 1500);
		assert_int_equal(count(w[i][0], b), 1501);
		free(a);
		free(b);
	}
}

/* ---- the stored summary (R110, R111, R145, C37) ---- */

struct fx {
	char *dir;
	struct store *s;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char path[600], err[600];
	assert_non_null(f);
	f->dir = tu_tmpdir();
	tu_db(path, sizeof path, f->dir, "summary");
	f->s = store_open(path, STORE_CREATE, err, sizeof err);
	if (!f->s)
		fail_msg("store_open: %s", err);
	assert_int_equal(store_migrate(f->s), 0);
	if (refdata_load(f->s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static const char *const rv2[] = { "BRA", "DEU" };

static void mk(struct store *s, const char *reviewed, int phase, const char *lang)
{
	char err[300];
	if (summary_create(s, reviewed, phase, lang, rv2, 2, "secretariat", err, sizeof err) != 0)
		fail_msg("summary_create: %s", err);
}

static int put(struct store *s, const char *lang, const char *text, int base, char *err,
	       size_t errlen)
{
	return summary_put_text(s, "ARG", 1, lang, text, strlen(text), base, "drafter", NULL,
				err, errlen);
}

static void test_summary_create_refusals(void **state)
{
	struct fx *f = *state;
	char err[300];
	const char *const self[] = { "ARG" }, *const bad[] = { "XXX" }, *const twice[] = { "BRA", "BRA" };
	assert_int_equal(summary_create(f->s, "ARG", 1, "de", rv2, 2, "x", err, sizeof err),
			 SUMMARY_INVALID);
	assert_int_equal(summary_create(f->s, "ARG", 5, "en", rv2, 2, "x", err, sizeof err),
			 SUMMARY_INVALID);
	assert_int_equal(summary_create(f->s, "ZZZ", 1, "en", rv2, 2, "x", err, sizeof err),
			 SUMMARY_INVALID);
	assert_non_null(strstr(err, "'ZZZ' is not a party"));
	assert_int_equal(summary_create(f->s, "ARG", 1, "en", self, 1, "x", err, sizeof err),
			 SUMMARY_INVALID);
	assert_int_equal(summary_create(f->s, "ARG", 1, "en", bad, 1, "x", err, sizeof err),
			 SUMMARY_INVALID);
	assert_int_equal(summary_create(f->s, "ARG", 1, "en", twice, 2, "x", err, sizeof err),
			 SUMMARY_INVALID);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summaries", NULL), 0);
	mk(f->s, "ARG", 1, "es");
	/* One summary per reviewed State and phase (C37). */
	assert_int_equal(summary_create(f->s, "ARG", 1, "en", rv2, 2, "x", err, sizeof err),
			 SUMMARY_EXISTS);
	mk(f->s, "ARG", 2, "en");
	struct summary_info si;
	assert_int_equal(summary_load(f->s, "ARG", 3, &si), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_string_equal(si.drafting, "es");
	assert_int_equal(si.version, 0);
	assert_int_equal(si.agreed, 0);
	assert_int_equal(si.nparties, 3);
	assert_string_equal(si.parties[0].state, "ARG");
	assert_true(si.parties[0].is_reviewed);
	assert_string_equal(si.parties[1].state, "BRA");
	assert_string_equal(si.parties[2].state, "DEU");
	assert_int_equal(si.langs[summary_lang_index("es")].status, SUMMARY_ORIGINAL);
	assert_int_equal(si.langs[summary_lang_index("fr")].status, SUMMARY_NONE);
}

/* Para 38: at most 1,500 words in the drafting language; the refusal names
 * the count and writes nothing. */
static void test_summary_word_limit(void **state)
{
	struct fx *f = *state;
	char err[300];
	mk(f->s, "ARG", 1, "ar");
	char *ok = repeat("الدولة", " ", 1500), *over = repeat("الدولة", " ", 1501);
	assert_int_equal(put(f->s, "ar", over, 0, err, sizeof err), SUMMARY_TOO_LONG);
	assert_non_null(strstr(err, "1501 words"));
	assert_non_null(strstr(err, "at most 1500"));
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_versions", NULL), 0);
	assert_int_equal(put(f->s, "ar", ok, 0, err, sizeof err), SUMMARY_OK);
	struct summary_info si;
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.version, 1);
	assert_int_equal(si.words, 1500);
	/* A translation is not counted against the limit (C32). */
	assert_int_equal(summary_request(f->s, "ARG", 1, "en", "sec", err, sizeof err), 0);
	char *en = repeat("State", " ", 1600);
	assert_int_equal(put(f->s, "en", en, 0, err, sizeof err), SUMMARY_OK);
	free(ok);
	free(over);
	free(en);
}

/* Texts are never overwritten: each save is a version, old ones stay
 * readable, a stale base is refused, and the rows cannot be changed. */
static void test_summary_history(void **state)
{
	struct fx *f = *state;
	char err[300];
	int v = 0;
	mk(f->s, "ARG", 1, "en");
	assert_int_equal(put(f->s, "en", "First draft of the summary.", 0, err, sizeof err), 0);
	assert_int_equal(summary_put_text(f->s, "ARG", 1, "en", "Second draft.", 13, 1, "b",
					  &v, err, sizeof err), 0);
	assert_int_equal(v, 2);
	/* A writer who started from version 1 does not overwrite version 2. */
	assert_int_equal(put(f->s, "en", "Late edit.", 1, err, sizeof err), SUMMARY_CONFLICT);
	assert_non_null(strstr(err, "version 2, not 1"));
	struct summary_text t;
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "en", 1, &t), 1);
	assert_string_equal(t.body, "First draft of the summary.");
	assert_int_equal(t.words, 5);
	summary_text_free(&t);
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "en", 0, &t), 1);
	assert_string_equal(t.body, "Second draft.");
	assert_int_equal(t.version, 2);
	assert_string_equal(t.by, "b");
	summary_text_free(&t);
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "en", 3, &t), 0);
	assert_int_equal(summary_text_get(f->s, "ARG", 1, "fr", 0, &t), 0);
	/* Bad text is refused. */
	assert_int_equal(put(f->s, "en", "", 2, err, sizeof err), SUMMARY_INVALID);
	assert_int_equal(put(f->s, "en", "bad \xc3", 2, err, sizeof err), SUMMARY_INVALID);
	assert_non_null(strstr(err, "UTF-8"));
	assert_int_equal(put(f->s, "xx", "text", 2, err, sizeof err), SUMMARY_INVALID);
	assert_int_equal(summary_put_text(f->s, "ARG", 4, "en", "t", 1, 0, "b", NULL, err,
					  sizeof err), SUMMARY_NOT_FOUND);
	/* The store itself refuses to change or remove a version. */
	assert_true(store_exec(f->s, "UPDATE summary_versions SET body = 'forged'") != 0);
	assert_true(store_exec(f->s, "DELETE FROM summary_versions") != 0);
	assert_true(store_exec(f->s, "UPDATE summary_events SET by_whom = 'x'") != 0);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_versions "
					   "WHERE body = 'First draft of the summary.'", NULL), 1);
}

/* Para 39, R111: agreed when the reviewed State and each reviewer agreed
 * to the current text; a later change reopens it. */
static void test_summary_agreement(void **state)
{
	struct fx *f = *state;
	char err[300];
	struct summary_info si;
	mk(f->s, "ARG", 1, "en");
	assert_int_equal(summary_agree(f->s, "ARG", 1, "ARG", 0, "fp", err, sizeof err),
			 SUMMARY_INVALID); /* nothing to agree to */
	assert_int_equal(put(f->s, "en", "The agreed text.", 0, err, sizeof err), 0);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "FRA", 1, "x", err, sizeof err),
			 SUMMARY_INVALID);
	assert_non_null(strstr(err, "FRA is neither"));
	assert_int_equal(summary_agree(f->s, "ARG", 1, "ARG", 2, "x", err, sizeof err),
			 SUMMARY_CONFLICT);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "ARG", 1, "arg-fp", err, sizeof err), 0);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "BRA", 1, "bra-fp", err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 0);
	assert_true(si.parties[0].agreed);
	assert_string_equal(si.parties[0].agreed_by, "arg-fp");
	assert_true(si.parties[1].agreed);
	assert_false(si.parties[2].agreed);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "DEU", 1, "deu-fp", err, sizeof err), 0);
	/* Agreeing twice records nothing new. */
	assert_int_equal(summary_agree(f->s, "ARG", 1, "DEU", 1, "deu-fp", err, sizeof err), 0);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL), 3);
	/* Agreements cannot be withdrawn behind the record's back. */
	assert_true(store_exec(f->s, "DELETE FROM summary_agreements") != 0);
	assert_true(store_exec(f->s, "UPDATE summary_agreements SET version = 9") != 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 1);
	assert_true(si.agreed_at[0] != '\0');
	/* A change reopens agreement; the old agreements stay on record. */
	assert_int_equal(put(f->s, "en", "The changed text.", 1, err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 0);
	assert_int_equal(si.version, 2);
	for (size_t i = 0; i < si.nparties; i++)
		assert_false(si.parties[i].agreed);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL), 3);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_events WHERE event = "
					   "'agreement_reopened'", NULL), 1);
	/* After a redraw, a new reviewer has not agreed yet. */
	const char *const rv[] = { "BRA", "CHL" };
	for (int i = 0; i < 3; i++)
		assert_int_equal(summary_agree(f->s, "ARG", 1, i == 0 ? "ARG" : rv2[i - 1], 2, "x",
					       err, sizeof err), 0);
	assert_int_equal(summary_set_reviewers(f->s, "ARG", 1, rv, 2, "sec", err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 0);
	assert_string_equal(si.parties[2].state, "CHL");
	assert_false(si.parties[2].agreed);
}

/* R145: requested -> in_translation -> revised -> final, final only once
 * agreed and of the agreed text; a change of the source reopens it. */
static void test_summary_translation(void **state)
{
	struct fx *f = *state;
	char err[300];
	struct summary_info si;
	mk(f->s, "ARG", 1, "en");
	assert_int_equal(summary_request(f->s, "ARG", 1, "fr", "sec", err, sizeof err),
			 SUMMARY_INVALID); /* no text yet */
	assert_int_equal(put(f->s, "en", "The text.", 0, err, sizeof err), 0);
	assert_int_equal(put(f->s, "fr", "Le texte.", 0, err, sizeof err), SUMMARY_INVALID);
	assert_non_null(strstr(err, "not requested"));
	assert_int_equal(summary_request(f->s, "ARG", 1, "en", "sec", err, sizeof err),
			 SUMMARY_INVALID); /* the drafting language */
	assert_int_equal(summary_request(f->s, "ARG", 1, "fr", "sec", err, sizeof err), 0);
	assert_int_equal(summary_request(f->s, "ARG", 1, "fr", "sec", err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	int fr = summary_lang_index("fr");
	assert_int_equal(si.langs[fr].status, SUMMARY_REQUESTED);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_REVISED, "t", err,
					    sizeof err), SUMMARY_INVALID); /* skips a step */
	assert_int_equal(put(f->s, "fr", "Le texte.", 0, err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.langs[fr].status, SUMMARY_IN_TRANSLATION);
	assert_int_equal(si.langs[fr].based_on, 1);
	assert_int_equal(si.langs[fr].words, 2);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_REVISED, "rev", err,
					    sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_FINAL, "rev", err,
					    sizeof err), SUMMARY_INVALID);
	assert_non_null(strstr(err, "not agreed"));
	for (int i = 0; i < 3; i++)
		assert_int_equal(summary_agree(f->s, "ARG", 1, i == 0 ? "ARG" : rv2[i - 1], 1, "x",
					       err, sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_FINAL, "rev", err,
					    sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.langs[fr].status, SUMMARY_FINAL);
	assert_false(si.langs[fr].stale);
	/* The source changes: the final translation goes back to revised and
	 * is stale until translated again; it cannot be final meanwhile. */
	assert_int_equal(put(f->s, "en", "The new text.", 1, err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.langs[fr].status, SUMMARY_REVISED);
	assert_true(si.langs[fr].stale);
	for (int i = 0; i < 3; i++)
		assert_int_equal(summary_agree(f->s, "ARG", 1, i == 0 ? "ARG" : rv2[i - 1], 2, "x",
					       err, sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_FINAL, "rev", err,
					    sizeof err), SUMMARY_INVALID);
	assert_non_null(strstr(err, "revise it first"));
	assert_int_equal(put(f->s, "fr", "Le nouveau texte.", 1, err, sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_FINAL, "rev", err,
					    sizeof err), 0);
	/* Every step is on record. */
	assert_true(store_count(f->s, "SELECT count(*) FROM summary_events WHERE lang = 'fr'",
				NULL) >= 7);
	assert_int_equal(summary_status_parse("in_translation"), SUMMARY_IN_TRANSLATION);
	assert_int_equal(summary_status_parse("done"), -2);
	assert_string_equal(summary_status_name(SUMMARY_NONE), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_six_languages),
		cmocka_unit_test(test_words_refusals),
		cmocka_unit_test(test_words_limit_edge),
		cmocka_unit_test_setup_teardown(test_summary_create_refusals, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_summary_word_limit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_summary_history, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_summary_agreement, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_summary_translation, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
