/* seal.c - see seal.h. */
#include "response/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/store.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#define TEXT_MARK "rs1:"
#define TEXT_MARK_LEN 4
static const unsigned char blob_mark[8] = { 'r', 'm', 's', 'e', 'a', 'l', '1', '\0' };
#define OVERHEAD (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)

static unsigned char key[crypto_secretbox_KEYBYTES];

/* An operator's error (a key file, the store), English as the store's:
 * passed on through msg_internal(). */
static void key_error(char *err, size_t errlen, const char *what, const char *detail)
{
	char why[1200];
	snprintf(why, sizeof why, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
	msg_internal(err, errlen, why);
}
static int key_loaded;

void respseal_set_key(const uint8_t master[32])
{
	/* A subkey of its own: the archive's boxes never open as answers. */
	crypto_kdf_derive_from_key(key, sizeof key, 1, "rmanswer", master);
	key_loaded = 1;
}

void respseal_unload_key(void)
{
	sodium_memzero(key, sizeof key);
	key_loaded = 0;
}

int respseal_key_loaded(void)
{
	return key_loaded;
}

int respseal_load_key(const char *path, char *err, size_t errlen)
{
	char text[200];
	unsigned char master[32];
	size_t klen = 0;
	struct stat sb;
	int rc = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		key_error(err, errlen, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || (sb.st_mode & 077)) {
		key_error(err, errlen, path, "readable by group or others (chmod 600 it)");
		goto out;
	}
	ssize_t got = read(fd, text, sizeof text - 1);
	if (got < 65 || text[64] != '\n' ||
	    sodium_hex2bin(master, sizeof master, text, 64, NULL, &klen, NULL) < 0 ||
	    klen != sizeof master) {
		key_error(err, errlen, path, "expected two lines of 64 hex digits");
		goto out;
	}
	respseal_set_key(master);
	rc = 0;
out:
	sodium_memzero(text, sizeof text);
	sodium_memzero(master, sizeof master);
	close(fd);
	return rc;
}

/* nonce || MAC || ciphertext of len bytes of data into box (len + OVERHEAD). */
static void box_make(const unsigned char *data, size_t len, unsigned char *box)
{
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, data, len, box, key);
}

/* Opens box (n bytes) into a new buffer of n - OVERHEAD bytes (+1, NUL
 * terminated); NULL when it does not open. */
static unsigned char *box_open(const unsigned char *box, size_t n, size_t *len)
{
	if (!key_loaded || n < OVERHEAD)
		return NULL;
	unsigned char *p = xmalloc(n - OVERHEAD + 1);
	if (crypto_secretbox_open_easy(p, box + crypto_secretbox_NONCEBYTES,
				       n - crypto_secretbox_NONCEBYTES, box, key) < 0) {
		free(p);
		return NULL;
	}
	p[n - OVERHEAD] = '\0';
	*len = n - OVERHEAD;
	return p;
}

int respseal_text_sealed(const char *stored)
{
	return stored && !strncmp(stored, TEXT_MARK, TEXT_MARK_LEN);
}

char *respseal_seal_text(const char *text)
{
	if (!key_loaded)
		return NULL;
	size_t len = strlen(text), n = len + OVERHEAD;
	unsigned char *box = xmalloc(n);
	box_make((const unsigned char *)text, len, box);
	size_t b64 = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(TEXT_MARK_LEN + b64);
	memcpy(out, TEXT_MARK, TEXT_MARK_LEN);
	sodium_bin2base64(out + TEXT_MARK_LEN, b64, box, n, sodium_base64_VARIANT_ORIGINAL);
	free(box);
	return out;
}

char *respseal_open_text(const char *stored)
{
	if (!stored)
		return NULL;
	if (!respseal_text_sealed(stored))
		return xstrdup(stored);
	const char *b = stored + TEXT_MARK_LEN;
	size_t blen = strlen(b), n = 0;
	unsigned char *box = xmalloc(blen / 4 * 3 + 3);
	char *out = NULL;
	size_t len;
	if (sodium_base642bin(box, blen / 4 * 3 + 3, b, blen, NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) == 0)
		out = (char *)box_open(box, n, &len);
	free(box);
	/* An answer is text: a NUL inside would cut it short unseen. */
	if (out && strlen(out) != len) {
		free(out);
		out = NULL;
	}
	return out;
}

int respseal_blob_sealed(const unsigned char *stored, size_t len)
{
	return stored && len >= sizeof blob_mark && !memcmp(stored, blob_mark, sizeof blob_mark);
}

int respseal_seal_blob(const unsigned char *data, size_t len, unsigned char **out,
		       size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (!key_loaded)
		return -1;
	size_t n = sizeof blob_mark + OVERHEAD + len;
	unsigned char *p = xmalloc(n);
	memcpy(p, blob_mark, sizeof blob_mark);
	box_make(data, len, p + sizeof blob_mark);
	*out = p;
	*outlen = n;
	return 0;
}

int respseal_open_blob(const unsigned char *stored, size_t len, unsigned char **out,
		       size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (!respseal_blob_sealed(stored, len)) {
		*out = xmalloc(len ? len : 1);
		if (len)
			memcpy(*out, stored, len);
		*outlen = len;
		return 0;
	}
	*out = box_open(stored + sizeof blob_mark, len - sizeof blob_mark, outlen);
	return *out ? 0 : -1;
}

/* The keys of the plaintext rows of one answer table, collected before
 * any is updated (no update under an open cursor, on either backend). */
