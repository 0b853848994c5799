/* api_dialogue.c - the JSON API of the written dialogue and the written
 * observations (issue 10; docs/openapi.yaml): the threads of a review's
 * phase per instrument with their messages, attachments and records of
 * calls and meetings, the download of an item, and the observations on the
 * submitted responses with their deadline.  Handlers translate: the review
 * comes from review/country (web/dlgctx.c), the rules from access/
 * (ACCESS_DIALOGUE_*, ACCESS_OBSERVATION_*), asked by dialogue/ itself, the
 * work from dialogue/.  There is no update or delete of anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response/attachment.h"
#include "util/util.h"
#include "web/dlgctx.h"
#include "web/handlers.h"
#include "web/personal.h"

static int load(struct web_req *rq, struct web_resp *rs, struct dlgctx *c)
{
	int r = dlgctx_load(rq->db, rq->param[0], rq->param[1], c);
	if (r == 0)
		web_resp_json_error(rs, 404, "not_found", "no such review or phase: the State must be "
				    "an ISO 3166 alpha-3 code reviewed in the current draw, the phase "
				    "1 to 4");
	else if (r < 0)
		web_resp_json_error(rs, 503, "unavailable", "the review could not be read");
	return r;
}

static void refused(struct web_req *rq, struct web_resp *rs, const char *why)
{
	web_req_audit(rq, "access.denied", rq->log_path, why);
	web_resp_json_error(rs, 403, "forbidden", why);
}

/* Answers a DIALOGUE_* failure code with err. */
static void dialogue_error(struct web_req *rq, struct web_resp *rs, int64_t code,
			   const char *err, const char *not_found)
{
	switch (code) {
	case DIALOGUE_FORBIDDEN:
		refused(rq, rs, err);
		break;
	case DIALOGUE_NOT_FOUND:
		web_resp_json_error(rs, 404, not_found, err);
		break;
	case DIALOGUE_BAD:
		web_resp_json_error(rs, strstr(err, "larger") ? 413 : 400, "bad_request", err);
		break;
	case DIALOGUE_CLOSED:
		web_resp_json_error(rs, 409, strstr(err, "submitted") ? "not_submitted" : "not_open",
				    err);
		break;
	default:
		web_resp_json_error(rs, 503, "unavailable", "nothing was archived: try again");
		break;
	}
}

/* ?instrument= when given: one of the phase's, else 404 (returns 0). */
static int instrument_param(struct web_req *rq, struct web_resp *rs, const struct dlgctx *c,
			    const char **out)
{
	*out = web_req_query(rq, "instrument");
	if (!*out || dlgctx_has_instrument(c, *out))
		return 1;
	web_resp_json_error(rs, 404, "unknown_instrument", "no such instrument under review in "
			    "this phase");
	return 0;
}

/* Whether the actor may do act on some instrument of the phase (or on
 * only, when given); the first refusal in *d otherwise. */
static int may_any(struct web_req *rq, const struct dlgctx *c, enum access_action act,
		   const char *only, struct access_decision *d)
{
	char list[8][16];
	size_t n = dlgctx_instruments(c, list, 8);
	struct access_actor a = web_req_actor(rq);
	d->result = ACCESS_DENY;
	d->code = "forbidden";
	d->reason = "no instrument under review in this phase";
	for (size_t i = 0; i < n; i++) {
		if (only && strcmp(only, list[i]))
			continue;
		struct access_object o = dlgctx_object(c, list[i]);
		struct access_decision x = access_check(&a, act, &o);
		if (x.result == ACCESS_ALLOW)
			return 1;
		if (i == 0 || only)
			*d = x;
	}
	return 0;
}

static void refuse_decision(struct web_req *rq, struct web_resp *rs, struct access_decision d)
{
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401 : 403, d.code, d.reason);
}

