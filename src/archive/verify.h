/* verify.h - the full check of the archive (issue 10; R94, R97): every
 * record against the Merkle tree and every signed tree head, every stored
 * tree node against the records; names the first record that was altered,
 * removed or reordered.  `revmech archive verify` (cli/cmd_archive.c). */
#ifndef RM_ARCHIVE_VERIFY_H
#define RM_ARCHIVE_VERIFY_H

#include <stdint.h>

struct store;

struct archive_verify_result {
	int ok;               /* 1 when everything holds */
	int64_t record;       /* the first bad record's id, -1 when the fault is elsewhere */
	char what[320];       /* one line naming it and why (or a summary when ok) */
	uint64_t records;     /* records checked */
	uint64_t heads;       /* heads checked */
};

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

#endif
