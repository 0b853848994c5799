/* summary_read.c - reading summaries: a summary's state in every
 * language, a language's text, and the archive references an agreed text
 * rests on (for the signed PDF).  See summary.h; split from summary.c,
 * which writes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/summary.h"
#include "output/summary_int.h"

#include <sodium.h>

#include "archive/archive.h"
#include "findings/list.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

int summary_list_mark(struct store *s, const char *reviewed, int phase, int *final,
		      long long *mark)
{
	struct list_status ls;
	*final = 0;
	*mark = -1;
	int r = list_status_get(s, reviewed, phase, &ls);
	if (r <= 0)
		return r;
	*final = ls.final;
	if (!ls.final)
		return 1;
	struct store_stmt *st = store_prepare(s,
		"SELECT COALESCE(MAX(a.archive_seq), -1) FROM obs_agreements a JOIN obs_lists l "
		"ON l.id = a.list_id WHERE l.reviewed = ? AND l.phase = ? AND a.version = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_int(st, 3, ls.agreed_version);
	int rc = store_step(st) == STORE_ROW ? 1 : -1;
	if (rc == 1)
		*mark = store_col_int(st, 0);
	store_finalize(st);
	return rc;
}

const char *summary_corr_name(int corr)
{
	return corr == SUMMARY_CORR_PENDING ? "corrigendum"
	       : corr == SUMMARY_CORR_CORRECTED ? "corrected" : "none";
}

/* Which language versions are official documents now (docs/summaries.md
 * "When is a summary public?"): a translation final of the agreed drafting
 * version; the drafting text once every translation is. */
static void official(struct summary_info *si)
{
	int di = summary_lang_index(si->drafting), all = si->agreed && si->version > 0;
	for (int i = 0; i < 6; i++) {
		struct summary_lang *l = &si->langs[i];
		if (i == di)
			continue;
		l->official = si->agreed && si->version > 0 && l->version > 0 &&
			      l->status == SUMMARY_FINAL && l->based_on == si->version;
		all &= l->official;
	}
	if (di >= 0)
		si->langs[di].official = all;
	for (int i = 0; i < 6; i++) {
		struct summary_lang *l = &si->langs[i];
		l->pub_version = l->official ? l->version : 0;
		l->pub_based_on = l->official ? (i == di ? 0 : l->based_on) : 0;
	}
}

/* The latest corrigendum of summary id (migration 0054): while it is open
 * each language issued before it stays the public version until the
 * correction is official in that language (SUMMARY_CORR_*).  0 or -1. */
