/* phasenav.c - see phasenav.h. */
#include "web/phasenav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogue/dialogue.h"

#include "web/listctx.h"
#include "web/pages.h"
#include "web/webutil.h"

/* Whether act is allowed for some instrument of the phase. */
static int any_instrument(struct web_req *rq, const struct listctx *x, enum access_action act)
{
	const char *p = x->c.rv.instruments;
	char inst[16];
	while (*p) {
		size_t l = strcspn(p, ",");
		if (l && l < sizeof inst) {
			memcpy(inst, p, l);
			inst[l] = '\0';
			if (listctx_allowed(rq, x, act, inst))
				return 1;
		}
		p += l;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* The channels page's question (page_channels through channel_list()):
 * ACCESS_CHANNEL_REQUESTS_READ of the review as a whole, with the
 * writer's object dialogue/ fills. */
static int channels_allowed(struct web_req *rq, const struct listctx *x)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o;
	memset(&o, 0, sizeof o);
	o.review = &x->c.ar;
	dialogue_writer_object(rq->db, &a, &o);
	return access_allowed(&a, ACCESS_CHANNEL_REQUESTS_READ, &o);
}

int phasenav_links(struct web_req *rq, const char *state, int phase, int may[PHASENAV_COUNT])
{
	struct listctx x;
	char ph[4];
	memset(may, 0, PHASENAV_COUNT * sizeof may[0]);
	if (!rq->authed || phase < 1 || phase > 4)
		return 0;
	snprintf(ph, sizeof ph, "%d", phase);
	int r = listctx_load(rq->db, state, ph, &x);
	if (r <= 0)
		return r;
	respctx_set_actor(rq->db, &x.c, &rq->user);
	may[PHASENAV_RESPONSES] = listctx_allowed(rq, &x, ACCESS_RESPONSE_READ, NULL);
	may[PHASENAV_DIALOGUE] = any_instrument(rq, &x, ACCESS_DIALOGUE_READ);
	if (!may[PHASENAV_DIALOGUE] && x.c.ar.ndisclosures) {
		/* disc2 (R101): one thread or one message disclosed alone --
		 * the threads dialogue/ lists, which asks access/ thread by
		 * thread and record by record, as the dialogue page does. */
		struct access_actor a = web_req_actor(rq);
		struct archive_thread *t = NULL;
		size_t nt = 0;
		if (dialogue_threads(rq->db, &a, state, phase, &t, &nt) == DIALOGUE_OK)
			may[PHASENAV_DIALOGUE] = nt > 0;
		free(t);
	}
	may[PHASENAV_OBSERVATIONS] = any_instrument(rq, &x, ACCESS_OBSERVATION_READ);
	may[PHASENAV_LIST] = listctx_allowed(rq, &x, ACCESS_LIST_READ, NULL);
	may[PHASENAV_FOLLOWUP] = listctx_allowed(rq, &x, ACCESS_FOLLOWUP_READ, NULL);
	may[PHASENAV_CHANNELS] = channels_allowed(rq, &x);
	listctx_free(&x);
	int n = 0;
	for (int i = 0; i < PHASENAV_PHASE_COUNT; i++)
		n += may[i] != 0;
	if (n == 0)
		return 0;
	/* Beyond the phase: the questions the routes of these pages ask. */
	struct access_actor a = web_req_actor(rq);
	may[PHASENAV_TA_NEEDS] = access_allowed(&a, ACCESS_TA_AGGREGATE_READ, NULL);
	may[PHASENAV_TA_PROVIDERS] = access_allowed(&a, ACCESS_TA_PROVIDERS_READ, NULL);
	may[PHASENAV_BLUEPRINT] = access_allowed(&a, ACCESS_PROGRAMME_READ, NULL);
	return n;
}

void phasenav_put(struct web_req *rq, struct buf *b, const char *state, int phase,
		  enum phasenav_page current)
{
	static const char *const path[PHASENAV_COUNT] = {
		"responses", "dialogue", "observations", "list", "followup", "channels",
		"/technical-assistance", "/technical-assistance/providers", "/blueprint"
	};
	/* The order shown: the channels beside the dialogue they complete. */
	static const int order[PHASENAV_COUNT] = {
		PHASENAV_RESPONSES, PHASENAV_DIALOGUE, PHASENAV_OBSERVATIONS, PHASENAV_CHANNELS,
		PHASENAV_LIST, PHASENAV_FOLLOWUP, PHASENAV_TA_NEEDS, PHASENAV_TA_PROVIDERS,
		PHASENAV_BLUEPRINT
	};
	const char *label[PHASENAV_COUNT] = { T("Responses"), T("Dialogue"),
					      T("Written observations"), T("List of observations"),
					      T("Follow-up"), T("Channels between experts"),
					      T("Technical assistance needs"),
					      T("Technical assistance providers"),
					      T("The blueprint") };
	int may[PHASENAV_COUNT];
	if (phasenav_links(rq, state, phase, may) <= 0)
		return;
	web_html(b, "<nav class=\"phase-nav\" id=\"phase-nav-%d\" aria-label=\"%s %d\"><ul>", phase,
		 T("Pages of phase"), phase);
	for (int k = 0; k < PHASENAV_COUNT; k++) {
		int i = order[k];
		if (!may[i])
			continue;
		const char *cur = i == (int)current ? " aria-current=\"page\"" : "";
		if (i < PHASENAV_PHASE_COUNT)
			web_html(b, "<li><a href=\"/reviews/%s/phases/%d/%s\"%r>%s</a></li>", state,
				 phase, path[i], cur, label[i]);
		else
			web_html(b, "<li class=\"beyond\"><a href=\"%s\"%r>%s</a></li>", path[i], cur,
				 label[i]);
	}
	web_html(b, "</ul></nav>\n");
}
