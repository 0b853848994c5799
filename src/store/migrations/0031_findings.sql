-- 0031_findings: lists of observations and their follow-up (issue 10;
-- annex paras 38-39, 43-46; spec R102, R107-R118, R191, C14, C46).
-- Portable SQL; the append-only triggers are in the .sqlite.sql / .pg.sql
-- parts.

-- Table 2 and its footnote a (R191): the working groups of the Mechanism
-- and the instruments each receives lists for, loaded from
-- data/working-groups.csv and data/instrument-wgs.csv.
CREATE TABLE working_groups (
	code    TEXT PRIMARY KEY,            -- wg_ic wg_ta wg_tip wg_som wg_firearms
	ord     INTEGER NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_fr TEXT NOT NULL
);
CREATE TABLE instrument_wgs (
	instrument TEXT NOT NULL REFERENCES instruments(code),
	wg         TEXT NOT NULL REFERENCES working_groups(code),
	PRIMARY KEY (instrument, wg)
);

-- One list per reviewed State and phase, structured by instrument (C46).
-- version: the current version of its items (0: none yet);
-- agreed_version: the latest version every party agreed to (0: never;
-- the list is final while agreed_version = version); thread: the archive
-- thread that holds the agreements (archive/, kind "agreement").
CREATE TABLE obs_lists (
	id             INTEGER PRIMARY KEY,
	reviewed       TEXT NOT NULL REFERENCES parties(code),
	phase          INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	version        INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
	agreed_version INTEGER NOT NULL DEFAULT 0 CHECK (agreed_version >= 0),
	agreed_at      TEXT NOT NULL DEFAULT '',
	thread         BIGINT,
	created_at     TEXT NOT NULL,
	created_by     TEXT NOT NULL,
	UNIQUE (reviewed, phase)
);

-- Every version of the list (never updated nor deleted): who saved it,
-- when, and the SHA-256 of its canonical JSON (what an agreement names).
CREATE TABLE obs_list_versions (
	list_id    INTEGER NOT NULL REFERENCES obs_lists(id),
	version    INTEGER NOT NULL CHECK (version >= 1),
	sha256     TEXT NOT NULL,
	nitems     INTEGER NOT NULL,
	at         TEXT NOT NULL,
	by_whom    TEXT NOT NULL,
	PRIMARY KEY (list_id, version)
);

-- The items of each version (append-only: a new version inserts all its
-- items again).  item_key is stable across versions ("i1", "i2", ...);
-- type: gap (gap or difficulty), good_practice, suggestion, ta_need (R107);
-- priority only for ta_need; answers: JSON array of response question
-- ids, messages: JSON array of archive record ids (R108).
CREATE TABLE obs_items (
	list_id    INTEGER NOT NULL REFERENCES obs_lists(id),
	version    INTEGER NOT NULL,
	item_key   TEXT NOT NULL,
	ord        INTEGER NOT NULL,
	instrument TEXT NOT NULL REFERENCES instruments(code),
	article    INTEGER NOT NULL CHECK (article > 0),
	type       TEXT NOT NULL CHECK (type IN ('gap', 'good_practice', 'suggestion', 'ta_need')),
	priority   TEXT NOT NULL DEFAULT '' CHECK (priority IN ('', 'high', 'medium', 'low')),
	body       TEXT NOT NULL,
	answers    TEXT NOT NULL DEFAULT '[]',
	messages   TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (list_id, version, item_key)
);

-- Confidentiality decisions of the reviewed State (R102, R103: who, when),
-- per item key; the latest decision per item is in force.  Append-only.
CREATE TABLE obs_confidential (
	id         INTEGER PRIMARY KEY,
	list_id    INTEGER NOT NULL REFERENCES obs_lists(id),
	item_key   TEXT NOT NULL,
	confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
	at         TEXT NOT NULL,
	by_whom    TEXT NOT NULL
);
CREATE INDEX obs_confidential_by_item ON obs_confidential (list_id, item_key, id);

-- Agreements (para 39, R111): party agreed to version (with its SHA-256),
-- archived as record archive_seq.  Append-only: a later version has no
-- agreement yet, which is what reopens it.
CREATE TABLE obs_agreements (
	id          INTEGER PRIMARY KEY,
	list_id     INTEGER NOT NULL REFERENCES obs_lists(id),
	party       TEXT NOT NULL REFERENCES parties(code),
	version     INTEGER NOT NULL,
	sha256      TEXT NOT NULL,
	archive_seq BIGINT NOT NULL,
	at          TEXT NOT NULL,
	by_whom     TEXT NOT NULL,
	UNIQUE (list_id, party, version)
);

-- Follow-up (paras 43-46, R115-R118).  Status of each technical-assistance
-- need (an item of type ta_need, by key) as the reviewed State reports it;
-- the latest row per need is in force (append-only).
CREATE TABLE ta_status (
	id        INTEGER PRIMARY KEY,
	list_id   INTEGER NOT NULL REFERENCES obs_lists(id),
	item_key  TEXT NOT NULL,
	status    TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'met')),
	note      TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	by_whom   TEXT NOT NULL
);
CREATE INDEX ta_status_by_item ON ta_status (list_id, item_key, id);

-- Requests linked to providers (para 45, R116), recorded by the
-- Secretariat; the latest row per (need, provider) is in force.
CREATE TABLE ta_requests (
	id        INTEGER PRIMARY KEY,
	list_id   INTEGER NOT NULL REFERENCES obs_lists(id),
	item_key  TEXT NOT NULL,
	provider  TEXT NOT NULL,
	funding   TEXT NOT NULL CHECK (funding IN ('sought', 'pledged', 'funded', 'declined')),
	note      TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	by_whom   TEXT NOT NULL
);
CREATE INDEX ta_requests_by_item ON ta_requests (list_id, item_key, id);

-- Progress reports of the reviewed State (para 46, R118): communicated = 1
-- when it makes the report available to the States parties and working
-- groups.  Append-only.
CREATE TABLE followup_reports (
	id           INTEGER PRIMARY KEY,
	list_id      INTEGER NOT NULL REFERENCES obs_lists(id),
	body         TEXT NOT NULL,
	communicated INTEGER NOT NULL CHECK (communicated IN (0, 1)),
	at           TEXT NOT NULL,
	by_whom      TEXT NOT NULL
);
