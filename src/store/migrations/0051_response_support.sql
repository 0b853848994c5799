-- 0051_response_support: the reviewed State's requests for the
-- Secretariat's support on its draft responses (issue 10, probe s8 F23;
-- appendix B18 "Draft responses": the Secretariat sees them "on request
-- (support)"; annex para 34).  Append-only: a request ('ask', with its
-- reason) and its end ('end', with its reason) are rows; the latest row of
-- a review's phase is in force, none: no request.  While one is in force
-- the Secretariat reads the drafts (access/, ACCESS_RESPONSE_READ);
-- otherwise the submitted responses only.  Written by
-- response/support.c only.  Portable SQL; the append-only triggers are in
-- the .sqlite.sql / .pg.sql parts.
CREATE TABLE response_support_requests (
	id          INTEGER PRIMARY KEY,
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	kind        TEXT NOT NULL CHECK (kind IN ('ask', 'end')),
	reason      TEXT NOT NULL,
	by_id       INTEGER NOT NULL,
	by_whom     TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX response_support_requests_review ON response_support_requests (reviewed, phase, id);