void api_messages(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	struct access_decision d;
	const char *inst;
	if (load(rq, rs, &c) <= 0)
		return;
	if (!instrument_param(rq, rs, &c, &inst))
		goto out;
	/* disc (R101): a thread disclosed alone opens that thread, not its
	 * instrument: without the instrument's reading, the threads the
	 * access module allows one by one (dialogue/), refused when none. */
	int whole = may_any(rq, &c, ACCESS_DIALOGUE_READ, inst, &d);
	struct access_actor a = web_req_actor(rq);
	json_t *th = NULL;
	/* disc2: with or without ?instrument= (a message disclosed alone too). */
	if (whole || c.rc.ar.ndisclosures)
		th = dlgctx_threads_json(rq->db, &a, rq->ip, &c, inst);
	if (!whole && (!th || json_array_size(th) == 0)) {
		json_decref(th);
		refuse_decision(rq, rs, d);
		goto out;
	}
	if (!th) {
		web_resp_json_error(rs, 503, "unavailable", "the dialogue could not be read");
		goto out;
	}
	/* The instruments the actor may write on (threads open on first use). */
	char list[8][16];
	size_t n = dlgctx_instruments(&c, list, 8);
	json_t *can = json_array();
	for (size_t i = 0; i < n; i++) {
		struct access_object o = dlgctx_object(&c, list[i]);
		dialogue_writer_object(rq->db, &a, &o);
		if (access_allowed(&a, ACCESS_DIALOGUE_POST, &o))
			json_array_append_new(can, json_string(list[i]));
	}
	web_req_audit(rq, "read.dialogue", c.rc.rv.reviewed, rq->param[1]);
	/* public (F17): a thread disclosed to the public or to every State
	 * party names its authors by State (or role), not by address. */
	if (!personal_visible(&a, &c.rc.ar))
		personal_strip_accounts(rq->db, th);
	web_resp_json(rs, 200, json_pack("{s:s,s:i,s:b,s:o,s:o}", "reviewed", c.rc.rv.reviewed,
					 "phase", c.rc.rv.phase, "open", c.oc.phase_started,
					 "may_post", can, "threads", th));
out:
	dlgctx_free(&c);
}

/* Archives an item (kind, title, media type, bytes) in the thread of
 * instrument, opened on first use; answers 201 with what was archived. */
static void archive_item(struct web_req *rq, struct web_resp *rs, struct dlgctx *c,
			 const char *instrument, const struct dialogue_item *it, int64_t message)
{
	char err[600];
	struct access_actor a = web_req_actor(rq);
	int64_t th = dialogue_thread_ensure(rq->db, &a, &c->rc.ar, c->rc.rv.phase,
					    c->oc.phase_started, instrument, err, sizeof err);
	if (th <= 0) {
		dialogue_error(rq, rs, th, err, "not_found");
		return;
	}
	int64_t id = dialogue_post_with(rq->db, &a, rq->ip, th, it, message, err, sizeof err);
	if (id < 0) {
		dialogue_error(rq, rs, id, err, message >= 0 ? "no_such_message" : "not_found");
		return;
	}
	struct archive_record r;
	char at[32] = "";
	if (archive_record_meta(rq->db, id, &r) == 1)
		util_strlcpy(at, r.at, sizeof at);
	json_t *j = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)id,
			      "thread", (json_int_t)th, "instrument", instrument, "kind",
			      it->kind, "title", it->title, "media_type", it->media_type,
			      "size", (json_int_t)it->body_len, "at", at);
	/* disc2: the message a document was sent with, null none. */
	json_object_set_new(j, "message", message >= 0 ? json_integer((json_int_t)message)
				  : json_null());
	web_resp_json(rs, 201, j);
}

