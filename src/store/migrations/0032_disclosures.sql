-- 0032_disclosures: the disclosure choices of reviewed States (issue 10;
-- annex paras 37, 40, 41; spec R98-R101, R103, B18).  Portable SQL; the
-- append-only triggers are in the .sqlite.sql / .pg.sql parts.
--
-- Every choice the reviewed State makes (through its named focal point)
-- is one row, never changed nor removed: what it concerns (its dialogue,
-- the documents of its answers, its submitted answers), for which phase
-- (0: every phase) and instrument ('' every one), and the choice: 'states'
-- (open to every State party, para 40), 'public' (disclosed, para 41),
-- 'portal' (the Secretariat asked to use it in the public part of the
-- portal, para 37) or 'withdraw' (ends an earlier choice of the same
-- scope).  The choice in force for a scope is its latest row.
CREATE TABLE disclosures (
	id          INTEGER PRIMARY KEY,
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	what        TEXT NOT NULL CHECK (what IN ('dialogue', 'documents', 'responses')),
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 4),
	instrument  TEXT NOT NULL,
	choice      TEXT NOT NULL CHECK (choice IN ('states', 'public', 'portal', 'withdraw')),
	note        TEXT NOT NULL,
	by_id       INTEGER NOT NULL,
	by_whom     TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX disclosures_reviewed ON disclosures (reviewed, id);
