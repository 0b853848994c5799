/* publicity.c - see publicity.h. */
#include "review/publicity.h"

#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

int publicity_parse(const char *name)
{
	if (name && strcmp(name, "states_parties") == 0)
		return ACCESS_PUBLICITY_STATES;
	if (name && strcmp(name, "public") == 0)
		return ACCESS_PUBLICITY_PUBLIC;
	return -1;
}

const char *publicity_name(int publicity)
{
	return publicity == ACCESS_PUBLICITY_PUBLIC ? "public" : "states_parties";
}

static int is_party(struct store *s, const char *state)
{
	struct store_stmt *st = store_prepare_cached(s, "SELECT 1 FROM parties WHERE code = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, state);
	int rc = store_step(st);
	store_finalize(st);
	return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

/* A reference: bounded, UTF-8, one line without control characters. */
static int reference_ok(const char *r)
{
	if (strlen(r) > PUBLICITY_REFERENCE_MAX || util_utf8_len(r) < 0)
		return 0;
	for (const unsigned char *p = (const unsigned char *)r; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int publicity_set(struct store *s, const char *state, const char *setting,
		  const char *reference, int64_t by_id, const char *by, char *err,
		  size_t errlen)
{
	char now[32];
	int rc = -1;
	if (!reference)
		reference = "";
	if (!state || strlen(state) != 3) {
		msg_const(err, errlen, N_("no such State"));
		return -1;
	}
	if (publicity_parse(setting) < 0) {
		msg_const(err, errlen, N_("the directory setting must be states_parties or public"));
		return -1;
	}
	if (!reference_ok(reference)) {
		msg_set(err, errlen, N_("the reference must be one line of at most %d bytes"),
			PUBLICITY_REFERENCE_MAX);
		return -1;
	}
	int party = is_party(s, state);
	if (party <= 0) {
		if (party < 0)
			msg_internal(err, errlen, store_errmsg(s));
		else
			msg_set(err, errlen, N_("%s is not a State party"), state);
		return -1;
	}
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	struct store_stmt *st = store_prepare(s,
		"INSERT INTO directory_publicity (state, setting, reference, by_id, by_whom, at) "
		"VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, state);
	store_bind_text(st, 2, setting);
	store_bind_text(st, 3, reference);
	store_bind_int(st, 4, by_id);
	store_bind_text(st, 5, by ? by : "");
	store_bind_text(st, 6, now);
	if (store_step(st) == STORE_DONE)
		rc = 0;
	store_finalize(st);
out:
	if (rc == 0 && store_commit(s) < 0)
		rc = -1;
	if (rc < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		store_rollback(s);
	}
	return rc;
}

/* Reads the rows of a query whose columns are those of the log. */
static int read_rows(struct store_stmt *st, struct publicity_entry **out, size_t *n)
{
	size_t cap = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct publicity_entry *e = &(*out)[(*n)++];
		memset(e, 0, sizeof *e);
		e->id = store_col_int(st, 0);
		util_strlcpy(e->state, store_col_text(st, 1), sizeof e->state);
		e->publicity = publicity_parse(store_col_text(st, 2)) == ACCESS_PUBLICITY_PUBLIC
			? ACCESS_PUBLICITY_PUBLIC : ACCESS_PUBLICITY_STATES;
		util_strlcpy_utf8(e->reference, store_col_text(st, 3), sizeof e->reference);
		e->by_id = store_col_int(st, 4);
		util_strlcpy_utf8(e->by, store_col_text(st, 5), sizeof e->by);
		util_strlcpy(e->at, store_col_text(st, 6), sizeof e->at);
	}
	store_finalize(st);
	if (step != STORE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

#define COLS "id, state, setting, reference, by_id, by_whom, at"

int publicity_history(struct store *s, const char *state, struct publicity_entry **out,
		      size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT " COLS " FROM directory_publicity WHERE state = ? ORDER BY id");
	if (!st)
		return -1;
	store_bind_text(st, 1, state ? state : "");
	return read_rows(st, out, n);
}

int publicity_current(struct store *s, struct publicity_entry **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT " COLS " FROM directory_publicity d WHERE d.id = "
		"(SELECT MAX(e.id) FROM directory_publicity e WHERE e.state = d.state) ORDER BY state");
	if (!st)
		return -1;
	return read_rows(st, out, n);
}

int publicity_get(struct store *s, const char *state, struct publicity_entry *out)
{
	struct publicity_entry *e = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	util_strlcpy(out->state, state ? state : "", sizeof out->state);
	out->publicity = ACCESS_PUBLICITY_STATES;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT " COLS " FROM directory_publicity WHERE state = ? ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_text(st, 1, state ? state : "");
	if (read_rows(st, &e, &n) < 0)
		return -1;
	if (n)
		*out = e[0];
	free(e);
	return n ? 1 : 0;
}

int publicity_of(const struct publicity_entry *cur, size_t n, const char *state)
{
	for (size_t i = 0; state && i < n; i++)
		if (strcmp(cur[i].state, state) == 0)
			return cur[i].publicity;
	return ACCESS_PUBLICITY_STATES;
}
