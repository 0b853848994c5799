-- 0008_programme: what the published programme says of each drawing event
-- besides what the drawing-of-lots tables keep (issue 8, item 4; R51, R60):
-- the meeting at which it took place and who ran it.  One row per
-- lots_events row at most; an event without one shows "not recorded".
-- Written and read by review/programme.c only.  Portable SQLite/PostgreSQL.
CREATE TABLE programme_event_notes (
	event_id    INTEGER PRIMARY KEY REFERENCES lots_events(id),
	meeting     TEXT NOT NULL CHECK (meeting <> ''),
	run_by      TEXT NOT NULL CHECK (run_by <> ''),
	recorded_at TEXT NOT NULL
);
