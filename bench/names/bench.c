/* bench.c - cost of the State lists sorted by collation (core/names)
 * against the same lists in code order without ICU, on the shipped data.
 * Prints one line per measure: microseconds per call, median of rounds. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/names.h"
#include "core/refdata.h"
#include "store/store.h"
#include "util/util.h"

static const char *const langs[6] = { "ar", "zh", "en", "fr", "ru", "es" };

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#define ROUNDS 15

/* Median over ROUNDS of the time per call of f(arg), calls per round. */
static double median_us(void (*f)(void *), void *arg, int calls)
{
	double r[ROUNDS];
	for (int k = 0; k < ROUNDS; k++) {
		double t = now_us();
		for (int i = 0; i < calls; i++)
			f(arg);
		r[k] = (now_us() - t) / calls;
	}
	qsort(r, ROUNDS, sizeof r[0], cmp_double);
	return r[ROUNDS / 2];
}

struct ctx {
	struct store *s;
	const char *lang;
	const char *names[256];
	const char *work[256];
	size_t n;
};

static void do_list(void *arg)
{
	struct ctx *c = arg;
	struct names_entry *v;
	size_t n;
	if (names_list_parties(c->s, c->lang, &v, &n) < 0)
		abort();
	free(v);
}

/* The baseline: the same rows in code order, no collation. */
static void do_list_by_code(void *arg)
{
	struct ctx *c = arg;
	struct names_entry *v = calloc(256, sizeof *v);
	size_t n = 0;
	struct store_stmt *st = store_prepare_cached(c->s,
		"SELECT p.code, p.name, n.name FROM parties p LEFT JOIN party_names n "
		"ON n.party = p.code AND n.lang = ? ORDER BY p.code");
	store_bind_text(st, 1, c->lang);
	while (n < 256 && store_step(st) == STORE_ROW) {
		util_strlcpy(v[n].code, store_col_text(st, 0), sizeof v[n].code);
		util_strlcpy_utf8(v[n].name, store_col_text(st, 2), sizeof v[n].name);
		n++;
	}
	store_finalize(st);
	free(v);
}

static void do_sort(void *arg)
{
	struct ctx *c = arg;
	memcpy(c->work, c->names, c->n * sizeof c->names[0]);
	if (names_sort_strings(c->lang, c->work, c->n) < 0)
		abort();
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void do_sort_bytes(void *arg)
{
	struct ctx *c = arg;
	memcpy(c->work, c->names, c->n * sizeof c->names[0]);
	qsort(c->work, c->n, sizeof c->work[0], by_bytes);
}

static void do_name(void *arg)
{
	struct ctx *c = arg;
	char out[256];
	if (refdata_state_name(c->s, "GBR", c->lang, out, sizeof out) != 0)
		abort();
}

static void do_compare(void *arg)
{
	struct ctx *c = arg;
	(void)names_compare(c->lang, c->names[0], c->names[1]);
}

struct thr {
	struct ctx c;
	double us;
};

static void *thread_sorts(void *arg)
{
	struct thr *t = arg;
	t->us = median_us(do_sort, &t->c, 200);
	return NULL;
}

int main(int argc, char **argv)
{
	char err[600], path[600];
	if (argc != 3) {
		fprintf(stderr, "usage: bench DATADIR TMPDIR\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/names.db", argv[2]);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	if (!s || store_migrate(s) < 0 || refdata_load(s, argv[1], err, sizeof err) < 0) {
		fprintf(stderr, "bench: %s\n", s ? err : err);
		return 1;
	}
	printf("%-4s %12s %12s %7s %12s %12s %7s %10s %10s\n", "lang", "list_us", "bycode_us",
	       "ratio", "sort198_us", "strcmp_us", "ratio", "name_us", "compare_us");
	for (int l = 0; l < 6; l++) {
		struct ctx c = { .s = s, .lang = langs[l] };
		struct names_entry *v;
		if (names_list_parties(s, langs[l], &v, &c.n) < 0)
			return 1;
		for (size_t i = 0; i < c.n; i++)
			c.names[i] = v[c.n - 1 - i].name;
		double list = median_us(do_list, &c, 50), code = median_us(do_list_by_code, &c, 50);
		double sort = median_us(do_sort, &c, 200), bytes = median_us(do_sort_bytes, &c, 200);
		double name = median_us(do_name, &c, 2000), cmp = median_us(do_compare, &c, 2000);
		printf("%-4s %12.1f %12.1f %7.2f %12.1f %12.1f %7.2f %10.2f %10.2f\n", langs[l],
		       list, code, list / code, sort, bytes, sort / bytes, name, cmp);
		free(v);
	}
	/* Two threads sorting at once (the machine has two cores): no lock, so
	 * each should take about as long as one alone. */
	struct names_entry *v[2];
	struct thr t[2];
	pthread_t th[2];
	for (int k = 0; k < 2; k++) {
		memset(&t[k], 0, sizeof t[k]);
		t[k].c.lang = k ? "zh" : "fr";
		if (names_list_parties(s, t[k].c.lang, &v[k], &t[k].c.n) < 0)
			return 1;
		for (size_t i = 0; i < t[k].c.n; i++)
			t[k].c.names[i] = v[k][i].name;
	}
	double alone = median_us(do_sort, &t[0].c, 200);
	for (int k = 0; k < 2; k++)
		pthread_create(&th[k], NULL, thread_sorts, &t[k]);
	for (int k = 0; k < 2; k++)
		pthread_join(th[k], NULL);
	printf("threads: fr sort198 alone %.1f us; fr and zh in two threads at once %.1f and "
	       "%.1f us\n", alone, t[0].us, t[1].us);
	free(v[0]);
	free(v[1]);
	store_close(s);
	return 0;
}
