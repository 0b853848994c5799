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
	/* So does a string argument too long for the record: the page would
	 * lose its end (issue 12: the reasons of a redraw's refusal). */
	char big[400], out[500];
	memset(big, 'x', MSG_ARG_MAX);
	big[MSG_ARG_MAX] = '\0';
	msg_set(out, sizeof out, N_("nothing could be drawn; still open (carried to a later "
				    "meeting): %s"), big);
	assert_int_equal(strlen(out), strlen("nothing could be drawn; still open (carried to a "
					     "later meeting): ") + MSG_ARG_MAX);
	assert_null(msg_find(out));
	big[MSG_ARG_MAX - 1] = '\0';
	msg_set(out, sizeof out, N_("nothing could be drawn; still open (carried to a later "
				    "meeting): %s"), big);
	assert_non_null(msg_find(out));
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

/* A message of several clauses (msg_append; issue 12, the redraw's
 * refusal): the English is the clauses' snprintf one after the other, and
 * the record keeps each clause's msgid and arguments, in order, for the
 * page to translate each whole. */
static void test_append_clauses(void **state)
{
	(void)state;
	char err[200];
	msg_set(err, sizeof err, N_("no State can replace %s; of the %d others"), "AAB", 14);
	msg_append(err, sizeof err, N_(", %d already review %s"), 2, "AAA");
	msg_append(err, sizeof err, N_(", %d are full"), 3);
	assert_string_equal(err, "no State can replace AAB; of the 14 others, 2 already review "
			    "AAA, 3 are full");
	const struct msg_rec *m = msg_find(err);
	assert_non_null(m);
	assert_string_equal(m->msgid, "no State can replace %s; of the %d others");
	assert_non_null(m->next);
	assert_string_equal(m->next->msgid, ", %d already review %s");
	assert_int_equal(m->next->nargs, 2);
	assert_string_equal(m->next->args[1].text, "AAA");
	assert_non_null(m->next->next);
	assert_true(m->next->next->args[0].is_num && m->next->next->args[0].num == 3);
	assert_null(m->next->next->next);
	struct buf b = { 0 };
	for (const struct msg_rec *p = m; p; p = p->next)
		msg_format(&b, p == m ? "%2$d autres ; aucun ne remplace %1$s" : p->msgid, p, NULL,
			   NULL);
	assert_string_equal(buf_str(&b), "14 autres ; aucun ne remplace AAB, 2 already review "
			    "AAA, 3 are full");
	buf_free(&b);
	/* A new message starts a new record: no clause of the old one. */
	msg_set(err, sizeof err, N_("no task %lld of an expert of %s"), 7LL, "FRA");
	assert_null(msg_find(err)->next);
	/* A clause added to a text that is not the record's: dropped, the
	 * page shows the English. */
	char other[100] = "written by hand";
	msg_append(other, sizeof other, N_(", %d are full"), 1);
	assert_string_equal(other, "written by hand, 1 are full");
	assert_null(msg_find(other));
	/* Truncated like snprintf; too many clauses drop the record. */
	char small[20];
	msg_set(small, sizeof small, N_("%s has no focal point named"), "FRA");
	msg_append(small, sizeof small, N_(", %d are full"), 1234);
	assert_string_equal(small, "FRA has no focal po");
	msg_set(err, sizeof err, N_("%s has no focal point named"), "X");
	for (int i = 0; i < MSG_MAX_PARTS; i++)
		msg_append(err, sizeof err, N_(", %d are full"), i);
	assert_non_null(msg_find(err));
	msg_append(err, sizeof err, N_(", %d are full"), 9);
	assert_null(msg_find(err));
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
		cmocka_unit_test(test_append_clauses),
		cmocka_unit_test(test_catalogue_french_and_arabic),
		cmocka_unit_test(test_record_is_the_threads),
	};
	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
