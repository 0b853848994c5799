/* api_archive.c - the archive's tree for participants (issue 10; R94, R97;
 * docs/openapi.yaml, docs/archive.md): the current signed tree head, a
 * consistency proof between two sizes, the inclusion proof of one record.
 * None reveals content; the head and consistency routes ask
 * ACCESS_ARCHIVE_HEAD.  The inclusion proof of a record of layout /2
 * (migration 0053) also gives its salt, with which its reader recomputes
 * the commitment and the leaf from the plaintext it holds: it is given to
 * whoever may read the record now (dialogue_record_readable(), the rule
 * its reading uses), each audited (read.archive_proof); anyone else is
 * answered 404 as for a missing record (F8), audited (access.denied). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "access/access.h"
#include "archive/archive.h"
#include "dialogue/dialogue.h"
#include "util/util.h"
#include "web/handlers.h"

/* n at most ARCHIVE_HEAD_MSG_MAX bytes (a signed message, a signature, a
 * hash, a key). */
static json_t *hex_json(const uint8_t *p, size_t n)
{
	char hex[2 * ARCHIVE_HEAD_MSG_MAX + 1];
	if (n > ARCHIVE_HEAD_MSG_MAX)
		n = ARCHIVE_HEAD_MSG_MAX;
	sodium_bin2hex(hex, sizeof hex, p, n);
	return json_string(hex);
}

static json_t *path_json(uint8_t (*path)[MERKLE_HASH_LEN], size_t len)
{
	json_t *a = json_array();
	for (size_t i = 0; i < len; i++)
		json_array_append_new(a, hex_json(path[i], MERKLE_HASH_LEN));
	return a;
}

/* A size from the query: absent gives dflt; -1 when malformed. */
static long long size_arg(struct web_req *rq, const char *key, long long dflt)
{
	const char *v = web_req_query(rq, key);
	long n;
	if (!v)
		return dflt;
	if (util_parse_long(v, 0, 1L << 62, &n) < 0)
		return -1;
	return n;
}

void api_archive_head(struct web_req *rq, struct web_resp *rs)
{
	struct archive_head h;
	uint8_t pk[32], msg[ARCHIVE_HEAD_MSG_MAX];
	if (archive_public_key(pk) < 0 || archive_head_latest(rq->db, &h) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the archive head could not be read");
		return;
	}
	size_t n = archive_head_message(&h, msg);
	web_resp_json(rs, 200, json_pack("{s:I, s:s, s:o, s:o, s:o, s:o}", "tree_size",
					 (json_int_t)h.size, "timestamp", h.at, "root_hash",
					 hex_json(h.root, sizeof h.root), "signature",
					 hex_json(h.sig, sizeof h.sig), "public_key",
					 hex_json(pk, sizeof pk), "signed_message", hex_json(msg, n)));
}

void api_archive_consistency(struct web_req *rq, struct web_resp *rs)
{
	uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	struct archive_head h1, h2;
	size_t len;
	int64_t size = archive_size(rq->db);
	if (size < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the archive could not be read");
		return;
	}
	long long first = size_arg(rq, "first", -1), second = size_arg(rq, "second", size);
	if (first < 1 || second < first || second > size) {
		web_resp_json_error(rs, 400, "bad_request", "give first and second (optional) tree "
				    "sizes with 0 < first <= second <= the current size");
		return;
	}
	int rc = archive_consistency_proof(rq->db, (uint64_t)first, (uint64_t)second, path, &len);
	/* Roots from the stored tree: since group commit a head is signed per
	 * transaction, not for every size (the holder of a head checks the
	 * proof against its own). */
	if (rc != 0 || archive_root(rq->db, (uint64_t)first, h1.root) != 0 ||
	    archive_root(rq->db, (uint64_t)second, h2.root) != 0) {
		web_resp_json_error(rs, 503, "unavailable", "the proof could not be built");
		return;
	}
	web_resp_json(rs, 200, json_pack("{s:I, s:I, s:o, s:o, s:o}", "first", (json_int_t)first,
					 "second", (json_int_t)second, "first_root",
					 hex_json(h1.root, MERKLE_HASH_LEN), "second_root",
					 hex_json(h2.root, MERKLE_HASH_LEN), "proof",
					 path_json(path, len)));
}

void api_archive_inclusion(struct web_req *rq, struct web_resp *rs)
{
	uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN], leaf[MERKLE_HASH_LEN];
	struct archive_record r;
	struct archive_leaf_info li;
	struct archive_head h;
	char obj[40];
	size_t len;
	long id;
	if (util_parse_long(rq->param[0], 0, 1L << 62, &id) < 0) {
		web_resp_json_error(rs, 404, "not_found", "no such archived record");
		return;
	}
	/* The salt lets its holder test guesses of the text: the proof goes
	 * to whoever may read the record now, by the rule its reading uses
	 * (dialogue/: the dialogue's participants now and the disclosures in
	 * force, a channel's States, the review's participants), and to no
	 * one else, who is answered as for a missing record (F8). */
	struct access_actor a = web_req_actor(rq);
	char why[256];
	int may = dialogue_record_readable(rq->db, &a, id, why, sizeof why);
	snprintf(obj, sizeof obj, "archive %ld", id);
	if (may == DIALOGUE_ERROR) {
		web_resp_json_error(rs, 503, "unavailable", "the archive could not be read");
		return;
	}
	if (may != DIALOGUE_OK) {
		if (may == DIALOGUE_FORBIDDEN)
			web_req_audit(rq, "access.denied", obj, why);
		web_resp_json_error(rs, 404, "not_found", "no such archived record");
		return;
	}
	int got = archive_leaf_info_get(rq->db, id, &r, &li);
	if (got < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the archive could not be read");
		return;
	}
	if (got == 0) {
		web_resp_json_error(rs, 404, "not_found", "no such archived record");
		return;
	}
	int64_t size = archive_size(rq->db);
	long long want = size_arg(rq, "size", size);
	if (size < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the archive could not be read");
		return;
	}
	if (want <= id || want > size) {
		web_resp_json_error(rs, 400, "bad_request", "size must be above the record's id and "
				    "at most the current size");
		return;
	}
	if (archive_inclusion_proof(rq->db, id, (uint64_t)want, leaf, path, &len) != 0 ||
	    archive_root(rq->db, (uint64_t)want, h.root) != 0) {
		web_resp_json_error(rs, 503, "unavailable", "the proof could not be built");
		return;
	}
	/* Recorded first: the salt never leaves without its audit entry. */
	web_req_audit(rq, "read.archive_proof", obj, r.kind);
	json_t *body = json_pack("{s:I, s:I, s:s, s:I, s:s, s:i, s:s, s:s, s:s, s:i, s:o, s:o, s:o}",
				 "id", (json_int_t)id, "tree_size", (json_int_t)want, "kind", r.kind,
				 "thread", (json_int_t)r.thread, "reviewed", r.reviewed, "phase",
				 r.phase, "instrument", r.instrument, "author", r.author, "at", r.at,
				 "layout", li.layout, "leaf_hash", hex_json(leaf, MERKLE_HASH_LEN),
				 "root_hash", hex_json(h.root, MERKLE_HASH_LEN), "proof",
				 path_json(path, len));
	if (body && li.layout == 2) {
		json_object_set_new(body, "commitment", json_string(li.commitment));
		json_object_set_new(body, "salt", json_string(li.salt));
		json_object_set_new(body, "sealed_sha256", json_string(li.sealed_sha256));
	}
	web_resp_json(rs, 200, body);
}
