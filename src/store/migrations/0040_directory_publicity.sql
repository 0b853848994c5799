-- 0040_directory_publicity: who sees a State's focal point and experts in
-- the directory (issue 9; annex paras 18, 27; spec C44).  Portable SQL;
-- the append-only triggers are in the .sqlite.sql / .pg.sql parts.
--
-- Every change of a State's setting is one row, never changed nor
-- removed: 'states_parties' (the default, and what a State without a row
-- has: its people are shown to signed-in States parties' people and the
-- Secretariat) or 'public' (para 27: published on the portal, to anyone),
-- who changed it (the State's named focal point, or the Secretariat on the
-- State's written request, whose reference is kept) and when.  The
-- setting in force is a State's latest row.  Written by
-- review/publicity.c only.
CREATE TABLE directory_publicity (
	id         INTEGER PRIMARY KEY,
	state      TEXT NOT NULL REFERENCES parties(code),
	setting    TEXT NOT NULL CHECK (setting IN ('states_parties', 'public')),
	reference  TEXT NOT NULL,
	by_id      INTEGER NOT NULL,
	by_whom    TEXT NOT NULL,
	at         TEXT NOT NULL
);
CREATE INDEX directory_publicity_state ON directory_publicity (state, id);
