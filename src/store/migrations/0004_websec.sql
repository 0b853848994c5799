-- 0004_websec: security review of the web platform (issue 4, findings 1,
-- 4 and 10).  Portable ALTER TABLE ... ADD COLUMN (SQLite and PostgreSQL).

-- What a failure counts against: 'password' or 'totp'.  The two are
-- counted separately per account, so that a correct password never resets
-- the count of wrong TOTP codes; the address counter takes both.
ALTER TABLE login_failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'password';

-- Wrong secrets (TOTP code, current password) given within one session;
-- the session ends after a few (docs/web.md).
ALTER TABLE sessions ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
