/* pages_dialogue.c - the pages of the written dialogue and the written
 * observations (issue 10; paras 21, 31, 33, 35, 36; R86, R93-R96, C43,
 * C47): per review and phase, the threads the actor may read, instrument by
 * instrument, with their messages, documents and records of calls, and a
 * form to write; the observations on the submitted responses question by
 * question with their deadline, a form to make one and to reply.
 * Post/redirect/get, with the confirmation of what was archived.  The rules
 * are access/'s (asked by dialogue/), the work dialogue/'s; this file only
 * renders.  Nothing here updates or deletes. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "questionnaire/qdef.h"
#include "response/attachment.h"
#include "util/util.h"
#include "web/dlgctx.h"
#include "web/handlers.h"
#include "web/multipart.h"
#include "web/personal.h"
#include "web/phasenav.h"

static int load(struct web_req *rq, struct web_resp *rs, struct dlgctx *c)
{
	int r = dlgctx_load(rq->db, rq->param[0], rq->param[1], c);
	if (r <= 0)
		pages_error(rq, rs, r < 0 ? 503 : 404);
	return r;
}

static void refuse(struct web_req *rq, struct web_resp *rs, const char *what)
{
	web_req_audit(rq, "access.denied", rq->log_path, what);
	pages_error(rq, rs, 403);
}

static int allowed(struct web_req *rq, const struct dlgctx *c, enum access_action act,
		   const char *instrument)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = dlgctx_object(c, instrument);
	dialogue_writer_object(rq->db, &a, &o);
	return access_allowed(&a, act, &o);
}

static const char *qtext(const struct web_req *rq, json_t *t)
{
	const char *s = json_string_value(json_object_get(t, rq->lang));
	if (!s)
		s = json_string_value(json_object_get(t, "en"));
	return s ? s : "";
}

/* The instrument's questionnaire in the phase, or NULL. */
static const struct response_qn *qn_of(const struct dlgctx *c, const char *instrument)
{
	for (size_t i = 0; i < c->rc.qs.n; i++)
		if (!strcmp(c->rc.qs.q[i].instrument, instrument))
			return &c->rc.qs.q[i];
	return NULL;
}

static void instrument_heading(struct web_req *rq, struct buf *b, const struct dlgctx *c,
			       const char *instrument)
{
	const struct response_qn *qn = qn_of(c, instrument);
	web_html(b, "<h2>%s <small dir=\"ltr\">(%s)</small></h2>",
		 qn ? qtext(rq, json_object_get(qn->def->json, "title")) : instrument, instrument);
}

static const char *kind_label(struct web_req *rq, const char *kind)
{
	if (!strcmp(kind, ARCHIVE_KIND_CALL))
		return T("Record of a call or meeting");
	if (!strcmp(kind, ARCHIVE_KIND_ATTACHMENT))
		return T("Document");
	return T("Message");
}

static void page_head(struct web_req *rq, struct buf *b, const struct dlgctx *c,
		      const char *title, enum phasenav_page current)
{
	pages_begin(rq, b, title); /* writes the page's one <h1> */
	web_html(b, "<p>");
	pages_put_state_name(rq, b, c->rc.rv.reviewed);
	web_html(b, " &middot; %s %d</p>", T("Phase"), c->rc.rv.phase);
	phasenav_put(rq, b, c->rc.rv.reviewed, c->rc.rv.phase, current);
}

/* What the page shows of what the reader may read (F13, t-fix item 3):
 * the items of the thread it may read (ids[0..n), NULL: every one) and
 * whether it may see the review's people by address (personal_visible),
 * as the API and /reviews/{state}/disclosed show them. */
struct shown {
	const int64_t *ids;
	size_t n;
	int personal;
};

static int shown_has(const struct shown *sh, int64_t id)
{
	if (!sh->ids)
		return 1;
	for (size_t k = 0; k < sh->n; k++)
		if (sh->ids[k] == id)
			return 1;
	return 0;
}

