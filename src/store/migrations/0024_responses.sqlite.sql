-- 0024_responses (SQLite part): attachments, stored under a random id
-- (never a guessable path), their type checked on the content and their
-- SHA-256 recorded (R74; issue 9).
CREATE TABLE attachments (
	id          TEXT PRIMARY KEY CHECK (length(id) = 32),
	reviewed    TEXT NOT NULL REFERENCES parties(code),
	phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	question    TEXT NOT NULL,
	instrument  TEXT NOT NULL REFERENCES instruments(code),
	filename    TEXT NOT NULL,
	ctype       TEXT NOT NULL,
	size        INTEGER NOT NULL CHECK (size > 0),
	sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
	content     BLOB NOT NULL,
	uploaded_at TEXT NOT NULL,
	uploaded_by TEXT NOT NULL
);
CREATE INDEX attachments_by_question ON attachments (reviewed, phase, question);
