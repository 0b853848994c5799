/* channel.c - see channel.h.  Every change is one transaction: its rows,
 * its audit entry and its notices (and for an item its archive record). */
#include "dialogue/channel.h"
#include "dialogue/dialogue_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/group.h"
#include "audit/audit.h"
#include "i18n/i18n.h"
#include "notify/notify.h"
#include "response/seal.h"
#include "review/country.h"
#include "review/people.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* Marks the notices' texts for po/extract.py; translated per recipient. */
#define N_(s) s

#define MAX_STATES 12

const char *channel_status_name(int status)
{
	return status == CHANNEL_SET_UP ? "set_up" : status == CHANNEL_DECLINED ? "declined"
		: "requested";
}

void channel_free(struct channel *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		free(c[i].purpose);
		free(c[i].reason);
		c[i].purpose = c[i].reason = NULL;
	}
}

static int decide_access(const struct access_actor *a, enum access_action act,
			 const struct access_object *o, char *err, size_t errlen)
{
	struct access_decision d = access_check(a, act, o);
	if (d.result == ACCESS_ALLOW)
		return DIALOGUE_OK;
	/* The access module's reason, in English (API, audit); the pages say
	 * a refusal in their own words. */
	util_strlcpy(err, d.reason ? d.reason : "refused", errlen);
	return DIALOGUE_FORBIDDEN;
}

static struct access_object object_of(struct store *s, const struct access_actor *a,
				      const struct access_review *r, const char *states)
{
	struct access_object o;
	memset(&o, 0, sizeof o);
	o.review = r;
	o.channel_states = states;
	dialogue_writer_object(s, a, &o);
	return o;
}

/* Whether code takes part in r now: the reviewed State or a reviewer. */
static int in_review(const struct access_review *r, const char *code)
{
	if (!strcmp(r->reviewed, code))
		return 1;
	for (size_t i = 0; i < r->nreviewers; i++)
		if (r->reviewers[i] && !strcmp(r->reviewers[i], code))
			return 1;
	return 0;
}

static int cmp_code(const void *x, const void *y)
{
	return strcmp((const char *)x, (const char *)y);
}

/* The States named by in (codes separated by commas or spaces, any case)
 * as a sorted comma list in out: at least two distinct States of r.
 * DIALOGUE_OK or DIALOGUE_BAD with err set. */
static int parse_states(const struct access_review *r, const char *in, char out[64], char *err,
			size_t errlen)
{
	char codes[MAX_STATES][4];
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = in ? in : ""; *p;) {
		if (*p == ',' || *p == ' ') {
			p++;
			continue;
		}
		size_t l = strcspn(p, ", ");
		char c[4];
		if (l != 3 || !isalpha((unsigned char)p[0]) || !isalpha((unsigned char)p[1]) ||
		    !isalpha((unsigned char)p[2])) {
			msg_const(err, errlen, N_("name the States of the channel by their ISO 3166 "
						  "alpha-3 codes"));
			return DIALOGUE_BAD;
		}
		for (int i = 0; i < 3; i++)
			c[i] = (char)toupper((unsigned char)p[i]);
		c[3] = '\0';
		p += l;
		if (!in_review(r, c)) {
			msg_set(err, errlen, N_("%s takes no part in this review: a channel is between "
						"the States of the review"), c);
			return DIALOGUE_BAD;
		}
		int dup = 0;
		for (size_t i = 0; i < n; i++)
			dup |= !strcmp(codes[i], c);
		if (dup)
			continue;
		if (n == MAX_STATES) {
			msg_const(err, errlen, N_("a channel names too many States"));
			return DIALOGUE_BAD;
		}
		memcpy(codes[n++], c, 4);
	}
	if (n < 2) {
		msg_const(err, errlen, N_("a channel is between at least two States of the review"));
		return DIALOGUE_BAD;
	}
	qsort(codes, n, sizeof codes[0], cmp_code);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, 64 - len, "%s%s", i ? "," : "", codes[i]);
	}
	return DIALOGUE_OK;
}

/* A text of 1..max bytes of UTF-8 without controls but newlines and tabs.
 * 0, or -1. */
static int text_ok(const char *t, size_t max)
{
	size_t n = t ? strlen(t) : 0;
	if (n == 0 || n > max || util_utf8_len(t) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)t[i];
		if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7f)
			return -1;
	}
	return 0;
}

