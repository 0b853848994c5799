/* archive.h - the archive of the confidential dialogue (issue 10; annex
 * paras 21, 35, 36; spec R94, R97): every message, attachment, record of a
 * call or meeting and agreement, once archived, is kept unchanged forever.
 *
 * - Append-only: this interface has no update or delete, and the tables'
 *   triggers refuse UPDATE and DELETE (migration 0025).
 * - Tamper-evident, as a transparency log (RFC 9162): every record is a
 *   leaf of a Merkle tree (merkle.h); each append stores the new complete
 *   subtrees and a tree head signed with Ed25519, so that a participant
 *   holding a head can ask for inclusion and consistency proofs, and
 *   `revmech archive verify` (verify.h) names the first altered, removed or
 *   reordered record.
 * - Confidential at rest: the title, media type and body of each record
 *   are sealed (XSalsa20-Poly1305, crypto_secretbox, random nonce) under a
 *   key kept outside the database, in the archive key file beside the TOTP
 *   key file (archive_key_path()); the same file holds the signing key.
 * - Every read of a record's content is audited (read.archive).
 *
 * The archive knows reviews only by plain identifiers: a thread belongs to
 * a reviewed State (alpha-3), a phase (1-4) and an instrument, and names
 * the reviewing States that take part in it.  Who may read what is decided
 * by access/ (the caller asks it); this module stores and proves. */
#ifndef RM_ARCHIVE_ARCHIVE_H
#define RM_ARCHIVE_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "archive/merkle.h"

struct store;
struct buf;
struct archive_record;

/* ---- Keys ---- */

/* The archive key file that goes with a TOTP key file: "X.key" gives
 * "X.archive.key", any other name gets ".archive.key" appended.  Returns 0,
 * or -1 when out (outlen bytes) is too small. */
int archive_key_path(const char *totp_key_file, char *out, size_t outlen);
/* Loads the archive keys (two lines of 64 hex digits: the sealing key,
 * then the Ed25519 seed) from path into process memory.  With create, a
 * missing file is made (mode 0600, random keys); a file that group or
 * others may read is refused, as the TOTP key file is.  Returns 0, or -1
 * with err set. */
int archive_key_load(const char *path, int create, char *err, size_t errlen);
/* Forgets the loaded keys (tests). */
void archive_key_unload(void);
/* 1 when keys are loaded. */
int archive_key_loaded(void);
/* The public key that checks the tree heads into pk; -1 when no key is
 * loaded. */
int archive_public_key(uint8_t pk[32]);

/* ---- Threads ---- */

struct archive_thread {
	int64_t id;
	char reviewed[4];     /* alpha-3 of the State under review */
	int phase;            /* 1-4 */
	char instrument[16];  /* instruments.code, e.g. "untoc" */
	char reviewers[128];  /* comma list of the reviewing States in it */
	char created[32];
};
/* Opens a thread: its row in archive_threads and, in the same
 * transaction (the caller's: MUST be open, as for archive_append()), the
 * record that archives it (ARCHIVE_KIND_THREAD, below), so that the
 * envelope is under the signed heads.  reviewers: comma list of alpha-3
 * codes ("" none yet).  Returns the new id, or -1 with err set (no key,
 * bad code, phase, store error). */
int64_t archive_thread_open(struct store *s, const char *reviewed, int phase,
			    const char *instrument, const char *reviewers, char *err,
			    size_t errlen);
/* The row alone, not archived: for tests and benchmarks that count
 * records from 0.  A thread created so is named by `archive verify`
 * (archive_verify_threads()) until archive_threads_archive_all() (run by
 * `migrate` and `serve`) archives it.  Same arguments and result. */
int64_t archive_thread_create(struct store *s, const char *reviewed, int phase,
			      const char *instrument, const char *reviewers, char *err,
			      size_t errlen);
