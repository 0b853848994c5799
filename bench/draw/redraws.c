/* redraws.c - share of first redraw requests honoured (issue 12, para 28 d).
 * Usage: redraws ROSTER.csv DRAWS
 * For each of DRAWS draws of the roster (seeds 1..DRAWS), asks for every
 * slot of every review, on a fresh copy of the draw, one redraw by the
 * reviewed State (reason "other") and counts, per slot type, how many are
 * honoured; every honoured redraw is checked by the verifier.  Prints one
 * line per slot type: "role honoured total percent", then how many needed
 * a chain of reassignments in other reviews or left a recorded exception,
 * then the first refusal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "util/util.h"

static void copy_draw(const struct lots_draw *a, struct lots_draw *b)
{
	*b = *a;
	b->reviews = malloc((a->nreviews + 1) * sizeof *b->reviews);
	memcpy(b->reviews, a->reviews, a->nreviews * sizeof *b->reviews);
	b->redraws = NULL;
	b->nredraws = 0;
}

int main(int argc, char **argv)
{
	char err[1024], *data, sha[65], first_refusal[1024] = "";
	size_t len;
	long draws;
	struct roster r;
	long ok[3] = { 0 }, tot[3] = { 0 }, bad = 0, chains = 0, exceptions = 0;
	if (argc != 3 || util_parse_long(argv[2], 1, 10000, &draws) < 0) {
		fprintf(stderr, "usage: redraws ROSTER.csv DRAWS\n");
		return 1;
	}
	if (util_read_file(argv[1], 64u << 20, &data, &len, err, sizeof err) < 0 ||
	    roster_parse_csv(data, len, &r, err, sizeof err) < 0) {
		fprintf(stderr, "redraws: %s\n", err);
		return 2;
	}
	lots_sha256_hex(data, len, sha);
	for (long k = 1; k <= draws; k++) {
		unsigned char seed[32] = { 0 };
		seed[0] = (unsigned char)k;
		seed[1] = (unsigned char)(k >> 8);
		seed[31] = 0x12;
		struct lots_draw d;
		if (lots_draw_make(&r, sha, seed, &d, err, sizeof err) != LOTS_OK) {
			fprintf(stderr, "redraws: %s\n", err);
			return 2;
		}
		for (size_t i = 0; i < d.nreviews; i++)
			for (int s = 0; s < d.reviews[i].n; s++) {
				struct lots_draw c;
				copy_draw(&d, &c);
				int role = d.reviews[i].r[s].role;
				struct lots_redraw_req q = {
					.reviewed = r.v[d.reviews[i].reviewed].code,
					.replace = r.v[d.reviews[i].r[s].state].code,
					.requested_by = r.v[d.reviews[i].reviewed].code,
					.reason = LOTS_REASON_OTHER,
				};
				tot[role]++;
				if (lots_redraw(&r, &c, &q, err, sizeof err) == LOTS_OK) {
					ok[role]++;
					const struct lots_redraw *w = &c.redraws[0];
					exceptions += w->exception >= 0;
					for (int m = 1; m < w->nmoves; m++)
						if (w->moves[m].reviewed != w->reviewed) {
							chains++;
							break;
						}
					char *json = lots_draw_to_json(&c, &r);
					struct buf rep = { 0 };
					if (lots_verify_json(&r, sha, NULL, json, &rep) != 0) {
						bad++;
						fprintf(stderr, "redraws: invalid redraw:\n%s", buf_str(&rep));
					}
					buf_free(&rep);
					free(json);
				} else if (!*first_refusal) {
					snprintf(first_refusal, sizeof first_refusal, "%s", err);
				}
				lots_draw_free(&c);
			}
		lots_draw_free(&d);
	}
	for (int role = 0; role < 3; role++)
		printf("%s %ld %ld %.1f\n", lots_role_code(role), ok[role], tot[role],
		       tot[role] ? 100.0 * (double)ok[role] / (double)tot[role] : 100.0);
	printf("chains %ld exceptions %ld\n", chains, exceptions);
	printf("refusal %s\n", *first_refusal ? first_refusal : "(none)");
	free(data);
	roster_free(&r);
	return bad ? 3 : 0;
}
