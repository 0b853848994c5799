/* ceremony.c - a drawing of lots held as a ceremony (issue 12; R51, C42):
 * prepared and published before the meeting (meeting, date, roster hash,
 * commitment to the seed, the source of public entropy to be mixed in),
 * held at it (the seed revealed and checked against the commitment, the
 * entropy's value entered, the draw made from the mixed seed).  The draw
 * itself and the ceremony's change to 'held' are one transaction
 * (lots_db_draw_meta with meta->ceremony). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

#define CEREMONY_COLS "id, meeting, held_on, roster_sha256, seed_commitment, " \
	"COALESCE(entropy_name, ''), prepared_by, prepared_at, status, COALESCE(draw_id, 0), " \
	"COALESCE(held_by, ''), COALESCE(held_at, ''), COALESCE(seed, ''), " \
	"COALESCE(entropy_value, '')"

int lots_db_roster_hash(struct store *s, char sha[65], char *err, size_t errlen)
{
	struct roster dbr = { 0 }, r = { 0 };
	struct buf csv = { 0 };
	int rc = roster_load_db(s, &dbr, err, errlen);
	if (rc == 0) {
		/* The same bytes lots_db_draw_meta draws from. */
		roster_write_csv(&dbr, &csv);
		rc = roster_parse_csv(csv.p ? csv.p : "", csv.len, &r, err, errlen);
	}
	if (rc == 0)
		lots_roster_hash(&r, sha);
	buf_free(&csv);
	roster_free(&r);
	roster_free(&dbr);
	return rc < 0 ? LOTS_EINPUT : LOTS_OK;
}

void lots_seed_mix(const unsigned char seed[32], const char *name, const char *value,
		   unsigned char out[32])
{
	if (!name || !*name) {
		memcpy(out, seed, 32);
		return;
	}
	char hex[65], h[65];
	struct buf b = { 0 };
	lots_hex(seed, 32, hex);
	buf_printf(&b, "revmech-seed-mix/1\n%s\n%s\n%s\n", hex, name, value ? value : "");
	lots_sha256_hex(b.p, b.len, h);
	lots_seed_parse(h, out);
	buf_free(&b);
}

