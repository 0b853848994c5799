-- 0013_lots_ceremonies: a drawing of lots held as a ceremony (issue 12;
-- R51, C42, C45).  Before the meeting the Secretariat publishes the
-- meeting, its date, the hash of the roster to be drawn from and the
-- commitment to the seed (SHA-256 of its 32 bytes), and optionally names a
-- source of public entropy to be mixed in; at the meeting the seed is
-- revealed (it must match the commitment), the entropy's value entered,
-- and the draw made from the mixed seed (docs/draw.md "Ceremony").  The
-- secret seed is never stored before it is revealed.  Written by
-- lots/ceremony.c only.  Portable SQLite/PostgreSQL.
CREATE TABLE lots_ceremonies (
	id              INTEGER PRIMARY KEY,
	meeting         TEXT NOT NULL CHECK (meeting <> ''),
	held_on         TEXT NOT NULL CHECK (length(held_on) = 10),  -- YYYY-MM-DD
	roster_sha256   TEXT NOT NULL CHECK (length(roster_sha256) = 64),
	seed_commitment TEXT NOT NULL CHECK (length(seed_commitment) = 64),
	entropy_name    TEXT,                     -- public entropy named beforehand, or NULL
	prepared_by     TEXT NOT NULL,
	prepared_at     TEXT NOT NULL,
	status          TEXT NOT NULL DEFAULT 'prepared'
	                CHECK (status IN ('prepared', 'held', 'cancelled')),
	draw_id         INTEGER REFERENCES lots_draws(id),
	held_by         TEXT,
	held_at         TEXT,
	seed            TEXT,                     -- revealed at the meeting
	entropy_value   TEXT
);
