/* respcache.c - see respcache.h. */
#include "web/respcache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util/xmalloc.h"

/* 4-way sets: one entry per review and phase (~50-80 KB each), at most
 * 512 (~40 MB). */
#define SETS 128
#define WAYS 4

struct entry {
	char *key;     /* NULL: empty slot */
	char *text;    /* the JSON and its newline */
	size_t len;
	char etag[RESPCACHE_ETAG_LEN];
	unsigned long stamp;   /* when kept: the oldest of a set is replaced */
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct entry slots[SETS][WAYS];
static unsigned long stamp;

/* Every input of respctx_questionnaire_json(c) into key.  The parsed
 * definitions are the process's cached copies (never freed), so their
 * addresses name (id, version, status, decision, adoption date) exactly.
 * Returns 0, or -1 when some definition is not a cached one (no key). */
static int key_of(const struct respctx *c, struct buf *key)
{
	buf_printf(key, "%s|%d|%s|%d|", c->rv.reviewed, c->rv.phase, c->rv.cluster,
		   c->rv.uncac_party);
	for (size_t i = 0; i < c->rv.nlanguages && i < 3; i++)
		buf_printf(key, "%s,", c->rv.languages[i]);
	for (size_t i = 0; i < c->qs.n; i++) {
		const struct response_qn *qn = &c->qs.q[i];
		if (!qn->shared)
			return -1;
		buf_printf(key, "|%s/%s/%s/%s/%p", qn->instrument, qn->qid, qn->qversion,
			   qn->deadline, (const void *)qn->def);
	}
	return 0;
}

static size_t slot_of(const char *key)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)(h % SETS);
}

static void render(const struct respctx *c, struct buf *out, char etag[RESPCACHE_ETAG_LEN])
{
	unsigned char h[16];
	char hex[33];
	json_t *j = respctx_questionnaire_json(c);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	buf_puts(out, s ? s : "{}");
	buf_putc(out, '\n');
	free(s);
	crypto_generichash(h, sizeof h, (const unsigned char *)buf_str(out), out->len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(etag, RESPCACHE_ETAG_LEN, "\"q-%s\"", hex);
}

void respcache_questionnaire(const struct respctx *c, struct buf *body,
			     char etag[RESPCACHE_ETAG_LEN])
{
	struct buf key = { 0 }, text = { 0 };
	if (key_of(c, &key) < 0) {
		render(c, body, etag);
		goto out;
	}
	struct entry *set = slots[slot_of(buf_str(&key))];
	int hit = 0;
	pthread_rwlock_rdlock(&lock);
	for (int w = 0; w < WAYS && !hit; w++)
		if (set[w].key && strcmp(set[w].key, buf_str(&key)) == 0) {
			buf_append(body, set[w].text, set[w].len);
			memcpy(etag, set[w].etag, RESPCACHE_ETAG_LEN);
			hit = 1;
		}
	pthread_rwlock_unlock(&lock);
	if (hit)
		goto out;
	render(c, &text, etag);
	buf_append(body, buf_str(&text), text.len);
	pthread_rwlock_wrlock(&lock);
	struct entry *e = &set[0];
	for (int w = 0; w < WAYS; w++) {
		if (set[w].key && strcmp(set[w].key, buf_str(&key)) == 0) {
			e = NULL;              /* another thread kept it meanwhile */
			break;
		}
		if (!set[w].key || set[w].stamp < e->stamp)
			e = &set[w];
		if (!set[w].key)
			break;
	}
	if (e) {
		free(e->key);
		free(e->text);
		e->len = text.len;
		e->key = buf_detach(&key);
		e->text = buf_detach(&text);
		e->stamp = ++stamp;
		memcpy(e->etag, etag, RESPCACHE_ETAG_LEN);
	}
	pthread_rwlock_unlock(&lock);
out:
	buf_free(&key);
	buf_free(&text);
}

int respcache_etag_matches(const char *inm, const char *etag)
{
	size_t n = strlen(etag);
	if (!inm)
		return 0;
	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' ||
						 p[n] == '\t'))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

/* ---- Answers ---- */