#define SELECT_REQUEST \
	"SELECT r.id, r.reviewed, r.phase, r.states, r.purpose, r.by_whom, r.by_state, r.at, " \
	"d.decision, d.reason, d.thread, d.by_whom, d.at FROM channel_requests r " \
	"LEFT JOIN channel_decisions d ON d.request = r.id "

/* One row of SELECT_REQUEST into c (purpose opened).  0, or -1 when the
 * sealed purpose does not open. */
static int from_row(struct store_stmt *st, struct channel *c)
{
	memset(c, 0, sizeof *c);
	c->id = store_col_int(st, 0);
	util_strlcpy(c->reviewed, store_col_text(st, 1), sizeof c->reviewed);
	c->phase = (int)store_col_int(st, 2);
	util_strlcpy(c->states, store_col_text(st, 3), sizeof c->states);
	c->purpose = respseal_open_text(store_col_text(st, 4));
	util_strlcpy(c->by, store_col_text(st, 5), sizeof c->by);
	util_strlcpy(c->by_state, store_col_text(st, 6), sizeof c->by_state);
	util_strlcpy(c->at, store_col_text(st, 7), sizeof c->at);
	const char *d = store_col_text(st, 8);
	c->status = !d || !*d ? CHANNEL_REQUESTED : !strcmp(d, "set_up") ? CHANNEL_SET_UP
		: CHANNEL_DECLINED;
	c->reason = xstrdup(store_col_text(st, 9) ? store_col_text(st, 9) : "");
	c->thread = store_col_int(st, 10);
	util_strlcpy(c->decided_by, store_col_text(st, 11) ? store_col_text(st, 11) : "",
		     sizeof c->decided_by);
	util_strlcpy(c->decided_at, store_col_text(st, 12) ? store_col_text(st, 12) : "",
		     sizeof c->decided_at);
	return c->purpose ? 0 : -1;
}

/* Request id of reviewed's phase: 1 (c filled, free with channel_free),
 * 0 none (of that review and phase), -1 store error or seal. */
