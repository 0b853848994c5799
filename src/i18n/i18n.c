/* i18n.c - see i18n.h. */
#include "i18n/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "util/xmalloc.h"

static const struct i18n_lang langs[] = {
	{ "ar", "العربية", "rtl" },
	{ "zh", "中文", "ltr" },
	{ "en", "English", "ltr" },
	{ "fr", "Français", "ltr" },
	{ "ru", "Русский", "ltr" },
	{ "es", "Español", "ltr" },
};
#define NLANG (sizeof langs / sizeof langs[0])

struct entry {
	char *id;
	char *str;
};

struct catalogue {
	struct entry *slots; /* open addressing, power-of-two size */
	size_t cap;
	size_t n;
};

static struct catalogue cats[NLANG];

const struct i18n_lang *i18n_languages(size_t *n)
{
	*n = NLANG;
	return langs;
}

static int lang_index(const char *code)
{
	if (!code)
		return -1;
	for (size_t i = 0; i < NLANG; i++)
		if (strcmp(langs[i].code, code) == 0)
			return (int)i;
	return -1;
}

const struct i18n_lang *i18n_find(const char *code)
{
	int i = lang_index(code);
	return i < 0 ? NULL : &langs[i];
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void cat_put(struct catalogue *c, char *id, char *str);

static void cat_grow(struct catalogue *c)
{
	struct entry *old = c->slots;
	size_t oldcap = c->cap;
	c->cap = c->cap ? c->cap * 2 : 256;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	c->n = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].id)
			cat_put(c, old[i].id, old[i].str);
	free(old);
}

/* Takes ownership of id and str.  A later duplicate replaces the earlier. */
static void cat_put(struct catalogue *c, char *id, char *str)
{
	if ((c->n + 1) * 2 > c->cap)
		cat_grow(c);
	size_t i = (size_t)(fnv1a(id) & (c->cap - 1));
	while (c->slots[i].id) {
		if (strcmp(c->slots[i].id, id) == 0) {
			free(c->slots[i].id);
			free(c->slots[i].str);
			c->slots[i].id = id;
			c->slots[i].str = str;
			return;
		}
		i = (i + 1) & (c->cap - 1);
	}
	c->slots[i].id = id;
	c->slots[i].str = str;
	c->n++;
}

static void cat_free(struct catalogue *c)
{
	for (size_t i = 0; i < c->cap; i++) {
		free(c->slots[i].id);
		free(c->slots[i].str);
	}
	free(c->slots);
	memset(c, 0, sizeof *c);
}

/* Appends the C-style quoted string starting at p (at the opening quote) to
 * b.  Returns 0, or -1 if it is not a well-formed quoted string. */
static int po_unquote(const char *p, struct buf *b)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"')
		return -1;
	for (p++; *p && *p != '"'; p++) {
		if (*p != '\\') {
			buf_putc(b, *p);
			continue;
		}
		p++;
		switch (*p) {
		case 'n': buf_putc(b, '\n'); break;
		case 't': buf_putc(b, '\t'); break;
		case '"': buf_putc(b, '"'); break;
		case '\\': buf_putc(b, '\\'); break;
		default: return -1;
		}
	}
	if (*p != '"')
		return -1;
	for (p++; *p == ' ' || *p == '\t' || *p == '\r'; p++)
		;
	return *p == '\0' ? 0 : -1;
}

enum po_field { PO_NONE, PO_CTXT, PO_ID, PO_STR };

static void po_flush(struct catalogue *c, struct buf *id, struct buf *str, int fuzzy,
		     int have)
{
	/* The header (empty msgid), fuzzy and untranslated entries are left
	 * out: lookups then fall back to the English msgid. */
	if (have && id->len && str->len && !fuzzy)
		cat_put(c, xstrdup(buf_str(id)), xstrdup(buf_str(str)));
	buf_reset(id);
	buf_reset(str);
}

