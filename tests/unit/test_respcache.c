/* test_respcache.c - the caches of the responses API (issue 9 benchmark;
 * R69-R70): entity tags matched as HTTP says (lists, weak prefix, "*"),
 * answers content-addressed (the same saved row gives the same text and
 * document, any changed field another), and the texts as the API printed
 * them before the cache. */
#include "testutil.h"

#include <jansson.h>

#include "web/respcache.h"

static void test_etag_matches(void **state)
{
	(void)state;
	const char *t = "\"q-0123456789abcdef0123456789abcdef\"";
	assert_false(respcache_etag_matches(NULL, t));
	assert_false(respcache_etag_matches("", t));
	assert_true(respcache_etag_matches(t, t));
	assert_true(respcache_etag_matches("*", t));
	assert_true(respcache_etag_matches("W/\"q-0123456789abcdef0123456789abcdef\"", t));
	assert_true(respcache_etag_matches("\"x\", \"q-0123456789abcdef0123456789abcdef\"", t));
	assert_false(respcache_etag_matches("\"q-0123456789abcdef0123456789abcdee\"", t));
	/* A prefix of the tag is not the tag. */
	assert_false(respcache_etag_matches("\"q-0123456789abcdef0123456789abcdef", t));
	assert_false(respcache_etag_matches("\"q-0123456789abcdef0123456789abcdef\"x", t));
}

static struct response_answer row(const char *saved_at, const char *text)
{
	struct response_answer a;
	memset(&a, 0, sizeof a);
	snprintf(a.question, sizeof a.question, "untoc.c1.q3");
	a.version = 4;
	snprintf(a.lang, sizeof a.lang, "fr");
	snprintf(a.saved_at, sizeof a.saved_at, "%s", saved_at);
	snprintf(a.saved_by, sizeof a.saved_by, "expert@nga.example");
	a.answer = strdup(text);
	return a;
}

static void test_answer_content_addressed(void **state)
{
	(void)state;
	struct response_review rv;
	memset(&rv, 0, sizeof rv);
	snprintf(rv.reviewed, sizeof rv.reviewed, "NGA");
	rv.phase = 1;
	struct response_answer a = row("2026-12-01T10:00:00Z",
				       "{\"value\":\"Oui.\",\"references\":[]}");
	struct buf one = { 0 }, two = { 0 }, three = { 0 };
	json_t *d1 = respcache_answer(&rv, "untoc", &a, &one);
	json_t *d2 = respcache_answer(&rv, "untoc", &a, &two);
	assert_non_null(d1);
	assert_ptr_equal(d1, d2);          /* the kept document */
	assert_string_equal(buf_str(&one), buf_str(&two));
	assert_string_equal(buf_str(&one),
			    "{\"question\":\"untoc.c1.q3\",\"instrument\":\"untoc\",\"version\":4,"
			    "\"lang\":\"fr\",\"saved_at\":\"2026-12-01T10:00:00Z\",\"saved_by\":"
			    "\"expert@nga.example\",\"value\":\"Oui.\",\"references\":[]}");
	/* The same text saved later: another row, another entry. */
	struct response_answer b = row("2026-12-01T10:00:01Z",
				       "{\"value\":\"Oui.\",\"references\":[]}");
	json_t *d3 = respcache_answer(&rv, "untoc", &b, &three);
	assert_non_null(d3);
	assert_ptr_not_equal(d3, d1);
	assert_non_null(strstr(buf_str(&three), "10:00:01Z"));
	/* Not JSON: nothing appended, NULL. */
	struct response_answer c = row("2026-12-01T10:00:02Z", "{not json");
	struct buf four = { 0 };
	assert_null(respcache_answer(&rv, "untoc", &c, &four));
	assert_int_equal(four.len, 0);
	json_decref(d1);
	json_decref(d2);
	json_decref(d3);
	free(a.answer);
	free(b.answer);
	free(c.answer);
	buf_free(&one);
	buf_free(&two);
	buf_free(&three);
	buf_free(&four);
	respcache_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_etag_matches),
		cmocka_unit_test(test_answer_content_addressed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
