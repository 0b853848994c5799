/* personal.h - no personal address outside a review (issue 10, F17; C44;
 * docs/disclosure.md "no e-mail address"; internal to src/web).  The
 * JSON of an artefact that the public may read (a summary issued as an
 * official document, an answer disclosed publicly) names who agreed,
 * saved or uploaded it by e-mail; only the review's participants and the
 * Secretariat (whoever access/ lets read the review, ACCESS_REVIEW_READ)
 * see those addresses.  Everyone else sees the State instead. */
#ifndef RM_WEB_PERSONAL_H
#define RM_WEB_PERSONAL_H

#include <jansson.h>

#include "access/access.h"

/* 1 when a may see the people of the review ar by their addresses: asked
 * of access/ (ACCESS_REVIEW_READ of the review). */
int personal_visible(const struct access_actor *a, const struct access_review *ar);

/* F8 (t-fix item 2; HotCRP's rule): whether a may know what the review ar
 * holds -- its threads, records, documents -- asked of access/
 * (ACCESS_REVIEW_READ).  Who may not is answered for an item it may not
 * read exactly as for an item that does not exist (404 "not found"), so
 * that the answer tells nothing of its existence; who may read the review
 * but not the item keeps its 403. */
int personal_review_known(const struct access_actor *a, const struct access_review *ar);

/* Replaces, anywhere in j (objects and arrays, recursively; j stays the
 * caller's), the value of every member that names a person by address
 * ("agreed_by", "saved_by", "uploaded_by", "submitted_by", "sent_by",
 * "author", "by", "email") with the State the person acted for: the
 * object's own "state" member when it has one, else state (NULL: JSON
 * null, when the caller does not know it). */
void personal_strip(json_t *j, const char *state);

struct store;

/* The same where the caller does not know the State (a dialogue's
 * authors: the reviewed State's, the reviewers', the Secretariat's): each
 * address is looked up in the accounts and replaced with its account's
 * State, or its role name when it has none ("secretariat"), or null when
 * no account has it (or on a store error: nothing personal leaks). */
void personal_strip_accounts(struct store *s, json_t *j);

/* The same for one address, for a page (F13, t-fix item 3): into out
 * (len bytes) the State of the account with address email, or its role
 * name when it has none, or "" when no account has it (or on a store
 * error). */
void personal_author_label(struct store *s, const char *email, char *out, size_t len);

#endif
