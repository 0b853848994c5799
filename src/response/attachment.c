/* attachment.c - see attachment.h. */
#include "response/attachment.h"
#include "response/response_int.h"
#include "response/seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "questionnaire/qdef.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int has(const unsigned char *d, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= len && i + n <= len; i++)
		if (d[i] == (unsigned char)needle[0] && !memcmp(d + i, needle, n))
			return 1;
	return 0;
}

/* Plain text: valid UTF-8 without NUL or control characters other than
 * tab, line feed, form feed and carriage return. */
static int plain_text(const unsigned char *d, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = d[i];
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
			 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (n == 0 || i + n > len || (n == 2 && c < 0xc2))
			return 0;
		if (n == 1 && ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') ||
			       c == 0x7f))
			return 0;
		for (size_t k = 1; k < n; k++)
			if ((d[i + k] & 0xc0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

const char *attachment_sniff(const unsigned char *d, size_t len)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (!d || len == 0)
		return NULL;
	if (len >= 5 && !memcmp(d, "%PDF-", 5))
		return "application/pdf";
	if (len >= sizeof png && !memcmp(d, png, sizeof png))
		return "image/png";
	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	if (len >= 4 && !memcmp(d, "PK\3\4", 4)) {
		/* OpenDocument: the first entry is "mimetype", stored, holding
		 * the type (ODF 1.2 part 3, 3.3). */
		static const char odt[] = "mimetypeapplication/vnd.oasis.opendocument.text";
		if (len >= 30 + sizeof odt - 1 && !memcmp(d + 30, odt, sizeof odt - 1))
			return "application/vnd.oasis.opendocument.text";
		/* Office Open XML word processing: its main part's entry. */
		if (has(d, len, "[Content_Types].xml") && has(d, len, "word/document.xml"))
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		return NULL;
	}
	if (plain_text(d, len))
		return "text/plain; charset=utf-8";
	return NULL;
}

/* The last path component, with controls, quotes and separators replaced,
 * at most 200 bytes of whole UTF-8 characters; "document" when nothing
 * is left. */
static void clean_name(const char *in, char *out, size_t outlen)
{
	const char *base = in ? in : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char tmp[256];
	size_t n = 0;
	for (const char *p = base; *p && n + 1 < sizeof tmp; p++) {
		unsigned char c = (unsigned char)*p;
		tmp[n++] = c < 0x20 || c == 0x7f || c == '"' || c == ';' ? '_' : (char)c;
	}
	tmp[n] = '\0';
	if (util_utf8_len(tmp) < 0 || !tmp[0] || !strcmp(tmp, ".") || !strcmp(tmp, ".."))
		snprintf(tmp, sizeof tmp, "document");
	util_strlcpy_utf8(out, tmp, outlen < 201 ? outlen : 201);
}

enum response_rc attachment_add(struct store *s, const struct response_review *rv,
				const struct response_qns *q, const char *question,
				const char *filename, const unsigned char *data, size_t len,
				const char *who, struct attachment_meta *out, char *err,
				size_t errlen)
{
	struct response_question qq;
	unsigned char hash[crypto_hash_sha256_BYTES], rnd[16];
	memset(out, 0, sizeof *out);
	if (q->n == 0) {
		msg_set(err, errlen, N_("the questionnaire of %s for phase %d is not open"), rv->reviewed,
			 rv->phase);
		return RESPONSE_CLOSED;
	}
	if (!response_question_find(q, question, &qq) ||
	    qq.qn->def->questions[qq.index].type != QDEF_ATTACHMENTS) {
		msg_set(err, errlen, N_("'%.64s' is not a question of this review that takes documents"),
			 question ? question : "");
		return RESPONSE_BAD;
	}
	if (qq.qn->def->sections[qq.section].uncac_only && rv->uncac_party) {
		msg_set(err, errlen, N_("%s: this section does not apply to %s (R41)"), question,
			 rv->reviewed);
		return RESPONSE_BAD;
	}
	if (len == 0) {
		msg_set(err, errlen, N_("the document is empty"));
		return RESPONSE_BAD;
	}
	if (len > ATTACHMENT_MAX) {
		msg_set(err, errlen, N_("the document is larger than the %d MiB accepted"),
			 ATTACHMENT_MAX / (1024 * 1024));
		return RESPONSE_BAD;
	}
	const char *ctype = attachment_sniff(data, len);
	if (!ctype) {
		msg_set(err, errlen, N_("this type of document is not accepted: PDF, DOCX, ODT, PNG, "
			 "JPEG or plain text (judged by the content)"));
		return RESPONSE_BAD;
	}
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(out->sha256, sizeof out->sha256, hash, sizeof hash);
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(out->id, sizeof out->id, rnd, sizeof rnd);
	util_strlcpy(out->reviewed, rv->reviewed, sizeof out->reviewed);
	out->phase = rv->phase;
	util_strlcpy(out->question, question, sizeof out->question);
	util_strlcpy(out->instrument, qq.qn->instrument, sizeof out->instrument);
	clean_name(filename, out->filename, sizeof out->filename);
	util_strlcpy(out->ctype, ctype, sizeof out->ctype);
	out->size = (long)len;
	util_now_iso(out->uploaded_at, sizeof out->uploaded_at);
	util_strlcpy(out->uploaded_by, who, sizeof out->uploaded_by);
	/* Stored sealed (R93, R97, para 21); sha256 and size stay beside it,
	 * as the API shows them to the readers. */
	unsigned char *box = NULL;
	size_t boxlen = 0;
	if (respseal_seal_blob(data, len, &box, &boxlen) < 0) {
		msg_internal(err, errlen, "the key that seals the responses is not loaded: nothing "
			     "was saved");
		return RESPONSE_ERROR;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		free(box);
		return RESPONSE_ERROR;
	}
	int sub = response_is_submitted(s, rv);
	if (sub < 0)
		goto fail;
	if (sub > 0) {
		store_rollback(s);
		free(box);
		msg_set(err, errlen, N_("the responses are submitted: no document can be added"));
		return RESPONSE_CLOSED;
	}
	struct store_stmt *st = store_prepare(s, "INSERT INTO attachments (id, reviewed, phase, "
					      "question, instrument, filename, ctype, size, sha256, "
					      "content, uploaded_at, uploaded_by) "
					      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail;
	store_bind_text(st, 1, out->id);
	store_bind_text(st, 2, out->reviewed);
	store_bind_int(st, 3, out->phase);
	store_bind_text(st, 4, out->question);
	store_bind_text(st, 5, out->instrument);
	store_bind_text(st, 6, out->filename);
	store_bind_text(st, 7, out->ctype);
	store_bind_int(st, 8, out->size);
	store_bind_text(st, 9, out->sha256);
	store_bind_blob(st, 10, box, boxlen);
	store_bind_text(st, 11, out->uploaded_at);
	store_bind_text(st, 12, out->uploaded_by);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE || store_commit(s) < 0)
		goto fail;
	free(box);
	return RESPONSE_OK;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	free(box);
	return RESPONSE_ERROR;
}

static int id_ok(const char *id)
{
	return id && strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32;
}

#define META_COLS "id, reviewed, phase, question, instrument, filename, ctype, size, sha256, " \
		  "uploaded_at, uploaded_by"

static void meta_from_row(struct store_stmt *st, struct attachment_meta *m)
{
	memset(m, 0, sizeof *m);
	util_strlcpy(m->id, store_col_text(st, 0), sizeof m->id);
	util_strlcpy(m->reviewed, store_col_text(st, 1), sizeof m->reviewed);
	m->phase = (int)store_col_int(st, 2);
	util_strlcpy(m->question, store_col_text(st, 3), sizeof m->question);
	util_strlcpy(m->instrument, store_col_text(st, 4), sizeof m->instrument);
	util_strlcpy(m->filename, store_col_text(st, 5), sizeof m->filename);
	util_strlcpy(m->ctype, store_col_text(st, 6), sizeof m->ctype);
	m->size = (long)store_col_int(st, 7);
	util_strlcpy(m->sha256, store_col_text(st, 8), sizeof m->sha256);
	util_strlcpy(m->uploaded_at, store_col_text(st, 9), sizeof m->uploaded_at);
	util_strlcpy(m->uploaded_by, store_col_text(st, 10), sizeof m->uploaded_by);
}

int attachment_get(struct store *s, const char *id, struct attachment_meta *out)
{
	memset(out, 0, sizeof *out);
	if (!id_ok(id))
		return 0;
	struct store_stmt *st = store_prepare_cached(s, "SELECT " META_COLS " FROM attachments "
						     "WHERE id = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, id);
	int r = store_step(st);
	if (r == STORE_ROW)
		meta_from_row(st, out);
	store_finalize(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

int attachment_content(struct store *s, const char *id, unsigned char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (!id_ok(id))
		return 0;
	struct store_stmt *st = store_prepare(s, "SELECT content FROM attachments WHERE id = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, id);
	int r = store_step(st);
	if (r == STORE_ROW) {
		size_t n = 0;
		const unsigned char *p = store_col_blob(st, 0, &n);
		/* Opened (seal.h); a document from before 0052 as it is. */
		if (respseal_open_blob(p ? p : (const unsigned char *)"", n, data, len) < 0)
			r = STORE_ERR;
	}
	store_finalize(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

json_t *attachment_json(const struct attachment_meta *m)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s}", "id", m->id, "question", m->question,
			 "filename", m->filename, "type", m->ctype, "size", (json_int_t)m->size,
			 "sha256", m->sha256, "uploaded_at", m->uploaded_at, "uploaded_by",
			 m->uploaded_by);
}

json_t *attachment_list_json(struct store *s, const struct response_review *rv,
			     const char *question)
{
	struct store_stmt *st = store_prepare(s, question
		? "SELECT " META_COLS " FROM attachments WHERE reviewed = ? AND phase = ? AND "
		  "question = ? ORDER BY uploaded_at, id"
		: "SELECT " META_COLS " FROM attachments WHERE reviewed = ? AND phase = ? "
		  "ORDER BY question, uploaded_at, id");
	if (!st)
		return NULL;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	if (question)
		store_bind_text(st, 3, question);
	json_t *a = json_array();
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		struct attachment_meta m;
		meta_from_row(st, &m);
		json_array_append_new(a, attachment_json(&m));
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(a);
		return NULL;
	}
	return a;
}
