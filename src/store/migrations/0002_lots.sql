-- 0002_lots: the drawing of lots (issue 3; spec R47-R68, R51, R65).
--
-- For the web platform (GET /api/v1/reviews): the current programme is the
-- lots_draws row with status 'current'; its reviews are
--   SELECT reviewed, year FROM lots_reviews WHERE draw_id = ? ORDER BY year, reviewed
-- and their reviewers
--   SELECT reviewed, reviewer, role, instruments FROM lots_assignments
--    WHERE draw_id = ? AND status = 'active' ORDER BY reviewed, slot
-- (instruments is a space-separated list: "untoc tip som firearms").
-- The full document (format revmech-draw/1, with the redraw history) is
-- lots_draws.result; every drawing or redraw is one lots_events row with
-- its inputs, seed and output.

-- One programme of reviews drawn from one roster snapshot.
CREATE TABLE lots_draws (
	id            INTEGER PRIMARY KEY,
	created_at    TEXT NOT NULL,                 -- ISO 8601 UTC
	algorithm     TEXT NOT NULL,
	seed          TEXT NOT NULL CHECK (length(seed) = 64),
	roster_sha256 TEXT NOT NULL CHECK (length(roster_sha256) = 64),
	roster_csv    TEXT NOT NULL,                 -- the exact bytes hashed
	result        TEXT NOT NULL,                 -- current document (JSON)
	status        TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'superseded'))
);

-- Drawing events (R51, R60): the initial draw and each redraw.
CREATE TABLE lots_events (
	id         INTEGER PRIMARY KEY,
	draw_id    INTEGER NOT NULL REFERENCES lots_draws(id),
	seq        INTEGER NOT NULL,                 -- 0 = drawing of lots, 1.. = redraws
	kind       TEXT NOT NULL CHECK (kind IN ('lots', 'redraw')),
	created_at TEXT NOT NULL,
	seed       TEXT NOT NULL CHECK (length(seed) = 64),
	algorithm  TEXT NOT NULL,
	inputs     TEXT NOT NULL,                    -- JSON: roster hash, exclusions, request
	output     TEXT NOT NULL,                    -- JSON document after the event
	UNIQUE (draw_id, seq)
);

-- Cohorts (para 17): one row per reviewed State.
CREATE TABLE lots_reviews (
	draw_id  INTEGER NOT NULL REFERENCES lots_draws(id),
	reviewed TEXT NOT NULL REFERENCES parties(code),
	year     INTEGER NOT NULL CHECK (year BETWEEN 1 AND 3),
	PRIMARY KEY (draw_id, reviewed)
);

-- Assignments (R65): who reviews whom, in which slot, for which
-- instruments; a redraw marks the old row 'replaced' and adds a new one.
CREATE TABLE lots_assignments (
	id          INTEGER PRIMARY KEY,
	draw_id     INTEGER NOT NULL REFERENCES lots_draws(id),
	event_id    INTEGER NOT NULL REFERENCES lots_events(id),
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	reviewer    TEXT NOT NULL REFERENCES parties(code),
	slot        INTEGER NOT NULL,                -- position in the document's reviewers
	role        TEXT NOT NULL CHECK (role IN ('same_region', 'other_region', 'additional')),
	instruments TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'replaced', 'withdrawn')),
	valid_from  TEXT NOT NULL,
	valid_to    TEXT,
	CHECK (reviewer <> reviewed)
);
CREATE INDEX lots_assignments_draw ON lots_assignments (draw_id, status, reviewed);

-- Redraw history (paras 28 d-f, 30).
CREATE TABLE lots_redraws (
	id           INTEGER PRIMARY KEY,
	draw_id      INTEGER NOT NULL REFERENCES lots_draws(id),
	event_id     INTEGER NOT NULL REFERENCES lots_events(id),
	reviewed     TEXT NOT NULL REFERENCES parties(code),
	role         TEXT NOT NULL,
	old_reviewer TEXT NOT NULL REFERENCES parties(code),
	new_reviewer TEXT NOT NULL REFERENCES parties(code),
	requested_by TEXT NOT NULL REFERENCES parties(code),
	reason       TEXT NOT NULL CHECK (reason IN ('language', 'legal_system', 'other', 'exceptional', 'unable')),
	counted      INTEGER NOT NULL CHECK (counted IN (0, 1)),
	note         TEXT,
	seed         TEXT NOT NULL CHECK (length(seed) = 64),
	created_at   TEXT NOT NULL
);
