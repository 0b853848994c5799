/* api_summary.c - the JSON API of summaries and disclosure choices
 * (issue 10; docs/openapi.yaml, docs/summaries.md, docs/disclosure.md):
 *   GET|PUT /api/v1/reviews/{state}/phases/{n}/summary/{lang}
 *   POST    /api/v1/reviews/{state}/phases/{n}/summary/{lang}/status
 *   POST    /api/v1/reviews/{state}/phases/{n}/summary/agree
 *   GET     /api/v1/reviews/{state}/phases/{n}/summary/{lang}/{pdf|html}
 *   GET|POST /api/v1/reviews/{state}/disclosures
 * and what the pages share with it (sumctx.h).  Handlers translate: the
 * review comes from review/country (with the State's disclosure choices),
 * the rules from access/ (ACCESS_SUMMARY_*, ACCESS_DISCLOSURE_*), the work
 * from output/ and review/disclosure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/merkle.h"
#include "output/export.h"
#include "output/words.h"
#include "findings/followup.h"
#include "review/disclosure.h"
#include "review/people.h"
#include "store/store.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/personal.h"
#include "web/sumctx.h"

static struct sign_key key;
static int key_loaded;

int web_summary_key_load(const char *path, char *err, size_t errlen)
{
	if (sign_key_load(path, &key, err, errlen) < 0)
		return -1;
	key_loaded = 1;
	return 0;
}

void web_summary_key_free(void)
{
	sign_key_wipe(&key);
	key_loaded = 0;
}

const struct sign_key *sumctx_key(void)
{
	return key_loaded ? &key : NULL;
}

/* ---- the API ---- */

static void api_refuse(struct web_req *rq, struct web_resp *rs, struct access_decision d)
{
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401 : 403, d.code, d.reason);
}

/* Loads the review and phase of the URL; answers 404 / 503 itself. */
static int load(struct web_req *rq, struct web_resp *rs, const char *phase, struct sumctx *c)
{
	int r = sumctx_load(rq->db, rq->param[0], phase, c);
	if (r == 0)
		web_resp_json_error(rs, 404, "not_found", "no such review or phase: the State must be "
				    "an ISO 3166 alpha-3 code reviewed in the current draw, the phase "
				    "1 to 4");
	else if (r < 0)
		web_resp_json_error(rs, 503, "unavailable", "the review could not be read");
	return r;
}

static int lang_ok(struct web_resp *rs, const char *lang)
{
	if (summary_lang_index(lang) >= 0)
		return 1;
	web_resp_json_error(rs, 400, "unknown_language", "the language must be one of ar zh en "
			    "fr ru es");
	return 0;
}

static struct access_decision ask(struct web_req *rq, const struct sumctx *c,
				  enum access_action act, const char *lang, const char *state)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = sumctx_object(rq, c, lang, state);
	return access_check(&a, act, &o);
}

static json_t *body_json(struct web_req *rq)
{
	return json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
}

void api_summary_get(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	const char *lang = rq->param[2];
	if (!lang_ok(rs, lang) || load(rq, rs, rq->param[1], &c) <= 0)
		return;
	struct access_decision d;
	if (!sumctx_read(rq, &c, lang, web_req_query(rq, "issued") != NULL, &d)) {
		api_refuse(rq, rs, d);
		return;
	}
	if (!c.exists) {
		/* R108, R110: what a first text starts from (the blueprint's
		 * headings in lang, null when none is in force). */
		json_t *sj = sumctx_json(rq->db, &c, lang);
		json_t *e = json_pack("{s:s,s:s,s:O}", "error", "no_summary", "message",
				      "this phase has no summary yet", "skeleton",
				      sj ? json_object_get(sj, "skeleton") : json_null());
		json_decref(sj);
		web_resp_json(rs, 404, e);
		return;
	}
	web_req_audit(rq, "read.summary", c.cr.reviewed, lang);
	json_t *j = sumctx_json(rq->db, &c, lang);
	struct access_actor a = web_req_actor(rq);
	if (!personal_visible(&a, &c.ar)) /* public (F17): no address to the public */
		personal_strip(j, NULL);
	web_resp_json(rs, 200, j);
}

