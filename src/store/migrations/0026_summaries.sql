-- 0026_summaries: the summary of each country review's phase (issue 10;
-- annex paras 38-39, 50; spec R110, R111, R145, R147, C32, C37).
-- Portable SQL (SQLite and PostgreSQL); the append-only triggers are in
-- the .sqlite.sql / .pg.sql parts.

-- One summary per reviewed State and phase (C37), written in its drafting
-- language (the one whose words are counted, C32).
CREATE TABLE summaries (
	id          INTEGER PRIMARY KEY,
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	drafting    TEXT NOT NULL CHECK (drafting IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	UNIQUE (reviewed, phase)
);

-- Who must agree (para 39, R111): the reviewed State and each reviewing
-- State, as the caller knew them (redraws replace the list).
CREATE TABLE summary_parties (
	summary_id  INTEGER NOT NULL REFERENCES summaries(id),
	party       TEXT NOT NULL REFERENCES parties(code),
	is_reviewed INTEGER NOT NULL CHECK (is_reviewed IN (0, 1)),
	PRIMARY KEY (summary_id, party)
);

-- Every text ever saved, one version per save and language: never
-- updated nor deleted (triggers).  based_on: for a translation, the
-- version of the drafting text it translates (R145).
CREATE TABLE summary_versions (
	id          INTEGER PRIMARY KEY,
	summary_id  INTEGER NOT NULL REFERENCES summaries(id),
	lang        TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
	version     INTEGER NOT NULL CHECK (version >= 1),
	body        TEXT NOT NULL,
	words       INTEGER NOT NULL,
	based_on    INTEGER NOT NULL,
	at          TEXT NOT NULL,
	by_whom     TEXT NOT NULL,
	UNIQUE (summary_id, lang, version)
);

-- The current state of each language version: its translation status
-- (R145: requested, in_translation, revised, final; "original" for the
-- drafting language) and latest version.  Derived from summary_events,
-- kept for reading in one row.
CREATE TABLE summary_langs (
	summary_id  INTEGER NOT NULL REFERENCES summaries(id),
	lang        TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
	status      TEXT NOT NULL CHECK (status IN ('original', 'requested', 'in_translation',
	                                            'revised', 'final')),
	version     INTEGER NOT NULL,
	based_on    INTEGER NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL,
	PRIMARY KEY (summary_id, lang)
);

-- Every change of status, text or agreement, with who and when
-- (append-only).
CREATE TABLE summary_events (
	id          INTEGER PRIMARY KEY,
	summary_id  INTEGER NOT NULL REFERENCES summaries(id),
	lang        TEXT NOT NULL,
	event       TEXT NOT NULL,
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	version     INTEGER NOT NULL,
	at          TEXT NOT NULL,
	by_whom     TEXT NOT NULL
);
CREATE INDEX summary_events_by_summary ON summary_events (summary_id, id);

-- Agreements (para 39, R111): party agreed to version of the drafting
-- text.  Append-only: a later version simply has no agreement yet, which
-- is what reopens it.
CREATE TABLE summary_agreements (
	id          INTEGER PRIMARY KEY,
	summary_id  INTEGER NOT NULL REFERENCES summaries(id),
	party       TEXT NOT NULL REFERENCES parties(code),
	version     INTEGER NOT NULL,
	at          TEXT NOT NULL,
	by_whom     TEXT NOT NULL,
	UNIQUE (summary_id, party, version)
);
