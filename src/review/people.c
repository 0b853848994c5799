/* people.c - see people.h. */
#include "review/people.h"
#include "review/people_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/account.h"
#include "i18n/i18n.h"
#include "notify/notify.h"
#include "review/country.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* Marks the notice texts for po/extract.py; translated with i18n_get(). */
#define N_(s) s

int people_fail_store(struct store *s, char *err, size_t errlen)
{
	msg_internal(err, errlen, store_errmsg(s));
	return -1;
}

int people_due(const char *start, int days, char *out, size_t outlen)
{
	time_t t;
	if (!start || util_time_parse(start, &t) < 0)
		return -1;
	util_time_iso(t + (time_t)days * 86400, out, outlen);
	return 0;
}

static int party_exists(struct store *s, const char *code)
{
	return code && strlen(code) == 3 &&
	       store_count(s, "SELECT COUNT(*) FROM parties WHERE code = ?", code) > 0;
}

long long people_count_int(struct store *s, const char *sql, int64_t v)
{
	long long c = -1;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_int(st, 1, v);
	if (store_step(st) == STORE_ROW)
		c = store_col_int(st, 0);
	store_finalize(st);
	return c;
}

static int event(struct store *s, const char *state, const char *who, const char *action,
		 const char *detail)
{
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s, "INSERT INTO people_events (state, at, "
						     "by_whom, action, detail) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, who);
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, detail ? detail : "");
	int rc = store_step(st);
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

/* Commits, or rolls back and reports. */
static int finish(struct store *s, int rc, char *err, size_t errlen)
{
	if (rc == 0 && store_commit(s) == 0)
		return 0;
	if (rc == 0)
		people_fail_store(s, err, errlen);
	store_rollback(s);
	return -1;
}

static int begin(struct store *s, char *err, size_t errlen)
{
	return store_begin(s) < 0 ? people_fail_store(s, err, errlen) : 0;
}

/* The enabled account of email with role of state into u: 0, or -1 with
 * err saying what is wrong. */
static int account_of(struct store *s, const char *email, enum account_role role,
		      const char *state, struct account *u, char *err, size_t errlen)
{
	char low[256];
	if (!email || !*email || util_strlcpy(low, email, sizeof low) < 0) {
		msg_set(err, errlen, N_("give the e-mail address of the account"));
		return -1;
	}
	util_ascii_lower(low);
	int f = account_by_email(s, low, u);
	if (f < 0)
		return people_fail_store(s, err, errlen);
	if (f == 0 || u->role != role || strcmp(u->state, state) != 0) {
		/* One text per role, so that each translates whole. */
		msg_set(err, errlen, role == ROLE_FOCAL_POINT
			? N_("no focal point account of %s with the e-mail %s (the Secretariat "
			     "invites it first, para 20)")
			: N_("no expert account of %s with the e-mail %s (the Secretariat invites "
			     "it first, para 20)"), state, low);
		return -1;
	}
	if (u->disabled) {
		msg_set(err, errlen, N_("the account %s is disabled"), low);
		return -1;
	}
	return 0;
}

int people_contact(struct store *s, const char *state, struct people_contact *out)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT u.email, u.lang, u.id FROM focal_points f JOIN users u ON u.id = f.user_id "
		"WHERE f.state = ? AND u.disabled = 0");
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		util_strlcpy(out->email, store_col_text(st, 0), sizeof out->email);
		util_strlcpy(out->lang, store_col_text(st, 1), sizeof out->lang);
		out->user_id = store_col_int(st, 2);
	}
	store_finalize(st);
	if (rc == STORE_ROW)
		return 1;
	if (rc != STORE_DONE)
		return -1;
	/* R18: until a focal point is named, the Permanent Representative. */
	st = store_prepare_cached(s, "SELECT email, name, lang FROM representatives WHERE state = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		util_strlcpy(out->email, store_col_text(st, 0), sizeof out->email);
		util_strlcpy_utf8(out->name, store_col_text(st, 1), sizeof out->name);
		util_strlcpy(out->lang, store_col_text(st, 2), sizeof out->lang);
		out->temporary = 1;
	}
	store_finalize(st);
	return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

