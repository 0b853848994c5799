/* roster.h - the list of parties that a drawing of lots works on.
 *
 * A roster is the CSV exchanged by `revmech roster export/import` and read by
 * `revmech draw`:
 *   code,name,group,untoc,tip,som,firearms,uncac,opt_out[,volunteer_reviewed[,extra_reviews
 *   [,not_reviewed,not_reviewer]]]
 * code: ISO 3166-1 alpha-3 (3 upper-case letters); group: one of the five
 * regional group codes, or empty for a party in no group (the EU); the four
 * instrument flags, uncac and opt_out are 0/1.  volunteer_reviewed (0/1) marks
 * a signatory that volunteers to be reviewed (annex para 52): for such a row
 * the instrument flags name the instruments it volunteers to be reviewed on.
 * extra_reviews (integer >= 0) lifts the limit of three reviews by that many
 * (para 29).  A Protocol flag needs untoc=1 unless volunteer_reviewed=1.
 * not_reviewed and not_reviewer (0/1, optional, after extra_reviews) are
 * the two choices of footnote 2 of resolution 9/1 (C34): not to be
 * reviewed, and not to review; opt_out=1 (the older column) means both. */
#ifndef RM_CORE_ROSTER_H
#define RM_CORE_ROSTER_H

#include <stdio.h>
#include <stddef.h>

#include "util/buf.h"

struct store;

enum rm_group {
	GROUP_NONE = -1,
	GROUP_AFRICAN = 0,
	GROUP_ASIA_PACIFIC,
	GROUP_EASTERN_EUROPEAN,
	GROUP_GRULAC,
	GROUP_WEOG,
	GROUP_COUNT
};

enum rm_instrument {
	INSTR_UNTOC = 0,
	INSTR_TIP,
	INSTR_SOM,
	INSTR_FIREARMS,
	INSTR_COUNT
};
#define INSTR_BIT(i) (1u << (i))
#define INSTR_ALL ((1u << INSTR_COUNT) - 1)

struct roster_entry {
	char code[4];
	char *name;              /* owned by the roster */
	int group;               /* enum rm_group */
	unsigned instruments;    /* INSTR_BIT mask: party (or volunteered) */
	int uncac;
	int opt_out;             /* both choices below (as the older column) */
	int not_reviewed;        /* opted out of being reviewed (C34) */
	int not_reviewer;        /* opted out of reviewing (C34) */
	int volunteer_reviewed;
	int extra_reviews;
	size_t line;             /* source line in the CSV, 0 if from the store */
};

struct roster {
	struct roster_entry *v;
	size_t n;
};

/* "AFRICAN" etc.; NULL for GROUP_NONE or out of range. */
const char *roster_group_code(int group);
/* Returns the group for a code, GROUP_NONE for "", or -2 if unknown. */
int roster_group_parse(const char *s);
/* "untoc", "tip", "som", "firearms". */
const char *roster_instrument_code(int instr);
int roster_instrument_parse(const char *s);   /* -1 if unknown */

/* The exact CSV header written by roster_write_csv(). */
extern const char ROSTER_CSV_HEADER[];

/* Parses a roster CSV held in memory.  On success fills *out (free with
 * roster_free) and returns 0; on error returns -1 and err holds one line
 * naming the line and column ("line 4, column 3 (group): unknown ..."). */
int roster_parse_csv(const char *data, size_t len, struct roster *out,
		     char *err, size_t errlen);
/* Same, from a file (at most 4 MiB). */
int roster_read_file(const char *path, struct roster *out, char *err, size_t errlen);
void roster_free(struct roster *r);
/* Index of a code in r, or -1. */
long roster_find(const struct roster *r, const char *code);

/* Appends the roster as CSV (header, rows in code order as stored). */
void roster_write_csv(const struct roster *r, struct buf *out);

/* Appends the canonical form of r (docs/draw.md "Roster hash"): the full
 * header (every optional column), rows sorted by code,
 * names quoted only when needed, LF line ends.  Two files that parse to
 * the same parties give the same bytes, whatever their row order and line
 * ends. */
void roster_write_canonical(const struct roster *r, struct buf *out);

/* Loads every party of the store, ordered by code. */
int roster_load_db(struct store *s, struct roster *out, char *err, size_t errlen);
/* Inserts or updates every party of r, atomically: all rows or none. */
int roster_save_db(struct store *s, const struct roster *r, char *err, size_t errlen);

#endif
