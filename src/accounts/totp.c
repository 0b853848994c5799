/* totp.c - see totp.h. */
#include "accounts/totp.h"

#include <assert.h>
#include <string.h>

#include <sodium.h>


static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5A827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8F1BBCDC;
		} else {
			f = b ^ c ^ d;
			k = 0xCA62C1D6;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void totp_sha1(const void *data, size_t n, unsigned char out[20])
{
	uint32_t h[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 };
	const unsigned char *p = data;
	size_t left = n;
	while (left >= 64) {
		sha1_block(h, p);
		p += 64;
		left -= 64;
	}
	unsigned char last[128];
	memset(last, 0, sizeof last);
	memcpy(last, p, left);
	last[left] = 0x80;
	size_t tail = left + 1 + 8 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)n * 8;
	for (int i = 0; i < 8; i++)
		last[tail - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha1_block(h, last);
	if (tail == 128)
		sha1_block(h, last + 64);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}

void totp_hmac_sha1(const unsigned char *key, size_t keylen, const void *msg,
		    size_t n, unsigned char out[20])
{
	unsigned char k[64], pad[64 + 20], inner[20];
	memset(k, 0, sizeof k);
	if (keylen > 64)
		totp_sha1(key, keylen, k);
	else
		memcpy(k, key, keylen);
	/* inner = H((K ^ ipad) || msg); the message is short (8 bytes) here,
	 * but any length is handled by hashing a joined copy. */
	size_t total = 64 + n;
	unsigned char small[64 + 64];
	unsigned char *joined = small;
	assert(total <= sizeof small); /* callers pass 8-byte counters */
	for (int i = 0; i < 64; i++)
		joined[i] = k[i] ^ 0x36;
	memcpy(joined + 64, msg, n);
	totp_sha1(joined, total, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	memcpy(pad + 64, inner, 20);
	totp_sha1(pad, sizeof pad, out);
	sodium_memzero(k, sizeof k);
	sodium_memzero(small, sizeof small);
}

uint32_t totp_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
		   int digits)
{
	unsigned char msg[8], mac[20];
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xFF);
		counter >>= 8;
	}
	totp_hmac_sha1(key, keylen, msg, sizeof msg, mac);
	int off = mac[19] & 0x0F;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7F) << 24) | ((uint32_t)mac[off + 1] << 16) |
		       ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	return bin % mod;
}

/* Base32: the form authenticator apps take keys in. */
static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void totp_base32(const unsigned char *in, size_t n, char *out)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

int totp_base32_decode(const char *in, unsigned char *out, size_t outlen)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t o = 0;
	for (; *in; in++) {
		int c = *in;
		if (c >= 'a' && c <= 'z')
			c -= 32;
		const char *pos = c ? strchr(b32, c) : NULL;
		if (!pos)
			return -1;
		acc = (acc << 5) | (unsigned int)(pos - b32);
		bits += 5;
		if (bits >= 8) {
			if (o >= outlen)
				return -1;
			out[o++] = (unsigned char)((acc >> (bits - 8)) & 0xFF);
			bits -= 8;
		}
	}
	return (int)o;
}

void totp_secret_new(char out[TOTP_SECRET_B32])
{
	unsigned char raw[TOTP_SECRET_BYTES];
	randombytes_buf(raw, sizeof raw);
	totp_base32(raw, sizeof raw, out);
	sodium_memzero(raw, sizeof raw);
}

int64_t totp_verify(const char *secret_b32, const char *code, int64_t now,
		    int64_t last_step)
{
	unsigned char key[64];
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return -1;
	int keylen = totp_base32_decode(secret_b32, key, sizeof key);
	if (keylen <= 0)
		return -1;
	uint32_t want = 0;
	for (int i = 0; i < 6; i++)
		want = want * 10 + (uint32_t)(code[i] - '0');
	int64_t step = now / 30, found = -1;
	for (int64_t s = step - 1; s <= step + 1; s++) {
		if (s <= last_step)
			continue;
		if (totp_hotp(key, (size_t)keylen, (uint64_t)s, 6) == want) {
			found = s;
			break;
		}
	}
	sodium_memzero(key, sizeof key);
	return found;
}
