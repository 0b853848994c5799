/* api_channel.c - the JSON API of the channels between the governmental
 * experts of a country review (issue 10; annex para 33; R95, R96, R97;
 * docs/channels.md, docs/openapi.yaml): the requests of a review's phase
 * and their outcome, a request, the Secretariat's decision, a channel with
 * its items, an item posted, one item read.  The review comes from
 * review/country (web/respctx.c: its current reviewers, after every
 * redraw), the rules from access/ (ACCESS_CHANNEL_*, asked by
 * dialogue/channel.c), the work from dialogue/channel.c.  There is no
 * update or delete of anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogue/channel.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/respctx.h"

/* Answers a DIALOGUE_* failure code with err. */
static void fail(struct web_req *rq, struct web_resp *rs, int64_t code, const char *err)
{
	switch (code) {
	case DIALOGUE_FORBIDDEN:
		web_req_audit(rq, "access.denied", rq->log_path, err);
		web_resp_json_error(rs, 403, "forbidden", err);
		break;
	case DIALOGUE_NOT_FOUND:
		web_resp_json_error(rs, 404, "not_found", err);
		break;
	case DIALOGUE_BAD:
		web_resp_json_error(rs, strstr(err, "larger") ? 413 : 400, "bad_request", err);
		break;
	case DIALOGUE_CLOSED:
		web_resp_json_error(rs, 409, strstr(err, "decided") ? "decided" : "not_open", err);
		break;
	default:
		web_resp_json_error(rs, 503, "unavailable", "nothing was recorded: try again");
		break;
	}
}

static int channel_id(struct web_req *rq, struct web_resp *rs, int64_t *id)
{
	long v;
	if (rq->param[2] && util_parse_long(rq->param[2], 1, 1L << 53, &v) == 0) {
		*id = v;
		return 1;
	}
	web_resp_json_error(rs, 404, "not_found", "no such channel in this review");
	return 0;
}

static json_t *states_json(const char *list)
{
	json_t *a = json_array();
	for (const char *p = list; strlen(p) >= 3;) {
		json_array_append_new(a, json_stringn(p, 3));
		if (p[3] != ',')
			break;
		p += 4;
	}
	return a;
}

/* One request with its outcome (new reference). */
static json_t *request_json(const struct channel *c)
{
	json_t *j = json_pack("{s:I,s:s,s:i,s:o,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)c->id,
			      "reviewed", c->reviewed, "phase", c->phase, "states",
			      states_json(c->states), "purpose", c->purpose ? c->purpose : "",
			      "requested_by", c->by, "requester_state", c->by_state, "requested_at",
			      c->at, "status", channel_status_name(c->status));
	if (c->status != CHANNEL_REQUESTED)
		json_object_set_new(j, "decision", json_pack("{s:s,s:s,s:s}", "reason", c->reason,
							     "by", c->decided_by, "at",
							     c->decided_at));
	else
		json_object_set_new(j, "decision", json_null());
	return j;
}

static json_t *item_json(const struct respctx *c, int64_t channel, const struct archive_record *r)
{
	char url[160];
	snprintf(url, sizeof url, "/api/v1/reviews/%s/phases/%d/channels/%lld/messages/%lld",
		 c->rv.reviewed, c->rv.phase, (long long)channel, (long long)r->id);
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)r->id, "kind",
			      r->kind, "title", r->title ? r->title : "", "media_type",
			      r->media_type ? r->media_type : "", "author", r->author, "at", r->at,
			      "size", (json_int_t)r->body_len, "content", url);
	if (r->media_type && !strcmp(r->media_type, "text/plain"))
		json_object_set_new(j, "text", json_stringn((const char *)r->body, r->body_len));
	return j;
}

void api_channels(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct channel *ch = NULL;
	size_t n = 0;
	char err[300];
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	struct access_actor a = web_req_actor(rq);
	int rc = channel_list(rq->db, &a, rq->ip, &c.ar, c.rv.phase, &ch, &n, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		fail(rq, rs, rc, err);
		goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, request_json(&ch[i]));
	struct access_object o = { .review = &c.ar };
	dialogue_writer_object(rq->db, &a, &o);
	int may_request = access_allowed(&a, ACCESS_CHANNEL_REQUEST, &o);
	int may_set_up = access_allowed(&a, ACCESS_CHANNEL_SET_UP, &o);
	web_resp_json(rs, 200, json_pack("{s:s,s:i,s:b,s:b,s:b,s:o}", "reviewed", c.rv.reviewed,
					 "phase", c.rv.phase, "open", c.rv.state >= 0,
					 "may_request", may_request, "may_set_up", may_set_up,
					 "requests", list));
	channel_free(ch, n);
	free(ch);
out:
	respctx_free(&c);
}

/* The States of a request: a JSON array of codes or one string. */
static const char *states_param(json_t *v, char *out, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (!json_is_array(v))
		return NULL;
	size_t i, len = 0;
	json_t *x;
	out[0] = '\0';
	json_array_foreach(v, i, x) {
		const char *s = json_string_value(x);
		if (!s || len + strlen(s) + 2 >= n)
			return NULL;
		len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "," : "", s);
	}
	return out;
}

