/* events_late.c - what a programme owes a State whose standing changed
 * after its drawing of lots (issue 12; R62, para 29, C5, C34): a late
 * party is given a review to do as a reviewer by the smallest
 * reassignment (one slot moved to it), and an opt-out recorded after the
 * draw is applied by an op "optout" (its review withdrawn, its reviewer
 * slots redrawn).  Both are drawn from the op's stream (events.c), so
 * `draw verify --db` replays them; events_check.c also fails a programme
 * that still draws an opted-out State without such an op. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/events_int.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

void ev_share_load(struct ev_prog *p, int x, struct lots_rng *g, json_t *changes,
		   json_t *exceptions)
{
	const struct roster *r = &p->cur;
	if (!lots_int_may_review(&r->v[x]) || p->load[x] >= p->cap[x] ||
	    p->load[x] >= (p->prm.load_min > 1 ? p->prm.load_min : 1))
		return;
	/* The reviewer who gives up its slot keeps the minimum (para 29). */
	int keep = p->prm.load_min > 1 ? p->prm.load_min : 1;
	size_t nc = 0, cap = 16;
	int *cv = xmalloc(cap * sizeof *cv), *ck = xmalloc(cap * sizeof *ck);
	int slots = 0, low = 0, region = 0, instr = 0, hist = 0;
	for (size_t i = 0; i < p->nv; i++) {
		const struct ev_review *v = &p->v[i];
		int a = v->reviewed;
		if (v->withdrawn || a == x)
			continue;
		unsigned ms = r->v[a].instruments & INSTR_ALL;
		for (int k = 0; k < v->n; k++) {
			const struct ev_slot *s = &v->s[k];
			slots++;
			if (p->load[s->st] - 1 < keep) {
				low++;
				continue;
			}
			int same = r->v[x].group == r->v[a].group;
			if ((s->role == LOTS_SAME_REGION && !same) ||
			    (s->role == LOTS_OTHER_REGION && same)) {
				region++;
				continue;
			}
			/* A base keeps the review's composition; an additional
			 * needs every instrument in its charge. */
			if (s->role == LOTS_ADDITIONAL ? (r->v[x].instruments & s->instr) != s->instr :
			    (ms & r->v[x].instruments) != s->instr) {
				instr++;
				continue;
			}
			if (ev_slot_of(v, x) >= 0 || ev_pair_has(p, x, a) || ev_pair_has(p, a, x)) {
				hist++;
				continue;
			}
			if (nc == cap) {
				cap *= 2;
				cv = xreallocarray(cv, cap, sizeof *cv);
				ck = xreallocarray(ck, cap, sizeof *ck);
			}
			cv[nc] = (int)i;
			ck[nc++] = k;
		}
	}
	if (!nc) {
		char why[600];
		snprintf(why, sizeof why, "%s reviews no State: of the %d slots of the programme, "
			 "%d are held by a reviewer that would keep fewer than %d reviews, %d are of "
			 "the wrong regional group, %d need instruments it is not party to, %d are in "
			 "a review it is in, was in or is reviewed by (C9, para 28 a) (R62, para 29)",
			 r->v[x].code, slots, low, keep, region, instr, hist);
		json_array_append_new(exceptions, json_pack("{s:s, s:s}", "state", r->v[x].code,
							    "reason", why));
		goto out;
	}
	uint32_t c = lots_rng_below(g, (uint32_t)nc);
	struct ev_review *v = &p->v[cv[c]];
	struct ev_slot *s = &v->s[ck[c]];
	int old = s->st;
	s->st = x;
	p->load[old]--;
	p->load[x]++;
	ev_pair_add(p, x, v->reviewed);
	json_t *ch = ev_change("replace", p, v->reviewed, x, s->role, s->instr);
	json_object_set_new(ch, "old", json_string(r->v[old].code));
	json_object_set_new(ch, "why", json_string("R62"));
	json_array_append_new(changes, ch);
out:
	free(cv);
	free(ck);
}

