/* sign.c - Ed25519 signature of an agreed summary, its key file and its
 * canonical document (issue 10; R111).  See sign.h and docs/summaries.md. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "output/sign.h"
#include "util/util.h"
#include "util/xmalloc.h"

#define PACK_PREFIX "revmech-sig/1 "

int sign_key_load(const char *path, struct sign_key *k, char *err, size_t errlen)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	char hex[2 * crypto_sign_SEEDBYTES + 2];
	int rc = -1, fd = -1;
	struct stat sb;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		randombytes_buf(seed, sizeof seed);
		sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
		size_t n = strlen(hex);
		hex[n++] = '\n';
		/* Never a short key file, whatever moment a crash comes (issue
		 * 10); another process's key made meanwhile is the one read. */
		if (util_file_create_private(path, hex, n, err, errlen) < 0)
			goto out;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* A signing key others can read lets them sign forged summaries. */
	if (fstat(fd, &sb) < 0 || (sb.st_mode & 077)) {
		snprintf(err, errlen, "%s: readable by group or others (chmod 600 it)", path);
		goto out;
	}
	ssize_t got = read(fd, hex, sizeof hex - 1);
	size_t slen = 0;
	if (got < 2 * crypto_sign_SEEDBYTES ||
	    sodium_hex2bin(seed, sizeof seed, hex, 2 * crypto_sign_SEEDBYTES, NULL, &slen,
			   NULL) < 0 || slen != sizeof seed) {
		snprintf(err, errlen, "%s: expected 64 hex digits (an Ed25519 seed)", path);
		goto out;
	}
	crypto_sign_seed_keypair(k->pk, k->sk, seed);
	util_time_iso(sb.st_mtime, k->since, sizeof k->since);
	rc = 0;
out:
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(hex, sizeof hex);
	if (fd >= 0)
		close(fd);
	return rc;
}

void sign_key_wipe(struct sign_key *k)
{
	sodium_memzero(k, sizeof *k);
}

void sign_fingerprint(const unsigned char pk[SIGN_PK_BYTES], char out[SIGN_FP_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, pk, SIGN_PK_BYTES);
	sodium_bin2hex(out, SIGN_FP_LEN, h, (SIGN_FP_LEN - 1) / 2);
}

static int is_hex(const char *s);

/* An archive reference: lower-case hex, or "head:SIZE:HEX" (a signed tree
 * head) or "leaf:ID:HEX" (an archived record's leaf hash), summary.h. */
static int is_ref(const char *s)
{
	const char *p = NULL;
	if (!strncmp(s, "head:", 5) || !strncmp(s, "leaf:", 5))
		p = s + 5;
	if (!p)
		return is_hex(s);
	const char *q = p;
	while (*q >= '0' && *q <= '9')
		q++;
	if (q == p || q - p > 19 || *q != ':')
		return 0;
	return is_hex(q + 1);
}

static int is_hex(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 128 || n % 2)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

int sign_canonical(const struct sign_doc *d, struct buf *out, char *err, size_t errlen)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hh[2 * sizeof h + 1];
	if (strchr(d->agreed, '\n') || strchr(d->state, '\n') || strlen(d->state) != 3 ||
	    strlen(d->lang) != 2 || strlen(d->drafting) != 2) {
		snprintf(err, errlen, "a header field of the summary is malformed");
		return -1;
	}
	if (d->narchive > SIGN_MAX_ARCHIVE) {
		snprintf(err, errlen, "at most %d archive hashes", SIGN_MAX_ARCHIVE);
		return -1;
	}
	for (size_t i = 0; i < d->narchive; i++)
		if (!is_ref(d->archive[i])) {
			snprintf(err, errlen, "archive hash '%s' is not lower-case hex (2-128 digits), "
				 "head:SIZE:HEX or leaf:ID:HEX",
				 d->archive[i]);
			return -1;
		}
	crypto_hash_sha256(h, (const unsigned char *)d->text, d->len);
	sodium_bin2hex(hh, sizeof hh, h, sizeof h);
	buf_printf(out, SIGN_FORMAT "\nstate: %s\nphase: %d\nlang: %s\ndrafting: %s\n"
		   "version: %d\nsource-version: %d\nagreed: %s\narchive:", d->state, d->phase,
		   d->lang, d->drafting, d->version, d->source_version, d->agreed);
	for (size_t i = 0; i < d->narchive; i++)
		buf_printf(out, " %s", d->archive[i]);
	buf_printf(out, "\ntext-sha256: %s\nlength: %zu\n\n", hh, d->len);
	buf_append(out, d->text, d->len);
	return 0;
}

