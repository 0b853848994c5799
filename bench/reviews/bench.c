/* bench/reviews/bench.c - the responses under load (issue 9 benchmark).
 *
 *   bench setup DB CLIENTS OUT   every reviewed State of the stored draw gets
 *                                phase 1 and its cluster-1 questionnaires
 *                                opened and every due question answered;
 *                                CLIENTS experts (round robin over the
 *                                States) get an API token; OUT lists, per
 *                                expert, its token, State and the free-text
 *                                questions it owns (no two experts share one)
 *                                and a working language of its review
 *   bench direct DB OUT ROUNDS THINK   each expert, in its own thread with its own
 *                                connection, ROUNDS times opens its review's
 *                                questionnaire and answers, then saves one
 *                                of its answers: the domain calls the API
 *                                makes, without HTTP
 *   bench http PORT OUT ROUNDS THINK   the same through the JSON API, one
 *                                keep-alive connection per expert, each
 *                                from its own loopback address
 *
 * Before each action an expert pauses uniformly 0..2 x THINK ms (its own
 * seeded sequence, the same in both runs): people read and type.
 * direct and http print p50 and p99 (ms) of "open" and "save" on one line. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/account.h"
#include "accounts/apitoken.h"
#include "questionnaire/qdef.h"
#include "response/response.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"

#define MAXQ 64

struct client {
	char token[TOKEN_HEX_LEN];
	char state[4];
	char lang[3];               /* a working language of its review */
	char q[MAXQ][64];
	int ver[MAXQ];
	size_t nq;
	/* results */
	double *open_ms, *save_ms;
	size_t nopen, nsave, conflicts, errors;
	const char *db;
	int port, rounds, index, think_ms;
	unsigned seed;
};

/* An expert's pause before its next action: uniform in [0, 2 x think_ms],
 * from the client's own seed, so that direct and http runs wait alike. */