static int po_parse(struct catalogue *c, char *text, const char *path, char *err,
		    size_t errlen)
{
	struct buf id = { 0 }, str = { 0 }, ctxt = { 0 };
	enum po_field field = PO_NONE;
	int fuzzy = 0, next_fuzzy = 0, rc = -1, lineno = 0, have = 0;
	char *save = text;
	while (save && *save) {
		char *line = save;
		char *nl = strchr(line, '\n');
		if (nl) {
			*nl = '\0';
			save = nl + 1;
		} else {
			save = NULL;
		}
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (line[0] == '#') {
			if (line[1] == ',' && strstr(line, "fuzzy"))
				next_fuzzy = 1;
			continue;
		}
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			continue;
		struct buf *target = NULL;
		if (strncmp(p, "msgctxt ", 8) == 0) {
			po_flush(c, &id, &str, fuzzy, have);
			buf_reset(&ctxt);
			field = PO_CTXT;
			target = &ctxt;
			p += 7;
		} else if (strncmp(p, "msgid ", 6) == 0) {
			if (field != PO_CTXT)
				po_flush(c, &id, &str, fuzzy, have);
			fuzzy = next_fuzzy;
			next_fuzzy = 0;
			have = 1;
			field = PO_ID;
			/* Context separates homonyms: stored as ctxt\004id, the
			 * GNU gettext convention. */
			if (ctxt.len) {
				buf_append(&id, ctxt.p, ctxt.len);
				buf_putc(&id, '\004');
				buf_reset(&ctxt);
			}
			target = &id;
			p += 5;
		} else if (strncmp(p, "msgid_plural ", 13) == 0 ||
			   strncmp(p, "msgstr[", 7) == 0) {
			/* Plural forms are not used by the interface. */
			field = PO_NONE;
			continue;
		} else if (strncmp(p, "msgstr ", 7) == 0) {
			field = PO_STR;
			target = &str;
			p += 6;
		} else if (*p == '"') {
			target = field == PO_ID ? &id : field == PO_STR ? &str :
				 field == PO_CTXT ? &ctxt : NULL;
			if (!target)
				continue;
		} else {
			snprintf(err, errlen, "%s:%d: unexpected line", path, lineno);
			goto out;
		}
		if (po_unquote(p, target) < 0) {
			snprintf(err, errlen, "%s:%d: malformed string", path, lineno);
			goto out;
		}
	}
	po_flush(c, &id, &str, fuzzy, have);
	rc = 0;
out:
	buf_free(&id);
	buf_free(&str);
	buf_free(&ctxt);
	return rc;
}

int i18n_load(const char *dir, char *err, size_t errlen)
{
	int status = 0;
	for (size_t i = 0; i < NLANG; i++) {
		char path[4096], lerr[512];
		char *text = NULL;
		size_t len;
		cat_free(&cats[i]);
		snprintf(path, sizeof path, "%s/%s.po", dir, langs[i].code);
		if (util_read_file(path, 4u << 20, &text, &len, lerr, sizeof lerr) < 0) {
			snprintf(err, errlen, "%s", lerr);
			status = 1;
			continue;
		}
		int rc = po_parse(&cats[i], text, path, err, errlen);
		free(text);
		if (rc < 0)
			return -1;
	}
	return status;
}

void i18n_free(void)
{
	for (size_t i = 0; i < NLANG; i++)
		cat_free(&cats[i]);
}

const char *i18n_get(const char *lang, const char *msgid)
{
	int li = lang_index(lang);
	if (li < 0 || !cats[li].cap)
		return msgid;
	const struct catalogue *c = &cats[li];
	size_t i = (size_t)(fnv1a(msgid) & (c->cap - 1));
	while (c->slots[i].id) {
		if (strcmp(c->slots[i].id, msgid) == 0)
			return c->slots[i].str;
		i = (i + 1) & (c->cap - 1);
	}
	return msgid;
}

size_t i18n_count(const char *lang)
{
	int li = lang_index(lang);
	return li < 0 ? 0 : cats[li].n;
}

