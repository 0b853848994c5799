-- 0042_disclosure_items: item-scoped disclosure choices (issue 10; annex
-- para 41 "tout ou partie"; spec R101).  A choice about one item of its
-- kind: a submitted answer (its question id, with the answer's phase and
-- instrument), a document (attachments.id) or a dialogue thread
-- (archive_threads.id in decimal); '' (every row before this migration)
-- is the whole scope (what, phase, instrument).  The scope of a choice is
-- now (what, phase, instrument, item); the table stays append-only (the
-- triggers of 0032 are untouched: adding a column fires none).
ALTER TABLE disclosures ADD COLUMN item TEXT NOT NULL DEFAULT '';
