/* audit.c - see audit.h. */
#include "audit/audit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

int audit_log(struct store *s, const char *actor, const char *ip, const char *action,
	      const char *object, const char *detail)
{
	int rc = -1;
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO audit_log (at, actor, ip, action, object, detail) "
		"VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, now);
	store_bind_text(st, 2, actor && *actor ? actor : "-");
	store_bind_text(st, 3, ip ? ip : "");
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, object ? object : "");
	store_bind_text(st, 6, detail ? detail : "");
	if (store_step(st) == STORE_DONE)
		rc = 0;
out:
	store_finalize(st);
	return rc;
}

/* Fields hold what clients sent (e-mail typed at login, paths): control
 * bytes would break the line format or drive the reader's terminal, so
 * they, DEL and the backslash (to stay unambiguous) are written \xNN. */
static void put_field(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

long audit_print(struct store *s, const char *since, const char *user, FILE *f)
{
	long n = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT at, actor, ip, action, object, detail FROM audit_log "
		"WHERE (CAST(? AS TEXT) IS NULL OR at >= ?) "
		"AND (CAST(? AS TEXT) IS NULL OR actor = ?) ORDER BY id");
	if (!st)
		goto out;
	store_bind_text(st, 1, since);
	store_bind_text(st, 2, since);
	store_bind_text(st, 3, user);
	store_bind_text(st, 4, user);
	n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		for (int c = 0; c < 6; c++) {
			if (c)
				fputc('\t', f);
			put_field(f, store_col_text(st, c));
		}
		fputc('\n', f);
		n++;
	}
	if (rc != STORE_DONE)
		n = -1;
out:
	store_finalize(st);
	return n;
}

/* What anonymous clients can make the append-only log store is bounded:
 * fields are cut at AUDIT_FIELD_MAX bytes, and each address gets at most
 * ANON_AUDIT_MAX anonymous entries per window; the rest are counted and
 * written as one "audit.suppressed" entry.  The counters live in process
 * memory: they bound growth, they are not a record. */
#define AUDIT_FIELD_MAX 128
#define ANON_AUDIT_MAX 20
#define ANON_AUDIT_WINDOW 600
#define ANON_SLOTS 256

struct anon_slot {
	char ip[64];
	long window;      /* monotonic start of the address's window */
	int n;            /* entries written in it */
	long suppressed;  /* entries not written */
};
static pthread_mutex_t anon_mu = PTHREAD_MUTEX_INITIALIZER;
static struct anon_slot anon_slots[ANON_SLOTS];

static long mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec + 1;
}

/* Whether an anonymous entry from ip is written; *flush_n > 0 asks the
 * caller to write the count suppressed for flush_ip first. */
static int anon_admit(const char *ip, char flush_ip[64], long *flush_n)
{
	unsigned h = 5381;
	for (const char *p = ip; *p; p++)
		h = h * 33 + (unsigned char)*p;
	long now = mono_now();
	int ok;
	*flush_n = 0;
	pthread_mutex_lock(&anon_mu);
	struct anon_slot *sl = &anon_slots[h % ANON_SLOTS];
	/* A slot is reset only when its window is over: addresses whose hash
	 * falls on the same slot share its quota, so that two of them cannot
	 * take turns resetting it (an outside probe did). */
	if (!sl->ip[0] || now - sl->window >= ANON_AUDIT_WINDOW) {
		if (sl->suppressed) {
			util_strlcpy(flush_ip, sl->ip, 64);
			*flush_n = sl->suppressed;
		}
		util_strlcpy(sl->ip, ip, sizeof sl->ip);
		sl->window = now;
		sl->n = 0;
		sl->suppressed = 0;
	}
	ok = sl->n < ANON_AUDIT_MAX;
	if (ok)
		sl->n++;
	else
		sl->suppressed++;
	pthread_mutex_unlock(&anon_mu);
	return ok;
}

/* Copies s cut at AUDIT_FIELD_MAX bytes, on a UTF-8 character boundary. */
static const char *field_cut(const char *s, char out[AUDIT_FIELD_MAX + 1])
{
	size_t n = s ? strlen(s) : 0;
	if (n <= AUDIT_FIELD_MAX)
		return s;
	n = AUDIT_FIELD_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

int audit_record(struct store *s, const char *actor, const char *ip, const char *action,
		 const char *object, const char *detail)
{
	char obj[AUDIT_FIELD_MAX + 1], det[AUDIT_FIELD_MAX + 1], flush_ip[64], cnt[32];
	long flush_n = 0;
	int anon = actor == NULL;
	const char *addr = ip ? ip : "";
	int write = !anon || anon_admit(addr, flush_ip, &flush_n);
	if (flush_n > 0) {
		snprintf(cnt, sizeof cnt, "%ld entries", flush_n);
		(void)audit_log(s, "-", flush_ip, "audit.suppressed", "anonymous", cnt);
	}
	if (!write)
		return 0;
	return audit_log(s, anon ? "-" : actor, addr, action, field_cut(object, obj),
			 field_cut(detail, det));
}

/* audit_public_read's memo: slots hold the hash of (database, day,
 * action, object) already recorded; a collision only costs a lookup. */
#define PUBLIC_SLOTS 1024
static pthread_mutex_t public_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t public_seen[PUBLIC_SLOTS];

static uint64_t public_key(const char *db, const char *day, const char *action,
			   const char *object)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a, fields separated by 0 */
	const char *f[] = { db, day, action, object };
	for (int i = 0; i < 4; i++) {
		for (const char *p = f[i] ? f[i] : ""; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0) * 1099511628211ULL;
	}
	return h ? h : 1;
}

