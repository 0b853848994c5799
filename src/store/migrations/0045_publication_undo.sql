-- 0045_publication_undo: undoing a publication, append-only (issue 10,
-- gap "undoing"; annex paras 37, 41; spec R98, R99, R103, R104, R118,
-- B18).  Nothing of 0043 is changed: an end or a withdrawal is a new row,
-- so who published and who took it out, when and why, stay visible to the
-- participants.  Portable SQL; the append-only triggers are in the
-- .sqlite.sql / .pg.sql parts.
--
-- The Secretariat ends one publication of portal_publications (0043) with
-- a reason: from then it opens nothing (disclosure_portal_current()).  At
-- most one end per publication (UNIQUE: two Secretariat members ending it
-- at once cannot both succeed); publishing the same material again is a
-- new publication row, which can be ended in its turn.  Written by
-- review/disclosure_portal.c only.
CREATE TABLE portal_publication_ends (
	id          INTEGER PRIMARY KEY,
	publication INTEGER NOT NULL UNIQUE REFERENCES portal_publications(id),
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	note        TEXT NOT NULL,
	by_id       INTEGER NOT NULL,
	by_whom     TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX portal_publication_ends_reviewed ON portal_publication_ends (reviewed, id);

-- The later changes of a progress report's place in the public part,
-- after its first upload (followup_public, one row per report, 0043):
-- 'withdraw' (the reviewed State's focal point takes it out, with a
-- reason) and 'upload' (it puts it back).  The latest row is in force;
-- none: the first upload is.  The report itself stays in the follow-up
-- record (followup_reports) for the participants.  Written by
-- findings/followup_public.c only.
CREATE TABLE followup_public_changes (
	id          INTEGER PRIMARY KEY,
	report      INTEGER NOT NULL REFERENCES followup_reports(id),
	kind        TEXT NOT NULL CHECK (kind IN ('withdraw', 'upload')),
	note        TEXT NOT NULL,
	by_id       INTEGER NOT NULL,
	by_whom     TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX followup_public_changes_report ON followup_public_changes (report, id);
