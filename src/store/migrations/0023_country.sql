-- 0023_country: country reviews, their people and their consultations
-- (issue 9; annex paras 18, 25-28, 31-32, 50; spec R17-R20, R41-R43,
-- R83-R84, C5, C27, C28, C44).  Portable SQL (SQLite and PostgreSQL).
-- The reviewers of a review are the active lots_assignments of the current
-- draw and its phase states review_phase_states (0020): not copied here.

-- The instruments under review in each phase, taken when the cohort's
-- phase opens (C5), with the State's UNCAC status at that moment (C27:
-- Convention articles 8 and 9 are reviewed only when uncac = 0) and
-- without an instrument whose cell of table 1 is empty for the phase's
-- cluster (R42, C28).  instruments: comma list in table 1 order.
CREATE TABLE country_phase_instruments (
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	cluster     TEXT NOT NULL REFERENCES clusters(code),
	instruments TEXT NOT NULL,
	uncac       INTEGER NOT NULL CHECK (uncac IN (0, 1)),
	taken_at    TEXT NOT NULL,
	PRIMARY KEY (reviewed, phase)
);

-- The Permanent Representative of each State, entered by the Secretariat:
-- the temporary focal point until one is named (para 18, R14, R18).
CREATE TABLE representatives (
	state      TEXT NOT NULL REFERENCES parties(code),
	name       TEXT NOT NULL,
	email      TEXT NOT NULL,
	lang       TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
	entered_at TEXT NOT NULL,
	entered_by TEXT NOT NULL,
	PRIMARY KEY (state)
);

-- The focal point of each State: one at a time (para 18, R17), an account
-- of role focal_point of that State.
CREATE TABLE focal_points (
	state    TEXT NOT NULL REFERENCES parties(code),
	user_id  INTEGER NOT NULL UNIQUE REFERENCES users(id),
	named_at TEXT NOT NULL,
	named_by TEXT NOT NULL,
	PRIMARY KEY (state)
);

-- The governmental experts a State has named (para 27, R19): accounts of
-- role expert of that State; their instruments are users.instruments.
CREATE TABLE experts (
	user_id  INTEGER NOT NULL REFERENCES users(id),
	state    TEXT NOT NULL REFERENCES parties(code),
	named_at TEXT NOT NULL,
	named_by TEXT NOT NULL,
	PRIMARY KEY (user_id)
);
CREATE INDEX experts_by_state ON experts (state);

-- How a reviewing State's experts share out a review (para 32, R20): by
-- instrument, cluster ('' = every cluster) or article (0 = every article).
CREATE TABLE expert_tasks (
	id          INTEGER PRIMARY KEY,
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	instrument  TEXT NOT NULL REFERENCES instruments(code),
	cluster     TEXT NOT NULL DEFAULT '',
	article     INTEGER NOT NULL DEFAULT 0 CHECK (article >= 0),
	assigned_at TEXT NOT NULL,
	assigned_by TEXT NOT NULL,
	UNIQUE (reviewed, user_id, instrument, cluster, article)
);

-- Every change to a State's people, with who made it and when.
CREATE TABLE people_events (
	id      INTEGER PRIMARY KEY,
	state   TEXT NOT NULL REFERENCES parties(code),
	at      TEXT NOT NULL,
	by_whom TEXT NOT NULL,
	action  TEXT NOT NULL,
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_events_by_state ON people_events (state, id);

-- Notices of a State's deadlines (invitations to name a focal point and
-- experts, reminders), each sent once; temporary = 1 when it went to the
-- Permanent Representative as temporary focal point (R18).
CREATE TABLE people_notices (
	state     TEXT NOT NULL REFERENCES parties(code),
	kind      TEXT NOT NULL,
	sent_at   TEXT NOT NULL,
	recipient TEXT NOT NULL,
	temporary INTEGER NOT NULL DEFAULT 0 CHECK (temporary IN (0, 1)),
	PRIMARY KEY (state, kind)
);

-- What the reviewed State agreed with its reviewers (para 31, R83-R84):
-- the working languages (one or two; three only when exceptional, para
-- 50) and the calendar of the phase.  Every record is kept; the latest is
-- in force.
CREATE TABLE consultations (
	id               INTEGER PRIMARY KEY,
	reviewed         TEXT NOT NULL REFERENCES parties(code),
	phase            INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	languages        TEXT NOT NULL,
	exceptional      INTEGER NOT NULL DEFAULT 0 CHECK (exceptional IN (0, 1)),
	responses_due    TEXT,
	observations_due TEXT,
	dialogue_on      TEXT,
	list_due         TEXT,
	note             TEXT NOT NULL DEFAULT '',
	recorded_at      TEXT NOT NULL,
	recorded_by      TEXT NOT NULL,
	CHECK (languages <> '' AND languages NOT LIKE '%,%,%,%'),
	CHECK (exceptional = 1 OR languages NOT LIKE '%,%,%')
);
CREATE INDEX consultations_by_review ON consultations (reviewed, id);
