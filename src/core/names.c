/* names.c - State names sorted by the collation of the page language
 * (ICU); see names.h for the threading rules. */
#include "core/names.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "core/refdata.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

enum { NLANG = 6 };
static const char *const langs[NLANG] = { "ar", "zh", "en", "fr", "ru", "es" };
#define LANG_EN 2

/* One collator per language, opened once and never changed afterwards:
 * callers only clone it.  NULL if ICU could not open it. */
static UCollator *masters[NLANG];
static pthread_once_t masters_once = PTHREAD_ONCE_INIT;

static void masters_open(void)
{
	for (int i = 0; i < NLANG; i++) {
		UErrorCode st = U_ZERO_ERROR;
		masters[i] = ucol_open(langs[i], &st);
		if (U_FAILURE(st)) {
			ucol_close(masters[i]);
			masters[i] = NULL;
		}
	}
}

int names_lang_index(const char *lang)
{
	for (int i = 0; lang && i < NLANG; i++)
		if (!strcmp(lang, langs[i]))
			return i;
	return -1;
}

/* A private collator for lang (English if lang is not one of the six);
 * the caller closes it with ucol_close().  NULL if ICU fails. */
static UCollator *collator_get(const char *lang)
{
	int i = names_lang_index(lang);
	UErrorCode st = U_ZERO_ERROR;
	pthread_once(&masters_once, masters_open);
	if (i < 0)
		i = LANG_EN;
	if (!masters[i])
		return NULL;
	UCollator *c = ucol_clone(masters[i], &st);
	if (U_FAILURE(st)) {
		ucol_close(c);
		return NULL;
	}
	return c;
}

int names_compare(const char *lang, const char *a, const char *b)
{
	UCollator *c = collator_get(lang);
	UErrorCode st = U_ZERO_ERROR;
	if (!c)
		return strcmp(a, b);
	UCollationResult r = ucol_strcollUTF8(c, a, -1, b, -1, &st);
	ucol_close(c);
	if (U_FAILURE(st))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

struct keyed {
	uint8_t *key; /* ICU sort key, NUL-terminated */
	size_t idx;   /* position in the input: ties keep their order */
};

static int keyed_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int r = strcmp((const char *)a->key, (const char *)b->key);
	if (r)
		return r;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The sort key of UTF-8 s, in a new buffer the caller frees; ill-formed
 * bytes count as U+FFFD.  *u and *ucap are a UTF-16 scratch buffer reused
 * between calls.  NULL if ICU fails. */
static uint8_t *sort_key(const UCollator *c, const char *s, UChar **u, int32_t *ucap)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0, klen;
	u_strFromUTF8WithSub(*u, *ucap, &ulen, s, -1, 0xFFFD, NULL, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || ulen >= *ucap) {
		*ucap = ulen + 1;
		*u = xreallocarray(*u, (size_t)*ucap, sizeof **u);
		st = U_ZERO_ERROR;
		u_strFromUTF8WithSub(*u, *ucap, &ulen, s, -1, 0xFFFD, NULL, &st);
	}
	if (U_FAILURE(st))
		return NULL;
	klen = ucol_getSortKey(c, *u, ulen, NULL, 0);
	if (klen <= 0)
		return NULL;
	uint8_t *k = xmalloc((size_t)klen);
	if (ucol_getSortKey(c, *u, ulen, k, klen) != klen) {
		free(k);
		return NULL;
	}
	return k;
}

int names_sort(const char *lang, void *base, size_t n, size_t size,
	       const char *(*key)(const void *item))
{
	int rc = -1;
	struct keyed *ks = NULL;
	UChar *u = NULL;
	int32_t ucap = 0;
	size_t made = 0;
	unsigned char *tmp = NULL, *b = base;
	if (n < 2)
		return 0;
	UCollator *c = collator_get(lang);
	if (!c)
		return -1;
	ks = xcalloc(n, sizeof *ks);
	for (; made < n; made++) {
		ks[made].idx = made;
		ks[made].key = sort_key(c, key(b + made * size), &u, &ucap);
		if (!ks[made].key)
			goto out;
	}
	qsort(ks, n, sizeof *ks, keyed_cmp);
	tmp = xreallocarray(NULL, n, size);
	for (size_t i = 0; i < n; i++)
		memcpy(tmp + i * size, b + ks[i].idx * size, size);
	memcpy(b, tmp, n * size);
	rc = 0;
out:
	for (size_t i = 0; i < made; i++)
		free(ks[i].key);
	free(ks);
	free(tmp);
	free(u);
	ucol_close(c);
	return rc;
}

static const char *string_key(const void *item)
{
	return *(const char *const *)item;
}

int names_sort_strings(const char *lang, const char **v, size_t n)
{
	return names_sort(lang, v, n, sizeof *v, string_key);
}

struct code_name {
	const char *code;
	char name[256];
};

static const char *code_name_key(const void *item)
{
	return ((const struct code_name *)item)->name;
}

static int by_code(const void *pa, const void *pb)
{
	return strcmp(((const struct code_name *)pa)->code, ((const struct code_name *)pb)->code);
}

int names_sort_codes(struct store *s, const char *lang, const char **v, size_t n)
{
	int rc = -1;
	size_t known = 0, unknown = 0;
	struct code_name *cn;
	if (n < 2)
		return 0;
	/* Parties first (sorted by name), then the codes that are not. */
	cn = xcalloc(n, sizeof *cn);
	for (size_t i = 0; i < n; i++) {
		struct code_name e = { .code = v[i] };
		if (refdata_state_name(s, v[i], lang, e.name, sizeof e.name) < 0) {
			cn[n - 1 - unknown++] = e;
		} else {
			cn[known++] = e;
		}
	}
	if (names_sort(lang, cn, known, sizeof *cn, code_name_key) < 0)
		goto out;
	qsort(cn + known, unknown, sizeof *cn, by_code);
	for (size_t i = 0; i < n; i++)
		v[i] = cn[i].code;
	rc = 0;
out:
	free(cn);
	return rc;
}

static const char *entry_key(const void *item)
{
	return ((const struct names_entry *)item)->name;
}

int names_list_parties(struct store *s, const char *lang, struct names_entry **out,
		       size_t *n)
{
	int rc = -1, step;
	size_t len = 0, cap = 0;
	struct names_entry *v = NULL;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT p.code, p.name, n.name FROM parties p LEFT JOIN party_names n "
		"ON n.party = p.code AND n.lang = ? ORDER BY p.code");
	if (!st)
		return -1;
	store_bind_text(st, 1, lang ? lang : "en");
	while ((step = store_step(st)) == STORE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 256;
			v = xreallocarray(v, cap, sizeof *v);
		}
		struct names_entry *e = &v[len++];
		int have = !store_col_is_null(st, 2);
		util_strlcpy(e->code, store_col_text(st, 0), sizeof e->code);
		util_strlcpy_utf8(e->name, store_col_text(st, have ? 2 : 1), sizeof e->name);
		e->fallback = !have;
	}
	store_finalize(st);
	if (step < 0 || names_sort(lang, v, len, sizeof *v, entry_key) < 0)
		goto out;
	*out = v;
	*n = len;
	v = NULL;
	rc = 0;
out:
	free(v);
	return rc;
}
