-- 0024_responses: self-assessment responses (issue 9; annex paras 19-26,
-- 34, 40-42; spec R43, R72-R79, C12, C15, C47).  Portable SQL; the
-- attachments' bytes are in 0024_responses.sqlite.sql / .pg.sql (BLOB vs
-- BYTEA).
--
-- The questionnaire (id, version) each review uses per instrument in a
-- phase, fixed when the questionnaire is opened (R70: a review keeps the
-- version it started with); completed_at is set while every applicable
-- question of the instrument is answered (R76).
CREATE TABLE response_questionnaires (
	reviewed     TEXT NOT NULL REFERENCES parties(code),
	phase        INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	instrument   TEXT NOT NULL REFERENCES instruments(code),
	qid          TEXT NOT NULL,
	qversion     TEXT NOT NULL,
	opened_at    TEXT NOT NULL,
	opened_by    TEXT NOT NULL,
	deadline     TEXT NOT NULL,              -- D1: start + 6 months, clamped (C12)
	completed_at TEXT,
	PRIMARY KEY (reviewed, phase, instrument),
	FOREIGN KEY (qid, qversion) REFERENCES questionnaires(id, version)
);

-- The current answer per question; version counts its saves (1, 2, ...),
-- so that a save based on an older version is a conflict, never a lost
-- answer.  answer is canonical JSON {"value": ..., "references": [...]}
-- (references to other mechanisms' material, R73); lang the working
-- language it is written in (R72).
CREATE TABLE responses (
	reviewed   TEXT NOT NULL REFERENCES parties(code),
	phase      INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	question   TEXT NOT NULL,
	instrument TEXT NOT NULL REFERENCES instruments(code),
	version    INTEGER NOT NULL CHECK (version >= 1),
	lang       TEXT NOT NULL REFERENCES languages(code),
	answer     TEXT NOT NULL,
	saved_at   TEXT NOT NULL,
	saved_by   TEXT NOT NULL,
	PRIMARY KEY (reviewed, phase, question)
);
-- Every saved version, kept: the history that can be listed and compared.
CREATE TABLE response_versions (
	reviewed TEXT NOT NULL,
	phase    INTEGER NOT NULL,
	question TEXT NOT NULL,
	version  INTEGER NOT NULL,
	lang     TEXT NOT NULL,
	answer   TEXT NOT NULL,
	saved_at TEXT NOT NULL,
	saved_by TEXT NOT NULL,
	PRIMARY KEY (reviewed, phase, question, version)
);

-- Submission by the reviewed State's focal point (R24, R77, para 34), at
-- most once per review and phase; the note on its experience (para 42,
-- R78) may be added after.
CREATE TABLE response_submissions (
	reviewed     TEXT NOT NULL REFERENCES parties(code),
	phase        INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	submitted_at TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	note_at      TEXT,
	note_by      TEXT,
	PRIMARY KEY (reviewed, phase)
);

-- National consultations held to answer (para 23, R75).
CREATE TABLE response_consultations (
	id        INTEGER PRIMARY KEY,
	reviewed  TEXT NOT NULL REFERENCES parties(code),
	phase     INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	held_on   TEXT NOT NULL,
	sectors   TEXT NOT NULL,              -- comma list: private_sector,ngo,academia,individuals,other
	summary   TEXT NOT NULL,
	added_at  TEXT NOT NULL,
	added_by  TEXT NOT NULL
);

-- Reminders of the deadline sent, one per kind, so none is sent twice.
CREATE TABLE response_reminders (
	reviewed TEXT NOT NULL,
	phase    INTEGER NOT NULL,
	kind     TEXT NOT NULL CHECK (kind IN ('d30', 'd7', 'overdue')),
	sent_at  TEXT NOT NULL,
	PRIMARY KEY (reviewed, phase, kind)
);
