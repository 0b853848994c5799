-- 0054_blueprint, PostgreSQL part: blueprint versions and the snapshot of
-- what a corrigendum keeps public are never changed nor removed
-- (summary_append_only() is 0026's).
CREATE TRIGGER blueprints_no_update BEFORE UPDATE OR DELETE ON blueprints
	FOR EACH ROW EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER blueprints_no_truncate BEFORE TRUNCATE ON blueprints
	FOR EACH STATEMENT EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER summary_corrigendum_langs_no_update BEFORE UPDATE OR DELETE
	ON summary_corrigendum_langs FOR EACH ROW EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER summary_corrigendum_langs_no_truncate BEFORE TRUNCATE ON summary_corrigendum_langs
	FOR EACH STATEMENT EXECUTE FUNCTION summary_append_only();
