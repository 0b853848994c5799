/* test_output.c - summaries (issue 10; annex paras 38-39, R110, R111, R145,
 * C32, C37): the word count, the stored summary and its agreement, the HTML
 * export, the signature and the CLI (the PDF export: test_pdf.c). */
#include "output_testutil.h"

#include "output/export.h"
#include "output/pdf.h"
#include "output/sign.h"

/* ---- words (R110, C32) ---- */

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
	assert_int_equal(archive_size(f->s), 3 + 1); /* and the thread's envelope */
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

/* Para 38, R111 (issue 10, sigkey): a summary of the list of observations
 * is agreed only once that list is final (every party agreed to its
 * current version); before, the agreement is refused and nothing is
 * written: no agreement, no archive record, no event. */
static void test_summary_agree_needs_final_list(void **state)
{
	struct fx *f = *state;
	char err[300];
	struct summary_info si;
	assert_int_equal(summary_create(f->s, "ARG", 1, "en", rv2, 2, "sec", err, sizeof err), 0);
	assert_int_equal(put(f->s, "en", "The summary of the list.", 0, err, sizeof err), 0);
	long long ev = store_count(f->s, "SELECT count(*) FROM summary_events", NULL);
	/* No list at all; a list of which nobody agreed to the current
	 * version; a list agreed once and changed since (reopened). */
	const int cases[][2] = { { -1, -1 }, { 1, 0 }, { 3, 2 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i][0] >= 0)
			list_mark(f->s, "ARG", 1, cases[i][0], cases[i][1]);
		err[0] = '\0';
		assert_int_equal(summary_agree(f->s, "ARG", 1, "ARG", 1, "arg-fp", err, sizeof err),
				 SUMMARY_LIST_NOT_FINAL);
		assert_non_null(strstr(err, "list of observations of ARG for phase 1 is not final"));
		assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL), 0);
		assert_int_equal(archive_size(f->s), 0);
		assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_events", NULL), ev);
	}
	/* Final: agreed by each party in turn. */
	list_mark(f->s, "ARG", 1, 3, 3);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "ARG", 1, "arg-fp", err, sizeof err), 0);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "BRA", 1, "bra-fp", err, sizeof err), 0);
	/* The list reopened in between (a change after its agreement): the
	 * last party's agreement waits for the list again. */
	list_mark(f->s, "ARG", 1, 4, 3);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "DEU", 1, "deu-fp", err, sizeof err),
			 SUMMARY_LIST_NOT_FINAL);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 0);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL), 2);
	list_mark(f->s, "ARG", 1, 4, 4);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "DEU", 1, "deu-fp", err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 1);
	/* Another phase's final list does not count for this one. */
	assert_int_equal(summary_create(f->s, "ARG", 2, "en", rv2, 2, "sec", err, sizeof err), 0);
	assert_int_equal(summary_put_text(f->s, "ARG", 2, "en", "Phase 2.", 8, 0, "d", NULL, err,
					  sizeof err), 0);
	assert_int_equal(summary_agree(f->s, "ARG", 2, "ARG", 1, "arg-fp", err, sizeof err),
			 SUMMARY_LIST_NOT_FINAL);
}

/* An agreement of the list (obs_agreements) archived at seq: the point
 * where its version became final, after the summary's agreements. */
static void list_agreed_at_seq(struct store *s, int version, long long seq)
{
	char sql[400];
	snprintf(sql, sizeof sql, "INSERT INTO obs_agreements (list_id, party, version, sha256, "
		 "archive_seq, at, by_whom) SELECT id, 'ARG', %d, 'x', %lld, "
		 "'2026-01-03T00:00:00Z', 't' FROM obs_lists WHERE reviewed = 'ARG' AND phase = 1",
		 version, seq);
	if (store_exec(s, sql) != 0)
		fail_msg("obs_agreements: %s", store_errmsg(s));
}

/* Para 38-39, R111: the summary rests on the final list.  Reopening the
 * list reopens the summary's agreement (the agreements given on the
 * earlier list no longer count, and a new version is agreed again); an
 * issued summary stays agreed and official (F18). */