static int load(struct store *s, const char *reviewed, int phase, int64_t id, struct channel *c)
{
	struct store_stmt *st = store_prepare_cached(s, SELECT_REQUEST "WHERE r.id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int step = store_step(st), rc = 0;
	if (step == STORE_ROW) {
		rc = from_row(st, c) == 0 ? 1 : -1;
		if (rc == 1 && (strcmp(c->reviewed, reviewed) != 0 || c->phase != phase))
			rc = 0;
		if (rc != 1)
			channel_free(c, 1);
	} else if (step != STORE_DONE) {
		rc = -1;
	}
	store_finalize(st);
	return rc;
}

/* The link of a channel's page (or of the phase's channels, id 0). */
static void link_of(char *out, size_t n, const char *reviewed, int phase, int64_t id)
{
	if (id > 0)
		snprintf(out, n, "/reviews/%s/phases/%d/channels/%lld", reviewed, phase,
			 (long long)id);
	else
		snprintf(out, n, "/reviews/%s/phases/%d/channels", reviewed, phase);
}

/* One notice, in lang: the line of what happened, the identifiers, where
 * to read it; never a purpose, a reason or an item's content. */
static int notice(struct store *s, const char *to, const char *lang, int64_t user_id,
		  const char *what, const char *reviewed, int phase, int64_t id, const char *by)
{
	char link[96];
	struct buf body = { 0 };
	lang = lang && *lang ? lang : "en";
	link_of(link, sizeof link, reviewed, phase, id);
	buf_printf(&body, "%s\n\n%s - %d - #%lld - %s\n%s\n\n%s\n", i18n_get(lang, what), reviewed,
		   phase, (long long)id, by, link,
		   i18n_get(lang, N_("Sign in to the platform to read it: its content is not sent by e-mail.")));
	struct notify_msg m = { to, lang, i18n_get(lang, N_("A channel between experts of a review")),
				buf_str(&body), link };
	int rc = notify_queue_account(s, &m, user_id) < 0 ? -1 : 0;
	buf_free(&body);
	return rc;
}

/* R95: every active Secretariat account.  0 or -1. */
static int notify_secretariat(struct store *s, const char *what, const char *reviewed, int phase,
			      int64_t id, const char *by)
{
	struct store_stmt *st = store_prepare_cached(s, "SELECT email, lang, id FROM users WHERE role = "
							"'secretariat' AND disabled = 0 ORDER BY id");
	int rc = 0, step;
	if (!st)
		return -1;
	while ((step = store_step(st)) == STORE_ROW && rc == 0)
		rc = notice(s, store_col_text(st, 0), store_col_text(st, 1), store_col_int(st, 2), what,
			    reviewed, phase, id, by);
	store_finalize(st);
	return rc == 0 && (step == STORE_DONE || step == STORE_ROW) ? rc : -1;
}

/* The contact of each State of the comma list states (people_contact():
 * the named focal point, or the Permanent Representative until one is
 * named, R18), but the author.  0 or -1. */
static int notify_states(struct store *s, const char *states, const char *what,
			 const char *reviewed, int phase, int64_t id, const char *by)
{
	for (const char *p = states; strlen(p) >= 3;) {
		char code[4];
		struct people_contact pc;
		memcpy(code, p, 3);
		code[3] = '\0';
		int f = people_contact(s, code, &pc);
		if (f < 0)
			return -1;
		if (f > 0 && strcmp(pc.email, by) != 0 &&
		    notice(s, pc.email, pc.lang, pc.user_id, what, reviewed, phase, id, by) < 0)
			return -1;
		if (p[3] != ',')
			break;
		p += 4;
	}
	return 0;
}

int64_t channel_request(struct store *s, const struct access_actor *a, const struct access_review *r,
			int phase, int phase_started, const char *states, const char *purpose,
			char *err, size_t errlen)
{
	char list[64], now[32], obj[48];
	char *sealed = NULL;
	int64_t id = DIALOGUE_ERROR;
	if (!r || !r->reviewed || phase < 1 || phase > 4) {
		msg_const(err, errlen, N_("no such review or phase"));
		return DIALOGUE_NOT_FOUND;
	}
	/* Asked of the review as a whole first: who may ask for none learns
	 * nothing from the checks of the input. */
	struct access_object o = object_of(s, a, r, NULL);
	int c = decide_access(a, ACCESS_CHANNEL_REQUEST, &o, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	c = parse_states(r, states, list, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	o.channel_states = list;
	c = decide_access(a, ACCESS_CHANNEL_REQUEST, &o, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	if (text_ok(purpose, CHANNEL_PURPOSE_MAX) < 0) {
		msg_set(err, errlen, N_("say what the channel is for, in 1 to %d bytes of text"),
			CHANNEL_PURPOSE_MAX);
		return DIALOGUE_BAD;
	}
	if (!phase_started) {
		msg_const(err, errlen, N_("the phase has not started: its channels open with it"));
		return DIALOGUE_CLOSED;
	}
	sealed = respseal_seal_text(purpose);
	if (!sealed) {
		msg_internal(err, errlen, "no sealing key");
		return DIALOGUE_ERROR;
	}
	util_now_iso(now, sizeof now);
	if (store_begin(s) != 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	struct store_stmt *st = store_prepare_cached(
		s, "INSERT INTO channel_requests (reviewed, phase, states, purpose, by_id, by_whom, "
		   "by_state, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	int ok = st != NULL;
	if (st) {
		store_bind_text(st, 1, r->reviewed);
		store_bind_int(st, 2, phase);
		store_bind_text(st, 3, list);
		store_bind_text(st, 4, sealed);
		store_bind_int(st, 5, a->user->id);
		store_bind_text(st, 6, a->user->email);
		store_bind_text(st, 7, a->user->state);
		store_bind_text(st, 8, now);
		ok = store_step(st) == STORE_DONE;
		store_finalize(st);
	}
	if (ok) {
		id = store_last_id(s);
		snprintf(obj, sizeof obj, "channel %lld", (long long)id);
		ok = audit_log(s, a->user->email, "-", "channel.request", obj, list) == 0 &&
		     notify_secretariat(s, N_("Governmental experts of a review asked for a channel of communication."),
					r->reviewed, phase, id, a->user->email) == 0 &&
		     store_commit(s) == 0;
	}
	if (!ok) {
		msg_internal(err, errlen, store_errmsg(s));
		store_rollback(s);
		id = DIALOGUE_ERROR;
	}
out:
	free(sealed);
	return id;
}

int channel_list(struct store *s, const struct access_actor *a, const char *ip,
		 const struct access_review *r, int phase, struct channel **out, size_t *n,
		 char *err, size_t errlen)
{
	char detail[32];
	int step, rc = DIALOGUE_ERROR;
	*out = NULL;
	*n = 0;
	if (!r || !r->reviewed) {
		msg_const(err, errlen, N_("no such review or phase"));
		return DIALOGUE_NOT_FOUND;
	}
	struct access_object o = object_of(s, a, r, NULL);
	int c = decide_access(a, ACCESS_CHANNEL_REQUESTS_READ, &o, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	struct store_stmt *st = store_prepare_cached(
		s, SELECT_REQUEST "WHERE r.reviewed = ? AND r.phase = ? ORDER BY r.id");
	if (!st) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	store_bind_text(st, 1, r->reviewed);
	store_bind_int(st, 2, phase);
	while ((step = store_step(st)) == STORE_ROW) {
		struct channel ch;
		if (from_row(st, &ch) < 0) {
			channel_free(&ch, 1);
			break;
		}
		o.channel_states = ch.states;
		if (!access_allowed(a, ACCESS_CHANNEL_REQUESTS_READ, &o)) {
			channel_free(&ch, 1);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = ch;
	}
	store_finalize(st);
	snprintf(detail, sizeof detail, "phase %d, %zu", phase, *n);
	if (step == STORE_DONE &&
	    audit_record(s, a->user->email, ip ? ip : "-", "read.channel_requests", r->reviewed,
			 detail) == 0)
		rc = DIALOGUE_OK;
	if (rc != DIALOGUE_OK) {
		msg_internal(err, errlen, store_errmsg(s));
		channel_free(*out, *n);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* Request id of r's phase loaded and allowed act (its States as the
 * object).  DIALOGUE_OK (c filled: channel_free it), or a code, err set. */
static int load_checked(struct store *s, const struct access_actor *a,
			const struct access_review *r, int phase, int64_t id, enum access_action act,
			struct channel *c, char *err, size_t errlen)
{
	if (!r || !r->reviewed) {
		msg_const(err, errlen, N_("no such review or phase"));
		return DIALOGUE_NOT_FOUND;
	}
	/* Who may not see the review's channels at all is refused before
	 * anything is looked up: a 404 would tell which ids exist. */
	struct access_object o = object_of(s, a, r, NULL);
	int rc = decide_access(a, act, &o, err, errlen);
	if (rc != DIALOGUE_OK)
		return rc;
	int got = load(s, r->reviewed, phase, id, c);
	if (got < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	if (got == 0) {
		msg_const(err, errlen, N_("no such channel in this review"));
		return DIALOGUE_NOT_FOUND;
	}
	o.channel_states = c->states;
	rc = decide_access(a, act, &o, err, errlen);
	if (rc != DIALOGUE_OK)
		channel_free(c, 1);
	return rc;
}

int channel_get(struct store *s, const struct access_actor *a, const struct access_review *r,
		int phase, int64_t id, struct channel *out, char *err, size_t errlen)
{
	return load_checked(s, a, r, phase, id, ACCESS_CHANNEL_REQUESTS_READ, out, err, errlen);
}

static int insert_decision(struct store *s, int64_t id, int set_up, const char *reason,
			   int64_t thread, const struct account *u)
{
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(
		s, "INSERT INTO channel_decisions (request, decision, reason, thread, by_id, by_whom, "
		   "at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, set_up ? "set_up" : "declined");
	store_bind_text(st, 3, reason ? reason : "");
	if (thread > 0)
		store_bind_int(st, 4, thread);
	else
		store_bind_null(st, 4);
	store_bind_int(st, 5, u->id);
	store_bind_text(st, 6, u->email);
	store_bind_text(st, 7, now);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

/* The requester, told of the decision (its active account).  0 or -1. */
static int notify_requester(struct store *s, const struct channel *c, const char *what,
			    const char *by)
{
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT email, lang, id FROM users WHERE email = ? AND disabled = 0");
	if (!st)
		return -1;
	store_bind_text(st, 1, c->by);
	int step = store_step(st), rc = 0;
	if (step == STORE_ROW)
		rc = notice(s, store_col_text(st, 0), store_col_text(st, 1), store_col_int(st, 2), what,
			    c->reviewed, c->phase, c->id, by);
	else if (step != STORE_DONE)
		rc = -1;
	store_finalize(st);
	return rc;
}

int channel_decide(struct store *s, const struct access_actor *a, const struct access_review *r,
		   int phase, int64_t id, int set_up, const char *reason, char *err, size_t errlen)
{
	struct channel c;
	char obj[48];
	int rc = load_checked(s, a, r, phase, id, ACCESS_CHANNEL_SET_UP, &c, err, errlen);
	if (rc != DIALOGUE_OK)
		return rc;
	if ((!set_up || (reason && *reason)) && text_ok(reason, CHANNEL_REASON_MAX) < 0) {
		msg_set(err, errlen, N_("give the reason, in 1 to %d bytes of text"),
			CHANNEL_REASON_MAX);
		rc = DIALOGUE_BAD;
		goto out;
	}
	if (store_begin(s) != 0) {
		msg_internal(err, errlen, store_errmsg(s));
		rc = DIALOGUE_ERROR;
		goto out;
	}
	/* Decided once: read again under the write lock. */
	struct channel now;
	int got = load(s, c.reviewed, c.phase, id, &now);
	if (got == 1) {
		int decided = now.status != CHANNEL_REQUESTED;
		channel_free(&now, 1);
		if (decided) {
			store_rollback(s);
			msg_const(err, errlen, N_("this request was already decided"));
			rc = DIALOGUE_CLOSED;
			goto out;
		}
	}
	int64_t thread = 0;
	int ok = got == 1;
	if (ok && set_up) {
		char e2[200];
		thread = archive_thread_open(s, c.reviewed, c.phase, DIALOGUE_THREAD_CHANNEL, c.states,
					     e2, sizeof e2);
		ok = thread > 0;
	}
	snprintf(obj, sizeof obj, "channel %lld", (long long)id);
	const char *what = set_up ? N_("A channel of communication between experts of a review was set up.")
		: N_("A request for a channel of communication between experts of a review was declined.");
	ok = ok && insert_decision(s, id, set_up, reason, thread, a->user) == 0 &&
	     audit_log(s, a->user->email, "-", set_up ? "channel.set_up" : "channel.decline", obj,
		       set_up ? c.states : "declined") == 0 &&
	     notify_requester(s, &c, what, a->user->email) == 0 &&
	     (!set_up || notify_states(s, c.states, what, c.reviewed, c.phase, id, c.by) == 0) &&
	     store_commit(s) == 0;
	if (!ok) {
		msg_internal(err, errlen, store_errmsg(s));
		store_rollback(s);
		rc = DIALOGUE_ERROR;
	}
out:
	channel_free(&c, 1);
	return rc;
}

/* Channel id loaded, allowed act and set up.  DIALOGUE_OK (c filled) or a
 * code with err set. */
static int open_channel(struct store *s, const struct access_actor *a,
			const struct access_review *r, int phase, int64_t id, enum access_action act,
			struct channel *c, char *err, size_t errlen)
{
	int rc = load_checked(s, a, r, phase, id, act, c, err, errlen);
	if (rc != DIALOGUE_OK)
		return rc;
	if (c->status == CHANNEL_SET_UP && c->thread > 0)
		return DIALOGUE_OK;
	channel_free(c, 1);
	msg_const(err, errlen, N_("this channel is not set up"));
	return DIALOGUE_CLOSED;
}

int channel_items(struct store *s, const struct access_actor *a, const struct access_review *r,
		  int phase, int64_t id, int64_t **ids, size_t *n, char *err, size_t errlen)
{
	struct channel c;
	*ids = NULL;
	*n = 0;
	int rc = open_channel(s, a, r, phase, id, ACCESS_CHANNEL_READ, &c, err, errlen);
	if (rc != DIALOGUE_OK)
		return rc;
	if (archive_thread_records(s, c.thread, ids, n) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		rc = DIALOGUE_ERROR;
	}
	channel_free(&c, 1);
	return rc;
}

int channel_read(struct store *s, const struct access_actor *a, const char *ip,
		 const struct access_review *r, int phase, int64_t id, int64_t record,
		 struct archive_record *out, char *err, size_t errlen)
{
	struct channel c;
	memset(out, 0, sizeof *out);
	int rc = open_channel(s, a, r, phase, id, ACCESS_CHANNEL_READ, &c, err, errlen);
	if (rc != DIALOGUE_OK)
		return rc;
	int got = archive_record_meta(s, record, out);
	if (got == 1 && out->thread == c.thread) {
		archive_record_free(out);
		got = archive_read(s, record, a->user->email, ip ? ip : "-", out, err, errlen);
		rc = got == 1 ? DIALOGUE_OK : got == 0 ? DIALOGUE_NOT_FOUND : DIALOGUE_ERROR;
	} else {
		archive_record_free(out);
		memset(out, 0, sizeof *out);
		if (got < 0) {
			msg_internal(err, errlen, store_errmsg(s));
			rc = DIALOGUE_ERROR;
		} else {
			msg_const(err, errlen, N_("no such item"));
			rc = DIALOGUE_NOT_FOUND;
		}
	}
	channel_free(&c, 1);
	return rc;
}

int channel_thread_readable(struct store *s, const struct access_actor *a, int64_t thread,
			    char *err, size_t errlen)
{
	struct country_review *cr = xcalloc(1, sizeof *cr);
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	struct channel c;
	int rc = DIALOGUE_ERROR, have = 0;
	memset(&c, 0, sizeof c);
	struct store_stmt *st = store_prepare_cached(s, SELECT_REQUEST "WHERE d.thread = ?");
	if (!st) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	store_bind_int(st, 1, thread);
	int step = store_step(st);
	if (step == STORE_ROW)
		have = from_row(st, &c) == 0 ? 1 : -1;
	store_finalize(st);
	if (have < 0 || (step != STORE_ROW && step != STORE_DONE)) {
		msg_internal(err, errlen, have < 0 ? "a sealed purpose does not open"
			     : store_errmsg(s));
		goto out;
	}
	if (!have || c.status != CHANNEL_SET_UP) {
		msg_const(err, errlen, N_("no such channel in this review"));
		rc = DIALOGUE_NOT_FOUND;
		goto out;
	}
	/* Para 30: the review as it is now (a replaced reviewer no longer
	 * takes part); none in the store: its reviewed State alone. */
	int got = country_review_load(s, c.reviewed, cr);
	if (got < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	if (got == 1) {
		country_review_access(cr, &ar, ptrs, sizeof ptrs / sizeof ptrs[0]);
	} else {
		memset(&ar, 0, sizeof ar);
		ar.reviewed = c.reviewed;
	}
	struct access_object o = object_of(s, a, &ar, c.states);
	rc = decide_access(a, ACCESS_CHANNEL_READ, &o, err, errlen);
out:
	channel_free(&c, 1);
	free(cr);
	return rc;
}

/* A post's writes, as one work of the group commit (archive/group.h). */
struct post_work {
	const struct archive_sealed *sealed;
	const struct channel *c;
	const char *kind, *author, *ip;
	int64_t id; /* out */
};

static int post_work(struct store *s, void *arg, char *err, size_t errlen)
{
	struct post_work *p = arg;
	char obj[80];
	int64_t id = archive_append_sealed(s, p->sealed, err, errlen);
	if (id < 0)
		return -1;
	snprintf(obj, sizeof obj, "channel %lld archive %lld", (long long)p->c->id, (long long)id);
	const char *what = N_("A new item was archived in a channel between experts of a review.");
	if (audit_log(s, p->author, p->ip, "channel.post", obj, p->kind) < 0 ||
	    notify_secretariat(s, what, p->c->reviewed, p->c->phase, p->c->id, p->author) < 0 ||
	    notify_states(s, p->c->states, what, p->c->reviewed, p->c->phase, p->c->id,
			  p->author) < 0) {
		msg_set(err, errlen, N_("the item could not be archived: %s"), store_errmsg(s));
		return -1;
	}
	p->id = id;
	return 0;
}

int64_t channel_post(struct store *s, const struct access_actor *a, const char *ip,
		     const struct access_review *r, int phase, int64_t id,
		     const struct dialogue_item *it, char *err, size_t errlen)
{
	struct channel c;
	int rc = open_channel(s, a, r, phase, id, ACCESS_CHANNEL_POST, &c, err, errlen);
	if (rc != DIALOGUE_OK)
		return rc;
	rc = dialogue_item_check(it, err, errlen);
	if (rc != DIALOGUE_OK) {
		channel_free(&c, 1);
		return rc;
	}
	struct archive_item ai = { it->kind, c.thread, a->user->email, it->title, it->media_type,
				   it->body, it->body_len };
	struct archive_sealed *sealed = archive_seal_item(s, &ai, err, errlen);
	if (!sealed) {
		channel_free(&c, 1);
		return DIALOGUE_ERROR;
	}
	struct post_work pw = { sealed, &c, it->kind, a->user->email, ip ? ip : "-", -1 };
	int w = dialogue_run_post(s, post_work, &pw, err, errlen);
	archive_sealed_free(sealed);
	channel_free(&c, 1);
	return w < 0 ? DIALOGUE_ERROR : pw.id;
}
