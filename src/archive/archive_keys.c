/* archive_keys.c - the archive's secrets and what uses them (see
 * archive.h): the key file beside the TOTP key (sealing key and Ed25519
 * seed), sealing and opening a record's text, the bytes a tree head's
 * signature covers, signing and checking them; and hex.  Split from
 * archive.c, which keeps the records, nodes and heads in the store. */
#include "archive/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "archive/archive_int.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* ---- Keys (like the TOTP key of accounts/account.c: a file beside the
 * database, so that a copy of the database alone reveals nothing) ---- */

static unsigned char seal_key[crypto_secretbox_KEYBYTES];
static unsigned char sign_sk[crypto_sign_SECRETKEYBYTES];
static unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
/* The key of the records' salts (layout /2): derived from the sealing key
 * (crypto_kdf, context "rmarchiv", subkey 2), never stored. */
static unsigned char salt_key[crypto_generichash_KEYBYTES];
static int keys_loaded;

int archive_key_path(const char *totp_key_file, char *out, size_t outlen)
{
	size_t n = strlen(totp_key_file);
	int w;
	if (n > 4 && strcmp(totp_key_file + n - 4, ".key") == 0)
		w = snprintf(out, outlen, "%.*s.archive.key", (int)(n - 4), totp_key_file);
	else
		w = snprintf(out, outlen, "%s.archive.key", totp_key_file);
	return w < 0 || (size_t)w >= outlen ? -1 : 0;
}

/* Writes a new key file at path: two random keys, mode 0600. */
static int key_create(const char *path, char *err, size_t errlen)
{
	unsigned char k[32], seed[crypto_sign_SEEDBYTES];
	char text[2 * 65 + 1];
	int rc = -1;
	crypto_secretbox_keygen(k);
	randombytes_buf(seed, sizeof seed);
	sodium_bin2hex(text, 65, k, sizeof k);
	text[64] = '\n';
	sodium_bin2hex(text + 65, 65, seed, sizeof seed);
	text[129] = '\n';
	/* Never a short key file, whatever moment a crash comes (issue 10). */
	if (util_file_create_private(path, text, 130, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	sodium_memzero(k, sizeof k);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(text, sizeof text);
	return rc;
}

int archive_key_load(const char *path, int create, char *err, size_t errlen)
{
	char text[160];
	unsigned char seed[crypto_sign_SEEDBYTES];
	size_t klen = 0, slen = 0;
	struct stat sb;
	int rc = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (key_create(path, err, errlen) < 0)
			return -1;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || (sb.st_mode & 077)) {
		snprintf(err, errlen, "%s: readable by group or others (chmod 600 it)", path);
		goto out;
	}
	ssize_t got = read(fd, text, sizeof text - 1);
	if (got < 129 || text[64] != '\n') {
		snprintf(err, errlen, "%s: expected two lines of 64 hex digits", path);
		goto out;
	}
	text[got] = '\0';
	if (sodium_hex2bin(seal_key, sizeof seal_key, text, 64, NULL, &klen, NULL) < 0 ||
	    klen != sizeof seal_key ||
	    sodium_hex2bin(seed, sizeof seed, text + 65, 64, NULL, &slen, NULL) < 0 ||
	    slen != sizeof seed) {
		snprintf(err, errlen, "%s: expected two lines of 64 hex digits", path);
		goto out;
	}
	crypto_sign_seed_keypair(sign_pk, sign_sk, seed);
	crypto_kdf_derive_from_key(salt_key, sizeof salt_key, 2, "rmarchiv", seal_key);
	keys_loaded = 1;
	rc = 0;
out:
	sodium_memzero(text, sizeof text);
	sodium_memzero(seed, sizeof seed);
	close(fd);
	return rc;
}

void archive_key_unload(void)
{
	sodium_memzero(seal_key, sizeof seal_key);
	sodium_memzero(sign_sk, sizeof sign_sk);
	sodium_memzero(salt_key, sizeof salt_key);
	memset(sign_pk, 0, sizeof sign_pk);
	keys_loaded = 0;
}

int archive_key_loaded(void)
{
	return keys_loaded;
}

int archive_public_key(uint8_t pk[32])
{
	if (!keys_loaded)
		return -1;
	memcpy(pk, sign_pk, sizeof sign_pk);
	return 0;
}

/* ---- Hex ---- */

static int hex_to(const char *hex, uint8_t *out, size_t n)
{
	size_t got = 0;
	if (strlen(hex) != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) < 0 || got != n)
		return -1;
	return 0;
}

