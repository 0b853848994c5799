/* bench/summary/bench.c - time to render a summary of 1,500 words as PDF
 * (cairo + pango, src/output/pdf.c) in each of the six languages, against
 * the HTML export of the same text in the same run, and the word count
 * (ICU) and signature (Ed25519) of it.  Median of the rounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "output/pdf.h"
#include "output/words.h"
#include "util/buf.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

/* A sentence of each language, repeated (paragraph every 6) until the
 * text has exactly 1,500 words as the limit counts them. */
static const char *const sample[][3] = {
	{ "ar", "الأرجنتين", "اعتمدت الدولة الطرف قانوناً بشأن تسليم المجرمين وأوصى الخبراء بتعزيز التعاون الدولي في مجال المساعدة القانونية." },
	{ "zh", "阿根廷", "审议结束时，摘要被翻译成六种语言，缔约国通过了一项关于引渡和司法协助的法律。" },
	{ "en", "Argentina", "The State party adopted a law on extradition, and the experts recommended stronger international cooperation on mutual legal assistance." },
	{ "fr", "Argentine", "L'État partie a adopté une loi sur l'extradition et les experts ont recommandé de renforcer la coopération internationale en matière d'entraide judiciaire." },
	{ "ru", "Аргентина", "Государство-участник приняло закон о выдаче, и эксперты рекомендовали укрепить международное сотрудничество в области взаимной правовой помощи." },
	{ "es", "Argentina", "El Estado parte aprobó una ley de extradición y los expertos recomendaron reforzar la cooperación internacional en materia de asistencia judicial recíproca." },
};

static char *text_of(const char *lang, const char *sentence)
{
	struct buf b = { 0 }, chunk = { 0 };
	char err[200];
	for (int i = 0;; i++) {
		buf_reset(&chunk);
		if (i)
			buf_puts(&chunk, i % 6 ? " " : "\n\n");
		buf_puts(&chunk, sentence);
		size_t mark = b.len;
		buf_append(&b, chunk.p, chunk.len);
		if (words_count(lang, b.p, b.len, err, sizeof err) <= 1500)
			continue;
		/* Too far: back to the mark, then one code point at a time up
		 * to 1,500 words (Chinese has no spaces to cut at). */
		b.len = mark;
		for (size_t c = 0; c < chunk.len;) {
			size_t k = 1, m = b.len;
			while (c + k < chunk.len && ((unsigned char)chunk.p[c + k] & 0xc0) == 0x80)
				k++;
			buf_append(&b, chunk.p + c, k);
			if (words_count(lang, b.p, b.len, err, sizeof err) > 1500) {
				b.len = m;
				break;
			}
			c += k;
		}
		b.p[b.len] = '\0';
		break;
	}
	buf_free(&chunk);
	return buf_detach(&b);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 7;
	if (rounds < 1 || rounds > 1000 || sodium_init() < 0)
		return 1;
	double *tp = calloc((size_t)rounds, sizeof *tp), *th = calloc((size_t)rounds, sizeof *th);
	double *tc = calloc((size_t)rounds, sizeof *tc), *ts = calloc((size_t)rounds, sizeof *ts);
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	unsigned char sig[crypto_sign_BYTES];
	crypto_sign_keypair(pk, sk);
	char err[200];
	printf("%-4s %6s %6s %9s %9s %7s %9s %9s %6s\n", "lang", "words", "pages", "pdf_ms",
	       "html_ms", "pdf/html", "count_ms", "sign_ms", "KiB");
	for (size_t l = 0; l < sizeof sample / sizeof sample[0]; l++) {
		char *text = text_of(sample[l][0], sample[l][2]);
		size_t len = strlen(text);
		long words = words_count(sample[l][0], text, len, err, sizeof err);
		struct pdf_summary ps = { .lang = sample[l][0], .state_name = sample[l][1],
					  .phase = 1, .text = text, .len = len,
					  .agreed_at = "2026-12-01T10:00:00Z" };
		int pages = 0;
		size_t bytes = 0;
		for (int r = 0; r < rounds; r++) {
			struct buf out = { 0 };
			double t0 = now();
			if (pdf_render(&ps, &out, &pages, err, sizeof err) < 0) {
				fprintf(stderr, "%s\n", err);
				return 1;
			}
			double t1 = now();
			bytes = out.len;
			buf_reset(&out);
			pdf_render_html(&ps, &out, err, sizeof err);
			double t2 = now();
			words_count(sample[l][0], text, len, err, sizeof err);
			double t3 = now();
			crypto_sign_detached(sig, NULL, (const unsigned char *)text, len, sk);
			double t4 = now();
			buf_free(&out);
			tp[r] = t1 - t0, th[r] = t2 - t1, tc[r] = t3 - t2, ts[r] = t4 - t3;
		}
		double p = median(tp, rounds), h = median(th, rounds);
		printf("%-4s %6ld %6d %9.2f %9.3f %7.0fx %9.3f %9.3f %6zu\n", sample[l][0], words,
		       pages, p * 1e3, h * 1e3, p / h, median(tc, rounds) * 1e3,
		       median(ts, rounds) * 1e3, bytes / 1024);
		free(text);
	}
	free(tp);
	free(th);
	free(tc);
	free(ts);
	return 0;
}
