/* compare.c - two versions of an answer compared word by word (issue 9,
 * "a version history that can be compared"; see response.h).
 *
 * The longest common subsequence of the two token lists, after the common
 * beginning and end are cut off (an edit is usually local, so the table
 * stays small).  The table is bounded (RESPONSE_COMPARE_CELLS): a larger
 * middle is compared by lines, and a still larger one is one delete and one
 * insert, so a request never costs more than that bound. */
#include "response/response.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xmalloc.h"

void response_value_text(json_t *v, struct buf *out)
{
	size_t i;
	json_t *x;
	if (json_is_string(v)) {
		buf_puts(out, json_string_value(v));
		return;
	}
	json_array_foreach(v, i, x) {
		if (json_is_string(x)) {
			buf_printf(out, "%s\n", json_string_value(x));
		} else if (json_is_object(x)) {
			/* The fields in the order the pages edit them. */
			static const char *const keys[] = { "citation", "link", "description",
							     "priority", "mechanism", "document",
							     "date" };
			int first = 1;
			for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
				const char *t = json_string_value(json_object_get(x, keys[k]));
				if (!t)
					continue;
				buf_printf(out, "%s%s", first ? "" : " | ", t);
				first = 0;
			}
			buf_putc(out, '\n');
		}
	}
}

struct tok {
	const char *p;
	size_t n;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Splits s into words and runs of spaces (lines: up to and with each
 * newline).  New array (caller frees). */
static struct tok *split(const char *s, int lines, size_t *n)
{
	size_t cap = 16;
	struct tok *t = xmalloc(cap * sizeof *t);
	*n = 0;
	for (const char *p = s; *p;) {
		const char *q = p;
		if (lines) {
			while (*q && *q != '\n')
				q++;
			if (*q == '\n')
				q++;
		} else {
			int sp = is_space(*p);
			while (*q && is_space(*q) == sp)
				q++;
		}
		if (*n == cap) {
			cap *= 2;
			t = xrealloc(t, cap * sizeof *t);
		}
		t[(*n)++] = (struct tok){ p, (size_t)(q - p) };
		p = q;
	}
	return t;
}

static int same(const struct tok *a, const struct tok *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* Appends text of op, merged with the last run when it has the same op. */
static void run(json_t *out, const char *op, const char *p, size_t n)
{
	if (!n)
		return;
	json_t *last = json_array_get(out, json_array_size(out) - 1);
	if (last && strcmp(json_string_value(json_object_get(last, "op")), op) == 0) {
		struct buf b = { 0 };
		buf_puts(&b, json_string_value(json_object_get(last, "text")));
		buf_append(&b, p, n);
		json_object_set_new(last, "text", json_stringn(buf_str(&b), b.len));
		buf_free(&b);
		return;
	}
	json_array_append_new(out, json_pack("{s:s,s:s%}", "op", op, "text", p, n));
}

/* The runs of a[0..na) against b[0..nb), or 0 when the table would be
 * larger than the bound (nothing appended then). */
static int lcs(json_t *out, const struct tok *a, size_t na, const struct tok *b, size_t nb)
{
	if ((na + 1) > (size_t)RESPONSE_COMPARE_CELLS / (nb + 1))
		return 0;
	/* L[i][j]: the LCS length of a[i..] and b[j..]. */
	size_t w = nb + 1;
	uint32_t *L = xcalloc((na + 1) * w, sizeof *L);
	for (size_t i = na; i-- > 0;)
		for (size_t j = nb; j-- > 0;)
			L[i * w + j] = same(&a[i], &b[j]) ? L[(i + 1) * w + j + 1] + 1
				: L[(i + 1) * w + j] >= L[i * w + j + 1] ? L[(i + 1) * w + j]
				: L[i * w + j + 1];
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && same(&a[i], &b[j])) {
			run(out, "equal", a[i].p, a[i].n);
			i++, j++;
		} else if (i < na && (j == nb || L[(i + 1) * w + j] >= L[i * w + j + 1])) {
			/* What went before what came in its place. */
			run(out, "delete", a[i].p, a[i].n);
			i++;
		} else {
			run(out, "insert", b[j].p, b[j].n);
			j++;
		}
	}
	free(L);
	return 1;
}

/* The span of tokens t[0..n) as one piece of text. */
static void span(const struct tok *t, size_t n, const char **p, size_t *len)
{
	*p = n ? t[0].p : "";
	*len = n ? (size_t)(t[n - 1].p + t[n - 1].n - t[0].p) : 0;
}

static void compare(json_t *out, const char *a, size_t alen, const char *b, size_t blen,
		    int lines)
{
	char *ca = xmalloc(alen + 1), *cb = xmalloc(blen + 1);
	memcpy(ca, a, alen);
	ca[alen] = '\0';
	memcpy(cb, b, blen);
	cb[blen] = '\0';
	size_t na, nb, pre = 0, suf = 0;
	struct tok *ta = split(ca, lines, &na), *tb = split(cb, lines, &nb);
	while (pre < na && pre < nb && same(&ta[pre], &tb[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && same(&ta[na - 1 - suf], &tb[nb - 1 - suf]))
		suf++;
	const char *p;
	size_t n;
	span(ta, pre, &p, &n);
	/* Offsets into a and b: the texts outlive the copies. */
	run(out, "equal", n ? a + (p - ca) : "", n);
	if (!lcs(out, ta + pre, na - pre - suf, tb + pre, nb - pre - suf)) {
		const char *pa, *pb;
		size_t la, lb;
		span(ta + pre, na - pre - suf, &pa, &la);
		span(tb + pre, nb - pre - suf, &pb, &lb);
		if (!lines) {
			compare(out, la ? a + (pa - ca) : "", la, lb ? b + (pb - cb) : "", lb, 1);
		} else {
			run(out, "delete", la ? a + (pa - ca) : "", la);
			run(out, "insert", lb ? b + (pb - cb) : "", lb);
		}
	}
	span(ta + na - suf, suf, &p, &n);
	run(out, "equal", n ? a + (p - ca) : "", n);
	free(ta);
	free(tb);
	free(ca);
	free(cb);
}

json_t *response_compare_text(const char *a, const char *b)
{
	json_t *out = json_array();
	a = a ? a : "";
	b = b ? b : "";
	compare(out, a, strlen(a), b, strlen(b), 0);
	return out;
}
