/* remind.c - observation_remind_all() (observation.h): the reminders of
 * the written observations of every review, for `revmech dialogue remind`
 * and the periodic job of `revmech serve` (cli/reminders.c). */
#include "dialogue/observation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response/response.h"
#include "response/submit.h"
#include "review/country.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* The parties' codes, into a new array (the caller frees it). */
static int states(struct store *s, char (**out)[4], size_t *n)
{
	struct store_stmt *st = store_prepare(s, "SELECT code FROM parties ORDER BY code");
	int r;
	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((r = store_step(st)) == STORE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		util_strlcpy((*out)[(*n)++], store_col_text(st, 0), 4);
	}
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

/* The reminders of one review's phase: how many, or -1 with err set. */
static int remind_review(struct store *s, const struct country_review *cr, int phase,
			 const char *today, char *err, size_t errlen)
{
	struct response_review rv;
	struct response_status st;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	if (response_review_load(s, cr->reviewed, phase, &rv) <= 0)
		return 0;
	if (response_status_get(s, &rv, today, &st) < 0) {
		response_status_free(&st);
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	int n = 0;
	if (st.submitted) {
		country_review_access(cr, &ar, ptrs, sizeof ptrs / sizeof ptrs[0]);
		struct observation_ctx c = { &ar, phase, 1, 1, st.submitted_at, NULL, NULL };
		n = observation_remind(s, &c, today, err, errlen);
	}
	response_status_free(&st);
	return n;
}

int observation_remind_all(struct store *s, const char *today, char *err, size_t errlen)
{
	char (*codes)[4] = NULL;
	size_t ncodes = 0;
	int sent = -1;
	if (states(s, &codes, &ncodes) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	sent = 0;
	for (size_t i = 0; i < ncodes; i++) {
		struct country_review cr;
		int r = country_review_load(s, codes[i], &cr);
		if (r < 0) {
			msg_internal(err, errlen, store_errmsg(s));
			sent = -1;
			goto out;
		}
		for (int p = 1; r > 0 && p <= 4; p++) {
			if (!phase_state_observing(cr.phase_state[p - 1]))
				continue;
			int n = remind_review(s, &cr, p, today, err, errlen);
			if (n < 0) {
				sent = -1;
				goto out;
			}
			sent += n;
		}
	}
out:
	free(codes);
	return sent;
}