void api_message_post(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	json_t *in = NULL;
	if (load(rq, rs, &c) <= 0)
		return;
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
	const char *inst = json_string_value(json_object_get(in, "instrument"));
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *title = json_string_value(json_object_get(in, "title"));
	json_t *text = json_object_get(in, "text");
	if (!json_is_object(in) || !inst || !title || !json_is_string(text) ||
	    (kind && strcmp(kind, ARCHIVE_KIND_MESSAGE) && strcmp(kind, ARCHIVE_KIND_CALL))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"instrument\": \"untoc\", "
				    "\"kind\": \"message\" or \"call_record\", \"title\": \"...\", "
				    "\"text\": \"...\"}");
		goto out;
	}
	if (!c.oc.phase_started) {
		web_resp_json_error(rs, 409, "not_open", "the phase has not started: its dialogue "
				    "opens with it");
		goto out;
	}
	if (!dlgctx_has_instrument(&c, inst)) {
		web_resp_json_error(rs, 404, "unknown_instrument", "no such instrument under review "
				    "in this phase");
		goto out;
	}
	struct dialogue_item it = { kind ? kind : ARCHIVE_KIND_MESSAGE, title, "text/plain",
				    json_string_value(text), json_string_length(text) };
	archive_item(rq, rs, &c, inst, &it, -1);
out:
	json_decref(in);
	dlgctx_free(&c);
}

/* A document (raw body) for the thread of ?instrument=, named ?filename=;
 * ?kind=call_record for the notes of a call or meeting. */
void api_message_attach(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	char name[201];
	const char *inst;
	if (load(rq, rs, &c) <= 0)
		return;
	if (!c.oc.phase_started) {
		web_resp_json_error(rs, 409, "not_open", "the phase has not started: its dialogue "
				    "opens with it");
		goto out;
	}
	if (!instrument_param(rq, rs, &c, &inst))
		goto out;
	const char *kind = web_req_query(rq, "kind");
	if (!inst || (kind && strcmp(kind, ARCHIVE_KIND_ATTACHMENT) &&
		      strcmp(kind, ARCHIVE_KIND_CALL))) {
		web_resp_json_error(rs, 400, "bad_request", "name the thread's ?instrument= (and "
				    "?kind=attachment or call_record, ?filename=)");
		goto out;
	}
	/* disc2: ?message= the message of the thread the document is sent with. */
	const char *ms = web_req_query(rq, "message");
	long msg = -1;
	if (ms && util_parse_long(ms, 0, 1L << 53, &msg) < 0) {
		web_resp_json_error(rs, 400, "bad_request", "?message= is the id of a message of the "
				    "thread the document is sent with");
		goto out;
	}
	if (ms && kind && strcmp(kind, ARCHIVE_KIND_ATTACHMENT)) {
		web_resp_json_error(rs, 400, "bad_request", "only a document is sent with a message");
		goto out;
	}
	if (dlgctx_filename(web_req_query(rq, "filename"), name) < 0) {
		web_resp_json_error(rs, 400, "bad_request", "?filename= must name the document");
		goto out;
	}
	if (rq->body.len > ATTACHMENT_MAX) {
		web_resp_json_error(rs, 413, "too_large", "the document is larger than 4 MiB");
		goto out;
	}
	if (rq->body.len == 0) {
		web_resp_json_error(rs, 400, "bad_request", "the document is empty");
		goto out;
	}
	const char *type = attachment_sniff((const unsigned char *)rq->body.p, rq->body.len);
	if (!type) {
		web_resp_json_error(rs, 415, "unsupported_type", "the document must be PDF, DOCX, "
				    "ODT, PNG, JPEG or plain UTF-8 text (judged by its content)");
		goto out;
	}
	struct dialogue_item it = { kind ? kind : ARCHIVE_KIND_ATTACHMENT, name, type, rq->body.p,
				    rq->body.len };
	archive_item(rq, rs, &c, inst, &it, msg);
out:
	dlgctx_free(&c);
}

