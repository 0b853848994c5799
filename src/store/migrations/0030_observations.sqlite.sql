-- 0030_observations, SQLite part: observations are append-only.
CREATE TRIGGER dialogue_observations_no_update BEFORE UPDATE ON dialogue_observations
BEGIN
	SELECT RAISE(ABORT, 'dialogue_observations is append-only');
END;
CREATE TRIGGER dialogue_observations_no_delete BEFORE DELETE ON dialogue_observations
BEGIN
	SELECT RAISE(ABORT, 'dialogue_observations is append-only');
END;