/* One item, opened (its read is audited by dialogue_read).  Its author by
 * address for the review's participants, else by State (or role), as the
 * API names it (F17); the message a document was sent with only when the
 * reader may read that message. */
static void item_html(struct web_req *rq, struct buf *b, const struct dlgctx *c,
		      const struct archive_record *r, const struct shown *sh)
{
	char who[256];
	if (sh->personal)
		util_strlcpy(who, r->author, sizeof who);
	else
		personal_author_label(rq->db, r->author, who, sizeof who);
	web_html(b, "<article class=\"item\" id=\"item-%l\"><p><strong>%s</strong> &middot; "
		 "<span class=\"author\">%s</span> &middot; <time datetime=\"%s\">%s</time> "
		 "&middot; #%l</p><h3>%s</h3>",
		 (long long)r->id, kind_label(rq, r->kind), who, r->at, r->at,
		 (long long)r->id, r->title ? r->title : "");
	if (!strcmp(r->media_type, "text/plain") && strcmp(r->kind, ARCHIVE_KIND_ATTACHMENT)) {
		struct buf t = { 0 };
		buf_append(&t, r->body, r->body_len);
		web_html(b, "<pre class=\"text\">%s</pre>", buf_str(&t));
		buf_free(&t);
	} else {
		web_html(b, "<p><a href=\"/api/v1/reviews/%s/phases/%d/messages/%l\" download>%s</a> "
			 "(%s, %l B)</p>", c->rc.rv.reviewed, c->rc.rv.phase, (long long)r->id,
			 T("Download"), r->media_type, (long long)r->body_len);
	}
	int64_t m = 0;
	if (dialogue_message_of(rq->db, r->id, &m) == 1 && shown_has(sh, m)) /* disc2 */
		web_html(b, "<p class=\"sent-with\" data-message=\"%l\">%s <a href=\"#item-%l\">#%l"
			 "</a></p>", (long long)m, T("Sent with message"), (long long)m, (long long)m);
	web_html(b, "</article>");
}

static void post_form(struct web_req *rq, struct buf *b, const struct dlgctx *c,
		      const char *instrument, const char *kind, const char *title, const char *text)
{
	web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/dialogue\" "
		 "class=\"post\" id=\"post-%s\">", c->rc.rv.reviewed, c->rc.rv.phase, instrument);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"instrument\" value=\"%s\">"
		 "<label>%s <select name=\"kind\"><option value=\"message\"%r>%s</option>"
		 "<option value=\"call_record\"%r>%s</option></select></label>"
		 "<label>%s <input name=\"title\" maxlength=\"200\" required value=\"%s\"></label>"
		 "<label>%s <textarea name=\"text\" rows=\"5\" required>%s</textarea></label>"
		 "<p class=\"hint\">%s</p><button type=\"submit\">%s</button></form>", instrument,
		 T("Kind"), kind && !strcmp(kind, "call_record") ? "" : " selected", T("Message"),
		 kind && !strcmp(kind, "call_record") ? " selected" : "",
		 T("Record of a call or meeting"), T("Subject"), title ? title : "", T("Text"),
		 text ? text : "", T("Once sent, a message is archived and kept unchanged: it cannot be edited or withdrawn."),
		 T("Send"));
}

/* The document form of a thread (multipart/form-data, the browser's one
 * way to send a file): a document or the notes of a call or meeting. */
