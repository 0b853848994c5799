/* token.c - see token.h. */
#include "util/token.h"

#include <string.h>

#include <sodium.h>

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void token_new(char out[TOKEN_HEX_LEN])
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	hex_encode(raw, sizeof raw, out);
	sodium_memzero(raw, sizeof raw);
}

void token_hash(const char *token, char out[TOKEN_HEX_LEN])
{
	unsigned char h[TOKEN_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token),
			   NULL, 0);
	hex_encode(h, sizeof h, out);
}

int token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
