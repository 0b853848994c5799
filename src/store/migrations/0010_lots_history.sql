-- 0010_lots_history: redraws that cannot be rewritten (issue 12; R51, R54,
-- R60, R62).  Every redraw row carries its sequence number, the decision
-- an exceptional redraw cites, the State a recorded deviation left with no
-- review, its moves (the chain of reassignments, as JSON) and its link in
-- the hash chain of the document; every event the commitment to its seed
-- and the chain head after it.  Decisions cited by exceptional redraws are
-- recorded in lots_decisions.  Portable SQL (SQLite and PostgreSQL).
ALTER TABLE lots_redraws ADD COLUMN seq INTEGER;
ALTER TABLE lots_redraws ADD COLUMN decision TEXT;
ALTER TABLE lots_redraws ADD COLUMN exception TEXT;
ALTER TABLE lots_redraws ADD COLUMN moves TEXT;
ALTER TABLE lots_redraws ADD COLUMN prev_hash TEXT;
ALTER TABLE lots_redraws ADD COLUMN hash TEXT;
ALTER TABLE lots_events ADD COLUMN seed_commitment TEXT;
ALTER TABLE lots_events ADD COLUMN chain_head TEXT;

CREATE TABLE lots_decisions (
	ref        TEXT PRIMARY KEY,              -- e.g. "CTOC/COP/WG.9/2026/1, para 3"
	decided_on TEXT NOT NULL,                 -- ISO 8601 date
	title      TEXT NOT NULL,
	created_at TEXT NOT NULL
);