static int is_hex64(const char *p)
{
	if (!p || strlen(p) != 64)
		return 0;
	for (; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/* Non-empty valid UTF-8 of at most max code points. */
static int text_ok(const char *t, long max)
{
	long n = t ? util_utf8_len(t) : -1;
	return n > 0 && n <= max;
}

/* One ceremony per meeting (F12): with two prepared, the one held could
 * be chosen once the public entropy is known.  LOTS_OK when meeting has
 * none prepared or held, else LOTS_EINPUT with err set. */
static int meeting_free(struct store *s, const char *meeting, char *err, size_t errlen)
{
	struct store_stmt *st = store_prepare(s, "SELECT MIN(id), COUNT(*) FROM lots_ceremonies "
					      "WHERE meeting = ? AND status IN ('prepared', 'held')");
	int64_t other = -1;
	if (st) {
		store_bind_text(st, 1, meeting);
		if (store_step(st) == STORE_ROW)
			other = store_col_int(st, 1) > 0 ? store_col_int(st, 0) : 0;
	}
	store_finalize(st);
	if (other < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return LOTS_EINPUT;
	}
	if (other > 0) {
		msg_set(err, errlen, N_("meeting: drawing event %lld is already prepared or held for "
			 "meeting '%s'; one drawing event per meeting (record another meeting for "
			 "another drawing of lots)"), (long long)other, meeting);
		return LOTS_EINPUT;
	}
	return LOTS_OK;
}

/* The checks of a prepare; com gets the commitment in lower case, *on
 * the date (the meeting's when held_on is empty). */
static int prepare_check(struct store *s, const char *meeting, const char *held_on,
			 const char *commitment, const char *entropy_name, char com[65],
			 char on[16], char *err, size_t errlen)
{
	struct lots_meeting m;
	/* Held at a recorded meeting (R237, C42), on its date unless another
	 * is given (a meeting of several days). */
	if (!text_ok(meeting, 200)) {
		msg_set(err, errlen, N_("meeting: give the meeting (at most 200 characters)"));
		return LOTS_EINPUT;
	}
	int g = lots_meeting_get(s, meeting, &m);
	if (g != 1) {
		if (g < 0)
			msg_internal(err, errlen, store_errmsg(s));
		else
			msg_set(err, errlen, N_("meeting: no meeting '%s' is recorded (revmech draw meeting, "
				 "or the form on /lots/programme)"), meeting);
		return LOTS_EINPUT;
	}
	if (!held_on || !*held_on)
		held_on = m.held_on;
	if (!util_date_valid(held_on)) {
		msg_set(err, errlen, N_("date: '%s' is not a date YYYY-MM-DD"), held_on ? held_on : "");
		return LOTS_EINPUT;
	}
	util_strlcpy(com, commitment ? commitment : "", 65);
	for (char *p = com; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	if (!is_hex64(com)) {
		msg_set(err, errlen, N_("commitment: not 64 hex digits (SHA-256 of the seed)"));
		return LOTS_EINPUT;
	}
	if (entropy_name && *entropy_name && !text_ok(entropy_name, 200)) {
		msg_set(err, errlen, N_("entropy: at most 200 characters"));
		return LOTS_EINPUT;
	}
	if (meeting_free(s, meeting, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	util_strlcpy(on, held_on, 16);
	return LOTS_OK;
}

int lots_ceremony_prepare_check(struct store *s, const char *meeting, const char *held_on,
				const char *commitment, const char *entropy_name, char *err,
				size_t errlen)
{
	char com[65], on[16], sha[65];
	int rc = prepare_check(s, meeting, held_on, commitment, entropy_name, com, on, err, errlen);
	if (rc == LOTS_OK && lots_db_roster_hash(s, sha, err, errlen) != LOTS_OK)
		rc = LOTS_EINPUT;
	return rc;
}

int lots_ceremony_prepare(struct store *s, const char *meeting, const char *held_on,
			  const char *commitment, const char *entropy_name, const char *by,
			  const char *ip, int64_t *id_out, char *err, size_t errlen)
{
	char sha[65], now[32], com[65], on[16];
	if (prepare_check(s, meeting, held_on, commitment, entropy_name, com, on, err, errlen) !=
	    LOTS_OK)
		return LOTS_EINPUT;
	held_on = on;
	if (lots_db_roster_hash(s, sha, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	util_now_iso(now, sizeof now);
	if (store_begin(s) != STORE_OK) {
		msg_internal(err, errlen, store_errmsg(s));
		return LOTS_EINPUT;
	}
	/* Asked again in the transaction: two prepares at once. */
	if (meeting_free(s, meeting, err, errlen) != LOTS_OK) {
		store_rollback(s);
		return LOTS_EINPUT;
	}
	struct store_stmt *st = store_prepare(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM lots_ceremonies");
	int64_t id = st && store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
	store_finalize(st);
	st = id > 0 ? store_prepare(s, "INSERT INTO lots_ceremonies (id, meeting, held_on, "
		"roster_sha256, seed_commitment, entropy_name, prepared_by, prepared_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)") : NULL;
	int ok = st != NULL;
	if (ok) {
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, meeting);
		store_bind_text(st, 3, held_on);
		store_bind_text(st, 4, sha);
		store_bind_text(st, 5, com);
		store_bind_text(st, 6, entropy_name && *entropy_name ? entropy_name : NULL);
		store_bind_text(st, 7, by ? by : "-");
		store_bind_text(st, 8, now);
		ok = store_step(st) == STORE_DONE;
	}
	store_finalize(st);
	char obj[48], det[512], m80[81], e80[81];
	/* Cut at 80 bytes without splitting a UTF-8 sequence (PostgreSQL
	 * refuses invalid UTF-8, and the log must take the entry). */
	util_strlcpy_utf8(m80, meeting, sizeof m80);
	util_strlcpy_utf8(e80, entropy_name ? entropy_name : "", sizeof e80);
	snprintf(obj, sizeof obj, "ceremony %lld", (long long)id);
	snprintf(det, sizeof det, "meeting %s on %s; roster_sha256 %s; seed_commitment %s%s%s",
		 m80, held_on, sha, com, entropy_name && *entropy_name ? "; entropy " : "", e80);
	if (ok)
		ok = audit_log(s, by, ip, "draw.prepare", obj, det) == 0;
	if (!ok || store_commit(s) != STORE_OK) {
		msg_internal(err, errlen, store_errmsg(s));
		store_rollback(s);
		return LOTS_EINPUT;
	}
	if (id_out)
		*id_out = id;
	return LOTS_OK;
}

static void row_to(struct store_stmt *st, struct lots_ceremony *c)
{
	memset(c, 0, sizeof *c);
	c->id = store_col_int(st, 0);
	util_strlcpy(c->meeting, store_col_text(st, 1), sizeof c->meeting);
	util_strlcpy(c->held_on, store_col_text(st, 2), sizeof c->held_on);
	util_strlcpy(c->roster_sha256, store_col_text(st, 3), sizeof c->roster_sha256);
	util_strlcpy(c->seed_commitment, store_col_text(st, 4), sizeof c->seed_commitment);
	util_strlcpy(c->entropy_name, store_col_text(st, 5), sizeof c->entropy_name);
	util_strlcpy(c->prepared_by, store_col_text(st, 6), sizeof c->prepared_by);
	util_strlcpy(c->prepared_at, store_col_text(st, 7), sizeof c->prepared_at);
	util_strlcpy(c->status, store_col_text(st, 8), sizeof c->status);
	c->draw_id = store_col_int(st, 9);
	util_strlcpy(c->held_by, store_col_text(st, 10), sizeof c->held_by);
	util_strlcpy(c->held_at, store_col_text(st, 11), sizeof c->held_at);
	util_strlcpy(c->seed, store_col_text(st, 12), sizeof c->seed);
	util_strlcpy(c->entropy_value, store_col_text(st, 13), sizeof c->entropy_value);
}

int lots_ceremony_list(struct store *s, struct lots_ceremony **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(s, "SELECT " CEREMONY_COLS " FROM lots_ceremonies "
					      "ORDER BY id DESC");
	if (!st)
		return -1;
	size_t cap = 0;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		row_to(st, &(*out)[(*n)++]);
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int lots_ceremony_get(struct store *s, int64_t id, struct lots_ceremony *c)
{
	struct store_stmt *st = store_prepare(s, "SELECT " CEREMONY_COLS " FROM lots_ceremonies "
					      "WHERE id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1)
		row_to(st, c);
	store_finalize(st);
	return rc;
}

/* The checks of a hold, c read on the way. */
static int hold_check(struct store *s, int64_t id, const unsigned char seed[32],
		      const char *entropy_value, int supersede, struct lots_ceremony *cp,
		      char *err, size_t errlen)
{
	struct lots_ceremony c;
	char com[65], sha[65];
	int g = lots_ceremony_get(s, id, &c);
	if (g <= 0) {
		if (g < 0)
			msg_internal(err, errlen, store_errmsg(s));
		else
			msg_set(err, errlen, N_("ceremony: no drawing event %lld is prepared"), (long long)id);
		return LOTS_EINPUT;
	}
	if (strcmp(c.status, "prepared") != 0) {
		msg_set(err, errlen, N_("ceremony: drawing event %lld was already %s"), (long long)id,
			 c.status);
		return LOTS_EINPUT;
	}
	lots_seed_commitment(seed, com);
	if (strcmp(com, c.seed_commitment) != 0) {
		msg_set(err, errlen, N_("seed: its SHA-256 is %s, not the commitment %s published for "
			 "this drawing event; nothing was drawn"), com, c.seed_commitment);
		return LOTS_EINPUT;
	}
	int named = c.entropy_name[0] != '\0';
	if (named && !text_ok(entropy_value, 200)) {
		msg_set(err, errlen, N_("entropy: give the value of '%s' (at most 200 characters)"),
			 c.entropy_name);
		return LOTS_EINPUT;
	}
	if (!named && entropy_value && *entropy_value) {
		msg_set(err, errlen, N_("entropy: no public entropy was named before the meeting"));
		return LOTS_EINPUT;
	}
	if (lots_db_roster_hash(s, sha, err, errlen) != LOTS_OK)
		return LOTS_EINPUT;
	if (strcmp(sha, c.roster_sha256) != 0) {
		msg_set(err, errlen, N_("roster: the parties changed since the roster hash %s was "
			 "published (now %s); prepare a new drawing event"), c.roster_sha256, sha);
		return LOTS_EINPUT;
	}
	/* Events prepared for one meeting before F12 was fixed: only one of
	 * them may be held. */
	struct store_stmt *st = store_prepare(s, "SELECT COALESCE(MIN(id), 0) FROM lots_ceremonies "
					      "WHERE meeting = ? AND status = 'held' AND id <> ?");
	int64_t other = -1;
	if (st) {
		store_bind_text(st, 1, c.meeting);
		store_bind_int(st, 2, id);
		if (store_step(st) == STORE_ROW)
			other = store_col_int(st, 0);
	}
	store_finalize(st);
	if (other != 0) {
		if (other < 0)
			msg_internal(err, errlen, store_errmsg(s));
		else
			msg_set(err, errlen, N_("ceremony: drawing event %lld of the same meeting was "
				 "already held; one drawing event per meeting"), (long long)other);
		return LOTS_EINPUT;
	}
	int sc = lots_db_supersede_check(s, supersede, err, errlen);
	if (sc != LOTS_OK)
		return sc;
	*cp = c;
	return LOTS_OK;
}

int lots_ceremony_hold_check(struct store *s, int64_t id, const unsigned char seed[32],
			     const char *entropy_value, int supersede, char *err, size_t errlen)
{
	struct lots_ceremony c;
	return hold_check(s, id, seed, entropy_value, supersede, &c, err, errlen);
}

int lots_ceremony_hold(struct store *s, int64_t id, const unsigned char seed[32],
		       const char *entropy_value, const char *by, const char *ip, int supersede,
		       char **json_out, int64_t *draw_id, char *err, size_t errlen)
{
	struct lots_ceremony c;
	char hex[65];
	int rc = hold_check(s, id, seed, entropy_value, supersede, &c, err, errlen);
	if (rc != LOTS_OK)
		return rc;
	int named = c.entropy_name[0] != '\0';
	unsigned char mixed[32];
	lots_seed_mix(seed, c.entropy_name, named ? entropy_value : NULL, mixed);
	lots_hex(seed, 32, hex);
	struct lots_event_meta meta = {
		.run_by = by, .meeting = c.meeting, .actor = by, .ip = ip, .supersede = supersede,
		.ceremony = id, .revealed_seed = hex, .published_commitment = c.seed_commitment,
		.entropy_name = named ? c.entropy_name : NULL,
		.entropy_value = named ? entropy_value : NULL,
	};
	return lots_db_draw_meta(s, mixed, &meta, json_out, draw_id, err, errlen);
}