/* Maps a summary_* error to the API's answer. */
static void summary_error(struct web_resp *rs, int r, const char *err)
{
	switch (r) {
	case SUMMARY_INVALID: web_resp_json_error(rs, 400, "bad_request", err); break;
	case SUMMARY_NOT_FOUND: web_resp_json_error(rs, 409, "not_requested", err); break;
	case SUMMARY_CONFLICT: web_resp_json_error(rs, 409, "conflict", err); break;
	case SUMMARY_TOO_LONG: web_resp_json_error(rs, 422, "too_long", err); break;
	case SUMMARY_EXISTS: web_resp_json_error(rs, 409, "exists", err); break;
	case SUMMARY_LIST_NOT_FINAL: web_resp_json_error(rs, 409, "list_not_final", err); break;
	case SUMMARY_OFFICIAL: web_resp_json_error(rs, 409, "official", err); break;
	case SUMMARY_REAGREE: web_resp_json_error(rs, 409, "reagree", err); break;
	default: web_resp_json_error(rs, 503, "unavailable", err); break;
	}
}

/* After a redraw (para 28 d-f, 30) the parties of an existing summary are
 * brought in line with the review's current reviewers before a write; a
 * new party simply has not agreed yet. */
int sumctx_sync_parties(struct web_req *rq, struct sumctx *c, char *err, size_t errlen)
{
	const char *rv[COUNTRY_MAX_REVIEWERS];
	size_t same = 0;
	if (!c->exists)
		return SUMMARY_OK;
	for (size_t i = 0; i < c->cr.nreviewers; i++) {
		rv[i] = c->cr.reviewers[i].state;
		for (size_t k = 0; k < c->si.nparties; k++)
			same += !c->si.parties[k].is_reviewed && strcmp(c->si.parties[k].state, rv[i]) == 0;
	}
	if (same == c->cr.nreviewers && c->si.nparties == c->cr.nreviewers + 1)
		return SUMMARY_OK;
	int r = summary_set_reviewers(rq->db, c->cr.reviewed, c->phase, rv, c->cr.nreviewers,
				      rq->user.email, err, errlen);
	if (r == SUMMARY_OK) {
		web_req_audit(rq, "summary.parties", c->cr.reviewed, "after a redraw");
		if (summary_load(rq->db, c->cr.reviewed, c->phase, &c->si) < 0)
			return SUMMARY_ERR;
	}
	return r;
}

int sumctx_save(struct web_req *rq, struct sumctx *c, const char *lang, const char *text,
		size_t len, int base, int *version, long *words, char *err, size_t errlen)
{
	char why[200];
	*words = words_count(lang, text, len, why, sizeof why);
	if (*words < 0) {
		snprintf(err, errlen, "%s", why);
		return SUMMARY_INVALID;
	}
	/* A first text over the limit is refused before the summary is
	 * created: a refusal writes nothing (its drafting language and
	 * parties are not fixed by a text nobody could save).  Later texts
	 * are counted by summary_put_text() itself. */
	if (!c->exists && *words > WORDS_SUMMARY_MAX) {
		snprintf(err, errlen, "the summary has %ld words in %s; at most %d are allowed "
			 "(annex para 38): remove %ld", *words, lang, WORDS_SUMMARY_MAX,
			 *words - WORDS_SUMMARY_MAX);
		return SUMMARY_TOO_LONG;
	}
	int sr = sumctx_sync_parties(rq, c, err, errlen);
	if (sr != SUMMARY_OK)
		return sr;
	if (!c->exists) {
		const char *rv[COUNTRY_MAX_REVIEWERS];
		for (size_t i = 0; i < c->cr.nreviewers; i++)
			rv[i] = c->cr.reviewers[i].state;
		int r = summary_create(rq->db, c->cr.reviewed, c->phase, lang, rv, c->cr.nreviewers,
				       rq->user.email, err, errlen);
		if (r != SUMMARY_OK && r != SUMMARY_EXISTS)
			return r;
		web_req_audit(rq, "summary.create", c->cr.reviewed, lang);
	}
	int r = summary_put_text(rq->db, c->cr.reviewed, c->phase, lang, text, len, base,
				 rq->user.email, version, err, errlen);
	if (r == SUMMARY_OK)
		web_req_audit(rq, "summary.save", c->cr.reviewed, lang);
	return r;
}

