/* people_notice.c - the notices of paras 18-19: invitations and reminders
 * to focal points and experts, and the launch of a cohort.  See people.h;
 * split from people.c, whose writes call people_named_notice(). */
#include "review/people.h"
#include "review/people_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/account.h"
#include "i18n/i18n.h"
#include "notify/notify.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* Marks the notice texts for po/extract.py; translated with i18n_get(). */
#define N_(s) s

enum notice_kind { INVITE_FOCAL, INVITE_EXPERTS, REMIND_FOCAL, REMIND_EXPERTS };
static const char *const kind_names[] = { "invite_focal_point", "invite_experts",
					  "remind_focal_point", "remind_experts" };

/* Queues notice kind to state's contact once (people_notices), in the
 * caller's transaction.  Returns 1 queued, 0 already sent or nobody to
 * send it to, -1 on a store error. */
static int notice(struct store *s, const char *state, enum notice_kind kind, const char *due,
		  const char *now)
{
	struct people_contact c;
	int f = people_contact(s, state, &c);
	if (f <= 0)
		return f;
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO people_notices (state, kind, sent_at, recipient, temporary) "
		"VALUES (?, ?, ?, ?, ?) ON CONFLICT (state, kind) DO NOTHING");
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	store_bind_text(st, 2, kind_names[kind]);
	store_bind_text(st, 3, now);
	store_bind_text(st, 4, c.email);
	store_bind_int(st, 5, c.temporary);
	int rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return -1;
	if (store_changes(s) != 1)
		return 0;
	const char *L = c.lang;
	const char *subject, *text;
	switch (kind) {
	case INVITE_FOCAL:
		subject = N_("Country reviews: name your focal point");
		text = N_("The review of your State under the UNTOC Review Mechanism has begun. Your State is invited to name its focal point for the review (paragraph 18 of the procedures and rules) within two weeks.");
		break;
	case INVITE_EXPERTS:
		subject = N_("Country reviews: name your governmental experts");
		text = N_("Your State is invited to name its governmental experts for the instruments it is party to (paragraph 27 of the procedures and rules) within four weeks.");
		break;
	case REMIND_FOCAL:
		subject = N_("Reminder: name your focal point");
		text = N_("Your State has not yet named its focal point for the country reviews.");
		break;
	default:
		subject = N_("Reminder: name your governmental experts");
		text = N_("Your State has not yet named its governmental experts for the country reviews.");
		break;
	}
	struct buf b = { 0 };
	buf_printf(&b, "%s\n\n%s: %s\n%s: %.10s\n", i18n_get(L, text), i18n_get(L, N_("State")), state,
		   i18n_get(L, N_("Deadline")), due);
	if (c.temporary)
		buf_printf(&b, "\n%s\n", i18n_get(L, N_("You receive this as Permanent Representative, temporary focal point until a focal point is named (paragraph 18).")));
	char link[32];
	snprintf(link, sizeof link, "/country/%s", state);
	struct notify_msg m = { c.email, L, i18n_get(L, subject), buf_str(&b), link };
	int64_t id = notify_queue(s, &m);
	buf_free(&b);
	return id > 0 ? 1 : -1;
}

/* Tells the account u just named focal point of state (para 18), in its
 * language, by e-mail and in the interface.  0 or -1. */
int people_named_notice(struct store *s, const char *state, const struct account *u)
{
	const char *L = u->lang[0] ? u->lang : "en";
	char link[32];
	struct buf b = { 0 };
	buf_printf(&b, "%s\n\n%s: %s\n", i18n_get(L, N_("You have been named focal point of your State for the country reviews (paragraph 18 of the procedures and rules): you receive its communications and act for it in its reviews.")),
		   i18n_get(L, N_("State")), state);
	snprintf(link, sizeof link, "/country/%s", state);
	struct notify_msg m = { u->email, L, i18n_get(L, N_("Country reviews: you are your State's focal point")),
				buf_str(&b), link };
	int rc = notify_queue(s, &m) > 0 ? 0 : -1;
	buf_free(&b);
	return rc;
}

