/* drawjson.c - the draw document (format revmech-draw/3; revmech-draw/2
 * read and written back as it was) to and from JSON.
 *
 * Output is byte-identical for equal draws: keys are emitted in a fixed
 * order (JSON_PRESERVE_ORDER), arrays in code order, indent 2, trailing
 * newline. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* The document is written by hand rather than through json_dumps: it is
 * several times faster on large rosters, and the layout (that of jansson's
 * JSON_INDENT(2), keys in the order of the format) is fixed here, not by
 * a library version.  Codes and keywords need no escaping; the free-text
 * note is escaped by jansson. */
static void put_str(struct buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *t = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
	if (!t)
		abort();   /* invalid UTF-8 is refused earlier; OOM otherwise */
	buf_puts(b, t);
	free(t);
	json_decref(j);
}

static void put_str_or_null(struct buf *b, const char *s)
{
	if (s)
		put_str(b, s);
	else
		buf_puts(b, "null");
}

static void put_code_or_null(struct buf *b, const struct roster *r, int i)
{
	if (i >= 0)
		buf_printf(b, "\"%s\"", r->v[i].code);
	else
		buf_puts(b, "null");
}

static void put_codes_instr(struct buf *b, unsigned m, const char *ind)
{
	int first = 1;
	buf_putc(b, '[');
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i)) {
			buf_printf(b, "%s\n%s  \"%s\"", first ? "" : ",", ind, roster_instrument_code(i));
			first = 0;
		}
	buf_printf(b, first ? "]" : "\n%s]", ind);
}

/* Reviewing States other than s, a, b party to every instrument of m. */
static int parties_to(const struct roster *r, unsigned m, int s, int a, int b)
{
	int c = 0;
	for (size_t i = 0; i < r->n; i++)
		c += (int)i != s && (int)i != a && (int)i != b && lots_int_may_review(&r->v[i]) &&
		     (r->v[i].instruments & m) == m;
	return c;
}

static void put_instr_words(struct buf *b, unsigned m)
{
	int first = 1;
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i)) {
			buf_printf(b, "%s%s", first ? "" : " ", roster_instrument_code(i));
			first = 0;
		}
}

/* The reviews whose additional reviewers do not read para 28 (b)
 * literally (docs/draw.md "Literal para 28 (b)"), each with the literal
 * reading and why it was not met; "relaxations": [...]. */
static void put_relaxations(struct buf *b, const struct lots_draw *d, const struct roster *r)
{
	int n = 0;
	buf_puts(b, ",\n  \"relaxations\": [");
	for (size_t i = 0; i < d->nreviews && !d->cohorts_only; i++) {   /* C3: none drawn */
		const struct lots_review *v = &d->reviews[i];
		int s = v->reviewed, a = -1, bb = -1, nadd = 0;
		unsigned m0 = 0, m1 = 0;
		for (int k = 0; k < v->n; k++) {
			if (v->r[k].role == LOTS_SAME_REGION)
				a = v->r[k].state;
			else if (v->r[k].role == LOTS_OTHER_REGION)
				bb = v->r[k].state;
			else if (nadd++ == 0)
				m0 = v->r[k].instr;
			else
				m1 = v->r[k].instr;
		}
		if (nadd == 0 || a < 0 || bb < 0)
			continue;   /* nothing to read; a missing base is a violation */
		unsigned ms = r->v[s].instruments & INSTR_ALL;
		unsigned ma = ms & ~r->v[a].instruments, mb = ms & ~r->v[bb].instruments;
		int merged_ok = !(ma & mb), per_ok = ma && mb;
		int lit = nadd == 1 ? merged_ok && m0 == (ma | mb)
				    : nadd == 2 && per_ok && ((m0 == ma && m1 == mb) ||
							      (m0 == mb && m1 == ma));
		if (lit)
			continue;
		int c_merged = merged_ok && parties_to(r, ma | mb, s, a, bb) >= 1;
		int ca = parties_to(r, ma, s, a, bb), cb = parties_to(r, mb, s, a, bb);
		int c_per = per_ok && ca >= 1 && cb >= 1 &&
			    ca + cb - parties_to(r, ma | mb, s, a, bb) >= 2;
		buf_printf(b, "%s\n    {\"reviewed\": \"%s\", \"rule\": \"para 28 b\", \"literal\": \"",
			   n++ ? "," : "", r->v[s].code);
		if (merged_ok) {
			buf_puts(b, "one additional reviewer for ");
			put_instr_words(b, ma | mb);
		}
		if (per_ok) {
			buf_puts(b, merged_ok ? ", or one for " : "one additional reviewer for ");
			put_instr_words(b, ma);
			buf_puts(b, " and one for ");
			put_instr_words(b, mb);
		}
		buf_printf(b, "\", \"reason\": \"%s\"}", c_merged || c_per ?
			   "staffable, but not within the other rules (workload, reciprocity, cap) "
			   "as the review was drawn" :
			   "not staffable: too few other reviewing States are party to those "
			   "instruments");
	}
	buf_puts(b, n ? "\n  ]" : "]");
}

