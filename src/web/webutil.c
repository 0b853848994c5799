/* webutil.c - see webutil.h. */
#include "web/webutil.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util/xmalloc.h"

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void web_token_new(char out[WEB_HEX_LEN])
{
	unsigned char raw[WEB_TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	hex_encode(raw, sizeof raw, out);
	sodium_memzero(raw, sizeof raw);
}

void web_token_hash(const char *token, char out[WEB_HEX_LEN])
{
	unsigned char h[WEB_TOKEN_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token),
			   NULL, 0);
	hex_encode(h, sizeof h, out);
}

int web_str_equal_ct(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

void web_time_iso(time_t t, char *out, size_t outlen)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int web_time_parse(const char *iso, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return -1;
	*out = timegm(&tm);
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int web_url_decode(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == '+') {
			*w++ = ' ';
		} else if (*r == '%') {
			int hi = hexval((unsigned char)r[1]);
			int lo = hi < 0 ? -1 : hexval((unsigned char)r[2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return 0;
}

int web_form_parse(struct web_form *f, const char *data, size_t len)
{
	memset(f, 0, sizeof *f);
	f->storage = xstrndup(data ? data : "", data ? len : 0);
	char *p = f->storage;
	while (*p && f->n < sizeof f->keys / sizeof f->keys[0]) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp = '\0';
		if (*p) {
			char *eq = strchr(p, '=');
			/* A field without '=' gets the empty string at the end
			 * of its own key (writable storage, not a literal). */
			char *val = p + strlen(p);
			if (eq) {
				*eq = '\0';
				val = eq + 1;
			}
			if (web_url_decode(p) < 0 || web_url_decode(val) < 0)
				return -1;
			f->keys[f->n] = p;
			f->vals[f->n] = val;
			f->n++;
		}
		if (!amp)
			break;
		p = amp + 1;
	}
	return 0;
}

const char *web_form_get(const struct web_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], key) == 0)
			return f->vals[i];
	return NULL;
}

void web_form_free(struct web_form *f)
{
	free(f->storage);
	memset(f, 0, sizeof *f);
}

void web_put_url(struct buf *b, const char *s)
{
	static const char digits[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, digits[c >> 4]);
			buf_putc(b, digits[c & 15]);
		}
	}
}

void web_html(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_append(b, run, (size_t)(p - run));
		p++;
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			buf_put_html(b, s ? s : "");
			break;
		}
		case 'r': {
			const char *s = va_arg(ap, const char *);
			buf_puts(b, s ? s : "");
			break;
		}
		case 'u': {
			const char *s = va_arg(ap, const char *);
			web_put_url(b, s ? s : "");
			break;
		}
		case 'd':
			buf_printf(b, "%d", va_arg(ap, int));
			break;
		case 'l':
			buf_printf(b, "%lld", va_arg(ap, long long));
			break;
		case '%':
			buf_putc(b, '%');
			break;
		default:
			assert(!"web_html: unknown conversion");
			p--;
			break;
		}
		run = p + 1;
	}
	buf_puts(b, run);
	va_end(ap);
}

void web_ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

long web_utf8_len(const char *s)
{
	long n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int extra;
		if (*p < 0x80)
			extra = 0;
		else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2)
			extra = 1;
		else if ((*p & 0xF0) == 0xE0)
			extra = 2;
		else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4)
			extra = 3;
		else
			return -1;
		p++;
		for (int i = 0; i < extra; i++, p++)
			if ((*p & 0xC0) != 0x80)
				return -1;
		n++;
	}
	return n;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void web_base32(const unsigned char *in, size_t n, char *out)
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

int web_base32_decode(const char *in, unsigned char *out, size_t outlen)
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
