/* events_prog.c - the programme in force (issue 12; R60, R68): the draw
 * after its redraws with every earlier op document applied in order
 * (ev_prog_build), the history of pairs every op is judged against (para
 * 28 a, C9, R54), the requests counted (para 28 d), and the hashes that
 * chain the op documents.  Pure functions of their inputs; split from
 * events.c (events_int.h), which computes one op on it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/events_int.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

void ev_instr_text(unsigned m, char *out, size_t n)
{
	struct buf b = { 0 };
	for (int i = 0; i < INSTR_COUNT; i++)
		if (m & INSTR_BIT(i))
			buf_printf(&b, "%s%s", b.len ? " " : "", roster_instrument_code(i));
	util_strlcpy(out, buf_str(&b), n);
	buf_free(&b);
}

unsigned ev_instr_parse(const char *s)
{
	unsigned m = 0;
	char w[16];
	while (s && *s) {
		size_t k = strcspn(s, " ");
		if (k && k < sizeof w) {
			memcpy(w, s, k);
			w[k] = 0;
			int i = roster_instrument_parse(w);
			if (i >= 0)
				m |= INSTR_BIT(i);
		}
		s += k + (s[k] == ' ');
	}
	return m;
}

int ev_pair_has(const struct ev_prog *p, int a, int b)
{
	for (size_t i = 0; i < p->np; i++)
		if (p->pa[i] == a && p->pb[i] == b)
			return 1;
	return 0;
}

void ev_pair_add(struct ev_prog *p, int a, int b)
{
	if (ev_pair_has(p, a, b))
		return;
	if (p->np == p->pcap) {
		p->pcap = p->pcap ? 2 * p->pcap : 1024;
		p->pa = xreallocarray(p->pa, p->pcap, sizeof *p->pa);
		p->pb = xreallocarray(p->pb, p->pcap, sizeof *p->pb);
	}
	p->pa[p->np] = a;
	p->pb[p->np++] = b;
}

void ev_rq_add(struct ev_prog *p, int reviewed, int by)
{
	p->rq_rev = xreallocarray(p->rq_rev, p->nrq + 1, sizeof *p->rq_rev);
	p->rq_by = xreallocarray(p->rq_by, p->nrq + 1, sizeof *p->rq_by);
	p->rq_rev[p->nrq] = reviewed;
	p->rq_by[p->nrq++] = by;
}

struct ev_review *ev_add_review(struct ev_prog *p, int reviewed, int year)
{
	p->v = xreallocarray(p->v, p->nv + 1, sizeof *p->v);
	struct ev_review *v = &p->v[p->nv];
	memset(v, 0, sizeof *v);
	v->reviewed = reviewed;
	v->year = year;
	p->rvi[reviewed] = (int)p->nv++;
	return v;
}

int ev_cur_of(const struct ev_prog *p, const char *code)
{
	return code ? (int)roster_find(&p->cur, code) : -1;
}

int ev_slot_of(const struct ev_review *v, int st)
{
	for (int k = 0; k < v->n; k++)
		if (v->s[k].st == st)
			return k;
	return -1;
}

/* Applies the changes of one op document to p. */
static int apply_doc(struct ev_prog *p, json_t *doc, char *err, size_t errlen)
{
	json_t *ch = json_object_get(doc, "changes");
	size_t i;
	json_t *c;
	json_array_foreach(ch, i, c) {
		const char *act = json_string_value(json_object_get(c, "action"));
		int x = ev_cur_of(p, json_string_value(json_object_get(c, "reviewed")));
		int y = ev_cur_of(p, json_string_value(json_object_get(c, "reviewer")));
		if (x < 0 || !act) {
			msg_set(err, errlen, N_("op %lld: change %zu names no known State"),
				 (long long)json_integer_value(json_object_get(doc, "seq")), i);
			return LOTS_EINPUT;
		}
		if (!strcmp(act, "review")) {
			if (p->rvi[x] < 0)
				ev_add_review(p, x, (int)json_integer_value(json_object_get(c, "year")))->late = 1;
			continue;
		}
		if (!strcmp(act, "withdraw")) {   /* C34: reviewed no more (events_late.c) */
			if (p->rvi[x] >= 0) {
				struct ev_review *w = &p->v[p->rvi[x]];
				for (int k = 0; k < w->n; k++)
					p->load[w->s[k].st]--;
				w->n = 0;
				w->withdrawn = 1;
			}
			continue;
		}
		if (p->rvi[x] < 0 || y < 0)
			continue;
		struct ev_review *v = &p->v[p->rvi[x]];
		unsigned m = ev_instr_parse(json_string_value(json_object_get(c, "instruments")));
		int k = ev_slot_of(v, y);
		if (!strcmp(act, "extend")) {
			if (k >= 0)    /* a redraw since may have replaced it */
				v->s[k].instr |= m;
		} else if (!strcmp(act, "replace")) {
			int o = ev_slot_of(v, ev_cur_of(p, json_string_value(json_object_get(c, "old"))));
			if (o >= 0 && k < 0) {
				p->load[v->s[o].st]--;
				v->s[o].st = y;
				p->load[y]++;
				ev_pair_add(p, y, x);
			}
		} else if (!strcmp(act, "remove")) {   /* C34: reviewer no more, none to take it */
			if (k >= 0) {
				p->load[y]--;
				v->s[k] = v->s[--v->n];
			}
		} else if (!strcmp(act, "add") && k < 0 && v->n < EV_SLOTS) {
			const char *role = json_string_value(json_object_get(c, "role"));
			v->s[v->n++] = (struct ev_slot){ y, role && !strcmp(role, "same_region") ?
				LOTS_SAME_REGION : role && !strcmp(role, "other_region") ?
				LOTS_OTHER_REGION : LOTS_ADDITIONAL, m };
			p->load[y]++;
			ev_pair_add(p, y, x);
		}
	}
	json_t *cs = json_object_get(doc, "consent"), *rq = json_object_get(doc, "request");
	int s = ev_cur_of(p, json_string_value(json_object_get(doc, "state")));
	if (json_is_object(rq) && json_is_true(json_object_get(rq, "counted")) && s >= 0)
		ev_rq_add(p, s, ev_cur_of(p, json_string_value(json_object_get(rq, "requested_by"))));
	if (json_is_object(cs) && s >= 0 && p->rvi[s] >= 0)
		p->v[p->rvi[s]].consent = 1;
	return LOTS_OK;
}

