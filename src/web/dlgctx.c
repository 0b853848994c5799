/* dlgctx.c - see dlgctx.h. */
#include "web/dlgctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response/submit.h"
#include "util/util.h"

int dlgctx_load(struct store *s, const char *state, const char *phase, struct dlgctx *c)
{
	struct response_status st;
	memset(c, 0, sizeof *c);
	int r = respctx_load(s, state, phase, &c->rc);
	if (r <= 0)
		return r;
	if (response_status_get(s, &c->rc.rv, NULL, &st) < 0) {
		response_status_free(&st);
		respctx_free(&c->rc);
		return -1;
	}
	if (st.submitted)
		util_strlcpy(c->received, st.submitted_at, sizeof c->received);
	response_status_free(&st);
	c->oc.review = &c->rc.ar;
	c->oc.phase = c->rc.rv.phase;
	c->oc.phase_started = c->rc.rv.state >= 0;
	c->oc.submitted = c->rc.submitted;
	c->oc.received = c->received;
	c->oc.qs = &c->rc.qs;
	c->oc.rv = &c->rc.rv;
	return 1;
}

void dlgctx_free(struct dlgctx *c)
{
	respctx_free(&c->rc);
}

size_t dlgctx_instruments(const struct dlgctx *c, char out[][16], size_t cap)
{
	size_t n = 0;
	for (const char *p = c->rc.rv.instruments; *p && n < cap;) {
		size_t l = strcspn(p, ",");
		if (l && l < 16) {
			memcpy(out[n], p, l);
			out[n++][l] = '\0';
		}
		p += l;
		if (*p == ',')
			p++;
	}
	return n;
}

int dlgctx_has_instrument(const struct dlgctx *c, const char *instrument)
{
	char list[8][16];
	size_t n = dlgctx_instruments(c, list, 8);
	for (size_t i = 0; instrument && i < n; i++)
		if (!strcmp(list[i], instrument))
			return 1;
	return 0;
}

struct access_object dlgctx_object(const struct dlgctx *c, const char *instrument)
{
	struct access_object o = { .review = &c->rc.ar, .instrument = instrument,
				   .phase = c->rc.rv.phase, .submitted = c->rc.submitted };
	return o;
}

static int is_typed(const struct archive_record *r)
{
	return r->media_type && !strcmp(r->media_type, "text/plain") &&
	       strcmp(r->kind, ARCHIVE_KIND_ATTACHMENT) != 0;
}

json_t *dlgctx_item_json(const struct dlgctx *c, const struct archive_record *r)
{
	char url[128];
	snprintf(url, sizeof url, "/api/v1/reviews/%s/phases/%d/messages/%lld", c->rc.rv.reviewed,
		 c->rc.rv.phase, (long long)r->id);
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)r->id, "kind",
			      r->kind, "title", r->title ? r->title : "", "media_type",
			      r->media_type ? r->media_type : "", "author", r->author, "at", r->at,
			      "size", (json_int_t)r->body_len, "content", url);
	if (is_typed(r))
		json_object_set_new(j, "text", json_stringn((const char *)r->body, r->body_len));
	return j;
}

