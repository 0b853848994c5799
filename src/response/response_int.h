/* response_int.h - what the files of src/response/ share (internal). */
#ifndef RM_RESPONSE_RESPONSE_INT_H
#define RM_RESPONSE_RESPONSE_INT_H

#include <stddef.h>

#include <jansson.h>

struct store;

/* Marks a msgid for po/extract.py; translated with i18n_get(lang, ...). */
#define N_(s) s

/* Queues one notice per account of state whose role is in roles (comma
 * list of users.role, e.g. "focal_point,expert"), in each recipient's
 * language: subject and first line are msgids, detail (may be NULL) a line
 * added as is.  In the caller's open transaction.  Returns the number
 * queued, or -1. */
int response_notify(struct store *s, const char *state, const char *roles,
		    const char *subject_msgid, const char *line_msgid, const char *detail);
/* The same for every Secretariat account. */
int response_notify_secretariat(struct store *s, const char *subject_msgid,
				const char *line_msgid, const char *detail);

/* The parsed document of a stored answer's text (new reference, or NULL
 * when text is NULL or not JSON), shared between threads through a
 * process-wide cache (doccache.c): treat it as read only. */
json_t *response_doc_parse(const char *text);

/* Whether the comma list has item. */
int response_list_has(const char *list, const char *item);

#endif
