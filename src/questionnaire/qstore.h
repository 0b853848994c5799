/* qstore.h - questionnaire versions in the database (issue 9; R69-R70).
 *
 * Table questionnaires of migration 0009: one row per (id, version).  A
 * review keeps the (id, version) it started with; only an adopted version
 * may start one. */
#ifndef RM_QUESTIONNAIRE_QSTORE_H
#define RM_QUESTIONNAIRE_QSTORE_H

#include <stddef.h>

struct store;

/* Validates every definition of DATADIR/questionnaires (none if the
 * directory does not exist) against DATADIR/table1.csv and stores the
 * versions not yet stored, in one transaction: all or nothing.  A version
 * already stored keeps its content: different content under the same
 * (id, version) is refused (a changed text needs a new version), and its
 * status may only move forward (draft, harmonised, adopted).  *loaded (may
 * be NULL) receives the number of rows added or advanced.  Returns 0, or
 * -1 with err set (the first validation error, or the reason). */
int qstore_load_dir(struct store *s, const char *datadir, int *loaded, char *err,
		    size_t errlen);

/* 1 if the stored (id, version) is adopted and may be used in a review, 0
 * if it is stored but not adopted, -1 if it is not stored or on error. */
int qstore_usable_in_review(struct store *s, const char *id, const char *version);

/* One stored version, as qstore_list() gives it. */
struct qstore_version {
	char id[64], version[16], instrument[16], cluster[8];
	char status[16];            /* draft, harmonised, adopted */
	char decision[128];         /* adopted: the decision's reference, else "" */
	char adopted_on[11];        /* adopted: its date YYYY-MM-DD, else "" */
	char entered_by[256];       /* adopted by qstore_adopt: who entered it, else "" */
};
/* Every stored version, by id then version, into a new array *out of *n
 * (the caller frees it with free()).  Returns 0 or -1 (store_errmsg). */
int qstore_list(struct store *s, struct qstore_version **out, size_t *n);

/* Records the adoption of the stored (id, version) (R69-R70): its status
 * becomes adopted with the decision that adopted it (reference, 1..120
 * characters; date YYYY-MM-DD) and who entered it (and when), audited as
 * questionnaire.adopt, in one transaction.  version NULL: the one version
 * stored under id (an error when there are several).  The content never
 * changes; a later qstore_load_dir() keeps the recorded adoption although
 * the file still says draft or harmonised.  Returns 0 adopted, 1 it was
 * adopted already (nothing changed; err says by which decision), -1 with
 * err set (not stored, bad reference or date, store error; nothing
 * changed). */
int qstore_adopt(struct store *s, const char *id, const char *version, const char *decision,
		 const char *date, const char *who, char *err, size_t errlen);

#endif
