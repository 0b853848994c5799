-- 0054_blueprint: the blueprint ("esquisse") of the lists of observations
-- and of the summaries (issue 10; annex paras 15, 38; spec R108, R110,
-- R112), and the corrigendum of an issued summary (para 39, R111).
-- Portable SQL (SQLite and PostgreSQL); the append-only triggers are in
-- the .sqlite.sql / .pg.sql parts.  ADD COLUMN is no UPDATE: the
-- append-only triggers of 0026 and 0031 do not fire.

-- Every version of the blueprint, each adopted by a Conference decision
-- recorded in lots_decisions (the one table of recorded decisions; the
-- Secretariat records it at /lots/decision).  body: the canonical JSON
-- {"summary": {"headings": {lang: [heading...]}}, "list": {"instruments":
-- [code...], "types": [type...]}} as the Secretariat entered it (R112: its
-- content is the expert group's and the Conference's, never shipped).  The
-- version in force is the highest.  Written by findings/outline.c only;
-- never updated nor deleted.
CREATE TABLE blueprints (
	version     INTEGER PRIMARY KEY CHECK (version >= 1),
	body        TEXT NOT NULL,
	sha256      TEXT NOT NULL,
	decision    TEXT NOT NULL REFERENCES lots_decisions(ref),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);

-- The blueprint version each summary text and each list version followed
-- (0: none was adopted when it was saved).
ALTER TABLE summary_versions ADD COLUMN blueprint_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE obs_list_versions ADD COLUMN blueprint_version INTEGER NOT NULL DEFAULT 0;

-- A corrigendum of an issued summary: opened by one who writes the
-- summary, it lets the drafting text change again; the correction
-- becomes official only once agreed again by every party and made final,
-- language by language.  issued_version: the drafting version that was
-- issued; closed_at: when every language issued then was replaced by the
-- correction ('' while open).
CREATE TABLE summary_corrigenda (
	id             INTEGER PRIMARY KEY,
	summary_id     INTEGER NOT NULL REFERENCES summaries(id),
	number         INTEGER NOT NULL CHECK (number >= 1),
	issued_version INTEGER NOT NULL,
	reason         TEXT NOT NULL,
	opened_at      TEXT NOT NULL,
	opened_by      TEXT NOT NULL,
	closed_at      TEXT NOT NULL DEFAULT '',
	UNIQUE (summary_id, number)
);

-- What was official in each language when the corrigendum was opened:
-- the version of that language's text (the drafting text's too when it
-- was public), served to the public until the correction replaces it.
-- Append-only.
CREATE TABLE summary_corrigendum_langs (
	corrigendum_id INTEGER NOT NULL REFERENCES summary_corrigenda(id),
	lang           TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
	version        INTEGER NOT NULL CHECK (version >= 1),
	based_on       INTEGER NOT NULL,
	PRIMARY KEY (corrigendum_id, lang)
);