static void test_summary_list_reopened(void **state)
{
	struct fx *f = *state;
	char err[300];
	struct summary_info si;
	mk(f->s, "ARG", 1, "en");
	assert_int_equal(put(f->s, "en", "The summary.", 0, err, sizeof err), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(summary_agree(f->s, "ARG", 1, i == 0 ? "ARG" : rv2[i - 1], 1, "x",
					       err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 1);
	assert_int_equal(si.stale, 0);
	/* The list reopened (version 2 saved): the summary is not agreed. */
	list_mark(f->s, "ARG", 1, 2, 1);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 0);
	assert_int_equal(si.stale, 3);
	for (size_t i = 0; i < si.nparties; i++) {
		assert_false(si.parties[i].agreed);
		assert_string_equal(si.parties[i].agreed_at, "");
	}
	/* Final again, after the summary's agreements: still not agreed, and
	 * the same version cannot be agreed again; nothing written. */
	list_mark(f->s, "ARG", 1, 2, 2);
	/* (at the seq of the last summary agreement: not after it) */
	list_agreed_at_seq(f->s, 2, (long long)archive_size(f->s) - 1);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 0);
	long long na = store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL);
	uint64_t as = archive_size(f->s);
	assert_int_equal(summary_agree(f->s, "ARG", 1, "ARG", 1, "x", err, sizeof err),
			 SUMMARY_REAGREE);
	assert_non_null(strstr(err, "changed after version 1"));
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_agreements", NULL), na);
	assert_int_equal(archive_size(f->s), as);
	/* A new version, agreed by every party on the final list. */
	assert_int_equal(put(f->s, "en", "The summary.", 1, err, sizeof err), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(summary_agree(f->s, "ARG", 1, i == 0 ? "ARG" : rv2[i - 1], 2, "x",
					       err, sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.agreed, 1);
	assert_int_equal(si.stale, 0);
	/* Issued in French; then the list is reopened: the official summary
	 * stays agreed and locked. */
	assert_int_equal(summary_request(f->s, "ARG", 1, "fr", "sec", err, sizeof err), 0);
	assert_int_equal(put(f->s, "fr", "Le résumé.", 0, err, sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_REVISED, "t", err,
					    sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_FINAL, "t", err,
					    sizeof err), 0);
	list_mark(f->s, "ARG", 1, 3, 2);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_true(si.issued);
	assert_int_equal(si.agreed, 1);
	assert_int_equal(put(f->s, "en", "Changed.", 2, err, sizeof err), SUMMARY_OFFICIAL);
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
	/* F18, para 39: the French version is final of the agreed text, so
	 * the summary is an official document (issued): neither the drafting
	 * text nor the final translation is changed, nor the translation sent
	 * back to revised; nothing is written and it stays agreed. */
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_true(si.issued);
	long long nv = store_count(f->s, "SELECT count(*) FROM summary_versions", NULL);
	long long ne = store_count(f->s, "SELECT count(*) FROM summary_events", NULL);
	assert_int_equal(put(f->s, "en", "The new text.", 1, err, sizeof err), SUMMARY_OFFICIAL);
	assert_non_null(strstr(err, "official document"));
	assert_int_equal(put(f->s, "fr", "Le nouveau texte.", 1, err, sizeof err),
			 SUMMARY_OFFICIAL);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "fr", SUMMARY_REVISED, "rev", err,
					    sizeof err), SUMMARY_OFFICIAL);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_versions", NULL), nv);
	assert_int_equal(store_count(f->s, "SELECT count(*) FROM summary_events", NULL), ne);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.version, 1);
	assert_int_equal(si.agreed, 1);
	assert_int_equal(si.langs[fr].status, SUMMARY_FINAL);
	/* The other languages are still issued, one step at a time. */
	int es = summary_lang_index("es");
	assert_int_equal(summary_request(f->s, "ARG", 1, "es", "sec", err, sizeof err), 0);
	assert_int_equal(put(f->s, "es", "El texto.", 0, err, sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "es", SUMMARY_REVISED, "rev", err,
					    sizeof err), 0);
	assert_int_equal(put(f->s, "es", "El texto revisado.", 1, err, sizeof err), 0);
	assert_int_equal(summary_set_status(f->s, "ARG", 1, "es", SUMMARY_FINAL, "rev", err,
					    sizeof err), 0);
	assert_int_equal(summary_load(f->s, "ARG", 1, &si), 1);
	assert_int_equal(si.langs[es].status, SUMMARY_FINAL);
	assert_int_equal(si.langs[es].version, 2);
	/* Every step is on record. */
	assert_true(store_count(f->s, "SELECT count(*) FROM summary_events WHERE lang = 'fr'",
				NULL) >= 4);
	assert_int_equal(summary_status_parse("in_translation"), SUMMARY_IN_TRANSLATION);
	assert_int_equal(summary_status_parse("done"), -2);
	assert_string_equal(summary_status_name(SUMMARY_NONE), "none");
}

