-- 0036_summary_archive: each agreement to a summary is an archived record
-- (issue 10; para 39; R94, R110, R111): output/summary.c appends a record
-- of kind "agreement" to the archive (archive.h) in the transaction that
-- records the agreement, and keeps its record id here, as
-- obs_agreements.archive_seq does for the lists (0031).  NULL for the
-- agreements recorded before this migration.  Portable SQL (SQLite and
-- PostgreSQL): ADD COLUMN is no UPDATE, so the append-only triggers of
-- 0026 do not fire.
ALTER TABLE summary_agreements ADD COLUMN archive_seq BIGINT;