/* The States taking part in the cohort's reviews, reviewed or reviewing. */
static int cohort_states(struct store *s, int cohort, char (**codes)[4], size_t *n)
{
	size_t cap = 0;
	int rc;
	*codes = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
		"WHERE d.status = 'current' AND r.year = ? UNION SELECT a.reviewer FROM "
		"lots_assignments a JOIN lots_reviews r ON r.draw_id = a.draw_id AND r.reviewed = "
		"a.reviewed JOIN lots_draws d ON d.id = r.draw_id WHERE d.status = 'current' AND "
		"r.year = ? AND a.status = 'active' ORDER BY 1");
	if (!st)
		return -1;
	store_bind_int(st, 1, cohort);
	store_bind_int(st, 2, cohort);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*codes = xrealloc(*codes, cap * sizeof **codes);
		}
		util_strlcpy((*codes)[(*n)++], store_col_text(st, 0), 4);
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

int people_cohort_launched(struct store *s, int cohort, const char *now, char *err,
			   size_t errlen)
{
	char (*codes)[4];
	size_t n;
	char fdue[32], edue[32];
	if (cohort_states(s, cohort, &codes, &n) < 0)
		return people_fail_store(s, err, errlen);
	people_due(now, PEOPLE_FOCAL_DAYS, fdue, sizeof fdue);
	people_due(now, PEOPLE_EXPERTS_DAYS, edue, sizeof edue);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (store_count(s, "SELECT COUNT(*) FROM focal_points WHERE state = ?", codes[i]) == 0 &&
		    notice(s, codes[i], INVITE_FOCAL, fdue, now) < 0)
			rc = -1;
		if (rc == 0 && notice(s, codes[i], INVITE_EXPERTS, edue, now) < 0)
			rc = -1;
	}
	free(codes);
	return rc < 0 ? people_fail_store(s, err, errlen) : 0;
}

int people_remind(struct store *s, const char *now, char *err, size_t errlen)
{
	char (*codes)[4] = NULL;
	size_t n = 0, cap = 0;
	int count = 0, rc;
	if (store_begin(s) < 0)
		return people_fail_store(s, err, errlen);
	/* The States of every launched cohort. */
	for (int c = 1; c <= 3; c++) {
		char (*more)[4];
		size_t m;
		if (people_count_int(s, "SELECT COUNT(*) FROM cohort_phases WHERE phase = 1 AND cohort = ?",
			      c) <= 0)
			continue;
		if (cohort_states(s, c, &more, &m) < 0)
			goto fail;
		if (n + m > cap) {
			cap = n + m;
			codes = xrealloc(codes, (cap ? cap : 1) * sizeof *codes);
		}
		if (m)
			memcpy(codes + n, more, m * sizeof *more);
		n += m;
		free(more);
	}
	for (size_t i = 0; i < n; i++) {
		struct people_state ps;
		char soon[32];
		if (people_load(s, codes[i], now, &ps) != 0)
			goto fail;
		/* From PEOPLE_REMIND_DAYS before each deadline on. */
		people_due(now, PEOPLE_REMIND_DAYS, soon, sizeof soon);
		rc = 0;
		if (ps.launched[0] && !ps.has_focal && strcmp(soon, ps.focal_due) >= 0)
			rc = notice(s, codes[i], REMIND_FOCAL, ps.focal_due, now);
		if (rc >= 0) {
			count += rc;
			rc = 0;
			if (ps.launched[0] && ps.nexperts == 0 && strcmp(soon, ps.experts_due) >= 0)
				rc = notice(s, codes[i], REMIND_EXPERTS, ps.experts_due, now);
			count += rc > 0 ? rc : 0;
		}
		people_state_free(&ps);
		if (rc < 0)
			goto fail;
	}
	free(codes);
	if (store_commit(s) < 0) {
		people_fail_store(s, err, errlen);
		store_rollback(s);
		return -1;
	}
	return count;
fail:
	free(codes);
	people_fail_store(s, err, errlen);
	store_rollback(s);
	return -1;
}
