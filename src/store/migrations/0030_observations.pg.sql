-- 0030_observations, PostgreSQL part: observations are append-only
-- (archive_append_only() is migration 0025's); TRUNCATE is refused too.
CREATE TRIGGER dialogue_observations_no_update BEFORE UPDATE ON dialogue_observations
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER dialogue_observations_no_delete BEFORE DELETE ON dialogue_observations
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER dialogue_observations_no_truncate BEFORE TRUNCATE ON dialogue_observations
	FOR EACH STATEMENT EXECUTE FUNCTION archive_append_only();
