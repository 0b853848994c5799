/* outline.h - the blueprint ("esquisse") of the lists of observations and
 * of the summaries (issue 10; annex paras 15, 38; spec R108, R110, R112).
 *
 * A configurable template, stored and versioned, each version adopted by a
 * Conference decision recorded in lots_decisions (the one table of
 * recorded decisions, R38).  Its content is produced by the expert group
 * and the Conference (R112): revmech ships none; the Secretariat enters
 * it.  What a version holds (docs/summaries.md "The blueprint"):
 *   {"summary": {"headings": {"en": ["...", ...], "fr": [...], ...}},
 *    "list": {"instruments": ["untoc", ...], "types": ["gap", ...]}}
 * headings: per UN language (ar zh en fr ru es), the headings a new
 * summary text starts from (its skeleton); instruments and types: the
 * order of the list's sections, by instrument then by item type (para 38
 * names gaps and difficulties, good practices, suggestions, technical
 * assistance).  Every part may be absent: what is not named keeps
 * today's order.  The version in force is the highest; with none adopted
 * everything works as before it existed.  Standalone; callers ask
 * access/ (ACCESS_BLUEPRINT_EDIT) first. */
#ifndef RM_FINDINGS_OUTLINE_H
#define RM_FINDINGS_OUTLINE_H

#include <stddef.h>

#include <jansson.h>

struct store;

enum {
	OUTLINE_OK = 0,
	OUTLINE_ERR = -1,       /* store error */
	OUTLINE_INVALID = -2,   /* bad content or decision: err says which */
	OUTLINE_CONFLICT = -3,  /* the caller's base version is not the one in force */
};

#define OUTLINE_MAX_BYTES (64 * 1024)
#define OUTLINE_MAX_HEADINGS 40
#define OUTLINE_MAX_HEADING 300     /* bytes of one heading */

/* One version of the blueprint. */
struct outline {
	int version;            /* 0: none adopted */
	char decision[128];     /* lots_decisions.ref that adopted it */
	char decided_on[11];    /* that decision's date */
	char recorded_by[64];
	char recorded_at[24];
	char sha256[65];        /* of body */
	json_t *doc;            /* the parsed body (owned; NULL when version 0) */
};

/* Reads version (0: the one in force) into out.  Returns 1 found, 0 none
 * (out->version 0, out->doc NULL), -1 store error.  The caller frees with
 * outline_free(). */
int outline_get(struct store *s, int version, struct outline *out);
void outline_free(struct outline *o);

/* The version in force, 0 none, -1 error (no content read). */
int outline_in_force(struct store *s);

/* Checks body (len bytes of JSON, the shape above) and, when doc is not
 * NULL, gives its canonical form (new reference the caller decrefs).
 * Instruments must be instruments.code, types list types, headings
 * single-line UTF-8, nothing named twice.  Returns OUTLINE_OK or
 * OUTLINE_INVALID with err set; s is read for the instrument codes. */
int outline_check(struct store *s, const char *body, size_t len, json_t **doc, char *err,
		  size_t errlen);

/* Records a new version of the blueprint, adopted by the Conference
 * decision decision (a reference recorded in lots_decisions), entered by
 * by.  base is the version in force the writer started from (0: none),
 * else OUTLINE_CONFLICT.  Audited (blueprint.adopt) in the same
 * transaction.  *version (may be NULL) gets the new version. */
int outline_adopt(struct store *s, const char *body, size_t len, const char *decision, int base,
		  const char *by, const char *ip, int *version, char *err, size_t errlen);

/* Every version, oldest first, as a JSON array of {version, decision,
 * decided_on, recorded_by, recorded_at, sha256, blueprint} (new
 * reference), NULL on a store error. */
json_t *outline_versions_json(struct store *s);

/* The skeleton of a new summary text in lang: o's headings for lang, each
 * a paragraph (separated by a blank line), or NULL when o names none for
 * lang.  The caller frees it. */
char *outline_skeleton(const struct outline *o, const char *lang);

/* Orders items (a JSON array of list items with "instrument" and "type")
 * in place by o's sections: instruments in o's order (those it does not
 * name after, as they were), then item types in o's order, otherwise
 * keeping the order given (a stable sort).  o NULL or version 0: nothing
 * moves. */
void outline_sort_items(const struct outline *o, json_t *items);

#endif