/* The value of header line "key: value\n" at *p (advanced past it). */
static int header(const char **p, const char *end, const char *key, char *val, size_t vlen)
{
	size_t kl = strlen(key);
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	if (!nl || (size_t)(nl - *p) < kl + 1 || memcmp(*p, key, kl) || (*p)[kl] != ':')
		return -1;
	const char *v = *p + kl + 1;
	if (v < nl && *v == ' ')
		v++;
	if ((size_t)(nl - v) >= vlen)
		return -1;
	memcpy(val, v, (size_t)(nl - v));
	val[nl - v] = '\0';
	*p = nl + 1;
	return 0;
}

void sign_doc_free(struct sign_doc *d)
{
	for (size_t i = 0; i < d->narchive; i++)
		free(d->archive[i]);
	d->narchive = 0;
}

int sign_parse(const char *doc, size_t n, struct sign_doc *d, char *err, size_t errlen)
{
	const char *p = doc, *end = doc + n;
	char v[SIGN_MAX_ARCHIVE * 130 + 16], fmt[32];
	long num;
	memset(d, 0, sizeof *d);
	static const char *const keys[] = { "state", "phase", "lang", "drafting", "version",
					    "source-version", "agreed", "archive", "text-sha256",
					    "length" };
	const char *nl = memchr(p, '\n', n);
	if (!nl || (size_t)(nl - p) >= sizeof fmt || memcmp(p, SIGN_FORMAT "\n",
							    sizeof SIGN_FORMAT) != 0) {
		snprintf(err, errlen, "not a %s document", SIGN_FORMAT);
		return -1;
	}
	p = nl + 1;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (header(&p, end, keys[i], v, sizeof v) < 0) {
			snprintf(err, errlen, "header '%s' missing or malformed", keys[i]);
			goto fail;
		}
		switch (i) {
		case 0: util_strlcpy(d->state, v, sizeof d->state); break;
		case 1: if (util_parse_long(v, 1, 4, &num) < 0) goto bad; d->phase = (int)num; break;
		case 2: util_strlcpy(d->lang, v, sizeof d->lang); break;
		case 3: util_strlcpy(d->drafting, v, sizeof d->drafting); break;
		case 4: if (util_parse_long(v, 0, 1000000, &num) < 0) goto bad; d->version = (int)num; break;
		case 5: if (util_parse_long(v, 0, 1000000, &num) < 0) goto bad;
			d->source_version = (int)num; break;
		case 6: util_strlcpy(d->agreed, v, sizeof d->agreed); break;
		case 7: {
			char *save = NULL;
			for (char *t = strtok_r(v, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
				if (d->narchive == SIGN_MAX_ARCHIVE)
					goto bad;
				d->archive[d->narchive++] = xstrdup(t);
			}
			break;
		}
		case 8: break; /* checked below against the text */
		case 9: if (util_parse_long(v, 0, 1L << 30, &num) < 0) goto bad; break;
		}
		if (i == 8) {
			unsigned char h[crypto_hash_sha256_BYTES];
			char hh[2 * sizeof h + 1];
			size_t rest;
			/* the text follows the blank line after "length" */
			const char *q = p;
			char lv[32];
			if (header(&q, end, "length", lv, sizeof lv) < 0 || q >= end || *q != '\n')
				goto bad;
			rest = (size_t)(end - q - 1);
			crypto_hash_sha256(h, (const unsigned char *)q + 1, rest);
			sodium_bin2hex(hh, sizeof hh, h, sizeof h);
			if (strcmp(hh, v)) {
				snprintf(err, errlen, "text-sha256 does not match the text");
				goto fail;
			}
		}
	}
	if (p >= end || *p != '\n')
		goto bad;
	d->text = p + 1;
	d->len = (size_t)(end - p - 1);
	return 0;
bad:
	snprintf(err, errlen, "the signed document's header is malformed");
fail:
	sign_doc_free(d);
	return -1;
}