/* Where the seed came from (format 3, R51): the ceremony's record, or
 * null for a draw not from a ceremony. */
static void put_ceremony(struct buf *b, const struct lots_draw_ceremony *c)
{
	buf_puts(b, "  \"ceremony\": ");
	if (!c) {
		buf_puts(b, "null,\n");
		return;
	}
	buf_puts(b, "{\n    \"meeting\": ");
	put_str_or_null(b, c->meeting);
	buf_puts(b, ",\n    \"published_commitment\": ");
	put_str_or_null(b, c->published_commitment);
	buf_puts(b, ",\n    \"revealed_seed\": ");
	put_str_or_null(b, c->revealed_seed);
	buf_puts(b, ",\n    \"entropy_name\": ");
	put_str_or_null(b, c->entropy_name);
	buf_puts(b, ",\n    \"entropy_value\": ");
	put_str_or_null(b, c->entropy_value);
	buf_puts(b, ",\n    \"mix\": \"" LOTS_SEED_MIX "\"\n  },\n");
}

char *lots_draw_to_json(const struct lots_draw *d, const struct roster *r)
{
	char hex[65];
	struct buf b = { 0 };
	int v2 = d->format == 2;
	buf_reserve(&b, 256 + d->nreviews * 600);
	buf_printf(&b, "{\n  \"format\": \"%s\",\n  \"algorithm\": ",
		   v2 ? LOTS_FORMAT_2 : LOTS_FORMAT);
	put_str(&b, d->manual ? LOTS_ALGORITHM_MANUAL : d->cohorts_only ? LOTS_ALGORITHM_COHORTS :
		LOTS_ALGORITHM);
	lots_hex(d->seed, 32, hex);
	buf_printf(&b, ",\n  \"seed\": \"%s\",\n", hex);
	lots_seed_commitment(d->seed, hex);
	buf_printf(&b, "  \"seed_commitment\": \"%s\",\n", hex);
	if (!v2)
		put_ceremony(&b, d->ceremony);
	buf_puts(&b, "  \"roster_sha256\": ");
	put_str(&b, d->roster_sha256);
	struct lots_params ptmp;
	const struct lots_params *pp = lots_draw_params(d, &ptmp);
	buf_printf(&b, ",\n  \"parameters\": {\n    \"max_reviewers\": %d,\n    \"redraw_limit\": %d,\n"
		   "    \"load_min\": %d,\n    \"load_max\": %d,\n    \"cohorts\": %d,\n",
		   pp->max_reviewers, pp->redraw_limit, pp->load_min, pp->load_max, pp->cohorts);
	/* Only when set, so that the documents of earlier versions are what
	 * they were, byte for byte (docs/draw.md "Parameters"). */
	if (pp->literal_28b_search)
		buf_printf(&b, "    \"literal_28b_search\": %d,\n", pp->literal_28b_search);
	buf_printf(&b, "    \"version\": %d,\n    \"decision\": ", pp->version);
	put_str(&b, pp->decision);
	buf_puts(&b, ",\n    \"decided_on\": ");
	put_str(&b, pp->decided_on);
	buf_puts(&b, "\n  }");
	buf_puts(&b, ",\n  \"groups\": [");
	for (int y = 1; y <= pp->cohorts; y++) {   /* para 17; R38 */
		int first = 1;
		buf_printf(&b, "%s\n    {\n      \"year\": %d,\n      \"states\": [", y > 1 ? "," : "", y);
		/* reviews are already in code order */
		for (size_t i = 0; i < d->nreviews; i++)
			if (d->reviews[i].year == y) {
				buf_printf(&b, "%s\n        \"%s\"", first ? "" : ",",
					   r->v[d->reviews[i].reviewed].code);
				first = 0;
			}
		buf_puts(&b, first ? "]\n    }" : "\n      ]\n    }");
	}
	buf_puts(&b, "\n  ],\n  \"reviews\": [");
	for (size_t i = 0; i < d->nreviews; i++) {
		const struct lots_review *v = &d->reviews[i];
		buf_printf(&b, "%s\n    {\n      \"reviewed\": \"%s\",\n      \"year\": %d,\n"
			   "      \"reviewers\": [", i ? "," : "", r->v[v->reviewed].code, v->year);
		for (int k = 0; k < v->n; k++) {
			buf_printf(&b, "%s\n        {\n          \"state\": \"%s\",\n"
				   "          \"role\": \"%s\",\n          \"instruments\": ",
				   k ? "," : "", r->v[v->r[k].state].code, lots_role_code(v->r[k].role));
			put_codes_instr(&b, v->r[k].instr, "          ");
			buf_puts(&b, "\n        }");
		}
		buf_puts(&b, v->n ? "\n      ]\n    }" : "]\n    }");
	}
	buf_puts(&b, d->nreviews ? "\n  ]" : "]");
	put_relaxations(&b, d, r);
	buf_puts(&b, ",\n  \"redraws\": [");
	for (size_t i = 0; i < d->nredraws; i++) {
		const struct lots_redraw *w = &d->redraws[i];
		buf_printf(&b, "%s\n    {\n      \"seq\": %d,\n      \"reviewed\": \"%s\",\n"
			   "      \"role\": \"%s\",\n"
			   "      \"old\": \"%s\",\n      \"new\": \"%s\",\n"
			   "      \"requested_by\": \"%s\",\n      \"reason\": \"%s\",\n"
			   "      \"counted\": %s,\n      \"note\": ",
			   i ? "," : "", w->seq, r->v[w->reviewed].code, lots_role_code(w->role),
			   r->v[w->old_state].code, r->v[w->new_state].code,
			   r->v[w->requested_by].code, lots_reason_code(w->reason),
			   w->reason <= LOTS_REASON_OTHER ? "true" : "false");
		put_str_or_null(&b, w->note);
		buf_puts(&b, ",\n      \"decision\": ");
		put_str_or_null(&b, w->decision);
		buf_puts(&b, ",\n      \"consent\": ");
		if (w->consent_ref) {
			buf_puts(&b, "{\"by\": ");
			put_str(&b, w->consent_by);
			buf_puts(&b, ", \"date\": ");
			put_str(&b, w->consent_date);
			buf_puts(&b, ", \"reference\": ");
			put_str(&b, w->consent_ref);
			buf_putc(&b, '}');
		} else {
			buf_puts(&b, "null");
		}
		buf_puts(&b, ",\n      \"exception\": ");
		put_code_or_null(&b, r, w->exception);
		buf_puts(&b, ",\n      \"moves\": [");
		for (int m = 0; m < w->nmoves; m++) {
			const struct lots_move *mv = &w->moves[m];
			buf_printf(&b, "%s\n        {\"reviewed\": \"%s\", \"role\": \"%s\", \"old\": ",
				   m ? "," : "", r->v[mv->reviewed].code, lots_role_code(mv->role));
			put_code_or_null(&b, r, mv->old_state);
			buf_puts(&b, ", \"new\": ");
			put_code_or_null(&b, r, mv->new_state);
			buf_putc(&b, '}');
		}
		buf_puts(&b, w->nmoves ? "\n      ]" : "]");
		lots_hex(w->seed, 32, hex);
		char prev[65];
		if (i)
			util_strlcpy(prev, d->redraws[i - 1].hash, sizeof prev);
		else
			lots_chain_root(d, prev);
		buf_printf(&b, ",\n      \"seed\": \"%s\",\n      \"prev\": \"%s\",\n"
			   "      \"hash\": \"%s\"\n    }", hex, prev, w->hash);
	}
	buf_puts(&b, d->nredraws ? "\n  ]\n}\n" : "]\n}\n");
	return buf_detach(&b);
}

