/* i18n.h - the six languages of the interface (spec R143, R148; issue 4).
 *
 * Catalogues are standard gettext .po files (po/LANG.po) parsed once at
 * start-up into read-only hash tables, so lookups need no lock.  msgids are
 * the English texts; a missing or empty translation falls back to the
 * msgid.  Dates and numbers are formatted per language here. */
#ifndef RM_I18N_I18N_H
#define RM_I18N_I18N_H

#include <stddef.h>

#include "util/buf.h"

struct i18n_lang {
	const char *code;     /* ar zh en fr ru es */
	const char *native;   /* name in the language itself */
	const char *dir;      /* "ltr" or "rtl" */
};

/* The six languages in UN order (ar zh en fr ru es); n gets the count. */
const struct i18n_lang *i18n_languages(size_t *n);
/* The language of code, or NULL if it is not one of the six. */
const struct i18n_lang *i18n_find(const char *code);

/* Loads po/xx.po for the six languages from dir.  A missing file leaves
 * that language untranslated (a warning in err, return 1); a malformed one
 * is an error (-1).  Returns 0 when all six loaded.  Not thread-safe: call
 * before starting threads. */
int i18n_load(const char *dir, char *err, size_t errlen);
/* Releases the catalogues. */
void i18n_free(void);
/* Translation of msgid into lang, or msgid itself; owned by the catalogue. */
const char *i18n_get(const char *lang, const char *msgid);
/* Number of entries loaded for lang (for tests and diagnostics). */
size_t i18n_count(const char *lang);

/* Appends an ISO 8601 date or date-time ("2025-03-04..." UTC) formatted as
 * a long date in lang, e.g. "4 March 2025", "4 mars 2025", "2025年3月4日".
 * Falls back to the input text if it does not parse. */
void i18n_put_date(struct buf *b, const char *lang, const char *iso);
/* Appends n with the language's digit grouping (and digits, for Arabic). */
void i18n_put_number(struct buf *b, const char *lang, long long n);
/* Appends n in the language's digits without grouping: calendar years
 * ("2021", never "2,021"). */
void i18n_put_year(struct buf *b, const char *lang, long long n);
/* Appends permille / 10 per cent with one decimal when it is not whole,
 * in the language's digits, decimal separator and percent sign: "70.5%",
 * "70,5 %" (French), "٧٠٫٥٪" (Arabic). */
void i18n_put_percent(struct buf *b, const char *lang, int permille);

#endif