json_t *dlgctx_threads_json(struct store *s, const struct access_actor *a, const char *ip,
			    const struct dlgctx *c, const char *instrument)
{
	struct archive_thread *t = NULL;
	size_t nt = 0;
	if (dialogue_threads(s, a, c->rc.rv.reviewed, c->rc.rv.phase, &t, &nt) != DIALOGUE_OK)
		return NULL;
	json_t *out = json_array();
	for (size_t i = 0; i < nt; i++) {
		int64_t *ids = NULL;
		size_t n = 0;
		char err[200];
		if (instrument && strcmp(instrument, t[i].instrument) != 0)
			continue;
		if (dialogue_items(s, a, t[i].id, &ids, &n, err, sizeof err) != DIALOGUE_OK)
			goto fail;
		json_t *items = json_array();
		for (size_t k = 0; k < n; k++) {
			struct archive_record r;
			if (archive_record_meta(s, ids[k], &r) != 1) {
				json_decref(items);
				free(ids);
				goto fail;
			}
			if (!strcmp(r.kind, ARCHIVE_KIND_OBSERVATION))
				continue; /* listed with the observations */
			if (dialogue_read(s, a, ip, ids[k], &r, err, sizeof err) != DIALOGUE_OK) {
				json_decref(items);
				free(ids);
				goto fail;
			}
			json_t *ij = dlgctx_item_json(c, &r);
			int64_t m = 0;
			/* disc2: the message a document was sent with; F13 (t-fix
			 * item 3): null unless the reader may read that message,
			 * as the dialogue page shows it. */
			int sent = dialogue_message_of(s, r.id, &m) == 1;
			size_t j = 0;
			while (sent && j < n && ids[j] != m)
				j++;
			json_object_set_new(ij, "message", sent && j < n
					    ? json_integer((json_int_t)m) : json_null());
			json_array_append_new(items, ij);
			archive_record_free(&r);
		}
		free(ids);
		json_t *rv = json_array();
		char codes[16][4];
		size_t nr = archive_thread_reviewers(&t[i], codes, 16);
		for (size_t k = 0; k < nr; k++)
			json_array_append_new(rv, json_string(codes[k]));
		json_array_append_new(out, json_pack("{s:I,s:s,s:o,s:s,s:o}", "id",
						     (json_int_t)t[i].id, "instrument",
						     t[i].instrument, "reviewers", rv, "opened",
						     t[i].created, "items", items));
	}
	free(t);
	return out;
fail:
	free(t);
	json_decref(out);
	return NULL;
}

json_t *dlgctx_observations_json(struct store *s, const struct access_actor *a,
				 const char *ip, const struct dlgctx *c, const char *instrument)
{
	struct observation *o = NULL;
	struct observation_due d;
	size_t n = 0;
	if (observation_due_get(s, &c->oc, NULL, &d) != DIALOGUE_OK ||
	    observation_list(s, a, ip, &c->oc, instrument, &o, &n) != DIALOGUE_OK)
		return NULL;
	json_t *list = json_array(), *rv = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id",
				      (json_int_t)o[i].id, "question", o[i].question, "instrument",
				      o[i].instrument, "type", o[i].type, "state", o[i].state, "part",
				      o[i].part, "author", o[i].author, "at", o[i].at, "text",
				      o[i].text);
		json_object_set_new(j, "answer_version", json_integer(o[i].answer_version));
		json_object_set_new(j, "reply_to", o[i].reply_to >= 0
				    ? json_integer((json_int_t)o[i].reply_to) : json_null());
		json_array_append_new(list, j);
	}
	observation_list_free(o, n);
	for (size_t i = 0; i < d.nreviewers; i++)
		json_array_append_new(rv, json_pack("{s:s,s:i,s:b}", "state", d.reviewers[i].state,
						    "observations", d.reviewers[i].made, "overdue",
						    d.reviewers[i].overdue));
	/* deadline_source: "agreed" in the consultations (para 31), or
	 * "six_months" from receipt (para 35); null before the responses. */
	return json_pack("{s:s,s:i,s:b,s:s?,s:s?,s:s?,s:I,s:b,s:o,s:o}", "reviewed",
			 c->rc.rv.reviewed, "phase", c->rc.rv.phase, "submitted", c->rc.submitted,
			 "received", c->received[0] ? c->received : NULL, "deadline",
			 d.deadline[0] ? d.deadline : NULL, "deadline_source",
			 !d.deadline[0] ? NULL : d.agreed ? "agreed" : "six_months", "days_left",
			 (json_int_t)d.days_left, "overdue", d.overdue, "reviewers", rv,
			 "observations", list);
}

int dlgctx_filename(const char *in, char out[201])
{
	size_t n = 0;
	out[0] = '\0';
	if (!in)
		return -1;
	const char *base = in;
	for (const char *p = in; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (const char *p = base; *p && n < 200; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x20 || ch == 0x7f || ch == '"')
			continue;
		out[n++] = (char)ch;
	}
	out[n] = '\0';
	/* Cut back to whole UTF-8 characters. */
	while (n && util_utf8_len(out) < 0)
		out[--n] = '\0';
	return n && strcmp(out, ".") && strcmp(out, "..") ? 0 : -1;
}
