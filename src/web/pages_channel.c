/* pages_channel.c - the pages of the channels between the governmental
 * experts of a country review (issue 10; annex para 33; R95, R96, R97;
 * docs/channels.md): per review and phase, the requests the actor may see
 * with their outcome, the form to ask for a channel, the Secretariat's
 * form to set one up or decline it; a channel's page with its items and
 * the form to write; one item.  Post/redirect/get.  The rules are
 * access/'s (ACCESS_CHANNEL_*, asked by dialogue/channel.c; here only to
 * choose which forms to show), the work dialogue/channel.c's.  Nothing
 * here updates or deletes. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogue/channel.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/phasenav.h"
#include "web/respctx.h"

static int status_of(int64_t code)
{
	return code == DIALOGUE_FORBIDDEN ? 403 : code == DIALOGUE_NOT_FOUND ? 404
		: code == DIALOGUE_BAD ? 400 : code == DIALOGUE_CLOSED ? 409 : 503;
}

static void head(struct web_req *rq, struct buf *b, const struct respctx *c, const char *title)
{
	pages_begin(rq, b, title); /* writes the page's one <h1> */
	web_html(b, "<p>");
	pages_put_state_name(rq, b, c->rv.reviewed);
	web_html(b, " &middot; %s %d &middot; <a href=\"/reviews/%s/phases/%d/channels\">%s</a></p>",
		 T("Phase"), c->rv.phase, c->rv.reviewed, c->rv.phase,
		 T("Channels between experts"));
}

/* A failure as a page: refusals in the page's words (the access module's
 * reason goes to the audit log), the domain's errors translated. */
static void failed(struct web_req *rq, struct web_resp *rs, const struct respctx *c, int64_t code,
		   const char *err)
{
	struct buf *b = &rs->body;
	if (code == DIALOGUE_FORBIDDEN) {
		web_req_audit(rq, "access.denied", rq->log_path, err);
		pages_error(rq, rs, 403);
		return;
	}
	if (code == DIALOGUE_NOT_FOUND) {
		pages_error(rq, rs, 404);
		return;
	}
	buf_reset(b);
	rs->status = status_of(code);
	head(rq, b, c, T("Nothing was recorded"));
	pages_notice(b, "error", pages_derr(rq, err));
	const char *text = web_req_field(rq, "text");
	const char *purpose = web_req_field(rq, "purpose");
	web_html(b, "<pre id=\"yours\">%s</pre>", text ? text : purpose ? purpose : "");
	pages_end(rq, b);
}

static int id_param(const char *p, int64_t *id)
{
	long v;
	if (!p || util_parse_long(p, 0, 1L << 53, &v) < 0)
		return -1;
	*id = v;
	return 0;
}

static void states_html(struct web_req *rq, struct buf *b, const char *list)
{
	for (const char *p = list; strlen(p) >= 3;) {
		char code[4];
		memcpy(code, p, 3);
		code[3] = '\0';
		web_html(b, "<span class=\"state\" data-state=\"%s\">", code);
		pages_put_state_name(rq, b, code);
		web_html(b, "</span>");
		if (p[3] != ',')
			break;
		web_html(b, ", ");
		p += 4;
	}
}

static const char *status_label(struct web_req *rq, int status)
{
	return status == CHANNEL_SET_UP ? T("Set up") : status == CHANNEL_DECLINED ? T("Declined")
		: T("Requested");
}

static void request_form(struct web_req *rq, struct buf *b, const struct respctx *c)
{
	web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/channels\" "
		 "id=\"channel-request\"><h2>%s</h2>", c->rv.reviewed, c->rv.phase,
		 T("Ask the Secretariat for a channel"));
	pages_csrf(rq, b);
	web_html(b, "<fieldset><legend>%s</legend>", T("States of the channel"));
	for (size_t i = 0; i <= c->ar.nreviewers; i++) {
		const char *code = i == 0 ? c->ar.reviewed : c->ar.reviewers[i - 1];
		if (!code)
			continue;
		int own = !strcmp(code, rq->user.state);
		web_html(b, "<label><input type=\"checkbox\" name=\"state_%s\" value=\"1\"%r> ", code,
			 own ? " checked" : "");
		pages_put_state_name(rq, b, code);
		web_html(b, " %s</label> ", i == 0 ? T("(reviewed State)") : "");
	}
	web_html(b, "</fieldset><label>%s <textarea name=\"purpose\" rows=\"3\" maxlength=\"1000\" "
		 "required></textarea></label><p class=\"hint\">%s</p><button type=\"submit\">%s"
		 "</button></form>", T("Purpose"),
		 T("The Secretariat reads every channel and is told of every item in it. Only the focal points and experts of the States named take part."),
		 T("Ask for the channel"));
}