int ev_op_optout(struct ev_prog *p, int x, struct lots_rng *g, json_t *changes,
		 json_t *carried, char *err, size_t errlen)
{
	const struct roster *r = &p->cur;
	int made = 0;
	if (x < 0) {
		msg_const(err, errlen, N_("--state: an opt-out names the State"));
		return LOTS_EINPUT;
	}
	int reviewed = lots_int_reviewed(&r->v[x]), reviewer = lots_int_may_review(&r->v[x]);
	if (reviewed && reviewer) {
		msg_set(err, errlen, N_("--state: %s has no opt-out recorded (revmech draw opt-out "
			 "first)"), r->v[x].code);
		return LOTS_EINPUT;
	}
	if (!reviewed && p->rvi[x] >= 0 && !p->v[p->rvi[x]].withdrawn) {
		struct ev_review *v = &p->v[p->rvi[x]];
		for (int k = 0; k < v->n; k++)
			p->load[v->s[k].st]--;
		v->n = 0;
		v->withdrawn = 1;
		json_array_append_new(changes, ev_change("withdraw", p, x, -1, -1, 0));
		made++;
	}
	for (size_t i = 0; !reviewer && i < p->nv; i++) {
		struct ev_review *v = &p->v[i];
		int k = ev_slot_of(v, x);
		if (v->withdrawn || k < 0)
			continue;
		struct ev_slot old = v->s[k];
		char why[600];
		/* The slot is left out while its replacement is drawn (as a
		 * redraw does); the replacement takes the same instruments. */
		v->s[k].st = v->reviewed;
		int y = ev_pick(p, v, old.role, old.instr, g, why, sizeof why);
		v->s[k] = old;
		p->load[x]--;
		if (y >= 0) {
			v->s[k].st = y;
			p->load[y]++;
			ev_pair_add(p, y, v->reviewed);
			json_t *ch = ev_change("replace", p, v->reviewed, y, old.role, old.instr);
			json_object_set_new(ch, "old", json_string(r->v[x].code));
			json_object_set_new(ch, "why", json_string("C34"));
			json_array_append_new(changes, ch);
		} else {
			v->s[k] = v->s[--v->n];
			json_array_append_new(changes, ev_change("remove", p, v->reviewed, x, old.role,
								 old.instr));
			ev_carry(carried, p, v->reviewed, old.role, old.instr, why);
		}
		made++;
	}
	if (!made) {
		if (!reviewed && !reviewer)
			msg_set(err, errlen, N_("nothing to do: the programme draws %s in nothing its "
				"opt-out (both) excludes"), r->v[x].code);
		else if (!reviewed)
			msg_set(err, errlen, N_("nothing to do: the programme draws %s in nothing its "
				"opt-out (not reviewed) excludes"), r->v[x].code);
		else
			msg_set(err, errlen, N_("nothing to do: the programme draws %s in nothing its "
				"opt-out (not a reviewer) excludes"), r->v[x].code);
		return LOTS_EINFEASIBLE;
	}
	return LOTS_OK;
}

/* Appended to `draw verify --db` (events_check.c): an opted-out State
 * still drawn with no op to apply its opt-out (C34), counted; and the
 * recorded exceptions of R62, reported not counted. */
int ev_check_optouts(const struct ev_prog *p, json_t *const *ops, size_t nops,
		     struct buf *report)
{
	const struct roster *r = &p->cur;
	int n = 0;
	for (size_t i = 0; i < p->nv; i++) {
		const struct ev_review *v = &p->v[i];
		if (!v->withdrawn && !lots_int_reviewed(&r->v[v->reviewed])) {
			buf_printf(report, "programme: %s opted out of being reviewed (or is no longer "
				   "to be reviewed) but its review is still drawn with no event to "
				   "withdraw it (C34: revmech draw optout)\n", r->v[v->reviewed].code);
			n++;
		}
		for (int k = 0; k < v->n; k++)
			if (!lots_int_may_review(&r->v[v->s[k].st])) {
				buf_printf(report, "programme: %s opted out of being a reviewer but still "
					   "reviews %s with no event to redraw its slot (C34: revmech "
					   "draw optout)\n", r->v[v->s[k].st].code, r->v[v->reviewed].code);
				n++;
			}
	}
	for (size_t i = 0; i < nops; i++) {
		size_t j;
		json_t *e;
		json_array_foreach(json_object_get(ops[i], "exceptions"), j, e)
			buf_printf(report, "exception: op %lld: %s (recorded)\n",
				   (long long)json_integer_value(json_object_get(ops[i], "seq")),
				   json_string_value(json_object_get(e, "reason")));
	}
	return n;
}
