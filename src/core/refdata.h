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

/* Replaces the Arabic, Chinese, Russian and Spanish names of the parties
 * already in the store with those of datadir/state-names.csv, in one
 * transaction (`revmech migrate --data`: a database made before migration
 * 0005, or a corrected data file).  Codes the store does not have are
 * skipped.  Returns 0, or -1 with err naming the file, line and column. */
int refdata_refresh_names(struct store *s, const char *datadir, char *err, size_t errlen);

/* The name of party code in lang ("ar" "zh" "en" "fr" "ru" "es"): the UN
 * short name, or ICU's where no UN name is known (table party_names,
 * docs/data-states.md).  Writes it, NUL-terminated and cut at outlen, into
 * out (the caller's buffer; 256 bytes hold every shipped name).  Returns 0
 * for the name in lang; 1 for the English name instead, when lang is not
 * one of the six or the party has no name in it; -1 when code is not a
 * party or on a store error (out is then "").  Uses a statement cached on
 * the connection: safe wherever the connection is (one thread at a time). */
int refdata_state_name(struct store *s, const char *code, const char *lang, char *out,
		       size_t outlen);

/* Appends table 1 as CSV "instrument,cluster,articles": one row per
 * instrument and cluster in the order of the table (instruments by their
 * order, clusters by column), articles space-separated in table order; an
 * article reviewed only for States not party to UNCAC (footnote a) carries
 * a trailing '*'.  An empty cell is an empty field. */
int refdata_write_table1(struct store *s, struct buf *out, char *err, size_t errlen);

/* Number of parties (States and organizations), or -1 on a store error. */
long long refdata_count_parties(struct store *s);

#endif
