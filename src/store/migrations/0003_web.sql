-- 0003_web: accounts, sessions, API tokens, login throttling and the audit
-- log of the web platform (issue 4; spec R23-R27, R97, R103).
-- Times are ISO 8601 UTC text ("YYYY-MM-DDTHH:MM:SSZ"), which compares
-- correctly as text in both SQLite and PostgreSQL.

-- One row per person.  focal_point, expert and observer act for one State
-- (R17, R19, R26); secretariat and stakeholder do not (R23, R25).
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,        -- stored lower-case
	role          TEXT NOT NULL CHECK (role IN
	              ('secretariat', 'focal_point', 'expert', 'observer', 'stakeholder')),
	state         TEXT REFERENCES parties(code),
	pwhash        TEXT NOT NULL DEFAULT '',    -- Argon2id string; '' = no password yet
	lang          TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
	totp_secret   TEXT NOT NULL DEFAULT '',    -- base32; set while enrolling
	totp_enabled  INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
	totp_required INTEGER NOT NULL DEFAULT 0 CHECK (totp_required IN (0, 1)),
	totp_last_step INTEGER NOT NULL DEFAULT 0, -- refuses replay of a used code
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created       TEXT NOT NULL,
	CHECK ((role IN ('secretariat', 'stakeholder') AND state IS NULL) OR
	       (role IN ('focal_point', 'expert', 'observer') AND state IS NOT NULL))
);

-- Invitations sent by the Secretariat (R27): the link carries a random
-- token of which only the hash is kept; it expires after 10 days.
CREATE TABLE invitations (
	id          INTEGER PRIMARY KEY,
	token_hash  TEXT NOT NULL UNIQUE,
	email       TEXT NOT NULL,
	role        TEXT NOT NULL,
	state       TEXT REFERENCES parties(code),
	totp_required INTEGER NOT NULL DEFAULT 0,
	invited_by  INTEGER NOT NULL REFERENCES users(id),
	created     TEXT NOT NULL,
	expires     TEXT NOT NULL,
	used        TEXT                           -- when accepted; NULL while open
);

-- Sessions: the cookie holds a random token, the table its hash only.
CREATE TABLE sessions (
	token_hash  TEXT PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf        TEXT NOT NULL,
	mfa_pending INTEGER NOT NULL DEFAULT 0,    -- 1 until the TOTP code is given
	created     TEXT NOT NULL,
	last_seen   TEXT NOT NULL,                 -- idle expiry counts from here
	expires     TEXT NOT NULL,                 -- absolute expiry
	ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Personal API tokens, created and revoked by their owner.
CREATE TABLE api_tokens (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	token_hash  TEXT NOT NULL UNIQUE,
	created     TEXT NOT NULL,
	last_used   TEXT,
	revoked     TEXT
);

-- Failed logins, counted per account and per address over a window.
CREATE TABLE login_failures (
	id    INTEGER PRIMARY KEY,
	email TEXT NOT NULL,
	ip    TEXT NOT NULL,
	at    TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

-- Audit log (R97, R103): who, when, what, from where.  Append-only: the
-- triggers of 0003_web.sqlite.sql and 0003_web.pg.sql refuse any change or
-- deletion, whoever asks.
CREATE TABLE audit_log (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,                     -- e-mail, or '-' for anonymous
	ip      TEXT NOT NULL,
	action  TEXT NOT NULL,                     -- e.g. login.ok, user.create
	object  TEXT NOT NULL DEFAULT '',
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);

-- The dashboard and GET /api/v1/reviews look up the current draw on every
-- request.  lots_draws.status comes after the large result and roster_csv
-- columns, so without an index each look-up walks their overflow pages.
-- (Table of issue 3, migration 0002; the index is proposed there too.)
CREATE INDEX lots_draws_status ON lots_draws(status);

-- GET /api/v1/reviews and the dashboard find the reviews a State takes part
-- in as a reviewer: without this index each request walks every active
-- assignment of the current draw.  (Index only: no change of meaning.)
CREATE INDEX IF NOT EXISTS lots_assignments_reviewer
	ON lots_assignments(draw_id, status, reviewer);
