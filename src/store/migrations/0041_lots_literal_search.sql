-- 0041_lots_literal_search: a parameter of the drawing of lots (issue 12,
-- literal para 28 (b) in redraws; R38): literal_28b_search = 1 makes the
-- bounded search (docs/draw.md "How the method samples", step 4) and the
-- redraws try the configurations that read para 28 (b) literally before
-- the others.  0, the value of every existing version (version 1 is the
-- annex's), keeps the method of the draws already made and published, so
-- they verify byte for byte as before.  A draw made under a version with 1
-- records it in its document's parameters.  Written by lots/params.c only.
-- Portable SQLite/PostgreSQL.
ALTER TABLE lots_parameters ADD COLUMN literal_28b_search INTEGER NOT NULL DEFAULT 0
	CHECK (literal_28b_search IN (0, 1));
