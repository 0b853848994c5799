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
