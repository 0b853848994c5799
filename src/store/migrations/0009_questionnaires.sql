-- 0009_questionnaires: questionnaire definitions by (id, version) with their
-- lifecycle status (issue 9; R69-R70), loaded by `revmech init` and
-- `revmech migrate` from data/questionnaires/ (docs/questionnaires.md).  A
-- review refers to one (id, version), so it keeps the version it started
-- with when a later one is loaded; a stored version's content never
-- changes (qstore_load_dir refuses it), only its status moves forward.
-- content is the canonical JSON (sorted keys, compact) of the title and
-- sections.  Portable SQLite/PostgreSQL.  (0006-0008 are left to the
-- branches working in parallel on issue 9.)
CREATE TABLE questionnaires (
	id         TEXT NOT NULL,
	version    TEXT NOT NULL,
	instrument TEXT NOT NULL REFERENCES instruments(code),
	cluster    TEXT NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('draft', 'harmonised', 'adopted')),
	decision   TEXT,
	adopted_on TEXT,
	content    TEXT NOT NULL,
	loaded_at  TEXT NOT NULL,
	PRIMARY KEY (id, version),
	CHECK ((status = 'adopted' AND decision IS NOT NULL AND adopted_on IS NOT NULL)
	       OR (status <> 'adopted' AND decision IS NULL AND adopted_on IS NULL))
);
