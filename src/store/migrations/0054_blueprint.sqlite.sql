-- 0054_blueprint, SQLite part: blueprint versions and the snapshot of what
-- a corrigendum keeps public are never changed nor removed.
CREATE TRIGGER blueprints_no_update BEFORE UPDATE ON blueprints
BEGIN
	SELECT RAISE(ABORT, 'blueprints is append-only');
END;
CREATE TRIGGER blueprints_no_delete BEFORE DELETE ON blueprints
BEGIN
	SELECT RAISE(ABORT, 'blueprints is append-only');
END;
CREATE TRIGGER summary_corrigendum_langs_no_update BEFORE UPDATE ON summary_corrigendum_langs
BEGIN
	SELECT RAISE(ABORT, 'summary_corrigendum_langs is append-only');
END;
CREATE TRIGGER summary_corrigendum_langs_no_delete BEFORE DELETE ON summary_corrigendum_langs
BEGIN
	SELECT RAISE(ABORT, 'summary_corrigendum_langs is append-only');
END;
