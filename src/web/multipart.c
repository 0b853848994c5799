/* multipart.c - see multipart.h. */
#include "web/multipart.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xmalloc.h"

/* The boundary parameter of ctype into out; 0 or -1. */
static int boundary_of(const char *ctype, char *out, size_t outlen)
{
	const char *p = ctype ? strcasestr(ctype, "boundary=") : NULL;
	size_t n;
	if (!p)
		return -1;
	p += 9;
	if (*p == '"') {
		p++;
		n = strcspn(p, "\"");
	} else {
		n = strcspn(p, "; \t");
	}
	/* RFC 2046: 1 to 70 characters. */
	if (n == 0 || n > 70 || n + 3 > outlen)
		return -1;
	out[0] = '-';
	out[1] = '-';
	memcpy(out + 2, p, n);
	out[n + 2] = '\0';
	return 0;
}

static const char *find(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0 || hl < nl)
		return NULL;
	for (size_t i = 0; i + nl <= hl; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
			return h + i;
	return NULL;
}

/* The name="..." of a part's headers (NUL-terminated, in place). */
static char *part_name(char *headers)
{
	for (char *line = headers; line && *line;) {
		char *end = strstr(line, "\r\n");
		if (end)
			*end = '\0';
		if (strncasecmp(line, "Content-Disposition:", 20) == 0) {
			char *p = strstr(line, " name=\"");
			if (!p)
				p = strstr(line, ";name=\"");
			if (!p)
				return NULL;
			p += 7;
			char *q = strchr(p, '"');
			if (!q)
				return NULL;
			*q = '\0';
			return p;
		}
		line = end ? end + 2 : NULL;
	}
	return NULL;
}

int web_form_parse_multipart(struct web_form *f, const char *ctype, const char *data,
			     size_t len)
{
	char delim[80];
	memset(f, 0, sizeof *f);
	if (!data || boundary_of(ctype, delim, sizeof delim) < 0)
		return -1;
	size_t dl = strlen(delim);
	/* One copy: parts become NUL-terminated strings inside it. */
	f->storage = xmalloc(len + 1);
	memcpy(f->storage, data, len);
	f->storage[len] = '\0';
	char *p = f->storage, *end = f->storage + len;
	const char *first = find(p, len, delim, dl);
	if (!first)
		goto bad;
	p = (char *)first + dl;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			goto bad;
		p += 2;
		char *hend = (char *)find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			goto bad;
		*hend = '\0';
		char *name = part_name(p);
		char *content = hend + 4;
		char crlf_delim[84] = "\r\n";
		memcpy(crlf_delim + 2, delim, dl + 1);
		char *next = (char *)find(content, (size_t)(end - content), crlf_delim, dl + 2);
		if (!name || !next)
			goto bad;
		if (memchr(content, '\0', (size_t)(next - content)))
			goto bad;
		*next = '\0';
		if (f->n < sizeof f->keys / sizeof f->keys[0]) {
			f->keys[f->n] = name;
			f->vals[f->n] = content;
			f->n++;
		}
		p = next + 2 + dl;
	}
bad:
	web_form_free(f);
	return -1;
}