static void think(struct client *c)
{
	if (c->think_ms <= 0)
		return;
	long ms = (long)(rand_r(&c->seed) % (unsigned)(2 * c->think_ms + 1));
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int die(const char *what, const char *why)
{
	fprintf(stderr, "bench: %s: %s\n", what, why);
	exit(1);
}

static json_t *value_for(const struct qdef_question *q, int n)
{
	char text[128];
	switch (q->type) {
	case QDEF_YES_NO_PARTLY: return json_string("yes");
	case QDEF_FREE_TEXT:
		snprintf(text, sizeof text, "Réponse de référence, version %d.", n);
		return json_string(text);
	case QDEF_LEGISLATION_REFS:
		return json_pack("[{s:s,s:s}]", "citation", "Penal Code, art. 1", "link",
				 "https://legislation.example.org/penal-code");
	case QDEF_ATTACHMENTS: return json_array();
	case QDEF_TA_NEEDS:
		return json_pack("[{s:s,s:s}]", "description", "Training of prosecutors",
				 "priority", "high");
	}
	return json_null();
}

/* ---- setup ---- */

static int setup(const char *db, int nclients, const char *out)
{
	char err[600];
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s)
		die(db, err);
	if (store_exec(s, "PRAGMA synchronous = OFF") != 0 ||
	    store_exec(s, "UPDATE questionnaires SET status = 'adopted', "
			  "decision = 'CTOC/COP/BENCH/1', adopted_on = '2026-01-01'") != 0)
		die("adopt", store_errmsg(s));
	for (int c = 1; c <= 3; c++)
		if (phase_open(s, c, 1, "bench", NULL, NULL, err, sizeof err) < 0)
			die("phase_open", err);
	struct store_stmt *st = store_prepare(s, "SELECT r.reviewed FROM lots_reviews r JOIN "
		"lots_draws d ON d.id = r.draw_id WHERE d.status = 'current' ORDER BY r.reviewed");
	char (*states)[4] = calloc(256, 4);
	size_t nstates = 0;
	while (st && store_step(st) == STORE_ROW && nstates < 256)
		snprintf(states[nstates++], 4, "%s", store_col_text(st, 0));
	store_finalize(st);
	if (nstates == 0)
		die("setup", "no reviews in the stored draw");
	struct client *cl = calloc((size_t)nclients, sizeof *cl);
	long answers = 0;
	for (size_t i = 0; i < nstates; i++) {
		struct response_review rv;
		struct response_qns qs = { 0 };
		if (response_review_load(s, states[i], 1, &rv) != 1)
			die(states[i], "no review");
		if (response_open(s, &rv, "bench", err, sizeof err) < 0)
			die(states[i], err);
		if (response_review_load(s, states[i], 1, &rv) != 1 ||
		    response_qns_load(s, &rv, &qs) < 0)
			die(states[i], "questionnaires");
		const char *lang = rv.nlanguages ? rv.languages[0] : "en";
		/* The experts of this State: clients i, i + nstates, ... */
		size_t mine[8], nmine = 0;
		for (size_t k = i; k < (size_t)nclients && nmine < 8; k += nstates)
			mine[nmine++] = k;
		size_t nfree = 0;
		json_t *given = json_object();
		for (size_t n = 0; n < qs.n; n++) {
			const struct qdef *d = qs.q[n].def;
			for (size_t k = 0; k < d->nsections; k++) {
				if (d->sections[k].uncac_only && rv.uncac_party)
					continue;
				for (size_t j = 0; j < d->sections[k].nquestions; j++) {
					const struct qdef_question *q =
						&d->questions[d->sections[k].first_question + j];
					struct response_question where;
					if (response_question_find(&qs, q->id, &where) != 1)
						continue;
					where.applies = 1; /* its section applies: checked above */
					if (!response_question_due(&qs, &where, given))
						continue;
					json_t *v = value_for(q, 1);
					int nv = 0;
					enum response_rc rc = response_save(s, &rv, &qs, q->id, 0, lang, v,
									   NULL, "bench", &nv, NULL,
									   err, sizeof err);
					if (rc == RESPONSE_OK)
						json_object_set_new(given, q->id,
								    json_pack("{s:O}", "value", v));
					json_decref(v);
					if (rc != RESPONSE_OK)
						die(q->id, err);
					answers++;
					if (q->type == QDEF_FREE_TEXT && nmine) {
						struct client *c = &cl[mine[nfree % nmine]];
						if (c->nq < MAXQ) {
							snprintf(c->q[c->nq], sizeof c->q[0], "%s", q->id);
							c->ver[c->nq++] = nv;
						}
						nfree++;
					}
				}
			}
		}
		json_decref(given);
		response_qns_free(&qs);
		for (size_t m = 0; m < nmine; m++) {
			struct client *c = &cl[mine[m]];
			char email[64];
			snprintf(email, sizeof email, "bench%zu@%s.example.org", mine[m], states[i]);
			int64_t id = account_create(s, email, "expert", states[i], NULL, err, sizeof err);
			if (id < 0 || apitoken_create(s, id, "bench", 30, c->token) < 0)
				die(email, err);
			snprintf(c->state, sizeof c->state, "%s", states[i]);
			snprintf(c->lang, sizeof c->lang, "%s", lang);
		}
	}
	FILE *f = fopen(out, "w");
	if (!f)
		die(out, "cannot write");
	for (int k = 0; k < nclients; k++) {
		fprintf(f, "%s %s %s", cl[k].token, cl[k].state, cl[k].lang);
		for (size_t j = 0; j < cl[k].nq; j++)
			fprintf(f, " %s:%d", cl[k].q[j], cl[k].ver[j]);
		fputc('\n', f);
	}
	fclose(f);
	printf("setup: %zu reviews, %ld answers, %d experts with API tokens\n", nstates, answers,
	       nclients);
	free(cl);
	free(states);
	store_close(s);
	return 0;
}