/* One item's content, as a download. */
void api_message_get(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	struct archive_record r;
	char err[300];
	long id;
	if (load(rq, rs, &c) <= 0)
		return;
	memset(&r, 0, sizeof r);
	if (util_parse_long(rq->param[2], 0, 1L << 53, &id) < 0 ||
	    archive_record_meta(rq->db, id, &r) != 1 || strcmp(r.reviewed, c.rc.rv.reviewed) ||
	    r.phase != c.rc.rv.phase || !strcmp(r.kind, ARCHIVE_KIND_OBSERVATION)) {
		web_resp_json_error(rs, 404, "not_found", "no such item in this review's phase");
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	int rc = dialogue_read(rq->db, &a, rq->ip, id, &r, err, sizeof err);
	if (rc == DIALOGUE_FORBIDDEN && !personal_review_known(&a, &c.rc.ar)) {
		/* F8: to who may not read the review, an item it may not read
		 * is answered as a missing one (the refusal still audited). */
		web_req_audit(rq, "access.denied", rq->log_path, err);
		web_resp_json_error(rs, 404, "not_found", "no such item in this review's phase");
		goto out;
	}
	if (rc != DIALOGUE_OK) {
		dialogue_error(rq, rs, rc, err, "not_found");
		goto out;
	}
	buf_reset(&rs->body);
	buf_append(&rs->body, r.body, r.body_len);
	rs->status = 200;
	const char *ct = attachment_sniff(r.body, r.body_len); /* static */
	rs->ctype = !strcmp(r.media_type, "text/plain") ? "text/plain; charset=utf-8"
		: ct ? ct : "application/octet-stream";
	/* Never rendered in the platform's origin: always a download. */
	char disp[300];
	size_t k = 0;
	char ascii[201];
	for (const char *p = r.title; *p && k < 200; p++)
		ascii[k++] = (*p > 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? *p : '_';
	ascii[k] = '\0';
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", k ? ascii : "item");
	web_resp_header(rs, "Content-Disposition", disp);
	archive_record_free(&r);
out:
	dlgctx_free(&c);
}

void api_observations(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	struct access_decision d;
	const char *inst;
	if (load(rq, rs, &c) <= 0)
		return;
	if (!instrument_param(rq, rs, &c, &inst))
		goto out;
	if (!may_any(rq, &c, ACCESS_OBSERVATION_READ, inst, &d)) {
		refuse_decision(rq, rs, d);
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	json_t *j = dlgctx_observations_json(rq->db, &a, rq->ip, &c, inst);
	if (!j) {
		web_resp_json_error(rs, 503, "unavailable", "the observations could not be read");
		goto out;
	}
	web_req_audit(rq, "read.observations", c.rc.rv.reviewed, rq->param[1]);
	web_resp_json(rs, 200, j);
out:
	dlgctx_free(&c);
}

void api_observation_post(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	char err[600];
	json_t *in = NULL;
	if (load(rq, rs, &c) <= 0)
		return;
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
	const char *type = json_string_value(json_object_get(in, "type"));
	const char *q = json_string_value(json_object_get(in, "question"));
	const char *text = json_string_value(json_object_get(in, "text"));
	json_t *rt = json_object_get(in, "reply_to");
	if (!json_is_object(in) || !type || !text || (rt && !json_is_null(rt) &&
						      !json_is_integer(rt))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"question\": \"id\", "
				    "\"type\": \"comment\", \"clarification\", "
				    "\"supplementary_question\" or \"reply\", \"text\": \"...\", "
				    "\"reply_to\": id (a reply)}");
		goto out;
	}
	int64_t reply_to = json_is_integer(rt) ? (int64_t)json_integer_value(rt) : -1;
	if (reply_to < -1)
		reply_to = INT64_MAX; /* never an observation: not found */
	struct access_actor a = web_req_actor(rq);
	/* F8: who may not read the review writes nothing in it, refused
	 * before any observation it names is looked up (an existing one
	 * answered 403 and a missing one 404). */
	if (!personal_review_known(&a, &c.rc.ar)) {
		refused(rq, rs, "observations of a review the actor may not read");
		goto out;
	}
	int64_t id = observation_post(rq->db, &a, rq->ip, &c.oc, q, type, text, reply_to, err,
				      sizeof err);
	if (id < 0) {
		dialogue_error(rq, rs, id, err, strstr(err, "question") ? "unknown_question"
					   : "unknown_observation");
		goto out;
	}
	struct archive_record r;
	char at[32] = "";
	if (archive_record_meta(rq->db, id, &r) == 1)
		util_strlcpy(at, r.at, sizeof at);
	web_resp_json(rs, 201, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)id, "type", type,
					 "text", text, "at", at));
out:
	json_decref(in);
	dlgctx_free(&c);
}