int64_t people_focal_point_id(struct store *s, const char *state)
{
	int64_t id = 0;
	struct store_stmt *st = store_prepare_cached(s, "SELECT f.user_id FROM focal_points f "
						     "JOIN users u ON u.id = f.user_id WHERE f.state = ? "
						     "AND u.disabled = 0");
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		id = store_col_int(st, 0);
	store_finalize(st);
	return rc == STORE_ROW || rc == STORE_DONE ? id : -1;
}

static void person_row(struct store_stmt *st, struct people_person *p)
{
	memset(p, 0, sizeof *p);
	p->user_id = store_col_int(st, 0);
	util_strlcpy(p->email, store_col_text(st, 1), sizeof p->email);
	util_strlcpy(p->role, store_col_text(st, 2), sizeof p->role);
	util_strlcpy(p->instruments, store_col_text(st, 3), sizeof p->instruments);
	util_strlcpy(p->named_at, store_col_text(st, 4), sizeof p->named_at);
	util_strlcpy_utf8(p->named_by, store_col_text(st, 5), sizeof p->named_by);
}

static int persons(struct store *s, const char *sql, const char *state,
		   struct people_person **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		person_row(st, &(*out)[(*n)++]);
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

/* When the State's first cohort was launched (phase 1 opened), as the
 * State under review or a reviewer: "" before. */
static int launch_of(struct store *s, const char *state, char *out, size_t outlen)
{
	out[0] = '\0';
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT MIN(c.started_at) FROM cohort_phases c JOIN lots_reviews r ON r.year = c.cohort "
		"JOIN lots_draws d ON d.id = r.draw_id AND d.status = 'current' WHERE c.phase = 1 "
		"AND (r.reviewed = ? OR EXISTS (SELECT 1 FROM lots_assignments a WHERE a.draw_id = "
		"r.draw_id AND a.reviewed = r.reviewed AND a.status = 'active' AND a.reviewer = ?))");
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	store_bind_text(st, 2, state);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		util_strlcpy(out, store_col_text(st, 0), outlen);
	store_finalize(st);
	return rc == STORE_ROW || rc == STORE_DONE ? 0 : -1;
}

int people_load(struct store *s, const char *state, const char *now, struct people_state *out)
{
	memset(out, 0, sizeof *out);
	if (!party_exists(s, state))
		return 1;
	util_strlcpy(out->state, state, sizeof out->state);
	struct people_person *fp = NULL;
	size_t nfp = 0;
	if (persons(s, "SELECT u.id, u.email, u.role, u.instruments, f.named_at, f.named_by "
		    "FROM focal_points f JOIN users u ON u.id = f.user_id WHERE f.state = ?",
		    state, &fp, &nfp) < 0)
		goto fail;
	if (nfp) {
		out->has_focal = 1;
		out->focal = fp[0];
	}
	free(fp);
	if (persons(s, "SELECT u.id, u.email, u.role, u.instruments, e.named_at, e.named_by "
		    "FROM experts e JOIN users u ON u.id = e.user_id WHERE e.state = ? "
		    "AND u.disabled = 0 ORDER BY u.email", state, &out->experts, &out->nexperts) < 0 ||
	    persons(s, "SELECT id, email, role, instruments, created, '' FROM users WHERE state = ? "
		    "AND role = 'observer' AND disabled = 0 ORDER BY email", state, &out->observers,
		    &out->nobservers) < 0)
		goto fail;
	struct store_stmt *st = store_prepare_cached(s, "SELECT name, email, lang, entered_at "
						     "FROM representatives WHERE state = ?");
	if (!st)
		goto fail;
	store_bind_text(st, 1, state);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		out->has_rep = 1;
		util_strlcpy_utf8(out->rep_name, store_col_text(st, 0), sizeof out->rep_name);
		util_strlcpy(out->rep_email, store_col_text(st, 1), sizeof out->rep_email);
		util_strlcpy(out->rep_lang, store_col_text(st, 2), sizeof out->rep_lang);
		util_strlcpy(out->rep_entered_at, store_col_text(st, 3), sizeof out->rep_entered_at);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		goto fail;
	if (launch_of(s, state, out->launched, sizeof out->launched) < 0)
		goto fail;
	if (out->launched[0]) {
		people_due(out->launched, PEOPLE_FOCAL_DAYS, out->focal_due, sizeof out->focal_due);
		people_due(out->launched, PEOPLE_EXPERTS_DAYS, out->experts_due,
			   sizeof out->experts_due);
		/* ISO UTC times compare as text. */
		out->focal_overdue = !out->has_focal && now && strcmp(now, out->focal_due) > 0;
		out->experts_overdue = out->nexperts == 0 && now && strcmp(now, out->experts_due) > 0;
	}
	return 0;
fail:
	people_state_free(out);
	return -1;
}

