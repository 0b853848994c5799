/* multipart.c - see multipart.h. */
#include "web/multipart.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"
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

/* The value of parameter key (e.g. " name=\"") in a Content-Disposition
 * line, copied into out (n bytes); 0, or -1 when absent. */
static int disp_param(const char *line, size_t len, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i + kl <= len; i++)
		if ((line[i] == ' ' || line[i] == ';') && strncasecmp(line + i + 1, key, kl) == 0 &&
		    line[i + 1 + kl] == '=' && line[i + 2 + kl] == '"') {
			const char *v = line + i + 3 + kl, *e = memchr(v, '"', len - (size_t)(v - line));
			if (!e || (size_t)(e - v) >= n)
				return -1;
			memcpy(out, v, (size_t)(e - v));
			out[e - v] = '\0';
			return 0;
		}
	return -1;
}

/* One part of a body: its name, filename ("" none, has_file 0) and
 * content bytes. */
struct part {
	char name[128], filename[256];
	int has_file;
	const char *content;
	size_t len;
};

/* Calls fn for each part of data in order; stops at the closing
 * delimiter.  Returns 0, or -1 on a malformed body (or fn's -1). */
static int each_part(const char *ctype, const char *data, size_t len,
		     int (*fn)(const struct part *, void *), void *arg)
{
	char delim[80], crlf_delim[84] = "\r\n";
	if (!data || boundary_of(ctype, delim, sizeof delim) < 0)
		return -1;
	size_t dl = strlen(delim);
	memcpy(crlf_delim + 2, delim, dl + 1);
	const char *p = find(data, len, delim, dl), *end = data + len;
	if (!p)
		return -1;
	p += dl;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return -1;
		struct part pt;
		memset(&pt, 0, sizeof pt);
		int named = 0;
		for (const char *line = p; line < hend;) {
			const char *le = find(line, (size_t)(hend - line), "\r\n", 2);
			size_t ll = le ? (size_t)(le - line) : (size_t)(hend - line);
			if (ll >= 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
				named = disp_param(line, ll, "name", pt.name, sizeof pt.name) == 0;
				pt.has_file = disp_param(line, ll, "filename", pt.filename,
							 sizeof pt.filename) == 0;
			}
			line += ll + 2;
		}
		pt.content = hend + 4;
		const char *next = find(pt.content, (size_t)(end - pt.content), crlf_delim, dl + 2);
		if (!named || !next)
			return -1;
		pt.len = (size_t)(next - pt.content);
		if (fn(&pt, arg) < 0)
			return -1;
		p = next + 2 + dl;
	}
}

struct upload_fields {
	struct web_form *f;
	char *at;                   /* next free byte of f->storage */
};

static int keep_field(const struct part *pt, void *arg)
{
	struct upload_fields *u = arg;
	if (pt->has_file)
		return 0; /* the document: web_multipart_file() */
	if (memchr(pt->content, '\0', pt->len))
		return -1;
	struct web_form *f = u->f;
	if (f->n >= sizeof f->keys / sizeof f->keys[0])
		return 0;
	size_t nl = strlen(pt->name);
	f->keys[f->n] = u->at;
	memcpy(u->at, pt->name, nl + 1);
	u->at += nl + 1;
	f->vals[f->n] = u->at;
	memcpy(u->at, pt->content, pt->len);
	u->at[pt->len] = '\0';
	u->at += pt->len + 1;
	f->n++;
	return 0;
}

int web_form_parse_multipart_upload(struct web_form *f, const char *ctype, const char *data,
				    size_t len)
{
	memset(f, 0, sizeof *f);
	if (!data)
		return -1;
	/* Names and values are shorter than the body: one allocation of its
	 * size (plus terminators) holds them all. */
	f->storage = xmalloc(len + 2 * (sizeof f->keys / sizeof f->keys[0]) + 1);
	struct upload_fields u = { f, f->storage };
	if (each_part(ctype, data, len, keep_field, &u) < 0) {
		web_form_free(f);
		return -1;
	}
	return 0;
}

struct file_find {
	const char *name;
	const struct part *found;
	struct part copy;
};

static int find_file(const struct part *pt, void *arg)
{
	struct file_find *ff = arg;
	if (!ff->found && pt->has_file && strcmp(pt->name, ff->name) == 0) {
		ff->copy = *pt;
		ff->found = &ff->copy;
	}
	return 0;
}

int web_multipart_file(const char *ctype, const char *data, size_t len, const char *name,
		       const char **out, size_t *outlen, char *filename, size_t fnlen)
{
	struct file_find ff = { name, NULL, { { 0 }, { 0 }, 0, NULL, 0 } };
	*out = NULL;
	*outlen = 0;
	if (fnlen)
		filename[0] = '\0';
	if (each_part(ctype, data, len, find_file, &ff) < 0)
		return -1;
	if (!ff.found)
		return 0;
	*out = ff.found->content;
	*outlen = ff.found->len;
	if (fnlen) {
		size_t n = strlen(ff.found->filename);
		if (n >= fnlen)
			n = fnlen - 1;
		memcpy(filename, ff.found->filename, n);
		filename[n] = '\0';
	}
	return 1;
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
		/* A document (a filename is given) may hold any bytes. */
		int is_file = strstr(p, "filename=") != NULL;
		char *name = part_name(p);
		char *content = hend + 4;
		char crlf_delim[84] = "\r\n";
		memcpy(crlf_delim + 2, delim, dl + 1);
		char *next = (char *)find(content, (size_t)(end - content), crlf_delim, dl + 2);
		if (!name || !next)
			goto bad;
		int binary = memchr(content, '\0', (size_t)(next - content)) != NULL;
		*next = '\0';
		/* Text fields: UTF-8 without NUL. */
		if (!is_file && (binary || util_utf8_len(content) < 0))
			goto bad;
		if (binary) {
			/* Not a C string: left out of f, read with
			 * web_multipart_file() (bytes and length). */
			p = next + 2 + dl;
			continue;
		}
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