static int code_of(const struct lots_codeidx *ix, json_t *o, const char *key, int *idx,
		   char *err, size_t errlen, const char *where)
{
	const char *c = json_string_value(json_object_get(o, key));
	if (!c) {
		snprintf(err, errlen, "%s: missing \"%s\"", where, key);
		return -1;
	}
	long i = lots_codeidx_find(ix, c);
	if (i < 0) {
		snprintf(err, errlen, "%s: \"%s\" is %s, which is not in the roster", where, key, c);
		return -1;
	}
	*idx = (int)i;
	return 0;
}

static int role_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, lots_role_code(i)) == 0)
			return i;
	return -1;
}

static int instr_parse_array(json_t *a, unsigned *m)
{
	size_t i;
	json_t *v;
	*m = 0;
	if (!json_is_array(a))
		return -1;
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		int k = s ? roster_instrument_parse(s) : -1;
		if (k < 0)
			return -1;
		*m |= INSTR_BIT(k);
	}
	return 0;
}

static char *dup_or_null(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? xstrdup(v) : NULL;
}

/* The ceremony record of a format-3 document: null, or an object (its
 * consistency is the verifier's to judge, check_ceremony). */
static int read_ceremony(json_t *c, struct lots_draw *out, char *err, size_t errlen)
{
	if (json_is_null(c))
		return 0;
	if (!c) {
		snprintf(err, errlen, "draw document: \"ceremony\" is missing (null for a draw not "
			 "from a ceremony)");
		return -1;
	}
	if (!json_is_object(c)) {
		snprintf(err, errlen, "draw document: \"ceremony\" is neither null (not from a "
			 "ceremony) nor an object");
		return -1;
	}
	out->ceremony = xcalloc(1, sizeof *out->ceremony);
	out->ceremony->meeting = dup_or_null(c, "meeting");
	out->ceremony->published_commitment = dup_or_null(c, "published_commitment");
	out->ceremony->revealed_seed = dup_or_null(c, "revealed_seed");
	out->ceremony->entropy_name = dup_or_null(c, "entropy_name");
	out->ceremony->entropy_value = dup_or_null(c, "entropy_value");
	return 0;
}

