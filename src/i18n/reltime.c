/* reltime.c - see reltime.h. */
#include "i18n/reltime.h"

#include <unicode/ureldatefmt.h>
#include <unicode/ustring.h>

void i18n_put_wait(struct buf *b, const char *lang, long seconds)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar out[128];
	char utf8[512];
	int32_t n = 0;
	long v = seconds < 1 ? 1 : seconds;
	URelativeDateTimeUnit unit = UDAT_REL_UNIT_SECOND;
	if (v >= 60) {
		v = (v + 59) / 60;
		unit = UDAT_REL_UNIT_MINUTE;
	}
	/* One formatter per call: cheap next to a refused login, and no
	 * state shared between worker threads. */
	URelativeDateTimeFormatter *f = ureldatefmt_open(lang, NULL, UDAT_STYLE_LONG,
							 UDISPCTX_CAPITALIZATION_NONE, &st);
	if (U_SUCCESS(st))
		n = ureldatefmt_formatNumeric(f, (double)v, unit, out, 128, &st);
	if (U_SUCCESS(st) && n < 128)
		u_strToUTF8(utf8, sizeof utf8, &n, out, n, &st);
	if (f)
		ureldatefmt_close(f);
	if (U_SUCCESS(st) && n < (int32_t)sizeof utf8) {
		buf_put_html(b, utf8);
		return;
	}
	buf_printf(b, "in %ld %s", v, unit == UDAT_REL_UNIT_MINUTE ? "minutes" : "seconds");
}
