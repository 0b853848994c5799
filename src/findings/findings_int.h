/* findings_int.h - what list.c, crp.c and followup.c share (internal to
 * src/findings). */
#ifndef RM_FINDINGS_FINDINGS_INT_H
#define RM_FINDINGS_FINDINGS_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "archive/archive.h"

struct store;

/* The archive thread of a list's agreements: its "instrument" code (the
 * dialogue's threads carry instruments.code; this one none of them). */
#define FINDINGS_THREAD ARCHIVE_THREAD_LIST_AGREEMENTS

/* One row of obs_lists. */
struct findings_row {
	int64_t id;
	int version, agreed_version;
	char agreed_at[32];
	int64_t thread;   /* -1 none yet */
};
/* Returns 1 found, 0 none, -1 store error. */
int findings_list_row(struct store *s, const char *reviewed, int phase,
		      struct findings_row *out);
/* undo (0045): SQL, 1 when the progress report whose id is the column
 * ID is in the public part now (uploaded once, in followup_public, and no
 * later change or the latest an upload, in followup_public_changes), else
 * 0.  Portable: an integer on both backends. */
#define FINDINGS_REPORT_PUBLIC(ID)                                                       \
	"(CASE WHEN EXISTS (SELECT 1 FROM followup_public p WHERE p.report = " ID ") "    \
	"AND COALESCE((SELECT c.kind FROM followup_public_changes c WHERE c.report = " ID \
	" ORDER BY c.id DESC LIMIT 1), 'upload') = 'upload' THEN 1 ELSE 0 END)"
/* undo: adds to each report object of reports (with its "id") its
 * "public_history": every upload to the public part and withdrawal from
 * it, oldest first, as {kind: upload | withdraw, at, by, note}.  0 or -1. */
int findings_public_history(struct store *s, json_t *reports);
/* The items of a version as a JSON array (new reference), NULL on error. */
json_t *findings_items(struct store *s, int64_t list_id, int version);
/* key -> {confidential, at, by}: the decisions in force (new reference). */
json_t *findings_confidential(struct store *s, int64_t list_id);
int findings_is_confidential(json_t *map, const char *key);
/* Whether the comma list names word (an empty list names none). */
int findings_list_has(const char *list, const char *word);
void findings_sha256_hex(const char *p, size_t n, char out[65]);
/* The agreed list's ta_need items (new reference) into *needs, its row
 * into *row; returns 1, 0 when the list was never agreed, -1 error. */
int findings_agreed_needs(struct store *s, const char *reviewed, int phase,
			  struct findings_row *row, json_t **needs);
/* ta: followup_json() with the audit entry's action and detail given
 * (the need page records "read.followup_need" with the need's key). */
json_t *findings_followup_read(struct store *s, const char *reviewed, int phase, int full,
			       const char *actor, const char *ip, const char *action,
			       const char *detail, int *rc);
struct list_review;
/* The parties of rv (the reviewed State first) with their agreement to
 * version, as a JSON array (new reference); *all 1 when every party agreed
 * (and version > 0).  NULL on a store error. */
json_t *findings_agreements(struct store *s, int64_t list_id, const struct list_review *rv,
			    int version, int *all);

#endif
