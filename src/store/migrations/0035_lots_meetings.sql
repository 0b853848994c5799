-- 0035_lots_meetings: every draw and redraw held at a recorded meeting, and
-- the operations of a meeting applied in an order nobody chooses (issue 12;
-- R51, R237, C42).
--
-- (1) Before 0035 a drawing of lots, a redraw and a prepared drawing event
-- (ceremony) named their meeting in free text; from 0035 on each names a
-- meeting recorded in lots_meetings (0028).  Every meeting named so far is
-- recorded here, with the earliest date it was named with, so that stored
-- draws still load, are held and verify.  The backend parts
-- (0035_lots_meetings.sqlite.sql, .pg.sql) do the same for the meetings
-- kept in the JSON inputs of lots_events.
--
-- (2) Requests (a redraw, a party that joins, a new Protocol, a drawing
-- event for a cohort) are lodged for a meeting first (lots_requests, each
-- with its hash), the list is closed (its hash published with the name of
-- the public entropy that will order it), and at the meeting they are
-- applied in the order of SHA-256(list hash, entropy, request hash)
-- (docs/draw.md "The order of operations at a meeting").  Written by
-- lots/events_order.c only.  Portable SQLite/PostgreSQL.
INSERT INTO lots_meetings (ref, held_on, title, recorded_by, recorded_at)
	SELECT meeting, MIN(held_on), 'Recorded from a drawing event prepared before migration 0035',
	       'migration 0035', MIN(prepared_at)
	FROM lots_ceremonies
	WHERE meeting NOT IN (SELECT ref FROM lots_meetings)
	GROUP BY meeting;
INSERT INTO lots_meetings (ref, held_on, title, recorded_by, recorded_at)
	SELECT n.meeting, substr(MIN(e.created_at), 1, 10),
	       'Recorded from a drawing event noted before migration 0035', 'migration 0035',
	       MIN(e.created_at)
	FROM programme_event_notes n JOIN lots_events e ON e.id = n.event_id
	WHERE n.meeting NOT IN (SELECT ref FROM lots_meetings)
	GROUP BY n.meeting;

ALTER TABLE lots_meetings ADD COLUMN requests_hash TEXT;   -- published when the list closes
ALTER TABLE lots_meetings ADD COLUMN entropy_name TEXT;    -- named then, known only later
ALTER TABLE lots_meetings ADD COLUMN closed_by TEXT;
ALTER TABLE lots_meetings ADD COLUMN closed_at TEXT;
ALTER TABLE lots_meetings ADD COLUMN entropy_value TEXT;   -- entered at the meeting
ALTER TABLE lots_meetings ADD COLUMN applied_by TEXT;
ALTER TABLE lots_meetings ADD COLUMN applied_at TEXT;

CREATE TABLE lots_requests (
	id            INTEGER PRIMARY KEY,
	meeting       TEXT NOT NULL REFERENCES lots_meetings(ref),
	seq           INTEGER NOT NULL CHECK (seq >= 1),        -- order lodged
	kind          TEXT NOT NULL CHECK (kind IN ('event', 'join', 'protocol', 'redraw')),
	body          TEXT NOT NULL,                            -- canonical JSON of the request
	hash          TEXT NOT NULL CHECK (length(hash) = 64),
	lodged_by     TEXT NOT NULL,
	lodged_at     TEXT NOT NULL,
	status        TEXT NOT NULL DEFAULT 'pending'
	              CHECK (status IN ('pending', 'applied', 'refused')),
	applied_order INTEGER,                                  -- place in the drawn order, 1..
	result_kind   TEXT CHECK (result_kind IN ('op', 'redraw')),
	result_draw   INTEGER REFERENCES lots_draws(id),       -- the draw it changed
	result_seq    INTEGER,                                  -- lots_ops.seq or lots_redraws.seq
	result        TEXT,                                     -- the line printed, or the refusal
	UNIQUE (meeting, seq)
);