static struct client *load_clients(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die(path, "cannot read");
	struct client *cl = NULL;
	size_t cap = 0;
	char line[8192];
	*n = 0;
	while (fgets(line, sizeof line, f)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			cl = realloc(cl, cap * sizeof *cl);
		}
		struct client *c = &cl[(*n)++];
		memset(c, 0, sizeof *c);
		char *save = NULL, *tok = strtok_r(line, " \n", &save);
		snprintf(c->token, sizeof c->token, "%s", tok ? tok : "");
		tok = strtok_r(NULL, " \n", &save);
		snprintf(c->state, sizeof c->state, "%s", tok ? tok : "");
		tok = strtok_r(NULL, " \n", &save);
		snprintf(c->lang, sizeof c->lang, "%s", tok ? tok : "en");
		while ((tok = strtok_r(NULL, " \n", &save)) && c->nq < MAXQ) {
			char *colon = strrchr(tok, ':');
			if (!colon)
				continue;
			*colon = '\0';
			snprintf(c->q[c->nq], sizeof c->q[0], "%s", tok);
			c->ver[c->nq++] = (int)strtol(colon + 1, NULL, 10);
		}
	}
	fclose(f);
	return cl;
}

/* ---- direct ---- */

static void *run_direct(void *arg)
{
	struct client *c = arg;
	char err[600];
	struct store *s = store_open(c->db, 0, err, sizeof err);
	if (!s) {
		c->errors++;
		return NULL;
	}
	for (int r = 0; r < c->rounds && c->nq; r++) {
		think(c);
		double t0 = now_ms();
		struct response_review rv;
		struct response_qns qs = { 0 };
		struct response_answer *a = NULL;
		size_t na = 0;
		if (response_review_load(s, c->state, 1, &rv) != 1 ||
		    response_qns_load(s, &rv, &qs) < 0 || response_answers(s, &rv, &a, &na) < 0) {
			c->errors++;
			response_qns_free(&qs);
			continue;
		}
		response_answers_free(a, na);
		c->open_ms[c->nopen++] = now_ms() - t0;
		size_t j = (size_t)r % c->nq;
		think(c);
		t0 = now_ms();
		json_t *v = json_sprintf("Réponse révisée %d du client %d.", r, c->index);
		int nv = 0;
		struct response_answer cur = { 0 };
		enum response_rc rc = response_save(s, &rv, &qs, c->q[j], c->ver[j], c->lang, v, NULL,
						    "bench", &nv, &cur, err, sizeof err);
		json_decref(v);
		if (rc == RESPONSE_OK) {
			c->ver[j] = nv;
			c->save_ms[c->nsave++] = now_ms() - t0;
		} else if (rc == RESPONSE_CONFLICT) {
			c->conflicts++;
			c->ver[j] = cur.version;
			response_answer_free(&cur);
		} else {
			c->errors++;
		}
		response_qns_free(&qs);
	}
	store_close(s);
	return NULL;
}

/* ---- http ---- */

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

static long request(CURL *h, struct client *c, const char *method, const char *path,
		    const char *body, struct buf *resp)
{
	char url[512], auth[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", c->port, path);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->token);
	struct curl_slist *hd = curl_slist_append(NULL, auth);
	hd = curl_slist_append(hd, "Content-Type: application/json");
	buf_reset(resp);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	if (!body)
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
	long code = 0;
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hd);
	return code;
}