void people_state_free(struct people_state *p)
{
	free(p->experts);
	free(p->observers);
	memset(p, 0, sizeof *p);
}

int people_representative_set(struct store *s, const char *state, const char *name,
			      const char *email, const char *lang, const char *who, char *err,
			      size_t errlen)
{
	char low[256], now[32];
	if (!party_exists(s, state)) {
		msg_set(err, errlen, N_("unknown State '%s'"), state ? state : "");
		return -1;
	}
	if (!name || util_utf8_len(name) < 1 || util_utf8_len(name) > 200) {
		msg_set(err, errlen, N_("the representative's name: 1 to 200 characters"));
		return -1;
	}
	if (!email || !account_email_plausible(email) || util_strlcpy(low, email, sizeof low) < 0) {
		msg_set(err, errlen, N_("the representative's e-mail address is not valid"));
		return -1;
	}
	util_ascii_lower(low);
	if (!lang || !i18n_find(lang)) {
		msg_set(err, errlen, N_("language: one of ar, zh, en, fr, ru, es"));
		return -1;
	}
	if (begin(s, err, errlen) < 0)
		return -1;
	util_now_iso(now, sizeof now);
	int rc = -1;
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO representatives (state, name, email, lang, entered_at, entered_by) "
		"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (state) DO UPDATE SET name = excluded.name, "
		"email = excluded.email, lang = excluded.lang, entered_at = excluded.entered_at, "
		"entered_by = excluded.entered_by");
	if (st) {
		store_bind_text(st, 1, state);
		store_bind_text(st, 2, name);
		store_bind_text(st, 3, low);
		store_bind_text(st, 4, lang);
		store_bind_text(st, 5, now);
		store_bind_text(st, 6, who);
		rc = store_step(st) == STORE_DONE ? 0 : -1;
		store_finalize(st);
	}
	if (rc == 0)
		rc = event(s, state, who, "representative.set", low);
	if (rc < 0)
		people_fail_store(s, err, errlen);
	return finish(s, rc, err, errlen);
}

int people_focal_name(struct store *s, const char *state, const char *email, const char *who,
		      char *err, size_t errlen)
{
	struct account u;
	char now[32];
	if (!party_exists(s, state)) {
		msg_set(err, errlen, N_("unknown State '%s'"), state ? state : "");
		return -1;
	}
	if (begin(s, err, errlen) < 0)
		return -1;
	int rc = account_of(s, email, ROLE_FOCAL_POINT, state, &u, err, errlen);
	if (rc == 0 && store_count(s, "SELECT COUNT(*) FROM focal_points WHERE state = ?", state) > 0) {
		msg_set(err, errlen, N_("%s already has a focal point: one at a time (para 18); end "
			 "the current one first"), state);
		rc = -1;
	}
	if (rc == 0) {
		util_now_iso(now, sizeof now);
		struct store_stmt *st = store_prepare(s, "INSERT INTO focal_points (state, user_id, "
						      "named_at, named_by) VALUES (?, ?, ?, ?)");
		rc = -1;
		if (st) {
			store_bind_text(st, 1, state);
			store_bind_int(st, 2, u.id);
			store_bind_text(st, 3, now);
			store_bind_text(st, 4, who);
			rc = store_step(st) == STORE_DONE ? 0 : -1;
			store_finalize(st);
		}
		if (rc == 0)
			rc = event(s, state, who, "focal_point.name", u.email);
		if (rc == 0)
			rc = people_named_notice(s, state, &u);
		if (rc < 0)
			people_fail_store(s, err, errlen);
	}
	return finish(s, rc, err, errlen);
}

