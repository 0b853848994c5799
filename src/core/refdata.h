/* refdata.h - the reference data of the Mechanism, shipped in data/ as CSV
 * (see docs/data.md): instruments, clusters and table 1, the workplan of
 * table 2 with the cohort offsets, languages, regional groups and parties. */
#ifndef RM_CORE_REFDATA_H
#define RM_CORE_REFDATA_H

#include <stddef.h>

#include "util/buf.h"

struct store;

/* Loads every reference file of datadir into an empty, migrated store, in one
 * transaction: on error nothing is written and err names the file, line and
 * column.  Returns 0 or -1. */
int refdata_load(struct store *s, const char *datadir, char *err, size_t errlen);

/* Appends table 1 as CSV "instrument,cluster,articles": one row per
 * instrument and cluster in the order of the table (instruments by their
 * order, clusters by column), articles space-separated in table order; an
 * article reviewed only for States not party to UNCAC (footnote a) carries
 * a trailing '*'.  An empty cell is an empty field. */
int refdata_write_table1(struct store *s, struct buf *out, char *err, size_t errlen);

/* The name of the party `code` in lang (one of the six codes) into out:
 * the French name for "fr" where the data has one, else the English name;
 * the code itself when the party is unknown or on a store error.  Returns
 * 1 when the party was found, 0 when not, -1 on a store error. */
int refdata_state_name(struct store *s, const char *code, const char *lang, char *out,
		       size_t outlen);
/* Number of parties (States and organizations), or -1 on a store error. */
long long refdata_count_parties(struct store *s);

#endif
