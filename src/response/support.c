/* support.c - requests for the Secretariat's support on draft responses
 * (probe s8 F23, B18, para 34).  See support.h.  Append-only: the latest
 * row of a review's phase says whether one is in force. */
#include "response/support.h"

#include <string.h>

#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

/* The kind of the latest row (out: "ask", "end" or "" none); in the
 * caller's transaction, if any.  0, or -1 on a store error. */
static int latest(struct store *s, const char *reviewed, int phase, char *out, size_t n)
{
	out[0] = '\0';
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT kind FROM response_support_requests WHERE reviewed = ? AND phase = ? "
		   "ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	int step = store_step(st);
	if (step == STORE_ROW)
		util_strlcpy(out, store_col_text(st, 0), n);
	store_finalize(st); /* a cached statement: given back, reset */
	return step == STORE_ROW || step == STORE_DONE ? 0 : -1;
}

int response_support_open(struct store *s, const char *reviewed, int phase)
{
	char k[8];
	if (latest(s, reviewed, phase, k, sizeof k) < 0)
		return -1;
	return strcmp(k, "ask") == 0;
}

int response_support_change(struct store *s, const char *reviewed, int phase, const char *kind,
			    const char *reason, int64_t by_id, const char *by, char *err,
			    size_t errlen)
{
	char k[8], now[32];
	int rc = -1;
	if (!kind || (strcmp(kind, "ask") && strcmp(kind, "end"))) {
		msg_const(err, errlen, N_("unknown request: ask for the Secretariat's support, or "
					  "end the request in force"));
		return -2;
	}
	if (!reason || !*reason || strlen(reason) > RESPONSE_SUPPORT_REASON_MAX ||
	    util_utf8_len(reason) < 0) {
		msg_const(err, errlen, N_("give the reason: valid UTF-8 of at most 1,000 bytes"));
		return -2;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	/* Read and written in one transaction: two requests at once cannot
	 * both be the one in force. */
	if (latest(s, reviewed, phase, k, sizeof k) < 0)
		goto out;
	int open = strcmp(k, "ask") == 0;
	if (open == (strcmp(kind, "ask") == 0)) {
		if (open)
			msg_set(err, errlen, N_("a request for the Secretariat's support on the draft "
						"responses of %s for phase %d is already in force"),
				reviewed, phase);
		else
			msg_set(err, errlen, N_("no request for the Secretariat's support on the draft "
						"responses of %s for phase %d is in force"),
				reviewed, phase);
		rc = -4;
		goto out;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO response_support_requests (reviewed, phase, kind, reason, by_id, "
		   "by_whom, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, reason);
	store_bind_int(st, 5, by_id);
	store_bind_text(st, 6, by ? by : "");
	store_bind_text(st, 7, now);
	int step = store_step(st);
	store_finalize(st);
	if (step != STORE_DONE || store_commit(s) < 0)
		goto out;
	return 0;
out:
	if (rc == -1)
		msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	return rc;
}

json_t *response_support_history(struct store *s, const char *reviewed, int phase)
{
	struct store_stmt *st = store_prepare(
		s, "SELECT id, kind, reason, by_whom, at FROM response_support_requests "
		   "WHERE reviewed = ? AND phase = ? ORDER BY id");
	if (!st)
		return NULL;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	json_t *out = json_array();
	int step;
	while ((step = store_step(st)) == STORE_ROW)
		json_array_append_new(out, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id",
						   (json_int_t)store_col_int(st, 0), "kind",
						   store_col_text(st, 1), "reason",
						   store_col_text(st, 2), "by", store_col_text(st, 3),
						   "at", store_col_text(st, 4)));
	store_finalize(st);
	if (step != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}