static void decide_form(struct web_req *rq, struct buf *b, const struct respctx *c,
			const struct channel *ch)
{
	web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/channels/%l/decision\" "
		 "class=\"decide\" id=\"decide-%l\">", c->rv.reviewed, c->rv.phase, (long long)ch->id,
		 (long long)ch->id);
	pages_csrf(rq, b);
	web_html(b, "<label><input type=\"radio\" name=\"decision\" value=\"set_up\" checked> %s"
		 "</label> <label><input type=\"radio\" name=\"decision\" value=\"decline\"> %s"
		 "</label> <label>%s <input name=\"reason\" maxlength=\"1000\"></label> "
		 "<button type=\"submit\">%s</button></form>", T("Set up"), T("Decline"),
		 T("Reason (needed to decline)"), T("Record the decision"));
}

void page_channels(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct channel *ch = NULL;
	size_t n = 0;
	char err[300];
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	struct access_actor a = web_req_actor(rq);
	int rc = channel_list(rq->db, &a, rq->ip, &c.ar, c.rv.phase, &ch, &n, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		failed(rq, rs, &c, rc, err);
		goto out;
	}
	struct access_object o = { .review = &c.ar };
	dialogue_writer_object(rq->db, &a, &o);
	int may_set_up = access_allowed(&a, ACCESS_CHANNEL_SET_UP, &o);
	struct buf *b = &rs->body;
	buf_reset(b);
	head(rq, b, &c, T("Channels between experts"));
	phasenav_put(rq, b, c.rv.reviewed, c.rv.phase, PHASENAV_CHANNELS);
	const char *asked = web_req_query(rq, "done");
	if (asked && (!strcmp(asked, "asked") || !strcmp(asked, "decided")))
		pages_notice(b, "ok", !strcmp(asked, "asked")
			     ? T("Your request was sent to the Secretariat.")
			     : T("The decision was recorded and the requester told."));
	if (!n)
		web_html(b, "<p class=\"empty\">%s</p>", T("No channel has been asked for."));
	else
		web_html(b, "<table id=\"channels\"><thead><tr><th>#</th><th>%s</th><th>%s</th>"
			 "<th>%s</th><th>%s</th></tr></thead><tbody>", T("States of the channel"),
			 T("Purpose"), T("Requested by"), T("Status"));
	for (size_t i = 0; i < n; i++) {
		web_html(b, "<tr id=\"request-%l\" data-status=\"%s\"><td>%l</td><td>",
			 (long long)ch[i].id, channel_status_name(ch[i].status), (long long)ch[i].id);
		states_html(rq, b, ch[i].states);
		web_html(b, "</td><td>%s</td><td>%s <time datetime=\"%s\">%s</time></td><td>%s",
			 ch[i].purpose, ch[i].by, ch[i].at, ch[i].at, status_label(rq, ch[i].status));
		if (ch[i].status != CHANNEL_REQUESTED)
			web_html(b, " <small>%s, %s</small> %s", ch[i].decided_by, ch[i].decided_at,
				 ch[i].reason);
		o.channel_states = ch[i].states;
		if (ch[i].status == CHANNEL_SET_UP && access_allowed(&a, ACCESS_CHANNEL_READ, &o))
			web_html(b, " <a href=\"/reviews/%s/phases/%d/channels/%l\">%s</a>",
				 c.rv.reviewed, c.rv.phase, (long long)ch[i].id, T("Open the channel"));
		if (ch[i].status == CHANNEL_REQUESTED && may_set_up)
			decide_form(rq, b, &c, &ch[i]);
		web_html(b, "</td></tr>");
	}
	if (n)
		web_html(b, "</tbody></table>");
	o.channel_states = NULL;
	if (c.rv.state < 0)
		web_html(b, "<p>%s</p>", T("The phase has not started: its channels open with it."));
	else if (access_allowed(&a, ACCESS_CHANNEL_REQUEST, &o))
		request_form(rq, b, &c);
	pages_end(rq, b);
out:
	channel_free(ch, n);
	free(ch);
	respctx_free(&c);
}

