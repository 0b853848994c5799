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

#endif