int people_focal_end(struct store *s, const char *state, const char *who, char *err,
		     size_t errlen)
{
	if (!party_exists(s, state)) {
		msg_set(err, errlen, N_("unknown State '%s'"), state ? state : "");
		return -1;
	}
	if (begin(s, err, errlen) < 0)
		return -1;
	int rc = -1;
	struct store_stmt *st = store_prepare(s, "DELETE FROM focal_points WHERE state = ?");
	if (st) {
		store_bind_text(st, 1, state);
		rc = store_step(st) == STORE_DONE ? 0 : -1;
		store_finalize(st);
	}
	if (rc < 0) {
		people_fail_store(s, err, errlen);
	} else if (store_changes(s) != 1) {
		msg_set(err, errlen, N_("%s has no focal point named"), state);
		rc = -1;
	} else if (event(s, state, who, "focal_point.end", "") < 0) {
		rc = people_fail_store(s, err, errlen);
	}
	return finish(s, rc, err, errlen);
}

int people_expert_name(struct store *s, const char *state, const char *email,
		       const char *instruments, const char *who, char *err, size_t errlen)
{
	struct account u;
	char now[32];
	if (!party_exists(s, state)) {
		msg_set(err, errlen, N_("unknown State '%s'"), state ? state : "");
		return -1;
	}
	if (begin(s, err, errlen) < 0)
		return -1;
	int rc = account_of(s, email, ROLE_EXPERT, state, &u, err, errlen);
	/* The instruments: the State must be party to each (para 27). */
	if (rc == 0)
		rc = account_set_instruments(s, u.id, instruments, err, errlen);
	if (rc == 0) {
		util_now_iso(now, sizeof now);
		struct store_stmt *st = store_prepare(s,
			"INSERT INTO experts (user_id, state, named_at, named_by) VALUES (?, ?, ?, ?) "
			"ON CONFLICT (user_id) DO UPDATE SET named_at = excluded.named_at, "
			"named_by = excluded.named_by");
		rc = -1;
		if (st) {
			store_bind_int(st, 1, u.id);
			store_bind_text(st, 2, state);
			store_bind_text(st, 3, now);
			store_bind_text(st, 4, who);
			rc = store_step(st) == STORE_DONE ? 0 : -1;
			store_finalize(st);
		}
		char detail[320];
		snprintf(detail, sizeof detail, "%s %s", u.email,
			 instruments && *instruments ? instruments : "all");
		if (rc == 0)
			rc = event(s, state, who, "expert.name", detail);
		if (rc < 0)
			people_fail_store(s, err, errlen);
	}
	return finish(s, rc, err, errlen);
}

static int exec_int(struct store *s, const char *sql, int64_t v)
{
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		return -1;
	store_bind_int(st, 1, v);
	int rc = store_step(st) == STORE_DONE ? 0 : -1;
	store_finalize(st);
	return rc;
}

int people_expert_remove(struct store *s, const char *state, const char *email,
			 const char *who, char *err, size_t errlen)
{
	struct account u;
	if (!party_exists(s, state)) {
		msg_set(err, errlen, N_("unknown State '%s'"), state ? state : "");
		return -1;
	}
	if (begin(s, err, errlen) < 0)
		return -1;
	int rc = account_of(s, email, ROLE_EXPERT, state, &u, err, errlen);
	if (rc == 0) {
		if (exec_int(s, "DELETE FROM expert_tasks WHERE user_id = ?", u.id) < 0 ||
		    exec_int(s, "DELETE FROM experts WHERE user_id = ?", u.id) < 0) {
			rc = people_fail_store(s, err, errlen);
		} else if (store_changes(s) != 1) {
			msg_set(err, errlen, N_("%s is not a named expert of %s"), u.email, state);
			rc = -1;
		} else if (event(s, state, who, "expert.remove", u.email) < 0) {
			rc = people_fail_store(s, err, errlen);
		}
	}
	return finish(s, rc, err, errlen);
}

