/* totp.c - see totp.h. */
#include "accounts/totp.h"

#include <pthread.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>


/* liboath wants oath_init() once per process before its first use. */
static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready;

static void oath_start(void)
{
	oath_ready = oath_init() == OATH_OK;
}

uint32_t totp_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
		   int digits)
{
	char out[16];
	uint32_t v = 0;
	(void)pthread_once(&oath_once, oath_start);
	/* An impossible value (above 8 digits) when liboath refuses, so that
	 * no code can match. */
	if (!oath_ready || digits < 6 || digits > 8 ||
	    oath_hotp_generate((const char *)key, keylen, counter, (unsigned)digits, 0,
			       OATH_HOTP_DYNAMIC_TRUNCATION, out) != OATH_OK)
		return UINT32_MAX;
	for (const char *p = out; *p; p++)
		v = v * 10 + (uint32_t)(*p - '0');
	sodium_memzero(out, sizeof out);
	return v;
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
