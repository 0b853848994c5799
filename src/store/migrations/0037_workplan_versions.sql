-- 0037_workplan_versions: the workplan of table 2 and the cohort offsets,
-- versioned with the Conference decision that set each version (issue 9;
-- R33, R38, appendix B2.1, C1), as lots_parameters (0029) versions the
-- drawing's parameters; and the read mark of the notices the interface
-- lists (issue 9, "Notifications ... in the interface").  Portable
-- SQLite/PostgreSQL.  Written by review/workplan.c and web/pages_notices.c
-- (through review/workplan.h and mail/outbox.h) only.
--
-- Version 1 is what data/ ships under resolution 9/1 (annex).  The tables
-- workplan and cohorts keep the shipped files as loaded; a fresh database
-- gets version 1's rows from them when refdata_load() runs (after the
-- migrations), an existing one here.
CREATE TABLE workplan_versions (
	version     INTEGER PRIMARY KEY,
	decision    TEXT NOT NULL CHECK (decision <> ''),
	decided_on  TEXT NOT NULL CHECK (length(decided_on) = 10),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
CREATE TABLE workplan_stages (
	version    INTEGER NOT NULL REFERENCES workplan_versions(version),
	stage      INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 4),
	cluster    TEXT,
	first_year INTEGER NOT NULL CHECK (first_year >= 1),
	last_year  INTEGER NOT NULL,
	CHECK (last_year >= first_year),
	PRIMARY KEY (version, stage)
);
CREATE TABLE workplan_cohorts (
	version      INTEGER NOT NULL REFERENCES workplan_versions(version),
	cohort       INTEGER NOT NULL CHECK (cohort BETWEEN 1 AND 3),
	offset_years INTEGER NOT NULL CHECK (offset_years >= 0),
	PRIMARY KEY (version, cohort)
);
INSERT INTO workplan_versions (version, decision, decided_on, recorded_by, recorded_at)
VALUES (1, 'resolution 9/1 (annex)', '2018-10-19', 'migration 0037', '2026-12-02T00:00:00Z');
INSERT INTO workplan_stages (version, stage, cluster, first_year, last_year)
SELECT 1, stage, cluster, first_year, last_year FROM workplan;
INSERT INTO workplan_cohorts (version, cohort, offset_years)
SELECT 1, cohort, offset_years FROM cohorts;

-- The version in force when a cohort's phase started: the review keeps it
-- (R38).  Phases opened before this migration used version 1.
ALTER TABLE cohort_phases ADD COLUMN workplan_version INTEGER;
UPDATE cohort_phases SET workplan_version = 1;

