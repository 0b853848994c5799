-- 0014_lots_opt_outs: when and by what each opt-out of footnote 2 of
-- resolution 9/1 was made (issue 12; C34, R49, R63).  The two choices (not
-- reviewed, not a reviewer) stay the flags parties.not_reviewed and
-- parties.not_reviewer (0011) the roster reads; each change of one is
-- recorded here with its date and source (e.g. a note verbale), and
-- every drawing event copies the records in force into its inputs.
-- Written by lots/optout.c only.  Portable SQLite/PostgreSQL.
CREATE TABLE lots_opt_outs (
	id          INTEGER PRIMARY KEY,
	party       TEXT NOT NULL REFERENCES parties(code),
	choice      TEXT NOT NULL CHECK (choice IN ('not_reviewed', 'not_reviewer')),
	opted_out   INTEGER NOT NULL CHECK (opted_out IN (0, 1)),  -- 0: withdrawn
	since       TEXT NOT NULL CHECK (length(since) = 10),      -- YYYY-MM-DD
	source      TEXT NOT NULL CHECK (source <> ''),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