/* Returns 1 found (out filled), 0 none, -1 error. */
int archive_thread_get(struct store *s, int64_t id, struct archive_thread *out);
/* Splits t->reviewers into codes[0..n-1] (at most cap); returns n. */
size_t archive_thread_reviewers(const struct archive_thread *t, char codes[][4], size_t cap);
/* The thread's envelope under the tree (issue 10): archive_thread_create()
 * archives every new row as a record of kind ARCHIVE_KIND_THREAD (its
 * thread: the row's id), whose content is the row as
 * archive_thread_canonical() writes it.  archive_thread_archive() does it
 * for thread id (the caller's transaction): the record's id or -1 with
 * err set.  archive_threads_archive_all() archives, in one transaction of
 * its own, the threads written before migration 0053 (those it listed in
 * archive_rows_pending) that have no such record yet, and empties that
 * list; run by `migrate` and `serve` at start: how many, or -1 with err
 * set.  Run again, it archives none; a row written behind the archive's
 * back after 0053 is never listed, so never archived (verify names it). */
int64_t archive_thread_archive(struct store *s, int64_t id, char *err, size_t errlen);
long archive_threads_archive_all(struct store *s, char *err, size_t errlen);
/* What archive_threads_archive_all() and observation_meta_archive_all()
 * share: in one transaction, one(s, id) for each id that select (one
 * integer column, no parameter) gives -- the rows of table tbl that
 * migration 0053 listed in archive_rows_pending and that have no record
 * yet --, then tbl's pending list emptied.  How many, or -1 with err set,
 * nothing kept. */
typedef int64_t (*archive_row_fn)(struct store *s, int64_t id, char *err, size_t errlen);
long archive_pending_archive_all(struct store *s, const char *tbl, const char *select,
				archive_row_fn one, char *err, size_t errlen);
/* The canonical row of t, appended to b: for the tag
 * "revmech-archive-thread/1", id, reviewed, phase, instrument, reviewers,
 * created, each as archive_row_put_text() writes it (integers in decimal). */
void archive_thread_canonical(const struct archive_thread *t, struct buf *b);
/* A field of a canonical row: a 4-byte big-endian length, then the bytes
 * (NULL as ""); an integer in decimal ASCII. */
void archive_row_put_text(struct buf *b, const char *v);
void archive_row_put_int(struct buf *b, int64_t v);

/* ---- Records ---- */

/* The kinds of archived record. */
#define ARCHIVE_KIND_MESSAGE "message"
#define ARCHIVE_KIND_ATTACHMENT "attachment"
#define ARCHIVE_KIND_CALL "call_record"     /* notes of a call or meeting (para 36) */
#define ARCHIVE_KIND_AGREEMENT "agreement"  /* a State's agreement (paras 38-39) */
#define ARCHIVE_KIND_OBSERVATION "observation" /* a written observation or reply
						* (para 35; dialogue/observation.h) */
/* The rows archived beside the items (issue 10, migration 0053): a
 * thread's envelope (archive_threads) and the metadata of a written
 * observation (dialogue_observations; dialogue/observation.h).  Their
 * content is the canonical row, their title the table's name, their media
 * type ARCHIVE_ROW_MEDIA_TYPE and their author "TABLE:KEY" (the row's key:
 * the thread's id, the observation's record), which ties record and row
 * without opening either.  They
 * are no items of the dialogue: archive_thread_records() leaves them out,
 * and only archive_append_row() appends them. */
#define ARCHIVE_KIND_THREAD "thread"
#define ARCHIVE_KIND_OBSMETA "obs_meta"
#define ARCHIVE_ROW_THREADS "archive_threads"
#define ARCHIVE_ROW_OBSERVATIONS "dialogue_observations"
#define ARCHIVE_ROW_MEDIA_TYPE "application/vnd.revmech.row"
/* The archive thread of a review's phase that holds the agreements to its
 * list of observations (findings/agree.c).  The dialogue's threads are
 * named by instrument codes; this one is not the dialogue's (dialogue/
 * does not list it). */
#define ARCHIVE_THREAD_LIST_AGREEMENTS "obs_list"

/* What the caller archives; every string is copied.  title is the subject
 * or file name, media_type e.g. "text/plain"; both are sealed with the
 * body. */
struct archive_item {
	const char *kind;
	int64_t thread;
	const char *author;      /* the e-mail of the account that sent it */
	const char *title;
	const char *media_type;
	const void *body;
	size_t body_len;
};
/* Appends one record to the archive and signs the new tree head.  MUST run
 * inside a transaction of the caller (store_begin(): the write lock keeps
 * the tree a sequence), so that the record, its tree nodes and its head
 * are committed together with whatever the caller changes.  Inside a
 * batch of the group commit (group.h) on this thread and connection, no
 * head is signed here: the batch signs one head for all its records
 * before it commits.  Returns the
 * record's id (its leaf index, from 0), or -1 with err set (no key loaded,
 * unknown thread or kind, store error). */
