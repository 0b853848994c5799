/* list.h - the list of observations of each country review's phase (issue
 * 10; annex paras 38-39; spec R102, R107-R111, C14, C46, C47).
 *
 * One list per reviewed State and phase, structured by instrument (C46).
 * Its items are typed (R107: gap or difficulty, good practice, suggestion,
 * technical-assistance need with a priority), each tied to an article of
 * the phase's cluster (table 1, as the country review snapshotted it) and
 * to the answers (response question ids) and archived messages (archive
 * record ids) it rests on (R108).  Every save is a new version, never an
 * overwrite; items keep a stable key ("i1", "i2", ...) across versions.
 * The reviewed State keeps items confidential (R102): decisions are
 * recorded per key, with who and when (R103), and are no change of the
 * list's content.  Agreement (para 39, R111): the reviewed State and each
 * reviewing State agree to one version, each agreement appended to the
 * archive as an "agreement" record (archive.h) and kept forever; the list
 * is final when every party has agreed to its current version, so any
 * later save reopens it.  The first time a list becomes final its review
 * counts as completed for the 70 % gate (C14; review/phase.c counts it),
 * and a phase in draft_list moves to list_agreed in the same transaction.
 *
 * Standalone domain: callers pass the review as plain identifiers and ask
 * access/ first; the module validates everything it stores.  Every
 * function that writes runs in one transaction of its own: on any error
 * nothing is written. */
#ifndef RM_FINDINGS_LIST_H
#define RM_FINDINGS_LIST_H

#include <stddef.h>

#include <jansson.h>

struct store;

/* Results (err always gets a one-line reason, in English). */
enum {
	LIST_OK = 0,
	LIST_ERR = -1,       /* store or archive error */
	LIST_INVALID = -2,   /* bad input: err names the item and the field */
	LIST_NOT_FOUND = -3, /* no such list, version or item */
	LIST_CONFLICT = -4,  /* the caller's base version is not the current one */
	LIST_ALREADY = -5,   /* list_agree: that party already agreed to that version */
	LIST_OUT_OF_CHARGE = -6, /* list_put: a change to an instrument not in may_change */
};

#define LIST_MAX_ITEMS 500
#define LIST_MAX_TEXT 4000      /* characters of an item */
#define LIST_MAX_SOURCES 50     /* answers, and messages, per item */
#define LIST_MAX_PARTIES 9      /* the reviewed State and up to 8 reviewers */

/* Item types (R107): "gap" "good_practice" "suggestion" "ta_need". */
const char *list_type_name(int type);
int list_type_parse(const char *s);   /* -1 when unknown */

/* The review as the list needs it; the caller fills it (from
 * review/country.h) and keeps the strings alive for the call. */
struct list_review {
	const char *reviewed;               /* alpha-3 */
	int phase;                          /* 1..4 */
	const char *instruments;            /* comma list under review in the phase */
	const char *const *reviewers;       /* the reviewing States, who agree */
	size_t nreviewers;
};

/* Saves a new version of rv's list.  items is a JSON array of objects
 * {"key"?, "instrument", "article", "type", "text", "priority"?,
 *  "answers"?: [question id...], "messages"?: [archive record id...]}:
 * key names an item of the current version (omitted: a new item); priority
 * ("high" "medium" "low") is required for a ta_need and refused otherwise;
 * every answer must be a question of the phase's opened questionnaires,
 * every message a record archived in this review's phase.  With scope (an
 * instrument code) items replaces only that instrument's items (all must
 * be of it) and the others are kept; without it the whole list.  base is
 * the version the writer started from: otherwise LIST_CONFLICT.
 * may_change: comma list of the instruments whose items the writer may
 * add, change or remove (NULL: any); another instrument's change is
 * LIST_OUT_OF_CHARGE naming it (C47).  A save that changes nothing writes
 * nothing and gives the current version.  *version gets the version
 * (may be NULL). */
int list_put(struct store *s, const struct list_review *rv, int base, const char *scope,
	     json_t *items, const char *may_change, const char *by, int *version, char *err,
	     size_t errlen);

/* Whether instrument is visible to a reader; ctx is the caller's. */
typedef int (*list_visible_fn)(const char *instrument, void *ctx);

/* The list of rv as JSON (new reference): reviewed, phase, version,
 * final, agreed_version, agreed_at, the parties with their agreement to
 * the current version, the versions (who, when, SHA-256), and the items
 * of version (0: the current) with their confidentiality; only the items
 * of instruments for which visible says 1 (visible NULL: all), and
 * "hidden" how many others there are.  Every read is confidential
 * material: the read is first recorded in the audit log (read.list, by
 * actor from ip) and nothing is returned unless it was.  *rc gets LIST_OK,
 * LIST_NOT_FOUND (no such version; an unsaved list is version 0 with no
 * items) or LIST_ERR. */
json_t *list_json(struct store *s, const struct list_review *rv, int version,
		  list_visible_fn visible, void *ctx, const char *actor, const char *ip, int *rc);

/* Records the reviewed State's decision to keep item key confidential
 * (confidential 1) or not (0) (R102, R103).  The key must name an item of
 * the current version.  The same decision again writes nothing. */
int list_set_confidential(struct store *s, const struct list_review *rv, const char *key,
			  int confidential, const char *by, char *err, size_t errlen);

/* Records that party (the reviewed State or one of rv's reviewers) agrees
 * to version, which must be the current one (LIST_CONFLICT otherwise) and
 * have items; the agreement is archived (an archive key must be loaded).
 * LIST_ALREADY when that party already agreed to that version (nothing
 * written).  *final (may be NULL) gets 1 when every party has now agreed. */
int list_agree(struct store *s, const struct list_review *rv, const char *party, int version,
	       const char *by, int *final, char *err, size_t errlen);

/* Where a list stands (no content, not audited): the current version, the
 * version every party last agreed to, and whether it is final now.
 * Returns 1, 0 when the list has never been saved, -1 on a store error. */
struct list_status {
	int version;
	int agreed_version;
	int final;           /* agreed_version == version > 0 */
	char agreed_at[32];
};
int list_status_get(struct store *s, const char *reviewed, int phase, struct list_status *out);

#endif
