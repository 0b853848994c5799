/* response_int.h - what the files of src/response/ share (internal). */
#ifndef RM_RESPONSE_RESPONSE_INT_H
#define RM_RESPONSE_RESPONSE_INT_H

#include <stddef.h>

#include <jansson.h>

struct store;
struct response_review;
struct response_qns;

/* Marks a msgid for po/extract.py; translated with i18n_get(lang, ...). */
#define N_(s) s

/* A notice of the responses: subject and first line are msgids (N_),
 * translated for each recipient; the review's State (shown by its name in
 * the recipient's language), phase and deadline (may be NULL) follow,
 * labelled in that language. */
struct response_notice {
	const char *subject, *line;
	const char *state;
	int phase;
	const char *deadline;
};

/* Queues n to the people of state whose role is in roles (comma list of
 * users.role, e.g. "focal_point,expert"), each in its own language: for
 * "focal_point" the State's contact of R18 (its named focal point, or its
 * Permanent Representative until one is named, told so), or, when it has
 * neither, every focal-point account of the State.  In the caller's open
 * transaction.  Returns the number queued, or -1. */
int response_notify(struct store *s, const char *state, const char *roles,
		    const struct response_notice *n);
/* The same for every Secretariat account. */
int response_notify_secretariat(struct store *s, const struct response_notice *n);

/* The parsed document of a stored answer's text (new reference, or NULL
 * when text is NULL or not JSON), shared between threads through a
 * process-wide cache (doccache.c): treat it as read only. */
json_t *response_doc_parse(const char *text);

/* Brings the completion of qn (completed_at, and review_started_at the
 * first time, R43/R76) up to date from the stored answers, rv's UNCAC
 * status deciding the sections that apply; in the caller's transaction
 * (answer.c).  Returns 0 or -1. */
struct response_qn;
int response_completion_update(struct store *s, const struct response_review *rv,
			       const struct response_qns *q, const struct response_qn *qn,
			       const char *now);

/* Whether the responses of rv's phase are submitted: 1, 0, or -1 (store
 * error); in the caller's transaction when it holds one (answer.c). */
int response_is_submitted(struct store *s, const struct response_review *rv);

/* Whether the comma list has item. */
int response_list_has(const char *list, const char *item);

#endif
