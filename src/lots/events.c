/* events.c - the operations on a programme after its drawing of lots
 * (issue 12; paras 28 b-c, 28 f, 29; R60, R62, R68; C3, C5, C11): the
 * computation of one op on the programme in force (events_prog.c): a late
 * party placed in a cohort and given its reviewers, a Protocol's
 * reviewers, a drawing event filling what is open in one cohort or all, a
 * redraw of the programme.  Pure functions of their inputs: the store
 * side is events_store.c, the replay events_check.c.
 *
 * A slot is drawn uniformly among the States that keep every rule, those
 * with no review yet first (para 29, R62), from the ChaCha20 stream keyed
 * by the op's seed: SHA-256 of "revmech-op-seed/1\n" SEEDHEX "\n" KIND "\n"
 * STATE "\n" INSTRUMENT "\n" COHORT "\n" SEQ "\n" HEAD "\n" PREV "\n"
 * (docs/draw.md), so the outcome is fixed by the request and the history,
 * not by whoever runs it. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lots/events_int.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

enum { EV_DOMAIN = 16 };   /* the ops' stream; draw.c and redraw.c use 1-3 */

/* Why no State could take a slot: counts per rule, for the carried
 * record (R68: report it so that it can be resolved at a later meeting). */
struct evwhy {
	int pool, region, instr, in_review, before, recip, full;
};

static void why_text(const struct evwhy *w, const char *role, const char *code, char *out,
		     size_t n)
{
	struct buf b = { 0 };
	buf_printf(&b, "no State can take the %s slot of %s: of the %d others that may review",
		   role, code, w->pool);
	if (w->region)
		buf_printf(&b, ", %d are of the wrong regional group", w->region);
	if (w->instr)
		buf_printf(&b, ", %d are not party to the instruments", w->instr);
	if (w->in_review)
		buf_printf(&b, ", %d already review it", w->in_review);
	if (w->before)
		buf_printf(&b, ", %d reviewed it before (C9)", w->before);
	if (w->recip)
		buf_printf(&b, ", %d are or were reviewed by it (para 28 a)", w->recip);
	if (w->full)
		buf_printf(&b, ", %d are at their limit of reviews (para 29)", w->full);
	util_strlcpy(out, buf_str(&b), n);
	buf_free(&b);
}

/* The refusal of a redraw whose slot nobody can take: why_text's clauses,
 * each its own msgid (msg_append) so that a page shows it in its
 * language; the English is "rule 'ROLE reviewer' cannot be met for CODE:
 * " why_text " (besides OLD)", as the CLI has always written it. */
static void why_msg(const struct evwhy *w, const char *role, const char *code, const char *old,
		    char *err, size_t errlen)
{
	msg_set(err, errlen, N_("rule '%s reviewer' cannot be met for %s: no State can take the %s "
				"slot of %s: of the %d others that may review"), role, code, role, code,
		w->pool);
	if (w->region)
		msg_append(err, errlen, N_(", %d are of the wrong regional group"), w->region);
	if (w->instr)
		msg_append(err, errlen, N_(", %d are not party to the instruments"), w->instr);
	if (w->in_review)
		msg_append(err, errlen, N_(", %d already review it"), w->in_review);
	if (w->before)
		msg_append(err, errlen, N_(", %d reviewed it before (C9)"), w->before);
	if (w->recip)
		msg_append(err, errlen, N_(", %d are or were reviewed by it (para 28 a)"), w->recip);
	if (w->full)
		msg_append(err, errlen, N_(", %d are at their limit of reviews (para 29)"), w->full);
	msg_append(err, errlen, N_(" (besides %s)"), old);
}

/* Draws a State for slot role (instruments m for an additional) of review
 * v, uniformly among those that keep every rule, those with no review
 * first (R62).  Returns its cur index, or -1 with why filled. */
