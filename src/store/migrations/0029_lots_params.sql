-- 0029_lots_params: the parameters of the drawing of lots, versioned with
-- the Conference decision that set each version (issue 12; R38: every rule
-- constant parameterised and versioned).  Version 1 is the annex of
-- resolution 9/1: at most four reviewers (para 28 c), four counted redraws
-- (para 28 d), one to three reviews per reviewer (para 29), three cohorts
-- (para 17).  Every drawing document records the version it used, and
-- `draw verify --db` checks it against this table.  Written by
-- lots/params.c only.  Portable SQLite/PostgreSQL.
CREATE TABLE lots_parameters (
	version       INTEGER PRIMARY KEY,
	max_reviewers INTEGER NOT NULL CHECK (max_reviewers >= 2),
	redraw_limit  INTEGER NOT NULL CHECK (redraw_limit >= 0),
	load_min      INTEGER NOT NULL CHECK (load_min >= 0),
	load_max      INTEGER NOT NULL CHECK (load_max >= load_min),
	cohorts       INTEGER NOT NULL CHECK (cohorts >= 1),
	decision      TEXT NOT NULL CHECK (decision <> ''),
	decided_on    TEXT NOT NULL CHECK (length(decided_on) = 10),
	recorded_by   TEXT NOT NULL,
	recorded_at   TEXT NOT NULL
);
INSERT INTO lots_parameters (version, max_reviewers, redraw_limit, load_min, load_max, cohorts,
			     decision, decided_on, recorded_by, recorded_at)
VALUES (1, 4, 4, 1, 3, 3, 'resolution 9/1 (annex)', '2018-10-19', 'migration 0029',
	'2026-12-02T00:00:00Z');
