/* reviews.c - see reviews.h.
 *
 * Reads the tables of migration 0002_lots.sql (issue 3).  Until they exist
 * the prepare fails and the list is reported as unavailable rather than as
 * an error, so the web platform works on a database without draws. */
#include "review/reviews.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/xmalloc.h"
#include "access/access.h"
#include "accounts/account.h"

/* One row per (review, reviewer) of the current draw, ordered by year and
 * reviewed State; the reviewer columns are NULL for a review without
 * reviewers.  Every review is read and each is judged by the access module
 * (R26): the query knows nothing of who asks. */
static const char reviews_sql[] =
	"SELECT r.reviewed, COALESCE(pr.name, r.reviewed), r.year, "
	"a.reviewer, COALESCE(pa.name, a.reviewer), a.role, a.instruments "
	"FROM lots_reviews r "
	"LEFT JOIN lots_assignments a ON a.draw_id = r.draw_id AND a.reviewed = r.reviewed "
	"  AND a.status = 'active' "
	"LEFT JOIN parties pr ON pr.code = r.reviewed "
	"LEFT JOIN parties pa ON pa.code = a.reviewer "
	"WHERE r.draw_id IN (SELECT id FROM lots_draws WHERE status = 'current') "
	"ORDER BY r.year, r.reviewed, a.slot";

/* Whether a current draw exists (the tables may exist but be empty). */
static int draw_exists(struct store *s)
{
	int n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COUNT(*) FROM lots_draws WHERE status = 'current'");
	if (!st)
		return 0;
	if (store_step(st) == STORE_ROW)
		n = (int)store_col_int(st, 0);
	store_finalize(st);
	return n > 0;
}

static struct access_actor actor_of(const struct account *u)
{
	struct access_actor a = { u ? ACCESS_SIGNED_IN : ACCESS_ANONYMOUS, u, 0 };
	return a;
}

static const char *part_name(enum access_part p)
{
	switch (p) {
	case ACCESS_PART_REVIEWED: return "reviewed";
	case ACCESS_PART_REVIEWER: return "reviewer";
	case ACCESS_PART_SECRETARIAT: return "secretariat";
	case ACCESS_PART_NONE: break;
	}
	return "none";
}

/* Appends review r to list when the actor may read it (and drops it
 * otherwise), with the actor's part in it. */
static void keep_if_visible(json_t *list, json_t *r, const struct access_actor *a)
{
	const char *codes[64];
	json_t *rvs = json_object_get(r, "reviewers");
	size_t n = json_array_size(rvs);
	if (n > sizeof codes / sizeof codes[0])
		n = sizeof codes / sizeof codes[0];
	for (size_t i = 0; i < n; i++)
		codes[i] = json_string_value(json_object_get(json_array_get(rvs, i), "state"));
	struct access_review ar = { .reviewed = json_string_value(json_object_get(r, "reviewed")),
				    .reviewers = codes, .nreviewers = n };
	struct access_object obj = { .review = &ar };
	if (access_allowed(a, ACCESS_REVIEW_READ, &obj)) {
		json_object_set_new(r, "my_part", json_string(part_name(access_review_part(a->user, &ar))));
		json_array_append(list, r);
	}
	json_decref(r);
}

