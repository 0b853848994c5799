-- 0043_portal_publications: the Secretariat's selection for the public
-- part of the portal (issue 10; annex para 37; spec R98: "request by
-- reviewed State -> secretariat publishes selected items") and the
-- progress reports uploaded to the public part (B18 "Follow-up progress
-- info", R104, R118).  Portable SQL; the append-only triggers are in the
-- .sqlite.sql / .pg.sql parts.
--
-- One row per publication by the Secretariat, under one 'portal' request
-- of the reviewed State (request: disclosures.id): the item published
-- ('' the whole scope of the request) with its phase and instrument
-- (the request's for the whole scope).  A publication is in force while
-- its request is the choice in force for its scope: the State's later
-- 'withdraw' (or any later choice of that scope) ends it.  Written by
-- review/disclosure.c only.
CREATE TABLE portal_publications (
	id          INTEGER PRIMARY KEY,
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	request     INTEGER NOT NULL REFERENCES disclosures(id),
	item        TEXT NOT NULL,
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 4),
	instrument  TEXT NOT NULL,
	note        TEXT NOT NULL,
	by_id       INTEGER NOT NULL,
	by_whom     TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX portal_publications_reviewed ON portal_publications (reviewed, id);

-- A progress report (followup_reports.id) uploaded to the public part by
-- the reviewed State's focal point, at filing or later: from then anyone
-- reads it (ACCESS_PROGRESS_REPORT_READ).  One row per upload, kept.
CREATE TABLE followup_public (
	id          INTEGER PRIMARY KEY,
	report      INTEGER NOT NULL UNIQUE REFERENCES followup_reports(id),
	by_id       INTEGER NOT NULL,
	by_whom     TEXT NOT NULL,
	at          TEXT NOT NULL
);