static int corrigendum_load(struct store *s, long long id, struct summary_info *si)
{
	long long cid = -1;
	int open = 0;
	struct store_stmt *st = store_prepare(s,
		"SELECT id, number, issued_version, reason, closed_at, "
		"(SELECT count(*) FROM summary_corrigenda WHERE summary_id = ?) "
		"FROM summary_corrigenda WHERE summary_id = ? ORDER BY number DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, id);
	int r = store_step(st);
	if (r == STORE_ROW) {
		cid = store_col_int(st, 0);
		open = store_col_text(st, 4)[0] == '\0';
		si->corrigendum = open ? (int)store_col_int(st, 1) : 0;
		si->issued_version = (int)store_col_int(st, 2);
		util_strlcpy(si->corr_reason, store_col_text(st, 3), sizeof si->corr_reason);
		si->corrigenda = (int)store_col_int(st, 5);
	}
	store_finalize(st);
	if (r != STORE_ROW)
		return r == STORE_DONE ? 0 : -1;
	st = store_prepare(s, "SELECT lang, version, based_on FROM summary_corrigendum_langs "
			      "WHERE corrigendum_id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, cid);
	while ((r = store_step(st)) == STORE_ROW) {
		int i = summary_lang_index(store_col_text(st, 0));
		if (i < 0)
			continue;
		struct summary_lang *l = &si->langs[i];
		if (l->official && si->version > si->issued_version) {
			l->corr = SUMMARY_CORR_CORRECTED;
		} else if (open) {
			l->corr = SUMMARY_CORR_PENDING;
			l->pub_version = (int)store_col_int(st, 1);
			l->pub_based_on = (int)store_col_int(st, 2);
		}
	}
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

int summary_load(struct store *s, const char *reviewed, int phase, struct summary_info *out)
{
	long long id;
	char dl[3];
	int rc = -1;
	struct store_stmt *st = NULL;
	memset(out, 0, sizeof *out);
	int f = summary_find(s, reviewed ? reviewed : "", phase, &id, dl);
	if (f <= 0)
		return f;
	util_strlcpy(out->reviewed, reviewed, sizeof out->reviewed);
	out->phase = phase;
	util_strlcpy(out->drafting, dl, sizeof out->drafting);
	for (int i = 0; i < 6; i++) {
		util_strlcpy(out->langs[i].lang, summary_lang_codes[i], sizeof out->langs[i].lang);
		out->langs[i].status = SUMMARY_NONE;
	}
	st = store_prepare(s, "SELECT l.lang, l.status, l.version, l.based_on, l.updated_at, "
			      "l.updated_by, COALESCE(v.words, 0) FROM summary_langs l "
			      "LEFT JOIN summary_versions v ON v.summary_id = l.summary_id AND "
			      "v.lang = l.lang AND v.version = l.version WHERE l.summary_id = ?");
	if (!st)
		goto out;
	store_bind_int(st, 1, id);
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		int i = summary_lang_index(store_col_text(st, 0));
		if (i < 0)
			continue;
		struct summary_lang *l = &out->langs[i];
		l->status = summary_status_parse(store_col_text(st, 1));
		l->version = (int)store_col_int(st, 2);
		l->based_on = (int)store_col_int(st, 3);
		util_strlcpy(l->updated_at, store_col_text(st, 4), sizeof l->updated_at);
		util_strlcpy(l->updated_by, store_col_text(st, 5), sizeof l->updated_by);
		l->words = (long)store_col_int(st, 6);
	}
	store_finalize(st);
	st = NULL;
	if (r != STORE_DONE)
		goto out;
	const struct summary_lang *d = &out->langs[summary_lang_index(dl)];
	out->version = d->version;
	out->words = d->words;
	for (int i = 0; i < 6; i++) {
		const struct summary_lang *l = &out->langs[i];
		if (l->status > SUMMARY_ORIGINAL)
			out->langs[i].stale = l->based_on != out->version;
		/* A final translation of the current version: it was final
		 * only once the summary was agreed (summary_set_status). */
		if (out->version > 0 && l->status == SUMMARY_FINAL && l->version > 0 &&
		    l->based_on == out->version)
			out->issued = 1;
	}
	/* The summary rests on the list (para 38-39, R111): an agreement
	 * counts while the list is final at the version it was given on,
	 * i.e. archived after the list's last agreement; an issued summary
	 * stays agreed (an official document is not withdrawn). */
	int lfinal = 0;
	long long mark = -1;
	int lr = out->issued ? 0 : summary_list_mark(s, reviewed, phase, &lfinal, &mark);
	if (lr < 0)
		goto out;
	/* Parties, the reviewed State first, each with its agreement to the
	 * current drafting version (if any). */
	st = store_prepare(s, "SELECT p.party, p.is_reviewed, a.at, a.by_whom, a.archive_seq "
			      "FROM summary_parties p LEFT JOIN summary_agreements a ON "
			      "a.summary_id = p.summary_id AND a.party = p.party AND a.version = ? "
			      "WHERE p.summary_id = ? ORDER BY p.is_reviewed DESC, p.party");
	if (!st)
		goto out;
	store_bind_int(st, 1, out->version);
	store_bind_int(st, 2, id);
	int all = out->version > 0;
	while ((r = store_step(st)) == STORE_ROW && out->nparties < SUMMARY_MAX_PARTIES) {
		struct summary_party *p = &out->parties[out->nparties++];
		util_strlcpy(p->state, store_col_text(st, 0), sizeof p->state);
		p->is_reviewed = (int)store_col_int(st, 1);
		p->agreed = !store_col_is_null(st, 2);
		/* Before migration 0036 agreements had no archive record (and
		 * no list rule): they count as before. */
		if (p->agreed && lr == 1 && !store_col_is_null(st, 4) &&
		    (!lfinal || store_col_int(st, 4) <= mark)) {
			p->agreed = 0;
			out->stale++;
		}
		if (p->agreed) {
			util_strlcpy(p->agreed_at, store_col_text(st, 2), sizeof p->agreed_at);
			util_strlcpy(p->agreed_by, store_col_text(st, 3), sizeof p->agreed_by);
		}
		if (!p->agreed)
			all = 0;
		else if (strcmp(p->agreed_at, out->agreed_at) > 0)
			util_strlcpy(out->agreed_at, p->agreed_at, sizeof out->agreed_at);
	}
	if (r != STORE_DONE && r != STORE_ROW)
		goto out;
	out->agreed = all;
	if (!all)
		out->agreed_at[0] = '\0';
	store_finalize(st);
	st = NULL;
	official(out);
	if (corrigendum_load(s, id, out) < 0)
		goto out;
	rc = 1;
out:
	store_finalize(st);
	return rc;
}

int summary_text_get(struct store *s, const char *reviewed, int phase, const char *lang,
		     int version, struct summary_text *out)
{
	long long id;
	char dl[3];
	memset(out, 0, sizeof *out);
	int f = summary_find(s, reviewed ? reviewed : "", phase, &id, dl);
	if (f <= 0)
		return f;
	struct store_stmt *st = store_prepare(
		s, version > 0
			   ? "SELECT version, based_on, words, at, by_whom, body, blueprint_version "
			     "FROM summary_versions WHERE summary_id = ? AND lang = ? AND version = ?"
			   : "SELECT version, based_on, words, at, by_whom, body, blueprint_version "
			     "FROM summary_versions WHERE summary_id = ? AND lang = ? "
			     "ORDER BY version DESC LIMIT 1");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, lang ? lang : "");
	if (version > 0)
		store_bind_int(st, 3, version);
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1) {
		util_strlcpy(out->lang, lang, sizeof out->lang);
		out->version = (int)store_col_int(st, 0);
		out->based_on = (int)store_col_int(st, 1);
		out->words = (long)store_col_int(st, 2);
		util_strlcpy(out->at, store_col_text(st, 3), sizeof out->at);
		util_strlcpy(out->by, store_col_text(st, 4), sizeof out->by);
		const char *b = store_col_text(st, 5);
		out->len = strlen(b);
		out->body = xstrndup(b, out->len);
		out->blueprint = (int)store_col_int(st, 6);
	}
	store_finalize(st);
	return rc;
}

