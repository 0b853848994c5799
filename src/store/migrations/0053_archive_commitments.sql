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
