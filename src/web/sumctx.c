/* sumctx.c - what the summary pages and API share (sumctx.h; issue 10):
 * a phase's summary loaded for a request with the review's access view,
 * which language versions are official, which version a reader is served
 * (the issued one an open corrigendum keeps public, docs/summaries.md),
 * and the summary as JSON.  Split from api_summary.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/outline.h"
#include "output/words.h"
#include "review/people.h"
#include "util/util.h"
#include "web/sumctx.h"

static int valid_code(const char *c)
{
	return c && strlen(c) == 3 && strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3;
}

int sumctx_load(struct store *s, const char *state, const char *phase, struct sumctx *c)
{
	long n = 0;
	memset(c, 0, sizeof *c);
	if (!valid_code(state) || (phase && util_parse_long(phase, 1, 4, &n) < 0))
		return 0;
	int r = country_review_load(s, state, &c->cr);
	if (r <= 0)
		return r;
	country_review_access(&c->cr, &c->ar, c->ptrs, sizeof c->ptrs / sizeof c->ptrs[0]);
	c->phase = (int)n;
	if (!phase)
		return 1;
	r = summary_load(s, state, c->phase, &c->si);
	if (r < 0)
		return -1;
	c->exists = r;
	return 1;
}

int sumctx_final(const struct sumctx *c, const char *lang)
{
	int li = summary_lang_index(lang);
	return c->exists && li >= 0 && c->si.langs[li].pub_version > 0;
}

int sumctx_read(struct web_req *rq, struct sumctx *c, const char *lang, int issued_only,
		struct access_decision *d)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = sumctx_object(rq, c, lang, NULL);
	int li = summary_lang_index(lang);
	const struct summary_lang *l = c->exists && li >= 0 ? &c->si.langs[li] : NULL;
	int keeps = l && l->corr == SUMMARY_CORR_PENDING && l->pub_version > 0;
	c->serve_version = 0;
	*d = access_check(&a, ACCESS_SUMMARY_READ, &o);
	if (d->result == ACCESS_ALLOW && !(issued_only && keeps))
		return 1;
	if (!keeps)
		return d->result == ACCESS_ALLOW;
	/* docs/summaries.md "Corrigendum": the issued version stays the
	 * official document, anyone's, until the correction replaces it. */
	o.final = 1;
	*d = access_check(&a, ACCESS_SUMMARY_READ, &o);
	if (d->result != ACCESS_ALLOW)
		return 0;
	c->serve_version = l->pub_version;
	return 1;
}

struct access_object sumctx_object(struct web_req *rq, const struct sumctx *c,
				   const char *lang, const char *state)
{
	const char *of = state ? state : c->cr.reviewed;
	int64_t fp = people_focal_point_id(rq->db, of);
	struct access_object o = { .review = &c->ar, .state = state, .phase = c->phase,
				   .focal_point_id = fp > 0 ? fp : 0,
				   .agreed = c->exists && c->si.agreed,
				   /* the latest version official (sumctx_read gives the
				    * issued one a corrigendum keeps) */
				   .final = lang && c->exists && summary_lang_index(lang) >= 0
					    ? c->si.langs[summary_lang_index(lang)].official : 0 };
	return o;
}

json_t *sumctx_json(struct store *s, const struct sumctx *c, const char *lang)
{
	json_t *parties = json_array(), *langs = json_array(), *text = json_null();
	const struct summary_info *si = &c->si;
	for (size_t i = 0; c->exists && i < si->nparties; i++) {
		const struct summary_party *p = &si->parties[i];
		json_array_append_new(parties, json_pack("{s:s,s:b,s:b,s:s?,s:s?}", "state", p->state,
							 "reviewed", p->is_reviewed, "agreed",
							 p->agreed, "agreed_at",
							 p->agreed ? p->agreed_at : NULL, "agreed_by",
							 p->agreed ? p->agreed_by : NULL));
	}
	for (int k = 0; c->exists && k < 6; k++) {
		const struct summary_lang *l = &si->langs[k];
		json_array_append_new(langs, json_pack("{s:s,s:s,s:i,s:i,s:b,s:I,s:b,s:s,s:i}",
						       "lang", l->lang, "status",
						       summary_status_name(l->status), "version",
						       l->version, "based_on", l->based_on, "stale",
						       l->stale, "words", (json_int_t)l->words,
						       "official", sumctx_final(c, l->lang),
						       "corrigendum", summary_corr_name(l->corr),
						       "public_version", l->pub_version));
	}
	struct summary_text t;
	json_t *skeleton = json_null();
	if (c->exists && lang &&
	    summary_text_get(s, c->cr.reviewed, c->phase, lang, c->serve_version, &t) > 0) {
		text = json_pack("{s:s,s:i,s:i,s:I,s:s,s:s,s:s%,s:i,s:b}", "lang", t.lang, "version",
				 t.version, "based_on", t.based_on, "words", (json_int_t)t.words,
				 "saved_at", t.at, "saved_by", t.by, "body", t.body, t.len,
				 "blueprint", t.blueprint, "issued", c->serve_version > 0);
		summary_text_free(&t);
	} else if (lang) {
		/* R108, R110: a new text starts from the blueprint in force. */
		struct outline bp;
		char *sk = outline_get(s, 0, &bp) > 0 ? outline_skeleton(&bp, lang) : NULL;
		if (sk)
			skeleton = json_pack("{s:i,s:s}", "blueprint", bp.version, "text", sk);
		free(sk);
		outline_free(&bp);
	}
	json_t *corr = c->exists && si->corrigendum
		? json_pack("{s:i,s:i,s:s}", "number", si->corrigendum, "issued_version",
			    si->issued_version, "reason", si->corr_reason)
		: json_null();
	json_t *out = json_pack("{s:s,s:i,s:s?,s:b,s:s?,s:i,s:I,s:i,s:b,s:s?,s:b,s:o,s:o,s:o}",
			 "reviewed", c->cr.reviewed, "phase", c->phase, "lang", lang, "exists",
			 c->exists, "drafting", c->exists ? si->drafting : NULL, "version",
			 si->version, "words", (json_int_t)si->words, "limit", WORDS_SUMMARY_MAX,
			 "agreed", c->exists && si->agreed, "agreed_at",
			 c->exists && si->agreed ? si->agreed_at : NULL, "official",
			 lang ? sumctx_final(c, lang) : 0, "parties", parties, "languages", langs,
			 "text", text);
	if (out) {
		json_object_set_new(out, "skeleton", skeleton);
		json_object_set_new(out, "corrigendum", corr);
		json_object_set_new(out, "corrigenda", json_integer(c->exists ? si->corrigenda : 0));
	} else {
		json_decref(skeleton);
		json_decref(corr);
	}
	return out;
}
