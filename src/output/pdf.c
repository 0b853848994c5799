/* pdf.c - a summary as PDF (cairo + pango) and as HTML (issue 10; para
 * 38, R110, R147).  See pdf.h.
 *
 * The body is one Pango layout (so bidi, shaping and line breaking are
 * Pango's); pages are cut between its lines, after a first pass has
 * counted them so that each footer can say "n / N". */
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "i18n/i18n.h"
#include "output/pdf.h"
#include "util/xmalloc.h"

/* Cairo 1.16 (Debian 12) keeps a few bytes of its font subsetting and
 * fontconfig its caches until exit; LeakSanitizer would report them in
 * every sanitizer build that renders a PDF.  Only those two libraries are
 * exempted; leaks of revmech's own allocations are still reported. */
#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}
#endif

#define A4_W 595.276
#define A4_H 841.890
#define MARGIN 56.693 /* 2 cm */
#define FOOTER 28.0

/* The document's labels in its own language: an official document reads
 * the same wherever it is rendered, with or without the interface
 * catalogues. */
static const struct labels {
	const char *lang, *font, *title, *phase_fmt, *agreed, *draft, *signed_by;
} labels[] = {
	{ "ar", "Noto Naskh Arabic, Noto Sans Arabic, Noto Sans", "ملخص قائمة الملاحظات",
	  "المرحلة %s", "تمت الموافقة عليه في", "مشروع لم تتم الموافقة عليه بعد",
	  "توقيع Ed25519:" },
	{ "zh", "Noto Sans CJK SC, Noto Sans", "意见清单摘要", "第%s阶段", "商定日期：",
	  "草案，尚未商定", "Ed25519 签名：" },
	{ "en", "Noto Sans", "Summary of the list of observations", "Phase %s", "Agreed on",
	  "Draft, not yet agreed", "Ed25519 signature:" },
	{ "fr", "Noto Sans", "Résumé de la liste d'observations", "Phase %s", "Approuvé le",
	  "Projet, pas encore approuvé", "Signature Ed25519 :" },
	{ "ru", "Noto Sans", "Резюме перечня замечаний", "Этап %s", "Согласовано",
	  "Проект, ещё не согласован", "Подпись Ed25519:" },
	{ "es", "Noto Sans", "Resumen de la lista de observaciones", "Fase %s", "Aprobado el",
	  "Proyecto, aún no aprobado", "Firma Ed25519:" },
};

static const struct labels *labels_of(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(lang, labels[i].lang))
			return &labels[i];
	return NULL;
}

const char *pdf_title(const char *lang)
{
	const struct labels *l = labels_of(lang);
	return l ? l->title : NULL;
}