void api_channel_request(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600], buf[128];
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES,
				NULL);
	const char *states = states_param(json_object_get(in, "states"), buf, sizeof buf);
	const char *purpose = json_string_value(json_object_get(in, "purpose"));
	if (!json_is_object(in) || !states || !purpose) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"states\": [\"AAA\", "
				    "\"BBB\"], \"purpose\": \"...\"}");
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	int64_t id = channel_request(rq->db, &a, &c.ar, c.rv.phase, c.rv.state >= 0, states,
				     purpose, err, sizeof err);
	if (id <= 0) {
		fail(rq, rs, id, err);
		goto out;
	}
	struct channel ch;
	if (channel_get(rq->db, &a, &c.ar, c.rv.phase, id, &ch, err, sizeof err) != DIALOGUE_OK) {
		web_resp_json(rs, 201, json_pack("{s:I}", "id", (json_int_t)id));
		goto out;
	}
	web_resp_json(rs, 201, request_json(&ch));
	channel_free(&ch, 1);
out:
	json_decref(in);
	respctx_free(&c);
}

void api_channel_decide(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	json_t *in = NULL;
	if (!channel_id(rq, rs, &id))
		goto out;
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
	const char *d = json_string_value(json_object_get(in, "decision"));
	json_t *rv = json_object_get(in, "reason");
	if (!json_is_object(in) || !d || (strcmp(d, "set_up") && strcmp(d, "decline")) ||
	    (rv && !json_is_string(rv))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"decision\": \"set_up\" "
				    "or \"decline\", \"reason\": \"...\"} (a reason is needed to "
				    "decline)");
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	int rc = channel_decide(rq->db, &a, &c.ar, c.rv.phase, id, !strcmp(d, "set_up"),
				json_string_value(rv), err, sizeof err);
	if (rc != DIALOGUE_OK) {
		fail(rq, rs, rc, err);
		goto out;
	}
	struct channel ch;
	if (channel_get(rq->db, &a, &c.ar, c.rv.phase, id, &ch, err, sizeof err) == DIALOGUE_OK) {
		web_resp_json(rs, 200, request_json(&ch));
		channel_free(&ch, 1);
	} else {
		web_resp_json(rs, 200, json_pack("{s:I}", "id", (json_int_t)id));
	}
out:
	json_decref(in);
	respctx_free(&c);
}

void api_channel_get(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id, *ids = NULL;
	size_t n = 0;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (!channel_id(rq, rs, &id))
		goto out;
	struct access_actor a = web_req_actor(rq);
	int rc = channel_items(rq->db, &a, &c.ar, c.rv.phase, id, &ids, &n, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		fail(rq, rs, rc, err);
		goto out;
	}
	struct channel ch;
	rc = channel_get(rq->db, &a, &c.ar, c.rv.phase, id, &ch, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		fail(rq, rs, rc, err);
		goto out;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct archive_record r;
		/* Each item opened is audited (read.archive, archive_read()). */
		if (channel_read(rq->db, &a, rq->ip, &c.ar, c.rv.phase, id, ids[i], &r, err,
				 sizeof err) != DIALOGUE_OK) {
			json_decref(items);
			channel_free(&ch, 1);
			web_resp_json_error(rs, 503, "unavailable", "the channel could not be read");
			goto out;
		}
		json_array_append_new(items, item_json(&c, id, &r));
		archive_record_free(&r);
	}
	struct access_object o = { .review = &c.ar, .channel_states = ch.states };
	dialogue_writer_object(rq->db, &a, &o);
	json_t *j = request_json(&ch);
	json_object_set_new(j, "may_post", json_boolean(access_allowed(&a, ACCESS_CHANNEL_POST, &o)));
	json_object_set_new(j, "items", items);
	web_resp_json(rs, 200, j);
	channel_free(&ch, 1);
out:
	free(ids);
	respctx_free(&c);
}

void api_channel_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id;
	json_t *in = NULL;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (!channel_id(rq, rs, &id))
		goto out;
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *title = json_string_value(json_object_get(in, "title"));
	json_t *text = json_object_get(in, "text");
	if (!json_is_object(in) || !title || !json_is_string(text) ||
	    (kind && strcmp(kind, ARCHIVE_KIND_MESSAGE) && strcmp(kind, ARCHIVE_KIND_CALL))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"kind\": \"message\" or "
				    "\"call_record\", \"title\": \"...\", \"text\": \"...\"}");
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	struct dialogue_item it = { kind ? kind : ARCHIVE_KIND_MESSAGE, title, "text/plain",
				    json_string_value(text), json_string_length(text) };
	int64_t rid = channel_post(rq->db, &a, rq->ip, &c.ar, c.rv.phase, id, &it, err, sizeof err);
	if (rid < 0) {
		fail(rq, rs, rid, err);
		goto out;
	}
	struct archive_record r;
	char at[32] = "";
	memset(&r, 0, sizeof r);
	if (archive_record_meta(rq->db, rid, &r) == 1)
		util_strlcpy(at, r.at, sizeof at);
	archive_record_free(&r);
	web_resp_json(rs, 201, json_pack("{s:I,s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)rid,
					 "channel", (json_int_t)id, "kind", it.kind, "title", title,
					 "size", (json_int_t)it.body_len, "at", at));
out:
	json_decref(in);
	respctx_free(&c);
}

void api_channel_item(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id;
	long item;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (!channel_id(rq, rs, &id))
		goto out;
	if (!rq->param[3] || util_parse_long(rq->param[3], 0, 1L << 53, &item) < 0) {
		web_resp_json_error(rs, 404, "not_found", "no such item");
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	struct archive_record r;
	int rc = channel_read(rq->db, &a, rq->ip, &c.ar, c.rv.phase, id, item, &r, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		fail(rq, rs, rc, err);
		goto out;
	}
	web_resp_json(rs, 200, item_json(&c, id, &r));
	archive_record_free(&r);
out:
	respctx_free(&c);
}