int ev_prog_build(struct ev_prog *p, const char *cur_csv, const struct roster *r,
		  const struct lots_draw *d, json_t *const *ops, size_t nops, char *err,
		  size_t errlen)
{
	memset(p, 0, sizeof *p);
	if (roster_parse_csv(cur_csv, strlen(cur_csv), &p->cur, err, errlen) < 0)
		return LOTS_EINPUT;
	size_t n = p->cur.n + 1;
	p->rvi = xmalloc(n * sizeof *p->rvi);
	p->load = xcalloc(n, sizeof *p->load);
	p->cap = xcalloc(n, sizeof *p->cap);
	struct lots_params ptmp;
	p->prm = *lots_draw_params(d, &ptmp);
	for (size_t i = 0; i < p->cur.n; i++) {
		p->rvi[i] = -1;
		p->cap[i] = p->prm.load_max + (p->cur.v[i].extra_reviews > 0 ?
					     p->cur.v[i].extra_reviews : 0);
	}
	memcpy(p->seed, d->seed, 32);
	if (d->nredraws)
		util_strlcpy(p->head, d->redraws[d->nredraws - 1].hash, sizeof p->head);
	else
		lots_chain_root(d, p->head);
	for (size_t i = 0; i < d->nreviews; i++) {
		const struct lots_review *w = &d->reviews[i];
		int x = ev_cur_of(p, r->v[w->reviewed].code);
		if (x < 0) {
			msg_set(err, errlen, N_("%s is reviewed in the draw but no longer a party"),
				 r->v[w->reviewed].code);
			return LOTS_EINPUT;
		}
		struct ev_review *v = ev_add_review(p, x, w->year);
		for (int k = 0; k < w->n && k < EV_SLOTS; k++) {
			int y = ev_cur_of(p, r->v[w->r[k].state].code);
			if (y < 0) {
				msg_set(err, errlen, N_("%s reviews in the draw but is no longer a party"),
					 r->v[w->r[k].state].code);
				return LOTS_EINPUT;
			}
			v->s[v->n++] = (struct ev_slot){ y, w->r[k].role, w->r[k].instr };
			p->load[y]++;
			ev_pair_add(p, y, x);
		}
	}
	for (size_t i = 0; i < d->nredraws; i++) {
		const struct lots_redraw *w = &d->redraws[i];
		int x = ev_cur_of(p, r->v[w->reviewed].code);
		if (x >= 0 && p->rvi[x] >= 0 && w->consent_ref)
			p->v[p->rvi[x]].consent = 1;
		if (x >= 0 && w->reason < LOTS_REASON_EXCEPTIONAL)
			ev_rq_add(p, x, ev_cur_of(p, r->v[w->requested_by].code));
		for (int m = 0; m < w->nmoves; m++)
			if (w->moves[m].old_state >= 0) {
				int a = ev_cur_of(p, r->v[w->moves[m].old_state].code);
				int b = ev_cur_of(p, r->v[w->moves[m].reviewed].code);
				if (a >= 0 && b >= 0)
					ev_pair_add(p, a, b);
			}
	}
	for (size_t i = 0; i < nops; i++)
		if (apply_doc(p, ops[i], err, errlen) != LOTS_OK)
			return LOTS_EINPUT;
	return LOTS_OK;
}

void ev_prog_free(struct ev_prog *p)
{
	roster_free(&p->cur);
	free(p->v);
	free(p->rvi);
	free(p->pa);
	free(p->pb);
	free(p->load);
	free(p->cap);
	free(p->rq_rev);
	free(p->rq_by);
	memset(p, 0, sizeof *p);
}

void ev_doc_hash(json_t *doc, char out[65])
{
	json_t *c = json_copy(doc);
	json_object_del(c, "hash");
	char *t = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	lots_sha256_hex(t ? t : "", t ? strlen(t) : 0, out);
	free(t);
	json_decref(c);
}

void ev_root(const struct ev_prog *p, char out[65])
{
	char com[65];
	struct buf b = { 0 };
	lots_seed_commitment(p->seed, com);
	buf_printf(&b, "revmech-draw-ops-root/1\ncommitment=%s\n", com);
	lots_sha256_hex(b.p, b.len, out);
	buf_free(&b);
}