static const char *const months[NLANG][12] = {
	{ "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
	  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
	{ "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12" },
	{ "January", "February", "March", "April", "May", "June", "July", "August",
	  "September", "October", "November", "December" },
	{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	  "septembre", "octobre", "novembre", "décembre" },
	/* Russian dates use the genitive case of the month. */
	{ "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
	  "сентября", "октября", "ноября", "декабря" },
	{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	  "septiembre", "octubre", "noviembre", "diciembre" },
};

/* Writes the decimal digits of v (>= 0) in the language's digits. */
static void put_digits(struct buf *b, int li, const char *digits)
{
	static const char *const arabic_indic[10] = { "٠", "١", "٢", "٣", "٤",
						      "٥", "٦", "٧", "٨", "٩" };
	for (const char *d = digits; *d; d++) {
		if (li == 0 && *d >= '0' && *d <= '9')
			buf_puts(b, arabic_indic[*d - '0']);
		else
			buf_putc(b, *d);
	}
}

void i18n_put_date(struct buf *b, const char *lang, const char *iso)
{
	int y, m, d;
	char tail;
	int li = lang_index(lang);
	if (li < 0)
		li = 2;
	if (!iso || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31) {
		buf_put_html(b, iso ? iso : "");
		return;
	}
	char ys[16], ds[8];
	snprintf(ys, sizeof ys, "%d", y);
	snprintf(ds, sizeof ds, "%d", d);
	const char *mon = months[li][m - 1];
	switch (li) {
	case 1: /* zh */
		buf_printf(b, "%s年%s月%s日", ys, mon, ds);
		break;
	case 4: /* ru */
		buf_printf(b, "%s %s %s г.", ds, mon, ys);
		break;
	case 5: /* es */
		buf_printf(b, "%s de %s de %s", ds, mon, ys);
		break;
	default: /* ar en fr */
		put_digits(b, li, ds);
		buf_printf(b, " %s ", mon);
		put_digits(b, li, ys);
		break;
	}
}

void i18n_put_number(struct buf *b, const char *lang, long long n)
{
	static const char *const sep[NLANG] = { "٬", ",", ",", "\u202f", "\u00a0", "." };
	int li = lang_index(lang);
	if (li < 0)
		li = 2;
	char digits[32];
	unsigned long long v = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	snprintf(digits, sizeof digits, "%llu", v);
	if (n < 0)
		buf_putc(b, '-');
	size_t len = strlen(digits);
	/* Spanish groups only numbers of five digits or more (RAE). */
	int group = !(li == 5 && len <= 4);
	for (size_t i = 0; i < len; i++) {
		char one[2] = { digits[i], '\0' };
		put_digits(b, li, one);
		size_t rest = len - i - 1;
		if (group && rest && rest % 3 == 0)
			buf_puts(b, sep[li]);
	}
}

void i18n_put_year(struct buf *b, const char *lang, long long n)
{
	int li = lang_index(lang);
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", n);
	put_digits(b, li < 0 ? 2 : li, digits);
}

void i18n_put_percent(struct buf *b, const char *lang, int permille)
{
	/* Decimal separator and percent sign as each language writes them
	 * (CLDR): "70.5%", "70,5 %" (narrow no-break space in French,
	 * no-break space in Russian and Spanish), "٧٠٫٥٪". */
	static const char *const dec[NLANG] = { "٫", ".", ".", ",", ",", "," };
	static const char *const pct[NLANG] = { "٪", "%", "%", "\u202f%", "\u00a0%", "\u00a0%" };
	int li = lang_index(lang);
	if (li < 0)
		li = 2;
	if (permille < 0)
		permille = 0;
	char whole[16], tenth[4];
	snprintf(whole, sizeof whole, "%d", permille / 10);
	snprintf(tenth, sizeof tenth, "%d", permille % 10);
	put_digits(b, li, whole);
	if (permille % 10) {
		buf_puts(b, dec[li]);
		put_digits(b, li, tenth);
	}
	buf_puts(b, pct[li]);
}