json_t *reviews_for_user(struct store *s, const struct account *u, int *available)
{
	json_t *list = json_array();
	struct access_actor a = actor_of(u);
	*available = 0;
	if (!access_allowed(&a, ACCESS_REVIEWS_LIST, NULL))
		return list;
	if (!draw_exists(s))
		return list;
	struct store_stmt *st = store_prepare_cached(s, reviews_sql);
	if (!st)
		return list; /* no drawing-of-lots tables */
	*available = 1;
	json_t *cur = NULL;
	char cur_code[8] = "";
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		const char *code = store_col_text(st, 0);
		if (!cur || strcmp(code, cur_code) != 0) {
			if (cur)
				keep_if_visible(list, cur, &a);
			cur = json_pack("{s:s, s:s, s:I, s:[]}", "reviewed", code,
					"reviewed_name", store_col_text(st, 1), "year",
					(json_int_t)store_col_int(st, 2), "reviewers");
			snprintf(cur_code, sizeof cur_code, "%s", code);
		}
		if (!store_col_is_null(st, 3)) {
			json_array_append_new(json_object_get(cur, "reviewers"),
				json_pack("{s:s, s:s, s:s, s:s}", "state", store_col_text(st, 3),
					  "name", store_col_text(st, 4), "role",
					  store_col_text(st, 5), "instruments",
					  store_col_text(st, 6)));
		}
	}
	if (cur)
		keep_if_visible(list, cur, &a);
	store_finalize(st);
	if (rc != STORE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* ---- per-thread memo ---- */

#define RCACHE_SLOTS 16
#define RCACHE_KEY 24

struct rcache_entry {
	char key[RCACHE_KEY]; /* role and State of the askers it answers */
	json_t *list; /* NULL: free slot */
	int available;
	char *api_json; /* GET /api/v1/reviews body, made on first use */
	char *memo[REVIEWS_MEMO_SLOTS]; /* callers' renderings of list */
};

struct reviews_cache {
	int64_t version; /* store_data_version() the entries were read at */
	struct rcache_entry e[RCACHE_SLOTS];
	size_t next;     /* round-robin replacement */
};

struct reviews_cache *reviews_cache_new(void)
{
	struct reviews_cache *c = xcalloc(1, sizeof *c);
	c->version = -1;
	return c;
}

static void rcache_entry_clear(struct rcache_entry *e)
{
	json_decref(e->list);
	e->list = NULL;
	free(e->api_json);
	e->api_json = NULL;
	for (size_t i = 0; i < REVIEWS_MEMO_SLOTS; i++) {
		free(e->memo[i]);
		e->memo[i] = NULL;
	}
}

static void rcache_clear(struct reviews_cache *c)
{
	for (size_t i = 0; i < RCACHE_SLOTS; i++)
		rcache_entry_clear(&c->e[i]);
	c->next = 0;
}

void reviews_cache_free(struct reviews_cache *c)
{
	if (!c)
		return;
	rcache_clear(c);
	free(c);
}

/* The entry for u, read or refreshed; NULL when u's answer is not cached
 * (then *list gets an uncached answer, or NULL on a store error). */
static struct rcache_entry *rcache_get(struct reviews_cache *c, struct store *s,
				       const struct account *u, json_t **list, int *available)
{
	*list = NULL;
	struct access_actor a = actor_of(u);
	if (!c || !access_allowed(&a, ACCESS_REVIEWS_LIST, NULL)) {
		*list = reviews_for_user(s, u, available);
		return NULL;
	}
	/* As of the caller's latest statement on s: the authentication
	 * look-up of this very request (see reviews.h). */
	int64_t v = store_data_version_seen(s);
	if (v < 0) {
		rcache_clear(c);
		c->version = -1;
		*list = reviews_for_user(s, u, available);
		return NULL;
	}
	if (v != c->version) {
		rcache_clear(c);
		c->version = v;
	}
	/* Keyed by everything of the account the policy reads for reviews
	 * (role and State), so that the memo knows no rule itself. */
	char key[RCACHE_KEY];
	snprintf(key, sizeof key, "%d:%s", (int)u->role, u->state);
	for (size_t i = 0; i < RCACHE_SLOTS; i++) {
		if (c->e[i].list && strcmp(c->e[i].key, key) == 0) {
			*available = c->e[i].available;
			return &c->e[i];
		}
	}
	json_t *fresh = reviews_for_user(s, u, available);
	/* Keep it only if the query read the data of version v: a commit
	 * since the caller's look-up would show as a new version here. */
	if (!fresh || store_data_version_seen(s) != v) {
		*list = fresh;
		return NULL;
	}
	struct rcache_entry *e = &c->e[c->next];
	c->next = (c->next + 1) % RCACHE_SLOTS;
	rcache_entry_clear(e);
	snprintf(e->key, sizeof e->key, "%s", key);
	e->list = fresh;
	e->available = *available;
	return e;
}

json_t *reviews_for_user_cached(struct reviews_cache *c, struct store *s,
				const struct account *u, int *available)
{
	json_t *list;
	struct rcache_entry *e = rcache_get(c, s, u, &list, available);
	return e ? json_incref(e->list) : list;
}

json_t *reviews_for_user_memo(struct reviews_cache *c, struct store *s,
			      const struct account *u, int *available, unsigned slot,
			      char ***memo)
{
	json_t *list;
	struct rcache_entry *e = rcache_get(c, s, u, &list, available);
	*memo = e && slot < REVIEWS_MEMO_SLOTS ? &e->memo[slot] : NULL;
	return e ? json_incref(e->list) : list;
}

static char *api_json(json_t *list, int available)
{
	json_t *o = json_pack("{s:b, s:O}", "draw_available", available, "reviews", list);
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

int reviews_api_json(struct reviews_cache *c, struct store *s, const struct account *u,
		     struct buf *out)
{
	json_t *list;
	int available = 0;
	struct rcache_entry *e = rcache_get(c, s, u, &list, &available);
	if (e) {
		if (!e->api_json)
			e->api_json = api_json(e->list, e->available);
		if (!e->api_json)
			return -1;
		buf_puts(out, e->api_json);
		buf_putc(out, '\n');
		return 0;
	}
	if (!list)
		return -1;
	char *text = api_json(list, available);
	json_decref(list);
	if (!text)
		return -1;
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	return 0;
}
