-- 0028_lots_events: the drawing of lots over the life of a programme
-- (issue 12; C3, C5, C11, C42, R60, R68, R237).  After the drawing of lots
-- (lots_draws, lots_events), the programme changes at later meetings:
-- a party that joins is placed in a cohort and given reviewers; a reviewed
-- State that becomes party to a Protocol gets a supplementary reviewer for
-- it (para 28 b, the cap of four kept); slots that could not be filled are
-- carried to a later meeting and drawn there, at a drawing event held for
-- one cohort or for all; a slot one of these made is redrawn at a request.  Each of these is one lots_ops row (its own
-- document, revmech-draw-op/1, chained to the one before), held at a
-- meeting recorded in lots_meetings (C42).  Written by lots/events.c only.
-- Portable SQLite/PostgreSQL.
CREATE TABLE lots_meetings (
	ref         TEXT PRIMARY KEY CHECK (ref <> ''),   -- e.g. "CTOC/COP/WG.9/2027/1"
	held_on     TEXT NOT NULL CHECK (length(held_on) = 10),
	title       TEXT NOT NULL CHECK (title <> ''),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);

CREATE TABLE lots_ops (
	id          INTEGER PRIMARY KEY,
	draw_id     INTEGER NOT NULL REFERENCES lots_draws(id),
	seq         INTEGER NOT NULL CHECK (seq >= 1),
	kind        TEXT NOT NULL CHECK (kind IN ('event', 'join', 'protocol', 'redraw')),
	meeting     TEXT NOT NULL REFERENCES lots_meetings(ref),
	run_by      TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	seed        TEXT NOT NULL CHECK (length(seed) = 64),   -- derived, never given
	base_head   TEXT NOT NULL CHECK (length(base_head) = 64),  -- the draw's chain head then
	roster_csv  TEXT NOT NULL,        -- the parties as they stood (the op's input)
	inputs      TEXT NOT NULL,        -- JSON: the request
	output      TEXT NOT NULL,        -- JSON: the document revmech-draw-op/1
	prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash        TEXT NOT NULL CHECK (length(hash) = 64),
	UNIQUE (draw_id, seq)
);

-- Slots an operation could not fill (R60, R68): carried to a later
-- meeting, and marked filled by the op that drew them.
CREATE TABLE lots_carried (
	id          INTEGER PRIMARY KEY,
	draw_id     INTEGER NOT NULL REFERENCES lots_draws(id),
	op_id       INTEGER NOT NULL REFERENCES lots_ops(id),
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	role        TEXT NOT NULL CHECK (role IN ('same_region', 'other_region', 'additional')),
	instruments TEXT NOT NULL,
	reason      TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled')),
	filled_by   INTEGER REFERENCES lots_ops(id)
);

-- The operation that made an assignment (NULL: the drawing of lots or a
-- redraw, whose lots_events row event_id names).
ALTER TABLE lots_assignments ADD COLUMN op_id INTEGER REFERENCES lots_ops(id);
