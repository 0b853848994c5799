/* archive_int.h - shared by archive.c, archive_keys.c, archive_read.c and
 * verify.c only: the bytes of a record that its leaf hash covers, and hex
 * helpers. */
#ifndef RM_ARCHIVE_ARCHIVE_INT_H
#define RM_ARCHIVE_ARCHIVE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "archive/merkle.h"

struct store_stmt;

/* The columns of archive_records in the order the leaf covers them. */
#define ARCHIVE_RECORD_COLUMNS                                                          \
	"seq, kind, reviewed, phase, instrument, thread, author, at, sealed, commitment"

/* The leaf hash of the row st is on (columns as ARCHIVE_RECORD_COLUMNS,
 * from column 0): H(0x00 || record) where record is, for the tag
 * "revmech-archive-record/1" and then each column in order, a 4-byte
 * big-endian length and the bytes (integers in decimal, sealed as its
 * stored hex); with a commitment (column 9 not NULL), layout /2: the tag
 * "revmech-archive-record/2", the same columns up to at, then commitment
 * and the hex SHA-256 of sealed.  docs/archive.md gives the same in prose. */
void archive_row_leaf(struct store_stmt *st, uint8_t out[MERKLE_HASH_LEN]);
/* 32 bytes from 64 hex digits; 0 or -1. */
int archive_hex32(const char *hex, uint8_t out[MERKLE_HASH_LEN]);
/* 64 bytes from 128 hex digits; 0 or -1. */
int archive_hex64(const char *hex, uint8_t out[64]);

/* A batch of the group commit (group.c): several appends of this thread on
 * s, in one transaction, under one signed head.  archive_batch_begin(s)
 * once the transaction is open; archive_batch_mark(s) before each work's
 * savepoint and archive_batch_rollback(s) after rolling back to it;
 * archive_batch_end(s) before the commit signs and stores the head of the
 * size the batch reached (prev: the size it started from) and ends the
 * batch (0, or -1 with err set: roll back); archive_batch_abort(s) ends
 * it without a head (the caller rolls back). */
void archive_batch_begin(struct store *s);
void archive_batch_mark(struct store *s);
void archive_batch_rollback(struct store *s);
int archive_batch_end(struct store *s, char *err, size_t errlen);
void archive_batch_abort(struct store *s);

/* For archive_read.c: opens a sealed hex text into r's title, media_type
 * and body (0, or -1: not sealed under the loaded key); the stored complete
 * subtree (level, index) for merkle.c's proofs, ctx the store (0, or -1). */
struct archive_record;
int archive_int_unseal(const char *hex, struct archive_record *r);
int archive_int_node_get(void *ctx, int level, uint64_t index, uint8_t out[MERKLE_HASH_LEN]);

/* archive_keys.c for archive.c: the sealed hex text of its title, media
 * type and body under the loaded key (the caller owns it: free()); the
 * signature of h by the loaded key into h->sig; n bytes as hex into out
 * (2 n + 1 bytes), for bytes that are no secret. */
struct archive_item;
struct archive_head;
char *archive_int_seal(const struct archive_item *it,
		       char commit_hex[2 * ARCHIVE_COMMIT_LEN + 1]);
void archive_int_head_sign(struct archive_head *h);
void archive_int_hex_public(char *out, const uint8_t *p, size_t n);

/* For tests/unit only: the path group.c syncs as its connection's WAL
 * from now on (a path that cannot be opened makes the next sync fail).
 * The group must have run a batch on its own connection already. */
struct archive_group;
/* For tests/unit only: with on, this thread's appends archive records of
 * layout /1 (no commitment), as before migration 0053. */
void archive_int_test_layout1(int on);
void archive_group_test_wal(struct archive_group *g, const char *path);

#endif