int archive_hex32(const char *hex, uint8_t out[MERKLE_HASH_LEN])
{
	return hex_to(hex, out, MERKLE_HASH_LEN);
}

int archive_hex64(const char *hex, uint8_t out[64])
{
	return hex_to(hex, out, 64);
}

/* Hex of bytes that are no secret (ciphertext, hashes, signatures): a
 * table, where sodium_bin2hex takes constant time per nibble for secrets
 * (a few per cent of an append). */
void archive_int_hex_public(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* ---- Sealing: nonce || secretbox(len title || title || len type || type
 * || body), stored as hex ---- */

static void put_be32(struct buf *b, size_t n)
{
	char len[4] = { (char)(n >> 24), (char)(n >> 16), (char)(n >> 8), (char)n };
	buf_append(b, len, 4);
}

/* The plaintext a record seals and commits to: be32 len title || title ||
 * be32 len type || type || body. */
static void plain_of(struct buf *plain, const char *title, const char *media_type,
		     const void *body, size_t body_len)
{
	put_be32(plain, strlen(title));
	buf_puts(plain, title);
	put_be32(plain, strlen(media_type));
	buf_puts(plain, media_type);
	if (body_len)
		buf_append(plain, body, body_len);
}

static void salt_of(const unsigned char nonce[crypto_secretbox_NONCEBYTES],
		    uint8_t salt[ARCHIVE_SALT_LEN])
{
	static const char tag[] = "revmech-archive-salt/1"; /* with its NUL: 0x00 */
	unsigned char in[sizeof tag + crypto_secretbox_NONCEBYTES];
	memcpy(in, tag, sizeof tag);
	memcpy(in + sizeof tag, nonce, crypto_secretbox_NONCEBYTES);
	crypto_generichash(salt, ARCHIVE_SALT_LEN, in, sizeof in, salt_key, sizeof salt_key);
}

int archive_record_salt(const char *sealed_hex, uint8_t salt[ARCHIVE_SALT_LEN])
{
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	size_t got = 0;
	if (!keys_loaded || !sealed_hex || strlen(sealed_hex) < 2 * sizeof nonce ||
	    sodium_hex2bin(nonce, sizeof nonce, sealed_hex, 2 * sizeof nonce, NULL, &got, NULL) < 0 ||
	    got != sizeof nonce)
		return -1;
	salt_of(nonce, salt);
	return 0;
}

void archive_commitment(const uint8_t salt[ARCHIVE_SALT_LEN], const char *title,
			const char *media_type, const void *body, size_t body_len,
			uint8_t out[ARCHIVE_COMMIT_LEN])
{
	struct buf plain = { 0 };
	plain_of(&plain, title, media_type, body, body_len);
	crypto_generichash(out, ARCHIVE_COMMIT_LEN, (const unsigned char *)plain.p, plain.len, salt,
			   ARCHIVE_SALT_LEN);
	sodium_memzero(plain.p, plain.len);
	buf_free(&plain);
}

char *archive_int_seal(const struct archive_item *it, char commit_hex[2 * ARCHIVE_COMMIT_LEN + 1])
{
	struct buf plain = { 0 };
	uint8_t salt[ARCHIVE_SALT_LEN], commit[ARCHIVE_COMMIT_LEN];
	plain_of(&plain, it->title, it->media_type, it->body, it->body_len);
	size_t boxlen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.len;
	unsigned char *box = xmalloc(boxlen);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	/* Layout /2: the commitment to the plaintext, under a salt that only
	 * the key's holder can derive from this record's nonce. */
	salt_of(box, salt);
	crypto_generichash(commit, sizeof commit, (const unsigned char *)plain.p, plain.len, salt,
			   sizeof salt);
	archive_int_hex_public(commit_hex, commit, sizeof commit);
	sodium_memzero(salt, sizeof salt);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain.p,
			      plain.len, box, seal_key);
	sodium_memzero(plain.p, plain.len);
	buf_free(&plain);
	char *hex = xmalloc(2 * boxlen + 1);
	archive_int_hex_public(hex, box, boxlen);
	free(box);
	return hex;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int archive_int_unseal(const char *hex, struct archive_record *r)
{
	size_t hlen = strlen(hex), boxlen = hlen / 2, got = 0, plen;
	int rc = -1;
	if (hlen % 2 || boxlen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 8)
		return -1;
	unsigned char *box = xmalloc(boxlen);
	unsigned char *plain = xmalloc(boxlen);
	if (sodium_hex2bin(box, boxlen, hex, hlen, NULL, &got, NULL) < 0 || got != boxlen)
		goto out;
	plen = boxlen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	if (crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES,
				       boxlen - crypto_secretbox_NONCEBYTES, box, seal_key) < 0)
		goto out;
	size_t tl = be32(plain);
	if (tl > plen - 8)
		goto out;
	size_t ml = be32(plain + 4 + tl);
	if (ml > plen - 8 - tl)
		goto out;
	r->title = xstrndup((const char *)plain + 4, tl);
	r->media_type = xstrndup((const char *)plain + 8 + tl, ml);
	r->body_len = plen - 8 - tl - ml;
	r->body = xmalloc(r->body_len + 1);
	memcpy(r->body, plain + 8 + tl + ml, r->body_len);
	r->body[r->body_len] = '\0'; /* convenient for text; body_len is the length */
	rc = 0;
out:
	sodium_memzero(plain, boxlen);
	free(plain);
	free(box);
	return rc;
}