int audit_public_read(struct store *s, const char *ip, const char *action, const char *object)
{
	char now[32], day[16], detail[96], obj[AUDIT_FIELD_MAX + 1];
	int rc = -1;
	util_now_iso(now, sizeof now);
	snprintf(day, sizeof day, "%.10s", now);
	object = field_cut(object, obj);
	uint64_t key = public_key(store_name(s), day, action, object);
	pthread_mutex_lock(&public_mu);
	int seen = public_seen[key % PUBLIC_SLOTS] == key;
	pthread_mutex_unlock(&public_mu);
	if (seen)
		return 0;
	/* Recorded already today (another process, or a memo slot taken
	 * since)?  The index on at bounds the lookup to today's entries. */
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COUNT(*) FROM audit_log WHERE at >= ? AND action = ? AND object = ? "
		"AND actor = '-'");
	if (!st)
		return -1;
	store_bind_text(st, 1, day);
	store_bind_text(st, 2, action);
	store_bind_text(st, 3, object);
	long long n = -1;
	if (store_step(st) == STORE_ROW)
		n = (long long)store_col_int(st, 0);
	store_finalize(st);
	if (n < 0)
		goto out;
	if (n == 0) {
		snprintf(detail, sizeof detail, "public, anonymous readers: the first read of %s; "
			 "later ones that day not recorded", day);
		if (audit_log(s, "-", ip, action, object, detail) < 0)
			goto out;
	}
	pthread_mutex_lock(&public_mu);
	public_seen[key % PUBLIC_SLOTS] = key;
	pthread_mutex_unlock(&public_mu);
	rc = 0;
out:
	return rc;
}

#define AUDIT_WHERE \
	" WHERE (CAST(? AS TEXT) IS NULL OR actor = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR substr(action, 1, length(?)) = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR at >= ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR at < ?)"

static void bind_filter(struct store_stmt *st, const struct audit_filter *f)
{
	const char *v[] = { f ? f->actor : NULL, f ? f->action_prefix : NULL,
			    f ? f->since : NULL, f ? f->until : NULL };
	int col = 1;
	for (int i = 0; i < 4; i++) {
		const char *x = v[i] && *v[i] ? v[i] : NULL;
		int times = i == 1 ? 3 : 2;
		for (int k = 0; k < times; k++)
			store_bind_text(st, col++, x);
	}
}

int audit_search(struct store *s, const struct audit_filter *f, long offset, int limit,
		 struct audit_entry **out, size_t *n, long long *total)
{
	int rc = -1;
	*out = NULL;
	*n = 0;
	*total = 0;
	if (limit < 1 || offset < 0)
		return -1;
	struct store_stmt *st = store_prepare_cached(s, "SELECT COUNT(*) FROM audit_log" AUDIT_WHERE);
	if (!st)
		return -1;
	bind_filter(st, f);
	if (store_step(st) == STORE_ROW)
		*total = (long long)store_col_int(st, 0);
	store_finalize(st);
	st = store_prepare_cached(s, "SELECT at, actor, ip, action, object, detail FROM audit_log"
				  AUDIT_WHERE " ORDER BY id DESC LIMIT ? OFFSET ?");
	if (!st)
		return -1;
	bind_filter(st, f);
	store_bind_int(st, 10, limit);
	store_bind_int(st, 11, offset);
	*out = xcalloc((size_t)limit, sizeof **out);
	int r;
	while ((r = store_step(st)) == STORE_ROW && *n < (size_t)limit) {
		struct audit_entry *e = &(*out)[(*n)++];
		e->at = xstrdup(store_col_text(st, 0));
		e->actor = xstrdup(store_col_text(st, 1));
		e->ip = xstrdup(store_col_text(st, 2));
		e->action = xstrdup(store_col_text(st, 3));
		e->object = xstrdup(store_col_text(st, 4));
		e->detail = xstrdup(store_col_text(st, 5));
	}
	if (r == STORE_DONE || r == STORE_ROW)
		rc = 0;
	store_finalize(st);
	if (rc < 0) {
		audit_entries_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void audit_entries_free(struct audit_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].at);
		free(e[i].actor);
		free(e[i].ip);
		free(e[i].action);
		free(e[i].object);
		free(e[i].detail);
	}
	free(e);
}

long long audit_count_since(struct store *s, const char *since)
{
	return store_count(s, "SELECT COUNT(*) FROM audit_log WHERE at > ?", since);
}
