/* test_output.c - summaries (issue 10; annex paras 38-39, R110, R111, R145,
 * C32, C37): the word count, the stored summary and its agreement, the PDF
 * and HTML exports and their signature. */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "archive/archive.h"
#include "core/refdata.h"
#include "output/export.h"
#include "output/pdf.h"
#include "output/sign.h"
#include "output/summary.h"
#include "output/words.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define BIN RM_SRCDIR "/build/san/revmech"

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
	/* Agreements are archived (R94): the archive's keys, in the test dir. */
	snprintf(path, sizeof path, "%s/summary.archive.key", f->dir);
	if (archive_key_load(path, 1, err, sizeof err) != 0)
		fail_msg("archive_key_load: %s", err);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	archive_key_unload();
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
	/* R94, R111: each agreement is one archived record (kind agreement,
	 * in the review's agreements thread), its id kept with it; agreeing
	 * twice archives nothing new. */
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM archive_records WHERE kind = "
				     "'agreement' AND reviewed = ? AND phase = 1 AND instrument = "
				     "'" ARCHIVE_THREAD_LIST_AGREEMENTS "'", "ARG"), 3);
	assert_int_equal(store_count(f->s, "SELECT count(DISTINCT a.archive_seq) FROM "
				     "summary_agreements a JOIN archive_records r ON r.seq = "
				     "a.archive_seq AND r.kind = 'agreement' WHERE r.author = a.by_whom "
				     "AND a.party <> ?", "-"), 3);
	assert_int_equal(archive_size(f->s), 3);
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
	/* Without the archive key an agreement is refused and nothing written. */
	long long n = store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL);
	archive_key_unload();
	assert_int_equal(summary_agree(f->s, "ARG", 1, "CHL", 2, "chl-fp", err, sizeof err),
			 SUMMARY_ERR);
	assert_non_null(strstr(err, "archive key"));
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL), n);
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

/* ---- signature, PDF and HTML (R111; para 38) ---- */

static void test_sign_key_file(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[300];
	struct sign_key k1, k2;
	snprintf(path, sizeof path, "%s/db.sign", dir);
	assert_int_equal(sign_key_load(path, &k1, err, sizeof err), 0);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* The same key the second time. */
	assert_int_equal(sign_key_load(path, &k2, err, sizeof err), 0);
	assert_memory_equal(k1.pk, k2.pk, sizeof k1.pk);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(sign_key_load(path, &k2, err, sizeof err), -1);
	assert_non_null(strstr(err, "readable by group or others"));
	sign_key_wipe(&k1);
	sign_key_wipe(&k2);
	tu_rmdir(dir);
}