void page_channel_request_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600], states[64] = "";
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	for (size_t i = 0; i <= c.ar.nreviewers; i++) {
		const char *code = i == 0 ? c.ar.reviewed : c.ar.reviewers[i - 1];
		char key[16];
		if (!code)
			continue;
		snprintf(key, sizeof key, "state_%s", code);
		if (web_req_field(rq, key) && strlen(states) + 5 < sizeof states) {
			size_t len = strlen(states);
			snprintf(states + len, sizeof states - len, "%s%s", len ? "," : "", code);
		}
	}
	struct access_actor a = web_req_actor(rq);
	int64_t id = channel_request(rq->db, &a, &c.ar, c.rv.phase, c.rv.state >= 0, states,
				     web_req_field(rq, "purpose"), err, sizeof err);
	if (id <= 0) {
		failed(rq, rs, &c, id, err);
		goto out;
	}
	char url[128];
	snprintf(url, sizeof url, "/reviews/%s/phases/%d/channels?done=asked#request-%lld",
		 c.rv.reviewed, c.rv.phase, (long long)id);
	web_resp_redirect(rs, url);
out:
	respctx_free(&c);
}

void page_channel_decide_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id;
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	const char *d = web_req_field(rq, "decision");
	if (id_param(rq->param[2], &id) < 0) {
		pages_error(rq, rs, 404);
		goto out;
	}
	if (!d || (strcmp(d, "set_up") && strcmp(d, "decline"))) {
		failed(rq, rs, &c, DIALOGUE_BAD, T("Choose to set the channel up or to decline it."));
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	int rc = channel_decide(rq->db, &a, &c.ar, c.rv.phase, id, !strcmp(d, "set_up"),
				web_req_field(rq, "reason"), err, sizeof err);
	if (rc != DIALOGUE_OK) {
		failed(rq, rs, &c, rc, err);
		goto out;
	}
	char url[128];
	snprintf(url, sizeof url, "/reviews/%s/phases/%d/channels?done=decided#request-%lld",
		 c.rv.reviewed, c.rv.phase, (long long)id);
	web_resp_redirect(rs, url);
out:
	respctx_free(&c);
}

static const char *kind_label(struct web_req *rq, const char *kind)
{
	if (!strcmp(kind, ARCHIVE_KIND_CALL))
		return T("Record of a call or meeting");
	if (!strcmp(kind, ARCHIVE_KIND_ATTACHMENT))
		return T("Document");
	return T("Message");
}

/* One item, opened (its read audited by channel_read). */
static void item_html(struct web_req *rq, struct buf *b, const struct archive_record *r)
{
	web_html(b, "<article class=\"item\" id=\"item-%l\"><p><strong>%s</strong> &middot; "
		 "%s &middot; <time datetime=\"%s\">%s</time> &middot; #%l</p><h3>%s</h3>",
		 (long long)r->id, kind_label(rq, r->kind), r->author, r->at, r->at,
		 (long long)r->id, r->title ? r->title : "");
	if (r->media_type && !strcmp(r->media_type, "text/plain")) {
		struct buf t = { 0 };
		buf_append(&t, r->body, r->body_len);
		web_html(b, "<pre class=\"text\">%s</pre>", buf_str(&t));
		buf_free(&t);
	} else {
		web_html(b, "<p>%s (%s, %l B)</p>", T("Document"), r->media_type ? r->media_type : "",
			 (long long)r->body_len);
	}
	web_html(b, "</article>");
}

static void post_form(struct web_req *rq, struct buf *b, const struct respctx *c, int64_t id)
{
	web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/channels/%l\" "
		 "class=\"post\" id=\"channel-post\">", c->rv.reviewed, c->rv.phase, (long long)id);
	pages_csrf(rq, b);
	web_html(b, "<label>%s <select name=\"kind\"><option value=\"message\" selected>%s</option>"
		 "<option value=\"call_record\">%s</option></select></label>"
		 "<label>%s <input name=\"title\" maxlength=\"200\" required></label>"
		 "<label>%s <textarea name=\"text\" rows=\"6\" required></textarea></label>"
		 "<button type=\"submit\">%s</button></form>", T("Kind"), T("Message"),
		 T("Record of a call or meeting"), T("Subject"), T("Text"), T("Send"));
}

