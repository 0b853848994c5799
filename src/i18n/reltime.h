/* reltime.h - "in 14 minutes" in the page's language, through ICU's
 * relative date-time formatter (plural rules of every language; issue 8:
 * a throttled login says how long to wait). */
#ifndef RM_I18N_RELTIME_H
#define RM_I18N_RELTIME_H

#include "util/buf.h"

/* Appends to b how long from now `seconds` is in lang ("in 45 seconds",
 * "dans 14 minutes", ...): seconds under a minute, else whole minutes
 * rounded up.  Falls back to English digits if ICU fails.  Thread-safe. */
void i18n_put_wait(struct buf *b, const char *lang, long seconds);

#endif