enum access_action sumctx_write_action(const struct sumctx *c, const char *lang)
{
	return !c->exists || strcmp(lang, c->si.drafting) == 0 ? ACCESS_SUMMARY_EDIT
								: ACCESS_SUMMARY_TRANSLATE;
}

const char *sumctx_write_state(const struct web_req *rq, const struct sumctx *c, const char *lang)
{
	return sumctx_write_action(c, lang) == ACCESS_SUMMARY_EDIT && rq->user.state[0]
		? rq->user.state : NULL;
}

void api_summary_put(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	json_t *in = NULL;
	const char *lang = rq->param[2];
	if (!lang_ok(rs, lang) || load(rq, rs, rq->param[1], &c) <= 0)
		return;
	struct access_decision d = ask(rq, &c, sumctx_write_action(&c, lang), lang,
				       sumctx_write_state(rq, &c, lang));
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	int li = summary_lang_index(lang);
	if (c.exists && strcmp(lang, c.si.drafting) != 0 && c.si.langs[li].status == SUMMARY_NONE) {
		web_resp_json_error(rs, 409, "not_requested", "the translation into this language "
				    "has not been requested yet (R145): the Secretariat requests it");
		return;
	}
	in = body_json(rq);
	json_t *tx = json_object_get(in, "text"), *bv = json_object_get(in, "base");
	if (!json_is_object(in) || !json_is_string(tx) || (bv && !json_is_integer(bv))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"text\": \"...\", "
				    "\"base\": N} (base: the version the text was written from, 0 "
				    "for the first)");
		goto out;
	}
	int v = 0;
	long words = -1;
	int r = sumctx_save(rq, &c, lang, json_string_value(tx), json_string_length(tx),
			    bv ? (int)json_integer_value(bv) : 0, &v, &words, err, sizeof err);
	if (r == SUMMARY_TOO_LONG || r == SUMMARY_CONFLICT || r == SUMMARY_OFFICIAL) {
		json_t *j = json_pack("{s:s,s:s,s:I,s:i}", "error",
				      r == SUMMARY_TOO_LONG ? "too_long"
				      : r == SUMMARY_OFFICIAL ? "official" : "conflict", "message", err,
				      "words", (json_int_t)words, "limit", WORDS_SUMMARY_MAX);
		json_object_set(j, "yours", tx); /* the text sent is not lost */
		web_resp_json(rs, r == SUMMARY_TOO_LONG ? 422 : 409, j);
		goto out;
	}
	if (r != SUMMARY_OK) {
		summary_error(rs, r, err);
		goto out;
	}
	web_resp_json(rs, 200, json_pack("{s:s,s:i,s:I,s:i}", "lang", lang, "version", v,
					 "words", (json_int_t)words, "limit", WORDS_SUMMARY_MAX));
out:
	json_decref(in);
}

void api_summary_status(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	const char *lang = rq->param[2];
	if (!lang_ok(rs, lang) || load(rq, rs, rq->param[1], &c) <= 0)
		return;
	struct access_decision d = ask(rq, &c, ACCESS_SUMMARY_TRANSLATE, lang, NULL);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	json_t *in = body_json(rq);
	char st[24] = "";
	util_strlcpy(st, json_string_value(json_object_get(in, "status")) ?
			 json_string_value(json_object_get(in, "status")) : "", sizeof st);
	int to = st[0] ? summary_status_parse(st) : -2;
	if (!json_is_object(in) || to < SUMMARY_REQUESTED) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"status\": "
				    "\"requested\" | \"in_translation\" | \"revised\" | \"final\"}");
		json_decref(in);
		return;
	}
	json_decref(in);
	int r = to == SUMMARY_REQUESTED
		? summary_request(rq->db, c.cr.reviewed, c.phase, lang, rq->user.email, err, sizeof err)
		: summary_set_status(rq->db, c.cr.reviewed, c.phase, lang, to, rq->user.email, err,
				     sizeof err);
	if (r != SUMMARY_OK) {
		summary_error(rs, r, err);
		return;
	}
	web_req_audit(rq, "summary.status", c.cr.reviewed, st);
	web_resp_json(rs, 200, json_pack("{s:s,s:s}", "lang", lang, "status", st));
}