struct plain_row {
	char reviewed[8], question[128];
	int phase, version;
	char *text;
};

/* Seals the plaintext answers of table (responses: version unused, or
 * response_versions).  Returns the number sealed, or -1. */
static long seal_table(struct store *s, int versions)
{
	struct plain_row *rows = NULL;
	size_t n = 0, cap = 0;
	long done = -1;
	struct store_stmt *st = store_prepare(s, versions
		? "SELECT reviewed, phase, question, version, answer FROM response_versions "
		  "WHERE answer NOT LIKE 'rs1:%' ORDER BY reviewed, phase, question, version"
		: "SELECT reviewed, phase, question, 0, answer FROM responses "
		  "WHERE answer NOT LIKE 'rs1:%' ORDER BY reviewed, phase, question");
	if (!st)
		return -1;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			rows = xreallocarray(rows, cap, sizeof *rows);
		}
		struct plain_row *w = &rows[n++];
		snprintf(w->reviewed, sizeof w->reviewed, "%s", store_col_text(st, 0));
		w->phase = (int)store_col_int(st, 1);
		snprintf(w->question, sizeof w->question, "%s", store_col_text(st, 2));
		w->version = (int)store_col_int(st, 3);
		w->text = xstrdup(store_col_text(st, 4));
	}
	store_finalize(st);
	if (r != STORE_DONE)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *sealed = respseal_seal_text(rows[i].text);
		st = store_prepare_cached(s, versions
			? "UPDATE response_versions SET answer = ? WHERE reviewed = ? AND phase = ? "
			  "AND question = ? AND version = ?"
			: "UPDATE responses SET answer = ? WHERE reviewed = ? AND phase = ? AND "
			  "question = ?");
		if (!st || !sealed) {
			free(sealed);
			goto out;
		}
		store_bind_text(st, 1, sealed);
		store_bind_text(st, 2, rows[i].reviewed);
		store_bind_int(st, 3, rows[i].phase);
		store_bind_text(st, 4, rows[i].question);
		if (versions)
			store_bind_int(st, 5, rows[i].version);
		r = store_step(st);
		store_finalize(st);
		free(sealed);
		if (r != STORE_DONE || store_changes(s) != 1)
			goto out;
	}
	done = (long)n;
out:
	for (size_t i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
	return done;
}

/* Seals the plaintext documents, one at a time (each up to
 * ATTACHMENT_MAX): the ids first, then each content.  Returns the number
 * sealed, or -1. */
static long seal_documents(struct store *s)
{
	char (*ids)[40] = NULL;
	size_t n = 0, cap = 0;
	long done = -1, sealed_n = 0;
	struct store_stmt *st = store_prepare(s, "SELECT id FROM attachments ORDER BY id");
	if (!st)
		return -1;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		snprintf(ids[n++], sizeof ids[0], "%s", store_col_text(st, 0));
	}
	store_finalize(st);
	if (r != STORE_DONE)
		goto out;
	for (size_t i = 0; i < n; i++) {
		unsigned char *box = NULL;
		size_t boxlen = 0, len = 0;
		st = store_prepare(s, "SELECT content FROM attachments WHERE id = ?");
		if (!st)
			goto out;
		store_bind_text(st, 1, ids[i]);
		r = store_step(st);
		const unsigned char *p = r == STORE_ROW ? store_col_blob(st, 0, &len) : NULL;
		int plain = r == STORE_ROW && !respseal_blob_sealed(p, len);
		if (plain && respseal_seal_blob(p ? p : (const unsigned char *)"", len, &box,
						&boxlen) < 0)
			r = STORE_ERR;
		store_finalize(st);
		if (r != STORE_ROW)
			goto out;
		if (!plain)
			continue;
		st = store_prepare(s, "UPDATE attachments SET content = ? WHERE id = ?");
		if (!st) {
			free(box);
			goto out;
		}
		store_bind_blob(st, 1, box, boxlen);
		store_bind_text(st, 2, ids[i]);
		r = store_step(st);
		store_finalize(st);
		free(box);
		if (r != STORE_DONE || store_changes(s) != 1)
			goto out;
		sealed_n++;
	}
	done = sealed_n;
out:
	free(ids);
	return done;
}

long respseal_seal_all(struct store *s, char *err, size_t errlen)
{
	if (!key_loaded) {
		key_error(err, errlen, "the key that seals the responses is not loaded", NULL);
		return -1;
	}
	/* SQLite keeps a deleted or rewritten cell's bytes in the free space
	 * of its page: the plaintext replaced here is overwritten with zeros
	 * (secure_delete, for this connection's writes), not left for a
	 * copy of the file to show.  A PostgreSQL row's old version is
	 * removed by VACUUM (docs/archive.md). */
	if (store_backend(s) == STORE_BACKEND_SQLITE &&
	    store_exec(s, "PRAGMA secure_delete = ON") < 0) {
		key_error(err, errlen, "sealing the responses", store_errmsg(s));
		return -1;
	}
	if (store_begin(s) < 0) {
		key_error(err, errlen, "sealing the responses", store_errmsg(s));
		return -1;
	}
	long a = seal_table(s, 0);
	long v = a < 0 ? -1 : seal_table(s, 1);
	long d = v < 0 ? -1 : seal_documents(s);
	if (d < 0 || store_commit(s) < 0) {
		key_error(err, errlen, "sealing the responses (nothing was changed)",
			  store_errmsg(s));
		store_rollback(s);
		return -1;
	}
	return a + v + d;
}
