-- 0020_review_phases: the programme engine (issue 9; spec R34, R37, R43, R46, R90, C14).
-- Portable SQL (SQLite and PostgreSQL).

-- A cohort's phase once started: the reviews planned at its start are
-- frozen here (the denominator of the 70 % gate, R37), and a Conference
-- decision that lets the cohort move on without the gate is recorded.
CREATE TABLE cohort_phases (
	cohort      INTEGER NOT NULL CHECK (cohort BETWEEN 1 AND 3),
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	started_at  TEXT NOT NULL,
	started_by  TEXT NOT NULL,
	planned     INTEGER NOT NULL CHECK (planned >= 0),
	decision_ref  TEXT,                       -- Conference decision opening it despite the gate
	decision_date TEXT,
	decision_by   TEXT,
	PRIMARY KEY (cohort, phase)
);

-- The state of each country review in each phase (R90), and every
-- transition with who made it and when.
CREATE TABLE review_phase_states (
	reviewed   TEXT NOT NULL REFERENCES parties(code),
	phase      INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	state      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (reviewed, phase)
);
CREATE TABLE review_transitions (
	id         INTEGER PRIMARY KEY,
	reviewed   TEXT NOT NULL REFERENCES parties(code),
	phase      INTEGER NOT NULL,
	from_state TEXT NOT NULL,
	to_state   TEXT NOT NULL,
	at         TEXT NOT NULL,
	by_whom    TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_transitions_by_review ON review_transitions (reviewed, phase, id);
