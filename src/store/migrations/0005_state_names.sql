-- 0005_state_names: the name of every party in the six languages of the
-- Mechanism (issue 8, item 3; R11).  parties.name and parties.name_fr stay
-- as they were (the roster and older code read them); this table adds one
-- row per party and language, filled by refdata_load() from data/states.csv
-- (en, fr) and data/state-names.csv (ar, zh, ru, es).  source says where a
-- name comes from: 'un' the United Nations short name, 'icu' ICU's locale
-- data where no UN name was known (docs/data-states.md), 'roster' an English
-- name changed by `revmech roster import`.  Portable SQLite/PostgreSQL.
-- (Number 0004 was already taken by 0004_websec.)
CREATE TABLE party_names (
	party  TEXT NOT NULL REFERENCES parties(code) ON DELETE CASCADE,
	lang   TEXT NOT NULL REFERENCES languages(code),
	name   TEXT NOT NULL CHECK (name <> ''),
	source TEXT NOT NULL CHECK (source IN ('un', 'icu', 'roster')),
	PRIMARY KEY (party, lang)
);

-- A database made before this migration: its English and French names.
-- The other four languages come from `revmech migrate --data DIR`.
INSERT INTO party_names (party, lang, name, source)
	SELECT code, 'en', name, 'un' FROM parties
	WHERE name <> '' AND EXISTS (SELECT 1 FROM languages WHERE code = 'en');
INSERT INTO party_names (party, lang, name, source)
	SELECT code, 'fr', name_fr, 'un' FROM parties
	WHERE name_fr <> '' AND EXISTS (SELECT 1 FROM languages WHERE code = 'fr');