void api_summary_agree(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, rq->param[1], &c) <= 0)
		return;
	const char *party = rq->user.state[0] ? rq->user.state : NULL;
	struct access_decision d = ask(rq, &c, ACCESS_SUMMARY_AGREE, NULL, party);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	json_t *in = body_json(rq);
	json_t *v = json_object_get(in, "version");
	if (!json_is_object(in) || !json_is_integer(v)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"version\": N}: the "
				    "version of the drafting text agreed to");
		json_decref(in);
		return;
	}
	int r = sumctx_sync_parties(rq, &c, err, sizeof err);
	if (r != SUMMARY_OK) {
		json_decref(in);
		summary_error(rs, r, err);
		return;
	}
	/* Read before in is freed (F18: the answer named version 0). */
	json_int_t version = json_integer_value(v);
	r = c.exists ? summary_agree(rq->db, c.cr.reviewed, c.phase, party,
					 (int)version, rq->user.email, err, sizeof err)
			 : SUMMARY_NOT_FOUND;
	json_decref(in);
	if (r == SUMMARY_NOT_FOUND && !c.exists) {
		web_resp_json_error(rs, 404, "no_summary", "this phase has no summary yet");
		return;
	}
	if (r != SUMMARY_OK) {
		summary_error(rs, r, err);
		return;
	}
	web_req_audit(rq, "summary.agree", c.cr.reviewed, party);
	struct summary_info si;
	int agreed = summary_load(rq->db, c.cr.reviewed, c.phase, &si) > 0 && si.agreed;
	web_resp_json(rs, 200, json_pack("{s:s,s:I,s:b}", "party", party,
					 "version", version, "agreed", agreed));
}

/* POST .../summary/corrigendum {"reason": "..."}: opens a corrigendum of
 * the issued summary (docs/summaries.md), by those who write the drafting
 * text (ACCESS_SUMMARY_EDIT). */
void api_summary_corrigendum(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, rq->param[1], &c) <= 0)
		return;
	if (!c.exists) {
		web_resp_json_error(rs, 404, "no_summary", "this phase has no summary yet");
		return;
	}
	struct access_decision d = ask(rq, &c, ACCESS_SUMMARY_EDIT, c.si.drafting,
				       sumctx_write_state(rq, &c, c.si.drafting));
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	json_t *in = body_json(rq);
	const char *reason = json_string_value(json_object_get(in, "reason"));
	if (!json_is_object(in) || !reason) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"reason\": \"...\"}: "
				    "why the issued summary is corrected");
		json_decref(in);
		return;
	}
	int r = summary_corrigendum_open(rq->db, c.cr.reviewed, c.phase, reason, rq->user.email,
					 err, sizeof err);
	json_decref(in);
	if (r == SUMMARY_INVALID && c.exists && (c.si.corrigendum || !c.si.issued)) {
		web_resp_json_error(rs, 409, c.si.corrigendum ? "corrigendum_open" : "not_issued",
				    err);
		return;
	}
	if (r != SUMMARY_OK) {
		summary_error(rs, r, err);
		return;
	}
	web_req_audit(rq, "summary.corrigendum", c.cr.reviewed, NULL);
	struct summary_info si;
	int n = summary_load(rq->db, c.cr.reviewed, c.phase, &si) > 0 ? si.corrigendum : 0;
	web_resp_json(rs, 201, json_pack("{s:s,s:i,s:i,s:i}", "reviewed", c.cr.reviewed, "phase",
					 c.phase, "corrigendum", n, "issued_version",
					 si.issued_version));
}

