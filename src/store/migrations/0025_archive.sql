-- 0025_archive: the archive of the confidential dialogue (issue 10; annex
-- paras 21, 35, 36; spec R94, R97).  A transparency log (RFC 9162): every
-- record is a leaf of a Merkle tree; archive_nodes keeps each complete
-- subtree (level, idx: the 2^level leaves from idx * 2^level), and
-- archive_heads one signed tree head per size.  Records, nodes and heads
-- are append-only (the backend parts add the triggers).  Hashes and
-- signatures are hex; sealed is hex of nonce || crypto_secretbox, under the
-- archive key file beside the TOTP key (never in the database).
-- Portable SQL (SQLite and PostgreSQL).

-- A thread of the dialogue: a review (reviewed State), a phase, an
-- instrument, and the reviewing States that take part in it (those in
-- charge of the instrument, C47).  The envelope, not an archived item.
CREATE TABLE archive_threads (
	id          INTEGER PRIMARY KEY,
	reviewed    TEXT NOT NULL,
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	instrument  TEXT NOT NULL,
	reviewers   TEXT NOT NULL DEFAULT '',
	created     TEXT NOT NULL
);
CREATE INDEX archive_threads_review ON archive_threads(reviewed, phase, instrument);

CREATE TABLE archive_records (
	seq         BIGINT PRIMARY KEY,          -- leaf index, from 0
	kind        TEXT NOT NULL,               -- message, attachment, call_record, agreement
	reviewed    TEXT NOT NULL,
	phase       INTEGER NOT NULL,
	instrument  TEXT NOT NULL,
	thread      BIGINT NOT NULL REFERENCES archive_threads(id),
	author      TEXT NOT NULL,
	at          TEXT NOT NULL,
	sealed      TEXT NOT NULL
);
CREATE INDEX archive_records_thread ON archive_records(thread, seq);

CREATE TABLE archive_nodes (
	level       INTEGER NOT NULL,
	idx         BIGINT NOT NULL,
	hash        TEXT NOT NULL,
	PRIMARY KEY (level, idx)
);

CREATE TABLE archive_heads (
	size        BIGINT PRIMARY KEY,
	at          TEXT NOT NULL,
	root        TEXT NOT NULL,
	sig         TEXT NOT NULL
);