void page_channel(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id, *ids = NULL;
	size_t n = 0;
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (id_param(rq->param[2], &id) < 0) {
		pages_error(rq, rs, 404);
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	int rc = channel_items(rq->db, &a, &c.ar, c.rv.phase, id, &ids, &n, err, sizeof err);
	struct channel ch;
	if (rc == DIALOGUE_OK)
		rc = channel_get(rq->db, &a, &c.ar, c.rv.phase, id, &ch, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		failed(rq, rs, &c, rc, err);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	char title[64];
	snprintf(title, sizeof title, "%s #%lld", T("Channel"), (long long)id);
	head(rq, b, &c, title);
	web_html(b, "<p id=\"channel-states\">%s: ", T("States of the channel"));
	states_html(rq, b, ch.states);
	web_html(b, "</p><p id=\"channel-purpose\">%s: %s</p>", T("Purpose"), ch.purpose);
	if (web_req_query(rq, "sent"))
		pages_notice(b, "ok", T("Sent and archived."));
	for (size_t i = 0; i < n; i++) {
		struct archive_record r;
		if (channel_read(rq->db, &a, rq->ip, &c.ar, c.rv.phase, id, ids[i], &r, err,
				 sizeof err) == DIALOGUE_OK) {
			item_html(rq, b, &r);
			archive_record_free(&r);
		}
	}
	if (!n)
		web_html(b, "<p class=\"empty\">%s</p>", T("No message yet."));
	struct access_object o = { .review = &c.ar, .channel_states = ch.states };
	dialogue_writer_object(rq->db, &a, &o);
	if (access_allowed(&a, ACCESS_CHANNEL_POST, &o))
		post_form(rq, b, &c, id);
	channel_free(&ch, 1);
	pages_end(rq, b);
out:
	free(ids);
	respctx_free(&c);
}

void page_channel_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id;
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (id_param(rq->param[2], &id) < 0) {
		pages_error(rq, rs, 404);
		goto out;
	}
	const char *kind = web_req_field(rq, "kind");
	const char *title = web_req_field(rq, "title"), *text = web_req_field(rq, "text");
	if (!kind)
		kind = ARCHIVE_KIND_MESSAGE;
	if (strcmp(kind, ARCHIVE_KIND_MESSAGE) && strcmp(kind, ARCHIVE_KIND_CALL)) {
		failed(rq, rs, &c, DIALOGUE_BAD, T("Unknown kind of message: choose a message or the "
						   "record of a call or meeting. Nothing was archived."));
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	struct dialogue_item it = { kind, title ? title : "", "text/plain", text ? text : "",
				    text ? strlen(text) : 0 };
	int64_t rid = channel_post(rq->db, &a, rq->ip, &c.ar, c.rv.phase, id, &it, err, sizeof err);
	if (rid < 0) {
		failed(rq, rs, &c, rid, err);
		goto out;
	}
	char url[160];
	snprintf(url, sizeof url, "/reviews/%s/phases/%d/channels/%lld?sent=%lld#item-%lld",
		 c.rv.reviewed, c.rv.phase, (long long)id, (long long)rid, (long long)rid);
	web_resp_redirect(rs, url);
out:
	respctx_free(&c);
}

void page_channel_item(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	int64_t id, item;
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (id_param(rq->param[2], &id) < 0 || id_param(rq->param[3], &item) < 0) {
		pages_error(rq, rs, 404);
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	struct archive_record r;
	int rc = channel_read(rq->db, &a, rq->ip, &c.ar, c.rv.phase, id, item, &r, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		failed(rq, rs, &c, rc, err);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	char title[64];
	snprintf(title, sizeof title, "%s #%lld", T("Channel"), (long long)id);
	head(rq, b, &c, title);
	item_html(rq, b, &r);
	archive_record_free(&r);
	pages_end(rq, b);
out:
	respctx_free(&c);
}
