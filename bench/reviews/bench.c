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
 *                                from its own loopback address, all driven
 *                                by ONE client thread (libcurl multi, poll):
 *                                400 client threads competing with the
 *                                server for 2 cores measured the load
 *                                generator as much as the server
 *
 * "open" is the questionnaire and the answers: over HTTP two GETs, the
 * first revalidated with If-None-Match once the expert holds its ETag (as
 * the questionnaire page does: the definitions never change) and answered
 * 304; directly, the same calls the API handlers make (respctx_load, the
 * rendered questionnaire, the responses JSON text) without HTTP.  "save" is
 * one PUT, directly respctx_load and response_save.
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
#include <strings.h>
#include <time.h>

#include "accounts/account.h"
#include "accounts/apitoken.h"
#include "questionnaire/qdef.h"
#include "response/response.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"
#include "web/respcache.h"
#include "web/respctx.h"

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
	char err[600], phase[] = "1";
	struct store *s = store_open(c->db, 0, err, sizeof err);
	if (!s) {
		c->errors++;
		return NULL;
	}
	/* The expert as the API sees it (its token's account, looked up once:
	 * the API does it per request, part of what HTTP costs). */
	struct account me;
	if (apitoken_lookup(s, c->token, &me) != 1) {
		c->errors++;
		store_close(s);
		return NULL;
	}
	struct access_actor actor = { .auth = ACCESS_SIGNED_IN, .via_token = 1, .user = &me };
	struct buf body = { 0 };
	for (int r = 0; r < c->rounds && c->nq; r++) {
		think(c);
		double t0 = now_ms();
		struct respctx x;
		char etag[RESPCACHE_ETAG_LEN];
		int ok = respctx_load(s, c->state, phase, &x) == 1;
		if (ok) {
			buf_reset(&body);
			respcache_questionnaire(&x, &body, etag);
			respctx_free(&x);
		}
		ok = ok && respctx_load(s, c->state, phase, &x) == 1;
		if (ok) {
			buf_reset(&body);
			ok = respctx_responses_text(s, &x, &actor, &body) == 0;
			respctx_free(&x);
		}
		store_end_work(s);
		if (!ok) {
			c->errors++;
			continue;
		}
		c->open_ms[c->nopen++] = now_ms() - t0;
		size_t j = (size_t)r % c->nq;
		think(c);
		t0 = now_ms();
		if (respctx_load(s, c->state, phase, &x) != 1) {
			c->errors++;
			continue;
		}
		json_t *v = json_sprintf("Réponse révisée %d du client %d.", r, c->index);
		int nv = 0;
		struct response_answer cur = { 0 };
		enum response_rc rc = response_save(s, &x.rv, &x.qs, c->q[j], c->ver[j], c->lang, v,
						    NULL, "bench", &nv, &cur, err, sizeof err);
		json_decref(v);
		respctx_free(&x);
		store_end_work(s);
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
	}
	buf_free(&body);
	store_close(s);
	return NULL;
}

/* ---- http ---- */

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

/* One expert's connection, driven by the client loop. */
enum stage { THINK_OPEN, GET_Q, GET_R, THINK_SAVE, PUT, DONE };
struct conn {
	struct client *c;
	CURL *h;
	struct curl_slist *hd;
	struct buf resp;
	enum stage stage;
	double due;         /* THINK_*: when to act */
	double t0;          /* start of the action measured */
	int round;
	size_t j;           /* the question saved this round */
	char etag[RESPCACHE_ETAG_LEN + 8], got_etag[RESPCACHE_ETAG_LEN + 8];
	char url[512], body[512], iface[64];
};

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct conn *k = ud;
	size_t len = size * n;
	if (len > 6 && strncasecmp(p, "ETag:", 5) == 0) {
		const char *v = p + 5;
		while (*v == ' ')
			v++;
		size_t m = (size_t)(p + len - v);
		while (m && (v[m - 1] == '\r' || v[m - 1] == '\n'))
			m--;
		if (m < sizeof k->got_etag)
			snprintf(k->got_etag, sizeof k->got_etag, "%.*s", (int)m, v);
	}
	return len;
}

static long think_ms_of(struct client *c)
{
	return c->think_ms <= 0 ? 0 : (long)(rand_r(&c->seed) % (unsigned)(2 * c->think_ms + 1));
}

/* Starts the request of k's stage on multi. */
static void start(CURLM *m, struct conn *k)
{
	struct client *c = k->c;
	char auth[128], inm[RESPCACHE_ETAG_LEN + 32];
	curl_slist_free_all(k->hd);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->token);
	k->hd = curl_slist_append(NULL, auth);
	k->hd = curl_slist_append(k->hd, "Content-Type: application/json");
	buf_reset(&k->resp);
	k->got_etag[0] = '\0';
	const char *what = k->stage == GET_Q ? "questionnaire" : "responses";
	if (k->stage == PUT)
		snprintf(k->url, sizeof k->url, "http://127.0.0.1:%d/api/v1/reviews/%s/phases/1/"
			 "responses/%s", c->port, c->state, c->q[k->j]);
	else
		snprintf(k->url, sizeof k->url, "http://127.0.0.1:%d/api/v1/reviews/%s/phases/1/%s",
			 c->port, c->state, what);
	if (k->stage == GET_Q && k->etag[0]) {
		snprintf(inm, sizeof inm, "If-None-Match: %s", k->etag);
		k->hd = curl_slist_append(k->hd, inm);
	}
	curl_easy_setopt(k->h, CURLOPT_URL, k->url);
	curl_easy_setopt(k->h, CURLOPT_HTTPHEADER, k->hd);
	if (k->stage == PUT) {
		snprintf(k->body, sizeof k->body, "{\"base_version\": %d, \"lang\": \"%s\", "
			 "\"value\": \"Réponse révisée %d du client %d.\"}", c->ver[k->j], c->lang,
			 k->round, c->index);
		curl_easy_setopt(k->h, CURLOPT_POSTFIELDS, k->body);
		curl_easy_setopt(k->h, CURLOPT_CUSTOMREQUEST, "PUT");
	} else {
		curl_easy_setopt(k->h, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(k->h, CURLOPT_CUSTOMREQUEST, NULL);
	}
	curl_multi_add_handle(m, k->h);
}

