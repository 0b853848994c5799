-- 0006_mail: the outbox of e-mail (issue 8, item 1) and the contact
-- details of accounts (issue 8, item 2).  Portable SQLite/PostgreSQL.

-- One row per message.  Written in the transaction of the change that
-- causes it, so a message exists exactly when its cause does.  The sender
-- claims a row (queued -> sending, with its claim token), delivers it and
-- marks it sent at once; a claim older than the lease (a sender that died)
-- goes back to queued.  'failed' rows wait for `revmech mail retry`.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	recipient    TEXT NOT NULL,
	lang         TEXT NOT NULL DEFAULT 'en',
	subject      TEXT NOT NULL,
	body         TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'queued'
	             CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt TEXT NOT NULL,
	claim        TEXT,
	claimed_at   TEXT,
	last_error   TEXT NOT NULL DEFAULT '',
	created      TEXT NOT NULL,
	sent_at      TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt);

ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

-- A revoked invitation's link is dead at once (issue 8, item 2).
ALTER TABLE invitations ADD COLUMN revoked TEXT;
