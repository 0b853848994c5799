/* test_output.c - summaries (issue 10; annex paras 38-39, R110, R111, R145,
 * C32, C37): the word count, the stored summary and its agreement, the PDF
 * and HTML exports and their signature. */
#include "testutil.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_six_languages),
		cmocka_unit_test(test_words_refusals),
		cmocka_unit_test(test_words_limit_edge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