int64_t archive_append(struct store *s, const struct archive_item *it, char *err,
		       size_t errlen);

/* archive_append() of the row of table (ARCHIVE_ROW_*) whose key is key,
 * as a record of kind (ARCHIVE_KIND_THREAD or _OBSMETA) in thread; row:
 * its canonical bytes.  Same transaction rule and result as
 * archive_append(). */
int64_t archive_append_row(struct store *s, const char *kind, int64_t thread, const char *table,
			   int64_t key, const void *row, size_t len, char *err, size_t errlen);

/* ---- Commitments (layout /2, migration 0053) ----
 * Every record archived since commits to its plaintext: commitment =
 * BLAKE2b-256 keyed with the record's salt over be32 len(title) || title
 * || be32 len(media_type) || media_type || body; the salt = BLAKE2b-256
 * keyed with a key derived from the archive's sealing key over
 * "revmech-archive-salt/1" 0x00 || the record's 24-byte nonce (the first
 * bytes of sealed).  Only the key's holder derives a salt: a copy of the
 * database alone does not let anyone test guesses of a short message. */
#define ARCHIVE_SALT_LEN 32
#define ARCHIVE_COMMIT_LEN 32
/* The salt of the record whose stored sealed text is sealed_hex: 0, or -1
 * (no key loaded, not a sealed text). */
int archive_record_salt(const char *sealed_hex, uint8_t salt[ARCHIVE_SALT_LEN]);
/* The commitment to (title, media_type, body) under salt into out. */
void archive_commitment(const uint8_t salt[ARCHIVE_SALT_LEN], const char *title,
			const char *media_type, const void *body, size_t body_len,
			uint8_t out[ARCHIVE_COMMIT_LEN]);
/* The hex SHA-256 of a stored sealed text (what a /2 leaf covers of it). */
void archive_sealed_digest(const char *sealed, char hex[2 * MERKLE_HASH_LEN + 1]);

/* What a participant needs, beside the plaintext, to recompute the leaf
 * of a record of layout /2 (docs/archive.md): the stored fields of the
 * envelope, the commitment, the salt and the digest of the sealed text.
 * layout 1: the record predates commitments (commitment, salt, digest
 * empty). */
struct archive_leaf_info {
	int layout;                                  /* 1 or 2 */
	char commitment[2 * ARCHIVE_COMMIT_LEN + 1];
	char salt[2 * ARCHIVE_SALT_LEN + 1];
	char sealed_sha256[2 * MERKLE_HASH_LEN + 1];
};
/* Fills out for record id (meta: its envelope, as archive_record_meta()).
 * Gives the salt: the caller has asked access/ (ACCESS_ARCHIVE_PROOF) and
 * records the read in the audit log.  Returns 1, 0 no such record, -1
 * error (no key loaded, store error). */
int archive_leaf_info_get(struct store *s, int64_t id, struct archive_record *meta,
			  struct archive_leaf_info *out);

/* archive_append() in two steps, so that what needs no write lock is done
 * before it is taken (the group commit's works: the lock is held for the
 * tree only).  archive_seal_item() checks the item, reads its thread and
 * seals title, media type and body, on any connection, outside any
 * transaction; it returns a new sealed item (the caller frees it with
 * archive_sealed_free()), or NULL with err set (no key, unknown kind or
 * thread, store error).  archive_append_sealed() is archive_append() for
 * it: same transaction rule, same result. */
struct archive_sealed;
struct archive_sealed *archive_seal_item(struct store *s, const struct archive_item *it,
					 char *err, size_t errlen);
int64_t archive_append_sealed(struct store *s, const struct archive_sealed *p, char *err,
			      size_t errlen);
void archive_sealed_free(struct archive_sealed *p);

/* A record as read back.  The sealed part (title, media_type, body) is
 * filled only by archive_read(); free with archive_record_free(). */
struct archive_record {
	int64_t id;
	char kind[16];
	char reviewed[4];
	int phase;
	char instrument[16];
	int64_t thread;
	char author[256];
	char at[32];
	char *title, *media_type;
	unsigned char *body;
	size_t body_len;
};
/* The record's envelope (no content, nothing audited): for the caller's
 * access decision.  Returns 1 found, 0 none, -1 error. */
