/* webutil.c - see webutil.h. */
#include "web/webutil.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

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

static int is_hex_segment(const char *p, size_t n)
{
	if (n < 16)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
			return 0;
	return 1;
}

void web_path_redact(const char *path, char *out, size_t outlen)
{
	struct buf b = { 0 };
	const char *p = path, *prev = NULL;
	size_t prevlen = 0;
	while (*p) {
		if (*p == '/') {
			buf_putc(&b, '/');
			p++;
			continue;
		}
		size_t n = strcspn(p, "/");
		int after_link = prev && ((prevlen == 6 && memcmp(prev, "invite", 6) == 0) ||
					  (prevlen == 5 && memcmp(prev, "reset", 5) == 0));
		if (after_link || is_hex_segment(p, n))
			buf_puts(&b, "[redacted]");
		else
			buf_append(&b, p, n);
		prev = p;
		prevlen = n;
		p += n;
	}
	snprintf(out, outlen, "%s", b.p ? buf_str(&b) : "");
	buf_free(&b);
}

/* Length of the valid UTF-8 sequence at p (2 to 4), or 0: no overlong
 * form, no surrogate, nothing above U+10FFFF, no C1 control. */
static size_t utf8_seq(const unsigned char *p)
{
	if (p[0] >= 0xC2 && p[0] <= 0xDF && (p[1] & 0xC0) == 0x80)
		return p[0] == 0xC2 && p[1] < 0xA0 ? 0 : 2; /* U+0080-U+009F: C1 */
	if (p[0] >= 0xE0 && p[0] <= 0xEF && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F))
			return 0;
		return 3;
	}
	if (p[0] >= 0xF0 && p[0] <= 0xF4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		if ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

void web_put_log_safe(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p > 0x20 && *p < 0x7f && *p != '\\') {
			buf_putc(b, (char)*p++);
			continue;
		}
		size_t n = *p >= 0x80 ? utf8_seq(p) : 0;
		if (n) {
			buf_append(b, (const char *)p, n);
			p += n;
		} else {
			buf_printf(b, "\\x%02x", *p++);
		}
	}
}