static void *run_http(void *arg)
{
	struct client *c = arg;
	CURL *h = curl_easy_init();
	char iface[64], path[256];
	struct buf resp = { 0 };
	/* Its own loopback address: the server caps connections per address. */
	snprintf(iface, sizeof iface, "host!127.2.%d.%d", c->index / 250, c->index % 250 + 1);
	curl_easy_setopt(h, CURLOPT_INTERFACE, iface);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	for (int r = 0; r < c->rounds && c->nq; r++) {
		think(c);
		double t0 = now_ms();
		snprintf(path, sizeof path, "/api/v1/reviews/%s/phases/1/questionnaire", c->state);
		long code = request(h, c, "GET", path, NULL, &resp);
		if (code == 200) {
			snprintf(path, sizeof path, "/api/v1/reviews/%s/phases/1/responses", c->state);
			code = request(h, c, "GET", path, NULL, &resp);
		}
		if (code != 200) {
			c->errors++;
			continue;
		}
		c->open_ms[c->nopen++] = now_ms() - t0;
		size_t j = (size_t)r % c->nq;
		think(c);
		char body[512];
		snprintf(body, sizeof body, "{\"base_version\": %d, \"lang\": \"%s\", \"value\": "
			 "\"Réponse révisée %d du client %d.\"}", c->ver[j], c->lang, r, c->index);
		snprintf(path, sizeof path, "/api/v1/reviews/%s/phases/1/responses/%s", c->state,
			 c->q[j]);
		t0 = now_ms();
		code = request(h, c, "PUT", path, body, &resp);
		double dt = now_ms() - t0;
		json_t *j_in = json_loads(buf_str(&resp), 0, NULL);
		json_t *ver = json_object_get(j_in, "version");
		if (code == 200 && json_is_integer(ver)) {
			c->ver[j] = (int)json_integer_value(ver);
			c->save_ms[c->nsave++] = dt;
		} else if (code == 409) {
			c->conflicts++;
			json_t *curv = json_object_get(json_object_get(j_in, "current"), "version");
			if (json_is_integer(curv))
				c->ver[j] = (int)json_integer_value(curv);
		} else {
			if (c->errors++ == 0 && c->index == 0)
				fprintf(stderr, "bench: PUT %s: %ld %s\n", path, code, buf_str(&resp));
		}
		json_decref(j_in);
	}
	buf_free(&resp);
	curl_easy_cleanup(h);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *label, struct client *cl, size_t n, double wall)
{
	size_t no = 0, ns = 0, conflicts = 0, errors = 0;
	for (size_t i = 0; i < n; i++) {
		no += cl[i].nopen;
		ns += cl[i].nsave;
		conflicts += cl[i].conflicts;
		errors += cl[i].errors;
	}
	double *o = malloc((no + 1) * sizeof *o), *sv = malloc((ns + 1) * sizeof *sv);
	size_t io = 0, is = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(o + io, cl[i].open_ms, cl[i].nopen * sizeof *o);
		io += cl[i].nopen;
		memcpy(sv + is, cl[i].save_ms, cl[i].nsave * sizeof *sv);
		is += cl[i].nsave;
	}
	qsort(o, no, sizeof *o, cmp);
	qsort(sv, ns, sizeof *sv, cmp);
	printf("%s %zu %zu %.2f %.2f %.2f %.2f %zu %zu %.0f\n", label, no, ns,
	       no ? o[no / 2] : 0, no ? o[no * 99 / 100] : 0, ns ? sv[ns / 2] : 0,
	       ns ? sv[ns * 99 / 100] : 0, conflicts, errors, ns / (wall / 1e3));
	free(o);
	free(sv);
}

static int run(const char *mode, const char *target, const char *path, int rounds,
	       int think_ms)
{
	size_t n;
	struct client *cl = load_clients(path, &n);
	pthread_t *th = calloc(n, sizeof *th);
	for (size_t i = 0; i < n; i++) {
		cl[i].open_ms = calloc((size_t)rounds + 1, sizeof(double));
		cl[i].save_ms = calloc((size_t)rounds + 1, sizeof(double));
		cl[i].rounds = rounds;
		cl[i].index = (int)i;
		cl[i].think_ms = think_ms;
		cl[i].seed = 1234567u + (unsigned)i;
		cl[i].db = target;
		cl[i].port = (int)strtol(target, NULL, 10);
	}
	int http = strcmp(mode, "http") == 0;
	if (http)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	double t0 = now_ms();
	for (size_t i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, http ? run_http : run_direct, &cl[i]) != 0)
			die("pthread_create", "failed");
	for (size_t i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	report(mode, cl, n, now_ms() - t0);
	for (size_t i = 0; i < n; i++) {
		free(cl[i].open_ms);
		free(cl[i].save_ms);
	}
	free(th);
	free(cl);
	if (http)
		curl_global_cleanup();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "setup") == 0)
		return setup(argv[2], (int)strtol(argv[3], NULL, 10), argv[4]);
	if (argc == 6 && (strcmp(argv[1], "direct") == 0 || strcmp(argv[1], "http") == 0))
		return run(argv[1], argv[2], argv[3], (int)strtol(argv[4], NULL, 10),
			   (int)strtol(argv[5], NULL, 10));
	fputs("usage: bench setup DB CLIENTS OUT | direct DB OUT ROUNDS THINK_MS |\n"
	      "       http PORT OUT ROUNDS THINK_MS\n", stderr);
	return 1;
}
