/* test_personal.c - no personal address in the public JSON (issue 10,
 * probe s8 F17; C44; docs/disclosure.md): personal_strip() replaces every
 * member naming a person by address with the State, at any depth, and
 * leaves everything else as it was. */
#include "testutil.h"

#include <string.h>

#include "web/personal.h"

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *j = json_loads(s, 0, &e);
	assert_non_null(j);
	return j;
}

static void test_strip_cases(void **state)
{
	(void)state;
	/* input, reviewed State (NULL: none), expected output */
	static const char *const cases[][3] = {
		/* a summary's parties: each its own State; the text's author null */
		{ "{\"parties\":[{\"state\":\"AUT\",\"agreed_by\":\"fp@aut.test\"},"
		  "{\"state\":\"ERI\",\"agreed_by\":\"fp@eri.test\"}],"
		  "\"text\":{\"saved_by\":\"ex@nor.test\",\"body\":\"x@y\"}}", NULL,
		  "{\"parties\":[{\"state\":\"AUT\",\"agreed_by\":\"AUT\"},"
		  "{\"state\":\"ERI\",\"agreed_by\":\"ERI\"}],"
		  "\"text\":{\"saved_by\":null,\"body\":\"x@y\"}}" },
		/* an answer and its documents: the reviewed State */
		{ "{\"current\":{\"saved_by\":\"ex@blz.test\",\"value\":\"partly\"},"
		  "\"history\":[{\"saved_by\":\"ex@blz.test\"}],"
		  "\"attachments\":[{\"id\":\"d1\",\"uploaded_by\":\"ex@blz.test\"}]}", "BLZ",
		  "{\"current\":{\"saved_by\":\"BLZ\",\"value\":\"partly\"},"
		  "\"history\":[{\"saved_by\":\"BLZ\"}],"
		  "\"attachments\":[{\"id\":\"d1\",\"uploaded_by\":\"BLZ\"}]}" },
		/* every named key; a null stays null; a number is no address */
		{ "{\"submitted_by\":\"a@b.c\",\"sent_by\":\"a@b.c\",\"author\":\"a@b.c\","
		  "\"by\":\"a@b.c\",\"email\":\"a@b.c\",\"agreed_by\":null,\"id\":3}", "AUT",
		  "{\"submitted_by\":\"AUT\",\"sent_by\":\"AUT\",\"author\":\"AUT\","
		  "\"by\":\"AUT\",\"email\":\"AUT\",\"agreed_by\":null,\"id\":3}" },
		/* nothing personal: unchanged */
		{ "[1,\"fp@aut.test\",{\"note\":\"n\"}]", "AUT", "[1,\"fp@aut.test\",{\"note\":\"n\"}]" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *j = parse(cases[i][0]), *want = parse(cases[i][2]);
		personal_strip(j, cases[i][1]);
		if (!json_equal(j, want)) {
			char *got = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
			fail_msg("case %zu: got %s", i, got);
		}
		json_decref(j);
		json_decref(want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_cases),
	};
	return cmocka_run_group_tests_name("personal", tests, NULL, NULL);
}