static void upload_form(struct web_req *rq, struct buf *b, const struct dlgctx *c,
			const char *instrument)
{
	web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/dialogue/documents\" "
		 "enctype=\"multipart/form-data\" class=\"post upload\" id=\"upload-%s\">",
		 c->rc.rv.reviewed, c->rc.rv.phase, instrument);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"instrument\" value=\"%s\">"
		 "<label>%s <select name=\"kind\"><option value=\"attachment\" selected>%s</option>"
		 "<option value=\"call_record\">%s</option></select></label>"
		 "<label>%s <input type=\"file\" name=\"file\" required "
		 "accept=\".pdf,.docx,.odt,.png,.jpg,.jpeg,.txt\"></label>"
		 "<label>%s <input name=\"message\" inputmode=\"numeric\" maxlength=\"16\"></label>"
		 "<p class=\"hint\">%s</p><button type=\"submit\">%s</button></form>", instrument,
		 T("Kind"), T("Document"), T("Record of a call or meeting"), T("Document"),
		 T("Sent with message number (optional)"),
		 T("PDF, DOCX, ODT, PNG, JPEG or plain UTF-8 text, at most 4 MiB. Once sent, a document is archived and kept unchanged."),
		 T("Send the document"));
}

/* disc3 (F15; paras 37, 40, 41): tells the writers and readers of an
 * instrument's thread that the reviewed State has disclosed some of it,
 * and to whom (dialogue/ asks access/), and that what is sent now is not
 * opened by those choices. */
static void disclosed_notice(struct web_req *rq, struct buf *b, const struct archive_thread *t,
			     size_t nt, const char *instrument)
{
	int best = ACCESS_OPEN_NONE;
	for (size_t k = 0; k < nt; k++)
		if (!strcmp(t[k].instrument, instrument)) {
			int au = dialogue_thread_disclosed(rq->db, t[k].id);
			if (au > best)
				best = au;
		}
	if (best == ACCESS_OPEN_PUBLIC)
		web_html(b, "<p class=\"notice disclosed\" id=\"disclosed-%s\" data-audience=\"public\">"
			 "%s</p>", instrument,
			 T("The reviewed State has disclosed part of this thread publicly: anyone may "
			   "read it. What is sent now is not disclosed by that choice; the State may "
			   "disclose it later by a new choice."));
	else if (best == ACCESS_OPEN_STATES)
		web_html(b, "<p class=\"notice disclosed\" id=\"disclosed-%s\" data-audience=\"states\">"
			 "%s</p>", instrument,
			 T("The reviewed State has opened part of this thread to all States parties. "
			   "What is sent now is not opened by that choice; the State may open it later "
			   "by a new choice."));
}

