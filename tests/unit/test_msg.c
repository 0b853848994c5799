/* test_msg.c - domain errors the pages translate (util/msg.h; issues 9
 * and 10): the English text is exactly snprintf's (CLI and API unchanged),
 * the record gives the msgid and its arguments to the page's language,
 * numbered placeholders reorder them, and a record is the calling
 * thread's only. */
#include "testutil.h"

#include <pthread.h>

#include "i18n/i18n.h"
#include "util/msg.h"

static void put_num(struct buf *b, const void *lang, long long n)
{
	i18n_put_number(b, lang, n);
}

static void test_english_is_snprintf_and_recorded(void **state)
{
	(void)state;
	char err[200], want[200];
	msg_set(err, sizeof err, N_("the text is longer than %d characters (%ld): send longer "
				    "notes as an attachment"), 20000, 20001L);
	snprintf(want, sizeof want, "the text is longer than %d characters (%ld): send longer "
		 "notes as an attachment", 20000, 20001L);
	assert_string_equal(err, want);
	const struct msg_rec *m = msg_find(err);
	assert_non_null(m);
	assert_int_equal(m->nargs, 2);
	assert_true(m->args[0].is_num && m->args[0].num == 20000);
	assert_true(m->args[1].is_num && m->args[1].num == 20001);
	/* A precision cuts a string argument as printf does. */
	msg_set(err, sizeof err, N_("unknown question '%.4s' in %s"), "abcdefgh", "X");
	assert_string_equal(err, "unknown question 'abcd' in X");
	m = msg_find(err);
	assert_non_null(m);
	assert_string_equal(m->args[0].text, "abcd");
	/* Truncated like snprintf; the record still matches the text kept. */
	char small[10];
	msg_set(small, sizeof small, N_("phase %d of %s"), 3, "ANGOLA");
	assert_string_equal(small, "phase 3 o");
	assert_non_null(msg_find(small));
}

static void test_find_only_the_last_text(void **state)
{
	(void)state;
	char a[100], b[100];
	msg_set(a, sizeof a, N_("no task %lld of an expert of %s"), 7LL, "FRA");
	msg_set(b, sizeof b, N_("%s has no focal point named"), "FRA");
	assert_null(msg_find(a)); /* overwritten since: the page falls back */
	assert_non_null(msg_find(b));
	assert_null(msg_find("something else"));
	assert_null(msg_find(NULL));
	/* An unsupported conversion drops the record (the English stays). */
	msg_set(a, sizeof a, "%x items", 255u);
	assert_string_equal(a, "ff items");
	assert_null(msg_find(a));
}

static void test_format_in_order_reordered_and_numbers(void **state)
{
	(void)state;
	char err[200];
	msg_set(err, sizeof err, N_("%s is in charge of %s only in the review of %s (para 28 b)"),
		"JAM", "tip", "ATG");
	const struct msg_rec *m = msg_find(err);
	assert_non_null(m);
	struct buf b = { 0 };
	msg_format(&b, "%3$s: %1$s / %2$s (%%)", m, NULL, NULL);
	assert_string_equal(buf_str(&b), "ATG: JAM / tip (%)");
	buf_reset(&b);
	msg_set(err, sizeof err, N_("the summary has %ld words in %s; at most %d are allowed "
				    "(annex para 38): remove %ld"), 1501L, "ar", 1500, 1L);
	m = msg_find(err);
	assert_non_null(m);
	msg_format(&b, "%2$s: %1$ld > %3$d (-%4$ld)", m, put_num, "fr");
	assert_string_equal(buf_str(&b), "ar: 1\u202f501 > 1\u202f500 (-1)");
	buf_reset(&b);
	/* A placeholder with no argument is left out, never read. */
	msg_format(&b, "%s %s %s %9$d.", m, NULL, NULL);
	assert_string_equal(buf_str(&b), "1501 ar 1500 .");
	buf_free(&b);
}

/* A module's own variadic helper (findings/list.c's item errors). */
__attribute__((format(printf, 3, 4)))
static int item_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	msg_vset(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void test_internal_const_and_vset(void **state)
{
	(void)state;
	char err[100];
	msg_internal(err, sizeof err, "database is locked");
	assert_string_equal(err, "database is locked");
	const struct msg_rec *m = msg_find(err);
	assert_non_null(m);
	assert_string_equal(m->msgid, MSG_INTERNAL);
	assert_string_equal(m->args[0].text, "database is locked");
	msg_const(err, sizeof err, N_("no such item"));
	m = msg_find(err);
	assert_non_null(m);
	assert_int_equal(m->nargs, 0);
	assert_string_equal(m->msgid, "no such item");
	assert_int_equal(item_fail(err, sizeof err, N_("item %zu: key '%s' is given twice"),
				   (size_t)3, "i2"), -1);
	assert_string_equal(err, "item 3: key 'i2' is given twice");
	m = msg_find(err);
	assert_non_null(m);
	assert_true(m->args[0].is_num && m->args[0].num == 3);
	assert_string_equal(m->args[1].text, "i2");
}

/* The real catalogues: a message with figures in French and Arabic. */
static void test_catalogue_french_and_arabic(void **state)
{
	(void)state;
	char err[200];
	assert_true(i18n_load(RM_SRCDIR "/po", err, sizeof err) >= 0);
	msg_set(err, sizeof err, N_("the text is longer than %d characters (%ld): send longer "
				    "notes as an attachment"), 20000, 20001L);
	const struct msg_rec *m = msg_find(err);
	assert_non_null(m);
	struct buf b = { 0 };
	msg_format(&b, i18n_get("fr", m->msgid), m, put_num, "fr");
	assert_string_equal(buf_str(&b), "Le texte dépasse 20\u202f000 caractères (20\u202f001) : "
			    "envoyez les notes plus longues en pièce jointe.");
	buf_reset(&b);
	msg_format(&b, i18n_get("ar", m->msgid), m, put_num, "ar");
	assert_non_null(strstr(buf_str(&b), "٢٠٬٠٠٠"));
	buf_reset(&b);
	msg_format(&b, i18n_get("en", m->msgid), m, put_num, "en");
	assert_non_null(strstr(buf_str(&b), "longer than 20,000 characters (20,001)"));
	buf_free(&b);
	i18n_free();
}

static void *other_thread(void *arg)
{
	return (void *)msg_find(arg);
}

static void test_record_is_the_threads(void **state)
{
	(void)state;
	char err[100];
	msg_set(err, sizeof err, N_("%s has no focal point named"), "KEN");
	pthread_t t;
	void *seen = (void *)1;
	assert_int_equal(pthread_create(&t, NULL, other_thread, err), 0);
	assert_int_equal(pthread_join(t, &seen), 0);
	assert_null(seen);
	assert_non_null(msg_find(err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_is_snprintf_and_recorded),
		cmocka_unit_test(test_find_only_the_last_text),
		cmocka_unit_test(test_format_in_order_reordered_and_numbers),
		cmocka_unit_test(test_internal_const_and_vset),
		cmocka_unit_test(test_catalogue_french_and_arabic),
		cmocka_unit_test(test_record_is_the_threads),
	};
	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
