/* followup_ta.c - the dissemination of the technical-assistance needs to
 * the providers of the register, the reviewed State's choice to share
 * them, and one need with whom it was sent to and the requests linked
 * (issue 10; R116, R117, R122; annex para 45; docs/followup.md).  See
 * followup.h.  Tables ta_sharing and ta_disseminations (migration 0055),
 * append-only. */
#include "findings/followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/findings_int.h"
#include "findings/providers.h"
#include "i18n/i18n.h"
#include "mail/outbox.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"

int followup_sharing_get(struct store *s, const char *reviewed)
{
	struct store_stmt *st = store_prepare_cached(s, "SELECT share FROM ta_sharing WHERE "
						     "reviewed = ? ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	int r = store_step(st);
	int share = r == STORE_ROW ? (int)store_col_int(st, 0) : r == STORE_DONE ? 1 : -1;
	store_finalize(st);
	return share;
}

json_t *followup_sharing_json(struct store *s, const char *reviewed)
{
	struct store_stmt *st = store_prepare(s, "SELECT share, reference, by_whom, at FROM "
					      "ta_sharing WHERE reviewed = ? ORDER BY id");
	if (!st)
		return NULL;
	store_bind_text(st, 1, reviewed);
	json_t *h = json_array();
	int r, share = 1;
	while ((r = store_step(st)) == STORE_ROW) {
		share = (int)store_col_int(st, 0);
		json_array_append_new(h, json_pack("{s:b,s:s,s:s,s:s}", "share", share, "reference",
						   store_col_text(st, 1), "by",
						   store_col_text(st, 2), "at", store_col_text(st, 3)));
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(h);
		return NULL;
	}
	return json_pack("{s:s,s:b,s:b,s:o}", "state", reviewed, "share", share, "chosen",
			 json_array_size(h) > 0, "history", h);
}

int followup_sharing_set(struct store *s, const char *reviewed, int share, const char *reference,
			 int64_t by_id, const char *by, char *err, size_t errlen)
{
	char now[32];
	if (!reference)
		reference = "";
	long n = util_utf8_len(reference);
	if ((share != 0 && share != 1) || n < 0 || n > 200 || strpbrk(reference, "\r\n") || !by ||
	    !*by) {
		msg_set(err, errlen, N_("share is true or false, the reference at most 200 "
			 "characters on one line"));
		return -2;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	int cur = followup_sharing_get(s, reviewed);
	if (cur < 0)
		goto fail;
	if (cur == share) {
		msg_set(err, errlen, share ? N_("the needs are shared with providers already")
			: N_("the needs are not shared with providers already"));
		store_rollback(s);
		return -4;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO ta_sharing (reviewed, share, "
					      "reference, by_id, by_whom, at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, share);
	store_bind_text(st, 3, reference);
	store_bind_int(st, 4, by_id);
	store_bind_text(st, 5, by);
	store_bind_text(st, 6, now);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE || store_commit(s) < 0)
		goto fail;
	return 0;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	return -1;
}

/* The needs that may be sent (new reference): those of needs neither
 * kept confidential nor met. */
static json_t *shareable(struct store *s, int64_t list_id, json_t *needs)
{
	json_t *conf = findings_confidential(s, list_id), *met = json_object(), *out = NULL;
	struct store_stmt *st = conf ? store_prepare(s, "SELECT item_key, status FROM ta_status "
						     "WHERE list_id = ? ORDER BY id") : NULL;
	if (!st)
		goto out;
	store_bind_int(st, 1, list_id);
	int r;
	while ((r = store_step(st)) == STORE_ROW)
		json_object_set_new(met, store_col_text(st, 0),
				    json_boolean(!strcmp(store_col_text(st, 1), "met")));
	store_finalize(st);
	if (r != STORE_DONE)
		goto out;
	out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(needs, i, v) {
		const char *key = json_string_value(json_object_get(v, "key"));
		if (!findings_is_confidential(conf, key) && !json_is_true(json_object_get(met, key)))
			json_array_append(out, v);
	}
out:
	json_decref(conf);
	json_decref(met);
	return out;
}

static const char *instrument_msg(const char *inst)
{
	if (!strcmp(inst, "untoc"))
		return N_("Organized Crime Convention");
	if (!strcmp(inst, "tip"))
		return N_("Trafficking in Persons Protocol");
	if (!strcmp(inst, "som"))
		return N_("Smuggling of Migrants Protocol");
	if (!strcmp(inst, "firearms"))
		return N_("Firearms Protocol");
	return inst;
}

static const char *priority_msg(const char *p)
{
	if (!strcmp(p, "high"))
		return N_("High priority");
	if (!strcmp(p, "medium"))
		return N_("Medium priority");
	return N_("Low priority");
}

/* reviewed's name in lang (the English name if none). */
static void state_name(struct store *s, const char *reviewed, const char *lang, char *out,
		       size_t outlen)
{
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT COALESCE((SELECT n.name FROM party_names n WHERE n.party = p.code AND "
		"n.lang = ?), p.name) FROM parties p WHERE p.code = ?");
	util_strlcpy(out, reviewed, outlen);
	if (!st)
		return;
	store_bind_text(st, 1, lang);
	store_bind_text(st, 2, reviewed);
	if (store_step(st) == STORE_ROW)
		util_strlcpy_utf8(out, store_col_text(st, 0), outlen);
	store_finalize(st);
}

/* The mail to provider p (its version in force) of needs into body, in
 * p's language. */
static void compose(struct store *s, const char *reviewed, int phase, json_t *p, json_t *needs,
		    struct buf *body)
{
	const char *L = json_string_value(json_object_get(p, "lang"));
	char name[256];
	size_t i;
	json_t *v;
	state_name(s, reviewed, L, name, sizeof name);
	buf_printf(body, "%s\n\n%s: %s\n%s: %d\n\n", i18n_get(L, N_("The Secretariat of the Review Mechanism shares with you the technical assistance needs below, identified in the country review of a State party (annex to resolution 9/1, paragraph 45). The State agreed to share them with potential providers. If you can contribute, please reply to the Secretariat.")),
		   i18n_get(L, N_("State")), name, i18n_get(L, N_("Phase")), phase);
	json_array_foreach(needs, i, v)
		buf_printf(body, "- %s, %s %lld (%s): %s\n",
			   i18n_get(L, instrument_msg(json_string_value(json_object_get(v, "instrument")))),
			   i18n_get(L, N_("Article")),
			   (long long)json_integer_value(json_object_get(v, "article")),
			   i18n_get(L, priority_msg(json_string_value(json_object_get(v, "priority")))),
			   json_string_value(json_object_get(v, "text")));
}

static json_t *provider_in(json_t *list, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			return v;
	return NULL;
}

/* The needs of all that provider p is interested in (new reference). */
static json_t *needs_for(json_t *p, json_t *all)
{
	json_t *out = json_array(), *v, *insts = json_object_get(p, "instruments");
	size_t i, k;
	json_array_foreach(all, i, v) {
		const char *inst = json_string_value(json_object_get(v, "instrument"));
		int in = json_array_size(insts) == 0;
		json_t *c;
		json_array_foreach(insts, k, c)
			in |= !strcmp(json_string_value(c), inst);
		if (in)
			json_array_append(out, v);
	}
	return out;
}

static int in_regions(json_t *p, const char *grp)
{
	json_t *regs = json_object_get(p, "regions"), *c;
	size_t k;
	int in = json_array_size(regs) == 0;
	json_array_foreach(regs, k, c)
		in |= grp && !strcmp(json_string_value(c), grp);
	return in;
}

static int record(struct store *s, int64_t batch, const struct findings_row *row, json_t *p,
		  json_t *needs, int64_t outbox, const char *now, const char *by)
{
	json_t *keys = json_array(), *v;
	size_t i;
	json_array_foreach(needs, i, v)
		json_array_append(keys, json_object_get(v, "key"));
	char *k = json_dumps(keys, JSON_COMPACT);
	json_decref(keys);
	struct store_stmt *st = store_prepare(s, "INSERT INTO ta_disseminations (batch, list_id, "
		"list_version, provider_id, provider_version, needs, outbox_id, at, by_whom) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int r = -1;
	if (st && k) {
		store_bind_int(st, 1, batch);
		store_bind_int(st, 2, row->id);
		store_bind_int(st, 3, row->agreed_version);
		store_bind_int(st, 4, json_integer_value(json_object_get(p, "id")));
		store_bind_int(st, 5, json_integer_value(json_object_get(p, "version")));
		store_bind_text(st, 6, k);
		store_bind_int(st, 7, outbox);
		store_bind_text(st, 8, now);
		store_bind_text(st, 9, by);
		r = store_step(st) == STORE_DONE ? 0 : -1;
	}
	store_finalize(st);
	free(k);
	return r;
}

int followup_disseminate(struct store *s, const char *reviewed, int phase, const int64_t *ids,
			 size_t n, const char *by, int64_t *batch, size_t *sent, char *err,
			 size_t errlen)
{
	struct findings_row row;
	json_t *needs = NULL, *can = NULL, *provs = NULL, *targets = json_array();
	char now[32], grp[32] = "";
	int rc = -1;
	size_t count = 0;
	if (!by || !*by || n > 1000) {
		msg_set(err, errlen, N_("choose at most 1000 providers"));
		json_decref(targets);
		return -2;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		json_decref(targets);
		return -1;
	}
	int r = findings_agreed_needs(s, reviewed, phase, &row, &needs);
	if (r < 0)
		goto fail;
	if (r == 0) {
		msg_set(err, errlen, N_("the list of observations of %s for phase %d is not agreed yet"),
			reviewed, phase);
		rc = -3;
		goto out;
	}
	r = followup_sharing_get(s, reviewed);
	if (r < 0)
		goto fail;
	if (r == 0) {
		msg_set(err, errlen, N_("the reviewed State chose not to share its technical-assistance "
			 "needs with providers"));
		rc = -4;
		goto out;
	}
	can = shareable(s, row.id, needs);
	provs = providers_list(s, 0);
	struct store_stmt *st = store_prepare_cached(s, "SELECT COALESCE(grp, '') FROM parties "
						     "WHERE code = ?");
	if (!can || !provs || !st)
		goto fail;
	store_bind_text(st, 1, reviewed);
	if (store_step(st) == STORE_ROW)
		util_strlcpy(grp, store_col_text(st, 0), sizeof grp);
	store_finalize(st);
	if (json_array_size(can) == 0) {
		msg_set(err, errlen, N_("no need of the agreed list can be sent: each is kept "
			 "confidential or met"));
		rc = -5;
		goto out;
	}
	/* The providers chosen (each once), or every active one of the
	 * reviewed State's region. */
	for (size_t i = 0; i < n; i++) {
		json_t *p = provider_in(provs, ids[i]);
		if (!p) {
			msg_set(err, errlen, N_("no such provider"));
			rc = -2;
			goto out;
		}
		if (!json_is_true(json_object_get(p, "active"))) {
			msg_set(err, errlen, N_("the provider '%s' is not active"),
				json_string_value(json_object_get(p, "name")));
			rc = -2;
			goto out;
		}
		size_t k;
		json_t *t;
		int dup = 0;
		json_array_foreach(targets, k, t)
			dup |= t == p;
		if (!dup)
			json_array_append(targets, p);
	}
	if (n == 0) {
		size_t k;
		json_t *p;
		json_array_foreach(provs, k, p)
			if (json_is_true(json_object_get(p, "active")) && in_regions(p, grp))
				json_array_append(targets, p);
	}
	st = store_prepare_cached(s, "SELECT COALESCE(MAX(batch), 0) + 1 FROM ta_disseminations");
	if (!st)
		goto fail;
	int64_t b = store_step(st) == STORE_ROW ? store_col_int(st, 0) : 0;
	store_finalize(st);
	if (b <= 0)
		goto fail;
	util_now_iso(now, sizeof now);
	size_t k;
	json_t *p;
	json_array_foreach(targets, k, p) {
		json_t *mine = needs_for(p, can);
		if (json_array_size(mine) == 0) {
			json_decref(mine);
			if (n == 0)
				continue;
			msg_set(err, errlen, N_("the provider '%s' is interested in none of these needs' "
				 "instruments"), json_string_value(json_object_get(p, "name")));
			rc = -2;
			goto out;
		}
		const char *L = json_string_value(json_object_get(p, "lang"));
		struct buf body = { 0 };
		compose(s, reviewed, phase, p, mine, &body);
		int64_t ob = outbox_queue(s, json_string_value(json_object_get(p, "contact")), L,
					  i18n_get(L, N_("Technical assistance needs identified in a country review")),
					  buf_str(&body));
		buf_free(&body);
		r = ob < 0 ? -1 : record(s, b, &row, p, mine, ob, now, by);
		json_decref(mine);
		if (r < 0)
			goto fail;
		count++;
	}
	if (count == 0) {
		msg_set(err, errlen, N_("no active provider of the register matches these needs"));
		rc = -5;
		goto out;
	}
	if (store_commit(s) < 0)
		goto fail;
	if (batch)
		*batch = b;
	if (sent)
		*sent = count;
	rc = 0;
	goto done;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	rc = -1;
out:
	store_rollback(s);
done:
	json_decref(needs);
	json_decref(can);
	json_decref(provs);
	json_decref(targets);
	return rc;
}

json_t *followup_disseminations(struct store *s, const char *reviewed, int phase, const char *key)
{
	struct findings_row row;
	int r = findings_list_row(s, reviewed, phase, &row);
	if (r < 0)
		return NULL;
	json_t *out = json_array();
	if (r == 0)
		return out;
	struct store_stmt *st = store_prepare(s,
		"SELECT d.batch, d.provider_id, v.name, v.kind, d.needs, d.at, d.by_whom, "
		"d.list_version FROM ta_disseminations d JOIN ta_provider_versions v "
		"ON v.id = d.provider_version WHERE d.list_id = ? ORDER BY d.id");
	if (!st) {
		json_decref(out);
		return NULL;
	}
	store_bind_int(st, 1, row.id);
	while ((r = store_step(st)) == STORE_ROW) {
		json_t *keys = json_loads(store_col_text(st, 4), 0, NULL), *c;
		size_t i;
		int has = !key;
		json_array_foreach(keys, i, c)
			has |= key && !strcmp(json_string_value(c), key);
		if (!has || !json_is_array(keys)) {
			json_decref(keys);
			continue;
		}
		json_array_append_new(out, json_pack("{s:I,s:I,s:s,s:s,s:o,s:s,s:s,s:I}", "batch",
						     (json_int_t)store_col_int(st, 0), "provider_id",
						     (json_int_t)store_col_int(st, 1), "provider",
						     store_col_text(st, 2), "kind",
						     store_col_text(st, 3), "needs", keys, "at",
						     store_col_text(st, 5), "by", store_col_text(st, 6),
						     "list_version", (json_int_t)store_col_int(st, 7)));
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *followup_need_json(struct store *s, const char *reviewed, int phase, const char *key,
			   int full, int sent, const char *actor, const char *ip, int *rc)
{
	json_t *all = findings_followup_read(s, reviewed, phase, full, actor, ip,
					     "read.followup_need", key ? key : "", rc), *out = NULL;
	if (!all)
		return NULL;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(all, "needs"), i, v)
		if (key && !strcmp(json_string_value(json_object_get(v, "key")), key))
			out = json_incref(v);
	if (!out) {
		*rc = -3;
		goto out;
	}
	json_object_set(out, "reviewed", json_object_get(all, "reviewed"));
	json_object_set(out, "phase", json_object_get(all, "phase"));
	json_object_set(out, "list_version", json_object_get(all, "list_version"));
	if (sent) {
		json_t *d = followup_disseminations(s, reviewed, phase, key);
		if (!d) {
			json_decref(out);
			out = NULL;
			*rc = -1;
			goto out;
		}
		json_object_set_new(out, "disseminations", d);
	}
	*rc = 0;
out:
	json_decref(all);
	return out;
}