int sumctx_file(struct web_req *rq, struct web_resp *rs, const struct sumctx *c,
		const char *lang, const char *format, char *err, size_t errlen)
{
	int html = strcmp(format, "html") == 0, is_signed = 0;
	/* The archive the summary rests on (R110, R111): the signed tree head
	 * right after its last agreement was archived (size and root: every
	 * archived message and document of the review's dialogue is under
	 * it) and the leaf hash of each party's archived agreement
	 * (output/summary.h); a holder checks them with inclusion and
	 * consistency proofs.  A summary not agreed, or agreed before its
	 * agreements were archived, names the root of the latest head. */
	struct archive_head h;
	char root[2 * MERKLE_HASH_LEN + 1], refs[SUMMARY_MAX_PARTIES + 1][SUMMARY_REF_LEN];
	const char *arch[SUMMARY_MAX_PARTIES + 1] = { root };
	struct export_opts eo = { .key = sumctx_key(), .version = c->serve_version };
	/* The issued version a corrigendum keeps rests on its own agreements. */
	int nref = c->serve_version > 0
		? summary_archive_refs_of(rq->db, c->cr.reviewed, c->phase, c->si.issued_version,
					  refs, SUMMARY_MAX_PARTIES + 1)
		: summary_archive_refs(rq->db, c->cr.reviewed, c->phase, refs,
				       SUMMARY_MAX_PARTIES + 1);
	if (nref > 0) {
		for (int i = 0; i < nref; i++)
			arch[i] = refs[i];
		eo.archive = arch;
		eo.narchive = (size_t)nref;
	} else if (archive_head_latest(rq->db, &h) == 0 && h.size > 0) {
		sodium_bin2hex(root, sizeof root, h.root, sizeof h.root);
		eo.archive = arch;
		eo.narchive = 1;
	}
	buf_reset(&rs->body);
	int r = export_summary(rq->db, c->cr.reviewed, c->phase, lang,
			       html ? EXPORT_HTML : EXPORT_PDF, &eo, &rs->body, &is_signed, err,
			       errlen);
	if (r != SUMMARY_OK)
		return r;
	char disp[96];
	snprintf(disp, sizeof disp, "%s; filename=\"summary-%s-%d-%s.%s\"",
		 html ? "inline" : "attachment", c->cr.reviewed, c->phase, lang,
		 html ? "html" : "pdf");
	rs->status = 200;
	rs->ctype = html ? "text/html; charset=utf-8" : "application/pdf";
	web_resp_header(rs, "Content-Disposition", disp);
	web_resp_header(rs, "X-Revmech-Signed", is_signed ? "yes" : "no");
	web_resp_header(rs, "X-Revmech-Issued", c->serve_version > 0 ? "yes" : "no");
	web_req_audit(rq, "read.summary", c->cr.reviewed, html ? "html" : "pdf");
	return SUMMARY_OK;
}

void api_summary_file(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	const char *lang = rq->param[2], *format = rq->param[3];
	if (strcmp(format, "pdf") != 0 && strcmp(format, "html") != 0) {
		web_resp_json_error(rs, 404, "not_found", "a summary is downloaded as pdf or html");
		return;
	}
	if (!lang_ok(rs, lang) || load(rq, rs, rq->param[1], &c) <= 0)
		return;
	struct access_decision d;
	if (!sumctx_read(rq, &c, lang, web_req_query(rq, "issued") != NULL, &d)) {
		api_refuse(rq, rs, d);
		return;
	}
	int r = c.exists ? sumctx_file(rq, rs, &c, lang, format, err, sizeof err)
			 : SUMMARY_NOT_FOUND;
	if (r == SUMMARY_NOT_FOUND)
		web_resp_json_error(rs, 404, "no_text", c.exists ? err : "this phase has no summary yet");
	else if (r != SUMMARY_OK)
		summary_error(rs, r, err);
}

/* ---- disclosures ---- */

