/* timer.c - in-process timing of one drawing of lots, for bench/draw/run.
 * Usage: timer ROSTER.csv SEEDHEX RUNS
 * Times, per run: reading and hashing the roster bytes, parsing, drawing,
 * writing the document and checking it with the verifier (rules only), as
 * `revmech draw lots` does; prints the median and minimum in ms. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lots/lots.h"
#include "util/util.h"

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

int main(int argc, char **argv)
{
	unsigned char seed[32];
	char err[1024];
	long runs;
	if (argc != 4 || lots_seed_parse(argv[2], seed) < 0 ||
	    util_parse_long(argv[3], 1, 100000, &runs) < 0) {
		fprintf(stderr, "usage: timer ROSTER.csv SEEDHEX RUNS\n");
		return 1;
	}
	double *ts = calloc((size_t)runs, sizeof *ts);
	for (long i = 0; i < runs; i++) {
		double t0 = now();
		char *data, sha[65];
		size_t len;
		struct roster r;
		struct lots_draw d;
		struct buf rep = { 0 };
		if (util_read_file(argv[1], 64u << 20, &data, &len, err, sizeof err) < 0 ||
		    roster_parse_csv(data, len, &r, err, sizeof err) < 0) {
			fprintf(stderr, "timer: %s\n", err);
			return 2;
		}
		lots_sha256_hex(data, len, sha);
		if (lots_draw_make(&r, sha, seed, &d, err, sizeof err) != LOTS_OK) {
			fprintf(stderr, "timer: %s\n", err);
			return 2;
		}
		char *json = lots_draw_to_json(&d, &r);
		if (lots_verify_json(&r, sha, NULL, json, &rep) != 0) {
			fprintf(stderr, "timer: invalid draw\n%s", buf_str(&rep));
			return 2;
		}
		ts[i] = now() - t0;
		buf_free(&rep);
		free(json);
		free(data);
		lots_draw_free(&d);
		roster_free(&r);
	}
	qsort(ts, (size_t)runs, sizeof *ts, cmp);
	printf("%.3f %.3f\n", ts[runs / 2] * 1000, ts[0] * 1000);
	free(ts);
	return 0;
}
