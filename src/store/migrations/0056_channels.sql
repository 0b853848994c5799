-- 0056_channels: communication channels between the governmental experts
-- of a country review (issue 10; annex para 33; spec R95, R96, R97;
-- docs/channels.md).  An expert or focal point of a State taking part in
-- the review asks for a channel with some of the review's States and a
-- purpose; the Secretariat sets it up (an archive thread of instrument
-- 'channel', whose items are archived, sealed and audited like the
-- dialogue's) or declines it with a reason.  Both tables are append-only
-- (the backend parts add the triggers): a request and the one decision on
-- it are rows, never changed nor removed.  The purpose is sealed at rest
-- (response/seal.h, "rs1:" text).  Written by dialogue/channel.c only.
-- Portable SQL (SQLite and PostgreSQL).
CREATE TABLE channel_requests (
	id              INTEGER PRIMARY KEY,
	reviewed        TEXT NOT NULL REFERENCES parties(code),
	phase           INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
	states          TEXT NOT NULL,      -- comma list of alpha-3, sorted
	purpose         TEXT NOT NULL,      -- sealed
	by_id           INTEGER NOT NULL,
	by_whom         TEXT NOT NULL,
	by_state        TEXT NOT NULL,
	at              TEXT NOT NULL
);
CREATE INDEX channel_requests_review ON channel_requests (reviewed, phase, id);

CREATE TABLE channel_decisions (
	request         BIGINT PRIMARY KEY REFERENCES channel_requests(id),
	decision        TEXT NOT NULL CHECK (decision IN ('set_up', 'declined')),
	reason          TEXT NOT NULL,
	thread          BIGINT REFERENCES archive_threads(id),
	by_id           INTEGER NOT NULL,
	by_whom         TEXT NOT NULL,
	at              TEXT NOT NULL
);