void page_dialogue(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	char list[8][16], err[300];
	if (load(rq, rs, &c) <= 0)
		return;
	size_t ni = dlgctx_instruments(&c, list, 8);
	struct access_actor a = web_req_actor(rq);
	struct archive_thread *t = NULL;
	size_t nt = 0;
	int personal = personal_visible(&a, &c.rc.ar);
	if (dialogue_threads(rq->db, &a, c.rc.rv.reviewed, c.rc.rv.phase, &t, &nt) != DIALOGUE_OK) {
		pages_error(rq, rs, 503);
		goto out;
	}
	/* An instrument's section: its dialogue readable as a whole, or (disc,
	 * R101) a thread of it disclosed alone, which dialogue/ lists. */
	int any = 0, readable[8] = { 0 };
	for (size_t i = 0; i < ni; i++) {
		readable[i] = allowed(rq, &c, ACCESS_DIALOGUE_READ, list[i]);
		for (size_t k = 0; k < nt && !readable[i]; k++)
			readable[i] = !strcmp(t[k].instrument, list[i]);
		any |= readable[i];
	}
	if (!any) {
		free(t);
		refuse(rq, rs, "dialogue page");
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	page_head(rq, b, &c, T("Dialogue"), PHASENAV_DIALOGUE);
	const char *sent = web_req_query(rq, "sent");
	long sid;
	if (sent && util_parse_long(sent, 0, 1L << 53, &sid) == 0) {
		struct archive_record r;
		if (dialogue_read(rq->db, &a, rq->ip, sid, &r, err, sizeof err) == DIALOGUE_OK &&
		    !strcmp(r.reviewed, c.rc.rv.reviewed) && r.phase == c.rc.rv.phase) {
			web_html(b, "<section class=\"notice ok\" id=\"sent\"><p>%s</p>",
				 T("Sent and archived. This is what was sent:"));
			struct shown own = { NULL, 0, personal };
			item_html(rq, b, &c, &r, &own);
			web_html(b, "</section>");
		}
		archive_record_free(&r);
	}
	if (!c.oc.phase_started)
		web_html(b, "<p>%s</p>", T("The phase has not started: its dialogue opens with it."));
	for (size_t i = 0; i < ni; i++) {
		if (!readable[i])
			continue;
		web_html(b, "<section class=\"thread\" id=\"thread-%s\">", list[i]);
		instrument_heading(rq, b, &c, list[i]);
		disclosed_notice(rq, b, t, nt, list[i]);
		int items = 0;
		for (size_t k = 0; k < nt; k++) {
			int64_t *ids = NULL;
			size_t n = 0;
			if (strcmp(t[k].instrument, list[i]) ||
			    dialogue_items(rq->db, &a, t[k].id, &ids, &n, err, sizeof err) != DIALOGUE_OK)
				continue;
			for (size_t j = 0; j < n; j++) {
				struct archive_record r;
				if (archive_record_meta(rq->db, ids[j], &r) != 1 ||
				    !strcmp(r.kind, ARCHIVE_KIND_OBSERVATION))
					continue;
				if (dialogue_read(rq->db, &a, rq->ip, ids[j], &r, err, sizeof err) ==
				    DIALOGUE_OK) {
					struct shown sh = { ids, n, personal };
					item_html(rq, b, &c, &r, &sh);
					items++;
				}
				archive_record_free(&r);
			}
			free(ids);
		}
		if (!items)
			web_html(b, "<p class=\"empty\">%s</p>", T("No message yet."));
		if (c.oc.phase_started && allowed(rq, &c, ACCESS_DIALOGUE_POST, list[i])) {
			post_form(rq, b, &c, list[i], NULL, NULL, NULL);
			upload_form(rq, b, &c, list[i]);
		}
		web_html(b, "</section>");
	}
	free(t);
	pages_end(rq, b);
out:
	dlgctx_free(&c);
}

/* The page of a refused post: why, and what was typed, to send again. */
static void post_failed(struct web_req *rq, struct web_resp *rs, const struct dlgctx *c,
			int status, const char *err, const char *instrument)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = status;
	page_head(rq, b, c, T("Your message was not sent"), PHASENAV_DIALOGUE);
	/* A refusal in the page's words (the access module's reason stays in
	 * the audit log); the domain's errors translated (util/msg.h). */
	pages_notice(b, "error", status == 403 ? T("You do not have permission to do this.")
		     : pages_derr(rq, err));
	if (instrument && dlgctx_has_instrument(c, instrument) && status != 403)
		post_form(rq, b, c, instrument, web_req_field(rq, "kind"), web_req_field(rq, "title"),
			  web_req_field(rq, "text"));
	else
		web_html(b, "<pre id=\"yours\">%s</pre>", web_req_field(rq, "text") ?
			 web_req_field(rq, "text") : "");
	pages_end(rq, b);
}

static int status_of(int64_t code)
{
	return code == DIALOGUE_FORBIDDEN ? 403 : code == DIALOGUE_NOT_FOUND ? 404
		: code == DIALOGUE_BAD ? 400 : code == DIALOGUE_CLOSED ? 409 : 503;
}