/* ---- Tree heads ---- */

size_t archive_head_message(const struct archive_head *h, uint8_t out[ARCHIVE_HEAD_MSG_MAX])
{
	/* /1 for a head of one record more than its predecessor (every head
	 * before group commit), /2 naming its predecessor's size, so that a
	 * head removed from between two others breaks the signature of the
	 * next one. */
	static const char tag1[] = "revmech-archive-head/1", tag2[] = "revmech-archive-head/2";
	int chained = h->size > 0 && h->prev + 1 != h->size;
	size_t n = 0, atl = strlen(h->at);
	if (atl > sizeof h->at)
		atl = sizeof h->at;
	memcpy(out, chained ? tag2 : tag1, sizeof tag1); /* with its NUL: the 0x00 separator */
	n = sizeof tag1;
	for (int i = 7; i >= 0; i--)
		out[n++] = (uint8_t)(h->size >> (8 * i));
	if (chained)
		for (int i = 7; i >= 0; i--)
			out[n++] = (uint8_t)(h->prev >> (8 * i));
	out[n++] = (uint8_t)(atl >> 24);
	out[n++] = (uint8_t)(atl >> 16);
	out[n++] = (uint8_t)(atl >> 8);
	out[n++] = (uint8_t)atl;
	memcpy(out + n, h->at, atl);
	n += atl;
	memcpy(out + n, h->root, MERKLE_HASH_LEN);
	return n + MERKLE_HASH_LEN;
}

int archive_head_check(const struct archive_head *h, const uint8_t pk[32])
{
	uint8_t msg[ARCHIVE_HEAD_MSG_MAX];
	size_t n = archive_head_message(h, msg);
	return crypto_sign_verify_detached(h->sig, msg, n, pk) == 0;
}

void archive_int_head_sign(struct archive_head *h)
{
	uint8_t msg[ARCHIVE_HEAD_MSG_MAX];
	size_t n = archive_head_message(h, msg);
	crypto_sign_detached(h->sig, NULL, msg, n, sign_sk);
}