void summary_text_free(struct summary_text *t)
{
	if (!t)
		return;
	free(t->body);
	t->body = NULL;
	t->len = 0;
}

int summary_agreements_of(struct store *s, const char *reviewed, int phase, int version,
			  struct summary_party *out, size_t max)
{
	size_t n = 0;
	struct store_stmt *st = store_prepare(s,
		"SELECT p.party, p.is_reviewed, a.at, a.by_whom FROM summary_parties p JOIN summaries m "
		"ON m.id = p.summary_id JOIN summary_agreements a ON a.summary_id = m.id AND "
		"a.party = p.party AND a.version = ? WHERE m.reviewed = ? AND m.phase = ? "
		"ORDER BY p.is_reviewed DESC, p.party");
	if (!st)
		return -1;
	store_bind_int(st, 1, version);
	store_bind_text(st, 2, reviewed ? reviewed : "");
	store_bind_int(st, 3, phase);
	int r;
	while ((r = store_step(st)) == STORE_ROW && n < max) {
		struct summary_party *p = &out[n++];
		memset(p, 0, sizeof *p);
		util_strlcpy(p->state, store_col_text(st, 0), sizeof p->state);
		p->is_reviewed = (int)store_col_int(st, 1);
		p->agreed = 1;
		util_strlcpy(p->agreed_at, store_col_text(st, 2), sizeof p->agreed_at);
		util_strlcpy(p->agreed_by, store_col_text(st, 3), sizeof p->agreed_by);
	}
	store_finalize(st);
	return r == STORE_DONE || r == STORE_ROW ? (int)n : -1;
}

int summary_archive_refs(struct store *s, const char *reviewed, int phase,
			 char (*out)[SUMMARY_REF_LEN], size_t max)
{
	struct summary_info si;
	int f = summary_load(s, reviewed, phase, &si);
	if (f <= 0)
		return f;
	if (!si.agreed)
		return 0;
	return summary_archive_refs_of(s, reviewed, phase, si.version, out, max);
}

int summary_archive_refs_of(struct store *s, const char *reviewed, int phase, int version,
			    char (*out)[SUMMARY_REF_LEN], size_t max)
{
	int64_t seqs[SUMMARY_MAX_PARTIES];
	size_t n = 0, k = 0;
	if (max < 2 || version < 1)
		return 0;
	struct store_stmt *st = store_prepare(s,
		"SELECT a.archive_seq FROM summary_agreements a JOIN summaries m ON m.id = "
		"a.summary_id JOIN summary_parties p ON p.summary_id = m.id AND p.party = a.party "
		"WHERE m.reviewed = ? AND m.phase = ? AND a.version = ? ORDER BY a.archive_seq");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_int(st, 3, version);
	int r, missing = 0;
	while ((r = store_step(st)) == STORE_ROW && n < SUMMARY_MAX_PARTIES) {
		if (store_col_is_null(st, 0))
			missing = 1;
		else
			seqs[n++] = store_col_int(st, 0);
	}
	store_finalize(st);
	if (r != STORE_DONE && r != STORE_ROW)
		return -1;
	if (missing || n == 0 || n + 1 > max)
		return 0;
	struct archive_head h;
	uint64_t size = (uint64_t)seqs[n - 1] + 1;
	if (archive_head_get(s, size, &h) != 1)
		return -1;
	char hex[2 * MERKLE_HASH_LEN + 1];
	sodium_bin2hex(hex, sizeof hex, h.root, sizeof h.root);
	snprintf(out[k++], SUMMARY_REF_LEN, "head:%llu:%s", (unsigned long long)size, hex);
	for (size_t i = 0; i < n; i++) {
		uint8_t leaf[MERKLE_HASH_LEN], path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
		size_t len;
		if (archive_inclusion_proof(s, seqs[i], size, leaf, path, &len) != 0)
			return -1;
		sodium_bin2hex(hex, sizeof hex, leaf, sizeof leaf);
		snprintf(out[k++], SUMMARY_REF_LEN, "leaf:%lld:%s", (long long)seqs[i], hex);
	}
	return (int)k;
}