int lots_draw_from_json(const char *json, const struct roster *r,
			struct lots_draw *out, char *err, size_t errlen)
{
	json_error_t je;
	int rc = LOTS_EINPUT;
	memset(out, 0, sizeof *out);
	json_t *root = json_loads(json, 0, &je);
	struct lots_codeidx *ix = NULL;
	if (!root) {
		snprintf(err, errlen, "draw document: line %d: %s", je.line, je.text);
		return LOTS_EINPUT;
	}
	ix = lots_codeidx_new(r);
	const char *fmt = json_string_value(json_object_get(root, "format"));
	if (fmt && strcmp(fmt, LOTS_FORMAT_2) == 0) {
		out->format = 2;
	} else if (!fmt || strcmp(fmt, LOTS_FORMAT) != 0) {
		snprintf(err, errlen, "draw document: \"format\" is not \"%s\" (or \"%s\")",
			 LOTS_FORMAT, LOTS_FORMAT_2);
		goto out;
	} else if (read_ceremony(json_object_get(root, "ceremony"), out, err, errlen) < 0) {
		goto out;
	}
	if (lots_seed_parse(json_string_value(json_object_get(root, "seed")), out->seed) < 0) {
		snprintf(err, errlen, "draw document: \"seed\" is not 64 hex digits");
		goto out;
	}
	const char *alg = json_string_value(json_object_get(root, "algorithm"));
	out->manual = alg && strcmp(alg, LOTS_ALGORITHM_MANUAL) == 0;
	out->cohorts_only = alg && strcmp(alg, LOTS_ALGORITHM_COHORTS) == 0;
	const char *sha = json_string_value(json_object_get(root, "roster_sha256"));
	snprintf(out->roster_sha256, sizeof out->roster_sha256, "%s", sha ? sha : "");
	/* The parameters used (R38); a document without them is read as
	 * using the annex's (verify says whether that is allowed). */
	json_t *pj = json_object_get(root, "parameters");
	lots_params_default(&out->params);
	if (json_is_object(pj)) {
		struct lots_params *pp = &out->params;
		int *dst[] = { &pp->max_reviewers, &pp->redraw_limit, &pp->load_min, &pp->load_max,
			       &pp->cohorts, &pp->version };
		static const char *const keys[] = { "max_reviewers", "redraw_limit", "load_min",
						    "load_max", "cohorts", "version" };
		for (int i = 0; i < 6; i++) {
			json_t *x = json_object_get(pj, keys[i]);
			if (json_is_integer(x) && json_integer_value(x) >= 0 &&
			    json_integer_value(x) < 1000)
				*dst[i] = (int)json_integer_value(x);
		}
		json_t *ls = json_object_get(pj, "literal_28b_search");
		if (json_is_integer(ls) && json_integer_value(ls) >= 0 && json_integer_value(ls) < 1000)
			pp->literal_28b_search = (int)json_integer_value(ls);
		const char *dec = json_string_value(json_object_get(pj, "decision"));
		const char *on = json_string_value(json_object_get(pj, "decided_on"));
		if (dec)
			util_strlcpy(pp->decision, dec, sizeof pp->decision);
		if (on)
			util_strlcpy(pp->decided_on, on, sizeof pp->decided_on);
	}
	json_t *reviews = json_object_get(root, "reviews");
	if (!json_is_array(reviews)) {
		snprintf(err, errlen, "draw document: \"reviews\" is not an array");
		goto out;
	}
	out->nreviews = json_array_size(reviews);
	out->reviews = xcalloc(out->nreviews ? out->nreviews : 1, sizeof *out->reviews);
	for (size_t i = 0; i < out->nreviews; i++) {
		json_t *o = json_array_get(reviews, i);
		struct lots_review *v = &out->reviews[i];
		char where[64];
		snprintf(where, sizeof where, "draw document: reviews[%zu]", i);
		if (code_of(ix, o, "reviewed", &v->reviewed, err, errlen, where) < 0)
			goto out;
		json_int_t y = json_integer_value(json_object_get(o, "year"));
		json_t *rs = json_object_get(o, "reviewers");
		if (y < 1 || y > LOTS_MAX_COHORTS || !json_is_array(rs) || json_array_size(rs) > LOTS_MAX_SLOTS) {
			snprintf(err, errlen, "%s: bad \"year\" or \"reviewers\"", where);
			goto out;
		}
		v->year = (int)y;
		v->n = (int)json_array_size(rs);
		for (int k = 0; k < v->n; k++) {
			json_t *x = json_array_get(rs, (size_t)k);
			if (code_of(ix, x, "state", &v->r[k].state, err, errlen, where) < 0)
				goto out;
			v->r[k].role = role_parse(json_string_value(json_object_get(x, "role")));
			if (v->r[k].role < 0 ||
			    instr_parse_array(json_object_get(x, "instruments"), &v->r[k].instr) < 0) {
				snprintf(err, errlen, "%s: bad \"role\" or \"instruments\"", where);
				goto out;
			}
		}
	}
	json_t *redraws = json_object_get(root, "redraws");
	if (!json_is_array(redraws)) {
		snprintf(err, errlen, "draw document: \"redraws\" is not an array");
		goto out;
	}
	out->nredraws = json_array_size(redraws);
	out->redraws = xcalloc(out->nredraws ? out->nredraws : 1, sizeof *out->redraws);
	for (size_t i = 0; i < out->nredraws; i++) {
		json_t *o = json_array_get(redraws, i);
		struct lots_redraw *w = &out->redraws[i];
		char where[64];
		snprintf(where, sizeof where, "draw document: redraws[%zu]", i);
		if (code_of(ix, o, "reviewed", &w->reviewed, err, errlen, where) < 0 ||
		    code_of(ix, o, "old", &w->old_state, err, errlen, where) < 0 ||
		    code_of(ix, o, "new", &w->new_state, err, errlen, where) < 0 ||
		    code_of(ix, o, "requested_by", &w->requested_by, err, errlen, where) < 0)
			goto out;
		w->role = role_parse(json_string_value(json_object_get(o, "role")));
		const char *rs = json_string_value(json_object_get(o, "reason"));
		w->reason = rs ? lots_reason_parse(rs) : -1;
		const char *note = json_string_value(json_object_get(o, "note"));
		w->note = note ? xstrdup(note) : NULL;
		const char *dec = json_string_value(json_object_get(o, "decision"));
		w->decision = dec ? xstrdup(dec) : NULL;
		json_t *cs = json_object_get(o, "consent");
		if (json_is_object(cs)) {
			const char *by = json_string_value(json_object_get(cs, "by"));
			const char *dt = json_string_value(json_object_get(cs, "date"));
			const char *rf = json_string_value(json_object_get(cs, "reference"));
			if (!by || !dt || !rf) {
				snprintf(err, errlen, "%s: bad \"consent\"", where);
				goto out;
			}
			w->consent_by = xstrdup(by);
			w->consent_date = xstrdup(dt);
			w->consent_ref = xstrdup(rf);
		}
		const char *hash = json_string_value(json_object_get(o, "hash"));
		util_strlcpy(w->hash, hash ? hash : "", sizeof w->hash);
		json_int_t seq = json_integer_value(json_object_get(o, "seq"));
		w->seq = seq > 0 && seq < 1000000 ? (int)seq : 0;
		w->exception = -1;
		if (!json_is_null(json_object_get(o, "exception")) &&
		    code_of(ix, o, "exception", &w->exception, err, errlen, where) < 0)
			goto out;
		if (w->role < 0 || w->reason < 0 || !w->seq ||
		    lots_seed_parse(json_string_value(json_object_get(o, "seed")), w->seed) < 0) {
			snprintf(err, errlen, "%s: bad \"seq\", \"role\", \"reason\" or \"seed\"",
				 where);
			goto out;
		}
		json_t *mvs = json_object_get(o, "moves");
		if (!json_is_array(mvs) || json_array_size(mvs) > LOTS_MAX_MOVES) {
			snprintf(err, errlen, "%s: bad \"moves\"", where);
			goto out;
		}
		w->nmoves = (int)json_array_size(mvs);
		for (int m = 0; m < w->nmoves; m++) {
			json_t *mo = json_array_get(mvs, (size_t)m);
			struct lots_move *mv = &w->moves[m];
			mv->old_state = mv->new_state = -1;
			mv->role = role_parse(json_string_value(json_object_get(mo, "role")));
			if (code_of(ix, mo, "reviewed", &mv->reviewed, err, errlen, where) < 0 ||
			    (!json_is_null(json_object_get(mo, "old")) &&
			     code_of(ix, mo, "old", &mv->old_state, err, errlen, where) < 0) ||
			    (!json_is_null(json_object_get(mo, "new")) &&
			     code_of(ix, mo, "new", &mv->new_state, err, errlen, where) < 0))
				goto out;
			if (mv->role < 0) {
				snprintf(err, errlen, "%s: moves[%d]: bad \"role\"", where, m);
				goto out;
			}
		}
	}
	rc = LOTS_OK;
out:
	json_decref(root);
	lots_codeidx_free(ix);
	if (rc != LOTS_OK)
		lots_draw_free(out);
	return rc;
}

int lots_doc_seed_origin(const char *json)
{
	json_t *root = json ? json_loads(json, 0, NULL) : NULL;
	int o = LOTS_ORIGIN_UNRECORDED;
	const char *alg = json_string_value(json_object_get(root, "algorithm"));
	const char *fmt = json_string_value(json_object_get(root, "format"));
	json_t *c = json_object_get(root, "ceremony");
	if (alg && strcmp(alg, LOTS_ALGORITHM_MANUAL) == 0)
		o = LOTS_ORIGIN_MANUAL;
	else if (fmt && strcmp(fmt, LOTS_FORMAT) == 0 && json_is_null(c))
		o = LOTS_ORIGIN_GIVEN;
	else if (fmt && strcmp(fmt, LOTS_FORMAT) == 0 && json_is_object(c))
		o = LOTS_ORIGIN_CEREMONY;
	json_decref(root);
	return o;
}
