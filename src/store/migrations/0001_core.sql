-- 0001_core: reference data of the Mechanism (spec R1-R11, appendix B).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE instruments (
	code     TEXT PRIMARY KEY,           -- untoc tip som firearms
	ord      INTEGER NOT NULL UNIQUE,
	name_en  TEXT NOT NULL,
	name_fr  TEXT NOT NULL,
	short_en TEXT NOT NULL,
	short_fr TEXT NOT NULL,
	adopted  TEXT NOT NULL,
	in_force TEXT NOT NULL
);

CREATE TABLE clusters (
	code       TEXT PRIMARY KEY,         -- C1..C4 (appendix B3)
	ord        INTEGER NOT NULL UNIQUE,  -- column order of table 1
	name_en    TEXT NOT NULL,
	name_fr    TEXT NOT NULL,
	name_fr_t2 TEXT NOT NULL             -- variant used in table 2 (C26)
);

-- Table 1 of the appendix, one row per article.  condition holds the rule
-- of footnote a: 'not_uncac' = reviewed only for States not party to UNCAC.
CREATE TABLE cluster_articles (
	instrument TEXT NOT NULL REFERENCES instruments(code),
	cluster    TEXT NOT NULL REFERENCES clusters(code),
	article    INTEGER NOT NULL CHECK (article > 0),
	ord        INTEGER NOT NULL,
	condition  TEXT NOT NULL DEFAULT '' CHECK (condition IN ('', 'not_uncac')),
	PRIMARY KEY (instrument, article)
);

-- Table 2 and its per-cohort schedule (R33-R35, appendix B2.1).
CREATE TABLE workplan (
	stage      INTEGER PRIMARY KEY,      -- 0 = preparatory, 1..4 = review phases
	cluster    TEXT REFERENCES clusters(code),
	first_year INTEGER NOT NULL,         -- process years for cohort 1
	last_year  INTEGER NOT NULL,
	CHECK (last_year >= first_year)
);
CREATE TABLE cohorts (
	cohort INTEGER PRIMARY KEY CHECK (cohort BETWEEN 1 AND 3),
	offset_years INTEGER NOT NULL
);

CREATE TABLE languages (
	code    TEXT PRIMARY KEY,            -- ar zh en fr ru es
	ord     INTEGER NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL,
	native  TEXT NOT NULL,
	dir     TEXT NOT NULL CHECK (dir IN ('ltr', 'rtl'))
);

CREATE TABLE regional_groups (
	code    TEXT PRIMARY KEY,            -- AFRICAN ASIA_PACIFIC ...
	ord     INTEGER NOT NULL UNIQUE,     -- English alphabetical = rotation order
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL
);

-- Every State or organisation that can take part (R3, R7, R9, R10).
CREATE TABLE parties (
	code      TEXT PRIMARY KEY CHECK (length(code) = 3),
	name      TEXT NOT NULL,
	name_fr   TEXT NOT NULL DEFAULT '',
	type      TEXT NOT NULL DEFAULT 'state' CHECK (type IN ('state', 'reio')),
	grp       TEXT REFERENCES regional_groups(code),
	un_status TEXT NOT NULL DEFAULT 'member'
	          CHECK (un_status IN ('member', 'observer', 'other', 'reio')),
	uncac     INTEGER NOT NULL DEFAULT 0 CHECK (uncac IN (0, 1)),
	opt_out   INTEGER NOT NULL DEFAULT 0 CHECK (opt_out IN (0, 1)),
	volunteer_reviewed INTEGER NOT NULL DEFAULT 0 CHECK (volunteer_reviewed IN (0, 1)),
	extra_reviews INTEGER NOT NULL DEFAULT 0 CHECK (extra_reviews >= 0)
);

-- Status per party and instrument: party, or signatory not (yet) party.
CREATE TABLE party_instruments (
	party      TEXT NOT NULL REFERENCES parties(code) ON DELETE CASCADE,
	instrument TEXT NOT NULL REFERENCES instruments(code),
	status     TEXT NOT NULL CHECK (status IN ('party', 'signatory')),
	PRIMARY KEY (party, instrument)
);