void page_dialogue_post(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	char err[600];
	if (load(rq, rs, &c) <= 0)
		return;
	const char *inst = web_req_field(rq, "instrument");
	const char *kind = web_req_field(rq, "kind");
	const char *title = web_req_field(rq, "title"), *text = web_req_field(rq, "text");
	if (!inst || !dlgctx_has_instrument(&c, inst)) {
		post_failed(rq, rs, &c, 404, T("No such instrument under review in this phase."), NULL);
		goto out;
	}
	/* F19 (probe s8): a kind that is neither is refused, as the API
	 * does, before anything is archived: the archive is append-only, so
	 * a kind taken for another would stay wrong for good. */
	if (!kind)
		kind = ARCHIVE_KIND_MESSAGE;
	if (strcmp(kind, ARCHIVE_KIND_MESSAGE) && strcmp(kind, ARCHIVE_KIND_CALL)) {
		post_failed(rq, rs, &c, 400, T("Unknown kind of message: choose a message or the "
					       "record of a call or meeting. Nothing was archived."),
			    inst);
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	int64_t th = dialogue_thread_ensure(rq->db, &a, &c.rc.ar, c.rc.rv.phase,
					    c.oc.phase_started, inst, err, sizeof err);
	int64_t id = th;
	if (th > 0) {
		struct dialogue_item it = { kind, title ? title : "", "text/plain", text ? text : "",
					    text ? strlen(text) : 0 };
		id = dialogue_post(rq->db, &a, rq->ip, th, &it, err, sizeof err);
	}
	if (id < 0 || th <= 0) {
		if (id == DIALOGUE_FORBIDDEN)
			web_req_audit(rq, "access.denied", rq->log_path, err);
		post_failed(rq, rs, &c, status_of(id), err, inst);
		goto out;
	}
	char url[160];
	snprintf(url, sizeof url, "/reviews/%s/phases/%d/dialogue?sent=%lld#sent",
		 c.rc.rv.reviewed, c.rc.rv.phase, (long long)id);
	web_resp_redirect(rs, url);
out:
	dlgctx_free(&c);
}

/* A document sent from the dialogue page (ROUTE_UPLOAD): its bytes read
 * from the body as they are (web_multipart_file(): a PDF holds NUL bytes),
 * its type judged by its content, archived as the API's
 * .../messages/attachments does. */
void page_dialogue_document_post(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	char err[600], fname[256], name[201];
	const char *data = NULL;
	size_t len = 0;
	if (load(rq, rs, &c) <= 0)
		return;
	const char *inst = web_req_field(rq, "instrument");
	const char *kind = web_req_field(rq, "kind");
	const char *ct = web_req_header(rq, "Content-Type");
	if (!inst || !dlgctx_has_instrument(&c, inst)) {
		post_failed(rq, rs, &c, 404, T("No such instrument under review in this phase."), NULL);
		goto out;
	}
	/* F19: as for a message, an unknown kind is refused, nothing archived. */
	if (!kind)
		kind = ARCHIVE_KIND_ATTACHMENT;
	if (strcmp(kind, ARCHIVE_KIND_ATTACHMENT) && strcmp(kind, ARCHIVE_KIND_CALL)) {
		post_failed(rq, rs, &c, 400, T("Unknown kind of document: choose a document or the "
					       "record of a call or meeting. Nothing was archived."),
			    inst);
		goto out;
	}
	/* disc2: the message the document is sent with (optional). */
	const char *mf = web_req_field(rq, "message");
	long msg = -1;
	if (mf && *mf && util_parse_long(mf, 0, 1L << 53, &msg) < 0) {
		post_failed(rq, rs, &c, 400, T("The message number must be the number of a message of "
					       "this thread."), inst);
		goto out;
	}
	int got = ct ? web_multipart_file(ct, rq->body.p, rq->body.len, "file", &data, &len, fname,
					  sizeof fname) : -1;
	if (got <= 0 || len == 0) {
		post_failed(rq, rs, &c, 400, T("Choose the document to send: none was received."),
			    inst);
		goto out;
	}
	if (dlgctx_filename(fname, name) < 0) {
		post_failed(rq, rs, &c, 400, T("The document has no usable file name."), inst);
		goto out;
	}
	if (len > ATTACHMENT_MAX) {
		post_failed(rq, rs, &c, 413, T("The document is larger than 4 MiB. Nothing was stored."),
			    inst);
		goto out;
	}
	const char *type = attachment_sniff((const unsigned char *)data, len);
	if (!type) {
		post_failed(rq, rs, &c, 415, T("The document must be PDF, DOCX, ODT, PNG, JPEG or plain UTF-8 text (judged by its content)."),
			    inst);
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	int64_t th = dialogue_thread_ensure(rq->db, &a, &c.rc.ar, c.rc.rv.phase,
					    c.oc.phase_started, inst, err, sizeof err);
	int64_t id = th;
	if (th > 0) {
		struct dialogue_item it = { kind, name, type, data, len };
		id = dialogue_post_with(rq->db, &a, rq->ip, th, &it, msg, err, sizeof err);
	}
	if (id < 0 || th <= 0) {
		if (id == DIALOGUE_FORBIDDEN)
			web_req_audit(rq, "access.denied", rq->log_path, err);
		post_failed(rq, rs, &c, status_of(id), err, inst);
		goto out;
	}
	char url[160];
	snprintf(url, sizeof url, "/reviews/%s/phases/%d/dialogue?sent=%lld#sent",
		 c.rc.rv.reviewed, c.rc.rv.phase, (long long)id);
	web_resp_redirect(rs, url);
out:
	dlgctx_free(&c);
}

static const char *type_label(struct web_req *rq, const char *type)
{
	if (!strcmp(type, OBSERVATION_CLARIFICATION))
		return T("Request for clarification");
	if (!strcmp(type, OBSERVATION_SUPPLEMENTARY))
		return T("Supplementary question");
	if (!strcmp(type, OBSERVATION_REPLY))
		return T("Reply");
	return T("Comment");
}

/* One observation; the version of the answer it was made on links to
 * that version in the answer's history on the responses page (para 35:
 * tied to the answer as it stood). */
static void obs_html(struct web_req *rq, struct buf *b, const struct dlgctx *c,
		     const struct observation *o)
{
	web_html(b, "<article class=\"observation %s\" id=\"obs-%l\"><p><strong>%s</strong> "
		 "&middot; %s &middot; %s &middot; <time datetime=\"%s\">%s</time> &middot; #%l",
		 o->type, (long long)o->id, type_label(rq, o->type), o->state[0] ? o->state : "-",
		 o->author, o->at, o->at, (long long)o->id);
	if (o->reply_to >= 0)
		web_html(b, " &middot; <a href=\"#obs-%l\">&#8617; #%l</a>", (long long)o->reply_to,
			 (long long)o->reply_to);
	if (o->answer_version > 0)
		web_html(b, " &middot; <a class=\"answer\" href=\"/reviews/%s/phases/%d/responses/"
			 "%u/history#v%d\">%s %d</a>", c->rc.rv.reviewed, c->rc.rv.phase,
			 o->question, o->answer_version, T("Answer, version"), o->answer_version);
	web_html(b, "</p><pre class=\"text\">%s</pre></article>", o->text);
}

/* Whether an observation in o[0..n) replies to o[k]. */
static int answered(const struct observation *o, size_t n, size_t k)
{
	for (size_t j = 0; j < n; j++)
		if (o[j].reply_to == o[k].id)
			return 1;
	return 0;
}

/* o[k] and, under it, the replies to it (and theirs, a few levels deep);
 * the reply form only under an observation nobody has answered yet. */
static void obs_thread(struct web_req *rq, struct buf *b, const struct dlgctx *c,
		       const struct observation *o, size_t n, size_t k, int may_reply,
		       int depth)
{
	obs_html(rq, b, c, &o[k]);
	if (answered(o, n, k)) {
		web_html(b, "<div class=\"replies\">");
		for (size_t j = 0; j < n; j++)
			if (o[j].reply_to == o[k].id && depth < 8)
				obs_thread(rq, b, c, o, n, j, may_reply, depth + 1);
		web_html(b, "</div>");
		return;
	}
	if (!may_reply || !strcmp(o[k].type, OBSERVATION_REPLY))
		return;
	web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/"
		 "observations\" class=\"reply\">", c->rc.rv.reviewed, c->rc.rv.phase);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"type\" value=\"reply\">"
		 "<input type=\"hidden\" name=\"reply_to\" value=\"%l\">"
		 "<label>%s <textarea name=\"text\" rows=\"3\" required></textarea>"
		 "</label><button type=\"submit\">%s</button></form>",
		 (long long)o[k].id, T("Reply"), T("Send"));
}