/* "Phase 2" in the language, its digits included. */
static void put_phase(struct buf *b, const struct labels *l, int phase)
{
	struct buf n = { 0 };
	i18n_put_year(&n, l->lang, phase);
	const char *at = strstr(l->phase_fmt, "%s");
	buf_append(b, l->phase_fmt, (size_t)(at - l->phase_fmt));
	buf_puts(b, buf_str(&n));
	buf_puts(b, at + 2);
	buf_free(&n);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int n)
{
	buf_append(closure, data, n);
	return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *layout(PangoContext *ctx, const char *font, double size, int bold,
			   PangoAlignment align, const char *text, size_t len)
{
	PangoLayout *ly = pango_layout_new(ctx);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(ly, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(ly, (int)((A4_W - 2 * MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(ly, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(ly, align);
	pango_layout_set_text(ly, text, (int)len);
	return ly;
}

static double height_of(PangoLayout *ly)
{
	int w, h;
	pango_layout_get_size(ly, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void footer(cairo_t *cr, PangoContext *ctx, const struct labels *l, int page, int pages,
		   const char *fingerprint)
{
	struct buf b = { 0 };
	i18n_put_year(&b, l->lang, page);
	buf_puts(&b, " / ");
	i18n_put_year(&b, l->lang, pages);
	PangoLayout *ly = layout(ctx, l->font, 9, 0, PANGO_ALIGN_CENTER, buf_str(&b), b.len);
	cairo_move_to(cr, MARGIN, A4_H - MARGIN + 8);
	pango_cairo_show_layout(cr, ly);
	g_object_unref(ly);
	if (fingerprint) {
		buf_reset(&b);
		buf_printf(&b, "%s %s", l->signed_by, fingerprint);
		ly = layout(ctx, l->font, 7, 0, PANGO_ALIGN_CENTER, buf_str(&b), b.len);
		cairo_move_to(cr, MARGIN, A4_H - MARGIN + 22);
		cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
		pango_cairo_show_layout(cr, ly);
		cairo_set_source_rgb(cr, 0, 0, 0);
		g_object_unref(ly);
	}
	buf_free(&b);
}

int pdf_render(const struct pdf_summary *s, struct buf *out, int *pages, char *err,
	       size_t errlen)
{
	const struct labels *l = labels_of(s->lang);
	int rc = -1, npages = 1;
	struct buf head = { 0 }, title = { 0 };
	if (!l) {
		snprintf(err, errlen, "'%s' is not a working language", s->lang ? s->lang : "");
		return -1;
	}
	size_t start = out->len;
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(to_buf, out, A4_W, A4_H);
	cairo_pdf_surface_restrict_to_version(sf, CAIRO_PDF_VERSION_1_5);
	buf_printf(&title, "%s — %s", l->title, s->state_name);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, buf_str(&title));
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "revmech");
	if (s->signature)
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_KEYWORDS, s->signature);
	if (s->fingerprint)
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_SUBJECT, s->fingerprint);
	cairo_t *cr = cairo_create(sf);
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *ctx = pango_font_map_create_context(fm);
	pango_cairo_update_context(cr, ctx);
	pango_context_set_language(ctx, pango_language_from_string(s->lang));
	/* Paragraphs of an Arabic text that start with a digit or a Latin
	 * name are still right-to-left paragraphs. */
	pango_context_set_base_dir(ctx, !strcmp(s->lang, "ar") ? PANGO_DIRECTION_RTL
							       : PANGO_DIRECTION_LTR);

	/* The header: title, State, phase, agreement. */
	PangoLayout *t = layout(ctx, l->font, 15, 1, PANGO_ALIGN_CENTER, buf_str(&title),
				title.len);
	put_phase(&head, l, s->phase);
	buf_puts(&head, "\n");
	if (s->agreed_at && *s->agreed_at) {
		buf_printf(&head, "%s ", l->agreed);
		i18n_put_date(&head, s->lang, s->agreed_at);
	} else {
		buf_puts(&head, l->draft);
	}
	PangoLayout *h = layout(ctx, l->font, 10.5, 0, PANGO_ALIGN_CENTER, buf_str(&head),
				head.len);
	PangoLayout *body = layout(ctx, l->font, 11, 0, PANGO_ALIGN_LEFT, s->text, s->len);
	pango_layout_set_spacing(body, 2 * PANGO_SCALE);
	double y0 = MARGIN, top1 = MARGIN + height_of(t) + 6 + height_of(h) + 18;
	double bottom = A4_H - MARGIN - FOOTER;

	/* Two passes over the body's lines: count the pages, then draw them. */
	for (int pass = 0; pass < 2; pass++) {
		int page = 1;
		double top = top1, offset = 0; /* layout y at the top of this page */
		if (pass == 1) {
			cairo_move_to(cr, MARGIN, y0);
			pango_cairo_show_layout(cr, t);
			cairo_move_to(cr, MARGIN, y0 + height_of(t) + 6);
			pango_cairo_show_layout(cr, h);
		}
		PangoLayoutIter *it = pango_layout_get_iter(body);
		do {
			PangoRectangle log;
			pango_layout_iter_get_line_extents(it, NULL, &log);
			double ly = (double)log.y / PANGO_SCALE, lh = (double)log.height / PANGO_SCALE;
			if (top + (ly - offset) + lh > bottom && ly > offset) {
				if (pass == 1) {
					footer(cr, ctx, l, page, npages, s->fingerprint);
					cairo_show_page(cr);
				}
				page++;
				top = MARGIN;
				offset = ly;
			}
			if (pass == 1) {
				double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
				cairo_move_to(cr, MARGIN + (double)log.x / PANGO_SCALE,
					      top + (base - offset));
				pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
			}
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
		npages = page;
	}
	footer(cr, ctx, l, npages, npages, s->fingerprint);
	cairo_show_page(cr);
	g_object_unref(t);
	g_object_unref(h);
	g_object_unref(body);
	g_object_unref(ctx);
	g_object_unref(fm);
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	cairo_status_t st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "cairo: %s", cairo_status_to_string(st));
		out->len = start;
		goto out;
	}
	if (pages)
		*pages = npages;
	rc = 0;
out:
	buf_free(&head);
	buf_free(&title);
	return rc;
}

int pdf_render_html(const struct pdf_summary *s, struct buf *out, char *err, size_t errlen)
{
	const struct labels *l = labels_of(s->lang);
	if (!l) {
		snprintf(err, errlen, "'%s' is not a working language", s->lang ? s->lang : "");
		return -1;
	}
	const char *dir = !strcmp(s->lang, "ar") ? "rtl" : "ltr";
	buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n"
		   "<meta charset=\"utf-8\">\n<title>", s->lang, dir);
	buf_put_html(out, l->title);
	buf_puts(out, " — ");
	buf_put_html(out, s->state_name);
	buf_puts(out, "</title>\n");
	if (s->fingerprint) {
		buf_puts(out, "<meta name=\"revmech-summary-sha256\" content=\"");
		buf_put_html(out, s->fingerprint);
		buf_puts(out, "\">\n");
	}
	buf_puts(out, "</head>\n<body>\n<h1>");
	buf_put_html(out, l->title);
	buf_puts(out, "</h1>\n<h2>");
	buf_put_html(out, s->state_name);
	buf_puts(out, "</h2>\n<p class=\"phase\">");
	struct buf tmp = { 0 };
	put_phase(&tmp, l, s->phase);
	buf_put_html(out, buf_str(&tmp));
	buf_puts(out, "</p>\n<p class=\"status\">");
	if (s->agreed_at && *s->agreed_at) {
		buf_put_html(out, l->agreed);
		buf_putc(out, ' ');
		buf_reset(&tmp);
		i18n_put_date(&tmp, s->lang, s->agreed_at);
		buf_put_html(out, buf_str(&tmp));
	} else {
		buf_put_html(out, l->draft);
	}
	buf_free(&tmp);
	buf_puts(out, "</p>\n");
	/* Paragraphs: runs of text between blank lines; a single newline is a
	 * line break inside the paragraph. */
	const char *p = s->text, *end = s->text + s->len;
	while (p < end) {
		while (p < end && (*p == '\n' || *p == '\r'))
			p++;
		if (p >= end)
			break;
		const char *q = p;
		while (q < end && !(q[0] == '\n' && q + 1 < end && (q[1] == '\n' ||
			(q[1] == '\r' && q + 2 < end && q[2] == '\n'))))
			q++;
		char *para = xstrndup(p, (size_t)(q - p));
		buf_puts(out, "<p>");
		for (char *line = para, *nl; line; line = nl) {
			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			buf_put_html(out, line);
			if (nl)
				buf_puts(out, "<br>\n");
		}
		buf_puts(out, "</p>\n");
		free(para);
		p = q;
	}
	buf_puts(out, "</body>\n</html>\n");
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

/* A PDF literal string "(...)" at p: escapes and balanced parentheses. */
static int literal(const char *p, const char *end, struct buf *out)
{
	int depth = 1;
	for (p++; p < end; p++) {
		char c = *p;
		if (c == '\\') {
			if (++p >= end)
				return -1;
			switch (*p) {
			case 'n': buf_putc(out, '\n'); break;
			case 'r': buf_putc(out, '\r'); break;
			case 't': buf_putc(out, '\t'); break;
			case 'b': buf_putc(out, '\b'); break;
			case 'f': buf_putc(out, '\f'); break;
			case '\r': if (p + 1 < end && p[1] == '\n') p++; break;
			case '\n': break;
			default:
				if (*p >= '0' && *p <= '7') {
					int v = 0, k = 0;
					while (k < 3 && p < end && *p >= '0' && *p <= '7')
						v = v * 8 + (*p++ - '0'), k++;
					p--;
					buf_putc(out, (char)v);
				} else {
					buf_putc(out, *p);
				}
			}
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return 0;
		buf_putc(out, c);
	}
	return -1;
}

/* A hex string "<...>" at p; UTF-16BE (FEFF) is accepted when ASCII. */
static int hexstring(const char *p, const char *end, struct buf *out)
{
	struct buf raw = { 0 };
	int hi = -1, rc = -1;
	for (p++; p < end && *p != '>'; p++) {
		int v = hexval((unsigned char)*p);
		if (v < 0) {
			if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
				continue;
			goto out;
		}
		if (hi < 0) {
			hi = v;
		} else {
			buf_putc(&raw, (char)(hi * 16 + v));
			hi = -1;
		}
	}
	if (p >= end)
		goto out;
	if (hi >= 0)
		buf_putc(&raw, (char)(hi * 16));
	const unsigned char *r = (const unsigned char *)raw.p;
	if (raw.len >= 2 && r[0] == 0xfe && r[1] == 0xff) {
		for (size_t i = 2; i + 1 < raw.len; i += 2) {
			if (r[i] != 0 || r[i + 1] >= 0x80)
				goto out; /* not ASCII: not a signature block */
			buf_putc(out, (char)r[i + 1]);
		}
	} else if (raw.len) {
		buf_append(out, raw.p, raw.len);
	}
	rc = 0;
out:
	buf_free(&raw);
	return rc;
}

int pdf_keywords(const char *pdf, size_t n, struct buf *out, char *err, size_t errlen)
{
	static const char key[] = "/Keywords";
	const char *found = NULL, *end = pdf + n;
	if (n < 5 || memcmp(pdf, "%PDF-", 5)) {
		snprintf(err, errlen, "not a PDF file");
		return -1;
	}
	for (const char *p = pdf; (p = memmem(p, (size_t)(end - p), key, sizeof key - 1));
	     p += sizeof key - 1)
		found = p;
	if (!found)
		return 0;
	const char *p = found + sizeof key - 1;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	int r = p < end && *p == '(' ? literal(p, end, out)
		: p < end && *p == '<' ? hexstring(p, end, out) : -1;
	if (r < 0) {
		snprintf(err, errlen, "the PDF's Keywords entry is malformed");
		return -1;
	}
	return 1;
}
