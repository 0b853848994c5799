/* readable.c - whether an actor may read an archived record now, by the
 * rule that reading it uses (issue 10; paras 21, 30, 33, 37;
 * dialogue.h): what the archive's inclusion proof (and with it the
 * record's salt, layout /2) is given under, so that nothing else decides
 * who may test guesses of a record's text. */
#include "dialogue/dialogue.h"
#include "dialogue/dialogue_int.h"

#include <stdlib.h>
#include <string.h>

#include "dialogue/channel.h"
#include "review/country.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* Marks the texts for po/extract.py. */
#define N_(s) s

/* The rule of the review of th (ACCESS_ARCHIVE_PROOF): its participants
 * now, after every redraw (para 30), and the Secretariat; with no review
 * in the store, the reviewing States stored with the thread. */
static int review_rule(struct store *s, const struct access_actor *a,
		       const struct archive_thread *th, char *err, size_t errlen)
{
	struct country_review *cr = xcalloc(1, sizeof *cr);
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	char codes[2 * COUNTRY_MAX_REVIEWERS][4];
	int rc = DIALOGUE_ERROR;
	int got = country_review_load(s, th->reviewed, cr);
	if (got < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	if (got == 1) {
		country_review_access(cr, &ar, ptrs, sizeof ptrs / sizeof ptrs[0]);
	} else {
		size_t n = archive_thread_reviewers(th, codes, COUNTRY_MAX_REVIEWERS);
		for (size_t i = 0; i < n; i++)
			ptrs[i] = codes[i];
		memset(&ar, 0, sizeof ar);
		ar.reviewed = th->reviewed;
		ar.reviewers = ptrs;
		ar.nreviewers = n;
	}
	struct access_object o;
	memset(&o, 0, sizeof o);
	o.review = &ar;
	struct access_decision d = access_check(a, ACCESS_ARCHIVE_PROOF, &o);
	rc = DIALOGUE_OK;
	if (d.result != ACCESS_ALLOW) {
		util_strlcpy(err, d.reason ? d.reason : "refused", errlen);
		rc = DIALOGUE_FORBIDDEN;
	}
out:
	free(cr);
	return rc;
}

int dialogue_record_readable(struct store *s, const struct access_actor *a, int64_t id,
			     char *err, size_t errlen)
{
	struct archive_record meta;
	struct archive_thread th;
	memset(&meta, 0, sizeof meta);
	int got = archive_record_meta(s, id, &meta);
	if (got == 1)
		got = archive_thread_get(s, meta.thread, &th);
	archive_record_free(&meta);
	if (got <= 0) {
		if (got == 0)
			msg_const(err, errlen, N_("no such item"));
		else
			msg_internal(err, errlen, store_errmsg(s));
		return got == 0 ? DIALOGUE_NOT_FOUND : DIALOGUE_ERROR;
	}
	/* Para 33: every record of a channel's thread (its envelope too) is
	 * the channel's: its States, the review now. */
	if (!strcmp(th.instrument, DIALOGUE_THREAD_CHANNEL))
		return channel_thread_readable(s, a, th.id, err, errlen);
	/* The agreements to a list or summary (paras 38-39) and the archived
	 * rows (a thread's envelope, an observation's metadata) are read by
	 * no one through the dialogue: the rule of their review. */
	if (!strcmp(th.instrument, ARCHIVE_THREAD_LIST_AGREEMENTS) ||
	    !strcmp(meta.kind, ARCHIVE_KIND_THREAD) || !strcmp(meta.kind, ARCHIVE_KIND_OBSMETA))
		return review_rule(s, a, &th, err, errlen);
	/* The dialogue's items: dialogue_read()'s own decision (the thread's
	 * participants now, the disclosures in force, paras 30, 37, 40-41). */
	int c = dialogue_read_decide(s, a, id, &meta, err, errlen);
	if (c == DIALOGUE_OK)
		archive_record_free(&meta);
	return c;
}