/* Whether o[k] replies to an observation shown in o[0..n) (it is then
 * shown under it). */
static int is_nested(const struct observation *o, size_t n, size_t k)
{
	for (size_t j = 0; o[k].reply_to >= 0 && j < n; j++)
		if (o[j].id == o[k].reply_to)
			return 1;
	return 0;
}

void page_observations(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	struct observation *o = NULL;
	struct observation_due d;
	size_t n = 0;
	char list[8][16];
	if (load(rq, rs, &c) <= 0)
		return;
	size_t ni = dlgctx_instruments(&c, list, 8);
	int any = 0;
	for (size_t i = 0; i < ni; i++)
		any |= allowed(rq, &c, ACCESS_OBSERVATION_READ, list[i]);
	if (!any) {
		refuse(rq, rs, "observations page");
		goto out;
	}
	struct access_actor a = web_req_actor(rq);
	if (observation_due_get(rq->db, &c.oc, NULL, &d) != DIALOGUE_OK ||
	    observation_list(rq->db, &a, rq->ip, &c.oc, NULL, &o, &n) != DIALOGUE_OK) {
		pages_error(rq, rs, 503);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	page_head(rq, b, &c, T("Written observations"), PHASENAV_OBSERVATIONS);
	const char *sent = web_req_query(rq, "sent");
	long sid = -1;
	if (sent && util_parse_long(sent, 0, 1L << 53, &sid) < 0)
		sid = -1;
	for (size_t i = 0; sid >= 0 && i < n; i++)
		if (sid == o[i].id) {
			web_html(b, "<section class=\"notice ok\" id=\"sent\"><p>%s</p>",
				 T("Sent and archived. This is what was sent:"));
			obs_html(rq, b, &c, &o[i]);
			web_html(b, "</section>");
		}
	if (!c.rc.submitted) {
		web_html(b, "<p id=\"not-submitted\">%s</p>",
			 T("Written observations are made once the responses are submitted."));
		pages_end(rq, b);
		goto out;
	}
	web_html(b, "<p id=\"deadline\">%s: <time datetime=\"%s\">", T("Deadline"), d.deadline);
	i18n_put_date(b, rq->lang, d.deadline);
	web_html(b, "</time> <span id=\"deadline-source\">(%s)</span></p>",
		 d.agreed ? T("agreed in the consultations, para 31")
			  : T("six months from the receipt of the responses, para 35"));
	if (d.overdue)
		pages_notice(b, "error", T("The deadline has passed: observations are overdue."));
	web_html(b, "<ul class=\"reviewers\">");
	for (size_t i = 0; i < d.nreviewers; i++)
		web_html(b, "<li>%s: %d%r</li>", d.reviewers[i].state, d.reviewers[i].made,
			 d.reviewers[i].overdue ? " <strong class=\"overdue\">!</strong>" : "");
	web_html(b, "</ul>");
	for (size_t i = 0; i < ni; i++) {
		if (!allowed(rq, &c, ACCESS_OBSERVATION_READ, list[i]))
			continue;
		int may_obs = allowed(rq, &c, ACCESS_OBSERVATION_POST, list[i]);
		int may_reply = allowed(rq, &c, ACCESS_OBSERVATION_REPLY, list[i]);
		const struct response_qn *qn = qn_of(&c, list[i]);
		web_html(b, "<section class=\"instrument\" id=\"obs-%s\">", list[i]);
		instrument_heading(rq, b, &c, list[i]);
		int shown = 0;
		/* Question by question, in the order they were first raised. */
		for (size_t k = 0; k < n; k++) {
			if (strcmp(o[k].instrument, list[i]))
				continue;
			int first = 1;
			for (size_t j = 0; j < k && first; j++)
				first = strcmp(o[j].question, o[k].question) != 0;
			if (!first)
				continue;
			/* The question links to its answer on the responses page. */
			web_html(b, "<h3 dir=\"ltr\"><a href=\"/reviews/%s/phases/%d/responses#%u\">"
				 "%s</a></h3>", c.rc.rv.reviewed, c.rc.rv.phase, o[k].question,
				 o[k].question);
			for (size_t m = k; m < n; m++) {
				if (strcmp(o[m].question, o[k].question) || is_nested(o, n, m))
					continue;
				obs_thread(rq, b, &c, o, n, m, may_reply, 0);
				shown++;
			}
		}
		if (!shown)
			web_html(b, "<p class=\"empty\">%s</p>", T("No observation yet."));
		if (may_obs && qn) {
			web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/observations\" "
				 "class=\"observe\" id=\"observe-%s\">", c.rc.rv.reviewed,
				 c.rc.rv.phase, list[i]);
			pages_csrf(rq, b);
			web_html(b, "<label>%s <select name=\"question\">", T("Question"));
			for (size_t q = 0; q < qn->def->nquestions; q++)
				web_html(b, "<option value=\"%s\">%s</option>", qn->def->questions[q].id,
					 qn->def->questions[q].id);
			web_html(b, "</select></label><label>%s <select name=\"type\">"
				 "<option value=\"comment\">%s</option><option value=\"clarification\">"
				 "%s</option><option value=\"supplementary_question\">%s</option>"
				 "</select></label><label>%s <textarea name=\"text\" rows=\"4\" "
				 "required></textarea></label><p class=\"hint\">%s</p>"
				 "<button type=\"submit\">%s</button></form>", T("Kind"), T("Comment"),
				 T("Request for clarification"), T("Supplementary question"), T("Text"),
				 T("Once sent, an observation is archived and kept unchanged."), T("Send"));
		}
		web_html(b, "</section>");
	}
	pages_end(rq, b);
out:
	observation_list_free(o, n);
	dlgctx_free(&c);
}

