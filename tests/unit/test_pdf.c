/* test_pdf.c - the summary's PDF export (issue 10; para 38, R110, C32,
 * C37): signed and checked offline, Arabic shaped and in logical order,
 * Chinese rendered, Noto fonts embedded, pages numbered.  Split out of
 * test_output.c. */
#include "output_testutil.h"

#include <sodium.h>

#include "output/export.h"
#include "output/pdf.h"
#include "output/sign.h"

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
	/* The CLI's verify on the file, with the Secretariat's key: exit 0;
	 * without a key: 3, the signature matching only the file's own key
	 * (issue 10 sigkey, R111); then 2 once altered, with or without. */
	char pkh[2 * SIGN_PK_BYTES + 1], fpk[SIGN_FP_LEN];
	sodium_bin2hex(pkh, sizeof pkh, k.pk, sizeof k.pk);
	sign_fingerprint(k.pk, fpk);
	snprintf(cmd, sizeof cmd, "'%s' summary verify '%s' --public-key %s 2>&1", BIN, path, pkh);
	int st;
	txt = run_out(cmd, &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(txt, "valid: the agreed summary of ARG, phase 1, in ar"));
	assert_non_null(strstr(txt, fpk));
	assert_non_null(strstr(txt, arch[1]));
	free(txt);
	char nokey[1600];
	snprintf(nokey, sizeof nokey, "'%s' summary verify '%s' 2>&1", BIN, path);
	txt = run_out(nokey, &st);
	assert_int_equal(st, 3);
	assert_null(strstr(txt, "valid: "));
	assert_non_null(strstr(txt, "signature valid, but the signing key "));
	assert_non_null(strstr(txt, fpk));
	free(txt);
	pdf.p[at[1]] = pdf.p[at[1]] == 'a' ? 'b' : 'a';
	write_file(path, pdf.p, pdf.len);
	txt = run_out(cmd, &st);
	assert_int_equal(st, 2);
	assert_non_null(strstr(txt, "NOT VALID"));
	free(txt);
	txt = run_out(nokey, &st);
	assert_int_equal(st, 2);
	assert_non_null(strstr(txt, "NOT VALID"));
	free(txt);
	buf_free(&pdf);

	/* The same agreed text re-signed with another key (what anyone can
	 * do with a copy): its own signature holds, so without a key it is
	 * only "unchecked" (3); against the Secretariat's key it fails,
	 * naming both fingerprints, in the library and the CLI. */
	struct sign_key k2;
	char forged[700], fpo[SIGN_FP_LEN];
	snprintf(forged, sizeof forged, "%s/other.sign", f->dir);
	assert_int_equal(sign_key_load(forged, &k2, err, sizeof err), 0);
	sign_fingerprint(k2.pk, fpo);
	struct export_opts eo2 = { .key = &k2, .archive = arch, .narchive = 2 };
	assert_int_equal(export_summary(f->s, "ARG", 1, "ar", EXPORT_PDF, &eo2, &pdf, &is_signed,
					err, sizeof err), 0);
	assert_int_equal(is_signed, 1);
	assert_int_equal(export_verify_pdf(pdf.p, pdf.len, NULL, &c), 1);
	export_check_free(&c);
	assert_int_equal(export_verify_pdf(pdf.p, pdf.len, k.pk, &c), 0);
	assert_non_null(strstr(c.sig.failed, fpo));
	assert_non_null(strstr(c.sig.failed, fpk));
	export_check_free(&c);
	snprintf(forged, sizeof forged, "%s/forged.pdf", f->dir);
	write_file(forged, pdf.p, pdf.len);
	snprintf(cmd, sizeof cmd, "'%s' summary verify '%s' --public-key %s 2>&1", BIN, forged,
		 pkh);
	txt = run_out(cmd, &st);
	assert_int_equal(st, 2);
	assert_non_null(strstr(txt, "NOT VALID: signed with the key "));
	assert_non_null(strstr(txt, fpo));
	assert_non_null(strstr(txt, fpk));
	free(txt);
	snprintf(cmd, sizeof cmd, "'%s' summary verify '%s' 2>&1", BIN, forged);
	txt = run_out(cmd, &st);
	assert_int_equal(st, 3);
	assert_non_null(strstr(txt, fpo));
	free(txt);
	sign_key_wipe(&k2);
	buf_reset(&pdf);

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pdf_signed_and_checked, fx_setup, fx_teardown),
		cmocka_unit_test(test_pdf_pages),
		cmocka_unit_test(test_pdf_arabic_checks_catch_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