json_t *sumctx_disclosures_json(struct store *s, const char *reviewed)
{
	struct disclosure_entry *e = NULL;
	size_t n = 0;
	if (disclosure_log(s, reviewed, &e, &n) < 0)
		return NULL;
	json_t *log = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(log, json_pack("{s:I,s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
						     "id", (json_int_t)e[i].id, "what", e[i].what,
						     "phase", e[i].phase, "instrument",
						     e[i].instrument, "item", e[i].item, "choice",
						     e[i].choice, "note", e[i].note, "by", e[i].by,
						     "at", e[i].at, "in_force",
						     disclosure_in_force(e, n, i)));
	disclosure_log_free(e, n);
	return log;
}

/* disc (para 37, R98): the Secretariat's publications, oldest first. */
static json_t *publications_json(struct store *s, const char *reviewed)
{
	struct disclosure_publication *p = NULL;
	size_t n = 0;
	if (disclosure_publications(s, reviewed, &p, &n) < 0)
		return NULL;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_pack("{s:I,s:I,s:s,s:i,s:s,s:b,s:s,s:s,s:s}",
				      "id", (json_int_t)p[i].id, "request",
				      (json_int_t)p[i].request, "item", p[i].item,
				      "phase", p[i].phase, "instrument",
				      p[i].instrument, "in_force", p[i].in_force,
				      "note", p[i].note, "by", p[i].by, "at",
				      p[i].at);
		/* undo (R103): the Secretariat's end of it, or null. */
		json_object_set_new(e, "ended", p[i].end_id
				    ? json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)p[i].end_id,
						"by", p[i].ended_by, "at", p[i].ended_at, "note",
						p[i].end_note)
				    : json_null());
		json_array_append_new(list, e);
	}
	disclosure_publications_free(p, n);
	return list;
}

/* The API's answer to a refusal of review/disclosure. */
static void disclosure_error(struct web_resp *rs, int r, const char *err)
{
	switch (r) {
	case DISCLOSURE_INVALID: web_resp_json_error(rs, 400, "bad_request", err); break;
	case DISCLOSURE_NO_ITEM: web_resp_json_error(rs, 404, "no_such_item", err); break;
	case DISCLOSURE_NO_REQUEST: web_resp_json_error(rs, 404, "no_such_request", err); break;
	case DISCLOSURE_DRAFT: web_resp_json_error(rs, 409, "draft", err); break;
	case DISCLOSURE_NOTHING: web_resp_json_error(rs, 409, "nothing_to_withdraw", err); break;
	case DISCLOSURE_NOT_THEIRS:
		web_resp_json_error(rs, 422, "not_the_states_item", err);
		break;
	default: web_resp_json_error(rs, 503, "unavailable", err); break;
	}
}

void api_disclosures_get(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	if (load(rq, rs, NULL, &c) <= 0)
		return;
	struct access_decision d = ask(rq, &c, ACCESS_DISCLOSURE_READ, NULL, NULL);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	json_t *log = sumctx_disclosures_json(rq->db, c.cr.reviewed);
	json_t *pub = publications_json(rq->db, c.cr.reviewed);
	if (!log || !pub) {
		json_decref(log);
		json_decref(pub);
		web_resp_json_error(rs, 503, "unavailable", "the disclosures could not be read");
		return;
	}
	web_resp_json(rs, 200, json_pack("{s:s,s:o,s:o}", "reviewed", c.cr.reviewed,
					 "disclosures", log, "publications", pub));
}