static int pick(const struct ev_prog *p, const struct ev_review *v, int role, unsigned m,
		struct lots_rng *g, struct evwhy *why)
{
	const struct roster *r = &p->cur;
	int x = v->reviewed, *c = xmalloc((r->n + 1) * sizeof *c), nc = 0, nz = 0;
	memset(why, 0, sizeof *why);
	/* Code order (the roster from the store is), zero-load ones first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n; i++) {
			int y = (int)i;
			if (y == x || !lots_int_may_review(&r->v[y]))
				continue;
			int same = r->v[y].group == r->v[x].group;
			if (pass == 0)
				why->pool++;
			if ((role == LOTS_SAME_REGION && !same) || (role == LOTS_OTHER_REGION && same)) {
				why->region += pass == 0;
				continue;
			}
			if ((r->v[y].instruments & m) != m) {
				why->instr += pass == 0;
				continue;
			}
			if (ev_slot_of(v, y) >= 0) {
				why->in_review += pass == 0;
				continue;
			}
			if (ev_pair_has(p, y, x)) {
				why->before += pass == 0;
				continue;
			}
			if (ev_pair_has(p, x, y)) {
				why->recip += pass == 0;
				continue;
			}
			if (p->load[y] >= p->cap[y]) {
				why->full += pass == 0;
				continue;
			}
			if ((p->load[y] == 0) == (pass == 0)) {
				c[nc++] = y;
				nz += pass == 0;
			}
		}
	int got = -1;
	if (nc)
		got = c[lots_rng_below(g, (uint32_t)(nz ? nz : nc))];
	free(c);
	return got;
}

static json_t *change(const char *act, const struct ev_prog *p, int x, int y, int role,
		      unsigned m)
{
	char it[64];
	ev_instr_text(m, it, sizeof it);
	json_t *c = json_object();
	json_object_set_new(c, "action", json_string(act));
	json_object_set_new(c, "reviewed", json_string(p->cur.v[x].code));
	if (y >= 0) {
		json_object_set_new(c, "reviewer", json_string(p->cur.v[y].code));
		if (role >= 0)
			json_object_set_new(c, "role", json_string(lots_role_code(role)));
		json_object_set_new(c, "instruments", json_string(it));
	}
	return c;
}

static void carry(json_t *carried, const struct ev_prog *p, int x, int role, unsigned m,
		  const char *reason)
{
	char it[64];
	ev_instr_text(m, it, sizeof it);
	json_array_append_new(carried, json_pack("{s:s, s:s, s:s, s:s}", "reviewed",
		p->cur.v[x].code, "role", lots_role_code(role), "instruments", it, "reason", reason));
}

static void take(struct ev_prog *p, struct ev_review *v, int y, int role, unsigned m,
		 json_t *changes)
{
	assert(v->n < EV_SLOTS);
	v->s[v->n++] = (struct ev_slot){ y, role, m };
	p->load[y]++;
	ev_pair_add(p, y, v->reviewed);
	json_array_append_new(changes, change("add", p, v->reviewed, y, role, m));
}

/* Draws what review i lacks (paras 26, 28, 28 b-c): its base reviewers
 * take the instruments they are party to; a missing base is drawn; every
 * instrument left with fewer than two reviewers gets a supplementary one
 * party to it (one for all of them when one State can, else one per
 * instrument), within four reviewers unless consented.  What cannot be
 * drawn is carried.  Returns the number of changes made. */
static int fill_review(struct ev_prog *p, size_t i, struct lots_rng *g, json_t *changes,
		       json_t *carried)
{
	struct ev_review *v = &p->v[i];
	const struct roster *r = &p->cur;
	int x = v->reviewed, made = 0;
	unsigned ms = r->v[x].instruments & INSTR_ALL;
	char why[600];
	struct evwhy w;
	for (int k = 0; k < v->n; k++)
		if (v->s[k].role != LOTS_ADDITIONAL) {
			unsigned add = ms & r->v[v->s[k].st].instruments & ~v->s[k].instr;
			if (add) {
				v->s[k].instr |= add;
				json_array_append_new(changes, change("extend", p, x, v->s[k].st, -1, add));
				made++;
			}
		}
	for (int role = LOTS_SAME_REGION; role <= LOTS_OTHER_REGION; role++) {
		int have = 0;
		for (int k = 0; k < v->n; k++)
			have |= v->s[k].role == role;
		if (have)
			continue;
		int y = pick(p, v, role, 0, g, &w);
		if (y < 0) {
			why_text(&w, lots_role_code(role), r->v[x].code, why, sizeof why);
			carry(carried, p, x, role, ms, why);
			continue;
		}
		take(p, v, y, role, ms & r->v[y].instruments, changes);
		made++;
	}
	int maxr = v->consent ? LOTS_MAX_SLOTS : p->prm.max_reviewers;
	for (;;) {
		int need[INSTR_COUNT];
		unsigned m = 0;
		for (int j = 0; j < INSTR_COUNT; j++) {
			need[j] = 0;
			if (!(ms & INSTR_BIT(j)))
				continue;
			int c = 0;
			for (int k = 0; k < v->n; k++)
				c += !!(v->s[k].instr & INSTR_BIT(j));
			need[j] = c < 2 ? 2 - c : 0;
			if (need[j])
				m |= INSTR_BIT(j);
		}
		/* Base slots carried stay to be drawn first. */
		for (size_t q = 0; q < json_array_size(carried); q++) {
			json_t *cq = json_array_get(carried, q);
			if (!strcmp(json_string_value(json_object_get(cq, "reviewed")), r->v[x].code))
				m &= ~ev_instr_parse(json_string_value(json_object_get(cq, "instruments")));
		}
		if (!m)
			break;
		if (v->n >= maxr) {
			snprintf(why, sizeof why, "the review of %s has %d reviewers: a further one "
				 "needs the reviewed State's consent (para 28 c)", r->v[x].code, v->n);
			carry(carried, p, x, LOTS_ADDITIONAL, m, why);
			break;
		}
		int y = pick(p, v, LOTS_ADDITIONAL, m, g, &w);
		if (y < 0) {
			/* One per instrument (para 28 b literally), lowest first. */
			unsigned one = m & -m;
			if (one != m)
				y = pick(p, v, LOTS_ADDITIONAL, one, g, &w);
			if (y < 0) {
				why_text(&w, "additional", r->v[x].code, why, sizeof why);
				carry(carried, p, x, LOTS_ADDITIONAL, one, why);
				continue;
			}
			m = one;
		}
		take(p, v, y, LOTS_ADDITIONAL, m, changes);
		made++;
	}
	return made;
}

int ev_needs(const struct ev_prog *p, size_t i, struct buf *out)
{
	const struct ev_review *v = &p->v[i];
	const struct roster *r = &p->cur;
	unsigned ms = r->v[v->reviewed].instruments & INSTR_ALL;
	int n = 0, have[2] = { 0, 0 };
	if (v->withdrawn)
		return 0;
	for (int k = 0; k < v->n; k++)
		if (v->s[k].role < 2)
			have[v->s[k].role] = 1;
	for (int role = 0; role < 2; role++)
		if (!have[role]) {
			buf_printf(out, "%s: no %s reviewer\n", r->v[v->reviewed].code,
				   lots_role_code(role));
			n++;
		}
	for (int j = 0; j < INSTR_COUNT; j++) {
		if (!(ms & INSTR_BIT(j)))
			continue;
		int c = 0;
		for (int k = 0; k < v->n; k++)
			c += !!(v->s[k].instr & INSTR_BIT(j));
		if (c < 2) {
			buf_printf(out, "%s: %s reviewed by %d State%s, needs two (para 26)\n",
				   r->v[v->reviewed].code, roster_instrument_code(j), c,
				   c == 1 ? "" : "s");
			n++;
		}
	}
	return n;
}

/* A redraw of a slot an op made (paras 28 d-f, 30; C9): the requester is
 * the reviewed State or the reviewer replaced; counted reasons at most
 * four per requester and review (with the draw's own redraws); the
 * replacement is drawn as any slot (never one that was in the review
 * before, nor one reviewed by it), a base with exactly the instruments of
 * the one it replaces so that the review keeps its composition. */
static int op_redraw(struct ev_prog *p, const struct ev_req *q, int x, struct lots_rng *g,
		     json_t *changes, char *err, size_t errlen)
{
	const struct roster *r = &p->cur;
	int y = ev_cur_of(p, q->replace), by = ev_cur_of(p, q->requested_by);
	int reason = q->reason ? lots_reason_parse(q->reason) : -1;
	if (x < 0 || p->rvi[x] < 0) {
		msg_set(err, errlen, N_("--reviewed: %s is not reviewed in the programme"),
			 q->state ? q->state : "(none)");
		return LOTS_EINPUT;
	}
	struct ev_review *v = &p->v[p->rvi[x]];
	int k = y >= 0 ? ev_slot_of(v, y) : -1;
	if (k < 0) {
		msg_set(err, errlen, N_("--replace: %s does not review %s"), q->replace ? q->replace : "",
			 r->v[x].code);
		return LOTS_EINPUT;
	}
	if (by != x && by != y) {
		msg_set(err, errlen, N_("--requested-by: %s is neither %s nor the reviewer replaced "
			 "(a reviewer may only ask to redraw its own slot, C9)"),
			 q->requested_by ? q->requested_by : "(none)", r->v[x].code);
		return LOTS_EINPUT;
	}
	if (reason < 0) {
		msg_const(err, errlen, N_("--reason: unknown reason"));
		return LOTS_EINPUT;
	}
	if (reason >= LOTS_REASON_EXCEPTIONAL && (!q->note || !*q->note)) {
		msg_set(err, errlen, N_("--note: reason %s needs a note (paras 28 e, 30)"), q->reason);
		return LOTS_EINPUT;
	}
	if (reason == LOTS_REASON_EXCEPTIONAL && (!q->decision || !*q->decision)) {
		msg_const(err, errlen, N_("--decision: reason exceptional needs the reference of the "
			 "recorded decision that allows it (para 28 e)"));
		return LOTS_EINPUT;
	}
	int counted = 0;
	for (size_t i = 0; i < p->nrq; i++)
		counted += p->rq_rev[i] == x && p->rq_by[i] == by;
	if (reason < LOTS_REASON_EXCEPTIONAL && counted >= p->prm.redraw_limit) {
		msg_set(err, errlen, N_("rule 'at most four redraw requests' (para 28 d) cannot be met "
			 "for %s: it has already asked for %d redraws in the review of %s"), r->v[by].code,
			 counted, r->v[x].code);
		return LOTS_EINFEASIBLE;
	}
	struct ev_slot old = v->s[k];
	unsigned ms = r->v[x].instruments & INSTR_ALL;
	struct evwhy w;
	/* The slot is left out while its replacement is drawn, so that the
	 * candidates are judged against the rest of the review. */
	v->s[k].st = x;
	int got;
	if (old.role == LOTS_ADDITIONAL) {
		got = pick(p, v, old.role, old.instr, g, &w);
	} else {
		/* A base keeps exactly the instruments of the one it replaces:
		 * the candidates of pick() with that composition, drawn alike. */
		int *c = xmalloc((r->n + 1) * sizeof *c), nc = 0, nz = 0;
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < r->n; i++) {
				int t = (int)i;
				if (t == x || !lots_int_may_review(&r->v[t]) ||
				    (r->v[t].group == r->v[x].group) != (old.role == LOTS_SAME_REGION) ||
				    (ms & r->v[t].instruments) != old.instr || ev_slot_of(v, t) >= 0 ||
				    ev_pair_has(p, t, x) || ev_pair_has(p, x, t) ||
				    p->load[t] >= p->cap[t] || (p->load[t] == 0) != (pass == 0))
					continue;
				c[nc++] = t;
				nz += pass == 0;
			}
		got = nc ? c[lots_rng_below(g, (uint32_t)(nz ? nz : nc))] : -1;
		free(c);
		if (got < 0) {
			pick(p, v, old.role, 0, g, &w);   /* for the counts of why */
			if (!w.region && !w.in_review && !w.before && !w.recip && !w.full)
				w.instr = w.pool;
		}
	}
	v->s[k] = old;
	if (got < 0) {
		why_msg(&w, lots_role_code(old.role), r->v[x].code, r->v[y].code, err, errlen);
		return LOTS_EINFEASIBLE;
	}
	v->s[k].st = got;
	p->load[y]--;
	p->load[got]++;
	ev_pair_add(p, got, x);
	json_t *c = change("replace", p, x, got, old.role, old.instr);
	json_object_set_new(c, "old", json_string(r->v[y].code));
	json_array_append_new(changes, c);
	if (reason < LOTS_REASON_EXCEPTIONAL)
		ev_rq_add(p, x, by);
	return LOTS_OK;
}

