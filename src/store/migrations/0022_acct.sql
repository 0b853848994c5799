-- 0022_acct: the rest of the account life cycle (issue 8, item 2).
-- Portable SQLite/PostgreSQL.

-- Password reset by e-mail.  One row per request, whether or not the
-- address has an account (user_id NULL then, and the row is born used):
-- the same writes either way, so neither the answer nor its timing says
-- whether an account exists, and the rows are the throttle's count of
-- requests per address and per client.  Only the token's hash is kept;
-- a token is good once, for an hour.
CREATE TABLE password_resets (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	email      TEXT NOT NULL,
	user_id    INTEGER REFERENCES users (id),
	ip         TEXT NOT NULL,
	created    TEXT NOT NULL,
	expires    TEXT NOT NULL,
	used       TEXT
);
CREATE INDEX password_resets_email ON password_resets (email, created);
CREATE INDEX password_resets_ip ON password_resets (ip, created);

-- An invitation may carry the person's name and organisation (bulk
-- invitations from the nominations of a Note Verbale), the language of
-- its e-mail, which the account takes when it is accepted, and an
-- expert's instruments (R20; as users.instruments, '' = all).
ALTER TABLE invitations ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN instruments TEXT NOT NULL DEFAULT '';