void api_disclosures_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, NULL, &c) <= 0)
		return;
	struct access_decision d = ask(rq, &c, ACCESS_DISCLOSURE_MAKE, NULL, NULL);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	json_t *in = body_json(rq);
	json_t *ph = json_object_get(in, "phase"), *ins = json_object_get(in, "instrument"),
	       *note = json_object_get(in, "note"), *item = json_object_get(in, "item");
	if (!json_is_object(in) || !json_is_string(json_object_get(in, "what")) ||
	    !json_is_string(json_object_get(in, "choice")) || (ph && !json_is_integer(ph)) ||
	    (ins && !json_is_string(ins) && !json_is_null(ins)) || (note && !json_is_string(note)) ||
	    (item && !json_is_string(item) && !json_is_null(item))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"what\": \"dialogue\" | "
				    "\"documents\" | \"responses\", \"choice\": \"states\" | "
				    "\"public\" | \"portal\" | \"withdraw\", \"phase\": 0-4 (0: "
				    "every phase), \"instrument\": \"untoc\"... (absent: every "
				    "one), \"item\": \"...\" (absent: all of it; else a "
				    "question id, a document id or a thread id), \"note\": "
				    "\"...\"}");
		json_decref(in);
		return;
	}
	int64_t id = 0;
	long long p = ph ? json_integer_value(ph) : 0;
	const char *it = json_string_value(item);
	int r = disclosure_record_item(rq->db, c.cr.reviewed,
				       json_string_value(json_object_get(in, "what")),
				       p < 0 || p > 4 ? -1 : (int)p, json_string_value(ins), it,
				       json_string_value(json_object_get(in, "choice")),
				       json_string_value(note), rq->user.id, rq->user.email, &id,
				       err, sizeof err);
	if (r != DISCLOSURE_OK) {
		disclosure_error(rs, r, err);
		json_decref(in);
		return;
	}
	char detail[160];
	snprintf(detail, sizeof detail, "%s %s phase %lld %s%s%s",
		 json_string_value(json_object_get(in, "what")),
		 json_string_value(json_object_get(in, "choice")), p,
		 json_string_value(ins) ? json_string_value(ins) : "all", it && *it ? " item " : "",
		 it && *it ? it : "");
	web_req_audit(rq, "disclosure.record", c.cr.reviewed, detail);
	json_decref(in);
	web_resp_json(rs, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "reviewed",
					 c.cr.reviewed));
}

void api_publications_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, NULL, &c) <= 0)
		return;
	struct access_decision d = ask(rq, &c, ACCESS_PORTAL_PUBLISH, NULL, NULL);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	json_t *in = body_json(rq);
	json_t *req = json_object_get(in, "request"), *item = json_object_get(in, "item"),
	       *note = json_object_get(in, "note");
	if (!json_is_object(in) || !json_is_integer(req) ||
	    (item && !json_is_string(item) && !json_is_null(item)) ||
	    (note && !json_is_string(note))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"request\": the id of "
				    "a portal request in force, \"item\": \"...\" (absent: all "
				    "that was requested), \"note\": \"...\"}");
		json_decref(in);
		return;
	}
	int64_t id = 0;
	const char *it = json_string_value(item);
	int r = disclosure_publish(rq->db, c.cr.reviewed, (int64_t)json_integer_value(req), it,
				   json_string_value(note), rq->user.id, rq->user.email, &id, err,
				   sizeof err);
	if (r != DISCLOSURE_OK) {
		disclosure_error(rs, r, err);
		json_decref(in);
		return;
	}
	char detail[96];
	snprintf(detail, sizeof detail, "request %lld %s", (long long)json_integer_value(req),
		 it && *it ? it : "all");
	web_req_audit(rq, "disclosure.publish", c.cr.reviewed, detail);
	json_decref(in);
	web_resp_json(rs, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "reviewed",
					 c.cr.reviewed));
}

json_t *sumctx_public_reports(struct web_req *rq, const struct sumctx *c)
{
	json_t *all = followup_public_reports(rq->db, c->cr.reviewed);
	if (!all)
		return NULL;
	struct access_actor a = web_req_actor(rq);
	struct access_object o = sumctx_object(rq, c, NULL, NULL);
	o.publicity = ACCESS_PUBLICITY_PUBLIC;
	json_t *out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(all, i, v) {
		o.phase = (int)json_integer_value(json_object_get(v, "phase"));
		if (access_allowed(&a, ACCESS_PROGRESS_REPORT_READ, &o))
			json_array_append(out, v);
	}
	json_decref(all);
	return out;
}

void api_progress_reports(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	if (load(rq, rs, NULL, &c) <= 0)
		return;
	json_t *list = sumctx_public_reports(rq, &c);
	if (!list) {
		web_resp_json_error(rs, 503, "unavailable", "the progress reports could not be read");
		return;
	}
	web_req_audit(rq, "read.progress_public", c.cr.reviewed, NULL);
	web_resp_json(rs, 200, json_pack("{s:s,s:o}", "reviewed", c.cr.reviewed, "reports", list));
}
