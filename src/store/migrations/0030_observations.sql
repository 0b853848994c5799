-- 0030_observations: written observations on the submitted responses
-- (issue 10; annex para 35; spec R86).  The text of each observation is an
-- archived record (archive_records, kind 'observation', sealed); this is
-- what is not content: the question it is tied to, its type, the
-- observation it answers and the author's State, so that observations can
-- be listed per question and their deadline followed.  Append-only, like
-- the archive (the backend parts add the triggers).  Portable SQL.
CREATE TABLE dialogue_observations (
	record      BIGINT PRIMARY KEY REFERENCES archive_records(seq),
	reviewed    TEXT NOT NULL,
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	instrument  TEXT NOT NULL,
	question    TEXT NOT NULL,
	answer_version INTEGER NOT NULL DEFAULT 0, -- the answer's version observed; 0 none
	type        TEXT NOT NULL CHECK (type IN ('comment', 'clarification',
	                                          'supplementary_question', 'reply')),
	reply_to    BIGINT REFERENCES dialogue_observations(record),
	state       TEXT NOT NULL DEFAULT '',   -- the author's State; '' the Secretariat
	part        TEXT NOT NULL CHECK (part IN ('reviewer', 'reviewed')),
	at          TEXT NOT NULL
);
CREATE INDEX dialogue_observations_review ON dialogue_observations(reviewed, phase, record);

-- Reminders of the observations' deadline, each sent once per reviewing
-- State: d30, d7, overdue.
CREATE TABLE observation_reminders (
	reviewed    TEXT NOT NULL,
	phase       INTEGER NOT NULL,
	state       TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('d30', 'd7', 'overdue')),
	sent_at     TEXT NOT NULL,
	PRIMARY KEY (reviewed, phase, state, kind)
);
