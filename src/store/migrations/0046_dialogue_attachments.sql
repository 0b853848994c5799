-- 0046_dialogue_attachments: a document sent with a message of the
-- dialogue (issue 10, disc2; annex paras 36, 41; spec R94, R101).  The
-- archive keeps the document as a record of its own (archive_records,
-- kind 'attachment'); this row says which message of the same thread it
-- was sent with, so that a message disclosed alone opens its documents
-- too and nothing else (docs/disclosure.md).  Written in the transaction
-- that archives the document, never changed nor removed (the backend
-- parts add the triggers).  Portable SQL (SQLite and PostgreSQL).
CREATE TABLE dialogue_attachments (
	record      BIGINT PRIMARY KEY REFERENCES archive_records(seq),
	message     BIGINT NOT NULL REFERENCES archive_records(seq),
	at          TEXT NOT NULL
);
CREATE INDEX dialogue_attachments_message ON dialogue_attachments (message);
