/* workplan.h - the workplan of table 2 and the cohort offsets (appendix
 * B2.1), versioned with the Conference decision that set each version
 * (issue 9; R33, R38, C1; migration 0037, tables workplan_versions,
 * workplan_stages, workplan_cohorts).  Version 1 is what data/ ships
 * (resolution 9/1, annex).  The version in force is the latest; a cohort's
 * phase keeps the version in force when it started (cohort_phases.
 * workplan_version, written by phase_open()).  Structures are by value. */
#ifndef RM_REVIEW_WORKPLAN_H
#define RM_REVIEW_WORKPLAN_H

#include <stddef.h>

struct store;
struct buf;

#define WORKPLAN_STAGES 5   /* 0 = preparatory, 1..4 = the review phases */
#define WORKPLAN_COHORTS 3

struct workplan {
	int version;
	char decision[128], decided_on[11], recorded_by[128], recorded_at[32];
	struct {
		char cluster[8];      /* "" for stage 0 */
		int first_year, last_year; /* process years of cohort 1 */
	} stage[WORKPLAN_STAGES];
	int offset[WORKPLAN_COHORTS]; /* years added for cohorts 1..3 */
};

/* The version in force (the latest recorded), or -1 on a store error or
 * when none is (migration 0037 not applied). */
int workplan_current(struct store *s);
/* Reads version (0: the one in force) into w.  Returns 0, 1 when there is
 * no such version (or it has no rows: the reference data are not loaded),
 * -1 on a store error. */
int workplan_get(struct store *s, int version, struct workplan *w);
/* The version whose years cohort's phase (1..4) follows: the one recorded
 * when the phase started, else the one in force.  -1 on a store error. */
int workplan_version_for(struct store *s, int cohort, int phase);
/* The process years of stage (0..4) for cohort (1..3) under w: the cohort
 * offset shifts the review phases only (R34). */
void workplan_years(const struct workplan *w, int cohort, int stage, int *first, int *last);

/* Reads a workplan file (the columns of data/workplan.csv) into w's
 * stages and, when cohorts is not NULL, a cohorts file (those of
 * data/cohorts.csv) into its offsets; what is not given stays as w has it.
 * Returns 0, or -1 with err naming the file, line and column. */
int workplan_parse(struct workplan *w, const char *stages_csv, const char *cohorts_csv,
		   char *err, size_t errlen);
/* Checks w (every stage once, clusters known and distinct, years in order
 * without overlap, offsets 0..10, cohorts in order) and records it as a new
 * version with w->decision and w->decided_on (YYYY-MM-DD), by who, audited
 * ("programme.workplan"), in one transaction.  Sets w->version.  Returns
 * 0, or -1 with err set (nothing changed). */
int workplan_record(struct store *s, struct workplan *w, const char *who, const char *ip,
		    char *err, size_t errlen);
/* Appends every version, oldest first, one line each, to out.  0 or -1. */
int workplan_list(struct store *s, struct buf *out);

#endif