static void test_sign_pack_verify(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[600], err[300];
	struct sign_key k, other;
	snprintf(path, sizeof path, "%s/a.sign", dir);
	assert_int_equal(sign_key_load(path, &k, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/b.sign", dir);
	assert_int_equal(sign_key_load(path, &other, err, sizeof err), 0);
	static const char text[] = "Le texte convenu.\n\nDeuxième paragraphe.";
	char h1[] = "00ff", h2[] = "0123456789abcdef";
	struct sign_doc d = { .state = "FRA", .phase = 2, .lang = "fr", .drafting = "fr",
			      .version = 3, .source_version = 3,
			      .agreed = "FRA 2026-01-01T00:00:00Z; DEU 2026-01-02T00:00:00Z",
			      .archive = { h1, h2 }, .narchive = 2, .text = text,
			      .len = sizeof text - 1 };
	struct buf doc = { 0 }, packed = { 0 };
	assert_int_equal(sign_canonical(&d, &doc, err, sizeof err), 0);
	sign_pack(&k, doc.p, doc.len, &packed);
	struct sign_check c;
	sign_unpack_verify(packed.p, packed.len, NULL, &c);
	assert_true(c.valid);
	assert_memory_equal(c.pk, k.pk, sizeof k.pk);
	struct sign_doc back;
	assert_int_equal(sign_parse(c.doc, c.ndoc, &back, err, sizeof err), 0);
	assert_string_equal(back.state, "FRA");
	assert_int_equal(back.phase, 2);
	assert_int_equal(back.version, 3);
	assert_int_equal(back.narchive, 2);
	assert_string_equal(back.archive[1], h2);
	assert_int_equal(back.len, sizeof text - 1);
	assert_memory_equal(back.text, text, back.len);
	sign_doc_free(&back);
	free(c.doc);
	/* The expected key: the right one passes, another one fails. */
	sign_unpack_verify(packed.p, packed.len, k.pk, &c);
	assert_true(c.valid);
	free(c.doc);
	sign_unpack_verify(packed.p, packed.len, other.pk, &c);
	assert_false(c.valid);
	assert_non_null(strstr(c.failed, "another key"));
	free(c.doc);
	/* A hash that is not hex is refused before anything is signed. */
	char bad[] = "xyz";
	d.archive[0] = bad;
	buf_reset(&doc);
	assert_int_equal(sign_canonical(&d, &doc, err, sizeof err), -1);
	assert_non_null(strstr(err, "'xyz'"));
	buf_free(&doc);
	buf_free(&packed);
	sign_key_wipe(&k);
	sign_key_wipe(&other);
	tu_rmdir(dir);
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Standard output of a shell command, as a NUL-terminated buffer. */
static char *run_out(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, n);
	int st = pclose(p);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/* Removes spaces and the bidi embedding marks U+202A-U+202E in place. */
static void squeeze(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		if (*r == ' ') {
			r++;
		} else if ((unsigned char)r[0] == 0xe2 && (unsigned char)r[1] == 0x80 &&
			   (unsigned char)r[2] >= 0xaa && (unsigned char)r[2] <= 0xae) {
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Pixels darker than mid-grey on page 1 rendered by pdftoppm as PGM. */
static long dark_pixels(const char *dir, const char *pdf)
{
	char cmd[1400], pgm[700];
	snprintf(cmd, sizeof cmd, "pdftoppm -r 40 -gray -f 1 -l 1 -singlefile '%s' '%s/page'",
		 pdf, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(pgm, sizeof pgm, "%s/page.pgm", dir);
	FILE *f = fopen(pgm, "rb");
	assert_non_null(f);
	int w, h, max;
	assert_int_equal(fscanf(f, "P5 %d %d %d", &w, &h, &max), 3);
	fgetc(f);
	long dark = 0;
	for (long i = 0; i < (long)w * h; i++) {
		int c = fgetc(f);
		assert_true(c != EOF);
		if (c < 128)
			dark++;
	}
	fclose(f);
	/* An A4 page at 40 dpi: 331 x 468. */
	assert_int_equal(w, 331);
	return dark;
}

/* Agrees the current drafting version on behalf of all three parties. */
static void agree_all(struct store *s, const char *reviewed, int phase, int version)
{
	char err[300];
	const char *const who[] = { reviewed, rv2[0], rv2[1] };
	for (int i = 0; i < 3; i++)
		if (summary_agree(s, reviewed, phase, who[i], version, "fp", err, sizeof err) != 0)
			fail_msg("agree %s: %s", who[i], err);
}

/* The text's letters in reading order, for comparing a source string with
 * what pdftotext gives back: no ASCII whitespace (pdftotext breaks lines
 * and puts spaces inside words where glyph clusters end), no bidi controls
 * (U+200E-U+200F, U+202A-U+202E, U+2066-U+2069: it wraps each run in them)
 * and no Arabic short vowels or tanwin (U+064B-U+0652, U+0670): typed
 * after their letter, they come back from the glyph they are drawn on,
 * e.g. the tanwin of "قانوناً" before the alef; the order of the letters
 * is what logical order means. */
static void logical_norm(char *s)
{
	char *w = s;
	for (const unsigned char *r = (const unsigned char *)s; *r;) {
		if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r' || *r == '\f') {
			r++;
		} else if (r[0] == 0xe2 && r[1] == 0x80 &&
			   (r[2] == 0x8e || r[2] == 0x8f || (r[2] >= 0xaa && r[2] <= 0xae))) {
			r += 3;
		} else if (r[0] == 0xe2 && r[1] == 0x81 && r[2] >= 0xa6 && r[2] <= 0xa9) {
			r += 3;
		} else if (r[0] == 0xd9 && ((r[1] >= 0x8b && r[1] <= 0x92) || r[1] == 0xb0)) {
			r += 2;
		} else {
			*w++ = (char)*r++;
		}
	}
	*w = '\0';
}

/* pdffonts on path: every font embedded, every one a Noto font (a subset,
 * "ABCDEF+Noto..."), and one of them of the family want. */
static void fonts_check(const char *path, const char *want)
{
	char cmd[800];
	int st, rows = 0, wanted = 0;
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
	char *out = run_out(cmd, &st);
	assert_int_equal(st, 0);
	/* Two header lines, then "name type... encoding emb sub uni id gen"
	 * (the type may have spaces: the fields are read from the end). */
	char *save = NULL, *line = strtok_r(out, "\n", &save);
	for (int n = 0; line; line = strtok_r(NULL, "\n", &save), n++) {
		if (n < 2)
			continue;
		char *tok[16], *ts = NULL;
		int nt = 0;
		for (char *t = strtok_r(line, " ", &ts); t && nt < 16; t = strtok_r(NULL, " ", &ts))
			tok[nt++] = t;
		assert_true(nt >= 7);
		if (strcmp(tok[nt - 5], "yes") != 0)
			fail_msg("%s: font %s not embedded", path, tok[0]);
		const char *plus = strchr(tok[0], '+');
		if (!plus || strncmp(plus + 1, "Noto", 4) != 0)
			fail_msg("%s: font %s is not a Noto font", path, tok[0]);
		wanted += strstr(tok[0], want) != NULL;
		rows++;
	}
	assert_true(rows > 0);
	if (!wanted)
		fail_msg("%s: no %s font", path, want);
	free(out);
}

/* How many Arabic letters the NotoNaskhArabic fonts of path draw with more
 * than one glyph in the summary's text (tests/unit/pdf_glyphs.py): 0 for
 * unshaped Arabic (every letter in its isolated form), 10 for ar_text.
 * Only the glyphs drawn at the body's size count (pdf.c: 11 pt, a text
 * matrix of 11 x 96 / 72 at pango's resolution), so that the shaped
 * headings do not hide an unshaped text. */
static long shaped_letters(const char *path)
{
	char cmd[1200], *save = NULL;
	int st;
	long n = 0;
	snprintf(cmd, sizeof cmd, "python3 '%s/tests/unit/pdf_glyphs.py' '%s' 14.667", RM_SRCDIR,
		 path);
	char *out = run_out(cmd, &st);
	assert_int_equal(st, 0);
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp = strrchr(line, ' ');
		if (sp && strstr(line, "NotoNaskhArabic"))
			n += strtol(sp + 1, NULL, 10);
	}
	free(out);
	return n;
}

static const char ar_text[] = "اعتمدت الدولة الطرف قانوناً بشأن تسليم المجرمين.\n\n"
			      "وأوصى الخبراء بتعزيز التعاون الدولي.";
static const char zh_text[] = "审议结束时，摘要被翻译成六种语言。";

static void test_pdf_signed_and_checked(void **state)
{
	struct fx *f = *state;
	char err[300], path[700], cmd[1600];
	struct sign_key k;
	snprintf(path, sizeof path, "%s/db.sign", f->dir);
	assert_int_equal(sign_key_load(path, &k, err, sizeof err), 0);
	mk(f->s, "ARG", 1, "ar");
	assert_int_equal(put(f->s, "ar", ar_text, 0, err, sizeof err), 0);
	const char *const arch[] = { "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
				     "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752" };
	struct export_opts eo = { .key = &k, .archive = arch, .narchive = 2 };
	struct buf pdf = { 0 };
	int is_signed = -1;
	/* Not agreed yet: a draft, not signed. */
	assert_int_equal(export_summary(f->s, "ARG", 1, "ar", EXPORT_PDF, &eo, &pdf, &is_signed,
					err, sizeof err), 0);
	assert_int_equal(is_signed, 0);
	struct export_check c;
	assert_int_equal(export_verify_pdf(pdf.p, pdf.len, NULL, &c), 0);
	assert_non_null(strstr(c.sig.failed, "not signed"));
	export_check_free(&c);
	agree_all(f->s, "ARG", 1, 1);
	buf_reset(&pdf);
	assert_int_equal(export_summary(f->s, "ARG", 1, "ar", EXPORT_PDF, &eo, &pdf, &is_signed,
					err, sizeof err), 0);
	assert_int_equal(is_signed, 1);
	assert_int_equal(export_verify_pdf(pdf.p, pdf.len, k.pk, &c), 1);
	assert_string_equal(c.doc.state, "ARG");
	assert_string_equal(c.doc.lang, "ar");
	assert_int_equal(c.doc.version, 1);
	assert_int_equal(c.doc.narchive, 2);
	assert_string_equal(c.doc.archive[0], arch[0]);
	assert_int_equal(c.doc.len, sizeof ar_text - 1);
	assert_memory_equal(c.doc.text, ar_text, c.doc.len);
	assert_non_null(strstr(c.doc.agreed, "ARG 20"));
	assert_non_null(strstr(c.doc.agreed, "DEU 20"));
	export_check_free(&c);

	/* One byte changed in the embedded text, the signature or the key:
	 * each fails.  The block is "revmech-sig/1 TEXT SIG KEY". */
	const char *kw = memmem(pdf.p, pdf.len, "revmech-sig/1 ", 14);
	assert_non_null(kw);
	const char *s1 = strchr(kw + 14, ' '), *s2 = strchr(s1 + 1, ' ');
	size_t at[3] = { (size_t)(kw + 14 + 40 - pdf.p), (size_t)(s1 + 5 - pdf.p),
			 (size_t)(s2 + 7 - pdf.p) };
	for (int i = 0; i < 3; i++) {
		char was = pdf.p[at[i]];
		/* a different character of the same alphabet (base64 or hex) */
		pdf.p[at[i]] = was == 'a' ? 'b' : 'a';
		assert_int_equal(export_verify_pdf(pdf.p, pdf.len, NULL, &c), 0);
		assert_true(c.sig.failed[0] != '\0');
		export_check_free(&c);
		pdf.p[at[i]] = was;
	}
	assert_int_equal(export_verify_pdf(pdf.p, pdf.len, NULL, &c), 1);
	export_check_free(&c);

	/* pdftotext gives the Arabic back; pdftoppm draws a non-blank page. */
	snprintf(path, sizeof path, "%s/ar.pdf", f->dir);
	write_file(path, pdf.p, pdf.len);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
	char *txt = run_out(cmd, NULL);
	assert_non_null(strstr(txt, "الدولة"));
	assert_non_null(strstr(txt, "المجرمين"));
	assert_non_null(strstr(txt, "التعاون"));
	/* The page number in Arabic-Indic digits (pdftotext spaces it at
	 * will and wraps it in bidi marks: compare without them). */
	squeeze(txt);
	assert_non_null(strstr(txt, "١/١"));
	/* The whole text in logical order, as typed: reversed (visual order)
	 * Arabic fails here.  pdftotext, raw (-raw) or not, gives this PDF's
	 * Arabic in logical order: -raw a glyph a line, both in reading order;
	 * the default is what a reader copies. */
	char *want = xstrdup(ar_text);
	logical_norm(want);
	logical_norm(txt);
	if (!strstr(txt, want))
		fail_msg("the Arabic is not in logical order: got %s", txt);
	free(want);
	free(txt);
	/* Embedded Noto Naskh Arabic, and shaped: unshaped Arabic (isolated
	 * forms) gives the same letters back to pdftotext. */
	fonts_check(path, "NotoNaskhArabic");
	assert_true(shaped_letters(path) >= 5);
	assert_true(dark_pixels(f->dir, path) > 300);
	/* The CLI's verify on the file: exit 0, then 2 once altered. */
	snprintf(cmd, sizeof cmd, "'%s' summary verify '%s' 2>&1", BIN, path);
	int st;
	txt = run_out(cmd, &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(txt, "valid: the agreed summary of ARG, phase 1, in ar"));
	assert_non_null(strstr(txt, arch[1]));
	free(txt);
	pdf.p[at[1]] = pdf.p[at[1]] == 'a' ? 'b' : 'a';
	write_file(path, pdf.p, pdf.len);
	txt = run_out(cmd, &st);
	assert_int_equal(st, 2);
	assert_non_null(strstr(txt, "NOT VALID"));
	free(txt);
	buf_free(&pdf);

	/* Chinese, as a final translation of the agreed text. */
	assert_int_equal(summary_request(f->s, "ARG", 1, "zh", "sec", err, sizeof err), 0);
	assert_int_equal(put(f->s, "zh", zh_text, 0, err, sizeof err), 0);
	assert_int_equal(export_summary(f->s, "ARG", 1, "zh", EXPORT_PDF, &eo, &pdf, &is_signed,
					err, sizeof err), 0);
	assert_int_equal(is_signed, 0); /* in translation: not yet the official text */
	buf_reset(&pdf);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "zh", SUMMARY_REVISED, "r", err,
					    sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "zh", SUMMARY_FINAL, "r", err,
					    sizeof err), 0);
	assert_int_equal(export_summary(f->s, "ARG", 1, "zh", EXPORT_PDF, &eo, &pdf, &is_signed,
					err, sizeof err), 0);
	assert_int_equal(is_signed, 1);
	assert_int_equal(export_verify_pdf(pdf.p, pdf.len, k.pk, &c), 1);
	assert_string_equal(c.doc.lang, "zh");
	assert_string_equal(c.doc.drafting, "ar");
	export_check_free(&c);
	snprintf(path, sizeof path, "%s/zh.pdf", f->dir);
	write_file(path, pdf.p, pdf.len);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
	txt = run_out(cmd, NULL);
	assert_non_null(strstr(txt, "审议结束时"));
	assert_non_null(strstr(txt, "翻译成六种语言"));
	assert_non_null(strstr(txt, "意见清单摘要")); /* the title */
	free(txt);
	fonts_check(path, "NotoSansCJK");
	assert_true(dark_pixels(f->dir, path) > 300);
	buf_free(&pdf);
	sign_key_wipe(&k);
}

/* The checks of test_pdf_signed_and_checked can fail: Arabic typed in
 * reverse (what a PDF in visual order gives back) is not found in logical
 * order, and letters kept apart by ZWNJ (U+200C: each in its isolated
 * form, as an unshaping renderer draws them) count as unshaped. */
static void test_pdf_arabic_checks_catch_broken(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[700], cmd[1400], err[300];
	const char *para = ar_text;
	size_t n = strlen(para);
	struct buf rev = { 0 }, apart = { 0 };
	/* Reversed by code point (the Arabic letters are two bytes each). */
	for (size_t i = n; i > 0;) {
		size_t k = i - 1;
		while (k > 0 && ((unsigned char)para[k] & 0xc0) == 0x80)
			k--;
		buf_append(&rev, para + k, i - k);
		i = k;
	}
	for (size_t i = 0; i < n;) {
		size_t k = i + 1;
		while (k < n && ((unsigned char)para[k] & 0xc0) == 0x80)
			k++;
		if (i)
			buf_puts(&apart, "\u200c");
		buf_append(&apart, para + i, k - i);
		i = k;
	}
	const char *texts[] = { para, buf_str(&rev), buf_str(&apart) };
	for (int t = 0; t < 3; t++) {
		struct pdf_summary ps = { .lang = "ar", .state_name = "الأرجنتين", .phase = 1,
					  .text = texts[t], .len = strlen(texts[t]) };
		struct buf pdf = { 0 };
		assert_int_equal(pdf_render(&ps, &pdf, NULL, err, sizeof err), 0);
		snprintf(path, sizeof path, "%s/t%d.pdf", dir, t);
		write_file(path, pdf.p, pdf.len);
		buf_free(&pdf);
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
		char *txt = run_out(cmd, NULL), *want = xstrdup(para);
		logical_norm(txt);
		logical_norm(want);
		long shaped = shaped_letters(path);
		if (t == 0) {
			assert_non_null(strstr(txt, want));
			assert_true(shaped >= 5);
		} else if (t == 1) {
			assert_null(strstr(txt, want));
		} else {
			assert_int_equal(shaped, 0);
		}
		free(want);
		free(txt);
	}
	buf_free(&rev);
	buf_free(&apart);
	tu_rmdir(dir);
}

/* A 1,500-word summary runs over pages, each numbered "n / N". */
static void test_pdf_pages(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[700], cmd[1400], err[300];
	char *text = repeat("observation", " ", 1500);
	struct pdf_summary ps = { .lang = "en", .state_name = "Argentina", .phase = 1,
				  .text = text, .len = strlen(text) };
	struct buf pdf = { 0 };
	int pages = 0;
	assert_int_equal(pdf_render(&ps, &pdf, &pages, err, sizeof err), 0);
	assert_true(pages >= 3);
	snprintf(path, sizeof path, "%s/en.pdf", dir);
	write_file(path, pdf.p, pdf.len);
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
	char *info = run_out(cmd, NULL), want[64];
	const char *pg = strstr(info, "Pages:");
	assert_non_null(pg);
	assert_int_equal(strtol(pg + 6, NULL, 10), pages);
	assert_non_null(strstr(info, "A4"));
	free(info);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
	char *txt = run_out(cmd, NULL);
	assert_non_null(strstr(txt, "Summary of the list of observations"));
	assert_non_null(strstr(txt, "Argentina"));
	assert_non_null(strstr(txt, "Draft, not yet agreed"));
	/* Every page numbered, "n / N" (compared without spaces). */
	squeeze(txt);
	for (int i = 1; i <= pages; i++) {
		snprintf(want, sizeof want, "%d/%d", i, pages);
		assert_non_null(strstr(txt, want));
	}
	free(txt);
	free(text);
	buf_free(&pdf);
	tu_rmdir(dir);
}

static void test_html_export(void **state)
{
	(void)state;
	char err[300];
	static const char t[] = "Para <one> & \"two\".\n\nSecond <script>x</script>\nline.";
	struct pdf_summary ps = { .lang = "ar", .state_name = "الأرجنتين", .phase = 2,
				  .text = t, .len = sizeof t - 1 };
	struct buf h = { 0 };
	assert_int_equal(pdf_render_html(&ps, &h, err, sizeof err), 0);
	assert_non_null(strstr(h.p, "<html lang=\"ar\" dir=\"rtl\">"));
	assert_non_null(strstr(h.p, "<h2>الأرجنتين</h2>"));
	assert_non_null(strstr(h.p, "<p>Para &lt;one&gt; &amp; &quot;two&quot;.</p>"));
	assert_non_null(strstr(h.p, "<p>Second &lt;script&gt;x&lt;/script&gt;<br>\nline.</p>"));
	assert_null(strstr(h.p, "<script>"));
	assert_non_null(strstr(h.p, "المرحلة ٢"));
	buf_reset(&h);
	ps.lang = "fr";
	assert_int_equal(pdf_render_html(&ps, &h, err, sizeof err), 0);
	assert_non_null(strstr(h.p, "dir=\"ltr\""));
	assert_non_null(strstr(h.p, "Phase 2"));
	ps.lang = "de";
	assert_int_equal(pdf_render_html(&ps, &h, err, sizeof err), -1);
	buf_free(&h);
}

/* The command line: count, create, put, agree, render, verify. */
static void test_summary_cli(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), cmd[2400], p[700];
	int st;
	char *out;
#define SH(...) (snprintf(cmd, sizeof cmd, __VA_ARGS__), out = run_out(cmd, &st))
	char *t1500 = repeat("gap", " ", 1500), *t1501 = repeat("gap", " ", 1501);
	snprintf(p, sizeof p, "%s/1500.txt", dir);
	write_file(p, t1500, strlen(t1500));
	snprintf(p, sizeof p, "%s/1501.txt", dir);
	write_file(p, t1501, strlen(t1501));
	free(t1500);
	free(t1501);
	SH("'%s' summary count --lang en '%s/1500.txt' 2>&1", BIN, dir);
	assert_int_equal(st, 0);
	assert_string_equal(out, "1500\n");
	free(out);
	SH("'%s' summary count --lang en '%s/1501.txt' 2>&1", BIN, dir);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "1501\n"));
	assert_non_null(strstr(out, "1501 words, over the limit of 1500"));
	free(out);
	SH("printf '审议结束时，摘要被翻译成六种语言。' | '%s' summary count --lang zh - 2>&1", BIN);
	assert_int_equal(st, 0);
	assert_string_equal(out, "9\n");
	free(out);
	SH("'%s' summary count '%s/1500.txt' 2>&1", BIN, dir);
	assert_int_equal(st, 1);
	free(out);
	SH("'%s' summary count --lang de '%s/1500.txt' 2>&1", BIN, dir);
	assert_int_equal(st, 2);
	free(out);

	SH("cd '%s' && '%s' init --db s.db --data '%s/data' >/dev/null 2>&1 && "
	   "'%s' summary create --db s.db --state ARG --phase 1 --lang en --reviewers BRA,DEU "
	   "--by sec 2>&1", dir, BIN, RM_SRCDIR, BIN);
	assert_int_equal(st, 0);
	free(out);
	/* Over the limit: refused, naming the count; nothing saved. */
	SH("cd '%s' && '%s' summary put --db s.db --state ARG --phase 1 --lang en --base 0 "
	   "--by d 1501.txt 2>&1", dir, BIN);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "1501 words"));
	free(out);
	SH("cd '%s' && '%s' summary put --db s.db --state ARG --phase 1 --lang en --base 0 "
	   "--by d 1500.txt 2>&1 && for p in ARG BRA DEU; do '%s' summary agree --db s.db "
	   "--state ARG --phase 1 --party $p --version 1 --by fp || exit 9; done 2>&1", dir, BIN,
	   BIN);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "saved en version 1"));
	free(out);
	SH("cd '%s' && '%s' summary show --db s.db --state ARG --phase 1 2>&1", dir, BIN);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "version 1, 1500 words, agreed"));
	free(out);
	SH("cd '%s' && '%s' summary render --db s.db --state ARG --phase 1 --lang en --out s.pdf "
	   "--archive 00aa,11bb 2>&1 && '%s' summary render --db s.db --state ARG --phase 1 "
	   "--lang en --out s.html 2>&1 && stat -c %%a s.db.sign", dir, BIN, BIN);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "signed: the agreed text"));
	assert_non_null(strstr(out, "\n600\n"));
	free(out);
	SH("cd '%s' && grep -c 'lang=\"en\" dir=\"ltr\"' s.html", dir);
	assert_string_equal(out, "1\n");
	free(out);
	SH("cd '%s' && '%s' summary verify s.pdf 2>&1", dir, BIN);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "archive: 00aa 11bb"));
	char *pk = strstr(out, "public key: ");
	assert_non_null(pk);
	char key[65];
	memcpy(key, pk + 12, 64);
	key[64] = '\0';
	free(out);
	SH("cd '%s' && '%s' summary verify s.pdf --public-key %s --text", dir, BIN, key);
	assert_int_equal(st, 0);
	assert_int_equal(strlen(out), 1500 * 4 - 1);
	assert_memory_equal(out, "gap gap ", 8);
	free(out);
	key[0] = key[0] == '0' ? '1' : '0';
	SH("cd '%s' && '%s' summary verify s.pdf --public-key %s 2>&1", dir, BIN, key);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "another key"));
	free(out);
	SH("cd '%s' && '%s' summary verify s.html 2>&1", dir, BIN);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "not a PDF"));
	free(out);
	/* A later change reopens agreement: the PDF is a draft again. */
	SH("cd '%s' && printf 'A new text.' > n.txt && '%s' summary put --db s.db --state ARG "
	   "--phase 1 --lang en --base 1 --by d n.txt >/dev/null && '%s' summary render --db s.db "
	   "--state ARG --phase 1 --lang en --out d.pdf && '%s' summary verify d.pdf 2>&1; "
	   "echo rc=$?", dir, BIN, BIN, BIN);
	assert_non_null(strstr(out, "draft: not signed"));
	assert_non_null(strstr(out, "not signed"));
	assert_non_null(strstr(out, "rc=2"));
	free(out);
#undef SH
	tu_rmdir(dir);
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
		cmocka_unit_test(test_sign_key_file),
		cmocka_unit_test(test_sign_pack_verify),
		cmocka_unit_test_setup_teardown(test_pdf_signed_and_checked, fx_setup, fx_teardown),
		cmocka_unit_test(test_pdf_pages),
		cmocka_unit_test(test_pdf_arabic_checks_catch_broken),
		cmocka_unit_test(test_html_export),
		cmocka_unit_test(test_summary_cli),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
