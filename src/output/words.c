/* words.c - word counts through ICU's word break iterator (R110, C32).
 *
 * Why ICU rather than "split on spaces": Chinese has no spaces between
 * words (ICU segments it with its dictionary), Arabic attaches clitics and
 * French elides ("l'État") in ways the Unicode word rules (UAX #29) and
 * ICU's locale tailorings already settle, and punctuation must never count.
 * The rule, with worked examples, is in docs/summaries.md. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "output/words.h"

/* ICU locale of each working language (para 49). */
static const char *locale_of(const char *lang)
{
	static const char *const langs[][2] = {
		{ "ar", "ar" }, { "zh", "zh" }, { "en", "en" },
		{ "fr", "fr" }, { "ru", "ru" }, { "es", "es" },
	};
	if (!lang)
		return NULL;
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		if (!strcmp(lang, langs[i][0]))
			return langs[i][1];
	return NULL;
}

long words_count(const char *lang, const char *text, size_t len, char *err, size_t errlen)
{
	UErrorCode ue = U_ZERO_ERROR;
	UText *ut = NULL;
	UBreakIterator *bi = NULL;
	long n = -1;
	const char *loc = locale_of(lang);
	if (!loc) {
		snprintf(err, errlen, "'%s' is not a working language (ar zh en fr ru es)",
			 lang ? lang : "");
		return -1;
	}
	if (len > (size_t)INT32_MAX) {
		snprintf(err, errlen, "text too long to count");
		return -1;
	}
	/* ICU would quietly turn invalid UTF-8 into U+FFFD: refuse it instead,
	 * so that what is counted is what was written. */
	if (len) {
		int32_t i = 0, cap = (int32_t)len;
		while (i < cap) {
			UChar32 c;
			U8_NEXT((const uint8_t *)text, i, cap, c);
			if (c < 0) {
				snprintf(err, errlen, "text is not valid UTF-8 (byte %ld)", (long)i);
				return -1;
			}
		}
	}
	ut = utext_openUTF8(NULL, len ? text : "", (int64_t)len, &ue);
	bi = ubrk_open(UBRK_WORD, loc, NULL, 0, &ue);
	if (U_SUCCESS(ue))
		ubrk_setUText(bi, ut, &ue);
	if (U_FAILURE(ue)) {
		snprintf(err, errlen, "ICU word break iterator: %s", u_errorName(ue));
		goto out;
	}
	n = 0;
	/* Each boundary ends a segment; its rule status says what the segment
	 * was: below UBRK_WORD_NONE_LIMIT it is space or punctuation. */
	ubrk_first(bi);
	while (ubrk_next(bi) != UBRK_DONE)
		if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NONE_LIMIT)
			n++;
out:
	if (bi)
		ubrk_close(bi);
	if (ut)
		utext_close(ut);
	return n;
}
