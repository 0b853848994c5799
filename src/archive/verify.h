/* verify.h - the full check of the archive (issue 10; R94, R97): every
 * record against the Merkle tree and every signed tree head, every stored
 * tree node against the records; names the first record that was altered,
 * removed or reordered.  `revmech archive verify` (cli/cmd_archive.c). */
#ifndef RM_ARCHIVE_VERIFY_H
#define RM_ARCHIVE_VERIFY_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct archive_verify_result {
	int ok;               /* 1 when everything holds */
	int64_t record;       /* the first bad record's id, -1 when the fault is elsewhere */
	char what[320];       /* one line naming it and why (or a summary when ok) */
	uint64_t records;     /* records checked */
	uint64_t heads;       /* heads checked */
};

/* Records one fault in res (ok 0, record, what from the printf format
 * fmt); returns 0, so that a check can end with `return
 * archive_verify_fail(...)`.  For the checks of verify.c, verify_rows.c
 * and dialogue/obsmeta.c. */
int archive_verify_fail(struct archive_verify_result *res, int64_t record, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Checks the archive of s as of its latest head against the public key pk
 * (from the archive key file: a head signed by anyone else is refused).
 * Every head's root is compared with the tree recomputed from the records.
 * With all_signatures every head's signature is checked (any byte of any
 * head changed is found); without, only the latest head's (which, holding,
 * vouches for every record under it) and the first disagreeing one's (to
 * tell an altered head from an altered record): much faster, blind to an
 * intermediate head whose signature alone was spoilt.
 * Reads only; records appended meanwhile are left for the next run.
 * Returns 0 with res filled (res->ok says whether it holds), or -1 when
 * the store cannot be read (res->what says why). */
int archive_verify(struct store *s, const uint8_t pk[32], int all_signatures,
		   struct archive_verify_result *res);

/* Beside the tree (issue 10, migration 0053; run after archive_verify()
 * holds, so that the records are those signed).  Each row of
 * archive_threads against the record that archived it (kind
 * ARCHIVE_KIND_THREAD: its commitment to the canonical row, its envelope's
 * reviewed State, phase and instrument): a row changed, added or removed
 * behind the archive's back is named, with the record (res->record) when
 * there is one; res->records counts the threads that match.  Needs the
 * archive key (the salts).  Returns 0 with res filled, -1 when the store
 * cannot be read (res->what says why). */
int archive_verify_threads(struct store *s, struct archive_verify_result *res);
/* With the key: every record of layout /2 opened and its content compared
 * with its commitment (`archive verify --content`); nothing is shown or
 * kept.  res->records counts those that match; the first that does not
 * (or does not open) is named.  0 with res filled, -1 (no key, store). */
int archive_verify_content(struct store *s, struct archive_verify_result *res);
/* 1 when commitment (hex) is the commitment, under the salt of the record
 * whose stored text is sealed, of the canonical row (title: its table, the
 * media type ARCHIVE_ROW_MEDIA_TYPE), else 0 (also without the key). */
int archive_row_matches(const char *sealed, const char *commitment, const char *table,
			const void *row, size_t len);

#endif
