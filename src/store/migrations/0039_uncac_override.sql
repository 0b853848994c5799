-- 0039_uncac_override: the Secretariat's override of the UNCAC status a
-- review uses for footnote a of table 1 (Convention arts. 8 and 9; issue
-- 9; R41, C27), and the start of the country-review phase per instrument
-- (R43, R76).  Portable SQL (SQLite and PostgreSQL).  Written by
-- response/uncac.c and response/answer.c only; read by review/country.c
-- (country_phase_snapshot: the latest decision of a review's phase wins
-- over the snapshot taken when the phase started).
--
-- Each decision is a new row, never changed (the earlier ones are the
-- history): the reviewed State and phase, the status it sets (1 party to
-- UNCAC: arts. 8 and 9 not examined here), the decision's reference and
-- reason, who entered it and when.  Refused once the phase's responses
-- are submitted.  No answer is ever deleted by it: a section hidden by a
-- decision keeps its answers, shown again by a later one.
CREATE TABLE uncac_overrides (
	id         INTEGER PRIMARY KEY,
	reviewed   TEXT NOT NULL REFERENCES parties(code),
	phase      INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	uncac      INTEGER NOT NULL CHECK (uncac IN (0, 1)),
	reference  TEXT NOT NULL CHECK (reference <> ''),
	reason     TEXT NOT NULL CHECK (reason <> ''),
	decided_by TEXT NOT NULL,
	decided_at TEXT NOT NULL
);
CREATE INDEX uncac_overrides_review ON uncac_overrides (reviewed, phase, id);

-- R43, R76: when every relevant section of an instrument's questionnaire
-- was first complete, the event that starts the country-review phase for
-- that instrument.  Unlike completed_at (cleared while an answer makes the
-- instrument incomplete again) it is set once and kept.
ALTER TABLE response_questionnaires ADD COLUMN review_started_at TEXT;
UPDATE response_questionnaires SET review_started_at = completed_at
	WHERE completed_at IS NOT NULL;
