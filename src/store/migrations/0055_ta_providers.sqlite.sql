-- 0055_ta_providers, SQLite part: the register's versions, the choices and
-- the disseminations are never changed nor removed (every change kept).
CREATE TRIGGER ta_providers_no_update BEFORE UPDATE ON ta_providers
BEGIN
	SELECT RAISE(ABORT, 'ta_providers is append-only');
END;
CREATE TRIGGER ta_providers_no_delete BEFORE DELETE ON ta_providers
BEGIN
	SELECT RAISE(ABORT, 'ta_providers is append-only');
END;
CREATE TRIGGER ta_provider_versions_no_update BEFORE UPDATE ON ta_provider_versions
BEGIN
	SELECT RAISE(ABORT, 'ta_provider_versions is append-only');
END;
CREATE TRIGGER ta_provider_versions_no_delete BEFORE DELETE ON ta_provider_versions
BEGIN
	SELECT RAISE(ABORT, 'ta_provider_versions is append-only');
END;
CREATE TRIGGER ta_sharing_no_update BEFORE UPDATE ON ta_sharing
BEGIN
	SELECT RAISE(ABORT, 'ta_sharing is append-only');
END;
CREATE TRIGGER ta_sharing_no_delete BEFORE DELETE ON ta_sharing
BEGIN
	SELECT RAISE(ABORT, 'ta_sharing is append-only');
END;
CREATE TRIGGER ta_disseminations_no_update BEFORE UPDATE ON ta_disseminations
BEGIN
	SELECT RAISE(ABORT, 'ta_disseminations is append-only');
END;
CREATE TRIGGER ta_disseminations_no_delete BEFORE DELETE ON ta_disseminations
BEGIN
	SELECT RAISE(ABORT, 'ta_disseminations is append-only');
END;