int people_task_add(struct store *s, const char *reviewed, const char *state,
		    const char *email, const char *instrument, const char *cluster, int article,
		    const char *who, char *err, size_t errlen)
{
	struct account u;
	struct country_review cr;
	char now[32];
	if (!cluster)
		cluster = "";
	int f = country_review_load(s, reviewed, &cr);
	if (f < 0)
		return people_fail_store(s, err, errlen);
	if (f == 0) {
		msg_set(err, errlen, N_("no country review of '%s'"), reviewed ? reviewed : "");
		return -1;
	}
	const struct country_reviewer *w = country_reviewer_of(&cr, state);
	if (!w) {
		msg_set(err, errlen, N_("%s does not review %s"), state ? state : "", reviewed);
		return -1;
	}
	if (!instrument || !*instrument || !country_list_has(w->instruments, instrument)) {
		msg_set(err, errlen, N_("%s is in charge of %s only in the review of %s (para 28 b)"),
			 state, w->instruments, reviewed);
		return -1;
	}
	if (*cluster && store_count(s, "SELECT COUNT(*) FROM clusters WHERE code = ?", cluster) != 1) {
		msg_set(err, errlen, N_("unknown cluster '%s' (C1 to C4)"), cluster);
		return -1;
	}
	if (article < 0 || article > 999) {
		msg_set(err, errlen, N_("article: a number of table 1, or 0 for every article"));
		return -1;
	}
	if (begin(s, err, errlen) < 0)
		return -1;
	int rc = account_of(s, email, ROLE_EXPERT, state, &u, err, errlen);
	if (rc == 0 && people_count_int(s, "SELECT COUNT(*) FROM experts WHERE user_id = ?", u.id) != 1) {
		msg_set(err, errlen, N_("%s is not a named expert of %s"), u.email, state);
		rc = -1;
	}
	if (rc == 0 && !account_acts_for_instrument(&u, instrument)) {
		msg_set(err, errlen, N_("%s does not act for %s"), u.email, instrument);
		rc = -1;
	}
	if (rc == 0 && article > 0) {
		struct store_stmt *st = store_prepare(s, "SELECT COUNT(*) FROM cluster_articles WHERE "
						      "instrument = ? AND article = ? AND (CAST(? AS TEXT) = '' OR cluster = ?)");
		long long c = -1;
		if (st) {
			store_bind_text(st, 1, instrument);
			store_bind_int(st, 2, article);
			store_bind_text(st, 3, cluster);
			store_bind_text(st, 4, cluster);
			if (store_step(st) == STORE_ROW)
				c = store_col_int(st, 0);
			store_finalize(st);
		}
		if (c < 0) {
			rc = people_fail_store(s, err, errlen);
		} else if (c == 0) {
			if (*cluster)
				msg_set(err, errlen, N_("article %d of %s is not in table 1 under %s"),
					article, instrument, cluster);
			else
				msg_set(err, errlen, N_("article %d of %s is not in table 1"), article,
					instrument);
			rc = -1;
		}
	}
	if (rc == 0) {
		util_now_iso(now, sizeof now);
		struct store_stmt *st = store_prepare(s,
			"INSERT INTO expert_tasks (reviewed, user_id, instrument, cluster, article, "
			"assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
		rc = -1;
		if (st) {
			store_bind_text(st, 1, reviewed);
			store_bind_int(st, 2, u.id);
			store_bind_text(st, 3, instrument);
			store_bind_text(st, 4, cluster);
			store_bind_int(st, 5, article);
			store_bind_text(st, 6, now);
			store_bind_text(st, 7, who);
			int r = store_step(st);
			store_finalize(st);
			if (r == STORE_CONSTRAINT)
				msg_set(err, errlen, N_("%s already has this share"), u.email);
			else if (r != STORE_DONE)
				people_fail_store(s, err, errlen);
			rc = r == STORE_DONE ? 0 : -1;
		} else {
			people_fail_store(s, err, errlen);
		}
		char detail[400];
		snprintf(detail, sizeof detail, "%s %s %s %s %d", reviewed, u.email, instrument,
			 *cluster ? cluster : "*", article);
		if (rc == 0 && event(s, state, who, "task.add", detail) < 0)
			rc = people_fail_store(s, err, errlen);
	}
	return finish(s, rc, err, errlen);
}

int people_task_remove(struct store *s, int64_t id, const char *state, const char *who,
		       char *err, size_t errlen)
{
	return people_task_remove_in(s, NULL, id, state, who, err, errlen);
}

int people_task_remove_in(struct store *s, const char *reviewed, int64_t id, const char *state,
			  const char *who, char *err, size_t errlen)
{
	if (begin(s, err, errlen) < 0)
		return -1;
	int rc = -1;
	struct store_stmt *st = store_prepare(s, "DELETE FROM expert_tasks WHERE id = ? AND "
					      "(CAST(? AS TEXT) = '' OR reviewed = ?) AND user_id "
					      "IN (SELECT user_id FROM experts WHERE state = ?)");
	if (st) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, reviewed ? reviewed : "");
		store_bind_text(st, 3, reviewed ? reviewed : "");
		store_bind_text(st, 4, state);
		rc = store_step(st) == STORE_DONE ? 0 : -1;
		store_finalize(st);
	}
	char detail[32];
	snprintf(detail, sizeof detail, "task %lld", (long long)id);
	if (rc < 0) {
		people_fail_store(s, err, errlen);
	} else if (store_changes(s) != 1) {
		msg_set(err, errlen, N_("no task %lld of an expert of %s"), (long long)id, state);
		rc = -1;
	} else if (event(s, state, who, "task.remove", detail) < 0) {
		rc = people_fail_store(s, err, errlen);
	}
	return finish(s, rc, err, errlen);
}