/* ---- signature and HTML (R111; para 38) ---- */

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
	/* Both keys named by fingerprint (R111, issue 10 sigkey). */
	char fk[SIGN_FP_LEN], fo[SIGN_FP_LEN];
	sign_fingerprint(k.pk, fk);
	sign_fingerprint(other.pk, fo);
	assert_int_equal(strlen(fk), 32);
	assert_string_not_equal(fk, fo);
	assert_non_null(strstr(c.failed, fk));
	assert_non_null(strstr(c.failed, fo));
	assert_true(strstr(c.failed, fk) < strstr(c.failed, fo)); /* the file's key first */
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
	/* R111: no agreement before the list of observations is final
	 * (exit 2, the reason), then the list marked final. */
	SH("cd '%s' && '%s' summary put --db s.db --state ARG --phase 1 --lang en --base 0 "
	   "--by d 1500.txt 2>&1 && '%s' summary agree --db s.db --state ARG --phase 1 "
	   "--party ARG --version 1 --by fp 2>&1", dir, BIN, BIN);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "saved en version 1"));
	assert_non_null(strstr(out, "list of observations of ARG for phase 1 is not final"));
	free(out);
	{
		char dbp[700], e2[300];
		snprintf(dbp, sizeof dbp, "%s/s.db", dir);
		struct store *db = store_open(dbp, 0, e2, sizeof e2);
		assert_non_null(db);
		assert_int_equal(store_count(db, "SELECT count(*) FROM summary_agreements", NULL), 0);
		list_mark(db, "ARG", 1, 1, 1);
		store_close(db);
	}
	SH("cd '%s' && for p in ARG BRA DEU; do '%s' summary agree --db s.db "
	   "--state ARG --phase 1 --party $p --version 1 --by fp || exit 9; done 2>&1", dir, BIN);
	assert_int_equal(st, 0);
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
	/* Without a trusted key: the signature matches the file's own key,
	 * which proves nothing (anyone can sign): exit 3, never "valid". */
	SH("cd '%s' && '%s' summary verify s.pdf 2>&1", dir, BIN);
	assert_int_equal(st, 3);
	assert_null(strstr(out, "valid: "));
	assert_non_null(strstr(out, "signature valid, but the signing key "));
	assert_non_null(strstr(out, "was not checked against the Secretariat's published key: "
			       "pass --public-key HEX or --key-url URL"));
	assert_non_null(strstr(out, "archive: 00aa 11bb"));
	char *pk = strstr(out, "public key: ");
	assert_non_null(pk);
	char key[65];
	memcpy(key, pk + 12, 64);
	key[64] = '\0';
	free(out);
	SH("cd '%s' && '%s' summary verify s.pdf --public-key %s 2>&1", dir, BIN, key);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "valid: the agreed summary of ARG, phase 1, in en"));
	assert_null(strstr(out, "not checked"));
	free(out);
	SH("cd '%s' && '%s' summary verify s.pdf --public-key %s --key-url http://x/ 2>&1", dir,
	   BIN, key);
	assert_int_equal(st, 1);
	free(out);
	SH("cd '%s' && '%s' summary verify s.pdf --public-key %s --text", dir, BIN, key);
	assert_int_equal(st, 0);
	assert_int_equal(strlen(out), 1500 * 4 - 1);
	assert_memory_equal(out, "gap gap ", 8);
	free(out);
	key[0] = key[0] == '0' ? '1' : '0';
	SH("cd '%s' && '%s' summary verify s.pdf --public-key %s 2>&1", dir, BIN, key);
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "NOT VALID: signed with the key "));
	assert_non_null(strstr(out, "not with the Secretariat's key "));
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
		cmocka_unit_test_setup_teardown(test_summary_list_reopened, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_summary_agree_needs_final_list, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_summary_translation, fx_setup, fx_teardown),
		cmocka_unit_test(test_sign_key_file),
		cmocka_unit_test(test_sign_pack_verify),
		cmocka_unit_test(test_html_export),
		cmocka_unit_test(test_summary_cli),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
