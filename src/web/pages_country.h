/* pages_country.h - what the country review page (web/pages_country.c)
 * shares with its people and consultations sections and forms
 * (web/pages_people.c; issue 9).  Display and loading only: who may see
 * or change what is the access module's, asked through country_allowed(). */
#ifndef RM_WEB_PAGES_COUNTRY_H
#define RM_WEB_PAGES_COUNTRY_H

#include "access/access.h"
#include "review/country.h"
#include "util/buf.h"
#include "web/http.h"

/* A loaded review and the access module's view of it (ar points into cr
 * and ptrs: nothing to free). */
struct country_loaded {
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
};

/* Loads the review of the URL's {state} into l: 0, or the HTTP status to
 * answer (404 no such review, 503 store). */
int country_load(struct web_req *rq, struct country_loaded *l);
/* Whether the access module lets the request's actor do act to review r
 * (or to State state), the focal point named for that State given. */
int country_allowed(struct web_req *rq, enum access_action act, const struct access_review *r,
		    const char *state);
/* Refuses with 403 and audits the artefact-level refusal. */
void country_refuse(struct web_req *rq, struct web_resp *rs, const char *what);
/* Renders the country page of l into rs with status; error (a domain
 * error, shown in the page's language) or NULL. */
void country_page_render(struct web_req *rq, struct web_resp *rs, struct country_loaded *l,
			 const char *error, int status);

/* Labels in the request's language (owned by the catalogue). */
const char *country_instr_label(struct web_req *rq, const char *i);
const char *country_cluster_label(struct web_req *rq, const char *c);
/* A comma list of instruments in the page language ("" = all). */
void country_put_instruments(struct web_req *rq, struct buf *b, const char *list);
/* c44: a directory setting (enum access_publicity) in the page language. */
const char *country_publicity_label(struct web_req *rq, int publicity);
/* c44: the directory page into rs with status, error (a domain error) or
 * NULL (pages_country.c); the form of /directory that changes the setting
 * of a State the actor may change (pages_directory.c). */
void country_directory_render(struct web_req *rq, struct web_resp *rs, const char *error,
			      int status);
void country_directory_form(struct web_req *rq, struct buf *b);
/* A date in the page language and, when given, who. */
void country_put_when_who(struct web_req *rq, struct buf *b, const char *at, const char *who);

/* The people section (focal points or representatives, experts, their
 * shares, deadlines, with the forms the actor may use) and the
 * consultations section (web/pages_people.c). */
void country_section_people(struct web_req *rq, struct buf *b, const struct country_loaded *l);
void country_section_consultations(struct web_req *rq, struct buf *b,
				   const struct country_loaded *l);

#endif