void sign_pack(const struct sign_key *k, const char *doc, size_t n, struct buf *out)
{
	unsigned char sig[crypto_sign_BYTES];
	char pkh[2 * SIGN_PK_BYTES + 1];
	crypto_sign_detached(sig, NULL, (const unsigned char *)doc, n, k->sk);
	size_t b64 = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *e = xmalloc(b64);
	sodium_bin2base64(e, b64, (const unsigned char *)doc, n, sodium_base64_VARIANT_ORIGINAL);
	char se[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(se, sizeof se, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2hex(pkh, sizeof pkh, k->pk, sizeof k->pk);
	buf_printf(out, PACK_PREFIX "%s %s %s", e, se, pkh);
	free(e);
}

void sign_unpack_verify(const char *packed, size_t n, const unsigned char *expect_pk,
			struct sign_check *c)
{
	unsigned char sig[crypto_sign_BYTES];
	size_t pl = sizeof PACK_PREFIX - 1, slen = 0, dlen = 0;
	memset(c, 0, sizeof *c);
	if (sodium_init() < 0) {
		snprintf(c->failed, sizeof c->failed, "libsodium cannot start");
		return;
	}
	if (n < pl || memcmp(packed, PACK_PREFIX, pl)) {
		snprintf(c->failed, sizeof c->failed, "not signed: no revmech signature in it");
		return;
	}
	const char *a = packed + pl, *end = packed + n;
	const char *s1 = memchr(a, ' ', (size_t)(end - a));
	const char *s2 = s1 ? memchr(s1 + 1, ' ', (size_t)(end - s1 - 1)) : NULL;
	if (!s2) {
		snprintf(c->failed, sizeof c->failed, "signature block malformed");
		return;
	}
	size_t klen = 0;
	if (sodium_hex2bin(c->pk, sizeof c->pk, s2 + 1, (size_t)(end - s2 - 1), NULL, &klen,
			   NULL) < 0 || klen != sizeof c->pk) {
		snprintf(c->failed, sizeof c->failed, "public key malformed (64 hex digits)");
		return;
	}
	if (sodium_base642bin(sig, sizeof sig, s1 + 1, (size_t)(s2 - s1 - 1), NULL, &slen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) < 0 || slen != sizeof sig) {
		snprintf(c->failed, sizeof c->failed, "signature malformed (64 bytes of base64)");
		return;
	}
	size_t cap = (size_t)(s1 - a) / 4 * 3 + 3;
	c->doc = xmalloc(cap + 1);
	if (sodium_base642bin((unsigned char *)c->doc, cap, a, (size_t)(s1 - a), NULL, &dlen,
			      NULL, sodium_base64_VARIANT_ORIGINAL) < 0) {
		snprintf(c->failed, sizeof c->failed, "signed text malformed (not base64)");
		return;
	}
	c->doc[dlen] = '\0';
	c->ndoc = dlen;
	if (crypto_sign_verify_detached(sig, (const unsigned char *)c->doc, dlen, c->pk) != 0) {
		snprintf(c->failed, sizeof c->failed, "signature does not match the text and key: "
			 "the text, the signature or the key was altered");
		return;
	}
	if (expect_pk && sodium_memcmp(expect_pk, c->pk, sizeof c->pk) != 0) {
		char got[SIGN_FP_LEN], want[SIGN_FP_LEN];
		sign_fingerprint(c->pk, got);
		sign_fingerprint(expect_pk, want);
		snprintf(c->failed, sizeof c->failed, "signed with the key %s, not with the "
			 "Secretariat's key %s that was given: not the agreed text as the "
			 "Secretariat signed it", got, want);
		return;
	}
	c->valid = 1;
}