void page_observation_post(struct web_req *rq, struct web_resp *rs)
{
	struct dlgctx c;
	char err[600];
	if (load(rq, rs, &c) <= 0)
		return;
	long rt = -1;
	const char *rts = web_req_field(rq, "reply_to");
	if (rts && *rts && util_parse_long(rts, 0, 1L << 53, &rt) < 0)
		rt = 1L << 53; /* never an observation */
	struct access_actor a = web_req_actor(rq);
	int64_t id = observation_post(rq->db, &a, rq->ip, &c.oc, web_req_field(rq, "question"),
				      web_req_field(rq, "type"), web_req_field(rq, "text"), rt, err,
				      sizeof err);
	if (id >= 0) {
		char url[160];
		snprintf(url, sizeof url, "/reviews/%s/phases/%d/observations?sent=%lld#sent",
			 c.rc.rv.reviewed, c.rc.rv.phase, (long long)id);
		web_resp_redirect(rs, url);
		goto out;
	}
	if (id == DIALOGUE_FORBIDDEN)
		web_req_audit(rq, "access.denied", rq->log_path, err);
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = status_of(id);
	page_head(rq, b, &c, T("Your observation was not sent"),
		  PHASENAV_OBSERVATIONS);
	/* The access module's refusals in the page's words, the domain's
	 * errors translated (util/msg.h). */
	pages_notice(b, "error", id == DIALOGUE_FORBIDDEN ? T("You do not have permission to do this.")
		     : id == DIALOGUE_CLOSED ? T("The responses are not submitted yet: observations "
					       "are made on the submitted responses.")
		     : pages_derr(rq, err));
	web_html(b, "<pre id=\"yours\">%s</pre>", web_req_field(rq, "text") ?
		 web_req_field(rq, "text") : "");
	pages_end(rq, b);
out:
	dlgctx_free(&c);
}