int archive_record_meta(struct store *s, int64_t id, struct archive_record *out);
/* The record with its content opened, after recording in the audit log that
 * actor (e-mail) from ip read it.  Returns 1 found, 0 none, -1 error (no
 * key, a seal that does not open, store error) with err set.  Nothing is
 * returned unless the read was recorded. */
int archive_read(struct store *s, int64_t id, const char *actor, const char *ip,
		 struct archive_record *out, char *err, size_t errlen);
/* The same for an anonymous reader of a record the access module lets
 * anyone read (public, para 41): the read is audited in aggregate,
 * audit_public_read() (one entry per record per day), not once per read
 * (t-fix item 1).  The caller has asked access/ first. */
int archive_read_public(struct store *s, int64_t id, const char *ip, struct archive_record *out,
			char *err, size_t errlen);
void archive_record_free(struct archive_record *r);
/* The ids of the records of thread, oldest first, into a new array *ids
 * (the caller frees it); not the archived rows (ARCHIVE_KIND_THREAD,
 * _OBSMETA), which are no items of the dialogue.  Returns 0 or -1. */
int archive_thread_records(struct store *s, int64_t thread, int64_t **ids, size_t *n);

/* ---- Tree heads and proofs ---- */

struct archive_head {
	uint64_t size;                  /* records in the tree */
	uint64_t prev;                  /* the size of the head before it (0 for
					 * the first); size - 1 when it covers one
					 * record more */
	char at[32];                    /* ISO 8601 UTC */
	uint8_t root[MERKLE_HASH_LEN];
	uint8_t sig[64];                /* Ed25519 over archive_head_message() */
};
/* The bytes a head's signature covers.  A head of one record more than
 * the head before it (prev + 1 == size; and the empty head): the tag
 * "revmech-archive-head/1" 0x00, size (8 bytes, big-endian), the length of
 * at (4 bytes, big-endian), at, root.  A head of a transaction that
 * appended several records (group commit): "revmech-archive-head/2" 0x00,
 * size, prev (8 bytes, big-endian), then the same: removing a head from
 * between two others is then seen in the next one's signature.  out has
 * room for ARCHIVE_HEAD_MSG_MAX bytes; returns the length. */
#define ARCHIVE_HEAD_MSG_MAX 112
size_t archive_head_message(const struct archive_head *h, uint8_t out[ARCHIVE_HEAD_MSG_MAX]);
/* 1 when h's signature is valid under pk, else 0. */
int archive_head_check(const struct archive_head *h, const uint8_t pk[32]);
/* The latest signed head (for an empty archive: size 0, the empty root,
 * signed now).  Returns 0, or -1 (no key for the empty case, store error). */
int archive_head_latest(struct store *s, struct archive_head *out);
/* The stored head of a size.  Since group commit, a head is stored for the
 * size at the end of each transaction that appended, not for every size:
 * archive_root() gives the root of any size.  Returns 1 found, 0 none, -1
 * error. */
int archive_head_get(struct store *s, uint64_t size, struct archive_head *out);

/* The leaf hash of record id, hashed from the record as stored now, and
 * its inclusion proof in the tree of size (id < size <= the current size),
 * built from the stored nodes.  Returns 0, 1 when id or size is out of
 * range or the record is gone, -1 on a store error. */
int archive_inclusion_proof(struct store *s, int64_t id, uint64_t size,
			    uint8_t leaf[MERKLE_HASH_LEN],
			    uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len);
/* The consistency proof between sizes 0 < first <= second <= the current
 * size.  Returns 0, 1 when out of range, -1 on a store error. */
int archive_consistency_proof(struct store *s, uint64_t first, uint64_t second,
			      uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], size_t *len);
/* The root of the tree of the first size records (0 < size <= the current
 * size), from the stored complete subtrees: what a consistency or
 * inclusion proof for that size is checked against (its holder checks it
 * against the signed head it kept).  Returns 0, 1 when out of range, -1 on
 * a store error. */
int archive_root(struct store *s, uint64_t size, uint8_t out[MERKLE_HASH_LEN]);
/* The number of records (the current tree size), or -1. */
int64_t archive_size(struct store *s);

#endif
