/* respctx.h - what the responses' pages and API share (internal to
 * src/web): one review's phase loaded for a request, as review/country,
 * access/ and response/ each need it. */
#ifndef RM_WEB_RESPCTX_H
#define RM_WEB_RESPCTX_H

#include <jansson.h>

#include "access/access.h"
#include "response/response.h"
#include "review/country.h"
#include "util/buf.h"

struct store;

struct respctx {
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	struct response_review rv;
	struct response_qns qs;     /* the opened questionnaires, parsed */
	int submitted;              /* the phase's responses are submitted */
	char submitted_at[32];      /* disc3: when, "" not submitted */
	int64_t focal_point_id;     /* the reviewed State's named focal point, 0 none
				     * (ACCESS_RESPONSE_SUBMIT, para 18) */
	int actor_signatory;        /* set by respctx_set_actor (C33) */
	int support_open;           /* F23: the reviewed State asks the Secretariat's
				     * support on its drafts (response/support.h) */
};

/* Loads the review of state (alpha-3) in phase (text "1".."4").  Returns
 * 1, 0 when there is no such review or phase (bad code or number too), -1
 * on a store error.  Free with respctx_free() after 1. */
int respctx_load(struct store *s, const char *state, const char *phase, struct respctx *c);
void respctx_free(struct respctx *c);
/* Tells c who asks: whether u's State is a signatory rather than a State
 * party (para 52, C33), for the reads of submitted responses.  A store
 * error counts as a signatory (the narrower right). */
void respctx_set_actor(struct store *s, struct respctx *c, const struct account *u);
/* The audit detail of a read of the responses (act ACCESS_RESPONSE_READ
 * or ACCESS_ATTACHMENT_READ) of instrument (NULL: every instrument of the
 * phase, each with the actor's part): "FRA phase 1 submitted,
 * reviewer:tip state_party:untoc" (access_read_part()). */
void respctx_read_detail(const struct respctx *c, const struct access_actor *a,
			 enum access_action act, const char *instrument, char *out, size_t n);
/* The access object of the review for instrument (NULL: all). */
struct access_object respctx_object(const struct respctx *c, const char *instrument);
/* disc (R101): the access object of one item of instrument -- an answer
 * (item: its question id) or a document (its id) -- so that an
 * item-scoped disclosure applies to it; respctx_item_readable() asks
 * act (ACCESS_RESPONSE_READ or ACCESS_ATTACHMENT_READ) of it. */
struct access_object respctx_item_object(const struct respctx *c, const char *instrument,
					 const char *item);
int respctx_item_readable(const struct respctx *c, const struct access_actor *a,
			  enum access_action act, const char *instrument, const char *item);
/* b18x (B18, decisions s4): whether a may read the drafts of instrument's
 * answers, the earlier versions in an answer's history: ACCESS_RESPONSE_READ
 * asked of a draft (the reviewed State, the Secretariat), whether or not
 * the phase is submitted.  Others read the submitted version only. */
int respctx_drafts_readable(const struct respctx *c, const struct access_actor *a,
			    const char *instrument);
/* probe (session 6; paras 23, 37, 41; R75): whether a may read the
 * national consultations of c's phase.  They concern the questionnaire as
 * a whole, so they are read by who may read the answers of every
 * instrument of the phase (ACCESS_RESPONSE_READ asked of the whole and of
 * each instrument): a disclosure of some instruments' answers only (para
 * 41, "tout ou partie") does not disclose them. */
int respctx_consultations_readable(const struct respctx *c, const struct access_actor *a);
/* The blank questionnaire of the phase (new reference). */
json_t *respctx_questionnaire_json(const struct respctx *c);
/* Status, completion, the answers and documents the actor may read (a
 * reviewer only those of its instruments, C47), as compact JSON text and a
 * newline appended to out (the caller's); 0, or -1 on error (out may hold a
 * part then).  The answers come from respcache_answer(). */
int respctx_responses_text(struct store *s, const struct respctx *c,
			   const struct access_actor *a, struct buf *out);
/* The same as a JSON object (new reference, the caller decrefs), or NULL
 * on error: for pages that render it (pages_disclosed.c). */
json_t *respctx_responses_json(struct store *s, const struct respctx *c,
			       const struct access_actor *a);


struct web_req;
struct web_resp;

/* The handlers' prologue and access questions, shared by the responses'
 * pages (pages_response.c, pages_respmore.c, pages_respq9.c) and API
 * (api_response.c, api_respq9.c).  *_load() loads the review and phase of
 * the route's first two parameters into c (free with respctx_free) and sets
 * the actor; on 0 (none) or -1 (store) it has answered (404 / 503: an error
 * page, or JSON).  respctx_ask()/respctx_allowed(): the access module's
 * decision of act on c for instrument (NULL: the whole questionnaire).
 * *_refuse(): the refusal answered and audited (access.denied). */
int respctx_page_load(struct web_req *rq, struct web_resp *rs, struct respctx *c);
int respctx_api_load(struct web_req *rq, struct web_resp *rs, struct respctx *c);
struct access_decision respctx_ask(struct web_req *rq, const struct respctx *c,
				   enum access_action act, const char *instrument);
int respctx_allowed(struct web_req *rq, const struct respctx *c, enum access_action act,
		    const char *instrument);
void respctx_page_refuse(struct web_req *rq, struct web_resp *rs);
void respctx_api_refuse(struct web_req *rq, struct web_resp *rs, struct access_decision d);
/* The API prologue of most handlers: load, then act on the whole
 * questionnaire asked of the access module.  1: allowed, c loaded (the
 * caller frees it); 0: answered (404, 503 or the refusal), c freed. */
int respctx_api_open(struct web_req *rq, struct web_resp *rs, struct respctx *c,
		     enum access_action act);
/* The prologue of the pages of one answer's versions (history, compare):
 * the review of the route loaded, the answers readable as a whole and for
 * the instrument of question param[2], which exists, and its versions read
 * into *h, *n.  1: done, the caller frees c (respctx_free) and *h
 * (response_answers_free); 0: answered (404, 503 or the refusal), nothing
 * left to free. */
int respctx_page_versions(struct web_req *rq, struct web_resp *rs, struct respctx *c,
			  struct response_question *qq, struct response_answer **h, size_t *n);

#endif
