-- 0053_archive_commitments: every record archived from now on commits to
-- its content (issue 10, R94, R97; docs/archive.md "Layout /2"):
-- commitment is the hex of BLAKE2b-256, keyed with a salt derived from the
-- archive key and the record's nonce, of the record's plaintext (title,
-- media type, body), and the leaf of such a record (tag
-- revmech-archive-record/2) covers it, so that a participant holding the
-- plaintext can tie it to a signed head.  NULL for the records archived
-- before (layout /1, verified as before).  The archive's triggers
-- (0025) keep refusing UPDATE and DELETE.  Portable SQL.
ALTER TABLE archive_records ADD COLUMN commitment TEXT;

-- The rows written before this migration that the archive does not hold
-- yet: the threads' envelopes and the observations' metadata, archived
-- once, as records, by the first `migrate` or `serve` that has the
-- archive key (archive_threads_archive_all(),
-- observation_meta_archive_all()), which deletes them from here.  A row
-- written later behind the archive's back is not listed, so it is never
-- archived: `archive verify` names it.
CREATE TABLE archive_rows_pending (
	tbl         TEXT NOT NULL,
	key         BIGINT NOT NULL,
	PRIMARY KEY (tbl, key)
);
INSERT INTO archive_rows_pending (tbl, key) SELECT 'archive_threads', id FROM archive_threads;
INSERT INTO archive_rows_pending (tbl, key)
	SELECT 'dialogue_observations', record FROM dialogue_observations;