/* Moves k on after its request ended with HTTP code. */
static void finished(CURLM *m, struct conn *k, long code, double now)
{
	struct client *c = k->c;
	curl_multi_remove_handle(m, k->h);
	if (k->stage == GET_Q) {
		if (code == 200 && k->got_etag[0])
			snprintf(k->etag, sizeof k->etag, "%s", k->got_etag);
		if (code == 200 || code == 304) {
			k->stage = GET_R;
			start(m, k);
			return;
		}
		c->errors++;
	} else if (k->stage == GET_R) {
		if (code == 200) {
			c->open_ms[c->nopen++] = now - k->t0;
			k->j = (size_t)k->round % c->nq;
			k->stage = THINK_SAVE;
			k->due = now + (double)think_ms_of(c);
			return;
		}
		c->errors++;
	} else if (k->stage == PUT) {
		json_t *j_in = json_loads(buf_str(&k->resp), 0, NULL);
		json_t *ver = json_object_get(j_in, "version");
		if (code == 200 && json_is_integer(ver)) {
			c->ver[k->j] = (int)json_integer_value(ver);
			c->save_ms[c->nsave++] = now - k->t0;
		} else if (code == 409) {
			c->conflicts++;
			json_t *curv = json_object_get(json_object_get(j_in, "current"), "version");
			if (json_is_integer(curv))
				c->ver[k->j] = (int)json_integer_value(curv);
		} else if (c->errors++ == 0 && c->index == 0) {
			fprintf(stderr, "bench: PUT %s: %ld %s\n", k->url, code, buf_str(&k->resp));
		}
		json_decref(j_in);
	}
	/* The round is over (or failed): the next one. */
	k->round++;
	k->stage = k->round < c->rounds && c->nq ? THINK_OPEN : DONE;
	k->due = now + (double)think_ms_of(c);
}

/* Every expert on one thread: libcurl's multi interface polls the 400
 * connections; an expert thinking waits on the loop's timer. */
static void run_http_all(struct client *cl, size_t n)
{
	CURLM *m = curl_multi_init();
	struct conn *ks = calloc(n, sizeof *ks);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)n + 16);
	double t = now_ms();
	for (size_t i = 0; i < n; i++) {
		struct conn *k = &ks[i];
		k->c = &cl[i];
		k->h = curl_easy_init();
		/* Its own loopback address: the server caps connections per address. */
		snprintf(k->iface, sizeof k->iface, "host!127.2.%d.%d", cl[i].index / 250,
			 cl[i].index % 250 + 1);
		curl_easy_setopt(k->h, CURLOPT_INTERFACE, k->iface);
		curl_easy_setopt(k->h, CURLOPT_TIMEOUT, 60L);
		curl_easy_setopt(k->h, CURLOPT_WRITEFUNCTION, sink);
		curl_easy_setopt(k->h, CURLOPT_WRITEDATA, &k->resp);
		curl_easy_setopt(k->h, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(k->h, CURLOPT_HEADERDATA, k);
		curl_easy_setopt(k->h, CURLOPT_PRIVATE, (void *)k);
		curl_easy_setopt(k->h, CURLOPT_MAXCONNECTS, 1L);
		k->stage = cl[i].rounds > 0 && cl[i].nq ? THINK_OPEN : DONE;
		k->due = t + (double)think_ms_of(&cl[i]);
	}
	for (;;) {
		double now = now_ms(), next = now + 1000;
		size_t active = 0;
		for (size_t i = 0; i < n; i++) {
			struct conn *k = &ks[i];
			if (k->stage == DONE)
				continue;
			active++;
			if (k->stage == THINK_OPEN || k->stage == THINK_SAVE) {
				if (k->due <= now) {
					k->stage = k->stage == THINK_OPEN ? GET_Q : PUT;
					k->t0 = now;
					start(m, k);
				} else if (k->due < next) {
					next = k->due;
				}
			}
		}
		if (!active)
			break;
		int running = 0;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct conn *k = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&k);
			long code = 0;
			if (msg->data.result == CURLE_OK)
				curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
			finished(m, k, code, now_ms());
		}
		now = now_ms();
		int wait = next > now ? (int)(next - now) + 1 : 0;
		curl_multi_poll(m, NULL, 0, wait > 1000 ? 1000 : wait, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		curl_slist_free_all(ks[i].hd);
		buf_free(&ks[i].resp);
		curl_easy_cleanup(ks[i].h);
	}
	free(ks);
	curl_multi_cleanup(m);
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
	if (http) {
		run_http_all(cl, n);
	} else {
		for (size_t i = 0; i < n; i++)
			if (pthread_create(&th[i], NULL, run_direct, &cl[i]) != 0)
				die("pthread_create", "failed");
		for (size_t i = 0; i < n; i++)
			pthread_join(th[i], NULL);
	}
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