/* 4-way sets: the answers of every review (190 x ~115 in the bench) fit
 * without the collisions of a direct-mapped table; an entry is about 700
 * bytes, so at most ~23 MB. */
#define ASETS 8192
#define AWAYS 4

struct aentry {
	unsigned char key[16];
	int used;
	unsigned long stamp;   /* when kept: the oldest of a set is replaced */
	char *text;
	size_t len;
	json_t *doc;   /* the parsed stored answer, read only */
};

static pthread_rwlock_t alock = PTHREAD_RWLOCK_INITIALIZER;
static struct aentry aslots[ASETS][AWAYS];
static unsigned long astamp;

static void hash_field(crypto_generichash_state *st, const char *s)
{
	crypto_generichash_update(st, (const unsigned char *)s, strlen(s) + 1);
}

json_t *respcache_answer(const struct response_review *rv, const char *instrument,
			 const struct response_answer *a, struct buf *out)
{
	crypto_generichash_state st;
	unsigned char key[16];
	char num[32];
	json_t *doc = NULL;
	crypto_generichash_init(&st, NULL, 0, sizeof key);
	snprintf(num, sizeof num, "%d/%d", rv->phase, a->version);
	hash_field(&st, rv->reviewed);
	hash_field(&st, num);
	hash_field(&st, instrument);
	hash_field(&st, a->question);
	hash_field(&st, a->lang);
	hash_field(&st, a->saved_at);
	hash_field(&st, a->saved_by);
	hash_field(&st, a->answer ? a->answer : "");
	crypto_generichash_final(&st, key, sizeof key);
	size_t k;
	memcpy(&k, key, sizeof k);
	struct aentry *set = aslots[k % ASETS];
	pthread_rwlock_rdlock(&alock);
	for (int w = 0; w < AWAYS && !doc; w++)
		if (set[w].used && memcmp(set[w].key, key, sizeof key) == 0) {
			buf_append(out, set[w].text, set[w].len);
			doc = json_incref(set[w].doc);
		}
	pthread_rwlock_unlock(&alock);
	if (doc)
		return doc;
	doc = a->answer ? json_loads(a->answer, 0, NULL) : NULL;
	if (!doc)
		return NULL;
	json_t *j = json_pack("{s:s,s:s,s:i,s:s,s:s,s:s}", "question", a->question, "instrument",
			      instrument, "version", a->version, "lang", a->lang, "saved_at",
			      a->saved_at, "saved_by", a->saved_by);
	json_object_set(j, "value", json_object_get(doc, "value"));
	json_object_set(j, "references", json_object_get(doc, "references"));
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!text) {
		json_decref(doc);
		return NULL;
	}
	size_t len = strlen(text);
	buf_append(out, text, len);
	pthread_rwlock_wrlock(&alock);
	struct aentry *e = &set[0];
	for (int w = 0; w < AWAYS; w++) {
		if (set[w].used && memcmp(set[w].key, key, sizeof key) == 0) {
			e = NULL;              /* another thread kept it meanwhile */
			break;
		}
		if (!set[w].used || set[w].stamp < e->stamp)
			e = &set[w];
		if (!set[w].used)
			break;
	}
	if (e) {
		free(e->text);
		json_decref(e->doc);
		memcpy(e->key, key, sizeof key);
		e->used = 1;
		e->stamp = ++astamp;
		e->text = text;
		e->len = len;
		e->doc = json_incref(doc);
		text = NULL;
	}
	pthread_rwlock_unlock(&alock);
	free(text);
	return doc;
}

void respcache_clear(void)
{
	pthread_rwlock_wrlock(&lock);
	for (size_t i = 0; i < SETS; i++)
		for (int w = 0; w < WAYS; w++) {
			free(slots[i][w].key);
			free(slots[i][w].text);
			memset(&slots[i][w], 0, sizeof slots[i][w]);
		}
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_wrlock(&alock);
	for (size_t i = 0; i < ASETS; i++)
		for (int w = 0; w < AWAYS; w++) {
			free(aslots[i][w].text);
			json_decref(aslots[i][w].doc);
			memset(&aslots[i][w], 0, sizeof aslots[i][w]);
		}
	pthread_rwlock_unlock(&alock);
}
