/* crp.h - the conference room paper of a final list of observations for
 * each working group (issue 10; annex paras 38, 43; spec R102, R109, R113,
 * R191, C46).
 *
 * The working groups and the instruments each receives are table 2 with
 * its footnote a (data/working-groups.csv, data/instrument-wgs.csv: the
 * Convention goes to the groups on international cooperation and on
 * technical assistance, each Protocol to its own group).  A working
 * group's CRP holds the items of its instruments in the agreed version of
 * the list, without the items the reviewed State keeps confidential (R102)
 * and without the answers and messages they rest on (confidential, R97).
 * Standalone domain: callers ask access/ (ACCESS_LIST_CRP_READ) first. */
#ifndef RM_FINDINGS_CRP_H
#define RM_FINDINGS_CRP_H

#include <jansson.h>

struct store;
struct buf;

/* Whether wg is a working group code; fills its English name (64 bytes).
 * Returns 1, 0 unknown, -1 store error. */
int crp_wg_get(struct store *s, const char *wg, char name[128]);

/* The working groups that receive lists (code, name, instruments) as a new
 * JSON array, in table 2 order; NULL on a store error. */
json_t *crp_wgs_json(struct store *s);

/* The CRP of wg for reviewed's list of phase (new reference): reviewed,
 * phase, working_group, version (the agreed one), agreed_at, instruments
 * and items {instrument, article, type, priority, text}; items kept
 * confidential are left out, and not counted.  The read is
 * recorded first (read.crp by actor from ip).  *rc: 0, -3 unknown working
 * group, -4 the list is not final, -1 store error. */
json_t *crp_json(struct store *s, const char *reviewed, int phase, const char *wg,
		 const char *actor, const char *ip, int *rc);

/* What wg has received (para 38, R109, R110; gap10 item 5): the final
 * lists of observations of the current draw's reviews whose phase covers
 * one of wg's instruments, each released to wg as its CRP when it became
 * final, as a new JSON array of {reviewed, phase, version, agreed_at}
 * ordered by State code and phase.  Lists only: the caller asks
 * ACCESS_LIST_CRP_READ for each before showing it.  NULL with *rc -3 for
 * an unknown working group, -1 on a store error. */
json_t *crp_wg_documents(struct store *s, const char *wg, int *rc);

#endif
