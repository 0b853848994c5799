/* listctx.c - see listctx.h. */
#include "web/listctx.h"

#include <stdio.h>
#include <string.h>

#include "findings/followup.h"
#include "review/people.h"
#include "util/util.h"
#include "web/pages.h"

int listctx_load(struct store *s, const char *state, const char *phase, struct listctx *x)
{
	memset(x, 0, sizeof *x);
	int r = respctx_load(s, state, phase, &x->c);
	if (r <= 0)
		return r;
	x->lr.reviewed = x->c.rv.reviewed;
	x->lr.phase = x->c.rv.phase;
	x->lr.instruments = x->c.rv.instruments;
	x->lr.reviewers = x->c.ar.reviewers;
	x->lr.nreviewers = x->c.ar.nreviewers;
	int c = followup_communicated(s, x->lr.reviewed, x->lr.phase);
	if (list_status_get(s, x->lr.reviewed, x->lr.phase, &x->st) < 0 || c < 0) {
		respctx_free(&x->c);
		return -1;
	}
	x->communicated = c;
	return 1;
}

void listctx_free(struct listctx *x)
{
	respctx_free(&x->c);
}

struct access_decision listctx_ask(struct web_req *rq, const struct listctx *x,
				   enum access_action act, const char *instrument)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(&x->c, instrument);
	switch (act) {
	case ACCESS_LIST_CRP_READ:
		o.submitted = x->st.final;
		break;
	case ACCESS_FOLLOWUP_READ:
		o.submitted = x->communicated;
		break;
	case ACCESS_LIST_CONFIDENTIAL:
	case ACCESS_FOLLOWUP_EDIT:
		o.focal_point_id = people_focal_point_id(rq->db, x->lr.reviewed);
		break;
	case ACCESS_LIST_AGREE:
		/* Each State agrees through its own named focal point. */
		o.focal_point_id = rq->user.state[0] ? people_focal_point_id(rq->db, rq->user.state)
						     : 0;
		break;
	case ACCESS_TA_DISSEMINATE:
		/* ta (R117): an agreed list, unless the State chose not to
		 * share its needs (a store error withholds them). */
		o.submitted = x->st.agreed_version > 0;
		o.ta_withheld = followup_sharing_get(rq->db, x->lr.reviewed) != 1;
		break;
	case ACCESS_TA_DISSEMINATION_READ:
		o.state = x->lr.reviewed;
		break;
	default:
		break;
	}
	return access_check(&a, act, &o);
}

int listctx_allowed(struct web_req *rq, const struct listctx *x, enum access_action act,
		    const char *instrument)
{
	return listctx_ask(rq, x, act, instrument).result == ACCESS_ALLOW;
}

void listctx_may_change(struct web_req *rq, const struct listctx *x, char *out, size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (const char *q = x->lr.instruments; *q;) {
		char inst[16];
		size_t len = strcspn(q, ",");
		snprintf(inst, sizeof inst, "%.*s", (int)(len < 15 ? len : 15), q);
		q += len + (q[len] == ',');
		if (listctx_allowed(rq, x, ACCESS_LIST_EDIT, inst) && used + len + 2 < outlen) {
			snprintf(out + used, outlen - used, "%s%s", used ? "," : "", inst);
			used = strlen(out);
		}
	}
}

int listctx_visible(const char *instrument, void *ctx)
{
	struct listctx_vis *v = ctx;
	return listctx_allowed(v->rq, v->x, ACCESS_LIST_READ, instrument);
}

/* ---- Labels in the page's language, shared by the list, follow-up and
 * blueprint pages ---- */

const char *listctx_type_label(const struct web_req *rq, const char *type)
{
	if (!strcmp(type, "gap"))
		return T("Gap or difficulty");
	if (!strcmp(type, "good_practice"))
		return T("Good practice");
	if (!strcmp(type, "suggestion"))
		return T("Suggestion");
	if (!strcmp(type, "ta_need"))
		return T("Technical assistance need");
	return type;
}

const char *listctx_instrument_name(const struct web_req *rq, const char *inst)
{
	if (!strcmp(inst, "untoc"))
		return T("Organized Crime Convention");
	if (!strcmp(inst, "tip"))
		return T("Trafficking in Persons Protocol");
	if (!strcmp(inst, "som"))
		return T("Smuggling of Migrants Protocol");
	if (!strcmp(inst, "firearms"))
		return T("Firearms Protocol");
	return inst;
}

const char *listctx_priority_label(const struct web_req *rq, const char *p)
{
	if (!strcmp(p, "high"))
		return T("High priority");
	if (!strcmp(p, "medium"))
		return T("Medium priority");
	if (!strcmp(p, "low"))
		return T("Low priority");
	return "";
}

const char *listctx_status_label(const struct web_req *rq, const char *s)
{
	if (!strcmp(s, "in_progress"))
		return T("In progress");
	if (!strcmp(s, "met"))
		return T("Met");
	return T("Open");
}