int people_tasks(struct store *s, const char *reviewed, struct people_task **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT t.id, t.reviewed, u.state, u.email, t.instrument, t.cluster, t.article, "
		"t.assigned_at, t.assigned_by FROM expert_tasks t JOIN users u ON u.id = t.user_id "
		"WHERE t.reviewed = ? ORDER BY u.state, u.email, t.id");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct people_task *t = &(*out)[(*n)++];
		memset(t, 0, sizeof *t);
		t->id = store_col_int(st, 0);
		util_strlcpy(t->reviewed, store_col_text(st, 1), sizeof t->reviewed);
		util_strlcpy(t->state, store_col_text(st, 2), sizeof t->state);
		util_strlcpy(t->email, store_col_text(st, 3), sizeof t->email);
		util_strlcpy(t->instrument, store_col_text(st, 4), sizeof t->instrument);
		util_strlcpy(t->cluster, store_col_text(st, 5), sizeof t->cluster);
		t->article = (int)store_col_int(st, 6);
		util_strlcpy(t->assigned_at, store_col_text(st, 7), sizeof t->assigned_at);
		util_strlcpy_utf8(t->assigned_by, store_col_text(st, 8), sizeof t->assigned_by);
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int people_directory(struct store *s, struct people_entry **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT f.state, 'focal_point', u.email, '', '' FROM focal_points f "
		"JOIN users u ON u.id = f.user_id WHERE u.disabled = 0 "
		"UNION ALL SELECT r.state, 'representative', r.email, r.name, '' FROM representatives r "
		"WHERE NOT EXISTS (SELECT 1 FROM focal_points f WHERE f.state = r.state) "
		"UNION ALL SELECT e.state, 'expert', u.email, '', u.instruments FROM experts e "
		"JOIN users u ON u.id = e.user_id WHERE u.disabled = 0 ORDER BY 1, 2 DESC, 3");
	if (!st)
		return -1;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct people_entry *e = &(*out)[(*n)++];
		memset(e, 0, sizeof *e);
		util_strlcpy(e->state, store_col_text(st, 0), sizeof e->state);
		util_strlcpy(e->role, store_col_text(st, 1), sizeof e->role);
		util_strlcpy(e->email, store_col_text(st, 2), sizeof e->email);
		util_strlcpy_utf8(e->name, store_col_text(st, 3), sizeof e->name);
		util_strlcpy(e->instruments, store_col_text(st, 4), sizeof e->instruments);
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
