-- 0007_creds: personal API tokens expire (issue 8, item 5: the outside
-- probe found that they never did).  The owner chooses the lifetime at
-- creation (default 90 days, at most one year); ISO 8601 UTC text like
-- every time here.  Tokens made before this migration have no expiry
-- stored and are taken to expire one year after their creation
-- (apitoken_lookup), so none lives on forever and none dies at upgrade.
-- Portable SQLite/PostgreSQL.
ALTER TABLE api_tokens ADD COLUMN expires TEXT;

-- Addresses from which an account completed a login (password and, when
-- on, TOTP code).  Wrong passwords counted across addresses slow and block
-- only other addresses, so that an attacker elsewhere cannot lock the
-- owner out of their own (issue 8, outside probe; docs/web.md).
CREATE TABLE known_addresses (
	email   TEXT NOT NULL,
	ip      TEXT NOT NULL,
	last_ok TEXT NOT NULL,
	PRIMARY KEY (email, ip)
);