static void op_seed(const struct ev_prog *p, const struct ev_req *q, int seq, const char *prev,
		    unsigned char out[32])
{
	char hex[65];
	struct buf b = { 0 };
	lots_hex(p->seed, 32, hex);
	buf_printf(&b, "revmech-op-seed/1\n%s\n%s\n%s\n%s\n%d\n%d\n%s\n%s\n", hex, q->kind,
		   q->state && *q->state ? q->state : "-",
		   q->instrument && *q->instrument ? q->instrument : "-", q->cohort, seq, p->head,
		   prev);
	if (!strcmp(q->kind, "redraw"))
		buf_printf(&b, "%s\n%s\n", q->replace ? q->replace : "-",
			   q->requested_by ? q->requested_by : "-");
	crypto_hash_sha256(out, (const unsigned char *)b.p, b.len);
	buf_free(&b);
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

int ev_compute(struct ev_prog *p, const struct ev_req *q, int seq, const char *prev,
	       json_t **out, char *err, size_t errlen)
{
	const struct roster *r = &p->cur;
	json_t *changes = json_array(), *carried = json_array(), *exceptions = json_array();
	unsigned char key[32];
	struct lots_rng g;
	int rc = LOTS_EINPUT, made = 0, x = -1;
	*out = NULL;
	op_seed(p, q, seq, prev, key);
	lots_rng_init(&g, key, EV_DOMAIN, 0);
	if (q->state && *q->state && (x = ev_cur_of(p, q->state)) < 0) {
		msg_set(err, errlen, N_("--state: %s is not a party in the store"), q->state);
		goto out;
	}
	if (!strcmp(q->kind, "join")) {
		if (x < 0) {
			msg_const(err, errlen, N_("--state: a join names the party that joins"));
			goto out;
		}
		if (p->rvi[x] >= 0) {
			msg_set(err, errlen, N_("--state: %s is already reviewed in the programme "
				 "(cohort %d)"), q->state, p->v[p->rvi[x]].year);
			goto out;
		}
		if (!lots_int_reviewed(&r->v[x])) {
			msg_set(err, errlen, N_("--state: %s is not to be reviewed (not a party to the "
				 "Convention in a regional group, or opted out)"), q->state);
			goto out;
		}
		if (q->cohort < 1 || q->cohort > p->prm.cohorts) {
			msg_const(err, errlen, N_("--cohort: every cohort has started; name the cohort "
				 "the Conference decided (--cohort N --decision REF)"));
			goto out;
		}
		struct ev_review *v = ev_add_review(p, x, q->cohort);
		v->late = 1;
		v->consent = q->consent_ref && *q->consent_ref;
		json_t *c = change("review", p, x, -1, -1, 0);
		json_object_set_new(c, "year", json_integer(q->cohort));
		json_array_append_new(changes, c);
		fill_review(p, (size_t)p->rvi[x], &g, changes, carried);
		if (q->share)
			ev_share_load(p, x, &g, changes, exceptions);
		made = 1;
	} else if (!strcmp(q->kind, "protocol")) {
		int in = q->instrument ? roster_instrument_parse(q->instrument) : -1;
		if (in <= INSTR_UNTOC) {
			msg_set(err, errlen, N_("--instrument: '%s' is not a Protocol (tip, som, firearms)"),
				 q->instrument ? q->instrument : "");
			goto out;
		}
		if (x < 0 || p->rvi[x] < 0 || p->v[p->rvi[x]].withdrawn) {
			msg_set(err, errlen, N_("--state: %s is not reviewed in the programme"),
				 q->state ? q->state : "(none)");
			goto out;
		}
		if (!(r->v[x].instruments & INSTR_BIT(in))) {
			msg_set(err, errlen, N_("--instrument: %s is not a party to %s in the store "
				 "(import its ratification first: revmech roster import)"), q->state,
				 q->instrument);
			goto out;
		}
		struct ev_review *v = &p->v[p->rvi[x]];
		int c = 0;
		for (int k = 0; k < v->n; k++)
			c += !!(v->s[k].instr & INSTR_BIT(in));
		if (c >= 2) {
			msg_set(err, errlen, N_("the review of %s already has two reviewers for %s "
				 "(para 26): nothing to draw"), q->state, q->instrument);
			rc = LOTS_EINFEASIBLE;
			goto out;
		}
		if (q->consent_ref && *q->consent_ref)
			v->consent = 1;
		made = fill_review(p, (size_t)p->rvi[x], &g, changes, carried);
	} else if (!strcmp(q->kind, "redraw")) {
		if ((rc = op_redraw(p, q, x, &g, changes, err, errlen)) != LOTS_OK)
			goto out;
		rc = LOTS_EINPUT;
		made = 1;
	} else if (!strcmp(q->kind, "event")) {
		if (q->cohort < 0 || q->cohort > p->prm.cohorts) {
			msg_const(err, errlen, N_("--cohort: must be 1 to 3 (or absent for every cohort)"));
			goto out;
		}
		/* Reviews in code order: the roster from the store is sorted. */
		int *ord = xmalloc((p->nv + 1) * sizeof *ord);
		for (size_t i = 0; i < p->nv; i++)
			ord[i] = p->v[i].reviewed;
		lots_sort_by_code(r, ord, p->nv);
		for (size_t i = 0; i < p->nv; i++) {
			size_t vi = (size_t)p->rvi[ord[i]];
			if (q->cohort && p->v[vi].year != q->cohort)
				continue;
			struct buf nb = { 0 };
			int open = ev_needs(p, vi, &nb);
			buf_free(&nb);
			if (open)
				made += fill_review(p, vi, &g, changes, carried);
		}
		free(ord);
		if (!made && !json_array_size(carried)) {
			if (q->cohort)
				msg_set(err, errlen, N_("nothing to draw: every review of cohort %d has its "
					 "reviewers"), q->cohort);
			else
				msg_const(err, errlen, N_("nothing to draw: every review has its reviewers"));
			rc = LOTS_EINFEASIBLE;
			goto out;
		}
	} else if (!strcmp(q->kind, "optout")) {
		if ((rc = ev_op_optout(p, x, &g, changes, carried, err, errlen)) != LOTS_OK)
			goto out;
		rc = LOTS_EINPUT;
		made = 1;
	} else {
		msg_set(err, errlen, N_("unknown operation '%s' (event, join, protocol)"), q->kind);
		goto out;
	}
	/* An op that changes nothing is not recorded (so that nobody can
	 * move the sequence number on to another seed): what stays open is
	 * reported, and stays carried (R60, R68). */
	if (!made) {
		struct buf b = { 0 };
		for (size_t i = 0; i < json_array_size(carried); i++)
			buf_printf(&b, "%s%s", i ? "; " : "", json_string_value(json_object_get(
				json_array_get(carried, i), "reason")));
		/* The reasons are the stored ones of the carried slots (English,
		 * as the programme's document records them). */
		msg_set(err, errlen, N_("nothing could be drawn; still open (carried to a later "
					"meeting): %s"), buf_str(&b));
		buf_free(&b);
		rc = LOTS_EINFEASIBLE;
		goto out;
	}
	char hex[65], com[65];
	lots_hex(key, 32, hex);
	lots_seed_commitment(p->seed, com);
	json_t *doc = json_object();
	json_object_set_new(doc, "format", json_string(LOTS_OP_FORMAT));
	json_object_set_new(doc, "seq", json_integer(seq));
	json_object_set_new(doc, "kind", json_string(q->kind));
	json_object_set_new(doc, "meeting", json_string(q->meeting ? q->meeting : ""));
	json_object_set_new(doc, "cohort", q->cohort ? json_integer(q->cohort) : json_null());
	json_object_set_new(doc, "state", text_or_null(q->state));
	json_object_set_new(doc, "instrument", text_or_null(q->instrument));
	json_object_set_new(doc, "decision", text_or_null(q->decision));
	json_object_set_new(doc, "consent", q->consent_ref && *q->consent_ref ?
		json_pack("{s:s, s:s, s:s}", "by", q->consent_by, "date", q->consent_date,
			  "reference", q->consent_ref) : json_null());
	int reason = q->reason ? lots_reason_parse(q->reason) : -1;
	json_object_set_new(doc, "request", strcmp(q->kind, "redraw") ? json_null() :
		json_pack("{s:s, s:s, s:s, s:b, s:o}", "replace", q->replace, "requested_by",
			  q->requested_by, "reason", q->reason, "counted",
			  reason >= 0 && reason < LOTS_REASON_EXCEPTIONAL, "note", text_or_null(q->note)));
	json_object_set_new(doc, "draw_seed_commitment", json_string(com));
	json_object_set_new(doc, "base_head", json_string(p->head));
	json_object_set_new(doc, "seed", json_string(hex));
	json_object_set_new(doc, "changes", changes);
	json_object_set_new(doc, "carried", carried);
	/* Only when there is one, so that the documents made before R62's
	 * reassignment replay unchanged. */
	if (json_array_size(exceptions))
		json_object_set(doc, "exceptions", exceptions);
	json_object_set_new(doc, "prev", json_string(prev));
	changes = carried = NULL;
	char h[65];
	ev_doc_hash(doc, h);
	json_object_set_new(doc, "hash", json_string(h));
	*out = doc;
	rc = LOTS_OK;
out:
	json_decref(changes);
	json_decref(carried);
	json_decref(exceptions);
	return rc;
}

/* For events_late.c: the rules of a slot as this file applies them. */
int ev_pick(const struct ev_prog *p, const struct ev_review *v, int role, unsigned m,
	    struct lots_rng *g, char *why, size_t whylen)
{
	struct evwhy w;
	int y = pick(p, v, role, m, g, &w);
	if (y < 0 && why)
		why_text(&w, lots_role_code(role), p->cur.v[v->reviewed].code, why, whylen);
	return y;
}

json_t *ev_change(const char *act, const struct ev_prog *p, int x, int y, int role, unsigned m)
{
	return change(act, p, x, y, role, m);
}

void ev_carry(json_t *carried, const struct ev_prog *p, int x, int role, unsigned m,
	      const char *reason)
{
	carry(carried, p, x, role, m, reason);
}

