-- 0055_ta_providers: the register of technical-assistance providers and
-- the dissemination of the needs to them (issue 10; R116, R117, R122;
-- annex paras 44-45; resolution 9/1 docs ¶115: "UNODC disseminates
-- identified TA needs to potential TA providers, including through field
-- offices").  docs/followup.md.  Portable SQL; the append-only triggers
-- are in the .sqlite.sql / .pg.sql parts.  Written by findings/providers.c
-- and findings/followup_ta.c only.

-- A provider of the register (the Secretariat's): its identity only; what
-- it is is its latest version.
CREATE TABLE ta_providers (
	id         INTEGER PRIMARY KEY,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);

-- Every version of a provider (every change kept): name, kind, the address
-- the needs are sent to, the language of its mail, the regional groups
-- (regional_groups.code) and instruments (instruments.code) of interest as
-- comma lists ('' any), active or not.  The latest row is in force.
CREATE TABLE ta_provider_versions (
	id          INTEGER PRIMARY KEY,
	provider_id BIGINT NOT NULL REFERENCES ta_providers(id),
	name        TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('government', 'igo', 'bank', 'ngo',
					      'field_office')),
	contact     TEXT NOT NULL,
	lang        TEXT NOT NULL DEFAULT 'en',
	regions     TEXT NOT NULL DEFAULT '',
	instruments TEXT NOT NULL DEFAULT '',
	active      INTEGER NOT NULL CHECK (active IN (0, 1)),
	at          TEXT NOT NULL,
	by_whom     TEXT NOT NULL
);
CREATE INDEX ta_provider_versions_by_provider ON ta_provider_versions (provider_id, id);

-- The reviewed State's choice "share my technical-assistance needs with
-- providers" (R117): share 1 or 0, who, when, the reference of its written
-- request when the Secretariat records it.  The latest row is in force;
-- none: shared (the default, docs/followup.md).
CREATE TABLE ta_sharing (
	id        INTEGER PRIMARY KEY,
	reviewed  TEXT NOT NULL REFERENCES parties(code),
	share     INTEGER NOT NULL CHECK (share IN (0, 1)),
	reference TEXT NOT NULL DEFAULT '',
	by_id     BIGINT NOT NULL,
	by_whom   TEXT NOT NULL,
	at        TEXT NOT NULL
);
CREATE INDEX ta_sharing_by_state ON ta_sharing (reviewed, id);

-- One row per provider per dissemination (batch: the dissemination, one
-- number for the providers sent to at once): the needs sent (JSON array of
-- item keys of list_version), the provider's version the mail went to, the
-- outbox row of the mail, when, by whom.
CREATE TABLE ta_disseminations (
	id               INTEGER PRIMARY KEY,
	batch            BIGINT NOT NULL,
	list_id          BIGINT NOT NULL REFERENCES obs_lists(id),
	list_version     INTEGER NOT NULL,
	provider_id      BIGINT NOT NULL REFERENCES ta_providers(id),
	provider_version BIGINT NOT NULL REFERENCES ta_provider_versions(id),
	needs            TEXT NOT NULL,
	outbox_id        BIGINT NOT NULL,
	at               TEXT NOT NULL,
	by_whom          TEXT NOT NULL
);
CREATE INDEX ta_disseminations_by_list ON ta_disseminations (list_id, id);

-- R116: a request may name a provider of the register; older rows keep
-- their provider as free text only (provider_id NULL).
ALTER TABLE ta_requests ADD COLUMN provider_id BIGINT REFERENCES ta_providers(id);
