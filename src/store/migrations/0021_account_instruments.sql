-- 0021_account_instruments: the instruments a governmental expert acts
-- for (issue 9; annex paras 18, 20; spec R20).  A comma-separated list of
-- instruments.code in the order of table 1 ("untoc,tip"); '' means every
-- instrument its State is party to, which is the default of para 18.
-- Portable SQL (SQLite and PostgreSQL).
ALTER TABLE users ADD COLUMN instruments TEXT NOT NULL DEFAULT '';
