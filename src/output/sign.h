/* sign.h - the signature of an agreed summary (issue 10; para 39, R111).
 *
 * The agreed text is signed with Ed25519 (libsodium crypto_sign_detached)
 * under a key kept outside the database, in its own file beside it
 * (<db>.sign, mode 0600, like the TOTP key of accounts/account.c).  What
 * is signed is a canonical document: a header naming the summary (State,
 * phase, language, versions, who agreed and when, the archive hashes it
 * rests on) and the text, byte for byte.  The PDF carries the document,
 * the signature and the public key (docs/summaries.md), so anyone can
 * check it offline. */
#ifndef RM_OUTPUT_SIGN_H
#define RM_OUTPUT_SIGN_H

#include <stddef.h>

#include "util/buf.h"

#define SIGN_PK_BYTES 32
#define SIGN_SK_BYTES 64
#define SIGN_BYTES 64
#define SIGN_MAX_ARCHIVE 64  /* archive hashes one summary may cite */
#define SIGN_FORMAT "revmech-summary/1"

struct sign_key {
	unsigned char pk[SIGN_PK_BYTES];
	unsigned char sk[SIGN_SK_BYTES];
	/* Since when the key signs: its key file's modification time (UTC,
	 * ISO 8601), set by sign_key_load; the file is never rewritten. */
	char since[24];
};

/* The fingerprint of a public key, as the Secretariat publishes it
 * (GET /api/v1/signing-key, /signing-key) and `summary verify` names it:
 * the first 16 bytes of the key's SHA-256, 32 lower-case hex digits. */
#define SIGN_FP_LEN 33
void sign_fingerprint(const unsigned char pk[SIGN_PK_BYTES], char out[SIGN_FP_LEN]);

/* Loads the signing key from path (64 hex digits: the Ed25519 seed),
 * creating it mode 0600 when it does not exist; refuses a file that group
 * or others may read.  Returns 0, or -1 with err set.  The caller wipes
 * the key with sign_key_wipe() when done. */
int sign_key_load(const char *path, struct sign_key *k, char *err, size_t errlen);
void sign_key_wipe(struct sign_key *k);

/* What the canonical document says.  All strings are NUL-terminated
 * UTF-8 without newlines (text excepted); archive hashes are lower-case
 * hex, or "head:SIZE:HEX" / "leaf:ID:HEX" (output/summary.h,
 * summary_archive_refs). */
struct sign_doc {
	char state[4];
	int phase;
	char lang[3];
	char drafting[3];
	int version;            /* version of the lang text */
	int source_version;     /* the agreed drafting version it is (or translates) */
	char agreed[512];       /* "ARG 2026-01-02T03:04:05Z; BRA ...": who agreed, when */
	char *archive[SIGN_MAX_ARCHIVE];
	size_t narchive;
	const char *text;       /* not owned */
	size_t len;
};

/* Appends the canonical document of d to out.  Returns 0, or -1 with err
 * set (a field with a newline, a hash that is not hex). */
int sign_canonical(const struct sign_doc *d, struct buf *out, char *err, size_t errlen);
/* Parses a canonical document (doc, n bytes) into d; d->text points into
 * doc, the archive strings are the caller's to free (sign_doc_free).
 * Returns 0, or -1 with err naming the first problem. */
int sign_parse(const char *doc, size_t n, struct sign_doc *d, char *err, size_t errlen);
void sign_doc_free(struct sign_doc *d);

/* The embedded form: "revmech-sig/1 " base64(doc) " " base64(sig) " "
 * hex(pk), ASCII only, so the PDF keeps it as one literal string.
 * sign_pack signs doc with k and appends that to out. */
void sign_pack(const struct sign_key *k, const char *doc, size_t n, struct buf *out);
/* The result of checking an embedded form. */
struct sign_check {
	int valid;                        /* 1 when the signature verifies */
	char failed[300];                 /* otherwise, what failed */
	unsigned char pk[SIGN_PK_BYTES];  /* the embedded public key */
	char *doc;                        /* the signed document (caller frees) */
	size_t ndoc;
};
/* Checks packed (n bytes): decodes it, verifies the signature against the
 * embedded key and, when expect_pk is not NULL, that the key is that one
 * (otherwise c->failed names both keys' fingerprints).
 * Always fills c (c->failed says why it is not valid); the caller frees
 * c->doc with free(). */
void sign_unpack_verify(const char *packed, size_t n, const unsigned char *expect_pk,
			struct sign_check *c);

#endif
